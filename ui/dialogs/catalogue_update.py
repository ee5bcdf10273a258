"""Cài đặt › Danh mục khen thưởng › Cập nhật quy định…: a law update from the publisher's signed file
(app.services.catalogue_update). Choosing the file checks its signature and shows, as a dry run, every row it
adds, corrects or ends, with its text and certainty, and the office's own rows it leaves as they are; "Áp dụng"
writes it in one transaction; "Hoàn tác cập nhật" puts back the catalogue as it was before the latest update.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtWidgets import QHeaderView, QLabel, QWidget

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
from ui.dialogs.file_check import FileCheckDialog
from ui.format import date
from ui.operations import error_text
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
DETAIL_COLUMN = 4
# Nội dung and Văn bản at a set width, Chi tiết (what changes: the clerk reads it line by line) takes the rest:
# about 300 px on a 1280×720 screen, 380 on 1366×768. Long texts wrap in the row; tooltips hold them too.
WIDE_COLUMNS = {2: 220, 5: 160}


class CatalogueUpdateDialog(FileCheckDialog):
    FILE_CAPTION = "Chọn tệp cập nhật quy định"
    FILE_FILTER = UPDATE_FILTER
    FILE_PROMPT = "Tệp cập nhật:"
    FAILED = "Không áp dụng được tệp cập nhật"

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(workspace, "Cập nhật quy định", RULE, parent)
        self.preview: UpdatePreview | None = None
        self.latest: AppliedUpdate | None = None
        fit_to_screen(self, 1320, 680)  # as wide as the screen allows, for the details
        self.file_label.setWordWrap(True)
        self.table = read_only_table(HEADERS, stretch=DETAIL_COLUMN)
        self.table.setAccessibleName("Các dòng danh mục bản cập nhật thêm, sửa, hết hiệu lực")
        self.table.setWordWrap(True)  # a row as tall as its longest text: nothing cut off
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        for col, width in WIDE_COLUMNS.items():  # long texts: the whole of each is in its tooltip
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.history.setObjectName("muted")

        self.undo_button = self.add_button("Hoàn tác cập nhật", self.undo)
        self.undo_button.setToolTip("Trả danh mục về như trước bản cập nhật áp dụng sau cùng")
        self.apply_button = self.add_button("Áp dụng cập nhật", self.apply)
        allow(workspace, apply_update, self.apply_button)
        allow(workspace, undo_update, self.undo_button)
        self.lay_out(self.verdict, (self.table, 1), self.history)
        self.show_history(applied_updates(workspace.ctx))

    # --- the file and its preview ------------------------------------------------------------------------
    def use_file(self, path: Path) -> None:
        """Check the file and show what it would change (nothing is written)."""
        super().use_file(path)
        self.preview = None
        self.apply_button.setEnabled(False)
        self.table.setRowCount(0)
        self.verdict.setText("Đang kiểm tra chữ ký và nội dung tệp…")
        self.query(
            "Đang kiểm tra tệp cập nhật…", preview_update, self.workspace.ctx, path, done=self._previewed
        )

    def _previewed(self, preview: UpdatePreview) -> None:
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
        self.write(
            "Đang áp dụng bản cập nhật quy định…",
            apply_update,
            self.path,
            areas={Area.CATALOGUE},
            done=self._applied,
        )

    def _applied(self, result: UpdatePreview) -> None:
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
        self.write(
            "Đang hoàn tác bản cập nhật…", undo_update, latest.id, areas={Area.CATALOGUE}, done=self._undone
        )

    def _undone(self, undone: AppliedUpdate) -> None:
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

    def failed(self, exc: BaseException) -> None:
        """Said in the dialog, which stays open: the file or the update refused, the catalogue as it was."""
        self.verdict.setText(f"<b>{escape(error_text(exc, self.FAILED))}</b>")
        self.apply_button.setEnabled(False)
        self.show_history(applied_updates(self.workspace.ctx))
