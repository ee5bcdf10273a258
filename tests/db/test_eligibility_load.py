"""The province's histories read at once (everyone's ratings and awards set into the columns in bulk) are
those each person's own read gives, on a small demo province with a few records added that the bulk read
could get wrong: two awards of a code in one year (the one stored last is kept), revoked ones, awards
recorded without a decision, a year only units were rated for.
"""

from __future__ import annotations

from dataclasses import fields

import pytest
from sqlalchemy import text

from app.demo import LAST_YEAR, build_demo
from app.rules import PersonHistory
from app.services.eligibility import load_histories

FIELDS = [f.name for f in fields(PersonHistory) if f.init and f.name != "id"]
# What a list shows of a person and where they worked (kept on the person read, not compared by ==).
SHOWN = ("full_name", "birth", "sort_key", "current_unit", "postings")


@pytest.fixture(scope="module")
def province(module_ctx):
    build_demo(module_ctx.db, small=True, seed=11, staff=300)
    with module_ctx.db.engine.begin() as conn:
        copied = (
            "award_type_id, is_title, year, period_from, period_to, basis, person_id, unit_id, achievement, "
            "bonus_amount"
        )
        holders = (
            "SELECT min(id) FROM award WHERE person_id IS NOT NULL GROUP BY person_id ORDER BY 1 LIMIT 40"
        )
        # Each of those awards twice more, revoked, from before the program (no decision), the second
        # stored last: a person has two revoked records of the code and year, and keeps the second.
        for number in ("1/TEST", "2/TEST"):
            conn.execute(
                text(
                    f"INSERT INTO award ({copied}, source, decision_number, decision_date, decision_issuer, "
                    f"revoked, version) SELECT {copied}, 'HISTORY', :number, :day, 'Sở Y tế', :yes, 1 "
                    f"FROM award WHERE id IN ({holders}) ORDER BY id"
                ),
                {"number": number, "day": f"{LAST_YEAR}-12-0{number[0]}", "yes": True},
            )
        # The units rated for a year nobody was.
        conn.execute(
            text(
                "INSERT INTO rating (unit_id, year, level) SELECT id, :year, 'GOOD' FROM unit ORDER BY id LIMIT 3"
            ),
            {"year": LAST_YEAR + 1},
        )
    return load_histories(module_ctx)


def person_read(h, info) -> tuple:
    return (*(getattr(h, name) for name in FIELDS), info and tuple(getattr(info, name) for name in SHOWN))


def test_the_bulk_read_is_each_persons_own_read(module_ctx, province):
    ids = sorted(province.persons)
    alone = load_histories(module_ctx, ids)  # read row by row, into columns of its own
    assert alone.columns is not province.columns and not alone.columns.dense and province.columns.dense
    assert alone.persons.keys() == province.persons.keys() and len(province.persons) == len(ids)
    # A whole province's people by id are read from the columns' list: ids not read are not there.
    for absent in (0, -1, max(ids) + 1, None):
        assert absent not in province.persons and province.persons.get(absent) is None
    for pid in ids:
        assert person_read(province.persons[pid], province.people[pid]) == person_read(
            alone.persons[pid], alone.people[pid]
        ), pid
    # Each record is read: ratings, awards, initiatives, disciplines and postings are all there.
    people = province.persons.values()
    having = {name: sum(bool(getattr(h, name)) for h in people) for name in FIELDS}
    assert min(having.values()) > 0 and min(having["ratings"], having["awards"], having["initiatives"]) > 50
    assert sum(len(info.postings) > 1 for info in province.people.values()) > 10


def test_two_records_of_a_code_and_year_keep_the_last(module_ctx, province):
    twice = [pid for pid, h in province.persons.items() if any(a.revoked for a in h.awards)]
    assert len(twice) >= 30
    for pid in twice[:15] + sorted(province.persons)[:5]:
        own = load_histories(module_ctx, [pid]).persons[pid]  # this person's rows alone
        h = province.persons[pid]
        assert person_read(h, None) == person_read(own, None)
        assert all(
            a.decision_number == "2/TEST" and a.decision_date is not None for a in h.awards if a.revoked
        )
        assert own.ix.other == h.ix.other and own.ix.chain == h.ix.chain


def test_a_year_only_units_were_rated_for_is_the_last_rated(province):
    assert province.last_rated() == LAST_YEAR + 1
    assert province.columns.rating_of(LAST_YEAR + 1)(min(province.persons)) is None
    rated = [u for u in province.unit_records.values() if any(r.year == LAST_YEAR + 1 for r in u.ratings)]
    assert len(rated) >= 3
