"""The office most database tests work for: the Sở Y tế of a province, with its director as default signer."""

from __future__ import annotations

from app.services.agency import AgencyInfo, SignerInfo

SON_HA = AgencyInfo(
    parent_name="UBND tỉnh Sơn Hà",
    name="Sở Y tế",
    symbol="SYT",
    place_name="Sơn Hà",
    signers=(SignerInfo("Lê Văn Bình", "Giám đốc", is_default=True),),
)
