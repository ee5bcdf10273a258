"""Nhập danh sách cán bộ từ Excel: the steps a clerk goes through with a list a unit sent.

1. the file (.xlsx or .xls), the sheet when there are several, and the receiving unit; the file is
   read in the background (app.exchange.roster.read_roster) and a file that cannot be read says why;
2. the columns: each column of the file with a few sample values and the field it goes to, preset
   from the reader's guesses; what was detected (old encodings, header row, rows left out);
3. the preview: every row, its problems in red, its duplicates (in the file or already in the
   database), a choice per duplicate (skip or update) and per row (import or not); a row nobody can
   match for sure (a name without marks that folds to someone already there, or namesakes of one birth
   date) waits in the "Xác nhận" column for the clerk to say who it is, and is not imported until then;
4. the import, in the background and in one transaction, then a summary.

Only app.services and app.exchange are called; nothing is written before step 4, and a cancelled or
failed import writes nothing either.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QStandardPaths, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.exchange.roster import (
    FIELDS,
    PersonRow,
    RosterSheet,
    column_letter,
    guess_mapping,
    parse_people,
    read_roster,
)
from app.services.records import unit_choices
from app.services.staff import (
    EXACT,
    FOLDED,
    NEAR,
    NEW,
    UNIT,
    DepartmentDecision,
    DepartmentMatch,
    Duplicate,
    ImportCancelled,
    ImportPlan,
    ImportResult,
    ImportTarget,
    IncomingPerson,
    Review,
    import_staff,
    incoming_people,
    load_import_target,
    plan_against,
    resolve_departments,
)
from app.text import fold
from app.text.formatting import birth_text, vn_date
from ui import file_dialogs
from ui import settings as pc_settings
from ui.format import number
from ui.jobs import Loader
from ui.operations import Operation, QueryOp, WriteOp
from ui.widgets.screen_fit import fit_to_screen
from ui.widgets.unit_combo import UnitComboBox
from ui.workspace import Area

SKIP = "(bỏ qua)"
NO_UNIT = "— Chọn đơn vị nhận danh sách —"
STEPS = ("Chọn tệp và đơn vị nhận", "Ghép cột", "Xem trước và kiểm tra", "Kết quả")
SAMPLES = 3
LEGACY = {
    "unicode": "Unicode",
    "tcvn3": "TCVN3 (ABC, phông .VnTime) – đã chuyển sang Unicode",
    "vni": "VNI-Windows (phông VNI-Times) – đã chuyển sang Unicode",
    "mixed": "lẫn Unicode, TCVN3 và VNI – đã chuyển hết sang Unicode",
}
GENDER = {"MALE": "Nam", "FEMALE": "Nữ"}
ERROR_COLOUR = QColor("#b3261e")
ERROR_BACKGROUND = QColor("#fdecea")
DUPLICATE_BACKGROUND = QColor("#fff4d6")
REVIEW_BACKGROUND = QColor("#e3efff")
UNDECIDED = "Chưa xác nhận – không nhập"
CHOOSE = "Nhấp đúp để chọn…"  # the cell of a row nobody has said anything of yet
AS_NEW = "Là người mới"
EXCLUDED_COLOUR = QColor("#9aa4af")
UNEXPECTED = (
    "Chưa nhập được danh sách vì một lỗi không lường trước ({error}). Chưa có gì được ghi vào cơ "
    "sở dữ liệu. Hãy thử lại; nếu vẫn lỗi, hãy sao lưu cơ sở dữ liệu và báo cho người quản trị."
)


IMPORT_AREAS = frozenset({Area.STAFF, Area.UNITS})  # people, and the departments the file names


def _shown(value: object) -> str:
    if isinstance(value, dt.date):
        return vn_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _note(layout, name: str = "", text: str = "") -> QLabel:
    """A word-wrapped label at the end of a layout; the object name picks its colour (muted, error)."""
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    layout.addWidget(label)
    return label


def _button(text: str, tooltip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tooltip)
    button.setAutoDefault(False)  # Enter in a table or combo must not press it
    return button


def _read_file(path: Path, sheet_name: str | None, *, progress, cancelled) -> RosterSheet:
    """Reading the file as a long QueryOp: it stops when the clerk presses Hủy (no steps to report)."""
    return read_roster(path, sheet_name, cancelled=cancelled)


def sample_values(sheet: RosterSheet, index: int, count: int = SAMPLES) -> list[str]:
    """The first few non-empty values of a column, as the clerk would read them."""
    found: list[str] = []
    for source in sheet.rows:
        value = source.cells[index] if index < len(source.cells) else None
        if value is not None:
            found.append(_shown(value))
            if len(found) == count:
                break
    return found


def skipped_lines(skipped: Sequence[tuple[int, str]]) -> list[str]:
    """ "Dòng 1–3: Dòng tiêu đề phía trên bảng": neighbouring rows left out for the same reason together."""
    lines = []
    for reason, group in itertools.groupby(skipped, key=lambda s: s[1]):
        rows = [r for r, _ in group]
        where = f"Dòng {rows[0]}" if len(rows) == 1 else f"Dòng {rows[0]}–{rows[-1]}"
        lines.append(f"{where}: {reason}")
    return lines


def name_column_missing(mapping: dict[int, str]) -> bool:
    fields = set(mapping.values())
    return "full_name" not in fields and not {"family_name", "given_name"} <= fields


@dataclass(frozen=True)
class Checked:
    """What step 2 hands to step 3, worked out off the GUI thread: the people of the file, what they
    are checked against, and the plan with every row kept."""

    people: list[PersonRow]
    incoming: list[IncomingPerson]
    target: ImportTarget
    plan: ImportPlan


def check_people(ctx, sheet: RosterSheet, mapping: dict[int, str], unit_id: int) -> Checked:
    people = parse_people(sheet, mapping)
    incoming = incoming_people(people)
    target = load_import_target(ctx, unit_id, names=[p.full_name for p in incoming])
    return Checked(people, incoming, target, plan_against(target, incoming))


# =============================================================================== departments panel
PENDING_CHOICE = "— Chọn cách xử lý —"
MATCH_TEXT = {
    EXACT: "Đã có trong đơn vị",
    FOLDED: "Đã có (khác cách viết: “{unit}”)",
    UNIT: "Là tên đơn vị nhận: nhập vào đơn vị",
    NEAR: "Chưa có; gần giống: {near}",
    NEW: "Chưa có trong đơn vị",
}
NEAR_BACKGROUND = QColor("#fff4d6")


class DepartmentPanel(QWidget):
    """Step 3's khoa/phòng: each department named in the file, what it matches under the receiving unit,
    and the clerk's choice: an existing department, another name of the file (merge), a new department,
    or none (the unit itself). A department with no sure match waits for a choice; nothing is created
    otherwise (the import stays disabled while any waits)."""

    changed = Signal()
    NAME, PEOPLE, MATCH, CHOICE = range(4)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Khoa, phòng trong tệp", "Số người", "Đối chiếu", "Xử lý"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(self.MATCH, QHeaderView.ResizeMode.Stretch)
        for col, width in ((self.NAME, 220), (self.PEOPLE, 70), (self.CHOICE, 300)):
            self.table.setColumnWidth(col, width)
        layout.addWidget(self.table, 1)
        self.matches: list[DepartmentMatch] = []
        self.combos: list[QComboBox] = []
        self.kept: set[str] | None = None  # folded departments of the rows kept (set by the wizard)
        self.choices: list[list[tuple[str, object] | None]] = []

    def load(self, matches: Sequence[DepartmentMatch], existing: Sequence[tuple[int, str]]) -> None:
        self.matches = list(matches)
        self.combos, self.choices = [], []
        self.table.setRowCount(len(self.matches))
        names = [m.name for m in self.matches]
        for row, m in enumerate(self.matches):
            self.table.setItem(row, self.NAME, QTableWidgetItem(m.name))
            count = QTableWidgetItem(number(m.people))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, self.PEOPLE, count)
            unit = next((n for uid, n in existing if uid == m.unit_id), "")
            text = MATCH_TEXT[m.kind].format(unit=unit, near=", ".join(f"“{n}”" for _id, n in m.near))
            if m.near_in_file:
                text += "; gần giống tên khác trong tệp: " + ", ".join(f"“{n}”" for n in m.near_in_file)
            match = QTableWidgetItem(text)
            match.setToolTip(text)
            if not m.decided or m.near_in_file:
                for col in (self.NAME, self.PEOPLE):
                    self.table.item(row, col).setBackground(NEAR_BACKGROUND)
                match.setBackground(NEAR_BACKGROUND)
            self.table.setItem(row, self.MATCH, match)
            combo = QComboBox()
            combo.setAccessibleName(f"Xử lý khoa, phòng {m.name}")
            choices: list[tuple[str, tuple[str, object] | None]] = []  # (text, (kind, value)); None: pending
            if not m.decided:
                choices.append((PENDING_CHOICE, None))
            near_ids = [uid for uid, _n in m.near]
            ordered = list(m.near) + [(uid, n) for uid, n in existing if uid not in near_ids]
            for uid, n in ordered:
                tag = " (gần giống)" if uid in near_ids else ""
                choices.append((f"Đưa vào “{n}” (đã có){tag}", ("unit", uid)))
            for other in sorted(names, key=lambda n: (n not in m.near_in_file, n)):
                if other != m.name:
                    choices.append((f"Gộp với “{other}” (tên khác trong tệp)", ("merge", other)))
            choices.append((f"Tạo khoa, phòng mới “{m.name}”", ("create", m.name)))
            choices.append(("Không ghi khoa, phòng (nhập vào đơn vị)", ("none", None)))
            combo.addItems([text for text, _data in choices])
            if m.decided:
                wanted = ("unit", m.unit_id) if m.unit_id is not None else ("none", None)
                keys = [data for _text, data in choices]
                combo.setCurrentIndex(keys.index(wanted) if wanted in keys else keys.index(("none", None)))
            combo.currentIndexChanged.connect(self._changed)
            self.table.setCellWidget(row, self.CHOICE, combo)
            self.combos.append(combo)
            self.choices.append([data for _text, data in choices])
        self._changed()

    def choose(self, name: str, kind: str, value: object = None) -> None:
        """Pick a choice for one department, as the clerk would in its drop-down (tests, keyboard)."""
        row = [m.name for m in self.matches].index(name)
        self.combos[row].setCurrentIndex(self.choices[row].index((kind, value)))

    def decisions(self) -> dict[str, DepartmentDecision]:
        out: dict[str, DepartmentDecision] = {}
        for m, combo, choices in zip(self.matches, self.combos, self.choices, strict=True):
            data = choices[combo.currentIndex()] if combo.currentIndex() >= 0 else None
            if data is None:
                continue
            kind, value = data
            out[m.name] = value  # an existing unit's id, None (the unit itself), or a name to create
        return out

    def pending(self, kept: set[str] | None = None) -> list[str]:
        """The departments still waiting for a choice; ``kept``: only these (folded) names, the departments
        of the rows to be imported (a department whose rows are all left out needs no choice)."""
        _resolved, pending = resolve_departments(self.matches, self.decisions())
        return pending if kept is None else [n for n in pending if fold(n) in kept]

    def counts(self) -> dict[str, int]:
        decisions = self.decisions()
        created = {
            v for k, v in decisions.items() if isinstance(v, str) and v == k
        }  # merges into these are not more departments
        return {
            "all": len(self.matches),
            "existing": sum(1 for v in decisions.values() if isinstance(v, int) or v is None),
            "create": len(created),
            "pending": len(self.pending(self.kept)),
        }

    def set_kept(self, kept: set[str]) -> None:
        """The wizard's rows to import changed: only their departments need a choice."""
        if kept != self.kept:
            self.kept = kept
            self._show_summary()

    def _changed(self, *_args) -> None:
        self._show_summary()
        self.changed.emit()

    def _show_summary(self) -> None:
        c = self.counts()
        if not self.matches:
            self.summary.setText("Tệp không ghi khoa, phòng: mọi người được nhập vào đơn vị nhận.")
        else:
            text = (
                f"Khoa, phòng ghi trong tệp: {number(c['all'])} – {number(c['existing'])} đưa vào khoa, phòng "
                f"đã có, {number(c['create'])} tạo mới"
            )
            if c["pending"]:
                text += (
                    f"; <b>{number(c['pending'])} cần chọn cách xử lý</b> (tô vàng: chưa có hoặc gần giống tên "
                    "đã có): chưa chọn thì không nhập được"
                )
            self.summary.setText(text + ".")


# ==================================================================================== preview model
class PreviewModel(QAbstractTableModel):
    """Every row of the file with its problems and duplicates; the clerk ticks what to import/update.

    Duplicates within the file depend on which rows are kept, so they are worked out again (in memory,
    against the people loaded once) whenever a row that shares its name and birth date with another
    row is ticked or unticked.
    """

    changed = Signal()
    HEADERS = (
        "Nhập",
        "Dòng",
        "Họ và tên",
        "Giới tính",
        "Ngày sinh",
        "Chức vụ",
        "Chức danh nghề nghiệp",
        "Khoa, phòng",
        "Xử lý",
        "Xác nhận người đã có",
        "Lỗi, trùng lặp",
    )
    KEEP, ROW, NAME, GENDER, BIRTH, POSITION, TITLE, DEPARTMENT, ACTION, CONFIRM, CHECK = range(11)
    OPTIONAL = {TITLE: "professional_title", DEPARTMENT: "department", POSITION: "position"}
    FILTERS = ("Tất cả các dòng", "Dòng có lỗi", "Dòng trùng", "Dòng cần xác nhận")

    def __init__(self, parent=None, unit_label=lambda _unit_id, name: name or ""):
        super().__init__(parent)
        self.unit_label = unit_label  # (unit id, unit name) -> how to name the unit of a duplicate
        self.people: list[PersonRow] = []
        self.incoming: list[IncomingPerson] = []
        self.target: ImportTarget | None = None
        self.shared_rows: set[int] = set()
        self.keep: list[bool] = []
        self.problems: dict[int, list[str]] = {}  # Excel row -> problems
        self.duplicates: dict[int, Duplicate] = {}  # Excel row -> duplicate (of the rows kept)
        self.update_rows: set[int] = set()  # Excel rows of database duplicates to update
        self.reviews: dict[int, Review] = {}  # Excel row -> a row nobody can match for sure
        self.confirmed: dict[
            int, int | None
        ] = {}  # Excel row -> the person the clerk named, None: someone new
        self.shown: list[int] = []  # indices into people, after the filter
        self.filter = 0

    # --- state ---------------------------------------------------------------------------------------
    def load(self, checked: Checked) -> None:
        self.beginResetModel()
        self.people, self.incoming, self.target = checked.people, checked.incoming, checked.target
        self.keep = [True] * len(self.people)
        self.problems = {}
        for row, message in checked.plan.errors:
            self.problems.setdefault(row, []).append(message)
        self.update_rows = set()
        self.reviews = {r.person.row: r for r in checked.plan.review}
        self.confirmed = {}
        self._use_duplicates(checked.plan.duplicates)
        # Only these rows share a name and birth date with another row of the file: ticking any other
        # row cannot change who is whose duplicate.
        self.shared_rows = {
            row
            for d in checked.plan.duplicates
            if d.existing_id is None
            for row in (d.person.row, d.first_row)
        }
        self._apply_filter()
        self.endResetModel()
        self.changed.emit()

    def _use_duplicates(self, duplicates: Sequence[Duplicate]) -> None:
        self.duplicates = {d.person.row: d for d in duplicates}
        self.update_rows &= {row for row in self.update_rows if self.existing_id(row)}

    def existing_id(self, row: int) -> int | None:
        """The person already in the database a row stands for: found, or named by the clerk."""
        d = self.duplicates.get(row)
        return d.existing_id if d is not None else self.confirmed.get(row)

    # --- rows for review ----------------------------------------------------------------------------------
    def review_choices(self, row: int) -> list[tuple[str, object]]:
        """What the clerk may say of a row for review: not yet, one of the people it may be, someone new."""
        r = self.reviews[row]
        people = [
            (f"Là {k.full_name} – {self.unit_label(k.unit_id, k.unit_name) or 'chưa có đơn vị'}", k.id)
            for k in r.candidates
        ]
        return [(UNDECIDED, UNDECIDED), *people, (AS_NEW, None)]

    def confirm(self, row: int, choice: object) -> None:
        """choice: a candidate's id, None for someone new, UNDECIDED to leave the row out."""
        if row not in self.reviews:
            return
        if choice == UNDECIDED:
            self.confirmed.pop(row, None)
        elif choice is None or choice in {k.id for k in self.reviews[row].candidates}:
            self.confirmed[row] = choice
        if not self.existing_id(row):
            self.update_rows.discard(row)
        self._refresh()

    def accept_probable(self) -> None:
        """Take every row whose name without marks folds to exactly one person as that person."""
        for row, r in self.reviews.items():
            if r.acceptable and row not in self.confirmed:
                self.confirmed[row] = r.candidates[0].id
        self._refresh()

    def review_text(self, row: int) -> str:
        r = self.reviews[row]
        who = ", ".join(
            f"{k.full_name} ({self.unit_label(k.unit_id, k.unit_name) or 'chưa có đơn vị'})"
            for k in r.candidates
        )
        if r.probable:
            return f"Có thể là {who} (tên trong tệp không dấu)"
        return f"{len(r.candidates)} người cùng họ tên và ngày sinh: {who}"

    def decisions(self) -> tuple[dict[int, int], list[int]]:
        """The clerk's word on the rows kept: (row -> the person it is, rows of someone new)."""
        kept = set(self.kept_rows())
        same = {row: pid for row, pid in self.confirmed.items() if row in kept and pid is not None}
        return same, [row for row, pid in self.confirmed.items() if row in kept and pid is None]

    def _apply_filter(self) -> None:
        if self.filter == 1:
            self.shown = [i for i, p in enumerate(self.people) if p.row in self.problems]
        elif self.filter == 2:
            self.shown = [i for i, p in enumerate(self.people) if p.row in self.duplicates]
        elif self.filter == 3:
            self.shown = [i for i, p in enumerate(self.people) if p.row in self.reviews]
        else:
            self.shown = list(range(len(self.people)))

    def set_filter(self, which: int) -> None:
        self.beginResetModel()
        self.filter = which
        self._apply_filter()
        self.endResetModel()

    def kept_rows(self) -> list[int]:
        return [p.row for p, k in zip(self.people, self.keep, strict=True) if k]

    def kept_people(self):
        return [p for p, k in zip(self.incoming, self.keep, strict=True) if k]

    def kept_errors(self) -> list[int]:
        return [p.row for p, k in zip(self.people, self.keep, strict=True) if k and p.row in self.problems]

    def set_kept(self, indices: Sequence[int], keep: bool) -> None:
        """Tick or untick rows (indices into people)."""
        touches_duplicates = False
        for i in indices:
            if self.keep[i] != keep:
                self.keep[i] = keep
                touches_duplicates = touches_duplicates or self.people[i].row in self.shared_rows
        if touches_duplicates:
            kept = [p for p, k in zip(self.incoming, self.keep, strict=True) if k]
            self._use_duplicates(plan_against(self.target, kept).duplicates)
            if self.filter == 2:
                self.set_filter(2)
        self._refresh()

    def exclude_errors(self) -> None:
        self.set_kept([i for i, p in enumerate(self.people) if p.row in self.problems], False)

    def set_update(self, rows: Sequence[int], update: bool) -> None:
        for row in rows:
            if self.existing_id(row):
                (self.update_rows.add if update else self.update_rows.discard)(row)
        self._refresh()

    def set_update_all(self, update: bool) -> None:
        self.set_update([*self.duplicates, *self.confirmed], update)

    def _refresh(self) -> None:
        if self.shown:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.shown) - 1, len(self.HEADERS) - 1))
        self.changed.emit()

    def counts(self) -> dict[str, int]:
        kept = [p.row for p, k in zip(self.people, self.keep, strict=True) if k]
        in_database = [r for r, d in self.duplicates.items() if d.existing_id]
        errors = [r for r in kept if r in self.problems]
        same, new = self.decisions()
        reviews = [r for r in kept if r in self.reviews]
        return {
            "rows": len(self.people),
            "kept": len(kept),
            "errors": len(errors),
            "in_database": len(in_database) + len(same),
            "in_file": len(self.duplicates) - len(in_database),
            "update": len(self.update_rows),
            "review": len(reviews) - len(same) - len(new),
            "new": len(kept) - len(errors) - len(self.duplicates) - len(reviews) + len(new),
        }

    # --- Qt --------------------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self.shown)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt's name
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def person_at(self, row: int) -> tuple[int, PersonRow]:
        i = self.shown[row]
        return i, self.people[i]

    def flags(self, index):
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.KEEP:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        elif index.column() == self.ACTION:
            i, person = self.person_at(index.row())
            if self.keep[i] and self.existing_id(person.row):
                flags |= Qt.ItemFlag.ItemIsUserCheckable
        elif index.column() == self.CONFIRM:
            i, person = self.person_at(index.row())
            if self.keep[i] and person.row in self.reviews:
                flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def action(self, i: int, person: PersonRow) -> str:
        if not self.keep[i]:
            return "Không nhập"
        if person.row in self.problems:
            return "Có lỗi"
        if person.row in self.reviews and person.row not in self.confirmed:
            return "Chờ xác nhận"
        if not self.existing_id(person.row) and person.row not in self.duplicates:
            return "Thêm mới"
        return "Cập nhật" if person.row in self.update_rows else "Bỏ qua"

    def confirm_text(self, row: int) -> str:
        if row not in self.reviews:
            return ""
        if row not in self.confirmed:
            return CHOOSE
        return next(text for text, value in self.review_choices(row) if value == self.confirmed[row])

    def duplicate_text(self, person: PersonRow) -> str:
        d = self.duplicates.get(person.row)
        if d is None:
            return ""
        if d.existing_id:
            return f"Đã có: {self.unit_label(d.existing_unit_id, d.existing_unit) or '(chưa có đơn vị)'}"
        return f"Trùng dòng {d.first_row} trong tệp"

    def check_text(self, person: PersonRow) -> str:
        problems = self.problems.get(person.row)
        if problems:
            return "; ".join(problems)
        return self.review_text(person.row) if person.row in self.reviews else self.duplicate_text(person)

    def empty_columns(self) -> list[int]:
        """Optional columns no row fills (a list without titles, say) and "Xác nhận người đã có" when no row
        waits for the clerk: not worth the width."""
        empty = [col for col, name in self.OPTIONAL.items() if not any(getattr(p, name) for p in self.people)]
        return empty if self.reviews else [*empty, self.CONFIRM]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        col = index.column()
        i, p = self.person_at(index.row())
        kept = self.keep[i]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.KEEP:
                return None
            if col == self.ROW:
                return p.row
            if col == self.CHECK:
                return self.check_text(p)
            if col == self.ACTION:
                return self.action(i, p)
            if col == self.CONFIRM:
                return self.confirm_text(p.row)
            value = (
                None,
                None,
                p.full_name,
                GENDER.get(p.gender or ""),
                birth_text(p.birth_date, p.birth_year),
                p.position,
                p.professional_title,
                p.department,
            )[col]
            return value or ""
        if role == Qt.ItemDataRole.CheckStateRole:
            if col == self.KEEP:
                return Qt.CheckState.Checked if kept else Qt.CheckState.Unchecked
            if col == self.ACTION and kept and self.existing_id(p.row):
                return Qt.CheckState.Checked if p.row in self.update_rows else Qt.CheckState.Unchecked
            return None
        if role == Qt.ItemDataRole.EditRole and col == self.CONFIRM and p.row in self.reviews:
            return self.confirmed.get(p.row, UNDECIDED)
        if role == Qt.ItemDataRole.ForegroundRole:
            if not kept:
                return EXCLUDED_COLOUR
            if p.row in self.problems and col in (self.CHECK, self.ACTION):
                return ERROR_COLOUR
            return None
        if role == Qt.ItemDataRole.BackgroundRole and kept:
            if p.row in self.problems:
                return ERROR_BACKGROUND
            if p.row in self.reviews:
                return REVIEW_BACKGROUND
            if p.row in self.duplicates:
                return DUPLICATE_BACKGROUND
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.KEEP:
                return "Bỏ dấu để không nhập dòng này"
            if col == self.ACTION and self.existing_id(p.row):
                return "Đánh dấu để cập nhật người đã có bằng thông tin trong tệp; bỏ dấu để bỏ qua dòng này"
            if col == self.CONFIRM and p.row in self.reviews:
                return (
                    "Nhấp đúp (hoặc F2) để chọn: dòng này là người nào đã có, hoặc là người mới. "
                    "Chưa xác nhận thì dòng này không được nhập"
                )
            if col == self.CHECK and p.row in self.reviews and p.row not in self.problems:
                return self.review_text(p.row)
            if col == self.CHECK and p.row in self.problems:
                return "\n".join(self.problems[p.row])
            if col == self.CHECK and p.row in self.duplicates:
                return self.duplicate_text(p)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.ROW, self.GENDER, self.BIRTH):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802 - Qt's name
        if role == Qt.ItemDataRole.EditRole and index.isValid() and index.column() == self.CONFIRM:
            self.confirm(self.person_at(index.row())[1].row, value)
            return True
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        i, p = self.person_at(index.row())
        if index.column() == self.KEEP:
            self.set_kept([i], checked)
            return True
        if index.column() == self.ACTION:
            self.set_update([p.row], checked)
            return True
        return False


class ConfirmDelegate(QStyledItemDelegate):
    """A double-click (or F2) in "Xác nhận người đã có": who the row is, from a list."""

    def createEditor(self, parent, option, index):  # noqa: N802 - Qt's name
        combo = QComboBox(parent)
        model = index.model()
        for text, value in model.review_choices(model.person_at(index.row())[1].row):
            combo.addItem(text, value)
        # The cell is narrower than "Là <name> – <unit>": the list shows the whole of each choice.
        combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 2 * combo.view().frameWidth() + 24)
        combo.activated.connect(lambda _i: (self.commitData.emit(combo), self.closeEditor.emit(combo)))
        return combo

    def setEditorData(self, editor: QComboBox, index):  # noqa: N802 - Qt's name
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QComboBox, model, index):  # noqa: N802 - Qt's name
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


# ========================================================================================== wizard
class ImportWizard(QDialog):
    """The wizard; `result_summary` holds the ImportResult once a list has been imported.

    Other lists that are staff lists with more columns (a unit's registration list, its nomination list)
    subclass it: the class
    attributes below name the fields and the words, `_add_file_fields` adds to step 1, `mapping_problem`
    says what step 2 still lacks, and steps 3 and 4 are theirs."""

    step_changed = Signal(int)
    imported = Signal(object)  # ImportResult
    FIELDS = FIELDS
    STEPS = STEPS
    WINDOW_TITLE = "Nhập danh sách cán bộ từ Excel"
    NO_UNIT = NO_UNIT
    UNIT_LABEL = "Đơn vị nhận"
    UNIT_TIP = (
        "Đơn vị gửi danh sách: cán bộ được nhập vào đơn vị này "
        "(khoa, phòng ghi trong tệp được đối chiếu với khoa, phòng của đơn vị ở bước 3)"
    )

    def __init__(self, workspace, parent: QWidget | None = None, path: str | Path | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.ctx = workspace.ctx
        self.path: Path | None = None
        self.sheet: RosterSheet | None = None
        self.task: Operation | None = None  # the read or write running now
        self.result_summary: ImportResult | None = None
        self.department_panel: DepartmentPanel | None = None  # step 3 of the staff list (not a subclass's)
        self.excluded_count = 0
        self._close_when_idle = False
        self.setWindowTitle(self.WINDOW_TITLE)
        self.setModal(True)
        fit_to_screen(self, 1260, 680)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        self.step_label = QLabel()
        self.step_label.setObjectName("sectionTitle")
        layout.addWidget(self.step_label)
        self.stack = QStackedWidget()
        self.file_page = self._build_file_page()
        self.mapping_page = self._build_mapping_page()
        self.preview_page = self._build_preview_page()
        self.result_page = self._build_result_page()
        for page in (self.file_page, self.mapping_page, self.preview_page, self.result_page):
            self.stack.addWidget(page)
        layout.addWidget(self.stack, 1)

        buttons = QHBoxLayout()
        self.back_button = _button("Quay lại")
        self.next_button = _button("Tiếp theo")
        self.import_button = _button(
            "Nhập", "Ghi các dòng đã đánh dấu vào cơ sở dữ liệu (một lần, tất cả hoặc không)"
        )
        self.cancel_button = _button("Hủy")
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button.clicked.connect(self.reject)
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.import_button, self.cancel_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)

        self._units = Loader(partial(unit_choices, self.ctx), self)
        self._units.loaded.connect(self._units_loaded)
        self._units.failed.connect(lambda exc: self._file_error(f"Không đọc được danh sách đơn vị: {exc}"))
        self._units.request()
        self._show_step(0)
        if path is not None:
            self.open_file(path)

    def _units_loaded(self, _args: tuple, units) -> None:
        self.unit_combo.set_units(units)

    # --- step 1: the file ------------------------------------------------------------------------------
    def _build_file_page(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("Chưa chọn tệp")
        self.browse_button = _button("Chọn tệp…")
        self.browse_button.clicked.connect(self.choose_file)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        form.addRow("Tệp danh sách", row)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setToolTip("Tệp có nhiều trang tính: chọn trang có danh sách cán bộ")
        self.sheet_combo.activated.connect(self._sheet_chosen)
        self.sheet_label = QLabel("Trang tính")
        form.addRow(self.sheet_label, self.sheet_combo)
        self.unit_combo = UnitComboBox(self.NO_UNIT)
        self.unit_combo.setToolTip(self.UNIT_TIP)
        self.unit_combo.currentIndexChanged.connect(self._update_buttons)
        form.addRow(self.UNIT_LABEL, self.unit_combo)
        self._add_file_fields(form)
        outer.addLayout(form)
        self.file_status = _note(outer)
        self.file_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        _note(
            outer,
            "muted",
            "Chọn tệp Excel (.xlsx hoặc .xls) đơn vị gửi. Tệp cũ gõ bằng phông TCVN3 (.VnTime) "
            "hoặc VNI được tự chuyển sang Unicode; các dòng tiêu đề, dòng đánh số cột, dòng tổng cộng và phần ký "
            "tên được tự bỏ qua. Chưa có gì được ghi cho đến khi bấm “Nhập” ở bước 3.",
        )
        outer.addStretch(1)
        self._set_sheets([])
        return page

    def _add_file_fields(self, form: QFormLayout) -> None:
        """More fields of step 1, for a subclass."""

    def choose_file(self) -> None:
        folder = pc_settings.read(pc_settings.IMPORT_FOLDER) or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        chosen, _ = file_dialogs.open_file_name(
            self, "Chọn tệp danh sách cán bộ", str(folder), "Tệp Excel (*.xlsx *.xls);;Mọi tệp (*)"
        )
        if chosen:
            pc_settings.write(pc_settings.IMPORT_FOLDER, str(Path(chosen).parent))
            self.open_file(chosen)

    def open_file(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path_edit.setText(str(self.path))
        self._set_sheets([])
        self._read(None)

    def _sheet_chosen(self, _index: int) -> None:
        name = self.sheet_combo.currentText()
        if self.path is not None and (self.sheet is None or name != self.sheet.sheet_name):
            self._read(name)

    def _set_sheets(self, names: list[str], current: str | None = None) -> None:
        self.sheet_combo.clear()
        self.sheet_combo.addItems(names)
        if current is not None:
            self.sheet_combo.setCurrentText(current)
        several = len(names) > 1
        self.sheet_combo.setVisible(several)
        self.sheet_label.setVisible(several)

    def _read(self, sheet_name: str | None) -> None:
        path = self.path
        self.sheet = None
        self.file_status.setObjectName("muted")
        self._set_status(f"Đang đọc tệp “{path.name}”…")

        self._start(
            QueryOp(self, f"Đang đọc tệp “{path.name}”…", _read_file, path, sheet_name, long=True),
            self._read_done,
            self._read_failed,
        )

    def _read_done(self, sheet: RosterSheet) -> None:
        self.sheet = sheet
        self._set_sheets(sheet.sheet_names, sheet.sheet_name)
        where = f"trang “{sheet.sheet_name}”" if len(sheet.sheet_names) > 1 else "tệp"
        self.file_status.setObjectName("")
        self._set_status(
            f"Đã đọc {number(len(sheet.rows))} dòng danh sách từ {where} "
            f"(tiêu đề ở dòng {sheet.header_row}). Bấm “Tiếp theo” để ghép cột."
        )
        self._load_mapping(sheet)

    def _read_failed(self, exc: Exception) -> None:
        self._file_error(self._message(exc))

    def _file_error(self, text: str) -> None:
        self.file_status.setObjectName("error")
        self._set_status(text)

    def _set_status(self, text: str) -> None:
        self.file_status.setText(text)
        self.file_status.style().unpolish(self.file_status)  # the object name picks the colour
        self.file_status.style().polish(self.file_status)
        self._update_buttons()

    # --- step 2: the columns ---------------------------------------------------------------------------
    def _build_mapping_page(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        self.detected_label = _note(outer)
        self.skipped_list = QListWidget()
        self.skipped_list.setToolTip("Những dòng trong tệp không phải là một người, được tự bỏ qua")
        outer.addWidget(self.skipped_list)
        heading = QHBoxLayout()
        title = QLabel("Mỗi cột trong tệp lấy làm thông tin gì (chương trình đã đoán sẵn, có thể sửa):")
        heading.addWidget(title, 1)
        self.reset_mapping_button = _button(
            "Đặt lại như đoán", "Chọn lại cho mọi cột như chương trình đã đoán"
        )
        self.reset_mapping_button.clicked.connect(lambda: self.sheet and self._load_mapping(self.sheet))
        heading.addWidget(self.reset_mapping_button)
        outer.addLayout(heading)
        self.mapping_table = QTableWidget(0, 4)
        self.mapping_table.setHorizontalHeaderLabels(
            ["Cột", "Tiêu đề trong tệp", "Lấy làm", "Ví dụ trong tệp"]
        )
        self.mapping_table.verticalHeader().setVisible(False)
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.mapping_table.setWordWrap(False)
        header = self.mapping_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        outer.addWidget(self.mapping_table, 1)
        self.mapping_warning = _note(outer, "error")
        return page

    def _load_mapping(self, sheet: RosterSheet) -> None:
        guesses = guess_mapping(sheet, self.FIELDS)
        table = self.mapping_table
        table.setRowCount(len(sheet.columns))
        self.field_combos: list[QComboBox] = []
        for r, column in enumerate(sheet.columns):
            table.setItem(r, 0, QTableWidgetItem(column_letter(column.index)))
            header = QTableWidgetItem(column.header or "(không có tiêu đề)")
            if not column.header:
                header.setForeground(EXCLUDED_COLOUR)
            header.setToolTip(column.header)
            table.setItem(r, 1, header)
            samples = sample_values(sheet, column.index)
            example = QTableWidgetItem("  ·  ".join(samples))
            example.setToolTip("\n".join(samples))
            table.setItem(r, 3, example)
            combo = QComboBox()
            combo.addItem(SKIP, None)
            for code, label in self.FIELDS.items():
                combo.addItem(label, code)
            combo.setCurrentIndex(max(combo.findData(guesses.get(column.index)), 0))
            guess = guesses.get(column.index)
            combo.setToolTip(f"Chương trình đoán: {self.FIELDS[guess] if guess else SKIP}")
            combo.currentIndexChanged.connect(self._mapping_changed)
            table.setCellWidget(r, 2, combo)
            self.field_combos.append(combo)
        table.resizeColumnToContents(1)
        table.setColumnWidth(1, min(table.columnWidth(1), 300))
        table.setColumnWidth(2, 250)
        legacy = LEGACY.get(sheet.legacy, sheet.legacy)
        self.detected_label.setText(
            f"Tệp “{sheet.file_name}”, trang “{sheet.sheet_name}”: dòng tiêu đề là dòng {sheet.header_row}, "
            f"{number(len(sheet.rows))} dòng danh sách. Bảng mã: {legacy}. "
            + (
                f"Đã bỏ qua {number(len(sheet.skipped))} dòng không phải là người:"
                if sheet.skipped
                else "Không có dòng nào bị bỏ qua."
            )
        )
        self.skipped_list.clear()
        lines = skipped_lines(sheet.skipped)
        self.skipped_list.addItems(lines)
        self.skipped_list.setVisible(bool(lines))
        if lines:  # as tall as its lines, up to four
            self.skipped_list.setFixedHeight(
                self.skipped_list.sizeHintForRow(0) * min(len(lines), 4)
                + 2 * self.skipped_list.frameWidth()
                + 2
            )
        self._mapping_changed()

    def mapping(self) -> dict[int, str]:
        if self.sheet is None:
            return {}
        return {
            self.sheet.columns[r].index: combo.currentData()
            for r, combo in enumerate(self.field_combos)
            if combo.currentData()
        }

    def set_field(self, column_index: int, code: str | None) -> None:
        """Map a column (0 = A) to a field, as the clerk does with the combo box."""
        row = next(r for r, c in enumerate(self.sheet.columns) if c.index == column_index)
        combo = self.field_combos[row]
        combo.setCurrentIndex(combo.findData(code) if code else 0)

    def mapping_problem(self, mapping: dict[int, str]) -> str:
        """Why the columns chosen cannot be read yet ("" when they can)."""
        if name_column_missing(mapping):
            return (
                "Chưa có cột “Họ và tên”. Hãy chọn “Họ và tên” cho cột chứa họ tên người (hoặc “Họ và chữ đệm” "
                "và “Tên” cho hai cột tách riêng) – không có cột này thì không nhập được danh sách."
            )
        return ""

    def _mapping_changed(self) -> None:
        self.mapping_warning.setText(self.mapping_problem(self.mapping()))
        self._update_buttons()

    # --- step 3: the preview ---------------------------------------------------------------------------
    def _build_preview_page(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        self.preview_summary = _note(outer)
        tools = QHBoxLayout()
        self.filter_combo = QComboBox()
        self.filter_combo.addItems(PreviewModel.FILTERS)
        self.filter_combo.setToolTip("Chỉ hiện những dòng cần xem")
        self.exclude_errors_button = _button(
            "Bỏ các dòng lỗi", "Bỏ dấu “Nhập” ở mọi dòng có lỗi: các dòng còn lại vẫn nhập được"
        )
        self.update_all_button = _button(
            "Chọn tất cả cập nhật", "Cập nhật mọi người đã có trong cơ sở dữ liệu bằng thông tin trong tệp"
        )
        self.skip_all_button = _button("Chọn tất cả bỏ qua", "Giữ nguyên mọi người đã có trong cơ sở dữ liệu")
        self.accept_probable_button = _button(
            "Nhận các tên không dấu khớp một người",
            "Dòng ghi tên không dấu, cùng ngày sinh với đúng một người đã có: coi là người đó (vẫn sửa được từng dòng)",
        )
        show_label = QLabel("&Hiện:")
        show_label.setBuddy(self.filter_combo)  # Alt+H
        tools.addWidget(show_label)
        tools.addWidget(self.filter_combo)
        tools.addStretch(1)
        for button in (
            self.exclude_errors_button,
            self.accept_probable_button,
            self.update_all_button,
            self.skip_all_button,
        ):
            tools.addWidget(button)
        outer.addLayout(tools)
        self.preview = PreviewModel(self, self._unit_label)
        self.preview_view = QTableView()
        self.preview_view.setModel(self.preview)
        self.preview_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview_view.setWordWrap(False)
        self.preview_view.verticalHeader().setVisible(False)
        self.preview_view.verticalHeader().setDefaultSectionSize(
            self.preview_view.fontMetrics().height() + 10
        )
        header = self.preview_view.horizontalHeader()
        header.setStretchLastSection(True)
        self.preview_view.setItemDelegateForColumn(PreviewModel.CONFIRM, ConfirmDelegate(self.preview_view))
        widths = (50, 50, 170, 76, 88, 120, 175, 140, 110, 190)
        for col, width in enumerate(widths):
            self.preview_view.setColumnWidth(col, width)
        self.department_panel = DepartmentPanel()
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(self.department_panel)
        split.addWidget(self.preview_view)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        outer.addWidget(split, 1)
        self.preview_error = _note(outer, "error")
        self.department_panel.changed.connect(self._preview_changed)
        self.filter_combo.currentIndexChanged.connect(self.preview.set_filter)
        self.exclude_errors_button.clicked.connect(self.preview.exclude_errors)
        self.update_all_button.clicked.connect(lambda: self.preview.set_update_all(True))
        self.skip_all_button.clicked.connect(lambda: self.preview.set_update_all(False))
        self.accept_probable_button.clicked.connect(self.preview.accept_probable)
        self.preview.changed.connect(self._preview_changed)
        return page

    def _check(self) -> None:
        """Step 2 -> 3: turn the rows into people and look for duplicates, in the background."""
        sheet, mapping, unit = self.sheet, self.mapping(), self.unit_combo.current_unit()
        self._start(
            QueryOp(self, "Đang kiểm tra danh sách…", check_people, self.ctx, sheet, mapping, unit.id),
            self._checked,
            self._check_failed,
        )

    def _checked(self, checked: Checked) -> None:
        self.preview_error.setText("")
        self.filter_combo.setCurrentIndex(0)
        self.preview.load(checked)
        self.department_panel.load(checked.plan.departments, checked.target.departments)
        empty = self.preview.empty_columns()
        for col in (*PreviewModel.OPTIONAL, PreviewModel.CONFIRM):
            self.preview_view.setColumnHidden(col, col in empty)
        self._show_step(2)

    def _unit_label(self, unit_id: int | None, name: str | None) -> str:
        unit = self.unit_combo.units.get(unit_id) if unit_id is not None else None
        return unit.label if unit is not None else name or ""

    def _check_failed(self, exc: Exception) -> None:
        self.mapping_warning.setText(self._message(exc))

    def _preview_changed(self) -> None:
        c = self.preview.counts()
        unit = self.unit_combo.current_unit()
        parts = [
            f"{number(c['rows'])} dòng trong tệp, sẽ nhập vào {unit.label if unit else '?'}: "
            f"{number(c['new'])} người mới"
        ]
        if c["in_database"]:
            parts.append(
                f"{number(c['in_database'])} người đã có trong cơ sở dữ liệu "
                f"({number(c['update'])} cập nhật, {number(c['in_database'] - c['update'])} bỏ qua)"
            )
        if c["in_file"]:
            parts.append(f"{number(c['in_file'])} dòng trùng với dòng khác trong tệp (bỏ qua)")
        if c["review"]:
            parts.append(
                f"<b>{number(c['review'])} dòng chờ xác nhận</b> (tô xanh, chưa nhập: chọn ở cột "
                "“Xác nhận người đã có”)"
            )
        if c["rows"] - c["kept"]:
            parts.append(f"{number(c['rows'] - c['kept'])} dòng không nhập")
        panel = self.department_panel
        panel.set_kept({fold(p.department) for p in self.preview.kept_people() if p.department})
        d = panel.counts()
        if d["create"]:
            parts.append(f"{number(d['create'])} khoa, phòng mới sẽ được tạo")
        text = "; ".join(parts) + "."
        if d["pending"]:
            text += (
                f"<br><span style='color:{ERROR_COLOUR.name()}; font-weight:bold'>Còn {number(d['pending'])} "
                "khoa, phòng chưa chọn cách xử lý (bảng Khoa, phòng ở trên).</span>"
            )
        if c["errors"]:
            text += (
                f"<br><span style='color:{ERROR_COLOUR.name()}; font-weight:bold'>Còn {number(c['errors'])} "
                "dòng có lỗi (tô đỏ): hãy bỏ dấu “Nhập” ở các dòng đó (nút “Bỏ các dòng lỗi”), hoặc sửa "
                "tệp rồi đọc lại.</span>"
            )
        self.preview_summary.setText(text)
        has_duplicates = c["in_database"] > 0
        self.accept_probable_button.setEnabled(
            any(r.acceptable and row not in self.preview.confirmed for row, r in self.preview.reviews.items())
        )
        self.update_all_button.setEnabled(has_duplicates)
        self.skip_all_button.setEnabled(has_duplicates)
        self.exclude_errors_button.setEnabled(c["errors"] > 0)
        self._update_buttons()

    # --- step 4: the import ----------------------------------------------------------------------------
    def _build_result_page(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        self.result_label = _note(outer)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.result_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.result_label.setFont(font)
        outer.addStretch(1)
        return page

    def start_import(self) -> None:
        if not self._can_import():
            return
        people = self.preview.kept_people()
        update = set(self.preview.update_rows)
        same, new = self.preview.decisions()
        unit = self.unit_combo.current_unit()
        source = self.path.name
        self.excluded_count = len(self.preview.people) - len(people)
        self.preview_error.setText("")

        # planned again against the database as it is now, on the writer thread, then written
        operation = WriteOp(
            self.workspace,
            self,
            f"Đang nhập {number(len(people))} cán bộ vào {unit.name}…",
            import_staff,
            people,
            unit.id,
            same,
            new,
            update,
            source,
            self.department_panel.decisions(),
            areas=IMPORT_AREAS,
            long=True,
        )
        self._start(operation, self._imported, self._import_failed)

    def _imported(self, result: ImportResult) -> None:
        self.result_summary = result
        unit = self.unit_combo.current_unit()
        lines = [
            f"Đã nhập xong danh sách “{self.path.name}” vào {unit.label if unit else ''}:",
            f"• Thêm mới: {number(result.created)} cán bộ",
            f"• Cập nhật: {number(result.updated)} người đã có",
            f"• Bỏ qua (trùng): {number(result.skipped)} dòng",
        ]
        if result.left_for_review:
            lines.append(f"• Chưa xác nhận là ai (không nhập): {number(result.left_for_review)} dòng")
        if self.excluded_count:
            lines.append(f"• Không nhập (đã bỏ dấu): {number(self.excluded_count)} dòng")
        lines.append(f"• Khoa, phòng mới tạo: {number(result.departments_created)}")
        self.result_label.setText("\n".join(lines))
        self._show_step(3)
        self.imported.emit(result)

    def _import_failed(self, exc: Exception) -> None:
        self.preview_error.setText(self._message(exc))

    # --- running work off the GUI thread ---------------------------------------------------------------
    def _start(self, operation: Operation, done, failed) -> None:
        """Run a QueryOp (reading the file, checking the list) or a WriteOp (the import), one at a time;
        its outcome goes to `done` or `failed` unless the clerk closed the wizard meanwhile."""
        self.task = operation

        def finish(handler, value) -> None:
            if self.task is operation:
                self.task = None
            if self._close_when_idle:
                super(ImportWizard, self).reject()
                return
            handler(value)
            self._update_buttons()

        operation.success(lambda value: finish(done, value))
        operation.failure(lambda exc: finish(failed, exc))
        self._update_buttons()
        operation.run()

    @property
    def busy(self) -> bool:
        return self.task is not None

    @staticmethod
    def _message(exc: Exception) -> str:
        if isinstance(exc, ImportCancelled):
            return str(exc)
        if isinstance(
            exc, UserError
        ):  # a bad file, a locked database, a full disk: the message says what to do
            return str(exc)
        return UNEXPECTED.format(error=exc)

    # --- navigation ------------------------------------------------------------------------------------
    @property
    def step(self) -> int:
        return self.stack.currentIndex()

    def _show_step(self, step: int) -> None:
        self.stack.setCurrentIndex(step)
        self.step_label.setText(f"Bước {step + 1}/{len(self.STEPS)}: {self.STEPS[step]}")
        self.back_button.setVisible(step in (1, 2))
        self.next_button.setVisible(step in (0, 1))
        self.import_button.setVisible(step == 2)
        self.cancel_button.setText("Đóng" if step == 3 else "Hủy")
        self._update_buttons()
        self.step_changed.emit(step)

    def _can_import(self) -> bool:
        c = self.preview.counts()
        panel = self.department_panel
        waiting = panel is not None and bool(panel.pending(panel.kept))
        return not self.busy and self.step == 2 and c["kept"] > 0 and c["errors"] == 0 and not waiting

    def _update_buttons(self) -> None:
        idle = not self.busy
        step = self.step
        if step == 0:
            ready = self.sheet is not None and self.unit_combo.current_unit() is not None
        elif step == 1:
            ready = self.sheet is not None and not self.mapping_problem(self.mapping())
        else:
            ready = False
        self.next_button.setEnabled(idle and ready)
        self.back_button.setEnabled(idle)
        self.browse_button.setEnabled(idle)
        self.sheet_combo.setEnabled(idle)
        self.import_button.setEnabled(self._can_import())
        if step == 1 and self.next_button.isEnabled():
            self.next_button.setDefault(True)
        elif step == 2:
            self.import_button.setDefault(self.import_button.isEnabled())

    def go_next(self) -> None:
        if not self.next_button.isEnabled():
            return
        if self.step == 0:
            self._show_step(1)
        elif self.step == 1:
            self._check()

    def go_back(self) -> None:
        if not self.busy and self.step in (1, 2):
            self._show_step(self.step - 1)

    def reject(self) -> None:
        if self.step == 3:
            self.accept()
            return
        if self.task is not None:  # stop the work first; the dialog closes once it has stopped
            self._close_when_idle = True
            self.task.cancel()
            return
        super().reject()


def run_import_wizard(
    workspace, parent: QWidget | None = None, path: str | Path | None = None
) -> ImportResult | None:
    """Show the wizard (asking for the file first when none is given); the ImportResult, or None."""
    wizard = ImportWizard(workspace, parent, path)
    if path is None:
        wizard.choose_file()
        if wizard.path is None:  # the clerk closed the file dialog
            wizard.deleteLater()
            return None
    wizard.exec()
    result = wizard.result_summary
    wizard.deleteLater()
    return result
