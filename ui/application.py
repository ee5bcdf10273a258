"""Start the window: Qt set up for Vietnamese, the window shown, the database opened behind it, the first-run
wizard on a new database (ui/dialogs/first_run.py), else the sign-in (the agency form or the first
administrator first, on an older database that lacks them).

`run(args)` is what `python -m app` calls with no command. Exit codes: 0 normal (also when the clerk
closes the first-run form or the sign-in), 2 when the database cannot be opened (nothing was changed in it).
"""

from __future__ import annotations

import sys
from enum import Enum

from PySide6.QtCore import QLocale, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

APP_NAME = "TĐKT"
EXIT_CANNOT_OPEN = 2


def _qt_application() -> QApplication:
    app = QApplication.instance()
    if app is not None:
        return app
    if sys.platform == "win32":
        try:  # its own taskbar button and icon, not python.exe's
            import ctypes

            ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID("TDKT.ThiDuaKhenThuong")
        except Exception:
            pass
    return QApplication(sys.argv[:1])


def setup(app: QApplication) -> None:
    """Name, Vietnamese locale and Qt words, font and style. Safe to call more than once."""
    from app.version import program_version
    from ui import file_dialogs, style
    from ui.icons import icon
    from ui.qt_vi import load_translator

    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(program_version())
    app.setOrganizationName("TDKT")
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    if not getattr(app, "_tdkt_translator", None):
        translator = load_translator(app)
        if translator is not None:
            app.installTranslator(translator)
            app._tdkt_translator = translator
    file_dialogs.use_qt_dialogs(app)
    style.apply(app)
    app.setWindowIcon(icon("app"))


def _open_for_start(db_path: str | None, db_url: str | None):
    """Runs on a worker thread: the database layer is imported and the file migrated there."""
    from app.startup import resolve_url
    from ui.workspace import open_workspace_database

    return open_workspace_database(resolve_url(db_path, db_url))


class _Start(QObject):
    """The window is on screen first; the database is opened behind it, then installed into it."""

    def __init__(self, window, db_path: str | None, db_url: str | None):
        super().__init__(window)
        from ui.jobs import Loader

        self.window = window
        self.exit_code: int | None = None  # set when the start ends the program
        self.loader = Loader(_open_for_start, self)
        self.loader.loaded.connect(self._opened)
        self.loader.failed.connect(self._failed)
        # Once the shown window has been painted: the opening's imports (SQLAlchemy, the models) on the
        # worker would otherwise hold the interpreter while the first paint waits.
        self.requested = False
        self.asked: tuple[str | None, str | None] = (None, None)
        QTimer.singleShot(0, lambda: self._request(db_path, db_url))

    def _request(self, db_path: str | None, db_url: str | None) -> None:
        self.requested = True
        self.asked = (db_path, db_url)  # app.startup is imported by the loader's thread, not before the paint
        self.loader.request(db_path, db_url)

    @property
    def finished(self) -> bool:
        return self.requested and not self.loader.busy

    def _opened(self, _where: tuple, opened) -> None:
        from app.services.first_run import StartChoice
        from ui.workspace import finish_workspace

        if not self.window.isVisible():  # the clerk closed the window while it was opening
            opened.db.dispose()
            return
        held = opened.db.read_only
        if held is not None and held.held_here:  # one window per database: the one already open
            from database.location import already_open_text

            path = opened.db.file_path
            opened.db.dispose()
            QMessageBox.information(self.window, "TĐKT đang mở", already_open_text(path, held.holder))
            self._end(0)
            return
        try:
            workspace = finish_workspace(opened, self.window)
        except Exception as exc:
            self._failed(exc)
            return
        if workspace is None:  # the clerk closed the first-run form or the sign-in
            self._end(0)
            return
        self.window.install_workspace(workspace)
        if workspace.first_start is StartChoice.IMPORT:  # chosen in the first-run wizard's last step
            self._first_imports()

    def _first_imports(self) -> None:
        """The list of units first (Đơn vị page), then, once that dialog is closed, the staff lists (Cán bộ
        page: the file dialog, then the staff-list import); either may be closed and done later."""
        from ui.main_window import section_row

        def staff(_code: int) -> None:
            self.window.sidebar.setCurrentRow(section_row("staff"))
            self.window.current_page().import_from_excel()

        self.window.sidebar.setCurrentRow(section_row("units"))
        self.window.current_page().import_units().finished.connect(staff)

    def _failed(self, exc: Exception) -> None:
        from app.errors import StartupError
        from app.startup import opens_remembered_server

        if opens_remembered_server(
            *self.asked
        ):  # the server chosen earlier cannot be opened: this PC's data?
            way = ask_without_server(self.window, exc)
            if way is None:  # Thoát: the reason was said in the question
                self._end(EXIT_CANNOT_OPEN)
                return
            if way is WithoutServer.FOR_GOOD:
                from app.startup import forget_database_url

                forget_database_url()
            from app.paths import default_database_path

            self._request(str(default_database_path()), None)
            return
        message = (
            str(exc)
            if isinstance(exc, StartupError)
            else (f"Không mở được cơ sở dữ liệu: {exc}\n\nHãy kiểm tra đường dẫn hoặc địa chỉ máy chủ.")
        )
        QMessageBox.critical(self.window, "TĐKT – không mở được cơ sở dữ liệu", message)
        self._end(EXIT_CANNOT_OPEN)

    def _end(self, code: int) -> None:
        self.exit_code = code
        self.window.close()


class WithoutServer(Enum):
    """What to do when the remembered server cannot be opened at start (else: Thoát)."""

    THIS_TIME = "this_time"  # this PC's file for this start; the server is tried again next time
    FOR_GOOD = "for_good"  # this PC's file, and the server forgotten


def ask_without_server(parent, exc: Exception) -> WithoutServer | None:
    """The remembered server cannot be opened: say why, and offer this PC's data (once, or for good) or Thoát."""
    from app.errors import UserError
    from app.paths import default_database_path, remembered_url_file

    box = QMessageBox(QMessageBox.Icon.Warning, "TĐKT – không mở được máy chủ dữ liệu", "", parent=parent)
    why = str(exc) if isinstance(exc, UserError) else f"Không mở được cơ sở dữ liệu: {exc}"
    box.setText(
        f"{why}\n\nMáy này được chọn để mở dữ liệu trên máy chủ trên (ghi nhớ trong tệp “{remembered_url_file()}”). "
        "Hãy kiểm tra máy chủ và mạng, hoặc tạm dùng dữ liệu trên máy này."
    )
    box.setInformativeText(
        f"Dữ liệu trên máy này: tệp “{default_database_path()}” (là dữ liệu riêng của máy này, không phải dữ "
        "liệu trên máy chủ)."
    )
    box.setStandardButtons(
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.YesToAll | QMessageBox.StandardButton.No
    )
    box.button(QMessageBox.StandardButton.Yes).setText("Dùng dữ liệu trên máy này lần này")
    box.button(QMessageBox.StandardButton.YesToAll).setText("Dùng dữ liệu trên máy này từ nay")
    box.button(QMessageBox.StandardButton.No).setText("Thoát")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return {
        QMessageBox.StandardButton.Yes: WithoutServer.THIS_TIME,
        QMessageBox.StandardButton.YesToAll: WithoutServer.FOR_GOOD,
    }.get(box.exec())


def run(args) -> int:
    app = _qt_application()
    setup(app)

    from ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    start = _Start(window, args.db, args.db_url)
    try:
        code = app.exec()
    finally:
        if window.workspace is not None:
            from ui.jobs import wait_for_background_work

            wait_for_background_work()  # a write still queued (the sign-in's record) ends before the close
            window.workspace.db.dispose()
    return start.exit_code if start.exit_code is not None else code
