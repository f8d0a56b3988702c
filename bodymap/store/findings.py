"""Palpation findings, one per trigger point per visit."""

from __future__ import annotations

from typing import Any

from bodymap.domain.finding import Activity, Finding, PressurePainThreshold, SensationQuality
from bodymap.domain.units import PressureUnit
from bodymap.store.repository import Repository
from bodymap.store.rows import bool_or_none, int_or_none

_FLAGS = ("taut_band", "referred_pain", "pain_recognition", "twitch_response", "jump_sign")


def _from_row(row: dict[str, Any]) -> Finding:
    trials = tuple(row[c] for c in ("ppt_1", "ppt_2", "ppt_3") if row[c] is not None)
    ppt = (
        PressurePainThreshold(
            trials=trials,
            unit=PressureUnit(row["ppt_unit"]),
            probe_area_cm2=row["ppt_probe_cm2"],
            rate_per_s=row["ppt_rate"],
        )
        if trials
        else None
    )
    return Finding(
        id=row["id"],
        uid=row["uid"],
        visit_id=row["visit_id"],
        trigger_point_id=row["trigger_point_id"],
        **{flag: bool_or_none(row[flag]) for flag in _FLAGS},
        tenderness=row["tenderness"],
        nrs_on_compression=row["nrs_on_compression"],
        ppt=ppt,
        sensation=None if row["sensation"] is None else SensationQuality(row["sensation"]),
        activity=None if row["activity"] is None else Activity(row["activity"]),
        notes=row["notes"],
    )


def _to_row(f: Finding) -> dict[str, Any]:
    trials: list[float | None] = list(f.ppt.trials) if f.ppt else []
    trials += [None] * (3 - len(trials))
    return {
        "uid": f.uid,
        "visit_id": f.visit_id,
        "trigger_point_id": f.trigger_point_id,
        **{flag: int_or_none(getattr(f, flag)) for flag in _FLAGS},
        "tenderness": f.tenderness,
        "nrs_on_compression": f.nrs_on_compression,
        "ppt_1": trials[0],
        "ppt_2": trials[1],
        "ppt_3": trials[2],
        "ppt_unit": f.ppt.unit.value if f.ppt else None,
        "ppt_probe_cm2": f.ppt.probe_area_cm2 if f.ppt else None,
        "ppt_rate": f.ppt.rate_per_s if f.ppt else None,
        "sensation": None if f.sensation is None else f.sensation.value,
        "activity": None if f.activity is None else f.activity.value,
        "notes": f.notes,
    }


class FindingRepository(Repository[Finding]):
    table = "finding"
    what = "finding"
    columns = (
        "id",
        "uid",
        "visit_id",
        "trigger_point_id",
        *_FLAGS,
        "tenderness",
        "nrs_on_compression",
        "ppt_1",
        "ppt_2",
        "ppt_3",
        "ppt_unit",
        "ppt_probe_cm2",
        "ppt_rate",
        "sensation",
        "activity",
        "notes",
    )
    fixed = ("uid", "visit_id", "trigger_point_id")

    def _from_row(self, row: dict[str, Any]) -> Finding:
        return _from_row(row)

    def _to_row(self, record: Finding) -> dict[str, Any]:
        return _to_row(record)

    def for_visit(self, visit_id: int) -> list[Finding]:
        return self._select("visit_id = ?", [visit_id])

    def for_trigger_point(self, point_id: int) -> list[Finding]:
        """Every finding of one point, in visit order."""
        return self._select(
            "trigger_point_id = ?",
            [point_id],
            order_by="(SELECT visit_date FROM visit WHERE visit.id = visit_id), visit_id",
        )
