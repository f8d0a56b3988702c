"""The pain chart: NRS now and at worst per visit against the change that matters.

Upper panel: pain now and at worst; the baseline (first "pain now" of the course) and a
band of +/- the MCID around it (2 points or 30 % of baseline, whichever is smaller:
DOMAIN.md section 5), so a visit outside the band has changed by an amount patients
notice. Dotted verticals mark where the escalation step changed. Lower strip, on the
same time axis: the step of each visit and what kinds of treatment were given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.transforms import blended_transform_factory

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
from bodymap.domain.course import CourseVisit, PatientCourse, mcid_threshold, measure_series
from bodymap.domain.measures import MEASURE_KINDS_BY_ID
from bodymap.domain.treatment_catalog import CATALOG, Category

SIZE = (style.PRINT_WIDTH_IN, 4.2)
MARGINS = Margins(left=1.0, right=0.2, top=0.72, bottom=0.42, row_gap=0.3)
NOW, WORST = MEASURE_KINDS_BY_ID["nrs_now"], MEASURE_KINDS_BY_ID["nrs_worst"]

# Rows of the strip, top to bottom.
STRIP_ROWS: tuple[tuple[str, Category | None], ...] = (
    ("Step", None),
    ("Active care", Category.ACTIVE),
    ("Passive care", Category.PASSIVE),
    ("Education", Category.EDUCATION),
    ("Medication", Category.PHARMACOLOGIC),
)


def pain_chart(
    course: PatientCourse,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    figure: Figure | None = None,
) -> Chart:
    chart = Chart("pain", new_figure(figure, SIZE), size=SIZE)
    fig = chart.figure
    add_title(fig, f"Pain - {course.patient_name}" if course.patient_name else "Pain")
    grid = add_grid(chart, 2, 1, MARGINS, height_ratios=(4.0, 1.5))
    ax = fig.add_subplot(grid[0])
    strip = fig.add_subplot(grid[1])
    style_axes(ax, dates=False)
    style_axes(strip, dates=True)
    _pain_axes_frame(ax)
    _strip_frame(strip)
    visits = course.window(start, end)
    if not visits:
        message(ax, "No visits in this date range")
        return chart
    set_time_range((ax, strip), visits)
    one_visit_note(fig, len(visits), len(course.visits))

    handles: list[Artist] = []
    baseline = measure_series(course.visits, NOW.id)
    # A baseline and its band only mean something once there is a later value to compare.
    if len(baseline) >= 2:
        b = baseline[0].value
        mcid = mcid_threshold(NOW, b) or 0.0
        band = ax.axhspan(
            max(0.0, b - mcid),
            min(10.0, b + mcid),
            color=style.MCID_BAND,
            alpha=0.13,
            linewidth=0,
            gid="pain:mcid_band",
            zorder=0,
        )
        band.set_label(f"Less than the MCID from baseline (±{mcid:.1f})")
        ax.axhline(b, color=style.BASELINE, linewidth=1.0, linestyle="--", gid="pain:baseline")
        handles.append(
            legend_line(
                style.BASELINE,
                None,
                f"Baseline, pain now: {b:.0f} ({baseline[0].date.isoformat()})",
                linestyle="--",
                linewidth=1.0,
            )
        )
        handles.append(band)

    lines = []
    for kind, color, marker, width in (
        (NOW, style.PAIN_NOW, "o", style.LINE_WIDTH),
        (WORST, style.PAIN_WORST, "^", 1.1),
    ):
        label = "Pain now" if kind is NOW else "Pain at worst (24 h)"
        line = plot_series(
            chart,
            ax,
            measure_series(visits, kind.id),
            visits,
            gid=f"pain:{kind.id}",
            label=label,
            unit="/10",
            color=color,
            marker=marker,
            line_width=width,
        )
        if line is not None:
            lines.append(line)
    if not lines:
        message(ax, "No pain scores in this date range")
    _mark_escalations(ax, course, visits)
    _draw_strip(chart, strip, visits)
    if lines or handles:
        top_legend(fig, [*lines, *handles], columns=4, y_in=0.36)
    return chart


def pain_figure(
    course: PatientCourse, *, start: dt.date | None = None, end: dt.date | None = None
) -> Figure:
    """The pain chart as a print-sized Figure (for reports)."""
    return pain_chart(course, start=start, end=end).figure


def _pain_axes_frame(ax: Axes) -> None:
    ax.set_ylim(-0.4, 10.4)
    ax.set_yticks(range(0, 11, 2))
    ax.set_ylabel("Pain, NRS 0-10", fontsize=style.FONT_PT, color=style.TEXT)
    ax.grid(axis="y", color=style.GRID, linewidth=0.8)
    ax.set_axisbelow(True)


def _strip_frame(strip: Axes) -> None:
    strip.set_ylim(-0.6, len(STRIP_ROWS) - 0.4)
    strip.set_yticks(range(len(STRIP_ROWS)))
    strip.set_yticklabels([name for name, _ in reversed(STRIP_ROWS)], fontsize=style.SMALL_PT)
    strip.tick_params(axis="y", length=0)
    strip.spines["left"].set_visible(False)
    strip.grid(axis="y", color=style.GRID, linewidth=0.6)
    strip.set_axisbelow(True)


def _mark_escalations(ax: Axes, course: PatientCourse, visits: Sequence[CourseVisit]) -> None:
    """A dotted vertical where the step changed from the visit before (in the whole
    course, so a range starting mid-course does not invent a change at its first visit)."""
    previous = {b.id: a.step for a, b in zip(course.visits, course.visits[1:], strict=False)}
    top = blended_transform_factory(ax.transData, ax.transAxes)
    span = max(1.0, day_number(visits[-1].date) - day_number(visits[0].date))
    last_label = None
    for visit in visits:
        before = previous.get(visit.id)
        if visit.step is None or before is None or before == visit.step:
            continue
        x = day_number(visit.date)
        color = style.STEP_COLORS[int(visit.step)]
        ax.axvline(x, color=color, linewidth=1.0, linestyle=":", gid=f"pain:step_change:{visit.id}")
        if last_label is None or (x - last_label) / span > 0.07:  # keep labels apart
            ax.text(
                x,
                1.0,
                f" Step {int(visit.step)}",
                transform=top,
                fontsize=style.SMALL_PT,
                color=color,
                ha="left",
                va="top",
            )
            last_label = x


def _treatment_names(visit: CourseVisit, category: Category) -> str:
    return ", ".join(
        CATALOG[kind].label for kind in visit.treatments if CATALOG[kind].category is category
    )


def _draw_strip(chart: Chart, strip: Axes, visits: Sequence[CourseVisit]) -> None:
    for row, (name, category) in enumerate(STRIP_ROWS):
        y = len(STRIP_ROWS) - 1 - row
        if category is None:
            stepped = [v for v in visits if v.step is not None]
            # The step's digit where there is room; a coloured tick where visits crowd.
            dense = len(visits) > style.DENSE_VISITS
            for step, color in style.STEP_COLORS.items():
                xs = [day_number(v.date) for v in stepped if int(v.step or 0) == step]
                if xs:
                    strip.plot(
                        xs,
                        [y] * len(xs),
                        linestyle="none",
                        marker="|" if dense else f"${step}$",
                        markersize=7 if dense else 6,
                        markeredgewidth=1.2,
                        color=color,
                        gid=f"pain:step:{step}",
                    )
            members = stepped
            texts = [f"{v.date.isoformat()}\n{v.step.label if v.step else ''}" for v in members]
        else:
            members = [v for v in visits if category in v.categories]
            if members:
                strip.plot(
                    [day_number(v.date) for v in members],
                    [y] * len(members),
                    linestyle="none",
                    marker="|" if len(visits) > style.DENSE_VISITS else "s",
                    markersize=7 if len(visits) > style.DENSE_VISITS else 4,
                    markeredgewidth=1.2,
                    color=style.CATEGORY_COLORS[category.value],
                    gid=f"pain:care:{category.value}",
                )
            texts = [
                f"{v.date.isoformat()}\n{name}: {_treatment_names(v, category)}" for v in members
            ]
        if members:
            chart.marks.append(
                MarkSet(
                    gid=f"pain:strip:{name.lower().replace(' ', '_')}",
                    axes=strip,
                    xs=np.asarray([day_number(v.date) for v in members]),
                    ys=np.full(len(members), float(y)),
                    visit_ids=tuple(v.id for v in members),
                    dates=tuple(v.date for v in members),
                    texts=tuple(texts),
                )
            )
