"""Hồ sơ đơn vị: one unit's record on one screen, printable to PDF.

What the unit's predecessors earned (before a merge, a split or a rename) is part of the record: the
rows say which unit earned them, so nothing is counted twice by mistake.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QLabel, QWidget

from app.services.records import UnitRecord, unit_record
from ui.dialogs.record_history import open_record_history
from ui.format import date, number
from ui.widgets.record_view import AWARD_HEADERS, RecordDialog, award_rows, awards_total, open_record_dialog
from ui.workspace import Area, Workspace


def unit_status_text(status, ended_on) -> str:
    """ "Đã sáp nhập từ 01/07/2025", or "Đang hoạt động"."""
    return status.label + (f" từ {date(ended_on)}" if ended_on else "")


def staff_text(record: UnitRecord) -> str:
    staff = record.staff
    text = f"{number(staff.with_sub_units)} người đang công tác"
    if staff.with_sub_units != staff.in_unit:
        text += f" ({number(staff.in_unit)} tại đơn vị, còn lại ở các đơn vị trực thuộc)"
    if staff.with_sub_units:
        text += f"; nữ: {number(staff.women)}"
    if staff.left:
        text += f"; {number(staff.left)} người đã nghỉ"
    return text


class UnitRecordDialog(RecordDialog):
    WINDOW_TITLE = "Hồ sơ đơn vị"
    AREAS = frozenset({Area.UNITS, Area.STAFF, Area.RATINGS, Area.DECISIONS})
    PDF_CAPTION = "In hồ sơ đơn vị: lưu thành tệp PDF"
    PDF_NAME = "Hồ sơ đơn vị - {name}"
    PDF_RENDERER = "unit_record_pdf"
    HISTORY_XLSX = "unit_history_xlsx"
    HISTORY_ENTITY = "unit"
    open_changes = staticmethod(open_record_history)

    def __init__(self, workspace: Workspace, unit_id: int, parent: QWidget | None = None):
        self.unit_id = unit_id
        super().__init__(workspace, unit_id, "unitRecord", parent)

    def build(self) -> None:
        self.facts_box(
            "Thông tin đơn vị",
            [
                ("name", "Tên đơn vị"),
                ("short_name", "Tên viết tắt"),
                ("code", "Mã đơn vị"),
                ("kind", "Loại hình"),
                ("parent", "Trực thuộc"),
                ("status", "Tình trạng"),
                ("established", "Ngày thành lập"),
                ("head", "Thủ trưởng"),
                ("address", "Địa chỉ"),
                ("phone", "Điện thoại"),
                ("email", "Thư điện tử"),
                ("staff", "Số cán bộ"),
                ("sub_units", "Đơn vị trực thuộc"),
                ("note", "Ghi chú"),
            ],
            [
                ("name",),
                ("short_name", "code"),
                ("kind", "parent"),
                ("status", "established"),
                ("head", "phone"),
                ("address", "email"),
                ("staff",),
                ("sub_units",),
                ("note",),
            ],
        )
        self.names_table = self.section("Tên gọi trước đây", ["Tên gọi", "Từ ngày", "Đến ngày"], stretch=0)
        self.events_table = self.section(
            "Lịch sử đổi tên, sáp nhập, chia tách", ["Ngày", "Sự kiện", "Trước", "Sau", "Căn cứ"], stretch=2
        )
        # before and after share the spare width: either side may list several units
        self.events_table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.lineage_label = QLabel("")
        self.lineage_label.setObjectName("muted")
        self.lineage_label.setWordWrap(True)
        self.events_table.parentWidget().layout().addWidget(self.lineage_label)
        self.ratings_table = self.section(
            "Đánh giá, xếp loại hằng năm", ["Năm", "Xếp loại", "Đơn vị được xếp loại", "Văn bản"], stretch=2
        )
        self.awards_table = self.section(
            "Khen thưởng", AWARD_HEADERS[:2] + ["Đơn vị đạt"] + AWARD_HEADERS[2:], stretch=1
        )
        self.awards_total = QLabel("")
        self.awards_total.setObjectName("muted")
        self.body.addWidget(self.awards_total)

    @staticmethod
    def read(ctx, unit_id: int) -> UnitRecord:
        return unit_record(ctx, unit_id)

    def show_record(self, record: UnitRecord) -> None:
        self.setWindowTitle(f"Hồ sơ đơn vị – {record.name}")
        self.name_label.setText(record.name)
        summary = [record.kind.label]
        if record.label != record.name:
            summary.append(record.label)
        if record.ended_on:
            summary.append(unit_status_text(record.status, record.ended_on).lower())
        self.summary_label.setText(" – ".join(summary))
        self.set_facts(
            {
                "name": record.name,
                "short_name": record.short_name or "",
                "code": record.code or "",
                "kind": record.kind.label,
                "parent": record.parent_name or "",
                "status": unit_status_text(record.status, record.ended_on),
                "established": date(record.established_on),
                "head": record.head_name or "",
                "address": record.address or "",
                "phone": record.phone or "",
                "email": record.email or "",
                "staff": staff_text(record),
                "sub_units": ", ".join(u.name for u in record.sub_units),
                "note": record.note or "",
            },
            optional=("note", "sub_units"),
        )
        self.set_rows(
            self.names_table,
            [[n.name, date(n.valid_from), date(n.valid_to)] for n in record.former_names],
            centred={1, 2},
        )
        self.set_rows(
            self.events_table,
            [
                [
                    date(e.event_date),
                    e.kind.label,
                    "; ".join(e.before),
                    "; ".join(e.after),
                    e.decision_ref or "",
                ]
                for e in record.events
            ],
            centred={0},
        )
        lines = []
        if record.predecessors:
            lines.append(
                "Đơn vị tiền thân (thành tích được kế thừa): "
                + "; ".join(u.name for u in record.predecessors)
                + "."
            )
        if record.successors:
            lines.append("Đơn vị kế thừa: " + "; ".join(u.name for u in record.successors) + ".")
        self.lineage_label.setText("\n".join(lines))
        self.lineage_label.setVisible(bool(lines))
        self.set_rows(
            self.ratings_table,
            [
                [r.year, r.level.label, r.earned_by or record.name, r.document_ref or ""]
                for r in reversed(record.ratings)
            ],
            centred={0},
        )
        self.set_rows(self.awards_table, award_rows(record.awards, record.name), numeric={7}, centred={0, 5})
        self.awards_total.setText(awards_total(record.awards))


def open_unit_record(workspace: Workspace, unit_id: int, parent: QWidget | None = None) -> UnitRecordDialog:
    return open_record_dialog(UnitRecordDialog(workspace, unit_id, parent))
