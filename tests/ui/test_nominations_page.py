"""The Đề nghị & Xét duyệt page driven like a clerk: a batch is created, people and a collective are
proposed, papers are attached, the verdicts appear, an item goes back for more papers, and the council
meets, counts its ballots and decides."""

from __future__ import annotations

import datetime as dt

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMessageBox
from sqlalchemy import func, select

from app.services.agency import save_agency
from app.services.council import add_member, end_member
from app.services.nominations import BatchData, add_nomination, create_batch
from app.services.registrations import RegistrationData, save_registration
from database.enums import NominationStatus
from database.models import CouncilMeeting, Nomination
from tests.db.test_review import build_history
from tests.ui.boxes import Answers
from tests.ui.conftest import fits_small_screen, sample_agency
from tests.ui.keyboard import type_text
from ui.dialogs.nomination_batch import BatchDialog
from ui.jobs import wait_for_background_work
from ui.pages.nominations import ITEM_HEADERS, PAPERS_COLUMN, VERDICT_COLUMN

S = NominationStatus
YEAR = 2025
STATUS_COLUMN = ITEM_HEADERS.index("Trạng thái")


@pytest.fixture
def world(ui_ctx):
    return build_history(ui_ctx)


@pytest.fixture
def page(qtbot, make_window, ui_ctx, world):
    """The page in the real main window, over the hospital's history (and whatever fixtures before it added)."""
    window = make_window(save_agency(ui_ctx, sample_agency()))
    window.resize(1366, 800)
    window.show_section(7)
    shown = window.current_page()
    shown.year_box.setValue(YEAR)
    wait_loaded(qtbot, shown)
    yield shown
    wait_for_background_work()


def wait_loaded(qtbot, page) -> None:
    qtbot.waitUntil(
        lambda: (
            page.view_data is not None
            and page.view_data.year == page.year_box.value()
            and not page.loading
            and not page.workspace.loading
        )
    )


def wait_judged(qtbot, page) -> None:
    wait_loaded(qtbot, page)
    qtbot.waitUntil(
        lambda: (
            page.batch_view is not None and page.judged_batch == page.batch_view.batch.id and not page.loading
        )
    )


def ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def gone(dialog) -> bool:
    """The dialog has closed (one opened window-modal is deleted as it closes)."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def saved(qtbot, dialog) -> None:
    """OK, and the write (on the writer thread) has gone through: the dialog has closed."""
    with qtbot.waitSignal(dialog.accepted):
        ok(qtbot, dialog)


def refused(qtbot, dialog) -> str:
    """OK, and the service's refusal is shown in red in the dialog, which stays open."""
    ok(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.error.text() != "")
    assert dialog.isVisible()
    return dialog.error.text()


def row_of(page, name: str, award: str | None = None) -> int:
    model = page.items_model
    for r in range(model.rowCount()):
        if model.text(r, 0).startswith(name) and (award is None or model.text(r, 1) == award):
            return r
    raise AssertionError(f"{name} is not in the batch: {[model.text(r, 0) for r in range(model.rowCount())]}")


def cell_text(page, name: str, column: int, award: str | None = None) -> str:
    return page.items_model.text(row_of(page, name, award), column)


def cell_tip(page, name: str, column: int) -> str:
    model = page.items_model
    return model.data(model.index(row_of(page, name), column), Qt.ItemDataRole.ToolTipRole)


def select_rows(page, *names: str) -> None:
    page.items.clearSelection()
    for name in names:
        page.items.selectRow(row_of(page, name)) if len(names) == 1 else page._add_row(row_of(page, name))


def test_a_batch_is_created_filled_checked_and_an_item_returned(qtbot, page, world, tmp_path, monkeypatch):
    save_registration(
        page.workspace.ctx,
        RegistrationData(year=YEAR, unit_id=world["hospital"], persons=((world["lan"], "CSTDCS"),)),
    )
    assert page.batches_empty.text().startswith("Chưa có hồ sơ đề nghị nào của năm 2025")
    assert not page.add_item_action.isEnabled()

    # a new batch (Ctrl+N, wherever the focus is on the page), received today, with the hospital's tờ trình number
    page.window().activateWindow()
    qtbot.waitUntil(page.window().isActiveWindow)
    page.year_box.setFocus()
    qtbot.keyClick(page.year_box, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.findChild(BatchDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.unit_combo.select_unit(world["hospital"])
    assert dialog.title_edit.text() == "Đề nghị khen thưởng năm 2025 – Bệnh viện Đa khoa tỉnh"
    type_text(qtbot, dialog.reference_edit, "125/TTr-BV")
    saved(qtbot, dialog)
    wait_loaded(qtbot, page)
    assert page.batches.rowCount() == 1
    assert (
        page.batches.item(0, 0).text()
        == "Bệnh viện Đa khoa tỉnh\nĐề nghị khen thưởng năm 2025 – Bệnh viện Đa khoa tỉnh"
    )
    assert (
        page.batches.item(0, 1).text().endswith("\n125/TTr-BV")
        and page.batches.item(0, 3).text() == "Đã nhận"
    )
    assert "Hồ sơ chưa có đề nghị nào" in page.batch_facts.text()

    # two people found by a folded name among the hospital's staff, and the hospital itself
    for query, code in (("nguyen thi lan", "CSTDCS"), ("Hùng", "CSTDCS")):
        dialog = page.add_item()
        qtbot.waitUntil(lambda d=dialog: d.search is not None)
        type_text(qtbot, dialog.search_edit, query)
        assert dialog.hits.count() == 1
        dialog.award_combo.setCurrentIndex(dialog.award_combo.findData(code))
        qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Return)  # Enter adds the highlighted person
        qtbot.waitUntil(lambda d=dialog: gone(d))
        wait_loaded(qtbot, page)
    dialog = page.add_item()
    dialog.collective_radio.setChecked(True)
    codes = [dialog.award_combo.itemData(i) for i in range(dialog.award_combo.count())]
    assert "TTLDTT" in codes and "CSTDCS" not in codes and "LDTT" not in codes  # only forms for a collective
    dialog.award_combo.setCurrentIndex(dialog.award_combo.findData("TTLDTT"))
    assert dialog.unit_combo.currentData() == world["hospital"]
    saved(qtbot, dialog)
    wait_judged(qtbot, page)
    assert page.items_model.rowCount() == 3
    assert (
        page.status_label.text() == "Đã thêm đề nghị Tập thể lao động tiên tiến cho Bệnh viện Đa khoa tỉnh."
    )
    assert cell_text(page, "Nguyễn Thị Lan (01/03/1980)", 1) == "CSTĐCS"
    assert cell_text(page, "Tập thể Bệnh viện Đa khoa tỉnh", 1) == "TTLĐTT"

    # the verdicts: Lan, rated HTXSNV, is eligible (the vote still to come); Hùng, HTTNV, is not
    assert cell_text(page, "Nguyễn Thị Lan", VERDICT_COLUMN) == "Đủ điều kiện"
    lan_tip = cell_tip(page, "Nguyễn Thị Lan", VERDICT_COLUMN)
    assert "Chờ xem xét: Hội đồng TĐKT bỏ phiếu kín: cần từ 80% tổng số thành viên đồng ý" in lan_tip
    # Lan registered for CSTĐCS at the start of the year; Hùng and the hospital did not: flagged
    assert cell_text(page, "Trần Văn Hùng", VERDICT_COLUMN) == "Chưa đủ · chưa đăng ký"
    hung_tip = cell_tip(page, "Trần Văn Hùng", VERDICT_COLUMN)
    assert hung_tip.startswith("Chưa đăng ký thi đua danh hiệu này trong năm")
    assert "Thiếu: Năm 2025 chưa xếp loại Hoàn thành xuất sắc nhiệm vụ" in hung_tip
    assert cell_text(page, "Tập thể", VERDICT_COLUMN) == "Chưa đủ · chưa đăng ký"  # no member is LĐTT yet
    select_rows(page, "Trần Văn Hùng")
    assert "Chưa đủ" in page.details.verdict_label.text() and "Còn thiếu" in page.details.verdict_label.text()

    # papers: the tờ trình for the whole batch ticks one paper off every item
    assert cell_text(page, "Nguyễn Thị Lan", PAPERS_COLUMN) == (
        "Thiếu: Tờ trình; Báo cáo thành tích; Biên bản bình xét; Chứng nhận sáng kiến, đề tài hoặc xác nhận HTXSNV"
    )
    paper = tmp_path / "To trinh 125.pdf"
    paper.write_bytes(b"%PDF-1.4 to trinh")
    select_rows(page, "Nguyễn Thị Lan")
    dialog = page.attach_paper()
    assert dialog.scope_combo.currentData() == page.current_item().id  # the chosen item first
    dialog.scope_combo.setCurrentIndex(0)  # the whole batch
    assert dialog.kind_combo.currentText() == "Tờ trình"
    dialog.set_path(paper)
    saved(qtbot, dialog)
    wait_judged(qtbot, page)
    assert cell_text(page, "Nguyễn Thị Lan", PAPERS_COLUMN) == (
        "Thiếu: Báo cáo thành tích; Biên bản bình xét; Chứng nhận sáng kiến, đề tài hoặc xác nhận HTXSNV"
    )
    assert cell_text(page, "Tập thể", PAPERS_COLUMN) == "Thiếu: Biên bản bình xét"
    assert "Giấy tờ chung: Tờ trình" in page.batch_facts.text()

    # the stored paper opens again from the database
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    select_rows(page, "Nguyễn Thị Lan")
    assert page.details.attachments.item(0, 1).text() == "To trinh 125.pdf"
    page.details.attachments.selectRow(0)
    path = page.open_current_attachment()
    assert (
        opened == [str(path)]
        and path.name == "To trinh 125.pdf"
        and path.read_bytes() == b"%PDF-1.4 to trinh"
    )

    # Hùng goes back for more papers: a reason is required
    select_rows(page, "Trần Văn Hùng")
    assert page.status_actions[S.RETURNED].isEnabled()
    assert not page.status_actions[S.PASSED].isEnabled()  # a CSTĐCS needs the council's vote
    dialog = page.move_selected(S.RETURNED)
    assert refused(qtbot, dialog) == "Cần ghi lý do khi chuyển sang “Trả lại bổ sung”."
    type_text(qtbot, dialog.reason_edit, "Thiếu báo cáo thành tích có xác nhận")
    saved(qtbot, dialog)
    wait_judged(qtbot, page)
    assert cell_text(page, "Trần Văn Hùng", STATUS_COLUMN) == "Trả lại bổ sung"
    qtbot.waitUntil(lambda: page.details.history.rowCount() == 2)
    history = page.details.history
    assert [history.item(0, c).text() for c in range(1, 5)] == [
        "thu-ky",
        "Đã nhận",
        "Trả lại bổ sung",
        "Thiếu báo cáo thành tích có xác nhận",
    ]

    # a move the service refuses for one item changes none of them, and says why
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    select_rows(page, "Nguyễn Thị Lan", "Trần Văn Hùng")
    assert page.selected_ids() and len(page.selected_ids()) == 2
    # first: both dossiers lack papers; the clerk is told which, and stops
    answers = Answers(monkeypatch, yes=False)
    assert page.move_selected(S.IN_COUNCIL) is None
    (asked,) = answers.asked
    assert asked.title == "Hồ sơ còn thiếu giấy tờ"
    assert set(asked.buttons) == {"Vẫn đưa ra Hội đồng", "Quay lại bổ sung"}
    assert asked.text.startswith("2 trong 2 đề nghị đưa ra Hội đồng còn thiếu giấy tờ bắt buộc:")
    assert (
        "• Nguyễn Thị Lan – Chiến sĩ thi đua cơ sở: thiếu Báo cáo thành tích; Biên bản bình xét; "
        "Chứng nhận sáng kiến, đề tài hoặc xác nhận HTXSNV" in asked.text.splitlines()
    )
    assert page.status_label.text() == "Chưa đưa ra Hội đồng: hồ sơ còn thiếu giấy tờ."
    wait_for_background_work()
    assert not warnings and cell_text(page, "Nguyễn Thị Lan", STATUS_COLUMN) == "Đã nhận"
    answers.yes = True  # then goes on anyway: the service refuses the move for Hùng
    page.move_selected(S.IN_COUNCIL)
    qtbot.waitUntil(lambda: bool(warnings))
    assert (
        warnings
        and "Không thể chuyển đề nghị đang ở trạng thái “Trả lại bổ sung” sang “Đưa ra Hội đồng”"
        in warnings[0]
    )
    wait_judged(qtbot, page)
    assert cell_text(page, "Nguyễn Thị Lan", STATUS_COLUMN) == "Đã nhận"


@pytest.fixture
def proposed(ui_ctx, world):
    batch = create_batch(
        ui_ctx,
        BatchData(
            year=YEAR,
            title="Đề nghị khen thưởng năm 2025",
            unit_id=world["hospital"],
            received_on=dt.date(YEAR, 12, 1),
        ),
    )
    items = {
        "lan": add_nomination(ui_ctx, batch, "CSTDCS", person_id=world["lan"]),
        "hung": add_nomination(ui_ctx, batch, "CSTDCS", person_id=world["hung"]),
        "chau": add_nomination(ui_ctx, batch, "LDTT", person_id=world["chau"]),
    }
    members = [add_member(ui_ctx, f"Thành viên {i}", dt.date(2024, 1, 1)) for i in range(1, 11)]
    end_member(ui_ctx, members[-1], dt.date(2025, 6, 30))  # left before the meeting: 9 members then
    return {"batch": batch, "members": members[:-1], **items}


def test_the_council_meets_counts_and_decides(qtbot, proposed, page, ui_ctx, monkeypatch):
    answers = Answers(monkeypatch)  # the dossiers lack papers: the clerk is warned and goes on
    wait_judged(qtbot, page)
    # the LĐTT passes on the unit's review list; the CSTĐCS go to the council
    select_rows(page, "Phạm Minh Châu")
    assert page.status_actions[S.PASSED].isEnabled()
    with qtbot.waitSignal(page.workspace.changed):
        page.status_actions[S.PASSED].trigger()
    wait_judged(qtbot, page)
    assert cell_text(page, "Phạm Minh Châu", STATUS_COLUMN) == "Đạt"
    select_rows(page, "Nguyễn Thị Lan", "Trần Văn Hùng")
    assert not page.status_actions[S.PASSED].isEnabled()  # a CSTĐCS passes only by the council's vote
    with qtbot.waitSignal(page.workspace.changed):
        page.status_actions[S.IN_COUNCIL].trigger()
    assert [a.title for a in answers.asked] == ["Hồ sơ còn thiếu giấy tờ"]
    wait_judged(qtbot, page)
    assert cell_text(page, "Nguyễn Thị Lan", STATUS_COLUMN) == "Đưa ra Hội đồng"

    # the members: one more appointed from the dialog, so the council has 10 on the meeting day
    members = page.open_members()
    qtbot.waitUntil(lambda: members.table.rowCount() == 10)  # read in the background
    assert members.table.rowCount() == 10 and members.table.item(9, 4).text() == "30/06/2025"
    type_text(qtbot, members.name_edit, "Lê Văn Bình")
    members.role_combo.setCurrentIndex(0)  # Chủ tịch Hội đồng
    members.from_edit.setDate(dt.date(2025, 1, 1))
    qtbot.mouseClick(members.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: members.table.rowCount() == 11 and not members.loading)
    assert members.error.text() == ""
    assert members.table.rowCount() == 11 and members.table.item(0, 0).text() == "Lê Văn Bình"
    members.close()

    dialog = page.open_meeting()
    dialog.when_edit.setDate(dialog.when_edit.date().fromString("10/12/2025", "dd/MM/yyyy"))
    qtbot.waitUntil(
        lambda: not dialog.loading
    )  # the council and the items of that day, read in the background
    assert dialog.attendance.rowCount() == 10
    assert dialog.quorum_label.text().startswith("10/10 thành viên dự — đủ số lượng (cần từ 8 người, 80%")
    assert [dialog.ballots.item(r, 0).text() for r in range(dialog.ballots.rowCount())] == [
        "Nguyễn Thị Lan (01/03/1980)",
        "Trần Văn Hùng (01/03/1975)",
    ]
    assert dialog.ballots.item(0, 6).text() == "8"  # 80% of the whole council of 10
    tip = dialog.ballots.item(0, 6).toolTip()  # the source in words, no bare certainty tag
    assert tip.startswith("Cần từ 8 phiếu đồng ý: 80% của 10 thành viên.\nCăn cứ: ") and "[" not in tip
    assert fits_small_screen(dialog)

    # three absent, one of them sending a written opinion: the quorum fails, live
    ids = [m.id for m in dialog.members]
    for member_id in ids[-3:]:
        dialog.set_attendance(member_id, present=False)
    dialog.set_attendance(ids[-1], present=False, written=True)
    assert dialog.quorum_label.text().startswith(
        "7/10 thành viên dự, 1 gửi ý kiến bằng văn bản — chưa đủ số lượng"
    )

    # the counts, typed into the grid: a digit starts a count, Tab goes to the next one
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.ballots.setFocus()
    dialog.ballots.setCurrentCell(0, 3)
    qtbot.keyClicks(dialog.ballots, "8")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "0")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.ballots.item(0, 4).text() == "0")  # Enter commits on the next event loop
    assert dialog.ballots.item(0, 3).text() == "8" and dialog.result_text(proposed["lan"]) == "ĐẠT"
    dialog.set_counts(proposed["hung"], 7, 1)
    assert dialog.result_text(proposed["hung"]) == "KHÔNG ĐẠT"  # 7 of 10 is below 80%, whoever was absent
    dialog.set_counts(proposed["hung"], 8, 1)
    assert dialog.result_text(proposed["hung"]) == "Quá 8 người bỏ phiếu"
    dialog.set_counts(proposed["hung"], 6, 2)

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "chưa đủ 8 người theo quy định" in dialog.error.text())
    with ui_ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(CouncilMeeting)) == 0  # nothing written

    dialog.set_attendance(ids[-2], present=True)
    assert dialog.quorum_label.text().startswith(
        "8/10 thành viên dự, 1 gửi ý kiến bằng văn bản — đủ số lượng"
    )
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gone(dialog))
    wait_judged(qtbot, page)
    assert page.status_label.text() == "Đã ghi kết quả bỏ phiếu: 1 đề nghị đạt, 1 không đạt."
    assert cell_text(page, "Nguyễn Thị Lan", STATUS_COLUMN) == "Đạt"
    assert cell_text(page, "Trần Văn Hùng", STATUS_COLUMN) == "Không đạt"
    select_rows(page, "Trần Văn Hùng")
    qtbot.waitUntil(lambda: page.details.history.rowCount() == 3)  # received, to the council, failed
    reason = page.details.history.item(0, 4).text()
    assert reason.startswith("Hội đồng TĐKT họp ngày 10/12/2025: 6/10 phiếu đồng ý (60,0%)")
    assert not page.status_actions[S.IN_COUNCIL].isEnabled()


def test_the_vote_grid_keeps_its_columns_and_delete_clears_a_count(qtbot, proposed, page):
    """Typing counts used to widen and narrow columns, so the next click landed in the wrong one; and a
    count could be cleared only by typing 0."""
    dialog = page.open_meeting()
    dialog.when_edit.setDate(dialog.when_edit.date().fromString("10/12/2025", "dd/MM/yyyy"))
    dialog.received_check.setChecked(True)  # the items are "Đã nhận": the council may vote them too
    qtbot.waitUntil(lambda: not dialog.loading and dialog.ballots.rowCount() == 3)  # Lan, Hùng, Châu
    qtbot.waitUntil(lambda: dialog.ballots.item(0, 6).text() == "8")
    grid, header = dialog.ballots, dialog.ballots.horizontalHeader()
    lan, hung = ([i.id for i in dialog.items].index(proposed[k]) for k in ("lan", "hung"))

    def edges() -> list[tuple[int, int]]:
        return [(header.sectionPosition(c), header.sectionSize(c)) for c in range(grid.columnCount())]

    before = edges()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    grid.setFocus()
    grid.setCurrentCell(lan, 3)
    qtbot.keyClicks(grid, "8")  # a digit starts a count; Tab goes on to the next cell
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "125")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: grid.item(lan, 4).text() == "125")
    assert dialog.result_text(proposed["lan"]) == "Quá 9 người bỏ phiếu"  # the 9 members of that day
    dialog.set_counts(proposed["hung"], 9)
    assert dialog.result_text(proposed["hung"]) == "ĐẠT"
    assert edges() == before

    # Delete on a count clears it; Backspace too; the result follows
    grid.setFocus()
    grid.setCurrentCell(lan, 4)
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert grid.item(lan, 4).text() == "" and grid.state() != QAbstractItemView.State.EditingState
    assert dialog.result_text(proposed["lan"]) == "ĐẠT"
    grid.setCurrentCell(hung, 3)
    qtbot.keyClick(grid, Qt.Key.Key_Backspace)
    assert grid.item(hung, 3).text() == ""
    assert dialog.result_text(proposed["hung"]) == "Chưa bỏ phiếu"
    assert [t.nomination_id for t in dialog.tallies()] == [proposed["lan"]]
    assert edges() == before
    dialog.reject()


def test_the_minutes_of_a_meeting_print(qtbot, proposed, page, ui_ctx, tmp_path, monkeypatch):
    import pypdf
    from PySide6.QtWidgets import QFileDialog

    from app.services.council import Tally, open_meeting, record_votes

    page.print_minutes()
    qtbot.waitUntil(lambda: page.status_label.text() == "Năm 2025 chưa có phiên họp Hội đồng nào được ghi.")
    assert page.minutes_job is None
    meeting = open_meeting(
        ui_ctx, dt.datetime(2025, 12, 10, 8, 30), YEAR, present=proposed["members"], location="Phòng họp Sở"
    )
    record_votes(ui_ctx, meeting, [Tally(proposed["lan"], 8, 1)])
    target = tmp_path / "bien-ban.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda parent, caption, start, filters: (str(target), filters)
    )
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    page.print_minutes()
    qtbot.waitUntil(lambda: page.minutes_job is not None, timeout=10_000)
    with qtbot.waitSignal(page.minutes_job.done, timeout=15_000):
        pass
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(target).pages).split())
    assert "BIÊN BẢN" in text and "Phòng họp Sở" in text and "Nguyễn Thị Lan" in text and "Đạt" in text


def test_nominating_an_award_holder_asks_for_a_reason(qtbot, proposed, page, ui_ctx, world):
    """Luật Đ5.2c: Lan already holds CSTĐCS 2024 (2024/QĐ-SYT). Proposing her again for 2024 is refused
    naming that decision; "Đối tượng đã được khen" takes a written reason, which the item keeps."""
    batch = create_batch(
        ui_ctx,
        BatchData(
            year=2024,
            title="Đề nghị bổ sung năm 2024",
            unit_id=world["hospital"],
            received_on=dt.date(2024, 12, 1),
        ),
    )
    page.year_box.setValue(2024)
    wait_loaded(qtbot, page)
    page.batches.selectRow(
        next(
            r
            for r in range(page.batches.rowCount())
            if "Đề nghị bổ sung năm 2024" in page.batches.item(r, 0).text()
        )
    )
    wait_judged(qtbot, page)
    assert page.batch_view.batch.id == batch
    dialog = page.add_item()
    qtbot.waitUntil(lambda: dialog.search is not None)
    type_text(qtbot, dialog.search_edit, "nguyen thi lan")
    dialog.award_combo.setCurrentIndex(dialog.award_combo.findData("CSTDCS"))
    assert refused(qtbot, dialog).startswith("Nguyễn Thị Lan: Đã được khen CSTĐCS 2024 (QĐ 2024/QĐ-SYT)")
    override = dialog.override_dialog
    qtbot.waitUntil(lambda: override.isVisible())
    assert override.windowTitle() == "Đối tượng đã được khen" and "2024/QĐ-SYT" in override.intro.text()
    assert "hãy ghi rõ lý do" in refused(qtbot, override)  # no reason, no override
    override.reason_edit.setPlainText("Quyết định 2024/QĐ-SYT ghi nhầm danh hiệu, đề nghị lại để đính chính")
    ok(qtbot, override)
    qtbot.waitUntil(lambda: gone(dialog))
    wait_judged(qtbot, page)
    assert page.status_label.text().startswith("Đã thêm đề nghị")
    with ui_ctx.read() as s:
        reason = s.scalar(select(Nomination.override_reason).where(Nomination.batch_id == batch))
    assert reason == "Quyết định 2024/QĐ-SYT ghi nhầm danh hiệu, đề nghị lại để đính chính"
    assert cell_text(page, "Nguyễn Thị Lan", VERDICT_COLUMN).startswith("Đã được khen")
    select_rows(page, "Nguyễn Thị Lan")  # the council reads the reason beside the verdict
    qtbot.waitUntil(lambda: "lý do:" in page.details.verdict_label.text())
    assert "ghi nhầm danh hiệu, đề nghị lại để đính chính" in page.details.verdict_label.text()


def test_a_failed_move_leaves_no_wait_cursor_and_says_why(qtbot, proposed, page, monkeypatch):
    """An error other than a refusal (here the database failing) is said in Vietnamese, nothing moves,
    and the cursor is the clerk's again."""
    import ui.pages.nominations as nominations_page

    def broken(ctx, ids, to, reason=None):
        raise RuntimeError("disk I/O error")

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    monkeypatch.setattr(nominations_page, "change_status", broken)
    wait_judged(qtbot, page)
    select_rows(page, "Phạm Minh Châu")
    page.move_selected(S.PASSED)
    qtbot.waitUntil(lambda: bool(warnings))
    assert QApplication.overrideCursor() is None
    assert warnings[0].startswith("Chưa chuyển được: lỗi không mong đợi (RuntimeError: disk I/O error)")
    assert warnings[0].endswith("Không đề nghị nào bị thay đổi.")
    assert page.status_label.text().startswith("Chưa chuyển được: lỗi không mong đợi")
    assert cell_text(page, "Phạm Minh Châu", STATUS_COLUMN) == "Đã nhận"


def test_a_draft_batch_is_received_and_a_new_one_in_another_year_is_shown(qtbot, page, world, ui_ctx):
    draft = create_batch(ui_ctx, BatchData(year=YEAR, title="Danh sách gửi trước", unit_id=world["hospital"]))
    lan = add_nomination(ui_ctx, draft, "LDTT", person_id=world["lan"])
    page.refresh()
    wait_judged(qtbot, page)
    assert page.batches.item(0, 3).text() == "Đang soạn"
    assert cell_text(page, "Nguyễn Thị Lan", STATUS_COLUMN) == S.DRAFT.label
    select_rows(page, "Nguyễn Thị Lan")
    assert page.receive_action.isEnabled() and not page.status_actions[S.PASSED].isEnabled()  # not received
    dialog = page.receive_batch()
    type_text(qtbot, dialog.reference_edit, "88/TTr-BV")
    saved(qtbot, dialog)
    wait_judged(qtbot, page)
    assert page.status_label.text() == "Đã nhận hồ sơ “Danh sách gửi trước”."
    assert page.batches.item(0, 3).text() == "Đã nhận" and page.batches.item(0, 1).text().endswith(
        "88/TTr-BV"
    )
    assert cell_text(page, "Nguyễn Thị Lan", STATUS_COLUMN) == "Đã nhận"
    assert page.current_item().id == lan

    # a batch made for the next year: the page goes to that year and selects it
    dialog = page.new_batch()
    dialog.year_box.setValue(YEAR + 1)
    saved(qtbot, dialog)
    qtbot.waitUntil(lambda: page.year_box.value() == YEAR + 1)
    wait_judged(qtbot, page)
    assert page.batch_view.batch.year == YEAR + 1 and page.batches.rowCount() == 1
    assert page.status_label.text().startswith(f"Đã tạo hồ sơ “Đề nghị khen thưởng năm {YEAR + 1}”.")
