"""One open database as the window sees it: the signed-in account's service context, the agency, the shared
figures.

A new Workspace is made for every database opened (at start-up or from Tệp › Mở cơ sở dữ liệu khác…) and for
every sign-in (Tệp › Đăng xuất), so nothing of one database, or of one account, can leak into the pages of
another. The audit's "who" is the account signed in (`ServiceContext.signed_in`); the operating-system login
only says who holds the file's lock (database.location).
"""

from __future__ import annotations

import linecache
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QDialog, QWidget

from app.domain.permissions import Principal
from app.errors import UserError
from app.services.accounts import PasswordPolicy, has_accounts, read_policy
from app.services.agency import AgencyInfo, get_agency
from app.services.context import ServiceContext
from app.services.first_run import FIRST_RUN_ACTOR, StartChoice, is_new_database
from app.services.overview import Overview, load_overview
from app.services.ratings import ratings_year
from app.services.settings import apply_document_font
from app.startup import open_database
from database.engine import Database, normalise_url
from ui import settings as ui_settings
from ui.jobs import Loader, unsettle

# "Ai đủ điều kiện?" is judged ahead (ui.kept_verdicts) once the window's own reads have been done this long.
READ_AHEAD_IDLE_MS = 1500


def working_year_at_start() -> int:
    """The working year this PC chose last, else the year under review (December 2026 → 2026; in the
    first months of a year, the year before: units send their lists then)."""
    saved = ui_settings.read(ui_settings.WORKING_YEAR)
    return saved if saved else ratings_year()


class Area(StrEnum):
    """What a write changed, so that the pages showing it read again (`Workspace.changed`)."""

    AGENCY = "agency"
    SETTINGS = "settings"  # parameters, local rules, document layouts
    CATALOGUE = "catalogue"  # award types, base salary
    UNITS = "units"
    STAFF = "staff"  # people, postings, disciplines
    RATINGS = "ratings"
    INITIATIVES = "initiatives"
    CAMPAIGNS = "campaigns"
    REGISTRATIONS = "registrations"
    CLUSTERS = "clusters"
    NOMINATIONS = "nominations"  # batches, items, council votes
    DECISIONS = "decisions"  # decisions, awards, certificates
    DOCUMENTS = "documents"  # the register of outgoing documents
    ACCOUNTS = "accounts"  # accounts and the password policy


class Workspace(QObject):
    changed = Signal(object)  # frozenset[Area]: emitted on the GUI thread after a write
    agency_changed = Signal(object)  # AgencyInfo
    overview_changed = Signal(object)  # Overview
    overview_failed = Signal(str)
    year_changed = Signal(int)  # the working year the clerk chose (status bar): every page opens on it

    def __init__(
        self,
        ctx: ServiceContext,
        agency: AgencyInfo,
        parent: QObject | None = None,
        idle_lock_minutes: int = 0,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.agency = agency
        self.idle_lock_minutes = idle_lock_minutes  # 0: the window never locks itself (no account to unlock)
        self.overview: Overview | None = None
        self.closed = False  # its database is being closed: nothing more is read
        self.first_start: StartChoice | None = (
            None  # set up by the first-run wizard just now: what comes first
        )
        self._year = working_year_at_start()
        self._histories = None
        self._verdicts = None
        self._loader = Loader(load_overview, self)
        self._loader.loaded.connect(self._overview_loaded)
        self._loader.failed.connect(self._overview_failed)
        self._warm: dict[Callable, _Warm] = {}
        self.changed.connect(self._forget_warm)

    @property
    def histories(self):
        """The histories every screen judging eligibility shares (app.services.eligibility.HistoryCache):
        read on first use, again after a write."""
        if self._histories is None:
            from app.services.eligibility import (
                HistoryCache,
            )  # the rules load with the first screen using them

            self._histories = HistoryCache(self.ctx)
        return self._histories

    @property
    def verdicts(self):
        """The verdicts of "Ai đủ điều kiện?" the window keeps (ui.kept_verdicts.KeptVerdicts)."""
        if self._verdicts is None:
            from ui.kept_verdicts import KeptVerdicts  # the rules load with the first screen using them

            self._verdicts = KeptVerdicts(self)
        return self._verdicts

    @property
    def db(self) -> Database:
        return self.ctx.db

    @property
    def actor(self) -> str:
        return self.ctx.actor

    @property
    def principal(self) -> Principal:
        return self.ctx.principal

    @property
    def signed_in(self) -> bool:
        """An account is signed in (not the program itself, not nobody on a file no one can sign in to)."""
        return self.ctx.principal.account_id is not None

    def announce(self, areas: Iterable[str]) -> None:
        """After a write: the pages showing these areas read again, and the figures are counted again.
        A write that ends after the window closed (closing waits for it) starts no more reading."""
        if self.closed:
            return
        areas = frozenset(Area(a) for a in areas)
        if areas:
            self.changed.emit(areas)
        self.refresh_overview()

    def refresh_overview(self) -> None:
        """Count again in the background; `overview_changed` fires when the figures are in."""
        if not self.closed:
            self._loader.request(self.ctx)

    @property
    def year(self) -> int:
        """The working year ("Năm làm việc"): every page opens on it; a page may still show another."""
        return self._year

    def set_year(self, year: int) -> None:
        """The clerk chose another working year: remembered on this PC, and every page turns to it."""
        year = int(year)
        if year == self._year:
            return
        self._year = year
        ui_settings.write(ui_settings.WORKING_YEAR, year)
        self.year_changed.emit(year)

    @property
    def loading(self) -> bool:
        return self._loader.busy

    def set_agency(self, agency: AgencyInfo) -> None:
        self.agency = agency
        self.agency_changed.emit(agency)

    def close(self) -> None:
        self.closed = True
        self._loader.cancel()
        for warm in self._warm.values():
            warm.loader.cancel()
        self._warm.clear()
        if self._verdicts is not None:
            self._verdicts.stop()
        if self._histories is not None:
            unsettle()  # the histories read (ui.jobs.settle_large_read) go back to the collector

    def warm_up(self, read: Callable[[ServiceContext], object], areas: Iterable[Area]) -> None:
        """Read `read(ctx)` in the background ahead of the page that needs it (the Cán bộ page's 100,000
        staff: a second), once the window's figures are in; kept until a write touches `areas`."""
        if read not in self._warm and not self.closed:
            self._warm[read] = _Warm(read, frozenset(areas), self)
            if self.overview is not None:
                self._warm[read].start(self.ctx)

    def take_warm(self, read: Callable[[ServiceContext], object]) -> object | None:
        """What `warm_up(read)` read, if it is in and nothing it shows has changed since; given once."""
        warm = self._warm.get(read)
        if warm is None or warm.result is None:
            return None
        result, warm.result = warm.result, None
        return result

    def wait_warm(self, read: Callable[[ServiceContext], object], then: Callable[[object], None]) -> bool:
        """While `warm_up(read)` is still reading: `then(result)` once it is in, instead of the page reading the
        same rows a second time beside it (a click just after the figures came in); `then(None)` if that read
        failed (the page reads for itself). False: nothing is being read ahead."""
        warm = self._warm.get(read)
        if warm is None or not warm.loader.busy:
            return False
        warm.waiting = then
        return True

    def _forget_warm(self, areas: frozenset) -> None:
        for warm in self._warm.values():
            if warm.areas & areas:
                warm.result = None
                if warm.loader.busy:  # read again once the write is done: what it reads may have changed
                    warm.start(self.ctx)

    def _overview_loaded(self, _args: tuple, overview: Overview) -> None:
        first = self.overview is None
        self.overview = overview
        self.overview_changed.emit(overview)
        if first:  # after the window's figures, not before them
            forget_module_sources()
            for warm in self._warm.values():
                warm.start(self.ctx)
            QTimer.singleShot(READ_AHEAD_IDLE_MS, self, self._read_ahead_when_idle)

    def _read_ahead_when_idle(self) -> None:
        """After the figures and the pages' read-aheads: "Ai đủ điều kiện?" judged ahead, if this PC wants."""
        if self.closed or not ui_settings.read(ui_settings.READ_AHEAD_VERDICTS):
            return
        if self._loader.busy or any(warm.loader.busy for warm in self._warm.values()):
            QTimer.singleShot(READ_AHEAD_IDLE_MS, self, self._read_ahead_when_idle)
            return
        self.verdicts.read_ahead()

    def _overview_failed(self, exc: Exception) -> None:
        self.overview_failed.emit(f"Không đọc được số liệu: {exc}")


class _Warm:
    """One read done ahead of its page (Workspace.warm_up)."""

    def __init__(self, read: Callable[[ServiceContext], object], areas: frozenset, parent: QObject):
        self.areas = areas
        self.result: object | None = None
        self.waiting: Callable[[object], None] | None = None  # the page waiting for it (wait_warm)
        self.loader = Loader(read, parent)
        self.loader.loaded.connect(self._loaded)
        self.loader.failed.connect(lambda _exc: self._loaded((), None))

    def start(self, ctx: ServiceContext) -> None:
        self.result = None
        self.loader.request(ctx)

    def _loaded(self, _args: tuple, result: object) -> None:
        then, self.waiting = self.waiting, None
        if then is not None:
            then(result)  # given to the page that waited for it, not kept
        else:
            self.result = result


def forget_module_sources() -> None:
    """Let go of the source lines the start's imports left in `linecache`: once Qt is imported, PySide6 reads
    the whole source of every module imported after it (inspect.getsource, to see whether it uses PySide6), and
    linecache keeps them: about 20 MiB for SQLAlchemy and the program when run from its sources (a frozen
    program has none to read). A traceback reads the lines it needs again."""
    linecache.clearcache()


def _new_sqlite_file(url) -> Path | None:
    """The file a SQLite URL names, if it does not exist yet (opening it will create it)."""
    url = normalise_url(url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    path = Path(url.database)
    return None if path.exists() else path


def _remove_database_file(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        except OSError:
            pass  # left behind is harmless: it holds only the catalogue


UNREADABLE_AGENCY = AgencyInfo(
    parent_name="", name="(không đọc được từ tệp dữ liệu bị hỏng)", symbol="", place_name=""
)


@dataclass(frozen=True)
class OpenedDatabase:
    """A database opened (migrated, catalogue synced) and its agency read: what a worker thread hands back."""

    db: Database
    actor: str
    agency: AgencyInfo | None
    new_file: Path | None  # the SQLite file this opening created, removed again if the clerk cancels
    accounts: bool | None = False  # whether anyone must sign in; None: the account table cannot be read
    policy: PasswordPolicy | None = None  # the password policy, for the first administrator's form
    new_database: bool = False  # nothing entered yet (app.services.first_run): the first-run wizard


def _accounts(db: Database) -> tuple[bool | None, PasswordPolicy | None]:
    """Whether the database has accounts (None: a damaged file whose account table cannot be read), and, when
    the first administrator can be created (a database that may be written), its password policy."""
    try:
        accounts = has_accounts(db)
    except UserError:  # has_accounts names damage as DatabaseDamaged
        db.settle()  # the verdict of the check behind the opening (app.startup)
        if db.read_only is None or not db.read_only.damaged:
            raise
        return None, None
    if not accounts:  # the first administrator is a write: whether it may be made waits for the verdict
        db.settle()
    return accounts, read_policy(ServiceContext(db)) if db.read_only is None and not accounts else None


def open_workspace_database(url, actor: str = "system") -> OpenedDatabase:
    """The slow half of opening, free of widgets so that it can run off the GUI thread. `actor` names the
    reads of the opening only; the window's work is done in the name of the account signed in."""
    new_file = _new_sqlite_file(url)
    db = open_database(url, check_behind=True)  # the window opens while the file is checked
    try:
        ctx = ServiceContext(db, actor=actor)
        try:
            agency = get_agency(ctx)
            apply_document_font(ctx)  # the office's choice, for every document this session prints
        except UserError:
            db.settle()  # damage? the check behind the opening says
            if db.read_only is None or not db.read_only.damaged:
                raise
            agency = None
        if agency is None and db.read_only is not None and db.read_only.damaged:
            # A damaged file opens all the same (read-only; its band offers the newest backup), even when the
            # agency's own page is among the damaged ones: no first-run form, nothing could be saved.
            agency = UNREADABLE_AGENCY
        accounts, policy = _accounts(db)
        new_database = db.read_only is None and is_new_database(db)
    except BaseException:
        db.dispose()
        raise
    return OpenedDatabase(db, actor, agency, new_file, accounts, policy, new_database)


def finish_workspace(opened: OpenedDatabase, parent: QWidget | None = None) -> Workspace | None:
    """On the GUI thread: the first-run wizard on a new database (ui/dialogs/first_run.py); on another, ask
    for what it lacks (the agency form, the first administrator), else a sign-in; then make the Workspace.

    Returns None when the clerk closes the wizard, the form or the account's dialog: the database is closed
    again, and a SQLite file that the opening itself created is removed, so a cancelled first start leaves
    nothing behind (an existing database keeps only the agency the clerk saved in the agency form).
    """
    from ui.dialogs.sign_in import ask_account  # its widgets: only when asking

    ctx = ServiceContext(opened.db, actor=FIRST_RUN_ACTOR)  # the program's own, before anyone signs in
    agency = opened.agency
    try:
        if opened.new_database:
            return _first_run(opened, parent)
        if agency is None:
            from ui.dialogs.agency_dialog import AgencyDialog  # only a database without an agency needs it

            dialog = AgencyDialog(ctx, None, parent, first_run=True)
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            agency = dialog.saved
            dialog.deleteLater()
            if not accepted or agency is None:
                return _cancelled(opened)
        signed = ask_account(ctx, agency, opened.accounts, opened.policy, parent)
        if signed is None:
            return _cancelled(opened)
    except BaseException:
        opened.db.dispose()
        raise
    return signed_workspace(opened.db, agency, signed)


def _first_run(opened: OpenedDatabase, parent: QWidget | None) -> Workspace | None:
    from ui.dialogs.first_run import FirstRunWizard  # only a new database needs it

    wizard = FirstRunWizard(opened.db, opened.policy, parent)
    wizard.exec()
    done = wizard.outcome
    wizard.deleteLater()
    if done is None:
        return _cancelled(opened)
    if done.db is not opened.db:  # a server was chosen and set up: the file opened at start is not used
        _cancelled(opened)
    workspace = signed_workspace(done.db, done.agency, done.signed)
    workspace.first_start = done.start
    return workspace


def signed_workspace(db: Database, agency: AgencyInfo, signed) -> Workspace:
    """The Workspace of an account signed in (`signed`: app.services.accounts.SignIn)."""
    return Workspace(ServiceContext.signed_in(db, signed.principal), agency, None, signed.idle_lock_minutes)


def _cancelled(opened: OpenedDatabase) -> None:
    opened.db.dispose()
    if opened.new_file is not None:
        _remove_database_file(opened.new_file)
    return None
