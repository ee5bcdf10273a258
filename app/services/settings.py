"""The office's own choices kept in the database (AppSetting), so every PC sharing it prints alike."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.services.context import ServiceContext
from database.models import AppSetting

FONT_KEY = "documents.font"
FONT_SYSTEM, FONT_BUNDLED = "times", "liberation"
FONT_CHOICES = {
    FONT_SYSTEM: "Times New Roman của máy tính (khi có bản quyền trên máy)",
    FONT_BUNDLED: "Liberation Serif đi kèm chương trình (cùng cỡ chữ với Times New Roman)",
}


def setting(s: Session, key: str, default: str | None = None) -> str | None:
    row = s.get(AppSetting, key)
    return row.value if row is not None and row.value is not None else default


def put_setting(s: Session, key: str, value: str) -> None:
    s.merge(AppSetting(key=key, value=value))


def document_font(ctx: ServiceContext) -> str:
    with ctx.read() as s:
        value = setting(s, FONT_KEY, FONT_SYSTEM)
    return value if value in FONT_CHOICES else FONT_SYSTEM


def apply_document_font(ctx: ServiceContext) -> str:
    """Make the documents of this process use the office's font choice; returns it."""
    from app.documents.fonts import use_system_times

    choice = document_font(ctx)
    use_system_times(choice == FONT_SYSTEM)
    return choice


def set_document_font(ctx: ServiceContext, choice: str) -> None:
    if choice not in FONT_CHOICES:
        raise ValidationError("Lựa chọn phông chữ không hợp lệ.")
    with ctx.write("Chọn phông chữ văn bản") as s:
        put_setting(s, FONT_KEY, choice)
    apply_document_font(ctx)
