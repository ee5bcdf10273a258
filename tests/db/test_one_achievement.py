"""One achievement, one award (Luật TĐKT 2022 Điều 5 khoản 2 điểm c; CV 5007/BNV-TĐKT): issuing a decision
marks the initiatives its awards rested on (initiative.used_by_award_id), and the rules then count such an
initiative only for that award."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.services.decisions import forward_to_higher, issue_decision, record_higher_decision
from app.services.eligibility import eligibility
from app.services.nominations import BatchData, add_nomination, create_batch
from app.text import fold
from database.enums import (
    AuthorityLevel,
    AwardSource,
    InitiativeLevel,
    NominationStatus,
    RatingLevel,
)
from database.models import AuditEntry, Award, AwardType, Initiative, InitiativeAuthor, Person, Rating
from tests.council_vote import pass_by_council
from tests.db.test_no_award_twice import agency_and_hospital

S = NominationStatus


@pytest.fixture
def desk(ctx):
    """Lan: CSTĐCS 2023, 2024 on record, rated HTTNV in 2025 with a sáng kiến of tỉnh scope recognised in
    2025. Minh: rated HTXSNV in 2025 with a sáng kiến cơ sở of 2025."""
    signer, hospital_id = agency_and_hospital(ctx)
    with ctx.write() as s:
        types = dict(s.execute(select(AwardType.code, AwardType.id)).all())
        ids = {"hospital": hospital_id}
        for key, name, level, sk_level in (
            ("lan", "Nguyễn Thị Lan", RatingLevel.GOOD, InitiativeLevel.PROVINCE),
            ("minh", "Trần Văn Minh", RatingLevel.EXCELLENT, InitiativeLevel.BASE),
        ):
            p = Person(
                full_name=name,
                name_folded=fold(name),
                sort_key=name,
                birth_year=1980,
                unit_id=hospital_id,
                health_sector_since=dt.date(2005, 1, 1),
            )
            s.add(p)
            s.flush()
            s.add_all(Rating(person_id=p.id, year=y, level=RatingLevel.EXCELLENT) for y in (2023, 2024))
            s.add(Rating(person_id=p.id, year=2025, level=level))
            ini = Initiative(
                title=f"Sáng kiến của {name}",
                unit_id=hospital_id,
                year=2025,
                level=sk_level,
                decision_number="15/QĐ-BV",
            )
            s.add(ini)
            s.flush()
            s.add(InitiativeAuthor(initiative_id=ini.id, person_id=p.id))
            ids[key], ids[f"{key}_sk"] = p.id, ini.id
        s.add_all(
            Award(
                person_id=ids["lan"],
                award_type_id=types["CSTDCS"],
                is_title=True,
                year=y,
                source=AwardSource.HISTORY,
                decision_number=f"{y}/QĐ-SYT",
            )
            for y in (2023, 2024)
        )
    batch = create_batch(
        ctx,
        BatchData(year=2025, title="CSTĐCS 2025", unit_id=ids["hospital"], received_on=dt.date(2025, 12, 1)),
    )
    items = [add_nomination(ctx, batch, "CSTDCS", person_id=ids[k]) for k in ("lan", "minh")]
    pass_by_council(ctx, items)
    return {**ids, "items": items, "signer": signer}


def used_by(ctx, initiative_id):
    with ctx.read() as s:
        return s.get(Initiative, initiative_id).used_by_award_id


def test_issuing_marks_the_initiatives_the_awards_rested_on(ctx, desk):
    """Luật Đ23, Đ5.2c: Lan's CSTĐCS 2025 rests on her sáng kiến (HTTNV only), so it is marked used by that
    award, in the audit trail too; Minh's rests on his HTXSNV rating, so his sáng kiến stays free."""
    issued = issue_decision(ctx, desk["items"], dt.date(2025, 12, 20), desk["signer"])
    with ctx.read() as s:
        lan_award = s.scalar(
            select(Award.id).where(Award.decision_id == issued.decision_id, Award.person_id == desk["lan"])
        )
        assert s.scalars(
            select(AuditEntry.after).where(AuditEntry.entity == "initiative", AuditEntry.action == "update")
        ).all() == [{"used_by_award_id": lan_award}]
    assert used_by(ctx, desk["lan_sk"]) == lan_award
    assert used_by(ctx, desk["minh_sk"]) is None


def test_a_used_initiative_is_not_counted_again_for_another_award(ctx, desk):
    """CV 5007/BNV-TĐKT and `initiative_reuse_between_titles` (false): the sáng kiến behind Lan's CSTĐCS 2025
    cannot also carry her CSTĐ cấp tỉnh 2025, though her three CSTĐCS are there (Luật Đ22)."""
    before = {c.full_name: c.verdict for c in eligibility(ctx, 2025, "CSTD_TINH")}
    issue_decision(ctx, desk["items"], dt.date(2025, 12, 20), desk["signer"])
    after = {c.full_name: c.verdict for c in eligibility(ctx, 2025, "CSTD_TINH")}
    lan = after["Nguyễn Thị Lan"]
    assert not lan.eligible
    assert "“Sáng kiến của Nguyễn Thị Lan” đã dùng cho CSTĐCS 2025" in " ".join(lan.missing)
    assert "CSTĐCS 2023" in " ".join(lan.met)  # the chain itself holds
    assert "đã dùng" not in " ".join(before["Nguyễn Thị Lan"].missing)


def test_a_higher_decision_marks_them_too(ctx, desk):
    """A Bằng khen of the province recorded when it comes back marks the two sáng kiến it rested on (Luật Đ74)."""
    with ctx.write() as s:
        extra = Initiative(
            title="Sổ tay điều dưỡng", unit_id=desk["hospital"], year=2024, level=InitiativeLevel.BASE
        )
        s.add(extra)
        s.flush()
        s.add(InitiativeAuthor(initiative_id=extra.id, person_id=desk["minh"]))
        extra_id = extra.id
    batch = create_batch(ctx, BatchData(year=2025, title="Bằng khen 2025", received_on=dt.date(2025, 12, 1)))
    item = add_nomination(ctx, batch, "BK_TINH", person_id=desk["minh"])
    pass_by_council(ctx, [item])
    forward_to_higher(ctx, [item], dt.date(2025, 12, 22), desk["signer"])
    decided = record_higher_decision(
        ctx, [item], "88/QĐ-UBND", dt.date(2026, 1, 10), "UBND tỉnh Sơn Hà", AuthorityLevel.PROVINCE
    )
    with ctx.read() as s:
        award = s.scalar(select(Award.id).where(Award.decision_id == decided.decision_id))
    assert used_by(ctx, extra_id) == award and used_by(ctx, desk["minh_sk"]) == award
