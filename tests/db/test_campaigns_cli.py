"""`python -m app campaigns list|show|export` through app.cli.main on a real SQLite file holding seed 001
(with a tree of content items, its yearly reviews, sections of its own plan and the province's directive
from the incoming register): the JSON parsed back, the report written as the clerk's page writes it,
refusals with exit code 2."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import openpyxl
import pytest

from app.cli import main
from app.domain.campaigns import PlanTexts
from app.services.campaigns import (
    CampaignInput,
    add_content_items,
    campaign_detail,
    create_yearly_reviews,
    save_campaign,
)
from app.services.context import ServiceContext
from app.services.incoming import IncomingInput, link_incoming, record_incoming
from app.startup import open_database
from database.engine import sqlite_url
from database.enums import CampaignKind, Launcher
from tests.db.test_seed_001 import CAMPAIGN, CAT_TIEN, LAM_HA, NOTES, RESULTS, WORDS, _enter
from tests.unit.test_state_documents import Pdf

TEXTS = PlanTexts(
    purpose="Động viên toàn ngành thi đua hoàn thành các chỉ tiêu nghị quyết.",
    rewards="Khen thưởng theo Luật Thi đua, khen thưởng.",
    addressees="Các đơn vị trực thuộc Sở",
    copies_to="Như trên\nLưu: VT, VP",
)
ITEMS = """1. Phát triển nguồn nhân lực y tế
a) Tăng số bác sĩ trên vạn dân
- Đào tạo bác sĩ theo địa chỉ
b) Tăng số giường bệnh
2. Nâng cao sức khỏe nhân dân"""
DIRECTIVE = IncomingInput(
    dt.date(2023, 1, 10),
    "UBND tỉnh Lâm Đồng",
    "05/KH-UBND",
    dt.date(2023, 1, 5),
    "Kế hoạch",
    "Phát động phong trào thi đua giai đoạn 2023 - 2025",
)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """Seed 001 and a campaign of 2020 in one file; (the file, seed 001's campaign id)."""
    path = tmp_path_factory.mktemp("cli") / "tdkt.sqlite3"
    db = open_database(sqlite_url(path), backup_dir=path.parent / "backups")
    ctx = ServiceContext(db, actor="tester")
    campaign_id = _enter(ctx).campaign_id
    save_campaign(
        ctx,
        replace(
            campaign_detail(ctx, campaign_id).as_input(),
            launcher=Launcher.PROVINCE,
            texts=TEXTS,
            item_styles=("1.", "a)", "-"),
        ),
        campaign_id,
    )
    assert add_content_items(ctx, campaign_id, ITEMS) == 5
    assert create_yearly_reviews(ctx, campaign_id) == 4
    directive = record_incoming(ctx, DIRECTIVE)
    link_incoming(ctx, directive, campaign_id=campaign_id)
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
        "launcher": "PROVINCE",
        "start_date": "2023-01-01",
        "end_date": "2025-12-31",
        "status": seed["status"],  # depends on today
        "phases": 0,
        "items": 5,
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
    assert shown["name"] == CAMPAIGN.name and shown["phases"] == []
    assert (shown["launcher"], shown["launcher_label"]) == ("PROVINCE", "UBND tỉnh (triển khai)")
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
    assert code == 0
    assert "riêng Trung tâm Y tế huyện Cát Tiên: 6 – 6,5 bác sĩ/vạn dân" in out
    assert f"2025 {LAM_HA}: 1,3 – Lệch mục tiêu" in out


def test_show_gives_the_tree_of_items_reviews_plan_texts_and_incoming(capsys, seeded):
    path, campaign_id = seeded
    code, out, _ = run(capsys, path, "show", str(campaign_id), "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown["item_styles"] == ["1.", "a)", "-"]
    items = shown["content_items"]
    ids = [i["id"] for i in items]
    assert [(i["number"], i["level"], i["text"]) for i in items] == [
        ("1.", 1, "Phát triển nguồn nhân lực y tế"),
        ("a)", 2, "Tăng số bác sĩ trên vạn dân"),
        ("-", 3, "Đào tạo bác sĩ theo địa chỉ"),
        ("b)", 2, "Tăng số giường bệnh"),
        ("2.", 1, "Nâng cao sức khỏe nhân dân"),
    ]
    assert [i["parent_id"] for i in items] == [None, ids[0], ids[1], ids[0], None]
    assert [
        (r["kind"], r["year"], r["held_on"], r["period_from"], r["period_to"]) for r in shown["reviews"]
    ] == [
        ("YEARLY", 2023, None, "2023-01-01", "2023-12-31"),
        ("YEARLY", 2024, None, "2024-01-01", "2024-12-31"),
        ("YEARLY", 2025, None, "2025-01-01", "2025-12-31"),
        ("FINAL", 2025, None, "2023-01-01", "2025-12-31"),
    ]
    assert all(r["subject"] is None and isinstance(r["id"], int) for r in shown["reviews"])
    assert shown["plan_texts"] == {
        "purpose": TEXTS.purpose,
        "scope": None,
        "content_intro": None,
        "rewards": TEXTS.rewards,
        "organisation": None,
        "closing": None,
        "addressees": "Các đơn vị trực thuộc Sở",
        "copies_to": "Như trên\nLưu: VT, VP",
    }
    (directive,) = shown["incoming"]
    assert (directive["issuer"], directive["number"], directive["date"], directive["kind"]) == (
        "UBND tỉnh Lâm Đồng",
        "05/KH-UBND",
        "2023-01-05",
        "Kế hoạch",
    )
    assert (directive["received_number"], directive["received_on"], directive["year"]) == (
        1,
        "2023-01-10",
        2023,
    )
    assert directive["subject"] == DIRECTIVE.subject and len(directive["links"]) == 1
    # The text form shows the tree indented by level, and the review points as the plan words them.
    code, out, _ = run(capsys, path, "show", str(campaign_id))
    assert "\n  1. Phát triển nguồn nhân lực y tế\n    a) Tăng số bác sĩ" in out
    assert "\n      - Đào tạo bác sĩ theo địa chỉ\n" in out
    assert "Năm 2025, tổ chức tổng kết phong trào giai đoạn 2023 - 2025." in out


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
