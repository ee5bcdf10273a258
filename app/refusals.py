"""The database refused a write: what `ServiceContext.write` raises instead of the driver's error."""

from __future__ import annotations

from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError

from app.errors import UserError

# `ServiceContext.write` turns what the database driver raises into one of these, once, so that the window
# shows Vietnamese words and never a traceback. Each stays an instance of the SQLAlchemy class it stands
# for (OperationalError, IntegrityError…) with the driver's error in `orig`, so that a service handling a
# driver error itself (a lost race for a document number, say) still recognises it.


class DatabaseRefused(UserError):
    """The database did not take the write; the transaction was rolled back, nothing was saved."""

    message = "Cơ sở dữ liệu không nhận việc ghi. Chưa có gì được lưu."

    def __init__(self, original: BaseException | None = None, message: str | None = None):
        UserError.__init__(self, message or self.message)
        self.text = message or self.message
        self.original = original
        # What SQLAlchemy's error classes carry, for the code that reads them.
        self.orig = getattr(original, "orig", original)
        self.statement = getattr(original, "statement", None)
        self.params = getattr(original, "params", None)
        self.connection_invalidated = getattr(original, "connection_invalidated", False)
        self.detail: list[str] = []
        self.code = getattr(original, "code", None)
        self.ismulti = getattr(original, "ismulti", None)
        self.hide_parameters = getattr(original, "hide_parameters", False)

    def __str__(self) -> str:
        return self.text

    def __reduce__(self):
        return type(self), (self.original, self.text)


class DatabaseBusy(DatabaseRefused, OperationalError):
    """Another program held the write lock longer than the bounded wait."""

    message = (
        "Cơ sở dữ liệu đang bận: một cửa sổ TĐKT khác, trên máy này hoặc máy khác, đang ghi mà chưa xong. "
        "Chưa có gì được lưu; hãy đợi một lát rồi làm lại."
    )


class DiskFull(DatabaseRefused, OperationalError):
    """The disk holding the file (or the server's disk) is full."""

    message = (
        "Ổ đĩa chứa cơ sở dữ liệu đã hết chỗ trống. Chưa có gì được lưu; "
        "hãy giải phóng dung lượng ổ đĩa rồi làm lại."
    )


class ReadOnlyDatabase(DatabaseRefused, OperationalError):
    """The file, its folder or the server's transaction is read-only."""

    message = (
        "Không ghi được vào cơ sở dữ liệu: tệp hoặc thư mục chứa nó chỉ cho phép đọc (hoặc tài khoản này "
        "không có quyền ghi). Chưa có gì được lưu; hãy chép tệp vào một thư mục ghi được, "
        "hoặc nhờ người quản trị cấp quyền ghi."
    )


class DatabaseDamaged(DatabaseRefused, DatabaseError):
    """The file is not a database, or its pages are damaged."""

    message = (
        "Tệp cơ sở dữ liệu bị hỏng hoặc không phải tệp dữ liệu TĐKT. Chưa có gì được lưu; "
        "đừng ghi thêm vào tệp này mà hãy khôi phục từ một bản sao lưu (thư mục sao lưu cạnh tệp dữ liệu)."
    )


class ConnectionLost(DatabaseRefused, OperationalError):
    """The server went away in the middle of the transaction."""

    message = (
        "Mất kết nối với máy chủ cơ sở dữ liệu giữa chừng. Chưa có gì được lưu; "
        "hãy kiểm tra mạng rồi làm lại."
    )


class ConstraintRefused(DatabaseRefused, IntegrityError):
    """A unique, foreign-key or check constraint refused the change."""

    message = (
        "Cơ sở dữ liệu từ chối thay đổi này vì nó trái với dữ liệu đã có (bị trùng, hoặc còn được dùng ở "
        "nơi khác). Chưa có gì được lưu; hãy tải lại danh sách rồi kiểm tra."
    )
