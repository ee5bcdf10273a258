"""Xếp hạng: the members ranked by their final points as the grid shows them now (ties share a rank, the
next rank skips), with what the suy tôn proposed, and the button that opens the suy tôn."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QWidget

from app.services.clusters import ClusterDetail, RankedMember, points_text
from ui.format import number
from ui.models.text_rows import TextRowsModel
from ui.pages.clusters.parts import push_button, tab_layout
from ui.widgets.data_view import data_view
from ui.widgets.record_view import text_label

RANK_HEADERS = ["Hạng", "Đơn vị", "Vai trò", "Tự chấm", "Cụm chấm", "Điểm cuối cùng", "Đề nghị"]


class RankingTab(QWidget):
    def __init__(self, open_proposal: Callable[[], object], parent: QWidget | None = None):
        super().__init__(parent)
        layout = tab_layout(self)
        self.model = TextRowsModel(RANK_HEADERS, numeric=frozenset({3, 4, 5}), centred=frozenset({0}))
        self.view = data_view(
            self.model,
            "clusterRanking",
            widths={
                0: "0 (đồng hạng)",
                1: "Bệnh viện Y dược cổ truyền tỉnh Sơn Hà",
                2: "Cụm/Khối trưởng",
                3: "000,00",
                4: "000,00",
                5: "000,00",
            },
            stretch=6,
        )
        layout.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        self.note = text_label("", "muted", wrap=True)
        bottom.addWidget(self.note, 1)
        self.propose_button = push_button(
            bottom,
            "Suy tôn…",
            open_proposal,
            "Ghi đơn vị được suy tôn dẫn đầu, đề nghị Cờ thi đua, Bằng khen",
            once=True,
        )
        layout.addLayout(bottom)

    def show_ranking(self, detail: ClusterDetail | None, ranking: list[RankedMember]) -> None:
        names = detail.award_names if detail else {}
        self.model.set_rows(
            [
                (
                    "" if r.rank is None else str(r.rank) + (" (đồng hạng)" if r.tied else ""),
                    r.name,
                    r.role.label,
                    points_text(r.self_total) if r.rank else "",
                    points_text(r.assessed_total),
                    points_text(r.final_total) if r.rank else "chưa chấm",
                    names.get(r.proposed_code, r.proposed_code or ""),
                )
                for r in ranking
            ],
            [r.member_id for r in ranking],
        )
        notes = []
        tied = sorted({r.rank for r in ranking if r.tied})
        if tied:
            notes.append("Đồng hạng " + ", ".join(str(t) for t in tied) + " (xếp theo tên đơn vị)")
        unscored = sum(1 for r in ranking if r.rank is None)
        if unscored:
            notes.append(f"{number(unscored)} đơn vị chưa được chấm")
        proposed = [r for r in ranking if r.proposed_code]
        if proposed:
            notes.append(
                "Đã suy tôn: "
                + "; ".join(f"{r.name} ({names.get(r.proposed_code, r.proposed_code)})" for r in proposed)
            )
        self.note.setText(". ".join(notes) + ("." if notes else ""))

    def texts(self) -> list[tuple[str, str, str]]:
        """(hạng, đơn vị, điểm cuối cùng) as the table shows them."""
        return [
            (self.model.text(r, 0), self.model.text(r, 1), self.model.text(r, 5))
            for r in range(self.model.rowCount())
        ]
