"""Type and colour of printed reports: one place, so the three documents look alike.

Sizes are in points. Body text is 9.5 pt and nothing a reader needs is below 8 pt
(running header and footer); colours are dark enough to survive a greyscale copier.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

from PySide6.QtGui import QColor, QFont

from bodymap.render.report.units import pt

FONT_FAMILY = "DejaVu Sans"  # installed with the app's system dependencies; see DESIGN.md

INK = "#1d2630"
MUTED = "#56616b"
RULE = "#9aa4ad"
GRID = "#c9d0d6"
ZEBRA = "#f1f4f6"
HEADER_FILL = "#e4e9ee"
ACCENT = "#1f4e79"
WARNING = "#a3231a"  # drafts, dose warnings
WARNING_FILL = "#fbe9e4"
GOOD_FILL = "#e3f3ec"
WATERMARK = "#c2412d"  # painted translucent


@dataclass(frozen=True, slots=True)
class TextStyle:
    size_pt: float = 9.5
    bold: bool = False
    italic: bool = False
    color: str = INK
    leading: float = 1.28  # line height as a multiple of the size

    def with_(self, **changes: object) -> TextStyle:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def line_height(self) -> float:
        return pt(self.size_pt * self.leading)

    def font(self) -> QFont:
        return _font(self.size_pt, self.bold, self.italic)

    def qcolor(self) -> QColor:
        return QColor(self.color)


@functools.cache
def _font(size_pt: float, bold: bool, italic: bool) -> QFont:
    font = QFont(FONT_FAMILY)
    font.setPixelSize(round(pt(size_pt)))  # one pixel per layout unit (units.py)
    font.setBold(bold)
    font.setItalic(italic)
    # Unhinted outlines keep the advances fractional, so text measured once is placed
    # exactly the same on a 72-dpi preview and a 1200-dpi PDF.
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    font.setKerning(True)
    return font


BODY = TextStyle()
SMALL = TextStyle(size_pt=8.5, color=MUTED)
LABEL = TextStyle(size_pt=9.5, bold=True)
TABLE = TextStyle(size_pt=9.0, leading=1.22)
TABLE_HEAD = TextStyle(size_pt=8.5, bold=True, leading=1.2)
TITLE = TextStyle(size_pt=17.0, bold=True, color=ACCENT, leading=1.2)
H1 = TextStyle(size_pt=12.5, bold=True, color=ACCENT, leading=1.25)
H2 = TextStyle(size_pt=10.5, bold=True, leading=1.25)
RUNNING = TextStyle(size_pt=8.0, color=MUTED)
RUNNING_BOLD = TextStyle(size_pt=8.0, bold=True)
