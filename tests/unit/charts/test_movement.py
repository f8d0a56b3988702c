"""The range-of-motion chart: a panel per movement, sides paired, normal range, MDC."""

from __future__ import annotations

import datetime as dt

import pytest
from matplotlib.patches import Rectangle

from bodymap.charts import movement_chart, movement_figure
from bodymap.charts.timeline import day_number
from bodymap.domain.course import CourseVisit

D0 = dt.date(2026, 1, 5)


def x(n: int) -> float:
    return day_number(D0 + dt.timedelta(days=n))


def test_one_panel_per_measured_movement(course, drawn) -> None:
    fig = drawn(movement_figure(course))
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles == ["Cervical flexion", "Cervical rotation"]  # catalog order, measured only


def test_left_and_right_share_a_panel(course, by_gid, finite) -> None:
    fig = movement_figure(course)
    left, right = (
        by_gid(fig, "movement:cervical_rotation_l"),
        by_gid(fig, "movement:cervical_rotation_r"),
    )
    assert left.axes is right.axes
    assert finite(left) == [(x(0), 45), (x(14), 48), (x(28), 55), (x(42), 62)]
    # Right rotation was not measured at the second visit: a dotted join, not a solid one.
    assert finite(right) == [(x(0), 40), (x(28), 50), (x(42), 58)]
    assert finite(by_gid(fig, "movement:cervical_rotation_r:gap")) == [(x(0), 40), (x(28), 50)]
    assert left.get_color() != right.get_color() and left.get_marker() != right.get_marker()


def test_normal_range_starts_at_the_lower_limit_of_normal(course, by_gid) -> None:
    fig = movement_figure(course)
    band = by_gid(fig, "movement:normal:cervical_rotation")
    assert isinstance(band, Rectangle)
    assert band.get_y() == pytest.approx(60.0)  # AAOS 60-80
    top = band.axes.get_ylim()[1]
    assert band.get_y() + band.get_height() == pytest.approx(top)
    assert by_gid(fig, "movement:normal:cervical_flexion").get_y() == pytest.approx(45.0)


def test_mdc_band_around_each_sides_baseline(course, by_gid) -> None:
    fig = movement_figure(course)
    for kind_id, baseline in (("cervical_rotation_l", 45), ("cervical_rotation_r", 40)):
        band = by_gid(fig, f"movement:mdc:{kind_id}")
        assert band.get_y() == pytest.approx(baseline - 6.8)
        assert band.get_height() == pytest.approx(2 * 6.8)


def test_legend_names_sides_and_bands(course, drawn) -> None:
    fig = drawn(movement_figure(course))
    texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert texts == [
        "Left", "Right", "Midline", "Normal range (adult)", "Within the MDC of baseline (noise)",
    ]  # fmt: skip


def test_dates_only_under_the_bottom_panels(make_course, drawn) -> None:
    measures = {"cervical_flexion": 30, "cervical_extension": 30, "cervical_rotation_l": 50}
    course = make_course(
        CourseVisit(id=1, date=D0, measures=measures),
        CourseVisit(id=2, date=D0 + dt.timedelta(days=20), measures=measures),
    )
    fig = drawn(movement_figure(course))
    # Three panels: two columns, the first column two rows deep.
    flexion, extension, rotation = fig.axes
    assert not any(t.get_text() for t in flexion.get_xticklabels())
    for ax in (extension, rotation):
        assert any(t.get_text() for t in ax.get_xticklabels())


def test_hover_names_movement_and_normal(course, drawn) -> None:
    chart = movement_chart(course)
    drawn(chart.figure)
    mark = chart.mark_at(*chart.position_of("movement:cervical_rotation_r", 103))
    assert mark is not None and mark.visit_id == 103
    assert mark.text == "2026-02-02\nCervical rotation R: 50° (normal 70°)"


def test_one_value_has_no_mdc_band(make_course, drawn) -> None:
    course = make_course(CourseVisit(id=1, date=D0, measures={"cervical_rotation_l": 50}))
    fig = drawn(movement_figure(course))
    assert not fig.findobj(lambda a: str(a.get_gid()).startswith("movement:mdc:"))
    (line,) = fig.findobj(lambda a: a.get_gid() == "movement:cervical_rotation_l")
    assert len(line.get_xdata()) == 1


def test_no_movement_recorded(make_course, drawn) -> None:
    course = make_course(CourseVisit(id=1, date=D0, measures={"nrs_now": 5}))
    fig = drawn(movement_figure(course))
    assert any("No range of motion recorded" in t.get_text() for t in fig.axes[0].texts)


def test_a_movement_missing_from_the_range_says_so(course, drawn) -> None:
    # Flexion was measured at the first and last visits only.
    fig = drawn(
        movement_figure(course, start=D0 + dt.timedelta(days=10), end=D0 + dt.timedelta(days=30))
    )
    flexion = fig.axes[0]
    assert any("Not measured in this date range" in t.get_text() for t in flexion.texts)
