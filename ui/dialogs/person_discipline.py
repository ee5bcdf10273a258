"""Kỷ luật: record a discipline of one person, or end one that is in force (it stays in the record)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QWidget

from app.services.persons import (
    DisciplineData,
    PersonUpkeep,
    add_discipline,
    lift_discipline,
    person_upkeep,
)
from database.enums import DisciplineForm
from ui.format import date
from ui.operations import WriteOp
from ui.widgets.form_dialog import FormDialog, date_edit, date_value, line, optional_text
from ui.workspace import Area

DISCIPLINE_AREAS = frozenset({Area.STAFF})
NEW = "new"


class DisciplineDialog(FormDialog):
    def __init__(self, workspace, upkeep: PersonUpkeep, parent: QWidget | None = None):
        super().__init__(
            workspace,
            f"Kỷ luật – {upkeep.full_name}",
            "Kỷ luật (hoặc đang bị xem xét, thanh tra) làm chưa xét khen thưởng trong thời gian có hiệu lực.",
            parent,
        )
        self.what_combo = QComboBox()
        self._list_disciplines(upkeep)
        self.form.addRow("Việc cần làm:", self.what_combo)
        today = dt.date.today()
        self.form_combo = QComboBox()
        for form in DisciplineForm:
            self.form_combo.addItem(form.label, form)
        self.form.addRow("Hình thức:", self.form_combo)
        self.from_edit = date_edit(today)
        self.form.addRow("Có hiệu lực từ ngày:", self.from_edit)
        self.to_edit = date_edit(None, optional=True)
        self.form.addRow("Đến ngày:", self.to_edit)
        self.decided_edit = date_edit(None, optional=True)
        self.form.addRow("Ngày quyết định:", self.decided_edit)
        self.ref_edit = line("Ví dụ: Quyết định số 15/QĐ-BV")
        self.form.addRow("Số quyết định:", self.ref_edit)
        self.reason_edit = line("Không bắt buộc")
        self.form.addRow("Lý do:", self.reason_edit)
        self.lift_edit = date_edit(today)
        self.form.addRow("Chấm dứt từ ngày:", self.lift_edit)
        self.new_fields = (self.form_combo, self.from_edit, self.to_edit, self.decided_edit, self.ref_edit)
        self.new_fields += (self.reason_edit,)
        self.what_combo.currentIndexChanged.connect(self._mode_changed)
        self._mode_changed()
        self.finish_layout()

    def _list_disciplines(self, upkeep: PersonUpkeep) -> None:
        """The disciplines in force, to lift one; the one picked stays picked when the list is read again."""
        self.upkeep = upkeep
        self.versions = {d.id: d.version for d in upkeep.disciplines}  # handed back to lift_discipline
        picked = self.what_combo.currentData()
        self.what_combo.blockSignals(True)
        self.what_combo.clear()
        self.what_combo.addItem("Ghi kỷ luật mới", NEW)
        today = dt.date.today()
        for d in upkeep.disciplines:
            if d.effective_to is None or d.effective_to >= today:
                self.what_combo.addItem(f"Chấm dứt: {d.form.label} từ {date(d.effective_from)}", d.id)
        self.what_combo.setCurrentIndex(max(self.what_combo.findData(picked), 0))
        self.what_combo.blockSignals(False)

    def fetch_record(self, ctx) -> PersonUpkeep:
        return person_upkeep(ctx, self.upkeep.id)

    def show_record(self, upkeep: PersonUpkeep) -> None:
        self._list_disciplines(upkeep)
        self._mode_changed()

    @property
    def lifting(self) -> bool:
        return self.what_combo.currentData() != NEW

    def _mode_changed(self) -> None:
        self.error.clear()
        for widget in self.new_fields:
            self.form.setRowVisible(widget, not self.lifting)
        self.form.setRowVisible(self.lift_edit, self.lifting)
        self.OK_TEXT = "Chấm dứt" if self.lifting else "Lưu"
        self.ok_button.setText(self.OK_TEXT)

    def submit(self) -> WriteOp:
        if self.lifting:
            discipline_id = self.what_combo.currentData()
            return self.write(
                lift_discipline,
                discipline_id,
                date_value(self.lift_edit),
                self.versions[discipline_id],
                areas=DISCIPLINE_AREAS,
            )
        data = DisciplineData(
            self.form_combo.currentData(),
            date_value(self.from_edit),
            date_value(self.to_edit),
            date_value(self.decided_edit),
            optional_text(self.ref_edit),
            optional_text(self.reason_edit),
        )
        return self.write(add_discipline, self.upkeep.id, data, areas=DISCIPLINE_AREAS)
