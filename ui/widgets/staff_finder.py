"""Find members of staff by name as you type, over the directory read once (app.services.staff.StaffSearch).

finder = StaffFinder("Chỉ cán bộ của Bệnh viện Đa khoa tỉnh")
finder.set_directory(directory, unit_ids=subtree)    # unit_ids: what the tick box narrows to
finder.picked.connect(add_people)                    # Enter or a double-click: the selected records
finder.selected()                                    # StaffRecords selected in the hits
"""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QLineEdit, QVBoxLayout, QWidget

from app.services.staff import StaffDirectory, StaffRecord, StaffSearch
from ui.format import number
from ui.models.text_rows import TextRowsModel
from ui.widgets.data_view import data_view, on_open

SHOWN = 200  # hits listed; more letters narrow them


class _SearchLine(QLineEdit):
    """Up and Down walk the hits below while the typing stays here."""

    def __init__(self, finder: StaffFinder):
        super().__init__()
        self.finder = finder

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(event.key())
        if step is None:
            super().keyPressEvent(event)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                event.accept()  # Enter adds the person; it must not also press the dialog's OK button
            return
        view, count = self.finder.view, self.finder.model.rowCount()
        if count:
            row = view.currentIndex().row() + step if view.currentIndex().isValid() else 0
            view.selectRow(min(max(row, 0), count - 1))


class StaffFinder(QWidget):
    picked = Signal(list)  # [StaffRecord]

    def __init__(self, own_caption: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.search: StaffSearch | None = None
        self.records: list[StaffRecord] = []
        self.unit_ids: Collection[int] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.search_edit = _SearchLine(self)
        self.search_edit.setPlaceholderText(
            "Gõ họ tên – có dấu hay không dấu đều được; ↑/↓ để chọn, Enter để thêm"
        )
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Tìm cán bộ theo họ tên")
        self.search_edit.textChanged.connect(self.find)
        self.search_edit.returnPressed.connect(self._pick)
        layout.addWidget(self.search_edit)
        self.own_check = QCheckBox(own_caption)
        self.own_check.setVisible(bool(own_caption))
        self.own_check.setChecked(bool(own_caption))
        self.own_check.toggled.connect(self._narrow)
        layout.addWidget(self.own_check)
        self.model = TextRowsModel(["Họ và tên", "Ngày sinh", "Chức vụ", "Đơn vị"], centred=frozenset({1}))
        self.view = data_view(
            self.model,
            "staffFinder",
            widths={0: "Nguyễn Thị Phương Thảo", 1: "00/00/0000", 2: "Phó Trưởng khoa"},
            stretch=3,
        )
        on_open(self.view, lambda _row: self._pick())
        layout.addWidget(self.view, 1)
        self.model.set_rows([("Đang tải danh sách cán bộ…", "", "", "")], [None])

    def set_directory(self, directory: StaffDirectory, unit_ids: Collection[int] | None = None) -> None:
        self.search = StaffSearch(directory)
        self.records = directory.records
        self.unit_ids = unit_ids
        self._narrow()

    def _narrow(self) -> None:
        if self.search is None:
            return
        own = self.unit_ids is not None and self.own_check.isChecked()
        self.search.set_filters(unit_ids=set(self.unit_ids) if own else None)
        self.find()

    def find(self) -> None:
        if self.search is None:
            return
        found = self.search.find(self.search_edit.text())
        rows = [
            (r.full_name, r.birth_text, r.position or "", r.unit_name)
            for r in (self.records[i] for i in found[:SHOWN])
        ]
        ids: list[object] = list(found[:SHOWN])
        if len(found) > SHOWN:
            rows.append((f"… và {number(len(found) - SHOWN)} người khác: gõ thêm để thu hẹp", "", "", ""))
            ids.append(None)
        elif not found:
            rows.append(("Không tìm thấy cán bộ nào.", "", "", ""))
            ids.append(None)
        self.model.set_rows(rows, ids)
        if found:
            self.view.selectRow(0)

    def selected(self) -> list[StaffRecord]:
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        picked = [self.model.row_id(r) for r in rows]
        return [self.records[i] for i in picked if i is not None]

    def _pick(self) -> None:
        chosen = self.selected()
        if chosen:
            self.picked.emit(chosen)
