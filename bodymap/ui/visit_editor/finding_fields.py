"""The fields of the Findings tab, their choices and how they are named on screen.

Plain Python (no Qt): the form, the comparison column and the error messages all take
their words from here, so a field reads the same everywhere (DOMAIN.md section 2).
"""

from __future__ import annotations

import re

from bodymap.domain.finding import TENDERNESS_GRADES, Activity, SensationQuality
from bodymap.domain.units import PressureUnit
from bodymap.domain.validation import ValidationError

# "Not assessed" differs from "no" (the domain keeps None). The dash keeps the first
# letter free, so typing Y or N on a focused combo picks Yes or No straight away.
NOT_ASSESSED = "– not assessed"

TRI_STATE: tuple[tuple[str, bool | None], ...] = (
    (NOT_ASSESSED, None),
    ("Yes", True),
    ("No", False),
)
TENDERNESS: tuple[tuple[str, int | None], ...] = (
    (NOT_ASSESSED, None),
    *((f"{grade} {word}", grade) for grade, word in TENDERNESS_GRADES.items()),
)
ACTIVITY: tuple[tuple[str, Activity | None], ...] = (
    ("– not classified", None),
    ("Active", Activity.ACTIVE),
    ("Latent", Activity.LATENT),
)
SENSATIONS: tuple[tuple[str, SensationQuality | None], ...] = (
    ("– not recorded", None),
    *((quality.value.capitalize(), quality) for quality in SensationQuality),
)
UNITS: tuple[PressureUnit, ...] = tuple(PressureUnit)

# Form keys: one per editable row. PPT rows all write the finding's ``ppt``.
TRI_STATE_KEYS = ("taut_band", "referred_pain", "pain_recognition", "twitch_response", "jump_sign")
PPT_KEYS = ("ppt_trials", "ppt_unit", "ppt_probe", "ppt_rate")

LABELS: dict[str, str] = {
    "taut_band": "Taut band",
    "tenderness": "Spot tenderness",
    "referred_pain": "Referred pain",
    "pain_recognition": "Pain recognition",
    "activity": "Activity",
    "twitch_response": "Local twitch response",
    "jump_sign": "Jump sign",
    "nrs_on_compression": "NRS on compression",
    "ppt_trials": "PPT trials",
    "ppt_unit": "PPT unit",
    "ppt_probe": "Probe area",
    "ppt_rate": "Application rate",
    "sensation": "Referred sensation",
    "notes": "Notes",
}

# The domain's field paths (FieldError.field) -> the form row that shows the problem.
_DOMAIN_ROWS: dict[str, str] = {
    **{f"finding.{key}": key for key in (*TRI_STATE_KEYS, "tenderness")},
    "finding.nrs_on_compression": "nrs_on_compression",
    "finding.sensation": "sensation",
    "finding.activity": "activity",
    "finding.notes": "notes",
    "ppt.trials": "ppt_trials",
    "ppt.unit": "ppt_unit",
    "ppt.probe_area_cm2": "ppt_probe",
    "ppt.rate_per_s": "ppt_rate",
}
_TRIAL = re.compile(r"^ppt\.trial_(\d+)$")


def yes_no(value: bool | None) -> str:
    return "not assessed" if value is None else ("yes" if value else "no")


def tenderness_text(grade: int | None) -> str:
    return "not assessed" if grade is None else f"{grade} {TENDERNESS_GRADES[grade]}"


def pressure_text(value: float, unit: PressureUnit) -> str:
    return f"{value:.2f} {unit.symbol}"


def signed(value: float, decimals: int = 0) -> str:
    """'+0.40', '−2' (a true minus sign), '0'."""
    text = f"{value:+.{decimals}f}"
    if float(text) == 0:
        return f"{0:.{decimals}f}"
    return text.replace("-", "−")


def row_of(domain_field: str) -> str | None:
    """The form row of a domain field path ('ppt.trial_2' -> 'ppt_trials')."""
    if _TRIAL.match(domain_field):
        return "ppt_trials"
    return _DOMAIN_ROWS.get(domain_field)


def human_name(domain_field: str) -> str:
    trial = _TRIAL.match(domain_field)
    if trial:
        return f"PPT trial {trial.group(1)}"
    row = row_of(domain_field)
    if row is not None:
        return LABELS[row]
    return domain_field.rsplit(".", 1)[-1].replace("_", " ").capitalize()


def error_rows(exc: ValidationError, fallback_row: str, unit: PressureUnit) -> dict[str, str]:
    """The domain's refusal in human words, by the form row it belongs to.

    'finding.nrs_on_compression: must be from 0 to 10, not 11' becomes, on the NRS row,
    'NRS on compression must be from 0 to 10, not 11.'
    """
    rows: dict[str, list[str]] = {}
    for error in exc.errors:
        message = error.message.replace("cm2", "cm²")
        if error.field == "ppt.rate_per_s":
            # The domain states the rate's range without its unit; the form shows it.
            message = f"{message} ({unit.symbol}/s)"
        line = f"{human_name(error.field)} {message}."
        rows.setdefault(row_of(error.field) or fallback_row, []).append(line)
    return {row: "\n".join(lines) for row, lines in rows.items()}
