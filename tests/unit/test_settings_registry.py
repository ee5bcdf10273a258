"""Every setting is declared once (app/settings.py for the office's, ui/settings.py for this PC's) and read
and written only through the registry."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from app.documents import fonts
from app.errors import ValidationError
from app.settings import (
    CERTIFICATE_LAYOUT,
    DATABASE_SETTINGS,
    DOCUMENT_FONT,
    FONT_BUNDLED,
    FONT_SYSTEM,
    LOCAL_SALARY_DATES,
    REGISTER_SERIES,
    SERIES_PER_KIND,
    SERIES_SHARED,
    Scope,
    Setting,
    declared,
    in_effect,
    put_in_effect,
)

ROOT = Path(__file__).resolve().parents[2]


def _sources(folder: str) -> dict[str, str]:
    return {
        str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in sorted((ROOT / folder).rglob("*.py"))
    }


def _names(text: str) -> set[str]:
    """The names a module's code uses or imports (not its comments)."""
    names = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.alias):
            names.add(node.name.rpartition(".")[2])
    return names


def test_only_the_registry_touches_the_setting_stores():
    app_users = sorted(p for p, text in _sources("app").items() if "AppSetting" in _names(text))
    assert app_users == ["app/services/settings.py"]
    ui_users = sorted(p for p, text in _sources("ui").items() if "QSettings" in _names(text))
    assert ui_users == ["ui/settings.py"]
    wrappers = [
        p for p, text in _sources("ui").items() if re.search(r"def _settings\(|window_settings", text)
    ]
    assert wrappers == []


def test_keys_are_declared_once():
    from ui.settings import PC_SETTINGS

    keys = [s.key for s in (*DATABASE_SETTINGS, *PC_SETTINGS)]
    assert len(keys) == len(set(keys))
    assert all(s.scope is Scope.DATABASE for s in DATABASE_SETTINGS)
    assert all(s.scope is Scope.PC for s in PC_SETTINGS)
    assert declared("register.series") is REGISTER_SERIES
    assert declared("certificate_layout:Phôi A4") is CERTIFICATE_LAYOUT
    with pytest.raises(KeyError):
        declared("no.such.key")


def test_values_read_as_their_type_and_fall_back_to_the_default():
    assert REGISTER_SERIES.decode(None) == SERIES_SHARED
    assert REGISTER_SERIES.decode(SERIES_PER_KIND) == SERIES_PER_KIND
    assert REGISTER_SERIES.decode("written by a newer version") == SERIES_SHARED
    with pytest.raises(ValidationError, match="không hợp lệ"):
        REGISTER_SERIES.encode("KHAC")
    assert LOCAL_SALARY_DATES.decode(LOCAL_SALARY_DATES.encode(["2024-07-01"])) == ["2024-07-01"]
    assert LOCAL_SALARY_DATES.decode("{broken") == []
    words = Setting("x", tuple, None, Scope.PC, "Cột ẩn")
    assert words.decode(None) is None and words.decode(words.encode([])) == ()
    assert words.decode(words.encode(["title", "ethnicity"])) == ("title", "ethnicity")
    assert words.decode(["title", "ethnicity"]) == ("title", "ethnicity")  # as QSettings may hand a list back
    flag = Setting("y", bool, False, Scope.PC, "Cờ")
    assert (
        flag.decode("true") is True and flag.decode(flag.encode(True)) is True and flag.decode("?") is False
    )
    assert Setting("z", int, 3, Scope.PC, "Số").decode("x") == 3
    assert CERTIFICATE_LAYOUT.key_for("Phôi A4") == "certificate_layout:Phôi A4"
    with pytest.raises(ValueError):
        CERTIFICATE_LAYOUT.key_for()
    with pytest.raises(ValueError):
        REGISTER_SERIES.key_for("name")


def test_the_documents_font_follows_the_choice_in_effect(monkeypatch, tmp_path):
    times = tuple(tmp_path / n for n in ("times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf"))
    monkeypatch.setattr(fonts, "system_times", lambda: times)
    try:
        put_in_effect(DOCUMENT_FONT, FONT_SYSTEM)
        assert fonts.font_files() == times
        put_in_effect(DOCUMENT_FONT, FONT_BUNDLED)
        assert in_effect(DOCUMENT_FONT) == FONT_BUNDLED
        assert fonts.font_files()[0].name == "LiberationSerif-Regular.ttf"
        with pytest.raises(ValidationError):
            put_in_effect(DOCUMENT_FONT, "Arial")
    finally:
        put_in_effect(DOCUMENT_FONT, FONT_SYSTEM)


def test_pc_settings_round_trip_through_the_ini_file():
    from ui import settings as pc

    assert pc.read(pc.STAFF_HIDDEN_COLUMNS) is None and pc.read(pc.PDF_FOLDER) == ""
    pc.write(pc.STAFF_HIDDEN_COLUMNS, ["title", "phone"])
    pc.write(pc.PDF_FOLDER, r"C:\Hồ sơ, 2025")
    assert pc.read(pc.STAFF_HIDDEN_COLUMNS) == ("title", "phone")
    assert pc.read(pc.PDF_FOLDER) == r"C:\Hồ sơ, 2025"
    pc.write(pc.STAFF_HIDDEN_COLUMNS, [])
    assert pc.read(pc.STAFF_HIDDEN_COLUMNS) == ()  # hidden none, unlike never chosen
    assert (Path(pc.settings_file().fileName())).name == "giao-dien.ini"
    with pytest.raises(ValueError):
        pc.read(REGISTER_SERIES)  # the office's settings live in the database
