"""The guides QĐ 742/QĐ-BTTTT asks for (resources/docs/): present, Vietnamese, with their sections; the
administration guide's roles table is the permission matrix itself; its checklist covers every item of
levels 1–2 and names test files that exist; links between the guides land on a heading."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from app.domain.permissions import ROLE_PERMISSIONS, Permission
from app.guides import GUIDES, guide_path, read_guide, sections, slug
from database.enums import Role

ROOT = Path(__file__).resolve().parents[2]

# The sections each guide must have (a heading containing these words).
REQUIRED_HEADINGS = {
    "trien-khai": (
        "Yêu cầu của máy",
        "Cài đặt chương trình",
        "Lần chạy đầu tiên",
        "SQLite",
        "PostgreSQL",
        "Sao lưu",
        "Nâng cấp chương trình",
    ),
    "huong-dan-su-dung": (
        "Đăng nhập",
        "Nhập danh sách cán bộ",
        "Phong trào thi đua",
        "Đăng ký thi đua",
        "Đề nghị",
        "Quyết định",
        "In giấy khen",
        "Sổ văn bản",
        "Gói dữ liệu USB",
        "đủ điều kiện",
    ),
    "quan-tri": (
        "Tài khoản",
        "Vai trò và quyền",
        "Chính sách mật khẩu",
        "Khóa và mở khóa",
        "Nhật ký",
        "Sao lưu và khôi phục",
        "danh mục",
        "Khóa ký gói",
        "Dữ liệu cá nhân",
        "Bảng đối chiếu",
    ),
    "thiet-ke": ("Các tầng", "nguyên tắc", "Dữ liệu chính", "Biện pháp an toàn"),
}

# SECURITY.md's items of levels 1–2, then the personal-data items (NĐ 13/2023) under our own numbers.
QD742_ITEMS = ("1.1", "1.2", "1.3", "1.x", "4.1", "log", "docs")
PERSONAL_DATA_ITEMS = ("CN.1", "CN.2", "CN.3", "CN.4")

# The roles table's columns, in the order of Permission.
PERMISSION_COLUMNS = {
    "Tài khoản": Permission.ACCOUNTS,
    "Cài đặt": Permission.SETTINGS,
    "Danh mục": Permission.CATALOGUE,
    "Sao lưu": Permission.BACKUPS,
    "Nghiệp vụ": Permission.DESK,
    "Sổ văn bản": Permission.REGISTER,
    "Duyệt": Permission.APPROVE,
    "Xem nhật ký": Permission.AUDIT,
    "Xuất dữ liệu cá nhân": Permission.EXPORT,
}
VIETNAMESE_MARKS = re.compile("[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]", re.IGNORECASE)
TEST_PATH = re.compile(r"tests/[\w/]+\.py")
OLD_STYLE = re.compile(r"\b(?:x|h|kh)o\u00e1\b", re.IGNORECASE)  # "xóa", "hóa", "khóa": the mark on the o
LINK = re.compile(r"\]\(([^)\s]+)\)")


def section_text(markdown: str, heading_words: str) -> str:
    """The text from the level-2 heading containing `heading_words` to the next level-2 heading."""
    lines = markdown.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("## ") and heading_words in line)
    end = next((n for n in range(start + 1, len(lines)) if lines[n].startswith("## ")), len(lines))
    return "\n".join(lines[start:end])


def table_rows(text: str) -> list[list[str]]:
    """The cells of every Markdown table row in `text` (the separator rows left out)."""
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not re.fullmatch(r"[|\-: ]+", line):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


@pytest.mark.parametrize("guide", GUIDES, ids=lambda g: g.key)
def test_each_guide_is_vietnamese_with_its_title_and_sections(guide):
    path = guide_path(guide.key)
    assert path.is_file(), f"thiếu {path}"
    text = path.read_text(encoding="utf-8")
    assert text == unicodedata.normalize("NFC", text), "viết Unicode dựng sẵn (NFC)"
    assert text.splitlines()[0].startswith(f"# {guide.title}")
    words = re.findall(r"\w+", text)
    assert len(words) > 600, "hướng dẫn quá ngắn"
    marked = [w for w in words if VIETNAMESE_MARKS.search(w)]
    assert len(marked) / len(words) > 0.3, "hướng dẫn phải viết bằng tiếng Việt"
    headings = [h for _level, h in sections(text)]
    for wanted in REQUIRED_HEADINGS[guide.key]:
        assert any(wanted.casefold() in h.casefold() for h in headings), f"thiếu mục “{wanted}”"


@pytest.mark.parametrize("guide", GUIDES, ids=lambda g: g.key)
def test_the_guides_spell_xoa_and_hoa_the_new_way(guide):
    assert OLD_STYLE.findall(read_guide(guide.key)) == []


@pytest.mark.parametrize("guide", GUIDES, ids=lambda g: g.key)
def test_links_between_guides_land_on_a_heading(guide):
    keys = {g.key for g in GUIDES}
    for target in LINK.findall(read_guide(guide.key)):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        name, _, anchor = target.partition("#")
        key = Path(name).stem if name else guide.key
        assert key in keys, f"liên kết tới tài liệu không có: {target}"
        if anchor:
            anchors = {slug(h) for _level, h in sections(read_guide(key))}
            assert anchor in anchors, f"liên kết tới mục không có: {target}"


def test_the_roles_table_is_the_permission_matrix():
    rows = table_rows(section_text(read_guide("quan-tri"), "Tài khoản"))
    header = next(r for r in rows if r[0] == "Vai trò")
    assert [PERMISSION_COLUMNS[c] for c in header[1:]] == list(Permission)
    by_label = {r[0]: r[1:] for r in rows if r is not header}
    for role in Role:
        assert role.label in by_label, f"bảng vai trò thiếu “{role.label}”"
        shown = {
            Permission(p) for p, cell in zip(Permission, by_label[role.label], strict=True) if cell == "✓"
        }
        assert shown == ROLE_PERMISSIONS[role], role.label
        assert all(cell in ("✓", "–") for cell in by_label[role.label])


def checklist() -> list[list[str]]:
    return table_rows(section_text(read_guide("quan-tri"), "Bảng đối chiếu"))[1:]


def test_the_checklist_covers_every_item_of_levels_1_and_2_and_personal_data():
    items = [row[0] for row in checklist()]
    for item in QD742_ITEMS + PERSONAL_DATA_ITEMS:
        assert item in items, f"bảng đối chiếu thiếu mục {item}"
    for row in checklist():
        assert len(row) == 4 and all(row), f"dòng chưa đủ: {row}"
        assert TEST_PATH.search(row[3]), f"mục {row[0]} chưa nêu tệp kiểm thử"


def test_every_test_file_the_checklist_names_exists():
    """Fails until every lane of issue 14 has landed its tests: the checklist names them all."""
    named = sorted({p for row in checklist() for p in TEST_PATH.findall(row[3])})
    missing = [p for p in named if not (ROOT / p).is_file()]
    assert missing == [], "bảng đối chiếu nêu tệp kiểm thử chưa có: " + ", ".join(missing)


def test_the_frozen_build_reads_the_guides_beside_its_own_resources(tmp_path, monkeypatch):
    """PyInstaller unpacks resources/ under sys._MEIPASS (build.spec copies the whole folder)."""
    assert '(str(ROOT / "resources"), "resources")' in (ROOT / "build.spec").read_text(encoding="utf-8")
    docs = tmp_path / "resources" / "docs"
    docs.mkdir(parents=True)
    (docs / "quan-tri.md").write_text("# Hướng dẫn quản trị\n\n## Bản đóng gói\n", encoding="utf-8")
    monkeypatch.setattr("sys._MEIPASS", str(tmp_path), raising=False)
    assert guide_path("quan-tri") == docs / "quan-tri.md"
    assert sections(read_guide("quan-tri")) == [(2, "Bản đóng gói")]
    assert "Không tìm thấy tệp hướng dẫn" in read_guide("thiet-ke")
