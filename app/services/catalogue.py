"""The catalogue of titles and forms, bonus coefficients, base salary and rule parameters.

Shipped as JSON under resources/catalogue; synchronised into the database at start-up so a new
release can correct the law, while rows the office added itself (local) are left alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.paths import resource
from app.services.context import ServiceContext
from database.enums import AuthorityLevel, AwardCategory, Certainty, Periodicity, RuleSet
from database.models import AppSetting, AwardType, BaseSalary, BonusCoefficient, Parameter

CATALOGUE_DIR = ("catalogue",)


@dataclass(frozen=True)
class AwardTypeInfo:
    id: int
    code: str
    name: str
    short_name: str
    category: AwardCategory
    level: AuthorityLevel
    for_individual: bool
    for_collective: bool
    within_director_power: bool
    rank: int
    local: bool


def _load(name: str) -> dict[str, Any]:
    path: Path = resource(*CATALOGUE_DIR, name)
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _assign(obj: Any, values: dict[str, Any]) -> None:
    """Set only what differs, so an unchanged catalogue writes nothing (and audits nothing)."""
    for key, value in values.items():
        current = getattr(obj, key)
        if isinstance(current, Decimal) and value is not None:
            value = Decimal(str(value))
        if current != value:
            setattr(obj, key, value)


CATALOGUE_FILES = ("award_types.json", "bonus_coefficients.json", "base_salary.json", "parameters.json")
FINGERPRINT_KEY = "catalogue_sha256"


def catalogue_fingerprint() -> str:
    digest = hashlib.sha256()
    for name in CATALOGUE_FILES:
        digest.update(resource(*CATALOGUE_DIR, name).read_bytes())
    return digest.hexdigest()


def sync_catalogue(ctx: ServiceContext, force: bool = False) -> bool:
    """Load the shipped catalogue when it differs from what this database last loaded.

    Returns whether anything was loaded. Rows the office added itself are never touched.
    """
    fingerprint = catalogue_fingerprint()
    if not force:
        with ctx.read() as s:
            if s.get(AppSetting, FINGERPRINT_KEY) and s.get(AppSetting, FINGERPRINT_KEY).value == fingerprint:
                return False
    award_types = _load("award_types.json")["award_types"]
    coefficients = _load("bonus_coefficients.json")["coefficients"]
    salaries = _load("base_salary.json")["base_salary"]
    parameters = _load("parameters.json")["parameters"]
    with ctx.write("Cập nhật danh mục khen thưởng theo dữ liệu của chương trình") as s:
        s.merge(AppSetting(key=FINGERPRINT_KEY, value=fingerprint))
        by_code = {t.code: t for t in s.scalars(select(AwardType))}
        for row in award_types:
            values = {
                "name": row["name"],
                "short_name": row["short_name"],
                "category": AwardCategory(row["category"]),
                "for_individual": row["for_individual"],
                "for_collective": row["for_collective"],
                "for_household": row["for_household"],
                "level": AuthorityLevel(row["level"]),
                "granted_by": row["granted_by"],
                "within_director_power": row["within_director_power"],
                "periodicity": Periodicity(row["periodic"]),
                "rank": row["rank"],
                "valid_from": _date(row["valid_from"]),
                "valid_to": _date(row["valid_to"]),
                "legal_basis": row["legal_basis"],
                "certainty": Certainty(row["certainty"]),
                "rule": row["rule"],
            }
            current = by_code.get(row["code"])
            if current is None:
                current = AwardType(code=row["code"], local=False, **values)
                s.add(current)
                by_code[row["code"]] = current
            elif not current.local:
                _assign(current, values)
        s.flush()
        existing = {(c.award_type_id, c.effective_from): c for c in s.scalars(select(BonusCoefficient))}
        for row in coefficients:
            type_id = by_code[row["code"]].id
            key = (type_id, _date(row["effective_from"]))
            values = {
                "individual": row["individual"],
                "collective": row["collective"],
                "legal_basis": row["legal_basis"],
                "certainty": Certainty(row["certainty"]),
            }
            if key in existing:
                _assign(existing[key], values)
            else:
                s.add(BonusCoefficient(award_type_id=type_id, effective_from=key[1], **values))
        known_salaries = {b.effective_from: b for b in s.scalars(select(BaseSalary))}
        for row in salaries:
            values = {"amount": row["amount"], "legal_basis": row["legal_basis"],
                      "certainty": Certainty(row["certainty"])}
            day = _date(row["effective_from"])
            if day in known_salaries:
                _assign(known_salaries[day], values)
            else:
                s.add(BaseSalary(effective_from=day, **values))
        known_params = {(p.rule_set, p.key, p.effective_from): p for p in s.scalars(select(Parameter))}
        for row in parameters:
            key = (RuleSet(row["rule_set"]), row["key"], _date(row["effective_from"]))
            values = {"value": row["value"], "source": row["source"], "certainty": Certainty(row["certainty"])}
            if key in known_params:
                if not known_params[key].local:
                    _assign(known_params[key], values)
            else:
                s.add(Parameter(rule_set=key[0], key=key[1], effective_from=key[2], local=False, **values))
    return True


def list_award_types(ctx: ServiceContext) -> list[AwardTypeInfo]:
    with ctx.read() as s:
        return [_info(t) for t in s.scalars(select(AwardType).order_by(AwardType.category, AwardType.rank))]


def award_type_ids(session: Session) -> dict[str, int]:
    return dict(session.execute(select(AwardType.code, AwardType.id)).all())


def base_salary_on(ctx: ServiceContext, day: dt.date) -> int | None:
    """The mức lương cơ sở in force on a day (the decision date)."""
    with ctx.read() as s:
        return base_salary(s, day)


def base_salary(s: Session, day: dt.date) -> int | None:
    return s.scalar(
        select(BaseSalary.amount).where(BaseSalary.effective_from <= day)
        .order_by(BaseSalary.effective_from.desc()).limit(1)
    )


def parameter_on(s: Session, key: str, day: dt.date) -> Any:
    """One parameter's value on a day, by the precedence rules of app.rules.parameters."""
    from app.rules.parameters import ParameterRow, RuleBook

    rows = [ParameterRow(r.rule_set.value, r.key, r.value, r.effective_from)
            for r in s.scalars(select(Parameter).where(Parameter.key == key))]
    return RuleBook(rows, {}, ()).value(key, day)


def _info(t: AwardType) -> AwardTypeInfo:
    return AwardTypeInfo(
        id=t.id, code=t.code, name=t.name, short_name=t.short_name, category=t.category, level=t.level,
        for_individual=t.for_individual, for_collective=t.for_collective,
        within_director_power=t.within_director_power, rank=t.rank, local=t.local,
    )
