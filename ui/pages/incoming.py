"""Văn bản đến: the incoming register (sổ văn bản đến) of a year — số đến, date received, issuing body, number
and ký hiệu, date, kind, subject, scan, and what each document started or answered (a campaign, a nomination
batch, a decision) — searched by words (accents ignored, any order); documents entered, corrected, deleted
while nothing is linked to them; their scans opened; links made and taken away.

Reads run in the background (app.services.incoming); every change is one write on the writer thread, after
which the register reads itself again (AREAS).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QWidget,
)

from app.services.incoming import (
    IncomingEntry,
    delete_incoming,
    incoming_file,
    incoming_links,
    incoming_years,
    link_incoming,
    link_targets,
    list_incoming,
    record_incoming,
    unlink_incoming,
)
from ui.dialogs.document_actions import open_bytes
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
from ui.widgets.year_combo import YearCombo
from ui.workspace import Area

HEADERS = [
    "Số đến",
    "Ngày đến",
    "Cơ quan ban hành",
    "Số, ký hiệu",
    "Ngày VB",
    "Loại",
    "Trích yếu",
    "Bản quét",
    "Liên kết",
]
SUBJECT_COLUMN = 6
LINKS_COLUMN = 8
SEARCH_DELAY_MS = 200
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)


@dataclass(frozen=True)
class IncomingView:
    year: int
    years: list[int]
    entries: list[IncomingEntry]


def load_incoming_register(ctx, year: int | None, text: str) -> IncomingView:
    this_year = dt.date.today().year
    kept = incoming_years(ctx)
    years = sorted(set(kept) | {this_year} | ({year} - {None}), reverse=True)
    if year not in years:
        year = kept[0] if kept else this_year
    return IncomingView(year, years, list_incoming(ctx, year, text))


def links_summary(entry: IncomingEntry) -> str:
    """ "1 phong trào, 2 quyết định": what the document is linked to, counted (each one in the tooltip)."""
    counts: dict[str, int] = {}
    for text in entry.links:
        words = text.split(":", 1)[0]
        counts[words] = counts.get(words, 0) + 1
    return ", ".join(f"{n} {words.lower()}" for words, n in counts.items())


def register_row(e: IncomingEntry) -> tuple[str, ...]:
    """An entry as the register's columns (HEADERS) show it."""
    return (
        e.number_text,
        date(e.received_on),
        e.issuer,
        e.number_symbol or "",
        date(e.issued_on) if e.issued_on else "",
        e.kind,
        e.subject,
        "Có" if e.file_name else "",
        links_summary(e),
    )


def register_view(name: str, hidden: frozenset[int] = frozenset()) -> tuple[IncomingModel, QTableView]:
    """The register's rows in a table (one row chosen at a time): the page's, and the smaller lists of the
    campaign, batch or decision an incoming document is linked to, and of the picker (`hidden` columns)."""
    model = IncomingModel(HEADERS, centred=frozenset({0, 1, 4}))
    view = data_view(
        model,
        name,
        widths={
            0: "0000",
            1: "00/00/0000",
            2: "UBND tỉnh Thanh",
            3: "000/KH-UBND",
            4: "00/00/0000",
            5: "Quyết định",
            7: "Có",
            8: "1 phong trào",
        },
        stretch=SUBJECT_COLUMN,
    )
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    for column in hidden:
        view.setColumnHidden(column, True)
    return model, view


def open_scan_of(parent: QWidget, ctx, incoming_id: int, say: Callable[[str], None]) -> QueryOp:
    """The scan kept with an incoming document, read off the GUI thread and opened; the file written is
    `parent.last_scan`."""

    def read(kept: tuple[str, bytes] | None) -> None:
        if kept is None:
            say("Văn bản này chưa có bản quét.")
            return
        try:
            parent.last_scan = open_bytes(*kept, parent)
        except OSError as exc:
            say(f"Không mở được bản quét: {exc.strerror or exc}")

    op = QueryOp(parent, "Đang mở bản quét…", incoming_file, ctx, incoming_id)
    return op.success(read).failure(lambda exc: say(error_text(exc))).run()


class IncomingModel(TextRowsModel):
    """The rows; a cell's whole text as its tooltip where the column is narrow (subject, links)."""

    def data(self, index, role=int(Qt.ItemDataRole.DisplayRole)):
        if index.isValid() and role == _TOOLTIP and index.column() in (SUBJECT_COLUMN, LINKS_COLUMN):
            entry: IncomingEntry = self.row_id(index.row())
            if index.column() == LINKS_COLUMN:
                return "\n".join(entry.links) or None
            return entry.basis_line
        return super().data(index, role)


class IncomingPage(LoadedPage):
    TITLE = "Văn bản đến"
    ICON = "incoming"
    AREAS = frozenset({Area.DOCUMENTS, Area.CAMPAIGNS, Area.NOMINATIONS, Area.DECISIONS})

    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(workspace, parent)
        self.view_data: IncomingView | None = None
        self.active_dialog: QDialog | None = None
        self.last_scan: Path | None = None
        self._select_after_load: int | None = None

        outer, toolbar = self.toolbar_frame(
            "Sổ văn bản đến: chỉ thị, kế hoạch, công văn, quyết định nhận được; liên kết với phong trào, hồ sơ "
            "đề nghị, quyết định mà văn bản phát động hoặc trả lời."
        )
        self.new_action = page_action(
            self, toolbar, "Vào sổ…", "Vào sổ văn bản đến mới (Ctrl+N)", self.open_new, "Ctrl+N", once=True
        )
        self.edit_action = page_action(
            self, toolbar, "Mở", "Xem, sửa văn bản đến đang chọn (Enter)", self.open_current, once=True
        )
        self.delete_action = page_action(
            self, toolbar, "Xóa", "Xóa văn bản đến đang chọn (khi chưa liên kết với gì)", self.delete_current
        )
        toolbar.addSeparator()
        self.scan_action = page_action(
            self, toolbar, "Mở bản quét", "Mở bản quét đã lưu của văn bản đang chọn", self.open_scan
        )
        toolbar.addSeparator()
        self.link_action = page_action(
            self,
            toolbar,
            "Liên kết…",
            "Liên kết văn bản đang chọn với phong trào, hồ sơ đề nghị hoặc quyết định",
            self.open_link,
            once=True,
        )
        self.unlink_action = page_action(
            self,
            toolbar,
            "Bỏ liên kết…",
            "Bỏ một liên kết của văn bản đang chọn",
            self.open_unlink,
            once=True,
        )
        toolbar.addSeparator()
        self.refresh_action = page_action(
            self, toolbar, "Làm mới", "Đọc lại sổ văn bản đến (F5)", self.reload, "F5"
        )
        outer.addWidget(toolbar)
        allow(workspace, record_incoming, self.new_action)  # the register's (Văn thư)
        allow(workspace, delete_incoming, self.delete_action)
        allow(workspace, link_incoming, self.link_action)  # the desk's: its campaigns and batches
        allow(workspace, unlink_incoming, self.unlink_action)

        filters = QHBoxLayout()
        filters.addWidget(QLabel("Năm:"))
        self.year_combo = YearCombo("Năm của sổ văn bản đến (số đến đánh lại từ 1 mỗi năm)")
        self.year_combo.year_chosen.connect(self._year_chosen)
        filters.addWidget(self.year_combo)
        filters.addSpacing(10)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(
            "Tìm theo cơ quan, số, trích yếu, phong trào liên kết… (không cần dấu)"
        )
        self.search_box.setClearButtonEnabled(True)
        filters.addWidget(self.search_box, 1)
        outer.addLayout(filters)

        self.model, self.view = register_view("incomingTable")
        self.view.selectionModel().currentRowChanged.connect(self._update_actions)
        on_open(self.view, lambda _row: self.open_current())
        outer.addWidget(self.view, 1)
        self.empty = text_label("Đang tải…", "emptyState", wrap=True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.empty, 1)
        self.status_label = text_label("", "muted", wrap=True, selectable=True)
        outer.addWidget(self.status_label)

        ctx = workspace.ctx
        self._loader = Loader(lambda year, text: load_incoming_register(ctx, year, text), self)
        self._loader.loaded.connect(self.show_view)
        self._loader.failed.connect(lambda exc: self.say(f"Không đọc được sổ văn bản đến: {exc}"))
        self.search_timer = debounce(self, SEARCH_DELAY_MS, self.reload)
        self.search_box.textChanged.connect(lambda _text: self.search_timer.start())
        self._update_actions()

    # --- reading -----------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        return self._loader.busy or self.search_timer.isActive()

    def load_args(self) -> tuple:
        return (self.page_year(), self.search_box.text())

    def reload(self, *_args) -> None:
        self.search_timer.stop()
        super().reload()

    def show_view(self, args: tuple, data: IncomingView) -> None:
        _year, text = args
        self.view_data = data
        self.year_combo.set_years(data.years, data.year)
        current = self.current_entry()
        wanted = self._select_after_load or (current.id if current else None)
        self._select_after_load = None
        self.model.set_rows([register_row(e) for e in data.entries], data.entries)
        if data.entries:
            self.empty.hide()
            self.view.show()
            ids = [e.id for e in data.entries]
            self.view.selectRow(ids.index(wanted) if wanted in ids else 0)
        else:
            self.view.hide()
            self.empty.setText(
                "Không có văn bản nào khớp bộ lọc."
                if text.strip()
                else f"Sổ văn bản đến năm {data.year} chưa có văn bản nào.\n\nBấm “Vào sổ…” (Ctrl+N) để ghi "
                "chỉ thị, kế hoạch, công văn nhận được."
            )
            self.empty.show()
        if not self.status_label.text() or self.status_label.property("summary"):
            linked = sum(bool(e.links) for e in data.entries)
            self.say(
                f"Năm {data.year}: {number(len(data.entries))} văn bản đến, {number(linked)} đã liên kết.",
                True,
            )
        self._update_actions()

    def say(self, text: str, summary: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setProperty("summary", summary)

    def current_entry(self) -> IncomingEntry | None:
        row = current_row(self.view)
        return self.model.row_id(row) if row is not None and row < self.model.rowCount() else None

    def _update_actions(self, *_args) -> None:
        e = self.current_entry()
        for action, enabled in (
            (self.edit_action, e is not None),
            (self.delete_action, e is not None and not e.links),
            (self.scan_action, e is not None and bool(e.file_name)),
            (self.link_action, e is not None),
            (self.unlink_action, e is not None and bool(e.links)),
        ):
            action.setEnabled(enabled)

    # --- dialogs -----------------------------------------------------------------------------------
    def _open_dialog(self, dialog: QDialog, done) -> QDialog:
        return open_tracked(self, dialog, lambda _dialog: self.say(done(dialog.result_value)))

    def _refused(self, exc: BaseException) -> None:
        self.say(error_text(exc))

    def open_new(self) -> QDialog:
        return self._open_form(None)

    def open_current(self) -> QDialog | None:
        entry = self.current_entry()
        return self._open_form(entry) if entry is not None else None

    def _open_form(self, entry: IncomingEntry | None) -> QDialog:
        from ui.dialogs.incoming_forms import IncomingDialog, SavedIncoming

        def done(saved: SavedIncoming) -> str:
            self._select_after_load = saved.incoming_id
            return saved.text

        return self._open_dialog(IncomingDialog(self.workspace, entry, self), done)

    def open_link(self) -> QueryOp | None:
        """What may be linked, read off the GUI thread; then the dialog (`active_dialog`)."""
        entry = self.current_entry()
        if entry is None:
            return None
        op = QueryOp(self, "Đang đọc danh sách…", link_targets, self.workspace.ctx)
        return op.success(lambda targets: self._show_link(entry, targets)).failure(self._refused).run()

    def _show_link(self, entry: IncomingEntry, targets) -> QDialog:
        from ui.dialogs.incoming_forms import LinkDialog

        self._select_after_load = entry.id
        return self._open_dialog(LinkDialog(self.workspace, entry, targets, self), lambda text: text)

    def open_unlink(self) -> QueryOp | None:
        entry = self.current_entry()
        if entry is None or not entry.links:
            return None
        op = QueryOp(self, "Đang đọc liên kết…", incoming_links, self.workspace.ctx, entry.id)
        return op.success(lambda links: self._show_unlink(entry, links)).failure(self._refused).run()

    def _show_unlink(self, entry: IncomingEntry, links) -> QDialog:
        from ui.dialogs.incoming_forms import UnlinkDialog

        self._select_after_load = entry.id
        return self._open_dialog(UnlinkDialog(self.workspace, entry, links, self), lambda text: text)

    def delete_current(self) -> WriteOp | None:
        entry = self.current_entry()
        if entry is None:
            return None
        op = WriteOp(self.workspace, self, "Đang xóa…", delete_incoming, entry.id, areas={Area.DOCUMENTS})
        done = f"Đã xóa văn bản đến số {entry.received_number}: {entry.kind} {entry.number_symbol or ''}"
        return op.success(lambda _r: self.say(done.strip() + ".")).failure(self._refused).run()

    def open_scan(self) -> QueryOp | None:
        entry = self.current_entry()
        if entry is None:
            return None
        return open_scan_of(self, self.workspace.ctx, entry.id, self.say)
