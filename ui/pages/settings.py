"""Cài đặt: the agency header and signers, the database in use, the catalogue of titles and forms."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
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

from app.paths import backup_dir_for
from app.services.agency import AgencyInfo
from app.services.catalogue import list_award_types
from database.enums import AwardCategory
from ui.pages.base import Page
from ui.widgets.agency_header import AUTHORITY_TEXT, DocumentPreview, header_html, signature_lines
from ui.widgets.tables import cell, read_only_table


def selectable(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class SettingsPage(Page):
    TITLE = "Cài đặt"
    ICON = "settings"

    def __init__(self, workspace, parent=None):
        super().__init__(workspace, parent)
        layout = self.scrolling_body()
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(12)
        row, sub = self.heading("Thông tin cơ quan in trên văn bản, cơ sở dữ liệu đang dùng và danh mục "
                                "danh hiệu, hình thức khen thưởng.")
        layout.addLayout(row)
        layout.addWidget(sub)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._agency_tab(), "Cơ quan và người ký")
        self.tabs.addTab(self._database_tab(), "Cơ sở dữ liệu")
        self.tabs.addTab(self._catalogue_tab(), "Danh mục khen thưởng")
        layout.addWidget(self.tabs, 1)

        workspace.agency_changed.connect(self.show_agency)
        self.show_agency(workspace.agency)
        self.show_catalogue()

    # Cơ quan và người ký
    def _agency_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        top = QHBoxLayout()
        self.header_preview = DocumentPreview()
        self.header_preview.setMaximumWidth(620)
        top.addWidget(self.header_preview, 3)
        details = QFormLayout()
        self.contact_labels = {key: selectable() for key in ("symbol", "place", "address", "phone", "email",
                                                             "website")}
        details.addRow("Chữ viết tắt:", self.contact_labels["symbol"])
        details.addRow("Địa danh:", self.contact_labels["place"])
        details.addRow("Địa chỉ:", self.contact_labels["address"])
        details.addRow("Điện thoại:", self.contact_labels["phone"])
        details.addRow("Thư điện tử:", self.contact_labels["email"])
        details.addRow("Trang thông tin:", self.contact_labels["website"])
        top.addLayout(details, 2)
        layout.addLayout(top)

        self.signers_table = read_only_table(["Họ và tên", "Chức vụ", "Hình thức ký",
                                              "Dòng trên chữ ký", "Mặc định"])
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
        self.header_preview.setText(header_html(agency.parent_name, agency.name, agency.symbol,
                                                agency.place_name))
        values = {"symbol": agency.symbol, "place": agency.place_name, "address": agency.address,
                  "phone": agency.phone, "email": agency.email, "website": agency.website}
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

        dialog = AgencyDialog(self.workspace.ctx, self.workspace.agency, self.window())
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
        self.db_location = selectable(db.describe())
        form.addRow("Loại:", self.db_kind)
        form.addRow("Vị trí:", self.db_location)
        form.addRow("Người dùng:", selectable(self.workspace.actor))
        layout.addLayout(form)
        if db.file_path is not None:
            backups = backup_dir_for(db.file_path)
            note = selectable(
                f"Trước mỗi lần nâng cấp cấu trúc dữ liệu, chương trình tự chép tệp vào thư mục "
                f"“{backups}”. Để sao lưu thủ công, hãy đóng chương trình rồi chép tệp dữ liệu sang USB."
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
        layout.addStretch(1)
        return tab

    # Danh mục khen thưởng
    def _catalogue_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        note = selectable("Danh mục đi kèm chương trình, cập nhật theo văn bản pháp luật mỗi khi nâng cấp; "
                          "chỉ để xem.")
        note.setObjectName("muted")
        layout.addWidget(note)
        self.catalogue_table = read_only_table(["Mã", "Tên", "Loại", "Cấp quyết định", "Đối tượng",
                                                "Thẩm quyền Giám đốc Sở"], stretch=1)
        layout.addWidget(self.catalogue_table, 1)
        return tab

    def show_catalogue(self) -> None:
        # Titles (danh hiệu) first, then forms (hình thức), each in the catalogue's rank order.
        types = sorted(list_award_types(self.workspace.ctx), key=lambda t: t.category is not AwardCategory.TITLE)
        table = self.catalogue_table
        table.setRowCount(len(types))
        for r, t in enumerate(types):
            subjects = [x for x, yes in (("Cá nhân", t.for_individual), ("Tập thể", t.for_collective)) if yes]
            table.setItem(r, 0, cell(t.code))
            name = cell(t.name)
            name.setToolTip(t.name)
            table.setItem(r, 1, name)
            table.setItem(r, 2, cell(t.category.label))
            table.setItem(r, 3, cell(t.level.label))
            table.setItem(r, 4, cell(", ".join(subjects)))
            table.setItem(r, 5, cell("Có" if t.within_director_power else "Không", muted=not t.within_director_power))
