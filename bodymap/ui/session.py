"""One open database as seen by the GUI.

Views read through the session and never write to the store themselves: every change
goes through a session method, which writes in one transaction and then emits a typed
signal so each view showing that data refreshes itself. Views never poke each other.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from bodymap.domain.amendment import Amendment
from bodymap.domain.dose import DoseLimits
from bodymap.domain.finding import Finding
from bodymap.domain.measures import Measurement
from bodymap.domain.patient import Patient
from bodymap.domain.treatment import Treatment
from bodymap.domain.visit import Visit, VisitStatus, default_reassessment
from bodymap.store import Mode, Store, audit, backup
from bodymap.store.backup import BackupFacts
from bodymap.store.connection import on_disk_error
from bodymap.ui import user

PATIENT_PAGE = 100  # the list loads matches a page at a time, as it scrolls


class Session(QObject):
    """Holds the :class:`Store` of one database file while it is open in the app."""

    patientsChanged = Signal()  # noqa: N815 - Qt signal naming
    visitsChanged = Signal(int)  # noqa: N815 - the patient whose visits changed
    # A visit's records changed: findings, zones, treatments, measures or amendments.
    visitRecordsChanged = Signal(int)  # noqa: N815 - the visit id
    # A write failed for a full disk or an I/O error (rolled back; the writer was told
    # too): the window says so wherever the user was typing.
    diskError = Signal(str)  # noqa: N815 - the store's message
    # A visit's history gained an entry that changed no record (printed, exported).
    outputRecorded = Signal(int)  # noqa: N815 - the visit id
    closed = Signal()

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store: Store | None = store
        self.path: Path = store.path if store.path is not None else Path()
        if name := user.clinician_name():
            self.set_actor(name)
        on_disk_error(store.db, lambda exc: self.diskError.emit(exc.problem))

    def set_actor(self, name: str) -> None:
        """Who the audit trail records for this session's changes."""
        audit.set_actor(self.store.db, name)

    def auto_backup(self) -> BackupFacts | None:
        """Today's automatic backup of this database, if none was made yet (then the
        oldest automatic ones beyond the clinic's number are removed)."""
        keep = self.store.settings.get(backup.KEEP_SETTING, backup.DEFAULT_KEEP)
        return backup.auto_backup(self.path, keep=int(keep))

    @classmethod
    def open(cls, path: Path, *, create: bool = False, parent: QObject | None = None) -> Session:
        """Open ``path`` (creating it when ``create``), or raise a ``StoreError``."""
        return cls(Store.open(path, Mode.CREATE if create else Mode.READ_WRITE), parent)

    @property
    def store(self) -> Store:
        if self._store is None:
            raise RuntimeError("the session is closed")
        return self._store

    @property
    def is_open(self) -> bool:
        return self._store is not None

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
            self.closed.emit()

    # --- reading -----------------------------------------------------------------------

    def patient_count(self) -> int:
        return self.store.patients.count()

    def search_patients(
        self, text: str, limit: int | None = None, offset: int = 0
    ) -> list[Patient]:
        return self.store.patients.search(text, limit=limit, offset=offset)

    def patient(self, patient_id: int) -> Patient:
        return self.store.patients.get(patient_id)

    def visits_for(self, patient_id: int) -> list[Visit]:
        """The patient's visits, oldest first (as the store returns them)."""
        return self.store.visits.for_patient(patient_id)

    def visit(self, visit_id: int) -> Visit:
        return self.store.visits.get(visit_id)

    def reassessments_due(self, today: dt.date) -> dict[int, dt.date]:
        """Patients whose reassessment date has passed without a visit, with the date."""
        return self.store.visits.reassessments_due(today)

    def treatments_for(self, visit_id: int) -> list[Treatment]:
        return self.store.treatments.for_visit(visit_id)

    def measurements_for(self, visit_id: int) -> list[Measurement]:
        return self.store.measurements.for_visit(visit_id)

    def dose_limits(self) -> DoseLimits:
        return self.store.settings.dose_limits()

    # --- writing: one transaction each, then the signal --------------------------------

    def add_patient(self, patient: Patient) -> Patient:
        stored = self.store.patients.add(patient)
        self.patientsChanged.emit()
        return stored

    def update_patient(self, patient: Patient) -> Patient:
        stored = self.store.patients.update(patient)
        self.patientsChanged.emit()
        return stored

    def delete_patient(self, patient_id: int) -> None:
        self.store.patients.delete(patient_id)
        self.patientsChanged.emit()

    def add_visit(self, visit: Visit) -> Visit:
        stored = self.store.visits.add(visit)
        self.visitsChanged.emit(stored.patient_id)
        return stored

    def update_visit(self, visit: Visit) -> Visit:
        stored = self.store.visits.update(visit)
        self.visitsChanged.emit(stored.patient_id)
        return stored

    def sign_visit(self, visit_id: int, signer: str) -> Visit:
        stored = self.store.visits.sign(visit_id, signer)
        self.visitsChanged.emit(stored.patient_id)
        return stored

    def delete_visit(self, visit_id: int) -> None:
        patient_id = self.store.visits.get(visit_id).patient_id
        self.store.visits.delete(visit_id)
        self.visitsChanged.emit(patient_id)

    def new_visit(self, patient_id: int, *, visit_date: dt.date, clinician: str = "") -> Visit:
        """A draft visit that carries forward what a follow-up starts from.

        The trigger points charted at the latest earlier visit and not resolved there come
        along with the same identities and blank findings (to be re-assessed); so do the
        clinician and the escalation step. The reassessment date gets its default.
        """
        store = self.store
        earlier = [v for v in store.visits.for_patient(patient_id) if v.visit_date <= visit_date]
        last = earlier[-1] if earlier else None
        with store.transaction():
            visit = store.visits.add(
                Visit(
                    patient_id=patient_id,
                    visit_date=visit_date,
                    clinician=clinician or (last.clinician if last else ""),
                    escalation_step=last.escalation_step if last else None,
                    reassess_on=default_reassessment(visit_date),
                    status=VisitStatus.DRAFT,
                )
            )
            assert visit.id is not None
            if last is not None and last.id is not None:
                for point in store.trigger_points.for_visit(last.id):
                    if point.id is not None and point.resolved_visit_id is None:
                        store.findings.add(Finding(visit_id=visit.id, trigger_point_id=point.id))
        self.visitsChanged.emit(patient_id)
        return visit

    def notify_visit_records(self, visit_id: int) -> None:
        """Tell every view that a visit's records changed (after a write elsewhere)."""
        self.visitRecordsChanged.emit(visit_id)

    def add_treatment(self, treatment: Treatment) -> Treatment:
        stored = self.store.treatments.add(treatment)
        self.visitRecordsChanged.emit(stored.visit_id)
        return stored

    def update_treatment(self, treatment: Treatment) -> Treatment:
        stored = self.store.treatments.update(treatment)
        self.visitRecordsChanged.emit(stored.visit_id)
        return stored

    def delete_treatment(self, treatment_id: int) -> Treatment:
        """Delete and return what was deleted (undo re-adds it with the same uid)."""
        gone = self.store.treatments.get(treatment_id)
        self.store.treatments.delete(treatment_id)
        self.visitRecordsChanged.emit(gone.visit_id)
        return gone

    def record_measure(self, visit_id: int, kind: str, value: float | None) -> None:
        """Store one outcome measure of a visit; ``None`` clears it (not recorded)."""
        if value is None:
            self.store.measurements.clear(visit_id, kind)
        else:
            self.store.measurements.record(visit_id, kind, value)
        self.visitRecordsChanged.emit(visit_id)

    def amendments_for(self, visit_id: int) -> list[Amendment]:
        """The visit's amendments, oldest first."""
        return self.store.amendments.for_visit(visit_id)

    def add_amendment(self, amendment: Amendment) -> Amendment:
        """Record a correction of a signed visit (the store checks that it applies)."""
        stored = self.store.amendments.add(amendment)
        self.visitRecordsChanged.emit(stored.visit_id)
        return stored

    def set_dose_limits(self, limits: DoseLimits) -> None:
        self.store.settings.set_dose_limits(limits)

    # --- the audit trail: what was done with the records, beside changing them ----------

    def record_output(
        self,
        action: str,
        document: str,
        *,
        patient_id: int | None = None,
        visit_id: int | None = None,
        file: Path | None = None,
        printer: str | None = None,
    ) -> int:
        """Record in the audit trail that a document left the app: ``action`` "print" or
        "export", ``document`` its kind ("visit", "homecare", "progress"). A visit's
        document is filed under the visit; a patient's (the progress report) under the
        patient. Raises a ``StoreError`` when the entry cannot be written."""
        detail: dict[str, str] = {"document": document}
        uid = None
        if visit_id is not None:
            visit = self.store.visits.get(visit_id)
            patient_id, uid = visit.patient_id, visit.uid
            detail["visit_uid"] = visit.uid
            detail["visit_date"] = visit.visit_date.isoformat()
        if patient_id is not None:
            patient = self.store.patients.get(patient_id)
            detail["chart_no"] = patient.chart_no
            uid = uid or patient.uid
        if file is not None:
            detail["file"] = str(file)
        if printer:
            detail["printer"] = printer
        entry_id = audit.record_event(self.store.db, action, detail, visit_id=visit_id, uid=uid)
        if visit_id is not None:
            self.outputRecorded.emit(visit_id)
        return entry_id
