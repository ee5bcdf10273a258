"""What every page shares: a heading, and for areas still to come, the real figures they will hold."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QToolBar, QVBoxLayout, QWidget

from app.services.overview import Overview
from ui.icons import icon
from ui.workspace import Workspace


class Page(QWidget):
    TITLE = ""
    ICON = ""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.setObjectName(f"page_{self.ICON}")

    def activated(self) -> None:
        """Called every time the page comes to the front."""

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
        adds its actions to the toolbar and its content under it."""
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 18, 24, 12)
        outer.setSpacing(8)
        row, sub = self.heading(subtitle)
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
        title = QLabel(self.TITLE)
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
    _year: int | None = None

    def activated(self) -> None:
        if self.view_data is None and not self._loader.busy:
            self.reload()

    def reload(self) -> None:
        self._loader.request()

    def _year_chosen(self, year: int) -> None:
        self._year = year
        self._loader.request()


class AreaPage(Page):
    """An area whose screens come later: what it will hold, and what the database holds already."""

    DESCRIPTION = ""

    def facts(self, overview: Overview) -> list[str]:
        raise NotImplementedError

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(workspace, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(12)
        row, sub = self.heading(self.DESCRIPTION)
        layout.addLayout(row)
        layout.addWidget(sub)

        card = QFrame()
        card.setObjectName("card")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(18, 14, 18, 14)
        caption = QLabel("Dữ liệu hiện có")
        caption.setObjectName("cardCaption")
        inner.addWidget(caption)
        self.fact_labels: list[QLabel] = []
        self._facts_box = inner
        self.status = QLabel("Đang đếm…")
        self.status.setObjectName("muted")
        inner.addWidget(self.status)
        layout.addWidget(card)
        layout.addStretch(1)

        workspace.overview_changed.connect(self.show_overview)
        workspace.overview_failed.connect(self.status.setText)
        if workspace.overview is not None:
            self.show_overview(workspace.overview)

    def activated(self) -> None:
        self.workspace.refresh_overview()

    def show_overview(self, overview: Overview) -> None:
        lines = self.facts(overview)
        while len(self.fact_labels) < len(lines):
            label = QLabel()
            label.setObjectName("areaFact")
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._facts_box.insertWidget(len(self.fact_labels) + 1, label)
            self.fact_labels.append(label)
        for label, text in zip(self.fact_labels, lines + [""] * len(self.fact_labels), strict=False):
            label.setText(text)
            label.setVisible(bool(text))
        self.status.hide()

    def fact_texts(self) -> list[str]:
        return [label.text() for label in self.fact_labels if label.text()]
