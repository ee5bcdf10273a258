"""A list with the chosen row's detail beside it: the list takes the spare width, the detail (rich text that
the clerk can select and copy) keeps a readable column.

    splitter, detail = beside_detail(table, "awardTypeDetail", "Tiêu chuẩn của dòng đang chọn", (690, 330))
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QTextBrowser, QWidget


def beside_detail(
    view: QWidget, name: str, accessible: str, sizes: tuple[int, int], stretch: tuple[int, int] = (3, 2)
) -> tuple[QSplitter, QTextBrowser]:
    detail = QTextBrowser()
    detail.setObjectName(name)
    detail.setOpenLinks(False)
    detail.setAccessibleName(accessible)
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(view)
    splitter.addWidget(detail)
    for index, factor in enumerate(stretch):
        splitter.setStretchFactor(index, factor)
    splitter.setSizes(list(sizes))
    splitter.setChildrenCollapsible(False)
    return splitter, detail
