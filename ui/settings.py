"""This computer's settings (scope PC): declared once here with the Setting of app/settings.py, kept in
giao-dien.ini beside the clerk's data (one folder for a portable install), read and written only through
`read` and `write`. The office's own choices (scope DATABASE) are declared in app/settings.py."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings

from app.paths import data_dir
from app.settings import Scope, Setting

PC = Scope.PC

WINDOW_GEOMETRY = Setting("main_window/geometry", bytes, None, PC, "Kích thước và vị trí cửa sổ chính")
STAFF_HIDDEN_COLUMNS = Setting(
    "staff_page/hidden_columns", tuple, None, PC, "Các cột ẩn của danh sách cán bộ (chưa chọn: mặc định)"
)
LAST_CERTIFICATE_LAYOUT = Setting(
    "certificates/last_layout", str, "", PC, "Mẫu phôi giấy khen dùng lần trước"
)
IMPORT_FOLDER = Setting("files/last_import_folder", str, "", PC, "Thư mục chọn tệp nhập lần trước")
PDF_FOLDER = Setting("files/last_pdf_folder", str, "", PC, "Thư mục lưu tệp PDF lần trước")
DOCX_FOLDER = Setting("files/last_docx_folder", str, "", PC, "Thư mục lưu tệp Word lần trước")
EXPORT_FOLDER = Setting("files/last_export_folder", str, "", PC, "Thư mục lưu tệp Excel lần trước")
WORKING_YEAR = Setting("work/year", int, 0, PC, "Năm làm việc (0: năm xét khen thưởng theo ngày hôm nay)")
LAST_USERNAME = Setting("sign_in/last_username", str, "", PC, "Tên đăng nhập dùng lần trước trên máy này")
READ_AHEAD_VERDICTS = Setting(
    "eligibility/read_ahead",
    bool,
    True,
    PC,
    "Chuẩn bị sẵn danh sách “Ai đủ điều kiện?” của năm làm việc khi mở chương trình (dùng thêm bộ nhớ)",
)

PC_SETTINGS: tuple[Setting, ...] = (
    WINDOW_GEOMETRY,
    STAFF_HIDDEN_COLUMNS,
    LAST_CERTIFICATE_LAYOUT,
    IMPORT_FOLDER,
    PDF_FOLDER,
    DOCX_FOLDER,
    EXPORT_FOLDER,
    WORKING_YEAR,
    LAST_USERNAME,
    READ_AHEAD_VERDICTS,
)


def settings_file() -> QSettings:
    """The ini file itself; use `read` and `write` rather than this."""
    return QSettings(str(data_dir() / "giao-dien.ini"), QSettings.Format.IniFormat)


def _declared(setting: Setting) -> Setting:
    if setting.scope is not Scope.PC or setting not in PC_SETTINGS:
        raise ValueError(f"{setting.key} is not a setting of this PC (ui/settings.py)")
    return setting


def read(setting: Setting) -> Any:
    """The value on this computer (its default when never saved or unreadable)."""
    return setting.decode(settings_file().value(_declared(setting).key))


def write(setting: Setting, value: Any) -> None:
    store = settings_file()
    store.setValue(_declared(setting).key, setting.encode(value))
    store.sync()
