"""`python -m app registrations list --year Y [--unit U] [--json]`: each unit's registration of the year, its
status and its items (titles, models, solutions), without the window.

JSON: a list, one entry per unit that registers (and any other unit that registered), in the page's order:
{"unit", "registration_id" (null: nothing received yet), "status" (PENDING, RECEIVED, RETURNED, APPROVED),
"status_label", "status_reason", "received_on" (YYYY-MM-DD), "campaign" (the campaign the registration
answers, or null), "items": [{"kind" (TITLE, MODEL, SOLUTION), "kind_label", "subject" (the person, or null for
the unit itself), "birth_date" (as the record holds it: dd/mm/yyyy or the year), "code" (a title's catalogue
code; null for a model or solution), "name" (the title's name, or the model's or solution's own words),
"achieved", "outcome"}]}. A unit with a yearly registration and a campaign's has one entry for each.
"""

from __future__ import annotations

from collections import defaultdict

from app.commands import print_json
from app.errors import UserError
from app.services.context import ServiceContext
from app.services.registrations import AimResult, UnitRegistration, registered_vs_achieved, year_registrations
from app.services.units import find_unit
from app.text.numbers import int_text
from database.enums import RegistrationKind


def run_registrations(ctx: ServiceContext, args) -> int:
    if not 1945 <= args.year <= 2200:
        raise UserError(f"Năm {args.year} không hợp lệ.")
    unit_id = None
    if args.unit:
        unit_id = find_unit(ctx, args.unit)
        if unit_id is None:
            raise UserError(f"Không có đơn vị “{args.unit}”. Hãy kiểm tra tên hoặc mã đơn vị.")
    lines = [u for u in year_registrations(ctx, args.year) if unit_id is None or u.unit_id == unit_id]
    items: dict[int, list[AimResult]] = defaultdict(list)
    for aim in registered_vs_achieved(ctx, args.year, unit_id):
        items[aim.registration_id].append(aim)
    if args.json:
        print_json([_entry(u, items[u.registration_id]) for u in lines])
    else:
        print(describe(lines, items, args.year))
    return 0


def _entry(u: UnitRegistration, aims: list[AimResult]) -> dict:
    return {
        "unit": u.unit_name,
        "registration_id": u.registration_id,
        "status": u.status.value,
        "status_label": u.status.label if u.registration_id else "Chưa nhận",
        "status_reason": u.status_reason,
        "received_on": u.received_on.isoformat() if u.received_on else None,
        "campaign": u.campaign_name,
        "items": [
            {
                "kind": a.kind.value,
                "kind_label": a.kind.label,
                "subject": a.name if a.person_id is not None else None,
                "birth_date": a.birth_text or None,
                "code": a.code or None,
                "name": a.title,
                "achieved": a.achieved,
                "outcome": a.remark or None,
            }
            for a in aims
        ],
    }


def describe(lines: list[UnitRegistration], items: dict[int, list[AimResult]], year: int) -> str:
    if not lines:
        return f"Năm {year}: không có đơn vị nào phải đăng ký thi đua."
    received = sum(1 for u in lines if u.registration_id)
    out = [
        f"Đăng ký thi đua năm {year}: {int_text(received)}/{int_text(len(lines))} đơn vị đã gửi bản đăng ký."
    ]
    for u in lines:
        status = u.status.label if u.registration_id else "Chưa nhận"
        campaign = f" — phong trào: {u.campaign_name}" if u.campaign_name else ""
        out += ["", f"== {u.unit_name}: {status}{campaign} =="]
        if u.status_reason:
            out.append(f"   Lý do: {u.status_reason}")
        for a in items.get(u.registration_id, []) if u.registration_id else []:
            who = f"{a.name} ({a.birth_text})" if a.person_id is not None and a.birth_text else a.name
            who = who if a.person_id is not None else "Tập thể"
            mark = "ĐẠT" if a.achieved else "CHƯA"
            kind = "" if a.kind is RegistrationKind.TITLE else f"{a.kind.label}: "
            remark = f" — {a.remark}" if a.remark else ""
            out.append(f"[{mark}] {who}: {kind}{a.title}{remark}")
    return "\n".join(out)
