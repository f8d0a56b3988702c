"""Lengths and pages for the report layout.

Layout works in decipoints (tenths of a point, 1/720 inch) rather than points because Qt
sizes fonts in whole pixels: with one pixel a decipoint, a 9.5 pt font is 95 px and text
metrics come out the same on every paint device. A page is laid out once in these units
and painted on any device (PDF writer, printer, preview) through one scale, so paper and
PDF get the same pages by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

UNITS_PER_PT = 10.0
MM_PER_INCH = 25.4
PT_PER_INCH = 72.0


def pt(value: float) -> float:
    """``value`` points in layout units."""
    return value * UNITS_PER_PT


def mm(value: float) -> float:
    """``value`` millimetres in layout units."""
    return value * PT_PER_INCH / MM_PER_INCH * UNITS_PER_PT


class Paper(StrEnum):
    """The paper sizes a clinic can choose; stored as the setting's value."""

    A4 = "A4"
    LETTER = "Letter"

    @property
    def size_mm(self) -> tuple[float, float]:
        return (210.0, 297.0) if self is Paper.A4 else (215.9, 279.4)

    @classmethod
    def parse(cls, text: object, default: Paper | None = None) -> Paper:
        """'a4', 'A4', 'letter' ... ; ``default`` (A4 unless given) for anything else."""
        wanted = str(text).strip().lower()
        for paper in cls:
            if paper.value.lower() == wanted:
                return paper
        return default or cls.A4


@dataclass(frozen=True, slots=True)
class PageSetup:
    """One page's geometry in layout units: the paper, the margins of the body, and the
    bands above and below it that carry the running header and footer."""

    width: float
    height: float
    margin_left: float = mm(20)
    margin_right: float = mm(20)
    margin_top: float = mm(24)
    margin_bottom: float = mm(20)
    header_offset: float = mm(11)  # from the paper's top edge to the header's baseline band
    footer_offset: float = mm(10)  # from the paper's bottom edge to the footer's bottom

    @classmethod
    def for_paper(cls, paper: Paper) -> PageSetup:
        w, h = paper.size_mm
        return cls(width=mm(w), height=mm(h))

    @classmethod
    def for_size_pt(cls, width_pt: float, height_pt: float) -> PageSetup:
        """A page of any size (what a print dialog chose), with the usual margins."""
        return cls(width=pt(width_pt), height=pt(height_pt))

    @property
    def body_width(self) -> float:
        return self.width - self.margin_left - self.margin_right

    @property
    def body_height(self) -> float:
        return self.height - self.margin_top - self.margin_bottom
