"""The file of a law update (Cập nhật quy định): the catalogue's JSON files, a manifest and the publisher's
signature, in one .zip. Only reading, checking and building the file live here; comparing it with the
database, applying it and undoing it are app.services.catalogue_update.

    catalogue-update.zip
      manifest.json          {"schema": "tdkt-catalogue-update", "format": 1, "publisher": "…",
                              "issued": "2026-06-15T09:00:00", "description": "…",
                              "files": [{"path": "base_salary.json", "size": 812, "sha256": "…"}, …]}
      signature.json         the Ed25519 signature of manifest.json's exact bytes (app.exchange.package_signing)
      award_types.json, bonus_coefficients.json, base_salary.json, parameters.json
                             the whole catalogue, in the shapes of resources/catalogue/ (README there)

The program carries the publisher's public key (`PUBLISHER_KEY`) and takes a file only when its signature
verifies with that key, every file matches the manifest, and nothing else is in the zip. The private key is
the publisher's alone, never in the repository: `python -m app.catalogue_publish keygen` makes a pair,
`python -m app.catalogue_publish build --key private.pem` builds a file from resources/catalogue/.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.exchange.file_limits import FileLimits, FileRefused, check_zip_entries
from app.exchange.package_archive import PackageRefused, sha256_bytes
from app.exchange.package_signing import (
    KEY_PREFIX,
    TRUSTED,
    TrustedKey,
    check_signature,
    signature_file,
    unb64,
)
from app.services.catalogue import CATALOGUE_FILES

SCHEMA = "tdkt-catalogue-update"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "signature.json"
# The publisher's public key, shipped with the program: an update signed with any other key is refused.
# Its private part is kept by the publisher outside the repository (python -m app.catalogue_publish keygen).
PUBLISHER_KEY = f"{KEY_PREFIX}HRdi4Aa6Fkzn9fIx7g67z57RD24n9c8PQ5s4NAtUdkI="
PUBLISHER_NAME = "Nhóm phát triển chương trình TĐKT"
# A catalogue is a few hundred kB of JSON: anything much larger is not an update.
LIMITS = FileLimits(
    max_entries=16, max_part=8 << 20, max_total=32 << 20, max_ratio=100, ratio_from=256 * 1024
)


class UpdateRefused(FileRefused):
    """A law update file that is not taken; nothing was changed."""


_NOT_UPDATE = (
    "Tệp “{name}” không phải tệp cập nhật quy định của chương trình TĐKT ({why}). Hãy chọn đúng tệp .zip "
    "do nhà phát hành gửi."
)
_BROKEN = (
    "Tệp cập nhật “{name}” bị hỏng (tệp nén bị cắt cụt hoặc hư, có thể do tải về hoặc sao chép chưa xong). "
    "Hãy tải lại tệp từ nhà phát hành."
)
_FORGED = (
    "Chữ ký của tệp cập nhật “{name}” không hợp lệ: tệp đã bị sửa sau khi ký, hoặc không do nhà phát hành "
    "của chương trình ký. Không áp dụng tệp này; hãy tải lại từ nhà phát hành."
)
_TAMPERED = (
    "Tệp “{part}” trong bản cập nhật “{name}” không khớp với bản kê (mã kiểm tra SHA-256 khác): tệp đã bị "
    "sửa hoặc hỏng. Không áp dụng tệp này; hãy tải lại từ nhà phát hành."
)


@dataclass(frozen=True)
class UpdateFile:
    """A checked update: who issued it, when, why, and the catalogue it carries (each file parsed)."""

    digest: str  # SHA-256 of manifest.json: the update's identity
    publisher: str
    issued: dt.datetime
    description: str
    catalogue: dict[str, dict[str, Any]]  # file name -> its parsed JSON

    @property
    def issued_text(self) -> str:
        return self.issued.isoformat(timespec="seconds")


def publisher_public_key() -> bytes:
    return unb64(PUBLISHER_KEY.removeprefix(KEY_PREFIX), 32)


def parse_issued(text: Any) -> dt.datetime:
    """The manifest's issue date (YYYY-MM-DD, or with a time): ValueError otherwise."""
    if not isinstance(text, str):
        raise ValueError("issued")
    day = dt.datetime.fromisoformat(text)
    if day.tzinfo is not None:
        day = day.astimezone(dt.UTC).replace(tzinfo=None)
    return day.replace(microsecond=0)


# --- building (the publisher) --------------------------------------------------------------------------------


def manifest_bytes(files: dict[str, bytes], publisher: str, issued: dt.datetime, description: str) -> bytes:
    entries = [
        {"path": name, "size": len(data), "sha256": sha256_bytes(data)}
        for name, data in sorted(files.items())
    ]
    document = {
        "schema": SCHEMA,
        "format": FORMAT_VERSION,
        "publisher": publisher,
        "issued": issued.isoformat(timespec="seconds"),
        "description": description,
        "files": entries,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def build_update(
    source: Path, seed: bytes, out: Path, description: str, publisher: str = PUBLISHER_NAME, issued=None
) -> Path:
    """The signed update file of the catalogue in `source` (a folder like resources/catalogue/), signed with the
    private key `seed`; written beside `out` first, then moved into place."""
    files = {name: (source / name).read_bytes() for name in CATALOGUE_FILES}
    for data in files.values():
        json.loads(data.decode("utf-8"))  # a broken catalogue is never published
    manifest = manifest_bytes(files, publisher, issued or dt.datetime.now(), description)
    partial = out.with_name(out.name + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, manifest)
        archive.writestr(SIGNATURE, signature_file(manifest, seed, publisher))
        for name, data in sorted(files.items()):
            archive.writestr(name, data)
    partial.replace(out)
    return out


# --- reading (the office) ------------------------------------------------------------------------------------


def read_update(path: Path, public_key: bytes | None = None) -> UpdateFile:
    """The update in `path`, once its signature (by `public_key`, the shipped publisher's key unless a test
    gives its own) and every file's SHA-256 are checked; UpdateRefused otherwise."""
    name = path.name
    if not path.is_file():
        raise UpdateRefused(f"Không tìm thấy tệp cập nhật “{path}”.")
    try:
        parts = _parts(path, name)
    except UpdateRefused:
        raise
    except OSError as exc:
        raise UpdateRefused(
            f"Không đọc được tệp cập nhật “{name}” ({exc.strerror or 'lỗi đọc đĩa'}). Hãy chép tệp về máy rồi "
            "thử lại."
        ) from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError, RuntimeError) as exc:
        raise UpdateRefused(_BROKEN.format(name=name)) from exc
    manifest = parts.get(MANIFEST)
    if manifest is None:
        raise UpdateRefused(_NOT_UPDATE.format(name=name, why="không có manifest.json"))
    if SIGNATURE not in parts:
        raise UpdateRefused(
            f"Tệp cập nhật “{name}” không có chữ ký của nhà phát hành; không áp dụng được. Hãy tải lại tệp từ "
            "nhà phát hành."
        )
    key = publisher_public_key() if public_key is None else public_key
    try:
        check = check_signature(manifest, parts[SIGNATURE], [TrustedKey(PUBLISHER_NAME, key)])
    except PackageRefused as exc:
        raise UpdateRefused(_FORGED.format(name=name)) from exc
    if check.status != TRUSTED:
        raise UpdateRefused(_FORGED.format(name=name))
    document = _manifest(manifest, name)
    listed = {entry["path"]: entry for entry in document["files"]}
    extra = sorted(set(parts) - set(listed) - {MANIFEST, SIGNATURE})
    if extra:
        raise UpdateRefused(
            f"Tệp cập nhật “{name}” có tệp lạ không ghi trong bản kê (“{extra[0]}”); không áp dụng được."
        )
    catalogue = {}
    for part, entry in listed.items():
        data = parts.get(part)
        if data is None:
            raise UpdateRefused(f"Tệp cập nhật “{name}” thiếu tệp “{part}” đã ghi trong bản kê; hãy tải lại.")
        if len(data) != entry["size"] or sha256_bytes(data) != entry["sha256"]:
            raise UpdateRefused(_TAMPERED.format(part=part, name=name))
        try:
            catalogue[part] = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise UpdateRefused(
                f"Tệp “{part}” trong bản cập nhật “{name}” không đọc được (JSON hỏng)."
            ) from exc
        if not isinstance(catalogue[part], dict) or catalogue[part].get("schema") != 1:
            raise UpdateRefused(
                f"Tệp “{part}” trong bản cập nhật “{name}” không đúng mẫu danh mục (schema 1)."
            )
    return UpdateFile(
        sha256_bytes(manifest),
        document["publisher"],
        document["issued"],
        document["description"],
        catalogue,
    )


def _parts(path: Path, name: str) -> dict[str, bytes]:
    """Every file of the zip (each checked against the limits first), by name."""
    with path.open("rb") as f:
        head = f.read(4)
    if not head.startswith(b"PK"):
        raise UpdateRefused(_NOT_UPDATE.format(name=name, why="không phải tệp .zip"))
    if path.stat().st_size > LIMITS.max_total:
        raise UpdateRefused(_NOT_UPDATE.format(name=name, why="tệp quá lớn"))
    with zipfile.ZipFile(path) as archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        try:
            check_zip_entries(infos, name, LIMITS)
        except FileRefused as exc:
            raise UpdateRefused(str(exc)) from exc
        known = {MANIFEST, SIGNATURE, *CATALOGUE_FILES}
        strange = sorted(i.filename for i in infos if i.filename not in known)
        if strange:
            raise UpdateRefused(
                f"Tệp cập nhật “{name}” có tệp lạ (“{strange[0]}”); chỉ nhận bản kê, chữ ký và các tệp danh mục."
            )
        parts = {}
        for info in infos:
            data = archive.read(info)
            if len(data) > LIMITS.max_part:
                raise UpdateRefused(_BROKEN.format(name=name))
            parts[info.filename] = data
        return parts


def _manifest(raw: bytes, name: str) -> dict[str, Any]:
    """The manifest's content, checked for its shape; its format version no newer than this program's."""
    refused = UpdateRefused(_NOT_UPDATE.format(name=name, why="bản kê manifest.json không đúng mẫu"))
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise refused from exc
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        raise refused
    version = document.get("format")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise UpdateRefused(
            f"Tệp cập nhật “{name}” theo mẫu phiên bản {version}; chương trình này chỉ đọc được đến phiên bản "
            f"{FORMAT_VERSION}. Hãy nâng cấp chương trình TĐKT trước."
        )
    files = document.get("files")
    try:
        if version != FORMAT_VERSION or not isinstance(files, list):
            raise ValueError("format")
        document["issued"] = parse_issued(document.get("issued"))
        for field in ("publisher", "description"):
            if not isinstance(document.get(field), str) or not document[field].strip():
                raise ValueError(field)
        paths = [entry["path"] for entry in files]
        if sorted(paths) != sorted(CATALOGUE_FILES):
            raise ValueError("files")
        for entry in files:
            if not isinstance(entry["sha256"], str) or isinstance(entry["size"], bool):
                raise ValueError("entry")
            if not isinstance(entry["size"], int):
                raise ValueError("size")
    except (ValueError, TypeError, KeyError) as exc:
        raise refused from exc
    return document
