"""Bản giao ước thi đua: what a block's members sign, as real pledges are laid out. Not a công văn: no
number line, no V/v, no Kính gửi, no Nơi nhận; the national header with the block's name on the left (under
the body that formed it), the place and the day the members signed, the title "BẢN GIAO ƯỚC THI ĐUA NĂM
2024" with the block's name, the commitments as typed, and every member's head signing under its own
organisation's name, in two or three columns.

    model = pledge_document(agency, cluster_detail(ctx, id))   # a StateDocument
    render_pdf(model, "giao-uoc.pdf")
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from app.documents.state.model import Heading, Para, Signature, StateDocument
from app.domain.agency import AgencyInfo
from app.domain.clusters import MemberInfo
from database.enums import MemberKind

# "I. …", "II. …": a part of the commitments, printed as a bold line of its own.
_PART = re.compile(r"^[IVX]+\.\s")


def pledge_title(year: int) -> str:
    return f"BẢN GIAO ƯỚC THI ĐUA NĂM {year}"


def pledge_register_subject(year: int, title: str) -> str:
    """The pledge's line in the register ("Giao ước thi đua năm 2024 – Khối thi đua số 9"); the pledge itself
    prints only the block's name under its title."""
    return f"Giao ước thi đua năm {year} – {title}"


def pledge_document(
    agency: AgencyInfo,
    *,
    title: str,
    year: int,
    members: Sequence[MemberInfo],
    signed_on: dt.date | None,
    content: str,
    symbol: str,
) -> StateDocument:
    """The pledge of a block (`title`: "Khối thi đua số 9") signed by `members` in their order. A block the
    Sở sits in as a member is a block of the Sở's own parent (a city's block of departments): the left
    header names that parent above the block; a cluster of the Sở's units names the Sở."""
    with_agency = any(m.kind is MemberKind.AGENCY for m in members)
    lines = [x.strip() for x in content.splitlines() if x.strip()]
    return StateDocument(
        parent_name=agency.parent_name if with_agency else agency.name,
        issuer_name=title.upper(),
        symbol=symbol,
        place_name=agency.place_name,
        year=year,
        issued_on=signed_on,
        kind_title=pledge_title(year),
        subject=title,
        body=tuple(Heading(x) if _PART.match(x) else Para(x) for x in lines),
        signatures=tuple(
            Signature(tuple(t.upper() for t in m.signer_titles), m.signer_name, m.name) for m in members
        ),
        numbered=False,
        title_for_metadata=f"{pledge_title(year)} – {title}",
    )
