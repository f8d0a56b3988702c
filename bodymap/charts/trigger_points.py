"""The trigger-point chart: how each point settles across visits.

Rows on one time axis: pressure pain threshold (kPa; higher is less tender), pain on
compression (NRS), an active/latent strip with a lane per point (filled: active,
hollow: latent), the number of active points, and the referred-pain extent of each
point (% of the body drawn). Each point keeps one colour and marker in every row, and
its lane in the strip, named in full, is the key to them; a point not examined at a
visit simply has no mark there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import partial

import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.path import Path
from matplotlib.transforms import offset_copy

from bodymap.charts import style
from bodymap.charts.chart import Chart, Margins, MarkSet, Row
from bodymap.charts.timeline import (
    Bundle,
    LazyTexts,
    Series,
    Visits,
    add,
    add_title,
    draw_chart,
    draw_dates,
    draw_row_frame,
    message,
    nice_ticks,
    one_visit_note,
    place_plot,
    plot_series,
    put_label,
    row_title,
    set_time_range,
    text_width_in,
)
from bodymap.domain.course import (
    CoursePoint,
    CourseVisit,
    PatientCourse,
    active_count_series,
)
from bodymap.domain.finding import Activity

ROWS = ("ppt", "nrs", "strip", "count", "extent")  # top to bottom
LINE_WIDTH = 1.1
BAR_HALF_DAYS = 7.0  # a visit's bar in the strip reaches at most this far each side
ROW_HEIGHTS_IN = {"ppt": 1.3, "nrs": 1.0, "count": 0.65, "extent": 0.9}
LANE_IN = 0.16
ROW_GAP_IN = 0.22
TOP_IN, BOTTOM_IN, RIGHT_IN = 0.45, 0.4, 0.15
LABEL_COLUMN_IN = 1.05  # row names, then the value labels
ROW_LABELS = {
    "ppt": "PPT, kPa\n(higher:\nless tender)",
    "nrs": "Pain on\ncompression\n(NRS)",
    "count": "Active\npoints",
    "extent": "Referral\nextent, %\nof body",
}
STRIP_TITLE = "Active (filled) or latent"
# Per reading drawn for each point: row, what it is called, unit, PointReading field.
READINGS = (
    ("ppt", "PPT", "kPa", "ppt_kpa"),
    ("nrs", "pain on compression", "/10", "nrs"),
    ("extent", "referral", "% body", "extent_percent"),
)


def _point_style(index: int) -> tuple[str, str]:
    return (
        style.POINT_COLORS[index % len(style.POINT_COLORS)],
        style.POINT_MARKERS[index % len(style.POINT_MARKERS)],
    )


def _strip_in(points: int) -> float:
    return max(0.45, 0.12 + LANE_IN * points)


def _margins(points: Sequence[CoursePoint]) -> Margins:
    """The left margin holds the row names and, for the strip, each point's full name."""
    names = max((text_width_in(p.title, style.SMALL_PT) for p in points), default=0.0)
    left = max(LABEL_COLUMN_IN, names + 0.14)
    return Margins(left=left, right=RIGHT_IN, top=TOP_IN, bottom=BOTTOM_IN, row_gap=ROW_GAP_IN)


def _heights(points: int) -> list[float]:
    h = ROW_HEIGHTS_IN
    return [h["ppt"], h["nrs"], _strip_in(points), h["count"], h["extent"]]


def default_size(course: PatientCourse) -> tuple[float, float]:
    rows = _heights(len(course.points))
    return (style.PRINT_WIDTH_IN, TOP_IN + BOTTOM_IN + sum(rows) + ROW_GAP_IN * (len(rows) - 1))


def trigger_points_chart(
    course: PatientCourse,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    figure: Figure | None = None,
) -> Chart:
    visits = course.window(start, end)
    draw = partial(_draw, course=course, visits=visits)
    return draw_chart("trigger_points", default_size(course), figure, draw)


def _draw(chart: Chart, course: PatientCourse, visits: Sequence[CourseVisit]) -> None:
    add_title(chart, "Trigger points", course.patient_name)
    points = course.points
    margins = _margins(points)
    ax = place_plot(chart, margins)
    axis = Visits.of(visits)
    series = _readings(visits, points)
    counts = axis.series(active_count_series(visits))
    height = dict(zip(ROWS, _heights(len(points)), strict=True))
    ppt = chart.add_row("ppt", height["ppt"], _padded(series["ppt"], 0.12, 20.0, (100.0, 400.0)))
    nrs = chart.add_row("nrs", height["nrs"], (-0.5, 10.5))
    strip = chart.add_row("strip", height["strip"], (-0.7, max(1, len(points)) - 0.3))
    top = float(counts.values.max()) if len(counts) else 1.0
    count = chart.add_row("count", height["count"], (-0.3, max(1.0, top) + 0.5))
    extent_top = max((float(s.values.max()) for s in series["extent"] if len(s)), default=1.0)
    extent_top = max(extent_top * 1.08, 0.5)
    extent = chart.add_row("extent", height["extent"], (-0.06 * extent_top, extent_top))
    dates = set_time_range(ax, visits) if visits else []
    date_xs = [x for x, _ in dates]

    label_x = -(margins.left - 0.08)
    for row in (ppt, nrs, count, extent):
        low, high = row.limits
        if row is nrs:
            ticks = [0.0, 5.0, 10.0]
        elif row is count:
            ticks = nice_ticks(0.0, high, 2, integer=True)
        else:
            ticks = nice_ticks(low, high, 4 if row is ppt else 2)
        draw_row_frame(chart, row, [(v, f"{v:g}") for v in ticks], dates=date_xs)
        where = offset_copy(row.frame, fig=chart.figure, x=label_x, units="inches")
        put_label(
            row.layer, 0.0, high, ROW_LABELS[row.key], where, ha="left", va="top",
            fontsize=style.SMALL_PT,
        )  # fmt: skip
        row.label = ROW_LABELS[row.key]
    draw_row_frame(
        chart,
        strip,
        [(_lane(points, i), p.title) for i, p in enumerate(points)],
        dates=date_xs,
        left=False,
        label_size=style.SMALL_PT,
    )
    if points:
        row_title(strip, STRIP_TITLE)
    if not points:
        message(ppt, "No trigger points charted")
    if not visits:
        message(ppt if points else nrs, "No visits in this date range")
        return
    draw_dates(extent, dates)
    one_visit_note(chart, len(visits), len(course.visits))

    # Where visits crowd, a point's markers merge into its line: each row's lines are
    # then one collection, and the strip shows runs of visits as bars.
    dense = len(visits) > style.DENSE_VISITS
    rows = {"ppt": ppt, "nrs": nrs, "extent": extent}
    for key, what, unit, _ in READINGS:
        row, gaps, lines = rows[key], Bundle(), Bundle() if dense else None
        for i, point in enumerate(points):
            color, marker = _point_style(i)
            plot_series(
                chart,
                row,
                axis,
                series[key][i],
                gid=f"trigger_points:{key}:{point.id}",
                label=point.title,
                unit=unit,
                color=color,
                marker=marker,
                line_width=LINE_WIDTH,
                gaps=gaps,
                lines=lines,
            )
        gaps.draw(row, f"trigger_points:{key}:gaps", dotted=True)
        if lines is not None:
            lines.draw(row, f"trigger_points:{key}:lines", dotted=False, width=LINE_WIDTH)
        if points and not any(len(s) for s in series[key]):
            message(row, f"No {what} recorded in this date range")
    if dense:
        _activity_bars(chart, strip, points, axis)
    else:
        _activity_markers(chart, strip, points, axis)
    plot_series(
        chart,
        count,
        axis,
        counts,
        gid="trigger_points:active_count",
        label="Active points",
        unit="",
        color=style.TEXT,
        marker="o",
        line_width=1.2,
    )


def trigger_points_figure(
    course: PatientCourse, *, start: dt.date | None = None, end: dt.date | None = None
) -> Figure:
    """The trigger-point chart as a print-sized Figure (for reports)."""
    return trigger_points_chart(course, start=start, end=end).figure


def _readings(
    visits: Sequence[CourseVisit], points: Sequence[CoursePoint]
) -> dict[str, list[Series]]:
    """Per reading (READINGS), each point's series: one pass over the visits."""
    found: dict[tuple[str, int], tuple[list[int], list[float]]] = {
        (key, p.id): ([], []) for key, *_ in READINGS for p in points
    }
    fields = [(key, field) for key, _, _, field in READINGS]
    for i, visit in enumerate(visits):
        for point_id, reading in visit.points.items():
            for key, field in fields:
                value = getattr(reading, field)
                if value is not None and (lists := found.get((key, point_id))) is not None:
                    lists[0].append(i)
                    lists[1].append(value)
    return {key: [Series.of(*found[key, p.id]) for p in points] for key, *_ in READINGS}


def _padded(
    series: Sequence[Series], share: float, least: float, empty: tuple[float, float]
) -> tuple[float, float]:
    """The range of the values with ``share`` of it (at least ``least``) added above and
    below: room for the markers at either end."""
    filled = [s.values for s in series if len(s)]
    if not filled:
        return empty
    low, high = min(float(v.min()) for v in filled), max(float(v.max()) for v in filled)
    pad = max(least, (high - low) * share)
    return low - pad, high + pad


def _lane(points: Sequence[CoursePoint], index: int) -> float:
    """The y of a point's lane in the strip, the first point at the top."""
    return float(len(points) - 1 - index)


def _activities(points: Sequence[CoursePoint], axis: Visits) -> list[list[tuple[int, Activity]]]:
    """Per point, (visit index, activity) of the visits where its activity was judged."""
    return [
        [
            (i, r.activity)
            for i, v in enumerate(axis.visits)
            if (r := v.points.get(point.id)) is not None and r.activity is not None
        ]
        for point in points
    ]


def _activity_text(shown: list[tuple[CourseVisit, Activity]], title: str, i: int) -> str:
    visit, activity = shown[i]
    return f"{visit.date.isoformat()}\n{title}: {activity.value}"


def _activity_marks(
    chart: Chart, strip: Row, points: Sequence[CoursePoint], axis: Visits,
    found: list[list[tuple[int, Activity]]],
) -> None:  # fmt: skip
    """Hover and click on the strip: one mark per judged visit and point."""
    for i, (point, judged) in enumerate(zip(points, found, strict=True)):
        if not judged:
            continue
        shown = [(axis.visits[k], a) for k, a in judged]
        at = np.fromiter((k for k, _ in judged), np.intp, len(judged))
        chart.marks.append(
            MarkSet(
                gid=f"trigger_points:activity:{point.id}",
                transform=strip.data,
                xs=axis.x[at],
                ys=np.full(len(judged), _lane(points, i)),
                visit_ids=tuple(v.id for v, _ in shown),
                dates=tuple(v.date for v, _ in shown),
                texts=LazyTexts(len(shown), partial(_activity_text, shown, point.title)),
            )
        )


def _activity_markers(
    chart: Chart, strip: Row, points: Sequence[CoursePoint], axis: Visits
) -> None:
    """One lane per point: a filled marker where it was active, hollow where latent."""
    size = style.marker_size(len(axis)) + 0.5
    found = _activities(points, axis)
    for i, (point, judged) in enumerate(zip(points, found, strict=True)):
        y = _lane(points, i)
        color, marker = _point_style(i)
        for activity in Activity:
            xs = [float(axis.x[k]) for k, a in judged if a is activity]
            if xs:
                add(
                    strip.figure,
                    Line2D(
                        xs, [y] * len(xs), transform=strip.data, linestyle="none",
                        marker=marker, markersize=size, color=color, markeredgewidth=1.0,
                        markerfacecolor=color if activity is Activity.ACTIVE else "white",
                        gid=f"trigger_points:activity:{point.id}:{activity.value}", zorder=3,
                    ),
                )  # fmt: skip
    _activity_marks(chart, strip, points, axis, found)


_RECTANGLE = [Path.MOVETO, Path.LINETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY]


def _rectangles(spans: list[tuple[float, float]], low: float, high: float) -> Path:
    """One path of rectangles from ``low`` to ``high``, one per (left, right) span."""
    left, right = np.array(spans).T
    vertices = np.empty((len(spans), 5, 2))
    vertices[:, :, 0] = np.column_stack([left, right, right, left, left])
    vertices[:, :, 1] = [low, low, high, high, low]
    return Path(vertices.reshape(-1, 2), _RECTANGLE * len(spans))


def _activity_bars(chart: Chart, strip: Row, points: Sequence[CoursePoint], axis: Visits) -> None:
    """One lane per point, for many visits: a filled bar over the visits where it was
    active, a hollow one where latent, nothing where it was not judged. Each visit's
    bar reaches half way to its neighbours, at most BAR_HALF_DAYS, so a long pause is a
    break in the bar."""
    found = _activities(points, axis)
    gaps = np.diff(axis.x)
    half = np.minimum(gaps / 2, BAR_HALF_DAYS)  # between each visit and the next
    # The first and last visit reach out as far as they reach in.
    ends = half[:1] if len(half) else np.array([BAR_HALF_DAYS / 2])
    left_of = (axis.x - np.concatenate([ends, half])).tolist()
    right_of = (axis.x + np.concatenate([half, half[-1:] if len(half) else ends])).tolist()
    touching = (gaps <= 2 * BAR_HALF_DAYS).tolist()  # a visit's bar reaches the next one's
    # One path per point and activity, its runs of visits as rectangles.
    bars: dict[Activity, tuple[list[Path], list[str]]] = {a: ([], []) for a in Activity}
    for i, judged in enumerate(found):
        y = _lane(points, i)
        color, _ = _point_style(i)
        runs: dict[Activity, list[tuple[float, float]]] = {a: [] for a in Activity}
        start = None
        for j, (k, activity) in enumerate(judged):
            if start is None:
                start = k
            following = judged[j + 1] if j + 1 < len(judged) else None
            if (
                following is None
                or following[0] != k + 1
                or following[1] is not activity
                or not touching[k]
            ):
                runs[activity].append((left_of[start], right_of[k]))
                start = None
        for activity, spans in runs.items():
            if spans:
                bars[activity][0].append(_rectangles(spans, y - 0.3, y + 0.3))
                bars[activity][1].append(color)
    for activity, (paths, colors) in bars.items():
        if not paths:
            continue
        active = activity is Activity.ACTIVE
        add(
            strip.figure,
            PathCollection(
                paths, facecolors=colors if active else "white", edgecolors=colors,
                linewidths=0 if active else 0.9, transform=strip.data, zorder=3,
                gid=f"trigger_points:activity:{activity.value}",
            ),
        )  # fmt: skip
    _activity_marks(chart, strip, points, axis, found)
