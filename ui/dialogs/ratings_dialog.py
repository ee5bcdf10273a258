"""Đánh giá, xếp loại: a unit's staff for one year in a grid, rated from the keyboard or pasted from Excel.

In the Xếp loại column a key sets the level and moves down (1/X xuất sắc, 2/T tốt, 3/H hoàn thành,
4/K không hoàn thành), so a list read off paper goes in one key a person; Delete clears, F2 or a
double-click opens a list. Ctrl+V pastes a block copied from Excel at the current cell (ratings, or
ratings with absent days and notes); cells it does not understand are listed and left as they were.
Nothing is written until Lưu, which saves every change in one transaction. The grid is read in the
background (a hospital lists 1,500 people; the Department itself, the whole province).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QIntValidator, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.units import UnitChoice
from app.errors import StaleRecord, UserError
from app.services.context import ServiceContext
from app.services.ratings import (
    FIRST_YEAR,
    MAX_ABSENT_DAYS,
    MAX_DOCUMENT_REF,
    RatingGrid,
    SaveResult,
    UnitRating,
    UnitRatingChange,
    last_year,
    load_rating_grid,
    save_ratings,
)
from app.services.records import unit_choices
from app.services.versions import ABSENT
from app.text import clean
from database.enums import RatingLevel
from ui.format import number
from ui.jobs import Loader
from ui.models.ratings_table import (
    DAYS_COLUMN,
    HEADERS,
    LEVEL_COLUMN,
    LEVEL_WORDS,
    NOTE_COLUMN,
    Edit,
    RatingsTableModel,
)
from ui.operations import WriteOp
from ui.widgets.screen_fit import fit_to_screen
from ui.widgets.unit_combo import UnitComboBox
from ui.workspace import Area, Workspace

# One key a level, by number or by the level's initial (X xuất sắc, T tốt, H hoàn thành, K không).
LEVEL_KEYS = {
    "1": RatingLevel.EXCELLENT,
    "x": RatingLevel.EXCELLENT,
    "2": RatingLevel.GOOD,
    "t": RatingLevel.GOOD,
    "3": RatingLevel.DONE,
    "h": RatingLevel.DONE,
    "4": RatingLevel.FAILED,
    "k": RatingLevel.FAILED,
}
KEY_HINT = (
    "Cột Xếp loại: gõ 1/X Xuất sắc · 2/T Tốt · 3/H Hoàn thành · 4/K Không hoàn thành (tự xuống dòng) · "
    "Delete: xóa · F2: chọn từ danh sách · Ctrl+V: dán từ Excel · Ctrl+S: lưu"
)
NOT_RATED = "— Chưa xếp loại —"
MAX_PROBLEMS_SHOWN = 6
COLUMN_WIDTHS = {
    0: "00000",
    1: "Nguyễn Thị Thanh Hương Giang",
    2: "Năm sinh",
    3: "Khoa Hồi sức tích cực",
    4: "Phó Trưởng khoa",
    5: "Hoàn thành xuất sắc nhiệm vụ",
    6: "Số ngày nghỉ",
}


def _level_combo(parent: QWidget | None = None) -> QComboBox:
    combo = QComboBox(parent)
    combo.addItem(NOT_RATED, None)
    for level in RatingLevel:
        combo.addItem(level.label, level)
    return combo


class LevelDelegate(QStyledItemDelegate):
    """F2 or a double-click in the Xếp loại column: the four levels (and none) in a list."""

    def createEditor(self, parent, option, index):
        combo = _level_combo(parent)
        # Choosing from the list is the whole edit: write it and close, as a key press would.
        combo.activated.connect(lambda _i: (self.commitData.emit(combo), self.closeEditor.emit(combo)))
        QTimer.singleShot(0, combo, combo.showPopup)  # the list open at once: one more click saved
        return combo

    def setEditorData(self, editor: QComboBox, index):
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QComboBox, model, index):
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class LineDelegate(QStyledItemDelegate):
    """A plain line editor: absent days (whole numbers, empty for none) or the note."""

    def __init__(self, parent, *, max_length: int, whole_number: bool = False):
        super().__init__(parent)
        self.max_length, self.whole_number = max_length, whole_number

    def createEditor(self, parent, option, index):
        editor = QLineEdit(parent)
        editor.setMaxLength(self.max_length)
        if self.whole_number:
            editor.setValidator(QIntValidator(0, MAX_ABSENT_DAYS, editor))
        return editor

    def setEditorData(self, editor: QLineEdit, index):
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QLineEdit, model, index):
        text = clean(editor.text()) or ""
        value = (int(text) if text else None) if self.whole_number else (text or None)
        model.setData(index, value, Qt.ItemDataRole.EditRole)


class RatingsView(QTableView):
    """The grid, with the keys of fast entry; copying and pasting are left to the dialog."""

    copy_requested = Signal()
    paste_requested = Signal()
    hint = Signal(str)

    def model(self) -> RatingsTableModel:
        return super().model()

    def keyPressEvent(self, event) -> None:
        if self.state() == QAbstractItemView.State.EditingState:
            super().keyPressEvent(event)
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_requested.emit()
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_requested.emit()
            return
        current = self.currentIndex()
        key = event.key()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.model().clear_cells(
                [(i.row(), i.column()) for i in self.selectedIndexes()] or [(current.row(), current.column())]
            )
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.move_down()
            return
        if key == Qt.Key.Key_Escape:
            event.ignore()  # the table would swallow it; Esc closes the dialog (asking first)
            return
        mods = Qt.KeyboardModifier
        plain = not event.modifiers() & (mods.ControlModifier | mods.AltModifier | mods.MetaModifier)
        text = event.text().lower()
        if current.isValid() and current.column() == LEVEL_COLUMN and plain and text.strip():
            level = LEVEL_KEYS.get(text)
            if level is None:
                self.hint.emit(f"“{event.text()}” không phải mức xếp loại. {KEY_HINT}")
            else:
                self.model().set_value(current.row(), LEVEL_COLUMN, level)
                self.move_down()
            return
        super().keyPressEvent(event)

    def move_down(self) -> None:
        current = self.currentIndex()
        if current.isValid() and current.row() + 1 < self.model().rowCount():
            self.setCurrentIndex(current.sibling(current.row() + 1, current.column()))

    def closeEditor(self, editor, hint) -> None:
        # Enter in an editor commits and goes to the next person, as in Excel.
        submitted = hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint if submitted else hint)
        if submitted:
            self.move_down()


@dataclass(frozen=True)
class KeptEdits:
    """What the clerk typed when their save was refused (StaleRecord), kept over the grid read again."""

    unit_id: int
    year: int
    values: dict[int, Edit]  # by person
    unit_level: RatingLevel | None
    unit_ref: str
    fact: str  # StaleRecord.fact: who changed what meanwhile

    @property
    def message(self) -> str:
        return (
            f"{self.fact}. Không có gì được lưu. Bảng đã được tải lại với xếp loại đang lưu; các ô anh/chị đã "
            "sửa vẫn giữ nguyên (tô màu): hãy xem lại rồi bấm Lưu lần nữa."
        )

    def unread(self, reason: str) -> str:
        """The message when the grid could not be read again."""
        return (
            f"{self.fact}. Không có gì được lưu. Không tải lại được bảng ({reason}); các ô anh/chị đã sửa vẫn "
            "giữ nguyên (tô màu): bấm F5 để tải lại, xem lại rồi bấm Lưu lần nữa."
        )


def _read(
    ctx: ServiceContext, unit_id: int, year: int, with_units: bool
) -> tuple[list[UnitChoice] | None, RatingGrid | UserError]:
    """The grid, and the first time the units to choose from: those even when the grid cannot be read,
    so that the clerk can pick another unit."""
    units = unit_choices(ctx, include_ended=True) if with_units else None  # past years need ended units
    try:
        return units, load_rating_grid(ctx, unit_id, year)
    except UserError as exc:
        return units, exc


class RatingsDialog(QDialog):
    loaded = Signal(object)  # RatingGrid once shown, or None when it could not be read
    saved = Signal(object)  # SaveResult, or the exception that stopped the save

    def __init__(self, workspace: Workspace, unit_id: int, year: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.grid: RatingGrid | None = None
        self.save_task: WriteOp | None = None
        self._after_save: Callable[[], None] | None = None  # what waits for the running save to succeed
        self._kept: KeptEdits | None = None  # a refused save's edits, while the grid is read again
        self._may_close = False
        self._wanted = (unit_id, min(max(year, FIRST_YEAR), last_year()))
        self.setWindowTitle("Đánh giá, xếp loại hằng năm")
        self.setObjectName("ratingsDialog")

        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 14, 18, 12)
        outer.setSpacing(8)

        choose = QHBoxLayout()
        choose.setSpacing(8)
        choose.addWidget(QLabel("Đơn vị"))
        self.unit_combo = UnitComboBox(all_text=None)
        self.unit_combo.setEnabled(False)  # until the list of units is in
        choose.addWidget(self.unit_combo, 1)
        choose.addSpacing(10)
        choose.addWidget(QLabel("Năm"))
        self.year_box = QSpinBox()
        self.year_box.setRange(FIRST_YEAR, last_year())
        self.year_box.setValue(self._wanted[1])
        self.year_box.setKeyboardTracking(False)  # one reload for "2023", not one per digit
        self.year_box.setFixedWidth(self.year_box.fontMetrics().horizontalAdvance("00000") + 44)
        choose.addWidget(self.year_box)
        outer.addLayout(choose)

        self.title = QLabel("Đang tải danh sách…")
        self.title.setObjectName("pageTitle")
        outer.addWidget(self.title)

        own = QHBoxLayout()
        own.setSpacing(8)
        own.addWidget(QLabel("Xếp loại tập thể đơn vị"))
        self.unit_level = _level_combo()
        self.unit_level.setToolTip("Kết quả đánh giá, xếp loại của chính đơn vị (tập thể) trong năm")
        own.addWidget(self.unit_level)
        own.addSpacing(10)
        own.addWidget(QLabel("Căn cứ"))
        self.unit_ref = QLineEdit()
        self.unit_ref.setMaxLength(MAX_DOCUMENT_REF)
        self.unit_ref.setPlaceholderText("Ví dụ: Quyết định số 15/QĐ-SYT ngày 20/12")
        own.addWidget(self.unit_ref, 1)
        outer.addLayout(own)

        hint = QLabel(KEY_HINT)
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        outer.addWidget(hint)

        self.model = RatingsTableModel(self)
        self.view = RatingsView()
        self.view.setObjectName("ratingsTable")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.setItemDelegateForColumn(LEVEL_COLUMN, LevelDelegate(self.view))
        self.view.setItemDelegateForColumn(
            DAYS_COLUMN, LineDelegate(self.view, max_length=3, whole_number=True)
        )
        self.view.setItemDelegateForColumn(NOTE_COLUMN, LineDelegate(self.view, max_length=MAX_DOCUMENT_REF))
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        metrics = self.view.fontMetrics()
        for column, sample in COLUMN_WIDTHS.items():  # from samples: measuring 1,500 rows would be slow
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 24)
        outer.addWidget(self.view, 1)

        self.counter = QLabel("")
        self.counter.setObjectName("counter")
        self.counter.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.counter)
        self.problems = QLabel("")
        self.problems.setObjectName("error")
        self.problems.setWordWrap(True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.hide()
        outer.addWidget(self.problems)

        buttons = QHBoxLayout()
        self.status = QLabel("")
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        buttons.addWidget(self.status, 1)
        for name, text, tip, slot in (
            (
                "copy_button",
                "Sao chép",
                "Sao chép các ô đang chọn để dán vào Excel (Ctrl+C)",
                self.copy_selection,
            ),
            (
                "paste_button",
                "Dán từ Excel",
                "Dán khối ô đã sao chép từ Excel vào ô đang chọn (Ctrl+V)",
                self.paste,
            ),
            ("save_button", "Lưu", "Lưu mọi thay đổi (Ctrl+S)", self.save),
            ("close_button", "Đóng", "Đóng (hỏi trước nếu còn thay đổi chưa lưu)", self.close),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setAutoDefault(False)  # Enter belongs to the grid: it moves down
            button.clicked.connect(slot)
            buttons.addWidget(button)
            setattr(self, name, button)
        outer.addLayout(buttons)

        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        QShortcut(QKeySequence("F5"), self, activated=self.reload)

        self.model.edited.connect(self._edited)
        self.view.copy_requested.connect(self.copy_selection)
        self.view.paste_requested.connect(self.paste)
        self.view.hint.connect(self.status.setText)
        self.unit_combo.currentIndexChanged.connect(self._choice_changed)
        self.year_box.valueChanged.connect(self._choice_changed)
        self.unit_level.currentIndexChanged.connect(self._update_counter)
        self.unit_ref.textChanged.connect(self._update_counter)

        fit_to_screen(self, 1180, 760)
        self._loader = Loader(partial(_read, workspace.ctx), self)
        self._loader.loaded.connect(self._show)
        self._loader.failed.connect(self._failed)
        self._set_busy(True)
        self._loader.request(unit_id, self._wanted[1], True)

    # --- loading -----------------------------------------------------------------------------------
    def _set_busy(self, busy: bool, saving: bool = False) -> None:
        for widget in (self.view, self.unit_level, self.unit_ref, self.save_button, self.paste_button):
            widget.setEnabled(not busy)
        # While loading the clerk may still pick another unit; while saving, nothing moves.
        self.year_box.setEnabled(not saving)
        self.unit_combo.setEnabled(not saving and bool(self.unit_combo.units))

    def _load(self, unit_id: int, year: int) -> None:
        self._wanted = (unit_id, year)
        self.title.setText("Đang tải danh sách…")
        self._set_busy(True)
        self._loader.request(unit_id, year, False)

    def reload(self) -> None:
        if self.grid is not None and self.save_task is None:
            if self._kept is not None:  # a refused save's cells: put back over the new read, nothing to ask
                self._load(self.grid.unit_id, self.grid.year)
            else:
                self._leave(partial(self._load, self.grid.unit_id, self.grid.year))

    def _show(self, _args: tuple, answer: tuple[list[UnitChoice] | None, RatingGrid | UserError]) -> None:
        units, grid = answer
        if units is not None:
            self.unit_combo.blockSignals(True)
            self.unit_combo.set_units(units)
            self.unit_combo.blockSignals(False)
        if isinstance(grid, UserError):
            self._failed(grid)
            return
        self.grid = grid
        kept, self._kept = self._kept, None
        if kept is not None and (kept.unit_id, kept.year) != (grid.unit_id, grid.year):
            kept = None  # the clerk went on to another unit or year meanwhile (and chose for those edits)
        self._show_choice(grid.unit_id, grid.year)
        self.title.setText(f"Xếp loại năm {grid.year} – {grid.unit_name}")
        self.model.set_grid(grid, kept.values if kept else None)
        self.unit_level.blockSignals(True)
        self.unit_ref.blockSignals(True)
        own = grid.unit_rating
        level = kept.unit_level if kept else own.level if own else None
        self.unit_level.setCurrentIndex(max(0, self.unit_level.findData(level)))
        self.unit_ref.setText(kept.unit_ref if kept else own.document_ref or "" if own else "")
        self.unit_level.blockSignals(False)
        self.unit_ref.blockSignals(False)
        self._set_busy(False)
        self.problems.hide()
        self.status.setText("" if grid.rows else "Không có cán bộ nào công tác tại đơn vị trong năm này.")
        self._update_counter()
        if grid.rows:
            self.view.setCurrentIndex(self.model.index(0, LEVEL_COLUMN))
            self.view.horizontalScrollBar().setValue(0)  # names stay in sight on a narrow screen
        self.view.setFocus()
        if kept is not None:
            self.status.setText("Chưa lưu được; mọi thay đổi vẫn còn trên bảng.")
            self._show_problems([kept.message])
        self.loaded.emit(grid)

    def _failed(self, exc: Exception) -> None:
        kept = self._kept
        if kept is not None and self.grid is not None and (kept.unit_id, kept.year) == self._wanted:
            # The re-read after a refused save failed: the clerk's cells stay on the grid as it was (kept
            # for F5 to put back over a new read); a Lưu now is refused again and reads it again.
            reason = (
                str(exc).rstrip(".") if isinstance(exc, UserError) else f"lỗi khi đọc cơ sở dữ liệu: {exc}"
            )
            self._set_busy(False)
            self.title.setText(f"Xếp loại năm {self.grid.year} – {self.grid.unit_name}")
            self.status.setText("Chưa lưu được; mọi thay đổi vẫn còn trên bảng.")
            self._show_problems([kept.unread(reason)])
            self.loaded.emit(None)
            return
        self.grid = None
        self._kept = None
        self.model.set_grid(None)
        self.title.setText("Không tải được danh sách")
        self.status.setText(str(exc) if isinstance(exc, UserError) else f"Lỗi khi đọc cơ sở dữ liệu: {exc}")
        self._set_busy(True)
        self._update_counter()
        self.loaded.emit(None)

    def _show_choice(self, unit_id: int, year: int) -> None:
        """Put the unit and year choosers back on what is shown (after a load or a cancelled switch)."""
        for widget in (self.unit_combo, self.year_box):
            widget.blockSignals(True)
        self.unit_combo.select_unit(unit_id)
        self.year_box.setValue(year)
        for widget in (self.unit_combo, self.year_box):
            widget.blockSignals(False)

    def _choice_changed(self) -> None:
        unit = self.unit_combo.current_unit()
        if unit is None:
            return
        wanted = (unit.id, self.year_box.value())
        if self.grid is not None and wanted == (self.grid.unit_id, self.grid.year):
            return
        if not self._leave(partial(self._load, *wanted)) and self.grid is not None:
            self._show_choice(self.grid.unit_id, self.grid.year)

    # --- unsaved changes ---------------------------------------------------------------------------
    def _unit_change(self) -> UnitRatingChange | None:
        """The unit's own rating as chosen, when it differs from what is stored."""
        if self.grid is None:
            return None
        level, ref = self.unit_level.currentData(), clean(self.unit_ref.text()) or None
        own = self.grid.unit_rating
        stored = (own.level, own.document_ref) if own else (None, None)
        if level is None:
            ref = None  # no rating, nothing to note
        version = own.version if own else ABSENT
        return None if (level, ref) == stored else UnitRatingChange(level, ref, version)

    def unsaved_count(self) -> int:
        return len(self.model.changed_rows()) + (self._unit_change() is not None)

    def _leave(self, action: Callable[[], None]) -> bool:
        """Before the grid goes away (another unit or year, closing): run `action` once the unsaved
        changes are discarded, or saved (the save runs in the background; a failed one cancels it).
        False when the clerk chose to stay."""
        if not self.unsaved_count():
            action()
            return True
        answer = self.ask_unsaved()
        if answer == "discard":
            action()
            return True
        if answer == "save":
            self._after_save = action
            self.save()
            return True
        return False

    def ask_unsaved(self) -> str:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Chưa lưu xếp loại",
            f"Có {number(self.unsaved_count())} thay đổi chưa lưu. Lưu trước khi tiếp tục?",
            parent=self,
        )
        save = box.addButton("Lưu", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("Không lưu", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton("Hủy", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        return "save" if clicked is save else "discard" if clicked is discard else "cancel"

    def reject(self) -> None:
        # Esc, Đóng and the title bar's close (QDialog.closeEvent calls reject) all come here.
        if self._may_close or (self.save_task is None and not self.unsaved_count()):
            self._loader.cancel()
            super().reject()
        elif self.save_task is not None:  # closed while saving: close when the save has gone through
            self._after_save = self._close_now
        else:
            self._leave(self._close_now)

    def _close_now(self) -> None:
        self._may_close = True
        self.reject()

    # --- editing -----------------------------------------------------------------------------------
    def _edited(self) -> None:
        self.problems.hide()
        self._update_counter()

    def _update_counter(self) -> None:
        counts = self.model.level_counts()
        parts = [f"{LEVEL_WORDS[level]}: {number(counts[level])}" for level in RatingLevel]
        parts.append(f"Chưa xếp loại: {number(counts[None])}")
        text = " · ".join(parts) + f" — tổng số {number(self.model.rowCount())} người"
        pending = self.unsaved_count()
        if pending:
            text += f" — {number(pending)} thay đổi chưa lưu"
        self.counter.setText(text)
        self.save_button.setEnabled(self.grid is not None and self.save_task is None and bool(pending))

    def _show_problems(self, problems: tuple[str, ...] | list[str]) -> None:
        shown = list(problems[:MAX_PROBLEMS_SHOWN])
        if len(problems) > MAX_PROBLEMS_SHOWN:
            shown.append(f"… và {number(len(problems) - MAX_PROBLEMS_SHOWN)} ô khác.")
        self.problems.setText("\n".join(shown))
        self.problems.setVisible(bool(shown))

    def paste(self) -> None:
        if self.grid is None or not self.view.isEnabled():
            return
        text = QGuiApplication.clipboard().text()
        if not text.strip():
            self.status.setText("Bộ nhớ tạm không có gì để dán: hãy sao chép các ô trong Excel trước.")
            return
        current = self.view.currentIndex()
        row, column = (current.row(), current.column()) if current.isValid() else (0, LEVEL_COLUMN)
        outcome = self.model.paste(text, row, column)
        self.status.setText(
            f"Đã dán {number(outcome.applied)} ô."
            + (
                f" {number(len(outcome.problems))} ô không dán được (xem dưới bảng)."
                if outcome.problems
                else ""
            )
        )
        self._show_problems(outcome.problems)

    def copy_selection(self) -> None:
        indexes = self.view.selectedIndexes() or (
            [self.view.currentIndex()] if self.view.currentIndex().isValid() else []
        )
        if not indexes:
            return
        chosen = {(i.row(), i.column()) for i in indexes}
        rows = sorted({r for r, _c in chosen})
        columns = sorted({c for _r, c in chosen})
        lines = [
            "\t".join(self.model.copy_text(r, c) if (r, c) in chosen else "" for c in columns) for r in rows
        ]
        if len(chosen) > 1 and columns == list(range(len(HEADERS))):
            lines.insert(0, "\t".join(HEADERS))  # whole rows: with the headings, as a list for Excel
        QGuiApplication.clipboard().setText("\r\n".join(lines) + "\r\n")
        self.status.setText(f"Đã sao chép {number(len(rows))} dòng.")

    # --- saving ------------------------------------------------------------------------------------
    def save(self) -> None:
        """Write every change in one transaction, off the GUI thread; the grid waits meanwhile."""
        if self.grid is None or self.save_task is not None:
            return
        changes, unit_change = self.model.changes(), self._unit_change()
        if not changes and unit_change is None:
            self.status.setText("Không có thay đổi nào cần lưu.")
            return
        grid = self.grid
        # One transaction, not to be cut short: a busy indicator without "Hủy".
        task = WriteOp(
            self.workspace,
            self,
            "Đang lưu xếp loại…",
            save_ratings,
            grid.unit_id,
            grid.year,
            changes,
            unit_change,
            areas={Area.RATINGS},
        )
        self.save_task = task
        self._set_busy(True, saving=True)
        self.status.setText("Đang lưu…")
        task.success(self._saved).failure(self._save_failed).run()

    def _saved(self, result: SaveResult) -> None:
        self.save_task = None
        self.model.mark_saved(result.versions)
        unit_change = self._unit_change()
        if unit_change is not None and self.grid is not None:
            own = (
                UnitRating(unit_change.level, unit_change.document_ref, result.unit_version)
                if unit_change.level
                else None
            )
            self.grid = RatingGrid(
                self.grid.unit_id, self.grid.unit_name, self.grid.year, self.grid.rows, own
            )
        self._set_busy(False)
        self.status.setText(
            f"Đã lưu: {number(result.created)} thêm mới, {number(result.updated)} sửa, {number(result.removed)} xóa."
        )
        self._update_counter()
        self.saved.emit(result)
        then, self._after_save = self._after_save, None
        if then is not None:
            then()

    def _save_failed(self, exc: Exception) -> None:
        self.save_task = None
        self._after_save = None  # whatever waited for the save (closing, another unit) is off
        self._set_busy(False)
        if self.grid is not None:
            self._show_choice(self.grid.unit_id, self.grid.year)
        message = str(exc) if isinstance(exc, UserError) else f"Không lưu được xếp loại: {exc}"
        self.status.setText("Chưa lưu được; mọi thay đổi vẫn còn trên bảng.")
        if isinstance(exc, StaleRecord) and self.grid is not None:
            # Another clerk changed a rating shown: read the grid again (their change in sight), keeping what
            # this clerk typed over it, so that a second Lưu saves it knowingly.
            self._kept = KeptEdits(
                self.grid.unit_id,
                self.grid.year,
                self.model.edits(),
                self.unit_level.currentData(),
                self.unit_ref.text(),
                exc.fact,
            )
            message = self._kept.message
        self._show_problems([message])
        self._update_counter()
        if self._kept is not None and self.grid is not None:
            self._load(self.grid.unit_id, self.grid.year)  # Lưu waits for it (busy)
        self.saved.emit(exc)


def open_ratings_dialog(
    workspace: Workspace, unit_id: int, year: int, parent: QWidget | None = None
) -> RatingsDialog:
    """Show the grid beside the page (not modal); it asks before closing with unsaved changes."""
    dialog = RatingsDialog(workspace, unit_id, year, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
