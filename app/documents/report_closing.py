"""The closing under a report's table, as the program's reports sign it (a statistics form, the report of
targets against results): the place and date on the right, then two signatures side by side — NGƯỜI LẬP
BIỂU on the left, the agency's signer on the right (its title lines and, after the room for the signature
and seal, its name; THỦ TRƯỞNG ĐƠN VỊ when the agency has no signer entered).

    closing = report_closing(agency, day)
    for left, right in closing.rows():     # a workbook: one row each, the two halves of the sheet
        ...
    closing.preparer, closing.head          # a PDF: the two signatures as stacks (app.documents.target_report)

Nothing here draws: the workbooks (app.exchange.statistics_export, app.exchange.lists) and the PDF write
the same lines in their own cells and columns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import zip_longest

from app.documents.state.model import signature_lines
from app.domain.agency import AgencyInfo
from app.text.formatting import place_date

PREPARER = "NGƯỜI LẬP BIỂU"
PREPARER_HINT = "(Ký, ghi rõ họ tên)"
HEAD = "THỦ TRƯỞNG ĐƠN VỊ"
HEAD_HINT = "(Ký, họ tên, đóng dấu)"
SIGNING_ROWS = 4  # a workbook's empty rows for the signature and seal


@dataclass(frozen=True)
class Line:
    text: str
    style: str  # "B" bold, "I" italic


@dataclass(frozen=True)
class SignedBy:
    """One signature of the closing: its title lines (bold, upper case), a hint under them (italic), and
    the name under the room for the signature (bold; empty: written by hand)."""

    titles: tuple[str, ...]
    hint: str = ""
    name: str = ""

    def heading(self) -> list[Line]:
        return [Line(t, "B") for t in self.titles] + ([Line(self.hint, "I")] if self.hint else [])


@dataclass(frozen=True)
class ReportClosing:
    place_day: str  # "Lâm Đồng, ngày 05 tháng 01 năm 2026"
    preparer: SignedBy
    head: SignedBy

    def rows(self) -> list[tuple[Line | None, Line | None]]:
        """The closing row by row as (left, right): the place and date, the titles level with each other,
        the room for the signatures, the names level with each other."""
        rows: list[tuple[Line | None, Line | None]] = [(None, Line(self.place_day, "I"))]
        rows += list(zip_longest(self.preparer.heading(), self.head.heading()))
        rows += [(None, None)] * SIGNING_ROWS
        names = [Line(x.name, "B") if x.name else None for x in (self.preparer, self.head)]
        if any(names):
            rows.append((names[0], names[1]))
        return rows


def report_closing(agency: AgencyInfo | None, day: dt.date) -> ReportClosing:
    """The closing dated `day` at the agency's place, signed by its default signer (KT. GIÁM ĐỐC / PHÓ GIÁM
    ĐỐC / the name) or, with none entered, by THỦ TRƯỞNG ĐƠN VỊ."""
    signers = agency.signers if agency is not None else ()
    signer = next((x for x in signers if x.is_default), signers[0] if signers else None)
    if signer is None:
        head = SignedBy((HEAD,), HEAD_HINT)
    else:
        titles = signature_lines(signer.position_title, signer.authority, signer.authority_title)
        head = SignedBy(titles, name=signer.full_name)
    place_day = place_date(agency.place_name if agency is not None else "", day)
    return ReportClosing(
        place_day[:1].upper() + place_day[1:],  # "Ngày …" when no place is entered
        SignedBy((PREPARER,), PREPARER_HINT),
        head,
    )
