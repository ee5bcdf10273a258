"""Soạn văn bản phát động: the campaign's Công văn or Kế hoạch drafted from its records, edited as text,
seen as a PDF, then entered in the register (the next number of the year, one transaction).

The draft is read in the background (a Loader bound to the campaign, kind, signer and day chosen); the
registration is one write on the writer thread (WriteOp)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import ValidationError
from app.services.campaigns import (
    CampaignDetail,
    LaunchRegistered,
    launch_draft,
    register_launch,
    render_launch,
)
from app.services.incoming import basis_lines, insert_basis_lines
from database.enums import DocumentKind
from ui.jobs import Loader
from ui.operations import QueryOp, WriteOp, error_text
from ui.permissions import allow
from ui.widgets.form_dialog import date_edit, date_value, line
from ui.widgets.pdf_output import save_pdf_and_open
from ui.widgets.screen_fit import fit_to_screen, scroll_above_buttons
from ui.workspace import Area

if TYPE_CHECKING:
    from app.documents.campaign_document import LaunchDraft

KINDS = ((DocumentKind.OFFICIAL_LETTER, "Công văn phát động"), (DocumentKind.PLAN, "Kế hoạch phát động"))


def _lines(box: QPlainTextEdit) -> tuple[str, ...]:
    return tuple(x.strip().lstrip("-").strip() for x in box.toPlainText().splitlines() if x.strip())


class LaunchDialog(QDialog):
    registered = Signal(object)  # LaunchRegistered

    def __init__(self, workspace, detail: CampaignDetail, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace, self.detail = workspace, detail
        self.result_value: LaunchRegistered | None = None
        self.pdf_job = None
        self._draft: LaunchDraft | None = None
        self._drafter = Loader(partial(launch_draft, workspace.ctx), self)
        self._drafter.loaded.connect(self._drafted)
        self._drafter.failed.connect(lambda exc: self.status.setText(error_text(exc, "Chưa soạn được")))
        self.setWindowTitle("Soạn văn bản phát động")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 14, 18, 12)
        intro = QLabel(
            f"<b>{detail.name}</b><br>Văn bản được soạn từ các đợt, nội dung, chỉ tiêu, mốc sơ kết, tổng kết "
            "và các phần văn bản của phong trào (Sửa… › Văn bản phát động/Kế hoạch). "
            "Sửa trực tiếp nội dung bên dưới: mỗi dòng là một đoạn; dòng đặt giữa ** ** là đề mục in "
            "đậm; *nghiêng*, **đậm** như khi gõ."
        )
        intro.setWordWrap(True)
        outer.addWidget(intro)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.kind_combo = QComboBox()
        for kind, label in KINDS:
            self.kind_combo.addItem(label, kind)
        self.signer_combo = QComboBox()
        agency = workspace.agency
        for signer in agency.signers if agency else ():
            self.signer_combo.addItem(f"{signer.full_name} – {signer.position_title.capitalize()}", signer.id)
            if signer.is_default:
                self.signer_combo.setCurrentIndex(self.signer_combo.count() - 1)
        top = QHBoxLayout()
        top.addWidget(self.kind_combo)
        top.addSpacing(12)
        top.addWidget(QLabel("Người ký:"))
        top.addWidget(self.signer_combo, 1)
        form.addRow("Loại văn bản:", top)
        self.subject_edit = line()
        form.addRow("Trích yếu:", self.subject_edit)
        self.recipients_edit = QPlainTextEdit()
        self.recipients_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 2 + 14)
        self.recipients_label = QLabel("Kính gửi:")
        form.addRow(self.recipients_label, self.recipients_edit)
        self.body_edit = QPlainTextEdit()
        self.body_edit.setObjectName("launchText")
        self.body_edit.setMinimumHeight(self.fontMetrics().lineSpacing() * 16)
        form.addRow("Nội dung:", self.body_edit)
        self.copies_edit = QPlainTextEdit()
        self.copies_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 14)
        form.addRow("Nơi nhận:", self.copies_edit)
        self.drafter_edit = line("Chữ viết tắt người soạn, ví dụ: HQ")
        form.addRow("Người soạn:", self.drafter_edit)
        outer.addLayout(form, 1)

        self.status = QLabel()
        self.status.setObjectName("error")
        self.status.setWordWrap(True)
        outer.addWidget(self.status)
        bottom = QHBoxLayout()
        self.pdf_button = QPushButton("Xem bản PDF…")
        self.pdf_button.setToolTip("Lưu văn bản ra tệp PDF đúng thể thức và mở ra để xem, in")
        self.pdf_button.clicked.connect(self.preview)
        bottom.addWidget(self.pdf_button)
        self.bases_button = QPushButton("Thêm căn cứ từ văn bản đến")
        self.bases_button.setToolTip(
            "Thêm vào đầu nội dung dòng “Căn cứ …” của các văn bản đến đã liên kết với phong trào "
            "(trang Văn bản đến › Liên kết…)"
        )
        self.bases_button.clicked.connect(self.add_incoming_bases)
        bottom.addWidget(self.bases_button)
        bottom.addStretch(1)
        bottom.addWidget(QLabel("Ngày ban hành:"))
        self.day_edit = date_edit(dt.date.today())
        bottom.addWidget(self.day_edit)
        self.register_button = QPushButton("Vào sổ")
        self.register_button.setToolTip("Cấp số văn bản đi tiếp theo của năm và gắn văn bản với phong trào")
        self.register_button.clicked.connect(self.register)
        bottom.addWidget(self.register_button)
        allow(workspace, register_launch, self.register_button)
        self.close_button = QPushButton("Đóng")
        self.close_button.clicked.connect(self.reject)
        bottom.addWidget(self.close_button)
        outer.addLayout(bottom)
        if detail.launch_document:
            self._show_registered(
                f"Phong trào đã có văn bản phát động số {detail.launch_document}; in lại ở trang Văn bản."
            )
        self.kind_combo.currentIndexChanged.connect(self.redraft)
        self.signer_combo.currentIndexChanged.connect(self.redraft)
        self.redraft()
        scroll_above_buttons(self)  # a short screen scrolls the fields; the buttons stay in view
        fit_to_screen(self, 860, 760)

    # --- the draft ---------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        return self._drafter.busy

    def redraft(self) -> None:
        """Draft again from the records (the clerk's edits to the text are replaced)."""
        self._draft = None
        self._drafter.request(
            self.detail.id,
            self.kind_combo.currentData(),
            self.signer_combo.currentData(),
            self.day_edit.date(),  # the last good day typed: the draft is redrawn when it changes
        )

    def _drafted(self, _args: tuple, draft: LaunchDraft) -> None:
        self._draft = d = draft
        self.subject_edit.setText(d.subject)
        self.recipients_edit.setPlainText("\n".join(d.recipients))
        letter = d.kind is DocumentKind.OFFICIAL_LETTER
        self.recipients_edit.setVisible(letter)
        self.recipients_label.setVisible(letter)
        self.body_edit.setPlainText(d.text)
        self.copies_edit.setPlainText("\n".join(f"- {x}" for x in d.copies_to))
        self.drafter_edit.setText(d.drafter)

    def current_draft(self):
        if self._draft is None:
            return None
        return replace(
            self._draft,
            subject=self.subject_edit.text(),
            text=self.body_edit.toPlainText(),
            recipients=_lines(self.recipients_edit),
            copies_to=_lines(self.copies_edit),
            drafter=self.drafter_edit.text().strip().upper(),
        )

    def add_incoming_bases(self) -> QueryOp:
        """The Căn cứ lines of the incoming documents linked to the campaign, read off the GUI thread, then
        put in the text (app.services.incoming.insert_basis_lines)."""
        op = QueryOp(self, "Đang đọc văn bản đến…", basis_lines, self.workspace.ctx, self.detail.id)
        return op.success(self._insert_bases).failure(lambda exc: self.status.setText(error_text(exc))).run()

    def _insert_bases(self, lines: list[str]) -> None:
        if not lines:
            self.status.setText(
                "Phong trào chưa liên kết với văn bản đến nào (trang Văn bản đến › Liên kết…)."
            )
            return
        text = self.body_edit.toPlainText()
        merged = insert_basis_lines(text, lines)
        if merged != text:
            self.body_edit.setPlainText(merged)
        self.status.clear()

    # --- PDF and register --------------------------------------------------------------------------
    def preview(self):
        """The document as it prints: numbered once registered, else with number and day blank."""
        draft = self.current_draft()
        if draft is None:
            return None
        ctx, done = self.workspace.ctx, self.result_value
        number = int(done.number_text.split("/")[0]) if done else None
        day = date_value(self.day_edit) if done else None
        name = f"Phát động - {done.number_text}" if done else "Dự thảo văn bản phát động"
        self.status.clear()
        self.pdf_job = save_pdf_and_open(
            self, name, lambda path: render_launch(ctx, draft, path, number, day)
        )
        return self.pdf_job

    def register(self) -> WriteOp | None:
        """Number the draft as it stands in the register: one write; `registered` once it is in."""
        draft = self.current_draft()
        if draft is None or not self.register_button.isEnabled():
            return None
        try:
            day = date_value(self.day_edit)
        except ValidationError as exc:  # the day typed is not a day: nothing is numbered
            self.status.setText(str(exc))
            return None
        self.register_button.setEnabled(False)
        self.status.clear()
        return (
            WriteOp(
                self.workspace,
                self,
                "Đang vào sổ…",
                register_launch,
                self.detail.id,
                draft,
                day,
                areas={Area.CAMPAIGNS, Area.DOCUMENTS},
            )
            .success(self._registered)
            .failure(self._refused)
            .run()
        )

    def _refused(self, exc: BaseException) -> None:
        """Nothing was numbered: the reason in red, the clerk may try again."""
        self.register_button.setEnabled(True)
        self.status.setText(error_text(exc, "Chưa vào sổ được"))

    def _registered(self, done: LaunchRegistered) -> None:
        self.result_value = done
        self._show_registered(
            f"Đã vào sổ: văn bản số {self.result_value.number_text}. Bấm “Xem bản PDF…” để in bản có số."
        )
        # What was registered is what prints from now on.
        for edit in (
            self.subject_edit,
            self.body_edit,
            self.recipients_edit,
            self.copies_edit,
            self.drafter_edit,
        ):
            edit.setReadOnly(True)
        self.kind_combo.setEnabled(False)
        self.signer_combo.setEnabled(False)
        self.registered.emit(self.result_value)

    def _show_registered(self, text: str) -> None:
        self.status.setObjectName("muted")
        self.status.setStyleSheet("")
        self.status.setText(text)
        self.register_button.setEnabled(False)
        self.day_edit.setEnabled(False)
        self.bases_button.setEnabled(False)
