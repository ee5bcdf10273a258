"""Thêm, sửa sáng kiến / đề tài: title, kind, year, unit, the authors (found by name over the staff) with their
shares, and the recognition (level, deciding body, decision number and date, scope, applied from)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.units import UnitChoice
from app.services.initiatives import (
    AuthorShare,
    InitiativeData,
    InitiativeDetail,
    create_initiative,
    initiative_detail,
    share_text,
    update_initiative,
)
from app.services.staff import StaffDirectory, StaffRecord, load_directory
from database.enums import InitiativeKind, InitiativeLevel
from ui.jobs import Loader
from ui.operations import WriteOp
from ui.widgets.form_dialog import FormDialog, add_hint, date_edit, date_value, line, optional_text, set_date
from ui.widgets.screen_fit import fit_to_screen, scroll_above_buttons
from ui.widgets.staff_finder import StaffFinder
from ui.widgets.unit_combo import UnitComboBox
from ui.workspace import Area

NO_SHARE = 0.0  # the spin box's "—": the decision gives no share
AUTHOR_HEADERS = ["Họ và tên", "Ngày sinh", "Đơn vị", "Tỷ lệ"]


@dataclass(frozen=True)
class SavedInitiative:
    """What the page is told once the initiative is saved."""

    initiative_id: int
    title: str
    created: bool


def _enum_combo(enum, current) -> QComboBox:
    combo = QComboBox()
    for member in enum:
        combo.addItem(member.label, member)
    combo.setCurrentIndex(combo.findData(current))
    return combo


class InitiativeDialog(FormDialog):
    def __init__(
        self,
        workspace,
        units: Sequence[UnitChoice],
        detail: InitiativeDetail | None = None,
        year: int | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(
            workspace, "Sửa sáng kiến, đề tài" if detail else "Thêm sáng kiến, đề tài", "", parent
        )
        self.detail = detail
        self.author_ids: list[int] = []

        self.title_edit = line("Tên sáng kiến, đề tài như trong quyết định công nhận")
        self.form.addRow("Tên:", self.title_edit)
        first = QHBoxLayout()
        self.kind_combo = _enum_combo(InitiativeKind, InitiativeKind.INITIATIVE)
        first.addWidget(self.kind_combo)
        first.addWidget(QLabel("Năm:"))
        self.year_box = QSpinBox()
        self.year_box.setRange(1945, 2200)
        self.year_box.setValue(year or dt.date.today().year)
        first.addWidget(self.year_box)
        first.addStretch(1)
        self.form.addRow("Loại:", first)
        self.unit_combo = UnitComboBox("— Không ghi đơn vị —")
        self.unit_combo.set_units(units)
        self.form.addRow("Đơn vị áp dụng:", self.unit_combo)

        self.level_combo = _enum_combo(InitiativeLevel, InitiativeLevel.BASE)
        self.form.addRow("Cấp công nhận:", self.level_combo)
        self.body_edit = line("Ví dụ: Giám đốc Sở Y tế; Chủ tịch UBND tỉnh")
        self.form.addRow("Cơ quan công nhận:", self.body_edit)
        decision = QHBoxLayout()
        self.number_edit = line("Ví dụ: 1234/QĐ-SYT")
        decision.addWidget(self.number_edit, 1)
        decision.addWidget(QLabel("ngày"))
        self.date_edit = date_edit(None, optional=True)
        decision.addWidget(self.date_edit)
        self.form.addRow("Quyết định số:", decision)
        self.scope_edit = line("Ví dụ: áp dụng có hiệu quả, nhân rộng trong toàn tỉnh")
        self.form.addRow("Phạm vi ảnh hưởng:", self.scope_edit)
        self.applied_edit = date_edit(None, optional=True)
        self.form.addRow("Áp dụng từ ngày:", self.applied_edit)
        self.note_edit = line("Không bắt buộc")
        self.form.addRow("Ghi chú:", self.note_edit)
        if detail is not None and detail.used_by:
            add_hint(
                self.form,
                f"Đã dùng làm căn cứ cho: {detail.used_by}. Một sáng kiến chỉ dùng cho một lần khen thưởng.",
            )

        authors = QWidget()
        columns = QHBoxLayout(authors)
        columns.setContentsMargins(0, 0, 0, 0)
        self.finder = StaffFinder()
        self.finder.picked.connect(self.add_authors)
        left = QVBoxLayout()
        left.addWidget(QLabel("Tìm cán bộ để thêm làm tác giả (Enter):"))
        left.addWidget(self.finder, 1)
        columns.addLayout(left, 1)
        right = QVBoxLayout()
        self.total_label = QLabel()
        right.addWidget(self.total_label)
        self.authors_table = QTableWidget(0, len(AUTHOR_HEADERS))
        self.authors_table.setObjectName("initiativeAuthors")
        self.authors_table.setHorizontalHeaderLabels(AUTHOR_HEADERS)
        self.authors_table.verticalHeader().setVisible(False)
        self.authors_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.authors_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.authors_table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 180), (1, 90), (3, 110)):
            self.authors_table.setColumnWidth(col, width)
        right.addWidget(self.authors_table, 1)
        self.remove_button = QPushButton("Bỏ tác giả đang chọn")
        self.remove_button.clicked.connect(self.remove_selected)
        right.addWidget(self.remove_button)
        columns.addLayout(right, 1)
        self.outer.addWidget(
            QLabel("Tác giả và tỷ lệ đóng góp (tổng không quá 100%; để “—” nếu quyết định không ghi):")
        )
        self.outer.addWidget(authors, 1)
        self.finish_layout(860)
        self.outer.setStretch(self.outer.count() - 2, 0)  # the authors take the height, not the gap above OK
        scroll_above_buttons(self)  # a short screen scrolls the fields; Lưu stays in view
        fit_to_screen(self, 1100, 720)

        if detail is not None:
            self.show_record(detail)
        self._show_total()
        ctx = workspace.ctx
        self._loader = Loader(lambda: load_directory(ctx), self)
        self._loader.loaded.connect(self._directory_loaded)
        self._loader.failed.connect(lambda exc: self.error.setText(f"Không đọc được danh sách cán bộ: {exc}"))
        self._loader.request()
        self.title_edit.setFocus()

    def fetch_record(self, ctx) -> InitiativeDetail:
        return initiative_detail(ctx, self.detail.id)

    def show_record(self, detail: InitiativeDetail) -> None:
        self.detail, data = detail, detail.data
        self.title_edit.setText(data.title)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(data.kind))
        self.year_box.setValue(data.year)
        self.unit_combo.select_unit(data.unit_id)
        self.level_combo.setCurrentIndex(self.level_combo.findData(data.level))
        self.body_edit.setText(data.recognised_by or "")
        self.number_edit.setText(data.decision_number or "")
        set_date(self.date_edit, data.decision_date)
        self.scope_edit.setText(data.scope or "")
        set_date(self.applied_edit, data.applied_from)
        self.note_edit.setText(data.note or "")
        self.authors_table.setRowCount(0)
        self.author_ids.clear()
        for a in detail.authors:
            self._add_row(a.person_id, a.full_name, a.birth_text, a.unit_name, a.share)
        self._show_total()

    @property
    def loading(self) -> bool:
        return self._loader.busy

    def _directory_loaded(self, _args: tuple, directory: StaffDirectory) -> None:
        self.finder.set_directory(directory)

    # --- authors -----------------------------------------------------------------------------------------
    def _add_row(self, person_id: int, name: str, birth: str, unit: str, share: Decimal | None) -> None:
        row = self.authors_table.rowCount()
        self.authors_table.insertRow(row)
        for col, text in enumerate((name, birth, unit)):
            self.authors_table.setItem(row, col, QTableWidgetItem(text))
        spin = QDoubleSpinBox()
        spin.setRange(NO_SHARE, 100)
        spin.setDecimals(2)
        spin.setSuffix(" %")
        spin.setSpecialValueText("—")
        spin.setValue(float(share) if share is not None else NO_SHARE)
        spin.valueChanged.connect(self._show_total)
        self.authors_table.setCellWidget(row, 3, spin)
        self.author_ids.append(person_id)

    def add_authors(self, records: Sequence[StaffRecord]) -> None:
        for r in records:
            if r.id not in self.author_ids:
                self._add_row(r.id, r.full_name, r.birth_text, r.unit_name, None)
        self.error.clear()
        self._show_total()

    def remove_selected(self) -> None:
        for row in sorted(
            {i.row() for i in self.authors_table.selectionModel().selectedRows()}, reverse=True
        ):
            self.authors_table.removeRow(row)
            del self.author_ids[row]
        self._show_total()

    def shares(self) -> list[Decimal | None]:
        out = []
        for row in range(self.authors_table.rowCount()):
            value = self.authors_table.cellWidget(row, 3).value()
            out.append(None if value == NO_SHARE else Decimal(str(round(value, 2))))
        return out

    def _show_total(self, *_args) -> None:
        total = sum((s for s in self.shares() if s is not None), Decimal(0))
        count = len(self.author_ids)
        text = f"{count} tác giả" + (f", tổng tỷ lệ {share_text(total)}" if total else "")
        self.total_label.setText(text + (" – vượt quá 100%" if total > 100 else ""))
        self.total_label.setObjectName("error" if total > 100 else "")
        self.total_label.style().polish(self.total_label)

    # --- saving ------------------------------------------------------------------------------------------
    def data(self) -> InitiativeData:
        unit = self.unit_combo.current_unit()
        return InitiativeData(
            title=self.title_edit.text(),
            year=self.year_box.value(),
            level=self.level_combo.currentData(),
            kind=self.kind_combo.currentData(),
            unit_id=unit.id if unit else None,
            authors=tuple(
                AuthorShare(pid, share) for pid, share in zip(self.author_ids, self.shares(), strict=True)
            ),
            recognised_by=optional_text(self.body_edit),
            decision_number=optional_text(self.number_edit),
            decision_date=date_value(self.date_edit),
            scope=optional_text(self.scope_edit),
            applied_from=date_value(self.applied_edit),
            note=optional_text(self.note_edit),
        )

    def submit(self) -> WriteOp:
        data = self.data()
        self._title = data.title.strip()
        if self.detail is None:
            return self.write(create_initiative, data, areas={Area.INITIATIVES})
        return self.write(
            update_initiative, self.detail.id, data, self.detail.version, areas={Area.INITIATIVES}
        )

    def result_of(self, written: int | None) -> SavedInitiative:
        created = self.detail is None
        return SavedInitiative(written if created else self.detail.id, self._title, created)
