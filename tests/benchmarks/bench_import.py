"""A 10,000-row staff list imported with validation (DESIGN: ≤ 1.5 s on a 2-core machine).

One round is the whole path the wizard takes once the clerk has chosen the file and the unit: read
the .xlsx (read_roster), turn its rows into people with their problems (parse_people), look for
duplicates in the file and in the database (plan_staff_import) and write everything in one
transaction (apply_staff_import). Each round gets a fresh copy of the database, made outside the
timing: an empty one, and the benchmark province (tests/benchmarks/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
import shutil

import openpyxl
import pytest
from sqlalchemy import func, select

from app.exchange.roster import guess_mapping, parse_people, read_roster
from app.services.context import ServiceContext
from app.services.staff import apply_staff_import, incoming_people, plan_staff_import
from app.startup import open_database
from database.engine import sqlite_url
from database.enums import UnitKind
from database.models import Person, Unit
from tests.benchmarks.probes import bare_xlsx_read, compare

ROWS = 10_000
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Thanh", "Quốc", "Hữu", "Thúy"]
SECOND = ["Anh", "Bảo", "Gia", "Hải", "Hoài", "Khánh", "Mỹ", "Phương", "Quang", "Xuân"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hùng", "Lan", "Mai", "Nam", "Tâm", "Trang", "Việt", "Yến"]
DEPARTMENTS = [
    f"Khoa {n}"
    for n in (
        "Nội",
        "Ngoại",
        "Sản",
        "Nhi",
        "Dược",
        "Xét nghiệm",
        "Cấp cứu",
        "Hồi sức tích cực",
        "Chẩn đoán hình ảnh",
        "Truyền nhiễm",
    )
] + [f"Phòng {n}" for n in ("Kế hoạch tổng hợp", "Tổ chức cán bộ", "Điều dưỡng", "Tài chính kế toán")]
POSITIONS = [
    "Bác sĩ",
    "Điều dưỡng",
    "Hộ sinh",
    "Kỹ thuật viên",
    "Dược sĩ",
    "Trưởng khoa",
    "Phó trưởng khoa",
    "Chuyên viên",
    "Kế toán viên",
    None,
]
TITLES = ["Bác sĩ hạng III", "Bác sĩ chính hạng II", "Điều dưỡng hạng IV", "Điều dưỡng hạng III", None]


@pytest.fixture(scope="session")
def roster_file(tmp_path_factory):
    """A list as a hospital sends it: title rows, header, column numbers, people, total, signatures."""
    rng = random.Random(2025)
    path = tmp_path_factory.mktemp("roster") / "danh_sach_10000.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách")
    ws.append(["SỞ Y TẾ TỈNH SƠN HÀ"])
    ws.append(["DANH SÁCH CÁN BỘ, VIÊN CHỨC NĂM 2025"])
    header = [
        "STT",
        "Họ và tên",
        "Giới tính",
        "Ngày sinh",
        "Chức vụ",
        "Chức danh nghề nghiệp",
        "Khoa, phòng",
        "Dân tộc",
        "Số điện thoại",
        "Ngày vào ngành",
        "Ghi chú",
    ]
    ws.append(header)
    ws.append([f"({n})" for n in range(1, len(header) + 1)])
    # Every name different (15,600 of them), so that no row is a duplicate of another.
    names = itertools.product(FAMILY, MIDDLE, SECOND, GIVEN)
    for n, (family, middle, second, given) in zip(range(1, ROWS + 1), names, strict=False):
        born = dt.date(rng.randint(1962, 2001), rng.randint(1, 12), rng.randint(1, 28))
        birth = rng.choice([born, born.strftime("%d/%m/%Y"), born.strftime("%d-%m-%Y"), born.year])
        ws.append(
            [
                n,
                f"{family} {middle} {second} {given}",
                rng.choice(["Nam", "Nữ"]),
                birth,
                rng.choice(POSITIONS),
                rng.choice(TITLES),
                rng.choice(DEPARTMENTS),
                rng.choice(["Kinh", "Kinh", "Kinh", "Mường", "Thái"]),
                f"09{rng.randint(10_000_000, 99_999_999)}",
                f"{rng.randint(1, 12):02d}/{born.year + 24}",
                None,
            ]
        )
    ws.append([None, "Tổng cộng: 10.000 người"])
    ws.append([None, "Người lập biểu", None, None, None, None, "Giám đốc"])
    wb.save(path)
    return path


def import_roster(ctx: ServiceContext, path, unit_id: int):
    sheet = read_roster(path)
    people = incoming_people(parse_people(sheet, guess_mapping(sheet)))
    plan = plan_staff_import(ctx, people, unit_id)
    return apply_staff_import(ctx, plan, source=path.name, create_departments=True)


def _run(benchmark, make_database, roster_file):
    opened = []

    def setup():
        db, unit_id = make_database(len(opened))
        opened.append(db)
        return (ServiceContext(db, actor="bench"), roster_file, unit_id), {}

    try:
        result = benchmark.pedantic(import_roster, setup=setup, rounds=5, iterations=1)
        compare(benchmark, bare_xlsx_read(roster_file), "bare openpyxl read of the file")
        with ServiceContext(opened[-1]).read() as s:
            people = s.scalar(select(func.count()).select_from(Person))
    finally:
        for db in opened:
            db.dispose()
    assert result.created == ROWS and result.skipped == 0
    return people


def _new_hospital(db) -> int:
    from app.services.units import create_unit_under_department

    return create_unit_under_department(ServiceContext(db), "Bệnh viện Đa khoa tỉnh")


def _first_hospital(db) -> int:
    with ServiceContext(db).read() as s:
        return s.scalar(select(Unit.id).where(Unit.kind == UnitKind.HOSPITAL).order_by(Unit.id).limit(1))


def test_import_10000_rows_into_an_empty_database(benchmark, roster_file, tmp_path):
    def make_database(n):
        db = open_database(sqlite_url(tmp_path / f"empty{n}.sqlite3"), backup_dir=tmp_path / "backups")
        return db, _new_hospital(db)

    assert _run(benchmark, make_database, roster_file) == ROWS


def test_import_10000_rows_into_the_demo_province(
    benchmark, roster_file, province_path, province_staff, tmp_path
):
    def make_database(n):
        path = tmp_path / f"province{n}.sqlite3"
        shutil.copyfile(province_path, path)
        db = open_database(sqlite_url(path), backup_dir=tmp_path / "backups")
        return db, _first_hospital(db)

    assert _run(benchmark, make_database, roster_file) >= province_staff + ROWS


# PostgreSQL: each round on a database of its own on the server, made outside the timing (an empty one
# migrated by the program, or a file-level copy of the province's PostgreSQL copy), dropped when the next is made.


@pytest.fixture
def scratch(postgres_server):
    from tests.benchmarks.postgres import drop_scratch, scratch_database

    made = []

    def make(name, template=None):  # one at a time: the province's copies are gigabytes
        while made:
            drop_scratch(postgres_server, made.pop())
        made.append(scratch_database(postgres_server, f"tdkt_bench_scratch_{os.getpid()}_{name}", template))
        return made[-1]

    yield make
    while made:
        drop_scratch(postgres_server, made.pop())


@pytest.fixture
def private_province(postgres_server, province_postgres):
    """A copy of the province's PostgreSQL copy that this session alone uses as the rounds' template (the
    cached copy may be open in another session: a template must have none)."""
    from tests.benchmarks.postgres import drop_scratch, scratch_database

    url = scratch_database(postgres_server, f"tdkt_bench_scratch_{os.getpid()}_template", province_postgres)
    yield url
    drop_scratch(postgres_server, url)


def test_import_10000_rows_into_an_empty_database_on_postgresql(benchmark, roster_file, scratch):
    def make_database(n):
        db = open_database(scratch(f"empty{n}"))
        return db, _new_hospital(db)

    assert _run(benchmark, make_database, roster_file) == ROWS


def test_import_10000_rows_into_the_demo_province_on_postgresql(
    benchmark, roster_file, private_province, province_staff, scratch
):
    def make_database(n):
        db = open_database(scratch(f"province{n}", template=private_province))
        return db, _first_hospital(db)

    assert _run(benchmark, make_database, roster_file) >= province_staff + ROWS
