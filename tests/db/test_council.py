"""The council: membership by date, quorum, and thresholds counted on the whole membership."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from sqlalchemy import func, select

from app.errors import ValidationError
from app.services.council import (
    Tally,
    add_member,
    end_member,
    meeting_info,
    members_on,
    needed_votes,
    open_meeting,
    record_votes,
)
from app.services.nominations import BatchData, add_nomination, create_batch, load_batch, status_history
from app.text import fold
from database.enums import CouncilRole, NominationStatus, UnitKind
from database.models import Ballot, Person, Unit
from tests.office import SON_HA

S = NominationStatus
MEETING = dt.datetime(2025, 12, 10, 8, 30)


def test_needed_votes():
    assert needed_votes(Fraction(4, 5), 15) == 12  # 80% of 15 is exactly 12
    assert needed_votes(Fraction(4, 5), 17) == 14  # 13,6 rounds up
    assert needed_votes(Fraction(9, 10), 17) == 16
    assert needed_votes(None, 17) == 9 and needed_votes(None, 16) == 9  # more than half


@pytest.fixture
def council(ctx):
    members = [
        add_member(ctx, f"Thành viên {i}", dt.date(2024, 1, 1), role=CouncilRole.MEMBER) for i in range(10)
    ]
    chair = add_member(ctx, "Lê Văn Bình", dt.date(2024, 1, 1), "Giám đốc Sở", CouncilRole.CHAIR)
    gone = add_member(ctx, "Người đã chuyển công tác", dt.date(2024, 1, 1))
    end_member(ctx, gone, dt.date(2025, 6, 30))
    with ctx.write() as s:
        unit = Unit(
            name="Bệnh viện Đa khoa tỉnh", name_folded=fold("Bệnh viện Đa khoa tỉnh"), kind=UnitKind.HOSPITAL
        )
        s.add(unit)
        s.flush()
        people = [
            Person(full_name=n, name_folded=fold(n), sort_key=n, birth_year=1980, unit_id=unit.id)
            for n in ("Nguyễn Thị Lan", "Trần Văn Hùng", "Phạm Minh Châu")
        ]
        s.add_all(people)
        s.flush()
        ids = [p.id for p in people]
    batch = create_batch(ctx, BatchData(year=2025, title="Đề nghị 2025", received_on=dt.date(2025, 12, 1)))
    items = {
        "cstdcs": add_nomination(ctx, batch, "CSTDCS", person_id=ids[0]),
        "tinh": add_nomination(ctx, batch, "CSTD_TINH", person_id=ids[1]),
        "gk": add_nomination(ctx, batch, "GIAY_KHEN", person_id=ids[2]),
    }
    return {"members": members + [chair], "gone": gone, "items": items, "batch": batch}


def test_membership_follows_the_dates(ctx, council):
    assert len(members_on(ctx, dt.date(2025, 3, 1))) == 12
    on_meeting_day = members_on(ctx, MEETING.date())
    assert len(on_meeting_day) == 11 and on_meeting_day[0].role is CouncilRole.CHAIR


def test_a_meeting_without_quorum_cannot_vote(ctx, council):
    meeting = open_meeting(
        ctx, MEETING, 2025, present=council["members"][:8], written_opinions=council["members"][8:10]
    )
    info = meeting_info(ctx, meeting)
    assert (info.members_total, info.present, info.written_opinions, info.quorum_needed, info.quorum_met) == (
        11,
        8,
        2,
        9,
        False,
    )
    with pytest.raises(ValidationError, match="có 8/11 thành viên dự, chưa đủ 9 người"):
        record_votes(ctx, meeting, [Tally(council["items"]["cstdcs"], 10)])
    assert load_batch(ctx, council["batch"]).items[0].status is S.RECEIVED


def test_votes_are_counted_on_the_whole_council(ctx, council):
    members = council["members"]
    meeting = open_meeting(ctx, MEETING, 2025, present=members[:10], location="Phòng họp Sở")
    items = council["items"]
    results = record_votes(
        ctx,
        meeting,
        [
            Tally(items["cstdcs"], 9, 1),  # 80% of 11 is 8,8: needs 9
            Tally(items["tinh"], 9, 1),  # 90% of 11 is 9,9: needs 10
            Tally(items["gk"], 6, 4),  # no threshold set: a majority of 11 is 6
        ],
    )
    assert [(r.needed, r.passed, r.secret) for r in results] == [
        (9, True, True),
        (10, False, True),
        (6, True, False),
    ]
    assert results[1].summary == (
        "9/11 phiếu đồng ý (81,8%); cần từ 90% tổng số thành viên (10 phiếu): không đạt"
    )
    statuses = {i.id: i.status for i in load_batch(ctx, council["batch"]).items}
    assert statuses == {items["cstdcs"]: S.PASSED, items["tinh"]: S.FAILED, items["gk"]: S.PASSED}
    history = status_history(ctx, items["tinh"])
    assert [h.to_status for h in history] == [S.RECEIVED, S.IN_COUNCIL, S.FAILED]
    assert history[-1].reason.startswith("Hội đồng TĐKT họp ngày 10/12/2025: 9/11 phiếu")
    with ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Ballot)) == 3


def test_impossible_tallies_change_nothing(ctx, council):
    meeting = open_meeting(ctx, MEETING, 2025, present=council["members"][:10])
    items = council["items"]
    with pytest.raises(ValidationError, match="11 phiếu, nhiều hơn 10 thành viên"):
        record_votes(ctx, meeting, [Tally(items["cstdcs"], 9), Tally(items["gk"], 9, 2)])
    with pytest.raises(ValidationError, match="không thể âm"):
        record_votes(ctx, meeting, [Tally(items["cstdcs"], -1)])
    with ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Ballot)) == 0
    assert {i.status for i in load_batch(ctx, council["batch"]).items} == {S.RECEIVED}
    with pytest.raises(ValidationError, match="không phải thành viên Hội đồng vào ngày họp"):
        open_meeting(ctx, MEETING, 2025, present=[council["gone"]])


def test_the_minutes_are_drafted_from_the_meeting(ctx, council, tmp_path):
    import pypdf

    from app.services.agency import save_agency
    from app.services.council import meeting_record, meetings_in
    from app.services.documents import render_minutes

    save_agency(ctx, SON_HA)
    members = council["members"]
    meeting = open_meeting(
        ctx, MEETING, 2025, present=members[1:], location="Phòng họp Sở"
    )  # the chair and 9
    items = council["items"]
    voted = record_votes(
        ctx, meeting, [Tally(items["cstdcs"], 9, 1), Tally(items["tinh"], 9, 1), Tally(items["gk"], 6, 4)]
    )
    assert [m.id for m in meetings_in(ctx, 2025)] == [meeting] and meetings_in(ctx, 2024) == []
    record = meeting_record(ctx, meeting)
    assert record.results == tuple(voted)  # thresholds and needed votes read back as they were counted
    assert record.chair == "Lê Văn Bình" and record.secretary is None
    assert (
        record.attendees[0] == "Lê Văn Bình, Giám đốc Sở – Chủ tịch Hội đồng" and len(record.attendees) == 10
    )
    pages = pypdf.PdfReader(render_minutes(ctx, meeting, tmp_path / "bb.pdf")).pages
    text = " ".join(" ".join(p.extract_text() for p in pages).split())  # table cells wrap their lines
    assert "BIÊN BẢN" in text and "Phòng họp Sở" in text and "Nguyễn Thị Lan" in text
    assert "Chiến sĩ thi đua cấp tỉnh" in text and "Không đạt" in text
