"""A province-scale database built once per benchmark run with the demo generator."""

from __future__ import annotations

import pytest

from app.demo import build_demo
from app.services.context import ServiceContext
from app.startup import open_database
from database.engine import sqlite_url


@pytest.fixture(scope="session")
def province_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("province") / "province.sqlite3"
    db = open_database(sqlite_url(path))
    build_demo(db, small=False, seed=2025)
    db.dispose()
    return path


@pytest.fixture(scope="session")
def province_ctx(province_path):
    db = open_database(sqlite_url(province_path))
    yield ServiceContext(db, actor="bench")
    db.dispose()
