"""Giấy khen from the records: the blank layouts kept as settings (saved, listed, renamed, deleted, there
again after a reopen) and the certificates of a decision issued through app.services.decisions."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from app.documents.certificate import FieldSpec, default_layout
from app.errors import ValidationError
from app.services.agency import get_agency
from app.services.certificates import (
    certificates_for_decision,
    delete_layout,
    get_layout,
    list_layouts,
    save_layout,
)
from app.services.context import ServiceContext
from app.services.decisions import forward_to_higher, issue_decision, record_higher_decision
from app.services.nominations import add_nomination
from app.startup import open_database
from app.text import fold
from database.enums import AuthorityLevel, Gender, UnitKind
from database.models import AppSetting, AuditEntry, Person, Unit
from tests.council_vote import pass_by_council
from tests.db.test_decisions import desk  # noqa: F401  (a hospital, three people, four items "Đạt")

# The Danh sách's order: the higher award first, within it collectives before individuals.
ORDER = ["Bà Nguyễn Thị Lan", "Tập thể Bệnh viện Đa khoa tỉnh", "Tập thể Khoa Nội", "Bà Đặng Thị Ánh"]
PIXEL = base64.b64encode(b"\x89PNG\r\n\x1a\nnot really an image").decode()


def test_layouts_are_saved_listed_renamed_and_deleted(ctx):
    assert list_layouts(ctx) == []
    layout = default_layout("Phôi A4 ngang 2025", "A4 ngang")
    fields = dict(layout.fields)
    fields["name"] = FieldSpec(140.5, 92.25, 24, "centre", 200, "bold")
    layout = replace(layout, fields=fields, offset_x=1.0, background=PIXEL, background_path=r"C:\phoi\a4.jpg")
    save_layout(ctx, layout)
    save_layout(ctx, default_layout("Phôi A5 dọc", "A5 dọc"))
    assert [x.name for x in list_layouts(ctx)] == ["Phôi A4 ngang 2025", "Phôi A5 dọc"]
    again = get_layout(ctx, "Phôi A4 ngang 2025")
    assert again == layout
    with ctx.read() as s:  # the image is kept apart from the positions
        assert PIXEL not in s.get(AppSetting, "certificate_layout:Phôi A4 ngang 2025").value
        audits = s.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "app_setting")
        )
    # Moving a field rewrites the positions only: the image stays as it was, not copied into the audit trail.
    fields["unit"] = replace(fields["unit"], y=110)
    save_layout(ctx, replace(layout, fields=fields))
    with ctx.read() as s:
        added = s.scalars(
            select(AuditEntry.after)
            .where(AuditEntry.entity == "app_setting")
            .order_by(AuditEntry.id)
            .offset(audits)
        ).all()
    assert len(added) == 1 and PIXEL not in str(added[0])
    # Saved under a new name, the old one goes.
    save_layout(ctx, replace(layout, name="Phôi Sở 2026"), previous_name="Phôi A4 ngang 2025")
    assert [x.name for x in list_layouts(ctx)] == ["Phôi A5 dọc", "Phôi Sở 2026"]
    assert get_layout(ctx, "Phôi Sở 2026").background == PIXEL
    delete_layout(ctx, "Phôi A5 dọc")
    assert [x.name for x in list_layouts(ctx)] == ["Phôi Sở 2026"]
    with pytest.raises(ValidationError, match="Không còn mẫu phôi"):
        delete_layout(ctx, "Phôi A5 dọc")
    with pytest.raises(ValidationError, match="Hãy đặt tên"):
        save_layout(ctx, default_layout("   "))
    with pytest.raises(ValidationError, match="dài quá"):
        save_layout(ctx, default_layout("P" * 51))


def test_layouts_survive_a_reopen(db, tmp_path):
    ctx = ServiceContext(db, actor="tester")
    layout = replace(default_layout("Phôi mua 2025", "A5 ngang"), offset_y=-1.5)
    save_layout(ctx, layout)
    url = db.url
    db.engine.dispose()
    reopened = open_database(url, backup_dir=tmp_path / "again")
    try:
        assert list_layouts(ServiceContext(reopened)) == [layout]
    finally:
        reopened.dispose()


def test_the_certificates_of_an_issued_decision(ctx, desk):  # noqa: F811
    with ctx.write() as s:
        khoa = Unit(
            name="Khoa Nội",
            name_folded=fold("Khoa Nội"),
            kind=UnitKind.CLINICAL_DEPT,
            parent_id=desk["hospital"],
        )
        s.add(khoa)
        s.flush()
        nurse = Person(
            full_name="Đặng Thị Ánh",
            name_folded=fold("Đặng Thị Ánh"),
            sort_key="Ánh",
            birth_year=1990,
            unit_id=khoa.id,
            position="điều dưỡng trưởng",
            gender=Gender.FEMALE,
        )
        s.add(nurse)
        s.get(Person, desk["lan"]).gender = Gender.FEMALE
        s.flush()
        ids = {"khoa": khoa.id, "nurse": nurse.id}
    items = desk["items"]
    batch = desk["batch"]
    extra = [
        add_nomination(ctx, batch, "GIAY_KHEN", person_id=ids["nurse"]),
        add_nomination(
            ctx,
            batch,
            "GIAY_KHEN",
            unit_id=ids["khoa"],
            achievement="đã có thành tích xuất sắc trong phòng, chống dịch năm 2025",
        ),
    ]
    pass_by_council(ctx, extra)
    issued = issue_decision(ctx, [items["lan"], items["unit"], *extra], dt.date(2025, 12, 20), desk["signer"])

    certs = certificates_for_decision(ctx, issued.decision_id)
    assert len(certs) == 4
    by_name = {c.recipient: c for c in certs}
    nurse_cert = by_name["Bà Đặng Thị Ánh"]
    assert nurse_cert.unit == "Điều dưỡng trưởng, Khoa Nội – Bệnh viện Đa khoa tỉnh"
    assert nurse_cert.achievement == "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2025"
    assert (nurse_cert.award_name, nurse_cert.verb, nurse_cert.award_code) == (
        "GIẤY KHEN",
        "TẶNG",
        "GIAY_KHEN",
    )
    assert nurse_cert.decision == "Quyết định số 01/QĐ-SYT ngày 20/12/2025"
    assert nurse_cert.place_date == "Sơn Hà, ngày 20 tháng 12 năm 2025"
    assert (nurse_cert.signer_titles, nurse_cert.signer_name) == (("GIÁM ĐỐC",), "Lê Văn Bình")
    assert (nurse_cert.parent_name, nurse_cert.issuer_name, nurse_cert.authority) == (
        "UBND TỈNH SƠN HÀ",
        "SỞ Y TẾ",
        "GIÁM ĐỐC SỞ Y TẾ",
    )
    khoa_cert = by_name["Tập thể Khoa Nội"]  # a khoa: named, and its hospital below
    assert khoa_cert.collective and khoa_cert.unit == "Bệnh viện Đa khoa tỉnh"
    assert khoa_cert.achievement == "Đã có thành tích xuất sắc trong phòng, chống dịch năm 2025"
    hospital = by_name["Tập thể Bệnh viện Đa khoa tỉnh"]  # right under the Department: nothing more to say
    assert hospital.unit == "" and hospital.award_name == "GIẤY CHỨNG NHẬN"
    assert hospital.achievement == "Đã đạt danh hiệu “Tập thể lao động tiên tiến” năm 2025"
    lan = by_name["Bà Nguyễn Thị Lan"]
    assert lan.unit == "Bác sĩ, Bệnh viện Đa khoa tỉnh"
    assert [c.recipient for c in certs] == ORDER


def test_a_deputy_signs_kt_and_a_higher_decision_is_refused(ctx, desk):  # noqa: F811
    items = desk["items"]
    deputy = next(x for x in get_agency(ctx).signers if x.full_name == "Trần Thị Hoa")
    issued = issue_decision(ctx, [items["hung"]], dt.date(2026, 1, 5), deputy.id)
    cert = certificates_for_decision(ctx, issued.decision_id)[0]
    assert cert.signer_titles == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC") and cert.signer_name == "Trần Thị Hoa"
    assert cert.recipient == "Trần Văn Hùng" and cert.place_date == "Sơn Hà, ngày 05 tháng 01 năm 2026"
    forward_to_higher(ctx, [items["bk"]], dt.date(2025, 12, 22), desk["signer"])
    higher = record_higher_decision(
        ctx, [items["bk"]], "2345/QĐ-UBND", dt.date(2026, 1, 20), "UBND tỉnh Sơn Hà", AuthorityLevel.PROVINCE
    )
    with pytest.raises(ValidationError, match="cấp trên"):
        certificates_for_decision(ctx, higher.decision_id)
