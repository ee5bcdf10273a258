"""Set up what is missing, with the standard library only, then run in the project's venv.

`python -m app` and `python -m tests` call `ensure()` first: on a fresh clone it creates .venv
beside the sources and installs the project (with the test extras for the tests); later starts
only compare a stamp. A frozen build or an installed package skips all of this.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / "tdkt-installed.txt"
SKIP_ENV = "TDKT_NO_BOOTSTRAP"


def _venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _wanted_stamp(extras: str) -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return f"{digest} [{extras}]"


def _in_project_venv() -> bool:
    return Path(sys.prefix).resolve() == VENV.resolve()


def _install(extras: str) -> None:
    if not _venv_python().exists():
        print("TĐKT: đang tạo môi trường Python riêng (.venv) ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("TĐKT: đang cài các thư viện cần thiết, lần đầu có thể mất vài phút ...", flush=True)
    target = f".[{extras}]" if extras else "."
    subprocess.run(
        [str(_venv_python()), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", target],
        cwd=ROOT,
        check=True,
    )
    STAMP.write_text(_wanted_stamp(extras), encoding="utf-8")


def ensure(extras: str = "", module: str = "app") -> None:
    """Make sure the venv has what `extras` needs; re-run `python -m module` inside it if we are outside."""
    if getattr(sys, "frozen", False) or os.environ.get(SKIP_ENV):
        return
    if not (ROOT / "pyproject.toml").exists():
        return  # installed as a package: pip already set things up
    stamp = STAMP.read_text(encoding="utf-8") if STAMP.exists() else ""
    if stamp != _wanted_stamp(extras) and not (extras == "" and stamp.startswith(_wanted_stamp("")[:64])):
        _install(extras)
    if not _in_project_venv():
        env = dict(os.environ, **{SKIP_ENV: "1"})
        result = subprocess.run([str(_venv_python()), "-m", module, *sys.argv[1:]], cwd=os.getcwd(), env=env)
        raise SystemExit(result.returncode)
