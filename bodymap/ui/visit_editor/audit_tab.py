"""The History tab: the visit's audit trail, newest first, read-only.

Who did what to the record and when: every change of the visit and its findings,
zones, treatments and measures, the signing, each amendment, each print and export
(words from audit_text.py). Newest first, because a clinician opens it to see what
happened last (who printed it, who amended it); the signing and any amendment then
stay at the top instead of below a draft's many edits. A change written by another
program (not sealed in the trail) is marked as a warning.

It reads the trail only while shown: the first time the tab is opened, and again
when the visit's records change while it is on screen.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QBrush, QFont, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QStyle,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bodymap.store import StoreError
from bodymap.ui.app import tone
from bodymap.ui.record_table import record_table
from bodymap.ui.visit_editor.audit_text import OUTSIDE_TIP, HistoryLine, visit_history_lines
from bodymap.ui.visit_editor.context import VisitContext

# When and who share a column (two lines), so "What" keeps its width in a narrow editor.
COLUMNS = ("When, who", "What")


class AuditTab(QWidget):
    def __init__(self, context: VisitContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditTab")
        self.context = context
        self.lines: list[HistoryLine] = []  # as shown, newest first
        self._stale = True  # not read yet, or changed since
        self.summary = QLabel(self)
        self.summary.setObjectName("auditSummary")
        self.summary.setWordWrap(True)
        self.summary.setProperty("muted", True)
        self.warning = QLabel(self)
        self.warning.setObjectName("auditOutsideWarning")
        self.warning.setWordWrap(True)
        self.warning.setProperty("warning", True)
        self.warning.setToolTip(OUTSIDE_TIP)
        self.warning.hide()
        self.table = record_table("auditTable", COLUMNS, stretch=(1,), parent=self)
        header = self.table.horizontalHeader()
        # Wrapped text needs its rows measured again whenever the columns change width;
        # once the layout has settled (a scroll bar appearing narrows the columns again).
        self._fit_rows = QTimer(self)
        self._fit_rows.setSingleShot(True)
        self._fit_rows.setInterval(0)
        self._fit_rows.timeout.connect(self.table.resizeRowsToContents)
        header.sectionResized.connect(lambda *_: self._fit_rows.start())

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.warning)
        layout.addWidget(self.table, 1)

        session = context.session
        session.visitRecordsChanged.connect(self._on_visit_records)
        session.outputRecorded.connect(self._on_visit_records)
        session.visitsChanged.connect(self._on_visits)

    # --- loading ---------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def _on_visit_records(self, visit_id: int) -> None:
        if visit_id == self.context.model.visit_id:
            self._mark_stale()

    def _on_visits(self, patient_id: int) -> None:
        # The visit's own fields or its signature (or another visit of the patient).
        if patient_id == self.context.model.patient.id:
            self._mark_stale()

    def refresh(self) -> None:
        """Read the trail again and show it."""
        session = self.context.session
        if not session.is_open:
            return
        self._stale = False
        try:
            lines = visit_history_lines(session.store, self.context.model.visit_id)
        except StoreError as exc:
            self.summary.setText(f"The history could not be read: {exc}")
            return
        self.lines = lines[::-1]
        self._show()

    def _show(self) -> None:
        n = len(self.lines)
        self.summary.setText(
            f"{n} action{'s' if n != 1 else ''} recorded, newest first. The trail is "
            "permanent: nothing here can be changed."
        )
        outside = sum(line.outside for line in self.lines)
        self.warning.setVisible(bool(outside))
        if outside:
            self.warning.setText(
                f"⚠ {outside} of these {'were' if outside != 1 else 'was'} written outside "
                "Bodymap, by another program: not through the app and not sealed in the "
                "audit trail."
            )
        warn_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.table.setRowCount(n)
        for row, line in enumerate(self.lines):
            tip = "\n".join((line.what, *line.details)) if line.details else line.what
            when = QTableWidgetItem(f"{line.when}\n{line.who}")
            what = QTableWidgetItem(line.what)
            who_tip = OUTSIDE_TIP if line.outside else f"Recorded as {line.who}."
            when.setToolTip(f"{line.when_exact}\n{who_tip}")
            what.setToolTip(tip)
            if line.outside:
                when.setIcon(warn_icon)
                bold = QFont(when.font())
                bold.setBold(True)
                when.setFont(bold)
            cells = (when, what)
            for column, item in enumerate(cells):
                self.table.setItem(row, column, item)
        self._colour_rows()
        self.table.resizeRowsToContents()

    def _colour_rows(self) -> None:
        """Changes made outside Bodymap in the alarm colours of the current theme."""
        for row, line in enumerate(self.lines):
            if not line.outside:
                continue
            for column in range(self.table.columnCount()):
                item = self.table.item(row, column)
                if item is not None:
                    item.setBackground(QBrush(tone("alarm_bg")))
                    item.setForeground(QBrush(tone("alarm_text")))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.lines:
            self._colour_rows()  # a theme change: the alarm colours of the new theme

    def cleanup(self) -> None:
        session = self.context.session
        for signal, slot in (
            (session.visitRecordsChanged, self._on_visit_records),
            (session.outputRecorded, self._on_visit_records),
            (session.visitsChanged, self._on_visits),
        ):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)
