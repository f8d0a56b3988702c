"""Undo commands for the body map: each holds the values before and after one edit and
calls the :class:`MapEditor` both ways (the apply-then-push rule is in ``bodymap.ui.undo``).
"""

from __future__ import annotations

from typing import Generic, TypeVar

from bodymap.domain.muscles import Side, display_name
from bodymap.domain.referral import ReferralZone
from bodymap.ui.body_map.map_editor import MapEditor, PointSnapshot, PointState
from bodymap.ui.undo import EDIT_ERRORS, StoreCommand, error_text, push_command

__all__ = ["EDIT_ERRORS", "MapCommand", "error_text", "push_command"]

T = TypeVar("T")


class MapCommand(StoreCommand):
    def __init__(self, editor: MapEditor, text: str) -> None:
        super().__init__(text)
        self.editor = editor

    def failed(self, message: str) -> None:
        self.editor.editFailed.emit(message)
        self.editor.reload()


class _PlaceCommand(MapCommand):
    """Puts a point on this visit's map; undo deletes it and redo puts the same records
    (same uids) back."""

    def __init__(self, editor: MapEditor, text: str, uid: str = "") -> None:
        super().__init__(editor, text)
        self.uid = uid
        self._snapshot: PointSnapshot | None = None

    def place(self) -> None:
        """The first apply."""
        raise NotImplementedError

    def apply(self) -> None:
        if self._snapshot is None:
            self.place()
        else:
            self.editor.restore_point(self._snapshot)

    def revert(self) -> None:
        self._snapshot = self.editor.delete_point(self.uid)


class AddPointCommand(_PlaceCommand):
    def __init__(self, editor: MapEditor, x: float, y: float, muscle_id: str, side: Side) -> None:
        super().__init__(editor, f"Add {display_name(muscle_id, side)}")
        self._args = (x, y, muscle_id, side)

    def place(self) -> None:
        mp = self.editor.add_point(*self._args)
        self.uid = mp.uid
        self.setText(f"Add point {mp.label} ({mp.name})")


class ChartPointCommand(_PlaceCommand):
    """Chart at this visit a point known from an earlier one."""

    def __init__(self, editor: MapEditor, uid: str, label: int) -> None:
        super().__init__(editor, f"Chart point {label} again", uid)

    def place(self) -> None:
        self.editor.chart_existing(self.uid)


class DeletePointCommand(MapCommand):
    def __init__(self, editor: MapEditor, uid: str) -> None:
        mp = editor.point_by_uid(uid)
        label = f"point {mp.label} ({mp.name})" if mp else "point"
        super().__init__(editor, f"Delete {label}")
        self.uid = uid
        self._snapshot: PointSnapshot | None = None

    def apply(self) -> None:
        self._snapshot = self.editor.delete_point(self.uid)

    def revert(self) -> None:
        assert self._snapshot is not None
        self.editor.restore_point(self._snapshot)


class _BeforeAfterCommand(MapCommand, Generic[T]):
    """Sets one thing of one point: ``after`` on redo, ``before`` on undo."""

    def __init__(self, editor: MapEditor, uid: str, before: T, after: T, text: str) -> None:
        super().__init__(editor, text)
        self.uid = uid
        self.before = before
        self.after = after

    def set(self, value: T) -> None:
        raise NotImplementedError

    def apply(self) -> None:
        self.set(self.after)

    def revert(self) -> None:
        self.set(self.before)


class PointStateCommand(_BeforeAfterCommand[PointState]):
    """Any change of a point's identity fields: position, muscle, side, resolved."""

    def set(self, value: PointState) -> None:
        self.editor.set_point_state(self.uid, value)


def _point_label(editor: MapEditor, uid: str) -> str:
    mp = editor.point_by_uid(uid)
    return str(mp.label) if mp else ""


class MovePointCommand(PointStateCommand):
    def __init__(self, editor: MapEditor, uid: str, before: PointState, after: PointState) -> None:
        super().__init__(editor, uid, before, after, f"Move point {_point_label(editor, uid)}")


class ChangeMuscleCommand(PointStateCommand):
    def __init__(self, editor: MapEditor, uid: str, before: PointState, after: PointState) -> None:
        muscle = display_name(after.muscle_id, after.side)
        super().__init__(editor, uid, before, after, f"Change muscle to {muscle}")


class ResolvePointCommand(PointStateCommand):
    def __init__(self, editor: MapEditor, uid: str, before: PointState, after: PointState) -> None:
        verb = "Mark resolved" if after.resolved_visit_id is not None else "Mark unresolved"
        text = f"{verb}: point {_point_label(editor, uid)}"
        super().__init__(editor, uid, before, after, text)


Zones = tuple[ReferralZone, ...]


class ZoneCommand(_BeforeAfterCommand[Zones]):
    """Replace a point's referral zones at this visit (one brush or eraser stroke)."""

    TITLE = "Change referral zones"  # the undo menu's words; subclasses name their stroke

    def __init__(self, editor: MapEditor, point_uid: str, before: Zones, after: Zones) -> None:
        super().__init__(editor, point_uid, before, after, self.TITLE)

    def set(self, value: Zones) -> None:
        self.editor.replace_zones(self.uid, value)


class AddZoneCommand(ZoneCommand):
    TITLE = "Draw referral zone"


class EraseZoneCommand(ZoneCommand):
    TITLE = "Erase referral zone"
