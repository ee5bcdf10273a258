"""Fit the office screens: 1280 × 720 laptops (less a 40 px taskbar) and 1366 × 768, still workable at 1024 × 600.

- `fit_to_screen(widget, w, h)`: open a window at a comfortable size that the screen's free area can hold.
- `scrolling_body(layout)`: a dialog's fields in a scroll area, its buttons outside it, always in view.
- `shrinkable(*widgets, width=...)`: a filter's combo box (or a line of text) keeps its comfortable width
  when there is room and gives way, down to `width`, on a narrow window instead of widening it.
- `wrapping(*labels)`: a hint or a count that wraps onto a second line rather than widening the window.
- `FlowLayout`: a row of buttons that wraps onto a second line on a narrow window.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QLabel, QLayout, QScrollArea, QWidget

MARGIN_ACROSS, MARGIN_DOWN = 40, 60  # what a window's frame and title bar take beyond its size


def available_room(widget: QWidget) -> QRect | None:
    """The free area (taskbar aside) of the screen the widget is on."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to width × height, less whatever the screen's free area (taskbar aside) cannot hold."""
    room = available_room(widget)
    if room is not None:
        width = min(width, room.width() - MARGIN_ACROSS)
        height = min(height, room.height() - MARGIN_DOWN)
    widget.resize(width, height)


def scrolling_body(layout: QLayout, name: str = "dialogBody") -> QScrollArea:
    """Put `layout` (a dialog's fields) into a frameless scroll area and return the area, to be added to the
    dialog's outer layout above its buttons: a short screen scrolls the fields, the buttons stay in view."""
    body = QWidget()
    body.setObjectName(name)
    body.setLayout(layout)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(body)
    return scroll


def scrolled(widget: QWidget) -> QScrollArea:
    """A widget (a form, a panel) inside a frameless scroll area that gives way on a small screen."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(widget)
    return scroll


def shrinkable(*widgets: QWidget, width: int = 110) -> None:
    """Let each widget shrink down to `width` when the window is narrow (it keeps its comfortable width,
    its size hint, whenever there is room): a combo box then shows its text cut short with "…"."""
    for widget in widgets:
        widget.setMinimumWidth(min(width, widget.sizeHint().width()))


def wrapping(*labels: QLabel) -> None:
    """Let each label wrap onto more lines instead of widening the window."""
    for label in labels:
        label.setWordWrap(True)


class FlowLayout(QLayout):
    """Widgets in a row that wraps onto the next line when the window is too narrow for all of them (a row
    of buttons on a 1024-pixel window), instead of making the window wider."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6):
        super().__init__(parent)
        self._items: list = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item) -> None:  # noqa: N802 (Qt's name)
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        shown = [i.sizeHint() for i in self._items if not i.isEmpty()]
        if not shown:
            return QSize(0, 0)
        width = sum(s.width() for s in shown) + self._gap * (len(shown) - 1)
        return QSize(width, max(s.height() for s in shown))

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize(0, 0)
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        shown = [i for i in self._items if not i.isEmpty()]
        for item in shown:
            hint = item.sizeHint()
            if x > rect.x() and x + hint.width() > rect.right() + 1:
                x, y, line = rect.x(), y + line + self._gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            line = max(line, hint.height())
        return y + line - rect.y()
