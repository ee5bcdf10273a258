"""Who is the same person: names compared exactly, marks and all.

Folding (app.text.folding) serves search and sorting only. Two names that both carry Vietnamese marks
and differ in any mark or letter are different people (Hà / Hạ, Thúy / Thủy). NFC and NFD forms of one
name, or the same name in other letter case or spacing, are the same name. A name written with no
marks at all (an unaccented or legacy file) can only be a *probable* match, for a clerk to confirm.
"""

from __future__ import annotations

from app.text.folding import fold
from app.text.normalize import clean


def name_identity(name: str | None) -> str:
    """The exact identity of a name: NFC, cleaned, lower case. Marks are kept."""
    return (clean(name) or "").lower()


def has_marks(name: str | None) -> bool:
    """True when the name carries any Vietnamese mark or letter (đ, ă, â, ê, ô, ơ, ư, tones)."""
    identity = name_identity(name)
    return fold(identity) != identity
