"""The register's own entries, each one write: "Đặt số tiếp theo…" (where a series goes on in a year, with the
reason: a clerk who starts in the middle of a year) and "Vào sổ văn bản ban hành ngoài chương trình…" (a document
issued by hand or by the office's document system, entered with its number so that the series stays whole).

What the register gives next is read in the background (a Loader bound to the year chosen) and shown beside
the number, so the clerk sees what the series stands at before setting it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QSpinBox, QWidget

from app.domain.register import document_symbol, number_text
from app.errors import ValidationError
from app.services.register import (
    MAX_NUMBER,
    ExternalDocument,
    next_numbers,
    read_scan,
    record_external_document,
    series_label,
    set_next_number,
)
from database.enums import DocumentKind
from ui import file_dialogs
from ui.jobs import Loader
from ui.operations import WriteOp
from ui.widgets.form_dialog import FormDialog, add_hint, date_edit, date_value, line
from ui.widgets.year_combo import year_spin
from ui.workspace import Area

SCAN_FILTER = "Bản quét (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;Mọi tệp (*)"
DEFAULT_UNIT_CODE = "VP"


def number_spin(value: int = 1) -> QSpinBox:
    box = QSpinBox()
    box.setRange(1, MAX_NUMBER)
    box.setValue(value)
    box.setFixedWidth(box.fontMetrics().horizontalAdvance("000000") + 44)
    return box


class ScanPicker(QWidget):
    """A scan chosen from disk (PDF, image): the file's name shown, read when the form is saved."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.button = QPushButton("Chọn tệp…")
        self.button.clicked.connect(self.choose)
        self.clear_button = QPushButton("Bỏ")
        self.clear_button.clicked.connect(lambda: self.set_path(None))
        self.label = QLabel()
        self.label.setObjectName("muted")
        row.addWidget(self.button)
        row.addWidget(self.clear_button)
        row.addWidget(self.label, 1)
        self.path: Path | None = None
        self.empty_text = "Chưa chọn (không bắt buộc)"
        self.set_path(None)

    def choose(self) -> None:
        chosen, _ = file_dialogs.open_file_name(self, "Chọn bản quét văn bản", "", SCAN_FILTER)
        if chosen:
            self.set_path(Path(chosen))

    def set_path(self, path: Path | None) -> None:
        self.path = path
        self.label.setText(path.name if path else self.empty_text)
        self.clear_button.setVisible(path is not None)

    def scan(self) -> tuple[str | None, bytes | None]:
        """(name, bytes) of the chosen file, read and checked now; (None, None) when none is chosen."""
        return read_scan(self.path) if self.path else (None, None)


class NextNumberDialog(FormDialog):
    """Đặt số tiếp theo: the series, the year, the number the next document of it takes, and why."""

    OK_TEXT = "Đặt số"

    def __init__(self, workspace, series: list[str], year: int, parent: QWidget | None = None):
        super().__init__(
            workspace,
            "Đặt số tiếp theo của sổ văn bản đi",
            "Dùng khi bắt đầu dùng chương trình giữa năm, hoặc khi các số trước đã cấp bằng sổ tay hay hệ "
            "thống quản lý văn bản của cơ quan. Chương trình không bao giờ cấp lại số đã có: số tiếp theo "
            "phải lớn hơn số lớn nhất đã cấp của dãy số trong năm.",
            parent,
        )
        self.series_combo = QComboBox()
        for key in series:
            self.series_combo.addItem(series_label(key).capitalize(), key)
        self.form.addRow("Dãy số:", self.series_combo)
        self.year_box = year_spin(year)
        self.form.addRow("Năm:", self.year_box)
        number_row = QHBoxLayout()
        self.number_box = number_spin()
        self.current_label = QLabel()
        self.current_label.setObjectName("muted")
        number_row.addWidget(self.number_box)
        number_row.addSpacing(8)
        number_row.addWidget(self.current_label, 1)
        self.form.addRow("Số tiếp theo:", number_row)
        self.reason_edit = line("Ví dụ: bắt đầu dùng chương trình từ tháng 7; các số trước cấp bằng sổ tay")
        self.form.addRow("Lý do:", self.reason_edit)
        add_hint(self.form, "Lý do được lưu cùng số đã đặt và ghi vào nhật ký hệ thống.")
        self.finish_layout(600)
        self._current: dict[str, int] = {}
        self._reader = Loader(lambda year: next_numbers(workspace.ctx, year), self)
        self._reader.loaded.connect(self._read)
        self._reader.failed.connect(lambda exc: self.current_label.setText(""))
        self.year_box.valueChanged.connect(self._reader.request)
        self.series_combo.currentIndexChanged.connect(lambda _i: self._show_current(True))
        self._reader.request(year)

    @property
    def loading(self) -> bool:
        return self._reader.busy

    def _read(self, _args: tuple, current: dict[str, int]) -> None:
        self._current = current
        self._show_current(not self.has_changes())

    def _show_current(self, fill: bool) -> None:
        now = self._current.get(self.series_combo.currentData())
        self.current_label.setText(f"Hiện nay số tiếp theo là {now:02d}." if now else "")
        if fill and now:
            self.number_box.setValue(now)

    def submit(self) -> WriteOp:
        return self.write(
            set_next_number,
            self.series_combo.currentData(),
            self.year_box.value(),
            self.number_box.value(),
            self.reason_edit.text(),
            areas={Area.DOCUMENTS},
            label="Đang đặt số…",
        )

    def result_of(self, _written) -> str:
        return (
            f"Số tiếp theo của dãy số {series_label(self.series_combo.currentData())} năm "
            f"{self.year_box.value()}: {self.number_box.value():02d}."
        )


class ExternalDocumentDialog(FormDialog):
    """Vào sổ văn bản ban hành ngoài chương trình: number and ký hiệu as issued, date, kind, subject, signer,
    Nơi nhận, the scan if there is one. The entry is marked in the register; its text is not kept."""

    OK_TEXT = "Vào sổ"

    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(
            workspace,
            "Vào sổ văn bản ban hành ngoài chương trình",
            "Văn bản đã ký, cấp số bằng sổ tay hoặc hệ thống quản lý văn bản của cơ quan: vào sổ với đúng "
            "số, ký hiệu đã cấp để dãy số liền mạch. Số đã có trong sổ sẽ bị từ chối.",
            parent,
        )
        agency = workspace.agency
        self.agency_symbol = agency.symbol if agency else "SYT"
        self.kind_combo = QComboBox()
        for kind in DocumentKind:
            self.kind_combo.addItem(kind.label, kind)
        self.form.addRow("Loại văn bản:", self.kind_combo)
        number_row = QHBoxLayout()
        self.number_box = number_spin()
        self.symbol_edit = line("Ví dụ: SYT-VP, QĐ-SYT")
        number_row.addWidget(self.number_box)
        number_row.addWidget(QLabel("/"))
        number_row.addWidget(self.symbol_edit, 1)
        self.form.addRow("Số, ký hiệu:", number_row)
        self.day_edit = date_edit(dt.date.today())
        self.form.addRow("Ngày ban hành:", self.day_edit)
        self.subject_edit = QPlainTextEdit()
        self.subject_edit.setPlaceholderText("Trích yếu nội dung, ví dụ: V/v phát động phong trào thi đua …")
        self.subject_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.subject_edit.setTabChangesFocus(True)
        self.form.addRow("Trích yếu:", self.subject_edit)
        signer_row = QHBoxLayout()
        self.signer_combo = QComboBox()
        self.signer_combo.setEditable(True)
        self.signer_combo.lineEdit().setPlaceholderText("Họ và tên người ký")
        self.title_edit = line("Chức vụ, ví dụ: Giám đốc")
        for signer in agency.signers if agency else ():
            self.signer_combo.addItem(signer.full_name, signer.position_title)
        self.signer_combo.setCurrentIndex(-1)
        self.signer_combo.activated.connect(
            lambda i: self.title_edit.setText((self.signer_combo.itemData(i) or "").capitalize())
        )
        signer_row.addWidget(self.signer_combo, 1)
        signer_row.addWidget(self.title_edit, 1)
        self.form.addRow("Người ký:", signer_row)
        self.recipients_edit = line("Nơi nhận, cách nhau bởi dấu “;” (không bắt buộc)")
        self.form.addRow("Nơi nhận:", self.recipients_edit)
        self.scan_picker = ScanPicker()
        self.form.addRow("Bản quét:", self.scan_picker)
        self.finish_layout(640)
        self.document_year = dt.date.today().year  # of the entry saved (the page turns to it)
        self.number_text = ""
        self.kind_combo.currentIndexChanged.connect(self._kind_chosen)
        self._kind_chosen()

    def _kind_chosen(self, *_args) -> None:
        """The ký hiệu the kind is issued with (a công văn: the drafting office's too), until the clerk types
        one of their own."""
        kind = self.kind_combo.currentData()
        symbol = document_symbol(kind, self.agency_symbol)
        if kind is DocumentKind.OFFICIAL_LETTER:
            symbol = f"{symbol}-{DEFAULT_UNIT_CODE}"
        if not self.symbol_edit.isModified():
            self.symbol_edit.setText(symbol)

    def document(self) -> ExternalDocument:
        day = date_value(self.day_edit)
        if day > dt.date.today():
            raise ValidationError("Ngày ban hành sau ngày hôm nay; hãy kiểm tra lại.")
        name, content = self.scan_picker.scan()
        return ExternalDocument(
            kind=self.kind_combo.currentData(),
            number=self.number_box.value(),
            symbol=self.symbol_edit.text(),
            issued_on=day,
            subject=" ".join(self.subject_edit.toPlainText().split()),
            signer_name=self.signer_combo.currentText(),
            signer_title=self.title_edit.text(),
            recipients="\n".join(x.strip() for x in self.recipients_edit.text().split(";") if x.strip()),
            file_name=name,
            file_content=content,
        )

    def submit(self) -> WriteOp:
        document = self.document()
        self.document_year = document.issued_on.year
        self.number_text = number_text(document.number, document.symbol.strip().upper())
        return self.write(record_external_document, document, areas={Area.DOCUMENTS}, label="Đang vào sổ…")
