"""One person's ratings, and the awards entered by hand (from before the program, or from another
authority). Awards that a decision of this program created are changed through that decision."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QCheckBox, QComboBox, QSpinBox, QWidget

from app.errors import ValidationError
from app.services.persons import (
    FIRST_YEAR,
    MAX_ABSENT_DAYS,
    HistoryAward,
    PersonUpkeep,
    add_history_award,
    delete_history_award,
    person_upkeep,
    set_person_rating,
    update_history_award,
)
from app.services.versions import ABSENT
from app.text.numbers import parse_int
from database.enums import AwardBasis, RatingLevel
from ui.format import number
from ui.operations import WriteOp
from ui.widgets.form_dialog import FormDialog, add_hint, date_edit, date_value, line, optional_text, set_date
from ui.workspace import Area

RATING_AREAS = frozenset({Area.STAFF, Area.RATINGS})
AWARD_AREAS = frozenset({Area.STAFF, Area.DECISIONS})
NONE = "—"


def _year_box(value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(FIRST_YEAR, dt.date.today().year)
    box.setValue(value)
    return box


class RatingDialog(FormDialog):
    """The rating of one year: chosen level, or "Chưa xếp loại" to remove it."""

    def __init__(
        self, workspace, upkeep: PersonUpkeep, year: int | None = None, parent: QWidget | None = None
    ):
        super().__init__(
            workspace,
            f"Xếp loại – {upkeep.full_name}",
            "Xếp loại của từng năm được dùng khi xét danh hiệu (Lao động tiên tiến, Chiến sĩ thi đua…).",
            parent,
        )
        self.upkeep = upkeep
        self.by_year = {r.year: r for r in upkeep.ratings}  # each with the version the save hands back
        last = dt.date.today().year
        self.year_box = _year_box(year or (max(self.by_year) if self.by_year else last))
        self.form.addRow("Năm:", self.year_box)
        self.level_combo = QComboBox()
        self.level_combo.addItem("Chưa xếp loại (xóa xếp loại năm này)", None)
        for level in RatingLevel:
            self.level_combo.addItem(level.label, level)
        self.form.addRow("Xếp loại:", self.level_combo)
        self.days_box = QSpinBox()
        self.days_box.setRange(-1, MAX_ABSENT_DAYS)
        self.days_box.setSpecialValueText(NONE)
        self.form.addRow("Số ngày nghỉ:", self.days_box)
        self.ref_edit = line("Ví dụ: Quyết định số 15/QĐ-TTYT")
        self.form.addRow("Ghi chú:", self.ref_edit)
        self.year_box.valueChanged.connect(self._show_year)
        self._show_year()
        self.finish_layout()

    def fetch_record(self, ctx) -> PersonUpkeep:
        return person_upkeep(ctx, self.upkeep.id)

    def show_record(self, upkeep: PersonUpkeep) -> None:
        self.upkeep = upkeep
        self.by_year = {r.year: r for r in upkeep.ratings}
        self._show_year()

    def _show_year(self) -> None:
        rating = self.by_year.get(self.year_box.value())
        self.level_combo.setCurrentIndex(max(self.level_combo.findData(rating.level), 0) if rating else 0)
        days = rating.absent_days if rating else None
        self.days_box.setValue(days if days is not None else -1)
        self.ref_edit.setText(rating.document_ref or "" if rating else "")

    def submit(self) -> WriteOp:
        days = self.days_box.value()
        shown = self.by_year.get(self.year_box.value())
        return self.write(
            set_person_rating,
            self.upkeep.id,
            self.year_box.value(),
            self.level_combo.currentData(),
            None if days < 0 else days,
            optional_text(self.ref_edit),
            shown.version if shown else ABSENT,  # none shown: refused if another clerk rated the year
            areas=RATING_AREAS,
        )


class HandAwardDialog(FormDialog):
    """Add an award from its paper, or correct / delete one entered by hand before."""

    def __init__(self, workspace, upkeep: PersonUpkeep, parent: QWidget | None = None):
        super().__init__(
            workspace,
            f"Khen thưởng nhập tay – {upkeep.full_name}",
            "Khen thưởng trước khi dùng chương trình hoặc của cơ quan khác. Khen thưởng theo quyết định "
            "lập trong chương trình không sửa ở đây.",
            parent,
        )
        self.pick_combo = QComboBox()
        self._list_awards(upkeep)
        self.form.addRow("Khen thưởng:", self.pick_combo)
        self.type_combo = QComboBox()
        self.type_combo.addItem("— Chọn danh hiệu, hình thức —", None)
        for choice in upkeep.award_types:
            self.type_combo.addItem(choice.name, choice.id)
        self.type_combo.setMaxVisibleItems(20)
        self.form.addRow("Danh hiệu, hình thức:", self.type_combo)
        self.year_box = _year_box(dt.date.today().year)
        self.form.addRow("Năm:", self.year_box)
        self.basis_combo = QComboBox()
        for basis in AwardBasis:
            self.basis_combo.addItem(basis.label, basis)
        self.form.addRow("Loại hình:", self.basis_combo)
        self.number_edit = line("Ví dụ: 123/QĐ-UBND")
        self.form.addRow("Số quyết định:", self.number_edit)
        self.date_edit = date_edit(None, optional=True)
        self.form.addRow("Ngày quyết định:", self.date_edit)
        self.issuer_edit = line("Ví dụ: UBND tỉnh")
        self.form.addRow("Cấp khen:", self.issuer_edit)
        self.bonus_edit = line("Không bắt buộc")
        self.form.addRow("Tiền thưởng (đồng):", self.bonus_edit)
        self.delete_check = QCheckBox("Xóa khen thưởng này (nhập nhầm)")
        self.form.addRow("", self.delete_check)
        add_hint(self.form, "Mọi thay đổi được ghi vào nhật ký.")
        self.pick_combo.currentIndexChanged.connect(self._picked)
        self._picked()
        self.finish_layout()

    def _list_awards(self, upkeep: PersonUpkeep) -> None:
        """The awards entered by hand, to pick one; the one picked stays picked when the list is read again."""
        self.upkeep = upkeep
        self.hand = {a.id: a for a in upkeep.awards if a.editable}
        picked = self.pick_combo.currentData()
        self.pick_combo.blockSignals(True)
        self.pick_combo.clear()
        self.pick_combo.addItem("Thêm khen thưởng mới", None)
        for a in self.hand.values():
            self.pick_combo.addItem(f"{a.year} – {a.name}", a.id)
        self.pick_combo.setCurrentIndex(max(self.pick_combo.findData(picked), 0))
        self.pick_combo.blockSignals(False)

    def fetch_record(self, ctx) -> PersonUpkeep:
        return person_upkeep(ctx, self.upkeep.id)

    def show_record(self, upkeep: PersonUpkeep) -> None:
        self._list_awards(upkeep)
        self._picked()

    def _picked(self) -> None:
        award = self.hand.get(self.pick_combo.currentData())
        self.delete_check.setChecked(False)
        self.form.setRowVisible(self.delete_check, award is not None)
        self.type_combo.setCurrentIndex(max(self.type_combo.findData(award.award_type_id), 0) if award else 0)
        self.year_box.setValue(award.year if award else dt.date.today().year)
        self.basis_combo.setCurrentIndex(
            self.basis_combo.findData(award.basis if award else AwardBasis.MERIT)
        )
        self.number_edit.setText(award.decision_number or "" if award else "")
        set_date(self.date_edit, award.decision_date if award else None)
        self.issuer_edit.setText(award.decision_issuer or "" if award else "")
        self.bonus_edit.setText(number(award.bonus_amount) if award and award.bonus_amount else "")

    def submit(self) -> WriteOp:
        award_id = self.pick_combo.currentData()
        if award_id is not None and self.delete_check.isChecked():
            return self.write(delete_history_award, award_id, areas=AWARD_AREAS)
        bonus = parse_int(self.bonus_edit.text(), "Tiền thưởng")
        data = HistoryAward(
            award_type_id=self.type_combo.currentData(),
            year=self.year_box.value(),
            basis=self.basis_combo.currentData(),
            decision_number=optional_text(self.number_edit),
            decision_date=date_value(self.date_edit),
            decision_issuer=optional_text(self.issuer_edit),
            bonus_amount=bonus,
        )
        if data.award_type_id is None:
            raise ValidationError("Hãy chọn danh hiệu hoặc hình thức khen thưởng.")
        if award_id is None:
            return self.write(add_history_award, self.upkeep.id, data, areas=AWARD_AREAS)
        return self.write(
            update_history_award, award_id, data, self.hand[award_id].version, areas=AWARD_AREAS
        )
