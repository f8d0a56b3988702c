"""One open database as seen by the GUI.

Views read through the session and never write to the store themselves: every change
goes through a session method, which writes in one transaction and then emits a typed
signal so each view showing that data refreshes itself. Views never poke each other.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from bodymap.domain.patient import Patient
from bodymap.domain.visit import Visit
from bodymap.store import Mode, Store

PATIENT_SEARCH_LIMIT = 500


class Session(QObject):
    """Holds the :class:`Store` of one database file while it is open in the app."""

    patientsChanged = Signal()  # noqa: N815 - Qt signal naming
    visitsChanged = Signal(int)  # noqa: N815 - the patient whose visits changed
    closed = Signal()

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store: Store | None = store
        self.path: Path = store.path if store.path is not None else Path()

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

    def search_patients(self, text: str, limit: int = PATIENT_SEARCH_LIMIT) -> list[Patient]:
        return self.store.patients.search(text, limit=limit)

    def patient(self, patient_id: int) -> Patient:
        return self.store.patients.get(patient_id)

    def visits_for(self, patient_id: int) -> list[Visit]:
        """The patient's visits, oldest first (as the store returns them)."""
        return self.store.visits.for_patient(patient_id)

    def visit(self, visit_id: int) -> Visit:
        return self.store.visits.get(visit_id)

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
