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
_use_system_times = True  # the office's choice (Cài đặt › Văn bản); Times New Roman when the machine has it


def system_times() -> tuple[Path, ...] | None:
    """The four Times New Roman files of a Windows machine, when all are there (a licensed copy)."""
    windows_fonts = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
    times = tuple(windows_fonts / name for name in _TIMES)
    return times if os.name == "nt" and all(p.is_file() for p in times) else None


def use_system_times(flag: bool) -> None:
    """Choose between the machine's Times New Roman and the bundled Liberation Serif; the next document
    registers the chosen files (the names stay the same, so layouts do not change: the metrics match)."""
    global _use_system_times, _registered
    with _lock:
        if flag != _use_system_times:
            _use_system_times, _registered = flag, None


def font_files() -> tuple[Path, ...]:
    """Regular, bold, italic, bold italic: Windows' Times New Roman if chosen and present, else ours."""
    times = system_times() if _use_system_times else None
    return times or tuple(resource("fonts", name) for name in _LIBERATION)


def register_fonts() -> tuple[Path, ...]:
    """Register the family once per process (thread-safe); returns the files used."""
    global _registered
    with _lock:
        if _registered is None:
            from reportlab.pdfbase import pdfmetrics
            from reportlab.pdfbase.ttfonts import TTFont

            files = font_files()
            for name, path in zip(_STYLES, files, strict=True):
                pdfmetrics.registerFont(TTFont(name, str(path)))
            pdfmetrics.registerFontFamily(
                FAMILY, normal=FAMILY, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
            )
            _registered = files
        return _registered
