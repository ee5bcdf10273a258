"""State-format documents (NĐ 30/2020, FORMAT.md) as PDFs: the model, the renderer, and builders that
fill the model from the records. No Qt here.

    from app.documents.state import cong_van, render_pdf
    render_pdf(cong_van(agency, signer, subject=…, recipients=[…], body=[…]), "cong-van.pdf")

Names are loaded on first use: the screens need only `model` (signature lines), not ReportLab (nor
python-docx, behind `render_docx`).
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
    "render_docx": "app.documents.docx_export",  # the same document as a Word file
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
    where = _WHERE[name]
    return getattr(importlib.import_module(where if "." in where else f"{__name__}.{where}"), name)
