"""A write to the histories the eligibility tests share: a CSTĐCS of 2023 recorded for Trần Văn Đức."""

from __future__ import annotations

from sqlalchemy import select

from database.enums import AwardSource
from database.models import Award, AwardType, Person


def record_cstdcs_2023_for_duc(ctx) -> None:
    with ctx.write("Ghi CSTĐCS 2023") as s:
        duc = s.scalar(select(Person.id).where(Person.full_name == "Trần Văn Đức"))
        s.add(
            Award(
                person_id=duc,
                award_type_id=s.scalar(select(AwardType.id).where(AwardType.code == "CSTDCS")),
                is_title=True,
                year=2023,
                source=AwardSource.HISTORY,
                decision_number="77/QĐ-SYT",
            )
        )
