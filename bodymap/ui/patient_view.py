"""The right side of the main window: the selected patient, their visits, one visit."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bodymap.domain.patient import Patient
from bodymap.store.errors import NotFound
from bodymap.ui import formatting
from bodymap.ui.progress import ProgressView
from bodymap.ui.scrolling import frameless_scroll
from bodymap.ui.session import Session
from bodymap.ui.visit_panel import VisitPanel, empty_state_label
from bodymap.ui.visit_timeline import VisitIdRole, VisitTimelineModel, VisitTimelineView


class PatientHeader(QWidget):
    """Name large, then the facts a clinician checks before touching a patient."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLabel(self)
        self.name.setObjectName("patientName")
        font = QFont(self.name.font())
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        self.name.setFont(font)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QLabel(self)
        self.details.setObjectName("patientDetails")
        self.details.setProperty("muted", True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 0, 0, 4)
        layout.setSpacing(2)
        layout.addWidget(self.name)
        layout.addWidget(self.details)

    def show_patient(self, patient: Patient) -> None:
        self.name.setText(patient.display_name)
        self.details.setText(formatting.patient_details(patient))


class PatientView(QStackedWidget):
    """'Select a patient', or the patient's header over the visit timeline and visit area."""

    visitSelected = Signal(int)  # noqa: N815 - Qt signal naming; the visit id

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._patient: Patient | None = None

        self.empty = empty_state_label("Select a patient to see their visits", self)
        self.empty.setObjectName("patientEmptyState")

        page = QWidget(self)
        self.header = PatientHeader(page)
        self.visits_title = QLabel("Visits", page)
        self.visits_title.setProperty("sectionTitle", True)
        self.timeline_model = VisitTimelineModel(page)
        self.timeline = VisitTimelineView(page)
        self.timeline.setModel(self.timeline_model)
        self.visit_panel = VisitPanel(session, page)

        timeline_box = QWidget(page)
        box_layout = QVBoxLayout(timeline_box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.setSpacing(6)
        box_layout.addWidget(self.visits_title)
        box_layout.addWidget(self.timeline)

        self.splitter = QSplitter(Qt.Orientation.Vertical, page)
        self.splitter.setObjectName("timelineSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(timeline_box)
        self.splitter.addWidget(self.visit_panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setSizes([170, 600])  # a few visits above, the body map needs height

        # Visits and Progress share the page under the header; the Progress view imports
        # matplotlib only when first shown.
        self.pages = QTabWidget(page)
        self.pages.setObjectName("patientPages")
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.splitter, "&Visits")
        self.progress = self._new_progress(session)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(self.header)
        layout.addWidget(self.pages, 1)

        self.addWidget(self.empty)
        self.addWidget(page)

        self.timeline.selectionModel().selectionChanged.connect(self._on_visit_selection)
        session.visitsChanged.connect(self._on_visits_changed)
        session.patientsChanged.connect(self._on_patients_changed)

    @property
    def patient(self) -> Patient | None:
        return self._patient

    def set_session(self, session: Session) -> None:
        self._session.visitsChanged.disconnect(self._on_visits_changed)
        self._session.patientsChanged.disconnect(self._on_patients_changed)
        self._session = session
        session.visitsChanged.connect(self._on_visits_changed)
        session.patientsChanged.connect(self._on_patients_changed)
        self.visit_panel.set_session(session)
        # The chart view follows one session for its life: a new database, a new view.
        old = self.progress
        self.progress = self._new_progress(session)
        old_page = self.pages.widget(2)
        self.pages.removeTab(2)
        old.cleanup()
        old_page.deleteLater()
        self.clear()

    def clear(self) -> None:
        self._patient = None
        self.progress.set_patient(None)
        self.timeline_model.set_visits([])
        self.visit_panel.show_empty()
        self.setCurrentIndex(0)

    def show_patient(self, patient_id: int) -> None:
        try:
            patient = self._session.patient(patient_id)
        except NotFound:
            self.clear()
            return
        self._patient = patient
        self.header.show_patient(patient)
        self.progress.set_patient(patient_id)
        self._load_visits(keep_visit=None)
        if self.timeline_model.rowCount():
            self.timeline.selectRow(0)  # the latest visit: where a follow-up starts
        self.setCurrentIndex(1)

    def _new_progress(self, session: Session) -> ProgressView:
        # In a scroll area, so the charts never force a minimum width on the window.
        progress = ProgressView(session)
        progress.setObjectName("progressView")
        progress.visitRequested.connect(self.open_visit)
        scroll = frameless_scroll(progress, self.pages, "progressScroll")
        self.pages.insertTab(1, scroll, "P&rogress")
        return progress

    def open_visit(self, visit_id: int) -> None:
        """Show a visit in the Visits page (a click on a chart point, say)."""
        self.pages.setCurrentIndex(0)
        self.select_visit(visit_id)

    def select_visit(self, visit_id: int) -> bool:
        row = self.timeline_model.row_of(visit_id)
        if row is None:
            return False
        self.timeline.selectRow(row)
        return True

    def selected_visit_id(self) -> int | None:
        rows = self.timeline.selectionModel().selectedRows()
        if not rows:
            return None
        value = rows[0].data(VisitIdRole)
        return int(value) if value is not None else None

    def _load_visits(self, keep_visit: int | None) -> None:
        assert self._patient is not None
        assert self._patient.id is not None
        visits = self._session.visits_for(self._patient.id)
        self.timeline_model.set_visits(visits)
        n = len(visits)
        self.visits_title.setText(f"Visits ({n})" if n else "Visits")
        if keep_visit is not None and (row := self.timeline_model.row_of(keep_visit)) is not None:
            self.timeline.selectRow(row)
        elif n:
            self.visit_panel.show_empty("Select a visit")
        else:
            self.visit_panel.show_empty("No visits recorded for this patient yet")

    def _on_visit_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.timeline.selectionModel().selectedRows()
        if not rows:
            self.visit_panel.show_empty()
            return
        visit = self.timeline_model.visit_at(rows[0].row())
        self.visit_panel.show_visit(visit)
        if visit.id is not None:
            self.visitSelected.emit(visit.id)

    def _on_visits_changed(self, patient_id: int) -> None:
        if self._patient is not None and self._patient.id == patient_id:
            self._load_visits(keep_visit=self.selected_visit_id())

    def _on_patients_changed(self) -> None:
        if self._patient is not None and self._patient.id is not None:
            keep = self.selected_visit_id()
            self.show_patient(self._patient.id)
            if keep is not None and (row := self.timeline_model.row_of(keep)) is not None:
                self.timeline.selectRow(row)
