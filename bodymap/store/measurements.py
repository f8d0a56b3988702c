"""Outcome measures, at most one value per kind per visit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from bodymap.domain.measures import MEASURE_KINDS_BY_ID, Measurement
from bodymap.store.repository import Repository
from bodymap.store.rows import now_iso, writing


@dataclass(frozen=True, slots=True)
class DatedValue:
    """One measure at one visit, for trends."""

    visit_id: int
    visit_date: dt.date
    kind: str
    value: float


class MeasurementRepository(Repository[Measurement]):
    table = "measurement"
    what = "measurement"
    columns = ("id", "uid", "visit_id", "kind", "value")
    fixed = ("uid", "visit_id", "kind")

    def _from_row(self, row: dict[str, Any]) -> Measurement:
        spec = MEASURE_KINDS_BY_ID.get(row["kind"])
        # The column is REAL; whole-number scales (NRS, NDI) come back as int.
        value = int(row["value"]) if spec is not None and spec.integer else row["value"]
        return Measurement(
            id=row["id"], uid=row["uid"], visit_id=row["visit_id"], kind=row["kind"], value=value
        )

    def _to_row(self, record: Measurement) -> dict[str, Any]:
        return {
            "uid": record.uid, "visit_id": record.visit_id, "kind": record.kind,
            "value": record.value,
        }  # fmt: skip

    def record(self, visit_id: int, kind: str, value: float) -> Measurement:
        """Set the value of one measure at a visit, replacing an earlier value."""
        new = Measurement(visit_id=visit_id, kind=kind, value=value)  # validates
        stamp = now_iso()
        with writing(self._db):
            self._db.execute(
                "INSERT INTO measurement (uid, visit_id, kind, value, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (visit_id, kind) "
                "DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                [new.uid, visit_id, kind, float(value), stamp, stamp],
            )
        rows = self._select("visit_id = ? AND kind = ?", [visit_id, kind])
        return rows[0]

    def clear(self, visit_id: int, kind: str) -> None:
        with writing(self._db):
            self._db.execute(
                "DELETE FROM measurement WHERE visit_id = ? AND kind = ?", [visit_id, kind]
            )

    def for_visit(self, visit_id: int) -> list[Measurement]:
        return self._select("visit_id = ?", [visit_id], order_by="kind")

    def history(self, patient_id: int) -> list[DatedValue]:
        """Every measure of a patient with its visit date, oldest first."""
        rows = self._db.execute(
            "SELECT m.visit_id, v.visit_date, m.kind, m.value FROM measurement m "
            "JOIN visit v ON v.id = m.visit_id WHERE v.patient_id = ? "
            "ORDER BY v.visit_date, v.id, m.kind",
            [patient_id],
        ).fetchall()
        return [DatedValue(r[0], dt.date.fromisoformat(r[1]), r[2], r[3]) for r in rows]
