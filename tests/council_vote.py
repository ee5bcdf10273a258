"""Test helper: pass nomination items the lawful way, by a council meeting that votes for them.

A title or form other than LĐTT/TTLĐTT becomes "Đạt" only by the council's vote (app.services.nominations
refuses a hand move), so tests that need passed items hold a meeting here: every member of the council on
the day present, every vote for. A database without a council gets a small one first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from app.services.context import ServiceContext
from app.services.council import Tally, add_member, hold_meeting, members_on
from app.services.nominations import load_nominations

COUNCIL_SINCE = dt.date(2000, 1, 1)


def pass_by_council(
    ctx: ServiceContext, nomination_ids: Sequence[int], held_at: dt.datetime | None = None
) -> int:
    """Hold one meeting that passes these items (each "Đã nhận" or "Đưa ra Hội đồng"); its id."""
    items = load_nominations(ctx, nomination_ids)
    assert len(items) == len(set(nomination_ids)), "an item to vote on is missing"
    year = max(i.year for i in items)
    held_at = held_at or dt.datetime(year, 12, 10, 8, 0)
    members = [m.id for m in members_on(ctx, held_at.date())]
    if not members:
        members = [add_member(ctx, f"Thành viên Hội đồng {n}", COUNCIL_SINCE, "Ủy viên") for n in (1, 2, 3)]
    tallies = [Tally(i.id, len(members)) for i in items]
    meeting, results = hold_meeting(ctx, held_at, year, members, [], tallies)
    assert all(r.passed for r in results)
    return meeting
