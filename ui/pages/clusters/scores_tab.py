"""Chấm điểm: the grid of points (ScoreModel in a QTableView). Points are saved cell by cell as the clerk
types them (Enter moves down, Tab across, Delete clears); a value over the criterion's maximum is refused
on the spot, and the totals and the ranking follow at once."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QHeaderView, QTableView, QWidget

from app.services.clusters import ClusterDetail, points_text, save_scores
from ui.format import number
from ui.operations import WriteOp, error_text
from ui.pages.clusters.parts import tab_layout
from ui.pages.clusters.score_model import FIXED_COLUMNS, PointsEntered, ScoreModel
from ui.pages.clusters.sheet_tab import TYPING
from ui.permissions import may
from ui.widgets.record_view import text_label


class ScoresTab(QWidget):
    def __init__(self, workspace, say: Callable[[str], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace, self.say = workspace, say
        layout = tab_layout(
            self,
            "Gõ điểm vào ô (Enter: xuống dòng, Tab: sang ô bên, Delete: xóa điểm). Điểm cuối "
            "cùng lấy điểm cụm chấm nếu có, nếu không lấy điểm tự chấm.",
        )
        self.model = ScoreModel(self)
        self.model.refused.connect(say)
        self.model.entered.connect(self._save)
        self.view = QTableView()
        self.view.setObjectName("scoreGrid")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(
            TYPING if may(workspace, save_scores) else QAbstractItemView.EditTrigger.NoEditTriggers
        )
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        self.view.itemDelegate().closeEditor.connect(self._editor_closed)
        clear = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view)
        clear.setContext(Qt.ShortcutContext.WidgetShortcut)
        clear.activated.connect(self.clear_selected)
        clear.setEnabled(may(workspace, save_scores))
        layout.addWidget(self.view, 1)
        self.note = text_label("", "muted", wrap=True)
        layout.addWidget(self.note)

    def show_detail(self, detail: ClusterDetail | None) -> None:
        self.model.set_detail(detail)
        self._lay_out(detail)
        if detail is None:
            self.note.setText("")
        elif not detail.criteria:
            self.note.setText(
                "Cụm, khối chưa có bảng tiêu chí: hãy lập ở thẻ “Bảng tiêu chí” trước khi chấm."
            )
        else:
            self.note.setText(
                f"{number(len(detail.criteria))} tiêu chí, tối đa {points_text(detail.max_total)} "
                "điểm. Điểm được lưu ngay khi gõ xong mỗi ô."
            )

    def _lay_out(self, detail: ClusterDetail | None) -> None:
        """Group headings over the first two columns, each member's final points over its two columns,
        and columns wide enough for the members' short names."""
        view, model = self.view, self.model
        view.clearSpans()
        if detail is None:
            return
        for row in range(model.rowCount()):
            if model.criterion_at(row) is None and row < model.total_row:
                view.setSpan(row, 0, 1, 2)
        for n in range(len(detail.members)):
            view.setSpan(model.final_row, FIXED_COLUMNS + 2 * n, 1, 2)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.setColumnWidth(0, 52)
        view.setColumnWidth(1, 280)
        view.setColumnWidth(2, 64)
        bold = QFont(view.font())
        bold.setBold(True)  # headers are bold (ui/style.py)
        metrics = QFontMetrics(bold)
        for n, m in enumerate(detail.members):
            # Wide enough for the unit's short name over its two columns, never narrower than "Cụm chấm".
            width = (
                max(metrics.horizontalAdvance("Cụm chấm"), min(150, metrics.horizontalAdvance(m.short_name)))
                + 18
            )
            for k in (0, 1):
                view.setColumnWidth(FIXED_COLUMNS + 2 * n + k, width)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)

    def _save(self, entered: PointsEntered) -> None:
        """Points the grid took: saved on the writer thread. Nothing else shows points, so no page need
        read again; if the write fails, the cell shows what it had and the status line says why."""
        entry = entered.entry

        def failed(exc: BaseException) -> None:
            if self.model.detail is not None and self.model.detail.id == entered.cluster_id:
                self.model.set_cell(entry.criterion_id, entry.member_id, entered.before)
            self.say(error_text(exc, "Chưa ghi được điểm"))

        (
            WriteOp(self.workspace, self, "Đang ghi điểm…", save_scores, entered.cluster_id, [entry])
            .success(lambda _n: self.say(entered.message))
            .failure(failed)
            .run()
        )

    def _editor_closed(self, _editor, hint) -> None:
        """Enter goes down to the next criterion, as on a paper sheet."""
        if hint != QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            return
        index = self.view.currentIndex()
        rows = [r for r in self.model.criterion_rows if r > index.row()]
        if rows:
            self.view.setCurrentIndex(self.model.index(rows[0], index.column()))

    def clear_selected(self) -> None:
        for index in self.view.selectedIndexes():
            if index.flags() & Qt.ItemFlag.ItemIsEditable and self.model.text(index.row(), index.column()):
                self.model.setData(index, "")
