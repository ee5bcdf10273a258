"""Giấy khen on screen: the drawing operations of app.documents.certificate played on a QPainter, with the
same font files as the PDF, so the preview and the layout editor show what will be printed.

    label.setPixmap(QPixmap.fromImage(sheet_image(sheet(cert, layout), 900)))
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase, QImage, QPainter, QPainterPath, QPen

from app.documents.certificate import Op, Run, Sheet
from app.documents.fonts import BOLD, BOLD_ITALIC, ITALIC, font_files

_FACES: dict[str, tuple[bool, bool]] = {BOLD: (True, False), ITALIC: (False, True), BOLD_ITALIC: (True, True)}
_family: str | None = None
DOTS_PER_METRE_72DPI = round(72 / 0.0254)  # one point is one pixel before scaling


def font_family() -> str:
    """The document font's family as Qt knows it, its four files loaded into the application once."""
    global _family
    if _family is None:
        families: list[str] = []
        for path in font_files():
            font_id = QFontDatabase.addApplicationFont(str(path))
            families += QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        _family = families[0] if families else "Times New Roman"
    return _family


def qt_font(name: str, size: float, device_dpi: float = 72.0) -> QFont:
    """The Qt font of a ReportLab face and size (pt), for a device whose logical dpi is given."""
    font = QFont(font_family())
    bold, italic = _FACES.get(name, (False, False))
    font.setBold(bold)
    font.setItalic(italic)
    font.setPointSizeF(size * 72.0 / device_dpi)
    return font


def paint_ops(painter: QPainter, ops: Iterable[Op]) -> None:
    """Draw operations in the painter's coordinates (one unit = one point from the sheet's top-left)."""
    dpi = painter.device().logicalDpiY() if painter.device() is not None else 72
    fonts: dict[tuple[str, float], QFont] = {}
    for op in ops:
        if isinstance(op, Run):
            key = (op.font, op.size)
            if key not in fonts:
                fonts[key] = qt_font(op.font, op.size, dpi)
            painter.setFont(fonts[key])
            painter.setPen(QColor(op.colour))
            painter.drawText(QPointF(op.x, op.y), op.text)
            continue
        pen = QPen(QColor(op.colour), op.width)
        if op.dash:
            pen.setDashPattern([d / max(op.width, 0.1) for d in op.dash])
        painter.setPen(pen)
        painter.setBrush(QBrush(QColor(op.fill)) if op.fill else Qt.BrushStyle.NoBrush)
        path = QPainterPath(QPointF(*op.points[0]))
        for point in op.points[1:]:
            path.lineTo(QPointF(*point))
        if op.closed:
            path.closeSubpath()
        painter.drawPath(path)


def sheet_image(page: Sheet, width_px: int, background: QImage | None = None) -> QImage:
    """The page as an image `width_px` wide: white paper (or the scan of the blank), then the drawing."""
    scale = width_px / page.width
    image = QImage(width_px, max(round(page.height * scale), 1), QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(DOTS_PER_METRE_72DPI)
    image.setDotsPerMeterY(DOTS_PER_METRE_72DPI)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    if background is not None and not background.isNull():
        painter.drawImage(image.rect(), background)
    painter.scale(scale, scale)
    paint_ops(painter, page.shared)
    paint_ops(painter, page.own)
    painter.end()
    return image


# --- the scan of a blank, kept with its layout -----------------------------------------------------------

MAX_SCAN_SIDE = 1600  # px: enough to place fields by eye, small enough to keep in the database


def scan_from_base64(data: str | None) -> QImage | None:
    if not data:
        return None
    image = QImage.fromData(QByteArray.fromBase64(data.encode("ascii")))
    return None if image.isNull() else image


def scan_to_base64(image: QImage) -> str:
    """The scan shrunk to MAX_SCAN_SIDE and stored as JPEG (a phone photo of a blank is several MB)."""
    if max(image.width(), image.height()) > MAX_SCAN_SIDE:
        image = image.scaled(
            MAX_SCAN_SIDE,
            MAX_SCAN_SIDE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.convertToFormat(QImage.Format.Format_RGB32).save(buffer, "JPEG", 85)
    buffer.close()
    return bytes(data.toBase64()).decode("ascii")
