"""A batch's nomination items in a table view: the text rows of TextRowsModel over NominationItem tuples, with
the verdict of each item filled in when the engine answers (one column changed, not the table rebuilt).

A unit's list may name every one of its staff (an LĐTT list of a large hospital runs to thousands): the cells
are text made once per batch, the colours and tooltips read from the item when Qt asks for them. The same
items to tick in a decision's form: NominationTickModel, under the heading of their batch.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QFont

from app.rules import Verdict
from app.services.nominations import NominationItem
from ui.models.text_rows import TextRowsModel
from ui.widgets.verdicts import BAD_COLOUR, PENDING_COLOUR, verdict_colour, verdict_text, verdict_tooltip

ITEM_HEADERS = ["Đối tượng", "Đề nghị", "Trạng thái", "Điều kiện", "Giấy tờ", "Đơn vị"]
SUBJECT_COLUMN, AWARD_COLUMN, STATUS_COLUMN, VERDICT_COLUMN, PAPERS_COLUMN, UNIT_COLUMN = range(6)
JUDGING = "Đang xét…"
UNREGISTERED = (
    "Chưa đăng ký thi đua danh hiệu này trong năm: theo Luật Thi đua, khen thưởng, không đăng ký thì "
    "không xét tặng danh hiệu thi đua."
)

_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_BAD, _PENDING = QBrush(BAD_COLOUR), QBrush(PENDING_COLOUR)


def papers_text(item: NominationItem) -> str:
    missing = item.missing_papers
    return "Đủ" if not missing else "Thiếu: " + "; ".join(missing)


def subject_text(item: NominationItem) -> str:
    if item.collective:
        return f"Tập thể {item.subject_name}"
    return item.subject_name + (f" ({item.birth_text})" if item.birth_text else "")


class NominationItemsModel(TextRowsModel):
    def __init__(self, parent=None):
        super().__init__(ITEM_HEADERS, parent=parent)
        self._items: list[NominationItem] = []
        self._verdicts: Mapping[int, Verdict | None] = {}
        self._unregistered: Collection[int] = frozenset()

    def set_items(
        self,
        items: Sequence[NominationItem],
        short_names: Mapping[str, str],
        verdicts: Mapping[int, Verdict | None],
        unregistered: Collection[int],
    ) -> None:
        self._items = list(items)
        self._verdicts, self._unregistered = verdicts, unregistered
        rows = [
            (
                subject_text(it),
                short_names.get(it.award_code, it.award_name),
                it.status.label,
                self._verdict_text(it.id),
                papers_text(it),
                it.unit_name or "",
            )
            for it in self._items
        ]
        self.set_rows(rows, [it.id for it in self._items])

    def set_verdicts(self, verdicts: Mapping[int, Verdict | None], unregistered: Collection[int]) -> None:
        """The engine's answer: the verdict column of every row, repainted in place."""
        self._verdicts, self._unregistered = verdicts, unregistered
        for n, it in enumerate(self._items):
            row = self._rows[n]
            self._rows[n] = (*row[:VERDICT_COLUMN], self._verdict_text(it.id), *row[VERDICT_COLUMN + 1 :])
        if self._items:
            self.dataChanged.emit(
                self.index(0, VERDICT_COLUMN), self.index(len(self._items) - 1, VERDICT_COLUMN)
            )

    def item(self, row: int) -> NominationItem:
        return self._items[row]

    @property
    def items(self) -> list[NominationItem]:
        return self._items

    def _verdict_text(self, item_id: int) -> str:
        if item_id not in self._verdicts:
            return JUDGING
        text = verdict_text(self._verdicts[item_id])
        return f"{text} · chưa đăng ký" if item_id in self._unregistered else text

    def data(self, index, role=int(Qt.ItemDataRole.DisplayRole)):
        if role == _FOREGROUND:
            column = index.column()
            if column == VERDICT_COLUMN:
                item_id = self._items[index.row()].id
                if item_id not in self._verdicts:
                    return _PENDING
                return QBrush(verdict_colour(self._verdicts[item_id]))
            if column == PAPERS_COLUMN and not self._items[index.row()].papers_complete:
                return _BAD
            return None
        if role == _TOOLTIP:
            return self._tooltip(self._items[index.row()], index.column())
        return super().data(index, role)

    def _tooltip(self, it: NominationItem, column: int) -> str | None:
        if column == SUBJECT_COLUMN:
            return it.position or None
        if column == AWARD_COLUMN:
            return "\n".join(x for x in (it.award_name, f"Loại hình: {it.basis.label}", it.achievement) if x)
        if column == STATUS_COLUMN:
            return it.status_reason or None
        if column == VERDICT_COLUMN:
            if it.id not in self._verdicts:
                return None
            tip = verdict_tooltip(self._verdicts[it.id])
            return f"{UNREGISTERED}\n{tip}" if it.id in self._unregistered else tip
        if column == PAPERS_COLUMN:
            return papers_text(it)
        return it.unit_name or None


# --- the picker's tree: items to tick under their group ------------------------------------------------------------

PICKER_HEADERS = ["Cá nhân / Tập thể", "Danh hiệu, hình thức", "Ngày sinh", "Đơn vị"]
_CHECK = int(Qt.ItemDataRole.CheckStateRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)
_ITEM_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable


class NominationTickModel(QAbstractTableModel):
    """Items under the heading of their group (batch or Tờ trình), one flat list: a heading row holds the
    group's name (the view spans it), an item row the item's texts and its tick. The rows shown are chosen
    by a filter in Python (`show`), the ticks kept by id: thousands of items are tuples, not widget items, and
    the view has nothing to expand."""

    ticks_changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._texts: dict[int, tuple[str, str, str, str]] = {}
        self._rows: list[int | str] = []  # an item's id, or a group's name (its heading)
        self.checked: set[int] = set()
        self._bold = QFont()
        self._bold.setBold(True)

    def set_items(self, items: Sequence[NominationItem]) -> None:
        self._texts = {
            it.id: (
                it.subject_name,
                it.award_name,
                it.birth_text,
                "(tập thể)" if it.collective else it.unit_name or "",
            )
            for it in items
        }
        self.checked &= self._texts.keys()

    def show(self, groups: Sequence[tuple[str, list[int]]]) -> list[int]:
        """The groups with their items to show, in order; returns the rows of the headings."""
        self.beginResetModel()
        rows: list[int | str] = []
        headings: list[int] = []
        for name, ids in groups:
            if ids:
                headings.append(len(rows))
                rows.append(name)
                rows.extend(ids)
        self._rows = rows
        self.endResetModel()
        return headings

    def shown_ids(self) -> list[int]:
        return [i for i in self._rows if type(i) is int]

    def set_checked(self, ids: Iterable[int], on: bool) -> None:
        ids = [i for i in ids if i in self._texts]
        if on:
            self.checked.update(ids)
        else:
            self.checked.difference_update(ids)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))
        self.ticks_changed.emit()

    def item_id(self, index: QModelIndex | QPersistentModelIndex) -> int | None:
        entry = self._rows[index.row()] if index.isValid() else None
        return entry if type(entry) is int else None

    def index_of(self, item_id: int) -> QModelIndex:
        try:
            return self.index(self._rows.index(item_id), 0)
        except ValueError:
            return QModelIndex()

    # --- Qt model ----------------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(PICKER_HEADERS)

    def data(self, index, role=_DISPLAY):
        entry, column = self._rows[index.row()], index.column()
        if type(entry) is str:  # a group's heading
            if column == 0 and role in (_DISPLAY, _TOOLTIP):
                return entry
            return self._bold if role == _FONT else None
        if role == _DISPLAY:
            return self._texts[entry][column]
        if role == _CHECK and column == 0:
            return Qt.CheckState.Checked if entry in self.checked else Qt.CheckState.Unchecked
        if role == _TOOLTIP and column != 2:
            return self._texts[entry][column]
        if role == _ALIGN and column == 2:
            return _CENTRE
        return None

    def setData(self, index, value, role=_CHECK) -> bool:
        item_id = self.item_id(index)
        if role != _CHECK or item_id is None or index.column() != 0:
            return False
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.checked.add(item_id)
        else:
            self.checked.discard(item_id)
        self.dataChanged.emit(index, index, [role])
        self.ticks_changed.emit()
        return True

    def headerData(self, section, orientation, role=_DISPLAY):
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            return PICKER_HEADERS[section]
        return None

    def flags(self, index):
        if type(self._rows[index.row()]) is str:
            return Qt.ItemFlag.ItemIsEnabled
        return _ITEM_FLAGS if index.column() == 0 else _ITEM_FLAGS & ~Qt.ItemFlag.ItemIsUserCheckable
