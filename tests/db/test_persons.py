"""Staff upkeep (app.services.persons) on SQLite and PostgreSQL: add, correct, transfer, leave,
discipline, and ratings and awards entered by hand; every write audited, every refusal writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.errors import ValidationError
from app.services.persons import (
    DisciplineData,
    HistoryAward,
    LeaveReason,
    PersonData,
    Transfer,
    add_discipline,
    add_history_award,
    add_person,
    delete_discipline,
    delete_history_award,
    leave_person,
    lift_discipline,
    person_upkeep,
    set_person_rating,
    transfer_person,
    update_discipline,
    update_history_award,
    update_person,
)
from app.services.records import person_record
from app.services.staff import load_directory
from database.enums import AwardSource, DisciplineForm, Gender, RatingLevel
from database.models import AuditEntry, Award, AwardType, Discipline, Person, Posting, Rating
from tests.db.test_records import build_career


@pytest.fixture
def career(ctx):
    return build_career(ctx)


def _count(ctx, model) -> int:
    with ctx.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def _audits(ctx, entity: str, entity_id: int) -> list[AuditEntry]:
    with ctx.read() as s:
        return list(
            s.scalars(
                select(AuditEntry)
                .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
                .order_by(AuditEntry.id)
            )
        )


def _current_names(ctx) -> list[str]:
    return [r.full_name for r in load_directory(ctx).records]


def test_add_a_person_with_a_first_posting(ctx, career):
    pid = add_person(
        ctx,
        career["internal"],
        PersonData(
            "  nguyễn   văn hùng ",
            gender=Gender.MALE,
            birth_date=dt.date(1990, 2, 3),
            staff_code="BV-77",
            position="Bác sĩ",
        ),
        start_date=dt.date(2015, 8, 1),
    )
    record = person_record(ctx, pid)
    assert record.full_name == "Nguyễn Văn Hùng"  # tidied the way imports tidy names
    assert record.birth_year == 1990 and record.birth_text == "03/02/1990"
    assert record.unit_name == "Khoa Nội – Bệnh viện Đa khoa tỉnh" and record.staff_code == "BV-77"
    assert [(p.start_date, p.end_date, p.position) for p in record.postings] == [
        (dt.date(2015, 8, 1), None, "Bác sĩ")
    ]
    assert "Nguyễn Văn Hùng" in _current_names(ctx)
    (created,) = _audits(ctx, "person", pid)
    assert created.action == "create" and created.summary == "Thêm cán bộ Nguyễn Văn Hùng vào Khoa Nội"
    assert created.after["full_name"] == "Nguyễn Văn Hùng"


@pytest.mark.parametrize(
    ("data", "start", "message"),
    [
        (PersonData("   "), None, "Cần nhập họ và tên."),
        (PersonData("Lê Văn A", birth_date=dt.date(1990, 1, 1), birth_year=1991), None, "khác năm"),
        (PersonData("Lê Văn A", birth_date=dt.date.today() + dt.timedelta(days=3)), None, "tương lai"),
        (PersonData("Lê Văn A", birth_year=1800), None, "Năm sinh phải từ 1900"),
        (PersonData("Lê Văn A", birth_year=1990), dt.date(1985, 1, 1), r"trước năm sinh \(1990\)"),
        (PersonData("Lê Văn A", birth_date=dt.date(1990, 5, 5)), dt.date(1990, 5, 1), "trước ngày sinh"),
        (
            PersonData("Lê Văn A", birth_year=1990, health_sector_since=dt.date(1989, 1, 1)),
            None,
            "vào ngành Y tế",
        ),
        (PersonData("Lê Văn A", position="x" * 151), None, "Chức vụ dài quá 150"),
    ],
)
def test_adding_refuses_what_cannot_be(ctx, career, data, start, message):
    before = _count(ctx, Person)
    with pytest.raises(ValidationError, match=message):
        add_person(ctx, career["internal"], data, start_date=start)
    assert _count(ctx, Person) == before


def test_the_same_person_is_not_added_twice(ctx, career):
    with pytest.raises(ValidationError, match="Đã có Lê Văn Bình sinh 1975 ở Khoa Nội"):
        add_person(ctx, career["centre"], PersonData("lê văn bình", birth_year=1975))
    # a namesake told apart by the staff code, or born another year, is someone else
    add_person(ctx, career["centre"], PersonData("Lê Văn Bình", birth_year=1976))
    with ctx.write("Mã cán bộ") as s:
        s.get(Person, career["colleague"]).staff_code = "BV-1"
    add_person(ctx, career["centre"], PersonData("Lê Văn Bình", birth_year=1975, staff_code="TT-9"))
    assert _current_names(ctx).count("Lê Văn Bình") == 3


def test_adding_to_an_ended_unit_is_refused(ctx, career):
    with pytest.raises(ValidationError, match="không còn hoạt động"):
        add_person(ctx, career["closed"], PersonData("Lê Văn A"))
    with pytest.raises(ValidationError, match="Hãy chọn đơn vị"):
        add_person(ctx, None, PersonData("Lê Văn A"))


def test_editing_any_field_is_audited_before_and_after(ctx, career):
    nurse = career["nurse"]
    data = person_upkeep(ctx, nurse).data
    assert data.full_name == "Nguyễn Thị Ánh" and data.staff_code == "TTNS-0417"
    update_person(
        ctx,
        nurse,
        PersonData(
            "Nguyễn Thị Ánh Tuyết",
            gender=Gender.FEMALE,
            birth_date=dt.date(1988, 4, 19),
            staff_code="TTNS-0418",
            position="Phó Điều dưỡng trưởng",
            professional_title="Điều dưỡng hạng III",
            ethnicity="Mường",
            phone=None,
            health_sector_since=dt.date(2010, 9, 1),
        ),
    )
    record = person_record(ctx, nurse)
    assert record.full_name == "Nguyễn Thị Ánh Tuyết" and record.birth_text == "19/04/1988"
    assert record.ethnicity == "Mường" and record.phone is None and record.staff_code == "TTNS-0418"
    assert record.position == "Phó Điều dưỡng trưởng"
    assert record.postings[-1].position == "Phó Điều dưỡng trưởng"  # the open posting follows
    assert record.postings[0].position == "Điều dưỡng"  # the closed one is history
    (update,) = [a for a in _audits(ctx, "person", nurse) if a.action == "update"]
    assert update.summary == "Sửa thông tin cán bộ Nguyễn Thị Ánh Tuyết"
    assert update.before["birth_date"] == "1988-04-09" and update.after["birth_date"] == "1988-04-19"
    assert update.before["phone"] == "0912 345 678" and update.after["phone"] is None
    assert update.before["full_name"] == "Nguyễn Thị Ánh"
    assert "note" not in update.after  # only what changed
    assert _current_names(ctx).count("Nguyễn Thị Ánh Tuyết") == 1  # the search key follows the name


def test_birth_year_alone_and_a_correction_before_the_first_posting_is_refused(ctx, career):
    nurse = career["nurse"]
    update_person(ctx, nurse, PersonData("Nguyễn Thị Ánh", birth_year=1987))
    record = person_record(ctx, nurse)
    assert record.birth_date is None and record.birth_text == "1987"
    with pytest.raises(ValidationError, match="trước ngày sinh"):
        update_person(ctx, nurse, PersonData("Nguyễn Thị Ánh", birth_date=dt.date(2011, 1, 1)))
    assert person_record(ctx, nurse).birth_year == 1987


def test_transfer_ends_one_posting_and_starts_another(ctx, career):
    nurse = career["nurse"]
    transfer_person(
        ctx, nurse, Transfer(career["internal"], dt.date(2024, 3, 1), position="Điều dưỡng trưởng")
    )
    record = person_record(ctx, nurse)
    assert [(p.unit_name, p.start_date, p.end_date) for p in record.postings] == [
        ("Khoa Nội – Bệnh viện Đa khoa tỉnh", dt.date(2010, 9, 1), dt.date(2019, 12, 31)),
        ("Khoa Ngoại – Trung tâm Y tế huyện Nga Sơn", dt.date(2020, 1, 1), dt.date(2024, 2, 29)),
        ("Khoa Nội – Bệnh viện Đa khoa tỉnh", dt.date(2024, 3, 1), None),
    ]
    assert record.postings[-1].note == "Chuyển công tác từ Khoa Ngoại"
    assert record.unit_id == career["internal"] and record.position == "Điều dưỡng trưởng"
    assert record.professional_title == "Điều dưỡng hạng III"  # kept when not given
    with ctx.read() as s:
        summaries = set(
            s.scalars(
                select(AuditEntry.summary).where(
                    AuditEntry.entity == "posting", AuditEntry.summary != "Dữ liệu kiểm thử hồ sơ"
                )
            )
        )
    assert summaries == {"Điều chuyển Nguyễn Thị Ánh sang Khoa Nội từ 01/03/2024"}


@pytest.mark.parametrize(
    ("target", "day", "message"),
    [
        ("centre_ward", dt.date(2024, 3, 1), "đang công tác ở “Khoa Ngoại”"),
        ("internal", dt.date(2020, 1, 1), "phải sau ngày bắt đầu công tác hiện tại"),
        ("internal", dt.date(1980, 1, 1), "trước ngày sinh"),
        ("old_centre", dt.date(2024, 3, 1), "không còn hoạt động"),
    ],
)
def test_transfer_refusals_write_nothing(ctx, career, target, day, message):
    before = _count(ctx, Posting)
    with pytest.raises(ValidationError, match=message):
        transfer_person(ctx, career["nurse"], Transfer(career[target], day))
    assert _count(ctx, Posting) == before
    assert person_record(ctx, career["nurse"]).unit_id == career["centre_ward"]


def test_leaving_keeps_the_history_and_hides_from_current_rolls(ctx, career):
    nurse = career["nurse"]
    leave_person(ctx, nurse, dt.date(2025, 6, 30), LeaveReason.RETIRED, "Quyết định 12/QĐ-TTYT")
    record = person_record(ctx, nurse)
    assert record.left_on == dt.date(2025, 6, 30)
    assert record.postings[-1].end_date == dt.date(2025, 6, 30)
    assert record.postings[-1].note.endswith("Nghỉ hưu: Quyết định 12/QĐ-TTYT")
    assert len(record.ratings) == 3 and len(record.awards) == 4  # nothing of the record goes
    assert "Nguyễn Thị Ánh" not in _current_names(ctx)
    assert "Nguyễn Thị Ánh" in [r.full_name for r in load_directory(ctx, include_left=True).records]
    with pytest.raises(ValidationError, match="đã nghỉ từ ngày 30/06/2025"):
        transfer_person(ctx, nurse, Transfer(career["internal"], dt.date(2025, 8, 1)))
    with pytest.raises(ValidationError, match="đã nghỉ"):
        leave_person(ctx, nurse, dt.date(2025, 7, 1), LeaveReason.RESIGNED)
    (update,) = [a for a in _audits(ctx, "person", nurse) if a.action == "update"]
    assert update.before["left_on"] is None and update.after["left_on"] == "2025-06-30"
    assert update.summary == "Nguyễn Thị Ánh: nghỉ hưu từ 30/06/2025"


def test_leaving_before_the_current_posting_began_or_in_the_future_is_refused(ctx, career):
    with pytest.raises(ValidationError, match="trước ngày bắt đầu công tác hiện tại"):
        leave_person(ctx, career["nurse"], dt.date(2019, 12, 31), LeaveReason.MOVED_OUT)
    with pytest.raises(ValidationError, match="chưa đến"):
        leave_person(ctx, career["nurse"], dt.date.today() + dt.timedelta(days=1), LeaveReason.RETIRED)
    assert "Nguyễn Thị Ánh" in _current_names(ctx)


def test_record_and_lift_a_discipline(ctx, career):
    colleague = career["colleague"]
    did = add_discipline(
        ctx,
        colleague,
        DisciplineData(
            DisciplineForm.WARNING,
            effective_from=dt.date(2024, 5, 1),
            decided_on=dt.date(2024, 4, 25),
            decision_ref=" 15/QĐ-BV ",
            reason="Vi phạm quy chế chuyên môn",
        ),
    )
    (entry,) = person_record(ctx, colleague).disciplines
    assert entry.form is DisciplineForm.WARNING and entry.effective_to is None
    assert entry.decision_ref == "15/QĐ-BV"
    lift_discipline(ctx, did, dt.date(2025, 5, 1))
    assert person_record(ctx, colleague).disciplines[0].effective_to == dt.date(2025, 5, 1)
    audits = _audits(ctx, "discipline", did)
    assert [a.action for a in audits] == ["create", "update"]
    assert audits[1].summary == "Chấm dứt kỷ luật cảnh cáo – Lê Văn Bình từ 01/05/2025"
    assert audits[1].before == {"effective_to": None} or audits[1].before["effective_to"] is None
    with pytest.raises(ValidationError, match="đã hết hiệu lực"):
        lift_discipline(ctx, did, dt.date(2025, 6, 1))


def test_discipline_dates_in_order(ctx, career):
    with pytest.raises(ValidationError, match="trước ngày có hiệu lực"):
        add_discipline(
            ctx,
            career["colleague"],
            DisciplineData(DisciplineForm.REPRIMAND, dt.date(2024, 5, 1), effective_to=dt.date(2024, 4, 1)),
        )
    with pytest.raises(ValidationError, match="trước năm sinh"):
        add_discipline(
            ctx, career["colleague"], DisciplineData(DisciplineForm.REPRIMAND, dt.date(1970, 5, 1))
        )
    did = add_discipline(
        ctx, career["colleague"], DisciplineData(DisciplineForm.PENDING, dt.date(2024, 5, 1))
    )
    with pytest.raises(ValidationError, match="trước ngày kỷ luật có hiệu lực"):
        lift_discipline(ctx, did, dt.date(2024, 4, 30))
    with ctx.read() as s:
        assert s.scalar(select(Discipline.effective_to).where(Discipline.id == did)) is None


def test_one_persons_ratings(ctx, career):
    nurse = career["nurse"]
    set_person_rating(ctx, nurse, 2021, RatingLevel.GOOD, absent_days=4, document_ref="QĐ 9")
    set_person_rating(ctx, nurse, 2019, RatingLevel.EXCELLENT)
    set_person_rating(ctx, nurse, 2018, None)
    ratings = {r.year: (r.level, r.absent_days) for r in person_upkeep(ctx, nurse).ratings}
    assert ratings == {
        2019: (RatingLevel.EXCELLENT, None),
        2020: (RatingLevel.EXCELLENT, None),
        2021: (RatingLevel.GOOD, 4),
    }
    with ctx.read() as s:
        actions = list(
            s.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.entity == "rating", AuditEntry.summary != "Dữ liệu kiểm thử hồ sơ")
                .order_by(AuditEntry.id)
            )
        )
    assert actions == ["create", "update", "delete"]
    before = _count(ctx, Rating)
    for year, level, days, message in (
        (dt.date.today().year + 1, RatingLevel.GOOD, None, "Năm xếp loại"),
        (2021, RatingLevel.GOOD, -1, "Số ngày nghỉ"),
        (1990, RatingLevel.GOOD, None, "quá sớm so với năm sinh"),
        (2022, None, 3, "Hãy chọn mức xếp loại"),
    ):
        with pytest.raises(ValidationError, match=message):
            set_person_rating(ctx, nurse, year, level, absent_days=days)
    assert _count(ctx, Rating) == before


def test_awards_entered_by_hand_only(ctx, career):
    nurse = career["nurse"]
    upkeep = person_upkeep(ctx, nurse)
    editable = {a.name: a.editable for a in upkeep.awards}
    assert editable == {
        "Lao động tiên tiến": True,
        "Chiến sĩ thi đua cơ sở": False,  # a decision of the program made it
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh": False,
    }  # the revoked one is not offered
    with ctx.read() as s:
        codes = dict(s.execute(select(AwardType.code, AwardType.id)).all())
        program_award = s.scalar(select(Award.id).where(Award.person_id == nurse, Award.year == 2020))
        hand = s.scalar(select(Award.id).where(Award.person_id == nurse, Award.year == 2018))
    aid = add_history_award(
        ctx,
        nurse,
        HistoryAward(codes["GIAY_KHEN"], 2016, decision_number="5/QĐ-SYT", decision_issuer="Sở Y tế"),
    )
    with ctx.read() as s:
        award = s.get(Award, aid)
        assert award.source is AwardSource.HISTORY and not award.is_title
    update_history_award(ctx, aid, HistoryAward(codes["GIAY_KHEN"], 2017, decision_number="6/QĐ-SYT"))
    (update,) = [a for a in _audits(ctx, "award", aid) if a.action == "update"]
    assert update.before["year"] == 2016 and update.after["year"] == 2017
    with pytest.raises(ValidationError, match="đã có danh hiệu"):
        add_history_award(ctx, nurse, HistoryAward(codes["LDTT"], 2018))
    with pytest.raises(ValidationError, match="quyết định trong chương trình"):
        update_history_award(ctx, program_award, HistoryAward(codes["CSTDCS"], 2019))
    with pytest.raises(ValidationError, match="quyết định trong chương trình"):
        delete_history_award(ctx, program_award)
    with pytest.raises(ValidationError, match="không tặng cho cá nhân"):
        add_history_award(ctx, nurse, HistoryAward(codes["TTLDXS"], 2019))
    delete_history_award(ctx, aid)
    delete_history_award(ctx, hand)
    names = [a.name for a in person_record(ctx, nurse).awards]
    assert "Lao động tiên tiến" not in names and "Chiến sĩ thi đua cơ sở" in names


def test_correct_or_delete_a_discipline_entered_by_mistake(ctx, career):
    colleague = career["colleague"]
    did = add_discipline(ctx, colleague, DisciplineData(DisciplineForm.REPRIMAND, dt.date(2024, 5, 1)))
    update_discipline(
        ctx, did, DisciplineData(DisciplineForm.WARNING, dt.date(2024, 6, 1), decision_ref="16/QĐ-BV")
    )
    (entry,) = person_record(ctx, colleague).disciplines
    assert (entry.form, entry.effective_from, entry.decision_ref) == (
        DisciplineForm.WARNING,
        dt.date(2024, 6, 1),
        "16/QĐ-BV",
    )
    with pytest.raises(ValidationError, match="trước ngày có hiệu lực"):
        update_discipline(
            ctx, did, DisciplineData(DisciplineForm.WARNING, dt.date(2024, 6, 1), dt.date(2024, 1, 1))
        )
    delete_discipline(ctx, did)
    assert person_record(ctx, colleague).disciplines == ()
    assert [a.action for a in _audits(ctx, "discipline", did)] == ["create", "update", "delete"]
