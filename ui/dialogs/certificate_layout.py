"""Thiết kế phôi: the clerk loads a scan or photo of a pre-printed blank, drags each field of the Giấy khen
to its place on it, sets its size, prints a test page to hold against the blank, and saves the layout
under a name (app.services.certificates.save_layout, a write on the writer thread).

The scene is in points from the sheet's top-left corner; a field item sits at its anchor (the first
baseline's left end, centre or right end) and draws its text with the renderer's own fitting, so a long
name shrinks here exactly as it will on paper.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.documents.certificate import (
    ALIGNS,
    FIELDS,
    PAGE_SIZES,
    PT_PER_MM,
    SAMPLE,
    BlankLayout,
    CertificateData,
    FieldSpec,
    default_layout,
    fit,
    render_certificates,
)
from app.services.certificates import save_layout
from ui import file_dialogs
from ui.dialogs.certificate_preview import paint_ops, qt_font, scan_from_base64, scan_to_base64
from ui.operations import WriteOp, error_text
from ui.widgets.pdf_output import PdfJob, save_pdf_and_open
from ui.widgets.screen_fit import fit_to_screen, scroll_above_buttons
from ui.workspace import Area

ALIGN_LABELS = {"left": "Trái", "centre": "Giữa", "right": "Phải"}
STYLE_LABELS = {"regular": "Thường", "bold": "Đậm", "italic": "Nghiêng", "bold_italic": "Đậm nghiêng"}
SELECTED = QColor("#1565c0")
IDLE = QColor("#8a8a8a")
ROOM = QColor(255, 236, 140, 70)  # the field's room, faint over the scan


class FieldItem(QGraphicsItem):
    """One field on the blank: its room, a cross on its anchor, its name, and the sample text fitted in."""

    def __init__(self, key: str, label: str, spec: FieldSpec, text: str, moved: Callable[[str], None]):
        super().__init__()
        self.key, self.label, self.text, self.moved = key, label, text, moved
        self.spec = spec
        self._runs: tuple = ()
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )
        self.setCursor(Qt.CursorShape.SizeAllCursor)
        self.setToolTip(f"{label}: kéo để đặt vào chỗ trên phôi")
        self.set_spec(spec)

    def set_spec(self, spec: FieldSpec) -> None:
        self.prepareGeometryChange()
        self.spec = spec
        # Laid out at the origin: the item's position is the anchor.
        self._runs = fit(self.text, replace(spec, x=0.0, y=0.0))
        if self.pos() != QPointF(spec.x * PT_PER_MM, spec.y * PT_PER_MM):
            self.setPos(spec.x * PT_PER_MM, spec.y * PT_PER_MM)
        self.update()

    def anchored_spec(self) -> FieldSpec:
        """The spec with the position the clerk dragged it to (mm, to a tenth)."""
        return replace(
            self.spec, x=round(self.pos().x() / PT_PER_MM, 1), y=round(self.pos().y() / PT_PER_MM, 1)
        )

    def room(self) -> QRectF:
        left, top, width, height = replace(self.spec, x=0.0, y=0.0).box()
        return QRectF(left * PT_PER_MM, top * PT_PER_MM, width * PT_PER_MM, height * PT_PER_MM)

    def boundingRect(self) -> QRectF:
        return self.room().adjusted(-6, -12, 6, 6)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        colour = SELECTED if self.isSelected() else IDLE
        room = self.room()
        painter.setBrush(QBrush(ROOM))
        painter.setPen(QPen(colour, 1.2 if self.isSelected() else 0.6, Qt.PenStyle.DashLine))
        painter.drawRect(room)
        painter.setPen(QPen(colour, 0.8))
        painter.drawLine(QPointF(-5, 0), QPointF(5, 0))
        painter.drawLine(QPointF(0, -5), QPointF(0, 5))
        dpi = painter.device().logicalDpiY() if painter.device() is not None else 72
        painter.setFont(qt_font("TNR", 7, dpi))
        painter.drawText(QPointF(room.left() + 1, room.top() - 2), self.label)
        paint_ops(painter, self._runs)

    def itemChange(self, change, value):
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionChange and self.scene() is not None:
            page = self.scene().sceneRect()  # the anchor stays on the sheet
            return QPointF(
                min(max(value.x(), page.left()), page.right()), min(max(value.y(), page.top()), page.bottom())
            )
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            self.moved(self.key)
        return super().itemChange(change, value)


class SheetView(QGraphicsView):
    """The blank, always shown whole."""

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)


def _spin(low: float, high: float, suffix: str, decimals: int = 1, step: float = 0.5) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(decimals)
    box.setSingleStep(step)
    box.setSuffix(suffix)
    box.setKeyboardTracking(False)
    return box


class LayoutEditorDialog(QDialog):
    """Design a blank layout; `saved` carries the layout once it is in the database."""

    saved = Signal(object)

    def __init__(
        self,
        workspace,
        layout: BlankLayout | None = None,
        sample: CertificateData | None = None,
        existing: Sequence[str] = (),
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Thiết kế phôi giấy khen")
        self.workspace = workspace
        self.sample = sample or SAMPLE
        self.existing = set(existing)
        self.saved_name: str | None = layout.name if layout else None
        self.layout_ = layout or default_layout("")
        self.items: dict[str, FieldItem] = {}
        self.scan: QImage | None = scan_from_base64(self.layout_.background)
        self.last_job: PdfJob | None = None
        self._syncing = False

        self.scene = QGraphicsScene(self)
        self.scene.selectionChanged.connect(self._scene_selection)
        self.view = SheetView(self.scene)
        self.view.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.view.setBackgroundBrush(QBrush(QColor("#d9d9d9")))
        self.view.setAccessibleName("Phôi giấy khen: kéo các ô vào đúng chỗ")

        panel = QVBoxLayout()
        form = QFormLayout()
        self.name_edit = QLineEdit(self.layout_.name)
        self.name_edit.setPlaceholderText("Ví dụ: Phôi A4 ngang mua năm 2025")
        self.name_edit.setMaxLength(50)
        form.addRow("Tên mẫu phôi", self.name_edit)
        self.page_combo = QComboBox()
        self.page_combo.addItems(list(PAGE_SIZES))
        self.page_combo.setCurrentText(self.layout_.page if self.layout_.page in PAGE_SIZES else "A4 ngang")
        self.page_combo.currentTextChanged.connect(self.change_page)
        form.addRow("Khổ giấy", self.page_combo)
        scans = QHBoxLayout()
        self.scan_button = QPushButton("Chọn ảnh phôi…")
        self.scan_button.setToolTip("Ảnh quét hoặc ảnh chụp phôi giấy khen (PNG, JPG) làm nền để đặt các ô")
        self.scan_button.clicked.connect(self.choose_scan)
        self.clear_scan_button = QPushButton("Bỏ ảnh")
        self.clear_scan_button.clicked.connect(lambda: self.set_scan(None, None))
        scans.addWidget(self.scan_button)
        scans.addWidget(self.clear_scan_button)
        form.addRow(scans)
        panel.addLayout(form)

        fields_box = QGroupBox("Ô dữ liệu")
        fields_layout = QVBoxLayout(fields_box)
        self.field_list = QListWidget()
        for _key, label in FIELDS:
            self.field_list.addItem(label)
        self.field_list.setMaximumHeight(self.field_list.sizeHintForRow(0) * (len(FIELDS) + 1))
        self.field_list.currentRowChanged.connect(self._list_selection)
        fields_layout.addWidget(self.field_list)
        spec_form = QFormLayout()
        self.x_box = _spin(-50, 500, " mm")
        self.y_box = _spin(-50, 500, " mm")
        self.size_box = _spin(6, 72, " pt")
        self.width_box = _spin(10, 450, " mm", step=5)
        self.align_combo = QComboBox()
        for align in ALIGNS:
            self.align_combo.addItem(ALIGN_LABELS[align], align)
        self.style_combo = QComboBox()
        for style, label in STYLE_LABELS.items():
            self.style_combo.addItem(label, style)
        self.lines_box = QSpinBox()
        self.lines_box.setRange(1, 4)
        for label, widget in (
            ("Ngang (từ mép trái)", self.x_box),
            ("Dọc (chân dòng chữ)", self.y_box),
            ("Cỡ chữ", self.size_box),
            ("Rộng tối đa", self.width_box),
            ("Căn lề", self.align_combo),
            ("Kiểu chữ", self.style_combo),
            ("Số dòng tối đa", self.lines_box),
        ):
            spec_form.addRow(label, widget)
        fields_layout.addLayout(spec_form)
        for box in (self.x_box, self.y_box, self.size_box, self.width_box):
            box.valueChanged.connect(self._spec_edited)
        for combo in (self.align_combo, self.style_combo):
            combo.currentIndexChanged.connect(self._spec_edited)
        self.lines_box.valueChanged.connect(self._spec_edited)
        panel.addWidget(fields_box)

        printer_box = QGroupBox("Căn chỉnh theo máy in")
        printer_form = QFormLayout(printer_box)
        self.offset_x_box = _spin(-30, 30, " mm", step=0.5)
        self.offset_y_box = _spin(-30, 30, " mm", step=0.5)
        self.offset_x_box.setValue(self.layout_.offset_x)
        self.offset_y_box.setValue(self.layout_.offset_y)
        self.offset_x_box.setToolTip("Số dương dịch mọi ô sang phải, số âm sang trái")
        self.offset_y_box.setToolTip("Số dương dịch mọi ô xuống dưới, số âm lên trên")
        printer_form.addRow("Dịch ngang", self.offset_x_box)
        printer_form.addRow("Dịch dọc", self.offset_y_box)
        panel.addWidget(printer_box)
        self.frames_check = QCheckBox("In thử kèm khung từng ô")
        self.frames_check.setChecked(True)
        panel.addWidget(self.frames_check)
        self.status = QLabel(
            "Kéo từng ô vào đúng chỗ trên ảnh phôi, rồi “In thử” lên giấy trắng và áp vào phôi."
        )
        self.status.setWordWrap(True)
        self.status.setObjectName("muted")
        panel.addWidget(self.status)
        panel.addStretch(1)
        buttons = QHBoxLayout()
        self.test_button = QPushButton("In thử…")
        self.test_button.setToolTip("In một trang với các ô ở đúng vị trí để áp vào phôi kiểm tra")
        self.test_button.clicked.connect(self.test_print)
        self.save_button = QPushButton("Lưu")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        close = QPushButton("Đóng")
        close.clicked.connect(self.reject)
        for button in (self.test_button, self.save_button, close):
            buttons.addWidget(button)
        panel.addLayout(buttons)

        side = QWidget()
        side.setLayout(panel)
        scroll_above_buttons(side)  # a short screen scrolls the settings; Lưu and Đóng stay in view
        side.setFixedWidth(340)
        outer = QHBoxLayout(self)
        outer.addWidget(self.view, 1)
        outer.addWidget(side)
        self.build_scene()
        self.field_list.setCurrentRow(0)
        fit_to_screen(self, 1280, 800)

    # --- the scene ---------------------------------------------------------------------------------
    def build_scene(self) -> None:
        self.scene.blockSignals(True)
        self.scene.clear()
        self.items = {}
        width, height = self.layout_.width * PT_PER_MM, self.layout_.height * PT_PER_MM
        self.scene.setSceneRect(0, 0, width, height)
        self.scene.addRect(QRectF(0, 0, width, height), QPen(QColor("#606060"), 0.8), QBrush(QColor("white")))
        if self.scan is not None:
            picture = QGraphicsPixmapItem(QPixmap.fromImage(self.scan))
            picture.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
            # The scan is of the whole blank: stretched over the sheet.
            picture.setTransform(
                picture.transform().scale(width / self.scan.width(), height / self.scan.height())
            )
            self.scene.addItem(picture)
        for key, label in FIELDS:
            item = FieldItem(key, label, self.layout_.fields[key], self.sample.text(key), self._moved)
            self.scene.addItem(item)
            self.items[key] = item
        self.scene.blockSignals(False)
        self.view.fitInView(self.scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self.clear_scan_button.setEnabled(self.scan is not None)
        row = self.field_list.currentRow()
        if row >= 0:
            self._list_selection(row)

    def current_layout(self) -> BlankLayout:
        """The layout as the clerk has it on screen."""
        return replace(
            self.layout_,
            name=self.name_edit.text().strip(),
            fields={k: item.anchored_spec() for k, item in self.items.items()},
            offset_x=self.offset_x_box.value(),
            offset_y=self.offset_y_box.value(),
        )

    def change_page(self, page: str) -> None:
        self.layout_ = self.current_layout().sized(page)
        self.build_scene()

    def current_key(self) -> str | None:
        row = self.field_list.currentRow()
        return FIELDS[row][0] if 0 <= row < len(FIELDS) else None

    def _list_selection(self, row: int) -> None:
        key = self.current_key()
        if key is None or key not in self.items:
            return
        self._syncing = True
        self.scene.clearSelection()
        self.items[key].setSelected(True)
        self._syncing = False
        self._show_spec(key)

    def _scene_selection(self) -> None:
        if self._syncing:
            return
        chosen = [k for k, item in self.items.items() if item.isSelected()]
        if chosen:
            self.field_list.setCurrentRow([k for k, _ in FIELDS].index(chosen[0]))

    def _show_spec(self, key: str) -> None:
        spec = self.items[key].anchored_spec()
        self._syncing = True
        self.x_box.setValue(spec.x)
        self.y_box.setValue(spec.y)
        self.size_box.setValue(spec.size)
        self.width_box.setValue(spec.max_width)
        self.align_combo.setCurrentIndex(max(self.align_combo.findData(spec.align), 0))
        self.style_combo.setCurrentIndex(max(self.style_combo.findData(spec.style), 0))
        self.lines_box.setValue(spec.lines)
        self._syncing = False

    def _moved(self, key: str) -> None:
        if key == self.current_key() and key in self.items and not self._syncing:
            self._show_spec(key)

    def _spec_edited(self, *_args) -> None:
        key = self.current_key()
        if self._syncing or key is None:
            return
        item = self.items[key]
        self._syncing = True
        item.set_spec(
            replace(
                item.spec,
                x=self.x_box.value(),
                y=self.y_box.value(),
                size=self.size_box.value(),
                max_width=self.width_box.value(),
                align=self.align_combo.currentData(),
                style=self.style_combo.currentData(),
                lines=self.lines_box.value(),
            )
        )
        self._syncing = False

    # --- the scan ----------------------------------------------------------------------------------
    def choose_scan(self) -> None:
        chosen, _ = file_dialogs.open_file_name(
            self, "Chọn ảnh quét hoặc ảnh chụp phôi giấy khen", "", "Ảnh (*.png *.jpg *.jpeg)"
        )
        if chosen:
            self.load_scan(Path(chosen))

    def load_scan(self, path: Path) -> bool:
        image = QImage(str(path))
        if image.isNull():
            QMessageBox.warning(
                self,
                "Không mở được ảnh",
                f"Không đọc được ảnh “{path.name}”. Hãy chọn tệp PNG hoặc JPG chụp/quét phôi giấy khen.",
            )
            return False
        self.set_scan(image, str(path))
        return True

    def set_scan(self, image: QImage | None, path: str | None) -> None:
        data = scan_to_base64(image) if image is not None else None
        self.layout_ = replace(self.current_layout(), background=data, background_path=path)
        self.scan = scan_from_base64(data)
        self.build_scene()

    # --- test print and save -----------------------------------------------------------------------
    def test_print(self) -> PdfJob | None:
        layout, sample, frames = self.current_layout(), self.sample, self.frames_check.isChecked()
        name = f"In thử {layout.name or 'phôi giấy khen'}"
        self.last_job = save_pdf_and_open(
            self,
            name,
            lambda path: render_certificates([sample], layout, path, frames=frames, title="In thử giấy khen"),
        )
        return self.last_job

    def save(self) -> WriteOp | None:
        """Save the layout on the writer thread; `saved` fires once it is stored. None when the clerk
        declines to replace a layout of the same name, or a save is still running."""
        if not self.save_button.isEnabled():
            return None
        layout = self.current_layout()
        name = layout.name
        if name and name != self.saved_name and name in self.existing:
            answer = QMessageBox.question(
                self, "Ghi đè mẫu phôi", f"Đã có mẫu phôi “{name}”. Thay bằng mẫu này?"
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        self.save_button.setEnabled(False)
        op = WriteOp(
            self.workspace,
            self,
            "Đang lưu mẫu phôi…",
            save_layout,
            layout,
            self.saved_name,
            areas={Area.SETTINGS},
        )
        return op.success(self._stored).failure(self._not_stored).run()

    def _not_stored(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        QMessageBox.warning(self, "Chưa lưu được mẫu phôi", error_text(exc, "Chưa lưu được mẫu phôi"))

    def _stored(self, stored: BlankLayout) -> None:
        self.save_button.setEnabled(True)
        if self.saved_name and self.saved_name != stored.name:
            self.existing.discard(self.saved_name)
        self.saved_name = stored.name
        self.existing.add(stored.name)
        self.layout_ = stored
        self.name_edit.setText(stored.name)
        self.status.setText(f"Đã lưu mẫu phôi “{stored.name}”.")
        self.saved.emit(stored)
