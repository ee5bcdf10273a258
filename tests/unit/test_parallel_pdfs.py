"""Many PDFs drawn in worker processes (app.documents.state.parallel): how many workers a job is worth, the
same PDF from a worker as from this process, and a worker that dies is replaced by drawing here."""

from __future__ import annotations

import multiprocessing
import os
import re
import signal

import pytest

from app.documents.state.layout import render_pdf
from app.documents.state.parallel import MAX_WORKERS, PARALLEL_FROM, PdfWorkers, workers_for
from tests.unit.test_state_documents import seed_document


def same_pdf(pdf: bytes) -> bytes:
    """A PDF less what differs between two prints of one document: its /ID and its dates."""
    return re.sub(rb"D:\d{14}[^)]*|<[0-9a-f]{32}>", b"", pdf)


@pytest.mark.parametrize(
    ("lines", "documents", "cores", "workers"),
    [
        (PARALLEL_FROM - 1, 40, 4, 0),  # a small job: starting interpreters would cost more
        (PARALLEL_FROM, 1, 4, 0),  # one document: nothing to share
        (25_000, 40, 1, 0),  # one core
        (25_000, 40, 2, 1),  # the caller keeps a core for its own share
        (25_000, 40, 4, 3),
        (25_000, 3, 8, 3),  # never more workers than documents
        (25_000, 40, 16, MAX_WORKERS),
    ],
)
def test_how_many_workers_a_job_is_worth(lines, documents, cores, workers):
    assert workers_for(lines, documents, cores) == workers


def test_without_workers_the_documents_are_drawn_here_when_asked_and_cancel_stops():
    with PdfWorkers(0) as pdfs:
        assert not pdfs.parallel
        for key in "ab":
            pdfs.submit(key, seed_document(subject=f"Về việc {key}"))
        drawn = list(pdfs.finished(cancelled=lambda: False))
        assert [k for k, _, _ in drawn] == ["a", "b"] and all(pdf and not why for _, pdf, why in drawn)
        pdfs.submit("c", seed_document())
        assert list(pdfs.finished(cancelled=lambda: True)) == []


def test_a_worker_draws_the_same_pdf_and_one_killed_is_replaced_by_drawing_here():
    documents = {n: seed_document(subject=f"Về việc số {n}") for n in range(4)}
    with PdfWorkers(1) as pdfs:
        assert pdfs.parallel
        pdfs.submit(0, documents[0])
        first = next(pdfs.finished())
        for worker in multiprocessing.active_children():  # the worker dies (out of memory, killed)
            os.kill(worker.pid, signal.SIGKILL)
            worker.join()
        for n in range(1, 4):
            pdfs.submit(n, documents[n])
        drawn = [first, *pdfs.finished()]
    assert sorted(k for k, _, _ in drawn) == [0, 1, 2, 3]
    for key, pdf, why in drawn:
        assert why is None and same_pdf(pdf) == same_pdf(render_pdf(documents[key]))
    assert not multiprocessing.active_children()
