"""Nhật ký: the audit trail for Quản trị and Lãnh đạo — who did what and when, filtered by account, days,
kind of record and action, newest first, 200 rows at a time ("Xem thêm" reads the next, older ones); the
selected row's before/after as a readable diff; "Kiểm tra nhật ký" walks the hash chain in the background
and says whether it holds or which row was tampered with; "Xuất Excel…" writes the filtered rows (itself an
audit row). Times are shown in this computer's local time.

Reads run in the background (app.services.audit_view, which refuses an account without Permission.AUDIT);
the table is a plain model over rows of text, so a page of rows costs no widgets.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QWidget,
)

from app.errors import ValidationError
from app.services.audit import ChainReport
from app.services.audit_view import (
    ACTION_LABELS,
    ENTITY_LABELS,
    PAGE_SIZE,
    AuditFilter,
    audit_actors,
    audit_entry,
    audit_page,
    chain_text,
    check_chain,
    export_audit_xlsx,
)
from app.services.audit_view import AuditPage as RowsPage
from ui.dialogs.record_history import AuditDetailPane
from ui.format import number
from ui.jobs import Loader
from ui.models.text_rows import TextRowsModel
from ui.operations import QueryOp, error_text
from ui.pages.base import Page
from ui.widgets.actions import page_action
from ui.widgets.data_view import current_row, data_view
from ui.widgets.date_field import DateField
from ui.widgets.debounce import debounce
from ui.widgets.record_view import text_label
from ui.widgets.xlsx_export import XlsxExporter, ask_xlsx_path

HEADERS = ["Thời gian", "Người thực hiện", "Thao tác", "Loại bản ghi", "Mã", "Nội dung"]
SUMMARY_COLUMN = 5
ALL = "Tất cả"
FILTER_DELAY_MS = 250


class AuditPage(Page):
    TITLE = "Nhật ký"
    ICON = "audit"

    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(workspace, parent)
        self.view_data: RowsPage | None = None  # the last page of rows read
        self.rows: list = []  # every row shown, newest first
        self.chain: ChainReport | None = None
        self.checking: QueryOp | None = None
        self._note = ""  # what was just done, said once more with the next read
        ctx = workspace.ctx

        outer, toolbar = self.toolbar_frame(
            "Ai đã làm gì, lúc nào: thay đổi dữ liệu (trước và sau), đăng nhập, xuất, nhập, in, sao lưu, "
            "khôi phục. Giờ theo đồng hồ máy tính này."
        )
        self.verify_action = page_action(
            self,
            toolbar,
            "Kiểm tra nhật ký",
            "Kiểm tra chuỗi mã băm: nhật ký có bị sửa, xóa dòng ngoài chương trình không",
            self.verify,
        )
        self.export_action = page_action(
            self,
            toolbar,
            "Xuất Excel…",
            "Xuất các dòng nhật ký đang lọc ra tệp Excel",
            self.choose_export_file,
        )
        self.exporter = XlsxExporter(
            self, self.export_action, self._exported, "dòng nhật ký", open_after=True
        )
        self.refresh_action = page_action(self, toolbar, "Làm mới", "Đọc lại nhật ký (F5)", self.reload, "F5")
        outer.addWidget(toolbar)

        self.actor_combo = QComboBox()
        self.actor_combo.setEditable(True)
        self.actor_combo.addItem(ALL, None)
        self.actor_combo.setToolTip("Tài khoản đã thực hiện; có thể gõ tên")
        self.from_field = DateField(optional=True)
        self.from_field.setToolTip("Từ ngày (theo giờ máy tính)")
        self.to_field = DateField(optional=True)
        self.to_field.setToolTip("Đến hết ngày (theo giờ máy tính)")
        self.entity_combo = QComboBox()
        self.entity_combo.addItem(ALL, None)
        for key, label in sorted(ENTITY_LABELS.items(), key=lambda kv: kv[1]):
            self.entity_combo.addItem(label, key)
        self.entity_combo.setToolTip("Loại bản ghi")
        self.action_combo = QComboBox()
        self.action_combo.addItem(ALL, None)
        for key, label in ACTION_LABELS.items():
            self.action_combo.addItem(label, key)
        for combo, letters in ((self.actor_combo, 10), (self.entity_combo, 16), (self.action_combo, 12)):
            # as wide as a usual entry, not the longest: the page fits a window 1024 pixels wide
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(letters)
        rows = (
            (("Tài khoản:", self.actor_combo), ("Từ ngày:", self.from_field), ("Đến ngày:", self.to_field)),
            (("Loại bản ghi:", self.entity_combo), ("Thao tác:", self.action_combo)),
        )
        for pairs in rows:  # on two lines
            line = QHBoxLayout()
            line.setSpacing(8)
            for caption, widget in pairs:
                label = QLabel(caption)
                label.setBuddy(widget)
                label.setFixedHeight(self.action_combo.sizeHint().height())  # level with the field's line
                line.addWidget(label, 0, Qt.AlignmentFlag.AlignTop)
                line.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop)
                line.addSpacing(10)
            line.addStretch(1)
            outer.addLayout(line)

        self.model = TextRowsModel(HEADERS, centred=frozenset({4}))
        self.view = data_view(
            self.model,
            "auditTable",
            widths={
                0: "00/00/0000 00:00:00",
                1: "nguyen-thi-hang",
                2: "Đăng nhập sai",
                3: "Quá trình công tác",
                4: "000000",
            },
            stretch=SUMMARY_COLUMN,
        )
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.detail = AuditDetailPane()
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        outer.addWidget(split, 1)

        self.more_button = QPushButton(f"Xem thêm {PAGE_SIZE} dòng cũ hơn")
        self.more_button.clicked.connect(self.load_more)
        self.more_button.setEnabled(False)
        self.status_label = text_label("Đang đọc nhật ký…", "muted", wrap=True, selectable=True)
        self.chain_label = text_label("", "muted", wrap=True, selectable=True)
        self.chain_label.hide()
        bottom = QGridLayout()
        bottom.addWidget(self.status_label, 0, 0)
        bottom.addWidget(self.more_button, 0, 1, Qt.AlignmentFlag.AlignRight)
        bottom.addWidget(self.chain_label, 1, 0, 1, 2)
        bottom.setColumnStretch(0, 1)
        outer.addLayout(bottom)

        self._loader = Loader(audit_page, self)  # (ctx, filter, after_id)
        self._loader.loaded.connect(self._page_read)
        self._loader.failed.connect(lambda exc: self.status_label.setText(error_text(exc)))
        self._detail = Loader(audit_entry, self)  # (ctx, id)
        self._detail.loaded.connect(lambda _args, detail: self.detail.show_detail(detail))
        self._detail.failed.connect(lambda exc: self.detail.setPlainText(error_text(exc)))
        self._actors = Loader(audit_actors, self)
        self._actors.loaded.connect(self._actors_read)
        self.filter_timer = debounce(self, FILTER_DELAY_MS, self.reload)
        for combo in (self.entity_combo, self.action_combo):
            combo.currentIndexChanged.connect(lambda _i: self.filter_timer.start())
        self.actor_combo.currentTextChanged.connect(lambda _t: self.filter_timer.start())
        for field in (self.from_field, self.to_field):
            field.dateChanged.connect(lambda _d: self.filter_timer.start())
        self._actors.request(ctx)

    # --- reading ----------------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        return self._loader.busy or self.filter_timer.isActive() or self._detail.busy

    def activated(self) -> None:
        if self.view_data is None and not self._loader.busy:
            self.reload()

    def refresh(self) -> None:
        self.reload()

    def current_filter(self) -> AuditFilter:
        """What the filters say now; a day typed wrong is left out (its field shows why)."""
        text = self.actor_combo.currentText().strip()
        actor = None if text in ("", ALL) else text
        return AuditFilter(
            actor=actor,
            day_from=self.from_field.date(),
            day_to=self.to_field.date(),
            entity=self.entity_combo.currentData(),
            action=self.action_combo.currentData(),
        )

    def reload(self, *_args) -> None:
        self.filter_timer.stop()
        self.rows = []
        self._loader.request(self.workspace.ctx, self.current_filter(), None)

    def load_more(self) -> None:
        if self.view_data is None or self.view_data.next_after is None or self._loader.busy:
            return
        self.more_button.setEnabled(False)
        self._loader.request(self.workspace.ctx, self.current_filter(), self.view_data.next_after)

    def _actors_read(self, _args: tuple, names: list[str]) -> None:
        typed = self.actor_combo.currentText()
        self.actor_combo.blockSignals(True)
        self.actor_combo.clear()
        self.actor_combo.addItem(ALL, None)
        for name in names:
            self.actor_combo.addItem(name, name)
        self.actor_combo.setEditText(typed or ALL)
        self.actor_combo.blockSignals(False)

    def _page_read(self, args: tuple, page: RowsPage) -> None:
        _ctx, _filter, after = args
        self.view_data = page
        selected = self.current_row_id()
        if after is None:
            self.rows = list(page.rows)
        else:
            self.rows += page.rows
        self.model.set_rows(
            [
                (
                    r.local_at,
                    r.actor,
                    r.action_label,
                    r.entity_label,
                    "" if r.entity_id is None else str(r.entity_id),
                    r.summary,
                )
                for r in self.rows
            ],
            [r.id for r in self.rows],
        )
        self.more_button.setEnabled(page.next_after is not None)
        more = " (còn dòng cũ hơn: bấm “Xem thêm”)" if page.next_after is not None else ""
        shown = (
            f"Đang hiện {number(len(self.rows))} dòng, mới nhất trước{more}."
            if self.rows
            else "Không có dòng nhật ký nào khớp bộ lọc."
        )
        self.status_label.setText(f"{self._note} {shown}".strip())
        self._note = ""
        ids = [r.id for r in self.rows]
        if selected in ids:
            self.view.selectRow(ids.index(selected))
        elif self.rows:
            self.view.selectRow(0)
        else:
            self.detail.show_detail(None)

    def current_row_id(self) -> int | None:
        row = current_row(self.view)
        return self.model.row_id(row) if row is not None and row < self.model.rowCount() else None

    def _row_chosen(self, *_args) -> None:
        entry_id = self.current_row_id()
        if entry_id is None:
            self.detail.show_detail(None)
            return
        self._detail.request(self.workspace.ctx, entry_id)

    # --- the chain --------------------------------------------------------------------------------------
    def verify(self) -> QueryOp | None:
        """Walk the chain in the background; the verdict stays under the table."""
        if self.checking is not None:
            return None
        self.verify_action.setEnabled(False)
        self.chain_label.setText("Đang kiểm tra nhật ký…")
        self.chain_label.setObjectName("muted")
        self.chain_label.show()
        op = QueryOp(self, "Đang kiểm tra toàn bộ nhật ký…", check_chain, self.workspace.ctx)
        self.checking = op.success(self._verified).failure(self._not_verified).run()
        return self.checking

    def _verified(self, report: ChainReport) -> None:
        self.checking = None
        self.chain = report
        self.verify_action.setEnabled(True)
        self._say_chain(chain_text(report), report.ok)

    def _not_verified(self, exc: BaseException) -> None:
        self.checking = None
        self.verify_action.setEnabled(True)
        self._say_chain(error_text(exc, "Không kiểm tra được nhật ký"), False)

    def _say_chain(self, text: str, ok: bool) -> None:
        self.chain_label.setText(("✔ " if ok else "✖ ") + text)
        self.chain_label.setObjectName("muted" if ok else "error")
        self.chain_label.style().unpolish(self.chain_label)
        self.chain_label.style().polish(self.chain_label)
        self.chain_label.show()

    # --- Excel ------------------------------------------------------------------------------------------
    def choose_export_file(self) -> None:
        if self.exporter.running:
            return
        path = ask_xlsx_path(self, "Xuất nhật ký hệ thống ra Excel", "Nhật ký hệ thống")
        if path is not None:
            self.export_to(path)

    def export_to(self, path) -> QueryOp:
        """The filtered rows (all of them, not only those shown) in the background, with progress."""
        ctx, f = self.workspace.ctx, self.current_filter()
        return self.exporter.start(
            path,
            None,
            lambda partial, progress, cancelled: _export(
                ctx, f, partial, path, progress=progress, cancelled=cancelled
            ),
        )

    def _exported(self, note: str) -> None:
        self._note = note
        self.status_label.setText(note)
        self.reload()  # the export is a row of its own (the note stays on the status line)


def _export(ctx, f: AuditFilter, partial, path, *, progress, cancelled) -> int:
    if f.day_from and f.day_to and f.day_from > f.day_to:
        raise ValidationError("“Từ ngày” sau “Đến ngày”: không có dòng nào.")
    return export_audit_xlsx(ctx, f, partial, progress=progress, cancelled=cancelled, shown_as=path)
