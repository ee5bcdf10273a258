"""The band above the pages when the database is open read-only: why (a read-only file or folder, a network
share, another copy of the program holding it, damage found on start) and, for a damaged file, the way out:
"Khôi phục từ bản sao lưu…" (the window opens helper "backups"' restore dialog)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from ui.style import ERROR, INK

RESTORE_TEXT = "Khôi phục từ bản sao lưu…"


class ReadOnlyBanner(QFrame):
    """Hidden while the database may be written; `show_reason(reason)` with the database's `read_only`.
    The window answers `restore_requested(reason text)` with the restore dialog."""

    restore_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.reason = None
        self.setObjectName("readOnlyBanner")
        self.title = QLabel()
        self.title.setObjectName("readOnlyTitle")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.restore_button = QPushButton(RESTORE_TEXT)
        self.restore_button.setToolTip("Chọn một bản sao lưu đã kiểm tra, xem nó có gì rồi khôi phục")
        self.restore_button.clicked.connect(
            lambda: self.restore_requested.emit(self.reason.text if self.reason else "")
        )
        words = QWidget()
        column = QHBoxLayout(words)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.title)
        column.addWidget(self.text, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(words, 1)
        layout.addWidget(self.restore_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.setStyleSheet(
            f"QFrame#readOnlyBanner {{ background: #fff4d6; border-bottom: 1px solid #e3c77a; }}"
            f"QFrame#readOnlyBanner QLabel {{ color: {INK}; background: transparent; }}"
            f"QLabel#readOnlyTitle {{ font-weight: bold; }}"
        )
        self.setAccessibleName("Cơ sở dữ liệu chỉ mở để xem")
        self.hide()

    def show_reason(self, reason) -> None:
        """`reason`: a database.location.ReadOnlyReason, or None (the banner hides)."""
        self.reason = reason
        if reason is None:
            self.hide()
            return
        damaged = reason.damaged
        self.title.setText("Tệp dữ liệu bị hỏng —" if damaged else "Chỉ xem, không ghi được —")
        if damaged:
            self.setStyleSheet(
                self.styleSheet() + f"QLabel#readOnlyTitle {{ color: {ERROR}; font-weight: bold; }}"
            )
        self.text.setText(reason.text)
        self.restore_button.setVisible(damaged)
        self.show()
