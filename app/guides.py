"""The guides QĐ 742/QĐ-BTTTT asks for, kept as Markdown in resources/docs/ (copied into the frozen build with
the rest of resources/): their files and titles, their sections, and the anchors links between them use.

    read_guide("quan-tri")          # the Markdown text (a short Vietnamese note when the file is missing)
    sections(text)                  # [(level, heading)] of levels 2 and 3, for a contents list
    slug("5. Nhật ký hệ thống")     # "5-nhật-ký-hệ-thống": the anchor a link names, as GitHub writes it

The window shows them under Trợ giúp (ui/dialogs/help_viewer.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from app.paths import resource


@dataclass(frozen=True)
class Guide:
    key: str  # the file's name without ".md"
    title: str  # the menu's wording; the guide's own title starts with it


GUIDES: tuple[Guide, ...] = (
    Guide("huong-dan-su-dung", "Hướng dẫn sử dụng"),
    Guide("quan-tri", "Hướng dẫn quản trị"),
    Guide("trien-khai", "Hướng dẫn triển khai"),
    Guide("thiet-ke", "Tài liệu thiết kế"),
)
GUIDE_BY_KEY = {g.key: g for g in GUIDES}
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def guide_path(key: str) -> Path:
    return resource("docs", f"{key}.md")


def read_guide(key: str) -> str:
    try:
        return guide_path(key).read_text(encoding="utf-8")
    except OSError:
        return (
            f"# {GUIDE_BY_KEY[key].title}\n\n"
            f"Không tìm thấy tệp hướng dẫn `{guide_path(key)}`: hãy cài lại chương trình."
        )


def slug(heading: str) -> str:
    """A heading's anchor as GitHub writes it: lower case, marks kept, spaces to hyphens, punctuation dropped."""
    text = unicodedata.normalize("NFC", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def sections(markdown: str) -> list[tuple[int, str]]:
    """The headings of levels 2 and 3 (level, text), code blocks left out."""
    found, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        match = None if fenced else _HEADING.match(line)
        if match and len(match.group(1)) in (2, 3):
            found.append((len(match.group(1)), match.group(2)))
    return found
