"""Unit tests run without an event loop: after the UI tests (which hand collection to the GUI thread's timer),
the automatic collector is switched back on for them."""

from __future__ import annotations

import gc

import pytest


@pytest.fixture(autouse=True)
def automatic_garbage_collection():
    gc.enable()
    yield
