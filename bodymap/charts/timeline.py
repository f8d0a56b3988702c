"""What every progress chart shares: a plot area of rows on one time axis of visit dates,
and series drawn in those rows.

A series is drawn with a marker at each visit that has a value. Neighbouring values are
joined by a solid line only when no visit without a value lies between them and they
are at most ``GAP_DAYS`` apart; otherwise a thin dotted line joins them, so a missing
measure or a long pause is never drawn as if it had been observed. One value alone is a
marker and nothing else.

Drawing is kept cheap on purpose; a chart of a few hundred visits builds and draws in a
few tens of milliseconds:

* one Axes per chart with matplotlib's axis machinery switched off: each Axes, tick
  and tick label costs about as much as hundreds of data points;
* the frames of all rows (edges, grid, vertical date lines) are one ``LineCollection``,
  labels sit at fixed offsets in inches, and nothing is measured or laid out at draw
  time (no tight or constrained layout, no ``Legend``);
* artists go on the figure, not the Axes (which would give each a clip path to
  compute), and every label is a :class:`~bodymap.charts.text.ChartText` in the chart's
  one label layer, drawn from cached glyph outlines: matplotlib's own text costs about
  a millisecond a label here.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

import numpy as np
from matplotlib import dates as mdates
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.markers import TICKDOWN
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.transforms import ScaledTranslation, Transform, offset_copy
from matplotlib.typing import LineStyleType

from bodymap.charts import style
from bodymap.charts.chart import Chart, Margins, MarkSet, Row
from bodymap.charts.text import Labels, text_width
from bodymap.domain.course import CourseVisit, Sample
from bodymap.domain.course_text import value_text

# matplotlib counts days from its epoch; whole days are enough for visit dates.
_EPOCH_ORDINAL = dt.date.fromisoformat(mdates.get_epoch()[:10]).toordinal()
TICK_LABEL_GAP_IN = 0.05  # between a row's left edge and its value labels
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_number(day: dt.date) -> float:
    """The matplotlib date number of a day (what ``mdates.date2num`` gives, faster)."""
    return float(day.toordinal() - _EPOCH_ORDINAL)


def new_figure(figure: Figure | None, size: tuple[float, float]) -> Figure:
    """A blank figure: the one given (cleared, e.g. on a screen canvas) or a new one."""
    if figure is None:
        return Figure(figsize=size, dpi=100, facecolor="white")
    figure.clear()
    figure.set_facecolor("white")
    return figure


def draw_chart(
    key: str, size: tuple[float, float], figure: Figure | None, draw: Callable[[Chart], None]
) -> Chart:
    """A chart drawn by ``draw`` on a blank figure (``figure`` cleared, or a new one of
    ``size`` inches), then laid out: the plot area, its rows and their frames placed."""
    chart = Chart(key, new_figure(figure, size), size=size)
    draw(chart)
    chart.relayout()
    return chart


def add(figure: Figure, artist: Artist) -> Artist:
    """Put an artist on the figure (positioned by its own transform, not clipped)."""
    return figure.add_artist(artist)


def put_label(
    labels: Labels, x: float, y: float, text: str, transform: Transform, **kw: Any
) -> None:
    """A label at (x, y) in ``transform``'s coordinates, one of the chart's ``labels``
    (see ``bodymap.charts.text``); ``kw`` are Text properties."""
    kw.setdefault("color", style.TEXT)
    kw.setdefault("fontsize", style.FONT_PT)
    labels.add(x, y, text, transform, **kw)


def place_plot(chart: Chart, margins: Margins) -> Axes:
    """The chart's one plot area, ``margins`` inches in from the figure's edges. Rows
    (:meth:`Chart.add_row`) are stacked in it; :meth:`Chart.relayout`, once they are all
    drawn, places them."""
    ax = chart.figure.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_axis_off()  # no ticks, spines or axis labels: rows draw their own frame
    chart.axes, chart.margins = ax, margins
    chart.frame = LineCollection(
        [], transform=ax.transAxes, zorder=0.3, capstyle="projecting", gid="frame"
    )
    add(chart.figure, chart.frame)
    return ax


def top_left(figure: Figure) -> Transform:
    """Inches from the figure's top left corner (y upwards, so below it is negative);
    stays anchored there when the figure is resized."""
    return figure.dpi_scale_trans + ScaledTranslation(0.0, 1.0, figure.transFigure)


def add_title(chart: Chart, title: str, patient_name: str = "") -> None:
    """'Pain - Jane Doe' at the top left, fixed in inches so it stays put when the figure
    resizes."""
    text = f"{title} - {patient_name}" if patient_name else title
    put_label(
        chart.labels, 0.08, -0.08, text, top_left(chart.figure), ha="left", va="top",
        fontsize=style.TITLE_PT, fontweight="bold",
    )  # fmt: skip


def one_visit_note(chart: Chart, shown: int, total: int) -> None:
    """With a single visit there is nothing to join or compare: say why, top right."""
    if shown != 1:
        return
    text = (
        "One visit so far: lines and baselines appear from the next visit"
        if total == 1
        else "One visit in this date range"
    )
    where = offset_copy(chart.figure.transFigure, fig=chart.figure, x=-0.1, y=-0.1, units="inches")
    put_label(
        chart.labels, 1, 1, text, where, ha="right", va="top", fontsize=style.SMALL_PT,
        color=style.MUTED, fontstyle="italic",
    )  # fmt: skip


# --- legend --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Key:
    """One legend entry: a line (with an optional marker) or, with ``box``, a swatch."""

    label: str
    color: str
    marker: str | None = None
    linestyle: LineStyleType = "-"
    linewidth: float = style.LINE_WIDTH
    filled: bool = True
    box: bool = False
    alpha: float = 1.0
    hatch: str | None = None


KEY_HANDLE_IN = 0.22  # the sample line or box
KEY_TEXT_GAP_IN = 0.05
KEY_SPACING_IN = 0.13
KEY_LINE_IN = 0.17


def text_width_in(text: str, size_pt: float) -> float:
    """How wide one line of a label is drawn, in inches (from the cached glyph advances,
    so a legend is laid out without measuring text at draw time)."""
    return text_width(text, _small_font(size_pt)) / 72.0


@functools.cache
def _small_font(size_pt: float) -> FontProperties:
    return FontProperties(size=size_pt)


def top_legend(
    chart: Chart,
    keys: Sequence[Key],
    *,
    y_in: float,
    columns: int | None = None,
    x_in: float = 0.08,
) -> None:
    """A frameless legend below the title, ``y_in`` inches under the figure's top edge:
    entries flow left to right (or fill ``columns`` equal columns) and wrap at the print
    width."""
    fig = chart.figure
    where = top_left(fig)
    width_in = chart.size[0] - 0.1
    widths = [
        KEY_HANDLE_IN + KEY_TEXT_GAP_IN + text_width_in(k.label, style.SMALL_PT) for k in keys
    ]
    column_in = max(widths, default=0.0) + KEY_SPACING_IN
    x, y = x_in, -y_in - KEY_LINE_IN / 2
    for i, (key, width) in enumerate(zip(keys, widths, strict=True)):
        if columns:
            if i and i % columns == 0:
                x, y = x_in, y - KEY_LINE_IN
        elif x > x_in and x + width > width_in:
            x, y = x_in, y - KEY_LINE_IN
        _key_handle(fig, where, key, x, y)
        put_label(
            chart.labels, x + KEY_HANDLE_IN + KEY_TEXT_GAP_IN, y, key.label, where, ha="left",
            va="center_baseline", fontsize=style.SMALL_PT, gid="legend",
        )  # fmt: skip
        x += column_in if columns else width + KEY_SPACING_IN
    chart.legend.extend(k.label for k in keys)


def _key_handle(fig: Figure, where: Transform, key: Key, x: float, y: float) -> None:
    if key.box:
        add(
            fig,
            Rectangle(
                (x, y - 0.045),
                KEY_HANDLE_IN,
                0.09,
                transform=where,
                facecolor=key.color if not key.hatch else "none",
                edgecolor=key.color if key.hatch else "none",
                alpha=key.alpha,
                hatch=key.hatch,
                linewidth=0,
            ),
        )
        return
    add(
        fig,
        Line2D(
            [x, x + KEY_HANDLE_IN / 2, x + KEY_HANDLE_IN],
            [y, y, y],
            transform=where,
            color=key.color,
            linestyle=key.linestyle,
            linewidth=key.linewidth,
            marker=key.marker,
            markevery=[1],
            markersize=style.MARKER_SIZE,
            markerfacecolor=key.color if key.filled else "white",
            markeredgecolor=key.color,
        ),
    )


# --- rows: frame, value labels, dates --------------------------------------------------


def nice_ticks(
    low: float, high: float, count: int = 3, *, integer: bool = False, quarters: bool = True
) -> list[float]:
    """At most ``count`` + 1 round values from ``low`` to ``high`` (both inclusive):
    steps of 1, 2, 2.5 (unless not ``quarters``) or 5 times a power of ten, whole steps
    if ``integer``."""
    span = high - low
    if span <= 0:
        return [low]
    magnitude = 10.0 ** math.floor(math.log10(span / count))
    quarter = quarters and not integer
    factors = (1.0, 2.0, 2.5, 5.0, 10.0) if quarter else (1.0, 2.0, 5.0, 10.0)
    step = next(
        f * magnitude for f in factors if math.floor(span / (f * magnitude) + 1e-9) <= count
    )
    if integer:
        step = max(1.0, round(step))
    values = []
    value = math.ceil(low / step - 1e-9) * step
    while value <= high + 1e-9 * step:
        values.append(round(value, 10))
        value += step
    return values


def draw_row_frame(
    chart: Chart,
    row: Row,
    ticks: Sequence[tuple[float, str]],
    *,
    dates: Sequence[float] = (),
    left: bool = True,
    grid: bool = True,
    label_size: float = style.FONT_PT,
) -> None:
    """A row's edges (left and bottom), a light grid line at each tick and at each date
    of the time axis (drawn with the chart's frame, placed by :meth:`Chart.relayout`);
    the tick labels left of the row."""
    low, high = row.limits
    x0, x1 = row.axes.get_xlim()
    lines = row.frame_lines
    if grid:
        lines.extend(((0.0, value), (1.0, value), style.GRID, 0.7) for value, _ in ticks)
    for x in dates:
        f = (x - x0) / (x1 - x0)
        lines.append(((f, low), (f, high), style.GRID, 0.6))
    lines.append(((0.0, low), (1.0, low), style.MUTED, 0.8))
    if left:
        lines.append(((0.0, low), (0.0, high), style.MUTED, 0.8))
    where = offset_copy(row.frame, fig=row.figure, x=-TICK_LABEL_GAP_IN, units="inches")
    for value, text in ticks:
        put_label(
            row.layer, 0.0, value, text, where, ha="right", va="center_baseline",
            fontsize=label_size,
        )  # fmt: skip
    row.ticks = list(ticks)


def row_label(row: Row, text: str, *, left_in: float, size: float = style.FONT_PT) -> None:
    """The row's name, turned upright, ``left_in`` inches left of the plot area."""
    where = offset_copy(row.frame, fig=row.figure, x=-left_in, units="inches")
    put_label(
        row.layer, 0.0, row.at(0.5), text, where, rotation=90, ha="center", va="center",
        fontsize=size, rotation_mode="anchor",
    )  # fmt: skip
    row.label = text


def row_title(row: Row, text: str) -> None:
    """The row's name above its top left corner (for rows of a single measure)."""
    where = offset_copy(row.frame, fig=row.figure, y=0.03, units="inches")
    put_label(row.layer, 0.0, row.limits[1], text, where, ha="left", va="bottom")
    row.label = text


def date_ticks(low: float, high: float, max_ticks: int = 6) -> list[tuple[float, str]]:
    """Round dates between two date numbers and their labels: days or weeks (Mondays)
    over a few weeks, else months or years, as few as make sense; the year is written
    on the first label and where it changes."""
    first = dt.date.fromordinal(math.ceil(low) + _EPOCH_ORDINAL)
    last = dt.date.fromordinal(math.floor(high) + _EPOCH_ORDINAL)
    days = high - low
    out: list[tuple[float, str]] = []
    if days <= 14 * max_ticks:
        step = next(s for s in (1, 2, 7, 14) if days / s <= max_ticks or s == 14)
        day = first + dt.timedelta(days=(7 - first.weekday()) % 7 if step >= 7 else 0)
        while day <= last:
            out.append((day_number(day), day_label(day, year=not out)))
            day += dt.timedelta(days=step)
        return out
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    months = next((m for m in (1, 2, 3, 6, 12, 24, 60) if span <= max_ticks * m), 120)
    index = (first.year * 12 + first.month - 1 + months - 1) // months * months
    while (day := dt.date(index // 12, index % 12 + 1, 1)) <= last:
        if day >= first:
            if months >= 12 or day.month == 1:
                text = str(day.year)
            else:
                month = MONTHS[day.month - 1]
                text = f"{month} {day.year}" if not out else month
            out.append((day_number(day), text))
        index += months
    return out


def day_label(day: dt.date, *, year: bool) -> str:
    """'5 Jan', or with the year '5 Jan 2026'."""
    text = f"{day.day} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def draw_dates(row: Row, ticks: Sequence[tuple[float, str]]) -> None:
    """Tick marks and date labels under ``row`` (the chart's lowest)."""
    low = row.limits[0]
    xs = [x for x, _ in ticks]
    add(
        row.figure,
        Line2D(
            xs, [low] * len(xs), transform=row.data, linestyle="none", marker=TICKDOWN,
            markersize=3.5, markeredgewidth=0.8, color=style.MUTED, gid="dates",
        ),
    )  # fmt: skip
    where = offset_copy(row.data, fig=row.figure, y=-0.07, units="inches")
    for x, text in ticks:
        put_label(row.layer, x, low, text, where, ha="center", va="top", gid="date")


def set_time_range(ax: Axes, visits: Sequence[CourseVisit]) -> list[tuple[float, str]]:
    """The date range of the chart, with room for the first and last marker; returns
    the dates to mark on the time axis."""
    first, last = day_number(visits[0].date), day_number(visits[-1].date)
    pad = max(3.0, (last - first) * 0.025)
    ax.set_xlim(first - pad, last + pad)
    if first == last:
        return [(first, day_label(visits[0].date, year=True))]
    return date_ticks(first - pad, last + pad)


def message(row: Row, text: str) -> Text:
    """Say in a row why there is nothing to draw (a text of the plot area's Axes)."""
    return row.axes.text(
        0.5,
        row.at(0.5),
        text,
        transform=row.frame,
        ha="center",
        va="center",
        fontsize=style.FONT_PT + 1,
        color=style.MUTED,
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 2},  # over the grid
    )


# --- series ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Visits:
    """The visits on a chart's time axis, oldest first, with their date numbers."""

    visits: tuple[CourseVisit, ...]
    x: np.ndarray
    ids: tuple[int, ...]
    dates: tuple[dt.date, ...]
    position: dict[int, int]  # visit id -> index in ``visits``

    @classmethod
    def of(cls, visits: Sequence[CourseVisit]) -> Visits:
        dates = tuple(v.date for v in visits)
        ids = tuple(v.id for v in visits)
        xs = np.fromiter((day.toordinal() for day in dates), float, len(dates)) - _EPOCH_ORDINAL
        return cls(tuple(visits), xs, ids, dates, {v: i for i, v in enumerate(ids)})

    def __len__(self) -> int:
        return len(self.visits)

    def series(self, samples: Sequence[Sample]) -> Series:
        """Samples of these visits as a series."""
        return Series(
            np.fromiter((self.position[s.visit_id] for s in samples), np.intp, len(samples)),
            np.fromiter((s.value for s in samples), float, len(samples)),
        )


@dataclass(frozen=True, slots=True)
class Series:
    """The values of one measure at some of a chart's visits."""

    at: np.ndarray  # indices into Visits.visits, increasing
    values: np.ndarray

    @classmethod
    def of(cls, at: Sequence[int], values: Sequence[float]) -> Series:
        return cls(np.asarray(at, dtype=np.intp), np.asarray(values, dtype=float))

    def __len__(self) -> int:
        return len(self.at)


@dataclass(slots=True)
class Bundle:
    """Lines of several series in one row, drawn as one collection: the dotted joins of
    a row's series, or in a crowded row (many visits, many series) the series
    themselves, whose markers would only merge into their lines."""

    lines: list[np.ndarray] = field(default_factory=list)  # one polyline a series, NaN breaks
    colors: list[str] = field(default_factory=list)

    def add(self, line: np.ndarray, color: str) -> None:
        self.lines.append(line)
        self.colors.append(color)

    def draw(self, row: Row, gid: str, *, dotted: bool, width: float = 0.9) -> None:
        if self.lines:
            add(
                row.figure,
                LineCollection(
                    self.lines, colors=self.colors, linewidths=width,
                    linestyles=[(0, (1, 2))] if dotted else ["solid"], transform=row.data,
                    zorder=2 if dotted else 3, gid=gid,
                ),
            )  # fmt: skip


def plot_series(
    chart: Chart,
    row: Row,
    visits: Visits,
    series: Series,
    *,
    gid: str,
    label: str,
    unit: str,
    color: str,
    marker: str | None,
    describe: Callable[[float], str] | None = None,
    line_width: float = style.LINE_WIDTH,
    marker_size: float | None = None,
    gaps: Bundle | None = None,
    lines: Bundle | None = None,
) -> MarkSet | None:
    """Draw one series in a row (markers, solid and dotted joins) and register its
    marks (returned; None if the series is empty). The solid line and its markers are a
    ``Line2D`` (gid ``gid``) unless ``lines`` is given: then the line, without markers,
    goes into that bundle. Dotted joins go into ``gaps`` when given, else into a line of
    their own (gid ``<gid>:gap``)."""
    if not len(series):
        return None
    at, ys = series.at, series.values
    xs = visits.x[at]
    # A solid line breaks where a visit without a value lies between two values or the
    # two are more than GAP_DAYS apart; a dotted line joins them instead.
    breaks = np.flatnonzero((np.diff(at) != 1) | (np.diff(xs) > style.GAP_DAYS)) + 1
    if len(breaks):
        before, after = breaks - 1, breaks
        # The joins as one polyline, NaN between them.
        nan = np.full(len(breaks), np.nan)
        joins = np.column_stack(
            [
                np.column_stack([xs[before], xs[after], nan]).ravel(),
                np.column_stack([ys[before], ys[after], nan]).ravel(),
            ]
        )
        if gaps is not None:
            gaps.add(joins, color)
        else:
            add(
                row.figure,
                Line2D(
                    joins[:, 0], joins[:, 1], color=color, linewidth=0.9, linestyle=(0, (1, 2)),
                    transform=row.data, gid=f"{gid}:gap", zorder=2,
                ),
            )  # fmt: skip
    solid = np.column_stack([np.insert(xs, breaks, np.nan), np.insert(ys, breaks, np.nan)])
    if lines is not None:
        lines.add(solid, color)
    else:
        size = style.marker_size(len(visits)) if marker_size is None else marker_size
        line = Line2D(
            solid[:, 0], solid[:, 1], color=color, linewidth=line_width, marker=marker,
            markersize=size, markerfacecolor=color, markeredgecolor=color,
            markeredgewidth=1.0 if size > 2.5 else 0.6, label=label, gid=gid, zorder=3,
            transform=row.data,
        )  # fmt: skip
        add(row.figure, line)
    where = at.tolist()

    def hover(i: int) -> str:
        visit, value = visits.visits[where[i]], float(ys[i])
        text = describe(value) if describe else f"{label}: {value_text(value, unit)}"
        draft = "" if visit.signed else " (draft)"
        return f"{visit.date.isoformat()}{draft}\n{text}"

    marks = MarkSet(
        gid=gid,
        transform=row.data,
        xs=xs,
        ys=ys,
        visit_ids=tuple(map(visits.ids.__getitem__, where)),
        dates=tuple(map(visits.dates.__getitem__, where)),
        texts=LazyTexts(len(where), hover),
    )
    chart.marks.append(marks)
    return marks


class LazyTexts(Sequence[str]):
    """Hover texts written when first asked for: a chart of hundreds of visits has
    thousands of points, and the mouse visits a few."""

    __slots__ = ("_count", "_text")

    def __init__(self, count: int, text: Callable[[int], str]) -> None:
        self._count = count
        self._text = text

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[str]: ...
    def __getitem__(self, i: int | slice) -> str | Sequence[str]:
        if isinstance(i, slice):
            return [self._text(k) for k in range(*i.indices(self._count))]
        if i < 0:
            i += self._count
        if not 0 <= i < self._count:
            raise IndexError(i)
        return self._text(i)
