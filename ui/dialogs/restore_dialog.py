"""Khôi phục từ bản sao lưu: choose a backup (the newest checked one is chosen), see what it holds (date,
schema version, counts, a few names, checked again now), confirm. The data in use is first set aside as a
backup itself; afterwards the window reopens on the restored database.

    offer_restore(window, reason)   # from Cài đặt › Sao lưu, or from the banner of a damaged database
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.services.backups import (
    BackupInfo,
    describe_counts,
    list_backups,
    preview_backup,
    restore_backup,
)
from ui import file_dialogs
from ui.jobs import DetailLoader, Loader
from ui.operations import WriteOp, error_text
from ui.widgets.tables import cell, read_only_table
from ui.workspace import Area

BACKUP_FILTER = "Bản sao lưu TĐKT (*.sqlite3 *.dump *.zip);;Mọi tệp (*)"
EVERY_AREA = frozenset(Area)


def preview_html(info: BackupInfo) -> str:
    rows = [
        ("Ngày giờ sao lưu", f"{info.created:%H:%M:%S ngày %d/%m/%Y}"),
        ("Loại", info.kind_text),
        ("Phiên bản lược đồ", info.schema or "—"),
        ("Kiểm tra lại", info.checked_text),
        ("Nội dung", describe_counts(info)),
        ("Một vài cán bộ", ", ".join(info.names) or "—"),
        ("Tệp", str(info.path)),
    ]
    body = "".join(f"<tr><td><b>{escape(k)}:</b></td><td>{escape(v)}</td></tr>" for k, v in rows)
    return f"<table cellspacing='4'>{body}</table>"


class RestoreDialog(QDialog):
    def __init__(self, workspace, parent: QWidget | None = None, reason: str | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.backups: list[BackupInfo] = []
        self.chosen: BackupInfo | None = None  # the backup shown, as checked again now
        self.result_: object | None = None  # the RestoreResult once done
        self.setWindowTitle("Khôi phục từ bản sao lưu")
        self.resize(860, 560)
        outer = QVBoxLayout(self)
        if reason:
            self.reason_label = QLabel(escape(reason))
            self.reason_label.setObjectName("warning")
            self.reason_label.setWordWrap(True)
            outer.addWidget(self.reason_label)
        intro = QLabel(
            "Chọn bản sao lưu cần khôi phục. Dữ liệu đang dùng sẽ được cất thành một bản sao lưu trước, nên vẫn "
            "lấy lại được nếu chọn nhầm."
        )
        intro.setWordWrap(True)
        outer.addWidget(intro)
        self.table = read_only_table(["Ngày giờ", "Loại", "Kiểm tra"], stretch=2)
        self.table.setAccessibleName("Các bản sao lưu")
        self.table.setMinimumHeight(120)
        self.table.itemSelectionChanged.connect(self._row_chosen)
        outer.addWidget(self.table, 1)
        other = QHBoxLayout()
        self.file_button = QPushButton("Chọn tệp sao lưu khác…")
        self.file_button.clicked.connect(self.choose_file)
        other.addWidget(self.file_button)
        other.addStretch(1)
        outer.addLayout(other)
        self.preview = QTextBrowser()
        self.preview.setMinimumHeight(120)
        self.preview.setAccessibleName("Nội dung bản sao lưu")
        outer.addWidget(self.preview, 1)
        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton("Khôi phục", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(False)
        self.buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

        self.lister = Loader(list_backups, self)
        self.lister.loaded.connect(self._listed)
        self.lister.failed.connect(lambda exc: self.preview.setPlainText(error_text(exc, "Chưa đọc được")))
        self.details = DetailLoader(preview_backup, self)
        self.details.shown.connect(self._previewed)
        self.details.failed.connect(
            lambda exc: self.preview.setPlainText(error_text(exc, "Không đọc được bản sao lưu"))
        )
        self.lister.request(workspace.db)

    def _listed(self, _args: tuple, backups: list[BackupInfo]) -> None:
        self.backups = backups
        self.table.setRowCount(len(backups))
        for row, b in enumerate(backups):
            self.table.setItem(row, 0, cell(f"{b.created:%d/%m/%Y %H:%M}"))
            self.table.setItem(row, 1, cell(b.kind_text))
            self.table.setItem(row, 2, cell(b.checked_text, muted=not b.verified))
            self.table.item(row, 0).setToolTip(str(b.path))
        newest = next((n for n, b in enumerate(backups) if b.verified), None)
        if newest is not None:
            self.table.selectRow(newest)
        elif not backups:
            self.preview.setPlainText("Chưa có bản sao lưu nào của cơ sở dữ liệu này.")

    def _row_chosen(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self.backups):
            self.show_backup(self.backups[rows[0].row()].path)

    def show_backup(self, path: Path) -> None:
        self.chosen = None
        self.restore_button.setEnabled(False)
        self.preview.setPlainText("Đang kiểm tra bản sao lưu…")
        self.details.show(Path(path))

    def _previewed(self, info) -> None:
        if info is None:
            return
        self.chosen = info
        self.preview.setHtml(preview_html(info))
        self.restore_button.setEnabled(info.verified)

    def choose_file(self) -> None:
        start = str(self.backups[0].path.parent) if self.backups else str(Path.home())
        path, _ = file_dialogs.open_file_name(self, "Chọn tệp sao lưu", start, BACKUP_FILTER)
        if path:
            self.table.clearSelection()
            self.show_backup(Path(path))

    def confirm(self) -> WriteOp | None:
        if self.chosen is None:
            return None
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Khôi phục dữ liệu",
            f"Thay toàn bộ dữ liệu đang dùng bằng bản sao lưu lúc {self.chosen.created:%H:%M ngày %d/%m/%Y}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setInformativeText("Dữ liệu hiện tại được cất thành một bản sao lưu trước khi khôi phục.")
        box.button(QMessageBox.StandardButton.Yes).setText("Khôi phục")
        box.button(QMessageBox.StandardButton.No).setText("Không")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return None
        return self.restore()

    def restore(self) -> WriteOp:
        """Restore the backup chosen (confirmed already)."""
        self.restore_button.setEnabled(False)
        op = WriteOp(
            self.workspace,
            self,
            "Đang khôi phục dữ liệu…",
            restore_backup,
            self.chosen.path,
            areas=EVERY_AREA,
        )
        op.success(self._restored).failure(self._failed)
        return op.run()

    def _restored(self, result) -> None:
        self.result_ = result
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.restore_button.setEnabled(self.chosen is not None and self.chosen.verified)
        QMessageBox.warning(self, "Chưa khôi phục được", error_text(exc, "Chưa khôi phục được"))


def offer_restore(window, reason: str | None = None) -> RestoreDialog:
    """Open the restore dialog over the window, the newest checked backup chosen; once a backup is restored
    the window reopens on the restored database. Returns the dialog (shown, window-modal)."""
    from ui.widgets.actions import open_window_modal

    dialog = RestoreDialog(window.workspace, window, reason)
    return open_window_modal(dialog, lambda _d: window.reopen_database())
