"""Campaigns (phong trào thi đua) as the screens, the services and the launching documents read them:
their status, phases, targets and results, and the calculations on them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from app.text import vn_date
from app.text.numbers import decimal_text as number_text
from database.enums import CampaignKind, LabelledEnum, Launcher, TargetComparison

C = TargetComparison


# "Khoảng 1,0%" is met within a tenth of the value either side: the plans say "about", not how near.
ABOUT_TOLERANCE = Decimal("0.1")


class CampaignStatus(LabelledEnum):
    UPCOMING = ("UPCOMING", "Sắp diễn ra")
    RUNNING = ("RUNNING", "Đang diễn ra")
    ENDED = ("ENDED", "Đã kết thúc")


class Progress(LabelledEnum):
    """A result against its target."""

    MET = ("MET", "Đạt")
    IN_RANGE = ("IN_RANGE", "Đạt (trong khoảng)")
    EXCEEDED = ("EXCEEDED", "Vượt khoảng")
    OFF = ("OFF", "Lệch mục tiêu")
    NOT_MET = ("NOT_MET", "Chưa đạt")


GOOD_PROGRESS = (Progress.MET, Progress.IN_RANGE, Progress.EXCEEDED)


def short_date(day: dt.date) -> str:
    """26/6/2020, as running text writes a date: days 1–9 and months 1–2 take a zero (FORMAT.md §4)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


@dataclass(frozen=True)
class CampaignInput:
    name: str
    kind: CampaignKind
    launcher: Launcher = Launcher.DEPARTMENT
    theme: str | None = None  # chủ đề / khẩu hiệu
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    legal_basis: str | None = None  # căn cứ, bối cảnh: the launching document opens with it
    rule_set_date: dt.date | None = None  # the TĐKT rules in force on this day apply
    note: str | None = None


@dataclass(frozen=True)
class PhaseInput:
    start_date: dt.date
    end_date: dt.date
    focus: str | None = None
    name: str | None = None  # "Đợt 1" when empty


@dataclass(frozen=True)
class TargetInput:
    """`value` is the goal (the lower end of a range); `value_max` the upper end of a range."""

    name: str
    measure: str | None
    comparison: TargetComparison
    value: Decimal | None
    value_max: Decimal | None = None


@dataclass(frozen=True)
class PhaseInfo:
    id: int
    number: int
    name: str
    start_date: dt.date
    end_date: dt.date
    focus: str
    version: int = 1  # the record's, handed back to the save (app.services.versions)


@dataclass(frozen=True)
class ContentItemInfo:
    id: int
    number: int
    text: str
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

    def goal_text(self) -> str:
        """ "8,5 – 9 bác sĩ/vạn dân", "≥ 100 %", "khoảng 1 %"."""
        lo, hi = number_text(self.value_min), number_text(self.value_max)
        goal = {
            C.AT_LEAST: f"≥ {lo}",
            C.AT_MOST: f"≤ {hi}",
            C.RANGE: f"{lo} – {hi}",
            C.ABOUT: f"khoảng {lo}",
        }[self.comparison]
        return f"{goal} {self.measure}".strip()

    def goal_phrase(self) -> str:
        """As a document says it: "từ 8,5 đến 9 bác sĩ/vạn dân", "đạt tối thiểu 100%"."""
        lo, hi = number_text(self.value_min), number_text(self.value_max)
        measure = f"{'' if self.measure == '%' else ' '}{self.measure}" if self.measure else ""
        return {
            C.AT_LEAST: f"đạt tối thiểu {lo}{measure}",
            C.AT_MOST: f"không quá {hi}{measure}",
            C.RANGE: f"từ {lo} đến {hi}{measure}",
            C.ABOUT: f"khoảng {lo}{measure}",
        }[self.comparison]

    def progress(self, value: Decimal) -> Progress:
        return progress_of(self.comparison, self.value_min, self.value_max, value)


@dataclass(frozen=True)
class ResultInfo:
    target_id: int
    unit_id: int
    unit_name: str
    year: int
    value: Decimal
    progress: Progress


@dataclass(frozen=True)
class CampaignSummary:
    id: int
    name: str
    kind: CampaignKind
    launcher: Launcher
    start_date: dt.date | None
    end_date: dt.date | None
    status: CampaignStatus
    phases: int
    items: int
    targets: int
    current_phase: str | None  # "Đợt 2 (đến 31/12/2020)" on the day asked

    def period_text(self) -> str:
        return period_text(self.start_date, self.end_date)


@dataclass(frozen=True)
class CampaignDetail:
    id: int
    name: str
    theme: str
    kind: CampaignKind
    launcher: Launcher
    start_date: dt.date | None
    end_date: dt.date | None
    legal_basis: str
    rule_set_date: dt.date | None
    note: str
    status: CampaignStatus
    phases: tuple[PhaseInfo, ...]
    items: tuple[ContentItemInfo, ...]
    targets: tuple[TargetInfo, ...]
    results: tuple[ResultInfo, ...]
    launch_document: str | None  # "1975/SYT-VP ngày 01/07/2020"
    launch_document_id: int | None
    version: int = 1  # the record's, handed back to the save (app.services.versions)

    def as_input(self) -> CampaignInput:
        return CampaignInput(
            self.name,
            self.kind,
            self.launcher,
            self.theme or None,
            self.start_date,
            self.end_date,
            self.legal_basis or None,
            self.rule_set_date,
            self.note or None,
        )

    def years(self) -> list[int]:
        """The years results are kept for: the period's, or those results were entered for."""
        years = {r.year for r in self.results}
        if self.start_date and self.end_date:
            years |= set(range(self.start_date.year, self.end_date.year + 1))
        return sorted(years)


def period_text(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return f"{vn_date(start)} – {vn_date(end)}"
    if start:
        return f"từ {vn_date(start)}"
    if end:
        return f"đến {vn_date(end)}"
    return "không thời hạn"


def status_on(start: dt.date | None, end: dt.date | None, today: dt.date) -> CampaignStatus:
    if start is not None and start > today:
        return CampaignStatus.UPCOMING
    if end is not None and end < today:
        return CampaignStatus.ENDED
    return CampaignStatus.RUNNING


def progress_of(
    comparison: TargetComparison, lo: Decimal | None, hi: Decimal | None, value: Decimal
) -> Progress:
    """Met / not met for a bound; in, under or over for a range; near or off for "about"."""
    value = Decimal(value)
    if comparison is C.AT_LEAST:
        return Progress.MET if value >= lo else Progress.NOT_MET
    if comparison is C.AT_MOST:
        return Progress.MET if value <= hi else Progress.NOT_MET
    if comparison is C.RANGE:
        return Progress.NOT_MET if value < lo else Progress.EXCEEDED if value > hi else Progress.IN_RANGE
    return Progress.IN_RANGE if abs(value - lo) <= abs(lo) * ABOUT_TOLERANCE else Progress.OFF
