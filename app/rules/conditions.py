"""The verdict and the conditions every rule shares: standing (discipline, pending cases), chains of
titles by year, initiatives that may still back an award, the council's vote.

Each condition is one short Vietnamese sentence with its evidence. It goes to `met` or `missing` when
the records decide it, to `pending` when the council or a clerk decides it later.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

from app.rules.history import AwardRecord, HistoryIndex, InitiativeRecord, month_year
from app.rules.parameters import YearRules, review_date
from app.text.numbers import ratio_percent_text
from database.enums import DisciplineForm, InitiativeLevel, RatingLevel

SAME_REVIEW = " (đang xét cùng đợt)"
EXCELLENT, GOOD, DONE = RatingLevel.EXCELLENT, RatingLevel.GOOD, RatingLevel.DONE
# Ratings at or above a level, as tuples: membership tests by identity, no enum hashing in hot loops.
EXCELLENT_ONLY = (EXCELLENT,)
GOOD_OR_BETTER = (EXCELLENT, GOOD)
DONE_OR_BETTER = (EXCELLENT, GOOD, DONE)
LEVEL_RANK = {InitiativeLevel.BASE: 0, InitiativeLevel.PROVINCE: 1, InitiativeLevel.NATIONAL: 2}
REPRIMAND = DisciplineForm.REPRIMAND.severity
_NO_GRANTS: frozenset = frozenset()


# What a verdict says, in the order a clerk acts on it.
ELIGIBLE, PENDING, NOT_YET, HELD = "ELIGIBLE", "PENDING", "NOT_YET", "HELD"
STATUS_TEXT = {
    ELIGIBLE: "Đủ điều kiện",
    PENDING: "Chờ Hội đồng/hồ sơ",
    NOT_YET: "Chưa đủ",
    HELD: "Đã được khen",
}


class Verdict(NamedTuple):
    """eligible: every condition the records can decide holds (`missing` is empty), no core condition
    waits for the council or a paper (`unchecked` is empty, its lines are also in `pending`), and the
    subject does not already hold the award (`held`: the award and its decision)."""

    code: str
    year: int
    eligible: bool
    met: tuple[str, ...]
    missing: tuple[str, ...]
    pending: tuple[str, ...]
    law: str = ""
    unchecked: tuple[str, ...] = ()
    held: str = ""
    initiatives: tuple[int, ...] = ()  # ids of the initiatives the award would rest on

    @property
    def status(self) -> str:
        if self.held:
            return HELD
        if self.missing:
            return NOT_YET
        return PENDING if self.unchecked else ELIGIBLE

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]


class Check:
    """Collects the conditions of one evaluation (one subject, one code, one year)."""

    __slots__ = (
        "code",
        "year",
        "rules",
        "granting",
        "members_granting",
        "met",
        "missing",
        "pending",
        "unchecked",
        "relied",
        "text",
    )

    def __init__(
        self,
        code: str,
        rules: YearRules,
        granting: frozenset = _NO_GRANTS,
        members_granting: Mapping[int, frozenset] | None = None,
    ):
        self.code = code
        self.year = rules.year
        self.rules = rules
        self.granting = granting
        self.members_granting = members_granting or {}
        self.met: list[str] = []
        self.missing: list[str] = []
        self.pending: list[str] = []
        self.unchecked: list[str] = []
        self.relied: list[
            InitiativeRecord
        ] = []  # the initiatives the award rests on (marked used when granted)
        # text(key, build): a sentence that depends only on the year's rules, built once per year.
        self.text: Callable[[tuple, Callable[[], str]], str] = rules.memo

    def verdict(self) -> Verdict:
        return Verdict(
            self.code,
            self.year,
            not self.missing and not self.unchecked,
            tuple(self.met),
            tuple(self.missing),
            tuple(self.pending),
            self.rules.law,
            tuple(self.unchecked),
            "",
            tuple(i.id for i in self.relied),
        )

    def undecided(self, line: str) -> None:
        """A core condition the records cannot decide: the verdict waits (pending), never "eligible"."""
        self.pending.append(line)
        self.unchecked.append(line)

    def holds(self, ok: bool, line: str) -> bool:
        (self.met if ok else self.missing).append(line)
        return ok

    def name(self, code: str) -> str:
        return self.rules.name(code)


# --- standing: pending cases and discipline ---------------------------------------------------------


def standing(c: Check, ix: HistoryIndex, min_severity: int = REPRIMAND) -> None:
    """No pending case at the review and no discipline in force during the year (NĐ 152/2025 Đ4 [V];
    LĐTT: khiển trách or above [U])."""
    y = c.year
    if not ix.disciplines:
        c.met.append(c.text(("clean",), lambda: f"Không bị kỷ luật năm {y}"))
        return
    day, first = review_date(y), review_date(y - 1)
    clean = True
    for d in ix.disciplines:
        if d.form is DisciplineForm.PENDING:
            if d.effective_from <= day and (d.effective_to is None or d.effective_to >= day):
                c.missing.append(
                    f"Đang bị xem xét kỷ luật, thanh tra hoặc khiếu nại từ {month_year(d.effective_from)}"
                    " — tạm dừng xét khen thưởng"
                )
                clean = False
        elif d.form.severity >= min_severity and d.in_force(first, day):
            c.missing.append(f"Bị kỷ luật năm {y}: {d.describe()}")
            clean = False
    if clean:
        c.met.append(c.text(("clean",), lambda: f"Không bị kỷ luật năm {y}"))


def counts_from(ix: HistoryIndex, year: int) -> tuple[int, str]:
    """The first year whose achievements count: after the last discipline ended (NĐ 152/2025 Đ4 [V])."""
    first, why = 0, ""
    if not ix.disciplines:
        return first, why
    day = review_date(year)
    for d in ix.disciplines:
        if d.form is DisciplineForm.PENDING or d.effective_from > day:
            continue
        end = d.effective_to.year if d.effective_to is not None and d.effective_to <= day else year
        if end + 1 > first:
            first, why = end + 1, f"kỷ luật {d.form.label.lower()} đến {_end_text(d.effective_to)}"
    return first, why


def _end_text(day) -> str:
    return month_year(day) if day is not None else "nay"


# --- chains of titles ---------------------------------------------------------------------------------


def award_evidence(award: AwardRecord) -> str:
    return award.evidence()


def held_award(ix: HistoryIndex, code: str, year: int, is_title: bool, once: bool) -> AwardRecord | None:
    """The subject's own award that this one would repeat: a title of the year (any basis), a form of the
    year given for merit (a sudden or thematic form rewards another achievement), or a once-only honour
    at any time. Revoked awards and records inherited from a predecessor unit do not count."""
    found = ix.chain.get(code)
    if found:
        if once:
            for award in found.values():
                if award.holder is None:
                    return award
        else:
            award = found.get(year)
            if award is not None and award.holder is None:
                return award
    if not (once or is_title):
        return None
    other = ix.other.get(code)
    if other:
        for award in other.values() if once else (other.get(year),):
            if award is not None and not award.revoked and award.holder is None:
                return award
    return None


def chain(
    c: Check, ix: HistoryIndex, codes: tuple[str, ...], years: Iterable[int], floor: int = 0, why: str = ""
) -> tuple[int, str]:
    """How many of `years` hold one of `codes`, and the sentence: "CSTĐCS 2023 (QĐ …), 2024 — thiếu 2022".

    A title counts once recorded, or when the same review grants it (marked); thematic, sudden and
    revoked awards do not count (NĐ 152/2025 Đ4.3 [V]), nor years before `floor` (`why` says why).
    """
    have: list[str] = []
    lacking: list[str] = []
    notes: list[str] = []
    for y in years:
        found = None
        for code in codes:
            found = ix.chain.get(code, {}).get(y)
            if found is not None:
                break
        if found is not None and y >= floor:
            have.append(award_evidence(found))
        elif y >= floor and any((code, y) in c.granting for code in codes):
            have.append(f"{y}{SAME_REVIEW}")
        else:
            lacking.append(str(y))
            if found is not None:
                notes.append(f"{y} không tính: {why}")
            else:
                notes.extend(_not_counted(c, ix, codes, y))
    label = c.name(codes[0])
    line = f"{label} {', '.join(have)}" if have else label
    if lacking:
        line += f" — thiếu {', '.join(lacking)}" if have else f": thiếu {', '.join(lacking)}"
    if notes:
        line += f" ({'; '.join(notes)})"
    return len(have), line


def _not_counted(c: Check, ix: HistoryIndex, codes: tuple[str, ...], y: int) -> list[str]:
    notes = []
    for code in codes:
        award = ix.other.get(code, {}).get(y)
        if award is not None:
            reason = "đã bị thu hồi" if award.revoked else f"khen thưởng {award.basis.label.lower()}"
            notes.append(f"{c.name(code)} {y} {reason}, không tính vào chuỗi")
    return notes


def held_years(c: Check, ix: HistoryIndex, codes: tuple[str, ...], last: int, floor: int = 0) -> list[int]:
    """Years up to `last` holding one of `codes` (recorded or granted by the same review), ascending."""
    years = {y for code in codes for y in ix.chain.get(code, {}) if floor <= y <= last}
    years.update(y for code, y in c.granting if code in codes and floor <= y <= last)
    return sorted(years)


def last_award_before(ix: HistoryIndex, codes: tuple[str, ...], year: int) -> int | None:
    """The latest chain-feeding award of `codes` before `year`: its achievements are spent."""
    found = [y for code in codes for y in ix.chain.get(code, {}) if y < year]
    return max(found) if found else None


def spent_floor(c: Check, ix: HistoryIndex, codes: tuple[str, ...]) -> tuple[int, str]:
    """Where a chain may start: after discipline, and after the last award of `codes` (Luật Đ5.2c [V]:
    one achievement, one award)."""
    floor, why = counts_from(ix, c.year)
    spent = last_award_before(ix, codes, c.year)
    if spent is not None and spent + 1 > floor:
        floor, why = spent + 1, f"đã dùng cho {c.name(codes[0])} {spent}"
    return floor, why


# --- ratings ----------------------------------------------------------------------------------------


def rating_line(
    c: Check, ix: HistoryIndex, accepted: tuple[RatingLevel, ...], year: int | None = None
) -> bool:
    """ "Xếp loại 2024: Hoàn thành tốt nhiệm vụ" in met when among `accepted`, else in missing."""
    y = c.year if year is None else year
    level = ix.levels.get(y)
    if level is None:
        c.missing.append(f"Chưa có xếp loại năm {y}")
        return False
    holder = ix.rating_of[y].holder
    source = f" (kế thừa hồ sơ của {holder})" if holder else ""
    if level in accepted:
        c.met.append(
            c.text(("rating", y, level.label, holder), lambda: f"Xếp loại {y}: {level.label}{source}")
        )
        return True
    lowest = accepted[-1].label.lower()
    c.missing.append(
        c.text(
            ("low", y, level.label, lowest, holder),
            lambda: f"Xếp loại {y}: {level.label}{source} (cần từ {lowest} trở lên)",
        )
    )
    return False


# --- initiatives --------------------------------------------------------------------------------------


def initiative_free(c: Check, ini: InitiativeRecord) -> bool:
    """An initiative backs one award (CV 5007/BNV-TĐKT [V]); between two danh hiệu only when the
    parameter allows it [P]. The award being judged may of course rest on its own initiative."""
    use = ini.used_by
    if use is None or (use.code == c.code and use.year == c.year):
        return True
    return use.is_title and c.code in c.rules.titles and bool(c.rules.get("initiative_reuse_between_titles"))


def initiatives(
    c: Check, found: Iterable[InitiativeRecord], min_level: InitiativeLevel, years: range | None = None
) -> tuple[list[InitiativeRecord], list[str]]:
    """Initiatives of at least `min_level`, recognised by the review year (in `years` if given), that may
    back this award, and notes on those already used by another award."""
    usable, used = [], []
    floor = LEVEL_RANK[min_level]
    for ini in found:
        if (
            LEVEL_RANK[ini.level] < floor
            or ini.year > c.year
            or (years is not None and ini.year not in years)
        ):
            continue
        if initiative_free(c, ini):
            usable.append(ini)
        else:
            use = ini.used_by
            used.append(f"“{ini.title}” đã dùng cho {c.name(use.code)} {use.year}")
    return usable, used


def initiative_line(
    c: Check,
    found: Iterable[InitiativeRecord],
    min_level: InitiativeLevel,
    what: str,
    years: range | None = None,
) -> bool:
    usable, used = initiatives(c, found, min_level, years)
    if usable:
        c.met.append(f"Có {what}: {usable[0].describe()}")
        c.relied.append(usable[0])
        return True
    line = f"Chưa có {what}"
    c.missing.append(f"{line} chưa dùng cho khen thưởng khác ({'; '.join(used)})" if used else line)
    return False


# --- the council ------------------------------------------------------------------------------------


def percent(value) -> str:
    return ratio_percent_text(value)


def vote(c: Check) -> None:
    """Secret ballot, counted on the whole membership (NĐ 98/2023 Đ30.7 [V]; from 01/07/2025 NĐ 152/2025 Đ33.5
    [V] for CSTĐ toàn quốc and Cờ thi đua của Chính phủ, the province's regulation for the rest)."""
    code = c.code

    def build() -> str:
        threshold = c.rules.get(f"vote_threshold.{code}")
        if threshold is None:
            return "Hội đồng TĐKT bỏ phiếu kín theo quy chế"
        return f"Hội đồng TĐKT bỏ phiếu kín: cần từ {percent(threshold)} tổng số thành viên đồng ý"

    c.pending.append(c.text(("vote", code), build))
