"""A believable province for demos, tests and benchmarks: units, staff and fifteen years of records (2011–2025;
the small demo ten, 2016–2025, as it always had), the unit tree growing with the staff asked for (the former
provinces' hospitals and centres above 25,000: app.demo.structure), the registers of the two former departments
taken over in 2025 (app.demo.former) and the working year 2026 begun (its campaign, its registrations).

The generator first builds every row in memory as plain dicts (deterministic from the seed; the clock is never
read for the data), then writes them in one unit of work with one audit row (and one a former department, as
merge_database notes a merge): the plain tables' rows as tuples straight to the driver's executemany, the
others with Core `insert()` executemany statements. Titles follow the eligibility rules of DOMAIN.md with the
law in force each year: before 2024 a CSTĐCS needed a sáng kiến and was capped at 15% of the LĐTT holders of
a unit; from 2024 an HTXSNV rating is enough and there is no cap.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from itertools import accumulate
from operator import itemgetter

from sqlalchemy import Boolean, Date, Integer, String, func, insert, literal, select, text
from sqlalchemy import Enum as EnumType
from sqlalchemy.orm import Session

from app.demo import documents as office_documents
from app.demo import names, texts
from app.demo.former import former_registers
from app.demo.office import MULTI_YEAR_TREE, Office, review_sentences
from app.demo.structure import (
    AGENCY_ADDRESS,
    AGENCY_NAME,
    AGENCY_PARENT,
    AGENCY_SYMBOL,
    BASE_STAFF,
    CHARGE_ROLE,
    CLINICAL,
    CLINICAL_ROLES,
    DEPT_HEAD,
    PROVINCE,
    PROVINCE_CHAIR,
    PROVINCE_VICE_CHAIR,
    RATING_SCHEMES,
    REFORM_DAY,
    ROLE_MIX,
    ROLES,
    SENIOR_DOCTOR_TITLES,
    SENIOR_OFFICIAL_TITLES,
    Org,
    organisations,
)
from app.errors import UserError
from app.rules.money import DIFFERENCE, SEVERAL_TITLES_KEY, PaidTitle, one_bonus_per_achievement
from app.rules.parameters import ParameterRow, RuleBook
from app.services.agency import AgencyInfo, SignerInfo, save_agency
from app.services.clusters import cluster_title
from app.services.context import ServiceContext, record_bulk
from app.services.register import COUNCIL_SERIES
from app.text import fold, name_sort_key, vn_date
from app.text.numbers import decimal_text, int_text
from database.engine import Database
from database.enums import (
    AuthorityLevel,
    AwardBasis,
    AwardCategory,
    AwardSource,
    CampaignKind,
    ClusterKind,
    ClusterRole,
    DecisionStatus,
    DisciplineForm,
    DocumentKind,
    DocumentOrigin,
    DocumentStatus,
    EventRole,
    InitiativeKind,
    InitiativeLevel,
    Launcher,
    RatingLevel,
    RegistrationStatus,
    SignAuthority,
    TargetComparison,
    UnitEventKind,
    UnitKind,
    UnitStatus,
)
from database.models import (
    Agency,
    AwardType,
    BaseSalary,
    BonusCoefficient,
    Campaign,
    Cluster,
    ClusterMember,
    ContentItem,
    Decision,
    Discipline,
    IncomingDocument,
    Initiative,
    InitiativeAuthor,
    OutgoingDocument,
    Parameter,
    Person,
    Phase,
    Posting,
    Rating,
    Registration,
    RegistrationItem,
    Target,
    TargetResult,
    Unit,
    UnitEvent,
    UnitEventLink,
    UnitName,
)
from database.models import Award as AwardRow
from database.models.base import Timestamps

FIRST_YEAR, LAST_YEAR = 2016, 2025  # the small demo's ten years
HISTORY_FROM = 2011  # every other demo: fifteen years, 2011–2025
WORKING_YEAR = LAST_YEAR + 1  # every demo but the small one has its campaign launched and registrations in
# Given names one tone mark apart: the demo holds a few such namesakes as different people.
TONE_TWINS = {"Thúy": "Thủy", "Thủy": "Thúy", "Hà": "Hạ", "Tâm": "Tám", "Hương": "Hường", "Hường": "Hương"}
TONE_TWIN_PAIRS = 3
PROGRAM_FROM = 2020  # awards of earlier years are recorded as history, without a Decision row
NEW_LAW_FROM = 2024  # Luật TĐKT 2022: no sáng kiến needed for CSTĐCS, no 15% cap
CAP_YEARS = range(2017, NEW_LAW_FROM)  # NĐ 91/2017: CSTĐCS ≤ 15% of LĐTT (the rules read it back to 2011)
FULL_STAFF, SMALL_STAFF = BASE_STAFF, 1_500

EXCELLENT, GOOD, DONE, FAILED = RatingLevel.EXCELLENT, RatingLevel.GOOD, RatingLevel.DONE, RatingLevel.FAILED
AT_LEAST_GOOD = (EXCELLENT, GOOD)

Progress = Callable[[str], None]


# ---------------------------------------------------------------------------------------------
# Result


@dataclass
class DemoStats:
    """What was created, for the command line and for tests."""

    province: str = PROVINCE
    seed: int = 0
    first_year: int = FIRST_YEAR
    units: int = 0
    staff: int = 0
    postings: int = 0
    ratings: int = 0
    disciplines: int = 0
    initiatives: int = 0
    awards: int = 0
    decisions: int = 0
    documents: int = 0
    clusters: int = 0
    campaigns: int = 0
    registrations: int = 0
    former_departments: list[str] = field(default_factory=list)  # whose registers were merged in
    seconds: float = 0.0
    awards_by_code: dict[str, int] = field(default_factory=dict)
    award_names: dict[str, str] = field(default_factory=dict)  # code -> short Vietnamese name

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in ("seconds", "award_names")}

    def describe(self) -> str:
        def n(value: int) -> str:
            return int_text(value)

        seconds = decimal_text(self.seconds, 1)
        top = ", ".join(
            f"{self.award_names.get(code, code)} {n(count)}"
            for code, count in sorted(self.awards_by_code.items(), key=lambda kv: -kv[1])
        )
        return (
            f"Đã tạo dữ liệu mẫu tỉnh {self.province} (hạt giống {self.seed}): {n(self.units)} đơn vị, "
            f"{n(self.staff)} cán bộ, {n(self.ratings)} lượt xếp loại {self.first_year}–{LAST_YEAR}, "
            f"{n(self.initiatives)} sáng kiến, {n(self.awards)} khen thưởng, {n(self.decisions)} quyết định, "
            f"{n(self.clusters)} cụm/khối, {n(self.campaigns)} phong trào, {n(self.registrations)} bản đăng ký "
            f"— trong {seconds} giây.\nKhen thưởng theo loại: {top}."
            + (
                f"\nSổ văn bản đi, sổ văn bản đến của {len(self.former_departments)} Sở Y tế cũ (hợp nhất từ "
                f"01/7/2025): {', '.join(self.former_departments)}."
                if self.former_departments
                else ""
            )
        )


# ---------------------------------------------------------------------------------------------
# Catalogue read from the database (coefficients, base salary, rounding)


@dataclass
class _Catalogue:
    ids: dict[str, int]
    is_title: dict[str, bool]
    short_names: dict[str, str]
    coefficients: dict[str, list[tuple[dt.date, Decimal | None, Decimal | None]]]
    salaries: list[tuple[dt.date, int]]
    rounding: list[tuple[dt.date, int]]
    memo: dict = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # as a decision's list writes them
    several_titles: RuleBook | None = None  # parameter bonus_several_titles, by date

    @classmethod
    def load(cls, s: Session) -> _Catalogue:
        ids, is_title, short_names, names = {}, {}, {}, {}
        for code, type_id, category, short_name, name in s.execute(
            select(AwardType.code, AwardType.id, AwardType.category, AwardType.short_name, AwardType.name)
        ):
            ids[code] = type_id
            is_title[code] = category is AwardCategory.TITLE
            short_names[code] = short_name
            names[code] = name
        coefficients: dict[str, list] = defaultdict(list)
        rows = s.execute(
            select(
                AwardType.code,
                BonusCoefficient.effective_from,
                BonusCoefficient.individual,
                BonusCoefficient.collective,
            )
            .join(AwardType, AwardType.id == BonusCoefficient.award_type_id)
            .order_by(BonusCoefficient.effective_from)
        )
        for code, day, individual, collective in rows:
            coefficients[code].append((day, _dec(individual), _dec(collective)))
        salaries = [
            tuple(r)
            for r in s.execute(
                select(BaseSalary.effective_from, BaseSalary.amount).order_by(BaseSalary.effective_from)
            )
        ]
        rounding = [
            (day, int(value))
            for day, value in s.execute(
                select(Parameter.effective_from, Parameter.value)
                .where(Parameter.key == "bonus_rounding")
                .order_by(Parameter.effective_from)
            )
            if value
        ]
        missing = {
            "LDTT",
            "CSTDCS",
            "CSTD_TINH",
            "TTLDTT",
            "TTLDXS",
            "CO_TINH",
            "GIAY_KHEN",
            "BK_TINH",
            "BK_TTG",
            "HCLD3",
            "KNC_VSKND",
        } - ids.keys()
        if missing:
            raise UserError(
                "Danh mục khen thưởng trong cơ sở dữ liệu thiếu mã: " + ", ".join(sorted(missing))
            )
        several = RuleBook(
            [
                ParameterRow(r.rule_set.value, r.key, r.value, r.effective_from)
                for r in s.scalars(select(Parameter).where(Parameter.key == SEVERAL_TITLES_KEY))
            ],
            {},
            (),
        )
        return cls(
            ids,
            is_title,
            short_names,
            dict(coefficients),
            salaries,
            rounding or [(dt.date(2000, 1, 1), 10_000)],
            names=names,
            several_titles=several,
        )

    def several_titles_mode(self, day: dt.date) -> str:
        return (
            self.several_titles.value(SEVERAL_TITLES_KEY, day) if self.several_titles else None
        ) or DIFFERENCE

    @staticmethod
    def _on(rows: list, day: dt.date):
        """The row in force on a day; before the first row, the first one (the catalogue starts in 2024)."""
        found = rows[0] if rows else None
        for row in rows:
            if row[0] <= day:
                found = row
            else:
                break
        return found

    def base_salary(self, day: dt.date) -> int | None:
        row = self._on(self.salaries, day)
        return row[1] if row and row[0] <= day else None

    def bonus(self, code: str, collective: bool, day: dt.date) -> int | None:
        """roundup(coefficient × base salary in force on the decision date) to the rounding step."""
        key = (code, collective, day)
        if key not in self.memo:
            self.memo[key] = self._bonus(code, collective, day)
        return self.memo[key]

    def _bonus(self, code: str, collective: bool, day: dt.date) -> int | None:
        coefficient_row = self._on(self.coefficients.get(code, []), day)
        salary = self.base_salary(day)
        if coefficient_row is None or salary is None:
            return None
        coefficient = coefficient_row[2] if collective else coefficient_row[1]
        if coefficient is None:
            return None
        step = self._on(self.rounding, day)[1]
        return int((coefficient * salary / step).to_integral_value(rounding=ROUND_CEILING)) * step


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


# ---------------------------------------------------------------------------------------------
# In-memory records


class _Unit:
    __slots__ = (
        "id",
        "code",
        "name",
        "short_name",
        "kind",
        "parent",
        "org",
        "status",
        "established_on",
        "ended_on",
        "sort_order",
        "head_name",
        "latent",
        "spec",
        "dept",
        "chain",
        "depts",
        "persons",
        "ratings",
        "titles",
        "bk",
    )

    def __init__(self, **kw):
        self.parent = self.org = self.spec = self.dept = self.head_name = None
        self.established_on = self.ended_on = None
        self.status = UnitStatus.ACTIVE
        self.depts: list[_Unit] = []
        self.persons: list[_Person] = []
        self.ratings: dict[int, RatingLevel] = {}
        self.titles: dict[int, str] = {}
        self.bk: list[int] = []
        for key, value in kw.items():
            setattr(self, key, value)

    def exists(self, year: int) -> bool:
        end = dt.date(year, 12, 31)
        return (self.established_on is None or self.established_on <= end) and (
            self.ended_on is None or self.ended_on > end
        )

    @property
    def clinical(self) -> bool:
        if self.dept is not None:
            return self.kind is CLINICAL
        return self.kind in (UnitKind.HOSPITAL, UnitKind.HEALTH_CENTER, UnitKind.CDC)


class _Person:
    __slots__ = (
        "id",
        "female",
        "birth_year",
        "birth_date",
        "ethnicity",
        "name",
        "role",
        "position",
        "title",
        "since",
        "postings",
        "left_on",
        "talent",
        "leader",
        "phone",
        "rate_from",
        "rate_to",
        "ratings",
        "absent",
        "disc",
        "ldtt",
        "cstdcs",
        "sk_base",
        "sk_province",
        "bk",
        "bk_ttg",
        "hcld3",
        "cstd_tinh",
        "knc",
        "merged",
        "rating_cuts",
        "leave_reason",
    )

    def __init__(self):
        self.postings: list[list] = []
        self.left_on: dt.date | None = None
        self.leave_reason: str | None = None
        self.ratings: dict[int, RatingLevel] = {}
        self.disc: dict[int, int] = {}  # year -> worst severity in force
        self.absent: dict[int, int] = {}  # year -> working days absent
        self.ldtt: set[int] = set()
        self.cstdcs: set[int] = set()
        self.sk_base: dict[int, list[dict]] = {}  # year -> base-level initiatives authored
        self.sk_province: list[dict] = []
        self.bk: list[int] = []
        self.bk_ttg: int | None = None
        self.hcld3: int | None = None
        self.cstd_tinh: int = 0
        self.knc = False
        self.merged = False

    def unit_on(self, day: dt.date) -> int:
        for unit_id, start, end, *_ in self.postings:
            if start <= day and (end is None or day <= end):
                return unit_id
        return self.postings[-1][0]

    @property
    def star(self) -> bool:
        return self.talent > 0.9


@dataclass
class _DecisionPlan:
    """One decision (or, before the program, the text of one), numbered once all are known."""

    issuer: str
    year: int
    issued_on: dt.date
    subject: str
    id: int | None = None  # None before PROGRAM_FROM: the awards carry the decision's text instead
    number: int = 0
    campaign_row: dict | None = None  # for a campaign's launch plan (kế hoạch)


ISSUERS = {
    # key: (issuer, level, symbol, decisions a day (for plausible numbers))
    "SYT": ("Sở Y tế", AuthorityLevel.DEPARTMENT, "QĐ-SYT", 8),
    "UBND": ("UBND tỉnh", AuthorityLevel.PROVINCE, "QĐ-UBND", 13),
    "BYT": ("Bộ Y tế", AuthorityLevel.MINISTRY, "QĐ-BYT", 15),
    "TTG": ("Thủ tướng Chính phủ", AuthorityLevel.GOVERNMENT, "QĐ-TTg", 5),
    "CTN": ("Chủ tịch nước", AuthorityLevel.STATE, "QĐ-CTN", 4),
}
ISSUER_OF = {
    "LDTT": "SYT",
    "CSTDCS": "SYT",
    "TTLDTT": "SYT",
    "GIAY_KHEN": "SYT",
    "CSTD_TINH": "UBND",
    "BK_TINH": "UBND",
    "TTLDXS": "UBND",
    "CO_TINH": "UBND",
    "KNC_VSKND": "BYT",
    "BK_TTG": "TTG",
    "HCLD3": "CTN",
}
TITLE_WORDS = {
    "LDTT": "Lao động tiên tiến",
    "CSTDCS": "Chiến sĩ thi đua cơ sở",
    "TTLDTT": "Tập thể lao động tiên tiến",
    "CSTD_TINH": "Chiến sĩ thi đua cấp tỉnh",
    "TTLDXS": "Tập thể lao động xuất sắc",
}

TIMESTAMPED = Timestamps  # models with created_at/updated_at get them from the database clock


# ---------------------------------------------------------------------------------------------
# The builder


def _apportion(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder), each part at least `minimum`."""
    count = len(weights)
    if count == 0:
        return []
    base = [minimum] * count
    rest = total - minimum * count
    if rest < 0:
        # Not enough for everyone: give one each to the heaviest first.
        order = sorted(range(count), key=lambda i: -weights[i])
        base = [0] * count
        for i in order[:total]:
            base[i] = 1
        return base
    weight_sum = sum(weights) or 1.0
    shares = [rest * w / weight_sum for w in weights]
    parts = [int(x) for x in shares]
    left = rest - sum(parts)
    for i in sorted(range(count), key=lambda i: (-(shares[i] - parts[i]), i))[:left]:
        parts[i] += 1
    return [b + p for b, p in zip(base, parts, strict=True)]


class _Builder:
    def __init__(
        self,
        *,
        small: bool,
        seed: int,
        staff: int,
        catalogue: _Catalogue,
        id_base: dict,
        with_register: bool,
        say: Progress,
    ):
        self.small = small
        self.first_year = FIRST_YEAR if small else HISTORY_FROM
        self.years = range(self.first_year, LAST_YEAR + 1)
        self.cap_years = CAP_YEARS if small else range(self.first_year, NEW_LAW_FROM)
        self.oldest = 1966 if small else 1958  # the earliest birth year of staff (not leaders)
        self.seed = seed
        self.total = staff
        self.cat = catalogue
        self.rng = random.Random(seed)
        self.next_id = dict(id_base)
        self.with_register = with_register
        self.say = say
        self.rows: dict[type, list[dict]] = defaultdict(list)
        self.units: list[_Unit] = []
        self.unit_by_id: dict[int, _Unit] = {}
        self.unit_by_code: dict[str, _Unit] = {}
        self.orgs: list[_Unit] = []
        self.persons: list[_Person] = []
        self.plans: list[_DecisionPlan] = []
        self.plan_index: dict[tuple, _DecisionPlan] = {}
        self.history_awards: list[tuple[dict, _DecisionPlan]] = []
        self.campaign_ids: dict[str, int] = {}
        self.signers: list[_Person] = []
        self.cluster_proposals: dict[int, dict[int, str]] = defaultdict(dict)  # year -> unit id -> code

    # -- helpers -------------------------------------------------------------------------------

    def _id(self, model) -> int:
        value = self.next_id[model]
        self.next_id[model] = value + 1
        return value

    def _add(self, model, row: dict) -> dict:
        self.rows[model].append(row)
        return row

    def _day(self, year: int, months: tuple[int, int] = (1, 12)) -> dt.date:
        month = self.rng.randint(*months)
        return dt.date(year, month, self.rng.randint(1, 28))

    # -- units ---------------------------------------------------------------------------------

    def build_units(self) -> None:
        self.say(f"Tạo cơ cấu đơn vị của tỉnh {PROVINCE}…")
        root = self._unit(
            code=AGENCY_SYMBOL,
            name=f"Sở Y tế tỉnh {PROVINCE}",
            short_name="Sở Y tế",
            kind=UnitKind.DEPARTMENT,
            parent=None,
            sort_order=0,
        )
        root.org = root
        self.root = root
        for order, spec in enumerate(organisations(self.small, self.total), start=1):
            org = self._unit(
                code=spec.code,
                name=spec.name,
                short_name=spec.short_name,
                kind=spec.kind,
                parent=root,
                sort_order=order,
                spec=spec,
            )
            org.org = org
            self.orgs.append(org)
            for dept_order, dept in enumerate(spec.depts, start=1):
                child = self._unit(
                    code=f"{spec.code}.{dept.code}",
                    name=dept.name,
                    short_name=None,
                    kind=dept.kind,
                    parent=org,
                    sort_order=dept_order,
                    spec=spec,
                    dept=dept,
                )
                child.org = org
                org.depts.append(child)
        for unit in self.units:
            chain, cursor = [], unit
            while cursor is not None and cursor is not root:
                chain.append(cursor)
                cursor = cursor.parent
            unit.chain = chain
        self._unit_history()

    def _unit(self, **kw) -> _Unit:
        unit = _Unit(id=self._id(Unit), latent=self.rng.random(), **kw)
        if unit.code in self.unit_by_code:
            raise AssertionError(f"duplicate unit code {unit.code}")
        self.units.append(unit)
        self.unit_by_id[unit.id] = unit
        self.unit_by_code[unit.code] = unit
        return unit

    def _unit_history(self) -> None:
        for org in self.orgs:
            spec: Org = org.spec
            if spec.old_name and spec.renamed_on:
                event_id = self._id(UnitEvent)
                self._add(
                    UnitEvent,
                    {
                        "id": event_id,
                        "kind": UnitEventKind.RENAME,
                        "event_date": spec.renamed_on,
                        "decision_ref": spec.rename_ref,
                        "note": f"Đổi tên từ “{spec.old_name}” thành “{spec.name}”",
                    },
                )
                for role in (EventRole.PREDECESSOR, EventRole.SUCCESSOR):
                    self._add(UnitEventLink, {"event_id": event_id, "unit_id": org.id, "role": role})
                self._add(
                    UnitName,
                    {
                        "unit_id": org.id,
                        "name": spec.old_name,
                        "valid_from": None,
                        "valid_to": spec.renamed_on - dt.timedelta(days=1),
                        "event_id": event_id,
                    },
                )
        successors: dict[str, list[_Unit]] = defaultdict(list)
        for org in self.orgs:
            if org.spec.merged_into:
                org.status = UnitStatus.MERGED
                org.ended_on = REFORM_DAY
                successors[org.spec.merged_into].append(org)
        for code, merged in successors.items():
            target = self.unit_by_code[code]
            event_id = self._id(UnitEvent)
            names_ = ", ".join(u.name for u in merged)
            self._add(
                UnitEvent,
                {
                    "id": event_id,
                    "kind": UnitEventKind.MERGE,
                    "event_date": REFORM_DAY,
                    "decision_ref": "Quyết định số 1620/QĐ-UBND ngày 27/6/2025 của UBND tỉnh",
                    "note": f"Sáp nhập {names_} vào {target.name}",
                },
            )
            for unit in merged:
                self._add(
                    UnitEventLink, {"event_id": event_id, "unit_id": unit.id, "role": EventRole.PREDECESSOR}
                )
            self._add(
                UnitEventLink, {"event_id": event_id, "unit_id": target.id, "role": EventRole.SUCCESSOR}
            )

    # -- staff ---------------------------------------------------------------------------------

    def build_staff(self) -> None:
        self.say(f"Tạo danh sách {int_text(self.total)} cán bộ…")
        root_staff = 4
        counts = _apportion(self.total - root_staff, [o.spec.staff for o in self.orgs], minimum=1)
        # The Sở's own leadership: the Director and three deputies (two of them sign documents).
        director = self._person(self.root, "Bác sĩ", "Giám đốc", level=3)
        self.signers = [director] + [
            self._person(self.root, "Bác sĩ", "Phó Giám đốc", level=2) for _ in range(root_staff - 1)
        ]
        self.root.head_name = director.name
        for org, count in zip(self.orgs, counts, strict=True):
            self._staff_org(org, count)
        self._tone_twins()
        self._careers()

    def _tone_twins(self) -> None:
        """A few colleagues whose names differ only in a tone mark, born the same day ("Nguyễn Thùy Thúy" and
        "Nguyễn Thùy Thủy"): two people, as identity is exact. Made by renaming staff in order, with no
        random draw, so the rest of the province stays what the seed makes it."""
        peers: dict[tuple[bool, int], list[_Person]] = defaultdict(list)  # same sex and birth year
        for p in self.persons:
            if not p.leader and p.birth_date is not None:
                peers[(p.female, p.birth_year)].append(p)
        renamed: set[int] = set()
        for p in self.persons:
            if len(renamed) >= 2 * TONE_TWIN_PAIRS:
                break
            family_middle, _, given = p.name.rpartition(" ")
            twin = TONE_TWINS.get(given)
            if p.id in renamed or twin is None or p.leader or p.birth_date is None:
                continue
            others = [q for q in peers[(p.female, p.birth_year)] if q is not p and q.id not in renamed]
            if not others:
                continue
            home = p.postings[0][0]
            q = next(
                (q for q in others if q.postings[0][0] == home), others[0]
            )  # a colleague if there is one
            q.name, q.birth_date, q.ethnicity = f"{family_middle} {twin}", p.birth_date, p.ethnicity
            renamed |= {p.id, q.id}

    def _deputies(self, count: int) -> int:
        return 0 if count < 6 else 1 if count < 60 else 2 if count < 400 else 3 if count < 1500 else 4

    def _staff_org(self, org: _Unit, count: int) -> None:
        spec: Org = org.spec
        leaders = min(count, 1 + self._deputies(count))
        head_role = "Bác sĩ" if spec.medical else "Chuyên viên"
        head = self._person(org, head_role, spec.head, level=3)
        org.head_name = head.name
        for _ in range(leaders - 1):
            self._person(org, head_role, spec.deputy, level=2)
        rest = count - leaders
        if not org.depts:
            for _ in range(rest):
                self._person(org, self._role(spec.mix))
            return
        sizes = _apportion(
            rest, [d.dept.weight for d in org.depts], minimum=1 if rest >= len(org.depts) else 0
        )
        for dept, size in zip(org.depts, sizes, strict=True):
            self._staff_dept(dept, size)

    def _staff_dept(self, dept: _Unit, size: int) -> None:
        if size <= 0:
            return
        spec = dept.dept
        head_title, deputy_title = DEPT_HEAD[spec.kind]
        medical = spec.kind is CLINICAL and spec.mix != "pharmacy"
        head_role = "Bác sĩ" if medical else "Dược sĩ" if spec.mix == "pharmacy" else "Chuyên viên"
        head = self._person(dept, head_role, head_title, level=2)
        dept.head_name = head.name
        made = 1
        deputies = 0 if size < (15 if spec.kind is CLINICAL else 8) else 1 if size < 45 else 2
        for _ in range(min(deputies, size - made)):
            self._person(dept, head_role, deputy_title, level=1)
            made += 1
        charge = CHARGE_ROLE.get(spec.mix)
        if charge and size - made > 4:
            self._person(dept, charge[1], charge[0], level=1)
            made += 1
        for _ in range(size - made):
            self._person(dept, self._role(spec.mix))

    _mix_cache: dict[str, tuple[list[str], list[float]]] = {}

    def _role(self, mix: str) -> str:
        table = self._mix_cache.get(mix)
        if table is None:
            pairs = ROLE_MIX[mix]
            table = ([r for r, _ in pairs], list(accumulate(w for _, w in pairs)))
            self._mix_cache[mix] = table
        return self.rng.choices(table[0], cum_weights=table[1])[0]

    def _pick(self, pairs) -> str | None:
        if not pairs:
            return None
        return self.rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]

    def _person(self, unit: _Unit, role: str, position: str | None = None, level: int = 0) -> _Person:
        """level: 3 head of an organisation, 2 deputy head or head of a department, 1 deputy/charge, 0 staff."""
        rng = self.rng
        p = _Person()
        p.id = self._id(Person)
        p.role = role
        role_position, titles, female_share = ROLES[role]
        if level >= 2:
            female_share = 0.32 if level == 3 else 0.42
        elif level == 1 and position and "trưởng" in position and role != "Bác sĩ":
            female_share = max(female_share, 0.8)
        p.female = rng.random() < female_share
        if level == 3:
            birth_year = rng.randint(1966, 1977)
        elif level == 2:
            birth_year = rng.randint(1967, 1984)
        elif level == 1:
            birth_year = rng.randint(1970, 1989)
        else:
            birth_year = min(2002, max(self.oldest, int(rng.triangular(self.oldest, 2003, 1989))))
        if level and p.female:
            birth_year = max(birth_year, 1970)  # women born earlier have retired by now
        p.birth_year = birth_year
        p.birth_date = (
            None
            if rng.random() < 0.03
            else (dt.date(birth_year, 1, 1) + dt.timedelta(days=rng.randrange(365)))
        )
        p.ethnicity = names.ETHNICITY.draw(rng)
        p.name = names.full_name(rng, p.female, birth_year, p.ethnicity)
        p.position = position or role_position
        if level >= 2 and role == "Bác sĩ":
            p.title = self._pick(SENIOR_DOCTOR_TITLES)
        elif level >= 2 and role == "Chuyên viên":
            p.title = self._pick(SENIOR_OFFICIAL_TITLES)
        elif level >= 2 and role == "Dược sĩ":
            p.title = "Dược sĩ chính (hạng II)"
        else:
            p.title = self._pick(titles)
        start_age = (24 if role in ("Bác sĩ", "Bác sĩ YHDP") else 23 if role == "Dược sĩ" else 21) + min(
            12, int(rng.expovariate(1 / 2.5))
        )
        since_year = min(2025, max(1986, birth_year + start_age))
        if level:
            since_year = min(since_year, 2008 if level >= 2 else 2014)
        since = dt.date(since_year, rng.randint(1, 9 if since_year == 2025 else 12), 1)
        p.since = since
        start = since
        if rng.random() < 0.15 and since_year < 2024:  # came from another province or sector later
            later = since_year + rng.randint(1, 10)
            if later <= 2024:
                start = dt.date(later, rng.randint(1, 12), 1)
        p.postings = [[unit.id, start, None, p.position, p.title, None]]
        p.talent = rng.random()
        if level:
            p.talent = max(p.talent, rng.uniform(0.4, 1.0))
        p.leader = level
        p.phone = (
            f"{rng.choice(('09', '03', '08', '07'))}{rng.randrange(10**8):08d}"
            if rng.random() < 0.55
            else None
        )
        self.persons.append(p)
        unit.persons.append(p)
        return p

    def _careers(self) -> None:
        """Retirements and departures, the 2025 merger of district centres, and transfers between units."""
        rng = self.rng
        end_of_data = dt.date(LAST_YEAR, 12, 31)
        for p in self.persons:
            if p.leader:
                continue
            if p.birth_year <= (1970 if p.female else 1965):
                born = p.birth_date or dt.date(p.birth_year, 7, 1)
                retired = _retirement_day(born, p.female)
                if retired <= end_of_data and retired > p.postings[0][1]:
                    p.left_on, p.leave_reason = retired, "Nghỉ hưu"
                    continue
            if rng.random() < 0.015:
                start = p.postings[0][1]
                first = max(start + dt.timedelta(days=400), dt.date(self.first_year, 6, 1))
                if first < dt.date(2025, 11, 1):
                    p.left_on = first + dt.timedelta(days=rng.randrange((dt.date(2025, 11, 1) - first).days))
                    p.leave_reason = rng.choice(
                        ("Chuyển công tác ra ngoài ngành", "Thôi việc theo nguyện vọng")
                    )
        # The merger: staff of a closed district centre move into the regional centre on REFORM_DAY.
        for org in self.orgs:
            if not org.spec.merged_into:
                continue
            target = self.unit_by_code[org.spec.merged_into]
            clinical = [d for d in target.depts if d.kind is CLINICAL] or [target]
            admin = [d for d in target.depts if d.kind is UnitKind.ADMIN_DEPT] or [target]
            for p in org.persons:
                if p.postings[0][1] >= REFORM_DAY:
                    p.postings[0][1] = dt.date(2025, 3, 1)
                    p.since = min(p.since, p.postings[0][1])
                if p.left_on is not None and p.left_on < REFORM_DAY:
                    continue
                if p.leader == 3:
                    new_unit, position = target, "Phó Giám đốc"
                elif p.leader == 2:
                    new_unit, position = rng.choice(clinical), "Phó trưởng khoa"
                else:
                    new_unit = rng.choice(clinical if p.role in CLINICAL_ROLES else admin)
                    position = p.position
                self._move(p, new_unit, REFORM_DAY, position, f"Sáp nhập {org.name} vào {target.name}")
                p.merged = True
        # Transfers between units of the province, from the second year of history to 2024.
        movable = [
            p
            for p in self.persons
            if not p.leader and not p.merged and p.postings[0][1] < dt.date(2022, 1, 1)
        ]
        hospitals = [
            o for o in self.orgs if o.kind in (UnitKind.HOSPITAL, UnitKind.HEALTH_CENTER) and not o.ended_on
        ]
        for p in movable:
            if rng.random() >= 0.03:
                continue
            current = self.unit_by_id[p.postings[0][0]]
            first = max(p.postings[0][1] + dt.timedelta(days=730), dt.date(self.first_year + 1, 1, 1))
            last = min(
                dt.date(2024, 12, 1), p.left_on - dt.timedelta(days=60) if p.left_on else dt.date(2024, 12, 1)
            )
            if first >= last:
                continue
            day = first + dt.timedelta(days=rng.randrange((last - first).days))
            day = day.replace(day=1)
            if day <= p.postings[0][1]:
                continue
            pool = hospitals if p.role in CLINICAL_ROLES else self.orgs
            origin_org = rng.choice(pool)
            if origin_org is current.org:
                continue
            origin = rng.choice(origin_org.depts) if origin_org.depts else origin_org
            # The person worked at `origin` first and moved to their current unit on `day`.
            p.postings.insert(
                0, [origin.id, p.postings[0][1], day - dt.timedelta(days=1), p.position, p.title, None]
            )
            p.postings[1][1] = day
            p.postings[1][5] = f"Chuyển công tác từ {self._name_on(origin_org, day)}"
        for p in self.persons:
            if p.left_on is not None:
                last = p.postings[-1]
                last[2] = p.left_on
                last[5] = f"{last[5]}; {p.leave_reason}" if last[5] else p.leave_reason
            first_start = p.postings[0][1]
            p.rate_from = max(
                p.since.year + (p.since > dt.date(p.since.year, 2, 28)),
                first_start.year + (first_start > dt.date(first_start.year, 11, 30)),
            )
            t = p.talent
            p_excellent = 0.6 if t > 0.9 else 0.16 if t > 0.6 else 0.07 if t > 0.2 else 0.02
            p_failed = 0.02 if t < 0.05 else 0.0008
            p_done = 0.12 if t < 0.2 else 0.03
            p.rating_cuts = (p_excellent, p_excellent + p_failed, p_excellent + p_failed + p_done)
            if p.left_on is None:
                p.rate_to = LAST_YEAR
            else:
                p.rate_to = p.left_on.year - (p.left_on <= dt.date(p.left_on.year, 11, 30))

    @staticmethod
    def _name_on(org: _Unit, day: dt.date) -> str:
        spec: Org = org.spec
        return spec.old_name if spec.old_name and spec.renamed_on and day < spec.renamed_on else org.name

    @staticmethod
    def _move(p: _Person, unit: _Unit, day: dt.date, position: str, note: str) -> None:
        p.postings[-1][2] = day - dt.timedelta(days=1)
        p.postings.append([unit.id, day, None, position, p.title, note])
        p.position = position

    # -- ten years -----------------------------------------------------------------------------

    def simulate(self) -> None:
        self._seed_history()
        for year in self.years:
            self.say(f"Mô phỏng năm {year}: xếp loại, sáng kiến, danh hiệu, khen thưởng…")
            self._year(year)

    def _seed_history(self) -> None:
        """Awards from before the first year that later chains build on: a few Bằng khen, Kỷ niệm chương."""
        rng = self.rng
        b = self.first_year - 1  # the last year before the records
        for p in self.persons:
            years_needed = 15 if p.female else 20
            eligible = p.since.year + years_needed
            if eligible < b and rng.random() < 0.6:
                year = rng.randint(max(eligible + 1, b - 10), b)
                self._grant("KNC_VSKND", year, person=p, group=("KNC", year), basis=AwardBasis.SERVICE)
                p.knc = True
            if p.since.year <= b - 7 and p.talent > 0.75 and p.postings[0][1].year <= b - 3:
                if rng.random() < 0.012:
                    self._grant(
                        "BK_TINH",
                        b - 7 + rng.randint(0, 2),
                        person=p,
                        group=("BK_TINH",),
                        period=None,
                        achievement="Đã có thành tích xuất sắc trong công tác",
                    )
                    self._grant(
                        "BK_TTG",
                        b,
                        person=p,
                        group=("BK_TTG",),
                        achievement=f"Đã có thành tích xuất sắc trong công tác từ năm {b - 5} đến năm {b}",
                    )
                    p.bk_ttg = b
                elif rng.random() < 0.05:
                    self._grant(
                        "BK_TINH",
                        b,
                        person=p,
                        group=("BK_TINH",),
                        achievement=f"Đã có thành tích xuất sắc trong công tác năm {b - 1}–{b}",
                        period=(b - 1, b),
                    )
                    p.bk.append(b)

    def _year(self, y: int) -> None:
        rng = self.rng
        ref_day = dt.date(y, 11, 30)
        rated = [p for p in self.persons if p.rate_from <= y <= p.rate_to]
        unit_of = {p.id: self.unit_by_id[p.unit_on(ref_day)] for p in rated}
        by_org: dict[int, list[_Person]] = defaultdict(list)
        for p in rated:
            by_org[unit_of[p.id].org.id].append(p)

        self._disciplines(y, rated, unit_of)
        self._ratings(y, rated, by_org)
        self._base_initiatives(y, by_org, unit_of)

        # LĐTT: rated HTTNV or better, absent < 40 days, no discipline or pending case in force.
        ldtt_by_org: dict[int, list[_Person]] = defaultdict(list)
        for p in rated:
            level = p.ratings[y]
            if level not in AT_LEAST_GOOD or p.disc.get(y) is not None or p.absent.get(y, 0) >= 40:
                continue
            if rng.random() < (0.99 if level is EXCELLENT else 0.9):
                p.ldtt.add(y)
                ldtt_by_org[unit_of[p.id].org.id].append(p)
        for org_id, holders in ldtt_by_org.items():  # one decision per organisation
            template = self._grant("LDTT", y, person=holders[0], group=("LDTT", org_id))
            rows = self.rows[AwardRow]
            history = self.history_awards
            for p in holders[1:]:
                award = {**template, "person_id": p.id}
                rows.append(award)
                if award["source"] is AwardSource.HISTORY:
                    history.append((award, history[-1][1]))

        # CSTĐCS: LĐTT and (HTXSNV or a sáng kiến of the year); before 2024 the sáng kiến was required.
        for holders in ldtt_by_org.values():
            chosen = []
            for p in holders:
                has_sk = bool(p.sk_base.get(y)) or any(r["year"] == y for r in p.sk_province)
                excellent = p.ratings[y] is EXCELLENT
                if y < NEW_LAW_FROM:
                    chance = 0.85 if has_sk else 0.0
                else:
                    chance = 0.88 if has_sk else 0.4 if excellent else 0.0
                if chance and rng.random() < min(0.98, chance + (0.1 if p.star else 0.0)):
                    chosen.append(p)
            if y in self.cap_years:
                cap = (len(holders) * 15) // 100
                if len(chosen) > cap:
                    chosen = sorted(chosen, key=lambda q: (-q.talent, q.id))[:cap]
                    chosen.sort(key=lambda q: q.id)
            for p in chosen:
                p.cstdcs.add(y)
                self._grant("CSTDCS", y, person=p, group=("CSTDCS",))

        cstd_tinh_now = self._cstd_tinh(y, rated, unit_of)
        self._bk_tinh(y, rated, cstd_tinh_now)
        if y < LAST_YEAR:  # the Government and the State decide in the next year
            self._bk_ttg_and_hcld(y, rated)
        self._knc(y)
        self._giay_khen(y, rated)
        self._units_year(y, rated, unit_of)

    def _disciplines(self, y: int, rated: list[_Person], unit_of: dict) -> None:
        rng = self.rng
        pool = [p for p in rated if not p.leader and p.talent < 0.3]
        count = int(len(rated) * 0.0009 * rng.uniform(0.5, 1.5) + rng.random())
        for p in rng.sample(pool, min(count, len(pool))):
            roll = rng.random()
            if roll < 0.06 and y >= LAST_YEAR - 1:
                form = DisciplineForm.PENDING
            elif roll < 0.62:
                form = DisciplineForm.REPRIMAND
            elif roll < 0.94:
                form = DisciplineForm.WARNING
            else:
                form = DisciplineForm.SALARY_CUT
            start = dt.date(y, rng.randint(2, 9), rng.randint(1, 28))
            months = {
                DisciplineForm.REPRIMAND: 6,
                DisciplineForm.WARNING: 12,
                DisciplineForm.SALARY_CUT: 12,
                DisciplineForm.PENDING: 4,
            }[form]
            end = _add_months(start, months) - dt.timedelta(days=1)
            if form is DisciplineForm.PENDING and y == LAST_YEAR:
                end = None
            org = unit_of[p.id].org
            reason = {
                DisciplineForm.REPRIMAND: "Vi phạm quy định về thời gian làm việc, quy tắc ứng xử",
                DisciplineForm.WARNING: "Vi phạm quy chế chuyên môn",
                DisciplineForm.SALARY_CUT: "Vi phạm quy định về quản lý tài chính",
                DisciplineForm.PENDING: "Đang bị xem xét kỷ luật theo kết luận thanh tra",
            }[form]
            self._add(
                Discipline,
                {
                    "person_id": p.id,
                    "unit_id": None,
                    "form": form,
                    "decided_on": None if form is DisciplineForm.PENDING else start,
                    "effective_from": start,
                    "effective_to": end,
                    "reason": reason,
                    "decision_ref": None
                    if form is DisciplineForm.PENDING
                    else f"{rng.randint(20, 600)}/QĐ-{org.code.split('.')[0]}",
                },
            )
            severity = form.severity
            for year in range(y, min(LAST_YEAR, (end or dt.date(LAST_YEAR, 12, 31)).year) + 1):
                p.disc[year] = max(p.disc.get(year, -1), severity)

    def _ratings(self, y: int, rated: list[_Person], by_org: dict) -> None:
        rng = self.rng
        scheme = next(s for first, s in reversed(RATING_SCHEMES) if first <= y)
        reprimand, salary_cut = DisciplineForm.REPRIMAND.severity, DisciplineForm.SALARY_CUT.severity
        for p in rated:
            cuts = p.rating_cuts
            roll = rng.random()
            level = (
                EXCELLENT
                if roll < cuts[0]
                else FAILED
                if roll < cuts[1]
                else DONE
                if roll < cuts[2]
                else GOOD
            )
            worst = p.disc.get(y)
            if worst is not None and worst >= reprimand:
                level = FAILED if worst >= salary_cut else DONE if level is not FAILED else FAILED
            p.ratings[y] = level
        # HTXSNV is capped at 20% of those rated in each organisation.
        for members in by_org.values():
            excellent = [p for p in members if p.ratings[y] is EXCELLENT]
            cap = max(1, len(members) // 5)
            if len(excellent) > cap:
                for p in sorted(excellent, key=lambda q: (q.talent, -q.id))[: len(excellent) - cap]:
                    p.ratings[y] = GOOD
        rows = self.rows[Rating]
        for p in rated:
            absent = None
            roll = rng.random()
            if roll < 0.012:
                absent = rng.randint(40, 120)  # long sick leave: no LĐTT
            elif roll < 0.09:
                absent = rng.randint(1, 15)
            row = {"person_id": p.id, "year": y, "level": p.ratings[y], "scheme": scheme}
            if absent is not None:
                p.absent[y] = absent
                row["absent_days"] = absent
            rows.append(row)

    def _initiative(
        self, y: int, level: InitiativeLevel, unit: _Unit, authors: list[_Person], title: str | None = None
    ) -> dict:
        rng = self.rng
        org = unit.org
        research = level is InitiativeLevel.BASE and rng.random() < 0.08
        if title is None:
            if research:
                title = texts.research_title(rng, unit.clinical)
            else:
                where = unit.name if unit.dept is not None else org.name
                public = org.kind in (UnitKind.CDC, UnitKind.SUB_DEPARTMENT) or (
                    unit.dept is not None and unit.dept.mix == "public_health"
                )
                title = texts.initiative_title(rng, where, unit.clinical, public)
        if level is InitiativeLevel.BASE:
            if org.kind is UnitKind.DEPARTMENT_OFFICE or org is self.root:
                recognised_by, symbol = "Giám đốc Sở Y tế", "QĐ-SYT"
            else:
                recognised_by, symbol = f"{org.spec.head} {org.name}", f"QĐ-{org.code.split('.')[0]}"
            scope = f"Áp dụng có hiệu quả tại {org.name}"
            day = dt.date(y, rng.randint(9, 11), rng.randint(1, 28))
        elif level is InitiativeLevel.PROVINCE:
            recognised_by, symbol = f"Chủ tịch UBND tỉnh {PROVINCE}", "QĐ-UBND"
            scope = "Có phạm vi ảnh hưởng, khả năng nhân rộng trong toàn tỉnh"
            day = dt.date(y, rng.randint(8, 11), rng.randint(1, 28))
        else:
            recognised_by, symbol = "Bộ trưởng Bộ Y tế", "QĐ-BYT"
            scope = "Có phạm vi ảnh hưởng, khả năng nhân rộng trong toàn quốc"
            day = dt.date(y, rng.randint(8, 11), rng.randint(1, 28))
        row = self._add(
            Initiative,
            {
                "id": self._id(Initiative),
                "title": title,
                "kind": InitiativeKind.RESEARCH if research else InitiativeKind.INITIATIVE,
                "unit_id": org.id,
                "year": y,
                "level": level,
                "recognised_by": recognised_by,
                "decision_number": f"{rng.randint(100, 2900)}/{symbol}",
                "decision_date": day,
                "scope": scope,
                "applied_from": dt.date(y - rng.randint(0, 1), rng.randint(1, 9), 1),
                "used_by_award_id": None,
                "note": None,
            },
        )
        shares = {
            1: (100,),
            2: rng.choice(((60, 40), (50, 50), (70, 30))),
            3: rng.choice(((50, 30, 20), (40, 30, 30), (34, 33, 33))),
        }[len(authors)]
        for person, share in zip(authors, shares, strict=True):
            self._add(InitiativeAuthor, {"initiative_id": row["id"], "person_id": person.id, "share": share})
        return row

    def _base_initiatives(self, y: int, by_org: dict, unit_of: dict) -> None:
        rng = self.rng
        for org in self.orgs + [self.root]:
            members = by_org.get(org.id)
            if not members:
                continue
            candidates = [p for p in members if p.ratings[y] in AT_LEAST_GOOD]
            if not candidates:
                continue
            expected = len(members) * 0.03 * rng.uniform(0.6, 1.4)
            count = int(expected) + (rng.random() < expected - int(expected))
            # Authors are mostly the strongest staff, and those who wrote one last year tend to again.
            weights = list(
                accumulate((0.05 + p.talent) ** 4 * (3.0 if y - 1 in p.sk_base else 1.0) for p in candidates)
            )
            for _ in range(count):
                size = min(len(candidates), rng.choices((1, 2, 3), (45, 35, 20))[0])
                authors: list[_Person] = []
                for _attempt in range(12):
                    p = rng.choices(candidates, cum_weights=weights)[0]
                    if p not in authors:
                        authors.append(p)
                    if len(authors) == size:
                        break
                row = self._initiative(y, InitiativeLevel.BASE, unit_of[authors[0].id], authors)
                for p in authors:
                    p.sk_base.setdefault(y, []).append(row)

    def _cstd_tinh(self, y: int, rated: list[_Person], unit_of: dict) -> set[int]:
        """CSTĐ cấp tỉnh: CSTĐCS in y, y-1, y-2 (not used before) and a sáng kiến of provincial scope."""
        rng = self.rng
        winners: set[int] = set()
        for p in rated if y >= self.first_year + 2 else ():
            if y not in p.cstdcs or y - 1 not in p.cstdcs or y - 2 not in p.cstdcs or p.cstd_tinh > y - 3:
                continue
            if p.disc.get(y) is not None or rng.random() >= (0.3 if p.star else 0.18):
                continue
            sk = next((r for r in p.sk_province if r["used_by_award_id"] is None), None)
            if sk is None:
                co = [q for q in unit_of[p.id].persons if q is not p and q.ratings.get(y) in AT_LEAST_GOOD]
                authors = [p] + ([rng.choice(co)] if co and rng.random() < 0.3 else [])
                sk = self._initiative(y, InitiativeLevel.PROVINCE, unit_of[p.id], authors)
                for q in authors:
                    q.sk_province.append(sk)
            award = self._grant(
                "CSTD_TINH",
                y,
                person=p,
                group=("CSTD_TINH",),
                achievement=f"Có 03 năm liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở ({y - 2}–{y}) "
                f"và sáng kiến có phạm vi ảnh hưởng cấp tỉnh",
            )
            sk["used_by_award_id"] = award  # the award row; its id is set once all awards are sorted
            p.cstd_tinh = y
            winners.add(p.id)
            if rng.random() < 0.04:  # very few reach nationwide scope
                self._initiative(y, InitiativeLevel.NATIONAL, unit_of[p.id], [p])
        # A few provincial-scope initiatives not (yet) used by any award.
        stars = [p for p in rated if p.star and p.ratings[y] is EXCELLENT and p.id not in winners]
        for p in rng.sample(stars, min(len(stars), int(len(rated) * 0.0006 + rng.random()))):
            p.sk_province.append(self._initiative(y, InitiativeLevel.PROVINCE, unit_of[p.id], [p]))
        return winners

    def _bk_tinh(self, y: int, rated: list[_Person], cstd_tinh_now: set[int]) -> None:
        """Bằng khen tỉnh after two consecutive CSTĐCS.

        The other branch (two years HTXSNV with two sáng kiến) is not generated: an award can be backed
        by one initiative only (initiative.used_by_award_id is unique), so it could not be recorded.
        """
        rng = self.rng
        if y <= self.first_year:
            return
        for p in rated:
            if p.id in cstd_tinh_now or p.disc.get(y) is not None or (p.bk and p.bk[-1] > y - 2):
                continue
            if y in p.cstdcs and y - 1 in p.cstdcs:
                if rng.random() < (0.32 if p.star else 0.22):
                    self._grant(
                        "BK_TINH",
                        y,
                        person=p,
                        group=("BK_TINH",),
                        period=(y - 1, y),
                        achievement=f"Có 02 năm liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở ({y - 1}–{y})",
                    )
                    p.bk.append(y)

    def _bk_ttg_and_hcld(self, y: int, rated: list[_Person]) -> None:
        rng = self.rng
        for p in rated:
            if p.disc.get(y) is not None:
                continue
            if p.bk and p.bk_ttg is None:
                for y0 in p.bk:
                    if y - y0 >= 5 and self._chain_holds(p, y0, y, excellent_needed=0):
                        if rng.random() < 0.35:
                            self._grant(
                                "BK_TTG",
                                y,
                                person=p,
                                group=("BK_TTG",),
                                period=(y0 + 1, y),
                                achievement=f"Đã có thành tích xuất sắc trong công tác từ năm {y0 + 1} "
                                f"đến năm {y}",
                            )
                            p.bk_ttg = y
                        break
            elif p.bk_ttg is not None and p.hcld3 is None and y - p.bk_ttg >= 5:
                if self._chain_holds(p, p.bk_ttg, y, excellent_needed=1) and rng.random() < 0.5:
                    self._grant(
                        "HCLD3",
                        y,
                        person=p,
                        group=("HCLD3",),
                        period=(p.bk_ttg + 1, y),
                        achievement=f"Đã có thành tích xuất sắc trong công tác từ năm {p.bk_ttg + 1} "
                        f"đến năm {y}, góp phần vào sự nghiệp xây dựng chủ nghĩa xã hội "
                        f"và bảo vệ Tổ quốc",
                    )
                    p.hcld3 = y

    @staticmethod
    def _chain_holds(p: _Person, y0: int, y: int, excellent_needed: int) -> bool:
        """Every year after y0 up to y rated HTTNV or better, with 3 CSTĐCS (and some HTXSNV)."""
        span = range(y0 + 1, y + 1)
        if any(p.ratings.get(k) not in AT_LEAST_GOOD or p.disc.get(k) is not None for k in span):
            return False
        if sum(1 for k in span if k in p.cstdcs) < 3:
            return False
        return sum(1 for k in span if p.ratings[k] is EXCELLENT) >= excellent_needed

    def _knc(self, y: int) -> None:
        rng = self.rng
        day = dt.date(y, 2, 20)
        for p in self.persons:
            if p.knc or p.postings[0][1] > day or (p.left_on is not None and p.left_on <= day):
                continue
            years_needed = 15 if p.female else 20
            if _years_between(p.since, day) >= years_needed and rng.random() < 0.12:
                self._grant("KNC_VSKND", y, person=p, group=("KNC", y), basis=AwardBasis.SERVICE)
                p.knc = True

    def _giay_khen(self, y: int, rated: list[_Person]) -> None:
        rng = self.rng
        scale = max(0.08, self.total / FULL_STAFF)
        for p in rated:
            if y in p.ldtt and y not in p.cstdcs and rng.random() < 0.03 * (0.5 + p.talent):
                self._grant(
                    "GIAY_KHEN",
                    y,
                    person=p,
                    group=("GIAY_KHEN", "MERIT"),
                    achievement=f"Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm {y}",
                )
        # Sudden achievements: a few events a year, many in the COVID-19 years.
        covid = y in (2020, 2021)
        events = rng.randint(1, 2) + (3 if covid else 0)
        eligible = [p for p in rated if p.disc.get(y) is None]
        for event in range(events):
            day = dt.date(y, rng.randint(1, 11), rng.randint(1, 28))
            achievement = (
                texts.COVID_ACHIEVEMENT if covid and event >= 1 else rng.choice(texts.SUDDEN_ACHIEVEMENTS)
            )
            size = max(
                1, round((rng.randint(8, 25) if covid else rng.randint(1, 4)) * (scale if covid else 1))
            )
            group = ("GIAY_KHEN", "SUDDEN", event, day)
            for p in rng.sample(eligible, min(size, len(eligible))):
                self._grant(
                    "GIAY_KHEN", y, person=p, group=group, basis=AwardBasis.SUDDEN, achievement=achievement
                )
            if covid and rng.random() < 0.7:
                teams = [u for o in self.orgs if o.exists(y) and o.clinical for u in (o.depts or [o])]
                self._grant(
                    "GIAY_KHEN",
                    y,
                    unit=rng.choice(teams),
                    group=group,
                    basis=AwardBasis.SUDDEN,
                    achievement=achievement,
                )
        # Thematic awards when a campaign closes.
        for code, first, closes, day in (
            ("COVID", 2020, 2022, dt.date(2022, 10, 14)),
            ("GIAI_DOAN", 2023, 2025, dt.date(2025, 12, 5)),
        ):
            if y != closes:
                continue
            name = self.campaign_names[code]
            achievement = f"Đã có thành tích xuất sắc trong {name[0].lower()}{name[1:]}"
            group = ("GIAY_KHEN", "THEMATIC", code, day)
            for p in rated:
                if all(
                    p.ratings.get(k) in AT_LEAST_GOOD for k in range(first, closes + 1)
                ) and rng.random() < 0.012 * (0.5 + p.talent):
                    self._grant(
                        "GIAY_KHEN",
                        y,
                        person=p,
                        group=group,
                        basis=AwardBasis.THEMATIC,
                        achievement=achievement,
                        period=(first, closes),
                    )
            for org in self.orgs:
                if org.exists(y) and org.clinical and rng.random() < 0.3:
                    self._grant(
                        "GIAY_KHEN",
                        y,
                        unit=org,
                        group=group,
                        basis=AwardBasis.THEMATIC,
                        achievement=achievement,
                        period=(first, closes),
                    )

    def _units_year(self, y: int, rated: list[_Person], unit_of: dict) -> None:
        rng = self.rng
        # Members of a unit: rated staff posted in it or below it on 30/11.
        # Counts per unit: members, LĐTT, CSTĐCS, KHTNV, disciplined at cảnh cáo or above.
        warning = DisciplineForm.WARNING.severity
        own: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
        for p in rated:
            counts = own[unit_of[p.id].id]
            counts[0] += 1
            counts[1] += y in p.ldtt
            counts[2] += y in p.cstdcs
            counts[3] += p.ratings[y] is FAILED
            counts[4] += p.disc.get(y, -1) >= warning
        members: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
        for unit_id, counts in own.items():
            for unit in self.unit_by_id[unit_id].chain:
                total = members[unit.id]
                for i in range(5):
                    total[i] += counts[i]
        alive = [u for u in self.units if u is not self.root and u.exists(y)]
        for unit in alive:
            t = unit.latent
            roll = rng.random()
            p_exc = 0.15 + 0.35 * t
            if roll < p_exc:
                level = EXCELLENT
            elif roll < p_exc + (0.02 if t < 0.1 else 0.0):
                level = FAILED
            elif roll < p_exc + 0.08 * (1 - t):
                level = DONE
            else:
                level = GOOD
            unit.ratings[y] = level
            self._add(
                Rating,
                {
                    "unit_id": unit.id,
                    "year": y,
                    "level": level,
                    "document_ref": f"Kết quả đánh giá, xếp loại tập thể năm {y}",
                },
            )
        self._clusters(y, alive)
        for unit in alive:
            n, ldtt, cstdcs, failed, warned = members[unit.id] if unit.id in members else (0, 0, 0, 0, 0)
            if n == 0 or warned:
                continue
            level = unit.ratings[y]
            share_ok = ldtt * 10 >= n * 7
            if level is EXCELLENT and not failed and share_ok and cstdcs >= 1 and rng.random() < 0.6:
                unit.titles[y] = "TTLDXS"
                self._grant(
                    "TTLDXS",
                    y,
                    unit=unit,
                    group=("TTLDXS",),
                    achievement=f"Hoàn thành xuất sắc nhiệm vụ năm {y}",
                )
            elif level in AT_LEAST_GOOD and share_ok and rng.random() < 0.85:
                unit.titles[y] = "TTLDTT"
                self._grant("TTLDTT", y, unit=unit, group=("TTLDTT",))
        proposals = self.cluster_proposals.get(y, {})
        for unit in alive:
            proposed = proposals.get(unit.id)
            # Cờ thi đua: the unit the cluster chose as its leader (suy tôn), rated HTXSNV, holding a
            # collective title of the year; some provinces also require TTLĐXS [U], so not every time.
            if proposed == "CO_TINH" and unit.titles.get(y) and rng.random() < 0.6:
                self._grant(
                    "CO_TINH",
                    y,
                    unit=unit,
                    group=("CO_TINH",),
                    achievement=f"Dẫn đầu phong trào thi đua của cụm, khối năm {y}",
                )
                continue
            two_years = unit.ratings.get(y) is EXCELLENT and unit.ratings.get(y - 1) is EXCELLENT
            if not two_years or (unit.bk and unit.bk[-1] > y - 2) or unit.id not in members:
                continue
            if (proposed and rng.random() < 0.7) or (
                unit.titles.get(y) == "TTLDXS" and unit.titles.get(y - 1) == "TTLDXS" and rng.random() < 0.3
            ):
                self._grant(
                    "BK_TINH",
                    y,
                    unit=unit,
                    group=("BK_TINH",),
                    period=(y - 1, y),
                    achievement=f"Hoàn thành xuất sắc nhiệm vụ 02 năm liên tục ({y - 1}–{y})",
                )
                unit.bk.append(y)
        for unit in alive:
            if unit.ratings[y] in AT_LEAST_GOOD and unit.titles.get(y) != "TTLDXS" and rng.random() < 0.08:
                self._grant(
                    "GIAY_KHEN",
                    y,
                    unit=unit,
                    group=("GIAY_KHEN", "MERIT"),
                    achievement=f"Đã có thành tích xuất sắc trong công tác năm {y}",
                )

    def _clusters(self, y: int, alive: list[_Unit]) -> None:
        orgs = [u for u in alive if u.dept is None and u.kind not in (UnitKind.DEPARTMENT_OFFICE,)]
        hospitals = [u for u in orgs if u.kind is UnitKind.HOSPITAL]
        centres = [u for u in orgs if u.kind is UnitKind.HEALTH_CENTER]
        others = [u for u in orgs if u.kind not in (UnitKind.HOSPITAL, UnitKind.HEALTH_CENTER)]
        level = "khu vực" if y >= REFORM_DAY.year else "huyện"
        groups: list[tuple[str, ClusterKind, list[_Unit]]] = []
        for label, kind, members in (
            ("các bệnh viện tuyến tỉnh", ClusterKind.CLUSTER, hospitals),
            (f"các Trung tâm Y tế {level}", ClusterKind.CLUSTER, centres),
        ):
            if len(members) > 6:  # clusters of at most 8 once there are more than 16
                parts = max(2, -(-len(members) // 8))
                sizes = _apportion(len(members), [1.0] * parts)
                for number, start in enumerate(accumulate([0, *sizes[:-1]]), start=1):
                    chunk = members[start : start + sizes[number - 1]]
                    groups.append((f"Cụm thi đua {label} số {number}", kind, chunk))
            elif members:
                groups.append((f"Cụm thi đua {label}", kind, members))
        if others:
            groups.append(
                (
                    "Khối các đơn vị dự phòng, kiểm nghiệm, giám định, đào tạo và chi cục",
                    ClusterKind.BLOCK,
                    others,
                )
            )
        for name, kind, members in groups:
            cluster_id = self._id(Cluster)
            self._add(
                Cluster,
                {
                    "id": cluster_id,
                    "year": y,
                    "name": name,
                    "kind": kind,
                    "note": f"Giao ước thi đua năm {y}",
                },
            )
            members = sorted(members, key=lambda u: u.code)
            n = len(members)
            leader = members[(y - self.first_year) % n]
            deputy = members[(y - self.first_year + 1) % n] if n > 2 else None
            ranked = sorted(members, key=lambda u: (-u.ratings[y].score, -u.latent))
            proposals = {}
            if ranked[0].ratings[y] is EXCELLENT:
                proposals[ranked[0].id] = "CO_TINH"
            if n > 3 and ranked[1].ratings[y] is EXCELLENT:
                proposals[ranked[1].id] = "BK_TINH"
            self.cluster_proposals[y].update(proposals)
            for unit in members:
                role = (
                    ClusterRole.LEADER
                    if unit is leader
                    else ClusterRole.DEPUTY
                    if unit is deputy
                    else ClusterRole.MEMBER
                )
                proposed = proposals.get(unit.id)
                self._add(
                    ClusterMember,
                    {
                        "cluster_id": cluster_id,
                        "unit_id": unit.id,
                        "role": role,
                        "proposed_award_type_id": self.cat.ids[proposed] if proposed else None,
                    },
                )

    # -- awards and decisions ------------------------------------------------------------------

    def _grant(
        self,
        code: str,
        y: int,
        *,
        person: _Person | None = None,
        unit: _Unit | None = None,
        group: tuple,
        basis: AwardBasis = AwardBasis.MERIT,
        achievement: str | None = None,
        period: tuple[int, int] | None = None,
    ) -> dict:
        """Record one award; its decision (or, before the program, the decision's text) is planned by group.

        Rows leave out the columns that stay empty: `_insert` groups rows by the columns they fill.
        """
        plan = self.plan_index.get((y, *group)) or self._plan(code, y, group, basis)
        award = {"id": None}
        if person is not None:
            award["person_id"] = person.id
        else:
            award["unit_id"] = unit.id
        award["award_type_id"] = self.cat.ids[code]
        award["is_title"] = self.cat.is_title[code]
        award["year"] = y
        award["basis"] = basis
        if period:
            award["period_from"], award["period_to"] = period
        if achievement:
            award["achievement"] = achievement
        if plan.id:
            award["source"] = AwardSource.DECISION
            award["decision_id"] = plan.id
            award["bonus_amount"] = self.cat.bonus(code, unit is not None, plan.issued_on)
        else:
            award["source"] = AwardSource.HISTORY
            self.history_awards.append((award, plan))
        award["revoked"] = False
        self.rows[AwardRow].append(award)
        return award

    def _plan(self, code: str, y: int, group: tuple, basis: AwardBasis) -> _DecisionPlan:
        key = (y, *group)
        plan = self.plan_index.get(key)
        if plan is not None:
            return plan
        rng = self.rng
        issuer = ISSUER_OF[code]
        if basis is AwardBasis.SUDDEN or basis is AwardBasis.THEMATIC:
            day = group[-1]
        elif issuer == "SYT":
            day = dt.date(y, 12, rng.randint(10, 15) if code == "LDTT" else rng.randint(16, 20))
        elif issuer == "UBND":
            day = dt.date(y, 12, rng.randint(22, 30))
        elif issuer == "BYT":
            day = dt.date(y, 2, rng.randint(16, 25))
        elif issuer == "TTG":
            day = dt.date(y + 1, rng.randint(4, 6), rng.randint(1, 28))
        else:
            day = dt.date(y + 1, rng.randint(8, 9), rng.randint(1, 28))
        if code in TITLE_WORDS:
            subject = f"Về việc tặng danh hiệu “{TITLE_WORDS[code]}” năm {y}"
            if code == "LDTT":
                subject += f" cho cá nhân thuộc {self.unit_by_id[group[1]].name}"
        elif code == "GIAY_KHEN":
            subject = {
                AwardBasis.MERIT: f"Về việc tặng Giấy khen của Giám đốc Sở Y tế cho tập thể, cá nhân có thành tích "
                f"xuất sắc năm {y}",
                AwardBasis.SUDDEN: "Về việc tặng Giấy khen cho tập thể, cá nhân có thành tích xuất sắc đột xuất",
            }.get(
                basis,
                "Về việc tặng Giấy khen cho tập thể, cá nhân có thành tích xuất sắc trong phong trào thi đua",
            )
        else:
            subject = {
                "BK_TINH": f"Về việc tặng Bằng khen của Chủ tịch UBND tỉnh cho tập thể, cá nhân thuộc Sở Y tế "
                f"năm {y}",
                "CO_TINH": f"Về việc tặng Cờ thi đua của UBND tỉnh năm {y}",
                "KNC_VSKND": "Về việc tặng Kỷ niệm chương “Vì sức khỏe nhân dân”",
                "BK_TTG": "Về việc tặng Bằng khen của Thủ tướng Chính phủ",
                "HCLD3": "Về việc tặng thưởng Huân chương Lao động",
            }[code]
        plan = _DecisionPlan(issuer=issuer, year=y, issued_on=day, subject=subject)
        if y >= PROGRAM_FROM:
            plan.id = self._id(Decision)
        self.plan_index[key] = plan
        self.plans.append(plan)
        return plan

    def number_documents(self) -> None:
        """Number every decision (and the Sở's plans and letters) per issuer and year, in date order; the
        council's biên bản in its own series."""
        rng = self.rng
        office = self._office_documents() if self.with_register else []
        by_series: dict[tuple[str, int], list] = defaultdict(list)
        for plan in self.plans:
            by_series[(plan.issuer, plan.issued_on.year)].append(plan)
        for plan in [*self.campaign_plans, *(d for d in office if d.kind is not DocumentKind.MINUTES)]:
            by_series[("SYT", plan.issued_on.year)].append(plan)
        for (issuer, _year), plans in by_series.items():
            rate = ISSUERS[issuer][3]
            previous = 0
            for plan in sorted(plans, key=lambda x: (x.issued_on, x.subject)):
                floor = int(plan.issued_on.timetuple().tm_yday * rate * rng.uniform(0.9, 1.0))
                plan.number = max(previous + rng.randint(1, 6), floor)
                previous = plan.number
        director, *deputies = self.signers
        for plan in self.plans:
            name, level, symbol, _ = ISSUERS[plan.issuer]
            number_text = f"{plan.number}/{symbol}"
            if plan.id is None:
                continue
            signer_name, signer_title = self._signer(plan.issuer, director, deputies[:2])
            document_id = None
            if plan.issuer == "SYT" and self.with_register:
                document_id = self._id(OutgoingDocument)
                self._add(
                    OutgoingDocument,
                    self._document(
                        document_id, DocumentKind.DECISION, plan, symbol, signer_name, signer_title
                    ),
                )
            self._add(
                Decision,
                {
                    "id": plan.id,
                    "document_id": document_id,
                    "number_text": number_text,
                    "issued_on": plan.issued_on,
                    "issuer": name,
                    "level": level,
                    "year": plan.year,
                    "subject": plan.subject,
                    "signer_name": signer_name,
                    "signer_title": signer_title,
                    "base_salary": self.cat.base_salary(plan.issued_on),
                    "status": DecisionStatus.ISSUED,
                },
            )
        for award, plan in self.history_awards:
            name, _level, symbol, _ = ISSUERS[plan.issuer]
            award["decision_number"] = f"{plan.number}/{symbol}"
            award["decision_date"] = plan.issued_on
            award["decision_issuer"] = name
        for plan in self.campaign_plans:
            if self.with_register:
                signer_name, signer_title = self._signer("SYT", director, deputies[:2])
                document_id = self._id(OutgoingDocument)
                row = self._document(
                    document_id, DocumentKind.PLAN, plan, "KH-SYT", signer_name, signer_title
                )
                campaign_id = plan.campaign_row["id"]
                items = [x["text"] for x in self.rows[ContentItem] if x["campaign_id"] == campaign_id]
                start, end = plan.campaign_row["start_date"], plan.campaign_row["end_date"]
                row["content"] = office_documents.plan_content(
                    plan.campaign_row,
                    items,
                    MULTI_YEAR_TREE.splitlines() if campaign_id == self.campaign_ids["GIAI_DOAN"] else (),
                    review_sentences(start, end) if start.year < end.year else (),
                )
                self._add(OutgoingDocument, row)
                plan.campaign_row["launch_document_id"] = document_id
        council: dict[int, int] = defaultdict(int)  # the council's own series, from 01 each year
        for doc in sorted(office, key=lambda x: x.issued_on):
            if doc.kind is DocumentKind.MINUTES:
                council[doc.issued_on.year] += 1
                doc.number = council[doc.issued_on.year]
            signer_name, signer_title = (
                (director.name, "CHỦ TỌA")
                if doc.kind is DocumentKind.MINUTES
                else self._signer("SYT", director, deputies[:2])
            )
            row = self._document(
                self._id(OutgoingDocument), doc.kind, doc, doc.symbol, signer_name, signer_title
            )
            row.update(
                content=doc.content,
                recipients=doc.recipients,
                series=COUNCIL_SERIES if doc.kind is DocumentKind.MINUTES else "CHUNG",
            )
            self._add(OutgoingDocument, row)

    def former_departments(self) -> None:
        """The registers of the former departments the province took over in 2025 (app.demo.former): every
        demo but the small one, when this one's register is the demo's to fill."""
        self.merged: list[tuple[str, int, int]] = []
        if self.small or not self.with_register:
            return

        def document(kind: DocumentKind, entry, signer_name: str, signer_title: str) -> dict:
            return self._document(
                self._id(OutgoingDocument), kind, entry, entry.symbol, signer_name, signer_title
            )

        self.merged, outgoing, incoming = former_registers(self.seed, PROGRAM_FROM, document)
        self.rows[OutgoingDocument] += outgoing
        self.rows[IncomingDocument] += incoming

    def pay_titles_once(self) -> None:
        """One bonus per achievement (NĐ 152/2025 Điều 49 khoản 5, app.rules.money): the emulation titles one
        subject holds for a year, decided in date order, pay only the highest, a later one the difference
        (or as parameter bonus_several_titles says), with the note the decision's list prints."""
        plans = {plan.id: plan for plan in self.plans if plan.id is not None}
        code_of = {type_id: code for code, type_id in self.cat.ids.items()}
        # The subjects holding more than one paid title of a year (a million LĐTT hold one: kept small).
        first: dict[int, dict] = {}
        several: dict[int, list[dict]] = {}
        for award in self.rows[AwardRow]:
            if award["is_title"] and award.get("decision_id") and award.get("bonus_amount") is not None:
                key = _subject_order(award)
                seen = first.setdefault(key, award)
                if seen is not award:
                    several.setdefault(key, [seen]).append(award)
        del first
        for awards in several.values():
            awards.sort(
                key=lambda a: (
                    plans[a["decision_id"]].issued_on,
                    plans[a["decision_id"]].number,
                    a["decision_id"],
                )
            )
            paid: list[PaidTitle] = []
            for decision_id in dict.fromkeys(a["decision_id"] for a in awards):
                plan = plans[decision_id]
                mine = [a for a in awards if a["decision_id"] == decision_id]
                names = [self.cat.names[code_of[a["award_type_id"]]] for a in mine]
                settled = one_bonus_per_achievement(
                    list(zip(names, (a["bonus_amount"] for a in mine), strict=True)),
                    paid,
                    self.cat.several_titles_mode(plan.issued_on),
                )
                decision = f"QĐ số {plan.number}/{ISSUERS[plan.issuer][2]} ngày {vn_date(plan.issued_on)}"
                for award, name, bonus in zip(mine, names, settled, strict=True):
                    award["bonus_amount"] = bonus.amount
                    if bonus.note:
                        award["bonus_note"] = bonus.note
                    paid.append(PaidTitle(name, bonus.amount, decision))

    def _office_documents(self) -> list[office_documents.OfficeDocument]:
        """Each program year's letters, Tờ trình and biên bản, from an RNG of their own (the rest of the
        province stays as the seed made it)."""
        rng = random.Random(self.seed * 7919 + 1)
        people = {p.id: p for p in self.persons}
        code_of = {type_id: code for code, type_id in self.cat.ids.items()}

        def listed(award: dict) -> office_documents.Listed:
            award_name = self.cat.names[code_of[award["award_type_id"]]]
            if "person_id" in award:
                p = people[award["person_id"]]
                unit = self.unit_by_id[p.unit_on(dt.date(award["year"], 12, 1))]
                return office_documents.Listed(p.name, p.position, unit.name, False, award_name)
            unit = self.unit_by_id[award["unit_id"]]
            above = unit.parent.name if unit.parent is not None and unit.parent is not self.root else None
            return office_documents.Listed(unit.name, None, above, True, award_name)

        by_year: dict[tuple[str, int], list[_DecisionPlan]] = defaultdict(list)
        for plan in self.plans:
            if plan.id is not None and plan.issuer in ("SYT", "UBND"):
                by_year[(plan.issuer, plan.year)].append(plan)
        wanted = {plan.id for plans in by_year.values() for plan in plans}
        # Named below: the province's awards (the Tờ trình) and the Sở's CSTĐCS (the council's biên bản).
        province_ids = {
            plan.id for (issuer, _), plans in by_year.items() if issuer == "UBND" for plan in plans
        }
        cstdcs = self.cat.ids["CSTDCS"]
        needed = [
            a
            for a in self.rows[AwardRow]
            if a.get("decision_id") in wanted
            and (a["award_type_id"] == cstdcs or a["decision_id"] in province_ids)
        ]
        awards = office_documents.listed_awards(needed, wanted, listed)
        director, *deputies = self.signers
        out: list[office_documents.OfficeDocument] = []
        for y in range(PROGRAM_FROM, LAST_YEAR + 1):
            out += office_documents.year_letters(rng, y)
            province = sorted(by_year.get(("UBND", y), []), key=lambda x: x.issued_on)
            if province:
                names = [x for plan in province for x in awards.get(plan.id, [])]
                out.append(office_documents.submission(rng, y, province[0].issued_on, names))
            voted = [
                x
                for plan in by_year.get(("SYT", y), [])
                for x in awards.get(plan.id, [])
                if x.award == self.cat.names["CSTDCS"]
            ]
            out.append(office_documents.minutes(rng, y, voted, director.name, deputies[-1].name))
            cluster = next((c for c in self.rows[Cluster] if c["year"] == y), None)
            if cluster is not None:
                heads = [
                    (self.unit_by_id[m["unit_id"]].name, self.unit_by_id[m["unit_id"]].head_name)
                    for m in self.rows[ClusterMember]
                    if m["cluster_id"] == cluster["id"]
                ]
                title = cluster_title(cluster["kind"], cluster["name"])
                out.append(office_documents.pledge(rng, y, title, heads))
        return out

    def _signer(self, issuer: str, director: _Person, deputies: list[_Person]) -> tuple[str | None, str]:
        rng = self.rng
        deputy = rng.random() < 0.3
        if issuer == "SYT":
            return (rng.choice(deputies).name, "PHÓ GIÁM ĐỐC") if deputy else (director.name, "GIÁM ĐỐC")
        if issuer == "UBND":
            return (PROVINCE_VICE_CHAIR, "PHÓ CHỦ TỊCH") if deputy else (PROVINCE_CHAIR, "CHỦ TỊCH")
        return None, {"BYT": "BỘ TRƯỞNG", "TTG": "THỦ TƯỚNG", "CTN": "CHỦ TỊCH NƯỚC"}[issuer]

    @staticmethod
    def _document(document_id: int, kind: DocumentKind, plan, symbol: str, signer_name, signer_title) -> dict:
        return {
            "id": document_id,
            "kind": kind,
            "series": "CHUNG",
            "year": plan.issued_on.year,
            "number": plan.number,
            "symbol": symbol,
            "issued_on": plan.issued_on,
            "subject": plan.subject,
            "recipients": "Như Điều 3;\nLưu: VT, TĐKT."
            if kind is DocumentKind.DECISION
            else "Các đơn vị trực thuộc Sở;\nLưu: VT, TĐKT.",
            "signer_name": signer_name,
            "signer_title": signer_title,
            "drafter_initials": "NTH",  # ô 12: the drafting clerk's initials and the copies issued
            "copies": 12,
            "status": DocumentStatus.REGISTERED,
            "content": None,
            "origin": DocumentOrigin.PROGRAM,
        }

    # -- campaigns, targets, registrations -----------------------------------------------------

    def build_campaigns(self) -> None:
        """Campaigns are made before the years run, so thematic awards can name them."""
        rng = self.rng
        self.campaign_plans: list[_DecisionPlan] = []
        self.campaign_names: dict[str, str] = {}
        self.spanning_campaigns: list[str] = []

        def campaign(
            key: str,
            name: str,
            kind: CampaignKind,
            start: dt.date,
            end: dt.date,
            theme: str,
            content: tuple[str, ...],
            phases: list[tuple[str, dt.date, dt.date, str]],
            launcher: Launcher = Launcher.DEPARTMENT,
            launched: dt.date | None = None,
        ) -> int:
            campaign_id = self._id(Campaign)
            row = self._add(
                Campaign,
                {
                    "id": campaign_id,
                    "name": name,
                    "theme": theme,
                    "kind": kind,
                    "launcher": launcher,
                    "start_date": start,
                    "end_date": end,
                    "legal_basis": texts.LEGAL_BASIS if start.year >= NEW_LAW_FROM else texts.OLD_LEGAL_BASIS,
                    "rule_set_date": start,
                    "launch_document_id": None,
                    "note": None,
                },
            )
            for number, (phase_name, first, last, focus) in enumerate(phases, start=1):
                self._add(
                    Phase,
                    {
                        "campaign_id": campaign_id,
                        "number": number,
                        "name": phase_name,
                        "start_date": first,
                        "end_date": last,
                        "focus": focus,
                    },
                )
            for order, line in enumerate(content, start=1):
                self._add(
                    ContentItem,
                    {"campaign_id": campaign_id, "number": str(order), "text": line, "sort_order": order},
                )
            launch_day = launched or start - dt.timedelta(days=rng.randint(5, 20))
            plan = _DecisionPlan(
                issuer="SYT",
                year=launch_day.year,
                issued_on=launch_day,
                subject=office_documents.plan_subject(name, launcher),
            )
            plan.campaign_row = row
            self.campaign_plans.append(plan)
            self.campaign_ids[key] = campaign_id
            self.campaign_names[key] = name
            if start.year < end.year:  # its yearly reviews and tổng kết are the office's (app.demo.office)
                self.spanning_campaigns.append(key)
            return campaign_id

        for year in range(PROGRAM_FROM, (LAST_YEAR if self.small else WORKING_YEAR) + 1):
            campaign(
                f"REGULAR{year}",
                f"Phong trào thi đua thường xuyên năm {year}",
                CampaignKind.REGULAR,
                dt.date(year, 1, 1),
                dt.date(year, 12, 31),
                texts.REGULAR_THEMES[year % len(texts.REGULAR_THEMES)],
                texts.REGULAR_CONTENT,
                [
                    ("Đợt 1", dt.date(year, 1, 1), dt.date(year, 6, 30), "Sơ kết 6 tháng đầu năm"),
                    ("Đợt 2", dt.date(year, 7, 1), dt.date(year, 12, 31), "Tổng kết năm, bình xét danh hiệu"),
                ],
                Launcher.JOINT_UNION if year % 2 else Launcher.DEPARTMENT,
            )
        campaign(
            "COVID",
            "Phong trào thi đua “Ngành Y tế chung tay phòng, chống dịch COVID-19”",
            CampaignKind.THEMATIC,
            dt.date(2020, 3, 1),
            dt.date(2022, 12, 31),
            "Chống dịch như chống giặc",
            texts.COVID_CONTENT,
            [],
        )
        multi = campaign(
            "GIAI_DOAN",
            "Phong trào thi đua “Đổi mới, sáng tạo, nâng cao chất lượng dịch vụ y tế” giai đoạn 2023–2025",
            CampaignKind.MULTI_YEAR,
            dt.date(2023, 1, 1),
            dt.date(2025, 12, 31),
            "Vì sức khỏe nhân dân",
            (),  # its content is a tree of groups and sub-items, entered by the office (app.demo.office)
            [],
        )
        # Campaigns of higher bodies the Sở carries out, with the document that reached it.
        self.launched_above = []
        for key, name, kind, start, end, theme, content, launcher, received in (
            (
                "VI_NGUOI_NGHEO",
                "Phong trào thi đua “Cả nước chung tay vì người nghèo – Không để ai bị bỏ lại phía sau” "
                "giai đoạn 2021–2025",
                CampaignKind.MULTI_YEAR,
                dt.date(2021, 7, 1),
                dt.date(2025, 12, 31),
                "Không để ai bị bỏ lại phía sau",
                texts.POVERTY_CONTENT,
                Launcher.PRIME_MINISTER,
                (dt.date(2021, 6, 14), f"UBND tỉnh {PROVINCE}", "112/KH-UBND", "Kế hoạch"),
            ),
            (
                "LAO_DONG_GIOI",
                "Phong trào thi đua “Lao động giỏi, lao động sáng tạo” năm 2024",
                CampaignKind.THEMATIC,
                dt.date(2024, 3, 1),
                dt.date(2024, 11, 30),
                "Lao động giỏi, lao động sáng tạo",
                texts.UNION_CONTENT,
                Launcher.SECTOR_UNION,
                (dt.date(2024, 2, 5), f"Công đoàn Ngành Y tế tỉnh {PROVINCE}", "09/KH-CĐN", "Kế hoạch"),
            ),
        ):
            day, issuer, number, doc_kind = received
            campaign(key, name, kind, start, end, theme, content, [], launcher, day + dt.timedelta(days=18))
            # the province relays the Prime Minister's campaign; the union's own plan launches its campaign
            said = office_documents.plan_subject(
                name, launcher if issuer.startswith("UBND") else Launcher.DEPARTMENT
            )
            self.launched_above.append((day, issuer, number, doc_kind, said, (key,)))
        self.targets = []
        for order, (name, measure, comparison, low, high, kinds) in enumerate(
            (
                ("Số bác sĩ trên 10.000 dân", "bác sĩ/vạn dân", TargetComparison.RANGE, 8.5, 9.0, "centre"),
                (
                    "Số giường bệnh trên 10.000 dân",
                    "giường/vạn dân",
                    TargetComparison.RANGE,
                    24.0,
                    25.0,
                    "centre",
                ),
                ("Tỷ lệ dân số tham gia bảo hiểm y tế", "%", TargetComparison.AT_LEAST, 92.0, None, "centre"),
                (
                    "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ",
                    "%",
                    TargetComparison.AT_LEAST,
                    95.0,
                    None,
                    "centre",
                ),
                (
                    "Tỷ lệ người bệnh hài lòng với dịch vụ y tế",
                    "%",
                    TargetComparison.AT_LEAST,
                    90.0,
                    None,
                    "hospital",
                ),
            ),
            start=1,
        ):
            target_id = self._id(Target)
            self._add(
                Target,
                {
                    "id": target_id,
                    "campaign_id": multi,
                    "name": name,
                    "measure": measure,
                    "comparison": comparison,
                    "value_min": low,
                    "value_max": high,
                    "sort_order": order,
                },
            )
            self.targets.append((target_id, low, high, kinds))

    def build_target_results(self) -> None:
        rng = self.rng
        for year in (2023, 2024, 2025):
            for org in self.orgs:
                if not org.exists(year):
                    continue
                kind = (
                    "centre"
                    if org.kind is UnitKind.HEALTH_CENTER
                    else "hospital"
                    if org.kind is UnitKind.HOSPITAL
                    else None
                )
                for target_id, low, high, kinds in self.targets:
                    if kinds != kind:
                        continue
                    progress = (year - 2023) * 0.25 + org.latent * 0.6
                    if high is not None:
                        value = low - 1.2 + (high - low + 1.6) * min(1.0, progress) + rng.uniform(-0.3, 0.3)
                    else:
                        value = min(100.0, low - 4 + 6 * min(1.0, progress) + rng.uniform(-1.5, 1.5))
                    self._add(
                        TargetResult,
                        {"target_id": target_id, "unit_id": org.id, "year": year, "value": round(value, 2)},
                    )

    def build_registrations(self) -> None:
        """Đăng ký thi đua of the latest year (and of the working year but in the small demo): every hospital,
        for itself and its staff."""
        for year in (LAST_YEAR,) if self.small else (LAST_YEAR, WORKING_YEAR):
            self._registrations(year)

    def _registrations(self, year: int) -> None:
        rng = self.rng
        campaign_id = self.campaign_ids[f"REGULAR{year}"]
        day = dt.date(year, 1, 15)
        for org in self.orgs:
            if org.kind is not UnitKind.HOSPITAL or not org.exists(year):
                continue
            roll = rng.random()
            status = (
                RegistrationStatus.APPROVED
                if roll < 0.8
                else RegistrationStatus.RECEIVED
                if roll < 0.95
                else RegistrationStatus.RETURNED
            )
            registration_id = self._id(Registration)
            self._add(
                Registration,
                {
                    "id": registration_id,
                    "year": year,
                    "unit_id": org.id,
                    "campaign_id": campaign_id,
                    "status": status,
                    "status_reason": "Thiếu danh sách cá nhân đăng ký Chiến sĩ thi đua cơ sở"
                    if status is RegistrationStatus.RETURNED
                    else None,
                    "received_on": dt.date(year, 1, rng.randint(8, 31)),
                    "note": None,
                },
            )
            title = "TTLDXS" if org.ratings.get(year - 1) is EXCELLENT else "TTLDTT"
            self._add(
                RegistrationItem,
                {
                    "registration_id": registration_id,
                    "person_id": None,
                    "award_type_id": self.cat.ids[title],
                    "note": None,
                },
            )
            for p in self.staff_on(org, day):
                if rng.random() < 0.85:
                    self._add(
                        RegistrationItem,
                        {
                            "registration_id": registration_id,
                            "person_id": p.id,
                            "award_type_id": self.cat.ids["LDTT"],
                            "note": None,
                        },
                    )
                    if rng.random() < 0.1 + 0.3 * p.talent**3:
                        self._add(
                            RegistrationItem,
                            {
                                "registration_id": registration_id,
                                "person_id": p.id,
                                "award_type_id": self.cat.ids["CSTDCS"],
                                "note": None,
                            },
                        )

    @staticmethod
    def staff_on(org: _Unit, day: dt.date) -> list[_Person]:
        """The organisation's staff on `day` (in it or in one of its departments)."""
        here = (org.id, *(d.id for d in org.depts))
        return [
            p
            for unit in [org, *org.depts]
            for p in unit.persons
            if p.postings[-1][1] <= day and (p.left_on is None or p.left_on > day) and p.unit_on(day) in here
        ]

    # -- rows for units and persons ------------------------------------------------------------

    def finish_rows(self) -> None:
        for unit in self.units:
            self._add(
                Unit,
                {
                    "id": unit.id,
                    "code": unit.code,
                    "name": unit.name,
                    "short_name": unit.short_name,
                    "name_folded": fold(unit.name),
                    "kind": unit.kind,
                    "parent_id": unit.parent.id if unit.parent else None,
                    "status": unit.status,
                    "established_on": unit.established_on,
                    "ended_on": unit.ended_on,
                    "sort_order": unit.sort_order,
                    "head_name": unit.head_name,
                    "note": None,
                },
            )
        for p in self.persons:
            last = p.postings[-1]
            self._add(
                Person,
                {
                    "id": p.id,
                    "full_name": p.name,
                    "name_folded": fold(p.name),
                    "sort_key": name_sort_key(p.name),
                    "gender": "FEMALE" if p.female else "MALE",
                    "birth_date": p.birth_date,
                    "birth_year": p.birth_year,
                    "ethnicity": p.ethnicity,
                    "unit_id": last[0],
                    "position": last[3],
                    "professional_title": last[4],
                    "health_sector_since": p.since,
                    "phone": p.phone,
                    "left_on": p.left_on,
                    "note": None,
                },
            )
            for unit_id, start, end, position, title, note in p.postings:
                self._add(
                    Posting,
                    {
                        "person_id": p.id,
                        "unit_id": unit_id,
                        "position": position,
                        "professional_title": title,
                        "start_date": start,
                        "end_date": end,
                        "note": note,
                    },
                )
        # Units first (parents before children), then everything that points at them.
        self.rows[Unit].sort(key=lambda r: r["id"])
        # Ratings and awards in subject order: each person's history sits together on disk, and the
        # indexes on person_id grow at their end, which is the cheapest way to fill them.
        self.rows[Rating].sort(key=_subject_order)
        self.rows[AwardRow].sort(key=lambda r: _subject_order(r) * 256 + r["award_type_id"])
        for award in self.rows[AwardRow]:
            award["id"] = self._id(AwardRow)
        for initiative in self.rows[Initiative]:
            if initiative["used_by_award_id"] is not None:
                initiative["used_by_award_id"] = initiative["used_by_award_id"]["id"]


def _subject_order(row: dict) -> int:
    """People by id, then units by id; then by year."""
    subject = row.get("person_id") or (1 << 32) + row["unit_id"]
    return subject * 4096 + row["year"]


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def _years_between(start: dt.date, day: dt.date) -> int:
    return day.year - start.year - ((day.month, day.day) < (start.month, start.day))


def _retirement_day(born: dt.date, female: bool = True) -> dt.date:
    """Retirement age: women 55, men 60 until 2020, then 4 (women) or 3 (men) months more each year (BLLĐ
    2019, NĐ 135/2020)."""
    age, step = (55, 4) if female else (60, 3)
    for year in range(born.year + age, born.year + age + 7):
        months = age * 12 if year < 2021 else age * 12 + step * (year - 2020)
        day = _add_months(born, months)
        if day.year <= year:
            return day
    return _add_months(born, (60 if female else 62) * 12)


# ---------------------------------------------------------------------------------------------
# Writing


INSERT_ORDER = (
    Unit,
    UnitEvent,
    UnitEventLink,
    UnitName,
    Person,
    Posting,
    Rating,
    Discipline,
    OutgoingDocument,
    IncomingDocument,
    Campaign,
    Phase,
    ContentItem,
    Target,
    TargetResult,
    Decision,
    AwardRow,
    Initiative,
    InitiativeAuthor,
    Cluster,
    ClusterMember,
    Registration,
    RegistrationItem,
)
EXPLICIT_IDS = (
    Unit,
    UnitEvent,
    Person,
    OutgoingDocument,
    Campaign,
    Target,
    Decision,
    AwardRow,
    Initiative,
    Cluster,
    Registration,
)
WRITING = {Person: "cán bộ", Rating: "lượt xếp loại", AwardRow: "khen thưởng", Initiative: "sáng kiến"}
# Tables whose rows leave out the columns they do not fill (none of those has a default).
SPARSE = (Rating, AwardRow)
CHUNK = 20_000
CACHE_MIB = 64  # SQLite's page cache while the demo's rows are written
RELEASED = (Posting, Rating, AwardRow)  # rows nothing reads once written: their memory goes back at once


def _plain(model) -> bool:
    """Whether every column of the table is a number, a text, an enum, a flag or a date: such rows go to the
    driver as they are (`_driver_insert`)."""
    stamped = ("created_at", "updated_at") if issubclass(model, TIMESTAMPED) else ()
    return all(
        isinstance(c.type, (Integer, String, Boolean, Date)) or c.key in stamped
        for c in model.__table__.columns
    )


def _driver_insert(connection, model, keys: tuple[str, ...], rows: list[dict]) -> None:
    """The rows of a plain table straight to the driver's executemany, in chunks: SQLAlchemy's per-row
    parameter processing is most of the time of a million-row insert. Enums become their codes, dates their
    ISO text on SQLite (as SQLAlchemy stores them); the database clock stamps created_at/updated_at."""
    dialect = connection.dialect
    table = model.__table__
    quote = dialect.identifier_preparer.quote
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    names, values = [quote(k) for k in keys], [mark] * len(keys)
    for column in table.columns:
        if column.key in keys:
            continue
        if issubclass(model, TIMESTAMPED) and column.key in ("created_at", "updated_at"):
            names.append(quote(column.key))
            values.append("CURRENT_TIMESTAMP")
        elif column.default is not None and column.server_default is None:
            if not column.default.is_scalar:
                raise AssertionError(f"{table.name}.{column.key}: a Python default the rows must give")
            names.append(quote(column.key))
            value = literal(column.default.arg, column.type)
            values.append(str(value.compile(dialect=dialect, compile_kwargs={"literal_binds": True})))
    sql = f"INSERT INTO {quote(table.name)} ({', '.join(names)}) VALUES ({', '.join(values)})"
    fixes = []
    for i, key in enumerate(keys):
        kind = table.c[key].type
        if isinstance(kind, EnumType) and kind.enum_class is not None:
            codes = {m: m.value for m in kind.enum_class}
            fixes.append((i, codes.__getitem__))
        elif isinstance(kind, Date) and dialect.name == "sqlite":
            fixes.append((i, dt.date.isoformat))
    get = itemgetter(*keys) if len(keys) > 1 else (lambda row: (row[keys[0]],))
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        if fixes:
            params = []
            for row in chunk:
                values_ = list(get(row))
                for i, fix in fixes:
                    if values_[i] is not None and not isinstance(values_[i], str):
                        values_[i] = fix(values_[i])
                params.append(tuple(values_))
        else:
            params = [get(row) for row in chunk]
        connection.exec_driver_sql(sql, params)


def _insert(session: Session, model, rows: list[dict]) -> None:
    """Executemany in chunks. Sparse rows (ratings, awards) are grouped by the columns they fill."""
    if not rows:
        return
    if _plain(model):
        groups: dict[tuple, list[dict]] = defaultdict(list)
        for row in rows:
            groups[tuple(row)].append(row)
        for keys, group in groups.items():
            _driver_insert(session.connection(), model, keys, group)
        return
    statement = insert(model)
    if issubclass(model, TIMESTAMPED):
        # The database clock stamps the rows: cheaper than converting a Python datetime per row.
        statement = statement.values(created_at=func.now(), updated_at=func.now())
    groups: dict[tuple, list[dict]] = {}
    if model in SPARSE:
        for row in rows:
            groups.setdefault(tuple(row), []).append(row)
    else:
        groups[()] = rows  # every row names every column, in the order given (parents first)
    connection = session.connection()
    for group in groups.values():
        for start in range(0, len(group), CHUNK):
            connection.execute(statement, group[start : start + CHUNK])


@contextmanager
def _large_cache(session: Session) -> Iterator[None]:
    """SQLite's page cache at CACHE_MIB while the rows go in (its default 2 MiB makes every insert into the
    random uid indexes a trip to the file), its size before afterwards."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    before = session.execute(text("PRAGMA cache_size")).scalar()
    session.execute(text(f"PRAGMA cache_size = {-CACHE_MIB * 1024}"))
    try:
        yield
    finally:
        session.execute(text(f"PRAGMA cache_size = {int(before)}"))


def _holds_data(session: Session) -> str | None:
    if session.scalar(select(Person.id).limit(1)) is not None:
        return "cán bộ"
    if session.scalar(select(Unit.id).limit(1)) is not None:
        return "đơn vị"
    return None


def build_demo(
    db: Database,
    small: bool = False,
    seed: int = 2025,
    progress: Progress | None = None,
    staff: int | None = None,
) -> DemoStats:
    """Fill an empty database with a demo province; refuse if it already holds staff or units."""
    say = progress or (lambda _line: None)
    started = time.perf_counter()
    ctx = ServiceContext(db, actor="demo")
    total = staff if staff is not None else SMALL_STAFF if small else FULL_STAFF
    with ctx.read() as s:
        found = _holds_data(s)
        if found:
            raise UserError(
                f"Cơ sở dữ liệu này đã có {found}. Dữ liệu mẫu chỉ được tạo trong một cơ sở dữ liệu trống, "
                "để không lẫn với dữ liệu thật. Hãy chọn một tệp dữ liệu mới (ví dụ: --db demo.sqlite3)."
            )
        catalogue = _Catalogue.load(s)
        id_base = {model: (s.scalar(select(func.max(model.id))) or 0) + 1 for model in EXPLICIT_IDS}
        with_register = s.scalar(select(OutgoingDocument.id).limit(1)) is None
        has_agency = s.scalar(select(Agency.id).limit(1)) is not None
    builder = _Builder(
        small=small,
        seed=seed,
        staff=total,
        catalogue=catalogue,
        id_base=id_base,
        with_register=with_register,
        say=say,
    )
    minimum = 2 * (len(organisations(small, total)) + 1) + 4
    if total < minimum:
        raise UserError(f"Số cán bộ mẫu quá ít: cần ít nhất {minimum}.")
    builder.build_units()
    builder.build_staff()
    builder.build_campaigns()
    builder.simulate()
    builder.build_target_results()
    builder.build_registrations()
    builder.number_documents()
    builder.former_departments()
    builder.pay_titles_once()
    builder.finish_rows()

    rows = builder.rows
    stats = DemoStats(
        seed=seed,
        first_year=builder.first_year,
        units=len(rows[Unit]),
        staff=len(rows[Person]),
        postings=len(rows[Posting]),
        ratings=len(rows[Rating]),
        disciplines=len(rows[Discipline]),
        initiatives=len(rows[Initiative]),
        awards=len(rows[AwardRow]),
        decisions=len(rows[Decision]),
        documents=len(rows[OutgoingDocument]),
        clusters=len(rows[Cluster]),
        campaigns=len(rows[Campaign]),
        registrations=len(rows[Registration]),
        former_departments=[label for label, _, _ in builder.merged],
    )
    code_of = {type_id: code for code, type_id in catalogue.ids.items()}
    by_code: dict[str, int] = defaultdict(int)
    for award in rows[AwardRow]:
        by_code[code_of[award["award_type_id"]]] += 1
    stats.awards_by_code = dict(sorted(by_code.items()))
    stats.award_names = {code: catalogue.short_names[code] for code in by_code}

    if not has_agency:
        director, *deputies = builder.signers
        save_agency(
            ctx,
            AgencyInfo(
                parent_name=AGENCY_PARENT,
                name=AGENCY_NAME,
                symbol=AGENCY_SYMBOL,
                place_name=PROVINCE,
                address=AGENCY_ADDRESS,
                signers=(
                    SignerInfo(director.name, "Giám đốc", is_default=True),
                    *(
                        SignerInfo(d.name, "Phó Giám đốc", SignAuthority.DEPUTY, "Giám đốc")
                        for d in deputies[:2]
                    ),
                ),
            ),
        )
    say("Ghi vào cơ sở dữ liệu…")
    with ctx.write("Tạo dữ liệu mẫu") as s:
        found = _holds_data(s)
        if found:
            raise UserError(f"Cơ sở dữ liệu này vừa có {found}; không tạo dữ liệu mẫu.")
        builder.history_awards = []  # numbered: the rows alone hold the awards now
        with _large_cache(s):
            for model in INSERT_ORDER:
                model_rows = rows.get(model) or []
                if model in WRITING:
                    say(f"  … {int_text(len(model_rows))} {WRITING[model]}")
                _insert(s, model, model_rows)
                if model in RELEASED:
                    rows[model] = model_rows = []
        if s.get_bind().dialect.name == "postgresql":
            for model in EXPLICIT_IDS:
                table = model.__tablename__
                s.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                    )
                )
        record_bulk(
            s,
            "demo",
            "import",
            "demo",
            f"Tạo dữ liệu mẫu tỉnh {PROVINCE} (hạt giống {seed})",
            stats.as_dict(),
        )
        for label, outgoing, incoming in builder.merged:  # as merge_database notes a merge
            record_bulk(
                s,
                "demo",
                "merge",
                "database",
                f"Hợp nhất dữ liệu từ {label} (dữ liệu mẫu): {int_text(outgoing)} văn bản đi, "
                f"{int_text(incoming)} văn bản đến",
                {"former_department": label, "outgoing_documents": outgoing, "incoming_documents": incoming},
            )
    say("Kế hoạch, chỉ tiêu, văn bản đến, khối thi đua, mô hình và giải pháp…")
    Office(ctx, builder).enter()
    stats.seconds = time.perf_counter() - started
    say("Xong.")
    return stats
