"""Ghi quyết định cấp trên: the province's or the Ministry's decision has come back. The clerk types its
number, date and issuer and ticks the items it granted (app.services.decisions.record_higher_decision:
their awards join the history at once); those it did not grant may be marked "Không đạt" with a reason
in the same transaction (app.services.decisions.record_higher_outcome: its HigherOutcome is the result).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from app.errors import ValidationError
from app.services.decisions import higher_bodies, record_higher_outcome
from app.services.incoming import IncomingEntry
from app.services.nominations import NominationItem
from database.enums import AuthorityLevel, NominationStatus
from ui.dialogs.decision_form import DecisionFormDialog, level_combo, who_text
from ui.operations import WriteOp
from ui.widgets.actions import open_window_modal
from ui.widgets.form_dialog import date_edit, date_value, line, optional_text
from ui.workspace import Area

LEVELS = (
    AuthorityLevel.PROVINCE,
    AuthorityLevel.MINISTRY,
    AuthorityLevel.GOVERNMENT,
    AuthorityLevel.STATE,
    AuthorityLevel.OTHER,
)
DEFAULT_REASON = "Cấp trên không khen thưởng"


class HigherDecisionDialog(DecisionFormDialog):
    OK_TEXT = "Ghi nhận"
    STATUS = NominationStatus.FORWARDED
    WITHIN_POWER = None
    GROUP_CAPTION = "Tờ trình"
    EMPTY_TEXT = "Không có đề nghị nào đang chờ cấp trên quyết định."

    def __init__(self, workspace, year: int | None = None, parent: QWidget | None = None):
        super().__init__(
            workspace,
            "Ghi quyết định khen thưởng của cấp trên",
            "Đánh dấu các đề nghị được cấp trên khen thưởng theo quyết định này; khen thưởng được ghi ngay vào "
            "hồ sơ từng cá nhân, tập thể.",
            year,
            parent,
        )
        self.incoming: IncomingEntry | None = None
        self.incoming_label = QLabel("Chưa chọn (không bắt buộc): chọn để điền sẵn các ô dưới đây")
        self.incoming_label.setObjectName("muted")
        self.incoming_label.setWordWrap(True)
        self.incoming_button = QPushButton("Chọn trong sổ văn bản đến…")
        self.incoming_button.setToolTip(
            "Quyết định đã vào sổ văn bản đến: chọn để điền số, ngày, cơ quan, trích yếu và liên kết với nó"
        )
        self.incoming_button.clicked.connect(self.choose_incoming)
        incoming_row = QVBoxLayout()
        incoming_row.addWidget(self.incoming_label)
        incoming_row.addWidget(self.incoming_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.form.addRow("Văn bản đến:", incoming_row)
        self.number_edit = line("Ví dụ: 2345/QĐ-UBND")
        self.form.addRow("Số quyết định (*):", self.number_edit)
        self.day_edit = date_edit(dt.date.today())
        self.form.addRow("Ngày quyết định:", self.day_edit)
        self.level = level_combo(LEVELS, workspace.agency.wording)
        self.level.currentIndexChanged.connect(self._level_changed)
        self.form.addRow("Cấp quyết định:", self.level)
        self.issuer_edit = line("Cơ quan ban hành quyết định")
        self.issuer_edit.textEdited.connect(lambda _text: setattr(self, "_issuer_auto", False))
        self._issuer_auto = True
        self.form.addRow("Cơ quan ban hành (*):", self.issuer_edit)
        self.subject_edit = line("Không bắt buộc: trích yếu của quyết định")
        self.form.addRow("Trích yếu:", self.subject_edit)

        self.fail_check = QCheckBox("Ghi “Không đạt” cho các đề nghị không được đánh dấu")
        self.fail_check.setToolTip(
            "Các đề nghị đang hiển thị (theo bộ lọc) mà không được đánh dấu: cấp trên không "
            "khen thưởng. Lọc theo tờ trình mà quyết định này trả lời."
        )
        self.fail_check.toggled.connect(self.refresh)
        self.form.addRow(self.fail_check)
        self.reason_edit = line("Lý do", DEFAULT_REASON)
        self.reason_edit.textEdited.connect(lambda _text: self.refresh())
        self.form.addRow("Lý do không đạt:", self.reason_edit)
        self.preview = QLabel("")
        self.preview.setWordWrap(True)
        self.side.addWidget(self.preview)
        self.side.addStretch(1)
        self._level_changed()
        self.finish(1080, 660)

    def choose_incoming(self) -> QDialog:
        from ui.dialogs.incoming_forms import IncomingPickerDialog

        picker = IncomingPickerDialog(self.workspace, None, None, parent=self)
        return open_window_modal(picker, lambda d: self.use_incoming(d.result_value))

    def use_incoming(self, entry: IncomingEntry) -> None:
        """The decision as the register has it: its number, date, body and subject filled in, and the
        decision linked to that document once recorded."""
        self.incoming = entry
        self.incoming_label.setText(f"Số đến {entry.number_text}: {entry.reference}")
        if entry.number_symbol:
            self.number_edit.setText(entry.number_symbol)
        if entry.issued_on:
            self.day_edit.setDate(entry.issued_on)
        self._issuer_auto = False
        self.issuer_edit.setText(entry.issuer)
        self.subject_edit.setText(entry.subject)

    def _level_changed(self, *_args) -> None:
        if self._issuer_auto:
            self.issuer_edit.setText(
                higher_bodies(self.workspace.agency.wording).get(self.level.currentData(), "")
            )

    def group_of(self, item: NominationItem) -> str:
        return (
            item.status_reason or "Tờ trình chưa ghi số"
        )  # "Tờ trình số 01/TTr-SYT ngày …", set on forwarding

    def refused_ids(self) -> list[int]:
        """The items shown and not ticked: what "Không đạt" would be written for."""
        if not self.fail_check.isChecked():
            return []
        ticked = set(self.picker.checked_ids())
        return [i for i in self.picker.shown_ids() if i not in ticked]

    def refresh(self, *_args) -> None:
        granted = self.checked_items()
        refused = [self.picker.items[i] for i in self.refused_ids()]
        lines = [
            f"Được khen thưởng: {who_text(granted)}." if granted else "Chưa đánh dấu đề nghị nào được khen."
        ]
        if refused:
            names = ", ".join(i.subject_name for i in refused[:6]) + (" …" if len(refused) > 6 else "")
            lines.append(f"Ghi “Không đạt”: {who_text(refused)} ({names}).")
        self.preview.setText("\n".join(lines))

    def submit(self) -> WriteOp:
        granted = self.picker.checked_ids()
        refused = self.refused_ids()
        if not granted and not refused:  # said at once; the service checks the rest
            raise ValidationError("Chưa đánh dấu đề nghị nào được khen thưởng.")
        return self.write(
            record_higher_outcome,
            granted,
            self.number_edit.text(),
            date_value(self.day_edit),
            self.issuer_edit.text(),
            self.level.currentData(),
            optional_text(self.subject_edit),
            refused,
            optional_text(self.reason_edit),
            self.incoming.id if self.incoming is not None else None,
            areas={Area.DECISIONS, Area.NOMINATIONS, Area.STAFF, Area.INITIATIVES, Area.DOCUMENTS},
            label="Đang ghi quyết định cấp trên…",
        )
