"""Who is the same person: names compared exactly, marks and all.

Folding (app.text.folding) serves search and sorting only. Two names that both carry Vietnamese marks
and differ in any mark or letter are different people (Hà / Hạ, Thúy / Thủy). NFC and NFD forms of one
name, or the same name in other letter case or spacing, are the same name. A name written with no
marks at all (an unaccented or legacy file) can only be a *probable* match, for a clerk to confirm.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from app.text.folding import fold
from app.text.normalize import clean

T = TypeVar("T")


def name_identity(name: str | None) -> str:
    """The exact identity of a name: NFC, cleaned, lower case. Marks are kept."""
    return (clean(name) or "").lower()


def has_marks(name: str | None) -> bool:
    """True when the name carries any Vietnamese mark or letter (đ, ă, â, ê, ô, ơ, ư, tones)."""
    identity = name_identity(name)
    return fold(identity) != identity


class NameIndex(Generic[T]):
    """Known people by name, to match the rows of a list: exactly, and probably.

    `same(name)` gives the items whose name is the same name (marks and all). `probable(name)` gives
    the items whose name folds to the same letters while exactly one of the two names carries no
    marks at all: "Le Thi Ha" is probably "Lê Thị Hà" or "Lê Thị Hạ", but "Lê Thị Hà" is never "Lê
    Thị Hạ". Callers narrow both by birth and whatever else they know.
    """

    __slots__ = ("_exact", "_folded")

    def __init__(self) -> None:
        self._exact: dict[str, list[T]] = {}
        self._folded: dict[str, list[tuple[bool, T]]] = {}

    def add(self, name: str, item: T) -> None:
        identity = name_identity(name)
        folded = fold(identity)
        self._exact.setdefault(identity, []).append(item)
        self._folded.setdefault(folded, []).append((folded != identity, item))

    def same(self, name: str) -> list[T]:
        return self._exact.get(name_identity(name), [])

    def probable(self, name: str) -> list[T]:
        identity = name_identity(name)
        folded = fold(identity)
        marked = folded != identity
        # Both unmarked: the same name (same() found it). Both marked: different people.
        return [item for item_marked, item in self._folded.get(folded, ()) if item_marked != marked]


def narrow(candidates: list[T], *keys: Callable[[T], bool]) -> list[T]:
    """Several people share the same name and birth: keep those that also match the next key the data
    carries (the unit, the position ...), key by key; a key that matches none of them is passed over."""
    for matches in keys:
        if len(candidates) <= 1:
            break
        candidates = [c for c in candidates if matches(c)] or candidates
    return candidates


def same_words(a: str | None, b: str | None) -> bool:
    """Two given texts (a position, a unit's name) that say the same, case and spacing aside."""
    return bool(a) and bool(b) and name_identity(a) == name_identity(b)
