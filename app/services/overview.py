"""The figures of the Tổng quan page and the headline count of every area.

Everything comes from a few aggregate queries (one row of counts, one GROUP BY over awards, one over
nominations), so the page stays quick on a province-sized database and costs one round trip each
on a PostgreSQL server.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select

from app.services.context import ServiceContext
from database.enums import DecisionStatus, DocumentStatus, NominationStatus, RegistrationStatus, UnitStatus
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
    Phase,
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
class CampaignNow:
    """A campaign under way and where it stands today."""

    name: str
    end_date: dt.date | None
    phase: str | None  # "Đợt 2: …" when today falls in one of its phases
    phase_end: dt.date | None


@dataclass(frozen=True)
class Deadline:
    day: dt.date
    what: str  # "Kết thúc Đợt 1 – Phong trào …"


@dataclass(frozen=True)
class RegistrationCount:
    status: RegistrationStatus
    count: int


DEADLINE_DAYS = 60  # how far ahead the page looks for the end of a phase or a campaign


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
    campaigns_now: tuple[CampaignNow, ...] = ()
    deadlines: tuple[Deadline, ...] = ()  # within DEADLINE_DAYS, soonest first
    registrations_by_status: tuple[RegistrationCount, ...] = ()  # this year's, every status

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
    salary_stmt = (
        select(BaseSalary.amount)
        .where(BaseSalary.effective_from <= today)
        .order_by(BaseSalary.effective_from.desc())
        .limit(1)
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
        _count(OutgoingDocument, OutgoingDocument.status == DocumentStatus.REGISTERED).label(
            "documents_registered"
        ),
        _count(OutgoingDocument, OutgoingDocument.status == DocumentStatus.DRAFT).label("documents_draft"),
        *(
            _count(Registration, Registration.year == today.year, Registration.status == st).label(
                f"reg_{st.value}"
            )
            for st in RegistrationStatus
        ),
        salary_stmt.with_only_columns(BaseSalary.amount).scalar_subquery().label("salary"),
        salary_stmt.with_only_columns(BaseSalary.effective_from).scalar_subquery().label("salary_since"),
    )
    # One pass over ix_award_year_kind in its own order (year, then title or form): no sort, and only a count
    # to keep per row (1.16 million awards at 100,000 staff over fifteen years).
    awards_stmt = (
        select(Award.year, Award.is_title, func.count())
        .where(Award.revoked.is_(False))
        .group_by(Award.year, Award.is_title)
    )
    nominations_stmt = select(Nomination.status, func.count()).group_by(Nomination.status)
    with ctx.read() as s:
        c = s.execute(counts).one()
        award_rows = s.execute(awards_stmt).all()
        by_status = dict(s.execute(nominations_stmt).all())
        campaigns_now, deadlines = _campaign_calendar(s, running, today)

    per_year: dict[int, tuple[int, int]] = {}
    for year, is_title, n in award_rows:
        titles, honors = per_year.get(year, (0, 0))
        per_year[year] = (titles + n, honors) if is_title else (titles, honors + n)
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
        base_salary=c.salary,
        base_salary_since=c.salary_since,
        campaigns_now=campaigns_now,
        deadlines=deadlines,
        registrations_by_status=tuple(
            RegistrationCount(st, getattr(c, f"reg_{st.value}")) for st in RegistrationStatus
        ),
    )


def _campaign_calendar(s, running, today: dt.date) -> tuple[tuple[CampaignNow, ...], tuple[Deadline, ...]]:
    """Campaigns under way with today's phase, and the phase and campaign ends coming up."""
    horizon = today + dt.timedelta(days=DEADLINE_DAYS)
    campaigns: dict[int, tuple[str, dt.date | None]] = {}
    phases: dict[int, list] = {}
    for campaign_id, name, end, number, phase_name, start, phase_end in s.execute(
        select(
            Campaign.id,
            Campaign.name,
            Campaign.end_date,
            Phase.number,
            Phase.name,
            Phase.start_date,
            Phase.end_date,
        )
        .outerjoin(Phase, Phase.campaign_id == Campaign.id)
        .where(running)
        .order_by(Campaign.end_date.is_(None), Campaign.end_date, Campaign.name, Phase.start_date)
    ):
        campaigns.setdefault(campaign_id, (name, end))
        if number is not None:
            phases.setdefault(campaign_id, []).append((number, phase_name, start, phase_end))
    now, deadlines = [], []
    for campaign_id, (name, end) in campaigns.items():
        current = next((p for p in phases.get(campaign_id, ()) if p[2] <= today <= p[3]), None)
        label = None
        if current is not None:
            label = f"Đợt {current[0]}" + (f": {current[1]}" if current[1] else "")
        now.append(CampaignNow(name, end, label, current[3] if current else None))
        for number, _phase_name, _start, phase_end in phases.get(campaign_id, ()):
            if today <= phase_end <= horizon:
                deadlines.append(Deadline(phase_end, f"Kết thúc đợt {number} – {name}"))
        if end is not None and today <= end <= horizon:
            deadlines.append(Deadline(end, f"Kết thúc phong trào – {name}"))
    deadlines.sort(key=lambda d: (d.day, d.what))
    return tuple(now), tuple(deadlines)
