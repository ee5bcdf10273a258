"""The agency's header data and its signers, as documents and services both read them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.text.folding import fold
from database.enums import AgencyLevel, AuthorityLevel, SignAuthority


@dataclass(frozen=True)
class LevelWording:
    """The words a document uses for the agency's parent: a province (tỉnh) or a centrally run city (thành
    phố). Every document that names the province or its bodies takes them from here.

        words = agency.wording
        words.people_committee        # "Ủy ban nhân dân thành phố"
        words.emulation_board         # "Ban Thi đua – Khen thưởng thành phố"
        words.with_place("Sở Y tế")   # "Sở Y tế Hà Nội"
    """

    level: AgencyLevel = AgencyLevel.PROVINCE
    place: str = ""  # the province's or city's own name (the địa danh): "Hà Nội"

    @property
    def level_word(self) -> str:
        return "thành phố" if self.level is AgencyLevel.CITY else "tỉnh"

    @property
    def people_committee(self) -> str:
        return f"Ủy ban nhân dân {self.level_word}"

    @property
    def people_committee_short(self) -> str:
        return f"UBND {self.level_word}"

    @property
    def committee_chair(self) -> str:
        return f"Chủ tịch {self.people_committee}"

    @property
    def committee_chair_short(self) -> str:
        return f"Chủ tịch {self.people_committee_short}"

    @property
    def emulation_board(self) -> str:
        return f"Ban Thi đua – Khen thưởng {self.level_word}"

    @property
    def labour_federation(self) -> str:
        return f"Liên đoàn Lao động {self.level_word}"

    @property
    def whole_area(self) -> str:
        """A statistics scope over every unit: "Toàn tỉnh", "Toàn thành phố"."""
        return f"Toàn {self.level_word}"

    @property
    def level_of_authority(self) -> str:
        """ "Cấp tỉnh", "Cấp thành phố" (an award's level)."""
        return f"Cấp {self.level_word}"

    def authority(self, level: AuthorityLevel) -> str:
        """Who grants at `level`: "Chủ tịch UBND thành phố" for a city's province level, else the level's label."""
        return self.committee_chair_short if level is AuthorityLevel.PROVINCE else level.label

    def with_place(self, body: str) -> str:
        """A body of the province named with its place, as documents name it to outsiders: "Sở Y tế Hà Nội"
        (a province's: "Sở Y tế tỉnh Quảng Nam"). Without a place, or when the body's name already ends with
        it ("Sở Y tế Hà Nội"), the body as it is."""
        if not self.place or fold(body).endswith(fold(self.place)):
            return body
        if self.level is AgencyLevel.CITY:
            return f"{body} {self.place}"
        return f"{body} tỉnh {self.place}"


_CITY_PARENT = re.compile(r"^\s*(ubnd|uy ban nhan dan)\s+(thanh pho|tp\.?)\s")


def level_from_parent(parent_name: str | None) -> AgencyLevel:
    """The level a parent's name shows: "UBND thành phố Hà Nội" / "Ủy ban nhân dân thành phố …" → CITY,
    anything else → PROVINCE (the migration infers existing agencies' level with the same rule)."""
    return AgencyLevel.CITY if _CITY_PARENT.match(fold(parent_name or "")) else AgencyLevel.PROVINCE


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
    level: AgencyLevel = AgencyLevel.PROVINCE  # the parent: a province or a centrally run city

    @property
    def wording(self) -> LevelWording:
        return LevelWording(self.level, self.place_name)
