"""A council meeting and its ballots, as the biên bản and the services both read them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from app.text.numbers import percent_text, share_text


@dataclass(frozen=True)
class MeetingInfo:
    id: int
    held_at: dt.datetime
    location: str | None
    year: int
    members_total: int
    present: int
    written_opinions: int
    quorum_needed: int

    @property
    def quorum_met(self) -> bool:
        return self.present >= self.quorum_needed


@dataclass(frozen=True)
class BallotResult:
    nomination_id: int
    subject_name: str
    award_name: str
    votes_for: int
    votes_against: int
    votes_invalid: int
    members_total: int
    threshold: Fraction | None  # None: a majority of the whole council
    needed: int
    passed: bool
    secret: bool

    @property
    def summary(self) -> str:
        share = share_text(self.votes_for, self.members_total)
        rule = (
            f"cần từ {_percent(self.threshold)} tổng số thành viên"
            if self.threshold is not None
            else "cần quá nửa tổng số thành viên"
        )
        return (
            f"{self.votes_for}/{self.members_total} phiếu đồng ý ({share}); {rule} "
            f"({self.needed} phiếu): {'đạt' if self.passed else 'không đạt'}"
        )


def _percent(share: Fraction) -> str:
    value = share * 100
    return f"{int(value)}%" if value.denominator == 1 else percent_text(float(value), 1)
