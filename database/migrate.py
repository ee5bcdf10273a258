"""Bring a database to the program's schema: back up, refuse what is newer, upgrade.

Alembic is imported only when a migration is due: an up-to-date database (the usual start) costs
one SELECT, which keeps the window's start-up short.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from database.backup import backup_sqlite
from database.engine import Database

# The newest migration in database/migrations/versions (a test keeps the two in step).
SCHEMA_HEAD = "0019_rating_versions"


def migrations_dir() -> Path:
    # Frozen builds carry the migrations as data beside the program.
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base / "database" / "migrations"


def revision_module(revision: str) -> ModuleType:
    """A migration file as a module: a later migration reuses an earlier one's frozen DDL through it."""
    path = migrations_dir() / "versions" / f"{revision}.py"
    spec = importlib.util.spec_from_file_location(f"revision_{revision}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class DatabaseTooNew(Exception):
    """The file was written by a newer program; touching it could lose data."""

    def __init__(self, revision: str):
        self.revision = revision
        super().__init__(
            f"Cơ sở dữ liệu này do một phiên bản TĐKT mới hơn tạo ra (phiên bản lược đồ “{revision}”). "
            "Chương trình không mở để tránh làm hỏng dữ liệu. Hãy cài phiên bản TĐKT mới nhất rồi mở lại."
        )


@dataclass(frozen=True)
class MigrationReport:
    before: str | None
    after: str
    backup: Path | None


def _script():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg, ScriptDirectory.from_config(cfg)


def head_revision() -> str:
    return _script()[1].get_current_head()


def known_revision(revision: str) -> bool:
    if revision == SCHEMA_HEAD:
        return True
    try:
        return _script()[1].get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for an unknown revision
        return False


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:  # no table yet: a new, empty database
            return None


def upgrade(db: Database, backup_dir: Path | None, target: str = "head") -> MigrationReport:
    """Upgrade to `target`. A SQLite file holding data is copied to backup_dir first."""
    before = current_revision(db)
    if before == SCHEMA_HEAD and target == "head":
        return MigrationReport(before, before, None)
    if before is not None and not known_revision(before):
        raise DatabaseTooNew(before)
    from alembic import command

    cfg, script = _script()
    wanted = script.get_current_head() if target == "head" else target
    if before == wanted:
        return MigrationReport(before, wanted, None)
    backup = None
    if before is not None and db.file_path is not None and backup_dir is not None:
        backup = backup_sqlite(db.file_path, backup_dir, f"before-{wanted}")
    with _migrating(db) as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
    return MigrationReport(before, wanted, backup)


def downgrade(db: Database, target: str) -> None:
    """Back to an older revision (support and tests; the program itself only ever upgrades)."""
    from alembic import command

    cfg, _ = _script()
    with _migrating(db) as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, target)


@contextmanager
def _migrating(db: Database) -> Iterator[Connection]:
    """One transaction for all the steps. On SQLite, altering a table copies it and drops the original,
    which foreign keys pointing at it forbid: they are switched off (only possible outside a transaction)
    and every reference is checked before the commit instead."""
    with db.engine.connect() as conn:
        raw = conn.connection.driver_connection if db.is_sqlite else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                yield conn
                if raw is not None and conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise RuntimeError(
                        "Nâng cấp cơ sở dữ liệu làm hỏng liên kết giữa các bảng; đã hủy nâng cấp."
                    )
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys = ON")
