"""How an outcome measure reads on screen: its range, normal value and the change since
the previous visit. Plain text, no Qt, so the wording can be tested on its own."""

from __future__ import annotations

from dataclasses import dataclass

from bodymap.domain.course import movement_id
from bodymap.domain.measures import MEASURE_KINDS, Family, MeasureKind, important_change

# DOMAIN.md section 5 gives some normals as a range; the catalog keeps one number (used for
# charts), so the ranges a clinician expects to read live here, keyed by the movement.
_NORMAL_RANGES = {
    "cervical_rotation": "60-80",
    "thoracic_rotation": "40-45",
}


def number_text(value: float) -> str:
    """55.0 -> '55', 55.5 -> '55.5': whole degrees are the common case."""
    return f"{value:g}"


def with_unit(text: str, unit: str) -> str:
    """Degrees attach ('55°'), a scale like '/10' is left off ('6'), others get a space."""
    if unit.startswith("/") or not unit:
        return text
    if unit == "°":
        return f"{text}°"
    return f"{text} {unit}"


def range_text(kind: MeasureKind) -> str:
    """'0 to 110°', '0 to 10', '0 to 100 mm'."""
    return with_unit(f"{number_text(kind.lo)} to {number_text(kind.hi)}", kind.unit)


def movement_label(kind: MeasureKind) -> str:
    """'Cervical rotation' for both 'Cervical rotation L' and 'R'."""
    return kind.label[:-2] if kind.side else kind.label


def normal_text(kind: MeasureKind) -> str:
    """'60-80°' (adult normal), or '' where there is none (pain, disability)."""
    span = _NORMAL_RANGES.get(movement_id(kind))
    if span is None and kind.normal is not None:
        span = number_text(kind.normal)
    return "" if span is None else with_unit(span, kind.unit)


def signed_text(change: float) -> str:
    """'+5', '−3' (a real minus sign, easier to read than a hyphen), '0'."""
    if change == 0:
        return "0"
    return f"+{number_text(change)}" if change > 0 else f"−{number_text(-change)}"


@dataclass(frozen=True, slots=True)
class Comparison:
    """The change from the previous visit and what it means."""

    text: str  # short, shown under the field
    detail: str  # the full sentence, for the tooltip


def compare(kind: MeasureKind, previous: float | None, current: float | None) -> Comparison:
    """What the previous visit's value says about this one.

    A change smaller than the MDC is reported as noise and never as important, even when
    it meets a percentage MCID: DOMAIN.md asks to show the data and not over-claim.
    """
    if previous is None:
        return Comparison("", "")
    was = f"was {with_unit(number_text(previous), kind.unit)}"
    if current is None:
        return Comparison(was, f"{was} at the previous visit; not recorded at this one.")
    change = current - previous
    if change == 0:
        return Comparison(f"{was} · no change", f"{was} at the previous visit; the same now.")
    delta = with_unit(signed_text(change), kind.unit)
    parts = [was, delta]
    detail = f"{was} at the previous visit, {delta} now"
    if kind.mdc is not None and abs(change) < kind.mdc:
        parts.append("within measurement noise")
        mdc = with_unit(number_text(kind.mdc), kind.unit)
        detail += f"; smaller than the measurement noise (MDC {mdc})"
    elif kind.mcid is not None and change != 0:
        if important_change(kind, previous, current):
            parts.append("important improvement")
            detail += "; a clinically important improvement"
        elif _important_worsening(kind, previous, current):
            parts.append("important worsening")
            detail += "; a clinically important worsening"
        if parts[-1].startswith("important"):
            detail += f" (MCID {_mcid_text(kind)})"
    return Comparison(" · ".join(parts), detail + ".")


def _important_worsening(kind: MeasureKind, previous: float, current: float) -> bool:
    """The MCID read the other way: worse by at least as much as an important gain."""
    worse = current - previous if kind.lower_is_better else previous - current
    if worse <= 0:
        return False
    if kind.mcid is not None and worse >= kind.mcid:
        return True
    return (
        kind.mcid_percent is not None
        and previous > 0
        and worse / previous * 100.0 >= kind.mcid_percent
    )


def _mcid_text(kind: MeasureKind) -> str:
    text = with_unit(number_text(kind.mcid or 0), kind.unit)
    if kind.mcid_percent is not None:
        text += f" or {number_text(kind.mcid_percent)} %"
    return text


# Within the "Pain" block the scale is said once, so the rows can be short.
_PAIN_ROWS = {
    "nrs_now": "Now",
    "nrs_best": "Best, last 24 h",
    "nrs_worst": "Worst, last 24 h",
    "vas": "VAS (optional)",
}


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the measures grid: a single measure, or a left/right pair."""

    label: str  # short, under its section's title ('Rotation' under 'Cervical spine')
    kinds: tuple[MeasureKind, ...]  # one, or left then right


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    note: str
    rows: tuple[Row, ...]

    @property
    def has_normals(self) -> bool:
        return any(row.kinds[0].normal is not None for row in self.rows)


def _short_label(kind: MeasureKind, in_region: bool) -> str:
    if kind.id in _PAIN_ROWS:
        return _PAIN_ROWS[kind.id]
    label = movement_label(kind)
    if in_region and " " in label:  # 'Shoulder external rotation' -> 'External rotation'
        rest = label.split(" ", 1)[1]
        return rest[:1].upper() + rest[1:]
    return label


def _rows(kinds: list[MeasureKind], in_region: bool = False) -> tuple[Row, ...]:
    rows: list[Row] = []
    for kind in kinds:
        if kind.side == "R" and rows and movement_id(rows[-1].kinds[0]) == movement_id(kind):
            rows[-1] = Row(rows[-1].label, (*rows[-1].kinds, kind))
        else:
            rows.append(Row(_short_label(kind, in_region), (kind,)))
    return tuple(rows)


def sections() -> tuple[Section, ...]:
    """The catalog grouped as a clinician measures: pain, neck, thoracic spine, shoulders,
    disability. Every kind of the catalog appears exactly once (a new kind lands in a
    group of its family rather than vanishing from the form)."""

    def pick(prefix: str) -> list[MeasureKind]:
        return [k for k in MEASURE_KINDS if k.family is Family.ROM and k.id.startswith(prefix)]

    neck, thoracic, shoulder = pick("cervical_"), pick("thoracic_"), pick("shoulder_")
    grouped = {k.id for k in (*neck, *thoracic, *shoulder)}
    other_rom = [k for k in MEASURE_KINDS if k.family is Family.ROM and k.id not in grouped]
    pain = [k for k in MEASURE_KINDS if k.family is Family.PAIN]
    disability = [k for k in MEASURE_KINDS if k.family is Family.DISABILITY]
    found = [
        Section("Pain", "NRS 0 none, 10 worst imaginable", _rows(pain)),
        Section("Cervical spine", "CROM or inclinometer", _rows(neck, True)),
        Section("Thoracic spine", "inclinometer", _rows(thoracic, True)),
        Section("Shoulder", "goniometer", _rows(shoulder, True)),
        Section("Other movements", "degrees", _rows(other_rom)),
        Section("Disability", "questionnaire", _rows(disability)),
    ]
    return tuple(s for s in found if s.rows)
