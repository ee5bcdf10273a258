"""Shared verdicts and the listing shown in two steps, on a small demo province (about 400 people with
ten years of ratings, awards, initiatives and disciplines).

- the verdicts `judge_each` shares between people whose records have the same shape (app.rules.persons
  SHAPES: what a rule reads, the records named by identity) are those each person gets judged alone;
- everyone judged at once from the loaded columns (app.rules.columns) gets the verdict the per-person path
  gives the same records, in every year of the demo, with and without grants of the same review;
- every title's listing judged title by title (`YearVerdicts`, as the window keeps it) is the listing
  judged at once, the first title's rows first; a unit's rows narrowed from it are those judged for it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import fields

import pytest

from app.demo import LAST_YEAR, build_demo
from app.rules import ALL_CODES, PERSON_CODES, PersonHistory, judge, judge_each
from app.rules.persons import SHAPES
from app.services.eligibility import load_book, load_histories
from app.services.eligibility_view import YearVerdicts, judge_list, narrowed_to_unit

YEARS = (LAST_YEAR - 1, LAST_YEAR)


@pytest.fixture(scope="module")
def province(module_ctx):
    build_demo(module_ctx.db, small=True, seed=7, staff=400)
    return load_histories(module_ctx)


def fresh_book(ctx):
    """A rule book of its own: nothing shared with any other person's verdict."""
    with ctx.read() as s:
        return load_book(s)


@pytest.mark.parametrize("year", YEARS)
def test_shared_verdicts_are_those_of_each_person_judged_alone(module_ctx, province, year):
    people = sorted(province.persons.values(), key=lambda h: h.id)
    shared = 0  # codes whose shapes put several people on one verdict
    for code in PERSON_CODES:
        verdicts = list(judge_each(people, code, year, province.book))
        alone = fresh_book(module_ctx)
        for h, verdict in zip(people, verdicts, strict=True):
            alone.year(year).verdicts.clear()  # judged as the first of their shape
            assert judge(h, code, year, alone) == verdict, (code, h.id)
        if code in SHAPES:
            keys = [SHAPES[code](h, year, frozenset(), province.book.year(year)) for h in people]
            keys = [k for k in keys if k is not None]
            shared += len(set(keys)) < len(keys)
    assert shared >= 5


def test_everyone_at_once_is_the_per_person_path(module_ctx, province):
    loaded = sorted(province.persons.values(), key=lambda h: h.id)
    given = [f.name for f in fields(PersonHistory) if f.init]
    by_hand = [  # the same records, not read into columns: judged person by person
        PersonHistory(**{name: getattr(h, name) for name in given}) for h in loaded
    ]
    assert loaded[0].columns is not None and by_hand[0].columns is None
    first, eligible = min(province.columns.rated), 0
    for year in range(first, LAST_YEAR + 1):
        granting_of = {h.id: frozenset({("CSTDCS", year), ("LDTT", year - 1)}) for h in loaded[::7]}
        for grants in ({}, granting_of) if year >= LAST_YEAR - 1 else ({},):
            for code in PERSON_CODES:
                at_once = list(judge_each(loaded, code, year, fresh_book(module_ctx), grants))
                one_by_one = list(judge_each(by_hand, code, year, fresh_book(module_ctx), grants))
                assert at_once == one_by_one, (code, year, bool(grants))
                eligible += sum(v.eligible for v in at_once)
    assert eligible > 100


def test_a_shape_keeps_the_records_it_names(module_ctx, province):
    """The shapes name records by their identity: the verdict's first subject is kept with it, so those
    records cannot be freed and their memory reused by other records while the verdict is held."""
    book = fresh_book(module_ctx)
    h = next(h for h in province.persons.values() if "CSTDCS" in h.ix.chain)
    list(judge_each([h], "CSTD_TINH", LAST_YEAR, book))
    assert any(kept is h for kept in book.year(LAST_YEAR).kept)


FIELDS = ("candidates", "texts", "folded", "eligible", "statuses", "units")


def test_every_title_judged_title_by_title_is_the_listing_judged_at_once(module_ctx, province):
    short = {"LDTT": "LĐTT"}
    whole = judge_list(module_ctx, province, LAST_YEAR, None, None, short)
    year = YearVerdicts(province, LAST_YEAR, short)
    assert year.listing() is None and year.missing == list(ALL_CODES)
    year.add("HCLD3", year.judge("HCLD3"))  # out of order (the clerk chose it): not shown in "every title"
    assert year.listing() is None and year.judged == 0 and year.listing("HCLD3") is not None
    first = ALL_CODES[0]
    year.add(first, year.judge(first))
    shown = year.listing()
    assert {c.code for c in shown.candidates} == {first} and year.judged == 1
    for code in year.missing:
        year.add(code, year.judge(code))
    done = year.listing()
    assert year.done and done.candidates[: len(shown.candidates)] == shown.candidates
    assert (done.code, done.year, done.unit_id) == (None, LAST_YEAR, None)
    for field in FIELDS:
        assert getattr(done, field) == getattr(whole, field), field
    assert len({c.code for c in done.candidates}) > 5
    # The figures added up from the titles' are those of the rows.
    assert done.counts == Counter(done.statuses) and done.eligible_count == sum(done.eligible)
    assert done.rule_sets == whole.rule_sets and done.proposable == whole.proposable


@pytest.mark.parametrize("code", [None, "LDTT", "CO_TINH"])
def test_a_units_rows_are_those_judged_for_the_unit(module_ctx, province, code):
    """A unit's listing narrowed from the province's is the one judged for that unit: its staff then, the
    units under it, the same order."""
    short = {}
    everyone = judge_list(module_ctx, province, LAST_YEAR, code, None, short)
    tried = 0
    for unit_id in sorted({u for u in everyone.units if u is not None})[:6] + [province_root(province)]:
        alone = judge_list(module_ctx, province, LAST_YEAR, code, unit_id, short)
        part = narrowed_to_unit(module_ctx, everyone, unit_id)
        assert (part.year, part.code, part.unit_id) == (LAST_YEAR, code, unit_id)
        for field in FIELDS:
            assert getattr(part, field) == getattr(alone, field), (unit_id, field)
        tried += bool(alone.candidates)
    assert tried >= 3


def province_root(province) -> int:
    """A unit with units under it."""
    return next(uid for uid, info in province.units.items() if info.parent_id is None)


def test_a_judged_year_lets_go_what_only_the_judging_used(module_ctx, province):
    """Once every title of a year is judged, the year's caches (staff, members, holders, rows, the columns'
    sets, the rules' shared verdicts, the people's own indexes) go; what the clerk asks after (a row's
    detail, a unit's rows, another judging) is the same as before, and equal verdicts are one object."""
    short = {"LDTT": "LĐTT"}
    before = judge_list(module_ctx, province, LAST_YEAR, None, None, short)
    units = sorted({u for u in before.units if u is not None})[:3] + [province_root(province)]
    narrowed_before = [judge_list(module_ctx, province, LAST_YEAR, None, u, short) for u in units]
    year = YearVerdicts(province, LAST_YEAR, short)
    for code in year.missing:
        year.add(code, year.judge(code))
    assert year.done
    for kept in (province._staff, province._members, province._holders, province._rows):
        assert LAST_YEAR not in kept
    assert all(key[0] in ("received", "holders") for key in province.columns._memo)
    assert all(h._ix is None for h in province.persons.values())
    assert not province.book.year(LAST_YEAR).verdicts and not province.book.year(LAST_YEAR).kept
    done = year.listing()
    for field in FIELDS:
        assert getattr(done, field) == getattr(before, field), field
    assert done.counts == before.counts and done.proposable == before.proposable
    n = len(done.candidates)
    for i in (0, n // 3, n // 2, n - 1):  # a row's detail, as the pane and "Đề nghị" read it
        assert done.candidates[i] == before.candidates[i] and done.row_texts(i) == before.row_texts(i)
    for unit_id, alone in zip(units, narrowed_before, strict=True):
        part = narrowed_to_unit(module_ctx, done, unit_id)
        for field in FIELDS:
            assert getattr(part, field) == getattr(alone, field), (unit_id, field)
        assert part.counts == alone.counts and part.proposable == alone.proposable
    # Judged again, the histories work out what they let go: the same rows.
    assert judge_list(module_ctx, province, LAST_YEAR, None, None, short).texts == before.texts
    verdicts = {id(v): v for v in done.candidates.verdicts()}
    assert len(verdicts) == len(set(verdicts.values())) < len(set(map(id, before.candidates.verdicts())))
