"""The range-of-motion chart: one small panel per movement, left and right together.

Each panel shades the adult normal range (from the lower limit of normal upwards:
DOMAIN.md section 5) and, around each side's baseline, a band of +/- the minimal
detectable change: a later value inside that band is within measurement noise and is
not read as progress.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from functools import partial

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator, StrMethodFormatter

from bodymap.charts import style
from bodymap.charts.chart import Chart, Margins
from bodymap.charts.timeline import (
    add_grid,
    add_title,
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
    CourseVisit,
    PatientCourse,
    Sample,
    measure_series,
    movement_id,
    normal_lower_limit,
)
from bodymap.domain.measures import MEASURE_KINDS, Family, MeasureKind

MARGINS = Margins(left=0.55, right=0.15, top=0.72, bottom=0.4, row_gap=0.45, column_gap=0.5)
PANEL_HEIGHT_IN = 1.75
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


def _layout(count: int) -> tuple[int, int]:
    cols = 1 if count <= 1 else 2 if count <= 4 else 3
    return max(1, math.ceil(count / cols)), cols


def default_size(course: PatientCourse) -> tuple[float, float]:
    return _size(len(movements(course)))


def _size(panels: int) -> tuple[float, float]:
    rows, _ = _layout(panels)
    height = MARGINS.top + MARGINS.bottom + rows * PANEL_HEIGHT_IN + (rows - 1) * MARGINS.row_gap
    return (style.PRINT_WIDTH_IN, height)


def movement_chart(
    course: PatientCourse,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    figure: Figure | None = None,
) -> Chart:
    found = movements(course)
    size = _size(len(found))
    chart = Chart("movement", new_figure(figure, size), size=size)
    fig = chart.figure
    name = course.patient_name
    add_title(fig, f"Range of motion - {name}" if name else "Range of motion")
    visits = course.window(start, end)
    rows, cols = _layout(len(found))
    grid = add_grid(chart, rows, cols, MARGINS)
    if not found:
        ax = fig.add_subplot(grid[0])
        style_axes(ax, dates=False)
        ax.set_yticks([])
        message(ax, "No range of motion recorded")
        return chart
    one_visit_note(fig, len(visits), len(course.visits))
    sides: set[str | None] = set()
    for i, (_, kinds) in enumerate(found):
        ax = fig.add_subplot(grid[i // cols, i % cols])
        # Dates only under the lowest panel of each column.
        style_axes(ax, dates=i + cols >= len(found))
        _panel(chart, ax, course, visits, kinds)
        sides.update(k.side for k in kinds)
    handles: list[Artist] = [
        legend_line(style.SIDE_COLORS[s], style.SIDE_MARKERS[s], SIDE_WORDS[s])
        for s in ("L", "R", None)
        if s in sides
    ]
    handles.append(Patch(color=style.NORMAL_BAND, alpha=0.14, label="Normal range (adult)"))
    handles.append(
        Patch(
            facecolor="none",
            edgecolor=style.MUTED,
            hatch="///",
            linewidth=0,
            label="Within the MDC of baseline (noise)",
        )
    )
    top_legend(fig, handles, columns=len(handles), y_in=0.36)
    return chart


def movement_figure(
    course: PatientCourse, *, start: dt.date | None = None, end: dt.date | None = None
) -> Figure:
    """The range-of-motion chart as a print-sized Figure (for reports)."""
    return movement_chart(course, start=start, end=end).figure


def _describe(kind: MeasureKind, normal_text: str, sample: Sample) -> str:
    return f"{kind.label}: {sample.value:.0f}°{normal_text}"


def _panel(
    chart: Chart,
    ax: Axes,
    course: PatientCourse,
    visits: Sequence[CourseVisit],
    kinds: Sequence[MeasureKind],
) -> None:
    first = kinds[0]
    title = first.label[:-2] if first.side is not None else first.label
    # y fixed: automatic title placement measures the tick labels at every draw
    ax.set_title(title, loc="left", fontsize=style.FONT_PT, color=style.TEXT, y=1.0, pad=3)
    ax.yaxis.set_major_locator(MaxNLocator(4))
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:.0f}°"))
    ax.grid(axis="y", color=style.GRID, linewidth=0.6)
    ax.set_axisbelow(True)

    values = [s.value for k in kinds for s in measure_series(course.visits, k.id)]
    lower = normal_lower_limit(first)
    normal = first.normal or 0.0
    top = max(normal * 1.2, max(values, default=0.0) + 8.0)
    # Room below the lowest value and its noise band, but the normal range always in view.
    low = min([*values, lower or normal]) - (first.mdc or 0.0) - 5.0
    ax.set_ylim(max(0.0, 10.0 * math.floor(low / 10.0)), top)
    if lower is not None:
        ax.axhspan(
            lower,
            top,
            color=style.NORMAL_BAND,
            alpha=0.10,
            linewidth=0,
            zorder=0,
            gid=f"movement:normal:{movement_id(first)}",
        )
        if normal > lower:
            ax.axhline(normal, color=style.NORMAL_BAND, linewidth=0.8, linestyle="--", zorder=1)
    if not visits:
        message(ax, "No visits in this date range")
        return
    set_time_range((ax,), visits)
    normal_text = f" (normal {normal:.0f}°)" if normal else ""
    drew = False
    for kind in kinds:
        full = measure_series(course.visits, kind.id)
        if len(full) >= 2 and kind.mdc is not None:
            b = full[0].value
            # Hatched, not filled: the two sides' bands often overlap and stay readable.
            ax.axhspan(
                b - kind.mdc,
                b + kind.mdc,
                facecolor="none",
                edgecolor=style.SIDE_COLORS[kind.side],
                hatch=MDC_HATCH[kind.side],
                alpha=0.45,
                linewidth=0,
                zorder=0.5,
                gid=f"movement:mdc:{kind.id}",
            )
        side = SIDE_WORDS[kind.side] if kind.side else kind.label
        line = plot_series(
            chart,
            ax,
            measure_series(visits, kind.id),
            visits,
            gid=f"movement:{kind.id}",
            label=side,
            unit="°",
            color=style.SIDE_COLORS[kind.side],
            marker=style.SIDE_MARKERS[kind.side],
            describe=partial(_describe, kind, normal_text),
        )
        drew = drew or line is not None
    if not drew:
        message(ax, "Not measured in this date range")
