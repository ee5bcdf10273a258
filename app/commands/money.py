"""`python -m app bonus` and `python -m app awards`: the money, for clerks who check it and for scripts.

    bonus --title LDTT --date 2026-07-15 [--collective] [--json]
        {"title", "coefficient", "base_salary", "amount", "source"}: coefficient × mức lương cơ sở in force
        on that day, rounded up as NĐ 152/2025 Điều 49 khoản 2 says; source names the texts of each part.
    awards --year 2025 [--unit U] [--json]
        one row per award of that year: {"full_name", "birth_date", "unit", "title", "decision", "date",
        "amount"}; amount is what the decision pays after one bonus per achievement (as stored when it was
        issued). A collective has its own name as full_name, a null birth_date, and itself as unit.

Errors a user can make (an unknown code or unit, a bad date) reach app.cli, which prints them and exits 2.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from app.commands import print_json
from app.errors import UserError
from app.exchange.award_export import unit_text
from app.rules.money import amount_in_words
from app.services.awards import AwardHit, awards_of_year
from app.services.bonus import BonusQuote, bonus_quote
from app.services.context import ServiceContext
from app.services.eligibility import named_unit_scope
from app.services.records import unit_choices
from app.text import money_text, vn_date
from app.text.numbers import decimal_text, int_text

VN_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_day(text: str) -> dt.date:
    """2026-07-15 (or 15/07/2026, as clerks write it); anything else is refused in Vietnamese."""
    text = (text or "").strip()
    try:
        found = VN_DATE.fullmatch(text)
        if found:
            return dt.date(int(found[3]), int(found[2]), int(found[1]))
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(
            f"Ngày “{text}” không hợp lệ; hãy viết theo dạng YYYY-MM-DD, ví dụ 2026-07-15."
        ) from None


def run_bonus(ctx: ServiceContext, args) -> int:
    quote = bonus_quote(ctx, args.title, parse_day(args.date), args.collective)
    print(json.dumps(quote.as_json(), ensure_ascii=False, indent=1) if args.json else describe_bonus(quote))
    return 0


def describe_bonus(q: BonusQuote) -> str:
    coefficient = decimal_text(q.coefficient)
    raw = q.coefficient * q.base_salary
    exact = decimal_text(raw)
    return "\n".join(
        [
            f"{q.name} ({q.code}), {'tập thể' if q.collective else 'cá nhân'}, quyết định ngày {vn_date(q.day)}:",
            f"  {coefficient} × {money_text(q.base_salary)} đ = {exact} đ, làm tròn lên {money_text(q.rounding)} đ: "
            f"{money_text(q.amount)} đ ({amount_in_words(q.amount)})",
            f"Căn cứ: {q.source}.",
        ]
    )


def run_awards(ctx: ServiceContext, args) -> int:
    scope = frozenset(named_unit_scope(ctx, args.unit)) if args.unit else None
    hits = awards_of_year(ctx, args.year, scope)
    labels = {u.id: u.label for u in unit_choices(ctx, include_ended=True)}
    rows = [award_row(h, labels) for h in hits]
    if args.json:
        print_json(rows)
    else:
        print(describe_awards(hits, rows, args.year))
    return 0


def award_row(h: AwardHit, labels: dict[int, str]) -> dict:
    birth = (
        None
        if h.collective
        else h.birth_date.isoformat()
        if h.birth_date
        else (str(h.birth_year) if h.birth_year else None)
    )
    unit = labels.get(h.unit_id, h.subject_name) if h.collective else unit_text(h, labels)
    return {
        "full_name": h.subject_name,
        "birth_date": birth,
        "unit": unit or None,
        "title": h.code,
        "decision": h.decision_number,
        "date": h.decision_date.isoformat() if h.decision_date else None,
        "amount": h.bonus_amount,
    }


def describe_awards(hits, rows: list[dict], year: int) -> str:
    if not rows:
        return f"Năm {year}: không có khen thưởng nào."
    lines = [f"Khen thưởng thành tích năm {year}: {int_text(len(rows))} lượt"]
    for h, r in zip(hits, rows, strict=True):
        birth = f" ({h.birth_text})" if h.birth_text and not h.collective else ""
        decision = f"QĐ {r['decision']}" if r["decision"] else "chưa rõ quyết định"
        day = f" ngày {vn_date(h.decision_date)}" if h.decision_date else ""
        amount = f"{money_text(r['amount'])} đ" if r["amount"] is not None else "chưa rõ tiền thưởng"
        note = f" — {h.bonus_note}" if h.bonus_note else ""
        lines.append(
            f"{r['full_name']}{birth} — {r['unit'] or ''} — {h.award_name} — {decision}{day} — {amount}{note}"
        )
    total = sum(r["amount"] or 0 for r in rows)
    lines.append(f"Tổng tiền thưởng: {money_text(total)} đ ({amount_in_words(total)}).")
    return "\n".join(lines)
