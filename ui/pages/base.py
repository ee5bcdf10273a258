"""What every page shares: a heading, a toolbar frame, a scrolling body, and reading in the background."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QToolBar, QVBoxLayout, QWidget

from ui.icons import icon
from ui.widgets.year_combo import YearCombo
from ui.workspace import Area, Workspace


class PageTitle(QLabel):
    """A page's title: on one line whenever there is room, on two rather than widening a narrow window."""

    def __init__(self, text: str):
        super().__init__(text)
        self.setWordWrap(True)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        width = self.fontMetrics().horizontalAdvance(self.text()) + 2 * self.margin() + 4
        return QSize(width, self.heightForWidth(width))

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.updateGeometry()  # the layout read the hint before the style sheet's larger font was applied
        super().showEvent(event)


class Page(QWidget):
    TITLE = ""
    ICON = ""
    AREAS: frozenset[Area] = frozenset()  # what the page shows: a write to any of them refreshes it

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.setObjectName(f"page_{self.ICON}")
        self.stale = False
        workspace.changed.connect(self._workspace_changed)
        workspace.year_changed.connect(self.working_year_changed)

    def activated(self) -> None:
        """Called every time the page comes to the front."""
        if self.stale:
            self.stale = False
            self.refresh()

    def refresh(self) -> None:
        """Read again what the page shows (after a write to one of its AREAS)."""

    def working_year_changed(self, year: int) -> None:
        """The clerk chose another working year in the status bar: a page that shows a year turns to it."""

    def _workspace_changed(self, areas: frozenset[Area]) -> None:
        if not areas & self.AREAS:
            return
        if self.isVisible():
            self.refresh()
        else:  # read when the clerk comes back to it, not for every write elsewhere
            self.stale = True

    def scrolling_body(self) -> QVBoxLayout:
        """The page's layout inside a scroll area: a small screen scrolls instead of squeezing."""
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        body.setObjectName("pageBody")
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        return QVBoxLayout(body)

    def toolbar_frame(self, subtitle: str = "") -> tuple[QVBoxLayout, QToolBar]:
        """The frame of a working page: its heading (and subtitle), then a text-only toolbar; the page
        adds its actions to the toolbar and its content under it, and may add controls (a year) to the
        right of the title in `self.heading_row`."""
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 18, 24, 12)
        outer.setSpacing(8)
        row, sub = self.heading(subtitle)
        self.heading_row = row
        outer.addLayout(row)
        if subtitle:
            outer.addWidget(sub)
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return outer, self.toolbar

    def heading(self, subtitle: str = "") -> tuple[QHBoxLayout, QLabel]:
        row = QHBoxLayout()
        row.setSpacing(10)
        if self.ICON:
            pic = QLabel()
            pic.setPixmap(icon(self.ICON).pixmap(QSize(30, 30)))
            row.addWidget(pic, 0, Qt.AlignmentFlag.AlignVCenter)
        title = PageTitle(self.TITLE)
        title.setObjectName("pageTitle")
        row.addWidget(title, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addStretch(1)
        sub = QLabel(subtitle)
        sub.setObjectName("pageSubtitle")
        sub.setWordWrap(True)
        return row, sub


class LoadedPage(Page):
    """A page that reads its data in the background: `self._loader` (ui.jobs.Loader) and `self.view_data`,
    None until the first answer. It reads when first shown, and again when the clerk picks another year."""

    view_data = None
    _loader = None  # set by the page's constructor

    def activated(self) -> None:
        if self.view_data is None and not self._loader.busy:
            self.stale = False
            self.reload()
        else:
            super().activated()

    def refresh(self) -> None:
        self.reload()

    def reload(self) -> None:
        self._loader.request(*self.load_args())

    def load_args(self) -> tuple:
        """The arguments of the page's read, taken from its widgets here, on the GUI thread."""
        return ()

    def page_year(self) -> int:
        """The year to read: the one the page's year combo shows, else (first read, or the working year just
        changed) the working year."""
        combo = getattr(self, "year_combo", None)
        year = combo.year() if isinstance(combo, YearCombo) else None
        return self.workspace.year if year is None else year

    def working_year_changed(self, year: int) -> None:
        combo = getattr(self, "year_combo", None)
        if isinstance(combo, YearCombo):
            combo.set_years([year], year)  # the read brings the other years back
        if self.view_data is None and not self._loader.busy:
            return  # not read yet: its first read takes the working year
        if self.isVisible():
            self.reload()
        else:
            self.stale = True

    def _year_chosen(self, _year: int) -> None:
        """The clerk picked another year in the page's year combo (load_args reads it)."""
        self.reload()
