"""What the Đơn vị dialogs share: a form that calls one service on OK and shows its Vietnamese
message when the input is refused (the dialog stays open, nothing was written), the date and
decision fields of a history event, the unit-kind picker.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from database.enums import UnitKind

DECISION_HINT = "Ví dụ: Quyết định số 1620/QĐ-UBND ngày 27/6/2025 của UBND tỉnh"
NO_DATE = QDate(1900, 1, 1)  # shown as "—": the date is not known


def date_edit(day: dt.date | None = None, optional: bool = False) -> QDateEdit:
    """dd/MM/yyyy with a calendar; an optional one starts blank ("—") and may stay so."""
    edit = QDateEdit()
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    edit.setMaximumDate(QDate(2200, 12, 31))
    if optional:
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText("—")
        edit.setDate(QDate(day.year, day.month, day.day) if day else NO_DATE)
    else:
        edit.setMinimumDate(QDate(1945, 1, 1))
        day = day or dt.date.today()
        edit.setDate(QDate(day.year, day.month, day.day))
    edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("00/00/00000") + 48)
    return edit


def date_value(edit: QDateEdit) -> dt.date | None:
    value = edit.date()
    if value == edit.minimumDate() and edit.specialValueText():
        return None
    return dt.date(value.year(), value.month(), value.day())


def set_date(edit: QDateEdit, day: dt.date | None) -> None:
    edit.setDate(QDate(day.year, day.month, day.day) if day else edit.minimumDate())


def kind_combo(root: bool = False) -> QComboBox:
    """The unit kinds; "Sở Y tế" only for the root of the tree."""
    combo = QComboBox()
    for kind in UnitKind:
        if (kind is UnitKind.DEPARTMENT) == root:
            combo.addItem(kind.label, kind)
    combo.setMaxVisibleItems(len(UnitKind))
    return combo


def select_kind(combo: QComboBox, kind: UnitKind) -> None:
    index = combo.findData(kind)
    if index >= 0:
        combo.setCurrentIndex(index)


NO_RECORD = "Không kế thừa"
RECORD_TIP = (
    "Xếp loại, danh hiệu của đơn vị được chọn tiếp tục được tính cho đơn vị kế thừa khi xét khen thưởng. "
    "“Không kế thừa”: đơn vị bắt đầu hồ sơ thi đua mới."
)


def line(placeholder: str = "", text: str | None = None, tooltip: str = "") -> QLineEdit:
    edit = QLineEdit(text or "")
    edit.setPlaceholderText(placeholder)
    if tooltip:
        edit.setToolTip(tooltip)
    edit.setClearButtonEnabled(True)
    return edit


def optional_text(edit: QLineEdit) -> str | None:
    return edit.text().strip() or None


def add_hint(form: QFormLayout, text: str) -> QLabel:
    """A muted line under the field above it."""
    hint = QLabel(text)
    hint.setObjectName("muted")
    hint.setWordWrap(True)
    form.addRow("", hint)
    return hint


class UnitFormDialog(QDialog):
    """A form whose OK runs `submit()` (one service call, one transaction). A UserError is shown in
    red beside the buttons and the dialog stays open with what the clerk typed."""

    OK_TEXT = "Lưu"

    def __init__(self, workspace, title: str, intro: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.result_value: Any = None
        self.setWindowTitle(title)
        self.setModal(True)
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(18, 14, 18, 12)
        self.outer.setSpacing(10)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.intro.setVisible(bool(intro))
        self.outer.addWidget(self.intro)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setHorizontalSpacing(12)
        self.form.setVerticalSpacing(8)
        self.outer.addLayout(self.form)

        self.bottom = QHBoxLayout()
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.ok_button = QPushButton(self.OK_TEXT)
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.accept)
        self.cancel_button = QPushButton("Hủy")
        self.cancel_button.clicked.connect(self.reject)
        self.bottom.addWidget(self.error, 1)
        self.bottom.addWidget(self.ok_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.bottom.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignBottom)

    def finish_layout(self, min_width: int = 560) -> None:
        """Call at the end of a subclass's __init__: the buttons go last."""
        self.outer.addStretch(1)
        self.outer.addLayout(self.bottom)
        self.setMinimumWidth(min_width)
        for edit in self.findChildren(QLineEdit):
            edit.textEdited.connect(self.error.clear)

    def add_event_fields(self, day_caption: str) -> None:
        """Ngày hiệu lực, căn cứ (the decision), ghi chú: what every history event records."""
        self.day_edit = date_edit()
        self.form.addRow(f"{day_caption}:", self.day_edit)
        self.decision_edit = line(DECISION_HINT, tooltip="Số, ngày và cơ quan ban hành quyết định")
        self.form.addRow("Căn cứ quyết định:", self.decision_edit)
        self.note_edit = line("Không bắt buộc")
        self.form.addRow("Ghi chú:", self.note_edit)

    def add_record_field(self) -> None:
        """ "Đơn vị kế thừa hồ sơ thi đua" (sáp nhập, chia tách): whose record (ratings, titles) goes on, or
        none; the clerk says it, from the choices offer_records gives."""
        self.record_combo = QComboBox()
        self.record_combo.setToolTip(RECORD_TIP)
        self.offer_records([])
        self.form.addRow("Đơn vị kế thừa hồ sơ thi đua:", self.record_combo)

    def offer_records(self, options: list[tuple[str, Any]]) -> None:
        """The choices after "Không kế thừa", keeping the one chosen while it is still offered."""
        combo = self.record_combo
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(NO_RECORD, None)
        for text, data in options:
            combo.addItem(text, data)
        index = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def event_values(self) -> dict:
        return {
            "day": date_value(self.day_edit),
            "decision_ref": optional_text(self.decision_edit),
            "note": optional_text(self.note_edit),
        }

    def submit(self) -> Any:
        raise NotImplementedError

    def accept(self) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.result_value = self.submit()
        except UserError as exc:  # ValidationError and the like: nothing was written
            self.error.setText(str(exc))
            return
        except Exception as exc:  # a locked or unreachable database: the transaction rolled back
            self.error.setText(f"Chưa lưu được: {exc}. Hãy thử lại; nếu vẫn lỗi, đóng các cửa sổ TĐKT khác.")
            return
        finally:
            QApplication.restoreOverrideCursor()
        super().accept()
