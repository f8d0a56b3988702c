"""The range-of-motion chart: a row per movement, sides paired, normal range, MDC."""

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


def test_one_row_per_measured_movement(course, drawn, texts) -> None:
    chart = movement_chart(course)
    fig = drawn(chart.figure)
    assert len(fig.axes) == 1  # one plot area, the movements stacked in it
    assert list(chart.rows) == ["cervical_flexion", "cervical_rotation"]  # catalog order
    titles = [row.label for row in chart.rows.values()]
    assert titles == ["Cervical flexion", "Cervical rotation"]
    assert set(titles) <= set(texts(fig))
    assert [text for _, text in chart.rows["cervical_rotation"].ticks] == [
        "20°",
        "40°",
        "60°",
        "80°",
    ]


def test_left_and_right_share_a_row(course, by_gid, finite) -> None:
    chart = movement_chart(course)
    fig = chart.figure
    left, right = (
        by_gid(fig, "movement:cervical_rotation_l"),
        by_gid(fig, "movement:cervical_rotation_r"),
    )
    row = chart.rows["cervical_rotation"]
    assert left.get_transform() is row.data and right.get_transform() is row.data
    assert finite(left) == [(x(0), 45), (x(14), 48), (x(28), 55), (x(42), 62)]
    # Right rotation was not measured at the second visit: a dotted join, not a solid one.
    assert finite(right) == [(x(0), 40), (x(28), 50), (x(42), 58)]
    assert finite(by_gid(fig, "movement:cervical_rotation_r:gap")) == [(x(0), 40), (x(28), 50)]
    assert left.get_color() != right.get_color() and left.get_marker() != right.get_marker()


def test_normal_range_starts_at_the_lower_limit_of_normal(course, by_gid) -> None:
    chart = movement_chart(course)
    fig = chart.figure
    band = by_gid(fig, "movement:normal:cervical_rotation")
    assert isinstance(band, Rectangle)
    assert band.get_data_transform() is chart.rows["cervical_rotation"].frame
    assert band.get_y() == pytest.approx(60.0)  # AAOS 60-80
    top = chart.rows["cervical_rotation"].limits[1]
    assert band.get_y() + band.get_height() == pytest.approx(top)
    assert by_gid(fig, "movement:normal:cervical_flexion").get_y() == pytest.approx(45.0)


def test_mdc_band_around_each_sides_baseline(course, by_gid) -> None:
    fig = movement_figure(course)
    for kind_id, baseline in (("cervical_rotation_l", 45), ("cervical_rotation_r", 40)):
        band = by_gid(fig, f"movement:mdc:{kind_id}")
        assert band.get_y() == pytest.approx(baseline - 6.8)
        assert band.get_height() == pytest.approx(2 * 6.8)


def test_legend_names_sides_and_bands(course, drawn, texts) -> None:
    chart = movement_chart(course)
    fig = drawn(chart.figure)
    assert chart.legend == [
        "Left", "Right", "Midline", "Normal range (adult)", "Within the MDC of baseline (noise)",
    ]  # fmt: skip
    assert set(chart.legend) <= set(texts(fig))


def test_dates_only_under_the_lowest_row(make_course, drawn) -> None:
    measures = {"cervical_flexion": 30, "cervical_extension": 30, "cervical_rotation_l": 50}
    course = make_course(
        CourseVisit(id=1, date=D0, measures=measures),
        CourseVisit(id=2, date=D0 + dt.timedelta(days=20), measures=measures),
    )
    chart = movement_chart(course)
    fig = drawn(chart.figure)
    assert list(chart.rows) == ["cervical_flexion", "cervical_extension", "cervical_rotation"]
    dates = fig.findobj(lambda a: a.get_gid() == "date")
    assert [t.get_text() for t in dates] == ["5 Jan 2026", "12 Jan", "19 Jan", "26 Jan"]
    lowest = chart.rows["cervical_rotation"]
    bottom = lowest.frame.transform((0.0, lowest.limits[0]))[1]
    renderer = fig.canvas.get_renderer()
    assert all(t.get_window_extent(renderer).y1 < bottom for t in dates)


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
    chart = movement_chart(course, start=D0 + dt.timedelta(days=10), end=D0 + dt.timedelta(days=30))
    fig = drawn(chart.figure)
    (said,) = [t for t in fig.axes[0].texts if t.get_text() == "Not measured in this date range"]
    assert said.get_transform() is chart.rows["cervical_flexion"].frame  # in the flexion row
