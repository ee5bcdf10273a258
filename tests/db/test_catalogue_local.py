"""What the office adds to the catalogue itself: its own forms of award and new base salaries, kept when the
shipped catalogue is loaded again."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.errors import ValidationError
from app.services.catalogue import (
    LocalAwardTypeData,
    add_base_salary,
    add_local_award_type,
    award_type_detail,
    base_salary_on,
    list_award_types,
    list_base_salaries,
    sync_catalogue,
)
from database.enums import AuthorityLevel, AwardCategory, Certainty
from database.models import AuditEntry, AwardType, BaseSalary, BonusCoefficient


def _form(**kw) -> LocalAwardTypeData:
    values = dict(
        code="gk_syt_chuyen_de",
        name="Giấy khen chuyên đề phòng chống dịch",
        short_name="GK chuyên đề",
        for_individual=True,
        for_collective=True,
        individual=Decimal("0.15"),
        collective="0,3",
        coefficients_from=dt.date(2025, 1, 1),
        legal_basis="Quy chế TĐKT của Sở Y tế, Điều 12",
        rule="Cá nhân, tập thể có thành tích xuất sắc trong phòng, chống dịch.",
    )
    values.update(kw)
    return LocalAwardTypeData(**values)


def test_a_local_form_is_added_with_its_coefficients_in_one_transaction(ctx):
    new_id = add_local_award_type(ctx, _form())
    found = {t.code: t for t in list_award_types(ctx)}
    form = found["GK_SYT_CHUYEN_DE"]
    assert form.id == new_id and form.local and form.within_director_power
    assert form.category is AwardCategory.HONOR and form.level is AuthorityLevel.DEPARTMENT
    assert form.rank > max(
        t.rank for t in found.values() if t.category is AwardCategory.HONOR and not t.local
    )
    detail = award_type_detail(ctx, new_id)
    assert detail.rule.startswith("Cá nhân, tập thể") and detail.certainty is Certainty.VERIFIED
    assert [(c.effective_from, c.individual, c.collective) for c in detail.coefficients] == [
        (dt.date(2025, 1, 1), Decimal("0.15"), Decimal("0.30"))
    ]
    with ctx.read() as s:
        audit = s.scalars(
            select(AuditEntry.entity).where(
                AuditEntry.summary
                == "Thêm hình thức khen thưởng của cơ quan “Giấy khen chuyên đề phòng chống dịch”"
            )
        ).all()
    assert sorted(audit) == ["award_type", "bonus_coefficient"]


def test_a_form_without_bonus_has_no_coefficient_row(ctx):
    new_id = add_local_award_type(
        ctx,
        _form(
            code="KNC_SYT",
            name="Kỷ niệm chương của Sở",
            short_name="",
            individual=None,
            collective=None,
            coefficients_from=None,
            legal_basis=None,
            for_collective=False,
        ),
    )
    detail = award_type_detail(ctx, new_id)
    assert detail.coefficients == () and detail.info.short_name == "Kỷ niệm chương của Sở"
    assert detail.certainty is Certainty.UNVERIFIED  # nothing cited


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"code": "LDTT"}, "mã cố định"),
        ({"code": "gk-1"}, "Mã hình thức"),
        ({"code": "1ABC"}, "Mã hình thức"),
        ({"name": "  "}, "tên hình thức"),
        ({"for_individual": False, "for_collective": False}, "ít nhất một đối tượng"),
        ({"granted_by": ""}, "quyết định khen thưởng"),
        ({"level": AuthorityLevel.PROVINCE}, "thẩm quyền Giám đốc Sở"),
        ({"individual": "-1"}, "từ 0 đến"),
        ({"collective": "abc"}, "không phải là số"),
        ({"coefficients_from": None}, "ngày áp dụng"),
    ],
)
def test_a_bad_local_form_is_refused_and_nothing_is_written(ctx, change, message):
    with ctx.read() as s:
        before = len(s.scalars(select(AwardType.id)).all())
    with pytest.raises(ValidationError, match=message):
        add_local_award_type(ctx, _form(**change))
    with ctx.read() as s:
        assert len(s.scalars(select(AwardType.id)).all()) == before


def test_a_code_already_used_by_the_office_is_refused(ctx):
    add_local_award_type(ctx, _form())
    with pytest.raises(ValidationError, match="Đã có hình thức mã “GK_SYT_CHUYEN_DE”"):
        add_local_award_type(ctx, _form(name="Khác"))


def test_base_salaries_are_a_dated_table(ctx):
    shipped = list_base_salaries(ctx)
    assert (shipped[0].effective_from, shipped[0].amount) == (dt.date(2026, 7, 1), 2_530_000)
    assert not any(b.local for b in shipped)
    add_base_salary(ctx, dt.date(2027, 7, 1), 2_700_000, "Nghị định 999/2027/NĐ-CP")
    rows = list_base_salaries(ctx)
    assert (rows[0].effective_from, rows[0].amount, rows[0].local) == (dt.date(2027, 7, 1), 2_700_000, True)
    assert base_salary_on(ctx, dt.date(2026, 6, 30)) == 2_340_000
    assert base_salary_on(ctx, dt.date(2026, 7, 1)) == 2_530_000
    assert base_salary_on(ctx, dt.date(2027, 7, 1)) == 2_700_000


@pytest.mark.parametrize(
    ("day", "amount", "basis", "message"),
    [
        (dt.date(2024, 7, 1), 2_500_000, "NĐ", "Đã có mức lương cơ sở áp dụng từ ngày 01/07/2024"),
        (dt.date(2026, 1, 1), 0, "NĐ", "số tiền dương"),
        (dt.date(2026, 1, 1), -5, "NĐ", "số tiền dương"),
        (dt.date(2026, 1, 1), 2_000_000_000, "NĐ", "quá lớn"),
        (dt.date(2026, 1, 1), 2_500_000, " ", "văn bản quy định"),
        (None, 2_500_000, "NĐ", "ngày áp dụng"),
    ],
)
def test_a_bad_base_salary_is_refused(ctx, day, amount, basis, message):
    with pytest.raises(ValidationError, match=message):
        add_base_salary(ctx, day, amount, basis)
    assert len(list_base_salaries(ctx)) == 4


def test_sync_keeps_what_the_office_added(ctx):
    form_id = add_local_award_type(ctx, _form())
    add_base_salary(ctx, dt.date(2027, 7, 1), 2_700_000, "Nghị định 999/2027/NĐ-CP")
    assert sync_catalogue(ctx, force=True) is True
    assert sync_catalogue(ctx, force=True) is True  # twice: nothing accumulates
    detail = award_type_detail(ctx, form_id)
    assert detail.info.local and detail.info.name == "Giấy khen chuyên đề phòng chống dịch"
    assert len(detail.coefficients) == 1
    rows = list_base_salaries(ctx)
    assert [(b.effective_from, b.amount, b.local) for b in rows[:2]] == [
        (dt.date(2027, 7, 1), 2_700_000, True),
        (dt.date(2026, 7, 1), 2_530_000, False),
    ]
    with ctx.read() as s:
        assert (
            len(s.scalars(select(BonusCoefficient.id).where(BonusCoefficient.award_type_id == form_id)).all())
            == 1
        )


def test_a_later_release_shipping_the_office_date_does_not_overwrite_it(ctx, monkeypatch):
    import app.services.catalogue as catalogue

    add_base_salary(ctx, dt.date(2027, 7, 1), 2_700_000, "Nghị định 999/2027/NĐ-CP")
    shipped = catalogue._load

    def newer(name):
        data = shipped(name)
        if name == "base_salary.json":
            data["base_salary"].append(
                {
                    "effective_from": "2027-07-01",
                    "amount": 2_600_000,
                    "legal_basis": "NĐ khác",
                    "certainty": "V",
                }
            )
        return data

    monkeypatch.setattr(catalogue, "_load", newer)
    sync_catalogue(ctx, force=True)
    with ctx.read() as s:
        row = s.scalar(select(BaseSalary).where(BaseSalary.effective_from == dt.date(2027, 7, 1)))
        assert (row.amount, row.legal_basis) == (2_700_000, "Nghị định 999/2027/NĐ-CP")
