"""How the outgoing register writes a document's number and ký hiệu (NĐ 30/2020)."""

from __future__ import annotations

from database.enums import DocumentKind


def document_symbol(kind: DocumentKind, agency_symbol: str) -> str:
    """QĐ-SYT, TTr-SYT …; a công văn carries the agency's symbol and the drafting office's (SYT-TĐKT)."""
    prefix = kind.symbol_prefix
    return f"{prefix}-{agency_symbol}" if prefix else agency_symbol


def number_text(number: int, symbol: str) -> str:
    """ "05/QĐ-SYT": numbers below 10 are written with a leading zero."""
    return f"{number:02d}/{symbol}"
