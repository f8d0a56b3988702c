"""The Amendments tab: every correction of a signed visit, oldest first, with who, when,
what changed from what to what, and why. The signed values stay in the other tabs.
(Everything else that happened to the visit is in the History tab, audit_tab.py.)"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bodymap.domain.amendment import describe
from bodymap.ui.record_table import record_table
from bodymap.ui.visit_editor.context import VisitContext

COLUMNS = ("When", "By", "Change", "Reason")


class AmendmentsTab(QWidget):
    def __init__(self, context: VisitContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("amendmentsTab")
        self.context = context
        self.summary = QLabel(self)
        self.summary.setObjectName("amendmentsSummary")
        self.summary.setWordWrap(True)
        self.summary.setProperty("muted", True)
        self.amend_button = QPushButton("Amend…", self)
        self.amend_button.setObjectName("amendmentsAmendButton")
        self.table = record_table("amendmentTable", COLUMNS, stretch=(2, 3), parent=self)

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.amend_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

        context.model.amendmentsChanged.connect(self.refresh)
        context.model.readOnlyChanged.connect(self.refresh)
        self.refresh()

    def refresh(self, *_: object) -> None:
        model = self.context.model
        amendments = model.amendments()
        visit = model.visit
        self.amend_button.setVisible(visit.is_signed)
        if not visit.is_signed:
            self.summary.setText(
                "This visit is a draft: edit it directly. Once signed, corrections are "
                "recorded here as amendments, and the signed record stays as it was."
            )
        elif not amendments:
            self.summary.setText("No amendments: the record reads as it was signed.")
        else:
            n = len(amendments)
            self.summary.setText(
                f"{n} amendment{'s' if n != 1 else ''}. The other tabs show the record as "
                "signed; these corrections apply to it, later ones over earlier ones."
            )
        self.table.setRowCount(len(amendments))
        self.table.setVisible(bool(amendments))  # no empty box above the audit trail
        for row, a in enumerate(amendments):
            when = a.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
            for column, text in enumerate((when, a.author, describe(a), a.reason)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()

    def cleanup(self) -> None:
        for signal in (self.context.model.amendmentsChanged, self.context.model.readOnlyChanged):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(self.refresh)
