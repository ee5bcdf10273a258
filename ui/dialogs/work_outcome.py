"""Kết quả mô hình, giải pháp: how a registered model or solution ended. The clerk either records that it was
carried out (the day the check found it done, and what it found), or links it to the initiative it was
recognised as (Sáng kiến), or both; clearing both makes it "not achieved" again. One write on the writer
thread; the initiatives to choose from are read in the background."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget

from app.services.initiatives import InitiativeBook, load_initiatives
from app.services.registrations import RegisteredWork, RegistrationDetail, record_model_outcome
from ui.jobs import Loader
from ui.operations import WriteOp
from ui.widgets.form_dialog import FormDialog, date_edit, date_value, line
from ui.workspace import Area


class WorkOutcomeDialog(FormDialog):
    OK_TEXT = "Ghi kết quả"

    def __init__(
        self, workspace, detail: RegistrationDetail, work: RegisteredWork, parent: QWidget | None = None
    ):
        owner = work.person_name or f"tập thể {detail.unit_name}"
        super().__init__(
            workspace,
            "Kết quả mô hình, giải pháp",
            f"{work.text} ({owner}), đăng ký năm {detail.year}.",
            parent,
        )
        self.detail, self.work = detail, work
        self.done_check = QCheckBox("Đã thực hiện, đã kiểm tra")
        self.done_check.setChecked(work.done_on is not None)
        self.form.addRow("", self.done_check)
        self.done_edit = date_edit(work.done_on)
        self.done_edit.setToolTip("Ngày kiểm tra thấy mô hình, giải pháp đã được triển khai thực hiện")
        self.form.addRow("Ngày kiểm tra:", self.done_edit)
        self.note_edit = line("Ví dụ: đã triển khai tại 3 khoa, giảm thời gian chờ khám 20%", work.done_note)
        self.form.addRow("Ghi nhận:", self.note_edit)
        self.initiative_combo = QComboBox()
        self.initiative_combo.addItem("Không (chưa được công nhận là sáng kiến)", None)
        if work.initiative_id is not None:
            self.initiative_combo.addItem(work.initiative_title or "", work.initiative_id)
            self.initiative_combo.setCurrentIndex(1)
        self.initiative_combo.setMinimumContentsLength(40)
        self.initiative_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.initiative_combo.setToolTip("Sáng kiến của đơn vị được công nhận từ mô hình, giải pháp này")
        self.form.addRow("Công nhận sáng kiến:", self.initiative_combo)
        self.done_check.toggled.connect(self._done_toggled)
        self.finish_layout(640)
        self._done_toggled(self.done_check.isChecked())
        self._loader = Loader(partial(load_initiatives, workspace.ctx), self)
        self._loader.loaded.connect(self._initiatives_loaded)
        self._loader.failed.connect(
            lambda exc: self.error.setText(f"Không đọc được danh sách sáng kiến: {exc}")
        )
        self._loader.request()

    @property
    def loading(self) -> bool:
        return self._loader.busy

    def _done_toggled(self, done: bool) -> None:
        self.done_edit.setEnabled(done)
        self.note_edit.setEnabled(done)

    def _initiatives_loaded(self, _args: tuple, book: InitiativeBook) -> None:
        """The initiatives from the registration's year on, the unit's own first (the one linked stays)."""
        current = self.initiative_combo.currentData()
        rows = [i for i in book.rows if i.id != current and i.year >= self.detail.year]
        rows.sort(key=lambda i: i.unit_id != self.detail.unit_id)  # stable: newest first within each
        for i in rows:
            where = f", {i.unit_name}" if i.unit_id != self.detail.unit_id and i.unit_name else ""
            self.initiative_combo.addItem(f"{i.title} ({i.year}{where})", i.id)

    def submit(self) -> WriteOp:
        done = self.done_check.isChecked()
        return self.write(
            record_model_outcome,
            self.work.item_id,
            date_value(self.done_edit) if done else None,
            self.note_edit.text() if done else None,
            self.initiative_combo.currentData(),
            areas={Area.REGISTRATIONS},
        )
