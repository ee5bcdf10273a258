"""Đăng ký thi đua: for a year, the units with their registration and its status, the chosen unit's collective
titles and staff with the title each aims for, its models and solutions (mô hình, giải pháp) and the campaign
it answers, entry by hand or from the unit's Excel list, status changes with reasons, how a model or solution
ended, and the year-end view of registered against achieved.

Every read runs in the background (app.services.registrations) with its arguments bound – the year's list
(Loader), the chosen unit's registration (DetailLoader), the year-end view – and fills plain table models.
Each change is one write on the writer thread from its dialog; the workspace announces it and the page
reads again.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.domain.campaigns import CampaignSummary
from app.domain.permissions import Permission
from app.domain.units import UnitChoice
from app.exchange.lists import registration_list_xlsx
from app.services.campaigns import list_campaigns
from app.services.records import unit_choices
from app.services.registrations import (
    WORK_KINDS,
    AimResult,
    RegistrationDetail,
    TitleChoice,
    UnitRegistration,
    aims_count_text,
    apply_registration_import,
    record_model_outcome,
    registered_vs_achieved,
    registration_detail,
    registration_years,
    save_registration,
    set_status,
    title_choices,
    year_registrations,
)
from database.enums import RegistrationStatus
from ui.dialogs.registration_entry import RegistrationEntryDialog
from ui.dialogs.registration_import import RegistrationImportWizard
from ui.dialogs.registration_status import RegistrationStatusDialog
from ui.dialogs.work_outcome import WorkOutcomeDialog
from ui.format import date, number
from ui.jobs import DetailLoader, Loader
from ui.models.text_rows import TextRowsModel
from ui.operations import QueryOp
from ui.pages.base import LoadedPage
from ui.permissions import allow
from ui.widgets.actions import menu_on_button, open_window_modal, page_action
from ui.widgets.data_view import current_row, data_view
from ui.widgets.pdf_output import safe_file_name
from ui.widgets.record_view import text_label
from ui.widgets.unit_combo import UnitComboBox
from ui.widgets.xlsx_export import ExportAudit, export_list, list_export_action
from ui.widgets.year_combo import YearCombo
from ui.workspace import Area

MISSING_COLOUR = QColor("#b3261e")
ACHIEVED_COLOUR = QColor("#1b7f3b")
STATUS_COLOURS = {
    RegistrationStatus.PENDING: QColor("#9aa4af"),
    RegistrationStatus.RETURNED: MISSING_COLOUR,
    RegistrationStatus.APPROVED: ACHIEVED_COLOUR,
}
ACHIEVED, MISSING = "Đạt", "Chưa đạt"


@dataclass(frozen=True)
class RegistrationYear:
    """What the page reads in one background trip."""

    year: int
    years: list[int]
    units: list[UnitRegistration]
    choices: list[UnitChoice]
    titles: list[TitleChoice]
    campaigns: list[CampaignSummary]  # those whose period touches the year: a registration may answer one


def load_registration_year(ctx, year: int | None) -> RegistrationYear:
    years = registration_years(ctx)
    if year is not None and year not in years:  # the working year, with nothing registered yet
        years = sorted({*years, year}, reverse=True)
    if year not in years:
        with_data = [y for y in years if any(u.registration_id for u in year_registrations(ctx, y))]
        year = with_data[0] if with_data else years[1] if len(years) > 1 else years[0]
    return RegistrationYear(
        year,
        years,
        year_registrations(ctx, year),
        unit_choices(ctx),
        title_choices(ctx),
        list_campaigns(ctx, year),
    )


class ColouredRowsModel(TextRowsModel):
    """Text rows whose cells in some columns take a colour by their text (or a colour given per row)."""

    def __init__(self, headers, colours: dict[int, dict[str, QColor]], **kw):
        super().__init__(headers, **kw)
        self.colours = colours

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ForegroundRole and index.column() in self.colours:
            return self.colours[index.column()].get(self.text(index.row(), index.column()))
        return super().data(index, role)


def person_rows(detail: RegistrationDetail, titles: list[TitleChoice]) -> list[tuple[str, ...]]:
    """One line a person, the titles aimed for together in short ("LĐTT, CSTĐCS"), in the detail's name order."""
    short = {t.code: t.short_name for t in titles}
    lines: dict[int, list] = {}
    for p in detail.persons:
        line = lines.setdefault(p.person_id, [p.full_name, p.birth_text, [], p.position or "", p.unit_name])
        line[2].append(short.get(p.code, p.title))
    return [
        (name, birth, ", ".join(codes), position, unit)
        for name, birth, codes, position, unit in lines.values()
    ]


def work_rows(detail: RegistrationDetail) -> list[tuple[str, ...]]:
    """The models and solutions: who undertakes it, what, and how it ended."""
    return [
        (
            w.person_name or f"Tập thể {detail.unit_name}",
            w.text,
            ACHIEVED if w.achieved else MISSING,
            w.outcome,
        )
        for w in detail.works
    ]


class RegistrationsPage(LoadedPage):
    TITLE = "Đăng ký thi đua"
    ICON = "registrations"
    # The units and their staff; the titles of the catalogue; the awards a title registered is achieved by.
    AREAS = frozenset({Area.REGISTRATIONS, Area.UNITS, Area.STAFF, Area.CATALOGUE, Area.DECISIONS})

    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(workspace, parent)
        self.view_data: RegistrationYear | None = None
        self.detail: RegistrationDetail | None = None
        self.results: list[AimResult] | None = None
        self.active_dialog: QDialog | None = None
        self._filling = False  # the list is being refilled: its selection changes are not the clerk's

        outer, toolbar = self.toolbar_frame()
        self.enter_action = page_action(
            self,
            toolbar,
            "Nhập tay…",
            "Nhập hoặc sửa bản đăng ký của đơn vị đang chọn: danh hiệu tập thể và danh sách cá nhân (Ctrl+N)",
            self.enter_by_hand,
            "Ctrl+N",
            once=True,
        )
        self._add_campaign_entry(toolbar)
        self.import_action = page_action(
            self,
            toolbar,
            "Nhập từ Excel…",
            "Nhập danh sách đăng ký đơn vị gửi (tệp Excel có cột “Danh hiệu đăng ký”) (Ctrl+I)",
            self.import_list,
            "Ctrl+I",
            once=True,
        )
        self.status_action = page_action(
            self,
            toolbar,
            "Đổi trạng thái…",
            "Đã nhận, trả lại để bổ sung (kèm lý do), đã duyệt (Ctrl+T)",
            self.change_status,
            "Ctrl+T",
        )
        self.outcome_action = page_action(
            self,
            toolbar,
            "Kết quả mô hình, giải pháp…",
            "Ghi mô hình, giải pháp đang chọn đã thực hiện (ngày kiểm tra, ghi nhận) hoặc được công nhận là "
            "sáng kiến (Ctrl+K)",
            self.record_outcome,
            "Ctrl+K",
        )
        self.list_action, self.list_exporter = list_export_action(
            self,
            toolbar,
            "Danh sách đăng ký thi đua của đơn vị đang chọn, đối chiếu kết quả đạt được, ra tệp Excel để in",
            self.export_registrations,
            lambda text: self.status_label.setText(text),
            "danh hiệu đăng ký",
        )
        toolbar.addSeparator()
        self.refresh_action = page_action(
            self, toolbar, "Làm mới", "Đọc lại từ cơ sở dữ liệu (F5)", self.reload, "F5"
        )
        outer.addWidget(toolbar)
        allow(workspace, save_registration, self.enter_action, self.campaign_entry_action)
        allow(workspace, apply_registration_import, self.import_action)
        allow(workspace, set_status, self.status_action)
        allow(workspace, record_model_outcome, self.outcome_action)
        allow(workspace, Permission.EXPORT, self.list_action)  # names and birth dates leave the office

        top = QHBoxLayout()
        top.addWidget(QLabel("Năm:"))
        self.year_combo = YearCombo("Năm đăng ký thi đua")
        self.year_combo.year_chosen.connect(self._year_chosen)
        top.addWidget(self.year_combo)
        top.addSpacing(12)
        self.summary_label = text_label("", "muted", wrap=True)
        top.addWidget(self.summary_label, 1)
        outer.addLayout(top)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_units_tab(), "Đơn vị &đăng ký")
        self.tabs.addTab(self._build_results_tab(), "Đăng ký và &kết quả")
        self.tabs.currentChanged.connect(self._tab_changed)
        outer.addWidget(self.tabs, 1)
        self.status_label = text_label("", "muted", wrap=True, selectable=True)
        outer.addWidget(self.status_label)

        ctx = workspace.ctx
        # The second argument is the unit to select once the list is in (None: keep the current one).
        self._loader = Loader(lambda year, _select: load_registration_year(ctx, year), self)
        self._loader.loaded.connect(self.show_year)
        self._loader.failed.connect(
            lambda exc: self.status_label.setText(f"Không đọc được bản đăng ký: {exc}")
        )
        self.details = DetailLoader(lambda registration_id: registration_detail(ctx, registration_id), self)
        self.details.shown.connect(self.show_detail)
        self.details.failed.connect(lambda exc: self.detail_facts.setText(f"Không đọc được: {exc}"))
        self._results_loader = Loader(lambda year: registered_vs_achieved(ctx, year), self)
        self._results_loader.loaded.connect(self.show_results)
        self._results_loader.failed.connect(lambda exc: self.results_count.setText(f"Không đọc được: {exc}"))
        self._update_actions()

    # --- building ----------------------------------------------------------------------------------------
    def _add_campaign_entry(self, toolbar: QToolBar) -> None:
        """ "Nhập tay" opens a menu too, with a unit's registration for one campaign beside its yearly one: no
        wider toolbar."""
        self.campaign_entry_action = page_action(
            self,
            None,
            "Đăng ký theo phong trào…",
            "Bản đăng ký riêng của đơn vị đang chọn cho một phong trào của năm, bên cạnh bản đăng ký thi đua "
            "năm đã có (Ctrl+Shift+N)",
            self.enter_for_campaign,
            "Ctrl+Shift+N",
        )
        menu_on_button(toolbar, self.enter_action, self.enter_action, self.campaign_entry_action)

    def _build_units_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(8, 10, 8, 6)
        status_colours = {1: {s.label: c for s, c in STATUS_COLOURS.items()}}
        self.units_model = ColouredRowsModel(
            ["Đơn vị", "Trạng thái", "Tập thể", "Cá nhân"], status_colours, numeric=frozenset({3})
        )
        self.units_view = data_view(
            self.units_model,
            "registrationUnits",
            widths={1: "Trả lại để bổ sung", 2: "TTLĐXS", 3: "0.000"},
            stretch=0,
        )
        self.units_view.selectionModel().currentRowChanged.connect(self._unit_changed)
        self.units_view.doubleClicked.connect(
            lambda _index: self.enter_by_hand() if self.enter_action.isEnabled() else None
        )

        detail = QWidget()
        inner = QVBoxLayout(detail)
        inner.setContentsMargins(8, 0, 0, 0)
        inner.setSpacing(4)
        self.detail_title = text_label("", "sectionTitle", wrap=True, selectable=True)
        self.detail_facts = text_label("", wrap=True, selectable=True)
        inner.addWidget(self.detail_title)
        inner.addWidget(self.detail_facts)
        self.people_model = TextRowsModel(
            ["Họ và tên", "Ngày sinh", "Danh hiệu đăng ký", "Chức vụ", "Khoa, phòng"], centred=frozenset({1})
        )
        self.people_view = data_view(
            self.people_model,
            "registeredStaff",
            widths={0: "Nguyễn Thị Phương Thảo", 1: "00/00/0000", 2: "LĐTT, CSTĐCS", 3: "Phó Trưởng khoa"},
            stretch=4,
        )
        inner.addWidget(self.people_view, 1)
        self.works_model = ColouredRowsModel(
            ["Thực hiện", "Mô hình, giải pháp", "Kết quả", "Ghi nhận"],
            {2: {ACHIEVED: ACHIEVED_COLOUR, MISSING: MISSING_COLOUR}},
        )
        self.works_view = data_view(
            self.works_model,
            "registeredWorks",
            widths={0: "Nguyễn Văn An", 1: "Mô hình bệnh viện xanh – sạch", 2: "Chưa đạt"},
            stretch=3,
        )
        self.works_view.selectionModel().currentRowChanged.connect(lambda *_a: self._update_actions())
        self.works_view.doubleClicked.connect(
            lambda _index: self.record_outcome() if self.outcome_action.isEnabled() else None
        )
        inner.addWidget(self.works_view, 1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.units_view)
        split.addWidget(detail)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([600, 500])  # the unit names readable beside the list of staff
        split.setChildrenCollapsible(False)
        layout.addWidget(split, 1)
        return tab

    def _build_results_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(8, 10, 8, 6)
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Đơn vị:"))
        self.results_unit = UnitComboBox("Tất cả đơn vị đăng ký")
        self.results_unit.currentIndexChanged.connect(self._fill_results)
        filters.addWidget(self.results_unit, 2)
        self.missing_check = QCheckBox("Chỉ hiện những gì chưa đạt")
        self.missing_check.toggled.connect(self._fill_results)
        filters.addWidget(self.missing_check)
        filters.addStretch(1)
        layout.addLayout(filters)
        self.results_model = ColouredRowsModel(
            [
                "Đơn vị đăng ký",
                "Cá nhân, tập thể",
                "Ngày sinh",
                "Danh hiệu, mô hình, giải pháp đăng ký",
                "Kết quả",
                "Danh hiệu khác đạt; ghi nhận",
            ],
            {4: {ACHIEVED: ACHIEVED_COLOUR, MISSING: MISSING_COLOUR}},
            centred=frozenset({2, 4}),
        )
        self.results_view = data_view(
            self.results_model,
            "registeredAchieved",
            widths={
                0: "Bệnh viện Đa khoa tỉnh Sơn Hà",
                1: "Nguyễn Thị Phương Thảo",
                2: "00/00/0000",
                3: "Chiến sĩ thi đua cơ sở",
                4: "Chưa đạt",
            },
            stretch=5,
        )
        layout.addWidget(self.results_view, 1)
        self.results_count = text_label("", "muted", wrap=True)
        layout.addWidget(self.results_count)
        return tab

    # --- loading -----------------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        return self._loader.busy or self.details.busy or self._results_loader.busy

    @property
    def year(self) -> int | None:
        """The year shown."""
        return self.view_data.year if self.view_data else None

    def load_args(self) -> tuple:
        return (self.page_year(), None)

    def _year_chosen(self, year: int) -> None:
        self.results = None
        super()._year_chosen(year)

    def show_year(self, args: tuple, data: RegistrationYear) -> None:
        self.view_data = data
        self.year_combo.set_years(data.years, data.year)
        counts = {s: sum(1 for u in data.units if u.status is s) for s in RegistrationStatus}
        people = sum(u.persons for u in data.units)
        works = sum(u.works for u in data.units)
        self.summary_label.setText(
            f"{number(len(data.units))} đơn vị; "
            + ", ".join(f"{number(n)} {s.label.lower()}" for s, n in counts.items() if n)
            + f"; {number(people)} cá nhân đăng ký"
            + (f"; {number(works)} mô hình, giải pháp." if works else ".")
        )
        current = self.current_unit()
        wanted = args[1] or (current.unit_id if current else None)
        self._filling = True
        lines_of = Counter(u.unit_id for u in data.units)
        self.units_model.set_rows(
            [
                (
                    # a unit with a campaign's registration beside its yearly one: each line says which
                    f"{u.unit_name} ({u.campaign_name or 'đăng ký năm'})"
                    if lines_of[u.unit_id] > 1
                    else u.unit_name,
                    u.status.label if u.registration_id else "Chưa nhận",
                    ", ".join(u.collective),
                    number(u.persons) if u.registration_id else "",
                )
                for u in data.units
            ],
            data.units,
        )
        ids = [u.unit_id for u in data.units]
        if ids:
            self.units_view.selectRow(ids.index(wanted) if wanted in ids else 0)
        self._filling = False
        registering = {u.unit_id for u in data.units if u.registration_id}
        self.results_unit.set_units([c for c in data.choices if c.id in registering])
        self._show_unit(self.current_unit())
        self.results = None  # read again when shown: a change may have come with this read
        if self.tabs.currentIndex() == 1:
            self._results_loader.request(data.year)
        self._update_actions()

    def current_unit(self) -> UnitRegistration | None:
        row = current_row(self.units_view)
        return self.units_model.row_id(row) if row is not None and row < self.units_model.rowCount() else None

    def _unit_changed(self, *_args) -> None:
        if not self._filling:
            self._show_unit(self.current_unit())

    def _show_unit(self, unit: UnitRegistration | None) -> None:
        """The unit chosen: its registration read in the background; the same one read again after a change."""
        key = unit.registration_id if unit else None
        if key is not None and key == self.details.key:
            self.details.refresh()  # what it holds may have changed; it stays on screen meanwhile
            return
        self.details.show(None)
        if unit is None:
            self.detail_title.setText("")
            self.detail_facts.setText("")
        elif key is None:
            self.detail_title.setText(unit.unit_name)
            self.detail_facts.setText(
                f"Chưa nhận bản đăng ký thi đua năm {self.year}. Bấm “Nhập từ Excel…” để nhập "
                "danh sách đơn vị gửi, hoặc “Nhập tay…”."
            )
        else:
            self.detail_title.setText(unit.unit_name)
            self.detail_facts.setText("Đang đọc bản đăng ký…")
            self.details.show(key)
        self._update_actions()

    def show_detail(self, detail: RegistrationDetail | None) -> None:
        self.detail = detail
        if detail is None:
            self.people_model.set_rows([])
            self.works_model.set_rows([])
            self._update_actions()
            return
        titles = {t.code: t.name for t in self.view_data.titles} if self.view_data else {}
        lines = [
            f"<b>Trạng thái:</b> {detail.status.label}"
            + (f" — nhận ngày {date(detail.received_on)}" if detail.received_on else "")
        ]
        if detail.status_reason:
            lines.append(f"<b>Lý do:</b> {detail.status_reason}")
        if detail.campaign_name:
            lines.append(f"<b>Phong trào:</b> {detail.campaign_name}")
        collective = ", ".join(titles.get(c, c) for c in detail.collective_codes) or "không đăng ký"
        lines.append(f"<b>Danh hiệu tập thể:</b> {collective}")
        lines.append(f"<b>Cá nhân đăng ký:</b> {number(len({p.person_id for p in detail.persons}))} người")
        if detail.works:
            done = sum(w.achieved for w in detail.works)
            lines.append(
                f"<b>Mô hình, giải pháp:</b> {number(len(detail.works))}, đã thực hiện {number(done)}"
            )
        if detail.note:
            lines.append(f"<b>Ghi chú:</b> {detail.note}")
        self.detail_facts.setText("<br>".join(lines))
        self.people_model.set_rows(person_rows(detail, self.view_data.titles if self.view_data else []))
        self.works_model.set_rows(work_rows(detail), list(detail.works))
        self.works_view.setVisible(bool(detail.works))
        self._update_actions()

    # --- registered against achieved -------------------------------------------------------------------------
    def _tab_changed(self, index: int) -> None:
        if index == 1 and self.results is None and self.year is not None:
            self.results_count.setText("Đang đối chiếu với khen thưởng của năm…")
            self._results_loader.request(self.year)

    def show_results(self, args: tuple, results: list[AimResult]) -> None:
        if args != (self.year,):
            return  # asked for a year no longer shown
        self.results = results
        self._fill_results()

    def _fill_results(self) -> None:
        if self.results is None:
            return
        unit = self.results_unit.current_unit()
        shown = [
            r
            for r in self.results
            if (unit is None or r.unit_id == unit.id) and not (self.missing_check.isChecked() and r.achieved)
        ]
        self.results_model.set_rows(
            [
                (
                    r.unit_name,
                    r.name if r.person_id else f"Tập thể {r.name}",
                    r.birth_text,
                    r.aim_text,
                    ACHIEVED if r.achieved else MISSING,
                    r.remark,
                )
                for r in shown
            ],
            shown,
        )
        chosen = [r for r in self.results if unit is None or r.unit_id == unit.id]
        achieved = sum(r.achieved for r in chosen)
        works = any(r.kind in WORK_KINDS for r in chosen)
        self.results_count.setText(
            f"Năm {self.year}: {aims_count_text(chosen)}, {number(achieved)} đạt, "
            f"{number(len(chosen) - achieved)} chưa đạt (đạt: có khen thưởng đúng danh hiệu đó trong năm"
            + ("; mô hình, giải pháp đã ghi thực hiện hoặc được công nhận sáng kiến" if works else "")
            + ")."
            if chosen
            else f"Năm {self.year} chưa có bản đăng ký thi đua nào."
        )

    # --- actions -----------------------------------------------------------------------------------------
    def _update_actions(self) -> None:
        unit = self.current_unit()
        self.enter_action.setEnabled(unit is not None and self.view_data is not None)
        self.campaign_entry_action.setEnabled(
            unit is not None and self.view_data is not None and bool(self.view_data.campaigns)
        )
        self.import_action.setEnabled(self.view_data is not None)
        self.status_action.setEnabled(self.detail is not None)
        self.outcome_action.setEnabled(self.current_work() is not None)
        self.list_action.setEnabled(
            unit is not None and unit.registration_id is not None and not self.list_exporter.running
        )

    def export_registrations(self) -> QueryOp | None:
        """The selected unit's registration for the year against what it achieved, laid out to print."""
        unit, year, ctx, agency = self.current_unit(), self.year, self.workspace.ctx, self.workspace.agency
        if unit is None or unit.registration_id is None or year is None:
            return None
        return export_list(
            self.list_exporter,
            "Xuất danh sách đăng ký thi đua ra Excel",
            safe_file_name(f"Đăng ký thi đua {year} {unit.unit_name}"),
            unit.persons + len(unit.collective) + unit.works,
            lambda path: registration_list_xlsx(
                path, registered_vs_achieved(ctx, year, unit.unit_id), agency, year, unit.unit_name
            ),
            ExportAudit(ctx, f"danh sách đăng ký thi đua năm {year} của {unit.unit_name}", unit.persons),
        )

    def _choice(self, unit_id: int) -> UnitChoice | None:
        return next((c for c in self.view_data.choices if c.id == unit_id), None) if self.view_data else None

    def enter_by_hand(self) -> QDialog | None:
        unit = self.current_unit()
        choice = self._choice(unit.unit_id) if unit else None
        if choice is None:
            return None
        if unit.registration_id is not None and (
            self.detail is None or self.detail.id != unit.registration_id
        ):
            self.status_label.setText("Đang đọc bản đăng ký, hãy thử lại sau giây lát.")
            return None
        year = self.year
        dialog = RegistrationEntryDialog(
            self.workspace,
            year,
            choice,
            self.view_data.titles,
            self.detail if unit.registration_id else None,
            self,
            self.view_data.campaigns,
        )
        return self._open(dialog, lambda _d: f"Đã lưu bản đăng ký thi đua năm {year} của {choice.name}.")

    def enter_for_campaign(self) -> QDialog | None:
        """A new registration of the chosen unit for a campaign of the year it has none for yet (its yearly
        registration, and those for other campaigns, stay as they are)."""
        unit = self.current_unit()
        choice = self._choice(unit.unit_id) if unit else None
        if choice is None or not self.campaign_entry_action.isEnabled():
            return None
        held = {
            u.campaign_id for u in self.view_data.units if u.unit_id == unit.unit_id and u.registration_id
        }
        campaigns = [c for c in self.view_data.campaigns if c.id not in held]
        year = self.year
        if not campaigns:
            self.status_label.setText(
                f"{choice.name} đã có bản đăng ký cho mọi phong trào của năm {year}; chọn dòng của bản đăng ký "
                "để sửa."
            )
            return None
        dialog = RegistrationEntryDialog(
            self.workspace, year, choice, self.view_data.titles, None, self, campaigns, for_campaign=True
        )
        return self._open(
            dialog,
            lambda d: (
                f"Đã lưu bản đăng ký theo phong trào “{d.campaign_combo.currentText()}” của {choice.name}."
            ),
        )

    def import_list(self, path: str | Path | None = None) -> RegistrationImportWizard | None:
        """The wizard over the chosen unit and year (asking for the file first when none is given)."""
        if self.view_data is None:
            return None
        unit = self.current_unit()
        wizard = RegistrationImportWizard(
            self.workspace, self, path, year=self.year, unit_id=unit.unit_id if unit else None
        )
        if path is None:
            wizard.choose_file()
            if wizard.path is None:
                wizard.deleteLater()
                return None
        wizard.imported.connect(
            lambda result: self._after(
                f"Đã nhập danh sách đăng ký: {number(result.persons)} cá nhân.", result.year, result.unit_id
            )
        )
        return self._open(wizard)

    def current_work(self):
        """The model or solution chosen in the registration shown (RegisteredWork), or None."""
        if self.detail is None or not self.detail.works:
            return None
        row = current_row(self.works_view)
        return self.works_model.row_id(row) if row is not None and row < self.works_model.rowCount() else None

    def record_outcome(self) -> QDialog | None:
        work, detail = self.current_work(), self.detail
        if work is None or detail is None:
            return None
        dialog = WorkOutcomeDialog(self.workspace, detail, work, self)
        return self._open(dialog, lambda _d: f"Đã ghi kết quả: {work.text}.")

    def change_status(self) -> QDialog | None:
        if self.detail is None:
            return None
        name = self.detail.unit_name
        dialog = RegistrationStatusDialog(self.workspace, self.detail, self)
        return self._open(dialog, lambda d: f"Bản đăng ký của {name}: “{d.chosen.status.label}”.")

    def _open(self, dialog: QDialog, message=None) -> QDialog:
        self.active_dialog = dialog
        unit, year = self.current_unit(), self.year
        unit_id = unit.unit_id if unit else None
        accepted = (lambda d: self._after(message(d), year, unit_id)) if message else None
        return open_window_modal(dialog, accepted)

    def _after(self, message: str, year: int | None, unit_id: int | None) -> None:
        """After a change (the workspace has announced it): say what was done and keep the unit selected."""
        self.status_label.setText(message)
        self._loader.request(year, unit_id)
