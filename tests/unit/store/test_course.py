"""Loading a patient's course for the progress charts (no matplotlib, no Qt)."""

from __future__ import annotations

import datetime as dt

import pytest

from bodymap.domain.amendment import amend, amend_measure
from bodymap.domain.finding import Activity, Finding, PressurePainThreshold
from bodymap.domain.referral import ReferralZone
from bodymap.domain.treatment import Treatment
from bodymap.domain.treatment_catalog import TreatmentKind
from bodymap.domain.units import PressureUnit
from bodymap.domain.visit import EscalationStep
from bodymap.store import Store
from bodymap.store.course import load_course
from bodymap.store.errors import NotFound

SQUARE = ((0.40, 0.20), (0.60, 0.20), (0.60, 0.40), (0.40, 0.40))
SIGNED_AT = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def test_a_course_with_measures_points_zones_and_treatments(store: Store, make) -> None:
    p = make.patient()
    second = make.visit(p, dt.date(2026, 2, 17))  # added first: the course is in date order
    first = make.visit(p, dt.date(2026, 2, 3))
    tp = make.point(p, label=4)
    other = make.point(p, label=5, muscle="levator_scapulae")
    store.measurements.record(first.id, "nrs_now", 7)
    store.measurements.record(first.id, "cervical_rotation_l", 52.5)
    store.measurements.record(second.id, "nrs_now", 5)
    store.findings.add(
        Finding(
            visit_id=first.id,
            trigger_point_id=tp.id,
            pain_recognition=True,  # activity follows: active
            nrs_on_compression=8,
            ppt=PressurePainThreshold(trials=(2.0, 2.5, 3.0), unit=PressureUnit.KGF_CM2),
        )
    )
    store.findings.add(
        Finding(visit_id=second.id, trigger_point_id=tp.id, activity=Activity.LATENT)
    )
    store.findings.add(Finding(visit_id=second.id, trigger_point_id=other.id, referred_pain=False))
    store.referral_zones.add(
        ReferralZone(
            visit_id=first.id, trigger_point_id=tp.id, polygons=(SQUARE,), extent_percent=3.5
        )
    )
    store.treatments.add(Treatment(visit_id=first.id, kind=TreatmentKind.HEAT))
    store.treatments.add(
        Treatment(visit_id=first.id, kind=TreatmentKind.TRP_COMPRESSION, trigger_point_ids=(tp.id,))
    )

    course = load_course(store, p.id)

    assert course.patient_id == p.id
    assert course.patient_name == "Lindqvist, Maren"
    assert [v.id for v in course.visits] == [first.id, second.id]
    assert [(pt.id, pt.label) for pt in course.points] == [(tp.id, 4), (other.id, 5)]
    v1, v2 = course.visits
    assert v1.measures == {"nrs_now": 7, "cervical_rotation_l": 52.5}
    assert v2.measures == {"nrs_now": 5}
    assert not v1.signed
    reading = v1.points[tp.id]
    assert reading.ppt_kpa == pytest.approx(2.5 * 98.0665)  # mean of the trials, in kPa
    assert reading.nrs == 8
    assert reading.activity is Activity.ACTIVE
    assert reading.extent_percent == 3.5
    assert v2.points[tp.id].activity is Activity.LATENT
    assert v2.points[tp.id].extent_percent is None  # referral not assessed: unknown, not 0
    assert v2.points[other.id].extent_percent == 0.0  # compression referred nowhere
    assert set(v1.treatments) == {TreatmentKind.HEAT, TreatmentKind.TRP_COMPRESSION}
    assert v2.treatments == ()


def test_signed_visits_are_charted_as_amended(store: Store, make) -> None:
    p = make.patient()
    v = make.visit(p)
    tp = make.point(p)
    finding = store.findings.add(
        Finding(visit_id=v.id, trigger_point_id=tp.id, nrs_on_compression=6)
    )
    store.measurements.record(v.id, "nrs_now", 5)
    signed = store.visits.sign(v.id, "A. Moreau", SIGNED_AT)
    later = SIGNED_AT + dt.timedelta(hours=2)
    store.amendments.add(
        amend_measure(
            signed, {"nrs_now": 5}, "nrs_now", 3, author="A. Moreau", reason="Typo", at=later
        )
    )
    store.amendments.add(
        amend(finding, "nrs_on_compression", 4, author="A. Moreau", reason="Typo", at=later)
    )
    store.amendments.add(
        amend(
            signed,
            "escalation_step",
            EscalationStep.HANDS_ON_AND_EXERCISE,
            author="A. Moreau",
            reason="Step recorded late",
            at=later,
        )
    )

    (visit,) = load_course(store, p.id).visits

    assert visit.signed
    assert visit.measures["nrs_now"] == 3
    assert visit.points[tp.id].nrs == 4
    assert visit.step is EscalationStep.HANDS_ON_AND_EXERCISE


def test_a_patient_without_visits_has_an_empty_course(store: Store, make) -> None:
    p = make.patient()
    course = load_course(store, p.id)
    assert course.visits == () and course.points == ()


def test_only_the_patients_own_records(store: Store, make) -> None:
    mine, theirs = make.patient("P-1"), make.patient("P-2")
    v = make.visit(mine)
    make.visit(theirs)
    store.measurements.record(v.id, "nrs_now", 2)
    assert [x.id for x in load_course(store, mine.id).visits] == [v.id]


def test_an_unknown_patient_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        load_course(store, 404)
