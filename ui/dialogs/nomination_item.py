"""Thêm đề nghị: one person (found by name over the staff directory, the batch unit's staff first) or
one collective, for one title or form of the catalogue that suits it, with the achievement in words.

Keyboard: type part of the name (marks optional), ↑/↓ pick among the hits, Enter adds the highlighted one.

A subject who already holds the award is refused by the service, naming the decision; the refusal opens
"Đối tượng đã được khen", where the clerk may still nominate them by writing why (kept and audited).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial
from html import escape

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.units import UnitChoice
from app.errors import ValidationError
from app.services.catalogue import AwardTypeInfo
from app.services.nominations import AlreadyAwarded, BatchInfo, ItemData, add_item
from app.services.staff import StaffDirectory, StaffSearch, load_directory
from database.enums import AwardBasis
from ui.format import number
from ui.jobs import Loader
from ui.operations import WriteOp
from ui.widgets.actions import open_window_modal
from ui.widgets.form_dialog import FormDialog, line
from ui.widgets.screen_fit import scroll_above_buttons
from ui.widgets.unit_combo import UnitComboBox
from ui.workspace import Area

MAX_HITS = 200  # enough to pick from; typing more letters narrows the list
ID_ROLE = Qt.ItemDataRole.UserRole


class _ArrowsToList(QObject):
    """↑/↓ in the search box move the highlight in the list of hits."""

    def __init__(self, hits: QListWidget):
        super().__init__(hits)
        self.hits = hits

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if event.key() == Qt.Key.Key_Up else 1
            row = min(max(self.hits.currentRow() + step, 0), self.hits.count() - 1)
            self.hits.setCurrentRow(row)
            return True
        return False


@dataclass(frozen=True)
class ItemAdded:
    """What the item form added: the page selects it and says for whom."""

    item_id: int
    subject: str
    award_name: str


class OverrideDialog(FormDialog):
    """The service refused a holder of the award: nominate them anyway only with a written reason."""

    OK_TEXT = "Vẫn đề nghị"

    def __init__(
        self, workspace, refused: AlreadyAwarded, batch_id: int, data: ItemData, parent: QWidget | None = None
    ):
        super().__init__(workspace, "Đối tượng đã được khen", escape(str(refused)), parent)
        self.batch_id, self.data = batch_id, data
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setPlaceholderText("Ví dụ: quyết định trước ghi sai năm, đề nghị lại để đính chính")
        self.reason_edit.setFixedHeight(80)
        self.reason_edit.textChanged.connect(self.error.clear)
        self.form.addRow("Lý do vẫn đề nghị (*):", self.reason_edit)
        self.finish_layout(560)
        self.reason_edit.setFocus()

    def submit(self) -> WriteOp:
        # a blank reason is refused by the service
        wanted = replace(self.data, override_reason=self.reason_edit.toPlainText())
        return self.write(add_item, self.batch_id, wanted, areas={Area.NOMINATIONS})


class ItemDialog(FormDialog):
    OK_TEXT = "Thêm đề nghị"

    def __init__(
        self,
        workspace,
        batch: BatchInfo,
        awards: Sequence[AwardTypeInfo],
        units: Sequence[UnitChoice],
        directory: StaffDirectory | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(
            workspace, "Thêm đề nghị khen thưởng", f"Hồ sơ “{batch.title}” – năm {batch.year}", parent
        )
        self.batch = batch
        self.override_dialog: OverrideDialog | None = None  # open after a refusal "đã được khen"
        self.data: ItemData | None = None  # what OK sent
        self._subject = self._award_name = ""
        self.awards = list(awards)
        self.units = {u.id: u for u in units}
        self.directory: StaffDirectory | None = None
        self.search: StaffSearch | None = None

        kinds = QHBoxLayout()
        self.person_radio = QRadioButton("&Cá nhân")
        self.collective_radio = QRadioButton("&Tập thể")
        self.person_radio.setChecked(True)
        group = QButtonGroup(self)
        for radio in (self.person_radio, self.collective_radio):
            group.addButton(radio)
            kinds.addWidget(radio)
        kinds.addStretch(1)
        self.form.addRow("Đề nghị cho:", kinds)

        self.person_box = QWidget()
        person_layout = QVBoxLayout(self.person_box)
        person_layout.setContentsMargins(0, 0, 0, 0)
        self.search_edit = line("Gõ họ tên – có dấu hay không dấu đều được; ↑/↓ để chọn")
        self.search_edit.setAccessibleName("Tìm cán bộ theo họ tên")
        person_layout.addWidget(self.search_edit)
        unit = self.units.get(batch.unit_id) if batch.unit_id else None
        self.own_unit_check = QCheckBox(
            f"Chỉ cán bộ của {unit.name}" if unit else "Chỉ cán bộ của đơn vị đề nghị"
        )
        self.own_unit_check.setChecked(unit is not None)
        self.own_unit_check.setVisible(unit is not None)
        person_layout.addWidget(self.own_unit_check)
        self.hits = QListWidget()
        self.hits.setMinimumHeight(180)
        self.hits.setAccessibleName("Cán bộ tìm thấy")
        person_layout.addWidget(self.hits)
        self.search_edit.installEventFilter(_ArrowsToList(self.hits))
        self.form.addRow("Cán bộ:", self.person_box)

        self.unit_combo = UnitComboBox(None)
        self.unit_combo.set_units([u for u in units if u.active])
        self.unit_combo.select_unit(batch.unit_id)
        self.form.addRow("Tập thể:", self.unit_combo)

        self.award_combo = QComboBox()
        self.award_combo.setMaxVisibleItems(24)
        self.form.addRow("Danh hiệu, hình thức:", self.award_combo)
        self.basis_combo = QComboBox()
        for basis in AwardBasis:
            self.basis_combo.addItem(basis.label, basis)
        self.basis_combo.setCurrentIndex(self.basis_combo.findData(batch.basis))
        self.form.addRow("Loại hình:", self.basis_combo)
        self.achievement_edit = QPlainTextEdit()
        self.achievement_edit.setPlaceholderText("Tóm tắt thành tích (không bắt buộc)")
        self.achievement_edit.setTabChangesFocus(True)
        self.achievement_edit.setFixedHeight(self.achievement_edit.fontMetrics().height() * 4 + 16)
        self.form.addRow("Thành tích:", self.achievement_edit)
        self.finish_layout(640)
        scroll_above_buttons(self)  # a short screen scrolls the fields; the buttons stay in view

        self.person_radio.toggled.connect(self._kind_changed)
        self.search_edit.textChanged.connect(self._find)
        self.own_unit_check.toggled.connect(self._filter)
        self.hits.currentRowChanged.connect(lambda _row: self.error.clear())
        self.hits.itemDoubleClicked.connect(lambda _item: self.accept())
        self.award_combo.currentIndexChanged.connect(lambda _i: self.error.clear())
        self._kind_changed()
        self._loader: Loader | None = None
        if directory is not None:
            self.set_directory(directory)
        else:
            self.hits.addItem("Đang tải danh sách cán bộ…")
            self._loader = Loader(partial(load_directory, workspace.ctx), self)
            self._loader.loaded.connect(self._directory_loaded)
            self._loader.failed.connect(
                lambda exc: self.error.setText(f"Không đọc được danh sách cán bộ: {exc}")
            )
            self._loader.request()
        self.search_edit.setFocus()

    @property
    def loading(self) -> bool:
        return self._loader is not None and self._loader.busy

    def collective(self) -> bool:
        return self.collective_radio.isChecked()

    def _kind_changed(self) -> None:
        collective = self.collective()
        self.form.setRowVisible(self.person_box, not collective)
        self.form.setRowVisible(self.unit_combo, collective)
        current = self.award_combo.currentData()
        self.award_combo.clear()
        for award in self.awards:
            if award.for_collective if collective else award.for_individual:
                self.award_combo.addItem(award.name, award.code)
        found = self.award_combo.findData(current)
        self.award_combo.setCurrentIndex(max(found, 0))
        (self.unit_combo if collective else self.search_edit).setFocus()

    # --- the staff directory ------------------------------------------------------------------------
    def _directory_loaded(self, _args: tuple, directory: StaffDirectory) -> None:
        self.set_directory(directory)

    def set_directory(self, directory: StaffDirectory) -> None:
        self.directory = directory
        self.search = StaffSearch(directory)
        self._filter()

    def _filter(self) -> None:
        if self.search is None:
            return
        unit = self.units.get(self.batch.unit_id) if self.batch.unit_id else None
        own = unit is not None and self.own_unit_check.isChecked()
        self.search.set_filters(unit_ids=set(unit.subtree_ids) if own else None)
        self._find()

    def _find(self) -> None:
        if self.search is None:
            return
        found = self.search.find(self.search_edit.text())
        records = self.directory.records
        self.hits.clear()
        for index in found[:MAX_HITS]:
            r = records[index]
            where = ", ".join(x for x in (r.position, r.unit_name) if x)
            item = QListWidgetItem(
                f"{r.full_name} – {r.birth_text or 'không rõ năm sinh'}" + (f" – {where}" if where else "")
            )
            item.setData(ID_ROLE, r.id)
            self.hits.addItem(item)
        if len(found) > MAX_HITS:
            more = QListWidgetItem(f"… và {number(len(found) - MAX_HITS)} người khác: gõ thêm để thu hẹp")
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            self.hits.addItem(more)
        elif not found:
            empty = QListWidgetItem(
                "Không tìm thấy cán bộ nào."
                + (" Thử bỏ chọn “Chỉ cán bộ của …”." if self.own_unit_check.isChecked() else "")
            )
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.hits.addItem(empty)
        if found:
            self.hits.setCurrentRow(0)

    def chosen_person(self) -> int | None:
        item = self.hits.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    # --- saving -------------------------------------------------------------------------------------
    def item_data(self) -> ItemData:
        """What the form asks for, read here on the GUI thread; refused when nothing is chosen."""
        code = self.award_combo.currentData()
        if code is None:
            raise ValidationError("Hãy chọn danh hiệu hoặc hình thức khen thưởng.")
        common = {
            "achievement": self.achievement_edit.toPlainText(),
            "basis": self.basis_combo.currentData(),
        }
        if self.collective():
            unit_id = self.unit_combo.currentData()
            if unit_id is None:
                raise ValidationError("Hãy chọn tập thể được đề nghị.")
            self._subject = self.unit_combo.currentText()
            return ItemData(code, unit_id=unit_id, **common)
        person_id = self.chosen_person()
        if person_id is None:
            raise ValidationError("Hãy tìm và chọn cán bộ được đề nghị.")
        self._subject = self.hits.currentItem().text().split(" – ")[0]
        return ItemData(code, person_id=person_id, **common)

    def submit(self) -> WriteOp:
        self.data = self.item_data()
        self._award_name = self.award_combo.currentText()
        return self.write(add_item, self.batch.id, self.data, areas={Area.NOMINATIONS})

    def _refused(self, exc: BaseException) -> None:
        super()._refused(exc)
        if isinstance(exc, AlreadyAwarded):  # offer the override; its own refusals show in it
            self.override_dialog = open_window_modal(
                OverrideDialog(self.workspace, exc, self.batch.id, self.data, self), self._overridden
            )

    def _overridden(self, dialog: OverrideDialog) -> None:
        self.result_value = dialog.result_value
        QDialog.accept(self)

    @property
    def added(self) -> ItemAdded | None:
        """After OK: the item added (None before)."""
        if self.result_value is None:
            return None
        return ItemAdded(self.result_value, self._subject, self._award_name)
