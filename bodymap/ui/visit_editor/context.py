"""What every tab of the visit editor works with, handed over as one object."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QUndoStack

from bodymap.ui.body_map.map_editor import MapEditor
from bodymap.ui.body_map.selection import PointSelection
from bodymap.ui.session import Session
from bodymap.ui.undo import CallCommand, push_command
from bodymap.ui.visit_editor.visit_model import VisitModel


@dataclass(frozen=True, slots=True)
class VisitContext:
    session: Session
    model: VisitModel  # the visit's own fields, treatments, measures
    map_editor: MapEditor  # its trigger points, findings and referral zones
    selection: PointSelection  # the current point, shared with the map
    undo_stack: QUndoStack  # one history per visit on screen (Ctrl+Z / Ctrl+Y)

    @property
    def read_only(self) -> bool:
        return self.model.read_only

    def edit(self, text: str, apply: Callable[[], object], revert: Callable[[], object]) -> None:
        """Apply one edit and make it an undo step.

        Raises the store's or the domain's error (``bodymap.ui.undo.EDIT_ERRORS``) when the
        edit is refused, so the widget can say why next to the field; nothing is saved or
        pushed then. A failure on a later undo/redo goes to ``model.editFailed``.
        """

        def on_failure(message: str) -> None:
            self.model.editFailed.emit(message)
            self.model.reload()
            self.map_editor.reload()

        push_command(self.undo_stack, CallCommand(text, apply, revert, on_failure))
