"""Điều chuyển and Nghỉ/thôi việc: a person's career moves on a date, the old postings kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from PySide6.QtWidgets import QComboBox, QWidget

from app.domain.units import UnitChoice
from app.errors import ValidationError
from app.services.persons import (
    LeaveReason,
    PersonUpkeep,
    Transfer,
    leave_person,
    person_upkeep,
    transfer_person,
)
from ui.dialogs.person_edit import PERSON_AREAS, active_units
from ui.format import date
from ui.operations import WriteOp
from ui.widgets.form_dialog import FormDialog, add_hint, date_edit, date_value, line, optional_text


class TransferDialog(FormDialog):
    OK_TEXT = "Điều chuyển"

    def __init__(
        self, workspace, upkeep: PersonUpkeep, units: Sequence[UnitChoice], parent: QWidget | None = None
    ):
        now = next((u.label for u in units if u.id == upkeep.unit_id), "")
        intro = f"<b>{escape(upkeep.full_name)}</b>" + (f" đang công tác ở {escape(now)}" if now else "")
        if upkeep.current_start:
            intro += f" từ {date(upkeep.current_start)}"
        intro += ". Quá trình công tác cũ kết thúc vào ngày trước ngày điều chuyển và được giữ trong hồ sơ."
        super().__init__(workspace, f"Điều chuyển – {upkeep.full_name}", intro, parent)
        self.upkeep = upkeep
        self.unit_combo = active_units([u for u in units if u.id != upkeep.unit_id], "— Chọn đơn vị mới —")
        self.form.addRow("Đơn vị mới:", self.unit_combo)
        self.day_edit = date_edit(dt.date.today())
        self.form.addRow("Công tác ở đơn vị mới từ ngày:", self.day_edit)
        self.position_edit = line("Để trống: giữ chức vụ hiện tại")
        self.form.addRow("Chức vụ mới:", self.position_edit)
        self.title_edit = line("Để trống: giữ chức danh hiện tại")
        self.form.addRow("Chức danh nghề nghiệp:", self.title_edit)
        self.note_edit = line("Ví dụ: Quyết định số 12/QĐ-SYT ngày 01/3/2025")
        self.form.addRow("Ghi chú:", self.note_edit)
        self.show_record(upkeep)
        self.finish_layout()

    def fetch_record(self, ctx) -> PersonUpkeep:
        return person_upkeep(ctx, self.upkeep.id)

    def show_record(self, upkeep: PersonUpkeep) -> None:
        self.upkeep = upkeep
        self.position_edit.setText(upkeep.data.position or "")
        self.title_edit.setText(upkeep.data.professional_title or "")

    def submit(self) -> WriteOp:
        unit_id = self.unit_combo.currentData()
        if unit_id is None:
            raise ValidationError("Hãy chọn đơn vị mới.")
        transfer = Transfer(
            unit_id,
            date_value(self.day_edit),
            optional_text(self.position_edit),
            optional_text(self.title_edit),
            optional_text(self.note_edit),
        )
        return self.write(transfer_person, self.upkeep.id, transfer, self.upkeep.version, areas=PERSON_AREAS)


class LeaveDialog(FormDialog):
    OK_TEXT = "Ghi nghỉ"

    def __init__(self, workspace, upkeep: PersonUpkeep, parent: QWidget | None = None):
        super().__init__(
            workspace,
            f"Nghỉ, thôi việc – {upkeep.full_name}",
            f"<b>{escape(upkeep.full_name)}</b> sẽ không còn trong danh sách cán bộ đang công tác. Hồ sơ (quá trình "
            "công tác, xếp loại, khen thưởng) vẫn được giữ để tra cứu.",
            parent,
        )
        self.upkeep = upkeep
        self.reason_combo = QComboBox()
        for reason in LeaveReason:
            self.reason_combo.addItem(reason.label, reason)
        self.form.addRow("Lý do:", self.reason_combo)
        self.day_edit = date_edit(dt.date.today())
        self.form.addRow("Nghỉ từ ngày:", self.day_edit)
        add_hint(self.form, "Ngày cuối cùng công tác theo quyết định.")
        self.note_edit = line("Ví dụ: Quyết định số 45/QĐ-SYT")
        self.form.addRow("Ghi chú:", self.note_edit)
        self.finish_layout()

    def submit(self) -> WriteOp:
        return self.write(
            leave_person,
            self.upkeep.id,
            date_value(self.day_edit),
            self.reason_combo.currentData(),
            optional_text(self.note_edit),
            areas=PERSON_AREAS,
        )
