"""Cụm/Khối thi đua: the clusters and blocks of a year and, for the one selected, a tab for each part of
its work – members and roles, the pledge (giao ước), the score sheet, the scoring grid, the ranking – and
the year-end suy tôn.

The page holds the year, the list of clusters and the toolbar; each tab is its own component
(members_tab, pledge_tab, sheet_tab, scores_tab, ranking_tab) showing the chosen cluster's detail, read in
the background (DetailLoader). Every edit is one write on the writer thread (ui.operations.WriteOp); the
workspace then announces it and the page reads again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QWidget,
)

from app.domain.units import UnitChoice
from app.exchange.lists import cluster_ranking_xlsx
from app.services.clusters import (
    ClusterDetail,
    ClusterSummary,
    CopyResult,
    agency_member_name,
    cluster_detail,
    cluster_years,
    copy_clusters_to_year,
    create_cluster,
    delete_cluster,
    list_clusters,
    propose,
    proposed_roles,
    update_cluster,
)
from app.services.context import ServiceContext
from app.services.outside_organisations import OutsideOrganisationData, list_outside_organisations
from app.services.records import unit_choices
from ui.format import number
from ui.jobs import DetailLoader, Loader
from ui.models.text_rows import TextRowsModel
from ui.operations import QueryOp, WriteOp, error_text
from ui.pages.base import LoadedPage
from ui.pages.clusters.members_tab import MembersTab
from ui.pages.clusters.pledge_tab import PledgeTab
from ui.pages.clusters.ranking_tab import RankingTab
from ui.pages.clusters.scores_tab import ScoresTab
from ui.pages.clusters.sheet_tab import SheetTab
from ui.permissions import allow
from ui.widgets.actions import open_tracked, page_action
from ui.widgets.data_view import data_view
from ui.widgets.pdf_output import safe_file_name
from ui.widgets.record_view import text_label
from ui.widgets.xlsx_export import export_list, list_export_action
from ui.widgets.year_combo import YearCombo
from ui.workspace import Area

CLUSTER_HEADERS = [
    "Tên cụm, khối thi đua",
    "Loại",
    "Số đơn vị",
    "Cụm, khối trưởng",
    "Cụm, khối phó",
    "Suy tôn",
]


@dataclass(frozen=True)
class ClustersView:
    year: int
    years: list[int]
    clusters: list[ClusterSummary]
    units: list[UnitChoice]
    outside: list[OutsideOrganisationData]


def load_clusters_view(ctx: ServiceContext, year: int | None) -> ClustersView:
    this_year, known = dt.date.today().year, cluster_years(ctx)
    years = sorted(set(known) | {this_year} | ({year} - {None}), reverse=True)
    if year not in years:
        # This year if it has clusters; else the latest year that has (a new database: this year).
        year = this_year if this_year in known or not known else known[0]
    return ClustersView(
        year, years, list_clusters(ctx, year), unit_choices(ctx), list_outside_organisations(ctx)
    )


class ClustersPage(LoadedPage):
    TITLE = "Cụm/Khối thi đua"
    ICON = "clusters"
    AREAS = frozenset({Area.CLUSTERS, Area.UNITS, Area.DOCUMENTS})  # a pledge's number is in the register

    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(workspace, parent)
        self.view_data: ClustersView | None = None
        self.detail: ClusterDetail | None = None
        self.active_dialog = None

        outer, toolbar = self.toolbar_frame()
        self._build_actions(toolbar)
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

        self.members_tab = MembersTab()
        self.pledge_tab = PledgeTab(workspace, self.say)
        self.sheet_tab = SheetTab(workspace, self.say)
        self.scores_tab = ScoresTab(workspace, self.say)
        self.ranking_tab = RankingTab(self.open_proposal)
        self.scores_tab.model.scores_changed.connect(self._show_ranking)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("clusterTabs")
        self.tabs.addTab(self.members_tab, "Thành &viên")
        self.tabs.addTab(self.pledge_tab, "&Giao ước")
        self.tabs.addTab(self.sheet_tab, "Bảng &tiêu chí")
        self.tabs.addTab(self.scores_tab, "&Chấm điểm")
        self.tabs.addTab(self.ranking_tab, "&Xếp hạng")

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

        ctx = workspace.ctx
        # The second argument is the cluster to select once the list is in (None: keep the current one).
        self._loader = Loader(lambda year, _select: load_clusters_view(ctx, year), self)
        self._loader.loaded.connect(self.show_view)
        self._loader.failed.connect(lambda exc: self.say(f"Không đọc được cụm, khối thi đua: {exc}"))
        self.details = DetailLoader(lambda cluster_id: cluster_detail(ctx, cluster_id), self)
        self.details.shown.connect(self.show_detail)
        self.details.failed.connect(lambda exc: self.say(f"Không đọc được cụm, khối: {exc}"))
        allow(workspace, create_cluster, self.add_action)
        allow(workspace, update_cluster, self.edit_action)
        allow(workspace, delete_cluster, self.delete_action)
        allow(workspace, propose, self.propose_action, self.ranking_tab.propose_button)
        allow(workspace, copy_clusters_to_year, self.copy_action)
        self._update_actions()

    def _build_actions(self, toolbar) -> None:
        self.add_action = page_action(
            self,
            toolbar,
            "Thêm cụm, khối…",
            "Lập cụm, khối thi đua mới cho năm đang xem (Ctrl+N)",
            self.open_add,
            "Ctrl+N",
            once=True,
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
            self, toolbar, "Xóa", "Xóa cụm, khối lập nhầm (cùng bảng điểm của nó)", self.delete_current
        )
        toolbar.addSeparator()
        self.propose_action = page_action(
            self,
            toolbar,
            "Suy tôn…",
            "Ghi kết quả suy tôn đơn vị dẫn đầu đề nghị Cờ thi đua, Bằng khen (Ctrl+T)",
            self.open_proposal,
            "Ctrl+T",
            once=True,
        )
        self.copy_action = page_action(
            self,
            toolbar,
            "Sao chép sang năm sau",
            "Lập lại các cụm, khối của năm đang xem cho năm sau, giữ thành viên và bảng tiêu chí; "
            "chọn cụm, khối trưởng và phó năm sau (chương trình đề xuất theo quy tắc của từng cụm, khối)",
            self.copy_to_next_year,
            once=True,
        )
        self.outside_action = page_action(
            self,
            toolbar,
            "Cơ quan ngoài ngành…",
            "Sở, ban, ngành khác cùng khối thi đua với Sở: tên, thủ trưởng, người ký giao ước",
            self.open_outside,
        )
        self.list_action, self.list_exporter = list_export_action(
            self,
            toolbar,
            "Kết quả chấm điểm, xếp hạng và bảng điểm của cụm, khối đang chọn ra tệp Excel để in",
            self.export_ranking,
            self.say,
            "đơn vị",
        )
        self.refresh_action = page_action(
            self, toolbar, "Làm mới", "Đọc lại từ cơ sở dữ liệu (F5)", self.reload, "F5"
        )

    # --- loading -----------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        return self._loader.busy or self.details.busy

    def load_args(self) -> tuple:
        return (self.page_year(), None)

    def say(self, text: str) -> None:
        self.status_label.setText(text)

    def show_view(self, args: tuple, data: ClustersView) -> None:
        self.view_data = data
        self.year_combo.set_years(data.years, data.year)
        proposed = sum(c.proposed for c in data.clusters)
        self.year_label.setText(
            f"{number(len(data.clusters))} cụm, khối thi đua năm {data.year}"
            + (f"; {number(proposed)} đơn vị được suy tôn đề nghị khen thưởng" if proposed else "")
        )
        current = self.current_cluster()
        wanted = args[1] or (current.id if current else None)
        self.clusters_model.set_rows(
            [
                (
                    c.name,
                    c.kind.label.split()[0],
                    number(c.members),
                    c.leader or "—",
                    c.deputy or "—",
                    f"{number(c.proposed)} đơn vị" if c.proposed else "",
                )
                for c in data.clusters
            ],
            data.clusters,
        )
        if data.clusters:
            self.empty_label.hide()
            self.split.show()
            self.details.select_after_read(self.clusters_view, [c.id for c in data.clusters], wanted)
        else:
            self.split.hide()
            self.details.show(None)
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
        if cluster is not None and cluster.id != self.details.key:
            self.details.show(cluster.id)
        self._update_actions()

    def show_detail(self, detail: ClusterDetail | None) -> None:
        if detail is not None and self._unchanged(detail):
            self.detail = detail  # keep the grid as it is: the clerk may be typing in it
            return
        self.detail = detail
        for tab in (self.members_tab, self.pledge_tab, self.sheet_tab, self.scores_tab):
            tab.show_detail(detail)
        self._update_actions()

    def _unchanged(self, detail: ClusterDetail) -> bool:
        """The same cluster read again with nothing new (points typed here are in the grid already)."""
        shown = self.detail
        return (
            shown is not None
            and shown.id == detail.id
            and dict(detail.scores) == self.scores
            and replace(shown, scores=detail.scores, ranking=detail.ranking) == detail
        )

    @property
    def scores(self):
        """The points as the grid shows them: read, then typed here."""
        return self.scores_tab.model.scores

    def _show_ranking(self) -> None:
        self.ranking_tab.show_ranking(self.scores_tab.model.detail, self.scores_tab.model.ranking())

    def detail_as_shown(self) -> ClusterDetail | None:
        """The chosen cluster with the points typed since it was read, and its ranking from them."""
        if self.detail is None:
            return None
        return replace(self.detail, scores=dict(self.scores), ranking=tuple(self.scores_tab.model.ranking()))

    def ranking_texts(self) -> list[tuple[str, str, str]]:
        return self.ranking_tab.texts()

    # --- actions -----------------------------------------------------------------------------------
    def _update_actions(self) -> None:
        has_year = self.view_data is not None
        has_cluster = self.detail is not None and self.current_cluster() is not None
        self.add_action.setEnabled(has_year)
        for action in (self.edit_action, self.delete_action, self.propose_action):
            action.setEnabled(has_cluster)
        self.ranking_tab.propose_button.setEnabled(has_cluster)
        self.list_action.setEnabled(has_cluster and not self.list_exporter.running)
        self.copy_action.setEnabled(bool(self.view_data and self.view_data.clusters))
        if self.view_data:
            self.copy_action.setText(f"Sao chép sang năm {self.view_data.year + 1}")

    def export_ranking(self):
        """The selected cluster's ranking and score sheet, laid out to print."""
        detail, agency = self.detail_as_shown(), self.workspace.agency
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
        """On OK (the dialog's write done, the page reading again), say what was done."""
        return open_tracked(self, dialog, lambda _dialog: self.say(done(dialog)))

    def open_add(self):
        from ui.dialogs.cluster_form import ClusterFormDialog

        if self.view_data is None:
            return None
        year = self.view_data.year
        dialog = ClusterFormDialog(
            self.workspace, year, self.view_data.units, parent=self, **self._member_choices()
        )

        def done(d) -> str:
            self._loader.request(year, d.result_value)  # the new cluster chosen once the list is in
            return f"Đã lập “{d.saved.name.strip()}” năm {year}."

        return self._open_dialog(dialog, done)

    def _member_choices(self) -> dict:
        """Besides the units: the outside organisations, and the Sở itself (named as documents name it)."""
        agency = self.workspace.agency
        return {
            "outside": self.view_data.outside if self.view_data else (),
            "agency_name": agency_member_name(agency.name, agency.wording) if agency else None,
        }

    def open_edit(self):
        from ui.dialogs.cluster_form import ClusterFormDialog

        if self.detail is None or self.view_data is None:
            return None
        dialog = ClusterFormDialog(
            self.workspace,
            self.detail.year,
            self.view_data.units,
            self.detail,
            parent=self,
            **self._member_choices(),
        )
        return self._open_dialog(dialog, lambda d: f"Đã lưu “{d.saved.name.strip()}”.")

    def open_proposal(self):
        from ui.dialogs.cluster_proposal import ProposalDialog

        detail = self.detail_as_shown()  # the ranking as the grid shows it now
        if detail is None:
            return None
        dialog = ProposalDialog(self.workspace, detail, parent=self)
        return self._open_dialog(
            dialog,
            lambda d: (
                f"Đã ghi kết quả suy tôn của {detail.name}: {number(d.result_value)} đơn vị được đề nghị "
                "khen thưởng."
            ),
        )

    def delete_current(self) -> None:
        detail = self.detail
        if detail is None:
            return
        answer = QMessageBox.question(
            self,
            "Xóa cụm, khối thi đua",
            f"Xóa “{detail.name}” năm {detail.year} cùng giao ước, bảng tiêu chí và điểm đã chấm?",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        (
            WriteOp(self.workspace, self, "Đang xóa…", delete_cluster, detail.id, areas={Area.CLUSTERS})
            .success(lambda _r: self.say(f"Đã xóa “{detail.name}”."))
            .failure(lambda exc: self.say(error_text(exc, "Chưa xóa được")))
            .run()
        )

    def copy_to_next_year(self) -> None:
        """The clerk chooses next year's leaders and deputies in a dialog (page.active_dialog once the
        proposals, read off the GUI thread from each cluster's rule, are in)."""
        from ui.dialogs.cluster_copy import CopyClustersDialog

        if self.view_data is None:
            return
        year = self.view_data.year

        def copied(dialog) -> str:
            result: CopyResult = dialog.result_value
            text = (
                f"Đã sao chép {number(len(result.created))} cụm, khối sang năm {year + 1} với trưởng, phó "
                "đã chọn; bảng tiêu chí giữ nguyên, chưa có điểm."
            )
            if result.skipped:
                text += f" Năm {year + 1} đã có sẵn: {'; '.join(result.skipped)}."
            self._loader.request(year + 1, None)
            return text

        (
            QueryOp(self, "Đang đọc cụm, khối…", proposed_roles, self.workspace.ctx, year)
            .success(
                lambda proposals: self._open_dialog(
                    CopyClustersDialog(self.workspace, year, proposals, parent=self), copied
                )
            )
            .failure(lambda exc: self.say(error_text(exc, "Chưa sao chép được")))
            .run()
        )

    def open_outside(self):
        from ui.dialogs.outside_organisations import OutsideOrganisationsDialog

        found = self.view_data.outside if self.view_data else []
        return open_tracked(self, OutsideOrganisationsDialog(self.workspace, found, parent=self))
