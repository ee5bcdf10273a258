"""Bảng tiêu chí: the groups and criteria of the score sheet with their maximum points, edited in place or
pasted from Excel, saved whole in one write (criteria kept by their id keep their points)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from app.errors import UserError
from app.services.clusters import (
    ClusterDetail,
    CriterionData,
    parse_points,
    parse_sheet,
    points_text,
    save_sheet,
)
from ui.format import number
from ui.operations import WriteOp, error_text
from ui.pages.clusters.parts import push_button, tab_layout
from ui.permissions import allow
from ui.widgets.record_view import text_label
from ui.workspace import Area

ID_ROLE = Qt.ItemDataRole.UserRole
# Typing in a cell starts editing it, as in Excel; so do a double-click and F2.
TYPING = (
    QAbstractItemView.EditTrigger.DoubleClicked
    | QAbstractItemView.EditTrigger.EditKeyPressed
    | QAbstractItemView.EditTrigger.AnyKeyPressed
)


class SheetTab(QWidget):
    def __init__(self, workspace, say: Callable[[str], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace, self.say = workspace, say
        self.detail: ClusterDetail | None = None
        self._filling = False
        layout = tab_layout(
            self,
            "Nhóm tiêu chí và tiêu chí với điểm tối đa. Nhấn đúp hoặc F2 để sửa một ô; “Dán từ "
            "Excel” đọc các dòng “1. Nhóm …” và “1.1 Tiêu chí … <Tab> 10”.",
        )
        self.tree = QTreeWidget()
        self.tree.setObjectName("criteriaTree")
        self.tree.setHeaderLabels(["Nhóm tiêu chí / tiêu chí", "Số TT", "Điểm tối đa"])
        self.tree.setEditTriggers(TYPING)
        self.tree.setAlternatingRowColors(True)
        self.tree.setStyleSheet("QTreeView::item { padding: 3px 0; }")  # room for marks above capitals
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.setColumnWidth(1, 80)
        self.tree.setColumnWidth(2, 110)
        self.tree.itemChanged.connect(self._edited)
        layout.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        editing = [
            push_button(buttons, text, slot)
            for text, slot in (
                ("Thêm nhóm", self.add_group),
                ("Thêm tiêu chí", self.add_criterion),
                ("Xóa dòng", self.remove_row),
                ("Dán từ Excel", self.paste),
            )
        ]
        self.total_label = text_label("", "sectionTitle", wrap=True)
        buttons.addWidget(self.total_label, 1, Qt.AlignmentFlag.AlignRight)
        self.save_button = push_button(buttons, "Lưu bảng tiêu chí", self.save)
        layout.addLayout(buttons)
        if not allow(workspace, save_sheet, self.save_button, *editing):
            self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

    # --- filling ---------------------------------------------------------------------------------------
    def show_detail(self, detail: ClusterDetail | None) -> None:
        self.detail = detail
        self._filling = True
        self.tree.clear()
        for group in detail.groups if detail else ():
            self._group_item(group.name, [(c.code, c.text, c.max_points, c.id) for c in group.criteria])
        self.tree.expandAll()
        self._filling = False
        self._edited()
        self.save_button.setEnabled(detail is not None)

    def _group_item(self, name: str, criteria) -> QTreeWidgetItem:
        group = QTreeWidgetItem([name, "", ""])
        group.setFlags(group.flags() | Qt.ItemFlag.ItemIsEditable)
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        self.tree.addTopLevelItem(group)
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

    def _edited(self, *_args) -> None:
        """Group totals and the sheet's total follow the maximums as they are typed; a penalty line (điểm trừ,
        negative) takes nothing from the most a member can reach, as ClusterDetail.max_total counts."""
        if self._filling:
            return
        self._filling = True
        total = Decimal(0)
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            subtotal = Decimal(0)
            for c in range(group.childCount()):
                try:
                    subtotal += max(parse_points(group.child(c).text(2), negative=True) or 0, 0)
                except UserError:
                    pass
            group.setText(2, points_text(subtotal))
            group.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            total += subtotal
        self._filling = False
        self.total_label.setText(f"Tổng điểm tối đa: {points_text(total)}")

    # --- editing ---------------------------------------------------------------------------------------
    def add_group(self) -> None:
        n = self.tree.topLevelItemCount() + 1
        group = self._group_item(f"{n}. Nhóm tiêu chí mới", [])
        self.tree.setCurrentItem(group, 0)
        self.tree.editItem(group, 0)

    def add_criterion(self) -> None:
        current = self.tree.currentItem()
        group = (
            (current.parent() or current)
            if current
            else self.tree.topLevelItem(self.tree.topLevelItemCount() - 1)
        )
        if group is None:
            group = self._group_item("1. Nhóm tiêu chí", [])
        g = self.tree.indexOfTopLevelItem(group) + 1
        item = self._criterion_item(group, f"{g}.{group.childCount() + 1}", "Tiêu chí mới", None)
        group.setExpanded(True)
        self.tree.setCurrentItem(item, 0)
        self.tree.editItem(item, 0)

    def remove_row(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        parent = item.parent()
        if parent is None:
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
        else:
            parent.removeChild(item)
        self._edited()
        self.say(
            "Đã bỏ dòng khỏi bảng; bấm “Lưu bảng tiêu chí” để ghi (điểm đã chấm của tiêu chí bỏ đi sẽ bị xóa)."
        )

    def paste(self, text: str | None = None) -> None:
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
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for c in parsed:
            if c.group not in groups:
                groups[c.group] = self._group_item(c.group, [])
            self._criterion_item(groups[c.group], c.code, c.text, c.max_points, known.get((c.code, c.text)))
        self._filling = False
        self._edited()
        self.say(
            f"Đã dán {number(len(parsed))} tiêu chí trong {number(len(groups))} nhóm; kiểm tra rồi bấm “Lưu bảng "
            "tiêu chí”."
        )

    def criteria(self) -> list[CriterionData]:
        """The sheet as it stands on screen (UserError for a maximum that is not a number)."""
        found = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            for c in range(group.childCount()):
                item = group.child(c)
                top = parse_points(
                    item.text(2), f"Điểm tối đa của tiêu chí “{item.text(0)[:40]}”", negative=True
                )
                found.append(
                    CriterionData(group.text(0), item.text(0), top, item.text(1), item.data(0, ID_ROLE))
                )
        return found

    def save(self) -> None:
        if self.detail is None:
            return
        try:
            criteria = self.criteria()
        except UserError as exc:
            self.say(str(exc))
            return
        (
            WriteOp(
                self.workspace,
                self,
                "Đang lưu bảng tiêu chí…",
                save_sheet,
                self.detail.id,
                criteria,
                areas={Area.CLUSTERS},
            )
            .success(lambda _result: self.say("Đã lưu bảng tiêu chí chấm điểm."))
            .failure(lambda exc: self.say(error_text(exc, "Chưa lưu được")))
            .run()
        )
