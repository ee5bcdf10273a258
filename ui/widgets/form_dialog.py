"""The form every dialog that saves something is built on: fields in a form layout, OK runs one
service call, a refusal is shown in red beside the buttons and the dialog stays open with what the
clerk typed. With it the field helpers that forms share (dates, optional text, hints)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import StaleRecord, UserError, ValidationError
from ui.operations import Operation, WriteOp, error_text
from ui.stale import offer_reload
from ui.widgets.date_field import DateField


def date_edit(day: dt.date | None = None, optional: bool = False) -> DateField:
    """The program's date field (ui/widgets/date_field.py): typed dd/MM/yyyy with a calendar; an optional one
    may stay blank ("—"); a required one starts on `day` or today."""
    if not optional:
        day = day or dt.date.today()
    return DateField(day, optional)


def date_value(edit: DateField) -> dt.date | None:
    """The day typed in the field; ValidationError (shown by the form) if it is not a day that exists or a
    required field is empty. The message is shown at the field too."""
    try:
        return edit.value()
    except ValidationError:
        edit.commit()
        raise


def set_date(edit: DateField, day: dt.date | None) -> None:
    edit.setDate(day)


def line(placeholder: str = "", text: str | None = None, tooltip: str = "") -> QLineEdit:
    edit = QLineEdit(text or "")
    edit.setPlaceholderText(placeholder)
    if tooltip:
        edit.setToolTip(tooltip)
    edit.setClearButtonEnabled(True)
    return edit


def optional_text(edit: QLineEdit) -> str | None:
    return edit.text().strip() or None


def add_hint(form: QFormLayout, text: str) -> QLabel:
    """A muted line under the field above it."""
    hint = QLabel(text)
    hint.setObjectName("muted")
    hint.setWordWrap(True)
    form.addRow("", hint)
    return hint


DISCARD_QUESTION = "Bỏ các thay đổi chưa lưu?"
IGNORED = "unsavedIgnored"  # a widget (and what is inside it) with this property True is not the form's data
_TOUCHES = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.Wheel,
    QEvent.Type.InputMethod,
    QEvent.Type.Drop,
}


def widget_value(widget: QWidget) -> Any:
    """What an editable widget holds, comparable; None for a widget that holds none of the form's data."""
    if isinstance(widget, QLineEdit):
        return None if widget.isReadOnly() else widget.text()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return None if widget.isReadOnly() else widget.toPlainText()
    if isinstance(widget, QComboBox):
        return (widget.currentIndex(), widget.currentText())
    if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        return widget.value()
    if isinstance(widget, QDateTimeEdit):
        return widget.dateTime().toString(Qt.DateFormat.ISODate)
    if isinstance(widget, QAbstractButton):
        return widget.isChecked() if widget.isCheckable() else None
    if isinstance(widget, QTableWidget):
        return tuple(
            (r, c, item.text(), item.checkState().value)
            for r in range(widget.rowCount())
            for c in range(widget.columnCount())
            if (item := widget.item(r, c)) is not None
        )
    if isinstance(widget, QListWidget):
        return tuple(
            (item.text(), item.checkState().value) for item in map(widget.item, range(widget.count()))
        )
    return None


class _FirstTouch(QObject):
    """Watches the application's input until the clerk first touches the form (a key, a click, the wheel):
    the form's values just before that are what "unchanged" means. Values the form fills in itself before
    (read in the background) are thus not the clerk's changes."""

    def __init__(self, form: FormDialog):
        super().__init__(form)
        self.form = form
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() in _TOUCHES and isinstance(watched, QWidget):
            form = self.form
            if shiboken6.isValid(form) and (watched is form or form.isAncestorOf(watched)):
                form.mark_unchanged()
        return False

    def stop(self) -> None:
        QApplication.instance().removeEventFilter(self)


class FormDialog(QDialog):
    """A form whose OK runs `submit()` (one service call, one transaction). A UserError is shown in
    red beside the buttons and the dialog stays open with what the clerk typed.

    Esc, "Hủy" or the window's close on a form the clerk has changed ask "Bỏ các thay đổi chưa lưu?" first;
    an unchanged form closes at once; `reject()` (the program closing the form) does not ask. What changed is found generically (`unsaved_state`: the editable
    widgets' values); a form keeping data elsewhere adds it by overriding `unsaved_state`."""

    OK_TEXT = "Lưu"

    def __init__(self, workspace, title: str, intro: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.result_value: Any = None
        self._unchanged: list[tuple[QWidget, Any]] | None = None
        self._extra_unchanged: Any = None
        self._touch: _FirstTouch | None = None
        self.setWindowTitle(title)
        self.setModal(True)
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(18, 14, 18, 12)
        self.outer.setSpacing(10)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.intro.setVisible(bool(intro))
        self.outer.addWidget(self.intro)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setHorizontalSpacing(12)
        self.form.setVerticalSpacing(8)
        self.outer.addLayout(self.form)

        self.bottom = QHBoxLayout()
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.ok_button = QPushButton(self.OK_TEXT)
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.accept)
        self.cancel_button = QPushButton("Hủy")
        self.cancel_button.clicked.connect(self._cancel)
        self.bottom.addWidget(self.error, 1)
        self.bottom.addWidget(self.ok_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.bottom.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignBottom)

    def finish_layout(self, min_width: int = 560) -> None:
        """Call at the end of a subclass's __init__: the buttons go last."""
        self.outer.addStretch(1)
        self.outer.addLayout(self.bottom)
        self.setMinimumWidth(min_width)
        for edit in self.findChildren(QLineEdit):
            edit.textEdited.connect(self.error.clear)

    def submit(self) -> WriteOp | Any:
        """Read the fields (on the GUI thread), check them, and return the write to run:
        `return self.write(update_unit, unit_id, data, areas={Area.UNITS})`. Raise UserError to refuse.
        A form that saves nothing returns its result directly."""
        raise NotImplementedError

    def write(self, fn: Callable[..., Any], *args: Any, areas: Iterable[str] = (), **kwargs: Any) -> WriteOp:
        """The write this form's OK runs: `fn(ctx, *args)` on the writer thread."""
        label = kwargs.pop("label", f"Đang {self.OK_TEXT.lower()}…")
        return WriteOp(self.workspace, self, label, fn, *args, areas=areas, **kwargs)

    def accept(self) -> None:
        if not self.ok_button.isEnabled():
            return  # the write asked for is still running
        self.error.clear()
        try:
            outcome = self.submit()
        except UserError as exc:  # the fields do not pass the checks: nothing was written
            self.error.setText(str(exc))
            return
        if not isinstance(outcome, Operation):
            self.result_value = outcome
            super().accept()
            return
        self.ok_button.setEnabled(False)
        outcome.success(self._written).failure(self._refused).run()

    def reject(self) -> None:
        # The program's own way to close; the clerk's (Esc, "Hủy", the window's close) ask first (may_close).
        if not self.ok_button.isEnabled():
            return  # the write has started: it ends (saved or refused) before the form may close
        super().reject()

    def may_close(self) -> bool:
        """The clerk asked to close: True at once if nothing was changed, else as the clerk answers."""
        if not self.ok_button.isEnabled():
            return True  # a write runs: reject() keeps the form open until it ends
        return not self.has_changes() or self.confirm_discard()

    def _cancel(self) -> None:
        if self.may_close():
            self.reject()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self._cancel()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:
        if self.isVisible() and not self.may_close():
            event.ignore()
            return
        super().closeEvent(event)  # QDialog's: reject()

    # --- changes not saved ------------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._unchanged is None and self._touch is None:
            self._touch = _FirstTouch(self)

    def done(self, result: int) -> None:
        self._stop_watching()
        super().done(result)

    def _stop_watching(self) -> None:
        if self._touch is not None:
            self._touch.stop()
            self._touch = None

    def unsaved_state(self) -> Any:
        """What the form holds beyond its editable widgets (those are compared one by one); override to add
        data kept elsewhere (e.g. a list of people entered), comparable with ==."""
        return None

    def _widgets(self) -> list[QWidget]:
        found = []
        for widget in self.findChildren(QWidget):
            w, ignored = widget, False
            while w is not None and w is not self:
                if w.property(IGNORED):
                    ignored = True
                    break
                w = w.parentWidget()
            if not ignored and w is self and widget_value(widget) is not None:
                found.append(widget)
        return found

    def mark_unchanged(self) -> None:
        """What the form holds now is "unchanged" (taken at the clerk's first touch; call after a save that
        keeps the form open)."""
        self._stop_watching()
        self._unchanged = [(w, widget_value(w)) for w in self._widgets()]
        self._extra_unchanged = self.unsaved_state()

    def has_changes(self) -> bool:
        if self._unchanged is None:
            return False  # never touched by the clerk
        if self.unsaved_state() != self._extra_unchanged:
            return True
        return any(shiboken6.isValid(w) and widget_value(w) != value for w, value in self._unchanged)

    def confirm_discard(self) -> bool:
        """Ask before the clerk's changes are thrown away; True to close without saving."""
        box = QMessageBox(QMessageBox.Icon.Question, self.windowTitle(), DISCARD_QUESTION, parent=self)
        box.setInformativeText("Các thông tin vừa nhập, sửa trên biểu mẫu này sẽ không được lưu.")
        discard = box.addButton("Bỏ thay đổi", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Tiếp tục sửa", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is discard

    def result_of(self, written: Any) -> Any:
        """The result object the caller gets (`result_value`), made from what the service returned and
        what submit() noted on the GUI thread; by default the service's own answer."""
        return written

    def _written(self, result: Any) -> None:
        self.ok_button.setEnabled(True)
        self.result_value = self.result_of(result)
        super().accept()

    def _refused(self, exc: BaseException) -> None:
        """The service refused or the database could not write: the message stays beside the buttons, the
        dialog stays open with what the clerk typed, and nothing was written. Saved over a newer change:
        the clerk may reload the record (ui.stale)."""
        self.ok_button.setEnabled(True)
        self.error.setText(error_text(exc, "Chưa lưu được"))
        if isinstance(exc, StaleRecord) and type(self).fetch_record is not FormDialog.fetch_record:
            offer_reload(self, exc)

    # --- a record saved meanwhile by another clerk (ui.stale) -----------------------------------------
    def fetch_record(self, ctx) -> Any:
        """On a worker thread: the edited record read again (a form that edits a versioned record
        overrides this and `show_record`)."""
        raise NotImplementedError

    def show_record(self, record: Any) -> None:
        """On the GUI thread: show `record` (from fetch_record) in the fields, with its version."""
        raise NotImplementedError
