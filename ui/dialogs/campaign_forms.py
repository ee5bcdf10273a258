"""The campaign dialogs: the campaign itself, a phase, content items (pasted many at once); a target's are
ui.dialogs.target_forms. Each OK is one write (FormDialog.write: on the writer thread); a refused input shows its
message and the dialog stays open."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QWidget

from app.errors import ValidationError
from app.services.campaigns import (
    CampaignDetail,
    CampaignInput,
    PhaseInfo,
    PhaseInput,
    add_content_items,
    campaign_detail,
    save_campaign,
    save_phase,
    split_items,
)
from database.enums import CampaignKind, Launcher
from ui.format import number
from ui.operations import WriteOp
from ui.widgets.form_dialog import FormDialog, add_hint, date_edit, date_value, line, optional_text, set_date
from ui.widgets.screen_fit import scroll_above_buttons
from ui.workspace import Area


def _text_box(text: str = "", lines: int = 3, placeholder: str = "") -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


def _combo(members, current=None) -> QComboBox:
    combo = QComboBox()
    for member in members:
        combo.addItem(member.label, member)
    if current is not None:
        combo.setCurrentIndex(combo.findData(current))
    return combo


def _one(rows, row_id: int, what: str):
    """The row of a campaign read again (ValidationError if another clerk deleted it meanwhile)."""
    found = next((r for r in rows if r.id == row_id), None)
    if found is None:
        raise ValidationError(f"Không tìm thấy {what} (có thể đã bị xóa); hãy làm mới.")
    return found


class CampaignDialog(FormDialog):
    """Create a campaign, or edit one (`detail`)."""

    def __init__(self, workspace, detail: CampaignDetail | None = None, parent: QWidget | None = None):
        title = "Sửa phong trào thi đua" if detail else "Phong trào thi đua mới"
        super().__init__(
            workspace,
            title,
            "Tên, loại, thời gian và căn cứ của phong trào; các đợt, nội dung và chỉ "
            "tiêu thêm sau trên trang.",
            parent,
        )
        self.campaign_id = detail.id if detail else None
        self.version = detail.version if detail else None
        self.saved: CampaignInput | None = None  # what OK wrote, for the page to say so
        self.name_edit = line("Ví dụ: Phong trào thi đua yêu nước năm 2026")
        self.form.addRow("Tên phong trào:", self.name_edit)
        self.theme_edit = _text_box("", 2, "Chủ đề hoặc khẩu hiệu (không bắt buộc)")
        self.form.addRow("Chủ đề, khẩu hiệu:", self.theme_edit)
        self.kind_combo = _combo(CampaignKind)
        self.form.addRow("Loại phong trào:", self.kind_combo)
        self.launcher_combo = _combo(Launcher)
        self.form.addRow("Phát động:", self.launcher_combo)
        self.start_edit = date_edit(None, optional=True)
        self.end_edit = date_edit(None, optional=True)
        self.form.addRow("Bắt đầu từ ngày:", self.start_edit)
        self.form.addRow("Đến ngày:", self.end_edit)
        add_hint(self.form, "Để trống nếu là phong trào thường xuyên không thời hạn.")
        self.basis_edit = _text_box(
            "",
            4,
            "Căn cứ, bối cảnh phát động: văn bản mở đầu bằng các đoạn này (mỗi dòng một đoạn)",
        )
        self.form.addRow("Căn cứ, bối cảnh:", self.basis_edit)
        self.rules_edit = date_edit(None, optional=True)
        self.rules_edit.setToolTip(
            "Áp dụng tiêu chuẩn, quy định thi đua – khen thưởng có hiệu lực tại ngày này"
        )
        self.form.addRow("Áp dụng quy định tại ngày:", self.rules_edit)
        self.note_edit = line("Không bắt buộc")
        self.form.addRow("Ghi chú:", self.note_edit)
        self.fill(detail.as_input() if detail else CampaignInput("", CampaignKind.REGULAR))
        self.finish_layout(640)
        scroll_above_buttons(self)  # a short screen scrolls the fields; the buttons stay in view

    def fetch_record(self, ctx) -> CampaignDetail:
        return campaign_detail(ctx, self.campaign_id)

    def show_record(self, detail: CampaignDetail) -> None:
        self.version = detail.version
        self.fill(detail.as_input())

    def fill(self, data: CampaignInput) -> None:
        self.name_edit.setText(data.name)
        self.theme_edit.setPlainText(data.theme or "")
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(data.kind))
        self.launcher_combo.setCurrentIndex(self.launcher_combo.findData(data.launcher))
        set_date(self.start_edit, data.start_date)
        set_date(self.end_edit, data.end_date)
        self.basis_edit.setPlainText(data.legal_basis or "")
        set_date(self.rules_edit, data.rule_set_date)
        self.note_edit.setText(data.note or "")

    def values(self) -> CampaignInput:
        return CampaignInput(
            self.name_edit.text(),
            self.kind_combo.currentData(),
            self.launcher_combo.currentData(),
            self.theme_edit.toPlainText() or None,
            date_value(self.start_edit),
            date_value(self.end_edit),
            self.basis_edit.toPlainText().strip() or None,
            date_value(self.rules_edit),
            optional_text(self.note_edit),
        )

    def submit(self) -> WriteOp:
        """The result is the campaign's id."""
        self.saved = self.values()
        return self.write(save_campaign, self.saved, self.campaign_id, self.version, areas={Area.CAMPAIGNS})


class PhaseDialog(FormDialog):
    """Add a phase (đợt) to a campaign, or edit one."""

    def __init__(
        self, workspace, detail: CampaignDetail, phase: PhaseInfo | None = None, parent: QWidget | None = None
    ):
        super().__init__(
            workspace,
            "Sửa đợt thi đua" if phase else "Thêm đợt thi đua",
            f"{detail.name}. Các đợt nằm trong thời gian của phong trào và không chồng lên nhau.",
            parent,
        )
        self.campaign_id, self.phase_id = detail.id, phase.id if phase else None
        self.version = phase.version if phase else None
        after = detail.phases[-1].end_date + dt.timedelta(days=1) if detail.phases else detail.start_date
        start = phase.start_date if phase else after or dt.date.today()
        end = phase.end_date if phase else detail.end_date or start
        self.name_edit = line(f"Đợt {len(detail.phases) + 1}", phase.name if phase else None)
        self.form.addRow("Tên đợt:", self.name_edit)
        self.start_edit = date_edit(start)
        self.end_edit = date_edit(max(start, end))
        self.form.addRow("Từ ngày:", self.start_edit)
        self.form.addRow("Đến ngày:", self.end_edit)
        self.focus_edit = _text_box(
            phase.focus if phase else "",
            3,
            "Trọng tâm của đợt, ví dụ: tập trung tuyên truyền, tổ chức các hoạt động kỷ niệm …",
        )
        self.form.addRow("Trọng tâm:", self.focus_edit)
        self.finish_layout()

    def fetch_record(self, ctx) -> PhaseInfo:
        return _one(campaign_detail(ctx, self.campaign_id).phases, self.phase_id, "đợt thi đua")

    def show_record(self, phase: PhaseInfo) -> None:
        self.version = phase.version
        self.name_edit.setText(phase.name)
        set_date(self.start_edit, phase.start_date)
        set_date(self.end_edit, phase.end_date)
        self.focus_edit.setPlainText(phase.focus)

    def submit(self) -> WriteOp:
        data = PhaseInput(
            date_value(self.start_edit),
            date_value(self.end_edit),
            self.focus_edit.toPlainText() or None,
            optional_text(self.name_edit),
        )
        return self.write(
            save_phase, self.campaign_id, data, self.phase_id, self.version, areas={Area.CAMPAIGNS}
        )


class ContentItemsDialog(FormDialog):
    """Paste or type content items, one a line; numbering copied along is dropped."""

    OK_TEXT = "Thêm"

    def __init__(self, workspace, detail: CampaignDetail, parent: QWidget | None = None):
        super().__init__(
            workspace,
            "Thêm nội dung thi đua",
            f"{detail.name}. Mỗi dòng là một nội dung; có thể dán nhiều dòng từ văn bản khác, số thứ tự "
            f"cũ (2.1., a), -) được bỏ. Nội dung mới đánh số tiếp sau {number(len(detail.items))} nội dung đã có.",
            parent,
        )
        self.campaign_id = detail.id
        self.items_edit = QPlainTextEdit()
        self.items_edit.setPlaceholderText("Tổ chức phát động, hưởng ứng …\nĐẩy mạnh phong trào …")
        self.items_edit.setMinimumHeight(self.fontMetrics().lineSpacing() * 12)
        self.items_edit.textChanged.connect(self._count)
        self.outer.addWidget(self.items_edit, 1)
        self.count_label = QLabel("Chưa có nội dung nào.")
        self.count_label.setObjectName("muted")
        self.outer.addWidget(self.count_label)
        self.finish_layout(720)

    def _count(self) -> None:
        n = len(split_items(self.items_edit.toPlainText()))
        self.count_label.setText(f"{number(n)} nội dung sẽ được thêm." if n else "Chưa có nội dung nào.")
        self.error.clear()

    def submit(self) -> WriteOp:
        """The result is how many items were added."""
        return self.write(
            add_content_items, self.campaign_id, self.items_edit.toPlainText(), areas={Area.CAMPAIGNS}
        )
