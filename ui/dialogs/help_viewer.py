"""Trợ giúp: the guides QĐ 742/QĐ-BTTTT asks for (use, administration, deployment, design), read in the window.

The guides are Markdown files in resources/docs/, found through app.guides. The viewer lists them on the
left with the sections of each, shows the chosen one in a QTextBrowser, follows links between guides
("quan-tri.md#6-sao-lưu-và-khôi-phục") and opens web links in the system's browser.

    open_guide(parent, "quan-tri")        # one viewer per window, brought forward and turned to that guide
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.guides import GUIDE_BY_KEY, GUIDES, read_guide, sections, slug
from ui.widgets.screen_fit import fit_to_screen


class HelpViewer(QDialog):
    """The guides on the left (each with its sections), the chosen one on the right."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Trợ giúp – TĐKT")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.current: str | None = None

        self.contents = QTreeWidget()
        self.contents.setHeaderHidden(True)
        self.contents.setAccessibleName("Mục lục hướng dẫn")
        self.contents.setMinimumWidth(220)
        self.contents.setIndentation(14)
        self.contents.itemActivated.connect(self._item_chosen)
        self.contents.itemClicked.connect(self._item_chosen)
        for guide in GUIDES:
            top = QTreeWidgetItem([guide.title])
            top.setData(0, Qt.ItemDataRole.UserRole, (guide.key, ""))
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            parent_of = {1: top}  # a section of level 3 sits under the level-2 section before it
            for level, text in sections(read_guide(guide.key)):
                child = QTreeWidgetItem([text])
                child.setToolTip(0, text)
                child.setData(0, Qt.ItemDataRole.UserRole, (guide.key, slug(text)))
                parent_of.get(level - 1, top).addChild(child)
                parent_of[level] = child
            self.contents.addTopLevelItem(top)

        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Nội dung hướng dẫn")
        self.browser.setOpenLinks(False)  # links are followed here: between guides, or out to the browser
        self.browser.anchorClicked.connect(self.follow)
        self.browser.document().setDocumentMargin(16)

        splitter = QSplitter()
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 860])
        splitter.setChildrenCollapsible(False)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 1180, 700)

    # Opening
    def show_guide(self, key: str, anchor: str = "") -> None:
        if key != self.current:
            self.browser.setMarkdown(read_guide(key))
            self.current = key
            top = self.contents.topLevelItem([g.key for g in GUIDES].index(key))
            self.contents.collapseAll()
            top.setExpanded(True)
            for n in range(top.childCount()):
                top.child(n).setExpanded(True)
            self.contents.setCurrentItem(top)
        if anchor:
            self.go_to(anchor)
        else:
            self.browser.moveCursor(QTextCursor.MoveOperation.Start)
            self.browser.verticalScrollBar().setValue(0)

    def go_to(self, anchor: str) -> bool:
        """Scroll to the heading whose anchor is `anchor`; False when the guide has none."""
        wanted = unicodedata.normalize("NFC", anchor).lower()
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() and slug(block.text()) == wanted:
                cursor = QTextCursor(block)
                bar = self.browser.verticalScrollBar()
                bar.setValue(bar.maximum())  # the heading comes to the top, not merely into view
                self.browser.setTextCursor(cursor)
                self.browser.ensureCursorVisible()
                return True
            block = block.next()
        return False

    def follow(self, url: QUrl) -> None:
        """A link of the guide: another guide (with its section), a section of this one, or the web."""
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
            return
        name = Path(url.path()).stem if url.path() else self.current
        if name in GUIDE_BY_KEY:
            self.show_guide(name, url.fragment())

    def _item_chosen(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        key, anchor = item.data(0, Qt.ItemDataRole.UserRole)
        self.show_guide(key, anchor)


def open_guide(parent: QWidget, key: str) -> HelpViewer:
    """The window's one viewer (made on first use), shown on the guide `key` and brought forward."""
    viewer = getattr(parent, "_help_viewer", None)
    if viewer is None:
        viewer = HelpViewer(parent)
        parent._help_viewer = viewer  # type: ignore[attr-defined]
    viewer.show_guide(key)
    viewer.show()
    viewer.raise_()
    viewer.activateWindow()
    return viewer
