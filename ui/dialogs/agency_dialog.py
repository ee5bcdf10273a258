"""Thông tin cơ quan: the header every document carries, and the people who sign.

Shown on first run (nothing can be printed without it) and from Cài đặt. Saving goes through
app.services.agency.save_agency; a ValidationError is shown beside the buttons and nothing is written.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.agency import level_from_parent
from app.errors import StaleRecord, UserError
from app.services.agency import AgencyInfo, SignerInfo, get_agency, save_agency
from app.services.context import ServiceContext
from database.enums import AgencyLevel, SignAuthority
from ui.operations import QueryOp, WriteOp, error_text
from ui.stale import ask_reload
from ui.widgets.agency_header import (
    AUTHORITY_CHOICES,
    NEEDS_HEAD_TITLE,
    DocumentPreview,
    header_html,
    signature_html,
    signature_lines,
)
from ui.widgets.screen_fit import fit_to_screen, scroll_above_buttons
from ui.workspace import Area, Workspace

POSITIONS = ("GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
HEAD_TITLES = ("GIÁM ĐỐC",)
COLUMNS = ("Họ và tên", "Chức vụ", "Hình thức ký", "Chức vụ người đứng đầu", "Mặc định", "")


def _editable_combo(items: tuple[str, ...], placeholder: str) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.addItems(items)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.lineEdit().setPlaceholderText(placeholder)
    combo.setCurrentIndex(-1)
    combo.setEditText("")
    return combo


class SignerRow:
    """The widgets of one signer in the grid."""

    def __init__(self, editor: SignersEditor, info: SignerInfo | None, first: bool):
        self.signer_id = info.id if info else None
        self.name = QLineEdit()
        self.name.setPlaceholderText("Ví dụ: Nguyễn Văn An")
        self.name.setMinimumWidth(190)
        self.position = _editable_combo(POSITIONS, "Chức vụ")
        self.position.setMinimumWidth(150)
        self.authority = QComboBox()
        for member, text in AUTHORITY_CHOICES:
            self.authority.addItem(text, member)
        self.head = _editable_combo(HEAD_TITLES, "Ví dụ: GIÁM ĐỐC")
        self.head.setMinimumWidth(150)
        self.head.setToolTip(
            "Chức vụ của người đứng đầu mà người này ký thay, ký thừa lệnh "
            "(dòng “KT. GIÁM ĐỐC” trên văn bản)."
        )
        self.default = QRadioButton()
        self.default.setToolTip("Người ký được chọn sẵn khi soạn văn bản mới")
        self.remove = QToolButton()
        self.remove.setText("Xóa")
        self.remove.setToolTip("Bỏ người ký này khỏi danh sách")

        if info is not None:
            self.name.setText(info.full_name)
            self.position.setEditText(info.position_title)
            self.authority.setCurrentIndex(self.authority.findData(info.authority))
            self.head.setEditText(info.authority_title or "")
            self.default.setChecked(info.is_default)
        elif first:  # the usual first signer: the Director, signing in his or her own right
            self.position.setEditText("GIÁM ĐỐC")
        else:  # the usual others: deputies signing KT. GIÁM ĐỐC
            self.position.setEditText("PHÓ GIÁM ĐỐC")
            self.authority.setCurrentIndex(self.authority.findData(SignAuthority.DEPUTY))
            self.head.setEditText("GIÁM ĐỐC")
        self._sync_head()

        self.authority.currentIndexChanged.connect(self._authority_changed)
        for signal in (
            self.name.textChanged,
            self.position.editTextChanged,
            self.head.editTextChanged,
            self.authority.currentIndexChanged,
            self.default.toggled,
        ):
            signal.connect(lambda *_: editor.changed.emit())
        self.remove.clicked.connect(lambda: editor.remove_row(self))

    @property
    def widgets(self) -> tuple[QWidget, ...]:
        return (self.name, self.position, self.authority, self.head, self.default, self.remove)

    @property
    def focus_chain(self) -> tuple[QWidget, ...]:
        return self.widgets

    def authority_value(self) -> SignAuthority:
        return self.authority.currentData()

    def _sync_head(self) -> None:
        needed = self.authority_value() in NEEDS_HEAD_TITLE
        self.head.setEnabled(needed)
        self.head.lineEdit().setPlaceholderText("Ví dụ: GIÁM ĐỐC" if needed else "")

    def _authority_changed(self) -> None:
        self._sync_head()
        if self.head.isEnabled() and not self.head.currentText().strip():
            self.head.setEditText("GIÁM ĐỐC")

    def is_blank(self) -> bool:
        return not self.name.text().strip() and self.signer_id is None

    def value(self) -> SignerInfo:
        authority = self.authority_value()
        head = self.head.currentText().strip() if authority in NEEDS_HEAD_TITLE else ""
        return SignerInfo(
            full_name=self.name.text(),
            position_title=self.position.currentText(),
            authority=authority,
            authority_title=head or None,
            is_default=self.default.isChecked(),
            id=self.signer_id,
        )


class SignersEditor(QWidget):
    """A small grid of signers: họ tên, chức vụ, hình thức ký, chức vụ người đứng đầu, mặc định."""

    changed = Signal()
    rows_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[SignerRow] = []
        self._group = QButtonGroup(self)
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(6)
        for col, text in enumerate(COLUMNS):
            label = QLabel(f"<b>{text}</b>")
            self._grid.addWidget(label, 0, col, Qt.AlignmentFlag.AlignLeft)
        self._grid.setColumnStretch(0, 3)
        self._grid.setColumnStretch(1, 2)
        self._grid.setColumnStretch(3, 2)
        self.add_button = QPushButton("+ Thêm người ký")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._grid)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        hint = QLabel("Người ký mặc định được chọn sẵn khi soạn văn bản; có thể đổi ở từng văn bản.")
        hint.setObjectName("muted")
        buttons.addWidget(hint, 1)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def add_row(self, info: SignerInfo | None = None, focus: bool = False) -> SignerRow:
        row = SignerRow(self, info, first=not self.rows)
        self._group.addButton(row.default)
        self.rows.append(row)
        if not any(r.default.isChecked() for r in self.rows):
            self.rows[0].default.setChecked(True)
        self._place()
        if focus:
            row.name.setFocus()
        self.rows_changed.emit()
        self.changed.emit()
        return row

    def remove_row(self, row: SignerRow) -> None:
        was_default = row.default.isChecked()
        self.rows.remove(row)
        self._group.removeButton(row.default)
        for widget in row.widgets:
            self._grid.removeWidget(widget)
            widget.deleteLater()
        if was_default and self.rows:
            self.rows[0].default.setChecked(True)
        self._place()
        if self.rows:
            self.rows[0].name.setFocus()
        else:
            self.add_button.setFocus()
        self.rows_changed.emit()
        self.changed.emit()

    def _place(self) -> None:
        for r, row in enumerate(self.rows, start=1):
            for col, widget in enumerate(row.widgets):
                self._grid.removeWidget(widget)
                align = Qt.AlignmentFlag.AlignCenter if widget is row.default else Qt.AlignmentFlag(0)
                self._grid.addWidget(widget, r, col, align)
                if self.isVisible():
                    widget.show()  # now, so that it can take the focus at once
            row.remove.setEnabled(len(self.rows) > 1)

    def signers(self) -> tuple[SignerInfo, ...]:
        return tuple(row.value() for row in self.rows if not row.is_blank())

    def default_row(self) -> SignerRow | None:
        return next((r for r in self.rows if r.default.isChecked()), self.rows[0] if self.rows else None)


class AgencyFields(QWidget):
    """The agency's header fields (cơ quan chủ quản and its level, cơ quan ban hành, ký hiệu, địa danh, the
    contact lines): one form, in the agency dialog of Cài đặt and in the first-run wizard."""

    changed = Signal()  # a field of the document header (the first four, or the level) changed

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.parent_name = QLineEdit()
        self.parent_name.setPlaceholderText("Ví dụ: UBND TỈNH THANH HÓA")
        self.level = QComboBox()
        for level in AgencyLevel:
            self.level.addItem(level.label, level)
        self.level.setToolTip(
            "Cơ quan chủ quản là tỉnh hay thành phố trực thuộc trung ương: mọi văn bản ghi theo đó "
            "(“Ủy ban nhân dân tỉnh” hay “Ủy ban nhân dân thành phố”, “Ban Thi đua – Khen thưởng …”)"
        )
        self.level.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.level.setMinimumContentsLength(
            16
        )  # gives way beside the preview; the list shows the whole label
        self.level_chosen = False  # until the clerk picks one, it follows the parent's name
        self.agency_name = QLineEdit()
        self.agency_name.setPlaceholderText("Ví dụ: SỞ Y TẾ")
        self.symbol = QLineEdit()
        self.symbol.setPlaceholderText("Ví dụ: SYT")
        self.symbol.setMaxLength(20)
        self.symbol.setToolTip("Chữ viết tắt tên cơ quan trong ký hiệu văn bản, ví dụ số 12/QĐ-SYT")
        self.place_name = QLineEdit()
        self.place_name.setPlaceholderText("Ví dụ: Thanh Hóa")
        self.place_name.setToolTip("Địa danh ghi ở dòng ngày tháng: “Thanh Hóa, ngày … tháng … năm …”")
        self.address = QLineEdit()
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.website = QLineEdit()
        self.fields = (
            self.parent_name,
            self.agency_name,
            self.symbol,
            self.place_name,
            self.address,
            self.phone,
            self.email,
            self.website,
        )
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow("Cơ quan chủ quản:", self.parent_name)
        form.addRow("Cơ quan chủ quản là:", self.level)
        form.addRow("Cơ quan ban hành:", self.agency_name)
        form.addRow("Chữ viết tắt dùng trong ký hiệu:", self.symbol)
        form.addRow("Địa danh:", self.place_name)
        form.addRow("Địa chỉ:", self.address)
        form.addRow("Điện thoại:", self.phone)
        form.addRow("Thư điện tử:", self.email)
        form.addRow("Trang thông tin điện tử:", self.website)
        self.parent_name.textEdited.connect(self._follow_parent)
        self.level.activated.connect(self._level_picked)
        for field in self.fields[:4]:
            field.textChanged.connect(lambda *_: self.changed.emit())
        self.level.currentIndexChanged.connect(lambda *_: self.changed.emit())

    @property
    def focus_chain(self) -> tuple[QWidget, ...]:
        return (self.parent_name, self.level, *self.fields[1:])

    def _follow_parent(self, text: str) -> None:
        if not self.level_chosen:
            self.level.setCurrentIndex(self.level.findData(level_from_parent(text)))

    def _level_picked(self) -> None:
        self.level_chosen = True

    def load(self, agency: AgencyInfo) -> None:
        self.level.setCurrentIndex(self.level.findData(agency.level))
        self.level_chosen = True  # a saved agency's level was chosen (or inferred once): keep it
        for field, value in zip(
            self.fields,
            (
                agency.parent_name,
                agency.name,
                agency.symbol,
                agency.place_name,
                agency.address,
                agency.phone,
                agency.email,
                agency.website,
            ),
            strict=True,
        ):
            field.setText(value or "")
            field.setCursorPosition(0)

    def first_gap(self) -> QLineEdit | None:
        """The first required field still empty."""
        return next((field for field in self.fields[:4] if not field.text().strip()), None)

    def header_html(self) -> str:
        return header_html(
            self.parent_name.text(), self.agency_name.text(), self.symbol.text(), self.place_name.text()
        )

    def agency_info(self, signers: tuple[SignerInfo, ...]) -> AgencyInfo:
        """What the form holds now (unchecked; the service checks and normalises it)."""

        def optional(field: QLineEdit) -> str | None:
            return field.text().strip() or None

        return AgencyInfo(
            parent_name=self.parent_name.text(),
            name=self.agency_name.text(),
            symbol=self.symbol.text(),
            place_name=self.place_name.text(),
            address=optional(self.address),
            phone=optional(self.phone),
            email=optional(self.email),
            website=optional(self.website),
            signers=signers,
            level=self.level.currentData(),
        )


def signature_preview_html(signers: SignersEditor) -> str:
    """The default signer's block under the header, as documents print it."""
    row = signers.default_row()
    if row is None:
        return ""
    lines = signature_lines(row.position.currentText(), row.authority_value(), row.head.currentText())
    return "<br>" + signature_html(lines, row.name.text())


class AgencyDialog(QDialog):
    """The agency header and signers. `saved` holds what the service stored after Lưu."""

    def __init__(
        self,
        workspace: Workspace | ServiceContext,
        agency: AgencyInfo | None,
        parent: QWidget | None = None,
        first_run: bool = False,
    ):
        super().__init__(parent)
        self.workspace = workspace  # a bare ServiceContext on first run, before the workspace exists
        self.saved: AgencyInfo | None = None
        self.version = agency.version if agency is not None else None  # what Lưu saves over
        self.first_run = first_run
        self.setWindowTitle("Thông tin cơ quan – lần đầu sử dụng" if first_run else "Sửa thông tin cơ quan")
        self.setModal(True)

        self.agency_fields = AgencyFields()
        self._fields = self.agency_fields.fields
        self.level = self.agency_fields.level
        (
            self.parent_name,
            self.agency_name,
            self.symbol,
            self.place_name,
            self.address,
            self.phone,
            self.email,
            self.website,
        ) = self._fields
        agency_box = QGroupBox("Cơ quan")
        QVBoxLayout(agency_box).addWidget(self.agency_fields)

        self.preview = DocumentPreview()
        preview_box = QGroupBox("Xem trước trên văn bản")
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.addWidget(self.preview)
        preview_layout.addStretch(1)

        top = QHBoxLayout()
        top.addWidget(agency_box, 5)
        top.addWidget(preview_box, 5)

        self.signers = SignersEditor()
        signers_box = QGroupBox("Người ký")
        QVBoxLayout(signers_box).addWidget(self.signers)

        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.save_button = QPushButton("Lưu")
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton("Thoát" if first_run else "Hủy")
        self.cancel_button.setAutoDefault(False)
        if first_run:
            self.cancel_button.setToolTip("Đóng chương trình, chưa lưu gì")
        self.save_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.error, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        if first_run:
            intro = QLabel(
                "<b>Chào mừng đến với TĐKT.</b> Trước khi bắt đầu, hãy nhập tên cơ quan và những người ký "
                "văn bản: các thông tin này được in ở phần đầu và phần ký của mọi công văn, quyết định, "
                "tờ trình. Có thể sửa lại bất cứ lúc nào trong mục Cài đặt."
            )
            intro.setWordWrap(True)
            layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(signers_box, 1)
        layout.addLayout(bottom)
        scroll_above_buttons(self)  # a short screen scrolls the fields; the buttons stay in view

        self._load(agency)
        self.agency_fields.changed.connect(self._update_preview)
        self.signers.changed.connect(self._update_preview)
        self.signers.rows_changed.connect(self._fix_tab_order)
        for field in self._fields:
            field.textEdited.connect(self._clear_error)
        self.signers.changed.connect(self._clear_error)
        self._update_preview()
        self._fix_tab_order()
        fit_to_screen(self, 1000, 560)
        self.parent_name.setFocus()

    def _load(self, agency: AgencyInfo | None) -> None:
        if agency is None:
            self.signers.add_row()
            return
        self.agency_fields.load(agency)
        for signer in agency.signers or (None,):
            self.signers.add_row(signer)

    def _fix_tab_order(self) -> None:
        chain: list[QWidget] = list(self.agency_fields.focus_chain)
        for row in self.signers.rows:
            chain.extend(row.focus_chain)
        chain += [self.signers.add_button, self.save_button, self.cancel_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _update_preview(self) -> None:
        self.preview.setText(self.agency_fields.header_html() + signature_preview_html(self.signers))

    def _clear_error(self) -> None:
        self.error.clear()

    def _focus_first_gap(self) -> None:
        """Put the cursor where the clerk has to type next."""
        gap = self.agency_fields.first_gap()
        if gap is not None:
            gap.setFocus()
            return
        for row in self.signers.rows:
            if not row.name.text().strip():
                row.name.setFocus()
                return
            if row.head.isEnabled() and not row.head.currentText().strip():
                row.head.setFocus()
                return

    def agency_info(self) -> AgencyInfo:
        """What the form holds now (unchecked; the service checks and normalises it)."""
        return self.agency_fields.agency_info(self.signers.signers())

    def accept(self) -> None:
        """Lưu: the service checks and stores the form on the writer thread; the dialog closes when it has."""
        if not self.save_button.isEnabled():
            return  # the save asked for is still running
        self.error.clear()
        self.save_button.setEnabled(False)
        WriteOp(
            self.workspace,
            self,
            "Đang lưu thông tin cơ quan…",
            save_agency,
            self.agency_info(),
            self.version,
            areas={Area.AGENCY},
        ).success(self._saved).failure(self._refused).run()

    def reject(self) -> None:
        if not self.save_button.isEnabled():
            return  # the save has started: it ends (saved or refused) before the form may close
        super().reject()

    def _saved(self, agency: AgencyInfo) -> None:
        self.save_button.setEnabled(True)
        self.saved = agency
        super().accept()

    def _refused(self, exc: BaseException) -> None:
        """A ValidationError, or a database that could not write: said beside the buttons, what was typed kept."""
        self.save_button.setEnabled(True)
        self.error.setText(error_text(exc, "Chưa lưu được"))
        if isinstance(exc, StaleRecord):
            if ask_reload(self, exc):
                QueryOp(
                    self, "Đang tải lại…", get_agency, getattr(self.workspace, "ctx", self.workspace)
                ).success(self._reloaded).run()
        elif isinstance(exc, UserError):
            self._focus_first_gap()

    def _reloaded(self, agency: AgencyInfo | None) -> None:
        """The agency as another clerk saved it, in place of what was typed (the clerk chose so)."""
        for row in list(self.signers.rows):
            self.signers.remove_row(row)
        self._load(agency)
        self.version = agency.version if agency is not None else None
        self._fix_tab_order()
        self.error.setText("Đã tải lại thông tin cơ quan mới nhất; hãy sửa lại rồi lưu.")
