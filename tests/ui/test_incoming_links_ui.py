"""The incoming documents linked from where the clerk works: the campaign's "Văn bản đến" tab and the
nomination batch's list show what started or answered them (số đến, number, date, body, subject, the
scan), a document of the register is linked through the picker (searched by words, those linked already
left out) and unlinked; a role without the desk's permission sees both greyed."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QToolBar

from app.domain.campaigns import CampaignInput
from app.domain.permissions import Principal
from app.services.agency import get_agency
from app.services.campaigns import save_campaign
from app.services.context import ServiceContext
from app.services.incoming import IncomingInput, linked_incoming, record_incoming
from app.services.nominations import BatchData, create_batch
from database.enums import AuthorityLevel, CampaignKind, DecisionStatus, Role
from database.models import Decision
from tests.ui.keyboard import type_text
from ui.dialogs.incoming_forms import IncomingPickerDialog
from ui.jobs import wait_for_background_work
from ui.main_window import SECTIONS, MainWindow
from ui.pages.campaigns import INCOMING_TAB
from ui.permissions import denial
from ui.workspace import Workspace

YEAR = dt.date.today().year
SCAN = b"%PDF-1.4\n% directive scan\n"


def section(title: str) -> int:
    return next(n for n, s in enumerate(SECTIONS) if s.title == title)


@pytest.fixture
def world(ui_ctx, agency):
    """A campaign of the year, a batch, and three received documents (the directive with its scan)."""
    campaign = save_campaign(
        ui_ctx,
        CampaignInput(
            name="Phong trào thi đua “Đổi mới phong cách, thái độ phục vụ”",
            kind=CampaignKind.REGULAR,
            start_date=dt.date(YEAR, 3, 1),
            end_date=dt.date(YEAR, 12, 31),
        ),
    )
    batch = create_batch(ui_ctx, BatchData(year=YEAR, title=f"Đề nghị khen thưởng năm {YEAR}"))

    def received(day, issuer, number, kind, subject, scan=None):
        return record_incoming(
            ui_ctx,
            IncomingInput(
                dt.date(YEAR, 1, day),
                issuer,
                number,
                dt.date(YEAR, 1, day - 1),
                kind,
                subject,
                file_name="chi-thi.pdf" if scan else None,
                file_content=scan,
            ),
        )

    directive = received(
        5, "Bộ Y tế", "04/CT-BYT", "Chỉ thị", "Tăng cường công tác thi đua, khen thưởng", SCAN
    )
    plan = received(9, "Ủy ban nhân dân tỉnh", "12/KH-UBND", "Kế hoạch", "Phát động thi đua năm")
    call = received(12, "Sở Nội vụ", "88/SNV-TĐKT", "Công văn", "Hướng dẫn đề nghị khen thưởng cuối năm")
    return {"campaign": campaign, "batch": batch, "directive": directive, "plan": plan, "call": call}


@pytest.fixture
def window(qtbot, make_window, ui_ctx, world):
    made = make_window(get_agency(ui_ctx))
    made.resize(1280, 680)
    made.workspace.set_year(YEAR)
    yield made
    wait_for_background_work()


def _page(qtbot, window, title: str):
    window.show_section(section(title))
    page = window.current_page()
    qtbot.waitUntil(lambda: page.view_data is not None and not page.loading, timeout=10_000)
    return page


def _pick(qtbot, panel, words: str, number: str) -> IncomingPickerDialog:
    """The picker opened from `panel`, searched by `words`, with the one document of `number` left."""
    qtbot.mouseClick(panel.link_button, Qt.MouseButton.LeftButton)
    picker = panel.active_dialog
    assert isinstance(picker, IncomingPickerDialog)
    qtbot.waitUntil(lambda: not picker.loading and picker.model.rowCount() > 0, timeout=10_000)
    picker.search_box.setFocus()
    type_text(qtbot, picker.search_box, words)
    qtbot.waitUntil(lambda: not picker.loading and picker.model.rowCount() == 1, timeout=10_000)
    assert picker.model.text(0, 3) == number
    return picker


def _ok(qtbot, panel, dialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.active_dialog is None or bool(dialog.error.text()), timeout=10_000)
    assert panel.active_dialog is None, dialog.error.text()


def test_the_campaign_links_its_directive_opens_the_scan_and_unlinks(
    qtbot, window, ui_ctx, world, monkeypatch
):
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    page = _page(qtbot, window, "Phong trào thi đua")
    qtbot.waitUntil(lambda: page.detail is not None and not page.loading, timeout=10_000)
    page.tabs.setCurrentIndex(INCOMING_TAB)
    panel = page.incoming
    assert panel.isVisible() and panel.empty.isVisible() and panel.model.rowCount() == 0
    assert not panel.unlink_button.isEnabled() and not panel.scan_button.isEnabled()
    assert page.tabs.tabText(INCOMING_TAB) == "&Văn bản đến"

    picker = _pick(qtbot, panel, "chi thi bo y te", "04/CT-BYT")  # no accents, any order
    assert picker.windowTitle() == "Liên kết văn bản đến"
    _ok(qtbot, panel, picker)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1 and not page.loading, timeout=10_000)
    assert "Đã liên kết văn bản đến số 1" in page.status_label.text()
    assert [x.entry.id for x in linked_incoming(ui_ctx, "campaign", world["campaign"])] == [
        world["directive"]
    ]
    # số đến, body, number and ký hiệu, date, subject: the columns the tab shows; the chosen one cited whole
    shown = [
        panel.model.text(0, c) for c in range(panel.model.columnCount()) if not panel.view.isColumnHidden(c)
    ]
    assert shown == ["1", "Bộ Y tế", "04/CT-BYT", f"04/01/{YEAR}", "Tăng cường công tác thi đua, khen thưởng"]
    assert panel.cited.text() == (
        f"Chỉ thị số 04/CT-BYT ngày 04/01/{YEAR} của Bộ Y tế: Tăng cường công tác thi đua, khen thưởng "
        "(có bản quét)"
    )
    assert page.tabs.tabText(INCOMING_TAB) == "&Văn bản đến (1)"

    panel.open_scan()
    qtbot.waitUntil(lambda: panel.last_scan is not None, timeout=10_000)
    assert panel.last_scan.read_bytes() == SCAN and opened == [str(panel.last_scan)]

    # The picker leaves out what is linked already: the plan is linked next, the directive not offered.
    qtbot.mouseClick(panel.link_button, Qt.MouseButton.LeftButton)
    picker = panel.active_dialog
    qtbot.waitUntil(lambda: not picker.loading and picker.model.rowCount() > 0, timeout=10_000)
    offered = {picker.model.text(r, 3) for r in range(picker.model.rowCount())}
    assert offered == {"12/KH-UBND", "88/SNV-TĐKT"}
    assert "không kể 1 văn bản đã liên kết" in picker.count_label.text()
    picker.view.selectRow([picker.model.text(r, 3) for r in range(2)].index("12/KH-UBND"))
    _ok(qtbot, panel, picker)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2 and not page.loading, timeout=10_000)
    assert [panel.model.text(r, 3) for r in range(2)] == ["04/CT-BYT", "12/KH-UBND"]  # as issued

    panel.view.selectRow(0)
    panel.unlink_current()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1 and not page.loading, timeout=10_000)
    assert panel.model.text(0, 3) == "12/KH-UBND"
    assert "Đã bỏ liên kết văn bản đến số 1" in page.status_label.text()
    assert [x.entry.id for x in linked_incoming(ui_ctx, "campaign", world["campaign"])] == [world["plan"]]
    # the incoming register tells the same
    register = _page(qtbot, window, "Văn bản đến")
    links = {register.model.text(r, 3): register.model.text(r, 8) for r in range(register.model.rowCount())}
    assert links == {"04/CT-BYT": "", "12/KH-UBND": "1 phong trào", "88/SNV-TĐKT": ""}


def test_the_batch_links_the_call_it_answers(qtbot, window, ui_ctx, world):
    page = _page(qtbot, window, "Đề nghị & Xét duyệt")
    qtbot.waitUntil(lambda: page.current_batch() is not None and not page.loading, timeout=10_000)
    # the lists out to Excel hang under one button of the heading: the toolbar holds the moves at 1280 px
    assert page.exports_button.menu().actions() == [page.list_action, page.higher_list_action]
    toolbar = page.findChild(QToolBar)
    assert page.list_action not in toolbar.actions() and toolbar.sizeHint().width() <= toolbar.width()
    panel = page.batch_incoming
    page.details.setCurrentWidget(panel)
    assert panel.model.rowCount() == 0 and panel.empty.isVisible()
    assert panel.target.id == world["batch"]
    picker = _pick(qtbot, panel, "huong dan de nghi", "88/SNV-TĐKT")
    _ok(qtbot, panel, picker)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1 and not page.loading, timeout=10_000)
    assert panel.model.text(0, 2) == "Sở Nội vụ"
    tab = page.details.tabText(page.details.indexOf(panel))
    assert tab == "Văn bản đến của hồ sơ (1)"
    assert [x.entry.id for x in linked_incoming(ui_ctx, "batch", world["batch"])] == [world["call"]]
    assert not panel.scan_button.isEnabled()  # no scan kept with this one
    panel.unlink_current()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0 and not page.loading, timeout=10_000)
    assert linked_incoming(ui_ctx, "batch", world["batch"]) == []


def test_a_higher_decision_links_the_document_it_came_with(qtbot, window, ui_ctx, world):
    with ui_ctx.write() as s:
        decision = Decision(
            number_text="2345/QĐ-UBND",
            issued_on=dt.date(YEAR, 1, 20),
            issuer="Ủy ban nhân dân tỉnh",
            level=AuthorityLevel.PROVINCE,
            year=YEAR,
            subject="Về việc tặng Bằng khen của Chủ tịch UBND tỉnh",
            status=DecisionStatus.ISSUED,
        )
        s.add(decision)
        s.flush()
        decision_id = decision.id
    page = _page(qtbot, window, "Quyết định & Khen thưởng")
    qtbot.waitUntil(lambda: page.detail is not None and not page.loading, timeout=10_000)
    page.detail_tabs.setCurrentWidget(page.decision_incoming)
    panel = page.decision_incoming
    assert panel.target.id == decision_id and "2345/QĐ-UBND" in panel.target.label
    picker = _pick(qtbot, panel, "ke hoach", "12/KH-UBND")
    _ok(qtbot, panel, picker)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1 and not page.loading, timeout=10_000)
    assert page.detail_tabs.tabText(1) == "Văn bản đến liên quan (1)"
    assert [x.entry.id for x in linked_incoming(ui_ctx, "decision", decision_id)] == [world["plan"]]


def test_linking_is_greyed_for_the_register(qtbot, ui_db, world, agency):
    ctx = ServiceContext.signed_in(ui_db, Principal("van-thu", frozenset({Role.REGISTRAR})))
    window = MainWindow(Workspace(ctx, agency))
    qtbot.addWidget(window)
    window.resize(1280, 680)
    window.show()
    window.workspace.set_year(YEAR)
    page = _page(qtbot, window, "Phong trào thi đua")
    qtbot.waitUntil(lambda: page.detail is not None and not page.loading, timeout=10_000)
    panel = page.incoming
    assert denial(panel.link_button) is not None and not panel.link_button.isEnabled()
    assert denial(panel.unlink_button) is not None
    assert panel.open_link() is None
    assert denial(panel.scan_button) is None  # the scan opens for every role
    window.close()
    wait_for_background_work()
