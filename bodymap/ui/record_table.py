"""A read-only table of records (amendments, audit entries): whole rows selected, text
wrapped, no row numbers. Columns stretch or fit their contents as the caller says."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QWidget


def record_table(
    name: str, columns: Sequence[str], stretch: Sequence[int], parent: QWidget | None = None
) -> QTableWidget:
    """``stretch``: the columns that share the spare width; the others fit their text."""
    table = QTableWidget(0, len(columns), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(columns))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    header = table.horizontalHeader()
    for column in range(len(columns)):
        mode = QHeaderView.ResizeMode
        header.setSectionResizeMode(
            column, mode.Stretch if column in stretch else mode.ResizeToContents
        )
    return table
