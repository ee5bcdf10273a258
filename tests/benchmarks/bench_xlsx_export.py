"""Awards out to .xlsx (DESIGN: 100,000 rows to xlsx ≤ 6 s).

Two figures: the writer alone over 100,000 awards held in memory (as the search page holds them), and
the whole background job of the Quyết định & Khen thưởng page at province scale: read 100,000 awards
from the demo database, then write them with progress reports, as "Xuất Excel…" does off the GUI thread.
"""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest

from app.exchange.award_export import SEARCH_KEYS, export_awards_xlsx
from app.services.awards import AwardHit, AwardQuery, search_awards
from app.services.records import unit_choices
from database.enums import AwardBasis, AwardSource

COUNT = 100_000
TITLES = [
    "Lao động tiên tiến",
    "Chiến sĩ thi đua cơ sở",
    "Giấy khen của Giám đốc Sở Y tế",
    "Tập thể lao động tiên tiến",
    "Bằng khen của Chủ tịch UBND tỉnh",
]


@pytest.fixture(scope="module")
def hits() -> list[AwardHit]:
    rows = []
    for n in range(COUNT):
        collective = n % 12 == 0
        rows.append(
            AwardHit(
                n,
                None if collective else n,
                n % 150 if collective else None,
                f"Khoa Nội {n % 150}" if collective else f"Nguyễn Thị Phương Thảo {n}",
                None if collective or n % 5 == 0 else dt.date(1960 + n % 40, 1 + n % 12, 1 + n % 28),
                1970 + n % 30 if n % 5 == 0 else None,
                n % 150,
                None if collective else "Điều dưỡng trưởng",
                "X",
                TITLES[n % len(TITLES)],
                n % 2 == 0,
                2015 + n % 10,
                AwardBasis.MERIT,
                AwardSource.DECISION,
                n % 400,
                f"{n % 900}/QĐ-SYT",
                dt.date(2015 + n % 10, 12, 1 + n % 28),
                "Sở Y tế",
                1_170_000 if n % 3 else None,
                n % 211 == 0,
            )
        )
    return rows


LABELS = {u: f"Khoa {u} – Bệnh viện Đa khoa khu vực số {u % 20}" for u in range(150)}


def test_hundred_thousand_award_rows_to_xlsx(benchmark, hits, tmp_path):
    path = tmp_path / "awards.xlsx"
    reports = []

    def export():
        reports.clear()
        return export_awards_xlsx(
            path,
            hits,
            SEARCH_KEYS,
            LABELS,
            title="KẾT QUẢ TRA CỨU KHEN THƯỞNG",
            progress=lambda done, total: reports.append(done),
            cancelled=lambda: False,
        )

    assert benchmark.pedantic(export, rounds=3, iterations=1) == COUNT
    assert reports[-1] == COUNT and len(reports) > 10
    with zipfile.ZipFile(path) as package:
        sheet = package.read("xl/worksheets/sheet1.xml")
    assert f'<row r="{3 + COUNT}">'.encode() in sheet[-2000:]


def test_search_page_export_job_at_province_scale(benchmark, province_ctx, tmp_path):
    """What the page's background job does: every matching award read, then written (here 100,000)."""
    labels = {u.id: u.label for u in unit_choices(province_ctx, include_ended=True)}
    path = tmp_path / "search.xlsx"

    def job():
        found = search_awards(province_ctx, AwardQuery(), limit=COUNT).hits
        return export_awards_xlsx(
            path,
            found,
            SEARCH_KEYS,
            labels,
            title="KẾT QUẢ TRA CỨU KHEN THƯỞNG",
            progress=lambda done, total: None,
            cancelled=lambda: False,
        )

    assert benchmark.pedantic(job, rounds=3, iterations=1) == COUNT
