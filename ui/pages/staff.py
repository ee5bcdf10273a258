"""Cán bộ: every member of staff of the province in one table, searched as the clerk types.

The directory is read once in the background (StaffDirectory: plain records with pre-folded names)
and every keystroke or filter change runs StaffDirectory.search and resets a plain table model over
the indices it returns; there is no proxy model in between. Double-click or Enter opens the person's
record; the selection copies to Excel as tab-separated text; the current view exports to .xlsx.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.permissions import Permission
from app.domain.units import UnitChoice
from app.exchange.staff_export import COLUMN_BY_KEY, STAFF_COLUMNS, export_staff_xlsx, staff_tsv
from app.services.catalogue import AwardTypeInfo, list_award_types
from app.services.context import ServiceContext
from app.services.persons import add_person, update_person
from app.services.records import unit_choices
from app.services.staff import (
    StaffDirectory,
    StaffRecord,
    StaffSearch,
    apply_staff_import,
    load_directory,
    load_first_records,
    persons_with_award,
)
from app.text import clean
from database.enums import Gender
from ui import settings as pc_settings
from ui.format import number
from ui.jobs import Loader, settle_large_read
from ui.models.staff_table import COLUMN_KEYS, NAME_COLUMN, StaffTableModel
from ui.operations import QueryOp
from ui.pages.base import LoadedPage
from ui.permissions import allow
from ui.widgets.screen_fit import FlowLayout
from ui.widgets.unit_combo import UnitComboBox
from ui.widgets.xlsx_export import ExportAudit, XlsxExporter, ask_xlsx_path
from ui.workspace import Area

DEFAULT_HIDDEN = ("title", "ethnicity")
FIRST_BIRTH_YEAR, LAST_BIRTH_YEAR = 1940, 2015
ALL = None


@dataclass(frozen=True)
class StaffView:
    """What the page reads in one background trip."""

    directory: StaffDirectory
    units: list[UnitChoice]
    awards: list[AwardTypeInfo]


def load_staff_view(ctx: ServiceContext) -> StaffView:
    awards = [t for t in list_award_types(ctx) if t.for_individual]
    view = StaffView(load_directory(ctx), unit_choices(ctx), awards)
    # The directory's 100,000 rows out of the cyclic collector's reach before it is on again (it is off while
    # a worker runs): else its first pass over them falls on the GUI thread, in the page's first paint.
    settle_large_read()
    return view


@dataclass(frozen=True)
class FirstRows:
    """The directory's first screenful, shown while the whole of it is read (load_first_rows)."""

    records: list[StaffRecord]
    unit_labels: dict[int, str]


def load_first_rows(ctx: ServiceContext, limit: int) -> FirstRows:
    # the units with the units above them, as the whole list shows them: the rows do not change when it comes
    return FirstRows(load_first_records(ctx, limit), {u.id: u.label for u in unit_choices(ctx)})


def _year_box(tooltip: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(FIRST_BIRTH_YEAR - 1, LAST_BIRTH_YEAR)
    box.setSpecialValueText("—")  # the minimum means "no limit"
    box.setValue(box.minimum())
    box.setToolTip(tooltip)
    box.setAccelerated(True)
    box.setFixedWidth(box.fontMetrics().horizontalAdvance("00000") + 44)
    return box


class StaffPage(LoadedPage):
    TITLE = "Cán bộ"
    ICON = "staff"
    # people and their units; the "Đã được" filter reads awards and the award types
    AREAS = frozenset({Area.STAFF, Area.UNITS, Area.DECISIONS, Area.CATALOGUE})

    export_finished = Signal(object)  # the path written, or the exception (tests wait for it)

    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(workspace, parent)
        self.view_data: StaffView | None = None
        self._waiting_warm = False  # for the window's read ahead of the list (Workspace.wait_warm)
        self._first_shown = False  # the first screenful shown while the whole list is read
        self.directory: StaffDirectory | None = None
        self.search: StaffSearch | None = None
        self.record_dialogs: list = []
        self._award_people: dict[str, set[int]] = {}
        self._show_after_load: int | None = None  # the person a form saved: selected once the list is in

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.setSpacing(8)

        row, _sub = self.heading()
        self.active_dialog = None  # the upkeep form open over the page (ui.dialogs.person_upkeep)
        self.add_button = QPushButton("Thêm cán bộ…")
        self.add_button.setToolTip("Thêm một cán bộ vào đơn vị (Ctrl+N)")
        self.add_button.setShortcut("Ctrl+N")
        self.add_button.clicked.connect(self.add_person)
        self.upkeep_button = QPushButton("Cập nhật hồ sơ")
        self.upkeep_button.setToolTip("Sửa thông tin, điều chuyển, nghỉ/thôi việc, kỷ luật… người đang chọn")
        self.upkeep_menu = QMenu(self)
        self.upkeep_actions = self._build_upkeep_actions(self.upkeep_menu)
        self.upkeep_button.setMenu(self.upkeep_menu)
        self.upkeep_button.setEnabled(False)  # until a person is chosen
        self.import_button = QPushButton("Nhập danh sách từ Excel…")
        self.import_button.setToolTip("Nhập danh sách cán bộ từ tệp Excel đơn vị gửi")
        self.import_button.clicked.connect(self.import_from_excel)
        self.export_button = QPushButton("Xuất Excel…")
        self.export_button.setToolTip("Ghi danh sách đang hiển thị (theo bộ lọc) ra tệp Excel .xlsx")
        self.export_button.clicked.connect(self.choose_export_file)
        self.exporter = XlsxExporter(
            self, self.export_button, lambda text: self.selection_label.setText(text), "cán bộ"
        )
        self.exporter.finished.connect(self.export_finished)
        self.copy_button = QPushButton("Sao chép")
        self.copy_button.setToolTip("Sao chép các dòng đang chọn để dán vào Excel (Ctrl+C)")
        self.copy_button.clicked.connect(self.copy_selection)
        self.columns_button = QPushButton("Cột")
        self.columns_button.setToolTip("Chọn các cột hiển thị (hoặc nhấn chuột phải lên tiêu đề bảng)")
        self.columns_menu = QMenu(self)
        self.columns_button.setMenu(self.columns_menu)
        self.refresh_button = QPushButton("Làm mới")
        self.refresh_button.setToolTip("Đọc lại danh sách từ cơ sở dữ liệu (F5)")
        self.refresh_button.setShortcut("F5")
        self.refresh_button.clicked.connect(self.reload)
        # Every upkeep form is a DESK use case, as are adding and importing; the list leaving as Excel is EXPORT.
        allow(workspace, add_person, self.add_button)
        allow(workspace, update_person, self.upkeep_button, *self.upkeep_actions.values())
        allow(workspace, apply_staff_import, self.import_button)
        allow(workspace, Permission.EXPORT, self.export_button)
        buttons = FlowLayout(spacing=8)  # onto a second line on a narrow window
        for button in (
            self.add_button,
            self.import_button,
            self.export_button,
            self.copy_button,
            self.columns_button,
            self.refresh_button,
        ):
            buttons.addWidget(button)
        row.addLayout(buttons)
        layout.addLayout(row)

        # Search and filters: two rows that fit beside the sidebar on a 1366-pixel screen
        search_row = QHBoxLayout()
        search_row.setSpacing(8)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("Tìm theo họ tên – gõ có dấu hay không dấu đều được (Ctrl+F)")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName("Tìm cán bộ theo họ tên")
        self.search_box.textChanged.connect(self.research)
        self.search_box.returnPressed.connect(self._search_entered)
        search_row.addWidget(self.search_box, 1)
        self.gender_combo = QComboBox()
        self.gender_combo.addItem("Nam và nữ", ALL)
        for g in Gender:
            self.gender_combo.addItem(g.label, g)
        self.gender_combo.setToolTip("Giới tính")
        search_row.addWidget(self.gender_combo)
        search_row.addWidget(QLabel("Năm sinh"))
        self.birth_from = _year_box("Sinh từ năm (—: không giới hạn)")
        search_row.addWidget(self.birth_from)
        search_row.addWidget(QLabel("–"))
        self.birth_to = _year_box("Sinh đến năm (—: không giới hạn)")
        search_row.addWidget(self.birth_to)
        self.clear_button = QPushButton("Bỏ lọc")
        self.clear_button.setToolTip("Bỏ mọi điều kiện tìm và lọc")
        self.clear_button.clicked.connect(self.clear_filters)
        search_row.addWidget(self.clear_button)
        layout.addLayout(search_row)

        filter_row = QHBoxLayout()
        filter_row.setSpacing(8)
        filter_row.addWidget(QLabel("Đơn vị"))
        self.unit_combo = UnitComboBox("Tất cả đơn vị")
        filter_row.addWidget(self.unit_combo, 3)
        self.sub_units_check = QCheckBox("Gồm trực thuộc")
        self.sub_units_check.setChecked(True)
        self.sub_units_check.setToolTip(
            "Gồm đơn vị trực thuộc: tính cả cán bộ của các khoa, phòng, đơn vị trực thuộc đơn vị đã chọn"
        )
        filter_row.addWidget(self.sub_units_check)
        filter_row.addSpacing(6)
        filter_row.addWidget(QLabel("Chức vụ"))
        self.position_combo = QComboBox()
        self.position_combo.setMinimumContentsLength(9)
        self.position_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.position_combo.setMaxVisibleItems(24)
        self.position_combo.addItem("Tất cả", ALL)
        self.position_combo.setMinimumWidth(80)  # gives way on a narrow window
        filter_row.addWidget(self.position_combo, 1)
        filter_row.addSpacing(6)
        filter_row.addWidget(QLabel("Đã được"))
        self.award_combo = QComboBox()
        self.award_combo.setMinimumContentsLength(13)
        self.award_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.award_combo.setMaxVisibleItems(24)
        self.award_combo.addItem("Mọi khen thưởng", ALL)
        self.award_combo.setToolTip("Chỉ những người đã từng được danh hiệu, hình thức khen thưởng này")
        self.award_combo.setMinimumWidth(90)
        filter_row.addWidget(self.award_combo, 2)
        layout.addLayout(filter_row)

        for combo in (self.gender_combo, self.unit_combo, self.position_combo):
            combo.currentIndexChanged.connect(self.refilter)
        self.award_combo.currentIndexChanged.connect(self._award_changed)
        self.sub_units_check.toggled.connect(self.refilter)
        self.birth_from.valueChanged.connect(self.refilter)
        self.birth_to.valueChanged.connect(self.refilter)

        # The table, or a message while loading / when there is nobody yet
        self.model = StaffTableModel(self)
        self.view = QTableView()
        self.view.setObjectName("staffTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setCornerButtonEnabled(False)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.view.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.view.fontMetrics().height() + 10)  # room for marks above capitals
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COLUMN_KEYS.index("unit"), QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(NAME_COLUMN, Qt.SortOrder.AscendingOrder)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self.view.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(lambda _column, _order: self.refilter())
        self._set_column_widths()
        self.view.doubleClicked.connect(lambda index: self.open_record(index.row()))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._row_menu)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.open_current)
        copy = QShortcut(QKeySequence.StandardKey.Copy, self.view)
        copy.setContext(Qt.ShortcutContext.WidgetShortcut)
        copy.activated.connect(self.copy_selection)
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.activated.connect(self._focus_search)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)

        self.message = QLabel("Đang tải danh sách cán bộ…")
        self.message.setObjectName("emptyState")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.view)
        layout.addWidget(self.stack, 1)

        bottom = QHBoxLayout()
        self.count_label = QLabel("")
        self.count_label.setObjectName("staffCount")
        self.selection_label = QLabel("")
        self.selection_label.setObjectName("muted")
        self.hint_label = QLabel("Nhấn đúp hoặc Enter để xem hồ sơ")
        self.hint_label.setObjectName("muted")
        self.open_button = QPushButton("Xem hồ sơ")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_current)
        bottom.addWidget(self.count_label)
        bottom.addSpacing(16)
        bottom.addWidget(self.selection_label)
        bottom.addStretch(1)
        bottom.addWidget(self.hint_label)
        bottom.addWidget(self.upkeep_button)
        bottom.addWidget(self.open_button)
        layout.addLayout(bottom)

        self._build_columns_menu()
        self._restore_hidden_columns()
        self._set_controls_enabled(False)

        self._loader = Loader(partial(load_staff_view, workspace.ctx), self)
        self._loader.loaded.connect(self.show_view)
        self._loader.failed.connect(self._load_failed)
        # The first screenful, read on its own while the whole list is (the driver alone takes 0.3 s over
        # 100,000 staff); a failed one shows nothing: the whole read says what went wrong.
        self._first_loader = Loader(partial(load_first_rows, workspace.ctx), self)
        self._first_loader.loaded.connect(self._show_first_rows)
        # who ever received an award (the "Đã được" filter), by its code
        self._award_loader = Loader(partial(persons_with_award, workspace.ctx), self)
        self._award_loader.loaded.connect(self._award_loaded)
        self._award_loader.failed.connect(
            lambda exc: self.count_label.setText(f"Không lọc được theo khen thưởng: {exc}")
        )

    # --- loading -----------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        return self._loader.busy or self._waiting_warm

    def reload(self) -> None:
        self._award_people.clear()
        warm = self.workspace.take_warm(load_staff_view) if self.view_data is None else None
        if warm is not None:  # read ahead by the window (Workspace.warm_up), nothing changed since
            self.show_view((), warm)
            return
        if self.view_data is None:
            if not self._first_shown:
                self.message.setText("Đang tải danh sách cán bộ…")
                self.stack.setCurrentWidget(self.message)
            self._first_loader.request(self.first_screenful())  # asked first: it starts before the whole read
            if self.workspace.wait_warm(load_staff_view, self._warm_arrived):  # being read ahead: not twice
                self._waiting_warm = True
                return
        else:
            self.count_label.setText("Đang tải lại…")
        super().reload()

    def activated(self) -> None:
        if not self._waiting_warm:
            super().activated()

    def _warm_arrived(self, data: StaffView | None) -> None:
        self._waiting_warm = False
        if data is None:  # the read ahead failed: the page's own read says why
            self.reload()
        elif self.view_data is None:
            self.show_view((), data)

    def first_screenful(self) -> int:
        """How many rows the first read asks for: as many as the tallest table on this screen shows (about 30
        on a 1366×768 one), the table's own height being unknown while the message stands in its place."""
        row = self.view.verticalHeader().defaultSectionSize()
        return self.screen().availableGeometry().height() // row + 1

    def _show_first_rows(self, _args: tuple, first: FirstRows) -> None:
        if self.view_data is not None or not self.loading or not first.records:
            return  # the whole list came first (or its read failed), or there is nobody to show
        self._first_shown = True
        self.model.set_directory(first.records, first.unit_labels)
        self.stack.setCurrentWidget(self.view)
        self.count_label.setText(
            f"Đang đọc cả danh sách… (đang hiện {number(len(first.records))} người đầu tiên)"
        )
        # Typing goes on: what is typed is searched for once the whole list is in (show_view); sorting waits.
        self.search_box.setEnabled(True)
        self.view.horizontalHeader().setSectionsClickable(False)

    def _load_failed(self, exc: Exception) -> None:
        if self._first_shown:  # the first screenful goes with the read it stood in for
            self._first_shown = False
            self.count_label.setText("")
            self.search_box.setEnabled(False)
        self.message.setText(f"Không đọc được danh sách cán bộ: {exc}\n\nHãy thử lại (F5).")
        self.stack.setCurrentWidget(self.message)

    def show_view(self, _args: tuple, data: StaffView) -> None:
        self._first_loader.cancel()
        self._first_shown = False
        self.view.horizontalHeader().setSectionsClickable(True)
        self.view_data = data
        self.directory = data.directory
        self.search = StaffSearch(data.directory)
        labels = {u.id: u.label for u in data.units}
        self.model.set_directory(data.directory.records, labels)
        self.unit_combo.set_units(data.units)
        self._fill_combo(self.position_combo, [(p, p) for p in data.directory.positions])
        self._fill_combo(self.award_combo, [(a.name, a.code) for a in data.awards])
        self._set_controls_enabled(True)
        if data.directory.records:
            self.stack.setCurrentWidget(self.view)
        else:
            self.message.setText(
                "Chưa có cán bộ nào.\n\nHãy nhập danh sách cán bộ từ tệp Excel các đơn vị gửi "
                "(nút “Nhập danh sách từ Excel…” ở trên)."
            )
            self.stack.setCurrentWidget(self.message)
        if self.award_combo.currentData() is not None:
            self._award_changed()
        else:
            self.refilter()
        if self._show_after_load is not None:
            self._show_person()

    @staticmethod
    def _fill_combo(combo: QComboBox, items: list[tuple[str, object]]) -> None:
        """Replace the choices after the first ("all"), keeping the current one when it is still there."""
        current = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for text, data in items:
            combo.addItem(text, data)
            combo.setItemData(combo.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
        found = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(found, 0))
        combo.blockSignals(False)

    def _set_controls_enabled(self, enabled: bool) -> None:
        for widget in (
            self.search_box,
            self.gender_combo,
            self.birth_from,
            self.birth_to,
            self.unit_combo,
            self.sub_units_check,
            self.position_combo,
            self.award_combo,
            self.clear_button,
            self.export_button,
            self.copy_button,
            self.add_button,
        ):
            widget.setEnabled(enabled)

    # --- searching ---------------------------------------------------------------------------------
    def _unit_ids(self) -> set[int] | None:
        unit = self.unit_combo.current_unit()
        if unit is None:
            return None
        return set(unit.subtree_ids) if self.sub_units_check.isChecked() else {unit.id}

    def _award_changed(self) -> None:
        code = self.award_combo.currentData()
        if code is None or code in self._award_people:
            self._award_loader.cancel()
            self.refilter()
            return
        # Who ever received it: one query, in the background; the list follows when it is in.
        self.count_label.setText("Đang lọc theo khen thưởng…")
        self._award_loader.request(code)

    def _award_loaded(self, args: tuple[str], people: set[int]) -> None:
        (code,) = args
        self._award_people[code] = people
        if code == self.award_combo.currentData():
            self.refilter()

    @property
    def filtering(self) -> bool:
        """True while a filter still waits for the database (tests wait on it)."""
        return self._award_loader.busy or self._loader.busy

    def refilter(self) -> None:
        """A filter changed: apply the filters once, then the name search over what they leave."""
        if self.search is None:
            return
        code = self.award_combo.currentData()
        if code is not None and code not in self._award_people:
            return  # the award's people are being read; refilter runs again when they are in
        low = self.birth_from.value()
        high = self.birth_to.value()
        self.search.set_filters(
            order=self.model.display_order(),  # searching keeps the column order the clerk chose
            unit_ids=self._unit_ids(),
            position=self.position_combo.currentData(),
            gender=self.gender_combo.currentData(),
            birth_from=None if low == self.birth_from.minimum() else low,
            birth_to=None if high == self.birth_to.minimum() else high,
            person_ids=self._award_people.get(code) if code is not None else None,
        )
        self.research()

    def research(self) -> None:
        """The search text changed (a keystroke): narrow the filtered list by the folded name."""
        if self.search is None:
            return
        code = self.award_combo.currentData()
        if code is not None and code not in self._award_people:
            return
        self.model.set_hits(self.search.find(self.search_box.text()), ordered=True)
        self._show_count()

    def _show_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        self.count_label.setText(
            f"{number(shown)} / {number(total)} cán bộ" if shown != total else f"{number(total)} cán bộ"
        )
        self._selection_changed()

    def clear_filters(self) -> None:
        widgets = (
            self.search_box,
            self.gender_combo,
            self.unit_combo,
            self.position_combo,
            self.award_combo,
            self.birth_from,
            self.birth_to,
            self.sub_units_check,
        )
        for w in widgets:
            w.blockSignals(True)
        self.search_box.clear()
        for combo in (self.gender_combo, self.unit_combo, self.position_combo, self.award_combo):
            combo.setCurrentIndex(0)
        self.birth_from.setValue(self.birth_from.minimum())
        self.birth_to.setValue(self.birth_to.minimum())
        self.sub_units_check.setChecked(True)
        for w in widgets:
            w.blockSignals(False)
        self._award_loader.cancel()
        self.refilter()

    def _search_entered(self) -> None:
        """Enter in the search box: one match opens its record, several go to the table."""
        if self.search is None:
            return  # the first screenful: what is typed is not searched for yet
        if self.model.rowCount() == 1:
            self.open_record(0)
        elif self.model.rowCount() > 1:
            self.view.setFocus()
            self.view.selectRow(0)

    def _focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    # --- selection, records ------------------------------------------------------------------------
    def selected_rows(self) -> list[int]:
        rows: set[int] = set()
        for r in self.view.selectionModel().selection():
            rows.update(range(r.top(), r.bottom() + 1))
        return sorted(rows)

    def _selection_changed(self, *_args) -> None:
        count = len(self.selected_rows()) if self.view.selectionModel().hasSelection() else 0
        self.selection_label.setText(f"Đã chọn {number(count)}" if count > 1 else "")
        self.open_button.setEnabled(self.view.currentIndex().isValid() or count > 0)
        self.upkeep_button.setEnabled(self.current_person_id() is not None)

    def open_current(self) -> None:
        index = self.view.currentIndex()
        rows = self.selected_rows()
        if index.isValid():
            self.open_record(index.row())
        elif rows:
            self.open_record(rows[0])

    def open_record(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        from ui.dialogs.person_record import open_person_record

        dialog = open_person_record(self.workspace, self.model.record(row).id, self.window())
        self.record_dialogs = [d for d in self.record_dialogs if _alive(d)] + [dialog]

    # --- upkeep: add, edit, transfer, leave, discipline (ui.dialogs.person_upkeep) ------------------
    def _build_upkeep_actions(self, menu: QMenu) -> dict[str, QAction]:
        from ui.dialogs.person_upkeep import ACTIONS, EDIT

        actions = {}
        for key, text, tip in ACTIONS:
            action = QAction(text, self)
            action.setToolTip(tip)
            action.setStatusTip(tip)
            action.triggered.connect(partial(self.upkeep, key))
            menu.addAction(action)
            actions[key] = action
        edit = actions[EDIT]
        edit.setShortcut("F2")  # wherever the focus is on the page
        edit.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(edit)
        return actions

    def current_person_id(self) -> int | None:
        index = self.view.currentIndex()
        rows = self.selected_rows()
        row = index.row() if index.isValid() else (rows[0] if rows else -1)
        return self.model.record(row).id if 0 <= row < self.model.rowCount() else None

    def _row_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if index.isValid():
            self.view.setCurrentIndex(index)
        menu = self.row_menu()
        menu.popup(self.view.viewport().mapToGlobal(pos))

    def row_menu(self) -> QMenu:
        """The table's context menu: the record, then the upkeep of the person under the mouse."""
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chosen = self.current_person_id() is not None
        record = menu.addAction("Xem hồ sơ", self.open_current)
        record.setEnabled(chosen)
        allow(self.workspace, add_person, menu.addAction("Thêm cán bộ…", self.add_person))
        menu.addSeparator()
        for action in self.upkeep_actions.values():
            action.setEnabled(chosen)
            menu.addAction(action)
        return menu

    def add_person(self) -> None:
        from ui.dialogs.person_upkeep import start_upkeep

        unit = self.unit_combo.current_unit()  # the unit the list is filtered on, offered first
        start_upkeep(self, self.workspace, None, "add", unit.id if unit is not None else None)

    def upkeep(self, action: str) -> None:
        person_id = self.current_person_id()
        if person_id is None:
            return
        from ui.dialogs.person_upkeep import start_upkeep

        start_upkeep(self, self.workspace, person_id, action)

    def upkeep_done(self, dialog) -> None:
        """A form was saved; the page reads again (the write announced STAFF) and then shows the person."""
        upkeep = getattr(dialog, "upkeep", None)
        self._show_after_load = upkeep.id if upkeep is not None else dialog.result_value

    def _show_person(self) -> None:
        person_id, self._show_after_load = self._show_after_load, None
        for row in range(self.model.rowCount()):
            if self.model.record(row).id == person_id:
                self.view.setCurrentIndex(self.model.index(row, 0))
                self.view.scrollTo(self.model.index(row, 0))
                return

    # --- columns -----------------------------------------------------------------------------------
    def _set_column_widths(self) -> None:
        metrics = self.view.fontMetrics()
        samples = {
            "full_name": "Nguyễn Thị Phương Thảo  ",
            "gender": "Giới tính ",
            "birth": "00/00/0000 ",
            "unit": "Khoa Hồi sức cấp cứu – Bệnh viện Đa khoa tỉnh ",
            "position": "Phó Trưởng phòng điều dưỡng",
            "title": "Bác sĩ chính (hạng II) ",
            "ethnicity": "Dân tộc ",
        }
        for column, key in enumerate(COLUMN_KEYS):
            self.view.setColumnWidth(column, metrics.horizontalAdvance(samples[key]) + 24)

    def _build_columns_menu(self) -> None:
        self.column_actions: dict[str, QAction] = {}
        for column in STAFF_COLUMNS:
            action = QAction(column.header, self.columns_menu)
            action.setCheckable(True)
            action.setChecked(True)
            if column.key == "full_name":
                action.setEnabled(False)  # the name always shows
            action.toggled.connect(lambda checked, key=column.key: self.set_column_visible(key, checked))
            self.columns_menu.addAction(action)
            self.column_actions[column.key] = action

    def _header_menu(self, pos: QPoint) -> None:
        self.columns_menu.popup(self.view.horizontalHeader().mapToGlobal(pos))

    def set_column_visible(self, key: str, visible: bool, remember: bool = True) -> None:
        if key == "full_name":
            visible = True
        column = COLUMN_KEYS.index(key)
        self.view.setColumnHidden(column, not visible)
        action = self.column_actions[key]
        if action.isChecked() != visible:
            action.blockSignals(True)
            action.setChecked(visible)
            action.blockSignals(False)
        if remember:
            pc_settings.write(pc_settings.STAFF_HIDDEN_COLUMNS, self.hidden_columns())

    def hidden_columns(self) -> list[str]:
        return [key for n, key in enumerate(COLUMN_KEYS) if self.view.isColumnHidden(n)]

    def visible_columns(self) -> list[str]:
        header = self.view.horizontalHeader()
        shown = [n for n in range(len(COLUMN_KEYS)) if not self.view.isColumnHidden(n)]
        return [COLUMN_KEYS[n] for n in sorted(shown, key=header.visualIndex)]

    def _restore_hidden_columns(self) -> None:
        stored = pc_settings.read(pc_settings.STAFF_HIDDEN_COLUMNS)
        if stored is None:
            hidden = set(DEFAULT_HIDDEN)
        else:
            hidden = {k for k in stored if k in COLUMN_BY_KEY}
        for key in COLUMN_KEYS:
            self.set_column_visible(key, key not in hidden, remember=False)

    # --- copy and export ---------------------------------------------------------------------------
    def copy_selection(self) -> int:
        if self.directory is None:
            return 0  # the first screenful only: Ctrl+A, Ctrl+C would copy it as if it were everyone
        rows = self.selected_rows()
        if not rows:
            self.selection_label.setText("Hãy chọn các dòng cần sao chép (Ctrl+A: chọn tất cả).")
            return 0
        text = staff_tsv(self.model.records_at(rows), self.visible_columns(), self.model.unit_labels)
        QGuiApplication.clipboard().setText(text)
        self.selection_label.setText(f"Đã sao chép {number(len(rows))} dòng – dán vào Excel bằng Ctrl+V")
        return len(rows)

    def choose_export_file(self) -> None:
        if self.directory is None or self.exporter.running:
            return
        path = ask_xlsx_path(self, "Xuất danh sách cán bộ ra Excel", "Danh sách cán bộ")
        if path is not None:
            self.export_to(path)

    def export_title(self) -> str:
        parts = ["DANH SÁCH CÁN BỘ"]
        unit = self.unit_combo.current_unit()
        if unit is not None:
            parts.append(
                unit.label + (" (gồm đơn vị trực thuộc)" if self.sub_units_check.isChecked() else "")
            )
        if self.award_combo.currentData() is not None:
            parts.append(f"đã được {self.award_combo.currentText()}")
        return " – ".join(parts)

    def export_to(self, path: Path) -> QueryOp:
        """Write the rows shown, in the order shown, with the visible columns (off the GUI thread)."""
        records = self.model.shown_records()
        columns = self.visible_columns()
        labels = self.model.unit_labels
        title = clean(self.export_title())

        def work(partial, progress, cancelled):
            return export_staff_xlsx(
                partial, records, columns, labels, title=title, progress=progress, cancelled=cancelled
            )

        audit = ExportAudit(self.workspace.ctx, "danh sách cán bộ", len(records))
        return self.exporter.start(path, len(records), work, audit)

    # --- import ------------------------------------------------------------------------------------
    def import_from_excel(self) -> None:
        from ui.dialogs.import_wizard import run_import_wizard  # loaded when first used

        run_import_wizard(self.workspace, self)  # the import announces STAFF and UNITS: this page reads again


def _alive(widget) -> bool:
    try:
        return widget.isVisible()
    except RuntimeError:  # deleted on close
        return False
