"""Backups from the window: closing it leaves a checked backup; once a day while it runs; Cài đặt › Sao lưu
lists them, takes one on demand, keeps as many as the office set (retention prunes), and a restore from the
dialog round-trips and reopens the window on the restored data."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.services.backups import (
    KIND_AUTO,
    KIND_BEFORE_RESTORE,
    KIND_MANUAL,
    BackupPolicy,
    create_backup,
    list_backups,
    read_policy,
)
from app.services.units import create_unit_under_department
from database.models import AuditEntry, Unit
from tests.ui.boxes import Answers


def unit_names(ctx) -> set[str]:
    with ctx.read() as s:
        return set(s.scalars(select(Unit.name)))


@pytest.fixture
def folder(db_path):
    return db_path.parent / "backups"  # beside the database, as the clerk finds it


def test_closing_the_window_leaves_a_checked_backup(make_window, agency, ui_ctx, folder):
    window = make_window(agency)
    create_unit_under_department(ui_ctx, "Bệnh viện Đa khoa tỉnh")
    assert list_backups(ui_ctx.db) == []
    window.close()
    made = list_backups(ui_ctx.db)
    assert len(made) == 1
    backup = made[0]
    assert backup.verified and backup.kind == KIND_AUTO and backup.path.parent == folder
    assert backup.counts["unit"] == 1
    # Closing again with nothing changed takes no second copy; a change does.
    again = make_window(agency)
    again.close()
    assert len(list_backups(ui_ctx.db)) == 1
    third = make_window(agency)
    create_unit_under_department(ui_ctx, "Bệnh viện Nhi")
    third.close()
    assert [b.counts["unit"] for b in list_backups(ui_ctx.db)] == [2, 1]  # every copy of the last day kept


def test_a_backup_once_a_day_while_the_window_runs(qtbot, make_window, agency, ui_ctx):
    window = make_window(agency)
    assert window.backups.check()
    qtbot.waitUntil(lambda: not window.backups.loader.busy and len(list_backups(ui_ctx.db)) == 1)
    assert list_backups(ui_ctx.db)[0].verified
    # Not due again the same day: a second check takes none.
    with qtbot.waitSignal(window.backups.loader.loaded) as answer:
        assert window.backups.check()
    assert answer.args[1] is None
    assert len(list_backups(ui_ctx.db)) == 1


def _backups_tab(qtbot, window):
    from ui.main_window import SECTIONS
    from ui.pages.settings_backups import BackupsTab

    window.show_section(next(n for n, s in enumerate(SECTIONS) if s.title == "Cài đặt"))
    page = window.current_page()
    tabs = page.tabs
    index = next(i for i in range(tabs.count()) if tabs.tabText(i) == "Sao lưu")
    tabs.setCurrentIndex(index)
    tab = tabs.widget(index)
    assert isinstance(tab, BackupsTab)
    qtbot.waitUntil(lambda: tab.view is not None)
    return tab


def test_the_tab_lists_backs_up_now_and_retention_prunes(qtbot, make_window, agency, ui_ctx, tmp_path):
    for day in (1, 2, 3, 4):
        create_backup(ui_ctx.db, KIND_AUTO, now=dt.datetime(2026, 11, day, 17, 0))
    window = make_window(agency)
    tab = _backups_tab(qtbot, window)
    assert tab.table.rowCount() == 4
    assert tab.table.item(0, 0).text() == "04/11/2026 17:00"
    assert tab.table.item(0, 4).text() == "Đã kiểm tra, tốt"
    assert (tab.keep_daily.value(), tab.keep_weekly.value(), tab.keep_monthly.value()) == (7, 5, 12)

    # Keep two days, no weeks or months, and a second folder.
    second = tmp_path / "USB" / "Sao lưu"
    tab.keep_daily.setValue(2)
    tab.keep_weekly.setValue(0)
    tab.keep_monthly.setValue(0)
    tab.second_edit.setText(str(second))
    tab.save()
    qtbot.waitUntil(lambda: read_policy(ui_ctx) == BackupPolicy(2, 0, 0, str(second)))

    tab.backup_now()
    qtbot.waitUntil(lambda: tab.backup_button.isEnabled())
    qtbot.waitUntil(lambda: tab.table.rowCount() == 2)  # today's and 4 November: the rest pruned
    kept = list_backups(ui_ctx.db)
    assert [b.kind for b in kept] == [KIND_MANUAL, KIND_AUTO]
    assert kept[1].created == dt.datetime(2026, 11, 4, 17, 0)
    assert [b.path.name for b in list_backups(folder=second)] == [kept[0].path.name]


def test_restore_round_trips_and_reopens_the_window(qtbot, make_window, agency, ui_ctx, monkeypatch):
    from tests.ui.sign_in_steps import answer, make_admin, sign_in_as
    from ui.dialogs.restore_dialog import offer_restore
    from ui.dialogs.sign_in import SignInDialog

    make_admin(ui_ctx.db)
    signed = answer(monkeypatch, qtbot, SignInDialog, sign_in_as("quantri"))  # the restored data's account
    create_unit_under_department(ui_ctx, "Trung tâm Y tế huyện A")
    before = unit_names(ui_ctx)
    create_backup(ui_ctx.db, KIND_AUTO, now=dt.datetime(2026, 11, 30, 17, 0))
    newest = create_backup(ui_ctx.db, KIND_MANUAL).info
    window = make_window(agency)
    create_unit_under_department(ui_ctx, "Trung tâm Y tế huyện B")
    assert unit_names(ui_ctx) != before
    old_workspace = window.workspace

    answers = Answers(monkeypatch, yes=True)
    dialog = offer_restore(window, "Tệp dữ liệu bị hỏng.")
    assert dialog.reason_label.text() == "Tệp dữ liệu bị hỏng."
    qtbot.waitUntil(lambda: dialog.chosen is not None)
    assert dialog.chosen.path == newest.path  # the newest checked backup is chosen
    assert dialog.restore_button.isEnabled()
    assert "1 đơn vị" in dialog.preview.toPlainText()
    assert "Phiên bản lược đồ" in dialog.preview.toPlainText()
    dialog.restore_button.click()
    assert answers.asked and answers.asked[0].buttons == ("Khôi phục", "Không")
    qtbot.waitUntil(lambda: window.workspace is not old_workspace, timeout=20_000)
    assert len(signed) == 1 and window.workspace.actor == "quantri"

    ctx = window.workspace.ctx
    assert unit_names(ctx) == before
    with ctx.read() as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "restore")).one()
    assert newest.path.name in audit.summary
    kinds = [b.kind for b in list_backups(ctx.db)]
    assert KIND_BEFORE_RESTORE in kinds


def test_a_refused_confirmation_changes_nothing(qtbot, make_window, agency, ui_ctx, monkeypatch):
    from ui.dialogs.restore_dialog import offer_restore

    create_backup(ui_ctx.db, KIND_MANUAL)
    create_unit_under_department(ui_ctx, "Bệnh viện Mắt")
    window = make_window(agency)
    Answers(monkeypatch, yes=False)
    dialog = offer_restore(window)
    qtbot.waitUntil(lambda: dialog.chosen is not None)
    assert dialog.confirm() is None
    assert unit_names(ui_ctx) == {"Bệnh viện Mắt"}
    assert [b.kind for b in list_backups(ui_ctx.db)] == [KIND_MANUAL]
    dialog.reject()


def test_choosing_the_second_folder_starts_on_a_usb_stick(qtbot, make_window, agency, monkeypatch, tmp_path):
    from app import drives
    from ui import file_dialogs

    stick = tmp_path / "media" / "an" / "USB16GB"
    monkeypatch.setattr(drives, "removable_drives", lambda: [stick])
    asked = []
    monkeypatch.setattr(file_dialogs, "existing_directory", lambda _p, _t, start: asked.append(start) or "")
    tab = _backups_tab(qtbot, make_window(agency))
    tab.policy_fields.choose_second()
    tab.second_edit.setText(str(tmp_path / "khac"))
    tab.policy_fields.choose_second()  # a folder already set is where the dialog opens
    assert asked == [str(stick), str(tmp_path / "khac")]
