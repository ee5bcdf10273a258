"""The disks of the office PC: USB sticks and cards (where packages and backups go) and network drives (where a
SQLite file must not be written).

On Windows the drives are read through the Windows API: `GetLogicalDrives` (a bit per drive letter) and
`GetDriveTypeW` (removable, fixed, remote…) of kernel32, through ctypes. Every function takes the API as an
argument (`api`), so tests describe a PC with a fake kernel32 on any system. On Linux, USB sticks are what the
desktop mounts under /media/USER/ and /run/media/USER/ (network file systems: database/location.py).
"""

from __future__ import annotations

import string
import sys
from pathlib import Path
from typing import Protocol

# GetDriveTypeW's answers (winbase.h).
DRIVE_UNKNOWN = 0
DRIVE_NO_ROOT_DIR = 1
DRIVE_REMOVABLE = 2
DRIVE_FIXED = 3
DRIVE_REMOTE = 4
DRIVE_CDROM = 5
DRIVE_RAMDISK = 6

LINUX_MOUNTS = ("/media", "/run/media")


class DriveApi(Protocol):
    """The two calls of kernel32 this module makes (a fake one in tests)."""

    def GetLogicalDrives(self) -> int: ...  # noqa: N802 (the Windows API's names)

    def GetDriveTypeW(self, root: str) -> int: ...  # noqa: N802


def kernel32() -> DriveApi:
    """The real kernel32 (Windows only), with the two calls typed."""
    import ctypes
    from ctypes import wintypes

    api = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    api.GetLogicalDrives.restype = wintypes.DWORD
    api.GetLogicalDrives.argtypes = ()
    api.GetDriveTypeW.restype = wintypes.UINT
    api.GetDriveTypeW.argtypes = (wintypes.LPCWSTR,)
    return api


def drive_roots(api: DriveApi) -> list[str]:
    """The root of every drive letter in use: ["C:\\", "D:\\", …]."""
    mask = api.GetLogicalDrives()
    return [f"{letter}:\\" for n, letter in enumerate(string.ascii_uppercase) if mask >> n & 1]


def windows_removable_drives(api: DriveApi | None = None) -> list[Path]:
    api = api or kernel32()
    return [Path(root) for root in drive_roots(api) if api.GetDriveTypeW(root) == DRIVE_REMOVABLE]


def removable_drives(
    platform: str | None = None, mounts: tuple[str, ...] = LINUX_MOUNTS, api=None
) -> list[Path]:
    """USB sticks and cards the clerk can write to: Windows drive letters of type removable, or what Linux
    desktops mount under /media/USER/ and /run/media/USER/."""
    if (platform or sys.platform).startswith("win"):
        return windows_removable_drives(api)
    found: list[Path] = []
    for base in mounts:
        for user in sorted(Path(base).glob("*")) if Path(base).is_dir() else []:
            found += [p for p in sorted(user.glob("*")) if p.is_dir()]
    return found


def on_windows_network_drive(path: str, api: DriveApi | None = None) -> bool:
    """Whether a Windows path lies on a network share: a UNC path (\\\\server\\share\\…), or a drive
    letter mapped to one."""
    if path.upper().startswith("\\\\?\\UNC\\"):  # a long UNC path
        return True
    if path.startswith("\\\\?\\"):  # a long path: \\?\C:\…
        path = path[4:]
    elif path.startswith(("\\\\", "//")):
        return True
    if len(path) < 2 or path[1] != ":" or not path[0].isalpha():
        return False  # a relative path: on the current drive, not asked
    return (api or kernel32()).GetDriveTypeW(f"{path[0].upper()}:\\") == DRIVE_REMOTE
