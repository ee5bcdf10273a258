"""The campaign dialogs: the campaign itself (with the sections of its Kế hoạch or Công văn on a tab of their
own), a phase, content items (pasted many at once, with their sub-items), a review point; a target's are
ui.dialogs.target_forms. Each OK is one write (FormDialog.write: on the writer thread); a refused input shows its
message and the dialog stays open."""

from __future__ import annotations

import datetime as dt
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.campaigns import (
    DEFAULT_ITEM_STYLES,
    ITEM_STYLE_LABELS,
    PLAN_TEXT_FIELDS,
    ContentItemInfo,
    PlanTexts,
    ReviewInput,
    ReviewPointInfo,
    parse_numbered,
    style_at,
)
from app.errors import ValidationError
from app.services.campaigns import (
    CampaignDetail,
    CampaignInput,
    PhaseInfo,
    PhaseInput,
    add_content_items,
    campaign_default_texts,
    campaign_detail,
    save_campaign,
    save_phase,
    save_review_point,
    update_content_item,
)
from database.enums import CampaignKind, Launcher, ReviewKind
from ui.format import number
from ui.jobs import Loader
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


# The sections of the plan on the dialog's second tab: (field, label, lines shown, placeholder).
PLAN_FIELDS = (
    ("purpose", "Mục đích – yêu cầu:", 2, "Để trống nếu văn bản không có mục này"),
    ("scope", "Phạm vi – đối tượng:", 2, "Để trống nếu văn bản không có mục này"),
    ("content_intro", "Nội dung (mở đầu):", 2, "Các câu đứng trước danh sách nội dung thi đua"),
    ("rewards", "Khen thưởng:", 2, "Để trống nếu văn bản không có mục này"),
    (
        "organisation",
        "Tổ chức thực hiện:",
        6,
        "Mỗi dòng một đoạn; dòng đánh số 1., a), - được đánh số theo mục",
    ),
    ("closing", "Lời kêu gọi:", 3, "Đoạn kết của văn bản, kết thúc bằng ./."),
    ("addressees", "Kính gửi:", 2, "Mỗi dòng một nơi (công văn)"),
    ("copies_to", "Nơi nhận:", 4, "Mỗi dòng một nơi"),
)
# The sections the program writes a default for (the others are left out of the document when empty).
DEFAULTED = ("organisation", "closing", "addressees", "copies_to")
STYLE_LEVELS = 3  # levels with a style of their own on the form; deeper ones are dashes


class CampaignDialog(FormDialog):
    """Create a campaign, or edit one (`detail`): its records on the first tab, the sections of its Kế hoạch
    or Công văn (printed as entered) and the numbering of its content items on the second."""

    def __init__(self, workspace, detail: CampaignDetail | None = None, parent: QWidget | None = None):
        title = "Sửa phong trào thi đua" if detail else "Phong trào thi đua mới"
        super().__init__(
            workspace,
            title,
            "Tên, loại, thời gian và căn cứ của phong trào; các phần của văn bản phát động ở thẻ thứ hai. "
            "Các đợt, nội dung, mốc sơ kết và chỉ tiêu thêm sau trên trang.",
            parent,
        )
        self.campaign_id = detail.id if detail else None
        self.version = detail.version if detail else None
        self.saved: CampaignInput | None = None  # what OK wrote, for the page to say so
        self.tabs = QTabWidget()
        self.tabs.setObjectName("campaignTabs")
        first = QWidget()
        self.record_form = QFormLayout(first)
        self.record_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form = self.record_form
        self.name_edit = line("Ví dụ: Phong trào thi đua yêu nước năm 2026")
        form.addRow("Tên phong trào:", self.name_edit)
        self.theme_edit = _text_box("", 2, "Chủ đề hoặc khẩu hiệu (không bắt buộc)")
        form.addRow("Chủ đề, khẩu hiệu:", self.theme_edit)
        self.kind_combo = _combo(CampaignKind)
        form.addRow("Loại phong trào:", self.kind_combo)
        self.launcher_combo = _combo(Launcher)
        form.addRow("Phát động:", self.launcher_combo)
        self.start_edit = date_edit(None, optional=True)
        self.end_edit = date_edit(None, optional=True)
        form.addRow("Bắt đầu từ ngày:", self.start_edit)
        form.addRow("Đến ngày:", self.end_edit)
        add_hint(form, "Để trống nếu là phong trào thường xuyên không thời hạn.")
        self.basis_edit = _text_box(
            "",
            4,
            "Căn cứ, bối cảnh phát động: văn bản mở đầu bằng các đoạn này (mỗi dòng một đoạn)",
        )
        form.addRow("Căn cứ, bối cảnh:", self.basis_edit)
        self.rules_edit = date_edit(None, optional=True)
        self.rules_edit.setToolTip(
            "Áp dụng tiêu chuẩn, quy định thi đua – khen thưởng có hiệu lực tại ngày này"
        )
        form.addRow("Áp dụng quy định tại ngày:", self.rules_edit)
        self.note_edit = line("Không bắt buộc")
        form.addRow("Ghi chú:", self.note_edit)
        self.tabs.addTab(first, "&Phong trào")
        self.tabs.addTab(self._build_texts_tab(), "&Văn bản phát động/Kế hoạch")
        self.outer.addWidget(self.tabs, 1)
        self.fill(detail.as_input() if detail else CampaignInput("", CampaignKind.REGULAR))
        self._defaults = Loader(partial(campaign_default_texts, workspace.ctx), self)
        self._defaults.loaded.connect(self._defaults_loaded)
        self._defaults.request(self.values_for_defaults(), self.campaign_id)
        self.finish_layout(980)
        scroll_above_buttons(self)  # a short screen scrolls the fields; the buttons stay in view

    def _build_texts_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        hint = QLabel(
            "Các phần của văn bản phát động, in đúng như nhập: mỗi dòng một đoạn; *nghiêng*, **đậm** như khi "
            "gõ; dòng đánh số (1., a), -) được đánh số theo mục của văn bản. Mục để trống không in."
        )
        hint.setWordWrap(True)
        hint.setObjectName("muted")
        top = QHBoxLayout()
        top.addWidget(hint, 1)
        layout.addLayout(top)
        columns = QHBoxLayout()  # two forms side by side: each column's rows keep their own heights
        columns.setSpacing(16)
        self.text_edits: dict[str, QPlainTextEdit] = {}
        forms = [QFormLayout(), QFormLayout()]
        for k, (key, label, lines, placeholder) in enumerate(PLAN_FIELDS):
            box = _text_box("", lines, placeholder)
            box.setObjectName(f"plan_{key}")
            self.text_edits[key] = box
            forms[k // 4].addRow(label, box)
        for form in forms:
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            columns.addLayout(form, 1)
        layout.addLayout(columns)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel("Đánh số nội dung:"))
        self.style_combos = []
        for level in range(1, STYLE_LEVELS + 1):
            combo = QComboBox()
            for style, label in ITEM_STYLE_LABELS.items():
                combo.addItem(label, style)
            combo.setObjectName(f"itemStyle{level}")
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
            self.style_combos.append(combo)
            bottom.addWidget(QLabel(f"cấp {level}"))
            bottom.addWidget(combo)
        bottom.addStretch(1)
        self.defaults_button = QPushButton("Điền văn bản mẫu")
        self.defaults_button.setToolTip(
            "Điền lời văn mặc định của chương trình (tổ chức thực hiện, lời kêu gọi, kính gửi, nơi nhận) "
            "vào các ô đang để trống, theo cơ quan phát động đang chọn"
        )
        self.defaults_button.clicked.connect(
            lambda: self._defaults.request(self.values_for_defaults(), self.campaign_id)
        )
        top.addWidget(self.defaults_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(bottom)
        layout.addStretch(1)
        return tab

    def _defaults_loaded(self, _args: tuple, texts: PlanTexts) -> None:
        """The program's text, in the sections still empty (those the clerk wrote stay)."""
        for key in DEFAULTED:
            box = self.text_edits[key]
            if not box.toPlainText().strip():
                box.setPlainText(getattr(texts, key) or "")

    @property
    def loading(self) -> bool:
        return self._defaults.busy

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
        for key, box in self.text_edits.items():
            box.setPlainText(getattr(data.texts, key) or "")
        for level, combo in enumerate(self.style_combos, start=1):
            combo.setCurrentIndex(max(combo.findData(style_at(data.item_styles, level)), 0))

    def values_for_defaults(self) -> CampaignInput:
        """What the default texts depend on (the name and who launches it), without the checks of OK."""
        return CampaignInput(
            self.name_edit.text(), self.kind_combo.currentData(), self.launcher_combo.currentData()
        )

    def item_styles(self) -> tuple[str, ...]:
        styles = tuple(combo.currentData() for combo in self.style_combos)
        return styles + DEFAULT_ITEM_STYLES[len(styles) :]

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
            PlanTexts(
                **{key: self.text_edits[key].toPlainText().strip() or None for key in PLAN_TEXT_FIELDS}
            ),
            self.item_styles(),
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
    """Paste or type content items, one a line, at the top level or under an item (`under`): numbered lines
    ("1. … 1.1. … a) … - …") become items with their sub-items; the numbers copied along are dropped."""

    OK_TEXT = "Thêm"

    def __init__(
        self,
        workspace,
        detail: CampaignDetail,
        parent: QWidget | None = None,
        under: ContentItemInfo | None = None,
    ):
        where = (
            f"Các dòng thành ý con của nội dung {under.number} “{_short(under.text)}”, sau các ý con đã có."
            if under
            else f"Nội dung mới đánh số tiếp sau {number(len(detail.items))} nội dung đã có."
        )
        super().__init__(
            workspace,
            "Thêm ý con" if under else "Thêm nội dung thi đua",
            f"{detail.name}. Mỗi dòng là một nội dung; có thể dán nhiều dòng từ văn bản khác: dòng đánh số "
            f"1., 1.1., a), - thành nội dung và các ý con của nó, số thứ tự cũ được bỏ. {where}",
            parent,
        )
        self.campaign_id = detail.id
        self.under_id = under.id if under else None
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
        lines = parse_numbered(self.items_edit.toPlainText())
        subs = sum(x.level > 1 for x in lines)
        self.count_label.setText(
            (
                f"{number(len(lines))} nội dung sẽ được thêm"
                + (f", trong đó {number(subs)} ý con." if subs else ".")
            )
            if lines
            else "Chưa có nội dung nào."
        )
        self.error.clear()

    def submit(self) -> WriteOp:
        """The result is how many items were added."""
        return self.write(
            add_content_items,
            self.campaign_id,
            self.items_edit.toPlainText(),
            self.under_id,
            areas={Area.CAMPAIGNS},
        )


class ContentItemDialog(FormDialog):
    """Sửa nội dung thi đua: one item's words (its number and place in the tree stay; the text is printed as
    entered, "*" marking what is bold)."""

    def __init__(
        self, workspace, detail: CampaignDetail, item: ContentItemInfo, parent: QWidget | None = None
    ):
        super().__init__(
            workspace,
            f"Sửa nội dung thi đua {item.number}",
            f"{detail.name}. Sửa lời của nội dung; số thứ tự và vị trí (ý con, thứ tự) giữ nguyên.",
            parent,
        )
        self.campaign_id, self.item_id, self.version = detail.id, item.id, item.version
        self.text_edit = _text_box(item.text, 6, "Nội dung thi đua")
        self.form.addRow("Nội dung:", self.text_edit)
        self.finish_layout(640)
        self.text_edit.setFocus()

    def fetch_record(self, ctx) -> ContentItemInfo:
        return _one(campaign_detail(ctx, self.campaign_id).items, self.item_id, "nội dung thi đua")

    def show_record(self, item: ContentItemInfo) -> None:
        self.version = item.version
        self.text_edit.setPlainText(item.text)

    def submit(self) -> WriteOp:
        return self.write(
            update_content_item,
            self.item_id,
            self.text_edit.toPlainText(),
            self.version,
            areas={Area.CAMPAIGNS},
        )


def _short(text: str, words: int = 8) -> str:
    parts = text.replace("*", "").split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


class ReviewDialog(FormDialog):
    """A review point: sơ kết, tổng kết or đánh giá hằng năm, held on a day or in a year, reviewing a period
    or what its text says."""

    def __init__(
        self,
        workspace,
        detail: CampaignDetail,
        review: ReviewPointInfo | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(
            workspace,
            "Sửa mốc sơ kết, tổng kết" if review else "Thêm mốc sơ kết, tổng kết",
            f"{detail.name}. Mốc sơ kết, tổng kết in ở mục riêng của kế hoạch; khác với các đợt, các mốc có "
            "thể trùng thời gian với nhau.",
            parent,
        )
        self.campaign_id, self.review_id = detail.id, review.id if review else None
        self.version = review.version if review else None
        self.kind_combo = _combo(ReviewKind, ReviewKind.FINAL)
        self.form.addRow("Loại mốc:", self.kind_combo)
        self.year_box = QSpinBox()
        self.year_box.setRange(1945, 2200)
        self.year_box.setValue((detail.end_date or detail.start_date or dt.date.today()).year)
        self.form.addRow("Năm:", self.year_box)
        self.held_edit = date_edit(None, optional=True)
        self.form.addRow("Ngày tổ chức:", self.held_edit)
        add_hint(self.form, "Để trống nếu chỉ biết năm tổ chức.")
        self.from_edit = date_edit(None, optional=True)
        self.to_edit = date_edit(None, optional=True)
        self.form.addRow("Sơ kết, tổng kết từ ngày:", self.from_edit)
        self.form.addRow("đến ngày:", self.to_edit)
        self.subject_edit = _text_box(
            "",
            2,
            "Nội dung sơ kết, tổng kết, ví dụ: phong trào thi đua giai đoạn 2023 - 2025 (không bắt buộc)",
        )
        self.form.addRow("Nội dung:", self.subject_edit)
        if review is not None:
            self.show_record(review)
        self.finish_layout(620)

    def fetch_record(self, ctx) -> ReviewPointInfo:
        return _one(campaign_detail(ctx, self.campaign_id).reviews, self.review_id, "mốc sơ kết, tổng kết")

    def show_record(self, review: ReviewPointInfo) -> None:
        self.version = review.version
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(review.kind))
        self.year_box.setValue(review.year or review.held_on.year)
        set_date(self.held_edit, review.held_on)
        set_date(self.from_edit, review.period_from)
        set_date(self.to_edit, review.period_to)
        self.subject_edit.setPlainText(review.subject)

    def submit(self) -> WriteOp:
        data = ReviewInput(
            self.kind_combo.currentData(),
            self.year_box.value(),
            date_value(self.held_edit),
            date_value(self.from_edit),
            date_value(self.to_edit),
            self.subject_edit.toPlainText() or None,
        )
        return self.write(
            save_review_point, self.campaign_id, data, self.review_id, self.version, areas={Area.CAMPAIGNS}
        )
