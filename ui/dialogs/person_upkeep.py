"""The upkeep actions on one person, as the Cán bộ page and the person's record offer them: each reads the
person (and the units) in the background, then opens its form over the window.

    start_upkeep(owner, workspace, person_id, EDIT)     # owner.active_dialog: the form, while it is open
    start_add(owner, workspace, unit_id)
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.units import UnitChoice
from app.services.context import ServiceContext
from app.services.persons import PersonUpkeep, person_upkeep
from app.services.records import unit_choices
from ui.operations import QueryOp, error_text
from ui.widgets.actions import open_tracked

EDIT, TRANSFER, LEAVE, DISCIPLINE, RATINGS, AWARDS = (
    "edit",
    "transfer",
    "leave",
    "discipline",
    "ratings",
    "awards",
)

# (the action, its menu text, what it says in a tooltip); in the order menus list them
ACTIONS: tuple[tuple[str, str, str], ...] = (
    (EDIT, "Sửa thông tin…", "Sửa họ tên, ngày sinh, mã cán bộ, chức vụ… (ghi nhật ký trước/sau)"),
    (TRANSFER, "Điều chuyển…", "Chuyển sang đơn vị khác từ một ngày; quá trình cũ được giữ"),
    (LEAVE, "Nghỉ/thôi việc…", "Nghỉ hưu, thôi việc, chuyển công tác ngoài ngành"),
    (DISCIPLINE, "Kỷ luật…", "Ghi kỷ luật hoặc chấm dứt kỷ luật"),
    (RATINGS, "Xếp loại…", "Sửa xếp loại từng năm của người này"),
    (AWARDS, "Khen thưởng nhập tay…", "Thêm, sửa, xóa khen thưởng nhập tay (trước khi dùng chương trình)"),
)
NEEDS_WORKING = {TRANSFER, LEAVE}  # refused for someone who has left


@dataclass(frozen=True)
class UpkeepView:
    person: PersonUpkeep | None
    units: list[UnitChoice]


def read_upkeep(ctx: ServiceContext, person_id: int | None) -> UpkeepView:
    person = person_upkeep(ctx, person_id) if person_id is not None else None
    return UpkeepView(person, unit_choices(ctx))


def _dialog(workspace, action: str, view: UpkeepView, parent: QWidget, unit_id: int | None = None):
    if view.person is None:
        from ui.dialogs.person_edit import PersonDialog

        return PersonDialog(workspace, view.units, unit_id=unit_id, parent=parent)
    person = view.person
    if action == EDIT:
        from ui.dialogs.person_edit import PersonDialog

        return PersonDialog(workspace, upkeep=person, parent=parent)
    if action == TRANSFER:
        from ui.dialogs.person_moves import TransferDialog

        return TransferDialog(workspace, person, view.units, parent)
    if action == LEAVE:
        from ui.dialogs.person_moves import LeaveDialog

        return LeaveDialog(workspace, person, parent)
    if action == DISCIPLINE:
        from ui.dialogs.person_discipline import DisciplineDialog

        return DisciplineDialog(workspace, person, parent)
    if action == RATINGS:
        from ui.dialogs.person_history import RatingDialog

        return RatingDialog(workspace, person, parent=parent)
    from ui.dialogs.person_history import HandAwardDialog

    return HandAwardDialog(workspace, person, parent)


def start_upkeep(
    owner, workspace, person_id: int | None, action: str, unit_id: int | None = None
) -> QueryOp | None:
    """Read, then open the form of `action` (EDIT … AWARDS; with person_id None: add a person in
    `unit_id`). The form is `owner.active_dialog` while open; `owner.upkeep_done(dialog)` runs on OK
    when the owner has it. While a form is being read or is open, another ask does nothing (a double
    click opens one form)."""
    if getattr(owner, "_upkeep_reading", False) or getattr(owner, "active_dialog", None) is not None:
        return None
    parent = owner if isinstance(owner, QWidget) else None
    owner._upkeep_reading = True

    def show(view: UpkeepView) -> None:
        owner._upkeep_reading = False
        dialog = _dialog(workspace, action, view, parent.window() if parent else None, unit_id)
        done = getattr(owner, "upkeep_done", None)
        open_tracked(owner, dialog, done)

    def failed(exc: BaseException) -> None:
        owner._upkeep_reading = False
        QMessageBox.warning(parent, "TĐKT", error_text(exc, "Không đọc được hồ sơ"))

    return (
        QueryOp(parent, "Đang đọc hồ sơ…", read_upkeep, workspace.ctx, person_id)
        .success(show)
        .failure(failed)
        .run()
    )
