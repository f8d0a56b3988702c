"""The Findings tab: the palpation findings of the current trigger point at this visit,
saved as they are entered, beside the same point at the previous visit.

The current point is the map's (``context.selection``); the picker at the top changes it
from the keyboard. Every change is one undo step through ``context.edit`` writing
``MapEditor.update_finding``; the tab then shows what the map editor holds, which also
keeps it right after an undo or an edit on the map.
"""

from __future__ import annotations

import contextlib
import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bodymap.domain.finding import Finding
from bodymap.domain.validation import ValidationError
from bodymap.ui import formatting
from bodymap.ui.body_map.map_editor import MapPoint
from bodymap.ui.scrolling import frameless_scroll
from bodymap.ui.undo import EDIT_ERRORS, error_text
from bodymap.ui.visit_editor import finding_fields as ff
from bodymap.ui.visit_editor.context import VisitContext
from bodymap.ui.visit_editor.finding_form import FindingForm

EMPTY_TEXT = "Select a trigger point on the map (or in the list)"
NO_POINTS_TEXT = "No trigger points at this visit yet: click the map to chart one"


def point_text(mp: MapPoint) -> str:
    """'#1 R upper trapezius'."""
    return f"#{mp.label} {mp.name}"


class FindingTab(QWidget):
    """Findings of the current point; see the module docstring."""

    def __init__(self, context: VisitContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._shown_id: int | None = None  # the point the form shows (and saves to)
        self._picker_ids: list[int] = []

        self.point_picker = QComboBox(self)
        self.point_picker.setObjectName("findingPointPicker")
        self.point_picker.setPlaceholderText("Select a point")
        self.point_picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        picker_label = QLabel("Poi&nt", self)
        picker_label.setBuddy(self.point_picker)
        self.read_only_label = QLabel(self)
        self.read_only_label.setObjectName("findingReadOnly")
        self.read_only_label.setProperty("warning", True)
        self.read_only_label.setWordWrap(True)

        self.empty_label = QLabel(EMPTY_TEXT, self)
        self.empty_label.setObjectName("findingEmptyState")
        self.empty_label.setProperty("emptyState", True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.form = FindingForm()
        # Sideways too: beside the map on a 1280 px screen the previous-visit column and
        # the suggestion's button are wider than the editor, and must stay reachable.
        self.scroll_area = frameless_scroll(self.form, self, "findingScroll")
        # Tab goes from field to field (the area scrolls to each), never to the area itself.
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.scroll_area)

        top = QHBoxLayout()
        top.setContentsMargins(8, 0, 8, 0)
        top.addWidget(picker_label)
        top.addWidget(self.point_picker)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.read_only_label)
        layout.addWidget(self.stack, 1)
        self.point_picker.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.form.apply_tab_order()
        QWidget.setTabOrder(self.point_picker, self.form.first_input)

        self.point_picker.activated.connect(self._on_picked)
        self.form.edited.connect(self._save)
        self._connections = (
            (context.selection.currentChanged, self._on_current_changed),
            (context.map_editor.pointsChanged, self.refresh),
            (context.model.readOnlyChanged, self._apply_read_only),
        )
        for signal, slot in self._connections:
            signal.connect(slot)
        self._apply_read_only(context.read_only)

    # --- following the map ----------------------------------------------------------------

    @property
    def shown_point(self) -> MapPoint | None:
        return None if self._shown_id is None else self.context.map_editor.point(self._shown_id)

    def _previous_of(self, mp: MapPoint) -> tuple[Finding | None, str]:
        """The same point's finding at the previous visit, and the column's title."""
        editor = self.context.map_editor
        visit = editor.previous_visit
        if visit is None:
            return None, "No previous visit"
        day = formatting.date_text(visit.visit_date)
        for previous in editor.previous_points():
            if previous.point.id == mp.id:
                return previous.finding, f"Previous visit, {day}"
        return None, f"Previous visit, {day}: not charted at the previous visit"

    def refresh(self) -> None:
        """Show what the map editor holds for the current point (no writes)."""
        points = self.context.map_editor.points()
        self._fill_picker(points)
        current = self.context.selection.current()
        mp = self.context.map_editor.point(current) if current is not None else None
        if mp is None:
            self._shown_id = None
            self.empty_label.setText(EMPTY_TEXT if points else NO_POINTS_TEXT)
            self.stack.setCurrentWidget(self.empty_label)
            self.setFocusProxy(self.point_picker)
            return
        same_point = mp.id == self._shown_id
        self._shown_id = mp.id
        previous, title = self._previous_of(mp)
        self.form.load(mp.finding, previous, title, same_point=same_point)
        self.stack.setCurrentWidget(self.scroll_area)
        self.setFocusProxy(self.point_picker if self.context.read_only else self.form.first_input)

    def _fill_picker(self, points: list[MapPoint]) -> None:
        ids = [mp.id for mp in points]
        texts = [point_text(mp) for mp in points]
        current = [self.point_picker.itemText(i) for i in range(self.point_picker.count())]
        self.point_picker.blockSignals(True)
        try:
            if ids != self._picker_ids or texts != current:
                self.point_picker.clear()
                self.point_picker.addItems(texts)
                self._picker_ids = ids
            selected = self.context.selection.current()
            index = ids.index(selected) if selected in ids else -1
            self.point_picker.setCurrentIndex(index)
        finally:
            self.point_picker.blockSignals(False)

    def _on_current_changed(self, _point_id: int) -> None:
        self.form.flush()  # notes still waiting for the pause belong to the old point
        self.refresh()

    def _on_picked(self, index: int) -> None:
        if 0 <= index < len(self._picker_ids):
            self.context.selection.set_current(self._picker_ids[index])

    def _apply_read_only(self, read_only: bool) -> None:
        self.read_only_label.setText(self.context.model.read_only_reason)
        self.read_only_label.setVisible(read_only)
        self.form.set_read_only(read_only)
        self.refresh()

    # --- saving ---------------------------------------------------------------------------

    def _write(self, point_uid: str, finding: Finding) -> None:
        """Store ``finding`` as the point's finding. Addressed by uid: undoing a deleted
        point brings it back with new row ids."""
        editor = self.context.map_editor
        mp = editor.point_by_uid(point_uid)
        if mp is None:
            raise KeyError("the trigger point is no longer on this visit's map")
        editor.update_finding(
            dataclasses.replace(finding, id=mp.finding.id, trigger_point_id=mp.id)
        )

    def _save(self, key: str) -> None:
        """Store the field the user just changed, as one undo step; a refused value is
        explained next to the field and nothing is stored."""
        mp = self.shown_point
        if mp is None or self.context.read_only:
            return
        label = ff.LABELS[key]
        old = mp.finding
        try:
            new = self.form.candidate(key)
        except ValidationError as exc:
            self.form.show_errors(ff.error_rows(exc, key, self.form.pressure_unit))
            return
        clear = ff.PPT_KEYS if key in ff.PPT_KEYS else (key,)
        if new == old:
            self.form.clear_errors(clear)  # e.g. a refused value typed back to the stored one
            return
        uid = mp.uid
        try:
            self.context.edit(
                f"Set {label.lower()} of {point_text(mp)}",
                lambda: self._write(uid, new),
                lambda: self._write(uid, old),
            )
        except ValidationError as exc:
            self.form.show_errors(ff.error_rows(exc, key, self.form.pressure_unit))
            return
        except EDIT_ERRORS as exc:
            # Not a bad value (the visit was signed meanwhile, say): show the stored values.
            self.refresh()
            self.form.show_errors({key: f"{label} not saved: {error_text(exc)}"})
            return
        self.form.clear_errors(clear)

    def cleanup(self) -> None:
        """Save notes still waiting for the typing pause and stop following the visit."""
        if self.context.session.is_open and not self.context.read_only:
            with contextlib.suppress(*EDIT_ERRORS):
                self.form.flush()
        for signal, slot in self._connections:
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)
        # A focus-out while the panel is torn down must not write any more.
        with contextlib.suppress(RuntimeError, TypeError):
            self.form.edited.disconnect(self._save)
