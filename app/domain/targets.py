"""Targets (chỉ tiêu) of a campaign as the plans state them, and the units' results judged against them.

A target has a kind (TargetComparison): a value to reach ("100% số xã"), a range ("8,5 – 9 bác sĩ/vạn
dân"), at least, at most, about ("khoảng 1,0%", within a tolerance), or words judged by hand ("hoàn thành
các chỉ tiêu nghị quyết…"). It may name the year it is to be reached by ("đến năm 2025"), and a unit may be
held to values of its own instead of the campaign's (a health centre's 6–6,5 where the province aims at
8,5–9). A result is judged against its unit's own target; a result of a year before the target year that
does not reach it yet is progress ("Chưa đến năm mục tiêu"), not a miss.

The report of targets against results (by unit, by year) is built here as data; app.exchange.target_report
writes it as a workbook and app.documents.target_report as a PDF.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from app.text import fold, vietnamese_key
from app.text.numbers import decimal_text as number_text
from app.text.numbers import roman
from database.enums import LabelledEnum, TargetComparison, TargetVerdict

C = TargetComparison

# "Khoảng 1,0%" is met within a tenth of the value either side unless the office sets the tolerance: the
# plans say "about", not how near.
ABOUT_TOLERANCE = Decimal("0.1")
NUMERIC_KINDS = (C.VALUE, C.AT_LEAST, C.AT_MOST, C.RANGE, C.ABOUT)


class Progress(LabelledEnum):
    """A result against its target."""

    MET = ("MET", "Đạt")
    IN_RANGE = ("IN_RANGE", "Đạt (trong khoảng)")
    EXCEEDED = ("EXCEEDED", "Vượt khoảng")
    OFF = ("OFF", "Lệch mục tiêu")
    NOT_MET = ("NOT_MET", "Chưa đạt")
    FAILED = ("FAILED", "Không đạt")  # a target in words judged by hand
    UNDERWAY = ("UNDERWAY", "Chưa đến năm mục tiêu")


GOOD_PROGRESS = (Progress.MET, Progress.IN_RANGE, Progress.EXCEEDED)
VERDICT_PROGRESS = {TargetVerdict.MET: Progress.MET, TargetVerdict.NOT_MET: Progress.FAILED}


@dataclass(frozen=True)
class TargetInput:
    """`value` is the goal (the lower end of a range); `value_max` the upper end of a range; `text` the goal
    in words of a TEXT target; `target_year` the year it is to be reached by; `tolerance` the ± of an "about"
    target (None: a tenth of the value)."""

    name: str
    measure: str | None
    comparison: TargetComparison
    value: Decimal | None
    value_max: Decimal | None = None
    target_year: int | None = None
    text: str | None = None
    tolerance: Decimal | None = None


@dataclass(frozen=True)
class UnitValue:
    """A unit's own goal for a target, stored as the target's kind stores its bounds."""

    unit_id: int
    unit_name: str
    value_min: Decimal | None
    value_max: Decimal | None
    version: int = 1  # the record's, handed back to the save (app.services.versions)


@dataclass(frozen=True)
class TargetInfo:
    id: int
    name: str
    measure: str
    comparison: TargetComparison
    value_min: Decimal | None
    value_max: Decimal | None
    version: int = 1  # the record's, handed back to the save (app.services.versions)
    target_year: int | None = None
    text: str = ""
    tolerance: Decimal | None = None  # as entered; None: the default (see about_tolerance)
    unit_values: tuple[UnitValue, ...] = ()

    @property
    def judged_by_hand(self) -> bool:
        return self.comparison is C.TEXT

    def about_tolerance(self) -> Decimal:
        """How far from the value an "about" result may be: as set, or a tenth of the value."""
        if self.tolerance is not None:
            return self.tolerance
        return abs(self.value_min or Decimal(0)) * ABOUT_TOLERANCE

    def for_unit(self, unit_id: int | None) -> TargetInfo:
        """The target as `unit_id` is held to it: its own values when it has some."""
        own = next((v for v in self.unit_values if v.unit_id == unit_id), None)
        if own is None:
            return self
        return replace(self, value_min=own.value_min, value_max=own.value_max, unit_values=())

    def has_own_values(self, unit_id: int) -> bool:
        return any(v.unit_id == unit_id for v in self.unit_values)

    def _by_year(self, text: str) -> str:
        return f"đến năm {self.target_year} {text}" if self.target_year else text

    def goal_text(self, measure: bool = True) -> str:
        """ "8,5 – 9 bác sĩ/vạn dân", "≥ 100 %", "đến năm 2025 khoảng 1 % (± 0,1)", or the words; without
        the unit of measure where a column of its own shows it."""
        if self.judged_by_hand:
            return self.text
        lo, hi = number_text(self.value_min), number_text(self.value_max)
        goal = {
            C.VALUE: lo,
            C.AT_LEAST: f"≥ {lo}",
            C.AT_MOST: f"≤ {hi}",
            C.RANGE: f"{lo} – {hi}",
            C.ABOUT: f"khoảng {lo}",
        }[self.comparison]
        goal = f"{goal} {self.measure if measure else ''}".strip()
        if self.comparison is C.ABOUT and self.tolerance is not None:
            goal += f" (± {number_text(self.tolerance)})"
        return self._by_year(goal)

    def goal_phrase(self) -> str:
        """As a document says it: "từ 8,5 đến 9 bác sĩ/vạn dân", "đạt tối thiểu 100%", "đến năm 2025 khoảng
        1%"; a target in words as written."""
        if self.judged_by_hand:
            return self.text
        lo, hi = number_text(self.value_min), number_text(self.value_max)
        measure = f"{'' if self.measure == '%' else ' '}{self.measure}" if self.measure else ""
        return self._by_year(
            {
                C.VALUE: f"đạt {lo}{measure}",
                C.AT_LEAST: f"đạt tối thiểu {lo}{measure}",
                C.AT_MOST: f"không quá {hi}{measure}",
                C.RANGE: f"từ {lo} đến {hi}{measure}",
                C.ABOUT: f"khoảng {lo}{measure}",
            }[self.comparison]
        )

    def plan_line(self) -> str:
        """The target as a plan lists it: "Số bác sĩ/vạn dân: từ 8,5 đến 9 bác sĩ/vạn dân"; a target in words
        is its own sentence ("Hoàn thành các chỉ tiêu nghị quyết …"), with its name before it only when the
        words do not already say it. Without the closing mark (the document ends the sentence)."""
        if not self.judged_by_hand:
            return f"{self.name}: {self.goal_phrase()}"
        text = self.text.strip()
        if self.name.strip() and f" {_words(self.name)} " not in f" {_words(text)} ":
            return f"{self.name.strip()}: {text}"
        return text[:1].upper() + text[1:]

    def judge(
        self,
        value: Decimal | None,
        year: int | None = None,
        unit_id: int | None = None,
        verdict: TargetVerdict | None = None,
    ) -> Progress:
        """A result against the unit's own target: a number by the kind, words by the verdict given. Before
        the target year a result that does not reach the goal yet is UNDERWAY."""
        goal = self.for_unit(unit_id)
        if self.judged_by_hand:
            progress = VERDICT_PROGRESS[verdict] if verdict is not None else Progress.NOT_MET
        else:
            progress = progress_of(
                goal.comparison, goal.value_min, goal.value_max, value, goal.about_tolerance()
            )
        early = self.target_year is not None and year is not None and year < self.target_year
        return Progress.UNDERWAY if early and progress not in GOOD_PROGRESS else progress


def _words(text: str) -> str:
    """The words of a text, folded, one space apart: what "the name repeats the text" compares."""
    return " ".join(re.findall(r"\w+", fold(text)))


@dataclass(frozen=True)
class ResultInfo:
    target_id: int
    unit_id: int
    unit_name: str
    year: int
    value: Decimal | None
    progress: Progress
    verdict: TargetVerdict | None = None
    note: str = ""

    def result_text(self) -> str:
        """The Kết quả column: the number, or for a target in words the note (its verdict is the Đánh giá)."""
        return number_text(self.value) if self.value is not None else self.note


def progress_of(
    comparison: TargetComparison,
    lo: Decimal | None,
    hi: Decimal | None,
    value: Decimal,
    tolerance: Decimal | None = None,
) -> Progress:
    """Met / not met for a value or a bound; in, under or over for a range; near or off for "about" (within
    `tolerance`, by default a tenth of the value)."""
    value = Decimal(value)
    if comparison in (C.AT_LEAST, C.VALUE):
        return Progress.MET if value >= lo else Progress.NOT_MET
    if comparison is C.AT_MOST:
        return Progress.MET if value <= hi else Progress.NOT_MET
    if comparison is C.RANGE:
        return Progress.NOT_MET if value < lo else Progress.EXCEEDED if value > hi else Progress.IN_RANGE
    if comparison is C.ABOUT:
        near = abs(lo) * ABOUT_TOLERANCE if tolerance is None else tolerance
        return Progress.IN_RANGE if abs(value - lo) <= near else Progress.OFF
    raise ValueError(f"{comparison} is judged by hand, not by a number")


def result_units(results: Sequence[ResultInfo]) -> list[tuple[int, str]]:
    """The units that have results, in Vietnamese order."""
    seen = {r.unit_id: r.unit_name for r in results}
    return sorted(seen.items(), key=lambda x: vietnamese_key(x[1]))


# --- the report of targets against results ------------------------------------------------------------

OWN_GOAL = "mục tiêu riêng"
# The columns before the years', and each year's pair (the authorities' layout).
REPORT_HEADERS = ("TT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu")
YEAR_HEADERS = ("Kết quả", "Đánh giá")


@dataclass(frozen=True)
class ReportRow:
    """One target in a unit's block: its goal for that unit and, for each year of the report, the result
    and its verdict (empty strings when no result was entered)."""

    number: int
    name: str
    measure: str
    goal: str
    own_goal: bool  # the unit's own values, not the campaign's
    cells: tuple[tuple[str, str], ...]

    @property
    def goal_cell(self) -> str:
        """The Mục tiêu column: the goal, marked when it is the unit's own."""
        return f"{self.goal} ({OWN_GOAL})" if self.own_goal else self.goal


@dataclass(frozen=True)
class ReportBlock:
    number: int
    unit_id: int
    unit_name: str
    rows: tuple[ReportRow, ...]

    @property
    def heading(self) -> str:
        """ "I. Bệnh viện Đa khoa tỉnh": the row that opens the unit's block."""
        return f"{roman(self.number)}. {self.unit_name}"


@dataclass(frozen=True)
class TargetReport:
    """Targets against results, by unit and year, as the authorities' tables lay it out."""

    campaign_name: str
    period: str  # "giai đoạn 2023 - 2025"
    years: tuple[int, ...]
    blocks: tuple[ReportBlock, ...]

    title = "KẾT QUẢ THỰC HIỆN CHỈ TIÊU THI ĐUA"

    def year_header(self, year: int) -> str:
        return f"Năm {year}"

    @property
    def subtitle(self) -> str:
        return f"{self.campaign_name} ({self.period})" if self.period else self.campaign_name


def build_report(
    campaign_name: str,
    period: str,
    years: Sequence[int],
    targets: Sequence[TargetInfo],
    results: Sequence[ResultInfo],
) -> TargetReport:
    """One block per unit that has a result or values of its own (in Vietnamese order), every target in
    it with that unit's goal, and a result and a verdict per year."""
    found = {(r.target_id, r.unit_id, r.year): r for r in results}
    units = dict(result_units(results))
    for t in targets:
        units.update({v.unit_id: v.unit_name for v in t.unit_values})
    blocks = []
    ordered = sorted(units.items(), key=lambda x: vietnamese_key(x[1]))
    for number, (unit_id, unit_name) in enumerate(ordered, start=1):
        rows = []
        for n, t in enumerate(targets, start=1):
            cells = []
            for year in years:
                r = found.get((t.id, unit_id, year))
                cells.append((r.result_text(), r.progress.label) if r else ("", ""))
            own = t.has_own_values(unit_id)
            rows.append(
                ReportRow(
                    n, t.name, t.measure, t.for_unit(unit_id).goal_text(measure=False), own, tuple(cells)
                )
            )
        blocks.append(ReportBlock(number, unit_id, unit_name, tuple(rows)))
    return TargetReport(campaign_name, period, tuple(years), tuple(blocks))
