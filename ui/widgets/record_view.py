"""What every hồ sơ dialog shares: a name and a summary line, a scrolling body of sections (facts,
tables exactly as tall as their rows), a background read, and "In hồ sơ…" to a PDF.

    class UnitRecordDialog(RecordDialog):
        PDF_NAME, PDF_RENDERER = "Hồ sơ đơn vị - {name}", "unit_record_pdf"
        def build(self): ...         # facts_box(...), section(...): the empty sections
        read = staticmethod(unit_record)     # (ctx, subject_id), on a worker thread
        def show_record(self, record): ...
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.records import AwardEntry
from ui.format import date, money, number
from ui.jobs import Loader
from ui.widgets.screen_fit import fit_to_screen
from ui.widgets.tables import cell
from ui.widgets.xlsx_export import ExportAudit, XlsxExporter, export_list


class FittedTable(QTableWidget):
    """A read-only table exactly as tall as its rows (the dialog scrolls, not each table).

    Rows wrap their text, so the height follows the width: it is measured again whenever the width
    changes (the dialog resized, the layout settled after the rows came in).
    """

    def __init__(self, headers: list[str], stretch: int | None):
        super().__init__(0, len(headers))
        self.setHorizontalHeaderLabels(headers)
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        header = self.horizontalHeader()
        for column in range(len(headers)):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column == stretch
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(column, mode)
        self._fitted_width = -1

    def refit(self) -> None:
        self.resizeRowsToContents()
        height = 2 * self.frameWidth()
        if self.horizontalHeader().isVisible():
            height += self.horizontalHeader().height()
        height += sum(self.rowHeight(r) for r in range(self.rowCount()))
        wide = sum(self.columnWidth(c) for c in range(self.columnCount()))
        if (
            self.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            and wide > self.viewport().width()
        ):
            height += self.horizontalScrollBar().sizeHint().height()
        self.setFixedHeight(height)
        self._fitted_width = self.width()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.width() != self._fitted_width:
            self.refit()


def fill(
    table: FittedTable, rows: list[list], numeric: set[int] = frozenset(), centred: set[int] = frozenset()
) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            text = str(value) if value is not None else ""
            item = cell(text, numeric=c in numeric)
            if c in centred:
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if len(text) > 40:
                item.setToolTip(text)
            table.setItem(r, c, item)
    table.refit()


def text_label(
    text: str = "", style: str | None = None, wrap: bool = False, selectable: bool = False
) -> QLabel:
    """A label with a style name of ui/style.py (pageTitle, muted ...); `selectable` lets the clerk copy it."""
    label = QLabel(text, wordWrap=wrap)
    if style:
        label.setObjectName(style)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def show_rows(table: FittedTable, rows: list[list], **kw) -> None:
    """Fill a table of table_section(); with no rows, its "empty" line shows instead."""
    empty: QLabel = table.property("emptyLabel")
    table.setVisible(bool(rows))
    empty.setVisible(not rows)
    fill(table, rows, **kw)


def scroll_body(margins: tuple[int, int, int, int] = (0, 0, 0, 0)) -> tuple[QScrollArea, QVBoxLayout]:
    """A frameless scroll area and the layout of its page-coloured body: a short screen scrolls."""
    body = QWidget(objectName="pageBody")
    scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
    scroll.setWidget(body)
    layout = QVBoxLayout(body)
    layout.setContentsMargins(*margins)
    return scroll, layout


def table_section(
    title: str, headers: list[str], stretch: int | None, empty_text: str = "Không có."
) -> tuple[QGroupBox, FittedTable, QLabel]:
    """A titled box holding a fitted table and the line shown instead when it has no rows."""
    box = QGroupBox(title)
    inner = QVBoxLayout(box)
    table = FittedTable(headers, stretch)
    inner.addWidget(table)
    empty = text_label(empty_text, "muted")
    empty.hide()
    inner.addWidget(empty)
    table.setProperty("emptyLabel", empty)
    return box, table, empty


# --- awards read the same in every record --------------------------------------------------------------

AWARD_HEADERS = [
    "Năm",
    "Danh hiệu, hình thức",
    "Loại hình",
    "Số quyết định",
    "Ngày",
    "Cấp khen",
    "Tiền thưởng (đồng)",
]


def award_rows(awards: Sequence[AwardEntry], own_name: str | None = None) -> list[list]:
    """Newest first. With `own_name` (a unit's record) a third column says which unit earned the award:
    a predecessor's name, or the unit's own."""
    rows = []
    for a in reversed(awards):
        row = [
            a.period_text,
            a.name + (" (đã thu hồi)" if a.revoked else ""),
            a.basis.label,
            a.decision_number or "",
            date(a.decision_date),
            a.decision_issuer or "",
            number(a.bonus_amount) if a.bonus_amount else "",
        ]
        if own_name is not None:
            row.insert(2, a.earned_by or own_name)
        rows.append(row)
    return rows


def awards_total(awards: Sequence[AwardEntry]) -> str:
    kept = [a for a in awards if not a.revoked]
    total = sum(a.bonus_amount or 0 for a in kept)
    return f"{number(len(kept))} lượt khen thưởng; tổng tiền thưởng {money(total)}." if kept else ""


# --- the dialog ----------------------------------------------------------------------------------------


class RecordDialog(QDialog):
    """The frame; a subclass builds its sections in `build()` and fills them in `show_record()`."""

    loaded = Signal(object)  # the record, once shown

    WINDOW_TITLE = "Hồ sơ"
    PDF_CAPTION = "In hồ sơ: lưu thành tệp PDF"
    PDF_NAME = "Hồ sơ - {name}"  # formatted with the record's fields
    PDF_RENDERER = ""  # a function of app.documents.record_pdf: (record, agency, path)
    HISTORY_XLSX = ""  # a function of app.exchange.lists: (path, record, agency), the award history to print
    HISTORY_WHAT = ""  # the history holds personal data: what the export's audit row calls it ("" none)
    HISTORY_ENTITY = ""  # the audit trail's name of the record, for "Lịch sử thay đổi…"
    # (workspace, entity, id, name, parent) -> the history dialog: ui.dialogs.record_history.open_record_history
    open_changes = None
    AREAS: frozenset = frozenset()  # what the record shows (ui.workspace.Area): a write to it reads it again

    def __init__(self, workspace, subject_id: int, object_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.subject_id = subject_id
        self.record = None
        self.pdf_job = None
        self.setWindowTitle(self.WINDOW_TITLE)
        self.setObjectName(object_name)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 14, 18, 12)
        outer.setSpacing(8)
        self.name_label = text_label("Đang tải hồ sơ…", "pageTitle", selectable=True)
        self.summary_label = text_label("", "pageSubtitle", wrap=True)
        outer.addWidget(self.name_label)
        outer.addWidget(self.summary_label)

        scroll, self.body = scroll_body((0, 0, 6, 0))
        self.body.setSpacing(4)
        outer.addWidget(scroll, 1)

        self.facts: dict[str, QLabel] = {}
        self.fact_captions: dict[str, QLabel] = {}
        self.build()
        self.body.addStretch(1)

        buttons = QHBoxLayout()
        self.buttons = buttons  # a subclass may insert its own actions after the status line
        self.status = text_label("", "muted")
        buttons.addWidget(self.status, 1)
        self.print_button = QPushButton("In hồ sơ…")
        self.print_button.setToolTip("Lưu hồ sơ thành tệp PDF rồi mở ra để in (Ctrl+P)")
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self.print_record)
        self.close_button = QPushButton("Đóng")
        self.close_button.clicked.connect(self.reject)
        self.history_button = QPushButton("Xuất danh sách Excel…")
        self.history_button.setToolTip("Quá trình khen thưởng ra tệp Excel, có tiêu đề cơ quan, để in")
        self.history_button.setEnabled(False)
        self.history_button.clicked.connect(self.export_history)
        self.history_exporter = XlsxExporter(
            self, self.history_button, self.status.setText, "khen thưởng", open_after=True
        )
        self.history_button.setVisible(bool(self.HISTORY_XLSX))
        self.changes_button = QPushButton("Lịch sử thay đổi…")
        self.changes_button.setToolTip("Ai đã sửa hồ sơ này, lúc nào, sửa những gì (nhật ký hệ thống)")
        self.changes_button.clicked.connect(self.show_changes)
        self.changes_button.setVisible(
            bool(self.HISTORY_ENTITY) and self.open_changes is not None and _may_read_audit(workspace)
        )
        self.changes_dialog = None
        buttons.addWidget(self.changes_button)
        buttons.addWidget(self.history_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        outer.addLayout(buttons)

        fit_to_screen(self, 1060, 760)
        self._loader = Loader(self.read, self)
        self._loader.loaded.connect(self._show)
        self._loader.failed.connect(self._failed)
        self.reload()
        workspace.changed.connect(self._workspace_changed)

    def reload(self) -> None:
        self._loader.request(self.workspace.ctx, self.subject_id)

    def _workspace_changed(self, areas) -> None:
        """A write elsewhere touched what the record shows: read it again (it stays open beside the list)."""
        if areas & self.AREAS:
            self.reload()

    # --- what a subclass provides ----------------------------------------------------------------------
    def build(self) -> None:
        raise NotImplementedError

    @staticmethod
    def read(ctx, subject_id: int):
        """Runs on a worker thread: the record, read through the services."""
        raise NotImplementedError

    def show_record(self, record) -> None:
        raise NotImplementedError

    def pdf_name(self, record) -> str:
        """The file name offered when printing: PDF_NAME filled in with the record's fields."""
        return self.PDF_NAME.format_map(vars(record))

    def render_pdf(self, record, agency, path: Path) -> None:
        """Runs on a worker thread: the renderer named PDF_RENDERER in app.documents.record_pdf."""
        from app.documents import record_pdf

        getattr(record_pdf, self.PDF_RENDERER)(record, agency, path)

    # --- building blocks ------------------------------------------------------------------------------
    def facts_box(
        self, title: str, captions: Sequence[tuple[str, str]], rows: Sequence[tuple[str, ...]]
    ) -> QGroupBox:
        """Caption: value pairs in a grid, two to a row; a row of one key spans the width."""
        box = QGroupBox(title)
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        for key, caption in captions:
            self.facts[key] = text_label(wrap=True, selectable=True)
            self.fact_captions[key] = text_label(caption + ":", "muted")
        for r, keys in enumerate(rows):
            for k, key in enumerate(keys):
                grid.addWidget(self.fact_captions[key], r, k * 2, Qt.AlignmentFlag.AlignTop)
                span = 3 if len(keys) == 1 else 1
                grid.addWidget(self.facts[key], r, k * 2 + 1, 1, span)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.body.addWidget(box)
        return box

    def set_facts(self, values: dict[str, str], optional: Sequence[str] = ()) -> None:
        """Show the values ("—" for a blank); the optional ones are hidden, caption too, when blank."""
        for key, value in values.items():
            self.facts[key].setText(value or "—")
        for key in optional:
            self.facts[key].setVisible(bool(values[key]))
            self.fact_captions[key].setVisible(bool(values[key]))

    def section(self, title: str, headers: list[str], stretch: int | None) -> FittedTable:
        box, table, _empty = table_section(title, headers, stretch)
        table.setObjectName(title)
        self.body.addWidget(box)
        return table

    set_rows = staticmethod(show_rows)

    # --- content ------------------------------------------------------------------------------------
    def _failed(self, exc: Exception) -> None:
        self.name_label.setText("Không mở được hồ sơ")
        self.summary_label.setText(str(exc))

    def _show(self, _args: tuple, record) -> None:
        self.record = record
        self.show_record(record)
        self.print_button.setEnabled(True)
        self.history_button.setEnabled(not self.history_exporter.running)
        self.loaded.emit(record)

    # --- printing -----------------------------------------------------------------------------------
    def print_record(self) -> None:
        if self.record is None:
            return
        from ui.widgets.pdf_output import save_pdf_and_open

        record, agency = self.record, self.workspace.agency
        self.pdf_job = save_pdf_and_open(
            self, self.pdf_name(record), lambda path: self.render_pdf(record, agency, path), self.PDF_CAPTION
        )
        if self.pdf_job is not None:
            self.status.setText("Đang tạo tệp PDF…")
            self.pdf_job.done.connect(lambda path: self.status.setText(f"Đã lưu {path}"))
            self.pdf_job.failed.connect(lambda _message: self.status.setText(""))

    def show_changes(self):
        """Lịch sử thay đổi: the audit rows of this record."""
        name = self.name_label.text() if self.record is not None else f"#{self.subject_id}"
        self.changes_dialog = self.open_changes(
            self.workspace, self.HISTORY_ENTITY, self.subject_id, name, self
        )
        return self.changes_dialog

    def export_history(self):
        """The award history of the record shown, laid out to print, to an .xlsx file that then opens."""
        if self.record is None or not self.HISTORY_XLSX:
            return None
        from app.exchange import lists
        from ui.widgets.pdf_output import safe_file_name

        record, agency, write = self.record, self.workspace.agency, getattr(lists, self.HISTORY_XLSX)
        name = safe_file_name("Quá trình khen thưởng - " + self.pdf_name(record).split(" - ", 1)[-1])
        return export_list(
            self.history_exporter,
            "Xuất quá trình khen thưởng ra Excel",
            name,
            len(record.awards),
            lambda path: write(path, record, agency),
            ExportAudit(self.workspace.ctx, self.HISTORY_WHAT, 1) if self.HISTORY_WHAT else None,
        )


def _may_read_audit(workspace) -> bool:
    from app.domain.permissions import Permission

    return workspace.ctx.principal.may(Permission.AUDIT)


def open_record_dialog(dialog: RecordDialog) -> RecordDialog:
    """Show a record beside the list (not modal: the clerk may open several and compare)."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
