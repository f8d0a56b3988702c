"""One progress chart on screen: a matplotlib Figure on a Qt canvas, with hover and click.

Importing this module imports matplotlib; the progress view imports it the first time
it is shown, never at start-up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from matplotlib.backend_bases import LocationEvent, MouseButton, MouseEvent
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from bodymap.charts import Chart, Mark
from bodymap.domain.course import PatientCourse

Builder = Callable[..., Chart]
# The charts are laid out for print at 100 dpi; a little larger reads like the rest of
# the window's text on screen.
SCREEN_DPI = 115
# Below this share of its print height a chart's rows get too flat to read; the view
# scrolls instead.
MIN_HEIGHT_SHARE = 0.7


class ChartCanvas(FigureCanvasQTAgg):
    """Shows the chart one builder makes of a course; rebuilt by :meth:`show_course`."""

    visitClicked = Signal(int)  # noqa: N815 - Qt signal naming; the visit id

    def __init__(self, key: str, build: Builder, parent: QWidget | None = None) -> None:
        super().__init__(Figure(facecolor="white", dpi=SCREEN_DPI))
        self.setParent(parent)
        self.key = key
        self._build = build
        self.chart: Chart | None = None
        self._hovered: Mark | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 260)
        self.setMouseTracking(True)  # hover without a button pressed
        self.mpl_connect("motion_notify_event", self._on_motion)
        self.mpl_connect("button_press_event", self._on_press)
        self.mpl_connect("figure_leave_event", self._on_leave)
        self.mpl_connect("resize_event", self._on_resize)

    def show_course(
        self, course: PatientCourse, start: dt.date | None, end: dt.date | None
    ) -> None:
        """Rebuild the chart on this canvas's figure and schedule a repaint."""
        self.chart = self._build(course, start=start, end=end, figure=self.figure)
        self.setMinimumHeight(round(self.chart.size[1] * MIN_HEIGHT_SHARE * SCREEN_DPI))
        self.chart.relayout()
        self._set_hovered(None)
        self.draw_idle()

    def clear(self) -> None:
        self.figure.clear()
        self.chart = None
        self._set_hovered(None)
        self.draw_idle()

    def widget_point(self, mark: Mark) -> QPoint:
        """Where a mark is in this widget's coordinates (matplotlib counts pixels from
        the bottom, in device pixels)."""
        ratio = self.device_pixel_ratio or 1.0
        height = self.figure.bbox.height
        return QPoint(round(mark.x / ratio), round((height - mark.y) / ratio))

    # --- mouse ------------------------------------------------------------------------

    def _mark_for(self, event: LocationEvent) -> Mark | None:
        if self.chart is None or event.x is None or event.y is None:
            return None
        return self.chart.mark_at(event.x, event.y)

    def _on_motion(self, event: MouseEvent) -> None:
        self._set_hovered(self._mark_for(event))

    def _on_press(self, event: MouseEvent) -> None:
        if event.button is not MouseButton.LEFT:
            return
        mark = self._mark_for(event)
        if mark is not None:
            self.visitClicked.emit(mark.visit_id)

    def _on_leave(self, _event: LocationEvent) -> None:
        self._set_hovered(None)

    def _on_resize(self, _event: object) -> None:
        # Margins are in inches: keep them when the widget changes size.
        if self.chart is not None:
            self.chart.relayout()

    def _set_hovered(self, mark: Mark | None) -> None:
        """Value and date as a tooltip, and a hand cursor saying 'click to open'."""
        if mark == self._hovered:
            return
        self._hovered = mark
        if mark is None:
            QToolTip.hideText()
            self.unsetCursor()
            return
        self.setCursor(QCursor(Qt.CursorShape.PointingHandCursor))
        text = f"{mark.text}\nClick to open this visit"
        QToolTip.showText(self.mapToGlobal(self.widget_point(mark)), text, self)

    def clear_hover(self) -> None:
        self._set_hovered(None)

    @property
    def hover_text(self) -> str | None:
        """The text shown for the point under the mouse (None: no point there)."""
        return None if self._hovered is None else self._hovered.text
