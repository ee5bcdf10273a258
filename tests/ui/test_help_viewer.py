"""Trợ giúp opens each guide in the viewer; the contents list turns to a section; links lead between guides."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl

from app.guides import GUIDES, read_guide, sections, slug
from tests.ui.conftest import fits_small_screen


@pytest.fixture
def window(qtbot, qt_app):
    from ui.main_window import MainWindow

    made = MainWindow()
    qtbot.addWidget(made)
    made.show()
    yield made
    made.close()


def help_menu(window):
    return next(a.menu() for a in window.menuBar().actions() if a.text() == "T&rợ giúp")


def first_heading(viewer) -> str:
    block = viewer.browser.document().begin()
    while block.isValid() and not block.blockFormat().headingLevel():
        block = block.next()
    return block.text()


def heading_at_cursor(viewer) -> str:
    return viewer.browser.textCursor().block().text()


def test_the_help_menu_lists_the_four_guides_and_opens_each(qtbot, window):
    texts = [a.text() for a in help_menu(window).actions() if not a.isSeparator()]
    assert texts[:4] == [
        "Hướng dẫn sử dụng",
        "Hướng dẫn quản trị",
        "Hướng dẫn triển khai",
        "Tài liệu thiết kế",
    ]
    for guide in GUIDES:
        window.guide_actions[guide.key].trigger()
        viewer = window._help_viewer
        assert viewer.isVisible()
        assert viewer.current == guide.key
        assert first_heading(viewer).startswith(guide.title)
        assert viewer.contents.currentItem().text(0) == guide.title
    assert fits_small_screen(viewer)


def test_the_contents_list_turns_to_a_section(qtbot, window):
    window.guide_actions["quan-tri"].trigger()
    viewer = window._help_viewer
    top = viewer.contents.topLevelItem(1)
    headings = [h for _level, h in sections(read_guide("quan-tri"))]
    items, pending = [], [top.child(n) for n in range(top.childCount())]
    while pending:
        item = pending.pop(0)
        items.append(item)
        pending[:0] = [item.child(n) for n in range(item.childCount())]
    assert [i.text(0) for i in items] == headings
    last = items[-1]
    viewer.contents.itemClicked.emit(last, 0)
    assert heading_at_cursor(viewer) == headings[-1]
    assert viewer.browser.verticalScrollBar().value() > 0


def test_a_link_opens_the_other_guide_at_its_section(qtbot, window):
    window.guide_actions["huong-dan-su-dung"].trigger()
    viewer = window._help_viewer
    target = next(h for _level, h in sections(read_guide("quan-tri")) if "Sao lưu" in h)
    viewer.browser.anchorClicked.emit(QUrl(f"quan-tri.md#{slug(target)}"))
    assert viewer.current == "quan-tri"
    assert heading_at_cursor(viewer) == target
    viewer.browser.anchorClicked.emit(QUrl("trien-khai.md"))
    assert viewer.current == "trien-khai"
    assert viewer.browser.verticalScrollBar().value() == 0
