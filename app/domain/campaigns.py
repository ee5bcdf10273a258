"""Campaigns (phong trào thi đua) as the screens, the services and the launching documents read them:
their status, phases, targets and results (app.domain.targets), and the calculations on them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.domain.targets import ResultInfo, TargetInfo
from app.text import vn_date
from database.enums import CampaignKind, LabelledEnum, Launcher, ReviewKind


class CampaignStatus(LabelledEnum):
    UPCOMING = ("UPCOMING", "Sắp diễn ra")
    RUNNING = ("RUNNING", "Đang diễn ra")
    ENDED = ("ENDED", "Đã kết thúc")


def short_date(day: dt.date) -> str:
    """26/6/2020, as running text writes a date: days 1–9 and months 1–2 take a zero (FORMAT.md §4)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


# --- content items as a tree, numbered as the texts number them ---------------------------------------

# A numbering style per level: "1." counts on its own (in a công văn the first level counts under its
# section: 2.1., 2.2.); "1.1." counts under its parent's number; "a)" by letters; "-" and "+" are marks.
ITEM_STYLES = ("1.", "1.1.", "a)", "-", "+")
ITEM_STYLE_LABELS = {
    "1.": "1., 2., 3.",
    "1.1.": "1.1., 1.2.",
    "a)": "a), b), c)",
    "-": "- (gạch đầu dòng)",
    "+": "+",
}
DEFAULT_ITEM_STYLES = ("1.", "1.1.", "a)", "-")
# Điểm a), b) … of Vietnamese texts: the alphabet without f, j, w, z, with đ after d.
LETTERS = "abcdđeghiklmnopqrstuvxy"
_DECIMAL = re.compile(r"(?:\d+\.)+")
# "2.1.", "2.1", "3)", "a)", "-", "•" before an item's text, as pasted from an earlier plan.
_LABEL = re.compile(
    r"^(?:(?P<dec>\d+(?:\.\d+)+\.?|\d+[.)])|(?P<letter>[a-zđ])[.)]|(?P<mark>[-–—•+]))\s+", re.IGNORECASE
)


def style_at(styles: Sequence[str], level: int) -> str:
    """The style of a level (1 = the top); levels deeper than the list are dashes."""
    return styles[level - 1] if 0 < level <= len(styles) else "-"


def styles_from_text(stored: str | None) -> tuple[str, ...]:
    """The per-level styles as stored ("1.|1.1.|a)|-"); the default when none."""
    styles = tuple(x for x in (stored or "").split("|") if x in ITEM_STYLES)
    return styles or DEFAULT_ITEM_STYLES


def styles_text(styles: Sequence[str]) -> str | None:
    """The styles as stored; None for the default."""
    styles = tuple(styles)
    return None if styles == DEFAULT_ITEM_STYLES else "|".join(styles)


def _label(style: str, n: int, parent_label: str, level: int, root: str) -> str:
    if style in ("1.", "1.1."):
        under = root if level == 1 else parent_label if style == "1.1." else ""
        return f"{under if _DECIMAL.fullmatch(under or '') else ''}{n}."
    if style == "a)":
        return f"{LETTERS[n - 1] if n <= len(LETTERS) else n})"
    return style


def number_levels(levels: Sequence[int], styles: Sequence[str], root: str = "") -> list[str]:
    """The labels of lines at `levels` (1 = the top), read top to bottom: "1.", "1.1.", "a)", "-". A line at
    level 0 is plain text: it has no label and counts nothing. `root` is the section's own number when the
    first level counts under it (a công văn's "2." makes 2.1., 2.2.)."""
    counters: list[int] = []
    labels: list[str] = []
    out = []
    for level in levels:
        if level < 1:
            out.append("")
            continue
        counters = (counters + [0] * level)[:level]
        counters[level - 1] += 1
        labels = (labels + [labels[-1] if labels else root] * level)[: level - 1]
        parent = labels[-1] if level > 1 else root
        label = _label(style_at(styles, level), counters[level - 1], parent, level, root)
        labels.append(label)
        out.append(label)
    return out


@dataclass(frozen=True)
class ParsedLine:
    level: int  # 1 = the top; a line without a label takes the level of the line before it
    text: str  # without its label
    labelled: bool
    style: str = ""  # the style its label was typed in ("1.", "1.1.", "a)", "-", "+"); "" without one


def _kind(m: re.Match) -> tuple:
    if m.group("dec"):
        return ("dec", len([x for x in m.group("dec").rstrip(".)").split(".") if x]))
    if m.group("letter"):
        return ("letter",)
    return ("mark", "+" if m.group("mark") == "+" else "-")


def _style(kind: tuple) -> str:
    return {"dec": "1.1." if kind[0] == "dec" and kind[1] > 1 else "1.", "letter": "a)"}.get(kind[0]) or kind[
        1
    ]


def typed_styles(lines: Sequence[ParsedLine], fallback: Sequence[str]) -> tuple[str, ...]:
    """The numbering styles of pasted lines, level by level as typed (`fallback` for levels not seen)."""
    seen: dict[int, str] = {}
    for line in lines:
        if line.labelled:
            seen.setdefault(line.level, line.style)
    depth = max([len(fallback), *seen])
    return tuple(seen.get(k, style_at(fallback, k)) for k in range(1, depth + 1))


def parse_numbered(text: str) -> list[ParsedLine]:
    """Pasted lines with their numbering ("1. … 1.1. … a) … - …") as levels: each kind of label met takes the
    next level down the first time, and its own level again after; a decimal label takes its level by its
    parts (1.1. under 1.; 2.3. alone is a top level). Blank lines are skipped."""
    kinds: list[tuple] = []
    out = []
    for raw in (text or "").splitlines():
        line = " ".join(raw.split())
        if not line:
            continue
        m = _LABEL.match(line)
        if m is None:
            out.append(ParsedLine(max(len(kinds), 1), line, False))
            continue
        kind = _kind(m)
        where = next((i for i, k in enumerate(kinds) if k == kind), None)
        if where is None and kind[0] == "dec":
            where = next((i for i, k in enumerate(kinds) if k[0] == "dec" and k[1] > kind[1]), None)
        if where is None:
            kinds.append(kind)
            where = len(kinds) - 1
        del kinds[where + 1 :]
        rest = line[m.end() :].strip()
        if rest:
            out.append(ParsedLine(where + 1, rest, True, _style(kind)))
    return out


# --- the plan's own sections -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanTexts:
    """The sections of a campaign's Kế hoạch or Công văn the office writes itself, one paragraph a line,
    printed as entered (lines numbered 1., a), - are numbered under the section they print in). Empty: the
    section is left out, or for organisation, closing, addressees, copies_to the program's default text."""

    purpose: str | None = None  # Mục đích, yêu cầu
    scope: str | None = None  # Phạm vi, đối tượng
    content_intro: str | None = None  # Nội dung: the lines before the content items
    rewards: str | None = None  # Khen thưởng
    organisation: str | None = None  # Tổ chức thực hiện
    closing: str | None = None  # the closing call, ending "./."
    addressees: str | None = None  # Kính gửi, one a line
    copies_to: str | None = None  # Nơi nhận, one a line


PLAN_TEXT_FIELDS = tuple(PlanTexts.__dataclass_fields__)


# --- review points ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewInput:
    """Sơ kết, tổng kết or đánh giá hằng năm: held on a day or in a year; reviewing a period or what `subject`
    says."""

    kind: ReviewKind
    year: int | None = None
    held_on: dt.date | None = None
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    subject: str | None = None


@dataclass(frozen=True)
class ReviewPointInfo:
    id: int
    kind: ReviewKind
    year: int | None
    held_on: dt.date | None
    period_from: dt.date | None
    period_to: dt.date | None
    subject: str
    version: int = 1

    def as_input(self) -> ReviewInput:
        return ReviewInput(
            self.kind, self.year, self.held_on, self.period_from, self.period_to, self.subject or None
        )

    def when_text(self) -> str:
        return vn_date(self.held_on) if self.held_on else f"Năm {self.year}"

    def reviewed(self) -> str:
        """What it reviews: its own words, else its period ("phong trào giai đoạn 2023 - 2025")."""
        if self.subject:
            return self.subject
        start, end = self.period_from, self.period_to
        if start and end and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
            years = str(start.year) if start.year == end.year else f"giai đoạn {start.year} - {end.year}"
            return f"phong trào {'năm ' if start.year == end.year else ''}{years}"
        if start and end:
            return f"phong trào từ ngày {short_date(start)} đến ngày {short_date(end)}"
        return "phong trào"

    def sentence(self) -> str:
        """As a plan says it: "Năm 2025, tổ chức tổng kết phong trào giai đoạn 2023 - 2025"."""
        when = f"Ngày {short_date(self.held_on)}" if self.held_on else f"Năm {self.year}"
        if self.kind is ReviewKind.YEARLY:
            what = self.subject or f"{self.reviewed()} và xét khen thưởng"
            return f"{when}, đánh giá kết quả thực hiện {what}" if not self.subject else f"{when}, {what}"
        return f"{when}, tổ chức {self.kind.label.lower()} {self.reviewed()}"


def yearly_reviews(start: dt.date, end: dt.date) -> list[ReviewInput]:
    """A multi-year campaign's review points: an đánh giá (with its awards) every year, the last one too,
    and the tổng kết of the whole period in the last year."""
    out = [
        ReviewInput(
            ReviewKind.YEARLY, year, None, max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31))
        )
        for year in range(start.year, end.year + 1)
    ]
    out.append(ReviewInput(ReviewKind.FINAL, end.year, None, start, end))
    return out


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
    texts: PlanTexts = field(default_factory=PlanTexts)
    item_styles: tuple[str, ...] = DEFAULT_ITEM_STYLES

    def spans_years(self) -> bool:
        return bool(self.start_date and self.end_date and self.start_date.year < self.end_date.year)


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
    """One item of the tree, in reading order (the items of a campaign come top to bottom)."""

    id: int
    number: str | int  # its label on screen: "1.", "1.1.", "a)"
    text: str
    version: int = 1  # the record's, handed back to the save (app.services.versions)
    parent_id: int | None = None
    level: int = 1  # 1 = the top


def item_levels(items: Sequence[ContentItemInfo]) -> list[int]:
    """Each item's level from its parent (items in reading order)."""
    level_of: dict[int, int] = {}
    out = []
    for item in items:
        level = level_of.get(item.parent_id, 0) + 1 if item.parent_id is not None else 1
        level_of[item.id] = level
        out.append(level)
    return out


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
    texts: PlanTexts = field(default_factory=PlanTexts)
    item_styles: tuple[str, ...] = DEFAULT_ITEM_STYLES
    reviews: tuple[ReviewPointInfo, ...] = ()

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
            self.texts,
            self.item_styles,
        )

    def spans_years(self) -> bool:
        return self.as_input().spans_years()

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
