"""A visit's dose arithmetic and its checks against the maxima, at their boundaries."""

from __future__ import annotations

import pytest

from bodymap.domain.dose import DoseLimits
from bodymap.domain.dose_summary import (
    InjectionDose,
    number_text,
    summarize,
    summarize_visit,
)
from bodymap.domain.treatment import Agent, NeedleRecord, Treatment
from bodymap.domain.treatment_catalog import TreatmentKind


def lido(
    percent: float = 1.0, volume: float = 1.0, points: int = 3, *, epi: bool = False
) -> InjectionDose:
    return InjectionDose(
        agent=Agent.LIDOCAINE,
        points_count=points,
        concentration_percent=percent,
        volume_per_point_ml=volume,
        with_epinephrine=epi,
    )


def steroid(mg: float) -> InjectionDose:
    return InjectionDose(
        agent=Agent.CORTICOSTEROID, points_count=1, volume_per_point_ml=1.0, corticosteroid_mg=mg
    )


def test_one_injection_arithmetic() -> None:
    d = lido(1.0, 1.0, 3)
    assert d.mg_per_ml == 10.0
    assert d.mg_per_point == 10.0
    assert d.total_mg == 30.0
    assert d.total_volume_ml == 3.0
    assert d.describe() == "Lidocaine 1 %: 10 mg/mL × 1 mL = 10 mg per point × 3 points = 30 mg"
    half = lido(0.5, 0.7, 1)
    assert half.mg_per_point == pytest.approx(3.5)
    assert "3.5 mg per point × 1 point = 3.5 mg" in half.describe()


def test_saline_and_steroid_have_no_anaesthetic_mg() -> None:
    saline = InjectionDose(agent=Agent.SALINE, points_count=2, volume_per_point_ml=0.5)
    assert saline.mg_per_point is None and saline.total_mg is None
    assert saline.describe() == "Saline, 0.5 mL per point × 2 points = 1 mL"
    assert steroid(20).describe().startswith("Corticosteroid, 20 mg")


def test_number_text_hides_float_noise() -> None:
    assert number_text(0.1 * 3) == "0.3"
    assert number_text(315.0) == "315"


def test_lidocaine_at_the_weight_limit_is_within_and_above_it_exceeds() -> None:
    # 60 kg x 4.5 mg/kg = 270 mg.
    at = summarize([lido(1.0, 1.0, 27)], 60.0)
    assert at.lidocaine is not None and not at.lidocaine_exceeded
    assert at.warnings() == ()
    over = summarize([lido(1.0, 1.0, 27), lido(0.5, 0.5, 1)], 60.0)
    assert over.lidocaine_mg == pytest.approx(272.5)
    assert over.lidocaine_exceeded
    assert "EXCEEDS the 270 mg maximum" in over.warnings()[0]
    assert "4.5 mg/kg × 60 kg = 270 mg, without epinephrine" in over.lidocaine_text()


def test_seventy_kg_is_capped_at_300() -> None:
    ok = summarize([lido(1.0, 1.0, 30)], 70.0)
    assert ok.lidocaine is not None and ok.lidocaine.limit_mg == 300.0
    assert not ok.lidocaine_exceeded
    assert "= 315 mg, capped at 300 mg" in ok.lidocaine_text()
    assert summarize([lido(1.0, 1.0, 31)], 70.0).lidocaine_exceeded


def test_without_weight_only_the_cap_applies() -> None:
    s = summarize([lido(1.0, 1.0, 3)], None)
    assert s.lidocaine is not None and s.lidocaine.limit_mg == 300.0
    assert "only the absolute cap of 300 mg" in s.lidocaine_text()


def test_epinephrine_limit_only_when_every_lidocaine_injection_has_it() -> None:
    all_epi = summarize([lido(1.0, 1.0, 20, epi=True), lido(1.0, 1.0, 20, epi=True)], 70.0)
    assert all_epi.epinephrine_limit
    assert all_epi.lidocaine is not None and all_epi.lidocaine.limit_mg == 490.0
    assert not all_epi.lidocaine_exceeded
    mixed = summarize([lido(1.0, 1.0, 20, epi=True), lido(1.0, 1.0, 20)], 70.0)
    assert not mixed.epinephrine_limit and mixed.mixed_epinephrine
    assert mixed.lidocaine_exceeded  # 400 mg against the plain 300 mg
    assert any("without epinephrine" in line for line in mixed.lines())


def test_limits_come_from_the_setting() -> None:
    strict = DoseLimits(lidocaine_mg_per_kg=3.0, lidocaine_cap_mg=200.0)
    s = summarize([lido(1.0, 1.0, 22)], 70.0, strict)
    assert s.lidocaine is not None and s.lidocaine.limit_mg == 200.0
    assert s.lidocaine_exceeded


@pytest.mark.parametrize(("mg", "ok"), [(3.9, False), (4.0, True), (30.0, True), (30.5, False)])
def test_corticosteroid_range_boundaries(mg: float, ok: bool) -> None:
    s = summarize([steroid(mg)], 70.0)
    assert s.corticosteroid_ok is ok
    assert bool(s.warnings()) is not ok
    assert ("OUTSIDE the usual 4-30 mg" in s.corticosteroid_text()) is not ok


def test_corticosteroid_is_summed_over_the_visit() -> None:
    s = summarize([steroid(20), steroid(20)], 70.0)
    assert s.corticosteroid_mg == 40.0
    assert s.corticosteroid_ok is False


def test_a_visit_without_injections_has_nothing_to_say() -> None:
    s = summarize([], 70.0)
    assert s.lidocaine is None and s.corticosteroid_mg is None
    assert s.lines() == () and s.warnings() == ()


def test_summary_from_treatments_skips_dry_needling_and_other_kinds() -> None:
    injection = NeedleRecord(
        sterile_prep=True, needle_gauge=27, needle_length_mm=25, points_count=3,
        agent=Agent.LIDOCAINE, concentration_percent=1.0, volume_per_point_ml=1.0,
    )  # fmt: skip
    dry = NeedleRecord(sterile_prep=True, needle_gauge=32, needle_length_mm=30, points_count=4)
    treatments = [
        Treatment(visit_id=1, kind=TreatmentKind.TRP_INJECTION, needle=injection),
        Treatment(visit_id=1, kind=TreatmentKind.DRY_NEEDLING, needle=dry),
        Treatment(visit_id=1, kind=TreatmentKind.HEAT),
    ]
    s = summarize_visit(treatments, 70.0)
    assert len(s.injections) == 1
    assert s.lidocaine_mg == 30.0
    assert s.lines() == (
        "Lidocaine this visit: 30 mg of a 300 mg maximum "
        "(4.5 mg/kg × 70 kg = 315 mg, capped at 300 mg, without epinephrine).",
    )


def test_bupivacaine_is_shown_but_not_checked() -> None:
    bupi = InjectionDose(
        agent=Agent.BUPIVACAINE, points_count=2, concentration_percent=0.25, volume_per_point_ml=1
    )
    s = summarize([bupi], 70.0)
    assert s.bupivacaine_mg == 5.0
    assert s.warnings() == ()
    assert "verify against the product label" in s.lines()[0]
