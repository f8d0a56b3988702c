"""Progress charts as matplotlib Figures: no Qt and no pyplot, so the same figures go on
screen (``bodymap.ui.progress``) and into printed reports.

Importing this package imports matplotlib (about half a second): import it lazily.

For a report::

    from bodymap.charts import CHART_KINDS, save_figure
    course = load_course(store, patient_id)      # bodymap.store.course
    for kind in CHART_KINDS:
        figure = kind.figure(course)             # print-sized, 6.7 in wide
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from matplotlib.figure import Figure

from bodymap.charts.chart import Chart, Mark, MarkSet
from bodymap.charts.export import save_figure
from bodymap.charts.movement import movement_chart, movement_figure
from bodymap.charts.pain import pain_chart, pain_figure
from bodymap.charts.trigger_points import trigger_points_chart, trigger_points_figure
from bodymap.domain.course import PatientCourse

Builder = Callable[..., Chart]


@dataclass(frozen=True, slots=True)
class ChartKind:
    key: str
    title: str
    build: Builder  # (course, *, start=None, end=None, figure=None) -> Chart

    def figure(
        self, course: PatientCourse, *, start: dt.date | None = None, end: dt.date | None = None
    ) -> Figure:
        """A new print-sized Figure of this chart."""
        return self.build(course, start=start, end=end).figure

    def export(
        self,
        course: PatientCourse,
        path: Path | str,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> Path:
        """Build this chart at print size and save it (.png, .svg or .pdf)."""
        return save_figure(self.figure(course, start=start, end=end), path)


CHART_KINDS: tuple[ChartKind, ...] = (
    ChartKind("pain", "Pain", pain_chart),
    ChartKind("movement", "Range of motion", movement_chart),
    ChartKind("trigger_points", "Trigger points", trigger_points_chart),
)
CHART_KINDS_BY_KEY = {kind.key: kind for kind in CHART_KINDS}

__all__ = [
    "CHART_KINDS",
    "CHART_KINDS_BY_KEY",
    "Chart",
    "ChartKind",
    "Mark",
    "MarkSet",
    "movement_chart",
    "movement_figure",
    "pain_chart",
    "pain_figure",
    "save_figure",
    "trigger_points_chart",
    "trigger_points_figure",
]
