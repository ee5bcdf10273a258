"""Vietnamese for the words Qt writes itself: file, print and page-setup dialogs, message-box buttons,
context menus of text fields, spin boxes, scroll bars.

Qt ships no Vietnamese catalogue, so the program carries its own: resources/i18n/qt_vi.ts (the source,
with Qt's exact contexts and source strings) compiled by ui/qt_vi_build.py (python -m ui.qt_vi_build) into
resources/i18n/qt_vi.qm, which is committed and bundled (build.spec ships resources/), so nothing is
compiled at run time.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QTranslator

from app.paths import resource

QM_FILE = resource("i18n", "qt_vi.qm")


def load_translator(parent=None) -> QTranslator | None:
    """The compiled translation, or None (logged; `TDKT selftest` reports it) when the build lacks it: the
    program still runs, with Qt's English words."""
    translator = QTranslator(parent)
    if not translator.load(str(QM_FILE)):
        logging.getLogger(__name__).warning(
            "Qt's Vietnamese translation is missing or unreadable: %s", QM_FILE
        )
        return None
    return translator
