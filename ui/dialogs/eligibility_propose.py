""" "Đề nghị các người đã chọn…": the candidates ticked in "Ai đủ điều kiện?" become the items of a new batch
(the batch form of Đề nghị & Xét duyệt, with the year fixed to the year judged), in one transaction."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from app.domain.units import UnitChoice
from app.services.eligibility import Candidate
from app.services.eligibility_view import Proposed, propose_candidates
from app.text import clean
from ui.dialogs.nomination_batch import BatchDialog
from ui.format import number
from ui.operations import WriteOp
from ui.workspace import Area


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
        self.setWindowTitle("Đề nghị các người đã chọn")
        self.intro.setText(
            f"Tạo một hồ sơ đề nghị năm {year} gồm {picked_summary(self.picked, short_names)}. "
            "Sau đó bổ sung thành tích, giấy tờ của từng đề nghị ở trang Đề nghị & Xét duyệt."
        )
        self.year_box.setEnabled(False)  # the verdicts are of this year
        self.received_check.setChecked(False)  # drawn up here: a draft until the papers arrive

    def submit(self) -> WriteOp:
        self.data = self.batch_data()
        return self.write(propose_candidates, self.data, self.picked, areas={Area.NOMINATIONS})

    @property
    def outcome(self) -> str:
        """After OK, what was done, in a sentence for the clerk ("" before)."""
        done: Proposed | None = self.result_value
        if done is None or self.data is None:
            return ""
        text = (
            f"Đã tạo hồ sơ “{clean(self.data.title)}” với {number(done.items)} đề nghị năm {self.data.year}; "
            f"xem ở trang Đề nghị & Xét duyệt, năm {self.data.year}."
        )
        if done.left_out:  # already awarded: never proposed again without a written reason
            text += (
                f" Không đề nghị {number(len(done.left_out))} trường hợp đã được khen: "
                + "; ".join(done.left_out[:3])
                + (" …" if len(done.left_out) > 3 else "")
                + "."
            )
        return text
