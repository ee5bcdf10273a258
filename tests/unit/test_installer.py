"""The Windows installer's script (resources/installer/tdkt.iss), read as Inno Setup reads it: a per-user
install whose upgrades and uninstall never touch the data folder (%LOCALAPPDATA%\\TDKT, app/paths.py)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "resources" / "installer" / "tdkt.iss"
# Every version's installer must carry this AppId: with another one, Windows would hold two programs and an
# upgrade would not replace the old one.
APP_ID = "{{5B0F3C1E-7A2D-4E8B-9C61-2D7E0A4F9B35}"


def _sections() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    current = ""
    for line in SCRIPT.read_text(encoding="utf-8-sig").splitlines():
        line = line.strip()
        if not line or line.startswith(";") or line.startswith("#"):
            continue
        if re.fullmatch(r"\[\w+\]", line):
            current = line[1:-1]
            found[current] = []
        else:
            found.setdefault(current, []).append(line)
    return found


def test_the_script_is_utf8_with_a_byte_order_mark_for_the_vietnamese_names():
    raw = SCRIPT.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "AppName=TĐKT" in raw.decode("utf-8-sig")


def test_a_per_user_install_without_administrator_rights_under_one_app_id():
    setup = dict(line.split("=", 1) for line in _sections()["Setup"])
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["AppId"] == APP_ID
    assert setup["DefaultDirName"] == r"{autopf}\TDKT"  # per user: %LOCALAPPDATA%\Programs\TDKT
    assert (
        setup["AppVersion"] == "{#AppVersion}"
    )  # given by the build from pyproject.toml, never written here


def test_start_menu_and_desktop_shortcuts_open_the_window_program():
    icons = _sections()["Icons"]
    assert [line.split(";")[0] for line in icons] == [
        r'Name: "{autoprograms}\TĐKT"',
        r'Name: "{autodesktop}\TĐKT"',
    ]
    assert all(r'Filename: "{app}\TDKT.exe"' in line for line in icons)


def test_nothing_outside_the_program_folder_is_ever_deleted():
    sections = _sections()
    assert "UninstallDelete" not in sections  # the uninstaller removes only what it installed
    deleted = [re.search(r'Name: "([^"]+)"', line).group(1) for line in sections.get("InstallDelete", [])]
    assert deleted and all(name.startswith("{app}\\") for name in deleted)
    files = sections["Files"]
    assert all('DestDir: "{app}"' in line for line in files)
