"""`python -m app backup create|list|restore`: backups from the command line (a scheduler, an admin).

    backup create [--json]        a checked backup now; prints its path
    backup list [--json]          date, size, counts, checked
    backup restore FILE --yes     restore (without --yes: show what the backup holds, change nothing, exit 2)

Exit codes: 0 done, 2 refused ("Lỗi: …" on stderr, nothing changed).
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.commands import print_json
from app.errors import UserError
from app.services.backups import (
    BackupInfo,
    back_up_now,
    backup_folder,
    describe_counts,
    list_backups,
    preview_backup,
    restore_backup,
)
from app.services.context import ServiceContext
from database.engine import Database


def size_text(size: int) -> str:
    if size >= 1 << 20:
        return f"{size / (1 << 20):.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} KB"


def _line(b: BackupInfo) -> str:
    return (
        f"{b.created:%d/%m/%Y %H:%M}  {size_text(b.size):>9}  {b.kind_text:<20}  {b.checked_text}  "
        f"{describe_counts(b)}  {b.path}"
    )


def run_backup(ctx: ServiceContext, args) -> int:
    db = ctx.db
    if args.action == "create":
        return _create(ctx, args)
    if args.action == "list":
        return _list(db, args)
    return _restore(ctx, args)


def _create(ctx: ServiceContext, args) -> int:
    result = back_up_now(ctx)
    if args.json:
        print_json(result.as_json())
    else:
        print(result.info.path)
        print(f"Đã sao lưu và kiểm tra: {describe_counts(result.info)}.", file=sys.stderr)
    if result.second_problem:
        print(f"Cảnh báo: {result.second_problem}", file=sys.stderr)
    return 0


def _list(db: Database, args) -> int:
    backups = list_backups(db)
    if args.json:
        print_json([b.as_json() for b in backups])
        return 0
    if not backups:
        print(f"Chưa có bản sao lưu nào trong “{backup_folder(db)}”.")
        return 0
    for b in backups:
        print(_line(b))
    return 0


def _find(db: Database, name: str) -> Path:
    """The file as given, or a backup of this database named so (as `backup list` shows it)."""
    path = Path(name).expanduser()
    if path.exists():
        return path
    beside = backup_folder(db) / name
    if beside.exists():
        return beside
    raise UserError(f"Không tìm thấy tệp sao lưu “{name}”.")


def _restore(ctx: ServiceContext, args) -> int:
    path = _find(ctx.db, args.file)
    if not args.yes:
        info = preview_backup(path)
        print(f"Bản sao lưu: {info.path}")
        print(f"Ngày giờ: {info.created:%d/%m/%Y %H:%M:%S} ({info.kind_text})")
        print(f"Phiên bản lược đồ: {info.schema or '—'}")
        print(f"Kiểm tra: {info.checked_text}")
        print(f"Nội dung: {describe_counts(info)}")
        if info.names:
            print(f"Một vài cán bộ: {', '.join(info.names)}")
        print(
            "Lỗi: chưa khôi phục gì. Thêm --yes để khôi phục bản này (dữ liệu hiện tại được cất thành một bản "
            "sao lưu trước).",
            file=sys.stderr,
        )
        return 2
    result = restore_backup(ctx, path)
    print(f"Đã khôi phục từ {result.restored.path} ({describe_counts(result.restored)}).")
    if result.set_aside is not None:
        print(f"Dữ liệu trước khi khôi phục được cất tại {result.set_aside}.")
    return 0
