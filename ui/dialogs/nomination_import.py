"""Nhập danh sách đề nghị khen thưởng của đơn vị: a unit's nomination list is a staff list with a "Hình thức đề
nghị" column, so this is the staff-list wizard (ui.dialogs.import_wizard) in its nominations mode:

1. the file and the proposing unit (as for a staff list), the year, and the unit's other papers (Tờ trình,
   biên bản họp hội đồng, báo cáo thành tích: their kind guessed from the name, changeable);
2. the columns, with "Hình thức, danh hiệu đề nghị" among the fields;
3. the unit's wordings and what they are read as (a wording the program does not know gets a drop-down: the
   choice is remembered for every later list), and every row matched to a person or a unit
   (app.services.nomination_import): exact, probable (the clerk confirms who it is, in "Xác nhận"), or not
   found (listed, never created), with the verdict of the rules beside each item; nothing is written while
   the list has an error;
4. the batch, its items and the papers, in one transaction on the writer thread (WriteOp).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.exchange.roster import NOMINATION_FIELDS, RosterSheet
from app.services.eligibility import Histories, load_histories
from app.services.nomination_import import (
    EXACT,
    LEFT_OUT,
    MATCH_LABELS,
    PROBABLE,
    UNKNOWN,
    BatchFile,
    NominationImport,
    NominationPlan,
    PlannedRow,
    Proposal,
    column_problems,
    guess_attachment_kind,
    import_nomination_list,
    nomination_awards,
    plan_nomination_import,
    read_proposals,
    remember_wording,
)
from app.services.registrations import TitleChoice, wording_key
from database.enums import AttachmentKind
from ui import file_dialogs
from ui import settings as pc_settings
from ui.dialogs.import_wizard import (
    CHOOSE,
    ERROR_BACKGROUND,
    ERROR_COLOUR,
    EXCLUDED_COLOUR,
    REVIEW_BACKGROUND,
    ConfirmDelegate,
    ImportWizard,
    PreviewModel,
    _button,
    _note,
)
from ui.format import number
from ui.jobs import Loader
from ui.operations import QueryOp, WriteOp
from ui.widgets.verdicts import verdict_colour, verdict_text, verdict_tooltip
from ui.workspace import Area

NOT_CONFIRMED = "Chưa xác nhận – không đề nghị"
PICK_AWARD = "— Chọn danh hiệu, hình thức —"


@dataclass(frozen=True)
class Checked:
    """What a check hands to step 3: the plan, the rows it was made from, the histories (kept for the next)."""

    plan: NominationPlan
    proposals: list[Proposal]
    histories: Histories


def check_list(
    ctx,
    year: int,
    unit_id: int,
    proposals,
    confirmed: dict[int, int],
    histories: Histories | None,
    left_out: frozenset[int] = frozenset(),
) -> Checked:
    histories = histories or load_histories(ctx)
    plan = plan_nomination_import(ctx, year, unit_id, proposals, confirmed, histories, left_out)
    return Checked(plan, list(proposals), histories)


def read_and_check(ctx, sheet: RosterSheet, mapping, year: int, unit_id: int) -> Checked:
    return check_list(ctx, year, unit_id, read_proposals(sheet, mapping, year), {}, None)


# ==================================================================================== the rows
class NominationPreviewModel(PreviewModel):
    """The rows of a nomination list as planned; PreviewModel's filters, ticks and "Xác nhận" column. A row
    the clerk unticks is left out of the check and of the batch (rows not found or not confirmed are left
    out by themselves); every tick or choice has the list checked again (`confirm_changed`)."""

    confirm_changed = Signal()
    HEADERS = (
        "Nhập",
        "Dòng",
        "Họ và tên / Tập thể",
        "Ngày sinh",
        "Chức vụ, đơn vị",
        "Cách gọi của đơn vị",
        "Đề nghị",
        "Đối chiếu",
        "Xác nhận là ai",
        "Kết quả xét",
        "Lỗi, lưu ý",
    )
    KEEP, ROW, NAME, BIRTH, POSITION, WORDING, TITLE, MATCH, CONFIRM, VERDICT, CHECK = range(11)
    ACTION = -1  # no such column here
    FILTERS = ("Tất cả các dòng", "Dòng có lỗi", "Dòng cần xác nhận", "Không tìm thấy")

    def __init__(self, parent=None, unit_label=lambda _unit_id, name: name or ""):
        super().__init__(parent, unit_label)
        self.titles: dict[str, str] = {}  # code -> short name
        self.plan: NominationPlan | None = None

    def load_plan(self, plan: NominationPlan, confirmed: dict[int, int]) -> None:
        self.beginResetModel()
        self.plan = plan
        self.people = list(plan.rows)
        self.keep = [r.match != LEFT_OUT for r in self.people]
        self.problems = {}
        for row, message in plan.errors:
            if row is not None:
                self.problems.setdefault(row, []).append(message)
        self.reviews = {r.row: r for r in plan.rows if r.candidates}
        self.confirmed = {row: pid for row, pid in confirmed.items() if row in self.reviews}
        self.duplicates = {}
        self._apply_filter()
        self.endResetModel()
        self.changed.emit()

    def _apply_filter(self) -> None:
        if self.filter == 2:
            self.shown = [i for i, r in enumerate(self.people) if r.row in self.reviews and not r.taken]
        elif self.filter == 3:
            self.shown = [i for i, r in enumerate(self.people) if r.match == UNKNOWN]
        else:
            super()._apply_filter()

    def left_out(self) -> set[int]:
        """The Excel rows the clerk unticked."""
        return {r.row for r, kept in zip(self.people, self.keep, strict=True) if not kept}

    def set_kept(self, indices, keep: bool) -> None:
        changed = [i for i in indices if self.keep[i] != keep]
        for i in changed:
            self.keep[i] = keep
        if changed:
            self._refresh()
            self.confirm_changed.emit()

    # --- rows to confirm ------------------------------------------------------------------------------
    def review_choices(self, row: int) -> list[tuple[str, object]]:
        """Who the row is, among its candidates; never someone new (a list never creates people)."""
        people = [
            (f"Là {k.full_name} – {self.unit_label(k.unit_id, k.unit_name) or 'chưa có đơn vị'}", k.id)
            for k in self.reviews[row].candidates
        ]
        return [(NOT_CONFIRMED, None), *people]

    def confirm(self, row: int, choice: object) -> None:
        if row not in self.reviews:
            return
        if choice is None:
            self.confirmed.pop(row, None)
        elif choice in {k.id for k in self.reviews[row].candidates}:
            self.confirmed[row] = choice
        self.confirm_changed.emit()  # the wizard checks the list again: verdicts and clashes change

    def accept_probable(self) -> None:
        for row, r in self.reviews.items():
            if len(r.candidates) == 1 and row not in self.confirmed:
                self.confirmed[row] = r.candidates[0].id
        self.confirm_changed.emit()

    def confirm_text(self, row: int) -> str:
        if row not in self.reviews:
            return ""
        chosen = self.confirmed.get(row)
        if chosen is None:
            return CHOOSE
        return next((text for text, value in self.review_choices(row) if value == chosen), CHOOSE)

    def counts(self) -> dict[str, int]:
        plan = self.plan
        if plan is None:
            return {"rows": 0, "kept": 0, "errors": 0, "items": 0, "review": 0, "unknown": 0}
        return {
            "rows": len(plan.rows),
            "kept": len(plan.items),
            "errors": len(plan.errors),
            "items": sum(len(r.codes) for r in plan.items),
            "review": len(plan.review),
            "unknown": len(plan.unknown),
        }

    def flags(self, index):
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.KEEP:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        elif index.column() == self.CONFIRM and self.person_at(index.row())[1].row in self.reviews:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def match_text(self, r: PlannedRow) -> str:
        if r.collective and r.taken:
            return "Khớp đơn vị"
        if r.taken and r.row in self.reviews:
            return "Đã xác nhận"
        return MATCH_LABELS[r.match]

    def _display(self, r: PlannedRow, col: int) -> object:
        if col == self.ROW:
            return r.row
        if col == self.TITLE:
            return ", ".join(self.titles.get(c, c) for c in r.codes)
        if col == self.MATCH:
            return self.match_text(r)
        if col == self.CONFIRM:
            return self.confirm_text(r.row)
        if col == self.VERDICT:
            if not r.verdicts:
                return ""
            text = ", ".join(dict.fromkeys(verdict_text(v) for v in r.verdicts))
            return text if r.taken else f"({text})"
        if col == self.CHECK:
            return "; ".join(self.problems.get(r.row, ()))
        if col == self.KEEP:
            return None
        return {
            self.NAME: r.full_name,
            self.BIRTH: r.birth_text if not r.collective else "",
            self.POSITION: r.position or "",
            self.WORDING: r.wording,
        }[col]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        col = index.column()
        i, r = self.person_at(index.row())
        if role == Qt.ItemDataRole.CheckStateRole and col == self.KEEP:
            return Qt.CheckState.Checked if self.keep[i] else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == Qt.ItemDataRole.EditRole and col == self.CONFIRM:
            return self.confirmed.get(r.row)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.CHECK and r.row in self.problems:
                return ERROR_COLOUR
            if col == self.VERDICT and r.verdicts:
                return verdict_colour(r.verdicts[0]) if r.taken else EXCLUDED_COLOUR
            return EXCLUDED_COLOUR if r.match in (UNKNOWN, LEFT_OUT) else None
        if role == Qt.ItemDataRole.BackgroundRole:
            if r.row in self.problems:
                return ERROR_BACKGROUND
            return REVIEW_BACKGROUND if r.row in self.reviews and not r.taken else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.VERDICT and r.verdicts:
                return "\n\n".join(
                    f"{self.titles.get(c, c)}: {verdict_tooltip(v)}"
                    for c, v in zip(r.codes, r.verdicts, strict=True)
                ) + ("" if r.taken else "\n\n(nếu xác nhận đúng người này)")
            if col == self.CHECK and r.row in self.problems:
                return "\n".join(self.problems[r.row])
            if col == self.KEEP:
                return "Bỏ dấu chọn để không nhập dòng này (đánh dấu lại để nhập)"
            if col == self.MATCH and r.match == UNKNOWN:
                return "Không có trong cơ sở dữ liệu: dòng này không được đề nghị, chương trình không tự tạo người mới"
            if col == self.MATCH and r.row in self.reviews and not r.taken:
                return (
                    "Tên trong tệp không dấu, chỉ giống tên người đã có: hãy xác nhận ở cột bên cạnh"
                    if r.match == PROBABLE
                    else "Nhiều người cùng họ tên và ngày sinh: hãy chọn đúng người ở cột bên cạnh"
                )
            if col == self.CONFIRM and r.row in self.reviews:
                return "Nhấp đúp (hoặc F2) để chọn dòng này là người nào; chưa xác nhận thì không đề nghị"
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.ROW, self.BIRTH):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


# ================================================================================= the wordings
class WordingPanel(QWidget):
    """The unit's wordings of the titles and forms, and what each is read as; a wording the program does not
    know has a drop-down of the catalogue, and the choice is remembered (`mapped(text, code)`)."""

    mapped = Signal(str, str)
    TEXT, ROWS, READ = range(3)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Cách gọi của đơn vị", "Số dòng", "Hiểu là (trong danh mục)"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(self.READ, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(self.TEXT, 300)
        self.table.setColumnWidth(self.ROWS, 70)
        layout.addWidget(self.table, 1)
        self.awards: list[TitleChoice] = []
        self.combos: dict[str, QComboBox] = {}

    def load(self, plan: NominationPlan, names: dict[str, str]) -> None:
        rows: dict[str, list] = {}  # the wording as written -> [count, codes]
        for r in plan.rows:
            if r.codes:
                entry = rows.setdefault(r.wording, [0, r.codes])
                entry[0] += 1
        unknown = {
            text: sum(1 for r in plan.rows if wording_key(text) in wording_key(r.wording))
            for text in plan.unknown_wordings
        }
        self.table.setRowCount(len(unknown) + len(rows))
        self.combos = {}
        for i, (text, count) in enumerate(unknown.items()):
            self._row(i, text, count, background=ERROR_BACKGROUND)
            combo = QComboBox()
            combo.setAccessibleName(f"Hiểu “{text}” là")
            combo.addItem(PICK_AWARD, None)
            for t in self.awards:
                combo.addItem(f"{t.name} ({t.short_name})", t.code)
            combo.activated.connect(lambda _i, text=text, combo=combo: self._chosen(text, combo))
            self.table.setCellWidget(i, self.READ, combo)
            self.combos[text] = combo
        for i, (text, (count, codes)) in enumerate(rows.items(), len(unknown)):
            self._row(i, text, count)
            self.table.setItem(i, self.READ, QTableWidgetItem(", ".join(names.get(c, c) for c in codes)))
        if unknown:
            self.summary.setText(
                f"<b style='color:{ERROR_COLOUR.name()}'>{number(len(unknown))} cách gọi chưa rõ</b> (tô đỏ): chọn "
                "danh hiệu, hình thức tương ứng; chương trình ghi nhớ cho các danh sách sau."
            )
        else:
            self.summary.setText("Mọi cách gọi danh hiệu, hình thức trong tệp đều đã hiểu được:")

    def _row(self, i: int, text: str, count: int, background=None) -> None:
        for col, value in ((self.TEXT, text), (self.ROWS, number(count))):
            item = QTableWidgetItem(value)
            if background is not None:
                item.setBackground(background)
            self.table.setItem(i, col, item)

    def _chosen(self, text: str, combo: QComboBox) -> None:
        if combo.currentData():
            self.mapped.emit(text, combo.currentData())

    def choose(self, text: str, code: str) -> None:
        """Pick the catalogue's title for an unknown wording, as the clerk would (tests, keyboard)."""
        combo = self.combos[text]
        combo.setCurrentIndex(combo.findData(code))
        self._chosen(text, combo)


# =================================================================================== the wizard
class NominationImportWizard(ImportWizard):
    """`result_summary` holds the NominationImport once the batch is made."""

    FIELDS = NOMINATION_FIELDS
    STEPS = (
        "Chọn tệp, đơn vị đề nghị và tệp kèm theo",
        "Ghép cột",
        "Đối chiếu người, cách gọi danh hiệu và kết quả xét",
        "Kết quả",
    )
    WINDOW_TITLE = "Nhập danh sách đề nghị khen thưởng của đơn vị"
    NO_UNIT = "— Chọn đơn vị đề nghị —"
    UNIT_LABEL = "Đơn vị đề nghị"
    UNIT_TIP = (
        "Đơn vị gửi danh sách: hồ sơ đề nghị mới là của đơn vị này; người trong tệp được tìm trong cán bộ của "
        "đơn vị trước, tập thể trong các khoa, phòng của đơn vị"
    )

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
        self.files: list[tuple[AttachmentKind, str, bytes]] = []
        self.checked: Checked | None = None
        self.confirmed: dict[int, int] = {}
        super().__init__(workspace, parent, path)
        self._awards = Loader(partial(nomination_awards, self.ctx), self)
        self._awards.loaded.connect(self._set_awards)
        self._awards.request()
        if unit_id is not None:
            self._units.loaded.connect(lambda _args, _units: self.unit_combo.select_unit(self._unit_id))

    def _set_awards(self, _args: tuple, awards: list[TitleChoice]) -> None:
        self.wording_panel.awards = awards
        self.preview.titles = {t.code: t.short_name for t in awards}

    # --- step 1: the year and the unit's papers -------------------------------------------------------------
    def _add_file_fields(self, form: QFormLayout) -> None:
        self.year_box = QSpinBox()
        self.year_box.setRange(1945, 2200)
        self.year_box.setValue(self._year)
        self.year_box.setToolTip("Năm xét khen thưởng của danh sách")
        form.addRow("Năm", self.year_box)
        papers = QWidget()
        column = QVBoxLayout(papers)
        column.setContentsMargins(0, 0, 0, 0)
        self.files_table = QTableWidget(0, 2)
        self.files_table.setHorizontalHeaderLabels(["Loại giấy tờ", "Tệp"])
        self.files_table.verticalHeader().setVisible(False)
        self.files_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.files_table.setColumnWidth(0, 220)
        self.files_table.horizontalHeader().setStretchLastSection(True)
        self.files_table.setFixedHeight(self.files_table.fontMetrics().height() * 7)
        column.addWidget(self.files_table)
        row = QHBoxLayout()
        self.add_file_button = _button(
            "Thêm tệp kèm theo…", "Tờ trình, biên bản họp hội đồng, báo cáo thành tích… của đơn vị"
        )
        self.remove_file_button = _button("Bỏ tệp", "Bỏ tệp đang chọn khỏi hồ sơ")
        self.add_file_button.clicked.connect(self.choose_papers)
        self.remove_file_button.clicked.connect(self.remove_paper)
        row.addWidget(self.add_file_button)
        row.addWidget(self.remove_file_button)
        row.addStretch(1)
        column.addLayout(row)
        form.addRow("Tệp kèm theo", papers)

    def choose_papers(self) -> None:
        folder = pc_settings.read(pc_settings.IMPORT_FOLDER) or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        chosen, _ = file_dialogs.open_file_name(
            self,
            "Chọn tệp kèm theo danh sách",
            str(folder),
            "Văn bản (*.pdf *.doc *.docx *.jpg *.png);;Mọi tệp (*)",
        )
        if chosen:
            self.add_paper(chosen)

    def add_paper(self, path: str | Path) -> None:
        """Keep a paper of the unit for the batch; its kind guessed from its name (changeable in the table)."""
        path = Path(path)
        try:
            content = path.read_bytes()
        except OSError as exc:
            self._file_error(f"Không đọc được tệp “{path.name}”: {exc.strerror or exc}.")
            return
        self.files.append((guess_attachment_kind(path.name), path.name, content))
        self._show_papers()

    def remove_paper(self) -> None:
        row = self.files_table.currentRow()
        if 0 <= row < len(self.files):
            del self.files[row]
            self._show_papers()

    def _show_papers(self) -> None:
        self.files_table.setRowCount(len(self.files))
        for i, (kind, name, _content) in enumerate(self.files):
            combo = QComboBox()
            for k in AttachmentKind:
                combo.addItem(k.label, k)
            combo.setCurrentIndex(combo.findData(kind))
            combo.currentIndexChanged.connect(lambda _x, i=i, combo=combo: self._kind_changed(i, combo))
            self.files_table.setCellWidget(i, 0, combo)
            self.files_table.setItem(i, 1, QTableWidgetItem(name))

    def _kind_changed(self, i: int, combo: QComboBox) -> None:
        _kind, name, content = self.files[i]
        self.files[i] = (combo.currentData(), name, content)

    def mapping_problem(self, mapping: dict[int, str]) -> str:
        return " ".join(column_problems(mapping))

    # --- step 3: the wordings and the rows ---------------------------------------------------------------
    def _build_preview_page(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        self.preview_summary = _note(outer)
        tools = QHBoxLayout()
        self.filter_combo = QComboBox()
        self.filter_combo.addItems(NominationPreviewModel.FILTERS)
        self.filter_combo.setToolTip("Chỉ hiện những dòng cần xem")
        self.accept_probable_button = _button(
            "Nhận các tên không dấu khớp một người",
            "Dòng ghi tên không dấu, cùng ngày sinh với đúng một người đã có: coi là người đó (vẫn sửa được từng dòng)",
        )
        show_label = QLabel("&Hiện:")
        show_label.setBuddy(self.filter_combo)
        tools.addWidget(show_label)
        tools.addWidget(self.filter_combo)
        tools.addStretch(1)
        self.exclude_errors_button = _button(
            "Không nhập các dòng có lỗi",
            "Bỏ dấu chọn mọi dòng đang có lỗi để nhập những dòng còn lại (đánh dấu lại từng dòng nếu cần)",
        )
        tools.addWidget(self.exclude_errors_button)
        tools.addWidget(self.accept_probable_button)
        outer.addLayout(tools)
        self.wording_panel = WordingPanel()
        self.preview = NominationPreviewModel(self, self._unit_label)
        self.preview_view = QTableView()
        self.preview_view.setModel(self.preview)
        self.preview_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview_view.setWordWrap(False)
        self.preview_view.verticalHeader().setVisible(False)
        self.preview_view.verticalHeader().setDefaultSectionSize(
            self.preview_view.fontMetrics().height() + 10
        )
        self.preview_view.horizontalHeader().setStretchLastSection(True)
        self.preview_view.setItemDelegateForColumn(
            NominationPreviewModel.CONFIRM, ConfirmDelegate(self.preview_view)
        )
        for col, width in enumerate((54, 46, 150, 88, 140, 150, 120, 110, 150, 110)):
            self.preview_view.setColumnWidth(col, width)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(self.wording_panel)
        split.addWidget(self.preview_view)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        outer.addWidget(split, 1)
        self.preview_error = _note(outer, "error")
        self.filter_combo.currentIndexChanged.connect(self.preview.set_filter)
        self.accept_probable_button.clicked.connect(self.preview.accept_probable)
        self.exclude_errors_button.clicked.connect(self.preview.exclude_errors)
        self.preview.changed.connect(self._preview_changed)
        self.preview.confirm_changed.connect(self._recheck)
        self.wording_panel.mapped.connect(self.map_wording)
        return page

    def _check(self) -> None:
        """Step 2 -> 3: read the rows and match them, in the background."""
        self.confirmed = {}
        unit = self.unit_combo.current_unit()
        self._start(
            QueryOp(
                self,
                "Đang đối chiếu danh sách với cán bộ, đơn vị và điều kiện khen thưởng…",
                read_and_check,
                self.ctx,
                self.sheet,
                self.mapping(),
                self.year_box.value(),
                unit.id,
            ),
            self._checked,
            self._check_failed,
        )

    def _recheck(self) -> None:
        """The clerk confirmed someone or mapped a wording: the list checked again (verdicts, clashes change)."""
        if self.checked is None:
            return
        self.confirmed = dict(self.preview.confirmed)
        self._start(
            QueryOp(
                self,
                "Đang đối chiếu lại danh sách…",
                check_list,
                self.ctx,
                self.checked.plan.year,
                self.checked.plan.unit_id,
                self.checked.proposals,
                dict(self.confirmed),
                self.checked.histories,
                frozenset(self.preview.left_out()),
            ),
            self._checked,
            self._import_failed,
        )

    def _checked(self, checked: Checked) -> None:
        self.checked = checked
        self.preview_error.setText("")
        self.preview.load_plan(checked.plan, self.confirmed)
        self.wording_panel.load(checked.plan, self.preview.titles)
        self._show_step(2)

    def map_wording(self, text: str, code: str) -> WriteOp:
        """Remember what the unit's wording means, then check the list again."""
        op = WriteOp(
            self.workspace,
            self,
            f"Đang ghi nhớ cách gọi “{text}”…",
            remember_wording,
            text,
            code,
            areas=set(),
        )
        self.preview_error.setText("")
        self._start(op, lambda _id: self._recheck(), self._import_failed)
        return op

    def _preview_changed(self) -> None:
        c = self.preview.counts()
        unit = self.unit_combo.current_unit()
        text = (
            f"{number(c['rows'])} dòng trong tệp; sẽ tạo hồ sơ đề nghị năm {self.year_box.value()} của "
            f"{unit.label if unit else '?'} với {number(c['items'])} đề nghị"
        )
        if self.files:
            text += f" và {number(len(self.files))} tệp kèm theo"
        if c["review"]:
            text += (
                f"; <b>{number(c['review'])} dòng chờ xác nhận</b> (tô xanh, chưa đề nghị: chọn ở cột "
                "“Xác nhận là ai”)"
            )
        if c["unknown"]:
            text += f"; {number(c['unknown'])} dòng không tìm thấy trong cơ sở dữ liệu (không đề nghị, không tạo mới)"
        text += "."
        plan = self.preview.plan
        file_errors = [m for row, m in plan.errors if row is None] if plan else []
        if c["errors"]:
            text += (
                f"<br><span style='color:{ERROR_COLOUR.name()}; font-weight:bold'>Còn {number(c['errors'])} lỗi "
                "(tô đỏ): chưa ghi được gì. Hãy chọn danh hiệu cho cách gọi chưa rõ, hoặc sửa tệp rồi đọc lại."
                + "".join(f" {m}" for m in file_errors)
                + "</span>"
            )
        self.preview_summary.setText(text)
        self.exclude_errors_button.setEnabled(
            any(r.row in self.preview.problems for r in self.preview.people)
        )
        self.accept_probable_button.setEnabled(
            any(len(r.candidates) == 1 and not r.taken for r in self.preview.reviews.values())
        )
        self.preview_view.setColumnHidden(NominationPreviewModel.CONFIRM, not self.preview.reviews)
        self._update_buttons()

    def _can_import(self) -> bool:
        plan = self.preview.plan if self.step == 2 else None
        return not self.busy and plan is not None and not plan.errors and bool(plan.items)

    # --- step 4: the batch ---------------------------------------------------------------------------------
    def start_import(self) -> None:
        if not self._can_import():
            return
        checked = self.checked
        op = WriteOp(
            self.workspace,
            self,
            "Đang tạo hồ sơ đề nghị…",
            import_nomination_list,
            checked.plan.year,
            checked.plan.unit_id,
            checked.proposals,
            dict(self.confirmed),
            [BatchFile(kind, name, content) for kind, name, content in self.files],
            self.path.name,
            checked.histories,
            frozenset(self.preview.left_out()),
            areas={Area.NOMINATIONS},
        )
        self.preview_error.setText("")
        self._start(op, self._imported, self._import_failed)

    def _imported(self, result: NominationImport) -> None:
        self.result_summary = result
        plan = self.checked.plan
        lines = [
            f"Đã tạo hồ sơ “{plan.title}” từ danh sách “{self.path.name}”:",
            f"• Đề nghị: {number(result.items)}",
            f"• Tệp kèm theo: {number(result.attachments)}",
        ]
        if result.left_out:
            lines.append(
                f"• Chưa đề nghị (không tìm thấy, chưa xác nhận là ai, hoặc bỏ không nhập): "
                f"{number(result.left_out)} dòng"
            )
            lines += [
                f"    – {r.full_name} ({r.birth_text or 'tập thể'})" for r in plan.rows if r.match != EXACT
            ][:12]
        self.result_label.setText("\n".join(lines))
        self._show_step(3)
        self.imported.emit(result)
