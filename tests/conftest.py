"""Shared fixtures. Every test runs with its own data folder, never the clerk's."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("TDKT_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.delenv("TDKT_DATABASE_URL", raising=False)
