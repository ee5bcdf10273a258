"""Qt's own dialogs and menus speak Vietnamese under the program's setup (Qt ships no Vietnamese): the
file dialogs, the print and page-setup dialogs, message-box buttons and the text fields' context menus
show no English word."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPageSetupDialog, QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QToolButton,
    QWidget,
)

from tests.ui.boxes import run_modal
from ui import file_dialogs
from ui.qt_vi import QM_FILE

ENGLISH = [
    "Save", "Open", "Cancel", "Close", "Computer", "Documents", "Printer", "Name", "Properties", "Options",
    "Print", "File name", "Look in", "Files of type", "Copy", "Paste", "Undo", "Redo", "Select All", "Delete",
    "Cut", "Yes", "No", "Apply", "Reset", "Discard", "Help", "Abort", "Retry", "Ignore", "Details",
    "Size", "Type", "Date Modified", "Back", "Forward", "Parent Directory", "Create New Folder",
    "List View", "Detail View", "Page", "Pages", "Copies", "Collate", "Orientation", "Portrait",
    "Landscape", "Margins", "Paper", "Layout", "Setup", "Printing", "Duplex", "Color", "Grayscale",
    "Output", "Location", "Width", "Height", "Top", "Bottom", "Left", "Right", "Zoom", "Fit",
    "First", "Last", "Previous", "Next", "Export", "Directory", "Folder", "Files", "All",
    "Current", "Selection", "Range", "Even", "Odd", "Reverse", "Custom", "Millimeters", "Points", "Inches",
]  # fmt: skip
_ENGLISH = re.compile(
    r"\b(" + "|".join(re.escape(w) for w in sorted(ENGLISH, key=len, reverse=True)) + r")\b"
)


def english_in(texts: list[str]) -> list[str]:
    return sorted({t for t in texts if _ENGLISH.search(t.replace("&", ""))})


def visible_texts(top: QWidget, *, skip_views: tuple[QAbstractItemView, ...] = ()) -> list[str]:
    """What the clerk can read: titles, labels, buttons, combo items, group and tab titles, column
    headers, tooltips of tool buttons."""
    texts = [top.windowTitle()]
    for w in [top, *top.findChildren(QWidget)]:
        if not w.isVisibleTo(top):
            continue
        if isinstance(w, QLabel):
            texts.append(w.text())
        elif isinstance(w, QToolButton):
            texts += [w.text(), w.toolTip()]
        elif isinstance(w, QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
        elif isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            header = getattr(w, "header", None)
            if header is not None and w.isVisibleTo(top) and header().isVisibleTo(top):
                texts += [
                    str(model.headerData(c, header().orientation()) or "") for c in range(model.columnCount())
                ]
    return [t for t in texts if t]


def test_the_check_sees_english():
    found = english_in(["&Save", "File &name:", "Lưu", "Tệp PDF (*.pdf)", "In"])
    assert found == ["&Save", "File &name:"]


def test_the_translation_is_shipped_compiled(qt_app):
    assert QM_FILE.is_file()
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Hủy"
    assert QCoreApplication.translate("QFileDialog", "File &name:") == "&Tên tệp:"
    assert QCoreApplication.translate("QPrintDialog", "Print") == "In"


def _file_dialog_texts(dialog: QFileDialog) -> list[str]:
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    QApplication.processEvents()
    # The file list and the sidebar show the folders' own names ("Documents" is the system's name); the
    # actions are the file list's context menu (rename, delete, show hidden files, new folder).
    texts = visible_texts(dialog) + [a.text() for a in dialog.findChildren(QAction) if a.text()]
    # Key sequences are read back from Qt's translated strings: they must stay keys that still work.
    back = dialog.findChild(QToolButton, "backButton")
    assert back.shortcut().toString() == "Alt+Left"
    return texts


@pytest.mark.parametrize("ask", [file_dialogs.save_file_name, file_dialogs.open_file_name])
def test_file_dialogs_are_vietnamese(qtbot, qt_app, tmp_path, ask):
    texts = run_modal(
        lambda: ask(None, "Lưu thành", str(tmp_path / "a.pdf"), "Tệp PDF (*.pdf)"), _file_dialog_texts
    )
    assert any("Tên tệp" in t for t in texts) and "Hiện tệp &ẩn" in texts
    assert english_in(texts) == []


def test_the_folder_dialog_is_vietnamese(qtbot, qt_app, tmp_path):
    texts = run_modal(
        lambda: file_dialogs.existing_directory(None, "Chọn thư mục", str(tmp_path)),
        _file_dialog_texts,
    )
    assert english_in(texts) == []


def test_the_print_dialog_is_vietnamese(qtbot, qt_app):
    printer = QPrinter()
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    dialog.show()
    options = [b for b in dialog.findChildren(QAbstractButton) if b.isVisible() and ">>" in b.text()]
    assert options, "the print dialog has no options button"
    options[0].click()
    texts = visible_texts(dialog)
    assert "In" in texts or any(t.startswith("&In") for t in texts)
    assert english_in(texts) == []
    dialog.reject()


def test_the_printer_properties_are_vietnamese(qtbot, qt_app):
    printer = QPrinter()
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    dialog.show()
    properties = next(
        b for b in dialog.findChildren(QAbstractButton) if b.text().replace("&", "") == "Thuộc tính"
    )

    def every_tab(properties_dialog: QWidget) -> list[str]:
        texts = visible_texts(properties_dialog)
        for tabs in properties_dialog.findChildren(QTabWidget):
            for i in range(tabs.count()):
                tabs.setCurrentIndex(i)
                texts += visible_texts(properties_dialog)
        return texts

    texts = run_modal(properties.click, every_tab)
    assert "Thuộc tính máy in" in texts
    assert english_in(texts) == []
    dialog.reject()


def test_the_page_setup_dialog_is_vietnamese(qtbot, qt_app):
    printer = QPrinter()  # outlives the dialog, which keeps a pointer to it
    dialog = QPageSetupDialog(printer)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = visible_texts(dialog)
    assert any("Khổ giấy" in t for t in texts)
    assert english_in(texts) == []
    dialog.reject()


def test_the_print_preview_is_vietnamese(qtbot, qt_app):
    printer = QPrinter()
    dialog = QPrintPreviewDialog(printer)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = visible_texts(dialog) + [a.text() for a in dialog.findChildren(QAction) if a.text()]
    assert english_in(texts) == []
    dialog.reject()


def test_message_box_buttons_are_vietnamese(qtbot, qt_app):
    b = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Question, "TĐKT", "Lưu thay đổi?")
    box.setStandardButtons(
        b.Ok | b.Save | b.SaveAll | b.Open | b.Yes | b.YesToAll | b.No | b.NoToAll | b.Abort | b.Retry
        | b.Ignore | b.Close | b.Cancel | b.Discard | b.Help | b.Apply | b.Reset | b.RestoreDefaults
    )  # fmt: skip
    box.setDetailedText("Chi tiết")
    qtbot.addWidget(box)
    box.show()
    texts = visible_texts(box)
    assert "Hủy" in texts and "Lưu" in texts
    assert english_in(texts) == []
    box.reject()


@pytest.mark.parametrize("field_type", [QLineEdit, QPlainTextEdit])
def test_text_context_menus_are_vietnamese(qtbot, qt_app, field_type):
    field = field_type()
    qtbot.addWidget(field)
    field.insertPlainText("Nguyễn Văn An") if field_type is QPlainTextEdit else field.setText("Nguyễn Văn An")
    menu = field.createStandardContextMenu()
    texts = [a.text().split("\t")[0] for a in menu.actions() if a.text()]
    assert "&Sao chép" in texts and "&Dán" in texts
    assert english_in(texts) == []


def test_the_committed_qm_is_built_from_the_ts():
    """Every translation of resources/i18n/qt_vi.ts is what the shipped .qm answers (rebuild with
    ui/qt_vi_build.py (python -m ui.qt_vi_build) after editing the .ts)."""
    import xml.etree.ElementTree as ET

    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(QM_FILE))
    root = ET.parse(QM_FILE.with_suffix(".ts")).getroot()
    stale = []
    for context in root.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source, comment = message.findtext("source"), message.findtext("comment")
            if translator.translate(name, source, comment) != message.findtext("translation"):
                stale.append((name, source))
    assert stale == []


def test_the_spin_box_context_menu_is_vietnamese(qtbot, qt_app):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QSpinBox

    box = QSpinBox()
    qtbot.addWidget(box)
    box.show()
    seen = {}

    def look():
        menu = QApplication.activePopupWidget()
        if menu is None:
            QTimer.singleShot(20, look)
            return
        seen["texts"] = [a.text().split("\t")[0] for a in menu.actions() if a.text()]
        menu.close()

    QTimer.singleShot(0, look)
    where = QPoint(5, 5)
    QApplication.sendEvent(
        box, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where, box.mapToGlobal(where))
    )
    assert "&Tăng" in seen["texts"] and "Chọn &tất cả" in seen["texts"]
    assert english_in(seen["texts"]) == []
