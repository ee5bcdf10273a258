"""`import history`: the shared sample, our own sample, matching, problems and dry runs."""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.cli import main
from app.exchange.history import HistoryError, read_history
from app.exchange.roster import open_spreadsheet
from app.services.context import ServiceContext
from app.services.history import import_history
from app.startup import open_database
from app.text import fold
from database.enums import AwardBasis, AwardSource, InitiativeLevel, RatingLevel, UnitKind
from database.models import Award, AwardType, Initiative, InitiativeAuthor, Person, Rating, Unit, UnitName
from tests.unit.test_file_limits import BAD_NAMES, bad_spreadsheets, real_xls

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLE = DATA / "samples" / "history_sample.xlsx"
SMALL = DATA / "history_small.xlsx"


def counts(ctx) -> dict[str, int]:
    with ctx.read() as s:
        return {
            m.__name__: s.scalar(select(func.count()).select_from(m))
            for m in (Person, Unit, Rating, Initiative, InitiativeAuthor, Award)
        }


def workbook(path: Path, **sheets: list[list]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    names = {"staff": "Cán bộ", "ratings": "Xếp loại", "initiatives": "Sáng kiến", "awards": "Khen thưởng"}
    for key, rows in sheets.items():
        ws = wb.create_sheet(names[key])
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


RATING_HEADER = ["Họ và tên", "Ngày sinh", "Năm", "Xếp loại"]
AWARD_HEADER = [
    "Họ và tên",
    "Ngày sinh",
    "Năm",
    "Danh hiệu/Hình thức",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan quyết định",
    "Loại",
]


def test_the_shared_sample_imports_once(ctx):
    before = counts(ctx)
    report = import_history(ctx, read_history(SAMPLE))
    assert report.problems == [] and report.written
    assert (len(report.people_created), report.ratings, report.initiatives, report.awards) == (
        42,
        420,
        1,
        233,
    )
    assert sorted(report.units_created) == sorted(
        [
            "Văn phòng Sở Y tế",
            "Bệnh viện Đa khoa tỉnh",
            "Trung tâm Kiểm soát bệnh tật",
            "Trung tâm Y tế huyện Cẩm Thủy",
            "Bệnh viện Phụ sản",
        ]
    )
    after = counts(ctx)
    assert after["Person"] - before["Person"] == 42 and after["Award"] - before["Award"] == 233
    with ctx.read() as s:
        oanh = s.scalar(select(Person).where(Person.name_folded == fold("Đỗ Đức Oanh")))
        assert oanh.birth_date == dt.date(1970, 11, 5) and oanh.gender.value == "FEMALE"
        levels = dict(s.execute(select(Rating.year, Rating.level).where(Rating.person_id == oanh.id)).all())
        assert (
            levels[2015] == RatingLevel.DONE and levels[2023] == RatingLevel.EXCELLENT and len(levels) == 10
        )
        award = s.execute(
            select(Award, AwardType.code)
            .join(AwardType)
            .where(Award.person_id == oanh.id, Award.year == 2019)
        ).one()
        assert award[1] == "LDTT" and award[0].source == AwardSource.HISTORY
        assert (award[0].decision_number, award[0].decision_date) == ("243/QĐ-SYT", dt.date(2019, 12, 15))

    again = import_history(ctx, read_history(SAMPLE))
    assert again.problems == [] and again.skipped == 420 + 1 + 233
    assert (again.people_created, again.ratings, again.awards) == ([], 0, 0)
    assert counts(ctx) == after


def test_a_dry_run_reports_and_writes_nothing(ctx):
    before = counts(ctx)
    report = import_history(ctx, read_history(SMALL), dry_run=True)
    assert report.problems == [] and not report.written
    assert (len(report.people_created), report.ratings, report.initiatives, report.awards) == (4, 11, 2, 11)
    assert counts(ctx) == before


def test_our_sample_matches_people_units_and_collectives(ctx):
    with ctx.write() as s:  # the hospital exists under an older name; Hà is known by birth year only
        dept = Unit(name="Sở Y tế", name_folded=fold("Sở Y tế"), kind=UnitKind.DEPARTMENT)
        s.add(dept)
        s.flush()
        hospital = Unit(
            name="Bệnh viện Đa khoa tỉnh Sơn Hà",
            name_folded=fold("Bệnh viện Đa khoa tỉnh Sơn Hà"),
            kind=UnitKind.HOSPITAL,
            parent_id=dept.id,
        )
        s.add(hospital)
        s.flush()
        s.add(UnitName(unit_id=hospital.id, name="Bệnh viện Đa khoa tỉnh", valid_to=dt.date(2025, 6, 30)))
        s.add(Person(full_name="Phạm Thu Hà", name_folded=fold("Phạm Thu Hà"), sort_key="x", birth_year=1990))
        hospital_id = hospital.id
    report = import_history(ctx, read_history(SMALL))
    assert report.problems == []
    assert report.units_created == ["Trung tâm Kiểm soát bệnh tật"]
    assert [w.full_name for w in report.people_created] == [
        "Nguyễn Thị Hồng Nhung",
        "Trần Văn Đức",
        "Lê Minh Tâm",
    ]
    with ctx.read() as s:
        nhung = s.scalar(select(Person).where(Person.name_folded == fold("Nguyễn Thị Hồng Nhung")))
        assert nhung.unit_id == hospital_id and nhung.position == "Trưởng khoa"
        tam = s.scalar(select(Person).where(Person.name_folded == fold("Lê Minh Tâm")))
        assert (tam.birth_date, tam.birth_year) == (None, 1988)
        assert (
            s.scalar(
                select(func.count()).select_from(Person).where(Person.name_folded == fold("Phạm Thu Hà"))
            )
            == 1
        )
        qr = s.scalar(select(Initiative).where(Initiative.title.like("Quy trình bàn giao%")))
        assert qr.level == InitiativeLevel.PROVINCE and qr.year == 2024
        assert (
            s.scalar(
                select(func.count())
                .select_from(InitiativeAuthor)
                .where(InitiativeAuthor.initiative_id == qr.id)
            )
            == 2
        )
        collective = s.execute(
            select(AwardType.code, Award.year).join(AwardType).where(Award.unit_id == hospital_id)
        ).all()
        assert collective == [("TTLDTT", 2024)]
        thematic = s.scalar(select(Award.basis).join(AwardType).where(AwardType.code == "GIAY_KHEN"))
        assert thematic == AwardBasis.THEMATIC


def test_any_problem_refuses_the_whole_file(ctx, tmp_path):
    path = workbook(
        tmp_path / "loi.xlsx",
        ratings=[
            RATING_HEADER,
            ["Hoàng Văn Nam", "01/02/1980", 2023, "HTTNV"],
            ["Hoàng Văn Nam", "01/02/1980", 2024, "tốt lắm"],
            ["", "01/02/1980", 2024, "HTTNV"],
            ["Hoàng Văn Nam", "31/02/1980", 2024, "HTTNV"],
        ],
        awards=[
            AWARD_HEADER,
            [
                "Hoàng Văn Nam",
                "01/02/1980",
                2023,
                "Huy chương vàng",
                "1/QĐ",
                "2023-12-15",
                "Sở Y tế",
                "công trạng",
            ],
            ["Hoàng Văn Nam", "01/02/1980", 2023, "LDTT", "1/QĐ", "15/12/2023", "Sở Y tế", "thường niên"],
        ],
    )
    before = counts(ctx)
    report = import_history(ctx, read_history(path))
    assert not report.written
    found = {(p.sheet, p.row): p.message for p in report.problems}
    assert found == {
        ("Xếp loại", 3): "xếp loại “tốt lắm” không rõ",
        ("Xếp loại", 4): "thiếu họ và tên",
        ("Xếp loại", 5): "ngày sinh “31/02/1980” không đọc được",
        ("Khen thưởng", 3): "loại khen thưởng “thường niên” không rõ",
    }
    assert counts(ctx) == before

    # With the file itself clean, a name missing from the catalogue is found while matching: still nothing.
    path = workbook(
        tmp_path / "loi2.xlsx",
        ratings=[RATING_HEADER, ["Hoàng Văn Nam", "01/02/1980", 2023, "HTTNV"]],
        awards=[
            AWARD_HEADER,
            ["Hoàng Văn Nam", "01/02/1980", 2023, "Huy chương vàng", None, None, None, None],
        ],
    )
    report = import_history(ctx, read_history(path))
    assert [p.text() for p in report.problems] == [
        "Khen thưởng, dòng 2: không có danh hiệu/hình thức “Huy chương vàng” trong danh mục"
    ]
    assert counts(ctx) == before


def test_a_rating_that_contradicts_the_database_is_a_problem(ctx, tmp_path):
    first = workbook(tmp_path / "a.xlsx", ratings=[RATING_HEADER, ["Đinh Thị Lan", "1979", 2024, "HTTNV"]])
    assert import_history(ctx, read_history(first)).written
    second = workbook(
        tmp_path / "b.xlsx",
        ratings=[
            RATING_HEADER,
            ["Đinh Thị Lan", 1979, 2024, "HTXSNV"],
            ["Đinh Thị Lan", 1979, 2023, "HTXSNV"],
        ],
    )
    report = import_history(ctx, read_history(second))
    assert [p.text() for p in report.problems] == [
        "Xếp loại, dòng 2: Đinh Thị Lan đã có xếp loại năm 2024 là “Hoàn thành tốt nhiệm vụ”, "
        "khác với “Hoàn thành xuất sắc nhiệm vụ”"
    ]
    with ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Rating)) == 1  # 2023 was not written either


def test_headers_are_found_under_titles_and_in_any_order(tmp_path):
    path = workbook(
        tmp_path / "x.xlsx",
        ratings=[
            ["BẢNG XẾP LOẠI"],
            [],
            ["Năm", "XẾP LOẠI", "Ho va ten", "Năm sinh"],
            [2024, "xuất sắc", "Vũ Thị Mai", 1990],
        ],
    )
    book = read_history(path)
    assert book.problems == []
    (row,) = book.ratings
    assert (row.who.full_name, row.who.birth_year, row.year, row.level, row.sheet_row) == (
        "Vũ Thị Mai",
        1990,
        2024,
        RatingLevel.EXCELLENT,
        4,
    )


def test_files_that_are_not_history_workbooks(tmp_path):
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(HistoryError, match=r"Tệp “hong.xlsx” bị hỏng \(tệp nén bị cắt cụt"):
        read_history(broken)
    other = tmp_path / "khac.xlsx"
    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.save(other)
    with pytest.raises(HistoryError, match="không có trang tính nào tên"):
        read_history(other)
    no_header = workbook(tmp_path / "t.xlsx", ratings=[["Tên", "Điểm"], ["A", 1]])
    assert [p.text() for p in read_history(no_header).problems] == [
        "Xếp loại: không tìm thấy dòng tiêu đề có các cột “Họ và tên”, “Năm”, “Xếp loại / Cấp”"
    ]


def test_the_command_line(db, capsys, tmp_path):
    url = db.engine.url.render_as_string(hide_password=False)
    code = main(["--db-url", url, "import", "history", str(SMALL), "--dry-run", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["written"] is False and out["ratings"] == 11 and out["errors"] == []
    assert {"full_name": "Lê Minh Tâm", "birth_date": "1988"} in out["people_created"]

    assert main(["--db-url", url, "import", "history", str(SMALL)]) == 0
    assert "Đã nhập: 11 xếp loại, 2 sáng kiến, 11 khen thưởng" in capsys.readouterr().out

    bad = workbook(tmp_path / "bad.xlsx", ratings=[RATING_HEADER, ["Vũ An", 1990, 2024, "?"]])
    assert main(["--db-url", url, "import", "history", str(bad), "--json"]) == 2
    captured = capsys.readouterr()
    assert json.loads(captured.out)["errors"] == [
        {"sheet": "Xếp loại", "row": 2, "message": "xếp loại “?” không rõ"}
    ]
    assert "không nhập dòng nào" in captured.err

    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"not a workbook")
    assert main(["--db-url", url, "import", "history", str(broken)]) == 2
    assert (
        "Lỗi: Tệp “hong.xlsx” là tệp văn bản (CSV hoặc văn bản thường) được đổi đuôi"
        in capsys.readouterr().err
    )
    ctx = ServiceContext(open_database(db.engine.url))
    try:
        assert counts(ctx)["Rating"] == 11
    finally:
        ctx.db.dispose()


# ------------------------------------------------------------------ bad files (issue 13, Deliver 5)
@pytest.fixture(scope="module")
def bad(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """The issue's bad spreadsheets (tests/unit/test_file_limits.py), their sheet named "Xếp loại"."""
    return bad_spreadsheets(tmp_path_factory.mktemp("bad"), sheet="Xếp loại")


BAD_CASES = BAD_NAMES


@pytest.mark.parametrize("case", BAD_CASES)
def test_every_bad_file_is_one_history_error_saying_what_is_wrong(bad, case):
    path, message = bad[case]
    with pytest.raises(HistoryError, match=message) as info:
        read_history(path)
    assert "Error" not in str(info.value) and "Exception" not in str(info.value)


def test_the_command_refuses_every_bad_file_with_exit_2_and_writes_nothing(db, capsys, bad):
    url = db.engine.url.render_as_string(hide_password=False)
    ctx = ServiceContext(open_database(db.engine.url))
    try:
        before = counts(ctx)
        for case in BAD_CASES:
            path, message = bad[case]
            assert main(["--db-url", url, "import", "history", str(path)]) == 2, case
            err = capsys.readouterr().err
            assert err.startswith("Lỗi: ") and err.count("\n") == 1 and re.search(message, err), (case, err)
            assert "Traceback" not in err and "Error" not in err, (case, err)
        assert counts(ctx) == before
    finally:
        ctx.db.dispose()


def test_an_old_xls_and_a_renamed_one_are_read_like_an_xlsx(tmp_path):
    for name in ("lich su.xls", "lich su that.xlsx"):
        book = read_history(real_xls(tmp_path / name))
        assert book.problems == []
        assert [(r.who.full_name, r.who.birth_year, r.year, r.level) for r in book.ratings] == [
            ("Vũ Văn An", 1990, 2024, RatingLevel.GOOD)
        ]


def test_a_claimed_dimension_of_a_whole_sheet_is_not_trusted(tmp_path):
    # The 412 KB workbook claimed A1:XFD20001: rows are read as they are, nothing padded to it.
    path = workbook(tmp_path / "rong.xlsx", ratings=[RATING_HEADER, ["Vũ Văn An", 1990, 2024, "Tốt"]])
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = re.sub(r"<dimension ref=\"[^\"]*\"", '<dimension ref="A1:XFD20001"', sheet)
    far = '<row r="20001"><c r="XFD20001" t="inlineStr"><is><t>x</t></is></c></row>'
    parts["xl/worksheets/sheet1.xml"] = sheet.replace("</sheetData>", far + "</sheetData>").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    with open_spreadsheet(path) as raw_book:
        raw = raw_book.read_sheet(0, 50_000, lambda value, font: value, lambda: None)
    assert [(n, len(cells)) for n, cells in raw.rows] == [(1, 4), (2, 4)]  # XFD is past the columns read
    book = read_history(path)
    assert book.problems == [] and [(r.who.full_name, r.year) for r in book.ratings] == [("Vũ Văn An", 2024)]


def test_a_sheet_over_the_row_limit_is_refused(tmp_path):
    rows = [RATING_HEADER] + [[f"Người {i}", 1990, 2024, "Tốt"] for i in range(60)]
    path = workbook(tmp_path / "dai.xlsx", ratings=rows)
    with pytest.raises(HistoryError, match="Tệp “dai.xlsx” có hơn 50 dòng, vượt quá giới hạn 50 dòng"):
        read_history(path, max_rows=50)


def test_a_formula_saved_without_its_value_is_a_problem_on_its_row(tmp_path):
    rows = [RATING_HEADER, ["Vũ Văn An", 1990, "=2020+4", "Tốt"], ["Lê Thị Bình", 1985, 2024, "Tốt"]]
    book = read_history(workbook(tmp_path / "ct.xlsx", ratings=rows))
    assert [p.text() for p in book.problems] == [
        "Xếp loại, dòng 2: ô công thức chưa có giá trị (mở tệp bằng Excel, lưu lại rồi nhập)"
    ]
    assert [r.who.full_name for r in book.ratings] == ["Lê Thị Bình"]
