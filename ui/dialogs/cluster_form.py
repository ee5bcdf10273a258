"""Thêm, sửa cụm/khối thi đua: name, kind, the members (ticked in a filtered list: the Sở itself, the outside
organisations, the Sở's units; their order set with ↑ ↓, which a rotation follows), the leader and the
deputy chosen among them, the rule for next year's roles. OK saves in one transaction; a refusal shows in
red and nothing is written."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.units import UnitChoice
from app.services.clusters import (
    AGENCY_MEMBER,
    ClusterData,
    ClusterDetail,
    MemberRef,
    cluster_detail,
    create_cluster,
    update_cluster,
)
from app.services.outside_organisations import OutsideOrganisationData
from app.services.units import search_words
from app.text import fold
from database.enums import ClusterKind, ClusterRole, ClusterRotation
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
        *,
        outside: Sequence[OutsideOrganisationData] = (),
        agency_name: str | None = None,
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
        members = {m.ref: m for m in detail.members} if detail else {}
        # Clusters group whole units (hospitals, centres), not their khoa, phòng: the Department's direct
        # units are offered, plus any member already there; then the outside organisations and the Sở.
        offered = [(AGENCY_MEMBER, f"{agency_name} (cơ quan Sở)", agency_name)] if agency_name else []
        offered += [(MemberRef.outside(o.id), f"{o.name} (ngoài ngành)", o.name) for o in outside]
        offered += [
            (MemberRef.unit(u.id), u.name, u.label)
            for u in units
            if (u.depth <= 1 and u.active) or MemberRef.unit(u.id) in members
        ]
        # The members first, in their order; the others after them.
        place = {ref: n for n, ref in enumerate(members)}
        offered.sort(key=lambda o: place.get(o[0], len(place)))

        self.name_edit = line("Ví dụ: Cụm thi đua các bệnh viện tuyến tỉnh", detail.name if detail else "")
        self.form.addRow("Tên cụm, khối (*):", self.name_edit)
        self.kind_box = QComboBox()
        for kind in ClusterKind:
            self.kind_box.addItem(kind.label, kind)
        self.kind_box.setCurrentIndex(self.kind_box.findData(detail.kind if detail else ClusterKind.CLUSTER))
        self.form.addRow("Loại:", self.kind_box)
        self.rotation_box = QComboBox()
        for rule in ClusterRotation:
            self.rotation_box.addItem(rule.label, rule)
        self.rotation_box.setCurrentIndex(
            self.rotation_box.findData(detail.rotation if detail else ClusterRotation.NONE)
        )
        self.rotation_box.setToolTip(
            "Theo quy chế của cụm, khối: khi sao chép sang năm sau, chương trình đề xuất trưởng, phó "
            "theo quy tắc này; văn phòng vẫn chọn lại được"
        )
        self.form.addRow("Trưởng, phó năm sau:", self.rotation_box)

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
        for ref, name, label in offered:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, ref.key)
            item.setData(Qt.ItemDataRole.UserRole + 1, fold(label))
            item.setToolTip(label)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if ref in members else Qt.CheckState.Unchecked)
            self.unit_list.addItem(item)
        self.unit_list.itemChanged.connect(lambda _item: self._members_changed())
        column.addWidget(self.unit_list)
        below = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")
        below.addWidget(self.count_label, 1)
        self.up_button, self.down_button = QPushButton("↑ Lên"), QPushButton("↓ Xuống")
        for button, step in ((self.up_button, -1), (self.down_button, 1)):
            button.setToolTip("Đổi thứ tự thành viên (luân phiên trưởng, phó đi theo thứ tự này)")
            button.clicked.connect(lambda _checked=False, step=step: self.move_current(step))
            below.addWidget(button)
        column.addLayout(below)
        self.form.addRow("Thành viên (*):", box)

        self.leader_box, self.deputy_box = QComboBox(), QComboBox()
        self.form.addRow("Cụm, khối trưởng:", self.leader_box)
        self.form.addRow("Cụm, khối phó:", self.deputy_box)
        roles = {m.role: m.ref.key for m in members.values()}
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
        self.rotation_box.setCurrentIndex(self.rotation_box.findData(detail.rotation))
        members = {m.ref.key for m in detail.members}
        self.unit_list.blockSignals(True)
        for row in range(self.unit_list.count()):
            item = self.unit_list.item(row)
            ticked = item.data(Qt.ItemDataRole.UserRole) in members
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.unit_list.blockSignals(False)
        roles = {m.role: m.ref.key for m in detail.members}
        self._members_changed(roles.get(ClusterRole.LEADER), roles.get(ClusterRole.DEPUTY))
        self.note_edit.setText(detail.note)

    def _filter(self, text: str) -> None:
        words = search_words(text)
        for row in range(self.unit_list.count()):
            item = self.unit_list.item(row)
            key = item.data(Qt.ItemDataRole.UserRole + 1)
            item.setHidden(not all(w in key for w in words))

    def move_current(self, step: int) -> None:
        """The selected organisation one place up (-1) or down (1) in the members' order."""
        row = self.unit_list.currentRow()
        if row < 0 or not 0 <= row + step < self.unit_list.count():
            return
        self.unit_list.blockSignals(True)
        item = self.unit_list.takeItem(row)
        self.unit_list.insertItem(row + step, item)
        self.unit_list.setCurrentRow(row + step)
        self.unit_list.blockSignals(False)
        self._members_changed()

    def member_ids(self) -> list[MemberRef]:
        """The ticked organisations, in the members' order."""
        return [
            MemberRef.from_key(self.unit_list.item(r).data(Qt.ItemDataRole.UserRole))
            for r in range(self.unit_list.count())
            if self.unit_list.item(r).checkState() == Qt.CheckState.Checked
        ]

    def _members_changed(self, leader: str | None = None, deputy: str | None = None) -> None:
        """The role pickers offer the ticked members (by MemberRef.key); a choice still ticked is kept."""
        leader = leader if leader is not None else self.leader_box.currentData()
        deputy = deputy if deputy is not None else self.deputy_box.currentData()
        names = {
            self.unit_list.item(r).data(Qt.ItemDataRole.UserRole): self.unit_list.item(r).text()
            for r in range(self.unit_list.count())
        }
        ids = [ref.key for ref in self.member_ids()]
        for combo, keep in ((self.leader_box, leader), (self.deputy_box, deputy)):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(NOBODY, None)
            for ref in ids:
                combo.addItem(names[ref], ref)
            combo.setCurrentIndex(max(combo.findData(keep), 0) if keep is not None else 0)
            combo.blockSignals(False)
        self.count_label.setText(f"Đã chọn {number(len(ids))} thành viên")
        self.error.clear()

    def cluster_data(self) -> ClusterData:
        return ClusterData(
            self.year,
            self.name_edit.text(),
            self.kind_box.currentData(),
            tuple(self.member_ids()),
            MemberRef.from_key(self.leader_box.currentData()),
            MemberRef.from_key(self.deputy_box.currentData()),
            self.note_edit.text(),
            self.rotation_box.currentData(),
        )

    def submit(self) -> WriteOp:
        """Creates the cluster (the result is its id) or saves the edits (the result is None)."""
        self.saved = data = self.cluster_data()
        if self.detail is None:
            return self.write(create_cluster, data, areas={Area.CLUSTERS})
        return self.write(update_cluster, self.detail.id, data, self.detail.version, areas={Area.CLUSTERS})
