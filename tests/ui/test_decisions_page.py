"""The Quyết định & Khen thưởng page driven like a clerk: items the council passed ticked into a decision
with its bonuses and total in words, issued with a number and seen in the list and in the person's
record; a Bằng khen sent up with a Tờ trình and the province's decision recorded; the award search by a
name typed without marks, exported to Excel."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from PySide6.QtCore import QDate, Qt
from sqlalchemy import func, select

from app.services.agency import get_agency
from app.services.decisions import issue_decision
from app.services.nominations import add_nomination, load_batch
from app.services.records import person_record
from app.text import fold, name_sort_key
from database.enums import AwardSource, NominationStatus
from database.models import Award, AwardType, Decision, OutgoingDocument, Person
from tests.council_vote import pass_by_council
from tests.db.test_decisions import desk  # noqa: F401  (a hospital, three people, four items "Đạt")
from tests.ui.boxes import Answers
from tests.ui.keyboard import type_text
from ui.jobs import wait_for_background_work

S = NominationStatus
DECISION_DAY = QDate(2025, 12, 20)


@pytest.fixture
def ctx(ui_ctx):
    """The services' context of the desk fixture is the window's database."""
    return ui_ctx


@pytest.fixture
def make_page(qtbot, make_window, ui_ctx):
    def make():
        window = make_window(get_agency(ui_ctx))
        window.resize(1366, 768)
        window.workspace.set_year(2025)  # the desk's year, chosen as the working year in the status bar
        window.show_section(8)
        page = window.current_page()
        wait_idle(qtbot, page)
        return page

    yield make
    wait_for_background_work()


def wait_idle(qtbot, widget) -> None:
    qtbot.waitUntil(
        lambda: getattr(widget, "view_data", True) is not None and not _busy(widget), timeout=10_000
    )


def _busy(widget) -> bool:
    return widget.loading if hasattr(widget, "loading") else widget.busy


def opened_record(qtbot, page):
    """The record the page opened last, once it has been read."""
    dialog = page.last_record
    qtbot.waitUntil(lambda: dialog.record is not None)
    return dialog


def texts(model, column: int) -> list[str]:
    return [model.text(r, column) for r in range(model.rowCount())]


def tick(qtbot, picker, *ids: int) -> None:
    """Tick items the keyboard way: move to the row, press the space bar."""
    picker.view.setFocus()
    for item_id in ids:
        picker.view.setCurrentIndex(picker.index_of(item_id))
        qtbot.keyClick(picker.view, Qt.Key.Key_Space)


def focus(qtbot, widget) -> None:
    """Back in the main window after a dialog closed: keys go where the clerk's focus is."""
    widget.window().activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def shortcut(qtbot, page, key: Qt.Key) -> None:
    focus(qtbot, page.year_combo)
    qtbot.keyClick(page.year_combo, key, Qt.KeyboardModifier.ControlModifier)


# --- a decision of the Director ---------------------------------------------------------------------


def test_issue_a_decision_with_its_bonuses_and_see_it_everywhere(qtbot, make_page, desk, ui_ctx, monkeypatch):  # noqa: F811
    items = desk["items"]
    answers = Answers(monkeypatch, yes=False)
    page = make_page()
    window = page.window()
    window.show_section(9)  # the register of outgoing documents, read once before the decision is issued
    register = window.current_page()
    qtbot.waitUntil(lambda: register.view_data is not None and not register.loading, timeout=10_000)
    assert register.model.rowCount() == 0
    window.show_section(8)
    assert window.current_page() is page
    assert page.year_combo.currentData() == 2025
    assert page.waiting_label.text() == (
        "Năm 2025: 3 đề nghị “Đạt” chờ lập quyết định · 1 đề nghị “Đạt” cần trình cấp trên"
    )
    assert page.decisions_empty.isVisible() and "Chưa có quyết định" in page.decisions_empty.text()

    shortcut(qtbot, page, Qt.Key.Key_N)
    dialog = page.active_dialog
    assert dialog is not None and dialog.windowTitle() == "Lập quyết định khen thưởng"
    wait_idle(qtbot, dialog)
    picker = dialog.picker
    # Only what the Director grants: the Bằng khen of the province waits for a Tờ trình instead.
    assert set(picker.items) == {items["lan"], items["hung"], items["unit"]}
    assert list(picker.groups) == ["Đề nghị năm 2025 – Bệnh viện Đa khoa tỉnh"]
    dialog.day_edit.setDate(DECISION_DAY)
    tick(qtbot, picker, items["lan"], items["hung"], items["unit"])
    assert picker.count_label.text() == "Đã chọn 3 / 3 đề nghị"
    wait_idle(qtbot, dialog)

    lines = dialog.lines_model
    assert texts(lines, 1) == [
        "Nguyễn Thị Lan (Bệnh viện Đa khoa tỉnh)",
        "Trần Văn Hùng (Bệnh viện Đa khoa tỉnh)",
        "Bệnh viện Đa khoa tỉnh",
    ]
    assert texts(lines, 3) == ["1", "0,3", "0,8"]
    assert texts(lines, 4) == ["2.340.000", "710.000", "1.880.000"]  # 0,3 × 2.340.000 = 702.000, rounded up
    assert dialog.counts_label.text() == "3 khen thưởng: 2 cá nhân, 1 tập thể"
    assert dialog.total_label.text() == "Tổng tiền thưởng: 4.930.000 đồng"
    assert dialog.words_label.text() == "Bằng chữ: Bốn triệu chín trăm ba mươi nghìn đồng."
    assert dialog.salary_label.text().startswith("Mức lương cơ sở áp dụng: 2.340.000 đ (từ 01/07/2024).")
    assert (
        dialog.subject_edit.toPlainText()
        == "Về việc khen thưởng tập thể, cá nhân có thành tích xuất sắc năm 2025"
    )
    assert dialog.signer.currentText() == "Lê Văn Bình – GIÁM ĐỐC"  # the default signer first
    assert dialog.legal_bases()[0] == "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"

    # Unticking one works the draft out again; the subject follows as long as the clerk has not typed one.
    tick(qtbot, picker, items["unit"])
    wait_idle(qtbot, dialog)
    assert dialog.total_label.text() == "Tổng tiền thưởng: 3.050.000 đồng"
    tick(qtbot, picker, items["unit"])
    wait_idle(qtbot, dialog)
    assert dialog.total_label.text() == "Tổng tiền thưởng: 4.930.000 đồng"

    # "Ban hành" asks first, saying which number it will take; "Quay lại" takes none.
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    (asked,) = answers.asked
    assert asked.title == "Ban hành quyết định"
    assert asked.text == (
        "Ban hành quyết định khen thưởng 3 đề nghị, ngày 20/12/2025, lấy số dự kiến 01/QĐ-SYT trong sổ văn "
        "bản đi?"
    )
    assert set(asked.buttons) == {"Ban hành", "Quay lại"}
    assert dialog.error.text() == "Chưa ban hành: chưa cấp số, chưa ghi khen thưởng nào."
    assert page.active_dialog is dialog and dialog.ok_button.isEnabled()
    with ui_ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(OutgoingDocument)) == 0
    answers.yes = True
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.ok_button.isEnabled()  # the write runs on the writer thread; OK waits for it
    qtbot.waitUntil(lambda: page.active_dialog is None, timeout=10_000)
    assert page.status_label.text() == (
        "Đã ban hành Quyết định số 01/QĐ-SYT: 3 khen thưởng, tổng tiền thưởng 4.930.000 đồng."
    )
    wait_idle(qtbot, page)
    qtbot.waitUntil(lambda: page.detail is not None)
    assert page.decisions_model.rowCount() == 1
    assert [page.decisions_model.text(0, c) for c in (0, 1, 5, 6)] == [
        "01/QĐ-SYT",
        "20/12/2025",
        "3",
        "4.930.000",
    ]
    assert page.detail_title.text() == "Quyết định số 01/QĐ-SYT ngày 20/12/2025 – SỞ Y TẾ"
    detail = page.detail_model
    assert texts(detail, 0) == ["Nguyễn Thị Lan", "Bệnh viện Đa khoa tỉnh", "Trần Văn Hùng"]
    assert detail.column_texts("amount") == ["2.340.000", "1.880.000", "710.000"]
    assert page.detail_counts.text() == "Cộng: 3 khen thưởng (2 cá nhân, 1 tập thể)"
    assert page.detail_total.text() == "Tổng tiền thưởng: 4.930.000 đồng"
    assert page.detail_words.text() == "Bằng chữ: Bốn triệu chín trăm ba mươi nghìn đồng."
    assert page.waiting_label.text() == "Năm 2025: 1 đề nghị “Đạt” cần trình cấp trên"

    # In the person's record at once, and on screen from the decision's list (Enter on the row).
    award = next(a for a in person_record(ui_ctx, desk["lan"]).awards if a.code == "CSTDCS")
    assert (award.decision_number, award.bonus_amount, award.year) == ("01/QĐ-SYT", 2_340_000, 2025)
    focus(qtbot, page.detail_view)
    page.detail_view.setCurrentIndex(detail.index(0, 0))
    qtbot.keyClick(page.detail_view, Qt.Key.Key_Return)
    record = opened_record(qtbot, page)
    assert record.windowTitle() == "Hồ sơ cá nhân – Nguyễn Thị Lan"
    table = record.awards_table
    assert [table.item(0, c).text() for c in (1, 3, 6)] == [
        "Chiến sĩ thi đua cơ sở",
        "01/QĐ-SYT",
        "2.340.000",
    ]
    record.close()
    # A collective's award opens the unit's record.
    page.open_award(detail.hit(1))
    unit_record = opened_record(qtbot, page)
    assert unit_record.windowTitle() == "Hồ sơ đơn vị – Bệnh viện Đa khoa tỉnh"
    unit_record.close()

    # The issue wrote to the register too: the Văn bản page reads itself again when the clerk comes back.
    assert register.stale
    window.show_section(9)
    qtbot.waitUntil(lambda: 2025 in register.view_data.years and not register.loading, timeout=10_000)
    register.year_combo.setCurrentIndex(register.year_combo.findData(2025))
    qtbot.waitUntil(lambda: register.model.rowCount() == 1 and not register.loading, timeout=10_000)
    assert [register.model.index(0, c).data() for c in (0, 3, 7)] == ["01", "Quyết định", "Đã vào sổ"]


def test_a_refused_decision_says_why_and_changes_nothing(qtbot, make_page, desk, ui_ctx, monkeypatch):  # noqa: F811
    items = desk["items"]
    Answers(monkeypatch)
    with ui_ctx.write() as s:  # Hùng's LĐTT 2025 was already recorded from the paper register
        ldtt = s.scalar(select(AwardType.id).where(AwardType.code == "LDTT"))
        s.add(
            Award(
                person_id=desk["hung"],
                award_type_id=ldtt,
                is_title=True,
                year=2025,
                source=AwardSource.HISTORY,
                revoked=False,
            )
        )
    page = make_page()
    dialog = page.open_issue()
    wait_idle(qtbot, dialog)
    dialog.day_edit.setDate(DECISION_DAY)
    tick(qtbot, dialog.picker, items["hung"], items["lan"])
    wait_idle(qtbot, dialog)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled(), timeout=10_000)
    assert dialog.isVisible() and page.active_dialog is dialog
    assert dialog.error.text() == "Trần Văn Hùng đã có danh hiệu “Lao động tiên tiến” năm 2025."
    with ui_ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Decision)) == 0
        assert s.scalar(select(func.count()).select_from(OutgoingDocument)) == 0  # no number used up
    assert {i.status for i in load_batch(ui_ctx, desk["batch"]).items} == {S.PASSED}

    # A date before the year of the achievements: the draft says so before anything is tried.
    dialog.day_edit.setDate(QDate(2024, 12, 30))
    wait_idle(qtbot, dialog)
    assert dialog.counts_label.text() == "Ngày quyết định không thể trước năm đạt thành tích."
    assert dialog.lines_model.rowCount() == 0
    dialog.reject()


def test_the_draft_shows_why_a_title_pays_less_nd152_dieu49_khoan5(qtbot, make_page, desk, ui_ctx):  # noqa: F811
    """NĐ 152/2025 Điều 49 khoản 5: Lan's LĐTT 2025 is already recorded (56/QĐ-SYT), so her CSTĐCS pays the
    difference, and the clerk reads why before issuing."""
    with ui_ctx.write() as s:
        ldtt = s.scalar(select(AwardType.id).where(AwardType.code == "LDTT"))
        s.add(
            Award(
                person_id=desk["lan"],
                award_type_id=ldtt,
                is_title=True,
                year=2025,
                source=AwardSource.HISTORY,
                decision_number="56/QĐ-SYT",
                decision_date=dt.date(2025, 12, 10),
                revoked=False,
            )
        )
    page = make_page()
    dialog = page.open_issue()
    wait_idle(qtbot, dialog)
    dialog.day_edit.setDate(DECISION_DAY)
    tick(qtbot, dialog.picker, desk["items"]["lan"], desk["items"]["hung"])
    wait_idle(qtbot, dialog)
    lines = dialog.lines_model
    assert lines.headers[-1] == "Ghi chú"
    assert texts(lines, 4) == ["1.630.000", "710.000"]
    assert texts(lines, 5) == [
        "Trừ 710.000 đ đã nhận theo QĐ số 56/QĐ-SYT ngày 10/12/2025 (“Lao động tiên tiến”)",
        "",
    ]
    assert dialog.total_label.text() == "Tổng tiền thưởng: 2.340.000 đồng"
    # The column is narrow: the note is read in full under the list, for the first line with one.
    assert not dialog.note_label.isHidden()
    assert dialog.note_label.text().startswith("Ghi chú dòng 1 – Nguyễn Thị Lan")
    assert dialog.note_label.text().endswith(
        "Trừ 710.000 đ đã nhận theo QĐ số 56/QĐ-SYT ngày 10/12/2025 (“Lao động tiên tiến”)"
    )
    dialog.lines_view.setCurrentIndex(lines.index(1, 0))  # Hùng's line has none
    assert dialog.note_label.isHidden()
    dialog.reject()


# --- what goes up, and what comes back -----------------------------------------------------------------


def test_forward_to_the_province_then_record_its_decision(qtbot, make_page, desk, ui_ctx):  # noqa: F811
    items = desk["items"]
    # Lan is also proposed for CSTĐ cấp tỉnh; the province will not grant it.
    cstd = add_nomination(ui_ctx, desk["batch"], "CSTD_TINH", person_id=desk["lan"])
    pass_by_council(ui_ctx, [cstd])
    page = make_page()
    assert page.forward_action.text() == "Trình cấp trên… (2)"

    shortcut(qtbot, page, Qt.Key.Key_T)
    dialog = page.active_dialog
    wait_idle(qtbot, dialog)
    assert set(dialog.picker.items) == {items["bk"], cstd}
    tick(qtbot, dialog.picker, items["bk"], cstd)
    wait_idle(qtbot, dialog)
    assert dialog.level.currentText() == "UBND tỉnh (Chủ tịch UBND tỉnh)"  # who grants what is ticked
    assert dialog.preview.text().startswith("Tờ trình đề nghị UBND tỉnh khen thưởng 2 cá nhân")
    dialog.day_edit.setDate(QDate(2025, 12, 22))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.active_dialog is None, timeout=10_000)
    assert page.status_label.text().startswith(
        "Đã lập Tờ trình số 01/TTr-SYT trình UBND tỉnh khen thưởng 2 đề nghị"
    )
    wait_idle(qtbot, page)
    assert page.waiting_label.text() == (
        "Năm 2025: 3 đề nghị “Đạt” chờ lập quyết định · 2 đề nghị chờ cấp trên quyết định"
    )

    shortcut(qtbot, page, Qt.Key.Key_G)
    dialog = page.active_dialog
    wait_idle(qtbot, dialog)
    picker = dialog.picker
    assert list(picker.groups) == [
        "Tờ trình số 01/TTr-SYT ngày 22/12/2025"
    ]  # grouped by the Tờ trình answered
    tick(qtbot, picker, items["bk"])
    dialog.number_edit.setFocus()
    type_text(qtbot, dialog.number_edit, "2345/QĐ-UBND")
    dialog.day_edit.setDate(QDate(2026, 1, 20))
    assert dialog.issuer_edit.text() == "UBND tỉnh"
    dialog.fail_check.setChecked(True)
    wait_idle(qtbot, dialog)
    assert dialog.preview.text() == (
        "Được khen thưởng: 1 cá nhân.\nGhi “Không đạt”: 1 cá nhân (Nguyễn Thị Lan)."
    )
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.active_dialog is None, timeout=10_000)
    assert page.status_label.text() == (
        "Đã ghi Quyết định số 2345/QĐ-UBND: 1 khen thưởng; 1 đề nghị ghi “Không đạt”."
    )
    wait_idle(qtbot, page)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.decision.number_text == "2345/QĐ-UBND")
    assert page.detail_title.text() == "Quyết định số 2345/QĐ-UBND ngày 20/01/2026 – UBND tỉnh"
    assert page.detail_model.column_texts("award") == ["Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"]
    assert page.detail_model.column_texts("amount") == ["3.510.000"]
    statuses = {i.id: (i.status, i.status_reason) for i in load_batch(ui_ctx, desk["batch"]).items}
    assert statuses[items["bk"]][0] is S.HIGHER_DECIDED
    assert statuses[cstd] == (S.FAILED, "Cấp trên không khen thưởng")
    assert any(
        a.code == "BK_TINH" and a.decision_number == "2345/QĐ-UBND"
        for a in person_record(ui_ctx, desk["thu"]).awards
    )


def test_a_higher_decision_needs_its_number(qtbot, make_page, desk, ui_ctx):  # noqa: F811
    from app.services.decisions import forward_to_higher

    forward_to_higher(ui_ctx, [desk["items"]["bk"]], dt.date(2025, 12, 22), desk["signer"])
    page = make_page()
    dialog = page.open_higher()
    wait_idle(qtbot, dialog)
    tick(qtbot, dialog.picker, desk["items"]["bk"])
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled(), timeout=10_000)
    assert dialog.isVisible() and dialog.error.text() == "Cần nhập số quyết định và cơ quan ban hành."
    assert {i.status for i in load_batch(ui_ctx, desk["batch"]).items if i.id == desk["items"]["bk"]} == {
        S.FORWARDED
    }
    dialog.reject()


def test_a_higher_decision_taken_from_the_incoming_register_is_filled_in_and_linked(
    qtbot,
    make_page,
    desk,  # noqa: F811
    ui_ctx,
):
    from app.services.decisions import forward_to_higher
    from app.services.incoming import IncomingInput, linked_incoming, record_incoming

    forward_to_higher(ui_ctx, [desk["items"]["bk"]], dt.date(2025, 12, 22), desk["signer"])
    received = record_incoming(
        ui_ctx,
        IncomingInput(
            dt.date(2026, 1, 23), "UBND tỉnh", "2345/QĐ-UBND", dt.date(2026, 1, 20), "Quyết định",
            "Tặng Bằng khen của Chủ tịch UBND tỉnh",
        ),
    )  # fmt: skip
    page = make_page()
    dialog = page.open_higher()
    wait_idle(qtbot, dialog)
    picker = dialog.choose_incoming()
    qtbot.waitUntil(lambda: not picker.loading and picker.model.rowCount() == 1, timeout=10_000)
    assert picker.ok_button.text() == "Chọn"
    qtbot.mouseClick(picker.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.number_edit.text() == "2345/QĐ-UBND" and dialog.issuer_edit.text() == "UBND tỉnh"
    assert dialog.day_edit.date() == dt.date(2026, 1, 20)
    assert dialog.incoming_label.text().startswith("Số đến 1: Quyết định số 2345/QĐ-UBND ngày 20/01/2026")
    tick(qtbot, dialog.picker, desk["items"]["bk"])
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.active_dialog is None, timeout=10_000)
    with ui_ctx.read() as s:
        decision_id = s.scalar(select(Decision.id).where(Decision.number_text == "2345/QĐ-UBND"))
    assert [d.entry.id for d in linked_incoming(ui_ctx, "decision", decision_id)] == [received]


# --- the award search ----------------------------------------------------------------------------------


def test_search_awards_by_a_name_typed_without_marks_and_export(qtbot, make_page, desk, ui_ctx, tmp_path):  # noqa: F811
    items = desk["items"]
    issue_decision(
        ui_ctx, [items["lan"], items["hung"], items["unit"]], dt.date(2025, 12, 20), desk["signer"]
    )
    with ui_ctx.write() as s:  # from before the program: Lan's CSTĐCS of 2019, and a namesake elsewhere
        cstdcs = s.scalar(select(AwardType.id).where(AwardType.code == "CSTDCS"))
        other = Person(
            full_name="Nguyễn Thị Lanh",
            name_folded=fold("Nguyễn Thị Lanh"),
            sort_key=name_sort_key("Nguyễn Thị Lanh"),
            birth_year=1970,
        )
        s.add(other)
        s.flush()
        s.add_all(
            [
                Award(
                    person_id=desk["lan"],
                    award_type_id=cstdcs,
                    is_title=True,
                    year=2019,
                    source=AwardSource.HISTORY,
                    decision_number="112/QĐ-SYT",
                    decision_date=dt.date(2020, 1, 10),
                    decision_issuer="Sở Y tế",
                    bonus_amount=1_490_000,
                    revoked=False,
                ),
                Award(
                    person_id=other.id,
                    award_type_id=cstdcs,
                    is_title=True,
                    year=2024,
                    source=AwardSource.HISTORY,
                    decision_number="77/QĐ-SYT",
                    revoked=False,
                ),
            ]
        )
    page = make_page()
    shortcut(qtbot, page, Qt.Key.Key_F)
    assert page.tabs.currentIndex() == 1 and page.name_box.hasFocus()
    wait_idle(qtbot, page)
    assert page.search_count.text() == "Tìm thấy 5 lượt khen thưởng."

    type_text(qtbot, page.name_box, "nguyen thi lan")
    wait_idle(qtbot, page)
    model = page.search_model
    # The name typed in full first (newest year first), then the namesake whose name only holds it.
    assert texts(model, 0) == ["Nguyễn Thị Lan", "Nguyễn Thị Lan", "Nguyễn Thị Lanh"]
    assert model.column_texts("year") == ["2025", "2019", "2024"]
    assert model.column_texts("decision") == ["01/QĐ-SYT", "112/QĐ-SYT", "77/QĐ-SYT"]
    assert model.column_texts("issuer") == ["SỞ Y TẾ", "Sở Y tế", ""]
    assert model.column_texts("amount") == ["2.340.000", "1.490.000", ""]
    assert model.column_texts("unit") == ["Bệnh viện Đa khoa tỉnh", "Bệnh viện Đa khoa tỉnh", ""]
    assert page.search_count.text() == "Tìm thấy 3 lượt khen thưởng."

    # Narrowed by year and by title; the unit filter keeps the hospital's people and the hospital itself.
    page.year_to.setValue(2020)
    wait_idle(qtbot, page)
    assert model.column_texts("decision") == ["112/QĐ-SYT"]
    page.clear_filters()
    wait_idle(qtbot, page)
    page.unit_combo.select_unit(desk["hospital"])
    page.award_combo.setCurrentIndex(page.award_combo.findData("TTLDTT"))
    wait_idle(qtbot, page)
    assert texts(model, 0) == ["Bệnh viện Đa khoa tỉnh"]

    # Enter on a row opens the record of whoever it is.
    page.clear_filters()
    type_text(qtbot, page.name_box, "lanh")
    wait_idle(qtbot, page)
    focus(qtbot, page.search_view)
    page.search_view.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(page.search_view, Qt.Key.Key_Enter)
    record = opened_record(qtbot, page)
    assert record.windowTitle() == "Hồ sơ cá nhân – Nguyễn Thị Lanh"
    record.close()

    page.name_box.clear()
    wait_idle(qtbot, page)
    path = tmp_path / "Tra cứu.xlsx"
    with qtbot.waitSignal(page.export_finished, timeout=10_000) as signal:
        page.export_to(path)
    assert signal.args == [path]
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][0] == "KẾT QUẢ TRA CỨU KHEN THƯỞNG"
    assert [r[1] for r in rows[3:]] == texts(model, 0) and len(rows) == 3 + 5
    assert page.status_label.text() == "Đã xuất 5 lượt khen thưởng ra Tra cứu.xlsx"


def test_a_broad_search_is_capped_on_screen_but_exported_in_full(qtbot, make_page, desk, ui_ctx, tmp_path):  # noqa: F811
    issue_decision(
        ui_ctx,
        [desk["items"]["lan"], desk["items"]["hung"], desk["items"]["unit"]],
        dt.date(2025, 12, 20),
        desk["signer"],
    )
    page = make_page()
    page.search_limit = 2  # a province's 200,000 awards, in miniature
    page.focus_search()
    wait_idle(qtbot, page)
    assert page.search_model.rowCount() == 2
    assert page.search_count.text().startswith("Tìm thấy 3 lượt khen thưởng; hiển thị 2 lượt mới nhất")
    path = tmp_path / "Tất cả.xlsx"
    with qtbot.waitSignal(page.export_finished, timeout=10_000):
        page.export_to(path)
    assert len(list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))) == 3 + 3


def test_print_the_selected_decision(qtbot, make_page, desk, ui_ctx, tmp_path, monkeypatch):  # noqa: F811
    import pypdf
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog

    issue_decision(
        ui_ctx, [desk["items"]["lan"], desk["items"]["unit"]], dt.date(2025, 12, 20), desk["signer"]
    )
    target = tmp_path / "qd.pdf"
    asked, opened = [], []
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda parent, caption, start, filters: asked.append(start) or (str(target), filters),
    )
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    page = make_page()
    qtbot.waitUntil(lambda: page.detail is not None)
    assert page.print_action.isEnabled()
    job = page.print_decision()
    with qtbot.waitSignal(job.done, timeout=15_000):
        pass
    assert asked[0].endswith("Quyết định 01-QĐ-SYT.pdf") and opened == [str(target)]
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(target).pages)
    assert "Số: 01/QĐ-SYT" in text and "Nguyễn Thị Lan" in text and "4.220.000" in text
