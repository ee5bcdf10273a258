"""`python -m app import units FILE`: the list of units (with their khoa, phòng) without the window."""

from __future__ import annotations

from pathlib import Path

from app.commands import print_json, print_refusal
from app.exchange.unit_list import read_unit_list
from app.services.context import ServiceContext
from app.services.unit_import import PlannedUnit, UnitImportPlan, apply_unit_import, plan_unit_import
from app.text.numbers import int_text

REFUSED = 2


def _unit_json(u: PlannedUnit) -> dict:
    return {
        "row": u.row,
        "name": u.name,
        "code": u.code,
        "kind": u.kind.label,
        "parent": u.parent,
        "note": u.note,
    }


def plan_json(plan: UnitImportPlan) -> dict:
    return {
        "added": [_unit_json(u) for u in plan.added],
        "skipped": [_unit_json(u) for u in plan.skipped],
        "errors": [{"row": e.row, "message": e.message} for e in plan.errors],
    }


def run_import_units(ctx: ServiceContext, args) -> int:
    """An unreadable file (UserError) propagates to the CLI, which prints it and exits 2."""
    units = read_unit_list(Path(args.file))
    plan = plan_unit_import(ctx, units)
    if not plan.errors and not args.dry_run:
        plan = apply_unit_import(ctx, units)  # planned again inside its transaction
    if args.json:
        print_json(plan_json(plan))
    if plan.errors:
        print_refusal(
            f"không nhập được danh sách đơn vị ({int_text(len(plan.errors))} lỗi); chưa ghi gì.",
            plan_json(plan)["errors"],
        )
        return REFUSED
    if not args.json:
        print(f"{'Sẽ nhập' if args.dry_run else 'Đã nhập'}: {plan.summary()}.")
        for u in plan.added:
            print(f"  thêm: {u.name} ({u.kind.label}, thuộc {u.parent})")
        for u in plan.skipped:
            print(f"  bỏ qua: {u.name}: {u.note}")
    return 0
