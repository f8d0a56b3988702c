"""A patient's visits as a timeline table, newest first."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from bodymap.domain.visit import Visit
from bodymap.ui import formatting
from bodymap.ui.app import tone

VisitRole = Qt.ItemDataRole.UserRole + 1
VisitIdRole = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex

# The status column's colours are theme roles ("signed", "draft"), read when a row is
# painted, so a change of theme recolours the table on its next repaint.


class Column(IntEnum):
    DATE = 0
    INTERVAL = 1
    CLINICIAN = 2
    STEP = 3
    STATUS = 4
    COMPLAINT = 5


_HEADERS = {
    Column.DATE: "Date",
    Column.INTERVAL: "Since previous",
    Column.CLINICIAN: "Clinician",
    Column.STEP: "Step",
    Column.STATUS: "Status",
    Column.COMPLAINT: "Chief complaint",
}


class VisitTimelineModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # (visit, the visit before it), newest first
        self._rows: list[tuple[Visit, Visit | None]] = []

    def set_visits(self, visits_oldest_first: list[Visit]) -> None:
        pairs: list[tuple[Visit, Visit | None]] = []
        previous: Visit | None = None
        for visit in visits_oldest_first:
            pairs.append((visit, previous))
            previous = visit
        self.beginResetModel()
        self._rows = pairs[::-1]
        self.endResetModel()

    def visit_at(self, row: int) -> Visit:
        return self._rows[row][0]

    def row_of(self, visit_id: int) -> int | None:
        for row, (visit, _) in enumerate(self._rows):
            if visit.id == visit_id:
                return row
        return None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt signature
        return 0 if parent.isValid() else len(Column)

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[Column(section)]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        visit, previous = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(column, visit, previous)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(column, visit)
        if role == Qt.ItemDataRole.ForegroundRole and column is Column.STATUS:
            return tone("signed" if visit.is_signed else "draft")
        if role == Qt.ItemDataRole.FontRole and column is Column.STATUS and not visit.is_signed:
            font = QFont()
            font.setItalic(True)
            return font
        if role == VisitRole:
            return visit
        if role == VisitIdRole:
            return visit.id
        return None

    @staticmethod
    def _text(column: Column, visit: Visit, previous: Visit | None) -> str:
        match column:
            case Column.DATE:
                return formatting.date_text(visit.visit_date)
            case Column.INTERVAL:
                return formatting.interval_text(visit, previous)
            case Column.CLINICIAN:
                return visit.clinician
            case Column.STEP:
                return formatting.step_text(visit)
            case Column.STATUS:
                return formatting.status_text(visit)
            case Column.COMPLAINT:
                return formatting.first_line(visit.chief_complaint)

    @staticmethod
    def _tooltip(column: Column, visit: Visit) -> str | None:
        if column is Column.STEP and visit.escalation_step is not None:
            return visit.escalation_step.label
        if column is Column.STATUS and visit.is_signed:
            return f"Signed by {visit.signed_by} on {formatting.signed_at_text(visit)}"
        if column is Column.COMPLAINT and visit.chief_complaint.strip():
            return visit.chief_complaint
        return None


class VisitTimelineView(QTableView):
    """A calm, row-selecting table: no grid, no row numbers, the complaint takes the rest."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visitTimeline")
        self.setAccessibleName("Visits")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(True)

    def setModel(self, model: Any) -> None:  # noqa: N802 - Qt override
        super().setModel(model)
        header = self.horizontalHeader()
        for column in Column:
            if column is not Column.COMPLAINT:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
