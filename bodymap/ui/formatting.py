"""How patients and visits read on screen. Plain text, no Qt, so every view says it alike.

Dates are shown as ISO 8601 (2024-03-12): unambiguous in every locale, and what the
patient search matches when a date of birth is typed.
"""

from __future__ import annotations

import datetime as dt

from bodymap.domain.patient import Patient, Sex
from bodymap.domain.visit import Visit

SEP = " · "


def date_text(day: dt.date | None) -> str:
    return "" if day is None else day.isoformat()


def age_years(patient: Patient, today: dt.date | None = None) -> int:
    return patient.age_on(today or dt.date.today())


def patient_line(patient: Patient, today: dt.date | None = None) -> str:
    """'Family, Given - chart no - DOB (age)': the one-line form of a patient."""
    return (
        f"{patient.display_name} - {patient.chart_no} - "
        f"{date_text(patient.date_of_birth)} ({age_years(patient, today)})"
    )


def patient_subline(patient: Patient, today: dt.date | None = None) -> str:
    """The second line of a patient in the list, under the name."""
    return SEP.join(
        (
            patient.chart_no,
            f"{date_text(patient.date_of_birth)} ({age_years(patient, today)} y)",
        )
    )


_SEX_TEXT = {Sex.FEMALE: "Female", Sex.MALE: "Male", Sex.OTHER: "Other", Sex.UNKNOWN: ""}


def weight_text(weight_kg: float | None) -> str:
    if weight_kg is None:
        return "weight not recorded"
    return f"{weight_kg:g} kg"


def patient_details(patient: Patient, today: dt.date | None = None) -> str:
    """The facts line under a patient's name in the header."""
    parts = [
        f"Chart {patient.chart_no}",
        f"Born {date_text(patient.date_of_birth)}",
        f"{age_years(patient, today)} years",
        _SEX_TEXT[patient.sex],
        weight_text(patient.weight_kg),
    ]
    return SEP.join(p for p in parts if p)


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def status_text(visit: Visit) -> str:
    """'Draft', or 'Signed' with the signer; the signer's name is left out when it is the
    visit's own clinician (it stands one column to the left), keeping the timeline narrow."""
    if not visit.is_signed:
        return "Draft"
    if visit.signed_by == visit.clinician:
        return "Signed"
    return f"Signed{SEP}{visit.signed_by}"


def step_text(visit: Visit) -> str:
    return "" if visit.escalation_step is None else f"Step {int(visit.escalation_step)}"


def interval_text(visit: Visit, previous: Visit | None) -> str:
    """Days since the previous visit, as a clinician reads a timeline."""
    if previous is None:
        return "first visit"
    days = (visit.visit_date - previous.visit_date).days
    if days == 0:
        return "same day"
    return f"+{days} day" if days == 1 else f"+{days} days"


def signed_at_text(visit: Visit) -> str:
    """The signing time in local time, to the minute."""
    if visit.signed_at is None:
        return ""
    return visit.signed_at.astimezone().strftime("%Y-%m-%d %H:%M")


def count_text(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {plural or noun + 's'}"
