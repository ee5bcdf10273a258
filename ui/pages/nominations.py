"""Đề nghị & Xét duyệt: the batches units send for a year, the items of the chosen one with their papers
and their eligibility verdict, the status moves, and the council.

Reads run in the background, their arguments taken on the GUI thread: the year's batches, then the
chosen batch, then its verdicts (the histories of every person and unit are the window's, read once and
again only after a write they hold (`Workspace.histories`), so moving between batches costs only the
judging), and the chosen item's history.
Every change is one service call, one transaction, run as an operation on the writer thread (through a
dialog's OK or a WriteOp); the workspace then announces Area.NOMINATIONS and the page reads itself again.
Which moves an item may make is the service's rule (app.services.nominations.moves_for).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from html import escape
from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.domain.permissions import Permission
from app.domain.units import UnitChoice
from app.errors import UserError
from app.exchange.lists import nomination_list_xlsx, nominee_rows
from app.rules import Verdict
from app.services.catalogue import AwardTypeInfo, list_award_types
from app.services.context import ServiceContext
from app.services.council import add_member, hold_meeting
from app.services.eligibility import Histories, HistoryCache, histories_of
from app.services.incoming import LinkTarget, batch_label
from app.services.nomination_import import apply_nomination_import
from app.services.nominations import (
    AttachmentInfo,
    BatchInfo,
    BatchView,
    NominationItem,
    StatusChange,
    add_nomination,
    attach,
    change_status,
    create_batch,
    higher_level_items,
    list_batches,
    load_batch,
    mark_received,
    moves_for,
    status_history,
)
from app.services.records import unit_choices
from app.services.review import has_rule, item_verdicts, unregistered_items
from app.text.numbers import decimal_text
from database.enums import BatchStatus, NominationStatus
from ui.format import date, number
from ui.jobs import DetailLoader, Loader
from ui.models.nomination_items import (  # noqa: F401  (the columns, for the tests)
    ITEM_HEADERS,
    PAPERS_COLUMN,
    VERDICT_COLUMN,
    NominationItemsModel,
    subject_text,
)
from ui.operations import QueryOp, WriteOp, error_text
from ui.pages.base import Page
from ui.pages.incoming_related import RelatedIncoming
from ui.permissions import allow
from ui.widgets.actions import menu_on_button, open_window_modal, page_action
from ui.widgets.confirm import confirm
from ui.widgets.data_view import data_view
from ui.widgets.pdf_output import safe_file_name, save_pdf_and_open
from ui.widgets.record_view import scroll_body, text_label
from ui.widgets.screen_fit import FlowLayout
from ui.widgets.tables import cell, read_only_table
from ui.widgets.verdicts import (
    BAD_COLOUR,
    OK_COLOUR,
    PENDING_COLOUR,
    verdict_colour,
    verdict_text,
    verdict_tooltip,
)
from ui.widgets.xlsx_export import ExportAudit, export_list, list_export_action
from ui.widgets.year_combo import year_spin
from ui.workspace import Area

S = NominationStatus
ID_ROLE = Qt.ItemDataRole.UserRole
# Two lines a batch: the unit over the batch's title, the date received over the unit's reference.
BATCH_HEADERS = ["Đơn vị, tên hồ sơ", "Ngày nhận", "ĐN", "Trạng thái"]
BATCH_HEADER_TIPS = [
    "Đơn vị đề nghị và tên hồ sơ",
    "Ngày nhận hồ sơ giấy và số tờ trình của đơn vị",
    "Số đề nghị trong hồ sơ",
    "Trạng thái của hồ sơ",
]
NO_BATCH = "Chọn một hồ sơ bên trái để xem các đề nghị."
BATCH_INCOMING = "Văn bản đến của hồ sơ"  # the tab of the incoming documents linked to the batch
MISSING_LISTED = 12  # items named in the warning before the council; the rest are counted
# The hand moves of the toolbar; which are on for the items chosen is the service's answer (moves_for).
MOVES = (
    (
        S.RETURNED,
        "Trả lại bổ sung…",
        "Trả lại đơn vị để bổ sung hồ sơ, ghi rõ cần bổ sung gì",
        "Ctrl+Shift+B",
    ),
    (S.IN_COUNCIL, "Đưa ra Hội đồng", "Đưa các đề nghị đang chọn ra Hội đồng TĐKT bỏ phiếu", "Ctrl+Shift+H"),
    (
        S.PASSED,
        "Đạt",
        "Đạt theo biên bản bình xét của đơn vị: chỉ cho LĐTT, TTLĐTT, không cần Hội đồng bỏ phiếu",
        "Ctrl+Shift+D",
    ),
    (S.FAILED, "Không đạt…", "Không đạt, ghi lý do", "Ctrl+Shift+K"),
    (S.WITHDRAWN, "Rút đề nghị…", "Rút đề nghị theo văn bản của đơn vị, ghi lý do", "Ctrl+Shift+R"),
)


@dataclass(frozen=True)
class YearView:
    """What the page reads in one background trip."""

    year: int
    batches: list[BatchInfo]
    units: list[UnitChoice]
    awards: list[AwardTypeInfo]


def load_year_view(ctx: ServiceContext, year: int) -> YearView:
    return YearView(
        year, list_batches(ctx, year), unit_choices(ctx, include_ended=True), list_award_types(ctx)
    )


@dataclass(frozen=True)
class Judged:
    batch_id: int
    histories: Histories
    verdicts: dict[int, Verdict | None]
    unregistered: frozenset[int] = frozenset()  # items for a title the subject did not register for


def judge_batch(ctx: ServiceContext, view: BatchView, histories: Histories | HistoryCache | None) -> Judged:
    """The batch's verdicts; a batch of people only reads just their histories unless the window has read
    everyone's (a collective title counts the unit's members: everyone's then)."""
    judged = [i for i in view.items if has_rule(i)]
    people = None if any(i.collective for i in judged) else {i.person_id for i in judged}
    histories = histories_of(ctx, histories, people)
    return Judged(
        view.batch.id,
        histories,
        item_verdicts(ctx, view.items, histories),
        unregistered_items(ctx, view.items),
    )


# --- how a verdict, the papers and an item read ------------------------------------------------------


def verdict_html(verdict: Verdict | None) -> str:
    if verdict is None:
        return escape(verdict_tooltip(None))
    parts = [
        f"<p><b style='color:{verdict_colour(verdict).name()}'>"
        f"{verdict_text(verdict)}</b> — {escape(verdict.law)}</p>"
        if verdict.law
        else f"<p><b>{verdict_text(verdict)}</b></p>"
    ]
    if verdict.held:
        parts.append(f"<p>{escape(verdict.held)}</p>")
    for title, lines, mark, colour in (
        ("Còn thiếu", verdict.missing, "✗", BAD_COLOUR),
        ("Chờ Hội đồng, đơn vị xem xét", verdict.pending, "…", PENDING_COLOUR),
        ("Đã đạt", verdict.met, "✓", OK_COLOUR),
    ):
        if lines:
            parts.append(
                f"<p style='margin-bottom:2px'><b>{title}</b></p>"
                + "".join(
                    f"<p style='margin:0 0 2px 14px'><span style='color:{colour.name()}'>{mark}</span> {escape(x)}</p>"
                    for x in lines
                )
            )
    return "".join(parts)


def _size(n: int) -> str:
    return (
        f"{number(n)} B"
        if n < 1024
        else f"{number(round(n / 1024))} KB"
        if n < 1024 * 1024
        else f"{decimal_text(n / (1024 * 1024), 1)} MB"
    )


def _coloured(text: str, colour: QColor | None = None, tip: str = "", data=None):
    item = cell(text)
    if colour is not None:
        item.setForeground(QBrush(colour))
    if tip:
        item.setToolTip(tip)
    if data is not None:
        item.setData(ID_ROLE, data)
    return item


class ItemDetails(QTabWidget):
    """Below the items: the chosen item's conditions, the papers, and the history of its statuses."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        scroll, layout = scroll_body((8, 6, 8, 6))
        self.heading = text_label("", "sectionTitle", wrap=True, selectable=True)
        self.verdict_label = text_label("", wrap=True, selectable=True)
        self.verdict_label.setTextFormat(Qt.TextFormat.RichText)
        self.achievement_label = text_label("", "muted", wrap=True, selectable=True)
        layout.addWidget(self.heading)
        layout.addWidget(self.achievement_label)
        layout.addWidget(self.verdict_label)
        layout.addStretch(1)
        self.addTab(scroll, "Điều kiện")

        papers = QWidget()
        papers_layout = QVBoxLayout(papers)
        self.checklist_label = text_label("", wrap=True, selectable=True)
        self.checklist_label.setTextFormat(Qt.TextFormat.RichText)
        papers_layout.addWidget(self.checklist_label)
        self.attachments = read_only_table(["Loại giấy tờ", "Tên tệp", "Dung lượng", "Thuộc"], stretch=1)
        self.attachments.setAccessibleName("Giấy tờ đã đính kèm: Enter để mở")
        papers_layout.addWidget(self.attachments, 1)
        buttons = QHBoxLayout()
        self.open_button = QPushButton("Mở tệp")
        self.attach_button = QPushButton("Đính kèm…")
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        papers_layout.addLayout(buttons)
        self.addTab(papers, "Giấy tờ")

        self.history = read_only_table(["Thời điểm", "Người thực hiện", "Từ", "Sang", "Lý do"], stretch=4)
        self.addTab(self.history, "Quá trình xử lý")
        self.show_item(None, None, (), False)

    def show_item(
        self,
        item: NominationItem | None,
        verdict: Verdict | None,
        attachments: Sequence[AttachmentInfo],
        judged: bool,
    ) -> None:
        if item is None:
            self.heading.setText("Chọn một đề nghị để xem điều kiện, giấy tờ và quá trình xử lý.")
            self.achievement_label.setText("")
            self.verdict_label.setText("")
        else:
            self.heading.setText(f"{subject_text(item)} – {item.award_name} năm {item.year}")
            where = ", ".join(x for x in (item.position, item.unit_name) if x)
            self.achievement_label.setText(
                "\n".join(
                    x
                    for x in (
                        where,
                        f"Loại hình: {item.basis.label}",
                        f"Thành tích: {item.achievement}" if item.achievement else "",
                    )
                    if x
                )
            )
            reason = (
                f"<p><b>Vẫn đề nghị dù đã được khen, lý do:</b> {escape(item.override_reason)}</p>"
                if item.override_reason
                else ""
            )
            self.verdict_label.setText(verdict_html(verdict) + reason if judged else "Đang xét điều kiện…")
        self.show_papers(item, attachments)
        self.history.setRowCount(0)

    def show_papers(self, item: NominationItem | None, attachments: Sequence[AttachmentInfo]) -> None:
        if item is None:
            self.checklist_label.setText(
                "Giấy tờ chung của hồ sơ (tờ trình, biên bản…) dùng cho mọi đề nghị."
            )
            shown = [a for a in attachments if a.nomination_id is None]
        else:
            lines = [
                f"<span style='color:{(OK_COLOUR if e.present else BAD_COLOUR).name()}'>"
                f"{'✓' if e.present else '✗'}</span> {escape(e.label)}"
                for e in item.checklist
            ]
            self.checklist_label.setText(
                "<b>Giấy tờ cần có</b> (Luật TĐKT Điều 84):<br>" + "<br>".join(lines)
            )
            shown = [a for a in attachments if a.nomination_id in (None, item.id)]
        self.attachments.setRowCount(len(shown))
        for r, a in enumerate(shown):
            values = (
                a.kind.label,
                a.file_name,
                _size(a.size),
                "Cả hồ sơ" if a.nomination_id is None else "Đề nghị này",
            )
            for c, text in enumerate(values):
                self.attachments.setItem(r, c, _coloured(text, data=a.id))
        self.open_button.setEnabled(bool(shown))

    def show_history(self, changes: Sequence[StatusChange]) -> None:
        self.history.setRowCount(len(changes))
        for r, ch in enumerate(reversed(changes)):  # newest first
            values = (
                f"{ch.at:%d/%m/%Y %H:%M}",
                ch.actor,
                ch.from_status.label if ch.from_status else "—",
                ch.to_status.label,
                ch.reason or "",
            )
            for c, text in enumerate(values):
                self.history.setItem(r, c, _coloured(text, tip=text if c == 4 and len(text) > 40 else ""))

    def current_attachment(self) -> int | None:
        row = self.attachments.currentRow()
        if row < 0 and self.attachments.rowCount():
            row = 0
        item = self.attachments.item(row, 0) if row >= 0 else None
        return item.data(ID_ROLE) if item is not None else None


class NominationsPage(Page):
    TITLE = "Đề nghị & Xét duyệt"
    ICON = "nominations"
    minutes_job = None  # the biên bản PDF being written (ui.widgets.pdf_output.PdfJob)
    # The items and their statuses; the verdicts read the staff, ratings, registrations, initiatives and
    # awards (a decision closes items and adds awards); the unit names and the catalogue label them.
    AREAS = frozenset(
        {
            Area.NOMINATIONS,
            Area.DECISIONS,
            Area.RATINGS,
            Area.STAFF,
            Area.UNITS,
            Area.REGISTRATIONS,
            Area.INITIATIVES,
            Area.CATALOGUE,
        }
    )

    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(workspace, parent)
        self.view_data: YearView | None = None
        self.short_names: dict[str, str] = {}
        self.batch_view: BatchView | None = None
        self.verdicts: dict[int, Verdict | None] = {}
        self.unregistered: frozenset[int] = frozenset()
        self.judged_batch: int | None = None
        self.directory = None  # the staff directory, once a dialog has read it
        self._select_batch: int | None = None
        self._select_items: set[int] = set()

        layout, toolbar = self.toolbar_frame()
        self._build_heading(self.heading_row)
        self._build_actions(toolbar)
        layout.addWidget(toolbar)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self._build_batch_list())
        self.splitter.addWidget(self._build_batch_pane())
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([370, 690])
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(self._build_footer())
        self._build_loaders(workspace.ctx)
        self._allow(workspace)
        self._update_actions()

    def _allow(self, workspace) -> None:
        """Grey what the signed-in account may not do: the desk's work; lists of people leaving the office."""
        allow(workspace, create_batch, self.new_batch_action)
        allow(workspace, apply_nomination_import, self.import_list_action)
        allow(workspace, mark_received, self.receive_action)
        allow(workspace, add_nomination, self.add_item_action)
        allow(workspace, attach, self.attach_action, self.details.attach_button)
        allow(workspace, change_status, *self.status_actions.values())
        allow(workspace, add_member, self.members_button)
        allow(workspace, hold_meeting, self.meeting_button)
        allow(workspace, Permission.EXPORT, self.list_action, self.higher_list_action, self.exports_button)

    # --- building ------------------------------------------------------------------------------------
    def _build_heading(self, row: QHBoxLayout) -> None:
        """The year and the council's buttons, on the heading's row (short: it fits a 1280-pixel screen)."""
        year_label = QLabel("&Năm:")
        self.year_box = year_spin(self.workspace.year)
        self.year_box.setToolTip("Năm của thành tích được xét khen thưởng (Alt+N)")
        year_label.setBuddy(self.year_box)
        self.year_box.valueChanged.connect(lambda _y: self.reload())
        self.members_button = QPushButton("Thành viên Hội đồng…")
        self.members_button.setToolTip("Thành viên Hội đồng Thi đua – Khen thưởng theo thời gian")
        self.members_button.clicked.connect(self.open_members)
        self.meeting_button = QPushButton("Họp Hội đồng…")
        self.meeting_button.setToolTip("Ghi phiên họp: thành viên dự, số phiếu từng đề nghị (Ctrl+M)")
        self.meeting_button.setShortcut("Ctrl+M")
        self.meeting_button.clicked.connect(self.open_meeting)
        self.minutes_button = QPushButton("Biên bản họp…")
        self.minutes_button.setToolTip(
            "In biên bản một phiên họp Hội đồng của năm, lập từ danh sách dự họp và kết quả bỏ phiếu"
        )
        self.minutes_button.clicked.connect(self.print_minutes)
        self.refresh_button = QPushButton("Làm mới")
        self.refresh_button.setToolTip("Đọc lại hồ sơ và lịch sử thi đua, khen thưởng từ cơ sở dữ liệu (F5)")
        self.refresh_button.setShortcut("F5")
        self.refresh_button.clicked.connect(lambda: self.reload(fresh_histories=True))
        buttons = FlowLayout(spacing=8)  # onto a second line on a narrow window
        for widget in (
            year_label,
            self.year_box,
            self.members_button,
            self.meeting_button,
            self.minutes_button,
            self.refresh_button,
        ):
            buttons.addWidget(widget)
        row.addLayout(buttons)

    def _build_actions(self, toolbar: QToolBar) -> None:
        def act(text: str, tip: str, slot, shortcut: str, once: bool = False) -> QAction:
            return page_action(self, toolbar, text, f"{tip} ({shortcut})", slot, shortcut, once)

        self.new_batch_action = act(
            "Hồ sơ mới…", "Tạo hồ sơ đề nghị của một đơn vị", self.new_batch, "Ctrl+N", once=True
        )
        self.receive_action = act(
            "Đã nhận hồ sơ…", "Ghi ngày nhận hồ sơ giấy của hồ sơ nháp", self.receive_batch, "Ctrl+R"
        )
        self._add_import_menu(toolbar)
        toolbar.addSeparator()
        self.add_item_action = act(
            "Thêm đề nghị…", "Thêm một cá nhân hoặc tập thể vào hồ sơ", self.add_item, "Ctrl+T", once=True
        )
        self.attach_action = act(
            "Đính kèm…",
            "Đính kèm tờ trình, báo cáo thành tích, biên bản… cho cả hồ sơ hoặc đề nghị đang chọn",
            self.attach_paper,
            "Ctrl+D",
        )
        moves_start = toolbar.addSeparator()
        self.status_actions: dict[NominationStatus, QAction] = {
            to: act(text, tip, lambda _checked=False, to=to: self.move_selected(to), shortcut)
            for to, text, tip, shortcut in MOVES
        }
        toolbar.addSeparator()
        self.eligibility_action = act(
            "Ai đủ điều kiện?…",
            "Xem mọi người, tập thể đủ hoặc chưa đủ điều kiện của "
            "năm xét, với lý do, và đề nghị những người đã chọn",
            self.open_eligibility,
            "Ctrl+E",
        )
        toolbar.insertAction(moves_start, self.eligibility_action)  # before the moves: in view at 1280 px
        self.list_action, self.list_exporter = list_export_action(
            self,
            toolbar,
            "Danh sách đề nghị khen thưởng của hồ sơ đang chọn (ngày sinh theo cột Nam | Nữ, "
            "tóm tắt thành tích) ra tệp Excel để gửi cấp trên",
            self.export_batch_list,
            lambda text: self.status_label.setText(text),
            "đề nghị",
        )
        self.higher_list_action = act(
            "Danh sách trình cấp trên…",
            "Mọi đề nghị “Đạt” (hoặc đã trình) của năm "
            "vượt thẩm quyền Giám đốc Sở, từ mọi hồ sơ, ra tệp Excel kèm tờ trình",
            self.export_higher_list,
            "Ctrl+Shift+X",
        )
        # The lists out to Excel hang under one button below the batches: the moves fill the toolbar at 1280 px.
        self.exports_button = QPushButton("Xuất danh sách Excel")
        self.exports_button.setObjectName("exportsButton")
        self.exports_button.setToolTip("Danh sách đề nghị của hồ sơ, danh sách trình cấp trên ra tệp Excel")
        menu = QMenu(self)
        for action in (self.list_action, self.higher_list_action):
            toolbar.removeAction(action)  # kept on the page (their shortcuts), shown in the button's menu
            menu.addAction(action)
        self.exports_button.setMenu(menu)

    def _add_import_menu(self, toolbar: QToolBar) -> None:
        """ "Hồ sơ mới" opens a menu too, with the import of a unit's list and the arrival of a draft's paper
        file: no wider toolbar (the moves fill 1280 px)."""
        self.import_list_action = page_action(
            self,
            None,
            "Nhập danh sách đề nghị của đơn vị…",
            "Nhập danh sách đề nghị khen thưởng (tệp Excel) đơn vị gửi thành một hồ sơ mới (Ctrl+I)",
            lambda _checked=False: self.import_list(),  # not the checked flag as the path
            "Ctrl+I",
        )
        # "Đã nhận hồ sơ…" leaves the toolbar for the menu (Ctrl+R stays on the page)
        menu_on_button(
            toolbar,
            self.new_batch_action,
            self.new_batch_action,
            self.import_list_action,
            None,
            self.receive_action,
        )

    def _build_batch_list(self) -> QWidget:
        """Left: the year's batches, or a line saying there is none yet."""
        self.batches = read_only_table(BATCH_HEADERS, stretch=0)
        self.batches.setObjectName("batchTable")
        for column, tip in enumerate(BATCH_HEADER_TIPS):
            self.batches.horizontalHeaderItem(column).setToolTip(tip)
        self.batches.setAccessibleName("Hồ sơ đề nghị của năm")
        self.batches.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.batches.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.batches.itemSelectionChanged.connect(self._batch_changed)
        self.batches_empty = text_label("", "emptyState", wrap=True)
        self.batches_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(text_label("Hồ sơ đề nghị", "sectionTitle"))
        left_layout.addWidget(self.batches, 1)
        left_layout.addWidget(self.batches_empty, 1)
        below = QHBoxLayout()
        below.addWidget(self.exports_button)
        below.addStretch(1)
        left_layout.addLayout(below)
        return left

    def _build_batch_pane(self) -> QWidget:
        """Right: the chosen batch's facts, its items, and under them the chosen item's details."""
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.batch_title = text_label(NO_BATCH, "sectionTitle", wrap=True, selectable=True)
        self.batch_facts = text_label("", "muted", wrap=True, selectable=True)
        right_layout.addWidget(self.batch_title)
        right_layout.addWidget(self.batch_facts)
        inner = QSplitter(Qt.Orientation.Vertical)
        inner.addWidget(self._build_item_table())
        inner.addWidget(self._build_item_details())
        inner.setStretchFactor(0, 3)
        inner.setStretchFactor(1, 2)
        inner.setChildrenCollapsible(False)
        right_layout.addWidget(inner, 1)
        return right

    def _build_item_table(self) -> QWidget:
        # A model over the batch's items, not a QTableWidget: a unit's list may name thousands of its staff.
        self.items_model = NominationItemsModel(self)
        self.items = data_view(  # the unit, last, takes what is left
            self.items_model,
            "itemTable",
            widths={0: "Nguyễn Thị Phương Thảo", 1: "CSTĐ cấp tỉnh", 2: "Đưa ra Hội đồng"}
            | {VERDICT_COLUMN: "Chưa đủ · chưa đăng ký", PAPERS_COLUMN: "Thiếu: Biên bản"},
        )
        self.items.setAccessibleName("Các đề nghị trong hồ sơ")
        self.items.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.items.customContextMenuRequested.connect(self._context_menu)
        self.items.selectionModel().selectionChanged.connect(lambda *_: self._item_changed())
        return self.items

    def _build_item_details(self) -> QWidget:
        self.details = ItemDetails()
        self.batch_incoming = RelatedIncoming(
            self,
            "batch",
            lambda text: self.status_label.setText(text),
            "Văn bản đến gắn với hồ sơ: tờ trình của đơn vị, công văn hướng dẫn đề nghị khen thưởng…",
        )
        self.details.addTab(self.batch_incoming, BATCH_INCOMING)
        self.batch_incoming.counted.connect(
            lambda _n: self.details.setTabText(
                self.details.indexOf(self.batch_incoming), self.batch_incoming.tab_text(BATCH_INCOMING)
            )
        )
        self.details.attach_button.clicked.connect(self.attach_paper)
        self.details.open_button.clicked.connect(self.open_current_attachment)
        self.details.attachments.itemDoubleClicked.connect(lambda _i: self.open_current_attachment())
        enter = QShortcut(QKeySequence(Qt.Key.Key_Return), self.details.attachments)
        enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        enter.activated.connect(self.open_current_attachment)
        return self.details

    def _build_footer(self) -> QHBoxLayout:
        bottom = QHBoxLayout()
        self.count_label = text_label("", "unitCount")
        self.status_label = text_label("", "muted", wrap=True)
        bottom.addWidget(self.count_label)
        bottom.addSpacing(16)
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(
            text_label("Chọn nhiều đề nghị bằng Shift/Ctrl · chuột phải để xem các thao tác", "muted")
        )
        return bottom

    def _build_loaders(self, ctx: ServiceContext) -> None:
        """Four reads, each with its arguments taken here on the GUI thread: the year's batches, the chosen
        batch, its verdicts, and the chosen item's history."""
        self._loader = Loader(partial(load_year_view, ctx), self)
        self._loader.loaded.connect(self.show_year)
        self._loader.failed.connect(partial(self._failed, "Không đọc được danh sách hồ sơ"))
        self.batch_loader = DetailLoader(partial(load_batch, ctx), self)
        self.batch_loader.shown.connect(self.show_batch)
        self.batch_loader.failed.connect(partial(self._failed, "Không đọc được hồ sơ"))
        self._judge_loader = Loader(partial(judge_batch, ctx), self)
        self._judge_loader.loaded.connect(self.show_verdicts)
        self._judge_loader.failed.connect(partial(self._failed, "Không xét được điều kiện"))
        self.history_loader = DetailLoader(partial(status_history, ctx), self)
        self.history_loader.shown.connect(self._history_loaded)

    # --- loading -----------------------------------------------------------------------------------
    def activated(self) -> None:
        """Read again each time the page comes to the front: a decision issued on another page moves items
        and adds awards to the histories the verdicts read (read again by the window's cache then)."""
        self.stale = False
        if not self._loader.busy:
            self.reload()

    def refresh(self) -> None:
        """After a write here or elsewhere: the batches, the chosen batch and its verdicts. The histories
        are kept after a write to the nominations alone (they hold no nomination), read again otherwise."""
        self.reload()

    @property
    def loading(self) -> bool:
        return self.batch_incoming.loading or any(
            x.busy for x in (self._loader, self.batch_loader, self._judge_loader, self.history_loader)
        )

    def reload(self, fresh_histories: bool = False) -> None:
        if fresh_histories:  # "Làm mới": whatever the window knows of changes
            self.workspace.histories.forget()
        if self._select_batch is None:
            self._select_batch = self.current_batch_id()
        self.count_label.setText("Đang tải…")
        self._loader.request(self.year_box.value())

    def working_year_changed(self, year: int) -> None:
        self.year_box.blockSignals(True)
        self.year_box.setValue(year)
        self.year_box.blockSignals(False)
        if self.isVisible():  # else it reads when it comes to the front
            self.reload()

    def _failed(self, what: str, exc: Exception) -> None:
        self.status_label.setText(f"{what}: {error_text(exc, 'lỗi')}. Hãy thử lại (F5).")

    def show_year(self, args: tuple, data: YearView) -> None:
        if args != (self.year_box.value(),):
            return  # the year changed meanwhile; its own read follows
        self.view_data = data
        self.short_names = {a.code: a.short_name for a in data.awards}
        wanted = self._select_batch
        self._select_batch = None
        table = self.batches
        table.blockSignals(True)
        table.setRowCount(len(data.batches))
        selected_row = -1
        for r, b in enumerate(data.batches):
            received = date(b.received_on) if b.received_on else "Chưa nhận"
            values = (
                f"{b.unit_name or 'Sở Y tế'}\n{b.title}",
                f"{received}\n{b.their_reference or ''}",
                number(b.items),
                b.status.label,
            )
            for c, text in enumerate(values):
                item = _coloured(
                    text,
                    PENDING_COLOUR if b.status is BatchStatus.DRAFT and c == 3 else None,
                    tip=text if c == 0 else "",
                    data=b.id,
                )
                if c == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(r, c, item)
            table.setRowHeight(r, 2 * table.fontMetrics().height() + 12)
            if b.id == wanted:
                selected_row = r
        table.blockSignals(False)
        has = bool(data.batches)
        self.batches.setVisible(has)
        self.batches_empty.setVisible(not has)
        self.batches_empty.setText(
            f"Chưa có hồ sơ đề nghị nào của năm {data.year}.\n\nBấm “Hồ sơ mới…” (Ctrl+N) để "
            "ghi hồ sơ một đơn vị gửi về, hoặc “Nhập danh sách đề nghị của đơn vị…” (Ctrl+I, trong menu "
            "của nút đó) để lập hồ sơ từ tệp Excel đơn vị gửi."
        )
        items = sum(b.items for b in data.batches)
        self.count_label.setText(
            f"{number(len(data.batches))} hồ sơ, {number(items)} đề nghị năm {data.year}"
        )
        if has:
            table.selectRow(max(selected_row, 0))
        self._batch_changed()

    # --- the batch -----------------------------------------------------------------------------------
    def current_batch_id(self) -> int | None:
        rows = self.batches.selectionModel().selectedRows()
        if not rows or self.view_data is None or not self.view_data.batches:
            return None
        item = self.batches.item(rows[0].row(), 0)
        return item.data(ID_ROLE) if item is not None else None

    def current_batch(self) -> BatchInfo | None:
        if self.batch_view is not None and self.batch_view.batch.id == self.current_batch_id():
            return self.batch_view.batch
        return None

    def _batch_changed(self) -> None:
        batch_id = self.current_batch_id()
        if batch_id is None:
            self.batch_loader.show(None)
            self.batch_view = None
            self.batch_title.setText(NO_BATCH)
            self.batch_facts.setText("")
            self._clear_items()
            self.details.show_item(None, None, (), False)
            self.batch_incoming.set_target(None)
            self._update_actions()
            return
        if self.batch_view is None or self.batch_view.batch.id != batch_id:
            self._clear_items()
            self.batch_title.setText("Đang đọc hồ sơ…")
        self.batch_loader.show(batch_id)
        self._update_actions()

    def show_batch(self, view: BatchView | None) -> None:
        if view is None or view.batch.id != self.current_batch_id():
            return  # nothing chosen: _batch_changed has cleared the pane
        keep = self._select_items or set(self.selected_ids())
        self._select_items = set()
        self.batch_view = view
        b = view.batch
        self.batch_title.setText(b.title)
        self.batch_incoming.set_target(LinkTarget("batch", b.id, batch_label(b, b.unit_name)), b.year)
        facts = [
            f"Đơn vị đề nghị: {b.unit_name or 'Sở Y tế'}",
            f"Loại hình: {b.basis.label}",
            f"Nhận ngày {date(b.received_on)}"
            if b.received_on
            else "Chưa nhận hồ sơ giấy (nháp; khi nhận: “Đã nhận hồ sơ…” trong menu “Hồ sơ mới”, Ctrl+R)",
        ]
        if b.their_reference:
            facts.append(f"Tờ trình số {b.their_reference}")
        common = [a.kind.label for a in view.attachments if a.nomination_id is None]
        facts.append("Giấy tờ chung: " + (", ".join(dict.fromkeys(common)) if common else "chưa có"))
        self.batch_facts.setText(" · ".join(facts))
        if self.judged_batch != b.id:
            self.verdicts = {}
            self.unregistered = frozenset()
        self._fill_items(keep)
        self._judge_loader.request(view, self.workspace.histories)

    def _clear_items(self) -> None:
        self.items_model.set_items((), self.short_names, {}, frozenset())

    def _fill_items(self, keep: set[int]) -> None:
        view = self.batch_view
        table = self.items
        table.selectionModel().blockSignals(True)
        table.clearSelection()
        self.items_model.set_items(view.items, self.short_names, self.verdicts, self.unregistered)
        kept = QItemSelection()
        for r, it in enumerate(view.items):
            if it.id in keep:
                kept.select(self.items_model.index(r, 0), self.items_model.index(r, len(ITEM_HEADERS) - 1))
        if not kept.isEmpty():
            table.selectionModel().select(kept, QItemSelectionModel.SelectionFlag.Select)
        table.selectionModel().blockSignals(False)
        if view.items and not table.selectionModel().hasSelection():
            table.selectRow(0)
        if not view.items:
            self.batch_facts.setText(
                self.batch_facts.text() + "\nHồ sơ chưa có đề nghị nào: bấm “Thêm đề nghị…” (Ctrl+T)."
            )
        self._item_changed()

    def _add_row(self, row: int) -> None:
        model = self.items.selectionModel()
        flags = model.SelectionFlag.Select | model.SelectionFlag.Rows
        model.select(self.items_model.index(row, 0), flags)

    def show_verdicts(self, _args: tuple, judged: Judged) -> None:
        if self.batch_view is None or judged.batch_id != self.batch_view.batch.id:
            return
        self.judged_batch = judged.batch_id
        self.verdicts = judged.verdicts
        self.unregistered = judged.unregistered
        self.items_model.set_verdicts(self.verdicts, self.unregistered)
        self._item_changed()

    # --- the items -----------------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.items.selectionModel().selectedRows()})
        return [self.items_model.item(r).id for r in rows]

    def selected_items(self) -> list[NominationItem]:
        if self.batch_view is None:
            return []
        wanted = set(self.selected_ids())
        return [i for i in self.batch_view.items if i.id in wanted]

    def current_item(self) -> NominationItem | None:
        if self.batch_view is None:
            return None
        row = self.items.currentIndex().row()
        chosen = self.selected_ids()
        item_id = self.items_model.item(row).id if 0 <= row < self.items_model.rowCount() else None
        if item_id not in chosen:
            item_id = chosen[0] if chosen else None
        return next((i for i in self.batch_view.items if i.id == item_id), None)

    def _item_changed(self) -> None:
        item = self.current_item()
        view = self.batch_view
        self.details.show_item(
            item,
            self.verdicts.get(item.id) if item else None,
            view.attachments if view else (),
            item is not None and item.id in self.verdicts,
        )
        self.history_loader.show(item.id if item is not None else None)
        self._update_actions()

    def _history_loaded(self, changes: list[StatusChange] | None) -> None:
        if changes is not None:  # the chosen item's: DetailLoader drops an answer for an earlier one
            self.details.show_history(changes)

    def _update_actions(self) -> None:
        batch = self.current_batch()
        chosen = self.selected_items()
        self.new_batch_action.setEnabled(self.view_data is not None)
        self.receive_action.setEnabled(batch is not None and batch.status is BatchStatus.DRAFT)
        self.add_item_action.setEnabled(batch is not None)
        self.attach_action.setEnabled(batch is not None)
        self.details.attach_button.setEnabled(batch is not None)
        possible = moves_for(chosen)
        for to, action in self.status_actions.items():
            action.setEnabled(to in possible)
        self.meeting_button.setEnabled(self.view_data is not None)
        self.list_action.setEnabled(
            batch is not None
            and bool(self.batch_view and self.batch_view.items)
            and not self.list_exporter.running
        )

    def export_batch_list(self):
        """The selected batch as the danh sách đề nghị khen thưởng a higher level asks for."""
        view, ctx, agency = self.batch_view, self.workspace.ctx, self.workspace.agency
        if view is None or not view.items or view.batch.id != self.current_batch_id():
            return None
        b = view.batch
        subtitle = (
            f"(Đề nghị {agency.wording.authority(b.target_level)} khen thưởng – {b.title}"
            + (f" – {b.unit_name}" if b.unit_name else "")
            + f"; thành tích năm {b.year})"
        )
        return export_list(
            self.list_exporter,
            "Xuất danh sách đề nghị khen thưởng ra Excel",
            safe_file_name(f"Danh sách đề nghị {b.year} {b.unit_name or b.title}"),
            len(view.items),
            lambda path: nomination_list_xlsx(
                path, nominee_rows(ctx, view.items), agency, "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", subtitle, b.year
            ),
            ExportAudit(ctx, f"danh sách đề nghị khen thưởng năm {b.year}: {b.title}", len(view.items)),
        )

    def export_higher_list(self) -> QueryOp:
        """The year's items beyond the Director's power, from every batch: the list that goes with the Tờ trình."""
        year = self.year_box.value()
        op = QueryOp(
            self, "Đang đọc các đề nghị trình cấp trên…", higher_level_items, self.workspace.ctx, year
        )
        return op.success(lambda items: self._export_higher(year, items)).run()

    def _export_higher(self, year: int, items: list) -> None:
        if not items:
            self.status_label.setText(f"Năm {year} chưa có đề nghị “Đạt” nào cần trình cấp trên.")
            return
        ctx, agency = self.workspace.ctx, self.workspace.agency
        export_list(
            self.list_exporter,
            "Xuất danh sách đề nghị cấp trên khen thưởng ra Excel",
            safe_file_name(f"Danh sách trình cấp trên {year}"),
            len(items),
            lambda path: nomination_list_xlsx(
                path,
                nominee_rows(ctx, items),
                agency,
                "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
                f"(Kèm theo tờ trình đề nghị khen thưởng; thành tích năm {year})",
                year,
            ),
            ExportAudit(ctx, f"danh sách đề nghị trình cấp trên năm {year}", len(items)),
        )

    def _context_menu(self, pos: QPoint) -> None:
        self.context_menu().popup(self.items.viewport().mapToGlobal(pos))

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        for action in self.status_actions.values():
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.add_item_action)
        menu.addAction(self.attach_action)
        return menu

    # --- changes ---------------------------------------------------------------------------------------
    # Every write runs as an operation (ui.operations) announcing Area.NOMINATIONS: the page reads itself
    # again from `refresh()`; here it only says what was done and what to select when the answer comes.
    def after_change(self, message: str, batch_id: int | None = None, item_ids: Sequence[int] = ()) -> None:
        self.status_label.setText(message)
        self._select_batch = batch_id if batch_id is not None else self.current_batch_id()
        self._select_items = set(item_ids)

    def new_batch(self) -> QDialog | None:
        if self.view_data is None:
            return None
        from ui.dialogs.nomination_batch import BatchDialog

        dialog = BatchDialog(self.workspace, self.year_box.value(), self.view_data.units, parent=self)
        return open_window_modal(dialog, lambda d: self._batch_created(d.created))

    def _batch_created(self, created) -> None:
        self.after_change(
            f"Đã tạo hồ sơ “{created.title}”. Bấm “Thêm đề nghị…” (Ctrl+T) để "
            "thêm người, tập thể được đề nghị.",
            created.batch_id,
        )
        if created.year != self.year_box.value():
            self.year_box.setValue(created.year)  # reads the year the batch is in

    def import_list(self, path: str | Path | None = None) -> QDialog | None:
        """The wizard in its nominations mode, over the year shown and the chosen batch's unit (asking for the
        file first when none is given); the new batch is chosen once it is made."""
        from ui.dialogs.nomination_import import NominationImportWizard

        batch = self.current_batch()
        wizard = NominationImportWizard(
            self.workspace, self, path, year=self.year_box.value(), unit_id=batch.unit_id if batch else None
        )
        if path is None:
            wizard.choose_file()
            if wizard.path is None:
                wizard.deleteLater()
                return None
        wizard.imported.connect(
            lambda result: self.after_change(
                f"Đã nhập danh sách đề nghị: {number(result.items)} đề nghị trong hồ sơ mới.", result.batch_id
            )
        )
        return open_window_modal(wizard)

    def receive_batch(self) -> QDialog | None:
        batch = self.current_batch()
        if batch is None or batch.status is not BatchStatus.DRAFT:
            return None
        from ui.dialogs.nomination_batch import ReceiveDialog

        return open_window_modal(
            ReceiveDialog(self.workspace, batch, parent=self),
            lambda _d: self.after_change(f"Đã nhận hồ sơ “{batch.title}”.", batch.id),
        )

    def add_item(self) -> QDialog | None:
        batch = self.current_batch()
        if batch is None or self.view_data is None:
            return None
        from ui.dialogs.nomination_item import ItemDialog

        dialog = ItemDialog(
            self.workspace, batch, self.view_data.awards, self.view_data.units, self.directory, parent=self
        )

        def done(d) -> None:
            self.directory = d.directory  # the next item's dialog opens without reading it again
            added = d.added
            self.after_change(
                f"Đã thêm đề nghị {added.award_name} cho {added.subject}.", batch.id, [added.item_id]
            )

        return open_window_modal(dialog, done)

    def attach_paper(self) -> QDialog | None:
        batch = self.current_batch()
        if batch is None or self.batch_view is None:
            return None
        from ui.dialogs.nomination_papers import AttachDialog

        item = self.current_item()
        chosen = self.selected_ids()
        dialog = AttachDialog(
            self.workspace, batch, self.batch_view.items, item.id if item else None, parent=self
        )

        def done(d) -> None:
            paper = d.attached
            self.after_change(f"Đã đính kèm “{paper.file_name}” ({paper.kind.label}).", batch.id, chosen)

        return open_window_modal(dialog, done)

    def open_current_attachment(self):
        attachment_id = self.details.current_attachment()
        if attachment_id is None:
            return None
        from ui.dialogs.nomination_papers import open_attachment

        return open_attachment(self.workspace.ctx, attachment_id, self)

    def move_selected(self, to: NominationStatus) -> QDialog | WriteOp | None:
        """The chosen items to `to`, all or none (the service says which moves are lawful)."""
        chosen = self.selected_items()
        if not chosen:
            return None
        ids = [i.id for i in chosen]
        message = f"Đã chuyển {number(len(ids))} đề nghị sang “{to.label}”."
        from ui.dialogs.nomination_status import PROMPTS, ReasonDialog

        if to is NominationStatus.IN_COUNCIL and not self.go_on_without_papers(chosen):
            self.status_label.setText("Chưa đưa ra Hội đồng: hồ sơ còn thiếu giấy tờ.")
            return None
        if to in PROMPTS:
            dialog = ReasonDialog(self.workspace, chosen, to, parent=self)
            return open_window_modal(dialog, lambda _d: self.after_change(message, item_ids=ids))
        return (
            WriteOp(
                self.workspace,
                self,
                "Đang chuyển trạng thái…",
                change_status,
                ids,
                to,
                areas={Area.NOMINATIONS},
            )
            .success(lambda _none: self.after_change(message, item_ids=ids))
            .failure(self._move_refused)
            .run()
        )

    def go_on_without_papers(self, chosen: list[NominationItem]) -> bool:
        """Before the council: the items whose dossier lacks required papers, listed; the clerk goes on (the
        council may still vote) or stops to file them first."""
        lacking = [i for i in chosen if i.missing_papers]
        if not lacking:
            return True
        shown = lacking[:MISSING_LISTED]
        lines = [f"• {i.subject_name} – {i.award_name}: thiếu {'; '.join(i.missing_papers)}" for i in shown]
        if len(lacking) > len(shown):
            lines.append(f"… và {number(len(lacking) - len(shown))} đề nghị khác.")
        return confirm(
            self,
            "Hồ sơ còn thiếu giấy tờ",
            f"{number(len(lacking))} trong {number(len(chosen))} đề nghị đưa ra Hội đồng còn thiếu giấy tờ "
            "bắt buộc:\n\n" + "\n".join(lines),
            "Vẫn đưa ra Hội đồng",
            "Quay lại bổ sung",
            details="Có thể đính kèm giấy tờ còn thiếu trước (Đính kèm…, Ctrl+D) rồi đưa ra Hội đồng.",
            warning=True,
        )

    def _move_refused(self, exc: BaseException) -> None:
        """Refused as a whole: nothing moved."""
        text = error_text(exc, "Chưa chuyển được")
        self.status_label.setText(f"Chưa chuyển được: {text}" if isinstance(exc, UserError) else text)
        QMessageBox.warning(self, "Không chuyển được trạng thái", f"{text}\n\nKhông đề nghị nào bị thay đổi.")

    def open_eligibility(self) -> QDialog:
        from ui.dialogs.eligibility_dialog import EligibilityDialog

        # The histories this page has read already (the window's) spare the dialog its seconds of loading.
        dialog = EligibilityDialog(self.workspace, self.year_box.value(), self)
        dialog.panel.proposed.connect(self.after_change)
        return open_window_modal(dialog)

    # --- the council -----------------------------------------------------------------------------------
    def open_members(self) -> QDialog:
        from ui.dialogs.council_members import CouncilMembersDialog

        return open_window_modal(CouncilMembersDialog(self.workspace, self))

    def print_minutes(self) -> QueryOp:
        """The biên bản of one of the year's meetings (the clerk picks when there are several), to PDF;
        `minutes_job` is the PDF being written."""
        from app.services.council import meetings_in

        year = self.year_box.value()
        self.minutes_job = None
        op = QueryOp(self, "Đang đọc các phiên họp Hội đồng…", meetings_in, self.workspace.ctx, year)
        return op.success(lambda meetings: self._print_minutes_of(year, meetings)).run()

    def _print_minutes_of(self, year: int, meetings: list) -> None:
        from app.services.documents import render_minutes

        if not meetings:
            self.status_label.setText(f"Năm {year} chưa có phiên họp Hội đồng nào được ghi.")
            return
        labels = [
            f"{m.held_at:%d/%m/%Y %H:%M}" + (f" – {m.location}" if m.location else "") for m in meetings
        ]
        chosen = 0
        if len(meetings) > 1:
            label, ok = QInputDialog.getItem(self, "Biên bản họp Hội đồng", "Phiên họp:", labels, 0, False)
            if not ok:
                return
            chosen = labels.index(label)
        meeting, ctx = meetings[chosen], self.workspace.ctx
        self.minutes_job = save_pdf_and_open(
            self,
            f"Biên bản họp Hội đồng {meeting.held_at:%d-%m-%Y}",
            lambda path: render_minutes(ctx, meeting.id, path),
        )

    def open_meeting(self) -> QDialog | None:
        if self.view_data is None:
            return None
        from ui.dialogs.council_meeting import MeetingDialog, results_summary

        batch = self.current_batch()
        dialog = MeetingDialog(
            self.workspace,
            self.year_box.value(),
            batch.id if batch else None,
            batch.title if batch else "",
            parent=self,
        )
        return open_window_modal(
            dialog,
            lambda d: self.after_change(
                results_summary(d.results), item_ids=[r.nomination_id for r in d.results]
            ),
        )
