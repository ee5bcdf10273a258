"""The target dialogs of a campaign: a target (its kind, the year it is to be reached by, the tolerance of an
"about" target, the words of a target judged by hand), a unit's own values for a target, and a unit's
result for a year (a number, or Đạt / Không đạt with a note). Each OK is one write (FormDialog.write: on
the writer thread); a refused input shows its message and the dialog stays open."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtWidgets import QComboBox, QLabel, QSpinBox, QWidget

from app.domain.campaigns import CampaignDetail
from app.domain.targets import TargetInfo, TargetInput
from app.domain.units import UnitChoice
from app.errors import ValidationError
from app.services.campaigns import campaign_detail
from app.services.targets import save_target, set_result, set_unit_value
from app.text.numbers import decimal_text, parse_percent
from database.enums import TargetComparison, TargetVerdict
from ui.dialogs.campaign_forms import _combo, _one, _text_box
from ui.operations import WriteOp
from ui.widgets.form_dialog import FormDialog, add_hint, line, optional_text
from ui.widgets.unit_combo import UnitComboBox
from ui.workspace import Area

C = TargetComparison
NO_YEAR = 1944  # the year box's "none": one below the first year a target may name
KIND_TIPS = {
    C.VALUE: "Đạt khi kết quả bằng hoặc vượt giá trị (ví dụ 100% số xã)",
    C.AT_LEAST: "Đạt khi kết quả ≥ giá trị",
    C.AT_MOST: "Đạt khi kết quả ≤ giá trị",
    C.RANGE: "Đạt khi kết quả từ giá trị nhỏ nhất đến giá trị lớn nhất; trên đó là vượt khoảng",
    C.ABOUT: "Đạt khi kết quả lệch không quá sai lệch cho phép (để trống: một phần mười giá trị)",
    C.TEXT: "Mục tiêu nói bằng lời; khi nhập kết quả, chọn Đạt hoặc Không đạt và ghi chú",
}


def _value(edit, what: str) -> Decimal | None:
    amount = parse_percent(edit.text(), what)
    if amount is not None and amount < 0:
        raise ValidationError(f"{what} của chỉ tiêu không được âm.")
    return amount


def _first_and_top(comparison: TargetComparison, lo: Decimal | None, hi: Decimal | None) -> tuple[str, str]:
    """What the two value boxes show for stored bounds: the value (the upper bound of "at most"), and the
    upper end of a range."""
    first = hi if comparison is C.AT_MOST else lo
    return decimal_text(first) or "", (decimal_text(hi) if comparison is C.RANGE else None) or ""


def _year_box(years: list[int], current: int | None) -> QSpinBox:
    box = QSpinBox()
    box.setRange(min(years), max(years))
    box.setValue(current if current is not None else min(max(dt.date.today().year, min(years)), max(years)))
    return box


class TargetDialog(FormDialog):
    """A target: a value to reach, at least or at most a value, a range, about a value (within a tolerance),
    or words judged by hand; optionally the year it is to be reached by."""

    def __init__(
        self,
        workspace,
        detail: CampaignDetail,
        target: TargetInfo | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(workspace, "Sửa chỉ tiêu" if target else "Thêm chỉ tiêu", detail.name, parent)
        self.campaign_id, self.target_id = detail.id, target.id if target else None
        self.version = target.version if target else None
        self.name_edit = line("Ví dụ: Số bác sĩ/vạn dân")
        self.form.addRow("Tên chỉ tiêu:", self.name_edit)
        self.comparison_combo = _combo(C, C.AT_LEAST)
        self.comparison_combo.currentIndexChanged.connect(self._comparison_changed)
        self.form.addRow("Kiểu chỉ tiêu:", self.comparison_combo)
        self.measure_edit = line("Ví dụ: bác sĩ/vạn dân, giường bệnh, %")
        self.form.addRow("Đơn vị tính:", self.measure_edit)
        self.value_edit = line("Ví dụ: 8,5")
        self.form.addRow("Giá trị:", self.value_edit)
        self.max_edit = line("Ví dụ: 9")
        self.form.addRow("Đến (lớn nhất):", self.max_edit)
        self.tolerance_edit = line("Để trống: lệch không quá một phần mười giá trị")
        self.form.addRow("Sai lệch cho phép (±):", self.tolerance_edit)
        self.text_edit = _text_box("", 3, "Ví dụ: Hoàn thành các chỉ tiêu nghị quyết Đại hội Đảng bộ huyện…")
        self.form.addRow("Mục tiêu (bằng lời):", self.text_edit)
        self.year_box = QSpinBox()
        self.year_box.setRange(NO_YEAR, 2200)
        self.year_box.setSpecialValueText("Không")
        first = detail.start_date.year if detail.start_date else dt.date.today().year
        self.year_box.setValue(NO_YEAR)
        self.year_box.setToolTip(f"“Đến năm …”: kết quả các năm trước là tiến độ (ví dụ {first + 2})")
        self.form.addRow("Đến năm:", self.year_box)
        if target is not None:
            self.show_record(target)
        add_hint(
            self.form,
            "Có “Đến năm”: kết quả các năm trước chưa đạt là “Chưa đến năm mục tiêu”. Chỉ tiêu bằng lời "
            "được đánh giá Đạt / Không đạt khi nhập kết quả.",
        )
        self._comparison_changed()
        self.finish_layout()

    def fetch_record(self, ctx) -> TargetInfo:
        return _one(campaign_detail(ctx, self.campaign_id).targets, self.target_id, "chỉ tiêu")

    def show_record(self, target: TargetInfo) -> None:
        self.version = target.version
        self.name_edit.setText(target.name)
        self.measure_edit.setText(target.measure)
        self.comparison_combo.setCurrentIndex(self.comparison_combo.findData(target.comparison))
        first, top = _first_and_top(target.comparison, target.value_min, target.value_max)
        self.value_edit.setText(first)
        self.max_edit.setText(top)
        self.tolerance_edit.setText(decimal_text(target.tolerance) or "")
        self.text_edit.setPlainText(target.text)
        self.year_box.setValue(target.target_year or NO_YEAR)

    def _show(self, field: QWidget, shown: bool) -> None:
        field.setVisible(shown)
        self.form.labelForField(field).setVisible(shown)

    def _comparison_changed(self) -> None:
        kind = self.comparison_combo.currentData()
        self._show(self.value_edit, kind is not C.TEXT)
        self._show(self.max_edit, kind is C.RANGE)
        self._show(self.tolerance_edit, kind is C.ABOUT)
        self._show(self.text_edit, kind is C.TEXT)
        self.form.labelForField(self.value_edit).setText("Từ (nhỏ nhất):" if kind is C.RANGE else "Giá trị:")
        self.comparison_combo.setToolTip(KIND_TIPS[kind])
        if self.isVisible():
            self.adjustSize()  # rows shown or hidden: the dialog follows

    def submit(self) -> WriteOp:
        kind = self.comparison_combo.currentData()
        numeric = kind is not C.TEXT
        data = TargetInput(
            self.name_edit.text(),
            optional_text(self.measure_edit),
            kind,
            _value(self.value_edit, "Giá trị") if numeric else None,
            _value(self.max_edit, "Giá trị lớn nhất") if kind is C.RANGE else None,
            self.year_box.value() if self.year_box.value() != NO_YEAR else None,
            None if numeric else self.text_edit.toPlainText(),
            _value(self.tolerance_edit, "Sai lệch cho phép") if kind is C.ABOUT else None,
        )
        return self.write(
            save_target, self.campaign_id, data, self.target_id, self.version, areas={Area.CAMPAIGNS}
        )


def _numeric(detail: CampaignDetail) -> list[TargetInfo]:
    return [t for t in detail.targets if not t.judged_by_hand]


class _TargetAndUnit(FormDialog):
    """A form about one unit and one target of a campaign (`detail`), both chosen in combos at the top."""

    detail: CampaignDetail

    def _add_target_and_unit(
        self,
        targets: list[tuple[str, int]],
        target_id: int | None,
        units: list[UnitChoice],
        unit_id: int | None,
    ) -> None:
        self.target_combo = QComboBox()
        for text, tid in targets:
            self.target_combo.addItem(text, tid)
        if target_id is not None:
            self.target_combo.setCurrentIndex(max(self.target_combo.findData(target_id), 0))
        self.form.addRow("Chỉ tiêu:", self.target_combo)
        self.unit_combo = UnitComboBox(None)
        self.unit_combo.set_units([u for u in units if u.active or u.id == unit_id])
        self.unit_combo.select_unit(unit_id)
        self.form.addRow("Đơn vị:", self.unit_combo)

    def _target(self) -> TargetInfo | None:
        return next((t for t in self.detail.targets if t.id == self.target_combo.currentData()), None)


class UnitValueDialog(_TargetAndUnit):
    """A unit's own goal for a numeric target, in place of the campaign's; both boxes empty clear it."""

    def __init__(
        self,
        workspace,
        detail: CampaignDetail,
        units: list[UnitChoice],
        target_id: int | None = None,
        unit_id: int | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(
            workspace,
            "Mục tiêu riêng của đơn vị",
            "Đơn vị được đánh giá theo mục tiêu riêng này thay cho mục tiêu chung của phong trào.",
            parent,
        )
        self.detail = detail
        self._add_target_and_unit(
            [(f"{t.name} (chung: {t.goal_text()})", t.id) for t in _numeric(detail)],
            target_id,
            units,
            unit_id,
        )
        self.value_edit = line("Ví dụ: 6 (để trống để dùng mục tiêu chung)")
        self.form.addRow("Giá trị:", self.value_edit)
        self.max_edit = line("Ví dụ: 6,5")
        self.form.addRow("Đến (lớn nhất):", self.max_edit)
        self.target_combo.currentIndexChanged.connect(self._show_current)
        self.unit_combo.currentIndexChanged.connect(self._show_current)
        self._show_current()
        self.finish_layout()

    def _show_current(self) -> None:
        target = self._target()
        ranged = target is not None and target.comparison is C.RANGE
        self.max_edit.setVisible(ranged)
        self.form.labelForField(self.max_edit).setVisible(ranged)
        self.form.labelForField(self.value_edit).setText("Từ (nhỏ nhất):" if ranged else "Giá trị:")
        own = (
            next((v for v in target.unit_values if v.unit_id == self.unit_combo.currentData()), None)
            if target
            else None
        )
        first, top = _first_and_top(target.comparison, own.value_min, own.value_max) if own else ("", "")
        self.value_edit.setText(first)
        self.max_edit.setText(top)
        self.version = own.version if own else None

    def submit(self) -> WriteOp:
        target = self._target()
        if target is None or self.unit_combo.currentData() is None:
            raise ValidationError("Hãy chọn chỉ tiêu và đơn vị.")
        value = _value(self.value_edit, "Giá trị")
        top = _value(self.max_edit, "Giá trị lớn nhất") if target.comparison is C.RANGE else None
        return self.write(
            set_unit_value,
            target.id,
            self.unit_combo.currentData(),
            value,
            top,
            self.version,
            areas={Area.CAMPAIGNS},
        )


class ResultDialog(_TargetAndUnit):
    """A unit's result against a target in a year: a number, or for a target in words Đạt / Không đạt with a
    note; an empty result clears it."""

    OK_TEXT = "Ghi kết quả"

    def __init__(
        self,
        workspace,
        detail: CampaignDetail,
        units: list[UnitChoice],
        target_id: int | None = None,
        unit_id: int | None = None,
        year: int | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(workspace, "Nhập kết quả chỉ tiêu", detail.name, parent)
        self.detail = detail
        self._add_target_and_unit([(t.name, t.id) for t in detail.targets], target_id, units, unit_id)
        self.goal_label = QLabel()
        self.goal_label.setWordWrap(True)
        self.form.addRow("Mục tiêu:", self.goal_label)
        years = detail.years() if detail.start_date and detail.end_date else list(range(1945, 2201))
        self.year_box = _year_box(years or [dt.date.today().year], year)
        self.form.addRow("Năm:", self.year_box)
        self.value_edit = line("Ví dụ: 8,7 (để trống để xóa kết quả)")
        self.form.addRow("Kết quả:", self.value_edit)
        self.verdict_combo = QComboBox()
        self.verdict_combo.addItem("Chưa đánh giá (xóa kết quả)", None)
        for verdict in TargetVerdict:
            self.verdict_combo.addItem(verdict.label, verdict)
        self.form.addRow("Đánh giá:", self.verdict_combo)
        self.note_edit = line("Ví dụ: Hoàn thành 12/12 chỉ tiêu huyện giao (không bắt buộc)")
        self.form.addRow("Ghi chú:", self.note_edit)
        self.target_combo.currentIndexChanged.connect(self._show_current)
        self.unit_combo.currentIndexChanged.connect(self._show_current)
        self.year_box.valueChanged.connect(self._show_current)
        self._show_current()
        self.finish_layout()

    def _show_current(self) -> None:
        """The unit's goal for the chosen target, and what is already entered for the year, to correct it."""
        target, unit_id = self._target(), self.unit_combo.currentData()
        by_hand = target is not None and target.judged_by_hand
        for field, shown in ((self.value_edit, not by_hand), (self.verdict_combo, by_hand)):
            field.setVisible(shown)
            self.form.labelForField(field).setVisible(shown)
        if target is not None:
            goal = target.for_unit(unit_id)
            own = " (mục tiêu riêng của đơn vị)" if target.has_own_values(unit_id or 0) else ""
            self.goal_label.setText(goal.goal_text() + own)
        found = next(
            (
                r
                for r in self.detail.results
                if target is not None
                and r.target_id == target.id
                and r.unit_id == unit_id
                and r.year == self.year_box.value()
            ),
            None,
        )
        self.value_edit.setText(decimal_text(found.value) if found and found.value is not None else "")
        self.verdict_combo.setCurrentIndex(
            max(self.verdict_combo.findData(found.verdict if found else None), 0)
        )
        self.note_edit.setText(found.note if found else "")

    def submit(self) -> WriteOp:
        """The result is the value's progress against the unit's target (None: the result was cleared)."""
        target = self._target()
        if target is None or self.unit_combo.currentData() is None:
            raise ValidationError("Hãy chọn chỉ tiêu và đơn vị.")
        by_hand = target.judged_by_hand
        return self.write(
            set_result,
            target.id,
            self.unit_combo.currentData(),
            self.year_box.value(),
            None if by_hand else parse_percent(self.value_edit.text(), "Kết quả"),
            self.verdict_combo.currentData() if by_hand else None,
            optional_text(self.note_edit),
            areas={Area.CAMPAIGNS},
        )
