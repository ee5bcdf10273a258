"""USB packages: a year exported from a demo province and imported into an empty database compares equal;
a second import changes nothing; every bad package is refused with its own message and changes nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import multiprocessing
import random
import shutil
import zipfile

import pytest
from sqlalchemy import func, insert, select

from app.cli import main
from app.demo import build_demo
from app.errors import StaleRecord
from app.exchange.file_limits import FileLimits
from app.exchange.package import (
    ImportCancelled,
    PackageRefused,
    PackageScope,
    export_package,
    import_package,
)
from app.exchange.package_archive import DATA, MANIFEST, manifest_of
from app.exchange.package_data import collect
from app.exchange.xlsx_table import ExportCancelled
from app.services.context import ServiceContext
from app.services.persons import person_upkeep, update_person
from app.startup import open_database
from database.engine import sqlite_url
from database.enums import AwardBasis, AwardSource
from database.models import AuditEntry, Award, AwardType, Decision, Person, Rating, Unit
from tests.unit.test_parallel_pdfs import same_pdf

YEAR = 2024
PASSWORD = "Mật-khẩu 2024"
TABLES = (Unit, Person, Rating, Award, Decision, AuditEntry)


@pytest.fixture(scope="module")
def source(tmp_path_factory, templates):
    """A small demo province (renamed units, postings, ratings, initiatives with authors, decisions with
    their register entries), plus an award recorded from before the program, in the exported year."""
    path = tmp_path_factory.mktemp("source") / "source.sqlite3"
    shutil.copyfile(templates("sqlite"), path)
    db = open_database(sqlite_url(path), backup_dir=path.parent / "b")
    build_demo(db, small=True, seed=5, staff=300)
    ctx = ServiceContext(db, actor="tester")
    with ctx.write("an award without a decision") as s:
        person = s.scalar(select(Person.id).order_by(Person.id).limit(1))
        kind = s.scalar(select(AwardType.id).where(AwardType.code == "BK_TINH"))
        s.execute(
            insert(Award).values(
                person_id=person,
                award_type_id=kind,
                is_title=False,
                year=YEAR,
                basis=AwardBasis.MERIT,
                source=AwardSource.HISTORY,
                decision_number="15/QĐ-BV",
                achievement="Hoàn thành xuất sắc nhiệm vụ",
                revoked=False,
            )
        )
    yield ctx
    db.dispose()


@pytest.fixture(scope="module")
def packages(source, tmp_path_factory):
    folder = tmp_path_factory.mktemp("packages")
    plain = export_package(source, PackageScope(YEAR), folder / "goi.zip")
    locked = export_package(source, PackageScope(YEAR), folder / "goi-khoa.zip", password=PASSWORD)
    return plain.target, locked.target


def _canonical(data: dict) -> dict:
    """data.json with every sender id replaced by the record's natural key, lists sorted: two databases
    holding the same records give the same text."""
    units = {u["ref"]: (u["code"], u["name"]) for u in data["units"]}
    persons = {p["ref"]: (p["full_name"], p["birth_date"], p["birth_year"]) for p in data["persons"]}
    documents = {d["ref"]: (d["year"], d["symbol"], d["number"]) for d in data["documents"]}
    decisions = {d["ref"]: (d["issuer"], d["number_text"]) for d in data["decisions"]}

    def rekey(record: dict) -> dict:
        record = dict(record)
        record.pop("ref", None)
        for name, keys in (
            ("parent", units),
            ("unit", units),
            ("person", persons),
            ("document", documents),
            ("decision", decisions),
        ):
            if record.get(name) is not None:
                record[name] = keys[record[name]]
        for name in ("former_names", "authors"):
            if name in record:
                record[name] = sorted((rekey(x) for x in record[name]), key=json.dumps)
        return record

    return {
        kind: sorted((rekey(r) for r in data[kind]), key=lambda r: json.dumps(r, ensure_ascii=False))
        for kind in (
            "units",
            "persons",
            "postings",
            "ratings",
            "initiatives",
            "decisions",
            "awards",
            "documents",
        )
    } | {"agency": data["agency"]}


def _scope_data(ctx: ServiceContext) -> dict:
    with ctx.read() as s:
        return collect(s, PackageScope(YEAR), dt.datetime.now())


def _counts(ctx: ServiceContext) -> dict:
    with ctx.read() as s:
        return {t.__tablename__: s.scalar(select(func.count()).select_from(t)) for t in TABLES}


# --- the round trip ----------------------------------------------------------------------------------------


def test_the_package_holds_data_lists_pdfs_and_a_manifest(packages):
    with zipfile.ZipFile(packages[0]) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read(MANIFEST))
        data = json.loads(archive.read(DATA))
    assert {DATA, MANIFEST, f"danh-sach-khen-thuong-{YEAR}.xlsx"} <= names
    assert any(n.startswith("quyet-dinh/") and n.endswith(".pdf") for n in names)
    assert {e["path"] for e in manifest["files"]} == names - {MANIFEST}
    assert data["schema"] == "tdkt-package" and data["version"] == 2 and data["scope"]["year"] == YEAR
    assert any(u["former_names"] for u in data["units"])
    assert any(a["decision"] is None for a in data["awards"]) and any(a["decision"] for a in data["awards"])
    assert any(i["authors"] for i in data["initiatives"]) and data["postings"] and data["ratings"]
    with zipfile.ZipFile(packages[0]) as archive:
        lines = archive.read(DATA).decode("utf-8").splitlines()
    assert sum(line.startswith('{"year": ') for line in lines) >= len(data["awards"])  # a record a line


@pytest.mark.parametrize("which", ["plain", "password"])
def test_round_trip_into_an_empty_database_compares_equal_and_twice_changes_nothing(
    source, packages, ctx, which
):
    package, password = (packages[0], None) if which == "plain" else (packages[1], PASSWORD)
    report = import_package(ctx, package, password)
    assert report.written and report.errors == [] and report.conflicts == []
    assert _canonical(_scope_data(ctx)) == _canonical(_scope_data(source))
    expected = json.loads(zipfile.ZipFile(packages[0]).read(DATA))
    assert report.added["awards"] == len(expected["awards"]) and report.added["persons"] == len(
        expected["persons"]
    )

    before = _counts(ctx)
    again = import_package(ctx, package, password)
    assert not again.anything and again.conflicts == [] and again.errors == []
    after = _counts(ctx)
    assert {k: v for k, v in after.items() if k != "audit_log"} == {
        k: v for k, v in before.items() if k != "audit_log"
    }


def test_a_package_of_the_format_before_streaming_imports_the_same(source, packages, ctx, tmp_path):
    """Packages exported before data.json was streamed hold it indented, its register entries last: read in
    any layout and any order of keys, with the same result as today's package."""
    files = _files(packages[0])
    data = json.loads(files[DATA])
    data = {k: v for k, v in data.items() if k != "documents"} | {"documents": data["documents"]}
    files[DATA] = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    files[MANIFEST] = manifest_of({k: v for k, v in files.items() if k != MANIFEST})
    report = import_package(ctx, _zip(tmp_path / "goi-cu.zip", files))
    assert report.written and report.errors == [] and report.conflicts == []
    assert _canonical(_scope_data(ctx)) == _canonical(_scope_data(source))
    assert report.added["awards"] == len(data["awards"]) and report.added["persons"] == len(data["persons"])


def test_the_streamed_data_json_holds_the_scope_a_record_a_line_register_first(source, packages):
    """The export writes the records straight from the database's cursors: the same records as the scope
    read whole, the kinds in the order an import takes them."""
    raw = _files(packages[0])[DATA]
    data = json.loads(raw)
    expected = _scope_data(source)
    assert {k: v for k, v in data.items() if k != "created_at"} == {
        k: v for k, v in expected.items() if k != "created_at"
    }
    assert [k for k in data if isinstance(data[k], list)] == [
        "documents",
        "units",
        "persons",
        "postings",
        "ratings",
        "decisions",
        "awards",
        "initiatives",
    ]
    records = sum(len(v) for v in data.values() if isinstance(v, list))
    assert len(raw.decode("utf-8").splitlines()) == records + 2 * 8 + 6 + 2  # a record a line


def test_the_list_of_awards_is_the_search_of_the_year_streamed(source, packages, tmp_path):
    """The package's .xlsx lists the year's awards as the search finds them, read a chunk at a time."""
    from openpyxl import load_workbook

    from app.services.awards import AwardQuery, each_award, search_awards

    query = AwardQuery(year_from=YEAR, year_to=YEAR)
    found = search_awards(source, query, limit=None).hits
    assert list(each_award(source, query)) == list(found) and found
    path = tmp_path / "list.xlsx"
    path.write_bytes(_files(packages[0])[f"danh-sach-khen-thuong-{YEAR}.xlsx"])
    rows = list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))
    names = [row[1] for row in rows if row and isinstance(row[0], int)]
    assert names == [h.subject_name for h in found]


def test_a_failed_export_leaves_nothing(source, tmp_path, monkeypatch):
    """data.json is written into the zip as it is read: a failure half way leaves no package, no partial
    file, and an empty folder chosen for a folder package stays empty."""
    from app.exchange import package_data

    def broken(*_args, **_kwargs):
        yield {"ref": 1}
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(package_data, "_units", lambda s: list(broken()))
    for target in (tmp_path / "goi.zip", tmp_path / "goi"):
        with pytest.raises(RuntimeError):
            export_package(source, PackageScope(YEAR), target)
        assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_dry_run_plans_without_writing(ctx, packages):
    before = _counts(ctx)
    report = import_package(ctx, packages[0], dry_run=True)
    assert report.anything and not report.written and _counts(ctx) == before


def test_an_import_shows_its_progress_and_a_cancel_writes_nothing(ctx, packages):
    seen: list[tuple[int, int]] = []
    before = _counts(ctx)
    with pytest.raises(ImportCancelled):  # stopped in the middle of the merge
        import_package(ctx, packages[0], progress=lambda *p: seen.append(p), cancelled=lambda: len(seen) > 5)
    assert len(seen) == 6 and _counts(ctx) == before  # not even an audit row
    seen.clear()
    report = import_package(ctx, packages[0], progress=lambda *p: seen.append(p))
    done, totals = [d for d, _ in seen], {t for _, t in seen}
    assert report.written and len(totals) == 1 and done[0] == 0 and done[-1] == totals.pop()
    assert done == sorted(done) and len(done) > 8


# --- the decisions' PDFs drawn by worker processes -------------------------------------------------------


def test_decisions_drawn_by_worker_processes_are_the_ones_drawn_here(source, tmp_path, caplog):
    here = export_package(source, PackageScope(YEAR), tmp_path / "here", workers=0)
    apart = export_package(source, PackageScope(YEAR), tmp_path / "apart", workers=2)
    assert not [r for r in caplog.records if r.name == "app.documents.state.parallel"]  # no falling back
    pdfs = sorted(n for n in here.files if n.startswith("quyet-dinh/"))
    assert len(pdfs) >= 2 and [n for n in apart.files if n.startswith("quyet-dinh/")] == pdfs
    for name in pdfs:
        drawn_here, drawn_apart = ((p.target / name).read_bytes() for p in (here, apart))
        assert drawn_apart.startswith(b"%PDF") and same_pdf(drawn_apart) == same_pdf(drawn_here)
    assert apart.skipped == here.skipped == [] and not multiprocessing.active_children()
    manifests = [json.loads((p.target / MANIFEST).read_bytes())["files"] for p in (here, apart)]
    assert [e["path"] for e in manifests[0]] == [e["path"] for e in manifests[1]]


def test_a_cancel_while_the_workers_draw_writes_nothing(source, tmp_path):
    seen: list[tuple[int, int]] = []
    target = tmp_path / "goi.zip"
    with source.read() as s:
        exports = s.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(ExportCancelled):  # cancelled once the list and one decision are done
        export_package(
            source,
            PackageScope(YEAR),
            target,
            progress=lambda *p: seen.append(p),
            cancelled=lambda: len(seen) > 2,
            workers=2,
        )
    assert [d for d, _ in seen] == [0, 1, 2] and seen[0][1] > 3
    assert list(tmp_path.iterdir()) == [] and not multiprocessing.active_children()
    with source.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == exports  # nothing recorded


def _first_rating(s, *where) -> Rating:
    return s.scalars(select(Rating).where(Rating.year == YEAR, *where).order_by(Rating.id).limit(1)).one()


def test_differences_are_conflicts_and_ours_is_kept_while_gaps_are_filled(ctx, packages):
    import_package(ctx, packages[0])
    with ctx.write("local edits") as s:
        rating = _first_rating(s, Rating.person_id.is_not(None))
        other = next(x for x in type(rating.level) if x is not rating.level)
        rating.level = other
        person = s.get(Person, rating.person_id)
        person.position = None
    shown = person_upkeep(ctx, person.id)  # a form open on them, showing the gap
    report = import_package(ctx, packages[0])
    assert report.changed == {"persons": 1}
    assert [c.kind for c in report.conflicts] == ["ratings"] and "gói ghi" in report.conflicts[0].detail
    with ctx.read() as s:
        assert s.scalar(select(Rating.level).where(Rating.id == rating.id)) is other
        # The filled field is a change like a clerk's: a form still showing the gap is stale, not saved over it.
        assert s.scalar(select(Person.version).where(Person.id == person.id)) == shown.version + 1
    with pytest.raises(StaleRecord):
        update_person(ctx, person.id, dataclasses.replace(shown.data, note="Sửa tay"), shown.version)


def test_a_rating_filled_from_a_package_moves_its_version(ctx, packages):
    import_package(ctx, packages[0])
    with ctx.write("local edits") as s:
        rating = _first_rating(s, Rating.absent_days.is_not(None))
        rating.absent_days = None
    with ctx.read() as s:
        shown = s.scalar(select(Rating.version).where(Rating.id == rating.id))
    assert import_package(ctx, packages[0]).changed == {"ratings": 1}
    with ctx.read() as s:
        absent, version = s.execute(
            select(Rating.absent_days, Rating.version).where(Rating.id == rating.id)
        ).one()
    assert absent is not None and version == shown + 1


def test_a_decision_scope_carries_only_that_decision(source, ctx, tmp_path):
    with source.read() as s:
        decision, number = s.execute(
            select(Decision.id, Decision.number_text)
            .where(Decision.year == YEAR)
            .order_by(Decision.id)
            .limit(1)
        ).one()
        awarded = s.scalar(select(func.count()).select_from(Award).where(Award.decision_id == decision))
    package = export_package(source, PackageScope(YEAR, decision_id=decision), tmp_path / "qd.zip").target
    data = json.loads(zipfile.ZipFile(package).read(DATA))
    assert data["scope"]["decision"]["number_text"] == number and data["ratings"] == []
    assert [d["number_text"] for d in data["decisions"]] == [number] and len(data["awards"]) == awarded
    assert import_package(ctx, package).added["awards"] == awarded


# --- faults --------------------------------------------------------------------------------------------------


def _files(package) -> dict[str, bytes]:
    with zipfile.ZipFile(package) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist()}


def _zip(path, files: dict[str, bytes], compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def _refused(ctx, path, message: str, **kw) -> None:
    before = _counts(ctx)
    with pytest.raises(PackageRefused) as caught:
        import_package(ctx, path, **kw)
    assert message in str(caught.value)
    assert _counts(ctx) == before


def test_a_tampered_file_is_refused(ctx, packages, tmp_path):
    files = _files(packages[0])
    files[DATA] = files[DATA].replace(b'"year": 2024', b'"year": 2023', 1)
    _refused(ctx, _zip(tmp_path / "sua.zip", files), "mã kiểm tra SHA-256 không khớp")


def test_a_flipped_byte_in_the_archive_is_refused(ctx, packages, tmp_path):
    files = _files(packages[0])
    stored = _zip(tmp_path / "stored.zip", files, compression=zipfile.ZIP_STORED)
    raw = bytearray(stored.read_bytes())
    at = raw.index(b'"schema": "tdkt-package"', raw.index(b"data.json")) + 12
    raw[at] ^= 0x20
    stored.write_bytes(bytes(raw))
    _refused(ctx, stored, "đã bị sửa hoặc hỏng")


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_package_cut_at_a_random_byte_is_refused(ctx, packages, tmp_path, seed):
    raw = packages[0].read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(raw[: random.Random(seed).randrange(1, len(raw))])
    _refused(ctx, cut, "bị cắt cụt hoặc hỏng")


def test_a_foreign_zip_or_file_is_refused(ctx, packages, tmp_path):
    _refused(ctx, _zip(tmp_path / "la.zip", {"baocao.txt": b"xin chao"}), "không có manifest.json")
    not_zip = tmp_path / "notes.zip"
    not_zip.write_text("không phải zip")
    _refused(ctx, not_zip, "không phải tệp .zip")
    files = _files(packages[0])
    files[MANIFEST] = files[MANIFEST].replace(b"tdkt-package", b"other-package")
    _refused(ctx, _zip(tmp_path / "khac.zip", files), "manifest.json không đúng mẫu")


def test_a_package_from_a_newer_program_is_refused(ctx, packages, tmp_path):
    files = _files(packages[0])
    data = json.loads(files[DATA])
    data["version"] = 3
    files[DATA] = json.dumps(data).encode()
    files[MANIFEST] = manifest_of({k: v for k, v in files.items() if k != MANIFEST})
    _refused(ctx, _zip(tmp_path / "moi.zip", files), "phiên bản 3")


def test_an_extra_file_is_refused(ctx, packages, tmp_path):
    files = _files(packages[0]) | {"them.exe": b"MZ"}
    _refused(ctx, _zip(tmp_path / "them.zip", files), "tệp lạ")


@pytest.mark.parametrize("name", ["../ra-ngoai.txt", "/etc/passwd", "quyet-dinh/../../x.pdf", "C:/x.txt"])
def test_a_path_escaping_the_folder_is_refused(ctx, packages, tmp_path, name):
    files = _files(packages[0]) | {name: b"x"}
    _refused(ctx, _zip(tmp_path / "slip.zip", files), "ra ngoài thư mục gói")


def test_a_zip_bomb_is_refused_from_its_headers(ctx, packages, tmp_path):
    files = _files(packages[0]) | {"bom.bin": bytes(32 << 20)}
    _refused(ctx, _zip(tmp_path / "bom.zip", files), "nén bất thường")


def test_an_oversized_package_is_refused(ctx, packages):
    _refused(ctx, packages[0], "quá lớn", limits=FileLimits(max_total=10_000))


def test_a_header_that_understates_its_size_is_caught_while_reading(ctx, packages, tmp_path):
    files = _files(packages[0])
    path = _zip(tmp_path / "lie.zip", files)
    raw = bytearray(path.read_bytes())
    central = raw.index(b"PK\x01\x02")
    while raw[central + 46 : central + 46 + len(DATA)] != DATA.encode():
        central = raw.index(b"PK\x01\x02", central + 1)
    raw[central + 24 : central + 28] = (100).to_bytes(4, "little")  # uncompressed size: 100 bytes
    path.write_bytes(bytes(raw))
    with pytest.raises(PackageRefused):
        import_package(ctx, path)
    assert _counts(ctx)["award"] == 0


def test_a_missing_or_wrong_password_is_refused(ctx, packages):
    _refused(ctx, packages[1], "Gói này có mật khẩu")
    _refused(ctx, packages[1], "Mật khẩu không đúng", password="sai")


def test_a_folder_package_round_trips_and_a_stray_file_is_refused(source, ctx, tmp_path):
    folder = export_package(source, PackageScope(YEAR), tmp_path / "goi").target
    assert (folder / MANIFEST).is_file()
    (folder / "them.txt").write_text("x")
    _refused(ctx, folder, "tệp lạ")
    (folder / "them.txt").unlink()
    assert import_package(ctx, folder, dry_run=True).anything


# --- the command line ----------------------------------------------------------------------------------------


def test_the_command_line(source, ctx, db, capsys, tmp_path):
    source_url = source.db.engine.url.render_as_string(hide_password=False)
    out = tmp_path / "cli.zip"
    assert (
        main(
            [
                "--db-url",
                source_url,
                "export",
                "package",
                "--year",
                str(YEAR),
                "--out",
                str(out),
                "--password",
                "abc",
            ]
        )
        == 0
    )
    assert "Đã xuất" in capsys.readouterr().out and out.is_file()

    url = db.engine.url.render_as_string(hide_password=False)
    code = main(["--db-url", url, "import", "package", str(out), "--password", "abc", "--dry-run", "--json"])
    plan = json.loads(capsys.readouterr().out)
    assert code == 0 and plan["written"] is False and plan["added"]["awards"] > 0
    assert set(plan) >= {"added", "changed", "conflicts", "errors"} and _counts(ctx)["award"] == 0

    assert main(["--db-url", url, "import", "package", str(out), "--password", "sai"]) == 2
    assert "Mật khẩu không đúng" in capsys.readouterr().err
    assert main(["--db-url", url, "import", "package", str(out), "--password", "abc"]) == 0
    assert "Đã nhập" in capsys.readouterr().out and _counts(ctx)["award"] == plan["added"]["awards"]


def test_what_was_issued_here_is_not_filled_from_a_package(ctx, packages, tmp_path):
    """An issued award keeps what it was issued with (migration 0008's triggers): a field the package would
    fill is a conflict, listed, and the rest of the package goes in."""
    import_package(ctx, packages[0])
    files = _files(packages[0])
    data = json.loads(files[DATA])
    award = next(
        a for a in data["awards"] if a.get("decision") is not None and a.get("bonus_note") in (None, "")
    )
    award["bonus_note"] = "Ghi chú của nơi gửi"
    files[DATA] = json.dumps(data, ensure_ascii=False).encode()
    files[MANIFEST] = manifest_of({k: v for k, v in files.items() if k != MANIFEST})
    report = import_package(ctx, _zip(tmp_path / "ghi-them.zip", files))
    assert report.written and report.errors == []
    assert [c.kind for c in report.conflicts] == ["awards"] and "đã ban hành" in report.conflicts[0].detail
    with ctx.read() as s:
        assert s.scalar(select(func.count()).where(Award.bonus_note == "Ghi chú của nơi gửi")) == 0
