"""The current trigger point, shared by the canvas and the point list.

Both views write the current point here and follow its signal, so neither has to know
about the other.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

NO_POINT = -1


class PointSelection(QObject):
    currentChanged = Signal(int)  # noqa: N815 - a trigger point id, or NO_POINT

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._current = NO_POINT

    def current(self) -> int | None:
        return None if self._current == NO_POINT else self._current

    def set_current(self, point_id: int | None) -> None:
        value = NO_POINT if point_id is None else point_id
        if value != self._current:
            self._current = value
            self.currentChanged.emit(value)
