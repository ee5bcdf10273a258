"""Reading ratings pasted from Excel: every usual spelling of a level, days, and what is not understood."""

from __future__ import annotations

import unicodedata

import pytest

from app.services.ratings import (
    PasteColumn,
    PastedCell,
    PasteProblem,
    parse_level,
    parse_rating_paste,
    split_clipboard,
)
from database.enums import RatingLevel

EXCELLENT, GOOD, DONE, FAILED = RatingLevel.EXCELLENT, RatingLevel.GOOD, RatingLevel.DONE, RatingLevel.FAILED
LEVEL, DAYS, NOTE = PasteColumn.LEVEL, PasteColumn.ABSENT_DAYS, PasteColumn.NOTE


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Hoàn thành xuất sắc nhiệm vụ", EXCELLENT),
        ("HOÀN THÀNH TỐT NHIỆM VỤ", GOOD),
        ("Hoàn thành nhiệm vụ", DONE),
        ("Không hoàn thành nhiệm vụ", FAILED),
        ("HTXSNV", EXCELLENT),
        ("httnv", GOOD),
        ("HTNV", DONE),
        ("KHTNV", FAILED),
        ("H.T.X.S.N.V", EXCELLENT),
        ("HTXS", EXCELLENT),
        ("hoan thanh tot nhiem vu", GOOD),
        ("hoan thanh xuat sac", EXCELLENT),
        ("Xuất sắc", EXCELLENT),
        ("xuat sac", EXCELLENT),
        ("Tốt", GOOD),
        ("tot", GOOD),
        ("Hoàn thành", DONE),
        ("hoan thanh", DONE),
        ("Không hoàn thành", FAILED),
        ("khong hoan thanh", FAILED),
        ("  Hoàn thành tốt NV. ", GOOD),
        (unicodedata.normalize("NFD", "Hoàn thành tốt nhiệm vụ"), GOOD),
    ],
)
def test_every_usual_spelling_of_a_level_is_understood(text, level):
    assert parse_level(text) is level


@pytest.mark.parametrize(
    "text", ["", "   ", "Tốt lắm", "Giỏi", "Khá", "A", "1", "hoàn thành tốt nhiệm vụ năm 2024"]
)
def test_anything_else_is_not_a_level(text):
    assert parse_level(text) is None


def test_a_column_of_levels_pasted_from_excel():
    result = parse_rating_paste("HTXSNV\r\nHoàn thành tốt nhiệm vụ\r\n\r\nkhong hoan thanh\r\n")
    assert result.problems == () and (result.rows, result.columns) == (4, 1)
    assert [(c.row, c.column, c.value) for c in result.cells] == [
        (0, 0, EXCELLENT),
        (1, 0, GOOD),
        (2, 0, None),
        (3, 0, FAILED),
    ]
    assert {c.kind for c in result.cells} == {LEVEL}


def test_levels_with_absent_days_and_a_note():
    result = parse_rating_paste("Tốt\t3\tQĐ 12/QĐ-BV\nXuất sắc\t0\t\nHTNV\t3,0\n", (LEVEL, DAYS, NOTE))
    assert result.problems == ()
    assert result.cells == (
        PastedCell(0, 0, LEVEL, GOOD),
        PastedCell(0, 1, DAYS, 3),
        PastedCell(0, 2, NOTE, "QĐ 12/QĐ-BV"),
        PastedCell(1, 0, LEVEL, EXCELLENT),
        PastedCell(1, 1, DAYS, 0),
        PastedCell(1, 2, NOTE, None),
        PastedCell(2, 0, LEVEL, DONE),
        PastedCell(2, 1, DAYS, 3),
    )
    assert (result.rows, result.columns) == (3, 3)


def test_unrecognised_cells_are_reported_with_their_place_and_left_out():
    result = parse_rating_paste("Tốt\t2\nTốt lắm\t1\nHTTNV\tba\nHTNV\t-4\nKHTNV\t400\n", (LEVEL, DAYS))
    assert [(p.row, p.column, p.text) for p in result.problems] == [
        (2, 1, "Tốt lắm"),
        (3, 2, "ba"),
        (4, 2, "-4"),
        (5, 2, "400"),
    ]
    assert str(result.problems[0]) == "Dòng 2, cột 1: không nhận ra mức xếp loại “Tốt lắm”"
    assert "không phải số ngày nghỉ" in result.problems[1].message
    assert "không được âm" in result.problems[2].message
    assert "nhiều hơn số ngày trong năm" in result.problems[3].message
    # The good cells of the same rows still come through.
    assert [(c.row, c.column, c.value) for c in result.cells] == [
        (0, 0, GOOD),
        (0, 1, 2),
        (1, 1, 1),
        (2, 0, GOOD),
        (3, 0, DONE),
        (4, 0, FAILED),
    ]


def test_extra_columns_are_reported_unless_empty():
    result = parse_rating_paste("Tốt\t\t\nTốt\tNguyễn Văn An\n", (LEVEL,))
    assert result.problems == (
        PasteProblem(2, 2, "Nguyễn Văn An", "“Nguyễn Văn An” nằm ngoài các cột có thể dán"),
    )
    assert [c.value for c in result.cells] == [GOOD, GOOD]


def test_a_long_note_is_refused():
    result = parse_rating_paste("x" * 201, (NOTE,))
    assert result.cells == () and "dài quá 200 ký tự" in result.problems[0].message


def test_excel_clipboard_text_is_split_like_excel_writes_it():
    # A cell with a line break comes in quotes; the last line break ends the block, not a row.
    assert split_clipboard('Tốt\t"QĐ 1\nngày 2/12"\r\nXuất sắc\t\r\n') == [
        ["Tốt", "QĐ 1\nngày 2/12"],
        ["Xuất sắc", ""],
    ]
    assert split_clipboard("") == [] and split_clipboard("\r\n") == [[""]]
    assert parse_rating_paste("").cells == ()
