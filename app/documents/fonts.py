"""The document font: Times New Roman where the machine has a licensed copy, else Liberation Serif.

Liberation Serif 2 (SIL OFL 1.1, shipped in resources/fonts with its licence) has Times New Roman's
metrics and every Vietnamese letter, so a document lays out the same with either. The four styles
are registered as one family, FAMILY, so that <b> and <i> in paragraphs pick the right face.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from app.paths import resource
from app.settings import DOCUMENT_FONT, FONT_SYSTEM, in_effect

FAMILY = "TNR"
BOLD, ITALIC, BOLD_ITALIC = f"{FAMILY}-B", f"{FAMILY}-I", f"{FAMILY}-BI"

_STYLES = (FAMILY, BOLD, ITALIC, BOLD_ITALIC)
_TIMES = ("times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf")
_LIBERATION = (
    "LiberationSerif-Regular.ttf",
    "LiberationSerif-Bold.ttf",
    "LiberationSerif-Italic.ttf",
    "LiberationSerif-BoldItalic.ttf",
)

_lock = threading.Lock()
_registered: tuple[Path, ...] | None = None


def system_times() -> tuple[Path, ...] | None:
    """The four Times New Roman files of a Windows machine, when all are there (a licensed copy)."""
    windows_fonts = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
    times = tuple(windows_fonts / name for name in _TIMES)
    return times if os.name == "nt" and all(p.is_file() for p in times) else None


def font_files() -> tuple[Path, ...]:
    """Regular, bold, italic, bold italic: Windows' Times New Roman if the office chose it (the setting
    DOCUMENT_FONT this process applies, Cài đặt › Văn bản) and the machine has it, else ours."""
    times = system_times() if in_effect(DOCUMENT_FONT) == FONT_SYSTEM else None
    return times or tuple(resource("fonts", name) for name in _LIBERATION)


def register_fonts() -> tuple[Path, ...]:
    """Register the family (thread-safe): once, and again when the office's choice changes the files (the
    names stay the same, so layouts do not change: the metrics match). Returns the files used."""
    global _registered
    with _lock:
        files = font_files()
        if _registered != files:
            from reportlab.pdfbase import pdfmetrics
            from reportlab.pdfbase.ttfonts import TTFont

            for name, path in zip(_STYLES, files, strict=True):
                pdfmetrics.registerFont(TTFont(name, str(path)))
            pdfmetrics.registerFontFamily(
                FAMILY, normal=FAMILY, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
            )
            _registered = files
        return _registered
