"""The form every dialog that saves something is built on: fields in a form layout, OK runs one
service call, a refusal is shown in red beside the buttons and the dialog stays open with what the
clerk typed. With it the field helpers that forms share (dates, optional text, hints)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError, ValidationError
from ui.operations import Operation, WriteOp, error_text
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


class FormDialog(QDialog):
    """A form whose OK runs `submit()` (one service call, one transaction). A UserError is shown in
    red beside the buttons and the dialog stays open with what the clerk typed."""

    OK_TEXT = "Lưu"

    def __init__(self, workspace, title: str, intro: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.result_value: Any = None
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
        self.cancel_button.clicked.connect(self.reject)
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
        if not self.ok_button.isEnabled():
            return  # the write has started: it ends (saved or refused) before the form may close
        super().reject()

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
        dialog stays open with what the clerk typed, and nothing was written."""
        self.ok_button.setEnabled(True)
        self.error.setText(error_text(exc, "Chưa lưu được"))
