"""Sáp nhập (several units into one that goes on) or hợp nhất (several units into a new one).

The clerk ticks the units that end, picks the successor, says which absorbed unit's record (ratings,
titles) the successor continues ("Không kế thừa" for none), and sees before saving how many staff and
departments will move. Everything is written by app.services.units.merge_units in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QGroupBox,
    QLabel,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.units import UnitChoice
from app.services.units import MergePlan, UnitData, UnitTree, merge_units
from database.enums import UnitKind
from ui.dialogs.unit_form import RESHAPE_AREAS, UnitEventForm, kind_combo, select_kind
from ui.format import number
from ui.operations import WriteOp
from ui.widgets.form_dialog import line, optional_text
from ui.widgets.screen_fit import fit_to_screen, scroll_above_buttons
from ui.widgets.unit_combo import UnitComboBox
from ui.widgets.unit_tree import Column, UnitTreeWidget


def staff_column() -> Column:
    return Column("Cán bộ", lambda n: number(n.staff_total) if n.staff_total else "", numeric=True)


class MergeDialog(UnitEventForm):
    OK_TEXT = "Sáp nhập"

    def __init__(
        self,
        workspace,
        tree: UnitTree,
        choices: Sequence[UnitChoice],
        selected: Sequence[int] = (),
        parent: QWidget | None = None,
    ):
        super().__init__(
            workspace,
            "Sáp nhập, hợp nhất đơn vị",
            "Các đơn vị được đánh dấu sẽ chấm dứt hoạt động (“Đã sáp nhập”). Cán bộ và các khoa, phòng của "
            "chúng chuyển sang đơn vị nhận. Xếp loại, danh hiệu trước đây chỉ được tính cho đơn vị nhận khi chọn "
            "đơn vị kế thừa hồ sơ thi đua.",
            parent,
        )
        self.tree = tree
        self.nodes = tree.by_id()

        picked = QGroupBox("Đơn vị bị sáp nhập")
        inner = QVBoxLayout(picked)
        self.filter_edit = line("Lọc theo tên hoặc mã – gõ có dấu hay không dấu đều được")
        inner.addWidget(self.filter_edit)
        self.units_view = UnitTreeWidget([Column("Đơn vị", lambda n: n.name), staff_column()], checkable=True)
        self.units_view.setMinimumHeight(150)  # the dialog fits a 1280×720 screen
        self.units_view.set_tree(tree)
        self.units_view.apply_filter("", show_ended=False)
        self.units_view.set_checked(selected)
        inner.addWidget(self.units_view)
        self.outer.insertWidget(1, picked, 1)
        self.filter_edit.textChanged.connect(
            lambda text: self.units_view.apply_filter(text, show_ended=False)
        )
        self.units_view.itemChanged.connect(self._update_preview)

        self.mode = QButtonGroup(self)
        self.into_radio = QRadioButton("Sáp nhập vào đơn vị đã có")
        self.new_radio = QRadioButton("Hợp nhất thành đơn vị mới")
        self.into_radio.setChecked(True)
        for n, radio in enumerate((self.into_radio, self.new_radio)):
            self.mode.addButton(radio, n)
        # no default: the clerk must name the successor, it is the one decision that matters here
        self.into_combo = UnitComboBox(all_text="— Chọn đơn vị nhận —")
        self.into_combo.set_units([c for c in choices if c.active])
        first = selected[0] if selected else None
        self.form.addRow(self.into_radio)
        self.form.addRow("Đơn vị nhận:", self.into_combo)

        self.form.addRow(self.new_radio)
        self.new_box = QWidget()
        # Two fields a line: the dialog, tree included, stays within a 1280×720 screen.
        new_grid = QGridLayout(self.new_box)
        new_grid.setContentsMargins(0, 0, 0, 0)
        new_grid.setHorizontalSpacing(12)
        self.new_name = line("Tên đơn vị mới theo quyết định")
        self.new_kind = kind_combo()
        select_kind(self.new_kind, UnitKind.HEALTH_CENTER)
        self.new_code = line(
            "Không bắt buộc; không trùng", tooltip="Mã đơn vị: không bắt buộc; không trùng với đơn vị khác"
        )
        self.new_parent = UnitComboBox(all_text=None)
        self.new_parent.set_units([c for c in choices if c.active])
        if first is not None and first in self.nodes:
            self.new_parent.select_unit(self.nodes[first].parent_id)
        fields = (
            ("Tên đơn vị mới (*):", self.new_name),
            ("Mã đơn vị:", self.new_code),
            ("Loại hình:", self.new_kind),
            ("Thuộc đơn vị:", self.new_parent),
        )
        for n, (caption, field) in enumerate(fields):
            row, col = divmod(n, 2)
            label = QLabel(caption)
            label.setBuddy(field)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            new_grid.addWidget(label, row, 2 * col)
            new_grid.addWidget(field, row, 2 * col + 1)
        new_grid.setColumnStretch(1, 3)
        new_grid.setColumnStretch(3, 2)
        self.new_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.form.addRow(self.new_box)
        self.mode.idToggled.connect(self._mode_changed)
        self.into_combo.currentIndexChanged.connect(self._update_preview)
        self.new_name.textChanged.connect(self._update_preview)

        self.add_record_field()
        self.add_event_fields("Ngày sáp nhập")
        self.preview = QLabel()
        self.preview.setObjectName("muted")
        self.preview.setWordWrap(True)
        self.form.addRow("", self.preview)
        self.finish_layout(720)
        self._mode_changed()
        scroll_above_buttons(self)  # a short screen scrolls the fields; the buttons stay in view
        fit_to_screen(self, 760, 780)

    def _mode_changed(self, *_args) -> None:
        merging_into = self.into_radio.isChecked()
        self.into_combo.setEnabled(merging_into)
        self.new_box.setEnabled(not merging_into)
        self.ok_button.setText("Sáp nhập" if merging_into else "Hợp nhất")
        self._update_preview()

    def absorbed_ids(self) -> list[int]:
        return self.units_view.checked_ids()

    def _update_preview(self, *_args) -> None:
        absorbed = [self.nodes[uid] for uid in self.absorbed_ids() if uid in self.nodes]
        self.offer_records([(n.name, n.id) for n in absorbed])
        if not absorbed:
            self.preview.setText("Hãy đánh dấu các đơn vị bị sáp nhập trong danh sách trên.")
            return
        staff = sum(n.staff_own for n in absorbed)
        children = self.tree.children()
        departments = sum(1 for n in absorbed for c in children.get(n.id, ()) if c.active)
        if self.into_radio.isChecked():
            target = (
                self.into_combo.currentText() if self.into_combo.currentData() is not None else "đơn vị nhận"
            )
        else:
            target = self.new_name.text().strip() or "đơn vị mới"
        self.preview.setText(
            f"{number(len(absorbed))} đơn vị chấm dứt hoạt động. Sang “{target}”: {number(staff)} cán bộ làm việc "
            f"trực tiếp tại các đơn vị này và {number(departments)} khoa, phòng trực thuộc (cùng cán bộ của chúng)."
        )

    def submit(self) -> WriteOp:
        values = self.event_values()
        if self.into_radio.isChecked():
            plan = MergePlan(
                tuple(self.absorbed_ids()),
                values["day"],
                values["decision_ref"],
                into_id=self.into_combo.currentData(),
                note=values["note"],
                continues_id=self.record_combo.currentData(),
            )
        else:
            data = UnitData(
                self.new_name.text(), self.new_kind.currentData(), code=optional_text(self.new_code)
            )
            plan = MergePlan(
                tuple(self.absorbed_ids()),
                values["day"],
                values["decision_ref"],
                new_unit=data,
                new_parent_id=self.new_parent.currentData(),
                note=values["note"],
                continues_id=self.record_combo.currentData(),
            )
        return self.write(merge_units, plan, areas=RESHAPE_AREAS)
