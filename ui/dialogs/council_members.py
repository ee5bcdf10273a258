"""Thành viên Hội đồng TĐKT: who sits on the council, and from when to when. The council's size on a
meeting day is the number of members then, so a member who leaves is ended with a date, never deleted."""

from __future__ import annotations

import datetime as dt
from functools import partial

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import ValidationError
from app.services.context import ServiceContext
from app.services.council import Member, add_member, all_members, end_member
from database.enums import CouncilRole
from ui.format import date
from ui.jobs import Loader
from ui.operations import WriteOp, error_text
from ui.widgets.form_dialog import date_edit, date_value, line, optional_text
from ui.widgets.tables import cell, read_only_table

HEADERS = ["Họ và tên", "Chức vụ", "Vai trò", "Từ ngày", "Đến ngày"]


def _read_members(ctx: ServiceContext, _select: int | None) -> list[Member]:
    """Every member, past ones too (the member to select afterwards travels with the request)."""
    return all_members(ctx)


class CouncilMembersDialog(QDialog):
    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.members: list[Member] = []
        self.changed = False
        self.setWindowTitle("Thành viên Hội đồng Thi đua – Khen thưởng")
        self.resize(820, 560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Số thành viên Hội đồng vào ngày họp là căn cứ tính tỷ lệ biểu quyết (trên tổng số thành viên,"
            " không phải số người dự). Người thôi tham gia được ghi ngày thôi, không xóa."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = read_only_table(HEADERS, stretch=1)
        self.table.setSelectionMode(self.table.SelectionMode.SingleSelection)
        layout.addWidget(self.table, 1)

        end_row = QHBoxLayout()
        end_row.addWidget(QLabel("Ngày thôi:"))
        self.end_edit = date_edit(dt.date.today())
        end_row.addWidget(self.end_edit)
        self.end_button = QPushButton("Thôi làm thành viên")
        self.end_button.setToolTip("Ghi ngày thôi tham gia Hội đồng của người đang chọn")
        self.end_button.clicked.connect(self.end_selected)
        end_row.addWidget(self.end_button)
        end_row.addStretch(1)
        layout.addLayout(end_row)

        box = QGroupBox("Thêm thành viên")
        form = QFormLayout(box)
        self.name_edit = line("Họ và tên")
        self.position_edit = line("Ví dụ: Phó Giám đốc Sở")
        self.role_combo = QComboBox()
        for role in CouncilRole:
            self.role_combo.addItem(role.label, role)
        self.role_combo.setCurrentIndex(self.role_combo.findData(CouncilRole.MEMBER))
        self.from_edit = date_edit(dt.date.today())
        self.add_button = QPushButton("Thêm")
        self.add_button.clicked.connect(self.add)
        self.name_edit.returnPressed.connect(self.add)
        form.addRow("Họ và tên:", self.name_edit)
        form.addRow("Chức vụ:", self.position_edit)
        form.addRow("Vai trò:", self.role_combo)
        dates = QHBoxLayout()
        dates.addWidget(self.from_edit)
        dates.addStretch(1)
        dates.addWidget(self.add_button)
        form.addRow("Từ ngày:", dates)
        layout.addWidget(box)

        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self._loader = Loader(partial(_read_members, workspace.ctx), self)
        self._loader.loaded.connect(self._show)
        self._loader.failed.connect(lambda exc: self.error.setText(error_text(exc, "Không đọc được")))
        self.writing = False
        self.reload()
        self.name_edit.setFocus()

    @property
    def loading(self) -> bool:
        return self._loader.busy or self.writing

    def reload(self, select: int | None = None) -> None:
        self._loader.request(select)

    def _show(self, args: tuple, members: list[Member]) -> None:
        (select,) = args
        self.members = members
        self.table.setRowCount(len(self.members))
        for r, m in enumerate(self.members):
            values = [
                m.full_name,
                m.position or "",
                m.role.label,
                date(m.valid_from),
                date(m.valid_to) or "nay",
            ]
            for c, text in enumerate(values):
                self.table.setItem(
                    r, c, cell(text, muted=m.valid_to is not None and m.valid_to < dt.date.today())
                )
            if m.id == select:
                self.table.selectRow(r)
        self._selection_changed()

    def selected(self) -> Member | None:
        rows = self.table.selectionModel().selectedRows()
        return self.members[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        member = self.selected()
        self.end_button.setEnabled(member is not None and member.valid_to is None)

    def _write(self, label: str, fn, *args, then) -> None:
        """One change, on the writer thread; a refusal shows in red, the lists are read again after it."""
        self.writing = True
        self.add_button.setEnabled(False)
        self.error.clear()
        WriteOp(self.workspace, self, label, fn, *args).success(
            lambda result: self._written(then, result)
        ).failure(self._refused).run()

    def _written(self, then, result) -> None:
        self.writing = False
        self.add_button.setEnabled(True)
        self.changed = True
        then(result)

    def _refused(self, exc: BaseException) -> None:
        self.writing = False
        self.add_button.setEnabled(True)
        self.error.setText(error_text(exc, "Chưa lưu được"))

    def add(self) -> None:
        if self.writing:
            return
        try:
            day = date_value(self.from_edit)
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        self._write(
            "Đang thêm thành viên…",
            add_member,
            self.name_edit.text(),
            day,
            optional_text(self.position_edit),
            self.role_combo.currentData(),
            then=self._added,
        )

    def _added(self, member_id: int) -> None:
        self.name_edit.clear()
        self.position_edit.clear()
        self.reload(member_id)
        self.name_edit.setFocus()

    def end_selected(self) -> None:
        member = self.selected()
        if member is None or self.writing:
            return
        try:
            day = date_value(self.end_edit)
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        self._write(
            "Đang ghi ngày thôi…",
            end_member,
            member.id,
            day,
            then=lambda _none: self.reload(member.id),
        )
