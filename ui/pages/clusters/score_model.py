"""The scoring grid as a table model: a row per criterion under its group's heading row, then the totals
and the final points; three fixed columns (STT, tiêu chí, tối đa), then two a member (tự chấm, cụm chấm).

Only a member's points on a criterion are editable. A typed value is checked here, on the spot (a number,
within the criterion's maximum): a refusal leaves the cell as it was and says why (`refused`); an accepted
one shows at once with the totals and the ranking following, and is handed on to be saved (`entered`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from app.errors import UserError
from app.services.clusters import (
    ClusterDetail,
    CriterionInfo,
    RankedMember,
    ScoreCell,
    ScoreEntry,
    out_of_range,
    parse_points,
    points_text,
    rank_members,
    within,
)

FIXED_COLUMNS = 3  # STT, tiêu chí, tối đa; then two columns a member: tự chấm, cụm chấm
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)


class RowKind(Enum):
    GROUP = "group"
    CRITERION = "criterion"
    TOTAL = "total"
    FINAL = "final"


@dataclass(frozen=True)
class PointsEntered:
    """A value the clerk typed and the grid took: what to save, what to show back if saving fails."""

    cluster_id: int
    entry: ScoreEntry
    before: ScoreCell
    message: str  # said once it is saved


class ScoreModel(QAbstractTableModel):
    refused = Signal(str)  # why a typed value was not taken
    entered = Signal(object)  # PointsEntered
    scores_changed = Signal()  # the totals and the ranking follow

    def __init__(self, parent=None):
        super().__init__(parent)
        self.detail: ClusterDetail | None = None
        self.scores: dict[tuple[int, int], ScoreCell] = {}
        self.rows: list[tuple[RowKind, object]] = []
        self._ranked: dict[int, RankedMember] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    # --- filling ---------------------------------------------------------------------------------------
    def set_detail(self, detail: ClusterDetail | None) -> None:
        self.beginResetModel()
        self.detail = detail
        self.scores = dict(detail.scores) if detail else {}
        self.rows = []
        if detail is not None:
            for group in detail.groups:
                self.rows.append((RowKind.GROUP, group))
                self.rows += [(RowKind.CRITERION, c) for c in group.criteria]
            self.rows += [(RowKind.TOTAL, None), (RowKind.FINAL, None)]
        self._rank()
        self.endResetModel()
        self.scores_changed.emit()

    def ranking(self) -> list[RankedMember]:
        detail = self.detail
        if detail is None:
            return []
        return rank_members(detail.members, [c.id for c in detail.criteria], self.scores)

    def _rank(self) -> None:
        self._ranked = {r.member_id: r for r in self.ranking()}

    # --- where things are ------------------------------------------------------------------------------
    @property
    def criterion_rows(self) -> list[int]:
        return [row for row, (kind, _) in enumerate(self.rows) if kind is RowKind.CRITERION]

    @property
    def total_row(self) -> int:
        return len(self.rows) - 2

    @property
    def final_row(self) -> int:
        return len(self.rows) - 1

    def member_column(self, column: int) -> tuple[int, bool] | None:
        """(member id, is the cluster's assessment) of a points column."""
        if self.detail is None or column < FIXED_COLUMNS:
            return None
        n, assessed = divmod(column - FIXED_COLUMNS, 2)
        members = self.detail.members
        return (members[n].id, bool(assessed)) if n < len(members) else None

    def column_of(self, member_id: int, assessed: bool = False) -> int:
        n = next(i for i, m in enumerate(self.detail.members) if m.id == member_id)
        return FIXED_COLUMNS + 2 * n + int(assessed)

    def criterion_at(self, row: int) -> CriterionInfo | None:
        if 0 <= row < len(self.rows) and self.rows[row][0] is RowKind.CRITERION:
            return self.rows[row][1]
        return None

    def text(self, row: int, column: int) -> str:
        return self.data(self.index(row, column)) or ""

    # --- Qt's model ------------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.detail is None:
            return 0
        return FIXED_COLUMNS + 2 * len(self.detail.members)

    def headerData(self, section, orientation, role=_DISPLAY):
        if orientation != Qt.Orientation.Horizontal or self.detail is None:
            return None
        if section < FIXED_COLUMNS:
            return ("STT", "Tiêu chí", "Tối đa")[section] if role == _DISPLAY else None
        n, assessed = divmod(section - FIXED_COLUMNS, 2)
        member = self.detail.members[n]
        if role == _DISPLAY:
            return f"{member.short_name}\n{'Cụm chấm' if assessed else 'Tự chấm'}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return member.name
        return None

    def flags(self, index):
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.criterion_at(index.row()) is not None and self.member_column(index.column()) is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index, role=_DISPLAY):
        if not index.isValid() or self.detail is None:
            return None
        kind, thing = self.rows[index.row()]
        column = index.column()
        if role in (_DISPLAY, _EDIT):
            return self._text(kind, thing, column)
        if role == Qt.ItemDataRole.FontRole and kind is not RowKind.CRITERION:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return _CENTRE if kind is RowKind.FINAL else _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            if kind is RowKind.CRITERION and column == 1:
                return thing.text
            member = self.member_column(column)
            if kind is RowKind.FINAL and member is not None:
                ranked = self._ranked.get(member[0])
                return f"Hạng {ranked.rank}" if ranked and ranked.rank else None
        return None

    def _text(self, kind: RowKind, thing, column: int) -> str:
        member = self.member_column(column)
        if kind is RowKind.GROUP:
            return {0: thing.name, 2: points_text(thing.max_points)}.get(column, "")
        if kind is RowKind.CRITERION:
            if member is None:
                return (thing.code, thing.text, points_text(thing.max_points))[column]
            given = self.scores.get((thing.id, member[0]), ScoreCell())
            return points_text(given.assessed_points if member[1] else given.self_points)
        if member is None:
            label = "Cộng" if kind is RowKind.TOTAL else "Điểm cuối cùng"
            total = points_text(self.detail.max_total) if kind is RowKind.TOTAL else ""
            return {1: label, 2: total}.get(column, "")
        ranked = self._ranked.get(member[0])
        if ranked is None:
            return ""
        if kind is RowKind.TOTAL:
            return points_text(ranked.assessed_total if member[1] else ranked.self_total)
        return points_text(ranked.final_total) if ranked.rank and not member[1] else ""

    def setData(self, index, value, role=_EDIT) -> bool:
        """What the clerk typed in a cell: taken (shown, then saved) or refused with the reason."""
        if role != _EDIT or self.detail is None:
            return False
        criterion, member = self.criterion_at(index.row()), self.member_column(index.column())
        if criterion is None or member is None:
            return False
        member_id, assessed = member
        name = next(m.name for m in self.detail.members if m.id == member_id)
        where = criterion.code or criterion.text[:40]
        try:
            points = parse_points(str(value or ""), "Điểm", negative=criterion.max_points < 0)
            if points is not None and not within(points, criterion.max_points):
                raise UserError(
                    f"{name}, tiêu chí {where}: {out_of_range(points, criterion.max_points)}; chưa ghi."
                )
        except UserError as exc:
            self.refused.emit(str(exc))
            return False
        before = self.scores.get((criterion.id, member_id), ScoreCell())
        after = (
            ScoreCell(before.self_points, points) if assessed else ScoreCell(points, before.assessed_points)
        )
        if after == before:
            return False
        self.set_cell(criterion.id, member_id, after)
        self.entered.emit(
            PointsEntered(
                self.detail.id,
                ScoreEntry(criterion.id, member_id, after.self_points, after.assessed_points),
                before,
                f"Đã ghi điểm {'cụm chấm' if assessed else 'tự chấm'} của {name}, tiêu chí "
                f"{where}: {points_text(points) or 'không có điểm'}.",
            )
        )
        return True

    def set_cell(self, criterion_id: int, member_id: int, given: ScoreCell) -> None:
        """One member's points on one criterion; the totals and the final points follow."""
        self.scores[(criterion_id, member_id)] = given
        self._rank()
        row = next(r for r, (k, c) in enumerate(self.rows) if k is RowKind.CRITERION and c.id == criterion_id)
        first = self.column_of(member_id)
        self.dataChanged.emit(self.index(row, first), self.index(row, first + 1))
        last = self.columnCount() - 1
        self.dataChanged.emit(self.index(self.total_row, FIXED_COLUMNS), self.index(self.final_row, last))
        self.scores_changed.emit()
