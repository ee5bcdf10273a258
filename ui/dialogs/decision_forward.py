"""Trình cấp trên: the items the council passed that are beyond the Director's power (Bằng khen, CSTĐ cấp
tỉnh, Cờ thi đua …) go up to the province or the Ministry with a Tờ trình, numbered in the register
(app.services.decisions.forward_to_higher: one transaction). The items become "Đã trình cấp trên".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QWidget

from app.services.decisions import forward_to_higher, higher_bodies
from database.enums import AuthorityLevel
from ui.dialogs.decision_form import (
    DecisionFormDialog,
    Waiting,
    level_combo,
    select_data,
    signer_combo,
    who_text,
)
from ui.format import number
from ui.operations import WriteOp
from ui.widgets.form_dialog import date_edit, date_value
from ui.workspace import Area

HIGHER_LEVELS = (
    AuthorityLevel.PROVINCE,
    AuthorityLevel.MINISTRY,
    AuthorityLevel.GOVERNMENT,
    AuthorityLevel.STATE,
)


@dataclass(frozen=True)
class Forwarded:
    """What the page is told once the Tờ trình is in the register."""

    document_id: int
    number_text: str
    level: AuthorityLevel
    items: int
    body: str  # who it goes to: "UBND tỉnh"


class ForwardDialog(DecisionFormDialog):
    OK_TEXT = "Lập tờ trình"
    WITHIN_POWER = False
    EMPTY_TEXT = "Không có đề nghị “Đạt” nào cần trình cấp trên."

    def __init__(self, workspace, year: int | None = None, parent: QWidget | None = None):
        super().__init__(
            workspace,
            "Trình cấp trên khen thưởng",
            "Các đề nghị đã được Hội đồng xét “Đạt” nhưng vượt thẩm quyền Giám đốc Sở (Bằng khen, Chiến sĩ thi đua "
            "cấp tỉnh, Cờ thi đua …). Tờ trình được cấp số trong sổ văn bản đi; các đề nghị chuyển sang "
            "“Đã trình cấp trên”.",
            year,
            parent,
        )
        self.level = level_combo(HIGHER_LEVELS, workspace.agency.wording)
        self.level.activated.connect(self._level_chosen)
        self._level_auto = True
        self._asked: tuple[AuthorityLevel, int] | None = None  # what OK sent up: the level, how many
        self.form.addRow("Trình:", self.level)
        self.day_edit = date_edit(dt.date.today())
        self.form.addRow("Ngày tờ trình:", self.day_edit)
        self.signer = signer_combo(workspace.agency)
        self.form.addRow("Người ký:", self.signer)
        self.preview = QLabel("")
        self.preview.setWordWrap(True)
        self.side.addWidget(self.preview)
        self.side.addStretch(1)
        self.finish(1080, 640)

    def _level_chosen(self, *_args) -> None:
        self._level_auto = False  # the clerk's choice stays, whatever is ticked next

    def items_loaded(self, waiting: Waiting) -> None:
        self.refresh()

    def refresh(self) -> None:
        items = self.checked_items()
        levels = {self.waiting.levels.get(i.award_code) for i in items} if self.waiting else set()
        if self._level_auto and len(levels) == 1 and (level := levels.pop()) in HIGHER_LEVELS:
            select_data(self.level, level)  # the body that grants what is ticked
        if not items:
            self.preview.setText("Đánh dấu các đề nghị cần trình ở bên trái.")
            return
        body = higher_bodies(self.workspace.agency.wording).get(self.level.currentData(), "cấp trên")
        counts: dict[str, int] = {}
        for i in items:
            counts[i.award_name] = counts.get(i.award_name, 0) + 1
        listing = "; ".join(f"{name}: {number(n)}" for name, n in counts.items())
        self.preview.setText(f"Tờ trình đề nghị {body} khen thưởng {who_text(items)} ({listing}).")

    def submit(self) -> WriteOp:
        ids = self.picker.checked_ids()
        level = self.level.currentData()
        self._asked = (level, len(ids))
        return self.write(
            forward_to_higher,
            ids,
            date_value(self.day_edit),
            self.signer.currentData(),
            level,
            areas={Area.NOMINATIONS, Area.DECISIONS, Area.DOCUMENTS},
            label="Đang lập tờ trình…",
        )

    def result_of(self, written: tuple[int, str]) -> Forwarded:
        document_id, number = written
        level, count = self._asked
        body = higher_bodies(self.workspace.agency.wording).get(level, "cấp trên")
        return Forwarded(document_id, number, level, count, body)
