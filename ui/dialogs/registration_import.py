"""Nhập đăng ký thi đua từ Excel: a unit's registration list is a staff list with a "Danh hiệu đăng ký"
column, so this is the staff-list wizard (ui.dialogs.import_wizard) with its own last two steps:

1. the file and the registering unit (as for a staff list), the year, and the title of rows left blank;
2. the columns, with "Danh hiệu đăng ký" among the fields;
3. every row matched to a member of staff by name and birth date, or its problem in red: nothing is
   written while a kept row has a problem (fix the file, or untick the row);
4. the import, in one transaction on the writer thread (WriteOp): the rows are checked again against the
   database as it is then, and the list becomes the unit's staff registration of the year.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.campaigns import CampaignSummary
from app.exchange.roster import REGISTERED_TITLE, REGISTRATION_FIELDS, RosterSheet
from app.services.campaigns import list_campaigns
from app.services.registrations import (
    AimRow,
    RegistrationImport,
    RegistrationPlan,
    TitleChoice,
    import_registration_list,
    plan_registration_import,
    read_aims,
    title_choices,
    work_text,
)
from ui.dialogs.import_wizard import (
    DUPLICATE_BACKGROUND,
    ERROR_BACKGROUND,
    ERROR_COLOUR,
    EXCLUDED_COLOUR,
    ImportWizard,
    PreviewModel,
    _button,
    _note,
)
from ui.format import number
from ui.jobs import Loader
from ui.operations import QueryOp, WriteOp
from ui.workspace import Area

NO_DEFAULT = "(không – báo lỗi dòng chưa ghi danh hiệu)"


def _read_and_plan(sheet: RosterSheet, mapping, plan) -> tuple[RegistrationPlan, list]:
    aims = read_aims(sheet, mapping)
    return plan(aims), aims


class AimPreviewModel(PreviewModel):
    """The rows of a registration list; PreviewModel's ticks, problems and filters, with its own columns."""

    HEADERS = (
        "Nhập",
        "Dòng",
        "Họ và tên",
        "Ngày sinh",
        "Chức vụ",
        "Danh hiệu đăng ký",
        "Cán bộ trong cơ sở dữ liệu",
        "Lỗi, lưu ý",
    )
    KEEP, ROW, NAME, BIRTH, POSITION, TITLE, MATCH, CHECK = range(8)
    FILTERS = ("Tất cả các dòng", "Dòng có lỗi", "Dòng cần xem lại")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.titles: dict[str, str] = {}  # code -> short name
        self.warnings: dict[int, tuple[str, ...]] = {}

    def load_plan(self, plan: RegistrationPlan, aims: list) -> None:
        self.beginResetModel()
        self.people, self.incoming = list(plan.rows), list(aims)
        self.keep = [True] * len(self.people)
        self.problems = {r.row: list(r.problems) for r in plan.rows if r.problems}
        self.warnings = {r.row: r.warnings for r in plan.rows if r.warnings}
        self._apply_filter()
        self.endResetModel()
        self.changed.emit()

    def _apply_filter(self) -> None:
        if self.filter == 2:
            self.shown = [i for i, r in enumerate(self.people) if r.row in self.warnings]
        else:
            super()._apply_filter()

    def counts(self) -> dict[str, int]:
        kept = [r for r, k in zip(self.people, self.keep, strict=True) if k]
        errors = sum(1 for r in kept if r.row in self.problems)
        return {
            "rows": len(self.people),
            "kept": len(kept),
            "errors": errors,
            "warnings": sum(1 for r in kept if r.row in self.warnings),
            "aims": sum(len(r.codes) for r in kept if r.row not in self.problems),
            "works": sum(len(r.works) for r in kept if r.row not in self.problems),
        }

    def flags(self, index):
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsUserCheckable if index.column() == self.KEEP else flags

    def _display(self, r: AimRow, col: int) -> object:
        if col == self.ROW:
            return r.row
        if col == self.TITLE:
            aims = [self.titles.get(c, c) for c in r.codes] + [
                work_text(kind, name) for kind, name in r.works
            ]
            return "; ".join(aims) or r.title_text
        if col == self.MATCH:
            return (r.person_unit or "(chưa có đơn vị)") if r.person_id else ""
        if col == self.CHECK:
            return "; ".join(self.problems.get(r.row) or self.warnings.get(r.row, ()))
        return (None, None, r.full_name, r.birth_text, r.position or "")[col]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        col = index.column()
        i, r = self.person_at(index.row())
        kept = self.keep[i]
        if role == Qt.ItemDataRole.DisplayRole:
            return None if col == self.KEEP else self._display(r, col)
        if role == Qt.ItemDataRole.CheckStateRole and col == self.KEEP:
            return Qt.CheckState.Checked if kept else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole:
            if not kept:
                return EXCLUDED_COLOUR
            return ERROR_COLOUR if r.row in self.problems and col == self.CHECK else None
        if role == Qt.ItemDataRole.BackgroundRole and kept:
            if r.row in self.problems:
                return ERROR_BACKGROUND
            return DUPLICATE_BACKGROUND if r.row in self.warnings else None
        if role == Qt.ItemDataRole.ToolTipRole and col == self.CHECK:
            return "\n".join(self.problems.get(r.row) or self.warnings.get(r.row, ())) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.ROW, self.BIRTH):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class RegistrationImportWizard(ImportWizard):
    """`result_summary` holds the RegistrationImport once the list is in."""

    FIELDS = REGISTRATION_FIELDS
    WINDOW_TITLE = "Nhập danh sách đăng ký thi đua từ Excel"
    NO_UNIT = "— Chọn đơn vị đăng ký —"
    UNIT_LABEL = "Đơn vị đăng ký"
    UNIT_TIP = "Đơn vị gửi bản đăng ký: cán bộ trong tệp được tìm trong danh sách cán bộ của đơn vị này trước"

    def __init__(
        self,
        workspace,
        parent: QWidget | None = None,
        path: str | Path | None = None,
        *,
        year: int,
        unit_id: int | None = None,
    ):
        self._year, self._unit_id = year, unit_id
        super().__init__(workspace, parent, path)
        self._titles = Loader(partial(title_choices, self.ctx), self)
        self._titles.loaded.connect(self._set_titles)
        self._titles.request()
        self._campaigns = Loader(partial(list_campaigns, self.ctx), self)
        self._campaigns.loaded.connect(self._set_campaigns)
        self._campaigns.request()
        if unit_id is not None:  # preset once the units are in
            self._units.loaded.connect(self._preset_unit)

    def _preset_unit(self, _args: tuple, _units) -> None:
        self.unit_combo.select_unit(self._unit_id)

    # --- step 1: the year and the title of blank rows ------------------------------------------------------
    def _add_file_fields(self, form: QFormLayout) -> None:
        self.year_box = QSpinBox()
        self.year_box.setRange(1945, 2200)
        self.year_box.setValue(self._year)
        self.year_box.setToolTip("Năm đăng ký thi đua")
        form.addRow("Năm", self.year_box)
        self.default_combo = QComboBox()
        self.default_combo.addItem(NO_DEFAULT, None)
        self.default_combo.setToolTip(
            "Danh sách chỉ ghi tên (ví dụ “Danh sách đăng ký Lao động tiên tiến”): "
            "chọn danh hiệu cho các dòng để trống cột danh hiệu"
        )
        form.addRow("Dòng chưa ghi danh hiệu", self.default_combo)
        self.campaign_combo = QComboBox()
        self.campaign_combo.addItem("Không gắn phong trào (đăng ký thi đua của năm)", None)
        self.campaign_combo.setToolTip("Phong trào thi đua mà bản đăng ký này hưởng ứng")
        self.campaign_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.campaign_combo.setMinimumContentsLength(30)
        form.addRow("Phong trào", self.campaign_combo)
        self.default_combo.currentIndexChanged.connect(
            lambda _i: self.sheet is not None and self._mapping_changed()
        )

    def _set_titles(self, _args: tuple, titles: list[TitleChoice]) -> None:
        for t in titles:
            if t.for_individual:
                self.default_combo.addItem(t.name, t.code)
        self.preview.titles = {t.code: t.short_name for t in titles}

    def _set_campaigns(self, _args: tuple, campaigns: list[CampaignSummary]) -> None:
        for c in campaigns:
            self.campaign_combo.addItem(f"{c.name} ({c.period_text()})", c.id)

    def mapping_problem(self, mapping: dict[int, str]) -> str:
        problem = super().mapping_problem(mapping)
        if problem or REGISTERED_TITLE in mapping.values() or self.default_combo.currentData():
            return problem
        return (
            "Chưa có cột “Danh hiệu đăng ký”. Hãy chọn cột ghi danh hiệu từng người đăng ký, hoặc quay lại "
            "bước 1 chọn danh hiệu chung cho các dòng chưa ghi danh hiệu."
        )

    # --- step 3: every row matched -------------------------------------------------------------------------
    def _build_preview_page(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        self.preview_summary = _note(outer)
        tools = QHBoxLayout()
        self.filter_combo = QComboBox()
        self.filter_combo.addItems(AimPreviewModel.FILTERS)
        self.exclude_errors_button = _button("Bỏ các dòng lỗi", "Bỏ dấu “Nhập” ở mọi dòng có lỗi")
        tools.addWidget(QLabel("Hiện"))
        tools.addWidget(self.filter_combo)
        tools.addStretch(1)
        tools.addWidget(self.exclude_errors_button)
        outer.addLayout(tools)
        self.preview = AimPreviewModel(self)
        self.preview_view = QTableView()
        self.preview_view.setModel(self.preview)
        self.preview_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview_view.setWordWrap(False)
        self.preview_view.verticalHeader().setVisible(False)
        self.preview_view.verticalHeader().setDefaultSectionSize(
            self.preview_view.fontMetrics().height() + 10
        )
        self.preview_view.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((50, 50, 180, 88, 120, 150, 230)):
            self.preview_view.setColumnWidth(col, width)
        outer.addWidget(self.preview_view, 1)
        self.preview_error = _note(outer, "error")
        self.filter_combo.currentIndexChanged.connect(self.preview.set_filter)
        self.exclude_errors_button.clicked.connect(self.preview.exclude_errors)
        self.preview.changed.connect(self._preview_changed)
        return page

    def _planner(self):
        """Plans a list against the database, with what the clerk chose read now, on the GUI thread."""
        ctx, year, unit_id = self.ctx, self.year_box.value(), self.unit_combo.current_unit().id
        default, campaign = self.default_combo.currentData(), self.campaign_combo.currentData()
        return lambda aims: plan_registration_import(ctx, year, unit_id, aims, default, campaign)

    def _check(self) -> None:
        self._start(
            QueryOp(
                self,
                "Đang đối chiếu danh sách với cán bộ trong cơ sở dữ liệu…",
                _read_and_plan,
                self.sheet,
                self.mapping(),
                self._planner(),
            ),
            self._checked,
            self._check_failed,
        )

    def _checked(self, checked: tuple[RegistrationPlan, list]) -> None:
        self.preview_error.setText("")
        self.filter_combo.setCurrentIndex(0)
        self.preview.load_plan(*checked)
        self._show_step(2)

    def _preview_changed(self) -> None:
        c = self.preview.counts()
        unit = self.unit_combo.current_unit()
        text = (
            f"{number(c['rows'])} dòng trong tệp; sẽ ghi {number(c['aims'])} danh hiệu đăng ký của "
            f"{number(c['kept'] - c['errors'])} cán bộ vào bản đăng ký năm {self.year_box.value()} của "
            f"{unit.label if unit else '?'} (thay danh sách cá nhân đã có; danh hiệu tập thể giữ nguyên)."
        )
        if c["works"]:
            text += f" Thêm {number(c['works'])} mô hình, giải pháp (những cái đã có giữ nguyên)."
        if c["rows"] - c["kept"]:
            text += f" {number(c['rows'] - c['kept'])} dòng không nhập."
        if c["warnings"]:
            text += f" {number(c['warnings'])} dòng cần xem lại (tô vàng)."
        if c["errors"]:
            text += (
                f"<br><span style='color:{ERROR_COLOUR.name()}; font-weight:bold'>Còn {number(c['errors'])} "
                "dòng có lỗi (tô đỏ): chưa ghi được gì. Hãy sửa tệp rồi đọc lại, hoặc bỏ dấu “Nhập” ở các dòng "
                "đó.</span>"
            )
        self.preview_summary.setText(text)
        self.exclude_errors_button.setEnabled(c["errors"] > 0)
        self._update_buttons()

    # --- step 4: the import --------------------------------------------------------------------------------
    def start_import(self) -> None:
        if not self._can_import():
            return
        unit = self.unit_combo.current_unit()
        op = WriteOp(
            self.workspace,
            self,
            "Đang ghi bản đăng ký thi đua…",
            import_registration_list,
            self.year_box.value(),
            unit.id,
            self.preview.kept_people(),
            self.default_combo.currentData(),
            self.path.name,
            self.campaign_combo.currentData(),
            areas={Area.REGISTRATIONS},
        )
        self.preview_error.setText("")
        self._start(op, self._imported, self._import_failed)

    def _imported(self, result: RegistrationImport) -> None:
        self.result_summary = result
        unit = self.unit_combo.current_unit()
        self.result_label.setText(
            "\n".join(
                [
                    f"Đã nhập danh sách “{self.path.name}” vào bản đăng ký thi đua năm {self.year_box.value()} của "
                    f"{unit.label if unit else ''}:",
                    f"• Cá nhân đăng ký: {number(result.persons)} người",
                    f"• Danh hiệu mới ghi thêm: {number(result.added)}",
                    f"• Danh hiệu bỏ đi (không còn trong danh sách): {number(result.removed)}",
                    *(
                        [f"• Mô hình, giải pháp mới ghi thêm: {number(result.works_added)}"]
                        if result.works_added
                        else []
                    ),
                ]
            )
        )
        self._show_step(3)
        self.imported.emit(result)
