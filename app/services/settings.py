"""The office's own choices kept in the database (AppSetting), so every PC sharing it works alike.

Every key is declared once in app/settings.py (type, default, scope); these functions read and write the
declared settings inside a unit of work. A key not declared there cannot be read or written.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.permissions import Permission, use_case
from app.errors import ValidationError
from app.services.context import ServiceContext
from app.settings import (
    DOCUMENT_FONT,
    FONT_BUNDLED,
    FONT_CHOICES,
    FONT_SYSTEM,
    Scope,
    Setting,
    put_in_effect,
)
from database.models import AppSetting

__all__ = [
    "FONT_BUNDLED",
    "FONT_CHOICES",
    "FONT_SYSTEM",
    "apply_document_font",
    "delete_setting",
    "document_font",
    "read_family",
    "read_setting",
    "set_document_font",
    "write_setting",
]


def _checked(setting: Setting) -> Setting:
    if setting.scope is not Scope.DATABASE:
        raise ValueError(f"{setting.key} is kept on each PC, not in the database")
    return setting


def read_setting(s: Session, setting: Setting, name: str | None = None) -> Any:
    """The setting's value in this database (its default when never set or unreadable)."""
    row = s.get(AppSetting, _checked(setting).key_for(name))
    return setting.decode(row.value if row is not None else None)


def write_setting(s: Session, setting: Setting, value: Any, name: str | None = None) -> None:
    s.merge(AppSetting(key=_checked(setting).key_for(name), value=setting.encode(value)))


def delete_setting(s: Session, setting: Setting, name: str | None = None) -> bool:
    """Remove the stored value (it reads as the default again); whether there was one."""
    row = s.get(AppSetting, _checked(setting).key_for(name))
    if row is None:
        return False
    s.delete(row)
    return True


def read_family(s: Session, setting: Setting) -> dict[str, Any]:
    """Every member of a family, by name (certificate layouts by the blank's name)."""
    if not _checked(setting).family:
        raise ValueError(f"{setting.key} is a single setting")
    rows = s.execute(
        select(AppSetting.key, AppSetting.value).where(
            AppSetting.key.startswith(setting.key, autoescape=True)
        )
    )
    return {key[len(setting.key) :]: setting.decode(value) for key, value in rows}


# --- the documents' font ---------------------------------------------------------------------------------


def document_font(ctx: ServiceContext) -> str:
    with ctx.read() as s:
        return read_setting(s, DOCUMENT_FONT)


def apply_document_font(ctx: ServiceContext) -> str:
    """Make the documents this process prints use the office's font choice; returns it."""
    choice = document_font(ctx)
    put_in_effect(DOCUMENT_FONT, choice)
    return choice


@use_case(Permission.SETTINGS)
def set_document_font(ctx: ServiceContext, choice: str) -> None:
    if choice not in FONT_CHOICES:
        raise ValidationError("Lựa chọn phông chữ không hợp lệ.")
    with ctx.write("Chọn phông chữ văn bản") as s:
        write_setting(s, DOCUMENT_FONT, choice)
    put_in_effect(DOCUMENT_FONT, choice)
