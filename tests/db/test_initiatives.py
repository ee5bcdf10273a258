"""Sáng kiến (app.services.initiatives) on SQLite and PostgreSQL: entry with authors and shares, list, search."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.errors import ValidationError
from app.services.initiatives import (
    AuthorShare,
    InitiativeData,
    create_initiative,
    initiative_detail,
    load_initiatives,
    share_text,
    update_initiative,
)
from app.text import fold, name_sort_key
from database.enums import AwardSource, InitiativeKind, InitiativeLevel, UnitKind
from database.models import Award, AwardType, Initiative, InitiativeAuthor, Person, Unit


@pytest.fixture
def world(ctx):
    with ctx.write() as s:
        units = {}
        for key, name in (
            ("hospital", "Bệnh viện Đa khoa tỉnh"),
            ("centre", "Trung tâm Y tế huyện Hà Trung"),
        ):
            unit = Unit(name=name, name_folded=fold(name), kind=UnitKind.HOSPITAL)
            s.add(unit)
            s.flush()
            units[key] = unit.id
        people = {}
        for key, name, unit in (
            ("an", "Nguyễn Văn An", "hospital"),
            ("hoa", "Đặng Thị Hoa", "hospital"),
            ("cuong", "Lê Văn Cường", "centre"),
        ):
            person = Person(
                full_name=name,
                name_folded=fold(name),
                sort_key=name_sort_key(name),
                unit_id=units[unit],
                birth_date=dt.date(1980, 1, 1),
                birth_year=1980,
            )
            s.add(person)
            s.flush()
            people[key] = person.id
    return units, people


def _data(units, people, **kw) -> InitiativeData:
    values = dict(
        title="  Cải tiến quy trình   tiếp đón người bệnh ",
        year=2024,
        level=InitiativeLevel.BASE,
        unit_id=units["hospital"],
        authors=(AuthorShare(people["an"], Decimal(60)), AuthorShare(people["hoa"], Decimal("40"))),
        recognised_by="Giám đốc Bệnh viện Đa khoa tỉnh",
        decision_number="125/QĐ-BVĐK",
        decision_date=dt.date(2024, 11, 20),
        scope="Áp dụng tại bệnh viện",
        applied_from=dt.date(2024, 3, 1),
    )
    values.update(kw)
    return InitiativeData(**values)


def test_create_then_read_back_with_authors_and_recognition(ctx, world):
    units, people = world
    new_id = create_initiative(ctx, _data(units, people))
    detail = initiative_detail(ctx, new_id)
    assert detail.data.title == "Cải tiến quy trình tiếp đón người bệnh"  # cleaned at the boundary
    assert detail.unit_name == "Bệnh viện Đa khoa tỉnh" and detail.used_by is None
    assert [(a.full_name, a.share) for a in detail.authors] == [
        ("Nguyễn Văn An", Decimal(60)),
        ("Đặng Thị Hoa", Decimal(40)),
    ]
    assert (detail.data.decision_number, detail.data.decision_date) == ("125/QĐ-BVĐK", dt.date(2024, 11, 20))
    assert detail.data.kind is InitiativeKind.INITIATIVE and detail.data.level is InitiativeLevel.BASE


def test_shares_are_checked(ctx, world):
    units, people = world
    too_much = (AuthorShare(people["an"], Decimal(70)), AuthorShare(people["hoa"], Decimal("30.5")))
    with pytest.raises(ValidationError, match="100,5%, vượt quá 100%"):
        create_initiative(ctx, _data(units, people, authors=too_much))
    with pytest.raises(ValidationError, match="hai lần"):
        create_initiative(
            ctx, _data(units, people, authors=(AuthorShare(people["an"]), AuthorShare(people["an"])))
        )
    with pytest.raises(ValidationError, match="lớn hơn 0%"):
        create_initiative(ctx, _data(units, people, authors=(AuthorShare(people["an"], Decimal(0)),)))
    with pytest.raises(ValidationError, match="ít nhất một tác giả"):
        create_initiative(ctx, _data(units, people, authors=()))
    with pytest.raises(ValidationError, match="tên sáng kiến"):
        create_initiative(ctx, _data(units, people, title="   "))
    # Shares unknown, or under 100% (a co-author outside the sector), are fine.
    create_initiative(
        ctx, _data(units, people, authors=(AuthorShare(people["an"]), AuthorShare(people["hoa"])))
    )
    create_initiative(ctx, _data(units, people, authors=(AuthorShare(people["an"], Decimal("62.5")),)))
    with ctx.read() as s:
        assert s.scalar(select(Initiative.id).where(Initiative.id > 2)) is None


def test_edit_changes_authors_and_level(ctx, world):
    units, people = world
    new_id = create_initiative(ctx, _data(units, people))
    update_initiative(
        ctx,
        new_id,
        _data(
            units,
            people,
            level=InitiativeLevel.PROVINCE,
            kind=InitiativeKind.RESEARCH,
            authors=(AuthorShare(people["hoa"], Decimal(50)), AuthorShare(people["cuong"], Decimal(50))),
            recognised_by="Chủ tịch UBND tỉnh",
        ),
    )
    detail = initiative_detail(ctx, new_id)
    assert detail.data.level is InitiativeLevel.PROVINCE and detail.data.kind is InitiativeKind.RESEARCH
    assert sorted(a.full_name for a in detail.authors) == ["Lê Văn Cường", "Đặng Thị Hoa"]
    with ctx.read() as s:
        assert (
            len(s.scalars(select(InitiativeAuthor).where(InitiativeAuthor.initiative_id == new_id)).all())
            == 2
        )
    with pytest.raises(ValidationError, match="Không tìm thấy sáng kiến"):
        update_initiative(ctx, new_id + 99, _data(units, people))


def test_list_search_and_the_award_that_used_it(ctx, world):
    units, people = world
    first = create_initiative(ctx, _data(units, people))
    create_initiative(
        ctx,
        _data(
            units,
            people,
            title="Ứng dụng phần mềm quản lý thuốc",
            year=2023,
            unit_id=units["centre"],
            level=InitiativeLevel.PROVINCE,
            authors=(AuthorShare(people["cuong"], Decimal(100)),),
        ),
    )
    with ctx.write() as s:
        award_type = s.scalar(select(AwardType.id).where(AwardType.code == "CSTDCS"))
        award = Award(
            award_type_id=award_type,
            is_title=True,
            year=2024,
            source=AwardSource.HISTORY,
            person_id=people["an"],
            decision_number="77/QĐ-SYT",
        )
        s.add(award)
        s.flush()
        s.get(Initiative, first).used_by_award_id = award.id
    book = load_initiatives(ctx)
    assert [r.year for r in book.rows] == [2024, 2023] and book.years == [2024, 2023]
    top = book.rows[0]
    assert top.authors == "Nguyễn Văn An (60%), Đặng Thị Hoa (40%)" and top.used_by == "CSTĐCS 2024"
    assert book.search("quy trinh tiep don") == [0]
    assert book.search("dang thi hoa") == [0]  # an author's name, without marks
    assert book.search("cuong") == [1]
    assert book.search(year=2023) == [1] and book.search(level=InitiativeLevel.BASE) == [0]
    assert book.search(unit_ids={units["centre"]}) == [1] and book.search(kind=InitiativeKind.RESEARCH) == []
    assert (
        initiative_detail(ctx, first).used_by
        == "Chiến sĩ thi đua cơ sở năm 2024 của Nguyễn Văn An (QĐ số 77/QĐ-SYT)"
    )


def test_share_text_reads_the_vietnamese_way():
    assert share_text(Decimal("62.50")) == "62,5%" and share_text(Decimal("100.00")) == "100%"
    assert share_text(None) == ""
