"""A row any test may write and read back when it needs *a* write, not a particular one (app_setting keys
under "test.", which no declared setting uses)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from database.models import AppSetting


def put_setting(s: Session, key: str, value: str) -> None:
    assert key.startswith("test.")
    s.merge(AppSetting(key=key, value=value))


def setting(s: Session, key: str) -> str | None:
    row = s.get(AppSetting, key)
    return None if row is None else row.value
