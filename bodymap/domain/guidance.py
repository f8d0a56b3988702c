"""Guidance prompts for the visit being recorded: the pitfalls of DOMAIN.md section 6.

Prompts never block anything; each carries a stable ``code`` (for tests and for silencing
one later), a short ``title``, the specifics in ``detail`` and the clinical ``reason``.
The rules read small plain inputs, so they need neither the store nor Qt:

- :class:`CareVisit`: one earlier visit of the patient (date, escalation step, the kinds
  of treatment given, pain on the 0-10 scale);
- :class:`CurrentVisit`: the visit on screen, with its treatments and the findings of its
  points (only whether a taut band was documented matters here).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from bodymap.domain.dose_summary import number_text
from bodymap.domain.measures import MEASURE_KINDS_BY_ID, important_change
from bodymap.domain.treatment import Treatment
from bodymap.domain.treatment_catalog import CATALOG, Category, TreatmentKind

PASSIVE_ONLY_VISITS = 3  # this many visits in a row with passive care only
STEP_3 = 3
PAIN_MEASURES = ("nrs_now", "nrs_worst")


class PromptCode(StrEnum):
    NEEDLING_WITHOUT_TAUT_BAND = "needling_without_taut_band"
    CONTINUOUS_TRACTION = "continuous_traction"
    PASSIVE_ONLY = "passive_only"
    NOT_IMPROVED_AFTER_STEP_3 = "not_improved_after_step_3"


# The reasons, in our words, from the pitfalls and the follow-up advice of section 6.
REASONS: dict[PromptCode, str] = {
    PromptCode.NEEDLING_WITHOUT_TAUT_BAND: (
        "Inject or needle only a properly identified trigger point. The taut band is the "
        "core finding that locates it; without it documented at this visit, the point "
        "needled may not be a trigger point. Record the palpation findings first."
    ),
    PromptCode.CONTINUOUS_TRACTION: (
        "Continuous traction has not been shown to be effective for myofascial pain. "
        "Consider the treatments of the escalation steps instead."
    ),
    PromptCode.PASSIVE_ONLY: (
        "Passive treatments without active exercise, and without a plan the patient "
        "carries out at home, relieve pain without correcting the muscle dysfunction. "
        "Add supervised or home exercise and a self-management plan."
    ),
    PromptCode.NOT_IMPROVED_AFTER_STEP_3: (
        "Pain has not improved by a clinically important amount (2 points or 30 % from "
        "baseline on the 0-10 scale) although step-3 care has been given. Persistent "
        "symptoms despite comprehensive treatment call for evaluation for other causes."
    ),
}


@dataclass(frozen=True, slots=True)
class Prompt:
    code: PromptCode
    title: str
    reason: str
    detail: str = ""  # the specifics: which points, since when, which values


@dataclass(frozen=True, slots=True, kw_only=True)
class CareVisit:
    """One earlier visit of the patient, as the rules read it."""

    date: dt.date
    step: int | None = None  # escalation step 1-3 recorded for the visit
    kinds: tuple[TreatmentKind, ...] = ()
    nrs_now: float | None = None
    nrs_worst: float | None = None

    def pain(self, measure: str) -> float | None:
        return self.nrs_now if measure == "nrs_now" else self.nrs_worst


@dataclass(frozen=True, slots=True, kw_only=True)
class PointCheck:
    """A trigger point of the current visit: its title on screen and this visit's finding."""

    id: int
    title: str  # '#1 R upper trapezius'
    taut_band: bool | None  # None: not assessed at this visit


@dataclass(frozen=True, slots=True, kw_only=True)
class CurrentVisit:
    """The visit on screen."""

    date: dt.date
    step: int | None = None
    treatments: tuple[Treatment, ...] = ()
    points: tuple[PointCheck, ...] = ()
    nrs_now: float | None = None
    nrs_worst: float | None = None

    def as_care_visit(self) -> CareVisit:
        return CareVisit(
            date=self.date,
            step=self.step,
            kinds=tuple(t.kind for t in self.treatments),
            nrs_now=self.nrs_now,
            nrs_worst=self.nrs_worst,
        )


def prompts(history: Sequence[CareVisit], current: CurrentVisit) -> list[Prompt]:
    """The prompts for ``current``; ``history`` holds the patient's earlier visits,
    oldest first."""
    found: list[Prompt] = []
    found.extend(_needling_without_taut_band(current))
    found.extend(_continuous_traction(current))
    found.extend(_passive_only(history, current))
    found.extend(_not_improved_after_step_3(history, current))
    return found


def _prompt(code: PromptCode, title: str, detail: str = "") -> Prompt:
    return Prompt(code, title, REASONS[code], detail)


def _needling_without_taut_band(current: CurrentVisit) -> list[Prompt]:
    # Dry needling is held to the same rule as injection: both put a needle into what
    # must be a properly identified trigger point.
    points = {p.id: p for p in current.points}
    found: list[Prompt] = []
    for treatment in current.treatments:
        info = CATALOG[treatment.kind]
        if not info.needle:
            continue
        if not treatment.trigger_point_ids:
            found.append(
                _prompt(
                    PromptCode.NEEDLING_WITHOUT_TAUT_BAND,
                    f"{info.label} not linked to a charted trigger point",
                    "Tick the points it was applied to, with their findings.",
                )
            )
            continue
        missing = [
            points[tp].title if tp in points else f"point {tp}"
            for tp in treatment.trigger_point_ids
            if tp not in points or points[tp].taut_band is not True
        ]
        if missing:
            found.append(
                _prompt(
                    PromptCode.NEEDLING_WITHOUT_TAUT_BAND,
                    f"{info.label} on a point without a documented taut band",
                    "No taut band recorded at this visit for " + ", ".join(missing) + ".",
                )
            )
    return found


def _continuous_traction(current: CurrentVisit) -> list[Prompt]:
    if not any(t.kind is TreatmentKind.CONTINUOUS_TRACTION for t in current.treatments):
        return []
    return [_prompt(PromptCode.CONTINUOUS_TRACTION, "Continuous traction recorded")]


def passive_only(kinds: Sequence[TreatmentKind]) -> bool | None:
    """True when a visit's care was passive only, False when it included active care or
    education, None when it recorded no non-drug treatment (nothing to judge).

    Medication counts neither way: it is not a therapy of either kind.
    """
    categories = {CATALOG[k].category for k in kinds} - {Category.PHARMACOLOGIC}
    if not categories:
        return None
    return categories == {Category.PASSIVE}


def _passive_only(history: Sequence[CareVisit], current: CurrentVisit) -> list[Prompt]:
    if passive_only([t.kind for t in current.treatments]) is not True:
        return []
    run = [current.date]
    # Visits that recorded no treatment say nothing either way: step over them.
    for visit in reversed(history):
        state = passive_only(visit.kinds)
        if state is False:
            break
        if state:
            run.append(visit.date)
    if len(run) < PASSIVE_ONLY_VISITS:
        return []
    return [
        _prompt(
            PromptCode.PASSIVE_ONLY,
            f"Only passive care for {len(run)} visits in a row",
            f"No active exercise or education recorded since {run[-1].isoformat()}.",
        )
    ]


def _had_step_3(visit: CareVisit) -> bool:
    return visit.step == STEP_3 or any(CATALOG[k].step == STEP_3 for k in visit.kinds)


def _not_improved_after_step_3(history: Sequence[CareVisit], current: CurrentVisit) -> list[Prompt]:
    # Judged only once step-3 care has had a visit's time to work, and only on today's
    # pain: without it there is nothing to compare.
    if not any(_had_step_3(v) for v in history):
        return []
    now = current.as_care_visit()
    compared: list[str] = []
    for measure in PAIN_MEASURES:
        value = now.pain(measure)
        baseline = next(
            (v for v in history if v.pain(measure) is not None),
            None,
        )
        if value is None or baseline is None:
            continue
        base_value = baseline.pain(measure)
        assert base_value is not None
        kind = MEASURE_KINDS_BY_ID[measure]
        if important_change(kind, base_value, value):
            return []  # improved on one pain scale: no prompt
        compared.append(
            f"{kind.label}: {number_text(base_value)} on {baseline.date.isoformat()}, "
            f"{number_text(value)} now"
        )
    if not compared:
        return []
    return [
        _prompt(
            PromptCode.NOT_IMPROVED_AFTER_STEP_3,
            "Pain not improved after step-3 care: consider evaluation for other causes",
            "; ".join(compared) + ".",
        )
    ]
