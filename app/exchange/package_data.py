"""data.json of a USB package: which records travel, in which shape (schema "tdkt-package", version 2).

    {"schema": "tdkt-package", "version": 2, "created_at": "2025-12-20T09:30:00", "program": "0.1.0",
     "agency": {parent_name, name, symbol, place_name, address, phone, email, website} | null,
     "scope": {"year": 2025, "campaign": null | {"ref", "name"}, "decision": null | {"ref", "number_text"}},
     "units": [{"ref", "parent": ref | null, "former_names": [{name, valid_from, valid_to}], ...UNIT fields}],
     "persons": [{"ref", "unit": ref | null, ...PERSON fields}],
     "postings": [{"person": ref, "unit": ref, ...POSTING fields}],
     "ratings": [{"person": ref | null, "unit": ref | null, ...RATING fields}],
     "initiatives": [{"unit": ref | null, "authors": [{"person": ref, "share": "50"}], ...INITIATIVE fields}],
     "decisions": [{"ref", "document": ref | null, ...DECISION fields}],
     "awards": [{"person"|"unit": ref, "type": award type code, "decision": ref | null, ...AWARD fields}],
     "documents": [{"ref", ...DOCUMENT fields}]}

Every record but the agency and an initiative's authors also carries its "uid", the stable identifier it
keeps for life in every database (database.models.base.StableId). A `ref` is the record's id in the
sending database; it only ties records of one package together. The receiver matches by uid first and by
natural keys only for records whose uid it does not know (app.exchange.package_merge). Version 1
packages, from before identifiers, have no uids and are still read. Dates are ISO strings, enums their codes,
decimals strings. What is left out, on purpose: nominations, council votes and registrations (the
sender's working state, not results), unit events (the former names carry the history that matching
needs), signed scans kept in the register (their PDFs are printed into the package instead), audit rows.

The kinds are written in the order an import takes them (register entries first, initiatives last), each
read from the database's cursor as data.json is written (`header`, `sections`; app.exchange.package_stream
writes and reads it a record at a time); a reader must not depend on the order (packages written before
data.json was streamed kept the register entries last, and json does not order keys).

A year's scope: the year's ratings, initiatives and awards, the decisions rewarding that year (and any
other decision those awards name), the register entries of the year and of those decisions, the people
all these name with their postings, and the whole unit tree. A campaign's or a decision's scope: only its
awards, their decisions and register entries, and the people and units they name.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Date, DateTime, Enum, Numeric, or_, select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.exchange.package_archive import PackageRefused
from database.enums import DocumentStatus
from database.models import (
    Agency,
    Award,
    AwardType,
    Campaign,
    Decision,
    Initiative,
    InitiativeAuthor,
    Nomination,
    NominationBatch,
    OutgoingDocument,
    Person,
    Posting,
    Rating,
    Unit,
    UnitName,
)

SCHEMA = "tdkt-package"
VERSION = 2
VERSIONS = (1, 2)  # what this program reads: version 1 has no uids

AGENCY = ("parent_name", "name", "symbol", "place_name", "address", "phone", "email", "website")
UNIT = (
    "code",
    "name",
    "short_name",
    "kind",
    "status",
    "address",
    "phone",
    "email",
    "head_name",
    "established_on",
    "ended_on",
    "sort_order",
    "note",
)
UNIT_NAME = ("name", "valid_from", "valid_to")
PERSON = (
    "full_name",
    "gender",
    "birth_date",
    "birth_year",
    "staff_code",
    "ethnicity",
    "position",
    "professional_title",
    "health_sector_since",
    "phone",
    "left_on",
    "note",
)
POSTING = ("position", "professional_title", "start_date", "end_date", "note")
RATING = ("year", "level", "absent_days", "scheme", "document_ref")
INITIATIVE = (
    "title",
    "kind",
    "year",
    "level",
    "recognised_by",
    "decision_number",
    "decision_date",
    "scope",
    "applied_from",
    "note",
)
DECISION = (
    "number_text",
    "issued_on",
    "issuer",
    "level",
    "year",
    "subject",
    "signer_name",
    "signer_title",
    "base_salary",
    "status",
)
AWARD = (
    "year",
    "period_from",
    "period_to",
    "basis",
    "source",
    "decision_number",
    "decision_date",
    "decision_issuer",
    "achievement",
    "bonus_amount",
    "bonus_note",
    "revoked",
    "revoked_reason",
)
DOCUMENT = (
    "kind",
    "series",
    "year",
    "number",
    "symbol",
    "issued_on",
    "subject",
    "recipients",
    "signer_name",
    "signer_title",
    "drafter_initials",
    "copies",
    "status",
    "void_reason",
    "content",
)


@dataclass(frozen=True)
class PackageScope:
    year: int
    campaign_id: int | None = None
    decision_id: int | None = None


class BadPackageData(PackageRefused):
    def __init__(self, detail: str):
        super().__init__(
            f"Dữ liệu trong gói không đúng cấu trúc ({detail}); không nhập được. Hãy xin nơi gửi "
            "xuất lại gói bằng chương trình TĐKT."
        )


# --- values in and out -----------------------------------------------------------------------------------


def decimal_text(value: decimal.Decimal | float | int) -> str:
    """50, 33.33: the same text whichever backend stored it (SQLite and PostgreSQL pad differently)."""
    return format(decimal.Decimal(str(value)).normalize(), "f")


def out(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return decimal_text(value)
    return value


def value_in(model, field: str, value: Any) -> Any:
    """A JSON value back to what the model's column holds (a value read natively, as a whole database's merge
    reads them, is already that)."""
    convert = _converter(model, field)
    if value is None or convert is None or isinstance(value, (dt.date, enum.Enum, decimal.Decimal)):
        return value
    try:
        return convert(value)
    except (ValueError, TypeError, decimal.InvalidOperation) as exc:
        raise BadPackageData(f"{model.__tablename__}.{field} = {value!r}") from exc


@functools.cache
def _converter(model, field: str) -> Callable[[Any], Any] | None:
    """How a column's JSON value is read back, found once per column (an import reads a million values)."""
    kind = model.__table__.c[field].type
    if isinstance(kind, Date):
        return dt.date.fromisoformat
    if isinstance(kind, Enum) and kind.enum_class is not None:
        return kind.enum_class
    if isinstance(kind, Numeric):
        return lambda value: decimal.Decimal(str(value))
    return None


def fields_in(model, fields: Iterable[str], record: dict) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise BadPackageData(f"một bản ghi {model.__tablename__} không phải đối tượng")
    return {f: value_in(model, f, record.get(f)) for f in fields}


YIELD = 2000  # rows fetched from the database at a time while a package is written


def _stream(
    s: Session, model, fields: tuple[str, ...], *extra, where=None, join=None, native: bool = False
) -> Iterator[dict]:
    """The records as a package writes them (JSON values), or `native`: as the columns hold them, read from
    the database's cursor as they are asked for (a server-side cursor on PostgreSQL)."""
    table = model.__table__
    stable = (table.c.uid,) if "uid" in table.c else ()
    statement = select(*(table.c[f] for f in fields), *stable, *extra)
    if join is not None:
        statement = statement.join(*join)
    if where is not None:
        statement = statement.where(where)
    result = s.connection().execute(  # Core rows: no ORM loading per row
        statement.order_by(table.c.id), execution_options={"stream_results": True, "yield_per": YIELD}
    )
    if native:
        yield from (dict(row._mapping) for row in result)
        return
    # `out` only where a column's type needs it: tens of thousands of rows pass through here.
    columns = [
        (c.key, out if isinstance(c.type, (Date, DateTime, Enum, Numeric)) else None)
        for c in statement.selected_columns
    ]
    for row in result:
        yield {k: v if f is None or v is None else f(v) for (k, f), v in zip(columns, row, strict=True)}


def _rows(*args, **kwargs) -> list[dict]:
    return list(_stream(*args, **kwargs))


def _awards(s: Session, *extra, where=None, native: bool = False) -> Iterator[dict]:
    """Awards with their subject, the code of their title or form and their decision."""
    return _stream(
        s,
        Award,
        AWARD,
        Award.person_id,
        Award.unit_id,
        AwardType.code.label("type"),
        Award.decision_id.label("decision"),
        *extra,
        where=where,
        join=(AwardType, AwardType.id == Award.award_type_id),
        native=native,
    )


# --- collecting a scope ----------------------------------------------------------------------------------


def _subject(row: dict) -> dict:
    # Subject rows name either a person or a unit; the other key stays null.
    row["person"], row["unit"] = row.pop("person_id"), row.pop("unit_id")
    return row


def header(s: Session, scope: PackageScope, created_at: dt.datetime, program: str = "") -> dict[str, Any]:
    """data.json's own fields, before the records."""
    agency = s.execute(select(*(Agency.__table__.c[f] for f in AGENCY)).limit(1)).mappings().first()
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "created_at": created_at.isoformat(timespec="seconds"),
        "program": program,
        "agency": dict(agency) if agency else None,
        "scope": _scope_json(s, scope),
    }


def sections(s: Session, scope: PackageScope) -> Iterator[tuple[str, Iterator[dict]]]:
    """The scope's records, kind by kind in the order a merge takes them (the register entries first, the
    initiatives last), each kind read from the database as it is consumed: consume one before the next."""
    whole_year = scope.campaign_id is None and scope.decision_id is None
    awards = award_where(scope)
    decision_where = Decision.id.in_(select(Award.decision_id).where(awards))
    if whole_year:
        decision_where = or_(decision_where, Decision.year == scope.year)
    elif scope.decision_id is not None:
        decision_where = or_(decision_where, Decision.id == scope.decision_id)
    document_where = OutgoingDocument.id.in_(select(Decision.document_id).where(decision_where))
    if whole_year:
        document_where = or_(document_where, OutgoingDocument.year == scope.year)
    # The people the ratings, awards and initiatives name, with their postings.
    named = [select(Award.person_id).where(awards)]
    if whole_year:
        named += [
            select(Rating.person_id).where(Rating.year == scope.year),
            select(InitiativeAuthor.person_id)
            .join(Initiative, Initiative.id == InitiativeAuthor.initiative_id)
            .where(Initiative.year == scope.year),
        ]

    def people(column):
        return or_(*(column.in_(subquery) for subquery in named))

    yield (
        "documents",
        _stream(
            s,
            OutgoingDocument,
            DOCUMENT,
            OutgoingDocument.id.label("ref"),
            where=document_where & (OutgoingDocument.status != DocumentStatus.DRAFT),
        ),
    )
    yield "units", iter(_units(s))
    yield (
        "persons",
        _stream(
            s, Person, PERSON, Person.id.label("ref"), Person.unit_id.label("unit"), where=people(Person.id)
        ),
    )
    yield (
        "postings",
        _stream(
            s,
            Posting,
            POSTING,
            Posting.person_id.label("person"),
            Posting.unit_id.label("unit"),
            where=people(Posting.person_id),
        ),
    )
    ratings = _stream(s, Rating, RATING, Rating.person_id, Rating.unit_id, where=Rating.year == scope.year)
    yield "ratings", (_subject(r) for r in ratings) if whole_year else iter(())
    yield (
        "decisions",
        _stream(
            s,
            Decision,
            DECISION,
            Decision.id.label("ref"),
            Decision.document_id.label("document"),
            where=decision_where,
        ),
    )
    awarded = _awards(s, where=awards)
    yield "awards", (_subject(a) for a in awarded)
    yield "initiatives", iter(_initiatives(s, Initiative.year == scope.year) if whole_year else ())


def collect(s: Session, scope: PackageScope, created_at: dt.datetime, program: str = "") -> dict:
    """data.json of the scope whole, as one dict (the export streams it instead: `header`, `sections`)."""
    return header(s, scope, created_at, program) | {
        kind: list(records) for kind, records in sections(s, scope)
    }


def collect_all(s: Session, created_at: dt.datetime, program: str = "") -> dict:
    """Every record of the kinds a package carries, in a package's shape (values as the columns hold them), for merging a whole database into
    another (app.exchange.merge_database); "documents" is left empty: that merge carries the registers
    whole itself. Awards also name their nomination, initiatives the award they were used for."""
    agency = s.execute(select(*(Agency.__table__.c[f] for f in AGENCY)).limit(1)).mappings().first()
    awards = list(_awards(s, Award.nomination_id.label("nomination"), native=True))
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "created_at": created_at.isoformat(timespec="seconds"),
        "program": program,
        "agency": dict(agency) if agency else None,
        "scope": None,
        "units": _units(s, native=True),
        "persons": _rows(
            s, Person, PERSON, Person.id.label("ref"), Person.unit_id.label("unit"), native=True
        ),
        "postings": _rows(
            s, Posting, POSTING, Posting.person_id.label("person"), Posting.unit_id.label("unit"), native=True
        ),
        "ratings": [
            _subject(r) for r in _rows(s, Rating, RATING, Rating.person_id, Rating.unit_id, native=True)
        ],
        "initiatives": _initiatives(s, None, Initiative.used_by_award_id.label("used_by_award"), native=True),
        "decisions": _rows(
            s,
            Decision,
            DECISION,
            Decision.id.label("ref"),
            Decision.document_id.label("document"),
            native=True,
        ),
        "awards": [_subject(a) for a in awards],
        "documents": [],
    }


def award_where(scope: PackageScope):
    if scope.decision_id is not None:
        return Award.decision_id == scope.decision_id
    if scope.campaign_id is not None:
        batches = select(NominationBatch.id).where(NominationBatch.campaign_id == scope.campaign_id)
        nominated = select(Nomination.id).where(Nomination.batch_id.in_(batches))
        return (Award.nomination_id.in_(nominated)) & (Award.year == scope.year)
    return Award.year == scope.year


def _scope_json(s: Session, scope: PackageScope) -> dict:
    campaign = decision = None
    if scope.campaign_id is not None:
        name = s.scalar(select(Campaign.name).where(Campaign.id == scope.campaign_id))
        if name is None:
            raise UserError("Không tìm thấy phong trào thi đua đã chọn.")
        campaign = {"ref": scope.campaign_id, "name": name}
    if scope.decision_id is not None:
        row = s.execute(
            select(Decision.number_text, Decision.subject).where(Decision.id == scope.decision_id)
        ).first()
        if row is None:
            raise UserError("Không tìm thấy quyết định đã chọn.")
        decision = {"ref": scope.decision_id, "number_text": row[0], "subject": row[1]}
    return {"year": scope.year, "campaign": campaign, "decision": decision}


def _units(s: Session, native: bool = False) -> list[dict]:
    units = _rows(s, Unit, UNIT, Unit.id.label("ref"), Unit.parent_id.label("parent"), native=native)
    former: dict[int, list[dict]] = {}
    for row in _rows(s, UnitName, UNIT_NAME, UnitName.unit_id, native=native):
        former.setdefault(row.pop("unit_id"), []).append(row)
    for unit in units:
        unit["former_names"] = former.get(unit["ref"], [])
    return units


def _initiatives(s: Session, where=None, *extra, native: bool = False) -> list[dict]:
    initiatives = _rows(
        s,
        Initiative,
        INITIATIVE,
        Initiative.id.label("ref"),
        Initiative.unit_id.label("unit"),
        *extra,
        where=where,
        native=native,
    )
    authors: dict[int, list[dict]] = {}
    for row in _rows(
        s,
        InitiativeAuthor,
        ("share",),
        InitiativeAuthor.initiative_id,
        InitiativeAuthor.person_id.label("person"),
        where=InitiativeAuthor.initiative_id.in_([i["ref"] for i in initiatives]),
        native=native,
    ):
        authors.setdefault(row.pop("initiative_id"), []).append(row)
    for initiative in initiatives:
        initiative["authors"] = authors.get(initiative.pop("ref"), [])
    return initiatives
