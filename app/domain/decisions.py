"""A reward decision's list as drafted: what the decision, its register entry and its printout share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from app.rules.money import amount_in_words


@dataclass(frozen=True)
class DecisionLine:
    nomination_id: int
    subject_name: str
    birth_text: str
    position: str | None
    unit_name: str | None
    collective: bool
    award_code: str
    award_name: str
    coefficient: Decimal | None
    amount: int | None
    note: str | None = None  # why the amount is not the full one (one bonus per achievement)


@dataclass(frozen=True)
class DecisionDraft:
    issued_on: dt.date
    year: int
    subject: str
    base_salary: int
    rounding: int
    lines: tuple[DecisionLine, ...]
    legal_bases: tuple[
        str, ...
    ] = ()  # Căn cứ: by the decision's date (app.services.legal_bases) or the clerk's

    @property
    def individuals(self) -> int:
        return sum(1 for line in self.lines if not line.collective)

    @property
    def collectives(self) -> int:
        return sum(1 for line in self.lines if line.collective)

    @property
    def total(self) -> int:
        return sum(line.amount or 0 for line in self.lines)

    @property
    def total_in_words(self) -> str:
        return amount_in_words(self.total)

    def content(self) -> dict:
        """What the register keeps of the decision, for printing it again later exactly as issued."""
        return {
            "legal_bases": list(self.legal_bases),
            "base_salary": self.base_salary,
            "rounding": self.rounding,
            "lines": [
                {
                    "nomination_id": x.nomination_id,
                    "name": x.subject_name,
                    "birth": x.birth_text,
                    "position": x.position,
                    "unit": x.unit_name,
                    "collective": x.collective,
                    "award": x.award_code,
                    "award_name": x.award_name,
                    "coefficient": None if x.coefficient is None else str(x.coefficient),
                    "amount": x.amount,
                    "note": x.note,
                }
                for x in self.lines
            ],
            "total": self.total,
            "total_in_words": self.total_in_words,
        }
