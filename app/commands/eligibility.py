"""`python -m app eligibility --year Y [--title CODE] [--unit U] [--json]`: who is eligible, without the window.

JSON: a list of {"full_name", "birth_date", "unit", "title", "eligible", "met", "missing", "pending",
"rule_set"} (a collective has its name as full_name and a null birth_date; rule_set names the law that
judged the verdict, e.g. "Luật TĐKT 2022 và NĐ 152/2025/NĐ-CP"). Which candidates are listed is said in
app/services/eligibility.py. Without --json: per title, a count and one block per candidate.
"""

from __future__ import annotations

import json
from collections import Counter

from app.rules import ALL_CODES
from app.services.context import ServiceContext
from app.services.eligibility import Candidate, eligibility
from database.engine import Database


def run_eligibility(db: Database, args) -> int:
    ctx = ServiceContext(db, actor="cli")
    found = eligibility(ctx, args.year, args.title, args.unit)  # UserError → exit 2 in app.cli
    if args.json:
        print(json.dumps([c.as_json() for c in found], ensure_ascii=False, indent=1))
    else:
        print(describe(found, args.year))
    return 0


def describe(found: list[Candidate], year: int) -> str:
    if not found:
        return f"Năm {year}: không có ai được xét."
    total, eligible = Counter(), Counter()
    for c in found:
        total[c.code] += 1
        eligible[c.code] += c.verdict.eligible
    lines = [f"Xét khen thưởng năm {year} — căn cứ: {found[0].verdict.law}"]
    for code in (c for c in ALL_CODES if c in total):
        lines += ["", f"== {code}: {eligible[code]}/{total[code]} đủ điều kiện theo hồ sơ =="]
        for c in (x for x in found if x.code == code):
            mark = "ĐỦ" if c.verdict.eligible else "CHƯA"
            birth = f" ({c.birth})" if c.birth else ""
            lines.append(f"[{mark}] {c.full_name}{birth} — {c.unit}")
            lines += [f"    + {line}" for line in c.verdict.met]
            lines += [f"    - {line}" for line in c.verdict.missing]
            lines += [f"    ? {line}" for line in c.verdict.pending]
    lines += ["", "Ký hiệu: + đạt; - còn thiếu; ? Hội đồng hoặc cán bộ xem xét."]
    return "\n".join(lines)
