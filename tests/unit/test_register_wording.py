"""How the registers write what they cite: a trích yếu inside a sentence, a date as one document cites another,
an incoming document's Căn cứ line, and those lines put into a plan's text once."""

from __future__ import annotations

import datetime as dt

from app.domain.register import about
from app.services.incoming import basis_line, insert_basis_lines
from app.text import cited_date


def test_a_subject_reads_on_after_the_document_it_belongs_to():
    assert about("Tăng cường công tác thi đua") == "về việc tăng cường công tác thi đua"
    assert about("V/v tổ chức phong trào thi đua;") == "về việc tổ chức phong trào thi đua"
    assert about("Vv phát động thi đua") == "về việc phát động thi đua"
    assert about("Về việc tặng Bằng khen") == "về việc tặng Bằng khen"
    assert about("Ban hành Quy định về công tác thi đua") == "ban hành Quy định về công tác thi đua"
    assert about("UBND tỉnh giao chỉ tiêu") == "về việc UBND tỉnh giao chỉ tiêu"  # an acronym keeps its case
    assert about("Vượt chỉ tiêu") == "về việc vượt chỉ tiêu"  # "Vv" only as a word of its own
    assert about("  ") == ""


def test_dates_are_cited_as_the_documents_write_them():
    assert cited_date(dt.date(2021, 3, 29)) == "29/3/2021"
    assert cited_date(dt.date(2020, 1, 8)) == "08/01/2020"
    assert cited_date(dt.date(2016, 5, 5)) == "05/5/2016"
    assert cited_date(None) == ""


def test_the_basis_line_of_a_received_document():
    assert (
        basis_line(
            "Chỉ thị", "04/CT-BYT", dt.date(2021, 3, 29), "Bộ Y tế", "Tăng cường thực hiện công tác thi đua"
        )
        == "Căn cứ Chỉ thị số 04/CT-BYT ngày 29/3/2021 của Bộ Y tế về việc tăng cường thực hiện công tác thi đua;"
    )
    assert basis_line("Công văn", None, None, "Sở Nội vụ", "V/v hướng dẫn") == (
        "Căn cứ Công văn của Sở Nội vụ về việc hướng dẫn;"
    )


def test_basis_lines_go_after_the_bases_a_text_opens_with_once():
    spaced = "Căn cứ Luật Thi đua, khen thưởng;\n\nCăn cứ Nghị định số 98;\n\nPhát huy truyền thống …"
    line = "Căn cứ Chỉ thị số 04/CT-BYT ngày 29/3/2021 của Bộ Y tế về việc x;"
    once = insert_basis_lines(spaced, [line])
    assert (
        once
        == f"Căn cứ Luật Thi đua, khen thưởng;\n\nCăn cứ Nghị định số 98;\n\n{line}\n\nPhát huy truyền thống …"
    )
    assert insert_basis_lines(once, [line]) == once
    assert insert_basis_lines("Căn cứ A;\nNội dung", [line]) == f"Căn cứ A;\n{line}\nNội dung"
    assert insert_basis_lines("Phát huy …\n\nĐợt 1 …", [line]) == f"{line}\n\nPhát huy …\n\nĐợt 1 …"
    assert insert_basis_lines("", [line]) == line
