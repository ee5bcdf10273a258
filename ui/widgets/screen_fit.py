"""Fit the office screens: 1280 × 720 laptops (less a 40 px taskbar) and 1366 × 768, still workable at 1024 × 600.

- `fit_to_screen(widget, w, h)`: open a window at a comfortable size that the screen's free area can hold.
- `scroll_above_buttons(dialog)`: a dialog's fields in a scroll area, its buttons outside it, always in view.
- `FlowLayout`: a row of buttons that wraps onto a second line on a narrow window.

Elsewhere the pages keep to a 1024-pixel window with line-level means: a filter's combo box gets an explicit
minimum width below its comfortable one (it keeps that width when there is room and gives way, its text cut
with "…", on a narrow window), and hints, counts and titles wrap instead of widening the window.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QLayout, QScrollArea, QVBoxLayout, QWidget

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


class BodyScroll(QScrollArea):
    """A dialog's body that scrolls up and down on a short screen: as wide as its content needs (the dialog
    widens with it), as tall as it likes when there is room, and down to a few lines when there is not."""

    SHORTEST = 160  # pixels of body a dialog keeps on the shortest screen

    def __init__(self, body: QWidget):
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(body)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the body's new minimum (a longer text) reaches the dialog
        return super().eventFilter(watched, event)

    def _bar(self) -> int:
        return self.verticalScrollBar().sizeHint().width()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name): not QScrollArea's cap of 24 lines
        hint = self.widget().sizeHint()
        return QSize(hint.width() + self._bar(), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        least = self.widget().minimumSizeHint().expandedTo(self.widget().minimumSize())
        return QSize(least.width() + self._bar(), min(least.height(), self.SHORTEST))


def scroll_above_buttons(dialog: QWidget) -> BodyScroll:
    """Call when the dialog's layout is complete: everything in its top-level box layout but the last row
    (its buttons) moves into a scrolling body, so that on a short screen the fields scroll and the buttons
    stay in view. Stretch factors, the order of Tab and the field that has the focus are kept."""
    focused = dialog.focusWidget()
    outer = dialog.layout()
    body = QWidget()
    body.setObjectName("dialogBody")
    inner = QVBoxLayout(body)
    inner.setContentsMargins(0, 0, 0, 0)
    inner.setSpacing(outer.spacing())
    moved = [(outer.stretch(0), outer.takeAt(0)) for _ in range(outer.count() - 1)]
    for stretch, item in moved:
        if item.widget() is not None:
            inner.addWidget(item.widget(), stretch)
        elif item.layout() is not None:
            inner.addLayout(item.layout(), stretch)
        else:
            inner.addItem(item)
            inner.setStretch(inner.count() - 1, stretch)
    scroll = BodyScroll(body)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes through the fields, not the area
    outer.insertWidget(0, scroll, 1)
    # The buttons move too, into a foot of their own, so that they come after the fields again in the order
    # of Tab (a moved widget goes to the end of it) and the first field, not a button, has the focus.
    last = outer.takeAt(1)
    foot = QWidget()
    if last.layout() is not None:
        last.layout().setContentsMargins(0, 0, 0, 0)
        foot.setLayout(last.layout())
    else:
        row = QVBoxLayout(foot)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(last.widget())
    outer.addWidget(foot)
    if focused is not None:
        focused.setFocus()
    return scroll


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
