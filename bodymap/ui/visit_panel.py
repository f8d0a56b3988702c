"""The area under the timeline that shows one visit.

For now a read-only summary of the selected visit; the body map canvas and the visit
editor will take this place.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QStackedWidget, QWidget

from bodymap.domain.visit import Visit
from bodymap.ui import formatting


def empty_state_label(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setProperty("emptyState", True)
    label.setWordWrap(True)
    return label


class VisitPanel(QStackedWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visitPanel")
        self.empty = empty_state_label("Select a visit", self)
        self.empty.setObjectName("visitEmptyState")

        self.summary = QLabel(self)
        self.summary.setObjectName("visitSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setContentsMargins(16, 12, 16, 12)
        scroll = QScrollArea(self)
        scroll.setWidget(self.summary)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.addWidget(self.empty)
        self.addWidget(scroll)
        self._visit: Visit | None = None

    @property
    def visit(self) -> Visit | None:
        return self._visit

    def show_empty(self, text: str = "Select a visit") -> None:
        self._visit = None
        self.empty.setText(text)
        self.setCurrentIndex(0)

    def show_visit(self, visit: Visit) -> None:
        self._visit = visit
        self.summary.setText(_summary_html(visit))
        self.setCurrentIndex(1)


def _summary_html(visit: Visit) -> str:
    def row(label: str, value: str) -> str:
        text = html.escape(value).replace("\n", "<br>") if value.strip() else "<i>none</i>"
        return (
            f"<tr><td style='padding:3px 18px 3px 0; color:#5b6670;'>"
            f"{label}</td><td style='padding:3px 0'>{text}</td></tr>"
        )

    if visit.is_signed:
        status = f"Signed by {visit.signed_by}, {formatting.signed_at_text(visit)}"
    else:
        status = "Draft - not signed"
    step = visit.escalation_step.label if visit.escalation_step is not None else ""
    rows = "".join(
        [
            row("Clinician", visit.clinician),
            row("Status", status),
            row("Chief complaint", visit.chief_complaint),
            row("History", visit.subjective),
            row("Escalation", step),
            row("Plan", visit.plan),
            row("Reassess on", formatting.date_text(visit.reassess_on)),
        ]
    )
    title = html.escape(f"Visit of {formatting.date_text(visit.visit_date)}")
    return f"<h3 style='margin:0 0 8px 0'>{title}</h3><table>{rows}</table>"
