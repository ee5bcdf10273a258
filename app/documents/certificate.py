"""Giấy khen in batches: one PDF for a whole decision, either the full design on plain paper or only the
variable fields printed onto pre-printed blanks (phôi). No Qt here.

    pdf = render_certificates(certificates)                       # full design, A4 landscape
    render_certificates(certificates, layout, "giay-khen.pdf")    # onto blanks, fields where the layout says
    render_certificates([sample], layout, path, frames=True)      # the clerk's test print

A page is first described as a list of drawing operations (`Run` for a line of text, `Stroke` for a path)
in points from the sheet's top-left corner; the PDF plays them on a ReportLab canvas and the screens play
the same list on a QPainter for their preview, so what is previewed is what is printed. Everything a
decision's certificates share (border, headings, the big "GIẤY KHEN") is drawn once into a PDF form that
each page reuses; a field's wrapping and shrinking is worked out once per distinct text. Every string is
NFC before it is measured or drawn (FORMAT.md; ReportLab misplaces decomposed marks).
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from dataclasses import fields as fields_of
from functools import lru_cache
from typing import BinaryIO

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.documents.fonts import BOLD, BOLD_ITALIC, FAMILY, ITALIC, register_fonts
from app.documents.state.layout import (
    ASCENT,
    DESCENT,
    LINE,
    MOTTO,
    NAME_RULE_SHARE,
    NATIONAL_NAME,
    Rule,
    Stack,
    Text,
    column,
    deliver,
    nfc,
)

GIAY_KHEN = "GIẤY KHEN"
CERTIFICATE = "GIẤY CHỨNG NHẬN"  # for a danh hiệu thi đua
PAGE_SIZES: dict[str, tuple[float, float]] = {  # mm, width × height
    "A4 ngang": (297.0, 210.0),
    "A4 dọc": (210.0, 297.0),
    "A5 ngang": (210.0, 148.0),
    "A5 dọc": (148.0, 210.0),
}
DEFAULT_PAGE = "A4 ngang"
# The variable fields, in the order the clerk meets them on the sheet.
FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "Họ tên"),
    ("unit", "Đơn vị"),
    ("achievement", "Thành tích"),
    ("decision", "Số quyết định"),
    ("date", "Ngày tháng"),
    ("signer_title", "Chức danh người ký"),
    ("signer_name", "Tên người ký"),
)
FIELD_LABELS = dict(FIELDS)
STYLES = {"regular": FAMILY, "bold": BOLD, "italic": ITALIC, "bold_italic": BOLD_ITALIC}
ALIGNS = ("left", "centre", "right")
MIN_SHRINK = 0.55  # a long name shrinks down to this share of its size, then wraps or overflows
SHRINK_STEP = 0.25  # pt
PT_PER_MM = mm

BLACK = "#000000"
RED = "#c8102e"  # the big GIẤY KHEN
DARK_RED = "#8b1a1a"  # the border
GOLD = "#b8902a"
NAVY = "#14306b"  # the recipient
FRAME_GREY = "#9a9a9a"  # the test print's field frames


# --- what a certificate says -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CertificateData:
    """One certificate: who receives it and for what, the decision it rests on, who signs."""

    recipient: str  # "Bà Nguyễn Thị Lan", or "Tập thể Khoa Nội"
    unit: str  # "Bác sĩ, Khoa Nội – Bệnh viện Đa khoa tỉnh"; for a collective the unit above it
    achievement: str  # "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2025"
    decision: str  # "Quyết định số 05/QĐ-SYT ngày 20/12/2025"
    place_date: str  # "Thanh Hóa, ngày 20 tháng 12 năm 2025"
    signer_titles: tuple[str, ...]  # ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    signer_name: str
    parent_name: str = ""  # UBND TỈNH THANH HÓA
    issuer_name: str = "SỞ Y TẾ"
    authority: str = "GIÁM ĐỐC SỞ Y TẾ"  # in whose name it is given
    award_name: str = GIAY_KHEN
    verb: str = "TẶNG"
    collective: bool = False
    award_code: str = ""  # the catalogue's, and its name: a decision may hold several kinds
    award_title: str = ""

    def text(self, key: str) -> str:
        """The text of one variable field (FIELDS)."""
        if key == "signer_title":
            return "\n".join(t for t in self.signer_titles if t)
        return {
            "name": self.recipient,
            "unit": self.unit,
            "achievement": self.achievement,
            "decision": self.decision,
            "date": self.place_date,
            "signer_name": self.signer_name,
        }[key]


SAMPLE = CertificateData(
    recipient="Bà Nguyễn Thị Phương Thảo",
    unit="Điều dưỡng trưởng, Khoa Hồi sức tích cực – Bệnh viện Đa khoa tỉnh",
    achievement="Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2025",
    decision="Quyết định số 05/QĐ-SYT ngày 20/12/2025",
    place_date="Thanh Hóa, ngày 20 tháng 12 năm 2025",
    signer_titles=("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
    signer_name="Trần Thị Hoa",
    parent_name="UBND TỈNH THANH HÓA",
)


# --- where the fields go ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    """Where and how one field is printed. (x, y) is its anchor in mm from the sheet's top-left corner: x is
    the left end, the centre or the right end of the text as `align` says; y is the first line's baseline."""

    x: float
    y: float
    size: float = 14.0  # pt
    align: str = "centre"
    max_width: float = 120.0  # mm; a longer text shrinks (down to MIN_SHRINK), then wraps to `lines`
    style: str = "regular"
    lines: int = 1
    colour: str = BLACK

    @property
    def font(self) -> str:
        return STYLES.get(self.style, FAMILY)

    def box(self) -> tuple[float, float, float, float]:
        """(left, top, width, height) in mm of the room the field may take."""
        width = self.max_width
        left = self.x - {"left": 0.0, "right": width}.get(self.align, width / 2)
        top = self.y - ASCENT * self.size / PT_PER_MM
        height = (ASCENT + DESCENT + LINE * (max(self.lines, 1) - 1)) * self.size / PT_PER_MM
        return left, top, width, height


# The full design on A4 landscape: the fields of the plain-paper certificate (also the starting point of a
# blank layout).
FULL_FIELDS: dict[str, FieldSpec] = {
    "name": FieldSpec(148.5, 97, 26, "centre", 235, "bold", 1, NAVY),
    "unit": FieldSpec(148.5, 108, 15, "centre", 235, "regular", 2),
    "achievement": FieldSpec(148.5, 122, 16, "centre", 240, "italic", 2),
    "decision": FieldSpec(76, 147, 13, "centre", 110, "italic"),
    "date": FieldSpec(212, 143, 14, "centre", 120, "italic"),
    "signer_title": FieldSpec(212, 150, 14, "centre", 120, "bold", 2),
    "signer_name": FieldSpec(212, 185, 14, "centre", 120, "bold"),
}


@dataclass(frozen=True)
class BlankLayout:
    """A pre-printed blank: its size, where each field goes, the printer's offset, and the scan or photo of
    the blank the clerk placed the fields over (base64 JPEG/PNG, kept with the layout)."""

    name: str
    page: str = DEFAULT_PAGE
    width: float = 297.0  # mm
    height: float = 210.0
    fields: Mapping[str, FieldSpec] = field(default_factory=dict)
    offset_x: float = 0.0  # mm added to every x: the printer's own shift, found with a test print
    offset_y: float = 0.0
    background: str | None = None  # base64 of the image
    background_path: str | None = None  # where the image was loaded from

    def to_json(self) -> dict:
        data = asdict(self)
        data["fields"] = {k: asdict(v) for k, v in self.fields.items()}
        return data

    @classmethod
    def from_json(cls, data: Mapping) -> BlankLayout:
        """A layout as saved; fields missing from it (an older save) get their default place."""
        page = str(data.get("page") or DEFAULT_PAGE)
        base = default_layout(str(data.get("name") or ""), page, data.get("width"), data.get("height"))
        known = {f.name for f in fields_of(FieldSpec)}
        fields = dict(base.fields)
        for key, spec in (data.get("fields") or {}).items():
            if key in fields and isinstance(spec, Mapping):
                fields[key] = replace(fields[key], **{k: v for k, v in spec.items() if k in known})
        return replace(
            base,
            fields=fields,
            offset_x=float(data.get("offset_x") or 0.0),
            offset_y=float(data.get("offset_y") or 0.0),
            background=data.get("background") or None,
            background_path=data.get("background_path") or None,
        )

    def sized(self, page: str) -> BlankLayout:
        """The same layout on another paper size, the fields moved in proportion."""
        width, height = PAGE_SIZES[page]
        return replace(
            self,
            page=page,
            width=width,
            height=height,
            fields=_scaled(self.fields, width / self.width, height / self.height),
        )


def _scaled(fields: Mapping[str, FieldSpec], sx: float, sy: float) -> dict[str, FieldSpec]:
    size = min(sx, sy)
    return {
        k: replace(
            f,
            x=round(f.x * sx, 1),
            y=round(f.y * sy, 1),
            max_width=round(f.max_width * sx, 1),
            size=round(max(f.size * size, 6), 1),
        )
        for k, f in fields.items()
    }


def default_layout(
    name: str = "", page: str = DEFAULT_PAGE, width: float | None = None, height: float | None = None
) -> BlankLayout:
    """The full design's field places, in proportion on the chosen paper: where the clerk starts dragging."""
    w, h = (
        (float(width), float(height)) if width and height else PAGE_SIZES.get(page, PAGE_SIZES[DEFAULT_PAGE])
    )
    fields = {k: replace(f, colour=BLACK) for k, f in _scaled(FULL_FIELDS, w / 297.0, h / 210.0).items()}
    return BlankLayout(name=name, page=page, width=w, height=h, fields=fields)


# --- drawing operations ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A line of text; (x, y) is the left end of its baseline, in pt from the sheet's top-left corner."""

    text: str
    font: str
    size: float
    x: float
    y: float
    colour: str = BLACK


@dataclass(frozen=True)
class Stroke:
    """A path through `points` (pt from the top-left), stroked and, when `fill` is given, filled."""

    points: tuple[tuple[float, float], ...]
    width: float = 0.6
    colour: str = BLACK
    closed: bool = False
    fill: str | None = None
    dash: tuple[float, ...] = ()


Op = Run | Stroke


@dataclass(frozen=True)
class Sheet:
    """One page as operations: `shared` (the same on many pages, drawn once into a form) and `own`."""

    width: float  # pt
    height: float
    shared: tuple[Op, ...]
    own: tuple[Op, ...]


@lru_cache(maxsize=4096)
def fit(text: str, spec: FieldSpec) -> tuple[Run, ...]:
    """The field's lines at their places: the size shrinks step by step until the text fits `lines` lines
    of `max_width`; a line break typed in the text (KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC) is kept."""
    text = nfc(text).strip()
    if not text:
        return ()
    register_fonts()  # measured before any PDF is made: the preview and the layout editor
    width = spec.max_width * PT_PER_MM
    wanted = max(spec.lines, text.count("\n") + 1)
    size = spec.size
    floor = spec.size * MIN_SHRINK
    while True:
        stack = column(Text(text, spec.font, size, spec.align), width=width).layout()
        widest = max((line.x + _width(line.text, spec.font, size) for line in stack.lines), default=0.0)
        if (len(stack.lines) <= wanted and widest <= width + 0.01) or size - SHRINK_STEP < floor:
            break
        size -= SHRINK_STEP
    left, top = _box_origin(spec, width, size)
    return tuple(
        Run(line.text, spec.font, size, left + line.x, top + line.baseline, spec.colour)
        for line in stack.lines
    )


def _width(text: str, font: str, size: float) -> float:
    return stringWidth(text, font, size)


def _box_origin(spec: FieldSpec, width: float, size: float) -> tuple[float, float]:
    """Top-left of the column the stack was laid in, so that its first baseline sits on the anchor."""
    left = spec.x * PT_PER_MM - {"left": 0.0, "right": width}.get(spec.align, width / 2)
    return left, spec.y * PT_PER_MM - ASCENT * size


def field_runs(
    cert: CertificateData, fields: Mapping[str, FieldSpec], dx: float = 0.0, dy: float = 0.0
) -> list[Run]:
    """Every field of the certificate, shifted by (dx, dy) mm (the printer's offset)."""
    runs: list[Run] = []
    for key, spec in fields.items():
        if dx or dy:
            spec = replace(spec, x=spec.x + dx, y=spec.y + dy)
        runs += fit(cert.text(key), spec)
    return runs


def field_frames(fields: Mapping[str, FieldSpec], dx: float = 0.0, dy: float = 0.0) -> tuple[Op, ...]:
    """The test print's aid: a faint frame round each field's room, a cross on its anchor, its name above."""
    return _frames(tuple(fields.items()), dx, dy)


@lru_cache(maxsize=64)
def _frames(fields: tuple[tuple[str, FieldSpec], ...], dx: float, dy: float) -> tuple[Op, ...]:
    ops: list[Op] = []
    for key, spec in fields:
        left, top, width, height = (v * PT_PER_MM for v in spec.box())
        left, top = left + dx * PT_PER_MM, top + dy * PT_PER_MM
        ops.append(Stroke(_rectangle(left, top, width, height), 0.4, FRAME_GREY, closed=True, dash=(2, 2)))
        ax, ay = (spec.x + dx) * PT_PER_MM, (spec.y + dy) * PT_PER_MM
        ops += [
            Stroke(((ax - 4, ay), (ax + 4, ay)), 0.4, FRAME_GREY),
            Stroke(((ax, ay - 4), (ax, ay + 4)), 0.4, FRAME_GREY),
            Run(FIELD_LABELS.get(key, key), FAMILY, 7, left + 1, top - 2, FRAME_GREY),
        ]
    return tuple(ops)


def _rectangle(left: float, top: float, width: float, height: float) -> tuple[tuple[float, float], ...]:
    return ((left, top), (left + width, top), (left + width, top + height), (left, top + height))


# --- the full design -------------------------------------------------------------------------------------

FULL_WIDTH, FULL_HEIGHT = PAGE_SIZES["A4 ngang"][0] * mm, PAGE_SIZES["A4 ngang"][1] * mm
HEADER_COLUMN = 112 * mm
HEADER_TOP = 21 * mm  # the top of the header stacks
LEFT_CENTRE, RIGHT_CENTRE = 76 * mm, 212 * mm
AUTHORITY_Y, VERB_Y, AWARD_Y = 55 * mm, 64 * mm, 81 * mm  # baselines


def _stack_runs(stack: Stack, left: float, top: float, colour: str = BLACK) -> list[Op]:
    """A laid-out stack of the state engine (lines and rules) as operations at (left, top)."""
    ops: list[Op] = [Run(x.text, x.font, x.size, left + x.x, top + x.baseline, colour) for x in stack.lines]
    ops += [Stroke(((left + x0, top + y), (left + x1, top + y)), 0.6, colour) for x0, x1, y in stack.rules]
    return ops


def _centred(text: str, font: str, size: float, centre: float, baseline: float, colour: str = BLACK) -> Run:
    text = nfc(text)
    return Run(text, font, size, centre - _width(text, font, size) / 2, baseline, colour)


def _border(width: float, height: float) -> list[Op]:
    """A double frame in dark red with a gold chain of lozenges between its lines and a rosette in each
    corner, all paths (no images)."""
    ops: list[Op] = []
    outer, inner, band = 8 * mm, 14.5 * mm, 10.2 * mm
    ops.append(Stroke(_rectangle(outer, outer, width - 2 * outer, height - 2 * outer), 2.4, DARK_RED, True))
    ops.append(Stroke(_rectangle(band, band, width - 2 * band, height - 2 * band), 0.7, DARK_RED, True))
    ops.append(Stroke(_rectangle(inner, inner, width - 2 * inner, height - 2 * inner), 1.1, DARK_RED, True))
    ops.append(
        Stroke(
            _rectangle(
                inner + 1.6 * mm,
                inner + 1.6 * mm,
                width - 2 * inner - 3.2 * mm,
                height - 2 * inner - 3.2 * mm,
            ),
            0.5,
            GOLD,
            True,
        )
    )
    middle = (band + inner) / 2
    half = (inner - band) / 2 - 0.5
    corner = inner + 2 * mm  # the chain stops short of the rosettes

    def chain(x0: float, y0: float, x1: float, y1: float) -> None:
        length = math.hypot(x1 - x0, y1 - y0)
        count = max(int(length // (2.6 * half)), 1)
        for n in range(count):
            t = (n + 0.5) / count
            cx, cy = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
            ops.append(
                Stroke(
                    ((cx - half, cy), (cx, cy - half), (cx + half, cy), (cx, cy + half)),
                    0.3,
                    GOLD,
                    True,
                    fill=GOLD,
                )
            )

    chain(corner, middle, width - corner, middle)
    chain(corner, height - middle, width - corner, height - middle)
    chain(middle, corner, middle, height - corner)
    chain(width - middle, corner, width - middle, height - corner)
    for cx in (middle, width - middle):
        for cy in (middle, height - middle):
            r = inner - outer + 1.5 * mm
            ops.append(Stroke(_rectangle(cx - r / 2, cy - r / 2, r, r), 0.8, DARK_RED, True, fill="#ffffff"))
            ops.append(
                Stroke(
                    ((cx - r / 2, cy), (cx, cy - r / 2), (cx + r / 2, cy), (cx, cy + r / 2)),
                    0.5,
                    DARK_RED,
                    True,
                    fill=GOLD,
                )
            )
            ops.append(
                Stroke(_rectangle(cx - r / 8, cy - r / 8, r / 4, r / 4), 0.3, DARK_RED, True, fill=DARK_RED)
            )
    return ops


@lru_cache(maxsize=32)
def design(parent_name: str, issuer_name: str, authority: str, verb: str, award_name: str) -> tuple[Op, ...]:
    """What every certificate of a decision shares on plain paper: the border, the agency and the Quốc hiệu
    with their rules (as FORMAT.md draws them), the authority, "TẶNG" and the big "GIẤY KHEN"."""
    register_fonts()
    agency: list[Text | Rule] = [Text(parent_name.upper(), FAMILY, 13)] if parent_name else []
    agency += [Text(issuer_name.upper(), BOLD, 13), Rule(NAME_RULE_SHARE)]
    nation = [Text(NATIONAL_NAME, BOLD, 13), Text(MOTTO, BOLD, 14), Rule()]
    ops = _border(FULL_WIDTH, FULL_HEIGHT)
    ops += _stack_runs(
        column(*agency, width=HEADER_COLUMN).layout(), LEFT_CENTRE - HEADER_COLUMN / 2, HEADER_TOP
    )
    ops += _stack_runs(
        column(*nation, width=HEADER_COLUMN).layout(), RIGHT_CENTRE - HEADER_COLUMN / 2, HEADER_TOP
    )
    centre = FULL_WIDTH / 2
    ops.append(_centred(authority.upper(), BOLD, 16, centre, AUTHORITY_Y))
    if verb:
        ops.append(_centred(verb.upper(), BOLD, 15, centre, VERB_Y))
    ops.append(_centred(award_name.upper(), BOLD, 42, centre, AWARD_Y, RED))
    return tuple(ops)


def full_sheet(cert: CertificateData) -> Sheet:
    shared = design(cert.parent_name, cert.issuer_name, cert.authority, cert.verb, cert.award_name)
    return Sheet(FULL_WIDTH, FULL_HEIGHT, shared, tuple(field_runs(cert, FULL_FIELDS)))


def blank_sheet(cert: CertificateData, layout: BlankLayout, frames: bool = False) -> Sheet:
    dx, dy = layout.offset_x, layout.offset_y
    shared = field_frames(layout.fields, dx, dy) if frames else ()
    return Sheet(
        layout.width * mm, layout.height * mm, shared, tuple(field_runs(cert, layout.fields, dx, dy))
    )


def sheet(cert: CertificateData, layout: BlankLayout | None = None, frames: bool = False) -> Sheet:
    """The page of one certificate: the full design when there is no blank layout."""
    return full_sheet(cert) if layout is None else blank_sheet(cert, layout, frames)


# --- the PDF ---------------------------------------------------------------------------------------------


class _Painter:
    """Plays operations on a ReportLab canvas, setting font and colour only when they change."""

    def __init__(self, canvas: Canvas, height: float):
        self.canvas, self.height = canvas, height
        self.font: tuple[str, float] | None = None
        self.colour: str | None = None

    def reset(self) -> None:
        self.font = self.colour = None  # a new page, or a form, starts from the defaults

    def play(self, ops: Iterable[Op]) -> None:
        c, h = self.canvas, self.height
        for op in ops:
            if isinstance(op, Run):
                if self.font != (op.font, op.size):
                    c.setFont(op.font, op.size)
                    self.font = (op.font, op.size)
                if self.colour != op.colour:
                    c.setFillColor(op.colour)
                    self.colour = op.colour
                c.drawString(op.x, h - op.y, op.text)
            else:
                self._stroke(op)

    def _stroke(self, op: Stroke) -> None:
        c, h = self.canvas, self.height
        c.saveState()
        c.setStrokeColor(op.colour)
        c.setLineWidth(op.width)
        if op.dash:
            c.setDash(list(op.dash))
        if op.fill:
            c.setFillColor(op.fill)
        path = c.beginPath()
        (x0, y0), *rest = op.points
        path.moveTo(x0, h - y0)
        for x, y in rest:
            path.lineTo(x, h - y)
        if op.closed:
            path.close()
        c.drawPath(path, stroke=1, fill=1 if op.fill else 0)
        c.restoreState()
        self.colour = None  # restoreState put the fill colour back to whatever it was


def render_certificates(
    certificates: Sequence[CertificateData],
    layout: BlankLayout | None = None,
    target: str | os.PathLike | BinaryIO | None = None,
    *,
    frames: bool = False,
    title: str = "Giấy khen",
) -> bytes | None:
    """One PDF, one page per certificate: the full design (layout None) or the fields of a blank layout
    (with `frames`, the faint frames of the test print). Written to `target` whole, or returned as bytes."""
    register_fonts()
    buffer = io.BytesIO()
    first = sheet(certificates[0], layout, frames) if certificates else None
    size = (first.width, first.height) if first else (FULL_WIDTH, FULL_HEIGHT)
    canvas = Canvas(buffer, pagesize=size, pageCompression=1)
    canvas.setTitle(nfc(title))
    canvas.setCreator("TĐKT")
    canvas.setAuthor(nfc(certificates[0].issuer_name) if certificates else "")
    painter = _Painter(canvas, size[1])
    # Page streams are written compressed but not ASCII85-wrapped: ReportLab's encoder is pure Python and
    # took a fifth of a 1,000-page batch. The setting is read when the file is written; another PDF made
    # meanwhile on another thread at worst gets plain binary streams too, which every reader takes.
    ascii85, rl_config.useA85 = rl_config.useA85, 0
    try:
        _pages(canvas, painter, certificates, layout, frames, first)
        canvas.save()
    finally:
        rl_config.useA85 = ascii85
    return deliver(buffer.getvalue(), target)


def _pages(
    canvas: Canvas,
    painter: _Painter,
    certificates: Sequence[CertificateData],
    layout: BlankLayout | None,
    frames: bool,
    first: Sheet | None,
) -> None:
    # Shared parts come from caches, so the same tuple object stands for the same drawing: keyed by id,
    # the tuple kept alongside so that its id stays its own.
    forms: dict[int, tuple[str, tuple[Op, ...]]] = {}
    for n, cert in enumerate(certificates):
        page = first if n == 0 else sheet(cert, layout, frames)
        if page.shared:
            name = forms.get(id(page.shared), ("",))[0]
            if not name:  # drawn once, reused by every page that shares it
                name = f"shared{len(forms)}"
                forms[id(page.shared)] = (name, page.shared)
                canvas.beginForm(name)
                painter.reset()
                painter.play(page.shared)
                canvas.endForm()
                painter.reset()
            canvas.doForm(name)
        painter.play(page.own)
        canvas.showPage()
        painter.reset()
    if not certificates:
        canvas.showPage()
