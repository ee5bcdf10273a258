"""Tệp › Hợp nhất dữ liệu từ cơ sở dữ liệu khác…: the check lists the probable matches, a ticked one is joined
by the merge, which runs off the GUI thread and leaves the dialog showing what it did."""

from __future__ import annotations

import shutil
import uuid

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import func, insert, select

from app.demo import build_demo
from app.services.agency import get_agency
from app.services.context import ServiceContext
from app.startup import open_database
from app.text import fold, name_sort_key
from database.engine import sqlite_url
from database.models import Person, Unit
from ui.operations import QueryOp


def _province(folder, template, name: str, seed: int):
    path = folder / f"{name}.sqlite3"
    shutil.copyfile(template, path)
    db = open_database(sqlite_url(path), backup_dir=folder / "b")
    build_demo(db, small=True, seed=seed, staff=120)
    return path, db


@pytest.fixture
def provinces(tmp_path, ui_template):
    here_path, here = _province(tmp_path, ui_template, "here", 9)
    with here.session() as s:
        name, birth, gender = s.execute(
            select(Person.full_name, Person.birth_date, Person.gender)
            .where(Person.birth_date.is_not(None), Person.name_folded != func.lower(Person.full_name))
            .order_by(Person.id)
        ).first()
    other_path, other = _province(tmp_path, ui_template, "other", 4)
    unmarked = " ".join(w.capitalize() for w in fold(name).split())
    with other.session() as s:
        renamed = "Bệnh viện Đa khoa tỉnh Lâm Giang"  # their hospital; ours is "…Sơn Hà"
        s.execute(
            Unit.__table__.update()
            .where(Unit.name == "Bệnh viện Đa khoa tỉnh Sơn Hà")
            .values(name=renamed, name_folded=fold(renamed))
        )
        s.execute(
            insert(Person).values(
                uid=uuid.uuid4().hex,
                full_name=unmarked,
                name_folded=fold(unmarked),
                sort_key=name_sort_key(unmarked),
                gender=gender,
                birth_date=birth,
                birth_year=birth.year,
                unit_id=s.scalar(select(Unit.id).order_by(Unit.id)),
            )
        )
        s.commit()
    other.dispose()
    yield here, other_path, unmarked
    here.dispose()


def test_check_tick_a_probable_match_and_merge(qtbot, qt_app, provinces, monkeypatch):
    from ui.dialogs.database_merge import DatabaseMergeDialog
    from ui.workspace import Workspace

    here, other, unmarked = provinces
    ctx = ServiceContext(here, actor="quan-tri")
    with ctx.read() as s:
        people = s.scalar(select(func.count()).select_from(Person))
    dialog = DatabaseMergeDialog(Workspace(ctx, get_agency(ctx)))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.use_file(other)
    dialog.check()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.report is not None, timeout=60_000)
    report = dialog.report
    assert not report.written and dialog.merge_button.isEnabled()
    rows = [dialog.probable.item(r, 1).text() for r in range(dialog.probable.rowCount())]
    mine = rows.index(next(r for r in rows if r.startswith(unmarked)))
    dialog.probable.item(mine, 0).setCheckState(Qt.CheckState.Checked)
    hospital = next(
        r
        for r in range(dialog.units.rowCount())
        if dialog.units.item(r, 1).text() == "Bệnh viện Đa khoa tỉnh Lâm Giang"
        and dialog.units.item(r, 3).text() == "Bệnh viện Đa khoa tỉnh Sơn Hà"
    )
    dialog.units.item(hospital, 0).setCheckState(Qt.CheckState.Checked)
    dialog.tabs.setCurrentWidget(dialog.units)
    qtbot.wait(50)
    dialog.grab().save(str(other.with_name("hop-nhat-don-vi.png")))
    qtbot.wait(100)
    dialog.grab().save(str(other.with_name("hop-nhat.png")))
    dialog.run_merge()
    qtbot.waitUntil(lambda: not dialog.busy and "Đã hợp nhất" in dialog.verdict.text(), timeout=60_000)
    done = dialog.report
    assert done.written and done.joined["persons"] == report.joined["persons"] + 1
    assert done.joined["units"] > report.joined["units"] + 1  # the hospital, and its departments by name
    assert dialog.probable.item(mine, 0).checkState() == Qt.CheckState.Checked  # shown as joined
    with ctx.read() as s:
        after = s.scalar(select(func.count()).select_from(Person))
        assert s.scalar(select(func.count()).select_from(Person).where(Person.full_name == unmarked)) == 0
    assert after == people + report.added["persons"] - 1
    # The list of every line, written in the background like any list, and read back.
    target = other.with_name("hop-nhat.xlsx")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(target), ""))
    with qtbot.waitSignal(dialog.report_exporter.finished, timeout=60_000) as saved:
        assert isinstance(dialog.save_report(), QueryOp)
    assert saved.args == [target]
    rows = list(openpyxl.load_workbook(target).worksheets[0].iter_rows(values_only=True))
    assert len(rows) > len(done.lines)
    assert "Đã xuất" in dialog.verdict.text() and "hop-nhat.xlsx" in dialog.verdict.text()
