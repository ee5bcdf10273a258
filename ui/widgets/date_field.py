"""The one date field of the program: a line the clerk types a day into, with a calendar beside it.

Typed as the clerk writes a date: "15032010", "15/3/2010", "15/03/2010" (also with "." or "-") all give
15/03/2010, shown dd/MM/yyyy once the field is left. A day that does not exist ("31/02/1990", "32/01/2000",
"15/13/2010") is refused with a message under the field and stays as typed: it is never replaced by another
date. An optional field may be left empty ("—"); a required one may not. The calendar opens at the field's
date, or at today when it has none."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from app.errors import ValidationError

FIRST_YEAR, LAST_YEAR = 1900, 2200
FORMAT_HINT = "Gõ ngày theo dạng ngày/tháng/năm, ví dụ 15/03/2010 hoặc 15032010."
_PARTS = re.compile(r"^(\d{1,2})[/.\-\s]+(\d{1,2})[/.\-\s]+(\d{4})$")


def parse_day(text: str) -> dt.date:
    """The day the clerk typed; ValidationError (Vietnamese) when it is not a day that exists."""
    text = text.strip()
    if re.fullmatch(r"\d{8}", text):
        d, m, y = int(text[:2]), int(text[2:4]), int(text[4:])
    elif match := _PARTS.match(text):
        d, m, y = (int(x) for x in match.groups())
    else:
        raise ValidationError(f"“{text}” không phải là ngày. {FORMAT_HINT}")
    if not FIRST_YEAR <= y <= LAST_YEAR:
        raise ValidationError(f"Năm {y} không hợp lệ: năm phải từ {FIRST_YEAR} đến {LAST_YEAR}.")
    if not 1 <= m <= 12:
        raise ValidationError(f"Không có tháng {m} (ngày “{text}”): tháng chỉ từ 1 đến 12.")
    last = calendar.monthrange(y, m)[1]
    if not 1 <= d <= last:
        raise ValidationError(f"Không có ngày {d:02d}/{m:02d}/{y}: tháng {m}/{y} chỉ có {last} ngày.")
    return dt.date(y, m, d)


def day_text(day: dt.date | None) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}" if day else ""


class DateField(QWidget):
    """A typed day with a calendar button. `date()` is the last good day (None if empty or not yet good);
    `value()` reads what is typed now and raises ValidationError if it is not a day (or a required field is
    empty). `dateChanged(day)` is emitted when the good day changes (typed and left, or picked)."""

    dateChanged = Signal(object)

    def __init__(self, day: dt.date | None = None, optional: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.optional = optional
        self._day: dt.date | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        self.line = QLineEdit()
        self.line.setPlaceholderText("— (không rõ)" if optional else "ngày/tháng/năm")
        self._typing_hint = "Gõ ngày/tháng/năm, ví dụ 15/03/2010 hoặc 15032010" + (
            "; để trống nếu không rõ" if optional else ""
        )
        self.line.setToolTip(self._typing_hint)
        self.line.setClearButtonEnabled(optional)
        self.line.setMinimumWidth(
            self.line.fontMetrics().horizontalAdvance("00/00/00000") + (40 if optional else 16)
        )
        self.line.editingFinished.connect(self.commit)
        self.line.textEdited.connect(self._edited)
        self.line.installEventFilter(self)
        row.addWidget(self.line, 1)
        self.button = QToolButton()
        self.button.setText("▾")
        self.button.setToolTip("Chọn ngày trên lịch (Alt+↓)")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.show_calendar)
        row.addWidget(self.button)
        outer.addLayout(row)
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setStyleSheet("color: #b3261e;")
        self.message.setWordWrap(True)
        self.message.hide()
        outer.addWidget(self.message)
        self.setFocusProxy(self.line)
        self.menu: QMenu | None = None
        self.calendar: QCalendarWidget | None = None
        self.setDate(day)

    def setToolTip(self, text: str) -> None:  # noqa: N802 - Qt's name
        """The form's own words about the field, then how to type a day."""
        super().setToolTip(text)
        self.line.setToolTip(f"{text}\n{self._typing_hint}" if text else self._typing_hint)

    # --- the value ----------------------------------------------------------------------------------
    def date(self) -> dt.date | None:
        return self._day

    def setDate(self, day: dt.date | QDate | None) -> None:
        if isinstance(day, QDate):
            day = dt.date(day.year(), day.month(), day.day()) if day.isValid() else None
        self.line.setText(day_text(day))
        self._show_error("")
        self._set_day(day)

    def text(self) -> str:
        return self.line.text()

    def value(self) -> dt.date | None:
        """What is typed now, checked: the day, None for an empty optional field, else ValidationError."""
        text = self.line.text().strip()
        if not text:
            if self.optional:
                return None
            raise ValidationError("Chưa nhập ngày: " + FORMAT_HINT)
        return parse_day(text)

    def error_text(self) -> str:
        return self.message.text() if not self.message.isHidden() else ""

    def commit(self) -> bool:
        """Check what is typed: a good day is shown dd/MM/yyyy; a bad one stays as typed, with the message."""
        try:
            day = self.value()
        except ValidationError as exc:
            self._show_error(str(exc))
            return False
        self._show_error("")
        if day is not None and self.line.text() != day_text(day):
            self.line.setText(day_text(day))
        self._set_day(day)
        return True

    def _set_day(self, day: dt.date | None) -> None:
        if day != self._day:
            self._day = day
            self.dateChanged.emit(day)

    def _edited(self, _text: str) -> None:
        if self.error_text():
            self._show_error("")

    def _show_error(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.line.setStyleSheet("border: 1px solid #b3261e;" if text else "")

    # --- the calendar ---------------------------------------------------------------------------------
    def show_calendar(self) -> QCalendarWidget:
        """The calendar under the field, at the field's day or today."""
        if self.menu is None:
            self.menu = QMenu(self)
            self.calendar = QCalendarWidget()
            self.calendar.setGridVisible(True)
            self.calendar.setMinimumDate(QDate(FIRST_YEAR, 1, 1))
            self.calendar.setMaximumDate(QDate(LAST_YEAR, 12, 31))
            self.calendar.clicked.connect(self._picked)
            self.calendar.activated.connect(self._picked)
            action = QWidgetAction(self.menu)
            action.setDefaultWidget(self.calendar)
            self.menu.addAction(action)
        try:
            day = self.value() or dt.date.today()
        except ValidationError:
            day = self._day or dt.date.today()
        shown = QDate(day.year, day.month, day.day)
        self.calendar.setSelectedDate(shown)
        self.calendar.setCurrentPage(day.year, day.month)
        self.menu.popup(self.line.mapToGlobal(self.line.rect().bottomLeft()))
        self.calendar.setFocus()
        return self.calendar

    def _picked(self, day: QDate) -> None:
        if self.menu is not None:
            self.menu.close()
        self.setDate(dt.date(day.year(), day.month(), day.day()))
        self.line.setFocus()

    def eventFilter(self, watched, event) -> bool:  # Alt+Down or F4 in the line opens the calendar
        if watched is self.line and event.type() == QEvent.Type.KeyPress:
            alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
            if alt_down or event.key() == Qt.Key.Key_F4:
                self.show_calendar()
                return True
        return super().eventFilter(watched, event)
