"""The inline editor of one treatment without a needle record (heat, compression, ...):
the points it was applied to, the kind's details and notes, each saved as it is made.

Ticking a point saves at once; typed values after a short pause or when the field is
left. Each field is saved on its own: a refused value (out of range) shows its message
under the field and is not stored, while the other fields still save.
"""

from __future__ import annotations

import dataclasses
import itertools

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QCompleter,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from bodymap.domain.treatment import Treatment
from bodymap.domain.treatment_catalog import (
    CATALOG,
    DRUG_CLASSES,
    Category,
    DetailField,
    TreatmentKind,
)
from bodymap.domain.validation import ValidationError
from bodymap.ui.undo import EDIT_ERRORS, error_text
from bodymap.ui.visit_editor.context import VisitContext
from bodymap.ui.visit_editor.treatment_edits import update_treatment
from bodymap.ui.visit_editor.treatment_fields import (
    FieldBox,
    NumberEdit,
    PointChecklist,
    field_key,
)

AUTOSAVE_MS = 600
POINTS_KEY = "trigger_point_ids"
NOTES_KEY = "notes"


def step_text(kind: TreatmentKind) -> str:
    """'step 2', or what a kind outside the three steps is."""
    info = CATALOG[kind]
    if info.step is not None:
        return f"step {info.step}"
    return "medication" if info.category is Category.PHARMACOLOGIC else "not in the steps"


def detail_text(spec: DetailField, value: object) -> str:
    """'Hold per point 60 s' from the label 'Hold per point (s)'."""
    name, _, unit = spec.label.partition(" (")
    if spec.kind is str:
        text = str(value)
        return f"{name}: {text[:40]}…" if len(text) > 40 else f"{name}: {text}"
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{name} {shown} {unit.rstrip(')')}".rstrip()


class TreatmentForm(QGroupBox):
    """Shows the treatment given to :meth:`show_treatment` (by uid) and saves its edits."""

    def __init__(self, context: VisitContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("treatmentForm")
        self._context = context
        self._uid: str | None = None
        self._loading = False
        self._dirty: set[str] = set()
        self._refused: set[str] = set()  # fields showing a refused value, kept as typed
        self.boxes: dict[str, FieldBox] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)

        self.points = PointChecklist(self)
        self.points.setObjectName("treatmentPoints")
        self.points.checkedChanged.connect(self._on_points_checked)
        self.boxes[POINTS_KEY] = FieldBox(self.points, self)
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("treatmentNotes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.notes.textChanged.connect(lambda: self._typed(NOTES_KEY))
        self.notes.installEventFilter(self)
        self.boxes[NOTES_KEY] = FieldBox(self.notes, self)
        self.status = QLabel(self)
        self.status.setObjectName("treatmentStatus")
        self.status.setProperty("error", True)
        self.status.setWordWrap(True)
        self.status.hide()

        self._form = QFormLayout()
        self._form.addRow("A&pplied to:", self.boxes[POINTS_KEY])
        self._detail_rows: list[QWidget] = []
        self._form.addRow("N&otes:", self.boxes[NOTES_KEY])
        layout = QVBoxLayout(self)
        layout.addLayout(self._form)
        layout.addWidget(self.status)

    # --- showing ------------------------------------------------------------------------

    def stored(self) -> Treatment | None:
        if self._uid is None:
            return None
        return next((t for t in self._context.model.treatments() if t.uid == self._uid), None)

    def show_treatment(self, uid: str | None) -> None:
        """Edit the treatment ``uid`` (None: nothing). Pending typing is saved first."""
        if uid != self._uid:
            self.flush()
            self._uid = uid
            self._dirty.clear()
            self._refused.clear()
            self._build_details()
        self.refresh()

    def _build_details(self) -> None:
        for box in self._detail_rows:
            self._form.removeRow(box)
        self._detail_rows = []
        for key in [k for k in self.boxes if k.startswith("details.")]:
            del self.boxes[key]
        treatment = self.stored()
        if treatment is None:
            return
        for row, spec in enumerate(CATALOG[treatment.kind].details, start=1):
            key = f"details.{spec.name}"
            field: QLineEdit
            if spec.kind is str:
                field = QLineEdit(self)
                field.setMaxLength(spec.max_len)
                if spec.name == "drug_class":  # free text, the usual classes offered
                    field.setCompleter(QCompleter(list(DRUG_CLASSES), field))
                    field.setPlaceholderText(", ".join(DRUG_CLASSES))
            else:
                hint = f"{spec.lo:g}-{spec.hi:g}"
                field = NumberEdit(spec.kind is int, hint, self)
            field.setObjectName(f"detail_{spec.name}")
            field.textEdited.connect(lambda _text, k=key: self._typed(k))
            field.editingFinished.connect(self.flush)
            box = FieldBox(field, self)
            self.boxes[key] = box
            self._form.insertRow(row, f"{spec.label}:", box)
            self._detail_rows.append(box)
        self._apply_tab_order()

    def _apply_tab_order(self) -> None:
        chain = [self.points, *(b.field for b in self._detail_rows), self.notes]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)

    def refresh(self) -> None:
        """Load the stored values into the fields (not over what is being typed)."""
        treatment = self.stored()
        self.setVisible(treatment is not None)
        if treatment is None:
            return
        info = CATALOG[treatment.kind]
        self.setTitle(f"{info.label} · {step_text(treatment.kind)}")
        keep = self._dirty | self._refused
        self._loading = True
        try:
            if POINTS_KEY not in keep:
                self.points.set_points(
                    self._context.map_editor.points(), treatment.trigger_point_ids
                )
            for spec in info.details:
                key = f"details.{spec.name}"
                if key in keep:
                    continue
                value = treatment.details.get(spec.name)
                field = self.boxes[key].field
                assert isinstance(field, QLineEdit)
                if isinstance(field, NumberEdit):
                    text = "" if not isinstance(value, int | float) else f"{value:g}"
                else:
                    text = "" if value is None else str(value)
                if field.text() != text:  # an equal setText would move the cursor
                    field.setText(text)
                self.boxes[key].clear_message()
            if NOTES_KEY not in keep and self.notes.toPlainText() != treatment.notes:
                self.notes.setPlainText(treatment.notes)
        finally:
            self._loading = False
        self.set_read_only(self._context.read_only)

    def set_read_only(self, read_only: bool) -> None:
        self.points.setEnabled(not read_only)
        self.notes.setReadOnly(read_only)
        for box in self._detail_rows:
            assert isinstance(box.field, QLineEdit)
            box.field.setReadOnly(read_only)

    def focus_first(self) -> None:
        first = self._detail_rows[0].field if self._detail_rows else self.points
        first.setFocus()

    # --- saving -------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.notes and event.type() == QEvent.Type.FocusOut:
            self.flush()
        return super().eventFilter(watched, event)

    def _typed(self, key: str) -> None:
        if self._loading or self._context.read_only:
            return
        self._dirty.add(key)
        self._timer.start()

    def _on_points_checked(self) -> None:
        if self._loading or self._context.read_only:
            return
        self._dirty.add(POINTS_KEY)
        self.flush()  # a tick is a complete change: save at once

    def _changed(self, treatment: Treatment, key: str) -> Treatment:
        """``treatment`` with the field ``key`` as shown; raises ValueError/ValidationError."""
        if key == POINTS_KEY:
            return dataclasses.replace(treatment, trigger_point_ids=self.points.checked_ids())
        if key == NOTES_KEY:
            return dataclasses.replace(treatment, notes=self.notes.toPlainText())
        name = key.removeprefix("details.")
        field = self.boxes[key].field
        value = field.value() if isinstance(field, NumberEdit) else field.text().strip()  # type: ignore[attr-defined]
        details = dict(treatment.details)
        if value is None or value == "":
            details.pop(name, None)  # emptied: not recorded
        else:
            details[name] = value
        return dataclasses.replace(treatment, details=details)

    def flush(self) -> None:
        """Save every field changed since the last save, as one undo step."""
        self._timer.stop()
        stored = self.stored()
        if stored is None or not self._dirty or self._context.read_only:
            self._dirty.clear()
            return
        keys, self._dirty = sorted(self._dirty), set()
        new = stored
        for key in keys:
            try:
                new = self._changed(new, key)
            except ValueError as exc:  # ValidationError is a ValueError too
                problems = (
                    [e.message for e in exc.errors if field_key(e) == key] or [str(exc)]
                    if isinstance(exc, ValidationError)
                    else [str(exc)]
                )
                message = f"{self._label(key)} {'; '.join(problems)}"
                self.boxes[key].set_error(message)
                self._refused.add(key)
            else:
                self.boxes[key].clear_message()
                self._refused.discard(key)
        self.status.hide()
        if new == stored:
            return
        try:
            update_treatment(self._context, stored, new)
        except EDIT_ERRORS as exc:
            self.status.setText(f"Not saved: {error_text(exc)}")
            self.status.show()

    def _label(self, key: str) -> str:
        label = self._form.labelForField(self.boxes[key])
        text = label.text() if isinstance(label, QLabel) else key
        return text.replace("&", "").rstrip(":").split(" (")[0]
