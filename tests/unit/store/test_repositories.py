"""Every record type goes in and comes back equal, through one transaction per write."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bodymap.domain.finding import Activity, Finding, PressurePainThreshold, SensationQuality
from bodymap.domain.measures import Measurement
from bodymap.domain.referral import ReferralZone
from bodymap.domain.treatment import Agent, NeedleRecord, Treatment
from bodymap.domain.treatment_catalog import TreatmentKind
from bodymap.domain.units import PressureUnit
from bodymap.store import Store
from bodymap.store.errors import ConstraintViolation, NotFound


def test_patient_round_trip_update_and_search(store: Store, make) -> None:
    ada = make.patient("P-1", family_name="Okonkwo", given_names="Ada")
    make.patient("P-2", family_name="Okafor", given_names="Bayo", date_of_birth=dt.date(1990, 7, 1))
    make.patient("Q-3", family_name="Varga", given_names="Olli")
    assert store.patients.get(ada.id) == ada  # type: ignore[arg-type]
    assert [p.chart_no for p in store.patients.search("oka")] == ["P-2"]
    assert [p.chart_no for p in store.patients.search("ok")] == ["P-2", "P-1"]  # by name
    assert [p.chart_no for p in store.patients.search("q-")] == ["Q-3"]
    assert [p.chart_no for p in store.patients.search("1990-07")] == ["P-2"]
    assert [p.chart_no for p in store.patients.search("o ada")] == ["P-1"]  # every word
    assert store.patients.search("100%") == []  # LIKE wildcards are literal
    moved = store.patients.update(replace(ada, weight_kg=70.5, notes="Prefers mornings."))
    assert (moved.weight_kg, moved.notes, moved.uid) == (70.5, "Prefers mornings.", ada.uid)
    assert store.patients.by_chart_no("P-1") == moved


def test_chart_numbers_are_unique(store: Store, make) -> None:
    make.patient("P-1")
    with pytest.raises(ConstraintViolation, match="UNIQUE"):
        make.patient("P-1")
    assert store.patients.count() == 1


def test_visits_in_date_order_and_previous(store: Store, make) -> None:
    p = make.patient()
    late = make.visit(p, dt.date(2026, 3, 1))
    early = make.visit(p, dt.date(2026, 2, 1))
    assert [v.id for v in store.visits.for_patient(p.id)] == [early.id, late.id]
    assert store.visits.previous(late) == early
    assert store.visits.previous(early) is None
    changed = store.visits.update(replace(late, plan="Review in three weeks."))
    assert changed.plan == "Review in three weeks."


def test_trigger_point_identity_and_labels(store: Store, make) -> None:
    p = make.patient()
    first = make.point(p, 1)
    assert store.trigger_points.next_label(p.id) == 2
    with pytest.raises(ConstraintViolation):
        make.point(p, 1)  # labels are unique per patient
    moved = store.trigger_points.update(
        replace(first, position=replace(first.position, x=0.64), patient_id=999)
    )
    assert moved.position.x == 0.64
    assert moved.patient_id == p.id  # the identity cannot move to another patient


def test_finding_round_trip(store: Store, make) -> None:
    p = make.patient()
    v, tp = make.visit(p), make.point(p)
    f = Finding(
        visit_id=v.id, trigger_point_id=tp.id, taut_band=True, tenderness=2, referred_pain=True,
        pain_recognition=False, twitch_response=None, jump_sign=False, nrs_on_compression=6,
        ppt=PressurePainThreshold(trials=(210.5, 230.0), unit=PressureUnit.KPA, probe_area_cm2=0.5,
                                  rate_per_s=50.0),
        sensation=SensationQuality.BURNING, activity=Activity.LATENT, notes="Twitch on snap.",
    )  # fmt: skip
    stored = store.findings.add(f)
    assert replace(stored, id=None) == f
    assert store.findings.for_visit(v.id) == [stored]
    assert store.trigger_points.for_visit(v.id) == [tp]
    cleared = store.findings.update(replace(stored, ppt=None, tenderness=None))
    assert cleared.ppt is None and cleared.tenderness is None


def test_findings_of_a_point_follow_visit_dates(store: Store, make) -> None:
    p = make.patient()
    tp = make.point(p)
    later = make.visit(p, dt.date(2026, 4, 1))
    earlier = make.visit(p, dt.date(2026, 3, 1))
    store.findings.add(Finding(visit_id=later.id, trigger_point_id=tp.id, tenderness=1))
    store.findings.add(Finding(visit_id=earlier.id, trigger_point_id=tp.id, tenderness=3))
    assert [f.tenderness for f in store.findings.for_trigger_point(tp.id)] == [3, 1]


def test_treatment_with_points_and_needle_record(store: Store, make) -> None:
    p = make.patient()
    v, a, b = make.visit(p), make.point(p, 1), make.point(p, 2, "infraspinatus")
    t = Treatment(
        visit_id=v.id,
        kind=TreatmentKind.TRP_INJECTION,
        trigger_point_ids=(a.id, b.id),
        needle=NeedleRecord(
            sterile_prep=True,
            needle_gauge=27,
            needle_length_mm=38,
            points_count=2,
            agent=Agent.LIDOCAINE,
            concentration_percent=0.5,
            volume_per_point_ml=1.0,
            aspiration_confirmed=True,
            twitch_responses=2,
            post_nrs=3,
        ),
        notes="Both points re-checked afterwards.",
    )
    stored = store.treatments.add(t)
    assert replace(stored, id=None) == t
    assert stored.needle is not None and stored.needle.total_mg == 10.0
    fewer = store.treatments.update(replace(stored, trigger_point_ids=(b.id,)))
    assert fewer.trigger_point_ids == (b.id,)
    store.treatments.delete(stored.id)
    assert store.treatments.for_visit(v.id) == []
    assert store.db.execute("SELECT count(*) FROM needle_record").fetchone()[0] == 0


def test_a_failed_treatment_write_leaves_nothing(store: Store, make) -> None:
    p = make.patient()
    v = make.visit(p)
    with pytest.raises(ConstraintViolation):
        store.treatments.add(
            Treatment(visit_id=v.id, kind=TreatmentKind.TRP_COMPRESSION, trigger_point_ids=(42,))
        )
    assert store.db.execute("SELECT count(*) FROM treatment").fetchone()[0] == 0


def test_referral_zone_round_trip(store: Store, make) -> None:
    p = make.patient()
    v, tp = make.visit(p), make.point(p)
    zone = ReferralZone(
        visit_id=v.id, trigger_point_id=tp.id, quality=SensationQuality.TINGLING,
        polygons=(((0.1, 0.2), (0.15, 0.2), (0.125, 0.3)), ((0.7, 0.7), (0.8, 0.7), (0.8, 0.8))),
        extent_percent=1.25,
    )  # fmt: skip
    stored = store.referral_zones.add(zone)
    assert replace(stored, id=None) == zone
    assert store.referral_zones.for_trigger_point(tp.id) == [stored]


def test_measurements_upsert_and_history(store: Store, make) -> None:
    p = make.patient()
    v1, v2 = make.visit(p, dt.date(2026, 1, 5)), make.visit(p, dt.date(2026, 1, 26))
    store.measurements.record(v1.id, "nrs_now", 7)
    store.measurements.record(v1.id, "nrs_now", 6)  # corrected, not doubled
    store.measurements.record(v2.id, "nrs_now", 3)
    store.measurements.record(v2.id, "cervical_rotation_r", 64.5)
    assert [(m.kind, m.value) for m in store.measurements.for_visit(v1.id)] == [("nrs_now", 6)]
    history = [
        (h.visit_date.isoformat(), h.kind, h.value) for h in store.measurements.history(p.id)
    ]
    assert history == [
        ("2026-01-05", "nrs_now", 6),
        ("2026-01-26", "cervical_rotation_r", 64.5),
        ("2026-01-26", "nrs_now", 3),
    ]
    store.measurements.clear(v2.id, "nrs_now")
    assert [m.kind for m in store.measurements.for_visit(v2.id)] == ["cervical_rotation_r"]
    assert isinstance(store.measurements.for_visit(v1.id)[0], Measurement)


def test_deleting_a_draft_visit_removes_its_records(store: Store, make) -> None:
    p = make.patient()
    v, tp = make.visit(p), make.point(p)
    store.findings.add(Finding(visit_id=v.id, trigger_point_id=tp.id))
    store.measurements.record(v.id, "nrs_now", 4)
    store.visits.delete(v.id)
    assert store.findings.for_trigger_point(tp.id) == []
    with pytest.raises(NotFound, match=f"visit {v.id} does not exist"):
        store.visits.get(v.id)


def test_a_transaction_groups_writes(store: Store, make) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        make.patient("T-1")
        make.patient("T-2")
        raise RuntimeError("the power went out")
    assert store.patients.count() == 0


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    notes=st.text(max_size=300).filter(
        lambda t: not any((ord(c) < 32 and c not in "\t\n\r") or ord(c) == 127 for c in t)
    )
)
def test_any_text_is_stored_byte_exact(store: Store, make, notes: str) -> None:
    chart = f"H-{store.patients.count() + 1}"
    p = make.patient(chart, notes=notes)
    assert store.patients.get(p.id).notes == notes
