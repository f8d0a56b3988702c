"""Undo commands for the body map: each holds the values before and after one edit and
calls the :class:`MapEditor` both ways (the apply-then-push rule is in ``bodymap.ui.undo``).
"""

from __future__ import annotations

from bodymap.domain.muscles import Side, display_name
from bodymap.domain.referral import ReferralZone
from bodymap.ui.body_map.map_editor import MapEditor, PointSnapshot, PointState
from bodymap.ui.undo import EDIT_ERRORS, StoreCommand, error_text, push_command

__all__ = ["EDIT_ERRORS", "MapCommand", "error_text", "push_command"]


class MapCommand(StoreCommand):
    def __init__(self, editor: MapEditor, text: str) -> None:
        super().__init__(text)
        self.editor = editor

    def failed(self, message: str) -> None:
        self.editor.editFailed.emit(message)
        self.editor.reload()


class AddPointCommand(MapCommand):
    def __init__(self, editor: MapEditor, x: float, y: float, muscle_id: str, side: Side) -> None:
        super().__init__(editor, f"Add {display_name(muscle_id, side)}")
        self._args = (x, y, muscle_id, side)
        self._snapshot: PointSnapshot | None = None
        self.uid = ""

    def apply(self) -> None:
        if self._snapshot is None:
            mp = self.editor.add_point(*self._args)
            self.uid = mp.uid
            self.setText(f"Add point {mp.label} ({mp.name})")
        else:
            self.editor.restore_point(self._snapshot)

    def revert(self) -> None:
        self._snapshot = self.editor.delete_point(self.uid)


class ChartPointCommand(MapCommand):
    """Chart at this visit a point known from an earlier one."""

    def __init__(self, editor: MapEditor, uid: str, label: int) -> None:
        super().__init__(editor, f"Chart point {label} again")
        self.uid = uid
        self._snapshot: PointSnapshot | None = None

    def apply(self) -> None:
        if self._snapshot is None:
            self.editor.chart_existing(self.uid)
        else:
            self.editor.restore_point(self._snapshot)

    def revert(self) -> None:
        self._snapshot = self.editor.delete_point(self.uid)


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


class PointStateCommand(MapCommand):
    """Any change of a point's identity fields: position, muscle, side, resolved."""

    def __init__(
        self, editor: MapEditor, uid: str, before: PointState, after: PointState, text: str
    ) -> None:
        super().__init__(editor, text)
        self.uid = uid
        self.before = before
        self.after = after

    def apply(self) -> None:
        self.editor.set_point_state(self.uid, self.after)

    def revert(self) -> None:
        self.editor.set_point_state(self.uid, self.before)


class MovePointCommand(PointStateCommand):
    def __init__(self, editor: MapEditor, uid: str, before: PointState, after: PointState) -> None:
        mp = editor.point_by_uid(uid)
        super().__init__(editor, uid, before, after, f"Move point {mp.label if mp else ''}")


class ChangeMuscleCommand(PointStateCommand):
    def __init__(self, editor: MapEditor, uid: str, before: PointState, after: PointState) -> None:
        super().__init__(
            editor,
            uid,
            before,
            after,
            f"Change muscle to {display_name(after.muscle_id, after.side)}",
        )


class ResolvePointCommand(PointStateCommand):
    def __init__(self, editor: MapEditor, uid: str, before: PointState, after: PointState) -> None:
        verb = "Mark resolved" if after.resolved_visit_id is not None else "Mark unresolved"
        mp = editor.point_by_uid(uid)
        super().__init__(editor, uid, before, after, f"{verb}: point {mp.label if mp else ''}")


class ZoneCommand(MapCommand):
    """Replace a point's referral zones at this visit (one brush or eraser stroke)."""

    def __init__(
        self,
        editor: MapEditor,
        point_uid: str,
        before: tuple[ReferralZone, ...],
        after: tuple[ReferralZone, ...],
        text: str,
    ) -> None:
        super().__init__(editor, text)
        self.point_uid = point_uid
        self.before = before
        self.after = after

    def apply(self) -> None:
        self.editor.replace_zones(self.point_uid, self.after)

    def revert(self) -> None:
        self.editor.replace_zones(self.point_uid, self.before)


class AddZoneCommand(ZoneCommand):
    def __init__(
        self,
        editor: MapEditor,
        point_uid: str,
        before: tuple[ReferralZone, ...],
        after: tuple[ReferralZone, ...],
    ) -> None:
        super().__init__(editor, point_uid, before, after, "Draw referral zone")


class EraseZoneCommand(ZoneCommand):
    def __init__(
        self,
        editor: MapEditor,
        point_uid: str,
        before: tuple[ReferralZone, ...],
        after: tuple[ReferralZone, ...],
    ) -> None:
        super().__init__(editor, point_uid, before, after, "Erase referral zone")
