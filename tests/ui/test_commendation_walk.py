"""Issue acceptance: one batch walked from received to decided in the real window — the verdicts shown, the
council's tallies typed in, the decision drawn up with its bonuses and total, the awards in the person's
record."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt

from app.services.agency import save_agency
from app.services.council import add_member
from app.services.nominations import BatchData, add_nomination, create_batch, load_batch
from app.services.records import person_record
from app.services.registrations import RegistrationData, save_registration
from database.enums import NominationStatus
from tests.db.test_review import build_history
from tests.ui.boxes import Answers
from tests.ui.conftest import sample_agency
from tests.ui.test_decisions_page import shortcut, tick, wait_idle
from tests.ui.test_nominations_page import STATUS_COLUMN, cell_text, select_rows, wait_judged
from ui.jobs import wait_for_background_work
from ui.pages.nominations import VERDICT_COLUMN

S = NominationStatus


@pytest.fixture
def received(ui_ctx):
    world = build_history(ui_ctx)  # Lan: HTXSNV and CSTĐCS 2023–2024; Châu: HTTNV
    batch = create_batch(
        ui_ctx,
        BatchData(
            year=2025,
            title="Đề nghị khen thưởng năm 2025",
            unit_id=world["hospital"],
            received_on=dt.date(2025, 12, 1),
        ),
    )
    lan = add_nomination(ui_ctx, batch, "CSTDCS", person_id=world["lan"])
    chau = add_nomination(ui_ctx, batch, "LDTT", person_id=world["chau"])
    for i in range(1, 11):
        add_member(ui_ctx, f"Thành viên {i}", dt.date(2024, 1, 1))
    # registered at the start of the year, as the law asks before a title is considered
    save_registration(
        ui_ctx,
        RegistrationData(
            year=2025, unit_id=world["hospital"], persons=((world["lan"], "CSTDCS"), (world["chau"], "LDTT"))
        ),
    )
    return {**world, "batch": batch, "lan_item": lan, "chau_item": chau}


def test_a_batch_from_received_to_decided(qtbot, make_window, ui_ctx, received, monkeypatch):
    answers = Answers(monkeypatch)  # sent to the council without papers, then Ban hành: the clerk goes on
    window = make_window(save_agency(ui_ctx, sample_agency()))
    window.resize(1366, 800)

    # Đề nghị & Xét duyệt: the verdicts beside the items
    window.show_section(7)
    review = window.current_page()
    review.year_box.setValue(2025)
    wait_judged(qtbot, review)
    assert cell_text(review, "Nguyễn Thị Lan", VERDICT_COLUMN) == "Đủ điều kiện"
    assert cell_text(review, "Phạm Minh Châu", VERDICT_COLUMN) == "Đủ điều kiện"

    # The LĐTT passes on the unit's list; the CSTĐCS goes to the council, which votes 9 of 10.
    select_rows(review, "Phạm Minh Châu")
    with qtbot.waitSignal(review.workspace.changed):
        review.status_actions[S.PASSED].trigger()
    wait_judged(qtbot, review)
    select_rows(review, "Nguyễn Thị Lan")
    assert not review.status_actions[S.PASSED].isEnabled()  # the CSTĐCS waits for the council's vote
    with qtbot.waitSignal(review.workspace.changed):
        review.status_actions[S.IN_COUNCIL].trigger()
    assert [a.title for a in answers.asked] == ["Hồ sơ còn thiếu giấy tờ"]
    wait_judged(qtbot, review)
    meeting = review.open_meeting()
    meeting.when_edit.setDate(meeting.when_edit.date().fromString("10/12/2025", "dd/MM/yyyy"))
    qtbot.waitUntil(
        lambda: not meeting.loading
    )  # the council and the items of that day, read in the background
    assert meeting.quorum_label.text().startswith("10/10 thành viên dự — đủ số lượng")
    meeting.set_counts(received["lan_item"], 9, 1)
    assert meeting.result_text(received["lan_item"]) == "ĐẠT"
    with qtbot.waitSignal(meeting.accepted):
        qtbot.mouseClick(meeting.save_button, Qt.MouseButton.LeftButton)
    wait_judged(qtbot, review)
    assert cell_text(review, "Nguyễn Thị Lan", STATUS_COLUMN) == "Đạt"

    # Quyết định & Khen thưởng: the decision with its bonuses and total, issued with a number
    window.show_section(8)
    decisions = window.current_page()
    wait_idle(qtbot, decisions)
    shortcut(qtbot, decisions, Qt.Key.Key_N)
    dialog = decisions.active_dialog
    wait_idle(qtbot, dialog)
    dialog.day_edit.setDate(QDate(2025, 12, 20))
    tick(qtbot, dialog.picker, received["lan_item"], received["chau_item"])
    wait_idle(qtbot, dialog)
    lines = dialog.lines_model
    assert [lines.text(r, 4) for r in range(lines.rowCount())] == ["2.340.000", "710.000"]
    assert dialog.total_label.text() == "Tổng tiền thưởng: 3.050.000 đồng"
    assert dialog.words_label.text() == "Bằng chữ: Ba triệu không trăm năm mươi nghìn đồng."
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: decisions.active_dialog is None, timeout=10_000)  # issued on the writer thread
    assert decisions.status_label.text().startswith("Đã ban hành Quyết định số 01/QĐ-SYT: 2 khen thưởng")

    # The awards are in the person's record at once, and the items are closed.
    awards = {a.code: a for a in person_record(ui_ctx, received["lan"]).awards if a.year == 2025}
    assert (awards["CSTDCS"].decision_number, awards["CSTDCS"].bonus_amount) == ("01/QĐ-SYT", 2_340_000)
    chau = next(a for a in person_record(ui_ctx, received["chau"]).awards if a.year == 2025)
    assert (chau.code, chau.bonus_amount) == ("LDTT", 710_000)
    assert {i.status for i in load_batch(ui_ctx, received["batch"]).items} == {S.DECIDED}
    window.show_section(7)
    wait_judged(qtbot, review)
    assert cell_text(review, "Nguyễn Thị Lan", STATUS_COLUMN) == "Đã quyết định"
    wait_for_background_work()
