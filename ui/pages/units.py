"""Đơn vị: the Department, its units and their departments as a tree, with each unit's history.

The tree is read once in the background (app.services.units.unit_tree: three queries) and filtered
in memory as the clerk types. The side panel shows the selected unit: its data at once, its history
and its cụm/khối membership when they are read (also in the background). Every change goes through
a dialog whose OK calls one service, one transaction; then the tree is read again and the figures
of the whole window are counted again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.domain.units import UnitChoice
from app.services.context import ServiceContext
from app.services.ratings import save_ratings
from app.services.records import UnitRecord, unit_choices, unit_record
from app.services.unit_import import apply_unit_import
from app.services.units import (
    ClusterMembership,
    UnitNode,
    UnitTree,
    create_unit,
    dissolve_unit,
    merge_units,
    rename_unit,
    split_unit,
    unit_clusters,
    unit_tree,
    update_unit,
)
from database.enums import ClusterKind, ClusterRole
from ui.dialogs.unit_record import unit_status_text
from ui.format import date, number
from ui.jobs import DetailLoader, Loader
from ui.pages.base import LoadedPage
from ui.permissions import allow
from ui.widgets.actions import menu_on_button, page_action
from ui.widgets.record_view import scroll_body, show_rows, table_section, text_label
from ui.widgets.unit_tree import Column, UnitTreeWidget
from ui.workspace import Area


@dataclass(frozen=True)
class UnitsView:
    """What the page reads in one background trip."""

    tree: UnitTree
    choices: list[UnitChoice]  # the units for pickers, ended ones too (marked)


def load_units_view(ctx: ServiceContext) -> UnitsView:
    return UnitsView(unit_tree(ctx), unit_choices(ctx, include_ended=True))


@dataclass(frozen=True)
class UnitDetails:
    unit_id: int
    record: UnitRecord
    clusters: list[ClusterMembership]


def load_unit_details(ctx: ServiceContext, unit_id: int) -> UnitDetails:
    return UnitDetails(unit_id, unit_record(ctx, unit_id), unit_clusters(ctx, unit_id))


def _status(node: UnitNode) -> str:
    return "Hoạt động" if node.active else unit_status_text(node.status, node.ended_on)


def _staff_tip(node: UnitNode) -> str:
    if node.staff_total == node.staff_own:
        return f"{number(node.staff_own)} cán bộ đang công tác"
    return (
        f"{number(node.staff_total)} cán bộ đang công tác: {number(node.staff_own)} tại đơn vị, "
        f"{number(node.staff_total - node.staff_own)} ở các đơn vị trực thuộc"
    )


COLUMNS = [
    Column(
        "Tên đơn vị",
        lambda n: n.name,
        width_sample="Trung tâm Kiểm nghiệm Thuốc, Mỹ phẩm, Thực phẩm",
        tooltip=lambda n: n.name + (f"\nTên cũ: {'; '.join(n.former_names)}" if n.former_names else ""),
    ),
    Column(
        "Cán bộ", lambda n: number(n.staff_total) if n.staff_total else "", numeric=True, tooltip=_staff_tip
    ),
    Column("Loại hình", lambda n: n.kind.label),
    Column("Mã", lambda n: n.data.code or ""),
    Column("Tình trạng", _status),
    Column("Thủ trưởng", lambda n: n.data.head_name or ""),
    Column("Điện thoại", lambda n: n.data.phone or ""),
    Column("Email", lambda n: n.data.email or ""),
    Column("Địa chỉ", lambda n: n.data.address or ""),
]


NOTHING_SELECTED = "Chọn một đơn vị trên cây để xem thông tin."
NO_EVENTS = "Chưa ghi nhận thay đổi nào."
NO_CLUSTERS = "Chưa tham gia cụm, khối thi đua nào."


class UnitPanel(QWidget):
    """The selected unit beside the tree."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        scroll, layout = scroll_body((10, 0, 4, 0))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout.setSpacing(6)
        self.title = text_label(NOTHING_SELECTED, "sectionTitle", wrap=True, selectable=True)
        self.subtitle = text_label("", "muted", wrap=True)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)

        self.facts_box = QGroupBox("Thông tin")
        self.facts_form = QFormLayout(self.facts_box)
        self.facts_form.setHorizontalSpacing(10)
        self.facts_form.setVerticalSpacing(4)
        self.facts_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.facts: dict[str, QLabel] = {}
        for key, caption in (
            ("code", "Mã"),
            ("short_name", "Tên viết tắt"),
            ("parent", "Trực thuộc"),
            ("established", "Thành lập"),
            ("head", "Thủ trưởng"),
            ("phone", "Điện thoại"),
            ("email", "Email"),
            ("address", "Địa chỉ"),
            ("staff", "Cán bộ"),
            ("note", "Ghi chú"),
        ):
            value = text_label(wrap=True, selectable=True)
            self.facts_form.addRow(text_label(caption + ":", "muted"), value)
            self.facts[key] = value
        layout.addWidget(self.facts_box)

        self.names_box = QGroupBox("Tên gọi trước đây")
        names_layout = QVBoxLayout(self.names_box)
        self.names_label = text_label(wrap=True, selectable=True)
        names_layout.addWidget(self.names_label)
        layout.addWidget(self.names_box)

        self.events_box, self.events_table, self.events_empty = table_section(
            "Đổi tên, sáp nhập, chia tách, giải thể", ["Ngày", "Sự kiện", "Nội dung"], 2, NO_EVENTS
        )
        self.lineage_label = text_label("", "muted", wrap=True)
        self.events_box.layout().addWidget(self.lineage_label)
        layout.addWidget(self.events_box)
        self.clusters_box, self.clusters_table, self.clusters_empty = table_section(
            "Cụm, khối thi đua", ["Năm", "Cụm, khối", "Vai trò"], 1, NO_CLUSTERS
        )
        layout.addWidget(self.clusters_box)

        self.record_button = QPushButton("Xem hồ sơ đơn vị…")
        self.record_button.setToolTip(
            "Hồ sơ đầy đủ: xếp loại, khen thưởng (kể cả của đơn vị tiền thân); in ra PDF"
        )
        layout.addWidget(self.record_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.unit_id: int | None = None
        self.show_node(None)

    def show_node(self, node: UnitNode | None, parent_name: str = "") -> None:
        """The unit's own data at once; its history follows with show_details()."""
        self.unit_id = node.id if node else None
        for box in (self.facts_box, self.names_box, self.events_box, self.clusters_box):
            box.setVisible(node is not None)
        self.record_button.setVisible(node is not None)
        if node is None:
            self.title.setText(NOTHING_SELECTED)
            self.subtitle.setText("")
            return
        self.title.setText(node.name)
        self.subtitle.setText(f"{node.kind.label} · {_status(node)}")
        d = node.data
        values = {
            "code": d.code or "",
            "short_name": d.short_name or "",
            "parent": parent_name,
            "established": date(d.established_on),
            "head": d.head_name or "",
            "phone": d.phone or "",
            "email": d.email or "",
            "address": d.address or "",
            "staff": _staff_tip(node),
            "note": d.note or "",
        }
        for key, value in values.items():
            self.facts[key].setText(value or "—")
        for key in ("short_name", "note", "parent"):
            self.facts_form.setRowVisible(self.facts[key], bool(values[key]))
        self.names_box.setVisible(bool(node.former_names))
        self.names_label.setText("")
        self.events_table.setRowCount(0)
        self.events_table.hide()
        self.events_empty.setText("Đang đọc lịch sử…")
        self.events_empty.show()
        self.lineage_label.hide()
        self.clusters_table.setRowCount(0)
        self.clusters_table.hide()
        self.clusters_empty.setText("Đang đọc…")
        self.clusters_empty.show()

    def show_details(self, details: UnitDetails) -> None:
        record = details.record
        names = [f"{n.name} ({_period(n.valid_from, n.valid_to)})" for n in record.former_names]
        self.names_label.setText("\n".join(names))
        self.names_box.setVisible(bool(names))
        rows = [[date(e.event_date), e.kind.label, _event_text(e)] for e in reversed(record.events)]
        self.events_empty.setText(NO_EVENTS)
        show_rows(self.events_table, rows, centred={0})
        lines = []
        if record.predecessors:
            lines.append("Đơn vị tiền thân: " + "; ".join(u.name for u in record.predecessors) + ".")
        lines.append(
            "Kế thừa hồ sơ thi đua của: " + "; ".join(u.name for u in record.continues) + "."
            if record.continues
            else "Hồ sơ thi đua: của riêng đơn vị (không kế thừa)."
            if record.predecessors
            else ""
        )
        lines = [x for x in lines if x]
        if record.successors:
            lines.append("Đơn vị kế thừa: " + "; ".join(u.name for u in record.successors) + ".")
        self.lineage_label.setText("\n".join(lines))
        self.lineage_label.setVisible(bool(lines))
        clusters = [
            [
                m.year,
                m.cluster_name + (f" (với tên {m.unit_name})" if m.unit_id != record.id else ""),
                _role(m),
            ]
            for m in details.clusters
        ]
        self.clusters_empty.setText(NO_CLUSTERS)
        show_rows(self.clusters_table, clusters, centred={0})

    def show_failure(self, message: str) -> None:
        self.events_empty.setText(message)
        self.clusters_empty.setText("")


def _role(member: ClusterMembership) -> str:
    """ "Cụm trưởng", "Khối phó": shorter than the stored label, which serves both kinds."""
    if member.role is ClusterRole.MEMBER:
        return member.role.label
    group = "Cụm" if member.kind is ClusterKind.CLUSTER else "Khối"
    return f"{group} {'trưởng' if member.role is ClusterRole.LEADER else 'phó'}"


def _period(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return f"{date(start)} – {date(end)}"
    return f"đến {date(end)}" if end else f"từ {date(start)}"


def _event_text(event) -> str:
    before, after = "; ".join(event.before), "; ".join(event.after)
    text = f"{before} → {after}" if before and after else before or after
    return text + (f"\nCăn cứ: {event.decision_ref}" if event.decision_ref else "")


class UnitsPage(LoadedPage):
    TITLE = "Đơn vị"
    ICON = "units"
    # the tree counts staff; the panel shows the unit's history and its cụm, khối
    AREAS = frozenset({Area.UNITS, Area.STAFF, Area.CLUSTERS})

    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(workspace, parent)
        self.view_data: UnitsView | None = None
        self.record_dialogs: list = []
        self.active_dialog: QDialog | None = None
        self._select_after_load: int | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.setSpacing(8)
        row, _sub = self.heading()
        self.refresh_button = QPushButton("Làm mới")
        self.refresh_button.setToolTip("Đọc lại danh sách đơn vị từ cơ sở dữ liệu (F5)")
        self.refresh_button.setShortcut("F5")
        self.refresh_button.clicked.connect(self.reload)
        row.addWidget(self.refresh_button)
        layout.addLayout(row)

        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_action = self._action(
            "Thêm đơn vị…",
            "Thêm một đơn vị, khoa, phòng vào dưới đơn vị đang chọn (Ctrl+N); mũi tên bên cạnh: nhập cả "
            "danh sách đơn vị từ Excel",
            self.add_unit,
            "Ctrl+N",
        )
        self.edit_action = self._action(
            "Sửa thông tin…",
            "Sửa mã, loại hình, địa chỉ, điện thoại, thủ trưởng… hoặc sửa lỗi gõ tên",
            self.edit_unit,
        )
        self.import_action = page_action(
            self,
            None,
            "Nhập danh sách đơn vị từ Excel…",
            "Thêm một lần nhiều đơn vị trực thuộc (bệnh viện, trung tâm, trạm y tế…) và khoa, phòng của "
            "đơn vị từ tệp Excel; đơn vị đã có được bỏ qua",
            self.import_units,
        )
        # "Thêm đơn vị…" ▾: one unit, or a whole list from Excel (the toolbar keeps to 1280 pixels)
        menu_on_button(self.toolbar, self.add_action, self.add_action, self.import_action)
        self.toolbar.addSeparator()
        self.rename_action = self._action(
            "Đổi tên…", "Đổi tên theo quyết định, giữ lại tên cũ trong lịch sử", self.rename_unit
        )
        self.merge_action = self._action(
            "Sáp nhập…",
            "Sáp nhập các đơn vị đang chọn vào một đơn vị khác, hoặc hợp nhất thành đơn vị mới",
            self.merge_units,
        )
        self.split_action = self._action(
            "Chia tách…", "Chia tách đơn vị đang chọn thành các đơn vị mới", self.split_unit
        )
        self.dissolve_action = self._action("Giải thể…", "Giải thể đơn vị đang chọn", self.dissolve_unit)
        self.toolbar.addSeparator()
        self.record_action = self._action(
            "Hồ sơ đơn vị",
            "Xem hồ sơ đơn vị: lịch sử, xếp loại, khen thưởng; in PDF (Enter)",
            self.open_current_record,
        )
        self.ratings_action = self._action(
            "Xếp loại hằng năm…",
            "Nhập kết quả đánh giá, xếp loại hằng năm của đơn vị đang chọn và cán bộ của đơn vị",
            self.open_ratings,
        )
        layout.addWidget(self.toolbar)
        allow(workspace, create_unit, self.add_action)
        allow(workspace, update_unit, self.edit_action)
        allow(workspace, apply_unit_import, self.import_action)
        allow(workspace, rename_unit, self.rename_action)
        allow(workspace, merge_units, self.merge_action)
        allow(workspace, split_unit, self.split_action)
        allow(workspace, dissolve_unit, self.dissolve_action)
        allow(workspace, save_ratings, self.ratings_action)

        filter_row = QHBoxLayout()
        filter_row.setSpacing(10)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(
            "Lọc theo tên, tên cũ, tên viết tắt hoặc mã – gõ có dấu hay không dấu đều được (Ctrl+F)"
        )
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName("Lọc đơn vị")
        self.search_box.textChanged.connect(self.refilter)
        filter_row.addWidget(self.search_box, 1)
        self.ended_check = QCheckBox("Hiện đơn vị đã sáp nhập, chia tách, giải thể")
        self.ended_check.toggled.connect(self.refilter)
        filter_row.addWidget(self.ended_check)
        layout.addLayout(filter_row)
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.activated.connect(lambda: (self.search_box.setFocus(), self.search_box.selectAll()))

        self.tree_view = UnitTreeWidget(COLUMNS)
        self.tree_view.setObjectName("unitTree")
        self.tree_view.setSelectionMode(UnitTreeWidget.SelectionMode.ExtendedSelection)
        self.tree_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree_view.customContextMenuRequested.connect(self._context_menu)
        self.tree_view.itemDoubleClicked.connect(lambda item, _column: self.open_record(self._item_id(item)))
        self.tree_view.currentItemChanged.connect(self._current_changed)
        self.tree_view.itemSelectionChanged.connect(self._update_actions)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.tree_view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.open_current_record)

        self.panel = UnitPanel()
        self.panel.setMinimumWidth(300)
        self.panel.record_button.clicked.connect(self.open_current_record)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tree_view)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([560, 440])
        self.splitter.setChildrenCollapsible(False)

        # the tree, or a message while loading and when there are no units yet
        self.message = text_label("Đang tải danh sách đơn vị…", "emptyState", wrap=True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.splitter)
        layout.addWidget(self.stack, 1)

        bottom = QHBoxLayout()
        self.count_label = text_label("", "unitCount", wrap=True)
        self.status_label = text_label("", "muted", wrap=True)
        hint = text_label(
            "Nhấn đúp hoặc Enter để xem hồ sơ · chuột phải để xem các thao tác", "muted", wrap=True
        )
        bottom.addWidget(self.count_label)
        bottom.addSpacing(16)
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(hint)
        layout.addLayout(bottom)

        self._loader = Loader(partial(load_units_view, workspace.ctx), self)
        self._loader.loaded.connect(self.show_view)
        self._loader.failed.connect(self._load_failed)
        self.details = DetailLoader(partial(load_unit_details, workspace.ctx), self)
        self.details.shown.connect(self._details_shown)
        self.details.failed.connect(lambda exc: self.panel.show_failure(f"Không đọc được lịch sử: {exc}"))
        self._update_actions()

    def _action(self, text: str, tip: str, slot, shortcut: str | None = None) -> QAction:
        return page_action(self, self.toolbar, text, tip, slot, shortcut)

    # --- loading -----------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        return self._loader.busy or self.details.busy

    def reload(self) -> None:
        if self.view_data is None:
            self.message.setText("Đang tải danh sách đơn vị…")
            self.stack.setCurrentWidget(self.message)
        else:
            self.count_label.setText("Đang tải lại…")
        super().reload()

    def _load_failed(self, exc: Exception) -> None:
        self.message.setText(f"Không đọc được danh sách đơn vị: {exc}\n\nHãy thử lại (F5).")
        self.stack.setCurrentWidget(self.message)

    def show_view(self, _args: tuple, data: UnitsView) -> None:
        self.view_data = data
        self.tree_view.set_tree(data.tree)
        if data.tree.nodes:
            self.stack.setCurrentWidget(self.splitter)
        else:
            self.message.setText(
                "Chưa có đơn vị nào.\n\nHãy bấm “Thêm đơn vị…” để tạo Sở Y tế (gốc của cây), rồi "
                "thêm các đơn vị trực thuộc; hoặc nhập danh sách cán bộ từ Excel ở mục Cán bộ."
            )
            self.stack.setCurrentWidget(self.message)
        self.refilter()
        wanted = self._select_after_load
        self._select_after_load = None
        if wanted is not None:
            self.tree_view.select_unit(wanted)
        elif self.tree_view.currentItem() is None and data.tree.nodes:
            self.tree_view.select_unit(data.tree.nodes[0].id)
        self._current_changed()

    # --- filter ------------------------------------------------------------------------------------
    def refilter(self) -> None:
        if self.view_data is None:
            return
        shown = self.tree_view.apply_filter(self.search_box.text(), self.ended_check.isChecked())
        nodes = self.view_data.tree.nodes
        active = sum(1 for n in nodes if n.active)
        ended = len(nodes) - active
        if self.search_box.text().strip():
            self.count_label.setText(f"Tìm thấy {number(shown)} đơn vị")
        else:
            text = f"{number(active)} đơn vị đang hoạt động"
            if ended:
                text += f" · {number(ended)} đã sáp nhập, chia tách, giải thể"
            self.count_label.setText(text)
        self._update_actions()

    # --- selection ---------------------------------------------------------------------------------
    @staticmethod
    def _item_id(item) -> int | None:
        from ui.widgets.unit_tree import ID_ROLE

        return item.data(0, ID_ROLE) if item is not None else None

    def current_node(self) -> UnitNode | None:
        return self.tree_view.current_node()

    def _current_changed(self, *_args) -> None:
        node = self.current_node()
        parent = self.tree_view.nodes.get(node.parent_id) if node and node.parent_id else None
        self.panel.show_node(node, parent.name if parent else "")
        self.details.show(node.id if node is not None else None)
        self._update_actions()

    def _details_shown(self, details: UnitDetails | None) -> None:
        if details is not None:
            self.panel.show_details(details)

    def selected_nodes(self) -> list[UnitNode]:
        nodes = self.tree_view.nodes
        return [nodes[uid] for uid in self.tree_view.selected_ids() if uid in nodes]

    def _update_actions(self) -> None:
        loaded = self.view_data is not None
        node = self.current_node()
        changeable = node is not None and node.active and node.parent_id is not None
        self.add_action.setEnabled(loaded)
        self.import_action.setEnabled(loaded)
        self.edit_action.setEnabled(node is not None)
        self.rename_action.setEnabled(node is not None and node.active)
        self.merge_action.setEnabled(
            any(n.active and n.parent_id is not None for n in self.selected_nodes()) or changeable
        )
        self.split_action.setEnabled(changeable)
        self.dissolve_action.setEnabled(changeable)
        self.record_action.setEnabled(node is not None)
        self.ratings_action.setEnabled(node is not None and node.active)

    def _context_menu(self, pos: QPoint) -> None:
        item = self.tree_view.itemAt(pos)
        if item is not None and item is not self.tree_view.currentItem() and not item.isSelected():
            self.tree_view.setCurrentItem(item)
        menu = self.context_menu()
        menu.popup(self.tree_view.viewport().mapToGlobal(pos))

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addAction(self.record_action)
        menu.addAction(self.ratings_action)
        menu.addSeparator()
        for action in (self.add_action, self.edit_action):
            menu.addAction(action)
        menu.addSeparator()
        for action in (self.rename_action, self.merge_action, self.split_action, self.dissolve_action):
            menu.addAction(action)
        return menu

    # --- records -----------------------------------------------------------------------------------
    def open_current_record(self) -> None:
        node = self.current_node()
        if node is not None:
            self.open_record(node.id)

    def open_record(self, unit_id: int | None):
        if unit_id is None:
            return None
        from ui.dialogs.unit_record import open_unit_record

        dialog = open_unit_record(self.workspace, unit_id, self.window())
        self.record_dialogs = [d for d in self.record_dialogs if _alive(d)] + [dialog]
        return dialog

    def open_ratings(self):
        from ui.dialogs.ratings_dialog import open_ratings_dialog

        node = self.current_node()
        return (
            None if node is None else open_ratings_dialog(self.workspace, node.id, self.workspace.year, self)
        )

    # --- changes -----------------------------------------------------------------------------------
    def _choices(self) -> list[UnitChoice]:
        return self.view_data.choices if self.view_data else []

    def _open_dialog(self, dialog: QDialog, done: Callable[[object], tuple[str, int | None]]) -> QDialog:
        """Window-modal, not blocking: on OK, say what was done, read the tree again, select a unit."""
        self.active_dialog = dialog

        def accepted() -> None:
            message, select = done(dialog.result_value)
            self.after_change(message, select)

        dialog.accepted.connect(accepted)
        dialog.finished.connect(lambda _code: setattr(self, "active_dialog", None))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def after_change(self, message: str, select: int | None) -> None:
        """The write announced its areas, so the tree is being read again: select `select` when it is in."""
        self.status_label.setText(message)
        if self._loader.busy:
            self._select_after_load = select
        else:
            self.tree_view.select_unit(select)

    def add_unit(self) -> QDialog | None:
        if self.view_data is None:
            return None
        from ui.dialogs.unit_edit import UnitEditDialog

        node = self.current_node()
        parent_id = None
        if node is not None:
            parent_id = node.id if node.active else node.parent_id
        dialog = UnitEditDialog(self.workspace, self._choices(), parent_id=parent_id, parent=self)
        return self._open_dialog(dialog, lambda saved: (f"Đã thêm đơn vị “{saved.name}”.", saved.unit_id))

    def import_units(self) -> QDialog:
        from ui.dialogs.unit_import import UnitImportDialog

        dialog = UnitImportDialog(self.workspace, parent=self)
        return self._open_dialog(dialog, lambda plan: (f"Đã nhập danh sách đơn vị: {plan.summary()}.", None))

    def edit_unit(self) -> QDialog | None:
        node = self.current_node()
        if node is None:
            return None
        from ui.dialogs.unit_edit import UnitEditDialog

        dialog = UnitEditDialog(self.workspace, self._choices(), node=node, parent=self)
        return self._open_dialog(dialog, lambda saved: (f"Đã lưu thông tin “{saved.name}”.", saved.unit_id))

    def rename_unit(self) -> QDialog | None:
        node = self.current_node()
        if node is None or not node.active:
            return None
        from ui.dialogs.unit_edit import RenameDialog

        dialog = RenameDialog(self.workspace, node, parent=self)
        return self._open_dialog(
            dialog,
            lambda saved: (f"Đã đổi tên “{node.name}” thành “{saved.name}”.", saved.unit_id),
        )

    def merge_units(self) -> QDialog | None:
        if self.view_data is None:
            return None
        from ui.dialogs.unit_merge import MergeDialog

        chosen = [n.id for n in self.selected_nodes() if n.active and n.parent_id is not None]
        dialog = MergeDialog(self.workspace, self.view_data.tree, self._choices(), chosen, parent=self)

        def done(result):
            return (
                f"Đã sáp nhập; {number(result.moved_staff)} cán bộ và {number(result.moved_units)} khoa, phòng "
                "chuyển sang đơn vị kế thừa.",
                result.successor_id,
            )

        return self._open_dialog(dialog, done)

    def split_unit(self) -> QDialog | None:
        node = self.current_node()
        if self.view_data is None or node is None or not node.active or node.parent_id is None:
            return None
        from ui.dialogs.unit_split import SplitDialog

        dialog = SplitDialog(self.workspace, self.view_data.tree, node, parent=self)

        def done(result):
            return (
                f"Đã chia tách “{node.name}” thành {number(len(result.new_unit_ids))} đơn vị mới.",
                result.new_unit_ids[0],
            )

        return self._open_dialog(dialog, done)

    def dissolve_unit(self) -> QDialog | None:
        node = self.current_node()
        if self.view_data is None or node is None or not node.active or node.parent_id is None:
            return None
        from ui.dialogs.unit_dissolve import DissolveDialog

        dialog = DissolveDialog(self.workspace, self.view_data.tree, node, self._choices(), parent=self)

        def done(result):
            moved = (
                f"; {number(result.moved_staff)} cán bộ đã chuyển sang đơn vị nhận"
                if result.moved_staff
                else ""
            )
            return f"Đã giải thể “{node.name}”{moved}.", node.parent_id

        return self._open_dialog(dialog, done)


def _alive(widget) -> bool:
    try:
        return widget.isVisible()
    except RuntimeError:  # deleted on close
        return False
