"""Seed 001 (Sở Y tế Lâm Đồng, 2023–2025) entered through the services on SQLite and PostgreSQL: its four
numeric targets and the one stated in words, two health centres' results year by year, one centre held to
a goal of its own, each result judged against that unit's goal for its year; and the report of targets
against results read back from the workbook (openpyxl) and from the PDF (pdfplumber)."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from app.documents.state import render_pdf
from app.documents.target_report import target_report_pdf
from app.domain.targets import Progress
from app.errors import ValidationError
from app.exchange.target_report import export_target_report, target_report_xlsx
from app.services.agency import AgencyInfo, SignerInfo, save_agency
from app.services.campaigns import CampaignInput, campaign_detail, launch_draft, launch_model, save_campaign
from app.services.context import ServiceContext
from app.services.targets import (
    TargetInput,
    delete_target,
    save_target,
    set_result,
    set_unit_value,
    target_report,
)
from app.startup import open_database
from app.text import place_date
from database.engine import sqlite_url
from database.enums import CampaignKind, DocumentKind, TargetComparison, TargetVerdict, UnitKind
from database.models import AuditEntry, Unit
from tests.db.conftest import BACKENDS
from tests.unit.test_state_documents import MM, Pdf

C, D, P = TargetComparison, Decimal, Progress
CAMPAIGN = CampaignInput(
    "Phong trào thi đua “Quyết tâm thực hiện thắng lợi các chỉ tiêu, nhiệm vụ Nghị quyết Đại hội đại biểu "
    "Đảng bộ tỉnh lần thứ XI, nhiệm kỳ 2020 - 2025 giao cho ngành Y tế Lâm Đồng”",
    CampaignKind.MULTI_YEAR,
    start_date=dt.date(2023, 1, 1),
    end_date=dt.date(2025, 12, 31),
)
WORDS = (
    "Hoàn thành các chỉ tiêu nghị quyết Đại hội Đảng bộ huyện, thành phố giao cho ngành Y tế các địa phương"
)
TARGETS = (
    TargetInput("Số bác sĩ/vạn dân", "bác sĩ/vạn dân", C.RANGE, D("8.5"), D("9")),
    TargetInput("Số giường bệnh/vạn dân", "giường bệnh/vạn dân", C.RANGE, D("24"), D("25")),
    TargetInput("Tỷ lệ xã đạt bộ tiêu chí quốc gia về y tế", "%", C.VALUE, D("100")),
    TargetInput("Tỷ lệ tăng dân số tự nhiên", "%", C.ABOUT, D("1.0"), target_year=2025),
    TargetInput("Chỉ tiêu nghị quyết Đại hội Đảng bộ huyện, thành phố", None, C.TEXT, None, text=WORDS),
)
CAT_TIEN, LAM_HA = "Trung tâm Y tế huyện Cát Tiên", "Trung tâm Y tế huyện Lâm Hà"
# (target, unit, year): (value or verdict, what it is judged)
RESULTS = {
    # Cát Tiên is held to 6 – 6,5 doctors: 6,1 is in its range, not short of the province's 8,5 – 9.
    (0, CAT_TIEN, 2023): (D("5.8"), P.NOT_MET),
    (0, CAT_TIEN, 2024): (D("6.1"), P.IN_RANGE),
    (0, CAT_TIEN, 2025): (D("6.6"), P.EXCEEDED),
    (0, LAM_HA, 2024): (D("8.7"), P.IN_RANGE),
    (0, LAM_HA, 2025): (D("9.2"), P.EXCEEDED),
    (1, LAM_HA, 2024): (D("23"), P.NOT_MET),
    (1, LAM_HA, 2025): (D("24.5"), P.IN_RANGE),
    (2, CAT_TIEN, 2024): (D("95"), P.NOT_MET),
    (2, CAT_TIEN, 2025): (D("100"), P.MET),
    # "đến năm 2025 khoảng 1,0%": before 2025 a rate not yet near 1,0 is progress, in 2025 it is a miss.
    (3, CAT_TIEN, 2023): (D("1.3"), P.UNDERWAY),
    (3, CAT_TIEN, 2024): (D("1.05"), P.IN_RANGE),
    (3, CAT_TIEN, 2025): (D("1.08"), P.IN_RANGE),
    (3, LAM_HA, 2024): (D("1.25"), P.UNDERWAY),
    (3, LAM_HA, 2025): (D("1.3"), P.OFF),
    (4, CAT_TIEN, 2024): (TargetVerdict.NOT_MET, P.FAILED),
    (4, CAT_TIEN, 2025): (TargetVerdict.MET, P.MET),
    (4, LAM_HA, 2025): (TargetVerdict.MET, P.MET),
}
NOTES = {(4, CAT_TIEN, 2025): "Hoàn thành 12/12 chỉ tiêu huyện giao"}
AGENCY = AgencyInfo("UBND TỈNH LÂM ĐỒNG", "SỞ Y TẾ", "SYT", "Lâm Đồng")


@dataclass
class Seed:
    ctx: ServiceContext
    campaign_id: int
    targets: list[int]
    units: dict[str, int]
    returned: dict[tuple, Progress | None]


def _enter(ctx: ServiceContext) -> Seed:
    save_agency(ctx, AgencyInfo(**{**AGENCY.__dict__, "signers": (SignerInfo("Nguyễn Văn A", "Giám đốc"),)}))
    with ctx.write("Đơn vị kiểm thử") as s:
        rows = [Unit(name=n, name_folded=n.lower(), kind=UnitKind.HEALTH_CENTER) for n in (CAT_TIEN, LAM_HA)]
        s.add_all(rows)
        s.flush()
        units = {u.name: u.id for u in rows}
    campaign_id = save_campaign(ctx, CAMPAIGN)
    targets = [save_target(ctx, campaign_id, t) for t in TARGETS]
    set_unit_value(ctx, targets[0], units[CAT_TIEN], D("6"), D("6.5"))
    returned = {}
    for (n, unit, year), (entered, _) in RESULTS.items():
        where = (targets[n], units[unit], year)
        note = NOTES.get((n, unit, year))
        if isinstance(entered, TargetVerdict):
            returned[(n, unit, year)] = set_result(ctx, *where, verdict=entered, note=note)
        else:
            returned[(n, unit, year)] = set_result(ctx, *where, entered, note=note)
    return Seed(ctx, campaign_id, targets, units, returned)


@pytest.fixture(scope="module", params=BACKENDS)
def seed(request, tmp_path_factory, postgres, templates):
    """Seed 001 entered once per backend; the tests below only read it (or write what they undo)."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("seed001") / "tdkt.sqlite3"
        shutil.copyfile(templates("sqlite"), path)
        url = sqlite_url(path)
    else:
        url = postgres.create(template=templates("postgresql").database)
    db = open_database(url, backup_dir=tmp_path_factory.mktemp("backups"))
    yield _enter(ServiceContext(db, actor="tester"))
    db.dispose()
    if request.param != "sqlite":
        postgres.drop(url)


def test_the_targets_as_the_seed_states_them(seed):
    detail = campaign_detail(seed.ctx, seed.campaign_id)
    assert [t.comparison for t in detail.targets] == [C.RANGE, C.RANGE, C.VALUE, C.ABOUT, C.TEXT]
    assert [t.goal_phrase() for t in detail.targets] == [
        "từ 8,5 đến 9 bác sĩ/vạn dân",
        "từ 24 đến 25 giường bệnh/vạn dân",
        "đạt 100%",
        "đến năm 2025 khoảng 1%",
        WORDS,
    ]
    growth, words = detail.targets[3], detail.targets[4]
    assert growth.target_year == 2025 and growth.about_tolerance() == D("0.1")
    assert words.text == WORDS and words.value_min is None and words.judged_by_hand
    doctors = detail.targets[0]
    assert [(v.unit_name, v.value_min, v.value_max) for v in doctors.unit_values] == [
        (CAT_TIEN, D("6"), D("6.5"))
    ]
    assert doctors.for_unit(seed.units[CAT_TIEN]).goal_text() == "6 – 6,5 bác sĩ/vạn dân"
    assert doctors.for_unit(seed.units[LAM_HA]).goal_text() == "8,5 – 9 bác sĩ/vạn dân"


def test_the_plan_states_the_target_in_words_as_one_sentence(seed):
    """The Kế hoạch of seed 001, printed: its section of targets lists the numeric targets with their names
    and the target in words as the sentence the seed writes, not "Chỉ tiêu nghị quyết …: Hoàn thành …"."""
    plan = launch_draft(seed.ctx, seed.campaign_id, DocumentKind.PLAN, day=dt.date(2023, 1, 15))
    pdf = Pdf(render_pdf(launch_model(seed.ctx, plan)))
    heading = pdf.find("CHỈ TIÊU THI ĐUA")
    lines = [
        "1. Số bác sĩ/vạn dân: từ 8,5 đến 9 bác sĩ/vạn dân.",
        "2. Số giường bệnh/vạn dân: từ 24 đến 25 giường bệnh/vạn dân.",
        "3. Tỷ lệ xã đạt bộ tiêu chí quốc gia về y tế: đạt 100%.",
        "4. Tỷ lệ tăng dân số tự nhiên: đến năm 2025 khoảng 1%.",
        f"5. {WORDS}.",
    ]
    found = [pdf.find(x) for x in lines]
    assert all((f.page, -f.baseline) > (heading.page, -heading.baseline) for f in found)
    assert [(f.page, -f.baseline) for f in found] == sorted((f.page, -f.baseline) for f in found)
    assert found[-1].size == 14 and found[-1].style == "R"
    assert not pdf.has("thành phố: Hoàn thành") and not pdf.has("5. Chỉ tiêu nghị quyết")


def test_each_result_is_judged_against_its_units_own_target_for_its_year(seed):
    assert seed.returned == {key: judged for key, (_, judged) in RESULTS.items()}
    detail = campaign_detail(seed.ctx, seed.campaign_id)
    index = {t: n for n, t in enumerate(seed.targets)}
    names = {v: k for k, v in seed.units.items()}
    read = {(index[r.target_id], names[r.unit_id], r.year): r for r in detail.results}
    assert {key: r.progress for key, r in read.items()} == {key: j for key, (_, j) in RESULTS.items()}
    words = read[(4, CAT_TIEN, 2025)]
    assert (words.value, words.verdict, words.note) == (None, TargetVerdict.MET, NOTES[(4, CAT_TIEN, 2025)])
    assert words.result_text() == NOTES[(4, CAT_TIEN, 2025)]
    assert read[(4, LAM_HA, 2025)].result_text() == ""  # the verdict alone: Đánh giá shows it
    assert read[(0, CAT_TIEN, 2024)].result_text() == "6,1"
    assert detail.targets[0].judge(D("6.1"), 2024) is P.NOT_MET  # against the province's 8,5 – 9


def test_results_and_unit_values_are_refused_in_the_wrong_form(seed):
    ctx, (doctors, _, _, growth, words), unit = seed.ctx, seed.targets, seed.units[LAM_HA]
    with pytest.raises(ValidationError, match="đánh giá thủ công"):
        set_result(ctx, words, unit, 2024, D("1"))
    with pytest.raises(ValidationError, match="nhập kết quả bằng số"):
        set_result(ctx, doctors, unit, 2024, verdict=TargetVerdict.MET)
    with pytest.raises(ValidationError, match="không có giá trị riêng"):
        set_unit_value(ctx, words, unit, D("1"))
    with pytest.raises(ValidationError, match="cần cả giá trị nhỏ nhất và lớn nhất"):
        set_unit_value(ctx, doctors, unit, D("7"))
    with pytest.raises(ValidationError, match="Ghi chú cần đi kèm"):
        set_result(ctx, words, unit, 2024, note="Đang thực hiện")
    with pytest.raises(ValidationError, match="có 1 đơn vị với mục tiêu riêng"):
        save_target(ctx, seed.campaign_id, TargetInput("Số bác sĩ/vạn dân", "", C.AT_LEAST, D("8")), doctors)
    with pytest.raises(ValidationError, match="không đổi được giữa chỉ tiêu bằng số"):
        save_target(ctx, seed.campaign_id, TargetInput("Tỷ lệ", "%", C.TEXT, None, text="Giảm"), growth)
    with pytest.raises(ValidationError, match="đã có 5 kết quả"):
        delete_target(ctx, doctors)
    assert len(campaign_detail(ctx, seed.campaign_id).results) == len(RESULTS)


def test_a_unit_value_cleared_holds_the_unit_to_the_campaigns_goal_again(seed):
    ctx, doctors, unit = seed.ctx, seed.targets[0], seed.units[CAT_TIEN]
    set_unit_value(ctx, doctors, unit, None)
    try:
        detail = campaign_detail(ctx, seed.campaign_id)
        assert detail.targets[0].unit_values == ()
        cat_tien = [r for r in detail.results if r.target_id == doctors and r.unit_id == unit]
        assert [r.progress for r in cat_tien] == [P.NOT_MET] * 3
    finally:
        set_unit_value(ctx, doctors, unit, D("6"), D("6.5"))


def test_the_checks_of_the_tables_keep_each_kind_whole(seed):
    """What the services refuse, the database refuses too: a numeric kind needs its bounds, words their text,
    a result a value or a verdict."""
    target, unit = seed.targets[0], seed.units[LAM_HA]
    bad = [
        "INSERT INTO target (campaign_id, name, comparison, sort_order, version) VALUES (:c, 'x', 'TEXT', 9, 1)",
        "INSERT INTO target (campaign_id, name, comparison, value_min, sort_order, version) "
        "VALUES (:c, 'x', 'RANGE', 1, 9, 1)",
        "INSERT INTO target (campaign_id, name, comparison, value_max, sort_order, version) "
        "VALUES (:c, 'x', 'AT_LEAST', 1, 9, 1)",
        "INSERT INTO target (campaign_id, name, comparison, value_min, value_max, tolerance, sort_order, "
        "version) VALUES (:c, 'x', 'RANGE', 1, 2, 0.1, 9, 1)",
        "INSERT INTO target (campaign_id, name, comparison, text, value_min, sort_order, version) "
        "VALUES (:c, 'x', 'TEXT', 'words', 1, 9, 1)",
        "INSERT INTO target_result (target_id, unit_id, year) VALUES (:t, :u, 2023)",
        "INSERT INTO target_unit_value (target_id, unit_id, version) VALUES (:t, :u, 1)",
    ]
    for statement in bad:
        with pytest.raises(IntegrityError), seed.ctx.db.engine.begin() as conn:
            conn.execute(text(statement), {"c": seed.campaign_id, "t": target, "u": unit})


# --- the report -------------------------------------------------------------------------------------------


def test_the_report_has_a_block_per_unit_with_its_own_goal(seed):
    report = target_report(seed.ctx, seed.campaign_id)
    assert report.years == (2023, 2024, 2025)
    assert report.period == "giai đoạn 2023 - 2025"
    assert [b.heading for b in report.blocks] == [f"I. {CAT_TIEN}", f"II. {LAM_HA}"]
    cat_tien, lam_ha = report.blocks
    assert [r.goal_cell for r in cat_tien.rows] == [
        "6 – 6,5 (mục tiêu riêng)",
        "24 – 25",
        "100",
        "đến năm 2025 khoảng 1",
        WORDS,
    ]
    assert lam_ha.rows[0].goal_cell == "8,5 – 9"
    assert cat_tien.rows[0].cells == (
        ("5,8", "Chưa đạt"),
        ("6,1", "Đạt (trong khoảng)"),
        ("6,6", "Vượt khoảng"),
    )
    assert cat_tien.rows[3].cells[0] == ("1,3", "Chưa đến năm mục tiêu")
    assert cat_tien.rows[4].cells == (
        ("", ""),
        ("", "Không đạt"),
        (NOTES[(4, CAT_TIEN, 2025)], "Đạt"),
    )
    assert lam_ha.rows[3].cells[2] == ("1,3", "Lệch mục tiêu")


def test_the_workbook_in_the_authorities_layout(seed, tmp_path):
    path = export_target_report(seed.ctx, seed.campaign_id, tmp_path / "chi-tieu.xlsx")
    sheet = openpyxl.load_workbook(path).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    flat = [v for row in values for v in row if v]
    assert flat[:4] == [
        "UBND TỈNH LÂM ĐỒNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "SỞ Y TẾ",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert "KẾT QUẢ THỰC HIỆN CHỈ TIÊU THI ĐUA" in flat
    assert f"{CAMPAIGN.name} (giai đoạn 2023 - 2025)" in flat
    top = next(n for n, row in enumerate(values, start=1) if row[0] == "TT")
    assert values[top - 1][:5] == ["TT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu", "Năm 2023"]
    assert values[top - 1][4:] == ["Năm 2023", None, "Năm 2024", None, "Năm 2025", None]
    assert values[top][4:] == ["Kết quả", "Đánh giá"] * 3
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {f"A{top}:A{top + 1}", f"E{top}:F{top}", f"I{top}:J{top}"} <= merged
    assert values[top + 1][0] == f"I. {CAT_TIEN}"
    assert values[top + 2] == [
        1, "Số bác sĩ/vạn dân", "bác sĩ/vạn dân", "6 – 6,5 (mục tiêu riêng)",
        "5,8", "Chưa đạt", "6,1", "Đạt (trong khoảng)", "6,6", "Vượt khoảng",
    ]  # fmt: skip
    lam_ha = values.index([f"II. {LAM_HA}"] + [None] * 9)
    assert values[lam_ha + 1][3] == "8,5 – 9" and values[lam_ha + 4][8:] == ["1,3", "Lệch mục tiêu"]
    assert values[lam_ha + 5][1:4] == ["Chỉ tiêu nghị quyết Đại hội Đảng bộ huyện, thành phố", None, WORDS]
    cell = sheet.cell(row=top + 3, column=2)  # the first target of the first block
    assert cell.font.name == "Times New Roman" and cell.border.left.style == "thin"
    assert sheet.freeze_panes == f"A{top + 2}"
    assert sheet.print_title_rows == f"${top}:${top + 1}"
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    # The closing under the table, as the statistics forms close: the place and date over the agency's
    # signer in the right half, NGƯỜI LẬP BIỂU in the left, the titles on one row, the name under the room
    # for the signature; the date is written there only, not in the header.
    last = max(n for n, row in enumerate(values, start=1) if row[0] == f"II. {LAM_HA}") + 5
    closing = [(n, row) for n, row in enumerate(values, start=1) if n > last and any(row)]
    (dated, date_row), (titled, titles), (_, hints), (named, names) = closing
    assert [v for v in date_row if v] == [place_date("Lâm Đồng", dt.date.today())]
    assert [v for v in titles if v] == ["NGƯỜI LẬP BIỂU", "GIÁM ĐỐC"]
    assert [v for v in hints if v] == ["(Ký, ghi rõ họ tên)"] and [v for v in names if v] == ["Nguyễn Văn A"]
    assert titled == dated + 1 and named - titled >= 4  # room for the signature and seal
    right = titles.index("GIÁM ĐỐC")
    assert date_row.index(date_row[right]) == right and names.index("Nguyễn Văn A") == right
    assert titles[0] == "NGƯỜI LẬP BIỂU" and right >= 4  # the left half, the right half
    assert sheet.cell(row=titled, column=1).font.b and sheet.cell(row=dated, column=right + 1).font.i
    assert sum(str(v).startswith("Lâm Đồng, ngày") for v in flat) == 1
    events = _events(seed.ctx, "Xuất báo cáo chỉ tiêu")
    assert events[-1] == {"file": "chi-tieu.xlsx", "units": 2, "years": [2023, 2024, 2025]}


def _events(ctx, summary: str) -> list[dict]:
    with ctx.read() as s:
        rows = s.scalars(
            select(AuditEntry).where(AuditEntry.summary.like(f"{summary}%")).order_by(AuditEntry.id)
        )
        return [e.after or {} for e in rows]


def test_the_pdf_in_landscape_with_the_state_header(seed, tmp_path):
    path = export_target_report(seed.ctx, seed.campaign_id, tmp_path / "chi-tieu.pdf")
    pdf = Pdf(path.read_bytes())
    page = pdf.pages[0]
    assert (round(page.width / MM), round(page.height / MM)) == (297, 210)
    left, width = 30 * MM, (297 - 45) * MM
    nation = pdf.find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert (nation.size, nation.style) == (12, "B")
    assert abs(nation.centre - (left + width - 50 * MM)) < 1  # centred in the 100 mm right column
    assert pdf.find("SỞ Y TẾ").style == "B" and pdf.find("UBND TỈNH LÂM ĐỒNG").style == "R"
    assert pdf.find("Lâm Đồng, ngày").style == "I"
    heading = pdf.find("KẾT QUẢ THỰC HIỆN CHỈ TIÊU THI ĐUA")
    assert (heading.size, heading.style) == (14, "B") and abs(heading.centre - (left + width / 2)) < 1
    table = page.extract_tables()[0]
    rows = [[None if c is None else " ".join(c.split()) for c in row] for row in table]
    assert rows[0][:5] == ["TT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu", "Năm 2023"]
    assert rows[1][4:] == ["Kết quả", "Đánh giá"] * 3
    assert rows[2][0] == f"I. {CAT_TIEN}"
    assert rows[3] == [
        "1", "Số bác sĩ/vạn dân", "bác sĩ/vạn dân", "6 – 6,5 (mục tiêu riêng)",
        "5,8", "Chưa đạt", "6,1", "Đạt (trong khoảng)", "6,6", "Vượt khoảng",
    ]  # fmt: skip
    assert ["4", "Tỷ lệ tăng dân số tự nhiên", "%", "đến năm 2025 khoảng 1"] == rows[6][:4]
    assert rows[6][4:6] == ["1,3", "Chưa đến năm mục tiêu"]
    assert all(pdf.has(t) for t in (f"II. {LAM_HA}", "Lệch mục tiêu", "Không đạt"))
    assert pdf.find(f"II. {LAM_HA}").page == pdf.find("8,7").page  # a unit's heading keeps its first row
    # The closing under the table: the place and date (there only) over the agency's signer in the right
    # column, NGƯỜI LẬP BIỂU level with its titles in the left; the name under the room for the signature.
    right_centre = left + width - 50 * MM
    assert len(pdf.find_all("Lâm Đồng, ngày")) == 1
    date = pdf.find(place_date("Lâm Đồng", dt.date.today()))
    preparer, head, name = pdf.find("NGƯỜI LẬP BIỂU"), pdf.find("GIÁM ĐỐC"), pdf.find("Nguyễn Văn A")
    assert (date.size, date.style) == (13, "I") and abs(date.centre - right_centre) < 1
    for found in (preparer, head, name):
        assert (found.size, found.style, found.page) == (14, "B", date.page)
    assert abs(head.centre - right_centre) < 1 and abs(name.centre - right_centre) < 1
    assert preparer.centre < left + width / 2 and abs(preparer.baseline - head.baseline) < 0.1
    hint = pdf.find("(Ký, ghi rõ họ tên)")
    assert hint.style == "I" and abs(hint.centre - preparer.centre) < 1 and hint.baseline < preparer.baseline
    assert date.baseline > head.baseline and head.baseline - name.baseline > 30 * MM
    last_row = pdf.find_all(WORDS)[-1]  # Lâm Hà's target in words: the table's last row
    assert (last_row.page, -last_row.baseline) < (date.page, -date.baseline)  # the closing is under it


def test_a_report_without_results_and_a_file_of_another_kind(seed, tmp_path):
    campaign_id = save_campaign(seed.ctx, CampaignInput("Phong trào chưa có kết quả", CampaignKind.THEMATIC))
    report = target_report(seed.ctx, campaign_id)
    assert report.blocks == () and report.years == ()
    data = target_report_pdf(report, AGENCY)
    assert Pdf(data).has("Chưa có kết quả chỉ tiêu của đơn vị nào.")
    target_report_xlsx(tmp_path / "empty.xlsx", report, None)
    flat = [
        c.value for row in openpyxl.load_workbook(tmp_path / "empty.xlsx").active.iter_rows() for c in row
    ]
    assert "Chưa có kết quả chỉ tiêu của đơn vị nào." in flat
    # No agency entered: the head of the unit signs, the date has no place.
    assert {"THỦ TRƯỞNG ĐƠN VỊ", "(Ký, họ tên, đóng dấu)", "NGƯỜI LẬP BIỂU"} <= set(flat)
    assert any(str(v).startswith("Ngày ") for v in flat)
    with pytest.raises(ValidationError, match=r"\.xlsx hoặc \.pdf"):
        export_target_report(seed.ctx, campaign_id, tmp_path / "chi-tieu.docx")
    assert not (tmp_path / "chi-tieu.docx").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (TargetInput("Nghị quyết", None, C.TEXT, None), "cần nội dung mục tiêu"),
        (TargetInput("Nghị quyết", None, C.TEXT, D("1"), text="Hoàn thành"), "không có giá trị số"),
        (TargetInput("Giường bệnh", "giường", C.RANGE, D("24"), D("25"), tolerance=D("1")), "chỉ dùng cho"),
        (TargetInput("Tăng dân số", "%", C.ABOUT, D("1"), tolerance=D("-0.1")), "không được âm"),
        (TargetInput("Tăng dân số", "%", C.ABOUT, D("1"), target_year=1900), "Năm mục tiêu 1900"),
        (TargetInput("Xã đạt chuẩn", "%", C.VALUE, None), "Chưa nhập giá trị"),
        (TargetInput("Xã đạt chuẩn", "%", C.VALUE, D("100"), D("101")), "Chỉ tiêu một giá trị"),
    ],
)
def test_each_kind_is_checked_before_it_is_written(seed, data, message):
    before = len(campaign_detail(seed.ctx, seed.campaign_id).targets)
    with pytest.raises(ValidationError, match=message):
        save_target(seed.ctx, seed.campaign_id, data)
    assert len(campaign_detail(seed.ctx, seed.campaign_id).targets) == before


def test_the_migration_keeps_the_targets_there_and_comes_back(db_url, tmp_path):
    """Targets and results written at 0009 upgrade unchanged (and judged as before); the new kinds and a
    verdict are then accepted, and a downgrade drops what the old schema cannot hold."""
    from database.engine import Database
    from database.migrate import downgrade, upgrade

    db = Database.open(db_url)
    try:
        upgrade(db, tmp_path / "backups", target="0009_record_versions")
        with db.engine.begin() as conn:
            for statement in (
                "INSERT INTO unit (id, name, name_folded, kind, status, sort_order, created_at, updated_at) "
                "VALUES (1, 'Trung tâm Y tế', 'ttyt', 'HEALTH_CENTER', 'ACTIVE', 0, CURRENT_TIMESTAMP, "
                "CURRENT_TIMESTAMP)",
                "INSERT INTO campaign (id, name, kind, launcher, created_at, updated_at, version) VALUES "
                "(1, 'Phong trào', 'MULTI_YEAR', 'DEPARTMENT', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)",
                "INSERT INTO target (id, campaign_id, name, comparison, value_min, value_max, sort_order, "
                "version) VALUES (1, 1, 'Bác sĩ', 'RANGE', 8.5, 9, 1, 1), "
                "(2, 1, 'Xã', 'AT_LEAST', 100, NULL, 2, 1), (3, 1, 'Dân số', 'ABOUT', 1, 1, 3, 1)",
                "INSERT INTO target_result (target_id, unit_id, year, value) VALUES (1, 1, 2024, 8.7)",
            ):
                conn.execute(text(statement))
        upgrade(db, tmp_path / "backups")
        with db.engine.begin() as conn:
            rows = conn.execute(
                text("SELECT id, comparison, target_year, text FROM target ORDER BY id")
            ).all()
            assert [tuple(r) for r in rows] == [(1, "RANGE", None, None), (2, "AT_LEAST", None, None),
                                                 (3, "ABOUT", None, None)]  # fmt: skip
            conn.execute(
                text(
                    "INSERT INTO target (id, campaign_id, name, comparison, text, target_year, sort_order, "
                    "version) VALUES (4, 1, 'Nghị quyết', 'TEXT', 'Hoàn thành', 2025, 4, 1)"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO target_result (target_id, unit_id, year, verdict) VALUES (4, 1, 2024, 'MET')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO target_unit_value (target_id, unit_id, value_min, value_max, version) "
                    "VALUES (1, 1, 6, 6.5, 1)"
                )
            )
        downgrade(db, "0009_record_versions")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT id FROM target ORDER BY id")).scalars().all() == [1, 2, 3]
            [(target_id, value)] = conn.execute(text("SELECT target_id, value FROM target_result")).all()
            assert (target_id, D(str(value))) == (1, D("8.7"))
    finally:
        db.dispose()
