"""`python -m app campaigns list|show|export`: the campaigns without the window.

    campaigns list [--year Y] [--json]     # the campaigns whose period touches Y (all without --year)
    campaigns show ID [--json]             # one campaign: phases, content items, targets, results
    campaigns export ID --out FILE         # the report of targets against results: FILE.xlsx or FILE.pdf

JSON of list: [{"id", "name", "kind", "launcher", "start_date", "end_date", "status", "phases", "items",
"targets", "current_phase"}]; of show: {"id", "name", "theme", "kind", "launcher", "launcher_label",
"start_date", "end_date", "status", "legal_basis", "launch_document", "phases" [{"number", "name",
"start_date", "end_date", "focus"}], "item_styles" (one per level: "1.", "1.1.", "a)", "-", "+"),
"content_items" (the tree in reading order) [{"id", "number", "level", "parent_id", "text"}], "reviews"
[{"id", "kind", "year", "held_on", "period_from", "period_to", "subject"}], "plan_texts" {"purpose", "scope",
"content_intro", "rewards", "organisation", "closing", "addressees", "copies_to"}, "targets" [{"id", "name",
"measure", "kind", "value_min", "value_max", "target_year", "text", "tolerance", "goal", "unit_values"
[{"unit_id", "unit", "value_min", "value_max", "goal"}]}], "results" [{"target_id", "unit_id", "unit",
"year", "value", "verdict", "note", "progress"}], "incoming" (the incoming documents linked to it, as
`documents incoming list --json` gives them) [{"id", "year", "received_number", "received_on", "issuer",
"number", "date", "kind", "subject", "links"}]}. Kinds, statuses and verdicts are their codes (RANGE,
RUNNING, MET, YEARLY), dates ISO, numbers JSON numbers, a field left empty null (a plan text left empty:
the launching document writes its default). An unknown campaign or a file of another kind: exit 2, nothing
written.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal

from app.commands import print_json
from app.domain.campaigns import PLAN_TEXT_FIELDS, CampaignDetail, CampaignSummary
from app.domain.targets import TargetInfo
from app.exchange.target_report import export_target_report
from app.services.campaigns import campaign_detail, list_campaigns
from app.services.context import ServiceContext
from app.services.incoming import IncomingEntry, incoming_for_campaign
from app.text import vn_date


def run_campaigns(ctx: ServiceContext, args) -> int:
    if args.action == "list":
        found = list_campaigns(ctx, args.year)
        print(
            json.dumps([summary_json(c) for c in found], ensure_ascii=False, indent=1)
            if args.json
            else describe_list(found, args.year)
        )
    elif args.action == "show":
        detail = campaign_detail(ctx, args.id)  # an unknown id: ValidationError → exit 2 in app.cli
        if args.json:
            incoming = incoming_for_campaign(ctx, args.id)
            print_json(detail_json(detail, incoming))
        else:
            print(describe(detail))
    else:
        path = export_target_report(ctx, args.id, args.out)
        print(f"Đã xuất báo cáo chỉ tiêu ra {path}")
    return 0


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _day(value) -> str | None:
    return value.isoformat() if value else None


def summary_json(c: CampaignSummary) -> dict:
    return {
        "id": c.id,
        "name": c.name,
        "kind": c.kind.value,
        "launcher": c.launcher.value,
        "start_date": _day(c.start_date),
        "end_date": _day(c.end_date),
        "status": c.status.value,
        "phases": c.phases,
        "items": c.items,
        "targets": c.targets,
        "current_phase": c.current_phase,
    }


def _target_json(t: TargetInfo) -> dict:
    return {
        "id": t.id,
        "name": t.name,
        "measure": t.measure or None,
        "kind": t.comparison.value,
        "value_min": _number(t.value_min),
        "value_max": _number(t.value_max),
        "target_year": t.target_year,
        "text": t.text or None,
        "tolerance": _number(t.tolerance),
        "goal": t.goal_text(),
        "unit_values": [
            {
                "unit_id": v.unit_id,
                "unit": v.unit_name,
                "value_min": _number(v.value_min),
                "value_max": _number(v.value_max),
                "goal": t.for_unit(v.unit_id).goal_text(),
            }
            for v in t.unit_values
        ],
    }


def detail_json(d: CampaignDetail, incoming: Sequence[IncomingEntry] = ()) -> dict:
    return {
        "id": d.id,
        "name": d.name,
        "theme": d.theme or None,
        "kind": d.kind.value,
        "launcher": d.launcher.value,
        "launcher_label": d.launcher.label,
        "start_date": _day(d.start_date),
        "end_date": _day(d.end_date),
        "status": d.status.value,
        "legal_basis": d.legal_basis or None,
        "launch_document": d.launch_document,
        "phases": [
            {
                "number": p.number,
                "name": p.name,
                "start_date": _day(p.start_date),
                "end_date": _day(p.end_date),
                "focus": p.focus or None,
            }
            for p in d.phases
        ],
        "item_styles": list(d.item_styles),
        "content_items": [
            {"id": i.id, "number": str(i.number), "level": i.level, "parent_id": i.parent_id, "text": i.text}
            for i in d.items
        ],
        "reviews": [
            {
                "id": r.id,
                "kind": r.kind.value,
                "year": r.year,
                "held_on": _day(r.held_on),
                "period_from": _day(r.period_from),
                "period_to": _day(r.period_to),
                "subject": r.subject or None,
            }
            for r in d.reviews
        ],
        "plan_texts": {f: getattr(d.texts, f) or None for f in PLAN_TEXT_FIELDS},
        "targets": [_target_json(t) for t in d.targets],
        "results": [
            {
                "target_id": r.target_id,
                "unit_id": r.unit_id,
                "unit": r.unit_name,
                "year": r.year,
                "value": _number(r.value),
                "verdict": r.verdict.value if r.verdict else None,
                "note": r.note or None,
                "progress": r.progress.value,
            }
            for r in d.results
        ],
        "incoming": [e.as_json() for e in incoming],
    }


def describe_list(found: list[CampaignSummary], year: int | None) -> str:
    if not found:
        return f"Năm {year}: chưa có phong trào thi đua nào." if year else "Chưa có phong trào thi đua nào."
    lines = []
    for c in found:
        lines.append(f"[{c.id}] {c.name}")
        lines.append(
            f"    {c.kind.label} · {c.status.label} · {c.period_text()} · {c.phases} đợt, {c.items} nội dung, "
            f"{c.targets} chỉ tiêu"
        )
    return "\n".join(lines)


def describe(d: CampaignDetail) -> str:
    lines = [f"[{d.id}] {d.name}", f"{d.kind.label} · {d.launcher.label} · {d.status.label}"]
    if d.theme:
        lines.append(f"Chủ đề: “{d.theme}”")
    if d.phases:
        lines += ["", "Các đợt:"]
        lines += [f"  {p.name}: {vn_date(p.start_date)} – {vn_date(p.end_date)}" for p in d.phases]
    if d.items:
        lines += ["", "Nội dung thi đua:"] + [f"{'  ' * i.level}{i.number} {i.text}" for i in d.items]
    if d.reviews:
        lines += ["", "Sơ kết, tổng kết:"] + [f"  {r.sentence()}." for r in d.reviews]
    if d.targets:
        lines += ["", "Chỉ tiêu:"]
        for n, t in enumerate(d.targets, start=1):
            lines.append(f"  {n}. {t.name}: {t.goal_text()}")
            lines += [f"     riêng {v.unit_name}: {t.for_unit(v.unit_id).goal_text()}" for v in t.unit_values]
            for r in (r for r in d.results if r.target_id == t.id):
                shown = r.result_text()
                lines.append(
                    f"     {r.year} {r.unit_name}: {shown + ' – ' if shown else ''}{r.progress.label}"
                )
    return "\n".join(lines)
