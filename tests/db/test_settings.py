"""The office's document font: kept in the database, applied to the documents this process prints."""

from __future__ import annotations

import pytest

from app.documents import fonts
from app.errors import ValidationError
from app.services.settings import (
    FONT_BUNDLED,
    FONT_SYSTEM,
    apply_document_font,
    document_font,
    set_document_font,
)
from app.settings import DOCUMENT_FONT, put_in_effect


@pytest.fixture
def times_on_this_machine(monkeypatch, tmp_path):
    """As on a Windows PC with a licensed Times New Roman."""
    fake = tuple(tmp_path / name for name in ("times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf"))
    monkeypatch.setattr(fonts, "system_times", lambda: fake)
    yield fake
    put_in_effect(DOCUMENT_FONT, FONT_SYSTEM)


def test_the_font_choice_is_kept_and_applied(ctx, times_on_this_machine):
    assert document_font(ctx) == FONT_SYSTEM  # Times New Roman where the machine has it, by default
    assert apply_document_font(ctx) == FONT_SYSTEM and fonts.font_files() == times_on_this_machine
    set_document_font(ctx, FONT_BUNDLED)
    assert document_font(ctx) == FONT_BUNDLED
    assert [p.name for p in fonts.font_files()] == [
        "LiberationSerif-Regular.ttf",
        "LiberationSerif-Bold.ttf",
        "LiberationSerif-Italic.ttf",
        "LiberationSerif-BoldItalic.ttf",
    ]
    with pytest.raises(ValidationError):
        set_document_font(ctx, "Arial")
    assert document_font(ctx) == FONT_BUNDLED


def test_without_times_new_roman_the_bundled_font_prints(monkeypatch):
    monkeypatch.setattr(fonts, "system_times", lambda: None)
    put_in_effect(DOCUMENT_FONT, FONT_SYSTEM)
    assert fonts.font_files()[0].name == "LiberationSerif-Regular.ttf"
