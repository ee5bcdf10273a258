"""Shared fixtures. Every test runs with its own data folder, never the clerk's."""

from __future__ import annotations

import os
import time

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("TDKT_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.delenv("TDKT_DATABASE_URL", raising=False)


@pytest.fixture
def hanoi_clock():
    """The machine's clock in Hà Nội (UTC+7), whatever the test machine says: audit times are shown local."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Ho_Chi_Minh"
    time.tzset()
    yield
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()
