"""Sáng kiến and đề tài KH&CN: who wrote them (with shares), where, and how far they were recognised.

    book = load_initiatives(ctx)                     # every initiative as plain rows, read once
    book.search("quy trinh", year=2024, level=InitiativeLevel.BASE)   # indices, in memory
    new_id = create_initiative(ctx, InitiativeData(...))
    update_initiative(ctx, new_id, InitiativeData(...))
    initiative_detail(ctx, new_id)                   # for the edit dialog, with the award that used it

The rules engine reads initiatives straight from the tables (app.services.eligibility); the award that
used one as evidence (used_by_award_id) is set where awards are decided, and only shown here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.permissions import Permission, use_case
from app.errors import ValidationError
from app.services.context import ServiceContext, clean_input
from app.services.versions import check_version, touch
from app.text import birth_text, fold
from app.text.numbers import parse_percent, percent_text
from database.enums import InitiativeKind, InitiativeLevel
from database.models import Award, AwardType, Initiative, InitiativeAuthor, Person, Unit

MAX_SHARE = Decimal(100)


def share_text(share: Decimal | float | None) -> str:
    """ "62,5%"; empty when the share is not known."""
    return percent_text(share)


# --- the list --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InitiativeRow:
    id: int
    title: str
    kind: InitiativeKind
    year: int
    level: InitiativeLevel
    unit_id: int | None
    unit_name: str
    authors: str  # "Nguyễn Văn An (60%), Lê Thị Hoa (40%)"
    recognised_by: str | None
    decision_number: str | None
    decision_date: dt.date | None
    used_by: str | None  # "CSTĐ cấp tỉnh 2023"


@dataclass
class InitiativeBook:
    """Every initiative, newest year first, with a folded text of title and authors for search."""

    rows: list[InitiativeRow]
    folded: list[str]
    years: list[int]

    def search(
        self,
        query: str = "",
        *,
        year: int | None = None,
        level: InitiativeLevel | None = None,
        kind: InitiativeKind | None = None,
        unit_ids: set[int] | frozenset[int] | None = None,
    ) -> list[int]:
        """Indices of the rows that match: every word of the query in the folded title or authors."""
        words = fold(query).split() if query else []
        rows, folded = self.rows, self.folded
        hits: Sequence[int] = range(len(rows))
        for word in sorted(words, key=len, reverse=True):  # a plain pass a word, the longest (rarest) first
            if len(hits) == len(rows):
                hits = [i for i, text in enumerate(folded) if word in text]
            else:
                hits = [i for i in hits if word in folded[i]]
        if year is not None:
            hits = [i for i in hits if rows[i].year == year]
        if level is not None:
            hits = [i for i in hits if rows[i].level is level]
        if kind is not None:
            hits = [i for i in hits if rows[i].kind is kind]
        if unit_ids is not None:
            hits = [i for i in hits if rows[i].unit_id in unit_ids]
        return list(hits)


def load_initiatives(ctx: ServiceContext) -> InitiativeBook:
    """Two Core reads (initiatives, then authors) into plain rows, for the list and its in-memory search."""
    with ctx.read() as s:
        conn = s.connection()  # Core rows: the ORM's row processing would cost as much as the read itself
        rows = conn.execute(
            select(
                Initiative.id,
                Initiative.title,
                Initiative.kind,
                Initiative.year,
                Initiative.level,
                Initiative.unit_id,
                func.coalesce(Unit.name, ""),
                Initiative.recognised_by,
                Initiative.decision_number,
                Initiative.decision_date,
                AwardType.short_name,
                Award.year,
            )
            .outerjoin(Unit, Unit.id == Initiative.unit_id)
            .outerjoin(Award, Award.id == Initiative.used_by_award_id)
            .outerjoin(AwardType, AwardType.id == Award.award_type_id)
            .order_by(Initiative.year.desc(), Initiative.id.desc())
        ).all()
        authors: dict[int, list[tuple[str, Decimal | None]]] = defaultdict(list)
        for iid, name, share in conn.execute(
            select(InitiativeAuthor.initiative_id, Person.full_name, InitiativeAuthor.share)
            .join(Person, Person.id == InitiativeAuthor.person_id)
            .order_by(InitiativeAuthor.initiative_id, InitiativeAuthor.share.desc(), Person.sort_key)
        ):
            authors[iid].append((name, share))
    out, folded = [], []
    shares: dict[Decimal, str] = {}  # a few shares repeat (100, 50, 33,33): each written once
    for iid, title, kind, year, level, unit_id, unit_name, by, number, day, award, award_year in rows:
        names = authors.get(iid, [])
        text = ", ".join(
            f"{n} ({shares.get(sh) or shares.setdefault(sh, share_text(sh))})" if sh is not None else n
            for n, sh in names
        )
        used = f"{award} {award_year}" if award else None
        out.append(
            InitiativeRow(iid, title, kind, year, level, unit_id, unit_name, text, by, number, day, used)
        )
        folded.append(fold(title + " " + " ".join(n for n, _ in names)))
    years = sorted({r.year for r in out}, reverse=True)
    return InitiativeBook(out, folded, years)


# --- one initiative --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuthorShare:
    person_id: int
    share: Decimal | None = None  # percent; None when the decision does not say


@dataclass(frozen=True)
class InitiativeData:
    title: str
    year: int
    level: InitiativeLevel
    kind: InitiativeKind = InitiativeKind.INITIATIVE
    unit_id: int | None = None
    authors: tuple[AuthorShare, ...] = ()
    recognised_by: str | None = None
    decision_number: str | None = None
    decision_date: dt.date | None = None
    scope: str | None = None
    applied_from: dt.date | None = None
    note: str | None = None


@dataclass(frozen=True)
class AuthorInfo:
    person_id: int
    full_name: str
    birth_text: str
    unit_name: str
    share: Decimal | None


@dataclass(frozen=True)
class InitiativeDetail:
    id: int
    data: InitiativeData
    authors: tuple[AuthorInfo, ...]
    unit_name: str
    used_by: str | None  # the award that used it as evidence, in words
    version: int = 1  # the record's, handed back to update_initiative (app.services.versions)


def _share(value: Decimal | float | str | None) -> Decimal | None:
    if value is None or value == "":
        return None
    share = parse_percent(value, "Tỷ lệ đóng góp")
    if not Decimal(0) < share <= MAX_SHARE:
        raise ValidationError("Tỷ lệ đóng góp của mỗi tác giả phải lớn hơn 0% và không quá 100%.")
    return share.quantize(Decimal("0.01"))


def _checked(data: InitiativeData) -> InitiativeData:
    data = clean_input(data)
    if not data.title:
        raise ValidationError("Cần nhập tên sáng kiến, đề tài.")
    if not 1945 <= data.year <= 2200:
        raise ValidationError(f"Năm {data.year} không hợp lệ.")
    if not data.authors:
        raise ValidationError("Cần ít nhất một tác giả.")
    ids = [a.person_id for a in data.authors]
    if len(set(ids)) != len(ids):
        raise ValidationError("Một người được ghi hai lần trong danh sách tác giả.")
    authors = tuple(AuthorShare(a.person_id, _share(a.share)) for a in data.authors)
    total = sum((a.share for a in authors if a.share is not None), Decimal(0))
    if total > MAX_SHARE:
        raise ValidationError(f"Tổng tỷ lệ đóng góp của các tác giả là {share_text(total)}, vượt quá 100%.")
    if data.decision_date and data.decision_date > dt.date.today():
        raise ValidationError("Ngày quyết định công nhận chưa tới: hãy kiểm tra lại.")
    return InitiativeData(**{**data.__dict__, "authors": authors})


def _apply(s: Session, initiative: Initiative, data: InitiativeData) -> None:
    if data.unit_id is not None and s.get(Unit, data.unit_id) is None:
        raise ValidationError("Không tìm thấy đơn vị áp dụng sáng kiến.")
    ids = [a.person_id for a in data.authors]
    if len(set(s.scalars(select(Person.id).where(Person.id.in_(ids))))) != len(ids):
        raise ValidationError("Có tác giả không còn trong cơ sở dữ liệu; hãy chọn lại.")
    for name in (
        "title",
        "kind",
        "year",
        "level",
        "unit_id",
        "recognised_by",
        "decision_number",
        "decision_date",
        "scope",
        "applied_from",
        "note",
    ):
        value = getattr(data, name)
        if getattr(initiative, name) != value:
            setattr(initiative, name, value)
    wanted = {a.person_id: a.share for a in data.authors}
    for author in list(initiative.authors):
        if author.person_id not in wanted:
            initiative.authors.remove(author)
        elif author.share != wanted[author.person_id]:
            author.share = wanted[author.person_id]
    have = {a.person_id for a in initiative.authors}
    for person_id, share in wanted.items():
        if person_id not in have:
            initiative.authors.append(InitiativeAuthor(person_id=person_id, share=share))


@use_case(Permission.DESK)
def create_initiative(ctx: ServiceContext, data: InitiativeData) -> int:
    data = _checked(data)
    with ctx.write(f"Thêm sáng kiến “{data.title[:80]}”") as s:
        initiative = Initiative(title=data.title, kind=data.kind, year=data.year, level=data.level)
        s.add(initiative)
        _apply(s, initiative, data)
        s.flush()
        return initiative.id


@use_case(Permission.DESK)
def update_initiative(
    ctx: ServiceContext, initiative_id: int, data: InitiativeData, expected_version: int | None = None
) -> None:
    """`expected_version`: the version the form loaded (StaleRecord if another clerk saved since; None: no
    check); a change of the authors alone counts as a change of the initiative."""
    data = _checked(data)
    with ctx.write(f"Sửa sáng kiến “{data.title[:80]}”") as s:
        initiative = s.get(Initiative, initiative_id)
        if initiative is None:
            raise ValidationError("Không tìm thấy sáng kiến (có thể đã bị người khác xóa).")
        check_version(s, initiative, expected_version)
        _apply(s, initiative, data)
        touch(s, initiative)


def initiative_detail(ctx: ServiceContext, initiative_id: int) -> InitiativeDetail:
    with ctx.read() as s:
        i = s.get(Initiative, initiative_id)
        if i is None:
            raise ValidationError("Không tìm thấy sáng kiến (có thể đã bị người khác xóa).")
        authors = tuple(
            AuthorInfo(pid, name, birth_text(bd, by), uname or "", share)
            for pid, name, bd, by, uname, share in s.execute(
                select(
                    Person.id,
                    Person.full_name,
                    Person.birth_date,
                    Person.birth_year,
                    Unit.name,
                    InitiativeAuthor.share,
                )
                .join(InitiativeAuthor, InitiativeAuthor.person_id == Person.id)
                .outerjoin(Unit, Unit.id == Person.unit_id)
                .where(InitiativeAuthor.initiative_id == initiative_id)
                .order_by(InitiativeAuthor.share.desc(), Person.sort_key)
            )
        )
        unit_name = s.scalar(select(Unit.name).where(Unit.id == i.unit_id)) if i.unit_id else None
        used_by = None
        if i.used_by_award_id is not None:
            award = s.execute(
                select(
                    AwardType.name,
                    Award.year,
                    Award.decision_number,
                    func.coalesce(Person.full_name, Unit.name),
                )
                .join(AwardType, AwardType.id == Award.award_type_id)
                .outerjoin(Person, Person.id == Award.person_id)
                .outerjoin(Unit, Unit.id == Award.unit_id)
                .where(Award.id == i.used_by_award_id)
            ).first()
            if award is not None:
                name, year, number, subject = award
                used_by = f"{name} năm {year} của {subject}" + (f" (QĐ số {number})" if number else "")
        data = InitiativeData(
            i.title,
            i.year,
            i.level,
            i.kind,
            i.unit_id,
            tuple(AuthorShare(a.person_id, a.share) for a in authors),
            i.recognised_by,
            i.decision_number,
            i.decision_date,
            i.scope,
            i.applied_from,
            i.note,
        )
        return InitiativeDetail(i.id, data, authors, unit_name or "", used_by, i.version)
