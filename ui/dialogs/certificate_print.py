"""In giấy khen: every certificate of the selected decision into one PDF, on plain paper in the full design
or onto pre-printed blanks with a saved layout; a preview of the first one; "Thiết kế phôi…" opens the
layout editor.

The certificates and the layouts are read in the background; the PDF is written off the GUI thread
(save_pdf_and_open) and opened in the reader, to be printed from there at actual size.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.documents.certificate import BlankLayout, CertificateData, sheet
from app.services.awards import DecisionSummary
from app.services.certificates import (
    certificates_for_decision,
    delete_layout,
    list_layouts,
    print_certificates,
    save_layout,
)
from ui import settings as pc_settings
from ui.dialogs.certificate_preview import scan_from_base64, sheet_image
from ui.format import number
from ui.jobs import Loader
from ui.operations import WriteOp, error_text
from ui.permissions import allow
from ui.widgets.actions import open_window_modal
from ui.widgets.pdf_output import PdfJob, save_pdf_and_open
from ui.widgets.scaled_image import ScaledImage
from ui.widgets.screen_fit import fit_to_screen, scroll_above_buttons
from ui.workspace import Area

FULL_DESIGN = "Mẫu đầy đủ (giấy trắng)"
PREVIEW_WIDTH = 640  # px


class CertificatePrintDialog(QDialog):
    """Print the Giấy khen of one decision; `loaded` fires once its certificates are read (tests wait)."""

    loaded = Signal()

    def __init__(self, workspace, decision: DecisionSummary, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace, self.decision = workspace, decision
        self.setWindowTitle(f"In giấy khen – Quyết định số {decision.number_text or ''}")
        self.certificates: list[CertificateData] | None = None
        self.layouts: list[BlankLayout] = []
        self.editor: QDialog | None = None
        self.last_job: PdfJob | None = None
        self._wanted_layout: str | None = pc_settings.read(pc_settings.LAST_CERTIFICATE_LAYOUT) or None

        outer = QVBoxLayout(self)
        self.title_label = QLabel(f"Quyết định số {decision.number_text or ''}: {decision.subject}")
        self.title_label.setWordWrap(True)
        self.title_label.setObjectName("sectionTitle")
        outer.addWidget(self.title_label)
        form = QFormLayout()
        self.award_combo = QComboBox()
        self.award_combo.setToolTip("In riêng từng loại khen thưởng của quyết định (mỗi loại một loại phôi)")
        self.award_combo.currentIndexChanged.connect(self.refresh)
        form.addRow("Khen thưởng", self.award_combo)
        design = QHBoxLayout()
        self.layout_combo = QComboBox()
        self.layout_combo.setMinimumContentsLength(28)
        self.layout_combo.currentIndexChanged.connect(self._layout_chosen)
        design.addWidget(self.layout_combo, 1)
        self.design_button = QPushButton("Thiết kế phôi…")
        self.design_button.setToolTip(
            "Đặt vị trí từng ô trên ảnh quét phôi giấy khen, in thử và lưu thành mẫu"
        )
        self.design_button.clicked.connect(self.open_editor)
        design.addWidget(self.design_button)
        self.delete_button = QPushButton("Xóa mẫu")
        self.delete_button.clicked.connect(self.delete_current_layout)
        design.addWidget(self.delete_button)
        allow(workspace, save_layout, self.design_button)  # the office's blanks are the desk's
        allow(workspace, delete_layout, self.delete_button)
        form.addRow("Mẫu in", design)
        outer.addLayout(form)

        self.preview = ScaledImage("Đang đọc danh sách khen thưởng…")  # shrinks: never under the text below
        self.preview.setAccessibleName("Xem trước giấy khen đầu tiên")
        outer.addWidget(self.preview, 1)
        self.count_label = QLabel("")
        self.count_label.setWordWrap(True)
        outer.addWidget(self.count_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.print_button = QPushButton("In ra PDF…")
        self.print_button.setDefault(True)
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self.print_all)
        close = QPushButton("Đóng")
        close.clicked.connect(self.reject)
        buttons.addWidget(self.print_button)
        buttons.addWidget(close)
        outer.addLayout(buttons)
        scroll_above_buttons(self)  # a short screen scrolls the fields; the buttons stay in view
        fit_to_screen(self, PREVIEW_WIDTH + 40, round(PREVIEW_WIDTH * 210 / 297) + 230)  # the preview whole

        ctx, decision_id = workspace.ctx, decision.id
        self._loader = Loader(lambda: (certificates_for_decision(ctx, decision_id), list_layouts(ctx)), self)
        self._loader.loaded.connect(self.show_data)
        self._loader.failed.connect(self._failed)
        self._layouts_loader = Loader(lambda: list_layouts(ctx), self)
        self._layouts_loader.loaded.connect(self._layouts_read)
        self._loader.request()

    @property
    def busy(self) -> bool:
        return self._loader.busy or self._layouts_loader.busy

    # --- what there is to print --------------------------------------------------------------------
    def show_data(self, _args: tuple, data) -> None:
        self.certificates, layouts = data
        kinds = Counter((c.award_code, c.award_title) for c in self.certificates)
        self.award_combo.blockSignals(True)
        self.award_combo.clear()
        self.award_combo.addItem(f"Tất cả ({number(len(self.certificates))})", None)
        for (code, name), count in kinds.items():
            self.award_combo.addItem(f"{name} ({number(count)})", code)
        self.award_combo.blockSignals(False)
        self.award_combo.setEnabled(len(kinds) > 1)
        self.show_layouts(layouts)
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.preview.setText(f"Không đọc được khen thưởng của quyết định: {exc}")
        self.loaded.emit()

    def _layouts_read(self, _args: tuple, layouts: list[BlankLayout]) -> None:
        self.show_layouts(layouts)

    def show_layouts(self, layouts: list[BlankLayout]) -> None:
        wanted = self._wanted_layout if self._wanted_layout is not None else self.layout_combo.currentData()
        self.layouts = layouts
        self.layout_combo.blockSignals(True)
        self.layout_combo.clear()
        self.layout_combo.addItem(FULL_DESIGN, None)
        for layout in layouts:
            self.layout_combo.addItem(f"Phôi: {layout.name}", layout.name)
        self.layout_combo.setCurrentIndex(max(self.layout_combo.findData(wanted), 0) if wanted else 0)
        self.layout_combo.blockSignals(False)
        self._wanted_layout = None
        self.refresh()

    def chosen_certificates(self) -> list[CertificateData]:
        code = self.award_combo.currentData()
        return [c for c in self.certificates or () if code is None or c.award_code == code]

    def chosen_layout(self) -> BlankLayout | None:
        name = self.layout_combo.currentData()
        return next((x for x in self.layouts if x.name == name), None)

    def _layout_chosen(self, *_args) -> None:
        pc_settings.write(pc_settings.LAST_CERTIFICATE_LAYOUT, self.layout_combo.currentData() or "")
        self.refresh()

    def refresh(self, *_args) -> None:
        certs, layout = self.chosen_certificates(), self.chosen_layout()
        self.delete_button.setEnabled(layout is not None)
        self.print_button.setEnabled(bool(certs))
        if self.certificates is None:
            return
        if not certs:
            self.preview.set_image(None)
            self.preview.setText("Quyết định này không còn khen thưởng nào để in giấy khen.")
            self.count_label.setText("")
            return
        background = scan_from_base64(layout.background) if layout else None
        self.preview.set_image(
            QPixmap.fromImage(sheet_image(sheet(certs[0], layout), PREVIEW_WIDTH, background))
        )
        paper = "giấy trắng khổ A4 ngang" if layout is None else f"phôi “{layout.name}” ({layout.page})"
        self.count_label.setText(
            f"Sẽ in {number(len(certs))} giấy khen vào một tệp PDF, mỗi giấy một trang, "
            f"lên {paper}. Khi in, chọn “Kích thước thực” (Actual size) để đúng vị trí."
            + (" Ảnh phôi ở trên chỉ để xem, không được in ra." if background else "")
        )

    # --- print, design, delete ---------------------------------------------------------------------
    def print_all(self) -> PdfJob | None:
        certs, layout = self.chosen_certificates(), self.chosen_layout()
        if not certs:
            return None
        name = f"Giấy khen {self.decision.number_text or ''}".replace("/", "-")
        title = f"Giấy khen – Quyết định số {self.decision.number_text or ''}"
        ctx, decision_id, numbered = self.workspace.ctx, self.decision.id, self.decision.number_text or ""
        self.last_job = save_pdf_and_open(
            self,
            name,
            lambda path: print_certificates(ctx, decision_id, numbered, certs, layout, path, title=title),
        )
        return self.last_job

    def open_editor(self) -> QDialog:
        from ui.dialogs.certificate_layout import LayoutEditorDialog

        certs = self.chosen_certificates()
        editor = LayoutEditorDialog(
            self.workspace,
            self.chosen_layout(),
            certs[0] if certs else None,
            [x.name for x in self.layouts],
            self,
        )
        editor.saved.connect(self._layout_saved)
        self.editor = editor
        editor.finished.connect(lambda _code: setattr(self, "editor", None))
        return open_window_modal(editor)

    def _layout_saved(self, layout: BlankLayout) -> None:
        self._wanted_layout = layout.name
        self._layouts_loader.request()

    def delete_current_layout(self) -> WriteOp | None:
        layout = self.chosen_layout()
        if layout is None:
            return None
        answer = QMessageBox.question(
            self, "Xóa mẫu phôi", f"Xóa mẫu phôi “{layout.name}”? Các giấy khen đã in không bị ảnh hưởng."
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        self.delete_button.setEnabled(False)
        op = WriteOp(
            self.workspace, self, "Đang xóa mẫu phôi…", delete_layout, layout.name, areas={Area.SETTINGS}
        )
        return op.success(self._layout_deleted).failure(self._not_deleted).run()

    def _layout_deleted(self, _result) -> None:
        self._wanted_layout = ""
        self._layouts_loader.request()

    def _not_deleted(self, exc: BaseException) -> None:
        QMessageBox.warning(self, "Không xóa được mẫu phôi", error_text(exc, "Chưa xóa được mẫu phôi"))
        self._layout_deleted(None)
