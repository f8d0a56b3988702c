"""A built chart: the matplotlib Figure plus which visit each plotted point stands for.

Every chart is one plot area (a single Axes, its axis machinery switched off) cut into
horizontal *rows* stacked on one time axis: the pain scores, a treatment strip, one
movement, one trigger-point reading. A row has its own value scale, given by
:attr:`Row.data` (x: matplotlib date numbers, y: the row's values), so a series keeps
its real values while it is drawn inside its row. The rows' frames and grids are one
collection (:attr:`Chart.frame`) and all the chart's labels one layer
(:attr:`Chart.labels`). One Axes per chart instead of one per panel, and few artists,
are what keep a chart of hundreds of visits quick to build and draw.

The Figure is all a printed report needs. A screen adds :meth:`Chart.mark_at`, which
finds the data point under the mouse (for the hover text and the click that opens a
visit) in display pixels, so it works the same on any canvas or backend.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.transforms import Affine2D, Transform, blended_transform_factory

from bodymap.charts.text import Labels

MARK_RADIUS_PX = 8.0


@dataclass(frozen=True, slots=True)
class Mark:
    """The data point found under the mouse."""

    visit_id: int
    date: dt.date
    text: str
    x: float  # display pixels, from the left
    y: float  # display pixels, from the bottom (matplotlib's convention)


@dataclass(frozen=True, slots=True)
class MarkSet:
    """The points of one series: dates and values, and where they are drawn."""

    gid: str  # also the gid of the series' artist, e.g. "pain:nrs_now"
    transform: Transform  # (date number, value) -> display pixels (the row's data)
    xs: np.ndarray  # matplotlib date numbers
    ys: np.ndarray  # the values
    visit_ids: tuple[int, ...]
    dates: tuple[dt.date, ...]
    texts: Sequence[str]  # the hover text of each point

    def display(self) -> np.ndarray:
        """Where the points are drawn now, in display pixels (n x 2)."""
        if not len(self.xs):
            return np.empty((0, 2))
        return np.asarray(self.transform.transform(np.column_stack([self.xs, self.ys])))


@dataclass(frozen=True, slots=True)
class Margins:
    """Space around the plot area and between its rows in inches, kept when the figure
    is resized (matplotlib's own spacing is a fraction of the figure, which grows loose
    on a large screen and cramped on a small one)."""

    left: float
    right: float
    top: float
    bottom: float
    row_gap: float = 0.0


@dataclass(eq=False, slots=True)
class Row:
    """One horizontal band of the plot area with its own value scale.

    ``height`` is the row's height in inches at print size; on a larger or smaller
    figure the rows share the plot height in that proportion while the gaps between
    them stay the same in inches. ``limits`` are the values at the row's bottom and top
    edge. ``ticks`` are the labelled values (or lanes) of the row, as drawn.
    """

    key: str
    height: float
    limits: tuple[float, float]
    axes: Axes
    layer: Labels  # where the chart's labels go (see bodymap.charts.text)
    label: str = ""
    ticks: list[tuple[float, str]] = field(default_factory=list)
    # The row's frame and grid: ((x0, value0), (x1, value1)) with x from 0 (left edge of
    # the plot) to 1, and each line's colour and width; drawn with the chart's frame.
    frame_lines: list[tuple[tuple[float, float], tuple[float, float], str, float]] = field(
        default_factory=list
    )
    # value -> fraction of the plot height (y only); rewritten by place()
    _value: Affine2D = field(init=False, default_factory=Affine2D)
    _bottom: float = field(init=False, default=0.0)
    _top: float = field(init=False, default=1.0)
    data: Transform = field(init=False)
    frame: Transform = field(init=False)
    figure: Figure = field(init=False)

    def __post_init__(self) -> None:
        figure = self.axes.get_figure()
        assert isinstance(figure, Figure)
        self.figure = figure
        y = self._value + self.axes.transAxes
        # x in date numbers (the Axes' x range), y in this row's values
        self.data = blended_transform_factory(self.axes.transData, y)
        # x from 0 (left edge of the plot area) to 1 (right edge), y in values
        self.frame = blended_transform_factory(self.axes.transAxes, y)

    def place(self, bottom: float, top: float) -> None:
        """Put the row between these fractions of the plot height."""
        self._bottom, self._top = bottom, top
        self._update()

    def fraction(self, value: float) -> float:
        """Where a value of this row is, as a fraction of the plot height."""
        return self._bottom + (value - self.limits[0]) * self._scale()

    def at(self, share: float) -> float:
        """The value ``share`` of the way up the row (0: bottom edge, 1: top edge)."""
        low, high = self.limits
        return low + share * (high - low)

    def _scale(self) -> float:
        low, high = self.limits
        return (self._top - self._bottom) / ((high - low) or 1.0)

    def _update(self) -> None:
        scale = self._scale()
        self._value.clear().scale(1.0, scale).translate(0.0, self._bottom - self.limits[0] * scale)


@dataclass(slots=True)
class Chart:
    key: str
    figure: Figure
    size: tuple[float, float] = (6.7, 4.2)  # inches at print size: the layout's intent
    marks: list[MarkSet] = field(default_factory=list)
    axes: Axes | None = None  # the plot area; None until placed
    margins: Margins | None = None
    rows: dict[str, Row] = field(default_factory=dict)
    legend: list[str] = field(default_factory=list)  # the legend's labels, in order
    labels: Labels = field(init=False)  # every label of the chart, drawn as one layer
    frame: LineCollection | None = None  # every row's frame lines, in plot fractions

    def __post_init__(self) -> None:
        self.labels = Labels()
        self.figure.add_artist(self.labels)

    def add_row(
        self, key: str, height: float, limits: tuple[float, float], *, label: str = ""
    ) -> Row:
        assert self.axes is not None, "place the plot area first"
        row = Row(key, height, limits, self.axes, self.labels, label=label)
        self.rows[key] = row
        return row

    def relayout(self) -> None:
        """Re-apply the margins and row gaps in inches after the figure changed size."""
        if self.axes is None or self.margins is None:
            return
        width, height = self.figure.get_size_inches()
        m = self.margins
        left, right = min(m.left / width, 0.45), max(1.0 - m.right / width, 0.55)
        bottom, top = min(m.bottom / height, 0.45), max(1.0 - m.top / height, 0.55)
        self.axes.set_position((left, bottom, right - left, top - bottom))
        rows = list(self.rows.values())
        if not rows:
            return
        plot_in = (top - bottom) * height
        gaps_in = m.row_gap * (len(rows) - 1)
        if gaps_in > 0.4 * plot_in:  # a tiny figure: squeeze the gaps, not the rows
            gaps_in = 0.4 * plot_in
        gap = gaps_in / max(1, len(rows) - 1) / plot_in
        share = (1.0 - gaps_in / plot_in) / sum(r.height for r in rows)
        edge = 1.0
        for row in rows:
            row.place(edge - row.height * share, edge)
            edge -= row.height * share + gap
        self.place_frame()

    def place_frame(self) -> None:
        """Put the rows' frame lines where the rows are now: one polyline per colour and
        width, in one collection for the whole chart."""
        if self.frame is None:
            return
        styles: dict[tuple[str, float], list[tuple[float, float]]] = {}
        for row in self.rows.values():
            y = row.fraction
            for (x0, v0), (x1, v1), color, width in row.frame_lines:
                styles.setdefault((color, width), []).extend(
                    ((x0, y(v0)), (x1, y(v1)), (math.nan, math.nan))
                )
        self.frame.set_segments([np.array(points) for points in styles.values()])
        self.frame.set_color([color for color, _ in styles])
        self.frame.set_linewidth([width for _, width in styles])

    def mark_set(self, gid: str) -> MarkSet:
        for marks in self.marks:
            if marks.gid == gid:
                return marks
        raise KeyError(f"no series {gid!r} in the {self.key} chart")

    def mark_at(self, x: float, y: float, radius: float = MARK_RADIUS_PX) -> Mark | None:
        """The plotted point nearest to display pixel (x, y), if within ``radius``."""
        best: tuple[float, MarkSet, int, np.ndarray] | None = None
        for marks in self.marks:
            where = marks.display()
            if not len(where):
                continue
            distance = np.hypot(where[:, 0] - x, where[:, 1] - y)
            i = int(np.argmin(distance))
            if distance[i] <= radius and (best is None or distance[i] < best[0]):
                best = (float(distance[i]), marks, i, where[i])
        if best is None:
            return None
        _, marks, i, point = best
        return Mark(
            marks.visit_ids[i], marks.dates[i], marks.texts[i], float(point[0]), float(point[1])
        )

    def position_of(self, gid: str, visit_id: int) -> tuple[float, float]:
        """Display pixels of one series' point at one visit (for tests and tooling)."""
        marks = self.mark_set(gid)
        point = marks.display()[marks.visit_ids.index(visit_id)]
        return float(point[0]), float(point[1])
