"""Migrations: build at the first revision, fill, upgrade, lose nothing; refuse a newer database."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import column, func, insert, select, table, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.expression import TableClause

from app.errors import StartupError
from app.startup import open_database
from database.engine import Database
from database.migrate import SCHEMA_HEAD, current_revision, head_revision, upgrade
from database.models import Base, Person, Posting, Rating, Unit

FIRST = "0001_rosters"


# Columns added by later revisions: not there to write at the first one, filled in by their migration.
LATER = {"uid", "staff_code", "version"}


def _first(model) -> TableClause:
    """The model's table as the first revision has it."""
    return table(
        model.__tablename__, *(column(c.name) for c in model.__table__.columns if c.name not in LATER)
    )


def _fill_first_revision(db: Database) -> dict[str, list]:
    """Rows written with Core at the first revision, as an old program would have."""
    with db.engine.begin() as conn:
        conn.execute(
            insert(_first(Unit)),
            [
                {
                    "id": 1,
                    "code": "SYT",
                    "name": "Sở Y tế",
                    "name_folded": "so y te",
                    "kind": "DEPARTMENT",
                    "status": "ACTIVE",
                    "sort_order": 0,
                },
                {
                    "id": 2,
                    "code": "TTYT-CT",
                    "name": "Trung tâm Y tế huyện Cẩm Thủy",
                    "name_folded": "trung tam y te",
                    "kind": "HEALTH_CENTER",
                    "parent_id": 1,
                    "status": "ACTIVE",
                    "sort_order": 1,
                },
            ],
        )
        conn.execute(
            insert(_first(Person)),
            [
                {
                    "id": i,
                    "full_name": f"Nguyễn Văn Ánh {i}",
                    "name_folded": f"nguyen van anh {i}",
                    "sort_key": f"k{i:04d}",
                    "gender": "MALE" if i % 2 else "FEMALE",
                    "birth_date": dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
                    "birth_year": 1970 + i % 30,
                    "unit_id": 2,
                }
                for i in range(1, 51)
            ],
        )
        conn.execute(
            insert(_first(Rating)),
            [
                {"person_id": i, "year": y, "level": "EXCELLENT" if (i + y) % 3 == 0 else "GOOD"}
                for i in range(1, 51)
                for y in range(2015, 2025)
            ],
        )
        conn.execute(
            insert(_first(Posting)),
            [
                {"person_id": i, "unit_id": 2, "position": "Bác sĩ", "start_date": dt.date(2010, 1, 1)}
                for i in range(1, 51)
            ],
        )
    return _dump(db)


def _dump(db: Database) -> dict[str, list]:
    with db.engine.connect() as conn:
        return {
            t.name: sorted(tuple(r) for r in conn.execute(select(t)))
            for t in map(_first, (Unit, Person, Rating, Posting))
        }


def test_upgrade_from_first_revision_keeps_every_row(db_url, tmp_path):
    db = Database.open(db_url)
    try:
        upgrade(db, tmp_path / "backups", target=FIRST)
        assert current_revision(db) == FIRST
        before = _fill_first_revision(db)
        report = upgrade(db, tmp_path / "backups")
        assert report.before == FIRST and report.after == head_revision()
        assert _dump(db) == before
        assert sum(len(rows) for rows in before.values()) == 2 + 50 + 500 + 50
        if db.is_sqlite:
            # The copy taken before the upgrade holds the old data at the old revision.
            assert report.backup is not None and report.backup.exists()
            old = sqlite3.connect(report.backup)
            assert old.execute("SELECT version_num FROM alembic_version").fetchone() == (FIRST,)
            assert old.execute("SELECT count(*) FROM rating").fetchone() == (500,)
            old.close()
    finally:
        db.dispose()


def test_the_head_constant_names_the_newest_migration():
    assert SCHEMA_HEAD == head_revision()


def test_models_match_the_migrations(db):
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_open_twice_is_a_no_op(db_url, tmp_path):
    first = open_database(db_url, backup_dir=tmp_path / "b")
    first.dispose()
    again = open_database(db_url, backup_dir=tmp_path / "b")
    try:
        assert current_revision(again) == head_revision()
    finally:
        again.dispose()
    assert not (tmp_path / "b").exists() or not any((tmp_path / "b").iterdir())


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_newer_database_is_refused_and_untouched(db_url, tmp_path):
    db = open_database(db_url, backup_dir=tmp_path / "b")
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    with db.engine.connect() as conn:
        persons_before = conn.scalar(select(func.count()).select_from(Person))
    db.dispose()
    if db.is_sqlite:
        path = db.file_path
        # Fold the WAL into the main file so that the digest covers everything.
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.close()
        digest = _digest(path)
        files = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(StartupError, match="phiên bản TĐKT mới hơn"):
        open_database(db_url, backup_dir=tmp_path / "b")
    if db.is_sqlite:
        assert _digest(path) == digest
        assert sorted(p.name for p in path.parent.iterdir()) == files
    check = Database.open(db_url)
    try:
        assert current_revision(check) == "9999_from_the_future"
        with check.engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(Person)) == persons_before
    finally:
        check.dispose()


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"this is a spreadsheet, not a database" * 10)
    with pytest.raises(StartupError, match="không phải là cơ sở dữ liệu"):
        open_database(f"sqlite:///{path}")
    assert path.read_bytes() == b"this is a spreadsheet, not a database" * 10


def test_sort_keys_compare_byte_by_byte(db):
    """Name order must not depend on the server's locale (PostgreSQL would fold case otherwise)."""
    if db.is_sqlite:
        return  # SQLite compares TEXT byte by byte unless told otherwise
    with db.engine.connect() as conn:
        collation = conn.scalar(
            text(
                "SELECT collation_name FROM information_schema.columns "
                "WHERE table_name = 'person' AND column_name = 'sort_key'"
            )
        )
    assert collation == "C"


def test_nomination_statuses_are_renamed_both_ways(db_url, tmp_path):
    from database.migrate import downgrade

    old = {
        1: "PROPOSED",
        2: "CHECKED",
        3: "VOTED",
        4: "APPROVED",
        5: "REJECTED",
        6: "AWARDED",
        7: "RETURNED",
        8: "FORWARDED",
        9: "WITHDRAWN",
    }
    db = Database.open(db_url)
    try:
        upgrade(db, tmp_path / "backups", target="0003_settings")
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO unit (id, name, name_folded, kind, status, sort_order, created_at, "
                    "updated_at) VALUES (1, 'Sở Y tế', 'so y te', 'DEPARTMENT', 'ACTIVE', 0, "
                    "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO award_type (id, code, name, short_name, category, for_individual, "
                    "for_collective, for_household, level, granted_by, within_director_power, periodicity, "
                    "rank, certainty, local, created_at, updated_at) VALUES (1, 'TTLDTT', 'Tập thể', 'TT', "
                    "'TITLE', false, true, false, 'DEPARTMENT', 'Sở', true, 'YEARLY', 1, 'V', false, "
                    "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO nomination_batch (id, year, title, basis, target_level, status, created_at, "
                    "updated_at) VALUES (1, 2024, 'Đợt', 'MERIT', 'DEPARTMENT', 'RECEIVED', "
                    "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                )
            )
            for nid, status in old.items():
                conn.execute(
                    text(
                        "INSERT INTO nomination (id, batch_id, award_type_id, year, basis, status, unit_id, "
                        "created_at, updated_at) VALUES (:i, 1, 1, 2000 + :i, 'MERIT', :s, 1, "
                        "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                    ),
                    {"i": nid, "s": status},
                )
            conn.execute(
                text(
                    "INSERT INTO nomination_status_change (nomination_id, at, actor, from_status, "
                    "to_status) VALUES (6, CURRENT_TIMESTAMP, 'a', 'APPROVED', 'AWARDED')"
                )
            )
        upgrade(db, tmp_path / "backups")

        def statuses():
            with db.engine.connect() as conn:
                return (
                    dict(conn.execute(text("SELECT id, status FROM nomination")).all()),
                    conn.execute(text("SELECT from_status, to_status FROM nomination_status_change")).one(),
                )

        now, change = statuses()
        assert now == {
            1: "RECEIVED",
            2: "RECEIVED",
            3: "IN_COUNCIL",
            4: "PASSED",
            5: "FAILED",
            6: "DECIDED",
            7: "RETURNED",
            8: "FORWARDED",
            9: "WITHDRAWN",
        }
        assert tuple(change) == ("PASSED", "DECIDED")
        with pytest.raises(IntegrityError):  # the old words are no longer allowed
            with db.engine.begin() as conn:
                conn.execute(text("UPDATE nomination SET status = 'VOTED' WHERE id = 1"))

        downgrade(db, "0003_settings")
        back, change = statuses()
        assert back == {**old, 2: "PROPOSED"}  # CHECKED and PROPOSED became one status
        assert tuple(change) == ("APPROVED", "AWARDED")
    finally:
        db.dispose()


def test_every_record_a_package_carries_gets_a_stable_identifier(db_url, tmp_path):
    """0005: old rows get distinct uids; rows copied with INSERT ... SELECT get one from the database."""
    db = Database.open(db_url)
    try:
        upgrade(db, tmp_path / "backups", target=FIRST)
        _fill_first_revision(db)
        upgrade(db, tmp_path / "backups")
        with db.engine.begin() as conn:
            uids = conn.execute(select(Person.uid)).scalars().all()
            assert len(uids) == len(set(uids)) == 50 and all(len(u) == 32 for u in uids)
            posting = Posting.__table__
            conn.execute(
                insert(posting).from_select(
                    ["person_id", "unit_id"],
                    select(posting.c.person_id, posting.c.unit_id).where(posting.c.person_id < 4),
                )
            )
            copied = conn.execute(select(posting.c.uid)).scalars().all()
            assert len(copied) == 53 and len(set(copied)) == 53
            first = conn.execute(select(Person.uid).where(Person.id == 1)).scalar_one()
            with pytest.raises(IntegrityError):  # (uids[0] may be person 2's own: the list is in uid order)
                conn.execute(Person.__table__.update().where(Person.id == 2).values(uid=first))
    finally:
        db.dispose()
