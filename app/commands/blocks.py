"""`python -m app blocks list|show|ranking`: the cụm, khối thi đua of a year without the window.

    blocks list [--year Y] [--json]          # every year's when --year is left out
    blocks show ID [--json]                  # members (unit / outside / agency), roles, rule, pledge
    blocks ranking --year Y [--block ID] [--json]

JSON of show: {"id", "year", "name", "title", "kind", "rotation", "members": [{"member_id", "kind" ("unit",
"outside" or "agency"), "id" (the unit's or outside organisation's; null for the agency), "name", "role"
(LEADER, DEPUTY, MEMBER), "registered" (a unit of the Sở: has it registered for the year; null for the
others, who owe none), "signer_title", "signer_name"}], "pledge": {"signed_on", "reference"} or null,
"criteria"}. ranking: a list of {"id", "name", "title", "ranking": [{"rank", "tied", "member_id", "kind",
"name", "role", "self_total", "assessed_total", "final_total", "proposed"}]}; points as numbers.
"""

from __future__ import annotations

from decimal import Decimal

from app.commands import print_json
from app.errors import ValidationError
from app.services.clusters import (
    ClusterDetail,
    ClusterSummary,
    cluster_detail,
    cluster_years,
    list_clusters,
    points_text,
)
from app.services.context import ServiceContext


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def summary_json(c: ClusterSummary) -> dict:
    return {
        "id": c.id,
        "year": c.year,
        "name": c.name,
        "kind": c.kind.value,
        "members": c.members,
        "leader": c.leader,
        "deputy": c.deputy,
        "criteria": c.criteria,
    }


def detail_json(d: ClusterDetail) -> dict:
    unregistered = set(d.unregistered)
    return {
        "id": d.id,
        "year": d.year,
        "name": d.name,
        "title": d.title,
        "kind": d.kind.value,
        "rotation": d.rotation.value,
        "members": [
            {
                "member_id": m.id,
                "kind": m.kind.value.lower(),
                "id": m.ref.id,
                "name": m.name,
                "role": m.role.value,
                "registered": None if m.unit_id is None else m.id not in unregistered,
                "signer_title": " ".join(m.signer_titles) or None,
                "signer_name": m.signer_name or None,
            }
            for m in d.members
        ],
        "pledge": (
            {
                "signed_on": d.pledge.signed_on.isoformat() if d.pledge.signed_on else None,
                "reference": d.pledge.reference,
            }
            if d.pledge
            else None
        ),
        "criteria": len(d.criteria),
    }


def ranking_json(d: ClusterDetail) -> dict:
    kinds = {m.id: m.kind.value.lower() for m in d.members}
    return {
        "id": d.id,
        "name": d.name,
        "title": d.title,
        "ranking": [
            {
                "rank": r.rank,
                "tied": r.tied,
                "member_id": r.member_id,
                "kind": kinds[r.member_id],
                "name": r.name,
                "role": r.role.value,
                "self_total": _number(r.self_total),
                "assessed_total": _number(r.assessed_total),
                "final_total": _number(r.final_total),
                "proposed": r.proposed_code,
            }
            for r in d.ranking
        ],
    }


def run_blocks(ctx: ServiceContext, args) -> int:
    """A block that is not there, or not of the year asked: ValidationError, printed by app.cli, exit 2."""
    if args.what == "list":
        years = [args.year] if args.year else cluster_years(ctx)
        found = [c for y in years for c in list_clusters(ctx, y)]
        if args.json:
            print_json([summary_json(c) for c in found])
        for c in [] if args.json else found:
            roles = ", ".join(
                f"{label}: {who}" for label, who in (("trưởng", c.leader), ("phó", c.deputy)) if who
            )
            print(
                f"{c.id:>5}  {c.year}  {c.name} ({c.kind.label.lower()}, {c.members} thành viên{', ' if roles else ''}{roles})"
            )
        if not found and not args.json:
            print(
                "Chưa có cụm, khối thi đua nào."
                if not args.year
                else f"Năm {args.year} chưa có cụm, khối thi đua nào."
            )
        return 0
    if args.what == "show":
        detail = cluster_detail(ctx, args.id)
        if args.json:
            print_json(detail_json(detail))
            return 0
        print(f"{detail.title} – năm {detail.year} ({detail.kind.label.lower()})")
        print(f"Quy tắc chọn trưởng, phó năm sau: {detail.rotation.label}")
        for n, m in enumerate(detail.members, start=1):
            role = f" – {m.role.label}" if m.role.value != "MEMBER" else ""
            owes = " – chưa đăng ký thi đua" if m.id in detail.unregistered else ""
            print(f"{n:>3}. {m.name} [{m.kind.label}]{role}{owes}")
        if detail.pledge:
            print(f"Giao ước: {detail.pledge.reference or 'chưa vào sổ'}")
        return 0
    ids = [c.id for c in list_clusters(ctx, args.year)]
    if args.block is not None and args.block not in ids:
        raise ValidationError(f"Năm {args.year} không có cụm, khối thi đua số {args.block}.")
    details = [cluster_detail(ctx, i) for i in ids if args.block in (None, i)]
    if args.json:
        print_json([ranking_json(d) for d in details])
        return 0
    for d in details:
        print(f"== {d.title} – năm {d.year} ==")
        for r in d.ranking:
            rank = "–" if r.rank is None else f"{r.rank}{'=' if r.tied else ''}"
            points = points_text(r.final_total) if r.rank else "chưa chấm"
            print(f"{rank:>4}  {r.name}: {points}")
    if not details:
        print(f"Năm {args.year} chưa có cụm, khối thi đua nào.")
    return 0
