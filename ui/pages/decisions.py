"""Quyết định & Khen thưởng: the decisions of a year and their lists, the dialogs that issue a decision,
send the rest up with a Tờ trình and record what comes back, and the search over every award.

Everything is read in the background (app.services.awards: Core selects into plain tuples) and shown
through plain table models; the search is capped at a few thousand rows on screen and says how many
matched in all, while its export to .xlsx writes every match. Double-click or Enter on an award opens
the person's or the unit's record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.permissions import Permission
from app.domain.units import UnitChoice
from app.exchange.award_export import DECISION_KEYS, SEARCH_KEYS, export_awards_xlsx
from app.exchange.lists import decision_list_xlsx
from app.services.awards import (
    SEARCH_LIMIT,
    AwardHit,
    AwardQuery,
    AwardSearchResult,
    DecisionDetail,
    DecisionSummary,
    decision_detail,
    decision_years,
    list_decisions,
    nomination_ids,
    nomination_years,
    search_awards,
)
from app.services.catalogue import AwardTypeInfo, list_award_types
from app.services.context import ServiceContext
from app.services.decisions import HigherOutcome, forward_to_higher, issue_decision, record_higher_outcome
from app.services.documents import render_document
from app.services.incoming import LinkTarget, decision_label
from app.services.records import unit_choices
from app.text import clean
from database.enums import NominationStatus
from ui.format import date, money, number
from ui.jobs import DetailLoader, Loader
from ui.models.award_table import AwardTableModel
from ui.models.text_rows import TextRowsModel
from ui.pages.base import LoadedPage
from ui.pages.incoming_related import RelatedIncoming
from ui.permissions import allow
from ui.widgets.actions import open_tracked, page_action
from ui.widgets.data_view import current_row, data_view, on_open
from ui.widgets.debounce import debounce
from ui.widgets.pdf_output import safe_file_name, save_pdf_and_open
from ui.widgets.record_view import text_label
from ui.widgets.unit_combo import UnitComboBox
from ui.widgets.xlsx_export import ExportAudit, XlsxExporter, ask_xlsx_path, export_list, list_export_action
from ui.widgets.year_combo import YearCombo
from ui.workspace import Area

S = NominationStatus
FIRST_YEAR, LAST_YEAR = 1945, 2100
DECISION_INCOMING = "Văn bản đến liên quan"  # the detail's tab of the incoming documents linked to it
SEARCH_DELAY_MS = 250  # typing a name asks the database once the clerk pauses
DECISION_HEADERS = [
    "Số",
    "Ngày",
    "Cơ quan ban hành",
    "Trích yếu",
    "Người ký",
    "Khen thưởng",
    "Tiền thưởng (đ)",
]
# Sample texts that size the award columns; long values elide and show in full as a tooltip.
AWARD_WIDTHS = {
    "name": "Nguyễn Thị Phương Thảo",
    "birth": "00/00/0000",
    "position": "Phó Trưởng khoa",
    "unit": "Khoa Hồi sức cấp cứu – Bệnh viện Đa khoa",
    "award": "Chiến sĩ thi đua cơ sở",
    "year": "2025",
    "decision": "0000/QĐ-UBND",
    "date": "00/00/0000",
    "issuer": "UBND tỉnh",
    "amount": "00.000.000",
    "note": "Trừ 710.000 đ đã nhận theo QĐ số 000/QĐ-SYT",
}


@dataclass(frozen=True)
class Waiting:
    """How many items of the year wait for the desk."""

    to_decide: int  # "Đạt", within the Director's power
    to_forward: int  # "Đạt", beyond it
    forwarded: int  # "Đã trình cấp trên"


@dataclass(frozen=True)
class DecisionsView:
    """What the page reads in one background trip."""

    year: int
    years: list[int]
    decisions: list[DecisionSummary]
    waiting: Waiting
    units: list[UnitChoice]
    award_types: list[AwardTypeInfo]


def load_decisions_view(ctx: ServiceContext, year: int | None) -> DecisionsView:
    decided = decision_years(ctx)
    pending = nomination_years(ctx, [S.PASSED, S.FORWARDED])
    this_year = dt.date.today().year
    years = sorted(set(decided) | set(pending) | {this_year} | ({year} - {None}), reverse=True)
    if year not in years:
        year = max([*decided, *pending], default=this_year)
    waiting = Waiting(
        len(nomination_ids(ctx, S.PASSED, year, within_director_power=True)),
        len(nomination_ids(ctx, S.PASSED, year, within_director_power=False)),
        len(nomination_ids(ctx, S.FORWARDED, year)),
    )
    return DecisionsView(
        year,
        years,
        list_decisions(ctx, year),
        waiting,
        unit_choices(ctx, include_ended=True),
        list_award_types(ctx),
    )


def _year_box(tooltip: str) -> QSpinBox:
    """A year, or "—" (no limit) at the bottom of the range."""
    box = QSpinBox()
    box.setRange(FIRST_YEAR - 1, LAST_YEAR)
    box.setSpecialValueText("—")
    box.setValue(box.minimum())
    box.setToolTip(tooltip)
    box.setFixedWidth(box.fontMetrics().horizontalAdvance("00000") + 44)
    return box


def _year_value(box: QSpinBox) -> int | None:
    return None if box.value() == box.minimum() else box.value()


def _waiting_text(year: int, w: Waiting) -> str:
    parts = []
    if w.to_decide:
        parts.append(f"{number(w.to_decide)} đề nghị “Đạt” chờ lập quyết định")
    if w.to_forward:
        parts.append(f"{number(w.to_forward)} đề nghị “Đạt” cần trình cấp trên")
    if w.forwarded:
        parts.append(f"{number(w.forwarded)} đề nghị chờ cấp trên quyết định")
    return f"Năm {year}: " + (" · ".join(parts) if parts else "không còn đề nghị nào chờ quyết định.")


class DecisionsPage(LoadedPage):
    TITLE = "Quyết định & Khen thưởng"
    ICON = "decisions"
    # Decisions and their awards; the items waiting (nominations); the award search over the history kept
    # with people and units; the award types of the filter.
    AREAS = frozenset({Area.DECISIONS, Area.NOMINATIONS, Area.STAFF, Area.UNITS, Area.CATALOGUE})

    export_finished = Signal(object)  # the path written, or the exception (tests wait for it)

    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(workspace, parent)
        self.view_data: DecisionsView | None = None
        self.detail: DecisionDetail | None = None
        self.search_result: AwardSearchResult | None = None
        self.active_dialog: QDialog | None = None
        self.last_record: QDialog | None = None
        self.unit_labels: dict[int, str] = {}
        self.shown_query = AwardQuery()  # the search whose result is on screen (the export writes it)
        self._select_after_load: int | None = None
        self._searched = False

        outer, toolbar = self.toolbar_frame()
        self.issue_action = page_action(
            self,
            toolbar,
            "Lập quyết định…",
            "Lập quyết định khen thưởng cho các đề nghị “Đạt” thuộc thẩm quyền Giám đốc Sở (Ctrl+N)",
            self.open_issue,
            "Ctrl+N",
            once=True,
        )
        self.forward_action = page_action(
            self,
            toolbar,
            "Trình cấp trên…",
            "Lập tờ trình đề nghị UBND tỉnh, Bộ Y tế … khen thưởng các đề nghị vượt thẩm quyền (Ctrl+T)",
            self.open_forward,
            "Ctrl+T",
            once=True,
        )
        self.higher_action = page_action(
            self,
            toolbar,
            "Ghi quyết định cấp trên…",
            "Ghi nhận quyết định khen thưởng của cấp trên cho các đề nghị đã trình (Ctrl+G)",
            self.open_higher,
            "Ctrl+G",
            once=True,
        )
        toolbar.addSeparator()
        self.print_action = page_action(
            self,
            toolbar,
            "In quyết định…",
            "In lại quyết định đang chọn ra tệp PDF, đúng thể thức, kèm danh sách (Ctrl+P)",
            self.print_decision,
            "Ctrl+P",
        )
        self.certificates_action = page_action(
            self,
            toolbar,
            "In giấy khen…",
            "In giấy khen cho mọi khen thưởng của quyết định đang chọn, trên giấy trắng hoặc lên phôi in sẵn",
            self.print_certificates,
        )
        self.list_action, self.list_exporter = list_export_action(
            self,
            toolbar,
            "Danh sách khen thưởng kèm theo quyết định đang chọn (số tiền, tổng cộng, bằng chữ) ra "
            "tệp Excel để in",
            self.export_decision_list,
            lambda text: self.status_label.setText(text),
            "khen thưởng",
        )
        self.record_action = page_action(
            self,
            toolbar,
            "Xem hồ sơ",
            "Hồ sơ của cá nhân, tập thể đang chọn (Enter)",
            self.open_current_record,
        )
        self.refresh_action = page_action(
            self,
            toolbar,
            "Làm mới",
            "Đọc lại quyết định và khen thưởng từ cơ sở dữ liệu (F5)",
            self.reload,
            "F5",
        )
        outer.addWidget(toolbar)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_decisions_tab(), "&Quyết định")
        self.tabs.addTab(self._build_search_tab(), "&Tra cứu khen thưởng")
        self.tabs.currentChanged.connect(self._tab_changed)
        outer.addWidget(self.tabs, 1)
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.activated.connect(self.focus_search)

        bottom = QHBoxLayout()
        self.status_label = text_label("", "muted", wrap=True, selectable=True)
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(text_label("Nhấn đúp hoặc Enter trên một khen thưởng để xem hồ sơ", "muted"))
        outer.addLayout(bottom)

        ctx = workspace.ctx
        self._loader = Loader(lambda year: load_decisions_view(ctx, year), self)
        self._loader.loaded.connect(self.show_view)
        self._loader.failed.connect(
            lambda exc: self.status_label.setText(f"Không đọc được quyết định: {exc}")
        )
        self.details = DetailLoader(lambda decision_id: decision_detail(ctx, decision_id), self)
        self.details.shown.connect(self.show_detail)
        self.details.failed.connect(
            lambda exc: self.detail_title.setText(f"Không đọc được quyết định: {exc}")
        )
        self.search_limit = SEARCH_LIMIT  # rows on screen; an export writes every match
        self._search_loader = Loader(lambda query, limit: search_awards(ctx, query, limit), self)
        self._search_loader.loaded.connect(self.show_search)
        self._search_loader.failed.connect(
            lambda exc: self.search_count.setText(f"Không tra cứu được: {exc}")
        )
        self.search_timer = debounce(self, SEARCH_DELAY_MS, self.run_search)
        allow(workspace, issue_decision, self.issue_action)  # a number from the register
        allow(workspace, forward_to_higher, self.forward_action)
        allow(workspace, record_higher_outcome, self.higher_action)
        allow(workspace, Permission.EXPORT, self.list_action, self.export_button)
        self._update_actions()

    # --- the decisions tab -------------------------------------------------------------------------
    def _build_decisions_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(8, 10, 8, 6)
        self.year_combo = YearCombo("Năm của thành tích được khen thưởng")
        self.year_combo.year_chosen.connect(self._year_chosen)
        top = QHBoxLayout()
        top.addWidget(QLabel("Năm thành tích:"))
        top.addWidget(self.year_combo)
        top.addSpacing(12)
        self.waiting_label = text_label("", "muted", wrap=True)
        top.addWidget(self.waiting_label, 1)
        layout.addLayout(top)

        self.decisions_model = TextRowsModel(
            DECISION_HEADERS, numeric=frozenset({5, 6}), centred=frozenset({1})
        )
        self.decisions_view = data_view(
            self.decisions_model,
            "decisionsTable",
            widths={
                0: "0000/QĐ-UBND",
                1: "00/00/0000",
                2: "Thủ tướng Chính phủ",
                4: "Nguyễn Mạnh Tân",
                5: "00.000",
                6: "000.000.000",
            },
            stretch=3,
        )
        self.decisions_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.decisions_view.selectionModel().currentRowChanged.connect(self._decision_changed)
        self.decisions_empty = text_label("Đang tải…", "emptyState", wrap=True)
        self.decisions_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        detail = QWidget()
        inner = QVBoxLayout(detail)
        inner.setContentsMargins(0, 6, 0, 0)
        inner.setSpacing(4)
        self.detail_title = text_label("", "sectionTitle", wrap=True, selectable=True)
        self.detail_subject = text_label("", wrap=True, selectable=True)
        self.detail_facts = text_label("", "muted", wrap=True, selectable=True)
        for label in (self.detail_title, self.detail_subject, self.detail_facts):
            inner.addWidget(label)
        self.detail_model = AwardTableModel(DECISION_KEYS, self)
        self.detail_view = data_view(
            self.detail_model,
            "decisionAwards",
            widths={n: AWARD_WIDTHS[k] for n, k in enumerate(DECISION_KEYS)},
            stretch=DECISION_KEYS.index("unit"),
            sortable=True,
        )
        on_open(self.detail_view, lambda row: self.open_award(self.detail_model.hit(row)))
        self.detail_view.selectionModel().currentRowChanged.connect(lambda *_: self._update_actions())
        # The list of awards, and beside it the incoming documents the decision answers or came as.
        awards = QWidget()
        listed = QVBoxLayout(awards)
        listed.setContentsMargins(0, 4, 0, 0)
        listed.addWidget(self.detail_view, 1)
        self.decision_incoming = RelatedIncoming(
            self,
            "decision",
            lambda text: self.status_label.setText(text),
            "Quyết định của cấp trên nhận qua sổ văn bản đến, hoặc văn bản đến mà quyết định này trả lời.",
        )
        self.detail_tabs = QTabWidget()
        self.detail_tabs.addTab(awards, "Danh sách khen thưởng")
        self.detail_tabs.addTab(self.decision_incoming, DECISION_INCOMING)
        self.decision_incoming.counted.connect(
            lambda _n: self.detail_tabs.setTabText(1, self.decision_incoming.tab_text(DECISION_INCOMING))
        )
        inner.addWidget(self.detail_tabs, 1)
        totals = QHBoxLayout()
        self.detail_counts = text_label("")
        self.detail_total = text_label("", "sectionTitle")
        totals.addWidget(self.detail_counts, 1)
        totals.addWidget(self.detail_total)
        listed.addLayout(totals)
        self.detail_words = text_label("", wrap=True, selectable=True)
        self.detail_words.setAlignment(Qt.AlignmentFlag.AlignRight)
        font = self.detail_words.font()
        font.setItalic(True)
        self.detail_words.setFont(font)
        listed.addWidget(self.detail_words)

        self.decisions_split = QSplitter(Qt.Orientation.Vertical)
        self.decisions_split.addWidget(self.decisions_view)
        self.decisions_split.addWidget(detail)
        self.decisions_split.setStretchFactor(0, 2)
        self.decisions_split.setStretchFactor(1, 3)
        self.decisions_split.setChildrenCollapsible(False)
        layout.addWidget(self.decisions_empty, 1)
        layout.addWidget(self.decisions_split, 1)
        self.decisions_split.hide()
        return tab

    # --- the search tab ----------------------------------------------------------------------------
    def _build_search_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(8, 10, 8, 6)
        first = QHBoxLayout()
        first.setSpacing(8)
        self.name_box = QLineEdit()
        self.name_box.setPlaceholderText(
            "Họ tên cá nhân hoặc tên tập thể – gõ có dấu hay không dấu đều được (Ctrl+F)"
        )
        self.name_box.setClearButtonEnabled(True)
        self.name_box.setAccessibleName("Tìm khen thưởng theo họ tên")
        self.name_box.textChanged.connect(self.search_later)
        self.name_box.returnPressed.connect(self._name_entered)
        first.addWidget(self.name_box, 1)
        first.addWidget(QLabel("Năm"))
        self.year_from = _year_box("Từ năm (—: không giới hạn)")
        first.addWidget(self.year_from)
        first.addWidget(QLabel("–"))
        self.year_to = _year_box("Đến năm (—: không giới hạn)")
        first.addWidget(self.year_to)
        self.clear_button = QPushButton("Bỏ lọc")
        self.clear_button.setToolTip("Bỏ mọi điều kiện tra cứu")
        self.clear_button.clicked.connect(self.clear_filters)
        first.addWidget(self.clear_button)
        layout.addLayout(first)

        second = QHBoxLayout()
        second.setSpacing(8)
        second.addWidget(QLabel("Đơn vị"))
        self.unit_combo = UnitComboBox("Tất cả đơn vị")
        second.addWidget(self.unit_combo, 3)
        self.sub_units_check = QCheckBox("Gồm trực thuộc")
        self.sub_units_check.setChecked(True)
        self.sub_units_check.setToolTip(
            "Tính cả khen thưởng của cán bộ và tập thể các khoa, phòng, đơn vị trực thuộc"
        )
        second.addWidget(self.sub_units_check)
        second.addSpacing(6)
        second.addWidget(QLabel("Danh hiệu, hình thức"))
        self.award_combo = QComboBox()
        self.award_combo.addItem("Tất cả", None)
        self.award_combo.setMinimumContentsLength(16)
        self.award_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.award_combo.setMaxVisibleItems(24)
        self.award_combo.setMinimumWidth(100)  # gives way on a narrow window
        second.addWidget(self.award_combo, 2)
        self.export_button = QPushButton("Xuất Excel…")
        self.export_button.setToolTip("Ghi mọi khen thưởng tìm thấy ra tệp Excel .xlsx")
        self.export_button.clicked.connect(self.choose_export_file)
        self.exporter = XlsxExporter(
            self, self.export_button, lambda text: self.status_label.setText(text), "lượt khen thưởng"
        )
        self.exporter.finished.connect(self.export_finished)
        second.addWidget(self.export_button)
        layout.addLayout(second)
        for box in (self.year_from, self.year_to):
            box.valueChanged.connect(self.search_later)
        for combo in (self.unit_combo, self.award_combo):
            combo.currentIndexChanged.connect(self.search_later)
        self.sub_units_check.toggled.connect(self.search_later)

        self.search_model = AwardTableModel(SEARCH_KEYS, self)
        # The unit comes last at a readable width and widens on a large screen; on a small one the table
        # scrolls sideways rather than squeeze it to nothing.
        self.search_view = data_view(
            self.search_model,
            "awardSearch",
            widths={n: AWARD_WIDTHS[k] for n, k in enumerate(SEARCH_KEYS)},
            sortable=True,
        )
        on_open(self.search_view, lambda row: self.open_award(self.search_model.hit(row)))
        self.search_view.selectionModel().currentRowChanged.connect(lambda *_: self._update_actions())
        layout.addWidget(self.search_view, 1)
        self.search_count = text_label("", "muted", wrap=True)
        layout.addWidget(self.search_count)
        return tab

    # --- loading -----------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        return (
            self._loader.busy
            or self.details.busy
            or self._search_loader.busy
            or self.search_timer.isActive()
            or self.decision_incoming.loading
        )

    def load_args(self) -> tuple:
        return (self.page_year(),)

    def reload(self) -> None:
        super().reload()
        if self._searched:
            self.search_later()

    def show_view(self, _args: tuple, data: DecisionsView) -> None:
        self.view_data = data
        self.year_combo.set_years(data.years, data.year)
        self.waiting_label.setText(_waiting_text(data.year, data.waiting))
        self.unit_labels = {u.id: u.label for u in data.units}
        self.unit_combo.set_units(data.units)
        self._fill_awards(data.award_types)

        current = self.current_decision()
        wanted = self._select_after_load or (current.id if current else None)
        self._select_after_load = None
        self.decisions_model.set_rows(
            [
                (
                    d.number_text or "",
                    date(d.issued_on),
                    d.issuer,
                    d.subject,
                    d.signer_name or "",
                    number(d.awards),
                    number(d.total),
                )
                for d in data.decisions
            ],
            data.decisions,
        )
        if data.decisions:
            self.decisions_empty.hide()
            self.decisions_split.show()
            ids = [d.id for d in data.decisions]
            self.decisions_view.selectRow(ids.index(wanted) if wanted in ids else 0)
        else:
            self.decisions_split.hide()
            self.decisions_empty.setText(
                f"Chưa có quyết định khen thưởng nào cho thành tích năm {data.year}.\n\n"
                "Khi các đề nghị đã được xét “Đạt”, bấm “Lập quyết định…” (Ctrl+N)."
            )
            self.decisions_empty.show()
            self.details.show(None)
        self._update_actions()

    def _fill_awards(self, types: list[AwardTypeInfo]) -> None:
        current = self.award_combo.currentData()
        self.award_combo.blockSignals(True)
        while self.award_combo.count() > 1:
            self.award_combo.removeItem(1)
        for t in types:
            self.award_combo.addItem(t.name, t.code)
            self.award_combo.setItemData(self.award_combo.count() - 1, t.name, Qt.ItemDataRole.ToolTipRole)
        self.award_combo.setCurrentIndex(max(self.award_combo.findData(current), 0) if current else 0)
        self.award_combo.blockSignals(False)

    # --- one decision ------------------------------------------------------------------------------
    def current_decision(self) -> DecisionSummary | None:
        row = current_row(self.decisions_view)
        return (
            self.decisions_model.row_id(row)
            if row is not None and row < self.decisions_model.rowCount()
            else None
        )

    def _decision_changed(self, *_args) -> None:
        decision = self.current_decision()
        if decision is not None:
            self.detail_title.setText(self._decision_title(decision))
            self.detail_subject.setText(decision.subject)
            self.detail_facts.setText("Đang đọc danh sách…")
        self.details.show(decision.id if decision is not None else None)

    @staticmethod
    def _decision_title(d: DecisionSummary) -> str:
        number_part = f"Quyết định số {d.number_text}" if d.number_text else "Quyết định (chưa có số)"
        day = f" ngày {date(d.issued_on)}" if d.issued_on else ""
        return f"{number_part}{day} – {d.issuer}"

    def show_detail(self, detail: DecisionDetail | None) -> None:
        """The chosen decision's list (DetailLoader: only the answer for the row still chosen)."""
        self.detail = detail
        if detail is None:
            for label in (
                self.detail_title,
                self.detail_subject,
                self.detail_facts,
                self.detail_counts,
                self.detail_total,
                self.detail_words,
            ):
                label.setText("")
            self.detail_model.set_hits([], {})
            self.decision_incoming.set_target(None)
            self._update_actions()
            return
        d = detail.decision
        self.decision_incoming.set_target(LinkTarget("decision", d.id, decision_label(d)), d.year)
        self.detail_title.setText(self._decision_title(d))
        self.detail_subject.setText(d.subject)
        facts = []
        if d.signer_name:
            facts.append(
                f"Người ký: {d.signer_name}" + (f" ({d.signer_title.capitalize()})" if d.signer_title else "")
            )
        facts.append(f"Cấp khen: {self.workspace.agency.wording.authority(d.level)}")
        if d.base_salary:
            facts.append(f"Mức lương cơ sở: {number(d.base_salary)} đ")
        if detail.legal_bases:
            facts.append(f"{number(len(detail.legal_bases))} căn cứ")
        self.detail_facts.setText(" · ".join(facts))
        self.detail_facts.setToolTip("\n".join(detail.legal_bases))
        self.detail_model.set_hits(detail.awards, self.unit_labels)
        who = []
        if d.individuals:
            who.append(f"{number(d.individuals)} cá nhân")
        if d.collectives:
            who.append(f"{number(d.collectives)} tập thể")
        self.detail_counts.setText(
            f"Cộng: {number(d.awards)} khen thưởng" + (f" ({', '.join(who)})" if who else "")
        )
        self.detail_total.setText(f"Tổng tiền thưởng: {money(detail.total)}")
        self.detail_words.setText(f"Bằng chữ: {detail.total_in_words}.")
        self._update_actions()

    # --- the search --------------------------------------------------------------------------------
    def _tab_changed(self, index: int) -> None:
        if index == 1 and not self._searched:
            self.run_search()
        self._update_actions()

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(1)
        self.name_box.setFocus()
        self.name_box.selectAll()

    def search_later(self, *_args) -> None:
        self.search_timer.start()

    def query(self) -> AwardQuery:
        unit = self.unit_combo.current_unit()
        units = None
        if unit is not None:
            units = unit.subtree_ids if self.sub_units_check.isChecked() else frozenset({unit.id})
        code = self.award_combo.currentData()
        return AwardQuery(
            name=self.name_box.text(),
            unit_ids=units,
            year_from=_year_value(self.year_from),
            year_to=_year_value(self.year_to),
            award_codes=frozenset({code}) if code else None,
        )

    def run_search(self) -> None:
        self.search_timer.stop()
        self._searched = True
        self.search_count.setText("Đang tra cứu…")
        self._search_loader.request(self.query(), self.search_limit)

    def show_search(self, args: tuple, result: AwardSearchResult) -> None:
        self.shown_query = args[0]
        self.search_result = result
        self.search_model.set_hits(result.hits, self.unit_labels)
        if not result.total:
            text = "Không tìm thấy khen thưởng nào."
        elif result.capped:
            text = (
                f"Tìm thấy {number(result.total)} lượt khen thưởng; hiển thị {number(len(result.hits))} lượt "
                "mới nhất – hãy lọc thêm theo tên, đơn vị, năm hoặc danh hiệu. “Xuất Excel…” ghi đủ mọi lượt."
            )
        else:
            text = f"Tìm thấy {number(result.total)} lượt khen thưởng."
        self.search_count.setText(text)
        self.export_button.setEnabled(bool(result.total) and not self.exporter.running)
        self._update_actions()

    def _name_entered(self) -> None:
        self.run_search()
        self.search_view.setFocus()

    def clear_filters(self) -> None:
        widgets = (
            self.name_box,
            self.unit_combo,
            self.award_combo,
            self.year_from,
            self.year_to,
            self.sub_units_check,
        )
        for w in widgets:
            w.blockSignals(True)
        self.name_box.clear()
        self.unit_combo.setCurrentIndex(0)
        self.award_combo.setCurrentIndex(0)
        self.year_from.setValue(self.year_from.minimum())
        self.year_to.setValue(self.year_to.minimum())
        self.sub_units_check.setChecked(True)
        for w in widgets:
            w.blockSignals(False)
        self.run_search()

    # --- records -----------------------------------------------------------------------------------
    def current_award(self) -> AwardHit | None:
        view, model = (
            (self.search_view, self.search_model)
            if self.tabs.currentIndex() == 1
            else (self.detail_view, self.detail_model)
        )
        row = current_row(view)
        return model.hit(row) if row is not None and row < model.rowCount() else None

    def open_current_record(self) -> None:
        award = self.current_award()
        if award is not None:
            self.open_award(award)

    def open_award(self, award: AwardHit):
        """The person's record for an individual award, the unit's for a collective one."""
        if award.person_id is not None:
            from ui.dialogs.person_record import open_person_record

            dialog = open_person_record(self.workspace, award.person_id, self.window())
        else:
            from ui.dialogs.unit_record import open_unit_record

            dialog = open_unit_record(self.workspace, award.collective_id, self.window())
        self.last_record = dialog  # the window owns it (and deletes it on close); kept for a look in tests
        return dialog

    def _update_actions(self) -> None:
        waiting = self.view_data.waiting if self.view_data else None
        self.issue_action.setEnabled(self.view_data is not None)
        self.forward_action.setEnabled(self.view_data is not None)
        self.higher_action.setEnabled(self.view_data is not None)
        if waiting is not None:
            # Always available (another year may have work), but the button says where work waits.
            self.issue_action.setText(
                f"Lập quyết định… ({number(waiting.to_decide)})" if waiting.to_decide else "Lập quyết định…"
            )
            self.forward_action.setText(
                f"Trình cấp trên… ({number(waiting.to_forward)})" if waiting.to_forward else "Trình cấp trên…"
            )
            self.higher_action.setText(
                f"Ghi quyết định cấp trên… ({number(waiting.forwarded)})"
                if waiting.forwarded
                else "Ghi quyết định cấp trên…"
            )
        self.record_action.setEnabled(self.current_award() is not None)
        decision = self.current_decision()
        self.print_action.setEnabled(decision is not None and decision.document_id is not None)
        self.certificates_action.setEnabled(decision is not None and decision.own and decision.awards > 0)
        self.list_action.setEnabled(
            self.detail is not None and bool(self.detail.awards) and not self.list_exporter.running
        )

    def print_decision(self):
        """The selected decision as the register keeps it, to a PDF the clerk saves and opens."""
        decision = self.current_decision()
        if decision is None or decision.document_id is None:
            return None
        ctx, document_id = self.workspace.ctx, decision.document_id
        name = f"Quyết định {decision.number_text or ''}".replace("/", "-")
        return save_pdf_and_open(self, name, lambda path: render_document(ctx, document_id, path))

    def print_certificates(self) -> QDialog | None:
        """The Giấy khen of the selected decision of the Director, on plain paper or onto blanks."""
        from ui.dialogs.certificate_print import CertificatePrintDialog

        decision = self.current_decision()
        if decision is None or not decision.own:
            return None
        return open_tracked(self, CertificatePrintDialog(self.workspace, decision, self))

    def export_decision_list(self):
        """The selected decision's list of awardees, laid out to print, to an .xlsx file that then opens."""
        detail, agency, labels = self.detail, self.workspace.agency, dict(self.unit_labels)
        if detail is None or not detail.awards:
            return None
        name = safe_file_name(f"Danh sách khen thưởng {detail.decision.number_text or ''}".strip())
        return export_list(
            self.list_exporter,
            "Xuất danh sách kèm theo quyết định ra Excel",
            name,
            len(detail.awards),
            lambda path: decision_list_xlsx(path, detail, agency, labels),
            ExportAudit(
                self.workspace.ctx,
                f"danh sách kèm Quyết định số {detail.decision.number_text or '(chưa có số)'}",
                len(detail.awards),
            ),
        )

    # --- dialogs -----------------------------------------------------------------------------------
    def _open_dialog(self, dialog: QDialog, done) -> QDialog:
        """Window-modal, not blocking: on OK, say what was done (the write has already told the pages
        showing what it changed to read again)."""
        return open_tracked(
            self, dialog, lambda _dialog: self.status_label.setText(done(dialog.result_value))
        )

    def open_issue(self) -> QDialog:
        from ui.dialogs.decision_issue import Issued, IssueDecisionDialog

        dialog = IssueDecisionDialog(self.workspace, self.year_combo.year(), self)

        def done(issued: Issued) -> str:
            decision = issued.decision
            self._select_after_load = decision.decision_id
            if issued.year is not None and issued.year != self.year_combo.year():
                self._loader.request(issued.year)  # the decision's year, where it is listed
            return (
                f"Đã ban hành Quyết định số {decision.number_text}: {number(decision.awards)} khen thưởng, "
                f"tổng tiền thưởng {money(decision.total)}."
            )

        return self._open_dialog(dialog, done)

    def open_forward(self) -> QDialog:
        from ui.dialogs.decision_forward import ForwardDialog, Forwarded

        def done(f: Forwarded) -> str:
            return (
                f"Đã lập Tờ trình số {f.number_text} trình {f.body} khen thưởng {number(f.items)} đề nghị; "
                "các đề nghị chuyển sang “Đã trình cấp trên”."
            )

        return self._open_dialog(ForwardDialog(self.workspace, self.year_combo.year(), self), done)

    def open_higher(self) -> QDialog:
        from ui.dialogs.decision_higher import HigherDecisionDialog

        dialog = HigherDecisionDialog(self.workspace, self.year_combo.year(), self)

        def done(result: HigherOutcome) -> str:
            parts = []
            if result.decision is not None:
                self._select_after_load = result.decision.decision_id
                parts.append(
                    f"Đã ghi Quyết định số {result.decision.number_text}: "
                    f"{number(result.decision.awards)} khen thưởng"
                )
            if result.failed:
                parts.append(f"{number(result.failed)} đề nghị ghi “Không đạt”")
            return "; ".join(parts) + "."

        return self._open_dialog(dialog, done)

    # --- export ------------------------------------------------------------------------------------
    def choose_export_file(self) -> None:
        if self.search_result is None or self.exporter.running:
            return
        path = ask_xlsx_path(self, "Xuất kết quả tra cứu khen thưởng ra Excel", "Tra cứu khen thưởng")
        if path is not None:
            self.export_to(path)

    def export_title(self) -> str:
        q = self.shown_query
        parts = ["KẾT QUẢ TRA CỨU KHEN THƯỞNG"]
        if clean(q.name):
            parts.append(f"tên có “{clean(q.name)}”")
        unit = self.unit_combo.current_unit()
        if unit is not None and q.unit_ids is not None:
            parts.append(unit.label + (" (gồm đơn vị trực thuộc)" if len(q.unit_ids) > 1 else ""))
        if q.year_from or q.year_to:
            parts.append(
                f"năm {q.year_from or '…'}–{q.year_to or '…'}"
                if q.year_from != q.year_to
                else f"năm {q.year_from}"
            )
        if q.award_codes:
            parts.append(self.award_combo.currentText())
        return " – ".join(parts)

    def export_to(self, path: Path):
        """Every match of the last search, in the order shown when all are on screen (off the GUI thread)."""
        result, query, ctx = self.search_result, self.shown_query, self.workspace.ctx
        shown = self.search_model.hits
        labels, title = self.search_model.unit_labels or self.unit_labels, self.export_title()

        def work(partial, progress, cancelled):
            hits = shown if not result.capped else search_awards(ctx, query, limit=None).hits
            return export_awards_xlsx(
                partial, hits, SEARCH_KEYS, labels, title=title, progress=progress, cancelled=cancelled
            )

        return self.exporter.start(path, result.total, work, ExportAudit(ctx, "kết quả tra cứu khen thưởng"))
