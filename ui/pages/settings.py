"""Cài đặt: the agency header and signers, the database in use, the catalogue of titles and forms (with the
office's own forms, the dated base salary and the province's own rules)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import partial
from html import escape

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.permissions import Permission
from app.paths import ENV_DATABASE_URL, backup_dir_for, remembered_url_file
from app.services.agency import AgencyInfo, save_agency
from app.services.catalogue import (
    AwardTypeDetail,
    AwardTypeInfo,
    BaseSalaryInfo,
    add_base_salary,
    add_local_award_type,
    award_type_detail,
    list_award_types,
    list_base_salaries,
)
from app.services.catalogue_update import apply_update
from app.services.context import ServiceContext
from app.services.data_place import choose_data_place, next_start_place, place_of
from app.services.legal_bases import PROVINCE_LINE, ProvinceRule, province_rules, set_province_rule
from app.services.settings import document_font, set_document_font
from app.startup import remembered_database_url
from app.text.numbers import decimal_text, ratio_percent_text
from database.enums import AwardCategory, Certainty
from ui import settings as ui_settings
from ui.format import date, money
from ui.jobs import DetailLoader, Loader
from ui.operations import WriteOp
from ui.pages.base import LoadedPage
from ui.pages.settings_accounts import AccountsTab
from ui.pages.settings_backups import BackupsTab
from ui.pages.settings_signing import SigningTab
from ui.permissions import allow, may
from ui.widgets.actions import open_window_modal
from ui.widgets.agency_header import AUTHORITY_TEXT, DocumentPreview, header_html, signature_lines
from ui.widgets.detail_pane import beside_detail
from ui.widgets.tables import cell, read_only_table
from ui.workspace import Area


def selectable(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


@dataclass(frozen=True)
class SettingsView:
    """What the page reads in the background: the catalogue, the base salaries, the province's rules, the font."""

    award_types: list[AwardTypeInfo]
    base_salaries: list[BaseSalaryInfo]
    province_rules: list[ProvinceRule]
    font: str


def load_settings_view(ctx: ServiceContext) -> SettingsView:
    # Titles (danh hiệu) first, then forms (hình thức), each in the catalogue's rank order.
    types = sorted(list_award_types(ctx), key=lambda t: t.category is not AwardCategory.TITLE)
    return SettingsView(types, list_base_salaries(ctx), province_rules(ctx), document_font(ctx))


class SettingsPage(LoadedPage):
    TITLE = "Cài đặt"
    ICON = "settings"
    AREAS = frozenset({Area.AGENCY, Area.SETTINGS, Area.CATALOGUE})

    def __init__(self, workspace, parent=None):
        super().__init__(workspace, parent)
        layout = self.scrolling_body()
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(12)
        row, sub = self.heading(
            "Thông tin cơ quan in trên văn bản, cơ sở dữ liệu đang dùng, sao lưu, danh mục "
            "danh hiệu, hình thức khen thưởng và chữ ký gói dữ liệu."
        )
        layout.addLayout(row)
        layout.addWidget(sub)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._agency_tab(), "Cơ quan và người ký")
        self.tabs.addTab(self._database_tab(), "Cơ sở dữ liệu")
        self.tabs.addTab(BackupsTab(workspace), "Sao lưu")
        self.tabs.addTab(self._catalogue_tab(), "Danh mục khen thưởng")
        self.tabs.addTab(self._documents_tab(), "Văn bản")
        self.tabs.addTab(SigningTab(workspace), "Chữ ký gói")
        self.accounts_tab = None  # only for an account that manages accounts
        if may(workspace, Permission.ACCOUNTS):
            self.accounts_tab = AccountsTab(workspace)
            self.tabs.addTab(self.accounts_tab, "Tài khoản")
        layout.addWidget(self.tabs, 1)

        self.province_rules: list[ProvinceRule] = []
        self._select_type_id: int | None = None  # the row to choose once the catalogue is read again
        self._loader = Loader(load_settings_view, self)
        self._loader.loaded.connect(self._view_loaded)
        self._loader.failed.connect(
            lambda exc: self.award_detail.setHtml(f"<p>Không đọc được danh mục: {escape(str(exc))}</p>")
        )
        self.details = DetailLoader(partial(award_type_detail, workspace.ctx), self)
        self.details.shown.connect(self._show_award_detail)
        workspace.agency_changed.connect(self.show_agency)
        self.show_agency(workspace.agency)
        allow(workspace, save_agency, self.edit_button)
        allow(workspace, set_document_font, self.font_combo)
        allow(workspace, add_local_award_type, self.add_award_button)
        allow(workspace, apply_update, self.law_update_button)
        allow(workspace, add_base_salary, self.add_salary_button)
        allow(workspace, set_province_rule, self.province_button)

    # Cơ quan và người ký
    def _agency_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        top = QHBoxLayout()
        self.header_preview = DocumentPreview()
        self.header_preview.setMaximumWidth(620)
        top.addWidget(self.header_preview, 3)
        details = QFormLayout()
        self.contact_labels = {
            key: selectable() for key in ("symbol", "place", "address", "phone", "email", "website")
        }
        details.addRow("Chữ viết tắt:", self.contact_labels["symbol"])
        details.addRow("Địa danh:", self.contact_labels["place"])
        details.addRow("Địa chỉ:", self.contact_labels["address"])
        details.addRow("Điện thoại:", self.contact_labels["phone"])
        details.addRow("Thư điện tử:", self.contact_labels["email"])
        details.addRow("Trang thông tin:", self.contact_labels["website"])
        top.addLayout(details, 2)
        layout.addLayout(top)

        self.signers_table = read_only_table(
            ["Họ và tên", "Chức vụ", "Hình thức ký", "Dòng trên chữ ký", "Mặc định"]
        )
        box = QGroupBox("Người ký")
        QVBoxLayout(box).addWidget(self.signers_table)
        layout.addWidget(box, 1)

        buttons = QHBoxLayout()
        self.edit_button = QPushButton("Sửa thông tin cơ quan…")
        self.edit_button.clicked.connect(self.edit_agency)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return tab

    def show_agency(self, agency: AgencyInfo) -> None:
        self.header_preview.setText(
            header_html(agency.parent_name, agency.name, agency.symbol, agency.place_name)
        )
        values = {
            "symbol": agency.symbol,
            "place": agency.place_name,
            "address": agency.address,
            "phone": agency.phone,
            "email": agency.email,
            "website": agency.website,
        }
        for key, label in self.contact_labels.items():
            label.setText(values[key] or "—")
        table = self.signers_table
        table.setRowCount(len(agency.signers))
        for r, s in enumerate(agency.signers):
            lines = signature_lines(s.position_title, s.authority, s.authority_title)
            table.setItem(r, 0, cell(s.full_name, bold=s.is_default))
            table.setItem(r, 1, cell(s.position_title))
            table.setItem(r, 2, cell(AUTHORITY_TEXT[s.authority]))
            table.setItem(r, 3, cell(" / ".join(lines)))
            table.setItem(r, 4, cell("✓" if s.is_default else ""))

    def edit_agency(self) -> None:
        from ui.dialogs.agency_dialog import AgencyDialog

        dialog = AgencyDialog(self.workspace, self.workspace.agency, self.window())
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self.workspace.set_agency(dialog.saved)
        dialog.deleteLater()

    # Cơ sở dữ liệu
    def _database_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        form = QFormLayout()
        db = self.workspace.db
        self.db_kind = selectable("Tệp SQLite trên máy này" if db.is_sqlite else "Máy chủ PostgreSQL")
        self.db_location = selectable(db.describe() if db.file_path else place_of(db.url).text)
        form.addRow("Loại:", self.db_kind)
        form.addRow("Vị trí:", self.db_location)
        form.addRow("Người dùng:", selectable(self.workspace.actor))
        layout.addLayout(form)
        self.db_next = selectable()
        self.db_next.setObjectName("muted")
        layout.addWidget(self.db_next)
        row = QHBoxLayout()
        self.data_place_button = QPushButton("Đổi nơi lưu dữ liệu…")
        self.data_place_button.setToolTip(
            "Máy tính này hoặc một máy chủ PostgreSQL dùng chung, cho các lần khởi động sau"
        )
        self.data_place_button.clicked.connect(self.change_data_place)
        allow(self.workspace, choose_data_place, self.data_place_button)
        row.addWidget(self.data_place_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.show_data_place()
        if db.file_path is not None:
            backups = backup_dir_for(db.file_path)
            note = selectable(
                f"Chương trình tự sao lưu tệp dữ liệu vào thư mục “{backups}”: khi đóng cửa sổ, mỗi ngày một lần "
                "khi đang chạy và trước mỗi lần nâng cấp cấu trúc dữ liệu. Xem và khôi phục ở thẻ Sao lưu."
            )
            note.setObjectName("muted")
            layout.addWidget(note)
            row = QHBoxLayout()
            self.open_folder_button = QPushButton("Mở thư mục chứa tệp dữ liệu")
            self.open_folder_button.clicked.connect(
                lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(db.file_path.parent)))
            )
            row.addWidget(self.open_folder_button)
            row.addStretch(1)
            layout.addLayout(row)
        hint = selectable("Để làm việc trên tệp dữ liệu khác, chọn Tệp › Mở cơ sở dữ liệu khác… (Ctrl+O).")
        hint.setObjectName("muted")
        layout.addWidget(hint)
        layout.addWidget(self._read_ahead_box())
        note = selectable(
            "Danh sách hiện ngay khi mở. Cần thêm bộ nhớ: vài trăm MB với tỉnh 100.000 cán bộ; trên máy ít "
            "bộ nhớ, bỏ chọn để danh sách chỉ được xét khi mở."
        )
        note.setObjectName("muted")
        layout.addWidget(note)
        layout.addStretch(1)
        return tab

    def _read_ahead_box(self) -> QCheckBox:
        """This PC's choice (ui.settings.READ_AHEAD_VERDICTS): "Ai đủ điều kiện?" judged ahead, or when asked."""
        box = QCheckBox("Chuẩn bị sẵn danh sách “Ai đủ điều kiện?” khi mở chương trình (trên máy này)")
        box.setToolTip(
            "Khi cửa sổ đã sẵn sàng, chương trình đọc lịch sử thi đua, khen thưởng và xét mọi danh hiệu của năm "
            "làm việc ở chế độ nền, để danh sách hiện ngay khi mở. Dùng thêm bộ nhớ (vài trăm MB với tỉnh "
            "100.000 cán bộ): bỏ chọn trên máy ít bộ nhớ; khi đó danh sách được xét lúc mở. Kết quả xét của năm "
            "được lưu trên máy này (đã mã hóa) để lần mở sau hiện ngay; dữ liệu đã thay đổi thì xét lại."
        )
        box.setChecked(ui_settings.read(ui_settings.READ_AHEAD_VERDICTS))
        box.toggled.connect(self._read_ahead_chosen)
        self.read_ahead_box = box
        return box

    def _read_ahead_chosen(self, on: bool) -> None:
        ui_settings.write(ui_settings.READ_AHEAD_VERDICTS, on)
        if on:
            self.workspace.verdicts.read_ahead()

    def show_data_place(self) -> None:
        """Whether the place in use is the one this PC opens at each start (the choice remembered)."""
        here, then = place_of(self.workspace.db.url), next_start_place()
        remembered = remembered_database_url()
        if here == then:
            said = "Đây là nơi chương trình trên máy này mở ở mỗi lần khởi động"
            said += f" (máy chủ đã chọn, ghi nhớ trong tệp “{remembered_url_file()}”)." if remembered else "."
        else:
            said = f"Chỉ mở lần này. Ở mỗi lần khởi động, chương trình trên máy này mở dữ liệu ở {then.text}."
        if os.environ.get(ENV_DATABASE_URL):
            said += f" (Biến môi trường {ENV_DATABASE_URL} đang chỉ định nơi mở, thay cho lựa chọn ghi nhớ.)"
        self.db_next.setText(said)

    def change_data_place(self) -> None:
        from ui.dialogs.data_place_dialog import change_data_place  # loaded when asked

        change_data_place(self.workspace, self)
        self.show_data_place()  # the remembered choice changed (the window may be opening it meanwhile)

    # Văn bản
    def _documents_tab(self) -> QWidget:
        from app.documents.fonts import system_times
        from app.services.settings import FONT_CHOICES

        tab = QWidget()
        layout = QVBoxLayout(tab)
        form = QFormLayout()
        self.font_combo = QComboBox()
        for key, label in FONT_CHOICES.items():
            self.font_combo.addItem(label, key)
        self.font_combo.setCurrentIndex(-1)
        self.font_combo.setEnabled(False)  # until the office's choice is read
        self.font_combo.currentIndexChanged.connect(self._font_chosen)
        form.addRow("Phông chữ in văn bản:", self.font_combo)
        layout.addLayout(form)
        found = system_times() is not None
        self.font_note = selectable(
            "Máy này có Times New Roman: văn bản in bằng phông này khi được chọn."
            if found
            else "Máy này không có đủ bốn kiểu chữ Times New Roman: văn bản in bằng Liberation Serif đi kèm, cùng cỡ "
            "chữ và khoảng cách, nên bố cục không đổi."
        )
        self.font_note.setObjectName("muted")
        layout.addWidget(self.font_note)
        layout.addStretch(1)
        return tab

    def _font_chosen(self, index: int) -> None:
        if index < 0:
            return

        WriteOp(
            self.workspace,
            self,
            "Đang lưu lựa chọn phông chữ…",
            set_document_font,
            self.font_combo.currentData(),
            areas={Area.SETTINGS},
        ).run()

    def load_args(self) -> tuple:
        return (self.workspace.ctx,)

    def _view_loaded(self, _args: tuple, view: SettingsView) -> None:
        self.view_data = view
        self.font_combo.blockSignals(True)
        self.font_combo.setCurrentIndex(self.font_combo.findData(view.font))
        self.font_combo.blockSignals(False)
        self.font_combo.setEnabled(True)
        chosen = self._select_type_id or self.current_award_type_id()
        self._select_type_id = None
        self.show_catalogue(view.award_types, chosen)
        self.show_base_salaries(view.base_salaries)
        self.show_province_rules(view.province_rules)

    # Danh mục khen thưởng
    def _catalogue_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        note = selectable(
            "Danh mục đi kèm chương trình được cập nhật theo văn bản pháp luật mỗi khi nâng cấp; "
            "hình thức khen thưởng và mức lương cơ sở do cơ quan tự thêm được giữ nguyên."
        )
        note.setObjectName("muted")
        layout.addWidget(note)
        self.catalogue_table = read_only_table(CATALOGUE_HEADERS, stretch=1)
        self.catalogue_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.catalogue_table.setAccessibleName("Danh mục danh hiệu, hình thức khen thưởng")
        self.catalogue_table.itemSelectionChanged.connect(self.show_award_detail)
        split, self.award_detail = beside_detail(
            self.catalogue_table,
            "awardTypeDetail",
            "Tiêu chuẩn, căn cứ và hệ số tiền thưởng của dòng đang chọn",
            (690, 330),
        )
        split.setMinimumHeight(300)
        layout.addWidget(split, 3)
        self.add_award_button = QPushButton("Thêm hình thức khen thưởng của cơ quan…")
        self.add_award_button.clicked.connect(self.add_local_award)
        self.law_update_button = QPushButton("Cập nhật quy định…")
        self.law_update_button.setToolTip(
            "Áp dụng tệp cập nhật quy định (có chữ ký) của nhà phát hành, hoặc hoàn tác bản sau cùng"
        )
        self.law_update_button.clicked.connect(self.update_law)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_award_button)
        buttons.addWidget(self.law_update_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        box = QGroupBox("Mức lương cơ sở")
        inner = QVBoxLayout(box)
        self.salary_table = read_only_table(
            ["Áp dụng từ ngày", "Mức lương cơ sở", "Văn bản quy định", "Nguồn"], stretch=2
        )
        self.salary_table.setAccessibleName("Mức lương cơ sở theo ngày áp dụng")
        inner.addWidget(self.salary_table)
        salary_row = QHBoxLayout()
        self.add_salary_button = QPushButton("Thêm mức mới…")
        self.add_salary_button.setToolTip(
            "Ghi mức lương cơ sở mới và ngày áp dụng theo nghị định của Chính phủ"
        )
        self.add_salary_button.clicked.connect(self.add_base_salary)
        salary_row.addWidget(
            selectable(
                "Tiền thưởng = hệ số × mức lương cơ sở có hiệu lực vào ngày ký quyết định, "
                "làm tròn lên hàng chục nghìn đồng."
            ),
            1,
        )
        salary_row.addWidget(self.add_salary_button)
        inner.addLayout(salary_row)
        layout.addWidget(box)
        layout.addWidget(self._province_box())
        return tab

    def _province_box(self) -> QGroupBox:
        box = QGroupBox("Quy định của tỉnh")
        inner = QVBoxLayout(box)
        self.province_table = read_only_table(
            ["Quy định", "Nội dung", "Từ ngày", "Văn bản quy định", "Nguồn"], stretch=1
        )
        self.province_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.province_table.setAccessibleName(
            "Quy định của tỉnh: dòng căn cứ và tỷ lệ phiếu bầu của Hội đồng"
        )
        self.province_table.doubleClicked.connect(
            lambda _index: self.edit_province_rule() if self.province_button.isEnabled() else None
        )
        inner.addWidget(self.province_table)
        row = QHBoxLayout()
        row.addWidget(
            selectable(
                "Dòng căn cứ in trên quyết định, tờ trình, kế hoạch theo ngày văn bản; tỷ lệ phiếu "
                "bầu của Hội đồng do quy định của tỉnh đặt. Hãy ghi số, ngày văn bản của tỉnh."
            ),
            1,
        )
        self.province_button = QPushButton("Ghi quy định của tỉnh…")
        self.province_button.setToolTip(
            "Ghi dòng căn cứ hoặc tỷ lệ phiếu bầu theo quy định của tỉnh, với ngày có "
            "hiệu lực và văn bản quy định"
        )
        self.province_button.clicked.connect(self.edit_province_rule)
        row.addWidget(self.province_button)
        inner.addLayout(row)
        return box

    def show_province_rules(self, rules: list[ProvinceRule]) -> None:
        self.province_rules = rules
        table = self.province_table
        table.setRowCount(len(self.province_rules))
        for r, rule in enumerate(self.province_rules):
            table.setItem(r, 0, cell(rule.label))
            table.setItem(r, 1, cell(province_value_text(rule)))
            table.setItem(r, 2, cell(date(rule.effective_from)))
            source = cell(rule.source or "")
            source.setToolTip(
                f"{rule.certainty.value} – {rule.certainty.label}: {CERTAINTY_MEANING[rule.certainty]}"
            )
            table.setItem(r, 3, source)
            table.setItem(r, 4, cell(SOURCE_TEXT[rule.local], bold=rule.local))

    def edit_province_rule(self) -> QDialog:
        from ui.dialogs.catalogue_forms import ProvinceRuleDialog

        rows = self.province_table.selectionModel().selectedRows()
        current = self.province_rules[rows[0].row()] if rows else None
        return open_window_modal(
            ProvinceRuleDialog(self.workspace, self.province_rules, current, self.window())
        )

    def show_catalogue(self, types: list[AwardTypeInfo], select_id: int | None = None) -> None:
        table = self.catalogue_table
        table.blockSignals(True)
        table.setRowCount(len(types))
        chosen = 0
        for r, t in enumerate(types):
            code = cell(t.code)
            code.setData(Qt.ItemDataRole.UserRole, t.id)
            table.setItem(r, 0, code)
            name = cell(t.name + (" (cơ quan thêm)" if t.local else ""), bold=t.local)
            name.setToolTip(t.name)
            table.setItem(r, 1, name)
            table.setItem(r, 2, cell(CATEGORY_TEXT[t.category]))
            table.setItem(r, 3, cell(self.workspace.agency.wording.authority(t.level)))
            table.setItem(
                r, 4, cell("Có" if t.within_director_power else "Không", muted=not t.within_director_power)
            )
            if t.id == select_id:
                chosen = r
        table.blockSignals(False)
        if types:
            table.selectRow(chosen)
        self.show_award_detail()

    def current_award_type_id(self) -> int | None:
        rows = self.catalogue_table.selectionModel().selectedRows()
        item = self.catalogue_table.item(rows[0].row(), 0) if rows else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def show_award_detail(self) -> None:
        """The chosen row's detail is read in the background (DetailLoader), again after a write."""
        type_id = self.current_award_type_id()
        if type_id is not None and type_id == self.details.key:
            self.details.refresh()
        else:
            self.details.show(type_id)

    def _show_award_detail(self, detail: AwardTypeDetail | None) -> None:
        self.award_detail.setHtml(
            award_type_html(detail)
            if detail
            else "<p>Chọn một dòng để xem tiêu chuẩn, căn cứ và hệ số tiền thưởng.</p>"
        )

    def show_base_salaries(self, rows: list[BaseSalaryInfo]) -> None:
        table = self.salary_table
        table.setRowCount(len(rows))
        for r, b in enumerate(rows):
            table.setItem(r, 0, cell(date(b.effective_from), bold=r == 0))
            table.setItem(r, 1, cell(money(b.amount), numeric=True, bold=r == 0))
            basis = cell(b.legal_basis or "")
            basis.setToolTip(f"{b.certainty.value} – {b.certainty.label}: {CERTAINTY_MEANING[b.certainty]}")
            table.setItem(r, 2, basis)
            table.setItem(r, 3, cell(SOURCE_TEXT[b.local], bold=b.local))
        # As tall as its rows (a handful, one more every few years): no empty band, no scrolling.
        table.setFixedHeight(
            table.horizontalHeader().sizeHint().height()
            + table.verticalHeader().length()
            + 2 * table.frameWidth()
            + 2
        )

    def add_local_award(self) -> QDialog:
        from ui.dialogs.catalogue_forms import LocalAwardTypeDialog

        return open_window_modal(
            LocalAwardTypeDialog(self.workspace, self.window()),
            lambda d: self.select_award_type(d.result_value),
        )

    def update_law(self) -> QDialog:
        from ui.dialogs.catalogue_update import CatalogueUpdateDialog

        # Its writes announce CATALOGUE: this page and the overview read again.
        return open_window_modal(CatalogueUpdateDialog(self.workspace, self.window()))

    def select_award_type(self, type_id: int) -> None:
        """Choose the row of this award type; if the catalogue is being read again, once it is in."""
        if self._loader.busy:
            self._select_type_id = type_id
            return
        table = self.catalogue_table
        for r in range(table.rowCount()):
            if table.item(r, 0).data(Qt.ItemDataRole.UserRole) == type_id:
                table.selectRow(r)
                return

    def add_base_salary(self) -> QDialog:
        from ui.dialogs.catalogue_forms import BaseSalaryDialog

        # The write announces CATALOGUE: this page and the overview (the base salary in force) read again.
        return open_window_modal(BaseSalaryDialog(self.workspace, self.window()))


SOURCE_TEXT = {False: "Chương trình", True: "Cơ quan thêm"}
# Who receives it, and the rest of a row, are in the detail beside the table.
CATALOGUE_HEADERS = ["Mã", "Tên", "Loại", "Cấp quyết định", "Thẩm quyền GĐ Sở"]
CATEGORY_TEXT = {AwardCategory.TITLE: "Danh hiệu", AwardCategory.HONOR: "Hình thức"}
CERTAINTY_MEANING = {
    Certainty.VERIFIED: "căn cứ có trích dẫn điều, khoản của văn bản.",
    Certainty.PROBABLE: "lấy từ nguồn gián tiếp hoặc suy ra từ các nguồn thống nhất; cần đối chiếu văn bản gốc "
    "trước khi dùng chính thức.",
    Certainty.UNVERIFIED: "theo hiểu biết chung, chưa thấy trong văn bản chính thức; cần kiểm tra trước khi dùng.",
}


def province_value_text(rule: ProvinceRule) -> str:
    if rule.value is None:
        return "chưa ghi" if rule.key == PROVINCE_LINE else "quá nửa tổng số thành viên"
    if rule.key == PROVINCE_LINE:
        return str(rule.value)
    return f"{ratio_percent_text(rule.value)} tổng số thành viên"


def _coefficient(value) -> str:
    return "—" if value is None else decimal_text(value)


def award_type_html(d: AwardTypeDetail) -> str:
    """One catalogue row in full: who grants it, its rule, its legal basis and how sure that is, its
    coefficients by date."""
    t = d.info
    subjects = ", ".join(
        x
        for x, yes in (
            ("cá nhân", t.for_individual),
            ("tập thể", t.for_collective),
            ("hộ gia đình", d.for_household),
        )
        if yes
    )
    valid = " đến " + date(d.valid_to) if d.valid_to else ""
    facts = [
        f"{t.category.label} · {d.periodicity.label.lower()} · tặng cho {subjects}",
        f"Người quyết định: {d.granted_by}" + ("" if t.within_director_power else " (Sở trình cấp trên)"),
        f"Áp dụng từ {date(d.valid_from)}{valid}" if d.valid_from else "",
    ]
    html = [
        f"<h3 style='margin:0'>{escape(t.name)}</h3>",
        f"<p style='margin:2px 0 6px 0'>Mã {escape(t.code)} · viết tắt {escape(t.short_name)}"
        + (" · <b>do cơ quan thêm</b>" if t.local else "")
        + "</p>",
        "".join(f"<p style='margin:0'>{escape(f)}</p>" for f in facts if f),
    ]
    if d.rule:
        html.append(
            f"<p style='margin:8px 0 0 0'><b>Tiêu chuẩn</b></p><p style='margin:0'>{escape(d.rule)}</p>"
        )
    html.append(f"<p style='margin:8px 0 0 0'><b>Căn cứ</b>: {escape(d.legal_basis or 'chưa ghi')}</p>")
    html.append(
        f"<p style='margin:2px 0 0 0'><b>Độ tin cậy {d.certainty.value}</b> – {d.certainty.label}: "
        f"{CERTAINTY_MEANING[d.certainty]}</p>"
    )
    if d.coefficients:
        html.append(
            "<p style='margin:8px 0 2px 0'><b>Hệ số tiền thưởng</b> (× mức lương cơ sở)</p>"
            "<table cellspacing='0' cellpadding='3' border='1' style='border-collapse:collapse'>"
            "<tr><th>Từ ngày</th><th>Cá nhân</th><th>Tập thể</th><th>Căn cứ</th></tr>"
        )
        html += [
            f"<tr><td>{date(c.effective_from)}</td><td align='right'>{_coefficient(c.individual)}</td>"
            f"<td align='right'>{_coefficient(c.collective)}</td><td>{escape(c.legal_basis or '')} "
            f"({c.certainty.value})</td></tr>"
            for c in d.coefficients
        ]
        html.append("</table>")
    else:
        html.append("<p style='margin:8px 0 0 0'>Không kèm tiền thưởng.</p>")
    return "".join(html)
