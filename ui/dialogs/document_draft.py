"""Soạn văn bản: a công văn, kế hoạch, thông báo or báo cáo written as plain text in the fields of the state
format, saved as a draft with no number; or a draft made from the records (quyết định, tờ trình, biên bản)
whose subject, căn cứ, signer and Nơi nhận the clerk corrects before it is numbered. A registered entry
opens read-only.

"Xem trước" shows the text being edited as it will print, without saving (read and rendered off the GUI
thread); "Vào sổ…" saves, then asks for the signing day (the page opens RegisterDialog once this dialog has
closed: the SavedDraft it gets says so).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from app.services.documents import (
    DEFAULT_UNIT_CODE,
    RECORD_KINDS,
    WRITTEN_KINDS,
    DraftInput,
    StoredDocument,
    document_model,
    export_document,
    load_document,
    preview_model,
    register_draft,
    save_draft,
)
from database.enums import DocumentKind
from ui.dialogs.decision_form import select_data, signer_combo
from ui.dialogs.decision_issue import text_box
from ui.dialogs.document_actions import open_rendered, save_word
from ui.operations import QueryOp, WriteOp
from ui.permissions import allow, may
from ui.widgets.form_dialog import FormDialog, add_hint, line
from ui.widgets.pdf_output import PdfJob
from ui.widgets.screen_fit import scroll_above_buttons
from ui.workspace import Area

K = DocumentKind
BODY_HINT = (  # two lines of its own: a wrapped hint is laid out too short and runs onto the editor above
    "Mỗi đoạn một dòng; dòng viết HOA là đề mục (I. MỤC ĐÍCH, YÊU CẦU).\n"
    "Chữ nghiêng: *chữ*, chữ đậm: **chữ**. Kết thúc bằng “./.”."
)


@dataclass(frozen=True)
class SavedDraft:
    """What the page is told once the draft is saved."""

    document_id: int
    kind: DocumentKind
    subject: str
    then_register: bool  # "Vào sổ…" was pressed: the page asks for the signing day next


def lines_of(box: QPlainTextEdit) -> tuple[str, ...]:
    return tuple(x.strip() for x in box.toPlainText().splitlines() if x.strip())


def default_copies(kind: DocumentKind, unit_code: str) -> str:
    """Nơi nhận a new draft starts with: a công văn is sent "Như trên" (its Kính gửi) first."""
    archive = f"Lưu: VT, {unit_code or DEFAULT_UNIT_CODE}"
    return f"Như trên\n{archive}" if kind is K.OFFICIAL_LETTER else archive


class DocumentDialog(FormDialog):
    OK_TEXT = "Lưu dự thảo"

    def __init__(self, workspace, stored: StoredDocument | None = None, parent: QWidget | None = None):
        editing = stored is not None
        entry = stored.entry if stored else None
        title = (
            "Soạn văn bản"
            if not editing
            else (
                f"{entry.kind.label} số {entry.number_text}"
                if entry.number
                else f"Dự thảo {entry.kind.label.lower()}"
            )
        )
        super().__init__(workspace, title, "", parent)
        self.stored = stored
        self.then_register = False
        self._saving: tuple[DocumentKind, str] | None = None  # what OK is saving: its kind and subject
        self.kind_combo = QComboBox()
        for kind in WRITTEN_KINDS if not editing else (entry.kind,):
            self.kind_combo.addItem(kind.label, kind)
        self.kind_combo.setEnabled(not editing)
        self.form.addRow("Loại văn bản:", self.kind_combo)
        self.subject_edit = line("Ví dụ: hướng dẫn tổng kết công tác thi đua, khen thưởng năm 2025")
        self.form.addRow("Trích yếu:", self.subject_edit)
        self.unit_edit = line(
            DEFAULT_UNIT_CODE, DEFAULT_UNIT_CODE, "Đơn vị soạn thảo trong ký hiệu công văn (SYT-VP)"
        )
        self.unit_edit.setMaximumWidth(self.unit_edit.fontMetrics().horizontalAdvance("TĐKT-00") + 40)
        self.form.addRow("Đơn vị soạn:", self.unit_edit)
        self.addressees_edit = text_box(2, "Mỗi nơi một dòng, ví dụ: Thủ trưởng các đơn vị trực thuộc Sở")
        self.form.addRow("Kính gửi:", self.addressees_edit)
        self.body_edit = text_box(12)
        self.form.addRow("Nội dung:", self.body_edit)
        self.body_hint = add_hint(self.form, BODY_HINT)
        self.body_hint.setWordWrap(False)  # its lines are given: its height is exact at any width
        self.bases_edit = text_box(4, "Mỗi căn cứ một dòng")
        self.form.addRow("Căn cứ:", self.bases_edit)
        self.records_note = add_hint(
            self.form, "Nội dung và danh sách kèm theo lấy từ hồ sơ;\nbấm “Xem trước” để xem văn bản đầy đủ."
        )
        self.records_note.setWordWrap(False)
        self.signer = signer_combo(workspace.agency)
        self.form.addRow("Người ký:", self.signer)
        self.copies_edit = text_box(3)
        self.form.addRow("Nơi nhận:", self.copies_edit)
        marks = QHBoxLayout()
        self.drafter_edit = line("Ví dụ: NVA", tooltip="Chữ viết tắt tên người soạn thảo (ô 12)")
        self.count_spin = QSpinBox()
        self.count_spin.setRange(0, 999)
        self.count_spin.setSpecialValueText("—")
        marks.addWidget(self.drafter_edit, 1)
        marks.addWidget(QLabel("Số bản:"))
        marks.addWidget(self.count_spin)
        self.form.addRow("Người soạn:", marks)

        self.preview_button = QPushButton("Xem trước")
        self.preview_button.setToolTip("Xem văn bản đúng thể thức, ngay trong chương trình")
        self.preview_button.clicked.connect(self.preview)
        self.word_button = QPushButton("Lưu Word…")
        self.word_button.setToolTip("Lưu văn bản thành tệp .docx để sửa tiếp trong Word")
        self.word_button.clicked.connect(self.save_word)
        self.register_button = QPushButton("Vào sổ…")
        self.register_button.setToolTip("Lưu dự thảo rồi cấp số, ngày ký trong sổ văn bản đi")
        self.register_button.clicked.connect(self.save_and_register)
        for n, button in enumerate((self.preview_button, self.word_button, self.register_button)):
            self.bottom.insertWidget(1 + n, button)
        self.preview_job: PdfJob | None = None
        self.word_job: QueryOp | None = None
        self.word_path = None

        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self._fill(stored)
        self.finish_layout(760)
        scroll_above_buttons(self)  # a short screen scrolls the fields; the buttons stay in view

    # --- fields ----------------------------------------------------------------------------------------
    def kind(self) -> DocumentKind:
        return self.kind_combo.currentData()

    def _fill(self, stored: StoredDocument | None) -> None:
        if stored is None:
            self.copies_edit.setPlainText(default_copies(self.kind(), DEFAULT_UNIT_CODE))
        else:
            d = stored.draft
            self.subject_edit.setText(d.subject)
            self.unit_edit.setText(d.unit_code)
            self.addressees_edit.setPlainText("\n".join(d.addressees))
            self.body_edit.setPlainText(d.text)
            self.bases_edit.setPlainText("\n".join(d.legal_bases))
            select_data(self.signer, d.signer_id)
            self.copies_edit.setPlainText("\n".join(d.copies_to))
            self.drafter_edit.setText(d.drafter)
            self.count_spin.setValue(d.copies or 0)
        self._kind_changed()
        allow(self.workspace, (save_draft, register_draft), self.register_button)
        if stored is not None and (not stored.editable or not may(self.workspace, save_draft)):
            self._read_only()  # issued, or an account that may not change drafts

    def fetch_record(self, ctx) -> StoredDocument:
        return load_document(ctx, self.stored.entry.id)

    def show_record(self, stored: StoredDocument) -> None:
        self.stored = stored
        self._fill(stored)

    def _kind_changed(self, *_args) -> None:
        kind = self.kind()
        written, letter = kind in WRITTEN_KINDS, kind is K.OFFICIAL_LETTER
        self.form.labelForField(self.subject_edit).setText("V/v:" if letter else "Trích yếu:")
        for widget, shown in (
            (self.unit_edit, letter),
            (self.addressees_edit, written),
            (self.body_edit, written),
            (self.body_hint, written),
            (self.bases_edit, kind in (K.DECISION, K.SUBMISSION)),
            (self.records_note, kind in RECORD_KINDS),
        ):
            self.form.setRowVisible(widget, shown)
        if self.stored is None and lines_of(self.copies_edit) in {
            tuple(default_copies(k, self.unit_edit.text()).splitlines()) for k in WRITTEN_KINDS
        }:
            self.copies_edit.setPlainText(default_copies(kind, self.unit_edit.text()))

    def _read_only(self) -> None:
        for edit in (self.subject_edit, self.unit_edit, self.drafter_edit):
            edit.setReadOnly(True)
        for box in (self.addressees_edit, self.body_edit, self.bases_edit, self.copies_edit):
            box.setReadOnly(True)
        self.signer.setEnabled(False)
        self.count_spin.setEnabled(False)
        self.ok_button.hide()
        self.register_button.hide()
        self.cancel_button.setText("Đóng")
        status = self.stored.entry.status.label
        reason = self.stored.entry.void_reason
        self.intro.setText(
            f"{status}" + (f" – {reason}" if reason else "") + ": chỉ xem, in lại hoặc lưu Word."
        )
        self.intro.show()

    def draft(self) -> DraftInput:
        return DraftInput(
            kind=self.kind(),
            subject=self.subject_edit.text(),
            text=self.body_edit.toPlainText(),
            addressees=lines_of(self.addressees_edit),
            signer_id=self.signer.currentData(),
            copies_to=lines_of(self.copies_edit),
            drafter=self.drafter_edit.text(),
            copies=self.count_spin.value() or None,
            unit_code=self.unit_edit.text(),
            legal_bases=lines_of(self.bases_edit),
        )

    # --- output ----------------------------------------------------------------------------------------
    def model_source(self) -> Callable[[], Any]:
        """The document as the fields say now (nothing saved), to be built off the GUI thread: the fields are
        read here, the database there. A registered one exactly as stored."""
        ctx = self.workspace.ctx
        if self.stored is None:
            return partial(preview_model, ctx, self.draft())
        if not self.stored.editable:
            return partial(document_model, ctx, self.stored.entry.id)
        return partial(document_model, ctx, self.stored.entry.id, self.draft())

    def _name(self) -> str:
        entry = self.stored.entry if self.stored else None
        number = entry.number_text.replace("/", "-") if entry and entry.number else "du thao"
        return f"{self.kind().label} {number}"

    def preview(self) -> PdfJob | None:
        """Rendered off the GUI thread to a file of its own, shown in the preview window."""
        self.error.clear()
        model = self.model_source()
        self.preview_job = open_rendered(self, self._name(), lambda path: export_document(model(), path))
        return self.preview_job

    def save_word(self) -> QueryOp | None:
        self.error.clear()
        model = self.model_source()

        def said(path, message: str) -> None:
            self.word_path = path
            self.error.setText("" if path else message)

        self.word_job = save_word(self, self._name(), lambda target: export_document(model(), target), said)
        return self.word_job

    # --- saving ----------------------------------------------------------------------------------------
    def submit(self) -> WriteOp:
        draft = self.draft()
        self._saving = (draft.kind, draft.subject.strip())
        document_id, version = (self.stored.entry.id, self.stored.version) if self.stored else (None, None)
        return self.write(
            save_draft, draft, document_id, version, areas={Area.DOCUMENTS}, label="Đang lưu dự thảo…"
        )

    def result_of(self, written: int) -> SavedDraft:
        kind, subject = self._saving
        return SavedDraft(written, kind, subject, self.then_register)

    def _refused(self, exc: BaseException) -> None:
        self.then_register = False
        super()._refused(exc)

    def save_and_register(self) -> None:
        self.then_register = True
        self.accept()
        if self.ok_button.isEnabled() and self.result() != self.DialogCode.Accepted:
            self.then_register = False  # refused before anything was written
