"""Trigger points: identities that persist across a patient's visits."""

from __future__ import annotations

from typing import Any

from bodymap.domain.muscles import Side
from bodymap.domain.trigger_point import MapPosition, TriggerPoint
from bodymap.store.repository import Repository


def _from_row(row: dict[str, Any]) -> TriggerPoint:
    return TriggerPoint(
        id=row["id"],
        uid=row["uid"],
        patient_id=row["patient_id"],
        muscle_id=row["muscle_id"],
        side=Side(row["side"]),
        label=row["label"],
        position=MapPosition(
            x=row["x"],
            y=row["y"],
            template_id=row["template_id"],
            template_version=row["template_version"],
        ),
        first_visit_id=row["first_visit_id"],
        resolved_visit_id=row["resolved_visit_id"],
    )


def _to_row(tp: TriggerPoint) -> dict[str, Any]:
    return {
        "uid": tp.uid,
        "patient_id": tp.patient_id,
        "muscle_id": tp.muscle_id,
        "side": tp.side.value,
        "label": tp.label,
        "x": tp.position.x,
        "y": tp.position.y,
        "template_id": tp.position.template_id,
        "template_version": tp.position.template_version,
        "first_visit_id": tp.first_visit_id,
        "resolved_visit_id": tp.resolved_visit_id,
    }


class TriggerPointRepository(Repository[TriggerPoint]):
    table = "trigger_point"
    what = "trigger point"
    columns = (
        "id",
        "uid",
        "patient_id",
        "muscle_id",
        "side",
        "label",
        "x",
        "y",
        "template_id",
        "template_version",
        "first_visit_id",
        "resolved_visit_id",
    )
    fixed = ("uid", "patient_id")  # the identity never changes
    order_by = "label"

    def _from_row(self, row: dict[str, Any]) -> TriggerPoint:
        return _from_row(row)

    def _to_row(self, record: TriggerPoint) -> dict[str, Any]:
        return _to_row(record)

    def for_patient(self, patient_id: int) -> list[TriggerPoint]:
        return self._select("patient_id = ?", [patient_id])

    def for_visit(self, visit_id: int) -> list[TriggerPoint]:
        """The points charted at a visit: those with a finding there."""
        return self._select(
            "id IN (SELECT trigger_point_id FROM finding WHERE visit_id = ?)", [visit_id]
        )

    def next_label(self, patient_id: int) -> int:
        row = self._db.execute(
            "SELECT coalesce(max(label), 0) + 1 FROM trigger_point WHERE patient_id = ?",
            [patient_id],
        ).fetchone()
        return int(row[0])
