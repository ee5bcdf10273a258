"""Origin of USB packages: an office that made its key signs every export; the receiver sees who signed
(by the name it gave the key), refuses a signature that does not verify, and, when set so, refuses
unsigned or unknown packages; on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile

import pytest
from sqlalchemy import select

from app.cli import main
from app.demo import build_demo
from app.errors import ValidationError
from app.exchange.package import PackageRefused, PackageScope, export_package, import_package
from app.exchange.package_archive import DATA, MANIFEST, SIGNATURE, manifest_of
from app.exchange.package_signing import (
    TRUSTED,
    UNSIGNED,
    UNTRUSTED,
    add_trusted,
    fingerprint,
    key_text,
    make_signing_key,
    new_seed,
    parse_key_text,
    public_of,
    remove_trusted,
    set_require_trusted,
    signature_file,
    signing_state,
)
from app.services.context import ServiceContext
from app.startup import open_database
from database.engine import sqlite_url
from database.models import Award, Person, Rating, Unit

YEAR = 2024


@pytest.fixture(scope="module")
def office(tmp_path_factory, templates):
    """A small demo province that made its signing key, and the packages it exported before and after."""
    folder = tmp_path_factory.mktemp("signing")
    path = folder / "source.sqlite3"
    shutil.copyfile(templates("sqlite"), path)
    db = open_database(sqlite_url(path), backup_dir=folder / "b")
    build_demo(db, small=True, seed=11, staff=150)
    ctx = ServiceContext(db, actor="tester")
    unsigned = export_package(ctx, PackageScope(YEAR), folder / "khong-ky.zip")
    print_ = make_signing_key(ctx)
    signed = export_package(ctx, PackageScope(YEAR), folder / "da-ky.zip")
    locked = export_package(ctx, PackageScope(YEAR), folder / "da-ky-khoa.zip", password="mật khẩu")
    yield {
        "ctx": ctx,
        "unsigned": unsigned,
        "signed": signed,
        "locked": locked,
        "fingerprint": print_,
        "text": signing_state(ctx).text,
    }
    db.dispose()


def _files(package) -> dict[str, bytes]:
    with zipfile.ZipFile(package) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist()}


def _write(path, files: dict[str, bytes]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def _counts(ctx) -> tuple:
    with ctx.read() as s:
        return tuple(len(s.scalars(select(m.id)).all()) for m in (Unit, Person, Rating, Award))


def _refused(ctx, path, words: str, **kw) -> None:
    before = _counts(ctx)
    with pytest.raises(PackageRefused) as caught:
        import_package(ctx, path, **kw)
    assert words in str(caught.value), str(caught.value)
    assert _counts(ctx) == before


def test_an_office_with_a_key_signs_its_exports(office):
    assert office["unsigned"].signed == "" and SIGNATURE not in _files(office["unsigned"].target)
    files = _files(office["signed"].target)
    assert SIGNATURE in files and office["signed"].signed == office["fingerprint"]
    assert "đã được ký" in office["signed"].summary()
    signature = json.loads(files[SIGNATURE])
    assert signature["algorithm"] == "Ed25519" and signature["agency"]
    assert SIGNATURE not in {e["path"] for e in json.loads(files[MANIFEST])["files"]}


def test_unsigned_unknown_and_trusted_packages_are_told_apart(office, ctx):
    report = import_package(ctx, office["unsigned"].target, dry_run=True)
    assert report.signature.status == UNSIGNED and report.signature.text == "Không có chữ ký"

    report = import_package(ctx, office["signed"].target, dry_run=True)
    assert report.signature.status == UNTRUSTED
    assert report.signature.text.startswith("Chữ ký của cơ quan chưa được tin cậy")
    assert office["fingerprint"] in report.signature.text

    added = add_trusted(ctx, "Sở Y tế Sơn Hà (cấp trên)", office["text"])
    assert added.fingerprint == office["fingerprint"]
    report = import_package(ctx, office["signed"].target, dry_run=True)
    assert report.signature.status == TRUSTED
    assert report.signature.text == "Đã ký bởi Sở Y tế Sơn Hà (cấp trên)"
    report = import_package(ctx, office["locked"].target, password="mật khẩu")
    assert report.written and report.signature.status == TRUSTED

    assert remove_trusted(ctx, office["fingerprint"])
    assert import_package(ctx, office["signed"].target, dry_run=True).signature.status == UNTRUSTED


def test_the_office_trusts_its_own_signature(office):
    report = import_package(office["ctx"], office["signed"].target, dry_run=True)
    assert report.signature.status == TRUSTED and "chính cơ quan này" in report.signature.text


def test_data_edited_after_signing_is_refused_even_with_a_recomputed_manifest(office, ctx, tmp_path):
    files = _files(office["signed"].target)
    data = json.loads(files[DATA])
    data["awards"][0]["bonus_amount"] = 99_000_000
    files[DATA] = json.dumps(data, ensure_ascii=False).encode()
    files[MANIFEST] = manifest_of({k: v for k, v in files.items() if k not in (MANIFEST, SIGNATURE)})
    _refused(ctx, _write(tmp_path / "sua.zip", files), "không khớp với nội dung")


def test_a_signature_taken_from_another_package_or_broken_is_refused(office, ctx, tmp_path):
    unsigned = _files(office["unsigned"].target)
    stolen = unsigned | {SIGNATURE: _files(office["signed"].target)[SIGNATURE]}
    _refused(ctx, _write(tmp_path / "chep.zip", stolen), "không khớp với nội dung")
    for broken in (b"{", b"[]", json.dumps({"schema": "tdkt-package-signature", "version": 1}).encode()):
        _refused(ctx, _write(tmp_path / "hong.zip", unsigned | {SIGNATURE: broken}), "không đọc được")


def test_a_package_signed_by_a_forger_claiming_the_office_name_stays_untrusted(office, ctx, tmp_path):
    add_trusted(ctx, "Sở Y tế Sơn Hà", office["text"])
    files = {k: v for k, v in _files(office["unsigned"].target).items()}
    files[SIGNATURE] = signature_file(files[MANIFEST], new_seed(), "Sở Y tế Sơn Hà")
    report = import_package(ctx, _write(tmp_path / "gia.zip", files), dry_run=True)
    assert report.signature.status == UNTRUSTED and "Sở Y tế Sơn Hà" in report.signature.text


def test_only_trusted_packages_when_the_office_says_so(office, ctx):
    set_require_trusted(ctx, True)
    assert signing_state(ctx).require_trusted
    _refused(ctx, office["unsigned"].target, "không có chữ ký")
    _refused(ctx, office["signed"].target, "chưa được tin cậy")
    add_trusted(ctx, "Sở Y tế Sơn Hà", office["text"])
    assert import_package(ctx, office["signed"].target).written
    set_require_trusted(ctx, False)
    assert import_package(ctx, office["unsigned"].target, dry_run=True).signature.status == UNSIGNED


def test_the_trust_list_refuses_what_it_cannot_use(office, ctx):
    with pytest.raises(ValidationError, match="Không tìm thấy khóa"):
        add_trusted(ctx, "Sở X", "xin chào")
    cut = office["text"].replace("=\n", "\n", 1)
    with pytest.raises(ValidationError):
        add_trusted(ctx, "Sở X", cut)
    add_trusted(ctx, "", office["text"])  # the name written in the shared text is taken
    assert [k.name for k in signing_state(ctx).trusted] == [signing_state(office["ctx"]).agency]
    with pytest.raises(ValidationError, match="đã có trong danh sách"):
        add_trusted(ctx, "Tên khác", office["text"])
    make_signing_key(ctx)
    with pytest.raises(ValidationError, match="chính cơ quan này"):
        add_trusted(ctx, "Chính mình", signing_state(ctx).text)


def test_the_shared_text_round_trips_with_its_fingerprint():
    public = public_of(new_seed())
    text = key_text(public, "Trung tâm Y tế huyện Hà Đông")
    assert parse_key_text(text) == (public, "Trung tâm Y tế huyện Hà Đông")
    assert parse_key_text("chép trong thư: " + text.splitlines()[2]) == (public, "")
    assert fingerprint(public) in text and len(fingerprint(public)) == 19
    assert fingerprint(public) == " ".join(
        hashlib.sha256(public).hexdigest()[:16].upper()[i : i + 4] for i in range(0, 16, 4)
    )


def test_the_command_line_json_carries_the_signature(office, db, capsys):
    url = db.engine.url.render_as_string(hide_password=False)
    path = str(office["signed"].target)
    assert main(["--db-url", url, "import", "package", path, "--dry-run", "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert (
        plan["signature"]["status"] == UNTRUSTED and plan["signature"]["fingerprint"] == office["fingerprint"]
    )
    assert main(["--db-url", url, "import", "package", path, "--dry-run"]) == 0
    assert "Chữ ký: Chữ ký của cơ quan chưa được tin cậy" in capsys.readouterr().out


def test_a_signed_folder_package_is_checked_like_a_zip(office, tmp_path):
    folder = export_package(office["ctx"], PackageScope(YEAR), tmp_path / "goi").target
    assert (folder / SIGNATURE).is_file()
    assert import_package(office["ctx"], folder, dry_run=True).signature.status == TRUSTED
    data = json.loads((folder / DATA).read_text(encoding="utf-8"))
    data["persons"][0]["full_name"] = "Người Khác"
    (folder / DATA).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    (folder / MANIFEST).write_bytes(
        manifest_of({k: v for k, v in files.items() if k not in (MANIFEST, SIGNATURE)})
    )
    _refused(office["ctx"], folder, "không khớp với nội dung")


def test_the_private_key_is_never_copied_into_the_audit_trail(office):
    from app.services.settings import read_setting
    from app.settings import PACKAGE_SIGNING_KEY
    from database.models import AuditEntry

    with office["ctx"].read() as s:
        seed = read_setting(s, PACKAGE_SIGNING_KEY)["seed"]
        rows = s.scalars(select(AuditEntry)).all()
    made = [r for r in rows if r.summary == "Tạo khóa ký gói dữ liệu"]
    assert made and made[0].after  # the change is in the trail…
    assert not any(seed in json.dumps([r.before, r.after]) for r in rows)  # …its value is not
