"""The program's own icons (resources/icons), loaded on demand."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from app.paths import resource


@cache
def icon(name: str) -> QIcon:
    return QIcon(str(resource("icons", f"{name}.svg")))
