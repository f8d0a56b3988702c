import pytest
from hypothesis import given
from hypothesis import strategies as st

from bodymap.domain.finding import Activity, Finding, PressurePainThreshold
from bodymap.domain.units import KPA_PER_KGF_CM2, PressureUnit, convert_pressure
from bodymap.domain.validation import ValidationError


def test_unit_factors_are_exact() -> None:
    assert convert_pressure(1.0, PressureUnit.KGF_CM2, PressureUnit.KPA) == KPA_PER_KGF_CM2
    assert convert_pressure(1.0, PressureUnit.KGF_CM2, PressureUnit.N_CM2) == pytest.approx(9.80665)
    assert convert_pressure(1.0, PressureUnit.N_CM2, PressureUnit.KPA) == 10.0


@given(st.floats(min_value=0.01, max_value=20.0), st.sampled_from(list(PressureUnit)))
def test_conversion_round_trips(value: float, unit: PressureUnit) -> None:
    there = convert_pressure(value, PressureUnit.KGF_CM2, unit)
    assert convert_pressure(there, unit, PressureUnit.KGF_CM2) == pytest.approx(value)


def test_ppt_mean_of_trials_and_in_other_units() -> None:
    ppt = PressurePainThreshold(trials=(2.0, 2.5, 3.0))
    assert ppt.mean == pytest.approx(2.5)
    assert ppt.mean_in(PressureUnit.KPA) == pytest.approx(2.5 * 98.0665)


def test_ppt_limits() -> None:
    with pytest.raises(ValidationError, match="1 to 3 measurements"):
        PressurePainThreshold(trials=(1.0, 2.0, 3.0, 4.0))
    with pytest.raises(ValidationError, match="trial_1: must be above 0"):
        PressurePainThreshold(trials=(0.0,))
    with pytest.raises(ValidationError, match="trial_2"):
        PressurePainThreshold(trials=(2.0, 25.0))  # > 20.39 kgf/cm2
    assert PressurePainThreshold(trials=(1500.0,), unit=PressureUnit.KPA).mean == 1500.0
    with pytest.raises(ValidationError, match="probe_area_cm2: must be 0.5 or 1 cm2"):
        PressurePainThreshold(trials=(2.0,), probe_area_cm2=2.0)


def test_activity_is_suggested_from_pain_recognition() -> None:
    assert Finding(visit_id=1, trigger_point_id=1).suggested_activity is None
    active = Finding(visit_id=1, trigger_point_id=1, pain_recognition=True)
    latent = Finding(visit_id=1, trigger_point_id=1, pain_recognition=False)
    assert active.effective_activity is Activity.ACTIVE
    assert latent.effective_activity is Activity.LATENT
    overridden = Finding(
        visit_id=1, trigger_point_id=1, pain_recognition=False, activity=Activity.ACTIVE
    )
    assert overridden.effective_activity is Activity.ACTIVE


def test_consensus_needs_two_of_three_criteria() -> None:
    one = Finding(visit_id=1, trigger_point_id=1, taut_band=True, tenderness=0)
    two = Finding(visit_id=1, trigger_point_id=1, taut_band=True, tenderness=1)
    three = Finding(
        visit_id=1, trigger_point_id=1, taut_band=True, tenderness=3, referred_pain=True
    )
    assert (one.criteria_met, two.criteria_met, three.criteria_met) == (1, 2, 3)
    assert not one.meets_consensus and two.meets_consensus


@given(st.integers(-5, 15), st.integers(-5, 15))
def test_grades_are_checked(tenderness: int, nrs: int) -> None:
    ok = 0 <= tenderness <= 3 and 0 <= nrs <= 10
    try:
        Finding(visit_id=1, trigger_point_id=1, tenderness=tenderness, nrs_on_compression=nrs)
    except ValidationError as exc:
        assert not ok
        assert {e.field for e in exc.errors} <= {
            "finding.tenderness",
            "finding.nrs_on_compression",
        }
    else:
        assert ok


def test_flags_must_be_booleans() -> None:
    with pytest.raises(ValidationError, match="finding.taut_band: must be yes or no"):
        Finding(visit_id=1, trigger_point_id=1, taut_band="yes")  # type: ignore[arg-type]
