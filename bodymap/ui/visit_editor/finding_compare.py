"""The previous-visit column of the Findings tab: what the same point showed last time,
and, for the two numbers a clinician follows (NRS on compression and PPT), the change.

Plain Python (no Qt). A higher pressure pain threshold means the point tolerates more
pressure before it hurts: less sensitive, which is better; a lower NRS is better too.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from bodymap.domain.finding import Finding, PressurePainThreshold
from bodymap.domain.units import PressureUnit
from bodymap.ui.visit_editor.finding_fields import (
    pressure_text,
    signed,
    tenderness_text,
    yes_no,
)

NOT_CHARTED = "not charted at the previous visit"


class Trend(enum.Enum):
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of the previous-visit column; ``trend`` only where a change is shown."""

    text: str
    trend: Trend | None = None
    tooltip: str = ""


def _trend(delta: float, higher_is_better: bool) -> Trend:
    if delta == 0:
        return Trend.SAME
    return Trend.BETTER if (delta > 0) == higher_is_better else Trend.WORSE


def _nrs_cell(now: int | None, before: int | None) -> Cell:
    if before is None:
        return Cell("not assessed")
    if now is None:
        return Cell(f"{before}")
    delta = now - before
    if delta == 0:
        return Cell(f"{before} (now the same)", Trend.SAME)
    words = "less pain" if delta < 0 else "more pain"
    return Cell(f"{before} (now {signed(delta)}, {words})", _trend(delta, higher_is_better=False))


def _ppt_mean_cell(
    now: PressurePainThreshold | None, before: PressurePainThreshold | None, unit: PressureUnit
) -> Cell:
    if before is None:
        return Cell("not measured")
    # Compared in the unit on screen, whatever unit either visit was entered in.
    mean = before.mean_in(unit)
    as_entered = f"As entered: {pressure_text(before.mean, before.unit)}"
    if now is None:
        return Cell(pressure_text(mean, unit), tooltip=as_entered)
    delta = round(now.mean_in(unit) - mean, 2)
    if delta == 0:
        return Cell(f"{pressure_text(mean, unit)} (now the same)", Trend.SAME, as_entered)
    words = "less sensitive" if delta > 0 else "more sensitive"
    return Cell(
        f"{pressure_text(mean, unit)} (now {signed(delta, 2)}, {words})",
        _trend(delta, higher_is_better=True),
        as_entered,
    )


def _setup_cells(
    now: PressurePainThreshold | None, before: PressurePainThreshold | None
) -> dict[str, Cell]:
    if before is None:
        return {key: Cell("") for key in ("ppt_unit", "ppt_probe", "ppt_rate")}
    probe = f"{before.probe_area_cm2:g} cm²"
    rate = (
        "not recorded"
        if before.rate_per_s is None
        else f"{before.rate_per_s:g} {before.unit.symbol}/s"
    )
    # Thresholds measured with another probe or rate are not comparable (Ylinen 2007).
    if now is not None and now.probe_area_cm2 != before.probe_area_cm2:
        probe += " – other probe: not comparable"
    if (
        now is not None
        and before.rate_per_s is not None
        and now.rate_per_s is not None
        and abs(now.rate_per_s * now.unit.kpa - before.rate_per_s * before.unit.kpa) > 0.5
    ):
        rate += " – other rate"
    return {
        "ppt_unit": Cell(before.unit.symbol),
        "ppt_probe": Cell(probe),
        "ppt_rate": Cell(rate),
    }


def _activity_text(finding: Finding) -> str:
    if finding.activity is not None:
        return finding.activity.value
    suggested = finding.suggested_activity
    return "not classified" if suggested is None else f"{suggested.value} (suggested)"


def _notes_cell(notes: str) -> Cell:
    text = notes.strip()
    if not text:
        return Cell("none")
    first = text.splitlines()[0]
    short = first if len(first) <= 60 and first == text else f"{first[:57].rstrip()}…"
    return Cell(short, tooltip=text)


def previous_cells(
    current: Finding | None, previous: Finding | None, unit: PressureUnit
) -> dict[str, Cell]:
    """The previous-visit cell of every form row (empty cells when ``previous`` is None).

    ``unit`` is the pressure unit on screen, in which the PPT means are compared.
    """
    if previous is None:
        return {}
    now_ppt = current.ppt if current is not None else None
    before_ppt = previous.ppt
    return {
        "taut_band": Cell(yes_no(previous.taut_band)),
        "tenderness": Cell(tenderness_text(previous.tenderness)),
        "referred_pain": Cell(yes_no(previous.referred_pain)),
        "criteria": Cell(
            f"{previous.criteria_met} of 3"
            + (": meets the consensus" if previous.meets_consensus else "")
        ),
        "pain_recognition": Cell(yes_no(previous.pain_recognition)),
        "activity": Cell(_activity_text(previous)),
        "twitch_response": Cell(yes_no(previous.twitch_response)),
        "jump_sign": Cell(yes_no(previous.jump_sign)),
        "nrs_on_compression": _nrs_cell(
            current.nrs_on_compression if current is not None else None,
            previous.nrs_on_compression,
        ),
        "ppt_trials": Cell(
            "not measured"
            if before_ppt is None
            else ", ".join(f"{t:.2f}" for t in before_ppt.trials) + f" {before_ppt.unit.symbol}"
        ),
        "ppt_mean": _ppt_mean_cell(now_ppt, before_ppt, unit),
        **_setup_cells(now_ppt, before_ppt),
        "sensation": Cell(
            "not recorded" if previous.sensation is None else previous.sensation.value
        ),
        "notes": _notes_cell(previous.notes),
    }
