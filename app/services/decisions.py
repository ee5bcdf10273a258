"""Decisions (quyết định): what the Director grants, what goes up to the province or the Ministry, and what
comes back from there.

- `draft_decision` works out the list, each bonus (coefficient × mức lương cơ sở in force on the decision
  date, rounded up by `bonus_rounding`; among the emulation titles of one subject and year only the highest
  is paid, app.services.bonus.pay_titles_once) and the totals, writing nothing: the clerk reads it first.
- `issue_decision` does the same inside one unit of work, takes the next number of the register, and
  records the awards at once, so they are in every person's and unit's history the moment it is issued;
  the initiatives each award rested on are marked as used by it (one achievement, one award).
- `forward_to_higher` registers the Tờ trình for what is beyond the Director's power;
  `record_higher_decision` records the higher body's decision when it comes back (`record_higher_outcome`
  with the items it refused marked "Không đạt", in the same unit of work).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from app.domain.agency import LevelWording
from app.domain.decisions import DecisionDraft, DecisionLine
from app.domain.permissions import Permission, use_case
from app.domain.register import number_text
from app.errors import ValidationError
from app.rules import PERSON_CODES
from app.rules.money import bonus_amount
from app.services.agency import agency_wording
from app.services.bonus import TitleLine, coefficients_on, pay_titles_once, rounding_step
from app.services.catalogue import base_salary
from app.services.context import ServiceContext
from app.services.eligibility import FEW_PEOPLE, load_histories
from app.services.legal_bases import legal_bases as dated_bases
from app.services.nominations import NominationItem, load_nominations, move
from app.services.register import register_document
from app.services.review import item_verdicts
from app.text import clean
from app.text.numbers import int_text
from database.enums import AuthorityLevel, AwardSource, DecisionStatus, DocumentKind, NominationStatus
from database.models import (
    Agency,
    Award,
    AwardType,
    Decision,
    IncomingDocument,
    IncomingLink,
    Initiative,
    Signer,
)

# What an award of an issued decision never changes (the same list as migration 0008_issued_documents'
# triggers): who, what, when, on what basis, the money, which decision. Revoking it (with a reason) and its
# citation (`achievement`) stay writable.
LOCKED_AWARD = (
    "person_id",
    "unit_id",
    "award_type_id",
    "is_title",
    "year",
    "period_from",
    "period_to",
    "basis",
    "source",
    "decision_id",
    "decision_number",
    "decision_date",
    "decision_issuer",
    "nomination_id",
    "bonus_amount",
    "bonus_note",
)
# What an issued decision never changes; its register entry (document_id) is a link and stays writable.
LOCKED_DECISION = (
    "number_text",
    "issued_on",
    "issuer",
    "level",
    "year",
    "subject",
    "signer_name",
    "signer_title",
    "base_salary",
)
DECISION_LOCKED = (
    "Quyết định đã ban hành không sửa, không xóa được; hãy ban hành quyết định đính chính, sửa đổi hoặc "
    "thay thế."
)
AWARD_LOCKED = (
    "Khen thưởng theo quyết định đã ban hành không sửa, không xóa được; hãy ban hành quyết định "
    "đính chính, sửa đổi hoặc thay thế, hoặc thu hồi có lý do."
)


def higher_bodies(words: LevelWording) -> dict[AuthorityLevel, str]:
    """The bodies a Tờ trình goes up to, by the level that grants: "UBND tỉnh" (a city's "UBND thành phố")."""
    return {
        AuthorityLevel.PROVINCE: words.people_committee_short,
        AuthorityLevel.MINISTRY: "Bộ Y tế",
        AuthorityLevel.GOVERNMENT: "Thủ tướng Chính phủ",
        AuthorityLevel.STATE: "Chủ tịch nước",
    }


@dataclass(frozen=True)
class IssuedDecision:
    decision_id: int
    document_id: int | None
    number_text: str
    awards: int
    total: int


# --- the lock on what an issued decision granted ------------------------------------------------------------


def _issued_decision(session: Session, award: Award) -> bool:
    decision_id = loaded_value(award, "decision_id")
    if decision_id is None:
        return False
    with session.no_autoflush:
        status = session.scalar(select(Decision.status).where(Decision.id == decision_id))
    return status is not None and status is not DecisionStatus.DRAFT  # a voided one's awards stay as history


def _revoking(award: Award) -> bool:
    """Revoked now, with a reason: the one change an issued award takes (besides its citation)."""
    state = inspect(award)
    was = state.attrs.revoked.history.deleted
    return bool(was) and was[0] is False and award.revoked is True and bool(clean(award.revoked_reason))


def loaded_value(row, attribute: str):
    """The value as loaded from the database, before this flush's changes."""
    history = inspect(row).attrs[attribute].history
    return history.deleted[0] if history.deleted else getattr(row, attribute)


def _guard_decisions(session: Session) -> None:
    for decision in session.deleted:
        if isinstance(decision, Decision) and loaded_value(decision, "status") is not DecisionStatus.DRAFT:
            raise ValidationError(DECISION_LOCKED)
    for decision in session.dirty:
        if (
            not isinstance(decision, Decision)
            or (was := loaded_value(decision, "status")) is DecisionStatus.DRAFT
        ):
            continue
        state = inspect(decision)
        voiding = was is DecisionStatus.ISSUED and decision.status is DecisionStatus.VOIDED
        if any(state.attrs[c].history.has_changes() for c in LOCKED_DECISION) or (
            decision.status is not was and not voiding
        ):
            raise ValidationError(DECISION_LOCKED)


def guard_awards(session: Session) -> None:
    """Before a flush: refuse, in Vietnamese, a change or a deletion of an issued decision or of one of its
    awards (the database's triggers refuse the same)."""
    _guard_decisions(session)
    for award in session.deleted:
        if isinstance(award, Award) and _issued_decision(session, award):
            raise ValidationError(AWARD_LOCKED)
    for award in session.dirty:
        if not isinstance(award, Award):
            continue
        state = inspect(award)
        locked = any(state.attrs[c].history.has_changes() for c in LOCKED_AWARD)
        revocation = (
            state.attrs.revoked.history.has_changes() or state.attrs.revoked_reason.history.has_changes()
        )
        if (locked or (revocation and not _revoking(award))) and _issued_decision(session, award):
            raise ValidationError(AWARD_LOCKED)


# --- working out the list --------------------------------------------------------------------------------


def _base_salary(s: Session, day: dt.date) -> int:
    amount = base_salary(s, day)
    if amount is None:
        raise ValidationError(
            f"Chưa có mức lương cơ sở áp dụng cho ngày {day:%d/%m/%Y} (Cài đặt › Danh mục)."
        )
    return amount


def _subject(items: Sequence[NominationItem], year: int) -> str:
    codes = {i.award_code for i in items}
    who = (
        "tập thể, cá nhân"
        if any(i.collective for i in items) and not all(i.collective for i in items)
        else "tập thể"
        if all(i.collective for i in items)
        else "cá nhân"
    )
    if len(codes) == 1:
        first = items[0]
        if first.is_title:
            return f"Về việc tặng danh hiệu “{first.award_name}” năm {year}"
        return f"Về việc tặng {first.award_name} cho {who} có thành tích xuất sắc năm {year}"
    return f"Về việc khen thưởng {who} có thành tích xuất sắc năm {year}"


def _draft(
    s: Session,
    items: list[NominationItem],
    issued_on: dt.date,
    *,
    director: bool,
    subject: str | None = None,
    legal_bases: Sequence[str] | None = None,
) -> DecisionDraft:
    if not items:
        raise ValidationError("Chưa chọn đề nghị nào.")
    wanted = NominationStatus.PASSED if director else NominationStatus.FORWARDED
    for item in items:
        if item.status is not wanted:
            raise ValidationError(
                f"Đề nghị “{item.award_name}” cho {item.subject_name} đang ở trạng thái "
                f"“{item.status.label}”, chưa thể đưa vào quyết định."
            )
        if director and not item.within_director_power:
            raise ValidationError(
                f"“{item.award_name}” không thuộc thẩm quyền Giám đốc Sở; hãy lập tờ trình cấp trên."
            )
    years = {i.year for i in items}
    if len(years) > 1:
        raise ValidationError("Một quyết định chỉ khen thưởng thành tích của một năm; hãy tách theo năm.")
    if issued_on.year < min(years):
        raise ValidationError("Ngày quyết định không thể trước năm đạt thành tích.")
    salary = _base_salary(s, issued_on)
    step = rounding_step(s, issued_on)
    coefficients = coefficients_on(s, {i.award_code for i in items}, issued_on)
    lines = []
    for i in items:
        individual, collective = coefficients.get(i.award_code, (None, None))
        coefficient = collective if i.collective else individual
        lines.append(
            DecisionLine(
                i.id,
                i.subject_name,
                i.birth_text,
                i.position,
                i.unit_name,
                i.collective,
                i.award_code,
                i.award_name,
                coefficient,
                bonus_amount(coefficient, salary, step),
            )
        )
    titles = [n for n, i in enumerate(items) if i.is_title]
    settled = pay_titles_once(
        s,
        [
            TitleLine(
                items[n].person_id,
                items[n].unit_id,
                items[n].year,
                items[n].award_code,
                items[n].award_name,
                lines[n].amount,
            )
            for n in titles
        ],
        issued_on,
    )
    for n, bonus in zip(titles, settled, strict=True):
        lines[n] = replace(lines[n], amount=bonus.amount, note=bonus.note)
    year = years.pop()
    bases = tuple(legal_bases) if legal_bases else dated_bases(s, issued_on, DocumentKind.DECISION)
    return DecisionDraft(
        issued_on, year, clean(subject) or _subject(items, year), salary, step, tuple(lines), bases
    )


def draft_decision(
    ctx: ServiceContext,
    nomination_ids: Sequence[int],
    issued_on: dt.date,
    subject: str | None = None,
    legal_bases: Sequence[str] | None = None,
) -> DecisionDraft:
    """The decision as it would be issued on that day; writes nothing."""
    items = load_nominations(ctx, nomination_ids)
    with ctx.read() as s:
        return _draft(s, items, issued_on, director=True, subject=subject, legal_bases=legal_bases)


# --- issuing ---------------------------------------------------------------------------------------------


def _signer(s: Session, signer_id: int) -> Signer:
    signer = s.get(Signer, signer_id)
    if signer is None or not signer.active:
        raise ValidationError("Chưa chọn người ký (Cài đặt › Thông tin cơ quan).")
    return signer


def relied_initiatives(ctx: ServiceContext, items: Sequence[NominationItem]) -> dict[int, tuple[int, ...]]:
    """Nomination id → the initiatives its award rests on, as the rules judge the items together (a
    CSTĐCS without HTXSNV rests on the year's sáng kiến; a Bằng khen by ratings on two). Read before the
    decision's unit of work: the histories are read in a session of their own."""
    people = [i for i in items if not i.collective and i.award_code in PERSON_CODES]
    if not people:
        return {}
    ids = {i.person_id for i in people}
    hist = load_histories(ctx, ids if len(ids) <= FEW_PEOPLE else None)
    return {
        nid: v.initiatives
        for nid, v in item_verdicts(ctx, people, hist).items()
        if v is not None and v.initiatives
    }


def _mark_used(s: Session, awards: dict[int, Award], relied: dict[int, tuple[int, ...]]) -> None:
    """One achievement, one award (Luật Đ5.2c [V]; CV 5007/BNV-TĐKT [V]): each initiative an award rested on
    is marked as used by it, so the rules count it for that award only. One already used keeps its first
    award (reuse between titles, where the parameter allows it, needs no second mark)."""
    wanted = {ini: nid for nid, inis in relied.items() if nid in awards for ini in inis}
    if not wanted:
        return
    for ini in s.scalars(
        select(Initiative).where(Initiative.id.in_(list(wanted)), Initiative.used_by_award_id.is_(None))
    ):
        ini.used_by_award_id = awards[wanted[ini.id]].id
    s.flush()


def _issue(
    s: Session,
    actor: str,
    decision: Decision,
    issued_on: dt.date,
    draft: DecisionDraft,
    items: list[NominationItem],
    relied: dict,
    status: NominationStatus,
) -> IssuedDecision:
    """An issued decision (this office's or a higher body's, its own fields set by the caller) with the draft's
    year, subject and base salary; its awards granted and its items moved on, noting the decision."""
    decision.issued_on, decision.status = issued_on, DecisionStatus.ISSUED
    decision.year, decision.subject, decision.base_salary = draft.year, draft.subject, draft.base_salary
    s.add(decision)
    granted = _grant(s, decision, draft, items, relied)
    note = f"Quyết định số {decision.number_text} ngày {issued_on:%d/%m/%Y}"
    if decision.document_id is None:  # another body's decision, not one of our register
        note += f" của {decision.issuer}"
    move(s, actor, [i.id for i in items], status, note)
    return IssuedDecision(decision.id, decision.document_id, decision.number_text, granted, draft.total)


def _grant(
    s: Session,
    decision: Decision,
    draft: DecisionDraft,
    items: list[NominationItem],
    relied: dict[int, tuple[int, ...]] | None = None,
) -> int:
    """The awards of a decision, one per line; a title already held that year is refused by name. The
    initiatives the awards rested on (`relied`) are marked as used by them."""
    by_id = {i.id: i for i in items}
    made: dict[int, Award] = {}
    type_ids = dict(s.execute(select(AwardType.code, AwardType.id)).all())
    for line in draft.lines:
        item = by_id[line.nomination_id]
        held = (
            s.scalar(
                select(Award.id).where(
                    Award.award_type_id == type_ids[line.award_code],
                    Award.year == item.year,
                    Award.is_title,
                    Award.revoked.is_(False),
                    (Award.unit_id == item.unit_id)
                    if item.collective
                    else (Award.person_id == item.person_id),
                )
            )
            if item.is_title
            else None
        )
        if held is not None:
            raise ValidationError(f"{item.subject_name} đã có danh hiệu “{item.award_name}” năm {item.year}.")
        made[item.id] = Award(
            person_id=item.person_id,
            unit_id=item.unit_id,
            award_type_id=type_ids[line.award_code],
            is_title=item.is_title,
            year=item.year,
            basis=item.basis,
            source=AwardSource.DECISION,
            decision=decision,
            nomination_id=item.id,
            achievement=None,
            bonus_amount=line.amount,
            bonus_note=line.note,
            revoked=False,
        )
        s.add(made[item.id])
    s.flush()
    _mark_used(s, made, relied or {})
    return len(draft.lines)


@use_case(Permission.REGISTER)
def issue_decision(
    ctx: ServiceContext,
    nomination_ids: Sequence[int],
    issued_on: dt.date,
    signer_id: int,
    subject: str | None = None,
    legal_bases: Sequence[str] | None = None,
) -> IssuedDecision:
    """Number, record and grant in one go: the decision, its entry in the register, the awards, and the
    items marked "Đã quyết định". Any refusal leaves everything as it was."""
    items = load_nominations(ctx, nomination_ids)
    relied = relied_initiatives(ctx, items)
    with ctx.write("Ban hành quyết định khen thưởng") as s:
        draft = _draft(s, items, issued_on, director=True, subject=subject, legal_bases=legal_bases)
        signer = _signer(s, signer_id)
        agency = s.scalar(select(Agency))
        document = register_document(
            s,
            DocumentKind.DECISION,
            issued_on,
            draft.subject,
            signer_name=signer.full_name,
            signer_title=signer.position_title,
            recipients="Như Điều 3;\nLưu: VT, TĐKT.",
            content=draft.content(),
        )
        decision = Decision(
            document_id=document.id,
            number_text=number_text(document.number, document.symbol),
            issuer=agency.name,
            level=AuthorityLevel.DEPARTMENT,
            signer_name=signer.full_name,
            signer_title=signer.position_title,
        )
        return _issue(s, ctx.actor, decision, issued_on, draft, items, relied, NominationStatus.DECIDED)


@use_case(Permission.REGISTER, "vào sổ tờ trình cấp trên")
def forward_to_higher(
    ctx: ServiceContext,
    nomination_ids: Sequence[int],
    issued_on: dt.date,
    signer_id: int,
    level: AuthorityLevel = AuthorityLevel.PROVINCE,
) -> tuple[int, str]:
    """The Tờ trình that sends what is beyond the Director's power up, with its list; the items become
    "Đã trình cấp trên". Returns the register entry's id and its number."""
    items = load_nominations(ctx, nomination_ids)
    if not items:
        raise ValidationError("Chưa chọn đề nghị nào.")
    for item in items:
        if item.status is not NominationStatus.PASSED:
            raise ValidationError(
                f"Đề nghị “{item.award_name}” cho {item.subject_name} chưa được Hội đồng "
                "xét đạt, chưa thể trình cấp trên."
            )
    body = higher_bodies(agency_wording(ctx)).get(level, "cấp trên")
    years = sorted({i.year for i in items})
    subject = f"Về việc đề nghị {body} khen thưởng cho tập thể, cá nhân thuộc Sở Y tế năm {years[-1]}"
    with ctx.write(f"Trình {body} khen thưởng") as s:
        signer = _signer(s, signer_id)
        document = register_document(
            s,
            DocumentKind.SUBMISSION,
            issued_on,
            subject,
            signer_name=signer.full_name,
            signer_title=signer.position_title,
            recipients=f"{body};\nLưu: VT, TĐKT.",
            content={
                "level": level.value,
                "year": years[-1],
                "legal_bases": list(dated_bases(s, issued_on, DocumentKind.SUBMISSION)),
                "lines": [
                    {
                        "nomination_id": i.id,
                        "name": i.subject_name,
                        "birth": i.birth_text,
                        "position": i.position,
                        "unit": i.unit_name,
                        "collective": i.collective,
                        "award": i.award_code,
                        "award_name": i.award_name,
                    }
                    for i in items
                ],
            },
        )
        text = number_text(document.number, document.symbol)
        move(
            s,
            ctx.actor,
            [i.id for i in items],
            NominationStatus.FORWARDED,
            f"Tờ trình số {text} ngày {issued_on:%d/%m/%Y}",
        )
        return document.id, text


def record_higher_decision(
    ctx: ServiceContext,
    nomination_ids: Sequence[int],
    number: str,
    issued_on: dt.date,
    issuer: str,
    level: AuthorityLevel,
    subject: str | None = None,
) -> IssuedDecision:
    """The province's or the Ministry's decision has come back: its awards join the history at once; the
    bonus is worked out as it would be paid (coefficient × base salary on its date)."""
    outcome = record_higher_outcome(ctx, nomination_ids, number, issued_on, issuer, level, subject)
    assert outcome.decision is not None
    return outcome.decision


@dataclass(frozen=True)
class HigherOutcome:
    """What the higher body answered: its decision (None when it granted nothing) and the items refused."""

    decision: IssuedDecision | None
    failed: int  # items marked "Không đạt"


@use_case(Permission.DESK)
def record_higher_outcome(
    ctx: ServiceContext,
    granted_ids: Sequence[int],
    number: str,
    issued_on: dt.date,
    issuer: str,
    level: AuthorityLevel,
    subject: str | None = None,
    refused_ids: Sequence[int] = (),
    reason: str | None = None,
    incoming_id: int | None = None,
) -> HigherOutcome:
    """The whole answer of the higher body in one unit of work: the items it granted recorded under its
    decision, those it did not marked "Không đạt" with the reason; the decision linked to the incoming
    document it came in (`incoming_id`, of the register). Any refusal leaves everything as it was."""
    if not granted_ids and not refused_ids:
        raise ValidationError("Chưa đánh dấu đề nghị nào được khen thưởng.")
    number, issuer = clean(number), clean(issuer)
    if granted_ids and (not number or not issuer):
        raise ValidationError("Cần nhập số quyết định và cơ quan ban hành.")
    if refused_ids and not clean(reason):
        raise ValidationError("Hãy ghi lý do không đạt.")
    items = load_nominations(ctx, granted_ids) if granted_ids else []
    relied = relied_initiatives(ctx, items) if items else {}
    summary = (
        f"Ghi nhận quyết định {number} của {issuer}"
        if granted_ids
        else f"Ghi “Không đạt” cho {int_text(len(refused_ids))} đề nghị cấp trên không khen thưởng"
    )
    with ctx.write(summary) as s:
        issued = None
        if granted_ids:
            draft = _draft(s, items, issued_on, director=False, subject=subject)
            decision = Decision(number_text=number, issuer=issuer, level=level)
            issued = _issue(
                s, ctx.actor, decision, issued_on, draft, items, relied, NominationStatus.HIGHER_DECIDED
            )
            if incoming_id is not None:
                if s.get(IncomingDocument, incoming_id) is None:
                    raise ValidationError("Không tìm thấy văn bản đến đã chọn (có thể vừa bị xóa).")
                s.flush()  # the decision's id
                s.add(IncomingLink(incoming_id=incoming_id, decision_id=decision.id))
        if refused_ids:
            move(s, ctx.actor, refused_ids, NominationStatus.FAILED, reason)
        return HigherOutcome(issued, len(refused_ids))
