"""Hồ sơ đề nghị: a new batch (received at once, or a draft the unit is still preparing), and the
arrival of a draft's paper file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget

from app.domain.units import UnitChoice
from app.services.nominations import BatchData, BatchInfo, create_batch, mark_received
from app.text import clean
from database.enums import AwardBasis
from ui.operations import WriteOp
from ui.widgets.form_dialog import FormDialog, add_hint, date_edit, date_value, line, optional_text
from ui.widgets.unit_combo import UnitComboBox
from ui.widgets.year_combo import year_spin
from ui.workspace import Area

REFERENCE_HINT = "Ví dụ: 125/TTr-BV (số tờ trình của đơn vị gửi kèm hồ sơ)"


def default_title(year: int, unit: UnitChoice | None) -> str:
    return f"Đề nghị khen thưởng năm {year}" + (f" – {unit.name}" if unit else "")


@dataclass(frozen=True)
class BatchCreated:
    """What the batch form made: the page selects it, in its year, and says so."""

    batch_id: int
    year: int
    title: str


class BatchDialog(FormDialog):
    OK_TEXT = "Tạo hồ sơ"
    data: BatchData | None = None  # what OK sent

    def __init__(
        self,
        workspace,
        year: int,
        units: Sequence[UnitChoice],
        unit_id: int | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(
            workspace,
            "Hồ sơ đề nghị mới",
            "Một hồ sơ là những gì một đơn vị gửi về trong một đợt: tờ trình, danh sách đề nghị, "
            "báo cáo thành tích, biên bản bình xét. Sau khi tạo, thêm từng đề nghị vào hồ sơ.",
            parent,
        )
        self.year_box = year_spin(year)
        self.form.addRow("Năm xét khen thưởng:", self.year_box)
        self.unit_combo = UnitComboBox("— Sở Y tế tự đề nghị —")
        self.unit_combo.set_units([u for u in units if u.active])
        self.unit_combo.select_unit(unit_id)
        self.form.addRow("Đơn vị đề nghị:", self.unit_combo)
        self.title_edit = line("Tên hồ sơ", default_title(year, self.unit_combo.current_unit()))
        self.form.addRow("Tên hồ sơ:", self.title_edit)
        self._title_typed = False
        self.title_edit.textEdited.connect(lambda _text: setattr(self, "_title_typed", True))
        self.unit_combo.currentIndexChanged.connect(self._suggest_title)
        self.year_box.valueChanged.connect(self._suggest_title)
        self.basis_combo = QComboBox()
        for basis in AwardBasis:
            self.basis_combo.addItem(basis.label, basis)
        self.form.addRow("Loại hình khen thưởng:", self.basis_combo)
        self.received_check = QCheckBox("Đã nhận hồ sơ giấy")
        self.received_check.setChecked(True)
        self.received_edit = date_edit(dt.date.today())
        self.received_check.toggled.connect(self.received_edit.setEnabled)
        self.form.addRow(self.received_check, self.received_edit)
        add_hint(self.form, "Bỏ chọn nếu đơn vị mới gửi danh sách trước: hồ sơ ở dạng nháp đến khi nhận đủ.")
        self.reference_edit = line(REFERENCE_HINT)
        self.form.addRow("Số tờ trình của đơn vị:", self.reference_edit)
        self.note_edit = line("Không bắt buộc")
        self.form.addRow("Ghi chú:", self.note_edit)
        self.finish_layout()

    def _suggest_title(self) -> None:
        """Follow the year and unit until the clerk types a title of their own."""
        if not self._title_typed:
            self.title_edit.setText(default_title(self.year_box.value(), self.unit_combo.current_unit()))

    def batch_data(self) -> BatchData:
        received = date_value(self.received_edit) if self.received_check.isChecked() else None
        return BatchData(
            year=self.year_box.value(),
            title=self.title_edit.text(),
            unit_id=self.unit_combo.currentData(),
            basis=self.basis_combo.currentData(),
            received_on=received,
            their_reference=optional_text(self.reference_edit),
            note=optional_text(self.note_edit),
        )

    def submit(self) -> WriteOp:
        self.data = self.batch_data()
        return self.write(create_batch, self.data, areas={Area.NOMINATIONS})

    @property
    def created(self) -> BatchCreated | None:
        """After OK: the batch made (None before)."""
        if self.result_value is None or self.data is None:
            return None
        return BatchCreated(self.result_value, self.data.year, clean(self.data.title))


class ReceiveDialog(FormDialog):
    """A draft batch's paper file has arrived: its items become "Đã nhận"."""

    OK_TEXT = "Đã nhận"

    def __init__(self, workspace, batch: BatchInfo, parent: QWidget | None = None):
        super().__init__(
            workspace,
            "Nhận hồ sơ đề nghị",
            f"Hồ sơ “{batch.title}”: ghi ngày nhận; các đề nghị nháp chuyển sang “Đã nhận”.",
            parent,
        )
        self.batch = batch
        self.day_edit = date_edit(dt.date.today())
        self.form.addRow("Ngày nhận:", self.day_edit)
        self.reference_edit = line(REFERENCE_HINT, batch.their_reference)
        self.form.addRow("Số tờ trình của đơn vị:", self.reference_edit)
        self.finish_layout(480)

    def submit(self) -> WriteOp:
        return self.write(
            mark_received,
            self.batch.id,
            date_value(self.day_edit),
            optional_text(self.reference_edit),
            areas={Area.NOMINATIONS},
        )
