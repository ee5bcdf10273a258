"""Đăng ký thi đua: the titles each unit, and each of its staff, aims for in a year, the models and solutions
(mô hình, giải pháp) they undertake, and how it ended.

    rows = year_registrations(ctx, 2025)            # every unit with its registration (or none yet)
    detail = registration_detail(ctx, reg_id)       # the collective titles and the staff with their titles
    save_registration(ctx, RegistrationData(...))   # entered by hand: the whole registration, one transaction
    plan = plan_registration_import(ctx, 2025, unit_id, read_aims(sheet, mapping))
    apply_registration_import(ctx, plan)            # all rows or none; refused while a row has a problem
    set_status(ctx, reg_id, RegistrationStatus.RETURNED, "Thiếu chữ ký thủ trưởng")
    record_model_outcome(ctx, item_id, done_on=dt.date(2025, 11, 30), note="Đã triển khai")
    registered_vs_achieved(ctx, 2025)               # the year-end view: registered, achieved, missing
    unregistered(ctx, 2025, "CSTDCS", person_ids=[...])   # who is nominated without having registered

The law (Luật TĐKT Đ5.1) recognises no danh hiệu thi đua without registration; forms of award (Giấy khen,
Bằng khen …) need none. A registration counts whatever its status: the unit did register, and a returned
one is only waiting for papers.

A model or solution (mô hình, giải pháp thi đua) is registered by the unit or by one of its staff, in its own
words, with no award type. A title is achieved when it is awarded; a model or solution when the clerk marks it
done (the date it was checked, with a note of what was found) or links it to the initiative it was
recognised as (app.services.initiatives): whichever the desk knows; nothing is guessed from names.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from app.domain.permissions import Permission, use_case
from app.errors import ValidationError
from app.exchange.roster import REGISTERED_TITLE, RosterSheet, parse_people
from app.services.context import ServiceContext, record_bulk
from app.services.staff import IncomingPerson, Known, incoming_people
from app.services.units import subtree_ids
from app.services.versions import check_version, touch
from app.text import birth_text, clean, fold, vietnamese_key
from app.text.identity import NameIndex, find, narrow, same_birth, same_words
from app.text.numbers import int_text
from database.enums import AwardCategory, RegistrationKind, RegistrationStatus, UnitKind, UnitStatus
from database.models import (
    Award,
    AwardType,
    Campaign,
    Initiative,
    Person,
    Registration,
    RegistrationItem,
    Unit,
)

STATUS_LABELS = {s: s.label for s in RegistrationStatus}
NEEDS_REASON = frozenset({RegistrationStatus.RETURNED})
WORK_KINDS = (RegistrationKind.MODEL, RegistrationKind.SOLUTION)  # registered in their own words

# Aiming at a title of a chain includes the titles below it: CSTĐCS asks for the LĐTT standard first,
# CSTĐ tỉnh is chosen among CSTĐCS, TTLĐXS among collectives that are at least TTLĐTT, a Cờ among TTLĐXS.
INCLUDES: dict[str, frozenset[str]] = {
    "CSTDCS": frozenset({"LDTT"}),
    "CSTD_TINH": frozenset({"CSTDCS", "LDTT"}),
    "CSTD_BO": frozenset({"CSTDCS", "LDTT"}),
    "CSTD_TQ": frozenset({"CSTD_TINH", "CSTD_BO", "CSTDCS", "LDTT"}),
    "TTLDXS": frozenset({"TTLDTT"}),
    "CO_TINH": frozenset({"TTLDXS", "TTLDTT"}),
    "CO_BO": frozenset({"TTLDXS", "TTLDTT"}),
    "CO_CP": frozenset({"TTLDXS", "TTLDTT"}),
}


def covering_codes(code: str) -> frozenset[str]:
    """The registered titles that count as a registration for ``code``."""
    return frozenset({code} | {higher for higher, lower in INCLUDES.items() if code in lower})


# --- the catalogue's titles ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TitleChoice:
    id: int
    code: str
    name: str
    short_name: str
    for_individual: bool
    for_collective: bool


def title_choices(ctx: ServiceContext) -> list[TitleChoice]:
    """The danh hiệu thi đua one may register for, lowest first."""
    with ctx.read() as s:
        return _titles(s)


def _titles(s: Session, forms_too: bool = False) -> list[TitleChoice]:
    """The danh hiệu thi đua of the catalogue, lowest first; with `forms_too` the forms of award as well."""
    query = select(
        AwardType.id,
        AwardType.code,
        AwardType.name,
        AwardType.short_name,
        AwardType.for_individual,
        AwardType.for_collective,
    ).order_by(AwardType.rank, AwardType.id)
    if not forms_too:
        query = query.where(AwardType.category == AwardCategory.TITLE)
    return [TitleChoice(*r) for r in s.execute(query)]


def award_choices(s: Session) -> list[TitleChoice]:
    """Every title and form of the catalogue (what a nomination list may propose), lowest first."""
    return _titles(s, forms_too=True)


_ABBREVIATIONS = (
    ("chien si thi dua", "cstd"),
    ("lao dong tien tien", "ldtt"),
    ("lao dong xuat sac", "ldxs"),
    ("tap the", "tt"),
    ("co so", "cs"),
    ("danh hieu", ""),
    # forms of award as units write them: "Bằng khen của Chủ tịch UBND tỉnh", "BK UBND tỉnh", "BK Thủ tướng"
    ("uy ban nhan dan", "ubnd"),
    ("chu tich", ""),
    ("cua", ""),
    ("bang khen", "bk"),
    ("giay khen", "gk"),
    ("thu tuong chinh phu", "ttg"),
    ("thu tuong", "ttg"),
    ("giam doc so y te", "gds"),
    ("giam doc so", "gds"),
    ("cap tinh", "tinh"),
    ("bo truong bo y te", "byt"),
    ("bo y te", "byt"),
    ("huan chuong lao dong", "hcld"),
)


def wording_key(text: str | None) -> str:
    """How a remembered wording is looked up: folded, spacing and case aside."""
    return " ".join(fold(clean(text) or "").split())


def _title_key(text: str) -> str:
    """ "Chiến sĩ thi đua cơ sở", "CSTĐ cơ sở", "CSTĐCS" and "cstdcs" all give "cstdcs"; "Bằng khen của Chủ tịch
    UBND tỉnh" and "BK UBND tỉnh" give "bkubndtinh"."""
    words = " " + " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split()) + " "
    for phrase, short in _ABBREVIATIONS:
        words = words.replace(f" {phrase} ", f" {short} ")
    return "".join(words.split())


class TitleReader:
    """Turns what a list writes in its title column into catalogue codes (several per cell allowed).

    `titles`: what may be read, those for individuals (and those for collectives too with `collective`);
    `wordings`: the wordings a clerk mapped once (wording_key → code), read before the usual abbreviations."""

    SEPARATORS = re.compile(r"[,;/+\n]|\s+và\s+", re.IGNORECASE)

    def __init__(
        self,
        titles: Sequence[TitleChoice],
        wordings: Mapping[str, str] | None = None,
        *,
        collective: bool = False,
    ):
        self.codes: dict[str, str] = {}
        self.wordings = dict(wordings or {})
        for t in titles:
            if t.for_individual or (collective and t.for_collective):
                for text in (t.code, t.short_name, t.name):
                    self.codes.setdefault(_title_key(text), t.code)

    def read(self, text: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(codes, the parts not understood)."""
        codes: list[str] = []
        unknown: list[str] = []
        for part in self.SEPARATORS.split(text or ""):
            part = part.strip(" .-")
            if not part:
                continue
            code = self.wordings.get(wording_key(part)) or self.codes.get(_title_key(part))
            if code is None:
                unknown.append(part)
            elif code not in codes:
                codes.append(code)
        return tuple(codes), tuple(unknown)


_WORK_PREFIX = re.compile(r"^\s*(mo hinh|giai phap)\b[\s:.\-–]*")


# No title of the catalogue holds these words: where they first stand, a model or solution begins.
_WORK_IN_LINE = re.compile(r"\b((?:m[oô] h[iì]nh|gi[aả]i ph[aá]p)\b)", re.IGNORECASE)


def work_aim(text: str | None) -> tuple[RegistrationKind, str] | None:
    """A cell naming a model or solution: "Mô hình “Bệnh viện xanh – sạch – đẹp”" → (MODEL, the cell as
    written); "Giải pháp: …" → SOLUTION. None for anything else (a title)."""
    text = clean(text)
    match = _WORK_PREFIX.match(fold(text)) if text else None
    if match is None:
        return None
    kind = RegistrationKind.MODEL if match.group(1) == "mo hinh" else RegistrationKind.SOLUTION
    return kind, text


def work_text(kind: RegistrationKind, name: str) -> str:
    """A model or solution as a list prints it: its words, with its kind in front unless they begin with it."""
    return name if work_aim(name) is not None else f"{kind.label} {name[:1].lower()}{name[1:]}"


def read_cell(reader: TitleReader, text: str | None) -> tuple[tuple[str, ...], tuple, tuple[str, ...]]:
    """A list's aim cell: (title codes, models and solutions as (kind, name), parts not understood). A line
    that names a model or solution is that one aim whole (its name may hold commas and "và"); the other lines
    are titles, several to a line."""
    codes: list[str] = []
    works: list[tuple[RegistrationKind, str]] = []
    unknown: list[str] = []
    for line in (text or "").splitlines():
        start = _WORK_IN_LINE.search(line)
        if start is not None:  # "LĐTT; Mô hình …": the titles before it, the model to the end of the line
            # (a list's reader may have joined the cell's lines into one)
            work = work_aim(line[start.start(1) :])
            if work is not None:
                works.append(work)
                line = line[: start.start(1)]
        found, missed = reader.read(line)
        codes += [c for c in found if c not in codes]
        unknown += missed
    return tuple(codes), tuple(works), tuple(unknown)


# --- the year: units and their registrations ---------------------------------------------------------------


@dataclass(frozen=True)
class UnitRegistration:
    """One line of the year's list: a unit that registers, and its registration if there is one."""

    unit_id: int
    unit_name: str
    registration_id: int | None
    status: RegistrationStatus  # PENDING (chưa nhận) when nothing has come yet
    status_reason: str | None
    received_on: dt.date | None
    collective: tuple[str, ...]  # short names of the collective titles
    persons: int  # the people registered (one person aiming at two titles counts once)
    works: int = 0  # models and solutions registered
    campaign_id: int | None = None  # the campaign the registration answers, if any
    campaign_name: str | None = None


def registration_years(ctx: ServiceContext) -> list[int]:
    """Years with a registration, and this year and the next (registrations come in at the start of a year)."""
    this_year = dt.date.today().year
    with ctx.read() as s:
        years = set(s.scalars(select(Registration.year).distinct()))
    return sorted(years | {this_year, this_year + 1}, reverse=True)


def year_registrations(ctx: ServiceContext, year: int) -> list[UnitRegistration]:
    """The units directly under the Department (they register), and any other unit that registered."""
    with ctx.read() as s:
        regs = s.execute(
            select(
                Registration.id,
                Registration.unit_id,
                Registration.status,
                Registration.status_reason,
                Registration.received_on,
                Registration.campaign_id,
                Campaign.name,
            )
            .outerjoin(Campaign, Campaign.id == Registration.campaign_id)
            .where(Registration.year == year)
            .order_by(Registration.id)
        ).all()
        ids = [r.id for r in regs]
        persons: dict[int, set[int]] = defaultdict(set)  # the people, not the person–title pairs
        collective: dict[int, list[str]] = defaultdict(list)
        works: dict[int, int] = {}
        if ids:
            works = dict(
                s.execute(
                    select(RegistrationItem.registration_id, func.count())
                    .where(RegistrationItem.registration_id.in_(ids), RegistrationItem.kind.in_(WORK_KINDS))
                    .group_by(RegistrationItem.registration_id)
                ).all()
            )
            for reg_id, person_id, short in s.execute(
                select(RegistrationItem.registration_id, RegistrationItem.person_id, AwardType.short_name)
                .join(AwardType, AwardType.id == RegistrationItem.award_type_id)
                .join(Registration, Registration.id == RegistrationItem.registration_id)
                .where(Registration.year == year)
                .order_by(AwardType.rank)
            ):
                if person_id is None:
                    collective[reg_id].append(short)
                else:
                    persons[reg_id].add(person_id)
        roots = select(Unit.id).where(Unit.parent_id.is_(None), Unit.kind == UnitKind.DEPARTMENT)
        units = dict(
            s.execute(
                select(Unit.id, Unit.name).where(
                    or_(
                        and_(Unit.parent_id.in_(roots), Unit.status == UnitStatus.ACTIVE),
                        Unit.id.in_({r.unit_id for r in regs}),
                    )
                )
            ).all()
        )
    out = []
    registered: set[int] = set()
    for r in regs:
        registered.add(r.unit_id)
        out.append(
            UnitRegistration(
                r.unit_id,
                units.get(r.unit_id, ""),
                r.id,
                r.status,
                r.status_reason,
                r.received_on,
                tuple(collective[r.id]),
                len(persons[r.id]),
                works.get(r.id, 0),
                r.campaign_id,
                r.name,
            )
        )
    out += [
        UnitRegistration(uid, name, None, RegistrationStatus.PENDING, None, None, (), 0)
        for uid, name in units.items()
        if uid not in registered
    ]
    out.sort(key=lambda u: (vietnamese_key(u.unit_name), u.registration_id or 0))
    return out


# --- one registration ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisteredPerson:
    person_id: int
    full_name: str
    birth_text: str
    position: str | None
    unit_name: str  # the khoa/phòng the person works in
    code: str
    title: str


@dataclass(frozen=True)
class RegisteredWork:
    """A model or solution on a registration, and how it ended."""

    item_id: int
    kind: RegistrationKind
    name: str
    person_id: int | None  # None: the unit's own
    person_name: str | None
    done_on: dt.date | None = None
    done_note: str | None = None
    initiative_id: int | None = None
    initiative_title: str | None = None

    @property
    def achieved(self) -> bool:
        return self.done_on is not None or self.initiative_id is not None

    @property
    def text(self) -> str:
        return work_text(self.kind, self.name)

    @property
    def outcome(self) -> str:
        """ "Đã thực hiện (30/11/2025): …", "Công nhận sáng kiến: …", or "" while it is not achieved."""
        parts = []
        if self.done_on is not None:
            parts.append(
                f"Đã thực hiện ({self.done_on:%d/%m/%Y})" + (f": {self.done_note}" if self.done_note else "")
            )
        if self.initiative_id is not None:
            parts.append(f"Công nhận sáng kiến: {self.initiative_title or ''}".rstrip(": "))
        return "; ".join(parts)


@dataclass(frozen=True)
class RegistrationDetail:
    id: int
    year: int
    unit_id: int
    unit_name: str
    status: RegistrationStatus
    status_reason: str | None
    received_on: dt.date | None
    note: str | None
    collective_codes: tuple[str, ...]
    persons: tuple[RegisteredPerson, ...]
    version: int = 1  # the record's, handed back to save_registration (app.services.versions)
    works: tuple[RegisteredWork, ...] = ()
    campaign_id: int | None = None
    campaign_name: str | None = None


def registration_detail(ctx: ServiceContext, registration_id: int) -> RegistrationDetail:
    with ctx.read() as s:
        reg = s.get(Registration, registration_id)
        if reg is None:
            raise ValidationError("Không tìm thấy bản đăng ký thi đua (có thể đã bị người khác xóa).")
        unit_name = s.scalar(select(Unit.name).where(Unit.id == reg.unit_id)) or ""
        collective = tuple(
            s.scalars(
                select(AwardType.code)
                .join(RegistrationItem, RegistrationItem.award_type_id == AwardType.id)
                .where(
                    RegistrationItem.registration_id == registration_id, RegistrationItem.person_id.is_(None)
                )
                .order_by(AwardType.rank)
            )
        )
        rows = s.execute(
            select(
                Person.id,
                Person.full_name,
                Person.birth_date,
                Person.birth_year,
                Person.position,
                func.coalesce(Unit.name, ""),
                AwardType.code,
                AwardType.name,
            )
            .join(RegistrationItem, RegistrationItem.person_id == Person.id)
            .join(AwardType, AwardType.id == RegistrationItem.award_type_id)
            .outerjoin(Unit, Unit.id == Person.unit_id)
            .where(RegistrationItem.registration_id == registration_id)
            .order_by(Person.sort_key, Person.id, AwardType.rank)
        )
        persons = tuple(
            RegisteredPerson(pid, name, birth_text(bd, by), pos, uname, code, title)
            for pid, name, bd, by, pos, uname, code, title in rows
        )
        works = tuple(
            RegisteredWork(*row)
            for row in s.execute(
                select(
                    RegistrationItem.id,
                    RegistrationItem.kind,
                    RegistrationItem.name,
                    RegistrationItem.person_id,
                    Person.full_name,
                    RegistrationItem.done_on,
                    RegistrationItem.done_note,
                    RegistrationItem.initiative_id,
                    Initiative.title,
                )
                .outerjoin(Person, Person.id == RegistrationItem.person_id)
                .outerjoin(Initiative, Initiative.id == RegistrationItem.initiative_id)
                .where(
                    RegistrationItem.registration_id == registration_id, RegistrationItem.kind.in_(WORK_KINDS)
                )
                .order_by(RegistrationItem.person_id.is_not(None), Person.sort_key, RegistrationItem.id)
            )
        )
        campaign_name = (
            s.scalar(select(Campaign.name).where(Campaign.id == reg.campaign_id)) if reg.campaign_id else None
        )
        return RegistrationDetail(
            reg.id,
            reg.year,
            reg.unit_id,
            unit_name,
            reg.status,
            reg.status_reason,
            reg.received_on,
            reg.note,
            collective,
            persons,
            reg.version,
            works,
            reg.campaign_id,
            campaign_name,
        )


@dataclass(frozen=True)
class WorkAim:
    """A model or solution as entered: its kind, its own words, and the person who undertakes it (None: the
    unit)."""

    kind: RegistrationKind
    name: str
    person_id: int | None = None


@dataclass(frozen=True)
class RegistrationData:
    """A whole registration as the clerk enters it: the unit's titles, (person id, title code) pairs, the
    models and solutions, and the campaign it answers (None: the unit's yearly registration).

    `registration_id`: the registration the form edits (its campaign may change); None: the unit's
    registration of that year and campaign, made when there is none."""

    year: int
    unit_id: int
    collective_codes: tuple[str, ...] = ()
    persons: tuple[tuple[int, str], ...] = ()
    received_on: dt.date | None = None
    note: str | None = None
    works: tuple[WorkAim, ...] = ()
    campaign_id: int | None = None
    registration_id: int | None = None


def _check_year(year: int) -> None:
    if not 1945 <= year <= 2200:
        raise ValidationError(f"Năm {year} không hợp lệ.")


def _code_ids(s: Session) -> dict[str, TitleChoice]:
    return {t.code: t for t in _titles(s)}


def _campaign_name(s: Session, campaign_id: int) -> str:
    name = s.scalar(select(Campaign.name).where(Campaign.id == campaign_id))
    if name is None:
        raise ValidationError("Không tìm thấy phong trào thi đua đã chọn (có thể đã bị xóa).")
    return name


def _yearly(s: Session, year: int, unit_id: int, campaign_id: int | None = None) -> Registration:
    """The unit's registration of the year for `campaign_id`, made if missing; with no campaign, the first
    one of the year (the yearly one before any campaign's)."""
    query = select(Registration).where(Registration.year == year, Registration.unit_id == unit_id)
    if campaign_id is not None:
        _campaign_name(s, campaign_id)
        query = query.where(Registration.campaign_id == campaign_id)
    reg = s.scalars(query.order_by(Registration.campaign_id.is_not(None), Registration.id)).first()
    if reg is None:
        if s.get(Unit, unit_id) is None:
            raise ValidationError("Không tìm thấy đơn vị đăng ký.")
        reg = Registration(
            year=year,
            unit_id=unit_id,
            campaign_id=campaign_id,
            status=RegistrationStatus.RECEIVED,
            received_on=dt.date.today(),
        )
        s.add(reg)
        s.flush()
    return reg


def _move_to_campaign(s: Session, reg: Registration, campaign_id: int | None) -> None:
    """Tie a registration to another campaign (or to none), refused when the unit already has that one."""
    if reg.campaign_id == campaign_id:
        return
    if campaign_id is not None:
        _campaign_name(s, campaign_id)
    taken = s.scalar(
        select(Registration.id).where(
            Registration.year == reg.year,
            Registration.unit_id == reg.unit_id,
            Registration.campaign_id.is_(None)
            if campaign_id is None
            else Registration.campaign_id == campaign_id,
            Registration.id != reg.id,
        )
    )
    if taken is not None:
        raise ValidationError(
            "Đơn vị đã có bản đăng ký năm này "
            + ("cho phong trào đã chọn" if campaign_id else "không gắn phong trào")
            + ": hãy mở bản đó để sửa."
        )
    reg.campaign_id = campaign_id


def _replace_items(
    s: Session,
    reg: Registration,
    wanted: Iterable[tuple[int | None, str]],
    titles: dict[str, TitleChoice],
    *,
    persons_only: bool = False,
) -> None:
    """Make the registration's items exactly ``wanted`` (the collective ones too unless persons_only),
    keeping the rows that stay so the audit trail shows only what changed."""
    target: set[tuple[int | None, int]] = set()
    for person_id, code in wanted:
        t = titles.get(code)
        if t is None:
            raise ValidationError(f"“{code}” không phải là một danh hiệu thi đua trong danh mục.")
        if person_id is None and not t.for_collective:
            raise ValidationError(f"{t.name} là danh hiệu cá nhân, không đăng ký cho tập thể được.")
        if person_id is not None and not t.for_individual:
            raise ValidationError(f"{t.name} là danh hiệu tập thể, không đăng ký cho cá nhân được.")
        target.add((person_id, t.id))
    current = {
        (i.person_id, i.award_type_id): i
        for i in reg.items
        if i.kind is RegistrationKind.TITLE and not (persons_only and i.person_id is None)
    }
    for key, item in current.items():
        if key not in target:
            reg.items.remove(item)
    for person_id, type_id in sorted(target - current.keys(), key=lambda k: (k[0] or 0, k[1])):
        reg.items.append(RegistrationItem(person_id=person_id, award_type_id=type_id))


def _work_key(kind: RegistrationKind, name: str, person_id: int | None) -> tuple:
    return kind, fold(name), person_id


def _check_works(works: Iterable[WorkAim]) -> list[WorkAim]:
    out, seen = [], set()
    for w in works:
        name = clean(w.name)
        if w.kind not in WORK_KINDS:
            raise ValidationError(
                "Chỉ mô hình hoặc giải pháp được ghi bằng lời; danh hiệu chọn trong danh mục."
            )
        if not name:
            raise ValidationError(f"Chưa ghi tên {w.kind.label.lower()} đăng ký.")
        key = _work_key(w.kind, name, w.person_id)
        if key not in seen:
            seen.add(key)
            out.append(WorkAim(w.kind, name, w.person_id))
    return out


def _replace_works(reg: Registration, works: Sequence[WorkAim], *, keep_others: bool = False) -> int:
    """Make the registration's models and solutions ``works`` (or add them, keep_others), keeping the rows
    that stay with how they ended; the number added."""
    current = {_work_key(i.kind, i.name or "", i.person_id): i for i in reg.items if i.kind in WORK_KINDS}
    wanted = {_work_key(w.kind, w.name, w.person_id): w for w in works}
    if not keep_others:
        for key, item in current.items():
            if key not in wanted:
                reg.items.remove(item)
    added = 0
    for key, w in wanted.items():
        if key not in current:
            reg.items.append(RegistrationItem(person_id=w.person_id, kind=w.kind, name=w.name))
            added += 1
    return added


@use_case(Permission.DESK)
def save_registration(
    ctx: ServiceContext, data: RegistrationData, expected_version: int | None = None
) -> int:
    """Write the unit's registration of the year as entered (created when there is none); its id.
    `expected_version`: the version of the registration the form loaded (StaleRecord if another clerk saved
    since; None: no check); a change of the people registered alone counts as a change of it."""
    _check_year(data.year)
    wanted = [(None, c) for c in data.collective_codes] + list(data.persons)
    works = _check_works(data.works)
    if not wanted and not works:
        raise ValidationError(
            "Bản đăng ký chưa có danh hiệu, mô hình hay giải pháp nào: hãy chọn danh hiệu tập thể, thêm cá "
            "nhân hoặc ghi mô hình, giải pháp."
        )
    with ctx.write(f"Đăng ký thi đua năm {data.year}") as s:
        person_ids = {p for p, _ in data.persons} | {w.person_id for w in works if w.person_id is not None}
        known = set(s.scalars(select(Person.id).where(Person.id.in_(person_ids)))) if person_ids else set()
        if person_ids - known:
            raise ValidationError(
                "Có cán bộ trong danh sách không còn trong cơ sở dữ liệu; hãy mở lại bản đăng ký."
            )
        if data.registration_id is not None:
            reg = s.get(Registration, data.registration_id)
            if reg is None or (reg.year, reg.unit_id) != (data.year, data.unit_id):
                raise ValidationError("Không tìm thấy bản đăng ký thi đua (có thể đã bị người khác xóa).")
            check_version(s, reg, expected_version)
            _move_to_campaign(s, reg, data.campaign_id)
        else:
            reg = _yearly(s, data.year, data.unit_id, data.campaign_id)
            check_version(s, reg, expected_version)
            if reg.campaign_id != data.campaign_id:  # the year's first was another campaign's: a new one
                reg = Registration(
                    year=data.year,
                    unit_id=data.unit_id,
                    status=RegistrationStatus.RECEIVED,
                    received_on=dt.date.today(),
                )
                s.add(reg)
        if data.received_on is not None:
            reg.received_on = data.received_on
        reg.note = clean(data.note) or None
        _replace_items(s, reg, wanted, _code_ids(s))
        _replace_works(reg, works)
        touch(s, reg)
        s.flush()
        return reg.id


@use_case(Permission.DESK)
def set_status(
    ctx: ServiceContext,
    registration_id: int,
    status: RegistrationStatus,
    reason: str | None = None,
    received_on: dt.date | None = None,
) -> None:
    """Move a registration to ``status``; returning it for more papers needs the reason the unit is told."""
    reason = clean(reason) or None
    if status in NEEDS_REASON and not reason:
        raise ValidationError("Cần ghi lý do trả lại để đơn vị biết phải bổ sung gì.")
    with ctx.write(f"Đổi trạng thái đăng ký thi đua: {status.label}") as s:
        reg = s.get(Registration, registration_id)
        if reg is None:
            raise ValidationError("Không tìm thấy bản đăng ký thi đua.")
        reg.status = status
        reg.status_reason = reason
        if status is not RegistrationStatus.PENDING and reg.received_on is None:
            reg.received_on = received_on or dt.date.today()


@use_case(Permission.DESK)
def record_model_outcome(
    ctx: ServiceContext,
    item_id: int,
    done_on: dt.date | None = None,
    note: str | None = None,
    initiative_id: int | None = None,
) -> None:
    """How a registered model or solution ended: done on a date (with a note of what the check found), and/or
    the initiative it was recognised as. Neither: not (yet) achieved."""
    note = clean(note) or None
    if note and done_on is None and initiative_id is None:
        raise ValidationError("Hãy ghi ngày kiểm tra hoàn thành (hoặc chọn sáng kiến được công nhận).")
    with ctx.write("Ghi kết quả mô hình, giải pháp đăng ký") as s:
        item = s.get(RegistrationItem, item_id)
        if item is None or item.kind not in WORK_KINDS:
            raise ValidationError("Không tìm thấy mô hình, giải pháp đăng ký (có thể đã bị người khác xóa).")
        if initiative_id is not None and s.get(Initiative, initiative_id) is None:
            raise ValidationError("Không tìm thấy sáng kiến đã chọn.")
        year = s.scalar(select(Registration.year).where(Registration.id == item.registration_id))
        if done_on is not None and done_on.year < year:
            raise ValidationError(f"Ngày hoàn thành {done_on:%d/%m/%Y} trước năm đăng ký {year}.")
        item.done_on, item.done_note, item.initiative_id = done_on, note, initiative_id


# --- importing a unit's list -----------------------------------------------------------------------------


@dataclass(frozen=True)
class IncomingAim:
    """One row of a registration list: the person as written and the title cell."""

    person: IncomingPerson
    title_text: str | None


def read_aims(sheet: RosterSheet, mapping: dict[int, str]) -> list[IncomingAim]:
    """The rows of a read list, with the column mapped to REGISTERED_TITLE as each person's title."""
    people = incoming_people(parse_people(sheet, mapping))
    column = next((i for i, code in mapping.items() if code == REGISTERED_TITLE), None)
    titles: dict[int, str | None] = {}
    if column is not None:
        for source in sheet.rows:
            value = source.cells[column] if column < len(source.cells) else None
            # Lines kept apart: a title on one line, a model or solution (with its commas) on the next.
            lines = [clean(x) for x in str(value).splitlines()] if value is not None else []
            titles[source.row] = "\n".join(x for x in lines if x) or None
    return [IncomingAim(p, titles.get(p.row)) for p in people]


@dataclass(frozen=True)
class AimRow:
    """A row of the list checked against the database."""

    row: int
    full_name: str
    birth_text: str
    position: str | None
    title_text: str
    codes: tuple[str, ...]
    person_id: int | None
    person_unit: str | None  # the unit the matched person works in
    problems: tuple[str, ...] = ()  # the row cannot be written
    warnings: tuple[str, ...] = ()  # written, but worth a look
    works: tuple[tuple[RegistrationKind, str], ...] = ()  # models and solutions the row names


@dataclass
class RegistrationPlan:
    year: int
    unit_id: int
    unit_name: str
    rows: list[AimRow] = field(default_factory=list)
    campaign_id: int | None = None  # the campaign the registration answers

    @property
    def problem_rows(self) -> list[AimRow]:
        return [r for r in self.rows if r.problems]


class KnownPeople:
    """Everyone in the database by name (app.text.identity), to match a list's rows by name and birth."""

    def __init__(self, s: Session, home: set[int]):
        self.home = home
        self.index: NameIndex[Known] = NameIndex()
        self.units = dict(s.execute(select(Unit.id, Unit.name)).all())
        for pid, name, bdate, byear, uid, position in s.execute(
            select(
                Person.id,
                Person.full_name,
                Person.birth_date,
                Person.birth_year,
                Person.unit_id,
                Person.position,
            ).order_by(Person.left_on.is_not(None), Person.id)
        ):
            birth = bdate.isoformat() if bdate else str(byear or "")
            self.index.add(name, Known(pid, name, birth, uid, self.units.get(uid), position))

    @staticmethod
    def _born(namesakes: list[Known], p: IncomingPerson) -> list[Known]:
        """The exact birth key first; a list that gives only the year, or no birth at all, on what it gives."""
        candidates = same_birth(namesakes, p.birth_key, p.birth_date.year if p.birth_date else None)
        if not candidates and not p.birth_date:
            year = str(p.birth_year or "")  # Known.birth starts with the year, if any
            candidates = [k for k in namesakes if k.birth[:4] == year] if year else list(namesakes)
        return candidates

    def candidates(self, p: IncomingPerson) -> tuple[list[Known], bool]:
        """(who the row may be, probable): the people of the exact name and birth, inside the unit first, then
        by the position; when there are none, those whose name only folds to it (probable), the unit's first."""

        def inside(k: Known) -> bool:
            return k.unit_id in self.home

        same, probable = find(
            self.index,
            p.full_name,
            lambda known: self._born(known, p),
            inside,
            lambda k: same_words(k.position, p.position),
        )
        return (same, False) if same else (narrow(probable, inside), True)

    def match(self, p: IncomingPerson) -> tuple[Known | None, str | None, str | None]:
        """(the person, None, a warning) or (None, why not, None): the exact name first, inside the unit
        first, then the position; a name without marks that folds to one person is taken as that person
        with a warning the clerk sees before importing."""
        candidates, probable = self.candidates(p)
        if probable:
            return self._probable(candidates)
        if len(candidates) > 1:
            return (
                None,
                (
                    f"Có {int_text(len(candidates))} cán bộ cùng họ tên"
                    + (" và ngày sinh" if p.birth_key else "")
                    + ": hãy ghi ngày sinh đầy đủ trong tệp để phân biệt."
                ),
                None,
            )
        return candidates[0], None, None

    @staticmethod
    def _probable(probable: list[Known]) -> tuple[Known | None, str | None, str | None]:
        if len(probable) == 1:
            (k,) = probable
            return (
                k,
                None,
                (f"Tên không dấu: coi là {k.full_name} (cùng ngày sinh); hãy kiểm tra trước khi nhập"),
            )
        if probable:
            return (
                None,
                (
                    "Tên không dấu, có thể là "
                    + ", ".join(k.full_name for k in probable)
                    + ": hãy ghi họ tên có dấu trong tệp."
                ),
                None,
            )
        return (
            None,
            (
                "Không tìm thấy cán bộ này trong cơ sở dữ liệu (theo họ tên và ngày sinh): hãy nhập "
                "danh sách cán bộ của đơn vị trước, hoặc sửa họ tên, ngày sinh trong tệp cho khớp."
            ),
            None,
        )


def plan_registration_import(
    ctx: ServiceContext,
    year: int,
    unit_id: int,
    aims: Sequence[IncomingAim],
    default_code: str | None = None,
    campaign_id: int | None = None,
) -> RegistrationPlan:
    """Check every row: the person is known, each aim a title of the catalogue or a model or solution in the
    unit's words ("Mô hình …", "Giải pháp …"; a row without a name registers it for the unit). Writes
    nothing.

    ``default_code`` is the title of rows whose title cell is empty (a list of "đăng ký LĐTT")."""
    _check_year(year)
    with ctx.read() as s:
        unit_name = s.scalar(select(Unit.name).where(Unit.id == unit_id))
        if unit_name is None:
            raise ValidationError("Không tìm thấy đơn vị đăng ký.")
        if campaign_id is not None:
            _campaign_name(s, campaign_id)
        home = subtree_ids(s, unit_id)
        people = KnownPeople(s, home)
        reader = TitleReader(_titles(s))
    plan = RegistrationPlan(year, unit_id, unit_name, campaign_id=campaign_id)
    seen: dict[tuple[int, str], int] = {}
    for aim in aims:
        p = aim.person
        codes, works, unknown = read_cell(reader, aim.title_text)
        unit_work = works and not codes and not p.full_name  # the unit's own model or solution
        problems = [] if unit_work else list(p.problems)
        warnings: list[str] = []
        if not p.full_name and not problems and not unit_work:
            problems.append("Thiếu họ và tên")
        if unknown:
            problems.append("Không rõ danh hiệu: " + ", ".join(f"“{u}”" for u in unknown))
        elif not codes and not works and default_code:
            codes = (default_code,)
        elif not codes and not works:
            problems.append("Chưa ghi danh hiệu đăng ký")
        known, why, doubt = people.match(p) if p.full_name and not p.problems else (None, None, None)
        if why:
            problems.append(why)
        if doubt:
            warnings.append(doubt)
        unit_label = None
        if known is not None:
            unit_label = people.units.get(known.unit_id)
            if known.unit_id not in home:
                warnings.append(f"Đang công tác tại {unit_label or 'đơn vị khác'}, không thuộc {unit_name}")
            for code in codes:
                first = seen.setdefault((known.id, code), p.row)
                if first != p.row:
                    warnings.append(f"Trùng dòng {first}: chỉ ghi một lần")
        plan.rows.append(
            AimRow(
                p.row,
                p.full_name or "",
                birth_text(p.birth_date, p.birth_year),
                p.position,
                aim.title_text or "",
                codes,
                known.id if known else None,
                unit_label,
                tuple(problems),
                tuple(warnings),
                works,
            )
        )
    return plan


@dataclass(frozen=True)
class RegistrationImport:
    registration_id: int
    persons: int  # people on the registration now
    added: int  # (person, title) pairs new to it
    removed: int  # pairs that were on it and are not on the list
    year: int
    unit_id: int  # the registering unit
    works_added: int = 0  # models and solutions new to it (those already on it stay)


@use_case(Permission.DESK)
def apply_registration_import(
    ctx: ServiceContext, plan: RegistrationPlan, source: str = ""
) -> RegistrationImport:
    """Make the list the unit's staff registration of the year (its collective titles stay): all rows in one
    transaction, or nothing when any row still has a problem."""
    if plan.problem_rows:
        raise ValidationError(
            f"Danh sách còn {int_text(len(plan.problem_rows))} dòng có lỗi; hãy sửa tệp hoặc bỏ các dòng "
            "đó rồi nhập lại. Chưa có gì được ghi."
        )
    wanted = {(r.person_id, code) for r in plan.rows for code in r.codes}
    works = _check_works(WorkAim(kind, name, r.person_id) for r in plan.rows for kind, name in r.works)
    if not wanted and not works:
        raise ValidationError("Danh sách không có dòng nào để nhập.")
    summary = f"Nhập đăng ký thi đua năm {plan.year} của {plan.unit_name} {source}".strip()
    with ctx.write(summary) as s:
        reg = _yearly(s, plan.year, plan.unit_id, plan.campaign_id)
        titles = _code_ids(s)
        by_id = {t.id: t.code for t in titles.values()}
        before = {
            (i.person_id, by_id[i.award_type_id])
            for i in reg.items
            if i.person_id is not None and i.kind is RegistrationKind.TITLE
        }
        if wanted:  # a list of models alone leaves the staff's titles as they are
            _replace_items(s, reg, wanted, titles, persons_only=True)
        works_added = _replace_works(reg, works, keep_others=True)
        s.flush()
        result = RegistrationImport(
            reg.id,
            len({p for p, _ in wanted}),
            len(wanted - before),
            len(before - wanted) if wanted else 0,
            plan.year,
            plan.unit_id,
            works_added,
        )
        record_bulk(
            s,
            ctx.actor,
            "import",
            "registration",
            f"{summary}: {int_text(result.persons)} người, thêm {int_text(result.added)}, "
            f"bỏ {int_text(result.removed)} danh hiệu đăng ký, thêm {int_text(works_added)} mô hình, giải pháp",
            {
                "people": result.persons,
                "added": result.added,
                "removed": result.removed,
                "works_added": works_added,
                "year": plan.year,
                "unit_id": plan.unit_id,
                "source": source,
            },
            reg.id,
        )
        return result


def import_registration_list(
    ctx: ServiceContext,
    year: int,
    unit_id: int,
    aims: Sequence[IncomingAim],
    default_code: str | None = None,
    source: str = "",
    campaign_id: int | None = None,
) -> RegistrationImport:
    """The rows checked again against the database as it is now, then written in one transaction
    (plan_registration_import, then apply_registration_import)."""
    return apply_registration_import(
        ctx, plan_registration_import(ctx, year, unit_id, aims, default_code, campaign_id), source=source
    )


# --- the year end ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AimResult:
    """One registered aim (a title, a model or a solution) and what came of it."""

    registration_id: int
    unit_id: int  # the registering unit
    unit_name: str
    person_id: int | None  # None: the collective itself
    name: str  # the person, or the unit for a collective aim
    birth_text: str
    code: str  # the title's code; "" for a model or solution
    title: str  # the title's name, or the model's or solution's own words
    achieved: bool  # a title: awarded that year, not revoked; a model or solution: marked done or recognised
    other: tuple[str, ...]  # other titles the subject received that year (titles only)
    kind: RegistrationKind = RegistrationKind.TITLE
    item_id: int | None = None
    outcome: str = ""  # how a model or solution was achieved (RegisteredWork.outcome)
    campaign_name: str | None = None  # the campaign the registration answers

    @property
    def missing(self) -> bool:
        return not self.achieved

    @property
    def aim_text(self) -> str:
        """The title's name, or "Mô hình …" / "Giải pháp …"."""
        return self.title if self.kind is RegistrationKind.TITLE else work_text(self.kind, self.title)

    @property
    def remark(self) -> str:
        """The other titles of the year, or how a model or solution was achieved."""
        return ", ".join(self.other) if self.kind is RegistrationKind.TITLE else self.outcome


def aims_count_text(aims: Sequence[AimResult]) -> str:
    """ "3 danh hiệu đăng ký", "2 mô hình, giải pháp đăng ký", "3 danh hiệu và 2 mô hình, giải pháp đăng ký"."""
    works = sum(1 for a in aims if a.kind is not RegistrationKind.TITLE)
    titles = len(aims) - works
    parts = [f"{int_text(titles)} danh hiệu"] if titles or not works else []
    if works:
        parts.append(f"{int_text(works)} mô hình, giải pháp")
    return " và ".join(parts) + " đăng ký"


def _subject(row, unit_name: str) -> tuple[str, str]:
    """(name, birth) of an aim's subject: the person, or the unit for a collective aim."""
    if row.person_id is None:
        return unit_name, ""
    return row.full_name, birth_text(row.birth_date, row.birth_year)


def registered_vs_achieved(ctx: ServiceContext, year: int, unit_id: int | None = None) -> list[AimResult]:
    """Every registered aim of the year (of one registering unit, or all): titles against the awards of that
    year, then the models and solutions against what the desk recorded of them; unit by unit."""
    with ctx.read() as s:
        regs_query = (
            select(Registration.id, Registration.unit_id, Unit.name, Campaign.name)
            .join(Unit, Unit.id == Registration.unit_id)
            .outerjoin(Campaign, Campaign.id == Registration.campaign_id)
            .where(Registration.year == year)
            .order_by(Unit.name_folded, Registration.id)
        )
        if unit_id is not None:
            regs_query = regs_query.where(Registration.unit_id == unit_id)
        regs = s.execute(regs_query).all()
        reg_ids = [r[0] for r in regs]
        item_columns = (
            RegistrationItem.registration_id,
            RegistrationItem.id,
            RegistrationItem.person_id,
            Person.full_name,
            Person.birth_date,
            Person.birth_year,
        )
        title_rows = s.execute(
            select(*item_columns, AwardType.code, AwardType.name)
            .join(AwardType, AwardType.id == RegistrationItem.award_type_id)
            .outerjoin(Person, Person.id == RegistrationItem.person_id)
            .where(
                RegistrationItem.registration_id.in_(reg_ids), RegistrationItem.kind == RegistrationKind.TITLE
            )
            .order_by(RegistrationItem.person_id.is_not(None), Person.sort_key, Person.id, AwardType.rank)
        ).all()
        work_rows = s.execute(
            select(
                *item_columns,
                RegistrationItem.kind,
                RegistrationItem.name,
                RegistrationItem.done_on,
                RegistrationItem.done_note,
                RegistrationItem.initiative_id,
                Initiative.title,
            )
            .outerjoin(Person, Person.id == RegistrationItem.person_id)
            .outerjoin(Initiative, Initiative.id == RegistrationItem.initiative_id)
            .where(RegistrationItem.registration_id.in_(reg_ids), RegistrationItem.kind.in_(WORK_KINDS))
            .order_by(RegistrationItem.person_id.is_not(None), Person.sort_key, RegistrationItem.id)
        ).all()
        reg_unit = {r[0]: r[1] for r in regs}
        person_ids = {r.person_id for r in title_rows if r.person_id is not None}
        unit_ids = {reg_unit[r.registration_id] for r in title_rows if r.person_id is None}
        got_person: dict[int, list[tuple[str, str]]] = defaultdict(list)
        got_unit: dict[int, list[tuple[str, str]]] = defaultdict(list)
        if title_rows:
            for pid, uid, code, short in s.execute(
                select(Award.person_id, Award.unit_id, AwardType.code, AwardType.short_name)
                .join(AwardType, AwardType.id == Award.award_type_id)
                .where(
                    Award.year == year, Award.revoked.is_(False), AwardType.category == AwardCategory.TITLE
                )
                .order_by(AwardType.rank)
            ):
                if pid is not None and pid in person_ids:
                    got_person[pid].append((code, short))
                elif uid is not None and uid in unit_ids:
                    got_unit[uid].append((code, short))
    titles_of: dict[int, list] = defaultdict(list)
    for r in title_rows:
        titles_of[r.registration_id].append(r)
    works_of: dict[int, list] = defaultdict(list)
    for r in work_rows:
        works_of[r.registration_id].append(r)
    out = []
    for reg_id, reg_unit_id, unit_name, campaign_name in regs:
        for r in titles_of[reg_id]:
            got = got_person[r.person_id] if r.person_id is not None else got_unit[reg_unit_id]
            codes = {c for c, _ in got}
            out.append(
                AimResult(
                    reg_id,
                    reg_unit_id,
                    unit_name,
                    r.person_id,
                    *_subject(r, unit_name),
                    r.code,
                    r.name,
                    r.code in codes,
                    tuple(short for c, short in got if c != r.code),
                    RegistrationKind.TITLE,
                    r.id,
                    "",
                    campaign_name,
                )
            )
        for r in works_of[reg_id]:
            work = RegisteredWork(
                r.id,
                r.kind,
                r.name,
                r.person_id,
                r.full_name,
                r.done_on,
                r.done_note,
                r.initiative_id,
                r.title,
            )
            out.append(
                AimResult(
                    reg_id,
                    reg_unit_id,
                    unit_name,
                    r.person_id,
                    *_subject(r, unit_name),
                    "",
                    work.name,
                    work.achieved,
                    (),
                    work.kind,
                    r.id,
                    work.outcome,
                    campaign_name,
                )
            )
    return out


# --- the nominations flag --------------------------------------------------------------------------------


def registration_needed(ctx: ServiceContext, code: str) -> bool:
    """Danh hiệu thi đua need a registration; forms of award do not."""
    with ctx.read() as s:
        return s.scalar(select(AwardType.category).where(AwardType.code == code)) is AwardCategory.TITLE


def unregistered(
    ctx: ServiceContext, year: int, code: str, person_ids: Iterable[int] = (), unit_ids: Iterable[int] = ()
) -> set[tuple[str, int]]:
    """Of the given people and units, those nominated for ``code`` in ``year`` without having registered for
    it (or for a title above it): ("person", id) and ("unit", id) pairs. Empty where the law asks for no
    registration (a form of award)."""
    person_ids, unit_ids = set(person_ids), set(unit_ids)
    if not (person_ids or unit_ids) or not registration_needed(ctx, code):
        return set()
    with ctx.read() as s:
        base = (
            select(RegistrationItem.person_id, Registration.unit_id)
            .join(Registration, Registration.id == RegistrationItem.registration_id)
            .join(AwardType, AwardType.id == RegistrationItem.award_type_id)
            .where(Registration.year == year, AwardType.code.in_(covering_codes(code)))
        )
        registered_people = (
            set(
                s.scalars(
                    base.with_only_columns(RegistrationItem.person_id).where(
                        RegistrationItem.person_id.in_(person_ids)
                    )
                )
            )
            if person_ids
            else set()
        )
        registered_units = (
            set(
                s.scalars(
                    base.with_only_columns(Registration.unit_id).where(
                        RegistrationItem.person_id.is_(None), Registration.unit_id.in_(unit_ids)
                    )
                )
            )
            if unit_ids
            else set()
        )
    return {("person", p) for p in person_ids - registered_people} | {
        ("unit", u) for u in unit_ids - registered_units
    }
