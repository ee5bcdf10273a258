"""The demo province: believable sizes, records that obey the rules, NFC text, determinism, refusal."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import shutil
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

import pytest
from sqlalchemy import String, Text, func, select
from sqlalchemy.orm import aliased

from app.cli import main
from app.demo import FIRST_YEAR, LAST_YEAR, DemoStats, build_demo
from app.errors import UserError
from app.services.awards import list_decisions
from app.services.bonus import bonus_quote
from app.services.context import ServiceContext
from app.services.documents import document_model
from app.services.units import lineage
from app.startup import open_database
from app.text import fold, money_text, name_sort_key
from app.text.identity import has_marks
from database.engine import Database, sqlite_url
from database.enums import AwardSource, ClusterRole, EventRole, UnitEventKind, UnitKind, UnitStatus
from database.models import (
    Agency,
    AuditEntry,
    Award,
    AwardType,
    BaseSalary,
    BonusCoefficient,
    Campaign,
    Cluster,
    ClusterMember,
    ContentItem,
    Decision,
    Discipline,
    Initiative,
    InitiativeAuthor,
    OutgoingDocument,
    Person,
    Phase,
    Posting,
    Rating,
    Registration,
    RegistrationItem,
    Signer,
    Target,
    TargetResult,
    Unit,
    UnitEvent,
    UnitEventLink,
    UnitName,
)
from tests.db.conftest import BACKENDS

SEED = 7
STAFF = 800
REFORM_DAY = dt.date(2025, 7, 1)


@dataclass
class Built:
    db: Database
    ctx: ServiceContext
    stats: DemoStats
    lines: list[str]


def _fresh(backend, tmp_path_factory, postgres, templates):
    if backend == "sqlite":
        path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
        shutil.copyfile(templates("sqlite"), path)
        return sqlite_url(path)
    return postgres.create(template=templates("postgresql").database)


@pytest.fixture(scope="module", params=BACKENDS)
def demo(request, tmp_path_factory, postgres, templates):
    """One small province per backend, shared by the read-only tests of this module."""
    url = _fresh(request.param, tmp_path_factory, postgres, templates)
    db = open_database(url, backup_dir=tmp_path_factory.mktemp("backups"))
    lines: list[str] = []
    stats = build_demo(db, small=True, seed=SEED, progress=lines.append, staff=STAFF)
    yield Built(db, ServiceContext(db, actor="tester"), stats, lines)
    db.dispose()
    if request.param != "sqlite":
        postgres.drop(url)


def _codes(s) -> dict[int, str]:
    return {type_id: code for code, type_id in s.execute(select(AwardType.code, AwardType.id))}


def _awards(s, code: str):
    return s.execute(
        select(Award.person_id, Award.unit_id, Award.year, Award.id)
        .join(AwardType, AwardType.id == Award.award_type_id)
        .where(AwardType.code == code)
    ).all()


# -- sizes and shape -------------------------------------------------------------------------------


def test_counts_are_in_the_expected_ranges(demo):
    stats = demo.stats
    with demo.ctx.read() as s:
        count = lambda model: s.scalar(select(func.count()).select_from(model))  # noqa: E731
        assert count(Person) == stats.staff == STAFF
        assert 30 <= count(Unit) == stats.units <= 45
        assert count(Posting) >= STAFF
        rated = s.scalar(select(func.count()).select_from(Rating).where(Rating.person_id.is_not(None)))
        assert 0.75 * STAFF * 10 <= rated <= STAFF * 10
        assert count(Rating) == stats.ratings
        assert count(Award) == stats.awards > rated * 0.75  # most ratings end in an LĐTT
        assert count(Decision) == stats.decisions > 0
        assert count(Initiative) == stats.initiatives > 0
        assert count(InitiativeAuthor) >= stats.initiatives
        assert count(Discipline) == stats.disciplines >= 1
        assert count(Campaign) == stats.campaigns >= 3
        for model in (
            Phase,
            ContentItem,
            Target,
            TargetResult,
            Registration,
            RegistrationItem,
            UnitName,
            UnitEvent,
            OutgoingDocument,
        ):
            assert count(model) > 0, model.__tablename__
        assert s.scalar(select(func.count()).select_from(Agency)) == 1
        assert s.scalar(select(func.count()).select_from(Signer)) == 3
        assert stats.awards_by_code["LDTT"] > stats.awards_by_code["CSTDCS"] > stats.awards_by_code["BK_TINH"]
        for code in ("TTLDTT", "GIAY_KHEN", "KNC_VSKND", "BK_TINH"):
            assert stats.awards_by_code.get(code, 0) > 0, code


def test_staff_look_like_a_health_sector(demo):
    with demo.ctx.read() as s:
        rows = s.execute(
            select(
                Person.gender,
                Person.birth_date,
                Person.birth_year,
                Person.ethnicity,
                Person.position,
                Person.full_name,
            )
        ).all()
        levels = dict(
            s.execute(
                select(Rating.level, func.count()).where(Rating.person_id.is_not(None)).group_by(Rating.level)
            ).all()
        )
    women = sum(1 for r in rows if r.gender.value == "FEMALE") / len(rows)
    assert 0.55 <= women <= 0.78
    assert all(1966 <= r.birth_year <= 2002 for r in rows)
    assert all(r.birth_date is None or r.birth_date.year == r.birth_year for r in rows)
    year_only = sum(1 for r in rows if r.birth_date is None) / len(rows)
    assert 0.005 <= year_only <= 0.08
    kinh = sum(1 for r in rows if r.ethnicity == "Kinh") / len(rows)
    assert 0.75 <= kinh <= 0.97
    family = defaultdict(int)
    for r in rows:
        family[r.full_name.split()[0]] += 1
    assert 0.25 <= family["Nguyễn"] / len(rows) <= 0.45
    positions = {r.position for r in rows}
    assert {"Giám đốc", "Phó Giám đốc", "Trưởng khoa", "Bác sĩ", "Điều dưỡng"} <= positions
    total = sum(levels.values())
    excellent = sum(n for level, n in levels.items() if level.value == "EXCELLENT") / total
    assert 0.08 <= excellent <= 0.2


def test_units_form_a_tree_with_unique_codes_and_folded_names(demo):
    with demo.ctx.read() as s:
        units = s.execute(
            select(Unit.id, Unit.code, Unit.name, Unit.name_folded, Unit.kind, Unit.parent_id)
        ).all()
    by_id = {u.id: u for u in units}
    roots = [u for u in units if u.parent_id is None]
    assert len(roots) == 1 and roots[0].kind is UnitKind.DEPARTMENT
    assert len({u.code for u in units}) == len(units) and all(u.code for u in units)
    assert all(u.name_folded == fold(u.name) for u in units)
    for u in units:
        if u.kind in (UnitKind.CLINICAL_DEPT, UnitKind.ADMIN_DEPT):
            assert by_id[u.parent_id].parent_id == roots[0].id
    kinds = {u.kind for u in units}
    assert {
        UnitKind.DEPARTMENT_OFFICE,
        UnitKind.HOSPITAL,
        UnitKind.HEALTH_CENTER,
        UnitKind.CDC,
        UnitKind.CLINICAL_DEPT,
        UnitKind.ADMIN_DEPT,
    } <= kinds


def test_every_person_has_search_and_sort_keys_and_a_posting(demo):
    with demo.ctx.read() as s:
        people = s.execute(
            select(Person.id, Person.full_name, Person.name_folded, Person.sort_key, Person.unit_id)
        ).all()
        last_posting = {}
        for person_id, unit_id, _start in s.execute(
            select(Posting.person_id, Posting.unit_id, Posting.start_date).order_by(Posting.start_date)
        ):
            last_posting[person_id] = unit_id
    for p in people:
        assert p.name_folded == fold(p.full_name)
        assert p.sort_key == name_sort_key(p.full_name)
        assert last_posting[p.id] == p.unit_id


def test_tone_mark_twins_are_two_people(demo):
    """Colleagues born the same day whose names differ only in a tone mark ("… Thúy" / "… Thủy")."""
    with demo.ctx.read() as s:
        people = s.execute(select(Person.id, Person.full_name, Person.name_folded, Person.birth_date)).all()
    namesakes: dict[tuple, set[str]] = defaultdict(set)
    for p in people:
        if p.birth_date is not None:
            namesakes[(p.name_folded, p.birth_date)].add(p.full_name)
    twins = [names for names in namesakes.values() if len(names) > 1]
    assert len(twins) >= 1
    assert all(has_marks(name) for names in twins for name in names)


def test_text_is_nfc_everywhere(demo):
    tables = (
        Person,
        Unit,
        UnitName,
        UnitEvent,
        Posting,
        Rating,
        Discipline,
        Initiative,
        Decision,
        Award,
        OutgoingDocument,
        Campaign,
        Phase,
        ContentItem,
        Target,
        Cluster,
        Agency,
        Signer,
        AuditEntry,
    )
    checked = 0
    with demo.ctx.read() as s:
        for model in tables:
            columns = [
                c
                for c in model.__table__.columns
                if isinstance(c.type, (String, Text)) and not hasattr(c.type, "enums")
            ]
            for row in s.execute(select(*columns)):
                for value in row:
                    if isinstance(value, str):
                        assert unicodedata.is_normalized("NFC", value), (model.__tablename__, value)
                        checked += 1
    assert checked > 10_000


# -- the rules -------------------------------------------------------------------------------------


def test_every_ldtt_holder_was_rated_good_or_better_that_year(demo):
    """… was not absent 40 days or more, had 10 months in the sector, and no discipline in force."""
    with demo.ctx.read() as s:
        holders = s.execute(
            select(Award.person_id, Award.year, Rating.level, Rating.absent_days, Person.health_sector_since)
            .join(AwardType, AwardType.id == Award.award_type_id)
            .join(Person, Person.id == Award.person_id)
            .outerjoin(Rating, (Rating.person_id == Award.person_id) & (Rating.year == Award.year))
            .where(AwardType.code == "LDTT")
        ).all()
        disciplines = s.execute(
            select(Discipline.person_id, Discipline.effective_from, Discipline.effective_to)
        ).all()
    assert holders
    ldtt = set()
    for person, year, level, absent, since in holders:
        assert level is not None and level.value in ("EXCELLENT", "GOOD")
        assert absent is None or absent < 40
        assert since <= dt.date(year, 3, 1)
        ldtt.add((person, year))
    for person, start, end in disciplines:  # nobody disciplined (or under review) in the year
        for year in range(start.year, (end or dt.date(LAST_YEAR, 12, 31)).year + 1):
            assert (person, year) not in ldtt


def test_every_cstdcs_holder_had_ldtt_and_an_excellent_rating_or_an_initiative(demo):
    with demo.ctx.read() as s:
        ldtt = {(p, y) for p, _u, y, _i in _awards(s, "LDTT")}
        excellent = set(
            s.execute(select(Rating.person_id, Rating.year).where(Rating.level == "EXCELLENT")).all()
        )
        authored = set(
            s.execute(
                select(InitiativeAuthor.person_id, Initiative.year).join(
                    Initiative, Initiative.id == InitiativeAuthor.initiative_id
                )
            ).all()
        )
        holders = [(p, y) for p, _u, y, _i in _awards(s, "CSTDCS")]
    assert holders
    for person, year in holders:
        assert (person, year) in ldtt
        assert (person, year) in excellent or (person, year) in authored
        if year < 2024:  # the old law required a sáng kiến
            assert (person, year) in authored


def test_every_cstd_tinh_holder_had_three_cstdcs_and_a_provincial_initiative(demo):
    with demo.ctx.read() as s:
        cstdcs = {(p, y) for p, _u, y, _i in _awards(s, "CSTDCS")}
        holders = _awards(s, "CSTD_TINH")
        backing = {
            award_id: (level, author)
            for award_id, level, author in s.execute(
                select(Initiative.used_by_award_id, Initiative.level, InitiativeAuthor.person_id)
                .join(InitiativeAuthor, InitiativeAuthor.initiative_id == Initiative.id)
                .where(Initiative.used_by_award_id.is_not(None))
            )
        }
    for person, _unit, year, award_id in holders:
        assert {(person, year), (person, year - 1), (person, year - 2)} <= cstdcs
        level, _author = backing[award_id]
        assert level.value in ("PROVINCE", "NATIONAL")


def test_initiatives_have_one_to_three_authors_whose_shares_make_100(demo):
    with demo.ctx.read() as s:
        rows = s.execute(
            select(InitiativeAuthor.initiative_id, func.count(), func.sum(InitiativeAuthor.share)).group_by(
                InitiativeAuthor.initiative_id
            )
        ).all()
        levels = dict(s.execute(select(Initiative.level, func.count()).group_by(Initiative.level)).all())
    assert rows
    for _initiative, authors, total in rows:
        assert 1 <= authors <= 3
        assert Decimal(str(total)) == 100
    assert levels[next(k for k in levels if k.value == "BASE")] > sum(
        n for k, n in levels.items() if k.value != "BASE"
    )


def test_no_title_twice_for_a_person_or_unit_in_a_year_and_is_title_follows_the_catalogue(demo):
    with demo.ctx.read() as s:
        twice = s.execute(
            select(Award.person_id, Award.unit_id, Award.award_type_id, Award.year, func.count())
            .where(Award.is_title)
            .group_by(Award.person_id, Award.unit_id, Award.award_type_id, Award.year)
            .having(func.count() > 1)
        ).all()
        mismatched = s.scalar(
            select(func.count())
            .select_from(Award)
            .join(AwardType, AwardType.id == Award.award_type_id)
            .where(Award.is_title != (AwardType.category == "TITLE"))
        )
    assert twice == [] and mismatched == 0


def test_collective_titles_follow_the_member_rules(demo):
    """TTLĐTT/TTLĐXS: rated well, ≥70% of members (by their posting on 30/11) hold LĐTT."""
    with demo.ctx.read() as s:
        parents = dict(s.execute(select(Unit.id, Unit.parent_id)).all())
        postings = s.execute(
            select(Posting.person_id, Posting.unit_id, Posting.start_date, Posting.end_date)
        ).all()
        levels = {
            (p, y): lv.value
            for p, y, lv in s.execute(
                select(Rating.person_id, Rating.year, Rating.level).where(Rating.person_id.is_not(None))
            )
        }
        rated = set(levels)
        cstdcs = {(p, y) for p, _u, y, _i in _awards(s, "CSTDCS")}
        unit_levels = {
            (u, y): lv.value
            for u, y, lv in s.execute(
                select(Rating.unit_id, Rating.year, Rating.level).where(Rating.unit_id.is_not(None))
            )
        }
        ldtt = {(p, y) for p, _u, y, _i in _awards(s, "LDTT")}
        titles = [(code, u, y) for code in ("TTLDTT", "TTLDXS") for _p, u, y, _i in _awards(s, code)]
    assert titles
    for code, unit, year in titles:
        day = dt.date(year, 11, 30)
        members = set()
        for person, unit_id, start, end in postings:
            if (person, year) in rated and start <= day and (end is None or end >= day):
                cursor = unit_id
                while cursor is not None and cursor != unit:
                    cursor = parents[cursor]
                if cursor == unit:
                    members.add(person)
        assert members, (code, unit, year)
        holders = sum(1 for p in members if (p, year) in ldtt)
        assert holders * 10 >= len(members) * 7
        assert unit_levels[(unit, year)] in (("EXCELLENT",) if code == "TTLDXS" else ("EXCELLENT", "GOOD"))
        if code == "TTLDXS":  # everyone completed their tasks, and at least one CSTĐCS
            assert all(levels[(p, year)] != "FAILED" for p in members)
            assert any((p, year) in cstdcs for p in members)


def test_knc_goes_once_to_long_serving_staff(demo):
    with demo.ctx.read() as s:
        rows = s.execute(
            select(
                Person.id,
                Person.gender,
                Person.health_sector_since,
                func.coalesce(Decision.issued_on, Award.decision_date),
                Award.year,
            )
            .join(Award, Award.person_id == Person.id)
            .outerjoin(Decision, Decision.id == Award.decision_id)
            .join(AwardType, AwardType.id == Award.award_type_id)
            .where(AwardType.code == "KNC_VSKND")
        ).all()
    assert rows
    assert len({r[0] for r in rows}) == len(rows)  # once in a lifetime
    for _person, gender, since, day, _year in rows:
        served = day.year - since.year - ((day.month, day.day) < (since.month, since.day))
        assert served >= (15 if gender.value == "FEMALE" else 20)


def test_bonus_is_the_rounded_coefficient_times_the_base_salary_in_force(demo):
    with demo.ctx.read() as s:
        coefficients = defaultdict(list)
        for type_id, day, individual, collective in s.execute(
            select(
                BonusCoefficient.award_type_id,
                BonusCoefficient.effective_from,
                BonusCoefficient.individual,
                BonusCoefficient.collective,
            ).order_by(BonusCoefficient.effective_from)
        ):
            coefficients[type_id].append((day, individual, collective))
        salaries = s.execute(
            select(BaseSalary.effective_from, BaseSalary.amount).order_by(BaseSalary.effective_from)
        ).all()
        awards = s.execute(
            select(
                Award.award_type_id,
                Award.unit_id,
                Award.bonus_amount,
                Award.year,
                Decision.issued_on,
                Decision.base_salary,
                Decision.year,
                Decision.status,
                Award.bonus_note,
            )
            .join(Decision, Decision.id == Award.decision_id)
            .where(Award.source == AwardSource.DECISION)
        ).all()
        history = s.execute(
            select(
                Award.year,
                Award.decision_id,
                Award.decision_number,
                Award.decision_date,
                Award.decision_issuer,
            ).where(Award.source == AwardSource.HISTORY)
        ).all()
    assert awards and history
    for type_id, unit_id, bonus, year, issued_on, base_salary, decision_year, status, note in awards:
        assert year >= 2020 and decision_year == year and status.value == "ISSUED"
        in_force = [row for row in coefficients[type_id] if row[0] <= issued_on] or coefficients[type_id][:1]
        coefficient = in_force[-1][2] if unit_id else in_force[-1][1]
        salary = [amount for day, amount in salaries if day <= issued_on][-1]
        assert base_salary == salary
        expected = (Decimal(str(coefficient)) * salary / 10_000).to_integral_value(ROUND_CEILING) * 10_000
        # Less only beside another title of the year, saying why (NĐ 152/2025 Điều 49 khoản 5).
        assert bonus == expected if note is None else bonus < expected
    for year, decision_id, number, day, issuer in history:
        assert year < 2020 and decision_id is None
        assert "/QĐ-" in number and day is not None and issuer


def test_the_2025_decisions_pay_one_bonus_per_achievement_nd152_dieu49_khoan5(demo, capsys):
    """NĐ 152/2025 Điều 49 khoản 5, read back through `awards --year 2025 --json`: each subject's titles of
    2025 together pay exactly the highest of them (the later decision pays the difference, its note says
    so), and each decision's rows add up to its stored and printed total."""
    url = demo.db.url.render_as_string(hide_password=False)
    assert main(["--db-url", url, "awards", "--year", "2025", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    paid: dict[str, int] = defaultdict(int)
    for r in rows:
        paid[r["decision"]] += r["amount"] or 0
    decisions = list_decisions(demo.ctx, 2025)
    assert decisions and {d.number_text for d in decisions} <= set(paid)
    for d in decisions:
        assert paid[d.number_text] == d.total
        if d.document_id is not None:
            assert document_model(demo.ctx, d.document_id).annexes[0].table.totals[1] == money_text(d.total)

    with demo.ctx.read() as s:
        titles = s.execute(
            select(
                Award.person_id,
                Award.unit_id,
                AwardType.code,
                Award.bonus_amount,
                Award.bonus_note,
                Decision.issued_on,
            )
            .join(AwardType, AwardType.id == Award.award_type_id)
            .join(Decision, Decision.id == Award.decision_id)
            .where(Award.year == 2025, Award.is_title, Award.revoked.is_(False))
        ).all()
    full = functools.cache(lambda code, day, collective: bonus_quote(demo.ctx, code, day, collective).amount)
    by_subject = defaultdict(list)
    for person_id, unit_id, code, amount, note, day in titles:
        by_subject[(person_id, unit_id)].append((amount, full(code, day, unit_id is not None), note))
    several = [x for x in by_subject.values() if len(x) > 1]
    assert several  # the demo has people with LĐTT and CSTĐCS of 2025
    for found in several:
        assert sum(amount for amount, _, _ in found) == max(whole for _, whole, _ in found)
        assert all(note for amount, whole, note in found if amount != whole)


def test_decisions_are_issued_in_december_or_soon_after(demo):
    with demo.ctx.read() as s:
        rows = s.execute(
            select(
                Decision.year,
                Decision.issued_on,
                Decision.issuer,
                Decision.level,
                Decision.document_id,
                Decision.number_text,
            )
        ).all()
        registered = s.scalar(
            select(func.count()).select_from(OutgoingDocument).where(OutgoingDocument.status == "REGISTERED")
        )
    assert registered > 0
    for year, issued_on, issuer, level, document_id, number in rows:
        assert issued_on.year in (year, year + 1)
        if issuer == "Sở Y tế":
            assert level.value == "DEPARTMENT" and document_id is not None and number.endswith("/QĐ-SYT")
        if issuer == "UBND tỉnh":
            assert level.value == "PROVINCE"


def test_clusters_have_one_leader_and_rotate(demo):
    with demo.ctx.read() as s:
        clusters = s.execute(select(Cluster.id, Cluster.year, Cluster.name)).all()
        roles = [
            (cluster, (unit, outside, agency), role)  # a member: a unit, an outside organisation or the Sở
            for cluster, unit, outside, agency, role in s.execute(
                select(
                    ClusterMember.cluster_id,
                    ClusterMember.unit_id,
                    ClusterMember.outside_id,
                    ClusterMember.is_agency,
                    ClusterMember.role,
                )
            )
        ]
    per_year = defaultdict(int)
    for _cluster, year, _name in clusters:
        per_year[year] += 1
    assert set(per_year) == set(range(FIRST_YEAR, LAST_YEAR + 1))
    assert all(3 <= n <= 6 for n in per_year.values())
    leaders, deputies, size = defaultdict(list), defaultdict(list), defaultdict(int)
    for cluster, unit, role in roles:
        size[cluster] += 1
        if role is ClusterRole.LEADER:
            leaders[cluster].append(unit)
        elif role is ClusterRole.DEPUTY:
            deputies[cluster].append(unit)
    assert all(len(leaders[c]) == 1 and len(deputies[c]) <= 1 for c, _y, _n in clusters)
    by_name, years = defaultdict(set), defaultdict(int)
    for cluster, _year, name in clusters:
        if size[cluster] > 1:
            by_name[name].add(leaders[cluster][0])
            years[name] += 1
    rotating = [units for name, units in by_name.items() if years[name] > 1]
    assert rotating and all(len(units) > 1 for units in rotating)  # the chair passes on every year


def test_flags_go_to_units_their_cluster_chose_and_rated_excellent(demo):
    with demo.ctx.read() as s:
        co_tinh = s.scalar(select(AwardType.id).where(AwardType.code == "CO_TINH"))
        proposed = set(
            s.execute(
                select(ClusterMember.unit_id, Cluster.year)
                .join(Cluster, Cluster.id == ClusterMember.cluster_id)
                .where(ClusterMember.proposed_award_type_id == co_tinh)
            ).all()
        )
        excellent = set(
            s.execute(select(Rating.unit_id, Rating.year).where(Rating.level == "EXCELLENT")).all()
        )
        flags = [(u, y) for _p, u, y, _i in _awards(s, "CO_TINH")]
    assert proposed
    for unit, year in flags:
        assert (unit, year) in proposed and (unit, year) in excellent


def test_merged_centres_keep_their_records_and_point_to_a_successor(demo):
    with demo.ctx.read() as s:
        merged = s.execute(select(Unit.id, Unit.ended_on).where(Unit.status == UnitStatus.MERGED)).all()
        successor_of = {}
        before, after = aliased(UnitEventLink), aliased(UnitEventLink)
        for old, new in s.execute(
            select(before.unit_id, after.unit_id)
            .join(after, after.event_id == before.event_id)
            .join(UnitEvent, UnitEvent.id == before.event_id)
            .where(
                UnitEvent.kind == UnitEventKind.MERGE,
                before.role == EventRole.PREDECESSOR,
                after.role == EventRole.SUCCESSOR,
            )
        ):
            successor_of[old] = new
        active = set(s.scalars(select(Unit.id).where(Unit.status == UnitStatus.ACTIVE)))
        parents = dict(s.execute(select(Unit.id, Unit.parent_id)).all())
        ratings = s.execute(
            select(Rating.unit_id, Rating.year).where(Rating.unit_id.in_([m.id for m in merged]))
        ).all()
        renames = s.scalar(
            select(func.count())
            .select_from(UnitName)
            .join(UnitEvent, UnitEvent.id == UnitName.event_id)
            .where(UnitEvent.kind == UnitEventKind.RENAME)
        )
        postings = s.execute(
            select(Posting.person_id, Posting.unit_id, Posting.start_date, Posting.end_date).order_by(
                Posting.person_id, Posting.start_date
            )
        ).all()
    assert merged and renames >= 1
    for unit_id, ended_on in merged:
        assert ended_on == REFORM_DAY
        assert successor_of[unit_id] in active
        assert unit_id in lineage(demo.ctx, successor_of[unit_id])
    assert ratings and max(year for _u, year in ratings) < REFORM_DAY.year
    by_person = defaultdict(list)
    for person, unit, start, end in postings:
        by_person[person].append((unit, start, end))
    moved = 0
    for history in by_person.values():
        for (unit, _start, end), (next_unit, next_start, _end) in zip(history, history[1:], strict=False):
            if unit in successor_of and next_start == REFORM_DAY:
                assert end == REFORM_DAY - dt.timedelta(days=1)
                cursor = next_unit
                while cursor not in (None, successor_of[unit]):
                    cursor = parents[cursor]
                assert cursor == successor_of[unit]
                moved += 1
    assert moved > 0


# -- the command's contract ------------------------------------------------------------------------


def test_progress_lines_audit_row_and_summary_are_vietnamese(demo):
    assert any("cán bộ" in line for line in demo.lines) and demo.lines[-1] == "Xong."
    text = demo.stats.describe()
    assert "đơn vị" in text and "800 cán bộ" in text and "khen thưởng" in text
    with demo.ctx.read() as s:
        audit = s.execute(
            select(AuditEntry.actor, AuditEntry.summary, AuditEntry.after).where(AuditEntry.entity == "demo")
        ).all()
    assert len(audit) == 1 and audit[0].actor == "demo" and audit[0].after["staff"] == STAFF


def test_running_the_demo_twice_is_refused_and_changes_nothing(demo):
    with demo.ctx.read() as s:
        before = (
            s.scalar(select(func.count()).select_from(Person)),
            s.scalar(select(func.count()).select_from(Award)),
        )
    with pytest.raises(UserError, match="đã có cán bộ"):
        build_demo(demo.db, small=True, seed=SEED, staff=STAFF)
    with demo.ctx.read() as s:
        after = (
            s.scalar(select(func.count()).select_from(Person)),
            s.scalar(select(func.count()).select_from(Award)),
        )
    assert after == before


def test_new_rows_still_get_fresh_ids_after_the_demo(db, ctx):
    """The demo writes explicit ids; the server's sequences must follow (PostgreSQL)."""
    build_demo(db, small=True, seed=3, staff=300)
    with ctx.write() as s:
        unit = Unit(name="Phòng mới", name_folded="phong moi", kind=UnitKind.ADMIN_DEPT)
        person = Person(
            full_name="Trần Văn Mới", name_folded="tran van moi", sort_key=name_sort_key("Trần Văn Mới")
        )
        s.add_all([unit, person])
        s.flush()
        assert unit.id > 1 and person.id > 300


def test_the_same_seed_gives_the_same_province(tmp_path, templates):
    def names(seed: int, folder: str) -> tuple[list[str], dict]:
        path = tmp_path / folder / "demo.sqlite3"
        path.parent.mkdir()
        shutil.copyfile(templates("sqlite"), path)
        db = open_database(sqlite_url(path), backup_dir=tmp_path / folder / "backups")
        try:
            stats = build_demo(db, small=True, seed=seed, staff=300)
            with db.session() as s:
                return list(s.scalars(select(Person.full_name).order_by(Person.id))), stats.awards_by_code
        finally:
            db.dispose()

    first, first_awards = names(11, "a")
    again, again_awards = names(11, "b")
    other, _ = names(12, "c")
    assert first == again and first_awards == again_awards
    assert first != other


def test_too_few_staff_is_refused(db):
    with pytest.raises(UserError, match="quá ít"):
        build_demo(db, small=True, staff=20)


def test_the_register_holds_every_kind_and_prints_each(demo, tmp_path):
    """`documents render` works on a registered document of each kind, as PDF and as Word."""
    import docx
    import pypdf

    from app.services.documents import list_documents, render_document
    from database.enums import DocumentKind, DocumentStatus

    entries = [
        e for e in list_documents(demo.ctx) if e.status is DocumentStatus.REGISTERED and not e.external
    ]
    first = {}
    for e in entries:
        first.setdefault(e.kind, e)
    assert set(first) == set(DocumentKind)
    for kind, entry in first.items():
        pdf = render_document(demo.ctx, entry.id, tmp_path / f"{kind.value}.pdf")
        text = "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
        if kind is DocumentKind.PLEDGE:  # signed by its members: no number line of its own
            assert "Số:" not in text and "BẢN GIAO ƯỚC THI ĐUA" in text and entry.subject.split()[-1] in text
        else:
            assert f"Số: {entry.number_text}" in text and entry.subject.split()[-1] in text, kind
        word = docx.Document(render_document(demo.ctx, entry.id, tmp_path / f"{kind.value}.docx"))
        header = [p.text for p in word.tables[0].rows[0].cells[0].paragraphs]
        if kind is DocumentKind.PLEDGE:
            assert not any("Số:" in line for line in header)
            assert len(word.tables) > 2  # the header, then the members' signatures in rows
        else:
            assert any(entry.number_text in line for line in header), kind
    minutes = first[DocumentKind.MINUTES]
    assert minutes.number_text.endswith("/BB-HĐTĐKT")  # the council's own series


def test_every_outgoing_document_has_a_body_and_its_noi_nhan_one_item_a_line(demo):
    """No letter of the demo prints hollow, and none runs "Lưu: VT, …" on after the last recipient."""
    from app.services.documents import list_documents
    from database.enums import DocumentKind

    for entry in list_documents(demo.ctx):
        if entry.external:  # its text is not kept: its signed scan is what prints (below)
            continue
        model = document_model(demo.ctx, entry.id)
        assert model.body, entry.number_text
        if entry.kind is DocumentKind.PLEDGE:  # signed by its members: no Nơi nhận
            continue
        *items, last = model.copies_to
        assert all(x.endswith(";") and ";" not in x[:-1] for x in items), (entry.number_text, items)
        assert last.startswith("Lưu: VT") and last.endswith(".") and ";" not in last, (
            entry.number_text,
            last,
        )
        # ô 12 under Nơi nhận: a drafter's initials and the copies, not a unit's abbreviation (PL.(300))
        assert re.fullmatch(r"[A-ZĐ]{2,4}", model.drafter) and model.drafter not in last, entry.number_text
        assert model.copies and model.copies > 0, entry.number_text


def test_the_letter_issued_outside_the_program_prints_as_its_signed_scan(demo, tmp_path):
    """2808/SYT-VP: entered afterwards with its scan, which `documents render` prints: Kính gửi, a body, and
    Nơi nhận one item a line, flush left under "Nơi nhận:", "- Lưu: VT, VP." the last."""
    from app.services.documents import list_documents, render_document
    from database.enums import DocumentKind
    from tests.unit.test_state_documents import LEFT, Pdf, assert_element

    register = list_documents(demo.ctx, LAST_YEAR)
    (entry,) = [e for e in register if e.external]
    report = max((e for e in register if e.kind is DocumentKind.REPORT), key=lambda e: e.issued_on)
    assert (
        entry.file_name == f"{entry.number}-SYT-VP.pdf" and entry.recipients_text == "Như trên; Lưu: VT, VP"
    )
    pdf = Pdf(render_document(demo.ctx, entry.id, tmp_path / "cv.pdf").read_bytes())
    assert pdf.has(f"Số: {entry.number_text}") and pdf.has("Kính gửi: Ban Thi đua – Khen thưởng tỉnh")
    assert pdf.has(f"Báo cáo số {report.number_text}") and pdf.has("tổng hợp./.")  # the body
    head = pdf.find("Nơi nhận:")
    above = head.baseline
    for item in ("- Như trên;", "- Lưu: VT, VP."):
        found = pdf.find(item)
        assert_element(found, 11, "R", x=LEFT)
        assert found.baseline < above and len(found.baselines) == 1  # a line of its own
        above = found.baseline
    assert not pdf.has("trên;Lưu") and not pdf.has("tỉnh;Lưu")


# -- what the office enters through the services (app.demo.office) ---------------------------------------


def _campaign_id(demo, launcher=None, kind=None, contains: str = "") -> int:
    with demo.ctx.read() as s:
        query = select(Campaign.id, Campaign.name)
        if launcher is not None:
            query = query.where(Campaign.launcher == launcher)
        if kind is not None:
            query = query.where(Campaign.kind == kind)
        found = [cid for cid, name in s.execute(query.order_by(Campaign.id)) if contains in name]
    assert found, (launcher, kind, contains)
    return found[0]


def test_the_multi_year_campaign_holds_its_plan_reviews_tree_and_targets(demo):
    from app.domain.targets import Progress
    from app.services.campaigns import campaign_detail
    from database.enums import CampaignKind, ReviewKind, TargetComparison, TargetVerdict

    detail = campaign_detail(demo.ctx, _campaign_id(demo, kind=CampaignKind.MULTI_YEAR, contains="2023–2025"))
    assert detail.phases == ()  # the years are review points, not phases
    assert [(r.kind, r.year) for r in detail.reviews] == [
        (ReviewKind.YEARLY, 2023),
        (ReviewKind.YEARLY, 2024),
        (ReviewKind.YEARLY, 2025),
        (ReviewKind.FINAL, 2025),
    ]
    labels = [str(item.number) for item in detail.items]
    assert labels[:4] == ["1.", "1.1.", "1.2.", "1.3."] and "a)" in labels and "5.2." in labels
    by_id = {item.id: item for item in detail.items}
    sub = next(item for item in detail.items if item.number == "a)")
    assert sub.level == 3 and by_id[sub.parent_id].number == "3.1." and by_id[sub.parent_id].level == 2
    texts = detail.texts
    assert texts.purpose and texts.scope and texts.rewards and texts.organisation and texts.copies_to
    assert texts.closing.endswith("./.")

    targets = {t.comparison: t for t in detail.targets}
    assert {
        TargetComparison.RANGE,
        TargetComparison.ABOUT,
        TargetComparison.VALUE,
        TargetComparison.TEXT,
    } <= set(targets)
    about, words = targets[TargetComparison.ABOUT], targets[TargetComparison.TEXT]
    assert about.target_year == 2025 and words.text
    results = defaultdict(list)
    for r in detail.results:
        results[r.target_id].append(r)
    assert any(
        r.progress is Progress.UNDERWAY for r in results[about.id]
    )  # not yet due: progress, not a miss
    verdicts = {r.verdict for r in results[words.id]}
    assert verdicts == {TargetVerdict.MET, TargetVerdict.NOT_MET} and all(r.note for r in results[words.id])
    held = [t for t in detail.targets if t.unit_values]
    assert len(held) == 1 and held[0].comparison is TargetComparison.RANGE
    own = held[0].unit_values[0]
    mine = {r.year: r for r in results[held[0].id] if r.unit_id == own.unit_id}
    assert own.value_min == Decimal("6.0") and mine[2024].value == Decimal("6.1")
    assert mine[2024].progress is Progress.IN_RANGE  # judged against the centre's own 6–6,5, not 8,5–9


def test_campaigns_of_the_prime_minister_and_the_sector_union_start_from_incoming_documents(demo):
    from app.services.incoming import basis_lines
    from database.enums import Launcher

    for launcher in (Launcher.PRIME_MINISTER, Launcher.SECTOR_UNION):
        lines = basis_lines(demo.ctx, _campaign_id(demo, launcher=launcher))
        assert len(lines) == 1 and lines[0].startswith("Căn cứ Kế hoạch số "), launcher


def test_the_incoming_register_holds_each_years_documents_linked_to_what_they_started(demo):
    from app.services.incoming import basis_lines, incoming_links, list_incoming
    from app.services.nominations import load_batch
    from database.enums import CampaignKind

    entries = list_incoming(demo.ctx)
    by_year = defaultdict(list)
    for e in entries:
        by_year[e.year].append(e)
    assert set(range(2020, LAST_YEAR + 1)) <= set(by_year)
    for year, found in by_year.items():
        assert len(found) >= 4, year
        ordered = sorted(found, key=lambda e: e.received_number)
        assert [e.received_number for e in ordered] == list(range(1, len(found) + 1))
        assert [e.received_on for e in ordered] == sorted(e.received_on for e in ordered)  # số đến by date
    directive = next(e for e in entries if e.number_symbol == "04/CT-BYT")
    assert directive.issuer == "Bộ Y tế" and directive.issued_on == dt.date(2021, 3, 29)
    regular = _campaign_id(demo, kind=CampaignKind.REGULAR, contains="năm 2023")
    assert (
        "Căn cứ Chỉ thị số 04/CT-BYT ngày 29/3/2021 của Bộ Y tế về việc tăng cường thực hiện công tác thi đua, "
        "khen thưởng trong ngành y tế giai đoạn 2021-2025;"
    ) in basis_lines(demo.ctx, regular)
    kinds = defaultdict(list)
    for e in entries:
        for link in incoming_links(demo.ctx, e.id):
            kinds[link.target.kind].append((e, link.target))
    assert set(kinds) == {"campaign", "batch", "decision"}
    with demo.ctx.read() as s:
        numbers = dict(s.execute(select(Decision.id, Decision.number_text)).all())
    for e, target in kinds["decision"]:  # the province's decision as received is the decision recorded
        assert e.kind == "Quyết định" and numbers[target.id] == e.number_symbol
    for e, target in kinds["batch"]:  # a unit's Tờ trình opens its batch of proposals
        batch = load_batch(demo.ctx, target.id)
        assert e.kind == "Tờ trình" and batch.batch.their_reference == e.number_symbol
        assert batch.batch.unit_name == e.issuer and batch.items


def test_the_register_goes_on_from_a_set_number_past_a_document_issued_outside_the_program(demo):
    from app.services.register import SERIES, series_starts
    from database.enums import DocumentOrigin

    (start,) = series_starts(demo.ctx, LAST_YEAR)
    assert start.series == SERIES and start.reason
    with demo.ctx.read() as s:
        external = s.execute(
            select(OutgoingDocument.number, OutgoingDocument.symbol, OutgoingDocument.year).where(
                OutgoingDocument.origin == DocumentOrigin.EXTERNAL
            )
        ).all()
        highest = s.scalar(
            select(func.max(OutgoingDocument.number)).where(
                OutgoingDocument.year == LAST_YEAR, OutgoingDocument.series == SERIES
            )
        )
    assert len(external) == 1 and external[0].year == LAST_YEAR and external[0].number == highest
    assert start.next_number > highest + 1  # the numbers between were given by the province's system


def test_the_sector_sits_in_a_block_of_departments_that_rotates_and_pledges(demo):
    from app.documents.state import render_pdf
    from app.services.clusters import cluster_detail, list_clusters, pledge_model
    from database.enums import ClusterKind, ClusterRotation, MemberKind
    from tests.unit.test_state_documents import Pdf

    blocks = {}
    for year in (LAST_YEAR - 1, LAST_YEAR):
        found = [
            cluster_detail(demo.ctx, c.id)
            for c in list_clusters(demo.ctx, year)
            if c.kind is ClusterKind.BLOCK and c.name.startswith("Khối thi đua các cơ quan")
        ]
        assert len(found) == 1, year
        blocks[year] = found[0]
    before, after = blocks[LAST_YEAR - 1], blocks[LAST_YEAR]
    for block in (before, after):
        assert block.rotation is ClusterRotation.ORDER and block.unregistered == ()
        assert {m.kind for m in block.members} == {MemberKind.OUTSIDE, MemberKind.AGENCY}
        assert block.pledge is not None and block.pledge.signed_on.year == block.year and block.pledge.content
        assert any(c.max_points < 0 for c in block.criteria)  # the penalty line
    ranks = [r.rank for r in before.ranking]
    assert len(ranks) == len(before.members) and ranks[0] == 1 and None not in ranks  # scored at year end
    last = next(r for r in before.ranking if r.member_id == before.members[-1].id)
    assert last.final_total < sum(c.max_points for c in before.criteria if c.max_points > 0) - 5 + 1
    leader = before.member(ClusterRole.LEADER)
    assert leader.kind is MemberKind.OUTSIDE and before.member(ClusterRole.DEPUTY).kind is MemberKind.AGENCY
    assert after.member(ClusterRole.LEADER).kind is MemberKind.AGENCY  # the rule passed the chair to the Sở
    pdf = Pdf(render_pdf(pledge_model(demo.ctx, after.id)))
    assert pdf.find_all("GIAO ƯỚC THI ĐUA")
    assert all(m.signer_name and pdf.find_all(m.signer_name) for m in after.members)  # every member signs


def test_models_and_solutions_are_registered_for_the_campaign_and_some_are_done(demo):
    from app.services.registrations import registered_vs_achieved
    from database.enums import RegistrationKind

    for year, done in ((LAST_YEAR - 1, True), (LAST_YEAR, False)):
        works = [a for a in registered_vs_achieved(demo.ctx, year) if a.kind is not RegistrationKind.TITLE]
        assert {a.kind for a in works} == {RegistrationKind.MODEL, RegistrationKind.SOLUTION}, year
        assert all(a.campaign_name and "2023–2025" in a.campaign_name for a in works)
        assert any(a.person_id is not None for a in works) and any(a.person_id is None for a in works)
        assert any(a.achieved for a in works) is done and (not done or not all(a.achieved for a in works))


def test_the_nomination_import_knows_the_wordings_the_desk_taught_it(demo):
    from database.models import TitleWording

    with demo.ctx.read() as s:
        taught = dict(
            s.execute(
                select(TitleWording.text, AwardType.code).join(
                    AwardType, AwardType.id == TitleWording.award_type_id
                )
            ).all()
        )
    assert taught["Chiến sỹ thi đua cấp cơ sở"] == "CSTDCS" and taught["BK Chủ tịch UBND tỉnh"] == "BK_TINH"


def test_the_command_builds_a_province_of_the_scale_asked(tmp_path, templates, capsys):
    """`demo --scale N`: the whole province's structure with N staff (not the small one's); `--small` and
    `--scale` together are refused by the command line itself."""
    path = tmp_path / "scale.sqlite3"
    shutil.copyfile(templates("sqlite"), path)
    password = "Quy-mo-2026!"
    assert main(["--db", str(path), "demo", "--scale", "400", "--admin-password", password]) == 0
    assert "400 cán bộ" in capsys.readouterr().out
    db = open_database(sqlite_url(path), backup_dir=tmp_path / "backups")
    try:
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(Person)) == 400
            assert s.scalar(select(func.count()).select_from(Unit)) > 150  # the whole province, not --small's
    finally:
        db.dispose()
    with pytest.raises(SystemExit) as refused:
        main(["--db", str(tmp_path / "other.sqlite3"), "demo", "--small", "--scale", "400"])
    assert refused.value.code == 2
