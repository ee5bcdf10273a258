""" "Ai đủ điều kiện?" of a year kept on this PC between runs: after a start the list shows at once (issue 16:
≤ 1 s after it is asked) instead of after the province's histories are read and judged again (6–10 s at
100,000 staff).

    key = store_key(ctx)                                   # the database's own key (made once)
    save_year(ctx, path, year_verdicts, version, key)      # a year judged on histories read at `version`
    kept = load_year(ctx, path, key)                       # KeptYear (the verdicts, the last year rated), or None

The file holds what the listing shows (each row's person and unit, the verdicts, a byte a row, the folded
names) and a stamp of what they rest on: the newest audit row a history may read (`data_version`) and that
row's hash, the schema, the program and this format. It is taken only while every part of the stamp holds:
one write since, by anyone, and the year is judged again as before. It holds personal data (names, birth
days, units), so it is encrypted and authenticated (AES-GCM) under a key kept in the database: the file
alone says nothing, and one altered or cut short is refused whole.

Written in parts, each one `marshal` call (plain values only: no class is named in the file, nothing in it
is run), so that a reader on a worker thread lets the GUI thread in between them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import marshal
import os
import secrets
import struct
import sys
from array import array
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import select

from app.domain.permissions import Permission, use_case
from app.paths import data_dir
from app.rules import ALL_CODES, Verdict
from app.services.context import ServiceContext
from app.services.eligibility import CandidatePart, Candidates, Rows, data_version
from app.services.eligibility_view import VerdictListing, YearVerdicts
from app.services.settings import read_setting, write_setting
from app.settings import VERDICT_STORE_KEY
from app.version import program_version
from database.migrate import SCHEMA_HEAD
from database.models import AuditEntry

log = logging.getLogger(__name__)

FORMAT = 1
MAGIC = b"TDKT verdicts\n"
_LENGTH = struct.Struct("<I")
_NONCE, _TAG = 12, 16


class KeptYear(NamedTuple):
    verdicts: YearVerdicts
    last_rated: int | None  # the newest year anyone was rated for, as the histories said
    version: int  # the data version the verdicts rest on
    current: bool  # that version is still the database's (no write since)


def store_path(ctx: ServiceContext) -> Path:
    """This PC's file for the database `ctx` opens (a file, or a server's database): one each."""
    db = ctx.db
    where = str(db.file_path.resolve()) if db.file_path else db.url.render_as_string(hide_password=True)
    return data_dir() / "ket-qua-xet" / (hashlib.sha256(where.encode()).hexdigest()[:24] + ".bin")


def read_kept(ctx: ServiceContext, stale: bool = False) -> KeptYear | None:
    """The year this PC kept for the database `ctx` opens, if it still holds (`stale`: or if the database has
    moved on since, to be shown while it is judged again)."""
    key = kept_key(ctx)
    return load_year(ctx, store_path(ctx), key, stale) if key is not None else None


def keep(ctx: ServiceContext, year: YearVerdicts, last_rated: int | None, version: int) -> None:
    """Keep `year` on this PC for the database `ctx` opens (see `save_year`)."""
    save_year(ctx, store_path(ctx), year, last_rated, version, store_key(ctx))


def _key(text: str | None) -> bytes | None:
    try:
        key = bytes.fromhex(text or "")
    except ValueError:
        return None
    return key if len(key) == 32 else None


def kept_key(ctx: ServiceContext) -> bytes | None:
    """The key the files of this database are sealed with; None while none was ever made."""
    with ctx.read() as s:
        return _key(read_setting(s, VERDICT_STORE_KEY))


@use_case(Permission.DESK)
def store_key(ctx: ServiceContext) -> bytes:
    """The key the files of this database are sealed with, made the first time a year is kept."""
    found = kept_key(ctx)
    if found is not None:
        return found
    with ctx.write("Tạo khóa mã hóa bản lưu kết quả xét điều kiện trên máy") as s:
        made = _key(read_setting(s, VERDICT_STORE_KEY))  # another PC may have made it meanwhile
        if made is None:
            made = secrets.token_bytes(32)
            write_setting(s, VERDICT_STORE_KEY, made.hex())
    return made


# --- the stamp --------------------------------------------------------------------------------------------


@cache
def _program() -> str:
    """The program that judged: its version, and in a run from the sources the newest source's time (rules
    change there without a new version)."""
    if getattr(sys, "frozen", False):
        return program_version()
    root = Path(__file__).resolve().parent.parent
    newest = max(p.stat().st_mtime_ns for p in root.rglob("*.py"))
    return f"{program_version()}+{newest}"


def _stamp(ctx: ServiceContext, year: int, version: int) -> tuple:
    with ctx.read() as s:
        row_hash = s.scalar(select(AuditEntry.row_hash).where(AuditEntry.id == version)) if version else ""
    return (FORMAT, _program(), SCHEMA_HEAD, year, version, row_hash or "")


# --- writing ----------------------------------------------------------------------------------------------


def save_year(
    ctx: ServiceContext, path: Path, year: YearVerdicts, last_rated: int | None, version: int, key: bytes
) -> None:
    """Keep `year` (every title judged, on histories read at data version `version`) in `path`, replacing
    what was there; written whole to a new file first, so a fault leaves the old one or none."""
    from Cryptodome.Cipher import AES

    if not year.done:
        raise ValueError("only a year with every title judged is kept")
    header = json.dumps(_stamp(ctx, year.year, version)).encode()
    body = b"".join(_LENGTH.pack(len(chunk)) + chunk for chunk in _chunks(year, last_rated))
    nonce = secrets.token_bytes(_NONCE)
    cipher = AES.new(key, AES.MODE_GCM, nonce=nonce)
    cipher.update(header)
    sealed, tag = cipher.encrypt_and_digest(body)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with partial.open("wb") as f:
            f.write(MAGIC + _LENGTH.pack(len(header)) + header + nonce + tag)
            f.write(sealed)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)  # a full disk leaves nothing half written behind
        raise


class _Shared(list):
    """Objects the parts share (a table of rows, a units column, a verdict), each kept once, in order: the
    place of an object (by identity) in the file."""

    def __init__(self):
        super().__init__()
        self._places: dict[int, int] = {}

    def place(self, obj) -> int:
        at = self._places.setdefault(id(obj), len(self))
        if at == len(self):
            self.append(obj)
        return at


def _chunks(year: YearVerdicts, last_rated: int | None) -> Iterator[bytes]:
    """The year's parts, each one marshal call: the head, each shared table of rows, the pools' units, the
    distinct verdicts, then one title at a time (its parts by their tables' places)."""
    kept_rows, kept_units, kept_verdicts = _Shared(), _Shared(), _Shared()
    titles = []
    for code in ALL_CODES:
        listing = year.titles[code]
        parts = []
        for p in listing.candidates.parts:
            r, u = kept_rows.place(p.rows), kept_units.place(p.units)
            places = array("I", map(kept_verdicts.place, p.verdicts))
            chosen = p.chosen
            where = (
                (chosen.start, chosen.stop, chosen.step)
                if isinstance(chosen, range)
                else array("I", chosen).tobytes()
            )
            parts.append((p.head[0], p.head[1], r, u, where, places.tobytes()))
        titles.append((code, parts, bytes(listing.codes), listing.folded))
    yield marshal.dumps((year.year, year.short_names, last_rated, len(kept_rows), len(titles)))
    for table in kept_rows:
        yield marshal.dumps(tuple(None if c is None else list(c) for c in table.columns))
    yield marshal.dumps([list(u) for u in kept_units])
    yield marshal.dumps([tuple(v) for v in kept_verdicts])
    for title in titles:
        yield marshal.dumps(title)


# --- reading ----------------------------------------------------------------------------------------------


def load_year(ctx: ServiceContext, path: Path, key: bytes, stale: bool = False) -> KeptYear | None:
    """The year kept in `path`, if it is whole, sealed with `key` and its stamp still holds; else None. With
    `stale`, also one the database has moved past since (a write): it is not `current`. Another format,
    program or schema is never taken."""
    from Cryptodome.Cipher import AES

    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        if not data.startswith(MAGIC):
            return None
        at = len(MAGIC)
        (n,) = _LENGTH.unpack_from(data, at)
        header = data[at + _LENGTH.size : at + _LENGTH.size + n]
        stamp = json.loads(header)  # (read as data: nothing unsealed is unmarshalled)
        if not isinstance(stamp, list) or len(stamp) != 6 or stamp[0] != FORMAT:
            return None
        now = _stamp(ctx, stamp[3], data_version(ctx))
        current = tuple(stamp) == now
        if not current and (not stale or tuple(stamp[:3]) != now[:3]):
            return None  # a write since, another program or schema: judged again
        at += _LENGTH.size + n
        nonce, tag = data[at : at + _NONCE], data[at + _NONCE : at + _NONCE + _TAG]
        cipher = AES.new(key, AES.MODE_GCM, nonce=nonce)
        cipher.update(header)
        body = cipher.decrypt_and_verify(data[at + _NONCE + _TAG :], tag)
    except (ValueError, EOFError, TypeError, struct.error):  # cut short, altered, another key (JSON's too)
        log.info("bản lưu kết quả xét %s không dùng được", path.name)
        return None
    del data
    return _year(_parts(body), stamp[4], current)


def _parts(body: bytes) -> Iterator:
    at, end = 0, len(body)
    while at < end:
        (n,) = _LENGTH.unpack_from(body, at)
        yield marshal.loads(body[at + _LENGTH.size : at + _LENGTH.size + n])
        at += _LENGTH.size + n


def _year(parts: Iterator, version: int, current: bool) -> KeptYear:
    year, short_names, last_rated, n_rows, n_titles = next(parts)
    tables = [Rows(*next(parts)) for _ in range(n_rows)]
    units = next(parts)
    verdicts = [Verdict(*v) for v in next(parts)]
    folds: dict[str, str] = {}  # the titles' folded names: one string a name, as judged
    titles: dict[str, VerdictListing] = {}
    for _ in range(n_titles):
        code, kept_parts, codes, folded = next(parts)
        candidates = Candidates(
            CandidatePart(
                part_code,
                part_year,
                tables[r],
                units[u],
                range(*where) if isinstance(where, tuple) else array("I", where),
                list(map(verdicts.__getitem__, array("I", places))),
            )
            for part_code, part_year, r, u, where, places in kept_parts
        )
        folded = [folds.setdefault(f, f) for f in folded]
        titles[code] = VerdictListing(
            year, code, None, candidates, short_names, bytearray(codes), folded, folds
        ).worked_out()
    return KeptYear(YearVerdicts.kept(year, short_names, titles), last_rated, version, current)
