"""Chia tách: one unit into new units, each taking the departments the clerk gives it.

A full split ends the old unit ("Đã chia tách"): every department must go to a new unit, and the
staff working in the old unit itself go to the one chosen. "Tách một phần" keeps the old unit, which
keeps whatever is not given away, and its own record. In a full split the clerk says which new unit
continues the old unit's record (ratings, titles), or none ("Không kế thừa").
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.units import SplitPart, SplitPlan, UnitData, UnitNode, UnitTree, split_unit
from ui.dialogs.unit_form import RESHAPE_AREAS, UnitEventForm, kind_combo, select_kind
from ui.format import number
from ui.operations import WriteOp
from ui.widgets.form_dialog import line, optional_text
from ui.widgets.screen_fit import fit_to_screen, scroll_above_buttons
from ui.widgets.tables import cell

KEEP = -1  # a department that stays with the old unit (tách một phần)


class PartRow:
    """The widgets of one new unit."""

    def __init__(self, dialog: SplitDialog, kind):
        self.name = line("Tên đơn vị mới")
        self.kind = kind_combo()
        select_kind(self.kind, kind)
        self.code = line("Mã (không bắt buộc)")
        self.code.setMaximumWidth(170)
        self.remove = QPushButton("Bỏ")
        self.remove.setToolTip("Bỏ đơn vị mới này")
        self.remove.clicked.connect(lambda: dialog.remove_part(self))
        self.name.textChanged.connect(dialog.refresh_targets)
        for edit in (self.name, self.code):
            edit.textEdited.connect(dialog.error.clear)

    def widgets(self) -> tuple[QWidget, ...]:
        return self.name, self.kind, self.code, self.remove

    def data(self) -> UnitData:
        return UnitData(self.name.text(), self.kind.currentData(), code=optional_text(self.code))


class SplitDialog(UnitEventForm):
    OK_TEXT = "Chia tách"

    def __init__(self, workspace, tree: UnitTree, node: UnitNode, parent: QWidget | None = None):
        super().__init__(
            workspace,
            "Chia tách đơn vị",
            f"Chia tách <b>{escape(node.name)}</b> thành các đơn vị mới (cùng cấp, thuộc cùng đơn vị "
            "chủ quản). Xếp loại, danh hiệu của đơn vị cũ chỉ được tính cho đơn vị mới được chọn kế thừa "
            "hồ sơ thi đua.",
            parent,
        )
        self.node = node
        self.departments = [c for c in tree.children().get(node.id, ()) if c.active]

        self.keep_check = QCheckBox(
            "Tách một phần: đơn vị cũ vẫn hoạt động (giữ lại các khoa, phòng không chuyển đi)"
        )
        self.keep_check.toggled.connect(self._keep_toggled)
        self.outer.insertWidget(1, self.keep_check)

        parts_box = QGroupBox("Đơn vị mới")
        parts_layout = QVBoxLayout(parts_box)
        self.parts_grid = QGridLayout()
        self.parts_grid.setHorizontalSpacing(8)
        for column, caption in enumerate(("Tên đơn vị mới (*)", "Loại hình", "Mã đơn vị")):
            label = QLabel(caption)
            label.setObjectName("muted")
            self.parts_grid.addWidget(label, 0, column)
        self.parts_grid.setColumnStretch(0, 1)
        parts_layout.addLayout(self.parts_grid)
        self.add_button = QPushButton("Thêm đơn vị mới")
        self.add_button.clicked.connect(lambda: self.add_part(focus=True))
        parts_layout.addWidget(self.add_button, 0)
        self.outer.insertWidget(2, parts_box)
        self.parts: list[PartRow] = []

        departments_box = QGroupBox("Các khoa, phòng chuyển về")
        departments_layout = QVBoxLayout(departments_box)
        self.departments_table = QTableWidget(len(self.departments), 3)
        self.departments_table.setHorizontalHeaderLabels(["Khoa, phòng", "Cán bộ", "Chuyển về đơn vị"])
        self.departments_table.verticalHeader().setVisible(False)
        header = self.departments_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.target_combos: list[QComboBox] = []
        for row, department in enumerate(self.departments):
            self.departments_table.setItem(row, 0, cell(department.name))
            self.departments_table.setItem(row, 1, cell(number(department.staff_total), numeric=True))
            combo = QComboBox()
            self.departments_table.setCellWidget(row, 2, combo)
            self.target_combos.append(combo)
        self.departments_table.setMinimumHeight(min(260, 40 + 30 * max(1, len(self.departments))))
        departments_layout.addWidget(self.departments_table)
        if not self.departments:
            self.departments_table.hide()
            none = QLabel("Đơn vị không có khoa, phòng trực thuộc.")
            none.setObjectName("muted")
            departments_layout.addWidget(none)
        self.outer.insertWidget(3, departments_box, 1)

        self.staff_combo = QComboBox()
        self.staff_caption = QLabel(
            f"{number(node.staff_own)} cán bộ làm việc trực tiếp tại đơn vị cũ chuyển về:"
        )
        self.form.addRow(self.staff_caption, self.staff_combo)
        self.add_record_field()
        self.add_event_fields("Ngày chia tách")
        self.finish_layout(720)

        for _ in range(2):
            self.add_part()
        self.parts[0].name.setFocus()
        scroll_above_buttons(self)  # a short screen scrolls the fields; the buttons stay in view
        fit_to_screen(self, 780, 760)

    # --- the new units --------------------------------------------------------------------------------
    def add_part(self, focus: bool = False) -> PartRow:
        part = PartRow(self, self.node.kind)
        self.parts.append(part)
        self._place_parts()
        if focus:
            part.name.setFocus()
        return part

    def remove_part(self, part: PartRow) -> None:
        if len(self.parts) <= 1:
            return
        self.parts.remove(part)
        for widget in part.widgets():
            self.parts_grid.removeWidget(widget)
            widget.deleteLater()
        self._place_parts()

    def _place_parts(self) -> None:
        for row, part in enumerate(self.parts, start=1):
            for column, widget in enumerate(part.widgets()):
                self.parts_grid.addWidget(widget, row, column)
            part.remove.setEnabled(len(self.parts) > 1)
        self.refresh_targets()

    def part_names(self) -> list[str]:
        return [p.name.text().strip() or f"Đơn vị mới {n}" for n, p in enumerate(self.parts, start=1)]

    def refresh_targets(self, *_args) -> None:
        """Every department's choice lists the new units (and the old one for a partial split)."""
        names = self.part_names()
        keep = self.keep_check.isChecked()
        for row, combo in enumerate(self.target_combos):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            if keep:
                combo.addItem(f"Giữ lại ở {self.node.name}", KEEP)
            for n, name in enumerate(names):
                combo.addItem(name, n)
            index = combo.findData(current) if current is not None else -1
            combo.setCurrentIndex(index if index >= 0 else 0)
            combo.blockSignals(False)
            self.departments_table.item(row, 0).setToolTip(self.departments[row].name)
        current = self.staff_combo.currentData()
        self.staff_combo.clear()
        for n, name in enumerate(names):
            self.staff_combo.addItem(name, n)
        self.staff_combo.setCurrentIndex(
            max(0, self.staff_combo.findData(current)) if current is not None else 0
        )
        self.staff_combo.setEnabled(not keep)
        self.staff_caption.setEnabled(not keep)
        self.staff_combo.setToolTip("Tách một phần: cán bộ ở lại đơn vị cũ" if keep else "")
        # Tách một phần: the old unit goes on with its own record; the new ones start afresh.
        self.offer_records([] if keep else list(zip(names, range(len(names)), strict=True)))
        self.record_combo.setEnabled(not keep)

    def _keep_toggled(self, keep: bool) -> None:
        """Tách một phần usually takes a few departments away: all stay until the clerk says otherwise."""
        self.refresh_targets()
        if keep:
            for combo in self.target_combos:
                combo.setCurrentIndex(combo.findData(KEEP))

    def set_target(self, department_id: int, part: int) -> None:
        """Send a department to a new unit (index in the list), or KEEP it (tests use this)."""
        row = next(r for r, d in enumerate(self.departments) if d.id == department_id)
        combo = self.target_combos[row]
        combo.setCurrentIndex(combo.findData(part))

    def submit(self) -> WriteOp:
        values = self.event_values()
        chosen = [[] for _ in self.parts]
        for department, combo in zip(self.departments, self.target_combos, strict=True):
            if combo.currentData() is not None and combo.currentData() != KEEP:
                chosen[combo.currentData()].append(department.id)
        parts = tuple(SplitPart(p.data(), tuple(ids)) for p, ids in zip(self.parts, chosen, strict=True))
        plan = SplitPlan(
            self.node.id,
            values["day"],
            parts,
            values["decision_ref"],
            keep_original=self.keep_check.isChecked(),
            staff_part=self.staff_combo.currentData() or 0,
            note=values["note"],
            continues_part=self.record_combo.currentData(),
        )
        return self.write(split_unit, plan, areas=RESHAPE_AREAS)
