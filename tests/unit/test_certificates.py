"""Giấy khen read back from the PDF: a page per certificate, the Vietnamese exact, the fields of a blank
layout where the layout puts them, long names shrunk to their room."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import replace

import pdfplumber
import pytest
from reportlab.lib.units import mm

from app.documents.certificate import (
    FIELDS,
    SAMPLE,
    BlankLayout,
    FieldSpec,
    default_layout,
    render_certificates,
    sheet,
)

PEOPLE = ["Bà Nguyễn Thị Lan", "Ông Trần Văn Hùng", "Ông Đặng Quốc Hưng", "Bà Lê Thị Ngọc Ánh"]


def certificates(names=PEOPLE):
    return [replace(SAMPLE, recipient=name) for name in names]


def open_pdf(data: bytes):
    return pdfplumber.open(io.BytesIO(data))


def lines_of(page) -> dict[float, list[dict]]:
    """The characters of a page grouped by baseline (pt from the top)."""
    found: dict[float, list[dict]] = {}
    for char in page.chars:
        baseline = round(page.height - char["matrix"][5], 1)
        found.setdefault(baseline, []).append(char)
    return found


def line_text(chars) -> str:
    return "".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"]))


def find_line(page, text: str) -> tuple[float, list[dict]]:
    for baseline, chars in lines_of(page).items():
        if line_text(chars).replace(" ", "") == text.replace(" ", ""):
            return baseline, sorted(chars, key=lambda c: c["x0"])
    raise AssertionError(f"no line {text!r} in {[line_text(c) for c in lines_of(page).values()]}")


def test_the_full_design_is_one_landscape_page_per_certificate_with_exact_vietnamese():
    decomposed = [unicodedata.normalize("NFD", n) for n in PEOPLE]  # as pasted from some old lists
    with open_pdf(render_certificates(certificates(decomposed))) as pdf:
        assert len(pdf.pages) == len(PEOPLE)
        for page, name in zip(pdf.pages, PEOPLE, strict=True):
            assert (round(page.width), round(page.height)) == (842, 595)  # A4 landscape
            text = page.extract_text()
            for expected in (
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "UBND TỈNH THANH HÓA",
                "SỞ Y TẾ",
                "GIÁM ĐỐC SỞ Y TẾ",
                "TẶNG",
                "GIẤY KHEN",
                name,
                SAMPLE.unit,
                SAMPLE.achievement,
                SAMPLE.decision,
                SAMPLE.place_date,
                "KT. GIÁM ĐỐC",
                "PHÓ GIÁM ĐỐC",
                "Trần Thị Hoa",
            ):
                assert expected in text
            baseline, chars = find_line(page, name)
            assert {c["fontname"].split("+")[-1] for c in chars} == {"LiberationSerif-Bold"}
            # Centred on the sheet.
            assert abs((chars[0]["x0"] + chars[-1]["x1"]) / 2 - page.width / 2) < 1
        # The border and headings are drawn once and shared by every page.
        assert len(pdf.pages[0].rects) + len(pdf.pages[0].curves) + len(pdf.pages[0].lines) > 0


@pytest.mark.parametrize("page_name", ["A4 ngang", "A5 dọc"])
def test_blank_fields_print_at_their_positions(page_name):
    layout = default_layout("Phôi thử", page_name)
    fields = dict(layout.fields)
    fields["decision"] = FieldSpec(20, 40, 12, "left", 100, "italic")
    fields["date"] = FieldSpec(130, 30, 13, "right", 100, "italic")
    layout = replace(layout, fields=fields, offset_x=1.5, offset_y=-2.0)
    cert = certificates(["Bà Lê Thị Ngọc Ánh"])[0]
    with open_pdf(render_certificates([cert], layout)) as pdf:
        page = pdf.pages[0]
        assert (page.width, page.height) == pytest.approx((layout.width * mm, layout.height * mm), abs=0.5)
        assert not page.rects and not page.lines  # nothing but the variable text goes onto a blank
        for key, _label in FIELDS:
            spec = fields[key]
            first = cert.text(key).split("\n")[0]
            baseline, chars = find_line(page, first)
            assert baseline == pytest.approx((spec.y + layout.offset_y) * mm, abs=1)
            anchor = (spec.x + layout.offset_x) * mm
            left, right = chars[0]["x0"], chars[-1]["x1"]
            at = {"left": left, "right": right, "centre": (left + right) / 2}[spec.align]
            assert at == pytest.approx(anchor, abs=1), key
        # The second line of the signer's title sits one line (1.15 em) below the first.
        title = fields["signer_title"]
        second, _ = find_line(page, "PHÓ GIÁM ĐỐC")
        assert second - (title.y + layout.offset_y) * mm == pytest.approx(1.15 * title.size, abs=0.5)


def test_a_long_name_shrinks_to_the_max_width():
    spec = FieldSpec(148.5, 90, 26, "centre", 130, "bold")
    layout = replace(default_layout("Hẹp"), fields={"name": spec})
    long_name = "Tập thể Khoa Hồi sức tích cực – Chống độc"
    short_name = "Ông Lê An"
    with open_pdf(render_certificates(certificates([long_name, short_name]), layout)) as pdf:
        _, chars = find_line(pdf.pages[0], long_name)
        assert chars[-1]["x1"] - chars[0]["x0"] <= spec.max_width * mm + 0.5
        assert max(c["size"] for c in chars) < spec.size
        assert max(c["size"] for c in chars) >= spec.size * 0.55
        _, chars = find_line(pdf.pages[1], short_name)
        assert {round(c["size"], 1) for c in chars} == {26.0}


def test_a_collective_shows_its_unit_and_a_long_unit_wraps():
    cert = replace(
        SAMPLE,
        recipient="Tập thể Khoa Nội",
        collective=True,
        unit="Bệnh viện Đa khoa khu vực Ngọc Lặc thuộc Sở Y tế tỉnh Thanh Hóa – cơ sở 2, "
        "phân hiệu điều trị nội trú ban ngày và phục hồi chức năng",
    )
    with open_pdf(render_certificates([cert])) as pdf:
        page = pdf.pages[0]
        name_line, _ = find_line(page, "Tập thể Khoa Nội")
        unit_lines = [
            b
            for b, chars in lines_of(page).items()
            if "Bệnh viện" in line_text(chars) or "phục hồi" in line_text(chars)
        ]
        assert len(unit_lines) == 2 and all(b > name_line for b in unit_lines)
        text = page.extract_text().replace("\n", " ")
        assert "Bệnh viện Đa khoa khu vực Ngọc Lặc" in text and "phục hồi chức năng" in text


def test_the_test_print_frames_each_field_and_the_layout_keeps_its_json():
    layout = default_layout("Phôi A4", "A4 ngang")
    with open_pdf(render_certificates([SAMPLE], layout, frames=True)) as pdf:
        page = pdf.pages[0]
        assert len(page.curves) + len(page.rects) + len(page.lines) >= len(FIELDS)
        assert "Họ tên" in page.extract_text()
    again = BlankLayout.from_json(layout.to_json())
    assert again == layout
    older = layout.to_json()
    del older["fields"]["unit"]  # saved before the field existed: it gets its default place
    assert BlankLayout.from_json(older).fields["unit"] == layout.fields["unit"]
    a5 = layout.sized("A5 ngang")
    assert (a5.width, a5.height) == (210.0, 148.0) and a5.fields["name"].x == pytest.approx(105, abs=0.1)


def test_the_preview_draws_what_the_pdf_prints():
    page = sheet(SAMPLE)
    texts = [op.text for op in page.shared + page.own if hasattr(op, "text")]
    assert "GIẤY KHEN" in texts and SAMPLE.recipient in texts
