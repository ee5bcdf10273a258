"""The incoming register's forms, each one write: a received document entered or corrected (số đến, date
received, issuing body, number and ký hiệu as written, date, kind, subject, scan, note), and a link to the
campaign, nomination batch or decision it started or answered, or one taken away."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from app.errors import ValidationError
from app.services.incoming import (
    KINDS,
    TARGET_WORDS,
    IncomingEntry,
    IncomingInput,
    IncomingLinkEntry,
    LinkTarget,
    link_incoming,
    record_incoming,
    unlink_incoming,
    update_incoming,
)
from ui.dialogs.register_entries import ScanPicker
from ui.format import number
from ui.jobs import Loader
from ui.operations import WriteOp
from ui.pages.incoming import load_incoming_register, register_row, register_view
from ui.permissions import allow
from ui.widgets.data_view import current_row, on_open
from ui.widgets.debounce import debounce
from ui.widgets.form_dialog import IGNORED, FormDialog, add_hint, date_edit, date_value, line
from ui.widgets.screen_fit import fit_to_screen
from ui.widgets.year_combo import YearCombo
from ui.workspace import Area

# The bodies a Sở Y tế hears from most; any other is typed.
ISSUERS = (
    "Bộ Y tế",
    "Ủy ban nhân dân tỉnh",
    "Tỉnh ủy",
    "Hội đồng Thi đua – Khen thưởng tỉnh",
    "Ban Thi đua – Khen thưởng tỉnh",
    "Sở Nội vụ",
    "Công đoàn Y tế Việt Nam",
    "Liên đoàn Lao động tỉnh",
)
AUTO_NUMBER = 0  # the số đến box at its lowest: "tự động" (the next of the year)
# What the links change besides the incoming register: the pages listing campaigns, batches, decisions.
LINK_AREAS = {Area.DOCUMENTS, Area.CAMPAIGNS, Area.NOMINATIONS, Area.DECISIONS}


def _editable_combo(items, placeholder: str) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.addItems(items)
    combo.setCurrentIndex(-1)
    combo.lineEdit().setPlaceholderText(placeholder)
    return combo


@dataclass(frozen=True)
class SavedIncoming:
    incoming_id: int
    text: str  # what the page says


class IncomingDialog(FormDialog):
    """Vào sổ văn bản đến (a new entry), or its corrections (`entry` given)."""

    def __init__(self, workspace, entry: IncomingEntry | None = None, parent: QWidget | None = None):
        self.entry = entry
        self.OK_TEXT = "Lưu" if entry else "Vào sổ"
        super().__init__(
            workspace,
            f"Sửa văn bản đến số {entry.received_number}/{entry.year}" if entry else "Vào sổ văn bản đến",
            "Ghi văn bản nhận được đúng như văn bản ghi: cơ quan ban hành, số và ký hiệu, ngày, trích yếu. "
            "Số đến được cấp tiếp theo trong năm nhận.",
            parent,
        )
        self.ok_button.setText(self.OK_TEXT)
        received = QHBoxLayout()
        self.received_edit = date_edit(entry.received_on if entry else dt.date.today())
        self.number_box = QSpinBox()
        self.number_box.setRange(AUTO_NUMBER, 2_000_000_000)
        self.number_box.setSpecialValueText("tự động")
        self.number_box.setValue(entry.received_number if entry else AUTO_NUMBER)
        self.number_box.setFixedWidth(self.number_box.fontMetrics().horizontalAdvance("tự động000") + 40)
        received.addWidget(self.received_edit)
        received.addSpacing(12)
        received.addWidget(QLabel("Số đến:"))
        received.addWidget(self.number_box)
        received.addStretch(1)
        self.form.addRow("Ngày đến:", received)
        self.issuer_combo = _editable_combo(ISSUERS, "Cơ quan ban hành, ví dụ: Bộ Y tế")
        self.form.addRow("Cơ quan ban hành:", self.issuer_combo)
        numbered = QHBoxLayout()
        self.number_edit = line("Ví dụ: 04/CT-BYT")
        self.issued_edit = date_edit(optional=True)
        numbered.addWidget(self.number_edit, 1)
        numbered.addSpacing(12)
        numbered.addWidget(QLabel("Ngày văn bản:"))
        numbered.addWidget(self.issued_edit)
        self.form.addRow("Số, ký hiệu:", numbered)
        self.kind_combo = _editable_combo(KINDS, "Chỉ thị, Kế hoạch, Công văn, Quyết định…")
        self.form.addRow("Loại văn bản:", self.kind_combo)
        self.subject_edit = QPlainTextEdit()
        self.subject_edit.setPlaceholderText(
            "Trích yếu, ví dụ: Về việc tăng cường thực hiện công tác thi đua …"
        )
        self.subject_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.subject_edit.setTabChangesFocus(True)
        self.form.addRow("Trích yếu:", self.subject_edit)
        self.note_edit = line("Ghi chú (không bắt buộc): đơn vị xử lý, hạn trả lời…")
        self.form.addRow("Ghi chú:", self.note_edit)
        self.scan_picker = ScanPicker()
        self.form.addRow("Bản quét:", self.scan_picker)
        self.drop_scan = QCheckBox()
        if entry is not None:
            self.issuer_combo.setEditText(entry.issuer)
            self.number_edit.setText(entry.number_symbol or "")
            self.issued_edit.setDate(entry.issued_on)
            self.kind_combo.setEditText(entry.kind)
            self.subject_edit.setPlainText(entry.subject)
            self.note_edit.setText(entry.note or "")
            if entry.file_name:
                self.scan_picker.empty_text = f"Giữ bản đang lưu: {entry.file_name}"
                self.scan_picker.set_path(None)
                self.drop_scan.setText(f"Xóa bản quét “{entry.file_name}”")
                self.form.addRow("", self.drop_scan)
        add_hint(
            self.form,
            "Văn bản đến làm căn cứ cho phong trào, hồ sơ đề nghị hay quyết định: liên kết sau khi vào sổ "
            "(“Liên kết…”); kế hoạch, công văn phát động sẽ lấy dòng “Căn cứ” từ đó.",
        )
        self.finish_layout(680)
        allow(workspace, update_incoming if entry else record_incoming, self.ok_button)  # others read it

    def data(self) -> IncomingInput:
        name, content = self.scan_picker.scan()
        number = self.number_box.value()
        return IncomingInput(
            received_on=date_value(self.received_edit),
            issuer=self.issuer_combo.currentText(),
            number_symbol=self.number_edit.text(),
            issued_on=date_value(self.issued_edit),
            kind=self.kind_combo.currentText(),
            subject=" ".join(self.subject_edit.toPlainText().split()),
            note=self.note_edit.text(),
            received_number=None if number == AUTO_NUMBER else number,
            file_name=name,
            file_content=content,
            drop_scan=self.drop_scan.isChecked() and content is None,
        )

    def submit(self) -> WriteOp:
        data = self.data()
        if self.entry is None:
            return self.write(record_incoming, data, areas={Area.DOCUMENTS}, label="Đang vào sổ…")
        return self.write(
            update_incoming,
            self.entry.id,
            data,
            self.entry.version,
            areas={Area.DOCUMENTS},
            label="Đang lưu…",
        )

    def result_of(self, written) -> SavedIncoming:
        if self.entry is None:
            return SavedIncoming(written, "Đã vào sổ văn bản đến.")
        return SavedIncoming(self.entry.id, f"Đã sửa văn bản đến số {self.entry.received_number}.")


class LinkDialog(FormDialog):
    """Liên kết: the campaign, nomination batch or decision the selected incoming document started or
    answered."""

    OK_TEXT = "Liên kết"

    def __init__(
        self, workspace, entry: IncomingEntry, targets: list[LinkTarget], parent: QWidget | None = None
    ):
        self.entry = entry
        super().__init__(
            workspace,
            "Liên kết văn bản đến",
            f"{entry.reference}\n{entry.subject}\n\nChọn phong trào mà văn bản này phát động hoặc hướng dẫn, hồ sơ "
            "đề nghị mà nó yêu cầu, hoặc quyết định (của cấp trên) trả lời nó.",
            parent,
        )
        self.kind_combo = QComboBox()
        for kind, words in TARGET_WORDS.items():
            self.kind_combo.addItem(words, kind)
        self.target_combo = QComboBox()
        self.target_combo.setMinimumContentsLength(40)
        self.target_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.targets = targets
        self.form.addRow("Liên kết với:", self.kind_combo)
        self.form.addRow("", self.target_combo)
        self.kind_combo.currentIndexChanged.connect(self._kind_chosen)
        self._kind_chosen()
        self.finish_layout(640)

    def _kind_chosen(self, *_args) -> None:
        kind = self.kind_combo.currentData()
        self.target_combo.clear()
        for target in self.targets:
            if target.kind == kind:
                self.target_combo.addItem(target.label, target)
                self.target_combo.setItemData(
                    self.target_combo.count() - 1, target.label, Qt.ItemDataRole.ToolTipRole
                )
        if not self.target_combo.count():
            self.target_combo.addItem(f"(chưa có {TARGET_WORDS[kind].lower()} nào)", None)

    def submit(self) -> WriteOp:
        target: LinkTarget | None = self.target_combo.currentData()
        if target is None:
            raise ValidationError(f"Chưa có {self.kind_combo.currentText().lower()} nào để liên kết.")
        self.chosen = target
        ids = [
            target.id if kind == target.kind else None for kind in TARGET_WORDS
        ]  # campaign, batch, decision
        return self.write(link_incoming, self.entry.id, *ids, areas=LINK_AREAS, label="Đang liên kết…")

    def result_of(self, _written) -> str:
        return f"Đã liên kết văn bản đến số {self.entry.received_number} với {self.chosen.text}."


class UnlinkDialog(FormDialog):
    """Bỏ liên kết: one of the selected document's links taken away (the document and the target stay)."""

    OK_TEXT = "Bỏ liên kết"

    def __init__(
        self, workspace, entry: IncomingEntry, links: list[IncomingLinkEntry], parent: QWidget | None = None
    ):
        self.entry = entry
        super().__init__(workspace, "Bỏ liên kết văn bản đến", f"{entry.reference}\n{entry.subject}", parent)
        self.link_combo = QComboBox()
        self.link_combo.setMinimumContentsLength(40)
        self.link_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        for link in links:
            self.link_combo.addItem(link.target.text, link)
        self.form.addRow("Liên kết:", self.link_combo)
        self.finish_layout(600)

    def submit(self) -> WriteOp:
        link: IncomingLinkEntry | None = self.link_combo.currentData()
        if link is None:
            raise ValidationError("Văn bản này chưa liên kết với gì.")
        self.chosen = link
        return self.write(unlink_incoming, link.id, areas=LINK_AREAS, label="Đang bỏ liên kết…")

    def result_of(self, _written) -> str:
        return f"Đã bỏ liên kết văn bản đến số {self.entry.received_number} với {self.chosen.target.text}."


def _picker_register(ctx, year: int | None, text: str, first: bool):
    """The register of `year` searched by `text`; at first, when that year's book holds nothing, the latest
    year's, where the clerk is entering documents now."""
    view = load_incoming_register(ctx, year, text)
    if first and not view.entries and year is not None:
        latest = load_incoming_register(ctx, None, text)
        return latest if latest.entries else view
    return view


class IncomingPickerDialog(FormDialog):
    """Liên kết văn bản đến, from the campaign, nomination batch or decision (`target`): the incoming register
    of a year, searched by words as on its page; the document chosen is linked to `target`. Those linked to
    it already (`linked`: their ids) are not offered. Without a target (a record still being entered) the
    document is only chosen: OK returns its IncomingEntry as `result_value`."""

    OK_TEXT = "Liên kết"

    def __init__(
        self,
        workspace,
        target: LinkTarget | None,
        year: int | None,
        linked: frozenset[int] = frozenset(),
        parent: QWidget | None = None,
    ):
        self.target, self.linked = target, linked
        if target is None:
            self.OK_TEXT = "Chọn"
        super().__init__(
            workspace,
            "Liên kết văn bản đến" if target is not None else "Chọn văn bản đến",
            f"{target.text}\nChọn văn bản đến (chỉ thị, kế hoạch, công văn…) đã phát động, hướng dẫn hoặc "
            "trả lời nó."
            if target is not None
            else "Chọn văn bản đến trong sổ: quyết định của cấp trên đã vào sổ văn bản đến.",
            parent,
        )
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Năm:"))
        self.year_combo = YearCombo("Năm của sổ văn bản đến")
        self.year_combo.setProperty(IGNORED, True)  # choosing what to see is not a change
        self.year_combo.year_chosen.connect(lambda _year: self.reload())
        filters.addWidget(self.year_combo)
        filters.addSpacing(8)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("Tìm theo cơ quan, số, trích yếu… (không cần dấu)")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setProperty(IGNORED, True)
        filters.addWidget(self.search_box, 1)
        self.outer.addLayout(filters)
        # What the clerk tells documents apart by: số đến, body, number, date, subject, what else it serves.
        self.model, self.view = register_view("incomingPicker", hidden=frozenset({1, 5, 7}))
        on_open(self.view, lambda _row: self.accept())
        self.outer.addWidget(self.view, 1)
        self.count_label = QLabel("Đang tải…")
        self.count_label.setObjectName("muted")
        self.outer.addWidget(self.count_label)
        self.finish_layout(820)
        self.outer.setStretch(self.outer.count() - 2, 0)  # the list takes the height, not the gap above OK
        fit_to_screen(self, 980, 560)
        ctx = workspace.ctx
        self._loader = Loader(lambda y, text, first=False: _picker_register(ctx, y, text, first), self)
        self._loader.loaded.connect(self._loaded)
        self._loader.failed.connect(lambda exc: self.error.setText(f"Không đọc được sổ văn bản đến: {exc}"))
        self.search_timer = debounce(self, 200, self.reload)
        self.search_box.textChanged.connect(lambda _text: self.search_timer.start())
        self._loader.request(year, "", True)
        self.search_box.setFocus()

    @property
    def loading(self) -> bool:
        return self._loader.busy or self.search_timer.isActive()

    def reload(self) -> None:
        self.search_timer.stop()
        self._loader.request(self.year_combo.year(), self.search_box.text())

    def _loaded(self, args: tuple, data) -> None:
        self.year_combo.set_years(data.years, data.year)
        entries = [e for e in data.entries if e.id not in self.linked]
        self.model.set_rows([register_row(e) for e in entries], entries)
        if entries:
            self.view.selectRow(0)
        held = len(data.entries) - len(entries)
        self.count_label.setText(
            f"Năm {data.year}: {number(len(entries))} văn bản"
            + (f" (không kể {number(held)} văn bản đã liên kết)" if held else "")
            + (" khớp từ tìm." if args[1].strip() else ".")
            if entries
            else (
                "Không có văn bản nào khớp từ tìm."
                if args[1].strip()
                else f"Sổ văn bản đến năm {data.year} chưa có văn bản nào để liên kết (vào sổ ở trang "
                "“Văn bản đến”)."
            )
        )

    def chosen(self) -> IncomingEntry | None:
        row = current_row(self.view)
        return self.model.row_id(row) if row is not None and row < self.model.rowCount() else None

    def submit(self) -> WriteOp:
        entry = self.chosen()
        if entry is None:
            raise ValidationError("Hãy chọn một văn bản đến trong danh sách.")
        self.picked = entry
        if self.target is None:
            return entry
        ids = [self.target.id if kind == self.target.kind else None for kind in TARGET_WORDS]
        return self.write(link_incoming, entry.id, *ids, areas=LINK_AREAS, label="Đang liên kết…")

    def result_of(self, _written) -> str:
        e = self.picked
        return f"Đã liên kết văn bản đến số {e.received_number} ({e.reference}) với {self.target.text}."
