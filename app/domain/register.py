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


# Subjects that read on without "về việc" after the document they name ("Quyết định số … ban hành Quy định …").
_VERBS = ("ban hành", "quy định")
_ABOUT = ("về việc", "v/v", "vv")


def about(subject: str) -> str:
    """A trích yếu as it reads inside a sentence, after the document it belongs to: "về việc tăng cường …"
    ("V/v …", "Về việc …" and a bare "Tăng cường …" alike), or "ban hành Quy định …" as it is."""
    text = " ".join((subject or "").split()).rstrip(" ;.")
    folded = text.casefold()
    for prefix in _ABOUT:
        if folded.startswith(prefix) and (len(text) == len(prefix) or not text[len(prefix)].isalnum()):
            text = text[len(prefix) :].lstrip(" :.-")
            folded = text.casefold()
            break
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and not first.isupper():  # "Tăng cường" → "tăng cường"; "UBND" stays
        text = text[:1].lower() + text[1:]
    if not text:
        return ""
    return text if folded.startswith(_VERBS) else f"về việc {text}"
