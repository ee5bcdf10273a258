"""`python -m app import staff`: the sample rosters, duplicates, dry runs and refusals."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.services.context import ServiceContext
from app.startup import open_database
from database.engine import sqlite_url
from database.models import Person, Unit

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


@pytest.fixture
def db_file(tmp_path):
    return tmp_path / "cli.sqlite3"


def run(capsys, db_file, *args) -> tuple[int, dict | None, str]:
    code = main(["--db", str(db_file), "import", "staff", *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if "--json" in args and out.strip() else None), err


def count_people(db_file) -> int:
    db = open_database(sqlite_url(db_file))
    try:
        with ServiceContext(db).read() as s:
            return s.scalar(select(func.count()).select_from(Person))
    finally:
        db.dispose()


def test_tcvn3_sample_imports_exactly(capsys, db_file):
    expected = json.loads((SAMPLES / "roster_tcvn3.expected.json").read_text(encoding="utf-8"))
    code, out, _ = run(
        capsys,
        db_file,
        str(SAMPLES / "roster_tcvn3.xlsx"),
        "--unit",
        "Bệnh viện Đa khoa tỉnh",
        "--create-unit",
        "--create-departments",
        "--json",
    )
    assert code == 0
    assert out["duplicates"] == [] and out["errors"] == []
    assert [
        {k: p[k] for k in ("full_name", "gender", "birth_date", "position")} for p in out["imported"]
    ] == expected
    assert count_people(db_file) == len(expected)
    db = open_database(sqlite_url(db_file))
    with ServiceContext(db).read() as s:
        hospital = s.scalar(select(Unit).where(Unit.name == "Bệnh viện Đa khoa tỉnh"))
        departments = set(s.scalars(select(Unit.name).where(Unit.parent_id == hospital.id)))
    db.dispose()
    assert "Khoa Ngoại chấn thương" in departments


def test_second_import_reports_duplicates_and_can_update(capsys, db_file):
    args = [
        str(SAMPLES / "roster_vni.xls"),
        "--unit",
        "TTYT Cẩm Thủy",
        "--create-unit",
        "--create-departments",
        "--json",
    ]
    code, first, _ = run(capsys, db_file, *args)
    assert code == 0 and len(first["imported"]) == 20
    assert first["imported"][0] == {
        "full_name": "Lê Ngọc Phương",
        "gender": "Nữ",
        "birth_date": "1985-03-12",
        "position": "Bác sĩ",
    }
    code, again, _ = run(capsys, db_file, *args)
    assert code == 0 and again["imported"] == [] and len(again["duplicates"]) == 20
    code, updated, _ = run(capsys, db_file, *args, "--update-duplicates")
    assert code == 0 and len(updated["imported"]) == 20
    assert count_people(db_file) == 20


def test_dry_run_writes_nothing(capsys, db_file):
    code, out, _ = run(
        capsys,
        db_file,
        str(SAMPLES / "roster_unicode_nfd.xlsx"),
        "--unit",
        "Bệnh viện Nhi",
        "--create-unit",
        "--create-departments",
        "--dry-run",
        "--json",
    )
    assert code == 0 and len(out["imported"]) == 20
    assert "Lý Đức Việt" in [p["full_name"] for p in out["imported"]]
    assert "Ngô Minh Lực" in [p["full_name"] for p in out["imported"]]
    assert count_people(db_file) == 0
    db = open_database(sqlite_url(db_file))
    with ServiceContext(db).read() as s:
        assert s.scalar(select(func.count()).select_from(Unit)) == 0
    db.dispose()


def test_unknown_unit_without_create_is_refused(capsys, db_file):
    code, out, err = run(
        capsys, db_file, str(SAMPLES / "roster_unicode_nfd.xlsx"), "--unit", "Không có", "--json"
    )
    assert code == 2 and out["imported"] == [] and "--create-unit" in err
    assert count_people(db_file) == 0


def test_broken_file_is_refused_and_changes_nothing(capsys, db_file, tmp_path):
    broken = tmp_path / "ds.xlsx"
    broken.write_bytes((SAMPLES / "roster_tcvn3.xlsx").read_bytes()[:3000])
    code, _, err = run(capsys, db_file, str(broken), "--unit", "BV", "--create-unit")
    assert code == 2 and "bị hỏng" in err
    assert count_people(db_file) == 0


def test_rows_with_errors_refuse_the_file(capsys, db_file, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Chức vụ"])
    ws.append([1, "Nguyễn Văn An", "Nam", "12/05/1980", "Bác sĩ"])
    ws.append([2, "Trần Thị Bình", "Nữ", "31/02/1985", "Điều dưỡng"])
    path = tmp_path / "loi.xlsx"
    wb.save(path)
    code, out, _ = run(capsys, db_file, str(path), "--unit", "BV", "--create-unit", "--json")
    assert code == 2
    assert out["errors"] == [{"row": 3, "message": "Ngày sinh không hợp lệ: 31/02/1985"}]
    assert count_people(db_file) == 0


def _department_list(tmp_path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Khoa, phòng"])
    ws.append([1, "Nguyễn Văn An", "Nam", "12/05/1980", "KHOA NỘI"])
    ws.append([2, "Trần Thị Bình", "Nữ", "03/04/1985", "Khoa Nội tổng hợp"])
    path = tmp_path / "khoa.xlsx"
    wb.save(path)
    return path


def _hospital_with_khoa_noi(db_file) -> None:
    db = open_database(sqlite_url(db_file))
    with ServiceContext(db).write("test") as s:
        from app.services.units import guess_unit_kind

        eye = Unit(name="Bệnh viện Mắt", name_folded="benh vien mat", kind=guess_unit_kind("Bệnh viện Mắt"))
        s.add(eye)
        s.flush()
        s.add(
            Unit(name="Khoa Nội", name_folded="khoa noi", kind=guess_unit_kind("Khoa Nội"), parent_id=eye.id)
        )
    db.dispose()


def _departments(db_file) -> list[str]:
    db = open_database(sqlite_url(db_file))
    with ServiceContext(db).read() as s:
        eye = s.scalar(select(Unit.id).where(Unit.name == "Bệnh viện Mắt"))
        names = sorted(s.scalars(select(Unit.name).where(Unit.parent_id == eye)))
    db.dispose()
    return names


def test_new_departments_are_refused_by_default_and_listed(capsys, db_file, tmp_path):
    _hospital_with_khoa_noi(db_file)
    code, out, err = run(
        capsys, db_file, str(_department_list(tmp_path)), "--unit", "Bệnh viện Mắt", "--json"
    )
    assert code == 2 and "Khoa Nội tổng hợp" in err and "--create-departments" in err
    near = {d["name"]: d for d in out["departments"]}
    assert near["KHOA NỘI"]["match"] == "folded"
    assert near["Khoa Nội tổng hợp"]["match"] == "near" and near["Khoa Nội tổng hợp"]["near"] == ["Khoa Nội"]
    assert count_people(db_file) == 0
    assert _departments(db_file) == ["Khoa Nội"]


def test_create_departments_flag_creates_only_the_unmatched_ones(capsys, db_file, tmp_path):
    _hospital_with_khoa_noi(db_file)
    path = str(_department_list(tmp_path))
    code, _, _ = run(capsys, db_file, path, "--unit", "Bệnh viện Mắt", "--create-departments", "--json")
    assert code == 0 and count_people(db_file) == 2
    assert _departments(db_file) == ["Khoa Nội", "Khoa Nội tổng hợp"]  # "KHOA NỘI" went to Khoa Nội


def test_every_bad_spreadsheet_exits_2_with_one_vietnamese_line_and_writes_nothing(capsys, db_file, tmp_path):
    from tests.unit.test_file_limits import BAD_NAMES, bad_spreadsheets

    cases = bad_spreadsheets(tmp_path / "bad")
    code, _, _ = run(capsys, db_file, str(SAMPLES / "roster_tcvn3.xlsx"), "--unit", "Bệnh viện",
                     "--create-unit", "--create-departments")  # fmt: skip
    assert code == 0
    before = count_people(db_file)
    for name in BAD_NAMES:
        path, message = cases[name]
        code, _, err = run(capsys, db_file, str(path), "--unit", "Bệnh viện", "--create-unit")
        assert code == 2, name
        assert err.startswith("Lỗi: ") and err.count("\n") == 1 and re.search(message, err), (name, err)
        assert "Traceback" not in err and "Error" not in err and "Exception" not in err, (name, err)
    assert count_people(db_file) == before
