"""Thống kê on the Báo cáo page, driven like a clerk over a small imported history (tests/data/
history_small.xlsx): the tab counts in the background, the filters recount, the tables and charts fill, the
tables go to Excel with their charts, and the yearly report (TT 02/2023/TT-BNV indicators) fills the filters."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.exchange.history import read_history
from app.services.history import import_history
from app.services.statistics import TT02_LABEL, StatQuery, SubjectKind, award_statistics
from database.enums import Gender
from ui.jobs import wait_for_background_work
from ui.widgets.stat_charts import series_count
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
def page(qtbot, workspace):
    from ui.pages.reports import ReportsPage

    made = ReportsPage(workspace)
    qtbot.addWidget(made)
    made.resize(1280, 760)
    made.show()
    made.sections.setCurrentWidget(made.statistics)
    wait_counted(qtbot, made.statistics)
    yield made
    wait_for_background_work()


def wait_counted(qtbot, panel) -> None:
    qtbot.waitUntil(
        lambda: panel.stats is not None and not panel.loading and panel.stats.query == panel.current_query(),
        timeout=10_000,
    )


def choose(qtbot, panel, combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))
    wait_counted(qtbot, panel)


def test_the_tab_counts_the_last_years_with_awards(page, ui_ctx):
    panel = page.statistics
    choices = panel.choices
    assert panel.to_year.value() == choices.last_year
    assert panel.from_year.value() == max(choices.first_year, choices.last_year - 4)
    expected = award_statistics(ui_ctx, panel.current_query())
    assert expected.count > 0 and panel.stats == expected
    assert panel.tables.count() == 6 and panel.charts.count() == 4
    years = panel.models["nam"]
    assert years.rowCount() == panel.to_year.value() - panel.from_year.value() + 2  # the years and the total
    assert years.value(years.rowCount() - 1, "Tổng số lượt") == expected.count
    assert years.data(years.index(years.rowCount() - 1, 0)) == "Tổng cộng"
    for view in (panel.year_chart, panel.unit_chart, panel.sex_chart, panel.level_chart):
        assert series_count(view) == 1, view.objectName()
    assert panel.year_chart.chart().series()[0].count() == 2  # titles and forms, stacked
    assert "lượt khen thưởng" in panel.status_label.text()
    assert page.eligibility.basics is None  # the other tab has read nothing


def test_filters_recount(qtbot, page, ui_ctx):
    panel = page.statistics
    choose(qtbot, panel, panel.gender_combo, Gender.FEMALE)
    women = award_statistics(
        ui_ctx, StatQuery(panel.from_year.value(), panel.to_year.value(), gender=Gender.FEMALE)
    )
    assert panel.stats.count == women.count
    assert panel.models["doi_tuong"].value(panel.models["doi_tuong"].rowCount() - 1, "Nam") == 0

    choose(qtbot, panel, panel.subject_combo, SubjectKind.COLLECTIVE)
    assert not panel.gender_combo.isEnabled() and panel.stats.query.gender is None
    assert panel.stats.query.subject is SubjectKind.COLLECTIVE

    choose(qtbot, panel, panel.subject_combo, None)
    choose(qtbot, panel, panel.gender_combo, None)
    unit = panel.stats.units[0]  # the most awarded
    panel.unit_combo.select_unit(unit.unit_id)
    wait_counted(qtbot, panel)
    assert panel.stats.scope == unit.name and panel.stats.count == unit.total
    assert panel.stats.count == award_statistics(ui_ctx, panel.current_query()).count

    panel.special_box.setChecked(False)
    wait_counted(qtbot, panel)
    assert not panel.stats.query.include_special

    choose(qtbot, panel, panel.award_combo, "LDTT")
    assert panel.stats.query.codes == frozenset({"LDTT"})


def test_export_writes_every_table_with_charts(qtbot, page, tmp_path):
    panel = page.statistics
    path = tmp_path / "thong-ke.xlsx"
    with qtbot.waitSignal(panel.exporter.finished, timeout=10_000):
        panel.export(path)
    assert "Đã xuất 6 bảng" in panel.status_label.text()
    assert panel.export_button.isEnabled()
    book = load_workbook(path)
    assert len(book.sheetnames) == 6
    sheet = book["Theo năm"]
    assert sheet["A2"].value == "SỞ Y TẾ"
    assert sheet._charts
    total_row = next(r for r in range(10, 40) if sheet.cell(row=r, column=2).value == "Tổng cộng")
    assert sheet.cell(row=total_row, column=8).value == panel.stats.count


def test_the_yearly_report_preset(qtbot, page, tmp_path, monkeypatch):
    panel = page.statistics
    path = tmp_path / "tt02.xlsx"
    monkeypatch.setattr("ui.widgets.stat_panel.ask_xlsx_path", lambda *_args: path)
    panel.subject_combo.setCurrentIndex(panel.subject_combo.findData(SubjectKind.INDIVIDUAL))
    year = panel.to_year.value()
    with qtbot.waitSignal(panel.exporter.finished, timeout=10_000):
        panel.tt02_button.click()
    wait_counted(qtbot, panel)
    query = panel.stats.query
    assert (query.year_from, query.year_to, query.subject, query.unit_id) == (year, year, None, None)
    book = load_workbook(path)
    assert book.sheetnames == ["Đối tượng, giới tính", "Cấp khen thưởng", "Loại hình", "Theo đơn vị"]
    sheet = book["Đối tượng, giới tính"]
    assert sheet["A3"].value == f"BÁO CÁO THỐNG KÊ THI ĐUA, KHEN THƯỞNG NĂM {year}"
    assert sheet["A6"].value == TT02_LABEL
