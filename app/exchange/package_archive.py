"""The container of a USB package: a .zip (optionally AES-256 with pyzipper) or a plain folder, with
manifest.json listing the SHA-256 and size of every other file.

Reading never trusts the container: names that would escape a folder, sizes and compression ratios
that look like a zip bomb, a missing or wrong password, a cut or tampered file, a manifest of a newer
version are each refused with their own message before any record is looked at. Limits
(app.exchange.file_limits) are checked from the headers first and again while the bytes are read, since
headers can lie. Every file is verified by streaming it through SHA-256: only manifest.json and
signature.json (small, bounded) are held; data.json is copied on the way to a temporary file that the
import then reads as a stream (app.exchange.package_stream); the PDFs and the list of awards are only
hashed. Writing streams too (PackageWriter): data.json goes into its zip entry as it is made. Memory
stays small whatever the package holds.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from app.errors import UserError
from app.exchange.file_limits import MIB, FileLimits, FileRefused, check_zip_entries
from app.text.numbers import int_text

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
DATA = "data.json"
SIGNATURE = "signature.json"  # beside the manifest, not in it: the signature of manifest.json
SCHEMA = "tdkt-package"
CHUNK = 1 << 16


class PackageRefused(FileRefused):
    """A package that cannot be imported; nothing was changed."""


# What a package may hold (app.exchange.file_limits checks a zip's headers against it): a year of PDFs
# is a few hundred MB at most; deflate of JSON or PDF stays far below the ratio, a bomb reaches
# thousands; a part under 256 KiB may compress as well as it likes.
LIMITS = FileLimits(
    max_entries=5_000, max_part=256 * MIB, max_total=2 << 30, max_ratio=200, ratio_from=256 * 1024
)
WHOLE_RATIO_FROM = 32 * MIB  # a package larger than this inside is checked for its ratio as a whole too
MAX_HELD = 16 * MIB  # manifest.json is parsed whole, so held (a few hundred bytes a file)
MAX_DATA = 256 * MIB  # data.json is read as a stream (a year of 100,000 staff: about 115 MB)
MAX_SIGNATURE = 64 * 1024
MANIFEST_VERSION = 1

_CUT = (
    "Tệp gói bị cắt cụt hoặc hỏng (có thể chép từ USB chưa xong). Hãy chép lại tệp từ nơi gửi rồi nhập lại."
)
_TAMPERED = (
    "Tệp “{name}” trong gói đã bị sửa hoặc hỏng (mã kiểm tra SHA-256 không khớp). Không nhập gói "
    "này; hãy xin nơi gửi xuất lại."
)
_FOREIGN = "Tệp này không phải gói dữ liệu TĐKT ({why}). Hãy chọn đúng tệp .zip do chương trình xuất ra."
_ESCAPE = "Gói có tệp với đường dẫn “{name}” trỏ ra ngoài thư mục gói; gói không an toàn nên không được nhập."
_BOMB = "Gói quá lớn hoặc nén bất thường (“{name}”: {why}); có thể là tệp độc hại nên không được mở."
_UNREADABLE = (
    "Không đọc được gói “{name}”: máy không cho đọc tệp (thiếu quyền), hoặc USB bị rút ra giữa chừng. Hãy "
    "chép gói vào máy rồi nhập lại."
)
_NEED_PASSWORD = "Gói này có mật khẩu. Hãy nhập mật khẩu mà nơi gửi đã cho."
_BAD_PASSWORD = "Mật khẩu không đúng; không mở được gói. Hãy kiểm tra lại chữ hoa, chữ thường và bộ gõ."


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def safe_name(name: str) -> str:
    """The entry name, or PackageRefused if it could land outside the folder it is extracted to."""
    parts = PurePosixPath(name).parts
    if (
        not name
        or name.startswith(("/", "\\"))
        or "\\" in name
        or re.match(r"^[A-Za-z]:", name)
        or ".." in parts
        or "\x00" in name
    ):
        raise PackageRefused(_ESCAPE.format(name=name))
    return name


# --- writing ---------------------------------------------------------------------------------------------


def manifest_of(files: dict[str, bytes]) -> bytes:
    return _manifest(
        {name: {"size": len(data), "sha256": sha256_bytes(data)} for name, data in files.items()}
    )


def _manifest(entries: dict[str, dict]) -> bytes:
    listed = [{"path": name, **entries[name]} for name in sorted(entries)]
    return json.dumps(
        {"schema": SCHEMA, "version": MANIFEST_VERSION, "files": listed}, ensure_ascii=False, indent=1
    ).encode()


class _Hashed(io.RawIOBase):
    """A part being written: its bytes go on to `out` and through SHA-256."""

    def __init__(self, out: BinaryIO):
        self.out, self.digest, self.size = out, hashlib.sha256(), 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.digest.update(data)
        self.size += len(data)
        self.out.write(data)
        return len(data)


class PackageWriter:
    """A package written part by part, each part streamed (`part`) or given whole (`add`, `add_file`), then
    its manifest (and signature) when the block ends without an error: into a .zip (AES-256 when a
    password is given), or a folder when `target` has no .zip suffix. Everything is written beside the
    target first and moved into place at the end, so a failure or a cancel leaves nothing half done. With
    `sign`, signature.json holds what it makes of the manifest's bytes (which carry the SHA-256 of every
    other file): app.exchange.package_signing.

        with PackageWriter(target, password, sign) as package:
            with package.part(DATA) as out:
                out.write(b"...")
            package.add("quyet-dinh/1.pdf", pdf)
    """

    def __init__(
        self, target: Path, password: str | None = None, sign: Callable[[bytes], bytes] | None = None
    ):
        self.target, self.password, self.sign = target, password, sign
        self.zipped = target.suffix.lower() == ".zip"
        self.partial = target.with_name(
            f"~{target.stem}.partial.zip" if self.zipped else f"~{target.name}.partial"
        )
        self.entries: dict[str, dict] = {}
        self.archive = None

    def __enter__(self) -> PackageWriter:
        if not self.zipped:
            if self.target.exists() and (not self.target.is_dir() or any(self.target.iterdir())):
                raise UserError(
                    f"Thư mục “{self.target}” đã có dữ liệu; hãy chọn một thư mục trống hoặc tên tệp .zip."
                )
            shutil.rmtree(self.partial, ignore_errors=True)
            self.partial.mkdir(parents=True)
        elif self.password:
            import pyzipper

            self.archive = pyzipper.AESZipFile(
                self.partial, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
            )
            self.archive.setpassword(self.password.encode("utf-8"))
        else:
            self.archive = zipfile.ZipFile(self.partial, "w", compression=zipfile.ZIP_DEFLATED)
        return self

    @contextlib.contextmanager
    def part(self, name: str) -> Iterator[BinaryIO]:
        """A writable stream for the part `name`; its size and SHA-256 go into the manifest."""
        safe_name(name)
        if name in self.entries or name in (MANIFEST, SIGNATURE):
            raise ValueError(f"{name} is written by the package itself or twice")
        if self.archive is not None:
            opened = self.archive.open(name, "w")
        else:
            path = self.partial / name
            path.parent.mkdir(parents=True, exist_ok=True)
            opened = path.open("wb")
        with opened as out:
            hashed = _Hashed(out)
            yield hashed  # type: ignore[misc]
        self.entries[name] = {"size": hashed.size, "sha256": hashed.digest.hexdigest()}

    def add(self, name: str, data: bytes) -> None:
        with self.part(name) as out:
            out.write(data)

    def add_file(self, name: str, path: Path) -> None:
        with self.part(name) as out, path.open("rb") as source:
            shutil.copyfileobj(source, out, CHUNK)

    def __exit__(self, kind, _value, _traceback) -> None:
        try:
            if kind is None:
                manifest = _manifest(self.entries)
                self._raw(MANIFEST, manifest)
                if self.sign is not None:
                    self._raw(SIGNATURE, self.sign(manifest))
            if self.archive is not None:
                self.archive.close()
            if kind is None:
                if not self.zipped and self.target.exists():
                    self.target.rmdir()  # an empty folder chosen for the package
                os.replace(self.partial, self.target)
        except BaseException:
            self._discard()
            raise
        if kind is not None:
            self._discard()

    def _raw(self, name: str, data: bytes) -> None:
        if self.archive is not None:
            self.archive.writestr(name, data)
        else:
            (self.partial / name).write_bytes(data)

    def _discard(self) -> None:
        if self.zipped:
            self.partial.unlink(missing_ok=True)
        else:
            shutil.rmtree(self.partial, ignore_errors=True)


# --- reading ---------------------------------------------------------------------------------------------


@dataclass
class Verified:
    """A package whose every file matched its manifest: the manifest's bytes, signature.json's (None when
    unsigned), and data.json in a temporary file, to be read as a stream (app.exchange.package_stream)."""

    manifest: bytes
    signature: bytes | None
    data: BinaryIO


@contextlib.contextmanager
def verified_package(
    source: Path, password: str | None = None, limits: FileLimits = LIMITS
) -> Iterator[Verified]:
    """The package once every file of it has been checked against the manifest; PackageRefused otherwise.

    Every file is streamed through SHA-256 and none is held: data.json goes to a temporary file on the
    way (it is read from there, after the check, as often as the import needs), the list of awards and
    the decisions' PDFs are only hashed. Memory stays small whatever the package holds."""
    if not source.exists():
        raise PackageRefused(f"Không tìm thấy “{source}”.")
    with tempfile.TemporaryFile(prefix="tdkt-data-") as spool:
        try:
            if source.is_dir():
                verified = _verified(_Folder(source, limits), limits, spool)
            else:
                with _open_zip(source) as archive:
                    verified = _verified(_Zip(archive, source.name, password, limits), limits, spool)
        except UserError:
            raise
        except OSError as exc:
            log.warning("reading the package %s failed", source, exc_info=True)
            raise PackageRefused(_UNREADABLE.format(name=source.name)) from exc
        except Exception as exc:  # noqa: BLE001 - any other failure of the zip reader is a damaged file
            log.warning("reading the package %s failed", source, exc_info=True)
            raise PackageRefused(_CUT) from exc
        spool.seek(0)
        yield verified


class _Folder:
    """A package copied as a plain folder."""

    def __init__(self, folder: Path, limits: FileLimits):
        root = folder.resolve()
        paths = [p for p in folder.rglob("*") if p.is_file() or p.is_symlink()]
        if len(paths) > limits.max_entries:
            raise PackageRefused(_BOMB.format(name=folder.name, why=f"{int_text(len(paths))} tệp"))
        self.paths: dict[str, Path] = {}
        total = 0
        for path in paths:
            name = path.relative_to(folder).as_posix()
            if path.is_symlink() or not path.resolve().is_relative_to(root):
                raise PackageRefused(_ESCAPE.format(name=name))
            size = path.stat().st_size
            total += size
            if total > limits.max_total:
                raise PackageRefused(_BOMB.format(name=name, why="tổng dung lượng vượt giới hạn"))
            if size > limits.max_part:
                raise PackageRefused(_BOMB.format(name=name, why="một tệp lớn hơn giới hạn cho phép"))
            self.paths[name] = path

    def names(self) -> list[str]:
        return list(self.paths)

    def size(self, name: str) -> int:
        return self.paths[name].stat().st_size

    def chunks(self, name: str, allowed: int):
        size = 0
        with self.paths[name].open("rb") as stream:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > allowed:
                    raise PackageRefused(_BOMB.format(name=name, why="lớn hơn lúc bắt đầu đọc"))
                yield chunk


class _Zip:
    """A package as a .zip, plain or AES-256: its headers checked before anything is decompressed."""

    def __init__(self, archive, display: str, password: str | None, limits: FileLimits):
        self.archive = archive
        self.infos = {i.filename: i for i in archive.infolist() if not i.is_dir()}
        infos = list(self.infos.values())
        for info in infos:
            safe_name(info.filename)
        try:
            check_zip_entries(infos, display, limits)
        except FileRefused as exc:
            raise PackageRefused(str(exc)) from exc
        # Many small parts, each under the ratio check, may still add up to a bomb: the whole is checked too.
        total, packed = sum(i.file_size for i in infos), max(sum(i.compress_size for i in infos), 1)
        if total > WHOLE_RATIO_FROM and total > limits.max_ratio * packed:
            raise PackageRefused(
                _BOMB.format(name=display, why=f"cả gói nở ra {int_text(total // packed)} lần")
            )
        if MANIFEST not in self.infos:
            raise PackageRefused(_FOREIGN.format(why="không có manifest.json"))
        if any(i.flag_bits & 0x1 for i in infos):
            if not password:
                raise PackageRefused(_NEED_PASSWORD)
            archive.setpassword(password.encode("utf-8"))

    def names(self) -> list[str]:
        return list(self.infos)

    def size(self, name: str) -> int:
        return self.infos[name].file_size

    def chunks(self, name: str, allowed: int):
        """The entry's bytes, stopping as soon as they run past what its header declared."""
        info, archive = self.infos[name], self.archive
        size = 0
        try:
            with archive.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if size > min(allowed, info.file_size):
                        raise PackageRefused(_BOMB.format(name=name, why="giải nén ra nhiều hơn khai báo"))
                    yield chunk
        except RuntimeError as exc:  # pyzipper's words for a missing or wrong password
            if "password" in str(exc).lower():
                raise PackageRefused(
                    _BAD_PASSWORD if getattr(archive, "pwd", None) else _NEED_PASSWORD
                ) from exc
            raise
        except (zipfile.BadZipFile, _pyzipper_bad(), EOFError, OSError, ValueError, zlib.error) as exc:
            raise PackageRefused(_TAMPERED.format(name=name)) from exc


def _open_zip(source: Path):
    import pyzipper

    with source.open("rb") as f:
        head = f.read(4)
    try:
        return pyzipper.AESZipFile(source)
    except (zipfile.BadZipFile, pyzipper.BadZipFile, OSError, EOFError, ValueError) as exc:
        if head.startswith(b"PK") or len(head) < 4:
            raise PackageRefused(_CUT) from exc
        raise PackageRefused(_FOREIGN.format(why="không phải tệp .zip")) from exc


def _pyzipper_bad() -> type[Exception]:
    import pyzipper  # its own copy of zipfile, with its own BadZipFile

    return pyzipper.BadZipFile


def _held(container, name: str, limit: int) -> bytes:
    """A part this program parses, read whole: refused when larger than `limit`."""
    if container.size(name) > limit:
        raise PackageRefused(
            _BOMB.format(name=name, why=f"lớn hơn {int_text(limit >> 20 or 1)} MB cho phép của phần này")
        )
    return b"".join(container.chunks(name, limit))


def manifest_entries(raw: bytes) -> dict[str, dict]:
    """The manifest's files by path; PackageRefused for a manifest of another shape or a newer version."""
    try:
        manifest = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise PackageRefused(_FOREIGN.format(why="manifest.json không đúng mẫu")) from exc
    if not isinstance(manifest, dict) or manifest.get("schema") != SCHEMA:
        raise PackageRefused(_FOREIGN.format(why="manifest.json không đúng mẫu"))
    version = manifest.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > MANIFEST_VERSION:
        raise PackageRefused(
            f"Gói được tạo theo mẫu gói phiên bản {version} (manifest.json), chương trình này chỉ đọc được "
            f"đến phiên bản {MANIFEST_VERSION}. Hãy cập nhật chương trình TĐKT rồi nhập lại."
        )
    entries = manifest.get("files")
    if version != MANIFEST_VERSION or isinstance(version, bool) or not isinstance(entries, list):
        raise PackageRefused(_FOREIGN.format(why="manifest.json không đúng mẫu"))
    listed: dict[str, dict] = {}
    for entry in entries:
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("path"), str)
            or isinstance(entry.get("size"), bool)
            or not isinstance(entry.get("size"), int)
            or not isinstance(entry.get("sha256"), str)
            or entry["path"] in listed
        ):
            raise PackageRefused(_FOREIGN.format(why="manifest.json không đúng mẫu"))
        listed[safe_name(entry["path"])] = entry
    return listed


def _verified(container, limits: FileLimits, spool: BinaryIO) -> Verified:
    names = set(container.names())
    if MANIFEST not in names:
        raise PackageRefused(_FOREIGN.format(why="không có manifest.json"))
    manifest = _held(container, MANIFEST, MAX_HELD)
    listed = manifest_entries(manifest)
    for name in listed:
        if name not in names:
            raise PackageRefused(
                f"Gói thiếu tệp “{name}” đã ghi trong manifest.json; không nhập được. Hãy chép lại đủ cả gói."
            )
    extra = sorted(names - set(listed) - {MANIFEST, SIGNATURE})
    if extra:
        raise PackageRefused(
            f"Gói có tệp lạ không ghi trong manifest.json (“{extra[0]}”); có thể đã bị thêm vào "
            "sau khi xuất nên không được nhập."
        )
    if DATA not in listed:
        raise PackageRefused(_FOREIGN.format(why="không có data.json"))
    if container.size(DATA) > MAX_DATA:
        raise PackageRefused(_BOMB.format(name=DATA, why=f"lớn hơn {int_text(MAX_DATA >> 20)} MB cho phép"))
    signature = _held(container, SIGNATURE, MAX_SIGNATURE) if SIGNATURE in names else None
    budget = limits.max_total
    for name, entry in listed.items():
        if entry["size"] != container.size(name):
            raise PackageRefused(_TAMPERED.format(name=name))
        digest, size = hashlib.sha256(), 0
        for chunk in container.chunks(name, min(budget, MAX_DATA if name == DATA else limits.max_part)):
            digest.update(chunk)
            size += len(chunk)
            if name == DATA:
                spool.write(chunk)
        budget -= size
        if size != entry["size"] or digest.hexdigest() != entry["sha256"]:
            raise PackageRefused(_TAMPERED.format(name=name))
    return Verified(manifest, signature, spool)
