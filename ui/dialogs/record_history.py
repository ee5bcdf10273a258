"""Lịch sử thay đổi: every audit row about one record (a person, a unit, a document), oldest first, with the
selected row's before/after as a readable diff — the view the Nhật ký page shows, opened from the record's
own screen. For Quản trị and Lãnh đạo (Permission.AUDIT): the action is hidden from others, and the service
refuses them anyway.

    open_record_history(workspace, "person", 42, "Nguyễn Văn An", parent)
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.permissions import Permission
from app.services.audit_view import AuditDetail, entity_label, record_history
from ui.jobs import Loader
from ui.models.text_rows import TextRowsModel
from ui.widgets.data_view import current_row, data_view
from ui.widgets.record_view import text_label
from ui.widgets.screen_fit import fit_to_screen

HEADERS = ["Thời gian", "Người thực hiện", "Thao tác", "Nội dung"]


def may_read_audit(workspace) -> bool:
    return workspace.ctx.principal.may(Permission.AUDIT)


class AuditDetailPane(QPlainTextEdit):
    """The selected row whole: who, when, what, and each field changed on its own line (old → new)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("auditDetail")
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setPlaceholderText("Chọn một dòng để xem chi tiết thay đổi.")
        self.setMinimumHeight(self.fontMetrics().height() * 6)

    def show_detail(self, detail: AuditDetail | None) -> None:
        self.setPlainText("" if detail is None else detail.text)


class RecordHistoryDialog(QDialog):
    loaded = Signal(object)  # the list of AuditDetail, once shown

    def __init__(self, workspace, entity: str, entity_id: int, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace, self.entity, self.entity_id = workspace, entity, entity_id
        self.history: list[AuditDetail] | None = None
        self.setObjectName("recordHistory")
        self.setWindowTitle(f"Lịch sử thay đổi – {entity_label(entity)}: {name}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 14, 18, 12)
        outer.setSpacing(8)
        self.title = text_label(f"{entity_label(entity)}: {name}", "pageTitle", selectable=True)
        outer.addWidget(self.title)
        self.summary = text_label("Đang đọc nhật ký…", "pageSubtitle", wrap=True)
        outer.addWidget(self.summary)

        self.model = TextRowsModel(HEADERS)
        self.view = data_view(
            self.model,
            "historyTable",
            widths={0: "00/00/0000 00:00:00", 1: "nguyen-thi-hang", 2: "Đăng nhập sai"},
            stretch=3,
        )
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.detail = AuditDetailPane()
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        outer.addWidget(split, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        fit_to_screen(self, 980, 640)

        self._loader = Loader(record_history, self)
        self._loader.loaded.connect(self._show)
        self._loader.failed.connect(lambda exc: self.summary.setText(f"Không đọc được nhật ký: {exc}"))
        self._loader.request(workspace.ctx, entity, entity_id)

    @property
    def loading(self) -> bool:
        return self._loader.busy

    def _show(self, _args: tuple, history: list[AuditDetail]) -> None:
        self.history = history
        self.model.set_rows(
            [(h.row.local_at, h.row.actor, h.row.action_label, h.row.summary) for h in history], history
        )
        if history:
            first, last = history[0].row, history[-1].row
            self.summary.setText(
                f"{len(history)} lần ghi nhật ký, từ {first.local_at} đến {last.local_at} "
                "(giờ của máy tính này). Chọn một dòng để xem trước và sau khi sửa."
            )
            self.view.selectRow(len(history) - 1)  # the newest change
        else:
            self.summary.setText(
                "Nhật ký chưa có dòng nào về riêng bản ghi này: nó có từ trước khi có nhật ký, hoặc được "
                "nhập hàng loạt (xem các dòng “Nhập dữ liệu” ở trang Nhật ký)."
            )
        self.loaded.emit(history)

    def _row_chosen(self, *_args) -> None:
        row = current_row(self.view)
        self.detail.show_detail(self.model.row_id(row) if row is not None and self.history else None)


def open_record_history(workspace, entity: str, entity_id: int, name: str, parent: QWidget | None = None):
    """Not modal: the clerk may keep it beside the record."""
    dialog = RecordHistoryDialog(workspace, entity, entity_id, name, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
