"""Thống kê: the filters (years, unit, title or form, level, subject, sex, đột xuất/chuyên đề), the tables of
app.services.statistics in tabs, Qt Charts beside them, "Xuất Excel…" for the tables shown, and the yearly
report "theo các chỉ tiêu của TT 02/2023/TT-BNV" as a preset that fills the filters and writes its sheets.

Every count runs in the background (one GROUP BY, a few hundred ms for a province); a change of filter while
one runs folds into one more count after it, and only the answer to the filters on screen is shown.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.exchange.statistics_export import TT02_TABLES, export_statistics_xlsx
from app.services.statistics import (
    TT02_LABEL,
    StatChoices,
    Statistics,
    StatQuery,
    SubjectKind,
    award_statistics,
    level_labels,
    statistics_choices,
    tt02_query,
)
from database.enums import AwardCategory, Gender
from ui.format import money, number
from ui.jobs import Loader
from ui.models.stat_table import StatTableModel
from ui.widgets.data_view import data_view
from ui.widgets.stat_charts import chart_view, show_pie, show_units, show_years
from ui.widgets.unit_combo import UnitComboBox
from ui.widgets.xlsx_export import XlsxExporter, ask_xlsx_path
from ui.widgets.year_combo import year_spin

YEARS_AT_FIRST = 5
LABEL_MAX_WIDTH = 340  # pixels: a long unit or award name is cut (its tooltip has it whole)
ALL_TITLES, ALL_HONORS = "category:TITLE", "category:HONOR"


def _combo(items, tooltip: str) -> QComboBox:
    box = QComboBox()
    for text, value in items:
        box.addItem(text, value)
    box.setToolTip(tooltip)
    return box


class StatisticsPanel(QWidget):
    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.choices: StatChoices | None = None
        self.stats: Statistics | None = None
        self._tt02_year: int | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        this_year = workspace.year
        self.from_year = year_spin(this_year - YEARS_AT_FIRST + 1)
        self.from_year.setToolTip("Năm đầu của khoảng thống kê (năm của thành tích)")
        self.to_year = year_spin(this_year)
        self.to_year.setToolTip(
            "Năm cuối của khoảng thống kê; cũng là năm của báo cáo theo TT 02/2023/TT-BNV"
        )
        words = workspace.agency.wording
        self.unit_combo = UnitComboBox(f"{words.whole_area} (mọi đơn vị)")
        self.unit_combo.setToolTip("Đơn vị, gồm các đơn vị trực thuộc và đơn vị tiền thân")
        self.award_combo = _combo(
            (
                ("Mọi danh hiệu, hình thức", None),
                ("Các danh hiệu thi đua", ALL_TITLES),
                ("Các hình thức khen thưởng", ALL_HONORS),
            ),
            "Danh hiệu thi đua hoặc hình thức khen thưởng được thống kê",
        )
        self.award_combo.setMinimumContentsLength(22)
        self.award_combo.setMinimumWidth(110)  # the combo boxes give way on a narrow window
        self.level_combo = _combo(
            (("Mọi cấp", None), *((label, lv) for lv, label in level_labels(words).items())),
            "Cấp quyết định khen thưởng",
        )
        self.subject_combo = _combo(
            (("Cá nhân và tập thể", None), *((k.label, k) for k in SubjectKind)), "Đối tượng được khen thưởng"
        )
        self.gender_combo = _combo(
            (("Nam và nữ", None), *((g.label, g) for g in Gender)), "Giới tính (chỉ tính cá nhân)"
        )
        self.special_box = QCheckBox("Tính đột xuất, chuyên đề")
        self.special_box.setChecked(True)
        self.special_box.setToolTip(
            "Tính cả khen thưởng đột xuất và chuyên đề; bỏ chọn để chỉ thống kê khen thưởng "
            "công trạng, cống hiến, đối ngoại"
        )

        first = QHBoxLayout()
        for text, widget in (
            ("Từ &năm:", self.from_year),
            ("đến:", self.to_year),
            ("Đơn &vị:", self.unit_combo),
            ("&Khen thưởng:", self.award_combo),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            first.addWidget(label)
            first.addWidget(widget, 1 if widget in (self.unit_combo, self.award_combo) else 0)
        layout.addLayout(first)
        second = QHBoxLayout()
        for text, widget in (
            ("&Cấp:", self.level_combo),
            ("Đối &tượng:", self.subject_combo),
            ("&Giới tính:", self.gender_combo),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            second.addWidget(label)
            widget.setMinimumWidth(90)
            second.addWidget(widget)
        second.addWidget(self.special_box)
        second.addStretch(1)
        self.tt02_button = QPushButton("Báo cáo năm (TT 02/2023)…")
        self.tt02_button.setToolTip(
            f"Thống kê một năm (năm ở ô “đến”) cho {words.whole_area.lower()} theo các chỉ tiêu của Thông "
            "tư 02/2023/TT-BNV và ghi các biểu ra Excel (cần đối chiếu biểu mẫu)"
        )
        self.export_button = QPushButton("Xuất Excel…")
        self.export_button.setToolTip("Ghi các bảng thống kê đang hiện, kèm biểu đồ, ra tệp Excel .xlsx")
        layout.addLayout(second)  # the buttons go to the bottom row: both rows fit a 1280-pixel screen

        self.tables = QTabWidget()
        self.tables.setObjectName("statTables")
        self.models: dict[str, StatTableModel] = {}
        self.views = {}
        self.charts = QTabWidget()
        self.charts.setObjectName("statCharts")
        self.year_chart = chart_view("statYearChart", "Biểu đồ số lượt khen thưởng theo năm")
        self.unit_chart = chart_view("statUnitChart", "Biểu đồ các đơn vị có nhiều lượt khen thưởng nhất")
        self.sex_chart = chart_view("statSexChart", "Biểu đồ cá nhân được khen thưởng theo giới tính")
        self.level_chart = chart_view("statLevelChart", "Biểu đồ số lượt khen thưởng theo cấp")
        for view, text in (
            (self.year_chart, "Theo năm"),
            (self.unit_chart, "Theo đơn vị"),
            (self.sex_chart, "Giới tính"),
            (self.level_chart, "Cấp khen thưởng"),
        ):
            self.charts.addTab(view, text)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tables)
        splitter.addWidget(self.charts)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([700, 460])
        layout.addWidget(splitter, 1)

        bottom = QHBoxLayout()
        self.status_label = QLabel("")
        self.status_label.setObjectName("muted")
        self.status_label.setWordWrap(True)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # no steps to count: it only says the program is counting
        self.busy_bar.setMaximumWidth(160)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.hide()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.busy_bar)
        bottom.addWidget(self.tt02_button)
        bottom.addWidget(self.export_button)
        layout.addLayout(bottom)
        self.exporter = XlsxExporter(self, self.export_button, self.status_label.setText, "bảng")
        self.exporter.finished.connect(lambda _outcome: self._update_buttons())

        ctx = workspace.ctx
        self._choices_loader = Loader(partial(statistics_choices, ctx), self)
        self._choices_loader.loaded.connect(self._choices_loaded)
        self._choices_loader.failed.connect(lambda exc: self._failed("Không đọc được danh sách đơn vị", exc))
        self._loader = Loader(partial(award_statistics, ctx), self)  # (query): newest request wins
        self._loader.loaded.connect(self._counted)
        self._loader.failed.connect(lambda exc: self._failed("Không thống kê được", exc))
        for spin in (self.from_year, self.to_year):
            spin.valueChanged.connect(lambda _v: self.recount())
        for box in (
            self.unit_combo,
            self.award_combo,
            self.level_combo,
            self.subject_combo,
            self.gender_combo,
        ):
            box.currentIndexChanged.connect(lambda _i: self.recount())
        self.special_box.toggled.connect(lambda _on: self.recount())
        self.export_button.clicked.connect(self.choose_export_file)
        self.tt02_button.clicked.connect(self.tt02_report)
        self._update_buttons()

    # --- reading ---------------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        return self._choices_loader.busy or self._loader.busy

    def start(self) -> None:
        """The first time the section is shown: the units and the catalogue, then the first count."""
        if self.choices is None and not self._choices_loader.busy:
            self._busy("Đang đọc danh sách đơn vị…")
            self._choices_loader.request()

    def refresh(self) -> None:
        self._choices_loader.request()

    def _choices_loaded(self, _args: tuple, choices: StatChoices) -> None:
        first_time = self.choices is None
        self.choices = choices
        self.unit_combo.set_units(choices.units)
        chosen = self.award_combo.currentData()
        self.award_combo.blockSignals(True)
        while self.award_combo.count() > 3:
            self.award_combo.removeItem(3)
        for kind in choices.award_types:
            self.award_combo.addItem(kind.name, kind.code)
        self.award_combo.setCurrentIndex(max(self.award_combo.findData(chosen), 0) if chosen else 0)
        self.award_combo.blockSignals(False)
        if first_time and choices.last_year:
            # End on the working year, or on the last year that has awards when it has none yet.
            last = max(min(self.workspace.year, choices.last_year), choices.first_year)
            self._set_years(max(choices.first_year, last - YEARS_AT_FIRST + 1), last)
        self.recount()

    def _set_years(self, first: int, last: int) -> None:
        for spin, year in ((self.from_year, first), (self.to_year, last)):
            spin.blockSignals(True)
            spin.setValue(year)
            spin.blockSignals(False)

    def current_query(self) -> StatQuery:
        award = self.award_combo.currentData()
        codes = None
        if award in (ALL_TITLES, ALL_HONORS):
            category = AwardCategory.TITLE if award == ALL_TITLES else AwardCategory.HONOR
            codes = (
                frozenset(k.code for k in self.choices.award_types if k.category is category)
                if self.choices
                else frozenset()
            )
        elif award is not None:
            codes = frozenset({award})
        level = self.level_combo.currentData()
        subject = self.subject_combo.currentData()
        gender = self.gender_combo.currentData() if subject is not SubjectKind.COLLECTIVE else None
        first, last = sorted((self.from_year.value(), self.to_year.value()))
        return StatQuery(
            first,
            last,
            unit_id=self.unit_combo.currentData(),
            codes=codes,
            levels=frozenset({level}) if level is not None else None,
            subject=subject,
            gender=gender,
            include_special=self.special_box.isChecked(),
        )

    def recount(self) -> None:
        if self.choices is None:
            return
        # A sex means individuals: the sex box is off while collectives alone are counted.
        self.gender_combo.setEnabled(self.subject_combo.currentData() is not SubjectKind.COLLECTIVE)
        self.tt02_button.setText(f"Báo cáo năm {self.to_year.value()} (TT 02/2023)…")
        self._busy("Đang thống kê…")
        self._loader.request(self.current_query())

    def _busy(self, text: str) -> None:
        self.status_label.setText(text)
        self.busy_bar.show()

    def _failed(self, what: str, exc: Exception) -> None:
        self.busy_bar.hide()
        self.status_label.setText(f"{what}: {exc}")
        self._update_buttons()

    def _counted(self, _args: tuple, stats: Statistics) -> None:
        self.busy_bar.hide()
        self.stats = stats
        self._show_tables(stats)
        show_years(self.year_chart, stats)
        show_units(self.unit_chart, stats)
        show_pie(self.sex_chart, "Cá nhân được khen thưởng theo giới tính", stats.by_sex)
        show_pie(self.level_chart, "Số lượt khen thưởng theo cấp", stats.by_level)
        self.status_label.setText(
            f"{stats.describe()}: {number(stats.count)} lượt khen thưởng, tiền thưởng {money(stats.amount)}."
        )
        self._update_buttons()

    def _show_tables(self, stats: Statistics) -> None:
        if not self.models:  # the tabs are made once; later counts only refill their models
            for table in stats.tables:
                model = StatTableModel(parent=self)
                view = data_view(model, f"stat_{table.key}")
                view.setAccessibleName(table.title.capitalize())
                self.models[table.key], self.views[table.key] = model, view
                self.tables.addTab(view, table.name)
        for table in stats.tables:
            model = self.models[table.key]
            model.set_table(table)
            view = self.views[table.key]
            for col in range(model.columnCount()):
                view.resizeColumnToContents(col)
            view.setColumnWidth(0, min(view.columnWidth(0), LABEL_MAX_WIDTH))

    def _update_buttons(self) -> None:
        ready = self.stats is not None and not self.exporter.running
        self.export_button.setEnabled(ready)
        self.tt02_button.setEnabled(self.choices is not None and not self.exporter.running)

    # --- writing ---------------------------------------------------------------------------------------
    def choose_export_file(self) -> None:
        if self.stats is None:
            return
        q = self.stats.query
        years = str(q.year_from) if q.year_from == q.year_to else f"{q.year_from}-{q.year_to}"
        path = ask_xlsx_path(self, "Xuất thống kê khen thưởng ra Excel", f"Thống kê khen thưởng {years}")
        if path is not None:
            self.export(path)

    def export(self, path) -> None:
        stats, agency = self.stats, self.workspace.agency
        self.exporter.start(
            path,
            len(stats.tables),
            lambda partial, _progress, _cancelled: export_statistics_xlsx(partial, stats, agency),
        )
        self._update_buttons()

    def tt02_report(self) -> None:
        """Fill the filters for one year of the whole province, then ask where to write the yearly sheets."""
        year = self.to_year.value()
        for box in (
            self.unit_combo,
            self.award_combo,
            self.level_combo,
            self.subject_combo,
            self.gender_combo,
        ):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.special_box.blockSignals(True)
        self.special_box.setChecked(True)
        self.special_box.blockSignals(False)
        self._set_years(year, year)
        self.recount()
        path = ask_xlsx_path(
            self, f"Báo cáo thống kê thi đua, khen thưởng năm {year}", f"Báo cáo thống kê TĐKT năm {year}"
        )
        if path is not None:
            self.export_tt02(path, year)

    def export_tt02(self, path, year: int) -> None:
        ctx, agency = self.workspace.ctx, self.workspace.agency

        def work(partial, _progress, _cancelled) -> int:
            stats = award_statistics(ctx, tt02_query(year))
            return export_statistics_xlsx(
                partial,
                stats,
                agency,
                tables=TT02_TABLES,
                note=TT02_LABEL,
                title=f"BÁO CÁO THỐNG KÊ THI ĐUA, KHEN THƯỞNG NĂM {year}",
            )

        self.exporter.start(path, len(TT02_TABLES), work)
        self._update_buttons()
