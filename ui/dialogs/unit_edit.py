"""Thêm đơn vị, Sửa thông tin đơn vị, Đổi tên đơn vị.

Editing corrects what was typed wrong (a misspelt name included); a name changed by a decision is a
rename, which keeps the old name with its dates so that old papers still find the unit.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from app.domain.units import UnitChoice
from app.services.units import (
    UnitData,
    UnitNode,
    create_unit,
    guess_unit_kind,
    rename_unit,
    unit_tree,
    update_unit,
)
from database.enums import UnitKind
from ui.dialogs.unit_form import (
    DECISION_HINT,
    UNIT_AREAS,
    UnitEventForm,
    UnitForm,
    UnitSaved,
    kind_combo,
    select_kind,
)
from ui.operations import WriteOp
from ui.widgets.form_dialog import add_hint, date_edit, date_value, line, optional_text, set_date
from ui.widgets.screen_fit import scroll_above_buttons
from ui.widgets.unit_combo import UnitComboBox


class UnitEditDialog(UnitForm):
    """A new unit (`node` None, under `parent_id`) or the data of an existing one."""

    def __init__(
        self,
        workspace,
        choices: Sequence[UnitChoice],
        node: UnitNode | None = None,
        parent_id: int | None = None,
        parent: QWidget | None = None,
    ):
        creating = node is None
        self.node = node
        root = (node is not None and node.parent_id is None) or (creating and not choices)
        super().__init__(workspace, "Thêm đơn vị" if creating else "Sửa thông tin đơn vị", parent=parent)
        self.OK_TEXT = "Thêm" if creating else "Lưu"
        self.ok_button.setText(self.OK_TEXT)

        self.parent_combo: UnitComboBox | None = None
        if creating and choices:
            self.parent_combo = UnitComboBox(all_text=None)
            self.parent_combo.set_units([c for c in choices if c.active])
            self.parent_combo.select_unit(parent_id)
            self.parent_combo.setToolTip("Đơn vị chủ quản: đơn vị mới nằm dưới đơn vị này trên cây")
            self.form.addRow("Thuộc đơn vị:", self.parent_combo)
        elif node is not None and node.parent_id is not None:
            above = next((c.label for c in choices if c.id == node.parent_id), "")
            self.form.addRow("Thuộc đơn vị:", QLabel(above))

        # a new unit starts blank (the first one of a database is the Department)
        d = node.data if node else UnitData("Sở Y tế" if root else "", UnitKind.DEPARTMENT)
        self.name_edit = line("Ví dụ: Bệnh viện Đa khoa khu vực Nga Sơn")
        self.form.addRow("Tên đơn vị (*):", self.name_edit)
        if node is not None:
            add_hint(
                self.form,
                "Chỉ sửa lỗi gõ tên ở đây. Đổi tên theo quyết định thì dùng “Đổi tên…” để "
                "giữ lại tên cũ trong lịch sử đơn vị.",
            )
        self.short_edit = line("Ví dụ: BVĐK KV Nga Sơn")
        self.form.addRow("Tên viết tắt:", self.short_edit)
        self.code_edit = line(
            "Ví dụ: BVDK.NS (không trùng với đơn vị khác)",
            None,
            "Mã đơn vị dùng khi nhập, xuất dữ liệu; không bắt buộc, nhưng không được trùng",
        )
        self.form.addRow("Mã đơn vị:", self.code_edit)
        self.kind_box = kind_combo(root)
        self._kind_chosen = node is not None
        self.name_edit.setText(d.name)
        if node is None:
            self._guess_kind(self.name_edit.text())
            self.name_edit.textEdited.connect(self._guess_kind)
            if self.parent_combo is not None:
                self.parent_combo.currentIndexChanged.connect(
                    lambda _i: self._guess_kind(self.name_edit.text())
                )
            self.kind_box.activated.connect(self._kind_picked)
        self.form.addRow("Loại hình:", self.kind_box)
        self.established_edit = date_edit(None, optional=True)
        self.established_edit.setToolTip("Để trống (“—”) nếu không rõ")
        self.form.addRow("Ngày thành lập:", self.established_edit)
        self.decision_edit = None
        if creating:
            self.decision_edit = line(DECISION_HINT, tooltip="Quyết định thành lập: ghi vào lịch sử đơn vị")
            self.form.addRow("Quyết định thành lập:", self.decision_edit)
        self.head_edit = line("Họ tên thủ trưởng đơn vị")
        self.form.addRow("Thủ trưởng đơn vị:", self.head_edit)
        self.address_edit = line("Số nhà, đường, xã/phường")
        self.form.addRow("Địa chỉ:", self.address_edit)
        self.phone_edit = line("")
        self.form.addRow("Điện thoại:", self.phone_edit)
        self.email_edit = line("Ví dụ: bvdk@syt.gov.vn")
        self.form.addRow("Email:", self.email_edit)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setFixedHeight(self.note_edit.fontMetrics().lineSpacing() * 3 + 14)
        self.form.addRow("Ghi chú:", self.note_edit)
        self.fill(d)
        self.finish_layout(620)
        scroll_above_buttons(self)  # a short screen scrolls the fields; the buttons stay in view
        self.name_edit.setFocus()

    def fill(self, d: UnitData) -> None:
        self.name_edit.setText(d.name)
        self.short_edit.setText(d.short_name or "")
        self.code_edit.setText(d.code or "")
        if self.node is not None:
            select_kind(self.kind_box, d.kind)
        set_date(self.established_edit, d.established_on)
        self.head_edit.setText(d.head_name or "")
        self.address_edit.setText(d.address or "")
        self.phone_edit.setText(d.phone or "")
        self.email_edit.setText(d.email or "")
        self.note_edit.setPlainText(d.note or "")

    def fetch_record(self, ctx) -> UnitNode:
        return unit_tree(ctx).by_id()[self.node.id]

    def show_record(self, node: UnitNode) -> None:
        self.node = node
        self.fill(node.data)

    def _guess_kind(self, name: str) -> None:
        """A new unit's kind follows its name ("Khoa …", "Trung tâm Y tế …") until the clerk picks one."""
        if self._kind_chosen or self.kind_box.count() < 2:
            return
        guess = guess_unit_kind(name)
        if guess in (UnitKind.OTHER, UnitKind.DEPARTMENT):
            # nothing in the name: under the Department a unit, under a unit a khoa
            above = self.parent_combo.current_unit() if self.parent_combo is not None else None
            guess = (
                UnitKind.HOSPITAL
                if above is None or above.kind is UnitKind.DEPARTMENT
                else UnitKind.CLINICAL_DEPT
            )
        select_kind(self.kind_box, guess)

    def _kind_picked(self) -> None:
        self._kind_chosen = True

    def unit_data(self) -> UnitData:
        return UnitData(
            name=self.name_edit.text(),
            kind=self.kind_box.currentData(),
            code=optional_text(self.code_edit),
            short_name=optional_text(self.short_edit),
            address=optional_text(self.address_edit),
            phone=optional_text(self.phone_edit),
            email=optional_text(self.email_edit),
            head_name=optional_text(self.head_edit),
            established_on=date_value(self.established_edit),
            note=self.note_edit.toPlainText().strip() or None,
        )

    def submit(self) -> WriteOp:
        data = self.unit_data()
        self._saved_name = data.name.strip()
        if self.node is not None:
            return self.write(update_unit, self.node.id, data, self.node.version, areas=UNIT_AREAS)
        parent_id = self.parent_combo.currentData() if self.parent_combo is not None else None
        return self.write(create_unit, parent_id, data, optional_text(self.decision_edit), areas=UNIT_AREAS)

    def result_of(self, written: int | None) -> UnitSaved:
        return UnitSaved(self.node.id if self.node is not None else written, self._saved_name)


class RenameDialog(UnitEventForm):
    OK_TEXT = "Đổi tên"

    def __init__(self, workspace, node: UnitNode, parent: QWidget | None = None):
        super().__init__(
            workspace,
            "Đổi tên đơn vị",
            f"Tên hiện tại: <b>{escape(node.name)}</b>. Tên này được giữ lại trong lịch sử đơn vị "
            "(dùng đến ngày trước ngày đổi tên); khen thưởng, xếp loại đã có vẫn thuộc đơn vị.",
            parent,
        )
        self.node = node
        self.name_edit = line("Tên mới theo quyết định")
        self.form.addRow("Tên mới (*):", self.name_edit)
        self.short_edit = line(
            "Để trống nếu không đổi", tooltip=f"Hiện nay: {node.data.short_name or 'chưa có'}"
        )
        self.form.addRow("Tên viết tắt mới:", self.short_edit)
        self.add_event_fields("Đổi tên từ ngày")
        self.finish_layout()
        self.name_edit.setFocus()

    def submit(self) -> WriteOp:
        values = self.event_values()
        self._saved_name = self.name_edit.text().strip()
        return self.write(
            rename_unit,
            self.node.id,
            self.name_edit.text(),
            values["day"],
            values["decision_ref"],
            optional_text(self.short_edit),
            values["note"],
            areas=UNIT_AREAS,
        )

    def result_of(self, written) -> UnitSaved:
        return UnitSaved(self.node.id, self._saved_name)
