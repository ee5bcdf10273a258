"""A document seen inside the program before it goes out (QtPdf), and printed through the system's dialog.

show_preview(parent, path, "Công văn số 05/SYT-VP")     # a window beside the page
print_pdf(parent, path)                                # the print dialog, then every page at 300 dpi
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QPoint, QRect, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.widgets.screen_fit import fit_to_screen

PRINT_DPI = 300  # sharp on paper; a page image stays about 35 MB instead of 500 at 1200 dpi


def load_pdf(path: Path, parent=None) -> QPdfDocument:
    document = QPdfDocument(parent)
    document.load(str(path))
    return document


def print_pdf(parent: QWidget | None, path: Path, printer: QPrinter | None = None) -> bool:
    """Ask for the printer (the clerk's usual dialog), then print every page at its real size.
    Returns False when the clerk cancels or the file cannot be read."""
    document = load_pdf(path)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
        return False
    printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setResolution(PRINT_DPI)
    printer.setDocName(path.stem)
    printer.setFromTo(1, document.pageCount())
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("In văn bản")
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    shiboken6.delete(dialog)  # now, while the printer it points at still exists
    if not accepted:
        return False
    first, last = (printer.fromPage(), printer.toPage()) if printer.fromPage() else (1, document.pageCount())
    painter = QPainter(printer)
    try:
        for number in range(first, last + 1):
            if number > first:
                printer.newPage()
            area = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
            points = document.pagePointSize(number - 1)
            # the page at its size in points, in the printer's pixels: 100%, never "fit to page"
            size = QSize(
                round(points.width() / 72 * printer.resolution()),
                round(points.height() / 72 * printer.resolution()),
            )
            image = document.render(number - 1, size)
            painter.drawImage(QRect(QPoint(0, 0), size).translated(-area.topLeft()), image)
    finally:
        painter.end()
    return True


class PdfPreview(QDialog):
    """The rendered document, page after page, with Print and Open-in-reader beside it."""

    def __init__(self, path: Path, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.path = path
        self.setWindowTitle(f"Xem trước – {title}")
        self.document = load_pdf(path, self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.pages = QLabel(f"{self.document.pageCount()} trang")
        self.print_button = QPushButton("In…")
        self.print_button.setShortcut("Ctrl+P")
        self.print_button.setToolTip("In bằng máy in của máy tính (Ctrl+P)")
        self.print_button.clicked.connect(lambda: print_pdf(self, self.path))
        self.reader_button = QPushButton("Mở bằng trình xem PDF")
        self.reader_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))
        )
        fit_page = QPushButton("Vừa trang")
        fit_page.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitInView))
        fit_width = QPushButton("Vừa chiều ngang")
        fit_width.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        close = QPushButton("Đóng")
        close.clicked.connect(self.close)

        bar = QHBoxLayout()
        for widget in (self.print_button, self.reader_button, fit_page, fit_width):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.pages)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        fit_to_screen(self, 900, 1000)


def show_preview(parent: QWidget | None, path: Path, title: str) -> PdfPreview:
    preview = PdfPreview(path, title, parent)
    preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    preview.show()
    return preview
