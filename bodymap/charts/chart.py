"""A built chart: the matplotlib Figure plus which visit each plotted point stands for.

The Figure is all a printed report needs. A screen adds :meth:`Chart.mark_at`, which
finds the data point under the mouse (for the hover text and the click that opens a
visit) in display pixels, so it works the same on any canvas or backend.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.gridspec import GridSpec

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
    """The points of one series, in data coordinates of their axes."""

    gid: str  # also the gid of the series' line, e.g. "pain:nrs_now"
    axes: Axes
    xs: np.ndarray  # matplotlib date numbers
    ys: np.ndarray
    visit_ids: tuple[int, ...]
    dates: tuple[dt.date, ...]
    texts: tuple[str, ...]

    def display(self) -> np.ndarray:
        """Where the points are drawn now, in display pixels (n x 2)."""
        if not len(self.xs):
            return np.empty((0, 2))
        return np.asarray(self.axes.transData.transform(np.column_stack([self.xs, self.ys])))


@dataclass(frozen=True, slots=True)
class Margins:
    """Space around and between a grid of axes in inches, kept when the figure is
    resized (matplotlib's own spacing is a fraction of the figure, which grows loose on
    a large screen and cramped on a small one)."""

    left: float
    right: float
    top: float
    bottom: float
    row_gap: float = 0.0
    column_gap: float = 0.0


@dataclass(slots=True)
class Chart:
    key: str
    figure: Figure
    size: tuple[float, float] = (6.7, 4.2)  # inches at print size: the layout's intent
    marks: list[MarkSet] = field(default_factory=list)
    grids: list[tuple[GridSpec, Margins]] = field(default_factory=list)

    def relayout(self) -> None:
        """Re-apply the margins in inches after the figure changed size."""
        width, height = self.figure.get_size_inches()
        for grid, m in self.grids:
            rows, cols = grid.get_geometry()
            left, right = min(m.left / width, 0.45), max(1.0 - m.right / width, 0.55)
            bottom, top = min(m.bottom / height, 0.45), max(1.0 - m.top / height, 0.55)
            # GridSpec spacing is a fraction of the mean axes size: turn inches into that.
            inner_w = (right - left) * width
            inner_h = (top - bottom) * height
            axes_w = max(0.1, (inner_w - (cols - 1) * m.column_gap) / cols)
            axes_h = max(0.1, (inner_h - (rows - 1) * m.row_gap) / rows)
            grid.update(
                left=left,
                right=right,
                top=top,
                bottom=bottom,
                wspace=m.column_gap / axes_w,
                hspace=m.row_gap / axes_h,
            )
        # GridSpec.update only moves the axes of pyplot's figures: move ours.
        for ax in self.figure.axes:
            spec = ax.get_subplotspec()
            if spec is not None and any(spec.get_gridspec() is g for g, _ in self.grids):
                ax.set_position(spec.get_position(self.figure))

    def mark_set(self, gid: str) -> MarkSet:
        for marks in self.marks:
            if marks.gid == gid:
                return marks
        raise KeyError(f"no series {gid!r} in the {self.key} chart")

    def mark_at(self, x: float, y: float, radius: float = MARK_RADIUS_PX) -> Mark | None:
        """The plotted point nearest to display pixel (x, y), if within ``radius``."""
        best: tuple[float, MarkSet, int, np.ndarray] | None = None
        for marks in self.marks:
            if not marks.axes.get_visible():
                continue
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
