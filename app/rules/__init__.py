"""Eligibility rules: pure functions over a subject's history (no database, no Qt).

from app.rules import RuleBook, PersonHistory, judge
verdict = judge(history, "CSTDCS", 2024, book)   # Verdict(eligible, met, missing, pending, law, …)
verdict.status                                   # ELIGIBLE, PENDING (core conditions unchecked), NOT_YET, HELD
"""

from app.rules.conditions import ELIGIBLE, HELD, NOT_YET, PENDING, SAME_REVIEW, STATUS_TEXT, Verdict
from app.rules.engine import (
    ALL_CODES,
    PERSON_CODES,
    UNIT_CODES,
    UnknownTitle,
    judge,
    judge_dossier,
    judge_each,
)
from app.rules.history import (
    AwardRecord,
    AwardUse,
    ClusterRecord,
    DisciplineRecord,
    InitiativeRecord,
    MemberYear,
    PersonHistory,
    RatingRecord,
    UnitHistory,
)
from app.rules.parameters import MissingParameter, ParameterRow, RuleBook, review_date

__all__ = [
    "ALL_CODES",
    "ELIGIBLE",
    "HELD",
    "NOT_YET",
    "PENDING",
    "PERSON_CODES",
    "SAME_REVIEW",
    "STATUS_TEXT",
    "UNIT_CODES",
    "AwardRecord",
    "AwardUse",
    "ClusterRecord",
    "DisciplineRecord",
    "InitiativeRecord",
    "MemberYear",
    "MissingParameter",
    "ParameterRow",
    "PersonHistory",
    "RatingRecord",
    "RuleBook",
    "UnitHistory",
    "UnknownTitle",
    "Verdict",
    "judge",
    "judge_dossier",
    "judge_each",
    "review_date",
]
