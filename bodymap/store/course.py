"""Read one patient's course of care for the progress charts, through the repositories.

A handful of queries per patient (per trigger point for findings and zones, one each for
the measures, treatments and amendments), never one per visit, so a long course loads
quickly. Signed visits are shown as amended: a corrected pain score is the one charted.
"""

from __future__ import annotations

from collections import defaultdict

from bodymap.domain.amendment import Amendment, amended_finding, amended_measures, amended_visit
from bodymap.domain.course import (
    CoursePoint,
    CourseVisit,
    PatientCourse,
    PointReading,
    point_extent,
)
from bodymap.domain.finding import Finding
from bodymap.domain.referral import ReferralZone
from bodymap.domain.treatment_catalog import TreatmentKind
from bodymap.domain.units import PressureUnit
from bodymap.store.store import Store


def _reading(finding: Finding | None, zones: list[ReferralZone]) -> PointReading:
    extent = point_extent(zones)
    if extent is None and finding is not None and finding.referred_pain is False:
        extent = 0.0  # examined, and compression referred nowhere
    if finding is None:
        return PointReading(extent_percent=extent)
    return PointReading(
        ppt_kpa=None if finding.ppt is None else finding.ppt.mean_in(PressureUnit.KPA),
        nrs=finding.nrs_on_compression,
        activity=finding.effective_activity,
        extent_percent=extent,
    )


def load_course(store: Store, patient_id: int) -> PatientCourse:
    """Everything the progress charts show for one patient. Raises ``NotFound`` for an
    unknown patient."""
    patient = store.patients.get(patient_id)
    amendments: dict[int, list[Amendment]] = defaultdict(list)
    for amendment in store.amendments.for_patient(patient_id):
        amendments[amendment.visit_id].append(amendment)
    visits = [amended_visit(v, amendments[v.id or 0]) for v in store.visits.for_patient(patient_id)]
    points = store.trigger_points.for_patient(patient_id)

    measures: dict[int, dict[str, float]] = defaultdict(dict)
    for dated in store.measurements.history(patient_id):
        measures[dated.visit_id][dated.kind] = dated.value

    treatments: dict[int, list[TreatmentKind]] = defaultdict(list)
    for treatment in store.treatments.for_patient(patient_id):
        treatments[treatment.visit_id].append(treatment.kind)

    readings: dict[int, dict[int, PointReading]] = defaultdict(dict)
    for point in points:
        assert point.id is not None  # stored records have ids
        findings = {
            f.visit_id: amended_finding(f, amendments[f.visit_id])
            for f in store.findings.for_trigger_point(point.id)
        }
        zones: dict[int, list[ReferralZone]] = defaultdict(list)
        for zone in store.referral_zones.for_trigger_point(point.id):
            zones[zone.visit_id].append(zone)
        for visit_id in findings.keys() | zones.keys():
            readings[visit_id][point.id] = _reading(findings.get(visit_id), zones[visit_id])

    course_visits = []
    for visit in visits:
        assert visit.id is not None
        course_visits.append(
            CourseVisit(
                id=visit.id,
                date=visit.visit_date,
                step=visit.escalation_step,
                signed=visit.is_signed,
                measures=amended_measures(
                    visit.uid, measures.get(visit.id, {}), amendments[visit.id]
                ),
                points=readings.get(visit.id, {}),
                treatments=tuple(treatments.get(visit.id, ())),
            )
        )
    course_points = []
    for point in points:
        assert point.id is not None
        course_points.append(
            CoursePoint(
                id=point.id,
                label=point.label,
                muscle_id=point.muscle_id,
                side=point.side,
                resolved_visit_id=point.resolved_visit_id,
            )
        )
    return PatientCourse(
        patient_id=patient_id,
        patient_name=patient.display_name,
        visits=tuple(course_visits),
        points=tuple(course_points),
    )
