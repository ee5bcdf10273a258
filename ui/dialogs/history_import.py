"""Tệp › Nhập lịch sử thi đua, khen thưởng…: a history workbook checked in full, then imported in one go.

The check is the import itself run as a dry run, so what the clerk reads ("42 cán bộ mới …") is exactly
what "Nhập" will do; a file with any problem lists them by sheet and row and cannot be imported.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QWidget

from app.exchange.history import SHEETS
from app.services.history import HistoryReport, check_history_file, import_history_file
from ui.dialogs.file_check import FileCheckDialog, open_file_check
from ui.format import birth_text, number
from ui.models.text_rows import TextRowsModel
from ui.widgets.data_view import data_view
from ui.workspace import Area, Workspace

# people, units, ratings, initiatives and awards the file names
HISTORY_AREAS = frozenset({Area.STAFF, Area.UNITS, Area.RATINGS, Area.INITIATIVES, Area.DECISIONS})

EXCEL_FILTER = "Tệp Excel (*.xlsx);;Mọi tệp (*)"


def _summary(report: HistoryReport) -> str:
    skipped = "đã bỏ qua" if report.written else "sẽ bỏ qua"
    return (
        f"{number(report.ratings)} xếp loại, {number(report.initiatives)} sáng kiến, "
        f"{number(report.awards)} khen thưởng; {number(len(report.people_created))} cán bộ mới, "
        f"{number(len(report.units_created))} đơn vị mới; {number(report.skipped)} dòng đã có từ trước {skipped}."
    )


WRAPPED_ROWS = 200  # up to this many lines of details, a long reason wraps within its row


INTRO = (
    "Tệp Excel (.xlsx) có các trang " + ", ".join(f"“{s}”" for s in SHEETS) + ". Người được nhận ra theo "
    "họ tên và ngày sinh, đơn vị theo tên (cả tên cũ); ai, đơn vị nào chưa có sẽ được thêm. "
    "Chương trình kiểm tra toàn bộ tệp trước; chỉ khi không còn lỗi nào mới nhập, và nhập tất cả một lần."
)


class HistoryImportDialog(FileCheckDialog):
    FILE_CAPTION = "Chọn tệp lịch sử"
    FILE_FILTER = EXCEL_FILTER

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(workspace, "Nhập lịch sử thi đua, khen thưởng", INTRO, parent)
        self.report: HistoryReport | None = None
        self.resize(820, 560)
        self.accept_probable = QCheckBox(
            "Nhận tên viết không dấu khớp đúng một người đã có (cùng ngày sinh) là người đó"
        )
        self.accept_probable.setToolTip("Bỏ dấu: các dòng đó được liệt kê “Cần xác nhận” và không nhập")
        self.accept_probable.toggled.connect(self._recheck)
        # A model, not a QTableWidget: a province's history file may add thousands of people.
        self.details_model = TextRowsModel(["Trang", "Dòng", "Nội dung"])
        self.details = data_view(
            self.details_model,
            "historyPlan",
            widths={0: "Cần xác nhận", 1: "Nguyễn Thị Phương Thảo"},
            stretch=2,
        )
        self.import_button = self.add_button("Nhập", self.run_import, QDialogButtonBox.ButtonRole.AcceptRole)
        self.lay_out(self.accept_probable, self.verdict, (self.details, 1))

    # --- choosing and checking -------------------------------------------------------------------------
    def use_file(self, path: Path) -> None:
        self.check(path)

    def _recheck(self) -> None:
        if self.path is not None and self.task is None:
            self.check(self.path)

    def check(self, path: Path) -> None:
        """Read and match the whole file in the background, writing nothing."""
        super().use_file(path)
        self.report = None
        self.import_button.setEnabled(False)
        self.verdict.setText("Đang kiểm tra tệp…")
        self.details_model.set_rows([])
        accept = self.accept_probable.isChecked()
        self.query(
            "Đang kiểm tra tệp lịch sử…",
            check_history_file,
            self.workspace.ctx,
            path,
            accept,
            done=self._checked,
        )

    def _checked(self, report: HistoryReport) -> None:
        self.report = report
        if report.problems:
            self.verdict.setText(
                f"<b>Tệp có {number(len(report.problems))} lỗi; chưa nhập được.</b> Hãy sửa các dòng dưới "
                "đây trong Excel, lưu lại rồi chọn lại tệp."
            )
            self._fill(
                ["Trang", "Dòng", "Lỗi"], [(p.sheet, str(p.row or ""), p.message) for p in report.problems]
            )
        else:
            review = (
                f" <b>{number(len(report.review))} dòng cần xác nhận (không nhập)</b>: người được nêu chưa "
                "chắc là ai."
                if report.review
                else ""
            )
            self.verdict.setText(f"<b>Sẽ nhập:</b> {_summary(report)}{review}")
            rows = [("Đơn vị mới", name, "") for name in report.units_created]
            rows += [
                ("Cán bộ mới", w.full_name, birth_text(w.birth_date, w.birth_year))
                for w in report.people_created
            ]
            # Rows naming someone not surely known: listed first, they are what the clerk must look at.
            rows[:0] = [
                ("Cần xác nhận (không nhập)", f"{p.sheet}, dòng {p.row}", p.message) for p in report.review
            ]
            headers = (
                ["Loại", "Tên hoặc dòng trong tệp", "Ngày sinh hoặc lý do"]
                if report.review
                else ["Thêm mới", "Tên", "Ngày sinh"]
            )
            self._fill(headers, rows)
        something = report.ratings or report.initiatives or report.awards or report.people_created
        self.import_button.setEnabled(not report.problems and bool(something))

    def _fill(self, headers: list[str], rows: list[tuple[str, str, str]]) -> None:
        """The first columns as wide as their text, the last one takes the rest: a long reason wraps (a short
        list only; a long one keeps one line a row and the reason as a tooltip) instead of running off."""
        self.details_model.headers = tuple(headers)
        self.details_model.set_rows(rows)
        table = self.details
        for column in (0, 1):  # as wide as their text (Qt measures at most a thousand rows)
            table.resizeColumnToContents(column)
        table.setWordWrap(len(rows) <= WRAPPED_ROWS)
        if len(rows) <= WRAPPED_ROWS:
            table.resizeRowsToContents()

    # --- importing -------------------------------------------------------------------------------------
    def run_import(self) -> None:
        if self.path is None or self.report is None or self.report.problems:
            return
        accept = self.accept_probable.isChecked()
        self.import_button.setEnabled(False)
        self.write(
            "Đang nhập lịch sử…",
            import_history_file,
            self.path,
            accept,
            areas=HISTORY_AREAS,
            done=self._imported,
        )

    def _imported(self, report: HistoryReport) -> None:
        if report.problems:  # the database changed between the check and the import
            self._checked(report)
            return
        self.done_and_close("Đã nhập lịch sử", f"Đã nhập: {_summary(report)}")


def open_history_import(workspace: Workspace, parent: QWidget | None = None) -> HistoryImportDialog:
    return open_file_check(HistoryImportDialog(workspace, parent))
