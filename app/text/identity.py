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

    __slots__ = ("_exact", "_marked", "_unmarked")

    def __init__(self) -> None:
        self._exact: dict[str, list[T]] = {}
        # By folded name, for probable matches: the known names without marks (few: legacy rows), kept as
        # they come; the names with marks, folded only when a name without marks is first asked for.
        self._unmarked: dict[str, list[T]] = {}
        self._marked: dict[str, list[T]] | None = None

    def add(self, name: str, item: T) -> None:
        # Called once per person in the database before an import: kept to the least work per name.
        identity = name_identity(name)
        bucket = self._exact.get(identity)
        if bucket is None:
            self._exact[identity] = [item]
        else:
            bucket.append(item)
        if fold(identity) == identity:
            self._unmarked.setdefault(identity, []).append(item)
        self._marked = None

    def same(self, name: str) -> list[T]:
        return self._exact.get(name_identity(name), [])

    def probable(self, name: str) -> list[T]:
        identity = name_identity(name)
        folded = fold(identity)
        if folded != identity:  # marked: only a known name without marks can probably be it
            return self._unmarked.get(folded, [])
        # Unmarked: the known names with marks that fold to it (both unmarked: same() found it).
        if self._marked is None:
            marked: dict[str, list[T]] = {}
            for known, items in self._exact.items():
                key = fold(known)
                if key != known:
                    marked.setdefault(key, []).extend(items)
            self._marked = marked
        return self._marked.get(identity, [])


def narrow(candidates: list[T], *keys: Callable[[T], bool]) -> list[T]:
    """Several people share the same name and birth: keep those that also match the next key the data
    carries (the unit, the position ...), key by key; a key that matches none of them is passed over."""
    for matches in keys:
        if len(candidates) <= 1:
            break
        candidates = [c for c in candidates if matches(c)] or candidates
    return candidates


def same_birth(known: list[T], birth_key: str, year: int | None = None) -> list[T]:
    """The people in `known` (each with `.birth`: a date, a year, or "") born as `birth_key` says; when none
    are and `year` is given (the year of a full date), those known by that year only."""
    found = [k for k in known if k.birth == birth_key]  # type: ignore[attr-defined]
    if not found and year:
        only_year = str(year)
        found = [k for k in known if k.birth == only_year]  # type: ignore[attr-defined]
    return found


def find(
    index: NameIndex[T], name: str, born: Callable[[list[T]], list[T]], *keys: Callable[[T], bool]
) -> tuple[list[T], list[T]]:
    """Who a row names, as every import asks it: (the people of this exact name that `born` keeps, narrowed
    key by key, []) when there are any; else ([], those whose name only folds to it that `born` keeps).
    What one, several or none of either means is the caller's to say."""
    same = narrow(born(index.same(name)), *keys)
    if same:
        return same, []
    return [], born(index.probable(name))


def same_words(a: str | None, b: str | None) -> bool:
    """Two given texts (a position, a unit's name) that say the same, case and spacing aside."""
    return bool(a) and bool(b) and name_identity(a) == name_identity(b)
