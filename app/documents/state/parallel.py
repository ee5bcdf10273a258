"""Drawing many state documents at once: each PDF in a worker process.

ReportLab draws in Python and holds the interpreter's lock, so threads would not help: a year's package
(forty-odd decisions, 25,000 names in their annexes) spends most of its time here, and on the office's
two or four cores the decisions are drawn side by side while the caller goes on with its own work.

    with PdfWorkers(workers_for(lines, len(models))) as pdfs:
        for key, model in models:
            pdfs.submit(key, model)
        ...                                   # the caller's own work, while the workers draw
        for key, pdf, refused in pdfs.finished(cancelled):
            ...                               # bytes, or the reason (UserError's words) it was refused

Workers are started by "spawn" on every platform (a fresh interpreter: no copy of the caller's threads,
database connections or Qt), so the entry points are the module-level functions below, and the frozen
build calls multiprocessing.freeze_support() first thing (app/__main__.py). A worker takes on the
parent's settings in effect (the document font) and registers the fonts once. With no workers (a small
job, a one-core machine, or a pool that cannot start or breaks) the same documents are drawn here, one at
a time, when `finished` asks for them: the PDFs are the same either way.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Hashable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from app.documents.state.model import StateDocument
from app.errors import UserError
from app.settings import everything_in_effect, put_everything_in_effect

log = logging.getLogger(__name__)

PARALLEL_FROM = 3_000  # annex lines: below this, starting interpreters costs more than it saves
MAX_WORKERS = 4
POLL = 0.1  # seconds between two looks at `cancelled` while waiting for a worker

Drawn = tuple[Hashable, bytes | None, str | None]  # key, the PDF, or None and why it was refused


def workers_for(lines: int, documents: int, cores: int | None = None) -> int:
    """How many worker processes a job of `documents` documents with `lines` annex lines is worth: none for
    a small job or a one-core machine, else one per core but the caller's (it has its own share of the job:
    data.json, the list, the zip, and the window), at most MAX_WORKERS, never more than documents."""
    cores = cores or os.cpu_count() or 1
    if cores < 2 or documents < 2 or lines < PARALLEL_FROM:
        return 0
    return min(cores - 1, MAX_WORKERS, documents)


def _start(settings: dict) -> None:
    """A worker's first act: the parent's settings in effect, and the fonts registered once."""
    from app.documents.fonts import register_fonts

    put_everything_in_effect(settings)
    register_fonts()


def _ready() -> None:
    """Nothing: submitted once per worker so that every interpreter starts while the caller works."""


def draw(key: Hashable, model: StateDocument) -> Drawn:
    """One document's PDF (the worker's task, and the in-process way)."""
    from app.documents.state.layout import render_pdf

    try:
        return key, render_pdf(model), None
    except UserError as exc:  # its words travel back; the exception class itself may not pickle
        return key, None, str(exc)


class PdfWorkers:
    """A context manager: documents submitted, PDFs collected as they are finished (in any order).
    Leaving it stops the workers; documents not yet drawn are dropped (Cancel)."""

    def __init__(self, workers: int):
        self._pool: ProcessPoolExecutor | None = None
        self._waiting: dict[Future, tuple[Hashable, StateDocument]] = {}
        self._here: list[tuple[Hashable, StateDocument]] = []
        if workers > 0:
            try:
                self._pool = ProcessPoolExecutor(
                    workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start,
                    initargs=(everything_in_effect(),),
                )
                for _ in range(workers):
                    self._pool.submit(_ready)
            except (OSError, RuntimeError, BrokenProcessPool):
                log.warning("worker processes could not start; drawing in this process", exc_info=True)
                self._stop()

    @property
    def parallel(self) -> bool:
        return self._pool is not None

    def __enter__(self) -> PdfWorkers:
        return self

    def __exit__(self, *_exc) -> None:
        self._stop()

    def _stop(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def submit(self, key: Hashable, model: StateDocument) -> None:
        if self._pool is not None:
            try:
                self._waiting[self._pool.submit(draw, key, model)] = (key, model)
                return
            except (RuntimeError, BrokenProcessPool):
                log.warning("the worker processes stopped; drawing in this process", exc_info=True)
                self._fall_back()
        self._here.append((key, model))

    def _fall_back(self) -> None:
        """The workers are gone (killed, out of memory): what they had not finished is drawn here."""
        self._here += [job for future, job in self._waiting.items() if not _done_well(future)]
        self._waiting = {f: job for f, job in self._waiting.items() if _done_well(f)}
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def finished(self, cancelled: Callable[[], bool] = lambda: False) -> Iterator[Drawn]:
        """Every submitted document's PDF, as each is finished; stops early (without a word) once
        `cancelled()` is true: the caller looks at it again after the loop."""
        while self._waiting:
            if cancelled():
                return
            done, _ = wait(self._waiting, timeout=POLL, return_when=FIRST_COMPLETED)
            for future in done:
                job = self._waiting.pop(future, None)
                if job is None:  # the workers broke meanwhile: this one is to be drawn here already
                    continue
                try:
                    yield future.result()
                except BrokenProcessPool:
                    log.warning("the worker processes stopped; drawing in this process", exc_info=True)
                    self._here.append(job)
                    self._fall_back()
                if cancelled():
                    return
        while self._here:
            if cancelled():
                return
            yield draw(*self._here.pop(0))


def _done_well(future: Future) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None
