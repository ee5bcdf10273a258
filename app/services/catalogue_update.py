"""Law updates as data (Cập nhật quy định): a signed file from the publisher (app.exchange.catalogue_update_file)
brings a new catalogue — titles and forms, bonus coefficients, base salaries, parameters and legal bases —
without a new release.

    preview = preview_update(ctx, Path("cap-nhat.zip"))     # what it would add, change, end; nothing written
    applied = apply_update(ctx, Path("cap-nhat.zip"))       # one transaction, audited, recorded
    undo_update(ctx, applied.update_id)                     # the rows exactly as they were before

Rules change by date: a row of a new date is added and the row before it ends on that date (it is never
overwritten, so past years are still judged by the rule of their day); a row of the same date whose text,
value or certainty differs is corrected. Nothing is ever deleted by an update. The office's own rows (forms
it added, base salaries it entered, the province's rules: `local`, and the dates of
app.settings.LOCAL_SALARY_DATES) are left as they are and shown as kept.

Each applied update is a `CatalogueUpdate` row holding every row it wrote, before and after. Only the latest
update still in force can be undone, and only while the rows it wrote are as it left them (the office has not
edited them since); an undone update may be applied again. The start-up load of the shipped catalogue
(app.services.catalogue.sync_catalogue, after an upgrade) leaves the rows of the updates in force alone
(`held_by_updates` there). An update issued no later than the latest one in force is refused, as is one
already in force.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain.permissions import Permission, use_case
from app.errors import UserError
from app.exchange.catalogue_update_file import UpdateFile, UpdateRefused, read_update
from app.services.catalogue import (
    MAX_BASE_SALARY,
    MAX_COEFFICIENT,
    award_type_values,
    base_salary_values,
    coefficient_values,
    local_salary_dates,
    parameter_values,
)
from app.services.context import ServiceContext
from app.services.legal_bases import THRESHOLD_PREFIX
from app.text import clean
from app.text.numbers import decimal_text, money_text, ratio_percent_text
from database.enums import AuthorityLevel, AwardCategory, Certainty, Periodicity, RuleSet
from database.models import AwardType, BaseSalary, BonusCoefficient, CatalogueUpdate, Parameter
from database.models.base import utcnow

ADDED, CHANGED, ENDED, KEPT = "ADDED", "CHANGED", "ENDED", "KEPT"
ACTION_TEXT = {ADDED: "Thêm", CHANGED: "Sửa", ENDED: "Hết hiệu lực", KEPT: "Giữ bản của cơ quan"}
KIND_TEXT = {
    "award_type": "Danh hiệu, hình thức",
    "coefficient": "Hệ số tiền thưởng",
    "base_salary": "Mức lương cơ sở",
    "legal_basis": "Căn cứ pháp lý",
    "parameter": "Tham số xét khen thưởng",
}
FIELD_TEXT = {
    "name": "tên",
    "short_name": "tên viết tắt",
    "category": "loại",
    "for_individual": "đối tượng cá nhân",
    "for_collective": "đối tượng tập thể",
    "for_household": "đối tượng hộ gia đình",
    "level": "cấp quyết định",
    "granted_by": "người quyết định",
    "within_director_power": "thẩm quyền Giám đốc Sở",
    "periodicity": "tính chất xét",
    "rank": "thứ tự",
    "valid_from": "hiệu lực từ",
    "valid_to": "hiệu lực đến",
    "legal_basis": "văn bản",
    "source": "văn bản",
    "certainty": "độ tin cậy",
    "rule": "tiêu chuẩn",
}
PARAMETER_TEXT = {
    "legal_basis": "Bộ quy định dùng để xét",
    "legal_basis_line.law": "Dòng căn cứ: Luật",
    "legal_basis_line.decree": "Dòng căn cứ: Nghị định",
    "legal_basis_line.ministry": "Dòng căn cứ: Thông tư của Bộ",
    "legal_basis_line.province": "Dòng căn cứ: quy định của tỉnh",
}


# --- the four tables an update writes, and their rows as JSON ------------------------------------------------


@dataclass(frozen=True)
class _Table:
    file: str  # the catalogue file and its list
    list_name: str
    key: tuple[str, ...]  # a dated table's key ends with effective_from: the rest is the rule it dates
    fields: tuple[str, ...]
    values: Callable[[dict[str, Any]], dict[str, Any]]  # a file row -> the model's values

    @property
    def dated(self) -> bool:
        return self.key[-1] == "effective_from"


TABLES = {
    "award_type": _Table(
        "award_types.json",
        "award_types",
        ("code",),
        (
            "name",
            "short_name",
            "category",
            "for_individual",
            "for_collective",
            "for_household",
            "level",
            "granted_by",
            "within_director_power",
            "periodicity",
            "rank",
            "valid_from",
            "valid_to",
            "legal_basis",
            "certainty",
            "rule",
        ),
        award_type_values,
    ),
    "coefficient": _Table(
        "bonus_coefficients.json",
        "coefficients",
        ("code", "effective_from"),
        ("individual", "collective", "legal_basis", "certainty"),
        coefficient_values,
    ),
    "base_salary": _Table(
        "base_salary.json",
        "base_salary",
        ("effective_from",),
        ("amount", "legal_basis", "certainty"),
        base_salary_values,
    ),
    "parameter": _Table(
        "parameters.json",
        "parameters",
        ("rule_set", "key", "effective_from"),
        ("value", "source", "certainty"),
        parameter_values,
    ),
}
_DATES = {"effective_from", "valid_from", "valid_to"}
_NUMBERS = {"individual", "collective"}
_ENUMS = {
    "category": AwardCategory,
    "level": AuthorityLevel,
    "periodicity": Periodicity,
    "certainty": Certainty,
    "rule_set": RuleSet,
}
_FLAGS = {"for_individual", "for_collective", "for_household", "within_director_power"}
_TEXTS = {"code", "key", "name", "short_name", "granted_by", "legal_basis", "source", "rule"}
_REQUIRED_TEXTS = {"code", "key", "name", "short_name", "granted_by"}
_LENGTHS = {"code": 40, "key": 80, "name": 250, "short_name": 120, "granted_by": 200}  # the columns' sizes


def _encode(field: str, value: Any) -> Any:
    """A model value as the JSON kept in the update's record (and compared with the file's rows)."""
    if value is None:
        return None
    if field in _DATES:
        return value.isoformat()
    if field in _NUMBERS:
        return str(Decimal(str(value)).quantize(Decimal("0.01")))
    if field in _ENUMS:
        return _ENUMS[field](value).value
    return value


def _decode(field: str, value: Any) -> Any:
    if value is None:
        return None
    if field in _DATES:
        return dt.date.fromisoformat(value)
    if field in _NUMBERS:
        return Decimal(value)
    if field in _ENUMS:
        return _ENUMS[field](value)
    return value


Row = dict[str, Any]  # a row as JSON: key and value fields
Key = tuple  # its key fields' JSON values


def _key(table: str, row: Row) -> Key:
    return tuple(row[k] for k in TABLES[table].key)


def _row_of(table: str, obj: Any, **given: Any) -> Row:
    spec = TABLES[table]
    return {f: given[f] if f in given else _encode(f, getattr(obj, f)) for f in (*spec.key, *spec.fields)}


@dataclass
class _State:
    """Every catalogue row of the database as JSON, with whether the office made it (its own row)."""

    rows: dict[str, dict[Key, Row]]
    local: dict[str, set[Key]]


def _database_state(s: Session) -> _State:
    state = _State({t: {} for t in TABLES}, {t: set() for t in TABLES})

    def keep(table: str, row: Row, local: bool) -> None:
        key = _key(table, row)
        state.rows[table][key] = row
        if local:
            state.local[table].add(key)

    codes = {}
    for t in s.scalars(select(AwardType)):
        codes[t.id] = (t.code, t.local)
        keep("award_type", _row_of("award_type", t), t.local)
    for c in s.scalars(select(BonusCoefficient)):
        code, local = codes[c.award_type_id]
        keep("coefficient", _row_of("coefficient", c, code=code), local)
    office_dates = local_salary_dates(s)
    for b in s.scalars(select(BaseSalary)):
        keep("base_salary", _row_of("base_salary", b), b.effective_from in office_dates)
    for p in s.scalars(select(Parameter)):
        keep("parameter", _row_of("parameter", p), p.local)
    return state


def _file_rows(update: UpdateFile) -> dict[str, dict[Key, Row]]:
    """The update's catalogue as rows; UpdateRefused for a row of another shape, or one given twice."""
    rows: dict[str, dict[Key, Row]] = {t: {} for t in TABLES}
    for table, spec in TABLES.items():
        listed = update.catalogue[spec.file].get(spec.list_name)
        if not isinstance(listed, list):
            raise UpdateRefused(
                f"Tệp “{spec.file}” trong bản cập nhật không có danh sách “{spec.list_name}”."
            )
        for number, raw in enumerate(listed, start=1):
            try:
                values = spec.values(raw) | {k: _decode(k, raw[k]) for k in spec.key}
                row = {f: _nfc(_encode(f, values[f])) for f in (*spec.key, *spec.fields)}
                _check(row)
            except (KeyError, ValueError, TypeError, InvalidOperation, AttributeError) as exc:
                raise UpdateRefused(
                    f"Dòng {number} của tệp “{spec.file}” trong bản cập nhật không đúng mẫu danh mục; không áp "
                    "dụng được. Hãy báo nhà phát hành."
                ) from exc
            key = _key(table, row)
            if key in rows[table]:
                raise UpdateRefused(
                    f"Dòng {number} của tệp “{spec.file}” lặp lại một dòng trước; không áp dụng được."
                )
            rows[table][key] = row
    unknown = sorted({code for code, _day in rows["coefficient"]} - {code for (code,) in rows["award_type"]})
    if unknown:
        raise UpdateRefused(
            f"Tệp “bonus_coefficients.json” trong bản cập nhật có hệ số của mã “{unknown[0]}” không có trong "
            "danh mục của chính bản cập nhật; không áp dụng được. Hãy báo nhà phát hành."
        )
    return rows


def _nfc(value: Any) -> Any:
    """Text as the database keeps it (NFC), so that the rows an update wrote compare equal when it is undone."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    return value


def _check(row: Row) -> None:
    """What the database would refuse, or store wrongly, refused here first (ValueError)."""
    for field, value in row.items():
        if field in _FLAGS and not isinstance(value, bool):
            raise ValueError(field)
        if field in _TEXTS and not (value is None or isinstance(value, str)):
            raise ValueError(field)
        if field in _REQUIRED_TEXTS and not (value or "").strip():
            raise ValueError(field)
        if field in _LENGTHS and len(value) > _LENGTHS[field]:
            raise ValueError(field)
    if "amount" in row and (
        isinstance(row["amount"], bool)
        or not isinstance(row["amount"], int)
        or not 0 < row["amount"] <= MAX_BASE_SALARY
    ):
        raise ValueError("amount")
    for field in _NUMBERS & set(row):
        if row[field] is not None and not 0 <= Decimal(row[field]) <= MAX_COEFFICIENT:
            raise ValueError(field)
    if "rank" in row and (isinstance(row["rank"], bool) or not isinstance(row["rank"], int)):
        raise ValueError("rank")


# --- the preview ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowChange:
    """One line of the preview: what the update does to one row, with the text it rests on."""

    kind: str  # a key of KIND_TEXT
    action: str  # ADDED, CHANGED, ENDED, KEPT
    what: str
    effective: dt.date | None  # from (added, changed) or the day it no longer applies (ended)
    detail: str
    source: str | None
    certainty: Certainty | None

    @property
    def action_text(self) -> str:
        return ACTION_TEXT[self.action]

    @property
    def kind_text(self) -> str:
        return KIND_TEXT[self.kind]

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "kind_label": self.kind_text,
            "action": self.action,
            "action_label": self.action_text,
            "what": self.what,
            "effective": self.effective.isoformat() if self.effective else None,
            "detail": self.detail,
            "source": self.source,
            "certainty": self.certainty.value if self.certainty else None,
        }

    @classmethod
    def from_json(cls, data: dict) -> RowChange:
        return cls(
            data["kind"],
            data["action"],
            data["what"],
            dt.date.fromisoformat(data["effective"]) if data["effective"] else None,
            data["detail"],
            data["source"],
            Certainty(data["certainty"]) if data["certainty"] else None,
        )


@dataclass(frozen=True)
class UpdatePreview:
    """What an update does (or, applied, did) to this database's catalogue."""

    digest: str
    publisher: str
    issued: dt.datetime
    description: str
    changes: tuple[RowChange, ...]
    update_id: int | None = None  # the record of the applied update; None: a preview, nothing written

    def count(self, action: str) -> int:
        return sum(1 for c in self.changes if c.action == action)

    def summary(self) -> str:
        if not self.changes:
            return "Không có thay đổi nào so với danh mục đang dùng."
        counts = [
            f"{ACTION_TEXT[a].lower()} {self.count(a)} dòng"
            for a in (ADDED, CHANGED, ENDED, KEPT)
            if self.count(a)
        ]
        return "; ".join(counts)[:1].upper() + "; ".join(counts)[1:] + "."

    def as_json(self) -> dict:
        return {
            "update_id": self.update_id,
            "applied": self.update_id is not None,
            "digest": self.digest,
            "publisher": self.publisher,
            "issued": self.issued.isoformat(timespec="seconds"),
            "description": self.description,
            "counts": {a: self.count(a) for a in (ADDED, CHANGED, ENDED, KEPT)},
            "changes": [c.as_json() for c in self.changes],
        }


def _day(text: str | None) -> str:
    return dt.date.fromisoformat(text).strftime("%d/%m/%Y") if text else ""


def _next_day(day: str, days: int = 1) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


def _value_text(key: str, value: Any) -> str:
    if value is None:
        return "không quy định"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, (int, float)):
        return ratio_percent_text(value) if "threshold" in key or "share" in key else decimal_text(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _describe(table: str, row: Row, names: dict[str, str]) -> tuple[str, str, str]:
    """(kind, what, the row's value in words) of a row."""
    if table == "award_type":
        return table, f"{row['code']} — {row['name']}", AwardCategory(row["category"]).label
    if table == "coefficient":
        parts = [
            f"{who} {decimal_text(Decimal(row[f]))}"
            for f, who in (("individual", "cá nhân"), ("collective", "tập thể"))
            if row[f]
        ]
        name = names.get(row["code"], row["code"])
        return (
            table,
            f"{row['code']} — {name}",
            "; ".join(parts) + " × mức lương cơ sở" if parts else "không thưởng tiền",
        )
    if table == "base_salary":
        return table, "Mức lương cơ sở", f"{money_text(row['amount'])} đồng/tháng"
    key = row["key"]
    kind = "legal_basis" if key.startswith("legal_basis") else "parameter"
    if key.startswith(THRESHOLD_PREFIX):
        label = f"Tỷ lệ phiếu bầu: {names.get(key.removeprefix(THRESHOLD_PREFIX), key)}"
    else:
        label = PARAMETER_TEXT.get(key, key)
    return kind, f"{label} ({RuleSet(row['rule_set']).label})", _value_text(key, row["value"])


def _source(row: Row) -> str | None:
    return row.get("legal_basis", row.get("source"))


def _line(
    table: str,
    action: str,
    row: Row,
    names: dict[str, str],
    detail: str | None = None,
    effective=None,
    by: Row | None = None,
) -> RowChange:
    kind, what, value = _describe(table, row, names)
    basis = by or row
    day = effective if effective is not None else row.get("effective_from") or row.get("valid_from")
    return RowChange(
        kind,
        action,
        what,
        dt.date.fromisoformat(day) if day else None,
        detail if detail is not None else value,
        _source(basis),
        Certainty(basis["certainty"]) if basis.get("certainty") else None,
    )


def _plan(state: _State, incoming: dict[str, dict[Key, Row]]) -> tuple[list[RowChange], list[dict]]:
    """The preview's lines and the writes (before and after of each row), in the order they are applied."""
    names = {  # as the database names them, new codes as the update does
        r["code"]: r["name"] for r in (*incoming["award_type"].values(), *state.rows["award_type"].values())
    }
    lines: list[RowChange] = []
    writes: list[dict] = []
    for table, spec in TABLES.items():
        ours, added = state.rows[table], []
        for key, row in incoming[table].items():
            before = ours.get(key)
            if before == row:
                continue
            # the office's own row, or a coefficient of the office's own form: not the update's to write
            if key in state.local[table] or (table == "coefficient" and key[:1] in state.local["award_type"]):
                _, _, theirs = _describe(table, row, names)
                if before is None:
                    detail = f"không thêm vào hình thức của cơ quan (bản cập nhật ghi: {theirs})"
                else:
                    detail = (
                        f"giữ {_describe(table, before, names)[2]} của cơ quan (bản cập nhật ghi: {theirs})"
                    )
                lines.append(_line(table, KEPT, before or row, names, detail))
                continue
            writes.append({"table": table, "key": list(key), "before": before, "after": row})
            if before is None:
                ending = table == "parameter" and row["value"] is None
                lines.append(_line(table, ENDED if ending else ADDED, row, names))
                added.append(row)
            elif table == "award_type" and before["valid_to"] is None and row["valid_to"] is not None:
                lines.append(
                    _line(
                        table,
                        ENDED,
                        row,
                        names,
                        f"áp dụng đến hết ngày {_day(row['valid_to'])}",
                        _next_day(row["valid_to"]),
                    )
                )
            else:
                changed = [_field_change(f, before[f], row[f]) for f in spec.fields if before[f] != row[f]]
                _, _, was = _describe(table, before, names)
                _, _, now = _describe(table, row, names)
                detail = f"{was} → {now}" if was != now else "đổi " + ", ".join(dict.fromkeys(changed))
                lines.append(_line(table, CHANGED, row, names, detail))
        if spec.dated:
            lines += _endings(table, {**ours, **incoming[table]}, added, names)
    return lines, writes


def _field_change(field: str, before: Any, after: Any) -> str:
    if field == "certainty":
        return f"{FIELD_TEXT[field]} {before} → {after}"
    return FIELD_TEXT.get(field, field)


def _endings(table: str, rows: dict[Key, Row], added: list[Row], names: dict[str, str]) -> list[RowChange]:
    """The row each new dated row ends: the one of the same rule in force the day before it."""
    lines = []
    for row in added:
        if table == "parameter" and row["value"] is None:
            continue  # a "not set" row is itself the ending
        rule = _key(table, row)[:-1]
        earlier = [
            r for k, r in rows.items() if k[:-1] == rule and r["effective_from"] < row["effective_from"]
        ]
        if not earlier:
            continue
        previous = max(earlier, key=lambda r: r["effective_from"])
        last_day = _next_day(row["effective_from"], -1)
        _, _, value = _describe(table, previous, names)
        lines.append(
            _line(
                table,
                ENDED,
                previous,
                names,
                f"{value} (từ {_day(previous['effective_from'])}), áp dụng đến hết ngày {_day(last_day)}",
                row["effective_from"],
                by=row,
            )
        )
    return lines


# --- applying and undoing ----------------------------------------------------------------------------------------


def _find(s: Session, table: str, key: list) -> Any:
    values = {k: _decode(k, v) for k, v in zip(TABLES[table].key, key, strict=True)}
    if table == "award_type":
        return s.scalar(select(AwardType).where(AwardType.code == values["code"]))
    if table == "coefficient":
        return s.scalar(
            select(BonusCoefficient)
            .join(AwardType)
            .where(
                AwardType.code == values["code"], BonusCoefficient.effective_from == values["effective_from"]
            )
        )
    if table == "base_salary":
        return s.scalar(select(BaseSalary).where(BaseSalary.effective_from == values["effective_from"]))
    return s.scalar(
        select(Parameter).where(
            Parameter.rule_set == values["rule_set"],
            Parameter.key == values["key"],
            Parameter.effective_from == values["effective_from"],
        )
    )


_MODELS = {
    "award_type": AwardType,
    "coefficient": BonusCoefficient,
    "base_salary": BaseSalary,
    "parameter": Parameter,
}


def _write(s: Session, table: str, key: list, row: Row | None, current: Any) -> None:
    """The row made as `row` says (None: removed)."""
    if row is None:
        s.delete(current)
        s.flush()
        return
    values = {f: _decode(f, v) for f, v in row.items() if f != "code" or table == "award_type"}
    if table == "coefficient":
        values["award_type_id"] = s.scalar(select(AwardType.id).where(AwardType.code == row["code"]))
    if current is None:
        extra = {"local": False} if table in ("award_type", "parameter") else {}
        s.add(_MODELS[table](**values, **extra))
    else:
        for field, value in values.items():
            if getattr(current, field) != value:
                setattr(current, field, value)
    s.flush()  # award types first: their coefficients need their ids


def _in_force(s: Session) -> list[CatalogueUpdate]:
    return list(
        s.scalars(
            select(CatalogueUpdate)
            .where(CatalogueUpdate.undone_at.is_(None))
            .order_by(CatalogueUpdate.id.desc())
        )
    )


def _refuse_if_not_newer(s: Session, update: UpdateFile) -> None:
    for done in _in_force(s):
        when = f"{done.applied_at:%d/%m/%Y}"
        if done.digest == update.digest:
            raise UpdateRefused(
                f"Bản cập nhật này đã được áp dụng ngày {when} (bản số {done.id}); không áp dụng lại."
            )
        if dt.datetime.fromisoformat(done.issued) >= update.issued:
            raise UpdateRefused(
                f"Bản cập nhật ban hành ngày {update.issued:%d/%m/%Y} không mới hơn bản đã áp dụng (bản số "
                f"{done.id}, ban hành ngày {dt.datetime.fromisoformat(done.issued):%d/%m/%Y}); không áp dụng bản cũ."
            )


def _preview(s: Session, update: UpdateFile) -> tuple[UpdatePreview, list[dict]]:
    _refuse_if_not_newer(s, update)
    lines, writes = _plan(_database_state(s), _file_rows(update))
    preview = UpdatePreview(update.digest, update.publisher, update.issued, update.description, tuple(lines))
    return preview, writes


def preview_update(ctx: ServiceContext, path: Path, public_key: bytes | None = None) -> UpdatePreview:
    """What applying the update in `path` would do; nothing is written. `public_key` is for tests only: the
    program always checks the signature with the publisher's key it ships."""
    update = read_update(path, public_key)
    with ctx.read() as s:
        return _preview(s, update)[0]


@use_case(Permission.CATALOGUE)
def apply_update(ctx: ServiceContext, path: Path, public_key: bytes | None = None) -> UpdatePreview:
    """Apply the update in `path` in one transaction (audited), recorded so that it can be undone."""
    update = read_update(path, public_key)
    summary = clean(update.description)[:150]
    with ctx.write(f"Cập nhật quy định: {summary} (ban hành ngày {update.issued:%d/%m/%Y})") as s:
        preview, writes = _preview(s, update)
        for change in writes:
            _write(
                s, change["table"], change["key"], change["after"], _find(s, change["table"], change["key"])
            )
        record = CatalogueUpdate(
            digest=update.digest,
            publisher=clean(update.publisher)[:200],
            issued=update.issued_text,
            description=clean(update.description),
            changes=writes,
            preview=[c.as_json() for c in preview.changes],
            applied_at=utcnow(),
            applied_by=ctx.actor,
        )
        s.add(record)
        s.flush()
        return replace(preview, update_id=record.id)


@dataclass(frozen=True)
class AppliedUpdate:
    id: int
    publisher: str
    issued: dt.datetime
    description: str
    applied_at: dt.datetime
    applied_by: str
    undone_at: dt.datetime | None
    undone_by: str | None
    changes: tuple[RowChange, ...]

    @property
    def in_force(self) -> bool:
        return self.undone_at is None

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "publisher": self.publisher,
            "issued": self.issued.isoformat(timespec="seconds"),
            "description": self.description,
            "applied_at": self.applied_at.isoformat(timespec="seconds"),
            "applied_by": self.applied_by,
            "undone_at": self.undone_at.isoformat(timespec="seconds") if self.undone_at else None,
            "undone_by": self.undone_by,
            "changes": len(self.changes),
        }


def _applied(u: CatalogueUpdate) -> AppliedUpdate:
    return AppliedUpdate(
        u.id,
        u.publisher,
        dt.datetime.fromisoformat(u.issued),
        u.description,
        u.applied_at,
        u.applied_by,
        u.undone_at,
        u.undone_by,
        tuple(RowChange.from_json(c) for c in u.preview),
    )


def applied_updates(ctx: ServiceContext) -> list[AppliedUpdate]:
    """Every update applied to this database, newest first (undone ones too, marked)."""
    with ctx.read() as s:
        return [_applied(u) for u in s.scalars(select(CatalogueUpdate).order_by(CatalogueUpdate.id.desc()))]


@use_case(Permission.CATALOGUE)
def undo_update(ctx: ServiceContext, update_id: int) -> AppliedUpdate:
    """Put back every row the update wrote as it was before (rows it added are removed), in one transaction.
    Only the latest update in force can be undone, and only while its rows are as it left them."""
    with ctx.write(f"Hoàn tác cập nhật quy định số {update_id}") as s:
        record = s.get(CatalogueUpdate, update_id)
        if record is None:
            raise UserError(f"Không có bản cập nhật quy định số {update_id}.")
        if record.undone_at is not None:
            raise UserError(f"Bản cập nhật số {update_id} đã được hoàn tác ngày {record.undone_at:%d/%m/%Y}.")
        latest = _in_force(s)[0]
        if latest.id != record.id:
            raise UserError(
                f"Chỉ hoàn tác được bản cập nhật áp dụng sau cùng (bản số {latest.id}); hãy hoàn tác bản đó trước."
            )
        state = _database_state(s)
        for change in reversed(record.changes):
            table, key = change["table"], tuple(change["key"])
            if state.rows[table].get(key) != change["after"] or key in state.local[table]:
                _, what, _ = _describe(table, change["after"], {})
                raise UserError(
                    f"Không hoàn tác được: dòng “{what}” ({KIND_TEXT[table].lower()}) đã được sửa sau khi cập "
                    "nhật. Chưa thay đổi gì."
                )
            try:
                _write(s, table, change["key"], change["before"], _find(s, table, change["key"]))
            except IntegrityError as exc:  # a row the update added is now used (an award, a nomination …)
                _, what, _ = _describe(table, change["after"], {})
                raise UserError(
                    f"Không hoàn tác được: “{what}” do bản cập nhật thêm đã được dùng trong hồ sơ, quyết định "
                    "hoặc danh sách sau khi cập nhật. Chưa thay đổi gì."
                ) from exc
        record.undone_at, record.undone_by = utcnow(), ctx.actor
        s.flush()
        return _applied(record)
