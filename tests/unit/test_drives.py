"""The office PC on Windows, described to the program by a fake kernel32: USB sticks, network drives, the data
folder; and the one version the program shows."""

from __future__ import annotations

from pathlib import Path

import platformdirs.windows
import pytest

from app import drives, paths
from app.drives import (
    DRIVE_CDROM,
    DRIVE_FIXED,
    DRIVE_NO_ROOT_DIR,
    DRIVE_REMOTE,
    DRIVE_REMOVABLE,
    on_windows_network_drive,
    removable_drives,
)
from app.version import program_version, pyproject_version
from database.location import on_network_share


class FakeKernel32:
    """GetLogicalDrives and GetDriveTypeW of a PC with the given drives ({"C": DRIVE_FIXED, …})."""

    def __init__(self, **letters: int):
        self.letters = letters
        self.asked: list[str] = []

    def GetLogicalDrives(self) -> int:  # noqa: N802
        return sum(1 << (ord(letter) - ord("A")) for letter in self.letters)

    def GetDriveTypeW(self, root: str) -> int:  # noqa: N802
        self.asked.append(root)
        return self.letters.get(root[0], DRIVE_NO_ROOT_DIR)


OFFICE_PC = dict(C=DRIVE_FIXED, D=DRIVE_CDROM, E=DRIVE_REMOVABLE, G=DRIVE_REMOVABLE, Z=DRIVE_REMOTE)


def test_usb_sticks_are_the_removable_drive_letters_in_use():
    api = FakeKernel32(**OFFICE_PC)
    assert [str(p) for p in removable_drives("win32", api=api)] == ["E:\\", "G:\\"]
    assert api.asked == ["C:\\", "D:\\", "E:\\", "G:\\", "Z:\\"]  # only the letters in use are asked


def test_a_pc_without_usb_sticks_offers_none():
    assert removable_drives("win32", api=FakeKernel32(C=DRIVE_FIXED, Z=DRIVE_REMOTE)) == []


def test_usb_sticks_on_linux_are_what_the_desktop_mounts(tmp_path):
    (tmp_path / "media" / "an" / "USB16GB").mkdir(parents=True)
    (tmp_path / "media" / "an" / "notes.txt").write_text("not a drive")
    found = removable_drives("linux", (str(tmp_path / "media"), str(tmp_path / "run-media")))
    assert found == [tmp_path / "media" / "an" / "USB16GB"]


@pytest.mark.parametrize(
    ("path", "network"),
    [
        (r"Z:\TDKT\tdkt.sqlite3", True),  # a drive letter mapped to a share
        (r"z:\TDKT\tdkt.sqlite3", True),
        (r"\\?\Z:\TDKT\tdkt.sqlite3", True),
        (r"C:\Users\an\AppData\Local\TDKT\tdkt.sqlite3", False),
        (r"E:\tdkt.sqlite3", False),  # a USB stick is local
        (r"\\?\C:\TDKT\tdkt.sqlite3", False),
        (r"\\server\chung\tdkt.sqlite3", True),
        ("//server/chung/tdkt.sqlite3", True),
        (r"\\?\UNC\server\chung\tdkt.sqlite3", True),
        ("tdkt.sqlite3", False),
    ],
)
def test_network_drives_are_unc_paths_and_letters_of_type_remote(path, network):
    assert on_windows_network_drive(path, FakeKernel32(**OFFICE_PC)) is network


def test_the_sqlite_warning_asks_windows_about_the_drive(monkeypatch):
    api = FakeKernel32(**OFFICE_PC)
    monkeypatch.setattr(drives, "kernel32", lambda: api)
    assert on_network_share(Path(r"Z:\chung\tdkt.sqlite3"), "win32")
    assert not on_network_share(Path(r"C:\TDKT\tdkt.sqlite3"), "win32")
    assert api.asked == ["Z:\\", "C:\\"]


def test_the_data_folder_on_windows_is_localappdata_tdkt(monkeypatch):
    local = r"C:\Users\an\AppData\Local"
    assert paths.windows_data_dir({"LOCALAPPDATA": local}) == r"C:\Users\an\AppData\Local\TDKT"
    assert paths.windows_data_dir({}) is None
    monkeypatch.delenv(paths.ENV_DATA_DIR, raising=False)
    monkeypatch.setenv("LOCALAPPDATA", local)
    monkeypatch.setattr(paths.sys, "platform", "win32")
    assert str(paths.data_dir()) == r"C:\Users\an\AppData\Local\TDKT"
    assert paths.default_database_path().name == "tdkt.sqlite3"


def test_platformdirs_without_the_environment_variable_gives_the_same_folder(monkeypatch):
    """Without %LOCALAPPDATA% the program asks platformdirs: local (not roaming), no author folder."""
    monkeypatch.setattr(
        platformdirs.windows, "get_win_folder", {"CSIDL_LOCAL_APPDATA": r"C:\Users\an\AppData\Local"}.get
    )
    folder = platformdirs.windows.Windows("TDKT", appauthor=False, roaming=False).user_data_dir
    assert folder.replace("/", "\\") == r"C:\Users\an\AppData\Local\TDKT"


def test_the_program_has_one_version_that_of_pyproject():
    assert program_version() == pyproject_version() != "?"
