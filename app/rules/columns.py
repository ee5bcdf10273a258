"""The province's people judged at once: their records by year in columns, and the verdicts of everyone
whose records the rule reads alike shared by one key.

    cols = Columns(size)                          # size: the largest person id + 1
    target, value = cols.rating_slot(rating)      # once a record; then for each person rated so,
    target[person_id] = value                     # as the rows are read, in their order
    cols.award_column(award)[person_id] = award
    cols.finish()
    h = cols.person(person_id, name, …)           # a PersonHistory whose ratings and awards are the columns'
    judge_each(people, "CSTD_TINH", 2024, book)   # app.rules.engine: from the columns, all at once
    read = Columns.read(people)                   # people made elsewhere, read into columns of their own

A column holds, for one year (and one code), each person's record by id: `Dense` where most people have
one (the ratings, LĐTT: a byte a person into the column's few records), a dict where few do. The record
kept is the one the person's own index keeps (app.rules.history.HistoryIndex: the last read of a year and
code), so a person judged from the columns and the same person judged alone read the same records.

For a code, `KEYS[code](cols, job)` (and `BULK[code]`, everyone's key at once by the interpreter's own
loops) keys each person's verdict on exactly what its rule reads of them — the records by identity (shared
by everyone alike, kept alive with the histories and by the subject a verdict keeps), the day they were
recruited, their sex — and judges each distinct key once, on the first person having it. The people whose
records the columns do not describe (a discipline, a grant of the same review, an initiative the rule
reads, a once-only award) are judged alone, as `engine.judge_each` judges anyone.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import compress
from typing import Any, NamedTuple

from app.rules.history import AwardRecord, PersonHistory, RatingRecord
from database.enums import InitiativeKind, InitiativeLevel

CSTD_CODES = ("CSTD_TINH", "CSTD_BO")
BK_CODES = ("BK_TINH", "BK_BO")
# A column with more than this share of the people is a list by person id, otherwise a dict.
DENSE_SHARE = 8
_NOTHING: Mapping = {}
_nothing_get = _NOTHING.get


_LASTING = ("received", "holders")  # memo entries that hold for every year (Columns.forget)


class Columns:
    """Every loaded person's ratings and awards by year (see the module docstring)."""

    __slots__ = (
        "size",
        "dense",
        "ids",
        "rated",
        "chain",
        "other",
        "disciplined",
        "initiatives",
        "_memo",
        "_order",
        "people",
        "recruited",
    )

    def __init__(self, size: int, dense: bool = True):
        self.size = size  # person ids are below it
        self.dense = dense  # `Dense` columns where most people have a record (a whole province), else dicts
        # One int object per person id, made at once: the ids the columns keep are these, not the ones each
        # row read brings (a million short-lived ints among them would pin the memory they leave).
        self.ids: Sequence[int] = list(range(size)) if dense else range(size)
        self.rated: dict[int, Any] = {}  # year → the rating record by person id
        self.chain: dict[tuple[str, int], Any] = {}  # (code, year) → the chain-feeding award by person id
        self.other: dict[tuple[str, int], Any] = {}  # (code, year) → the award that feeds no chain
        self.disciplined: set[int] = set()
        self.initiatives: dict[int, tuple] = {}  # person id → their initiatives, for those having some
        self._memo: dict[tuple, Any] = {}
        self._order: tuple | None = None  # the columns in the order a person's records are listed
        # Each person read into these columns, and the day they began work, by id: what judging everyone
        # at once would otherwise fetch from a hundred thousand objects scattered in memory.
        self.people: list = [None] * size if dense else []
        self.recruited: list = [None] * size if dense else []

    @classmethod
    def read(cls, people: Iterable[PersonHistory]) -> list[PersonHistory]:
        """People made elsewhere read into columns of their own, as the loader reads a province's rows:
        the same people, judged from the columns. Their records keep no holder (a person's never do)."""
        people = list(people)
        cols = cls(max((h.id for h in people), default=0) + 1)
        slots: dict[int, tuple] = {}
        for h in people:
            for rating in h.ratings:
                slot = slots.get(id(rating))
                if slot is None:
                    slot = slots[id(rating)] = cols.rating_slot(rating)
                slot[0][h.id] = slot[1]
            for award in h.awards:
                cols.award_column(award)[h.id] = award
            if h.disciplines:
                cols.disciplined.add(h.id)
            if h.initiatives:
                cols.initiatives[h.id] = h.initiatives
        cols.finish()
        return [
            cols.person(
                h.id,
                h.full_name,
                h.gender,
                h.recruited_on,
                h.health_sector_since,
                h.initiatives,
                h.disciplines,
            )
            for h in people
        ]

    # --- filling ---------------------------------------------------------------------------------------

    def rating_slot(self, record: RatingRecord) -> tuple[Any, Any]:
        """Where a person's rating `record` goes: assign `target[person_id] = value` (a number into the
        year's records in a whole province's column, the record itself in a dict)."""
        found = self.rated.get(record.year)
        if found is None:
            found = self.rated[record.year] = Dense.empty(self.size) if self.dense else {}
        if isinstance(found, Dense):
            found.records.append(record)
            return found.index, len(found.records) - 1
        return found, record

    def award_column(self, record: AwardRecord) -> dict:
        """The column `record` goes to: assign `column[person_id] = record` (the ones most people have
        become `Dense` when finished)."""
        table = self.chain if record.feeds_chains else self.other
        key = (record.code, record.year)
        found = table.get(key)
        if found is None:
            found = table[key] = {}
        return found

    def finish(self) -> None:
        """The columns most people have (every year's ratings, LĐTT) become `Dense`: a byte or two a person."""
        if not self.dense:
            return
        for column in self.rated.values():
            column.done()
        for table in (self.chain, self.other):
            for key, held in table.items():
                if len(held) * DENSE_SHARE > self.size:
                    table[key] = Dense.of(held, self.size)

    def record_ids(self, column, ids: Iterable[int]) -> Iterable[int]:
        """`id()` of the record of each of `ids` in `column` (id(None) for none), by the interpreter's loops."""
        if isinstance(column, Dense):
            return map(column.record_ids.__getitem__, map(column.index.__getitem__, ids))
        return map(id, map(_getter(column), ids))

    def person(
        self,
        pid: int,
        full_name: str,
        gender,
        recruited_on,
        health_sector_since,
        initiatives: tuple,
        disciplines: tuple,
        birth: str | None = None,
        sort_key: str = "",
        current_unit: int | None = None,
        postings: tuple = (),
    ) -> PersonHistory:
        """A person read with the province: their ratings and awards are read from the columns when asked;
        what a list shows of them and where they worked are kept beside (`ReadPerson`)."""
        h = _new(ReadPerson)
        for name, value in (
            ("id", pid),
            ("full_name", full_name),
            ("gender", gender),
            ("recruited_on", recruited_on),
            ("health_sector_since", health_sector_since),
            ("initiatives", initiatives),
            ("disciplines", disciplines),
            ("_ix", None),
            ("columns", self),
            ("birth", birth),
            ("sort_key", sort_key),
            ("current_unit", current_unit),
            ("postings", postings),
        ):
            _SLOTS[name](h, value)
        if self.dense:
            self.people[pid] = h
            self.recruited[pid] = recruited_on
        return h

    def ratings_of(self, pid: int) -> tuple[RatingRecord, ...]:
        """A person's ratings, by year."""
        order = self._columns_in_order()
        return tuple([found for get in order[0] if (found := get(pid)) is not None])

    def awards_of(self, pid: int) -> tuple[AwardRecord, ...]:
        """A person's awards, by year, then code, the chain-feeding one first."""
        order = self._columns_in_order()
        return tuple([found for get in order[1] if (found := get(pid)) is not None])

    def _columns_in_order(self) -> tuple:
        found = self._order
        if found is None:
            awards = sorted(
                [(year, code, 0, column) for (code, year), column in self.chain.items()]
                + [(year, code, 1, column) for (code, year), column in self.other.items()],
                key=lambda item: item[:3],
            )
            found = self._order = (
                tuple(_getter(self.rated[year]) for year in sorted(self.rated)),
                tuple(_getter(item[3]) for item in awards),
            )
        return found

    # --- reading ---------------------------------------------------------------------------------------

    def rating_of(self, year: int) -> Callable[[int], RatingRecord | None]:
        return _getter(self.rated.get(year))

    def chain_of(self, code: str, year: int) -> Callable[[int], AwardRecord | None]:
        return _getter(self.chain.get((code, year)))

    def other_of(self, code: str, year: int) -> Callable[[int], AwardRecord | None]:
        return _getter(self.other.get((code, year)))

    def holding(self, table: Mapping, code: str, year: int) -> Iterable[int]:
        """The ids of the people with a record of `code` in `year` in `table` (chain or other)."""
        return _ids(table.get((code, year)))

    def rated_with(self, year: int, levels: Iterable) -> set[int]:
        """Everyone rated for `year` at one of `levels`: the year's few distinct records chosen, then the
        column scanned for them by identity."""
        column = self.rated.get(year)
        if column is None:
            return set()
        if not isinstance(column, Dense):
            return {pid for pid, record in _items(column) if record.level in levels}
        wanted = {
            i for i, record in enumerate(column.records) if record is not None and record.level in levels
        }
        return set(compress(range(len(column.index)), map(wanted.__contains__, column.index)))

    def received(self, code: str) -> frozenset[int]:
        """Everyone who received `code` at any time, on any basis, not revoked."""
        key = ("received", code)
        found = self._memo.get(key)
        if found is None:
            ids: set[int] = set()
            for (held, _year), column in self.chain.items():
                if held == code:
                    ids.update(_ids(column))
            for (held, _year), column in self.other.items():
                if held == code:
                    ids.update(pid for pid, award in _items(column) if not award.revoked)
            found = self._memo[key] = frozenset(ids)
        return found

    def holders(self, code: str) -> frozenset[int]:
        """Everyone holding `code` in any year, on any basis."""
        key = ("holders", code)
        found = self._memo.get(key)
        if found is None:
            ids: set[int] = set()
            for table in (self.chain, self.other):
                for (held, _year), column in table.items():
                    if held == code:
                        ids.update(_ids(column))
            found = self._memo[key] = frozenset(ids)
        return found

    def last_before(self, codes: Sequence[str], year: int) -> dict[int, int]:
        """Person id → the latest year before `year` holding a chain-feeding award of `codes`."""
        key = ("last", codes, year)
        found = self._memo.get(key)
        if found is None:
            found = {}
            years = sorted({y for code, y in self.chain if code in codes and y < year})
            for y in years:
                for code in codes:
                    found.update(dict.fromkeys(self.holding(self.chain, code, y), y))
            self._memo[key] = found
        return found

    def memo(self, key: tuple, make: Callable[[], Any]) -> Any:
        """`make()` worked out once per `key` for these columns (what several codes or calls share)."""
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = make()
        return found

    def forget(self) -> None:
        """Let go what a year's judging worked out (`memo`: its sets and maps, made again when asked); who
        received or holds a code, the same for every year and small, stays."""
        self._memo = {key: found for key, found in self._memo.items() if key[0] in _LASTING}

    def with_initiatives(self, test: Callable[[Any], bool], key: tuple) -> frozenset[int]:
        """The people with an initiative passing `test` (worked out once per `key`)."""
        key = ("initiatives", *key)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = frozenset(
                pid for pid, found in self.initiatives.items() if any(test(i) for i in found)
            )
        return found


class ReadPerson(PersonHistory):
    """A person read with the whole province (`Columns.person`): the ratings and awards are the columns'.
    It is also what a list shows of the person and where they worked (one object a person, not two): the
    birth ("YYYY-MM-DD", or "YYYY" when only the year is known), the name's sort key, the unit of the
    person's record, and the postings, (unit, start, end) by start. None of these is compared: they are
    not the rules' records."""

    __slots__ = ("birth", "sort_key", "current_unit", "postings")

    @property
    def ratings(self) -> tuple[RatingRecord, ...]:  # type: ignore[override]
        return self.columns.ratings_of(self.id)

    @property
    def awards(self) -> tuple[AwardRecord, ...]:  # type: ignore[override]
        return self.columns.awards_of(self.id)


_new = object.__new__
# The fields' own slots (a ReadPerson's `ratings` and `awards` are properties over them, left empty).
_SLOTS = {name: cls.__dict__[name].__set__ for cls in (PersonHistory, ReadPerson) for name in cls.__slots__}


class Dense:
    """A column most people have: each person's record as a small number (a byte when the column holds
    at most 255 distinct records, which a year's ratings and a year's LĐTT decisions do) into its records."""

    __slots__ = ("index", "records", "record_ids", "get")

    @classmethod
    def empty(cls, size: int) -> Dense:
        """A column to fill (`index[person_id] = number` of a record appended to `records`), then `done`."""
        found = cls()
        found.index, found.records = array("I", bytes(4 * size)), [None]
        return found

    @classmethod
    def of(cls, held: Mapping[int, Any], size: int) -> Dense:
        """The column of the records `held` by person id."""
        found = cls.empty(size)
        number = {}
        for record in held.values():
            if id(record) not in number:
                number[id(record)] = len(found.records)
                found.records.append(record)
        index = found.index
        for pid, n in zip(held, map(number.__getitem__, map(id, held.values())), strict=True):
            index[pid] = n
        found.done()
        return found

    def done(self) -> None:
        """Filled: the index narrowed to a byte a person when it can be."""
        if len(self.records) <= 256:
            self.index = bytes(self.index.tolist())
        elif len(self.records) <= 65536:
            self.index = array("H", self.index.tolist())
        self.record_ids = list(map(id, self.records))
        records, index = self.records, self.index
        self.get: Callable[[int], Any] = lambda pid: records[index[pid]]

    def pids(self) -> list[int]:
        return list(compress(range(len(self.index)), self.index))

    def items(self) -> list[tuple[int, Any]]:
        index = self.index
        return list(zip(self.pids(), map(self.records.__getitem__, compress(index, index)), strict=True))


def _getter(column) -> Callable[[int], Any]:
    if column is None:
        return _nothing_get
    if isinstance(column, list):
        return column.__getitem__
    return column.get


def _ids(column) -> Iterable[int]:
    if column is None:
        return ()
    if isinstance(column, list):
        return [pid for pid, record in enumerate(column) if record is not None]
    if isinstance(column, Dense):
        return column.pids()
    return column.keys()


# --- judging everyone at once ---------------------------------------------------------------------------


def columns_of(people: Sequence[PersonHistory]):
    """The columns the first of `people` was read into, or None (made by hand): whoever was not read into
    the same columns is judged on their own."""
    return people[0].columns if people else None


class Judging(NamedTuple):
    """One code, one year: what every person's verdict needs besides their records."""

    code: str
    year: int
    rules: Any  # app.rules.parameters.YearRules
    rule: Callable
    once: bool
    is_title: bool
    alone: Callable  # (person, granting) → verdict: the person judged on their own (engine.judge_each)


def held_of(cols: Columns, job: Judging) -> Callable[[int], AwardRecord | None]:
    """The award of the year a person already holds (app.rules.conditions.held_award, for a person's own
    records and a code given more than once: once-only codes' holders are judged alone): the chain-feeding
    award, or for a title one given on another basis and not revoked."""
    key = (job.code, job.year)
    chain, other = cols.chain.get(key), cols.other.get(key) if job.is_title else None
    if other is None:
        return _getter(chain)
    kept = {pid: award for pid, award in _items(other) if not award.revoked}
    if isinstance(chain, Dense):
        get_chain, get_other = chain.get, kept.get
        return lambda pid: get_chain(pid) or get_other(pid)
    if chain is not None:
        kept.update(chain)
    return kept.get


def all_read(cols: Columns, people: Sequence[PersonHistory], ids: list[int]) -> bool:
    """Whether every one of `people` (with these `ids`) is the person read into `cols` under that id: their
    identities compared, none of them fetched."""
    if not cols.dense or not ids or not 0 <= min(ids) <= max(ids) < len(cols.people):
        return False
    return list(map(cols.people.__getitem__, ids)) == list(people)


def held_ids(cols: Columns, job: Judging, ids: list[int], held_of: Callable) -> Iterable[int]:
    """`id()` of the award of the year each of `ids` holds already (`held_of`'s), by the interpreter's
    loops when only the chain's column can hold it."""
    key = (job.code, job.year)
    if job.is_title and key in cols.other:
        return map(id, map(held_of, ids))
    return cols.record_ids(cols.chain.get(key), ids)


def _items(column) -> Iterable[tuple[int, Any]]:
    if column is None:
        return ()
    if isinstance(column, list):
        return [(pid, record) for pid, record in enumerate(column) if record is not None]
    return column.items()  # a dict's, or a Dense one's


# Each code's keys: (key of a person, the ids of the people to judge alone). The key names what the rule
# reads, beyond the discipline, grants and initiatives that send a person to be judged alone; everyone
# alike gets the same key object, alive as long as the key function.


def _by_rating(code: str, year: int, rating: Callable, award: Callable = _nothing_get):
    """A key on the year's rating record, the day work began (only whether it was before the year, or the
    day itself) and the award `award` finds by the person's id."""
    known: dict = {}

    def key(h):
        pid, start = h.id, h.recruited_on
        parts = (
            id(rating(pid)),
            None if start is None else -1 if start.year < year else start,
            id(award(pid)),
        )
        found = known.get(parts)
        if found is None:
            found = known[parts] = (code, *parts)
        return found

    return key


def _ldtt_keys(cols: Columns, job: Judging):
    """LĐTT reads the year's rating record (level, absence) and the day work began."""
    return _by_rating(job.code, job.year, cols.rating_of(job.year)), cols.disciplined


def _giay_khen_keys(cols: Columns, job: Judging):
    """Giấy khen reads the year's rating (the day work began is in the key, unread)."""
    return _by_rating(job.code, job.year, cols.rating_of(job.year)), cols.disciplined


def _cstdcs_keys(cols: Columns, job: Judging):
    """CSTĐCS reads the year's LĐTT, or the LĐTT standard (rating record, the day work began), and the year's
    rating; the initiatives of the year send a person to be judged alone."""
    y = job.year
    key = _by_rating(job.code, y, cols.rating_of(y), cols.chain_of("LDTT", y))
    of_year = cols.with_initiatives(lambda i: i.year == y, ("year", y))
    return key, cols.disciplined | of_year


def _chain_keys(spent: tuple[str, ...], n_key: str, ratings_key: str | None, above_base: bool):
    """CSTĐ cấp tỉnh/bộ and Bằng khen tỉnh/bộ read the CSTĐCS of the chain's years (and those recorded
    not for merit), the last award of `spent` before the year, and for the Bằng khen the ratings of the
    years it counts instead. Initiatives the rule reads send a person to be judged alone. Few people hold
    any of those awards: theirs are looked up, everyone else's are nothing."""

    def keys(cols: Columns, job: Judging):
        code, y, rules = job.code, job.year, job.rules
        n = rules.require(n_key)
        span = range(y - n + 1, y + 1)
        chains = [cols.chain_of("CSTDCS", k) for k in span]
        others = [cols.other_of("CSTDCS", k) for k in span]
        parts = cols.memo(("chain", spent, n, y), lambda: _awards_part(cols, spent, y, span, chains, others))
        nobody = (None, (id(None),) * n, (id(None),) * n)
        if above_base:
            base = InitiativeLevel.BASE
            odd = cols.with_initiatives(lambda i: i.year <= y and i.level is not base, ("above", y))
        else:
            odd = frozenset()
        if ratings_key is None:
            whole = {pid: (code, *part) for pid, part in parts.items()}
            anyone, found = (code, *nobody), whole.get

            def key(h):
                return found(h.id, anyone)

        else:
            m = rules.require(ratings_key)
            ratings = [cols.rating_of(k) for k in range(y - m + 1, y + 1)]
            odd = cols.with_initiatives(lambda i: y - m < i.year <= y, ("span", m, y))
            part, known = parts.get, {}

            def key(h):  # the rule reads the levels of those years, not the rest of their records
                pid = h.id
                found = (part(pid, nobody), tuple([id(getattr(get(pid), "level", None)) for get in ratings]))
                return known.setdefault(found, (code, *found))

        return key, cols.disciplined | odd

    return keys


def _awards_part(cols: Columns, spent: tuple[str, ...], y: int, span: range, chains, others) -> dict:
    """Person id → (the last award of `spent` before `y`, their CSTĐCS of `span` in and out of chains) for
    everyone holding any of them."""
    last_of = cols.last_before(spent, y)
    last = last_of.get
    holding = set(last_of)
    for k in span:
        holding.update(cols.holding(cols.chain, "CSTDCS", k))
        holding.update(cols.holding(cols.other, "CSTDCS", k))
    return {
        pid: (last(pid), tuple([id(get(pid)) for get in chains]), tuple([id(get(pid)) for get in others]))
        for pid in holding
    }


def _bare_keys(codes: tuple[str, ...], initiative_level: InitiativeLevel | None = None):
    """The forms earned after another (CSTĐ toàn quốc, Bằng khen TTg, Huân chương): someone holding none of
    `codes` (the forms the rule counts and the form itself) gets the same verdict as anyone else like them."""

    def keys(cols: Columns, job: Judging):
        code, y = job.code, job.year
        odd = set(cols.disciplined)
        for held in codes:
            odd |= cols.holders(held)
        if initiative_level is not None:
            odd |= cols.with_initiatives(
                lambda i: i.year <= y and i.level is initiative_level, ("level", initiative_level, y)
            )
        the_key = (code,)
        return (lambda h: the_key), odd

    return keys


def _sector_keys(codes: tuple[str, ...] | str, research: bool = False):
    """The Kỷ niệm chương, TTƯT and TTND read the sex and the first day in the health sector, and whether
    the awards `codes` (a parameter's name when a str) are held: their holders are judged alone."""

    def keys(cols: Columns, job: Judging):
        code = job.code
        wanted = tuple(job.rules.require(codes)) if isinstance(codes, str) else codes
        odd = set(cols.disciplined) | cols.holders(code)
        for held in wanted:
            odd |= cols.holders(held)
        if research:
            base, kind = InitiativeLevel.BASE, InitiativeKind.RESEARCH
            odd |= cols.with_initiatives(lambda i: i.kind is kind and i.level is not base, ("research",))

        known: dict = {}

        def key(h):
            found = (id(h.gender), h.health_sector_since or h.recruited_on)
            return known.setdefault(found, (code, *found))

        return key, odd

    return keys


def _rating_parts(award: str | None = None):
    """For everyone at once (LĐTT, Giấy khen, CSTĐCS): the parts of `_by_rating`'s key, as plain tuples
    made by the interpreter's own loops — (id of the year's rating record, the day work began or -1,
    id of the person's `award` of the year) — with the id of the award each holds already."""

    def parts(cols: Columns, job: Judging, ids: list[int], held: Iterable[int]) -> list[tuple]:
        """(rating, tenure, award, id of the award held) of each person: one flat tuple each."""
        y = job.year
        tenure = map(_Tenure(y).__getitem__, map(cols.recruited.__getitem__, ids))
        awarded = cols.record_ids(cols.chain.get((award, y)), ids) if award else [id(None)] * len(ids)
        return list(zip(cols.record_ids(cols.rated.get(y), ids), tenure, awarded, held))  # noqa: B905

    return parts


class _Tenure(dict):
    """The day work began → what the LĐTT standard reads of it in `year`: -1 when before the year, else the
    day itself (None unknown); each distinct day worked out once."""

    def __init__(self, year: int):
        super().__init__()
        self.year = year

    def __missing__(self, start):
        found = self[start] = None if start is None else -1 if start.year < self.year else start
        return found


# Codes whose keys are worked out for everyone at once (`_rating_parts`): the parts, and the key a part
# stands for (the same key `KEYS` gives that person).
BULK: dict[str, Callable] = {
    "LDTT": _rating_parts(),
    "GIAY_KHEN": _rating_parts(),
    "CSTDCS": _rating_parts("LDTT"),
}

KEYS: dict[str, Callable[[Columns, Judging], tuple[Callable, Any]]] = {
    "LDTT": _ldtt_keys,
    "GIAY_KHEN": _giay_khen_keys,
    "CSTDCS": _cstdcs_keys,
    "CSTD_TINH": _chain_keys(CSTD_CODES, "cstd_tinh_cstdcs_years", None, True),
    "CSTD_BO": _chain_keys(CSTD_CODES, "cstd_tinh_cstdcs_years", None, True),
    "BK_TINH": _chain_keys(BK_CODES, "bk_cstdcs_years", "bk_excellent_years", False),
    "BK_BO": _chain_keys(BK_CODES, "bk_cstdcs_years", "bk_excellent_years", False),
    "CSTD_TQ": _bare_keys(("CSTD_TINH", "CSTD_BO", "CSTD_TQ"), InitiativeLevel.NATIONAL),
    "BK_TTG": _bare_keys(("BK_TINH", "BK_BO", "BK_TTG")),
    "HCLD3": _bare_keys(("BK_TTG", "HCLD3")),
    "HCLD2": _bare_keys(("HCLD3", "HCLD2")),
    "HCLD1": _bare_keys(("HCLD2", "HCLD1")),
    "KNC_VSKND": _sector_keys(("KNC_VSKND",)),
    "TTUT": _sector_keys("ttut_prior_merits"),
    "TTND": _sector_keys(("TTUT",), research=True),
}
