"""Correct a signed visit: choose the record and field, give the corrected value and the
reason. The signed record stays as it was; the amendment is stored beside it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bodymap.domain import amendment as am
from bodymap.domain.amendment import AmendmentTarget, JsonScalar
from bodymap.domain.finding import TENDERNESS_GRADES, Finding, SensationQuality
from bodymap.domain.measures import MEASURE_KINDS
from bodymap.domain.treatment import Treatment
from bodymap.domain.validation import ValidationError
from bodymap.domain.visit import EscalationStep, Visit
from bodymap.store.errors import StoreError
from bodymap.ui import user
from bodymap.ui.dialog_parts import ErrorLabel, save_buttons
from bodymap.ui.undo import error_text
from bodymap.ui.visit_editor.context import VisitContext

_TRI: tuple[tuple[JsonScalar, str], ...] = ((None, "Not assessed"), (True, "Yes"), (False, "No"))
_TRI_FIELDS = ("taut_band", "referred_pain", "pain_recognition", "twitch_response", "jump_sign")
_CHOICES: dict[str, tuple[tuple[JsonScalar, str], ...]] = {
    "escalation_step": (
        (None, "Not set"),
        *((int(step), f"{int(step)} {step.label}") for step in EscalationStep),
    ),
    "tenderness": (
        (None, "Not assessed"),
        *((g, f"{g} {w}") for g, w in TENDERNESS_GRADES.items()),
    ),
    "activity": ((None, "Not classified"), ("active", "Active"), ("latent", "Latent")),
    "sensation": (
        (None, "Not recorded"),
        *((q.value, q.value.capitalize()) for q in SensationQuality),
    ),
    **dict.fromkeys(_TRI_FIELDS, _TRI),
}
_TEXT = frozenset({"clinician", "chief_complaint", "subjective", "plan", "notes", ""})


@dataclass(frozen=True, slots=True)
class RecordChoice:
    """One record of the visit that can be amended, and its fields."""

    label: str
    target: AmendmentTarget
    fields: tuple[str, ...]
    finding: Finding | None = None
    treatment: Treatment | None = None


class AmendDialog(QDialog):
    def __init__(self, context: VisitContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("amendDialog")
        self.setWindowTitle("Amend signed visit")
        self._context = context
        self.records = self._records()

        intro = QLabel(
            "The signed record stays as it was signed. The correction is kept beside it "
            "with your name, the time and the reason, and shows in the visit's history.",
            self,
        )
        intro.setWordWrap(True)
        intro.setProperty("muted", True)
        self.record = QComboBox(self)
        self.record.setObjectName("amendRecord")
        for choice in self.records:
            self.record.addItem(choice.label)
        self.field = QComboBox(self)
        self.field.setObjectName("amendField")
        self.signed_value = QLabel(self)
        self.signed_value.setObjectName("amendCurrentValue")
        self.signed_value.setWordWrap(True)

        self.text_value = QPlainTextEdit(self)
        self.text_value.setObjectName("amendText")
        self.text_value.setTabChangesFocus(True)
        self.number_value = QLineEdit(self)
        self.number_value.setObjectName("amendNumber")
        self.number_value.setPlaceholderText("blank: not recorded")
        self.choice_value = QComboBox(self)
        self.choice_value.setObjectName("amendChoice")
        self.date_value = QDateEdit(self)
        self.date_value.setObjectName("amendDate")
        self.date_value.setCalendarPopup(True)
        self.date_value.setDisplayFormat("yyyy-MM-dd")
        self.value_stack = QStackedWidget(self)
        for editor in (self.text_value, self.number_value, self.choice_value, self.date_value):
            self.value_stack.addWidget(editor)
        self.value_stack.setMaximumHeight(120)
        self._choice_values: Sequence[JsonScalar] = ()

        self.reason = QLineEdit(self)
        self.reason.setObjectName("amendReason")
        self.reason.setPlaceholderText("Why the record is corrected (required)")
        self.author = QLineEdit(user.clinician_name() or context.model.visit.signed_by or "", self)
        self.author.setObjectName("amendAuthor")
        self.error = ErrorLabel("amendError", self)

        form = QFormLayout()
        form.addRow("&Record:", self.record)
        form.addRow("&Field:", self.field)
        form.addRow("As signed now:", self.signed_value)
        form.addRow("&Corrected value:", self.value_stack)
        form.addRow("R&eason:", self.reason)
        form.addRow("&Amended by:", self.author)
        self.buttons = save_buttons(self, self._save, save_text="Save amendment")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

        self.record.currentIndexChanged.connect(self._on_record)
        self.field.currentIndexChanged.connect(self._on_field)
        self._on_record(0)

    # --- what can be amended ------------------------------------------------------------

    def _records(self) -> list[RecordChoice]:
        model = self._context.model
        choices = [
            RecordChoice("Add a note (addendum)", AmendmentTarget.NOTE, ("",)),
            RecordChoice("Visit", AmendmentTarget.VISIT, am.VISIT_FIELDS),
            RecordChoice(
                "Outcome measures",
                AmendmentTarget.MEASUREMENT,
                tuple(kind.id for kind in MEASURE_KINDS),
            ),
        ]
        for mp in sorted(self._context.map_editor.points(), key=lambda p: p.label):
            choices.append(
                RecordChoice(
                    f"Point {mp.label}: {mp.name}",
                    AmendmentTarget.FINDING,
                    am.FINDING_FIELDS,
                    finding=mp.finding,
                )
            )
        for treatment in model.treatments():
            choices.append(
                RecordChoice(
                    f"Treatment: {treatment.label}",
                    AmendmentTarget.TREATMENT,
                    am.TREATMENT_FIELDS,
                    treatment=treatment,
                )
            )
        return choices

    @property
    def choice(self) -> RecordChoice:
        return self.records[max(0, self.record.currentIndex())]

    def select(self, record_label: str, field_name: str = "") -> None:
        """Pick a record (by its label) and field, as a user would in the two lists."""
        labels = [c.label for c in self.records]
        self.record.setCurrentIndex(labels.index(record_label))
        if field_name:
            self.field.setCurrentIndex(self.choice.fields.index(field_name))

    def _on_record(self, _index: int) -> None:
        self.field.blockSignals(True)
        self.field.clear()
        for name in self.choice.fields:
            self.field.addItem(am.field_label(self.choice.target, name))
        self.field.blockSignals(False)
        self.field.setEnabled(self.choice.target is not AmendmentTarget.NOTE)
        self._on_field(0)

    def _field_name(self) -> str:
        return self.choice.fields[max(0, self.field.currentIndex())]

    def current_value(self) -> JsonScalar:
        """The field's value as the record reads now (signed value, amendments applied)."""
        choice, name = self.choice, self._field_name()
        model = self._context.model
        amendments = model.amendments()
        if choice.target is AmendmentTarget.NOTE:
            return None
        if choice.target is AmendmentTarget.VISIT:
            return am.encode_value(getattr(am.amended_visit(model.visit, amendments), name))
        if choice.target is AmendmentTarget.MEASUREMENT:
            measures = am.amended_measures(model.visit.uid, model.measures(), amendments)
            return measures.get(name)
        if choice.finding is not None:
            finding = am.amended_finding(choice.finding, amendments)
            return am.encode_value(getattr(finding, name))
        assert choice.treatment is not None
        return am.encode_value(getattr(am.amended_treatment(choice.treatment, amendments), name))

    def _on_field(self, _index: int) -> None:
        choice, name = self.choice, self._field_name()
        value = self.current_value()
        if choice.target is AmendmentTarget.NOTE:
            self.signed_value.setText("-")
        else:
            self.signed_value.setText(am.render_value(choice.target, name, value))
        if name in _CHOICES:
            options = _CHOICES[name]
            self._choice_values = [v for v, _ in options]
            self.choice_value.clear()
            self.choice_value.addItems([text for _, text in options])
            self.choice_value.setCurrentIndex(
                next((i for i, v in enumerate(self._choice_values) if am.same_value(v, value)), 0)
            )
            self.value_stack.setCurrentWidget(self.choice_value)
        elif name == "reassess_on":
            day = dt.date.fromisoformat(value) if isinstance(value, str) else dt.date.today()
            self.date_value.setDate(QDate(day.year, day.month, day.day))
            self.value_stack.setCurrentWidget(self.date_value)
        elif name in _TEXT:
            self.text_value.setPlainText(value if isinstance(value, str) else "")
            self.value_stack.setCurrentWidget(self.text_value)
        else:
            self.number_value.setText("" if value is None else f"{value:g}")
            self.value_stack.setCurrentWidget(self.number_value)
        self.error.hide()

    def new_value(self) -> JsonScalar:
        widget = self.value_stack.currentWidget()
        if widget is self.choice_value:
            return self._choice_values[self.choice_value.currentIndex()]
        if widget is self.date_value:
            day = self.date_value.date()
            return dt.date(day.year(), day.month(), day.day()).isoformat()
        if widget is self.text_value:
            return self.text_value.toPlainText()
        text = self.number_value.text().strip().replace(",", ".")
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            label = am.field_label(self.choice.target, self._field_name())
            raise ValidationError.single("amendment.new_value", f"{label}: not a number") from None
        return int(number) if number.is_integer() else number

    # --- saving -------------------------------------------------------------------------

    def build(self) -> am.Amendment:
        choice, name = self.choice, self._field_name()
        model = self._context.model
        amendments = model.amendments()
        author, reason = self.author.text().strip(), self.reason.text().strip()
        value = self.new_value()
        if choice.target is AmendmentTarget.NOTE:
            return am.addendum(model.visit, str(value or ""), author=author, reason=reason)
        if choice.target is AmendmentTarget.MEASUREMENT:
            measures = am.amended_measures(model.visit.uid, model.measures(), amendments)
            # Kept as typed: a whole number stays an int, as NRS scores must be.
            number = value if isinstance(value, int | float) else None
            return am.amend_measure(
                model.visit, measures, name, number, author=author, reason=reason
            )
        problems = am.value_problems(choice.target, name, value)
        if problems:
            raise ValidationError(problems)
        record: Visit | Finding | Treatment
        if choice.target is AmendmentTarget.VISIT:
            record = am.amended_visit(model.visit, amendments)
        elif choice.finding is not None:
            record = am.amended_finding(choice.finding, amendments)
        else:
            assert choice.treatment is not None
            record = am.amended_treatment(choice.treatment, amendments)
        decoded = am.decode_value(choice.target, name, value)
        return am.amend(record, name, decoded, author=author, reason=reason)

    def _save(self) -> None:
        try:
            amendment = self.build()
            self._context.session.add_amendment(amendment)
        except ValidationError as exc:
            name = self._field_name()
            label = am.field_label(self.choice.target, name) if name else "Addendum"
            self._fail("\n".join(_human(e.field, e.message, name, label) for e in exc.errors))
            return
        except StoreError as exc:
            self._fail(f"Not saved: {error_text(exc)}")
            return
        if self.author.text().strip() and not user.clinician_name():
            user.remember_clinician_name(self.author.text())
        self.accept()

    def _fail(self, text: str) -> None:
        self.error.show_message(text)


_HUMAN_FIELDS = {"amendment.reason": "Reason", "amendment.author": "Amended by"}


def _human(field: str, message: str, field_name: str, label: str) -> str:
    """A domain complaint in the dialog's words: the field as labelled, not its id."""
    if field_name and message.startswith(field_name):
        message = message[len(field_name) :].lstrip(" :")
    name = _HUMAN_FIELDS.get(field, label)
    return f"{name}: {message}"
