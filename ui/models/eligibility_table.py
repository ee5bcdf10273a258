"""The candidates of "Ai đủ điều kiện?" in a table view: a plain model over a VerdictListing and the indices
the search returned (never a proxy model: at province scale a proxy costs ~100 ms a keystroke).

A row's cells are turned into text when first painted (VerdictListing.row_texts, a few µs) and kept for a
few screenfuls, so painting is mostly tuple lookups and the listing holds no text per row. Rows that
may be proposed (eligible, or waiting on the council or a paper; never "Đã được khen") carry a tick box in
the name column: the ticked candidates are the ones "Đề nghị…" proposes; ticks are kept by candidate, so
they survive a new search.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from app.rules import ELIGIBLE, HELD, PENDING
from app.services.eligibility import Candidate
from app.services.eligibility_view import COLUMNS, VerdictListing
from ui.models.roles import ALIGN, CENTRE, CHECK, DISPLAY, FOREGROUND, LEFT, READ_ONLY_FLAGS, TOOLTIP

NAME, BIRTH, UNIT, TITLE, VERDICT, REASON = range(len(COLUMNS))
OK_COLOUR, BAD_COLOUR = QColor("#1b7a3d"), QColor("#b3261e")
WAIT_COLOUR, HELD_COLOUR = QColor("#8a5a00"), QColor("#5b6775")

_OK, _BAD = QBrush(OK_COLOUR), QBrush(BAD_COLOUR)
_BRUSHES = {ELIGIBLE: _OK, PENDING: QBrush(WAIT_COLOUR), HELD: QBrush(HELD_COLOUR)}
_CHECKED, _UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked
_TICKABLE = READ_ONLY_FLAGS | Qt.ItemFlag.ItemIsUserCheckable
KEEP_BUILT = 2_000  # rows whose cells stay built: a few screenfuls, then built again when painted


class EligibilityTableModel(QAbstractTableModel):
    ticks_changed = Signal(int)  # how many candidates are ticked

    def __init__(self, parent=None):
        super().__init__(parent)
        self.listing: VerdictListing | None = None
        self._eligible: Sequence[int] = b""  # may be ticked (PROPOSABLE)
        self._built: dict[int, tuple[str, ...]] = {}  # the rows' cells built lately: a screenful or so
        self._rows: Sequence[int] = []  # indices into the listing, in the order shown
        self.ticked: set[int] = set()

    def set_listing(self, listing: VerdictListing, hits: Sequence[int], extends: bool = False) -> None:
        """Show `listing`; when it `extends` the one shown (the same first rows, more after them: the rest
        of every title's listing), the ticks stay."""
        self.beginResetModel()
        self.listing = listing
        self._eligible = listing.proposable
        self._built = {}
        self._rows = hits
        if not extends:
            self.ticked = set()
        self.endResetModel()
        self.ticks_changed.emit(len(self.ticked))

    def set_hits(self, hits: Sequence[int]) -> None:
        self.beginResetModel()
        self._rows = hits
        self.endResetModel()

    @property
    def shown(self) -> Sequence[int]:
        return self._rows

    def candidate(self, row: int) -> Candidate:
        return self.listing.candidates[self._rows[row]]

    def text(self, row: int, column: int) -> str:
        return self._cells(self._rows[row])[column]

    def _cells(self, i: int) -> tuple[str, ...]:
        """The cells of the listing's `i`-th row, built when first painted (kept for a few screenfuls)."""
        found = self._built.get(i)
        if found is None:
            if len(self._built) >= KEEP_BUILT:
                self._built.clear()
            found = self._built[i] = self.listing.row_texts(i)
        return found

    def ticked_candidates(self) -> list[Candidate]:
        candidates = self.listing.candidates if self.listing else []
        return [candidates[i] for i in sorted(self.ticked)]

    def tick(self, rows: Iterable[int], on: bool = True) -> None:
        """Tick (or untick) the candidates among these rows of the view that may be proposed."""
        chosen = {self._rows[r] for r in rows if self._eligible[self._rows[r]]}
        self.ticked = self.ticked | chosen if on else self.ticked - chosen
        if self._rows:
            self.dataChanged.emit(self.index(0, NAME), self.index(len(self._rows) - 1, NAME), [CHECK])
        self.ticks_changed.emit(len(self.ticked))

    # --- Qt model ----------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index, role=DISPLAY):
        # Called for every visible cell and role on each paint: a couple of lookups at most.
        if role == DISPLAY:
            return self._cells(self._rows[index.row()])[index.column()]
        column = index.column()
        if role == FOREGROUND:
            return (
                _BRUSHES.get(self.listing.status(self._rows[index.row()]), _BAD)
                if column == VERDICT
                else None
            )
        if role == CHECK:
            if column != NAME:
                return None
            i = self._rows[index.row()]
            return (_CHECKED if i in self.ticked else _UNCHECKED) if self._eligible[i] else None
        if role == ALIGN:
            return CENTRE if column == BIRTH else None
        if role == TOOLTIP and column in (UNIT, REASON):
            return self._cells(self._rows[index.row()])[column] or None
        return None

    def setData(self, index, value, role=CHECK) -> bool:
        if role != CHECK or index.column() != NAME:
            return False
        self.tick([index.row()], Qt.CheckState(value) == _CHECKED)
        return True

    def headerData(self, section, orientation, role=DISPLAY):
        if orientation == Qt.Orientation.Horizontal:
            if role == DISPLAY:
                return COLUMNS[section].screen_header
            if role == ALIGN:
                return LEFT
        return None

    def flags(self, index):
        if index.column() == NAME and self._eligible[self._rows[index.row()]]:
            return _TICKABLE
        return READ_ONLY_FLAGS
