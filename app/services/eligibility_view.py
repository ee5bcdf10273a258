""" "Ai đủ điều kiện?" as a list to look through: the candidates of app.services.eligibility, a row's cells
turned into text when shown, filtered as the clerk types, and written out to .xlsx.

    listing = judge_list(ctx, histories, 2024, "CSTD_TINH", unit_id=None, short_names)
    search = VerdictSearch(listing)
    search.set_filter(eligible=True)        # None: everyone; False: not yet; or a status (PENDING, HELD)
    rows = search.find("nguyen thi")        # indices into listing.candidates, in list order

A keystroke must repaint within 20 ms for the whole province (all titles give about three rows per
person): the names are folded once per listing, and a query that extends the previous one only looks
at the previous hits (app.services.staff.StaffSearch, which the staff page uses too).

A year's listing is light (22 MiB for the 269,000 rows of every title at 100,000 staff, was 135): the
candidates are parts over the rows the histories work out once a year (app.services.eligibility.Candidates),
a row's status is a byte, its texts come from its verdict when painted; a title, every title joined, a
unit narrowed share those parts.

Every title of a year is judged title by title (`YearVerdicts`): the window keeps a year's verdicts
(ui.kept_verdicts), shows the titles judged so far while the others are judged, and a title or a unit is a
part of the whole province's listing (`YearVerdicts.listing`, `narrowed`), not a judging of its own.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import compress
from operator import attrgetter, eq
from typing import NamedTuple

from sqlalchemy import select

from app.domain.permissions import Permission, use_case
from app.domain.units import UnitChoice
from app.errors import ValidationError
from app.exchange.xlsx_table import ExportColumn, write_table_xlsx
from app.rules import ALL_CODES, ELIGIBLE, HELD, NOT_YET, PENDING, Verdict
from app.services.catalogue import AwardTypeInfo, list_award_types
from app.services.context import ServiceContext
from app.services.eligibility import (
    Candidate,
    Candidates,
    Histories,
    HistoryCache,
    histories_of,
    staff_in_year,
    unit_scope,
    who_is_eligible,
)
from app.services.nominations import BatchData, held_awards, new_batch, new_items
from app.services.records import unit_choices
from app.services.staff import StaffSearch
from app.text import clean, fold
from database.models import AwardType

# Who may be ticked for "Đề nghị…": the eligible, and those waiting on the council or a paper; never a
# holder of the award (Luật TĐKT Đ5.2c) nor someone the records rule out.
PROPOSABLE = frozenset({ELIGIBLE, PENDING})
# On screen and in the file alike; the reasons of every kind are in the file, the first one on screen.
COLUMNS: tuple[ExportColumn, ...] = (
    ExportColumn("name", "Họ và tên / Tập thể", 28),
    ExportColumn("birth", "Ngày sinh", 12),
    ExportColumn("unit", "Đơn vị", 40),
    ExportColumn("title", "Danh hiệu, hình thức", 18, short="Danh hiệu"),
    ExportColumn("verdict", "Kết quả xét", 14, short="Kết quả"),
    ExportColumn("reason", "Còn thiếu, chờ xem xét", 60, short="Còn thiếu / chờ xem xét"),
)
EXPORT_COLUMNS: tuple[ExportColumn, ...] = COLUMNS[:5] + (
    ExportColumn("met", "Đã đạt", 60),
    ExportColumn("missing", "Còn thiếu", 60),
    ExportColumn("pending", "Chờ Hội đồng, cơ quan xem xét", 50),
    ExportColumn("rule_set", "Xét theo (Luật, Nghị định)", 36),
)


@dataclass(frozen=True)
class Basics:
    """What the list reads once: the histories, the units for the picker, the catalogue. Beside a year kept
    on this PC (app.services.verdict_store) there are no histories until another year is asked for."""

    histories: Histories | None
    units: list[UnitChoice]
    awards: list[AwardTypeInfo]
    last_rated: int | None  # the newest year anyone was rated for
    version: int | None = None  # the data version the histories (or the year kept) rest on, when known


def load_basics(ctx: ServiceContext, histories: Histories | HistoryCache | None = None) -> Basics:
    hist = histories_of(ctx, histories)
    last = hist.last_rated()
    version = histories.version_of(hist) if isinstance(histories, HistoryCache) else None
    return Basics(hist, unit_choices(ctx, include_ended=True), list_award_types(ctx), last, version)


def kept_basics(ctx: ServiceContext, last_rated: int | None, version: int) -> Basics:
    """What the list reads beside a year kept on this PC: no histories."""
    return Basics(None, unit_choices(ctx, include_ended=True), list_award_types(ctx), last_rated, version)


# A row's verdict as a byte (VerdictListing.codes): the status's place here times two, plus one when
# eligible; the filters, the figures and the tick boxes read these bytes, not the verdicts.
STATUSES = (ELIGIBLE, PENDING, NOT_YET, HELD)
_PROPOSABLE = bytes(STATUSES[k >> 1] in PROPOSABLE if k < 2 * len(STATUSES) else 0 for k in range(256))
_LAW = attrgetter("law")


def _code(v: Verdict) -> int:
    return STATUSES.index(v.status) * 2 + bool(v.eligible)


class VerdictListing:
    """One judging (a year, one title or all, the province or a unit) ready to show: the candidates (built
    when asked, app.services.eligibility.Candidates), a byte per row for its verdict's status (`codes`), the
    folded names for the search, and a row's cells as text when asked (`row_texts`: a screenful at a time;
    the texts come from the verdict, which thousands of rows share). The figures of the whole listing
    (counts, rule sets) are worked out once, not at each keystroke. A listing of several titles or narrowed
    to a unit shares the rows of the titles' own: per row only a position, a verdict, a byte and a folded
    name are held."""

    def __init__(
        self,
        year: int,
        code: str | None,
        unit_id: int | None,
        candidates: Candidates,
        short_names: Mapping[str, str],
        codes: bytearray | None = None,
        folded: list[str] | None = None,
        folds: dict[str, str] | None = None,
    ):
        self.year, self.code, self.unit_id = year, code, unit_id
        self.candidates = candidates
        self.short_names = short_names
        self._codes = codes
        self._folded = folded
        self._folds = folds  # name → folded, shared by the listings of a year
        self._by_verdict: dict = {}  # filter → indices, made once

    # --- the rows, as asked ------------------------------------------------------------------------------
    def row_texts(self, i: int) -> tuple[str, str, str, str, str, str]:
        """The `i`-th row's cells (COLUMNS): name, birth, unit, title, verdict, reason."""
        part, at = self.candidates.locate(i)
        row, v = part.rows[part.chosen[at]], part.verdicts[at]
        code = part.head[0]
        return (
            row[2],
            birth_display(row[3]),
            row[4],
            self.short_names.get(code, code),
            v.status_text,
            verdict_reason(v),
        )

    @property
    def codes(self) -> bytearray:
        """Each row's verdict as a byte (see STATUSES)."""
        found = self._codes
        if found is None:
            verdicts = self.candidates.verdicts
            distinct = dict(zip(map(id, verdicts()), verdicts()))  # noqa: B905 (thousands of rows share one)
            code_of = {vid: _code(v) for vid, v in distinct.items()}
            found = self._codes = bytearray(map(code_of.__getitem__, map(id, verdicts())))
        return found

    def status(self, i: int) -> str:
        return STATUSES[self.codes[i] >> 1]

    @property
    def texts(self) -> Sequence[tuple[str, ...]]:
        """Every row's cells, each built when read."""
        return _Column(self.row_texts, len(self.candidates))

    @property
    def statuses(self) -> list[str]:
        return [STATUSES[k >> 1] for k in self.codes]

    @property
    def eligible(self) -> list[bool]:
        return [bool(k & 1) for k in self.codes]

    @property
    def units(self) -> list[int | None]:
        """The unit each row was judged in (`narrowed`)."""
        return list(self.candidates.judged_in())

    @property
    def folded(self) -> list[str]:
        """Each row's folded name (a name is folded once for a year's listings)."""
        found = self._folded
        if found is None:
            folds = self._folds if self._folds is not None else {}
            self._folds = folds
            found = self._folded = [
                folds.get(name) or folds.setdefault(name, fold(name)) for name in self.candidates.names()
            ]
        return found

    @property
    def records(self) -> Candidates:
        return self.candidates

    # --- the figures, once ---------------------------------------------------------------------------------
    @cached_property
    def eligible_count(self) -> int:
        codes = self.codes
        return sum(codes.count(k) for k in range(1, 2 * len(STATUSES), 2))

    @cached_property
    def counts(self) -> Counter:
        """How many rows have each status."""
        codes = self.codes
        found = Counter(
            {status: codes.count(2 * k) + codes.count(2 * k + 1) for k, status in enumerate(STATUSES)}
        )
        return +found  # the statuses the rows have

    @cached_property
    def rule_sets(self) -> tuple[str, ...]:
        """The rule sets that judged the listing (one for a year's review), in order of first use."""
        return tuple(law for law in dict.fromkeys(map(_LAW, self.candidates.verdicts())) if law)

    @cached_property
    def proposable(self) -> bytearray:
        """1 for a row that may be ticked for "Đề nghị…" (PROPOSABLE), else 0."""
        return self.codes.translate(_PROPOSABLE)

    def worked_out(self) -> VerdictListing:
        """The figures and folded names worked out now (off the GUI thread), not when first shown."""
        for name in ("eligible_count", "counts", "rule_sets", "proposable", "folded"):
            getattr(self, name)
        return self

    def search(self, query: str = "", eligible: bool | str | None = None) -> Sequence[int]:
        """Indices of the candidates whose folded name holds every word of `query`, with that verdict:
        True the eligible, False those not yet eligible, or a status (PENDING, HELD)."""
        base = self._by_verdict.get(eligible)
        if base is None:
            codes = self.codes
            if eligible is None:
                base = range(len(codes))  # (not a list: an int object a row)
            else:
                k = STATUSES.index({True: ELIGIBLE, False: NOT_YET}.get(eligible, eligible))
                wanted = {2 * k, 2 * k + 1}
                base = list(compress(range(len(codes)), map(wanted.__contains__, codes)))
            self._by_verdict[eligible] = base
        if query:
            folded = self.folded
            for word in fold(query).split():
                base = [i for i in base if word in folded[i]]
        return base


class _Column(Sequence):
    """A column of a listing read row by row (`cell(i)`), equal to the list of its cells."""

    __slots__ = ("_cell", "_n")

    def __init__(self, cell: Callable[[int], object], n: int):
        self._cell, self._n = cell, n

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._cell(j) for j in range(*i.indices(self._n))]
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError("row index out of range")
        return self._cell(i)

    def __eq__(self, other) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, (str, bytes)):
            return NotImplemented
        return len(self) == len(other) and all(map(eq, self, other))

    __hash__ = None  # type: ignore[assignment]


def birth_display(birth: str | None) -> str:
    """ "1980-03-14" → "14/03/1980"; a year alone stays as it is."""
    if not birth or len(birth) != 10:
        return birth or ""
    return f"{birth[8:10]}/{birth[5:7]}/{birth[:4]}"


def reason_text(c: Candidate) -> str:
    """The award already held, the first thing that stops the candidate, the core condition it waits on,
    or, for an eligible one, what is left to the council."""
    return verdict_reason(c.verdict)


def verdict_reason(v: Verdict) -> str:
    """`reason_text` of a verdict."""
    if v.held:
        return v.held
    if v.unchecked:
        return "Chờ: " + v.unchecked[0]
    if v.missing:
        more = len(v.missing) - 1
        return v.missing[0] + (f" (và {more} điều kiện khác)" if more else "")
    if v.pending:
        return (
            "Chờ xem xét: "
            + v.pending[0]
            + (f" (và {len(v.pending) - 1} nội dung khác)" if len(v.pending) > 1 else "")
        )
    return ""


def listing_of(
    candidates: Sequence[Candidate],
    year: int,
    code: str | None,
    unit_id: int | None,
    short_names: Mapping[str, str],
    units_of: Mapping[int, int | None] | None = None,
    folds: dict[str, str] | None = None,
) -> VerdictListing:
    """The candidates ready to show. `units_of` gives each person's unit in the year (for `narrowed`) when
    the candidates are a plain list (who_is_eligible's know it); `folds` (name → folded) may be shared by
    the listings of one year's titles."""
    return VerdictListing(year, code, unit_id, Candidates.of(candidates, units_of), short_names, folds=folds)


def joined(
    parts: Sequence[VerdictListing], year: int, code: str | None, unit_id: int | None
) -> VerdictListing:
    """One listing of `parts` one after the other, over their rows (nothing copied but references and a
    byte a row); its figures are those of the parts, added up."""
    folded = None
    if all(p._folded is not None for p in parts):
        folded = [f for p in parts for f in p._folded]
    listing = VerdictListing(
        year,
        code,
        unit_id,
        Candidates(q for p in parts for q in p.candidates.parts),
        parts[0].short_names if parts else {},
        bytearray().join(p.codes for p in parts),
        folded,
        parts[0]._folds if parts else None,
    )
    figures = listing.__dict__  # cached_property's own place: the sums, not a pass over every row
    figures["eligible_count"] = sum(p.eligible_count for p in parts)
    figures["counts"] = sum((p.counts for p in parts), Counter())
    figures["rule_sets"] = tuple(dict.fromkeys(law for p in parts for law in p.rule_sets))
    figures["proposable"] = bytearray().join(p.proposable for p in parts)
    return listing


def narrowed(listing: VerdictListing, scope: set[int], unit_id: int) -> VerdictListing:
    """The rows of `listing` judged in the units of `scope` (`unit_scope(ctx, unit_id)`): the listing
    `judge_list` gives for that unit, without judging again (nor copying the rows: positions only; the
    folded names and the verdicts' bytes are the listing's own, taken by position)."""
    parts, kept, start = [], [], 0
    for part in listing.candidates.parts:
        keep = list(compress(range(len(part)), map(scope.__contains__, part.judged_in())))
        parts.append(part if len(keep) == len(part) else part.kept(keep))
        kept += map(start.__add__, keep)
        start += len(part)
    folded, codes = listing.folded, listing.codes
    return VerdictListing(
        listing.year,
        listing.code,
        unit_id,
        Candidates(parts),
        listing.short_names,
        bytearray(map(codes.__getitem__, kept)),
        list(map(folded.__getitem__, kept)),
        listing._folds,
    ).worked_out()


def narrowed_to_unit(ctx: ServiceContext, listing: VerdictListing, unit_id: int) -> VerdictListing:
    return narrowed(listing, unit_scope(ctx, unit_id), unit_id)


def judge_list(
    ctx: ServiceContext,
    histories: Histories,
    year: int,
    code: str | None,
    unit_id: int | None,
    short_names: Mapping[str, str],
) -> VerdictListing:
    """Judge every candidate of the year for `code` (every title and form the rules know when None), in
    the unit (with the units under it and those it inherited from) or the whole province, at once."""
    unit_ids = unit_scope(ctx, unit_id) if unit_id is not None else None
    found = who_is_eligible(histories, year, [code] if code else None, unit_ids)
    return listing_of(found, year, code, unit_id, short_names)


class SameVerdicts:
    """Verdicts equal in value made one object, and their lines one string each: people judged on their own
    (their records read one by one) get verdicts of their own, mostly equal to others' (a year of every
    title: 30,000 verdict objects, 9,000 values; 43,000 strings, 6,000 texts; about 15 MiB kept)."""

    __slots__ = ("_verdicts", "_lines")

    def __init__(self):
        self._verdicts: dict[Verdict, Verdict] = {}
        self._lines: dict = {}  # a line or a tuple of lines → the one kept

    def __call__(self, verdicts: Sequence[Verdict]) -> Sequence[Verdict]:
        """`verdicts` with the ones kept already in place of those equal to them."""
        distinct = dict(zip(map(id, verdicts), verdicts))  # noqa: B905 (thousands of rows share one)
        same = {vid: self._one(v) for vid, v in distinct.items()}
        if all(same[vid] is v for vid, v in distinct.items()):
            return verdicts
        return list(map(same.__getitem__, map(id, verdicts)))

    def _one(self, v: Verdict) -> Verdict:
        found = self._verdicts.get(v)
        if found is None:
            line, text = self._line, self._lines.setdefault
            found = self._verdicts[v] = v._replace(
                met=line(v.met),
                missing=line(v.missing),
                pending=line(v.pending),
                unchecked=line(v.unchecked),
                law=text(v.law, v.law),
                held=text(v.held, v.held),
            )
        return found

    def _line(self, texts: tuple[str, ...]) -> tuple[str, ...]:
        found = self._lines.get(texts)
        if found is None:
            lines = self._lines
            found = lines[texts] = tuple([lines.setdefault(t, t) for t in texts])
        return found


class YearVerdicts:
    """Every title of a year judged for the whole province, one title at a time (`judge`, off the GUI
    thread; `add` keeps it): the window keeps it (ui.kept_verdicts) and shows the titles judged so far,
    in catalogue order, while the others are judged. Judged title by title, the rows are those
    `judge_list` gives for every title at once. Equal verdicts are kept as one (`SameVerdicts`), and once
    every title is judged what only the judging used is let go (`Histories.year_judged`): a judged year
    keeps about 45 MiB above the histories at 100,000 staff, was 82."""

    def __init__(self, histories: Histories | None, year: int, short_names: Mapping[str, str]):
        self.histories, self.year, self.short_names = histories, year, dict(short_names)
        self.titles: dict[str, VerdictListing] = {}
        self._staff: list | None = None  # the province's staff of the year, with their unit then
        self._folds: dict[str, str] = {}
        self._whole: tuple[int, VerdictListing] | None = None  # (titles joined, their listing)
        self._alike = SameVerdicts()  # the year's verdicts, one object per value

    def judge(self, code: str) -> VerdictListing:
        """One title's rows (the work: one worker thread's, one title at a time; `add` it after)."""
        if self._staff is None:
            self._staff = staff_in_year(self.histories, self.year)
        found = who_is_eligible(self.histories, self.year, [code], staff=self._staff)
        for part in found.parts:
            part.verdicts = self._alike(part.verdicts)
        return listing_of(found, self.year, code, None, self.short_names, folds=self._folds).worked_out()

    def add(self, code: str, listing: VerdictListing) -> None:
        if code not in self.titles and len(self.titles) == len(ALL_CODES) - 1:
            # The last title: every title's listing joined, then what only the judging used goes (its
            # caches are made again if anything else asks), before `done` says the year is judged. The
            # listings hold what they show (a detail, "Đề nghị", a unit's rows, the file).
            every = [self.titles.get(c, listing) for c in ALL_CODES]
            self._whole = (len(ALL_CODES), joined(every, self.year, None, None))
            self._staff, self._alike = None, SameVerdicts()
            self._folds.clear()
            self.histories.year_judged(self.year)
        self.titles[code] = listing

    @classmethod
    def kept(
        cls, year: int, short_names: Mapping[str, str], titles: Mapping[str, VerdictListing]
    ) -> YearVerdicts:
        """A year judged before (app.services.verdict_store), every title in: nothing left to judge, no histories."""
        found = cls(None, year, short_names)
        found.titles = {code: titles[code] for code in ALL_CODES}
        found._whole = (len(ALL_CODES), joined(list(found.titles.values()), year, None, None))
        return found

    @property
    def missing(self) -> list[str]:
        """The titles not judged yet, in catalogue order."""
        return [code for code in ALL_CODES if code not in self.titles]

    @property
    def done(self) -> bool:
        return len(self.titles) == len(ALL_CODES)

    @property
    def judged(self) -> int:
        """How many titles are judged, in catalogue order from the first (those `listing()` shows)."""
        return next((n for n, code in enumerate(ALL_CODES) if code not in self.titles), len(ALL_CODES))

    def listing(self, code: str | None = None) -> VerdictListing | None:
        """One title's rows, or (None) every title's judged so far from the first one, in catalogue order;
        None when there are none yet."""
        if code is not None:
            return self.titles.get(code)
        judged = self.judged
        if judged and (self._whole is None or self._whole[0] != judged):
            self._whole = (
                judged,
                joined([self.titles[c] for c in ALL_CODES[:judged]], self.year, None, None),
            )
        return self._whole[1] if judged else None


class VerdictSearch(StaffSearch):
    """Search-as-you-type over a listing, the staff page's way: the verdict filter runs once, each keystroke
    narrows the previous hits."""

    def set_filter(self, eligible: bool | None) -> None:
        """None: every candidate; True: only the eligible; False: only those not yet eligible."""
        self.set_filters(eligible=eligible)


def _export_row(c: Candidate, texts: tuple[str, ...]) -> list[object]:
    birth = dt.date.fromisoformat(c.birth) if c.birth and len(c.birth) == 10 else texts[1]
    v = c.verdict
    # "Đã được khen LĐTT 2025 (QĐ …)": the file says which decision, as the screen's reason does
    return [
        texts[0],
        birth,
        texts[2],
        texts[3],
        v.held or texts[4],
        "; ".join(v.met),
        "; ".join(v.missing),
        "; ".join(v.pending),
        v.law,
    ]


def export_listing_xlsx(
    path: str | os.PathLike,
    listing: VerdictListing,
    rows: Sequence[int],
    title: str,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """The rows shown (indices into the listing), in the order shown, with every reason."""
    candidates, texts = listing.candidates, listing.row_texts
    return write_table_xlsx(
        path,
        "Xét điều kiện",
        [c.header for c in EXPORT_COLUMNS],
        [c.width for c in EXPORT_COLUMNS],
        (_export_row(candidates[i], texts(i)) for i in rows),
        len(rows),
        title=title,
        progress=progress,
        cancelled=cancelled,
    )


# --- "Đề nghị…": the ticked candidates into a new batch ---------------------------------------------------


class Proposed(NamedTuple):
    batch_id: int
    items: int
    left_out: tuple[str, ...]  # "Nguyễn Văn An: Đã được khen LĐTT 2025 (QĐ …)": holders of the award already


@use_case(Permission.DESK)
def propose_candidates(ctx: ServiceContext, data: BatchData, picked: Sequence[Candidate]) -> Proposed:
    """A new batch holding one nomination per ticked candidate (for the title it was judged for), all in
    one transaction: the batch and its items are there together or not at all. A candidate who already
    holds the award (as the database stands now) is left out and named; nominating them takes a reason,
    item by item (app.services.nominations.add_nomination)."""
    title = clean(data.title)
    if not title:
        raise ValidationError("Cần nhập tên hồ sơ đề nghị (ví dụ: Đề nghị khen thưởng năm 2025 của …).")
    wanted = list(dict.fromkeys((c.code, c.person_id, c.unit_id) for c in picked))
    if not wanted:
        raise ValidationError("Chưa đánh dấu người, tập thể nào để đề nghị.")
    if any(c.year != data.year for c in picked):
        raise ValidationError("Các đề nghị phải cùng năm với hồ sơ.")
    names = {(c.code, c.person_id, c.unit_id): c.full_name for c in picked}
    with ctx.write(f"Tạo hồ sơ đề nghị “{title}” từ danh sách đủ điều kiện") as s:
        awards = {
            t.code: t for t in s.scalars(select(AwardType).where(AwardType.code.in_({w[0] for w in wanted})))
        }
        types = {code: t.id for code, t in awards.items()}
        left_out = []
        for code, award in awards.items():
            held = held_awards(s, award, data.year, data.basis)
            if held:
                left_out += [f"{names[w]}: {held[w[1:]]}" for w in wanted if w[0] == code and w[1:] in held]
                wanted = [w for w in wanted if w[0] != code or w[1:] not in held]
        if not wanted:
            raise ValidationError(
                "Mọi người, tập thể đã chọn đều đã được khen: "
                + "; ".join(left_out[:3])
                + (" …" if len(left_out) > 3 else "")
                + "."
            )
        batch = new_batch(s, replace(data, title=title, campaign_id=None))
        items = new_items(
            s, batch, [(types[code], person_id, unit_id) for code, person_id, unit_id in wanted], ctx.actor
        )
        return Proposed(batch.id, len(items), tuple(left_out))
