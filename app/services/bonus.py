"""Bonus money from the catalogue in the database: what one title or form pays on a day, with the texts it
rests on (`bonus_quote`, the `bonus` command), and what a decision being drawn up pays for its emulation
titles once the titles of the same year already paid are counted (`pay_titles_once`, the rule of
app.rules.money.one_bonus_per_achievement).

    quote = bonus_quote(ctx, "LDTT", dt.date(2026, 7, 15))   # 0,3 × 2.530.000 → 760.000 đ
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.rules.money import (
    DIFFERENCE,
    SEVERAL_TITLES_KEY,
    SEVERAL_TITLES_MODES,
    PaidTitle,
    TitleBonus,
    bonus_amount,
    one_bonus_per_achievement,
)
from app.services.catalogue import base_salary, parameter_on, unknown_code
from app.services.context import ServiceContext
from app.text import money_text, vn_date
from database.models import Award, AwardType, BaseSalary, BonusCoefficient, Decision, Parameter

DEFAULT_ROUNDING = 10_000
CHUNK = 500  # ids per IN (...) list


@dataclass(frozen=True)
class BonusQuote:
    """Coefficient × mức lương cơ sở on a day, rounded up as the decree says, and where each part comes from."""

    code: str
    name: str
    day: dt.date
    collective: bool
    coefficient: Decimal
    base_salary: int
    rounding: int
    amount: int
    source: str

    def as_json(self) -> dict:
        return {
            "title": self.code,
            "coefficient": float(self.coefficient),
            "base_salary": self.base_salary,
            "amount": self.amount,
            "source": self.source,
        }


def _tag(certainty) -> str:
    return f" [{certainty.value}]" if certainty is not None else ""


def _latest(s: Session, statement, day: dt.date):
    """The row in force on the day; before the first row, that first row (the catalogue starts in 2019/2024)."""
    rows = s.execute(statement).all()
    found = rows[0] if rows else None
    for row in rows:
        if row[0] <= day:
            found = row
    return found


def rounding_step(s: Session, day: dt.date) -> int:
    """The step bonuses are rounded up to on `day` (parameter `bonus_rounding`; NĐ 152/2025 Điều 49 khoản 2)."""
    return int(parameter_on(s, "bonus_rounding", day) or DEFAULT_ROUNDING)


def coefficients_on(
    s: Session, codes: set[str], day: dt.date
) -> dict[str, tuple[Decimal | None, Decimal | None]]:
    """(individual, collective) coefficient of each code in force on the day; before the catalogue's first
    row, that first row (the coefficients kept their values across the earlier decrees)."""
    found: dict[str, tuple[Decimal | None, Decimal | None]] = {}
    for code, start, individual, collective in s.execute(
        select(
            AwardType.code,
            BonusCoefficient.effective_from,
            BonusCoefficient.individual,
            BonusCoefficient.collective,
        )
        .join(AwardType, AwardType.id == BonusCoefficient.award_type_id)
        .where(AwardType.code.in_(codes))
        .order_by(BonusCoefficient.effective_from)
    ):
        if code not in found or start <= day:
            found[code] = (individual, collective)
    return found


def bonus_quote(ctx: ServiceContext, code: str, day: dt.date, collective: bool = False) -> BonusQuote:
    """What the title or form `code` pays an individual (a collective) when decided on `day`. An award given
    to collectives only is quoted for a collective. An unknown code is refused in Vietnamese."""
    code = (code or "").strip().upper()
    with ctx.read() as s:
        award = s.execute(
            select(AwardType.id, AwardType.name, AwardType.for_individual, AwardType.for_collective).where(
                AwardType.code == code
            )
        ).first()
        if award is None:
            raise unknown_code(code, s.scalars(select(AwardType.code)).all())
        collective = collective or (award.for_collective and not award.for_individual)
        row = _latest(
            s,
            select(
                BonusCoefficient.effective_from,
                BonusCoefficient.individual,
                BonusCoefficient.collective,
                BonusCoefficient.legal_basis,
                BonusCoefficient.certainty,
            )
            .where(BonusCoefficient.award_type_id == award.id)
            .order_by(BonusCoefficient.effective_from),
            day,
        )
        coefficient = None if row is None else row[2] if collective else row[1]
        who = "tập thể" if collective else "cá nhân"
        if coefficient is None:
            raise UserError(f"“{award.name}” không có hệ số tiền thưởng cho {who} vào ngày {vn_date(day)}.")
        salary = s.execute(
            select(BaseSalary.effective_from, BaseSalary.amount, BaseSalary.legal_basis, BaseSalary.certainty)
            .where(BaseSalary.effective_from <= day)
            .order_by(BaseSalary.effective_from.desc())
            .limit(1)
        ).first()
        if salary is None:
            raise UserError(f"Chưa có mức lương cơ sở áp dụng cho ngày {vn_date(day)}.")
        step = rounding_step(s, day)
        rounding = s.execute(
            select(Parameter.source, Parameter.certainty)
            .where(Parameter.key == "bonus_rounding", Parameter.effective_from <= day)
            .order_by(Parameter.effective_from.desc())
            .limit(1)
        ).first()
    coefficient = Decimal(str(coefficient))
    source = (
        f"Hệ số {str(coefficient.normalize()).replace('.', ',')} ({who}): {row[3] or 'chưa ghi nguồn'}"
        f"{_tag(row[4])}; mức lương cơ sở {money_text(salary[1])} đ từ {vn_date(salary[0])}: "
        f"{salary[2] or 'chưa ghi nguồn'}{_tag(salary[3])}"
    )
    if rounding is not None:
        source += f"; làm tròn lên {money_text(step)} đ: {rounding[0]}{_tag(rounding[1])}"
    return BonusQuote(
        code,
        award.name,
        day,
        collective,
        coefficient,
        int(salary[1]),
        step,
        bonus_amount(coefficient, int(salary[1]), step),
        source,
    )


# --- one bonus per achievement in a decision being drawn up ------------------------------------------------


@dataclass(frozen=True)
class TitleLine:
    """A title a decision grants: to whom, for which year, and its full amount on the decision date."""

    person_id: int | None
    unit_id: int | None
    year: int
    code: str
    name: str
    full: int | None


def several_titles_mode(s: Session, day: dt.date) -> str:
    mode = parameter_on(s, SEVERAL_TITLES_KEY, day) or DIFFERENCE
    if mode not in SEVERAL_TITLES_MODES:
        raise UserError(
            f"Tham số “{SEVERAL_TITLES_KEY}” phải là một trong: {', '.join(SEVERAL_TITLES_MODES)} "
            f"(đang là “{mode}”)."
        )
    return mode


def _decision_text(number: str | None, day) -> str:
    day = dt.date.fromisoformat(day) if isinstance(day, str) else day  # COALESCE of dates is text on SQLite
    text = "QĐ" + (f" số {number}" if number else "") + (f" ngày {vn_date(day)}" if day else "")
    return text if number or day else "quyết định đã ghi nhận"


def _paid_before(s: Session, lines: Sequence[TitleLine], day: dt.date) -> dict[tuple, list[PaidTitle]]:
    """The titles of these subjects and years already recorded (any decision, or the history from before the
    program), by (person, unit, year). One recorded without its amount counts as paid in full on its date."""
    years = sorted({x.year for x in lines})
    found: dict[tuple, list[PaidTitle]] = defaultdict(list)
    deemed: dict[tuple, int] = {}  # (code, collective, day): an imported year may hold many such titles
    for column, ids in (
        (Award.person_id, {x.person_id for x in lines} - {None}),
        (Award.unit_id, {x.unit_id for x in lines} - {None}),
    ):
        ids = sorted(ids)
        for start in range(0, len(ids), CHUNK):
            rows = s.execute(
                select(
                    Award.person_id,
                    Award.unit_id,
                    Award.year,
                    AwardType.code,
                    AwardType.name,
                    Award.bonus_amount,
                    func.coalesce(Award.decision_number, Decision.number_text),
                    func.coalesce(Award.decision_date, Decision.issued_on),
                )
                .join(AwardType, AwardType.id == Award.award_type_id)
                .outerjoin(Decision, Decision.id == Award.decision_id)
                .where(
                    Award.is_title,
                    Award.revoked.is_(False),
                    Award.year.in_(years),
                    column.in_(ids[start : start + CHUNK]),
                )
                .order_by(func.coalesce(Award.decision_date, Decision.issued_on), Award.id)
            ).all()
            for person_id, unit_id, year, code, name, amount, number, decided in rows:
                if amount is None:
                    when = dt.date.fromisoformat(decided) if isinstance(decided, str) else decided or day
                    key = (code, unit_id is not None, when)
                    if key not in deemed:
                        deemed[key] = _full_amount(s, *key) or 0
                    amount = deemed[key]
                found[(person_id, unit_id, year)].append(
                    PaidTitle(name, amount, _decision_text(number, decided))
                )
    return found


def _full_amount(s: Session, code: str, collective: bool, day: dt.date) -> int | None:
    individual, together = coefficients_on(s, {code}, day).get(code, (None, None))
    step = rounding_step(s, day)
    return bonus_amount(together if collective else individual, base_salary(s, day), step)


def pay_titles_once(s: Session, lines: Sequence[TitleLine], day: dt.date) -> list[TitleBonus]:
    """What a decision dated `day` pays for each title line (NĐ 152/2025 Điều 49 khoản 5; NĐ 98/2023 before
    01/07/2025): the titles one subject gets for one year, here and in decisions already recorded, pay
    only the highest amount, the way parameter `bonus_several_titles` says. In the order given."""
    out = [TitleBonus(x.full) for x in lines]
    if not lines:
        return out
    mode = several_titles_mode(s, day)
    paid = _paid_before(s, lines, day)
    groups: dict[tuple, list[int]] = defaultdict(list)
    for n, x in enumerate(lines):
        groups[(x.person_id, x.unit_id, x.year)].append(n)
    for key, members in groups.items():
        settled = one_bonus_per_achievement(
            [(lines[n].name, lines[n].full) for n in members], paid.get(key, ()), mode
        )
        for n, bonus in zip(members, settled, strict=True):
            out[n] = bonus
    return out
