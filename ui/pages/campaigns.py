"""Phong trào thi đua: the campaigns of a year (under way, coming, ended), the chosen one's phases, content
items (a tree: items and their sub-items, indented, moved, numbered as the texts number them) and targets,
each unit's results against the targets year by year (coloured by progress), a time line of the phases with
the review points (sơ kết, tổng kết, đánh giá hằng năm), and the launching document drafted from it all.

Reads run in the background: the year's list (Loader, bound to the year) and the chosen campaign
(DetailLoader). Each dialog's OK and each deletion is one write on the writer thread (WriteOp); the
workspace then announces it, the page reads again and says what was done on its status line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.targets import GOOD_PROGRESS, Progress, result_units
from app.domain.units import UnitChoice
from app.services.campaigns import (
    CampaignDetail,
    CampaignStatus,
    CampaignSummary,
    add_content_items,
    campaign_detail,
    campaign_years,
    content_item_count,
    create_yearly_reviews,
    delete_campaign,
    delete_content_item,
    delete_phase,
    delete_review_point,
    indent_content_item,
    list_campaigns,
    move_content_item,
    outdent_content_item,
    period_text,
    save_campaign,
    save_phase,
    save_review_point,
    update_content_item,
)
from app.services.context import ServiceContext
from app.services.incoming import LinkTarget
from app.services.records import unit_choices
from app.services.targets import delete_target, save_target, set_result
from app.text import vn_date
from database.enums import ReviewKind
from ui.format import number
from ui.jobs import DetailLoader, Loader
from ui.models.text_rows import TextRowsModel
from ui.operations import WriteOp, error_text
from ui.pages.base import LoadedPage
from ui.pages.campaign_targets import TargetTools
from ui.pages.incoming_related import RelatedIncoming
from ui.permissions import allow
from ui.widgets.actions import open_tracked, page_action
from ui.widgets.data_view import current_row, data_view, on_open
from ui.widgets.record_view import text_label
from ui.widgets.screen_fit import FlowLayout
from ui.widgets.timeline import Bar, Mark, Timeline
from ui.widgets.year_combo import YearCombo
from ui.workspace import Area

# Results coloured by their progress: green reached, amber off an "about" target, red not yet.
PROGRESS_COLOURS = {
    Progress.MET: "#d8f0dc",
    Progress.IN_RANGE: "#d8f0dc",
    Progress.EXCEEDED: "#d6e8f7",
    Progress.OFF: "#fbe9c6",
    Progress.NOT_MET: "#f8d7d7",
    Progress.FAILED: "#f8d7d7",
    Progress.UNDERWAY: "#e8e8f4",
}
INCOMING_TAB = 3  # the detail's tab of the incoming documents linked to the campaign
STATUS_MARK = {CampaignStatus.RUNNING: "● ", CampaignStatus.UPCOMING: "○ ", CampaignStatus.ENDED: ""}


@dataclass(frozen=True)
class CampaignsView:
    year: int
    years: list[int]
    campaigns: list[CampaignSummary]
    units: list[UnitChoice]


def load_campaigns_view(ctx: ServiceContext, year: int | None) -> CampaignsView:
    years = campaign_years(ctx)
    if year is not None and year not in years:  # the working year, with no campaign in it
        years = sorted({*years, year}, reverse=True)
    chosen = year in years
    year = year if chosen else dt.date.today().year
    campaigns = list_campaigns(ctx, year)
    if not chosen and not campaigns and len(years) > 1:
        # Opened in a year with nothing launched yet: show the latest year that has campaigns instead.
        year = next(y for y in years if y != dt.date.today().year)
        campaigns = list_campaigns(ctx, year)
    return CampaignsView(year, years, campaigns, unit_choices(ctx))


def _years_text(c: CampaignSummary) -> str:
    """ "2020", "2023–2025", or "—" for a campaign without dates (the exact days are in its detail)."""
    first, last = (c.start_date or c.end_date), (c.end_date or c.start_date)
    if first is None:
        return "—"
    return str(first.year) if first.year == last.year else f"{first.year}–{last.year}"


class CampaignsPage(LoadedPage):
    TITLE = "Phong trào thi đua"
    ICON = "campaigns"
    # The units a result is entered for; the launching document's number is in the register.
    AREAS = frozenset({Area.CAMPAIGNS, Area.UNITS, Area.DOCUMENTS})

    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(workspace, parent)
        self.view_data: CampaignsView | None = None
        self.detail: CampaignDetail | None = None
        self.active_dialog: QDialog | None = None

        outer, toolbar = self.toolbar_frame()
        self.new_action = page_action(
            self,
            toolbar,
            "Phong trào mới…",
            "Thêm một phong trào thi đua (Ctrl+N)",
            self.open_new,
            "Ctrl+N",
            once=True,
        )
        self.edit_action = page_action(
            self, toolbar, "Sửa…", "Sửa tên, loại, thời gian, căn cứ của phong trào đang chọn", self.open_edit
        )
        self.delete_action = page_action(
            self,
            toolbar,
            "Xóa…",
            "Xóa đợt, nội dung hoặc chỉ tiêu đang chọn; nếu không chọn dòng nào thì xóa phong trào",
            self.delete_selected,
        )
        toolbar.addSeparator()
        self.phase_action = page_action(
            self,
            toolbar,
            "Thêm đợt…",
            "Thêm một đợt thi đua có thời gian và trọng tâm",
            self.open_phase,
            once=True,
        )
        self.items_action = page_action(
            self,
            toolbar,
            "Thêm nội dung…",
            "Thêm nội dung thi đua; dán được nhiều dòng một lúc",
            self.open_items,
            once=True,
        )
        self.target_action = page_action(
            self,
            toolbar,
            "Thêm chỉ tiêu…",
            "Thêm một chỉ tiêu có đơn vị tính và giá trị hoặc khoảng",
            self.open_target,
            once=True,
        )
        self.result_action = page_action(
            self,
            toolbar,
            "Nhập kết quả…",
            "Nhập kết quả của một đơn vị theo chỉ tiêu, từng năm",
            self.open_result,
            once=True,
        )
        toolbar.addSeparator()
        self.launch_action = page_action(
            self,
            toolbar,
            "Soạn văn bản phát động…",
            "Soạn công văn hoặc kế hoạch phát động từ dữ liệu phong trào, xem PDF và vào sổ (Ctrl+P)",
            self.open_launch,
            "Ctrl+P",
            once=True,
        )
        self.refresh_action = page_action(
            self, toolbar, "Làm mới", "Đọc lại từ cơ sở dữ liệu (F5)", self.reload, "F5"
        )
        outer.addWidget(toolbar)
        allow(workspace, save_campaign, self.new_action, self.edit_action)
        allow(workspace, delete_campaign, self.delete_action)
        allow(workspace, save_phase, self.phase_action)
        allow(workspace, add_content_items, self.items_action)
        allow(workspace, save_target, self.target_action)
        allow(workspace, set_result, self.result_action)
        # "Soạn văn bản phát động" only drafts and previews; its "Vào sổ" is the register's (the dialog greys it)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._build_list())
        split.addWidget(self._build_detail())
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([440, 660])
        split.setChildrenCollapsible(False)
        outer.addWidget(split, 1)
        allow(workspace, save_review_point, self.review_button)
        allow(workspace, create_yearly_reviews, self.yearly_button)
        edit_button, *arranging = self.item_buttons.values()
        allow(workspace, update_content_item, edit_button)
        allow(workspace, indent_content_item, *arranging)
        self.status_label = text_label("", "muted", wrap=True, selectable=True)
        outer.addWidget(self.status_label)

        ctx = workspace.ctx
        # The second argument is the campaign to select once the list is in (None: keep the current one).
        self._loader = Loader(lambda year, _select: load_campaigns_view(ctx, year), self)
        self._loader.loaded.connect(self.show_view)
        self._loader.failed.connect(lambda exc: self.say(f"Không đọc được phong trào: {exc}"))
        self.details = DetailLoader(lambda campaign_id: campaign_detail(ctx, campaign_id), self)
        self.details.shown.connect(self.show_detail)
        self.details.failed.connect(lambda exc: self.say(f"Không đọc được phong trào: {exc}"))
        self._update_actions()

    # --- building ----------------------------------------------------------------------------------
    def _build_list(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 6, 0)
        top = QHBoxLayout()
        top.addWidget(QLabel("Năm:"))
        self.year_combo = YearCombo("Các phong trào diễn ra trong năm")
        self.year_combo.year_chosen.connect(self._year_chosen)
        top.addWidget(self.year_combo)
        top.addSpacing(8)
        self.year_summary = text_label("", "muted")
        top.addWidget(self.year_summary, 1)
        layout.addLayout(top)
        # The kind and who launched it are in the detail; the list keeps the name readable.
        self.campaigns_model = TextRowsModel(["Phong trào", "Năm", "Tình trạng"], centred=frozenset({1}))
        self.campaigns_view = data_view(
            self.campaigns_model, "campaignsTable", widths={1: "2023–2025", 2: "● Đang diễn ra"}, stretch=0
        )
        self.campaigns_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.campaigns_view.selectionModel().currentRowChanged.connect(self._campaign_changed)
        on_open(self.campaigns_view, lambda _row: self.edit_action.isEnabled() and self.open_edit())
        layout.addWidget(self.campaigns_view, 1)
        self.list_empty = text_label("Đang tải…", "emptyState", wrap=True)
        self.list_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.list_empty, 1)
        self.campaigns_view.hide()
        return box

    def _build_detail(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 0, 0, 0)
        self.detail_title = text_label("", "sectionTitle", wrap=True, selectable=True)
        self.detail_facts = text_label("", "muted", wrap=True, selectable=True)
        self.detail_theme = text_label("", wrap=True, selectable=True)
        for label in (self.detail_title, self.detail_facts, self.detail_theme):
            layout.addWidget(label)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_contents_tab(), "Đợt và &nội dung")
        self.tabs.addTab(self._build_targets_tab(), "&Chỉ tiêu và kết quả")
        self.tabs.addTab(self._build_progress_tab(), "&Tiến độ, sơ kết")
        self.incoming = RelatedIncoming(
            self,
            "campaign",
            self.say,
            "Chỉ thị, kế hoạch, công văn của cấp trên mà phong trào thực hiện (trong sổ văn bản đến); văn bản "
            "phát động lấy dòng “Căn cứ” từ các văn bản này.",
        )
        self.incoming.counted.connect(
            lambda _n: self.tabs.setTabText(INCOMING_TAB, self.incoming.tab_text("&Văn bản đến"))
        )
        self.tabs.addTab(self.incoming, "&Văn bản đến")
        layout.addWidget(self.tabs, 1)
        return box

    def _build_contents_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(8, 8, 8, 6)
        self.phases_model = TextRowsModel(
            ["Đợt", "Từ ngày", "Đến ngày", "Trọng tâm"], centred=frozenset({1, 2})
        )
        self.phases_view = data_view(
            self.phases_model,
            "phasesTable",
            widths={0: "Đợt cao điểm", 1: "00/00/0000", 2: "00/00/0000"},
            stretch=3,
        )
        self.phases_view.setMaximumHeight(self.phases_view.verticalHeader().defaultSectionSize() * 5)
        on_open(self.phases_view, lambda _row: self.phase_action.isEnabled() and self.open_phase(edit=True))
        self.items_model = TextRowsModel(["Số", "Nội dung thi đua"])
        self.items_view = data_view(self.items_model, "itemsTable", widths={0: "2.10.10."}, stretch=1)
        self.items_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.items_view.selectionModel().currentRowChanged.connect(lambda *_: self._update_item_buttons())
        self.items_view.installEventFilter(self)  # Tab / Shift+Tab: indent, outdent
        on_open(self.items_view, lambda _row: self.item_buttons["edit"].isEnabled() and self.open_item_edit())
        layout.addWidget(text_label("Các đợt thi đua", "sectionTitle"))
        layout.addWidget(self.phases_view)
        layout.addWidget(text_label("Nội dung thi đua", "sectionTitle"))
        layout.addWidget(self.items_view, 1)
        row = FlowLayout(spacing=4)  # onto a second line in a narrow pane, rather than widen the window
        self.item_buttons = {}
        for key, text, tip, slot in (
            ("edit", "Sửa…", "Sửa lời của nội dung đang chọn (nhấn đúp hoặc Enter)", self.open_item_edit),
            (
                "sub",
                "Thêm ý con…",
                "Thêm ý con vào nội dung đang chọn; dán được nhiều dòng",
                self.open_sub_items,
            ),
            (
                "indent",
                "Thụt vào",
                "Nội dung đang chọn thành ý con của nội dung ở trên (Tab)",
                self.indent_item,
            ),
            ("outdent", "Lùi ra", "Nội dung đang chọn lên một cấp (Shift+Tab)", self.outdent_item),
            (
                "up",
                "↑",
                "Lên: chuyển nội dung đang chọn lên trên, trong cùng cấp",
                lambda: self.move_item(-1),
            ),
            (
                "down",
                "↓",
                "Xuống: chuyển nội dung đang chọn xuống dưới, trong cùng cấp",
                lambda: self.move_item(1),
            ),
        ):
            button = QToolButton()  # compact: six of them under the list, in a narrow pane
            button.setText(text)
            button.setObjectName(f"item_{key}")
            button.setToolTip(tip)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.item_buttons[key] = button
        layout.addLayout(row)
        return tab

    def _build_progress_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(8, 8, 8, 6)
        self.timeline = Timeline()
        layout.addWidget(self.timeline, 1)
        layout.addWidget(text_label("Mốc sơ kết, tổng kết, đánh giá hằng năm", "sectionTitle"))
        row = QHBoxLayout()
        self.review_button = QPushButton("Thêm mốc…")
        self.review_button.setToolTip("Thêm một mốc sơ kết, tổng kết hoặc đánh giá hằng năm")
        self.review_button.clicked.connect(lambda: self.open_review())
        layout.addLayout(row)
        self.yearly_button = QPushButton("Tạo mốc đánh giá hằng năm")
        self.yearly_button.setToolTip(
            "Phong trào kéo dài nhiều năm: tạo mốc đánh giá, xét khen thưởng từng năm và mốc tổng kết năm cuối"
        )
        self.yearly_button.clicked.connect(self.create_yearly)
        row.addWidget(self.review_button)
        row.addWidget(self.yearly_button)
        row.addStretch(1)
        self.reviews_model = TextRowsModel(["Mốc", "Thời gian", "Nội dung"], centred=frozenset({1}))
        self.reviews_view = data_view(
            self.reviews_model, "reviewsTable", widths={0: "Đánh giá hằng năm", 1: "00/00/0000"}, stretch=2
        )
        self.reviews_view.setMaximumHeight(self.reviews_view.verticalHeader().defaultSectionSize() * 5)
        on_open(
            self.reviews_view, lambda _row: self.review_button.isEnabled() and self.open_review(edit=True)
        )
        layout.addWidget(self.reviews_view)
        return tab

    def _build_targets_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(8, 8, 8, 6)
        self.targets_model = TextRowsModel(["Chỉ tiêu", "Mục tiêu", "Đơn vị đạt"], centred=frozenset({2}))
        self.targets_view = data_view(
            self.targets_model,
            "targetsTable",
            widths={1: "8,5 – 9 giường bệnh/vạn dân", 2: "Đơn vị đạt"},
            stretch=0,
        )
        self.targets_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.targets_view.setMaximumHeight(self.targets_view.verticalHeader().defaultSectionSize() * 6)
        self.targets_view.selectionModel().currentRowChanged.connect(lambda *_: self._show_results())
        on_open(
            self.targets_view, lambda _row: self.target_action.isEnabled() and self.open_target(edit=True)
        )
        layout.addWidget(self.targets_view)
        self.target_tools = TargetTools(self)
        layout.addWidget(self.target_tools)
        self.results_caption = text_label("", "sectionTitle", wrap=True)
        layout.addWidget(self.results_caption)
        self.results_table = QTableWidget()
        self.results_table.setObjectName("resultsGrid")
        self.results_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.results_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.results_table.cellDoubleClicked.connect(self._result_clicked)
        layout.addWidget(self.results_table, 1)
        legend = "  ".join(
            f"<span style='background:{PROGRESS_COLOURS[p]}'>&nbsp;{p.label}&nbsp;</span>"
            for p in (Progress.MET, Progress.EXCEEDED, Progress.UNDERWAY, Progress.OFF, Progress.NOT_MET)
        )
        self.legend = text_label(f"{legend} · Nhấn đúp một ô để nhập, sửa kết quả.", "muted", wrap=True)
        layout.addWidget(self.legend)
        return tab

    # --- loading -----------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        return self._loader.busy or self.details.busy or self.incoming.loading

    def load_args(self) -> tuple:
        return (self.page_year(), None)

    def say(self, text: str) -> None:
        self.status_label.setText(text)

    def show_view(self, args: tuple, data: CampaignsView) -> None:
        self.view_data = data
        self.year_combo.set_years(data.years, data.year)
        current = self.current_campaign()
        wanted = args[1] or (current.id if current else None)
        self.campaigns_model.set_rows(
            [(c.name, _years_text(c), STATUS_MARK[c.status] + c.status.label) for c in data.campaigns],
            data.campaigns,
        )
        if data.campaigns:
            self.list_empty.hide()
            self.campaigns_view.show()
            self.details.select_after_read(self.campaigns_view, [c.id for c in data.campaigns], wanted)
        else:
            self.campaigns_view.hide()
            self.list_empty.setText(
                f"Chưa có phong trào thi đua nào diễn ra trong năm {data.year}.\n\n"
                "Bấm “Phong trào mới…” (Ctrl+N) để thêm."
            )
            self.list_empty.show()
            self.details.show(None)
        running = sum(c.status is CampaignStatus.RUNNING for c in data.campaigns)
        self.year_summary.setText(f"{number(len(data.campaigns))} phong trào, {number(running)} đang diễn ra")
        self._update_actions()

    def current_campaign(self) -> CampaignSummary | None:
        row = current_row(self.campaigns_view)
        return (
            self.campaigns_model.row_id(row)
            if row is not None and row < self.campaigns_model.rowCount()
            else None
        )

    def _campaign_changed(self, *_args) -> None:
        campaign = self.current_campaign()
        if campaign is None or campaign.id == self.details.key:
            return
        self.detail_title.setText(campaign.name)
        self.details.show(campaign.id)

    # --- the chosen campaign -----------------------------------------------------------------------
    def show_detail(self, detail: CampaignDetail | None) -> None:
        self.detail = detail
        if detail is None:
            for label in (self.detail_title, self.detail_facts, self.detail_theme):
                label.setText("")
            for model in (self.phases_model, self.items_model, self.targets_model, self.reviews_model):
                model.set_rows([])
            self._show_results()
            self.timeline.set_timeline(None, None)
            self.incoming.set_target(None)
            self._update_actions()
            return
        self.detail_title.setText(detail.name)
        self.incoming.set_target(
            LinkTarget("campaign", detail.id, detail.name),
            (detail.start_date or detail.end_date or dt.date.today()).year,
        )
        facts = [
            detail.kind.label,
            f"phát động: {detail.launcher.label}",
            period_text(detail.start_date, detail.end_date),
            detail.status.label,
        ]
        facts.append(
            f"văn bản phát động số {detail.launch_document}"
            if detail.launch_document
            else "chưa có văn bản phát động"
        )
        self.detail_facts.setText(" · ".join(facts))
        self.detail_theme.setText(f"Chủ đề: “{detail.theme}”" if detail.theme else "")
        self.detail_theme.setVisible(bool(detail.theme))
        self.phases_model.set_rows(
            [
                (p.name, vn_date(p.start_date), vn_date(p.end_date), p.focus.replace("*", ""))
                for p in detail.phases
            ],
            detail.phases,
        )
        chosen = self._selected(self.items_view, self.items_model)
        self.items_model.set_rows(
            # Sub-items are indented by their level, as the documents print them numbered.
            [(str(i.number), "\u2003" * 2 * (i.level - 1) + i.text.replace("*", "")) for i in detail.items],
            detail.items,
        )
        ids = [i.id for i in detail.items]
        if chosen is not None and chosen.id in ids:  # the item moved stays chosen
            self.items_view.selectRow(ids.index(chosen.id))
        self.reviews_model.set_rows(
            [(r.kind.label, r.when_text(), r.reviewed()) for r in detail.reviews], detail.reviews
        )
        selected = self._selected(self.targets_view, self.targets_model)
        self.targets_model.set_rows(
            [(t.name, t.goal_text(), self._reached(t.id)) for t in detail.targets], detail.targets
        )
        if detail.targets:
            ids = [t.id for t in detail.targets]
            self.targets_view.selectRow(ids.index(selected.id) if selected and selected.id in ids else 0)
        self._show_results()
        self.timeline.set_timeline(
            detail.start_date,
            detail.end_date,
            [
                Bar(
                    p.name,
                    p.start_date,
                    p.end_date,
                    f"{p.name}: {vn_date(p.start_date)} – {vn_date(p.end_date)}"
                    + (f"\n{p.focus}" if p.focus else ""),
                )
                for p in detail.phases
            ],
            self._marks(detail),
        )
        self._update_actions()

    @staticmethod
    def _marks(detail: CampaignDetail) -> list[Mark]:
        """The launch, the review points held on a known day, and the end: "Tổng kết" when a tổng kết is
        planned for it (in its year, day not set), else "Kết thúc"."""
        marks = [Mark("Phát động", detail.start_date)] if detail.start_date else []
        marks += [Mark(r.kind.label, r.held_on) for r in detail.reviews if r.held_on]
        if detail.end_date:
            final = any(r.kind is ReviewKind.FINAL and not r.held_on for r in detail.reviews)
            marks.append(Mark("Tổng kết" if final else "Kết thúc", detail.end_date))
        return marks

    def _reached(self, target_id: int) -> str:
        """ "2/3": units whose latest result reaches the target, of those with results."""
        latest = {}
        for r in self.detail.results:
            if r.target_id == target_id:
                latest[r.unit_id] = r  # results come in year order
        return f"{sum(r.progress in GOOD_PROGRESS for r in latest.values())}/{len(latest)}" if latest else "—"

    @staticmethod
    def _selected(view, model):
        row = current_row(view)
        return model.row_id(row) if row is not None and row < model.rowCount() else None

    def current_target(self):
        return self._selected(self.targets_view, self.targets_model)

    def _show_results(self) -> None:
        """The chosen target's results: a row per unit, a column per year, each cell coloured by progress."""
        table, target = self.results_table, self.current_target()
        table.clear()
        if self.detail is None or target is None:
            table.setRowCount(0)
            table.setColumnCount(0)
            self.results_caption.setText(
                "Chưa có chỉ tiêu. Bấm “Thêm chỉ tiêu…” để thêm." if self.detail else ""
            )
            return
        results = [r for r in self.detail.results if r.target_id == target.id]
        years = self.detail.years() or sorted({r.year for r in results}) or [dt.date.today().year]
        units = result_units(results)
        units += [(v.unit_id, v.unit_name) for v in target.unit_values if v.unit_id not in dict(units)]
        own = "".join(
            f"; {v.unit_name}: {target.for_unit(v.unit_id).goal_text()}" for v in target.unit_values
        )
        self.results_caption.setText(
            f"Kết quả theo đơn vị: {target.name} (mục tiêu {target.goal_text()}{own})"
            if units
            else f"{target.name}: chưa có kết quả của đơn vị nào. Bấm “Nhập kết quả…” để nhập."
        )
        table.setColumnCount(len(years))
        table.setRowCount(len(units))
        table.setHorizontalHeaderLabels([str(y) for y in years])
        table.setVerticalHeaderLabels(
            [f"{name} (riêng)" if target.has_own_values(unit_id) else name for unit_id, name in units]
        )
        cells = {(r.unit_id, r.year): r for r in results}
        for row, (unit_id, _) in enumerate(units):
            for column, year in enumerate(years):
                found = cells.get((unit_id, year))
                item = QTableWidgetItem((found.result_text() or found.progress.label) if found else "")
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setData(Qt.ItemDataRole.UserRole, (unit_id, year))
                if found:
                    item.setBackground(QBrush(QColor(PROGRESS_COLOURS[found.progress])))
                    item.setToolTip(
                        f"{found.unit_name}, năm {year}: {found.result_text() or '—'} – {found.progress.label}"
                    )
                table.setItem(row, column, item)
        table.resizeColumnsToContents()
        for column in range(len(years)):
            table.setColumnWidth(column, max(table.columnWidth(column), 90))

    def _result_clicked(self, row: int, column: int) -> None:
        item = self.results_table.item(row, column)
        if item is not None:
            unit_id, year = item.data(Qt.ItemDataRole.UserRole)
            self.open_result(unit_id=unit_id, year=year)

    def _update_actions(self) -> None:
        has = self.detail is not None
        for action in (
            self.edit_action,
            self.delete_action,
            self.phase_action,
            self.items_action,
            self.target_action,
            self.launch_action,
        ):
            action.setEnabled(has)
        self.result_action.setEnabled(has and bool(self.detail.targets))
        self.target_tools.update_actions()
        self.review_button.setEnabled(has and allow(self.workspace, save_review_point))
        self.yearly_button.setEnabled(
            has and self.detail.spans_years() and allow(self.workspace, create_yearly_reviews)
        )
        self._update_item_buttons()

    def _update_item_buttons(self) -> None:
        item = self._selected(self.items_view, self.items_model) if self.detail else None
        may = allow(self.workspace, indent_content_item)
        for button in self.item_buttons.values():
            button.setEnabled(item is not None and may)

    # --- the tree of content items -----------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.items_view and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Tab and event.modifiers() == Qt.KeyboardModifier.NoModifier:
                self.indent_item()
                return True
            if event.key() == Qt.Key.Key_Backtab:
                self.outdent_item()
                return True
        return super().eventFilter(watched, event)

    def _item_write(self, fn, *args, done: str) -> WriteOp | None:
        item = self._selected(self.items_view, self.items_model)
        if item is None or not self.item_buttons["indent"].isEnabled():
            return None
        return (
            WriteOp(self.workspace, self, "Đang sắp xếp…", fn, item.id, *args, areas={Area.CAMPAIGNS})
            .success(lambda _r: self.say(done))
            .failure(lambda exc: self.say(error_text(exc, "Chưa sắp xếp được")))
            .run()
        )

    def indent_item(self) -> WriteOp | None:
        return self._item_write(indent_content_item, done="Đã thụt vào: nội dung thành ý con.")

    def outdent_item(self) -> WriteOp | None:
        return self._item_write(outdent_content_item, done="Đã lùi ra một cấp.")

    def move_item(self, step: int) -> WriteOp | None:
        return self._item_write(move_content_item, step, done="Đã đổi thứ tự nội dung.")

    def create_yearly(self) -> WriteOp | None:
        if self.detail is None or not self.yearly_button.isEnabled():
            return None
        return (
            WriteOp(
                self.workspace,
                self,
                "Đang tạo…",
                create_yearly_reviews,
                self.detail.id,
                areas={Area.CAMPAIGNS},
            )
            .success(lambda n: self.say(f"Đã tạo {number(n)} mốc đánh giá hằng năm, tổng kết."))
            .failure(lambda exc: self.say(error_text(exc, "Chưa tạo được")))
            .run()
        )

    # --- dialogs -----------------------------------------------------------------------------------
    def _open(self, dialog: QDialog, done) -> QDialog:
        """Window-modal, not blocking: on OK (the dialog's write done, the page reading again), say what
        was done."""
        return open_tracked(self, dialog, lambda _dialog: self.say(done(dialog.result_value)))

    def open_new(self) -> QDialog:
        from ui.dialogs.campaign_forms import CampaignDialog

        dialog = CampaignDialog(self.workspace, None, self)

        def done(campaign_id: int) -> str:
            data = dialog.saved
            # The year the campaign starts in, with the new campaign chosen.
            self._loader.request((data.start_date or data.end_date or dt.date.today()).year, campaign_id)
            return f"Đã thêm phong trào “{data.name}”."

        return self._open(dialog, done)

    def open_edit(self) -> QDialog | None:
        from ui.dialogs.campaign_forms import CampaignDialog

        if self.detail is None:
            return None
        return self._open(CampaignDialog(self.workspace, self.detail, self), lambda _id: "Đã lưu phong trào.")

    def open_phase(self, edit: bool = False) -> QDialog | None:
        from ui.dialogs.campaign_forms import PhaseDialog

        if self.detail is None:
            return None
        phase = self._selected(self.phases_view, self.phases_model) if edit else None
        return self._open(
            PhaseDialog(self.workspace, self.detail, phase, self), lambda _id: "Đã lưu đợt thi đua."
        )

    def open_items(self) -> QDialog | None:
        from ui.dialogs.campaign_forms import ContentItemsDialog

        if self.detail is None:
            return None
        return self._open(
            ContentItemsDialog(self.workspace, self.detail, self),
            lambda n: f"Đã thêm {number(n)} nội dung thi đua.",
        )

    def open_sub_items(self) -> QDialog | None:
        from ui.dialogs.campaign_forms import ContentItemsDialog

        item = self._selected(self.items_view, self.items_model)
        if self.detail is None or item is None:
            return None
        return self._open(
            ContentItemsDialog(self.workspace, self.detail, self, under=item),
            lambda n: f"Đã thêm {number(n)} ý con vào nội dung {item.number}",
        )

    def open_item_edit(self) -> QDialog | None:
        from ui.dialogs.campaign_forms import ContentItemDialog

        item = self._selected(self.items_view, self.items_model)
        if self.detail is None or item is None:
            return None
        return self._open(
            ContentItemDialog(self.workspace, self.detail, item, self),
            lambda _r: f"Đã sửa nội dung thi đua {item.number}",
        )

    def open_review(self, edit: bool = False) -> QDialog | None:
        from ui.dialogs.campaign_forms import ReviewDialog

        if self.detail is None:
            return None
        review = self._selected(self.reviews_view, self.reviews_model) if edit else None
        return self._open(
            ReviewDialog(self.workspace, self.detail, review, self),
            lambda _id: "Đã lưu mốc sơ kết, tổng kết.",
        )

    def open_target(self, edit: bool = False) -> QDialog | None:
        from ui.dialogs.target_forms import TargetDialog

        if self.detail is None:
            return None
        target = self.current_target() if edit else None
        return self._open(
            TargetDialog(self.workspace, self.detail, target, self), lambda _id: "Đã lưu chỉ tiêu."
        )

    def open_result(self, unit_id: int | None = None, year: int | None = None) -> QDialog | None:
        from ui.dialogs.target_forms import ResultDialog

        if self.detail is None or not self.detail.targets:
            return None
        target = self.current_target()
        dialog = ResultDialog(
            self.workspace,
            self.detail,
            self.view_data.units if self.view_data else [],
            target.id if target else None,
            unit_id,
            year,
            self,
        )
        self.tabs.setCurrentIndex(1)
        return self._open(
            dialog, lambda progress: f"Đã ghi kết quả: {progress.label}." if progress else "Đã xóa kết quả."
        )

    def open_launch(self) -> QDialog | None:
        from ui.dialogs.campaign_launch import LaunchDialog

        if self.detail is None:
            return None
        dialog = LaunchDialog(self.workspace, self.detail, self)

        dialog.registered.connect(
            lambda done: self.say(f"Đã vào sổ văn bản phát động số {done.number_text}.")
        )
        return open_tracked(self, dialog)

    def delete_selected(self) -> None:
        """The selected phase, item or target of the open tab; with none selected, the campaign."""
        if self.detail is None:
            return
        tab = self.tabs.currentIndex()
        phase = (
            self._selected(self.phases_view, self.phases_model)
            if tab == 0 and self.phases_view.hasFocus()
            else None
        )
        item = (
            self._selected(self.items_view, self.items_model)
            if tab == 0 and self.items_view.hasFocus()
            else None
        )
        target = self.current_target() if tab == 1 and self.targets_view.hasFocus() else None
        review = (
            self._selected(self.reviews_view, self.reviews_model)
            if tab == 2 and self.reviews_view.hasFocus()
            else None
        )
        if phase:
            what, delete, key = (
                f"{phase.name} ({vn_date(phase.start_date)} – {vn_date(phase.end_date)})",
                delete_phase,
                phase.id,
            )
        elif item:
            subs = content_item_count(self.detail, item.id) - 1
            what = f"nội dung số {item.number}" + (f" cùng {number(subs)} ý con của nó" if subs else "")
            delete, key = delete_content_item, item.id
        elif review:
            what = f"mốc {review.kind.label.lower()} ({review.when_text()})"
            delete, key = delete_review_point, review.id
        elif target:
            what, delete, key = f"chỉ tiêu “{target.name}”", delete_target, target.id
        else:
            what, delete, key = f"phong trào “{self.detail.name}”", delete_campaign, self.detail.id
        answer = QMessageBox.question(self, "Xóa", f"Xóa {what}?")
        if answer != QMessageBox.StandardButton.Yes:
            return
        (
            WriteOp(self.workspace, self, "Đang xóa…", delete, key, areas={Area.CAMPAIGNS})
            .success(lambda _r: self.say(f"Đã xóa {what}."))
            .failure(lambda exc: self.say(error_text(exc, "Chưa xóa được")))
            .run()
        )
