"""Backups of the office's database: taken, checked, listed, pruned and restored. No Qt here.

    create_backup(db, KIND_MANUAL)      # a checked copy now, in backups/ beside the file (and the second folder)
    list_backups(db)                    # newest first: date, size, counts, checked or not
    backup_due(db)                      # no checked backup in the last day: the window takes one
    preview_backup(path)                # what a backup holds, checked again (before a restore)
    restore_backup(ctx, path)           # set the current data aside as a backup, then put the backup in place

A SQLite file is copied through SQLite's online backup API (the clerk goes on working), then checked: full
integrity_check, the schema version, the rows of every table counted. What was found is written in a
sidecar `<backup>.json` beside it, which the list reads. PostgreSQL is dumped with `pg_dump` when it is on
the PATH (and works against the server), else with the program's own export of every table (a .zip of
JSON lines); both follow the same schedule and retention.

Retention (settings backup.keep_*): of the automatic and manual backups, the newest of each of the last N
days, weeks and months that have a checked one are kept, and the newest backup always; the copies set
aside before a migration or a restore are never pruned.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import enum
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import uuid
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError

from app.domain.permissions import Permission, use_case
from app.errors import UserError, ValidationError
from app.exchange.xlsx_table import write_atomically
from app.paths import backup_dir_for, data_dir
from app.services.audit import resume_append_only, suspend_append_only
from app.services.context import ServiceContext, record_bulk
from app.services.settings import read_setting, write_setting
from app.settings import BACKUP_KEEP_DAILY, BACKUP_KEEP_MONTHLY, BACKUP_KEEP_WEEKLY, BACKUP_SECOND_FOLDER
from database.backup import (
    COUNTED_TABLES,
    BackupError,
    backup_sqlite,
    copy_file_as_is,
    copy_into_place,
    remove_with_companions,
    sqlite_facts,
)
from database.engine import Database, normalise_url
from database.migrate import SCHEMA_HEAD, known_revision

log = logging.getLogger(__name__)

KIND_AUTO = "tu-dong"  # when the window closes, and once a day while it runs
KIND_MANUAL = "thu-cong"  # "Sao lưu ngay", `backup create`
KIND_BEFORE_RESTORE = "truoc-khi-khoi-phuc"  # the data set aside before a restore
KIND_BEFORE_MERGE = "truoc-khi-hop-nhat"  # the data as it was before another department's was merged in
PRUNED_KINDS = frozenset({KIND_AUTO, KIND_MANUAL})
KIND_TEXT = {
    KIND_AUTO: "Tự động",
    KIND_MANUAL: "Sao lưu ngay",
    KIND_BEFORE_RESTORE: "Trước khi khôi phục",
    KIND_BEFORE_MERGE: "Trước khi hợp nhất dữ liệu",
}

METHOD_SQLITE, METHOD_PG_DUMP, METHOD_EXPORT = "sqlite", "pg_dump", "export"
SUFFIXES = {".sqlite3": METHOD_SQLITE, ".dump": METHOD_PG_DUMP, ".zip": METHOD_EXPORT}
SIDECAR = ".json"
SIDECAR_FORMAT = 1
EXPORT_FORMAT = "tdkt-backup"
DUE_AFTER = dt.timedelta(days=1)
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<label>[a-z0-9_-]+?)(?:-\d+)?$")


# --- policy --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupPolicy:
    keep_daily: int = BACKUP_KEEP_DAILY.default
    keep_weekly: int = BACKUP_KEEP_WEEKLY.default
    keep_monthly: int = BACKUP_KEEP_MONTHLY.default
    second_folder: str = ""  # empty: none

    @property
    def second_path(self) -> Path | None:
        return Path(self.second_folder).expanduser() if self.second_folder.strip() else None


MAX_KEEP = 1000


def read_policy(ctx: ServiceContext) -> BackupPolicy:
    with ctx.read() as s:
        return BackupPolicy(
            max(0, read_setting(s, BACKUP_KEEP_DAILY)),
            max(0, read_setting(s, BACKUP_KEEP_WEEKLY)),
            max(0, read_setting(s, BACKUP_KEEP_MONTHLY)),
            read_setting(s, BACKUP_SECOND_FOLDER) or "",
        )


def _policy_or_default(db: Database) -> BackupPolicy:
    """The office's policy; the defaults when it cannot be read (a damaged or not yet migrated database
    is still backed up)."""
    try:
        return read_policy(ServiceContext(db))
    except (SQLAlchemyError, UserError):
        return BackupPolicy()


@use_case(Permission.BACKUPS)
def save_policy(ctx: ServiceContext, policy: BackupPolicy) -> BackupPolicy:
    for value, what in (
        (policy.keep_daily, "ngày"),
        (policy.keep_weekly, "tuần"),
        (policy.keep_monthly, "tháng"),
    ):
        if not isinstance(value, int) or not 0 <= value <= MAX_KEEP:
            raise ValidationError(f"Số bản sao lưu giữ theo {what} phải từ 0 đến {MAX_KEEP}.")
    folder = policy.second_folder.strip()
    if folder:
        second = Path(folder).expanduser()
        if not second.is_absolute():
            raise ValidationError("Thư mục thứ hai phải là đường dẫn đầy đủ (ví dụ E:\\SaoLuu).")
        primary = backup_folder(ctx.db)
        if second.resolve() == primary.resolve():
            raise ValidationError("Thư mục thứ hai phải khác thư mục sao lưu chính.")
    policy = replace(policy, second_folder=folder)
    with ctx.write("Đổi cách sao lưu") as s:
        write_setting(s, BACKUP_KEEP_DAILY, policy.keep_daily)
        write_setting(s, BACKUP_KEEP_WEEKLY, policy.keep_weekly)
        write_setting(s, BACKUP_KEEP_MONTHLY, policy.keep_monthly)
        write_setting(s, BACKUP_SECOND_FOLDER, policy.second_folder)
    return policy


# --- where ---------------------------------------------------------------------------------------------


def _safe(text_: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text_).strip("_") or "tdkt"


def backup_folder(db: Database) -> Path:
    """backups/ beside a SQLite file; for PostgreSQL, a folder per server database in the data folder."""
    if db.file_path is not None:
        return backup_dir_for(db.file_path)
    return server_backup_folder(db.url)


def server_backup_folder(url) -> Path:
    """The folder of a server database's backups, from its URL alone (the first-run wizard shows it)."""
    u = normalise_url(url)
    return data_dir() / "backups" / _safe(f"{u.host or 'localhost'}-{u.port or 5432}-{u.database}")


def _stem(db: Database) -> str:
    return db.file_path.stem if db.file_path is not None else _safe(str(db.url.database or "tdkt"))


# --- what a backup is ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: dt.datetime
    kind: str  # KIND_*, or the label of an older backup (before-0005_identity: before a migration)
    method: str  # METHOD_*
    size: int
    verified: bool
    problem: str = ""  # what the check found, when not verified ("" and not verified: never checked)
    schema: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    names: tuple[str, ...] = ()
    sha256: str = ""

    @property
    def kind_text(self) -> str:
        if self.kind in KIND_TEXT:
            return KIND_TEXT[self.kind]
        if self.kind.startswith("before-"):
            return "Trước khi nâng cấp"
        return self.kind

    @property
    def checked_text(self) -> str:
        if self.verified:
            return "Đã kiểm tra, tốt"
        return f"Hỏng: {self.problem}" if self.problem else "Chưa kiểm tra"

    def as_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "created": self.created.isoformat(),  # to the microsecond: two backups within a second keep order
            "kind": self.kind,
            "method": self.method,
            "size": self.size,
            "verified": self.verified,
            "problem": self.problem,
            "schema": self.schema,
            "counts": dict(self.counts),
            "names": list(self.names),
            "sha256": self.sha256,
        }


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_sidecar(info: BackupInfo) -> None:
    data = info.as_json()
    data.pop("path")
    data["file"] = info.path.name
    data["format"] = SIDECAR_FORMAT
    text_ = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    write_atomically(sidecar_path(info.path), lambda partial: partial.write_text(text_, encoding="utf-8"))


def _from_name(path: Path) -> tuple[dt.datetime, str]:
    match = _NAME.match(path.name[: -len(path.suffix)] if path.suffix else path.name)
    if match:
        try:
            return dt.datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S"), match["label"]
        except ValueError:
            pass
    return dt.datetime.fromtimestamp(path.stat().st_mtime), ""


def read_backup_info(path: Path) -> BackupInfo:
    """What the sidecar says of a backup (or, without one, what its name and size say: not checked)."""
    path = Path(path)
    size = path.stat().st_size
    created, label = _from_name(path)
    method = SUFFIXES.get(path.suffix, METHOD_SQLITE)
    try:
        data = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
        return BackupInfo(
            path=path,
            created=dt.datetime.fromisoformat(str(data["created"])),
            kind=str(data.get("kind") or label),
            method=str(data.get("method") or method),
            size=size,
            verified=data.get("verified") is True and data.get("size") == size,
            problem=str(data.get("problem") or ("" if data.get("size") == size else "tệp đã bị thay đổi")),
            schema=data.get("schema") if isinstance(data.get("schema"), str) else None,
            counts={str(k): int(v) for k, v in dict(data.get("counts") or {}).items()},
            names=tuple(str(n) for n in list(data.get("names") or [])[:10]),
            sha256=str(data.get("sha256") or ""),
        )
    except (OSError, ValueError, TypeError, KeyError):
        return BackupInfo(path, created, label, method, size, verified=False)


def list_backups(db: Database | None = None, folder: Path | None = None) -> list[BackupInfo]:
    """Every backup in the folder (the database's own by default), newest first."""
    folder = folder if folder is not None else backup_folder(db)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        if path.suffix in SUFFIXES and path.is_file() and not path.name.endswith(".partial"):
            try:
                found.append(read_backup_info(path))
            except OSError:
                continue  # removed meanwhile
    found.sort(key=lambda b: (b.created, b.path.name), reverse=True)
    return found


def newest_verified(db: Database) -> BackupInfo | None:
    return next((b for b in list_backups(db) if b.verified), None)


def backup_due(db: Database, now: dt.datetime | None = None) -> bool:
    """No checked automatic or manual backup taken in the last day."""
    now = now or dt.datetime.now()
    for b in list_backups(db):
        if b.verified and b.kind in PRUNED_KINDS:
            return now - b.created >= DUE_AFTER
    return True


# --- retention -----------------------------------------------------------------------------------------


KEEP_EVERY_WITHIN = dt.timedelta(days=1)


def to_keep(backups: list[BackupInfo], policy: BackupPolicy) -> set[Path]:
    """The backups retention keeps, of those it manages (automatic and manual)."""
    managed = sorted(
        (b for b in backups if b.kind in PRUNED_KINDS), key=lambda b: (b.created, b.path.name), reverse=True
    )
    keep: set[Path] = set()
    if managed:
        keep.add(managed[0].path)  # the newest always, checked or not
        # and every one of the last day: a clerk who saved a copy this morning before a big change still
        # has it tonight, though the day's newest stands for the day after that
        keep.update(b.path for b in managed if managed[0].created - b.created < KEEP_EVERY_WITHIN)
    checked = [b for b in managed if b.verified]
    for count, bucket in (
        (policy.keep_daily, lambda d: d.date()),
        (policy.keep_weekly, lambda d: d.isocalendar()[:2]),
        (policy.keep_monthly, lambda d: (d.year, d.month)),
    ):
        seen: set = set()
        for b in checked:
            if len(seen) >= count:
                break
            key = bucket(b.created)
            if key not in seen:
                seen.add(key)
                keep.add(b.path)
    return keep


STALE_PARTIAL = dt.timedelta(hours=6)


def _remove_stale_partials(folder: Path) -> None:
    """A copy cut short (the program killed, the PC switched off) leaves a `.partial`: removed once old."""
    limit = (dt.datetime.now() - STALE_PARTIAL).timestamp()
    for path in folder.glob("*.partial*"):  # the copy, and what SQLite kept beside it
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:
            continue


def prune(folder: Path, policy: BackupPolicy) -> list[Path]:
    """Remove the automatic and manual backups retention does not keep; returns what was removed."""
    _remove_stale_partials(folder)
    backups = list_backups(folder=folder)
    keep = to_keep(backups, policy)
    removed = []
    for b in backups:
        if b.kind in PRUNED_KINDS and b.path not in keep:
            try:
                b.path.unlink(missing_ok=True)
                sidecar_path(b.path).unlink(missing_ok=True)
                removed.append(b.path)
            except OSError:
                pass  # a file another program holds open: removed next time
    return removed


# --- taking a backup -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupResult:
    info: BackupInfo
    second_copy: Path | None = None
    second_problem: str = ""  # why the second folder did not receive its copy
    pruned: tuple[Path, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            **self.info.as_json(),
            "second_copy": str(self.second_copy) if self.second_copy else None,
            "second_problem": self.second_problem,
            "pruned": [str(p) for p in self.pruned],
        }


def create_backup(
    db: Database,
    kind: str = KIND_MANUAL,
    now: dt.datetime | None = None,
    policy: BackupPolicy | None = None,
    keep_unverified: bool = False,
) -> BackupResult:
    """Take a backup now, check it, copy it to the second folder, prune both folders. A backup that does
    not pass its check is removed and refused (UserError), unless `keep_unverified` (the copy set aside
    before a restore keeps whatever the database held)."""
    now = now or dt.datetime.now()
    policy = policy or _policy_or_default(db)
    folder = backup_folder(db)
    try:
        if db.file_path is not None:
            info = _backup_sqlite_file(db.file_path, folder, kind, now)
        else:
            info = _backup_postgresql(db, folder, kind, now)
        _write_sidecar(info)
    except BackupError as exc:
        raise UserError(str(exc)) from exc
    except OSError as exc:
        raise UserError(f"Không ghi được bản sao lưu vào “{folder}”: {exc.strerror or exc}.") from exc
    except SQLAlchemyError as exc:
        raise UserError(
            f"Không đọc được cơ sở dữ liệu để sao lưu: {getattr(exc, 'orig', None) or exc}."
        ) from exc
    if not info.verified and not keep_unverified:
        remove_with_companions(info.path)
        sidecar_path(info.path).unlink(missing_ok=True)
        raise UserError(
            f"Bản sao lưu vừa tạo không qua được bước kiểm tra ({info.problem}); đã bỏ bản này. "
            "Dữ liệu có thể đã hỏng: hãy khôi phục từ bản sao lưu tốt gần nhất."
        )
    second, problem = None, ""
    if policy.second_path is not None:
        second, problem = _copy_to_second(info, policy.second_path)
    pruned: list[Path] = []
    if kind in PRUNED_KINDS:
        pruned += prune(folder, policy)
        if second is not None:
            pruned += prune(second.parent, policy)
    return BackupResult(info, second, problem, tuple(pruned))


def _checked_sqlite(path: Path, created: dt.datetime, kind: str) -> BackupInfo:
    size = path.stat().st_size
    try:
        facts = sqlite_facts(path, full=True)
    except BackupError as exc:
        return BackupInfo(path, created, kind, METHOD_SQLITE, size, False, str(exc))
    problem = ""
    if not facts.sound:
        problem = f"integrity_check: {facts.integrity}"
    elif facts.revision is None:
        problem = "không có phiên bản lược đồ"
    return BackupInfo(
        path,
        created,
        kind,
        METHOD_SQLITE,
        size,
        verified=not problem,
        problem=problem,
        schema=facts.revision,
        counts=facts.counts,
        names=facts.names,
        sha256=_sha256(path),
    )


def check_backup(path: Path) -> BackupInfo:
    """Check a SQLite copy made elsewhere (the one taken before a migration) and record it like any other,
    so that the list shows it as checked and a restore may choose it."""
    created, kind = _from_name(path)
    info = _checked_sqlite(path, created, kind)
    _write_sidecar(info)
    return info


def _backup_sqlite_file(source: Path, folder: Path, kind: str, now: dt.datetime) -> BackupInfo:
    path = backup_sqlite(source, folder, kind, now)
    return _checked_sqlite(path, now, kind)


def _discard(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def _copy_to_second(info: BackupInfo, folder: Path) -> tuple[Path | None, str]:
    """A copy in the second folder, its bytes checked against the first; (None, why) when it failed."""
    target = folder / info.path.name
    partial = target.with_name(target.name + ".partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(info.path, partial)
        if _sha256(partial) != info.sha256:
            raise OSError("bản chép sang khác bản gốc")
        os.replace(partial, target)
        _write_sidecar(replace(info, path=target))
    except OSError as exc:
        _discard(partial)
        _discard(target)
        return None, f"Không chép được bản sao lưu sang thư mục thứ hai “{folder}”: {exc.strerror or exc}."
    return target, ""


# --- PostgreSQL ----------------------------------------------------------------------------------------


def _pg_environment(db: Database) -> tuple[list[str], dict[str, str]]:
    """libpq connection options for pg_dump/pg_restore; the password passed in the environment only."""
    u = db.url
    args = []
    if u.host:
        args += ["--host", u.host]
    if u.port:
        args += ["--port", str(u.port)]
    if u.username:
        args += ["--username", u.username]
    env = dict(os.environ)
    if u.password:
        env["PGPASSWORD"] = str(u.password)
    env.setdefault("PGCONNECT_TIMEOUT", "10")
    return args, env


def _pg_counts(db: Database) -> tuple[dict[str, int], tuple[str, ...], str | None]:
    from database.models import Base, Person

    with db.engine.connect() as conn:
        counts = {
            t.name: conn.execute(select(text("count(*)")).select_from(t)).scalar_one()
            for t in Base.metadata.sorted_tables
        }
        names = tuple(conn.execute(select(Person.full_name).order_by(Person.id).limit(5)).scalars())
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return counts, names, revision


# Tests set this to False to exercise the program's own export where pg_dump is installed.
USE_PG_DUMP = True


def _backup_postgresql(db: Database, folder: Path, kind: str, now: dt.datetime) -> BackupInfo:
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{_stem(db)}-{now:%Y%m%d-%H%M%S}-{kind}"
    if USE_PG_DUMP and shutil.which("pg_dump"):
        target = _free(folder, stem, ".dump")
        if _pg_dump(db, target):
            counts, names, revision = _pg_counts(db)
            problem = _pg_dump_problem(target)
            return BackupInfo(
                target,
                now,
                kind,
                METHOD_PG_DUMP,
                target.stat().st_size,
                verified=not problem,
                problem=problem,
                schema=revision,
                counts=counts,
                names=names,
                sha256=_sha256(target),
            )
    target = _free(folder, stem, ".zip")
    _export_tables(db, target, now)
    return _checked_export(target, now, kind)


def _free(folder: Path, stem: str, suffix: str) -> Path:
    target, n = folder / f"{stem}{suffix}", 1
    while target.exists():
        n += 1
        target = folder / f"{stem}-{n}{suffix}"
    return target


def _pg_dump(db: Database, target: Path) -> bool:
    """pg_dump in its custom format; False when it cannot dump this server (then the own export is used)."""
    args, env = _pg_environment(db)
    partial = target.with_name(target.name + ".partial")
    try:
        done = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(partial), *args]
            + [str(db.url.database)],
            env=env,
            capture_output=True,
            timeout=3600,
            check=False,
        )
        if done.returncode != 0:
            partial.unlink(missing_ok=True)
            return False
        os.replace(partial, target)
        return True
    except (OSError, subprocess.SubprocessError):
        partial.unlink(missing_ok=True)
        return False


def _pg_dump_problem(target: Path) -> str:
    """A dump is checked by listing its contents with pg_restore (it reads the whole table of contents)."""
    if not shutil.which("pg_restore"):
        return ""
    done = subprocess.run(
        ["pg_restore", "--list", str(target)], capture_output=True, timeout=600, check=False
    )
    if done.returncode != 0:
        return "pg_restore không đọc được tệp"
    return "" if b"TABLE DATA" in done.stdout else "tệp không có dữ liệu bảng"


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, enum.Enum):
        return {"e": value.name}
    if isinstance(value, dt.datetime):
        return {"t": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    if isinstance(value, dt.time):
        return {"h": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"n": str(value)}
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"b": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, uuid.UUID):
        return {"u": str(value)}
    return {"j": value}  # JSON columns


def _decoder(column):
    enum_class = getattr(column.type, "enum_class", None)

    def decode(value: Any) -> Any:
        if not isinstance(value, dict) or len(value) != 1:
            return value
        ((tag, raw),) = value.items()
        if tag == "e":
            return enum_class[raw] if enum_class is not None else raw
        if tag == "t":
            return dt.datetime.fromisoformat(raw)
        if tag == "d":
            return dt.date.fromisoformat(raw)
        if tag == "h":
            return dt.time.fromisoformat(raw)
        if tag == "n":
            return decimal.Decimal(raw)
        if tag == "b":
            return base64.b64decode(raw)
        if tag == "u":
            return uuid.UUID(raw)
        if tag == "j":
            return raw
        return value

    return decode


def _export_tables(db: Database, target: Path, now: dt.datetime) -> None:
    """Every table, one JSON line a row, read in one snapshot; a manifest with the counts and digests."""
    from database.models import Base, Person

    partial = target.with_name(target.name + ".partial")
    try:
        with db.engine.connect() as conn, zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
            if not db.is_sqlite:
                conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            counts, digests = {}, {}
            for table in Base.metadata.sorted_tables:
                digest, n = hashlib.sha256(), 0
                with zf.open(f"tables/{table.name}.jsonl", "w") as out:
                    order = list(table.primary_key.columns) or list(table.columns)
                    rows = conn.execution_options(stream_results=True, yield_per=2000).execute(
                        select(table).order_by(*order)
                    )
                    for row in rows:
                        line = (
                            json.dumps([_encode(v) for v in row], ensure_ascii=False, separators=(",", ":"))
                            + "\n"
                        ).encode("utf-8")
                        out.write(line)
                        digest.update(line)
                        n += 1
                counts[table.name], digests[table.name] = n, digest.hexdigest()
            names = list(conn.execute(select(Person.full_name).order_by(Person.id).limit(5)).scalars())
            manifest = {
                "format": EXPORT_FORMAT,
                "version": 1,
                "created": now.isoformat(timespec="seconds"),
                "schema": revision,
                "tables": [
                    {
                        "name": t.name,
                        "columns": [c.name for c in t.columns],
                        "rows": counts[t.name],
                        "sha256": digests[t.name],
                    }
                    for t in Base.metadata.sorted_tables
                ],
                "names": names,
            }
            zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        os.replace(partial, target)
    except SQLAlchemyError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"Không đọc được dữ liệu để sao lưu: {exc}") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _read_manifest(zf: zipfile.ZipFile) -> dict:
    with zf.open("manifest.json") as fh:
        manifest = json.loads(fh.read(4 << 20))
    if not isinstance(manifest, dict) or manifest.get("format") != EXPORT_FORMAT:
        raise ValueError("không phải bản sao lưu TĐKT")
    return manifest


def _checked_export(path: Path, created: dt.datetime, kind: str) -> BackupInfo:
    """Read the export through once: every table's lines against the manifest's count and digest."""
    size = path.stat().st_size
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = _read_manifest(zf)
            counts = {}
            for entry in manifest["tables"]:
                digest, n = hashlib.sha256(), 0
                with zf.open(f"tables/{entry['name']}.jsonl") as fh:
                    for line in fh:
                        digest.update(line)
                        n += 1
                if n != entry["rows"] or digest.hexdigest() != entry["sha256"]:
                    raise ValueError(f"bảng {entry['name']} không khớp bản kê")
                counts[entry["name"]] = n
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:
        return BackupInfo(path, created, kind, METHOD_EXPORT, size, False, f"tệp hỏng ({exc})")
    return BackupInfo(
        path,
        created,
        kind,
        METHOD_EXPORT,
        size,
        verified=True,
        schema=manifest.get("schema"),
        counts=counts,
        names=tuple(str(n) for n in manifest.get("names") or [])[:5],
        sha256=_sha256(path),
    )


# --- looking into a backup, restoring it ---------------------------------------------------------------


def preview_backup(path: Path) -> BackupInfo:
    """What a backup holds, checked again now (the file may have changed since it was written)."""
    try:
        return _preview(Path(path))
    except OSError as exc:
        raise UserError(f"Không đọc được tệp sao lưu “{path}”: {exc.strerror or exc}.") from exc


def _preview(path: Path) -> BackupInfo:
    if path.is_dir():
        raise UserError(
            f"“{path}” là một thư mục, không phải tệp sao lưu. Hãy chọn tệp .sqlite3, .dump hoặc .zip."
        )
    if not path.is_file():
        raise UserError(f"Không tìm thấy tệp sao lưu “{path}”.")
    known = read_backup_info(path)
    method = SUFFIXES.get(path.suffix)
    if method is None:
        raise UserError(f"Tệp “{path.name}” không phải bản sao lưu TĐKT (.sqlite3, .dump hoặc .zip).")
    if method == METHOD_SQLITE:
        with path.open("rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise UserError(f"Tệp “{path.name}” không phải bản sao lưu TĐKT: không phải tệp SQLite.")
        checked = _checked_sqlite(path, known.created, known.kind)
    elif method == METHOD_EXPORT:
        checked = _checked_export(path, known.created, known.kind)
    else:
        problem = _pg_dump_problem(path)
        checked = replace(known, verified=not problem, problem=problem)
    return checked


def _counted_text(counts: dict[str, int]) -> str:
    labels = {
        "unit": "đơn vị",
        "person": "cán bộ",
        "rating": "lượt xếp loại",
        "initiative": "sáng kiến",
        "campaign": "phong trào",
        "nomination": "đề nghị",
        "decision": "quyết định",
        "award": "khen thưởng",
        "outgoing_document": "văn bản",
    }
    parts = [
        f"{counts[t]:,} {labels[t]}".replace(",", ".") for t in COUNTED_TABLES if t in labels and t in counts
    ]
    return ", ".join(parts)


def describe_counts(info: BackupInfo) -> str:
    return _counted_text(info.counts) or "—"


@dataclass(frozen=True)
class RestoreResult:
    restored: BackupInfo
    set_aside: Path | None  # the data as it was before, kept as a backup (None: there was no file)
    schema_before: str | None  # the backup's schema version, before it was brought up to date


def _refuse_unusable(info: BackupInfo) -> None:
    if not info.verified:
        raise UserError(
            f"Bản sao lưu “{info.path.name}” không dùng được: {info.problem or 'chưa kiểm tra được'}. "
            "Hãy chọn bản khác."
        )
    if info.schema is None:
        raise UserError(f"Bản sao lưu “{info.path.name}” không có phiên bản lược đồ; không khôi phục được.")
    if not known_revision(info.schema):
        raise UserError(
            f"Bản sao lưu “{info.path.name}” do một phiên bản TĐKT mới hơn tạo ra (lược đồ “{info.schema}”). "
            "Hãy cài phiên bản TĐKT mới nhất rồi khôi phục."
        )


@use_case(Permission.BACKUPS, "sao lưu ngay")
def back_up_now(ctx: ServiceContext) -> BackupResult:
    """A manual backup ("Sao lưu ngay", `backup create`); the automatic ones are the program's own."""
    result = create_backup(ctx.db, KIND_MANUAL)
    _record_backup(ctx, result)
    return result


def _record_backup(ctx: ServiceContext, result: BackupResult) -> None:
    """The backup's audit row, written after it (the backup holds the rows before its own). A database
    open read-only cannot hold it (ServiceContext.log_event skips)."""
    info = result.info
    ctx.log_event(
        "backup",
        "database",
        f"Sao lưu {'tự động' if info.kind == KIND_AUTO else 'thủ công'}: {info.path.name}",
        {
            "backup": info.path.name,
            "folder": str(info.path.parent),
            "kind": info.kind,
            "size": info.size,
            "sha256": info.sha256,
            "second_copy": str(result.second_copy) if result.second_copy else None,
        },
    )


def _record_automatic(db: Database, result: BackupResult) -> None:
    """An automatic backup's row, by the program itself: a busy or closing database must not turn the backup
    taken into a failure (the window is closing, or the clerk is working)."""
    try:
        _record_backup(ServiceContext(db), result)
    except Exception:
        log.warning(
            "the automatic backup %s was not recorded in the audit trail", result.info.path, exc_info=True
        )


@use_case(Permission.BACKUPS, "khôi phục dữ liệu")
def restore_backup(ctx: ServiceContext, path: Path, now: dt.datetime | None = None) -> RestoreResult:
    """Put a backup in place of the current data: checked again first; the current data set aside as a
    backup; an older schema brought up to date as on start; an audit row written. `ctx.db` may be read-only
    or damaged: the restore works on the file and writes through connections of its own.

    On SQLite the whole restore is one step: a working copy of the backup is migrated and given its audit
    row first, then copied into the file in one transaction of SQLite's own, so a crash or a refusal at any
    point leaves either the data as it was or the restored data with its audit row."""
    now = now or dt.datetime.now()
    info = preview_backup(Path(path))
    _refuse_unusable(info)
    db = ctx.db
    if (info.method == METHOD_SQLITE) != (db.file_path is not None):
        raise UserError(
            "Bản sao lưu này thuộc loại cơ sở dữ liệu khác (SQLite và PostgreSQL không khôi phục lẫn nhau)."
        )
    aside = _set_aside(db, now)
    summary = f"Khôi phục dữ liệu từ bản sao lưu {info.path.name} ({info.created:%d/%m/%Y %H:%M})"
    after = {
        "backup": info.path.name,
        "backup_created": info.created.isoformat(timespec="seconds"),
        "backup_schema": info.schema,
        "set_aside": aside.name if aside else None,
        "counts": info.counts,
    }
    db.engine.dispose()  # pooled connections would keep what they read of the old schema, and hold locks
    if db.file_path is not None:
        work = _prepared_copy(info, backup_folder(db), ctx.actor, summary, after)
        try:
            copy_into_place(work, db.file_path)
        except BackupError as exc:
            raise UserError(str(exc)) from exc
        finally:
            remove_with_companions(work)
        db.engine.dispose()
        return RestoreResult(info, aside, info.schema)
    fresh = Database.open(db.url)
    try:
        if info.method == METHOD_EXPORT:
            _load_export(fresh, info.path)
        else:
            _pg_restore(fresh, info.path)
        db.engine.dispose()
        _bring_up_to_date(fresh, info.schema, ctx.actor, summary, after)
    finally:
        fresh.dispose()
    return RestoreResult(info, aside, info.schema)


def _set_aside(db: Database, now: dt.datetime) -> Path | None:
    """The data in use, kept as a backup before a restore replaces it: checked if it can be; a SQLite file
    too damaged to be read is copied as it is; a missing or empty file has nothing to keep."""
    if db.file_path is not None and (not db.file_path.exists() or db.file_path.stat().st_size == 0):
        return None
    try:
        return create_backup(db, KIND_BEFORE_RESTORE, now=now, keep_unverified=True).info.path
    except UserError:
        if db.file_path is None:
            raise
    try:
        return copy_file_as_is(db.file_path, backup_folder(db), KIND_BEFORE_RESTORE, now)
    except BackupError as exc:
        raise UserError(f"{exc} Chưa khôi phục gì.") from exc


def _bring_up_to_date(db: Database, schema: str | None, actor: str, summary: str, after: dict) -> None:
    """As on start: migrate an older schema, bring the catalogue up to date; then the restore's audit row."""
    from app.services.catalogue import sync_catalogue
    from database.migrate import upgrade

    if schema != SCHEMA_HEAD:
        upgrade(db, None)
    restoring = ServiceContext(db, actor=actor)
    sync_catalogue(restoring)
    with restoring.write(summary) as s:
        record_bulk(s, actor, "restore", "database", summary, after)


def _prepared_copy(info: BackupInfo, folder: Path, actor: str, summary: str, after: dict) -> Path:
    """A working copy of a SQLite backup, migrated and holding the restore's audit row, ready to copy in."""
    from database.engine import sqlite_url

    folder.mkdir(parents=True, exist_ok=True)
    work = folder / f"khoi-phuc-{uuid.uuid4().hex[:12]}.sqlite3.partial"
    try:
        shutil.copyfile(info.path, work)
        prepared = Database.open(sqlite_url(work))
        try:
            _bring_up_to_date(prepared, info.schema, actor, summary, after)
        finally:
            prepared.dispose()  # the last connection closed: the WAL is folded into the file
    except (OSError, SQLAlchemyError) as exc:
        remove_with_companions(work)
        raise UserError(f"Không chuẩn bị được bản sao lưu để khôi phục: {exc}. Dữ liệu giữ nguyên.") from exc
    except BaseException:
        remove_with_companions(work)
        raise
    return work


def _load_export(db: Database, path: Path) -> None:
    """Replace every table's rows with the export's, in one transaction."""
    from database.migrate import downgrade, upgrade
    from database.models import Base

    with zipfile.ZipFile(path) as zf:
        manifest = _read_manifest(zf)
        wanted = manifest.get("schema")
        with db.engine.connect() as conn:
            current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if wanted != current:
            downgrade(db, wanted)  # the export's own tables; brought up to date after the load
        db.engine.dispose()
        from sqlalchemy import MetaData

        meta = MetaData()
        meta.reflect(db.engine)
        tables = {t.name: t for t in meta.sorted_tables}
        listed = {e["name"]: e for e in manifest["tables"]}
        order = [t for t in Base.metadata.sorted_tables if t.name in tables]
        with db.engine.begin() as conn:
            suspended = () if db.is_sqlite else suspend_append_only(conn)
            for table in reversed(order):
                conn.execute(tables[table.name].delete())
            for model_table in order:
                entry = listed.get(model_table.name)
                if entry is None:
                    continue
                table = tables[model_table.name]
                columns = [table.c[name] for name in entry["columns"] if name in table.c]
                typed = [model_table.c[c.name] if c.name in model_table.c else c for c in columns]
                decoders = [_decoder(c) for c in typed]
                positions = [entry["columns"].index(c.name) for c in columns]
                batch = []
                with zf.open(f"tables/{model_table.name}.jsonl") as fh:
                    for line in fh:
                        raw = json.loads(line)
                        batch.append(
                            {c.name: d(raw[p]) for c, d, p in zip(columns, decoders, positions, strict=True)}
                        )
                        if len(batch) >= 1000:
                            conn.execute(model_table.insert(), batch)
                            batch = []
                if batch:
                    conn.execute(model_table.insert(), batch)
            if not db.is_sqlite:
                for table in order:
                    if "id" in table.c and table.c.id.autoincrement in (True, "auto"):
                        conn.exec_driver_sql(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f'COALESCE((SELECT max(id) FROM "{table.name}"), 1), '
                            f'(SELECT max(id) FROM "{table.name}") IS NOT NULL) '
                            f"WHERE pg_get_serial_sequence('{table.name}', 'id') IS NOT NULL"
                        )
            resume_append_only(conn, suspended)
    if wanted != current:
        upgrade(db, None)


def _pg_restore(db: Database, path: Path) -> None:
    if not shutil.which("pg_restore"):
        raise UserError("Máy này không có pg_restore (PostgreSQL) nên không khôi phục được tệp .dump.")
    args, env = _pg_environment(db)
    db.engine.dispose()
    done = subprocess.run(
        ["pg_restore", "--clean", "--if-exists", "--single-transaction", "--no-owner", "--no-privileges"]
        + args
        + ["--dbname", str(db.url.database), str(path)],
        env=env,
        capture_output=True,
        timeout=3600,
        check=False,
    )
    if done.returncode != 0:
        words = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise UserError(f"pg_restore không khôi phục được (dữ liệu giữ nguyên như trước): {words[0]}")


# --- the window's schedule -----------------------------------------------------------------------------


def backup_if_due(db: Database, now: dt.datetime | None = None) -> BackupResult | None:
    """While the window runs: an automatic backup when none was taken in the last day."""
    if not backup_due(db, now):
        return None
    result = create_backup(db, KIND_AUTO, now=now)
    _record_automatic(db, result)
    return result


def _audit_rows(db: Database, held: int) -> tuple[int, int] | None:
    """The audit rows, and how many of those after the first `held` are anything but a backup's own row."""
    try:
        with db.engine.connect() as conn:
            total = conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one()
            other = conn.execute(
                text("SELECT count(*) FROM audit_log WHERE id > :held AND action <> 'backup'"), {"held": held}
            ).scalar_one()
            return total, other
    except SQLAlchemyError:
        return None


def unchanged_since_backup(db: Database) -> bool:
    """The newest checked backup already holds what the database holds: every change the program makes
    writes audit rows, so the same number of them (and the same schema) means nothing was changed since;
    the rows that record backups themselves (written after each) change nothing."""
    newest = next((b for b in list_backups(db) if b.verified and b.kind in PRUNED_KINDS), None)
    if newest is None or "audit_log" not in newest.counts or newest.schema != SCHEMA_HEAD:
        return False
    held = newest.counts["audit_log"]
    rows = _audit_rows(db, held)
    return rows is not None and rows[0] >= held and rows[1] == 0


def backup_at_close(db: Database, now: dt.datetime | None = None) -> BackupResult | None:
    """When the window closes: an automatic backup, unless nothing changed since the newest one."""
    if unchanged_since_backup(db):
        return None
    result = create_backup(db, KIND_AUTO, now=now)
    _record_automatic(db, result)
    return result
