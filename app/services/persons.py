"""Upkeep of one member of staff from the window: add, correct, transfer, leave, discipline, and the
ratings and awards entered by hand.

    person_id = add_person(ctx, unit_id, PersonData("Nguyễn Văn An", birth_year=1980), start_date=day)
    update_person(ctx, person_id, data)                     # any field of the record, audited before/after
    transfer_person(ctx, person_id, Transfer(unit_id, day, position="Trưởng khoa"))
    leave_person(ctx, person_id, day, LeaveReason.RETIRED)  # kept in history, gone from current rolls
    add_discipline(ctx, person_id, DisciplineData(...)); lift_discipline(ctx, discipline_id, day)
    set_person_rating(ctx, person_id, 2024, RatingLevel.GOOD)
    add_history_award(ctx, person_id, HistoryAward(...)); update_history_award; delete_history_award

Each write is one `ctx.write` with a Vietnamese summary, so the audit keeps every field's before and after.
Who is current follows the staff directory (app.services.staff.load_directory): a person with `left_on`
set is no longer on the rolls; their postings, ratings and awards stay in the record.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.permissions import Permission, use_case
from app.domain.records import DisciplineEntry
from app.errors import ValidationError
from app.services.context import ServiceContext, clean_input
from app.services.limits import limit_of
from app.services.versions import check_shown, check_version
from app.text import birth_text, clean, fold, name_sort_key, proper_case_name, vn_date
from app.text.identity import name_identity
from database.enums import (
    AwardBasis,
    AwardCategory,
    AwardSource,
    DisciplineForm,
    Gender,
    RatingLevel,
    UnitStatus,
)
from database.models import Award, AwardType, Discipline, Initiative, Person, Posting, Rating, Unit

FIRST_BIRTH_YEAR = 1900
FIRST_YEAR = 1945  # ratings and awards (the tables' own limits)
MAX_ABSENT_DAYS = 366
NOT_FOUND = "Không tìm thấy cán bộ này trong cơ sở dữ liệu (có thể đã bị xóa)."


class LeaveReason(enum.Enum):
    """Why someone leaves the rolls; written on the last posting and in the note of the record."""

    RETIRED = "Nghỉ hưu"
    RESIGNED = "Thôi việc"
    MOVED_OUT = "Chuyển công tác ngoài ngành"

    @property
    def label(self) -> str:
        return self.value


# --- what the forms hand over ----------------------------------------------------------------------


@dataclass(frozen=True)
class PersonData:
    """The fields of a record a clerk types. birth_date and birth_year: either, or both (same year)."""

    full_name: str
    gender: Gender | None = None
    birth_date: dt.date | None = None
    birth_year: int | None = None
    staff_code: str | None = None
    position: str | None = None
    professional_title: str | None = None
    ethnicity: str | None = None
    phone: str | None = None
    health_sector_since: dt.date | None = None
    note: str | None = None


@dataclass(frozen=True)
class Transfer:
    unit_id: int
    day: dt.date  # the first day in the new unit; the old posting ends the day before
    position: str | None = None
    professional_title: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class DisciplineData:
    form: DisciplineForm
    effective_from: dt.date
    effective_to: dt.date | None = None
    decided_on: dt.date | None = None
    decision_ref: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class HistoryAward:
    """An award from before the program (or from another authority), typed from its paper."""

    award_type_id: int
    year: int
    basis: AwardBasis = AwardBasis.MERIT
    decision_number: str | None = None
    decision_date: dt.date | None = None
    decision_issuer: str | None = None
    period_from: int | None = None
    period_to: int | None = None
    bonus_amount: int | None = None
    achievement: str | None = None


# --- what the forms read -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RatingItem:
    year: int
    level: RatingLevel
    absent_days: int | None
    document_ref: str | None
    version: int = 1  # the rating's, handed back to set_person_rating (app.services.versions)


@dataclass(frozen=True)
class AwardItem:
    id: int
    award_type_id: int
    name: str
    year: int
    basis: AwardBasis
    decision_number: str | None
    decision_date: dt.date | None
    decision_issuer: str | None
    period_from: int | None
    period_to: int | None
    bonus_amount: int | None
    achievement: str | None
    editable: bool  # entered by hand or imported history; an award of a decision of the program is not
    version: int = 1  # the award's, handed back to update_history_award (app.services.versions)


@dataclass(frozen=True)
class AwardChoice:
    id: int
    name: str


@dataclass(frozen=True)
class PersonUpkeep:
    """One person as the upkeep forms read them: the record's fields and the rows they may change."""

    id: int
    data: PersonData
    unit_id: int | None
    left_on: dt.date | None
    current_start: dt.date | None  # the open posting's first day
    disciplines: tuple[DisciplineEntry, ...]
    ratings: tuple[RatingItem, ...]
    awards: tuple[AwardItem, ...]
    award_types: tuple[AwardChoice, ...]  # for an individual, in catalogue order
    version: int = 1  # the record's, handed back to update_person (app.services.versions)

    @property
    def full_name(self) -> str:
        return self.data.full_name


def person_upkeep(ctx: ServiceContext, person_id: int) -> PersonUpkeep:
    with ctx.read() as s:
        person = s.get(Person, person_id)
        if person is None:
            raise ValidationError(NOT_FOUND)
        data = PersonData(
            person.full_name,
            person.gender,
            person.birth_date,
            person.birth_year,
            person.staff_code,
            person.position,
            person.professional_title,
            person.ethnicity,
            person.phone,
            person.health_sector_since,
            person.note,
        )
        current = _open_posting(s, person_id)
        disciplines = tuple(
            DisciplineEntry(
                d.form,
                d.decided_on,
                d.effective_from,
                d.effective_to,
                d.decision_ref,
                d.reason,
                d.id,
                d.version,
            )
            for d in s.scalars(
                select(Discipline)
                .where(Discipline.person_id == person_id)
                .order_by(Discipline.effective_from, Discipline.id)
            )
        )
        ratings = tuple(
            RatingItem(r.year, r.level, r.absent_days, r.document_ref, r.version)
            for r in s.scalars(select(Rating).where(Rating.person_id == person_id).order_by(Rating.year))
        )
        awards = tuple(
            AwardItem(
                a.id,
                a.award_type_id,
                name,
                a.year,
                a.basis,
                a.decision_number,
                a.decision_date,
                a.decision_issuer,
                a.period_from,
                a.period_to,
                a.bonus_amount,
                a.achievement,
                a.source is AwardSource.HISTORY,
                a.version,
            )
            for a, name in s.execute(
                select(Award, AwardType.name)
                .join(AwardType, AwardType.id == Award.award_type_id)
                .where(Award.person_id == person_id, Award.revoked.is_(False))
                .order_by(Award.year, Award.id)
            )
        )
        types = tuple(
            AwardChoice(tid, name)
            for tid, name in s.execute(
                select(AwardType.id, AwardType.name)
                .where(AwardType.for_individual.is_(True))
                .order_by(AwardType.rank, AwardType.name)
            )
        )
        return PersonUpkeep(
            person.id,
            data,
            person.unit_id,
            person.left_on,
            current.start_date if current is not None else None,
            disciplines,
            ratings,
            awards,
            types,
            person.version,
        )


# --- checks ------------------------------------------------------------------------------------------


def _today() -> dt.date:
    return dt.date.today()


_TEXT_FIELDS = (
    ("full_name", "Họ và tên", Person.full_name),
    ("staff_code", "Mã cán bộ", Person.staff_code),
    ("position", "Chức vụ", Person.position),
    ("professional_title", "Chức danh nghề nghiệp", Person.professional_title),
    ("ethnicity", "Dân tộc", Person.ethnicity),
    ("phone", "Điện thoại", Person.phone),
)


def _tidy_person(data: PersonData) -> PersonData:
    data = clean_input(data)
    blanks = {
        f.name: (getattr(data, f.name) or None)
        for f in dataclasses.fields(data)
        if isinstance(getattr(data, f.name), str) and f.name != "full_name"
    }
    name = proper_case_name(data.full_name or "") or ""
    data = dataclasses.replace(data, full_name=name, **blanks)
    if not data.full_name:
        raise ValidationError("Cần nhập họ và tên.")
    for key, label, column in _TEXT_FIELDS:
        value = getattr(data, key)
        if value is not None and len(value) > limit_of(column):
            raise ValidationError(f"{label} dài quá {limit_of(column)} ký tự; hãy viết gọn lại.")
    today = _today()
    if data.birth_date is not None:
        if data.birth_year is not None and data.birth_year != data.birth_date.year:
            raise ValidationError(
                f"Năm sinh {data.birth_year} khác năm của ngày sinh {vn_date(data.birth_date)}."
            )
        data = dataclasses.replace(data, birth_year=data.birth_date.year)
        if data.birth_date > today:
            raise ValidationError(f"Ngày sinh {vn_date(data.birth_date)} ở tương lai.")
    if data.birth_year is not None and not FIRST_BIRTH_YEAR <= data.birth_year <= today.year:
        raise ValidationError(
            f"Năm sinh phải từ {FIRST_BIRTH_YEAR} đến {today.year} (đã nhập {data.birth_year})."
        )
    if data.health_sector_since is not None:
        if data.health_sector_since > today:
            raise ValidationError("Ngày vào ngành Y tế không được ở tương lai.")
        _not_before_birth(data, data.health_sector_since, "vào ngành Y tế")
    return data


def _born(data: PersonData | Person) -> tuple[dt.date | None, int | None]:
    return data.birth_date, data.birth_year


def _not_before_birth(person: PersonData | Person, day: dt.date, what: str) -> None:
    born, year = _born(person)
    if born is not None and day <= born:
        raise ValidationError(f"Ngày {what} ({vn_date(day)}) không thể trước ngày sinh ({vn_date(born)}).")
    if born is None and year is not None and day.year < year:
        raise ValidationError(f"Ngày {what} ({vn_date(day)}) không thể trước năm sinh ({year}).")


def _text(value: str | None, label: str, limit: int) -> str | None:
    value = clean(value) or None
    if value is not None and len(value) > limit:
        raise ValidationError(f"{label} dài quá {limit} ký tự; hãy viết gọn lại.")
    return value


def _person(s: Session, person_id: int) -> Person:
    person = s.get(Person, person_id)
    if person is None:
        raise ValidationError(NOT_FOUND)
    return person


def _working(person: Person, doing: str) -> None:
    if person.left_on is not None:
        raise ValidationError(
            f"{person.full_name} đã nghỉ từ ngày {vn_date(person.left_on)}; không thể {doing}."
        )


def _active_unit(s: Session, unit_id: int | None) -> Unit:
    unit = s.get(Unit, unit_id) if unit_id is not None else None
    if unit is None:
        raise ValidationError("Hãy chọn đơn vị công tác.")
    if unit.status is not UnitStatus.ACTIVE:
        raise ValidationError(f"Đơn vị “{unit.name}” không còn hoạt động; hãy chọn đơn vị khác.")
    return unit


def _open_posting(s: Session, person_id: int) -> Posting | None:
    return s.scalars(
        select(Posting)
        .where(Posting.person_id == person_id, Posting.end_date.is_(None))
        .order_by(Posting.start_date.desc().nulls_last(), Posting.id.desc())
        .limit(1)
    ).first()


def _last_start(s: Session, person_id: int) -> dt.date | None:
    starts = [
        d
        for d in s.scalars(select(Posting.start_date).where(Posting.person_id == person_id))
        if d is not None
    ]
    return max(starts) if starts else None


# --- the record --------------------------------------------------------------------------------------


def _set(obj, key: str, value) -> None:
    if getattr(obj, key) != value:
        setattr(obj, key, value)


def _apply(person: Person, data: PersonData) -> None:
    for f in dataclasses.fields(data):
        _set(person, f.name, getattr(data, f.name))
    _set(person, "name_folded", fold(data.full_name))
    _set(person, "sort_key", name_sort_key(data.full_name))


@use_case(Permission.DESK)
def add_person(ctx: ServiceContext, unit_id: int, data: PersonData, start_date: dt.date | None = None) -> int:
    """A new member of staff in `unit_id`, with a first posting from `start_date` (may be unknown)."""
    data = _tidy_person(data)
    if start_date is not None:
        if start_date > _today() + dt.timedelta(days=366):
            raise ValidationError("Ngày bắt đầu công tác quá xa trong tương lai.")
        _not_before_birth(data, start_date, "bắt đầu công tác")
    with ctx.write(f"Thêm cán bộ {data.full_name}") as s:
        unit = _active_unit(s, unit_id)
        _not_twice(s, data)
        s.info["summary"] = f"Thêm cán bộ {data.full_name} vào {unit.name}"
        person = Person(full_name=data.full_name, name_folded="", sort_key="", unit_id=unit.id)
        _apply(person, data)
        s.add(person)
        s.flush()
        s.add(
            Posting(
                person_id=person.id,
                unit_id=unit.id,
                position=data.position,
                professional_title=data.professional_title,
                start_date=start_date,
            )
        )
        return person.id


def _not_twice(s: Session, data: PersonData) -> None:
    """Someone with the same name and birth is most likely the same person, entered again; the staff
    code (the next key, as imports use it) tells namesakes apart."""
    if data.birth_date is None and data.birth_year is None:
        return
    same = s.execute(
        select(Person.full_name, Person.birth_date, Person.birth_year, Person.staff_code, Unit.name)
        .outerjoin(Unit, Unit.id == Person.unit_id)
        .where(Person.name_folded == fold(data.full_name), Person.left_on.is_(None))
    ).all()
    for name, born, year, code, unit in same:
        if name_identity(name) != name_identity(data.full_name):
            continue
        if data.birth_date is not None and born is not None and born != data.birth_date:
            continue
        if year != data.birth_year:
            continue
        if code and data.staff_code and code != data.staff_code:
            continue
        where = f" ở {unit}" if unit else ""
        raise ValidationError(
            f"Đã có {name} sinh {birth_text(born, year)}{where}. Nếu là người khác, hãy nhập mã cán bộ "
            "khác nhau để phân biệt; nếu là người đó chuyển đến, hãy dùng “Điều chuyển…”."
        )


@use_case(Permission.DESK)
def update_person(
    ctx: ServiceContext, person_id: int, data: PersonData, expected_version: int | None = None
) -> None:
    """Correct the record's fields. A new chức vụ or chức danh is written on the open posting too (a
    change of job in another unit is a transfer). `expected_version`: the version the form loaded
    (StaleRecord if another clerk saved since; None: no check)."""
    data = _tidy_person(data)
    with ctx.write(f"Sửa thông tin cán bộ {data.full_name}") as s:
        person = _person(s, person_id)
        check_version(s, person, expected_version)
        for posting in s.scalars(select(Posting).where(Posting.person_id == person_id)):
            if posting.start_date is not None:
                _not_before_birth(data, posting.start_date, "bắt đầu công tác")
        if data.health_sector_since is not None and person.left_on is not None:
            if data.health_sector_since > person.left_on:
                raise ValidationError("Ngày vào ngành Y tế sau ngày nghỉ.")
        current = _open_posting(s, person_id)
        if current is not None:
            _set(current, "position", data.position)
            _set(current, "professional_title", data.professional_title)
        _apply(person, data)


@use_case(Permission.DESK)
def transfer_person(
    ctx: ServiceContext, person_id: int, transfer: Transfer, expected_version: int | None = None
) -> None:
    """End the open posting the day before `transfer.day` and open one in the new unit from that day.
    `expected_version`: the person's version as the form loaded it (StaleRecord if changed since)."""
    transfer = clean_input(transfer)
    position = _text(transfer.position, "Chức vụ", limit_of(Person.position))
    title = _text(transfer.professional_title, "Chức danh nghề nghiệp", limit_of(Person.professional_title))
    note = _text(transfer.note, "Ghi chú", 2000)
    day = transfer.day
    if day is None:
        raise ValidationError("Hãy nhập ngày bắt đầu công tác ở đơn vị mới.")
    with ctx.write("Điều chuyển cán bộ") as s:
        person = _person(s, person_id)
        check_version(s, person, expected_version)
        _working(person, "điều chuyển")
        unit = _active_unit(s, transfer.unit_id)
        if unit.id == person.unit_id:
            raise ValidationError(
                f"{person.full_name} đang công tác ở “{unit.name}”; hãy chọn đơn vị khác "
                "(đổi chức vụ tại chỗ: dùng “Sửa thông tin…”)."
            )
        _not_before_birth(person, day, "điều chuyển")
        last = _last_start(s, person_id)
        if last is not None and day <= last:
            raise ValidationError(
                f"Ngày điều chuyển ({vn_date(day)}) phải sau ngày bắt đầu công tác hiện tại ({vn_date(last)})."
            )
        old_name = s.scalar(select(Unit.name).where(Unit.id == person.unit_id)) if person.unit_id else None
        for posting in s.scalars(
            select(Posting).where(Posting.person_id == person_id, Posting.end_date.is_(None))
        ):
            posting.end_date = day - dt.timedelta(days=1)
        position = position if position is not None else person.position
        title = title if title is not None else person.professional_title
        s.add(
            Posting(
                person_id=person_id,
                unit_id=unit.id,
                position=position,
                professional_title=title,
                start_date=day,
                note=note or (f"Chuyển công tác từ {old_name}" if old_name else None),
            )
        )
        person.unit_id = unit.id
        _set(person, "position", position)
        _set(person, "professional_title", title)
        s.info["summary"] = f"Điều chuyển {person.full_name} sang {unit.name} từ {vn_date(day)}"


@use_case(Permission.DESK)
def leave_person(
    ctx: ServiceContext,
    person_id: int,
    day: dt.date,
    reason: LeaveReason,
    note: str | None = None,
    expected_version: int | None = None,
) -> None:
    """Nghỉ hưu, thôi việc, chuyển công tác ngoài ngành on `day` (the last working day): the open posting
    ends that day, the record keeps everything, and the person leaves the current rolls."""
    note = _text(note, "Ghi chú", 2000)
    if day is None:
        raise ValidationError("Hãy nhập ngày nghỉ.")
    if day > _today():
        # left_on takes the person off the current rolls at once (as the staff directory reads it)
        raise ValidationError(
            f"Ngày nghỉ {vn_date(day)} chưa đến; hãy ghi khi đến ngày nghỉ (người này vẫn đang công tác)."
        )
    with ctx.write("Cán bộ nghỉ") as s:
        person = _person(s, person_id)
        check_version(s, person, expected_version)
        _working(person, "ghi nghỉ lần nữa")
        _not_before_birth(person, day, "nghỉ")
        last = _last_start(s, person_id)
        if last is not None and day < last:
            raise ValidationError(
                f"Ngày nghỉ ({vn_date(day)}) trước ngày bắt đầu công tác hiện tại ({vn_date(last)})."
            )
        words = reason.label + (f": {note}" if note else "")
        for posting in s.scalars(
            select(Posting).where(Posting.person_id == person_id, Posting.end_date.is_(None))
        ):
            posting.end_date = day
            posting.note = f"{posting.note}; {words}" if posting.note else words
        person.left_on = day
        line = f"{reason.label} từ {vn_date(day)}" + (f" ({note})" if note else "")
        person.note = f"{person.note}; {line}" if person.note else line  # one line: the form edits it
        s.info["summary"] = f"{person.full_name}: {reason.label.lower()} từ {vn_date(day)}"


# --- discipline --------------------------------------------------------------------------------------


def _check_discipline(person: Person, data: DisciplineData) -> DisciplineData:
    data = clean_input(data)
    if data.effective_from is None:
        raise ValidationError("Hãy nhập ngày kỷ luật có hiệu lực.")
    if data.effective_to is not None and data.effective_to < data.effective_from:
        raise ValidationError(
            f"Ngày hết hiệu lực ({vn_date(data.effective_to)}) trước ngày có hiệu lực "
            f"({vn_date(data.effective_from)})."
        )
    if data.decided_on is not None and data.decided_on > _today():
        raise ValidationError("Ngày quyết định kỷ luật không được ở tương lai.")
    _not_before_birth(person, data.effective_from, "kỷ luật có hiệu lực")
    return dataclasses.replace(
        data,
        decision_ref=_text(data.decision_ref, "Số quyết định", limit_of(Discipline.decision_ref)),
        reason=_text(data.reason, "Lý do", 4000),
    )


@use_case(Permission.DESK)
def add_discipline(ctx: ServiceContext, person_id: int, data: DisciplineData) -> int:
    with ctx.write("Ghi kỷ luật") as s:
        person = _person(s, person_id)
        data = _check_discipline(person, data)
        s.info["summary"] = f"Ghi kỷ luật {data.form.label.lower()} – {person.full_name}"
        row = Discipline(person_id=person_id, **dataclasses.asdict(data))
        s.add(row)
        s.flush()
        return row.id


def _discipline(s: Session, discipline_id: int, expected_version: int | None) -> tuple[Discipline, Person]:
    """The discipline and its person; StaleRecord when it moved since the form loaded `expected_version`."""
    row = s.get(Discipline, discipline_id)
    if row is None or row.person_id is None:
        raise ValidationError("Không tìm thấy kỷ luật này (có thể đã bị xóa).")
    check_version(s, row, expected_version)
    return row, _person(s, row.person_id)


@use_case(Permission.DESK)
def update_discipline(
    ctx: ServiceContext, discipline_id: int, data: DisciplineData, expected_version: int | None = None
) -> None:
    """`expected_version`: the discipline's version as the form loaded it (StaleRecord if changed since)."""
    with ctx.write("Sửa kỷ luật") as s:
        row, person = _discipline(s, discipline_id, expected_version)
        data = _check_discipline(person, data)
        for key, value in dataclasses.asdict(data).items():
            _set(row, key, value)
        s.info["summary"] = f"Sửa kỷ luật – {person.full_name}"


@use_case(Permission.DESK)
def lift_discipline(
    ctx: ServiceContext, discipline_id: int, day: dt.date, expected_version: int | None = None
) -> None:
    """Xóa kỷ luật / chấm dứt hiệu lực: the discipline ends on `day` (kept in the record)."""
    if day is None:
        raise ValidationError("Hãy nhập ngày chấm dứt kỷ luật.")
    with ctx.write("Chấm dứt kỷ luật") as s:
        row, person = _discipline(s, discipline_id, expected_version)
        if day < row.effective_from:
            raise ValidationError(
                f"Ngày chấm dứt ({vn_date(day)}) trước ngày kỷ luật có hiệu lực ({vn_date(row.effective_from)})."
            )
        if row.effective_to is not None and row.effective_to < day:
            raise ValidationError(f"Kỷ luật này đã hết hiệu lực từ {vn_date(row.effective_to)}.")
        row.effective_to = day
        s.info["summary"] = (
            f"Chấm dứt kỷ luật {row.form.label.lower()} – {person.full_name} từ {vn_date(day)}"
        )


@use_case(Permission.DESK)
def delete_discipline(ctx: ServiceContext, discipline_id: int, expected_version: int | None = None) -> None:
    """A discipline entered by mistake (a lifted one stays, with its end date: lift_discipline)."""
    with ctx.write("Xóa kỷ luật ghi nhầm") as s:
        row, person = _discipline(s, discipline_id, expected_version)
        s.delete(row)
        s.info["summary"] = f"Xóa kỷ luật ghi nhầm – {person.full_name}"


# --- ratings -----------------------------------------------------------------------------------------


@use_case(Permission.DESK)
def set_person_rating(
    ctx: ServiceContext,
    person_id: int,
    year: int,
    level: RatingLevel | None,
    absent_days: int | None = None,
    document_ref: str | None = None,
    expected_version: int | None = None,
) -> None:
    """One year's rating of one person; level None removes it. `expected_version`: the rating's version as
    the form showed it, 0 when it showed none for the year (StaleRecord if another clerk changed, made or
    removed it since); None: not checked."""
    today = _today()
    if year is None or not FIRST_YEAR <= year <= today.year:
        raise ValidationError(f"Năm xếp loại phải từ {FIRST_YEAR} đến {today.year}.")
    if absent_days is not None and not 0 <= absent_days <= MAX_ABSENT_DAYS:
        raise ValidationError(f"Số ngày nghỉ phải từ 0 đến {MAX_ABSENT_DAYS}.")
    ref = _text(document_ref, "Ghi chú xếp loại", limit_of(Rating.document_ref))
    if level is None and (absent_days is not None or ref is not None):
        raise ValidationError("Hãy chọn mức xếp loại, hoặc xóa số ngày nghỉ và ghi chú.")
    with ctx.write("Sửa xếp loại") as s:
        person = _person(s, person_id)
        if person.birth_year is not None and year < person.birth_year + 15:
            raise ValidationError(f"Năm {year} quá sớm so với năm sinh ({person.birth_year}).")
        if person.left_on is not None and year > person.left_on.year:
            raise ValidationError(f"{person.full_name} đã nghỉ từ {vn_date(person.left_on)}.")
        existing = s.scalar(select(Rating).where(Rating.person_id == person_id, Rating.year == year))
        check_shown(s, existing, expected_version, "rating", f"Xếp loại năm {year} của {person.full_name}")
        if level is None:
            if existing is not None:
                s.delete(existing)
            s.info["summary"] = f"Xóa xếp loại năm {year} – {person.full_name}"
            return
        if existing is None:
            s.add(
                Rating(person_id=person_id, year=year, level=level, absent_days=absent_days, document_ref=ref)
            )
        else:
            _set(existing, "level", level)
            _set(existing, "absent_days", absent_days)
            _set(existing, "document_ref", ref)
        s.info["summary"] = f"Xếp loại năm {year} – {person.full_name}: {level.short}"


# --- awards entered by hand --------------------------------------------------------------------------


def _check_award(s: Session, person: Person, data: HistoryAward) -> HistoryAward:
    data = clean_input(data)
    today = _today()
    kind = s.get(AwardType, data.award_type_id) if data.award_type_id is not None else None
    if kind is None:
        raise ValidationError("Hãy chọn danh hiệu hoặc hình thức khen thưởng.")
    if not kind.for_individual:
        raise ValidationError(f"“{kind.name}” không tặng cho cá nhân.")
    if data.year is None or not FIRST_YEAR <= data.year <= today.year:
        raise ValidationError(f"Năm khen thưởng phải từ {FIRST_YEAR} đến {today.year}.")
    if person.birth_year is not None and data.year < person.birth_year + 15:
        raise ValidationError(f"Năm khen thưởng {data.year} quá sớm so với năm sinh ({person.birth_year}).")
    if data.period_from is not None and data.period_to is not None and data.period_to < data.period_from:
        raise ValidationError("Giai đoạn: năm cuối trước năm đầu.")
    if data.decision_date is not None:
        if data.decision_date > today:
            raise ValidationError("Ngày quyết định khen thưởng không được ở tương lai.")
        _not_before_birth(person, data.decision_date, "quyết định khen thưởng")
    if data.bonus_amount is not None and data.bonus_amount < 0:
        raise ValidationError("Tiền thưởng không được âm.")
    return dataclasses.replace(
        data,
        decision_number=_text(data.decision_number, "Số quyết định", limit_of(Award.decision_number)),
        decision_issuer=_text(data.decision_issuer, "Cấp khen", limit_of(Award.decision_issuer)),
        achievement=_text(data.achievement, "Thành tích", 4000),
    )


def _same_title_taken(s: Session, kind: AwardType, person_id: int, year: int, award_id: int | None) -> None:
    if kind.category is not AwardCategory.TITLE:
        return
    query = select(Award.id).where(
        Award.person_id == person_id,
        Award.award_type_id == kind.id,
        Award.year == year,
        Award.revoked.is_(False),
    )
    if award_id is not None:
        query = query.where(Award.id != award_id)
    if s.scalar(query.limit(1)) is not None:
        raise ValidationError(
            f"Năm {year} đã có danh hiệu “{kind.name}”; một danh hiệu chỉ được một lần mỗi năm."
        )


@use_case(Permission.DESK)
def add_history_award(ctx: ServiceContext, person_id: int, data: HistoryAward) -> int:
    with ctx.write("Thêm khen thưởng nhập tay") as s:
        person = _person(s, person_id)
        data = _check_award(s, person, data)
        kind = s.get(AwardType, data.award_type_id)
        _same_title_taken(s, kind, person_id, data.year, None)
        s.info["summary"] = f"Thêm khen thưởng {kind.name} năm {data.year} – {person.full_name}"
        award = Award(
            person_id=person_id,
            is_title=kind.category is AwardCategory.TITLE,
            source=AwardSource.HISTORY,
            **dataclasses.asdict(data),
        )
        s.add(award)
        s.flush()
        return award.id


def _hand_award(s: Session, award_id: int) -> tuple[Award, Person]:
    award = s.get(Award, award_id)
    if award is None or award.person_id is None:
        raise ValidationError("Không tìm thấy khen thưởng này (có thể đã bị xóa).")
    if award.source is not AwardSource.HISTORY:
        raise ValidationError(
            "Khen thưởng này do một quyết định trong chương trình tạo ra; muốn sửa, hãy sửa quyết định đó."
        )
    return award, _person(s, award.person_id)


@use_case(Permission.DESK)
def update_history_award(
    ctx: ServiceContext, award_id: int, data: HistoryAward, expected_version: int | None = None
) -> None:
    with ctx.write("Sửa khen thưởng nhập tay") as s:
        award, person = _hand_award(s, award_id)
        check_version(s, award, expected_version)
        data = _check_award(s, person, data)
        kind = s.get(AwardType, data.award_type_id)
        _same_title_taken(s, kind, person.id, data.year, award.id)
        for key, value in dataclasses.asdict(data).items():
            _set(award, key, value)
        _set(award, "is_title", kind.category is AwardCategory.TITLE)
        s.info["summary"] = f"Sửa khen thưởng {kind.name} năm {data.year} – {person.full_name}"


@use_case(Permission.DESK)
def delete_history_award(ctx: ServiceContext, award_id: int) -> None:
    with ctx.write("Xóa khen thưởng nhập tay") as s:
        award, person = _hand_award(s, award_id)
        used = s.scalar(select(Initiative.title).where(Initiative.used_by_award_id == award.id).limit(1))
        if used is not None:
            raise ValidationError(
                f"Khen thưởng này đã dùng sáng kiến “{used}” làm căn cứ; không xóa được. Hãy sửa lại nếu nhập nhầm."
            )
        s.delete(award)
        s.info["summary"] = f"Xóa khen thưởng năm {award.year} – {person.full_name}"
