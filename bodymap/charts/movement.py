"""The range-of-motion chart: one row per movement on a shared time axis, left and
right together.

Each row shades the adult normal range (from the lower limit of normal upwards:
DOMAIN.md section 5) and, around each side's baseline, a band of +/- the minimal
detectable change: a later value inside that band is within measurement noise and is
not read as progress.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from functools import partial

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from bodymap.charts import style
from bodymap.charts.chart import Chart, Margins, Row
from bodymap.charts.timeline import (
    Key,
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
    row_title,
    set_time_range,
    top_legend,
)
from bodymap.domain.course import CourseVisit, PatientCourse, movement_id, normal_lower_limit
from bodymap.domain.measures import MEASURE_KINDS, Family, MeasureKind

MARGINS = Margins(left=0.55, right=0.2, top=0.72, bottom=0.4, row_gap=0.3)
ROW_IN = 0.85  # one movement's row at print size
PLOT_MIN_IN = 1.9  # a course with one or two movements gets taller rows
MDC_HATCH = {"L": "///", "R": "\\\\\\", None: "///"}
SIDE_WORDS = {"L": "Left", "R": "Right", None: "Midline"}


def movements(course: PatientCourse) -> list[tuple[str, tuple[MeasureKind, ...]]]:
    """The movements measured at least once in the course, in catalog order, each with
    its kinds (a left and a right, or one)."""
    measured = {kind for visit in course.visits for kind in visit.measures}
    grouped: dict[str, list[MeasureKind]] = {}
    for kind in MEASURE_KINDS:
        if kind.family is Family.ROM:
            grouped.setdefault(movement_id(kind), []).append(kind)
    return [
        (name, tuple(kinds))
        for name, kinds in grouped.items()
        if any(k.id in measured for k in kinds)
    ]


def default_size(course: PatientCourse) -> tuple[float, float]:
    return _size(len(movements(course)))


def _row_in(rows: int) -> float:
    return max(ROW_IN, (PLOT_MIN_IN - MARGINS.row_gap * (rows - 1)) / max(1, rows))


def _size(rows: int) -> tuple[float, float]:
    rows = max(1, rows)
    plot = rows * _row_in(rows) + (rows - 1) * MARGINS.row_gap
    return (style.PRINT_WIDTH_IN, MARGINS.top + MARGINS.bottom + plot)


def movement_chart(
    course: PatientCourse,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    figure: Figure | None = None,
) -> Chart:
    found = movements(course)
    size = _size(len(found))
    visits = course.window(start, end)
    return draw_chart(
        "movement", size, figure, partial(_draw, course=course, visits=visits, found=found)
    )


def _draw(
    chart: Chart,
    course: PatientCourse,
    visits: Sequence[CourseVisit],
    found: list[tuple[str, tuple[MeasureKind, ...]]],
) -> None:
    add_title(chart, "Range of motion", course.patient_name)
    ax = place_plot(chart, MARGINS)
    if not found:
        row = chart.add_row("none", _row_in(1), (0.0, 1.0))
        draw_row_frame(chart, row, [])
        message(row, "No range of motion recorded")
        return
    kinds = [kind for _, group in found for kind in group]
    whole = _series(course.visits, kinds)  # baselines and scales: the whole course
    rows = [
        chart.add_row(movement_id(group[0]), _row_in(len(found)), _limits(group, whole))
        for _, group in found
    ]
    dates = set_time_range(ax, visits) if visits else []
    one_visit_note(chart, len(visits), len(course.visits))
    axis = Visits.of(visits)
    shown = _series(visits, kinds)
    sides: set[str | None] = set()
    for row, (_, group) in zip(rows, found, strict=True):
        _row(chart, row, axis, group, whole, shown, [x for x, _ in dates])
        sides.update(k.side for k in group)
    if dates:
        draw_dates(rows[-1], dates)
    keys = [
        Key(SIDE_WORDS[s], style.SIDE_COLORS[s], style.SIDE_MARKERS[s])
        for s in ("L", "R", None)
        if s in sides
    ]
    keys.append(Key("Normal range (adult)", style.NORMAL_BAND, box=True, alpha=0.14))
    keys.append(
        Key("Within the MDC of baseline (noise)", style.MUTED, box=True, hatch="///", alpha=0.6)
    )
    top_legend(chart, keys, y_in=0.34)


def movement_figure(
    course: PatientCourse, *, start: dt.date | None = None, end: dt.date | None = None
) -> Figure:
    """The range-of-motion chart as a print-sized Figure (for reports)."""
    return movement_chart(course, start=start, end=end).figure


def _describe(kind: MeasureKind, normal_text: str, value: float) -> str:
    return f"{kind.label}: {value:.0f}°{normal_text}"


def _series(visits: Sequence[CourseVisit], kinds: Sequence[MeasureKind]) -> dict[str, Series]:
    """Each kind's values at these visits (one pass over the visits)."""
    at: dict[str, list[int]] = {k.id: [] for k in kinds}
    values: dict[str, list[float]] = {k.id: [] for k in kinds}
    for i, visit in enumerate(visits):
        for kind_id, value in visit.measures.items():
            if kind_id in at:
                at[kind_id].append(i)
                values[kind_id].append(value)
    return {k: Series.of(at[k], values[k]) for k in at}


def _limits(kinds: Sequence[MeasureKind], whole: dict[str, Series]) -> tuple[float, float]:
    """The row's value range: the whole course (so a date range does not rescale it),
    the normal range and the baselines' noise bands in view."""
    first = kinds[0]
    values = [float(v) for k in kinds for v in whole[k.id].values]
    normal = first.normal or 0.0
    top = max(normal * 1.2, max(values, default=0.0) + 8.0)
    low = min([*values, normal_lower_limit(first) or normal]) - (first.mdc or 0.0) - 5.0
    return max(0.0, 10.0 * math.floor(low / 10.0)), top


def _row(
    chart: Chart,
    row: Row,
    axis: Visits,
    kinds: Sequence[MeasureKind],
    whole: dict[str, Series],
    shown: dict[str, Series],
    dates: Sequence[float],
) -> None:
    first = kinds[0]
    row_title(row, first.label[:-2] if first.side is not None else first.label)
    low, top = row.limits
    draw_row_frame(
        chart, row, [(v, f"{v:.0f}°") for v in nice_ticks(low, top, 3, quarters=False)], dates=dates
    )
    lower = normal_lower_limit(first)
    normal = first.normal or 0.0
    if lower is not None:
        add(
            row.figure,
            Rectangle(
                (0.0, lower), 1.0, top - lower, transform=row.frame, facecolor=style.NORMAL_BAND,
                alpha=0.10, linewidth=0, zorder=0, gid=f"movement:normal:{movement_id(first)}",
            )
        )  # fmt: skip
        if normal > lower:
            add(
                row.figure,
                Line2D(
                    [0.0, 1.0], [normal, normal], transform=row.frame, color=style.NORMAL_BAND,
                    linewidth=0.8, linestyle="--", zorder=1,
                )
            )  # fmt: skip
    if not len(axis):
        message(row, "No visits in this date range")
        return
    normal_text = f" (normal {normal:.0f}°)" if normal else ""
    drew = False
    for kind in kinds:
        full = whole[kind.id].values
        if len(full) >= 2 and kind.mdc is not None:
            b = float(full[0])
            # Hatched, not filled: the two sides' bands often overlap and stay readable.
            add(
                row.figure,
                Rectangle(
                    (0.0, b - kind.mdc), 1.0, 2 * kind.mdc, transform=row.frame,
                    facecolor="none", edgecolor=style.SIDE_COLORS[kind.side],
                    hatch=MDC_HATCH[kind.side], alpha=0.45, linewidth=0, zorder=0.5,
                    gid=f"movement:mdc:{kind.id}",
                )
            )  # fmt: skip
        side = SIDE_WORDS[kind.side] if kind.side else kind.label
        marks = plot_series(
            chart,
            row,
            axis,
            shown[kind.id],
            gid=f"movement:{kind.id}",
            label=side,
            unit="°",
            color=style.SIDE_COLORS[kind.side],
            marker=style.SIDE_MARKERS[kind.side],
            describe=partial(_describe, kind, normal_text),
        )
        drew = drew or marks is not None
    if not drew:
        message(row, "Not measured in this date range")
