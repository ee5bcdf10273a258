"""What the services refuse to change on an issued document, decision or award is what migration 0008's
triggers refuse: the migration keeps its own frozen copy (a migration never follows the code), so the two
lists are compared here."""

from __future__ import annotations

import importlib.util

from app.services.decisions import LOCKED_AWARD, LOCKED_DECISION
from app.services.documents import LOCKED_DOCUMENT
from database.migrate import migrations_dir


def _migration(name: str = "0008_issued_documents"):
    path = migrations_dir() / "versions" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_services_lock_what_the_triggers_lock():
    migration = _migration()
    assert LOCKED_DOCUMENT == (*migration.LOCKED_DOCUMENT_COLUMNS, *_migration("0010_registers").LOCKED_ADDED)
    assert LOCKED_DECISION == migration.LOCKED_DECISION_COLUMNS
    assert LOCKED_AWARD == migration.LOCKED_AWARD_COLUMNS
