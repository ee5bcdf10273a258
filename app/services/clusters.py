"""Cụm, khối thi đua: the yearly groups of units that emulate together, their pledge (giao ước), the score
sheet (bảng chấm điểm), the scores, the ranking and the year-end suy tôn.

    list_clusters(ctx, year)                      # the year's clusters, with leader and deputy
    cluster_detail(ctx, cluster_id)               # members, pledge, sheet, scores, ranking: one read
    create_cluster / update_cluster / delete_cluster
    proposed_roles(ctx, year)                     # next year's leader and deputy, from each block's rule
    copy_clusters_to_year(ctx, year, year + 1, roles={cluster_id: (leader, deputy)})
    save_pledge / register_pledge / link_pledge_document
    parse_sheet(text) -> save_sheet(ctx, cluster_id, criteria)
    save_scores(ctx, cluster_id, [ScoreEntry(...)])
    propose(ctx, cluster_id, {member_id: "CO_TINH"}, limits={"CO_TINH": 1})

A member is an organisation (MemberRef): a unit of the Sở, an outside organisation (another department, a city
agency: app.services.outside_organisations), or the Sở itself; scores and proposals are keyed by the member
row (MemberInfo.id). A penalty line (điểm trừ) has negative maximum points: its points run from that maximum
to 0 and subtract from the total.

Points are Decimals with two places, as the database keeps them, so equal totals are equal (no float
drift) and ties rank as ties: competition ranking, "1, 2, 2, 4", tied units listed by name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.documents.pledge_document import pledge_document, pledge_register_subject
from app.documents.state.builders import agency_phrase
from app.documents.state.model import StateDocument, signature_lines
from app.documents.state.stored import snapshot
from app.domain.agency import LevelWording
from app.domain.clusters import MemberInfo, MemberRef
from app.domain.permissions import Permission, use_case
from app.domain.register import number_text
from app.errors import ValidationError
from app.services.agency import session_wording
from app.services.context import ServiceContext, clean_input
from app.services.register import register_document
from app.services.versions import check_version, touch
from app.text import clean, fold, vietnamese_key
from app.text.numbers import decimal_text, parse_decimal
from database.enums import ClusterKind, ClusterRole, ClusterRotation, DocumentKind, MemberKind, UnitStatus
from database.models import (
    Agency,
    AwardType,
    Cluster,
    ClusterMember,
    Criterion,
    OutgoingDocument,
    OutsideOrganisation,
    Pledge,
    Registration,
    Score,
    Signer,
    Unit,
)

# What a cluster's year-end meeting may propose for its leading units: the Cờ thi đua it leads for, or a
# Bằng khen for the runners-up. Cờ thi đua Chính phủ is chosen among the Cờ holders, not by a cluster.
FLAG_CODES = ("CO_TINH", "CO_BO")
COMMENDATION_CODES = ("BK_TINH", "BK_BO")
PROPOSABLE = FLAG_CODES + COMMENDATION_CODES
CENT = Decimal("0.01")
MAX_POINTS = Decimal("999999.99")  # Numeric(8, 2)
PLEDGE_SYMBOL = "GƯTĐ"  # ký hiệu of a giao ước entered in the register: 03/GƯTĐ-SYT


# --- members: organisations ------------------------------------------------------------------------------


AGENCY_MEMBER = MemberRef(MemberKind.AGENCY)
HEAD_OF_UNIT = "Thủ trưởng đơn vị"  # the title under a unit's name when its head's is not known


def _ref(row: ClusterMember) -> MemberRef:
    if row.is_agency:
        return AGENCY_MEMBER
    if row.outside_id is not None:
        return MemberRef.outside(row.outside_id)
    return MemberRef.unit(row.unit_id)


def cluster_title(kind: ClusterKind, name: str) -> str:
    """ "Khối thi đua số 9" as it is; "Các bệnh viện tuyến tỉnh" → "Cụm thi đua các bệnh viện tuyến
    tỉnh": the kind is written once, never "Khối thi đua Khối thi đua số 9"."""
    name = name.strip()
    if fold(name).startswith(("cum", "khoi")):
        return name
    return f"{kind.label} {name[:1].lower()}{name[1:]}"


# --- what the page reads ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClusterSummary:
    id: int
    year: int
    name: str
    kind: ClusterKind
    members: int
    leader: str | None
    deputy: str | None
    proposed: int  # members the year-end meeting proposed for an award
    criteria: int


@dataclass(frozen=True)
class PledgeInfo:
    signed_on: dt.date | None
    content: str
    document_id: int | None
    reference: str | None  # "03/GƯTĐ-SYT ngày 12/03/2025": the register entry it is linked to
    file_name: str | None  # the signed scan kept with that entry
    version: int = 1  # the pledge's, handed back to save_pledge (app.services.versions)


@dataclass(frozen=True)
class CriterionInfo:
    id: int
    group: str
    code: str
    text: str
    max_points: Decimal


@dataclass(frozen=True)
class CriteriaGroup:
    name: str
    criteria: tuple[CriterionInfo, ...]

    @property
    def max_points(self) -> Decimal:
        """The group's points as the sheet writes them: a penalty group's are negative (−10)."""
        return sum((c.max_points for c in self.criteria), Decimal(0))

    def heading(self, n: int) -> str:
        """ "I. Thực hiện nhiệm vụ chính trị": numbered once; a group typed with its own number keeps it,
        one typed without gets the n-th (0-based) Roman numeral."""
        if _GROUP.match(self.name) and not _ITEM.match(self.name):
            return self.name
        return f"{roman(n + 1)}. {self.name}"


def roman(n: int) -> str:
    out = ""
    for value, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


@dataclass(frozen=True)
class ScoreCell:
    self_points: Decimal | None = None
    assessed_points: Decimal | None = None

    @property
    def final(self) -> Decimal | None:
        """The cluster's assessment where it gave one, else what the unit gave itself."""
        return self.assessed_points if self.assessed_points is not None else self.self_points


@dataclass(frozen=True)
class RankedMember:
    rank: int | None  # None: not scored yet
    tied: bool
    member_id: int
    name: str
    role: ClusterRole
    self_total: Decimal
    assessed_total: Decimal | None  # None when the cluster assessed nothing
    final_total: Decimal
    proposed_code: str | None


@dataclass(frozen=True)
class ClusterDetail:
    id: int
    year: int
    name: str
    kind: ClusterKind
    note: str
    members: tuple[MemberInfo, ...]
    pledge: PledgeInfo | None
    groups: tuple[CriteriaGroup, ...]
    scores: Mapping[tuple[int, int], ScoreCell]  # (criterion id, unit id) -> points
    ranking: tuple[RankedMember, ...]
    award_names: Mapping[str, str] = field(default_factory=dict)  # the codes a suy tôn may propose
    version: int = 1  # the cluster's, handed back to update_cluster (app.services.versions)
    rotation: ClusterRotation = ClusterRotation.NONE
    # Units of the Sở in it with no registration for the year: only the Sở's own units owe one.
    unregistered: tuple[int, ...] = ()  # member ids

    @property
    def title(self) -> str:
        return cluster_title(self.kind, self.name)

    def member(self, role: ClusterRole) -> MemberInfo | None:
        return next((m for m in self.members if m.role is role), None)

    @property
    def criteria(self) -> tuple[CriterionInfo, ...]:
        return tuple(c for g in self.groups for c in g.criteria)

    @property
    def max_total(self) -> Decimal:
        """The most a member can reach: penalty lines take nothing from it."""
        return sum((c.max_points for c in self.criteria if c.max_points > 0), Decimal(0))


# --- reading ---------------------------------------------------------------------------------------------


def cluster_years(ctx: ServiceContext) -> list[int]:
    with ctx.read() as s:
        return list(s.scalars(select(Cluster.year).distinct().order_by(Cluster.year.desc())))


def list_clusters(ctx: ServiceContext, year: int) -> list[ClusterSummary]:
    """The clusters and blocks of a year, by name; a few queries whatever their number."""
    with ctx.read() as s:
        clusters = s.execute(select(Cluster.id, Cluster.name, Cluster.kind).where(Cluster.year == year)).all()
        ids = [c.id for c in clusters]
        members = _members(s, ids)
        criteria = dict(
            s.execute(
                select(Criterion.cluster_id, func.count())
                .where(Criterion.cluster_id.in_(ids))
                .group_by(Criterion.cluster_id)
            ).all()
        )

    def holder(rows: list[MemberInfo], role: ClusterRole) -> str | None:
        return next((m.name for m in rows if m.role is role), None)

    found = [
        ClusterSummary(
            c.id,
            year,
            c.name,
            c.kind,
            len(members[c.id]),
            holder(members[c.id], ClusterRole.LEADER),
            holder(members[c.id], ClusterRole.DEPUTY),
            sum(1 for m in members[c.id] if m.proposed_code),
            criteria.get(c.id, 0),
        )
        for c in clusters
    ]
    return sorted(found, key=lambda c: (vietnamese_key(c.name), c.id))


def _cluster(s: Session, cluster_id: int) -> Cluster:
    cluster = s.get(Cluster, cluster_id)
    if cluster is None:
        raise ValidationError(
            "Không tìm thấy cụm, khối thi đua này (có thể người khác vừa xóa). Hãy làm mới trang."
        )
    return cluster


def _points(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(CENT)


def agency_member_name(name: str, wording: LevelWording) -> str:
    """The Sở as a member of a block, named as the other members and the block's papers (pledge, lists,
    ranking) name it: with its place, "Sở Y tế Hà Nội", not the "Sở Y tế" of its own documents."""
    return wording.with_place(agency_phrase(name))


def _agency_member(s: Session) -> tuple[str, tuple[str, ...], str]:
    """The Sở as a member: its name as outsiders read it ("Sở Y tế Hà Nội"), and its default signer's title lines and
    name (KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC)."""
    agency = s.scalar(select(Agency).limit(1))
    signer = s.scalar(
        select(Signer).where(Signer.active.is_(True)).order_by(Signer.is_default.desc(), Signer.sort_order)
    )
    name = agency_member_name(agency.name, session_wording(s)) if agency is not None else "Cơ quan Sở"
    if signer is None:
        return name, (), ""
    return (
        name,
        signature_lines(signer.position_title, signer.authority, signer.authority_title),
        signer.full_name,
    )


def _members(s: Session, cluster_ids: Sequence[int]) -> dict[int, list[MemberInfo]]:
    """The members of each cluster, in the members' order, with what the pages and the pledge print."""
    codes = dict(s.execute(select(AwardType.id, AwardType.code)).all())
    award_names = dict(
        s.execute(select(AwardType.code, AwardType.name).where(AwardType.code.in_(PROPOSABLE))).all()
    )
    rows = s.execute(
        select(ClusterMember, Unit, OutsideOrganisation)
        .outerjoin(Unit, Unit.id == ClusterMember.unit_id)
        .outerjoin(OutsideOrganisation, OutsideOrganisation.id == ClusterMember.outside_id)
        .where(ClusterMember.cluster_id.in_(list(cluster_ids)))
        .order_by(ClusterMember.cluster_id, ClusterMember.sort_order, ClusterMember.id)
    ).all()
    agency = _agency_member(s) if any(m.is_agency for m, _, _ in rows) else None
    found: dict[int, list[MemberInfo]] = {i: [] for i in cluster_ids}
    for member, unit, outside in rows:
        if member.is_agency:
            name, short, active = agency[0], agency[0], True
            titles, signer = agency[1], agency[2]
        elif outside is not None:
            name, short, active = outside.name, outside.short_name or outside.name, True
            if outside.signer_name:
                titles, signer = (outside.signer_title or outside.head_title or "",), outside.signer_name
            else:
                titles, signer = (outside.head_title or "",), outside.head_name or ""
        else:
            name, short, active = unit.name, unit.short_name or unit.name, unit.status is UnitStatus.ACTIVE
            titles, signer = (HEAD_OF_UNIT,), unit.head_name or ""
        code = codes.get(member.proposed_award_type_id)
        found[member.cluster_id].append(
            MemberInfo(
                member.id,
                _ref(member),
                name,
                short,
                member.role,
                active,
                code,
                award_names.get(code),
                tuple(t for t in titles if t),
                signer,
            )
        )
    return found


def cluster_detail(ctx: ServiceContext, cluster_id: int) -> ClusterDetail:
    with ctx.read() as s:
        cluster = _cluster(s, cluster_id)
        award_names = dict(
            s.execute(select(AwardType.code, AwardType.name).where(AwardType.code.in_(PROPOSABLE))).all()
        )
        members = _members(s, [cluster_id])[cluster_id]
        rows = s.execute(
            select(Criterion.id, Criterion.group_name, Criterion.code, Criterion.text, Criterion.max_points)
            .where(Criterion.cluster_id == cluster_id)
            .order_by(Criterion.sort_order, Criterion.id)
        ).all()
        scores = {
            (r.criterion_id, r.member_id): ScoreCell(_points(r.self_points), _points(r.assessed_points))
            for r in s.execute(
                select(Score.criterion_id, Score.member_id, Score.self_points, Score.assessed_points)
                .join(Criterion, Criterion.id == Score.criterion_id)
                .where(Criterion.cluster_id == cluster_id)
            )
        }
        registered = set(
            s.scalars(
                select(Registration.unit_id).where(
                    Registration.year == cluster.year,
                    Registration.unit_id.in_([m.unit_id for m in members if m.unit_id is not None]),
                )
            )
        )
        pledge = _pledge_info(s, cluster_id)
        year, name, kind, note, version, rotation = (
            cluster.year,
            cluster.name,
            cluster.kind,
            cluster.note or "",
            cluster.version,
            cluster.rotation,
        )
    groups: dict[str, list[CriterionInfo]] = {}
    for r in rows:
        groups.setdefault(r.group_name, []).append(
            CriterionInfo(r.id, r.group_name, r.code or "", r.text, _points(r.max_points))
        )
    criterion_ids = [r.id for r in rows]
    return ClusterDetail(
        cluster_id,
        year,
        name,
        kind,
        note,
        tuple(members),
        pledge,
        tuple(CriteriaGroup(g, tuple(cs)) for g, cs in groups.items()),
        scores,
        rank_members(members, criterion_ids, scores),
        award_names,
        version,
        rotation,
        tuple(m.id for m in members if m.unit_id is not None and m.unit_id not in registered),
    )


def rank_members(
    members: Sequence[MemberInfo], criterion_ids: Sequence[int], scores: Mapping[tuple[int, int], ScoreCell]
) -> tuple[RankedMember, ...]:
    """Totals and ranks: by final total, highest first; equal totals share a rank and the next rank skips
    (1, 2, 2, 4); units with no points at all are listed last, unranked."""
    rows = []
    for m in members:
        cells = [scores[(c, m.id)] for c in criterion_ids if (c, m.id) in scores]
        own = [c.self_points for c in cells if c.self_points is not None]
        assessed = [c.assessed_points for c in cells if c.assessed_points is not None]
        finals = [c.final for c in cells if c.final is not None]
        rows.append(
            (
                m,
                sum(own, Decimal(0)),
                sum(assessed, Decimal(0)) if assessed else None,
                sum(finals, Decimal(0)),
                bool(finals),
            )
        )
    scored = sorted((r for r in rows if r[4]), key=lambda r: (-r[3], vietnamese_key(r[0].name), r[0].id))
    unscored = sorted((r for r in rows if not r[4]), key=lambda r: (vietnamese_key(r[0].name), r[0].id))
    totals = [r[3] for r in scored]
    ranked = []
    for m, own, assessed, final, _ in scored:
        rank = totals.index(final) + 1  # the first place with this total: competition ranking
        ranked.append(
            RankedMember(
                rank,
                totals.count(final) > 1,
                m.id,
                m.name,
                m.role,
                own,
                assessed,
                final,
                m.proposed_code,
            )
        )
    ranked += [
        RankedMember(None, False, m.id, m.name, m.role, own, assessed, final, m.proposed_code)
        for m, own, assessed, final, _ in unscored
    ]
    return tuple(ranked)


def _pledge_info(s: Session, cluster_id: int) -> PledgeInfo | None:
    pledge = s.scalar(select(Pledge).where(Pledge.cluster_id == cluster_id).order_by(Pledge.id).limit(1))
    if pledge is None:
        return None
    reference = file_name = None
    if pledge.document_id is not None:
        doc = s.get(OutgoingDocument, pledge.document_id)
        if doc is not None:
            reference = _reference(doc)
            file_name = doc.file_name
    return PledgeInfo(
        pledge.signed_on, pledge.content or "", pledge.document_id, reference, file_name, pledge.version
    )


def _reference(doc: OutgoingDocument) -> str:
    number = number_text(doc.number, doc.symbol) if doc.number else f"(chưa có số) {doc.symbol}"
    day = f" ngày {doc.issued_on:%d/%m/%Y}" if doc.issued_on else ""
    return number + day


# --- clusters and their members ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ClusterData:
    """What the clerk types about a cluster: members in their order (a unit's id, or a MemberRef for an
    outside organisation or the Sở), leader and deputy among them, and the rule for next year's roles."""

    year: int
    name: str
    kind: ClusterKind
    members: tuple[MemberRef | int, ...]
    leader_id: MemberRef | int | None = None
    deputy_id: MemberRef | int | None = None
    note: str | None = None
    rotation: ClusterRotation = ClusterRotation.NONE

    @property
    def refs(self) -> tuple[MemberRef, ...]:
        return tuple(dict.fromkeys(MemberRef.of(m) for m in self.members))

    @property
    def leader(self) -> MemberRef | None:
        return MemberRef.of(self.leader_id)

    @property
    def deputy(self) -> MemberRef | None:
        return MemberRef.of(self.deputy_id)


def _check_cluster(s: Session, data: ClusterData, cluster_id: int | None) -> ClusterData:
    data = clean_input(data)
    if not data.name:
        raise ValidationError("Cần nhập tên cụm, khối thi đua.")
    if len(data.name) > 200:
        raise ValidationError("Tên cụm, khối thi đua dài quá 200 ký tự.")
    if not 1945 <= data.year <= 2200:
        raise ValidationError(f"Năm {data.year} không hợp lệ.")
    members = data.refs
    if not members:
        raise ValidationError("Cụm, khối thi đua cần có ít nhất một thành viên.")
    units = [m.id for m in members if m.kind is MemberKind.UNIT]
    outside = [m.id for m in members if m.kind is MemberKind.OUTSIDE]
    known_units = set(s.scalars(select(Unit.id).where(Unit.id.in_(units))))
    known_outside = set(s.scalars(select(OutsideOrganisation.id).where(OutsideOrganisation.id.in_(outside))))
    if len(known_units) != len(units) or len(known_outside) != len(outside):
        raise ValidationError(
            "Có thành viên không còn trong danh sách đơn vị, cơ quan; hãy làm mới và chọn lại."
        )
    if AGENCY_MEMBER in members and s.scalar(select(Agency.id).limit(1)) is None:
        raise ValidationError(
            "Chưa nhập thông tin cơ quan Sở (Cài đặt) nên chưa chọn Sở làm thành viên được."
        )
    for role, ref in (("cụm, khối trưởng", data.leader), ("cụm, khối phó", data.deputy)):
        if ref is not None and ref not in members:
            raise ValidationError(f"Đơn vị làm {role} phải là thành viên của cụm, khối.")
    if data.leader is not None and data.leader == data.deputy:
        raise ValidationError("Cụm, khối trưởng và cụm, khối phó phải là hai đơn vị khác nhau.")
    clash = s.scalar(
        select(Cluster.id).where(
            Cluster.year == data.year, Cluster.name == data.name, Cluster.id != (cluster_id or 0)
        )
    )
    if clash is not None:
        raise ValidationError(f"Năm {data.year} đã có “{data.name}”; hãy đặt tên khác.")
    return ClusterData(
        data.year, data.name, data.kind, members, data.leader, data.deputy, data.note or None, data.rotation
    )


def _role(ref: MemberRef, leader: MemberRef | None, deputy: MemberRef | None) -> ClusterRole:
    if ref == leader:
        return ClusterRole.LEADER
    return ClusterRole.DEPUTY if ref == deputy else ClusterRole.MEMBER


def _new_member(ref: MemberRef, role: ClusterRole, order: int) -> ClusterMember:
    return ClusterMember(
        unit_id=ref.id if ref.kind is MemberKind.UNIT else None,
        outside_id=ref.id if ref.kind is MemberKind.OUTSIDE else None,
        is_agency=ref.kind is MemberKind.AGENCY,
        role=role,
        sort_order=order,
    )


@use_case(Permission.DESK)
def create_cluster(ctx: ServiceContext, data: ClusterData) -> int:
    with ctx.write(f"Lập cụm, khối thi đua {data.name} năm {data.year}") as s:
        data = _check_cluster(s, data, None)
        cluster = Cluster(
            year=data.year, name=data.name, kind=data.kind, note=data.note, rotation=data.rotation
        )
        cluster.members = [
            _new_member(r, _role(r, data.leader, data.deputy), n) for n, r in enumerate(data.refs, start=1)
        ]
        s.add(cluster)
        s.flush()
        return cluster.id


@use_case(Permission.DESK)
def update_cluster(
    ctx: ServiceContext, cluster_id: int, data: ClusterData, expected_version: int | None = None
) -> None:
    """Rename, change members, their order and roles. A member taken out loses its points in this cluster
    (the audit trail keeps them); its suy tôn goes with it. `expected_version`: the version the form loaded
    (StaleRecord if another clerk saved since); a change of members alone counts as a change of the cluster."""
    with ctx.write(f"Sửa cụm, khối thi đua {data.name} năm {data.year}") as s:
        cluster = _cluster(s, cluster_id)
        check_version(s, cluster, expected_version)
        data = _check_cluster(s, data, cluster_id)
        cluster.year, cluster.name, cluster.kind, cluster.note = data.year, data.name, data.kind, data.note
        cluster.rotation = data.rotation
        current = {_ref(m): m for m in cluster.members}
        gone = [current[r] for r in current if r not in data.refs]
        if gone:
            _drop_scores(s, cluster_id, members=[m.id for m in gone])
        for m in gone:
            cluster.members.remove(m)
        # Clear roles first: the one-leader index must not see two leaders inside the flush.
        for m in cluster.members:
            m.role = ClusterRole.MEMBER
        s.flush()
        for order, ref in enumerate(data.refs, start=1):
            role = _role(ref, data.leader, data.deputy)
            if ref in current:
                current[ref].role, current[ref].sort_order = role, order
            else:
                cluster.members.append(_new_member(ref, role, order))
        touch(s, cluster)


def _drop_scores(
    s: Session, cluster_id: int, members: Iterable[int] | None = None, criteria: Iterable[int] | None = None
) -> None:
    ids = select(Criterion.id).where(Criterion.cluster_id == cluster_id)
    if criteria is not None:
        ids = ids.where(Criterion.id.in_(list(criteria)))
    query = select(Score).where(Score.criterion_id.in_(ids))
    if members is not None:
        query = query.where(Score.member_id.in_(list(members)))
    for score in s.scalars(query):
        s.delete(score)  # through the ORM: each deleted score gets its audit row
    s.flush()


@use_case(Permission.DESK)
def delete_cluster(ctx: ServiceContext, cluster_id: int) -> None:
    """A cluster entered by mistake; one whose meeting has proposed awards is kept (the proposals feed the
    eligibility checks) until the proposals are withdrawn."""
    with ctx.write("Xóa cụm, khối thi đua") as s:
        cluster = _cluster(s, cluster_id)
        if any(m.proposed_award_type_id for m in cluster.members):
            raise ValidationError(
                f"“{cluster.name}” đã suy tôn đơn vị đề nghị khen thưởng; hãy bỏ suy tôn trước khi xóa."
            )
        _drop_scores(s, cluster_id)
        for row in s.scalars(select(Criterion).where(Criterion.cluster_id == cluster_id)):
            s.delete(row)
        for row in s.scalars(select(Pledge).where(Pledge.cluster_id == cluster_id)):
            s.delete(row)
        s.delete(cluster)


# --- next year: the same blocks, leader and deputy chosen by the clerk -------------------------------------


@dataclass(frozen=True)
class CopyResult:
    created: tuple[int, ...]
    skipped: tuple[str, ...]  # names the target year has already


@dataclass(frozen=True)
class RoleProposal:
    """What copying a cluster to next year proposes; the clerk may choose other members."""

    cluster_id: int
    name: str
    rotation: ClusterRotation
    members: tuple[MemberInfo, ...]  # those that go on (units that ended are left out)
    leader: MemberRef | None
    deputy: MemberRef | None


def next_roles(
    rotation: ClusterRotation,
    order: Sequence[MemberRef],
    leader: MemberRef | None,
    deputy: MemberRef | None,
    alive: Iterable[MemberRef] | None = None,
) -> tuple[MemberRef | None, MemberRef | None]:
    """The block's rule for next year, over the members in their order (`alive`: those that go on; all by
    default). Rotation in the members' order: the leader's place passes to the next member that goes on,
    the deputy's to the one after that. No rule: the same leader and deputy while they go on, until the
    clerk chooses others."""
    alive = set(order if alive is None else alive)
    living = [r for r in order if r in alive]
    if rotation is ClusterRotation.NONE or not living:
        return (leader if leader in alive else None), (deputy if deputy in alive else None)

    def after(ref: MemberRef) -> MemberRef:
        start = order.index(ref) + 1
        return next(r for r in [*order[start:], *order[:start]] if r in alive)

    new_leader = after(leader) if leader in order else living[0]
    new_deputy = after(new_leader) if len(living) > 1 else None
    return new_leader, new_deputy


def proposed_roles(
    ctx: ServiceContext, from_year: int, cluster_ids: Iterable[int] | None = None
) -> list[RoleProposal]:
    """For each cluster of `from_year`: the members that go on next year (units that ended are left out)
    and the leader and deputy its rule proposes."""
    with ctx.read() as s:
        query = select(Cluster).where(Cluster.year == from_year)
        if cluster_ids is not None:
            query = query.where(Cluster.id.in_(list(cluster_ids)))
        clusters = sorted(s.scalars(query), key=lambda c: (vietnamese_key(c.name), c.id))
        members = _members(s, [c.id for c in clusters])
        rules = {c.id: (c.name, c.rotation) for c in clusters}
    found = []
    for cluster_id, (name, rotation) in rules.items():
        rows = members[cluster_id]
        going = tuple(m for m in rows if m.active)
        holder = {m.role: m.ref for m in rows}
        leader, deputy = next_roles(
            rotation,
            [m.ref for m in rows],
            holder.get(ClusterRole.LEADER),
            holder.get(ClusterRole.DEPUTY),
            [m.ref for m in going],
        )
        found.append(RoleProposal(cluster_id, name, rotation, going, leader, deputy))
    return found


@use_case(Permission.DESK)
def copy_clusters_to_year(
    ctx: ServiceContext,
    from_year: int,
    to_year: int,
    cluster_ids: Iterable[int] | None = None,
    roles: Mapping[int, tuple[MemberRef | None, MemberRef | None]] | None = None,
) -> CopyResult:
    """The year's clusters again in `to_year`: same names, kinds, rule, members that go on (in their order)
    and score sheet (no points). Leader and deputy: as the clerk chose them in `roles` (by source cluster),
    else as the cluster's rule proposes (proposed_roles). Names the target year has already are skipped."""
    if from_year == to_year:
        raise ValidationError("Năm sao chép đến phải khác năm đang xem.")
    if not 1945 <= to_year <= 2200:
        raise ValidationError(f"Năm {to_year} không hợp lệ.")
    proposals = proposed_roles(ctx, from_year, cluster_ids)
    if not proposals:
        raise ValidationError(f"Năm {from_year} chưa có cụm, khối thi đua nào để sao chép.")
    roles = roles or {}
    with ctx.write(f"Sao chép cụm, khối thi đua năm {from_year} sang năm {to_year}") as s:
        taken = set(s.scalars(select(Cluster.name).where(Cluster.year == to_year)))
        created, skipped = [], []
        for p in proposals:
            if p.name in taken:
                skipped.append(p.name)
                continue
            source = _cluster(s, p.cluster_id)
            leader, deputy = roles.get(p.cluster_id, (p.leader, p.deputy))
            data = _check_cluster(
                s,
                ClusterData(
                    to_year,
                    source.name,
                    source.kind,
                    tuple(m.ref for m in p.members),
                    leader,
                    deputy,
                    source.note,
                    source.rotation,
                ),
                None,
            )
            copy = Cluster(
                year=to_year, name=data.name, kind=data.kind, note=data.note, rotation=data.rotation
            )
            copy.members = [
                _new_member(r, _role(r, data.leader, data.deputy), n)
                for n, r in enumerate(data.refs, start=1)
            ]
            s.add(copy)
            s.flush()
            for c in s.scalars(select(Criterion).where(Criterion.cluster_id == source.id)):
                s.add(
                    Criterion(
                        cluster_id=copy.id,
                        group_name=c.group_name,
                        code=c.code,
                        text=c.text,
                        max_points=c.max_points,
                        sort_order=c.sort_order,
                    )
                )
            created.append(copy.id)
        s.flush()
    return CopyResult(tuple(created), tuple(skipped))


# --- the pledge ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PledgeData:
    signed_on: dt.date | None
    content: str = ""


def _pledge(s: Session, cluster_id: int) -> Pledge:
    pledge = s.scalar(select(Pledge).where(Pledge.cluster_id == cluster_id).order_by(Pledge.id).limit(1))
    if pledge is None:
        pledge = Pledge(cluster_id=cluster_id)
        s.add(pledge)
    return pledge


@use_case(Permission.DESK)
def save_pledge(
    ctx: ServiceContext, cluster_id: int, data: PledgeData, expected_version: int | None = None
) -> None:
    """The date the members signed and what they pledged (typed, or pasted from the signed text).
    `expected_version`: the pledge's version as the tab loaded it (StaleRecord if another clerk saved since)."""
    with ctx.write("Ghi giao ước thi đua") as s:
        cluster = _cluster(s, cluster_id)
        if expected_version is not None:
            check_version(s, _pledge(s, cluster_id), expected_version)
        _store_pledge(s, cluster, data)


def _store_pledge(s: Session, cluster: Cluster, data: PledgeData) -> Pledge:
    content = "\n".join(clean(line) or "" for line in (data.content or "").splitlines()).strip()
    if data.signed_on is not None and abs(data.signed_on.year - cluster.year) > 1:
        raise ValidationError(
            f"Ngày ký giao ước {data.signed_on:%d/%m/%Y} không thuộc năm {cluster.year} của "
            "cụm, khối; hãy kiểm tra lại."
        )
    pledge = _pledge(s, cluster.id)
    pledge.signed_on, pledge.content = data.signed_on, content or None
    return pledge


def _pledge_model(
    s: Session, cluster: Cluster, pledge: Pledge | None, number: int | None = None
) -> StateDocument:
    agency = s.scalar(select(Agency).limit(1))
    if agency is None:
        raise ValidationError("Chưa có thông tin cơ quan (Cài đặt › Thông tin cơ quan).")
    return pledge_document(
        agency,
        title=cluster_title(cluster.kind, cluster.name),
        year=cluster.year,
        members=_members(s, [cluster.id])[cluster.id],
        signed_on=pledge.signed_on if pledge else None,
        content=(pledge.content or "") if pledge else "",
        symbol=f"{PLEDGE_SYMBOL}-{agency.symbol}",
    )


def pledge_model(ctx: ServiceContext, cluster_id: int) -> StateDocument:
    """The Bản giao ước thi đua as it prints now (app.documents.state.render_pdf draws it)."""
    with ctx.read() as s:
        cluster = _cluster(s, cluster_id)
        pledge = s.scalar(select(Pledge).where(Pledge.cluster_id == cluster_id).order_by(Pledge.id).limit(1))
        return _pledge_model(s, cluster, pledge)


@use_case(Permission.REGISTER)
def register_pledge(
    ctx: ServiceContext, cluster_id: int, issued_on: dt.date, data: PledgeData | None = None
) -> str:
    """Enter the pledge in the register of outgoing documents (the Department signs it as a member, or
    issues it as leader) with the next number of the year; returns "03/GƯTĐ-SYT". The entry keeps the
    pledge as it prints (a giao ước, every member's signature), so it prints again the same. With `data`,
    the pledge's date and text as the clerk typed them are saved first, in the same transaction."""
    with ctx.write("Vào sổ giao ước thi đua") as s:
        cluster = _cluster(s, cluster_id)
        pledge = _store_pledge(s, cluster, data) if data is not None else _pledge(s, cluster_id)
        if pledge.document_id is not None:
            raise ValidationError("Giao ước này đã vào sổ văn bản đi.")
        pledge.signed_on = pledge.signed_on or issued_on
        model = _pledge_model(s, cluster, pledge)
        agency = s.scalar(select(Agency))
        signer = s.scalar(
            select(Signer).where(Signer.active.is_(True)).order_by(Signer.is_default.desc(), Signer.id)
        )
        doc = register_document(
            s,
            DocumentKind.PLEDGE,
            issued_on,
            pledge_register_subject(cluster.year, cluster_title(cluster.kind, cluster.name)),
            signer_name=signer.full_name if signer else None,
            signer_title=signer.position_title if signer else None,
            content={"snapshot": snapshot(model)},
            symbol=f"{PLEDGE_SYMBOL}-{agency.symbol}" if agency is not None else None,
        )
        pledge.document_id = doc.id
        return number_text(doc.number, doc.symbol)


_REFERENCE = re.compile(r"^\s*0*(\d+)\s*/\s*(\S+)\s*$")


@use_case(Permission.REGISTER)
def link_pledge_document(ctx: ServiceContext, cluster_id: int, reference: str | None) -> str | None:
    """Link the pledge to an entry already in the register, by its number ("03/GƯTĐ-SYT") in the cluster's
    year or the next; an empty reference unlinks it."""
    text = clean(reference) or ""
    with ctx.write("Gắn văn bản giao ước thi đua") as s:
        cluster = _cluster(s, cluster_id)
        pledge = _pledge(s, cluster_id)
        if not text:
            pledge.document_id = None
            return None
        match = _REFERENCE.match(text)
        if match is None:
            raise ValidationError(f"“{text}” không phải số, ký hiệu văn bản (ví dụ 03/GƯTĐ-SYT).")
        number, symbol = int(match.group(1)), match.group(2)
        doc = s.scalar(
            select(OutgoingDocument)
            .where(
                OutgoingDocument.number == number,
                func.upper(OutgoingDocument.symbol) == symbol.upper(),
                OutgoingDocument.year.in_((cluster.year - 1, cluster.year, cluster.year + 1)),
            )
            .order_by(func.abs(OutgoingDocument.year - cluster.year))
            .limit(1)
        )
        if doc is None:
            raise ValidationError(
                f"Sổ văn bản đi không có văn bản số {text} quanh năm {cluster.year}; hãy kiểm tra "
                "số, hoặc bấm “Vào sổ…” để cấp số mới cho giao ước."
            )
        pledge.document_id = doc.id
        return _reference(doc)


# --- the score sheet -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionData:
    group: str
    text: str
    max_points: Decimal
    code: str = ""
    id: int | None = None  # an existing criterion keeps its points


MINUS = ("−", "–")  # a minus sign as Word and Excel type it: "−5", "–5"


def parse_points(text: str | Decimal | None, what: str = "Điểm", negative: bool = False) -> Decimal | None:
    """ "9,5", "9.5", "10" -> Decimal (read as app.text.numbers reads every number); blank -> None. Two
    decimal places at most; negative ("−5": a penalty line) only where `negative` allows it."""
    if isinstance(text, str):
        text = text.strip()
        text = "-" + text[1:] if text.startswith(MINUS) else text
    value = parse_decimal(text, what)
    if value is None:
        return None
    shown = decimal_text(value)
    if value < 0 and not negative:
        raise ValidationError(f"{what} không được âm.")
    if value != value.quantize(CENT):
        raise ValidationError(f"{what} “{shown}” có quá hai chữ số thập phân.")
    if abs(value) > MAX_POINTS:
        raise ValidationError(f"{what} “{shown}” lớn quá.")
    return value.quantize(CENT)


def points_text(value: Decimal | None) -> str:
    """10 -> "10", 9.50 -> "9,5", -5 -> "−5": as a Vietnamese sheet writes points."""
    text = decimal_text(value)
    return "−" + text[1:] if text.startswith("-") else text


def within(value: Decimal, top: Decimal) -> bool:
    """Points allowed on a criterion of maximum `top`: 0 … top, or top … 0 on a penalty line."""
    return 0 <= value <= top if top > 0 else top <= value <= 0


def out_of_range(value: Decimal, top: Decimal) -> str:
    """Why `value` is refused on a criterion of maximum `top`: "45 vượt điểm tối đa 40", "−6 ngoài khoảng
    −5 … 0" (a penalty line), "−2 ngoài khoảng 0 … 40"."""
    if top > 0 and value > top:
        return f"{points_text(value)} vượt điểm tối đa {points_text(top)}"
    low, high = (Decimal(0), top) if top > 0 else (top, Decimal(0))
    return f"{points_text(value)} ngoài khoảng {points_text(low)} … {points_text(high)}"


# "I.", "1.", "A." open a group; "1.1", "1.1.", "a)", "-" a criterion of it.
_GROUP = re.compile(r"^(?P<code>(?:[IVXLC]+|\d+|[A-Z])[.)])(?!\d)\s*(?P<text>.*)$")
_STT = re.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*|[A-Za-zđ])[.)]?$")
_TOTAL = re.compile(r"^(tổng|cộng)\b", re.IGNORECASE)
_ITEM = re.compile(r"^(?P<code>\d+(?:\.\d+)+\.?|[a-zđ][.)]|[-–+•])\s*(?P<text>.*)$")


@dataclass
class _ParsedGroup:
    code: str
    title: str
    total: Decimal | None
    line: int
    items: list[tuple[str, str, Decimal]] = field(default_factory=list)  # (code, text, max points)

    @property
    def name(self) -> str:
        return f"{self.code} {self.title}".strip() or "Tiêu chí"


def parse_sheet(text: str) -> list[CriterionData]:
    """A score sheet pasted from Excel or Word: "1. Nhóm …" lines open groups, "1.1 Tiêu chí … <tab> 10"
    lines are criteria with their maximum points in the last cell. A group line may carry its own total,
    which must equal its criteria's; a group line with points and no criteria is a criterion of its own.
    A heading row before the first group and a "Tổng cộng" row are skipped."""
    groups: list[_ParsedGroup] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        cells = [c for c in (clean(c) or "" for c in raw.split("\t")) if c]
        if not cells:
            continue
        points = None
        if len(cells) > 1:
            try:
                points = parse_points(cells[-1], negative=True)
                cells = cells[:-1]
            except ValidationError:
                pass  # the last cell is text: no points on this line
        if len(cells) > 1 and _STT.match(cells[0]):
            # An STT column: "I" | "Tên nhóm" reads as "I. Tên nhóm", "a" | "…" as "a) …".
            stt = cells[0]
            cells = [
                stt + ("" if stt[-1] in ".)" or "." in stt else ")" if stt.islower() else "."),
                *cells[1:],
            ]
        line = " ".join(cells)
        if _TOTAL.match(line):
            continue  # the sheet's grand total: the program adds it up itself
        item, group = _ITEM.match(line), _GROUP.match(line)
        if group and not item:
            groups.append(_ParsedGroup(group.group("code"), group.group("text"), points, number))
            continue
        if item is None and points is None:
            if groups:
                raise ValidationError(
                    f"Dòng {number} (“{line[:60]}”) không có số thứ tự nhóm, tiêu chí hay điểm tối đa."
                )
            continue  # the heading row
        if points is None:
            raise ValidationError(f"Dòng {number} (“{line[:60]}”) thiếu điểm tối đa ở cột cuối.")
        if not groups:
            groups.append(_ParsedGroup("", "", None, number))
        code = item.group("code").rstrip(".)") if item and item.group("code")[0].isalnum() else ""  # not "-"
        groups[-1].items.append((code, (item.group("text") if item else "") or line, points))
    criteria: list[CriterionData] = []
    for g in groups:
        if not g.items:
            if g.total is None:
                raise ValidationError(f"Nhóm “{g.name}” (dòng {g.line}) chưa có tiêu chí nào.")
            g.items.append((g.code.rstrip(".)"), g.title, g.total))
        elif g.total is not None and sum(i[2] for i in g.items) != g.total:
            raise ValidationError(
                f"Nhóm “{g.name}”: tổng điểm các tiêu chí ({points_text(sum(i[2] for i in g.items))})"
                f" khác điểm của nhóm ({points_text(g.total)})."
            )
        criteria += [CriterionData(g.name, text, top, code) for code, text, top in g.items]
    if not criteria:
        raise ValidationError(
            "Không đọc được tiêu chí nào. Mỗi tiêu chí một dòng, điểm tối đa ở cột cuối "
            "(ví dụ “1.1 Tiêu chí …<Tab>10”)."
        )
    return criteria


def sheet_text(groups: Sequence[CriteriaGroup]) -> str:
    """The sheet as lines parse_sheet reads back: for copying into Excel or another cluster."""
    lines = []
    for g in groups:
        lines.append(f"{g.name}\t{points_text(g.max_points)}")
        lines += [f"{c.code} {c.text}".strip() + f"\t{points_text(c.max_points)}" for c in g.criteria]
    return "\n".join(lines)


@dataclass(frozen=True)
class SheetResult:
    criteria: int
    dropped_scores: int  # points given on criteria the new sheet left out


@use_case(Permission.DESK)
def save_sheet(ctx: ServiceContext, cluster_id: int, criteria: Sequence[CriterionData]) -> SheetResult:
    """Replace the cluster's sheet. Criteria given with their id keep their points; a maximum lowered
    below points already given is refused; criteria left out go with their points."""
    criteria = [clean_input(c) for c in criteria]
    for n, c in enumerate(criteria, start=1):
        if not c.text:
            raise ValidationError(f"Tiêu chí thứ {n} chưa có nội dung.")
        if not c.group:
            raise ValidationError(f"Tiêu chí “{c.text[:60]}” chưa thuộc nhóm nào.")
        if c.max_points is None or c.max_points == 0:
            raise ValidationError(
                f"Tiêu chí “{c.text[:60]}” cần điểm tối đa khác 0 (âm cho dòng điểm trừ, ví dụ −5)."
            )
        if len(c.group) > 250 or len(c.code or "") > 20:
            raise ValidationError(f"Tên nhóm hoặc số thứ tự của tiêu chí “{c.text[:60]}” dài quá.")
        parse_points(c.max_points, f"Điểm tối đa của tiêu chí “{c.text[:60]}”", negative=True)
    with ctx.write("Sửa bảng tiêu chí chấm điểm cụm, khối") as s:
        _cluster(s, cluster_id)
        existing = {c.id: c for c in s.scalars(select(Criterion).where(Criterion.cluster_id == cluster_id))}
        unknown = [c.id for c in criteria if c.id is not None and c.id not in existing]
        if unknown:
            raise ValidationError("Bảng tiêu chí vừa được người khác sửa; hãy làm mới rồi sửa lại.")
        kept = {c.id for c in criteria if c.id is not None}
        names = {m.id: m.name for m in _members(s, [cluster_id])[cluster_id]}
        for c in criteria:
            if c.id is None:
                continue
            given = s.execute(
                select(Score.member_id, Score.self_points, Score.assessed_points).where(
                    Score.criterion_id == c.id
                )
            ).all()
            top = Decimal(c.max_points)
            over = sorted(
                {
                    names[m]
                    for m, *points in given
                    if any(p is not None and not within(Decimal(p), top) for p in points)
                },
                key=vietnamese_key,
            )
            if over:
                raise ValidationError(
                    f"Tiêu chí “{c.text[:60]}”: {', '.join(over)} đã được chấm ngoài khoảng điểm mới "
                    f"({points_text(c.max_points)}); hãy sửa điểm trước khi sửa điểm tối đa."
                )
        gone = set(existing) - kept
        dropped = (
            s.scalar(select(func.count()).select_from(Score).where(Score.criterion_id.in_(gone)))
            if gone
            else 0
        )
        if gone:
            _drop_scores(s, cluster_id, criteria=gone)
            for cid in gone:
                s.delete(existing[cid])
        for order, c in enumerate(criteria, start=1):
            row = existing[c.id] if c.id is not None else Criterion(cluster_id=cluster_id)
            row.group_name, row.code, row.text = c.group, c.code or None, c.text
            row.max_points, row.sort_order = Decimal(c.max_points).quantize(CENT), order
            s.add(row)
    return SheetResult(len(criteria), dropped or 0)


# --- scores ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreEntry:
    criterion_id: int
    member_id: int  # MemberInfo.id
    self_points: Decimal | None
    assessed_points: Decimal | None


@use_case(Permission.DESK)
def save_scores(ctx: ServiceContext, cluster_id: int, entries: Sequence[ScoreEntry]) -> int:
    """Points for members on criteria, all or none; each within 0 and the criterion's maximum (the maximum and
    0 on a penalty line). An entry with neither points clears that cell. Returns how many cells changed."""
    if not entries:
        return 0
    with ctx.write("Chấm điểm thi đua cụm, khối") as s:
        _cluster(s, cluster_id)
        criteria = {c.id: c for c in s.scalars(select(Criterion).where(Criterion.cluster_id == cluster_id))}
        names = {m.id: m.name for m in _members(s, [cluster_id])[cluster_id]}
        current = {
            (r.criterion_id, r.member_id): r
            for r in s.scalars(select(Score).where(Score.criterion_id.in_(list(criteria))))
        }
        changed = 0
        for e in entries:
            criterion = criteria.get(e.criterion_id)
            if criterion is None:
                raise ValidationError("Bảng tiêu chí vừa được sửa; hãy làm mới rồi chấm lại.")
            if e.member_id not in names:
                raise ValidationError(
                    "Có đơn vị không còn là thành viên của cụm, khối; hãy làm mới rồi chấm lại."
                )
            top = Decimal(criterion.max_points)
            for label, value in (("tự chấm", e.self_points), ("cụm chấm", e.assessed_points)):
                if value is None:
                    continue
                if value != Decimal(value).quantize(CENT):
                    raise ValidationError(
                        f"{names[e.member_id]}, tiêu chí {criterion.code or criterion.text[:40]}: "
                        f"điểm {label} không hợp lệ."
                    )
                if not within(value, top):
                    raise ValidationError(
                        f"{names[e.member_id]}, tiêu chí {criterion.code or criterion.text[:40]}: "
                        f"điểm {label} {out_of_range(_points(value), _points(top))}."
                    )
            row = current.get((e.criterion_id, e.member_id))
            if e.self_points is None and e.assessed_points is None:
                if row is not None:
                    s.delete(row)
                    current.pop((e.criterion_id, e.member_id))
                    changed += 1
                continue
            if row is None:
                row = current[(e.criterion_id, e.member_id)] = Score(
                    criterion_id=e.criterion_id, member_id=e.member_id
                )
                s.add(row)
            elif (_points(row.self_points), _points(row.assessed_points)) == (
                _points(e.self_points),
                _points(e.assessed_points),
            ):
                continue
            row.self_points, row.assessed_points = _points(e.self_points), _points(e.assessed_points)
            changed += 1
        return changed


# --- the year-end suy tôn --------------------------------------------------------------------------------


@use_case(Permission.DESK)
def propose(
    ctx: ServiceContext,
    cluster_id: int,
    choices: Mapping[int, str | None],
    limits: Mapping[str, int] | None = None,
) -> int:
    """Record what the year-end meeting chose: for each member (MemberInfo.id), the award code it proposes (a Cờ thi
    đua, a Bằng khen) or None. Members left out keep no proposal. `limits` caps how many a code may go to
    (typically one Cờ per cluster). Returns the number proposed."""
    limits = {"CO_TINH": 1, "CO_BO": 1, **(limits or {})}
    chosen = {u: c.strip().upper() for u, c in choices.items() if c}
    with ctx.write("Suy tôn đơn vị dẫn đầu cụm, khối thi đua") as s:
        cluster = _cluster(s, cluster_id)
        ids = dict(
            s.execute(select(AwardType.code, AwardType.id).where(AwardType.code.in_(PROPOSABLE))).all()
        )
        names = dict(
            s.execute(select(AwardType.code, AwardType.name).where(AwardType.code.in_(PROPOSABLE))).all()
        )
        members = {m.id: m for m in cluster.members}
        for member_id, code in chosen.items():
            if member_id not in members:
                raise ValidationError("Chỉ suy tôn được đơn vị thành viên của cụm, khối.")
            if code not in ids:
                raise ValidationError(
                    f"Cụm, khối không đề nghị được “{code}”; chỉ Cờ thi đua hoặc Bằng khen."
                )
        for code, cap in limits.items():
            given = sum(1 for c in chosen.values() if c == code)
            if given > cap:
                raise ValidationError(
                    f"Cụm, khối chỉ được suy tôn tối đa {cap} đơn vị đề nghị {names.get(code, code)};"
                    f" đang chọn {given}."
                )
        for member_id, member in members.items():
            member.proposed_award_type_id = ids[chosen[member_id]] if member_id in chosen else None
        return len(chosen)


def suggested_proposals(
    ranking: Sequence[RankedMember],
    flags: int = 1,
    commendations: int = 0,
    flag_code: str = "CO_TINH",
    commendation_code: str = "BK_TINH",
) -> dict[int, str]:
    """What the ranking suggests: the top `flags` units for the Cờ, the next `commendations` for a Bằng
    khen. A tie across the cut is left to the meeting: the tied units are not suggested."""
    scored = [r for r in ranking if r.rank is not None]
    suggestion: dict[int, str] = {}
    for code, start, count in ((flag_code, 0, flags), (commendation_code, flags, commendations)):
        for r in scored[start : start + count]:
            cut = scored[start + count] if start + count < len(scored) else None
            if cut is not None and cut.final_total == r.final_total:
                continue
            if start and scored[start - 1].final_total == r.final_total:
                continue
            suggestion[r.member_id] = code
    return suggestion
