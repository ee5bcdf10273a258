"""Phiên họp Hội đồng TĐKT: the day, who attended (or sent a written opinion), the quorum as the clerk
ticks, then the secret-ballot counts per nomination with the votes each one needs (its threshold on
the whole membership) and the result as the numbers are typed. "Ghi kết quả" writes the meeting, its
attendance and every ballot in one transaction; the items become "Đạt" or "Không đạt".

Keyboard: Space ticks a box in the attendance list; in the ballot grid digits start typing a count,
Tab moves to the next count, Enter confirms it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from fractions import Fraction
from functools import partial

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, Qt, QTime
from PySide6.QtGui import QBrush, QColor, QIntValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.rules.conditions import percent
from app.services.context import ServiceContext
from app.services.council import (
    BallotResult,
    Member,
    Tally,
    hold_meeting,
    members_on,
    needed_votes,
    quorum_on,
    threshold_sources_on,
    thresholds_on,
)
from app.services.nominations import NominationItem, items_in
from database.enums import Certainty, NominationStatus
from ui.format import number
from ui.jobs import Loader
from ui.operations import WriteOp, error_text
from ui.widgets.form_dialog import line, optional_text
from ui.widgets.screen_fit import fit_to_screen, scroll_above_buttons
from ui.widgets.tables import cell, read_only_table
from ui.workspace import Area

S = NominationStatus
PRESENT, WRITTEN = 2, 3  # attendance columns
FOR, AGAINST, INVALID, NEEDED, RESULT = 3, 4, 5, 6, 7  # ballot columns
COUNT_COLUMNS = (FOR, AGAINST, INVALID)
BALLOT_HEADERS = [
    "Đối tượng",
    "Đề nghị",
    "Trạng thái",
    "Đồng ý",
    "Không đồng ý",
    "Không hợp lệ",
    "Cần",
    "Kết quả",
]
PASS_COLOUR, FAIL_COLOUR = QColor("#1b7a3d"), QColor("#b3261e")
WIDEST_RESULT = "Quá 999 người bỏ phiếu"  # the longest text the Kết quả column shows


def fix_ballot_columns(table: QTableWidget) -> None:
    """The counts, "Cần" and "Kết quả" keep one width whatever is typed: a column that followed its contents
    moved the next columns after each entry, and the clerk's next click landed in the wrong one. The name
    takes the spare width; "Đề nghị" and "Trạng thái" fit what is read (they do not change while typing)."""
    header = table.horizontalHeader()
    metrics = header.fontMetrics()
    pad = 2 * table.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin) + 16
    for column in (*COUNT_COLUMNS, NEEDED, RESULT):
        texts = [BALLOT_HEADERS[column], "999"] + ([WIDEST_RESULT] if column == RESULT else [])
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        table.setColumnWidth(column, max(metrics.horizontalAdvance(t) for t in texts) + pad)


class _ClearsCounts(QObject):
    """Delete or Backspace on count cells (not being edited) empties them: "not voted" again."""

    def __init__(self, table: QTableWidget):
        super().__init__(table)
        self.table = table

    def eventFilter(self, watched, event) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and self.table.state() != QAbstractItemView.State.EditingState
        ):
            cells = [i for i in self.table.selectedItems() if i.column() in COUNT_COLUMNS]
            current = self.table.currentItem()
            if not cells and current is not None and current.column() in COUNT_COLUMNS:
                cells = [current]
            if cells:
                for item in cells:
                    item.setText("")
                return True
        return False


# --- the dialog's reads (on the thread pool, with the arguments taken on the GUI thread) -------------------


def council_on(ctx: ServiceContext, day: dt.date) -> tuple[list[Member], Fraction]:
    """The council on the meeting day, and the share of it a meeting needs present."""
    return members_on(ctx, day), quorum_on(ctx, day)


def thresholds_with_sources(
    ctx: ServiceContext, codes: tuple[str, ...], day: dt.date
) -> tuple[dict[str, Fraction | None], dict[str, str]]:
    """Each code's vote threshold on the day, and where it comes from."""
    return thresholds_on(ctx, codes, day), threshold_sources_on(ctx, codes, day)


def quorum_text(present: int, written: int, total: int, quorum: Fraction) -> tuple[str, bool]:
    """ "10/11 thành viên dự — đủ số lượng (cần từ 9 người, 80%)"; and whether the quorum is met."""
    needed = math.ceil(quorum * total)
    ok = total > 0 and present >= needed
    text = f"{present}/{total} thành viên dự"
    if written:
        text += f", {written} gửi ý kiến bằng văn bản"
    verdict = "đủ số lượng" if ok else "chưa đủ số lượng"
    return f"{text} — {verdict} (cần từ {needed} người, {percent(quorum)} tổng số thành viên)", ok


class _CountDelegate(QStyledItemDelegate):
    """Counts are whole numbers from 0 to 999."""

    def createEditor(self, parent, option, index):
        editor = QLineEdit(parent)
        editor.setValidator(QIntValidator(0, 999, editor))
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return editor


PROVINCE_RULE_HINT = "Ghi số, ngày văn bản của tỉnh ở Cài đặt › Danh mục khen thưởng › Quy định của tỉnh."


def source_text(source: str) -> str:
    """ "Căn cứ: …" in words: the certainty tag the service appends ("… [U]") read out for the clerk, with where
    to enter the province's regulation while it is not verified."""
    for certainty in Certainty:
        tag = f" [{certainty.value}]"
        if source.endswith(tag):
            text = f"Căn cứ: {source.removesuffix(tag)} — {certainty.label.lower()}."
            return text + ("\n" + PROVINCE_RULE_HINT if certainty is Certainty.UNVERIFIED else "")
    return f"Căn cứ: {source}."


class MeetingDialog(QDialog):
    def __init__(
        self,
        workspace,
        year: int,
        batch_id: int | None = None,
        batch_title: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.workspace = workspace
        self.year = year
        self.batch_id = batch_id
        self.members: list[Member] = []
        self.items: list[NominationItem] = []
        self.needed: dict[int, int] = {}
        self.quorum = Fraction(4, 5)
        self.results: list[BallotResult] = []
        self.meeting_id: int | None = None
        self.setWindowTitle(f"Phiên họp Hội đồng Thi đua – Khen thưởng xét năm {year}")
        fit_to_screen(self, 980, 720)
        layout = QVBoxLayout(self)

        form = QFormLayout()
        when = QDateTime(QDate.currentDate(), QTime(8, 0))
        self.when_edit = QDateTimeEdit(when)
        self.when_edit.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.when_edit.setCalendarPopup(True)
        self.when_edit.setMaximumWidth(
            self.when_edit.fontMetrics().horizontalAdvance("00/00/00000 00:000") + 48
        )
        self.place_edit = line("Ví dụ: Phòng họp tầng 3, Sở Y tế")
        form.addRow("Thời gian họp:", self.when_edit)
        form.addRow("Địa điểm:", self.place_edit)
        scope_row = QHBoxLayout()
        self.scope_combo = QComboBox()
        if batch_id is not None:
            self.scope_combo.addItem(f"Hồ sơ đang chọn: {batch_title}", batch_id)
        self.scope_combo.addItem(f"Mọi hồ sơ năm {year}", None)
        self.received_check = QCheckBox("Gồm cả đề nghị “Đã nhận” chưa đưa ra Hội đồng")
        scope_row.addWidget(self.scope_combo, 1)
        scope_row.addWidget(self.received_check)
        form.addRow("Đề nghị đưa ra bỏ phiếu:", scope_row)
        layout.addLayout(form)

        split = QSplitter(Qt.Orientation.Vertical)
        attendance_box = QGroupBox("Thành viên dự họp")
        attendance_layout = QVBoxLayout(attendance_box)
        self.attendance = read_only_table(
            ["Họ và tên", "Vai trò", "Dự họp", "Ý kiến bằng văn bản"], stretch=0
        )
        self.attendance.setAccessibleName("Thành viên dự họp: Space để đánh dấu")
        attendance_layout.addWidget(self.attendance)
        self.quorum_label = QLabel()
        self.quorum_label.setObjectName("sectionTitle")
        self.quorum_label.setWordWrap(True)
        attendance_layout.addWidget(self.quorum_label)
        split.addWidget(attendance_box)

        ballot_box = QGroupBox("Kết quả bỏ phiếu kín (tỷ lệ tính trên tổng số thành viên Hội đồng)")
        ballot_layout = QVBoxLayout(ballot_box)
        self.ballots = read_only_table(BALLOT_HEADERS, stretch=0)
        self.ballots.horizontalHeaderItem(NEEDED).setToolTip(
            "Số phiếu đồng ý cần có, theo tỷ lệ trên tổng số thành viên Hội đồng; ô của từng đề nghị ghi căn cứ"
        )
        self.ballots.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.ballots.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.ballots.setItemDelegate(_CountDelegate(self.ballots))
        self.ballots.setAccessibleName("Số phiếu từng đề nghị")
        fix_ballot_columns(self.ballots)
        self.ballots.installEventFilter(_ClearsCounts(self.ballots))
        ballot_layout.addWidget(self.ballots)
        self.ballot_hint = QLabel(
            "Để trống số phiếu “Đồng ý” với đề nghị chưa bỏ phiếu trong phiên này (Delete xóa số đã ghi)."
        )
        self.ballot_hint.setObjectName("muted")
        ballot_layout.addWidget(self.ballot_hint)
        split.addWidget(ballot_box)
        split.setSizes([260, 340])
        layout.addWidget(split, 1)

        bottom = QHBoxLayout()
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.save_button = QPushButton("Ghi kết quả")
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)  # Enter confirms a count in the grid, not the meeting
        self.save_button.setToolTip("Ghi phiên họp, danh sách dự họp và số phiếu (Ctrl+S)")
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(self.accept)
        cancel = QPushButton("Hủy")
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        bottom.addWidget(self.error, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(cancel)
        layout.addLayout(bottom)
        scroll_above_buttons(self)  # a short screen scrolls the lists; Ghi kết quả stays in view

        ctx = workspace.ctx
        self._members_loader = Loader(partial(council_on, ctx), self)
        self._members_loader.loaded.connect(self._members_loaded)
        self._items_loader = Loader(partial(items_in, ctx), self)
        self._items_loader.loaded.connect(self._items_loaded)
        self._needed_loader = Loader(partial(thresholds_with_sources, ctx), self)
        self._needed_loader.loaded.connect(self._needed_loaded)
        for loader in (self._members_loader, self._items_loader, self._needed_loader):
            loader.failed.connect(lambda exc: self.error.setText(error_text(exc, "Không đọc được")))

        self.when_edit.dateChanged.connect(lambda _d: self.load_members())
        self.scope_combo.currentIndexChanged.connect(lambda _i: self.load_items())
        self.received_check.toggled.connect(lambda _c: self.load_items())
        self.attendance.itemChanged.connect(self._attendance_changed)
        self.ballots.itemChanged.connect(self._count_changed)
        self.load_members()
        self.load_items()

    @property
    def loading(self) -> bool:
        return any(x.busy for x in (self._members_loader, self._items_loader, self._needed_loader))

    def day(self) -> dt.date:
        d = self.when_edit.date()
        return dt.date(d.year(), d.month(), d.day())

    def held_at(self) -> dt.datetime:
        t = self.when_edit.time()
        return dt.datetime.combine(self.day(), dt.time(t.hour(), t.minute()))

    # --- attendance ---------------------------------------------------------------------------------
    def load_members(self) -> None:
        """Read the council on the meeting day (and so the votes each item needs)."""
        self.quorum_label.setText("Đang đọc danh sách thành viên…")
        self._members_loader.request(self.day())

    def _members_loaded(self, _args: tuple, answer: tuple[list[Member], Fraction]) -> None:
        """Everyone present at first: the clerk unticks the absent."""
        self.members, self.quorum = answer
        table = self.attendance
        table.blockSignals(True)
        table.setRowCount(len(self.members))
        for r, m in enumerate(self.members):
            table.setItem(r, 0, cell(m.full_name + (f" – {m.position}" if m.position else "")))
            table.setItem(r, 1, cell(m.role.label))
            for column, checked in ((PRESENT, True), (WRITTEN, False)):
                box = QTableWidgetItem()
                box.setFlags(
                    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable
                )
                box.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                table.setItem(r, column, box)
        table.blockSignals(False)
        self._show_quorum()
        self._show_needed()

    def _attendance_changed(self, item: QTableWidgetItem) -> None:
        if item.column() not in (PRESENT, WRITTEN) or item.checkState() != Qt.CheckState.Checked:
            self._show_quorum()
            return
        other = self.attendance.item(item.row(), WRITTEN if item.column() == PRESENT else PRESENT)
        other.setCheckState(Qt.CheckState.Unchecked)  # present or a written opinion, not both
        self._show_quorum()

    def set_attendance(self, member_id: int, present: bool, written: bool = False) -> None:
        row = next(r for r, m in enumerate(self.members) if m.id == member_id)
        for column, on in ((PRESENT, present), (WRITTEN, written)):
            self.attendance.item(row, column).setCheckState(
                Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
            )

    def _ticked(self, column: int) -> list[int]:
        return [
            m.id
            for r, m in enumerate(self.members)
            if self.attendance.item(r, column).checkState() == Qt.CheckState.Checked
        ]

    def present_ids(self) -> list[int]:
        return self._ticked(PRESENT)

    def written_ids(self) -> list[int]:
        return self._ticked(WRITTEN)

    def _show_quorum(self) -> None:
        if not self.members:
            self.quorum_label.setText(
                f"Ngày {self.day():%d/%m/%Y} Hội đồng chưa có thành viên nào: hãy nhập thành "
                "viên Hội đồng trước (nút “Thành viên Hội đồng…”)."
            )
            return
        text, ok = quorum_text(
            len(self.present_ids()), len(self.written_ids()), len(self.members), self.quorum
        )
        self.quorum_label.setText(text)
        self.quorum_label.setStyleSheet(f"color: {(PASS_COLOUR if ok else FAIL_COLOUR).name()};")
        self._show_results()

    # --- ballots ------------------------------------------------------------------------------------
    def load_items(self) -> None:
        statuses = (S.IN_COUNCIL, S.RECEIVED) if self.received_check.isChecked() else (S.IN_COUNCIL,)
        self._items_loader.request(self.year, statuses, self.scope_combo.currentData())

    def _items_loaded(self, _args: tuple, items: list[NominationItem]) -> None:
        self.items = items
        table = self.ballots
        table.blockSignals(True)
        table.setRowCount(len(self.items))
        for r, item in enumerate(self.items):
            subject = item.subject_name + (f" ({item.birth_text})" if item.birth_text else "")
            for c, text in enumerate((subject, item.award_name, item.status.label)):
                table.setItem(r, c, cell(text))
            for c in COUNT_COLUMNS:
                count = QTableWidgetItem("")
                count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(r, c, count)
            table.setItem(r, NEEDED, cell("", numeric=True))
            table.setItem(r, RESULT, cell(""))
        table.blockSignals(False)
        self.ballot_hint.setVisible(bool(self.items))
        if not self.items:
            self.error.setText(
                "Không có đề nghị nào đang chờ Hội đồng bỏ phiếu trong phạm vi này."
                + ("" if self.received_check.isChecked() else " Thử chọn “Gồm cả đề nghị Đã nhận”.")
            )
        else:
            self.error.clear()
        self._show_needed()
        if self.items:
            table.setCurrentCell(0, FOR)

    def _show_needed(self) -> None:
        """Read the thresholds of the items' titles on the meeting day."""
        if self.items:
            codes = tuple(sorted({i.award_code for i in self.items}))
            self._needed_loader.request(codes, self.day())

    def _needed_loaded(self, args: tuple, answer: tuple[dict[str, Fraction | None], dict[str, str]]) -> None:
        """The votes each item needs: its threshold (a parameter on the meeting day) of the whole council."""
        codes, day = args
        if day != self.day() or not {i.award_code for i in self.items} <= set(codes):
            return  # the day or the items changed meanwhile: their own read follows
        thresholds, sources = answer
        total = len(self.members)
        self.ballots.blockSignals(True)
        for r, item in enumerate(self.items):
            share = thresholds.get(item.award_code)
            needed = needed_votes(share, total) if total else 0
            self.needed[item.id] = needed
            rule = (
                f"{percent(share)} của {total} thành viên"
                if share is not None
                else f"quá nửa của {total} thành viên"
            )
            cell_item = self.ballots.item(r, NEEDED)
            cell_item.setText(str(needed))
            cell_item.setToolTip(
                f"Cần từ {needed} phiếu đồng ý: {rule}.\n{source_text(sources[item.award_code])}"
            )
        self.ballots.blockSignals(False)
        self._show_results()

    def _count(self, row: int, column: int) -> int | None:
        text = self.ballots.item(row, column).text().strip()
        return int(text) if text.isdigit() else None

    def _count_changed(self, item: QTableWidgetItem) -> None:
        if item.column() in COUNT_COLUMNS:
            self.error.clear()
            self._show_results()

    def _show_results(self) -> None:
        voters = len(self.present_ids()) + len(self.written_ids())
        self.ballots.blockSignals(True)
        for r, item in enumerate(self.items):
            votes_for = self._count(r, FOR)
            result = self.ballots.item(r, RESULT)
            if votes_for is None:
                result.setText("Chưa bỏ phiếu")
                result.setForeground(QBrush(QColor("#5b6775")))
                continue
            cast = votes_for + (self._count(r, AGAINST) or 0) + (self._count(r, INVALID) or 0)
            if cast > voters:
                result.setText(f"Quá {voters} người bỏ phiếu")
                result.setForeground(QBrush(FAIL_COLOUR))
                continue
            passed = votes_for >= self.needed.get(item.id, 0)
            result.setText("ĐẠT" if passed else "KHÔNG ĐẠT")
            result.setForeground(QBrush(PASS_COLOUR if passed else FAIL_COLOUR))
        self.ballots.blockSignals(False)

    def set_counts(
        self, nomination_id: int, votes_for: int | None, against: int = 0, invalid: int = 0
    ) -> None:
        row = next(r for r, i in enumerate(self.items) if i.id == nomination_id)
        for column, value in ((FOR, votes_for), (AGAINST, against), (INVALID, invalid)):
            self.ballots.item(row, column).setText("" if value is None else str(value))

    def result_text(self, nomination_id: int) -> str:
        row = next(r for r, i in enumerate(self.items) if i.id == nomination_id)
        return self.ballots.item(row, RESULT).text()

    def tallies(self) -> list[Tally]:
        return [
            Tally(item.id, votes_for, self._count(r, AGAINST) or 0, self._count(r, INVALID) or 0)
            for r, item in enumerate(self.items)
            if (votes_for := self._count(r, FOR)) is not None
        ]

    # --- saving -------------------------------------------------------------------------------------
    def accept(self) -> None:
        """The meeting, its attendance and its votes in one write, on the writer thread; a refusal stays
        in red and nothing is written. On success `meeting_id` and `results` hold what was recorded."""
        if not self.save_button.isEnabled():
            return  # the write asked for is still running
        self.save_button.setFocus()  # a count still being typed is committed as its editor loses focus
        self.error.clear()
        tallies = self.tallies()
        if not tallies:
            self.error.setText("Chưa nhập số phiếu “Đồng ý” của đề nghị nào.")
            return
        self.save_button.setEnabled(False)
        WriteOp(
            self.workspace,
            self,
            "Đang ghi kết quả bỏ phiếu…",
            hold_meeting,
            self.held_at(),
            self.year,
            self.present_ids(),
            self.written_ids(),
            tallies,
            optional_text(self.place_edit),
            areas={Area.NOMINATIONS},
        ).success(self._recorded).failure(self._refused).run()

    def _recorded(self, answer: tuple[int, list[BallotResult]]) -> None:
        self.save_button.setEnabled(True)
        self.meeting_id, self.results = answer
        super().accept()

    def _refused(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.error.setText(error_text(exc, "Chưa ghi được"))


def results_summary(results: Sequence[BallotResult]) -> str:
    passed = sum(1 for r in results if r.passed)
    return (
        f"Đã ghi kết quả bỏ phiếu: {number(passed)} đề nghị đạt, {number(len(results) - passed)} không đạt."
    )
