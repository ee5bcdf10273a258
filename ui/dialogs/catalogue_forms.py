"""Cài đặt › Danh mục khen thưởng: the office adds its own form of award, a new mức lương cơ sở, or the province's
own rules (its regulation's Căn cứ line, council thresholds). Each OK is one service call (app.services.catalogue,
app.services.legal_bases), refused with its Vietnamese reason while the dialog stays open."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QPlainTextEdit, QSpinBox, QWidget

from app.services.catalogue import (
    MAX_BASE_SALARY,
    LocalAwardTypeData,
    add_base_salary,
    add_local_award_type,
)
from app.services.legal_bases import PROVINCE_LINE, ProvinceRule, set_province_rule
from database.enums import AuthorityLevel, AwardCategory, Periodicity
from ui.operations import WriteOp
from ui.widgets.form_dialog import FormDialog, add_hint, date_edit, date_value, line, optional_text
from ui.widgets.screen_fit import scroll_above_buttons
from ui.workspace import Area


def enum_combo(members, current) -> QComboBox:
    combo = QComboBox()
    for member in members:
        combo.addItem(member.label, member)
    combo.setCurrentIndex(combo.findData(current))
    return combo


class LocalAwardTypeDialog(FormDialog):
    OK_TEXT = "Thêm vào danh mục"

    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(
            workspace,
            "Thêm hình thức khen thưởng của cơ quan",
            "Hình thức do cơ quan tự thêm (ví dụ: Giấy khen chuyên đề của Giám đốc Sở) được giữ nguyên "
            "khi chương trình cập nhật danh mục theo văn bản mới. Chương trình không tự xét điều kiện "
            "cho hình thức này: cán bộ TĐKT xét theo quy chế của cơ quan.",
            parent,
        )
        self.code_edit = line("Ví dụ: GK_CHUYEN_DE", tooltip="Chữ in hoa không dấu, chữ số, dấu gạch dưới")
        self.name_edit = line("Tên đầy đủ in trên quyết định")
        self.short_edit = line("Không bắt buộc: dùng tên đầy đủ")
        self.category_combo = enum_combo(AwardCategory, AwardCategory.HONOR)
        subjects = QHBoxLayout()
        self.individual_check = QCheckBox("Cá nhân")
        self.individual_check.setChecked(True)
        self.collective_check = QCheckBox("Tập thể")
        subjects.addWidget(self.individual_check)
        subjects.addWidget(self.collective_check)
        subjects.addStretch(1)
        self.level_combo = enum_combo(AuthorityLevel, AuthorityLevel.DEPARTMENT)
        self.granted_edit = line("Người ký quyết định", "Giám đốc Sở Y tế")
        self.director_check = QCheckBox("Thuộc thẩm quyền quyết định của Giám đốc Sở")
        self.director_check.setChecked(True)
        # Only the Director's own forms can be within the Director's power.
        self.level_combo.currentIndexChanged.connect(
            lambda _i: self.director_check.setChecked(
                self.level_combo.currentData() is AuthorityLevel.DEPARTMENT
            )
        )
        self.periodicity_combo = enum_combo(Periodicity, Periodicity.YEARLY)
        coefficients = QHBoxLayout()
        self.individual_edit = line("Cá nhân, ví dụ 0,15")
        self.collective_edit = line("Tập thể, ví dụ 0,3")
        self.individual_check.toggled.connect(self.individual_edit.setEnabled)
        self.collective_check.toggled.connect(self.collective_edit.setEnabled)
        self.collective_edit.setEnabled(False)
        coefficients.addWidget(self.individual_edit)
        coefficients.addWidget(self.collective_edit)
        self.from_edit = date_edit(dt.date.today())
        self.basis_edit = line("Ví dụ: Quy chế thi đua, khen thưởng của Sở Y tế, Điều 12")
        self.rule_edit = QPlainTextEdit()
        self.rule_edit.setPlaceholderText("Tiêu chuẩn, đối tượng được khen (không bắt buộc)")
        self.rule_edit.setTabChangesFocus(True)
        self.rule_edit.setFixedHeight(self.rule_edit.fontMetrics().height() * 4 + 14)

        for caption, field in (
            ("Mã:", self.code_edit),
            ("Tên hình thức:", self.name_edit),
            ("Tên viết tắt:", self.short_edit),
            ("Loại:", self.category_combo),
            ("Đối tượng:", subjects),
            ("Cấp quyết định:", self.level_combo),
            ("Người quyết định:", self.granted_edit),
            ("", self.director_check),
            ("Thời hạn xét:", self.periodicity_combo),
            ("Hệ số tiền thưởng:", coefficients),
        ):
            self.form.addRow(caption, field)
        add_hint(self.form, "Số lần mức lương cơ sở; để trống nếu hình thức không kèm tiền thưởng.")
        self.form.addRow("Áp dụng từ ngày:", self.from_edit)
        self.form.addRow("Căn cứ:", self.basis_edit)
        self.form.addRow("Tiêu chuẩn:", self.rule_edit)
        self.finish_layout(620)
        scroll_above_buttons(self)  # a short screen scrolls the fields; the buttons stay in view

    def submit(self) -> WriteOp:
        """The new award type's id becomes `result_value`."""
        data = LocalAwardTypeData(
            code=self.code_edit.text(),
            name=self.name_edit.text(),
            short_name=self.short_edit.text(),
            category=self.category_combo.currentData(),
            for_individual=self.individual_check.isChecked(),
            for_collective=self.collective_check.isChecked(),
            level=self.level_combo.currentData(),
            granted_by=self.granted_edit.text(),
            within_director_power=self.director_check.isChecked(),
            periodicity=self.periodicity_combo.currentData(),
            individual=optional_text(self.individual_edit),
            collective=optional_text(self.collective_edit),
            coefficients_from=date_value(self.from_edit),
            legal_basis=optional_text(self.basis_edit),
            rule=self.rule_edit.toPlainText().strip() or None,
        )
        return self.write(add_local_award_type, data, areas={Area.CATALOGUE})


class BaseSalaryDialog(FormDialog):
    OK_TEXT = "Thêm mức mới"

    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(
            workspace,
            "Thêm mức lương cơ sở",
            "Tiền thưởng tính bằng hệ số × mức lương cơ sở có hiệu lực vào ngày ký quyết định khen "
            "thưởng. Mức do cơ quan thêm được giữ nguyên khi chương trình cập nhật danh mục.",
            parent,
        )
        self.from_edit = date_edit(dt.date.today())
        self.amount_box = QSpinBox()
        self.amount_box.setRange(0, MAX_BASE_SALARY)
        self.amount_box.setSingleStep(10_000)
        self.amount_box.setGroupSeparatorShown(True)
        self.amount_box.setSuffix(" đồng")
        self.amount_box.setMinimumWidth(
            self.amount_box.fontMetrics().horizontalAdvance("0.000.000.000 đồng") + 40
        )
        self.basis_edit = line("Ví dụ: Nghị định 73/2024/NĐ-CP")
        self.form.addRow("Áp dụng từ ngày:", self.from_edit)
        self.form.addRow("Mức lương cơ sở:", self.amount_box)
        self.form.addRow("Văn bản quy định:", self.basis_edit)
        self.finish_layout(520)

    def submit(self) -> WriteOp:
        day = date_value(self.from_edit)
        return self.write(
            add_base_salary, day, self.amount_box.value(), self.basis_edit.text(), areas={Area.CATALOGUE}
        )


class ProvinceRuleDialog(FormDialog):
    """The province's own rule from a date: its TĐKT regulation as a Căn cứ line, or a council threshold it sets,
    with the regulation's number and date; kept against later releases of the catalogue."""

    OK_TEXT = "Ghi quy định"

    def __init__(
        self,
        workspace,
        rules: list[ProvinceRule],
        current: ProvinceRule | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(
            workspace,
            "Quy định của tỉnh",
            "Dòng căn cứ in trên quyết định, tờ trình, kế hoạch từ ngày có hiệu lực; tỷ lệ phiếu bầu "
            "của Hội đồng do quy định của tỉnh đặt (NĐ 152/2025/NĐ-CP Điều 33 khoản 5 chỉ quy định "
            "CSTĐ toàn quốc và Cờ thi đua của Chính phủ).",
            parent,
        )
        self.key_combo = QComboBox()
        self.newest: dict[str, ProvinceRule] = {}  # rules come newest first for each key
        for rule in rules:
            self.newest.setdefault(rule.key, rule)
        for rule in self.newest.values():
            self.key_combo.addItem(rule.label, rule.key)
        self.from_edit = date_edit(current.effective_from if current and current.local else dt.date.today())
        self.text_edit = QPlainTextEdit()
        self.text_edit.setPlaceholderText(
            "Căn cứ Quyết định số …/20…/QĐ-UBND ngày … của UBND tỉnh ban hành Quy "
            "định về công tác thi đua, khen thưởng trên địa bàn tỉnh;"
        )
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setFixedHeight(self.text_edit.fontMetrics().lineSpacing() * 3 + 14)
        self.share_box = QSpinBox()
        self.share_box.setRange(1, 100)
        self.share_box.setSuffix("% tổng số thành viên")
        self.source_edit = line("Ví dụ: Quyết định số 86/2025/QĐ-UBND ngày 05/12/2025 của UBND tỉnh, Điều 9")
        self.form.addRow("Quy định:", self.key_combo)
        self.form.addRow("Có hiệu lực từ ngày:", self.from_edit)
        self.form.addRow("Dòng căn cứ:", self.text_edit)
        self.form.addRow("Tỷ lệ đồng ý:", self.share_box)
        self.form.addRow("Văn bản quy định:", self.source_edit)
        self.key_combo.currentIndexChanged.connect(self._kind_chosen)
        if current is not None:
            self.key_combo.setCurrentIndex(self.key_combo.findData(current.key))
            if current.local:
                self.source_edit.setText(current.source or "")
        self._kind_chosen()
        if current is not None and current.value is not None:
            if current.key == PROVINCE_LINE:
                self.text_edit.setPlainText(str(current.value))
            else:
                self.share_box.setValue(round(float(current.value) * 100))
        self.finish_layout(640)

    def is_line(self) -> bool:
        return self.key_combo.currentData() == PROVINCE_LINE

    def _kind_chosen(self) -> None:
        line_kind = self.is_line()
        for widget, shown in ((self.text_edit, line_kind), (self.share_box, not line_kind)):
            widget.setVisible(shown)
            self.form.labelForField(widget).setVisible(shown)
        rule = self.newest.get(self.key_combo.currentData())
        if not line_kind and rule is not None and rule.value is not None:
            self.share_box.setValue(
                round(float(rule.value) * 100)
            )  # the share in force, not the spin box's 1%

    def submit(self) -> WriteOp:
        key = self.key_combo.currentData()
        value = self.text_edit.toPlainText() if self.is_line() else self.share_box.value() / 100
        return self.write(
            set_province_rule,
            key,
            date_value(self.from_edit),
            value,
            self.source_edit.text(),
            areas={Area.SETTINGS},
        )
