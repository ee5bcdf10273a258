"""House rules that code review alone would miss."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QT_IMPORT = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6|ui)\b", re.M)


def _core_modules() -> list[str]:
    names = []
    for top in ("app", "database"):
        for path in sorted((ROOT / top).rglob("*.py")):
            rel = path.relative_to(ROOT).with_suffix("")
            if rel.parts[:2] == ("app", "__main__") or "migrations" in rel.parts:
                continue
            names.append(".".join(p for p in rel.parts if p != "__init__") or top)
    return names


def test_core_source_does_not_import_qt_or_the_ui():
    offenders = [
        str(p.relative_to(ROOT))
        for top in ("app", "database")
        for p in (ROOT / top).rglob("*.py")
        if p.name != "__main__.py" and QT_IMPORT.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_importing_the_whole_core_loads_no_qt():
    modules = _core_modules()
    assert "app.services.context" in modules and "database.models" in modules
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + (
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
            "print(','.join(bad)); sys.exit(1 if bad else 0)\n"
        )
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
