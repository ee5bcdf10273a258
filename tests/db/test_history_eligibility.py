"""Issue acceptance: a history workbook imported from the command line gives the expected verdicts through
`eligibility --json` (tests/data/history_small.xlsx holds a few careers built for this)."""

from __future__ import annotations

import json
from pathlib import Path

from app.cli import main

SMALL = Path(__file__).resolve().parents[1] / "data" / "history_small.xlsx"


def eligibility(capsys, url: str, title: str) -> dict[str, dict]:
    assert main(["--db-url", url, "eligibility", "--year", "2024", "--title", title, "--json"]) == 0
    return {row["full_name"]: row for row in json.loads(capsys.readouterr().out)}


def test_imported_history_decides_the_verdicts(db, capsys):
    url = db.engine.url.render_as_string(hide_password=False)
    assert main(["--db-url", url, "import", "history", str(SMALL)]) == 0
    capsys.readouterr()

    province = eligibility(capsys, url, "CSTD_TINH")
    nhung, duc = province["Nguyễn Thị Hồng Nhung"], province["Trần Văn Đức"]
    assert nhung["eligible"] is True and nhung["missing"] == [] and nhung["birth_date"] == "1980-03-14"
    assert any("CSTĐCS 2022" in m and "2023" in m and "2024" in m for m in nhung["met"])
    assert any("Quy trình bàn giao người bệnh bằng mã QR" in m for m in nhung["met"])
    assert any("90%" in p for p in nhung["pending"])  # the council's vote is decided later, not missing
    assert duc["eligible"] is False
    assert any(m.endswith("thiếu 2023") for m in duc["missing"])  # a gap in the chain
    assert any("sáng kiến" in m for m in duc["missing"])  # only a cơ sở initiative

    ldtt = eligibility(capsys, url, "LDTT")
    assert ldtt["Phạm Thu Hà"]["eligible"] is True
    tam = ldtt["Lê Minh Tâm"]
    assert tam["eligible"] is False and tam["birth_date"] == "1988"
    assert tam["missing"] == ["Xếp loại 2024: Hoàn thành nhiệm vụ (cần từ hoàn thành tốt nhiệm vụ trở lên)"]

    base = eligibility(capsys, url, "CSTDCS")
    assert base["Phạm Thu Hà"]["eligible"] is True  # HTTNV, but an initiative recognised in 2024
    assert "Lê Minh Tâm" not in base  # rated HTNV, no initiative: not even a candidate
