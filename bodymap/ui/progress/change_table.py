"""The change-since-baseline table beside the charts: one row per measure or point reading.

The cell texts come from small plain functions, so their wording is tested directly.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from bodymap.domain.course import ChangeRow, Sample

COLUMNS = ("Measure", "Baseline", "Latest", "Change", "%", "MCID", "MDC")
GOOD = QColor("#e3f3ec")
BAD = QColor("#fbe9e4")
QUIET = QColor("#6b7680")


def value_text(value: float, unit: str) -> str:
    number = f"{value:.0f}" if float(value).is_integer() or abs(value) >= 100 else f"{value:.1f}"
    if unit.startswith("/") or unit == "°":
        return number + unit
    return f"{number} {unit}" if unit else number


def change_text(row: ChangeRow) -> str:
    change = row.change
    if change is None:
        return ""
    return "±0" if change == 0 else f"{'+' if change > 0 else '−'}{value_text(abs(change), '')}"


def percent_text(row: ChangeRow) -> str:
    percent = row.percent
    if percent is None:
        return "" if row.change is None else "n/a"
    return "±0 %" if round(percent) == 0 else f"{'+' if percent > 0 else '−'}{abs(percent):.0f} %"


NONE = "–"  # no MCID or MDC is established for this measure


def mcid_text(row: ChangeRow) -> str:
    if row.latest is None:
        return "one value"
    if row.mcid_met is None:
        return NONE
    if row.mcid_met:
        return "met"
    return "not met, worse" if row.better is False else "not met"


def mdc_text(row: ChangeRow) -> str:
    if row.latest is None:
        return ""
    if row.within_mdc is None:
        return NONE
    return "noise" if row.within_mdc else "beyond"


def _sample_tip(what: str, sample: Sample | None) -> str:
    return "" if sample is None else f"{what}: visit of {sample.date.isoformat()}"


class ChangeTable(QTableWidget):
    """Read-only; rows are replaced as a whole when the course or the range changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setObjectName("changeTable")
        self.setHorizontalHeaderLabels(list(COLUMNS))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column, tip in (
            (5, "Minimal clinically important difference: the smallest improvement patients "
                "notice. Pain (NRS): 2 points or 30 % of baseline."),
            (6, "Minimal detectable change: a change smaller than this is within measurement "
                "noise and is not read as progress."),
        ):  # fmt: skip
            header_item = self.horizontalHeaderItem(column)
            if header_item is not None:
                header_item.setToolTip(tip)
        self.rows: tuple[ChangeRow, ...] = ()

    def set_rows(self, rows: Sequence[ChangeRow]) -> None:
        self.rows = tuple(rows)
        self.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            latest = row.latest
            cells = (
                row.label,
                value_text(row.baseline.value, row.unit),
                "" if latest is None else value_text(latest.value, row.unit),
                change_text(row),
                percent_text(row),
                mcid_text(row),
                mdc_text(row),
            )
            items = [QTableWidgetItem(text) for text in cells]
            for c, item in enumerate(items):
                if c > 0:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.setItem(r, c, item)
            self._decorate(items, row)

    @staticmethod
    def _decorate(items: list[QTableWidgetItem], row: ChangeRow) -> None:
        items[0].setToolTip(f"{row.label}\n{row.detail}" if row.detail else row.label)
        items[1].setToolTip(_sample_tip("Baseline", row.baseline))
        items[2].setToolTip(_sample_tip("Latest in the range", row.latest))
        mcid, mdc = items[5], items[6]
        if row.latest is not None and row.mcid_met is None:
            mcid.setToolTip("No established MCID for this measure: judge the change yourself")
        if row.latest is not None and row.within_mdc is None:
            mdc.setToolTip("No established MDC for this measure")
        elif row.within_mdc:
            mdc.setToolTip("The change is smaller than the measurement noise (MDC)")
        if row.mcid_met:
            mcid.setBackground(QBrush(GOOD))
        elif row.mcid_met is False and row.better is False:
            mcid.setBackground(QBrush(BAD))
        if row.within_mdc:
            font = QFont(mdc.font())
            font.setItalic(True)
            mdc.setFont(font)
            mdc.setForeground(QBrush(QUIET))
