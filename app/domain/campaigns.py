"""Campaigns (phong trào thi đua) as the screens, the services and the launching documents read them:
their status, phases, targets and results (app.domain.targets), and the calculations on them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain.targets import ResultInfo, TargetInfo
from app.text import vn_date
from database.enums import CampaignKind, LabelledEnum, Launcher


class CampaignStatus(LabelledEnum):
    UPCOMING = ("UPCOMING", "Sắp diễn ra")
    RUNNING = ("RUNNING", "Đang diễn ra")
    ENDED = ("ENDED", "Đã kết thúc")


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
