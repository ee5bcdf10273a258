"""Cài đặt › Danh mục khen thưởng › Cập nhật quy định…: a law update from the publisher's signed file
(app.services.catalogue_update). Choosing the file checks its signature and shows, as a dry run, every row it
adds, corrects or ends, with its text and certainty, and the office's own rows it leaves as they are; "Áp dụng"
writes it in one transaction; "Hoàn tác cập nhật" puts back the catalogue as it was before the latest update.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.catalogue_update import (
    ADDED,
    ENDED,
    KEPT,
    AppliedUpdate,
    UpdatePreview,
    applied_updates,
    apply_update,
    preview_update,
    undo_update,
)
from ui import file_dialogs
from ui.format import date
from ui.operations import Operation, QueryOp, WriteOp, error_text
from ui.permissions import allow
from ui.widgets.confirm import confirm
from ui.widgets.screen_fit import fit_to_screen
from ui.widgets.tables import cell, read_only_table
from ui.workspace import Area, Workspace

UPDATE_FILTER = "Tệp cập nhật quy định (*.zip);;Mọi tệp (*)"
RULE = (
    "Tệp cập nhật quy định do nhà phát hành chương trình gửi (một tệp .zip có chữ ký) mang danh mục danh hiệu, "
    "hình thức, hệ số tiền thưởng, mức lương cơ sở, tham số và căn cứ pháp lý theo văn bản mới. Chương trình "
    "chỉ nhận tệp có chữ ký hợp lệ. Quy định mới áp dụng từ ngày hiệu lực của nó, quy định cũ vẫn dùng cho "
    "những năm trước; các dòng cơ quan tự thêm, tự sửa được giữ nguyên."
)
HEADERS = ["Thay đổi", "Loại", "Nội dung", "Từ ngày", "Chi tiết", "Văn bản", "Độ tin cậy"]
WIDE_COLUMNS = {2: 250, 5: 200}  # Nội dung, Văn bản


class CatalogueUpdateDialog(QDialog):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.path: Path | None = None
        self.preview: UpdatePreview | None = None
        self.latest: AppliedUpdate | None = None
        self.task: Operation | None = None
        self.setWindowTitle("Cập nhật quy định")
        fit_to_screen(self, 1100, 640)

        rule = QLabel(RULE)
        rule.setWordWrap(True)
        self.file_label = QLabel("Chưa chọn tệp.")
        self.file_label.setWordWrap(True)
        choose = QPushButton("Chọn tệp…")
        choose.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(QLabel("Tệp cập nhật:"))
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(choose)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = read_only_table(HEADERS, stretch=4)
        self.table.setAccessibleName("Các dòng danh mục bản cập nhật thêm, sửa, hết hiệu lực")
        header = self.table.horizontalHeader()
        for col, width in WIDE_COLUMNS.items():  # long texts: the whole of each is in its tooltip
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.history.setObjectName("muted")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.undo_button = self.buttons.addButton("Hoàn tác cập nhật", QDialogButtonBox.ButtonRole.ActionRole)
        self.undo_button.setToolTip("Trả danh mục về như trước bản cập nhật áp dụng sau cùng")
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(self.undo)
        self.apply_button = self.buttons.addButton("Áp dụng cập nhật", QDialogButtonBox.ButtonRole.ActionRole)
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        allow(workspace, apply_update, self.apply_button)
        allow(workspace, undo_update, self.undo_button)

        layout = QVBoxLayout(self)
        layout.addWidget(rule)
        layout.addLayout(file_row)
        layout.addWidget(self.verdict)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.history)
        layout.addWidget(self.buttons)
        self.show_history(applied_updates(workspace.ctx))

    @property
    def busy(self) -> bool:
        return self.task is not None

    def _start(self, operation: Operation, on_done) -> None:
        self.task = operation
        operation.success(on_done).failure(self._failed).run()

    # --- the file and its preview ------------------------------------------------------------------------
    def choose_file(self) -> None:
        chosen, _ = file_dialogs.open_file_name(
            self, "Chọn tệp cập nhật quy định", str(Path.home()), UPDATE_FILTER
        )
        if chosen:
            self.use_file(Path(chosen))

    def use_file(self, path: Path) -> None:
        """Check the file and show what it would change (nothing is written)."""
        self.path, self.preview = path, None
        self.file_label.setText(str(path))
        self.apply_button.setEnabled(False)
        self.table.setRowCount(0)
        self.verdict.setText("Đang kiểm tra chữ ký và nội dung tệp…")
        self._start(
            QueryOp(self, "Đang kiểm tra tệp cập nhật…", preview_update, self.workspace.ctx, path),
            self._previewed,
        )

    def _previewed(self, preview: UpdatePreview) -> None:
        self.task = None
        self.preview = preview
        self.verdict.setText(
            f"<b>Chữ ký hợp lệ.</b> {escape(preview.description)} — {escape(preview.publisher)}, ban hành "
            f"ngày {date(preview.issued.date())}.<br><b>Sẽ cập nhật:</b> {escape(preview.summary())}"
        )
        self.show_changes(preview)
        self.apply_button.setEnabled(True)  # greyed all the same for a role that may not

    def show_changes(self, preview: UpdatePreview) -> None:
        self.table.setRowCount(len(preview.changes))
        for r, c in enumerate(preview.changes):
            action = cell(c.action_text, bold=c.action in (ADDED, ENDED), muted=c.action == KEPT)
            values = [
                action,
                cell(c.kind_text),
                cell(c.what),
                cell(date(c.effective) if c.effective else ""),
                cell(c.detail),
                cell(c.source or ""),
                cell(f"{c.certainty.value} – {c.certainty.label}" if c.certainty else ""),
            ]
            for col, item in enumerate(values):
                item.setToolTip(item.text())
                self.table.setItem(r, col, item)

    # --- applying, undoing ---------------------------------------------------------------------------------
    def apply(self) -> None:
        if self.path is None or self.preview is None:
            return
        self.apply_button.setEnabled(False)
        self._start(
            WriteOp(
                self.workspace,
                self,
                "Đang áp dụng bản cập nhật quy định…",
                apply_update,
                self.path,
                areas={Area.CATALOGUE},
            ),
            self._applied,
        )

    def _applied(self, result: UpdatePreview) -> None:
        self.task = None
        self.preview = result
        self.verdict.setText(
            f"<b>Đã áp dụng bản cập nhật số {result.update_id}.</b> {escape(result.summary())}"
        )
        self.show_changes(result)
        self.show_history(applied_updates(self.workspace.ctx))

    def undo(self) -> None:
        latest = self.latest
        if latest is None or not confirm(
            self,
            "Hoàn tác cập nhật",
            f"Trả danh mục về như trước bản cập nhật số {latest.id} ({latest.description})?",
            "Hoàn tác",
            details="Các dòng bản cập nhật đã thêm sẽ bị bỏ, các dòng đã sửa trở lại như cũ.",
        ):
            return
        self.undo_button.setEnabled(False)
        self._start(
            WriteOp(
                self.workspace,
                self,
                "Đang hoàn tác bản cập nhật…",
                undo_update,
                latest.id,
                areas={Area.CATALOGUE},
            ),
            self._undone,
        )

    def _undone(self, undone: AppliedUpdate) -> None:
        self.task = None
        self.verdict.setText(
            f"<b>Đã hoàn tác bản cập nhật số {undone.id}.</b> Danh mục trở lại như trước khi cập nhật."
        )
        self.table.setRowCount(0)
        self.preview = None
        self.show_history(applied_updates(self.workspace.ctx))

    def show_history(self, updates: list[AppliedUpdate]) -> None:
        self.latest = next((u for u in updates if u.in_force), None)
        if self.latest is None:
            self.history.setText("Chưa áp dụng bản cập nhật quy định nào.")
        else:
            u = self.latest
            self.history.setText(
                f"Bản cập nhật đang áp dụng sau cùng: số {u.id} — {u.description} (ban hành ngày "
                f"{date(u.issued.date())}, áp dụng ngày {date(u.applied_at.date())} bởi {u.applied_by})."
            )
        self.undo_button.setEnabled(self.latest is not None)

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        self.verdict.setText(f"<b>{escape(error_text(exc, 'Không áp dụng được tệp cập nhật'))}</b>")
        self.apply_button.setEnabled(False)
        self.show_history(applied_updates(self.workspace.ctx))
