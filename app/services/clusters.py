"""Cụm, khối thi đua: the yearly groups of units that emulate together, their pledge (giao ước), the score
sheet (bảng chấm điểm), the scores, the ranking and the year-end suy tôn.

    list_clusters(ctx, year)                      # the year's clusters, with leader and deputy
    cluster_detail(ctx, cluster_id)               # members, pledge, sheet, scores, ranking: one read
    create_cluster / update_cluster / delete_cluster
    copy_clusters_to_year(ctx, year, year + 1)    # same groups next year, leader and deputy rotated
    save_pledge / register_pledge / link_pledge_document
    parse_sheet(text) -> save_sheet(ctx, cluster_id, criteria)
    save_scores(ctx, cluster_id, [ScoreEntry(...)])
    propose(ctx, cluster_id, {unit_id: "CO_TINH"}, limits={"CO_TINH": 1})

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

from app.domain.permissions import Permission, use_case
from app.domain.register import number_text
from app.errors import ValidationError
from app.services.context import ServiceContext, clean_input
from app.services.register import register_document
from app.services.versions import check_version, touch
from app.text import clean, vietnamese_key
from app.text.numbers import decimal_text, parse_decimal
from database.enums import ClusterKind, ClusterRole, DocumentKind, UnitStatus
from database.models import (
    Agency,
    AwardType,
    Cluster,
    ClusterMember,
    Criterion,
    OutgoingDocument,
    Pledge,
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
class MemberInfo:
    unit_id: int
    name: str
    short_name: str  # for narrow column headers
    role: ClusterRole
    active: bool
    proposed_code: str | None
    proposed_name: str | None


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
        return sum((c.max_points for c in self.criteria), Decimal(0))


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
    unit_id: int
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

    @property
    def criteria(self) -> tuple[CriterionInfo, ...]:
        return tuple(c for g in self.groups for c in g.criteria)

    @property
    def max_total(self) -> Decimal:
        return sum((g.max_points for g in self.groups), Decimal(0))


# --- reading ---------------------------------------------------------------------------------------------


def cluster_years(ctx: ServiceContext) -> list[int]:
    with ctx.read() as s:
        return list(s.scalars(select(Cluster.year).distinct().order_by(Cluster.year.desc())))


def list_clusters(ctx: ServiceContext, year: int) -> list[ClusterSummary]:
    """The clusters and blocks of a year, by name; three queries whatever their number."""
    with ctx.read() as s:
        clusters = s.execute(select(Cluster.id, Cluster.name, Cluster.kind).where(Cluster.year == year)).all()
        ids = [c.id for c in clusters]
        members: dict[int, list] = {i: [] for i in ids}
        for row in s.execute(
            select(
                ClusterMember.cluster_id, ClusterMember.role, ClusterMember.proposed_award_type_id, Unit.name
            )
            .join(Unit, Unit.id == ClusterMember.unit_id)
            .where(ClusterMember.cluster_id.in_(ids))
        ):
            members[row.cluster_id].append(row)
        criteria = dict(
            s.execute(
                select(Criterion.cluster_id, func.count())
                .where(Criterion.cluster_id.in_(ids))
                .group_by(Criterion.cluster_id)
            ).all()
        )

    def holder(rows, role):
        return next((r.name for r in rows if r.role is role), None)

    found = [
        ClusterSummary(
            c.id,
            year,
            c.name,
            c.kind,
            len(members[c.id]),
            holder(members[c.id], ClusterRole.LEADER),
            holder(members[c.id], ClusterRole.DEPUTY),
            sum(1 for r in members[c.id] if r.proposed_award_type_id),
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


def cluster_detail(ctx: ServiceContext, cluster_id: int) -> ClusterDetail:
    with ctx.read() as s:
        cluster = _cluster(s, cluster_id)
        codes = dict(s.execute(select(AwardType.id, AwardType.code)).all())
        award_names = dict(
            s.execute(select(AwardType.code, AwardType.name).where(AwardType.code.in_(PROPOSABLE))).all()
        )
        members = [
            MemberInfo(
                r.id,
                r.name,
                r.short_name or r.name,
                r.role,
                r.status is UnitStatus.ACTIVE,
                codes.get(r.proposed_award_type_id),
                award_names.get(codes.get(r.proposed_award_type_id)),
            )
            for r in s.execute(
                select(
                    Unit.id,
                    Unit.name,
                    Unit.short_name,
                    Unit.status,
                    ClusterMember.role,
                    ClusterMember.proposed_award_type_id,
                )
                .join(ClusterMember, ClusterMember.unit_id == Unit.id)
                .where(ClusterMember.cluster_id == cluster_id)
            )
        ]
        members.sort(key=lambda m: (vietnamese_key(m.name), m.unit_id))
        rows = s.execute(
            select(Criterion.id, Criterion.group_name, Criterion.code, Criterion.text, Criterion.max_points)
            .where(Criterion.cluster_id == cluster_id)
            .order_by(Criterion.sort_order, Criterion.id)
        ).all()
        scores = {
            (r.criterion_id, r.unit_id): ScoreCell(_points(r.self_points), _points(r.assessed_points))
            for r in s.execute(
                select(Score.criterion_id, Score.unit_id, Score.self_points, Score.assessed_points)
                .join(Criterion, Criterion.id == Score.criterion_id)
                .where(Criterion.cluster_id == cluster_id)
            )
        }
        pledge = _pledge_info(s, cluster_id)
        year, name, kind, note, version = (
            cluster.year,
            cluster.name,
            cluster.kind,
            cluster.note or "",
            cluster.version,
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
    )


def rank_members(
    members: Sequence[MemberInfo], criterion_ids: Sequence[int], scores: Mapping[tuple[int, int], ScoreCell]
) -> tuple[RankedMember, ...]:
    """Totals and ranks: by final total, highest first; equal totals share a rank and the next rank skips
    (1, 2, 2, 4); units with no points at all are listed last, unranked."""
    rows = []
    for m in members:
        cells = [scores[(c, m.unit_id)] for c in criterion_ids if (c, m.unit_id) in scores]
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
    scored = sorted((r for r in rows if r[4]), key=lambda r: (-r[3], vietnamese_key(r[0].name), r[0].unit_id))
    unscored = sorted((r for r in rows if not r[4]), key=lambda r: (vietnamese_key(r[0].name), r[0].unit_id))
    totals = [r[3] for r in scored]
    ranked = []
    for m, own, assessed, final, _ in scored:
        rank = totals.index(final) + 1  # the first place with this total: competition ranking
        ranked.append(
            RankedMember(
                rank,
                totals.count(final) > 1,
                m.unit_id,
                m.name,
                m.role,
                own,
                assessed,
                final,
                m.proposed_code,
            )
        )
    ranked += [
        RankedMember(None, False, m.unit_id, m.name, m.role, own, assessed, final, m.proposed_code)
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
    """What the clerk types about a cluster; members in any order, leader and deputy among them."""

    year: int
    name: str
    kind: ClusterKind
    members: tuple[int, ...]
    leader_id: int | None = None
    deputy_id: int | None = None
    note: str | None = None


def _check_cluster(s: Session, data: ClusterData, cluster_id: int | None) -> ClusterData:
    data = clean_input(data)
    if not data.name:
        raise ValidationError("Cần nhập tên cụm, khối thi đua.")
    if len(data.name) > 200:
        raise ValidationError("Tên cụm, khối thi đua dài quá 200 ký tự.")
    if not 1945 <= data.year <= 2200:
        raise ValidationError(f"Năm {data.year} không hợp lệ.")
    members = tuple(dict.fromkeys(data.members))
    if not members:
        raise ValidationError("Cụm, khối thi đua cần có ít nhất một đơn vị thành viên.")
    known = dict(s.execute(select(Unit.id, Unit.status).where(Unit.id.in_(members))).all())
    if len(known) != len(members):
        raise ValidationError(
            "Có đơn vị thành viên không còn trong danh sách đơn vị; hãy làm mới và chọn lại."
        )
    for role, unit_id in (("cụm, khối trưởng", data.leader_id), ("cụm, khối phó", data.deputy_id)):
        if unit_id is not None and unit_id not in members:
            raise ValidationError(f"Đơn vị làm {role} phải là thành viên của cụm, khối.")
    if data.leader_id is not None and data.leader_id == data.deputy_id:
        raise ValidationError("Cụm, khối trưởng và cụm, khối phó phải là hai đơn vị khác nhau.")
    clash = s.scalar(
        select(Cluster.id).where(
            Cluster.year == data.year, Cluster.name == data.name, Cluster.id != (cluster_id or 0)
        )
    )
    if clash is not None:
        raise ValidationError(f"Năm {data.year} đã có “{data.name}”; hãy đặt tên khác.")
    return ClusterData(
        data.year, data.name, data.kind, members, data.leader_id, data.deputy_id, data.note or None
    )


def _role(data: ClusterData, unit_id: int) -> ClusterRole:
    if unit_id == data.leader_id:
        return ClusterRole.LEADER
    return ClusterRole.DEPUTY if unit_id == data.deputy_id else ClusterRole.MEMBER


@use_case(Permission.DESK)
def create_cluster(ctx: ServiceContext, data: ClusterData) -> int:
    with ctx.write(f"Lập cụm, khối thi đua {data.name} năm {data.year}") as s:
        data = _check_cluster(s, data, None)
        cluster = Cluster(year=data.year, name=data.name, kind=data.kind, note=data.note)
        cluster.members = [ClusterMember(unit_id=u, role=_role(data, u)) for u in data.members]
        s.add(cluster)
        s.flush()
        return cluster.id


@use_case(Permission.DESK)
def update_cluster(
    ctx: ServiceContext, cluster_id: int, data: ClusterData, expected_version: int | None = None
) -> None:
    """Rename, change members and roles. A unit taken out loses its points in this cluster (the audit trail
    keeps them); its suy tôn goes with it. `expected_version`: the version the form loaded (StaleRecord if
    another clerk saved since); a change of members alone counts as a change of the cluster."""
    with ctx.write(f"Sửa cụm, khối thi đua {data.name} năm {data.year}") as s:
        cluster = _cluster(s, cluster_id)
        check_version(s, cluster, expected_version)
        data = _check_cluster(s, data, cluster_id)
        cluster.year, cluster.name, cluster.kind, cluster.note = data.year, data.name, data.kind, data.note
        current = {m.unit_id: m for m in cluster.members}
        gone = set(current) - set(data.members)
        for unit_id in gone:
            cluster.members.remove(current[unit_id])
        if gone:
            _drop_scores(s, cluster_id, units=gone)
        # Clear roles first: the one-leader index must not see two leaders inside the flush.
        for m in cluster.members:
            m.role = ClusterRole.MEMBER
        s.flush()
        for m in cluster.members:
            m.role = _role(data, m.unit_id)
        for unit_id in data.members:
            if unit_id not in current:
                cluster.members.append(ClusterMember(unit_id=unit_id, role=_role(data, unit_id)))
        touch(s, cluster)


def _drop_scores(
    s: Session, cluster_id: int, units: Iterable[int] | None = None, criteria: Iterable[int] | None = None
) -> None:
    ids = select(Criterion.id).where(Criterion.cluster_id == cluster_id)
    if criteria is not None:
        ids = ids.where(Criterion.id.in_(list(criteria)))
    query = select(Score).where(Score.criterion_id.in_(ids))
    if units is not None:
        query = query.where(Score.unit_id.in_(list(units)))
    for score in s.scalars(query):
        s.delete(score)  # through the ORM: each deleted score gets its audit row


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


@dataclass(frozen=True)
class CopyResult:
    created: tuple[int, ...]
    skipped: tuple[str, ...]  # names the target year has already


def _rotate(
    order: list[int], leader: int | None, deputy: int | None, alive: set[int]
) -> tuple[int | None, int | None]:
    """Next year's leader is this year's deputy (or the member after the leader); the deputy is the member
    after the new leader. Units that ended are passed over."""
    living = [u for u in order if u in alive]
    if not living:
        return None, None

    def after(unit_id: int | None) -> int:
        if unit_id is None or unit_id not in order:
            return living[0]
        start = order.index(unit_id)
        return next(u for u in order[start + 1 :] + order[: start + 1] if u in alive)

    new_leader = deputy if deputy in alive and deputy != leader else after(leader)
    new_deputy = after(new_leader) if len(living) > 1 else None
    return new_leader, new_deputy if new_deputy != new_leader else None


@use_case(Permission.DESK)
def copy_clusters_to_year(
    ctx: ServiceContext, from_year: int, to_year: int, cluster_ids: Iterable[int] | None = None
) -> CopyResult:
    """The year's clusters again in `to_year`: same names, kinds, active members and score sheet (no points),
    leader and deputy passed on to the next members. Names the target year has already are skipped."""
    if from_year == to_year:
        raise ValidationError("Năm sao chép đến phải khác năm đang xem.")
    if not 1945 <= to_year <= 2200:
        raise ValidationError(f"Năm {to_year} không hợp lệ.")
    with ctx.write(f"Sao chép cụm, khối thi đua năm {from_year} sang năm {to_year}") as s:
        query = select(Cluster).where(Cluster.year == from_year)
        if cluster_ids is not None:
            query = query.where(Cluster.id.in_(list(cluster_ids)))
        sources = sorted(s.scalars(query), key=lambda c: vietnamese_key(c.name))
        if not sources:
            raise ValidationError(f"Năm {from_year} chưa có cụm, khối thi đua nào để sao chép.")
        taken = set(s.scalars(select(Cluster.name).where(Cluster.year == to_year)))
        names = dict(s.execute(select(Unit.id, Unit.name)).all())
        alive = set(s.scalars(select(Unit.id).where(Unit.status == UnitStatus.ACTIVE)))
        created, skipped = [], []
        for source in sources:
            if source.name in taken:
                skipped.append(source.name)
                continue
            order = sorted((m.unit_id for m in source.members), key=lambda u: (vietnamese_key(names[u]), u))
            roles = {m.role: m.unit_id for m in source.members}
            leader, deputy = _rotate(
                order, roles.get(ClusterRole.LEADER), roles.get(ClusterRole.DEPUTY), alive
            )
            copy = Cluster(year=to_year, name=source.name, kind=source.kind, note=source.note)
            copy.members = [
                ClusterMember(
                    unit_id=u,
                    role=ClusterRole.LEADER
                    if u == leader
                    else ClusterRole.DEPUTY
                    if u == deputy
                    else ClusterRole.MEMBER,
                )
                for u in order
                if u in alive
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


@use_case(Permission.REGISTER)
def register_pledge(
    ctx: ServiceContext, cluster_id: int, issued_on: dt.date, data: PledgeData | None = None
) -> str:
    """Enter the pledge in the register of outgoing documents (the Department signs it as a member, or
    issues it as leader) with the next number of the year; returns "03/GƯTĐ-SYT". With `data`, the pledge's
    date and text as the clerk typed them are saved first, in the same transaction."""
    with ctx.write("Vào sổ giao ước thi đua") as s:
        cluster = _cluster(s, cluster_id)
        pledge = _store_pledge(s, cluster, data) if data is not None else _pledge(s, cluster_id)
        if pledge.document_id is not None:
            raise ValidationError("Giao ước này đã vào sổ văn bản đi.")
        agency = s.scalar(select(Agency))
        signer = s.scalar(
            select(Signer).where(Signer.active.is_(True)).order_by(Signer.is_default.desc(), Signer.id)
        )
        doc = register_document(
            s,
            DocumentKind.OFFICIAL_LETTER,
            issued_on,
            f"Giao ước thi đua năm {cluster.year} – {cluster.name}",
            signer_name=signer.full_name if signer else None,
            signer_title=signer.position_title if signer else None,
            content={"text": pledge.content or ""},
            symbol=f"{PLEDGE_SYMBOL}-{agency.symbol}" if agency is not None else None,
        )
        pledge.document_id = doc.id
        pledge.signed_on = pledge.signed_on or issued_on
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


def parse_points(text: str | Decimal | None, what: str = "Điểm") -> Decimal | None:
    """ "9,5", "9.5", "10" -> Decimal (read as app.text.numbers reads every number); blank -> None. Two
    decimal places at most, never negative."""
    value = parse_decimal(text, what)
    if value is None:
        return None
    shown = decimal_text(value)
    if value < 0:
        raise ValidationError(f"{what} không được âm.")
    if value != value.quantize(CENT):
        raise ValidationError(f"{what} “{shown}” có quá hai chữ số thập phân.")
    if value > MAX_POINTS:
        raise ValidationError(f"{what} “{shown}” lớn quá.")
    return value.quantize(CENT)


def points_text(value: Decimal | None) -> str:
    """10 -> "10", 9.50 -> "9,5": as a Vietnamese sheet writes points."""
    return decimal_text(value)


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
                points = parse_points(cells[-1])
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
        if c.max_points is None or c.max_points <= 0:
            raise ValidationError(f"Tiêu chí “{c.text[:60]}” cần điểm tối đa lớn hơn 0.")
        if len(c.group) > 250 or len(c.code or "") > 20:
            raise ValidationError(f"Tên nhóm hoặc số thứ tự của tiêu chí “{c.text[:60]}” dài quá.")
        parse_points(c.max_points, f"Điểm tối đa của tiêu chí “{c.text[:60]}”")
    with ctx.write("Sửa bảng tiêu chí chấm điểm cụm, khối") as s:
        _cluster(s, cluster_id)
        existing = {c.id: c for c in s.scalars(select(Criterion).where(Criterion.cluster_id == cluster_id))}
        unknown = [c.id for c in criteria if c.id is not None and c.id not in existing]
        if unknown:
            raise ValidationError("Bảng tiêu chí vừa được người khác sửa; hãy làm mới rồi sửa lại.")
        kept = {c.id for c in criteria if c.id is not None}
        names = dict(s.execute(select(Unit.id, Unit.name)).all())
        for c in criteria:
            if c.id is None:
                continue
            highest = s.execute(
                select(
                    Score.unit_id,
                    func.max(func.coalesce(Score.assessed_points, 0)),
                    func.max(func.coalesce(Score.self_points, 0)),
                )
                .where(Score.criterion_id == c.id)
                .group_by(Score.unit_id)
            ).all()
            over = sorted(
                (names[u] for u, a, o in highest if max(Decimal(a), Decimal(o)) > c.max_points),
                key=vietnamese_key,
            )
            if over:
                raise ValidationError(
                    f"Tiêu chí “{c.text[:60]}”: {', '.join(over)} đã được chấm cao hơn "
                    f"{points_text(c.max_points)} điểm; hãy sửa điểm trước khi hạ điểm tối đa."
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
    unit_id: int
    self_points: Decimal | None
    assessed_points: Decimal | None


@use_case(Permission.DESK)
def save_scores(ctx: ServiceContext, cluster_id: int, entries: Sequence[ScoreEntry]) -> int:
    """Points for members on criteria, all or none; each within 0 and the criterion's maximum. An entry with
    neither points clears that cell. Returns how many cells changed."""
    if not entries:
        return 0
    with ctx.write("Chấm điểm thi đua cụm, khối") as s:
        _cluster(s, cluster_id)
        criteria = {c.id: c for c in s.scalars(select(Criterion).where(Criterion.cluster_id == cluster_id))}
        members = set(s.scalars(select(ClusterMember.unit_id).where(ClusterMember.cluster_id == cluster_id)))
        names = dict(s.execute(select(Unit.id, Unit.name).where(Unit.id.in_(members))).all())
        current = {
            (r.criterion_id, r.unit_id): r
            for r in s.scalars(select(Score).where(Score.criterion_id.in_(list(criteria))))
        }
        changed = 0
        for e in entries:
            criterion = criteria.get(e.criterion_id)
            if criterion is None:
                raise ValidationError("Bảng tiêu chí vừa được sửa; hãy làm mới rồi chấm lại.")
            if e.unit_id not in members:
                raise ValidationError(
                    "Có đơn vị không còn là thành viên của cụm, khối; hãy làm mới rồi chấm lại."
                )
            top = Decimal(criterion.max_points)
            for label, value in (("tự chấm", e.self_points), ("cụm chấm", e.assessed_points)):
                if value is None:
                    continue
                if value < 0 or value != Decimal(value).quantize(CENT):
                    raise ValidationError(
                        f"{names[e.unit_id]}, tiêu chí {criterion.code or criterion.text[:40]}: "
                        f"điểm {label} không hợp lệ."
                    )
                if value > top:
                    raise ValidationError(
                        f"{names[e.unit_id]}, tiêu chí {criterion.code or criterion.text[:40]}: "
                        f"điểm {label} {points_text(_points(value))} vượt điểm tối đa "
                        f"{points_text(_points(top))}."
                    )
            row = current.get((e.criterion_id, e.unit_id))
            if e.self_points is None and e.assessed_points is None:
                if row is not None:
                    s.delete(row)
                    current.pop((e.criterion_id, e.unit_id))
                    changed += 1
                continue
            if row is None:
                row = current[(e.criterion_id, e.unit_id)] = Score(
                    criterion_id=e.criterion_id, unit_id=e.unit_id
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
    """Record what the year-end meeting chose: for each member unit, the award code it proposes (a Cờ thi
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
        members = {m.unit_id: m for m in cluster.members}
        for unit_id, code in chosen.items():
            if unit_id not in members:
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
        for unit_id, member in members.items():
            member.proposed_award_type_id = ids[chosen[unit_id]] if unit_id in chosen else None
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
            suggestion[r.unit_id] = code
    return suggestion
