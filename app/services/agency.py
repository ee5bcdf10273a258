"""The agency's header data and its signers, asked for on first run and kept in the database."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.agency import AgencyInfo, LevelWording, SignerInfo
from app.domain.permissions import Permission, use_case
from app.errors import ValidationError
from app.services.context import ServiceContext, clean_input
from app.services.versions import check_version, touch
from database.enums import SignAuthority
from database.models import Agency, Signer


def get_agency(ctx: ServiceContext) -> AgencyInfo | None:
    with ctx.read() as s:
        agency = s.scalar(select(Agency).limit(1))
        if agency is None:
            return None
        signers = s.scalars(select(Signer).where(Signer.active).order_by(Signer.sort_order, Signer.id))
        return AgencyInfo(
            parent_name=agency.parent_name,
            name=agency.name,
            symbol=agency.symbol,
            place_name=agency.place_name,
            address=agency.address,
            phone=agency.phone,
            email=agency.email,
            website=agency.website,
            signers=tuple(
                SignerInfo(
                    full_name=x.full_name,
                    position_title=x.position_title,
                    authority=x.authority,
                    authority_title=x.authority_title,
                    is_default=x.is_default,
                    id=x.id,
                )
                for x in signers
            ),
            version=agency.version,
            level=agency.level,
        )


def agency_wording(ctx: ServiceContext) -> LevelWording:
    """The words of the agency's level (a province's when no agency is entered yet)."""
    agency = get_agency(ctx)
    return agency.wording if agency else LevelWording()


def session_wording(s: Session) -> LevelWording:
    """The same, read inside a service's own session."""
    row = s.execute(select(Agency.level, Agency.place_name).limit(1)).first()
    return LevelWording(*row) if row else LevelWording()


def validate_agency(info: AgencyInfo) -> None:
    missing = [
        label
        for label, value in (
            ("Cơ quan chủ quản", info.parent_name),
            ("Cơ quan ban hành", info.name),
            ("Chữ viết tắt", info.symbol),
            ("Địa danh", info.place_name),
        )
        if not value
    ]
    if missing:
        raise ValidationError("Chưa nhập: " + ", ".join(missing) + ".")
    if not info.signers:
        raise ValidationError("Cần ít nhất một người ký (họ tên và chức vụ).")
    for signer in info.signers:
        if not signer.full_name or not signer.position_title:
            raise ValidationError("Mỗi người ký cần có họ tên và chức vụ.")
        if signer.authority is SignAuthority.DEPUTY and not signer.authority_title:
            raise ValidationError(
                f"Người ký “{signer.full_name}” ký thay (KT.): hãy nhập chức vụ người đứng đầu."
            )


@use_case(Permission.SETTINGS)
def save_agency(ctx: ServiceContext, info: AgencyInfo, expected_version: int | None = None) -> AgencyInfo:
    """`expected_version`: the version of the agency row the form loaded (StaleRecord if another clerk saved
    since; None: no check); a change of the signers alone counts as a change of the agency."""
    info = clean_input(info)
    info = AgencyInfo(
        **{
            **info.__dict__,
            "parent_name": info.parent_name.upper(),
            "name": info.name.upper(),
            "symbol": info.symbol.upper(),
        }
    )
    validate_agency(info)
    with ctx.write("Lưu thông tin cơ quan và người ký") as s:
        agency = s.scalar(select(Agency).limit(1))
        if agency is not None:
            check_version(s, agency, expected_version)
        agency = agency or Agency()
        for key in (
            "parent_name",
            "name",
            "symbol",
            "place_name",
            "address",
            "phone",
            "email",
            "website",
            "level",
        ):
            if getattr(agency, key) != getattr(info, key):
                setattr(agency, key, getattr(info, key))
        s.add(agency)
        kept = {x.id: x for x in s.scalars(select(Signer))}
        wanted_default = next((i for i, x in enumerate(info.signers) if x.is_default), 0)
        seen: set[int] = set()
        for order, signer in enumerate(info.signers):
            row = kept.get(signer.id) if signer.id else None
            if row is None:
                row = Signer()
                s.add(row)
            values = {
                "full_name": signer.full_name,
                "position_title": signer.position_title.upper(),
                "authority": signer.authority,
                "authority_title": signer.authority_title.upper() if signer.authority_title else None,
                "is_default": order == wanted_default,
                "active": True,
                "sort_order": order,
            }
            for key, value in values.items():
                if getattr(row, key) != value:
                    setattr(row, key, value)
            if row.id:
                seen.add(row.id)
        # Signers are referred to by past documents by name only, but keep them: deactivate.
        for signer_id, row in kept.items():
            if signer_id not in seen and row.active:
                row.active = False
        touch(s, agency)
    return get_agency(ctx)
