"""The visit editor beside the map: a header with the visit's state and its sign/amend
actions, the guidance prompts, and one tab per part of the record."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bodymap.domain.visit import SIGNATURE_MEANING
from bodymap.ui import formatting
from bodymap.ui.app import tone_hex
from bodymap.ui.visit_editor.amendments_tab import AmendmentsTab
from bodymap.ui.visit_editor.audit_tab import AuditTab
from bodymap.ui.visit_editor.context import VisitContext
from bodymap.ui.visit_editor.finding_tab import FindingTab
from bodymap.ui.visit_editor.guidance_box import GuidanceBox
from bodymap.ui.visit_editor.measures_tab import MeasuresTab
from bodymap.ui.visit_editor.plan_tab import PlanTab
from bodymap.ui.visit_editor.treatments_tab import TreatmentsTab


class VisitHeader(QWidget):
    """'Visit of 3 Nov 2026 · 14 days after the previous' and the record's state."""

    signRequested = Signal()  # noqa: N815 - Qt signal naming
    amendRequested = Signal()  # noqa: N815

    def __init__(self, context: VisitContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.title = QLabel(self)
        self.title.setObjectName("visitTitle")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title.setFont(font)
        self.state = QLabel(self)
        self.state.setObjectName("visitState")
        self.state.setWordWrap(True)
        self.state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sign_button = QPushButton("Sign visit…", self)
        self.sign_button.setObjectName("signButton")
        self.sign_button.setToolTip("Sign and lock this visit record")
        self.sign_button.clicked.connect(self.signRequested)
        self.amend_button = QPushButton("Amend…", self)
        self.amend_button.setObjectName("amendButton")
        self.amend_button.setToolTip("Correct the signed record: the original stays visible")
        self.amend_button.clicked.connect(self.amendRequested)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.title, 1)
        top.addWidget(self.sign_button)
        top.addWidget(self.amend_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.state)
        context.model.visitChanged.connect(self.refresh)
        context.model.readOnlyChanged.connect(self.refresh)
        context.model.amendmentsChanged.connect(self.refresh)
        self.refresh()

    def refresh(self, *_: object) -> None:
        model = self._context.model
        visit = model.visit
        self.title.setText(f"Visit of {formatting.date_text(visit.visit_date)}")
        interval = formatting.interval_text(visit, model.previous_visit)
        if visit.is_signed:
            state = (
                f"<b>Signed</b> by {html.escape(visit.signed_by or '')}, "
                f"{formatting.signed_at_text(visit)} · read-only"
            )
            if n := len(model.amendments()):
                state += f" · <b>amended</b> ({n}, see History)"
            self.state.setToolTip(f"Meaning of the signature: {SIGNATURE_MEANING}")
        else:
            state = "<b>Draft</b> · every change is saved as you make it"
            self.state.setToolTip("")
        # The theme's muted colour, read now; changeEvent rebuilds it when the theme changes.
        muted = tone_hex("muted")
        self.state.setText(f"{state}<br><span style='color:{muted}'>{interval}</span>")
        self.sign_button.setVisible(not visit.is_signed)
        self.amend_button.setVisible(visit.is_signed)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        # A change of theme reaches every widget as a palette change.
        if event.type() == QEvent.Type.PaletteChange and self._context.session.is_open:
            self.refresh()
        super().changeEvent(event)


class VisitEditor(QWidget):
    """Tabs: Visit (history, plan, follow-up), Findings (the current point), Treatments,
    Measures, History (a signed visit's amendments above the visit's audit trail)."""

    statusMessage = Signal(str)  # noqa: N815 - Qt signal naming

    def __init__(self, context: VisitContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visitEditor")
        self.context = context
        self.header = VisitHeader(context, self)
        self.guidance = GuidanceBox(context, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("visitTabs")
        self.tabs.setDocumentMode(True)
        self.plan_tab = PlanTab(context, self)
        self.finding_tab = FindingTab(context, self)
        self.treatments_tab = TreatmentsTab(context, self)
        self.measures_tab = MeasuresTab(context, self)
        # History: a signed visit's amendments (the corrections in force) above the
        # audit trail of everything done. One tab, so all fit beside the map at 1280 px.
        self.history = QSplitter(Qt.Orientation.Vertical, self)
        self.history.setObjectName("historyPage")
        self.history.setChildrenCollapsible(False)
        self.amendments_tab = AmendmentsTab(context, self.history)
        self.audit_tab = AuditTab(context, self.history)
        self.history.addWidget(self.amendments_tab)
        self.history.addWidget(self.audit_tab)
        self.history.setStretchFactor(1, 1)
        for tab, title in (
            (self.plan_tab, "&Visit"),
            (self.finding_tab, "&Findings"),
            (self.treatments_tab, "&Treatments"),
            (self.measures_tab, "&Measures"),
            (self.history, "Histor&y"),
        ):
            self.tabs.addTab(tab, title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 6, 6)
        layout.setSpacing(8)
        layout.addWidget(self.header)
        layout.addWidget(self.guidance)
        layout.addWidget(self.tabs, 1)
        context.model.editFailed.connect(self.statusMessage)
        context.model.readOnlyChanged.connect(self._show_amendments)
        self._show_amendments()
        self.header.signRequested.connect(self.sign)
        self.header.amendRequested.connect(self.amend)
        self.amendments_tab.amend_button.clicked.connect(self.amend)

    def _show_amendments(self, *_: object) -> None:
        """A draft has nothing to amend: its history is the trail alone."""
        self.amendments_tab.setVisible(self.context.model.visit.is_signed)

    def show_history(self) -> None:
        self.tabs.setCurrentWidget(self.history)

    def show_findings(self) -> None:
        """Bring the current point's findings forward (a double-click on the map)."""
        self.tabs.setCurrentWidget(self.finding_tab)
        self.finding_tab.setFocus(Qt.FocusReason.OtherFocusReason)

    def sign(self) -> None:
        from bodymap.ui.visit_editor.signing import sign_visit

        sign_visit(self.context, self)

    def amend(self) -> None:
        from bodymap.ui.visit_editor.signing import amend_visit

        amend_visit(self.context, self)

    def cleanup(self) -> None:
        for tab in (
            self.plan_tab,
            self.finding_tab,
            self.treatments_tab,
            self.measures_tab,
            self.amendments_tab,
            self.audit_tab,
            self.guidance,
        ):
            tab.cleanup()
        self.context.model.cleanup()
