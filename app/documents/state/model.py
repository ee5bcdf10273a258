"""What a state-format document says, apart from how it is laid out (FORMAT.md §2 names every part).

The renderer (layout.py) draws any `StateDocument`; the builders (builders.py) fill one from the
records. Kinds differ only in these data: a công văn has a `subject_line` and no `kind_title`, a
biên bản has no place/date row and two signatures, and so on.

Body text may carry emphasis the way the clerk types it: *italic*, **bold**, ***bold italic***.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from database.enums import SignAuthority

# Roles that sign for someone else name that person's title first (KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC).
NEEDS_HEAD_TITLE = (
    SignAuthority.DEPUTY,
    SignAuthority.ON_BEHALF,
    SignAuthority.BY_ORDER,
    SignAuthority.AUTHORISED,
)


def signature_lines(
    position: str, authority: SignAuthority = SignAuthority.OWN, head_title: str | None = None
) -> tuple[str, ...]:
    """The UPPER-case lines above a signature (ô 7a): ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), ("Q. GIÁM ĐỐC")
    or ("GIÁM ĐỐC",)."""
    position = (position or "").strip().upper()
    head = (head_title or "").strip().upper()
    if authority is SignAuthority.ACTING:
        return (f"Q. {position}".strip(),)
    if authority in NEEDS_HEAD_TITLE:
        return (f"{authority.label} {head or '…'}", position)
    return (position,)


# --- the parts of the body (ô 6) -------------------------------------------------------------------------


@dataclass(frozen=True)
class Para:
    """A body paragraph: justified, first line indented."""

    text: str


@dataclass(frozen=True)
class Basis:
    """A căn cứ line (italic, one per line; the last ends with ".")."""

    text: str


@dataclass(frozen=True)
class Heading:
    """A bold line of its own: a titled khoản ("1. Phân kỳ …") indented like a paragraph, or, centred,
    a thẩm quyền, "QUYẾT ĐỊNH:", a Phần/Chương title."""

    text: str
    centred: bool = False


@dataclass(frozen=True)
class Article:
    """Điều N. The label is bold; a title (bold) or the text (regular) follows it on the same line."""

    number: int
    text: str = ""
    title: str = ""


@dataclass(frozen=True)
class Clause:
    """A khoản ("1.") or điểm ("a)"): label and text, laid out as a paragraph."""

    label: str
    text: str


@dataclass(frozen=True)
class Grid:
    """A ruled table whose header row repeats on every page.

    Rows are tuples of cell texts; a `Group` row spans the table (I. Tập thể); `totals` is the bold last
    row (label spanning all but the last column). `widths` in mm, scaled to the text width; `align` one of
    l/c/r per column."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...] | Group, ...]
    widths: tuple[float, ...]
    align: tuple[str, ...]
    totals: tuple[str, str] | None = None


@dataclass(frozen=True)
class Group:
    """A bold row across a table naming the rows below it."""

    text: str


Block = Para | Basis | Heading | Article | Clause | Grid


# --- header, signature, annex ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Signature:
    """ô 7a/7b: the title lines above the space for signature and seal, and the signer's name below."""

    titles: tuple[str, ...]
    name: str
    organisation: str = ""  # above the titles where several organisations sign (a giao ước)


@dataclass(frozen=True)
class Annex:
    """A Danh sách kèm theo laid out as a phụ lục (FORMAT.md §5): own page numbers, bold UPPER title, the
    bold description, the italic "(Kèm theo …)" line and a short rule, then the table."""

    title: str  # DANH SÁCH
    description: str  # "Tập thể, cá nhân được tặng Giấy khen …"
    table: Grid
    after: tuple[Block, ...] = ()  # "Bằng chữ: …"
    # "(Kèm theo Quyết định số …/QĐ-SYT ngày … của Giám đốc Sở Y tế)": the document's kind and who issues
    # it; the number and date are the document's own, blank on a draft.
    attached_to: str = ""
    issued_by: str = ""


@dataclass(frozen=True)
class StateDocument:
    """One document of NĐ 30/2020, as the renderer draws it.

    `number` None is a draft: "Số:        /QĐ-SYT" and a blank day and month, to be filled by the register
    after signing (FORMAT.md §4). `issued_on` None leaves the date blank in `year`."""

    parent_name: str  # ô 2, cơ quan chủ quản
    issuer_name: str  # ô 2, cơ quan ban hành
    symbol: str  # ô 3 ký hiệu: QĐ-SYT, SYT-VP
    place_name: str | None  # ô 4; None: no place/date row (biên bản)
    year: int
    number: int | None = None
    issued_on: dt.date | None = None
    kind_title: str = ""  # ô 5a tên loại (QUYẾT ĐỊNH); empty for a công văn
    subject: str = ""  # ô 5a trích yếu, or ô 5b for a công văn (written after "V/v ")
    recipients: tuple[str, ...] = ()  # ô 9a Kính gửi
    body: tuple[Block, ...] = ()
    signatures: tuple[Signature, ...] = ()  # one on the right; two: left (thư ký) and right (chủ tọa)
    copies_to: tuple[str, ...] = ()  # ô 9b Nơi nhận, without the dashes
    drafter: str = ""  # ô 12 initials
    copies: int | None = None  # ô 12 số bản
    footer: tuple[str, ...] = ()  # ô 13: address, phone, e-mail, website
    urgency: str = ""  # ô 10b: KHẨN, THƯỢNG KHẨN, HỎA TỐC
    annexes: tuple[Annex, ...] = ()
    # False: a document with no number line (ô 3), as a giao ước signed by its members; its date prints.
    numbered: bool = True
    title_for_metadata: str = field(default="", compare=False)

    @property
    def is_letter(self) -> bool:
        """A công văn: no tên loại; its trích yếu goes under the number (ô 5b)."""
        return not self.kind_title

    def with_number(self, number: int, issued_on: dt.date) -> StateDocument:
        """The same document once the register has given it a number and a date."""
        return replace(self, number=number, issued_on=issued_on, year=issued_on.year)


def as_blocks(items: Sequence[Block | str]) -> tuple[Block, ...]:
    """Plain strings are paragraphs."""
    return tuple(Para(x) if isinstance(x, str) else x for x in items)
