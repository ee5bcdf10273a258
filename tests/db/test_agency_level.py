"""The agency's level in the database: the migration infers it for an agency already entered (from its parent's
name) and gives every registration item the kind TITLE; going back drops what the old schema cannot hold. The
statistics speak of the city for a city's Sở; a package's agency taken into an empty database keeps it."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from app.domain.agency import AgencyInfo, SignerInfo
from app.exchange.package import PackageScope, export_package, import_package
from app.services.agency import agency_wording, get_agency, save_agency
from app.services.context import ServiceContext
from app.services.statistics import StatQuery, award_statistics
from database.engine import Database
from database.enums import AgencyLevel, AuthorityLevel
from database.migrate import SCHEMA_HEAD, downgrade, upgrade

BEFORE = "0009_record_versions"


HANOI = AgencyInfo(
    "UBND thành phố Hà Nội",
    "Sở Y tế",
    "SYT",
    "Hà Nội",
    signers=(SignerInfo("Nguyễn Văn Hùng", "Giám đốc"),),
    level=AgencyLevel.CITY,
)


def _rows(db: Database, sql: str) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql)).all()]


def test_the_migration_infers_the_level_and_keeps_the_registrations(db_url, tmp_path):
    db = Database.open(db_url)
    try:
        upgrade(db, tmp_path / "backups", target=BEFORE)
        with db.engine.begin() as conn:
            for agency_id, parent in (
                (1, "UBND THÀNH PHỐ HÀ NỘI"),
                (2, "UBND TỈNH QUẢNG NAM"),
                (3, "Ủy ban nhân dân thành phố Hồ Chí Minh"),
            ):
                conn.execute(
                    text(
                        "INSERT INTO agency (id, parent_name, name, symbol, place_name, created_at, updated_at) "
                        "VALUES (:i, :p, 'SỞ Y TẾ', 'SYT', 'Nơi', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                    ),
                    {"i": agency_id, "p": parent},
                )
            conn.execute(
                text(
                    "INSERT INTO unit (id, name, name_folded, kind, status, sort_order, created_at, updated_at) "
                    "VALUES (1, 'Sở Y tế', 'so y te', 'DEPARTMENT', 'ACTIVE', 0, CURRENT_TIMESTAMP, "
                    "CURRENT_TIMESTAMP)"
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
                    "INSERT INTO registration (id, year, unit_id, status, created_at, updated_at) "
                    "VALUES (1, 2020, 1, 'RECEIVED', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                )
            )
            conn.execute(
                text("INSERT INTO registration_item (id, registration_id, award_type_id) VALUES (1, 1, 1)")
            )

        upgrade(db, tmp_path / "backups")
        assert _rows(db, "SELECT id, level FROM agency ORDER BY id") == [
            (1, "CITY"),
            (2, "PROVINCE"),
            (3, "CITY"),
        ]
        assert _rows(db, "SELECT id, kind, award_type_id, name FROM registration_item") == [
            (1, "TITLE", 1, None)
        ]
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO registration_item (id, registration_id, kind, name) "
                    "VALUES (2, 1, 'MODEL', 'Mô hình Bệnh viện xanh')"
                )
            )
        with pytest.raises(IntegrityError), db.engine.begin() as conn:  # a title needs its award type
            conn.execute(
                text("INSERT INTO registration_item (id, registration_id, kind) VALUES (3, 1, 'TITLE')")
            )
        with pytest.raises(IntegrityError), db.engine.begin() as conn:
            conn.execute(text("UPDATE agency SET level = 'TOWN' WHERE id = 1"))

        downgrade(db, BEFORE)
        assert _rows(db, "SELECT id, award_type_id FROM registration_item") == [(1, 1)]  # the title stays
        assert "level" not in {c["name"] for c in inspect(db.engine).get_columns("agency")}
        upgrade(db, tmp_path / "backups")
        assert _rows(db, "SELECT version_num FROM alembic_version") == [(SCHEMA_HEAD,)]
        assert _rows(db, "SELECT id, level FROM agency ORDER BY id") == [
            (1, "CITY"),
            (2, "PROVINCE"),
            (3, "CITY"),
        ]
    finally:
        db.dispose()


def test_a_city_agency_is_saved_with_its_level_and_its_statistics_speak_of_the_city(ctx):
    assert agency_wording(ctx).whole_area == "Toàn tỉnh"  # nothing entered yet: a province's words
    save_agency(ctx, HANOI)
    assert get_agency(ctx).level is AgencyLevel.CITY
    stats = award_statistics(ctx, StatQuery(2024, 2024, levels=frozenset({AuthorityLevel.PROVINCE})))
    assert stats.scope == "Toàn thành phố"
    assert "cấp: Cấp thành phố (Chủ tịch UBND thành phố)" in stats.describe()
    assert "tỉnh" not in stats.describe()


def test_a_city_agency_taken_from_a_package_keeps_the_city(ctx, new_db, tmp_path):
    save_agency(ctx, HANOI)
    package = export_package(ctx, PackageScope(2024), tmp_path / "goi.zip").target
    other = ServiceContext(new_db("other"), actor="tester")
    assert get_agency(other) is None
    report = import_package(other, package)
    assert report.errors == [] and report.written
    assert get_agency(other).level is AgencyLevel.CITY  # the package holds the name; the level follows it
