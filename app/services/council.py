"""The council (Hội đồng Thi đua – Khen thưởng): its members over time, a meeting's attendance, and the vote
on each nomination.

Thresholds are counted on the whole membership, not on those present: `vote_threshold.<CODE>`. Up to
30/06/2025 NĐ 98/2023 Đ30.7 set them all (80% CSTĐCS and Cờ thi đua, 90% CSTĐ tỉnh/bộ/toàn quốc); from
01/07/2025 NĐ 152/2025 Đ33.5 [V] sets only CSTĐ toàn quốc (90%) and Cờ thi đua của Chính phủ (80%), the
rest is the province's regulation (PROVINCE rows the office confirms; `threshold_sources_on` says which
text each one comes from). A title or form without one is decided by a majority of the whole council. A meeting can vote only
with `council_quorum` of the members present (80% [V], Bắc Ninh Đ8–9).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.domain.council import BallotResult, MeetingInfo
from app.domain.permissions import Permission, use_case
from app.errors import ValidationError
from app.rules.parameters import ParameterRow, RuleBook
from app.services.catalogue import parameter_on
from app.services.context import ServiceContext
from app.services.limits import limit_of, too_long
from app.services.nominations import NominationItem, load_nominations, move
from app.text import clean
from database.enums import CouncilRole, NominationStatus
from database.models import Ballot, CouncilMeeting, CouncilMember, MeetingAttendance, Parameter

DEFAULT_QUORUM = Fraction(4, 5)


@dataclass(frozen=True)
class Member:
    id: int
    full_name: str
    position: str | None
    role: CouncilRole
    valid_from: dt.date
    valid_to: dt.date | None


@dataclass(frozen=True)
class Tally:
    nomination_id: int
    votes_for: int
    votes_against: int = 0
    votes_invalid: int = 0


def needed_votes(threshold: Fraction | None, members_total: int) -> int:
    """Votes in favour a nomination needs: the share of the whole council, rounded up; or a majority."""
    if threshold is None:
        return members_total // 2 + 1
    return math.ceil(threshold * members_total)


# --- members ---------------------------------------------------------------------------------------------


@use_case(Permission.DESK)
def add_member(
    ctx: ServiceContext,
    full_name: str,
    valid_from: dt.date,
    position: str | None = None,
    role: CouncilRole = CouncilRole.MEMBER,
    person_id: int | None = None,
) -> int:
    name = clean(full_name)
    if not name:
        raise ValidationError("Cần nhập họ tên thành viên Hội đồng.")
    for label, text, column in (
        ("Họ tên", name, CouncilMember.full_name),
        ("Chức vụ", clean(position), CouncilMember.position),
    ):
        if message := too_long(label, text, limit_of(column), "hãy viết gọn lại."):
            raise ValidationError(message)
    with ctx.write(f"Thêm thành viên Hội đồng {name}") as s:
        member = CouncilMember(
            full_name=name, position=clean(position), role=role, valid_from=valid_from, person_id=person_id
        )
        s.add(member)
        s.flush()
        return member.id


@use_case(Permission.DESK)
def end_member(ctx: ServiceContext, member_id: int, valid_to: dt.date) -> None:
    with ctx.write("Thôi làm thành viên Hội đồng") as s:
        member = s.get(CouncilMember, member_id)
        if member is None:
            raise ValidationError("Không tìm thấy thành viên Hội đồng.")
        if valid_to < member.valid_from:
            raise ValidationError("Ngày thôi không thể trước ngày bắt đầu.")
        member.valid_to = valid_to


def _members_on(s: Session, day: dt.date) -> list[CouncilMember]:
    return list(
        s.scalars(
            select(CouncilMember)
            .where(
                CouncilMember.valid_from <= day,
                or_(CouncilMember.valid_to.is_(None), CouncilMember.valid_to >= day),
            )
            .order_by(CouncilMember.role, CouncilMember.id)
        )
    )


def _member(m: CouncilMember) -> Member:
    return Member(m.id, m.full_name, m.position, m.role, m.valid_from, m.valid_to)


def members_on(ctx: ServiceContext, day: dt.date) -> list[Member]:
    with ctx.read() as s:
        return [_member(m) for m in _members_on(s, day)]


def all_members(ctx: ServiceContext) -> list[Member]:
    """Everyone who has sat on the council: those still serving first, then by role and start."""
    with ctx.read() as s:
        rows = s.scalars(
            select(CouncilMember).order_by(
                CouncilMember.valid_to.is_not(None),
                CouncilMember.role,
                CouncilMember.valid_from,
                CouncilMember.id,
            )
        )
        return [_member(m) for m in rows]


# --- meetings --------------------------------------------------------------------------------------------


def _quorum(s: Session, day: dt.date) -> Fraction:
    value = parameter_on(s, "council_quorum", day)
    return Fraction(str(value)) if value is not None else DEFAULT_QUORUM


@use_case(Permission.DESK)
def open_meeting(
    ctx: ServiceContext,
    held_at: dt.datetime,
    year: int,
    present: Sequence[int],
    written_opinions: Sequence[int] = (),
    location: str | None = None,
) -> int:
    """Record a meeting and who attended; the council's size is its membership on that day."""
    with ctx.write("Ghi phiên họp Hội đồng TĐKT") as s:
        return _open(s, held_at, year, present, written_opinions, location).id


def _open(
    s: Session,
    held_at: dt.datetime,
    year: int,
    present: Sequence[int],
    written_opinions: Sequence[int],
    location: str | None,
) -> CouncilMeeting:
    members = {m.id for m in _members_on(s, held_at.date())}
    if not members:
        raise ValidationError(
            f"Ngày {held_at:%d/%m/%Y} Hội đồng chưa có thành viên nào; hãy nhập danh sách thành viên trước."
        )
    unknown = (set(present) | set(written_opinions)) - members
    if unknown:
        raise ValidationError("Có người dự họp không phải thành viên Hội đồng vào ngày họp.")
    if set(present) & set(written_opinions):
        raise ValidationError("Một thành viên không thể vừa dự họp vừa gửi ý kiến bằng văn bản.")
    meeting = CouncilMeeting(held_at=held_at, year=year, location=clean(location), members_total=len(members))
    meeting.attendance = [MeetingAttendance(member_id=m, present=True) for m in present] + [
        MeetingAttendance(member_id=m, present=False, written_opinion=True) for m in written_opinions
    ]
    s.add(meeting)
    s.flush()
    return meeting


def _meeting_info(s: Session, meeting: CouncilMeeting) -> MeetingInfo:
    present = sum(1 for a in meeting.attendance if a.present)
    written = sum(1 for a in meeting.attendance if a.written_opinion)
    needed = math.ceil(_quorum(s, meeting.held_at.date()) * meeting.members_total)
    return MeetingInfo(
        meeting.id,
        meeting.held_at,
        meeting.location,
        meeting.year,
        meeting.members_total,
        present,
        written,
        needed,
    )


def meeting_info(ctx: ServiceContext, meeting_id: int) -> MeetingInfo:
    with ctx.read() as s:
        meeting = s.get(CouncilMeeting, meeting_id)
        if meeting is None:
            raise ValidationError("Không tìm thấy phiên họp.")
        return _meeting_info(s, meeting)


def _threshold(s: Session, code: str, day: dt.date) -> Fraction | None:
    value = parameter_on(s, f"vote_threshold.{code}", day)
    return Fraction(str(value)) if value is not None else None


@use_case(Permission.DESK)
def record_votes(ctx: ServiceContext, meeting_id: int, tallies: Sequence[Tally]) -> list[BallotResult]:
    """Count each nomination's ballots against its threshold; the items become "Đạt" or "Không đạt" with the
    count as the reason. All the tallies are written, or none."""
    items = {i.id: i for i in load_nominations(ctx, [t.nomination_id for t in tallies])}
    with ctx.write("Ghi kết quả bỏ phiếu của Hội đồng TĐKT") as s:
        meeting = s.get(CouncilMeeting, meeting_id)
        if meeting is None:
            raise ValidationError("Không tìm thấy phiên họp.")
        return _record(s, ctx.actor, meeting, items, tallies)


@use_case(Permission.DESK)
def hold_meeting(
    ctx: ServiceContext,
    held_at: dt.datetime,
    year: int,
    present: Sequence[int],
    written_opinions: Sequence[int],
    tallies: Sequence[Tally],
    location: str | None = None,
) -> tuple[int, list[BallotResult]]:
    """A meeting, its attendance and its votes in one transaction: a refused tally leaves no meeting behind."""
    items = {i.id: i for i in load_nominations(ctx, [t.nomination_id for t in tallies])}
    with ctx.write("Ghi phiên họp và kết quả bỏ phiếu của Hội đồng TĐKT") as s:
        meeting = _open(s, held_at, year, present, written_opinions, location)
        return meeting.id, _record(s, ctx.actor, meeting, items, tallies)


def _record(
    s: Session,
    actor: str,
    meeting: CouncilMeeting,
    items: dict[int, NominationItem],
    tallies: Sequence[Tally],
) -> list[BallotResult]:
    info = _meeting_info(s, meeting)
    if not info.quorum_met:
        raise ValidationError(
            f"Phiên họp có {info.present}/{info.members_total} thành viên dự, chưa đủ {info.quorum_needed} "
            "người theo quy định; chưa thể bỏ phiếu."
        )
    voters = info.present + info.written_opinions
    day = meeting.held_at.date()
    results = []
    for tally in tallies:
        item = items.get(tally.nomination_id)
        if item is None:
            raise ValidationError("Có đề nghị không còn trong cơ sở dữ liệu.")
        results.append(_count(s, actor, meeting, item, tally, voters, _threshold(s, item.award_code, day)))
    return results


def quorum_on(ctx: ServiceContext, day: dt.date) -> Fraction:
    """The share of the members a meeting on `day` needs present."""
    with ctx.read() as s:
        return _quorum(s, day)


def thresholds_on(ctx: ServiceContext, codes: Sequence[str], day: dt.date) -> dict[str, Fraction | None]:
    """Each code's vote threshold on `day` (None: a majority of the whole council)."""
    with ctx.read() as s:
        return {code: _threshold(s, code, day) for code in set(codes)}


MAJORITY_SOURCE = "Không có tỷ lệ riêng: quá nửa tổng số thành viên Hội đồng"


def threshold_sources_on(ctx: ServiceContext, codes: Sequence[str], day: dt.date) -> dict[str, str]:
    """Where each code's threshold on `day` comes from, with its certainty tag: "NĐ 152/2025/NĐ-CP, Điều 33
    khoản 5 (…) [V]", or the province's regulation as the office entered it."""
    keys = {f"vote_threshold.{code}": code for code in set(codes)}
    with ctx.read() as s:
        rows = {
            (r.rule_set.value, r.key, r.effective_from): r
            for r in s.scalars(select(Parameter).where(Parameter.key.in_(keys)))
        }
    book = RuleBook(
        [ParameterRow(rule_set, key, r.value, start) for (rule_set, key, start), r in rows.items()], {}, ()
    )
    found = {}
    for key, code in keys.items():
        decided = book.deciding_row(key, day)
        row = rows[(decided[0], key, decided[1])] if decided and decided[2] is not None else None
        found[code] = f"{row.source or 'chưa ghi nguồn'} [{row.certainty.value}]" if row else MAJORITY_SOURCE
    return found


def _count(
    s: Session,
    actor: str,
    meeting: CouncilMeeting,
    item: NominationItem,
    tally: Tally,
    voters: int,
    threshold: Fraction | None,
) -> BallotResult:
    votes = (tally.votes_for, tally.votes_against, tally.votes_invalid)
    if min(votes) < 0:
        raise ValidationError("Số phiếu không thể âm.")
    if sum(votes) > voters:
        raise ValidationError(
            f"{item.subject_name}: {sum(votes)} phiếu, nhiều hơn {voters} thành viên được bỏ "
            "phiếu (dự họp và gửi ý kiến)."
        )
    if item.status is NominationStatus.RECEIVED:
        move(s, actor, [item.id], NominationStatus.IN_COUNCIL)
    elif item.status is not NominationStatus.IN_COUNCIL:
        raise ValidationError(
            f"Đề nghị cho {item.subject_name} đang ở trạng thái “{item.status.label}”, không đưa ra bỏ phiếu."
        )
    needed = needed_votes(threshold, meeting.members_total)
    result = BallotResult(
        item.id,
        item.subject_name,
        item.award_name,
        *votes,
        meeting.members_total,
        threshold,
        needed,
        tally.votes_for >= needed,
        secret=threshold is not None,
    )
    s.add(
        Ballot(
            meeting_id=meeting.id,
            nomination_id=item.id,
            secret=result.secret,
            votes_for=tally.votes_for,
            votes_against=tally.votes_against,
            votes_invalid=tally.votes_invalid,
            threshold=float(threshold if threshold is not None else Fraction(needed, meeting.members_total)),
            passed=result.passed,
        )
    )
    move(
        s,
        actor,
        [item.id],
        NominationStatus.PASSED if result.passed else NominationStatus.FAILED,
        f"Hội đồng TĐKT họp ngày {meeting.held_at:%d/%m/%Y}: {result.summary}",
        by_vote=True,
    )
    return result


# --- what a meeting decided, for its biên bản --------------------------------------------------------------


@dataclass(frozen=True)
class MeetingRecord:
    info: MeetingInfo
    results: tuple[BallotResult, ...]
    chair: str | None  # the chair of the council among those present (chủ tọa)
    secretary: str | None
    attendees: tuple[str, ...]  # "Lê Văn Bình, Giám đốc Sở – Chủ tịch Hội đồng"


def meetings_in(ctx: ServiceContext, year: int) -> list[MeetingInfo]:
    """The meetings that reviewed a year's nominations, latest first."""
    with ctx.read() as s:
        meetings = s.scalars(
            select(CouncilMeeting).where(CouncilMeeting.year == year).order_by(CouncilMeeting.held_at.desc())
        )
        return [_meeting_info(s, m) for m in meetings]


def meeting_record(ctx: ServiceContext, meeting_id: int) -> MeetingRecord:
    with ctx.read() as s:
        meeting = s.get(CouncilMeeting, meeting_id)
        if meeting is None:
            raise ValidationError("Không tìm thấy phiên họp.")
        info = _meeting_info(s, meeting)
        present = {a.member_id for a in meeting.attendance if a.present}
        members = sorted(
            (m for m in s.scalars(select(CouncilMember).where(CouncilMember.id.in_(present)))),
            key=lambda m: (list(CouncilRole).index(m.role), m.id),
        )
        ballots = {b.nomination_id: b for b in meeting.ballots}
    items = {i.id: i for i in load_nominations(ctx, list(ballots))}
    results = []
    for nomination_id, b in ballots.items():
        # A secret ballot stored its share of the council; an open vote the majority it needed.
        threshold = Fraction(str(b.threshold)).limit_denominator(100) if b.secret else None
        item = items[nomination_id]
        results.append(
            BallotResult(
                nomination_id,
                item.subject_name,
                item.award_name,
                b.votes_for,
                b.votes_against,
                b.votes_invalid,
                info.members_total,
                threshold,
                needed_votes(threshold, info.members_total),
                b.passed,
                b.secret,
            )
        )

    def first(role: CouncilRole) -> str | None:
        return next((m.full_name for m in members if m.role is role), None)

    attendees = tuple(
        ", ".join(x for x in (m.full_name, m.position) if x) + f" – {m.role.label}" for m in members
    )
    return MeetingRecord(
        info,
        tuple(results),
        first(CouncilRole.CHAIR) or first(CouncilRole.VICE_CHAIR),
        first(CouncilRole.SECRETARY),
        attendees,
    )
