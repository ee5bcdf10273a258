"""Cài đặt lần đầu: the wizard a new database opens with (app.services.first_run says what "new" is).

1. Cơ quan: the document header (the agency form of Cài đặt › Thông tin cơ quan, the same widget);
2. Người ký: Giám đốc and Phó Giám đốc with their titles (the same signers' grid);
3. Tài khoản quản trị: the first administrator (the same fields as the first-administrator dialog);
4. Nơi lưu dữ liệu: this PC (recommended) or a PostgreSQL server, with a connection test that really connects;
5. Sao lưu: the backups' folder, how many are kept, the second folder (the same rows as Cài đặt › Sao lưu);
6. Bắt đầu: import the unit and staff lists from Excel, start empty, or open the demo.

Nothing is written before Hoàn tất; then `set_up_chosen` writes it all through the services, off the GUI
thread, and `outcome` holds the result. Thoát writes nothing.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.errors import ValidationError
from app.services.accounts import PasswordPolicy
from app.services.agency import validate_agency
from app.services.backups import backup_folder, server_backup_folder
from app.services.context import ServiceContext, clean_input
from app.services.first_run import (
    FIRST_RUN_ACTOR,
    FirstRunDone,
    FirstRunPlan,
    StartChoice,
    set_up_chosen,
)
from database.engine import Database
from ui.dialogs.agency_dialog import AgencyFields, SignersEditor, signature_preview_html
from ui.dialogs.data_place_fields import DataPlaceFields
from ui.dialogs.sign_in import AdminFields, error_label, muted
from ui.operations import WriteOp, error_text
from ui.pages.settings_backups import BackupPolicyFields
from ui.widgets.agency_header import DocumentPreview
from ui.widgets.screen_fit import fit_to_screen

LATER = "Có thể sửa lại sau trong Cài đặt › {where}."


class _Page(QWizardPage):
    """A step: its title, a line of what it is for, its body, and an error line at the bottom."""

    def __init__(self, title: str, subtitle: str):
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.body = QVBoxLayout(self)
        self.error = error_label()

    def finish(self) -> None:
        self.body.addStretch(1)
        self.body.addWidget(self.error)
        for edit in self.findChildren(QLineEdit):
            edit.textEdited.connect(self.error.clear)

    def refuse(self, text: str, where: QWidget | None = None) -> bool:
        self.error.setText(text)
        if where is not None:
            where.setFocus()
        return False


class AgencyPage(_Page):
    def __init__(self):
        super().__init__(
            "Bước 1/6 – Cơ quan",
            "Tên cơ quan in ở đầu mọi công văn, quyết định, tờ trình. "
            + LATER.format(where="Cơ quan và người ký"),
        )
        self.fields = AgencyFields()
        self.preview = DocumentPreview()
        row = QHBoxLayout()
        row.addWidget(self.fields, 4)
        box = QGroupBox("Xem trước trên văn bản")
        QVBoxLayout(box).addWidget(self.preview)
        row.addWidget(box, 6)
        self.body.addLayout(row)
        self.fields.changed.connect(lambda: self.preview.setText(self.fields.header_html()))
        self.preview.setText(self.fields.header_html())
        self.finish()

    def validatePage(self) -> bool:  # noqa: N802 (Qt's name)
        gap = self.fields.first_gap()
        if gap is not None:
            return self.refuse(
                "Hãy nhập đủ cơ quan chủ quản, cơ quan ban hành, chữ viết tắt và địa danh.", gap
            )
        return True


class SignersPage(_Page):
    def __init__(self, agency: AgencyFields):
        super().__init__(
            "Bước 2/6 – Người ký",
            "Những người ký văn bản: Giám đốc ký, Phó Giám đốc ký thay (KT. GIÁM ĐỐC). "
            + LATER.format(where="Cơ quan và người ký"),
        )
        self.agency = agency
        self.signers = SignersEditor()
        self.signers.add_row()  # GIÁM ĐỐC, in his or her own right
        self.signers.add_row()  # PHÓ GIÁM ĐỐC, KT. GIÁM ĐỐC
        self.preview = DocumentPreview()
        self.body.addWidget(self.signers)
        box = QGroupBox("Xem trước phần ký của người ký mặc định")
        QVBoxLayout(box).addWidget(self.preview)
        self.body.addWidget(box)
        self.signers.changed.connect(self._update_preview)
        self.signers.changed.connect(self.error.clear)
        self.finish()

    def initializePage(self) -> None:  # noqa: N802 (Qt's name)
        self._update_preview()

    def _update_preview(self) -> None:
        self.preview.setText(self.agency.header_html() + signature_preview_html(self.signers))

    def validatePage(self) -> bool:  # noqa: N802 (Qt's name)
        try:
            validate_agency(clean_input(self.agency.agency_info(self.signers.signers())))
        except ValidationError as exc:
            blank = next((r.name for r in self.signers.rows if not r.name.text().strip()), None)
            return self.refuse(str(exc), blank)
        return True


class AdminPage(_Page):
    def __init__(self, policy: PasswordPolicy | None):
        super().__init__(
            "Bước 3/6 – Tài khoản quản trị",
            "Mỗi lần mở chương trình đều phải đăng nhập. Chương trình không có mật khẩu mặc định: hãy tự đặt "
            "mật khẩu và ghi nhớ. " + LATER.format(where="Tài khoản"),
        )
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.fields = AdminFields(form, policy)
        self.body.addLayout(form)
        self.finish()

    def validatePage(self) -> bool:  # noqa: N802 (Qt's name)
        problem = self.fields.problem()
        return True if problem is None else self.refuse(*problem)


class StoragePage(_Page):
    """This PC (the database opened at start), or a PostgreSQL server that passed the connection test."""

    def __init__(self, db: Database):
        super().__init__(
            "Bước 4/6 – Nơi lưu dữ liệu",
            "Một máy dùng riêng: lưu ngay trên máy này. Nhiều máy cùng làm việc: dùng một máy chủ PostgreSQL. "
            + LATER.format(where="Cơ sở dữ liệu"),
        )
        self.db = db
        here = "tệp" if db.is_sqlite else "cơ sở dữ liệu"  # a server given with --db-url is "the one opened"
        self.fields = DataPlaceFields(
            "Máy tính này (khuyên dùng)" if db.is_sqlite else "Cơ sở dữ liệu đang mở",
            f"Dữ liệu nằm trong {here}: {escape(db.describe())}",
            "Cơ sở dữ liệu trên máy chủ phải còn trống.",
        )
        self.fields.changed.connect(self.error.clear)
        self.body.addWidget(self.fields)
        self.finish()

    def chosen_url(self) -> str | None:
        return self.fields.chosen_url()

    def validatePage(self) -> bool:  # noqa: N802 (Qt's name)
        if self.fields.server_untested():
            return self.refuse(
                "Hãy bấm “Kiểm tra kết nối” và kết nối được tới một cơ sở dữ liệu trống trước."
            )
        return True


class BackupsPage(_Page):
    def __init__(self, db: Database, storage: StoragePage):
        super().__init__(
            "Bước 5/6 – Sao lưu",
            "Chương trình tự sao lưu khi đóng cửa sổ và mỗi ngày một lần khi đang chạy, rồi kiểm tra bản sao "
            "lưu vừa chép. " + LATER.format(where="Sao lưu"),
        )
        self.db, self.storage = db, storage
        self.folder = QLabel()
        self.folder.setWordWrap(True)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.addWidget(self.folder)
        form = QFormLayout()
        self.fields = BackupPolicyFields(form, self)
        self.body.addLayout(form)
        self.body.addWidget(
            muted(
                "Nên chọn thư mục thứ hai trên một ổ đĩa khác (ổ USB, ổ mạng): khi ổ đĩa của máy hỏng, bản sao "
                "ở đó vẫn còn."
            )
        )
        self.finish()

    def initializePage(self) -> None:  # noqa: N802 (Qt's name)
        url = self.storage.chosen_url()
        folder = backup_folder(self.db) if url is None else server_backup_folder(url)
        self.folder.setText(f"Thư mục sao lưu chính: <b>{escape(str(folder))}</b>")


class StartPage(_Page):
    def __init__(self):
        super().__init__("Bước 6/6 – Bắt đầu", "Chọn việc làm đầu tiên, rồi bấm “Hoàn tất”.")
        self.choices: dict[StartChoice, QRadioButton] = {}
        group = QButtonGroup(self)
        for choice, text, hint in (
            (
                StartChoice.IMPORT,
                "Nhập danh sách đơn vị và cán bộ từ Excel",
                "Tạo đơn vị gốc là cơ quan vừa nhập, rồi mở lần lượt hai bước nhập từ tệp Excel (.xlsx, .xls): "
                "danh sách đơn vị trực thuộc (bệnh viện, trung tâm, trạm y tế, khoa, phòng), rồi danh sách cán "
                "bộ các đơn vị gửi. Chưa có tệp thì bấm Đóng; làm sau ở mục Đơn vị, Cán bộ.",
            ),
            (StartChoice.EMPTY, "Bắt đầu với cơ sở dữ liệu trống", "Tự thêm đơn vị, cán bộ sau."),
            (
                StartChoice.DEMO,
                "Mở dữ liệu mẫu để dùng thử",
                "Tạo một tỉnh mẫu nhỏ (35 đơn vị, 1.500 cán bộ, mười năm khen thưởng) ngay trong cơ sở dữ "
                "liệu này, mất khoảng nửa phút. Dữ liệu mẫu không dùng được cho công việc thật: khi làm thật, "
                "hãy dùng một cơ sở dữ liệu mới.",
            ),
        ):
            button = QRadioButton(text)
            group.addButton(button)
            self.choices[choice] = button
            self.body.addWidget(button)
            hint_label = muted(hint)
            hint_label.setContentsMargins(24, 0, 0, 8)
            self.body.addWidget(hint_label)
        self.choices[StartChoice.IMPORT].setChecked(True)
        self.finish()

    def choice(self) -> StartChoice:
        return next(choice for choice, button in self.choices.items() if button.isChecked())


class FirstRunWizard(QWizard):
    """The six steps; `outcome` holds the FirstRunDone once Hoàn tất has written everything (None: Thoát)."""

    def __init__(self, db: Database, policy: PasswordPolicy | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.outcome: FirstRunDone | None = None
        self.busy = False
        self.setWindowTitle("Cài đặt lần đầu – TĐKT")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for which, text in (
            (QWizard.WizardButton.BackButton, "< Quay lại"),
            (QWizard.WizardButton.NextButton, "Tiếp >"),
            (QWizard.WizardButton.FinishButton, "Hoàn tất"),
            (QWizard.WizardButton.CancelButton, "Thoát"),
        ):
            self.setButtonText(which, text)
        self.button(QWizard.WizardButton.CancelButton).setToolTip("Đóng chương trình, chưa lưu gì")
        self.agency_page = AgencyPage()
        self.signers_page = SignersPage(self.agency_page.fields)
        self.admin_page = AdminPage(policy)
        self.storage_page = StoragePage(db)
        self.backups_page = BackupsPage(db, self.storage_page)
        self.start_page = StartPage()
        for page in (
            self.agency_page,
            self.signers_page,
            self.admin_page,
            self.storage_page,
            self.backups_page,
            self.start_page,
        ):
            self.addPage(page)
        fit_to_screen(self, 1040, 640)
        self.agency_page.fields.parent_name.setFocus()

    def plan(self) -> FirstRunPlan:
        agency = self.agency_page.fields.agency_info(self.signers_page.signers.signers())
        admin = self.admin_page.fields
        return FirstRunPlan(
            agency=agency,
            admin=admin.data(),
            password=admin.password.first.text(),
            backups=self.backups_page.fields.policy(),
            start=self.start_page.choice(),
            server_url=self.storage_page.chosen_url(),
        )

    def accept(self) -> None:
        """Hoàn tất: everything written through the services, off the GUI thread; the wizard closes after."""
        if self.busy:
            return
        self.busy = True
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        self.start_page.error.clear()
        ctx = ServiceContext(self.db, actor=FIRST_RUN_ACTOR)
        label = (
            "Đang tạo dữ liệu mẫu và thiết lập…"
            if self.start_page.choice() is StartChoice.DEMO
            else ("Đang lưu các thông tin đã nhập…")
        )
        WriteOp(ctx, self, label, set_up_chosen, self.plan()).success(self._finished).failure(
            self._refused
        ).run()

    def _finished(self, done: FirstRunDone) -> None:
        self.busy = False
        self.outcome = done
        super().accept()

    def _refused(self, exc: BaseException) -> None:
        self.busy = False
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        self.start_page.error.setText(error_text(exc, "Chưa thiết lập được"))

    def reject(self) -> None:
        if not self.busy:  # the writes have started: they end before the wizard may close
            super().reject()
