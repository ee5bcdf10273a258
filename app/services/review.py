"""The eligibility verdict beside each item of a nomination batch.

    histories = load_histories(ctx)                  # once; reused while the clerk moves between batches
    verdicts = item_verdicts(ctx, view.items, histories)
    verdicts[item.id]                                # a Verdict, or None: no rule for that title or form

Each item is judged under the rule set in force when its batch was received (`NominationItem.dossier_date`),
or under today's when that one favours the nominee (app.rules.judge_dossier); the verdict's `law` names it.
Items proposed together are judged together: what the other items grant a person or a unit counts as
"đang xét cùng đợt" (a CSTĐ cấp tỉnh beside the same person's CSTĐCS of the year; a TTLĐTT beside its
members' LĐTT). An item refused or withdrawn grants nothing, and an item never counts for itself.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from app.rules import PERSON_CODES, UNIT_CODES, Verdict, judge_dossier
from app.services.context import ServiceContext
from app.services.eligibility import NO_GRANTS, Histories, SameReview, load_histories
from app.services.nominations import NominationItem
from database.enums import NominationStatus

# Items in these statuses propose nothing any more.
NOT_GRANTING = frozenset({NominationStatus.FAILED, NominationStatus.WITHDRAWN})


def same_review(items: Iterable[NominationItem]) -> SameReview:
    """What the live items grant, by person and by unit: (code, year) pairs."""
    persons: dict[int, set] = defaultdict(set)
    units: dict[int, set] = defaultdict(set)
    for item in items:
        if item.status in NOT_GRANTING:
            continue
        target = persons[item.person_id] if item.person_id is not None else units[item.unit_id]
        target.add((item.award_code, item.year))
    return SameReview(
        {k: frozenset(v) for k, v in persons.items()}, {k: frozenset(v) for k, v in units.items()}
    )


def has_rule(item: NominationItem) -> bool:
    return item.award_code in (UNIT_CODES if item.collective else PERSON_CODES)


def _known(hist: Histories, item: NominationItem) -> bool:
    return item.unit_id in hist.unit_records if item.collective else item.person_id in hist.persons


def item_verdicts(
    ctx: ServiceContext,
    items: Sequence[NominationItem],
    histories: Histories | None = None,
    today: dt.date | None = None,
) -> dict[int, Verdict | None]:
    """The verdict of each item by its id; None for a title or form the rules do not cover (a local form).

    `histories` may be an earlier load; when it lacks a subject (a person added since), it is read again.
    `today` is the day whose rules may favour the nominee (the date of the judgement)."""
    today = today or dt.date.today()
    hist = histories
    if hist is None or not all(_known(hist, i) for i in items if has_rule(i)):
        hist = load_histories(ctx)
    review = same_review(items)
    out: dict[int, Verdict | None] = {}
    for item in items:
        if not has_rule(item) or not _known(hist, item):
            out[item.id] = None
            continue
        own = frozenset({(item.award_code, item.year)})
        if item.collective:
            granting = review.units.get(item.unit_id, NO_GRANTS) - own
            subject = hist.unit_history(item.unit_id, item.year)
            out[item.id] = judge_dossier(
                subject,
                item.award_code,
                item.year,
                hist.book,
                item.dossier_date,
                today,
                granting,
                review.persons,
            )
        else:
            granting = review.persons.get(item.person_id, NO_GRANTS) - own
            out[item.id] = judge_dossier(
                hist.persons[item.person_id],
                item.award_code,
                item.year,
                hist.book,
                item.dossier_date,
                today,
                granting,
            )
    return out


def unregistered_items(ctx: ServiceContext, items: Sequence[NominationItem]) -> frozenset[int]:
    """Items proposing a danh hiệu thi đua the subject did not register for that year (Luật TĐKT Đ5: no
    registration, no title [P]) — a flag for the clerk, not a condition the engine decides."""
    from app.services.registrations import unregistered

    groups: dict[tuple[str, int], list[NominationItem]] = {}
    for item in items:
        if item.is_title:
            groups.setdefault((item.award_code, item.year), []).append(item)
    flagged: set[int] = set()
    for (code, year), group in groups.items():
        missing = unregistered(
            ctx,
            year,
            code,
            person_ids=[i.person_id for i in group if i.person_id],
            unit_ids=[i.unit_id for i in group if i.unit_id],
        )
        flagged |= {
            i.id for i in group if ("unit", i.unit_id) in missing or ("person", i.person_id) in missing
        }
    return frozenset(flagged)
