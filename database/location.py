"""Where a SQLite file lives, and who else has it open: what decides whether this copy may write to it.

- A network share (a UNC path or a mapped network drive on Windows; cifs, smb, nfs, sshfs… on Linux) is no
  place for a SQLite file that is written: the locks SQLite relies on are not kept faithfully there, and two
  PCs writing at once can damage it. Such a file is opened read-only (`network_share`).
- A second copy of the program opening the same file is told who holds it: a lock file beside the database
  (`<file>-lock`) is held with an OS lock (flock / LockFileEx through msvcrt) for as long as the file is open,
  and holds a line saying who (user, computer, process, since when). The OS drops the lock when the holder
  ends, however it ends (a kill -9, a power cut), so a stale lock file never blocks anyone.
  The window started again by the same account on the same computer is not a second reader but a second
  click: it says the program is already open on the file and closes (`ReadOnlyReason.held_here`).
- A read-only file, folder or disk (`writable_problem`).

Every answer is a `ReadOnlyReason`: a kind and the Vietnamese text the clerk reads.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import socket
import sys
import threading
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

# File systems on which SQLite's locking cannot be trusted (Linux's names in /proc/mounts).
NETWORK_FILESYSTEMS = frozenset(
    {
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "nfs",
        "nfs4",
        "ncpfs",
        "afs",
        "davfs",
        "fuse.davfs2",
        "fuse.sshfs",
        "sshfs",
        "fuse.rclone",
        "fuse.gvfsd-fuse",
        "glusterfs",
        "fuse.glusterfs",
        "ceph",
        "fuse.ceph",
    }
)


class ReadOnlyKind(StrEnum):
    FILE = "file"  # the file itself is read-only (or this account may not write it)
    FOLDER = "folder"  # the folder (or the disk) takes no new files: SQLite cannot keep its journal there
    NETWORK = "network"  # a network share
    HELD = "held"  # another copy of the program has it open
    DAMAGED = "damaged"  # the integrity check found damage


@dataclass(frozen=True)
class ReadOnlyReason:
    """Why a database is open read-only: `kind` for the program, `text` for the clerk (Vietnamese)."""

    kind: ReadOnlyKind
    text: str
    holder: str = ""  # HELD: the lock file's line (who_am_i) of the copy holding the file

    @property
    def damaged(self) -> bool:
        return self.kind is ReadOnlyKind.DAMAGED

    @property
    def held_here(self) -> bool:
        """Held by another copy of the program run by this account on this computer (a second start of the
        window, say): that copy is the one to use."""
        return self.kind is ReadOnlyKind.HELD and same_account_here(self.holder)


def network_reason(path: Path) -> ReadOnlyReason:
    return ReadOnlyReason(
        ReadOnlyKind.NETWORK,
        f"Tệp dữ liệu “{path}” nằm trên ổ mạng (thư mục dùng chung). Trên ổ mạng, SQLite không khóa tệp "
        "được an toàn: hai máy cùng ghi có thể làm hỏng dữ liệu, nên chương trình chỉ mở tệp này để xem. "
        "Muốn làm việc: chép tệp về ổ đĩa của máy này, hoặc nhờ người quản trị đặt cơ sở dữ liệu "
        "PostgreSQL dùng chung cho cả phòng.",
    )


def file_reason(path: Path) -> ReadOnlyReason:
    return ReadOnlyReason(
        ReadOnlyKind.FILE,
        f"Tệp dữ liệu “{path}” chỉ cho phép đọc (hoặc tài khoản này không có quyền ghi vào nó), nên "
        "chương trình chỉ mở để xem, không ghi được gì. Muốn làm việc: bỏ thuộc tính chỉ đọc của tệp, "
        "hoặc chép tệp vào một thư mục ghi được rồi mở bản chép.",
    )


def folder_reason(path: Path) -> ReadOnlyReason:
    return ReadOnlyReason(
        ReadOnlyKind.FOLDER,
        f"Thư mục “{path.parent}” chứa tệp dữ liệu chỉ cho phép đọc (hoặc ổ đĩa được chống ghi), mà khi "
        "ghi chương trình cần tạo tệp tạm bên cạnh tệp dữ liệu; vì vậy chỉ mở để xem, không ghi được gì. "
        "Muốn làm việc: chép tệp vào một thư mục ghi được rồi mở bản chép, hoặc nhờ người quản trị cấp quyền "
        "ghi.",
    )


def held_reason(path: Path, holder: str, raw: str = "") -> ReadOnlyReason:
    return ReadOnlyReason(
        ReadOnlyKind.HELD,
        f"Tệp dữ liệu “{path}” đang được mở ở một chương trình TĐKT khác ({holder}). Để hai nơi không ghi "
        "đè lên nhau, ở đây chỉ mở để xem. Muốn làm việc ở đây: đóng chương trình TĐKT kia rồi mở lại tệp.",
        raw,
    )


def already_open_text(path: Path, raw: str) -> str:
    """The window started again on a file this account has open in it on this computer."""
    return (
        f"TĐKT đang mở tệp dữ liệu “{path}” trên máy này ({describe_holder(raw)}). Hãy dùng cửa sổ TĐKT "
        "đang mở (bấm vào biểu tượng TĐKT trên thanh tác vụ); cửa sổ mới này sẽ đóng lại."
    )


def damaged_reason(path: Path) -> ReadOnlyReason:
    return ReadOnlyReason(
        ReadOnlyKind.DAMAGED,
        f"Tệp dữ liệu “{path}” bị hỏng: khi mở, kiểm tra toàn vẹn tìm thấy trang dữ liệu bị lỗi. Để không "
        "làm hỏng thêm, "
        "chương trình chỉ mở để xem và không ghi gì vào tệp này; số liệu hiển thị có thể thiếu. "
        "Hãy khôi phục từ bản sao lưu gần nhất (Cài đặt › Sao lưu, hoặc lệnh “backup restore”).",
    )


# --- network shares ----------------------------------------------------------------------------------------


def _mount_table(mounts_text: str) -> list[tuple[str, str]]:
    """(mount point, file system type) from /proc/mounts text; octal escapes (\\040 for a space) decoded."""
    table = []
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[1])
            table.append((point, fields[2].lower()))
    return table


def filesystem_type(path: Path, mounts_text: str) -> str | None:
    """The type of the file system holding `path`: the mount with the longest matching mount point."""
    target = path.as_posix()
    best, kind = -1, None
    for point, fstype in _mount_table(mounts_text):
        prefix = point.rstrip("/") + "/"
        if (target == point or target.startswith(prefix) or point == "/") and len(point) > best:
            best, kind = len(point), fstype
    return kind


def on_network_share(path: Path, platform: str | None = None, mounts_text: str | None = None) -> bool:
    """Whether `path` lies on a network share. `platform` and `mounts_text` let tests describe a machine."""
    platform = platform or sys.platform
    text = str(path)
    if platform == "win32":
        from app.drives import on_windows_network_drive  # the Windows API, read in one place

        try:
            return on_windows_network_drive(text)
        except (OSError, AttributeError, ValueError):
            return False
    if mounts_text is None:
        try:
            mounts_text = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False  # not Linux (macOS): nothing known, nothing refused
    fstype = filesystem_type(path, mounts_text)
    return fstype in NETWORK_FILESYSTEMS if fstype else False


# --- read-only files and folders -----------------------------------------------------------------------------


def writable_problem(path: Path) -> ReadOnlyReason | None:
    """Why this account cannot write the database file (or make the journal beside it), or None.

    os.access asks the OS about this process's rights without opening the file (opening and closing a file
    that SQLite has open in this process would drop SQLite's locks on Linux)."""
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return folder_reason(path)
    if path.exists() and not os.access(path, os.W_OK):
        return file_reason(path)
    return None


# --- the lock file ------------------------------------------------------------------------------------------


def lock_path(path: Path) -> Path:
    return Path(f"{path}-lock")


def _login_name() -> str:
    try:
        import getpass

        return getpass.getuser()
    except Exception:  # no login name in a service account
        return "?"


def who_am_i() -> str:
    return json.dumps(
        {
            "user": _login_name(),
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "since": dt.datetime.now().isoformat(timespec="seconds"),
        },
        ensure_ascii=False,
    )


def describe_holder(raw: str) -> str:
    """The lock file's line, as the clerk reads it: "người dùng an trên máy KT-01, mở từ 08:15 07/12/2026"."""
    try:
        who = json.loads(raw)
        since = dt.datetime.fromisoformat(who["since"])
        return (
            f"người dùng {who.get('user') or '?'} trên máy {who.get('host') or '?'}, "
            f"mở từ {since:%H:%M %d/%m/%Y}, tiến trình số {who.get('pid')}"
        )
    except (ValueError, KeyError, TypeError):
        return "không rõ người dùng và máy"


def same_account_here(raw: str) -> bool:
    """Whether a lock file's line names this account on this computer (another process of it)."""
    try:
        who = json.loads(raw)
        return who.get("user") == _login_name() and who.get("host") == socket.gethostname()
    except (ValueError, AttributeError):
        return False


class LockHeld(Exception):
    """Another process holds the database's lock file; `holder` says who, in Vietnamese; `raw` is its line."""

    def __init__(self, holder: str, raw: str = ""):
        super().__init__(holder)
        self.holder = holder
        self.raw = raw


def _try_lock(fd: int) -> bool:
    if os.name == "nt":
        import msvcrt

        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # the first byte; the holder's line starts after it
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            return False
        raise


def _unlock(fd: int) -> None:
    if os.name == "nt":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


class DatabaseLock:
    """This process's hold on a database's lock file. One per file per process: opening the same file again
    in this process shares it (it is the same copy of the program); released when the last holder lets go."""

    _held: dict[str, DatabaseLock] = {}
    _guard = threading.Lock()

    def __init__(self, path: Path, fd: int):
        self.path = path
        self.fd = fd
        self.count = 1

    @classmethod
    def acquire(cls, database: Path) -> DatabaseLock:
        """Hold the lock of `database`; LockHeld when another process holds it, OSError when the lock file
        cannot be made (a read-only folder)."""
        path = lock_path(database)
        key = os.path.normcase(str(path))
        with cls._guard:
            held = cls._held.get(key)
            if held is not None:
                held.count += 1
                return held
            for _attempt in range(5):
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
                try:
                    if not _try_lock(fd):
                        raw = _read_holder(fd)
                        raise LockHeld(describe_holder(raw), raw)
                    if os.name != "nt" and os.fstat(fd).st_ino != _inode(path):
                        os.close(fd)  # the holder removed the file as we opened it: take the new one
                        continue
                except BaseException:
                    if fd >= 0:
                        try:
                            os.close(fd)
                        except OSError:
                            pass
                    raise
                _write_holder(fd)
                lock = cls(path, fd)
                cls._held[key] = lock
                return lock
            raise LockHeld("không rõ người dùng và máy")

    def release(self) -> None:
        with DatabaseLock._guard:
            self.count -= 1
            if self.count > 0 or self.fd < 0:
                return
            DatabaseLock._held.pop(os.path.normcase(str(self.path)), None)
            fd, self.fd = self.fd, -1
            if os.name != "nt":
                try:
                    self.path.unlink()  # removed while still held, so no other process takes a dying file
                except OSError:
                    pass
            try:
                _unlock(fd)
            except OSError:
                pass
            os.close(fd)
            if os.name == "nt":
                try:
                    self.path.unlink()  # fails harmlessly if another copy has it open
                except OSError:
                    pass


def _inode(path: Path) -> int:
    try:
        return os.stat(path).st_ino
    except OSError:
        return -1


def _read_holder(fd: int) -> str:
    try:
        os.lseek(fd, 1, os.SEEK_SET)
        return os.read(fd, 4096).decode("utf-8", "replace").strip()
    except OSError:  # Windows: the holder's locked byte range may refuse reading
        return ""


def _write_holder(fd: int) -> None:
    os.lseek(fd, 0, os.SEEK_SET)
    os.ftruncate(fd, 0)
    os.write(fd, b"\n" + who_am_i().encode("utf-8") + b"\n")
