"""Cài đặt › Sao lưu: the backups of the database in use (date, size, what they hold, checked or not),
"Sao lưu ngay", "Khôi phục…", the second folder and how many backups are kept."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.backups import (
    MAX_KEEP,
    BackupInfo,
    BackupPolicy,
    back_up_now,
    backup_folder,
    list_backups,
    read_policy,
    restore_backup,
    save_policy,
)
from app.services.context import ServiceContext
from ui import file_dialogs
from ui.format import number
from ui.jobs import Loader
from ui.operations import QueryOp, WriteOp, error_text
from ui.permissions import allow
from ui.widgets.tables import cell, read_only_table
from ui.workspace import Area


@dataclass(frozen=True)
class BackupsView:
    folder: Path
    policy: BackupPolicy
    backups: list[BackupInfo]


def load_backups_view(ctx: ServiceContext) -> BackupsView:
    return BackupsView(backup_folder(ctx.db), read_policy(ctx), list_backups(ctx.db))


def size_text(size: int) -> str:
    if size >= 1 << 20:
        return f"{size / (1 << 20):.1f} MB".replace(".", ",")
    return f"{number(max(1, round(size / 1024)))} KB"


def short_counts(info: BackupInfo) -> str:
    """The three figures a clerk recognises her data by."""
    parts = [
        f"{number(info.counts[table])} {label}"
        for table, label in (("unit", "đơn vị"), ("person", "cán bộ"), ("award", "khen thưởng"))
        if table in info.counts
    ]
    return ", ".join(parts) or "—"


class BackupPolicyFields:
    """How many backups are kept (per day, week, month) and the second folder that receives a copy: rows of a
    form, in Cài đặt › Sao lưu and in the first-run wizard."""

    def __init__(self, form: QFormLayout, parent: QWidget):
        self.parent = parent
        self.keep = tuple(self._keep_box() for _ in range(3))
        keep = QHBoxLayout()
        for label, box in zip(("ngày", "tuần", "tháng"), self.keep, strict=True):
            box.setAccessibleName(f"Số bản giữ theo {label}")
            keep.addWidget(box)
            keep.addWidget(QLabel(label))
            keep.addSpacing(12)
        keep.addStretch(1)
        form.addRow("Giữ bản mới nhất của:", keep)
        second = QHBoxLayout()
        self.second_edit = QLineEdit()
        self.second_edit.setPlaceholderText("Không có (ví dụ: ổ đĩa khác, USB, thư mục mạng)")
        self.second_edit.setAccessibleName("Thư mục thứ hai")
        second.addWidget(self.second_edit, 1)
        self.choose_button = QPushButton("Chọn…")
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(self.choose_second)
        second.addWidget(self.choose_button)
        form.addRow("Thư mục thứ hai:", second)
        self.load(BackupPolicy())

    @staticmethod
    def _keep_box() -> QSpinBox:
        box = QSpinBox()
        box.setRange(0, MAX_KEEP)
        return box

    def load(self, policy: BackupPolicy) -> None:
        for box, value in zip(
            self.keep, (policy.keep_daily, policy.keep_weekly, policy.keep_monthly), strict=True
        ):
            box.setValue(value)
        self.second_edit.setText(policy.second_folder)

    def policy(self) -> BackupPolicy:
        return BackupPolicy(*(box.value() for box in self.keep), self.second_edit.text().strip())

    def choose_second(self) -> None:
        from app.drives import removable_drives

        # A USB stick plugged in is the likely second place; else the clerk's home folder.
        start = self.second_edit.text().strip() or str(next(iter(removable_drives()), Path.home()))
        chosen = file_dialogs.existing_directory(self.parent, "Chọn thư mục thứ hai nhận bản sao lưu", start)
        if chosen:
            self.second_edit.setText(chosen)


class BackupsTab(QWidget):
    COLUMNS = ["Ngày giờ", "Loại", "Dung lượng", "Nội dung", "Kiểm tra"]

    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.view: BackupsView | None = None
        layout = QVBoxLayout(self)

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)

        buttons = QHBoxLayout()
        self.backup_button = QPushButton("Sao lưu ngay")
        self.backup_button.setToolTip(
            "Sao lưu và kiểm tra ngay bây giờ; có thể tiếp tục làm việc trong lúc chép"
        )
        self.backup_button.clicked.connect(self.backup_now)
        buttons.addWidget(self.backup_button)
        self.restore_button = QPushButton("Khôi phục…")
        self.restore_button.clicked.connect(self.restore)
        buttons.addWidget(self.restore_button)
        self.folder_button = QPushButton("Mở thư mục sao lưu")
        self.folder_button.clicked.connect(self.open_folder)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.table = read_only_table(self.COLUMNS, stretch=3)
        self.table.setAccessibleName("Các bản sao lưu")
        self.table.setMinimumHeight(160)
        self.table.setMaximumHeight(320)  # the settings below stay in view on a laptop's screen
        layout.addWidget(self.table)

        box = QGroupBox("Cách sao lưu")
        form = QFormLayout(box)
        self.policy_fields = BackupPolicyFields(form, self)
        self.keep_daily, self.keep_weekly, self.keep_monthly = self.policy_fields.keep
        self.second_edit, self.choose_button = (
            self.policy_fields.second_edit,
            self.policy_fields.choose_button,
        )
        save_row = QHBoxLayout()
        self.save_button = QPushButton("Lưu cách sao lưu")
        self.save_button.clicked.connect(self.save)
        save_row.addWidget(self.save_button)
        save_row.addStretch(1)
        form.addRow("", save_row)
        layout.addWidget(box)
        layout.addStretch(1)

        self.loader = Loader(load_backups_view, self)
        self.loader.loaded.connect(self._loaded)
        self.loader.failed.connect(lambda exc: self.intro.setText(escape(error_text(exc, "Chưa đọc được"))))
        workspace.changed.connect(self._changed)
        allow(workspace, back_up_now, self.backup_button)
        allow(workspace, restore_backup, self.restore_button)
        allow(workspace, save_policy, self.save_button, self.choose_button)
        self.refresh()

    # Reading
    def refresh(self) -> None:
        if not self.workspace.closed:
            self.loader.request(self.workspace.ctx)

    def _changed(self, areas) -> None:
        if Area.SETTINGS in areas:
            self.refresh()

    def _loaded(self, _args: tuple, view: BackupsView) -> None:
        self.view = view
        newest = next((b for b in view.backups if b.verified), None)
        when = f"{newest.created:%H:%M ngày %d/%m/%Y}" if newest else "chưa có"
        self.intro.setText(
            "Chương trình tự sao lưu khi đóng cửa sổ và mỗi ngày một lần khi đang chạy, rồi kiểm tra bản sao "
            f"lưu vừa chép. Thư mục sao lưu: <b>{escape(str(view.folder))}</b>. "
            f"Bản tốt gần nhất: <b>{escape(when)}</b>."
        )
        table = self.table
        table.setRowCount(len(view.backups))
        for row, b in enumerate(view.backups):
            table.setItem(row, 0, cell(f"{b.created:%d/%m/%Y %H:%M}"))
            table.setItem(row, 1, cell(b.kind_text))
            table.setItem(row, 2, cell(size_text(b.size), numeric=True))
            table.setItem(row, 3, cell(short_counts(b)))
            table.setItem(row, 4, cell(b.checked_text, muted=not b.verified))
            table.item(row, 0).setToolTip(str(b.path))
        self.policy_fields.load(view.policy)

    # Actions
    def backup_now(self) -> QueryOp:
        self.backup_button.setEnabled(False)
        op = QueryOp(self.window(), "Đang sao lưu và kiểm tra…", back_up_now, self.workspace.ctx)
        op.success(self._backed_up).failure(self._backup_failed)
        return op.run()

    def _backed_up(self, result) -> None:
        self.backup_button.setEnabled(True)
        self.refresh()
        if result.second_problem:
            QMessageBox.warning(self, "Sao lưu", f"Đã sao lưu vào thư mục chính.\n\n{result.second_problem}")
            return
        status = getattr(self.window(), "statusBar", None)
        if status is not None:
            status().showMessage(f"Đã sao lưu và kiểm tra: {result.info.path.name}", 8000)

    def _backup_failed(self, exc: BaseException) -> None:
        self.backup_button.setEnabled(True)
        self.refresh()
        QMessageBox.warning(self, "Chưa sao lưu được", error_text(exc, "Chưa sao lưu được"))

    def restore(self):
        from ui.dialogs.restore_dialog import offer_restore

        return offer_restore(self.window())

    def open_folder(self) -> None:
        folder = backup_folder(self.workspace.db)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def policy(self) -> BackupPolicy:
        return self.policy_fields.policy()

    def save(self) -> WriteOp:
        op = WriteOp(
            self.workspace,
            self,
            "Đang lưu cách sao lưu…",
            save_policy,
            self.policy(),
            areas={Area.SETTINGS},
        )
        return op.run()
