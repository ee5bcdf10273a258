"""Vietnamese for the few words Qt writes itself (context menus, standard buttons).

Qt ships no Vietnamese catalogue, so a clerk would otherwise meet "Copy", "Paste" or "Cancel" in the
middle of a Vietnamese program. Only what our widgets can show is translated.
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator

_EDIT = {
    "&Undo": "&Hoàn tác",
    "&Redo": "&Làm lại",
    "Cu&t": "&Cắt",
    "&Copy": "&Sao chép",
    "Copy &Link Location": "Sao chép địa chỉ &liên kết",
    "&Paste": "&Dán",
    "Delete": "Xóa",
    "Select All": "Chọn tất cả",
}

_TEXTS: dict[str, dict[str, str]] = {
    "QLineEdit": _EDIT,
    "QWidgetTextControl": _EDIT,
    "QAbstractSpinBox": {"&Select All": "Chọn &tất cả", "&Step up": "&Tăng", "Step &down": "&Giảm"},
    "QPlatformTheme": {
        "OK": "Đồng ý",
        "Save": "Lưu",
        "Save All": "Lưu tất cả",
        "Open": "Mở",
        "&Yes": "&Có",
        "Yes to &All": "Có với &tất cả",
        "&No": "&Không",
        "N&o to All": "Không với tất &cả",
        "Abort": "Dừng",
        "Retry": "Thử lại",
        "Ignore": "Bỏ qua",
        "Close": "Đóng",
        "Cancel": "Hủy",
        "Discard": "Bỏ thay đổi",
        "Help": "Trợ giúp",
        "Apply": "Áp dụng",
        "Reset": "Đặt lại",
        "Restore Defaults": "Khôi phục mặc định",
    },
    "QMessageBox": {"Show Details...": "Xem chi tiết…", "Hide Details...": "Ẩn chi tiết…"},
    # Qt's own file dialog (Windows shows its native one, already in the system's language).
    "QFileDialog": {
        "Look in:": "Tìm trong:",
        "File &name:": "&Tên tệp:",
        "Files of type:": "Loại tệp:",
        "Files of &type:": "&Loại tệp:",
        "&Look in:": "&Tìm trong:",
        "&Open": "&Mở",
        "Open": "Mở",
        "&Choose": "&Chọn",
        "Back": "Quay lại",
        "Forward": "Tiếp",
        "Parent Directory": "Thư mục cha",
        "Create New Folder": "Tạo thư mục mới",
        "List View": "Dạng danh sách",
        "Detail View": "Dạng chi tiết",
        "My Computer": "Máy tính",
    },
    "QFileSystemModel": {"Name": "Tên", "Size": "Cỡ", "Type": "Loại", "Date Modified": "Ngày sửa"},
}


class VietnameseQtTranslator(QTranslator):
    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: D401 - Qt's signature
        if isinstance(context, bytes):
            context = context.decode("utf-8", "replace")
        # None (a null string) tells Qt "not translated here"; "" would blank the text out.
        return _TEXTS.get(context, {}).get(source_text)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False
