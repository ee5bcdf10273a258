"""A status move that needs a reason (trả lại bổ sung, không đạt, rút đề nghị): the reason is asked, then
every selected item moves in one transaction, or none does."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from app.services.nominations import NominationItem, change_status
from database.enums import NominationStatus
from ui.format import number
from ui.operations import WriteOp
from ui.widgets.form_dialog import FormDialog, line
from ui.workspace import Area

S = NominationStatus
PROMPTS = {
    S.RETURNED: (
        "Trả lại để bổ sung",
        "Cần bổ sung gì",
        "Ví dụ: thiếu báo cáo thành tích có xác nhận của thủ trưởng",
    ),
    S.FAILED: ("Không đạt", "Lý do không đạt", "Ví dụ: không đủ tiêu chuẩn theo Điều 23 Luật TĐKT"),
    S.WITHDRAWN: ("Rút đề nghị", "Lý do rút", "Ví dụ: đơn vị có công văn xin rút đề nghị"),
}


def subjects_text(items: Sequence[NominationItem], limit: int = 4) -> str:
    names = [f"{i.subject_name} ({i.award_name})" for i in items[:limit]]
    more = f" và {number(len(items) - limit)} đề nghị khác" if len(items) > limit else ""
    return "; ".join(names) + more


class ReasonDialog(FormDialog):
    def __init__(
        self, workspace, items: Sequence[NominationItem], to: NominationStatus, parent: QWidget | None = None
    ):
        title, caption, hint = PROMPTS[to]
        super().__init__(workspace, title, f"Chuyển sang “{to.label}”: {subjects_text(items)}.", parent)
        self.ok_button.setText(title)
        self.items = list(items)
        self.to = to
        self.reason_edit = line(hint)
        self.form.addRow(f"{caption}:", self.reason_edit)
        self.finish_layout(560)
        self.reason_edit.setFocus()

    def submit(self) -> WriteOp:
        ids = [i.id for i in self.items]
        return self.write(change_status, ids, self.to, self.reason_edit.text(), areas={Area.NOMINATIONS})
