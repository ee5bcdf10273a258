"""UI fixtures: real widgets (pytest-qt, offscreen) over a real SQLite file opened the program's way."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from app.services.agency import AgencyInfo, SignerInfo, save_agency
from app.services.context import ServiceContext
from app.startup import open_database
from database.engine import sqlite_url
from database.enums import SignAuthority


@pytest.fixture(scope="session")
def ui_template(tmp_path_factory):
    """A migrated database with the catalogue, built once and copied for each test."""
    path = tmp_path_factory.mktemp("ui_template") / "template.sqlite3"
    open_database(sqlite_url(path), backup_dir=path.parent / "backups").dispose()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


@pytest.fixture
def qt_app(qapp):
    from ui.application import setup

    setup(qapp)
    return qapp


@pytest.fixture
def db_path(tmp_path, ui_template):
    path = tmp_path / "so-y-te.sqlite3"
    shutil.copyfile(ui_template, path)
    return path


@pytest.fixture
def ui_db(db_path, tmp_path):
    database = open_database(sqlite_url(db_path), backup_dir=tmp_path / "backups")
    yield database
    database.dispose()


@pytest.fixture
def ui_ctx(ui_db):
    return ServiceContext(ui_db, actor="thu-ky")


def sample_agency() -> AgencyInfo:
    return AgencyInfo(
        parent_name="UBND tỉnh Thanh Hóa",
        name="Sở Y tế",
        symbol="SYT",
        place_name="Thanh Hóa",
        address="101 Nguyễn Trãi, TP Thanh Hóa",
        signers=(
            SignerInfo("Lê Văn Bình", "Giám đốc", is_default=True),
            SignerInfo("Trần Thị Hoa", "Phó Giám đốc", SignAuthority.DEPUTY, "Giám đốc"),
        ),
    )


@pytest.fixture
def agency(ui_ctx):
    return save_agency(ui_ctx, sample_agency())


@pytest.fixture
def make_window(qtbot, qt_app, ui_ctx):
    """Build the main window over the test database once its rows are in place."""
    from ui.main_window import MainWindow
    from ui.workspace import Workspace

    made = []

    def make(agency):
        window = MainWindow(Workspace(ui_ctx, agency))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.workspace.overview is not None and not window.workspace.loading)
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()


SMALL_SCREEN = (1280, 720)  # the smallest office screen the program is used on


def fits_small_screen(dialog) -> bool:
    """A dialog can be shown whole on a 1280×720 screen: its smallest layout leaves room for the taskbar and
    the title bar (what fit_to_screen leaves: 40 px across, 60 px down)."""
    width, height = SMALL_SCREEN
    least = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
    return least.width() <= width - 40 and least.height() <= height - 60


@pytest.fixture
def make_page(qtbot, qt_app, ui_ctx):
    """The Cán bộ page over the test database, read and shown; closed with its record windows after."""
    from ui.jobs import wait_for_background_work
    from ui.pages.staff import StaffPage
    from ui.workspace import Workspace

    made = []

    def make():
        workspace = Workspace(ui_ctx, save_agency(ui_ctx, sample_agency()))
        page = StaffPage(workspace)
        workspace.setParent(page)  # deleted with the page, on this thread, not by a later garbage collection
        qtbot.addWidget(page)
        page.resize(1200, 700)
        page.show()
        page.activated()
        qtbot.waitUntil(lambda: page.view_data is not None and not page.filtering)
        made.append(page)
        return page

    yield make
    for page in made:
        for dialog in page.record_dialogs:
            try:
                dialog.close()
            except RuntimeError:
                pass
        page.workspace.close()
    wait_for_background_work()
