""" "Ai đủ điều kiện?" as a list to look through: the candidates of app.services.eligibility turned into text
once, filtered as the clerk types, and written out to .xlsx.

    listing = judge_list(ctx, histories, 2024, "CSTD_TINH", unit_id=None, short_names)
    search = VerdictSearch(listing)
    search.set_filter(eligible=True)        # None: everyone; False: not yet; or a status (PENDING, HELD)
    rows = search.find("nguyen thi")        # indices into listing.candidates, in list order

A keystroke must repaint within 20 ms for the whole province (all titles give about two rows per
person): the names are folded once per listing, and a query that extends the previous one only looks
at the previous hits (app.services.staff.StaffSearch, which the staff page uses too).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from sqlalchemy import select

from app.domain.permissions import Permission, use_case
from app.errors import ValidationError
from app.exchange.xlsx_table import ExportColumn, write_table_xlsx
from app.rules import ALL_CODES, ELIGIBLE, NOT_YET, PENDING
from app.services.context import ServiceContext
from app.services.eligibility import Candidate, Histories, unit_scope, who_is_eligible
from app.services.nominations import BatchData, held_awards, new_batch, new_items
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
class VerdictListing:
    """One judging (a year, one title or all, the province or a unit) ready to show: the candidates, each
    row's cells as text, the folded names, and which are eligible."""

    year: int
    code: str | None
    unit_id: int | None
    candidates: list[Candidate]
    texts: list[tuple[str, ...]]
    folded: list[str]
    eligible: list[bool]
    statuses: list[str] = field(default_factory=list)  # ELIGIBLE, PENDING, NOT_YET, HELD
    _by_verdict: dict = field(default_factory=dict, compare=False, repr=False)  # filter → indices, made once

    @property
    def eligible_count(self) -> int:
        return sum(self.eligible)

    @property
    def rule_sets(self) -> tuple[str, ...]:
        """The rule sets that judged the listing (one for a year's review), in order of first use."""
        return tuple(dict.fromkeys(c.verdict.law for c in self.candidates if c.verdict.law))

    @property
    def records(self) -> list[Candidate]:
        return self.candidates

    @property
    def proposable(self) -> list[bool]:
        return [s in PROPOSABLE for s in self.statuses]

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
) -> VerdictListing:
    texts, folded, eligible, statuses = [], [], [], []
    folds: dict[str, str] = {}  # a person is listed once per title: fold each name once
    # Thousands share a verdict (app.rules.engine) and a birthday: one text each, not one per row.
    reasons: dict[int, str] = {}
    births: dict[str | None, str] = {}
    for c in candidates:
        v = c.verdict
        reason = reasons.get(id(v))
        if reason is None:
            reason = reasons[id(v)] = reason_text(c)
        birth = births.get(c.birth)
        if birth is None:
            birth = births[c.birth] = birth_display(c.birth)
        texts.append((c.full_name, birth, c.unit, short_names.get(c.code, c.code), v.status_text, reason))
        name = folds.get(c.full_name)
        if name is None:
            name = folds[c.full_name] = fold(c.full_name)
        folded.append(name)
        eligible.append(v.eligible)
        statuses.append(v.status)
    return VerdictListing(year, code, unit_id, candidates, texts, folded, eligible, statuses)


def judge_list(
    ctx: ServiceContext,
    histories: Histories,
    year: int,
    code: str | None,
    unit_id: int | None,
    short_names: Mapping[str, str],
) -> VerdictListing:
    """Judge every candidate of the year for `code` (every title and form the rules know when None), in
    the unit (with the units under it and those it inherited from) or the whole province."""
    return _judged(ctx, histories, year, code, unit_id, short_names, [code] if code else None)


# "Every title" is shown in catalogue order, LĐTT (everyone on the staff) first: those rows are judged and
# shown first, the rest is judged while the clerk looks at them (ui.dialogs.eligibility_dialog).
FIRST_SHOWN = ALL_CODES[:1]


def judge_first(
    ctx: ServiceContext, histories: Histories, year: int, unit_id: int | None, short_names: Mapping[str, str]
) -> VerdictListing:
    """The first rows of every title's listing (`judge_list` with no code): the first title's."""
    return _judged(ctx, histories, year, None, unit_id, short_names, list(FIRST_SHOWN))


def judge_rest(
    ctx: ServiceContext,
    histories: Histories,
    year: int,
    unit_id: int | None,
    short_names: Mapping[str, str],
    first: VerdictListing,
) -> VerdictListing:
    """Every title's listing, `first` (from `judge_first`) followed by the other titles' rows: the same
    listing as `judge_list` with no code, whose first rows are `first`'s."""
    rest = _judged(ctx, histories, year, None, unit_id, short_names, list(ALL_CODES[len(FIRST_SHOWN) :]))
    return VerdictListing(
        year,
        None,
        unit_id,
        first.candidates + rest.candidates,
        first.texts + rest.texts,
        first.folded + rest.folded,
        first.eligible + rest.eligible,
        first.statuses + rest.statuses,
    )


def _judged(
    ctx: ServiceContext,
    histories: Histories,
    year: int,
    code: str | None,
    unit_id: int | None,
    short_names: Mapping[str, str],
    codes: list[str] | None,
) -> VerdictListing:
    unit_ids = unit_scope(ctx, unit_id) if unit_id is not None else None
    found = who_is_eligible(histories, year, codes, unit_ids)
    return listing_of(found, year, code, unit_id, short_names)


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
