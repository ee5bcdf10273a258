"""What the dialogs of Quyết định & Khen thưởng share: the nomination items waiting in one status, read in
the background and ticked on the left (by year, grouped by batch or Tờ trình); the fields of the
decision or the Tờ trình on the right; OK runs one service call (FormDialog: a refusal is shown in
red and nothing was written).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from app.domain.agency import LevelWording
from app.services.agency import AgencyInfo
from app.services.awards import nomination_ids, nomination_years
from app.services.catalogue import list_award_types
from app.services.context import ServiceContext
from app.services.decisions import higher_bodies
from app.services.nominations import NominationItem, list_batches, load_nominations
from database.enums import AuthorityLevel, NominationStatus
from ui.format import number
from ui.jobs import Loader
from ui.widgets.agency_header import signature_lines
from ui.widgets.debounce import debounce
from ui.widgets.form_dialog import FormDialog
from ui.widgets.nomination_picker import NominationPicker
from ui.widgets.screen_fit import fit_to_screen, scroll_above_buttons
from ui.widgets.year_combo import YearCombo


@dataclass(frozen=True)
class Waiting:
    """The items of one status and year, with what the dialog shows about them."""

    year: int | None
    years: list[int]
    items: list[NominationItem]
    batch_titles: dict[int, str]
    levels: dict[str, AuthorityLevel]  # award code → the level that grants it (catalogue)


def load_waiting(
    ctx: ServiceContext, status: NominationStatus, within_power: bool | None, year: int | None
) -> Waiting:
    years = nomination_years(ctx, [status], within_director_power=within_power)
    if year not in years:
        year = years[0] if years else None
    if year is None:
        return Waiting(None, years, [], {}, {})
    items = load_nominations(ctx, nomination_ids(ctx, status, year, within_director_power=within_power))
    titles = {}
    for b in list_batches(ctx, year):
        titles[b.id] = b.title if not b.unit_name or b.unit_name in b.title else f"{b.title} – {b.unit_name}"
    levels = {t.code: t.level for t in list_award_types(ctx)}
    return Waiting(year, years, items, titles, levels)


def signer_text(full_name: str, position: str, authority, head_title: str | None) -> str:
    """ "Trần Thị Hoa – KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC": who signs and how."""
    return f"{full_name} – {' / '.join(signature_lines(position, authority, head_title))}"


def shrinking_combo(length: int = 24) -> QComboBox:
    """A combo that shows `length` characters at its narrowest: long choices do not widen the dialog
    past a small screen (the list itself still shows them whole)."""
    combo = QComboBox()
    combo.setMinimumContentsLength(length)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return combo


def signer_combo(agency: AgencyInfo | None) -> QComboBox:
    """The agency's signers, the default one first and chosen."""
    combo = shrinking_combo()
    signers = sorted(agency.signers if agency else (), key=lambda s: not s.is_default)
    for s in signers:
        combo.addItem(signer_text(s.full_name, s.position_title, s.authority, s.authority_title), s.id)
    if not signers:
        combo.addItem("Chưa có người ký (Cài đặt › Thông tin cơ quan)", None)
    return combo


def level_combo(levels: Iterable[AuthorityLevel], words: LevelWording) -> QComboBox:
    """The higher bodies: "UBND tỉnh (Chủ tịch UBND tỉnh ký)"."""
    combo = shrinking_combo()
    bodies = higher_bodies(words)
    for level in levels:
        body = bodies.get(level)
        who = words.authority(level)
        combo.addItem(f"{body} ({who})" if body else who, level)
    return combo


def select_data(combo: QComboBox, data) -> None:
    index = combo.findData(data)
    if index >= 0:
        combo.setCurrentIndex(index)


class DecisionFormDialog(FormDialog):
    """Items on the left, the fields (self.form, then self.side) on the right."""

    STATUS = NominationStatus.PASSED
    WITHIN_POWER: bool | None = True
    GROUP_CAPTION = "Hồ sơ"
    EMPTY_TEXT = "Không có đề nghị nào."
    REFRESH_MS = 150  # ticking several boxes in a row asks the database once

    def __init__(self, workspace, title: str, intro: str, year: int | None, parent: QWidget | None = None):
        super().__init__(workspace, title, intro, parent)
        self.waiting: Waiting | None = None

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 6, 0)
        year_row = QHBoxLayout()
        self.year_combo = YearCombo("Năm của thành tích được khen thưởng")
        self.year_combo.year_chosen.connect(self._year_chosen)
        year_row.addWidget(QLabel("Năm thành tích:"))
        year_row.addWidget(self.year_combo)
        year_row.addStretch(1)
        left_layout.addLayout(year_row)
        self.picker = NominationPicker(self.GROUP_CAPTION, self.EMPTY_TEXT)
        left_layout.addWidget(self.picker, 1)

        right = QWidget()
        self.side = QVBoxLayout(right)
        self.side.setContentsMargins(6, 0, 0, 0)
        self.outer.removeItem(self.form)
        self.side.addLayout(self.form)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setChildrenCollapsible(False)
        self.outer.addWidget(self.splitter, 1)

        self.refresh_timer = debounce(self, self.REFRESH_MS, self.refresh)
        self.picker.changed.connect(self.refresh_later)
        self.picker.changed.connect(self.error.clear)

        ctx, status, within = workspace.ctx, self.STATUS, self.WITHIN_POWER
        self._loader = Loader(lambda wanted: load_waiting(ctx, status, within, wanted), self)
        self._loader.loaded.connect(self._loaded)
        self._loader.failed.connect(
            lambda exc: self.error.setText(f"Không đọc được danh sách đề nghị: {exc}")
        )
        self._loader.request(year)

    def finish(self, width: int, height: int, left_share: float = 0.55) -> None:
        """After the subclass's fields: the buttons last, the two panes sharing the height."""
        self.finish_layout(min(width, 900))  # comfortable at `width`, still whole on a 1024-pixel screen
        self.outer.setStretch(self.outer.count() - 2, 0)  # the stretch finish_layout adds: the panes take it
        left = int(width * left_share)
        self.splitter.setSizes([left, width - left])
        scroll_above_buttons(self)  # a short screen scrolls the panes; the buttons stay in view
        fit_to_screen(self, width, height)

    @property
    def busy(self) -> bool:
        return self._loader.busy or self.refresh_timer.isActive()

    # --- the items ----------------------------------------------------------------------------------
    def _year_chosen(self, year: int) -> None:
        self._loader.request(year)

    def _loaded(self, _args: tuple, waiting: Waiting) -> None:
        self.waiting = waiting
        self.year_combo.set_years(waiting.years, waiting.year)
        self.year_combo.setEnabled(len(waiting.years) > 1)
        self.picker.set_items(waiting.items, self.group_of)
        self.items_loaded(waiting)

    def group_of(self, item: NominationItem) -> str:
        titles = self.waiting.batch_titles if self.waiting else {}
        return titles.get(item.batch_id, f"Hồ sơ số {item.batch_id}")

    def items_loaded(self, waiting: Waiting) -> None:
        """A subclass may react (choose a default level ...)."""

    def checked_items(self) -> list[NominationItem]:
        return [self.picker.items[i] for i in self.picker.checked_ids()]

    def refresh_later(self) -> None:
        self.refresh_timer.start()

    def refresh(self) -> None:
        """The ticks or a field changed: show what OK would do."""


def who_text(items: list[NominationItem]) -> str:
    """ "2 cá nhân, 1 tập thể": people and collectives, each once whatever the number of its awards."""
    collectives = len({i.unit_id for i in items if i.collective})
    people = len({i.person_id for i in items if not i.collective})
    parts = []
    if people:
        parts.append(f"{number(people)} cá nhân")
    if collectives:
        parts.append(f"{number(collectives)} tập thể")
    return ", ".join(parts) or "chưa chọn ai"
