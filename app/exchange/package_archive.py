"""The container of a USB package: a .zip (optionally AES-256 with pyzipper) or a plain folder, with
manifest.json listing the SHA-256 and size of every other file.

Reading never trusts the container: names that would escape a folder, sizes and compression ratios
that look like a zip bomb, a missing or wrong password, a cut or tampered file are each refused with
their own message before any record is looked at. Limits are checked from the headers first and again
while the bytes are read, since headers can lie.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import string
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from app.errors import UserError
from app.text.numbers import int_text

MANIFEST = "manifest.json"
DATA = "data.json"
SCHEMA = "tdkt-package"
CHUNK = 1 << 16


class PackageRefused(UserError):
    """A package that cannot be imported; nothing was changed."""


@dataclass(frozen=True)
class Limits:
    max_files: int = 5_000
    max_total: int = 2 << 30  # 2 GiB uncompressed: a year of PDFs is a few hundred MB at most
    max_ratio: int = 200  # deflate of JSON or PDF stays far below this; a bomb reaches thousands
    ratio_from: int = 1 << 20  # small files may compress as well as they like


LIMITS = Limits()

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
    entries = [
        {"path": name, "size": len(data), "sha256": sha256_bytes(data)}
        for name, data in sorted(files.items())
    ]
    return json.dumps(
        {"schema": SCHEMA, "version": 1, "files": entries}, ensure_ascii=False, indent=1
    ).encode()


def write_package(target: Path, files: dict[str, bytes], password: str | None = None) -> Path:
    """Write the files and their manifest: into a .zip (AES-256 when a password is given), or a folder
    when `target` has no .zip suffix. Written beside the target first, so a failure leaves nothing half
    done."""
    for name in files:
        safe_name(name)
    everything = {**files, MANIFEST: manifest_of(files)}
    if target.suffix.lower() != ".zip":
        return _write_folder(target, everything)
    partial = target.with_name(f"~{target.stem}.partial.zip")
    try:
        if password:
            import pyzipper

            with pyzipper.AESZipFile(
                partial, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
            ) as archive:
                archive.setpassword(password.encode("utf-8"))
                for name, data in everything.items():
                    archive.writestr(name, data)
        else:
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for name, data in everything.items():
                    archive.writestr(name, data)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def _write_folder(target: Path, files: dict[str, bytes]) -> Path:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UserError(f"Thư mục “{target}” đã có dữ liệu; hãy chọn một thư mục trống hoặc tên tệp .zip.")
    for name, data in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return target


# --- reading ---------------------------------------------------------------------------------------------


def read_package(source: Path, password: str | None = None, limits: Limits = LIMITS) -> dict[str, bytes]:
    """Every file of the package, verified against its manifest; PackageRefused otherwise."""
    if not source.exists():
        raise PackageRefused(f"Không tìm thấy “{source}”.")
    files = _read_folder(source, limits) if source.is_dir() else _read_zip(source, password, limits)
    _verify(files)
    return files


def _read_folder(folder: Path, limits: Limits) -> dict[str, bytes]:
    root = folder.resolve()
    paths = [p for p in folder.rglob("*") if p.is_file() or p.is_symlink()]
    if len(paths) > limits.max_files:
        raise PackageRefused(_BOMB.format(name=folder.name, why=f"{int_text(len(paths))} tệp"))
    files: dict[str, bytes] = {}
    total = 0
    for path in paths:
        name = path.relative_to(folder).as_posix()
        if path.is_symlink() or not path.resolve().is_relative_to(root):
            raise PackageRefused(_ESCAPE.format(name=name))
        total += path.stat().st_size
        if total > limits.max_total:
            raise PackageRefused(_BOMB.format(name=name, why="tổng dung lượng vượt giới hạn"))
        files[name] = path.read_bytes()
    return files


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


def _read_zip(source: Path, password: str | None, limits: Limits) -> dict[str, bytes]:
    with _open_zip(source) as archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        _check_headers(infos, limits)
        if MANIFEST not in {i.filename for i in infos}:
            raise PackageRefused(_FOREIGN.format(why="không có manifest.json"))
        if any(i.flag_bits & 0x1 for i in infos):
            if not password:
                raise PackageRefused(_NEED_PASSWORD)
            archive.setpassword(password.encode("utf-8"))
        files: dict[str, bytes] = {}
        budget = limits.max_total
        for info in infos:
            files[info.filename] = data = _read_entry(archive, info, min(info.file_size, budget))
            budget -= len(data)
        return files


def _check_headers(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > limits.max_files:
        raise PackageRefused(_BOMB.format(name=f"{int_text(len(infos))} tệp", why="quá nhiều tệp"))
    total = 0
    for info in infos:
        safe_name(info.filename)
        total += info.file_size
        if total > limits.max_total:
            raise PackageRefused(
                _BOMB.format(name=info.filename, why="tổng dung lượng khi giải nén vượt giới hạn")
            )
        if info.file_size > limits.ratio_from and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise PackageRefused(
                _BOMB.format(
                    name=info.filename, why=f"nén {info.file_size // max(info.compress_size, 1)} lần"
                )
            )


def _pyzipper_bad() -> type[Exception]:
    import pyzipper  # its own copy of zipfile, with its own BadZipFile

    return pyzipper.BadZipFile


def _read_entry(archive, info: zipfile.ZipInfo, allowed: int) -> bytes:
    """The entry's bytes, stopping as soon as they run past what its header declared or the budget."""
    chunks, size = [], 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > allowed:
                    raise PackageRefused(
                        _BOMB.format(name=info.filename, why="giải nén ra nhiều hơn khai báo")
                    )
                chunks.append(chunk)
    except RuntimeError as exc:  # pyzipper's words for a missing or wrong password
        if "password" in str(exc).lower():
            raise PackageRefused(_BAD_PASSWORD if getattr(archive, "pwd", None) else _NEED_PASSWORD) from exc
        raise
    except (zipfile.BadZipFile, _pyzipper_bad(), EOFError, OSError, ValueError) as exc:
        raise PackageRefused(_TAMPERED.format(name=info.filename)) from exc
    return b"".join(chunks)


def _verify(files: dict[str, bytes]) -> None:
    raw = files.get(MANIFEST)
    if raw is None:
        raise PackageRefused(_FOREIGN.format(why="không có manifest.json"))
    try:
        manifest = json.loads(raw)
        listed = {e["path"]: e for e in manifest["files"]}
        if manifest.get("schema") != SCHEMA:
            raise ValueError
    except (ValueError, KeyError, TypeError) as exc:
        raise PackageRefused(_FOREIGN.format(why="manifest.json không đúng mẫu")) from exc
    for name, entry in listed.items():
        safe_name(name)
        data = files.get(name)
        if data is None:
            raise PackageRefused(
                f"Gói thiếu tệp “{name}” đã ghi trong manifest.json; không nhập được. Hãy chép lại đủ cả gói."
            )
        if len(data) != entry.get("size") or sha256_bytes(data) != entry.get("sha256"):
            raise PackageRefused(_TAMPERED.format(name=name))
    extra = sorted(set(files) - set(listed) - {MANIFEST})
    if extra:
        raise PackageRefused(
            f"Gói có tệp lạ không ghi trong manifest.json (“{extra[0]}”); có thể đã bị thêm vào "
            "sau khi xuất nên không được nhập."
        )
    if DATA not in files:
        raise PackageRefused(_FOREIGN.format(why="không có data.json"))


# --- removable drives ------------------------------------------------------------------------------------


def removable_drives(
    platform: str | None = None,
    mounts: tuple[str, ...] = ("/media", "/run/media"),
    drive_type: Callable[[str], int] | None = None,
) -> list[Path]:
    """USB sticks and cards the clerk can write to: Windows drive letters of type removable, or what
    Linux desktops mount under /media/USER/ and /run/media/USER/."""
    import sys

    platform = platform or sys.platform
    if platform.startswith("win"):
        return _windows_drives(drive_type)
    found: list[Path] = []
    for base in mounts:
        for user in sorted(Path(base).glob("*")) if Path(base).is_dir() else []:
            found += [p for p in sorted(user.glob("*")) if p.is_dir()]
    return found


DRIVE_REMOVABLE = 2


def _windows_drives(drive_type: Callable[[str], int] | None) -> list[Path]:
    letters = list(string.ascii_uppercase)
    if drive_type is None:
        import ctypes

        kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
        mask = kernel.GetLogicalDrives()
        letters = [c for n, c in enumerate(letters) if mask >> n & 1]
        drive_type = kernel.GetDriveTypeW
    return [Path(f"{c}:\\") for c in letters if drive_type(f"{c}:\\") == DRIVE_REMOVABLE]
