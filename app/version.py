"""The program's version, whose one source is pyproject.toml: read from the installed package's metadata
(build.spec copies that metadata into the frozen build), or from pyproject.toml beside the sources."""

from __future__ import annotations

from functools import cache
from pathlib import Path

DISTRIBUTION = "tdkt"
PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def pyproject_version(path: Path = PYPROJECT) -> str:
    import tomllib

    with path.open("rb") as f:
        return tomllib.load(f)["project"]["version"]


@cache
def program_version() -> str:
    """ "0.1.0": the version the clerk sees in the title bar, the About box and the .exe's properties."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        try:
            return pyproject_version()
        except (OSError, KeyError, ValueError):
            return "?"
