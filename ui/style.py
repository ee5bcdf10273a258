"""The look of the program: a readable font and one light style sheet for every window."""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

BASE_POINT_SIZE = 10
ACCENT = "#2b5c8a"
INK = "#1d2b3a"
MUTED = "#5b6775"
ERROR = "#b3261e"

# Serif fonts with every Vietnamese letter, for previews of documents (Times New Roman on Windows).
DOCUMENT_FAMILIES = ("Times New Roman", "Tinos", "Liberation Serif", "Noto Serif", "DejaVu Serif")

STYLE_SHEET = f"""
QMainWindow, QDialog, QWidget#pageBody {{ background: #f6f7f9; }}
QListWidget#sidebar {{
    background: #eaeff5; border: none; border-right: 1px solid #d5dce5; outline: 0;
    padding-top: 6px;
}}
QListWidget#sidebar::item {{
    color: {INK}; padding: 0 10px 0 8px; margin: 1px 6px; border-radius: 4px;
    border-left: 3px solid transparent;
}}
QListWidget#sidebar::item:hover {{ background: #dde6f0; }}
QListWidget#sidebar::item:selected {{
    background: #cfdeee; color: {INK}; border-left: 3px solid {ACCENT}; font-weight: bold;
}}
QLabel#pageTitle {{ color: {INK}; font-size: 17pt; font-weight: bold; }}
QLabel#pageSubtitle {{ color: {MUTED}; }}
QLabel#sectionTitle {{ color: {INK}; font-size: 11pt; font-weight: bold; }}
QLabel#muted {{ color: {MUTED}; }}
QLabel#error {{ color: {ERROR}; font-weight: bold; }}
QFrame#card {{ background: white; border: 1px solid #d9dee5; border-radius: 6px; }}
QFrame#card QLabel {{ background: transparent; border: none; }}
QLabel#cardValue {{ color: {ACCENT}; font-size: 19pt; font-weight: bold; }}
QLabel#cardCaption {{ color: {MUTED}; }}
QLabel#areaFact {{ color: {INK}; font-size: 12pt; }}
QGroupBox {{
    background: white; border: 1px solid #d9dee5; border-radius: 6px; margin-top: 14px;
    padding: 10px 8px 8px 8px; font-weight: bold; color: {INK};
}}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; }}
QTableWidget, QTableView {{ background: white; gridline-color: #e3e7ec; }}
QHeaderView::section {{
    background: #eef1f5; color: {INK}; border: none; border-right: 1px solid #dde2e8;
    border-bottom: 1px solid #d5dce5; padding: 4px 6px; font-weight: bold;
}}
QToolButton[popupMode="2"] {{ padding-right: 18px; }}
QToolButton[popupMode="2"]::menu-indicator {{ subcontrol-origin: padding; subcontrol-position: right center; }}
QStatusBar {{ background: #eaeff5; color: {INK}; }}
QStatusBar QLabel {{ padding: 0 8px; }}
"""


def apply(app: QApplication) -> None:
    font = QFont(app.font())
    if sys.platform == "win32":
        font.setFamily("Segoe UI")  # the system font of Windows, complete for Vietnamese
    if font.pointSizeF() < BASE_POINT_SIZE:
        font.setPointSizeF(BASE_POINT_SIZE)
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)


def document_font_css() -> str:
    """The font-family of a document preview (Times New Roman where it exists)."""
    return ", ".join(f"'{f}'" for f in DOCUMENT_FAMILIES) + ", serif"
