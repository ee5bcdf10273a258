"""State-format documents (NĐ 30/2020, FORMAT.md) as PDFs: the model, the renderer, and builders that
fill the model from the records. No Qt here.

    from app.documents.state import cong_van, render_pdf
    render_pdf(cong_van(agency, signer, subject=…, recipients=[…], body=[…]), "cong-van.pdf")

Names are loaded on first use: the screens need only `model` (signature lines), not ReportLab.
"""

from __future__ import annotations

import importlib

_WHERE = {
    **dict.fromkeys(
        (
            "Annex",
            "Article",
            "Basis",
            "Clause",
            "Grid",
            "Group",
            "Heading",
            "Para",
            "Signature",
            "StateDocument",
            "signature_lines",
        ),
        "model",
    ),
    "render_pdf": "layout",
    **dict.fromkeys(
        (
            "bao_cao",
            "bien_ban_hop_hoi_dong",
            "cong_van",
            "ke_hoach",
            "quyet_dinh_khen_thuong",
            "thong_bao",
            "to_trinh",
            "van_ban",
        ),
        "builders",
    ),
}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
