"""The yearly rating grid (app.services.ratings) on SQLite and PostgreSQL, over a small hospital."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from sqlalchemy import func, select

from app.errors import UserError, ValidationError
from app.services.ratings import (
    RatingChange,
    SaveResult,
    UnitRatingChange,
    load_rating_grid,
    save_ratings,
)
from app.text import fold, name_sort_key
from database.enums import RatingLevel, UnitKind
from database.models import AuditEntry, Person, Posting, Rating, Unit

EXCELLENT, GOOD, DONE, FAILED = RatingLevel.EXCELLENT, RatingLevel.GOOD, RatingLevel.DONE, RatingLevel.FAILED
D = dt.date


def build_hospital(ctx) -> dict[str, int]:
    """A hospital with two khoa (one with a team under it) and a health centre, and people who came,
    left and moved during 2024."""
    ids: dict[str, int] = {}
    with ctx.write("Dữ liệu kiểm thử xếp loại") as s:

        def unit(key: str, name: str, kind: UnitKind, parent: str | None = None, order: int = 0) -> None:
            row = Unit(
                name=name,
                name_folded=fold(name),
                kind=kind,
                sort_order=order,
                parent_id=ids[parent] if parent else None,
            )
            s.add(row)
            s.flush()
            ids[key] = row.id

        def person(key: str, name: str, unit_key: str | None, *postings, **kw) -> None:
            row = Person(
                full_name=name,
                name_folded=fold(name),
                sort_key=name_sort_key(name),
                unit_id=ids[unit_key] if unit_key else None,
                **kw,
            )
            s.add(row)
            s.flush()
            ids[key] = row.id
            for unit_key_, position, start, end in postings:
                s.add(
                    Posting(
                        person_id=row.id,
                        unit_id=ids[unit_key_],
                        position=position,
                        start_date=start,
                        end_date=end,
                    )
                )

        unit("department", "Sở Y tế", UnitKind.DEPARTMENT)
        unit("hospital", "Bệnh viện Đa khoa tỉnh", UnitKind.HOSPITAL, "department")
        unit("surgery", "Khoa Ngoại", UnitKind.CLINICAL_DEPT, "hospital", order=2)
        unit("medicine", "Khoa Nội", UnitKind.CLINICAL_DEPT, "hospital", order=1)
        unit("team", "Tổ Gây mê", UnitKind.OTHER, "surgery")
        unit("centre", "Trung tâm Y tế huyện Nga Sơn", UnitKind.HEALTH_CENTER, "department")

        person("director", "Trần Văn Khải", "hospital", ("hospital", "Giám đốc", None, None), birth_year=1970)
        person("binh", "Lê Văn Bình", "medicine", ("medicine", "Bác sĩ", None, None), birth_year=1980)
        person("anh", "Nguyễn Thị Ánh", "medicine", ("medicine", "Điều dưỡng", D(2015, 1, 1), None))
        person("cuc", "Đỗ Thị Cúc", "team", ("team", "Kỹ thuật viên", D(2020, 3, 1), None), birth_year=1992)
        person(
            "dung", "Phạm Văn Dũng", "medicine", ("medicine", "Bác sĩ", None, None), left_on=D(2024, 6, 30)
        )  # retired during 2024
        person(
            "em", "Vũ Thị Em", "medicine", ("medicine", "Hộ lý", None, None), left_on=D(2023, 5, 1)
        )  # retired before 2024
        person(
            "giang",
            "Hoàng Văn Giang",
            "centre",
            ("medicine", "Bác sĩ", D(2018, 1, 1), D(2024, 3, 31)),
            ("centre", "Phó Giám đốc", D(2024, 4, 1), None),
        )
        person("hoa", "Mai Thị Hoa", "surgery", ("surgery", "Điều dưỡng", D(2025, 2, 1), None))
        person("khanh", "Bùi Văn Khánh", "surgery")  # on file without any posting

        s.add_all(
            [
                Rating(
                    person_id=ids["binh"], year=2024, level=GOOD, absent_days=2, document_ref="QĐ 12/QĐ-BV"
                ),
                Rating(person_id=ids["anh"], year=2023, level=EXCELLENT),
                Rating(person_id=ids["em"], year=2023, level=DONE),
                Rating(unit_id=ids["hospital"], year=2024, level=EXCELLENT, document_ref="QĐ 5/QĐ-SYT"),
            ]
        )
    return ids


@pytest.fixture
def hospital(ctx):
    return build_hospital(ctx)


def _stored(ctx) -> list[tuple]:
    with ctx.read() as s:
        return sorted(
            s.execute(
                select(
                    Rating.person_id,
                    Rating.unit_id,
                    Rating.year,
                    Rating.level,
                    Rating.absent_days,
                    Rating.document_ref,
                )
            ).all(),
            key=repr,
        )


def _audit_count(ctx) -> int:
    with ctx.read() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry))


def test_the_grid_lists_everyone_who_worked_in_the_unit_that_year(ctx, hospital):
    grid = load_rating_grid(ctx, hospital["hospital"], 2024)
    assert grid.unit_name == "Bệnh viện Đa khoa tỉnh" and grid.year == 2024
    # The unit's own staff first, then its khoa in their set order (Nội before Ngoại), the team
    # under its khoa; Vietnamese name order (by given name) inside each.
    assert [(r.full_name, r.department) for r in grid.rows] == [
        ("Trần Văn Khải", ""),
        ("Nguyễn Thị Ánh", "Khoa Nội"),
        ("Lê Văn Bình", "Khoa Nội"),
        ("Phạm Văn Dũng", "Khoa Nội"),
        ("Hoàng Văn Giang", "Khoa Nội"),
        ("Bùi Văn Khánh", "Khoa Ngoại"),
        ("Đỗ Thị Cúc", "Tổ Gây mê – Khoa Ngoại"),
    ]
    rows = {r.full_name: r for r in grid.rows}
    assert rows["Lê Văn Bình"].level is GOOD and rows["Lê Văn Bình"].absent_days == 2
    assert rows["Lê Văn Bình"].document_ref == "QĐ 12/QĐ-BV" and rows["Lê Văn Bình"].birth_year == 1980
    assert rows["Nguyễn Thị Ánh"].level is None  # rated in 2023, not yet in 2024
    assert rows["Phạm Văn Dũng"].left_on == D(2024, 6, 30)
    giang = rows["Hoàng Văn Giang"]
    assert giang.moved_out_on == D(2024, 3, 31) and giang.left_on is None
    assert giang.position == "Bác sĩ"  # what he was here, not his post at the centre
    assert rows["Trần Văn Khải"].position == "Giám đốc" and rows["Trần Văn Khải"].moved_out_on is None
    assert grid.unit_rating is not None and grid.unit_rating.level is EXCELLENT
    assert grid.unit_rating.document_ref == "QĐ 5/QĐ-SYT"


def test_years_and_sub_units_change_who_is_listed(ctx, hospital):
    in_2023 = {r.full_name for r in load_rating_grid(ctx, hospital["hospital"], 2023).rows}
    assert "Vũ Thị Em" in in_2023 and "Mai Thị Hoa" not in in_2023
    in_2025 = {r.full_name for r in load_rating_grid(ctx, hospital["hospital"], 2025).rows}
    assert {"Mai Thị Hoa"} <= in_2025 and not {"Phạm Văn Dũng", "Hoàng Văn Giang", "Vũ Thị Em"} & in_2025

    surgery = load_rating_grid(ctx, hospital["surgery"], 2024)
    assert [(r.full_name, r.department) for r in surgery.rows] == [
        ("Bùi Văn Khánh", ""),
        ("Đỗ Thị Cúc", "Tổ Gây mê"),
    ]
    assert surgery.unit_rating is None

    centre = load_rating_grid(ctx, hospital["centre"], 2024)
    assert [(r.full_name, r.position, r.moved_out_on) for r in centre.rows] == [
        ("Hoàng Văn Giang", "Phó Giám đốc", None)
    ]


def test_save_creates_updates_and_clears_in_one_transaction_with_audit_rows(ctx, hospital):
    before_audit = _audit_count(ctx)
    result = save_ratings(
        ctx,
        hospital["hospital"],
        2024,
        [
            RatingChange(hospital["anh"], EXCELLENT, absent_days=0, document_ref="  QĐ 40/QĐ-BV "),
            RatingChange(hospital["binh"], None),
            RatingChange(hospital["cuc"], GOOD),
            RatingChange(hospital["dung"], DONE, absent_days=15),
        ],
        UnitRatingChange(GOOD, "QĐ 9/QĐ-SYT"),
    )
    assert result == SaveResult(created=3, updated=1, removed=1) and result.total == 5

    grid = load_rating_grid(ctx, hospital["hospital"], 2024)
    rows = {r.full_name: r for r in grid.rows}
    assert (
        rows["Nguyễn Thị Ánh"].level,
        rows["Nguyễn Thị Ánh"].absent_days,
        rows["Nguyễn Thị Ánh"].document_ref,
    ) == (EXCELLENT, 0, "QĐ 40/QĐ-BV")
    assert rows["Lê Văn Bình"].level is None and rows["Lê Văn Bình"].absent_days is None
    assert rows["Đỗ Thị Cúc"].level is GOOD and rows["Phạm Văn Dũng"].absent_days == 15
    assert grid.unit_rating.level is GOOD and grid.unit_rating.document_ref == "QĐ 9/QĐ-SYT"

    with ctx.read() as s:
        audit = s.execute(
            select(
                AuditEntry.action,
                AuditEntry.entity,
                AuditEntry.entity_id,
                AuditEntry.summary,
                AuditEntry.actor,
                AuditEntry.before,
                AuditEntry.after,
            )
            .where(AuditEntry.id > before_audit)
            .order_by(AuditEntry.id)
        ).all()
        new_ids = dict(s.execute(select(Rating.person_id, Rating.id).where(Rating.year == 2024)).all())
    assert len(audit) == 5
    assert {a.summary for a in audit} == {"Xếp loại năm 2024 – Bệnh viện Đa khoa tỉnh"}
    assert {a.actor for a in audit} == {"tester"} and {a.entity for a in audit} == {"rating"}
    by_action = sorted((a.action, a.entity_id) for a in audit)
    assert [x[0] for x in by_action] == ["create", "create", "create", "delete", "update"]
    assert ("create", new_ids[hospital["anh"]]) in by_action
    update = next(a for a in audit if a.action == "update")
    assert update.before == {"level": "EXCELLENT", "document_ref": "QĐ 5/QĐ-SYT"}
    assert update.after == {"level": "GOOD", "document_ref": "QĐ 9/QĐ-SYT"}
    removal = next(a for a in audit if a.action == "delete")
    assert removal.before["level"] == "GOOD" and removal.before["absent_days"] == 2


def test_saving_what_is_already_stored_writes_nothing(ctx, hospital):
    before_audit, before = _audit_count(ctx), _stored(ctx)
    result = save_ratings(
        ctx,
        hospital["hospital"],
        2024,
        [
            RatingChange(hospital["binh"], GOOD, absent_days=2, document_ref="QĐ 12/QĐ-BV"),
            RatingChange(hospital["anh"], None),  # nothing stored for 2024: nothing to remove
        ],
        UnitRatingChange(EXCELLENT, "QĐ 5/QĐ-SYT"),
    )
    assert result == SaveResult(0, 0, 0)
    assert _stored(ctx) == before and _audit_count(ctx) == before_audit


def test_a_rating_is_one_per_person_and_year_whichever_unit_enters_it(ctx, hospital):
    # Giang worked in both units in 2024: the centre's grid shows what the hospital entered.
    save_ratings(ctx, hospital["hospital"], 2024, [RatingChange(hospital["giang"], GOOD)])
    save_ratings(ctx, hospital["centre"], 2024, [RatingChange(hospital["giang"], EXCELLENT, absent_days=1)])
    with ctx.read() as s:
        assert s.execute(
            select(Rating.level, Rating.absent_days).where(Rating.person_id == hospital["giang"])
        ).all() == [(EXCELLENT, 1)]
    assert load_rating_grid(ctx, hospital["hospital"], 2024).rows[4].level is EXCELLENT


@pytest.mark.parametrize(
    ("year", "changes", "message"),
    [
        (1979, lambda ids: [RatingChange(ids["binh"], GOOD)], "Năm xếp loại phải từ 1980"),
        (
            dt.date.today().year + 1,
            lambda ids: [RatingChange(ids["binh"], GOOD)],
            "Năm xếp loại phải từ 1980",
        ),
        (
            2024,
            lambda ids: [RatingChange(ids["cuc"], GOOD), RatingChange(ids["anh"], DONE, absent_days=-1)],
            "Số ngày nghỉ của Nguyễn Thị Ánh không được âm",
        ),
        (2024, lambda ids: [RatingChange(ids["cuc"], GOOD, absent_days=400)], "nhiều hơn số ngày trong năm"),
        (
            2024,
            lambda ids: [RatingChange(ids["cuc"], GOOD), RatingChange(ids["em"], GOOD)],
            "không thuộc danh sách xếp loại",
        ),  # retired in 2023
        (
            2024,
            lambda ids: [RatingChange(ids["hoa"], GOOD)],
            "không thuộc danh sách xếp loại",
        ),  # came in 2025
        (
            2024,
            lambda ids: [RatingChange(ids["cuc"], GOOD), RatingChange(ids["cuc"], DONE)],
            "Đỗ Thị Cúc có hai dòng",
        ),
        (2024, lambda ids: [RatingChange(ids["anh"], None, absent_days=3)], "chưa được xếp loại"),
        (2024, lambda ids: [RatingChange(ids["anh"], GOOD, document_ref="x" * 201)], "dài quá 200 ký tự"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(ctx, hospital, year, changes, message):
    before_audit, before = _audit_count(ctx), _stored(ctx)
    with pytest.raises(ValidationError, match=message):
        save_ratings(ctx, hospital["hospital"], year, changes(hospital), UnitRatingChange(None))
    assert _stored(ctx) == before and _audit_count(ctx) == before_audit


def test_loading_a_bad_year_or_a_missing_unit_gets_a_message(ctx, hospital):
    with pytest.raises(ValidationError, match="Năm xếp loại"):
        load_rating_grid(ctx, hospital["hospital"], 1900)
    with pytest.raises(UserError, match="Không tìm thấy đơn vị"):
        load_rating_grid(ctx, 999_999, 2024)
    with pytest.raises(UserError, match="Không tìm thấy đơn vị"):
        save_ratings(ctx, 999_999, 2024, [])


def test_text_is_stored_in_nfc(ctx, hospital):
    typed = "Quyết định số 7 của Bệnh viện"
    save_ratings(
        ctx,
        hospital["hospital"],
        2024,
        [RatingChange(hospital["anh"], GOOD, document_ref=unicodedata.normalize("NFD", typed))],
    )
    with ctx.read() as s:
        assert (
            s.scalar(
                select(Rating.document_ref).where(Rating.person_id == hospital["anh"], Rating.year == 2024)
            )
            == typed
        )
