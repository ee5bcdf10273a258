"""Lập quyết định khen thưởng: the items the council passed that the Director grants, ticked into one
decision; the draft (each bonus, the counts, the total and the amount in words) worked out by
app.services.decisions.draft_decision as the clerk ticks, and "Ban hành" issuing it with the next
number of the register (issue_decision: one transaction).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGroupBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from app.errors import ValidationError
from app.services.awards import base_salary_since
from app.services.context import ServiceContext
from app.services.decisions import DecisionDraft, IssuedDecision, draft_decision, issue_decision
from app.text.numbers import decimal_text
from ui.dialogs.decision_form import DecisionFormDialog, signer_combo, who_text
from ui.format import date, money, number
from ui.jobs import Loader
from ui.models.text_rows import TextRowsModel
from ui.operations import WriteOp
from ui.widgets.data_view import data_view
from ui.widgets.form_dialog import add_hint, date_edit, date_value
from ui.workspace import Area

# "Ghi chú": why an amount is not the full one (one bonus per achievement, NĐ 152/2025 Điều 49 khoản 5).
LINE_HEADERS = ["STT", "Cá nhân / Tập thể", "Danh hiệu, hình thức", "Hệ số", "Số tiền (đ)", "Ghi chú"]
NOTE = LINE_HEADERS.index("Ghi chú")


@dataclass(frozen=True)
class DraftRequest:
    ids: tuple[int, ...]
    day: dt.date
    subject: str | None  # None: the draft's own
    legal_bases: tuple[str, ...]  # empty: those in force on the day


@dataclass(frozen=True)
class DraftView:
    request: DraftRequest
    draft: DecisionDraft
    salary_since: dt.date | None


@dataclass(frozen=True)
class Issued:
    """What the page is told once the decision is issued: the decision and the year of its achievements."""

    decision: IssuedDecision
    year: int | None


def make_draft(ctx: ServiceContext, request: DraftRequest) -> DraftView:
    draft = draft_decision(ctx, request.ids, request.day, request.subject, request.legal_bases)
    since = base_salary_since(ctx, request.day)
    return DraftView(request, draft, since[1] if since else None)


def text_box(lines: int, placeholder: str = "") -> QPlainTextEdit:
    """A few lines of text; Tab moves on to the next field, as in a line edit."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class DraftedText:
    """A text box the draft fills until the clerk types in it; cleared, the draft's own text comes back."""

    def __init__(self, box: QPlainTextEdit):
        self.box = box
        self.auto = True
        box.textChanged.connect(self._edited)

    def _edited(self) -> None:
        if not self.box.signalsBlocked():
            self.auto = not self.box.toPlainText().strip()

    def fill(self, text: str) -> None:
        if self.auto:
            self.box.blockSignals(True)
            self.box.setPlainText(text)
            self.box.blockSignals(False)

    def typed(self) -> str | None:
        """The clerk's text, or None while the draft's own stands."""
        return None if self.auto else self.box.toPlainText()


def coefficient_text(value: Decimal | None) -> str:
    """0,3 and 1 rather than 0.30 and 1.00."""
    if value is None:
        return "—"
    return decimal_text(Decimal(value))


class IssueDecisionDialog(DecisionFormDialog):
    OK_TEXT = "Ban hành"
    EMPTY_TEXT = "Không có đề nghị nào đã được xét “Đạt” thuộc thẩm quyền Giám đốc Sở."

    def __init__(self, workspace, year: int | None = None, parent: QWidget | None = None):
        super().__init__(
            workspace,
            "Lập quyết định khen thưởng",
            "Đánh dấu các đề nghị đã được xét “Đạt” để đưa vào quyết định. Tiền thưởng tính theo mức lương cơ sở "
            "áp dụng vào ngày quyết định. “Ban hành” cấp số trong sổ văn bản đi và ghi khen thưởng vào hồ sơ "
            "từng cá nhân, tập thể.",
            year,
            parent,
        )
        self.ok_button.setToolTip("Cấp số, ghi quyết định và các khen thưởng (không thể hoàn tác)")
        self.day_edit = date_edit(dt.date.today())
        self.day_edit.dateChanged.connect(self.refresh_later)
        self.form.addRow("Ngày quyết định:", self.day_edit)
        self.signer = signer_combo(workspace.agency)
        self.form.addRow("Người ký:", self.signer)
        self.subject_edit = text_box(2, "Tự điền theo các đề nghị đã chọn")
        self.subject_edit.setToolTip("Trích yếu của quyết định; tự điền theo các đề nghị đã chọn, có thể sửa")
        self.subject = DraftedText(self.subject_edit)
        self.form.addRow("Trích yếu:", self.subject_edit)
        self.bases_edit = text_box(5, "Tự điền các văn bản có hiệu lực vào ngày quyết định")
        self.bases_edit.setToolTip(
            "Các căn cứ của quyết định, mỗi căn cứ một dòng; tự điền theo ngày quyết định "
            "(Luật, Nghị định, Thông tư đang có hiệu lực), có thể sửa"
        )
        self.bases_edit.textChanged.connect(self.error.clear)
        self.bases = DraftedText(self.bases_edit)
        self.form.addRow("Căn cứ:", self.bases_edit)
        add_hint(self.form, "Mỗi căn cứ một dòng; xóa hết để lấy lại căn cứ theo ngày quyết định.")

        box = QGroupBox("Dự thảo danh sách kèm theo quyết định")
        inner = QVBoxLayout(box)
        self.lines_model = TextRowsModel(LINE_HEADERS, numeric=frozenset({3, 4}), centred=frozenset({0}))
        # The name keeps its width; "Ghi chú" takes what is left (the whole note is its tooltip).
        self.lines_view = data_view(
            self.lines_model,
            "draftLines",
            widths={0: "00", 1: "Nguyễn Thị Phương", 2: "Lao động tiên tiến", 3: "0,3", 4: "00.000.000"},
            stretch=5,
        )
        inner.addWidget(self.lines_view, 1)
        # The column is narrow: the note of the line chosen (or of the first line with one) is read here in full.
        self.note_label = QLabel("")
        self.note_label.setWordWrap(True)
        self.note_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note_label.hide()
        inner.addWidget(self.note_label)
        self.lines_view.selectionModel().currentRowChanged.connect(lambda *_a: self._show_note())
        self.counts_label = QLabel("")
        self.total_label = QLabel("")
        self.total_label.setObjectName("sectionTitle")
        self.words_label = QLabel("")
        self.words_label.setWordWrap(True)
        italic = QFont(self.words_label.font())
        italic.setItalic(True)
        self.words_label.setFont(italic)
        self.salary_label = QLabel("")
        self.salary_label.setObjectName("muted")
        self.salary_label.setWordWrap(True)
        for label in (self.counts_label, self.total_label, self.words_label, self.salary_label):
            inner.addWidget(label)
        self.side.addWidget(box, 1)

        self.draft_view: DraftView | None = None
        self._issued_year: int | None = None
        ctx = workspace.ctx
        self._draft_loader = Loader(lambda request: make_draft(ctx, request), self)
        self._draft_loader.loaded.connect(self._show_draft)
        self._draft_loader.failed.connect(self._draft_failed)
        self.finish(1240, 720, left_share=0.38)
        self._show_empty("Đang đọc các đề nghị…")

    @property
    def busy(self) -> bool:
        return super().busy or self._draft_loader.busy

    # --- the draft ----------------------------------------------------------------------------------
    def legal_bases(self) -> tuple[str, ...]:
        """The Căn cứ lines as the box shows them."""
        return tuple(x.strip() for x in self.bases_edit.toPlainText().splitlines() if x.strip())

    def request(self) -> DraftRequest:
        # Lines the clerk has not typed are the draft's: those in force on the day, worked out again with it.
        return DraftRequest(
            tuple(self.picker.checked_ids()),
            date_value(self.day_edit),
            self.subject.typed(),
            () if self.bases.auto else self.legal_bases(),
        )

    def refresh(self) -> None:
        try:
            request = self.request()
        except ValidationError:  # the day typed is not a day: shown at the field; the draft waits for one
            return
        if not request.ids:
            self._draft_loader.cancel()
            self.draft_view = None
            self._show_empty("Đánh dấu các đề nghị ở bên trái để xem dự thảo danh sách và tiền thưởng.")
            return
        self._draft_loader.request(request)

    def _show_note(self) -> None:
        model = self.lines_model
        rows = range(model.rowCount())
        current = self.lines_view.currentIndex()
        row = current.row() if current.isValid() else next((r for r in rows if model.text(r, NOTE)), None)
        note = model.text(row, NOTE) if row is not None else ""
        self.note_label.setText(
            f"Ghi chú dòng {model.text(row, 0)} – {model.text(row, 1)}: {note}" if note else ""
        )
        self.note_label.setVisible(bool(note))

    def _show_empty(self, message: str) -> None:
        self.lines_model.set_rows([])
        self._show_note()
        self.counts_label.setText(message)
        for label in (self.total_label, self.words_label, self.salary_label):
            label.setText("")
        self.subject.fill("")

    def _draft_failed(self, exc: Exception) -> None:
        self.draft_view = None
        self._show_empty(str(exc))

    def _show_draft(self, _args: tuple, view: DraftView) -> None:
        self.draft_view = view
        draft = view.draft
        self.lines_model.set_rows(
            [
                (
                    str(n),
                    x.subject_name + ("" if x.collective or not x.unit_name else f" ({x.unit_name})"),
                    x.award_name,
                    coefficient_text(x.coefficient),
                    number(x.amount) if x.amount is not None else "—",
                    x.note or "",
                )
                for n, x in enumerate(draft.lines, start=1)
            ],
            [x.nomination_id for x in draft.lines],
        )
        self._show_note()
        items = [
            self.picker.items[x.nomination_id] for x in draft.lines if x.nomination_id in self.picker.items
        ]
        self.counts_label.setText(f"{number(len(draft.lines))} khen thưởng: {who_text(items)}")
        self.total_label.setText(f"Tổng tiền thưởng: {money(draft.total)}")
        self.words_label.setText(f"Bằng chữ: {draft.total_in_words}.")
        since = f" (từ {date(view.salary_since)})" if view.salary_since else ""
        self.salary_label.setText(
            f"Mức lương cơ sở áp dụng: {number(draft.base_salary)} đ{since}. Tiền thưởng = hệ số × mức lương cơ sở, "
            f"làm tròn lên đến bội số của {number(draft.rounding)} đ."
        )
        self.subject.fill(draft.subject)
        self.bases.fill("\n".join(draft.legal_bases))

    # --- issuing ------------------------------------------------------------------------------------
    def submit(self) -> WriteOp:
        request = self.request()
        self._issued_year = self.draft_view.draft.year if self.draft_view is not None else None
        return self.write(
            issue_decision,
            request.ids,
            request.day,
            self.signer.currentData(),
            request.subject,
            request.legal_bases,
            areas={Area.DECISIONS, Area.NOMINATIONS, Area.STAFF, Area.DOCUMENTS, Area.INITIATIVES},
            label="Đang ban hành quyết định…",
        )

    def result_of(self, written: IssuedDecision) -> Issued:
        return Issued(written, self._issued_year)
