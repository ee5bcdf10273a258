"""`python -m app export package …` and `python -m app import package FILE …`: USB packages.

A package holds personal data (staff names, birth dates, awards), so an export is encrypted by default: its
password comes from TDKT_PACKAGE_PASSWORD or is typed twice at a prompt; `--no-password` declines, and that
choice is an audit row. A package's password is never an argument any user of the PC could read in the process
list: the old `--password X` still works but warns.
"""

from __future__ import annotations

import json
import os
import sys
import zipfile
from pathlib import Path

from app.commands.credentials import interactive, read_secret, typed_twice
from app.domain.permissions import Permission
from app.errors import UserError
from app.exchange.package import PackageScope, export_package, import_package
from app.services.context import ServiceContext

REFUSED = 2
PACKAGE_PASSWORD_ENV = "TDKT_PACKAGE_PASSWORD"
ALIAS_WARNING = (
    "Cảnh báo: --password đã cũ và sẽ bị bỏ: mật khẩu ghi trong lệnh thì ai dùng chung máy cũng đọc được "
    f"(danh sách tiến trình, lịch sử lệnh). Hãy dùng biến môi trường {PACKAGE_PASSWORD_ENV}, hoặc gõ mật khẩu "
    "khi được hỏi."
)


def _from_alias(args) -> str | None:
    if args.password is None:
        return None
    print(ALIAS_WARNING, file=sys.stderr)
    return args.password


def export_password(args) -> str | None:
    """The new package's password, or None when the clerk declined with --no-password."""
    given = _from_alias(args)
    if args.no_password:
        if given is not None or os.environ.get(PACKAGE_PASSWORD_ENV):
            raise UserError("Đã chọn --no-password mà vẫn có mật khẩu: hãy chọn một trong hai.")
        return None
    if Path(args.out).suffix.lower() != ".zip":
        raise UserError(
            "Chỉ tệp .zip mới đặt được mật khẩu; gói dạng thư mục thì ai cầm USB cũng đọc được. Hãy xuất ra "
            "tệp .zip, hoặc thêm --no-password nếu thật sự cần thư mục (việc này được ghi vào nhật ký). "
            "Chưa xuất gì."
        )
    password = given if given is not None else os.environ.get(PACKAGE_PASSWORD_ENV)
    if password is None and interactive():
        password = typed_twice("Mật khẩu đặt cho gói: ")
    if not password:
        raise UserError(
            "Gói dữ liệu có thông tin cá nhân của cán bộ nên cần mật khẩu: hãy đặt biến môi trường "
            f"{PACKAGE_PASSWORD_ENV}, hoặc chạy lệnh trong cửa sổ dòng lệnh để gõ mật khẩu. Nếu thật sự không "
            "cần mật khẩu, thêm --no-password (việc này được ghi vào nhật ký). Chưa xuất gì."
        )
    return password


def _encrypted(source: Path) -> bool:
    """Whether a .zip package has encrypted entries (a folder never has); a file zipfile cannot read is left
    to import_package to refuse with its own words."""
    try:
        with zipfile.ZipFile(source) as archive:
            return any(info.flag_bits & 0x1 for info in archive.infolist())
    except (OSError, zipfile.BadZipFile, ValueError):
        return False


def import_password(args) -> str | None:
    given = _from_alias(args)
    if given is not None:
        return given
    source = Path(args.file)
    if not source.is_file() or not _encrypted(source):
        return os.environ.get(PACKAGE_PASSWORD_ENV)
    return read_secret(PACKAGE_PASSWORD_ENV, f"Mật khẩu của gói {source.name}: ")


def shown_progress(what: str):
    """progress(done, total) for a terminal: one line on stderr rewritten in place; nothing when stderr is
    not a terminal (a script, a log), so that output stays clean."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\r{what}: {done}/{total}", end=end, file=sys.stderr, flush=True)

    return show


def run_export_package(ctx: ServiceContext, args) -> int:
    ctx.require(Permission.EXPORT, "xuất gói dữ liệu")  # before the password is asked for
    scope = PackageScope(args.year, campaign_id=args.campaign, decision_id=args.decision)
    password = export_password(args)
    result = export_package(  # its audit row: encrypted or not
        ctx, scope, Path(args.out), password=password, progress=shown_progress("Đang xuất gói")
    )
    print(result.summary())
    if password is None:
        print("Gói không có mật khẩu: hãy giữ USB cẩn thận, gói có thông tin cá nhân của cán bộ.")
    for line in result.skipped:
        print(f"  không in được quyết định {line}", file=sys.stderr)
    return 0


def run_import_package(ctx: ServiceContext, args) -> int:
    """A refused package (PackageRefused, a UserError) propagates to the CLI: message on stderr, exit 2."""
    report = import_package(
        ctx,
        Path(args.file),
        password=import_password(args) or None,
        dry_run=args.dry_run,
        accept_probable=args.accept_probable,
        progress=shown_progress("Đang nhập gói"),
    )
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=1))
    if report.errors:
        print(f"Lỗi: gói có {len(report.errors)} vấn đề; không nhập gì.", file=sys.stderr)
        for message in report.errors:
            print(f"  {message}", file=sys.stderr)
        return REFUSED
    if not args.json:
        print(f"Gói của {report.source}.")
        if report.signature is not None:
            print(f"Chữ ký: {report.signature.text}.")
        print(("Sẽ nhập. " if args.dry_run else "Đã nhập. ") + report.summary())
        for line in report.conflicts:
            print(f"  xung đột — {line.what}: {line.detail}")
        for line in report.review:
            print(f"  cần xem xét — {line.what}: {line.detail}")
    return 0
