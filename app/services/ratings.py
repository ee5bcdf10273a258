"""Annual ratings (đánh giá, xếp loại) entered as a grid: one unit, one year, everyone who worked there.

    grid = load_rating_grid(ctx, unit_id, 2024)      # the staff of the unit and its khoa/phòng that year
    save_ratings(ctx, unit_id, 2024, [RatingChange(person_id, RatingLevel.GOOD, absent_days=3)])
    parsed = parse_rating_paste(text, (PasteColumn.LEVEL, PasteColumn.ABSENT_DAYS))

Ratings feed the eligibility for LĐTT, CSTĐ and the multi-year chains, so the grid lists everyone who
held a posting in the unit during the year, including those who retired or moved out before December:
their rating for that year still counts. A person's rating is one per year whichever unit enters it.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import exists, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain.permissions import Permission, use_case
from app.errors import StaleRecord, UserError, ValidationError
from app.services.context import ServiceContext
from app.services.units import subtree_ids
from app.services.versions import ABSENT, check_shown
from app.text import clean, fold, vietnamese_key
from database.enums import RatingLevel
from database.models import Person, Posting, Rating, Unit

FIRST_YEAR = 1980
MAX_ABSENT_DAYS = 366
MAX_DOCUMENT_REF = 200  # Rating.document_ref
DEPARTMENT_SEPARATOR = " – "


def ratings_year(today: dt.date | None = None) -> int:
    """The year whose ratings a clerk is entering: units rate in December and send the lists in the
    first months of the next year."""
    today = today or dt.date.today()
    return today.year - 1 if today.month <= 3 else today.year


def last_year(today: dt.date | None = None) -> int:
    """Ratings are given in December of the year rated: nothing later than this year exists yet."""
    return (today or dt.date.today()).year


# --- the grid ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RatingRow:
    """One person in the grid, with the rating stored for the year (level None: not rated yet)."""

    person_id: int
    full_name: str
    birth_year: int | None
    department: str  # the khoa/phòng under the unit ("" when posted to the unit itself)
    position: str | None
    left_on: dt.date | None  # retired or left the sector during the year
    moved_out_on: dt.date | None  # the posting in this unit ended during the year
    level: RatingLevel | None
    absent_days: int | None
    document_ref: str | None
    version: int = ABSENT  # the stored rating's, handed back in RatingChange (ABSENT: none stored)


@dataclass(frozen=True)
class UnitRating:
    level: RatingLevel
    document_ref: str | None
    version: int = 1  # handed back in UnitRatingChange


@dataclass(frozen=True)
class RatingGrid:
    unit_id: int
    unit_name: str
    year: int
    rows: tuple[RatingRow, ...]
    unit_rating: UnitRating | None


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= last_year():
        raise ValidationError(
            f"Năm xếp loại phải từ {FIRST_YEAR} đến {last_year()} (đã chọn {year}). Hãy chọn lại năm."
        )


def _year_postings(units: set[int], year: int):
    """Postings in the units that overlap the year, of people who had not left before it began."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return (
        select(
            Posting.person_id,
            Posting.unit_id,
            Posting.position,
            Posting.start_date,
            Posting.end_date,
            Posting.id,
        )
        .join(Person, Person.id == Posting.person_id)
        .where(
            Posting.unit_id.in_(units),
            or_(Posting.start_date.is_(None), Posting.start_date <= last),
            or_(Posting.end_date.is_(None), Posting.end_date >= first),
            or_(Person.left_on.is_(None), Person.left_on >= first),
        )
    )


def _unposted_people(units: set[int], year: int):
    """People filed under the unit with no posting at all (no career history entered): its current staff."""
    return select(Person.id, Person.unit_id).where(
        Person.unit_id.in_(units),
        or_(Person.left_on.is_(None), Person.left_on >= dt.date(year, 1, 1)),
        ~exists().where(Posting.person_id == Person.id),
    )


def _members(units: set[int], year: int):
    """The grid's people as a subquery, so that no long list of ids is sent to the database."""
    return (
        _year_postings(units, year)
        .with_only_columns(Posting.person_id)
        .union(_unposted_people(units, year).with_only_columns(Person.id))
    )


def _department_labels(session: Session, unit_id: int, units: set[int]) -> dict[int, tuple[int, str]]:
    """For every unit under the chosen one: its place in tree order and its path below the unit."""
    rows = {
        uid: (name, parent, order)
        for uid, name, parent, order in session.execute(
            select(Unit.id, Unit.name, Unit.parent_id, Unit.sort_order).where(Unit.id.in_(units))
        )
    }
    children: dict[int, list[int]] = {}
    for uid, (_name, parent, _order) in rows.items():
        if uid != unit_id and parent in rows:
            children.setdefault(parent, []).append(uid)
    for kids in children.values():
        kids.sort(key=lambda uid: (rows[uid][2], vietnamese_key(rows[uid][0])))
    found: dict[int, tuple[int, str]] = {}
    stack: list[tuple[int, str]] = [(unit_id, "")]
    while stack:  # depth first, so a khoa's teams follow the khoa
        uid, label = stack.pop()
        found[uid] = (len(found), label)
        for child in reversed(children.get(uid, ())):
            name = rows[child][0]
            stack.append((child, f"{name}{DEPARTMENT_SEPARATOR}{label}" if label else name))
    return found


def load_rating_grid(ctx: ServiceContext, unit_id: int, year: int) -> RatingGrid:
    _check_year(year)
    with ctx.read() as s:
        unit_name = s.scalar(select(Unit.name).where(Unit.id == unit_id))
        if unit_name is None:
            raise UserError("Không tìm thấy đơn vị này trong cơ sở dữ liệu (có thể đã bị xóa).")
        units = subtree_ids(s, unit_id)
        departments = _department_labels(s, unit_id, units)
        # The latest posting of the year decides the khoa/phòng and chức vụ shown.
        latest: dict[int, tuple] = {}
        for pid, uid, position, start, end, posting_id in s.execute(_year_postings(units, year)):
            key = (start or dt.date.min, posting_id)
            if pid not in latest or key > latest[pid][0]:
                latest[pid] = (key, uid, position, end)
        for pid, uid in s.execute(_unposted_people(units, year)):
            latest[pid] = ((dt.date.min, 0), uid, None, None)
        people = {
            r.id: r
            for r in s.execute(
                select(
                    Person.id,
                    Person.full_name,
                    Person.birth_year,
                    Person.position,
                    Person.left_on,
                    Person.sort_key,
                ).where(Person.id.in_(_members(units, year)))
            )
        }
        ratings = {
            pid: (level, absent, ref, version)
            for pid, level, absent, ref, version in s.execute(
                select(
                    Rating.person_id, Rating.level, Rating.absent_days, Rating.document_ref, Rating.version
                ).where(Rating.year == year, Rating.person_id.in_(_members(units, year)))
            )
        }
        own = s.execute(
            select(Rating.level, Rating.document_ref, Rating.version).where(
                Rating.unit_id == unit_id, Rating.year == year
            )
        ).one_or_none()
    last_day = dt.date(year, 12, 31)
    rows = []
    for pid, (_key, uid, position, end) in latest.items():
        person = people[pid]
        rank, department = departments.get(uid, (len(departments), ""))
        level, absent, ref, version = ratings.get(pid, (None, None, None, ABSENT))
        still_current = end is None
        rows.append(
            (
                (rank, person.sort_key, pid),
                RatingRow(
                    person_id=pid,
                    full_name=person.full_name,
                    birth_year=person.birth_year,
                    department=department,
                    position=position or (person.position if still_current else None),
                    left_on=person.left_on if person.left_on and person.left_on <= last_day else None,
                    moved_out_on=end if end is not None and end <= last_day else None,
                    level=level,
                    absent_days=absent,
                    document_ref=ref,
                    version=version,
                ),
            )
        )
    rows.sort(key=lambda pair: pair[0])
    return RatingGrid(
        unit_id,
        unit_name,
        year,
        tuple(row for _key, row in rows),
        UnitRating(own.level, own.document_ref, own.version) if own else None,
    )


# --- saving ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RatingChange:
    """What one person's rating for the year should become; level None removes the rating."""

    person_id: int
    level: RatingLevel | None
    absent_days: int | None = None
    document_ref: str | None = None
    # The rating's version as the grid showed it (RatingRow.version, ABSENT: not rated); None: not checked.
    expected_version: int | None = None


@dataclass(frozen=True)
class UnitRatingChange:
    """What the unit's own rating for the year should become; level None removes it."""

    level: RatingLevel | None
    document_ref: str | None = None
    expected_version: int | None = None  # as RatingChange's: the UnitRating's version, ABSENT for none


@dataclass(frozen=True)
class SaveResult:
    created: int
    updated: int
    removed: int
    # The versions now stored, for the grid's next save: by person, of those changed (ABSENT: removed).
    versions: dict[int, int] = field(default_factory=dict, compare=False)
    unit_version: int = field(default=ABSENT, compare=False)  # the unit's own, when it was changed

    @property
    def total(self) -> int:
        return self.created + self.updated + self.removed


def _check_changes(changes: Sequence[RatingChange], names: dict[int, str]) -> list[RatingChange]:
    """NFC-clean the changes, refusing the whole list at the first bad one (nothing is written)."""
    seen: set[int] = set()
    cleaned = []
    for change in changes:
        who = names.get(change.person_id)
        if who is None:
            raise ValidationError(
                "Có người không thuộc danh sách xếp loại của đơn vị trong năm này (có thể vừa bị chuyển đi "
                "hoặc xóa). Hãy tải lại danh sách rồi nhập lại."
            )
        if change.person_id in seen:
            raise ValidationError(f"{who} có hai dòng xếp loại trong cùng một lần lưu.")
        seen.add(change.person_id)
        days = change.absent_days
        if days is not None and days < 0:
            raise ValidationError(f"Số ngày nghỉ của {who} không được âm ({days}).")
        if days is not None and days > MAX_ABSENT_DAYS:
            raise ValidationError(f"Số ngày nghỉ của {who} ({days}) nhiều hơn số ngày trong năm.")
        ref = clean(change.document_ref) or None
        if ref is not None and len(ref) > MAX_DOCUMENT_REF:
            raise ValidationError(
                f"Ghi chú xếp loại của {who} dài quá {MAX_DOCUMENT_REF} ký tự; hãy rút gọn."
            )
        if change.level is None and (days is not None or ref is not None):
            raise ValidationError(
                f"{who} có số ngày nghỉ hoặc ghi chú nhưng chưa được xếp loại. Hãy chọn mức xếp loại "
                "hoặc xóa số ngày nghỉ và ghi chú."
            )
        cleaned.append(RatingChange(change.person_id, change.level, days, ref, change.expected_version))
    return cleaned


def _apply(
    session: Session, existing: Rating | None, level: RatingLevel | None, values: dict, subject: dict
) -> tuple[str | None, Rating | None]:
    """Make one stored rating match what was asked; returns what happened (None when it already did) and
    the rating stored now (None when there is none)."""
    if level is None:
        if existing is None:
            return None, None
        session.delete(existing)
        return "removed", None
    if existing is None:
        made = Rating(level=level, **subject, **values)
        session.add(made)
        return "created", made
    changed = False
    for key, value in {"level": level, **values}.items():
        if getattr(existing, key) != value:
            setattr(existing, key, value)
            changed = True
    return ("updated" if changed else None), existing


@use_case(Permission.DESK)
def save_ratings(
    ctx: ServiceContext,
    unit_id: int,
    year: int,
    changes: Sequence[RatingChange],
    unit_change: UnitRatingChange | None = None,
) -> SaveResult:
    """Apply the grid's changes in one transaction; each changed rating gets its audit row."""
    _check_year(year)
    if unit_change is not None:
        unit_ref = clean(unit_change.document_ref) or None
        if unit_ref is not None and len(unit_ref) > MAX_DOCUMENT_REF:
            raise ValidationError(
                f"Ghi chú xếp loại của đơn vị dài quá {MAX_DOCUMENT_REF} ký tự; hãy rút gọn."
            )
    counts = {"created": 0, "updated": 0, "removed": 0}
    try:
        with ctx.write(f"Xếp loại năm {year}") as s:
            unit_name = s.scalar(select(Unit.name).where(Unit.id == unit_id))
            if unit_name is None:
                raise UserError("Không tìm thấy đơn vị này trong cơ sở dữ liệu (có thể đã bị xóa).")
            s.info["summary"] = f"Xếp loại năm {year} – {unit_name}"
            members = _members(subtree_ids(s, unit_id), year)
            names = dict(s.execute(select(Person.id, Person.full_name).where(Person.id.in_(members))).all())
            cleaned = _check_changes(changes, names)
            existing, own = _stored(s, unit_id, unit_name, year, cleaned, names, unit_change)
            stored: dict[int, Rating | None] = {}
            for change in cleaned:
                done, stored[change.person_id] = _apply(
                    s,
                    existing.get(change.person_id),
                    change.level,
                    {"absent_days": change.absent_days, "document_ref": change.document_ref},
                    {"person_id": change.person_id, "year": year},
                )
                if done:
                    counts[done] += 1
            if unit_change is not None:
                done, own = _apply(
                    s, own, unit_change.level, {"document_ref": unit_ref}, {"unit_id": unit_id, "year": year}
                )
                if done:
                    counts[done] += 1
            s.flush()  # the versions the UPDATEs moved to
            versions = {pid: r.version if r is not None else ABSENT for pid, r in stored.items()}
            unit_version = own.version if own is not None else ABSENT
    except IntegrityError as exc:
        # Another clerk (PostgreSQL on a LAN) saved a rating for the same person and year meanwhile.
        raise UserError(
            "Có người khác vừa lưu xếp loại cho cùng người, cùng năm. Không có gì được lưu; "
            "hãy tải lại danh sách rồi nhập lại."
        ) from exc
    except StaleRecord as exc:
        if exc.what is not None:
            raise
        # A rating moved between the check and the UPDATE, whose version condition refused it: named by the
        # row when the flush wrote one, else by the same check read again.
        with ctx.read() as s:
            rating = s.get(Rating, exc.entity_id) if exc.entity == "rating" and exc.entity_id else None
            if rating is not None:
                what = _what(year, names.get(rating.person_id), unit_name)
                raise StaleRecord(exc.who, exc.when, exc.entity, exc.entity_id, what) from exc
            _stored(s, unit_id, unit_name, year, cleaned, names, unit_change)
        raise
    return SaveResult(**counts, versions=versions, unit_version=unit_version)


def _stored(
    s: Session,
    unit_id: int,
    unit_name: str,
    year: int,
    changes: list[RatingChange],
    names: dict[int, str],
    unit_change: UnitRatingChange | None,
) -> tuple[dict[int, Rating], Rating | None]:
    """The stored ratings the changes are about (by person) and the unit's own, once every one is checked to
    be at the version the grid showed: a single one moved refuses the whole save (StaleRecord naming it)."""
    existing: dict[int, Rating] = {}
    ids = [c.person_id for c in changes]
    for start in range(0, len(ids), 500):  # keeps each statement under the drivers' parameter limits
        existing.update(
            (r.person_id, r)
            for r in s.scalars(
                select(Rating).where(Rating.year == year, Rating.person_id.in_(ids[start : start + 500]))
            )
        )
    for change in changes:
        what = _what(year, names[change.person_id], unit_name)
        check_shown(s, existing.get(change.person_id), change.expected_version, "rating", what)
    own = None
    if unit_change is not None:
        own = s.scalar(select(Rating).where(Rating.unit_id == unit_id, Rating.year == year))
        check_shown(s, own, unit_change.expected_version, "rating", _what(year, None, unit_name))
    return existing, own


def _what(year: int, person_name: str | None, unit_name: str) -> str:
    """A rating of the grid as a refusal names it: whose (a person's, else the unit's own) and which year."""
    if person_name is None:
        return f"Xếp loại tập thể năm {year} của {unit_name}"
    return f"Xếp loại năm {year} của {person_name}"


# --- pasting from Excel ------------------------------------------------------------------------------


class PasteColumn(enum.Enum):
    LEVEL = "Xếp loại"
    ABSENT_DAYS = "Số ngày nghỉ"
    NOTE = "Ghi chú"


@dataclass(frozen=True)
class PasteProblem:
    row: int  # 1-based, within the pasted block
    column: int  # 1-based, within the pasted block
    text: str
    message: str

    def __str__(self) -> str:
        return f"Dòng {self.row}, cột {self.column}: {self.message}"


@dataclass(frozen=True)
class PastedCell:
    row: int  # 0-based offset from the cell pasted at
    column: int  # 0-based offset
    kind: PasteColumn
    value: RatingLevel | int | str | None  # None: the cell was empty (clears the target)


@dataclass(frozen=True)
class PasteResult:
    cells: tuple[PastedCell, ...]  # only the recognised ones
    problems: tuple[PasteProblem, ...]
    rows: int
    columns: int


def _level_words() -> dict[str, RatingLevel]:
    words: dict[str, RatingLevel] = {}
    for level, bare, abbreviation in (
        (RatingLevel.EXCELLENT, "hoan thanh xuat sac", "htxs"),
        (RatingLevel.GOOD, "hoan thanh tot", "htt"),
        (RatingLevel.DONE, "hoan thanh", "ht"),
        (RatingLevel.FAILED, "khong hoan thanh", "kht"),
    ):
        words[bare] = level
        words[bare.removeprefix("hoan thanh ") or bare] = level  # "xuat sac", "tot"
        words[abbreviation] = level
        words[abbreviation + "nv"] = level
        words[fold(level.label)] = level
    return words


_LEVEL_WORDS = _level_words()
_NON_WORD = re.compile(r"[^a-z0-9]+")
_DUTY = re.compile(r"\s*(nhiem vu|nv)$")


def parse_level(text: str) -> RatingLevel | None:
    """A level written any usual way: the full label, HTXSNV…, unaccented, "xuất sắc", "tốt"; else None."""
    words = " ".join(_NON_WORD.sub(" ", fold(text)).split())
    if not words:
        return None
    for candidate in (words, _DUTY.sub("", words), words.replace(" ", "")):
        if candidate in _LEVEL_WORDS:
            return _LEVEL_WORDS[candidate]
    return None


def _parse_days(text: str) -> int:
    value = text.replace(" ", "")
    if re.fullmatch(r"-\d+", value):
        raise ValueError("số ngày nghỉ không được âm")
    # Excel may show a whole number as "3,0" or "3.00"
    match = re.fullmatch(r"(\d+)(?:[.,]0+)?", value)
    if not match:
        raise ValueError(f"“{text}” không phải số ngày nghỉ (cần một số nguyên, ví dụ 3)")
    days = int(match.group(1))
    if days > MAX_ABSENT_DAYS:
        raise ValueError(f"{days} ngày nghỉ nhiều hơn số ngày trong năm")
    return days


def split_clipboard(text: str) -> list[list[str]]:
    """Excel's clipboard text: tab-separated cells, a line a row, cells with line breaks in quotes."""
    if not text:
        return []
    text = text.replace("\r\n", "\n").replace("\r", "\n").removesuffix("\n")
    # An empty line is one empty cell (copying a blank cell gives just a line break).
    return [row or [""] for row in csv.reader(io.StringIO(text), delimiter="\t", strict=False)] or [[""]]


def parse_rating_paste(text: str, columns: Sequence[PasteColumn] = (PasteColumn.LEVEL,)) -> PasteResult:
    """Read a block copied from Excel; `columns` says what each pasted column holds, left to right.

    Unrecognised cells are reported with their place and left out; the rest is returned. An empty
    cell is kept (as None): pasting it clears the target, as in Excel. A filled cell beyond the
    known columns is reported, an empty one ignored (Excel often copies a trailing blank column).
    """
    grid = split_clipboard(text)
    cells: list[PastedCell] = []
    problems: list[PasteProblem] = []
    width = 0
    for r, values in enumerate(grid):
        while values and not values[-1].strip() and len(values) > len(columns):
            values = values[:-1]
        width = max(width, len(values))
        for c, raw in enumerate(values):
            value = clean(raw) or ""
            if c >= len(columns):
                problems.append(PasteProblem(r + 1, c + 1, value, f"“{value}” nằm ngoài các cột có thể dán"))
                continue
            kind = columns[c]
            if not value:
                cells.append(PastedCell(r, c, kind, None))
            elif kind is PasteColumn.LEVEL:
                level = parse_level(value)
                if level is None:
                    problems.append(
                        PasteProblem(r + 1, c + 1, value, f"không nhận ra mức xếp loại “{value}”")
                    )
                else:
                    cells.append(PastedCell(r, c, kind, level))
            elif kind is PasteColumn.ABSENT_DAYS:
                try:
                    cells.append(PastedCell(r, c, kind, _parse_days(value)))
                except ValueError as exc:
                    problems.append(PasteProblem(r + 1, c + 1, value, str(exc)))
            elif len(value) > MAX_DOCUMENT_REF:
                problems.append(
                    PasteProblem(r + 1, c + 1, value, f"ghi chú dài quá {MAX_DOCUMENT_REF} ký tự")
                )
            else:
                cells.append(PastedCell(r, c, kind, value))
    return PasteResult(tuple(cells), tuple(problems), len(grid), width)
