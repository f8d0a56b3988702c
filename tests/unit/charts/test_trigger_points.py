"""The trigger-point chart: PPT, pain on compression, activity, count and extent."""

from __future__ import annotations

import datetime as dt

from matplotlib.colors import to_rgba

from bodymap.charts import style, trigger_points_chart, trigger_points_figure
from bodymap.charts.timeline import day_number
from bodymap.domain.course import CourseVisit

D0 = dt.date(2026, 1, 5)


def x(n: int) -> float:
    return day_number(D0 + dt.timedelta(days=n))


def test_rows_and_labels(course, drawn, texts) -> None:
    chart = trigger_points_chart(course)
    fig = drawn(chart.figure)
    assert len(fig.axes) == 1  # one plot area, the rows stacked in it
    assert list(chart.rows) == ["ppt", "nrs", "strip", "count", "extent"]
    labels = [row.label for row in chart.rows.values()]
    assert labels == [
        "PPT, kPa\n(higher:\nless tender)",
        "Pain on\ncompression\n(NRS)",
        "Active (filled) or latent",
        "Active\npoints",
        "Referral\nextent, %\nof body",
    ]
    # Each point's lane in the strip, named in full, is the key to its colour and
    # marker in every row: there is no separate legend.
    lanes = [text for _, text in sorted(chart.rows["strip"].ticks, reverse=True)]
    assert lanes == ["TrP 1 R upper trapezius", "TrP 2 L levator scapulae"]
    assert chart.legend == [] and not fig.legends
    assert {*labels, *lanes} <= set(texts(fig))


def test_ppt_and_compression_series_per_point(course, by_gid, finite) -> None:
    fig = trigger_points_figure(course)
    assert finite(by_gid(fig, "trigger_points:ppt:11")) == [
        (x(0), 180.0), (x(14), 200.0), (x(28), 260.0), (x(42), 320.0),
    ]  # fmt: skip
    # Point 12 was not examined at visits 102 and 104.
    assert finite(by_gid(fig, "trigger_points:ppt:12")) == [(x(0), 220.0), (x(28), 240.0)]
    # Dotted joins of all points of a row are one collection, in the points' colours.
    gaps = by_gid(fig, "trigger_points:ppt:gaps")
    assert [seg.tolist() for seg in gaps.get_segments()] == [[[x(0), 220.0], [x(28), 240.0]]]
    assert tuple(gaps.get_colors()[0]) == to_rgba(by_gid(fig, "trigger_points:ppt:12").get_color())
    assert finite(by_gid(fig, "trigger_points:nrs:11")) == [
        (x(0), 7), (x(14), 6), (x(28), 4), (x(42), 2),
    ]  # fmt: skip
    a, b = by_gid(fig, "trigger_points:ppt:11"), by_gid(fig, "trigger_points:ppt:12")
    assert (a.get_color(), a.get_marker()) != (b.get_color(), b.get_marker())


def test_activity_strip_filled_for_active_hollow_for_latent(course, by_gid) -> None:
    fig = trigger_points_figure(course)
    active = by_gid(fig, "trigger_points:activity:11:active")
    latent = by_gid(fig, "trigger_points:activity:11:latent")
    assert list(active.get_xdata()) == [x(0), x(14)]
    assert list(latent.get_xdata()) == [x(28), x(42)]
    assert active.get_markerfacecolor() == active.get_color() != "white"
    assert latent.get_markerfacecolor() == "white"


def test_active_count_and_extent(course, by_gid, finite) -> None:
    fig = trigger_points_figure(course)
    assert finite(by_gid(fig, "trigger_points:active_count")) == [
        (x(0), 2), (x(14), 1), (x(28), 0), (x(42), 0),
    ]  # fmt: skip
    # Extent drawn at the first, third and fourth visits only.
    assert finite(by_gid(fig, "trigger_points:extent:11")) == [
        (x(0), 2.5), (x(28), 1.0), (x(42), 0.0),
    ]  # fmt: skip
    assert not fig.findobj(lambda a: a.get_gid() == "trigger_points:extent:12")


def test_hover_on_the_strip_names_the_point(course, drawn) -> None:
    chart = trigger_points_chart(course)
    drawn(chart.figure)
    mark = chart.mark_at(*chart.position_of("trigger_points:activity:12", 103))
    assert mark is not None and mark.visit_id == 103
    assert mark.text == "2026-02-02\nTrP 2 L levator scapulae: latent"


def test_no_points_says_so(make_course, drawn) -> None:
    course = make_course(CourseVisit(id=1, date=D0, measures={"nrs_now": 5}), points=())
    fig = drawn(trigger_points_figure(course))
    assert any("No trigger points charted" in t.get_text() for t in fig.axes[0].texts)
    assert not fig.legends


def test_one_visit_draws_no_lines(make_course, course, drawn) -> None:
    first = course.visits[0]
    fig = drawn(trigger_points_figure(make_course(first)))
    series = fig.findobj(lambda a: str(a.get_gid()).startswith("trigger_points:"))
    assert series
    for line in series:
        assert len(line.get_xdata()) == 1


def test_many_visits_draw_lines_per_row_and_bars_in_the_strip(make_course, course, drawn) -> None:
    """Beyond DENSE_VISITS a point's markers would merge into its line: each reading's
    lines are one collection and the strip shows runs of visits as bars; every point
    stays hoverable."""
    first, second = course.visits[0], course.visits[2]  # both points active, then latent
    visits = [
        CourseVisit(
            id=1000 + i,
            date=D0 + dt.timedelta(days=7 * i),
            points=(first if i < 30 else second).points,
        )
        for i in range(style.DENSE_VISITS + 10)
    ]
    chart = trigger_points_chart(make_course(*visits))
    fig = drawn(chart.figure)
    assert not fig.findobj(lambda a: a.get_gid() == "trigger_points:ppt:11")  # no Line2D
    lines = fig.findobj(lambda a: a.get_gid() == "trigger_points:ppt:lines")[0]
    assert len(lines.get_segments()) == 2  # one polyline per point
    active = fig.findobj(lambda a: a.get_gid() == "trigger_points:activity:active")[0]
    latent = fig.findobj(lambda a: a.get_gid() == "trigger_points:activity:latent")[0]
    # Each point: one run of 30 active weekly visits, then one latent run.
    assert len(active.get_paths()) == 2 and len(latent.get_paths()) == 2
    left, right = (
        active.get_paths()[0].vertices[:, 0].min(),
        active.get_paths()[0].vertices[:, 0].max(),
    )
    assert (left, right) == (x(0) - 3.5, x(7 * 29) + 3.5)  # half way to the neighbours
    mark = chart.mark_at(*chart.position_of("trigger_points:ppt:12", 1031))
    assert mark is not None and mark.visit_id == 1031
    mark = chart.mark_at(*chart.position_of("trigger_points:activity:11", 1035))
    assert mark is not None and mark.text.endswith("TrP 1 R upper trapezius: latent")
