"""Where things live: the user's data folder, the default database, backups, bundled resources."""

from __future__ import annotations

import ntpath
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from platformdirs import user_data_path

APP_DIR_NAME = "TDKT"
ENV_DATABASE_URL = "TDKT_DATABASE_URL"
ENV_DATA_DIR = "TDKT_DATA_DIR"  # lets tests and portable installs keep everything in one folder


def data_dir() -> Path:
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override)
    windows = windows_data_dir(os.environ) if sys.platform == "win32" else None
    return Path(windows) if windows else user_data_path(APP_DIR_NAME, appauthor=False, roaming=False)


def windows_data_dir(environ: Mapping[str, str]) -> str | None:
    """%LOCALAPPDATA%\\TDKT: this Windows account's data on this PC (not roaming with the profile), outside
    the program's folder, so that installing over the program or removing it leaves the data alone.
    None when the variable is missing (platformdirs asks Windows itself then)."""
    local = environ.get("LOCALAPPDATA")
    return ntpath.join(local, APP_DIR_NAME) if local else None


def default_database_path() -> Path:
    return data_dir() / "tdkt.sqlite3"


def remembered_url_file() -> Path:
    """Where this user's copy remembers the database server chosen in the first-run wizard (one line: the URL,
    its password included; the file is the user's own, like the data folder it sits in)."""
    return data_dir() / "may-chu-du-lieu.txt"


def backup_dir_for(db_file: Path | None) -> Path:
    """Backups sit beside the database they copy, so a USB-stick database keeps its own."""
    return (db_file.parent if db_file else data_dir()) / "backups"


def resources_dir() -> Path:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
