"""The verdict beside each nomination: judged on the recorded history, with what the same batch proposes
counting as "đang xét cùng đợt"."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from sqlalchemy import func, select

from app.errors import ValidationError
from app.services.council import Tally, add_member, hold_meeting, thresholds_on
from app.services.eligibility import load_histories
from app.services.nominations import BatchData, add_nomination, change_status, create_batch, load_batch
from app.services.review import item_verdicts
from app.services.units import UnitData, create_unit, create_unit_under_department
from app.text import fold
from database.enums import (
    AuthorityLevel,
    AwardBasis,
    AwardCategory,
    AwardSource,
    NominationStatus,
    RatingLevel,
    UnitKind,
)
from database.models import Award, AwardType, CouncilMeeting, Person, Posting, Rating

YEAR = 2025
SAME = "(đang xét cùng đợt)"


def build_history(ctx) -> dict[str, int]:
    """A hospital rated HTTNV in 2025 with three doctors: Lan, HTXSNV every year and CSTĐCS in 2023 and 2024;
    Hùng and Châu, HTTNV."""
    create_unit(ctx, None, UnitData("Sở Y tế", UnitKind.DEPARTMENT))
    hospital = create_unit_under_department(ctx, "Bệnh viện Đa khoa tỉnh", UnitKind.HOSPITAL)
    with ctx.write() as s:
        people = {}
        for key, name, born in (
            ("lan", "Nguyễn Thị Lan", 1980),
            ("hung", "Trần Văn Hùng", 1975),
            ("chau", "Phạm Minh Châu", 1990),
        ):
            person = Person(
                full_name=name,
                name_folded=fold(name),
                sort_key=fold(name),
                birth_date=dt.date(born, 3, 1),
                birth_year=born,
                unit_id=hospital,
                position="Bác sĩ",
            )
            s.add(person)
            s.flush()
            s.add(Posting(person_id=person.id, unit_id=hospital, start_date=dt.date(2010, 1, 1)))
            people[key] = person.id
        for key, level in (
            ("lan", RatingLevel.EXCELLENT),
            ("hung", RatingLevel.GOOD),
            ("chau", RatingLevel.GOOD),
        ):
            for year in (2023, 2024, YEAR):
                s.add(Rating(person_id=people[key], year=year, level=level))
        s.add(Rating(unit_id=hospital, year=YEAR, level=RatingLevel.GOOD))
        types = {t.code: t.id for t in s.query(AwardType)}
        for year in (2023, 2024):
            s.add(
                Award(
                    person_id=people["lan"],
                    award_type_id=types["CSTDCS"],
                    is_title=True,
                    year=year,
                    source=AwardSource.HISTORY,
                    decision_number=f"{year}/QĐ-SYT",
                )
            )
        return {"hospital": hospital, **people}


@pytest.fixture
def world(ctx):
    return build_history(ctx)


def new_batch(ctx, world) -> int:
    return create_batch(
        ctx,
        BatchData(
            year=YEAR,
            title="Đề nghị khen thưởng năm 2025",
            unit_id=world["hospital"],
            received_on=dt.date(YEAR, 12, 1),
        ),
    )


def test_each_item_is_judged_on_its_subjects_history(ctx, world):
    batch = new_batch(ctx, world)
    lan = add_nomination(ctx, batch, "CSTDCS", person_id=world["lan"])
    hung = add_nomination(ctx, batch, "CSTDCS", person_id=world["hung"])
    verdicts = item_verdicts(ctx, load_batch(ctx, batch).items)
    assert verdicts[lan].eligible and not verdicts[lan].missing
    assert "Xếp loại Hoàn thành xuất sắc nhiệm vụ năm 2025" in verdicts[lan].met
    assert any("Hội đồng TĐKT bỏ phiếu kín" in p for p in verdicts[lan].pending)  # the vote comes later
    assert not verdicts[hung].eligible
    assert verdicts[hung].missing == (
        "Năm 2025 chưa xếp loại Hoàn thành xuất sắc nhiệm vụ và chưa có sáng kiến, đề tài được công nhận",
    )


def test_what_the_batch_proposes_counts_in_chains_until_it_is_withdrawn(ctx, world):
    batch = new_batch(ctx, world)
    base = add_nomination(ctx, batch, "CSTDCS", person_id=world["lan"])
    province = add_nomination(ctx, batch, "CSTD_TINH", person_id=world["lan"])
    verdict = item_verdicts(ctx, load_batch(ctx, batch).items)[province]
    assert f"CSTĐCS 2023 (QĐ 2023/QĐ-SYT), 2024 (QĐ 2024/QĐ-SYT), 2025 {SAME}" in verdict.met
    assert any("sáng kiến" in m for m in verdict.missing)  # no province-level initiative: still not eligible
    assert not verdict.eligible

    change_status(ctx, [base], NominationStatus.WITHDRAWN, "Đơn vị rút đề nghị")
    verdict = item_verdicts(ctx, load_batch(ctx, batch).items)[province]
    assert not any(SAME in line for line in verdict.met + verdict.missing)
    assert any(m.startswith("CSTĐCS 2023") and "2025" in m for m in verdict.missing)


def test_a_collective_counts_its_members_proposed_in_the_same_batch(ctx, world):
    batch = new_batch(ctx, world)
    unit_item = add_nomination(ctx, batch, "TTLDTT", unit_id=world["hospital"])
    verdict = item_verdicts(ctx, load_batch(ctx, batch).items)[unit_item]
    assert not verdict.eligible and any("0/3 thành viên" in m for m in verdict.missing)

    for key in ("lan", "hung", "chau"):
        add_nomination(ctx, batch, "LDTT", person_id=world[key])
    verdicts = item_verdicts(ctx, load_batch(ctx, batch).items)
    assert verdicts[unit_item].eligible
    assert any("3/3 thành viên" in m and f"trong đó 3 {SAME}" in m for m in verdicts[unit_item].met)
    # an item never counts for itself: each LĐTT stands on the person's rating
    assert all(verdicts[i.id].eligible for i in load_batch(ctx, batch).items if i.award_code == "LDTT")


def test_a_form_without_a_rule_gets_no_verdict_and_stale_histories_are_read_again(ctx, world):
    with ctx.write() as s:
        s.add(
            AwardType(
                code="GK_CD",
                name="Giấy khen Công đoàn ngành",
                short_name="Giấy khen CĐ",
                category=AwardCategory.HONOR,
                level=AuthorityLevel.OTHER,
                granted_by="Công đoàn ngành Y tế",
                local=True,
            )
        )
    histories = load_histories(ctx)
    with ctx.write() as s:  # a person added after the histories were read
        newcomer = Person(
            full_name="Lê Thị Mai",
            name_folded="le thi mai",
            sort_key="mai",
            birth_year=1995,
            unit_id=world["hospital"],
        )
        s.add(newcomer)
        s.flush()
        s.add(Rating(person_id=newcomer.id, year=YEAR, level=RatingLevel.GOOD))
        s.add(Posting(person_id=newcomer.id, unit_id=world["hospital"], start_date=dt.date(2020, 1, 1)))
        mai = newcomer.id
    batch = new_batch(ctx, world)
    local = add_nomination(ctx, batch, "GK_CD", person_id=world["hung"], basis=AwardBasis.THEMATIC)
    ldtt = add_nomination(ctx, batch, "LDTT", person_id=mai)
    verdicts = item_verdicts(ctx, load_batch(ctx, batch).items, histories)
    assert verdicts[local] is None
    assert verdicts[ldtt].eligible


def test_a_meeting_and_its_votes_are_written_together(ctx, world):
    """The page's meeting dialog saves through hold_meeting: a refused count leaves no meeting behind."""
    members = [add_member(ctx, f"Thành viên {i}", dt.date(2024, 1, 1)) for i in range(5)]
    batch = new_batch(ctx, world)
    lan = add_nomination(ctx, batch, "CSTDCS", person_id=world["lan"])
    held_at = dt.datetime(YEAR, 12, 10, 8, 0)
    with pytest.raises(ValidationError, match="nhiều hơn 4 thành viên"):
        hold_meeting(ctx, held_at, YEAR, members[:4], [], [Tally(lan, 5)])
    with ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(CouncilMeeting)) == 0
    meeting, results = hold_meeting(
        ctx, held_at, YEAR, members[:4], members[4:], [Tally(lan, 4, 1)], "Phòng họp"
    )
    assert [(r.needed, r.passed) for r in results] == [(4, True)]  # 80% of 5
    assert thresholds_on(ctx, ["CSTDCS", "LDTT"], held_at.date()) == {"CSTDCS": Fraction(4, 5), "LDTT": None}
    assert load_batch(ctx, batch).items[0].status is NominationStatus.PASSED
    with ctx.read() as s:
        assert s.get(CouncilMeeting, meeting).location == "Phòng họp"


def test_titles_nominated_without_registration_are_flagged(ctx, world):
    from app.services.registrations import RegistrationData, save_registration
    from app.services.review import unregistered_items

    save_registration(
        ctx,
        RegistrationData(
            year=YEAR,
            unit_id=world["hospital"],
            persons=((world["lan"], "CSTDCS"), (world["chau"], "CSTDCS")),
        ),
    )
    batch = new_batch(ctx, world)
    lan = add_nomination(ctx, batch, "CSTDCS", person_id=world["lan"])
    hung = add_nomination(ctx, batch, "CSTDCS", person_id=world["hung"])
    chau = add_nomination(ctx, batch, "LDTT", person_id=world["chau"])  # covered by her CSTĐCS registration
    unit = add_nomination(ctx, batch, "TTLDTT", unit_id=world["hospital"])
    gk = add_nomination(ctx, batch, "GIAY_KHEN", person_id=world["hung"])  # a form: no registration asked
    flagged = unregistered_items(ctx, load_batch(ctx, batch).items)
    assert flagged == {hung, unit} and not {lan, chau, gk} & flagged
