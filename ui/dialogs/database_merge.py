"""Tệp › Hợp nhất dữ liệu từ cơ sở dữ liệu khác…: a former department's whole database brought into this
one (app.exchange.merge_database), in four steps on one page: the file; where its units go (matched by name,
or placed under a unit chosen here); the check (the merge itself run as a dry run: what is joined, added,
in conflict), with the probable matches to confirm one by one; then the merge, all or nothing, with
progress. The full list can be saved as .xlsx for the record.
"""

from __future__ import annotations

from functools import partial
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.exchange.merge_database import (
    MERGE_KINDS,
    DatabaseMergeReport,
    merge_database,
    write_merge_report,
)
from app.exchange.package_merge import REVIEW
from app.services.records import unit_choices
from ui.dialogs.file_check import FileCheckDialog, open_file_check
from ui.format import number
from ui.models.text_rows import TextRowsModel
from ui.operations import QueryOp, error_text
from ui.widgets.data_view import data_view
from ui.widgets.screen_fit import fit_to_screen
from ui.widgets.tables import read_only_table
from ui.widgets.xlsx_export import XlsxExporter, export_list
from ui.workspace import Area, Workspace

DATABASE_FILTER = "Cơ sở dữ liệu TĐKT (*.sqlite3 *.db);;Mọi tệp (*)"
RULE = (
    "Đưa toàn bộ dữ liệu của một Sở Y tế cũ (tệp cơ sở dữ liệu TĐKT) vào cơ sở dữ liệu này. Tệp đó chỉ được "
    "đọc, không bị sửa. Cán bộ trùng họ tên (đúng từng dấu) và ngày sinh được <i>gộp</i> làm một; tên chỉ "
    "khác dấu là <i>gần đúng</i>: chỉ gộp khi được đánh dấu xác nhận bên dưới, không thì thêm như người "
    "mới. Sổ văn bản đi, văn bản đến của đơn vị cũ giữ nguyên số, mang tên đơn vị cũ. Hợp nhất tất cả hoặc "
    "không gì cả; trước khi ghi, chương trình tự sao lưu cơ sở dữ liệu này."
)
EVERY_AREA = frozenset(Area)


class DatabaseMergeDialog(FileCheckDialog):
    FILE_CAPTION = "Chọn tệp cơ sở dữ liệu của đơn vị cũ"
    FILE_FILTER = DATABASE_FILTER
    FILE_PROMPT = "<b>1.</b> Tệp của đơn vị cũ:"
    FAILED = "Không hợp nhất được"

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(workspace, "Hợp nhất dữ liệu từ cơ sở dữ liệu khác", RULE, parent)
        self.report: DatabaseMergeReport | None = None
        fit_to_screen(self, 1000, 640)

        place = QGroupBox("2. Đơn vị của bên kia")
        self.by_name = QRadioButton(
            "Ghép từng đơn vị theo tên (đơn vị chưa có thì thêm, kèm gợi ý tên gần giống)"
        )
        self.under_button = QRadioButton("Đặt cả cây đơn vị của bên kia dưới đơn vị:")
        self.by_name.setChecked(True)
        self.places = QButtonGroup(self)
        for button in (self.by_name, self.under_button):
            self.places.addButton(button)
        self.under = QComboBox()
        self.under.setAccessibleName("Đơn vị đặt cây đơn vị của bên kia")
        self.under.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.under.setMinimumContentsLength(24)  # long unit labels must not widen the dialog
        for choice in unit_choices(workspace.ctx):
            self.under.addItem(choice.label, choice.id)
        self.under.setEnabled(False)
        self.under_button.toggled.connect(self.under.setEnabled)
        under_row = QHBoxLayout()
        under_row.addWidget(self.under_button)
        under_row.addWidget(self.under, 1)
        place_layout = QVBoxLayout(place)
        place_layout.addWidget(self.by_name)
        place_layout.addLayout(under_row)

        self.check_button = QPushButton("3. Kiểm tra (chạy thử, chưa ghi gì)")
        self.check_button.setEnabled(False)
        self.check_button.clicked.connect(self.check)

        self.probable = read_only_table(["Gộp?", "Bên kia", "Ở đây"], stretch=2)
        self.probable.setAccessibleName("Trường hợp gần đúng cần xác nhận")
        # A model, not a QTableWidget: the plan has a line for each of tens of thousands of records.
        self.details_model = TextRowsModel(["Loại", "Kết quả", "Bản ghi", "Chi tiết"])
        self.details = data_view(
            self.details_model,
            "mergePlan",
            widths={0: "Khen thưởng", 1: "Cần xem lại", 2: "Nguyễn Thị Phương Thảo (1980)"},
            stretch=3,
        )
        self.units = read_only_table(
            ["Là đơn vị này?", "Đơn vị bên kia (sẽ thêm)", "Thêm vào", "Ở đây"], stretch=1
        )
        self.units.setAccessibleName("Đơn vị bên kia có tên gần giống đơn vị ở đây")
        self.units_chosen: dict[int, int] = {}  # their unit -> ours, as ticked (kept across checks)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.probable, "Gần đúng, cần xác nhận")
        self.tabs.addTab(self.units, "Đơn vị gần giống")
        self.tabs.addTab(self.details, "Toàn bộ kế hoạch")

        self.save_button = self.add_button("Lưu danh sách (Excel)…", self.save_report)
        self.report_exporter = XlsxExporter(
            self,
            self.save_button,
            lambda said: self.verdict.setText(f"{self.verdict.text()}<br>{escape(said)}"),
            "dòng",
        )
        self.merge_button = self.add_button("4. Hợp nhất", self.run_merge)
        self.by_name.toggled.connect(self._plan_outdated)
        self.under.currentIndexChanged.connect(self._plan_outdated)
        self.lay_out(place, self.check_button, self.verdict, (self.tabs, 1))

    # --- choosing ---------------------------------------------------------------------------------------
    def use_file(self, path: Path) -> None:
        super().use_file(path)
        self.check_button.setEnabled(True)
        self._plan_outdated()

    def _plan_outdated(self) -> None:
        """A choice changed after the check: the plan shown is no longer what "Hợp nhất" would do."""
        if self.report is not None:
            self.report = None
            self.merge_button.setEnabled(False)
            self.verdict.setText("Lựa chọn đã đổi: hãy kiểm tra lại.")

    def options(self) -> dict:
        return {
            "under": self.under.currentData() if self.under_button.isChecked() else None,
            "confirmed": self.confirmed(),
            "units": self.chosen_units(),
        }

    def chosen_units(self) -> dict[int, int]:
        """Their units ticked as units here; those ticked before a check, and joined since, stay chosen."""
        shown, ticked = set(), {}
        for row in range(self.units.rowCount()):
            item = self.units.item(row, 0)
            ref, ours = item.data(Qt.ItemDataRole.UserRole)
            shown.add(ref)
            if item.checkState() == Qt.CheckState.Checked:
                ticked[ref] = ours
        self.units_chosen = {r: o for r, o in self.units_chosen.items() if r not in shown} | ticked
        return dict(self.units_chosen)

    def confirmed(self) -> frozenset[str]:
        uids = set()
        for row in range(self.probable.rowCount()):
            item = self.probable.item(row, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                uids.add(item.data(Qt.ItemDataRole.UserRole))
        return frozenset(uids)

    # --- the check, the merge ---------------------------------------------------------------------------
    def check(self) -> None:
        if self.path is None:
            return
        self.merge_button.setEnabled(False)
        self.verdict.setText("Đang kiểm tra…")
        options = self.options()
        self.query(
            "Đang kiểm tra cơ sở dữ liệu của đơn vị cũ…",
            partial(merge_database, dry_run=True, **options),
            self.workspace.ctx,
            self.path,
            done=partial(self._checked, options["confirmed"]),
        )

    def _checked(self, confirmed: frozenset[str], report: DatabaseMergeReport) -> None:
        self.report = report
        self.verdict.setText(f"Dữ liệu của {report.source}.<br><b>Sẽ hợp nhất:</b> {report.summary()}")
        self._show(report, confirmed)
        self.merge_button.setEnabled(report.anything)
        self.save_button.setEnabled(True)

    def _show(self, report: DatabaseMergeReport, confirmed: frozenset[str]) -> None:
        self.probable.setRowCount(len(report.probable))
        for r, match in enumerate(report.probable):
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            on = match.joined or match.uid in confirmed
            tick.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            tick.setData(Qt.ItemDataRole.UserRole, match.uid)
            self.probable.setItem(r, 0, tick)
            self.probable.setItem(r, 1, QTableWidgetItem(match.theirs))
            self.probable.setItem(r, 2, QTableWidgetItem(match.ours))
        pairs = [
            (u, ours, name)
            for u in report.suggestions
            for ours, name in zip(u.suggestion_ids, u.suggestions, strict=True)
        ]
        self.units.setRowCount(len(pairs))
        for r, (unit, ours, name) in enumerate(pairs):
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            tick.setCheckState(Qt.CheckState.Unchecked)
            tick.setData(Qt.ItemDataRole.UserRole, (unit.ref, ours))
            self.units.setItem(r, 0, tick)
            for c, text in enumerate((unit.theirs, unit.placed_under, name), start=1):
                self.units.setItem(r, c, QTableWidgetItem(text))
        self.tabs.setTabText(1, f"Đơn vị gần giống ({number(len(pairs))})")
        lines = report.review + [x for x in report.lines if x.action != REVIEW]
        rows = [(MERGE_KINDS.get(x.kind, x.kind), x.action, x.what, x.detail) for x in lines]
        rows += [
            (
                "Đơn vị",
                "Gợi ý",
                u.theirs,
                f"thêm vào “{u.placed_under}”; gần giống: {'; '.join(u.suggestions)}",
            )
            for u in report.suggestions
        ]
        self.details_model.set_rows(rows)
        self.tabs.setTabText(0, f"Gần đúng, cần xác nhận ({number(len(report.probable))})")
        self.tabs.setTabText(2, f"Toàn bộ kế hoạch ({number(len(rows))})")

    def run_merge(self) -> None:
        if self.path is None or self.report is None:
            return
        self.merge_button.setEnabled(False)
        options = self.options()
        self.write(
            "Đang hợp nhất dữ liệu…",
            partial(merge_database, **options),
            self.path,
            areas=EVERY_AREA,
            long=True,
            done=partial(self._merged, options["confirmed"]),
        )

    def _merged(self, confirmed: frozenset[str], report: DatabaseMergeReport) -> None:
        self.report = report
        kept = f"<br>Bản sao lưu trước khi hợp nhất: {escape(str(report.backup))}" if report.backup else ""
        self.verdict.setText(f"<b>Đã hợp nhất.</b> {escape(report.summary())}{kept}")
        self._show(report, confirmed)
        self.check_button.setEnabled(False)  # a second merge of the same department is refused

    def save_report(self) -> QueryOp | None:
        """Every line of the plan to .xlsx, written in the background like any list (tens of thousands)."""
        if self.report is None:
            return None
        report = self.report
        return export_list(
            self.report_exporter,
            "Lưu danh sách hợp nhất",
            "Hợp nhất dữ liệu",
            len(report.lines),
            lambda path: write_merge_report(report, path),
        )

    def failed(self, exc: BaseException) -> None:
        """Said in the dialog, which stays open with the choices made."""
        self.verdict.setText(f"<b>{error_text(exc, self.FAILED)}</b>")
        self.merge_button.setEnabled(self.report is not None and self.report.anything)


def open_database_merge(workspace: Workspace, parent: QWidget | None = None) -> DatabaseMergeDialog:
    return open_file_check(DatabaseMergeDialog(workspace, parent))
