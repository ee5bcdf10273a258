"""The catalogue of titles and forms, bonus coefficients, base salary and rule parameters.

Shipped as JSON under resources/catalogue; synchronised into the database at start-up so a new
release can correct the law, while rows the office added itself (local) are left alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.permissions import Permission, use_case
from app.errors import UserError, ValidationError
from app.paths import resource
from app.services.context import ServiceContext
from app.services.settings import read_setting, write_setting
from app.settings import CATALOGUE_FINGERPRINT, LOCAL_SALARY_DATES
from app.text import clean
from app.text.numbers import money_text, parse_decimal
from database.enums import AuthorityLevel, AwardCategory, Certainty, Periodicity, RuleSet
from database.models import AwardType, BaseSalary, BonusCoefficient, CatalogueUpdate, Parameter

if TYPE_CHECKING:
    from app.rules.parameters import RuleBook

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


# One row of each catalogue file as the model's values (the key columns apart); a row of another shape raises
# KeyError, ValueError or TypeError. Shared by the start-up load and law updates (app.services.catalogue_update).
def award_type_values(row: dict[str, Any]) -> dict[str, Any]:
    return {
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


def coefficient_values(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "individual": row["individual"],
        "collective": row["collective"],
        "legal_basis": row["legal_basis"],
        "certainty": Certainty(row["certainty"]),
    }


def base_salary_values(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "amount": row["amount"],
        "legal_basis": row["legal_basis"],
        "certainty": Certainty(row["certainty"]),
    }


def parameter_values(row: dict[str, Any]) -> dict[str, Any]:
    return {"value": row["value"], "source": row["source"], "certainty": Certainty(row["certainty"])}


CATALOGUE_FILES = ("award_types.json", "bonus_coefficients.json", "base_salary.json", "parameters.json")


def catalogue_fingerprint() -> str:
    digest = hashlib.sha256()
    for name in CATALOGUE_FILES:
        digest.update(resource(*CATALOGUE_DIR, name).read_bytes())
    return digest.hexdigest()


def held_by_updates(s: Session) -> defaultdict[str, set[tuple]]:
    """The keys (as the update's record writes them: app.services.catalogue_update) of the rows each law update
    in force wrote, by table ("award_type", "coefficient", "base_salary", "parameter")."""
    held: defaultdict[str, set[tuple]] = defaultdict(set)
    for changes in s.scalars(select(CatalogueUpdate.changes).where(CatalogueUpdate.undone_at.is_(None))):
        for change in changes:
            held[change["table"]].add(tuple(change["key"]))
    return held


@use_case(Permission.CATALOGUE)
def sync_catalogue(ctx: ServiceContext, force: bool = False) -> bool:
    """Load the shipped catalogue when it differs from what this database last loaded.

    Returns whether anything was loaded. Rows the office added itself are never touched, nor rows a law update
    in force wrote (app.services.catalogue_update: this release's files may be older than the update).
    """

    fingerprint = catalogue_fingerprint()
    if not force:
        with ctx.read() as s:
            if read_setting(s, CATALOGUE_FINGERPRINT) == fingerprint:
                return False
    award_types = _load("award_types.json")["award_types"]
    coefficients = _load("bonus_coefficients.json")["coefficients"]
    salaries = _load("base_salary.json")["base_salary"]
    parameters = _load("parameters.json")["parameters"]
    with ctx.write("Cập nhật danh mục khen thưởng theo dữ liệu của chương trình") as s:
        write_setting(s, CATALOGUE_FINGERPRINT, fingerprint)
        held = held_by_updates(s)
        by_code = {t.code: t for t in s.scalars(select(AwardType))}
        for row in award_types:
            values = award_type_values(row)
            current = by_code.get(row["code"])
            if current is None:
                current = AwardType(code=row["code"], local=False, **values)
                s.add(current)
                by_code[row["code"]] = current
            elif not current.local and (row["code"],) not in held["award_type"]:
                _assign(current, values)
        s.flush()
        existing = {(c.award_type_id, c.effective_from): c for c in s.scalars(select(BonusCoefficient))}
        for row in coefficients:
            type_id = by_code[row["code"]].id
            key = (type_id, _date(row["effective_from"]))
            values = coefficient_values(row)
            if key in existing:
                if (row["code"], row["effective_from"]) not in held["coefficient"]:
                    _assign(existing[key], values)
            else:
                s.add(BonusCoefficient(award_type_id=type_id, effective_from=key[1], **values))
        known_salaries = {b.effective_from: b for b in s.scalars(select(BaseSalary))}
        office_dates = local_salary_dates(s)
        for row in salaries:
            values = base_salary_values(row)
            day = _date(row["effective_from"])
            if day in office_dates or (row["effective_from"],) in held["base_salary"]:
                continue
            if day in known_salaries:
                _assign(known_salaries[day], values)
            else:
                s.add(BaseSalary(effective_from=day, **values))
        known_params = {(p.rule_set, p.key, p.effective_from): p for p in s.scalars(select(Parameter))}
        for row in parameters:
            key = (RuleSet(row["rule_set"]), row["key"], _date(row["effective_from"]))
            values = parameter_values(row)
            if key in known_params:
                held_row = (row["rule_set"], row["key"], row["effective_from"]) in held["parameter"]
                if not known_params[key].local and not held_row:
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
        select(BaseSalary.amount)
        .where(BaseSalary.effective_from <= day)
        .order_by(BaseSalary.effective_from.desc())
        .limit(1)
    )


def unknown_code(code: str, known: Iterable[str]) -> UserError:
    """The refusal of an award code the catalogue does not hold, listing the codes it does."""
    return UserError(
        f"Không có danh hiệu hoặc hình thức khen thưởng mã “{code}”. Các mã: "
        + ", ".join(sorted(known))
        + "."
    )


def parameter_on(s: Session, key: str, day: dt.date) -> Any:
    """One parameter's value on a day, by the precedence rules of app.rules.parameters."""
    return parameter_book(s, (key,)).value(key, day)


def parameter_book(s: Session, keys: Iterable[str]) -> RuleBook:
    """A RuleBook of these parameters' rows in the database (the office's own rows with the catalogue's), for
    `value(key, day)` and `deciding_row(key, day)`."""
    from app.rules.parameters import ParameterRow, RuleBook

    rows = [
        ParameterRow(r.rule_set.value, r.key, r.value, r.effective_from)
        for r in s.scalars(select(Parameter).where(Parameter.key.in_(list(keys))))
    ]
    return RuleBook(rows, {}, ())


def _info(t: AwardType) -> AwardTypeInfo:
    return AwardTypeInfo(
        id=t.id,
        code=t.code,
        name=t.name,
        short_name=t.short_name,
        category=t.category,
        level=t.level,
        for_individual=t.for_individual,
        for_collective=t.for_collective,
        within_director_power=t.within_director_power,
        rank=t.rank,
        local=t.local,
    )


# --- what the office adds itself: its own forms of award, and new base salaries -----------------------


@dataclass(frozen=True)
class CoefficientInfo:
    effective_from: dt.date
    individual: Decimal | None
    collective: Decimal | None
    legal_basis: str | None
    certainty: Certainty


@dataclass(frozen=True)
class AwardTypeDetail:
    """Everything the catalogue says of one title or form, for the settings page."""

    info: AwardTypeInfo
    granted_by: str
    for_household: bool
    periodicity: Periodicity
    valid_from: dt.date | None
    valid_to: dt.date | None
    legal_basis: str | None
    certainty: Certainty
    rule: str | None
    coefficients: tuple[CoefficientInfo, ...]


def award_type_detail(ctx: ServiceContext, award_type_id: int) -> AwardTypeDetail | None:
    with ctx.read() as s:
        t = s.get(AwardType, award_type_id)
        if t is None:
            return None
        return AwardTypeDetail(
            _info(t),
            t.granted_by,
            t.for_household,
            t.periodicity,
            t.valid_from,
            t.valid_to,
            t.legal_basis,
            t.certainty,
            t.rule,
            tuple(
                CoefficientInfo(
                    c.effective_from,
                    _decimal(c.individual),
                    _decimal(c.collective),
                    c.legal_basis,
                    c.certainty,
                )
                for c in t.coefficients
            ),
        )


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@dataclass(frozen=True)
class LocalAwardTypeData:
    """A form of award the office grants itself (e.g. a Giấy khen of the Department's own kind)."""

    code: str
    name: str
    short_name: str
    category: AwardCategory = AwardCategory.HONOR
    for_individual: bool = True
    for_collective: bool = False
    level: AuthorityLevel = AuthorityLevel.DEPARTMENT
    granted_by: str = "Giám đốc Sở Y tế"
    within_director_power: bool = True
    periodicity: Periodicity = Periodicity.YEARLY
    individual: Decimal | float | None = None  # bonus coefficients × base salary
    collective: Decimal | float | None = None
    coefficients_from: dt.date | None = None
    legal_basis: str | None = None
    rule: str | None = None


CODE_PATTERN = re.compile(r"[A-Z][A-Z0-9_]{1,39}")
MAX_COEFFICIENT = Decimal("9999.99")  # the column holds 6 digits, 2 after the point


def fixed_codes() -> frozenset[str]:
    """The codes the program ships (scripts and importers rely on them): never taken by an office form."""
    from app.rules import ALL_CODES

    return frozenset(row["code"] for row in _load("award_types.json")["award_types"]) | frozenset(ALL_CODES)


def _coefficient(value, who: str) -> Decimal | None:
    if value is None or value == "":
        return None
    number = parse_decimal(value, f"Hệ số tiền thưởng {who}")
    if not number.is_finite() or number < 0 or number > MAX_COEFFICIENT:
        raise ValidationError(
            f"Hệ số tiền thưởng {who} phải từ 0 đến {MAX_COEFFICIENT} (lần mức lương cơ sở)."
        )
    return number.quantize(Decimal("0.01"))


@use_case(Permission.CATALOGUE)
def add_local_award_type(ctx: ServiceContext, data: LocalAwardTypeData) -> int:
    """Add the office's own form (local: the shipped catalogue never touches it), with its bonus
    coefficients from a date when it has any; one transaction. Returns the new id."""
    code = (clean(data.code) or "").upper().replace(" ", "_")
    name, short_name = clean(data.name), clean(data.short_name)
    granted_by, legal_basis, rule = clean(data.granted_by), clean(data.legal_basis), clean(data.rule)
    if not CODE_PATTERN.fullmatch(code):
        raise ValidationError(
            "Mã hình thức gồm 2–40 chữ cái không dấu, chữ số hoặc dấu gạch dưới, bắt đầu bằng "
            "chữ cái (ví dụ: GK_SYT_CHUYEN_DE)."
        )
    if code in fixed_codes():
        raise ValidationError(f"Mã “{code}” là mã cố định của danh mục chương trình; hãy chọn mã khác.")
    if not name:
        raise ValidationError("Cần nhập tên hình thức khen thưởng.")
    if len(name) > 250 or (short_name and len(short_name) > 120):
        raise ValidationError("Tên quá dài: tên đầy đủ tối đa 250 ký tự, tên viết tắt tối đa 120 ký tự.")
    if not (data.for_individual or data.for_collective):
        raise ValidationError("Chọn ít nhất một đối tượng: cá nhân hoặc tập thể.")
    if not granted_by:
        raise ValidationError("Cần nhập người, cơ quan quyết định khen thưởng (ví dụ: Giám đốc Sở Y tế).")
    if data.within_director_power and data.level is not AuthorityLevel.DEPARTMENT:
        raise ValidationError("Chỉ hình thức do Giám đốc Sở quyết định mới thuộc thẩm quyền Giám đốc Sở.")
    individual = _coefficient(data.individual, "cá nhân") if data.for_individual else None
    collective = _coefficient(data.collective, "tập thể") if data.for_collective else None
    has_bonus = individual is not None or collective is not None
    if has_bonus and data.coefficients_from is None:
        raise ValidationError("Cần nhập ngày áp dụng hệ số tiền thưởng.")
    with ctx.write(f"Thêm hình thức khen thưởng của cơ quan “{name}”") as s:
        if s.scalar(select(AwardType.id).where(AwardType.code == code)) is not None:
            raise ValidationError(f"Đã có hình thức mã “{code}” trong danh mục; hãy chọn mã khác.")
        rank = s.scalar(select(func.max(AwardType.rank)).where(AwardType.category == data.category)) or 0
        award = AwardType(
            code=code,
            name=name,
            short_name=short_name or name,
            category=data.category,
            for_individual=data.for_individual,
            for_collective=data.for_collective,
            for_household=False,
            level=data.level,
            granted_by=granted_by,
            within_director_power=data.within_director_power,
            periodicity=data.periodicity,
            rank=rank + 10,
            valid_from=data.coefficients_from,
            legal_basis=legal_basis,
            rule=rule,
            local=True,
            # the office wrote the text it rests on: as verified as its citation
            certainty=Certainty.VERIFIED if legal_basis else Certainty.UNVERIFIED,
        )
        s.add(award)
        s.flush()
        if has_bonus:
            s.add(
                BonusCoefficient(
                    award_type_id=award.id,
                    effective_from=data.coefficients_from,
                    individual=individual,
                    collective=collective,
                    legal_basis=legal_basis,
                    certainty=award.certainty,
                )
            )
        return award.id


@dataclass(frozen=True)
class BaseSalaryInfo:
    effective_from: dt.date
    amount: int
    legal_basis: str | None
    certainty: Certainty
    local: bool  # entered by the office


def local_salary_dates(s: Session) -> set[dt.date]:
    return {dt.date.fromisoformat(d) for d in read_setting(s, LOCAL_SALARY_DATES) or ()}


def list_base_salaries(ctx: ServiceContext) -> list[BaseSalaryInfo]:
    """Every mức lương cơ sở, newest first."""
    with ctx.read() as s:
        local = local_salary_dates(s)
        return [
            BaseSalaryInfo(b.effective_from, b.amount, b.legal_basis, b.certainty, b.effective_from in local)
            for b in s.scalars(select(BaseSalary).order_by(BaseSalary.effective_from.desc()))
        ]


MAX_BASE_SALARY = 1_000_000_000  # a typo guard: a monthly base salary is a few million đồng


@use_case(Permission.CATALOGUE)
def add_base_salary(
    ctx: ServiceContext, effective_from: dt.date, amount: int, legal_basis: str | None
) -> None:
    """A new mức lương cơ sở from a date (one row per date), kept by the office against later releases."""
    if not isinstance(effective_from, dt.date):
        raise ValidationError("Cần nhập ngày áp dụng mức lương cơ sở.")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValidationError("Mức lương cơ sở phải là số tiền dương (đồng), ví dụ 2.340.000.")
    if amount > MAX_BASE_SALARY:
        raise ValidationError(f"Mức lương cơ sở {money_text(amount)} đồng quá lớn; hãy kiểm tra lại số tiền.")
    basis = clean(legal_basis)
    if not basis:
        raise ValidationError("Cần ghi văn bản quy định mức lương cơ sở (ví dụ: Nghị định 73/2024/NĐ-CP).")
    day = f"{effective_from.day:02d}/{effective_from.month:02d}/{effective_from.year}"
    with ctx.write(f"Thêm mức lương cơ sở từ ngày {day}") as s:
        if s.scalar(select(BaseSalary.id).where(BaseSalary.effective_from == effective_from)) is not None:
            raise ValidationError(f"Đã có mức lương cơ sở áp dụng từ ngày {day}; mỗi ngày chỉ có một mức.")
        s.add(
            BaseSalary(
                effective_from=effective_from, amount=amount, legal_basis=basis, certainty=Certainty.VERIFIED
            )
        )
        dates = sorted(d.isoformat() for d in local_salary_dates(s) | {effective_from})
        write_setting(s, LOCAL_SALARY_DATES, dates)
