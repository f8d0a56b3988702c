"""Writing a chart to a file: PNG for slides and messages, SVG for print and editing."""

from __future__ import annotations

from pathlib import Path

import matplotlib as mpl
from matplotlib.figure import Figure

FORMATS = ("png", "svg", "pdf")
PNG_DPI = 200  # sharp on paper at the print size, still a small file


def save_figure(figure: Figure, path: Path | str) -> Path:
    """Save ``figure`` in the format its suffix names (.png, .svg or .pdf)."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"{path.name}: save as {', '.join('.' + f for f in FORMATS)}")
    # Text stays text in SVG: smaller, searchable, and QtSvg renders it without the
    # warnings that glyph paths cause.
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "bodymap"}):
        figure.savefig(path, format=fmt, dpi=PNG_DPI, facecolor="white", metadata=None)
    return path
