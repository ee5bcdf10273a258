"""Rule parameters by date (ThamSo) and the names of the awards: what the rules read instead of constants.

A review of year Y is judged on the law in force on 31/12/Y (`review_date`): a year up to 2023 by the
old law (NĐ 91/2017), 2024 by Luật TĐKT 2022 with NĐ 98/2023, 2025 on by NĐ 152/2025 — which text
applies is itself a parameter (`legal_basis`), like every threshold. A nomination is judged on the law in
force when its dossier was received (`RuleBook.year(y, day)`; see app.rules.engine.judge_dossier).

Lookup of a key on a day: within one rule set the row with the latest `effective_from` on or before
the day wins, even when its value is null ("no longer set", e.g. the 15% cap from 2024); across rule
sets the most specific one holding a non-null value wins (PROVINCE, then MOH, then NATIONAL). A day
before a key's first row takes that first row: the records of 2016 predate the catalogue, and the
texts before NĐ 91/2017 set the same values on these points [U].
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

# Most specific first.
PRECEDENCE = ("PROVINCE", "MOH", "NATIONAL")


class MissingParameter(KeyError):
    """A rule needs a parameter the catalogue does not hold."""

    def __str__(self) -> str:
        return f"Danh mục tham số thiếu “{self.args[0]}”; hãy cập nhật resources/catalogue/parameters.json."


@dataclass(frozen=True, slots=True)
class ParameterRow:
    rule_set: str  # NATIONAL, MOH or PROVINCE
    key: str
    value: Any
    effective_from: dt.date


def review_date(year: int) -> dt.date:
    """The day whose rules judge the achievements of `year`: the year-end review."""
    return dt.date(year, 12, 31)


def share(value: Any) -> Fraction:
    """A stored share (0.7) as an exact fraction, so that 7 of 10 is "từ 70% trở lên"."""
    return Fraction(str(value))


class YearRules:
    """The parameters in force for one review year, read many times per evaluation."""

    __slots__ = ("year", "day", "titles", "verdicts", "kept", "_values", "_names", "_memo")

    def __init__(
        self,
        year: int,
        values: dict[str, Any],
        names: Mapping[str, str],
        titles: frozenset[str],
        day: dt.date | None = None,
    ):
        self.year = year
        self.day = day or review_date(year)  # the day whose law judges: the review, or a dossier's receipt
        self.titles = titles  # codes of danh hiệu thi đua (the rest are hình thức khen thưởng)
        self._values = values
        self._names = names
        self._memo: dict[tuple, str] = {}
        self.verdicts: dict[tuple, Any] = {}  # verdicts of plain cases, shared (engine.judge)
        self.kept: list = []  # the subjects whose records those verdicts' keys name by identity

    def forget_verdicts(self) -> None:
        """Let the shared verdicts go (and the subjects their keys name): once a year's judging is over,
        its listings hold the verdicts they show; the next judging shares anew."""
        self.verdicts = {}
        self.kept = []

    def get(self, key: str, default: Any = None) -> Any:
        return self._values.get(key, default)

    def require(self, key: str) -> Any:
        value = self._values.get(key)
        if value is None:
            raise MissingParameter(key)
        return value

    @property
    def law(self) -> str:
        return self._values.get("legal_basis") or ""

    def name(self, code: str) -> str:
        return self._names.get(code, code)

    def memo(self, key: tuple, build: Callable[[], str]) -> str:
        """Sentences that depend on the year's rules only, built once per year."""
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = build()
        return found


class RuleBook:
    """Parameter rows, award short names and which codes are titles; one `YearRules` per year."""

    def __init__(
        self,
        rows: Iterable[ParameterRow],
        names: Mapping[str, str],
        titles: Iterable[str],
        once: Iterable[str] = (),
    ):
        by_key: dict[str, dict[str, list[tuple[dt.date, Any]]]] = {}
        for row in rows:
            by_key.setdefault(row.key, {}).setdefault(row.rule_set, []).append(
                (row.effective_from, row.value)
            )
        for sets in by_key.values():
            for history in sets.values():
                history.sort(key=lambda item: item[0])
        self._by_key = by_key
        # Days on which some value changes: two days between the same changes share one YearRules.
        self._changes = sorted({start for sets in by_key.values() for h in sets.values() for start, _ in h})
        self.names = dict(names)
        self.titles = frozenset(titles)
        self.once = frozenset(once)  # awards given at most once (periodic ONCE or ROUND: KNC, TTƯT, TTND)
        self._years: dict[tuple[int, int], YearRules] = {}
        self._reviews: dict[int, YearRules] = {}  # by year alone: the hot path of a whole-province judging

    def value(self, key: str, day: dt.date) -> Any:
        found = self.deciding_row(key, day)
        return found[2] if found else None

    def deciding_row(self, key: str, day: dt.date) -> tuple[str, dt.date, Any] | None:
        """(rule set, effective_from, value) of the row that gives `key` its value on `day`; None when no row
        does (no rows, or a newer null row ended every value)."""
        sets = self._by_key.get(key)
        if not sets:
            return None
        in_force = False
        for rule_set in PRECEDENCE:
            current = None
            for start, value in sets.get(rule_set, ()):
                if start > day:
                    break
                current, in_force = (rule_set, start, value), True
            if current is not None and current[2] is not None:
                return current
        if in_force:
            return None
        # Before the key's first row in any rule set: that first row (see the module docstring).
        return min(((rule_set, *h[0]) for rule_set, h in sets.items() if h), key=lambda item: item[1])

    def year(self, year: int, day: dt.date | None = None) -> YearRules:
        """The rules judging the achievements of `year`: those in force on `day`, by default the year-end
        review; the same object for every day between two changes of the catalogue."""
        if day is None:
            found = self._reviews.get(year)
            if found is None:
                found = self._reviews[year] = self.year(year, review_date(year))
            return found
        key = (year, bisect_right(self._changes, day))
        found = self._years.get(key)
        if found is None:
            found = YearRules(
                year, {k: self.value(k, day) for k in self._by_key}, self.names, self.titles, day
            )
            self._years[key] = found
        return found

    @classmethod
    def from_catalogue(
        cls, parameters: Iterable[Mapping[str, Any]], award_types: Iterable[Mapping[str, Any]]
    ):
        """From the shipped JSON rows (parameters.json, award_types.json)."""
        rows = [
            ParameterRow(p["rule_set"], p["key"], p["value"], dt.date.fromisoformat(p["effective_from"]))
            for p in parameters
        ]
        award_types = list(award_types)
        return cls(
            rows,
            {t["code"]: t["short_name"] for t in award_types},
            [t["code"] for t in award_types if t["category"] == "TITLE"],
            [t["code"] for t in award_types if t.get("periodic", "YEARLY") != "YEARLY"],
        )


def shipped_book() -> RuleBook:
    """The rule book of the catalogue shipped in resources/ (before any office edits), read from JSON."""
    import json

    from app.paths import resource

    def rows(name: str, key: str) -> list:
        return json.loads(resource("catalogue", name).read_text(encoding="utf-8"))[key]

    return RuleBook.from_catalogue(
        rows("parameters.json", "parameters"), rows("award_types.json", "award_types")
    )
