"""StaffSearch: search-as-you-type that narrows the previous hits gives exactly StaffDirectory.search."""

from __future__ import annotations

import datetime as dt
import random

from app.services.staff import StaffDirectory, StaffRecord, StaffSearch
from app.text import fold, name_sort_key
from database.enums import Gender

NAMES = [
    "Nguyễn Văn An",
    "Nguyễn Thị Ánh",
    "Trần Đức Anh",
    "Lê Văn Đức",
    "Phạm Thị Hường",
    "Đỗ Minh Đức",
    "Nguyễn Văn Ân",
    "Hoàng Thị Thu Hà",
    "Vũ Đình Dương",
    "Ngô Quang Hải",
]


def _directory(n: int = 400, seed: int = 7) -> StaffDirectory:
    rng = random.Random(seed)
    people = []
    for i in range(n):
        name = rng.choice(NAMES)
        year = rng.randint(1960, 2000)
        people.append(
            StaffRecord(
                id=i + 1,
                full_name=name,
                gender=rng.choice([Gender.MALE, Gender.FEMALE, None]),
                birth_date=dt.date(year, 1 + i % 12, 1) if i % 3 else None,
                birth_year=year,
                unit_id=rng.randint(1, 5),
                unit_name="",
                position=rng.choice(["Bác sĩ", "Điều dưỡng", None]),
                professional_title=None,
                ethnicity="Kinh",
            )
        )
    people.sort(key=lambda r: (name_sort_key(r.full_name), r.id))
    return StaffDirectory(people, [fold(r.full_name) for r in people], ["Bác sĩ", "Điều dưỡng"])


def test_typing_letter_by_letter_matches_a_full_search():
    directory = _directory()
    search = StaffSearch(directory)
    for typed in ("nguyen van an", "Trần Đức", "duc", "đức", "thi h"):
        for end in range(len(typed) + 1):
            query = typed[:end]
            assert list(search.find(query)) == list(directory.search(query)), query
        for end in range(len(typed), -1, -1):  # and deleting it again
            query = typed[:end]
            assert list(search.find(query)) == list(directory.search(query)), query


def test_filters_apply_before_the_name():
    directory = _directory()
    search = StaffSearch(directory)
    filters = {
        "unit_ids": {1, 2},
        "gender": Gender.FEMALE,
        "birth_from": 1970,
        "birth_to": 1990,
        "position": "Điều dưỡng",
        "person_ids": set(range(1, 300)),
    }
    search.set_filters(**filters)
    for query in ("", "n", "ng", "nguyen", "nguyen thi", "x"):
        assert list(search.find(query)) == list(directory.search(query, **filters)), query
    search.set_filters(
        unit_ids=None, gender=None, birth_from=None, birth_to=None, position=None, person_ids=None
    )
    assert list(search.find("")) == list(range(len(directory.records)))
    assert list(search.find("DUC")) == list(directory.search("duc"))


def test_folded_search_finds_marked_names():
    directory = _directory()
    search = StaffSearch(directory)
    found = {directory.records[i].full_name for i in search.find("duc")}
    assert found == {"Trần Đức Anh", "Lê Văn Đức", "Đỗ Minh Đức"}
    assert {directory.records[i].full_name for i in search.find("nguyen van an")} == {
        "Nguyễn Văn An",
        "Nguyễn Văn Ân",
    }


def test_a_chosen_order_is_kept_while_typing():
    directory = _directory()
    records = directory.records
    by_birth = sorted(range(len(records)), key=lambda i: (records[i].birth_year, i), reverse=True)
    search = StaffSearch(directory)
    search.set_filters(order=by_birth, gender=Gender.MALE)
    for query in ("", "n", "ng", "nguyen", "nguyen van", "duc"):
        expected = set(directory.search(query, gender=Gender.MALE))
        assert search.find(query) == [i for i in by_birth if i in expected], query
    search.set_filters(order=by_birth)
    assert list(search.find("")) == by_birth
