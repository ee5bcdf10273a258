"""The .docx of a state document, read back with python-docx: page, fonts, the borderless header table,
emphasis, the list table with its repeated header, page numbers from page 2."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from app.documents.docx_export import emphasis_runs, render_docx
from app.documents.state import bien_ban_hop_hoi_dong, cong_van, quyet_dinh_khen_thuong
from app.services.agency import AgencyInfo, SignerInfo
from app.services.council import BallotResult, MeetingInfo
from database.enums import SignAuthority

AGENCY = AgencyInfo(
    parent_name="UBND TỈNH THANH HÓA",
    name="SỞ Y TẾ",
    symbol="SYT",
    place_name="Thanh Hóa",
    address="101 Nguyễn Trãi, TP Thanh Hóa",
    phone="0237 385 2497",
)
DEPUTY = SignerInfo("Trần Thị Hoa", "PHÓ GIÁM ĐỐC", SignAuthority.DEPUTY, "GIÁM ĐỐC")


def read(document) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(document)))


def runs_of(paragraph):
    return [
        (r.text, r.bold, r.italic, r.font.size.pt if r.font.size else None) for r in paragraph.runs if r.text
    ]


def body_paragraphs(d) -> list:
    return [p for p in d.paragraphs if p.text.strip()]


@pytest.fixture
def letter():
    return cong_van(
        AGENCY,
        DEPUTY,
        subject="hướng dẫn tổng kết công tác thi đua, khen thưởng năm 2025",
        recipients=["Các đơn vị trực thuộc Sở", "Các phòng chức năng thuộc Sở"],
        body=[
            "Thực hiện Kế hoạch số 12/KH-UBND của UBND tỉnh, Sở Y tế **đề nghị** các đơn vị *khẩn "
            "trương* tổng kết.",
            "Hồ sơ gửi về Văn phòng Sở trước ngày 15/12/2025./.",
        ],
        unit_code="TĐKT",
        drafter="nth",
        copies=12,
        number=7,
        issued_on=dt.date(2025, 11, 5),
        contact=True,
    )


def test_emphasis_marks_become_runs():
    assert emphasis_runs("a **b** *c* ***d*** e") == [
        ("a ", False, False),
        ("b", True, False),
        (" ", False, False),
        ("c", False, True),
        (" ", False, False),
        ("d", True, True),
        (" e", False, False),
    ]


def test_the_page_and_the_font(letter):
    d = read(letter)
    section = d.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [
        round(x.mm)
        for x in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ] == [20, 20, 30, 15]
    normal = d.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "Times New Roman"
    sizes = {r.font.size.pt for p in d.paragraphs for r in p.runs if r.text}
    assert sizes <= {11, 12, 13, 14}
    assert all(r.font.name == "Times New Roman" for p in d.paragraphs for r in p.runs if r.text)


def test_the_header_is_a_borderless_two_column_table(letter):
    d = read(letter)
    head = d.tables[0]
    assert len(head.columns) == 2
    assert [round(c.width.mm) for c in head.rows[0].cells] == [65, 100]
    borders = head._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    left, right = ([p for p in c.paragraphs if p.text] for c in head.rows[0].cells)
    assert [p.text for p in left] == [
        "UBND TỈNH THANH HÓA",
        "SỞ Y TẾ",
        "Số: 07/SYT-TĐKT",
        "V/v hướng dẫn tổng kết công tác thi đua, khen thưởng năm 2025",
    ]
    assert runs_of(left[1]) == [("SỞ Y TẾ", True, False, 12)]
    assert runs_of(left[2])[0][3] == 13 and runs_of(left[3])[0][3] == 12
    assert [p.text for p in right] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Thanh Hóa, ngày 05 tháng 11 năm 2025",
    ]
    assert runs_of(right[0]) == [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False, 12)]
    assert runs_of(right[2]) == [("Thanh Hóa, ngày 05 tháng 11 năm 2025", False, True, 13)]
    # the rules: paragraph borders whose length (between the indents) follows the text above them
    rules = [
        p
        for p in head.rows[0].cells[1].paragraphs
        if p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None
    ]
    assert len(rules) == 1
    motto_rule = Mm(100).pt - 2 * rules[0].paragraph_format.left_indent.pt
    assert motto_rule == pytest.approx(Mm(56.1).pt, abs=2)


def test_recipients_body_emphasis_and_closing(letter):
    d = read(letter)
    texts = [p.text for p in body_paragraphs(d)]
    assert texts[:3] == ["Kính gửi:", "- Các đơn vị trực thuộc Sở;", "- Các phòng chức năng thuộc Sở."]
    body = next(p for p in d.paragraphs if p.text.startswith("Thực hiện"))
    assert body.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(body.paragraph_format.first_line_indent.mm) == 10
    assert body.paragraph_format.space_before.pt == 6
    assert ("đề nghị", True, False, 14) in runs_of(body) and ("khẩn trương", False, True, 14) in runs_of(body)
    assert "**" not in body.text and "*" not in body.text
    closing = d.tables[-1]
    left, right = ([p.text for p in c.paragraphs if p.text] for c in closing.rows[0].cells)
    assert left == ["Nơi nhận:", "- Như trên;", "- Lưu: VT, TĐKT.", "NTH.(12)"]
    assert runs_of(closing.rows[0].cells[0].paragraphs[0]) == [("Nơi nhận:", True, True, 12)]
    assert right == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Thị Hoa"]
    footer = [p.text for p in d.sections[0].first_page_footer.paragraphs if p.text]
    assert footer == ["Địa chỉ: 101 Nguyễn Trãi, TP Thanh Hóa; ĐT: 0237 385 2497"]


def test_page_numbers_from_page_two(letter):
    section = read(letter).sections[0]
    assert section.different_first_page_header_footer
    assert not any(p.text for p in section.first_page_header.paragraphs)
    fields = section.header._element.findall(".//" + qn("w:fldSimple"))
    assert [f.get(qn("w:instr")) for f in fields] == ["PAGE"]


def test_a_decision_with_its_list():
    listed = {
        "legal_bases": ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"],
        "lines": [
            {
                "name": "Khoa Nhi",
                "position": None,
                "unit": "Bệnh viện Đa khoa tỉnh",
                "collective": True,
                "award_name": "Tập thể lao động tiên tiến",
                "amount": 1_870_000,
            },
            {
                "name": "Nguyễn Thị Lan",
                "position": "Điều dưỡng",
                "unit": "Khoa Nhi",
                "collective": False,
                "award_name": "Tập thể lao động tiên tiến",
                "amount": 710_000,
            },
        ],
    }
    decision = quyet_dinh_khen_thuong(
        AGENCY,
        SignerInfo("Lê Văn Bình", "GIÁM ĐỐC"),
        listed,
        subject="Về việc tặng danh hiệu năm 2025",
        year=2025,
    )
    d = read(decision)
    texts = [p.text for p in body_paragraphs(d)]
    assert texts[:2] == ["QUYẾT ĐỊNH", "Về việc tặng danh hiệu năm 2025"]
    assert "GIÁM ĐỐC SỞ Y TẾ" in texts and "QUYẾT ĐỊNH:" in texts
    basis = next(p for p in d.paragraphs if p.text.startswith("Căn cứ Luật"))
    assert all(r.italic for r in basis.runs)
    article = next(p for p in d.paragraphs if p.text.startswith("Điều 1."))
    assert runs_of(article)[0] == ("Điều 1.", True, False, 14)
    head = d.tables[0].rows[0].cells[0].paragraphs
    assert "Số:        /QĐ-SYT" in [p.text for p in head]  # a draft: the number is left blank
    table = d.tables[-1]
    assert [c.text for c in table.rows[0].cells] == [
        "STT",
        "Tên tập thể, họ và tên",
        "Chức vụ",
        "Đơn vị",
        "Số tiền (đồng)",
    ]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")).get(qn("w:val")) == "true"
    assert table.rows[1].cells[0].text == "I. Tập thể"  # a group row spans the table
    assert table.rows[1].cells[0]._tc is table.rows[1].cells[4]._tc
    assert [c.text for c in table.rows[2].cells] == [
        "1",
        "Khoa Nhi",
        "",
        "Bệnh viện Đa khoa tỉnh",
        "1.870.000",
    ]
    assert [table.rows[-1].cells[0].text, table.rows[-1].cells[-1].text] == ["Tổng cộng", "2.580.000"]
    # the list is a section of its own, numbered from 1 again
    assert len(d.sections) == 2
    assert d.sections[1]._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert any(p.text.startswith("(Kèm theo Quyết định số") for p in d.paragraphs)


def test_minutes_have_two_signatures_and_no_date():
    meeting = MeetingInfo(1, dt.datetime(2025, 12, 10, 8, 30), "Hội trường Sở", 2025, 9, 8, 0, 8)
    result = BallotResult(1, "Nguyễn Văn An", "Chiến sĩ thi đua cơ sở", 8, 0, 0, 9, None, 5, True, True)
    d = read(bien_ban_hop_hoi_dong(AGENCY, meeting, [result], chair="Lê Văn Bình", secretary="Hà Thu"))
    right = [p.text for p in d.tables[0].rows[0].cells[1].paragraphs if p.text]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    signatures = next(t for t in d.tables if "THƯ KÝ" in t.rows[0].cells[0].text)
    assert [p.text for p in signatures.rows[0].cells[0].paragraphs if p.text] == ["THƯ KÝ", "Hà Thu"]
    assert [p.text for p in signatures.rows[0].cells[1].paragraphs if p.text] == ["CHỦ TỌA", "Lê Văn Bình"]
    votes = next(t for t in d.tables if t.rows[0].cells[0].text == "STT")
    assert votes.rows[1].cells[1].text == "Nguyễn Văn An"
