"""How a course's values and the change-since-baseline table read, in words.

One wording for the table beside the progress charts (``bodymap.ui.progress``) and the
one in the printed progress report (``bodymap.render.documents.progress``): what "met",
"noise" or "n/a" mean must not depend on where the table is read. The two media differ
only in what :class:`ChangeWording` holds: how a number is written, the space before a
unit, and what stands in an empty cell. Plain text, standard library only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bodymap.domain.course import ChangeRow

COLUMNS = ("Measure", "Baseline", "Latest", "Change", "%", "MCID", "MDC")
NO_THRESHOLD = "–"  # no MCID or MDC is established for the measure


def compact_number(value: float) -> str:
    """'7', '52.5', '212': one decimal below 100, none from 100 up (a chart or a
    narrow column has no room for a decimal that says nothing)."""
    return f"{value:.0f}" if float(value).is_integer() or abs(value) >= 100 else f"{value:.1f}"


def with_unit(number: str, unit: str, space: str = " ") -> str:
    """'7/10' and '52.5°' (a scale or degrees hug the number), '212 kPa', or the bare
    number when there is no unit."""
    if unit.startswith("/") or unit == "°":
        return number + unit
    return f"{number}{space}{unit}" if unit else number


def value_text(value: float, unit: str) -> str:
    """A value as a chart or the screen shows it: '7/10', '52.5°', '212 kPa'."""
    return with_unit(compact_number(value), unit)


@dataclass(frozen=True, slots=True)
class ChangeWording:
    """The cells of one row of the change table, as one medium writes them."""

    number: Callable[[float], str] = compact_number
    space: str = " "  # between a number and its unit (paper: a no-break space)
    blank: str = ""  # a cell with nothing to say: no later value, so no change
    alone: str = "one value"  # the MCID cell of a row without a later value

    def value(self, value: float, unit: str) -> str:
        return with_unit(self.number(value), unit, self.space)

    def change(self, row: ChangeRow) -> str:
        """'+3', '−1.5', or '±0' for a change too small to show."""
        change = row.change
        if change is None:
            return self.blank
        digits = self.number(abs(change))
        if float(digits) == 0:
            return "±0"
        return ("+" if change > 0 else "−") + digits

    def percent(self, row: ChangeRow) -> str:
        """'−43 %'; 'n/a' where the baseline is zero and a percentage means nothing."""
        percent = row.percent
        if percent is None:
            return self.blank if row.change is None else "n/a"
        if round(percent) == 0:
            return f"±0{self.space}%"
        return f"{'+' if percent > 0 else '−'}{abs(percent):.0f}{self.space}%"

    def mcid(self, row: ChangeRow) -> str:
        """Whether the improvement reaches the smallest change that matters to patients."""
        if row.latest is None:
            return self.alone
        if row.mcid_met is None:
            return NO_THRESHOLD
        if row.mcid_met:
            return "met"
        return "not met, worse" if row.better is False else "not met"

    def mdc(self, row: ChangeRow) -> str:
        """'noise' where the change is within measurement noise, else 'beyond'."""
        if row.latest is None:
            return self.blank
        if row.within_mdc is None:
            return NO_THRESHOLD
        return "noise" if row.within_mdc else "beyond"

    def verdict_cells(self, row: ChangeRow) -> tuple[str, str, str, str]:
        """The Change, %, MCID and MDC cells."""
        return self.change(row), self.percent(row), self.mcid(row), self.mdc(row)

    def cells(self, row: ChangeRow) -> tuple[str, ...]:
        """All the cells, in :data:`COLUMNS` order."""
        latest = row.latest
        return (
            row.label,
            self.value(row.baseline.value, row.unit),
            self.blank if latest is None else self.value(latest.value, row.unit),
            *self.verdict_cells(row),
        )


SCREEN = ChangeWording()
