"""One open database with a repository for each kind of record."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from types import TracebackType

from sqlite_utils import Database

from bodymap.store.amendments import AmendmentRepository
from bodymap.store.connection import Mode, open_database, schema_state, write_transaction
from bodymap.store.findings import FindingRepository
from bodymap.store.measurements import MeasurementRepository
from bodymap.store.patients import PatientRepository
from bodymap.store.referral_zones import ReferralZoneRepository
from bodymap.store.settings import SettingRepository
from bodymap.store.treatments import TreatmentRepository
from bodymap.store.trigger_points import TriggerPointRepository
from bodymap.store.visits import VisitRepository


class Store:
    """The store for one database file. Close it (or use ``with``) when done."""

    def __init__(self, db: Database, path: Path | None = None) -> None:
        self.db = db
        self.path = path
        self.patients = PatientRepository(db)
        self.visits = VisitRepository(db)
        self.trigger_points = TriggerPointRepository(db)
        self.findings = FindingRepository(db)
        self.referral_zones = ReferralZoneRepository(db)
        self.treatments = TreatmentRepository(db)
        self.measurements = MeasurementRepository(db)
        self.amendments = AmendmentRepository(db)
        self.settings = SettingRepository(db)

    @classmethod
    def open(cls, path: Path | str, mode: Mode = Mode.READ_WRITE, **options: int) -> Store:
        """Open a database file; ``options`` go to :func:`open_database`."""
        return cls(open_database(path, mode, **options), Path(path))

    @property
    def schema_version(self) -> int:
        return schema_state(self.db).version

    def transaction(self) -> AbstractContextManager[Database]:
        """Group several repository writes into one atomic transaction."""
        return write_transaction(self.db)

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
