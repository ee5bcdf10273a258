"""Every setting of the program, declared once: its key, type, default and scope.

Two scopes:
- DATABASE: the office's choices, kept in the AppSetting table, alike on every PC sharing the database
  (declared here; read and written inside a transaction through app.services.settings);
- PC: this computer's conveniences (window size, last folders), kept in giao-dien.ini beside the data
  (declared in ui/settings.py with the same Setting, read and written there through QSettings).

The law (parameters by date: thresholds, rounding, căn cứ) is no setting: it lives in the rules
catalogue (app/rules, the Parameter table) and is never declared here.

A value that cannot be read (a hand-edited file, a choice an older version wrote) reads as the default.
Nothing here imports Qt or the database.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.errors import ValidationError


class Scope(StrEnum):
    DATABASE = "database"  # the AppSetting table: every PC of the office
    PC = "pc"  # giao-dien.ini: this computer only


@dataclass(frozen=True)
class Setting:
    """One setting. `type` is how the stored text reads: str, bool, int, tuple (words joined by commas),
    object (JSON) or bytes (Qt's own bytes, PC only). With `choices`, only those values are taken (any
    other reads as the default). A `family` is one row per name: the key is the prefix of each. A `secret`
    (a private key) is written to the audit trail as changed, never with its value."""

    key: str
    type: type
    default: Any
    scope: Scope
    doc: str
    choices: Mapping[str, str] | None = None
    family: bool = False
    secret: bool = False

    def key_for(self, name: str | None = None) -> str:
        if self.family != (name is not None):
            raise ValueError(f"{self.key}: a family needs a name, a single setting takes none")
        return self.key + name if self.family else self.key

    def decode(self, raw: Any) -> Any:
        """The stored value (text, or what QSettings hands back) as its type; the default if unreadable."""
        if raw is None:
            return self.default
        try:
            if self.type is bytes:
                return raw
            if self.type is bool:
                return {"1": True, "true": True, "0": False, "false": False}[str(raw).lower()]
            if self.type is int:
                return int(raw)
            if self.type is tuple:
                words = raw if isinstance(raw, list) else str(raw).split(",")
                return tuple(w for w in (str(x).strip() for x in words) if w and w != "-")
            if self.type is object:
                return json.loads(raw)
            value = str(raw)
        except (KeyError, ValueError, TypeError):
            return self.default
        if self.choices is not None and value not in self.choices:
            return self.default
        return value

    def encode(self, value: Any) -> Any:
        """The value as stored; a value outside the choices is refused in Vietnamese."""
        if self.type is bytes:
            return value
        if self.type is bool:
            return "1" if value else "0"
        if self.type is tuple:
            return ",".join(value) or "-"  # "-": chosen to be empty, unlike never chosen (the default)
        if self.type is object:
            return json.dumps(value, ensure_ascii=False, sort_keys=True)
        text = str(value)
        if self.choices is not None and text not in self.choices:
            raise ValidationError(f"Giá trị “{text}” không hợp lệ cho {self.doc.lower()}.")
        return text


# --- the database-wide settings --------------------------------------------------------------------------

FONT_SYSTEM, FONT_BUNDLED = "times", "liberation"
FONT_CHOICES = {
    FONT_SYSTEM: "Times New Roman của máy tính (khi có bản quyền trên máy)",
    FONT_BUNDLED: "Liberation Serif đi kèm chương trình (cùng cỡ chữ với Times New Roman)",
}
DOCUMENT_FONT = Setting(
    "documents.font", str, FONT_SYSTEM, Scope.DATABASE, "Phông chữ của văn bản in", choices=FONT_CHOICES
)

SERIES_SHARED = "CHUNG"  # one numbering for every kind of document, as most offices keep it
SERIES_PER_KIND = "THEO_LOAI"
SERIES_CHOICES = {
    SERIES_SHARED: "Một sổ chung cho mọi loại văn bản",
    SERIES_PER_KIND: "Mỗi loại văn bản một dãy số riêng",
}
REGISTER_SERIES = Setting(
    "register.series", str, SERIES_SHARED, Scope.DATABASE, "Cách đánh số văn bản đi", choices=SERIES_CHOICES
)
# A leader (Lãnh đạo) approves a draft before the register gives it a number, where the office asks for it.
REQUIRE_APPROVAL = Setting(
    "documents.require_approval",
    bool,
    False,
    Scope.DATABASE,
    "Dự thảo phải được Lãnh đạo duyệt trước khi vào sổ",
)

CATALOGUE_FINGERPRINT = Setting(
    "catalogue_sha256", str, None, Scope.DATABASE, "Dấu của danh mục khen thưởng đã nạp vào cơ sở dữ liệu"
)
# The base_salary table has no `local` column: the dates the office entered itself are kept here, so a
# new release never overwrites them.
LOCAL_SALARY_DATES = Setting(
    "base_salary_local_dates", object, [], Scope.DATABASE, "Các mức lương cơ sở do cơ quan tự nhập (ngày)"
)
# Layouts of the pre-printed giấy khen blanks: the positions (JSON) and, apart, the scan of the blank, which is
# large and seldom changes, so that moving a field does not copy the image into the audit trail.
CERTIFICATE_LAYOUT = Setting(
    "certificate_layout:", object, None, Scope.DATABASE, "Mẫu phôi giấy khen (vị trí các dòng)", family=True
)
CERTIFICATE_BACKGROUND = Setting(
    "certificate_background:", str, None, Scope.DATABASE, "Ảnh quét phôi giấy khen", family=True
)

# --- integrity on start (app.startup) --------------------------------------------------------
# Every start runs SQLite's quick_check; the full integrity_check, slower on a big file, runs when this date
# (the last clean full check, ISO date-time) is more than a week old or missing.
INTEGRITY_CHECKED_AT = Setting(
    "integrity.full_check_at",
    str,
    None,
    Scope.DATABASE,
    "Lần kiểm tra toàn vẹn đầy đủ gần nhất mà tệp dữ liệu không có lỗi",
)

# The audit chain's head (hash:id of its last row), written with every audit row (app.services.audit): rows cut
# from the end of the chain leave no broken link, but a head the table no longer reaches.
AUDIT_HEAD = Setting("audit.head", str, None, Scope.DATABASE, "Dòng cuối của nhật ký (mã băm và số thứ tự)")

# --- backups (app/services/backups.py) -------------------------------------------------------------------
# How many automatic and manual backups are kept: the newest of each of the last N days, weeks and months
# that have one. The second folder (another disk, a USB stick, a network folder) receives a checked copy of
# each; empty: none.
BACKUP_KEEP_DAILY = Setting("backup.keep_daily", int, 7, Scope.DATABASE, "Số bản sao lưu hằng ngày được giữ")
BACKUP_KEEP_WEEKLY = Setting(
    "backup.keep_weekly", int, 5, Scope.DATABASE, "Số bản sao lưu hằng tuần được giữ"
)
BACKUP_KEEP_MONTHLY = Setting(
    "backup.keep_monthly", int, 12, Scope.DATABASE, "Số bản sao lưu hằng tháng được giữ"
)
BACKUP_SECOND_FOLDER = Setting(
    "backup.second_folder", str, "", Scope.DATABASE, "Thư mục thứ hai nhận bản sao lưu"
)

# --- signing USB packages (app.exchange.package_signing) ------------------------------------------------
# The office's own Ed25519 key (the private seed: whoever holds the database may sign as the office), the
# public keys of the agencies it trusts, and whether a package not signed by one of them is refused.
PACKAGE_SIGNING_KEY = Setting(
    "package.signing_key", object, None, Scope.DATABASE, "Khóa ký gói dữ liệu của cơ quan", secret=True
)
PACKAGE_TRUSTED_KEYS = Setting(
    "package.trusted_keys", object, [], Scope.DATABASE, "Các cơ quan tin cậy (khóa công khai để kiểm tra gói)"
)
PACKAGE_REQUIRE_TRUSTED = Setting(
    "package.require_trusted",
    bool,
    False,
    Scope.DATABASE,
    "Chỉ nhận gói có chữ ký của cơ quan tin cậy",
)

# The key a PC's kept "Ai đủ điều kiện?" (app.services.verdict_store) is sealed with: the file alone, off the
# PC, says nothing without the database.
VERDICT_STORE_KEY = Setting(
    "verdicts.store_key", str, None, Scope.DATABASE, "Khóa mã hóa bản lưu kết quả xét trên máy", secret=True
)

# --- accounts and sign-in (app.services.accounts; the administrator sets them) ---------------------------
PASSWORD_MIN_LENGTH = Setting(
    "accounts.password_min_length", int, 8, Scope.DATABASE, "Độ dài tối thiểu của mật khẩu"
)
PASSWORD_CLASSES = Setting(
    "accounts.password_classes",
    int,
    3,
    Scope.DATABASE,
    "Số loại ký tự tối thiểu của mật khẩu (chữ hoa, chữ thường, chữ số, ký tự khác)",
)
PASSWORD_MAX_AGE_DAYS = Setting(
    "accounts.password_max_age_days",
    int,
    0,
    Scope.DATABASE,
    "Số ngày mật khẩu còn hiệu lực (0: không hết hạn)",
)
LOCKOUT_ATTEMPTS = Setting(
    "accounts.lockout_attempts", int, 5, Scope.DATABASE, "Số lần đăng nhập sai liên tiếp thì khóa tài khoản"
)
LOCKOUT_MINUTES = Setting("accounts.lockout_minutes", int, 15, Scope.DATABASE, "Số phút khóa tài khoản")
IDLE_LOCK_MINUTES = Setting(
    "accounts.idle_lock_minutes",
    int,
    15,
    Scope.DATABASE,
    "Số phút không dùng thì khóa cửa sổ (0: không khóa)",
)
ACCOUNT_SETTINGS = (
    PASSWORD_MIN_LENGTH,
    PASSWORD_CLASSES,
    PASSWORD_MAX_AGE_DAYS,
    LOCKOUT_ATTEMPTS,
    LOCKOUT_MINUTES,
    IDLE_LOCK_MINUTES,
)

DATABASE_SETTINGS: tuple[Setting, ...] = (
    DOCUMENT_FONT,
    REGISTER_SERIES,
    REQUIRE_APPROVAL,
    CATALOGUE_FINGERPRINT,
    LOCAL_SALARY_DATES,
    CERTIFICATE_LAYOUT,
    CERTIFICATE_BACKGROUND,
    INTEGRITY_CHECKED_AT,
    AUDIT_HEAD,
    BACKUP_KEEP_DAILY,
    BACKUP_KEEP_WEEKLY,
    BACKUP_KEEP_MONTHLY,
    BACKUP_SECOND_FOLDER,
    PACKAGE_SIGNING_KEY,
    PACKAGE_TRUSTED_KEYS,
    PACKAGE_REQUIRE_TRUSTED,
    VERDICT_STORE_KEY,
    *ACCOUNT_SETTINGS,
)


def declared(key: str) -> Setting:
    """The database-wide setting a stored key belongs to (a family by its prefix); KeyError if none."""
    for setting in DATABASE_SETTINGS:
        if key == setting.key or (setting.family and key.startswith(setting.key)):
            return setting
    raise KeyError(key)


def is_secret(key: str) -> bool:
    """A stored key whose value the audit trail must not copy."""
    try:
        return declared(key).secret
    except KeyError:
        return False


# --- what this process uses ------------------------------------------------------------------------------
# A database-wide choice that code far from the database needs (the documents' font) is read once per
# session (app.services.settings.apply_*), remembered here, and read here by that code.

_lock = threading.Lock()
_in_effect: dict[str, Any] = {}


def in_effect(setting: Setting) -> Any:
    """The value this process applies: the one last read from or written to the database, else the default."""
    with _lock:
        return _in_effect.get(setting.key, setting.default)


def everything_in_effect() -> dict[str, Any]:
    """What this process applies, to hand to a worker process (app.documents.state.parallel)."""
    with _lock:
        return dict(_in_effect)


def put_everything_in_effect(values: dict[str, Any]) -> None:
    """A worker process takes on what its parent applies (`everything_in_effect`)."""
    with _lock:
        _in_effect.update(values)


def put_in_effect(setting: Setting, value: Any) -> None:
    setting.encode(value)  # refuses a value outside the choices
    with _lock:
        _in_effect[setting.key] = value
