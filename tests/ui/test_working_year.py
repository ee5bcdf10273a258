"""One working year: the clerk chooses it once in the status bar ("Năm làm việc"), the program remembers it on
this PC, every page with a year opens on it and turns to it when it changes, and a page may still show
another year without changing it."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.services.agency import get_agency
from app.services.nominations import BatchData, create_batch
from app.services.ratings import ratings_year
from app.text import fold
from database.enums import DocumentKind, UnitKind
from database.models import Unit
from tests.ui.keyboard import type_text
from ui import settings as ui_settings
from ui.jobs import wait_for_background_work
from ui.main_window import SECTIONS
from ui.workspace import Workspace

PAGE_ROW = {s.icon: n for n, s in enumerate(SECTIONS)}
OTHER_YEAR = ratings_year() - 1  # a year that is not the default: the year before the one under review


@pytest.fixture
def unit_id(ui_ctx, agency):
    with ui_ctx.write() as s:
        unit = Unit(name="Bệnh viện Mắt", name_folded=fold("Bệnh viện Mắt"), kind=UnitKind.HOSPITAL)
        s.add(unit)
        s.flush()
        return unit.id


@pytest.fixture
def window(qtbot, make_window, ui_ctx, unit_id):
    window = make_window(get_agency(ui_ctx))
    window.resize(1366, 768)
    yield window
    wait_for_background_work()


def choose_year(qtbot, window, year: int) -> None:
    """The clerk types the year into the status bar's box and presses Enter."""
    box = window.year_box
    box.setFocus()
    box.selectAll()
    type_text(qtbot, box, str(year))
    qtbot.keyClick(box, Qt.Key.Key_Return)


def open_page(qtbot, window, icon: str):
    window.show_section(PAGE_ROW[icon])
    page = window.current_page()
    qtbot.waitUntil(lambda: getattr(page, "view_data", None) is not None and not page._loader.busy)
    return page


def test_the_working_year_starts_on_the_year_under_review_and_is_remembered(qtbot, window, ui_ctx):
    assert window.workspace.year == ratings_year()
    assert window.year_box.value() == ratings_year()
    assert window.year_label.text().replace("&", "") == "Năm làm việc:"
    with qtbot.waitSignal(window.workspace.year_changed) as changed:
        choose_year(qtbot, window, OTHER_YEAR)
    assert changed.args == [OTHER_YEAR]
    assert window.workspace.year == OTHER_YEAR
    assert ui_settings.read(ui_settings.WORKING_YEAR) == OTHER_YEAR
    # The next start on this PC (a new workspace) opens on it.
    again = Workspace(ui_ctx, window.workspace.agency)
    assert again.year == OTHER_YEAR
    again.deleteLater()


@pytest.mark.parametrize("icon", ["registrations", "campaigns", "clusters", "decisions", "documents"])
def test_a_page_with_a_year_combo_opens_on_the_working_year_and_follows_it(qtbot, window, icon):
    choose_year(qtbot, window, OTHER_YEAR)
    page = open_page(qtbot, window, icon)
    assert page.view_data.year == OTHER_YEAR
    assert page.year_combo.year() == OTHER_YEAR
    # Another year on the page itself (this year is always offered) leaves the working year alone.
    this_year = dt.date.today().year
    page.year_combo.setCurrentIndex(page.year_combo.findData(this_year))
    qtbot.waitUntil(lambda: page.view_data.year == this_year and not page._loader.busy)
    assert window.workspace.year == OTHER_YEAR
    assert window.year_box.value() == OTHER_YEAR
    # The clerk chooses another working year: the page shown reads that year at once.
    choose_year(qtbot, window, OTHER_YEAR - 1)
    qtbot.waitUntil(lambda: page.view_data.year == OTHER_YEAR - 1 and not page._loader.busy)
    assert page.year_combo.year() == OTHER_YEAR - 1
    assert this_year in [page.year_combo.itemData(i) for i in range(page.year_combo.count())]


def test_a_page_not_shown_turns_to_the_new_year_when_it_comes_back(qtbot, window):
    page = open_page(qtbot, window, "registrations")
    assert page.view_data.year == ratings_year()
    window.show_section(PAGE_ROW["overview"])
    choose_year(qtbot, window, OTHER_YEAR)
    assert page.stale  # not read while hidden
    window.show_section(PAGE_ROW["registrations"])
    qtbot.waitUntil(lambda: page.view_data.year == OTHER_YEAR and not page._loader.busy)


def test_a_batch_of_the_working_year_shows_on_the_nominations_page(qtbot, window, ui_ctx, unit_id):
    """The case of the issue: a batch made for the year before the review year was not on the Đề nghị page."""
    create_batch(ui_ctx, BatchData(year=OTHER_YEAR, title="Đề nghị của Bệnh viện Mắt", unit_id=unit_id))
    choose_year(qtbot, window, OTHER_YEAR)
    page = open_page(qtbot, window, "nominations")
    assert page.year_box.value() == OTHER_YEAR
    qtbot.waitUntil(lambda: page.view_data.year == OTHER_YEAR and not page.loading)
    assert [b.title for b in page.view_data.batches] == ["Đề nghị của Bệnh viện Mắt"]
    assert page.batches.rowCount() == 1
    # Turned to the review year in the status bar, the page shows that year (no batch there).
    choose_year(qtbot, window, ratings_year())
    qtbot.waitUntil(lambda: page.view_data.year == ratings_year() and not page.loading)
    assert page.year_box.value() == ratings_year()
    assert page.view_data.batches == []


def test_the_eligibility_list_opens_on_the_working_year(qtbot, window):
    choose_year(qtbot, window, OTHER_YEAR)
    window.show_section(PAGE_ROW["reports"])
    page = window.current_page()
    assert page.eligibility.year_box.value() == OTHER_YEAR
    choose_year(qtbot, window, OTHER_YEAR - 1)
    assert page.eligibility.year_box.value() == OTHER_YEAR - 1


def test_a_new_draft_shows_in_this_years_register_whatever_year_was_shown(qtbot, window):
    """A draft is dated this year: made while the register shows the working year before, the page turns
    to this year and selects it, instead of leaving it out of sight."""
    this_year = dt.date.today().year
    choose_year(qtbot, window, OTHER_YEAR)
    page = open_page(qtbot, window, "documents")
    assert page.view_data.year == OTHER_YEAR
    dialog = page.open_new()
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(DocumentKind.PLAN))
    dialog.subject_edit.setText("hướng dẫn tổng kết công tác thi đua")
    dialog.body_edit.setPlainText("I. MỤC ĐÍCH\nNội dung./.")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.ok_button.click()
    qtbot.waitUntil(lambda: page.view_data.year == this_year and not page.loading, timeout=10_000)
    qtbot.waitUntil(lambda: page.current_entry() is not None, timeout=10_000)
    assert page.current_entry().subject == "hướng dẫn tổng kết công tác thi đua"
    assert page.year_combo.year() == this_year
    assert window.workspace.year == OTHER_YEAR  # the working year stays the clerk's choice
