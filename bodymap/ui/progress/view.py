"""Progress of one patient: pain, movement and trigger points across visits, with the
change since baseline beside them.

matplotlib (about half a second to import) is imported the first time the view is
shown, not when it is built, so the main window starts without it. Charts follow edits:
the view listens to the session and reloads the patient's course when their visits or a
visit's records change; while hidden it only notes that it is out of date.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bodymap.domain.course import Group, PatientCourse, change_table
from bodymap.store.course import load_course
from bodymap.store.errors import NotFound
from bodymap.ui.progress.change_table import ChangeTable
from bodymap.ui.progress.date_range import DateRangeBar
from bodymap.ui.scrolling import frameless_scroll
from bodymap.ui.session import Session
from bodymap.ui.visit_panel import empty_state_label

if TYPE_CHECKING:
    from bodymap.ui.progress.canvas import ChartCanvas

# Tab order and the table rows that sit beside each chart.
TABS: tuple[tuple[str, str, Group], ...] = (
    ("pain", "Pain", Group.PAIN),
    ("movement", "Range of motion", Group.MOVEMENT),
    ("trigger_points", "Trigger points", Group.POINTS),
)
EXPORT_FILTERS = {"PNG image (*.png)": ".png", "SVG image (*.svg)": ".svg"}


class ProgressView(QWidget):
    """Charts of one patient's course. ``set_patient`` chooses whom; a click on a data
    point asks for that visit through ``visitRequested``."""

    visitRequested = Signal(int)  # noqa: N815 - Qt signal naming; the visit id

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progressView")
        self._session = session
        self._patient_id: int | None = None
        self.course: PatientCourse | None = None
        self._dirty = True  # the course must be (re)loaded before it is shown
        self._drawn: set[str] = set()  # tabs whose chart shows the current course and range
        self.canvases: dict[str, ChartCanvas] = {}

        self.range_bar = DateRangeBar(self)
        self.export_button = QPushButton("Export chart…", self)
        self.export_button.setObjectName("exportChart")
        self.export_button.setToolTip("Save the chart on screen as a PNG or SVG image")
        self.export_button.setEnabled(False)
        self.visit_count = QLabel(self)
        self.visit_count.setProperty("muted", True)
        bar = QHBoxLayout()
        bar.addWidget(self.range_bar)
        bar.addWidget(self.visit_count)
        bar.addStretch(1)
        bar.addWidget(self.export_button)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("progressTabs")
        self.tabs.setDocumentMode(True)
        self._pages: dict[str, QVBoxLayout] = {}
        for key, tab_title, _ in TABS:
            page = QWidget(self.tabs)
            page.setObjectName(f"progressPage_{key}")
            self._pages[key] = QVBoxLayout(page)
            self._pages[key].setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(page, tab_title)
        self.table = ChangeTable(self)
        table_box = QWidget(self)
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("Change since baseline", table_box)
        heading.setProperty("sectionTitle", True)
        note = QLabel(
            "Baseline: the first value of the course. Latest: the last value in the range.",
            table_box,
        )
        note.setProperty("muted", True)
        note.setWordWrap(True)
        table_layout.addWidget(heading)
        table_layout.addWidget(self.table, 1)
        table_layout.addWidget(note)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(table_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        content = QWidget(self)
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(bar)
        content_layout.addWidget(self.splitter, 1)
        self.empty = empty_state_label("Select a patient to see their progress", self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.range_bar.rangeChanged.connect(self._on_range_changed)
        self.export_button.clicked.connect(self._ask_export)
        session.visitsChanged.connect(self._on_visits_changed)
        session.visitRecordsChanged.connect(self._on_visit_records_changed)
        session.closed.connect(self.cleanup)
        self._following = True

    # --- public ---------------------------------------------------------------------------

    @property
    def patient_id(self) -> int | None:
        return self._patient_id

    def set_patient(self, patient_id: int | None) -> None:
        if patient_id != self._patient_id:
            self.range_bar.reset()  # another patient: start from all their visits
        self._patient_id = patient_id
        self.course = None
        self._mark_dirty()

    def current_key(self) -> str:
        return TABS[self.tabs.currentIndex()][0]

    def show_chart(self, key: str) -> None:
        self.tabs.setCurrentIndex([k for k, _, _ in TABS].index(key))

    def date_range(self) -> tuple[dt.date | None, dt.date | None]:
        return self.range_bar.range()

    def export_chart(self, path: Path | str, key: str | None = None) -> Path:
        """Save a chart (the one on screen unless ``key`` names another) at print size;
        the format follows the suffix, .png or .svg."""
        if self.course is None:
            raise RuntimeError("no patient's course is loaded")
        from bodymap.charts import CHART_KINDS_BY_KEY

        start, end = self.date_range()
        return CHART_KINDS_BY_KEY[key or self.current_key()].export(
            self.course, path, start=start, end=end
        )

    def cleanup(self) -> None:
        """Stop following the session (before it closes or the view goes away)."""
        if not self._following:
            return
        self._following = False
        for signal, slot in (
            (self._session.visitsChanged, self._on_visits_changed),
            (self._session.visitRecordsChanged, self._on_visit_records_changed),
            (self._session.closed, self.cleanup),
        ):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)

    # --- showing and refreshing -----------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self.canvases:  # the first showing: charts get most of the width
            width = max(self.splitter.width(), 800)
            self.splitter.setSizes([width * 60 // 100, width * 40 // 100])
        self._ensure_canvases()
        if self._dirty:
            self._reload()
        else:
            self._draw_current()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        super().hideEvent(event)
        for canvas in self.canvases.values():
            canvas.clear_hover()

    def _ensure_canvases(self) -> None:
        if self.canvases:
            return
        # The first showing: here, and only here, matplotlib is imported.
        from bodymap.charts import CHART_KINDS_BY_KEY
        from bodymap.ui.progress.canvas import ChartCanvas

        for key, layout in self._pages.items():
            canvas = ChartCanvas(key, CHART_KINDS_BY_KEY[key].build)
            canvas.setObjectName(f"chart_{key}")
            canvas.visitClicked.connect(self.visitRequested)
            # The chart fills the page, and scrolls when taller.
            scroll = frameless_scroll(canvas, layout.parentWidget())
            layout.addWidget(scroll)
            self.canvases[key] = canvas

    def _mark_dirty(self) -> None:
        self._dirty = True
        self._drawn.clear()
        if self.isVisible():
            self._reload()

    def _reload(self) -> None:
        self._dirty = False
        self._drawn.clear()
        course = None
        if self._patient_id is not None and self._session.is_open:
            with contextlib.suppress(NotFound):  # the patient was just deleted
                course = load_course(self._session.store, self._patient_id)
        self.course = course
        self.stack.setCurrentIndex(0 if course is None else 1)
        self.export_button.setEnabled(course is not None)
        if course is None:
            self.range_bar.set_bounds(None, None)
            self.table.set_rows(())
            for canvas in self.canvases.values():
                canvas.clear()
            return
        visits = course.visits
        self.range_bar.set_bounds(
            visits[0].date if visits else None, visits[-1].date if visits else None
        )
        self._range_changed_content()

    def _range_changed_content(self) -> None:
        self._drawn.clear()
        self._update_table()
        self._draw_current()

    def _update_table(self) -> None:
        if self.course is None:
            return
        start, end = self.date_range()
        group = TABS[self.tabs.currentIndex()][2]
        rows = change_table(self.course, start=start, end=end)
        self.table.set_rows([r for r in rows if r.group is group])
        shown = len(self.course.window(start, end))
        total = len(self.course.visits)
        self.visit_count.setText(
            f"{total} visit{'s' * (total != 1)}" if shown == total else f"{shown} of {total} visits"
        )

    def _draw_current(self) -> None:
        key = self.current_key()
        canvas = self.canvases.get(key)
        if canvas is None or self.course is None or key in self._drawn:
            return
        start, end = self.date_range()
        canvas.show_course(self.course, start, end)
        self._drawn.add(key)

    # --- slots ----------------------------------------------------------------------------

    def _on_tab_changed(self, _index: int) -> None:
        self._update_table()
        if self.isVisible():
            self._draw_current()

    def _on_range_changed(self) -> None:
        if self.course is not None:
            self._range_changed_content()

    def _on_visits_changed(self, patient_id: int) -> None:
        if patient_id == self._patient_id:
            self._mark_dirty()

    def _on_visit_records_changed(self, visit_id: int) -> None:
        if self._patient_id is None:
            return
        # Not loaded yet (hidden): it will be loaded fresh anyway; loaded: only our visits.
        if self.course is None or self.course.visit(visit_id) is not None:
            self._mark_dirty()

    def _ask_export(self) -> None:
        name = self.course.patient_name.split(",")[0] if self.course else "chart"
        suggested = f"{name}-{self.current_key()}.png".replace(" ", "_")
        path, chosen = QFileDialog.getSaveFileName(
            self, "Export chart", suggested, ";;".join(EXPORT_FILTERS)
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in EXPORT_FILTERS.values():
            target = target.with_suffix(EXPORT_FILTERS.get(chosen, ".png"))
        try:
            self.export_chart(target)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, "Export chart", f"The chart could not be saved:\n{exc}")
