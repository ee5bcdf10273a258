""" "Ai đủ điều kiện?": for a year and a title (or all), every candidate of the province or of a unit with the
verdict, the reasons of the chosen one, a search by name, an export to Excel and "Đề nghị…" for the ticked.

EligibilityPanel is the whole screen; EligibilityDialog puts it in a window (from Đề nghị & Xét duyệt) and
the Báo cáo page shows it as a section. The verdicts are the window's (`Workspace.verdicts`,
ui/kept_verdicts.py): every title of a year judged in the background, title by title, usually before the
list is asked for (the window reads ahead once it is idle), kept until a write changes the histories. The
panel shows what is kept at once; while the window is still at work it shows a progress line and the
titles judged so far, the rest following as they are judged. A title is a part of the year's listing, a
unit its rows judged in that unit (narrowed in the background). "Làm mới" (F5) reads the histories again
whatever happened.
"""

from __future__ import annotations

from functools import partial
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.permissions import Permission
from app.rules import ALL_CODES, ELIGIBLE, HELD, NOT_YET, PENDING
from app.services.eligibility import Candidate, Histories
from app.services.eligibility_view import (
    Basics,
    VerdictListing,
    VerdictSearch,
    birth_display,
    export_listing_xlsx,
    narrowed_to_unit,
    propose_candidates,
)
from app.text import clean
from ui.format import number
from ui.guards import ActionGuard
from ui.jobs import Loader
from ui.models.eligibility_table import (
    BAD_COLOUR,
    BIRTH,
    HELD_COLOUR,
    NAME,
    OK_COLOUR,
    REASON,
    TITLE,
    UNIT,
    VERDICT,
    WAIT_COLOUR,
    EligibilityTableModel,
)
from ui.permissions import allow
from ui.widgets.data_view import current_row, data_view
from ui.widgets.detail_pane import beside_detail
from ui.widgets.screen_fit import fit_to_screen
from ui.widgets.unit_combo import UnitComboBox
from ui.widgets.xlsx_export import ExportAudit, XlsxExporter, ask_xlsx_path
from ui.widgets.year_combo import year_spin

LOADING_TEXT = "Đang nạp lịch sử khen thưởng…"
JUDGING_TEXT = "Đang xét điều kiện…"
JUDGING_REST_TEXT = "Đang xét các danh hiệu, hình thức khác…"
CHECKING_TEXT = "Đang kiểm tra dữ liệu mới ghi…"
# "Hiện: …" – the four verdicts of the Kết quả column, word for word.
SHOW_CHOICES = (
    ("Mọi kết quả", None),
    ("Đủ điều kiện", True),
    ("Chờ Hội đồng/hồ sơ", PENDING),
    ("Chưa đủ", False),
    ("Đã được khen", HELD),
)
PENDING_COLOUR = "#5b6775"
LEGEND = "✓ đã đạt · ✗ còn thiếu · ? Hội đồng hoặc cơ quan xem xét sau"


def candidate_html(c: Candidate, title_name: str) -> str:
    """The chosen candidate's conditions, one sentence a line, marked ✓ / ✗ / ?."""
    v = c.verdict
    born = birth_display(c.birth)
    who = escape(c.full_name) + (
        f" <span style='font-weight:normal'>(sinh {escape(born)})</span>" if born else ""
    )
    status = v.status
    colour = {ELIGIBLE: OK_COLOUR, PENDING: WAIT_COLOUR, HELD: HELD_COLOUR}.get(status, BAD_COLOUR).name()
    outcome = {
        ELIGIBLE: "Đủ điều kiện theo hồ sơ" + (" (còn nội dung chờ xem xét)" if v.pending else ""),
        PENDING: "Chờ Hội đồng/hồ sơ: còn điều kiện chính chưa kiểm tra được",
        HELD: v.held,
    }.get(status, "Chưa đủ điều kiện")
    html = [
        f"<h3 style='margin:0'>{who}</h3>",
        f"<p style='margin:2px 0 6px 0'>{escape(c.unit)}</p>",
        f"<p style='margin:0'><b>{escape(title_name)} năm {c.year}</b>: "
        f"<b style='color:{colour}'>{outcome}</b></p>",
    ]
    if v.law:
        html.append(f"<p style='margin:2px 0 8px 0; color:{PENDING_COLOUR}'>Xét theo: {escape(v.law)}</p>")
    for heading, lines, mark, tint in (
        ("Đã đạt", v.met, "✓", OK_COLOUR.name()),
        ("Còn thiếu", v.missing, "✗", BAD_COLOUR.name()),
        ("Chờ xem xét", v.pending, "?", PENDING_COLOUR),
    ):
        if not lines:
            continue
        html.append(
            f"<p style='margin:8px 0 2px 0'><b>{heading}</b></p><table cellspacing='0' cellpadding='1'>"
        )
        html += [
            f"<tr><td style='color:{tint}; font-weight:bold; padding-right:6px'>{mark}</td>"
            f"<td>{escape(line)}</td></tr>"
            for line in lines
        ]
        html.append("</table>")
    return "".join(html)


def buddy_label(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


class EligibilityPanel(QWidget):
    proposed = Signal(str)  # what was done, once ticked candidates became a batch

    def __init__(
        self,
        workspace,
        year: int | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.workspace = workspace
        self.basics: Basics | None = None
        self.listing: VerdictListing | None = None
        self.search: VerdictSearch | None = None
        self.names: dict[str, str] = {}  # code → full name, for the detail
        self.short_names: dict[str, str] = {}
        self._stale = False  # a write since the histories were read: judge again when shown
        self._year_given = year is not None
        self._shown_candidate: Candidate | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        controls = QHBoxLayout()
        self.year_box = year_spin(year or workspace.year)
        self.year_box.setToolTip("Năm của thành tích được xét (Alt+N)")
        self.title_combo = QComboBox()
        self.title_combo.setToolTip("Danh hiệu thi đua hoặc hình thức khen thưởng được xét (Alt+D)")
        self.title_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.title_combo.setMinimumContentsLength(20)  # the list itself is as wide as its longest name
        self.title_combo.setMinimumWidth(120)  # gives way on a narrow window
        self.title_combo.addItem("Tất cả danh hiệu, hình thức", None)
        self.unit_combo = UnitComboBox(f"{workspace.agency.wording.whole_area} (mọi đơn vị)")
        self.unit_combo.setToolTip("Đơn vị, gồm các đơn vị trực thuộc và đơn vị tiền thân (Alt+V)")
        self.show_combo = QComboBox()
        for text, value in SHOW_CHOICES:
            self.show_combo.addItem(text, value)
        self.refresh_button = QPushButton("Làm mới")
        self.refresh_button.setToolTip("Đọc lại lịch sử thi đua, khen thưởng từ cơ sở dữ liệu (F5)")
        self.refresh_button.setShortcut("F5")
        self.show_combo.setToolTip("Chỉ hiện những người, tập thể có kết quả này (Alt+H)")
        for text, widget in (
            ("&Năm:", self.year_box),
            ("&Danh hiệu:", self.title_combo),
            ("Đơn &vị:", self.unit_combo),
        ):
            controls.addWidget(buddy_label(text, widget))
            controls.addWidget(widget, 1 if widget is self.unit_combo else 0)
        controls.addWidget(self.refresh_button)
        layout.addLayout(controls)

        search_row = QHBoxLayout()
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("Tìm theo họ tên – gõ có dấu hay không dấu đều được (Ctrl+F)")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName("Tìm người được xét theo họ tên")
        search_row.addWidget(self.search_box, 2)
        search_row.addWidget(buddy_label("&Hiện:", self.show_combo))
        search_row.addWidget(self.show_combo)
        # The counts and the rule set, one above the other and wrapping: on a 1280-pixel screen they cannot
        # stand in one line beside the search box without widening the window past the screen.
        facts = QVBoxLayout()
        facts.setSpacing(0)
        self.count_label = QLabel("")
        self.count_label.setObjectName("unitCount")
        self.rule_set_label = QLabel("")  # the rule set that judged the verdicts
        self.rule_set_label.setObjectName("muted")
        self.rule_set_label.setToolTip(
            "Bộ quy định (Luật, Nghị định) áp dụng cho năm xét; chi tiết ở từng người"
        )
        for label in (self.count_label, self.rule_set_label):
            label.setWordWrap(True)
            facts.addWidget(label)
        search_row.addLayout(facts, 3)
        layout.addLayout(search_row)

        self.busy_row = QWidget()
        busy = QHBoxLayout(self.busy_row)
        busy.setContentsMargins(0, 0, 0, 0)
        self.busy_label = QLabel(LOADING_TEXT)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # no steps to count: it only says the program is working
        self.busy_bar.setMaximumWidth(220)
        self.busy_bar.setTextVisible(False)
        busy.addWidget(self.busy_label)
        busy.addWidget(self.busy_bar)
        busy.addStretch(1)
        layout.addWidget(self.busy_row)

        self.model = EligibilityTableModel(self)
        self.table = data_view(
            self.model,
            "eligibilityTable",
            stretch=REASON,
            widths={
                NAME: "☐ Nguyễn Thị Phương Thảo",
                BIRTH: "00/00/0000",
                UNIT: "Bệnh viện Đa khoa",
                TITLE: "CSTĐ cấp tỉnh",
                VERDICT: "Chờ Hội đồng/hồ sơ",
            },
        )  # the longest verdict
        self.table.setAccessibleName("Người, tập thể được xét: Space để đánh dấu người đủ điều kiện")
        splitter, self.detail = beside_detail(
            self.table, "eligibilityDetail", "Các điều kiện của người đang chọn", (820, 330), stretch=(5, 2)
        )
        layout.addWidget(splitter, 1)

        bottom = QHBoxLayout()
        self.status_label = QLabel(LEGEND)
        self.status_label.setObjectName("muted")
        self.status_label.setWordWrap(True)
        bottom.addWidget(self.status_label, 1)
        self.tick_button = QPushButton("Đánh dấu người đủ điều kiện")
        self.tick_button.setToolTip(
            "Đánh dấu mọi người, tập thể đủ điều kiện trong các dòng đang chọn, hoặc cả "
            "danh sách đang hiện nếu chưa chọn dòng nào"
        )
        self.propose_button = QPushButton("Đề nghị các người đã chọn…")
        self.propose_button.setToolTip("Tạo một hồ sơ đề nghị với những người, tập thể đã đánh dấu")
        self.export_button = QPushButton("Xuất Excel…")
        self.export_button.setToolTip("Ghi danh sách đang hiện, với đủ các lý do, ra tệp Excel .xlsx")
        for button in (self.tick_button, self.propose_button, self.export_button):
            bottom.addWidget(button)
        layout.addLayout(bottom)
        self.exporter = XlsxExporter(self, self.export_button, self.status_label.setText, "dòng")
        allow(workspace, propose_candidates, self.propose_button)
        allow(workspace, Permission.EXPORT, self.export_button)

        # The window's verdicts (ui/kept_verdicts.py); a unit's rows are narrowed here, in the background.
        self.kept = workspace.verdicts
        self.kept.basics_changed.connect(self._basics_changed)
        self.kept.progressed.connect(self._progressed)
        self.kept.confirmed.connect(self._update_busy)
        self.kept.failed.connect(
            self._kept_failed
        )  # methods, not lambdas: the window's signals outlive the panel
        self._narrow_loader = Loader(partial(narrowed_to_unit, workspace.ctx), self)
        self._narrow_loader.loaded.connect(self._narrowed)
        self._narrow_loader.failed.connect(self._kept_failed)
        self._started = False
        self._source: VerdictListing | None = None  # the year's listing the shown one is (a part of)
        self._complete = False  # the listing shown answers the question whole (every title judged)
        self._show_pending = False  # a title judged: shown at the event loop's next turn, once for many
        workspace.changed.connect(self._workspace_changed)
        self.year_box.valueChanged.connect(lambda _y: self.rejudge())
        self.title_combo.currentIndexChanged.connect(lambda _i: self.rejudge())
        self.unit_combo.currentIndexChanged.connect(lambda _i: self.rejudge())
        self.show_combo.currentIndexChanged.connect(lambda _i: self._filter_changed())
        self.search_box.textChanged.connect(lambda _t: self._show_hits())
        self.refresh_button.clicked.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_detail())
        self.tick_button.clicked.connect(self.tick_shown)
        # A batch is created: once per double-click (ui/guards.py).
        self.propose_button.clicked.connect(ActionGuard(self.propose_button, self.propose))
        self.export_button.clicked.connect(self.choose_export_file)
        self.model.ticks_changed.connect(lambda _n: self._update_buttons())
        find = QShortcut(QKeySequence("Ctrl+F"), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(lambda: (self.search_box.setFocus(), self.search_box.selectAll()))
        # Space ticks or unticks the chosen rows whichever column the keyboard is on.
        space = QShortcut(QKeySequence(Qt.Key.Key_Space), self.table)
        space.setContext(Qt.ShortcutContext.WidgetShortcut)
        space.activated.connect(self.toggle_selected)
        self._set_busy(LOADING_TEXT)
        self._update_buttons()

    # --- reading -------------------------------------------------------------------------------------
    @property
    def loaded(self) -> bool:
        return self.basics is not None

    @property
    def loading(self) -> bool:
        """Still at work on the question shown (histories, titles, a unit's rows, a write's check)."""
        return not self._complete or self._narrow_loader.busy or self._show_pending or self.kept.checking

    @property
    def histories(self) -> Histories | None:
        return self.basics.histories if self.basics else None

    def start(self) -> None:
        """Show what the window has judged already (at once), and ask for the rest."""
        if self._started:
            return
        self._started = True
        if self.kept.basics is not None:
            self._take_basics(self.kept.basics)
            self.rejudge()
        else:
            self._set_busy(LOADING_TEXT)
            self.kept.ask(self.year_box.value() if self._year_given else None, self.title_combo.currentData())

    def refresh(self) -> None:
        """ "Làm mới": read the histories again from the database, whatever the window knows of changes."""
        self._started = True
        self._complete = False
        self._set_busy(LOADING_TEXT)
        self.kept.forget()

    def _basics_changed(self, basics: Basics) -> None:
        """New histories (a write they hold, or F5): judged again, at once when shown, else when next shown."""
        if not self._started:
            return
        self._take_basics(basics)
        self._source = None
        if self.isVisible():
            self.rejudge()
        else:
            self._stale = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.rejudge()

    def _workspace_changed(self, _areas) -> None:
        QTimer.singleShot(0, self, self._update_busy)  # once the window's verdicts heard of it too

    def _kept_failed(self, exc: Exception) -> None:
        self._failed("Không xét được điều kiện", exc)

    def _failed(self, what: str, exc: Exception) -> None:
        self._complete = True
        self.busy_row.hide()
        self.status_label.setText(f"{what}: {exc}. Hãy thử lại (F5).")

    def _set_busy(self, text: str) -> None:
        self.busy_label.setText(text)
        self.busy_row.show()

    def _update_busy(self) -> None:
        """The progress line: what the window is still doing for the question shown, or nothing."""
        if self.basics is None:
            return
        kept = self.kept.year(self.year_box.value())
        if self.kept.checking:  # the list shown (judged before a write, or kept on this PC) is checked again
            self._set_busy(CHECKING_TEXT)
        elif self.kept.reading:
            self._set_busy(LOADING_TEXT)
        elif (
            not self._complete and self.title_combo.currentData() is None and kept is not None and kept.judged
        ):
            self._set_busy(f"{JUDGING_REST_TEXT} (đã xét {kept.judged}/{len(ALL_CODES)})")
        elif not self._complete or self._narrow_loader.busy:
            self._set_busy(JUDGING_TEXT)
        else:
            self.busy_row.hide()

    def _take_basics(self, basics: Basics) -> None:
        self.basics = basics
        self.names = {a.code: a.name for a in basics.awards}
        short = self.short_names = {a.code: a.short_name for a in basics.awards}
        chosen = self.title_combo.currentData()
        self.title_combo.blockSignals(True)
        while self.title_combo.count() > 1:
            self.title_combo.removeItem(1)
        for code in ALL_CODES:  # only what the rules can judge; a local form is checked by hand
            if code in short:
                self.title_combo.addItem(f"{short[code]} – {self.names[code]}", code)
                self.title_combo.setItemData(
                    self.title_combo.count() - 1, self.names[code], Qt.ItemDataRole.ToolTipRole
                )
        self.title_combo.setCurrentIndex(max(self.title_combo.findData(chosen), 0) if chosen else 0)
        view = self.title_combo.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 2 * view.frameWidth() + 24)
        self.title_combo.blockSignals(False)
        self.unit_combo.blockSignals(True)
        self.unit_combo.set_units(basics.units)
        self.unit_combo.blockSignals(False)
        if not self._year_given and basics.last_rated and basics.last_rated < self.year_box.value():
            # Early in a year nobody is rated yet: start on the last year the units sent ratings for.
            self._year_given = True
            self.year_box.blockSignals(True)
            self.year_box.setValue(basics.last_rated)
            self.year_box.blockSignals(False)

    def current_params(self) -> tuple[int, str | None, int | None]:
        return self.year_box.value(), self.title_combo.currentData(), self.unit_combo.currentData()

    def _progressed(self, year: int) -> None:
        """A title of `year` judged: shown at the event loop's next turn (one showing for several titles)."""
        if self.basics is not None and year == self.year_box.value() and not self._show_pending:
            self._show_pending = True
            QTimer.singleShot(0, self, self._show_progress)

    def _show_progress(self) -> None:
        self._show_pending = False
        if self.isVisible():
            self.rejudge()
        else:
            self._stale = True

    def rejudge(self) -> None:
        """Show the answer to the question asked (year, title, unit) from the window's verdicts, as far as
        they are judged, and ask the window for what is missing."""
        if self.basics is None:
            return
        year, code, unit_id = self.current_params()
        kept = self.kept.year(year)
        source = kept.listing(code) if kept is not None else None
        complete = source is not None and (code is not None or kept.done)
        if kept is None or not kept.done:
            self.kept.ask(year, code)
        if source is None:  # nothing of it judged yet: the list shown stays until its answer comes
            self._complete = False
            self._source = None
            self._update_busy()
            return
        if source is not self._source or (year, code, unit_id) != self._shown_params():
            self._source = source
            self._complete = complete
            if unit_id is None:
                self._show(source, self._grows(source))
            else:
                self._narrow_loader.request(source, unit_id)
        else:
            self._complete = complete
        self._update_busy()

    def _shown_params(self) -> tuple[int, str | None, int | None] | None:
        listing = self.listing
        return (listing.year, listing.code, listing.unit_id) if listing is not None else None

    def _grows(self, listing: VerdictListing) -> bool:
        """`listing` is the one shown with more titles' rows after it: the clerk's ticks and row stay."""
        shown = self.listing
        if listing.code is not None or self._shown_params() != (listing.year, None, listing.unit_id):
            return False
        n = len(shown.candidates)
        return len(listing.candidates) >= n and (
            n == 0 or listing.candidates.same_row(n - 1, shown.candidates, n - 1)
        )

    def _narrowed(self, args: tuple, listing: VerdictListing) -> None:
        source, unit_id = args
        if source is self._source and (listing.year, listing.code, unit_id) == self.current_params():
            self._show(listing, self._grows(listing))
        self._update_busy()

    def _show(self, listing: VerdictListing, extends: bool = False) -> None:
        """Show a listing; one that `extends` the shown one keeps the clerk's row, scroll and ticks."""
        row, scrolled = current_row(self.table), self.table.verticalScrollBar().value()
        self.listing = listing
        self.search = VerdictSearch(listing)
        self.search.set_filter(self.show_combo.currentData())
        self.model.set_listing(listing, self.search.find(self.search_box.text()), extends)
        self._after_hits()
        if extends and row is not None and row < self.model.rowCount():
            self.table.selectRow(row)
            self.table.verticalScrollBar().setValue(scrolled)

    # --- filtering -----------------------------------------------------------------------------------
    def _filter_changed(self) -> None:
        if self.search is not None:
            self.search.set_filter(self.show_combo.currentData())
            self._show_hits()

    def _show_hits(self) -> None:
        if self.search is None:
            return
        self.model.set_hits(self.search.find(self.search_box.text()))
        self._after_hits()

    def _after_hits(self) -> None:
        listing = self.listing
        shown = len(self.model.shown)
        text = (
            f"{number(listing.eligible_count)}/{number(len(listing.candidates))} đủ điều kiện theo hồ sơ "
            f"năm {listing.year}"
        )
        for status, word in ((PENDING, "chờ Hội đồng/hồ sơ"), (NOT_YET, "chưa đủ"), (HELD, "đã được khen")):
            count = listing.counts[status]
            if count:
                text += f", {number(count)} {word}"
        if shown != len(listing.candidates):
            text += f" · đang hiện {number(shown)}"
        self.count_label.setText(text)
        self.rule_set_label.setText("Xét theo: " + "; ".join(listing.rule_sets) if listing.rule_sets else "")
        self._shown_candidate = None
        if shown:
            self.table.selectRow(0)  # the detail follows the current row
        else:
            self._show_detail()
        self._update_buttons()

    def _show_detail(self) -> None:
        row = current_row(self.table)
        if self.listing is None or row is None or row >= self.model.rowCount():
            self._shown_candidate = None
            if self.listing is None:
                note = ""
            elif not self.listing.candidates:
                note = "Không có ai được xét với năm, danh hiệu và đơn vị đã chọn."
            elif not self.model.rowCount():
                note = "Không có ai khớp với bộ lọc và tên đang tìm."
            else:
                note = "Chọn một dòng để xem từng điều kiện: đã đạt, còn thiếu, chờ xem xét."
            self.detail.setHtml(f"<p>{note}</p>")
            return
        c = self.model.candidate(row)
        if c != self._shown_candidate:  # laying out rich text costs a few ms: not again for the same row
            self._shown_candidate = c
            self.detail.setHtml(candidate_html(c, self.names.get(c.code, c.code)))

    def selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.table.selectionModel().selectedRows()})

    # --- ticking, proposing, exporting ------------------------------------------------------------------
    def tick_shown(self) -> None:
        rows = self.selected_rows()
        if len(rows) <= 1:  # one row is just where the keyboard is: tick the whole list shown
            rows = range(self.model.rowCount())
        self.model.tick(rows)

    def toggle_selected(self) -> None:
        rows = self.selected_rows()
        if rows:  # the first row decides: ticked ones are unticked, the others ticked
            self.model.tick(rows, on=self.model.shown[rows[0]] not in self.model.ticked)

    def _update_buttons(self) -> None:
        has = bool(self.model.rowCount())
        ticked = len(self.model.ticked)
        self.tick_button.setEnabled(has)
        self.propose_button.setEnabled(ticked > 0)
        self.propose_button.setText(
            f"Đề nghị {number(ticked)} người đã chọn…" if ticked else "Đề nghị các người đã chọn…"
        )
        self.export_button.setEnabled(has and not self.exporter.running)

    def propose(self) -> QDialog | None:
        picked = self.model.ticked_candidates()
        if not picked or self.basics is None:
            return None
        from ui.dialogs.eligibility_propose import ProposeDialog
        from ui.widgets.actions import open_window_modal

        unit = self.unit_combo.current_unit()
        dialog = ProposeDialog(
            self.workspace,
            self.listing.year,
            picked,
            self.basics.units,
            unit,
            self.short_names,
            self.window(),
        )
        return open_window_modal(dialog, self._proposed)

    def _proposed(self, dialog) -> None:
        self.model.tick(range(self.model.rowCount()), on=False)
        self.model.ticked.clear()
        self._update_buttons()
        self.status_label.setText(dialog.outcome)
        self.proposed.emit(dialog.outcome)

    def export_title(self) -> str:
        listing = self.listing
        parts = [f"DANH SÁCH XÉT ĐIỀU KIỆN KHEN THƯỞNG NĂM {listing.year}"]
        if listing.code:
            parts.append(self.names.get(listing.code, listing.code))
        unit = self.unit_combo.current_unit()
        parts.append(unit.label if unit else self.workspace.agency.wording.whole_area.lower())
        if self.show_combo.currentData() is not None:
            parts.append(self.show_combo.currentText().lower())
        return clean(" – ".join(parts))

    def choose_export_file(self) -> None:
        if self.listing is None or self.exporter.running:
            return
        path = ask_xlsx_path(
            self, "Xuất danh sách xét điều kiện ra Excel", f"Xét điều kiện năm {self.listing.year}"
        )
        if path is not None:
            self.export_to(path)

    def export_to(self, path):
        listing, rows, title = self.listing, list(self.model.shown), self.export_title()

        def work(partial, progress, cancelled):
            return export_listing_xlsx(partial, listing, rows, title, progress=progress, cancelled=cancelled)

        audit = ExportAudit(self.workspace.ctx, f"danh sách xét điều kiện năm {listing.year}", len(rows))
        return self.exporter.start(path, len(rows), work, audit)

    def close_down(self) -> None:
        """The panel goes: forget its own read still running (the window's verdicts stay, for next time)."""
        self._narrow_loader.cancel()


class EligibilityDialog(QDialog):
    """The panel in its own window, opened from Đề nghị & Xét duyệt (Ctrl+E)."""

    def __init__(
        self,
        workspace,
        year: int | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Ai đủ điều kiện khen thưởng?")
        fit_to_screen(self, 1180, 700)
        layout = QVBoxLayout(self)
        self.panel = EligibilityPanel(workspace, year, self)
        layout.addWidget(self.panel, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.finished.connect(lambda _r: self.panel.close_down())
        self.panel.start()
