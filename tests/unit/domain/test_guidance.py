"""Each guidance rule fires at its boundary and stays quiet just short of it."""

from __future__ import annotations

import datetime as dt

import pytest

from bodymap.domain.guidance import (
    REASONS,
    CareVisit,
    CurrentVisit,
    PointCheck,
    PromptCode,
    passive_only,
    prompts,
)
from bodymap.domain.treatment import Agent, NeedleRecord, Treatment
from bodymap.domain.treatment_catalog import TreatmentKind as K

TODAY = dt.date(2026, 11, 2)


def day(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=7 * n)


def injection(*points: int) -> Treatment:
    needle = NeedleRecord(
        sterile_prep=True, needle_gauge=27, needle_length_mm=25, points_count=max(len(points), 1),
        agent=Agent.LIDOCAINE, concentration_percent=1.0, volume_per_point_ml=0.5,
    )  # fmt: skip
    return Treatment(visit_id=9, kind=K.TRP_INJECTION, trigger_point_ids=points, needle=needle)


def dry_needling(*points: int) -> Treatment:
    needle = NeedleRecord(
        sterile_prep=True, needle_gauge=32, needle_length_mm=30, points_count=len(points)
    )
    return Treatment(visit_id=9, kind=K.DRY_NEEDLING, trigger_point_ids=points, needle=needle)


def simple(kind: K, *points: int) -> Treatment:
    return Treatment(visit_id=9, kind=kind, trigger_point_ids=points)


def point(pid: int, taut_band: bool | None) -> PointCheck:
    return PointCheck(id=pid, title=f"#{pid} R upper trapezius", taut_band=taut_band)


def codes(history: list[CareVisit], current: CurrentVisit) -> list[PromptCode]:
    return [p.code for p in prompts(history, current)]


# --- injection / dry needling without a documented taut band -----------------------------


@pytest.mark.parametrize(("taut_band", "fires"), [(True, False), (False, True), (None, True)])
def test_injection_needs_a_documented_taut_band(taut_band: bool | None, fires: bool) -> None:
    current = CurrentVisit(date=TODAY, treatments=(injection(1),), points=(point(1, taut_band),))
    found = prompts([], current)
    assert (PromptCode.NEEDLING_WITHOUT_TAUT_BAND in [p.code for p in found]) is fires
    if fires:
        assert "#1 R upper trapezius" in found[0].detail
        assert "properly identified trigger point" in found[0].reason


def test_one_point_missing_the_band_is_enough_and_is_named() -> None:
    current = CurrentVisit(
        date=TODAY,
        treatments=(injection(1, 2),),
        points=(point(1, True), point(2, None)),
    )
    (found,) = prompts([], current)
    assert found.title == "Trigger point injection on a point without a documented taut band"
    assert "#2" in found.detail and "#1" not in found.detail


def test_dry_needling_is_held_to_the_same_rule_but_compression_is_not() -> None:
    points = (point(1, None),)
    needled = CurrentVisit(date=TODAY, treatments=(dry_needling(1),), points=points)
    assert codes([], needled) == [PromptCode.NEEDLING_WITHOUT_TAUT_BAND]
    pressed = CurrentVisit(date=TODAY, treatments=(simple(K.TRP_COMPRESSION, 1),), points=points)
    assert codes([], pressed) == []


def test_an_injection_linked_to_no_point_prompts() -> None:
    (found,) = prompts([], CurrentVisit(date=TODAY, treatments=(injection(),)))
    assert found.code is PromptCode.NEEDLING_WITHOUT_TAUT_BAND
    assert "not linked" in found.title


# --- continuous traction --------------------------------------------------------------------


def test_continuous_traction_prompts_and_other_care_does_not() -> None:
    traction = CurrentVisit(date=TODAY, treatments=(simple(K.CONTINUOUS_TRACTION),))
    (found,) = prompts([], traction)
    assert found.code is PromptCode.CONTINUOUS_TRACTION
    assert "not been shown to be effective" in found.reason
    assert codes([], CurrentVisit(date=TODAY, treatments=(simple(K.HEAT),))) == []


# --- passive care only over three or more visits ---------------------------------------------


def passive(n: int) -> CareVisit:
    return CareVisit(date=day(n), kinds=(K.TRP_COMPRESSION,))


def test_passive_only_classifies_a_visit() -> None:
    assert passive_only([K.HEAT, K.SPINAL_MANIPULATION]) is True
    assert passive_only([K.HEAT, K.MEDICATION]) is True  # drugs count neither way
    assert passive_only([K.HEAT, K.HOME_STRETCHING]) is False
    assert passive_only([K.HEAT, K.EDUCATION]) is False
    assert passive_only([K.MEDICATION]) is None
    assert passive_only([]) is None


def test_two_passive_visits_do_not_prompt_three_do() -> None:
    current = CurrentVisit(date=TODAY, treatments=(simple(K.HEAT),))
    assert codes([passive(1)], current) == []
    found = prompts([passive(2), passive(1)], current)
    assert [p.code for p in found] == [PromptCode.PASSIVE_ONLY]
    assert found[0].title == "Only passive care for 3 visits in a row"
    assert day(2).isoformat() in found[0].detail
    assert "without active exercise" in found[0].reason


def test_active_care_anywhere_in_the_run_breaks_it() -> None:
    active = CareVisit(date=day(2), kinds=(K.TRP_COMPRESSION, K.SUPERVISED_EXERCISE))
    current = CurrentVisit(date=TODAY, treatments=(simple(K.HEAT),))
    assert codes([passive(3), active, passive(1)], current) == []
    with_exercise_today = CurrentVisit(
        date=TODAY, treatments=(simple(K.HEAT), simple(K.HOME_STRETCHING))
    )
    assert codes([passive(2), passive(1)], with_exercise_today) == []


def test_visits_without_treatment_are_stepped_over() -> None:
    empty = CareVisit(date=day(2))
    current = CurrentVisit(date=TODAY, treatments=(simple(K.HEAT),))
    assert codes([passive(3), empty, passive(1)], current) == [PromptCode.PASSIVE_ONLY]
    # ...but today must itself be passive care only.
    assert codes([passive(2), passive(1)], CurrentVisit(date=TODAY)) == []


# --- pain not improved by the MCID after step-3 care ----------------------------------------


def step3_history(baseline_now: float | None = 6, baseline_worst: float | None = None):
    return [
        CareVisit(date=day(2), step=2, kinds=(K.HEAT,), nrs_now=baseline_now,
                  nrs_worst=baseline_worst),
        CareVisit(date=day(1), step=3, kinds=(K.TRP_INJECTION,)),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("baseline", "now", "fires"),
    [
        (6, 4, False),  # 2 points: the MCID
        (6, 5, True),  # 1 point, 17 %
        (3, 2, False),  # 1 point but 33 %: 30 % counts too
        (10, 8, False),
        (4, 3, True),  # 25 %
        (6, 7, True),  # worse
    ],
)
def test_pain_change_against_the_mcid(baseline: float, now: float, fires: bool) -> None:
    found = prompts(step3_history(baseline), CurrentVisit(date=TODAY, step=3, nrs_now=now))
    assert (PromptCode.NOT_IMPROVED_AFTER_STEP_3 in [p.code for p in found]) is fires
    if fires:
        assert "other causes" in found[0].title
        assert f"{baseline:g} on {day(2).isoformat()}, {now:g} now" in found[0].detail


def test_improvement_on_either_pain_scale_is_enough() -> None:
    history = step3_history(baseline_now=6, baseline_worst=8)
    current = CurrentVisit(date=TODAY, nrs_now=6, nrs_worst=6)
    assert codes(history, current) == []
    not_better = CurrentVisit(date=TODAY, nrs_now=6, nrs_worst=7)
    assert codes(history, not_better) == [PromptCode.NOT_IMPROVED_AFTER_STEP_3]


def test_no_prompt_before_step_3_care_has_been_given() -> None:
    before = [CareVisit(date=day(1), step=2, kinds=(K.TRP_COMPRESSION,), nrs_now=6)]
    # Step 3 starting today has not had time to work.
    current = CurrentVisit(date=TODAY, step=3, treatments=(simple(K.TRP_COMPRESSION),), nrs_now=6)
    assert codes(before, current) == []


def test_a_step_3_treatment_counts_even_without_the_step_recorded() -> None:
    history = [
        CareVisit(date=day(2), nrs_now=6),
        CareVisit(date=day(1), kinds=(K.DRY_NEEDLING,)),
    ]
    assert codes(history, CurrentVisit(date=TODAY, nrs_now=6)) == [
        PromptCode.NOT_IMPROVED_AFTER_STEP_3
    ]


def test_nothing_to_compare_means_no_prompt() -> None:
    assert codes(step3_history(), CurrentVisit(date=TODAY)) == []  # no pain today
    assert codes(step3_history(None), CurrentVisit(date=TODAY, nrs_now=6)) == []  # no baseline


def test_every_code_has_a_reason() -> None:
    assert set(REASONS) == set(PromptCode)
    assert all(len(text) > 40 for text in REASONS.values())
