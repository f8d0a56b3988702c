"""Everything a printed visit shows, read from the store once and amended.

Signed records are printed as amended (what the clinician stands behind now), and the
amendments themselves are listed, so the signed original stays readable beside them.
A handful of queries per visit, never one per earlier visit, so a patient with hundreds
of visits prints as quickly as a new one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from bodymap.domain.amendment import (
    Amendment,
    AmendmentTarget,
    amended_finding,
    amended_measures,
    amended_treatment,
    amended_visit,
)
from bodymap.domain.dose import DoseLimits
from bodymap.domain.finding import Finding
from bodymap.domain.patient import Patient
from bodymap.domain.referral import ReferralZone
from bodymap.domain.treatment import Treatment
from bodymap.domain.trigger_point import TriggerPoint
from bodymap.domain.visit import Visit
from bodymap.store import Store
from bodymap.store.errors import NotFound


class ReportError(Exception):
    """A report that cannot be made, in words the user can act on (no traceback)."""


@dataclass(frozen=True, slots=True)
class EarlierValue:
    """A measure at an earlier visit: the previous visit's, or the first ever (baseline)."""

    value: float
    visit_date: dt.date


@dataclass(frozen=True, slots=True, kw_only=True)
class VisitRecord:
    patient: Patient
    visit: Visit  # as amended
    points: tuple[TriggerPoint, ...]  # charted at this visit, by label
    findings: dict[int, Finding]  # trigger point id -> finding, as amended
    zones: tuple[ReferralZone, ...]
    treatments: tuple[Treatment, ...]  # as amended
    measures: dict[str, float]  # kind id -> value, as amended
    previous_visit: Visit | None
    previous: dict[str, EarlierValue] = field(default_factory=dict)  # at the previous visit
    baseline: dict[str, EarlierValue] = field(default_factory=dict)  # first value ever
    amendments: tuple[Amendment, ...] = ()  # of this visit, oldest first
    patient_points: dict[int, TriggerPoint] = field(default_factory=dict)  # id -> point
    dose_limits: DoseLimits | None = None

    @property
    def amended_fields(self) -> frozenset[tuple[str, str]]:
        """(record uid, field) of every corrected value, to flag it where it is printed."""
        return frozenset(
            (a.target_uid, a.field) for a in self.amendments if a.target is not AmendmentTarget.NOTE
        )

    def point_labels(self, ids: tuple[int, ...]) -> list[int]:
        return sorted(self.patient_points[i].label for i in ids if i in self.patient_points)


def load_visit(store: Store, visit_id: int) -> VisitRecord:
    """The visit with its records as amended; ReportError when there is no such visit."""
    try:
        stored = store.visits.get(visit_id)
    except NotFound as exc:
        raise ReportError(f"no visit with id {visit_id}") from exc
    patient = store.patients.get(stored.patient_id)
    patient_amendments = store.amendments.for_patient(patient.id or 0)
    own = tuple(a for a in patient_amendments if a.visit_id == visit_id)
    visit = amended_visit(stored, own)
    points = tuple(store.trigger_points.for_visit(visit_id))
    findings = {
        f.trigger_point_id: amended_finding(f, own) for f in store.findings.for_visit(visit_id)
    }
    treatments = tuple(amended_treatment(t, own) for t in store.treatments.for_visit(visit_id))

    visits = store.visits.for_patient(patient.id or 0)
    by_visit: dict[int, list[Amendment]] = defaultdict(list)
    for a in patient_amendments:
        by_visit[a.visit_id].append(a)
    raw: dict[int, dict[str, float]] = defaultdict(dict)
    for dated in store.measurements.history(patient.id or 0):
        raw[dated.visit_id][dated.kind] = dated.value
    index = next(i for i, v in enumerate(visits) if v.id == visit_id)
    measures_of = {
        v.id: amended_measures(v.uid, raw.get(v.id or 0, {}), by_visit.get(v.id or 0, []))
        for v in visits[: index + 1]
    }
    previous_visit = visits[index - 1] if index > 0 else None
    previous = {}
    if previous_visit is not None:
        previous = {
            kind: EarlierValue(value, previous_visit.visit_date)
            for kind, value in measures_of[previous_visit.id].items()
        }
    baseline: dict[str, EarlierValue] = {}
    for earlier in visits[:index]:
        for kind, value in measures_of[earlier.id].items():
            baseline.setdefault(kind, EarlierValue(value, earlier.visit_date))

    return VisitRecord(
        patient=patient,
        visit=visit,
        points=points,
        findings=findings,
        zones=tuple(store.referral_zones.for_visit(visit_id)),
        treatments=treatments,
        measures=measures_of[visit_id],
        previous_visit=previous_visit,
        previous=previous,
        baseline=baseline,
        amendments=own,
        patient_points={p.id: p for p in store.trigger_points.for_patient(patient.id or 0) if p.id},
        dose_limits=store.settings.dose_limits(),
    )
