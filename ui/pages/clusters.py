"""Cụm/Khối thi đua: the clusters and blocks of a year and, for the one selected, its members and roles, the
pledge (giao ước), the score sheet, the scoring grid, the ranking and the year-end suy tôn.

Reads run in the background (app.services.clusters); each edit is one service call, one transaction. Points
are saved cell by cell as the clerk types them (Enter moves down, Tab across), a value over the criterion's
maximum is refused on the spot, and the totals and the ranking follow at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.units import UnitChoice
from app.errors import UserError
from app.exchange.lists import cluster_ranking_xlsx
from app.services.clusters import (
    ClusterDetail,
    ClusterSummary,
    CriterionData,
    PledgeData,
    ScoreCell,
    ScoreEntry,
    cluster_detail,
    cluster_years,
    copy_clusters_to_year,
    delete_cluster,
    link_pledge_document,
    list_clusters,
    parse_points,
    parse_sheet,
    points_text,
    rank_members,
    register_pledge,
    save_pledge,
    save_scores,
    save_sheet,
)
from app.services.context import ServiceContext
from app.services.records import unit_choices
from ui.format import number
from ui.jobs import Loader
from ui.models.text_rows import TextRowsModel
from ui.pages.base import LoadedPage
from ui.widgets.actions import open_tracked, page_action
from ui.widgets.data_view import data_view
from ui.widgets.form_dialog import date_edit, date_value, set_date
from ui.widgets.pdf_output import safe_file_name
from ui.widgets.record_view import text_label
from ui.widgets.tables import cell
from ui.widgets.xlsx_export import export_list, list_export_action
from ui.widgets.year_combo import YearCombo

CLUSTER_HEADERS = [
    "Tên cụm, khối thi đua",
    "Loại",
    "Số đơn vị",
    "Cụm, khối trưởng",
    "Cụm, khối phó",
    "Suy tôn",
]
RANK_HEADERS = ["Hạng", "Đơn vị", "Vai trò", "Tự chấm", "Cụm chấm", "Điểm cuối cùng", "Đề nghị"]
FIXED_COLUMNS = 3  # STT, tiêu chí, tối đa; then two columns a member: tự chấm, cụm chấm
ID_ROLE = Qt.ItemDataRole.UserRole
# Typing in a cell starts editing it, as in Excel; so do a double-click and F2.
TYPING = (
    QAbstractItemView.EditTrigger.DoubleClicked
    | QAbstractItemView.EditTrigger.EditKeyPressed
    | QAbstractItemView.EditTrigger.AnyKeyPressed
)


@dataclass(frozen=True)
class ClustersView:
    year: int
    years: list[int]
    clusters: list[ClusterSummary]
    units: list[UnitChoice]


def load_clusters_view(ctx: ServiceContext, year: int | None) -> ClustersView:
    this_year, known = dt.date.today().year, cluster_years(ctx)
    years = sorted(set(known) | {this_year}, reverse=True)
    if year not in years:
        # This year if it has clusters; else the latest year that has (a new database: this year).
        year = this_year if this_year in known or not known else known[0]
    return ClustersView(year, years, list_clusters(ctx, year), unit_choices(ctx))


def _item(text: str, editable: bool = False, numeric: bool = False, bold: bool = False) -> QTableWidgetItem:
    """A grid cell; only the points of a member on a criterion are editable."""
    item = cell(text, numeric=numeric, bold=bold)
    if not editable:
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class _PointsDelegate(QStyledItemDelegate):
    """Commits a typed point only when the page accepts it (a number within the criterion's maximum);
    otherwise the cell keeps its value and the page says why."""

    def __init__(self, page: ClustersPage):
        super().__init__(page.score_table)
        self.page = page

    def setModelData(self, editor, model, index) -> None:
        text = editor.text() if isinstance(editor, QLineEdit) else str(index.data() or "")
        if self.page.enter_points(index.row(), index.column(), text):
            super().setModelData(editor, model, index)


class ClustersPage(LoadedPage):
    TITLE = "Cụm/Khối thi đua"
    ICON = "clusters"

    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(workspace, parent)
        self.view_data: ClustersView | None = None
        self.detail: ClusterDetail | None = None
        self.scores: dict[tuple[int, int], ScoreCell] = {}
        self.active_dialog = None
        self._year: int | None = None
        self._detail_for: int | None = None
        self._select_after_load: int | None = None
        self._filling = False

        outer, toolbar = self.toolbar_frame()
        self.add_action = page_action(
            self,
            toolbar,
            "Thêm cụm, khối…",
            "Lập cụm, khối thi đua mới cho năm đang xem (Ctrl+N)",
            self.open_add,
            "Ctrl+N",
        )
        self.edit_action = page_action(
            self,
            toolbar,
            "Sửa…",
            "Sửa tên, đơn vị thành viên, cụm trưởng, cụm phó (Ctrl+E)",
            self.open_edit,
            "Ctrl+E",
        )
        self.delete_action = page_action(
            self, toolbar, "Xoá", "Xoá cụm, khối lập nhầm (cùng bảng điểm của nó)", self.delete_current
        )
        toolbar.addSeparator()
        self.propose_action = page_action(
            self,
            toolbar,
            "Suy tôn…",
            "Ghi kết quả suy tôn đơn vị dẫn đầu đề nghị Cờ thi đua, Bằng khen (Ctrl+T)",
            self.open_proposal,
            "Ctrl+T",
        )
        self.copy_action = page_action(
            self,
            toolbar,
            "Sao chép sang năm sau",
            "Lập lại các cụm, khối của năm đang "
            "xem cho năm sau, luân phiên cụm trưởng, cụm phó; giữ bảng tiêu chí",
            self.copy_to_next_year,
        )
        self.list_action, self.list_exporter = list_export_action(
            self,
            toolbar,
            "Kết quả chấm điểm, xếp hạng và bảng điểm của cụm, khối đang chọn ra tệp Excel để in",
            self.export_ranking,
            lambda text: self.status_label.setText(text),
            "đơn vị",
        )
        self.refresh_action = page_action(
            self, toolbar, "Làm mới", "Đọc lại từ cơ sở dữ liệu (F5)", self.reload, "F5"
        )
        outer.addWidget(toolbar)

        top = QHBoxLayout()
        top.addWidget(QLabel("Năm:"))
        self.year_combo = YearCombo("Năm thi đua của các cụm, khối")
        self.year_combo.year_chosen.connect(self._year_chosen)
        top.addWidget(self.year_combo)
        top.addSpacing(12)
        self.year_label = text_label("", "muted", wrap=True)
        top.addWidget(self.year_label, 1)
        outer.addLayout(top)

        self.clusters_model = TextRowsModel(
            CLUSTER_HEADERS, numeric=frozenset({2}), centred=frozenset({1, 5})
        )
        self.clusters_view = data_view(
            self.clusters_model,
            "clustersTable",
            widths={
                1: "Khối",
                2: "00",
                3: "Trung tâm Y tế khu vực Đông",
                4: "Trung tâm Y tế khu vực Đông",
                5: "0 đơn vị",
            },
            stretch=0,
        )
        self.clusters_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.clusters_view.selectionModel().currentRowChanged.connect(self._cluster_changed)
        self.empty_label = text_label("Đang tải…", "emptyState", wrap=True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("clusterTabs")
        self.tabs.addTab(self._build_members_tab(), "Thành &viên")
        self.tabs.addTab(self._build_pledge_tab(), "&Giao ước")
        self.tabs.addTab(self._build_sheet_tab(), "Bảng &tiêu chí")
        self.tabs.addTab(self._build_scores_tab(), "&Chấm điểm")
        self.tabs.addTab(self._build_ranking_tab(), "&Xếp hạng")

        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(self.clusters_view)
        self.split.addWidget(self.tabs)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 4)
        self.split.setSizes([215, 480])  # about six clusters: a year rarely has more
        self.split.setChildrenCollapsible(False)
        outer.addWidget(self.empty_label, 1)
        outer.addWidget(self.split, 1)
        self.split.hide()

        self.status_label = text_label("", "muted", wrap=True, selectable=True)
        outer.addWidget(self.status_label)

        self._loader = Loader(lambda: load_clusters_view(workspace.ctx, self._year), self)
        self._loader.loaded.connect(lambda _args, result: self.show_view(result))
        self._loader.failed.connect(lambda exc: self.say(f"Không đọc được cụm, khối thi đua: {exc}"))
        self._detail_loader = Loader(lambda: cluster_detail(workspace.ctx, self._detail_for), self)
        self._detail_loader.loaded.connect(lambda _args, result: self.show_detail(result))
        self._detail_loader.failed.connect(lambda exc: self.say(f"Không đọc được cụm, khối: {exc}"))
        self._update_actions()

    # --- tabs --------------------------------------------------------------------------------------
    @staticmethod
    def _tab(intro: str = "") -> tuple[QWidget, QVBoxLayout]:
        """A tab's frame, with a muted line saying how to use it."""
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(8, 8, 8, 6)
        if intro:
            layout.addWidget(text_label(intro, "muted", wrap=True))
        return tab, layout

    def _button(self, row: QHBoxLayout, text: str, slot, tip: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda _checked=False: slot())
        row.addWidget(button)
        return button

    def _build_members_tab(self) -> QWidget:
        tab, layout = self._tab()
        self.cluster_title = text_label("", "sectionTitle", wrap=True, selectable=True)
        layout.addWidget(self.cluster_title)
        self.members_model = TextRowsModel(["Đơn vị thành viên", "Vai trò", "Suy tôn đề nghị"])
        self.members_view = data_view(
            self.members_model,
            "clusterMembers",
            widths={1: "Cụm/Khối trưởng", 2: "Bằng khen của Chủ tịch UBND tỉnh"},
            stretch=0,
        )
        layout.addWidget(self.members_view, 1)
        return tab

    def _build_pledge_tab(self) -> QWidget:
        tab, layout = self._tab()
        first = QHBoxLayout()
        first.addWidget(QLabel("Ngày ký:"))
        self.pledge_date = date_edit(None, optional=True)
        first.addWidget(self.pledge_date)
        first.addSpacing(16)
        first.addWidget(QLabel("Văn bản:"))
        self.pledge_reference = text_label("", selectable=True)
        first.addWidget(self.pledge_reference, 1)
        layout.addLayout(first)
        self.pledge_text = QPlainTextEdit()
        self.pledge_text.setObjectName("pledgeText")
        self.pledge_text.setPlaceholderText(
            "Nội dung giao ước thi đua: các đơn vị cam kết … (gõ hoặc dán từ văn bản đã ký)"
        )
        layout.addWidget(self.pledge_text, 1)
        buttons = QHBoxLayout()
        self.pledge_save = self._button(buttons, "Lưu giao ước", self.save_pledge)
        buttons.addSpacing(16)
        self.pledge_number = QLineEdit()
        self.pledge_number.setPlaceholderText("Số văn bản đã có trong sổ, ví dụ 03/GƯTĐ-SYT")
        self.pledge_number.setClearButtonEnabled(True)
        buttons.addWidget(self.pledge_number, 1)
        self.pledge_link = self._button(
            buttons,
            "Gắn số",
            self.link_pledge,
            "Gắn giao ước với văn bản đã vào sổ văn bản đi (để trống rồi bấm: bỏ gắn)",
        )
        self.pledge_register = self._button(
            buttons,
            "Vào sổ, cấp số…",
            self.register_pledge,
            "Vào sổ văn bản đi với số tiếp theo của năm, theo ngày ký",
        )
        self.pledge_attach = self._button(
            buttons,
            "Đính kèm bản ký…",
            self.attach_pledge_file,
            "Lưu bản quét giao ước đã ký (PDF, ảnh) cùng văn bản trong sổ",
        )
        layout.addLayout(buttons)
        return tab

    def _build_sheet_tab(self) -> QWidget:
        tab, layout = self._tab(
            "Nhóm tiêu chí và tiêu chí với điểm tối đa. Nhấn đúp hoặc F2 để sửa một ô; “Dán từ "
            "Excel” đọc các dòng “1. Nhóm …” và “1.1 Tiêu chí … <Tab> 10”."
        )
        self.sheet_tree = QTreeWidget()
        self.sheet_tree.setObjectName("criteriaTree")
        self.sheet_tree.setHeaderLabels(["Nhóm tiêu chí / tiêu chí", "Số TT", "Điểm tối đa"])
        self.sheet_tree.setEditTriggers(TYPING)
        self.sheet_tree.setAlternatingRowColors(True)
        self.sheet_tree.setStyleSheet("QTreeView::item { padding: 3px 0; }")  # room for marks above capitals
        header = self.sheet_tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.sheet_tree.setColumnWidth(1, 80)
        self.sheet_tree.setColumnWidth(2, 110)
        self.sheet_tree.itemChanged.connect(self._sheet_edited)
        layout.addWidget(self.sheet_tree, 1)
        buttons = QHBoxLayout()
        for text, slot in (
            ("Thêm nhóm", self.add_group),
            ("Thêm tiêu chí", self.add_criterion),
            ("Xoá dòng", self.remove_sheet_row),
            ("Dán từ Excel", self.paste_sheet),
        ):
            self._button(buttons, text, slot)
        self.sheet_total = text_label("", "sectionTitle")
        buttons.addWidget(self.sheet_total, 1, Qt.AlignmentFlag.AlignRight)
        self.sheet_save = self._button(buttons, "Lưu bảng tiêu chí", self.save_sheet)
        layout.addLayout(buttons)
        return tab

    def _build_scores_tab(self) -> QWidget:
        tab, layout = self._tab(
            "Gõ điểm vào ô (Enter: xuống dòng, Tab: sang ô bên, Delete: xoá điểm). Điểm cuối "
            "cùng lấy điểm cụm chấm nếu có, nếu không lấy điểm tự chấm."
        )
        self.score_table = QTableWidget()
        self.score_table.setObjectName("scoreGrid")
        self.score_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.score_table.setEditTriggers(TYPING)
        self.score_table.verticalHeader().setVisible(False)
        self.score_table.setWordWrap(False)
        self.score_table.setItemDelegate(_PointsDelegate(self))
        self.score_table.itemDelegate().closeEditor.connect(self._editor_closed)
        clear = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.score_table)
        clear.setContext(Qt.ShortcutContext.WidgetShortcut)
        clear.activated.connect(self.clear_selected_points)
        layout.addWidget(self.score_table, 1)
        self.score_note = text_label("", "muted", wrap=True)
        layout.addWidget(self.score_note)
        return tab

    def _build_ranking_tab(self) -> QWidget:
        tab, layout = self._tab()
        self.rank_model = TextRowsModel(RANK_HEADERS, numeric=frozenset({3, 4, 5}), centred=frozenset({0}))
        self.rank_view = data_view(
            self.rank_model,
            "clusterRanking",
            widths={
                0: "0 (đồng hạng)",
                1: "Bệnh viện Y dược cổ truyền tỉnh Sơn Hà",
                2: "Cụm/Khối trưởng",
                3: "000,00",
                4: "000,00",
                5: "000,00",
            },
            stretch=6,
        )
        layout.addWidget(self.rank_view, 1)
        bottom = QHBoxLayout()
        self.rank_note = text_label("", "muted", wrap=True)
        bottom.addWidget(self.rank_note, 1)
        self.propose_button = self._button(
            bottom,
            "Suy tôn…",
            self.open_proposal,
            "Ghi đơn vị được suy tôn dẫn đầu, đề nghị Cờ thi đua, Bằng khen",
        )
        layout.addLayout(bottom)
        return tab

    # --- loading -----------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        return self._loader.busy or self._detail_loader.busy

    def say(self, text: str) -> None:
        self.status_label.setText(text)

    def show_view(self, data: ClustersView) -> None:
        self.view_data = data
        self._year = data.year
        self.year_combo.set_years(data.years, data.year)
        proposed = sum(c.proposed for c in data.clusters)
        self.year_label.setText(
            f"{number(len(data.clusters))} cụm, khối thi đua năm {data.year}"
            + (f"; {number(proposed)} đơn vị được suy tôn đề nghị khen thưởng" if proposed else "")
        )
        current = self.current_cluster()
        wanted = self._select_after_load or (current.id if current else None)
        self._select_after_load = None
        self.clusters_model.set_rows(
            [
                (
                    c.name,
                    c.kind.label.split()[0],
                    number(c.members),
                    c.leader or "—",
                    c.deputy or "—",
                    f"{c.proposed} đơn vị" if c.proposed else "",
                )
                for c in data.clusters
            ],
            data.clusters,
        )
        if data.clusters:
            self.empty_label.hide()
            self.split.show()
            ids = [c.id for c in data.clusters]
            row = ids.index(wanted) if wanted in ids else 0
            if current is not None and ids[row] == current.id:
                self._cluster_changed()  # the same row: its model was reset, read it again
            self.clusters_view.selectRow(row)
        else:
            self.split.hide()
            self.detail = None
            self.empty_label.setText(
                f"Năm {data.year} chưa có cụm, khối thi đua nào.\n\nBấm “Thêm cụm, khối…” "
                "(Ctrl+N) để lập, hoặc chọn năm trước và bấm “Sao chép sang năm sau”."
            )
            self.empty_label.show()
        self._update_actions()

    def current_cluster(self) -> ClusterSummary | None:
        index = self.clusters_view.currentIndex()
        if not index.isValid() or index.row() >= self.clusters_model.rowCount():
            return None
        return self.clusters_model.row_id(index.row())

    def _cluster_changed(self, *_args) -> None:
        cluster = self.current_cluster()
        if cluster is None:
            return
        self._detail_for = cluster.id
        self._detail_loader.request()
        self._update_actions()

    def read_detail_now(self) -> None:
        """After an edit on this page: the new state at once, without waiting for a background read."""
        if self.detail is not None:
            self.show_detail(cluster_detail(self.workspace.ctx, self.detail.id))

    def show_detail(self, detail: ClusterDetail) -> None:
        if detail.id != self._detail_for:
            return  # an older answer
        if self._unchanged(detail):
            self.detail = detail  # keep the grid as it is: the clerk may be typing in it
            return
        self.detail = detail
        self.scores = dict(detail.scores)
        leader = next((m.name for m in detail.members if m.role.value == "LEADER"), None)
        self.cluster_title.setText(
            f"{detail.name} – năm {detail.year} – {number(len(detail.members))} đơn vị"
            + (f"; {detail.kind.label.split()[0].lower()} trưởng: {leader}" if leader else "")
        )
        self.members_model.set_rows(
            [
                (m.name + ("" if m.active else " (không còn hoạt động)"), m.role.label, m.proposed_name or "")
                for m in detail.members
            ]
        )
        self._show_pledge(detail)
        self._fill_sheet(detail)
        self._fill_scores(detail)
        self._show_ranking()
        self._update_actions()

    def _unchanged(self, detail: ClusterDetail) -> bool:
        """The same cluster read again with nothing new (points typed here are in self.scores already)."""
        shown = self.detail
        return (
            shown is not None
            and shown.id == detail.id
            and dict(detail.scores) == self.scores
            and replace(shown, scores=detail.scores, ranking=detail.ranking) == detail
        )

    # --- the pledge --------------------------------------------------------------------------------
    def _show_pledge(self, detail: ClusterDetail) -> None:
        pledge = detail.pledge
        set_date(self.pledge_date, pledge.signed_on if pledge else None)
        self.pledge_text.setPlainText(pledge.content if pledge else "")
        if pledge and pledge.reference:
            attached = f" – bản ký: {pledge.file_name}" if pledge.file_name else " – chưa đính kèm bản ký"
            self.pledge_reference.setText(pledge.reference + attached)
        else:
            self.pledge_reference.setText("chưa vào sổ văn bản đi")
        self.pledge_number.clear()
        linked = bool(pledge and pledge.document_id)
        self.pledge_register.setEnabled(not linked)
        self.pledge_attach.setEnabled(linked)

    def _run(self, work, done: str | None = None) -> bool:
        """One edit: the service's refusal goes to the status line and nothing changes."""
        try:
            result = work()
        except UserError as exc:
            self.say(str(exc))
            return False
        if done:
            self.say(done.format(result=result))
        return True

    def save_pledge(self) -> None:
        detail = self.detail
        data = PledgeData(date_value(self.pledge_date), self.pledge_text.toPlainText())
        if detail and self._run(
            lambda: save_pledge(self.workspace.ctx, detail.id, data), "Đã lưu giao ước thi đua."
        ):
            self.read_detail_now()

    def link_pledge(self) -> None:
        detail, reference = self.detail, self.pledge_number.text()
        if detail and self._run(
            lambda: link_pledge_document(self.workspace.ctx, detail.id, reference),
            "Đã gắn giao ước với văn bản {result}."
            if reference.strip()
            else "Đã bỏ gắn văn bản của giao ước.",
        ):
            self.read_detail_now()

    def register_pledge(self) -> None:
        detail = self.detail
        if detail is None:
            return
        day = date_value(self.pledge_date) or dt.date.today()
        data = PledgeData(date_value(self.pledge_date) or day, self.pledge_text.toPlainText())
        ctx = self.workspace.ctx
        if self._run(lambda: save_pledge(ctx, detail.id, data)) and self._run(
            lambda: register_pledge(ctx, detail.id, day), "Đã vào sổ giao ước thi đua, số {result}."
        ):
            self.read_detail_now()

    def attach_pledge_file(self) -> None:
        detail = self.detail
        if detail is None or detail.pledge is None or detail.pledge.document_id is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self, "Chọn bản quét giao ước đã ký", "", "Bản quét (*.pdf *.jpg *.jpeg *.png);;Mọi tệp (*)"
        )
        if path:
            from app.services.documents import attach_file

            if self._run(
                lambda: attach_file(self.workspace.ctx, detail.pledge.document_id, path),
                "Đã đính kèm bản ký “{result}”.",
            ):
                self.read_detail_now()

    # --- the score sheet ---------------------------------------------------------------------------
    def _fill_sheet(self, detail: ClusterDetail) -> None:
        self._filling = True
        self.sheet_tree.clear()
        for group in detail.groups:
            self._group_item(group.name, [(c.code, c.text, c.max_points, c.id) for c in group.criteria])
        self.sheet_tree.expandAll()
        self._filling = False
        self._sheet_edited()

    def _group_item(self, name: str, criteria) -> QTreeWidgetItem:
        group = QTreeWidgetItem([name, "", ""])
        group.setFlags(group.flags() | Qt.ItemFlag.ItemIsEditable)
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        self.sheet_tree.addTopLevelItem(group)
        for code, text, top, cid in criteria:
            self._criterion_item(group, code, text, top, cid)
        group.setExpanded(True)
        return group

    def _criterion_item(
        self, group: QTreeWidgetItem, code: str, text: str, top: Decimal | None, cid: int | None = None
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem([text, code, points_text(top)])
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        item.setData(0, ID_ROLE, cid)
        item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        group.addChild(item)
        return item

    def _sheet_edited(self, *_args) -> None:
        """Group totals and the sheet's total follow the maximums as they are typed."""
        if self._filling:
            return
        self._filling = True
        total = Decimal(0)
        for g in range(self.sheet_tree.topLevelItemCount()):
            group = self.sheet_tree.topLevelItem(g)
            subtotal = Decimal(0)
            for c in range(group.childCount()):
                try:
                    subtotal += parse_points(group.child(c).text(2)) or 0
                except UserError:
                    pass
            group.setText(2, points_text(subtotal))
            group.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            total += subtotal
        self._filling = False
        self.sheet_total.setText(f"Tổng điểm tối đa: {points_text(total)}")

    def add_group(self) -> None:
        n = self.sheet_tree.topLevelItemCount() + 1
        group = self._group_item(f"{n}. Nhóm tiêu chí mới", [])
        self.sheet_tree.setCurrentItem(group, 0)
        self.sheet_tree.editItem(group, 0)

    def add_criterion(self) -> None:
        current = self.sheet_tree.currentItem()
        group = (
            (current.parent() or current)
            if current
            else self.sheet_tree.topLevelItem(self.sheet_tree.topLevelItemCount() - 1)
        )
        if group is None:
            group = self._group_item("1. Nhóm tiêu chí", [])
        g = self.sheet_tree.indexOfTopLevelItem(group) + 1
        item = self._criterion_item(group, f"{g}.{group.childCount() + 1}", "Tiêu chí mới", None)
        group.setExpanded(True)
        self.sheet_tree.setCurrentItem(item, 0)
        self.sheet_tree.editItem(item, 0)

    def remove_sheet_row(self) -> None:
        item = self.sheet_tree.currentItem()
        if item is None:
            return
        parent = item.parent()
        if parent is None:
            self.sheet_tree.takeTopLevelItem(self.sheet_tree.indexOfTopLevelItem(item))
        else:
            parent.removeChild(item)
        self._sheet_edited()
        self.say(
            "Đã bỏ dòng khỏi bảng; bấm “Lưu bảng tiêu chí” để ghi (điểm đã chấm của tiêu chí bỏ đi sẽ bị xoá)."
        )

    def paste_sheet(self, text: str | None = None) -> None:
        """The sheet copied from Excel or Word replaces the one on screen; criteria whose number and text are
        unchanged keep their points."""
        text = QGuiApplication.clipboard().text() if text is None else text
        try:
            parsed = parse_sheet(text)
        except UserError as exc:
            self.say(f"Không dán được bảng tiêu chí: {exc}")
            return
        known = {(c.code, c.text): c.id for c in self.detail.criteria} if self.detail else {}
        self._filling = True
        self.sheet_tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for c in parsed:
            if c.group not in groups:
                groups[c.group] = self._group_item(c.group, [])
            self._criterion_item(groups[c.group], c.code, c.text, c.max_points, known.get((c.code, c.text)))
        self._filling = False
        self._sheet_edited()
        self.say(
            f"Đã dán {number(len(parsed))} tiêu chí trong {number(len(groups))} nhóm; kiểm tra rồi bấm “Lưu bảng "
            "tiêu chí”."
        )

    def sheet_criteria(self) -> list[CriterionData]:
        found = []
        for g in range(self.sheet_tree.topLevelItemCount()):
            group = self.sheet_tree.topLevelItem(g)
            for c in range(group.childCount()):
                item = group.child(c)
                top = parse_points(item.text(2), f"Điểm tối đa của tiêu chí “{item.text(0)[:40]}”")
                found.append(
                    CriterionData(group.text(0), item.text(0), top, item.text(1), item.data(0, ID_ROLE))
                )
        return found

    def save_sheet(self) -> None:
        detail = self.detail
        if detail is None:
            return

        def work():
            return save_sheet(self.workspace.ctx, detail.id, self.sheet_criteria())

        if self._run(work):
            self.say("Đã lưu bảng tiêu chí chấm điểm.")
            self.read_detail_now()
            self.reload()

    # --- the scoring grid --------------------------------------------------------------------------
    def _member_column(self, column: int) -> tuple[int, bool] | None:
        """(unit id, is the cluster's assessment) of a points column."""
        if self.detail is None or column < FIXED_COLUMNS:
            return None
        n, assessed = divmod(column - FIXED_COLUMNS, 2)
        members = self.detail.members
        return (members[n].unit_id, bool(assessed)) if n < len(members) else None

    def _fill_scores(self, detail: ClusterDetail) -> None:
        self._filling = True
        table = self.score_table
        table.clearSpans()
        table.clear()
        headers = ["STT", "Tiêu chí", "Tối đa"]
        for m in detail.members:
            headers += [f"{m.short_name}\nTự chấm", f"{m.short_name}\nCụm chấm"]
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        for n, m in enumerate(detail.members):
            for k in (0, 1):
                table.horizontalHeaderItem(FIXED_COLUMNS + 2 * n + k).setToolTip(m.name)
        self.criterion_rows: dict[int, object] = {}
        rows = sum(1 + len(g.criteria) for g in detail.groups) + 2
        table.setRowCount(rows)
        row = 0
        for group in detail.groups:
            table.setItem(row, 0, _item(group.name, bold=True))
            table.setSpan(row, 0, 1, 2)
            table.setItem(row, 2, _item(points_text(group.max_points), numeric=True, bold=True))
            row += 1
            for c in group.criteria:
                self.criterion_rows[row] = c
                table.setItem(row, 0, _item(c.code))
                text = _item(c.text)
                text.setToolTip(c.text)
                table.setItem(row, 1, text)
                table.setItem(row, 2, _item(points_text(c.max_points), numeric=True))
                for n, m in enumerate(detail.members):
                    given = self.scores.get((c.id, m.unit_id), ScoreCell())
                    table.setItem(
                        row, FIXED_COLUMNS + 2 * n, _item(points_text(given.self_points), True, True)
                    )
                    table.setItem(
                        row, FIXED_COLUMNS + 2 * n + 1, _item(points_text(given.assessed_points), True, True)
                    )
                row += 1
        self.total_row, self.final_row = row, row + 1
        table.setItem(self.total_row, 1, _item("Cộng", bold=True))
        table.setItem(self.final_row, 1, _item("Điểm cuối cùng", bold=True))
        table.setItem(self.total_row, 2, _item(points_text(detail.max_total), numeric=True, bold=True))
        for n in range(len(detail.members)):
            table.setSpan(self.final_row, FIXED_COLUMNS + 2 * n, 1, 2)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.setColumnWidth(0, 52)
        table.setColumnWidth(1, 280)
        table.setColumnWidth(2, 64)
        bold = QFont(table.font())
        bold.setBold(True)  # headers are bold (ui/style.py)
        metrics = QFontMetrics(bold)
        for n, m in enumerate(detail.members):
            # Wide enough for the unit's short name over its two columns, never narrower than "Cụm chấm".
            width = (
                max(metrics.horizontalAdvance("Cụm chấm"), min(150, metrics.horizontalAdvance(m.short_name)))
                + 18
            )
            for k in (0, 1):
                table.setColumnWidth(FIXED_COLUMNS + 2 * n + k, width)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        self._filling = False
        self._update_totals()
        if not detail.criteria:
            self.score_note.setText(
                "Cụm, khối chưa có bảng tiêu chí: hãy lập ở thẻ “Bảng tiêu chí” trước khi chấm."
            )
        else:
            self.score_note.setText(
                f"{number(len(detail.criteria))} tiêu chí, tối đa {points_text(detail.max_total)} "
                "điểm. Điểm được lưu ngay khi gõ xong mỗi ô."
            )

    def _update_totals(self) -> None:
        detail = self.detail
        if detail is None:
            return
        for r in rank_members(detail.members, [c.id for c in detail.criteria], self.scores):
            n = next(i for i, m in enumerate(detail.members) if m.unit_id == r.unit_id)
            column = FIXED_COLUMNS + 2 * n
            self.score_table.setItem(
                self.total_row, column, _item(points_text(r.self_total), numeric=True, bold=True)
            )
            self.score_table.setItem(
                self.total_row, column + 1, _item(points_text(r.assessed_total), numeric=True, bold=True)
            )
            final = _item(points_text(r.final_total) if r.rank else "", numeric=True, bold=True)
            final.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if r.rank:
                final.setToolTip(f"Hạng {r.rank}")
            self.score_table.setItem(self.final_row, column, final)

    def enter_points(self, row: int, column: int, text: str) -> bool:
        """Save what was typed in a cell; False (and the reason on the status line) if refused."""
        criterion, member = self.criterion_rows.get(row), self._member_column(column)
        if self.detail is None or criterion is None or member is None:
            return False
        unit_id, assessed = member
        name = next(m.name for m in self.detail.members if m.unit_id == unit_id)
        try:
            value = parse_points(text, "Điểm")
            if value is not None and value > criterion.max_points:
                raise UserError(
                    f"{name}, tiêu chí {criterion.code or criterion.text[:40]}: {points_text(value)} điểm "
                    f"vượt điểm tối đa {points_text(criterion.max_points)}; chưa ghi."
                )
        except UserError as exc:
            self.say(str(exc))
            return False
        old = self.scores.get((criterion.id, unit_id), ScoreCell())
        new = ScoreCell(old.self_points, value) if assessed else ScoreCell(value, old.assessed_points)
        entry = ScoreEntry(criterion.id, unit_id, new.self_points, new.assessed_points)
        if not self._run(lambda: save_scores(self.workspace.ctx, self.detail.id, [entry])):
            return False
        self.scores[(criterion.id, unit_id)] = new
        self.say(
            f"Đã ghi điểm {'cụm chấm' if assessed else 'tự chấm'} của {name}, tiêu chí "
            f"{criterion.code or criterion.text[:40]}: {points_text(value) or 'không có điểm'}."
        )
        self._filling = True
        self._update_totals()
        self._filling = False
        self._show_ranking()
        return True

    def _editor_closed(self, _editor, hint) -> None:
        """Enter goes down to the next criterion, as on a paper sheet."""
        if hint != QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            return
        index = self.score_table.currentIndex()
        rows = sorted(r for r in self.criterion_rows if r > index.row())
        if rows:
            self.score_table.setCurrentCell(rows[0], index.column())

    def clear_selected_points(self) -> None:
        for index in self.score_table.selectedIndexes():
            item = self.score_table.item(index.row(), index.column())
            if item is not None and item.flags() & Qt.ItemFlag.ItemIsEditable and item.text():
                if self.enter_points(index.row(), index.column(), ""):
                    item.setText("")

    # --- the ranking -------------------------------------------------------------------------------
    def _show_ranking(self) -> None:
        detail = self.detail
        if detail is None:
            return
        ranking = rank_members(detail.members, [c.id for c in detail.criteria], self.scores)
        names = detail.award_names
        self.rank_model.set_rows(
            [
                (
                    "" if r.rank is None else str(r.rank) + (" (đồng hạng)" if r.tied else ""),
                    r.name,
                    r.role.label,
                    points_text(r.self_total) if r.rank else "",
                    points_text(r.assessed_total),
                    points_text(r.final_total) if r.rank else "chưa chấm",
                    names.get(r.proposed_code, r.proposed_code or ""),
                )
                for r in ranking
            ],
            [r.unit_id for r in ranking],
        )
        tied = sorted({r.rank for r in ranking if r.tied})
        notes = []
        if tied:
            notes.append("Đồng hạng " + ", ".join(str(t) for t in tied) + " (xếp theo tên đơn vị)")
        unscored = sum(1 for r in ranking if r.rank is None)
        if unscored:
            notes.append(f"{number(unscored)} đơn vị chưa được chấm")
        proposed = [r for r in ranking if r.proposed_code]
        if proposed:
            notes.append(
                "Đã suy tôn: "
                + "; ".join(f"{r.name} ({names.get(r.proposed_code, r.proposed_code)})" for r in proposed)
            )
        self.rank_note.setText(". ".join(notes) + ("." if notes else ""))

    def ranking_texts(self) -> list[tuple[str, str, str]]:
        """(hạng, đơn vị, điểm cuối cùng) as the ranking table shows them."""
        return [
            (self.rank_model.text(r, 0), self.rank_model.text(r, 1), self.rank_model.text(r, 5))
            for r in range(self.rank_model.rowCount())
        ]

    # --- actions -----------------------------------------------------------------------------------
    def _update_actions(self) -> None:
        has_year = self.view_data is not None
        has_cluster = self.detail is not None and self.current_cluster() is not None
        self.add_action.setEnabled(has_year)
        for action in (self.edit_action, self.delete_action, self.propose_action):
            action.setEnabled(has_cluster)
        self.propose_button.setEnabled(has_cluster)
        self.list_action.setEnabled(has_cluster and not self.list_exporter.running)
        self.copy_action.setEnabled(bool(self.view_data and self.view_data.clusters))
        if self.view_data:
            self.copy_action.setText(f"Sao chép sang năm {self.view_data.year + 1}")

    def export_ranking(self):
        """The selected cluster's ranking and score sheet, laid out to print."""
        detail, agency = self.detail, self.workspace.agency
        if detail is None:
            return None
        return export_list(
            self.list_exporter,
            "Xuất kết quả xếp hạng cụm, khối ra Excel",
            safe_file_name(f"Xếp hạng {detail.name} {detail.year}"),
            len(detail.ranking),
            lambda path: cluster_ranking_xlsx(path, detail, agency),
        )

    def _open_dialog(self, dialog, done) -> object:
        def accepted(_dialog) -> None:
            self.say(done(dialog.result_value))
            self.reload()
            self.workspace.refresh_overview()

        return open_tracked(self, dialog, accepted)

    def open_add(self):
        from ui.dialogs.cluster_form import ClusterFormDialog

        if self.view_data is None:
            return None
        dialog = ClusterFormDialog(self.workspace, self.view_data.year, self.view_data.units, parent=self)

        def done(cluster_id) -> str:
            self._select_after_load = cluster_id
            return f"Đã lập “{dialog.name_edit.text().strip()}” năm {self.view_data.year}."

        return self._open_dialog(dialog, done)

    def open_edit(self):
        from ui.dialogs.cluster_form import ClusterFormDialog

        if self.detail is None or self.view_data is None:
            return None
        dialog = ClusterFormDialog(
            self.workspace, self.detail.year, self.view_data.units, self.detail, parent=self
        )
        return self._open_dialog(dialog, lambda _id: f"Đã lưu “{dialog.name_edit.text().strip()}”.")

    def open_proposal(self):
        from ui.dialogs.cluster_proposal import ProposalDialog

        if self.detail is None:
            return None
        # The ranking as the grid shows it now, points typed since the last read included.
        detail = replace(
            self.detail,
            scores=dict(self.scores),
            ranking=rank_members(self.detail.members, [c.id for c in self.detail.criteria], self.scores),
        )
        dialog = ProposalDialog(self.workspace, detail, parent=self)
        return self._open_dialog(
            dialog,
            lambda n: (
                f"Đã ghi kết quả suy tôn của {detail.name}: {number(n)} đơn vị được đề nghị khen thưởng."
            ),
        )

    def delete_current(self) -> None:
        detail = self.detail
        if detail is None:
            return
        answer = QMessageBox.question(
            self,
            "Xoá cụm, khối thi đua",
            f"Xoá “{detail.name}” năm {detail.year} cùng giao ước, bảng tiêu chí và điểm đã chấm?",
        )
        if answer == QMessageBox.StandardButton.Yes and self._run(
            lambda: delete_cluster(self.workspace.ctx, detail.id), f"Đã xoá “{detail.name}”."
        ):
            self.detail = None
            self.reload()
            self.workspace.refresh_overview()

    def copy_to_next_year(self) -> None:
        if self.view_data is None:
            return
        year, results = self.view_data.year, []
        if not self._run(lambda: results.append(copy_clusters_to_year(self.workspace.ctx, year, year + 1))):
            return
        result = results[0]
        text = (
            f"Đã sao chép {number(len(result.created))} cụm, khối sang năm {year + 1}, luân phiên cụm, khối "
            "trưởng và phó; bảng tiêu chí giữ nguyên, chưa có điểm."
        )
        if result.skipped:
            text += f" Năm {year + 1} đã có sẵn: {'; '.join(result.skipped)}."
        self.say(text)
        self._year = year + 1
        self.reload()
        self.workspace.refresh_overview()
