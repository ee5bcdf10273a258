"""Cơ quan ngoài ngành: the organisations outside the Sở that sit in a block with it (another department, a
city agency), with their head and who signs the pledge for them. A list with Thêm, Sửa, Xóa (opened from
the clusters page), and the form of one organisation."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services.outside_organisations import (
    OutsideOrganisationData,
    delete_outside_organisation,
    list_outside_organisations,
    save_outside_organisation,
)
from ui.operations import QueryOp, WriteOp, error_text
from ui.permissions import allow
from ui.widgets.actions import open_tracked
from ui.widgets.form_dialog import FormDialog, line, optional_text
from ui.widgets.tables import cell, read_only_table
from ui.workspace import Area


class OutsideOrganisationForm(FormDialog):
    """A new organisation (`data` None) or one to edit; OK saves it (the result is its id)."""

    def __init__(self, workspace, data: OutsideOrganisationData | None = None, parent: QWidget | None = None):
        super().__init__(
            workspace,
            "Thêm cơ quan ngoài ngành" if data is None else "Sửa cơ quan ngoài ngành",
            "Sở, ban, ngành khác cùng khối thi đua với Sở. Người ký giao ước: để trống khi chính thủ trưởng ký.",
            parent,
        )
        self.OK_TEXT = "Thêm" if data is None else "Lưu"
        self.ok_button.setText(self.OK_TEXT)
        self.data = data
        value = (lambda f: getattr(data, f) or "") if data else (lambda f: "")
        self.name_edit = line("Ví dụ: Sở Giáo dục và Đào tạo", value("name"))
        self.short_edit = line("Ví dụ: Sở GD&ĐT (cho cột hẹp)", value("short_name"))
        self.head_edit = line("Họ và tên thủ trưởng", value("head_name"))
        self.head_title_edit = line("Ví dụ: Giám đốc", value("head_title"))
        self.signer_edit = line("Họ và tên người ký thay (nếu có)", value("signer_name"))
        self.signer_title_edit = line("Ví dụ: Phó Giám đốc", value("signer_title"))
        self.note_edit = line("", value("note"))
        for label, edit in (
            ("Tên cơ quan (*):", self.name_edit),
            ("Tên viết tắt:", self.short_edit),
            ("Thủ trưởng:", self.head_edit),
            ("Chức vụ thủ trưởng:", self.head_title_edit),
            ("Người ký giao ước:", self.signer_edit),
            ("Chức vụ người ký:", self.signer_title_edit),
            ("Ghi chú:", self.note_edit),
        ):
            self.form.addRow(label, edit)
        self.finish_layout(560)
        self.name_edit.setFocus()

    def typed(self) -> OutsideOrganisationData:
        return OutsideOrganisationData(
            self.name_edit.text(),
            optional_text(self.short_edit),
            optional_text(self.head_edit),
            optional_text(self.head_title_edit),
            optional_text(self.signer_edit),
            optional_text(self.signer_title_edit),
            optional_text(self.note_edit),
            id=self.data.id if self.data else None,
        )

    def submit(self) -> WriteOp:
        version = self.data.version if self.data else None
        return self.write(save_outside_organisation, self.typed(), version, areas={Area.CLUSTERS})


class OutsideOrganisationsDialog(QDialog):
    """The list, with Thêm…, Sửa…, Xóa; it reads the list again after each change."""

    def __init__(self, workspace, found: Sequence[OutsideOrganisationData], parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.active_dialog = None
        self.setWindowTitle("Cơ quan ngoài ngành")
        layout = QVBoxLayout(self)
        self.table = read_only_table(["Tên cơ quan", "Thủ trưởng", "Người ký giao ước"], stretch=0)
        self.table.setObjectName("outsideTable")
        self.table.doubleClicked.connect(lambda _index: self.open_edit())
        layout.addWidget(self.table, 1)
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Thêm…")
        self.edit_button = QPushButton("Sửa…")
        self.delete_button = QPushButton("Xóa")
        close = QPushButton("Đóng")
        for button, slot in (
            (self.add_button, self.open_add),
            (self.edit_button, self.open_edit),
            (self.delete_button, self.delete_current),
            (close, self.accept),
        ):
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
            buttons.addWidget(button)
        buttons.insertStretch(3, 1)
        layout.addLayout(buttons)
        allow(workspace, save_outside_organisation, self.add_button, self.edit_button)
        allow(workspace, delete_outside_organisation, self.delete_button)
        self.show_list(found)
        self.resize(820, 440)

    def show_list(self, found: Sequence[OutsideOrganisationData]) -> None:
        self.found = list(found)
        self.table.setRowCount(len(self.found))
        for row, o in enumerate(self.found):
            title, name = o.signs
            self.table.setItem(row, 0, cell(o.name))
            self.table.setItem(row, 1, cell(", ".join(x for x in (o.head_title, o.head_name) if x)))
            self.table.setItem(row, 2, cell(", ".join(x for x in (title, name) if x)))
        self.table.resizeColumnsToContents()
        if not self.found:
            self.status.setText("Chưa có cơ quan nào. Bấm “Thêm…” để nhập sở, ban, ngành cùng khối với Sở.")

    def current(self) -> OutsideOrganisationData | None:
        row = self.table.currentRow()
        return self.found[row] if 0 <= row < len(self.found) else None

    def reload(self) -> None:
        (
            QueryOp(self, "Đang đọc…", list_outside_organisations, self.workspace.ctx)
            .success(self.show_list)
            .failure(lambda exc: self.status.setText(error_text(exc, "Chưa đọc được")))
            .run()
        )

    def _open(self, dialog: FormDialog, said: str):
        def done(_dialog) -> None:
            self.status.setText(said)
            self.reload()

        return open_tracked(self, dialog, done)

    def open_add(self):
        return self._open(OutsideOrganisationForm(self.workspace, parent=self), "Đã thêm cơ quan.")

    def open_edit(self):
        chosen = self.current()
        if chosen is None:
            return None
        return self._open(
            OutsideOrganisationForm(self.workspace, chosen, parent=self), f"Đã lưu “{chosen.name}”."
        )

    def delete_current(self) -> None:
        chosen = self.current()
        if chosen is None:
            return
        (
            WriteOp(
                self.workspace,
                self,
                "Đang xóa…",
                delete_outside_organisation,
                chosen.id,
                areas={Area.CLUSTERS},
            )
            .success(lambda _r: (self.status.setText(f"Đã xóa “{chosen.name}”."), self.reload()))
            .failure(lambda exc: self.status.setText(error_text(exc, "Chưa xóa được")))
            .run()
        )
