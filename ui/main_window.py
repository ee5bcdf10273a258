"""The main window: a sidebar of areas, the page of the chosen area, and a status bar.

At start-up the window is shown before its database is open (`MainWindow()` then `install_workspace`),
and pages are built the first time they are opened, so it appears before anything heavy is imported.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QDate, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QFont, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.permissions import Permission
from app.errors import StartupError
from app.guides import GUIDES
from app.version import program_version
from ui import file_dialogs
from ui import settings as pc_settings
from ui.backup_schedule import BackupSchedule
from ui.icons import icon
from ui.idle_lock import IdleLock, open_forms
from ui.jobs import wait_for_background_work
from ui.permissions import allow
from ui.widgets.read_only_banner import ReadOnlyBanner
from ui.widgets.screen_fit import fit_to_screen
from ui.widgets.year_combo import year_spin

if TYPE_CHECKING:  # the database layer is imported off the GUI thread while the window is painted
    from ui.operations import QueryOp
    from ui.pages.base import Page
    from ui.workspace import Workspace

WINDOW_TITLE = f"TĐKT {program_version()} – Quản lý thi đua, khen thưởng"
DATABASE_FILTER = "Cơ sở dữ liệu TĐKT (*.sqlite3 *.sqlite *.db);;Mọi tệp (*)"


@dataclass(frozen=True)
class Section:
    """An entry of the sidebar and the page it opens."""

    title: str
    icon: str
    page: str  # "module:Class", imported when first opened
    needs: str = ""  # a Permission's value: the section is hidden from an account without it


SECTIONS: tuple[Section, ...] = (
    Section("Tổng quan", "overview", "ui.pages.overview:OverviewPage"),
    Section("Đơn vị", "units", "ui.pages.units:UnitsPage"),
    Section("Cán bộ", "staff", "ui.pages.staff:StaffPage"),
    Section("Phong trào thi đua", "campaigns", "ui.pages.campaigns:CampaignsPage"),
    Section("Đăng ký thi đua", "registrations", "ui.pages.registrations:RegistrationsPage"),
    Section("Cụm/Khối thi đua", "clusters", "ui.pages.clusters:ClustersPage"),
    Section("Sáng kiến", "initiatives", "ui.pages.initiatives:InitiativesPage"),
    Section("Đề nghị & Xét duyệt", "nominations", "ui.pages.nominations:NominationsPage"),
    Section("Quyết định & Khen thưởng", "decisions", "ui.pages.decisions:DecisionsPage"),
    Section("Văn bản", "documents", "ui.pages.documents:DocumentsPage"),
    Section("Văn bản đến", "incoming", "ui.pages.incoming:IncomingPage"),
    Section("Báo cáo & Xuất dữ liệu", "reports", "ui.pages.reports:ReportsPage"),
    Section("Cài đặt", "settings", "ui.pages.settings:SettingsPage"),
    Section("Nhật ký", "audit", "ui.pages.audit:AuditPage", needs="audit"),
)


def section_row(icon: str) -> int:
    """The sidebar row of a section, by its icon name ("settings"): tests and links need no row numbers."""
    return next(n for n, s in enumerate(SECTIONS) if s.icon == icon)


class PageStack(QStackedWidget):
    """The pages, one at a time: the window needs only the room of the page shown (a wide page seen once
    does not keep the window wide until the program closes)."""

    def __init__(self):
        super().__init__()
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        if page is None:
            return super().minimumSizeHint()
        return page.minimumSizeHint().expandedTo(page.minimumSize())


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace | None = None):
        super().__init__()
        self.workspace: Workspace | None = None
        self.pages: dict[int, Page] = {}
        self.setWindowTitle(WINDOW_TITLE)
        self.setWindowIcon(icon("app"))

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setIconSize(QSize(22, 22))
        self.sidebar.setAccessibleName("Các mục của chương trình")
        row_height = self.sidebar.fontMetrics().height() + 18  # room for marks above and below
        for n, area in enumerate(SECTIONS, start=1):
            item = QListWidgetItem(icon(area.icon), area.title)
            item.setSizeHint(QSize(0, row_height))
            if n <= 9:
                item.setToolTip(f"{area.title} (Ctrl+{n})")
            self.sidebar.addItem(item)
            item.setHidden(bool(area.needs))  # until the account is known (install_workspace)
        self.sidebar.setFixedWidth(self._sidebar_width())
        self.stack = PageStack()
        self.opening = QLabel("Đang mở cơ sở dữ liệu…")
        self.opening.setObjectName("emptyState")
        self.opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.opening)

        self.read_only_banner = ReadOnlyBanner()  # shown when the database is open read-only
        self.read_only_banner.restore_requested.connect(self.offer_restore)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.read_only_banner)
        column.addWidget(self.stack, 1)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addWidget(right, 1)
        self.setCentralWidget(central)

        for n in range(1, min(9, len(SECTIONS)) + 1):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{n}"), self)
            shortcut.activated.connect(lambda row=n - 1: self.show_section(row))

        self.idle_lock = IdleLock(self)  # armed for the account signed in (install_workspace)
        self.idle_lock.unlocked.connect(self._show_account)  # its roles may have changed meanwhile
        self._build_menus()
        self.database_label = QLabel()
        self.user_label = QLabel()
        self.year_label = QLabel("&Năm làm việc:")
        self.year_box = year_spin(QDate.currentDate().year())
        self.year_box.setKeyboardTracking(False)  # one change for "2025", not one per digit
        self.year_box.setToolTip("Năm mọi trang mở ra (mỗi trang vẫn có thể xem năm khác)")
        self.year_box.setAccessibleName("Năm làm việc")
        self.year_label.setBuddy(self.year_box)
        self.year_box.valueChanged.connect(self._working_year_chosen)
        self.statusBar().addWidget(self.database_label, 1)
        self.statusBar().addPermanentWidget(self.year_label)
        self.statusBar().addPermanentWidget(self.year_box)
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().setSizeGripEnabled(True)
        self._show_workspace_facts()

        self.sidebar.currentRowChanged.connect(self._row_changed)
        self.sidebar.setCurrentRow(0)
        self.sidebar.setFocus()
        self._restore_geometry()
        self.backups = BackupSchedule(self)  # once a day while the window runs, and when it closes
        if workspace is not None:
            self.install_workspace(workspace)

    def _sidebar_width(self) -> int:
        font = QFont(self.sidebar.font())
        font.setBold(True)  # the selected entry is bold: it must fit too
        widest = max(QFontMetrics(font).horizontalAdvance(a.title) for a in SECTIONS)
        return widest + 22 + 52  # icon, paddings, margins and the accent border

    # Menus
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Tệp")
        self.open_action = QAction("&Mở cơ sở dữ liệu khác…", self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.choose_database)
        file_menu.addAction(self.open_action)
        file_menu.addSeparator()
        self.history_action = QAction("Nhập &lịch sử thi đua, khen thưởng từ Excel…", self)
        self.history_action.triggered.connect(self.import_history)
        file_menu.addAction(self.history_action)
        self.package_export_action = QAction("&Xuất gói dữ liệu ra USB…", self)
        self.package_export_action.triggered.connect(self.export_package)
        file_menu.addAction(self.package_export_action)
        self.package_import_action = QAction("Nhập &gói dữ liệu…", self)
        self.package_import_action.triggered.connect(self.import_package)
        file_menu.addAction(self.package_import_action)
        self.merge_action = QAction("&Hợp nhất dữ liệu từ cơ sở dữ liệu khác…", self)
        self.merge_action.triggered.connect(self.merge_database)
        file_menu.addAction(self.merge_action)
        file_menu.addSeparator()
        self.password_action = QAction("Đổi mật &khẩu…", self)
        self.password_action.triggered.connect(self.change_password)
        file_menu.addAction(self.password_action)
        self.lock_action = QAction("Khóa mà&n hình", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)  # from any form too
        self.lock_action.setStatusTip("Che cửa sổ khi rời bàn làm việc; mở lại bằng mật khẩu")
        self.lock_action.triggered.connect(self.lock_screen)
        file_menu.addAction(self.lock_action)
        self.sign_out_action = QAction("Đăng x&uất", self)
        self.sign_out_action.setStatusTip(
            "Đóng phiên làm việc của tài khoản này; đăng nhập lại hoặc đổi người"
        )
        self.sign_out_action.triggered.connect(self.sign_out)
        file_menu.addAction(self.sign_out_action)
        file_menu.addSeparator()
        quit_action = QAction("&Thoát", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        help_menu = self.menuBar().addMenu("T&rợ giúp")
        self.guide_actions: dict[str, QAction] = {}
        for guide in GUIDES:
            action = QAction(guide.title, self)
            action.triggered.connect(lambda _checked=False, key=guide.key: self.show_guide(key))
            help_menu.addAction(action)
            self.guide_actions[guide.key] = action
        self.guide_actions[GUIDES[0].key].setShortcut(QKeySequence.StandardKey.HelpContents)
        help_menu.addSeparator()
        about = QAction("&Giới thiệu", self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def show_guide(self, key: str) -> None:
        from ui.dialogs.help_viewer import open_guide

        open_guide(self, key)

    def show_about(self) -> None:
        version = program_version()
        QMessageBox.about(
            self,
            "Giới thiệu TĐKT",
            f"<h3>TĐKT {version}</h3>"
            "<p>Quản lý thi đua, khen thưởng cho bộ phận Thi đua – Khen thưởng của Sở Y tế: đơn vị, cán bộ, "
            "phong trào thi đua, đề nghị và xét duyệt, quyết định, văn bản đúng thể thức.</p>"
            "<p>Chương trình chạy trên máy, không cần mạng. Dữ liệu đang dùng:<br>"
            f"<i>{escape(self.workspace.db.describe() if self.workspace else '—')}</i></p>",
        )

    # Pages
    def show_section(self, row: int) -> None:
        self.sidebar.setCurrentRow(row)

    def may_open(self, row: int) -> bool:
        """The signed-in account may see this section (Nhật ký: Permission.AUDIT)."""
        from app.domain.permissions import Permission

        needs = SECTIONS[row].needs
        return not needs or (
            self.workspace is not None and self.workspace.ctx.principal.may(Permission(needs))
        )

    def _row_changed(self, row: int) -> None:
        if row < 0 or self.workspace is None:
            return  # still opening: the page of the chosen row is built once the database is in
        if not self.may_open(row):
            return
        page = self.pages.get(row)
        if page is None:
            module_name, class_name = SECTIONS[row].page.split(":")
            page_class = getattr(importlib.import_module(module_name), class_name)
            page = page_class(self.workspace)
            self.pages[row] = page
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        page.activated()

    def current_page(self) -> Page:
        return self.stack.currentWidget()

    def import_history(self) -> None:
        from ui.dialogs.history_import import open_history_import

        if self.workspace is not None:
            open_history_import(self.workspace, self)

    def export_package(self) -> None:
        from ui.dialogs.package_export import open_package_export

        if self.workspace is not None:
            open_package_export(self.workspace, self)

    def import_package(self) -> None:
        from ui.dialogs.package_import import open_package_import

        if self.workspace is not None:
            open_package_import(self.workspace, self)

    def merge_database(self) -> None:
        from ui.dialogs.database_merge import open_database_merge

        if self.workspace is not None:
            open_database_merge(self.workspace, self)

    def _show_workspace_facts(self) -> None:
        self.open_action.setEnabled(self.workspace is not None)
        self.history_action.setEnabled(self.workspace is not None)
        self.package_export_action.setEnabled(self.workspace is not None)
        self.package_import_action.setEnabled(self.workspace is not None)
        self.merge_action.setEnabled(self.workspace is not None)
        if self.workspace is not None:  # greyed for an account that may not (ui/permissions.py)
            allow(self.workspace, Permission.DESK, self.history_action, self.package_import_action)
            allow(self.workspace, Permission.EXPORT, self.package_export_action)
            allow(self.workspace, Permission.BACKUPS, self.merge_action)
        self.year_box.setEnabled(self.workspace is not None)
        self._show_account()
        self.read_only_banner.show_reason(self.workspace.db.read_only if self.workspace is not None else None)
        if self.workspace is None:
            self.database_label.setText("Đang mở cơ sở dữ liệu…")
            return
        self.year_box.blockSignals(True)
        self.year_box.setValue(self.workspace.year)
        self.year_box.blockSignals(False)
        read_only = " (chỉ xem)" if self.workspace.db.read_only is not None else ""
        self.database_label.setText(f"Cơ sở dữ liệu: {self.workspace.db.describe()}{read_only}")
        self.database_label.setToolTip(self.workspace.db.describe())

    def _show_account(self) -> None:
        """The account signed in, in the title bar and the status bar; its menu items."""
        workspace = self.workspace
        signed = workspace is not None and workspace.signed_in
        for action in (self.password_action, self.lock_action, self.sign_out_action):
            action.setEnabled(signed)
        self.password_action.setEnabled(signed and workspace.db.read_only is None)
        if workspace is None:
            self.setWindowTitle(WINDOW_TITLE)
            self.user_label.clear()
            return
        principal = workspace.principal
        name = principal.full_name or principal.username
        roles = ", ".join(r.label for r in principal.sorted_roles)
        self.setWindowTitle(f"{WINDOW_TITLE} – {name}" if signed else WINDOW_TITLE)
        self.user_label.setText(f"Người dùng: {name} ({roles})" if roles else f"Người dùng: {name}")
        self.user_label.setToolTip(
            f"Đăng nhập: {principal.username}" + (f" – vai trò: {roles}" if roles else "")
            if signed
            else "Không có tài khoản nào đăng nhập"
        )

    def _working_year_chosen(self, year: int) -> None:
        if self.workspace is not None:
            self.workspace.set_year(year)

    def offer_restore(self, reason: str | None = None) -> None:
        """The newest verified backup, offered (a damaged database's band)."""
        from ui.dialogs.restore_dialog import offer_restore  # loaded when asked

        offer_restore(self, reason or None)

    # Another database
    def choose_database(self) -> None:
        current = self.workspace.db.file_path if self.workspace else None
        start = str(current.parent) if current else str(Path.home())
        path, _ = file_dialogs.open_file_name(self, "Mở cơ sở dữ liệu khác", start, DATABASE_FILTER)
        if path:
            self.open_database_file(path)

    def open_database_file(self, path: str) -> QueryOp | None:
        """Switch the window to another SQLite file, opened (migrated, its catalogue brought up to date) off the
        GUI thread while the clerk keeps working on the current one, which stays open if that fails. Returns
        the opening under way, or None when there is nothing to open."""
        from app.startup import resolve_url

        url = resolve_url(db_path=path)
        current = self.workspace.db.file_path
        if current is not None and Path(url.database) == current:
            self.statusBar().showMessage("Tệp này đang được mở.", 5000)
            return None
        return self.open_database_url(url, path)

    def open_database_url(self, url, where: str) -> QueryOp:
        """Switch the window to the database of `url` (a file, or a server: Cài đặt › Đổi nơi lưu dữ liệu…),
        as open_database_file does; `where` names it if it cannot be opened."""
        from ui.operations import QueryOp
        from ui.workspace import open_workspace_database

        self.open_action.setEnabled(False)  # one opening at a time
        opening = QueryOp(self, "Đang mở cơ sở dữ liệu…", open_workspace_database, url)
        opening.success(self._other_opened).failure(lambda exc: self._other_failed(where, exc))
        return opening.run()

    def reopen_database(self) -> QueryOp:
        """Open the current database again, off the GUI thread (after a restore put other data in it)."""
        from app.startup import resolve_url
        from ui.operations import QueryOp
        from ui.workspace import open_workspace_database

        db = self.workspace.db
        # A file is opened the program's way again (it may have been open read-only, when damaged).
        url = resolve_url(db_path=str(db.file_path)) if db.file_path is not None else db.url
        where = db.describe()
        self.open_action.setEnabled(False)
        opening = QueryOp(self, "Đang mở lại cơ sở dữ liệu…", open_workspace_database, url)
        opening.success(lambda opened: self._other_opened(opened, again=True))
        opening.failure(lambda exc: self._other_failed(where, exc))
        return opening.run()

    def _other_opened(self, opened, again: bool = False) -> None:
        """`again`: the same database, reopened after a restore put other data in it. Its sign-in cannot be
        declined back to the data shown before, which is gone: the window closes instead."""
        from ui.workspace import finish_workspace

        self.open_action.setEnabled(True)
        if not self.isVisible():  # the window was closed while the file was opening
            opened.db.dispose()
            return
        try:
            workspace = finish_workspace(opened, self)
        except Exception as exc:
            self._other_failed(str(opened.db.describe()), exc)
            return
        if workspace is None:
            if again:
                self.close()
            return
        self.install_workspace(workspace)
        self.statusBar().showMessage(f"Đã mở {workspace.db.describe()}", 5000)

    def _other_failed(self, path: str, exc: BaseException) -> None:
        self.open_action.setEnabled(self.workspace is not None)
        if isinstance(exc, StartupError):
            QMessageBox.critical(self, "Không mở được cơ sở dữ liệu", str(exc))
            return
        QMessageBox.critical(  # anything else: say so and keep working on the current database
            self,
            "Không mở được cơ sở dữ liệu",
            f"Không mở được tệp “{path}”: {exc}\n\nDữ liệu đang dùng không bị ảnh hưởng.",
        )

    def _warm_up_pages(self, workspace: Workspace) -> None:
        """Once the figures are in: the Cán bộ page's list read ahead (a second at 100,000 staff)."""
        row = section_row("staff")
        if workspace is self.workspace and row not in self.pages and self.may_open(row):
            from ui.pages.staff import StaffPage, load_staff_view

            workspace.warm_up(load_staff_view, StaffPage.AREAS)

    def _watch_integrity_check(self, workspace: Workspace) -> None:
        """The file's check still runs behind the opening (app.startup): its verdict shows when it comes."""
        if workspace is not self.workspace:
            return
        if workspace.db.pending_check is not None:
            QTimer.singleShot(250, lambda: self._watch_integrity_check(workspace))
        elif workspace.db.read_only is not None:  # damage found: the band and "(chỉ xem)", as at a start
            self._show_workspace_facts()

    def install_workspace(self, workspace: Workspace) -> None:
        """Show another database (or the first one, at start-up: then the clerk's chosen area stays)."""
        # The window owns its workspace so that Python never frees it (and its loaders) on a worker thread.
        workspace.setParent(self)
        old = self.workspace
        row = self.sidebar.currentRow() if old is None else 0
        if old is not None:
            old.close()
            wait_for_background_work()
        self.sidebar.blockSignals(True)
        self._remove_pages()
        self.workspace = workspace
        file_dialogs.protect_database(workspace.db.file_path)
        if old is not None:
            if old.db is not workspace.db:  # another database; after a sign-out, the same one stays open
                old.db.dispose()
            old.deleteLater()
        self.idle_lock.start(workspace)
        self._show_workspace_facts()
        self._watch_integrity_check(workspace)
        workspace.overview_changed.connect(lambda _overview: self._warm_up_pages(workspace))
        for n in range(len(SECTIONS)):
            self.sidebar.item(n).setHidden(not self.may_open(n))
        if not self.may_open(max(row, 0)):
            row = 0
        self.sidebar.setCurrentRow(max(row, 0))
        self.sidebar.blockSignals(False)
        self._row_changed(max(row, 0))

    def _remove_pages(self) -> None:
        for page in self.pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()

    # The account
    def change_password(self) -> None:
        from ui.dialogs.sign_in import ChangePasswordDialog
        from ui.widgets.actions import open_window_modal

        if self.workspace is None or not self.workspace.signed_in:
            return
        dialog = ChangePasswordDialog(self.workspace, self.workspace.principal, parent=self)
        open_window_modal(dialog, lambda _d: self.statusBar().showMessage("Đã đổi mật khẩu.", 5000))

    def lock_screen(self) -> None:
        self.idle_lock.lock_now()

    def sign_out(self) -> bool:
        """Đăng xuất: the forms close, the pages go, and the sign-in is asked again for the same database; the
        pages are built anew for the account that signs in. Thoát at the sign-in closes the window. False
        when the clerk kept working (open forms, and the answer was no)."""
        from app.services.accounts import sign_out as sign_out_account
        from ui.dialogs.sign_in import ask_account
        from ui.operations import WriteOp
        from ui.workspace import signed_workspace

        old = self.workspace
        if old is None or not old.signed_in or self.idle_lock.is_locked:
            return False
        forms = open_forms(self)
        if forms and not self._close_forms_asked(len(forms)):
            return False
        for form in forms:
            form.done(0)  # the program's close: no question per form, the clerk has answered
        self.idle_lock.stop()
        WriteOp(old, self, "Đang đăng xuất…", sign_out_account).run()
        old.close()
        wait_for_background_work()  # the sign-out row is written before the sign-in is asked
        self._remove_pages()
        self.opening.setText("Đã đăng xuất.")
        self.stack.setCurrentWidget(self.opening)
        self.setWindowTitle(WINDOW_TITLE)
        self.user_label.setText("Đã đăng xuất")
        signed = ask_account(old.ctx, old.agency, True, None, self)
        if signed is None:
            self.close()
            return True
        self.install_workspace(signed_workspace(old.db, old.agency, signed))
        return True

    def _close_forms_asked(self, count: int) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Đăng xuất",
            f"Đăng xuất sẽ đóng {count} cửa sổ đang mở; những gì chưa lưu trong đó sẽ mất. Đăng xuất?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.button(QMessageBox.StandardButton.Yes).setText("Đăng xuất")
        box.button(QMessageBox.StandardButton.No).setText("Ở lại")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    # Geometry
    def _restore_geometry(self) -> None:
        geometry = pc_settings.read(pc_settings.WINDOW_GEOMETRY)
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            return
        fit_to_screen(self, 1280, 800)
        screen = self.screen() or QApplication.primaryScreen()
        if screen is not None:
            self.move(screen.availableGeometry().center() - self.rect().center())

    def closeEvent(self, event) -> None:
        self.idle_lock.stop()
        pc_settings.write(pc_settings.WINDOW_GEOMETRY, self.saveGeometry())
        if self.workspace is not None:
            self.workspace.close()
        wait_for_background_work()
        self.backups.at_close(self.workspace)
        super().closeEvent(event)
