"""The window judges "Ai đủ điều kiện?" ahead (ui/kept_verdicts.py): once ready and idle it reads the
histories and judges every title of the year the list opens on, in the background; the list then shows at
once; a write that changes the histories has them judged again; this PC may turn the read-ahead off
(Cài đặt › Cơ sở dữ liệu); an account that does no desk work reads nothing ahead."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from app.domain.permissions import Principal, Role
from app.exchange.history import read_history
from app.services import verdict_store
from app.services.context import ServiceContext
from app.services.eligibility_view import judge_list, load_basics
from app.services.history import import_history
from tests.ui.history_steps import record_cstdcs_2023_for_duc
from ui import kept_verdicts as kept_module
from ui import settings as ui_settings
from ui import workspace as workspace_module
from ui.dialogs.eligibility_dialog import CHECKING_TEXT
from ui.jobs import wait_for_background_work
from ui.main_window import section_row
from ui.workspace import Workspace

SMALL = Path(__file__).resolve().parents[1] / "data" / "history_small.xlsx"


@pytest.fixture
def quick_idle(monkeypatch):
    monkeypatch.setattr(workspace_module, "READ_AHEAD_IDLE_MS", 20)


@pytest.fixture
def history(ui_ctx):
    import_history(ui_ctx, read_history(SMALL))


def read_ahead_done(workspace) -> bool:
    kept = workspace._verdicts
    if kept is None or kept.basics is None:
        return False
    year = kept.year(kept.opening_year())
    return year is not None and year.done and not kept.busy


def test_the_window_reads_ahead_once_idle_and_the_list_shows_at_once(
    qtbot, make_window, agency, history, quick_idle
):
    window = make_window(agency)
    workspace = window.workspace
    qtbot.waitUntil(lambda: read_ahead_done(workspace), timeout=10_000)
    kept = workspace.verdicts
    year = kept.opening_year()
    assert year == 2024  # the history's last year rated (the working year has no ratings yet)
    whole = judge_list(workspace.ctx, kept.basics.histories, year, None, None, kept.year(year).short_names)
    assert kept.year(year).listing().texts == whole.texts

    window.show_section(section_row("reports"))
    panel = window.current_page().eligibility
    assert (
        panel.listing is kept.year(year).listing()
    )  # there when the page is first shown: nothing to wait for
    assert not panel.loading and not panel.busy_row.isVisible() and panel.model.rowCount() == len(whole.texts)

    # A write the histories hold: judged again in the background, and the list shown follows.
    before = kept.year(year)
    record_cstdcs_2023_for_duc(workspace.ctx)
    workspace.announce({"decisions"})
    assert panel.loading  # the list shown waits for the check, not taken for current
    qtbot.waitUntil(lambda: read_ahead_done(workspace) and kept.year(year) is not before, timeout=10_000)
    qtbot.waitUntil(lambda: not panel.loading, timeout=10_000)
    assert panel.listing is kept.year(year).listing() and panel.histories is kept.basics.histories
    wait_for_background_work()


def test_a_pc_without_the_read_ahead_judges_when_asked(qtbot, make_window, agency, history, quick_idle):
    ui_settings.write(ui_settings.READ_AHEAD_VERDICTS, False)
    window = make_window(agency)
    qtbot.wait(200)
    assert window.workspace._verdicts is None  # nothing read, nothing judged, the rules not even loaded

    window.show_section(section_row("settings"))
    page = window.current_page()
    page.tabs.setCurrentIndex(1)  # Cơ sở dữ liệu
    assert not page.read_ahead_box.isChecked()
    page.read_ahead_box.setChecked(True)  # from now on, and at once
    assert ui_settings.read(ui_settings.READ_AHEAD_VERDICTS) is True
    qtbot.waitUntil(lambda: read_ahead_done(window.workspace), timeout=10_000)
    # Another working year: read ahead too (the year before stays kept, for a while).
    window.workspace.set_year(2023)
    kept = window.workspace.verdicts
    qtbot.waitUntil(lambda: kept.year(2023) is not None and kept.year(2023).done, timeout=10_000)
    assert kept.year(2024).done
    wait_for_background_work()


def test_an_account_without_desk_work_reads_nothing_ahead(ui_db, agency, qt_app):
    registrar = Principal("vanthu", frozenset({Role.REGISTRAR}), 7, "Văn thư")
    workspace = Workspace(ServiceContext.signed_in(ui_db, registrar), agency)
    try:
        assert not workspace.verdicts.read_ahead() and not workspace.verdicts.busy
    finally:
        workspace.close()


def test_a_year_judged_is_kept_on_this_pc_and_shown_at_the_next_start_without_the_histories(
    qtbot, make_window, agency, history, quick_idle, monkeypatch
):
    first = make_window(agency)
    qtbot.waitUntil(lambda: read_ahead_done(first.workspace), timeout=10_000)
    ctx, year = first.workspace.ctx, first.workspace.verdicts.opening_year()
    whole = first.workspace.verdicts.year(year).listing()
    qtbot.waitUntil(lambda: verdict_store.read_kept(ctx) is not None, timeout=10_000)
    first.close()

    reads = []  # the histories read by the next window's verdicts
    monkeypatch.setattr(kept_module, "load_basics", lambda *a: reads.append(a) or load_basics(*a))
    window = make_window(agency)
    workspace = window.workspace
    qtbot.waitUntil(lambda: read_ahead_done(workspace), timeout=10_000)
    kept = workspace.verdicts
    assert reads == [] and kept.basics.histories is None and kept.opening_year() == year
    assert kept.year(year).listing().candidates == whole.candidates
    window.show_section(section_row("reports"))
    panel = window.current_page().eligibility
    assert panel.listing is kept.year(year).listing() and not panel.loading
    assert panel.model.rowCount() == len(whole.candidates)

    # A write the window hears of that the histories do not hold: the kept year stands, nothing is read.
    workspace.announce({"settings"})
    qtbot.waitUntil(lambda: not kept.busy, timeout=10_000)
    assert reads == [] and panel.listing is kept.year(year).listing()

    # Another year: the histories are read for it, the kept year stays as it is.
    kept.ask(year - 1)
    qtbot.waitUntil(lambda: kept.year(year - 1) is not None and kept.year(year - 1).done, timeout=10_000)
    assert len(reads) == 1 and kept.basics.histories is not None
    assert kept.year(year).listing() is panel.listing

    # A write the histories hold: judged again, shown, and kept again for the next start.
    record_cstdcs_2023_for_duc(ctx)
    workspace.announce({"decisions"})
    qtbot.waitUntil(
        lambda: read_ahead_done(workspace) and kept.year(year).histories is not None, timeout=10_000
    )
    qtbot.waitUntil(lambda: not panel.loading, timeout=10_000)
    assert panel.listing is kept.year(year).listing()
    qtbot.waitUntil(
        lambda: (
            (found := verdict_store.read_kept(ctx)) is not None
            and found.verdicts.listing().candidates == panel.listing.candidates
        ),
        timeout=10_000,
    )
    wait_for_background_work()


def test_a_kept_year_the_database_has_moved_past_is_shown_while_judged_again(
    qtbot, make_window, agency, history, quick_idle, monkeypatch
):
    first = make_window(agency)
    qtbot.waitUntil(lambda: read_ahead_done(first.workspace), timeout=10_000)
    ctx = first.workspace.ctx
    qtbot.waitUntil(lambda: verdict_store.read_kept(ctx) is not None, timeout=10_000)
    before = verdict_store.read_kept(ctx).verdicts.listing()
    first.close()
    record_cstdcs_2023_for_duc(ctx)  # written while no window was open (the command line, another PC)
    assert verdict_store.read_kept(ctx) is None and not verdict_store.read_kept(ctx, stale=True).current

    gate = threading.Event()  # the histories' read held until the stale year has been looked at
    monkeypatch.setattr(kept_module, "load_basics", lambda *a: gate.wait(10) and load_basics(*a))
    window = make_window(agency)
    kept = window.workspace.verdicts
    window.show_section(section_row("reports"))
    panel = window.current_page().eligibility
    qtbot.waitUntil(lambda: panel.listing is not None, timeout=10_000)
    # Shown at once, as the list is after a write: marked as being checked, not taken for current.
    assert panel.listing.candidates == before.candidates and kept.basics.histories is None
    assert kept.checking and panel.loading and panel.busy_row.isVisible()
    assert panel.busy_label.text() == CHECKING_TEXT  # not taken for current
    gate.set()
    qtbot.waitUntil(lambda: read_ahead_done(window.workspace) and not panel.loading, timeout=10_000)
    year = kept.opening_year()
    assert kept.basics.histories is not None and kept.year(year).histories is kept.basics.histories
    whole = judge_list(ctx, kept.basics.histories, year, None, None, kept.year(year).short_names)
    assert kept.year(year).listing().texts == whole.texts and panel.listing is kept.year(year).listing()
    assert panel.listing.candidates != before.candidates  # the write is in the list now
    qtbot.waitUntil(lambda: verdict_store.read_kept(ctx) is not None, timeout=10_000)  # kept again
    wait_for_background_work()
