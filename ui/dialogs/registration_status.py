"""Đổi trạng thái bản đăng ký thi đua: received, returned for more papers (with what is missing), approved."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QWidget

from app.services.registrations import NEEDS_REASON, RegistrationDetail, set_status
from database.enums import RegistrationStatus
from ui.operations import WriteOp
from ui.widgets.form_dialog import FormDialog, line
from ui.workspace import Area


@dataclass(frozen=True)
class StatusChange:
    """What OK wrote: the page says so without reading the dialog's fields."""

    status: RegistrationStatus
    reason: str


class RegistrationStatusDialog(FormDialog):
    OK_TEXT = "Đổi trạng thái"

    def __init__(self, workspace, detail: RegistrationDetail, parent: QWidget | None = None):
        super().__init__(
            workspace,
            "Trạng thái bản đăng ký",
            f"Bản đăng ký thi đua năm {detail.year} của {detail.unit_name}: đang “{detail.status.label}”.",
            parent,
        )
        self.detail = detail
        self.chosen: StatusChange | None = None
        self.status_combo = QComboBox()
        for status in RegistrationStatus:
            self.status_combo.addItem(status.label, status)
        self.status_combo.setCurrentIndex(self.status_combo.findData(detail.status))
        self.form.addRow("Trạng thái mới:", self.status_combo)
        self.reason_edit = line("Ví dụ: thiếu chữ ký của thủ trưởng đơn vị", detail.status_reason)
        self.form.addRow("Lý do, cần bổ sung gì:", self.reason_edit)
        self.status_combo.currentIndexChanged.connect(self._status_changed)
        self.finish_layout(560)
        self._status_changed()

    def _status_changed(self) -> None:
        needs = self.status_combo.currentData() in NEEDS_REASON
        self.reason_edit.setPlaceholderText("Bắt buộc: đơn vị cần bổ sung gì" if needs else "Không bắt buộc")
        self.error.clear()

    def submit(self) -> WriteOp:
        self.chosen = StatusChange(self.status_combo.currentData(), self.reason_edit.text())
        return self.write(
            set_status, self.detail.id, self.chosen.status, self.chosen.reason, areas={Area.REGISTRATIONS}
        )
