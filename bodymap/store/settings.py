"""Settings kept in the database file, so they travel with the records they govern
(for example the lidocaine maxima every dose warning of the clinic is checked against)."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from typing import Any

from sqlite_utils import Database

from bodymap.domain.dose import DEFAULT_LIMITS, DoseLimits
from bodymap.domain.validation import Checker
from bodymap.store.rows import writing

DOSE_LIMITS_KEY = "dose_limits"


class SettingRepository:
    """JSON values by key in the ``setting`` table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str, default: Any = None) -> Any:
        row = self._db.execute("SELECT value FROM setting WHERE key = ?", [key]).fetchone()
        return default if row is None else json.loads(row[0])

    def set(self, key: str, value: Any) -> None:
        with writing(self._db):
            self._db.execute(
                "INSERT INTO setting (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, json.dumps(value, sort_keys=True)],
            )

    def dose_limits(self) -> DoseLimits:
        """The clinic's lidocaine maxima; the label defaults where none were set (or the
        stored value is unusable, which must never stop a dose check)."""
        stored = self.get(DOSE_LIMITS_KEY)
        if not isinstance(stored, dict):
            return DEFAULT_LIMITS
        names = {f.name for f in fields(DoseLimits)}
        values = {k: v for k, v in stored.items() if k in names}
        try:
            limits = DoseLimits(**{**asdict(DEFAULT_LIMITS), **values})
            _check_limits(limits)
        except (TypeError, ValueError):
            return DEFAULT_LIMITS
        return limits

    def set_dose_limits(self, limits: DoseLimits) -> None:
        _check_limits(limits)
        self.set(DOSE_LIMITS_KEY, asdict(limits))


def _check_limits(limits: DoseLimits) -> None:
    check = Checker("dose_limits")
    check.number_range("lidocaine_mg_per_kg", limits.lidocaine_mg_per_kg, 0.5, 10, optional=False)
    check.number_range("lidocaine_cap_mg", limits.lidocaine_cap_mg, 10, 1000, optional=False)
    check.number_range(
        "lidocaine_epi_mg_per_kg", limits.lidocaine_epi_mg_per_kg, 0.5, 15, optional=False
    )
    check.number_range(
        "lidocaine_epi_cap_mg", limits.lidocaine_epi_cap_mg, 10, 1000, optional=False
    )
    check.done()
