"""Add or edit a patient: one dialog, one atomic save, every refusal named at its field."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from bodymap.domain.patient import WEIGHT_KG, Patient, Sex
from bodymap.domain.validation import FieldError, ValidationError
from bodymap.store.errors import ConstraintViolation, StoreError
from bodymap.ui.dialog_parts import ErrorLabel, save_buttons
from bodymap.ui.session import Session
from bodymap.ui.undo import error_text

_SEXES = (
    (Sex.UNKNOWN, "Not stated"),
    (Sex.FEMALE, "Female"),
    (Sex.MALE, "Male"),
    (Sex.OTHER, "Other"),
)
_FIELD_LABELS = {
    "chart_no": "Chart number",
    "family_name": "Family name",
    "given_names": "Given names",
    "date_of_birth": "Date of birth",
    "sex": "Sex",
    "weight_kg": "Weight",
    "notes": "Notes",
}


class PatientDialog(QDialog):
    """``patient`` None adds a new patient; otherwise edits that one (same uid and id)."""

    def __init__(
        self, session: Session, patient: Patient | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("patientDialog")
        self.setWindowTitle("Edit patient" if patient else "New patient")
        self._session = session
        self._patient = patient
        self.saved: Patient | None = None

        self.chart_no = QLineEdit(self)
        self.chart_no.setObjectName("chartNo")
        self.chart_no.setMaxLength(32)
        self.chart_no.setPlaceholderText("e.g. 2026-0142")
        self.family_name = QLineEdit(self)
        self.family_name.setObjectName("familyName")
        self.given_names = QLineEdit(self)
        self.given_names.setObjectName("givenNames")
        self.date_of_birth = QDateEdit(self)
        self.date_of_birth.setObjectName("dateOfBirth")
        self.date_of_birth.setCalendarPopup(True)
        self.date_of_birth.setDisplayFormat("yyyy-MM-dd")
        self.date_of_birth.setDateRange(QDate(1900, 1, 1), QDate.currentDate())
        self.sex = QComboBox(self)
        self.sex.setObjectName("sex")
        for value, text in _SEXES:
            self.sex.addItem(text, value)
        self.weight = QLineEdit(self)
        self.weight.setObjectName("weight")
        lo, hi = WEIGHT_KG
        self.weight.setPlaceholderText(f"kg, {lo:g}-{hi:g}; needed for dose limits")
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("patientNotes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(70)
        self.error = ErrorLabel("patientError", self)

        form = QFormLayout()
        form.addRow("&Chart number:", self.chart_no)
        form.addRow("&Family name:", self.family_name)
        form.addRow("&Given names:", self.given_names)
        form.addRow("Date of &birth:", self.date_of_birth)
        form.addRow("&Sex:", self.sex)
        form.addRow("&Weight (kg):", self.weight)
        form.addRow("&Notes:", self.notes)
        self.buttons = save_buttons(self, self._save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self._load(patient)

    def _load(self, patient: Patient | None) -> None:
        if patient is None:
            self.date_of_birth.setDate(QDate(1980, 1, 1))
            return
        self.chart_no.setText(patient.chart_no)
        self.family_name.setText(patient.family_name)
        self.given_names.setText(patient.given_names)
        born = patient.date_of_birth
        self.date_of_birth.setDate(QDate(born.year, born.month, born.day))
        self.sex.setCurrentIndex(max(0, self.sex.findData(patient.sex)))
        if patient.weight_kg is not None:
            self.weight.setText(f"{patient.weight_kg:g}")
        self.notes.setPlainText(patient.notes)

    def _weight(self) -> float | None:
        text = self.weight.text().strip().replace(",", ".")
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            lo, hi = WEIGHT_KG
            error = FieldError("patient.weight_kg", f"must be a number from {lo:g} to {hi:g} kg")
            raise ValidationError([error]) from None

    def build(self) -> Patient:
        """The patient as entered (raises ValidationError naming the fields)."""
        born = self.date_of_birth.date()
        values = {
            "chart_no": self.chart_no.text().strip(),
            "family_name": self.family_name.text().strip(),
            "given_names": self.given_names.text().strip(),
            "date_of_birth": dt.date(born.year(), born.month(), born.day()),
            "sex": Sex(self.sex.currentData()),
            "weight_kg": self._weight(),
            "notes": self.notes.toPlainText(),
        }
        if self._patient is None:
            return Patient(**values)
        return Patient(**values, id=self._patient.id, uid=self._patient.uid)

    def _save(self) -> None:
        try:
            patient = self.build()
            if self._patient is None:
                self.saved = self._session.add_patient(patient)
            else:
                self.saved = self._session.update_patient(patient)
        except ValidationError as exc:
            self._fail(
                "\n".join(
                    f"{_FIELD_LABELS.get(e.field.split('.')[-1], e.field)} {e.message}"
                    for e in exc.errors
                )
            )
            return
        except ConstraintViolation as exc:
            if re.search(r"chart_no", str(exc)):
                self._fail(f"Chart number {self.chart_no.text().strip()} is already in use.")
            else:
                self._fail(f"Not saved: {error_text(exc)}")
            return
        except StoreError as exc:
            self._fail(f"Not saved: {error_text(exc)}")
            return
        self.accept()

    def _fail(self, text: str) -> None:
        self.error.show_message(text)
