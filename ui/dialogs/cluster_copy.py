"""Sao chép cụm, khối sang năm sau: one row a cluster, with next year's leader and deputy for the clerk to
choose. The program proposes from each cluster's rule (rotation in the members' order, or the same leader
and deputy when the rules say nothing); OK copies them all in one transaction."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QWidget

from app.domain.clusters import MemberRef
from app.services.clusters import RoleProposal, copy_clusters_to_year
from ui.operations import WriteOp
from ui.widgets.form_dialog import FormDialog
from ui.widgets.tables import cell, read_only_table
from ui.workspace import Area

NOBODY = "— không có —"


class CopyClustersDialog(FormDialog):
    OK_TEXT = "Sao chép"

    def __init__(
        self, workspace, year: int, proposals: Sequence[RoleProposal], parent: QWidget | None = None
    ):
        super().__init__(
            workspace,
            f"Sao chép cụm, khối thi đua sang năm {year + 1}",
            f"Các cụm, khối của năm {year} được lập lại cho năm {year + 1} cùng thành viên còn hoạt động "
            "và bảng tiêu chí (chưa có điểm). Chọn cụm, khối trưởng và phó năm sau; chương trình đã chọn "
            "sẵn theo quy tắc của từng cụm, khối.",
            parent,
        )
        self.ok_button.setText(self.OK_TEXT)
        self.year, self.proposals = year, list(proposals)
        self.table = read_only_table(["Cụm, khối", "Quy tắc", "Trưởng năm sau", "Phó năm sau"], stretch=0)
        self.table.setObjectName("copyTable")
        self.table.setRowCount(len(self.proposals))
        self.choices: dict[int, tuple[QComboBox, QComboBox]] = {}
        for row, p in enumerate(self.proposals):
            self.table.setItem(row, 0, cell(p.name))
            self.table.setItem(row, 1, cell(p.rotation.label, muted=True))
            pair = []
            for column, (chosen, what) in enumerate(((p.leader, "trưởng"), (p.deputy, "phó")), start=2):
                combo = QComboBox()
                combo.addItem(NOBODY, None)
                for m in p.members:
                    combo.addItem(m.name, m.ref.key)
                combo.setCurrentIndex(max(combo.findData(chosen.key if chosen else None), 0))
                combo.setAccessibleName(f"{p.name}: {what} năm sau")
                self.table.setCellWidget(row, column, combo)
                pair.append(combo)
            self.choices[p.cluster_id] = (pair[0], pair[1])
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        self.table.setMinimumHeight(min(380, 40 + 34 * max(3, len(self.proposals))))
        self.outer.addWidget(self.table, 1)
        self.finish_layout(760)
        self.resize(900, 480)

    def choose(self, cluster_id: int, leader: MemberRef | None, deputy: MemberRef | None) -> None:
        for combo, ref in zip(self.choices[cluster_id], (leader, deputy), strict=True):
            combo.setCurrentIndex(max(combo.findData(ref.key if ref else None), 0))

    def roles(self) -> dict[int, tuple[MemberRef | None, MemberRef | None]]:
        return {
            cluster_id: (MemberRef.from_key(leader.currentData()), MemberRef.from_key(deputy.currentData()))
            for cluster_id, (leader, deputy) in self.choices.items()
        }

    def submit(self) -> WriteOp:
        """The result is a CopyResult (created, skipped)."""
        ids = [p.cluster_id for p in self.proposals]
        return self.write(
            copy_clusters_to_year, self.year, self.year + 1, ids, self.roles(), areas={Area.CLUSTERS}
        )
