"""The figures of the Tổng quan page and the headline count of every area.

Everything comes from a few aggregate queries (one row of counts, one GROUP BY over awards, one over
nominations), so the page stays quick on a province-sized database and costs one round trip each
on a PostgreSQL server.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_, select

from app.services.context import ServiceContext
from database.enums import DecisionStatus, DocumentStatus, NominationStatus, UnitStatus
from database.models import (
    Award,
    BaseSalary,
    Campaign,
    Cluster,
    Decision,
    Initiative,
    Nomination,
    NominationBatch,
    OutgoingDocument,
    Person,
    Registration,
    Unit,
)

YEARS_SHOWN = 10

# Nominations the desk still has to act on: not yet decided, forwarded, returned or withdrawn.
OPEN_NOMINATION_STATUSES = (
    NominationStatus.DRAFT,
    NominationStatus.RECEIVED,
    NominationStatus.IN_COUNCIL,
    NominationStatus.PASSED,
)


@dataclass(frozen=True)
class AwardYear:
    """Awards recorded for one year (revoked ones left out)."""

    year: int
    titles: int  # danh hiệu thi đua
    honors: int  # hình thức khen thưởng

    @property
    def total(self) -> int:
        return self.titles + self.honors


@dataclass(frozen=True)
class StatusCount:
    status: NominationStatus
    count: int


@dataclass(frozen=True)
class Overview:
    today: dt.date
    units_active: int
    units_ended: int  # merged, split or dissolved: kept for their history
    staff_working: int
    staff_left: int  # retired or moved out of the sector
    campaigns: int
    campaigns_running: int  # started on or before today and not yet ended
    registrations: int
    registrations_this_year: int
    clusters: int
    clusters_this_year: int
    initiatives: int
    nomination_batches: int
    nominations_by_status: tuple[StatusCount, ...]  # every status, in the order of the enum
    decisions: int
    decisions_issued: int
    awards: int  # every year, revoked ones left out
    awards_first_year: int | None
    awards_last_year: int | None
    # The last YEARS_SHOWN years, oldest first, ending with today's year once it has awards and with
    # the year before until then (awards for a year are mostly decided at its end or early the next).
    awards_by_year: tuple[AwardYear, ...]
    documents_registered: int
    documents_draft: int
    base_salary: int | None  # mức lương cơ sở in force today
    base_salary_since: dt.date | None

    @property
    def nominations(self) -> int:
        return sum(x.count for x in self.nominations_by_status)

    @property
    def nominations_open(self) -> int:
        return sum(x.count for x in self.nominations_by_status if x.status in OPEN_NOMINATION_STATUSES)

    @property
    def awards_shown(self) -> int:
        return sum(x.total for x in self.awards_by_year)


def _count(model, *where):
    stmt = select(func.count()).select_from(model)
    if where:
        stmt = stmt.where(*where)
    return stmt.scalar_subquery()


def load_overview(ctx: ServiceContext, today: dt.date | None = None) -> Overview:
    today = today or dt.date.today()
    working = or_(Person.left_on.is_(None), Person.left_on > today)
    running = and_(
        or_(Campaign.start_date.is_(None), Campaign.start_date <= today),
        or_(Campaign.end_date.is_(None), Campaign.end_date >= today),
    )
    counts = select(
        _count(Unit, Unit.status == UnitStatus.ACTIVE).label("units_active"),
        _count(Unit).label("units"),
        _count(Person, working).label("staff_working"),
        _count(Person).label("staff"),
        _count(Campaign).label("campaigns"),
        _count(Campaign, running).label("campaigns_running"),
        _count(Registration).label("registrations"),
        _count(Registration, Registration.year == today.year).label("registrations_this_year"),
        _count(Cluster).label("clusters"),
        _count(Cluster, Cluster.year == today.year).label("clusters_this_year"),
        _count(Initiative).label("initiatives"),
        _count(NominationBatch).label("nomination_batches"),
        _count(Decision).label("decisions"),
        _count(Decision, Decision.status == DecisionStatus.ISSUED).label("decisions_issued"),
        _count(OutgoingDocument, OutgoingDocument.status == DocumentStatus.REGISTERED).label("documents_registered"),
        _count(OutgoingDocument, OutgoingDocument.status == DocumentStatus.DRAFT).label("documents_draft"),
    )
    # One pass in year order (ix_award_year) with the split counted alongside: no sort of the rows.
    awards_stmt = (
        select(Award.year, func.sum(case((Award.is_title, 1), else_=0)), func.count())
        .where(Award.revoked.is_(False))
        .group_by(Award.year)
    )
    nominations_stmt = select(Nomination.status, func.count()).group_by(Nomination.status)
    salary_stmt = (
        select(BaseSalary.amount, BaseSalary.effective_from)
        .where(BaseSalary.effective_from <= today)
        .order_by(BaseSalary.effective_from.desc())
        .limit(1)
    )
    with ctx.read() as s:
        c = s.execute(counts).one()
        award_rows = s.execute(awards_stmt).all()
        by_status = dict(s.execute(nominations_stmt).all())
        salary = s.execute(salary_stmt).first()

    per_year = {year: (int(titles), n - int(titles)) for year, titles, n in award_rows}
    years = sorted(per_year)
    last_shown = today.year if today.year in per_year else today.year - 1
    first_shown = last_shown - YEARS_SHOWN + 1
    return Overview(
        today=today,
        units_active=c.units_active,
        units_ended=c.units - c.units_active,
        staff_working=c.staff_working,
        staff_left=c.staff - c.staff_working,
        campaigns=c.campaigns,
        campaigns_running=c.campaigns_running,
        registrations=c.registrations,
        registrations_this_year=c.registrations_this_year,
        clusters=c.clusters,
        clusters_this_year=c.clusters_this_year,
        initiatives=c.initiatives,
        nomination_batches=c.nomination_batches,
        nominations_by_status=tuple(StatusCount(st, by_status.get(st, 0)) for st in NominationStatus),
        decisions=c.decisions,
        decisions_issued=c.decisions_issued,
        awards=sum(t + h for t, h in per_year.values()),
        awards_first_year=years[0] if years else None,
        awards_last_year=years[-1] if years else None,
        awards_by_year=tuple(
            AwardYear(y, *per_year.get(y, (0, 0))) for y in range(first_shown, last_shown + 1)
        ),
        documents_registered=c.documents_registered,
        documents_draft=c.documents_draft,
        base_salary=salary.amount if salary else None,
        base_salary_since=salary.effective_from if salary else None,
    )
