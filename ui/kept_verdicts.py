"""The verdicts of "Ai đủ điều kiện?" the window keeps: judged in the background, shown at once when asked.

At province scale reading the histories takes seconds and judging every title of a year a few more, so the
window does it ahead (`read_ahead`, once it is ready and idle: after Tổng quan's figures and the Cán bộ
read-ahead, see Workspace.read_ahead_when_idle), on one background read at a time, one title at a time, in
catalogue order:

    kept = workspace.verdicts
    kept.ask(2025)                     # judge 2025's titles (if not kept yet); `progressed(2025)` per title
    kept.year(2025).listing()          # every title judged so far, in catalogue order (None: none yet)
    kept.year(2025).listing("CSTDCS")  # one title

The verdicts are kept until a write changes the histories they rest on (app.services.eligibility
HistoryCache: the data version): after any write the window announces, the histories are asked for again
(milliseconds when nothing they hold changed, and then the verdicts stand); when they changed, the years
kept are judged again. The whole province's listing of a year serves every question about it: a title is its
part, a unit the rows judged in its units (app.services.eligibility_view.narrowed).

A year judged for every title is kept on this PC too (app.services.verdict_store), sealed with the database's
key and stamped with what it rests on: at the next start the list shows from it in a fraction of a second, and
the histories are read only when a write changed them or another year is asked for. A year kept before a
write made since (here, on another PC, from the command line) is shown too, as the list is after a write:
marked as being checked, while the histories are read and it is judged again.

Reading ahead costs memory (the histories and a year's verdicts: a few hundred MiB at 100,000 staff); this
PC may turn it off (Cài đặt › Cơ sở dữ liệu, ui.settings.READ_AHEAD_VERDICTS): then the work starts when
"Ai đủ điều kiện?" is first asked, and goes on the same way.
"""

from __future__ import annotations

import logging
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal

from app.domain.permissions import Permission
from app.services import verdict_store
from app.services.eligibility import data_version
from app.services.eligibility_view import Basics, YearVerdicts, kept_basics, load_basics
from ui import settings as ui_settings
from ui.jobs import Loader, settle_large_read

log = logging.getLogger(__name__)

KEEP_YEARS = 2  # the working year and one other the clerk looked at: each costs tens of MiB at scale
RECHECK_MS = 800  # after a write: ask for the histories again once the writes of a burst are done


# The work off the GUI thread. What it made leaves the cyclic collector's reach before the collector is on
# again (ui.jobs.settle_large_read: the collector is off while a worker runs): else its first full pass,
# over millions of new records, could fall on the GUI thread (seconds at 100,000 staff).
def _read(ctx, histories, standing: Basics | None) -> Basics:
    """The histories; or `standing`, the basics beside a year kept on this PC, while its data version holds."""
    if standing is not None and standing.version == data_version(ctx):
        return standing
    basics = load_basics(ctx, histories)
    settle_large_read()
    return basics


def _read_kept(ctx) -> tuple[Basics, YearVerdicts, bool] | None:
    """The year kept on this PC, with the basics beside it, and whether it is still current (else it is shown
    while the histories are read and it is judged again, as after a write)."""
    kept = verdict_store.read_kept(ctx, stale=True)
    if kept is None:
        return None
    basics = kept_basics(ctx, kept.last_rated, kept.version)
    settle_large_read()
    return basics, kept.verdicts, kept.current


def _judge(year: YearVerdicts, code: str):
    listing = year.judge(code)
    year.add(code, listing)
    year.listing()  # every title judged so far, joined here rather than on the GUI thread
    settle_large_read()
    return listing


class KeptVerdicts(QObject):
    basics_changed = Signal(
        object
    )  # Basics: new histories (after a write they hold): the years kept are gone
    progressed = Signal(int)  # a year: one more of its titles is judged
    confirmed = Signal()  # asked for again after a write, the histories had not changed: the verdicts stand
    failed = Signal(object)  # the exception of a read or a judging

    def __init__(self, workspace):
        super().__init__(workspace)
        self.workspace = workspace
        self.basics: Basics | None = None
        self._years: dict[int, YearVerdicts] = {}
        self._asked: list[int | None] = []  # the years wanted, the newest question first
        self._first: dict[int, str] = {}  # a year's title asked for: judged before its other titles
        self._stale = True  # the histories must be asked for (none yet, or a write since)
        self._kept_tried = False  # this PC's kept year was looked for (once, before any histories)
        self._fresh = False  # "Làm mới": the histories read again whatever the data version says
        self.stopped = False
        self.reading_ahead = False  # this PC reads ahead: a new working year is judged ahead too
        self._basics_loader = Loader(partial(_read, workspace.ctx), self)
        self._basics_loader.loaded.connect(self._basics_loaded)
        self._basics_loader.failed.connect(self._failed)
        self._kept_loader = Loader(partial(_read_kept, workspace.ctx), self)
        self._kept_loader.loaded.connect(self._kept_loaded)
        self._kept_loader.failed.connect(self._kept_failed)
        self._keep_loader = Loader(partial(verdict_store.keep, workspace.ctx), self)
        self._keep_loader.failed.connect(
            lambda exc: log.warning("không lưu được kết quả xét trên máy: %s", exc)
        )
        self._judge_loader = Loader(_judge, self)
        self._judge_loader.loaded.connect(self._judged)
        self._judge_loader.failed.connect(self._failed)
        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(RECHECK_MS)
        self._recheck.timeout.connect(self._next)
        workspace.changed.connect(self._changed)
        workspace.year_changed.connect(self._year_changed)

    # --- asking ------------------------------------------------------------------------------------------
    @staticmethod
    def wanted_on_this_pc() -> bool:
        return bool(ui_settings.read(ui_settings.READ_AHEAD_VERDICTS))

    def read_ahead(self) -> bool:
        """The window is ready and idle: judge the year "Ai đủ điều kiện?" opens on, if this PC reads ahead
        and the account does the desk's work (whose screens judge eligibility). True when started."""
        if self.stopped or not self.wanted_on_this_pc() or not self.workspace.principal.may(Permission.DESK):
            return False
        self.reading_ahead = True
        self.ask(None)
        return True

    def ask(self, year: int | None, code: str | None = None) -> None:
        """Judge `year`'s titles, `code` first, before any other year asked; None: the year the list opens
        on, after the years asked. Nothing when they are kept already; `progressed(year)` says each title
        judged."""
        if self.stopped:
            return
        if year is None:
            year = self.opening_year() if self.basics is not None else None  # None: once the histories tell
            if year not in self._asked:
                self._asked.append(year)
        else:
            if year in self._asked:
                self._asked.remove(year)
            self._asked.insert(0, year)
            if code is not None:
                self._first[year] = code
        self._next()

    def year(self, year: int) -> YearVerdicts | None:
        """The year's verdicts judged so far (their histories current as far as the window knows)."""
        return self._years.get(year)

    @property
    def busy(self) -> bool:
        return self.reading or self._judge_loader.busy or self._recheck.isActive()

    @property
    def reading(self) -> bool:
        """The histories are being asked for (read, when a write changed them), or the year kept on this PC."""
        return self._basics_loader.busy or self._kept_loader.busy

    @property
    def checking(self) -> bool:
        """After a write: whether it changed the histories the verdicts kept rest on is not known yet."""
        return self.basics is not None and (self._recheck.isActive() or self._basics_loader.busy)

    def opening_year(self, basics: Basics | None = None) -> int:
        """The year the list opens on when none is given: the working year, or, early in a year when nobody
        is rated for it yet, the last year the units sent ratings for."""
        basics = basics or self.basics
        year = self.workspace.year
        return basics.last_rated if basics and basics.last_rated and basics.last_rated < year else year

    def forget(self) -> None:
        """ "Làm mới": read the histories again, whatever the window knows of changes."""
        self.workspace.histories.forget()
        self._stale = self._fresh = True
        self._next()

    def stop(self) -> None:
        """The window closes or signs out: nothing more is read or judged, and what runs is ignored."""
        self.stopped = True
        self._recheck.stop()
        self._basics_loader.cancel()
        self._kept_loader.cancel()
        self._judge_loader.cancel()

    def _year_changed(self, _year: int) -> None:
        if self.reading_ahead:  # the list opens on the new working year (or its last year rated)
            self.ask(None)

    # --- the work, one step at a time ------------------------------------------------------------------
    def _changed(self, _areas) -> None:
        """A write: the histories are asked for again once the burst of writes is over."""
        self._stale = True
        if self._asked and not self.stopped:
            self._recheck.start()

    def _next(self) -> None:
        """The next step: the histories when stale, else the next title of the newest year asked."""
        if self.stopped or self.busy or not self._asked:
            return
        # Beside a year kept on this PC there are no histories: read when another year is asked for.
        unjudged = (
            self.basics is not None
            and self.basics.histories is None
            and not all(y in self._years and self._years[y].done for y in self._asked)
        )
        if self._stale or self.basics is None or unjudged:
            self._stale = False
            if self.basics is None and not self._kept_tried:
                self._kept_tried = True
                self._kept_loader.request()
                return
            standing = None if unjudged or self._fresh or self.basics is None else self.basics
            self._basics_loader.request(self.workspace.histories, standing)
            return
        for year in self._asked:
            kept = self._years.get(year)
            if kept is None:
                kept = self._years[year] = YearVerdicts(
                    self.basics.histories, year, {a.code: a.short_name for a in self.basics.awards}
                )
                self._let_go()
            missing = kept.missing
            if missing:
                first = self._first.get(year)
                self._judge_loader.request(kept, first if first in missing else missing[0])
                return

    def _let_go(self) -> None:
        """Keep at most KEEP_YEARS years: the ones asked for last."""
        for year in [y for y in self._years if y not in self._asked[:KEEP_YEARS]]:
            del self._years[year]
        del self._asked[KEEP_YEARS:]

    def _basics_loaded(self, _args: tuple, basics: Basics, kept: YearVerdicts | None = None) -> None:
        """New basics: read histories, or (`kept`) those beside the year this PC kept."""
        if self.stopped:
            return
        old = self.basics
        # the same histories; or those read at the data version of the years kept on this PC (not "Làm mới")
        same = (
            old is not None
            and not self._fresh
            and (
                basics.histories is old.histories or (old.histories is None and old.version == basics.version)
            )
        )
        self._fresh = False
        self.basics = basics
        if not same:
            self._years = {kept.year: kept} if kept is not None else {}
        self._asked = [self.opening_year(basics) if y is None else y for y in self._asked]
        self._asked = list(dict.fromkeys(self._asked))
        self._next()  # before the screens hear of it: they see what is being done next (a check, a judging)
        self.basics_changed.emit(basics) if not same else self.confirmed.emit()

    def _kept_loaded(self, _args: tuple, found: tuple[Basics, YearVerdicts, bool] | None) -> None:
        if self.stopped:
            return
        if found is not None and self.basics is None:
            basics, year, current = found
            self._stale = self._stale or not current  # shown while checked, as after a write
            self._basics_loaded((), basics, year)
        else:
            self._next()

    def _kept_failed(self, exc: Exception) -> None:
        log.warning("không đọc được kết quả xét lưu trên máy: %s", exc)  # judged as if there were none
        self._next()

    def _judged(self, args: tuple, listing) -> None:
        kept, code = args
        if self.stopped or self._years.get(kept.year) is not kept:
            self._next()  # its histories were replaced meanwhile
            return
        if self._first.get(kept.year) == code:
            del self._first[kept.year]
        basics, desk = self.basics, self.workspace.principal.may(Permission.DESK)  # (the key is the desk's)
        if kept.done and kept.year == self.opening_year() and basics.version is not None and desk:
            self._keep_loader.request(kept, basics.last_rated, basics.version)  # for the next start
        self.progressed.emit(kept.year)
        self._next()

    def _failed(self, exc: Exception) -> None:
        self._asked.clear()  # asked again (F5, another year or title) starts afresh
        self._stale = True
        self.failed.emit(exc)
