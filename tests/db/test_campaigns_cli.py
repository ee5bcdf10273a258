"""`python -m app campaigns list|show|export` through app.cli.main on a real SQLite file holding seed 001:
the JSON parsed back, the report written as the clerk's page writes it, refusals with exit code 2."""

from __future__ import annotations

import json

import openpyxl
import pytest

from app.cli import main
from app.services.campaigns import CampaignInput, save_campaign
from app.services.context import ServiceContext
from app.startup import open_database
from database.engine import sqlite_url
from database.enums import CampaignKind
from tests.db.test_seed_001 import CAMPAIGN, CAT_TIEN, LAM_HA, NOTES, RESULTS, WORDS, _enter
from tests.unit.test_state_documents import Pdf


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """Seed 001 and a campaign of 2020 in one file; (the file, seed 001's campaign id)."""
    path = tmp_path_factory.mktemp("cli") / "tdkt.sqlite3"
    db = open_database(sqlite_url(path), backup_dir=path.parent / "backups")
    ctx = ServiceContext(db, actor="tester")
    campaign_id = _enter(ctx).campaign_id
    save_campaign(
        ctx,
        CampaignInput(
            "Phong trào thi đua yêu nước năm 2020", CampaignKind.THEMATIC, start_date=None, end_date=None
        ),
    )
    db.dispose()
    return path, campaign_id


def run(capsys, path, *args) -> tuple[int, str, str]:
    code = main(["--db", str(path), "campaigns", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_by_year_as_json(capsys, seeded):
    path, campaign_id = seeded
    code, out, _ = run(capsys, path, "list", "--year", "2024", "--json")
    assert code == 0
    listed = json.loads(out)
    seed = next(c for c in listed if c["id"] == campaign_id)
    assert seed == {
        "id": campaign_id,
        "name": CAMPAIGN.name,
        "kind": "MULTI_YEAR",
        "launcher": "DEPARTMENT",
        "start_date": "2023-01-01",
        "end_date": "2025-12-31",
        "status": seed["status"],  # depends on today
        "phases": 0,
        "items": 0,
        "targets": 5,
        "current_phase": None,
    }
    code, out, _ = run(capsys, path, "list", "--year", "2019", "--json")
    assert [c["name"] for c in json.loads(out)] == ["Phong trào thi đua yêu nước năm 2020"]  # no period
    code, out, _ = run(capsys, path, "list")
    assert code == 0 and f"[{campaign_id}] {CAMPAIGN.name}" in out and "5 chỉ tiêu" in out


def test_show_gives_targets_unit_values_and_judged_results(capsys, seeded):
    path, campaign_id = seeded
    code, out, _ = run(capsys, path, "show", str(campaign_id), "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown["name"] == CAMPAIGN.name and shown["phases"] == [] and shown["content_items"] == []
    doctors, beds, communes, growth, words = shown["targets"]
    assert (doctors["kind"], doctors["value_min"], doctors["value_max"]) == ("RANGE", 8.5, 9)
    assert doctors["unit_values"] == [
        {"unit_id": doctors["unit_values"][0]["unit_id"], "unit": CAT_TIEN, "value_min": 6, "value_max": 6.5,
         "goal": "6 – 6,5 bác sĩ/vạn dân"}
    ]  # fmt: skip
    assert (communes["kind"], communes["goal"]) == ("VALUE", "100 %")
    assert (growth["kind"], growth["target_year"], growth["goal"]) == (
        "ABOUT",
        2025,
        "đến năm 2025 khoảng 1 %",
    )
    assert (words["kind"], words["text"], words["value_min"]) == ("TEXT", WORDS, None)
    ids = [t["id"] for t in shown["targets"]]
    read = {(ids.index(r["target_id"]), r["unit"], r["year"]): r for r in shown["results"]}
    assert {k: r["progress"] for k, r in read.items()} == {k: j.value for k, (_, j) in RESULTS.items()}
    assert read[(0, CAT_TIEN, 2024)]["value"] == 6.1
    assert read[(4, CAT_TIEN, 2025)] | {"target_id": 0, "unit_id": 0} == {
        "target_id": 0, "unit_id": 0, "unit": CAT_TIEN, "year": 2025, "value": None, "verdict": "MET",
        "note": NOTES[(4, CAT_TIEN, 2025)], "progress": "MET",
    }  # fmt: skip
    code, out, _ = run(capsys, path, "show", str(campaign_id))
    assert "riêng Trung tâm Y tế huyện Cát Tiên: 6 – 6,5 bác sĩ/vạn dân" in out
    assert f"2025 {LAM_HA}: 1,3 – Lệch mục tiêu" in out


def test_export_writes_the_report_and_refuses_what_it_cannot(capsys, seeded, tmp_path):
    path, campaign_id = seeded
    for suffix in ("xlsx", "pdf"):
        out_file = tmp_path / f"chi-tieu.{suffix}"
        code, out, _ = run(capsys, path, "export", str(campaign_id), "--out", str(out_file))
        assert code == 0 and str(out_file) in out
    cells = [
        c.value for row in openpyxl.load_workbook(tmp_path / "chi-tieu.xlsx").active.iter_rows() for c in row
    ]
    assert f"I. {CAT_TIEN}" in cells and f"II. {LAM_HA}" in cells
    assert Pdf((tmp_path / "chi-tieu.pdf").read_bytes()).has("KẾT QUẢ THỰC HIỆN CHỈ TIÊU THI ĐUA")
    code, _, err = run(capsys, path, "export", str(campaign_id), "--out", str(tmp_path / "chi-tieu.docx"))
    assert code == 2 and ".xlsx hoặc .pdf" in err and not (tmp_path / "chi-tieu.docx").exists()
    code, _, err = run(capsys, path, "show", "9999", "--json")
    assert code == 2 and "Không tìm thấy phong trào" in err
    code, _, err = run(capsys, path, "export", "9999", "--out", str(tmp_path / "khong.xlsx"))
    assert code == 2 and not (tmp_path / "khong.xlsx").exists()
