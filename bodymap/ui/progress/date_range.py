"""The date-range choice above the progress charts: a preset or two dates.

Presets count back from the patient's latest visit, not from today, so "last 3 months"
shows the last three months of care even for a patient last seen a year ago.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QSignalBlocker, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

ALL = "All visits"
CUSTOM = "Custom"
PRESET_MONTHS = {"Last 3 months": 3, "Last 6 months": 6, "Last 12 months": 12}


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (the month's last day where it is shorter)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    for candidate in range(day.day, 27, -1):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    return dt.date(year, month, min(day.day, 28))


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class DateRangeBar(QWidget):
    """Emits ``rangeChanged`` when the user picks a preset or edits a date."""

    rangeChanged = Signal()  # noqa: N815 - Qt signal naming

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preset = QComboBox(self)
        self.preset.setObjectName("progressRangePreset")
        self.preset.addItems([ALL, *PRESET_MONTHS, CUSTOM])
        self.preset.setToolTip("Counted back from the latest visit")
        self.start_edit = QDateEdit(self)
        self.end_edit = QDateEdit(self)
        for edit, name in ((self.start_edit, "progressFrom"), (self.end_edit, "progressTo")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Show", self))
        layout.addWidget(self.preset)
        layout.addWidget(QLabel("from", self))
        layout.addWidget(self.start_edit)
        layout.addWidget(QLabel("to", self))
        layout.addWidget(self.end_edit)
        self._first: dt.date | None = None
        self._last: dt.date | None = None
        self.preset.currentTextChanged.connect(self._on_preset)
        self.start_edit.dateChanged.connect(self._on_date_edited)
        self.end_edit.dateChanged.connect(self._on_date_edited)
        self.setEnabled(False)

    def set_bounds(self, first: dt.date | None, last: dt.date | None) -> None:
        """The patient's first and last visit; keeps the chosen preset (without emitting)."""
        self._first, self._last = first, last
        self.setEnabled(first is not None)
        if first is not None and last is not None:
            self._apply_preset(self.preset.currentText())

    def range(self) -> tuple[dt.date | None, dt.date | None]:
        """(start, end) inclusive; None where the range is open (all visits)."""
        text = self.preset.currentText()
        if text == ALL or self._first is None:
            return None, None
        return _pydate(self.start_edit.date()), _pydate(self.end_edit.date())

    def reset(self) -> None:
        """Back to all visits, quietly (the caller redraws anyway)."""
        with QSignalBlocker(self.preset):
            self.preset.setCurrentText(ALL)

    def choose(self, preset: str) -> None:
        self.preset.setCurrentText(preset)

    def set_dates(self, start: dt.date, end: dt.date) -> None:
        """A custom range, as if typed."""
        self.start_edit.setDate(_qdate(start))
        self.end_edit.setDate(_qdate(end))

    def _apply_preset(self, text: str) -> None:
        if self._first is None or self._last is None or text == CUSTOM:
            return
        start = self._first
        if text in PRESET_MONTHS:
            start = max(self._first, months_before(self._last, PRESET_MONTHS[text]))
        with QSignalBlocker(self.start_edit), QSignalBlocker(self.end_edit):
            self.start_edit.setDate(_qdate(start))
            self.end_edit.setDate(_qdate(self._last))

    def _on_preset(self, text: str) -> None:
        self._apply_preset(text)
        self.rangeChanged.emit()

    def _on_date_edited(self) -> None:
        if self.preset.currentText() != CUSTOM:
            with QSignalBlocker(self.preset):
                self.preset.setCurrentText(CUSTOM)
        self.rangeChanged.emit()
