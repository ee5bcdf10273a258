"""`python -m app import staff FILE --unit U`: the staff-list import without the window."""

from __future__ import annotations

import sys
from pathlib import Path

from app.commands import print_json, print_refusal
from app.errors import UserError
from app.exchange.roster import guess_mapping, parse_people, read_roster
from app.services.context import ServiceContext
from app.services.staff import (
    IncomingPerson,
    Review,
    apply_staff_import,
    decide_reviews,
    incoming_people,
    pending_text,
    plan_staff_import,
    resolve_departments,
)
from app.services.units import find_unit
from app.text.numbers import int_text

REFUSED = 2


def person_json(p: IncomingPerson) -> dict:
    return {
        "full_name": p.full_name,
        "gender": {"MALE": "Nam", "FEMALE": "Nữ"}.get(p.gender or ""),
        "birth_date": p.birth_key or None,
        "position": p.position,
    }


def review_json(r: Review) -> dict:
    return {
        **person_json(r.person),
        "row": r.person.row,
        "reason": "probable" if r.probable else "ambiguous",
        "candidates": [
            {"id": k.id, "full_name": k.full_name, "birth_date": k.birth or None, "unit": k.unit_name}
            for k in r.candidates
        ],
    }


def review_text(r: dict) -> str:
    """One row of review_json as a line of the text report."""
    who = ", ".join(
        f"{k['full_name']} ({k['birth_date'] or 'không rõ ngày sinh'}, {k['unit'] or 'chưa có đơn vị'})"
        for k in r["candidates"]
    )
    if r["reason"] == "ambiguous":
        why = f"có {len(r['candidates'])} người cùng họ tên và ngày sinh, không phân biệt được: {who}"
    elif len(r["candidates"]) > 1:
        why = f"tên không dấu, có thể là một trong {len(r['candidates'])} người: {who}"
    else:
        why = f"tên không dấu, có thể là {who}"
    return f"dòng {r['row']}: {r['full_name']} ({r['birth_date'] or 'không rõ ngày sinh'}) – {why}"


def read_people(path: Path, sheet: str | None = None) -> list[IncomingPerson]:
    roster = read_roster(path, sheet)
    return incoming_people(parse_people(roster, guess_mapping(roster)))


def run_import_staff(ctx: ServiceContext, args) -> int:

    out = {"imported": [], "duplicates": [], "review": [], "errors": [], "departments": []}
    try:
        people = read_people(Path(args.file), args.sheet)
        unit_id = find_unit(ctx, args.unit)
        if unit_id is None and not args.create_unit:
            raise UserError(
                f"Không có đơn vị “{args.unit}”. Hãy kiểm tra tên/mã, hoặc thêm --create-unit để tạo mới."
            )
        plan = plan_staff_import(ctx, people, unit_id, unit_name=args.unit)
        if args.accept_probable:
            plan = decide_reviews(
                plan, {r.person.row: r.candidates[0].id for r in plan.review if r.acceptable}
            )
        out["review"] = [review_json(r) for r in plan.review]
        out["duplicates"] = [person_json(d.person) for d in plan.duplicates]
        out["errors"] = [{"row": row, "message": message} for row, message in plan.errors]
        out["departments"] = [
            {
                "name": m.name,
                "people": m.people,
                "match": m.kind,
                "near": [name for _id, name in m.near],
                "near_in_file": list(m.near_in_file),
            }
            for m in plan.departments
        ]
        if plan.errors:
            raise UserError(f"Danh sách có {int_text(len(plan.errors))} lỗi; không nhập dòng nào.")
        create = getattr(args, "create_departments", False)
        _, pending = resolve_departments(plan.departments, None, create)
        if pending:  # the safe default: no khoa/phòng is created unless the command says so
            raise UserError(pending_text(pending) + " Thêm --create-departments để tạo các khoa, phòng này.")
        updated = [d.person for d in plan.duplicates if d.existing_id and args.update_duplicates]
        out["imported"] = [person_json(p) for p in plan.new + updated]
        if not args.dry_run:
            apply_staff_import(
                ctx,
                plan,
                update_duplicates=args.update_duplicates,
                source=Path(args.file).name,
                create_departments=create,
            )
    except UserError as exc:
        _report(args, out, str(exc))
        return REFUSED
    _report(args, out, None)
    return 0


def _report(args, out: dict, refusal: str | None) -> None:
    if args.json:
        print_json(out)
        if refusal:
            print(f"Lỗi: {refusal}", file=sys.stderr)
        return
    verb = "Sẽ nhập" if args.dry_run else "Đã nhập"
    if refusal:
        print_refusal(refusal, out["errors"])
        return
    print(
        f"{verb} {int_text(len(out['imported']))} cán bộ; {int_text(len(out['duplicates']))} người trùng "
        f"({'cập nhật' if args.update_duplicates else 'bỏ qua'})."
    )
    for d in out["duplicates"]:
        print(f"  trùng: {d['full_name']} ({d['birth_date']})")
    for d in out["departments"]:
        if d["match"] in ("near", "new"):
            alike = ", ".join(d["near"] + d["near_in_file"])
            print(f"  khoa, phòng mới: {d['name']}" + (f" (gần giống: {alike})" if alike else ""))
    if out["review"]:
        print(
            f"Cần xác nhận ({int_text(len(out['review']))} dòng, chưa ghi; xem lại tệp, hoặc thêm --accept-probable "
            "để nhận các dòng chỉ khớp một người):"
        )
        for r in out["review"]:
            print(f"  {review_text(r)}")
