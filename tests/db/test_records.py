"""Hồ sơ cá nhân / đơn vị (app.services.records) on SQLite and PostgreSQL, built from real rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import event, select

from app.services.records import RecordNotFound, person_record, unit_choices, unit_record
from app.services.units import record_event
from app.text import fold, name_sort_key
from database.enums import (
    AuthorityLevel,
    AwardBasis,
    AwardSource,
    DecisionStatus,
    DisciplineForm,
    DocumentKind,
    DocumentStatus,
    EventRole,
    Gender,
    InitiativeLevel,
    RatingLevel,
    UnitEventKind,
    UnitKind,
    UnitStatus,
)
from database.models import (
    Award,
    AwardType,
    Decision,
    Discipline,
    Initiative,
    InitiativeAuthor,
    OutgoingDocument,
    Person,
    Posting,
    Rating,
    Unit,
    UnitEvent,
    UnitEventLink,
    UnitName,
)


def _unit(s, name: str, kind: UnitKind, parent: Unit | None = None, **kw) -> Unit:
    unit = Unit(name=name, name_folded=fold(name), kind=kind, parent_id=parent.id if parent else None, **kw)
    s.add(unit)
    s.flush()
    return unit


def _person(s, name: str, unit: Unit, **kw) -> Person:
    person = Person(
        full_name=name, name_folded=fold(name), sort_key=name_sort_key(name), unit_id=unit.id, **kw
    )
    s.add(person)
    s.flush()
    return person


def build_career(ctx) -> dict[str, int]:
    """A small province: a hospital with a department, a renamed health centre that took over a merged
    one, and a nurse who moved from the hospital to the health centre with ratings, an initiative
    (written with a colleague, used for her CSTĐCS) and awards from three kinds of source."""
    with ctx.write("Dữ liệu kiểm thử hồ sơ") as s:
        codes = dict(s.execute(select(AwardType.code, AwardType.id)).all())
        department = _unit(s, "Sở Y tế", UnitKind.DEPARTMENT)
        hospital = _unit(
            s,
            "Bệnh viện Đa khoa tỉnh",
            UnitKind.HOSPITAL,
            department,
            code="BVDK",
            address="12 Lê Lợi",
            head_name="Trần Văn Khải",
        )
        internal = _unit(s, "Khoa Nội", UnitKind.CLINICAL_DEPT, hospital)
        centre = _unit(
            s,
            "Trung tâm Y tế khu vực Nga Sơn",
            UnitKind.HEALTH_CENTER,
            department,
            code="TTYT.NS",
            short_name="TTYT KV Nga Sơn",
        )
        centre_ward = _unit(s, "Khoa Ngoại", UnitKind.CLINICAL_DEPT, centre)
        old_centre = _unit(s, "Trung tâm Y tế huyện Hà Trung", UnitKind.HEALTH_CENTER, department)
        closed = _unit(
            s,
            "Phòng khám đa khoa khu vực",
            UnitKind.OTHER,
            department,
            status=UnitStatus.DISSOLVED,
            ended_on=dt.date(2020, 1, 1),
        )

        rename = UnitEvent(
            kind=UnitEventKind.RENAME, event_date=dt.date(2025, 7, 1), decision_ref="QĐ 1620/QĐ-UBND"
        )
        rename.links = [
            UnitEventLink(unit_id=centre.id, role=EventRole.PREDECESSOR),
            UnitEventLink(unit_id=centre.id, role=EventRole.SUCCESSOR),
        ]
        s.add(rename)
        s.flush()
        s.add(
            UnitName(
                unit_id=centre.id,
                name="Trung tâm Y tế huyện Nga Sơn",
                valid_from=None,
                valid_to=dt.date(2025, 6, 30),
                event_id=rename.id,
            )
        )

        nurse = _person(
            s,
            "Nguyễn Thị Ánh",
            centre_ward,
            gender=Gender.FEMALE,
            birth_date=dt.date(1988, 4, 9),
            birth_year=1988,
            ethnicity="Kinh",
            position="Điều dưỡng trưởng",
            professional_title="Điều dưỡng hạng III",
            health_sector_since=dt.date(2010, 9, 1),
            phone="0912 345 678",
            staff_code="TTNS-0417",
        )
        colleague = _person(s, "Lê Văn Bình", internal, gender=Gender.MALE, birth_year=1975)
        _person(s, "Đỗ Thị Cúc", centre, gender=Gender.FEMALE, birth_year=1990)
        _person(
            s, "Phạm Văn Dũng", centre_ward, gender=Gender.MALE, birth_year=1960, left_on=dt.date(2020, 5, 1)
        )
        s.add_all(
            [
                Posting(
                    person_id=nurse.id,
                    unit_id=internal.id,
                    position="Điều dưỡng",
                    start_date=dt.date(2010, 9, 1),
                    end_date=dt.date(2019, 12, 31),
                ),
                Posting(
                    person_id=nurse.id,
                    unit_id=centre_ward.id,
                    position="Điều dưỡng trưởng",
                    professional_title="Điều dưỡng hạng III",
                    start_date=dt.date(2020, 1, 1),
                    note="Chuyển công tác từ Bệnh viện Đa khoa tỉnh",
                ),
            ]
        )
        s.add_all(
            [
                Rating(person_id=nurse.id, year=2019, level=RatingLevel.GOOD),
                Rating(person_id=nurse.id, year=2018, level=RatingLevel.EXCELLENT, absent_days=2),
                Rating(
                    person_id=nurse.id, year=2020, level=RatingLevel.EXCELLENT, document_ref="QĐ 15/QĐ-TTYT"
                ),
                Rating(unit_id=centre.id, year=2024, level=RatingLevel.EXCELLENT),
                Rating(unit_id=old_centre.id, year=2024, level=RatingLevel.GOOD),
            ]
        )
        s.add(
            Discipline(
                person_id=nurse.id,
                form=DisciplineForm.REPRIMAND,
                decided_on=dt.date(2016, 3, 1),
                effective_from=dt.date(2016, 3, 1),
                effective_to=dt.date(2016, 9, 1),
                decision_ref="QĐ 7/QĐ-BV",
                reason="Đi muộn nhiều lần",
            )
        )

        document = OutgoingDocument(
            kind=DocumentKind.DECISION,
            year=2020,
            number=7,
            symbol="QĐ-SYT",
            issued_on=dt.date(2020, 12, 20),
            subject="Về việc công nhận CSTĐCS",
            status=DocumentStatus.REGISTERED,
        )
        s.add(document)
        s.flush()
        own = Decision(
            document_id=document.id,
            issued_on=dt.date(2020, 12, 20),
            issuer="Sở Y tế",
            level=AuthorityLevel.DEPARTMENT,
            year=2020,
            subject="Về việc công nhận CSTĐCS",
            status=DecisionStatus.ISSUED,
        )
        province = Decision(
            number_text="4465/QĐ-UBND",
            issued_on=dt.date(2021, 12, 26),
            issuer="UBND tỉnh",
            level=AuthorityLevel.PROVINCE,
            year=2021,
            subject="Tặng Bằng khen",
            status=DecisionStatus.ISSUED,
        )
        s.add_all([own, province])
        s.flush()
        cstdcs = Award(
            person_id=nurse.id,
            award_type_id=codes["CSTDCS"],
            is_title=True,
            year=2020,
            decision_id=own.id,
            bonus_amount=1_490_000,
        )
        honour = Award(
            person_id=nurse.id,
            award_type_id=codes["BK_TINH"],
            is_title=False,
            year=2021,
            period_from=2020,
            period_to=2021,
            decision_id=province.id,
            bonus_amount=2_240_000,
            achievement="Có thành tích xuất sắc hai năm liên tục",
        )
        history = Award(
            person_id=nurse.id,
            award_type_id=codes["LDTT"],
            is_title=True,
            year=2018,
            source=AwardSource.HISTORY,
            decision_number="123/QĐ-BV",
            decision_date=dt.date(2018, 12, 1),
            decision_issuer="Bệnh viện Đa khoa tỉnh",
        )
        revoked = Award(
            person_id=nurse.id,
            award_type_id=codes["GIAY_KHEN"],
            is_title=False,
            year=2019,
            basis=AwardBasis.SUDDEN,
            source=AwardSource.HISTORY,
            revoked=True,
            revoked_reason="Khen nhầm người",
        )
        unit_awards = [
            Award(
                unit_id=centre.id,
                award_type_id=codes["TTLDTT"],
                is_title=True,
                year=2024,
                source=AwardSource.HISTORY,
                decision_number="50/QĐ-SYT",
            ),
            Award(
                unit_id=old_centre.id,
                award_type_id=codes["TTLDXS"],
                is_title=True,
                year=2023,
                source=AwardSource.HISTORY,
                decision_number="40/QĐ-UBND",
            ),
        ]
        s.add_all([cstdcs, honour, history, revoked, *unit_awards])
        s.flush()

        initiative = Initiative(
            title="Giảm thời gian chờ khám bằng phiếu hẹn giờ",
            year=2020,
            level=InitiativeLevel.BASE,
            recognised_by="Giám đốc Bệnh viện Đa khoa tỉnh",
            decision_number="99/QĐ-BV",
            decision_date=dt.date(2020, 10, 2),
            unit_id=hospital.id,
            used_by_award_id=cstdcs.id,
        )
        initiative.authors = [
            InitiativeAuthor(person_id=nurse.id, share=Decimal("60")),
            InitiativeAuthor(person_id=colleague.id, share=Decimal("40")),
        ]
        solo = Initiative(
            title="Sổ tay chăm sóc người bệnh sau mổ", year=2022, level=InitiativeLevel.PROVINCE
        )
        solo.authors = [InitiativeAuthor(person_id=nurse.id, share=Decimal("100"))]
        s.add_all([initiative, solo])
        s.flush()
        ids = {
            "department": department.id,
            "hospital": hospital.id,
            "internal": internal.id,
            "centre": centre.id,
            "centre_ward": centre_ward.id,
            "old_centre": old_centre.id,
            "closed": closed.id,
            "nurse": nurse.id,
            "colleague": colleague.id,
        }
    # The merge, the program's way: the old centre ends and its records pass to the renamed one.
    record_event(
        ctx, UnitEventKind.MERGE, dt.date(2025, 7, 1), [ids["old_centre"]], [ids["centre"]], "QĐ 1620/QĐ-UBND"
    )
    return ids


@pytest.fixture
def career(ctx):
    return build_career(ctx)


def test_person_record_holds_the_whole_career(ctx, career):
    r = person_record(ctx, career["nurse"])
    assert (r.full_name, r.gender, r.gender_label, r.birth_text) == (
        "Nguyễn Thị Ánh",
        Gender.FEMALE,
        "Nữ",
        "09/04/1988",
    )
    assert (r.ethnicity, r.position, r.professional_title) == (
        "Kinh",
        "Điều dưỡng trưởng",
        "Điều dưỡng hạng III",
    )
    assert r.unit_name == "Khoa Ngoại – Trung tâm Y tế khu vực Nga Sơn"
    assert (
        r.health_sector_since == dt.date(2010, 9, 1)
        and r.phone == "0912 345 678"
        and r.staff_code == "TTNS-0417"
    )

    # Transfers keep the old unit: the first posting stays on the hospital's department.
    assert [(p.unit_name, p.position, p.start_date, p.end_date, p.current) for p in r.postings] == [
        (
            "Khoa Nội – Bệnh viện Đa khoa tỉnh",
            "Điều dưỡng",
            dt.date(2010, 9, 1),
            dt.date(2019, 12, 31),
            False,
        ),
        # named as the centre was called when she arrived (before the 2025 rename)
        ("Khoa Ngoại – Trung tâm Y tế huyện Nga Sơn", "Điều dưỡng trưởng", dt.date(2020, 1, 1), None, True),
    ]
    assert r.postings[1].note == "Chuyển công tác từ Bệnh viện Đa khoa tỉnh"

    assert [(x.year, x.level, x.absent_days, x.document_ref) for x in r.ratings] == [
        (2018, RatingLevel.EXCELLENT, 2, None),
        (2019, RatingLevel.GOOD, None, None),
        (2020, RatingLevel.EXCELLENT, None, "QĐ 15/QĐ-TTYT"),
    ]
    assert [(d.form, d.effective_from, d.effective_to, d.reason) for d in r.disciplines] == [
        (DisciplineForm.REPRIMAND, dt.date(2016, 3, 1), dt.date(2016, 9, 1), "Đi muộn nhiều lần")
    ]


def test_person_record_initiatives_and_awards(ctx, career):
    r = person_record(ctx, career["nurse"])
    first, second = r.initiatives
    assert (first.title, first.year, first.level, first.share, first.share_text) == (
        "Giảm thời gian chờ khám bằng phiếu hẹn giờ",
        2020,
        InitiativeLevel.BASE,
        Decimal("60"),
        "60%",
    )
    assert first.co_authors == ("Lê Văn Bình",)
    assert first.used_by == "Chiến sĩ thi đua cơ sở năm 2020"
    assert (first.decision_number, first.decision_date) == ("99/QĐ-BV", dt.date(2020, 10, 2))
    assert (second.co_authors, second.used_by, second.share_text) == ((), None, "100%")

    by_code = {a.code: a for a in r.awards}
    assert [a.year for a in r.awards] == [2018, 2019, 2020, 2021]
    cstdcs = by_code["CSTDCS"]
    # The Sở's own decision is numbered by its register entry.
    assert (cstdcs.decision_number, cstdcs.decision_date, cstdcs.decision_issuer) == (
        "07/QĐ-SYT",
        dt.date(2020, 12, 20),
        "Sở Y tế",
    )
    assert cstdcs.bonus_amount == 1_490_000 and cstdcs.source is AwardSource.DECISION
    assert cstdcs.initiatives == ("Giảm thời gian chờ khám bằng phiếu hẹn giờ",)
    honour = by_code["BK_TINH"]
    assert (honour.decision_number, honour.decision_issuer, honour.period_text) == (
        "4465/QĐ-UBND",
        "UBND tỉnh",
        "2020–2021",
    )
    history = by_code["LDTT"]
    assert (history.decision_number, history.decision_date, history.decision_issuer, history.source) == (
        "123/QĐ-BV",
        dt.date(2018, 12, 1),
        "Bệnh viện Đa khoa tỉnh",
        AwardSource.HISTORY,
    )
    assert history.name == "Lao động tiên tiến" and history.period_text == "2018"
    revoked = by_code["GIAY_KHEN"]
    assert (
        revoked.revoked and revoked.revoked_reason == "Khen nhầm người" and revoked.basis is AwardBasis.SUDDEN
    )
    assert all(a.earned_by is None for a in r.awards)


def test_person_record_reads_in_a_few_queries(ctx, career, db):
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        person_record(ctx, career["nurse"])
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len([q for q in statements if q.lstrip().upper().startswith("SELECT")]) <= 10


def test_unit_record_with_names_history_and_predecessors(ctx, career):
    u = unit_record(ctx, career["centre"])
    assert (u.name, u.code, u.short_name, u.kind, u.status) == (
        "Trung tâm Y tế khu vực Nga Sơn",
        "TTYT.NS",
        "TTYT KV Nga Sơn",
        UnitKind.HEALTH_CENTER,
        UnitStatus.ACTIVE,
    )
    assert u.parent_name == "Sở Y tế" and u.label == "Trung tâm Y tế khu vực Nga Sơn"
    assert [(n.name, n.valid_to) for n in u.former_names] == [
        ("Trung tâm Y tế huyện Nga Sơn", dt.date(2025, 6, 30))
    ]
    assert [p.name for p in u.predecessors] == ["Trung tâm Y tế huyện Hà Trung"]
    assert u.predecessors[0].status is UnitStatus.MERGED and u.predecessors[0].ended_on == dt.date(2025, 7, 1)
    assert u.lineage_ids == {career["centre"], career["old_centre"]}
    assert u.successors == ()
    assert [x.name for x in u.sub_units] == ["Khoa Ngoại"]
    kinds = [(e.kind, e.before, e.after) for e in u.events]
    assert (
        UnitEventKind.RENAME,
        ("Trung tâm Y tế huyện Nga Sơn",),
        ("Trung tâm Y tế khu vực Nga Sơn",),
    ) in kinds
    assert (
        UnitEventKind.MERGE,
        ("Trung tâm Y tế huyện Hà Trung",),
        ("Trung tâm Y tế khu vực Nga Sơn",),
    ) in kinds

    # Records stay on the unit that earned them; the successor's record shows them with their source.
    assert [(r.year, r.level, r.earned_by) for r in u.ratings] == [
        (2024, RatingLevel.EXCELLENT, None),
        (2024, RatingLevel.GOOD, "Trung tâm Y tế huyện Hà Trung"),
    ]
    assert [(a.year, a.code, a.earned_by) for a in u.awards] == [
        (2023, "TTLDXS", "Trung tâm Y tế huyện Hà Trung"),
        (2024, "TTLDTT", None),
    ]
    # Staff: the centre itself and its department; one of them has left.
    assert (u.staff.in_unit, u.staff.with_sub_units, u.staff.women, u.staff.left) == (1, 2, 2, 1)


def test_a_merged_unit_points_to_its_successor(ctx, career):
    u = unit_record(ctx, career["old_centre"])
    assert u.status is UnitStatus.MERGED and u.ended_on == dt.date(2025, 7, 1)
    assert [s.name for s in u.successors] == ["Trung tâm Y tế khu vực Nga Sơn"]
    assert u.predecessors == ()
    assert [(a.code, a.earned_by) for a in u.awards] == [("TTLDXS", None)]


def test_hospital_record_counts_staff_of_its_departments(ctx, career):
    u = unit_record(ctx, career["hospital"])
    assert (u.address, u.head_name) == ("12 Lê Lợi", "Trần Văn Khải")
    assert (u.staff.in_unit, u.staff.with_sub_units) == (0, 1)
    assert u.events == () and u.ratings == () and u.awards == ()


def test_unit_choices_are_the_tree_in_vietnamese_order(ctx, career):
    choices = unit_choices(ctx)
    assert [(c.name, c.depth) for c in choices] == [
        ("Sở Y tế", 0),
        ("Bệnh viện Đa khoa tỉnh", 1),
        ("Khoa Nội", 2),
        ("Trung tâm Y tế khu vực Nga Sơn", 1),
        ("Khoa Ngoại", 2),
    ]  # the merged and the dissolved units are left out
    by_name = {c.name: c for c in choices}
    assert by_name["Khoa Ngoại"].label == "Khoa Ngoại – Trung tâm Y tế khu vực Nga Sơn"
    assert by_name["Bệnh viện Đa khoa tỉnh"].subtree_ids == {career["hospital"], career["internal"]}
    assert career["old_centre"] in by_name["Sở Y tế"].subtree_ids  # the subtree itself is complete
    everything = unit_choices(ctx, include_ended=True)
    ended = [c.name for c in everything if not c.active]
    assert ended == ["Phòng khám đa khoa khu vực", "Trung tâm Y tế huyện Hà Trung"]


def test_missing_records_say_so(ctx, career):
    with pytest.raises(RecordNotFound, match="Không tìm thấy cán bộ"):
        person_record(ctx, 999_999)
    with pytest.raises(RecordNotFound, match="Không tìm thấy đơn vị"):
        unit_record(ctx, 999_999)


def test_a_person_with_nothing_yet(ctx, career):
    with ctx.write() as s:
        unit = s.get(Unit, career["hospital"])
        pid = _person(s, "Hoàng Văn Em", unit, birth_year=1999).id
    r = person_record(ctx, pid)
    assert (r.birth_text, r.gender_label, r.unit_name) == ("1999", "", "Bệnh viện Đa khoa tỉnh")
    assert r.postings == r.ratings == r.disciplines == r.initiatives == r.awards == ()
