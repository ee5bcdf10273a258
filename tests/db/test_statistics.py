"""Thống kê khen thưởng: exact counts and amounts on a small known province, each filter, the workbook read back."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, select

from app.errors import UserError
from app.exchange.statistics_export import TT02_TABLES, export_statistics_xlsx
from app.services.agency import AgencyInfo
from app.services.statistics import (
    TT02_LABEL,
    RowKind,
    StatQuery,
    SubjectKind,
    award_statistics,
    statistics_choices,
    tt02_query,
)
from app.services.units import record_event
from database.enums import (
    AuthorityLevel,
    AwardBasis,
    AwardSource,
    Gender,
    UnitEventKind,
    UnitKind,
    UnitStatus,
)
from database.models import Award, AwardType, Person, Unit

AGENCY = AgencyInfo(parent_name="UBND tỉnh Sơn Hà", name="Sở Y tế", symbol="SYT", place_name="Sơn Hà")


def _unit(s, name: str, kind: UnitKind, parent: Unit | None = None, **kw) -> Unit:
    unit = Unit(name=name, name_folded=name.lower(), kind=kind, parent_id=parent.id if parent else None, **kw)
    s.add(unit)
    s.flush()
    return unit


@pytest.fixture
def province(ctx):
    """The Sở with a hospital (and a ward in it), a health centre, and a centre merged into the hospital.

    Awards (bonus in brackets):
      2023 LĐTT Lan ♀ ward (702.000) · LĐTT Minh ♂ hospital (702.000) · CSTĐCS Lan ♀ (2.340.000)
      2024 LĐTT Lan, LĐTT Minh, LĐTT Hoa ♀ centre (702.000 each) · TTLĐXS the hospital (3.510.000)
           Giấy khen Minh, đột xuất (702.000) · Bằng khen tỉnh Hoa, chuyên đề (3.510.000)
           Giấy khen Tú (no sex recorded, old centre; no amount) · a revoked LĐTT of Hoa (702.000)
    """
    with ctx.write("Dữ liệu kiểm thử") as s:
        codes = dict(s.execute(select(AwardType.code, AwardType.id)).all())
        so = _unit(s, "Sở Y tế tỉnh Sơn Hà", UnitKind.DEPARTMENT)
        hospital = _unit(s, "Bệnh viện Đa khoa tỉnh", UnitKind.HOSPITAL, so)
        ward = _unit(s, "Khoa Nội", UnitKind.CLINICAL_DEPT, hospital)
        centre = _unit(s, "Trung tâm Y tế huyện Nga Sơn", UnitKind.HEALTH_CENTER, so)
        old = _unit(
            s,
            "Trung tâm Y tế dự phòng",
            UnitKind.CENTER,
            so,
            status=UnitStatus.MERGED,
            ended_on=dt.date(2024, 6, 1),
        )

        def person(name, unit, gender):
            p = Person(
                full_name=name, name_folded=name.lower(), sort_key=name, unit_id=unit.id, gender=gender
            )
            s.add(p)
            s.flush()
            return p

        lan, minh = person("Lan", ward, Gender.FEMALE), person("Minh", hospital, Gender.MALE)
        hoa, tu = person("Hoa", centre, Gender.FEMALE), person("Tú", old, None)

        def award(code, year, bonus, p=None, unit=None, **kw):
            s.add(
                Award(
                    person_id=p.id if p else None,
                    unit_id=unit.id if unit else None,
                    award_type_id=codes[code],
                    is_title=code in ("LDTT", "CSTDCS", "TTLDXS"),
                    year=year,
                    source=AwardSource.HISTORY,
                    bonus_amount=bonus,
                    **kw,
                )
            )

        award("LDTT", 2023, 702_000, lan)
        award("LDTT", 2023, 702_000, minh)
        award("CSTDCS", 2023, 2_340_000, lan)
        for who in (lan, minh, hoa):
            award("LDTT", 2024, 702_000, who)
        award("TTLDXS", 2024, 3_510_000, unit=hospital)
        award("GIAY_KHEN", 2024, 702_000, minh, basis=AwardBasis.SUDDEN)
        award("BK_TINH", 2024, 3_510_000, hoa, basis=AwardBasis.THEMATIC)
        award("GIAY_KHEN", 2024, None, tu)
        award("LDTT", 2022, 702_000, hoa, revoked=True)
        award("LDTT", 2024, 702_000, hoa, revoked=True, period_from=2024)
        ids = {"so": so.id, "hospital": hospital.id, "ward": ward.id, "centre": centre.id, "old": old.id}
    record_event(ctx, UnitEventKind.MERGE, dt.date(2024, 6, 1), [old.id], [hospital.id])
    return ids


def _row(table, label):
    return next(r for r in table.rows if r.label == label)


def _value(table, label, header):
    return _row(table, label).values[table.column(header)]


def test_whole_province_counts_and_amounts(ctx, province):
    stats = award_statistics(ctx, StatQuery(2023, 2024))
    assert (stats.count, stats.amount) == (10, 13_572_000)
    assert [(y.year, y.titles, y.honors, y.amount) for y in stats.years] == [
        (2023, 3, 0, 3_744_000),
        (2024, 4, 3, 9_828_000),
    ]
    years = stats.table("nam")
    assert _row(years, "2024").values == (
        4,
        3,
        1,
        6,
        3,
        7,
        9_828_000,
    )  # titles, forms, tập thể, cá nhân, nữ …
    assert _row(years, "Tổng cộng").kind is RowKind.TOTAL

    forms = stats.table("hinh_thuc")
    assert _value(forms, "Lao động tiên tiến", "2023") == 2
    assert _value(forms, "Lao động tiên tiến", "Tổng số lượt") == 5
    assert _value(forms, "Danh hiệu thi đua", "Tiền thưởng (đồng)") == 5 * 702_000 + 2_340_000 + 3_510_000
    assert _row(forms, "Hình thức khen thưởng").kind is RowKind.GROUP

    subjects = stats.table("doi_tuong")
    assert [c.header for c in subjects.columns] == [
        "Tổng số lượt",
        "Tập thể",
        "Cá nhân",
        "Nam",
        "Nữ",
        "Chưa rõ",
        "Tiền thưởng (đồng)",
    ]
    assert _row(subjects, "Tổng cộng").values == (10, 1, 9, 3, 5, 1, 13_572_000)
    assert [(s.label, s.count) for s in stats.by_sex] == [("Nam", 3), ("Nữ", 5), ("Chưa rõ", 1)]

    levels = stats.table("cap")
    assert _value(levels, "Cấp Sở (Giám đốc Sở)", "Tổng số lượt") == 8
    assert _value(levels, "Cấp tỉnh (Chủ tịch UBND tỉnh)", "Tổng số lượt") == 2  # TTLĐXS and Bằng khen tỉnh
    assert _value(levels, "Cấp tỉnh (Chủ tịch UBND tỉnh)", "Tiền thưởng (đồng)") == 7_020_000
    bases = stats.table("loai_hinh")
    assert (_value(bases, "Đột xuất", "Tổng số lượt"), _value(bases, "Chuyên đề", "Tổng số lượt")) == (1, 1)


def test_units_are_summed_to_the_departments_units_and_the_merged_centre_keeps_its_row(ctx, province):
    stats = award_statistics(ctx, StatQuery(2023, 2024))
    units = stats.table("don_vi")
    assert [r.label for r in units.rows] == [
        "Bệnh viện Đa khoa tỉnh",
        "Trung tâm Y tế dự phòng",
        "Trung tâm Y tế huyện Nga Sơn",
        "Tổng cộng",
    ]
    assert _value(units, "Bệnh viện Đa khoa tỉnh", "Tổng số lượt") == 7  # the ward's awards included
    assert _value(units, "Bệnh viện Đa khoa tỉnh", "LĐTT") == 4
    assert _value(units, "Tổng cộng", "Tổng số lượt") == 10
    assert stats.units[0].name == "Bệnh viện Đa khoa tỉnh"


def test_a_unit_with_its_departments_and_predecessor(ctx, province):
    stats = award_statistics(ctx, StatQuery(2023, 2024, unit_id=province["hospital"]))
    assert stats.scope == "Bệnh viện Đa khoa tỉnh"
    units = stats.table("don_vi")
    # The merged centre's award belongs to the hospital that inherited it; the ward keeps its own row.
    assert [(r.label, r.values[units.column("Tổng số lượt")]) for r in units.rows] == [
        ("Bệnh viện Đa khoa tỉnh", 5),
        ("Khoa Nội", 3),
        ("Tổng cộng", 8),
    ]
    ward = award_statistics(ctx, StatQuery(2023, 2024, unit_id=province["ward"]))
    assert (ward.count, ward.amount) == (3, 702_000 * 2 + 2_340_000)


def test_filters_by_sex_subject_level_code_and_special(ctx, province):
    women = award_statistics(ctx, StatQuery(2023, 2024, gender=Gender.FEMALE))
    assert (women.count, women.amount) == (5, 702_000 * 3 + 2_340_000 + 3_510_000)
    assert _row(women.table("nam"), "Tổng cộng").values[2] == 0  # no collective has a sex
    collectives = award_statistics(ctx, StatQuery(2023, 2024, subject=SubjectKind.COLLECTIVE))
    assert (collectives.count, collectives.amount) == (1, 3_510_000)
    assert all(
        r.label != "Lao động tiên tiến" for r in collectives.table("doi_tuong").rows
    )  # not for collectives
    people = award_statistics(ctx, StatQuery(2023, 2024, subject=SubjectKind.INDIVIDUAL))
    assert people.count == 9
    province_level = award_statistics(ctx, StatQuery(2023, 2024, levels=frozenset({AuthorityLevel.PROVINCE})))
    assert (province_level.count, province_level.amount) == (2, 7_020_000)
    ldtt = award_statistics(ctx, StatQuery(2024, 2024, codes=frozenset({"LDTT"})))
    assert (ldtt.count, ldtt.amount) == (3, 2_106_000)  # the revoked one left out
    regular = award_statistics(ctx, StatQuery(2023, 2024, include_special=False))
    assert regular.count == 8
    assert [r.label for r in regular.table("loai_hinh").items] == [
        "Công trạng",
        "Quá trình cống hiến",
        "Đối ngoại",
    ]
    assert "không tính khen thưởng đột xuất, chuyên đề" in regular.describe()


def test_empty_years_and_refused_queries(ctx, province):
    empty = award_statistics(ctx, StatQuery(2010, 2011))
    assert empty.count == 0 and [y.total for y in empty.years] == [0, 0]
    assert _row(empty.table("doi_tuong"), "Tổng cộng").values == (0, 0, 0, 0, 0, 0)  # no "Chưa rõ" column
    with pytest.raises(UserError, match="Năm bắt đầu"):
        award_statistics(ctx, StatQuery(2025, 2024))
    with pytest.raises(UserError, match="Giới tính"):
        award_statistics(ctx, StatQuery(2024, 2024, subject=SubjectKind.COLLECTIVE, gender=Gender.MALE))
    with pytest.raises(UserError, match="không còn"):
        award_statistics(ctx, StatQuery(2024, 2024, unit_id=999_999))


def test_one_grouped_query_over_the_awards(ctx, province):
    statements = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(ctx.db.engine, "before_cursor_execute", count)
    try:
        award_statistics(ctx, StatQuery(2016, 2025, unit_id=province["hospital"]))
    finally:
        event.remove(ctx.db.engine, "before_cursor_execute", count)
    assert len([s for s in statements if "GROUP BY" in s.upper() and "award" in s]) == 1
    # BEGIN (PostgreSQL: the count's planner settings), the agency's level (its words), types, units,
    # predecessors, awards
    assert len(statements) <= 6


def test_choices(ctx, province):
    choices = statistics_choices(ctx)
    assert (choices.first_year, choices.last_year) == (2023, 2024)  # the revoked 2022 award does not count
    assert any(u.name == "Khoa Nội" for u in choices.units)
    assert {"LDTT", "GIAY_KHEN"} <= {a.code for a in choices.award_types}


def test_the_workbook_read_back(ctx, province, tmp_path):
    stats = award_statistics(ctx, StatQuery(2023, 2024))
    path = tmp_path / "thong-ke.xlsx"
    assert export_statistics_xlsx(path, stats, AGENCY, day=dt.date(2025, 1, 15)) == 6
    book = load_workbook(path)
    assert book.sheetnames == [
        "Theo năm",
        "Danh hiệu, hình thức",
        "Đối tượng, giới tính",
        "Theo đơn vị",
        "Cấp khen thưởng",
        "Loại hình",
    ]
    sheet = book["Theo năm"]
    assert sheet["A1"].value == "UBND TỈNH SƠN HÀ" and sheet["A2"].value == "SỞ Y TẾ"
    assert sheet["A4"].value == "SỐ LƯỢT KHEN THƯỞNG VÀ TIỀN THƯỞNG THEO NĂM"
    cells = {
        sheet.cell(row=r, column=2).value: [sheet.cell(row=r, column=c).value for c in range(3, 10)]
        for r in range(10, 13)
    }
    assert cells["2024"] == [4, 3, 1, 6, 3, 7, 9_828_000]
    assert cells["Tổng cộng"][-1] == 13_572_000
    assert sheet.cell(row=12, column=9).number_format == "#,##0"
    assert sheet.cell(row=12, column=2).font.b
    assert sheet.cell(row=10, column=3).border.left.style == "thin"
    assert "C8:D8" in {str(m) for m in sheet.merged_cells.ranges}  # "Trong đó" over the titles and forms
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.print_title_rows == "$8:$9"
    assert any(
        str(c.value or "").startswith("Sơn Hà, ngày 15 tháng 01 năm 2025")
        for row in sheet.iter_rows()
        for c in row
    )
    # The closing of the program's reports: NGƯỜI LẬP BIỂU at the left, the head (no signer entered) at the
    # right on the same row, and the print area reaches the room for the signatures.
    (titles,) = [r for r in sheet.iter_rows() if r[0].value == "NGƯỜI LẬP BIỂU"]
    assert [c.value for c in titles if c.value] == ["NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ"]
    assert sheet.cell(row=titles[0].row + 1, column=1).value == "(Ký, ghi rõ họ tên)"
    assert int(sheet.print_area.split("$")[-1]) >= titles[0].row + 5
    for name in ("Theo năm", "Đối tượng, giới tính", "Theo đơn vị", "Cấp khen thưởng", "Loại hình"):
        assert book[name]._charts, name
    assert not book["Danh hiệu, hình thức"]._charts


def test_the_yearly_report_and_text_that_looks_like_a_formula(ctx, province, tmp_path):
    with ctx.write("Đổi tên") as s:
        s.get(Unit, province["centre"]).name = "=TTYT Nga Sơn"
    stats = award_statistics(ctx, tt02_query(2024))
    path = tmp_path / "tt02.xlsx"
    written = export_statistics_xlsx(
        path,
        stats,
        None,
        tables=TT02_TABLES,
        note=TT02_LABEL,
        title="BÁO CÁO THỐNG KÊ THI ĐUA, KHEN THƯỞNG NĂM 2024",
    )
    book = load_workbook(path)
    assert written == len(book.sheetnames) == 4
    sheet = book["Đối tượng, giới tính"]
    assert sheet["A3"].value == "BÁO CÁO THỐNG KÊ THI ĐUA, KHEN THƯỞNG NĂM 2024"
    assert sheet["A4"].value == "SỐ LƯỢT KHEN THƯỞNG THEO ĐỐI TƯỢNG VÀ GIỚI TÍNH"
    assert sheet["A6"].value == TT02_LABEL
    units = book["Theo đơn vị"]
    names = [units.cell(row=r, column=2) for r in range(10, 14)]
    cell = next(c for c in names if c.value == "=TTYT Nga Sơn")
    assert cell.data_type == "s"
