"""A page's list out to an .xlsx file: the file asked for (in the folder used last time), the writing off
the GUI thread with a progress bar and Cancel, and the outcome said on the page.

    self.exporter = XlsxExporter(self, self.export_button, self.note.setText, "cán bộ")
    path = ask_xlsx_path(self, "Xuất danh sách cán bộ ra Excel", "Danh sách cán bộ")
    self.exporter.start(path, len(rows), lambda partial, progress, cancelled: export_...(partial, ..., progress=progress,
                                                                                        cancelled=cancelled))

Every export of a list goes through `XlsxExporter.start`: the work writes a file beside the one asked for,
which takes its place only once the work is done and the clerk did not press Hủy meanwhile, so a cancelled
or failed export leaves the earlier file (if any) as it was and no half-written one, even when the writer
itself cannot stop half-way (an openpyxl list is written whole, then dropped).

A printable list for an authority (app.exchange.lists) is small: `export_list` asks the path, writes it in
the background and opens it, ready to print.

A list of people is personal data leaving the office: `audit=ExportAudit(ctx, "danh sách cán bộ", people)`
makes the export ask for Permission.EXPORT before the file is written and leave an audit row (what, how
many people, where) once it is (app.services.audit_events.audited_export).

    self.list_exporter = XlsxExporter(self, self.list_action, self.status_label.setText, "dòng", open_after=True)
    export_list(self.list_exporter, "Xuất danh sách đề nghị", "Danh sách đề nghị", len(items),
                lambda path: nomination_list_xlsx(path, ...))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QMessageBox, QPushButton, QToolBar, QWidget

from app.exchange.xlsx_table import ExportCancelled, today_stamp, write_atomically
from ui import settings as pc_settings
from ui.format import number
from ui.operations import Cancelled, QueryOp
from ui.widgets.actions import page_action
from ui.widgets.pdf_output import ask_save_path, file_error_message

# What a page hands the exporter: writes the file at the path it is given (a temporary one beside the file
# asked for), may report progress(done, total), stops once cancelled(); returns the rows written.
Work = Callable[[Path, Callable[[int, int], None], Callable[[], bool]], int]


@dataclass(frozen=True)
class ExportAudit:
    """What the audit trail says of an export of people: `people` None counts the rows written."""

    ctx: Any  # the workspace's ServiceContext
    what: str
    people: int | None = None
    entity: str = "person"


def audited(audit: ExportAudit | None, path: Path, write: Callable[[], int]) -> int:
    """`write()`, asked for and recorded when `audit` is given (on the pool, with the file)."""
    if audit is None:
        return write()
    from app.services.audit_events import audited_export

    return audited_export(audit.ctx, audit.what, path, write, audit.people, entity=audit.entity)


def ask_xlsx_path(parent: QWidget, caption: str, name: str) -> Path | None:
    """ "<name> <today>.xlsx" offered in the folder of the last export; None when the clerk cancels."""
    return ask_save_path(
        parent, caption, f"{name} {today_stamp()}", ".xlsx", "Tệp Excel (*.xlsx)", pc_settings.EXPORT_FOLDER
    )


class XlsxExporter(QObject):
    """One page's exports, one at a time: its button (or toolbar action) is off while a file is written."""

    finished = Signal(object)  # the path written, or the exception (cancelled included)

    def __init__(
        self,
        page: QWidget,
        button: QPushButton | QAction,
        say: Callable[[str], None],
        noun: str,
        open_after: bool = False,
    ):
        super().__init__(page)
        self.page, self.button, self.say, self.noun = page, button, say, noun
        self.open_after = open_after  # a list to print opens in Excel once written
        self.task: QueryOp | None = None

    @property
    def running(self) -> bool:
        return self.task is not None

    def start(self, path: Path, count: int | None, work: Work, audit: ExportAudit | None = None) -> QueryOp:
        """`work(partial, progress, cancelled)` writes the file on the thread pool and returns the rows written;
        `count`: the rows to write, when known beforehand."""
        label = f"Đang xuất {number(count) + ' ' if count is not None else ''}{self.noun} ra Excel…"
        task = QueryOp(self.page, label, write_list, path, work, audit, long=True)
        task.success(lambda written: self._done(path, written)).failure(lambda exc: self._failed(path, exc))
        self.task = task
        self.button.setEnabled(False)
        task.run()
        return task

    def _end(self) -> None:
        self.task = None
        self.button.setEnabled(True)

    def _done(self, path: Path, written: int) -> None:
        self._end()
        self.say(f"Đã xuất {number(written)} {self.noun} ra {path.name}")
        if self.open_after:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        self.finished.emit(path)

    def _failed(self, path: Path, exc: Exception) -> None:
        self._end()
        if isinstance(exc, (ExportCancelled, Cancelled)):
            self.say(str(exc))
        else:
            QMessageBox.warning(self.page, "Không xuất được danh sách", file_error_message(path, exc))
        self.finished.emit(exc)


def export_list(
    exporter: XlsxExporter,
    caption: str,
    name: str,
    count: int,
    write: Callable[[Path], int],
    audit: ExportAudit | None = None,
) -> QueryOp | None:
    """Ask for the file ("<name> <today>.xlsx"), then `write(path)` off the GUI thread; None when the clerk
    cancels or an export is still running."""
    if exporter.running:
        return None
    path = ask_xlsx_path(exporter.page, caption, name)
    if path is None:
        return None
    return exporter.start(path, count, lambda partial, _progress, _cancelled: write(partial), audit)


def write_list(
    path: Path,
    work: Work,
    audit: ExportAudit | None = None,
    *,
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
) -> int:
    """On the pool: the page's work into a file beside `path`, moved into place unless Hủy was pressed
    meanwhile (ExportCancelled; the partial file removed); asked for and recorded when `audit` is given."""

    def report(done: int, total: int) -> None:
        if not cancelled():
            progress(done, total)

    written = 0

    def write(partial: Path) -> None:
        nonlocal written
        written = work(partial, report, cancelled)
        if cancelled():  # a writer that cannot stop half-way ends here: its file is dropped
            raise ExportCancelled()

    def whole() -> int:
        write_atomically(path, write)
        return written

    return audited(audit, path, whole)


def list_export_action(
    page: QWidget,
    toolbar: QToolBar,
    tip: str,
    slot: Callable[[], object],
    say: Callable[[str], None],
    noun: str,
) -> tuple[QAction, XlsxExporter]:
    """ "Xuất danh sách Excel…" on a page's toolbar, with the exporter that writes its list and opens it."""
    action = page_action(page, toolbar, "Xuất danh sách Excel…", tip, slot)
    return action, XlsxExporter(page, action, say, noun, open_after=True)
