"""Treatments with their linked trigger points and, for needling, the needle record."""

from __future__ import annotations

import json
from typing import Any

from bodymap.domain.treatment import Agent, NeedleRecord, Treatment
from bodymap.domain.treatment_catalog import TreatmentKind
from bodymap.store.repository import Repository
from bodymap.store.rows import bool_or_none, int_or_none, now_iso, writing

_NEEDLE_COLUMNS = (
    "sterile_prep", "needle_gauge", "needle_length_mm", "points_count", "agent",
    "concentration_percent", "with_epinephrine", "volume_per_point_ml", "corticosteroid_mg",
    "aspiration_confirmed", "twitch_responses", "post_nrs",
)  # fmt: skip


def _needle_to_row(n: NeedleRecord) -> dict[str, Any]:
    row = {c: getattr(n, c) for c in _NEEDLE_COLUMNS}
    row["agent"] = None if n.agent is None else n.agent.value
    for flag in ("sterile_prep", "with_epinephrine", "aspiration_confirmed"):
        row[flag] = int_or_none(row[flag])
    return row


def _needle_from_row(row: tuple[Any, ...]) -> NeedleRecord:
    values = dict(zip(_NEEDLE_COLUMNS, row, strict=True))
    return NeedleRecord(
        **{
            **values,
            "agent": None if values["agent"] is None else Agent(values["agent"]),
            "sterile_prep": bool(values["sterile_prep"]),
            "with_epinephrine": bool(values["with_epinephrine"]),
            "aspiration_confirmed": bool_or_none(values["aspiration_confirmed"]),
        }
    )


class TreatmentRepository(Repository[Treatment]):
    table = "treatment"
    what = "treatment"
    columns = ("id", "uid", "visit_id", "kind", "details", "notes")
    fixed = ("uid", "visit_id")

    def _from_row(self, row: dict[str, Any]) -> Treatment:
        points = tuple(
            r[0]
            for r in self._db.execute(
                "SELECT trigger_point_id FROM treatment_point WHERE treatment_id = ? "
                "ORDER BY trigger_point_id",
                [row["id"]],
            )
        )
        needle_row = self._db.execute(
            f"SELECT {', '.join(_NEEDLE_COLUMNS)} FROM needle_record WHERE treatment_id = ?",
            [row["id"]],
        ).fetchone()
        return Treatment(
            id=row["id"],
            uid=row["uid"],
            visit_id=row["visit_id"],
            kind=TreatmentKind(row["kind"]),
            trigger_point_ids=points,
            details=json.loads(row["details"]),
            needle=None if needle_row is None else _needle_from_row(needle_row),
            notes=row["notes"],
        )

    def _to_row(self, record: Treatment) -> dict[str, Any]:
        return {
            "uid": record.uid,
            "visit_id": record.visit_id,
            "kind": record.kind.value,
            "details": json.dumps(dict(record.details), sort_keys=True),
            "notes": record.notes,
        }

    def add(self, record: Treatment) -> Treatment:
        stamp = now_iso()
        row = {**self._to_row(record), "created_at": stamp, "updated_at": stamp}
        with writing(self._db):
            cur = self._db.execute(
                f"INSERT INTO treatment ({', '.join(row)}) "
                f"VALUES ({', '.join(':' + c for c in row)})",
                row,
            )
            assert cur.lastrowid is not None
            self._write_parts(cur.lastrowid, record)
        return self.get(cur.lastrowid)

    def update(self, record: Treatment) -> Treatment:
        if record.id is None:
            raise ValueError("update needs a stored treatment")
        with writing(self._db):
            super().update(record)  # nested: a savepoint inside this transaction
            self._db.execute("DELETE FROM treatment_point WHERE treatment_id = ?", [record.id])
            self._db.execute("DELETE FROM needle_record WHERE treatment_id = ?", [record.id])
            self._write_parts(record.id, record)
        return self.get(record.id)

    def for_visit(self, visit_id: int) -> list[Treatment]:
        return self._select("visit_id = ?", [visit_id])

    def for_patient(self, patient_id: int) -> list[Treatment]:
        return self._select("visit_id IN (SELECT id FROM visit WHERE patient_id = ?)", [patient_id])

    def _write_parts(self, treatment_id: int, record: Treatment) -> None:
        for point_id in record.trigger_point_ids:
            self._db.execute(
                "INSERT INTO treatment_point (treatment_id, trigger_point_id) VALUES (?, ?)",
                [treatment_id, point_id],
            )
        if record.needle is not None:
            row = {"treatment_id": treatment_id, **_needle_to_row(record.needle)}
            self._db.execute(
                f"INSERT INTO needle_record ({', '.join(row)}) "
                f"VALUES ({', '.join(':' + c for c in row)})",
                row,
            )
