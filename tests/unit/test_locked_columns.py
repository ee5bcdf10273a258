"""What the services refuse to change on an issued document, decision or award is what migration 0008's
triggers refuse: the migration keeps its own frozen copy (a migration never follows the code), so the two
lists are compared here."""

from __future__ import annotations

from app.services.decisions import LOCKED_AWARD, LOCKED_DECISION
from app.services.documents import LOCKED_DOCUMENT
from database.migrate import revision_module


def test_the_services_lock_what_the_triggers_lock():
    migration = revision_module("0008_issued_documents")
    added = revision_module("0010_registers").LOCKED_ADDED
    assert LOCKED_DOCUMENT == (*migration.LOCKED_DOCUMENT_COLUMNS, *added)
    assert LOCKED_DECISION == migration.LOCKED_DECISION_COLUMNS
    assert LOCKED_AWARD == migration.LOCKED_AWARD_COLUMNS
