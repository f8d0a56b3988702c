"""The change-since-baseline table beside the charts: one row per measure or point reading.

The cell texts are :data:`bodymap.domain.course_text.SCREEN`'s, the same wording the
printed progress report uses; the colours follow the theme (``tone``) whenever a cell
is painted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from bodymap.domain.course import ChangeRow, Sample
from bodymap.domain.course_text import COLUMNS, SCREEN
from bodymap.ui.app import tone


def _sample_tip(what: str, sample: Sample | None) -> str:
    return "" if sample is None else f"{what}: visit of {sample.date.isoformat()}"


class _Cell(QTableWidgetItem):
    """A cell whose background and text colours are theme roles, read when it is
    painted, so a change of theme recolours it without rebuilding the rows."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.background_role: str | None = None  # a key of TONES
        self.foreground_role: str | None = None

    def data(self, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and self.background_role:
            return QBrush(tone(self.background_role))
        if role == Qt.ItemDataRole.ForegroundRole and self.foreground_role:
            return QBrush(tone(self.foreground_role))
        return super().data(role)


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
                "notice. Pain (NRS): 2 points or 30 % of baseline. Green: reached; red: "
                "worse, beyond measurement noise (as on the printed report)."),
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
            items = [_Cell(text) for text in SCREEN.cells(row)]
            for c, item in enumerate(items):
                if c > 0:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.setItem(r, c, item)
            self._decorate(items, row)

    @staticmethod
    def _decorate(items: list[_Cell], row: ChangeRow) -> None:
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
        if row.verdict is not None:  # the printed report shades by the same rule
            mcid.background_role = "good_bg" if row.verdict else "bad_bg"
        if row.within_mdc:
            font = QFont(mdc.font())
            font.setItalic(True)
            mdc.setFont(font)
            mdc.foreground_role = "muted"
