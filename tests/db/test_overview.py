"""The Tổng quan figures: counted in the database, right at the edges, in a handful of queries."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import event, select

from app.services.overview import YEARS_SHOWN, load_overview
from database.enums import (
    AuthorityLevel,
    AwardBasis,
    AwardSource,
    CampaignKind,
    ClusterKind,
    DecisionStatus,
    DocumentKind,
    DocumentStatus,
    InitiativeLevel,
    NominationStatus,
    RegistrationStatus,
    UnitKind,
    UnitStatus,
)
from database.models import (
    Award,
    AwardType,
    Campaign,
    Cluster,
    Decision,
    Initiative,
    Nomination,
    NominationBatch,
    OutgoingDocument,
    Person,
    Phase,
    Registration,
    Unit,
)

TODAY = dt.date(2025, 3, 10)


def add_records(ctx, today: dt.date = TODAY) -> dict[str, int]:
    """A few real rows of every kind the overview counts; returns the ids tests may need."""
    y = today.year
    with ctx.write("Dữ liệu kiểm thử") as s:
        codes = dict(s.execute(select(AwardType.code, AwardType.id)).all())
        units = [
            Unit(name="Bệnh viện Đa khoa tỉnh", name_folded="benh vien da khoa tinh", kind=UnitKind.HOSPITAL),
            Unit(
                name="Trung tâm Y tế huyện Nga Sơn",
                name_folded="trung tam y te huyen nga son",
                kind=UnitKind.HEALTH_CENTER,
            ),
            Unit(
                name="Trung tâm Y tế dự phòng",
                name_folded="trung tam y te du phong",
                kind=UnitKind.CENTER,
                status=UnitStatus.MERGED,
                ended_on=dt.date(2018, 1, 1),
            ),
        ]
        s.add_all(units)
        s.flush()
        people = [
            Person(full_name="Lê Thị Hà", name_folded="le thi ha", sort_key="ha", unit_id=units[0].id),
            Person(full_name="Trần Văn Nam", name_folded="tran van nam", sort_key="nam", unit_id=units[0].id),
            Person(
                full_name="Đỗ Minh Khôi",
                name_folded="do minh khoi",
                sort_key="khoi",
                unit_id=units[1].id,
                left_on=today - dt.timedelta(days=30),
            ),
            Person(
                full_name="Phạm Thu Trang",
                name_folded="pham thu trang",
                sort_key="trang",
                unit_id=units[1].id,
                left_on=today + dt.timedelta(days=30),
            ),  # still working today
        ]
        s.add_all(people)
        s.flush()

        def award(code, year, is_title, person=None, unit=None, **kw):
            return Award(
                person_id=person.id if person else None,
                unit_id=unit.id if unit else None,
                award_type_id=codes[code],
                is_title=is_title,
                year=year,
                source=AwardSource.HISTORY,
                **kw,
            )

        s.add_all(
            [
                award("LDTT", y - 1, True, person=people[0]),
                award("LDTT", y - 1, True, person=people[1]),
                award("CSTDCS", y - 1, True, person=people[2]),
                award("GIAY_KHEN", y - 1, False, person=people[0]),
                award(
                    "GIAY_KHEN", y - 1, False, person=people[0], basis=AwardBasis.SUDDEN
                ),  # forms may repeat
                award("TTLDTT", y - 2, True, unit=units[0]),
                award("GIAY_KHEN", y - 2, False, unit=units[1]),
                award("LDTT", y - 3, True, person=people[3], revoked=True, revoked_reason="Kiểm thử"),
                award("LDTT", y - YEARS_SHOWN, True, person=people[1]),  # the first of the years shown
                award("LDTT", y - YEARS_SHOWN - 1, True, person=people[1]),  # before them
            ]
        )
        s.add_all(
            [
                Campaign(name="Thi đua thường xuyên", kind=CampaignKind.REGULAR),  # no dates: running
                Campaign(name="Đợt cao điểm", kind=CampaignKind.PHASED, start_date=today, end_date=today),
                Campaign(
                    name="Đã xong",
                    kind=CampaignKind.PHASED,
                    start_date=dt.date(y - 1, 1, 1),
                    end_date=today - dt.timedelta(days=1),
                ),
                Campaign(
                    name="Sắp phát động", kind=CampaignKind.THEMATIC, start_date=today + dt.timedelta(days=1)
                ),
            ]
        )
        s.add_all(
            [
                Registration(year=y, unit_id=units[0].id),
                Registration(year=y, unit_id=units[1].id),
                Registration(year=y - 1, unit_id=units[0].id),
                Cluster(year=y, name="Cụm bệnh viện tuyến tỉnh", kind=ClusterKind.CLUSTER),
                Cluster(year=y - 1, name="Cụm bệnh viện tuyến tỉnh", kind=ClusterKind.CLUSTER),
                Initiative(title="Quy trình tiếp đón người bệnh", year=y - 1, level=InitiativeLevel.BASE),
                Decision(
                    issuer="Sở Y tế",
                    level=AuthorityLevel.DEPARTMENT,
                    year=y - 1,
                    subject="Tặng Giấy khen",
                    status=DecisionStatus.ISSUED,
                ),
                Decision(issuer="Sở Y tế", level=AuthorityLevel.DEPARTMENT, year=y, subject="Dự thảo"),
                OutgoingDocument(
                    kind=DocumentKind.PLAN,
                    year=y,
                    number=1,
                    symbol="KH-SYT",
                    subject="Kế hoạch",
                    status=DocumentStatus.REGISTERED,
                ),
                OutgoingDocument(
                    kind=DocumentKind.DECISION, year=y, symbol="QĐ-SYT", subject="Dự thảo quyết định"
                ),
            ]
        )
        batch = NominationBatch(year=y, unit_id=units[0].id, title="Đề nghị khen thưởng năm trước")
        s.add(batch)
        s.flush()
        s.add_all(
            [
                Nomination(
                    batch_id=batch.id, person_id=people[0].id, award_type_id=codes["CSTDCS"], year=y - 1
                ),
                Nomination(
                    batch_id=batch.id, person_id=people[1].id, award_type_id=codes["CSTDCS"], year=y - 1
                ),
                Nomination(
                    batch_id=batch.id,
                    person_id=people[2].id,
                    award_type_id=codes["GIAY_KHEN"],
                    year=y - 1,
                    status=NominationStatus.DECIDED,
                ),
                Nomination(
                    batch_id=batch.id,
                    unit_id=units[1].id,
                    award_type_id=codes["TTLDTT"],
                    year=y - 1,
                    status=NominationStatus.RETURNED,
                ),
            ]
        )
    return {"units": len(units), "people": len(people)}


def test_an_empty_database_counts_nothing_but_knows_the_base_salary(ctx):
    o = load_overview(ctx, today=TODAY)
    assert dataclasses.is_dataclass(o)
    assert (o.units_active, o.staff_working, o.campaigns, o.awards, o.nominations) == (0, 0, 0, 0, 0)
    # Until this year has awards, the chart ends with last year.
    assert [y.year for y in o.awards_by_year] == list(range(TODAY.year - YEARS_SHOWN, TODAY.year))
    assert all(y.total == 0 for y in o.awards_by_year)
    assert o.awards_first_year is None and o.awards_last_year is None
    assert [x.status for x in o.nominations_by_status] == list(NominationStatus)
    assert (o.base_salary, o.base_salary_since) == (2_340_000, dt.date(2024, 7, 1))


def test_counts_of_every_area(ctx):
    add_records(ctx)
    o = load_overview(ctx, today=TODAY)
    assert (o.units_active, o.units_ended) == (2, 1)
    assert (o.staff_working, o.staff_left) == (3, 1)
    assert (o.campaigns, o.campaigns_running) == (4, 2)
    assert (o.registrations, o.registrations_this_year) == (3, 2)
    assert (o.clusters, o.clusters_this_year) == (2, 1)
    assert o.initiatives == 1
    assert (o.decisions, o.decisions_issued) == (2, 1)
    assert (o.documents_registered, o.documents_draft) == (1, 1)
    assert o.nomination_batches == 1


def test_awards_per_year_split_into_titles_and_forms_without_revoked_ones(ctx):
    add_records(ctx)
    o = load_overview(ctx, today=TODAY)
    by_year = {y.year: (y.titles, y.honors) for y in o.awards_by_year}
    assert len(by_year) == YEARS_SHOWN
    assert by_year[2024] == (3, 2)
    assert by_year[2023] == (1, 1)
    assert by_year[2022] == (0, 0)  # the only award of 2022 was revoked
    assert TODAY.year - YEARS_SHOWN - 1 not in by_year and TODAY.year not in by_year
    assert o.awards_shown == 8
    assert o.awards == 9  # every year, the revoked one left out
    assert (o.awards_first_year, o.awards_last_year) == (TODAY.year - YEARS_SHOWN - 1, 2024)


def test_this_years_awards_are_shown_once_there_are_some(ctx):
    add_records(ctx)
    with ctx.write() as s:
        person_id = s.scalar(select(Person.id).limit(1))
        type_id = s.scalar(select(AwardType.id).where(AwardType.code == "GIAY_KHEN"))
        s.add(
            Award(
                person_id=person_id,
                award_type_id=type_id,
                is_title=False,
                year=TODAY.year,
                source=AwardSource.HISTORY,
            )
        )
    o = load_overview(ctx, today=TODAY)
    assert [y.year for y in o.awards_by_year][-1] == TODAY.year and len(o.awards_by_year) == YEARS_SHOWN
    assert (o.awards_by_year[-1].titles, o.awards_by_year[-1].honors) == (0, 1)
    assert o.awards_by_year[0].year == TODAY.year - YEARS_SHOWN + 1


def test_nominations_by_status(ctx):
    add_records(ctx)
    o = load_overview(ctx, today=TODAY)
    counts = {x.status: x.count for x in o.nominations_by_status}
    assert counts[NominationStatus.DRAFT] == 2
    assert counts[NominationStatus.DECIDED] == 1
    assert counts[NominationStatus.RETURNED] == 1
    assert counts[NominationStatus.IN_COUNCIL] == 0
    assert o.nominations == 4
    assert o.nominations_open == 2


def test_the_base_salary_in_force_on_the_day(ctx):
    assert load_overview(ctx, today=dt.date(2024, 6, 30)).base_salary == 1_800_000
    assert load_overview(ctx, today=dt.date(2024, 7, 1)).base_salary == 2_340_000
    early = load_overview(ctx, today=dt.date(2010, 1, 1))
    assert early.base_salary is None and early.base_salary_since is None


def test_a_handful_of_queries(ctx):
    add_records(ctx)
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(ctx.db.engine, "before_cursor_execute", count)
    try:
        load_overview(ctx, today=TODAY)
    finally:
        event.remove(ctx.db.engine, "before_cursor_execute", count)
    assert len(statements) <= 4


def test_campaigns_under_way_their_phase_and_the_deadlines_ahead(ctx):
    today = TODAY
    with ctx.write() as s:
        yearly = Campaign(
            name="Thi đua yêu nước năm nay",
            kind=CampaignKind.PHASED,
            start_date=today - dt.timedelta(days=100),
            end_date=today + dt.timedelta(days=45),
        )
        yearly.phases = [
            Phase(
                number=1,
                name="Chào mừng ngày Thầy thuốc",
                start_date=today - dt.timedelta(days=100),
                end_date=today - dt.timedelta(days=10),
            ),
            Phase(
                number=2,
                name="Nước rút cuối năm",
                start_date=today - dt.timedelta(days=9),
                end_date=today + dt.timedelta(days=20),
            ),
        ]
        s.add_all(
            [
                yearly,
                Campaign(
                    name="Giai đoạn 2021–2030",
                    kind=CampaignKind.MULTI_YEAR,
                    start_date=dt.date(2021, 1, 1),
                    end_date=dt.date(2030, 12, 31),
                ),
            ]
        )
        unit = Unit(name="Bệnh viện Nhi", name_folded="benh vien nhi", kind=UnitKind.HOSPITAL)
        s.add(unit)
        s.flush()
        s.add(Registration(year=today.year, unit_id=unit.id, status=RegistrationStatus.RETURNED))
    o = load_overview(ctx, today=today)
    assert [(c.name, c.phase, c.phase_end) for c in o.campaigns_now] == [
        ("Thi đua yêu nước năm nay", "Đợt 2: Nước rút cuối năm", today + dt.timedelta(days=20)),
        ("Giai đoạn 2021–2030", None, None),
    ]
    assert [(d.day - today).days for d in o.deadlines] == [20, 45]  # phase 1 is over; 2030 is far off
    assert o.deadlines[0].what == "Kết thúc đợt 2 – Thi đua yêu nước năm nay"
    counts = {rc.status: rc.count for rc in o.registrations_by_status}
    assert counts[RegistrationStatus.RETURNED] == 1 and counts[RegistrationStatus.APPROVED] == 0
