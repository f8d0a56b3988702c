"""How the progress charts look: sizes, fonts and colours, one place for screen and print.

Colours come from the Okabe-Ito palette, which stays distinguishable with the common
colour-vision deficiencies; every series also has its own marker so a greyscale print
still tells them apart.
"""

from __future__ import annotations

PRINT_WIDTH_IN = 6.7  # the text width of an A4 page with 2 cm margins
FONT_PT = 8.0
SMALL_PT = 7.0
TITLE_PT = 9.5
LINE_WIDTH = 1.4
MARKER_SIZE = 4.5
DENSE_VISITS = 40  # beyond this many visits on the axis, markers shrink so lines stay legible


def marker_size(visits: int) -> float:
    """Marker size in points for a chart showing this many visits."""
    if visits <= DENSE_VISITS:
        return MARKER_SIZE
    return 3.0 if visits <= 2 * DENSE_VISITS else 2.0


TEXT = "#1d2630"
MUTED = "#5b6670"
GRID = "#e3e7eb"

PAIN_NOW = "#0072B2"  # blue
PAIN_WORST = "#D55E00"  # vermillion
BASELINE = "#33404c"
MCID_BAND = "#009E73"  # green: the change that matters
NORMAL_BAND = "#009E73"
SIDE_COLORS = {"L": "#0072B2", "R": "#E69F00", None: "#33404c"}
SIDE_MARKERS = {"L": "o", "R": "s", None: "D"}

STEP_COLORS = {1: "#6baed6", 2: "#2171b5", 3: "#08306b"}  # light to dark: less to more invasive
CATEGORY_COLORS = {
    "active": "#009E73",
    "passive": "#E69F00",
    "education": "#56B4E9",
    "pharmacologic": "#CC79A7",
}

# Trigger points cycle through these; eight points before a colour repeats, and the
# marker cycle (seven) is offset so colour and marker never repeat together soon.
POINT_COLORS = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#000000",
    "#882255",
)
POINT_MARKERS = ("o", "s", "^", "D", "v", "P", "X")

GAP_DAYS = 90  # visits further apart than this are not joined by a solid line
