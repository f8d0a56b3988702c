"""The pain chart's content: series, baseline, MCID band, steps, treatment strip."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from bodymap.charts import pain_chart, pain_figure
from bodymap.charts.timeline import day_number
from bodymap.domain.course import CourseVisit

D0 = dt.date(2026, 1, 5)


def x(n: int) -> float:
    return day_number(D0 + dt.timedelta(days=n))


def test_pain_now_line_holds_the_measured_values(course, by_gid, finite) -> None:
    fig = pain_figure(course)
    # Visit 103 has no "pain now": its neighbours are not joined by a solid line.
    assert finite(by_gid(fig, "pain:nrs_now")) == [(x(0), 7), (x(14), 6), (x(42), 3)]
    assert finite(by_gid(fig, "pain:nrs_now:gap")) == [(x(14), 6), (x(42), 3)]
    assert finite(by_gid(fig, "pain:nrs_worst")) == [(x(0), 9), (x(14), 8), (x(28), 7), (x(42), 5)]
    assert not fig.findobj(lambda a: a.get_gid() == "pain:nrs_worst:gap")


def test_baseline_and_mcid_band(course, by_gid) -> None:
    fig = pain_figure(course)
    baseline = by_gid(fig, "pain:baseline")
    assert isinstance(baseline, Line2D)
    assert set(baseline.get_ydata()) == {7}
    band = by_gid(fig, "pain:mcid_band")
    assert isinstance(band, Rectangle)
    # Baseline 7: two points is less than 30 % (2.1), so the band is 5 to 9.
    assert band.get_y() == pytest.approx(5.0)
    assert band.get_y() + band.get_height() == pytest.approx(9.0)


def test_band_is_thirty_percent_on_a_low_baseline(make_course, by_gid) -> None:
    course = make_course(
        CourseVisit(id=1, date=D0, measures={"nrs_now": 4}),
        CourseVisit(id=2, date=D0 + dt.timedelta(days=7), measures={"nrs_now": 3}),
    )
    band = by_gid(pain_figure(course), "pain:mcid_band")
    assert band.get_y() == pytest.approx(4 - 1.2)
    assert band.get_height() == pytest.approx(2.4)


def test_labels_and_legend(course, drawn, texts) -> None:
    chart = pain_chart(course)
    fig = drawn(chart.figure)
    assert len(fig.axes) == 1  # one plot area: the pain row and the strip under it
    assert list(chart.rows) == ["pain", "strip"]
    pain, strip = chart.rows["pain"], chart.rows["strip"]
    assert pain.label == "Pain, NRS 0-10"
    assert pain.limits == pytest.approx((-0.4, 10.4))
    assert [text for _, text in pain.ticks] == ["0", "2", "4", "6", "8", "10"]
    assert [text for _, text in sorted(strip.ticks)] == [
        "Medication", "Education", "Passive care", "Active care", "Step",
    ]  # fmt: skip
    assert chart.legend[:2] == ["Pain now", "Pain at worst (24 h)"]
    assert "Baseline, pain now: 7 (2026-01-05)" in chart.legend
    assert "Less than the MCID from baseline (±2.0)" in chart.legend
    shown = texts(fig)
    for text in ("Pain - Doe, Ann", "Pain, NRS 0-10", "Passive care", *chart.legend):
        assert text in shown
    dates = list(fig.findobj(lambda a: a.get_gid() == "date"))
    assert [t.get_text() for t in dates] == ["5 Jan 2026", "19 Jan", "2 Feb", "16 Feb"]
    # The dates are under the strip, the lowest row.
    bottom = strip.frame.transform((0.0, strip.limits[0]))[1]
    renderer = fig.canvas.get_renderer()
    assert all(t.get_window_extent(renderer).y1 < bottom for t in dates)


def test_escalation_is_marked_where_the_step_changes(course, by_gid) -> None:
    fig = pain_figure(course)
    change = by_gid(fig, "pain:step_change:103")
    assert list(change.get_xdata()) == [x(28), x(28)]
    changes = {a.get_gid() for a in fig.findobj(Line2D)} - {None}
    assert {g for g in changes if g.startswith("pain:step_change:")} == {"pain:step_change:103"}
    # Every visit's step is in the strip.
    assert finite_x(by_gid(fig, "pain:step:1")) == [x(0), x(14)]
    assert finite_x(by_gid(fig, "pain:step:2")) == [x(28), x(42)]


def finite_x(line: Line2D) -> list[float]:
    return [float(v) for v in line.get_xdata()]


def test_treatment_strip_rows(course, by_gid) -> None:
    fig = pain_figure(course)
    assert finite_x(by_gid(fig, "pain:care:education")) == [x(0)]
    assert finite_x(by_gid(fig, "pain:care:active")) == [x(14), x(28)]
    assert finite_x(by_gid(fig, "pain:care:passive")) == [x(0), x(28), x(42)]
    assert not fig.findobj(lambda a: a.get_gid() == "pain:care:pharmacologic")


def test_hover_text_and_visit_of_a_point(course, drawn) -> None:
    chart = pain_chart(course)
    drawn(chart.figure)
    px, py = chart.position_of("pain:nrs_now", 104)
    mark = chart.mark_at(px + 2, py - 2)
    assert mark is not None
    assert mark.visit_id == 104
    assert mark.text == "2026-02-16 (draft)\nPain now: 3/10"
    assert chart.mark_at(px + 40, py + 40) is None  # nothing there
    sx, sy = chart.position_of("pain:strip:passive_care", 103)
    strip_mark = chart.mark_at(sx, sy)
    assert strip_mark is not None and strip_mark.visit_id == 103
    assert "Trigger point compression" in strip_mark.text


def test_one_visit_draws_markers_and_no_lines(make_course, drawn, texts) -> None:
    course = make_course(
        CourseVisit(id=1, date=D0, measures={"nrs_now": 6, "nrs_worst": 8}, step=None)
    )
    fig = drawn(pain_figure(course))
    lines = [a for a in fig.findobj(Line2D) if str(a.get_gid()).startswith("pain:")]
    assert {a.get_gid() for a in lines} == {"pain:nrs_now", "pain:nrs_worst"}
    for line in lines:
        assert len(line.get_xdata()) == 1  # one marker: nothing to join
        assert line.get_marker() not in (None, "None", "")
    # No baseline or band: with nothing to compare, they would be made up. Said why.
    assert not fig.findobj(lambda a: a.get_gid() in ("pain:baseline", "pain:mcid_band"))
    assert any(t.startswith("One visit so far") for t in texts(fig))


def test_long_pause_is_not_drawn_as_observed(make_course, by_gid, finite) -> None:
    course = make_course(
        CourseVisit(id=1, date=D0, measures={"nrs_now": 6}),
        CourseVisit(id=2, date=D0 + dt.timedelta(days=10), measures={"nrs_now": 5}),
        CourseVisit(id=3, date=D0 + dt.timedelta(days=200), measures={"nrs_now": 2}),
    )
    fig = pain_figure(course)
    line = by_gid(fig, "pain:nrs_now")
    ys = np.asarray(line.get_ydata(), dtype=float)
    assert np.isnan(ys).sum() == 1  # the solid line breaks once, at the pause
    assert finite(by_gid(fig, "pain:nrs_now:gap")) == [(x(10), 5), (x(200), 2)]


def test_date_range_limits_the_series_but_not_the_baseline(course, by_gid, finite) -> None:
    fig = pain_figure(course, start=D0 + dt.timedelta(days=10))
    assert [p[0] for p in finite(by_gid(fig, "pain:nrs_now"))] == [x(14), x(42)]
    assert set(by_gid(fig, "pain:baseline").get_ydata()) == {7}  # still the first visit's
    assert not fig.findobj(lambda a: a.get_gid() == "pain:step_change:101")


def test_no_visits_in_range_says_so(course, drawn) -> None:
    fig = drawn(pain_figure(course, start=dt.date(2030, 1, 1)))
    assert any("No visits in this date range" in t.get_text() for t in fig.axes[0].texts)


def test_missing_pain_scores_say_so(make_course, drawn) -> None:
    course = make_course(CourseVisit(id=1, date=D0, measures={"cervical_flexion": 40}))
    fig = drawn(pain_figure(course))
    assert any("No pain scores" in t.get_text() for t in fig.axes[0].texts)
