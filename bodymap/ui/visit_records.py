"""What the two writers of one visit's records share: the visit's map
(:class:`~bodymap.ui.body_map.map_editor.MapEditor`) and its own fields, treatments and
measures (:class:`~bodymap.ui.visit_editor.visit_model.VisitModel`).

Both hold the visit as last read, follow it through the session (it may be signed in
another window) and refuse to write once it is signed, with the same words.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QObject, Signal

from bodymap.domain.visit import Visit
from bodymap.store.errors import NotFound, RecordLocked
from bodymap.ui.session import Session


def locked_text(visit: Visit) -> str:
    return (
        f"The visit of {visit.visit_date.isoformat()} is signed and read-only. "
        "Record an amendment to correct it."
    )


class VisitRecords(QObject):
    """The base of an object that reads and writes the records of one visit."""

    readOnlyChanged = Signal(bool)  # noqa: N815 - Qt signal naming
    # A write that failed after the fact (e.g. undo after the visit was signed elsewhere).
    editFailed = Signal(str)  # noqa: N815

    def __init__(self, session: Session, visit_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._visit_id = visit_id
        self._visit = session.visit(visit_id)
        session.visitsChanged.connect(self._on_visits_changed)

    @property
    def session(self) -> Session:
        return self._session

    @property
    def visit(self) -> Visit:
        return self._visit

    @property
    def visit_id(self) -> int:
        return self._visit_id

    @property
    def read_only(self) -> bool:
        return self._visit.is_signed

    @property
    def read_only_reason(self) -> str:
        return locked_text(self._visit) if self.read_only else ""

    def _check_writable(self) -> None:
        if self.read_only:
            raise RecordLocked(None, locked_text(self._visit))

    def _on_visits_changed(self, patient_id: int) -> None:
        if patient_id != self._visit.patient_id or not self._session.is_open:
            return
        was = self.read_only
        try:
            visit = self._session.visit(self._visit_id)
        except NotFound:
            return  # deleted; the view showing it drops this object
        if visit != self._visit:
            self._visit = visit
            self._visit_changed()
        if self.read_only != was:
            self.readOnlyChanged.emit(self.read_only)

    def _visit_changed(self) -> None:
        """The visit's own fields were changed elsewhere (``self.visit`` is the new one)."""

    def cleanup(self) -> None:
        """Stop following the session (before it closes or the view goes away)."""
        with contextlib.suppress(RuntimeError, TypeError):
            self._session.visitsChanged.disconnect(self._on_visits_changed)
