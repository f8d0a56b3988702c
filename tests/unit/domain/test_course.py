"""A patient's course and the change since baseline (no matplotlib, no Qt)."""

from __future__ import annotations

import datetime as dt

import pytest

from bodymap.domain.course import (
    CoursePoint,
    CourseVisit,
    Group,
    PatientCourse,
    PointReading,
    active_count_series,
    change_table,
    mcid_threshold,
    measure_series,
    movement_id,
    normal_lower_limit,
    point_extent,
    point_series,
)
from bodymap.domain.finding import Activity
from bodymap.domain.measures import MEASURE_KINDS_BY_ID, important_change
from bodymap.domain.muscles import Side
from bodymap.domain.referral import ReferralZone
from bodymap.domain.treatment_catalog import Category, TreatmentKind

D0 = dt.date(2026, 1, 5)
SQUARE = ((0.40, 0.20), (0.60, 0.20), (0.60, 0.40), (0.40, 0.40))


def day(n: int) -> dt.date:
    return D0 + dt.timedelta(days=n)


def visit(vid: int, n: int, **kw: object) -> CourseVisit:
    return CourseVisit(id=vid, date=day(n), **kw)  # type: ignore[arg-type]


def course(*visits: CourseVisit, points: tuple[CoursePoint, ...] = ()) -> PatientCourse:
    return PatientCourse(patient_id=1, patient_name="Doe, Ann", visits=visits, points=points)


POINT = CoursePoint(id=7, label=3, muscle_id="trapezius_upper", side=Side.RIGHT)


def test_window_is_inclusive_and_open_ended() -> None:
    c = course(visit(1, 0), visit(2, 10), visit(3, 20))
    assert [v.id for v in c.window(day(10), day(20))] == [2, 3]
    assert [v.id for v in c.window(None, day(10))] == [1, 2]
    assert [v.id for v in c.window(day(11))] == [3]
    assert c.window(day(30)) == ()


def test_visits_must_be_in_date_order() -> None:
    with pytest.raises(ValueError, match="date order"):
        course(visit(1, 10), visit(2, 0))


def test_series_leave_out_what_was_not_measured() -> None:
    c = course(
        visit(1, 0, measures={"nrs_now": 7}),
        visit(2, 7),
        visit(3, 14, measures={"nrs_now": 4}),
    )
    assert [(s.visit_id, s.value) for s in measure_series(c.visits, "nrs_now")] == [(1, 7), (3, 4)]
    assert c.has_measure("nrs_now")
    assert not c.has_measure("ndi")


def test_point_series_and_active_count() -> None:
    c = course(
        visit(1, 0, points={7: PointReading(ppt_kpa=180.0, activity=Activity.ACTIVE)}),
        visit(2, 7, points={7: PointReading(nrs=5)}),  # activity not judged
        visit(3, 14, points={7: PointReading(ppt_kpa=260.0, activity=Activity.LATENT)}),
        points=(POINT,),
    )
    ppt = point_series(c.visits, 7, lambda r: r.ppt_kpa)
    assert [(s.visit_id, s.value) for s in ppt] == [(1, 180.0), (3, 260.0)]
    assert [v.active_count for v in c.visits] == [1, None, 0]
    assert [(s.visit_id, s.value) for s in active_count_series(c.visits)] == [(1, 1.0), (3, 0.0)]


def test_treatment_categories() -> None:
    v = visit(1, 0, treatments=(TreatmentKind.HEAT, TreatmentKind.SUPERVISED_EXERCISE))
    assert v.categories == {Category.PASSIVE, Category.ACTIVE}


def test_point_title() -> None:
    assert POINT.title == "TrP 3 R upper trapezius"


@pytest.mark.parametrize(("baseline", "expected"), [(7, 2.0), (5, 1.5), (3, 0.9), (10, 2.0)])
def test_nrs_mcid_is_two_points_or_thirty_percent(baseline: int, expected: float) -> None:
    assert mcid_threshold(MEASURE_KINDS_BY_ID["nrs_now"], baseline) == pytest.approx(expected)


def test_mcid_threshold_agrees_with_important_change() -> None:
    kind = MEASURE_KINDS_BY_ID["nrs_now"]
    for baseline in range(1, 11):
        threshold = mcid_threshold(kind, baseline)
        assert threshold is not None
        for tenths in range(baseline * 10 + 1):
            value = tenths / 10
            reached = baseline - value >= threshold - 1e-9
            assert important_change(kind, baseline, value) == reached, (baseline, value)


def test_mcid_threshold_without_an_mcid() -> None:
    assert mcid_threshold(MEASURE_KINDS_BY_ID["cervical_rotation_l"], 40) is None
    assert mcid_threshold(MEASURE_KINDS_BY_ID["vas"], 0) == 12.0


def test_normal_ranges() -> None:
    assert movement_id(MEASURE_KINDS_BY_ID["cervical_rotation_r"]) == "cervical_rotation"
    assert movement_id(MEASURE_KINDS_BY_ID["cervical_flexion"]) == "cervical_flexion"
    assert normal_lower_limit(MEASURE_KINDS_BY_ID["cervical_rotation_l"]) == 60.0
    assert normal_lower_limit(MEASURE_KINDS_BY_ID["thoracic_rotation_r"]) == 40.0
    assert normal_lower_limit(MEASURE_KINDS_BY_ID["shoulder_flexion_l"]) == 180.0
    assert normal_lower_limit(MEASURE_KINDS_BY_ID["nrs_now"]) is None


def _zone(polygon: tuple[tuple[float, float], ...], extent: float | None) -> ReferralZone:
    return ReferralZone(visit_id=1, trigger_point_id=7, polygons=(polygon,), extent_percent=extent)


def test_point_extent_uses_the_stored_value_of_one_zone() -> None:
    assert point_extent([]) is None
    assert point_extent([_zone(SQUARE, 4.25)]) == 4.25


def test_point_extent_counts_overlapping_zones_once() -> None:
    one = point_extent([_zone(SQUARE, None)])
    assert one is not None and one > 0
    twice = point_extent([_zone(SQUARE, 4.0), _zone(SQUARE, 4.0)])
    assert twice == pytest.approx(one)  # not 8: the same area drawn twice


# --- the change table ---------------------------------------------------------------------


def test_change_since_baseline_for_pain() -> None:
    c = course(
        visit(1, 0, measures={"nrs_now": 7, "nrs_worst": 9}),
        visit(2, 14, measures={"nrs_now": 6, "nrs_worst": 8}),
        visit(3, 28, measures={"nrs_now": 4}),
    )
    rows = {r.key: r for r in change_table(c)}
    now = rows["nrs_now"]
    assert (now.baseline.visit_id, now.latest and now.latest.visit_id) == (1, 3)
    assert now.change == -3
    assert now.percent == pytest.approx(-300 / 7)
    assert now.mcid_met is True
    assert now.within_mdc is False  # 3 points is beyond the MDC of 2
    assert now.better is True
    assert now.group is Group.PAIN
    worst = rows["nrs_worst"]
    assert worst.change == -1 and worst.mcid_met is False and worst.within_mdc is True
    assert "ndi" not in rows  # never measured: no row


def test_thirty_percent_meets_the_mcid_on_a_low_baseline() -> None:
    c = course(visit(1, 0, measures={"nrs_now": 3}), visit(2, 14, measures={"nrs_now": 2}))
    row = change_table(c)[0]
    assert row.mcid_met is True  # 1 point of 3 is 33 %
    assert row.within_mdc is True  # but inside measurement noise: the table says both


def test_worse_is_not_an_important_improvement() -> None:
    c = course(visit(1, 0, measures={"nrs_now": 4}), visit(2, 14, measures={"nrs_now": 7}))
    row = change_table(c)[0]
    assert row.mcid_met is False
    assert row.better is False
    assert row.verdict is False  # 3 points worse, beyond the noise: shaded red


def test_the_verdict_screen_and_paper_shade_by() -> None:
    def verdict(before: float, after: float) -> bool | None:
        c = course(
            visit(1, 0, measures={"nrs_now": before}), visit(2, 14, measures={"nrs_now": after})
        )
        return change_table(c)[0].verdict

    assert verdict(7, 4) is True  # the MCID reached
    assert verdict(7, 6) is None  # better, short of the MCID
    assert verdict(4, 5) is None  # worse, but within the noise
    assert verdict(4, 7) is False  # worse beyond the noise
    assert verdict(5, 5) is None


def test_baseline_stays_first_of_course_when_the_range_starts_later() -> None:
    c = course(
        visit(1, 0, measures={"nrs_now": 8}),
        visit(2, 30, measures={"nrs_now": 6}),
        visit(3, 60, measures={"nrs_now": 5}),
    )
    row = change_table(c, start=day(20), end=day(40))[0]
    assert row.baseline.visit_id == 1
    assert row.latest is not None and row.latest.visit_id == 2


def test_one_value_has_no_latest_and_no_verdict() -> None:
    c = course(visit(1, 0, measures={"nrs_now": 6, "cervical_rotation_l": 50}))
    rows = {r.key: r for r in change_table(c)}
    for row in rows.values():
        assert row.latest is None
        assert row.change is None and row.percent is None and row.better is None
        assert row.mcid_met is None and row.within_mdc is None
        assert row.verdict is None


def test_range_of_motion_has_an_mdc_but_no_mcid() -> None:
    c = course(
        visit(1, 0, measures={"cervical_rotation_l": 50, "cervical_rotation_r": 40}),
        visit(2, 21, measures={"cervical_rotation_l": 55, "cervical_rotation_r": 52}),
    )
    rows = {r.key: r for r in change_table(c)}
    left, right = rows["cervical_rotation_l"], rows["cervical_rotation_r"]
    assert left.group is Group.MOVEMENT
    assert left.mcid_met is None
    assert left.within_mdc is True  # 5 degrees < 6.8
    assert right.within_mdc is False  # 12 degrees
    assert right.better is True  # more movement is better


def test_zero_baseline_has_no_percent() -> None:
    c = course(visit(1, 0, measures={"nrs_now": 0}), visit(2, 7, measures={"nrs_now": 3}))
    row = change_table(c)[0]
    assert row.change == 3 and row.percent is None


def test_trigger_point_rows() -> None:
    c = course(
        visit(1, 0, points={7: PointReading(ppt_kpa=200.0, nrs=7, activity=Activity.ACTIVE)}),
        visit(
            2,
            14,
            points={
                7: PointReading(ppt_kpa=300.0, nrs=3, activity=Activity.LATENT, extent_percent=0.0)
            },
        ),
        points=(POINT,),
    )
    rows = {r.key: r for r in change_table(c)}
    ppt = rows["ppt:7"]
    assert (ppt.label, ppt.detail, ppt.unit) == ("TrP 3 PPT", POINT.title, "kPa")
    assert ppt.percent == pytest.approx(50.0) and ppt.better is True
    assert ppt.mcid_met is None  # no established MCID: not claimed
    assert rows["compression_nrs:7"].better is True
    assert rows["active_points"].change == -1
    assert all(r.group is Group.POINTS for r in rows.values())
    assert "extent:7" in rows and rows["extent:7"].latest is None  # one value only
