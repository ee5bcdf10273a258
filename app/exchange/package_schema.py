"""The shape of data.json, checked in full before any record is merged.

    data = validate(json.loads(raw))        # the same dict, or BadPackageData naming the record and field

Every field of every record kind (app.exchange.package_data says which travel) is checked against the
column it goes into: text is text and no longer than the column holds, a whole number is a whole number
(never a boolean, never a numeral written as text) inside the column's range, a date is an ISO date, a
code is one of its enum's codes, an amount is a finite decimal, and a column that cannot be empty is not
null. The links between records (ref, parent, unit, person, decision, document) are plain numbers or
text; uids are 32 hexadecimal digits. A few of the database's checks are repeated here (years of the
calendar the program knows, shares of an initiative, non-negative amounts), so that a package that would
break one is refused with a message about the package, not about the database.

Keys this program does not know are ignored: a later version-2 program may add some.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import math
import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, Enum, Integer, Numeric, SmallInteger, String

from app.exchange.package_archive import PackageRefused
from app.exchange.package_data import (
    AGENCY,
    AWARD,
    DECISION,
    DOCUMENT,
    INITIATIVE,
    PERSON,
    POSTING,
    RATING,
    SCHEMA,
    UNIT,
    UNIT_NAME,
    VERSION,
    VERSIONS,
    BadPackageData,
)
from app.text.numbers import int_text
from database.models import (
    Agency,
    Award,
    Decision,
    Initiative,
    InitiativeAuthor,
    OutgoingDocument,
    Person,
    Posting,
    Rating,
    Unit,
    UnitName,
)

UID = re.compile(r"[0-9a-f]{32}")
MAX_REF_TEXT = 64

# Ranges the database checks too (database/models): a package breaking one is refused here, by name.
YEARS = (1945, 2200)
RANGES: dict[tuple[str, str], tuple[float, float]] = {
    ("person", "birth_year"): (1900, 2100),
    ("rating", "year"): YEARS,
    ("rating", "absent_days"): (0, (1 << 31) - 1),
    ("initiative", "year"): YEARS,
    ("decision", "year"): YEARS,
    ("award", "year"): YEARS,
    ("award", "period_from"): YEARS,
    ("award", "period_to"): YEARS,
    ("award", "bonus_amount"): (0, (1 << 63) - 1),
    ("outgoing_document", "year"): YEARS,
    ("outgoing_document", "number"): (1, 32767),
    ("outgoing_document", "copies"): (1, 32767),
    ("initiative_author", "share"): (0.01, 100),
}
NOT_A_PACKAGE = "Tệp này không phải gói dữ liệu TĐKT (data.json không đúng mẫu “tdkt-package”)."
INT_RANGES = {SmallInteger: 1 << 15, BigInteger: 1 << 63, Integer: 1 << 31}

LABELS = {
    "agency": "cơ quan",
    "scope": "phạm vi",
    "units": "đơn vị",
    "former_names": "tên cũ của đơn vị",
    "persons": "cán bộ",
    "postings": "quá trình công tác",
    "ratings": "xếp loại",
    "initiatives": "sáng kiến",
    "authors": "tác giả sáng kiến",
    "decisions": "quyết định",
    "awards": "khen thưởng",
    "documents": "văn bản đi",
}

# kind: (model, fields, links that name another record of the package)
KINDS: dict[str, tuple[Any, tuple[str, ...], tuple[str, ...]]] = {
    "documents": (OutgoingDocument, DOCUMENT, ("ref",)),
    "units": (Unit, UNIT, ("ref", "parent")),
    "persons": (Person, PERSON, ("ref", "unit")),
    "postings": (Posting, POSTING, ("person", "unit")),
    "ratings": (Rating, RATING, ("person", "unit")),
    "decisions": (Decision, DECISION, ("ref", "document")),
    "awards": (Award, AWARD, ("person", "unit", "decision")),
    "initiatives": (Initiative, INITIATIVE, ("ref", "unit")),
}


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


class _Where:
    """Which record a problem is in, as the clerk reads it: “cán bộ thứ 3 (Nguyễn Văn An)”; worked out
    only when there is a problem to name."""

    def __init__(self, kind: str, index: int | None = None, record: Any = None, parent: str = ""):
        self.kind, self.index, self.record, self.parent = kind, index, record, parent

    @property
    def text(self) -> str:
        label = LABELS.get(self.kind, self.kind)
        text = label if self.index is None else f"{label} thứ {int_text(self.index + 1)}"
        name = _name_of(self.record)
        if name:
            text += f" ({name})"
        return f"{self.parent}, {text}" if self.parent else text

    def refuse(self, field: str | None, problem: str) -> BadPackageData:
        where = self.text if field is None else f"{self.text}, trường “{field}”"
        return BadPackageData(f"{where}: {problem}")


def _name_of(record: Any) -> str:
    if not isinstance(record, dict):
        return ""
    for key in ("full_name", "name", "number_text", "title", "symbol"):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:60]
    return ""


def _value(where: _Where, model, field: str, value: Any) -> None:
    """Refuse a value the column `field` of `model` could not hold."""
    column = model.__table__.c[field]
    kind = column.type
    if value is None:
        if not column.nullable:
            raise where.refuse(field, "không được để trống")
        return
    if isinstance(kind, JSON):
        if not isinstance(value, (dict, list)):
            raise where.refuse(field, f"cần một đối tượng, gói ghi {_shown(value)}")
        return
    if isinstance(kind, Enum) and kind.enum_class is not None:
        codes = [member.value for member in kind.enum_class]
        if not isinstance(value, str) or value not in codes:
            raise where.refuse(field, f"cần một trong các mã {', '.join(codes)}; gói ghi {_shown(value)}")
        return
    if isinstance(kind, Date):
        if not isinstance(value, str):
            raise where.refuse(field, f"cần ngày dạng NNNN-TT-NN, gói ghi {_shown(value)}")
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise where.refuse(field, f"ngày “{value[:40]}” không hợp lệ (cần dạng NNNN-TT-NN)") from None
        return
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise where.refuse(field, f"cần đúng/sai (true/false), gói ghi {_shown(value)}")
        return
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise where.refuse(field, f"cần một số nguyên, gói ghi {_shown(value)}")
        bound = next(b for t, b in INT_RANGES.items() if isinstance(kind, t))
        low, high = RANGES.get((model.__tablename__, field), (-bound, bound - 1))
        if not low <= value <= high:
            raise where.refuse(field, f"số {_shown(value)} nằm ngoài khoảng {low}–{high}")
        return
    if isinstance(kind, Numeric):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise where.refuse(field, f"cần một số, gói ghi {_shown(value)}")
        try:
            number = decimal.Decimal(str(value).strip())
        except decimal.InvalidOperation:
            raise where.refuse(field, f"cần một số, gói ghi {_shown(value)}") from None
        if not number.is_finite() or (isinstance(value, float) and not math.isfinite(value)):
            raise where.refuse(field, f"cần một số, gói ghi {_shown(value)}")
        low, high = RANGES.get((model.__tablename__, field), (None, None))
        if kind.precision is not None and kind.scale is not None:
            limit = decimal.Decimal(10) ** (kind.precision - kind.scale)
            if abs(number) >= limit:
                raise where.refuse(field, f"số {_shown(value)} quá lớn")
        if low is not None and not decimal.Decimal(str(low)) <= number <= decimal.Decimal(str(high)):
            raise where.refuse(field, f"số {_shown(value)} nằm ngoài khoảng {low}–{high}")
        return
    if isinstance(kind, String):  # Text is a String without a length
        if not isinstance(value, str):
            raise where.refuse(field, f"cần chữ, gói ghi {_shown(value)}")
        if kind.length is not None and len(value) > kind.length:
            raise where.refuse(
                field, f"dài {int_text(len(value))} ký tự, quá {int_text(kind.length)} ký tự cho phép"
            )
        if "\x00" in value:
            raise where.refuse(field, "có ký tự rỗng (NUL) không hợp lệ")
        return
    raise AssertionError(f"no check for {model.__tablename__}.{field} ({kind!r})")  # pragma: no cover


# (from, to) pairs the database keeps in order: an ISO date or a year sorts as its text or number does
ORDERED = {
    "unit": ("established_on", "ended_on"),
    "unit_name": ("valid_from", "valid_to"),
    "posting": ("start_date", "end_date"),
    "award": ("period_from", "period_to"),
}


def _iso_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _quick(model, field: str) -> Callable[[Any], bool]:
    """A fast test passing the usual good values of the column; anything else goes through `_value`,
    which passes or refuses it with its reason. (A year's package holds a million values.)"""
    column = model.__table__.c[field]
    kind = column.type
    nullable = column.nullable
    if isinstance(kind, Enum) and kind.enum_class is not None:
        codes = frozenset(member.value for member in kind.enum_class)
        return lambda v: (v is None and nullable) or (type(v) is str and v in codes)
    if isinstance(kind, Date):
        return lambda v: (v is None and nullable) or (type(v) is str and _iso_date(v))
    if isinstance(kind, Boolean):
        return lambda v: (v is None and nullable) or type(v) is bool
    if isinstance(kind, Integer):
        bound = next(b for t, b in INT_RANGES.items() if isinstance(kind, t))
        low, high = RANGES.get((model.__tablename__, field), (-bound, bound - 1))
        return lambda v: (v is None and nullable) or (type(v) is int and low <= v <= high)
    if isinstance(kind, String) and not isinstance(kind, JSON):
        most = kind.length if kind.length is not None else float("inf")
        return lambda v: (v is None and nullable) or (type(v) is str and len(v) <= most and "\x00" not in v)
    return lambda _v: False  # amounts and JSON: always the full check


@functools.cache
def _quick_tests(model, fields: tuple[str, ...]) -> tuple[tuple[str, Callable[[Any], bool]], ...]:
    return tuple((field, _quick(model, field)) for field in fields)


def _fields(where: _Where, model, fields: tuple[str, ...], record: dict) -> None:
    get = record.get
    for field, quick in _quick_tests(model, fields):
        value = get(field)
        if not quick(value):
            _value(where, model, field, value)
    pair = ORDERED.get(model.__tablename__)
    if pair is not None:
        start, end = (_ordered(record.get(f)) for f in pair)
        if start is not None and end is not None and end < start:
            raise where.refuse(
                pair[1],
                f"{_shown(record.get(pair[1]))} trước {_shown(record.get(pair[0]))} (trường “{pair[0]}”)",
            )
    rules = _RULES.get(model.__tablename__)
    if rules is not None:
        rules(where, record)


def _ordered(value: Any) -> Any:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _person_rules(where: _Where, record: dict) -> None:
    if record.get("birth_date") is not None and record.get("birth_year") is None:
        raise where.refuse("birth_year", "có ngày sinh mà không có năm sinh")


def _document_rules(where: _Where, record: dict) -> None:
    if record.get("status") != "DRAFT" and record.get("number") is None:
        raise where.refuse("number", "văn bản đã vào sổ mà không có số")


def _award_rules(where: _Where, record: dict) -> None:
    if record.get("source") == "DECISION" and record.get("decision") is None:
        raise where.refuse("decision", "khen thưởng theo quyết định mà không ghi quyết định nào")


_RULES = {"person": _person_rules, "outgoing_document": _document_rules, "award": _award_rules}


def _link(where: _Where, field: str, value: Any) -> None:
    """A ref: the sender's id (a number), or short text; never a list, an object or a boolean."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise where.refuse(field, f"cần mã bản ghi (số hoặc chữ), gói ghi {_shown(value)}")
    if isinstance(value, str) and len(value) > MAX_REF_TEXT:
        raise where.refuse(field, "mã bản ghi quá dài")


def _uid(where: _Where, kind: str, record: dict) -> None:
    uid = record.get("uid")
    if uid is not None and not (isinstance(uid, str) and UID.fullmatch(uid)):
        raise where.refuse("uid", f"mã định danh {LABELS[kind]} {_shown(uid)} không hợp lệ")


def _list(where: _Where, field: str | None, value: Any) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise where.refuse(field, f"cần một danh sách, gói ghi {_shown(value)}")
    return value


def _record(kind: str, index: int, record: Any, parent: str = "") -> _Where:
    where = _Where(kind, index, record, parent)
    if not isinstance(record, dict):
        raise where.refuse(None, f"không phải một đối tượng (gói ghi {_shown(record)})")
    return where


def section(kind: str, value: Any) -> list:
    """A kind's records as data.json holds them: a list (null for none); anything else is refused."""
    return _list(_Where(kind), None, value)


def check_record(kind: str, index: int, record: Any) -> None:
    """Refuse the `index`-th record of `kind` unless every field has the shape its column needs."""
    model, fields, links = KINDS[kind]
    where = _record(kind, index, record)
    _fields(where, model, fields, record)
    for link in links:
        _link(where, link, record.get(link))
    _uid(where, kind, record)
    if kind in ("ratings", "awards") and record.get("person") is None and record.get("unit") is None:
        raise where.refuse(None, "không ghi cán bộ hay đơn vị nào")
    if kind == "postings" and (record.get("person") is None or record.get("unit") is None):
        raise where.refuse(None, "thiếu cán bộ hoặc đơn vị")
    if kind == "awards" and not (isinstance(record.get("type"), str) and record["type"].strip()):
        raise where.refuse("type", f"cần mã hình thức khen thưởng, gói ghi {_shown(record.get('type'))}")
    if kind == "units":
        for n, former in enumerate(_list(where, "former_names", record.get("former_names"))):
            inner = _record("former_names", n, former, where.text)
            _fields(inner, UnitName, UNIT_NAME, former)
            _uid(inner, "former_names", former)
    if kind == "initiatives":
        for n, author in enumerate(_list(where, "authors", record.get("authors"))):
            inner = _record("authors", n, author, where.text)
            _link(inner, "person", author.get("person"))
            if author.get("person") is None:
                raise inner.refuse("person", "không ghi tác giả là ai")
            _value(inner, InitiativeAuthor, "share", author.get("share"))


def check_header(data: Any) -> None:
    """data.json's own fields (everything but the records): its schema and version, and the few facts about
    the sender the import shows."""
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise PackageRefused(NOT_A_PACKAGE)
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise PackageRefused(
            f"Gói theo mẫu dữ liệu phiên bản {version}, chương trình này chỉ đọc được đến phiên bản "
            f"{VERSION}. Hãy cập nhật chương trình TĐKT rồi nhập lại."
        )
    if isinstance(version, bool) or version not in VERSIONS:
        raise PackageRefused(
            f"Gói ghi phiên bản mẫu dữ liệu {_shown(version)} không hợp lệ; không nhập được. Hãy xin nơi gửi "
            "xuất lại gói bằng chương trình TĐKT."
        )
    top = _Where("gói")
    for field in ("created_at", "program"):
        value = data.get(field)
        if value is not None and not isinstance(value, str):
            raise top.refuse(field, f"cần chữ, gói ghi {_shown(value)}")
    agency = data.get("agency")
    if agency is not None:
        where = _Where("agency")
        if not isinstance(agency, dict):
            raise where.refuse(None, f"không phải một đối tượng (gói ghi {_shown(agency)})")
        _fields(where, Agency, AGENCY, agency)
    scope = data.get("scope")
    if scope is not None:
        where = _Where("scope")
        if not isinstance(scope, dict):
            raise where.refuse(None, f"không phải một đối tượng (gói ghi {_shown(scope)})")
        year = scope.get("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            raise where.refuse("year", f"cần một số nguyên, gói ghi {_shown(year)}")
        for field in ("campaign", "decision"):
            value = scope.get(field)
            if value is not None and not isinstance(value, dict):
                raise where.refuse(field, f"không phải một đối tượng (gói ghi {_shown(value)})")


def validate(data: Any) -> dict:
    """`data` itself when every field of every record has the shape its column needs; else
    PackageRefused (BadPackageData for a record) naming the record and the field. Nothing is written."""
    check_header(data)
    for kind in KINDS:
        for index, record in enumerate(section(kind, data.get(kind))):
            check_record(kind, index, record)
    return data
