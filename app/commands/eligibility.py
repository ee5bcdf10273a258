"""`python -m app eligibility --year Y [--title CODE] [--unit U] [--json]`: who is eligible, without the window.

JSON: a list of {"full_name", "birth_date", "unit", "title", "eligible", "status", "verdict", "held", "met",
"missing", "pending", "rule_set"} (a collective has its name as full_name and a null birth_date); status is
ELIGIBLE, PENDING (a core condition waits on the council or a paper), NOT_YET or HELD ("Đã được khen": held
names the award and its decision); rule_set names the law that judged the verdict, e.g. "Luật TĐKT 2022 và
NĐ 152/2025/NĐ-CP". Which candidates are listed is said in app/services/eligibility.py. Without --json: per
title, a count and one block per candidate.
"""

from __future__ import annotations

from collections import Counter

from app.commands import print_json
from app.rules import ALL_CODES, ELIGIBLE, HELD, NOT_YET, PENDING
from app.services.context import ServiceContext
from app.services.eligibility import Candidate, eligibility

MARKS = {ELIGIBLE: "ĐỦ", PENDING: "CHỜ", NOT_YET: "CHƯA", HELD: "ĐÃ KHEN"}


def run_eligibility(ctx: ServiceContext, args) -> int:

    found = eligibility(ctx, args.year, args.title, args.unit)  # UserError → exit 2 in app.cli
    if args.json:
        print_json([c.as_json() for c in found])
    else:
        print(describe(found, args.year))
    return 0


def describe(found: list[Candidate], year: int) -> str:
    if not found:
        return f"Năm {year}: không có ai được xét."
    total, by_status = Counter(), Counter()
    for c in found:
        total[c.code] += 1
        by_status[c.code, c.verdict.status] += 1
    lines = [f"Xét khen thưởng năm {year} — căn cứ: {found[0].verdict.law}"]
    for code in (c for c in ALL_CODES if c in total):
        more = "".join(
            f", {by_status[code, status]} {word}"
            for status, word in ((PENDING, "chờ Hội đồng/hồ sơ"), (HELD, "đã được khen"))
            if by_status[code, status]
        )
        lines += [
            "",
            f"== {code}: {by_status[code, ELIGIBLE]}/{total[code]} đủ điều kiện theo hồ sơ{more} ==",
        ]
        for c in (x for x in found if x.code == code):
            birth = f" ({c.birth})" if c.birth else ""
            lines.append(f"[{MARKS[c.verdict.status]}] {c.full_name}{birth} — {c.unit}")
            if c.verdict.held:
                lines.append(f"    = {c.verdict.held}")
            lines += [f"    + {line}" for line in c.verdict.met]
            lines += [f"    - {line}" for line in c.verdict.missing]
            lines += [f"    ? {line}" for line in c.verdict.pending]
    lines += [
        "",
        "Ký hiệu: ĐỦ đủ điều kiện; CHỜ còn điều kiện chính chờ Hội đồng/hồ sơ; CHƯA chưa đủ; ĐÃ KHEN "
        "đã được khen (= quyết định); + đạt; - còn thiếu; ? Hội đồng hoặc cán bộ xem xét.",
    ]
    return "\n".join(lines)
