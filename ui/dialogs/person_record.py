"""Hồ sơ cá nhân: one person's whole record on one screen, printable to PDF.

The record is read in the background (app.services.records.person_record); the dialog shows
"Đang tải…" for the moment that takes. Postings keep the old units: a transfer adds a line, it does
not move earlier ratings or awards.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
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

from app.services.records import PersonRecord, person_record
from database.enums import InitiativeKind, RatingLevel
from ui.format import date, money, number
from ui.jobs import Loader
from ui.widgets.tables import cell
from ui.workspace import Workspace


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
            mode = QHeaderView.ResizeMode.Stretch if column == stretch else QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(column, mode)
        self._fitted_width = -1

    def refit(self) -> None:
        self.resizeRowsToContents()
        height = 2 * self.frameWidth()
        if self.horizontalHeader().isVisible():
            height += self.horizontalHeader().height()
        height += sum(self.rowHeight(r) for r in range(self.rowCount()))
        wide = sum(self.columnWidth(c) for c in range(self.columnCount()))
        if self.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff and wide > self.viewport().width():
            height += self.horizontalScrollBar().sizeHint().height()
        self.setFixedHeight(height)
        self._fitted_width = self.width()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.width() != self._fitted_width:
            self.refit()


def fill(table: FittedTable, rows: list[list], numeric: set[int] = frozenset(), centred: set[int] = frozenset()) -> None:
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


class PersonRecordDialog(QDialog):
    loaded = Signal(object)  # PersonRecord, once shown

    def __init__(self, workspace: Workspace, person_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.person_id = person_id
        self.record: PersonRecord | None = None
        self.pdf_job = None
        self.setWindowTitle("Hồ sơ cá nhân")
        self.setObjectName("personRecord")

        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 14, 18, 12)
        outer.setSpacing(8)
        self.name_label = QLabel("Đang tải hồ sơ…")
        self.name_label.setObjectName("pageTitle")
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary_label = QLabel("")
        self.summary_label.setObjectName("pageSubtitle")
        self.summary_label.setWordWrap(True)
        outer.addWidget(self.name_label)
        outer.addWidget(self.summary_label)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        body.setObjectName("pageBody")
        scroll.setWidget(body)
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(0, 0, 6, 0)
        self.body.setSpacing(4)
        outer.addWidget(scroll, 1)

        # Thông tin cá nhân
        self.facts_box = QGroupBox("Thông tin cá nhân")
        self.facts_grid = QGridLayout(self.facts_box)
        self.facts_grid.setHorizontalSpacing(14)
        self.facts_grid.setVerticalSpacing(6)
        self.facts: dict[str, QLabel] = {}
        fact_names = [
            ("full_name", "Họ và tên"), ("gender", "Giới tính"), ("birth", "Ngày sinh"),
            ("ethnicity", "Dân tộc"), ("position", "Chức vụ"), ("title", "Chức danh nghề nghiệp"),
            ("unit", "Đơn vị công tác"), ("since", "Vào ngành Y tế từ"), ("phone", "Điện thoại"),
            ("left_on", "Đã nghỉ từ ngày"), ("note", "Ghi chú"),
        ]
        self.fact_captions: dict[str, QLabel] = {}
        for key, caption in fact_names:
            label = QLabel(caption + ":")
            label.setObjectName("muted")
            value = QLabel("")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts[key] = value
            self.fact_captions[key] = label
        layout_order = [("full_name", "gender"), ("birth", "ethnicity"), ("position", "title"),
                        ("unit",), ("since", "phone"), ("left_on",), ("note",)]
        for r, keys in enumerate(layout_order):
            for k, key in enumerate(keys):
                self.facts_grid.addWidget(self.fact_captions[key], r, k * 2, Qt.AlignmentFlag.AlignTop)
                span = 3 if len(keys) == 1 else 1
                self.facts_grid.addWidget(self.facts[key], r, k * 2 + 1, 1, span)
        self.facts_grid.setColumnStretch(1, 1)
        self.facts_grid.setColumnStretch(3, 1)
        self.body.addWidget(self.facts_box)

        self.postings_table = self._section(
            "Quá trình công tác", ["Từ ngày", "Đến ngày", "Đơn vị", "Chức vụ", "Chức danh", "Ghi chú"], stretch=2)
        self.ratings_table = self._section("Đánh giá, xếp loại hằng năm", [], stretch=None)
        self.ratings_table.verticalHeader().setVisible(True)
        self.ratings_table.setAlternatingRowColors(False)
        # a long career scrolls sideways inside its box rather than widening the dialog
        self.ratings_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.ratings_legend = QLabel(" · ".join(f"{level.short}: {level.label}" for level in RatingLevel))
        self.ratings_legend.setObjectName("muted")
        self.ratings_legend.setWordWrap(True)
        self.ratings_table.parentWidget().layout().addWidget(self.ratings_legend)
        self.discipline_table = self._section(
            "Kỷ luật", ["Hình thức", "Từ ngày", "Đến ngày", "Quyết định", "Lý do"], stretch=4)
        self.initiatives_table = self._section(
            "Sáng kiến, đề tài",
            ["Năm", "Tên sáng kiến, đề tài", "Cấp", "Tỷ lệ đóng góp", "Cùng tác giả", "Đã dùng cho khen thưởng"],
            stretch=1)
        self.awards_table = self._section(
            "Khen thưởng",
            ["Năm", "Danh hiệu, hình thức", "Loại hình", "Số quyết định", "Ngày", "Cấp khen", "Tiền thưởng (đồng)"],
            stretch=1)
        self.awards_total = QLabel("")
        self.awards_total.setObjectName("muted")
        self.body.addWidget(self.awards_total)
        self.body.addStretch(1)

        buttons = QHBoxLayout()
        self.status = QLabel("")
        self.status.setObjectName("muted")
        buttons.addWidget(self.status, 1)
        self.print_button = QPushButton("In hồ sơ…")
        self.print_button.setToolTip("Lưu hồ sơ thành tệp PDF rồi mở ra để in (Ctrl+P)")
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self.print_record)
        self.close_button = QPushButton("Đóng")
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        outer.addLayout(buttons)

        self._size_to_screen()
        self._loader = Loader(partial(person_record, workspace.ctx, person_id), self)
        self._loader.loaded.connect(self.show_record)
        self._loader.failed.connect(self._failed)
        self._loader.request()

    def _size_to_screen(self) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen else None
        width, height = 1060, 760
        if available is not None:
            width, height = min(width, available.width() - 40), min(height, available.height() - 60)
        self.resize(width, height)

    def _section(self, title: str, headers: list[str], stretch: int | None) -> FittedTable:
        box = QGroupBox(title)
        inner = QVBoxLayout(box)
        table = FittedTable(headers, stretch)
        inner.addWidget(table)
        empty = QLabel("Không có.")
        empty.setObjectName("muted")
        empty.hide()
        inner.addWidget(empty)
        table.setProperty("emptyLabel", empty)
        table.setObjectName(title)
        self.body.addWidget(box)
        return table

    @staticmethod
    def _set_rows(table: FittedTable, rows: list[list], **kw) -> None:
        empty: QLabel = table.property("emptyLabel")
        table.setVisible(bool(rows))
        empty.setVisible(not rows)
        fill(table, rows, **kw)

    # --- content ------------------------------------------------------------------------------------
    def _failed(self, exc: Exception) -> None:
        self.name_label.setText("Không mở được hồ sơ")
        self.summary_label.setText(str(exc))

    def show_record(self, record: PersonRecord) -> None:
        self.record = record
        self.setWindowTitle(f"Hồ sơ cá nhân – {record.full_name}")
        self.name_label.setText(record.full_name)
        summary = [x for x in (record.position, record.unit_name) if x]
        if record.left_on:
            summary.append(f"đã nghỉ từ {date(record.left_on)}")
        self.summary_label.setText(" – ".join(summary))
        values = {
            "full_name": record.full_name, "gender": record.gender_label, "birth": record.birth_text,
            "ethnicity": record.ethnicity or "", "position": record.position or "",
            "title": record.professional_title or "", "unit": record.unit_name,
            "since": date(record.health_sector_since), "phone": record.phone or "",
            "left_on": date(record.left_on), "note": record.note or "",
        }
        self.fact_captions["birth"].setText("Ngày sinh:" if record.birth_date or not record.birth_year else "Năm sinh:")
        for key, value in values.items():
            self.facts[key].setText(value or "—")
        for key in ("left_on", "note", "phone"):
            self.facts[key].setVisible(bool(values[key]))
            self.fact_captions[key].setVisible(bool(values[key]))

        self._set_rows(self.postings_table, [
            [date(p.start_date), date(p.end_date) or "nay", p.unit_name, p.position or "", p.professional_title or "",
             p.note or ""]
            for p in record.postings
        ], centred={0, 1})
        self._show_ratings(record)
        self._set_rows(self.discipline_table, [
            [d.form.label, date(d.effective_from), date(d.effective_to), d.decision_ref or "", d.reason or ""]
            for d in record.disciplines
        ], centred={1, 2})
        self._set_rows(self.initiatives_table, [
            [i.year, ("Đề tài: " if i.kind is InitiativeKind.RESEARCH and not i.title.startswith("Đề tài") else "")
             + i.title, i.level.label, i.share_text, ", ".join(i.co_authors), i.used_by or ""]
            for i in reversed(record.initiatives)
        ], centred={0, 2, 3})
        self._set_rows(self.awards_table, [
            [a.period_text, a.name + (" (đã thu hồi)" if a.revoked else ""), a.basis.label, a.decision_number or "",
             date(a.decision_date), a.decision_issuer or "", number(a.bonus_amount) if a.bonus_amount else ""]
            for a in reversed(record.awards)
        ], numeric={6}, centred={0, 4})
        total = sum(a.bonus_amount or 0 for a in record.awards if not a.revoked)
        titles = sum(1 for a in record.awards if not a.revoked)
        self.awards_total.setText(f"{number(titles)} lượt khen thưởng; tổng tiền thưởng {money(total)}."
                                  if titles else "")
        self.print_button.setEnabled(True)
        self.loaded.emit(record)

    def _show_ratings(self, record: PersonRecord) -> None:
        """One column a year, oldest first: the run of ratings reads at a glance (HTXSNV, HTTNV ...)."""
        table = self.ratings_table
        ratings = record.ratings
        table.clear()
        table.setColumnCount(len(ratings))
        table.setHorizontalHeaderLabels([str(r.year) for r in ratings])
        table.setRowCount(1 if ratings else 0)
        table.setVerticalHeaderLabels(["Xếp loại"])
        for c, r in enumerate(ratings):
            item = cell(r.level.short)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            notes = [r.level.label] + ([f"Nghỉ {r.absent_days} ngày"] if r.absent_days else []) + (
                [r.document_ref] if r.document_ref else [])
            item.setToolTip("\n".join(notes))
            if r.level is RatingLevel.EXCELLENT:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            table.setItem(0, c, item)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        table.setVisible(bool(ratings))
        table.property("emptyLabel").setVisible(not ratings)
        self.ratings_legend.setVisible(bool(ratings))
        table.refit()

    def rating_texts(self) -> dict[int, str]:
        """Year → short rating, as shown (for tests and for copying)."""
        table = self.ratings_table
        return {int(table.horizontalHeaderItem(c).text()): table.item(0, c).text() for c in range(table.columnCount())}

    # --- printing -----------------------------------------------------------------------------------
    def print_record(self) -> None:
        if self.record is None:
            return
        from app.documents.record_pdf import person_record_pdf
        from ui.widgets.pdf_output import save_pdf_and_open

        record, agency = self.record, self.workspace.agency
        self.pdf_job = save_pdf_and_open(self, f"Hồ sơ - {record.full_name}",
                                         lambda path: person_record_pdf(record, agency, path),
                                         "In hồ sơ cá nhân: lưu thành tệp PDF")
        if self.pdf_job is not None:
            self.status.setText("Đang tạo tệp PDF…")
            self.pdf_job.done.connect(lambda path: self.status.setText(f"Đã lưu {path}"))
            self.pdf_job.failed.connect(lambda _message: self.status.setText(""))


def open_person_record(workspace: Workspace, person_id: int, parent: QWidget | None = None) -> PersonRecordDialog:
    """Show the record beside the list (not modal: the clerk may open several and compare)."""
    dialog = PersonRecordDialog(workspace, person_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
