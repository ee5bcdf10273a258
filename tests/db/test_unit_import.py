"""Importing the list of units from Excel: plan, apply, skipping what exists, and refusals that write nothing."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.exchange.unit_list import read_unit_list
from app.services.context import ServiceContext
from app.services.unit_import import UnitImportRefused, apply_unit_import, plan_unit_import
from app.services.units import UnitData, create_unit
from app.startup import open_database
from database.engine import sqlite_url
from database.enums import UnitKind
from database.models import AuditEntry, Unit
from tests.unit_list import ROWS, write_unit_list


def _root(ctx) -> int:
    return create_unit(ctx, None, UnitData("Sở Y tế tỉnh Sơn Hà", UnitKind.DEPARTMENT))


def _tree(ctx) -> dict[str, tuple[str | None, UnitKind, str | None]]:
    with ctx.read() as s:
        units = {u.id: u for u in s.scalars(select(Unit))}
        return {
            u.name: (units[u.parent_id].name if u.parent_id else None, u.kind, u.address)
            for u in units.values()
        }


def _count(ctx) -> int:
    with ctx.read() as s:
        return s.scalar(select(func.count()).select_from(Unit))


def test_plan_then_apply_places_parents_after_children_and_skips_what_exists(ctx, tmp_path):
    _root(ctx)
    units = read_unit_list(write_unit_list(tmp_path / "dv.xlsx", legacy=True))  # TCVN3 text repaired
    plan = plan_unit_import(ctx, units)
    assert plan.errors == [] and len(plan.added) == 5 and plan.skipped == []
    assert _count(ctx) == 1  # the plan writes nothing
    apply_unit_import(ctx, units)
    tree = _tree(ctx)
    assert tree["Khoa Nội"] == ("Bệnh viện Đa khoa tỉnh", UnitKind.CLINICAL_DEPT, None)
    assert tree["Bệnh viện Đa khoa tỉnh"] == (
        "Sở Y tế tỉnh Sơn Hà",
        UnitKind.HOSPITAL,
        "12 Lê Lợi, TP Sơn Hà",
    )
    assert tree["Trạm Y tế xã Mỹ Hòa"][:2] == ("Trung tâm Y tế huyện Tân Lạc", UnitKind.STATION)
    assert tree["Phòng Kế hoạch tổng hợp"][:2] == ("Bệnh viện Đa khoa tỉnh", UnitKind.ADMIN_DEPT)
    with ctx.read() as s:
        assert s.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.summary.like("Nhập danh sách đơn vị%"))
        )

    # again, the Sở itself listed at the top (skipped, never a second root), and one more khoa under it: the five are skipped (by code, or by name under the same parent)
    more = read_unit_list(
        write_unit_list(
            tmp_path / "dv2.xlsx",
            rows=(
                ("Sở Y tế", "", "", None, None, None),
                *ROWS,
                ("Khoa Ngoại", "Khoa", "BVDK", None, None, None),
            ),
        )
    )
    again = apply_unit_import(ctx, more)
    assert [u.name for u in again.added] == ["Khoa Ngoại"]
    assert {u.name for u in again.skipped} == {"Sở Y tế", *(r[0] for r in ROWS)}
    assert again.skipped[0].row == 4 and again.skipped[0].note == "đơn vị gốc của cây (đã có)"
    assert _count(ctx) == 7


@pytest.mark.parametrize(
    ("rows", "row", "words"),
    [
        ((("Khoa Nội", "khoa", "Bệnh viện X", None, None, None),), 4, "Không tìm thấy đơn vị cấp trên"),
        (
            (("Khoa A", "khoa", "Khoa B", None, None, None), ("Khoa B", "khoa", "Khoa A", None, None, None)),
            4,
            "vòng",
        ),
        (
            (
                ("Bệnh viện A", "", "", None, None, None),
                ("Bệnh viện A", "", "Sở Y tế tỉnh Sơn Hà", None, None, None),
            ),
            5,
            "trùng với dòng 5",
        ),
        (
            (("Bệnh viện A", "", "", "A", None, None), ("Bệnh viện B", "", "", "a", None, None)),
            5,
            "Mã đơn vị “a”",
        ),
        ((("Bệnh viện A", "", "", None, "x" * 301, None),), 4, "Địa chỉ dài quá 300 ký tự"),
        ((("Bệnh viện A", "", "", "A", None, None), ("", "khoa", "A", None, None, "0123")), 5, "Thiếu tên"),
        ((("Bệnh viện A", "nhà thuốc", "", None, None, None),), 4, "Không rõ loại đơn vị “nhà thuốc”"),
    ],
    ids=["parent-missing", "cycle", "twice", "code-twice", "too-long", "blank-name", "unknown-kind"],
)
def test_every_refusal_names_the_row_and_writes_nothing(ctx, tmp_path, rows, row, words):
    _root(ctx)
    good = ("Trung tâm Y tế huyện Tân Lạc", "", "", None, None, None)
    units = read_unit_list(write_unit_list(tmp_path / "bad.xlsx", rows=(good, *rows)))
    plan = plan_unit_import(ctx, units)
    assert any(e.row == row + 1 and words in e.message for e in plan.errors), plan.errors
    with pytest.raises(UnitImportRefused):
        apply_unit_import(ctx, units)
    assert _count(ctx) == 1


def test_cli_json_dry_run_and_refusal(capsys, tmp_path):
    db_file = tmp_path / "cli.sqlite3"
    db = open_database(sqlite_url(db_file))
    try:
        _root(ServiceContext(db, actor="tester"))
    finally:
        db.dispose()
    good = write_unit_list(tmp_path / "dv.xlsx")

    def run(*args):
        code = main(["--db", str(db_file), "import", "units", *args])
        out, err = capsys.readouterr()
        return code, json.loads(out) if "--json" in args else out, err

    code, out, _ = run(str(good), "--dry-run", "--json")
    assert code == 0 and len(out["added"]) == 5 and out["skipped"] == [] and out["errors"] == []
    assert out["added"][0] == {
        "row": 4,
        "name": "Khoa Nội",
        "code": None,
        "kind": "Khoa",
        "parent": "Bệnh viện Đa khoa tỉnh",
        "note": "",
    }
    code, out, _ = run(str(good))
    assert code == 0 and "Đã nhập: 5 đơn vị mới" in out
    code, out, _ = run(str(good), "--json")
    assert code == 0 and out["added"] == [] and len(out["skipped"]) == 5
    bad = write_unit_list(tmp_path / "bad.xlsx", rows=(("Khoa Mắt", "khoa", "Không có", None, None, None),))
    code, out, err = run(str(bad), "--json")
    assert code == 2 and out["added"] == [] and out["errors"][0]["row"] == 4
    assert "Không tìm thấy đơn vị cấp trên “Không có”" in err
