"""What the Đơn vị dialogs share: the unit-kind picker, and the date, decision and record fields of a
history event (đổi tên, sáp nhập, chia tách, giải thể)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QComboBox

from database.enums import UnitKind
from ui.widgets.form_dialog import FormDialog, date_edit, date_value, line, optional_text
from ui.workspace import Area

UNIT_AREAS = frozenset({Area.UNITS})  # a unit's own data or name
RESHAPE_AREAS = frozenset({Area.UNITS, Area.STAFF})  # sáp nhập, chia tách, giải thể: staff move too


@dataclass(frozen=True)
class UnitSaved:
    """What a unit form hands back after OK: the unit written and its name as saved."""

    unit_id: int
    name: str


class UnitForm(FormDialog):
    """A unit form: the page reads its result (UnitSaved or the service's answer), never its fields."""


DECISION_HINT = "Ví dụ: Quyết định số 1620/QĐ-UBND ngày 27/6/2025 của UBND tỉnh"


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


class UnitEventForm(UnitForm):
    """A form that records a history event of a unit."""

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
