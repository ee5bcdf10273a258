"""State-format documents (NĐ 30/2020) read back with pdfplumber: the Vietnamese text of every element,
its font, size and style, and its place on the page against FORMAT.md (within 1 pt).

Expected positions come from FORMAT.md's numbers (A4; margins T 20, L 30, R 15 mm; the 65 | 100 mm
columns; the sizes of §2's example column; the font's ascent and descent of §9), not from the renderer.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pdfplumber
import pytest

from app.documents.state import (
    Para,
    bao_cao,
    bien_ban_hop_hoi_dong,
    cong_van,
    ke_hoach,
    quyet_dinh_khen_thuong,
    render_pdf,
    signature_lines,
    thong_bao,
    to_trinh,
)
from app.documents.state.builders import Listed
from app.documents.state.model import Heading
from app.rules.parameters import shipped_book
from app.services.agency import AgencyInfo, SignerInfo
from app.services.council import BallotResult, MeetingInfo
from app.services.decisions import DecisionDraft, DecisionLine
from app.services.legal_bases import lines_in_force
from app.text import long_date, place_date
from database.enums import DocumentKind, SignAuthority

DATA = Path(__file__).resolve().parents[1] / "data"
MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
LEFT, TOP, RIGHT = 30 * MM, 20 * MM, 15 * MM
W = PAGE_W - LEFT - RIGHT  # 165 mm
LEFT_COL, RIGHT_COL = W - 100 * MM, 100 * MM
LEFT_CENTRE, RIGHT_CENTRE, PAGE_CENTRE = LEFT + LEFT_COL / 2, LEFT + LEFT_COL + RIGHT_COL / 2, LEFT + W / 2
ASCENT, DESCENT = 1825 / 2048, 443 / 2048
SINGLE = 1.15  # a single line, in em
TOL = 1.0

AGENCY = AgencyInfo(parent_name="UBND TỈNH THANH HÓA", name="SỞ Y TẾ", symbol="SYT", place_name="Thanh Hóa")
DIRECTOR = SignerInfo("Lê Văn Bình", "GIÁM ĐỐC")
DEPUTY = SignerInfo("Nguyễn Thị Hà", "PHÓ GIÁM ĐỐC", SignAuthority.DEPUTY, "GIÁM ĐỐC")
DAY = dt.date(2026, 1, 5)


# --- reading PDFs back -----------------------------------------------------------------------------------


@dataclass
class Found:
    """A string as drawn: its glyphs (spaces left out) on one page."""

    page: int
    chars: list[dict]

    @property
    def x(self) -> float:
        return self.chars[0]["x0"]

    @property
    def x1(self) -> float:
        return self.chars[-1]["x1"]

    @property
    def centre(self) -> float:
        return (self.x + self.x1) / 2

    @property
    def baseline(self) -> float:
        return self.chars[0]["matrix"][5]

    @property
    def size(self) -> float:
        sizes = {round(c["size"], 2) for c in self.chars}
        assert len(sizes) == 1, sizes
        return sizes.pop()

    @property
    def style(self) -> str:
        styles = {_style(c["fontname"]) for c in self.chars}
        assert len(styles) == 1, styles
        return styles.pop()

    @property
    def baselines(self) -> list[float]:
        return sorted({round(c["matrix"][5], 2) for c in self.chars}, reverse=True)


def _style(fontname: str) -> str:
    name = fontname.split("+", 1)[-1]
    assert "LiberationSerif" in name or "Times" in name, name
    bold, italic = "Bold" in name, "Italic" in name
    return {(False, False): "R", (True, False): "B", (False, True): "I", (True, True): "BI"}[(bold, italic)]


class Pdf:
    def __init__(self, data: bytes):
        self.data = data
        self.doc = pdfplumber.open(io.BytesIO(data))
        self.pages = self.doc.pages

    def find_all(self, text: str, page: int | None = None) -> list[Found]:
        """Every place `text` is drawn (white space ignored, in drawing order)."""
        needle = "".join(unicodedata.normalize("NFC", text).split())
        found = []
        for number, p in enumerate(self.pages):
            if page is not None and number != page:
                continue
            glyphs = [c for c in p.chars if c["text"].strip()]
            hay = "".join(c["text"] for c in glyphs)
            start = hay.find(needle)
            while start >= 0:
                found.append(Found(number, glyphs[start : start + len(needle)]))
                start = hay.find(needle, start + 1)
        return found

    def find(self, text: str, page: int | None = None, nth: int = 0) -> Found:
        found = self.find_all(text, page)
        assert len(found) > nth if nth >= 0 else found, f"not drawn: {text!r}"
        return found[nth]

    def has(self, text: str, page: int | None = None) -> bool:
        try:
            self.find(text, page)
            return True
        except AssertionError:
            return False

    def text(self, page: int, bbox: tuple[float, float, float, float] | None = None) -> str:
        """Text of a page (or of a box in PDF coordinates x0, y0, x1, y1), spaces inferred at 11 pt."""
        p = self.pages[page]
        if bbox:
            x0, y0, x1, y1 = bbox
            p = p.within_bbox((x0, PAGE_H - y1, x1, PAGE_H - y0))
        return p.extract_text(x_tolerance=1.5)

    def table(self, page: int) -> list[list[str]]:
        """The ruled table of a page, cell by cell (wrapped cell text joined by spaces; spanned cells None)."""
        tables = self.pages[page].extract_tables()
        assert len(tables) == 1, len(tables)
        return [[None if cell is None else " ".join(cell.split()) for cell in row] for row in tables[0]]

    def rules(self, page: int = 0) -> list[tuple[float, float, float]]:
        """Horizontal lines drawn on a page: (x0, x1, y)."""
        return [
            (ln["x0"], ln["x1"], ln["y0"]) for ln in self.pages[page].lines if abs(ln["y0"] - ln["y1"]) < 0.01
        ]

    def rule_under(self, found: Found, below: float = 12) -> tuple[float, float, float]:
        """The rule drawn under a string, centred on it: the first within `below` pt under its baseline."""
        candidates = [
            r
            for r in self.rules(found.page)
            if 0 < found.baseline - r[2] < below and abs((r[0] + r[1]) / 2 - found.centre) < 20
        ]
        assert candidates, f"no rule under {found.chars[0]['text']}…"
        return max(candidates, key=lambda r: r[2])

    def page_number(self, page: int) -> str | None:
        """What is drawn in the top margin of a page."""
        chars = [c for c in self.pages[page].chars if c["matrix"][5] > PAGE_H - TOP]
        return "".join(c["text"] for c in chars) or None


def close(actual: float, expected: float, tol: float = TOL) -> bool:
    return abs(actual - expected) <= tol


def assert_element(
    found: Found, size: float, style: str, *, centre: float | None = None, x: float | None = None
):
    assert found.size == size
    assert found.style == style
    if centre is not None:
        assert close(found.centre, centre), (found.centre, centre)
    if x is not None:
        assert close(found.x, x), (found.x, x)


def top_of(found: Found) -> float:
    return found.baseline + ASCENT * found.size


def bottom_of(found: Found) -> float:
    return found.baseline - DESCENT * found.size


# --- the data --------------------------------------------------------------------------------------------


def seed_document(**kw):
    data = json.loads((DATA / "seed_003.json").read_text(encoding="utf-8"))
    body = [Heading(b["heading"]) if "heading" in b else Para(b["para"]) for b in data["body"]]
    values = dict(
        subject=data["subject"],
        recipients=data["recipients"],
        body=body,
        copies_to=data["copies_to"],
        unit_code=data["unit_code"],
        number=data["number"],
        issued_on=dt.date.fromisoformat(data["issued_on"]),
        drafter=data["drafter"],
    )
    values.update(kw)
    return cong_van(AgencyInfo(**data["agency"]), SignerInfo(**data["signer"]), **values)


@pytest.fixture(scope="module")
def seed() -> Pdf:
    return Pdf(render_pdf(seed_document()))


def _line(
    n: int,
    collective: bool = False,
    award: str = "Giấy khen của Giám đốc Sở Y tế",
    amount: int | None = 710_000,
) -> DecisionLine:
    name = f"Khoa Nội {n}" if collective else f"Nguyễn Văn Số {n}"
    return DecisionLine(
        n,
        name,
        "" if collective else "1980",
        None if collective else "Bác sĩ",
        "Bệnh viện Đa khoa tỉnh",
        collective,
        "GIAY_KHEN",
        award,
        Decimal("0.3"),
        amount,
    )


def decision_draft(individuals: int = 3, collectives: int = 1) -> DecisionDraft:
    lines = [_line(n, collective=True, amount=1_410_000) for n in range(1, collectives + 1)]
    lines += [_line(n) for n in range(1, individuals + 1)]
    return DecisionDraft(
        DAY,
        2025,
        "Về việc tặng Giấy khen cho tập thể, cá nhân có thành tích xuất sắc năm 2025",
        2_340_000,
        10_000,
        tuple(lines),
        lines_in_force(shipped_book(), DAY, DocumentKind.DECISION),
    )  # as the catalogue has them


@pytest.fixture(scope="module")
def decision() -> Pdf:
    return Pdf(
        render_pdf(
            quyet_dinh_khen_thuong(
                AGENCY, DEPUTY, decision_draft(), year=2025, proposal="Theo đề nghị của Chánh Văn phòng Sở"
            )
        )
    )


def meeting_and_votes() -> tuple[MeetingInfo, list[BallotResult]]:
    meeting = MeetingInfo(
        1, dt.datetime(2025, 12, 10, 8, 30), "Phòng họp tầng 3, Sở Y tế", 2025, 11, 10, 1, 9
    )
    results = [
        BallotResult(
            1, "Nguyễn Văn An", "Chiến sĩ thi đua cơ sở", 10, 1, 0, 11, Fraction(4, 5), 9, True, True
        ),
        BallotResult(
            2, "Trần Thị Bích", "Chiến sĩ thi đua cơ sở", 8, 3, 0, 11, Fraction(4, 5), 9, False, True
        ),
        BallotResult(3, "Khoa Nhi", "Tập thể lao động tiên tiến", 11, 0, 0, 11, None, 6, True, False),
    ]
    return meeting, results


# --- dates (FORMAT.md §4) --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2020, 1, 5), "ngày 05 tháng 01 năm 2020"),
        (dt.date(2019, 6, 29), "ngày 29 tháng 6 năm 2019"),
        (dt.date(2020, 2, 1), "ngày 01 tháng 02 năm 2020"),
        (dt.date(2020, 3, 9), "ngày 09 tháng 3 năm 2020"),
        (dt.date(2020, 12, 31), "ngày 31 tháng 12 năm 2020"),
    ],
)
def test_dates_have_a_zero_before_days_1_to_9_and_months_1_and_2_only(day, text):
    assert long_date(day) == text
    assert place_date("Thanh Hóa", day) == f"Thanh Hóa, {text}"


def test_a_draft_date_leaves_day_and_month_blank_and_ui_format_uses_the_same_rule():
    from ui.format import long_date as ui_long_date

    assert re.fullmatch(r"ngày {4,}tháng {4,}năm 2026", long_date(None, 2026))
    assert ui_long_date(dt.date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"


@pytest.mark.parametrize(
    ("authority", "lines"),
    [
        (SignAuthority.OWN, ("GIÁM ĐỐC",)),
        (SignAuthority.DEPUTY, ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")),
        (SignAuthority.ACTING, ("Q. GIÁM ĐỐC",)),
        (SignAuthority.ON_BEHALF, ("TM. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")),
        (SignAuthority.BY_ORDER, ("TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG")),
        (SignAuthority.AUTHORISED, ("TUQ. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG")),
    ],
)
def test_signature_titles_for_every_authority(authority, lines):
    position = {
        SignAuthority.OWN: "Giám đốc",
        SignAuthority.ACTING: "Giám đốc",
        SignAuthority.BY_ORDER: "Chánh Văn phòng",
        SignAuthority.AUTHORISED: "Chánh Văn phòng",
    }.get(authority, "Phó Giám đốc")
    assert signature_lines(position, authority, "Giám đốc") == lines


# --- the công văn: seed 003 ------------------------------------------------------------------------------


def test_page_is_a4_and_text_stays_inside_the_margins(seed):
    for page in seed.pages:
        assert (round(page.width, 1), round(page.height, 1)) == (595.3, 841.9)
        body = [c for c in page.chars if c["matrix"][5] < PAGE_H - TOP]
        assert min(c["x0"] for c in body) >= LEFT - 0.01
        assert max(c["x1"] for c in body) <= PAGE_W - RIGHT + 0.01
        assert max(c["matrix"][5] + ASCENT * c["size"] for c in body) <= PAGE_H - TOP + 0.01
        assert min(c["matrix"][5] - DESCENT * c["size"] for c in body) >= 20 * MM - 0.01


def test_header_left_column_agency_names_and_rule(seed):
    parent, issuer = seed.find("UBND TỈNH THANH HÓA"), seed.find("SỞ Y TẾ")
    assert_element(parent, 12, "R", centre=LEFT_CENTRE)
    assert_element(issuer, 12, "B", centre=LEFT_CENTRE)
    assert close(parent.baseline, PAGE_H - TOP - ASCENT * 12)  # the header starts at the top margin
    assert close(parent.baseline - issuer.baseline, SINGLE * 12)  # single-spaced
    x0, x1, y = seed.rule_under(issuer)
    name = issuer.x1 - issuer.x
    assert name / 3 - TOL <= x1 - x0 <= name / 2 + TOL  # 1/3–1/2 of the line, centred
    assert close((x0 + x1) / 2, LEFT_CENTRE)
    assert y < bottom_of(issuer)


def test_header_right_column_national_name_motto_and_rule(seed):
    nation, motto = seed.find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), seed.find("Độc lập - Tự do - Hạnh phúc")
    assert_element(nation, 12, "B", centre=RIGHT_CENTRE)
    assert_element(motto, 13, "B", centre=RIGHT_CENTRE)
    assert close(nation.x1 - nation.x, 88.3 * MM, 0.5 * MM)  # FORMAT.md §2 measured width
    assert close(nation.baseline, seed.find("UBND TỈNH THANH HÓA").baseline)
    assert close(nation.baseline - motto.baseline, SINGLE * 13)
    x0, x1, y = seed.rule_under(motto)
    assert close(x0, motto.x) and close(x1, motto.x1)  # as long as the motto
    assert close(x1 - x0, 56.1 * MM, 0.5 * MM)
    assert y < bottom_of(motto)


def test_number_and_date_share_a_baseline_6pt_under_the_header(seed):
    number = seed.find("Số: 1975/SYT-VP")
    date = seed.find("Thanh Hoá, ngày 01 tháng 7 năm 2020")
    assert_element(number, 13, "R", centre=LEFT_CENTRE)
    assert_element(date, 13, "I", centre=RIGHT_CENTRE)
    assert close(number.baseline, date.baseline, 0.01)
    lowest_rule = min(y for _, _, y in seed.rules(0))
    assert close(lowest_rule - top_of(number), 6)


def test_letter_subject_sits_6pt_under_the_number_in_the_left_column(seed):
    number = seed.find("Số: 1975/SYT-VP")
    subject = seed.find("V/v phát động phong trào thi đua yêu nước năm 2020")
    assert subject.size == 12 and subject.style == "R"
    assert close(bottom_of(number) - top_of(subject), 6)
    assert len(subject.baselines) == 2  # it wraps inside the 65 mm column …
    first_line = [c for c in subject.chars if round(c["matrix"][5], 2) == subject.baselines[0]]
    assert close((first_line[0]["x0"] + first_line[-1]["x1"]) / 2, LEFT_CENTRE)  # … centred
    assert all(LEFT <= c["x0"] and c["x1"] <= LEFT + LEFT_COL for c in subject.chars)
    assert not seed.has("QUYẾT ĐỊNH") and not seed.has("CÔNG VĂN")  # a công văn has no tên loại


def test_one_recipient_shares_the_kinh_gui_line(seed):
    found = seed.find("Kính gửi: Thủ trưởng các đơn vị trong ngành")
    assert_element(found, 14, "R", x=LEFT + 35 * MM)
    assert len(found.baselines) == 1
    subject = seed.find("V/v phát động phong trào thi đua yêu nước năm 2020")
    gap = bottom_of(Found(0, subject.chars[-1:])) - top_of(found)
    assert 12 - TOL <= gap <= 18 + TOL


def test_body_is_justified_with_a_first_line_indent_and_paragraph_gaps(seed):
    first = seed.find("Trong không khí thi đua sôi nổi")
    assert first.size == 14 and first.style == "R"
    assert close(first.x, LEFT + 10 * MM) or close(first.x, LEFT + 12.7 * MM)
    paragraph = seed.find(json.loads((DATA / "seed_003.json").read_text("utf-8"))["body"][0]["para"])
    lines = paragraph.baselines
    assert len(lines) > 3
    for baseline in lines[:-1]:  # justified: every line but the last reaches the right margin
        on_line = [c for c in paragraph.chars if round(c["matrix"][5], 2) == baseline]
        assert close(on_line[-1]["x1"], LEFT + W)
    for baseline in lines[1:]:
        on_line = [c for c in paragraph.chars if round(c["matrix"][5], 2) == baseline]
        assert close(on_line[0]["x0"], LEFT)
    leading = lines[0] - lines[1]
    assert SINGLE * 14 - TOL <= leading <= 1.5 * SINGLE * 14 + TOL  # single … 1.5 lines
    following = seed.find("Phát huy truyền thống yêu nước")
    assert lines[-1] - following.baseline >= leading + 6 - TOL  # ≥ 6 pt between paragraphs


def test_emphasis_typed_by_the_clerk_prints_bold_and_italic(seed):
    assert seed.find("uống nước nhớ nguồn").style == "I"
    assert seed.find("Cán bộ, công chức, viên chức, lao động ngành y tế Thanh Hóa").style == "BI"
    assert seed.find("2.4.").style == "R" and seed.find("Đẩy mạnh việc học tập").style == "B"
    heading = seed.find("1. Phân kỳ thời gian phát động thi đua")
    assert_element(heading, 14, "B")
    assert close(heading.x, seed.find("Trong không khí").x)  # indented as a paragraph


def test_closing_places_noi_nhan_level_with_the_signature(seed):
    last = len(seed.pages) - 1
    head = seed.find("Nơi nhận:", last)
    assert_element(head, 12, "BI", x=LEFT)
    items = [
        "- Như trên;",
        "- Ban TĐKT tỉnh;",
        "- LĐLĐ tỉnh;",
        "- GD, các PGĐ;",
        "- Các phòng, Ban cơ quan SYT;",
        "- Lưu VT, VP.",
    ]
    previous = head.baseline
    for item in items:
        found = seed.find(item, last)
        assert_element(found, 11, "R", x=LEFT)
        assert found.baseline < previous
        previous = found.baseline
    title, name = seed.find("GIÁM ĐỐC", last), seed.find("Trịnh Hữu Hùng", last)
    assert_element(title, 14, "B", centre=RIGHT_CENTRE)
    assert_element(name, 14, "B", centre=RIGHT_CENTRE)
    assert close(title.baseline, head.baseline)
    assert bottom_of(title) - top_of(name) >= 25 * MM - TOL  # room for signature and seal
    drafter = seed.find("HQ", last)
    assert_element(drafter, 11, "R")
    assert close(drafter.x1, LEFT + LEFT_COL) and drafter.baseline < previous  # bottom-right of the block


def test_page_numbers_from_page_two_centred_in_the_top_margin(seed):
    assert len(seed.pages) >= 2
    assert seed.page_number(0) is None
    for page in range(1, len(seed.pages)):
        assert seed.page_number(page) == str(page + 1)
        found = Found(page, [c for c in seed.pages[page].chars if c["matrix"][5] > PAGE_H - TOP])
        assert_element(found, 13, "R", centre=PAGE_CENTRE)
        assert PAGE_H - TOP < bottom_of(found) and top_of(found) < PAGE_H


def _reading_order(pdf: Pdf) -> str:
    """The PDF's text in the seed's order: header left column, right column, then the body; the closing's
    left column (Nơi nhận, initials), then its right (signature). Page numbers left out."""
    split, middle, margin = top_of(pdf.find("Kính gửi")) + 1, LEFT + LEFT_COL + 0.5, PAGE_H - TOP + 1
    parts = [pdf.text(0, (0, split, middle, PAGE_H)), pdf.text(0, (middle, split, PAGE_W, PAGE_H))]
    last = len(pdf.pages) - 1
    closing = top_of(pdf.find("Nơi nhận:", last)) + 1
    for page in range(len(pdf.pages)):
        top = split if page == 0 else margin
        bottom = closing if page == last else 0
        parts.append(pdf.text(page, (0, bottom, PAGE_W, top)))
    parts += [pdf.text(last, (0, 0, middle, closing)), pdf.text(last, (middle, 0, PAGE_W, closing))]
    return " ".join(parts)


def _words(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def test_seed_003_rendered_from_data_reads_the_same_as_the_seed(seed):
    expected = (DATA / "seed_003.txt").read_text(encoding="utf-8").replace("*", "")
    # Where the typist's words differ from the decree's fixed forms, the program writes the decree's
    # (FORMAT.md §2, §4): "CỘNG HÒA", "V/v", no space inside "1975/SYT-VP"; the drafter's initials
    # ("HQ", after "./." in the seed) go to ô 12 under the Nơi nhận list.
    for seed_text, decree_text in (
        ("CỘNG HOÀ", "CỘNG HÒA"),
        ("Vv phát động", "V/v phát động"),
        ("1975 /SYT-VP", "1975/SYT-VP"),
        ("kinh tế./. HQ", "kinh tế./."),
        ("Lưu VT, VP.", "Lưu VT, VP. HQ"),
    ):
        assert seed_text in expected
        expected = expected.replace(seed_text, decree_text)
    assert _words(_reading_order(seed)) == _words(expected)


def test_seed_rendered_to_a_path_is_the_same_pdf(tmp_path):
    target = tmp_path / "cong-van.pdf"
    assert render_pdf(seed_document(), target) is None
    assert Pdf(target.read_bytes()).text(0) == Pdf(render_pdf(seed_document())).text(0)
    assert [p.name for p in tmp_path.iterdir()] == ["cong-van.pdf"]


# --- Quyết định khen thưởng ------------------------------------------------------------------------------


def test_draft_decision_leaves_number_and_day_blank(decision):
    number = decision.find("Số:/QĐ-SYT")
    assert_element(number, 13, "R", centre=LEFT_CENTRE)
    colon, slash = number.chars[2], number.chars[3]
    assert slash["x0"] - colon["x1"] >= 8 * MM  # room for the number written after signing
    date = decision.find("Thanh Hóa, ngày tháng năm 2026")
    assert_element(date, 13, "I", centre=RIGHT_CENTRE)
    text = "".join(c["text"] for c in date.chars)
    assert text == "ThanhHóa,ngàythángnăm2026"
    for before, after in (
        (date.chars[12], date.chars[13]),
        (date.chars[17], date.chars[18]),
    ):  # ngày_tháng_năm
        assert after["x0"] - before["x1"] >= 6 * MM


def test_decision_title_subject_and_rule(decision):
    kind = decision.find("QUYẾT ĐỊNH", 0)
    subject = decision.find("Về việc tặng Giấy khen cho tập thể, cá nhân có thành tích xuất sắc năm 2025")
    assert_element(kind, 14, "B", centre=PAGE_CENTRE)
    assert_element(subject, 14, "B", centre=PAGE_CENTRE)
    assert close(kind.baseline - subject.baseline, SINGLE * 14)
    x0, x1, y = decision.rule_under(subject)
    line = subject.x1 - subject.x
    assert line / 3 - TOL <= x1 - x0 <= line / 2 + TOL
    assert close((x0 + x1) / 2, PAGE_CENTRE)
    number = decision.find("Số:/QĐ-SYT")
    assert 12 - TOL <= bottom_of(number) - top_of(kind) <= 18 + TOL


def test_decision_authority_bases_and_articles(decision):
    authority = decision.find("GIÁM ĐỐC SỞ Y TẾ")
    assert_element(authority, 14, "B", centre=PAGE_CENTRE)
    bases = [
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Xét đề nghị của Hội đồng Thi đua – Khen thưởng Sở Y tế;",
        "Theo đề nghị của Chánh Văn phòng Sở.",
    ]
    for text in bases:
        found = decision.find(text)
        assert found.size == 14 and found.style == "I"
        assert close(found.x, LEFT + 10 * MM)
    enacting = decision.find("QUYẾT ĐỊNH:")
    assert_element(enacting, 14, "B", centre=PAGE_CENTRE)
    article = decision.find("Điều 1.")
    assert_element(article, 14, "B", x=LEFT + 10 * MM)
    assert article.baseline < enacting.baseline
    first = decision.find(
        "Tặng Giấy khen của Giám đốc Sở Y tế cho 01 tập thể và 03 cá nhân (có danh sách kèm "
        "theo), đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2025."
    )
    assert first.style == "R" and first.size == 14
    assert decision.find("Điều 2.").style == "B"
    assert decision.has("tổng số tiền là 3.540.000 đồng (Bằng chữ: Ba triệu năm trăm bốn mươi nghìn đồng)")
    assert decision.has("chịu trách nhiệm thi hành Quyết định này./.")


def test_decision_signed_by_a_deputy(decision):
    head = decision.find("Nơi nhận:")
    kt, deputy = decision.find("KT. GIÁM ĐỐC"), decision.find("PHÓ GIÁM ĐỐC")
    for found in (kt, deputy):
        assert_element(found, 14, "B", centre=RIGHT_CENTRE)
    assert close(kt.baseline, head.baseline) and close(kt.baseline - deputy.baseline, SINGLE * 14)
    assert decision.find("- Như Điều 3;").size == 11 and decision.has("- Lưu: VT, VP.")
    name = decision.find("Nguyễn Thị Hà")
    assert_element(name, 14, "B", centre=RIGHT_CENTRE)
    assert bottom_of(deputy) - top_of(name) >= 25 * MM - TOL


def test_attached_list_is_a_phu_luc_with_its_own_page_numbers(decision):
    title = decision.find("DANH SÁCH")
    assert title.page >= 1 and title.page == len(decision.pages) - 1
    assert decision.page_number(title.page) is None  # a phụ lục counts its pages from 1 again
    assert_element(title, 14, "B", centre=PAGE_CENTRE)
    description = decision.find("Tập thể, cá nhân được khen thưởng năm 2025")
    assert_element(description, 14, "B", centre=PAGE_CENTRE)
    reference = decision.find("(Kèm theo Quyết định số /QĐ-SYT ngày tháng năm 2026 của Giám đốc Sở Y tế)")
    assert reference.size == 14 and reference.style == "I"
    decision.rule_under(
        Found(
            reference.page,
            [c for c in reference.chars if round(c["matrix"][5], 2) == reference.baselines[-1]],
        )
    )
    headers = ["STT", "Tên tập thể, họ và tên", "Chức vụ", "Đơn vị", "Số tiền (đồng)"]
    for header in headers:
        found = decision.find(header, title.page)
        assert found.style == "B" and found.size == 12
    unit = "Bệnh viện Đa khoa tỉnh"
    assert decision.table(title.page) == [
        headers,
        ["I. Tập thể", None, None, None, None],
        ["1", "Khoa Nội 1", "", unit, "1.410.000"],
        ["II. Cá nhân", None, None, None, None],
        ["1", "Nguyễn Văn Số 1", "Bác sĩ", unit, "710.000"],
        ["2", "Nguyễn Văn Số 2", "Bác sĩ", unit, "710.000"],
        ["3", "Nguyễn Văn Số 3", "Bác sĩ", unit, "710.000"],
        ["Tổng cộng", None, None, None, "3.540.000"],
    ]
    assert decision.find("Bằng chữ: Ba triệu năm trăm bốn mươi nghìn đồng.", title.page).style == "I"


def test_long_list_repeats_its_header_row_and_numbers_its_pages():
    pdf = Pdf(render_pdf(quyet_dinh_khen_thuong(AGENCY, DIRECTOR, decision_draft(individuals=70), year=2025)))
    first = pdf.find("DANH SÁCH").page
    assert len(pdf.pages) - first >= 2
    for n, page in enumerate(range(first, len(pdf.pages)), start=1):
        rows = pdf.table(page)
        assert rows[0] == ["STT", "Tên tập thể, họ và tên", "Chức vụ", "Đơn vị", "Số tiền (đồng)"]
        if page > first:  # the header row tops the page
            assert close(max(y for _, _, y in pdf.rules(page)), PAGE_H - TOP)
        assert pdf.page_number(page) == (None if n == 1 else str(n))
    assert pdf.page_number(first - 1) == (None if first == 1 else str(first))
    assert pdf.table(len(pdf.pages) - 1)[-2][:2] == ["70", "Nguyễn Văn Số 70"]
    assert pdf.has("GIÁM ĐỐC") and not pdf.has("KT.")


def test_a_long_list_has_every_row_once_across_its_page_breaks():
    """The ruled table measures its rows once and splits between them: none lost or repeated at a break."""
    pdf = Pdf(
        render_pdf(quyet_dinh_khen_thuong(AGENCY, DIRECTOR, decision_draft(individuals=120), year=2025))
    )
    first = pdf.find("DANH SÁCH").page
    names = [
        row[1]
        for page in range(first, len(pdf.pages))
        for row in pdf.table(page)
        if (row[1] or "").startswith("Nguyễn")  # a group row has one cell
    ]
    assert names == [f"Nguyễn Văn Số {n}" for n in range(1, 121)] and len(pdf.pages) - first >= 4


def test_registered_decision_prints_number_and_date_and_the_stored_content_prints_the_same():
    draft = decision_draft()
    from_draft = quyet_dinh_khen_thuong(AGENCY, DEPUTY, draft).with_number(5, DAY)
    stored = quyet_dinh_khen_thuong(
        AGENCY, DEPUTY, draft.content(), subject=draft.subject, year=2025, number=5, issued_on=DAY
    )
    pdf = Pdf(render_pdf(stored))
    assert_element(pdf.find("Số: 05/QĐ-SYT"), 13, "R", centre=LEFT_CENTRE)
    assert_element(pdf.find("Thanh Hóa, ngày 05 tháng 01 năm 2026"), 13, "I", centre=RIGHT_CENTRE)
    assert pdf.has("(Kèm theo Quyết định số 05/QĐ-SYT ngày 05 tháng 01 năm 2026 của Giám đốc Sở Y tế)")
    drawn = Pdf(render_pdf(from_draft))  # numbered after drafting: the same document, annex included
    assert [drawn.text(p) for p in range(len(drawn.pages))] == [pdf.text(p) for p in range(len(pdf.pages))]


def test_several_awards_are_listed_as_khoan_of_dieu_1():
    lines = (
        _line(1),
        _line(2, award="Lao động tiên tiến", amount=None),
        _line(3, award="Lao động tiên tiến", amount=None),
    )
    draft = DecisionDraft(
        DAY, 2025, "Về việc khen thưởng cá nhân có thành tích xuất sắc năm 2025", 2_340_000, 10_000, lines
    )
    pdf = Pdf(render_pdf(quyet_dinh_khen_thuong(AGENCY, DIRECTOR, draft)))
    assert pdf.has("Khen thưởng 03 cá nhân (có danh sách kèm theo)")
    assert pdf.has("1. Tặng Giấy khen của Giám đốc Sở Y tế cho 01 cá nhân;")
    assert pdf.has("2. Tặng danh hiệu “Lao động tiên tiến” năm 2025 cho 02 cá nhân.")
    annex = pdf.text(len(pdf.pages) - 1)
    assert (
        "I. Cá nhân: Giấy khen của Giám đốc Sở Y tế" in annex and "II. Cá nhân: Lao động tiên tiến" in annex
    )


# --- Tờ trình, Biên bản, and the simple kinds ------------------------------------------------------------


def test_to_trinh_goes_to_the_province_with_its_list():
    lines = [
        Listed("Nguyễn Văn An", "Trưởng khoa", "Bệnh viện Đa khoa tỉnh", False, "Chiến sĩ thi đua cấp tỉnh"),
        Listed("Khoa Nhi", None, "Bệnh viện Đa khoa tỉnh", True, "Bằng khen của Chủ tịch UBND tỉnh"),
    ]
    pdf = Pdf(
        render_pdf(
            to_trinh(
                AGENCY,
                DIRECTOR,
                lines,
                recipient="Ủy ban nhân dân tỉnh Thanh Hóa",
                year=2025,
                subject="Về việc đề nghị UBND tỉnh khen thưởng cho tập thể, cá nhân thuộc Sở Y tế năm 2025",
                bases=["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"],
            )
        )
    )
    assert_element(pdf.find("TỜ TRÌNH"), 14, "B", centre=PAGE_CENTRE)
    assert_element(pdf.find("Số:/TTr-SYT"), 13, "R", centre=LEFT_CENTRE)
    assert_element(pdf.find("Kính gửi: Ủy ban nhân dân tỉnh Thanh Hóa"), 14, "R", x=LEFT + 35 * MM)
    assert pdf.find("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022.").style == "I"
    assert pdf.has(
        "Sở Y tế kính trình Ủy ban nhân dân tỉnh Thanh Hóa xem xét, tặng danh hiệu “Chiến sĩ thi "
        "đua cấp tỉnh” năm 2025 cho 01 cá nhân; tặng Bằng khen của Chủ tịch UBND tỉnh cho 01 tập thể "
        "(có danh sách kèm theo)."
    )
    last = len(pdf.pages) - 1
    assert pdf.has(f"(Kèm theo Tờ trình số /TTr-SYT ngày tháng năm {dt.date.today().year} của Sở Y tế)", last)
    assert pdf.table(last) == [
        ["STT", "Tên tập thể, họ và tên", "Chức vụ", "Đơn vị", "Hình thức khen thưởng"],
        ["I. Cá nhân", None, None, None, None],
        ["1", "Nguyễn Văn An", "Trưởng khoa", "Bệnh viện Đa khoa tỉnh", "Chiến sĩ thi đua cấp tỉnh"],
        ["II. Tập thể", None, None, None, None],
        ["1", "Khoa Nhi", "", "Bệnh viện Đa khoa tỉnh", "Bằng khen của Chủ tịch UBND tỉnh"],
    ]


def test_bien_ban_of_the_council_meeting():
    meeting, results = meeting_and_votes()
    pdf = Pdf(
        render_pdf(
            bien_ban_hop_hoi_dong(
                AGENCY,
                meeting,
                results,
                chair="Lê Văn Bình",
                secretary="Phạm Thu Trang",
                ended_at=dt.datetime(2025, 12, 10, 11),
            )
        )
    )
    assert_element(pdf.find("SỞ Y TẾ"), 12, "R", centre=LEFT_CENTRE)
    council = pdf.find("HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG")
    assert council.style == "B" and len(council.baselines) == 2  # wraps in its column
    assert_element(pdf.find("Số:/BB-HĐTĐKT"), 13, "R", centre=LEFT_CENTRE)
    assert not any(
        _style(c["fontname"]) == "I"
        for c in pdf.pages[0].chars
        if c["matrix"][5] > pdf.find("BIÊN BẢN").baseline
    )  # no place/date row
    assert_element(pdf.find("BIÊN BẢN"), 14, "B", centre=PAGE_CENTRE)
    text = " ".join(" ".join(pdf.text(p).split()) for p in range(len(pdf.pages)))
    for expected in (
        "Thời gian bắt đầu: 08 giờ 30 phút, ngày 10 tháng 12 năm 2025.",
        "Địa điểm: Phòng họp tầng 3, Sở Y tế.",
        "Thành phần tham dự: 10/11 thành viên Hội đồng Thi đua – Khen thưởng có mặt, 01 thành viên gửi ý kiến "
        "bằng văn bản.",
        "Số thành viên có mặt đạt 90,9% tổng số thành viên Hội đồng (cần tối thiểu 09 thành viên), đủ điều kiện "
        "tiến hành phiên họp.",
        "Chủ trì (chủ tọa): Lê Văn Bình.",
        "Thư ký: Phạm Thu Trang.",
        "Tổng hợp: 02 đề nghị đạt, 01 đề nghị không đạt.",
        "Cuộc họp kết thúc vào 11 giờ 00 phút, ngày 10 tháng 12 năm 2025./.",
        "- Lưu: VT, Hồ sơ.",
    ):
        assert expected in text, expected
    table = next(p for p in range(len(pdf.pages)) if pdf.pages[p].extract_tables())
    assert pdf.table(table) == [
        [
            "STT",
            "Tập thể, cá nhân",
            "Danh hiệu, hình thức",
            "Đồng ý",
            "Không đồng ý",
            "Không hợp lệ",
            "Tỷ lệ đồng ý",
            "Kết quả",
        ],
        ["1", "Nguyễn Văn An", "Chiến sĩ thi đua cơ sở", "10", "1", "0", "90,9%", "Đạt"],
        ["2", "Trần Thị Bích", "Chiến sĩ thi đua cơ sở", "8", "3", "0", "72,7%", "Không đạt"],
        ["3", "Khoa Nhi", "Tập thể lao động tiên tiến", "11", "0", "0", "100,0%", "Đạt"],
    ]
    secretary, chair = pdf.find("THƯ KÝ"), pdf.find("CHỦ TỌA")
    assert_element(secretary, 14, "B", centre=LEFT_CENTRE)
    assert_element(chair, 14, "B", centre=RIGHT_CENTRE)
    assert close(secretary.baseline, chair.baseline)
    assert close(pdf.find("Phạm Thu Trang", secretary.page, nth=-1).centre, LEFT_CENTRE)
    chair_name = pdf.find("Lê Văn Bình", chair.page, nth=-1)
    assert_element(chair_name, 14, "B", centre=RIGHT_CENTRE)
    assert pdf.find("Nơi nhận:", chair.page).baseline < chair_name.baseline


@pytest.mark.parametrize(
    ("build", "kind", "symbol"),
    [
        (thong_bao, "THÔNG BÁO", "TB-SYT"),
        (bao_cao, "BÁO CÁO", "BC-SYT"),
        (ke_hoach, "KẾ HOẠCH", "KH-SYT"),
    ],
)
def test_simple_kinds_have_title_subject_rule_and_body(build, kind, symbol):
    doc = build(
        AGENCY,
        DIRECTOR,
        subject="Kết quả công tác thi đua, khen thưởng năm 2025",
        body=["Nội dung thứ nhất.", "Nội dung thứ hai./."],
        copies_to=["Lưu: VT, VP"],
        number=7,
        issued_on=dt.date(2026, 3, 2),
        drafter="nva",
        copies=30,
    )
    pdf = Pdf(render_pdf(doc))
    assert_element(pdf.find(kind), 14, "B", centre=PAGE_CENTRE)
    subject = pdf.find("Kết quả công tác thi đua, khen thưởng năm 2025")
    assert_element(subject, 14, "B", centre=PAGE_CENTRE)
    pdf.rule_under(subject)
    assert_element(pdf.find(f"Số: 07/{symbol}"), 13, "R", centre=LEFT_CENTRE)
    assert pdf.has("Thanh Hóa, ngày 02 tháng 3 năm 2026")
    assert_element(pdf.find("Nội dung thứ hai./."), 14, "R", x=LEFT + 10 * MM)
    assert_element(pdf.find("NVA.(30)"), 11, "R")
    assert not pdf.has("Kính gửi")


def test_several_recipients_one_per_line_with_dashes_under_the_colon():
    pdf = Pdf(
        render_pdf(
            bao_cao(
                AGENCY,
                DIRECTOR,
                subject="Tổng kết công tác năm 2025",
                body=["Nội dung./."],
                recipients=["Bộ Y tế", "Ban Thi đua – Khen thưởng tỉnh", "Sở Nội vụ"],
            )
        )
    )
    label = pdf.find("Kính gửi:")
    assert_element(label, 14, "R", x=LEFT + 35 * MM)
    colon = label.chars[-1]["x0"]
    previous = label.baseline
    for item in ("- Bộ Y tế;", "- Ban Thi đua – Khen thưởng tỉnh;", "- Sở Nội vụ."):
        found = pdf.find(item)
        assert found.size == 14 and close(found.x, colon)
        assert close(previous - found.baseline, SINGLE * 14)
        previous = found.baseline


def test_address_goes_under_a_full_width_rule_at_the_foot_of_page_one():
    agency = AgencyInfo(
        **{
            **AGENCY.__dict__,
            "address": "101 Nguyễn Trãi, phường Hạc Thành",
            "phone": "0237.3852.505",
            "email": "syt@thanhhoa.gov.vn",
        }
    )
    pdf = Pdf(
        render_pdf(
            cong_van(
                agency, DIRECTOR, subject="Thử", recipients=["Các đơn vị"], body=["Nội dung./."], contact=True
            )
        )
    )
    line = pdf.find(
        "Địa chỉ: 101 Nguyễn Trãi, phường Hạc Thành; ĐT: 0237.3852.505; E-mail: syt@thanhhoa.gov.vn"
    )
    assert_element(line, 11, "R", x=LEFT)
    assert 20 * MM - TOL <= bottom_of(line) <= 20 * MM + 3
    rule = [r for r in pdf.rules(0) if close(r[0], LEFT) and close(r[1], LEFT + W)]
    assert len(rule) == 1 and 0 < rule[0][2] - top_of(line) < 6


def test_decomposed_input_prints_as_nfc():
    nfd = unicodedata.normalize("NFD", "Thực hiện Kế hoạch số 38/KH-SYT về việc đẩy mạnh thi đua./.")
    pdf = Pdf(
        render_pdf(
            cong_van(
                AGENCY,
                DIRECTOR,
                subject=unicodedata.normalize("NFD", "Thử nghiệm"),
                recipients=["Các đơn vị"],
                body=[nfd],
            )
        )
    )
    assert not any(unicodedata.combining(c["text"][:1] or " ") for p in pdf.pages for c in p.chars)
    assert pdf.has(unicodedata.normalize("NFC", nfd))


@pytest.mark.parametrize(("urgency", "width"), [("KHẨN", 20), ("THƯỢNG KHẨN", 40), ("HỎA TỐC", 30)])
def test_urgency_is_a_red_box_of_the_decree_size_under_the_number(urgency, width):
    pdf = Pdf(render_pdf(seed_document(urgency=urgency)))
    stamp = pdf.find(urgency, 0)
    assert_element(stamp, 13, "B", centre=LEFT_CENTRE)
    assert all(c["non_stroking_color"][0] > 0.9 and c["non_stroking_color"][1] < 0.2 for c in stamp.chars)
    box = [r for r in pdf.pages[0].rects if r["x0"] < stamp.x and stamp.x1 < r["x1"]]
    assert len(box) == 1
    assert close(box[0]["width"], width * MM) and close(box[0]["height"], 8 * MM)
    assert close((box[0]["x0"] + box[0]["x1"]) / 2, LEFT_CENTRE)
    subject = pdf.find("V/v phát động phong trào thi đua yêu nước năm 2020")
    assert close(bottom_of(Found(0, subject.chars[-1:])) - (PAGE_H - box[0]["top"]), 6)


def test_a_list_of_a_thousand_keeps_its_four_digit_numbers_whole():
    """STT 1000 and above fit their column (measured: the old 12 of 190 broke "2005" into "200" / "5"), with
    the Ghi chú column of a decision that pays differences as with plain lists."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from app.documents.fonts import FAMILY, register_fonts
    from app.documents.state.builders import award_list
    from app.documents.state.layout import SIZE_TABLE, TEXT_WIDTH

    register_fonts()
    note = "Trừ 710.000 đ đã nhận theo QĐ số 2740/QĐ-SYT ngày 11/12/2025 (“Lao động tiên tiến”)"
    for amount, text in ((None, None), (1_630_000, note)):
        lines = [
            Listed(f"Người {n}", "Bác sĩ", "Khoa Nội", False, "Chiến sĩ thi đua cơ sở", amount, text)
            for n in range(1, 1201)
        ]
        grid, _total = award_list(lines)
        column = TEXT_WIDTH * grid.widths[0] / sum(grid.widths) - 6  # less the cell's padding (3 pt a side)
        assert stringWidth("1200", FAMILY, SIZE_TABLE) <= column


def test_counts_have_two_digits_and_thousands_take_dots():
    """ "05 cá nhân" as decisions write it, and "2.319 cá nhân", not "2319", in a large decision's Điều 1."""
    from app.documents.state.builders import count_text

    assert (count_text(5), count_text(12), count_text(2319), count_text(12000)) == (
        "05",
        "12",
        "2.319",
        "12.000",
    )
