"""Nhập tay bản đăng ký thi đua của một đơn vị: the campaign it answers (or none: the year's registration), the
collective titles it aims for, its staff with the title each aims for (found by name over the unit's staff),
and the models and solutions (mô hình, giải pháp) the unit or one of its staff undertakes, in their own words.
Saved whole, in one write on the writer thread; the staff to choose from are read in the background."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.campaigns import CampaignSummary
from app.domain.units import UnitChoice
from app.services.registrations import (
    WORK_KINDS,
    RegistrationData,
    RegistrationDetail,
    TitleChoice,
    WorkAim,
    registration_detail,
    save_registration,
    work_text,
)
from app.services.staff import StaffDirectory, StaffRecord, load_directory
from app.text import fold, name_sort_key
from ui.format import number
from ui.jobs import Loader
from ui.models.text_rows import TextRowsModel
from ui.operations import WriteOp
from ui.widgets.data_view import data_view
from ui.widgets.form_dialog import IGNORED, FormDialog, line
from ui.widgets.screen_fit import fit_to_screen
from ui.widgets.staff_finder import StaffFinder
from ui.workspace import Area


class _AddingLine(QLineEdit):
    """The model's or solution's words: Enter adds them to the list and must not also press OK."""

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class RegistrationEntryDialog(FormDialog):
    OK_TEXT = "Lưu bản đăng ký"

    def __init__(
        self,
        workspace,
        year: int,
        unit: UnitChoice,
        titles: Sequence[TitleChoice],
        detail: RegistrationDetail | None = None,
        parent: QWidget | None = None,
        campaigns: Sequence[CampaignSummary] = (),
        for_campaign: bool = False,
    ):
        """`for_campaign`: a new registration answering one of `campaigns`, beside the unit's yearly one (the
        choice "no campaign" is not offered)."""
        super().__init__(
            workspace,
            f"Đăng ký theo phong trào năm {year}" if for_campaign else f"Đăng ký thi đua năm {year}",
            f"{unit.label}: danh hiệu tập thể đơn vị đăng ký, danh sách cá nhân đăng ký, các mô hình, giải "
            "pháp thi đua"
            + (
                " hưởng ứng phong trào đã chọn. Các bản đăng ký khác của đơn vị giữ nguyên."
                if for_campaign
                else "."
            ),
            parent,
        )
        self.year, self.unit = year, unit
        self.titles = {t.code: t for t in titles}
        # (person id, code) -> what the list shows of that person
        self.aims: dict[tuple[int, str], tuple[str, str, str]] = {}
        # (kind, folded name, person id) -> the model or solution and what the list shows of its person
        self.works: dict[tuple, tuple[WorkAim, str, str, str]] = {}

        self.campaign_combo = QComboBox()
        if not for_campaign:
            self.campaign_combo.addItem("Không gắn phong trào (đăng ký thi đua của năm)", None)
        for c in campaigns:
            self.campaign_combo.addItem(c.name, c.id)
        self.campaign_combo.setToolTip("Phong trào thi đua mà bản đăng ký này hưởng ứng")
        self.campaign_combo.setMinimumContentsLength(30)
        self.campaign_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.form.addRow("Phong trào:", self.campaign_combo)

        boxes = QHBoxLayout()
        self.collective_checks: dict[str, QCheckBox] = {}
        for t in titles:
            if t.for_collective:
                check = QCheckBox(t.short_name)
                check.setToolTip(t.name)
                self.collective_checks[t.code] = check
                boxes.addWidget(check)
        boxes.addStretch(1)
        self.form.addRow("Danh hiệu tập thể:", boxes)
        self.note_edit = line("Không bắt buộc")
        self.form.addRow("Ghi chú:", self.note_edit)
        works = QHBoxLayout()
        self.work_kind = QComboBox()
        self.work_kind.setProperty(IGNORED, True)
        for kind in WORK_KINDS:
            self.work_kind.addItem(kind.label, kind)
        works.addWidget(self.work_kind)
        self.work_name = _AddingLine()
        self.work_name.setPlaceholderText("Tên mô hình, giải pháp (Enter để thêm)")
        self.work_name.setToolTip("Ví dụ: Bệnh viện xanh – sạch – đẹp, an toàn")
        self.work_name.setProperty(IGNORED, True)
        self.work_name.returnPressed.connect(self.add_work)
        works.addWidget(self.work_name, 1)
        self.work_owner = QComboBox()
        self.work_owner.setProperty(IGNORED, True)
        self.work_owner.addItem("của đơn vị", False)
        self.work_owner.addItem("của cán bộ đang chọn", True)
        self.work_owner.setToolTip(
            "Đơn vị thực hiện, hoặc những cán bộ đang chọn ở ô tìm bên dưới (mỗi người một dòng)"
        )
        works.addWidget(self.work_owner)
        self.add_work_button = QPushButton("Thêm →")
        self.add_work_button.setToolTip(
            "Thêm mô hình, giải pháp này vào danh sách đăng ký (Enter trong ô tên)"
        )
        self.add_work_button.clicked.connect(self.add_work)
        works.addWidget(self.add_work_button)
        self.form.addRow("Mô hình, giải pháp:", works)

        people = QWidget()
        columns = QHBoxLayout(people)
        columns.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        left.addWidget(QLabel("Tìm cán bộ để thêm:"))
        self.finder = StaffFinder(f"Chỉ cán bộ của {unit.name}")
        self.finder.picked.connect(self.add_people)
        self.finder.setProperty(IGNORED, True)  # searching is not a change; the list of people is
        left.addWidget(self.finder, 1)
        adding = QHBoxLayout()
        adding.addWidget(QLabel("Danh hiệu:"))
        self.title_combo = QComboBox()
        self.title_combo.setProperty(IGNORED, True)
        for t in titles:
            if t.for_individual:
                self.title_combo.addItem(t.name, t.code)
        adding.addWidget(self.title_combo, 1)
        self.add_button = QPushButton("Thêm →")
        self.add_button.setToolTip("Thêm những người đang chọn với danh hiệu này (Enter trong ô tìm)")
        self.add_button.clicked.connect(lambda: self.add_people(self.finder.selected()))
        adding.addWidget(self.add_button)
        self.add_all_button = QPushButton("Thêm cả đơn vị")
        self.add_all_button.setToolTip(
            "Thêm mọi cán bộ của đơn vị chưa có trong danh sách, với danh hiệu này"
        )
        self.add_all_button.clicked.connect(self.add_whole_unit)
        adding.addWidget(self.add_all_button)
        left.addLayout(adding)
        columns.addLayout(left, 1)

        right = QVBoxLayout()
        self.count_label = QLabel()
        right.addWidget(self.count_label)
        self.model = TextRowsModel(
            ["Họ và tên", "Ngày sinh", "Đăng ký", "Khoa, phòng"], centred=frozenset({1})
        )
        self.view = data_view(
            self.model,
            "registeredPeople",
            widths={0: "Nguyễn Thị Phương Thảo", 1: "00/00/0000", 3: "Khoa Hồi sức"},
            stretch=2,  # a model's or solution's words are the longest
        )
        right.addWidget(self.view, 1)
        self.remove_button = QPushButton("Bỏ khỏi danh sách")
        self.remove_button.clicked.connect(self.remove_selected)
        right.addWidget(self.remove_button)
        columns.addLayout(right, 1)
        self.outer.addWidget(people, 1)
        self.finish_layout(900)
        self.outer.setStretch(self.outer.count() - 2, 0)  # the lists take the height, not the gap above OK
        fit_to_screen(self, 1180, 640)

        self.detail = detail
        if detail is not None:
            self.show_record(detail)
        self._show_aims()
        self.directory: StaffDirectory | None = None
        self._loader = Loader(partial(load_directory, workspace.ctx), self)
        self._loader.loaded.connect(self._directory_loaded)
        self._loader.failed.connect(lambda exc: self.error.setText(f"Không đọc được danh sách cán bộ: {exc}"))
        self._loader.request()
        self.finder.search_edit.setFocus()

    def fetch_record(self, ctx) -> RegistrationDetail:
        return registration_detail(ctx, self.detail.id)

    def show_record(self, detail: RegistrationDetail) -> None:
        self.detail = detail
        for code, check in self.collective_checks.items():
            check.setChecked(code in detail.collective_codes)
        self.note_edit.setText(detail.note or "")
        index = self.campaign_combo.findData(detail.campaign_id)
        if index < 0 and detail.campaign_id is not None:  # a campaign of another year's period
            self.campaign_combo.addItem(detail.campaign_name or "", detail.campaign_id)
            index = self.campaign_combo.count() - 1
        self.campaign_combo.setCurrentIndex(max(index, 0))
        self.aims = {(p.person_id, p.code): (p.full_name, p.birth_text, p.unit_name) for p in detail.persons}
        self.works = {}
        for w in detail.works:
            self._put_work(WorkAim(w.kind, w.name, w.person_id), w.person_name or "", "", "")
        self._show_aims()

    @property
    def loading(self) -> bool:
        return self._loader.busy

    def _directory_loaded(self, _args: tuple, directory: StaffDirectory) -> None:
        self.directory = directory
        self.finder.set_directory(directory, self.unit.subtree_ids)

    def _show_aims(self) -> None:
        keys = sorted(self.aims, key=lambda k: (name_sort_key(self.aims[k][0]), k))
        rows = [
            (name, birth, self.titles[k[1]].short_name if k[1] in self.titles else k[1], unit)
            for k in keys
            for name, birth, unit in (self.aims[k],)
        ]
        work_keys = list(self.works)
        rows += [
            (name or f"Tập thể {self.unit.name}", birth, work_text(w.kind, w.name), unit)
            for w, name, birth, unit in self.works.values()
        ]
        self.model.set_rows(rows, [*keys, *work_keys])
        people = len({pid for pid, _ in self.aims})
        text = f"Cá nhân đăng ký: {number(people)} người, {number(len(self.aims))} danh hiệu"
        if self.works:
            text += f"; mô hình, giải pháp: {number(len(self.works))}"
        self.count_label.setText(text)

    def _put_work(self, work: WorkAim, name: str, birth: str, unit: str) -> None:
        self.works[(work.kind, fold(work.name), work.person_id)] = (work, name, birth, unit)

    def add_work(self) -> None:
        """The model or solution typed, for the unit or for each of the people chosen in the finder."""
        name = self.work_name.text().strip()
        if not name:
            self.error.setText("Hãy ghi tên mô hình, giải pháp trước khi thêm.")
            self.work_name.setFocus()
            return
        kind = self.work_kind.currentData()
        if self.work_owner.currentData():
            people = self.finder.selected()
            if not people:
                self.error.setText("Hãy chọn cán bộ thực hiện ở ô tìm (hoặc chọn “của đơn vị”).")
                return
            for r in people:
                self._put_work(WorkAim(kind, name, r.id), r.full_name, r.birth_text, r.unit_name)
        else:
            self._put_work(WorkAim(kind, name), "", "", "")
        self.work_name.clear()
        self.error.clear()
        self._show_aims()

    def add_people(self, records: Sequence[StaffRecord]) -> None:
        code = self.title_combo.currentData()
        for r in records:
            self.aims[(r.id, code)] = (r.full_name, r.birth_text, r.unit_name)
        self.error.clear()
        self._show_aims()

    def add_whole_unit(self) -> None:
        if self.directory is None:
            return
        have = {pid for pid, _ in self.aims}
        self.add_people(
            [r for r in self.directory.records if r.unit_id in self.unit.subtree_ids and r.id not in have]
        )

    def remove_selected(self) -> None:
        for index in self.view.selectionModel().selectedRows():
            key = self.model.row_id(index.row())
            self.aims.pop(key, None)
            self.works.pop(key, None)
        self._show_aims()

    def unsaved_state(self) -> frozenset:
        return frozenset(self.aims) | frozenset(self.works)  # what was entered, beside the form's own fields

    def submit(self) -> WriteOp:
        """The result is the registration's id."""
        collective = tuple(code for code, check in self.collective_checks.items() if check.isChecked())
        data = RegistrationData(
            self.year,
            self.unit.id,
            collective,
            tuple(self.aims),
            note=self.note_edit.text(),
            works=tuple(w for w, *_ in self.works.values()),
            campaign_id=self.campaign_combo.currentData(),
            registration_id=self.detail.id if self.detail is not None else None,
        )
        version = self.detail.version if self.detail is not None else None
        return self.write(save_registration, data, version, areas={Area.REGISTRATIONS})
