"""A picture (a preview of a page) that takes the room the layout gives it and shrinks with it, keeping its
proportions: on a small screen it gets smaller instead of running under the text below it."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ScaledImage(QLabel):
    def __init__(self, text: str = "", least: tuple[int, int] = (320, 226), parent: QWidget | None = None):
        super().__init__(text, parent)
        self._source: QPixmap | None = None
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(*least)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_image(self, pixmap: QPixmap | None) -> None:
        """Show `pixmap` (None or a null one: the text again), never larger than it is."""
        self._source = pixmap if pixmap is not None and not pixmap.isNull() else None
        if self._source is None:
            self.setPixmap(QPixmap())
        self.updateGeometry()
        self._rescale()

    def image(self) -> QPixmap | None:
        return self._source

    def sizeHint(self) -> QSize:
        return self._source.size() if self._source is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.minimumSize()  # a pixmap must not become the least size: it shrinks instead

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._rescale()

    def _rescale(self) -> None:
        if self._source is None:
            return
        room = self.contentsRect().size()
        if room.width() >= self._source.width() and room.height() >= self._source.height():
            shown = self._source
        else:
            shown = self._source.scaled(
                room, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        self.setPixmap(shown)
