"""Giải thể: a unit and its departments end, with no successor. Nobody may be left working in them,
so when staff remain the clerk names the unit they move to (in the same transaction)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtWidgets import QLabel, QWidget

from app.domain.units import UnitChoice
from app.services.units import UnitNode, UnitTree, dissolve_unit
from ui.dialogs.unit_form import RESHAPE_AREAS, UnitEventForm
from ui.format import number
from ui.operations import WriteOp
from ui.widgets.unit_combo import UnitComboBox


class DissolveDialog(UnitEventForm):
    OK_TEXT = "Giải thể"

    def __init__(
        self,
        workspace,
        tree: UnitTree,
        node: UnitNode,
        choices: Sequence[UnitChoice],
        parent: QWidget | None = None,
    ):
        inside = {node.id}
        for other in tree.nodes:  # depth first: a unit's parent is met before it
            if other.parent_id in inside:
                inside.add(other.id)
        departments = sum(1 for uid in inside - {node.id} if tree.by_id()[uid].active)
        text = f"<b>{escape(node.name)}</b> sẽ chấm dứt hoạt động (“Đã giải thể”)"
        if departments:
            text += f", cùng {number(departments)} khoa, phòng, đơn vị trực thuộc"
        text += (
            ". Không có đơn vị kế thừa: xếp loại, khen thưởng đã có vẫn được giữ trong hồ sơ của đơn vị "
            "để tra cứu."
        )
        super().__init__(workspace, "Giải thể đơn vị", text, parent)
        self.node = node
        self.move_combo: UnitComboBox | None = None
        if node.staff_total:
            self.staff_warning = QLabel(
                f"Đơn vị còn <b>{number(node.staff_total)}</b> cán bộ đang công tác. Hãy chọn đơn "
                "vị nhận họ: quá trình công tác của từng người sẽ ghi thêm một dòng từ ngày giải thể."
            )
            self.staff_warning.setWordWrap(True)
            self.outer.insertWidget(1, self.staff_warning)  # above the form
            self.move_combo = UnitComboBox(all_text="— Chọn đơn vị nhận —")
            self.move_combo.set_units([c for c in choices if c.active and c.id not in inside])
            self.form.addRow("Chuyển cán bộ sang:", self.move_combo)
        self.add_event_fields("Ngày giải thể")
        self.finish_layout()

    def submit(self) -> WriteOp:
        values = self.event_values()
        target = self.move_combo.currentData() if self.move_combo is not None else None
        return self.write(
            dissolve_unit,
            self.node.id,
            values["day"],
            values["decision_ref"],
            target,  # move_staff_to
            values["note"],
            areas=RESHAPE_AREAS,
        )
