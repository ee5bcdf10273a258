"""Awards as the desk looks them up: a year's decisions with counts and totals, one decision's list, the
search over every award (history included), and the nominations waiting for a decision."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.services.awards import (
    AwardQuery,
    DecisionNotFound,
    base_salary_since,
    decision_detail,
    decision_years,
    list_decisions,
    nomination_ids,
    nomination_years,
    search_awards,
)
from app.services.decisions import (
    forward_to_higher,
    issue_decision,
    record_higher_decision,
)
from app.services.legal_bases import legal_bases_on
from app.text import fold, name_sort_key
from database.enums import AuthorityLevel, AwardSource, DocumentKind, NominationStatus, UnitKind
from database.models import Award, AwardType, Person, Unit
from tests.db.test_decisions import desk  # noqa: F401  (the fixture: a hospital, three people, four items)

S = NominationStatus
DAY = dt.date(2025, 12, 20)


@pytest.fixture
def issued(ctx, desk):  # noqa: F811
    """Two decisions of the Director, and the BK_TINH item sent up and granted by the province."""
    items = desk["items"]
    first = issue_decision(ctx, [items["hung"]], dt.date(2025, 12, 15), desk["signer"])
    second = issue_decision(
        ctx,
        [items["lan"], items["unit"]],
        DAY,
        desk["signer"],
        legal_bases=["Căn cứ Luật Thi đua, khen thưởng;", "Xét đề nghị của Hội đồng."],
    )
    forward_to_higher(ctx, [items["bk"]], dt.date(2025, 12, 22), desk["signer"])
    higher = record_higher_decision(
        ctx, [items["bk"]], "2345/QĐ-UBND", dt.date(2026, 1, 20), "UBND tỉnh Sơn Hà", AuthorityLevel.PROVINCE
    )
    return {**desk, "first": first, "second": second, "higher": higher}


def _add_history(ctx, desk) -> dict[str, int]:  # noqa: F811
    """Before the program: Nguyễn Văn An in a department of the hospital, with awards typed in from paper;
    a revoked one; two people elsewhere, one of them Nguyễn Văn Anh."""
    with ctx.write() as s:
        ward = Unit(
            name="Khoa Nội",
            name_folded=fold("Khoa Nội"),
            kind=UnitKind.CLINICAL_DEPT,
            parent_id=desk["hospital"],
        )
        other = Unit(
            name="Trung tâm Y tế huyện Cẩm Sơn",
            name_folded=fold("Trung tâm Y tế huyện Cẩm Sơn"),
            kind=UnitKind.HEALTH_CENTER,
        )
        s.add_all([ward, other])
        s.flush()
        an = Person(
            full_name="Nguyễn Văn An",
            name_folded=fold("Nguyễn Văn An"),
            sort_key=name_sort_key("Nguyễn Văn An"),
            birth_date=dt.date(1979, 4, 2),
            birth_year=1979,
            unit_id=ward.id,
        )
        binh = Person(
            full_name="Đỗ Văn Bình",
            name_folded=fold("Đỗ Văn Bình"),
            sort_key=name_sort_key("Đỗ Văn Bình"),
            birth_year=1985,
            unit_id=other.id,
        )
        anh = Person(
            full_name="Nguyễn Văn Anh",
            name_folded=fold("Nguyễn Văn Anh"),
            sort_key=name_sort_key("Nguyễn Văn Anh"),
            birth_year=1990,
            unit_id=other.id,
        )
        s.add_all([an, binh, anh])
        s.flush()
        types = dict(s.execute(select(AwardType.code, AwardType.id)).all())
        s.add_all(
            [
                Award(
                    person_id=an.id,
                    award_type_id=types["CSTDCS"],
                    is_title=True,
                    year=2019,
                    source=AwardSource.HISTORY,
                    decision_number="112/QĐ-SYT",
                    decision_date=dt.date(2020, 1, 10),
                    decision_issuer="Sở Y tế",
                    bonus_amount=1_490_000,
                    revoked=False,
                ),
                Award(
                    person_id=an.id,
                    award_type_id=types["LDTT"],
                    is_title=True,
                    year=2021,
                    source=AwardSource.HISTORY,
                    decision_number="15/QĐ-SYT",
                    revoked=True,
                    revoked_reason="Kỷ luật",
                ),
                Award(
                    person_id=binh.id,
                    award_type_id=types["LDTT"],
                    is_title=True,
                    year=2021,
                    source=AwardSource.HISTORY,
                    decision_number="15/QĐ-SYT",
                    revoked=False,
                ),
                Award(
                    person_id=anh.id,
                    award_type_id=types["GIAY_KHEN"],
                    is_title=False,
                    year=2024,
                    source=AwardSource.HISTORY,
                    decision_number="301/QĐ-SYT",
                    revoked=False,
                ),
            ]
        )
    return {"ward": ward.id, "other": other.id, "an": an.id, "binh": binh.id}


# --- decisions ----------------------------------------------------------------------------------------


def test_a_years_decisions_with_their_counts_and_totals(ctx, issued):
    decisions = list_decisions(ctx, 2025)
    assert [
        (d.number_text, d.issued_on, d.level, d.awards, d.individuals, d.collectives, d.total)
        for d in decisions
    ] == [
        ("2345/QĐ-UBND", dt.date(2026, 1, 20), AuthorityLevel.PROVINCE, 1, 1, 0, 3_510_000),
        ("02/QĐ-SYT", DAY, AuthorityLevel.DEPARTMENT, 2, 1, 1, 4_220_000),
        ("01/QĐ-SYT", dt.date(2025, 12, 15), AuthorityLevel.DEPARTMENT, 1, 1, 0, 710_000),
    ]
    own = decisions[1]
    assert own.own and not decisions[0].own
    assert (own.issuer, own.signer_name, own.signer_title, own.base_salary) == (
        "SỞ Y TẾ",
        "Lê Văn Bình",
        "GIÁM ĐỐC",
        2_340_000,
    )
    assert own.subject == "Về việc khen thưởng tập thể, cá nhân có thành tích xuất sắc năm 2025"
    assert decisions[0].issuer == "UBND tỉnh Sơn Hà" and decisions[0].document_id is None
    assert list_decisions(ctx, 2024) == []
    assert len(list_decisions(ctx)) == 3
    assert decision_years(ctx) == [2025]


def test_one_decision_with_its_list_total_and_words(ctx, issued):
    detail = decision_detail(ctx, issued["second"].decision_id)
    assert detail.decision.number_text == "02/QĐ-SYT"
    # The higher title first (CSTĐCS ranks above TTLĐTT); within a title, collectives before individuals.
    assert [(a.subject_name, a.code, a.bonus_amount, a.collective) for a in detail.awards] == [
        ("Nguyễn Thị Lan", "CSTDCS", 2_340_000, False),
        ("Bệnh viện Đa khoa tỉnh", "TTLDTT", 1_880_000, True),
    ]
    lan = detail.awards[0]
    assert (lan.birth_text, lan.position, lan.unit_id, lan.year) == (
        "1980",
        "Bác sĩ",
        issued["hospital"],
        2025,
    )
    assert (lan.decision_number, lan.decision_date, lan.issuer, lan.source) == (
        "02/QĐ-SYT",
        DAY,
        "SỞ Y TẾ",
        AwardSource.DECISION,
    )
    assert detail.awards[1].unit_id == issued["hospital"]  # a collective's unit is itself
    assert detail.total == 4_220_000
    assert detail.total_in_words == "Bốn triệu hai trăm hai mươi nghìn đồng"
    assert detail.legal_bases == ("Căn cứ Luật Thi đua, khen thưởng;", "Xét đề nghị của Hội đồng.")
    # Issued without the clerk's lines: those in force on its date (20/12/2025: NĐ 152/2025).
    first = decision_detail(ctx, issued["first"].decision_id)
    assert first.legal_bases == legal_bases_on(ctx, DAY, DocumentKind.DECISION)
    higher = decision_detail(ctx, issued["higher"].decision_id)
    assert higher.legal_bases == () and [a.code for a in higher.awards] == ["BK_TINH"]
    with pytest.raises(DecisionNotFound):
        decision_detail(ctx, 999_999)


# --- the search ---------------------------------------------------------------------------------------


def test_search_by_folded_name_finds_history_and_decisions(ctx, issued):
    people = _add_history(ctx, issued)
    found = search_awards(ctx, AwardQuery(name="nguyen van an"))
    # Every word matches Nguyễn Văn Anh too, but the name typed in full comes first, whatever the year.
    assert [(h.subject_name, h.code, h.year, h.source, h.revoked) for h in found.hits] == [
        ("Nguyễn Văn An", "LDTT", 2021, AwardSource.HISTORY, True),
        ("Nguyễn Văn An", "CSTDCS", 2019, AwardSource.HISTORY, False),
        ("Nguyễn Văn Anh", "GIAY_KHEN", 2024, AwardSource.HISTORY, False),
    ]
    old = found.hits[1]
    assert (old.decision_number, old.decision_date, old.issuer, old.bonus_amount, old.birth_text) == (
        "112/QĐ-SYT",
        dt.date(2020, 1, 10),
        "Sở Y tế",
        1_490_000,
        "02/04/1979",
    )
    assert old.person_id == people["an"] and old.unit_id == people["ward"] and not old.collective
    assert found.total == 3 and not found.capped
    # Every word somewhere in the name, marks or none, any case.
    assert {h.subject_name for h in search_awards(ctx, AwardQuery(name="LAN nguyễn")).hits} == {
        "Nguyễn Thị Lan"
    }
    assert [h.subject_name for h in search_awards(ctx, AwardQuery(name="nguyen van a")).hits] == [
        "Nguyễn Văn Anh",
        "Nguyễn Văn An",
        "Nguyễn Văn An",
    ]  # no full match: newest year first
    assert {h.subject_name for h in search_awards(ctx, AwardQuery(name="đa khoa")).hits} == {
        "Bệnh viện Đa khoa tỉnh"
    }
    assert search_awards(ctx, AwardQuery(name="100%_")).hits == ()  # wildcards are plain letters
    assert len(search_awards(ctx, AwardQuery(name="nguyen van an", include_revoked=False)).hits) == 2


def test_search_by_unit_year_and_title(ctx, issued):
    people = _add_history(ctx, issued)
    hospital_and_ward = frozenset({issued["hospital"], people["ward"]})
    in_hospital = search_awards(ctx, AwardQuery(unit_ids=hospital_and_ward))
    assert {h.subject_name for h in in_hospital.hits} == {
        "Nguyễn Văn An",
        "Nguyễn Thị Lan",
        "Trần Văn Hùng",
        "Lê Thu",
        "Bệnh viện Đa khoa tỉnh",
    }
    only_ward = search_awards(ctx, AwardQuery(unit_ids=frozenset({people["ward"]})))
    assert {h.subject_name for h in only_ward.hits} == {"Nguyễn Văn An"}
    years = search_awards(ctx, AwardQuery(year_from=2020, year_to=2021))
    assert sorted(h.subject_name for h in years.hits) == ["Nguyễn Văn An", "Đỗ Văn Bình"]
    ldtt = search_awards(ctx, AwardQuery(award_codes=frozenset({"LDTT"})))
    # Newest year first, then by name in Vietnamese order (by given name: Bình, Hùng ... An before Bình).
    assert [(h.year, h.subject_name) for h in ldtt.hits] == [
        (2025, "Trần Văn Hùng"),
        (2021, "Nguyễn Văn An"),
        (2021, "Đỗ Văn Bình"),
    ]
    assert ldtt.hits[0].decision_number == "01/QĐ-SYT"
    higher = search_awards(ctx, AwardQuery(award_codes=frozenset({"BK_TINH"}))).hits[0]
    assert (higher.decision_number, higher.issuer, higher.bonus_amount) == (
        "2345/QĐ-UBND",
        "UBND tỉnh Sơn Hà",
        3_510_000,
    )


def test_a_broad_search_is_capped_and_says_how_many_matched(ctx, issued):
    _add_history(ctx, issued)
    capped = search_awards(ctx, AwardQuery(), limit=3)
    assert len(capped.hits) == 3 and capped.total == 8 and capped.capped
    assert [h.year for h in capped.hits] == [2025, 2025, 2025]
    everything = search_awards(ctx, AwardQuery(), limit=None)
    assert len(everything.hits) == everything.total == 8


# --- what waits for a decision --------------------------------------------------------------------------


def test_nominations_waiting_by_status_and_power(ctx, desk):  # noqa: F811
    items = desk["items"]
    assert nomination_ids(ctx, S.PASSED, 2025, within_director_power=True) == sorted(
        [items["lan"], items["hung"], items["unit"]]
    )
    assert nomination_ids(ctx, S.PASSED, 2025, within_director_power=False) == [items["bk"]]
    assert nomination_ids(ctx, S.PASSED, 2024) == []
    forward_to_higher(ctx, [items["bk"]], DAY, desk["signer"])
    assert nomination_ids(ctx, S.FORWARDED) == [items["bk"]]
    assert nomination_years(ctx, [S.PASSED, S.FORWARDED]) == [2025]
    assert nomination_years(ctx, [S.DECIDED]) == []
    assert nomination_years(ctx, [S.FORWARDED], within_director_power=True) == []


def test_the_base_salary_in_force_and_since_when(ctx):
    assert base_salary_since(ctx, DAY) == (2_340_000, dt.date(2024, 7, 1))
    assert base_salary_since(ctx, dt.date(1990, 1, 1)) is None


def test_search_results_export_to_xlsx(ctx, issued, tmp_path):
    import openpyxl

    from app.exchange.award_export import SEARCH_KEYS, export_awards_xlsx

    people = _add_history(ctx, issued)
    hits = search_awards(ctx, AwardQuery(name="nguyen")).hits
    labels = {
        issued["hospital"]: "Bệnh viện Đa khoa tỉnh",
        people["ward"]: "Khoa Nội – Bệnh viện Đa khoa tỉnh",
    }
    path = tmp_path / "Khen thưởng.xlsx"
    assert export_awards_xlsx(path, hits, SEARCH_KEYS, labels, title="KẾT QUẢ TRA CỨU KHEN THƯỞNG") == 4
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "KẾT QUẢ TRA CỨU KHEN THƯỞNG"
    assert rows[2] == (
        "STT",
        "Họ và tên / Tập thể",
        "Ngày sinh",
        "Danh hiệu, hình thức",
        "Năm",
        "Số quyết định",
        "Ngày quyết định",
        "Cơ quan quyết định",
        "Tiền thưởng (đồng)",
        "Đơn vị",
    )
    assert rows[3] == (
        1,
        "Nguyễn Thị Lan",
        1980,
        "Chiến sĩ thi đua cơ sở",
        2025,
        "02/QĐ-SYT",
        dt.datetime(2025, 12, 20),
        "SỞ Y TẾ",
        2_340_000,
        "Bệnh viện Đa khoa tỉnh",
    )
    assert rows[4][1:3] == ("Nguyễn Văn Anh", 1990)  # only the year of birth is known
    assert rows[5][1:4] == ("Nguyễn Văn An", dt.datetime(1979, 4, 2), "Lao động tiên tiến (đã thu hồi)")
    assert rows[5][-1] == "Khoa Nội – Bệnh viện Đa khoa tỉnh"
    assert sheet["I4"].number_format == "#,##0" and sheet["G4"].number_format == "DD/MM/YYYY"


def test_a_person_with_two_awards_in_one_decision_counts_once(ctx, desk):  # noqa: F811
    """The decision's "N cá nhân" counts people, not (person, award) pairs."""
    from app.services.nominations import add_nomination
    from tests.council_vote import pass_by_council

    items = desk["items"]
    second_title = add_nomination(ctx, desk["batch"], "LDTT", person_id=desk["lan"])
    pass_by_council(ctx, [second_title])
    issue_decision(ctx, [items["lan"], second_title, items["hung"], items["unit"]], DAY, desk["signer"])
    (decision,) = list_decisions(ctx, 2025)
    assert (decision.awards, decision.individuals, decision.collectives) == (4, 2, 1)
