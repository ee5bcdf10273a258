"""Giấy khen of a decision, and the layouts of the pre-printed blanks they are printed onto.

    certs = certificates_for_decision(ctx, decision_id)     # one CertificateData per award
    save_layout(ctx, layout); list_layouts(ctx); delete_layout(ctx, "Phôi A4 Sở Y tế")
    print_certificates(ctx, decision_id, "05/QĐ-SYT", certs, layout, "giay-khen.pdf")   # an audit row too

Layouts live in the AppSetting table as JSON, with no schema of their own: two families of settings
(app/settings.py), the positions under CERTIFICATE_LAYOUT and the scan of the blank, which is large and
seldom changes, under CERTIFICATE_BACKGROUND, so that moving a field does not copy the image into the
audit trail.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import aliased

from app.documents.certificate import CERTIFICATE, GIAY_KHEN, BlankLayout, CertificateData
from app.documents.state.model import signature_lines
from app.domain.permissions import Permission, use_case
from app.errors import ValidationError
from app.services.agency import get_agency
from app.services.awards import DecisionNotFound
from app.services.context import ServiceContext
from app.services.records import unit_choices
from app.services.settings import delete_setting, read_family, read_setting, write_setting
from app.settings import CERTIFICATE_BACKGROUND, CERTIFICATE_LAYOUT
from app.text import clean
from app.text.formatting import place_date, vn_date
from database.enums import AuthorityLevel, Gender, UnitKind
from database.models import Award, AwardType, Decision, Person, Signer, Unit
from database.models import Nomination as NominationRow

MAX_NAME = 50  # the AppSetting key holds 80 characters, the longer prefix included
COLLECTIVE_WORD = "Tập thể"
SALUTATIONS = {Gender.MALE: "Ông", Gender.FEMALE: "Bà"}


# --- blank layouts ---------------------------------------------------------------------------------------


def _layout_name(name: str | None) -> str:
    name = clean(name) or ""
    if not name:
        raise ValidationError("Hãy đặt tên cho mẫu phôi (ví dụ: “Phôi A4 ngang 2025”).")
    if len(name) > MAX_NAME:
        raise ValidationError(f"Tên mẫu phôi dài quá {MAX_NAME} ký tự; hãy đặt tên ngắn hơn.")
    return name


def list_layouts(ctx: ServiceContext) -> list[BlankLayout]:
    """Every saved blank layout with its background, by name."""
    with ctx.read() as s:
        positions = read_family(s, CERTIFICATE_LAYOUT)
        backgrounds = read_family(s, CERTIFICATE_BACKGROUND)
    layouts = []
    for name, data in positions.items():
        if not isinstance(data, dict):
            continue  # a damaged entry is left out rather than stopping the list
        data["name"] = name
        data["background"] = backgrounds.get(name) or None
        layouts.append(BlankLayout.from_json(data))
    return sorted(layouts, key=lambda x: x.name.casefold())


def get_layout(ctx: ServiceContext, name: str) -> BlankLayout | None:
    wanted = clean(name)
    return next((x for x in list_layouts(ctx) if x.name == wanted), None)


@use_case(Permission.DESK)
def save_layout(ctx: ServiceContext, layout: BlankLayout, previous_name: str | None = None) -> BlankLayout:
    """Save (or replace) a layout under its name; saved under a new name, the old one goes."""
    name = _layout_name(layout.name)
    old = clean(previous_name)
    data = layout.to_json()
    data.pop("background")
    data["name"] = name
    with ctx.write(f"Lưu mẫu phôi giấy khen “{name}”") as s:
        write_setting(s, CERTIFICATE_LAYOUT, data, name)
        if layout.background:
            if read_setting(s, CERTIFICATE_BACKGROUND, name) != layout.background:
                write_setting(s, CERTIFICATE_BACKGROUND, layout.background, name)
        else:
            delete_setting(s, CERTIFICATE_BACKGROUND, name)
        if old and old != name:
            _delete(s, old)
    return BlankLayout.from_json({**data, "background": layout.background})


def _delete(s, name: str) -> bool:
    found = delete_setting(s, CERTIFICATE_LAYOUT, name)
    return delete_setting(s, CERTIFICATE_BACKGROUND, name) or found


@use_case(Permission.DESK)
def delete_layout(ctx: ServiceContext, name: str) -> None:
    name = _layout_name(name)
    with ctx.write(f"Xóa mẫu phôi giấy khen “{name}”") as s:
        if not _delete(s, name):
            raise ValidationError(f"Không còn mẫu phôi “{name}” để xóa.")


# --- the certificates of a decision ----------------------------------------------------------------------


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _achievement(own: str | None, award_name: str, is_title: bool, year: int) -> str:
    """What the nomination said, else the usual words: thành tích for a Giấy khen, the danh hiệu for a title."""
    own = clean(own)
    if own:
        return _capital(own.rstrip("."))
    if is_title:
        return f"Đã đạt danh hiệu “{award_name}” năm {year}"
    return f"Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm {year}"


def certificates_for_decision(ctx: ServiceContext, decision_id: int) -> list[CertificateData]:
    """One certificate per award of a decision of the Director (revoked ones left out), in the order of its
    Danh sách: the higher award first, collectives before individuals, each by name. A person's unit is
    named with the units above it ("Khoa Nội – Bệnh viện Đa khoa tỉnh"); a collective is named on the
    name line and the unit it belongs to below."""
    agency = get_agency(ctx)
    if agency is None:
        raise ValidationError("Chưa có thông tin cơ quan (Cài đặt › Thông tin cơ quan).")
    units = {u.id: u for u in unit_choices(ctx, include_ended=True)}
    nomination = aliased(NominationRow)
    with ctx.read() as s:
        decision = s.get(Decision, decision_id)
        if decision is None:
            raise DecisionNotFound("Không tìm thấy quyết định này trong cơ sở dữ liệu.")
        if decision.level is not AuthorityLevel.DEPARTMENT:
            raise ValidationError(
                "Giấy khen của cấp trên do cơ quan cấp trên in; ở đây chỉ in giấy khen theo "
                "quyết định của Giám đốc Sở."
            )
        signer = s.scalar(
            select(Signer)
            .where(Signer.full_name == decision.signer_name)
            .order_by(Signer.active.desc(), Signer.id)
        )
        rows = s.execute(
            select(
                Person.full_name,
                Person.gender,
                Person.position,
                Person.unit_id,
                Award.unit_id,
                AwardType.code,
                AwardType.name,
                Award.is_title,
                Award.year,
                Award.achievement,
                nomination.achievement,
            )
            .select_from(Award)
            .join(AwardType, AwardType.id == Award.award_type_id)
            .outerjoin(Person, Person.id == Award.person_id)
            .outerjoin(Unit, Unit.id == Award.unit_id)
            .outerjoin(nomination, nomination.id == Award.nomination_id)
            .where(Award.decision_id == decision_id, Award.revoked.is_(False))
            .order_by(
                AwardType.rank.desc(), Award.unit_id.is_(None), Person.sort_key, Unit.name_folded, Award.id
            )
        ).all()
    position = signer.position_title if signer else (decision.signer_title or "")
    titles = (
        signature_lines(position, signer.authority, signer.authority_title)
        if signer
        else signature_lines(position)
    )
    head = ((signer.authority_title if signer else None) or position or "GIÁM ĐỐC").upper()
    shared = dict(
        decision=f"Quyết định số {decision.number_text} ngày {vn_date(decision.issued_on)}",
        place_date=place_date(agency.place_name, decision.issued_on),
        signer_titles=titles,
        signer_name=decision.signer_name or (signer.full_name if signer else ""),
        parent_name=agency.parent_name,
        issuer_name=agency.name,
        authority=f"{head} {agency.name}".upper(),
    )

    def label(unit_id: int | None) -> str:
        return units[unit_id].label if unit_id in units else ""

    certificates = []
    for name, gender, job, works_in, collective_id, code, award_name, is_title, year, own, proposed in rows:
        if collective_id is not None:
            unit = units.get(collective_id)
            parent = units.get(unit.parent_id) if unit else None
            recipient = f"{COLLECTIVE_WORD} {unit.name if unit else ''}".strip()
            where = label(parent.id) if parent and parent.kind is not UnitKind.DEPARTMENT else ""
        else:
            recipient = " ".join(x for x in (SALUTATIONS.get(gender), name) if x)
            where = ", ".join(x for x in (_capital(clean(job) or ""), label(works_in)) if x)
        certificates.append(
            CertificateData(
                recipient=recipient,
                unit=where,
                achievement=_achievement(own or proposed, award_name, is_title, year),
                award_name=CERTIFICATE if is_title else GIAY_KHEN,
                verb="CẤP" if is_title else "TẶNG",
                collective=collective_id is not None,
                award_code=code,
                award_title=award_name,
                **shared,
            )
        )
    return certificates


def print_certificates(
    ctx: ServiceContext,
    decision_id: int,
    number: str,
    certificates: Sequence[CertificateData],
    layout: BlankLayout | None,
    target: str | os.PathLike,
    title: str = "Giấy khen",
) -> Path:
    """The certificates of a decision to one PDF (one a page), and an audit row: which decision, how many
    pages, for how many people, where."""
    from app.documents.certificate import render_certificates

    render_certificates(certificates, layout, target, title=title)
    people = sum(not c.collective for c in certificates)
    ctx.log_event(
        "print",
        "decision",
        f"In {len(certificates)} giấy khen của Quyết định số {number} ra tệp “{Path(target).name}”",
        {
            "what": "giấy khen",
            "number": number,
            "pages": len(certificates),
            "people": people,
            "target": str(target),
        },
        decision_id,
    )
    return Path(target)
