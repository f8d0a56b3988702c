"""The pain chart: NRS now and at worst per visit against the change that matters.

Upper row: pain now and at worst; the baseline (first "pain now" of the course) and a
band of +/- the MCID around it (2 points or 30 % of baseline, whichever is smaller:
DOMAIN.md section 5), so a visit outside the band has changed by an amount patients
notice. Dotted verticals mark where the escalation step changed. Lower strip, on the
same time axis: the step of each visit and what kinds of treatment were given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import partial

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.transforms import offset_copy

from bodymap.charts import style
from bodymap.charts.chart import Chart, Margins, MarkSet, Row
from bodymap.charts.timeline import (
    Key,
    LazyTexts,
    Visits,
    add,
    add_title,
    day_number,
    draw_chart,
    draw_dates,
    draw_row_frame,
    message,
    one_visit_note,
    place_plot,
    plot_series,
    put_label,
    row_label,
    set_time_range,
    top_legend,
)
from bodymap.domain.course import CourseVisit, PatientCourse, mcid_threshold, measure_series
from bodymap.domain.measures import MEASURE_KINDS_BY_ID
from bodymap.domain.treatment_catalog import CATALOG, Category

SIZE = (style.PRINT_WIDTH_IN, 4.2)
MARGINS = Margins(left=1.0, right=0.2, top=0.72, bottom=0.42, row_gap=0.3)
PAIN_ROW_IN, STRIP_ROW_IN = 2.0, 0.76
PAIN_LIMITS = (-0.4, 10.4)
NOW, WORST = MEASURE_KINDS_BY_ID["nrs_now"], MEASURE_KINDS_BY_ID["nrs_worst"]

# Lanes of the strip, top to bottom.
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
    return draw_chart(
        "pain", SIZE, figure, partial(_draw, course=course, visits=course.window(start, end))
    )


def _draw(chart: Chart, course: PatientCourse, visits: Sequence[CourseVisit]) -> None:
    add_title(chart, "Pain", course.patient_name)
    ax = place_plot(chart, MARGINS)
    pain = chart.add_row("pain", PAIN_ROW_IN, PAIN_LIMITS)
    strip = chart.add_row("strip", STRIP_ROW_IN, (-0.6, len(STRIP_ROWS) - 0.4))
    dates = set_time_range(ax, visits) if visits else []
    date_xs = [x for x, _ in dates]
    draw_row_frame(chart, pain, [(v, str(v)) for v in range(0, 11, 2)], dates=date_xs)
    row_label(pain, "Pain, NRS 0-10", left_in=0.36)
    draw_row_frame(
        chart,
        strip,
        [(_lane(i), name) for i, (name, _) in enumerate(STRIP_ROWS)],
        dates=date_xs,
        left=False,
        label_size=style.SMALL_PT,
    )
    if not visits:
        message(pain, "No visits in this date range")
        return
    draw_dates(strip, dates)
    one_visit_note(chart, len(visits), len(course.visits))

    keys: list[Key] = []
    baseline = measure_series(course.visits, NOW.id)
    # A baseline and its band only mean something once there is a later value to compare.
    band_keys: list[Key] = []
    if len(baseline) >= 2:
        b = baseline[0].value
        mcid = mcid_threshold(NOW, b) or 0.0
        low, high = max(0.0, b - mcid), min(10.0, b + mcid)
        add(
            chart.figure,
            Rectangle(
                (0.0, low), 1.0, high - low, transform=pain.frame, facecolor=style.MCID_BAND,
                alpha=0.13, linewidth=0, gid="pain:mcid_band", zorder=0.1,
            )
        )  # fmt: skip
        add(
            chart.figure,
            Line2D(
                [0.0, 1.0], [b, b], transform=pain.frame, color=style.BASELINE, linewidth=1.0,
                linestyle="--", gid="pain:baseline", zorder=1,
            )
        )  # fmt: skip
        band_keys = [
            Key(
                f"Baseline, pain now: {b:.0f} ({baseline[0].date.isoformat()})",
                style.BASELINE,
                linestyle="--",
                linewidth=1.0,
            ),
            Key(
                f"Less than the MCID from baseline (±{mcid:.1f})",
                style.MCID_BAND,
                box=True,
                alpha=0.13,
            ),
        ]

    axis = Visits.of(visits)
    for kind, color, marker, width in (
        (NOW, style.PAIN_NOW, "o", style.LINE_WIDTH),
        (WORST, style.PAIN_WORST, "^", 1.1),
    ):
        name = "Pain now" if kind is NOW else "Pain at worst (24 h)"
        marks = plot_series(
            chart,
            pain,
            axis,
            axis.series(measure_series(visits, kind.id)),
            gid=f"pain:{kind.id}",
            label=name,
            unit="/10",
            color=color,
            marker=marker,
            line_width=width,
        )
        if marks is not None:
            keys.append(Key(name, color, marker, linewidth=width))
    if not keys:
        message(pain, "No pain scores in this date range")
    _mark_escalations(chart, pain, course, visits)
    _draw_strip(chart, strip, axis)
    if keys or band_keys:
        top_legend(chart, [*keys, *band_keys], y_in=0.36, columns=2)


def pain_figure(
    course: PatientCourse, *, start: dt.date | None = None, end: dt.date | None = None
) -> Figure:
    """The pain chart as a print-sized Figure (for reports)."""
    return pain_chart(course, start=start, end=end).figure


def _lane(index: int) -> float:
    """The y of a strip lane, the first at the top."""
    return float(len(STRIP_ROWS) - 1 - index)


def _mark_escalations(
    chart: Chart, row: Row, course: PatientCourse, visits: Sequence[CourseVisit]
) -> None:
    """A dotted vertical where the step changed from the visit before (in the whole
    course, so a range starting mid-course does not invent a change at its first visit)."""
    previous = {b.id: a.step for a, b in zip(course.visits, course.visits[1:], strict=False)}
    low, high = row.limits
    where = offset_copy(row.data, fig=chart.figure, x=0.02, y=-0.02, units="inches")
    span = max(1.0, day_number(visits[-1].date) - day_number(visits[0].date))
    last_label = None
    for visit in visits:
        before = previous.get(visit.id)
        if visit.step is None or before is None or before == visit.step:
            continue
        x = day_number(visit.date)
        color = style.STEP_COLORS[int(visit.step)]
        add(
            chart.figure,
            Line2D(
                [x, x], [low, high], transform=row.data, color=color, linewidth=1.0,
                linestyle=":", gid=f"pain:step_change:{visit.id}", zorder=1.5,
            )
        )  # fmt: skip
        if last_label is None or (x - last_label) / span > 0.07:  # keep labels apart
            put_label(
                row.layer, x, high, f"Step {int(visit.step)}", where, fontsize=style.SMALL_PT,
                color=color, ha="left", va="top",
            )  # fmt: skip
            last_label = x


def _lane_text(shown: list[CourseVisit], describe: Callable[[CourseVisit], str], i: int) -> str:
    return f"{shown[i].date.isoformat()}\n{describe(shown[i])}"


def _step_text(visit: CourseVisit) -> str:
    return visit.step.label if visit.step else ""


def _care_text(name: str, category: Category, visit: CourseVisit) -> str:
    given = (CATALOG[kind] for kind in visit.treatments)
    return f"{name}: {', '.join(t.label for t in given if t.category is category)}"


def _draw_strip(chart: Chart, strip: Row, axis: Visits) -> None:
    """A lane for the step and one per kind of care, a mark at each visit concerned:
    the step's digit where there is room, a coloured tick where visits crowd."""
    visits = axis.visits
    dense = len(visits) > style.DENSE_VISITS
    categories = [v.categories for v in visits]
    for index, (name, category) in enumerate(STRIP_ROWS):
        y = _lane(index)
        describe: Callable[[CourseVisit], str]
        if category is None:
            members = [i for i, v in enumerate(visits) if v.step is not None]
            for step, color in style.STEP_COLORS.items():
                at = [i for i in members if visits[i].step == step]
                if at:
                    add(
                        chart.figure,
                        Line2D(
                            axis.x[at], np.full(len(at), y), transform=strip.data,
                            linestyle="none", marker="|" if dense else f"${step}$",
                            markersize=7 if dense else 6, markeredgewidth=1.2, color=color,
                            gid=f"pain:step:{step}",
                        ),
                    )  # fmt: skip
            describe = _step_text
        else:
            members = [i for i, given in enumerate(categories) if category in given]
            if members:
                add(
                    chart.figure,
                    Line2D(
                        axis.x[members], np.full(len(members), y), transform=strip.data,
                        linestyle="none", marker="|" if dense else "s",
                        markersize=7 if dense else 4, markeredgewidth=1.2,
                        color=style.CATEGORY_COLORS[category.value],
                        gid=f"pain:care:{category.value}",
                    ),
                )  # fmt: skip
            describe = partial(_care_text, name, category)
        if not members:
            continue
        shown = [visits[i] for i in members]
        chart.marks.append(
            MarkSet(
                gid=f"pain:strip:{name.lower().replace(' ', '_')}",
                transform=strip.data,
                xs=axis.x[members],
                ys=np.full(len(members), y),
                visit_ids=tuple(v.id for v in shown),
                dates=tuple(v.date for v in shown),
                texts=LazyTexts(len(shown), partial(_lane_text, shown, describe)),
            )
        )
