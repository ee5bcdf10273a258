"""Merging two departments' databases (hợp nhất dữ liệu): two small demo provinces that share some units and
some people (one written exactly alike, one without marks, one namesake born another year) are merged; the
counts, both registers, and what was joined (and what must not be) are checked, and that a dry run, a
refused file and a role without the right write nothing. The other department is a SQLite file, as it
arrives; this database runs on each backend."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sqlite3
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, insert, select, text

from app.cli import main
from app.demo import build_demo
from app.domain.permissions import PermissionDenied, Principal
from app.exchange.merge_database import (
    JOIN,
    OtherDatabaseRefused,
    merge_database,
    series_label,
    write_merge_report,
)
from app.exchange.package_merge import REVIEW
from app.services.context import ServiceContext
from app.services.incoming import list_incoming, next_received_number
from app.services.register import SERIES, next_number
from app.startup import open_database
from app.text import fold, name_sort_key
from database.engine import sqlite_url
from database.enums import AwardSource, Gender, Role
from database.migrate import SCHEMA_HEAD, downgrade
from database.models import (
    Agency,
    AuditEntry,
    Award,
    AwardType,
    Base,
    Decision,
    IncomingDocument,
    Initiative,
    Nomination,
    NominationBatch,
    OutgoingDocument,
    Person,
    Rating,
    Unit,
)
from tests.db.conftest import BACKENDS

STAFF = 150
HERE_SEED, OTHER_SEED = 3, 5
FORMER = "Sở Y tế tỉnh Lâm Giang"
BOOK_YEAR = 2026  # a year the demo's incoming register leaves empty
DECISION_SYMBOL = "QĐ-SYT"
SCAN = b"%PDF-1.4 " + bytes(range(256)) * 40  # a signed scan, as the register keeps it


def _counts(s) -> dict[str, int]:
    tables = [t.name for t in Base.metadata.sorted_tables if t.name != "audit_log"]
    return dict(s.execute(text(" UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM {t}" for t in tables))).all())


def _identities(s) -> Counter:
    return Counter(tuple(r) for r in s.execute(select(Person.full_name, Person.birth_date)).all())


def _unmarked(name: str) -> str:
    return " ".join(word.capitalize() for word in fold(name).split())


def _person_row(
    like: dict, unit_id: int, full_name: str, birth: dt.date, gender=None, entered: dt.date | None = None
) -> dict:
    return {
        "uid": uuid.uuid4().hex,
        "full_name": full_name,
        "name_folded": fold(full_name),
        "sort_key": name_sort_key(full_name),
        "gender": gender or like["gender"],
        "birth_date": birth,
        "birth_year": birth.year,
        "unit_id": unit_id,
        "position": "Điều dưỡng",
        "health_sector_since": entered,
    }


def _incoming(numbers: list[int], issuer: str) -> list[dict]:
    return [
        {
            "year": BOOK_YEAR,
            "received_number": n,
            "received_on": dt.date(BOOK_YEAR, 3, n),
            "issuer": issuer,
            "number_symbol": f"{n}/CV-BYT",
            "kind": "Công văn",
            "subject": f"Về công tác thi đua, khen thưởng (văn bản {n})",
        }
        for n in numbers
    ]


def _a_nominated_award(s, unit_id: int) -> None:
    """A unit's nomination and the award it led to (entered as history): the link must survive the merge."""
    form = s.scalar(select(AwardType.id).where(AwardType.code == "GIAY_KHEN"))
    person = s.scalar(select(Person.id).where(Person.unit_id == unit_id).order_by(Person.id))
    batch = s.scalar(
        insert(NominationBatch)
        .values(year=2025, unit_id=unit_id, title="Đề nghị khen thưởng năm 2025")
        .returning(NominationBatch.id)
    )
    nomination = s.scalar(
        insert(Nomination)
        .values(batch_id=batch, award_type_id=form, year=2025, person_id=person)
        .returning(Nomination.id)
    )
    s.execute(
        insert(Award).values(
            uid=uuid.uuid4().hex,
            award_type_id=form,
            is_title=False,
            year=2025,
            person_id=person,
            source=AwardSource.HISTORY,
            decision_number="15/QĐ-SYT",
            nomination_id=nomination,
        )
    )


@dataclass
class Shared:
    exact: tuple[str, dt.date]  # one person written alike on both sides: joined
    unmarked: tuple[str, dt.date]  # ours; theirs is the same name without marks: for review, not joined
    namesake: tuple[str, dt.date]  # ours; theirs has the same name and another birth: never joined
    other_sex: tuple[str, dt.date]  # ours; theirs the same name and birth, the other sex: never joined
    other_entry: tuple[str, dt.date]  # ours; theirs alike but entered the sector another day: not joined


@dataclass
class Provinces:
    here_file: Path  # this province as a SQLite file (copied for the SQLite backend)
    other: Path  # the former department's database, as it arrives
    shared: Shared


@pytest.fixture(scope="module")
def provinces(tmp_path_factory, templates) -> Provinces:
    """Two demo provinces built once: ours (Sơn Hà) and the former department's (Lâm Giang: its units
    renamed, so that the hospitals differ and the department's offices stay alike), which also holds three
    of our people written its own way, and an incoming register of its own."""
    folder = tmp_path_factory.mktemp("merge")
    files = {}
    for name, seed in (("son-ha", HERE_SEED), ("lam-giang", OTHER_SEED)):
        files[name] = folder / f"{name}.sqlite3"
        shutil.copyfile(templates("sqlite"), files[name])
        db = open_database(sqlite_url(files[name]), backup_dir=folder / "backups")
        build_demo(db, small=True, seed=seed, staff=STAFF)
        db.dispose()
    here = open_database(sqlite_url(files["son-ha"]), backup_dir=folder / "backups")
    with here.session() as s:
        people = [
            dict(r)
            for r in s.execute(
                select(Person.full_name, Person.birth_date, Person.gender, Person.health_sector_since)
                .where(
                    Person.birth_date.is_not(None),
                    Person.health_sector_since.is_not(None),
                    Person.full_name != func.lower(Person.full_name),
                )
                .order_by(Person.id)
            ).mappings()
        ]
        s.execute(insert(IncomingDocument), _incoming([1], "Bộ Y tế"))
        s.commit()
    here.dispose()
    marked = [p for p in people if fold(p["full_name"]) != p["full_name"].lower()]
    exact, unmarked, namesake, other_sex, other_entry = marked[:5]
    entered_later = other_entry["health_sector_since"].replace(
        year=other_entry["health_sector_since"].year + 1
    )
    flipped = Gender.FEMALE if other_sex["gender"] is Gender.MALE else Gender.MALE
    other = open_database(sqlite_url(files["lam-giang"]), backup_dir=folder / "backups")
    with other.session() as s:
        s.execute(text("UPDATE agency SET parent_name = 'UBND TỈNH LÂM GIANG', place_name = 'Lâm Giang'"))
        for unit_id, name in s.execute(select(Unit.id, Unit.name)).all():
            renamed = name.replace("Sơn Hà", "Lâm Giang")
            s.execute(
                Unit.__table__.update()
                .where(Unit.id == unit_id)
                .values(name=renamed, name_folded=fold(renamed))
            )
        unit_id = s.scalar(select(Unit.id).where(Unit.parent_id.is_not(None)).order_by(Unit.id))
        namesake_birth = namesake["birth_date"].replace(year=namesake["birth_date"].year - 1)
        s.execute(
            insert(Person),
            [
                _person_row(exact, unit_id, exact["full_name"], exact["birth_date"]),
                _person_row(unmarked, unit_id, _unmarked(unmarked["full_name"]), unmarked["birth_date"]),
                _person_row(namesake, unit_id, namesake["full_name"], namesake_birth),
                _person_row(other_sex, unit_id, other_sex["full_name"], other_sex["birth_date"], flipped),
                _person_row(
                    other_entry,
                    unit_id,
                    other_entry["full_name"],
                    other_entry["birth_date"],
                    entered=entered_later,
                ),
            ],
        )
        s.execute(insert(IncomingDocument), _incoming([1, 2], "Bộ Y tế"))
        # Scans: an issued decision's signed copy, a received letter's scan.
        decision = s.scalar(select(Decision.document_id).where(Decision.document_id.is_not(None)).limit(1))
        s.execute(
            OutgoingDocument.__table__.update()
            .where(OutgoingDocument.id == decision)
            .values(file_name="quyet-dinh-da-ky.pdf", file_content=SCAN)
        )
        s.execute(
            IncomingDocument.__table__.update()
            .where(IncomingDocument.year == BOOK_YEAR, IncomingDocument.received_number == 2)
            .values(file_name="cong-van.pdf", file_content=SCAN[::-1])
        )
        _a_nominated_award(s, unit_id)
        s.commit()
    other.dispose()
    return Provinces(
        files["son-ha"],
        files["lam-giang"],
        Shared(
            (exact["full_name"], exact["birth_date"]),
            (unmarked["full_name"], unmarked["birth_date"]),
            (namesake["full_name"], namesake["birth_date"]),
            (other_sex["full_name"], other_sex["birth_date"]),
            (other_entry["full_name"], other_entry["birth_date"]),
        ),
    )


@pytest.fixture(scope="module", params=BACKENDS)
def here(request, provinces, tmp_path_factory, postgres, templates) -> ServiceContext:
    """This province on the backend: the SQLite file copied, or the same demo built on PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("here") / "tdkt.sqlite3"
        shutil.copyfile(provinces.here_file, path)
        url = sqlite_url(path)
        db = open_database(url, backup_dir=tmp_path_factory.mktemp("backups"))
    else:
        url = postgres.create(template=templates("postgresql").database)
        db = open_database(url, backup_dir=tmp_path_factory.mktemp("backups"))
        build_demo(db, small=True, seed=HERE_SEED, staff=STAFF)
        with db.session() as s:
            s.execute(insert(IncomingDocument), _incoming([1], "Bộ Y tế"))
            s.commit()
    yield ServiceContext(db, actor="tester")
    db.dispose()
    if request.param != "sqlite":
        postgres.drop(url)


def _other_facts(path: Path) -> dict:
    """What the other file holds, read straight from it."""
    conn = sqlite3.connect(path)
    try:

        def one(sql: str) -> int:
            return conn.execute(sql).fetchone()[0]

        return {
            "persons": one("SELECT count(*) FROM person"),
            "awards": one("SELECT count(*) FROM award"),
            "decisions": one("SELECT count(*) FROM decision"),
            "campaigns": one("SELECT count(*) FROM campaign"),
            "nominated": one("SELECT count(*) FROM award WHERE nomination_id IS NOT NULL"),
            "used": one("SELECT count(*) FROM initiative WHERE used_by_award_id IS NOT NULL"),
            "units": one("SELECT count(*) FROM unit"),
            "register": sorted(
                conn.execute("SELECT series, year, number, symbol FROM outgoing_document").fetchall(),
                key=lambda r: (r[0], r[1], r[2] or 0, r[3]),
            ),
            "scans": sorted(  # the signed decision above, the demo's letter entered with its scan
                conn.execute(
                    "SELECT file_name, file_content FROM outgoing_document WHERE file_content IS NOT NULL"
                ).fetchall()
            ),
            "identities": Counter(
                (n, dt.date.fromisoformat(b) if b else None)
                for n, b in conn.execute("SELECT full_name, birth_date FROM person")
            ),
        }
    finally:
        conn.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- refusals: nothing written ---------------------------------------------------------------------------


def test_files_that_cannot_be_merged_are_refused_and_nothing_is_written(here, provinces, tmp_path):
    with here.read() as s:
        before = _counts(s)
    not_a_database = tmp_path / "ghi-chu.sqlite3"
    not_a_database.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    newer = tmp_path / "moi-hon.sqlite3"
    shutil.copyfile(provinces.other, newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    damaged = tmp_path / "hong.sqlite3"
    data = bytearray(provinces.other.read_bytes())
    page = 4096
    data[page * 3 : page * 3 + 2048] = b"\xff" * 2048  # a table page overwritten
    damaged.write_bytes(bytes(data))
    refusals = {}
    for path in (not_a_database, newer, damaged, tmp_path / "khong-co.sqlite3"):
        digest = _digest(path) if path.exists() else None
        with pytest.raises(OtherDatabaseRefused) as refused:
            merge_database(here, path)
        refusals[path.name] = str(refused.value)
        assert digest is None or _digest(path) == digest  # the refused file itself is not touched
    assert "không phải cơ sở dữ liệu" in refusals["ghi-chu.sqlite3"]
    assert "mới hơn" in refusals["moi-hon.sqlite3"]
    assert "hỏng" in refusals["hong.sqlite3"]
    assert "Không tìm thấy" in refusals["khong-co.sqlite3"]
    with here.read() as s:
        assert _counts(s) == before


def test_a_role_without_the_right_is_refused_before_anything_is_read(here, provinces):
    clerk = ServiceContext.signed_in(here.db, Principal("chuyenvien", frozenset({Role.CLERK}), account_id=7))
    with here.read() as s:
        before = _counts(s)
    with pytest.raises(PermissionDenied):
        merge_database(clerk, provinces.other)
    with here.read() as s:
        assert _counts(s) == before


# --- the plan, then the merge --------------------------------------------------------------------------------


def test_a_dry_run_shows_the_plan_and_writes_nothing(here, provinces):
    with here.read() as s:
        before = _counts(s)
    report = merge_database(here, provinces.other, dry_run=True)
    assert not report.written
    theirs = _other_facts(provinces.other)
    assert report.added["persons"] + report.joined["persons"] == theirs["persons"]
    assert report.added["decisions"] == theirs["decisions"]
    assert report.added["outgoing_document"] == len(theirs["register"])
    with here.read() as s:
        assert _counts(s) == before
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "merge")) == 0


def test_an_older_file_is_brought_up_to_date_on_a_copy_only(here, provinces, tmp_path):
    older = tmp_path / "cu.sqlite3"
    shutil.copyfile(provinces.other, older)
    db = open_database(sqlite_url(older), backup_dir=tmp_path / "backups")
    downgrade(db, "0015_nomination_wordings")
    db.dispose()
    digest = _digest(older)
    report = merge_database(here, older, dry_run=True)
    assert report.added["outgoing_document"] == len(_other_facts(provinces.other)["register"])
    assert _digest(older) == digest
    with sqlite3.connect(older) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] != SCHEMA_HEAD
    conn.close()


def test_two_provinces_merge_and_nothing_is_joined_that_should_not_be(here, provinces, tmp_path):
    theirs = _other_facts(provinces.other)
    with here.read() as s:
        before = _counts(s)
        ours_identities = _identities(s)
        ours_register = sorted(
            s.execute(select(OutgoingDocument.series, OutgoingDocument.year, OutgoingDocument.number)).all(),
            key=str,
        )
        root = s.scalar(select(Unit.id).where(Unit.parent_id.is_(None)))
        awards_before = s.scalar(select(func.count()).select_from(Award))
        years = sorted({r[1] for r in theirs["register"]})
        next_before = {y: next_number(s, y, SERIES, DECISION_SYMBOL) for y in years}
        before_links = (
            s.scalar(select(func.count()).select_from(Award).where(Award.nomination_id.is_not(None))),
            s.scalar(
                select(func.count()).select_from(Initiative).where(Initiative.used_by_award_id.is_not(None))
            ),
        )
    shared = provinces.shared
    exact_alike = {k for k in theirs["identities"] if k in ours_identities} - {
        shared.other_sex,
        shared.other_entry,
    }
    assert shared.exact in exact_alike and shared.unmarked not in exact_alike

    report = merge_database(here, provinces.other)
    assert report.written and not report.errors
    assert report.backup is not None and report.backup.is_file()  # this database as it was, kept
    if report.backup.suffix == ".sqlite3":
        with sqlite3.connect(report.backup) as conn:
            assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == before["person"]
        conn.close()
    assert report.label == FORMER

    # People: those written alike (name with every mark, and birth) joined; nobody else.
    joined = {line.what for line in report.lines if line.kind == "persons" and line.action == JOIN}
    assert report.joined["persons"] == sum(theirs["identities"][k] for k in exact_alike) == len(joined)
    assert any(line.startswith(shared.exact[0] + " (") for line in joined)
    probable = [p for p in report.probable if p.theirs.startswith(_unmarked(shared.unmarked[0]))]
    assert len(probable) == 1 and probable[0].ours.startswith(shared.unmarked[0])
    assert any(r.action == REVIEW and r.kind == "persons" for r in report.review)
    with here.read() as s:
        after = _identities(s)
        counts = _counts(s)
        assert counts["person"] == before["person"] + theirs["persons"] - report.joined["persons"]
        assert after[shared.exact] == ours_identities[shared.exact]  # joined: still one
        unmarked_birth = shared.unmarked[1]
        assert after[(shared.unmarked[0], unmarked_birth)] == ours_identities[shared.unmarked]
        assert after[(_unmarked(shared.unmarked[0]), unmarked_birth)] == 1  # theirs, a person of its own
        assert after[shared.other_sex] == ours_identities[shared.other_sex] + 1  # a man is not a woman
        assert after[shared.other_entry] == ours_identities[shared.other_entry] + 1
        assert any(
            r.what.startswith(shared.other_entry[0])
            and "khác ngày vào ngành" in r.detail
            and "--join" in r.detail
            for r in report.review
        )
        namesakes = [k for k in after if k[0] == shared.namesake[0]]
        assert sum(after[k] for k in namesakes) == sum(
            n for k, n in ours_identities.items() if k[0] == shared.namesake[0]
        ) + sum(n for k, n in theirs["identities"].items() if k[0] == shared.namesake[0])

        # Histories and decisions: all of theirs here (decisions are never joined by their number).
        assert counts["decision"] == before["decision"] + theirs["decisions"]
        assert s.scalar(select(func.count()).select_from(Award)) == awards_before + report.added["awards"]
        assert (
            report.added["awards"]
            + report.joined["awards"]
            + sum(1 for line in report.review if line.kind == "awards")
            == theirs["awards"]
        )
        assert counts["campaign"] == before["campaign"] + theirs["campaigns"]
        nominated = select(func.count()).select_from(Award).where(Award.nomination_id.is_not(None))
        used = select(func.count()).select_from(Initiative).where(Initiative.used_by_award_id.is_not(None))
        assert theirs["nominated"] == 1 and theirs["used"] > 0
        assert s.scalar(nominated) == before_links[0] + theirs["nominated"]  # an award keeps its nomination
        assert s.scalar(used) == before_links[1] + theirs["used"]  # an initiative the award it was used for
        assert counts["rating"] == before["rating"] + report.added["ratings"]
        assert s.scalar(select(func.count()).select_from(Rating).where(Rating.person_id.is_(None))) > 0

        # Units: the department's own offices matched, their hospitals added with a suggestion.
        assert counts["unit"] == before["unit"] + theirs["units"] - report.joined["units"]
        assert report.joined["units"] >= 4
        hospital = s.execute(
            select(Unit.parent_id, Unit.code).where(Unit.name == "Bệnh viện Đa khoa tỉnh Lâm Giang")
        ).one()
        assert hospital.parent_id == root and hospital.code is None  # its code is ours' hospital's
        assert any(
            u.theirs == "Bệnh viện Đa khoa tỉnh Lâm Giang"
            and "Bệnh viện Đa khoa tỉnh Sơn Hà" in u.suggestions
            for u in report.suggestions
        )
        assert s.scalar(select(func.count()).select_from(Unit).where(Unit.parent_id.is_(None))) == 1

        # Both registers: ours as it was; theirs under the former department's name, numbers unchanged.
        register = s.execute(
            select(
                OutgoingDocument.series,
                OutgoingDocument.year,
                OutgoingDocument.number,
                OutgoingDocument.symbol,
            )
        ).all()
        assert (
            sorted([(a, b, c) for a, b, c, _ in register if not a.startswith(FORMER)], key=str)
            == ours_register
        )
        moved = sorted(
            [tuple(r) for r in register if r[0].startswith(FORMER)],
            key=lambda r: (r[0], r[1], r[2] or 0, r[3]),
        )
        expected = sorted(
            [(series_label(FORMER, a), b, c, d) for a, b, c, d in theirs["register"]],
            key=lambda r: (r[0], r[1], r[2] or 0, r[3]),
        )
        assert moved == expected
        assert {r[0] for r in moved} == {FORMER, f"{FORMER} (HĐTĐKT)"}
        shared_numbers = {(b, c, d) for a, b, c, d in register if a == "CHUNG"} & {
            (b, c, d) for a, b, c, d in moved
        }
        assert shared_numbers  # the same "number/QĐ-SYT" of a year, once in each department's register
        # Their numbers never hold back ours, though the ký hiệu is the same.
        assert {y: next_number(s, y, SERIES, DECISION_SYMBOL) for y in years} == next_before
        assert any(
            c is not None and c >= next_before[b] for a, b, c, d in theirs["register"] if d == DECISION_SYMBOL
        )
        decisions = s.execute(
            select(Decision.number_text, OutgoingDocument.series).join(
                OutgoingDocument, OutgoingDocument.id == Decision.document_id
            )
        ).all()
        assert sum(1 for _, series in decisions if series.startswith(FORMER)) > 0
        books = Counter(
            s.execute(
                select(IncomingDocument.series, IncomingDocument.received_number).where(
                    IncomingDocument.year == BOOK_YEAR
                )
            ).all()
        )
        assert books == Counter({("", 1): 1, (FORMER, 1): 1, (FORMER, 2): 1})
        scans = s.execute(
            select(OutgoingDocument.series, OutgoingDocument.file_name, OutgoingDocument.file_content).where(
                OutgoingDocument.file_content.is_not(None)
            )
        ).all()
        assert sorted((b, c) for a, b, c in scans if a.startswith(FORMER)) == theirs["scans"]
        assert ("quyet-dinh-da-ky.pdf", SCAN) in theirs["scans"] and len(theirs["scans"]) == 2
        assert s.execute(
            select(IncomingDocument.file_name, IncomingDocument.file_content).where(
                IncomingDocument.series == FORMER,
                IncomingDocument.year == BOOK_YEAR,
                IncomingDocument.received_number == 2,
            )
        ).one() == ("cong-van.pdf", SCAN[::-1])
        assert s.scalar(select(Agency.place_name)) == "Sơn Hà"  # this office stays this office

        audit = s.scalar(select(AuditEntry).where(AuditEntry.action == "merge"))
        assert audit is not None and FORMER in audit.summary
    assert next_received_number(here, BOOK_YEAR) == 2  # our book goes on from our own numbers
    assert [e.number_text for e in list_incoming(here, BOOK_YEAR)] == ["1", f"2 ({FORMER})", f"1 ({FORMER})"]

    # The record: every line, joined and for review among them.
    target = tmp_path / "hop-nhat.xlsx"
    write_merge_report(report, target)
    sheet = openpyxl.load_workbook(target, read_only=True).active
    rows = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(rows) if "Kết quả" in r)
    results = Counter(r[2] for r in rows[header + 1 :])
    assert results[JOIN] == sum(report.joined.values())
    assert results[REVIEW] == len(report.review)
    assert results["Xung đột"] == len(report.conflicts)

    # A second time: refused, nothing doubled.
    with here.read() as s:
        merged = _counts(s)
    with pytest.raises(OtherDatabaseRefused, match="đã được hợp nhất"):
        merge_database(here, provinces.other)
    with here.read() as s:
        assert _counts(s) == merged


def test_the_command_line(provinces, tmp_path, capsys):
    """On a SQLite copy of this province: --dry-run --json, --under, and exit 2 for a refused file."""
    path = tmp_path / "tdkt.sqlite3"
    shutil.copyfile(provinces.here_file, path)
    with sqlite3.connect(path) as conn:
        campaigns = conn.execute("SELECT count(*) FROM campaign").fetchone()[0]
    conn.close()
    assert (
        main(
            [
                "--db",
                str(path),
                "merge-database",
                str(provinces.other),
                "--dry-run",
                "--json",
                "--under",
                "SYT",
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    theirs = _other_facts(provinces.other)
    assert out["written"] is False and out["label"] == FORMER
    assert out["added"]["units"] == theirs["units"] and "units" not in out["joined"]  # all placed under SYT
    assert out["joined"]["persons"] >= 1 and out["probable"]
    assert main(["--db", str(path), "merge-database", str(tmp_path / "khong-co.sqlite3")]) == 2
    assert "Không tìm thấy" in capsys.readouterr().err
    # Their hospital is ours (the clerk says so): it and its departments join, the names notwithstanding.
    by_name = ["--db", str(path), "merge-database", str(provinces.other), "--dry-run", "--json"]
    assert main(by_name) == 0
    matched = json.loads(capsys.readouterr().out)["joined"]["units"]
    assert main([*by_name, "--map", "Bệnh viện Đa khoa tỉnh Lâm Giang=BVDKT"]) == 0
    assert json.loads(capsys.readouterr().out)["joined"]["units"] >= matched + 2
    assert main([*by_name, "--map", "Bệnh viện không có=BVDKT"]) == 2
    assert "không có đơn vị" in capsys.readouterr().err
    uid = out["probable"][0]["uid"]
    assert main(["--db", str(path), "merge-database", str(provinces.other), "--join", uid, "--json"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["written"] and done["joined"]["persons"] == out["joined"]["persons"] + 1
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM campaign").fetchone()[0] == campaigns + theirs["campaigns"]
    conn.close()
