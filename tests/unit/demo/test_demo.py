"""The demo caseload: shape, determinism, anatomy, clinical course, signing, dose."""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bodymap.demo import STORIES, DemoError, DemoSummary, course, seed
from bodymap.domain.dose import check_lidocaine
from bodymap.domain.finding import Activity
from bodymap.domain.measures import MEASURE_KINDS_BY_ID, important_change
from bodymap.domain.patient import Patient
from bodymap.domain.treatment import Agent
from bodymap.domain.treatment_catalog import TreatmentKind
from bodymap.domain.visit import EscalationStep, VisitStatus
from bodymap.store import Mode, Store

TODAY = dt.date(2025, 6, 16)
NON_IMPROVERS = {s.chart_no for s in STORIES if not s.improves}
NECK_CASES = {s.chart_no for s in STORIES if s.ndi is not None}


def _seeded(path: Path, *, today: dt.date | None = TODAY, seed_value: int = 20261124) -> Store:
    store = Store.open(path, Mode.CREATE)
    seed(store, today=today, seed=seed_value)
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    s = _seeded(tmp_path_factory.mktemp("demo") / "demo.db")
    yield s
    s.close()


def _patients(store: Store) -> list[Patient]:
    return sorted(store.patients.search(""), key=lambda p: p.chart_no)


def _pid(p: Patient) -> int:
    assert p.id is not None
    return p.id


def _dump(store: Store) -> list[Any]:
    """Every record, read back through the repositories."""
    out: list[Any] = []
    for patient in _patients(store):
        pid = _pid(patient)
        out.append(patient)
        out.extend(store.trigger_points.for_patient(pid))
        for visit in store.visits.for_patient(pid):
            assert visit.id is not None
            out.append(visit)
            out.extend(store.findings.for_visit(visit.id))
            out.extend(store.referral_zones.for_visit(visit.id))
            out.extend(store.treatments.for_visit(visit.id))
            out.extend(store.measurements.for_visit(visit.id))
    return out


def _nrs_now(store: Store, patient: Patient) -> list[float]:
    return [v.value for v in store.measurements.history(_pid(patient)) if v.kind == "nrs_now"]


def test_seeding_an_empty_database_gives_six_patients_with_months_of_visits(
    store: Store,
) -> None:
    patients = _patients(store)
    assert 5 <= len(patients) <= 6
    for patient in patients:
        visits = store.visits.for_patient(_pid(patient))
        assert 3 <= len(visits) <= 8, patient.chart_no
        span = (visits[-1].visit_date - visits[0].visit_date).days
        assert 56 <= span <= 124, (patient.chart_no, span)  # two to four months
        assert 0 <= (TODAY - visits[-1].visit_date).days <= 21, patient.chart_no


def test_summary_counts_match_what_is_stored(tmp_path: Path) -> None:
    with Store.open(tmp_path / "demo.db", Mode.CREATE) as store:
        summary = seed(store, today=TODAY)
        assert isinstance(summary, DemoSummary)
        assert summary.patients == store.patients.count()
        assert summary.visits == store.visits.count()
        assert summary.signed_visits + summary.draft_visits == summary.visits
        assert summary.trigger_points == store.trigger_points.count()
        assert summary.findings == store.findings.count()
        assert summary.referral_zones == store.referral_zones.count() > 0
        assert summary.treatments == store.treatments.count()
        assert summary.measurements == store.measurements.count()
        assert "6 patients" in str(summary)


def test_same_seed_and_day_give_identical_records_uids_included(
    store: Store, tmp_path: Path
) -> None:
    with _seeded(tmp_path / "b.db") as b, _seeded(tmp_path / "c.db", seed_value=7) as c:
        first, second, other = _dump(store), _dump(b), _dump(c)
    assert len(first) > 500
    assert first == second
    # A different seed changes uids and values, so the comparison above can fail.
    assert [r.uid for r in first] != [r.uid for r in other]


def test_dates_follow_today_with_some_reviews_overdue_and_some_ahead(tmp_path: Path) -> None:
    today = dt.date.today()
    with _seeded(tmp_path / "demo.db", today=None) as store:
        latest = [store.visits.for_patient(_pid(p))[-1] for p in _patients(store)]
    assert all(0 <= (today - v.visit_date).days <= 21 for v in latest)
    due = [v.reassess_on for v in latest if v.reassess_on is not None]
    assert any(d < today for d in due), "nothing for an overdue list"
    assert any(d > today for d in due)
    for visit in latest:
        assert visit.reassess_on is not None
        assert 14 <= (visit.reassess_on - visit.visit_date).days <= 28


def test_every_trigger_point_lies_in_its_muscle_on_its_side(store: Store) -> None:
    if importlib.util.find_spec("bodymap.domain.anatomy") is None:
        pytest.skip("the anatomy package (locate) is not importable")
    from bodymap.domain.anatomy import locate

    checked = 0
    for patient in _patients(store):
        for point in store.trigger_points.for_patient(_pid(patient)):
            where = locate(point.position.x, point.position.y)
            assert where.side is point.side, point.title
            assert (point.muscle_id, point.side) in {
                (c.muscle_id, c.side) for c in where.candidates
            }, (patient.chart_no, point.title, where.muscle_ids)
            checked += 1
    assert checked >= 20


def test_the_non_improver_stays_within_the_mcid_and_the_others_improve(store: Store) -> None:
    nrs = MEASURE_KINDS_BY_ID["nrs_now"]
    assert len(NON_IMPROVERS) == 1
    for patient in _patients(store):
        values = _nrs_now(store, patient)
        assert len(values) == len(store.visits.for_patient(_pid(patient)))
        if patient.chart_no in NON_IMPROVERS:
            assert not important_change(nrs, values[0], values[-1]), values
            assert max(values) - min(values) <= 2, values  # flat with noise
        else:
            assert important_change(nrs, values[0], values[-1]), (patient.chart_no, values)
            assert values[0] - values[-1] >= nrs.mcid, values  # type: ignore[operator]


def test_the_non_improver_reached_step_three(store: Store) -> None:
    (chart,) = NON_IMPROVERS
    patient = store.patients.by_chart_no(chart)
    assert patient is not None
    steps = [v.escalation_step for v in store.visits.for_patient(_pid(patient))]
    assert EscalationStep.NEEDLING_AND_INJECTION in steps
    assert steps[-1] is EscalationStep.NEEDLING_AND_INJECTION


def test_earlier_visits_are_signed_by_their_clinician_and_some_latest_are_drafts(
    store: Store,
) -> None:
    drafts = 0
    for patient in _patients(store):
        visits = store.visits.for_patient(_pid(patient))
        for visit in visits[:-1]:
            assert visit.status is VisitStatus.SIGNED
            assert visit.signed_by == visit.clinician
            assert visit.signed_at is not None
            assert visit.signed_at.utcoffset() == dt.timedelta(0)
            assert visit.signed_at.date() == visit.visit_date
        drafts += visits[-1].status is VisitStatus.DRAFT
    assert 2 <= drafts <= 3


def test_step_three_comes_only_after_step_one(store: Store) -> None:
    with_step_3 = 0
    for patient in _patients(store):
        steps = [v.escalation_step for v in store.visits.for_patient(_pid(patient))]
        assert steps[0] is EscalationStep.SELF_CARE, patient.chart_no
        ones = [i for i, s in enumerate(steps) if s is EscalationStep.SELF_CARE]
        threes = [i for i, s in enumerate(steps) if s is EscalationStep.NEEDLING_AND_INJECTION]
        if threes:
            with_step_3 += 1
            assert max(ones) < min(threes), (patient.chart_no, steps)
    assert with_step_3 >= 2


def test_treatments_match_the_visit_step(store: Store) -> None:
    for patient in _patients(store):
        for visit in store.visits.for_patient(_pid(patient)):
            assert visit.id is not None and visit.escalation_step is not None
            kinds = {t.kind for t in store.treatments.for_visit(visit.id)}
            # Never passive care alone: every visit carries home exercise.
            assert TreatmentKind.HOME_STRETCHING in kinds
            if visit.escalation_step is EscalationStep.SELF_CARE:
                assert not kinds & {TreatmentKind.DRY_NEEDLING, TreatmentKind.TRP_INJECTION}
                assert TreatmentKind.TRP_COMPRESSION not in kinds
            if visit.escalation_step >= EscalationStep.HANDS_ON_AND_EXERCISE:
                assert TreatmentKind.SUPERVISED_EXERCISE in kinds


def test_needle_records_are_complete_and_injections_within_the_lidocaine_limit(
    store: Store,
) -> None:
    injections = 0
    without_weight = 0
    for patient in _patients(store):
        for treatment in store.treatments.for_patient(_pid(patient)):
            needle = treatment.needle
            if needle is None:
                continue
            assert needle.sterile_prep is True
            assert needle.points_count == len(treatment.trigger_point_ids) >= 1
            assert needle.post_nrs is not None and needle.twitch_responses is not None
            if treatment.kind is TreatmentKind.TRP_INJECTION:
                injections += 1
                without_weight += patient.weight_kg is None
                assert needle.agent is Agent.LIDOCAINE
                assert needle.aspiration_confirmed is True
                assert 25 <= needle.needle_gauge <= 27
                assert 25 <= needle.needle_length_mm <= 38
                assert needle.concentration_percent in (0.5, 1.0)
                assert needle.volume_per_point_ml is not None
                assert 0.5 <= needle.volume_per_point_ml <= 1.0
                assert needle.total_mg is not None
                check = check_lidocaine(
                    needle.total_mg, patient.weight_kg, with_epinephrine=needle.with_epinephrine
                )
                assert not check.exceeded, check.message
    assert injections >= 2
    assert without_weight >= 1  # the "no weight" case of the dose check has an example


def test_weights_are_given_for_all_but_one_patient(store: Store) -> None:
    weights = [p.weight_kg for p in _patients(store)]
    assert weights.count(None) == 1
    assert len({p.sex for p in _patients(store)}) >= 2


def test_one_patient_takes_an_nsaid_at_the_start(store: Store) -> None:
    first_visit_drugs = []
    for patient in _patients(store):
        first = store.visits.for_patient(_pid(patient))[0]
        assert first.id is not None
        first_visit_drugs += [
            t for t in store.treatments.for_visit(first.id) if t.kind is TreatmentKind.MEDICATION
        ]
    assert len(first_visit_drugs) == 1
    assert first_visit_drugs[0].details["drug_class"] == "nsaid"


def test_trigger_points_keep_their_identity_across_visits(store: Store) -> None:
    resolved = appeared_later = 0
    for patient in _patients(store):
        pid = _pid(patient)
        visits = store.visits.for_patient(pid)
        order = {v.id: i for i, v in enumerate(visits)}
        points = store.trigger_points.for_patient(pid)
        assert [p.label for p in points] == list(range(1, len(points) + 1))
        for point in points:
            assert point.id is not None
            findings = store.findings.for_trigger_point(point.id)
            seen = sorted(order[f.visit_id] for f in findings)
            assert seen[0] == order[point.first_visit_id]
            assert seen == list(range(seen[0], seen[-1] + 1)), point.title  # no gaps
            appeared_later += seen[0] > 0
            if point.resolved_visit_id is not None:
                resolved += 1
                assert seen[-1] == order[point.resolved_visit_id]  # nothing after
            else:
                assert seen[-1] == len(visits) - 1  # still charted at the last visit
    assert resolved >= 3
    assert appeared_later >= 2


def test_findings_settle_as_patients_improve(store: Store) -> None:
    for patient in _patients(store):
        if patient.chart_no in NON_IMPROVERS:
            continue
        visits = store.visits.for_patient(_pid(patient))
        assert visits[0].id is not None and visits[-1].id is not None
        first = store.findings.for_visit(visits[0].id)
        last = [f for f in store.findings.for_visit(visits[-1].id) if f.tenderness]
        assert all(f.activity is Activity.ACTIVE for f in first), patient.chart_no
        assert any(f.activity is Activity.LATENT for f in last), patient.chart_no
        mean_first = sum(f.ppt.mean for f in first if f.ppt) / len(first)
        mean_last = sum(f.ppt.mean for f in last if f.ppt) / len(last)
        assert mean_last > mean_first + 0.5, patient.chart_no
        for f in first + last:
            assert f.ppt is not None
            assert 1 <= len(f.ppt.trials) <= 3
            assert all(1.0 <= t <= 5.0 for t in f.ppt.trials)


def test_referral_zones_carry_an_extent(store: Store) -> None:
    zones = [
        z
        for p in _patients(store)
        for v in store.visits.for_patient(_pid(p))
        for z in store.referral_zones.for_visit(v.id or 0)
    ]
    assert len(zones) >= 10
    for zone in zones:
        assert zone.extent_percent is not None and 0 < zone.extent_percent < 20


def test_measurements_cover_the_relevant_movements(store: Store) -> None:
    for patient in _patients(store):
        visits = store.visits.for_patient(_pid(patient))
        kinds_per_visit = [
            {m.kind for m in store.measurements.for_visit(v.id or 0)} for v in visits
        ]
        for i, kinds in enumerate(kinds_per_visit):
            assert {"nrs_now", "nrs_best", "nrs_worst"} <= kinds
            assert any(MEASURE_KINDS_BY_ID[k].family == "rom" for k in kinds)
            has_ndi = "ndi" in kinds
            should = patient.chart_no in NECK_CASES and i in (0, len(visits) - 1)
            assert has_ndi == should, (patient.chart_no, i)


def test_seeding_twice_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    with _seeded(tmp_path / "demo.db") as store:
        before = store.visits.count()
        with pytest.raises(DemoError, match="DEMO-001"):
            seed(store, today=TODAY)
        assert store.visits.count() == before


def test_a_failure_half_way_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_chart = course.chart
    calls = 0

    def failing_chart(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("disk on fire")
        return real_chart(*args, **kwargs)

    monkeypatch.setattr(course, "chart", failing_chart)
    with Store.open(tmp_path / "demo.db", Mode.CREATE) as store:
        with pytest.raises(RuntimeError, match="disk on fire"):
            seed(store, today=TODAY)
        assert calls == 3
        assert store.patients.count() == 0
        assert store.visits.count() == 0
        assert store.trigger_points.count() == 0
