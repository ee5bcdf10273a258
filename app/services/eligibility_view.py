""" "Ai đủ điều kiện?" as a list to look through: the candidates of app.services.eligibility turned into text
once, filtered as the clerk types, and written out to .xlsx.

    listing = judge_list(ctx, histories, 2024, "CSTD_TINH", unit_id=None, short_names)
    search = VerdictSearch(listing)
    search.set_filter(eligible=True)        # None: everyone; False: not yet; or a status (PENDING, HELD)
    rows = search.find("nguyen thi")        # indices into listing.candidates, in list order

A keystroke must repaint within 20 ms for the whole province (all titles give about two rows per
person): the names are folded once per listing, and a query that extends the previous one only looks
at the previous hits (app.services.staff.StaffSearch, which the staff page uses too).

Every title of a year is judged title by title (`YearVerdicts`): the window keeps a year's verdicts
(ui.kept_verdicts), shows the titles judged so far while the others are judged, and a title or a unit is a
part of the whole province's listing (`YearVerdicts.listing`, `narrowed`), not a judging of its own.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import NamedTuple

from sqlalchemy import select

from app.domain.permissions import Permission, use_case
from app.domain.units import UnitChoice
from app.errors import ValidationError
from app.exchange.xlsx_table import ExportColumn, write_table_xlsx
from app.rules import ALL_CODES, ELIGIBLE, NOT_YET, PENDING
from app.services.catalogue import AwardTypeInfo, list_award_types
from app.services.context import ServiceContext
from app.services.eligibility import (
    Candidate,
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
    """What the list reads once: the histories, the units for the picker, the catalogue."""

    histories: Histories
    units: list[UnitChoice]
    awards: list[AwardTypeInfo]
    last_rated: int | None  # the newest year anyone was rated for


def load_basics(ctx: ServiceContext, histories: Histories | HistoryCache | None = None) -> Basics:
    hist = histories_of(ctx, histories)
    last = hist.last_rated()
    return Basics(hist, unit_choices(ctx, include_ended=True), list_award_types(ctx), last)


@dataclass(frozen=True)
class VerdictListing:
    """One judging (a year, one title or all, the province or a unit) ready to show: the candidates, each
    row's cells as text, the folded names, and which are eligible. The figures of the whole listing
    (counts, rule sets) are worked out once, not at each keystroke."""

    year: int
    code: str | None
    unit_id: int | None
    candidates: list[Candidate]
    texts: list[tuple[str, ...]]
    folded: list[str]
    eligible: list[bool]
    statuses: list[str] = field(default_factory=list)  # ELIGIBLE, PENDING, NOT_YET, HELD
    units: list[int | None] = field(default_factory=list)  # the unit each row was judged in (`narrowed`)
    _by_verdict: dict = field(default_factory=dict, compare=False, repr=False)  # filter → indices, made once

    @cached_property
    def eligible_count(self) -> int:
        return sum(self.eligible)

    @cached_property
    def counts(self) -> Counter:
        """How many rows have each status."""
        return Counter(self.statuses)

    @cached_property
    def rule_sets(self) -> tuple[str, ...]:
        """The rule sets that judged the listing (one for a year's review), in order of first use."""
        laws = {id(c.verdict): c.verdict.law for c in self.candidates}  # thousands share a verdict
        return tuple(law for law in dict.fromkeys(laws.values()) if law)

    @property
    def records(self) -> list[Candidate]:
        return self.candidates

    @cached_property
    def proposable(self) -> list[bool]:
        return [s in PROPOSABLE for s in self.statuses]

    def worked_out(self) -> VerdictListing:
        """The figures worked out now (off the GUI thread), not when first shown."""
        for name in ("eligible_count", "counts", "rule_sets", "proposable"):
            getattr(self, name)
        return self

    def search(self, query: str = "", eligible: bool | str | None = None) -> list[int]:
        """Indices of the candidates whose folded name holds every word of `query`, with that verdict:
        True the eligible, False those not yet eligible, or a status (PENDING, HELD)."""
        statuses, folded = self.statuses, self.folded
        base = self._by_verdict.get(eligible)
        if base is None:
            wanted = (
                {True: ELIGIBLE, False: NOT_YET}.get(eligible, eligible) if eligible is not None else None
            )
            base = self._by_verdict[eligible] = [
                i for i in range(len(statuses)) if wanted is None or statuses[i] == wanted
            ]
        for word in fold(query).split() if query else ():
            base = [i for i in base if word in folded[i]]
        return base


def birth_display(birth: str | None) -> str:
    """ "1980-03-14" → "14/03/1980"; a year alone stays as it is."""
    if not birth or len(birth) != 10:
        return birth or ""
    return f"{birth[8:10]}/{birth[5:7]}/{birth[:4]}"


def reason_text(c: Candidate) -> str:
    """The award already held, the first thing that stops the candidate, the core condition it waits on,
    or, for an eligible one, what is left to the council."""
    v = c.verdict
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
    candidates: list[Candidate],
    year: int,
    code: str | None,
    unit_id: int | None,
    short_names: Mapping[str, str],
    units_of: Mapping[int, int | None] | None = None,
    folds: dict[str, str] | None = None,
) -> VerdictListing:
    """The candidates' rows as text. `units_of` gives each person's unit in the year (for `narrowed`);
    `folds` (name → folded) may be shared by the listings of one year's titles."""
    texts, folded, eligible, statuses, units = [], [], [], [], []
    folds = {} if folds is None else folds  # a person is listed once per title: fold each name once
    # Thousands share a verdict (app.rules.engine) and a birthday: one text each, not one per row.
    shown: dict[int, tuple[str, str, bool, str]] = {}
    births: dict[str | None, str] = {}
    units_of = units_of or {}
    for c in candidates:
        v = c.verdict
        seen = shown.get(id(v))
        if seen is None:
            seen = shown[id(v)] = (reason_text(c), v.status_text, v.eligible, v.status)
        reason, status_text, ok, status = seen
        birth = births.get(c.birth)
        if birth is None:
            birth = births[c.birth] = birth_display(c.birth)
        texts.append((c.full_name, birth, c.unit, short_names.get(c.code, c.code), status_text, reason))
        name = folds.get(c.full_name)
        if name is None:
            name = folds[c.full_name] = fold(c.full_name)
        folded.append(name)
        eligible.append(ok)
        statuses.append(status)
        units.append(c.unit_id if c.person_id is None else units_of.get(c.person_id))
    return VerdictListing(year, code, unit_id, candidates, texts, folded, eligible, statuses, units)


def joined(
    parts: Sequence[VerdictListing], year: int, code: str | None, unit_id: int | None
) -> VerdictListing:
    """One listing of `parts` one after the other; its figures are those of the parts, added up."""
    listing = VerdictListing(
        year,
        code,
        unit_id,
        [c for p in parts for c in p.candidates],
        [t for p in parts for t in p.texts],
        [f for p in parts for f in p.folded],
        [e for p in parts for e in p.eligible],
        [s for p in parts for s in p.statuses],
        [u for p in parts for u in p.units],
    )
    figures = listing.__dict__  # cached_property's own place: the sums, not a pass over every row
    figures["eligible_count"] = sum(p.eligible_count for p in parts)
    figures["counts"] = sum((p.counts for p in parts), Counter())
    figures["rule_sets"] = tuple(dict.fromkeys(law for p in parts for law in p.rule_sets))
    figures["proposable"] = [b for p in parts for b in p.proposable]
    return listing


def narrowed(listing: VerdictListing, scope: set[int], unit_id: int) -> VerdictListing:
    """The rows of `listing` judged in the units of `scope` (`unit_scope(ctx, unit_id)`): the listing
    `judge_list` gives for that unit, without judging again."""
    keep = [i for i, u in enumerate(listing.units) if u in scope]
    return VerdictListing(
        listing.year,
        listing.code,
        unit_id,
        [listing.candidates[i] for i in keep],
        [listing.texts[i] for i in keep],
        [listing.folded[i] for i in keep],
        [listing.eligible[i] for i in keep],
        [listing.statuses[i] for i in keep],
        [listing.units[i] for i in keep],
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
    units_of = {h.id: unit for h, unit in histories.staff(year)}
    return listing_of(found, year, code, unit_id, short_names, units_of)


class YearVerdicts:
    """Every title of a year judged for the whole province, one title at a time (`judge`, off the GUI
    thread; `add` keeps it): the window keeps it (ui.kept_verdicts) and shows the titles judged so far,
    in catalogue order, while the others are judged. Judged title by title, the rows are those
    `judge_list` gives for every title at once."""

    def __init__(self, histories: Histories, year: int, short_names: Mapping[str, str]):
        self.histories, self.year, self.short_names = histories, year, dict(short_names)
        self.titles: dict[str, VerdictListing] = {}
        self._staff: list | None = None  # the province's staff of the year, with their unit then
        self._units: dict[int, int | None] = {}
        self._folds: dict[str, str] = {}
        self._whole: tuple[int, VerdictListing] | None = None  # (titles joined, their listing)

    def judge(self, code: str) -> VerdictListing:
        """One title's rows (the work: one worker thread's, one title at a time; `add` it after)."""
        if self._staff is None:
            self._staff = staff_in_year(self.histories, self.year)
            self._units = {h.id: unit for h, unit in self._staff}
        found = who_is_eligible(self.histories, self.year, [code], staff=self._staff)
        return listing_of(
            found, self.year, code, None, self.short_names, self._units, self._folds
        ).worked_out()

    def add(self, code: str, listing: VerdictListing) -> None:
        self.titles[code] = listing

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
    candidates, texts = listing.candidates, listing.texts
    return write_table_xlsx(
        path,
        "Xét điều kiện",
        [c.header for c in EXPORT_COLUMNS],
        [c.width for c in EXPORT_COLUMNS],
        (_export_row(candidates[i], texts[i]) for i in rows),
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
