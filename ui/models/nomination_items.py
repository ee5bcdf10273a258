"""A batch's nomination items in a table view: the text rows of TextRowsModel over NominationItem tuples, with
the verdict of each item filled in when the engine answers (one column changed, not the table rebuilt).

A unit's list may name every one of its staff (an LĐTT list of a large hospital runs to thousands): the cells
are text made once per batch, the colours and tooltips read from the item when Qt asks for them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

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
