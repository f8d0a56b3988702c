"""The area under the timeline that shows one visit: its body map beside a summary.

The visit editor (findings, treatments, measures) will grow here; the map is live now.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QScrollArea, QSplitter, QStackedWidget, QWidget

from bodymap.domain.visit import Visit
from bodymap.ui import formatting
from bodymap.ui.session import Session

if TYPE_CHECKING:
    from bodymap.ui.body_map import BodyMapPanel


def empty_state_label(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setProperty("emptyState", True)
    label.setWordWrap(True)
    return label


class VisitPanel(QStackedWidget):
    """Shows one visit. Owns the undo stack of its map edits: undo history belongs to the
    visit on screen, so switching visits starts a fresh history."""

    statusMessage = Signal(str)  # noqa: N815 - Qt signal naming

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visitPanel")
        self._session = session
        self.undo_stack = QUndoStack(self)
        self.map_panel: BodyMapPanel | None = None
        self.findings_dialog: QWidget | None = None
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
        scroll.setMinimumWidth(210)  # the summary stays readable beside the map

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("visitSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 1)

        self.addWidget(self.empty)
        self.addWidget(self.splitter)
        self._visit: Visit | None = None

    def set_session(self, session: Session) -> None:
        self._drop_map()
        self._session = session
        self.show_empty()

    @property
    def visit(self) -> Visit | None:
        return self._visit

    def show_empty(self, text: str = "Select a visit") -> None:
        self._visit = None
        self._drop_map()
        self.empty.setText(text)
        self.setCurrentIndex(0)

    def show_visit(self, visit: Visit) -> None:
        same_visit = self._visit is not None and self._visit.id == visit.id
        self._visit = visit
        self.summary.setText(_summary_html(visit))
        if not same_visit or self.map_panel is None:
            # Imported on first use: the canvas and SVG renderer are not needed at start-up.
            from bodymap.ui.body_map import BodyMapPanel

            self._drop_map()
            assert visit.id is not None
            self.map_panel = BodyMapPanel(self._session, visit.id, self.undo_stack, self)
            self.map_panel.setObjectName("visitBodyMap")
            self.map_panel.statusMessage.connect(self.statusMessage)
            self.map_panel.pointActivated.connect(self.edit_findings)
            self.splitter.insertWidget(0, self.map_panel)
            self.splitter.setStretchFactor(0, 3)
            self.splitter.setStretchFactor(1, 1)
            width = max(self.splitter.width(), 900)
            self.splitter.setSizes([width * 3 // 4, width // 4])
        self.setCurrentIndex(1)

    def edit_findings(self, trigger_point_id: int) -> None:
        """Open the palpation findings of a point at this visit (window-modal, not blocking)."""
        if self.map_panel is None:
            return
        from bodymap.ui.findings_dialog import FindingsDialog

        self.findings_dialog = FindingsDialog(self.map_panel.editor, trigger_point_id, self)
        self.findings_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.findings_dialog.open()

    def _drop_map(self) -> None:
        self.undo_stack.clear()
        if self.map_panel is not None:
            self.map_panel.cleanup()
            self.map_panel.hide()
            self.map_panel.deleteLater()
            self.map_panel = None


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
