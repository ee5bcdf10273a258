"""A preview of the agency's header and signature block as documents will print them.

Only a picture for the clerk: the real layout belongs to the document renderers.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy

from app.documents.state.model import NEEDS_HEAD_TITLE, signature_lines
from database.enums import SignAuthority
from ui.format import long_date
from ui.style import document_font_css

# How the form and the settings page name each way of signing.
AUTHORITY_CHOICES: tuple[tuple[SignAuthority, str], ...] = (
    (SignAuthority.OWN, "Ký trực tiếp"),
    (SignAuthority.DEPUTY, "KT. (ký thay)"),
    (SignAuthority.ON_BEHALF, "TM. (thay mặt)"),
    (SignAuthority.ACTING, "Q. (quyền)"),
    (SignAuthority.BY_ORDER, "TL. (thừa lệnh)"),
    (SignAuthority.AUTHORISED, "TUQ. (thừa ủy quyền)"),
)
AUTHORITY_TEXT = dict(AUTHORITY_CHOICES)

__all__ = [
    "AUTHORITY_CHOICES",
    "AUTHORITY_TEXT",
    "NEEDS_HEAD_TITLE",
    "DocumentPreview",
    "header_html",
    "signature_html",
    "signature_lines",
]


def header_html(parent_name: str, name: str, symbol: str, place_name: str, day: dt.date | None = None) -> str:
    day = day or dt.date.today()
    parent = escape(parent_name.strip().upper()) or "CƠ QUAN CHỦ QUẢN"
    issuer = escape(name.strip().upper()) or "CƠ QUAN BAN HÀNH"
    sym = escape(symbol.strip().upper()) or "…"
    place = escape(place_name.strip()) or "Địa danh"
    return f"""
<table width="100%" cellspacing="0" cellpadding="1" style="font-family: {document_font_css()}; font-size: 9.5pt;">
<tr>
  <td width="40%" align="center" valign="top">{parent}<br><b>{issuer}</b><br>──────</td>
  <td width="60%" align="center" valign="top"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br>
      <b><u>Độc lập - Tự do - Hạnh phúc</u></b></td>
</tr>
<tr>
  <td align="center">Số: &nbsp;&nbsp;&nbsp;&nbsp;/QĐ-{sym}</td>
  <td align="center"><i>{place}, {long_date(day)}</i></td>
</tr>
</table>"""


def signature_html(lines: list[str], full_name: str) -> str:
    title = "<br>".join(f"<b>{escape(x)}</b>" for x in lines if x)
    person = escape(full_name.strip()) or "Họ và tên người ký"
    return f"""
<table width="100%" cellspacing="0" cellpadding="1" style="font-family: {document_font_css()}; font-size: 9.5pt;">
<tr><td width="40%"></td><td width="60%" align="center">{title}<br><br><br><b>{person}</b></td></tr>
</table>"""


class DocumentPreview(QLabel):
    """White paper-like label showing rich text in the document font."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("documentPreview")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(False)  # the header lines never wrap, as on paper
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setStyleSheet(
            "QLabel#documentPreview { background: white; color: black;"
            " border: 1px solid #d0d6de; padding: 10px; }"
        )
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
