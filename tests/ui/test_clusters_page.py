"""The Cụm/Khối thi đua page driven like a clerk: a cluster of five units, its sheet pasted from Excel, the
points typed into the grid (an over-maximum value refused), the ranking with its tie, the suy tôn, and the
clusters copied to next year with the leader's turn passed on."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QMessageBox, QToolBar
from sqlalchemy import select

from app.services.agency import save_agency
from app.services.clusters import (
    ClusterData,
    MemberRef,
    cluster_detail,
    create_cluster,
    delete_cluster,
    list_clusters,
    parse_sheet,
    save_sheet,
)
from app.services.units import create_unit_under_department
from database.enums import ClusterKind
from database.models import AwardType, ClusterMember, Unit
from tests.db.test_clusters import NAMES, SHEET
from tests.ui.conftest import sample_agency
from tests.ui.keyboard import type_text
from tests.ui.mouse import double_click
from ui.dialogs.cluster_copy import CopyClustersDialog
from ui.jobs import wait_for_background_work

YEAR = dt.date.today().year
# Columns of the grid: STT, tiêu chí, tối đa, then (tự chấm, cụm chấm) for each member in name order.
ORDER = ["dk", "mat", "nhi", "phoi", "yhct"]
SELF = {
    "nhi": "38 28 19 10",
    "mat": "40 30 20 10",
    "phoi": "35,5 27 18 9,5",
    "dk": "35 28 17 8",
    "yhct": "40 30 16 10",
}
ASSESSED = {"mat": "35 25", "yhct": "30 25 20 10"}


@pytest.fixture
def units(ui_ctx):
    create_unit_under_department(ui_ctx, "Sở Y tế")
    return {key: create_unit_under_department(ui_ctx, name) for key, name in NAMES.items()}


@pytest.fixture
def page(qtbot, make_window, ui_ctx, units):
    window = make_window(save_agency(ui_ctx, sample_agency()))
    window.resize(1366, 800)
    window.workspace.set_year(
        YEAR
    )  # the clusters' year (the year under review is the year before until April)
    window.show_section(5)
    page = window.current_page()
    wait_loaded(qtbot, page)
    yield page
    wait_for_background_work()


def wait_loaded(qtbot, page) -> None:
    qtbot.waitUntil(lambda: page.view_data is not None and not page.loading and not page.workspace.loading)


def column(key: str, assessed: bool = False) -> int:
    return 3 + 2 * ORDER.index(key) + int(assessed)


def type_column(qtbot, page, col: int, values: str) -> None:
    """Click the first criterion of a column and type its points, Enter after each: the grid moves down."""
    table, model = page.scores_tab.view, page.scores_tab.model
    table.setFocus()
    table.setCurrentIndex(model.index(min(model.criterion_rows), col))
    for value in values.split():
        qtbot.keyClick(table, value[0])  # any key opens the cell's editor with that key in it
        (editor,) = [
            e for e in table.findChildren(QLineEdit) if e.isVisible()
        ]  # closed ones linger until deleted
        type_text(qtbot, editor, value[1:])
        qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next turn of the event loop
        qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)


def test_a_cluster_of_five_scored_ranked_and_proposed(qtbot, page, ui_ctx, units):
    assert "chưa có cụm, khối thi đua nào" in page.empty_label.text()

    # A new cluster: name, the five units ticked, the leader and the deputy.
    dialog = page.open_add()
    type_text(qtbot, dialog.name_edit, "Cụm thi đua các bệnh viện tuyến tỉnh")
    for row in range(dialog.unit_list.count()):
        item = dialog.unit_list.item(row)
        if item.text() in NAMES.values():
            item.setCheckState(Qt.CheckState.Checked)
    assert dialog.count_label.text() == "Đã chọn 5 thành viên"
    dialog.leader_box.setCurrentIndex(dialog.leader_box.findData(MemberRef.unit(units["dk"]).key))
    dialog.deputy_box.setCurrentIndex(dialog.deputy_box.findData(MemberRef.unit(units["mat"]).key))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.detail is not None)
    wait_loaded(qtbot, page)
    assert page.clusters_model.text(0, 3) == "Bệnh viện Đa khoa tỉnh"
    assert [page.members_tab.model.text(r, 2) for r in range(5)][:2] == ["Cụm/Khối trưởng", "Cụm/Khối phó"]

    # The sheet, pasted from Excel and saved.
    page.tabs.setCurrentIndex(2)
    QGuiApplication.clipboard().setText(
        SHEET.replace("Tổng cộng", "2.3 Điểm trừ: báo cáo chậm\t-5\nTổng cộng")
    )
    sheet = page.sheet_tab
    sheet.paste()
    # the penalty line takes nothing from the most a member can reach
    assert sheet.tree.topLevelItem(1).child(2).text(2) == "−5"  # a true minus sign
    assert sheet.tree.topLevelItemCount() == 2 and sheet.total_label.text() == "Tổng điểm tối đa: 100"
    sheet.tree.topLevelItem(1).takeChild(2)
    qtbot.mouseClick(sheet.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.detail is not None and len(page.detail.criteria) == 4)
    assert page.status_label.text() == "Đã lưu bảng tiêu chí chấm điểm."
    wait_loaded(qtbot, page)

    # The points, typed; Enter goes down past the group's heading row.
    page.tabs.setCurrentIndex(3)
    for key, values in SELF.items():
        type_column(qtbot, page, column(key), values)
    for key, values in ASSESSED.items():
        type_column(qtbot, page, column(key, assessed=True), values)
    grid = page.scores_tab.model
    assert grid.text(grid.total_row, column("mat")) == "100"
    assert grid.text(grid.total_row, column("mat", True)) == "60"
    assert grid.text(grid.final_row, column("mat")) == "90"
    assert grid.text(grid.final_row, column("phoi")) == "90"
    assert grid.data(grid.index(grid.final_row, column("nhi")), Qt.ItemDataRole.ToolTipRole) == "Hạng 1"
    assert not grid.flags(grid.index(grid.total_row, column("mat"))) & Qt.ItemFlag.ItemIsEditable

    # Over the maximum (1.1 is worth 40): refused, the cell keeps its points, the status says why. (The points
    # typed above are saved first: a save's late "Đã ghi điểm…" would otherwise overwrite the refusal.)
    wait_for_background_work()
    qtbot.wait(50)
    type_column(qtbot, page, column("dk"), "45")
    assert "vượt điểm tối đa 40" in page.status_label.text()
    assert grid.text(min(grid.criterion_rows), column("dk")) == "35"
    type_column(qtbot, page, column("dk"), "-3")  # negative: refused the same way
    assert page.status_label.text() == "Điểm không được âm."
    assert grid.text(min(grid.criterion_rows), column("dk")) == "35"
    # Every point typed was saved, cell by cell, on the writer thread.
    wait_for_background_work()
    assert dict(cluster_detail(ui_ctx, page.detail.id).scores) == page.scores
    assert len(page.scores) == 20

    # The ranking: a tie for second place, the next rank is 4.
    page.tabs.setCurrentIndex(4)
    assert page.ranking_texts() == [
        ("1", "Bệnh viện Nhi", "95"),
        ("2 (đồng hạng)", "Bệnh viện Mắt", "90"),
        ("2 (đồng hạng)", "Bệnh viện Phổi", "90"),
        ("4", "Bệnh viện Đa khoa tỉnh", "88"),
        ("5", "Bệnh viện Y học cổ truyền", "85"),
    ]
    assert "Đồng hạng 2" in page.ranking_tab.note.text()

    # Suy tôn: the top unit comes pre-selected for the Cờ; the meeting adds a Bằng khen.
    dialog = page.open_proposal()
    member = {m.unit_id: m.id for m in page.detail.members}
    nhi, mat = member[units["nhi"]], member[units["mat"]]
    assert dialog.choices[nhi].currentData() == "CO_TINH"
    dialog.choose(mat, "CO_TINH")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    # Two Cờ for one cluster: the service refuses, the dialog stays with the reason.
    qtbot.waitUntil(lambda: "tối đa 1 đơn vị" in dialog.error.text())
    assert dialog.isVisible() and dialog.ok_button.isEnabled()
    dialog.choose(mat, "BK_TINH")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Đã ghi kết quả suy tôn" in page.status_label.text())
    wait_loaded(qtbot, page)
    with ui_ctx.read() as s:
        proposed = dict(
            s.execute(
                select(Unit.name, AwardType.code)
                .join(ClusterMember, ClusterMember.unit_id == Unit.id)
                .join(AwardType, AwardType.id == ClusterMember.proposed_award_type_id)
            ).all()
        )
    assert proposed == {"Bệnh viện Nhi": "CO_TINH", "Bệnh viện Mắt": "BK_TINH"}
    qtbot.waitUntil(
        lambda: page.clusters_model.rowCount() == 1 and page.clusters_model.text(0, 5) == "2 đơn vị"
    )
    qtbot.waitUntil(lambda: "Đã suy tôn" in page.ranking_tab.note.text())

    # Next year: same cluster and sheet. The cluster has no rule: the same leader and deputy are proposed;
    # the clerk chooses this year's deputy to lead.
    page.copy_action.trigger()
    qtbot.waitUntil(lambda: page.active_dialog is not None)
    copy = page.active_dialog
    ((leader, deputy),) = copy.choices.values()
    assert (leader.currentText(), deputy.currentText()) == ("Bệnh viện Đa khoa tỉnh", "Bệnh viện Mắt")
    copy.choose(page.detail.id, MemberRef.unit(units["mat"]), MemberRef.unit(units["nhi"]))
    qtbot.mouseClick(copy.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.view_data.year == YEAR + 1 and page.clusters_model.rowCount() == 1)
    wait_loaded(qtbot, page)
    assert page.clusters_model.text(0, 3) == "Bệnh viện Mắt"
    assert page.clusters_model.text(0, 4) == "Bệnh viện Nhi"
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.year == YEAR + 1)
    assert len(page.detail.criteria) == 4 and not page.detail.scores


@pytest.fixture
def scored(ui_ctx, units):
    """A cluster of the five with its sheet, made before the page reads."""
    cluster_id = create_cluster(
        ui_ctx,
        ClusterData(
            YEAR,
            "Cụm bệnh viện",
            ClusterKind.CLUSTER,
            tuple(units[k] for k in ORDER),
            units["dk"],
            units["mat"],
        ),
    )
    save_sheet(ui_ctx, cluster_id, parse_sheet(SHEET))
    return cluster_id


def test_points_the_database_refuses_are_taken_back_and_the_reason_said(qtbot, scored, page, ui_ctx):
    qtbot.waitUntil(lambda: page.detail is not None and len(page.detail.criteria) == 4)
    page.tabs.setCurrentIndex(3)
    grid = page.scores_tab.model
    first = min(grid.criterion_rows)
    delete_cluster(ui_ctx, scored)  # someone else removes it meanwhile; this page has not read again
    type_column(qtbot, page, column("nhi"), "30")  # shown at once; the refusal may already be back
    qtbot.waitUntil(lambda: "Không tìm thấy cụm, khối" in page.status_label.text())
    assert grid.text(first, column("nhi")) == "" and grid.text(grid.total_row, column("nhi")) == "0"


def test_the_pledge_is_numbered_and_the_page_reads_it_again(qtbot, scored, page, ui_ctx):
    qtbot.waitUntil(lambda: page.detail is not None)
    pledge = page.pledge_tab
    pledge.text_edit.setPlainText("Các đơn vị cam kết hoàn thành chỉ tiêu.")
    assert pledge.register_button.isEnabled() and not pledge.attach_button.isEnabled()
    with qtbot.waitSignal(page.workspace.changed):
        double_click(qtbot, pledge.register_button)  # once: a second click would be refused, "đã vào sổ"
    qtbot.waitUntil(lambda: page.detail.pledge is not None and page.detail.pledge.document_id is not None)
    number = page.detail.pledge.reference.split()[0]
    wait_for_background_work()
    qtbot.wait(0)  # a second write's refusal would be delivered now
    assert page.status_label.text() == f"Đã vào sổ giao ước thi đua, số {number}."
    assert pledge.reference.text().startswith(number) and pledge.attach_button.isEnabled()
    assert not pledge.register_button.isEnabled()
    assert cluster_detail(ui_ctx, scored).pledge.content == "Các đơn vị cam kết hoàn thành chỉ tiêu."


def test_a_cluster_deleted_from_the_page(qtbot, scored, page, ui_ctx, monkeypatch):
    qtbot.waitUntil(lambda: page.detail is not None)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.delete_action.trigger()
    qtbot.waitUntil(lambda: "chưa có cụm, khối thi đua nào" in page.empty_label.text())
    assert page.status_label.text() == "Đã xóa “Cụm bệnh viện”."
    assert page.detail is None and not page.edit_action.isEnabled()
    assert list_clusters(ui_ctx, YEAR) == []


def test_a_double_click_on_copy_copies_to_next_year_only(qtbot, scored, page, ui_ctx):
    """The second click of a double-click neither copies again nor copies the new year to the year after."""
    qtbot.waitUntil(lambda: page.detail is not None)
    (toolbar,) = page.findChildren(QToolBar)
    button = toolbar.widgetForAction(page.copy_action)
    double_click(qtbot, button)
    qtbot.waitUntil(lambda: page.active_dialog is not None)
    wait_for_background_work()
    qtbot.wait(50)
    assert len([d for d in page.findChildren(CopyClustersDialog) if d.isVisible()]) == 1  # one dialog
    qtbot.mouseClick(page.active_dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.view_data.year == YEAR + 1 and page.clusters_model.rowCount() == 1)
    wait_loaded(qtbot, page)
    wait_for_background_work()
    qtbot.wait(0)  # the announcements of the writes done are delivered
    wait_loaded(qtbot, page)
    assert len(list_clusters(ui_ctx, YEAR + 1)) == 1
    assert list_clusters(ui_ctx, YEAR + 2) == []
    # One copy ran: a second one would have said that next year has the cluster already.
    assert page.status_label.text().startswith(f"Đã sao chép 1 cụm, khối sang năm {YEAR + 1}")
    assert "đã có sẵn" not in page.status_label.text()


def test_copy_pressed_again_once_the_new_year_shows_does_nothing(qtbot, scored, page, ui_ctx):
    """The original fault: the first copy done and the page on the new year, the second click of the
    double-click (still within its interval) copied that year on."""
    interval = QApplication.doubleClickInterval()
    QApplication.setDoubleClickInterval(60_000)  # however slow the machine, still "the same double-click"
    try:
        qtbot.waitUntil(lambda: page.detail is not None)
        page.copy_action.trigger()
        qtbot.waitUntil(lambda: page.active_dialog is not None)
        with qtbot.waitSignal(page.workspace.changed):
            qtbot.mouseClick(page.active_dialog.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.view_data.year == YEAR + 1 and page.clusters_model.rowCount() == 1)
        wait_loaded(qtbot, page)
        page.copy_action.trigger()
        wait_for_background_work()  # a write started would be done
        qtbot.wait(50)
        assert list_clusters(ui_ctx, YEAR + 2) == []
        if page.active_dialog is not None:  # the clerk's own choice to copy on: nothing written unless OK
            page.active_dialog.reject()
    finally:
        QApplication.setDoubleClickInterval(interval)
