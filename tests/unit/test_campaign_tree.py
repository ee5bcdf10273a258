"""Content items as the texts number them: pasted numbered lines read as levels, and labels written for a
tree level by level (1., 1.1., a), -), under a công văn's section number or a kế hoạch's own."""

from __future__ import annotations

import pytest

from app.domain.campaigns import (
    DEFAULT_ITEM_STYLES,
    ContentItemInfo,
    item_levels,
    number_levels,
    parse_numbered,
    styles_from_text,
    styles_text,
)


def _levels(text: str) -> list[tuple[int, str]]:
    return [(x.level, x.text) for x in parse_numbered(text)]


def test_pasted_labels_take_levels_in_the_order_they_are_met():
    assert _levels(
        "1. Một\n1.1. Một một\na) Điểm\n- Gạch\n+ Cộng\nb) Điểm hai\n2. Hai\n\n   \n2.1 Hai một"
    ) == [
        (1, "Một"),
        (2, "Một một"),
        (3, "Điểm"),
        (4, "Gạch"),
        (5, "Cộng"),
        (3, "Điểm hai"),
        (1, "Hai"),
        (2, "Hai một"),
    ]


def test_a_list_of_one_kind_is_one_level_and_plain_lines_take_the_level_above_them():
    assert _levels("a) Một\nb) Hai\nc) Ba") == [(1, "Một"), (1, "Hai"), (1, "Ba")]
    assert _levels("Mở đầu\n- Một\n– Hai\nnối tiếp\n• Ba") == [
        (1, "Mở đầu"),
        (1, "Một"),
        (1, "Hai"),
        (1, "nối tiếp"),
        (1, "Ba"),
    ]
    assert _levels("1. Một\nnối tiếp\n- Gạch\nnối tiếp") == [
        (1, "Một"),
        (1, "nối tiếp"),
        (2, "Gạch"),
        (2, "nối tiếp"),
    ]
    # Section numbers copied from a công văn (2.1., 2.2.) are the top level; 3) after them is too.
    assert _levels("2.3. Ba\n2.4. Bốn\n3) Năm") == [(1, "Ba"), (1, "Bốn"), (1, "Năm")]
    # Numbers that belong to the text are not labels.
    assert _levels("2020 là năm bản lề\n100% đơn vị") == [(1, "2020 là năm bản lề"), (1, "100% đơn vị")]


@pytest.mark.parametrize(
    ("styles", "root", "labels"),
    [
        (DEFAULT_ITEM_STYLES, "", ["1.", "1.1.", "a)", "b)", "-", "1.2.", "2.", "2.1."]),
        (DEFAULT_ITEM_STYLES, "2.", ["2.1.", "2.1.1.", "a)", "b)", "-", "2.1.2.", "2.2.", "2.2.1."]),
        (("1.", "a)", "-"), "", ["1.", "a)", "-", "-", "-", "b)", "2.", "a)"]),
    ],
)
def test_labels_follow_the_style_of_each_level(styles, root, labels):
    assert number_levels([1, 2, 3, 3, 4, 2, 1, 2], styles, root) == labels


def test_plain_lines_take_no_number_and_count_nothing():
    assert number_levels([0, 1, 1, 0, 1], DEFAULT_ITEM_STYLES, "3.") == ["", "3.1.", "3.2.", "", "3.3."]


def test_letters_skip_f_j_w_z_and_put_dd_after_d():
    labels = number_levels([1] * 8, ("a)",))
    assert labels == ["a)", "b)", "c)", "d)", "đ)", "e)", "g)", "h)"]


def test_levels_come_from_the_parents_and_styles_are_stored_only_when_not_the_default():
    items = [
        ContentItemInfo(1, "", "a"),
        ContentItemInfo(2, "", "b", parent_id=1),
        ContentItemInfo(3, "", "c", parent_id=2),
        ContentItemInfo(4, "", "d"),
    ]
    assert item_levels(items) == [1, 2, 3, 1]
    assert styles_text(DEFAULT_ITEM_STYLES) is None and styles_from_text(None) == DEFAULT_ITEM_STYLES
    assert styles_from_text(styles_text(("1.", "a)"))) == ("1.", "a)")
