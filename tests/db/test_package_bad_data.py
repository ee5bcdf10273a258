"""A package whose data.json has an unexpected shape (with a manifest that agrees, so only the schema can
catch it), a manifest of a newer version, or parts of zeros: refused before any merge with a Vietnamese
message, on the command line exit 2 without a traceback, and the database unchanged, on SQLite and
PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile

import pytest
from sqlalchemy import select

from app.cli import main
from app.demo import build_demo
from app.exchange.file_limits import FileLimits
from app.exchange.package import PackageRefused, PackageScope, export_package, import_package
from app.exchange.package_archive import DATA, MANIFEST, manifest_of, verified_package
from app.services.context import ServiceContext
from app.startup import open_database
from database.engine import sqlite_url
from database.models import Agency, Award, Decision, OutgoingDocument, Person, Posting, Rating, Unit

YEAR = 2024
TABLES = (Agency, Unit, Person, Posting, Rating, Decision, Award, OutgoingDocument)


@pytest.fixture(scope="module")
def package(tmp_path_factory, templates):
    folder = tmp_path_factory.mktemp("bad-data")
    path = folder / "source.sqlite3"
    shutil.copyfile(templates("sqlite"), path)
    db = open_database(sqlite_url(path), backup_dir=folder / "b")
    build_demo(db, small=True, seed=7, staff=200)
    target = export_package(ServiceContext(db, actor="tester"), PackageScope(YEAR), folder / "goi.zip").target
    db.dispose()
    return target


def _files(package) -> dict[str, bytes]:
    with zipfile.ZipFile(package) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist()}


def _zeros(package, tmp_path, count: int, size: int):
    """The package with `count` parts of `size` zero bytes added, listed in a manifest that agrees."""
    files = {k: v for k, v in _files(package).items() if k != MANIFEST}
    zero = bytes(size)
    names = [f"quyet-dinh/{n}.pdf" for n in range(count)]
    entries = [{"path": n, "size": size, "sha256": hashlib.sha256(zero).hexdigest()} for n in names]
    entries += [
        {"path": k, "size": len(v), "sha256": hashlib.sha256(v).hexdigest()} for k, v in files.items()
    ]
    path = tmp_path / "zeros.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps({"schema": "tdkt-package", "version": 1, "files": entries}))
        for name, data in files.items():
            archive.writestr(name, data)
        for name in names:
            archive.writestr(name, zero)
    return path


def _write(path, files: dict[str, bytes]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def _edited(package, path, change=None, raw: bytes | None = None):
    """The package with data.json changed by `change` (or replaced by `raw`) and its manifest recomputed."""
    files = {k: v for k, v in _files(package).items() if k != MANIFEST}
    if raw is None:
        data = json.loads(files[DATA])
        change(data)
        raw = json.dumps(data, ensure_ascii=False).encode()
    files[DATA] = raw
    files[MANIFEST] = manifest_of(files)
    return _write(path, files)


def _fingerprint(ctx: ServiceContext) -> dict:
    with ctx.read() as s:
        return {
            m.__tablename__: hashlib.sha256(
                repr(s.execute(select(m.__table__).order_by(*m.__table__.primary_key.columns)).all()).encode()
            ).hexdigest()
            for m in TABLES
        }


def _set(*path, value):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


SHAPES = {
    "a list as an id": (_set("persons", 0, "ref", value=[1]), "“ref”"),
    "an object as a name": (_set("persons", 0, "full_name", value={"ten": "An"}), "“full_name”"),
    "an object as a unit's name": (_set("units", 0, "name", value={"ten": "Sở"}), "“name”"),
    "the agency as text": (_set("agency", value="Sở Y tế"), "cơ quan"),
    "the year as text": (_set("ratings", 0, "year", value="2024"), "“year”"),
    "an award's year as a word": (_set("awards", 0, "year", value="hai nghìn"), "“year”"),
    "a record that is not an object": (_set("documents", 0, value="QĐ 12"), "văn bản đi thứ 1"),
    "the scope as text": (_set("scope", value="2024"), "phạm vi"),
    "a list of authors as text": (_set("initiatives", 0, "authors", value="An, Bình"), "“authors”"),
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_malformed_record_is_refused_before_any_merge(ctx, package, tmp_path, shape):
    change, words = SHAPES[shape]
    bad = _edited(package, tmp_path / "bad.zip", change)
    before = _fingerprint(ctx)
    with pytest.raises(PackageRefused) as caught:
        import_package(ctx, bad)
    assert words in str(caught.value) and "không đúng cấu trúc" in str(caught.value)
    assert _fingerprint(ctx) == before


@pytest.mark.parametrize("raw", [b"[1, 2, 3]", b'"tdkt-package"', b"null", b"[" * 200_000, b"\xff\xfe"])
def test_a_document_that_is_not_an_object_is_refused(ctx, package, tmp_path, raw):
    bad = _edited(package, tmp_path / "bad.zip", raw=raw)
    with pytest.raises(PackageRefused):
        import_package(ctx, bad)


def test_a_newer_manifest_version_is_refused(ctx, package, tmp_path):
    files = _files(package)
    manifest = json.loads(files[MANIFEST])
    manifest["version"] = 2
    files[MANIFEST] = json.dumps(manifest).encode()
    before = _fingerprint(ctx)
    with pytest.raises(PackageRefused, match="mẫu gói phiên bản 2"):
        import_package(ctx, _write(tmp_path / "moi.zip", files), dry_run=True)
    assert _fingerprint(ctx) == before


def test_parts_of_zeros_are_refused_from_their_headers(ctx, package, tmp_path):
    """2,000 × 1 MiB of zeros in a 2 MB package, listed in a manifest that agrees: the ratio is checked
    from 256 KiB, before anything is decompressed."""
    path = _zeros(package, tmp_path, count=2000, size=1 << 20)
    with pytest.raises(PackageRefused, match="nén bất thường"):
        import_package(ctx, path, dry_run=True)


def test_no_part_is_held_data_json_is_verified_into_a_file_and_the_others_by_streaming(package, tmp_path):
    with verified_package(package) as verified:
        listed = {e["path"]: e for e in json.loads(verified.manifest)["files"]}
        assert verified.signature is None
        assert verified.data.read() == _files(package)[DATA]  # the file data.json was copied to
    assert any(p.endswith(".pdf") for p in listed) and any(p.endswith(".xlsx") for p in listed)
    # a PDF changed after export is still caught, though it is never held
    files = _files(package)
    pdf = next(p for p in listed if p.endswith(".pdf"))
    files[pdf] = files[pdf][:-1] + bytes([files[pdf][-1] ^ 1])
    with (
        pytest.raises(PackageRefused, match="SHA-256"),
        verified_package(_write(tmp_path / "pdf.zip", files)),
    ):
        pass


def test_the_command_line_refuses_with_exit_2_and_no_traceback(db, package, tmp_path, capsys):
    url = db.engine.url.render_as_string(hide_password=False)
    for n, (change, _words) in enumerate(SHAPES.values()):
        bad = _edited(package, tmp_path / f"bad{n}.zip", change)
        assert main(["--db-url", url, "import", "package", str(bad), "--json"]) == 2
        captured = capsys.readouterr()
        assert captured.err.startswith("Lỗi: ") and "Traceback" not in captured.err
        assert "Error" not in captured.err and captured.out == ""


def test_a_part_compressed_by_an_unknown_method_is_refused(ctx, package, tmp_path):
    files = _files(package)
    path = tmp_path / "la.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    raw = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        at = raw.find(signature)
        while at >= 0:
            raw[at + offset : at + offset + 2] = (99).to_bytes(2, "little")  # no such method
            at = raw.find(signature, at + 4)
    path.write_bytes(bytes(raw))
    before = _fingerprint(ctx)
    with pytest.raises(PackageRefused, match="hỏng"):
        import_package(ctx, path)
    assert _fingerprint(ctx) == before


def test_a_folder_package_with_a_part_over_the_limit_is_refused(package, tmp_path):
    folder = tmp_path / "goi"
    folder.mkdir()
    for name, data in _files(package).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    with verified_package(folder) as verified:
        assert verified.data.read() == _files(package)[DATA]
    with (
        pytest.raises(PackageRefused, match="một tệp lớn hơn"),
        verified_package(folder, limits=FileLimits(max_part=50_000)),
    ):
        pass


def test_many_small_parts_of_zeros_are_refused_as_a_whole(ctx, package, tmp_path):
    """3,900 × 256 KiB of zeros: no part is large enough for its own ratio to count, the whole is."""
    path = _zeros(package, tmp_path, count=3900, size=256 * 1024)
    with pytest.raises(PackageRefused, match="cả gói nở ra"):
        import_package(ctx, path, dry_run=True)
