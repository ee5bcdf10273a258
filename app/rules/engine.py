"""One entry point: `judge(subject, code, year, book)` → Verdict, for a person or a unit.

    book = RuleBook(parameter_rows, short_names, title_codes)
    verdict = judge(person_history, "CSTD_TINH", 2024, book, granting=frozenset({("CSTDCS", 2024)}))

`granting` holds the (code, year) pairs the same review is granting this subject; they count in
chains, marked " (đang xét cùng đợt)". For a unit, `members_granting` does the same for its members.
`on` judges under the rules in force that day instead of the year-end review's; `judge_dossier` judges a
nomination under the rules of the day its dossier was received, or today's when they favour the nominee.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from app.rules import persons, units
from app.rules.conditions import Check, Verdict
from app.rules.history import PersonHistory, UnitHistory
from app.rules.parameters import RuleBook

PERSON_CODES = tuple(persons.RULES)
UNIT_CODES = tuple(units.RULES)
ALL_CODES = tuple(dict.fromkeys(PERSON_CODES + UNIT_CODES))


class UnknownTitle(ValueError):
    """A code the engine has no rule for, for this kind of subject."""

    def __init__(self, code: str, collective: bool):
        kind = "tập thể" if collective else "cá nhân"
        super().__init__(f"Không có quy tắc xét “{code}” cho {kind}.")


def judge(subject: PersonHistory | UnitHistory, code: str, year: int, book: RuleBook,
          granting: frozenset = frozenset(), members_granting: Mapping[int, frozenset] | None = None,
          on: dt.date | None = None) -> Verdict:
    collective = isinstance(subject, UnitHistory)
    rule = (units.RULES if collective else persons.RULES).get(code)
    if rule is None:
        raise UnknownTitle(code, collective)
    rules = book.year(year, on)
    shape = None if collective else persons.SHAPES.get(code)
    key = (code, shape(subject, year, granting)) if shape is not None else None
    if key is not None and key[1] is not None:
        found = rules.verdicts.get(key)
        if found is None:
            found = rules.verdicts[key] = _run(rule, Check(code, rules), subject)
        return found
    return _run(rule, Check(code, rules, granting, members_granting), subject)


def judge_dossier(subject: PersonHistory | UnitHistory, code: str, year: int, book: RuleBook, received: dt.date,
                  today: dt.date, granting: frozenset = frozenset(),
                  members_granting: Mapping[int, frozenset] | None = None) -> Verdict:
    """A nomination's verdict under the rule set in force when its dossier was received; under the one in force
    `today` instead when that one makes the nominee eligible and the first does not (Luật 06/2026/QH16: a
    dossier received before 01/10/2026 is handled under Luật 06/2022/QH15 unless the amended rule favours
    the subject [P]). The verdict's `law` names the rule set that judged it."""
    first = judge(subject, code, year, book, granting, members_granting, received)
    if first.eligible or today <= received or book.year(year, today) is book.year(year, received):
        return first
    later = judge(subject, code, year, book, granting, members_granting, today)
    if not later.eligible:
        return first
    if later.law == first.law:
        return later
    return later._replace(law=f"{later.law} (có lợi hơn {first.law} áp dụng khi nhận hồ sơ)")


def _run(rule, check: Check, subject) -> Verdict:
    rule(check, subject)
    return check.verdict()
