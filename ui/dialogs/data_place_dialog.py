"""Cài đặt › Cơ sở dữ liệu › Đổi nơi lưu dữ liệu…: this PC's file or a PostgreSQL server, for the next starts
of this user's copy (the first-run wizard's step 4, the same fields: ui/dialogs/data_place_fields.py). Saving runs
app.services.data_place.choose_data_place (Quản trị only, audited); then the window may open the place
chosen at once, in place, as Tệp › Mở cơ sở dữ liệu khác… does. Nothing of the data is copied."""

from __future__ import annotations

from functools import partial
from html import escape

from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.paths import default_database_path
from app.services.data_place import DataPlace, choose_data_place, place_of
from app.services.first_run import check_server
from app.startup import resolve_url
from ui.dialogs.data_place_fields import DataPlaceFields
from ui.dialogs.sign_in import error_label, muted
from ui.operations import WriteOp, error_text
from ui.widgets.screen_fit import fit_to_screen

NOT_COPIED = (
    "Dữ liệu <b>không</b> được chép hay chuyển đi: chương trình chỉ đổi nơi nó mở dữ liệu. Một máy chủ còn "
    "trống sẽ bắt đầu trống (cài đặt lần đầu chạy trên đó). Muốn đưa dữ liệu trên máy này lên máy chủ: mở "
    "máy chủ, rồi chọn Tệp › Hợp nhất dữ liệu từ cơ sở dữ liệu khác… và chọn tệp dữ liệu của máy này "
    "({file}). Trước đó nên sao lưu ở Cài đặt › Sao lưu › Sao lưu ngay."
)


class DataPlaceDialog(QDialog):
    """`saved` holds the place remembered (and `saved_url` its URL, None for this PC's file) once accepted."""

    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.saved: DataPlace | None = None
        self.saved_url: str | None = None
        self.busy = False
        self.setWindowTitle("Đổi nơi lưu dữ liệu")
        self.setModal(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        current = place_of(workspace.db.url)
        layout.addWidget(
            muted(
                f"Cửa sổ này đang dùng dữ liệu ở {escape(current.text)}. Chọn nơi chương trình trên máy này "
                "mở dữ liệu từ lần khởi động sau:"
            )
        )
        self.fields = DataPlaceFields(
            "Máy tính này",
            f"Dữ liệu nằm trong tệp: {escape(str(default_database_path()))}",
            "Cơ sở dữ liệu trên máy chủ phải còn trống, hoặc chứa dữ liệu của chính cơ quan này.",
            check=partial(check_server, office=workspace.agency),
        )
        if current.file is None:
            self.fields.show_server(current)
        layout.addWidget(self.fields)
        box = QGroupBox("Dữ liệu không được chép sang")
        self.not_copied = muted(NOT_COPIED.format(file=escape(str(default_database_path()))))
        QVBoxLayout(box).addWidget(self.not_copied)
        layout.addWidget(box)
        layout.addStretch(1)
        self.error = error_label()
        layout.addWidget(self.error)
        self.fields.changed.connect(self.error.clear)
        self.save_button = QPushButton("Lưu")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton("Hủy")
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(cancel)
        layout.addLayout(bottom)
        fit_to_screen(self, 760, 600)

    def save(self) -> WriteOp | None:
        if self.busy:
            return None
        if self.fields.server_untested():
            self.error.setText(
                "Hãy bấm “Kiểm tra kết nối” và kết nối được tới một cơ sở dữ liệu trống hoặc của chính cơ quan "
                "này trước."
            )
            return None
        url = self.fields.chosen_url()
        self.busy = True
        self.save_button.setEnabled(False)
        op = WriteOp(self.workspace, self, "Đang lưu nơi lưu dữ liệu…", choose_data_place, url)
        return op.success(partial(self._saved, url)).failure(self._refused).run()

    def _saved(self, url: str | None, place: DataPlace) -> None:
        self.busy = False
        self.saved, self.saved_url = place, url
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.busy = False
        self.save_button.setEnabled(True)
        self.error.setText(error_text(exc, "Chưa lưu được"))

    def reject(self) -> None:
        if not self.busy:
            super().reject()


def change_data_place(workspace, parent: QWidget) -> DataPlaceDialog:
    """The dialog; once saved, the clerk is told it holds from the next start and may open it now, in this
    window (the window signs in there again, as after Tệp › Mở cơ sở dữ liệu khác…)."""
    dialog = DataPlaceDialog(workspace, parent)
    if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
        window = parent.window()
        in_use = dialog.saved == place_of(workspace.db.url)  # nothing to open: the window shows it already
        box = QMessageBox(QMessageBox.Icon.Information, "Đã đổi nơi lưu dữ liệu", "", parent=parent)
        box.setText(
            f"Từ lần khởi động sau, chương trình trên máy này mở dữ liệu ở {dialog.saved.text}. Dữ liệu không "
            "được chép sang."
        )
        if in_use:
            box.setInformativeText("Cửa sổ này đang dùng đúng nơi đó.")
        else:
            box.setInformativeText("Mở ngay nơi này trong cửa sổ này? (Phải đăng nhập lại ở đó.)")
            box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
            box.button(QMessageBox.StandardButton.Yes).setText("Mở ngay")
            box.button(QMessageBox.StandardButton.No).setText("Để lần khởi động sau")
        if box.exec() == QMessageBox.StandardButton.Yes and not in_use:
            url = (
                resolve_url(db_url=dialog.saved_url)
                if dialog.saved_url
                else resolve_url(db_path=str(default_database_path()))
            )
            window.open_database_url(url, dialog.saved.text)
    dialog.deleteLater()
    return dialog
