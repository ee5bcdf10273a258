""" "Đề nghị các người đã chọn…": the candidates ticked in "Ai đủ điều kiện?" become the items of a new batch
(the batch form of Đề nghị & Xét duyệt, with the year fixed to the year judged), in one transaction."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from app.domain.units import UnitChoice
from app.services.eligibility import Candidate
from app.services.eligibility_view import propose_candidates
from app.services.nominations import BatchData
from ui.dialogs.nomination_batch import BatchDialog
from ui.format import number
from ui.widgets.form_dialog import date_value, optional_text


def picked_summary(picked: Sequence[Candidate], short_names: dict[str, str]) -> str:
    by_code = Counter(c.code for c in picked)
    return ", ".join(f"{number(n)} {short_names.get(code, code)}" for code, n in by_code.items())


class ProposeDialog(BatchDialog):
    OK_TEXT = "Tạo hồ sơ và đề nghị"

    def __init__(
        self,
        workspace,
        year: int,
        picked: Sequence[Candidate],
        units: Sequence[UnitChoice],
        unit: UnitChoice | None,
        short_names: dict[str, str],
        parent: QWidget | None = None,
    ):
        super().__init__(
            workspace, year, units, unit.id if unit is not None and unit.active else None, parent
        )
        self.picked = list(picked)
        self.outcome = ""
        self.setWindowTitle("Đề nghị các người đã chọn")
        self.intro.setText(
            f"Tạo một hồ sơ đề nghị năm {year} gồm {picked_summary(self.picked, short_names)}. "
            "Sau đó bổ sung thành tích, giấy tờ của từng đề nghị ở trang Đề nghị & Xét duyệt."
        )
        self.year_box.setEnabled(False)  # the verdicts are of this year
        self.received_check.setChecked(False)  # drawn up here: a draft until the papers arrive

    def submit(self) -> int:
        received = date_value(self.received_edit) if self.received_check.isChecked() else None
        data = BatchData(
            year=self.year_box.value(),
            title=self.title_edit.text(),
            unit_id=self.unit_combo.currentData(),
            basis=self.basis_combo.currentData(),
            received_on=received,
            their_reference=optional_text(self.reference_edit),
            note=optional_text(self.note_edit),
        )
        done = propose_candidates(self.workspace.ctx, data, self.picked)
        self.outcome = (
            f"Đã tạo hồ sơ “{data.title.strip()}” với {number(done.items)} đề nghị; xem ở trang Đề nghị & "
            "Xét duyệt."
        )
        if done.left_out:  # already awarded: never proposed again without a written reason
            self.outcome += (
                f" Không đề nghị {number(len(done.left_out))} trường hợp đã được khen: "
                + "; ".join(done.left_out[:3])
                + (" …" if len(done.left_out) > 3 else "")
                + "."
            )
        return done.batch_id
