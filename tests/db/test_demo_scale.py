"""`demo --scale N`: a province of N staff with fifteen years of history, its unit tree growing with N, and the
registers of the two former departments it took over in 2025 kept as merge-database keeps them."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import shutil
import unicodedata
from collections import defaultdict

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.demo import LAST_YEAR
from app.demo.structure import BASE_STAFF, organisations
from app.services.context import ServiceContext
from app.services.documents import list_documents
from app.services.incoming import list_incoming
from app.services.overview import load_overview
from app.services.register import SERIES, next_number
from app.startup import open_database
from database.engine import sqlite_url
from database.enums import DocumentOrigin
from database.models import (
    AuditEntry,
    Award,
    Campaign,
    IncomingDocument,
    OutgoingDocument,
    Person,
    Rating,
    Registration,
    Unit,
)
from tests.db.conftest import BACKENDS

STAFF = 3_000
FORMER = ("Sở Y tế tỉnh Hà Xuyên", "Sở Y tế tỉnh Tây Lâm")
MERGED_ON = dt.date(2025, 7, 1)
WORKING_YEAR = 2026


def _unit_count(staff: int) -> int:
    orgs = organisations(False, staff)
    return 1 + len(orgs) + sum(len(o.depts) for o in orgs)


def test_the_unit_tree_grows_with_the_province():
    """About 155 units at 25,000 staff, several hundred at 100,000 (the former provinces' hospitals and
    centres), no two with one code or one name."""
    counts = [_unit_count(n) for n in (3_000, BASE_STAFF, 50_000, 100_000, 200_000)]
    assert counts[0] == counts[1] == 155
    assert counts[1] < counts[2] < counts[3] < counts[4]
    assert 400 <= counts[3] <= 600
    orgs = organisations(False, 100_000)
    assert len({o.code for o in orgs}) == len(orgs) and len({o.name for o in orgs}) == len(orgs)
    assert all(unicodedata.is_normalized("NFC", o.name) for o in orgs)
    places = {o.district for o in orgs if o.district}
    assert len(places) == sum(1 for o in orgs if o.district)  # a place names one centre
    assert any(o.name.startswith("Bệnh viện Đa khoa Hà Xuyên") for o in orgs)
    assert any(o.merged_into == "CDC" for o in orgs)  # the former provinces' CDCs merged into the province's


@pytest.fixture(scope="module", params=BACKENDS)
def province(request, tmp_path_factory, postgres, templates):
    """One province of STAFF staff per backend, built by the command line."""
    folder = tmp_path_factory.mktemp("scale")
    if request.param == "sqlite":
        path = folder / "scale.sqlite3"
        shutil.copyfile(templates("sqlite"), path)
        target = ["--db", str(path)]
        url = sqlite_url(path)
    else:
        url = postgres.create(template=templates("postgresql").database)
        target = ["--db-url", url]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main([*target, "demo", "--scale", str(STAFF), "--admin-password", "Quy-mo-2026!"]) == 0
    db = open_database(url, backup_dir=folder / "backups")
    yield ServiceContext(db, actor="tester"), out.getvalue()
    db.dispose()
    if request.param != "sqlite":
        postgres.drop(url)


def test_the_command_says_what_it_built(province):
    _, said = province
    assert "3.000 cán bộ" in said and "2011–2025" in said
    assert all(label in said for label in FORMER)


def test_fifteen_years_of_history_for_staff_and_units(province):
    ctx, _ = province
    with ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == STAFF
        assert s.scalar(select(func.count()).select_from(Unit)) == 155
        people = dict(
            s.execute(
                select(Rating.year, func.count()).where(Rating.person_id.is_not(None)).group_by(Rating.year)
            ).all()
        )
        units = set(s.scalars(select(Rating.year).where(Rating.unit_id.is_not(None)).distinct()))
        awarded = set(s.scalars(select(Award.year).where(Award.person_id.is_not(None)).distinct()))
        left = s.scalar(select(func.count()).select_from(Person).where(Person.left_on < dt.date(2016, 1, 1)))
    assert set(people) == set(units) == set(range(2011, LAST_YEAR + 1))
    assert set(range(2011, LAST_YEAR + 1)) <= awarded
    assert min(people.values()) >= 0.5 * STAFF  # the province was already staffed in 2011
    assert left > 0  # some who retired before 2016 are in the history


def test_the_former_departments_registers_are_kept_under_their_names(province):
    """Outgoing: each former department's shared series under its name, its council's under "<name>
    (HĐTĐKT)", numbered upwards in date order, up to 30/6/2025; incoming: a book of that name, số đến from 1
    each year. The office's own numbering does not see them."""
    ctx, _ = province
    with ctx.read() as s:
        outgoing = s.execute(
            select(
                OutgoingDocument.series,
                OutgoingDocument.year,
                OutgoingDocument.number,
                OutgoingDocument.issued_on,
                OutgoingDocument.origin,
            )
        ).all()
        incoming = s.execute(
            select(IncomingDocument.series, IncomingDocument.year, IncomingDocument.received_number)
        ).all()
        own_highest = s.scalar(
            select(func.max(OutgoingDocument.number)).where(
                OutgoingDocument.series == SERIES, OutgoingDocument.year == 2022
            )
        )
        assert next_number(s, 2022, SERIES) == own_highest + 1
        merges = s.scalars(select(AuditEntry.after).where(AuditEntry.action == "merge")).all()
    series = {row.series for row in outgoing}
    for label in FORMER:
        assert {label, f"{label} (HĐTĐKT)"} <= series
        mine = sorted(
            (r for r in outgoing if r.series == label), key=lambda r: (r.year, r.issued_on, r.number)
        )
        assert {r.year for r in mine} == set(range(2020, 2026))
        assert max(r.issued_on for r in mine) < MERGED_ON
        assert {r.origin for r in mine} == {DocumentOrigin.EXTERNAL}  # their lines, not texts printed here
        by_year = defaultdict(list)
        for r in mine:
            by_year[r.year].append(r.number)
        assert all(
            numbers == sorted(numbers) and len(set(numbers)) == len(numbers) for numbers in by_year.values()
        )
        book = defaultdict(list)
        for r in incoming:
            if r.series == label:
                book[r.year].append(r.received_number)
        assert set(book) == set(range(2020, 2026))
        assert all(sorted(numbers) == list(range(1, len(numbers) + 1)) for numbers in book.values())
    assert sorted(m["former_department"] for m in merges) == sorted(FORMER)
    # the program's own registers list them
    assert len(list_documents(ctx, 2022)) == sum(1 for r in outgoing if r.year == 2022)
    assert sum(1 for e in list_incoming(ctx, 2022) if e.series in FORMER) >= 2 * 20


def test_the_province_opens_in_the_program(province):
    """The first page's figures read from it, in the working year 2026."""
    ctx, _ = province
    overview = load_overview(ctx, today=dt.date(2026, 3, 2))
    with ctx.read() as s:
        awards = s.scalar(select(func.count()).select_from(Award))
    assert overview.awards == awards and overview.awards_first_year <= 2011
    assert overview.awards_last_year == LAST_YEAR


def test_the_working_year_has_work_in_progress(province):
    """2026, the working year: its regular campaign launched by a kế hoạch in the register (signed in December)
    and the hospitals' registrations received."""
    ctx, _ = province
    with ctx.read() as s:
        (campaign,) = s.execute(
            select(Campaign.launch_document_id).where(Campaign.start_date >= dt.date(WORKING_YEAR, 1, 1))
        ).all()
        launched = s.get(OutgoingDocument, campaign.launch_document_id)
        registrations = s.scalar(
            select(func.count()).select_from(Registration).where(Registration.year == WORKING_YEAR)
        )
        assert launched.issued_on.year == WORKING_YEAR - 1 and str(WORKING_YEAR) in launched.subject
    assert registrations >= 10
