"""The agency's header data and its signers, as documents and services both read them."""

from __future__ import annotations

from dataclasses import dataclass, field

from database.enums import SignAuthority


@dataclass(frozen=True)
class SignerInfo:
    full_name: str
    position_title: str  # GIÁM ĐỐC, PHÓ GIÁM ĐỐC
    authority: SignAuthority = SignAuthority.OWN
    authority_title: str | None = None  # after KT.: GIÁM ĐỐC
    is_default: bool = False
    id: int | None = None


@dataclass(frozen=True)
class AgencyInfo:
    parent_name: str  # cơ quan chủ quản
    name: str  # cơ quan ban hành
    symbol: str  # viết tắt dùng trong ký hiệu văn bản
    place_name: str  # địa danh
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    signers: tuple[SignerInfo, ...] = field(default_factory=tuple)
    version: int | None = (
        None  # the agency row's, as read: handed back to save_agency (app.services.versions)
    )
