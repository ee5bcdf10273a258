"""Cài đặt › Chữ ký gói driven like a clerk: make the office's key, copy its public text, add another
office to the trust list by pasting its text, remove it, and set the office to take only trusted packages."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from app.exchange.package_signing import key_text, new_seed, public_of, signing_state
from ui.main_window import section_row
from ui.pages.settings_signing import NO_KEY, SigningTab, TrustedKeyDialog


@pytest.fixture
def tab(qtbot, make_window, agency):
    window = make_window(agency)
    window.show_section(section_row("settings"))
    page = window.current_page()
    index = next(i for i in range(page.tabs.count()) if page.tabs.tabText(i) == "Chữ ký gói")
    page.tabs.setCurrentIndex(index)
    shown = page.tabs.widget(index)
    assert isinstance(shown, SigningTab)
    qtbot.waitUntil(lambda: shown.state is not None)
    return shown


def test_make_the_key_and_share_its_public_text(qtbot, tab, ui_ctx):
    assert tab.key_label.text() == NO_KEY and not tab.copy_button.isEnabled()
    tab.make_button.click()
    qtbot.waitUntil(lambda: tab.state is not None and tab.state.public is not None)
    made = signing_state(ui_ctx)
    assert made.fingerprint in tab.key_label.text()
    assert tab.key_text.toPlainText() == made.text and "ed25519:" in made.text
    assert tab.make_button.text() == "Tạo khóa mới…"
    tab.copy_button.click()
    assert QApplication.clipboard().text() == made.text


def test_add_an_office_by_pasting_its_text_then_remove_it(qtbot, tab, ui_ctx, monkeypatch):
    other = public_of(new_seed())
    tab.add_button.click()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), TrustedKeyDialog))
    dialog = QApplication.activeModalWidget()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.text.setPlainText("xin chào")
    assert not ok.isEnabled()
    assert "Không tìm thấy khóa" in dialog.fingerprint.text()
    dialog.text.setPlainText(key_text(other, "Trung tâm Y tế huyện Hà Đông"))
    assert dialog.name.text() == "Trung tâm Y tế huyện Hà Đông"
    assert ok.isEnabled() and "<b>" in dialog.fingerprint.text()
    ok.click()
    qtbot.waitUntil(lambda: tab.trusted_table.rowCount() == 1)
    assert tab.trusted_table.item(0, 0).text() == "Trung tâm Y tế huyện Hà Đông"
    assert [k.public for k in signing_state(ui_ctx).trusted] == [other]

    tab.trusted_table.selectRow(0)
    assert tab.remove_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    tab.remove_button.click()
    qtbot.waitUntil(lambda: tab.trusted_table.rowCount() == 0)
    assert signing_state(ui_ctx).trusted == []


def test_take_only_trusted_packages(qtbot, tab, ui_ctx):
    assert not tab.require.isChecked()
    tab.require.click()
    qtbot.waitUntil(lambda: signing_state(ui_ctx).require_trusted)
    tab.require.click()
    qtbot.waitUntil(lambda: not signing_state(ui_ctx).require_trusted)
