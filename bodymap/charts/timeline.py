"""What every progress chart shares: a time axis of visit dates and series drawn on it.

A series is drawn with a marker at each visit that has a value. Neighbouring values are
joined by a solid line only when no visit without a value lies between them and they
are at most ``GAP_DAYS`` apart; otherwise a thin dotted line joins them, so a missing
measure or a long pause is never drawn as if it had been observed. One value alone is a
marker and nothing else.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence

import numpy as np
from matplotlib import dates as mdates
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.gridspec import GridSpec
from matplotlib.lines import Line2D
from matplotlib.ticker import NullLocator
from matplotlib.transforms import offset_copy
from matplotlib.typing import LineStyleType

from bodymap.charts import style
from bodymap.charts.chart import Chart, Margins, MarkSet
from bodymap.domain.course import CourseVisit, Sample

# matplotlib counts days from its epoch; whole days are enough for visit dates.
_EPOCH_ORDINAL = dt.date.fromisoformat(mdates.get_epoch()[:10]).toordinal()


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


def add_grid(chart: Chart, rows: int, cols: int, margins: Margins, **kw: object) -> GridSpec:
    grid = chart.figure.add_gridspec(rows, cols, **kw)
    chart.grids.append((grid, margins))
    chart.relayout()
    return grid


def add_title(figure: Figure, text: str) -> None:
    """A title at the top left, fixed in inches so it stays put when the figure resizes."""
    where = offset_copy(figure.transFigure, fig=figure, x=0.08, y=-0.08, units="inches")
    figure.text(
        0,
        1,
        text,
        transform=where,
        ha="left",
        va="top",
        fontsize=style.TITLE_PT,
        fontweight="bold",
        color=style.TEXT,
    )


def one_visit_note(figure: Figure, shown: int, total: int) -> None:
    """With a single visit there is nothing to join or compare: say why, top right."""
    if shown != 1:
        return
    text = (
        "One visit so far: lines and baselines appear from the next visit"
        if total == 1
        else "One visit in this date range"
    )
    where = offset_copy(figure.transFigure, fig=figure, x=-0.1, y=-0.1, units="inches")
    figure.text(
        1, 1, text, transform=where, ha="right", va="top", fontsize=style.SMALL_PT,
        color=style.MUTED, fontstyle="italic",
    )  # fmt: skip


def top_legend(figure: Figure, handles: Sequence[Artist], *, columns: int, y_in: float) -> None:
    """A frameless legend across the top, ``y_in`` inches below the top edge."""
    where = offset_copy(figure.transFigure, fig=figure, x=0.04, y=-y_in, units="inches")
    figure.legend(
        handles=list(handles),
        loc="upper left",
        bbox_to_anchor=(0, 1),
        bbox_transform=where,
        ncols=columns,
        frameon=False,
        fontsize=style.SMALL_PT,
        handlelength=2.2,
        columnspacing=1.4,
        borderaxespad=0,
        borderpad=0,
    )


def style_axes(ax: Axes, *, dates: bool, label_in: float = 0.36) -> None:
    """Quiet axes; date labels only where asked (other rows stay tick-free, which also
    saves most of matplotlib's drawing time).

    Axis labels sit at fixed places (the y label ``label_in`` inches left of the axes):
    matplotlib's automatic placement measures every tick label at each draw, which on a
    chart of many rows costs more than drawing the data.
    """
    figure = ax.get_figure()
    assert isinstance(figure, Figure)
    ax.xaxis.set_label_coords(0.5, 0.0)
    left = offset_copy(ax.transAxes, fig=figure, x=-label_in, units="inches")
    ax.yaxis.set_label_coords(0.0, 0.5, transform=left)
    ax.set_facecolor("white")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(style.MUTED)
    ax.tick_params(labelsize=style.FONT_PT, colors=style.MUTED, labelcolor=style.TEXT, length=3)
    if dates:
        locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    else:
        ax.xaxis.set_major_locator(NullLocator())


def set_time_range(axes: Sequence[Axes], visits: Sequence[CourseVisit]) -> None:
    """The same date range on every row, with room for the first and last marker."""
    first, last = day_number(visits[0].date), day_number(visits[-1].date)
    pad = max(3.0, (last - first) * 0.03)
    for ax in axes:
        ax.set_xlim(first - pad, last + pad)


def message(ax: Axes, text: str) -> None:
    """Say in the plot area why there is nothing to draw."""
    ax.text(
        0.5,
        0.5,
        text,
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=style.FONT_PT + 1,
        color=style.MUTED,
    )


def value_text(value: float, unit: str) -> str:
    number = f"{value:.0f}" if float(value).is_integer() or abs(value) >= 100 else f"{value:.1f}"
    if unit.startswith("/") or unit == "°":
        return f"{number}{unit}"
    return f"{number} {unit}" if unit else number


def plot_series(
    chart: Chart,
    ax: Axes,
    samples: Sequence[Sample],
    visits: Sequence[CourseVisit],
    *,
    gid: str,
    label: str,
    unit: str,
    color: str,
    marker: str,
    describe: Callable[[Sample], str] | None = None,
    line_width: float = style.LINE_WIDTH,
    filled: bool = True,
) -> Line2D | None:
    """Draw one series (markers, solid and dotted joins) and register its marks."""
    if not samples:
        return None
    order = {v.id: i for i, v in enumerate(visits)}
    xs = [day_number(s.date) for s in samples]
    ys = [s.value for s in samples]
    solid_x: list[float] = [xs[0]]
    solid_y: list[float] = [ys[0]]
    gap_x: list[float] = []
    gap_y: list[float] = []
    for k in range(1, len(samples)):
        before, here = samples[k - 1], samples[k]
        adjacent = order.get(here.visit_id, -1) == order.get(before.visit_id, -2) + 1
        if not adjacent or (here.date - before.date).days > style.GAP_DAYS:
            solid_x.append(math.nan)  # break the solid line here
            solid_y.append(math.nan)
            gap_x += [xs[k - 1], xs[k], math.nan]
            gap_y += [ys[k - 1], ys[k], math.nan]
        solid_x.append(xs[k])
        solid_y.append(ys[k])
    if gap_x:
        ax.plot(gap_x, gap_y, color=color, linewidth=0.9, linestyle=(0, (1, 2)), gid=f"{gid}:gap")
    (line,) = ax.plot(
        solid_x,
        solid_y,
        color=color,
        linewidth=line_width,
        marker=marker,
        markersize=style.marker_size(len(visits)),
        markerfacecolor=color if filled else "white",
        markeredgecolor=color,
        markeredgewidth=1.0,
        label=label,
        gid=gid,
        zorder=3,
    )
    signed = {v.id: v.signed for v in visits}
    texts = []
    for s in samples:
        text = describe(s) if describe else f"{label}: {value_text(s.value, unit)}"
        draft = "" if signed.get(s.visit_id, True) else " (draft)"
        texts.append(f"{s.date.isoformat()}{draft}\n{text}")
    chart.marks.append(
        MarkSet(
            gid=gid,
            axes=ax,
            xs=np.asarray(xs),
            ys=np.asarray(ys, dtype=float),
            visit_ids=tuple(s.visit_id for s in samples),
            dates=tuple(s.date for s in samples),
            texts=tuple(texts),
        )
    )
    return line


def legend_line(
    color: str,
    marker: str | None,
    label: str,
    *,
    linestyle: LineStyleType = "-",
    linewidth: float = style.LINE_WIDTH,
) -> Line2D:
    """A legend entry that is not itself a plotted series."""
    return Line2D(
        [],
        [],
        color=color,
        marker=marker,
        markersize=style.MARKER_SIZE,
        linestyle=linestyle,
        linewidth=linewidth,
        label=label,
    )
