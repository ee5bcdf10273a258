"""Who is eligible: the bulk loader and `python -m app eligibility`, on a small province built here."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from app.cli import main
from app.services.eligibility import (
    HistoryCache,
    SameReview,
    eligibility,
    histories_of,
    load_histories,
    staff_in_year,
    who_is_eligible,
)
from app.services.units import record_event
from database.enums import (
    AuthorityLevel,
    AwardBasis,
    AwardSource,
    ClusterKind,
    ClusterRole,
    DecisionStatus,
    DisciplineForm,
    Gender,
    InitiativeLevel,
    RatingLevel,
    UnitEventKind,
    UnitKind,
)
from database.models import (
    Award,
    AwardType,
    Cluster,
    ClusterMember,
    Decision,
    Discipline,
    Initiative,
    InitiativeAuthor,
    NominationBatch,
    Person,
    Posting,
    Rating,
    Unit,
)

EXC, GOOD, DONE = RatingLevel.EXCELLENT, RatingLevel.GOOD, RatingLevel.DONE


@pytest.fixture
def province(ctx):
    """A Sở with a hospital (one khoa), a district centre merged into it in 2025, and five people."""
    with ctx.write("dữ liệu thử") as s:
        types = dict(s.execute(select(AwardType.code, AwardType.id)).all())
        so = Unit(name="Sở Y tế", name_folded="so y te", kind=UnitKind.DEPARTMENT, code="SYT")
        s.add(so)
        s.flush()
        hospital = Unit(
            name="Bệnh viện Đa khoa tỉnh",
            name_folded="benh vien da khoa tinh",
            kind=UnitKind.HOSPITAL,
            parent_id=so.id,
            code="BVDK",
        )
        centre = Unit(
            name="Trung tâm Y tế huyện Cũ",
            name_folded="trung tam y te huyen cu",
            kind=UnitKind.HEALTH_CENTER,
            parent_id=so.id,
            code="TTYT",
        )
        s.add_all([hospital, centre])
        s.flush()
        khoa = Unit(
            name="Khoa Nội", name_folded="khoa noi", kind=UnitKind.CLINICAL_DEPT, parent_id=hospital.id
        )
        s.add(khoa)
        s.flush()
        decision = Decision(
            number_text="120/QĐ-SYT",
            issued_on=dt.date(2024, 12, 16),
            issuer="Sở Y tế",
            level=AuthorityLevel.DEPARTMENT,
            year=2024,
            subject="Tặng danh hiệu",
            status=DecisionStatus.ISSUED,
        )
        s.add(decision)
        s.flush()

        def person(name, born, gender, unit_id, since, ratings, cstdcs=(), thematic=()):
            p = Person(
                full_name=name,
                name_folded=name.lower(),
                sort_key=name,
                gender=gender,
                birth_date=born if isinstance(born, dt.date) else None,
                birth_year=born.year if isinstance(born, dt.date) else born,
                unit_id=unit_id,
                health_sector_since=since,
            )
            s.add(p)
            s.flush()
            s.add(Posting(person_id=p.id, unit_id=unit_id, start_date=since))
            s.add_all(Rating(person_id=p.id, year=y, level=level) for y, level in ratings.items())
            for y in cstdcs:
                extra = (
                    {"decision_id": decision.id}
                    if y == 2024
                    else {
                        "source": AwardSource.HISTORY,
                        "decision_number": f"{y}/QĐ-SYT",
                        "decision_date": dt.date(y, 12, 15),
                        "decision_issuer": "Sở Y tế",
                    }
                )
                s.add(Award(person_id=p.id, award_type_id=types["CSTDCS"], is_title=True, year=y, **extra))
            for y in thematic:
                s.add(
                    Award(
                        person_id=p.id,
                        award_type_id=types["CSTDCS"],
                        is_title=True,
                        year=y,
                        basis=AwardBasis.THEMATIC,
                        source=AwardSource.HISTORY,
                        decision_number=f"{y}/CĐ",
                    )
                )
            return p

        years = range(2020, 2025)
        hoa = person(
            "Nguyễn Thị Hoa",
            dt.date(1985, 3, 12),
            Gender.FEMALE,
            khoa.id,
            dt.date(2008, 9, 1),
            {y: EXC for y in years},
            cstdcs=(2022, 2023, 2024),
        )
        binh = person(
            "Trần Văn Bình",
            1979,
            Gender.MALE,
            khoa.id,
            dt.date(2005, 1, 1),
            {y: EXC for y in years},
            cstdcs=(2022, 2024),
            thematic=(2023,),
        )
        person(
            "Lê Văn Cường",
            dt.date(1990, 1, 2),
            Gender.MALE,
            hospital.id,
            dt.date(2015, 1, 1),
            {y: GOOD for y in years},
        )
        dung = person(
            "Phạm Thị Dung",
            dt.date(1992, 5, 5),
            Gender.FEMALE,
            hospital.id,
            dt.date(2016, 1, 1),
            {y: GOOD for y in years},
        )
        person(
            "Hoàng Văn Em",
            dt.date(1988, 8, 8),
            Gender.MALE,
            centre.id,
            dt.date(2012, 1, 1),
            {y: GOOD for y in years},
        )
        sk = Initiative(
            title="Bảng kiểm chăm sóc người bệnh đột quỵ",
            year=2023,
            level=InitiativeLevel.PROVINCE,
            decision_number="88/QĐ-UBND",
        )
        used = Initiative(title="Quy trình cấp phát thuốc", year=2023, level=InitiativeLevel.PROVINCE)
        s.add_all([sk, used])
        s.flush()
        s.add_all(
            [
                InitiativeAuthor(initiative_id=sk.id, person_id=hoa.id),
                InitiativeAuthor(initiative_id=used.id, person_id=binh.id),
            ]
        )
        bk = Award(
            person_id=binh.id,
            award_type_id=types["BK_TINH"],
            is_title=False,
            year=2021,
            source=AwardSource.HISTORY,
            decision_number="9/QĐ-UBND",
        )
        s.add(bk)
        s.flush()
        used.used_by_award_id = bk.id
        s.add(
            Discipline(
                person_id=dung.id,
                form=DisciplineForm.WARNING,
                effective_from=dt.date(2024, 3, 1),
                effective_to=dt.date(2025, 2, 28),
                decision_ref="7/QĐ-BV",
            )
        )
        s.add_all(
            Award(
                person_id=pid, award_type_id=types["LDTT"], is_title=True, year=2024, decision_id=decision.id
            )
            for pid in (hoa.id, binh.id)
        )
        s.add_all(
            Rating(unit_id=uid, year=y, level=EXC) for uid in (hospital.id, khoa.id, centre.id) for y in years
        )
        cluster = Cluster(year=2024, name="Cụm các bệnh viện", kind=ClusterKind.CLUSTER)
        s.add(cluster)
        s.flush()
        s.add_all(
            [
                ClusterMember(
                    cluster_id=cluster.id,
                    unit_id=hospital.id,
                    role=ClusterRole.MEMBER,
                    proposed_award_type_id=types["CO_TINH"],
                ),
                ClusterMember(cluster_id=cluster.id, unit_id=centre.id, role=ClusterRole.LEADER),
            ]
        )
        ids = {"hospital": hospital.id, "centre": centre.id, "khoa": khoa.id, "hoa": hoa.id, "binh": binh.id}
    record_event(
        ctx,
        UnitEventKind.MERGE,
        dt.date(2025, 7, 1),
        [ids["centre"]],
        [ids["hospital"]],
        continues=ids["centre"],
    )
    return ids


def by_name(rows, code):
    return {r.full_name: r for r in rows if r.code == code}


def test_loader_reads_histories_as_plain_records(ctx, province):
    hist = load_histories(ctx)
    hoa = hist.persons[province["hoa"]]
    assert [r.year for r in hoa.ratings] == [2020, 2021, 2022, 2023, 2024]
    assert sorted(hoa.ix.titles("CSTDCS")) == [2022, 2023, 2024]
    assert hoa.ix.titles("CSTDCS")[2024].decision() == "QĐ 120/QĐ-SYT ngày 16/12/2024"
    assert hoa.ix.titles("CSTDCS")[2023].decision() == "QĐ 2023/QĐ-SYT ngày 15/12/2023"
    binh = hist.persons[province["binh"]]
    assert 2023 in binh.ix.other["CSTDCS"] and binh.initiatives[0].used_by.code == "BK_TINH"
    assert (
        hist.people[province["hoa"]].birth == "1985-03-12" and hist.people[province["binh"]].birth == "1979"
    )
    assert hist.label(province["khoa"]) == "Khoa Nội – Bệnh viện Đa khoa tỉnh"
    # The hospital continues the merged centre's record (the clerk said so), marked with the centre's name.
    hospital = hist.unit_records[province["hospital"]]
    assert any(r.holder == "Trung tâm Y tế huyện Cũ" for r in hospital.ratings)
    members = hist.members(2024)
    assert len(members[province["hospital"]]) == 4 and len(members[province["khoa"]]) == 2


def test_who_is_eligible_for_cstd_tinh(ctx, province):
    rows = by_name(eligibility(ctx, 2024, "CSTD_TINH"), "CSTD_TINH")
    assert set(rows) == {"Nguyễn Thị Hoa", "Trần Văn Bình"}
    hoa, binh = rows["Nguyễn Thị Hoa"].verdict, rows["Trần Văn Bình"].verdict
    assert hoa.eligible and "Bảng kiểm chăm sóc người bệnh đột quỵ" in hoa.met[-1]
    assert (
        not binh.eligible and "thiếu 2023" in binh.missing[0] and "khen thưởng chuyên đề" in binh.missing[0]
    )
    assert "đã dùng cho Bằng khen UBND tỉnh 2021" in binh.missing[1]


def test_collective_titles_count_members_and_same_review(ctx, province):
    hist = load_histories(ctx)
    rows = by_name(who_is_eligible(hist, 2024, ["TTLDTT"]), "TTLDTT")
    hospital = rows["Bệnh viện Đa khoa tỉnh"].verdict
    assert not hospital.eligible and "LĐTT 2024: 2/4 thành viên (50%, cần từ 70% trở lên)" in hospital.missing
    assert "Phạm Thị Dung (cảnh cáo)" in " ".join(hospital.missing)
    cuong = next(pid for pid, h in hist.persons.items() if h.full_name == "Lê Văn Cường")
    review = SameReview(persons={cuong: frozenset({("LDTT", 2024)})})
    again = by_name(who_is_eligible(hist, 2024, ["TTLDTT"], review=review), "TTLDTT")[
        "Bệnh viện Đa khoa tỉnh"
    ]
    assert (
        "LĐTT 2024: 3/4 thành viên (75%, cần từ 70% trở lên), trong đó 1 (đang xét cùng đợt)"
        in again.verdict.met
    )
    flags = by_name(who_is_eligible(hist, 2024, ["CO_TINH"]), "CO_TINH")
    assert flags["Bệnh viện Đa khoa tỉnh"].verdict.eligible
    assert not flags["Trung tâm Y tế huyện Cũ"].verdict.eligible


def test_unit_scope_follows_subtree_and_lineage(ctx, province):
    inside = {r.full_name for r in eligibility(ctx, 2024, "LDTT", unit="Khoa Nội")}
    assert inside == {"Nguyễn Thị Hoa", "Trần Văn Bình"}
    merged = {r.full_name for r in eligibility(ctx, 2024, "LDTT", unit="BVDK")}
    assert merged == {"Nguyễn Thị Hoa", "Trần Văn Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"}


def cli(capsys, db, *args):
    url = db.url.render_as_string(hide_password=False)
    code = main(["--db-url", url, "eligibility", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_json(capsys, db, province):
    code, out, err = cli(capsys, db, "--year", "2024", "--title", "cstd_tinh", "--json")
    assert code == 0 and err == ""
    rows = json.loads(out)
    hoa = next(r for r in rows if r["full_name"] == "Nguyễn Thị Hoa")
    assert set(hoa) == {
        "full_name",
        "birth_date",
        "unit",
        "title",
        "eligible",
        "status",
        "verdict",
        "held",
        "met",
        "missing",
        "pending",
        "rule_set",
    }
    assert hoa["status"] == "ELIGIBLE" and hoa["verdict"] == "Đủ điều kiện" and hoa["held"] is None
    # The year 2024 is reviewed under Luật TĐKT 2022 (in force 01/01/2024, Điều 95) and NĐ 98/2023.
    assert hoa["rule_set"] == "Luật TĐKT 2022 và NĐ 98/2023/NĐ-CP"
    assert hoa["birth_date"] == "1985-03-12" and hoa["unit"] == "Khoa Nội – Bệnh viện Đa khoa tỉnh"
    assert hoa["title"] == "CSTD_TINH" and hoa["eligible"] is True and hoa["missing"] == []
    assert any("CSTĐCS 2022 (QĐ 2022/QĐ-SYT" in line for line in hoa["met"])
    assert "Hội đồng TĐKT bỏ phiếu kín: cần từ 90% tổng số thành viên đồng ý" in hoa["pending"]
    binh = next(r for r in rows if r["full_name"] == "Trần Văn Bình")
    assert binh["birth_date"] == "1979" and binh["eligible"] is False
    code, out, _ = cli(capsys, db, "--year", "2024", "--title", "TTLDXS", "--json")
    units = json.loads(out)
    assert all(r["birth_date"] is None for r in units) and {r["title"] for r in units} == {"TTLDXS"}


def test_cli_text_and_refusals(capsys, db, province):
    code, out, _ = cli(capsys, db, "--year", "2024", "--title", "CSTD_TINH")
    assert code == 0 and "== CSTD_TINH: 1/2 đủ điều kiện theo hồ sơ ==" in out
    assert "[ĐỦ] Nguyễn Thị Hoa (1985-03-12) — Khoa Nội – Bệnh viện Đa khoa tỉnh" in out
    code, out, err = cli(capsys, db, "--year", "2024", "--title", "KHONG_CO")
    assert code == 2 and out == "" and "Không có danh hiệu hoặc hình thức khen thưởng mã “KHONG_CO”" in err
    code, out, err = cli(capsys, db, "--year", "2024", "--unit", "Bệnh viện Không Tên")
    assert code == 2 and "Không có đơn vị “Bệnh viện Không Tên”" in err


def test_every_code_at_once(ctx, province):
    rows = eligibility(ctx, 2024)
    codes = [r.code for r in rows]
    assert codes == sorted(
        codes,
        key=[
            "LDTT",
            "CSTDCS",
            "CSTD_TINH",
            "CSTD_BO",
            "CSTD_TQ",
            "GIAY_KHEN",
            "BK_TINH",
            "BK_BO",
            "BK_TTG",
            "HCLD3",
            "HCLD2",
            "HCLD1",
            "KNC_VSKND",
            "TTUT",
            "TTND",
            "TTLDTT",
            "TTLDXS",
            "CO_TINH",
            "CO_BO",
            "CO_CP",
        ].index,
    )
    knc = by_name(rows, "KNC_VSKND")
    assert knc["Nguyễn Thị Hoa"].verdict.eligible  # 16 years, a woman
    assert "Lê Văn Cường" not in knc  # 9 years: not listed
    assert by_name(rows, "LDTT")["Phạm Thị Dung"].verdict.eligible is False


def test_history_cache_reads_again_only_after_a_write_the_histories_hold(ctx, province):
    """The window's histories: the same object while nothing they hold changed (an export, a nomination),
    a fresh read with the fresh verdict after a write they hold, and again after "Làm mới" (forget)."""
    cache = HistoryCache(ctx)
    first = cache.get()
    assert cache.get() is first
    ctx.log_event("export", "person", "Xuất danh sách cán bộ")
    with ctx.write("Tạo hồ sơ đề nghị") as s:
        s.add(NominationBatch(title="Đề nghị năm 2024", year=2024, unit_id=province["hospital"]))
    assert cache.get() is first

    def binh(hist):
        return by_name(who_is_eligible(hist, 2024, ["CSTD_TINH"]), "CSTD_TINH")["Trần Văn Bình"].verdict

    assert "thiếu 2023" in binh(first).missing[0]
    with ctx.write("Sửa loại hình khen thưởng CSTĐCS 2023") as s:  # the thematic one was for merit after all
        award = s.scalar(
            select(Award).where(Award.person_id == province["binh"], Award.year == 2023, Award.is_title)
        )
        award.basis = AwardBasis.MERIT
    fresh = cache.get()
    assert fresh is not first and cache.get() is fresh
    assert not any("thiếu 2023" in line for line in binh(fresh).missing)
    assert any("2023 (QĐ 2023/CĐ)" in line for line in binh(fresh).met)
    cache.forget()
    assert cache.get() is not fresh


def test_staff_of_a_year_in_list_order(ctx, province):
    """By unit label, then name; worked out once a year and narrowed to a unit's scope on demand."""
    hist = load_histories(ctx)
    everyone = staff_in_year(hist, 2024)
    keys = [(hist.label(unit_id), hist.people[h.id].sort_key) for h, unit_id in everyone]
    assert keys == sorted(keys) and len(everyone) == 5
    assert staff_in_year(hist, 2024) == everyone and hist.staff(2024) is hist.staff(2024)
    inside = staff_in_year(hist, 2024, {province["khoa"]})
    assert [h.full_name for h, _unit in inside] == ["Nguyễn Thị Hoa", "Trần Văn Bình"]


def test_a_few_people_are_read_alone_unless_everyone_is_read_already(ctx, province):
    """A batch of people only is judged on their own histories, not the province's; once the window has
    read everyone's (and nothing changed since), on those."""
    cache = HistoryCache(ctx)
    few = histories_of(ctx, cache, {province["hoa"]})
    assert set(few.persons) == {province["hoa"]} and cache.current() is None
    assert by_name(who_is_eligible(few, 2024, ["CSTD_TINH"]), "CSTD_TINH")["Nguyễn Thị Hoa"].verdict.eligible
    everyone = cache.get()
    assert histories_of(ctx, cache, {province["hoa"]}) is everyone and len(everyone.persons) == 5
    with ctx.write("Sửa năm vào ngành") as s:
        s.get(Person, province["hoa"]).health_sector_since = dt.date(2000, 1, 1)
    assert cache.current() is None
    assert set(histories_of(ctx, cache, {province["hoa"]}).persons) == {province["hoa"]}
