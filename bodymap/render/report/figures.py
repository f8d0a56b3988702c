"""Matplotlib figures as vector pictures in a report.

A figure is saved as SVG in memory (text kept as text, hatches turned into lines by
:mod:`~bodymap.render.report.svg_cleanup`) and drawn with QtSvg, so a chart in a PDF is as
sharp as the text around it and weighs a few kilobytes. matplotlib is imported by the
caller that builds the figure; here it is only asked to save one.
"""

from __future__ import annotations

import io
from typing import Any

from PySide6.QtCore import QByteArray, QRectF
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgRenderer

from bodymap.render.report.blocks import Picture
from bodymap.render.report.svg_cleanup import prepare_svg
from bodymap.render.report.units import pt


def figure_svg(figure: Any) -> bytes:
    """A matplotlib Figure as SVG bytes, ready for QtSvg."""
    import matplotlib as mpl

    buffer = io.BytesIO()
    # Text stays text (searchable in the PDF; glyph paths also make QtSvg warn) and
    # the ids are stable, so the same chart gives the same bytes.
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "bodymap"}):
        figure.savefig(buffer, format="svg", facecolor="white", metadata={"Date": None})
    return prepare_svg(buffer.getvalue())


def svg_picture(
    svg: bytes, width: float, *, max_height: float | None = None, text: str = ""
) -> Picture:
    """The SVG drawn ``width`` wide (smaller if it would be taller than ``max_height``),
    keeping its aspect ratio."""
    renderer = QSvgRenderer(QByteArray(svg))
    box = renderer.viewBoxF()
    aspect = box.height() / box.width() if box.width() > 0 else 0.75
    height = width * aspect
    if max_height is not None and height > max_height:
        width, height = max_height / aspect, max_height

    def paint(painter: QPainter, rect: QRectF) -> None:
        renderer.render(painter, rect)

    return Picture(width, height, paint, space_before=pt(6), text=text)


def figure_picture(
    figure: Any, width: float, *, max_height: float | None = None, text: str = ""
) -> Picture:
    return svg_picture(figure_svg(figure), width, max_height=max_height, text=text)
