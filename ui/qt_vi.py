"""Vietnamese for the words Qt writes itself: file, print and page-setup dialogs, message-box buttons,
context menus of text fields, spin boxes, scroll bars.

Qt ships no Vietnamese catalogue, so the program carries its own: resources/i18n/qt_vi.ts (the source,
with Qt's exact contexts and source strings) compiled by scripts/build_qt_translation.py into
resources/i18n/qt_vi.qm, which is committed and bundled (build.spec ships resources/), so nothing is
compiled at run time.
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator

from app.paths import resource

QM_FILE = resource("i18n", "qt_vi.qm")


def load_translator(parent=None) -> QTranslator:
    translator = QTranslator(parent)
    if not translator.load(str(QM_FILE)):
        raise RuntimeError(f"Qt's Vietnamese translation is missing or unreadable: {QM_FILE}")
    return translator
