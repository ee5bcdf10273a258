"""Hồ sơ cá nhân: one person's whole record on one screen, printable to PDF.

The record is read in the background (app.services.records.person_record); the dialog shows
"Đang tải…" for the moment that takes. Postings keep the old units: a transfer adds a line, it does
not move earlier ratings or awards.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView, QLabel, QMenu, QPushButton, QWidget

from app.services.persons import update_person
from app.services.records import PersonRecord, person_record
from database.enums import InitiativeKind, RatingLevel
from ui.dialogs.person_upkeep import ACTIONS, NEEDS_WORKING, start_upkeep
from ui.dialogs.record_history import open_record_history
from ui.format import date
from ui.permissions import allow
from ui.widgets.record_view import (
    AWARD_HEADERS,
    FittedTable,
    RecordDialog,
    award_rows,
    awards_total,
    fill,
    open_record_dialog,
)
from ui.widgets.tables import cell
from ui.workspace import Area, Workspace

__all__ = ["FittedTable", "PersonRecordDialog", "fill", "open_person_record"]


class PersonRecordDialog(RecordDialog):
    WINDOW_TITLE = "Hồ sơ cá nhân"
    AREAS = frozenset({Area.STAFF, Area.UNITS, Area.RATINGS, Area.INITIATIVES, Area.DECISIONS})
    PDF_CAPTION = "In hồ sơ cá nhân: lưu thành tệp PDF"
    PDF_NAME = "Hồ sơ - {full_name}"
    PDF_RENDERER = "person_record_pdf"
    HISTORY_XLSX = "person_history_xlsx"
    HISTORY_WHAT = "quá trình khen thưởng của một cán bộ"
    HISTORY_ENTITY = "person"
    open_changes = staticmethod(open_record_history)

    def __init__(self, workspace: Workspace, person_id: int, parent: QWidget | None = None):
        self.person_id = person_id
        self.active_dialog = None  # the upkeep form open over the record (ui.dialogs.person_upkeep)
        super().__init__(workspace, person_id, "personRecord", parent)
        # Upkeep of this person: the forms write, the record reads again (AREAS)
        self.upkeep_button = QPushButton("Cập nhật hồ sơ")
        self.upkeep_button.setToolTip(
            "Sửa thông tin, điều chuyển, nghỉ/thôi việc, kỷ luật, xếp loại, khen thưởng"
        )
        menu = QMenu(self.upkeep_button)
        self.upkeep_actions: dict[str, QAction] = {}
        for key, text, tip in ACTIONS:
            action = menu.addAction(text)
            action.setToolTip(tip)
            action.triggered.connect(partial(self.upkeep, key))
            self.upkeep_actions[key] = action
        self.upkeep_button.setMenu(menu)
        self.upkeep_button.setEnabled(False)  # until the record is in
        self.buttons.insertWidget(1, self.upkeep_button)
        allow(workspace, update_person, self.upkeep_button, *self.upkeep_actions.values())  # all DESK

    def upkeep(self, action: str):
        return start_upkeep(self, self.workspace, self.person_id, action)

    def build(self) -> None:
        self.facts_box(
            "Thông tin cá nhân",
            [
                ("full_name", "Họ và tên"),
                ("gender", "Giới tính"),
                ("birth", "Ngày sinh"),
                ("code", "Mã cán bộ"),
                ("ethnicity", "Dân tộc"),
                ("position", "Chức vụ"),
                ("title", "Chức danh nghề nghiệp"),
                ("unit", "Đơn vị công tác"),
                ("since", "Vào ngành Y tế từ"),
                ("phone", "Điện thoại"),
                ("left_on", "Đã nghỉ từ ngày"),
                ("note", "Ghi chú"),
            ],
            [
                ("full_name", "gender"),
                ("birth", "ethnicity"),
                ("code",),
                ("position", "title"),
                ("unit",),
                ("since", "phone"),
                ("left_on",),
                ("note",),
            ],
        )
        self.postings_table = self.section(
            "Quá trình công tác",
            ["Từ ngày", "Đến ngày", "Đơn vị", "Chức vụ", "Chức danh", "Ghi chú"],
            stretch=2,
        )
        self.ratings_table = self.section("Đánh giá, xếp loại hằng năm", [], stretch=None)
        self.ratings_table.verticalHeader().setVisible(True)
        self.ratings_table.setAlternatingRowColors(False)
        # a long career scrolls sideways inside its box rather than widening the dialog
        self.ratings_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.ratings_legend = QLabel(" · ".join(f"{level.short}: {level.label}" for level in RatingLevel))
        self.ratings_legend.setObjectName("muted")
        self.ratings_legend.setWordWrap(True)
        self.ratings_table.parentWidget().layout().addWidget(self.ratings_legend)
        self.discipline_table = self.section(
            "Kỷ luật", ["Hình thức", "Từ ngày", "Đến ngày", "Quyết định", "Lý do"], stretch=4
        )
        self.initiatives_table = self.section(
            "Sáng kiến, đề tài",
            [
                "Năm",
                "Tên sáng kiến, đề tài",
                "Cấp",
                "Tỷ lệ đóng góp",
                "Cùng tác giả",
                "Đã dùng cho khen thưởng",
            ],
            stretch=1,
        )
        self.awards_table = self.section("Khen thưởng", AWARD_HEADERS, stretch=1)
        self.awards_total = QLabel("")
        self.awards_total.setObjectName("muted")
        self.body.addWidget(self.awards_total)

    @staticmethod
    def read(ctx, person_id: int) -> PersonRecord:
        return person_record(ctx, person_id)

    # --- content ------------------------------------------------------------------------------------
    def show_record(self, record: PersonRecord) -> None:
        self.setWindowTitle(f"Hồ sơ cá nhân – {record.full_name}")
        self.upkeep_button.setEnabled(True)
        for key in NEEDS_WORKING:  # someone who has left is neither moved nor retired again
            self.upkeep_actions[key].setEnabled(record.left_on is None)
        self.name_label.setText(record.full_name)
        summary = [x for x in (record.position, record.unit_name) if x]
        if record.left_on:
            summary.append(f"đã nghỉ từ {date(record.left_on)}")
        self.summary_label.setText(" – ".join(summary))
        self.fact_captions["birth"].setText(
            "Ngày sinh:" if record.birth_date or not record.birth_year else "Năm sinh:"
        )
        self.set_facts(
            {
                "full_name": record.full_name,
                "gender": record.gender_label,
                "birth": record.birth_text,
                "ethnicity": record.ethnicity or "",
                "position": record.position or "",
                "title": record.professional_title or "",
                "unit": record.unit_name,
                "since": date(record.health_sector_since),
                "phone": record.phone or "",
                "left_on": date(record.left_on),
                "note": record.note or "",
                "code": record.staff_code or "",
            },
            optional=("left_on", "note", "phone", "code"),
        )

        self.set_rows(
            self.postings_table,
            [
                [
                    date(p.start_date),
                    date(p.end_date) or "nay",
                    p.unit_name,
                    p.position or "",
                    p.professional_title or "",
                    p.note or "",
                ]
                for p in record.postings
            ],
            centred={0, 1},
        )
        self._show_ratings(record)
        self.set_rows(
            self.discipline_table,
            [
                [
                    d.form.label,
                    date(d.effective_from),
                    date(d.effective_to),
                    d.decision_ref or "",
                    d.reason or "",
                ]
                for d in record.disciplines
            ],
            centred={1, 2},
        )
        self.set_rows(
            self.initiatives_table,
            [
                [
                    i.year,
                    (
                        "Đề tài: "
                        if i.kind is InitiativeKind.RESEARCH and not i.title.startswith("Đề tài")
                        else ""
                    )
                    + i.title,
                    i.level.label,
                    i.share_text,
                    ", ".join(i.co_authors),
                    i.used_by or "",
                ]
                for i in reversed(record.initiatives)
            ],
            centred={0, 2, 3},
        )
        self.set_rows(self.awards_table, award_rows(record.awards), numeric={6}, centred={0, 4})
        self.awards_total.setText(awards_total(record.awards))

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
            notes = (
                [r.level.label]
                + ([f"Nghỉ {r.absent_days} ngày"] if r.absent_days else [])
                + ([r.document_ref] if r.document_ref else [])
            )
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
        return {
            int(table.horizontalHeaderItem(c).text()): table.item(0, c).text()
            for c in range(table.columnCount())
        }


def open_person_record(
    workspace: Workspace, person_id: int, parent: QWidget | None = None
) -> PersonRecordDialog:
    """Show the record beside the list (not modal: the clerk may open several and compare)."""
    return open_record_dialog(PersonRecordDialog(workspace, person_id, parent))
