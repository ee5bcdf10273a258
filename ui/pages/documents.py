"""Văn bản: the outgoing register (sổ văn bản đi) of a year — number, ký hiệu, date, kind, subject, signer,
Nơi nhận, status, its chain of corrections — searched by kind and by words (accents ignored); drafts written
here, approved by a leader where the office asks for it ("Duyệt"), and numbered when signed; an issued
document never edited again but corrected by a new one linked to it (đính chính, sửa đổi, bổ sung, thay thế)
or voided with a reason (the row stays, greyed); the signed scan kept with its entry; every entry opened,
previewed, printed through the PDF reader or saved as Word.

The register's own entries are in the "Sổ đăng ký ▾" menu (the toolbar keeps to a 1280-pixel window): the signed
scan, the entry's history, "Đặt số tiếp theo…" (where a series goes on, with a reason) and "Vào sổ văn bản ban hành ngoài chương
trình…" (entered with its number, marked in the list: its text is not kept, its scan is what opens).

Reads run in the background (app.services.documents); every change is one write on the writer thread
(ui.operations.WriteOp), after which the register reads itself again (AREAS).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
)

from app.services.accounts import local_time_text
from app.services.documents import (
    DocumentEntry,
    StoredDocument,
    approval_required,
    approve_draft,
    attach_file,
    choose_series,
    correct_document,
    delete_draft,
    document_file,
    document_model,
    document_years,
    export_document,
    list_documents,
    load_document,
    register_draft,
    register_series,
    render_document,
    require_approval,
    save_draft,
    void_document,
)
from app.services.register import (
    SERIES_CHOICES,
    record_external_document,
    series_of,
    set_next_number,
)
from database.enums import DocumentKind, DocumentStatus
from ui import file_dialogs
from ui.dialogs.document_actions import (
    CorrectDialog,
    RegisterDialog,
    VoidDialog,
    open_bytes,
    open_rendered,
    print_rendered,
    save_word,
)
from ui.dialogs.record_history import may_read_audit, open_record_history
from ui.format import date, number
from ui.jobs import Loader
from ui.models.text_rows import TextRowsModel
from ui.operations import QueryOp, WriteOp, error_text
from ui.pages.base import LoadedPage
from ui.permissions import allow
from ui.widgets.actions import open_tracked, page_action
from ui.widgets.data_view import current_row, data_view, on_open
from ui.widgets.debounce import debounce
from ui.widgets.record_view import text_label
from ui.widgets.tables import MUTED_COLOUR
from ui.widgets.year_combo import YearCombo
from ui.workspace import Area

HEADERS = [
    "Số",
    "Ký hiệu",
    "Ngày",
    "Loại",
    "Trích yếu",
    "Người ký",
    "Nơi nhận",
    "Trạng thái",
    "Bản ký",
    "Liên quan",
]
SUBJECT_COLUMN = 4
STATUS_COLUMN = 7
CHAIN_COLUMN = 9
SEARCH_DELAY_MS = 200
EXTERNAL_MARK = "Ngoài chương trình"  # the status of an entry issued outside the program, entered afterwards
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)


@dataclass(frozen=True)
class RegisterView:
    """What the page reads in one background trip."""

    year: int
    years: list[int]
    entries: list[DocumentEntry]
    series: str
    approval: bool = False  # drafts need a leader's sign-off before they are numbered


def load_register(ctx, year: int | None, kind: DocumentKind | None, text: str) -> RegisterView:
    this_year = dt.date.today().year
    kept = document_years(ctx)
    years = sorted(set(kept) | {this_year} | ({year} - {None}), reverse=True)
    if year not in years:  # at first: the newest year the register holds
        year = kept[0] if kept else this_year
    return RegisterView(
        year, years, list_documents(ctx, year, kind, text), register_series(ctx), approval_required(ctx)
    )


def status_text(e: DocumentEntry, approval: bool = False) -> str:
    """ "Đã vào sổ", "Đã hủy số: <lý do>", "Đã bị thay thế bởi số …"; a draft "Chờ duyệt" / "Đã duyệt" where
    the office asks for a leader's sign-off (or one was given)."""
    if e.status is DocumentStatus.VOIDED and e.void_reason:
        return f"{e.status.label}: {e.void_reason}"
    if e.status is DocumentStatus.REGISTERED and e.replaced_by:
        return f"Đã bị thay thế bởi số {e.replaced_by}"
    if e.status is DocumentStatus.REGISTERED and e.external:
        return EXTERNAL_MARK
    return e.approval_text(approval) or e.status.label


def _superseded(e: DocumentEntry) -> bool:
    return e.status is DocumentStatus.VOIDED or e.replaced_by is not None


class RegisterModel(TextRowsModel):
    """The register's rows; a voided number (or a replaced document) stays in its place, greyed, its reason as a
    tooltip."""

    def data(self, index, role=int(Qt.ItemDataRole.DisplayRole)):
        if index.isValid() and role in (_FOREGROUND, _TOOLTIP):
            entry: DocumentEntry = self.row_id(index.row())
            if role == _TOOLTIP and index.column() == CHAIN_COLUMN and entry.chain_text:
                return entry.chain_text.replace("; ", "\n")
            if role == _TOOLTIP and index.column() == STATUS_COLUMN and entry.approved_at is not None:
                return f"Lãnh đạo ({entry.approved_by}) duyệt lúc {local_time_text(entry.approved_at)}"
            if role == _TOOLTIP and index.column() == STATUS_COLUMN and entry.external:
                return (
                    "Văn bản ban hành ngoài chương trình (sổ tay, hệ thống quản lý văn bản), vào sổ để dãy "
                    "số liền mạch; chương trình không lưu nội dung, chỉ lưu bản quét (nếu có)."
                )
            if _superseded(entry):
                return MUTED_COLOUR if role == _FOREGROUND else status_text(entry)
        return super().data(index, role)


class DocumentsPage(LoadedPage):
    TITLE = "Văn bản"
    ICON = "documents"
    AREAS = frozenset({Area.DOCUMENTS})

    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(workspace, parent)
        self.view_data: RegisterView | None = None
        self.active_dialog: QDialog | None = None
        self.last_job = None
        self.last_scan: Path | None = None  # the signed scan opened last
        self._select_after_load: int | None = None
        self._opening = False  # an entry is being read to open its dialog

        outer, toolbar = self.toolbar_frame(
            "Sổ văn bản đi: soạn, cấp số, hủy số, lưu bản đã ký; in đúng thể thức Nghị định 30/2020/NĐ-CP."
        )
        self.new_action = page_action(
            self,
            toolbar,
            "Soạn văn bản…",
            "Soạn công văn, kế hoạch, thông báo, báo cáo mới (Ctrl+N)",
            self.open_new,
            "Ctrl+N",
            once=True,
        )
        self.open_action = page_action(
            self,
            toolbar,
            "Mở",
            "Mở văn bản đang chọn: sửa dự thảo, xem văn bản đã vào sổ (Enter)",
            self.open_current,
        )
        self.register_action = page_action(
            self,
            toolbar,
            "Vào sổ…",
            "Cấp số và ngày ký cho dự thảo đang chọn (Ctrl+R)",
            self.register_current,
            "Ctrl+R",
            once=True,
        )
        self.approve_action = page_action(
            self,
            toolbar,
            "Duyệt",
            "Lãnh đạo duyệt dự thảo đang chọn (khi cơ quan yêu cầu duyệt trước khi vào sổ)",
            self.approve_current,
        )
        self.correct_action = page_action(
            self,
            toolbar,
            "Đính chính…",
            "Soạn văn bản đính chính, sửa đổi, bổ sung hoặc thay thế văn bản đã ban hành đang chọn",
            self.correct_current,
            once=True,
        )
        self.void_action = page_action(
            self,
            toolbar,
            "Hủy số…",
            "Hủy số của văn bản đang chọn (ghi lý do; số không cấp lại)",
            self.void_current,
        )
        self.delete_action = page_action(
            self, toolbar, "Xóa dự thảo", "Xóa dự thảo chưa cấp số", self.delete_current
        )
        toolbar.addSeparator()
        self.preview_action = page_action(
            self,
            toolbar,
            "Xem trước",
            "Xem văn bản đang chọn đúng thể thức, ngay trong chương trình",
            self.preview_current,
        )
        self.print_action = page_action(
            self,
            toolbar,
            "In…",
            "In văn bản đang chọn bằng máy in của máy tính (Ctrl+P)",
            self.print_current,
            "Ctrl+P",
        )
        self.word_action = page_action(
            self, toolbar, "Lưu Word…", "Lưu văn bản đang chọn thành tệp .docx", self.save_word_current
        )
        toolbar.addSeparator()
        self.attach_action = self._menu_action(
            "Đính kèm bản ký…", "Lưu bản quét (PDF, ảnh) văn bản đã ký, đóng dấu vào sổ", self.choose_scan
        )
        self.scan_action = self._menu_action(
            "Mở bản ký", "Mở bản quét đã lưu của văn bản đang chọn", self.open_scan
        )
        self.next_number_action = self._menu_action(
            "Đặt số tiếp theo…",
            "Đặt số tiếp theo của một dãy số trong năm (bắt đầu dùng chương trình giữa năm), có ghi lý do",
            self.open_next_number,
        )
        self.external_action = self._menu_action(
            "Vào sổ văn bản ban hành ngoài chương trình…",
            "Vào sổ văn bản đã cấp số bằng sổ tay hoặc hệ thống quản lý văn bản, để dãy số liền mạch",
            self.open_external,
        )
        self.changes_action = self._menu_action(
            "Lịch sử thay đổi…",
            "Ai đã soạn, sửa, cấp số, hủy số văn bản đang chọn, lúc nào (nhật ký hệ thống)",
            self.show_changes,
        )
        self.changes_action.setVisible(may_read_audit(workspace))
        self.changes_dialog: QDialog | None = None
        self.register_menu = QMenu(self)
        self.register_menu.addActions([self.attach_action, self.scan_action, self.changes_action])
        self.register_menu.addSeparator()
        self.register_menu.addActions([self.next_number_action, self.external_action])
        self.register_button = QToolButton()
        self.register_button.setText("Sổ đăng ký")
        self.register_button.setToolTip(
            "Bản ký và lịch sử của văn bản đang chọn; đặt số tiếp theo; vào sổ văn bản ban hành ngoài "
            "chương trình"
        )
        self.register_button.setMenu(self.register_menu)
        self.register_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.register_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addWidget(self.register_button)
        toolbar.addSeparator()
        self.refresh_action = page_action(
            self, toolbar, "Làm mới", "Đọc lại sổ văn bản (F5)", self.reload, "F5"
        )
        outer.addWidget(toolbar)
        allow(workspace, save_draft, self.new_action)  # drafts are the desk's
        allow(workspace, delete_draft, self.delete_action)
        allow(workspace, register_draft, self.register_action)  # numbers are the register's
        allow(workspace, void_document, self.void_action)
        allow(workspace, attach_file, self.attach_action)
        allow(workspace, approve_draft, self.approve_action)  # the leader's sign-off
        allow(workspace, correct_document, self.correct_action)
        allow(workspace, set_next_number, self.next_number_action)
        allow(workspace, record_external_document, self.external_action)

        filters = QHBoxLayout()
        filters.addWidget(QLabel("Năm:"))
        self.year_combo = YearCombo("Năm của sổ văn bản đi (số đánh lại từ 01 mỗi năm)")
        self.year_combo.year_chosen.connect(self._year_chosen)
        filters.addWidget(self.year_combo)
        filters.addSpacing(10)
        filters.addWidget(QLabel("Loại:"))
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("Tất cả", None)
        for kind in DocumentKind:
            self.kind_combo.addItem(kind.label, kind)
        self.kind_combo.currentIndexChanged.connect(self.reload)
        filters.addWidget(self.kind_combo)
        filters.addSpacing(10)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("Tìm theo số, trích yếu, người ký, nơi nhận… (không cần dấu)")
        self.search_box.setClearButtonEnabled(True)
        filters.addWidget(self.search_box, 1)
        outer.addLayout(filters)

        # the register's options, the office's choices (a line of their own: the window stays 1024 wide)
        options = QHBoxLayout()
        options.addWidget(QLabel("Đánh số:"))
        self.series_combo = QComboBox()
        for key, label in SERIES_CHOICES.items():
            self.series_combo.addItem(label, key)
        self.series_combo.setToolTip(
            "Văn phòng chọn: mọi loại văn bản chung một dãy số, hoặc mỗi loại một dãy "
            "(Điều 15 Nghị định 30/2020/NĐ-CP). Áp dụng cho số cấp từ nay."
        )
        self.series_combo.activated.connect(self._series_chosen)
        options.addWidget(self.series_combo)
        allow(workspace, choose_series, self.series_combo)  # how the register numbers is the register's
        options.addSpacing(10)
        self.approval_box = QCheckBox("Lãnh đạo duyệt trước khi vào sổ")
        self.approval_box.setToolTip(
            "Khi bật, dự thảo phải được Lãnh đạo duyệt (nút “Duyệt”) rồi mới được cấp số; sửa dự thảo sau "
            "khi duyệt thì phải duyệt lại. Quản trị bật, tắt."
        )
        allow(workspace, require_approval, self.approval_box)
        self.approval_box.clicked.connect(self._approval_chosen)
        options.addWidget(self.approval_box)
        options.addStretch(1)
        outer.addLayout(options)

        self.model = RegisterModel(HEADERS, centred=frozenset({0, 2}))
        self.view = data_view(
            self.model,
            "registerTable",
            widths={
                0: "0000",
                1: "SYT-TĐKT",
                2: "00/00/0000",
                3: "Quyết định",
                5: "Nguyễn Thị Hằng",
                6: "Như Điều 3; Lưu: VT",
                7: EXTERNAL_MARK,
                8: "Có",
                9: "Thay thế 00/SYT-VP",  # the whole chain in the cell's tooltip
            },
            stretch=SUBJECT_COLUMN,
        )
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.selectionModel().currentRowChanged.connect(self._update_actions)
        on_open(self.view, lambda _row: self.open_current())
        outer.addWidget(self.view, 1)
        self.empty = text_label("Đang tải…", "emptyState", wrap=True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.empty, 1)
        self.status_label = text_label("", "muted", wrap=True, selectable=True)
        outer.addWidget(self.status_label)

        ctx = workspace.ctx
        self._loader = Loader(lambda year, kind, text: load_register(ctx, year, kind, text), self)
        self._loader.loaded.connect(self.show_view)
        self._loader.failed.connect(lambda exc: self.say(f"Không đọc được sổ văn bản: {exc}"))
        self.search_timer = debounce(self, SEARCH_DELAY_MS, self.reload)
        self.search_box.textChanged.connect(lambda _text: self.search_timer.start())
        self._update_actions()

    def _menu_action(self, text: str, tip: str, slot) -> QAction:
        """An action of the "Sổ đăng ký" menu (greyed like the toolbar's where the account may not)."""
        action = QAction(text, self)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    # --- reading -----------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        return self._loader.busy or self.search_timer.isActive()

    def load_args(self) -> tuple:
        return (self.page_year(), self.kind_combo.currentData(), self.search_box.text())

    def reload(self, *_args) -> None:
        self.search_timer.stop()
        super().reload()

    def show_view(self, args: tuple, data: RegisterView) -> None:
        _year, kind, text = args
        self.view_data = data
        self.year_combo.set_years(data.years, data.year)
        self.series_combo.setCurrentIndex(max(self.series_combo.findData(data.series), 0))
        self.approval_box.setChecked(data.approval)
        current = self.current_entry()
        wanted = self._select_after_load or (current.id if current else None)
        self._select_after_load = None
        self.model.set_rows(
            [
                (
                    f"{e.number:02d}" if e.number else "—",
                    e.symbol,
                    date(e.issued_on) if e.number else "",
                    e.kind.label,
                    e.subject,
                    e.signer_name or "",
                    e.recipients_text,
                    status_text(e, data.approval),
                    "Có" if e.file_name else "",
                    e.chain_text,
                )
                for e in data.entries
            ],
            data.entries,
        )
        # "Liên quan" only where the year has corrections: the subject keeps its width otherwise
        self.view.setColumnHidden(CHAIN_COLUMN, not any(e.chain_text for e in data.entries))
        if data.entries:
            self.empty.hide()
            self.view.show()
            ids = [e.id for e in data.entries]
            self.view.selectRow(ids.index(wanted) if wanted in ids else 0)
        else:
            self.view.hide()
            filtered = text.strip() or kind is not None
            self.empty.setText(
                "Không có văn bản nào khớp bộ lọc."
                if filtered
                else f"Sổ văn bản đi năm {data.year} chưa có văn bản nào.\n\nBấm “Soạn văn bản…” (Ctrl+N) "
                "để soạn công văn, kế hoạch, thông báo, báo cáo."
            )
            self.empty.show()
        registered = sum(e.status is DocumentStatus.REGISTERED for e in data.entries)
        drafts = sum(e.status is DocumentStatus.DRAFT for e in data.entries)
        if not self.status_label.text() or self.status_label.property("summary"):
            self.say(
                f"Năm {data.year}: {number(registered)} văn bản đã vào sổ, {number(drafts)} dự thảo.", True
            )
        self._update_actions()

    def say(self, text: str, summary: bool = False) -> None:
        """The status line: what was just done (kept until the next action), or the year's counts."""
        self.status_label.setText(text)
        self.status_label.setProperty("summary", summary)

    def current_entry(self) -> DocumentEntry | None:
        row = current_row(self.view)
        return self.model.row_id(row) if row is not None and row < self.model.rowCount() else None

    def _update_actions(self, *_args) -> None:
        e = self.current_entry()
        draft = e is not None and e.status is DocumentStatus.DRAFT
        issued = e is not None and e.status is DocumentStatus.REGISTERED
        printable = e is not None and not e.external  # an entry issued outside keeps no text, only its scan
        for action, enabled in (
            (self.open_action, printable or (e is not None and bool(e.file_name))),
            (self.register_action, draft),
            (self.approve_action, draft and not e.approved),
            (self.correct_action, issued and e.replaced_by is None),
            (self.void_action, issued),
            (self.delete_action, draft),
            (self.preview_action, printable),
            (self.print_action, printable),
            (self.word_action, printable),
            (self.attach_action, e is not None and not draft and not e.file_name),
            (self.scan_action, e is not None and bool(e.file_name)),
            (self.changes_action, e is not None),
        ):
            action.setEnabled(enabled)

    # --- dialogs -----------------------------------------------------------------------------------
    def _open_dialog(self, dialog: QDialog, done) -> QDialog:
        """Window-modal, not blocking; on OK `done(result)` says what was done (the write has already
        told the page to read the register again)."""
        return open_tracked(self, dialog, lambda _dialog: self.say(done(dialog.result_value)))

    def _write(self, label: str, fn, *args, done, refused=None) -> WriteOp:
        """A change made from the page itself: `done(result)` says what was done; a refusal is said on the
        status line (then `refused()`). The register reads itself again (AREAS)."""
        op = WriteOp(self.workspace, self, label, fn, *args, areas={Area.DOCUMENTS})
        return (
            op.success(lambda result: self.say(done(result)))
            .failure(lambda exc: self._refused(exc, refused))
            .run()
        )

    def _refused(self, exc: BaseException, then=None) -> None:
        self.say(error_text(exc))
        if then is not None:
            then()

    def open_new(self) -> QDialog:
        from ui.dialogs.document_draft import DocumentDialog

        return self._open_editor(DocumentDialog(self.workspace, None, self))

    def open_current(self) -> QueryOp | None:
        """The entry read off the GUI thread, then its dialog (`active_dialog`)."""
        entry = self.current_entry()
        if entry is not None and entry.external:  # no text kept: its scan is the document
            return self.open_scan()
        if entry is None or self._opening:  # Enter pressed twice: one dialog
            return None
        self._opening = True
        op = QueryOp(self, "Đang mở văn bản…", load_document, self.workspace.ctx, entry.id)
        return op.success(self._open_stored).failure(self._not_opened).run()

    def _open_stored(self, stored: StoredDocument) -> QDialog:
        from ui.dialogs.document_draft import DocumentDialog

        self._opening = False
        return self._open_editor(DocumentDialog(self.workspace, stored, self))

    def _not_opened(self, exc: BaseException) -> None:
        self._opening = False
        self._refused(exc)

    def _open_editor(self, dialog) -> QDialog:
        from ui.dialogs.document_draft import SavedDraft

        new = getattr(dialog, "stored", None) is None

        def done(saved: SavedDraft) -> str:
            self._select_after_load = saved.document_id
            this_year = dt.date.today().year
            if new and self.page_year() != this_year:  # a new draft is in this year's register: shown there
                self.year_combo.set_years([this_year], this_year)
                self.reload()
            if saved.then_register:
                # once this dialog has closed and the register shows the draft: the register step is a
                # dialog of its own
                self._loader.loaded.connect(self._register_after_load, Qt.ConnectionType.SingleShotConnection)
            return f"Đã lưu dự thảo {saved.kind.label.lower()}: {saved.subject}."

        return self._open_dialog(dialog, done)

    def _register_after_load(self, _args: tuple, _data: RegisterView) -> None:
        self.register_current()

    def _entry_step(self, status: DocumentStatus, dialog_class, done) -> QDialog | None:
        """Vào sổ (a draft) or Hủy số (a registered entry): a small dialog over the selected entry."""
        entry = self.current_entry()
        if entry is None or entry.status is not status:
            return None
        self._select_after_load = entry.id
        return self._open_dialog(dialog_class(self.workspace, entry, self), lambda text: done(entry, text))

    def open_next_number(self) -> QDialog:
        from ui.dialogs.register_entries import NextNumberDialog

        dialog = NextNumberDialog(
            self.workspace, series_of(self.series_combo.currentData()), self.page_year(), self
        )
        return self._open_dialog(dialog, lambda text: text)

    def open_external(self) -> QDialog:
        from ui.dialogs.register_entries import ExternalDocumentDialog

        def done(document_id: int) -> str:
            self._select_after_load = document_id
            year = dialog.document_year
            if self.page_year() != year:  # shown in its own year's register
                self.year_combo.set_years([year], year)
                self.reload()
            return f"Đã vào sổ văn bản ban hành ngoài chương trình số {dialog.number_text}."

        dialog = ExternalDocumentDialog(self.workspace, self)
        return self._open_dialog(dialog, done)

    def register_current(self) -> QDialog | None:
        return self._entry_step(
            DocumentStatus.DRAFT,
            RegisterDialog,
            lambda entry, text: f"Đã vào sổ: {entry.kind.label} số {text}.",
        )

    def void_current(self) -> QDialog | None:
        return self._entry_step(
            DocumentStatus.REGISTERED,
            VoidDialog,
            lambda entry, _result: f"Đã hủy số {entry.number_text}; số này không cấp lại.",
        )

    def correct_current(self) -> QDialog | None:
        """A correction of the selected issued document: a new draft, then opened for the clerk to edit."""
        entry = self.current_entry()
        if entry is None or entry.status is not DocumentStatus.REGISTERED:
            return None

        def done(document_id: int) -> str:
            self._select_after_load = document_id
            this_year = dt.date.today().year
            if self.page_year() != this_year:  # the new draft is in this year's register
                self.year_combo.set_years([this_year], this_year)
                self.reload()
            self._loader.loaded.connect(self._open_after_load, Qt.ConnectionType.SingleShotConnection)
            return f"Đã soạn dự thảo {dialog.kind().verb} văn bản số {entry.number_text}; hãy sửa nội dung."

        dialog = CorrectDialog(self.workspace, entry, self)
        return self._open_dialog(dialog, done)

    def _open_after_load(self, _args: tuple, _data: RegisterView) -> None:
        self.open_current()

    def approve_current(self) -> WriteOp | None:
        entry = self.current_entry()
        if entry is None or entry.status is not DocumentStatus.DRAFT:
            return None
        self._select_after_load = entry.id
        return self._write(
            "Đang duyệt…", approve_draft, entry.id, done=lambda _r: f"Đã duyệt dự thảo: {entry.subject}."
        )

    def delete_current(self) -> WriteOp | None:
        entry = self.current_entry()
        if entry is None or entry.status is not DocumentStatus.DRAFT:
            return None
        return self._write(
            "Đang xóa dự thảo…", delete_draft, entry.id, done=lambda _r: f"Đã xóa dự thảo: {entry.subject}."
        )

    # --- output ------------------------------------------------------------------------------------
    def _file_name(self, entry: DocumentEntry) -> str:
        return f"{entry.kind.label} {entry.number_text if entry.number else 'du thao'}".replace("/", "-")

    def preview_current(self):
        """The entry as it prints, in the preview window (rendered off the GUI thread)."""
        ctx = self.workspace.ctx
        return self._rendered(
            open_rendered, lambda entry, path: export_document(document_model(ctx, entry.id), path)
        )

    def print_current(self):
        """Printed through the PDF reader: a numbered document printed is an audit row (render_document)."""
        ctx = self.workspace.ctx
        return self._rendered(print_rendered, lambda entry, path: render_document(ctx, entry.id, path))

    def _rendered(self, then, render):
        entry = self.current_entry()
        if entry is None:
            return None
        self.last_job = then(self, self._file_name(entry), lambda path: render(entry, path))
        return self.last_job

    def save_word_current(self) -> QueryOp | None:
        """Ask where, then write the .docx off the GUI thread; the status line says how it went."""
        entry = self.current_entry()
        if entry is None:
            return None
        ctx = self.workspace.ctx
        return save_word(
            self,
            self._file_name(entry),
            lambda target: render_document(ctx, entry.id, target),
            lambda _path, message: self.say(message),
        )

    def show_changes(self) -> QDialog | None:
        """The selected entry's audit rows (ui.dialogs.record_history)."""
        entry = self.current_entry()
        if entry is None or not may_read_audit(self.workspace):
            return None
        name = f"{entry.kind.label} {entry.number_text if entry.number else '(dự thảo)'} – {entry.subject}"
        self.changes_dialog = open_record_history(self.workspace, "outgoing_document", entry.id, name, self)
        return self.changes_dialog

    def choose_scan(self) -> None:
        if self.current_entry() is None:
            return
        chosen, _ = file_dialogs.open_file_name(
            self,
            "Chọn bản quét văn bản đã ký",
            "",
            "Bản quét (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;Mọi tệp (*)",
        )
        if chosen:
            self.attach_scan(Path(chosen))

    def attach_scan(self, path: Path) -> WriteOp | None:
        entry = self.current_entry()
        if entry is None:
            return None
        self._select_after_load = entry.id
        return self._write(
            "Đang lưu bản ký…",
            attach_file,
            entry.id,
            path,
            done=lambda name: f"Đã lưu bản ký “{name}” vào văn bản số {entry.number_text}.",
        )

    def open_scan(self) -> QueryOp | None:
        """The signed scan read off the GUI thread, then opened (`last_scan`: the file written)."""
        entry = self.current_entry()
        if entry is None:
            return None
        op = QueryOp(self, "Đang mở bản ký…", document_file, self.workspace.ctx, entry.id)
        return op.success(self._scan_read).failure(self._refused).run()

    def _scan_read(self, kept: tuple[str, bytes] | None) -> None:
        if kept is None:
            self.say("Văn bản này chưa có bản ký.")
            return
        try:
            self.last_scan = open_bytes(*kept, self)
        except OSError as exc:
            self.say(f"Không mở được bản ký: {exc.strerror or exc}")

    def _approval_chosen(self, checked: bool) -> WriteOp | None:
        if self.view_data is not None and checked == self.view_data.approval:
            return None
        return self._write(
            "Đang lưu cài đặt…",
            require_approval,
            checked,
            done=lambda _r: (
                "Từ nay dự thảo phải được Lãnh đạo duyệt trước khi vào sổ."
                if checked
                else "Dự thảo không cần Lãnh đạo duyệt trước khi vào sổ."
            ),
            refused=lambda: self.reload(),
        )

    def _series_chosen(self, _index: int) -> WriteOp | None:
        mode = self.series_combo.currentData()
        if self.view_data is not None and mode == self.view_data.series:
            return None
        return self._write(
            "Đang đổi cách đánh số…",
            choose_series,
            mode,
            done=lambda _r: f"Cách đánh số: {SERIES_CHOICES[mode].lower()} (áp dụng cho số cấp từ nay).",
            refused=lambda: self.reload(),  # the combo shows the series in force again
        )
