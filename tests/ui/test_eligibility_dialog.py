""" "Ai đủ điều kiện?" driven like a clerk over a small imported history (tests/data/history_small.xlsx): the
histories load in the background, a title and a unit are chosen, the list is filtered and searched, the
reasons of a row are read, the list goes to Excel, and the ticked eligible people become a batch."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.exchange.history import read_history
from app.rules import ALL_CODES, HELD
from app.services.eligibility_view import judge_list
from app.services.history import import_history
from app.services.nominations import list_batches, load_batch
from database.models import NominationBatch
from tests.ui.history_steps import record_cstdcs_2023_for_duc
from tests.ui.keyboard import type_text
from ui import kept_verdicts
from ui.dialogs.eligibility_dialog import JUDGING_REST_TEXT, LOADING_TEXT, EligibilityDialog
from ui.jobs import wait_for_background_work
from ui.main_window import section_row
from ui.models.eligibility_table import NAME, REASON, VERDICT
from ui.workspace import Workspace

SMALL = Path(__file__).resolve().parents[1] / "data" / "history_small.xlsx"


@pytest.fixture
def workspace(ui_ctx, agency, qt_app):
    import_history(ui_ctx, read_history(SMALL))
    space = Workspace(ui_ctx, agency)
    yield space
    wait_for_background_work()
    space.close()


@pytest.fixture
def dialog(qtbot, workspace):
    made = EligibilityDialog(workspace, 2024)
    qtbot.addWidget(made)
    made.show()
    assert made.panel.busy_row.isVisible() and made.panel.busy_label.text() == LOADING_TEXT
    wait_ready(qtbot, made.panel)
    yield made
    made.panel.close_down()
    wait_for_background_work()


def wait_ready(qtbot, panel) -> None:
    def answered() -> bool:
        listing = panel.listing
        return (
            listing is not None
            and not panel.loading
            and (listing.year, listing.code, listing.unit_id) == panel.current_params()
        )

    qtbot.waitUntil(answered, timeout=10_000)


def choose(qtbot, panel, combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))
    wait_ready(qtbot, panel)


def shown(panel) -> dict[str, tuple[str, str]]:
    model = panel.model
    return {
        model.text(r, NAME): (model.text(r, VERDICT), model.text(r, REASON)) for r in range(model.rowCount())
    }


def select_name(panel, name: str) -> None:
    model = panel.model
    row = next(r for r in range(model.rowCount()) if model.text(r, NAME) == name)
    panel.table.selectRow(row)


def test_histories_load_in_the_background_then_every_title_is_judged(qtbot, dialog):
    panel = dialog.panel
    assert not panel.busy_row.isVisible()
    assert panel.title_combo.currentData() is None  # "Tất cả"
    titles = {panel.model.text(r, 3) for r in range(panel.model.rowCount())}
    assert {"LĐTT", "CSTĐCS", "CSTĐ cấp tỉnh"} <= titles
    assert panel.title_combo.findData("CSTD_TINH") > 0 and panel.title_combo.findData("GIAY_KHEN") > 0
    assert "đủ điều kiện theo hồ sơ năm 2024" in panel.count_label.text()
    # The rule set that judged them: Luật TĐKT 2022 (from 01/01/2024, Điều 95) with NĐ 98/2023.
    assert panel.rule_set_label.text() == "Xét theo: Luật TĐKT 2022 và NĐ 98/2023/NĐ-CP"


@pytest.fixture
def gate(monkeypatch):
    """The window's judging holds after the first title (LĐTT) until `gate.set()`."""
    opened = threading.Event()
    opened.asked = []  # the titles the window began to judge
    judge = kept_verdicts._judge

    def held(year, code):
        opened.asked.append(code)
        if code != ALL_CODES[0]:
            opened.wait(10)
        return judge(year, code)

    monkeypatch.setattr(kept_verdicts, "_judge", held)
    yield opened
    opened.set()


def test_every_title_shows_the_titles_judged_while_the_rest_follow_keeping_the_ticks(qtbot, workspace, gate):
    """The first title's rows (LĐTT) are shown, with a progress line, while the others are judged; the
    list stays usable (searched, ticked); the whole list then follows with the clerk's ticks kept, the
    same as judged at once."""
    made = EligibilityDialog(workspace, 2024)
    qtbot.addWidget(made)
    made.show()
    panel = made.panel
    qtbot.waitUntil(lambda: panel.listing is not None and not panel._show_pending)
    assert {c.code for c in panel.listing.candidates} == {"LDTT"}
    assert panel.loading and panel.busy_row.isVisible()
    assert panel.busy_label.text() == f"{JUDGING_REST_TEXT} (đã xét 1/{len(ALL_CODES)})"
    qtbot.keyClicks(panel.search_box, "duc")  # the window answers while the judging waits
    assert set(shown(panel)) == {"Trần Văn Đức"}
    panel.model.tick([0])
    panel.search_box.clear()
    gate.set()
    wait_ready(qtbot, panel)
    assert not panel.busy_row.isVisible()
    whole = judge_list(workspace.ctx, panel.histories, 2024, None, None, panel.short_names)
    assert panel.listing.texts == whole.texts and panel.model.rowCount() == len(whole.texts)
    assert [(c.code, c.full_name) for c in panel.model.ticked_candidates()] == [("LDTT", "Trần Văn Đức")]
    made.panel.close_down()


def test_a_second_opening_shows_the_kept_verdicts_at_once(qtbot, dialog, workspace, monkeypatch):
    """The window keeps the verdicts: opened again, the list is there before the event loop turns, and
    nothing is judged again; another title or a unit is a part of them."""
    first = dialog.panel.listing
    judged = []
    monkeypatch.setattr(kept_verdicts, "_judge", lambda year, code: judged.append(code))
    again = EligibilityDialog(workspace, 2024)
    qtbot.addWidget(again)
    panel = again.panel
    assert panel.listing is first and not panel.loading and panel.model.rowCount() == len(first.texts)
    choose(qtbot, panel, panel.title_combo, "CSTD_TINH")
    cdc = next(u.id for u in panel.basics.units if u.name == "Trung tâm Kiểm soát bệnh tật")
    choose(qtbot, panel, panel.unit_combo, cdc)
    alone = judge_list(workspace.ctx, panel.histories, 2024, "CSTD_TINH", cdc, panel.short_names)
    assert panel.listing.texts == alone.texts
    assert judged == []
    panel.close_down()


def test_closing_the_window_stops_the_judging(qtbot, workspace, gate):
    """Signing out or quitting: the judging running is forgotten and nothing more is judged."""
    made = EligibilityDialog(workspace, 2024)
    qtbot.addWidget(made)
    kept = workspace.verdicts
    # The second title begun (held): the first's "judged" shows on the worker, before the window hears of it
    qtbot.waitUntil(lambda: gate.asked == list(ALL_CODES[:2]))
    assert kept.year(2024).judged == 1
    made.panel.close_down()
    workspace.close()
    assert kept.stopped and not kept.busy
    gate.set()  # the title being judged ends (it cannot be interrupted) and is ignored: no other begins
    wait_for_background_work()
    QApplication.processEvents()
    assert gate.asked == list(ALL_CODES[:2]) and not kept.busy
    kept.ask(2025)
    wait_for_background_work()
    assert gate.asked == list(ALL_CODES[:2]) and not kept.busy


def test_the_histories_read_leave_the_collectors_reach_until_the_window_closes(qtbot, workspace):
    """A full collection on the GUI thread no longer scans the histories nor the verdicts (gc.freeze), until
    the window closes."""
    gc.unfreeze()
    made = EligibilityDialog(workspace, 2024)
    qtbot.addWidget(made)
    made.show()
    wait_ready(qtbot, made.panel)
    record = next(iter(made.panel.histories.persons.values()))
    row = made.panel.listing.candidates.parts[-1].verdicts  # the verdicts judged in the background too
    assert gc.get_freeze_count() > 0 and not any(o is record or o is row for o in gc.get_objects())
    made.panel.close_down()
    wait_for_background_work()
    workspace.close()
    assert gc.get_freeze_count() == 0 and any(o is record for o in gc.get_objects())


def test_one_title_with_its_verdicts_and_reasons(qtbot, dialog):
    panel = dialog.panel
    choose(qtbot, panel, panel.title_combo, "CSTD_TINH")
    rows = shown(panel)
    assert rows["Nguyễn Thị Hồng Nhung"][0] == "Đủ điều kiện"
    assert rows["Trần Văn Đức"][0] == "Chưa đủ" and "thiếu 2023" in rows["Trần Văn Đức"][1]
    assert panel.count_label.text().startswith("1/2 đủ điều kiện")

    select_name(panel, "Trần Văn Đức")
    html = panel.detail.toPlainText()
    assert "Trần Văn Đức (sinh 02/09/1975)" in html and "Chưa đủ điều kiện" in html
    assert "✗" in html and "thiếu 2023" in html and "Còn thiếu" in html
    select_name(panel, "Nguyễn Thị Hồng Nhung")
    text = panel.detail.toPlainText()
    assert "Đủ điều kiện theo hồ sơ" in text and "✓" in text and "?" in text
    assert "Quy trình bàn giao người bệnh bằng mã QR" in text and "90%" in text  # the council's vote: pending


def test_filter_by_verdict_and_search_a_name_typed_without_marks(qtbot, dialog):
    panel = dialog.panel
    choose(qtbot, panel, panel.title_combo, "LDTT")
    assert set(shown(panel)) == {"Nguyễn Thị Hồng Nhung", "Trần Văn Đức", "Lê Minh Tâm", "Phạm Thu Hà"}
    panel.show_combo.setCurrentIndex(panel.show_combo.findData(False))
    assert set(shown(panel)) == {"Lê Minh Tâm"}
    panel.show_combo.setCurrentIndex(panel.show_combo.findData(True))
    assert set(shown(panel)) == {"Trần Văn Đức", "Phạm Thu Hà"}
    # Nhung's LĐTT 2024 is on record: "Đã được khen" with its decision, not "Đủ điều kiện" (Luật Đ5.2c)
    panel.show_combo.setCurrentIndex(panel.show_combo.findData(HELD))
    verdict, reason = shown(panel)["Nguyễn Thị Hồng Nhung"]
    assert verdict == "Đã được khen" and reason.startswith("Đã được khen LĐTT 2024 (QĐ ")
    assert "1 chưa đủ, 1 đã được khen" in panel.count_label.text()  # every verdict of the filter is counted
    panel.show_combo.setCurrentIndex(0)
    qtbot.keyClicks(panel.search_box, "pham thu")
    assert set(shown(panel)) == {"Phạm Thu Hà"}
    assert "đang hiện 1" in panel.count_label.text()
    assert "Phạm Thu Hà" in panel.detail.toPlainText()  # the first row is chosen for the detail
    panel.search_box.clear()
    type_text(qtbot, panel.search_box, "ĐỨC")
    assert set(shown(panel)) == {"Trần Văn Đức"}
    panel.search_box.setText("không có ai")
    assert shown(panel) == {} and panel.detail.toPlainText() == "Không có ai khớp với bộ lọc và tên đang tìm."


def test_a_unit_takes_its_own_staff(qtbot, dialog):
    panel = dialog.panel
    choose(qtbot, panel, panel.title_combo, "LDTT")
    cdc = next(u.id for u in panel.basics.units if u.name == "Trung tâm Kiểm soát bệnh tật")
    choose(qtbot, panel, panel.unit_combo, cdc)
    assert set(shown(panel)) == {"Lê Minh Tâm", "Phạm Thu Hà"}
    assert shown(panel)["Lê Minh Tâm"][1].startswith("Xếp loại 2024: Hoàn thành nhiệm vụ")


def test_export_the_list_shown_with_every_reason(qtbot, dialog, tmp_path):
    panel = dialog.panel
    choose(qtbot, panel, panel.title_combo, "CSTD_TINH")
    path = tmp_path / "xet.xlsx"
    with qtbot.waitSignal(panel.exporter.finished, timeout=10_000):
        panel.export_to(path)
    assert "Đã xuất 2 dòng ra xet.xlsx" == panel.status_label.text()
    rows = list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))
    assert (
        rows[0][0] == "DANH SÁCH XÉT ĐIỀU KIỆN KHEN THƯỞNG NĂM 2024 – Chiến sĩ thi đua cấp tỉnh – toàn tỉnh"
    )
    assert rows[2][:6] == (
        "STT",
        "Họ và tên / Tập thể",
        "Ngày sinh",
        "Đơn vị",
        "Danh hiệu, hình thức",
        "Kết quả xét",
    )
    by_name = {r[1]: r for r in rows[3:]}
    nhung, duc = by_name["Nguyễn Thị Hồng Nhung"], by_name["Trần Văn Đức"]
    assert nhung[2].date().isoformat() == "1980-03-14" and nhung[5] == "Đủ điều kiện"
    assert (
        "Quy trình bàn giao người bệnh bằng mã QR" in nhung[6]
        and nhung[7] in (None, "")
        and "90%" in nhung[8]
    )
    assert duc[5] == "Chưa đủ" and "thiếu 2023" in duc[7]


def test_tick_the_eligible_and_propose_them_in_one_batch(qtbot, dialog, workspace):
    panel = dialog.panel
    choose(qtbot, panel, panel.title_combo, "LDTT")
    assert not panel.propose_button.isEnabled()
    panel.table.setFocus()
    panel.table.selectAll()
    qtbot.keyClick(panel.table, Qt.Key.Key_Space)  # Space ticks what is chosen; only the eligible take a tick
    assert {c.full_name for c in panel.model.ticked_candidates()} == {"Trần Văn Đức", "Phạm Thu Hà"}
    assert panel.propose_button.text() == "Đề nghị 2 người đã chọn…"
    for name in ("Lê Minh Tâm", "Nguyễn Thị Hồng Nhung"):  # not eligible, or already awarded: no box
        row = next(r for r in range(panel.model.rowCount()) if panel.model.text(r, NAME) == name)
        assert panel.model.index(row, NAME).data(Qt.ItemDataRole.CheckStateRole) is None

    proposal = panel.propose()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is proposal)
    assert "2 LĐTT" in proposal.intro.text() and not proposal.year_box.isEnabled()
    proposal.title_edit.setText("Đề nghị LĐTT năm 2024 từ danh sách đủ điều kiện")
    with qtbot.waitSignal(panel.proposed):
        qtbot.mouseClick(proposal.ok_button, Qt.MouseButton.LeftButton)
    assert panel.status_label.text().startswith(
        "Đã tạo hồ sơ “Đề nghị LĐTT năm 2024 từ danh sách đủ điều kiện” với 2 đề nghị"
    )
    assert not panel.model.ticked and not panel.propose_button.isEnabled()
    batch = next(b for b in list_batches(workspace.ctx, 2024) if b.title.startswith("Đề nghị LĐTT"))
    items = load_batch(workspace.ctx, batch.id).items
    assert sorted(i.subject_name for i in items) == ["Phạm Thu Hà", "Trần Văn Đức"]
    assert {i.award_code for i in items} == {"LDTT"} and {i.status.value for i in items} == {"DRAFT"}


def test_refresh_reads_the_histories_again(qtbot, dialog):
    panel = dialog.panel
    before = panel.histories
    qtbot.mouseClick(panel.refresh_button, Qt.MouseButton.LeftButton)
    assert panel.busy_row.isVisible() and panel.busy_label.text() == LOADING_TEXT
    qtbot.waitUntil(lambda: panel.histories is not before and not panel.loading, timeout=10_000)
    assert not panel.busy_row.isVisible() and panel.model.rowCount() > 0


def test_a_write_in_the_window_is_judged_again_with_the_histories_shared(qtbot, dialog, workspace):
    """The histories are the window's: the same for a second screen; a write they hold (announced by the
    window) gives fresh verdicts at once, one they do not hold (a nomination) keeps them."""
    panel = dialog.panel
    choose(qtbot, panel, panel.title_combo, "CSTD_TINH")
    assert "thiếu 2023" in shown(panel)["Trần Văn Đức"][1]
    before = panel.histories
    assert before is workspace.histories.get()
    with workspace.ctx.write("Tạo hồ sơ đề nghị") as s:
        s.add(NominationBatch(title="Đề nghị năm 2024", year=2024))
    workspace.announce({"nominations"})
    qtbot.waitUntil(lambda: not panel.loading, timeout=10_000)
    assert panel.histories is before and not panel.busy_row.isVisible()
    record_cstdcs_2023_for_duc(workspace.ctx)
    workspace.announce({"decisions"})
    qtbot.waitUntil(lambda: panel.histories is not before, timeout=10_000)
    wait_ready(qtbot, panel)
    assert "thiếu 2023" not in shown(panel)["Trần Văn Đức"][1]


def test_opened_from_the_nominations_page_and_shown_on_the_reports_page(qtbot, make_window, agency, ui_ctx):
    import_history(ui_ctx, read_history(SMALL))
    window = make_window(agency)
    window.show_section(7)
    page = window.current_page()
    page.year_box.setValue(2024)
    qtbot.waitUntil(lambda: not page.loading and page.view_data is not None)
    page.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), EligibilityDialog))
    opened = QApplication.activeModalWidget()
    assert opened.panel.year_box.value() == 2024
    wait_ready(qtbot, opened.panel)
    assert "Nguyễn Thị Hồng Nhung" in shown(opened.panel)
    opened.close()

    window.show_section(section_row("reports"))
    reports = window.current_page()
    wait_ready(qtbot, reports.eligibility)
    assert reports.eligibility.model.rowCount() > 0
    wait_for_background_work()


def test_a_closed_list_hears_no_more_of_the_window(qtbot, workspace):
    """The window's verdicts outlive the list's window: once it is gone, their news reach nothing of it."""
    from PySide6.QtCore import QEvent

    made = EligibilityDialog(workspace, 2024)
    made.show()
    wait_ready(qtbot, made.panel)
    made.close()
    made.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    workspace.announce({"decisions"})
    workspace.verdicts.failed.emit(RuntimeError("thử"))
    workspace.verdicts.progressed.emit(2024)
    qtbot.waitUntil(lambda: not workspace.verdicts.busy, timeout=10_000)
