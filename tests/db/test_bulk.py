"""Many rows at once (database.bulk): what `insert_rows` writes (COPY on PostgreSQL) is what an INSERT of the
same rows writes, the columns' Python defaults included; `one_of` finds thousands of keys in one query."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import insert, select

from database.bulk import insert_rows, insert_rows_returning_ids, one_of
from database.enums import Gender
from database.models import Person

LEFT_OUT = {"id", "uid", "created_at", "updated_at"}


def _people(n: int, tag: str) -> list[dict]:
    return [
        {
            "uid": uuid.uuid4().hex,
            "full_name": f"Nguyễn Thị Ánh {tag}{i}",
            "name_folded": f"nguyen thi anh {tag}{i}",
            "sort_key": f"anh nguyen thi {tag}{i:05d}",
            "gender": Gender.FEMALE if i % 2 else Gender.MALE,
            "birth_date": dt.date(1980, 1, 1) + dt.timedelta(days=i) if i % 3 else None,
            "birth_year": 1980 if i % 3 else None,
            "note": "dòng một\ndòng hai, “ngoặc” và \\ gạch\tcột" if i == 1 else None,
        }
        for i in range(n)
    ]


def test_rows_inserted_in_bulk_are_the_rows_an_insert_writes(db):
    bulk, plain = _people(50, "b"), _people(50, "p")
    started = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(minutes=5)
    with db.session() as s, s.begin():
        insert_rows(s.connection(), Person.__table__, bulk)
        s.connection().execute(insert(Person.__table__), plain)
    with db.session() as s:
        rows = {r["uid"]: dict(r) for r in s.execute(select(Person.__table__)).mappings()}
    for ours, theirs in zip(bulk, plain, strict=True):
        mine, reference = rows[ours["uid"]], rows[theirs["uid"]]
        assert {k: v for k, v in mine.items() if k not in LEFT_OUT} == {
            k: (v.replace("p", "b") if k in ("full_name", "name_folded", "sort_key") else v)
            for k, v in reference.items()
            if k not in LEFT_OUT
        }
        assert mine["version"] == 1 and mine["created_at"] >= started and mine["updated_at"] >= started
    assert rows[bulk[1]["uid"]]["note"] == bulk[1]["note"] and rows[bulk[1]["uid"]]["gender"] is Gender.FEMALE


def test_thousands_of_keys_are_found_in_one_query(db):
    people = _people(6_000, "k")
    with db.session() as s, s.begin():
        insert_rows(s.connection(), Person.__table__, people)
    wanted = [p["uid"] for p in people[::2]] + [uuid.uuid4().hex for _ in range(100)]
    with db.session() as s:
        found = set(s.scalars(select(Person.uid).where(one_of(s, Person.uid, wanted))))
    assert found == {p["uid"] for p in people[::2]}


def test_rows_inserted_for_their_ids_get_each_its_own_id_and_later_inserts_follow(db):
    people = _people(300, "i")
    with db.session() as s, s.begin():
        ids = insert_rows_returning_ids(s.connection(), Person.__table__, people)
        later = s.connection().execute(insert(Person.__table__), _people(1, "z")[0]).inserted_primary_key[0]
    with db.session() as s:
        stored = dict(s.execute(select(Person.id, Person.uid)).all())
    assert sorted(ids) == sorted(stored)[:300] and len(set(ids)) == 300
    assert {stored[i] for i in ids} == {p["uid"] for p in people}
    assert later > max(ids)  # the table's sequence moved past them (PostgreSQL: taken from it first)
    with db.session() as s, s.begin():
        assert insert_rows_returning_ids(s.connection(), Person.__table__, []) == []
