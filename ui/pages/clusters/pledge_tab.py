"""Giao ước: the pledge the members signed – its date and text, the Bản giao ước printed for every member to
sign, its entry in the register of outgoing documents (linked to an entry already there, or numbered now)
and the signed scan kept with that entry.
Each button is one write (ui.operations.WriteOp); the page reads the cluster again afterwards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from app.documents.state import render_pdf
from app.errors import StaleRecord, ValidationError
from app.services.clusters import (
    ClusterDetail,
    PledgeData,
    link_pledge_document,
    pledge_model,
    register_pledge,
    save_pledge,
)
from app.services.documents import attach_file
from ui import file_dialogs
from ui.operations import WriteOp, error_text
from ui.pages.clusters.parts import push_button, tab_layout
from ui.permissions import allow
from ui.stale import ask_reload
from ui.widgets.form_dialog import date_edit, date_value, set_date
from ui.widgets.pdf_output import save_pdf_and_open
from ui.widgets.record_view import text_label
from ui.workspace import Area

AREAS = {Area.CLUSTERS, Area.DOCUMENTS}  # a pledge entered or linked is an entry of the register


class PledgeTab(QWidget):
    def __init__(self, workspace, say: Callable[[str], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace, self.say = workspace, say
        self.detail: ClusterDetail | None = None
        layout = tab_layout(self)
        first = QHBoxLayout()
        first.addWidget(QLabel("Ngày ký:"))
        self.date_edit = date_edit(None, optional=True)
        first.addWidget(self.date_edit)
        first.addSpacing(16)
        first.addWidget(QLabel("Văn bản:"))
        self.reference = text_label("", selectable=True)
        first.addWidget(self.reference, 1)
        layout.addLayout(first)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("pledgeText")
        self.text_edit.setPlaceholderText(
            "Nội dung giao ước thi đua: các đơn vị cam kết … (gõ hoặc dán từ văn bản đã ký)"
        )
        layout.addWidget(self.text_edit, 1)
        buttons = QHBoxLayout()
        self.save_button = push_button(buttons, "Lưu giao ước", self.save)
        self.print_button = push_button(
            buttons,
            "In bản giao ước…",
            self.print_pledge,
            "Bản giao ước thi đua (đã lưu) ra tệp PDF để các thành viên ký: mỗi thành viên một ô ký",
        )
        buttons.addSpacing(16)
        self.number_edit = QLineEdit()
        self.number_edit.setPlaceholderText("Số văn bản đã có trong sổ, ví dụ 03/GƯTĐ-SYT")
        self.number_edit.setClearButtonEnabled(True)
        buttons.addWidget(self.number_edit, 1)
        self.link_button = push_button(
            buttons,
            "Gắn số",
            self.link,
            "Gắn giao ước với văn bản đã vào sổ văn bản đi (để trống rồi bấm: bỏ gắn)",
        )
        self.register_button = push_button(
            buttons,
            "Vào sổ, cấp số…",
            self.register,
            "Vào sổ văn bản đi với số tiếp theo của năm, theo ngày ký",
            once=True,
        )
        self.attach_button = push_button(
            buttons,
            "Đính kèm bản ký…",
            self.attach_file,
            "Lưu bản quét giao ước đã ký (PDF, ảnh) cùng văn bản trong sổ",
        )
        layout.addLayout(buttons)
        allow(workspace, save_pledge, self.save_button)
        allow(workspace, link_pledge_document, self.link_button)  # numbers are the register's
        allow(workspace, register_pledge, self.register_button)
        allow(workspace, attach_file, self.attach_button)

    def show_detail(self, detail: ClusterDetail | None) -> None:
        self.detail = detail
        pledge = detail.pledge if detail else None
        set_date(self.date_edit, pledge.signed_on if pledge else None)
        self.text_edit.setPlainText(pledge.content if pledge else "")
        if pledge and pledge.reference:
            attached = f" – bản ký: {pledge.file_name}" if pledge.file_name else " – chưa đính kèm bản ký"
            self.reference.setText(pledge.reference + attached)
        else:
            self.reference.setText("chưa vào sổ văn bản đi")
        self.number_edit.clear()
        linked = bool(pledge and pledge.document_id)
        self.register_button.setEnabled(detail is not None and not linked)
        self.print_button.setEnabled(detail is not None)
        self.attach_button.setEnabled(linked)

    def _write(self, label: str, fn, *args, done: Callable[[object], str], areas=frozenset(AREAS)) -> None:
        """One edit: said on the status line when written; a refusal is said there too, nothing changes."""
        (
            WriteOp(self.workspace, self, label, fn, *args, areas=areas)
            .success(lambda result: self.say(done(result)))
            .failure(self._refused)
            .run()
        )

    def _refused(self, exc: BaseException) -> None:
        self.say(error_text(exc, "Chưa ghi được"))
        if isinstance(exc, StaleRecord) and ask_reload(self, exc):
            self.workspace.announce({Area.CLUSTERS})  # the page reads the cluster again and shows it here

    def typed(self) -> PledgeData:
        return PledgeData(date_value(self.date_edit), self.text_edit.toPlainText())

    def save(self) -> None:
        if self.detail is not None:
            try:
                typed = self.typed()
            except ValidationError as exc:  # the day typed is not a day: said at the field and here
                self.say(str(exc))
                return
            self._write(
                "Đang lưu giao ước…",
                save_pledge,
                self.detail.id,
                typed,
                self.detail.pledge.version if self.detail.pledge else None,
                done=lambda _r: "Đã lưu giao ước thi đua.",
                areas={Area.CLUSTERS},
            )

    def print_pledge(self):
        """The pledge as saved, to a PDF the members sign (save first: what is printed is what is kept)."""
        detail, ctx = self.detail, self.workspace.ctx
        if detail is None:
            return None
        self.pdf_job = save_pdf_and_open(
            self,
            f"Giao ước thi đua {detail.year} - {detail.title}",
            lambda path: render_pdf(pledge_model(ctx, detail.id), path),
        )
        return self.pdf_job

    def link(self) -> None:
        if self.detail is None:
            return
        reference = self.number_edit.text()
        self._write(
            "Đang gắn văn bản…",
            link_pledge_document,
            self.detail.id,
            reference,
            done=lambda number: (
                f"Đã gắn giao ước với văn bản {number}."
                if reference.strip()
                else "Đã bỏ gắn văn bản của giao ước."
            ),
        )

    def register(self) -> None:
        """The pledge as typed is saved and numbered in the register, in one transaction."""
        if self.detail is None:
            return
        typed = self.typed()
        day = typed.signed_on or dt.date.today()
        self._write(
            "Đang vào sổ giao ước…",
            register_pledge,
            self.detail.id,
            day,
            PledgeData(day, typed.content),
            done=lambda number: f"Đã vào sổ giao ước thi đua, số {number}.",
        )

    def attach_file(self) -> None:
        detail = self.detail
        if detail is None or detail.pledge is None or detail.pledge.document_id is None:
            return
        path, _ = file_dialogs.open_file_name(
            self, "Chọn bản quét giao ước đã ký", "", "Bản quét (*.pdf *.jpg *.jpeg *.png);;Mọi tệp (*)"
        )
        if path:
            self._write(
                "Đang đính kèm bản ký…",
                attach_file,
                detail.pledge.document_id,
                path,
                done=lambda name: f"Đã đính kèm bản ký “{name}”.",
            )
