"""The eligibility verdict as the pages and dialogs show it beside an item: a word, a colour, a tooltip."""

from __future__ import annotations

from PySide6.QtGui import QColor

from app.rules import ELIGIBLE, HELD, PENDING, Verdict

OK_COLOUR, BAD_COLOUR, PENDING_COLOUR = QColor("#1b7a3d"), QColor("#b3261e"), QColor("#5b6775")
WAIT_COLOUR, HELD_COLOUR = QColor("#8a5a00"), PENDING_COLOUR


def verdict_text(verdict: Verdict | None) -> str:
    if verdict is None:
        return "Xét thủ công"
    return verdict.status_text  # Đủ điều kiện, Chờ Hội đồng/hồ sơ, Chưa đủ, Đã được khen


def verdict_colour(verdict: Verdict | None):
    if verdict is None:
        return PENDING_COLOUR
    return {ELIGIBLE: OK_COLOUR, PENDING: WAIT_COLOUR, HELD: HELD_COLOUR}.get(verdict.status, BAD_COLOUR)


def verdict_tooltip(verdict: Verdict | None) -> str:
    if verdict is None:
        return "Chương trình chưa có quy tắc xét cho danh hiệu, hình thức này: cán bộ TĐKT kiểm tra theo văn bản."
    lines = (
        ([verdict.held] if verdict.held else [])
        + [f"Thiếu: {m}" for m in verdict.missing]
        + [f"Chờ xem xét: {p}" for p in verdict.pending]
    )
    return "\n".join(lines) or "Đủ mọi điều kiện ghi nhận được trong hồ sơ."
