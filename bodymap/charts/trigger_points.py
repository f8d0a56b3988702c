"""The trigger-point chart: how each point settles across visits.

Rows on one time axis: pressure pain threshold (kPa; higher is less tender), pain on
compression (NRS), an active/latent strip (filled: active, hollow: latent), the number
of active points, and the referred-pain extent of each point (% of the body drawn).
Each point keeps one colour and marker in every row; a point not examined at a visit
simply has no mark there.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from bodymap.charts import style
from bodymap.charts.chart import Chart, Margins, MarkSet
from bodymap.charts.timeline import (
    add_grid,
    add_title,
    day_number,
    legend_line,
    message,
    new_figure,
    one_visit_note,
    plot_series,
    set_time_range,
    style_axes,
    top_legend,
)
from bodymap.domain.course import (
    CoursePoint,
    CourseVisit,
    PatientCourse,
    PointReading,
    active_count_series,
    point_series,
)
from bodymap.domain.finding import Activity

LEGEND_COLUMNS = 3
LEGEND_ROW_IN = 0.17
ROW_HEIGHTS_IN = {"ppt": 1.5, "nrs": 1.3, "count": 0.8, "extent": 1.1}
STRIP_ROW_IN = 0.16
ROW_GAP_IN = 0.2


def _point_style(index: int) -> tuple[str, str]:
    return (
        style.POINT_COLORS[index % len(style.POINT_COLORS)],
        style.POINT_MARKERS[index % len(style.POINT_MARKERS)],
    )


def _margins(points: int) -> Margins:
    legend_rows = max(1, math.ceil(points / LEGEND_COLUMNS))
    return Margins(
        left=0.95, right=0.15, top=0.5 + legend_rows * LEGEND_ROW_IN, bottom=0.4, row_gap=ROW_GAP_IN
    )


def _heights(points: int) -> list[float]:
    strip = max(0.45, 0.15 + STRIP_ROW_IN * points)
    h = ROW_HEIGHTS_IN
    return [h["ppt"], h["nrs"], strip, h["count"], h["extent"]]


def default_size(course: PatientCourse) -> tuple[float, float]:
    m = _margins(len(course.points))
    rows = _heights(len(course.points))
    return (style.PRINT_WIDTH_IN, m.top + m.bottom + sum(rows) + ROW_GAP_IN * (len(rows) - 1))


def trigger_points_chart(
    course: PatientCourse,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    figure: Figure | None = None,
) -> Chart:
    size = default_size(course)
    chart = Chart("trigger_points", new_figure(figure, size), size=size)
    fig = chart.figure
    name = course.patient_name
    add_title(fig, f"Trigger points - {name}" if name else "Trigger points")
    points = course.points
    heights = _heights(len(points))
    grid = add_grid(chart, len(heights), 1, _margins(len(points)), height_ratios=heights)
    ppt, nrs, strip, count, extent = (fig.add_subplot(grid[i]) for i in range(len(heights)))
    rows = (ppt, nrs, strip, count, extent)
    for ax in rows:
        style_axes(ax, dates=ax is extent)
        ax.grid(axis="y", color=style.GRID, linewidth=0.6)
        ax.set_axisbelow(True)
    labels = (
        "PPT, kPa\n(higher: less tender)",
        "Pain on\ncompression\n(NRS)",
        "Active (filled)\nor latent",
        "Active\npoints",
        "Referral\nextent, %\nof body",
    )
    for ax, label in zip(rows, labels, strict=True):
        ax.set_ylabel(label, fontsize=style.SMALL_PT, color=style.TEXT)
    nrs.set_ylim(-0.5, 10.5)
    nrs.set_yticks(range(0, 11, 5))
    count.yaxis.set_major_locator(MaxNLocator(3, integer=True))
    ppt.yaxis.set_major_locator(MaxNLocator(4))
    extent.yaxis.set_major_locator(MaxNLocator(3))
    visits = course.window(start, end)
    if not points:
        message(ppt, "No trigger points charted")
    if not visits:
        message(ppt if points else nrs, "No visits in this date range")
        return chart
    set_time_range(rows, visits)
    one_visit_note(fig, len(visits), len(course.visits))

    readings: tuple[tuple[Axes, str, str, Callable[[PointReading], float | None]], ...] = (
        (ppt, "ppt", "kPa", lambda r: r.ppt_kpa),
        (nrs, "nrs", "/10", lambda r: r.nrs),
        (extent, "extent", "% body", lambda r: r.extent_percent),
    )
    handles: list[Line2D] = []
    for i, point in enumerate(points):
        color, marker = _point_style(i)
        handles.append(legend_line(color, marker, point.title))
        for ax, key, unit, value in readings:
            plot_series(
                chart,
                ax,
                point_series(visits, point.id, value),
                visits,
                gid=f"trigger_points:{key}:{point.id}",
                label=point.title,
                unit=unit,
                color=color,
                marker=marker,
                line_width=1.2,
            )
    _activity_strip(chart, strip, points, visits)
    series = active_count_series(visits)
    plot_series(
        chart,
        count,
        series,
        visits,
        gid="trigger_points:active_count",
        label="Active points",
        unit="",
        color=style.TEXT,
        marker="o",
        line_width=1.2,
    )
    top = max((s.value for s in series), default=1.0)
    count.set_ylim(-0.3, max(1.0, top) + 0.5)
    # Extent from zero: "none drawn" is a value worth seeing. PPT with room for markers.
    extent.set_ylim(bottom=-0.06 * max(1.0, extent.get_ylim()[1]))
    ppt.set_ymargin(0.12)
    for ax, what in ((ppt, "PPT"), (nrs, "pain on compression"), (extent, "referral")):
        if points and not any(m.axes is ax for m in chart.marks):
            message(ax, f"No {what} recorded in this date range")
    if handles:
        top_legend(fig, handles, columns=LEGEND_COLUMNS, y_in=0.36)
    return chart


def trigger_points_figure(
    course: PatientCourse, *, start: dt.date | None = None, end: dt.date | None = None
) -> Figure:
    """The trigger-point chart as a print-sized Figure (for reports)."""
    return trigger_points_chart(course, start=start, end=end).figure


def _activity_strip(
    chart: Chart, strip: Axes, points: Sequence[CoursePoint], visits: Sequence[CourseVisit]
) -> None:
    """One row per point, top to bottom by label: filled marker active, hollow latent."""
    strip.set_ylim(-0.7, max(1, len(points)) - 0.3)
    strip.set_yticks(range(len(points)))
    strip.set_yticklabels([f"TrP {p.label}" for p in reversed(points)], fontsize=style.SMALL_PT)
    strip.tick_params(axis="y", length=0)
    strip.spines["left"].set_visible(False)
    for i, point in enumerate(points):
        y = len(points) - 1 - i
        color, marker = _point_style(i)
        found = [
            (v, r.activity)
            for v in visits
            if (r := v.points.get(point.id)) is not None and r.activity is not None
        ]
        for activity in Activity:
            xs = [day_number(v.date) for v, a in found if a is activity]
            if xs:
                strip.plot(
                    xs,
                    [y] * len(xs),
                    linestyle="none",
                    marker=marker,
                    markersize=style.marker_size(len(visits)) + 0.5,
                    color=color,
                    markeredgewidth=1.0,
                    markerfacecolor=color if activity is Activity.ACTIVE else "white",
                    gid=f"trigger_points:activity:{point.id}:{activity.value}",
                )
        if found:
            chart.marks.append(
                MarkSet(
                    gid=f"trigger_points:activity:{point.id}",
                    axes=strip,
                    xs=np.asarray([day_number(v.date) for v, _ in found]),
                    ys=np.full(len(found), float(y)),
                    visit_ids=tuple(v.id for v, _ in found),
                    dates=tuple(v.date for v, _ in found),
                    texts=tuple(
                        f"{v.date.isoformat()}\n{point.title}: {a.value}" for v, a in found
                    ),
                )
            )
