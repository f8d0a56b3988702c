"""The editor of an injection or dry-needling record, with the dose arithmetic live.

Why a dialog with one Save, when the rest of the visit saves as it is typed: the fields
of a needle record together describe one dose. Saved field by field, the record would
pass through doses that were never given (1 % with the old 2 mL while the volume is being
corrected), and if the app stopped there, that mix would stay in the chart. A new
injection also has no safe default dose to autosave. So the record is written once, whole
and valid, as one undo step; Cancel (or Escape) leaves nothing behind.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bodymap.domain import dose_summary
from bodymap.domain.treatment import Treatment
from bodymap.domain.treatment_catalog import CATALOG, TreatmentKind
from bodymap.ui.dialog_parts import Button, ErrorLabel, save_buttons
from bodymap.ui.scrolling import frameless_scroll
from bodymap.ui.undo import EDIT_ERRORS, error_text
from bodymap.ui.visit_editor.context import VisitContext
from bodymap.ui.visit_editor.dose_panel import DosePanel
from bodymap.ui.visit_editor.needle_form import NeedleForm
from bodymap.ui.visit_editor.treatment_edits import add_treatment, update_treatment

PENDING = "This injection: choose the agent and enter its figures to see the dose."


class NeedleDialog(QDialog):
    """Record (``treatment`` None) or change one needle treatment of the visit."""

    def __init__(
        self,
        context: VisitContext,
        kind: TreatmentKind,
        treatment: Treatment | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("needleDialog")
        self._context = context
        self._existing = treatment
        info = CATALOG[kind]
        verb = "Change" if treatment is not None else "Record"
        self.setWindowTitle(f"{verb} {info.label.lower()}")
        heading = QLabel(f"{info.label} · step {info.step}", self)
        heading.setProperty("sectionTitle", True)
        self.form = NeedleForm(context, kind, treatment, self)
        self.dose = DosePanel(self)
        self.error = ErrorLabel("needleError", self)
        self.buttons = save_buttons(self, self.save)
        self.save_button = self.buttons.button(Button.Save)
        self.save_button.setObjectName("needleSave")
        for button in self.buttons.findChildren(QPushButton):
            # Enter in a field must not save half-typed numbers: only a click or Alt+S does.
            button.setAutoDefault(False)
            button.setDefault(False)
        self.setTabOrder(self.form.notes, self.save_button)

        body = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 6, 0)
        column.addWidget(heading)
        column.addWidget(self.form)
        column.addStretch(1)
        scroll = frameless_scroll(body, self, sideways=False)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        # The dose stays in view next to Save: the last thing read before saving.
        layout.addWidget(self.dose)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(640)
        self.resize(780, 660 if self.form.injection else 480)
        self.form.changed.connect(self._refresh)
        self._refresh()

    def _refresh(self) -> None:
        if self.form.attempted:
            self._summarize(self.form.errors())
        if not self.form.injection:
            self.dose.hide()
            return
        model = self._context.model
        uid = self._existing.uid if self._existing is not None else None
        others = [t for t in model.treatments() if t.uid != uid]
        this = self.form.preview()
        doses = dose_summary.visit_doses(others) + ((this,) if this is not None else ())
        summary = dose_summary.summarize(doses, model.patient.weight_kg, model.dose_limits())
        self.dose.show_summary(summary, this, pending=PENDING)

    def _summarize(self, errors: dict[str, str]) -> None:
        if not errors:
            self.error.hide()
            return
        first = next(iter(errors))
        n = len(errors)
        self.error.show_message(
            f"Not saved: {n} field{'s' if n != 1 else ''} to correct (marked in red). "
            f"{errors[first]}."
        )

    def save(self) -> None:
        """The one write of this record; on any problem nothing is stored."""
        self.form.attempted = True
        treatment, errors = self.form.build()
        self.form.refresh()
        if treatment is None:
            self._summarize(errors)
            self.form.boxes[next(iter(errors))].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        try:
            if self._existing is None:
                add_treatment(self._context, treatment)
            elif treatment != self._existing:
                update_treatment(self._context, self._existing, treatment)
        except EDIT_ERRORS as exc:
            self.error.show_message(f"Not saved: {error_text(exc)}")
            return
        self.accept()
