"""Suy tôn: what the cluster's year-end meeting proposes for its leading units – a Cờ thi đua, a Bằng khen –
beside the ranking, with how many of each the meeting may propose. Starts from what was recorded, or, the
first time, from what the ranking suggests (a tie across the cut is left for the meeting to settle)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QSpinBox, QWidget

from app.services.clusters import (
    COMMENDATION_CODES,
    FLAG_CODES,
    ClusterDetail,
    points_text,
    propose,
    suggested_proposals,
)
from ui.operations import WriteOp
from ui.widgets.form_dialog import FormDialog, add_hint
from ui.widgets.tables import cell, read_only_table
from ui.workspace import Area

NONE_TEXT = "—"


class ProposalDialog(FormDialog):
    OK_TEXT = "Ghi kết quả suy tôn"

    def __init__(self, workspace, detail: ClusterDetail, parent: QWidget | None = None):
        super().__init__(
            workspace,
            f"Suy tôn – {detail.name} năm {detail.year}",
            "Chọn đơn vị được cụm, khối suy tôn dẫn đầu và hình thức đề nghị. Kết quả được dùng khi xét "
            "điều kiện Cờ thi đua (mục Đề nghị & Xét duyệt).",
            parent,
        )
        self.ok_button.setText(self.OK_TEXT)
        self.detail = detail
        self.flags_box = QSpinBox()
        self.flags_box.setRange(0, max(1, len(detail.members)))
        self.flags_box.setValue(1)
        self.flags_box.setToolTip("Thường mỗi cụm, khối suy tôn 01 đơn vị đề nghị Cờ thi đua")
        self.form.addRow("Số đơn vị đề nghị Cờ thi đua, tối đa:", self.flags_box)
        self.form.setFieldGrowthPolicy(self.form.FieldGrowthPolicy.FieldsStayAtSizeHint)  # small numbers
        self.commendations_box = QSpinBox()
        self.commendations_box.setRange(0, max(1, len(detail.members)))
        self.commendations_box.setValue(min(2, len(detail.members)))
        self.form.addRow("Số đơn vị đề nghị Bằng khen, tối đa:", self.commendations_box)

        recorded = {r.member_id: r.proposed_code for r in detail.ranking if r.proposed_code}
        start = recorded or suggested_proposals(detail.ranking, 1, 0)
        self.table = read_only_table(["Hạng", "Đơn vị", "Điểm", "Đề nghị"], stretch=1)
        self.table.setObjectName("proposalTable")
        self.table.setRowCount(len(detail.ranking))
        self.choices: dict[int, QComboBox] = {}
        for row, r in enumerate(detail.ranking):
            rank = "" if r.rank is None else f"{r.rank}" + (" (đồng hạng)" if r.tied else "")
            self.table.setItem(row, 0, cell(rank, numeric=True))
            self.table.setItem(row, 1, cell(r.name))
            self.table.setItem(
                row,
                2,
                cell(
                    points_text(r.final_total) if r.rank else "chưa chấm", numeric=True, muted=r.rank is None
                ),
            )
            combo = QComboBox()
            combo.addItem(NONE_TEXT, None)
            for code in FLAG_CODES + COMMENDATION_CODES:
                if code in detail.award_names:
                    combo.addItem(detail.award_names[code], code)
            combo.setCurrentIndex(max(combo.findData(start.get(r.member_id)), 0))
            combo.setAccessibleName(f"Đề nghị cho {r.name}")
            self.table.setCellWidget(row, 3, combo)
            self.choices[r.member_id] = combo
        self.table.resizeRowsToContents()
        self.table.setMinimumHeight(min(420, 40 + 34 * max(3, len(detail.ranking))))
        self.outer.addWidget(self.table, 1)
        if not recorded and start:
            note = QLabel("Đã chọn sẵn theo bảng xếp hạng; hãy sửa theo kết quả biểu quyết của hội nghị.")
            note.setObjectName("muted")
            self.outer.addWidget(note)
        if any(r.tied and r.rank == 1 for r in detail.ranking):
            add_hint(
                self.form, "Có đơn vị đồng hạng nhất: hội nghị cụm, khối quyết định đơn vị được suy tôn."
            )
        self.finish_layout(720)
        self.resize(820, 560)

    def choose(self, member_id: int, code: str | None) -> None:
        combo = self.choices[member_id]
        combo.setCurrentIndex(max(combo.findData(code), 0))

    def submit(self) -> WriteOp:
        """The result is how many units were proposed."""
        choices = {member_id: combo.currentData() for member_id, combo in self.choices.items()}
        limits = {
            **dict.fromkeys(FLAG_CODES, self.flags_box.value()),
            **dict.fromkeys(COMMENDATION_CODES, self.commendations_box.value()),
        }
        return self.write(propose, self.detail.id, choices, limits, areas={Area.CLUSTERS})
