"""Thêm, sửa cụm/khối thi đua: name, kind, the member units (ticked in a filtered list), the leader and the
deputy chosen among them. OK saves in one transaction; a refusal shows in red and nothing is written."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.domain.units import UnitChoice
from app.services.clusters import ClusterData, ClusterDetail, cluster_detail, create_cluster, update_cluster
from app.services.units import search_words
from app.text import fold
from database.enums import ClusterKind, ClusterRole
from ui.format import number
from ui.operations import WriteOp
from ui.widgets.form_dialog import FormDialog, line
from ui.widgets.screen_fit import scroll_above_buttons
from ui.workspace import Area

NOBODY = "— chưa chọn —"


class ClusterFormDialog(FormDialog):
    """A new cluster of `year` (`detail` None) or an existing one to edit."""

    def __init__(
        self,
        workspace,
        year: int,
        units: Sequence[UnitChoice],
        detail: ClusterDetail | None = None,
        parent: QWidget | None = None,
    ):
        creating = detail is None
        super().__init__(
            workspace,
            f"Thêm cụm, khối thi đua năm {year}" if creating else "Sửa cụm, khối thi đua",
            parent=parent,
        )
        self.OK_TEXT = "Thêm" if creating else "Lưu"
        self.ok_button.setText(self.OK_TEXT)
        self.year, self.detail = year, detail
        self.saved: ClusterData | None = None  # what OK wrote: the page says so without reading the fields
        members = {m.unit_id: m for m in detail.members} if detail else {}
        # Clusters group whole units (hospitals, centres), not their khoa, phòng: the Department's direct
        # units are offered, plus any member already there.
        offered = [u for u in units if (u.depth <= 1 and u.active) or u.id in members]

        self.name_edit = line("Ví dụ: Cụm thi đua các bệnh viện tuyến tỉnh", detail.name if detail else "")
        self.form.addRow("Tên cụm, khối (*):", self.name_edit)
        self.kind_box = QComboBox()
        for kind in ClusterKind:
            self.kind_box.addItem(kind.label, kind)
        self.kind_box.setCurrentIndex(self.kind_box.findData(detail.kind if detail else ClusterKind.CLUSTER))
        self.form.addRow("Loại:", self.kind_box)

        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.filter_edit = line("Lọc theo tên đơn vị – gõ có dấu hay không dấu đều được")
        self.filter_edit.textChanged.connect(self._filter)
        column.addWidget(self.filter_edit)
        self.unit_list = QListWidget()
        self.unit_list.setObjectName("clusterMemberPicker")
        self.unit_list.setMinimumHeight(260)
        self.unit_list.setStyleSheet("QListView::item { padding: 2px 0; }")  # room for marks above capitals
        for u in offered:
            item = QListWidgetItem(u.name)
            item.setData(Qt.ItemDataRole.UserRole, u.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, fold(u.label))
            item.setToolTip(u.label)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if u.id in members else Qt.CheckState.Unchecked)
            self.unit_list.addItem(item)
        self.unit_list.itemChanged.connect(lambda _item: self._members_changed())
        column.addWidget(self.unit_list)
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")
        column.addWidget(self.count_label)
        self.form.addRow("Đơn vị thành viên (*):", box)

        self.leader_box, self.deputy_box = QComboBox(), QComboBox()
        self.form.addRow("Cụm, khối trưởng:", self.leader_box)
        self.form.addRow("Cụm, khối phó:", self.deputy_box)
        roles = {m.role: m.unit_id for m in members.values()}
        self._members_changed(roles.get(ClusterRole.LEADER), roles.get(ClusterRole.DEPUTY))
        self.note_edit = line(
            "Ví dụ: theo Quyết định số …/QĐ-SYT thành lập cụm, khối", detail.note if detail else ""
        )
        self.form.addRow("Ghi chú:", self.note_edit)
        self.finish_layout(640)
        scroll_above_buttons(self)  # a short screen scrolls the fields; the buttons stay in view
        self.name_edit.setFocus()

    def fetch_record(self, ctx) -> ClusterDetail:
        return cluster_detail(ctx, self.detail.id)

    def show_record(self, detail: ClusterDetail) -> None:
        self.detail = detail
        self.name_edit.setText(detail.name)
        self.kind_box.setCurrentIndex(self.kind_box.findData(detail.kind))
        members = {m.unit_id for m in detail.members}
        self.unit_list.blockSignals(True)
        for row in range(self.unit_list.count()):
            item = self.unit_list.item(row)
            ticked = item.data(Qt.ItemDataRole.UserRole) in members
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.unit_list.blockSignals(False)
        roles = {m.role: m.unit_id for m in detail.members}
        self._members_changed(roles.get(ClusterRole.LEADER), roles.get(ClusterRole.DEPUTY))
        self.note_edit.setText(detail.note)

    def _filter(self, text: str) -> None:
        words = search_words(text)
        for row in range(self.unit_list.count()):
            item = self.unit_list.item(row)
            key = item.data(Qt.ItemDataRole.UserRole + 1)
            item.setHidden(not all(w in key for w in words))

    def member_ids(self) -> list[int]:
        return [
            self.unit_list.item(r).data(Qt.ItemDataRole.UserRole)
            for r in range(self.unit_list.count())
            if self.unit_list.item(r).checkState() == Qt.CheckState.Checked
        ]

    def _members_changed(self, leader: int | None = None, deputy: int | None = None) -> None:
        """The role pickers offer the ticked units; a choice that is still ticked is kept."""
        leader = leader if leader is not None else self.leader_box.currentData()
        deputy = deputy if deputy is not None else self.deputy_box.currentData()
        names = {
            self.unit_list.item(r).data(Qt.ItemDataRole.UserRole): self.unit_list.item(r).text()
            for r in range(self.unit_list.count())
        }
        ids = self.member_ids()
        for combo, keep in ((self.leader_box, leader), (self.deputy_box, deputy)):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(NOBODY, None)
            for unit_id in ids:
                combo.addItem(names[unit_id], unit_id)
            combo.setCurrentIndex(max(combo.findData(keep), 0) if keep is not None else 0)
            combo.blockSignals(False)
        self.count_label.setText(f"Đã chọn {number(len(ids))} đơn vị")
        self.error.clear()

    def cluster_data(self) -> ClusterData:
        return ClusterData(
            self.year,
            self.name_edit.text(),
            self.kind_box.currentData(),
            tuple(self.member_ids()),
            self.leader_box.currentData(),
            self.deputy_box.currentData(),
            self.note_edit.text(),
        )

    def submit(self) -> WriteOp:
        """Creates the cluster (the result is its id) or saves the edits (the result is None)."""
        self.saved = data = self.cluster_data()
        if self.detail is None:
            return self.write(create_cluster, data, areas={Area.CLUSTERS})
        return self.write(update_cluster, self.detail.id, data, self.detail.version, areas={Area.CLUSTERS})
