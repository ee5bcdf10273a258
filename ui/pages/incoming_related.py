"""Văn bản đến liên quan: the incoming documents linked to the campaign, nomination batch or decision a page
shows (số đến, issuing body, number and ký hiệu, date, subject, whether a scan is kept), in the register's
own columns; a scan opened; a document of the register linked (IncomingPickerDialog) or a link taken away.
Linking is the desk's (app.services.incoming.link_incoming): greyed for a role that may not.

    self.incoming = RelatedIncoming(self, "campaign", self.say, "… lấy dòng “Căn cứ” từ đây.")
    self.incoming.set_target(LinkTarget("campaign", detail.id, detail.name), year)   # after each read
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QPushButton, QVBoxLayout, QWidget

from app.services.incoming import (
    IncomingEntry,
    LinkedIncoming,
    LinkTarget,
    link_incoming,
    linked_incoming,
    unlink_incoming,
)
from ui.dialogs.incoming_forms import LINK_AREAS, IncomingPickerDialog
from ui.format import number
from ui.jobs import DetailLoader
from ui.operations import WriteOp, error_text
from ui.pages.incoming import open_scan_of, register_row, register_view
from ui.permissions import allow
from ui.widgets.actions import open_tracked
from ui.widgets.data_view import current_row, on_open
from ui.widgets.record_view import text_label
from ui.widgets.screen_fit import FlowLayout

# The register's columns the linked list leaves out, in a narrow pane: the date received, the kind, the
# scan ("Mở bản quét" is on when one is kept), what else the document is linked to. The chosen document is
# cited whole above the list (kind, number, date, body, subject).
HIDDEN = frozenset({1, 5, 7, 8})


class RelatedIncoming(QWidget):
    """The linked incoming documents of one campaign, batch or decision (`kind`: "campaign", "batch",
    "decision"), with "Liên kết văn bản đến…", "Bỏ liên kết", "Mở bản quét"."""

    counted = Signal(int)  # the links shown, after each read

    def __init__(self, page: QWidget, kind: str, say: Callable[[str], None], hint: str = ""):
        super().__init__(page)
        self.workspace = page.workspace
        self.kind, self.say = kind, say
        self.target: LinkTarget | None = None
        self.year: int | None = None
        self.links: dict[int, int] = {}  # incoming document id -> link id
        self.active_dialog: QDialog | None = None
        self.last_scan: Path | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 6)
        self.hint_text = hint
        self.cited = text_label(hint, "muted", wrap=True, selectable=True)
        layout.addWidget(self.cited)
        self.model, self.view = register_view(f"relatedIncoming_{kind}", HIDDEN)
        self.view.setAccessibleName("Văn bản đến liên quan")
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self.update_actions())
        on_open(self.view, lambda _row: self.open_scan())
        layout.addWidget(self.view, 1)
        self.empty = text_label("", "emptyState", wrap=True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty, 1)
        row = FlowLayout()  # onto a second line in a narrow pane, rather than widen the window
        self.link_button = QPushButton("Liên kết văn bản đến…")
        self.link_button.setToolTip("Chọn trong sổ văn bản đến văn bản đã phát động, hướng dẫn hoặc trả lời")
        self.link_button.clicked.connect(self.open_link)
        self.unlink_button = QPushButton("Bỏ liên kết")
        self.unlink_button.setToolTip("Bỏ liên kết với văn bản đang chọn (văn bản vẫn còn trong sổ)")
        self.unlink_button.clicked.connect(self.unlink_current)
        self.scan_button = QPushButton("Mở bản quét")
        self.scan_button.setToolTip("Mở bản quét đã lưu của văn bản đang chọn (nhấn đúp)")
        self.scan_button.clicked.connect(self.open_scan)
        for button in (self.link_button, self.unlink_button, self.scan_button):
            row.addWidget(button)
        layout.addLayout(row)
        allow(self.workspace, link_incoming, self.link_button)
        allow(self.workspace, unlink_incoming, self.unlink_button)
        self.details = DetailLoader(lambda key: linked_incoming(self.workspace.ctx, kind, key), self)
        self.details.shown.connect(self.show_links)
        self.details.failed.connect(lambda exc: self.say(f"Không đọc được văn bản đến liên quan: {exc}"))
        self.show_links(None)

    @property
    def loading(self) -> bool:
        return self.details.busy

    def set_target(self, target: LinkTarget | None, year: int | None = None) -> None:
        """The campaign, batch or decision shown (None: nothing); read its links (again)."""
        self.target, self.year = target, year
        key = target.id if target is not None else None
        if key is not None and key == self.details.key:
            self.details.refresh()
        else:
            self.details.show(key)

    def show_links(self, rows: list[LinkedIncoming] | None) -> None:
        chosen = self.current_entry()
        rows = rows or []
        self.links = {x.entry.id: x.link_id for x in rows}
        entries = [x.entry for x in rows]
        self.model.set_rows([register_row(e) for e in entries], entries)
        self.view.setVisible(bool(entries))
        self.empty.setVisible(not entries)
        self.empty.setText(
            ""
            if self.target is None
            else "Chưa liên kết văn bản đến nào. Bấm “Liên kết văn bản đến…” để chọn trong sổ văn bản đến."
        )
        if entries:
            ids = [e.id for e in entries]
            self.view.selectRow(ids.index(chosen.id) if chosen is not None and chosen.id in ids else 0)
        self.update_actions()
        self.counted.emit(len(entries))

    def tab_text(self, text: str = "Văn bản đến") -> str:
        """ "Văn bản đến (2)": the tab that holds the list says how many are linked."""
        return f"{text} ({number(len(self.links))})" if self.links else text

    def current_entry(self) -> IncomingEntry | None:
        row = current_row(self.view)
        return self.model.row_id(row) if row is not None and row < self.model.rowCount() else None

    def update_actions(self) -> None:
        entry = self.current_entry()
        self.cited.setText(
            f"{entry.reference}: {entry.subject}" + (" (có bản quét)" if entry.file_name else "")
            if entry is not None
            else self.hint_text
        )
        self.cited.setVisible(bool(self.cited.text()))
        self.link_button.setEnabled(self.target is not None)  # greyed for good if the role may not
        self.unlink_button.setEnabled(entry is not None)
        self.scan_button.setEnabled(entry is not None and bool(entry.file_name))

    def open_link(self) -> QDialog | None:
        if self.target is None or not self.link_button.isEnabled():
            return None
        dialog = IncomingPickerDialog(self.workspace, self.target, self.year, frozenset(self.links), self)
        return open_tracked(self, dialog, lambda d: self.say(d.result_value))

    def unlink_current(self) -> WriteOp | None:
        entry, target = self.current_entry(), self.target
        if entry is None or target is None or not self.unlink_button.isEnabled():
            return None
        done = f"Đã bỏ liên kết văn bản đến số {entry.received_number} với {target.text}."
        return (
            WriteOp(
                self.workspace,
                self,
                "Đang bỏ liên kết…",
                unlink_incoming,
                self.links[entry.id],
                areas=LINK_AREAS,
            )
            .success(lambda _r: self.say(done))
            .failure(lambda exc: self.say(error_text(exc, "Chưa bỏ được liên kết")))
            .run()
        )

    def open_scan(self):
        entry = self.current_entry()
        if entry is None or not entry.file_name:
            return None
        return open_scan_of(self, self.workspace.ctx, entry.id, self.say)
