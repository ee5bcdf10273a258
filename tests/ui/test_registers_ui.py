"""The registers as the clerk works them in the window: the "Sổ đăng ký" menu of the Văn bản page (set where the
series goes on, enter a document issued outside the program, refused when its number is taken), the Văn bản
đến page (enter, link, unlink, open the scan), the launch dialog taking its Căn cứ lines from the incoming
documents linked to the campaign, and what a role may not do greyed."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate
from PySide6.QtGui import QDesktopServices

from app.domain.permissions import Principal
from app.services.agency import get_agency
from app.services.campaigns import campaign_detail
from app.services.context import ServiceContext
from app.services.documents import list_documents
from app.services.incoming import IncomingInput, list_incoming, record_incoming
from app.services.register import SERIES_SHARED, next_numbers, series_starts
from database.enums import CampaignKind, Role
from database.models import Campaign
from ui.jobs import wait_for_background_work
from ui.main_window import SECTIONS, MainWindow
from ui.permissions import denial
from ui.workspace import Workspace

THIS_YEAR = dt.date.today().year
SCAN = b"%PDF-1.4\n% scan\n"


@pytest.fixture
def opened(monkeypatch):
    paths: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: paths.append(url.toLocalFile()) or True)
    return paths


def section(title: str) -> int:
    return next(n for n, s in enumerate(SECTIONS) if s.title == title)


@pytest.fixture
def window(qtbot, make_window, ui_ctx, agency):
    made = make_window(get_agency(ui_ctx))
    made.resize(1280, 680)
    made.workspace.set_year(THIS_YEAR)
    yield made
    wait_for_background_work()


def page_of(qtbot, window, title: str):
    window.show_section(section(title))
    page = window.current_page()
    qtbot.waitUntil(lambda: page.view_data is not None and not page.loading, timeout=10_000)
    return page


def finish(qtbot, dialog) -> None:
    """OK pressed; the write done on the writer thread and the dialog closed."""
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.ok_button.click()


def refused(qtbot, dialog) -> str:
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: bool(dialog.error.text()) and dialog.ok_button.isEnabled(), timeout=10_000)
    assert dialog.isVisible()
    return dialog.error.text()


def test_the_register_menu_sets_the_next_number_and_enters_outside_documents(
    qtbot, window, ui_ctx, opened, tmp_path
):
    page = page_of(qtbot, window, "Văn bản")
    # the toolbar holds every action within a 1280-pixel window (nothing in the "››" overflow)
    for action in page.toolbar.actions():
        button = page.toolbar.widgetForAction(action)
        if button is not None and not action.isSeparator():
            assert button.isVisible() and page.toolbar.rect().contains(button.geometry()), action.text()
    assert [a.text() for a in page.register_menu.actions() if a.text()] == [
        "Đính kèm bản ký…",
        "Mở bản ký",
        "Lịch sử thay đổi…",
        "Đặt số tiếp theo…",
        "Vào sổ văn bản ban hành ngoài chương trình…",
    ]

    dialog = page.open_next_number()
    qtbot.waitUntil(lambda: not dialog.loading)
    assert dialog.series_combo.currentData() == SERIES_SHARED
    assert dialog.current_label.text() == "Hiện nay số tiếp theo là 01."
    dialog.number_box.setValue(1975)
    assert "lý do" in refused(qtbot, dialog)
    dialog.reason_edit.setText("Bắt đầu dùng chương trình từ tháng 7")
    finish(qtbot, dialog)
    assert next_numbers(ui_ctx, THIS_YEAR)[SERIES_SHARED] == 1975
    assert series_starts(ui_ctx)[0].reason == "Bắt đầu dùng chương trình từ tháng 7"
    assert f"năm {THIS_YEAR}: 1975" in page.status_label.text()

    scan = tmp_path / "cv-1974.pdf"
    scan.write_bytes(SCAN)
    dialog = page.open_external()
    assert dialog.symbol_edit.text() == "SYT-VP"  # a công văn: the drafting office's code too
    dialog.number_box.setValue(1974)
    dialog.day_edit.setDate(QDate(THIS_YEAR, 1, 5))
    dialog.subject_edit.setPlainText("V/v báo cáo công tác thi đua")
    assert "người ký" in refused(qtbot, dialog)
    dialog.signer_combo.setEditText("Lê Văn Bình")
    dialog.title_edit.setText("Giám đốc")
    dialog.scan_picker.set_path(scan)
    finish(qtbot, dialog)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not page.loading, timeout=10_000)
    entry = page.current_entry()
    assert entry.number_text == "1974/SYT-VP" and entry.external
    assert page.model.index(0, 7).data() == "Ngoài chương trình"
    assert "ngoài chương trình" in page.model.index(0, 7).data(3)  # its tooltip says what that means
    assert not page.preview_action.isEnabled() and page.open_action.isEnabled()
    page.open_current()  # its scan is the document
    qtbot.waitUntil(lambda: page.last_scan is not None, timeout=10_000)
    assert page.last_scan.read_bytes() == SCAN and opened == [str(page.last_scan)]

    # the same number again: refused in the dialog, which stays open with what was typed
    dialog = page.open_external()
    dialog.number_box.setValue(1974)
    dialog.subject_edit.setPlainText("V/v trùng số")
    dialog.signer_combo.setEditText("Lê Văn Bình")
    dialog.day_edit.setDate(QDate(THIS_YEAR, 1, 6))
    assert f"Số 1974/SYT-VP năm {THIS_YEAR} đã có trong sổ" in refused(qtbot, dialog)
    dialog.reject()
    assert len(list_documents(ui_ctx, THIS_YEAR)) == 1


def test_the_incoming_register_page_enters_links_and_cites(qtbot, window, ui_ctx, opened, tmp_path):
    with ServiceContext(ui_ctx.db, actor="tester").write() as s:
        campaign = Campaign(
            name=f"Phong trào thi đua yêu nước năm {THIS_YEAR}",
            kind=CampaignKind.REGULAR,
            start_date=dt.date(THIS_YEAR, 1, 1),
            end_date=dt.date(THIS_YEAR, 12, 31),
        )
        s.add(campaign)
        s.flush()
        campaign_id = campaign.id
    page = page_of(qtbot, window, "Văn bản đến")
    assert page.empty.isVisible() and not page.link_action.isEnabled()

    scan = tmp_path / "ct-04.pdf"
    scan.write_bytes(SCAN)
    dialog = page.open_new()
    dialog.received_edit.setDate(QDate(THIS_YEAR, 4, 2))
    dialog.issuer_combo.setEditText("Bộ Y tế")
    dialog.number_edit.setText("04/CT-BYT")
    dialog.issued_edit.setDate(QDate(THIS_YEAR, 3, 29))
    assert "loại văn bản" in refused(qtbot, dialog)
    dialog.kind_combo.setEditText("Chỉ thị")
    dialog.subject_edit.setPlainText("Tăng cường thực hiện công tác thi đua, khen thưởng")
    dialog.scan_picker.set_path(scan)
    finish(qtbot, dialog)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not page.loading, timeout=10_000)
    assert [page.model.index(0, c).data() for c in (0, 2, 3, 5, 7)] == [
        "1",
        "Bộ Y tế",
        "04/CT-BYT",
        "Chỉ thị",
        "Có",
    ]
    assert page.delete_action.isEnabled() and not page.unlink_action.isEnabled()

    page.open_link()
    qtbot.waitUntil(lambda: page.active_dialog is not None, timeout=10_000)
    link = page.active_dialog
    assert link.target_combo.currentData().id == campaign_id
    finish(qtbot, link)
    qtbot.waitUntil(lambda: page.model.index(0, 8).data() == "1 phong trào", timeout=10_000)
    assert not page.delete_action.isEnabled() and page.unlink_action.isEnabled()
    assert (
        page.model.index(0, 6)
        .data(3)
        .startswith(f"Căn cứ Chỉ thị số 04/CT-BYT ngày 29/3/{THIS_YEAR} của Bộ Y tế")
    )

    # the launch dialog takes the Căn cứ line from it, once
    from ui.dialogs.campaign_launch import LaunchDialog

    launch = LaunchDialog(window.workspace, campaign_detail(ui_ctx, campaign_id), window)
    qtbot.addWidget(launch)
    qtbot.waitUntil(lambda: not launch.loading and launch.body_edit.toPlainText() != "", timeout=10_000)
    for _ in range(2):
        op = launch.add_incoming_bases()
        with qtbot.waitSignal(op.finished, timeout=10_000):
            pass
    cited = f"Căn cứ Chỉ thị số 04/CT-BYT ngày 29/3/{THIS_YEAR} của Bộ Y tế về việc tăng cường thực hiện"
    assert launch.body_edit.toPlainText().count(cited) == 1
    launch.reject()

    page.open_scan()
    qtbot.waitUntil(lambda: page.last_scan is not None, timeout=10_000)
    assert page.last_scan.read_bytes() == SCAN

    page.open_unlink()
    qtbot.waitUntil(lambda: type(page.active_dialog).__name__ == "UnlinkDialog", timeout=10_000)
    finish(qtbot, page.active_dialog)
    qtbot.waitUntil(lambda: page.model.index(0, 8).data() == "", timeout=10_000)
    page.delete_current()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0 and not page.loading, timeout=10_000)
    assert list_incoming(ui_ctx) == []


def test_what_a_role_may_not_do_is_greyed(qtbot, ui_db, ui_ctx, agency):
    record_incoming(
        ui_ctx, IncomingInput(dt.date(THIS_YEAR, 1, 3), "Bộ Y tế", "1/CV-BYT", None, "Công văn", "x")
    )
    actions = {
        ("Văn bản", "next_number_action"),
        ("Văn bản", "external_action"),
        ("Văn bản đến", "new_action"),
        ("Văn bản đến", "delete_action"),
        ("Văn bản đến", "link_action"),
        ("Văn bản đến", "unlink_action"),
    }
    linking = {("Văn bản đến", "link_action"), ("Văn bản đến", "unlink_action")}
    # the register's (Văn thư) enters; the desk (Chuyên viên) links its campaigns, batches, decisions
    for role, greyed in ((Role.CLERK, actions - linking), (Role.REGISTRAR, linking)):
        ctx = ServiceContext.signed_in(ui_db, Principal(role.value.lower(), frozenset({role})))
        window = MainWindow(Workspace(ctx, agency))
        qtbot.addWidget(window)
        window.resize(1280, 680)
        window.show()
        window.workspace.set_year(THIS_YEAR)
        pages = {title: page_of(qtbot, window, title) for title in ("Văn bản", "Văn bản đến")}
        denied = {(title, name) for title, name in actions if denial(getattr(pages[title], name)) is not None}
        assert denied == greyed, role
        assert all(not getattr(pages[title], name).isEnabled() for title, name in greyed)
        # the document opens for every role; only the register may save it
        pages["Văn bản đến"].open_current()
        form = pages["Văn bản đến"].active_dialog
        assert form.issuer_combo.currentText() == "Bộ Y tế"
        assert (denial(form.ok_button) is None) == (role is Role.REGISTRAR)
        form.reject()
        window.close()
        wait_for_background_work()
