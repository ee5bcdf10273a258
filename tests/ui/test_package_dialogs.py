"""Tệp › Xuất gói dữ liệu ra USB… and Tệp › Nhập gói dữ liệu…: export a year to a folder, then check and
import that package into another database through the menu."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select

from app.demo import build_demo
from app.services.agency import get_agency
from app.services.context import ServiceContext
from app.startup import open_database
from database.engine import sqlite_url
from database.models import Award, Person

YEAR = 2024


@pytest.fixture
def demo_workspace(qt_app, tmp_path, ui_template):
    from ui.workspace import Workspace

    path = tmp_path / "nguon.sqlite3"
    shutil.copyfile(ui_template, path)
    db = open_database(sqlite_url(path), backup_dir=tmp_path / "b")
    ctx = ServiceContext(db, actor="thu-ky")
    build_demo(db, small=True, seed=9, staff=300)
    workspace = Workspace(ctx, get_agency(ctx))
    yield workspace
    workspace.close()
    db.dispose()


def count(ctx, model) -> int:
    with ctx.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def export_with_dialog(qtbot, workspace, folder, password=""):
    from ui.dialogs.package_export import PackageExportDialog

    dialog = PackageExportDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.year.setValue(YEAR)
    qtbot.waitUntil(lambda: dialog.decision.count() > 1 and not dialog.loading)  # read in the background
    assert dialog.decision.itemText(0) == "Cả năm"
    assert "chưa có khóa ký" in dialog.signing.text()
    dialog.folder.setEditText(str(folder))
    dialog.password.setText(password)
    dialog.password_again.setText(password)
    dialog.no_password.setChecked(not password)  # a package without a password is the clerk's choice
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=60_000)
    return dialog


def test_export_then_import_through_the_menu(qtbot, demo_workspace, make_window, agency, ui_ctx, tmp_path):
    exported = export_with_dialog(qtbot, demo_workspace, tmp_path, password="bí mật")
    target = exported.result_.target
    assert target.is_file() and target.parent == tmp_path and "Đã xuất" in exported.verdict.text()

    window = make_window(agency)
    window.package_import_action.trigger()
    from ui.dialogs.package_import import PackageImportDialog

    dialog = window.findChild(PackageImportDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.check(target)  # no password yet: refused with the reason, nothing to import
    qtbot.waitUntil(lambda: "mật khẩu" in dialog.verdict.text(), timeout=30_000)
    assert not dialog.import_button.isEnabled()

    dialog.password.setText("bí mật")
    dialog.check(target)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=30_000)
    assert "<b>Sẽ nhập:</b>" in dialog.verdict.text() and "khen thưởng" in dialog.verdict.text()
    assert "Không có chữ ký" in dialog.signer.text()  # the source office made no signing key
    kinds = {dialog.details_model.text(r, 0) for r in range(dialog.details_model.rowCount())}
    assert {"Đơn vị", "Cán bộ", "Khen thưởng", "Xếp loại"} <= kinds
    assert count(ui_ctx, Award) == 0 and dialog.import_button.isEnabled()

    planned = dialog.report.added["awards"]
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.verdict.text().startswith("<b>Đã nhập.</b>"), timeout=60_000)
    assert count(ui_ctx, Award) == planned and count(ui_ctx, Person) == dialog.report.added["persons"]


def test_different_passwords_are_refused_before_exporting(qtbot, demo_workspace, tmp_path):
    from ui.dialogs.package_export import PackageExportDialog

    dialog = PackageExportDialog(demo_workspace)
    qtbot.addWidget(dialog)
    dialog.folder.setEditText(str(tmp_path))
    dialog.password.setText("một")
    dialog.password_again.setText("hai")
    dialog.export_button.click()
    assert "không giống nhau" in dialog.verdict.text() and not list(tmp_path.glob("*.zip"))


def test_records_this_database_cannot_place_are_shown_for_review_first(
    qtbot, demo_workspace, ui_ctx, agency, tmp_path
):
    """Two people here share a packaged person's exact name and birth, and neither unit nor position tells
    them apart: that person is listed "Cần xem xét" at the top, and the rest of the package is imported."""
    from app.exchange.package import PackageScope, export_package
    from app.text import fold, name_sort_key
    from database.enums import UnitKind
    from database.models import Unit
    from ui.dialogs.package_import import PackageImportDialog
    from ui.workspace import Workspace

    package = export_package(demo_workspace.ctx, PackageScope(YEAR), tmp_path / "goi.zip").target
    with demo_workspace.ctx.read() as s:
        name, born = s.execute(
            select(Person.full_name, Person.birth_date)
            .where(Person.birth_date.is_not(None))
            .order_by(Person.id)
            .limit(1)
        ).one()
    with ui_ctx.write("namesakes") as s:
        unit = Unit(name="Phòng khám tư nhân", name_folded=fold("Phòng khám tư nhân"), kind=UnitKind.HOSPITAL)
        s.add(unit)
        s.flush()
        for _ in range(2):
            s.add(
                Person(
                    full_name=name,
                    name_folded=fold(name),
                    sort_key=name_sort_key(name),
                    birth_date=born,
                    birth_year=born.year,
                    unit_id=unit.id,
                )
            )
    workspace = Workspace(ui_ctx, agency)
    dialog = PackageImportDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.check(package)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=30_000)
    assert "1 bản ghi cần xem xét, không nhập" in dialog.verdict.text() and dialog.import_button.isEnabled()
    first = [dialog.details_model.text(0, c) for c in range(4)]
    assert first[:2] == ["Cán bộ", "Cần xem xét"] and name in first[2] and "2 người cùng họ tên" in first[3]

    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.verdict.text().startswith("<b>Đã nhập.</b>"), timeout=60_000)
    assert "cần xem xét" in dialog.verdict.text()
    assert count(ui_ctx, Person) == dialog.report.added["persons"] + 2
    workspace.close()
