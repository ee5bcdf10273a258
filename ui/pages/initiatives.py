"""Sáng kiến: every initiative and đề tài with its authors and recognition, searched by title or author (with
or without marks) and filtered by year, level, kind and unit; added and edited in a dialog.

The whole list is read once in the background (app.services.initiatives: Core rows) and filtered in memory;
the table model reads the rows it paints, so 7,000 initiatives list at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.domain.units import UnitChoice
from app.services.initiatives import (
    InitiativeBook,
    InitiativeDetail,
    InitiativeRow,
    create_initiative,
    initiative_detail,
    load_initiatives,
    update_initiative,
)
from app.services.records import unit_choices
from database.enums import InitiativeKind, InitiativeLevel
from ui.dialogs.initiative_form import InitiativeDialog, SavedInitiative
from ui.format import date, number
from ui.jobs import Loader
from ui.operations import QueryOp, error_text
from ui.pages.base import LoadedPage
from ui.permissions import allow
from ui.widgets.actions import open_tracked, page_action
from ui.widgets.data_view import current_row, data_view, on_open
from ui.widgets.record_view import text_label
from ui.widgets.unit_combo import UnitComboBox
from ui.workspace import Area

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)


@dataclass(frozen=True)
class InitiativesView:
    book: InitiativeBook
    units: list[UnitChoice]


def load_initiatives_view(ctx) -> InitiativesView:
    return InitiativesView(load_initiatives(ctx), unit_choices(ctx, include_ended=True))


class InitiativeTableModel(QAbstractTableModel):
    """The rows of the book that the filters let through; cells are worked out when painted."""

    HEADERS = (
        "Năm",
        "Tên sáng kiến, đề tài",
        "Tác giả",
        "Cấp",
        "Loại",
        "Đơn vị",
        "Quyết định",
        "Ngày",
        "Đã dùng cho",
    )
    CENTRED = frozenset({0, 7})
    KINDS = {
        InitiativeKind.INITIATIVE: "Sáng kiến",
        InitiativeKind.RESEARCH: "Đề tài",
    }  # short, for the column
    _CELLS = (
        lambda r: str(r.year),
        lambda r: r.title,
        lambda r: r.authors,
        lambda r: r.level.label,
        lambda r: InitiativeTableModel.KINDS[r.kind],
        lambda r: r.unit_name,
        lambda r: r.decision_number or "",
        lambda r: date(r.decision_date) if r.decision_date else "",
        lambda r: r.used_by or "",
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[InitiativeRow] = []
        self.shown: list[int] = []

    def set_rows(self, rows: list[InitiativeRow], shown: list[int]) -> None:
        self.beginResetModel()
        self.rows, self.shown = rows, shown
        self.endResetModel()

    def row(self, row: int) -> InitiativeRow:
        return self.rows[self.shown[row]]

    def text(self, row: int, column: int) -> str:
        return self._CELLS[column](self.row(row))

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self.shown)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index, role=_DISPLAY):
        if role in (_DISPLAY, _TOOLTIP):
            text = self.text(index.row(), index.column())
            return text if role == _DISPLAY or len(text) > 30 else None
        if role == _ALIGN and index.column() in self.CENTRED:
            return _CENTRE
        return None

    def headerData(self, section, orientation, role=_DISPLAY):  # noqa: N802 - Qt's name
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            return self.HEADERS[section]
        return None


def _filter_combo(tooltip: str, items) -> QComboBox:
    combo = QComboBox()
    combo.setToolTip(tooltip)
    combo.addItem("Tất cả", None)
    for label, value in items:
        combo.addItem(label, value)
    return combo


class InitiativesPage(LoadedPage):
    TITLE = "Sáng kiến"
    ICON = "initiatives"
    # The initiatives; their authors' names and units; what they were used for (decisions).
    AREAS = frozenset({Area.INITIATIVES, Area.STAFF, Area.UNITS, Area.DECISIONS})

    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(workspace, parent)
        self.view_data: InitiativesView | None = None
        self.active_dialog: QDialog | None = None
        self._select_after_load: int | None = None
        self._saved_note = ""  # what the last save did, said once beside the count
        self._opening = False  # an initiative is being read to open its dialog

        outer, toolbar = self.toolbar_frame()
        self.add_action = page_action(
            self,
            toolbar,
            "Thêm…",
            "Thêm sáng kiến, đề tài đã được công nhận (Ctrl+N)",
            self.add_initiative,
            "Ctrl+N",
            once=True,
        )
        self.edit_action = page_action(
            self,
            toolbar,
            "Sửa…",
            "Sửa sáng kiến đang chọn: tác giả, tỷ lệ, công nhận (Enter)",
            self.edit_current,
        )
        toolbar.addSeparator()
        self.refresh_action = page_action(
            self, toolbar, "Làm mới", "Đọc lại từ cơ sở dữ liệu (F5)", self.reload, "F5"
        )
        outer.addWidget(toolbar)
        allow(workspace, create_initiative, self.add_action)
        allow(workspace, update_initiative, self.edit_action)

        filters = QHBoxLayout()
        filters.setSpacing(8)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(
            "Tên sáng kiến hoặc tác giả – có dấu hay không dấu đều được (Ctrl+F)"
        )
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName("Tìm sáng kiến")
        filters.addWidget(self.search_box, 3)
        filters.addWidget(QLabel("Năm"))
        self.year_combo = _filter_combo("Năm công nhận", [])
        filters.addWidget(self.year_combo)
        filters.addWidget(QLabel("Cấp"))
        self.level_combo = _filter_combo("Cấp công nhận", [(level.label, level) for level in InitiativeLevel])
        filters.addWidget(self.level_combo)
        filters.addWidget(QLabel("Loại"))
        self.kind_combo = _filter_combo(
            "Sáng kiến hay đề tài", [(kind.label, kind) for kind in InitiativeKind]
        )
        filters.addWidget(self.kind_combo)
        self.unit_combo = UnitComboBox("Tất cả đơn vị")
        self.unit_combo.setToolTip("Đơn vị áp dụng (gồm các khoa, phòng trực thuộc)")
        filters.addWidget(self.unit_combo, 2)
        outer.addLayout(filters)
        self.search_box.textChanged.connect(self.apply_filters)
        for combo in (self.year_combo, self.level_combo, self.kind_combo, self.unit_combo):
            combo.currentIndexChanged.connect(self.apply_filters)
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.activated.connect(lambda: (self.search_box.setFocus(), self.search_box.selectAll()))

        self.model = InitiativeTableModel(self)
        # The title gets the room; the unit elides (its full name is the tooltip) and the rest scroll sideways
        # on a small screen rather than squeeze the title.
        self.view = data_view(
            self.model,
            "initiativeTable",
            widths={
                0: "0000",
                1: "Cải tiến quy trình vận chuyển người bệnh nặng tại Khoa",
                2: "Nguyễn Thị Phương Thảo (60%)",
                3: "Cấp tỉnh/bộ",
                4: "Sáng kiến",
                5: "Bệnh viện Đa khoa tỉnh",
                6: "0000/QĐ-UBND",
                7: "00/00/0000",
                8: "CSTĐ cấp tỉnh 2025",
            },
        )
        on_open(self.view, lambda _row: self.edit_action.isEnabled() and self.edit_current())
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_actions())
        outer.addWidget(self.view, 1)
        self.count_label = text_label("Đang tải…", "muted", wrap=True)
        outer.addWidget(self.count_label)

        ctx = workspace.ctx
        self._loader = Loader(lambda: load_initiatives_view(ctx), self)
        self._loader.loaded.connect(self.show_view)
        self._loader.failed.connect(lambda exc: self.count_label.setText(f"Không đọc được sáng kiến: {exc}"))
        self._update_actions()

    # --- loading -----------------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        return self._loader.busy

    def show_view(self, _args: tuple, data: InitiativesView) -> None:
        current = self.current()
        wanted = self._select_after_load or (current.id if current else None)
        self._select_after_load = None
        self.view_data = data
        year = self.year_combo.currentData()
        for combo in (self.year_combo, self.unit_combo):
            combo.blockSignals(True)
        while self.year_combo.count() > 1:
            self.year_combo.removeItem(1)
        for y in data.book.years:
            self.year_combo.addItem(str(y), y)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(year), 0) if year else 0)
        self.unit_combo.set_units(data.units)
        for combo in (self.year_combo, self.unit_combo):
            combo.blockSignals(False)
        self.apply_filters()
        if wanted is not None:
            self.select(wanted)
        elif self.model.rowCount():
            self.view.selectRow(0)  # Enter opens a row straight away
        if self._saved_note:
            self.count_label.setText(f"{self._saved_note} {self.count_label.text()}")
            self._saved_note = ""

    def apply_filters(self, *_args) -> None:
        if self.view_data is None:
            return
        book = self.view_data.book
        unit = self.unit_combo.current_unit()
        shown = book.search(
            self.search_box.text(),
            year=self.year_combo.currentData(),
            level=self.level_combo.currentData(),
            kind=self.kind_combo.currentData(),
            unit_ids=unit.subtree_ids if unit else None,
        )
        self.model.set_rows(book.rows, shown)
        total = len(book.rows)
        if not total:
            self.count_label.setText(
                "Chưa có sáng kiến, đề tài nào. Bấm “Thêm…” (Ctrl+N) để ghi sáng kiến đã được công nhận."
            )
        elif len(shown) == total:
            self.count_label.setText(f"{number(total)} sáng kiến, đề tài. Nhấn đúp hoặc Enter để sửa.")
        else:
            self.count_label.setText(
                f"Tìm thấy {number(len(shown))} trong {number(total)} sáng kiến, đề tài."
            )
        self._update_actions()

    def current(self) -> InitiativeRow | None:
        row = current_row(self.view)
        return self.model.row(row) if row is not None and row < self.model.rowCount() else None

    def select(self, initiative_id: int) -> None:
        for row in range(self.model.rowCount()):
            if self.model.row(row).id == initiative_id:
                self.view.selectRow(row)
                self.view.scrollTo(self.model.index(row, 0))
                return

    def _update_actions(self) -> None:
        self.add_action.setEnabled(self.view_data is not None)
        self.edit_action.setEnabled(self.current() is not None)

    # --- the dialog ------------------------------------------------------------------------------------------
    def add_initiative(self) -> QDialog | None:
        if self.view_data is None:
            return None
        year = self.year_combo.currentData() or self.workspace.year  # all years shown: the working year
        return self._open(InitiativeDialog(self.workspace, self.view_data.units, None, year, self))

    def edit_current(self) -> QueryOp | None:
        """The initiative read off the GUI thread, then its dialog (`active_dialog`)."""
        row = self.current()
        if row is None or self.view_data is None or self._opening:  # Enter pressed twice: one dialog
            return None
        self._opening = True
        op = QueryOp(self, "Đang mở sáng kiến…", initiative_detail, self.workspace.ctx, row.id)
        return op.success(self._edit).failure(self._not_read).run()

    def _not_read(self, exc: BaseException) -> None:
        self._opening = False
        self.count_label.setText(error_text(exc))  # gone meanwhile, or the database is locked

    def _edit(self, detail: InitiativeDetail) -> QDialog | None:
        self._opening = False
        if self.view_data is None:
            return None
        return self._open(InitiativeDialog(self.workspace, self.view_data.units, detail, None, self))

    def _open(self, dialog: InitiativeDialog) -> QDialog:
        """On OK the write has already told the page to read again; the saved row is selected then."""

        def saved(d: InitiativeDialog) -> None:
            result: SavedInitiative = d.result_value
            self._select_after_load = result.initiative_id
            verb = "Đã thêm sáng kiến" if result.created else "Đã lưu sáng kiến"
            self._saved_note = f"{verb} “{result.title}”."

        return open_tracked(self, dialog, saved)
