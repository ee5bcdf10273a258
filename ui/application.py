"""Start the window: Qt set up for Vietnamese, the database opened, the agency asked for once.

`run(args)` is what `python -m app` calls with no command. Exit codes: 0 normal (also when the clerk
closes the first-run form), 2 when the database cannot be opened (nothing was changed in it).
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QLocale
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
    from ui import style
    from ui.icons import icon
    from ui.qt_vi import VietnameseQtTranslator

    app.setApplicationName(APP_NAME)
    app.setOrganizationName("TDKT")
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    if not getattr(app, "_tdkt_translator", None):
        translator = VietnameseQtTranslator(app)
        app.installTranslator(translator)
        app._tdkt_translator = translator
    style.apply(app)
    app.setWindowIcon(icon("app"))


def run(args) -> int:
    app = _qt_application()
    setup(app)

    from app.errors import StartupError
    from app.startup import resolve_url
    from ui.workspace import current_user, prepare_workspace

    try:
        workspace = prepare_workspace(resolve_url(args.db, args.db_url), current_user())
    except StartupError as exc:
        QMessageBox.critical(None, "TĐKT – không mở được cơ sở dữ liệu", str(exc))
        return EXIT_CANNOT_OPEN
    except Exception as exc:  # a malformed --db-url, an unreachable server ...
        QMessageBox.critical(None, "TĐKT – không mở được cơ sở dữ liệu",
                             f"Không mở được cơ sở dữ liệu: {exc}\n\nHãy kiểm tra đường dẫn hoặc địa chỉ máy chủ.")
        return EXIT_CANNOT_OPEN
    if workspace is None:
        return 0  # the clerk closed the first-run form

    from ui.main_window import MainWindow

    window = MainWindow(workspace)
    window.show()
    try:
        return app.exec()
    finally:
        window.workspace.db.dispose()
