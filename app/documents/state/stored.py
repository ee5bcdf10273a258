"""A StateDocument kept as JSON and read back: what a biên bản's register entry stores, so that it prints
again exactly as drafted. Annexes are not kept (a biên bản has none)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.documents.state import model as m
from app.documents.state.model import Signature, StateDocument


def _block_json(block: m.Block) -> dict:
    if isinstance(block, m.Grid):
        rows = [{"group": r.text} if isinstance(r, m.Group) else list(r) for r in block.rows]
        return {
            "type": "Grid",
            "headers": list(block.headers),
            "rows": rows,
            "widths": list(block.widths),
            "align": list(block.align),
            "totals": list(block.totals) if block.totals else None,
        }
    return {"type": type(block).__name__, **block.__dict__}


def _block_from_json(data: dict) -> m.Block:
    data = dict(data)
    kind = data.pop("type")
    if kind == "Grid":
        rows = tuple(m.Group(r["group"]) if isinstance(r, dict) else tuple(r) for r in data["rows"])
        return m.Grid(
            tuple(data["headers"]),
            rows,
            tuple(data["widths"]),
            tuple(data["align"]),
            tuple(data["totals"]) if data.get("totals") else None,
        )
    return {"Para": m.Para, "Basis": m.Basis, "Heading": m.Heading, "Article": m.Article, "Clause": m.Clause}[
        kind
    ](**data)


def snapshot(model: StateDocument) -> dict[str, Any]:
    """A StateDocument without its annexes as JSON: what a biên bản's entry keeps."""
    return {
        "parent_name": model.parent_name,
        "issuer_name": model.issuer_name,
        "symbol": model.symbol,
        "place_name": model.place_name,
        "year": model.year,
        "kind_title": model.kind_title,
        "subject": model.subject,
        "recipients": list(model.recipients),
        "issued_on": model.issued_on.isoformat() if model.issued_on else None,
        "body": [_block_json(b) for b in model.body],
        "signatures": [
            {"titles": list(x.titles), "name": x.name, "organisation": x.organisation}
            for x in model.signatures
        ],
        "numbered": model.numbered,
        "copies_to": list(model.copies_to),
        "drafter": model.drafter,
        "copies": model.copies,
    }


def restore(data: dict[str, Any]) -> StateDocument:
    """The StateDocument `snapshot` kept."""
    return StateDocument(
        parent_name=data["parent_name"],
        issuer_name=data["issuer_name"],
        symbol=data["symbol"],
        place_name=data.get("place_name"),
        year=data["year"],
        kind_title=data.get("kind_title", ""),
        subject=data.get("subject", ""),
        recipients=tuple(data.get("recipients") or ()),
        issued_on=dt.date.fromisoformat(data["issued_on"]) if data.get("issued_on") else None,
        body=tuple(_block_from_json(b) for b in data.get("body") or ()),
        signatures=tuple(
            Signature(tuple(x["titles"]), x["name"], x.get("organisation", ""))
            for x in data.get("signatures") or ()
        ),
        numbered=data.get("numbered", True),
        copies_to=tuple(data.get("copies_to") or ()),
        drafter=data.get("drafter") or "",
        copies=data.get("copies"),
    )
