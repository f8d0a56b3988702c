"""Wrapping text into lines with QTextLayout, measured in layout units.

A paragraph is a list of spans (text with an optional style of its own, e.g. a bold
label before plain text). Lines are measured once, at layout time, and drawn later on
whatever device the page goes to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QPainter,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)

from bodymap.render.report.style import TextStyle

LINE_SEPARATOR = "\u2028"  # QTextLayout's forced line break


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    style: TextStyle | None = None  # None: the paragraph's style


Spans = Sequence[Span] | str


def as_spans(content: Spans) -> tuple[Span, ...]:
    return (Span(content),) if isinstance(content, str) else tuple(content)


def plain_text(content: Spans) -> str:
    return "".join(s.text for s in as_spans(content))


class Align:
    LEFT = Qt.AlignmentFlag.AlignLeft
    RIGHT = Qt.AlignmentFlag.AlignRight
    CENTER = Qt.AlignmentFlag.AlignHCenter


def _char_format(style: TextStyle) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setFont(style.font())
    fmt.setForeground(style.qcolor())
    return fmt


@dataclass(slots=True)
class TextLine:
    """One laid-out line; ``height`` is the style's line height, not the glyphs'."""

    layout: QTextLayout
    index: int
    height: float
    color: str
    offset: float = 0.0  # from the line box's top to the glyph box's top
    width: float = 0.0  # the ink's width, for shrink-wrapped boxes

    def draw(self, painter: QPainter, x: float, y: float) -> None:
        line = self.layout.lineAt(self.index)
        painter.setPen(QColor(self.color))
        # QTextLine.draw adds the line's own position within its layout; undo that, so
        # each line can go to any page.
        line.draw(painter, QPointF(x, y + self.offset - line.y()))


def wrap(
    content: Spans,
    style: TextStyle,
    width: float,
    *,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
) -> list[TextLine]:
    """``content`` broken into lines no wider than ``width`` (long words break too)."""
    spans = as_spans(content)
    text = "".join(s.text for s in spans).replace("\r\n", "\n").replace("\n", LINE_SEPARATOR)
    if not text:
        return []
    layout = QTextLayout(text, style.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    option.setAlignment(align)
    option.setUseDesignMetrics(True)
    layout.setTextOption(option)
    formats = []
    start = 0
    for span in spans:
        if span.style is not None and span.text:
            rng = QTextLayout.FormatRange()
            rng.start, rng.length, rng.format = start, len(span.text), _char_format(span.style)
            formats.append(rng)
        start += len(span.text)
    if formats:
        layout.setFormats(formats)
    # Spans in a bigger size than the paragraph get their own line height.
    line_height = max([style.line_height] + [s.style.line_height for s in spans if s.style])
    lines: list[TextLine] = []
    layout.beginLayout()
    y = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0.0, y))
        y += line.height()
        offset = (line_height - line.height()) / 2.0
        lines.append(
            TextLine(
                layout, line.lineNumber(), line_height, style.color, offset, line.naturalTextWidth()
            )
        )
    layout.endLayout()
    return lines


def text_width(text: str, style: TextStyle) -> float:
    return QFontMetricsF(style.font()).horizontalAdvance(text)
