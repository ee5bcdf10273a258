""" "Xuất danh sách Excel…" where the clerk needs it: each action asks for the file, writes the list in the
background, says so and opens it. The layouts themselves are checked in tests/unit/test_lists.py."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from app.services.agency import get_agency
from app.services.clusters import ClusterData, create_cluster
from app.services.decisions import issue_decision
from app.services.registrations import RegistrationData, save_registration
from database.enums import ClusterKind
from tests.db.test_decisions import desk  # noqa: F401  (a hospital, three people, four items "Đạt")
from ui.jobs import wait_for_background_work


@pytest.fixture
def ctx(ui_ctx):
    return ui_ctx


@pytest.fixture
def open_area(qtbot, make_window, ui_ctx):
    def make(row: int, year: int = 2025):
        window = make_window(get_agency(ui_ctx))
        window.resize(1366, 768)
        window.workspace.set_year(year)  # the desk's year, chosen as the working year in the status bar
        window.show_section(row)
        page = window.current_page()
        qtbot.waitUntil(lambda: page.view_data is not None and not page.loading, timeout=10_000)
        return page

    yield make
    wait_for_background_work()


@pytest.fixture
def saved(monkeypatch, tmp_path):
    """Where the save dialog answers, and what was opened afterwards."""
    opened: list[str] = []
    target = tmp_path / "ds.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda parent, caption, start, filters: (str(target), filters)
    )
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    return target, opened


def _export(qtbot, exporter, trigger, saved) -> list[tuple]:
    target, opened = saved
    with qtbot.waitSignal(exporter.finished, timeout=20_000) as signal:
        trigger()
    assert signal.args == [target] and opened == [str(target)]
    return list(openpyxl.load_workbook(target).worksheets[0].iter_rows(values_only=True))


def _texts(rows) -> set:
    return {v for r in rows for v in r if isinstance(v, str)}


def test_decision_list_from_the_decisions_page(qtbot, open_area, desk, ui_ctx, saved):  # noqa: F811
    issue_decision(
        ui_ctx, [desk["items"]["lan"], desk["items"]["unit"]], dt.date(2025, 12, 20), desk["signer"]
    )
    page = open_area(8)
    qtbot.waitUntil(lambda: page.detail is not None and page.list_action.isEnabled(), timeout=10_000)
    rows = _export(qtbot, page.list_exporter, page.list_action.trigger, saved)
    assert {"DANH SÁCH KHEN THƯỞNG", "Nguyễn Thị Lan", "Bệnh viện Đa khoa tỉnh"} <= _texts(rows)
    assert any(str(t).startswith("Bằng chữ: ") for t in _texts(rows))
    assert page.status_label.text() == "Đã xuất 2 khen thưởng ra ds.xlsx"


def test_nomination_list_from_the_nominations_page(qtbot, open_area, desk, saved):  # noqa: F811
    page = open_area(7)
    page.year_box.setValue(2025)
    qtbot.waitUntil(lambda: not page.loading and page.view_data.year == 2025, timeout=10_000)
    page.batches.selectRow(0)
    qtbot.waitUntil(lambda: page.batch_view is not None and page.list_action.isEnabled(), timeout=10_000)
    rows = _export(qtbot, page.list_exporter, page.list_action.trigger, saved)
    assert {"DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", "Nam", "Nữ", "I. CÁ NHÂN", "II. TẬP THỂ", "Lê Thu"} <= _texts(
        rows
    )


def test_the_list_sent_up_with_the_submission(qtbot, open_area, desk, saved):  # noqa: F811
    page = open_area(7)
    page.year_box.setValue(2024)
    qtbot.waitUntil(lambda: not page.loading and page.view_data.year == 2024, timeout=10_000)
    page.export_higher_list()
    qtbot.waitUntil(lambda: "chưa có đề nghị “Đạt” nào" in page.status_label.text(), timeout=10_000)
    page.year_box.setValue(2025)
    qtbot.waitUntil(lambda: not page.loading and page.view_data.year == 2025, timeout=10_000)
    rows = _export(qtbot, page.list_exporter, page.higher_list_action.trigger, saved)
    texts = _texts(rows)
    # only the Bằng khen of the province goes up: what the Director grants stays off this list
    assert "Lê Thu" in texts and "Nguyễn Thị Lan" not in texts and "Trần Văn Hùng" not in texts


def test_registration_list_from_the_registrations_page(qtbot, open_area, desk, ui_ctx, saved):  # noqa: F811
    year = dt.date.today().year
    save_registration(
        ui_ctx, RegistrationData(year=year, unit_id=desk["hospital"], persons=((desk["lan"], "CSTDCS"),))
    )
    page = open_area(4, year)
    qtbot.waitUntil(lambda: page.current_unit() is not None, timeout=10_000)
    row = next(r for r in range(page.units_model.rowCount()) if page.units_model.row_id(r).registration_id)
    page.units_view.selectRow(row)
    qtbot.waitUntil(lambda: page.list_action.isEnabled(), timeout=10_000)
    rows = _export(qtbot, page.list_exporter, page.list_action.trigger, saved)
    assert {f"DANH SÁCH ĐĂNG KÝ THI ĐUA NĂM {year}", "Nguyễn Thị Lan", "Chưa đạt"} <= _texts(rows)


def test_cluster_ranking_from_the_clusters_page(qtbot, open_area, desk, ui_ctx, saved):  # noqa: F811
    year = dt.date.today().year
    create_cluster(
        ui_ctx,
        ClusterData(
            year=year,
            name="Cụm bệnh viện",
            kind=ClusterKind.CLUSTER,
            members=(desk["hospital"],),
            leader_id=desk["hospital"],
        ),
    )
    page = open_area(5, year)
    page.reload()
    qtbot.waitUntil(lambda: page.detail is not None and page.list_action.isEnabled(), timeout=10_000)
    rows = _export(qtbot, page.list_exporter, page.list_action.trigger, saved)
    assert "Bệnh viện Đa khoa tỉnh" in _texts(rows)


def test_award_history_from_the_person_record(qtbot, make_window, desk, ui_ctx, saved):  # noqa: F811
    from ui.dialogs.person_record import PersonRecordDialog
    from ui.workspace import Workspace

    issue_decision(ui_ctx, [desk["items"]["lan"]], dt.date(2025, 12, 20), desk["signer"])
    workspace = Workspace(ui_ctx, get_agency(ui_ctx))
    dialog = PersonRecordDialog(workspace, desk["lan"])
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.history_button.isEnabled(), timeout=10_000)
    rows = _export(qtbot, dialog.history_exporter, dialog.history_button.click, saved)
    assert {"QUÁ TRÌNH KHEN THƯỞNG CỦA CÁ NHÂN", "Chiến sĩ thi đua cơ sở"} <= _texts(rows)
    wait_for_background_work()
    workspace.close()
