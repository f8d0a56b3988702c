import pytest

from bodymap.domain import dose
from bodymap.domain.treatment import (
    Agent,
    NeedleRecord,
    Treatment,
    lidocaine_total_mg,
)
from bodymap.domain.treatment_catalog import CATALOG, Category, TreatmentKind
from bodymap.domain.validation import ValidationError


def lidocaine(
    percent: float = 1.0, volume: float = 0.5, points: int = 4, **kw: object
) -> NeedleRecord:
    return NeedleRecord(
        sterile_prep=True, needle_gauge=27, needle_length_mm=25, points_count=points,
        agent=Agent.LIDOCAINE, concentration_percent=percent, volume_per_point_ml=volume,
        aspiration_confirmed=True, **kw,  # type: ignore[arg-type]
    )  # fmt: skip


def test_percent_times_ten_is_mg_per_ml() -> None:
    assert dose.mg_per_ml(1.0) == 10.0
    assert dose.mg_per_ml(0.5) == 5.0
    assert dose.mg_per_point(0.5, 1.0) == 5.0


def test_needle_record_arithmetic() -> None:
    n = lidocaine(percent=1.0, volume=0.5, points=4)
    assert n.mg_per_point == pytest.approx(5.0)
    assert n.total_mg == pytest.approx(20.0)
    assert n.total_volume_ml == pytest.approx(2.0)


def test_lidocaine_maximum_by_weight_and_cap() -> None:
    limits = dose.DEFAULT_LIMITS
    assert limits.max_lidocaine_mg(60, with_epinephrine=False) == pytest.approx(270.0)
    assert limits.max_lidocaine_mg(100, with_epinephrine=False) == 300.0  # capped
    assert limits.max_lidocaine_mg(60, with_epinephrine=True) == pytest.approx(420.0)
    assert limits.max_lidocaine_mg(90, with_epinephrine=True) == 500.0
    assert limits.max_lidocaine_mg(None, with_epinephrine=False) == 300.0


def test_dose_check_flags_an_excess() -> None:
    ok = dose.check_lidocaine(200, 60, with_epinephrine=False)
    over = dose.check_lidocaine(280, 60, with_epinephrine=False)
    assert not ok.exceeded and over.exceeded
    assert "EXCEEDS the 270 mg maximum" in over.message
    assert "no weight" in dose.check_lidocaine(10, None, with_epinephrine=False).message


def test_visit_total_counts_lidocaine_only() -> None:
    treatments = [
        Treatment(visit_id=1, kind=TreatmentKind.TRP_INJECTION, needle=lidocaine(points=2)),
        Treatment(visit_id=1, kind=TreatmentKind.TRP_INJECTION, needle=lidocaine(points=3)),
        Treatment(
            visit_id=1,
            kind=TreatmentKind.TRP_INJECTION,
            needle=NeedleRecord(
                sterile_prep=True,
                needle_gauge=25,
                needle_length_mm=38,
                points_count=1,
                agent=Agent.SALINE,
                volume_per_point_ml=1.0,
            ),
        ),
        Treatment(visit_id=1, kind=TreatmentKind.HEAT),
    ]
    assert lidocaine_total_mg(treatments) == pytest.approx(25.0)


def test_corticosteroid_range() -> None:
    assert dose.corticosteroid_in_range(4) and dose.corticosteroid_in_range(30)
    assert not dose.corticosteroid_in_range(40)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"volume": 0.0}, "needle.volume_per_point_ml"),
        ({"percent": 5.0}, "needle.concentration_percent"),
        ({"points": 0}, "needle.points_count"),
    ],
)
def test_impossible_injections_are_refused(changes: dict[str, float], field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        lidocaine(**changes)  # type: ignore[arg-type]
    assert field in {e.field for e in exc.value.errors}


def test_injection_and_dry_needling_records_match_their_kind() -> None:
    with pytest.raises(ValidationError, match="needs the needle record"):
        Treatment(visit_id=1, kind=TreatmentKind.TRP_INJECTION)
    dry = NeedleRecord(sterile_prep=True, needle_gauge=32, needle_length_mm=30, points_count=2)
    assert Treatment(visit_id=1, kind=TreatmentKind.DRY_NEEDLING, needle=dry).needle is dry
    with pytest.raises(ValidationError, match="an injection needs its agent"):
        Treatment(visit_id=1, kind=TreatmentKind.TRP_INJECTION, needle=dry)
    with pytest.raises(ValidationError, match="dry needling injects no agent"):
        Treatment(visit_id=1, kind=TreatmentKind.DRY_NEEDLING, needle=lidocaine())
    with pytest.raises(ValidationError, match="has no needle record"):
        Treatment(visit_id=1, kind=TreatmentKind.HEAT, needle=dry)


def test_details_are_checked_against_the_kind() -> None:
    heat = Treatment(visit_id=1, kind=TreatmentKind.HEAT, details={"duration_min": 15})
    assert heat.details["duration_min"] == 15
    with pytest.raises(TypeError):
        heat.details["duration_min"] = 20  # type: ignore[index]
    with pytest.raises(ValidationError, match="details.sets: is not a detail of heat"):
        Treatment(visit_id=1, kind=TreatmentKind.HEAT, details={"sets": 3})
    with pytest.raises(ValidationError, match="details.duration_min: must be from 1 to 240"):
        Treatment(visit_id=1, kind=TreatmentKind.HEAT, details={"duration_min": 0})


def test_catalog_covers_the_three_steps_and_the_pitfall() -> None:
    steps = {info.step for info in CATALOG.values()}
    assert {1, 2, 3} <= steps
    assert CATALOG[TreatmentKind.CONTINUOUS_TRACTION].step is None
    assert CATALOG[TreatmentKind.TRP_COMPRESSION].category is Category.PASSIVE
    assert CATALOG[TreatmentKind.HOME_STRETCHING].self_care
    assert set(CATALOG) == set(TreatmentKind)
