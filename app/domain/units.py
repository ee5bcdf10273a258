"""Units as the rest of the program refers to them."""

from __future__ import annotations

from dataclasses import dataclass

from database.enums import UnitKind


@dataclass(frozen=True)
class UnitChoice:
    """One entry of a unit picker, in tree order (the Department, its units, their departments)."""

    id: int
    name: str
    label: str  # with the units above it: "Khoa Nội – Bệnh viện Đa khoa tỉnh"
    depth: int
    parent_id: int | None
    kind: UnitKind
    active: bool
    subtree_ids: frozenset[int]  # the unit and every unit under it
