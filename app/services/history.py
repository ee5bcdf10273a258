"""Importing a history workbook: people, ratings, initiatives and awards from before the program.

People are matched by their exact name (app.text.identity) and birth (date, or year when only that is
known), units by name (current or former). What is missing is created and listed. A row naming someone
nobody can be sure of (a name without marks that folds to people already known, or twins of the same
name and birth that the row cannot tell apart) is left out and listed for review; with
``accept_probable`` a name without marks that folds to exactly one person is taken as that person.
Everything is written in one transaction, and only when no row has a problem; a dry run is the same
import rolled back, so it reports exactly what a real one would do.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.domain.permissions import Permission, use_case
from app.exchange.history import (
    AWARDS,
    INITIATIVES,
    RATINGS,
    STAFF,
    HistoryBook,
    Problem,
    Who,
    read_history,
)
from app.services.context import ServiceContext, record_bulk
from app.services.limits import limit_of, too_long
from app.services.units import add_unit_under_department
from app.text import clean, fold, name_sort_key, proper_case_name
from app.text.identity import NameIndex, find, same_birth, same_words
from app.text.numbers import int_text
from database.enums import AwardCategory, AwardSource, UnitKind
from database.models import (
    Award,
    AwardType,
    Initiative,
    InitiativeAuthor,
    Person,
    Posting,
    Rating,
    Unit,
    UnitName,
)


@dataclass
class HistoryReport:
    dry_run: bool
    people_created: list[Who] = field(default_factory=list)
    units_created: list[str] = field(default_factory=list)
    ratings: int = 0
    initiatives: int = 0
    awards: int = 0
    skipped: int = 0  # rows already in the database, or repeated in the file
    problems: list[Problem] = field(default_factory=list)
    review: list[Problem] = field(default_factory=list)  # rows left out: who they name is not sure

    @property
    def written(self) -> bool:
        return not self.dry_run and not self.problems


_ABBREVIATIONS = (
    ("ubnd", "uy ban nhan dan"),
    ("ttg", "thu tuong chinh phu"),
    ("byt", "bo y te"),
    ("so y te", "so"),
    ("chu tich ", ""),
    ("cua ", ""),
)


def award_key(text: str) -> str:
    """How a title or form is compared: folded, without quotes, "của", "Chủ tịch" and usual abbreviations,
    so that "Bằng khen UBND tỉnh" finds "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"."""
    key = " ".join(re.sub(r"[\"'“”‘’()]", " ", fold(text)).split())
    for short, long in _ABBREVIATIONS:
        key = re.sub(rf"\b{short}", long, key)
    return " ".join(key.split())


class _Undo(Exception):
    """Raised inside the unit of work to roll it back (a dry run, or problems found while matching)."""


@use_case(Permission.DESK)
def import_history(
    ctx: ServiceContext, book: HistoryBook, *, dry_run: bool = False, accept_probable: bool = False
) -> HistoryReport:
    report = HistoryReport(dry_run=dry_run, problems=list(book.problems))
    if report.problems:
        return report  # the file itself has problems: nothing is matched or written
    try:
        with ctx.write(f"Nhập lịch sử thi đua, khen thưởng từ {book.file_name}") as s:
            _Import(s, ctx.actor, book, report, accept_probable).run()
            if dry_run or report.problems:
                raise _Undo
    except _Undo:
        pass
    return report


def check_history_file(ctx: ServiceContext, path: str | Path, accept_probable: bool = False) -> HistoryReport:
    """The file read and imported as a dry run: what "Nhập" will do, or the file's problems. Writes nothing."""
    return import_history(ctx, read_history(path), dry_run=True, accept_probable=accept_probable)


def import_history_file(
    ctx: ServiceContext, path: str | Path, accept_probable: bool = False
) -> HistoryReport:
    """The file read again and imported in one transaction (nothing is written if it has any problem)."""
    return import_history(ctx, read_history(path), accept_probable=accept_probable)


class _Someone(NamedTuple):
    id: int
    birth: str  # Who.birth_key: the date, or the year when only that is known
    unit_id: int | None
    position: str | None


_NAME_LIMIT, _POSITION_LIMIT, _UNIT_LIMIT = (
    limit_of(Person.full_name),
    limit_of(Person.position),
    limit_of(Unit.name),
)


class _Import:
    def __init__(
        self, s: Session, actor: str, book: HistoryBook, report: HistoryReport, accept_probable: bool
    ):
        self.s, self.actor, self.book, self.report = s, actor, book, report
        self.accept_probable = accept_probable
        self.people: NameIndex[_Someone] = NameIndex()
        for pid, name, bdate, byear, uid, position in s.execute(
            select(
                Person.id,
                Person.full_name,
                Person.birth_date,
                Person.birth_year,
                Person.unit_id,
                Person.position,
            ).order_by(Person.id)
        ):
            birth = bdate.isoformat() if bdate else str(byear or "")
            self.people.add(name, _Someone(pid, birth, uid, position))
        self.units = self._unit_names()

    def problem(self, sheet: str, row: int, message: str) -> None:
        self.report.problems.append(Problem(sheet, row, message))

    def review(self, sheet: str, row: int, message: str) -> None:
        self.report.review.append(Problem(sheet, row, message))

    # --- units ---------------------------------------------------------------------------------------
    def _unit_names(self) -> dict[str, list[int]]:
        """Folded names (current and former) to units; units right under the Department come first."""
        department = self.s.scalar(
            select(Unit.id).where(Unit.kind == UnitKind.DEPARTMENT, Unit.parent_id.is_(None))
        )
        names: dict[str, list[int]] = defaultdict(list)
        rows = self.s.execute(select(Unit.id, Unit.name_folded, Unit.parent_id)).all()
        rows.sort(key=lambda r: r.parent_id != department)
        for uid, folded, _parent in rows:
            names[folded].append(uid)
        for uid, name in self.s.execute(select(UnitName.unit_id, UnitName.name)):
            if uid not in names[fold(name)]:
                names[fold(name)].append(uid)
        return names

    def unit(self, name: str | None, sheet: str, row: int, create: bool) -> int | None:
        if not name:
            return None
        found = self.units.get(fold(name), [])
        if len(found) > 1:
            self.problem(sheet, row, f"có {int_text(len(found))} đơn vị tên “{name}”; hãy ghi rõ tên đầy đủ")
            return None
        if found:
            return found[0]
        if not create:
            self.problem(sheet, row, f"không có đơn vị “{name}”")
            return None
        if message := too_long("Tên đơn vị", clean(name), _UNIT_LIMIT):
            self.problem(sheet, row, message)
            return None
        uid = add_unit_under_department(self.s, name)
        self.units[fold(name)] = [uid]
        self.report.units_created.append(clean(name))
        return uid

    # --- people --------------------------------------------------------------------------------------
    def person(
        self,
        who: Who,
        sheet: str,
        row: int,
        unit_id: int | None = None,
        gender=None,
        position: str | None = None,
    ) -> int | None:
        # The same birth, or the same year when the database knows only that; twins of one name and birth:
        # the unit and position the row gives, if any.
        same, probable = find(
            self.people,
            who.full_name,
            lambda known: same_birth(known, who.birth_key, who.birth_year if who.birth_date else None),
            lambda k: unit_id is not None and k.unit_id == unit_id,
            lambda k: same_words(k.position, position),
        )
        if len(same) > 1:
            self.review(
                sheet,
                row,
                f"có {int_text(len(same))} người “{who.full_name}” cùng ngày sinh trong cơ sở dữ liệu, "
                "dòng này không cho biết là ai (không nhập dòng này)",
            )
            return None
        if same:
            return same[0].id
        if len(probable) == 1 and self.accept_probable:
            return probable[0].id
        if probable:
            self.review(
                sheet,
                row,
                f"tên “{who.full_name}” không dấu, có thể là người đã có cùng ngày sinh "
                f"({int_text(len(probable))} người); hãy ghi họ tên có dấu (không nhập dòng này)",
            )
            return None
        for label, text, limit in (
            ("Họ và tên", who.full_name, _NAME_LIMIT),
            ("Chức vụ", position, _POSITION_LIMIT),
        ):
            if message := too_long(label, clean(text), limit):
                self.problem(sheet, row, message)
                return None
        name = proper_case_name(clean(who.full_name))
        pid = self.s.scalar(
            insert(Person)
            .values(
                full_name=name,
                name_folded=fold(name),
                sort_key=name_sort_key(name),
                gender=gender,
                birth_date=who.birth_date,
                birth_year=who.birth_year,
                unit_id=unit_id,
                position=position,
            )
            .returning(Person.id)
        )
        if unit_id is not None:
            self.s.execute(insert(Posting), [{"person_id": pid, "unit_id": unit_id, "position": position}])
        self.people.add(name, _Someone(pid, who.birth_key, unit_id, position))
        self.report.people_created.append(Who(name, who.birth_date, who.birth_year))
        return pid

    # --- the sheets ----------------------------------------------------------------------------------
    def run(self) -> None:
        for r in self.book.staff:
            self.person(
                r.who,
                STAFF,
                r.sheet_row,
                self.unit(r.unit, STAFF, r.sheet_row, create=True),
                r.gender,
                r.position,
            )
        self.ratings()
        self.initiatives()
        self.awards()
        if not self.report.problems:
            record_bulk(
                self.s,
                self.actor,
                "import",
                "history",
                f"Nhập lịch sử từ {self.book.file_name}: {int_text(len(self.report.people_created))} người mới, "
                f"{int_text(self.report.ratings)} xếp loại, {int_text(self.report.initiatives)} sáng kiến, "
                f"{int_text(self.report.awards)} khen thưởng",
                {
                    "file": self.book.file_name,
                    "units_created": self.report.units_created,
                    "people": len(self.report.people_created),
                    "ratings": self.report.ratings,
                    "initiatives": self.report.initiatives,
                    "awards": self.report.awards,
                },
            )

    def ratings(self) -> None:
        existing = {
            (pid, year): level
            for pid, year, level in self.s.execute(
                select(Rating.person_id, Rating.year, Rating.level).where(Rating.person_id.is_not(None))
            )
        }
        rows = []
        for r in self.book.ratings:
            pid = self.person(r.who, RATINGS, r.sheet_row)
            if pid is None:
                continue
            before = existing.get((pid, r.year))
            if before is None:
                existing[(pid, r.year)] = r.level
                rows.append({"person_id": pid, "year": r.year, "level": r.level})
            elif before == r.level:
                self.report.skipped += 1
            else:
                self.problem(
                    RATINGS,
                    r.sheet_row,
                    f"{r.who.full_name} đã có xếp loại năm {r.year} là "
                    f"“{before.label}”, khác với “{r.level.label}”",
                )
        if rows:
            self.s.execute(insert(Rating), rows)
        self.report.ratings = len(rows)

    def initiatives(self) -> None:
        known: dict[tuple[str, int], int] = {
            (fold(title), year): iid
            for iid, title, year in self.s.execute(select(Initiative.id, Initiative.title, Initiative.year))
        }
        authors = {
            tuple(r)
            for r in self.s.execute(select(InitiativeAuthor.initiative_id, InitiativeAuthor.person_id))
        }
        for r in self.book.initiatives:
            pid = self.person(r.author, INITIATIVES, r.sheet_row)
            if pid is None:
                continue
            iid = known.get((fold(r.title), r.year))
            if iid is None:
                initiative = Initiative(
                    title=r.title,
                    year=r.year,
                    level=r.level,
                    decision_number=r.decision_number,
                    unit_id=self.s.scalar(select(Person.unit_id).where(Person.id == pid)),
                )
                self.s.add(initiative)
                self.s.flush()
                iid = known[(fold(r.title), r.year)] = initiative.id
                self.report.initiatives += 1
            if (iid, pid) in authors:
                self.report.skipped += 1
                continue
            self.s.add(InitiativeAuthor(initiative_id=iid, person_id=pid))
            authors.add((iid, pid))
        self.s.flush()

    def awards(self) -> None:
        types: dict[str, tuple[int, bool, bool, bool]] = {}
        for tid, code, name, short, category, individual, collective in self.s.execute(
            select(
                AwardType.id,
                AwardType.code,
                AwardType.name,
                AwardType.short_name,
                AwardType.category,
                AwardType.for_individual,
                AwardType.for_collective,
            )
        ):
            entry = (tid, category == AwardCategory.TITLE, individual, collective)
            for word in (code, name, short):
                types.setdefault(award_key(word), entry)
        existing = {
            tuple(r)
            for r in self.s.execute(
                select(Award.person_id, Award.unit_id, Award.award_type_id, Award.year).where(
                    Award.revoked.is_(False)
                )
            )
        }
        rows = []
        for r in self.book.awards:
            kind = types.get(award_key(r.award))
            if kind is None:
                self.problem(AWARDS, r.sheet_row, f"không có danh hiệu/hình thức “{r.award}” trong danh mục")
                continue
            tid, is_title, individual, collective = kind
            if collective and not individual:  # a collective title: the "name" is the unit's
                pid, uid = None, self.unit(r.who.full_name, AWARDS, r.sheet_row, create=True)
            else:
                pid, uid = self.person(r.who, AWARDS, r.sheet_row), None
            if pid is None and uid is None:
                continue
            key = (pid, uid, tid, r.year)
            if key in existing:
                self.report.skipped += 1
                continue
            existing.add(key)
            rows.append(
                {
                    "person_id": pid,
                    "unit_id": uid,
                    "award_type_id": tid,
                    "is_title": is_title,
                    "year": r.year,
                    "basis": r.basis,
                    "source": AwardSource.HISTORY,
                    "decision_number": r.decision_number,
                    "decision_date": r.decision_date,
                    "decision_issuer": r.issuer,
                    "revoked": False,
                }
            )
        if rows:
            self.s.execute(insert(Award), rows)
        self.report.awards = len(rows)
