"""The one object that writes a visit's own records (not its map): the visit's fields,
treatments and outcome measures.

Like :class:`~bodymap.ui.body_map.map_editor.MapEditor` for the map, it keeps an in-memory
copy for the tabs to read, writes through the session (one transaction per edit) and emits
a signal per kind of record. Changes made elsewhere (another tab, undo, the map) arrive
through the session's signals and are re-read here.
"""

from __future__ import annotations

import contextlib
import dataclasses
from typing import Any

from PySide6.QtCore import QObject, Signal

from bodymap.domain.amendment import Amendment
from bodymap.domain.dose import DoseLimits
from bodymap.domain.patient import Patient
from bodymap.domain.treatment import Treatment
from bodymap.domain.visit import Visit
from bodymap.store.errors import NotFound
from bodymap.ui.session import Session
from bodymap.ui.visit_records import VisitRecords


class VisitModel(VisitRecords):
    visitChanged = Signal()  # noqa: N815 - Qt signal naming; the visit's own fields
    treatmentsChanged = Signal()  # noqa: N815
    measuresChanged = Signal()  # noqa: N815
    amendmentsChanged = Signal()  # noqa: N815

    def __init__(self, session: Session, visit_id: int, parent: QObject | None = None) -> None:
        super().__init__(session, visit_id, parent)
        self._patient = session.patient(self._visit.patient_id)
        self._treatments: list[Treatment] = []
        self._measures: dict[str, float] = {}
        self._previous: Visit | None = None
        self._previous_measures: dict[str, float] = {}
        self._amendments: list[Amendment] = []
        self._load_records()
        session.visitRecordsChanged.connect(self._on_records_changed)
        session.patientsChanged.connect(self._on_patients_changed)

    # --- reading (the session, the visit and whether it is locked: VisitRecords) -----------

    @property
    def patient(self) -> Patient:
        return self._patient

    @property
    def previous_visit(self) -> Visit | None:
        """The patient's visit before this one, if any."""
        return self._previous

    def treatments(self) -> list[Treatment]:
        return list(self._treatments)

    def treatment(self, treatment_id: int) -> Treatment | None:
        return next((t for t in self._treatments if t.id == treatment_id), None)

    def measures(self) -> dict[str, float]:
        """Outcome measures recorded at this visit, by measure kind id."""
        return dict(self._measures)

    def previous_measures(self) -> dict[str, float]:
        return dict(self._previous_measures)

    def amendments(self) -> list[Amendment]:
        """Corrections of this (signed) visit, oldest first."""
        return list(self._amendments)

    def dose_limits(self) -> DoseLimits:
        return self._session.dose_limits()

    def _load_records(self) -> None:
        store = self._session.store
        self._treatments = store.treatments.for_visit(self._visit_id)
        self._measures = {m.kind: m.value for m in store.measurements.for_visit(self._visit_id)}
        self._amendments = store.amendments.for_visit(self._visit_id)
        self._previous = store.visits.previous(self._visit)
        self._previous_measures = {}
        if self._previous is not None and self._previous.id is not None:
            self._previous_measures = {
                m.kind: m.value for m in store.measurements.for_visit(self._previous.id)
            }

    def reload(self) -> None:
        """Re-read everything from the store and tell every tab."""
        was = self.read_only
        self._visit = self._session.visit(self._visit_id)
        self._load_records()
        self.visitChanged.emit()
        self.treatmentsChanged.emit()
        self.measuresChanged.emit()
        self.amendmentsChanged.emit()
        if self.read_only != was:
            self.readOnlyChanged.emit(self.read_only)

    def _visit_changed(self) -> None:
        self.visitChanged.emit()

    def _on_records_changed(self, visit_id: int) -> None:
        if visit_id != self._visit_id or not self._session.is_open:
            return
        treatments = self._session.treatments_for(visit_id)
        measures = {m.kind: m.value for m in self._session.measurements_for(visit_id)}
        if treatments != self._treatments:
            self._treatments = treatments
            self.treatmentsChanged.emit()
        if measures != self._measures:
            self._measures = measures
            self.measuresChanged.emit()
        amendments = self._session.amendments_for(visit_id)
        if amendments != self._amendments:
            self._amendments = amendments
            self.amendmentsChanged.emit()

    def _on_patients_changed(self) -> None:
        if self._session.is_open:
            with contextlib.suppress(NotFound):
                self._patient = self._session.patient(self._visit.patient_id)
                self.visitChanged.emit()  # weight drives the dose limit shown

    def cleanup(self) -> None:
        """Stop following the session (before it closes or the editor goes away)."""
        super().cleanup()
        for signal, slot in (
            (self._session.visitRecordsChanged, self._on_records_changed),
            (self._session.patientsChanged, self._on_patients_changed),
        ):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)

    # --- writing: each raises a StoreError or ValidationError and changes nothing then ----

    def update_visit(self, **changes: Any) -> Visit:
        """Change fields of the visit itself (plan, step, reassessment date, ...)."""
        self._check_writable()
        # dataclasses.replace re-validates: a bad value raises ValidationError, nothing saved.
        # The session's visitsChanged brings the stored visit back here (and emits visitChanged).
        self._session.update_visit(dataclasses.replace(self._visit, **changes))
        return self._visit

    def add_treatment(self, treatment: Treatment) -> Treatment:
        self._check_writable()
        return self._session.add_treatment(treatment)

    def update_treatment(self, treatment: Treatment) -> Treatment:
        self._check_writable()
        return self._session.update_treatment(treatment)

    def delete_treatment(self, treatment_id: int) -> Treatment:
        self._check_writable()
        return self._session.delete_treatment(treatment_id)

    def restore_treatment(self, treatment: Treatment) -> Treatment:
        """Put a deleted treatment back (undo): same uid, a fresh row id."""
        self._check_writable()
        return self._session.add_treatment(dataclasses.replace(treatment, id=None))

    def record_measure(self, kind: str, value: float | None) -> None:
        self._check_writable()
        self._session.record_measure(self._visit_id, kind, value)
