"""The service-layer shape: units of work, audit rows, NFC at the boundary, dataclasses out."""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata

import pytest
from sqlalchemy import func, select

from app.errors import ValidationError
from app.services.agency import AgencyInfo, SignerInfo, get_agency, save_agency
from app.services.catalogue import base_salary_on, list_award_types, sync_catalogue
from app.services.units import lineage, record_event
from database.enums import AwardCategory, SignAuthority, UnitEventKind, UnitKind, UnitStatus
from database.models import Agency, AuditEntry, AwardType, Unit

CODES = {
    "LDTT",
    "CSTDCS",
    "CSTD_TINH",
    "CSTD_BO",
    "CSTD_TQ",
    "TTLDTT",
    "TTLDXS",
    "CO_TINH",
    "CO_BO",
    "CO_CP",
    "GIAY_KHEN",
    "BK_TINH",
    "BK_BO",
    "BK_TTG",
    "HCLD3",
    "HCLD2",
    "HCLD1",
    "KNC_VSKND",
    "TTUT",
    "TTND",
}


def _agency(**kw) -> AgencyInfo:
    values = dict(
        parent_name="UBND tỉnh Thanh Hóa",
        name="Sở Y tế",
        symbol="syt",
        place_name="Thanh Hóa",
        signers=(
            SignerInfo("Lê Văn Bình", "Giám đốc", is_default=True),
            SignerInfo("Trần Thị Hoa", "Phó Giám đốc", SignAuthority.DEPUTY, "Giám đốc"),
        ),
    )
    values.update(kw)
    return AgencyInfo(**values)


def _audit(ctx, entity):
    with ctx.read() as s:
        return s.scalars(select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id)).all()


def test_agency_round_trip_returns_plain_dataclasses(ctx):
    assert get_agency(ctx) is None
    saved = save_agency(ctx, _agency())
    assert dataclasses.is_dataclass(saved) and not hasattr(saved, "_sa_instance_state")
    assert (saved.parent_name, saved.name, saved.symbol) == ("UBND TỈNH THANH HÓA", "SỞ Y TẾ", "SYT")
    assert [s.position_title for s in saved.signers] == ["GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert (
        saved.signers[1].authority is SignAuthority.DEPUTY and saved.signers[1].authority_title == "GIÁM ĐỐC"
    )
    assert [s.is_default for s in saved.signers] == [True, False]


def test_incoming_text_is_nfc_and_trimmed(ctx):
    decomposed = unicodedata.normalize("NFD", "  Thanh   Hóa ")
    saved = save_agency(ctx, _agency(place_name=decomposed))
    assert saved.place_name == "Thanh Hóa" and unicodedata.is_normalized("NFC", saved.place_name)
    with ctx.read() as s:
        stored = s.scalar(select(Agency.place_name))
    assert stored == "Thanh Hóa"


def test_the_orm_guard_stores_nfc_even_without_clean_input(ctx):
    nfd = unicodedata.normalize("NFD", "Bệnh viện Đa khoa")
    with ctx.write() as s:
        s.add(Unit(name=nfd, name_folded="benh vien da khoa", kind=UnitKind.HOSPITAL))
    with ctx.read() as s:
        assert s.scalar(select(Unit.name)) == unicodedata.normalize("NFC", nfd)


def test_every_change_writes_an_audit_row_with_before_and_after(ctx):
    save_agency(ctx, _agency())
    created = _audit(ctx, "agency")
    assert len(created) == 1 and created[0].action == "create" and created[0].actor == "tester"
    assert created[0].after["place_name"] == "Thanh Hóa" and created[0].before is None
    save_agency(ctx, _agency(place_name="Sầm Sơn"))
    rows = _audit(ctx, "agency")
    assert len(rows) == 2 and rows[1].action == "update"
    assert rows[1].before["place_name"] == "Thanh Hóa" and "name" not in rows[1].before  # only what changed
    assert rows[1].after["place_name"] == "Sầm Sơn"
    # Saving the same values (the signers by their ids, as the form does) changes nothing: nothing audited.
    save_agency(ctx, get_agency(ctx))
    assert len(_audit(ctx, "agency")) == 2


def test_a_failed_unit_of_work_leaves_nothing_behind(ctx):
    with pytest.raises(RuntimeError), ctx.write() as s:
        s.add(Unit(name="Trạm Y tế xã", name_folded="tram y te xa", kind=UnitKind.STATION))
        s.flush()
        raise RuntimeError("disk full")
    with ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Unit)) == 0
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "unit")) == 0


def test_validation_speaks_vietnamese_and_writes_nothing(ctx):
    with pytest.raises(ValidationError, match="Chưa nhập: Địa danh"):
        save_agency(ctx, _agency(place_name="   "))
    with pytest.raises(ValidationError, match="KT."):
        save_agency(ctx, _agency(signers=(SignerInfo("Trần Thị Hoa", "Phó Giám đốc", SignAuthority.DEPUTY),)))
    assert get_agency(ctx) is None


def test_catalogue_is_loaded_once_with_every_code(ctx):
    types = list_award_types(ctx)
    assert {t.code for t in types} == CODES
    assert {t.code for t in types if t.within_director_power} == {"LDTT", "CSTDCS", "TTLDTT", "GIAY_KHEN"}
    assert next(t for t in types if t.code == "LDTT").category is AwardCategory.TITLE
    audit_rows = len(_audit(ctx, "award_type"))
    assert sync_catalogue(ctx) is False  # a second start with the same data does not even look
    assert sync_catalogue(ctx, force=True) is True  # and reloading identical data changes nothing
    assert len(_audit(ctx, "award_type")) == audit_rows


def test_catalogue_sync_keeps_the_offices_own_forms(ctx):
    with ctx.write() as s:
        s.add(
            AwardType(
                code="GK_CD",
                name="Giấy khen của Công đoàn ngành",
                short_name="GK Công đoàn",
                category=AwardCategory.HONOR,
                level="OTHER",
                granted_by="Công đoàn ngành Y tế",
                local=True,
            )
        )
        s.scalar(select(AwardType).where(AwardType.code == "LDTT")).name = "tên sai"
    sync_catalogue(ctx, force=True)  # as when a new release ships changed catalogue data
    with ctx.read() as s:
        assert s.scalar(select(AwardType.name).where(AwardType.code == "LDTT")) == "Lao động tiên tiến"
        assert s.scalar(select(AwardType.local).where(AwardType.code == "GK_CD")) is True


def test_base_salary_is_taken_on_the_decision_date(ctx):
    assert base_salary_on(ctx, dt.date(2024, 7, 1)) == 2_340_000
    assert base_salary_on(ctx, dt.date(2024, 6, 30)) == 1_800_000


def test_a_successor_reaches_the_records_of_merged_units(ctx):
    with ctx.write() as s:
        units = [
            Unit(name=n, name_folded=n.lower(), kind=UnitKind.HEALTH_CENTER)
            for n in ("TTYT huyện A", "TTYT huyện B", "TTYT khu vực AB", "TTYT khu vực AB mới")
        ]
        s.add_all(units)
        s.flush()
        a, b, ab, ab2 = (u.id for u in units)
    record_event(ctx, UnitEventKind.MERGE, dt.date(2025, 7, 1), [a, b], [ab], "QĐ 123/QĐ-UBND")
    record_event(ctx, UnitEventKind.SPLIT, dt.date(2026, 1, 1), [ab], [ab2])
    assert lineage(ctx, ab) == {a, b, ab}
    assert lineage(ctx, ab2) == {a, b, ab, ab2}
    assert lineage(ctx, a) == {a}
    with ctx.read() as s:
        status = dict(s.execute(select(Unit.id, Unit.status)).all())
    assert (
        status[a] is UnitStatus.MERGED and status[ab] is UnitStatus.SPLIT and status[ab2] is UnitStatus.ACTIVE
    )
