"""Undoable writes of a visit's treatments: add, change, delete.

Each is one ``context.edit`` (one undo step). Treatments are addressed by uid when the step
is replayed: undoing a delete puts the record back with the same uid but a new row id, so
an id captured when the edit was made may no longer exist by the time it is undone.
"""

from __future__ import annotations

import dataclasses

from bodymap.domain.treatment import Treatment
from bodymap.ui.visit_editor.context import VisitContext


def _stored_id(context: VisitContext, uid: str) -> int:
    for treatment in context.model.treatments():
        if treatment.uid == uid and treatment.id is not None:
            return treatment.id
    raise KeyError("the treatment is no longer in this visit's record")


def add_treatment(context: VisitContext, treatment: Treatment) -> None:
    """Store a new treatment (raises ``EDIT_ERRORS`` with nothing saved when refused)."""
    model = context.model
    record = dataclasses.replace(treatment, id=None)
    context.edit(
        f"Add {treatment.label.lower()}",
        lambda: model.add_treatment(record),  # the same uid on every redo
        lambda: model.delete_treatment(_stored_id(context, record.uid)),
    )


def update_treatment(context: VisitContext, old: Treatment, new: Treatment) -> None:
    """Replace ``old`` by ``new`` (the same uid)."""
    model = context.model

    def put(record: Treatment) -> None:
        model.update_treatment(dataclasses.replace(record, id=_stored_id(context, record.uid)))

    context.edit(f"Change {new.label.lower()}", lambda: put(new), lambda: put(old))


def delete_treatment(context: VisitContext, treatment: Treatment) -> None:
    model = context.model
    context.edit(
        f"Delete {treatment.label.lower()}",
        lambda: model.delete_treatment(_stored_id(context, treatment.uid)),
        lambda: model.restore_treatment(treatment),
    )
