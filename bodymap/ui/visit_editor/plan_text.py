"""The words and rules of the Visit tab's plan: escalation steps, the reassessment window,
the interval since the previous visit. Plain text, no Qt."""

from __future__ import annotations

import datetime as dt

from bodymap.domain.visit import REASSESS_DEFAULT_DAYS, REASSESS_RANGE_DAYS, EscalationStep, Visit
from bodymap.ui import formatting

# DOMAIN.md section 6 in short words: (title, what the step holds).
STEP_TEXT: dict[EscalationStep, tuple[str, str]] = {
    EscalationStep.SELF_CARE: (
        "Least invasive",
        "heat, self-massage, activity modification, education, motor control exercise",
    ),
    EscalationStep.HANDS_ON_AND_EXERCISE: (
        "If the response is inadequate",
        "trigger point massage, supervised stretching and strengthening, spinal manipulation",
    ),
    EscalationStep.NEEDLING_AND_INJECTION: (
        "Persistent symptoms",
        "trigger point injection or dry needling, multidisciplinary rehabilitation",
    ),
}

QUICK_WEEKS = (2, 3, 4)


def step_line(step: EscalationStep | None) -> str:
    """'Step 1, least invasive' or 'not set'."""
    if step is None:
        return "not set"
    return f"step {int(step)}, {STEP_TEXT[step][0].lower()}"


def reassess_window(visit_date: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last allowed reassessment dates (2 to 4 weeks after the visit)."""
    first, last = REASSESS_RANGE_DAYS
    return visit_date + dt.timedelta(days=first), visit_date + dt.timedelta(days=last)


def _weeks(days: int) -> str:
    return f"{days // 7} weeks" if days % 7 == 0 else f"{days} days"


def window_text(visit_date: dt.date) -> str:
    first, last = reassess_window(visit_date)
    lo, hi = REASSESS_RANGE_DAYS
    span = f"{lo // 7} to {hi // 7} weeks" if lo % 7 == hi % 7 == 0 else f"{lo} to {hi} days"
    return f"{formatting.date_text(first)} to {formatting.date_text(last)} ({span} after the visit)"


def reassess_problem(visit_date: dt.date, day: dt.date) -> str | None:
    """Why ``day`` cannot be the reassessment date of a visit on ``visit_date``, or None.

    The domain only refuses a date on or before the visit; the 2-4 week window of DOMAIN.md
    section 6 is the form's rule, so a date from an import outside it still displays.
    """
    first, last = reassess_window(visit_date)
    if day <= visit_date:
        when = "on the day of" if day == visit_date else "before"
        return (
            f"Reassessment: {formatting.date_text(day)} is {when} the visit; "
            f"choose {window_text(visit_date)}. Not saved."
        )
    if not first <= day <= last:
        return (
            f"Reassessment: {formatting.date_text(day)} is {_weeks((day - visit_date).days)} "
            f"after the visit; choose {window_text(visit_date)}. Not saved."
        )
    return None


def reassess_hint(visit_date: dt.date, day: dt.date | None, *, window: bool = True) -> str:
    """'3 weeks after the visit (the default).' under the date, with the allowed window
    while the date can still be changed."""
    if day is None:
        text = "No reassessment planned."
    else:
        days = (day - visit_date).days
        default = " (the default)" if days == REASSESS_DEFAULT_DAYS else ""
        text = f"{_weeks(days)} after the visit{default}."
    return f"{text} Allowed: {window_text(visit_date)}." if window else text


def interval_line(visit: Visit, previous: Visit | None) -> str:
    """'Previous visit 2026-10-05, 21 days before this one' for the top of the tab."""
    if previous is None:
        return "First visit of this patient."
    days = (visit.visit_date - previous.visit_date).days
    if days == 0:
        gap = "the same day"
    elif days == 1:
        gap = "1 day before this one"
    else:
        gap = f"{days} days before this one"
    return (
        f"Previous visit {formatting.date_text(previous.visit_date)}, {gap}; "
        f"escalation then: {step_line(previous.escalation_step)}."
    )
