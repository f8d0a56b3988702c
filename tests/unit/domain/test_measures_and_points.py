import pytest

from bodymap.domain.measures import (
    MEASURE_KINDS,
    MEASURE_KINDS_BY_ID,
    Measurement,
    important_change,
)
from bodymap.domain.muscles import MUSCLES, Side, display_name
from bodymap.domain.referral import ReferralZone
from bodymap.domain.template import POSTERIOR_TRUNK
from bodymap.domain.trigger_point import MapPosition, TriggerPoint
from bodymap.domain.validation import ValidationError


def test_nrs_mcid_is_two_points_or_thirty_percent() -> None:
    nrs = MEASURE_KINDS_BY_ID["nrs_now"]
    assert important_change(nrs, 8, 6)  # 2 points
    assert not important_change(nrs, 8, 7)
    assert important_change(nrs, 3, 2)  # 33 %
    assert not important_change(nrs, 5, 6)  # worse


def test_rom_improves_upwards_and_has_normal_values() -> None:
    rot = MEASURE_KINDS_BY_ID["cervical_rotation_l"]
    assert rot.normal == 70 and rot.side == "L" and not rot.lower_is_better
    assert MEASURE_KINDS_BY_ID["shoulder_external_rotation_r"].normal == 90
    ids = [k.id for k in MEASURE_KINDS]
    assert len(ids) == len(set(ids))


def test_measurement_ranges_and_whole_numbers() -> None:
    assert Measurement(visit_id=1, kind="cervical_rotation_r", value=62.5).unit == "°"
    with pytest.raises(ValidationError, match="nrs_now: must be a whole number from 0 to 10"):
        Measurement(visit_id=1, kind="nrs_now", value=4.5)
    with pytest.raises(ValidationError, match="ndi: must be from 0 to 50"):
        Measurement(visit_id=1, kind="ndi", value=51)
    with pytest.raises(ValidationError, match="unknown measure 'grip'"):
        Measurement(visit_id=1, kind="grip", value=1)


def test_every_muscle_has_a_display_name_per_side() -> None:
    assert display_name("trapezius_upper", Side.RIGHT) == "R upper trapezius"
    assert len(MUSCLES) == 20
    with pytest.raises(KeyError, match="unknown muscle id 'biceps'"):
        display_name("biceps", "L")


def test_trigger_point_validation() -> None:
    tp = TriggerPoint(
        patient_id=1, muscle_id="infraspinatus", side=Side.LEFT, label=3,
        position=MapPosition(x=0.3, y=0.4),
    )  # fmt: skip
    assert tp.title == "3 - L infraspinatus"
    with pytest.raises(ValidationError, match="position.x: must be from 0 to 1"):
        MapPosition(x=1.2, y=0.5)
    with pytest.raises(ValidationError, match="template: must be a known template"):
        MapPosition(x=0.2, y=0.5, template_id="anterior", template_version=1)
    with pytest.raises(ValidationError, match="muscle_id: unknown muscle id 'biceps'"):
        TriggerPoint(
            patient_id=1, muscle_id="biceps", side=Side.LEFT, label=1,
            position=MapPosition(x=0.3, y=0.4),
        )  # fmt: skip


def test_template_distances_are_in_centimetres() -> None:
    # 60 mm across and 0 down: 6 cm.
    assert POSTERIOR_TRUNK.distance_cm((0.5, 0.5), (0.6, 0.5)) == pytest.approx(6.0)
    assert POSTERIOR_TRUNK.distance_cm((0.5, 0.0), (0.5, 0.1)) == pytest.approx(7.0)


def test_referral_zone_polygons_stay_on_the_template() -> None:
    square = ((0.1, 0.1), (0.2, 0.1), (0.2, 0.2), (0.1, 0.2))
    assert ReferralZone(visit_id=1, trigger_point_id=1, polygons=(square,)).extent_percent is None
    with pytest.raises(ValidationError, match="vertices must be"):
        ReferralZone(visit_id=1, trigger_point_id=1, polygons=(((0.1, 0.1), (2, 0), (0, 0)),))
    with pytest.raises(ValidationError, match="3 to"):
        ReferralZone(visit_id=1, trigger_point_id=1, polygons=(((0.1, 0.1), (0.2, 0.2)),))
