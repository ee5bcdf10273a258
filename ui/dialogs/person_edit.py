"""Thêm cán bộ / Sửa thông tin cán bộ: every field of a person's record in one form."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QWidget

from app.domain.units import UnitChoice
from app.errors import ValidationError
from app.services.persons import (
    FIRST_BIRTH_YEAR,
    PersonData,
    PersonUpkeep,
    add_person,
    person_upkeep,
    update_person,
)
from database.enums import Gender
from ui.operations import WriteOp
from ui.widgets.form_dialog import FormDialog, add_hint, date_edit, date_value, line, optional_text, set_date
from ui.widgets.unit_combo import UnitComboBox
from ui.workspace import Area

PERSON_AREAS = frozenset({Area.STAFF, Area.UNITS})  # the rolls, and the units' staff counts


def gender_combo(gender: Gender | None) -> QComboBox:
    combo = QComboBox()
    combo.addItem("—", None)
    for g in Gender:
        combo.addItem(g.label, g)
    combo.setCurrentIndex(max(combo.findData(gender), 0) if gender is not None else 0)
    return combo


def active_units(units: Sequence[UnitChoice], all_text: str) -> UnitComboBox:
    combo = UnitComboBox(all_text=all_text)
    combo.set_units([u for u in units if u.active])
    return combo


class PersonDialog(FormDialog):
    """Adds a person (with `units`) or corrects one (with `upkeep`); `result_value` is the person's id."""

    def __init__(
        self,
        workspace,
        units: Sequence[UnitChoice] = (),
        upkeep: PersonUpkeep | None = None,
        unit_id: int | None = None,
        parent: QWidget | None = None,
    ):
        self.upkeep = upkeep
        adding = upkeep is None
        title = "Thêm cán bộ" if adding else f"Sửa thông tin cán bộ – {upkeep.full_name}"
        intro = (
            "Người mới vào danh sách cán bộ đang công tác của đơn vị đã chọn."
            if adding
            else "Mọi thay đổi được ghi vào nhật ký (trước và sau khi sửa). Chuyển sang đơn vị khác: "
            "dùng “Điều chuyển…”."
        )
        super().__init__(workspace, title, intro, parent)
        self.name_edit = line("Ví dụ: Nguyễn Thị Ánh")
        self.form.addRow("Họ và tên:", self.name_edit)
        self.unit_combo: UnitComboBox | None = None
        self.start_edit = None
        if adding:
            self.unit_combo = active_units(units, "— Chọn đơn vị —")
            self.unit_combo.select_unit(unit_id)
            self.form.addRow("Đơn vị công tác:", self.unit_combo)
            self.start_edit = date_edit(None, optional=True)
            self.form.addRow("Công tác ở đơn vị từ ngày:", self.start_edit)
        self.gender_combo = gender_combo(None)
        self.form.addRow("Giới tính:", self.gender_combo)
        self.birth_edit = date_edit(None, optional=True)
        self.form.addRow("Ngày sinh:", self.birth_edit)
        self.birth_year = QSpinBox()
        self.birth_year.setRange(FIRST_BIRTH_YEAR - 1, 2100)
        self.birth_year.setSpecialValueText("—")
        self.form.addRow("Năm sinh:", self.birth_year)
        add_hint(self.form, "Chỉ biết năm sinh: để trống ngày sinh, nhập năm sinh.")
        self.code_edit = line("Không bắt buộc")
        self.form.addRow("Mã cán bộ:", self.code_edit)
        self.position_edit = line("Ví dụ: Trưởng khoa")
        self.form.addRow("Chức vụ:", self.position_edit)
        self.title_edit = line("Ví dụ: Bác sĩ hạng III")
        self.form.addRow("Chức danh nghề nghiệp:", self.title_edit)
        self.ethnicity_edit = line("Ví dụ: Kinh")
        self.form.addRow("Dân tộc:", self.ethnicity_edit)
        self.phone_edit = line("Không bắt buộc")
        self.form.addRow("Điện thoại:", self.phone_edit)
        self.since_edit = date_edit(None, optional=True)
        self.form.addRow("Vào ngành Y tế từ:", self.since_edit)
        self.note_edit = QLineEdit()
        self.form.addRow("Ghi chú:", self.note_edit)
        self.fill(upkeep.data if upkeep is not None else PersonData(""))
        self.finish_layout()

    def fill(self, data: PersonData) -> None:
        self.name_edit.setText(data.full_name)
        self.gender_combo.setCurrentIndex(
            max(self.gender_combo.findData(data.gender), 0) if data.gender is not None else 0
        )
        set_date(self.birth_edit, data.birth_date)
        self.birth_year.setValue(data.birth_year or self.birth_year.minimum())
        self.code_edit.setText(data.staff_code or "")
        self.position_edit.setText(data.position or "")
        self.title_edit.setText(data.professional_title or "")
        self.ethnicity_edit.setText(data.ethnicity or "")
        self.phone_edit.setText(data.phone or "")
        set_date(self.since_edit, data.health_sector_since)
        self.note_edit.setText(data.note or "")

    def fetch_record(self, ctx) -> PersonUpkeep:
        return person_upkeep(ctx, self.upkeep.id)

    def show_record(self, upkeep: PersonUpkeep) -> None:
        self.upkeep = upkeep
        self.fill(upkeep.data)

    def data(self) -> PersonData:
        born = date_value(self.birth_edit)
        year = self.birth_year.value()
        return PersonData(
            full_name=self.name_edit.text(),
            gender=self.gender_combo.currentData(),
            birth_date=born,
            birth_year=None if born is not None or year == self.birth_year.minimum() else year,
            staff_code=optional_text(self.code_edit),
            position=optional_text(self.position_edit),
            professional_title=optional_text(self.title_edit),
            ethnicity=optional_text(self.ethnicity_edit),
            phone=optional_text(self.phone_edit),
            health_sector_since=date_value(self.since_edit),
            note=optional_text(self.note_edit),
        )

    def submit(self) -> WriteOp:
        data = self.data()
        if not data.full_name.strip():
            raise ValidationError("Cần nhập họ và tên.")
        if self.upkeep is not None:
            return self.write(update_person, self.upkeep.id, data, self.upkeep.version, areas=PERSON_AREAS)
        unit_id = self.unit_combo.currentData()
        if unit_id is None:
            raise ValidationError("Hãy chọn đơn vị công tác.")
        return self.write(add_person, unit_id, data, date_value(self.start_edit), areas=PERSON_AREAS)

    def result_of(self, written):
        return self.upkeep.id if self.upkeep is not None else written
