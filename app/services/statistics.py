"""Thống kê thi đua, khen thưởng: how many awards and how much bonus money, by year, unit, title or form,
subject (cá nhân, tập thể), sex, level of the authority that granted them, and kind (loại hình).

    stats = award_statistics(ctx, StatQuery(2016, 2025))          # the whole province, every award
    stats = award_statistics(ctx, StatQuery(2025, 2025, unit_id=7, gender=Gender.FEMALE))
    for table in stats.tables: ...                                   # StatTable: what the page and the xlsx show

Revoked awards never count. A person's award counts under the person's current unit (as in the award
search); a unit's award under that unit. Units are summed up to the level just below the one asked for:
the units of the Department for the whole province, or the departments of the chosen unit.

One GROUP BY over the awards gives every figure. SQLite sorts its GROUP BY rows, and sorting 200,000
rows on five columns costs twice as much as on one number, so the five dimensions are packed into one
integer key (mixed radix, sized from the ids actually present) and unpacked here. The awards are read from
ix_award_statistics alone (every column the count needs, in the order of the person), so the person each
award is joined to is read in order too: at 100,000 staff over fifteen years (1.16 million awards) that is
about a sixth of the award table's pages and no random reads. The rows that come back (one per year, title or
form, basis, subject and unit: about 60,000) are folded at once into the few hundred cells every table but
the units' is made of and into the units' rows (`_Counts`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import BigInteger, case, cast, func, literal, literal_column, select, text

from app.domain.agency import LevelWording
from app.errors import UserError
from app.services.agency import session_wording
from app.services.context import ServiceContext
from app.services.units import predecessors
from app.text import vietnamese_key
from database.enums import AuthorityLevel, AwardBasis, AwardCategory, Gender, LabelledEnum, UnitKind
from database.models import Award, AwardType, Person, Unit

TT02_LABEL = "theo các chỉ tiêu của Thông tư 02/2023/TT-BNV [cần đối chiếu biểu mẫu]"
SPECIAL_BASES = (AwardBasis.SUDDEN, AwardBasis.THEMATIC)
NO_UNIT = 0  # a person recorded without a unit
NO_UNIT_LABEL = "Chưa rõ đơn vị"


def level_labels(words: LevelWording) -> dict[AuthorityLevel, str]:
    """The levels of award as a report names them: "Cấp tỉnh (Chủ tịch UBND tỉnh)" (a city's "thành phố")."""
    return {
        AuthorityLevel.DEPARTMENT: "Cấp Sở (Giám đốc Sở)",
        AuthorityLevel.PROVINCE: f"{words.level_of_authority} ({words.committee_chair_short})",
        AuthorityLevel.MINISTRY: "Cấp Bộ (Bộ trưởng Bộ Y tế)",
        AuthorityLevel.GOVERNMENT: "Thủ tướng Chính phủ",
        AuthorityLevel.STATE: "Chủ tịch nước",
        AuthorityLevel.OTHER: "Cơ quan khác",
    }


class SubjectKind(LabelledEnum):
    INDIVIDUAL = ("INDIVIDUAL", "Cá nhân")
    COLLECTIVE = ("COLLECTIVE", "Tập thể")


# The subject dimension of the packed key: who received the award.
SUBJECTS = 4
COLLECTIVE, MALE, FEMALE, UNKNOWN_SEX = range(SUBJECTS)
_BASES = tuple(AwardBasis)


@dataclass(frozen=True)
class StatQuery:
    """What to count. None means "all"; a sex counts individuals only (a collective has none)."""

    year_from: int
    year_to: int
    unit_id: int | None = None  # with the units under it and the units it inherited from
    codes: frozenset[str] | None = None  # catalogue codes of titles and forms
    levels: frozenset[AuthorityLevel] | None = None
    subject: SubjectKind | None = None
    gender: Gender | None = None
    include_special: bool = True  # đột xuất and chuyên đề awards

    def check(self) -> None:
        if self.year_from > self.year_to:
            raise UserError(f"Năm bắt đầu ({self.year_from}) phải không sau năm kết thúc ({self.year_to}).")
        if self.subject is SubjectKind.COLLECTIVE and self.gender is not None:
            raise UserError(
                "Giới tính chỉ áp dụng cho cá nhân; hãy bỏ chọn giới tính hoặc chọn đối tượng cá nhân."
            )


# --- the tables as the page and the workbook show them -------------------------------------------------


class RowKind(LabelledEnum):
    ITEM = ("ITEM", "")
    GROUP = ("GROUP", "Cộng nhóm")  # a subtotal: "Danh hiệu thi đua", then its titles
    TOTAL = ("TOTAL", "Tổng cộng")


@dataclass(frozen=True)
class StatColumn:
    header: str
    money: bool = False
    group: str | None = None  # a heading above several columns ("Cá nhân" over Nam, Nữ)


@dataclass(frozen=True)
class StatRow:
    label: str
    values: tuple[int, ...]
    kind: RowKind = RowKind.ITEM


@dataclass(frozen=True)
class ChartSpec:
    """A chart of a table: its item rows over `columns`, or with `across` the total row over them (a pie)."""

    kind: str  # "stacked", "bar" or "pie"
    title: str
    columns: tuple[int, ...]
    across: bool = False


@dataclass(frozen=True)
class StatTable:
    key: str  # stable: names the sheet and the page's tab
    name: str  # short, for a tab or a sheet
    title: str
    row_header: str
    columns: tuple[StatColumn, ...]
    rows: tuple[StatRow, ...]
    chart: ChartSpec | None = None

    def column(self, header: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.header == header)

    @property
    def items(self) -> tuple[StatRow, ...]:
        return tuple(r for r in self.rows if r.kind is RowKind.ITEM)


@dataclass(frozen=True)
class YearFigures:
    year: int
    titles: int
    honors: int
    amount: int

    @property
    def total(self) -> int:
        return self.titles + self.honors


@dataclass(frozen=True)
class Share:
    label: str
    count: int


@dataclass(frozen=True)
class UnitFigures:
    unit_id: int
    name: str
    titles: int
    honors: int
    amount: int

    @property
    def total(self) -> int:
        return self.titles + self.honors


@dataclass(frozen=True)
class Statistics:
    query: StatQuery
    scope: str  # "Toàn tỉnh" ("Toàn thành phố") or the unit's name
    count: int
    amount: int
    years: tuple[YearFigures, ...]  # every year of the range, oldest first
    units: tuple[UnitFigures, ...]  # the most awarded first
    by_sex: tuple[Share, ...]  # individuals: Nam, Nữ, and Chưa rõ when some have no sex recorded
    by_level: tuple[Share, ...]
    tables: tuple[StatTable, ...]
    words: LevelWording = LevelWording()  # the agency's level, for the words of the report

    def table(self, key: str) -> StatTable:
        return next(t for t in self.tables if t.key == key)

    def describe(self) -> str:
        """The filters in one line, for a page's status and a sheet's subtitle."""
        q = self.query
        years = (
            f"Năm {q.year_from}" if q.year_from == q.year_to else f"Từ năm {q.year_from} đến năm {q.year_to}"
        )
        parts = [years, self.scope]
        if q.subject is not None:
            parts.append(q.subject.label.lower())
        if q.gender is not None:
            parts.append(f"giới tính {q.gender.label.lower()}")
        if q.levels is not None:
            parts.append(
                "cấp: " + ", ".join(level_labels(self.words)[lv] for lv in AuthorityLevel if lv in q.levels)
            )
        if q.codes is not None:
            parts.append(f"{len(q.codes)} danh hiệu, hình thức đã chọn")
        if not q.include_special:
            parts.append("không tính khen thưởng đột xuất, chuyên đề")
        return "; ".join(parts)


# --- counting -------------------------------------------------------------------------------------------


@dataclass
class _Tally:
    """Counts of one cell of a cross-table, split the ways every table needs."""

    titles: int = 0
    honors: int = 0
    by_subject: list[int] = field(
        default_factory=lambda: [0, 0, 0, 0]
    )  # COLLECTIVE, MALE, FEMALE, UNKNOWN_SEX
    amount: int = 0

    def add(self, is_title: bool, subject: int, count: int, amount: int) -> None:
        if is_title:
            self.titles += count
        else:
            self.honors += count
        self.by_subject[subject] += count
        self.amount += amount

    @property
    def total(self) -> int:
        return self.titles + self.honors

    @property
    def individuals(self) -> int:
        return self.total - self.by_subject[COLLECTIVE]


@dataclass(frozen=True)
class _Type:
    id: int
    code: str
    name: str
    short_name: str
    is_title: bool
    level: AuthorityLevel
    for_individual: bool
    for_collective: bool
    rank: int


def _chosen_types(s, query: StatQuery) -> list[_Type]:
    rows = s.execute(
        select(
            AwardType.id,
            AwardType.code,
            AwardType.name,
            AwardType.short_name,
            AwardType.category == AwardCategory.TITLE,
            AwardType.level,
            AwardType.for_individual,
            AwardType.for_collective,
            AwardType.rank,
        )
    ).all()
    types = [_Type(*r[:4], bool(r[4]), *r[5:]) for r in rows]
    if query.codes is not None:
        types = [t for t in types if t.code in query.codes]
    if query.levels is not None:
        types = [t for t in types if t.level in query.levels]
    return sorted(types, key=lambda t: (not t.is_title, t.rank, t.code))


def _fits(t: _Type, query: StatQuery) -> bool:
    """Whether a title or form can go to the subjects asked for (a row is listed even at zero)."""
    if query.subject is SubjectKind.COLLECTIVE:
        return t.for_collective
    if query.subject is SubjectKind.INDIVIDUAL or query.gender is not None:
        return t.for_individual
    return True


class _Units:
    """The unit tree, and the row of the unit table each unit's awards are summed into."""

    def __init__(self, s, query: StatQuery):
        self.words = session_wording(s)
        unit_rows = s.execute(select(Unit.id, Unit.parent_id, Unit.name, Unit.kind)).all()
        self.rows = {uid: (name, kind) for uid, _parent, name, kind in unit_rows}
        children: dict[int | None, list[int]] = defaultdict(list)
        for uid, parent, _name, _kind in unit_rows:
            children[parent if parent in self.rows else None].append(uid)
        roots = children[None]
        if query.unit_id is None:
            # One Department at the top: its units are the rows, and the Department keeps one of its own.
            head = roots[0] if len(roots) == 1 else None
            self.scope, self.ids = self.words.whole_area, None
        elif query.unit_id in self.rows:
            head = query.unit_id
            self.scope = self.rows[head][0]
        else:
            raise UserError("Đơn vị đã chọn không còn trong cơ sở dữ liệu; hãy chọn lại đơn vị.")
        self.row_of: dict[int, int] = {}  # unit → the unit whose row it counts in
        if head is not None:
            self.row_of[head] = head
        tops = sorted(children[head] if head is not None else roots, key=self._order_key)
        for top in tops:
            self._claim(top, top, children)
        if query.unit_id is not None:
            # What a merged or renamed predecessor earned belongs to the unit that inherited it.
            for old in predecessors(s, query.unit_id):
                self._claim(old, query.unit_id, children)
            self.ids = frozenset(self.row_of)
        self.order = ([head] if head is not None else []) + tops

    def _claim(self, uid: int, row: int, children) -> None:
        stack = [uid]
        while stack:
            unit = stack.pop()
            if unit not in self.row_of:
                self.row_of[unit] = row
                stack.extend(children.get(unit, ()))

    def _order_key(self, uid: int):
        name, kind = self.rows[uid]
        return kind is not UnitKind.DEPARTMENT_OFFICE, vietnamese_key(name)

    def name(self, uid: int) -> str:
        return self.rows[uid][0] if uid in self.rows else NO_UNIT_LABEL


def _packed_query(query: StatQuery, types: list[_Type], units: _Units, type_radix: int, unit_radix: int):
    subject = case(
        (Award.person_id.is_(None), COLLECTIVE),
        (Person.gender == Gender.MALE, MALE),
        (Person.gender == Gender.FEMALE, FEMALE),
        else_=UNKNOWN_SEX,
    )
    basis = case(*((Award.basis == b, i) for i, b in enumerate(_BASES)), else_=0)
    unit = func.coalesce(Person.unit_id, Award.unit_id, NO_UNIT)
    key = cast(Award.year - query.year_from, BigInteger)
    for radix, part in (
        (type_radix, Award.award_type_id),
        (len(_BASES), basis),
        (SUBJECTS, subject),
        (unit_radix, unit),
    ):
        key = key * radix + part
    # "+ 0" keeps the planner off the year and type indexes (reaching most rows through them costs a random
    # read of the table each): SQLite reads ix_award_statistics whole instead, which holds every column.
    where = [Award.revoked.is_(False), (Award.year + 0).between(query.year_from, query.year_to)]
    if query.codes is not None or query.levels is not None:
        where.append((Award.award_type_id + 0).in_([t.id for t in types]))
    if query.subject is SubjectKind.COLLECTIVE:
        where.append(Award.person_id.is_(None))
    elif query.subject is SubjectKind.INDIVIDUAL or query.gender is not None:
        where.append(Award.person_id.is_not(None))
    if query.gender is not None:
        where.append(Person.gender == query.gender)
    if not query.include_special:
        where.append(Award.basis.not_in(SPECIAL_BASES))
    if units.ids is not None:
        where.append(unit.in_(sorted(units.ids)))
    return (
        select(
            key.label("k"),
            func.count(),
            cast(func.coalesce(func.sum(Award.bonus_amount), literal(0)), BigInteger),
        )
        .select_from(Award)
        .outerjoin(Person, Person.id == Award.person_id)
        .where(*where)
        .group_by(literal_column("k"))
    )


# PostgreSQL cannot estimate the packed key's groups, so by default it sorts the joined rows (1.16 million at
# 100,000 staff) for a GroupAggregate, spilling to disk, and compiles the expressions first (JIT): hashing
# them in memory is cheaper (about 60,000 groups, 15 MB). For this read's transaction only (SET LOCAL).
POSTGRES_COUNT = text(
    "SELECT set_config('jit', 'off', true), set_config('enable_sort', 'off', true), "
    "set_config('work_mem', '64MB', true)"
)


@dataclass
class _Counts:
    """What the one GROUP BY gives, folded two ways: by year, title or form, basis and subject (a few hundred
    cells, every table but the units' comes from them), and by the unit's row and title or form."""

    cells: dict[tuple[int, int, AwardBasis, int], list[int]] = field(default_factory=dict)  # [count, amount]
    unit_types: dict[tuple[int, int], int] = field(default_factory=lambda: defaultdict(int))
    unit_amounts: dict[int, int] = field(default_factory=lambda: defaultdict(int))


def _count(s, query: StatQuery, types: list[_Type], units: _Units) -> _Counts:
    type_radix = max((t.id for t in types), default=0) + 1
    unit_radix = max(units.rows, default=0) + 1
    if s.get_bind().dialect.name == "postgresql":
        s.execute(POSTGRES_COUNT)
    rows = s.connection().execute(_packed_query(query, types, units, type_radix, unit_radix))
    counts = _Counts()
    heads: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    row_of = units.row_of.get
    for key, count, amount in rows:
        head, unit = divmod(key, unit_radix)
        cell = heads[head]
        cell[0] += count
        cell[1] += amount
        row = row_of(unit, NO_UNIT)
        counts.unit_types[row, head // (len(_BASES) * SUBJECTS) % type_radix] += count  # its title or form
        counts.unit_amounts[row] += amount
    for head, cell in heads.items():
        head, subject = divmod(head, SUBJECTS)
        head, basis = divmod(head, len(_BASES))
        year, type_id = divmod(head, type_radix)
        counts.cells[query.year_from + year, type_id, _BASES[basis], subject] = cell
    return counts


def award_statistics(ctx: ServiceContext, query: StatQuery) -> Statistics:
    query.check()
    with ctx.read() as s:
        types = _chosen_types(s, query)
        units = _Units(s, query)
        counts = _count(s, query, types, units) if types else _Counts()
    return _assemble(query, types, units, counts)


# --- from the counts to the tables ------------------------------------------------------------------------


def _split_columns() -> tuple[StatColumn, ...]:
    return (
        StatColumn("Danh hiệu thi đua", group="Trong đó"),
        StatColumn("Hình thức khen thưởng", group="Trong đó"),
        StatColumn("Tập thể", group="Đối tượng"),
        StatColumn("Cá nhân", group="Đối tượng"),
        StatColumn("Cá nhân nữ", group="Đối tượng"),
        StatColumn("Tổng số lượt"),
        StatColumn("Tiền thưởng (đồng)", money=True),
    )


def _split_values(t: _Tally) -> tuple[int, ...]:
    return (
        t.titles,
        t.honors,
        t.by_subject[COLLECTIVE],
        t.individuals,
        t.by_subject[FEMALE],
        t.total,
        t.amount,
    )


def _sum(tallies: Iterable[_Tally]) -> _Tally:
    out = _Tally()
    for t in tallies:
        out.titles += t.titles
        out.honors += t.honors
        out.by_subject = [a + b for a, b in zip(out.by_subject, t.by_subject, strict=True)]
        out.amount += t.amount
    return out


def _by_type_rows(types: list[_Type], values) -> list[StatRow]:
    """Titles under a "Danh hiệu thi đua" subtotal, forms under "Hình thức khen thưởng", then the total;
    `values(list_of_types)` gives a row's figures."""
    rows = []
    for is_title, heading in ((True, AwardCategory.TITLE.label), (False, AwardCategory.HONOR.label)):
        group = [t for t in types if t.is_title is is_title]
        if group:
            rows.append(StatRow(heading, values(group), RowKind.GROUP))
            rows += [StatRow(t.name, values([t])) for t in group]
    rows.append(StatRow(RowKind.TOTAL.label, values(types), RowKind.TOTAL))
    return rows


def _assemble(query: StatQuery, types: list[_Type], units: _Units, counts: _Counts) -> Statistics:
    years = list(range(query.year_from, query.year_to + 1))
    by_id = {t.id: t for t in types}
    per_year: dict[int, _Tally] = defaultdict(_Tally)
    per_type: dict[int, _Tally] = defaultdict(_Tally)
    per_type_year: dict[tuple[int, int], int] = defaultdict(int)
    per_level: dict[AuthorityLevel, _Tally] = defaultdict(_Tally)
    per_basis: dict[AwardBasis, _Tally] = defaultdict(_Tally)
    for (year, type_id, basis, subject), (count, amount) in counts.cells.items():
        kind = by_id[type_id]
        for tally in (per_year[year], per_type[type_id], per_level[kind.level], per_basis[basis]):
            tally.add(kind.is_title, subject, count, amount)
        per_type_year[type_id, year] += count
    per_unit: dict[int, _Tally] = defaultdict(_Tally)
    per_unit_type = counts.unit_types
    for (unit, type_id), count in per_unit_type.items():
        if by_id[type_id].is_title:
            per_unit[unit].titles += count
        else:
            per_unit[unit].honors += count
    for unit, amount in counts.unit_amounts.items():
        per_unit[unit].amount += amount
    total = _sum(per_year.values())
    listed = [t for t in types if per_type[t.id].total or _fits(t, query)]

    year_table = StatTable(
        "nam",
        "Theo năm",
        "SỐ LƯỢT KHEN THƯỞNG VÀ TIỀN THƯỞNG THEO NĂM",
        "Năm",
        _split_columns(),
        (
            *(StatRow(str(y), _split_values(per_year[y])) for y in years),
            StatRow(RowKind.TOTAL.label, _split_values(total), RowKind.TOTAL),
        ),
        ChartSpec("stacked", "Số lượt khen thưởng theo năm", (0, 1)),
    )

    def type_year_values(group: list[_Type]) -> tuple[int, ...]:
        counts = [sum(per_type_year[t.id, y] for t in group) for y in years]
        return (*counts, sum(counts), sum(per_type[t.id].amount for t in group))

    form_table = StatTable(
        "hinh_thuc",
        "Danh hiệu, hình thức",
        "SỐ LƯỢT KHEN THƯỞNG THEO DANH HIỆU, HÌNH THỨC VÀ NĂM",
        "Danh hiệu thi đua, hình thức khen thưởng",
        (
            *(StatColumn(str(y), group="Năm") for y in years),
            StatColumn("Tổng số lượt"),
            StatColumn("Tiền thưởng (đồng)", money=True),
        ),
        tuple(_by_type_rows(listed, type_year_values)),
    )

    def subject_values(group: list[_Type]) -> tuple[int, ...]:
        t = _sum(per_type[k.id] for k in group)
        sexes = (t.by_subject[MALE], t.by_subject[FEMALE]) + (
            (t.by_subject[UNKNOWN_SEX],) if unknown_sex else ()
        )
        return (t.total, t.by_subject[COLLECTIVE], t.individuals, *sexes, t.amount)

    unknown_sex = total.by_subject[UNKNOWN_SEX] > 0
    subject_table = StatTable(
        "doi_tuong",
        "Đối tượng, giới tính",
        "SỐ LƯỢT KHEN THƯỞNG THEO ĐỐI TƯỢNG VÀ GIỚI TÍNH",
        "Danh hiệu thi đua, hình thức khen thưởng",
        (
            StatColumn("Tổng số lượt"),
            StatColumn("Tập thể"),
            StatColumn("Cá nhân"),
            StatColumn("Nam", group="Cá nhân chia theo giới tính"),
            StatColumn("Nữ", group="Cá nhân chia theo giới tính"),
            *((StatColumn("Chưa rõ", group="Cá nhân chia theo giới tính"),) if unknown_sex else ()),
            StatColumn("Tiền thưởng (đồng)", money=True),
        ),
        tuple(_by_type_rows(listed, subject_values)),
        ChartSpec(
            "pie",
            "Cá nhân được khen thưởng theo giới tính",
            (3, 4, 5) if unknown_sex else (3, 4),
            across=True,
        ),
    )

    shown_types = [t for t in types if per_type[t.id].total]
    unit_ids = [u for u in units.order if per_unit[u].total] + ([NO_UNIT] if per_unit[NO_UNIT].total else [])
    unit_table = StatTable(
        "don_vi",
        "Theo đơn vị",
        "SỐ LƯỢT KHEN THƯỞNG THEO ĐƠN VỊ",
        "Đơn vị",
        (
            *(StatColumn(t.short_name, group="Danh hiệu, hình thức") for t in shown_types),
            StatColumn("Danh hiệu thi đua"),
            StatColumn("Hình thức khen thưởng"),
            StatColumn("Tổng số lượt"),
            StatColumn("Tiền thưởng (đồng)", money=True),
        ),
        (
            *(
                StatRow(
                    units.name(u),
                    (
                        *(per_unit_type[u, t.id] for t in shown_types),
                        per_unit[u].titles,
                        per_unit[u].honors,
                        per_unit[u].total,
                        per_unit[u].amount,
                    ),
                )
                for u in unit_ids
            ),
            StatRow(
                RowKind.TOTAL.label,
                (
                    *(per_type[t.id].total for t in shown_types),
                    total.titles,
                    total.honors,
                    total.total,
                    total.amount,
                ),
                RowKind.TOTAL,
            ),
        ),
        ChartSpec("bar", "Tổng số lượt khen thưởng theo đơn vị", (len(shown_types) + 2,)),
    )

    levels = [lv for lv in AuthorityLevel if per_level[lv].total or any(t.level is lv for t in types)]
    labels = level_labels(units.words)
    level_table = StatTable(
        "cap",
        "Cấp khen thưởng",
        "SỐ LƯỢT KHEN THƯỞNG THEO CẤP KHEN THƯỞNG",
        "Cấp quyết định khen thưởng",
        _split_columns(),
        (
            *(StatRow(labels[lv], _split_values(per_level[lv])) for lv in levels),
            StatRow(RowKind.TOTAL.label, _split_values(total), RowKind.TOTAL),
        ),
        ChartSpec("pie", "Tỷ lệ theo cấp khen thưởng", (5,)),
    )
    bases = [b for b in _BASES if query.include_special or b not in SPECIAL_BASES]
    basis_table = StatTable(
        "loai_hinh",
        "Loại hình",
        "SỐ LƯỢT KHEN THƯỞNG THEO LOẠI HÌNH KHEN THƯỞNG",
        "Loại hình khen thưởng",
        _split_columns(),
        (
            *(StatRow(b.label, _split_values(per_basis[b])) for b in bases),
            StatRow(RowKind.TOTAL.label, _split_values(total), RowKind.TOTAL),
        ),
        ChartSpec("bar", "Số lượt theo loại hình khen thưởng", (5,)),
    )

    by_sex = [Share("Nam", total.by_subject[MALE]), Share("Nữ", total.by_subject[FEMALE])]
    if unknown_sex:
        by_sex.append(Share("Chưa rõ", total.by_subject[UNKNOWN_SEX]))
    unit_figures = sorted(
        (
            UnitFigures(u, units.name(u), per_unit[u].titles, per_unit[u].honors, per_unit[u].amount)
            for u in unit_ids
        ),
        key=lambda f: -f.total,
    )
    return Statistics(
        query=query,
        scope=units.scope,
        count=total.total,
        amount=total.amount,
        years=tuple(
            YearFigures(y, per_year[y].titles, per_year[y].honors, per_year[y].amount) for y in years
        ),
        units=tuple(unit_figures),
        by_sex=tuple(by_sex),
        by_level=tuple(Share(labels[lv], per_level[lv].total) for lv in levels),
        tables=(year_table, form_table, subject_table, unit_table, level_table, basis_table),
        words=units.words,
    )


def tt02_query(year: int) -> StatQuery:
    """The yearly report's filters: one year, the whole province, every award of every kind."""
    return StatQuery(year, year)


@dataclass(frozen=True)
class StatChoices:
    """What the filters offer: the years that have awards, the units, the catalogue."""

    first_year: int | None
    last_year: int | None
    units: tuple  # app.services.records.UnitChoice, in tree order, ended units included
    award_types: tuple  # app.services.catalogue.AwardTypeInfo, titles then forms


def statistics_choices(ctx: ServiceContext) -> StatChoices:
    from app.services.catalogue import list_award_types
    from app.services.records import unit_choices

    with ctx.read() as s:
        first, last = s.execute(
            select(func.min(Award.year), func.max(Award.year)).where(Award.revoked.is_(False))
        ).one()
    return StatChoices(
        first, last, tuple(unit_choices(ctx, include_ended=True)), tuple(list_award_types(ctx))
    )
