"""The building blocks of a report: paragraphs, headings, tables, pictures, boxes.

Each block turns itself into :class:`~bodymap.render.report.paginate.Piece` objects for
a given width; the paginator places them. Blocks hold content only, never a device.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from bodymap.render.report import style as st
from bodymap.render.report.paginate import Piece
from bodymap.render.report.style import TextStyle
from bodymap.render.report.text import Spans, TextLine, plain_text, text_width, wrap
from bodymap.render.report.units import pt


class Block(Protocol):
    def pieces(self, width: float) -> list[Piece]: ...


def _draw_lines(painter: QPainter, lines: Sequence[TextLine], x: float, y: float) -> float:
    for line in lines:
        line.draw(painter, x, y)
        y += line.height
    return y


def _lines_height(lines: Sequence[TextLine]) -> float:
    return sum(line.height for line in lines)


# --- text ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Paragraph:
    content: Spans
    style: TextStyle = st.BODY
    space_before: float = pt(4)
    indent: float = 0.0
    bullet: str | None = None  # e.g. "•": hung in the indent before the first line
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
    keep_with_next: bool = False  # the last line stays with what follows
    keep_together: bool = False

    def pieces(self, width: float) -> list[Piece]:
        hang = text_width(f"{self.bullet}  ", self.style) if self.bullet else 0.0
        bullets = wrap(self.bullet, self.style, hang) if self.bullet else []
        left = self.indent + hang
        lines = wrap(self.content, self.style, max(width - left, pt(20)), align=self.align)
        out: list[Piece] = []
        for i, line in enumerate(lines):
            bullet = bullets[0] if i == 0 and bullets else None
            out.append(
                Piece(
                    line.height,
                    _line_painter(line, left, bullet, self.indent),
                    space_before=self.space_before if i == 0 else 0.0,
                    text=plain_text(self.content) if i == 0 else "",
                )
            )
        n = len(out)
        for i, piece in enumerate(out):
            # No single first or last line of a paragraph alone on a page.
            orphan = i == 0 and n >= 2
            widow = i == n - 2 and n >= 3
            last = i == n - 1 and self.keep_with_next
            piece.keep_with_next = orphan or widow or last or (self.keep_together and i < n - 1)
        return out


def _line_painter(
    line: TextLine, left: float, bullet: TextLine | None, indent: float
) -> Callable[[QPainter, float, float, float], None]:
    def paint(painter: QPainter, x: float, y: float, _width: float) -> None:
        if bullet is not None:
            bullet.draw(painter, x + indent, y)
        line.draw(painter, x + left, y)

    return paint


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    style: TextStyle = st.H1
    space_before: float = pt(14)
    rule: bool = True  # a hairline under the heading

    def pieces(self, width: float) -> list[Piece]:
        lines = wrap(self.text, self.style, width)
        gap = pt(3) if self.rule else 0.0
        height = _lines_height(lines) + gap + (pt(3) if self.rule else pt(1))

        def paint(painter: QPainter, x: float, y: float, w: float) -> None:
            bottom = _draw_lines(painter, lines, x, y)
            if self.rule:
                painter.setPen(QPen(QColor(st.RULE), pt(0.6)))
                painter.drawLine(QPointF(x, bottom + gap), QPointF(x + w, bottom + gap))

        return [
            Piece(
                height, paint, space_before=self.space_before, keep_with_next=True, text=self.text
            )
        ]


@dataclass(frozen=True, slots=True)
class Spacer:
    height: float

    def pieces(self, width: float) -> list[Piece]:
        return [Piece(self.height, lambda *_: None)]


# --- pictures and boxes --------------------------------------------------------------------

# Paints into the given rectangle (layout units).
PictureFn = Callable[[QPainter, QRectF], None]


@dataclass(frozen=True, slots=True)
class Picture:
    """A drawing of a fixed size, centred in the text column; never split."""

    width: float
    height: float
    paint: PictureFn
    space_before: float = pt(6)
    keep_with_next: bool = False
    text: str = ""

    def pieces(self, width: float) -> list[Piece]:
        w = min(self.width, width)
        h = self.height * (w / self.width) if self.width else self.height

        def paint(painter: QPainter, x: float, y: float, column: float) -> None:
            painter.save()
            self.paint(painter, QRectF(x + (column - w) / 2.0, y, w, h))
            painter.restore()

        return [
            Piece(h, paint, self.space_before, keep_with_next=self.keep_with_next, text=self.text)
        ]


def _stack(pieces: Sequence[Piece]) -> tuple[float, list[tuple[Piece, float]]]:
    """Pieces one under the other as on an endless page: total height and offsets."""
    y, placed = 0.0, []
    for i, piece in enumerate(pieces):
        if i:
            y += piece.space_before
        placed.append((piece, y))
        y += piece.height
    return y, placed


@dataclass(frozen=True, slots=True)
class Box:
    """Blocks in a frame, kept on one page: the signature block, a draft warning."""

    blocks: Sequence[Block]
    border: str = st.RULE
    fill: str | None = None
    padding: float = pt(7)
    border_width: float = pt(0.8)
    space_before: float = pt(10)
    keep_with_next: bool = False

    def pieces(self, width: float) -> list[Piece]:
        inner = width - 2 * self.padding
        height, placed = _stack([p for b in self.blocks for p in b.pieces(inner)])
        total = height + 2 * self.padding

        def paint(painter: QPainter, x: float, y: float, w: float) -> None:
            rect = QRectF(x, y, w, total)
            painter.save()
            painter.setPen(QPen(QColor(self.border), self.border_width))
            painter.setBrush(QColor(self.fill) if self.fill else Qt.BrushStyle.NoBrush)
            painter.drawRect(rect)
            painter.restore()
            for piece, dy in placed:
                piece.paint(painter, x + self.padding, y + self.padding + dy, inner)

        text = " ".join(p.text for p, _ in placed if p.text)
        return [Piece(total, paint, self.space_before, self.keep_with_next, text=text)]


@dataclass(frozen=True, slots=True)
class Columns:
    """Blocks side by side, kept on one page (a letterhead, the map beside its legend).

    ``widths`` are relative; ``gap`` separates the columns."""

    columns: Sequence[Sequence[Block]]
    widths: Sequence[float]
    gap: float = pt(12)
    space_before: float = pt(6)
    keep_with_next: bool = False

    def pieces(self, width: float) -> list[Piece]:
        usable = width - self.gap * (len(self.columns) - 1)
        total_weight = sum(self.widths)
        laid = []
        x = 0.0
        for blocks, weight in zip(self.columns, self.widths, strict=True):
            w = usable * weight / total_weight
            height, placed = _stack([p for b in blocks for p in b.pieces(w)])
            laid.append((x, w, height, placed))
            x += w + self.gap
        total = max((h for _, _, h, _ in laid), default=0.0)

        def paint(painter: QPainter, px: float, py: float, _w: float) -> None:
            for cx, cw, _h, placed in laid:
                for piece, dy in placed:
                    piece.paint(painter, px + cx, py + dy, cw)

        text = " ".join(p.text for *_, placed in laid for p, _ in placed if p.text)
        return [Piece(total, paint, self.space_before, self.keep_with_next, text=text)]


# --- tables --------------------------------------------------------------------------------

_BREAKS = re.compile(r"[ \t\n\u2028]+")  # not the no-break space: it binds a number to its unit


def _words(text: str) -> list[str]:
    return [w for w in _BREAKS.split(text) if w]


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    weight: float = 1.0  # share of the table's width
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of wrapped cells; a row never splits, the header repeats on every page."""

    columns: Sequence[Column]
    rows: Sequence[Sequence[Spans]]
    style: TextStyle = st.TABLE
    head_style: TextStyle = st.TABLE_HEAD
    header: bool = True
    zebra: bool = True
    grid: bool = True
    row_fills: Sequence[str | None] = field(default_factory=tuple)  # per row, over zebra
    label_style: TextStyle | None = None  # the first column's style (key-value tables)
    pad_x: float = pt(3.5)
    pad_y: float = pt(2.2)
    space_before: float = pt(5)

    def _widths(self, width: float) -> list[float]:
        """Shares of ``width`` by weight, but never narrower than the column's longest
        word (a header split mid-word is unreadable); the widest columns give way."""
        total = sum(c.weight for c in self.columns)
        widths = [width * c.weight / total for c in self.columns]
        least = [self._least_width(i) for i in range(len(self.columns))]
        if sum(least) >= width:
            return widths  # cannot satisfy every column: keep the proportions
        for _ in range(len(widths)):
            short = sum(max(m - w, 0.0) for w, m in zip(widths, least, strict=True))
            if short <= 0.01:
                break
            slack = [max(w - m, 0.0) for w, m in zip(widths, least, strict=True)]
            spare = sum(slack)
            widths = [
                max(w, m) - (short * s / spare if spare else 0.0)
                for w, m, s in zip(widths, least, slack, strict=True)
            ]
        return widths

    def _least_width(self, index: int) -> float:
        words = _words(self.columns[index].title)
        best = max((text_width(w, self.head_style) for w in words), default=0.0)
        for row in self.rows:
            if index < len(row):
                for word in _words(plain_text(row[index])):
                    best = max(best, text_width(word, self.style))
        return best + 2 * self.pad_x + pt(0.5)

    def _row_piece(
        self, cells: Sequence[Spans], widths: list[float], fill: str | None, head: bool
    ) -> Piece:
        wrapped = []
        for i, (cell, column, w) in enumerate(zip(cells, self.columns, widths, strict=True)):
            cell_style = self.head_style if head else self.style
            if i == 0 and self.label_style is not None and not head:
                cell_style = self.label_style
            align = Qt.AlignmentFlag.AlignLeft if head and i == 0 else column.align
            wrapped.append(wrap(cell, cell_style, max(w - 2 * self.pad_x, pt(8)), align=align))
        height = max((_lines_height(lines) for lines in wrapped), default=0.0) + 2 * self.pad_y
        grid = self.grid

        def paint(painter: QPainter, x: float, y: float, _w: float) -> None:
            full = sum(widths)
            if fill:
                painter.fillRect(QRectF(x, y, full, height), QColor(fill))
            cx = x
            for lines, w in zip(wrapped, widths, strict=True):
                _draw_lines(painter, lines, cx + self.pad_x, y + self.pad_y)
                cx += w
            if grid:
                painter.setPen(QPen(QColor(st.GRID), pt(0.5)))
                painter.drawLine(QPointF(x, y + height), QPointF(x + full, y + height))
                if head:
                    painter.setPen(QPen(QColor(st.RULE), pt(0.8)))
                    painter.drawLine(QPointF(x, y + height), QPointF(x + full, y + height))

        text = " | ".join(plain_text(c) for c in cells)
        return Piece(height, paint, text=text)

    def pieces(self, width: float) -> list[Piece]:
        widths = self._widths(width)
        out: list[Piece] = []
        head: Piece | None = None
        if self.header:
            head = self._row_piece(
                [c.title for c in self.columns], widths, st.HEADER_FILL, head=True
            )
            head.keep_with_next = True
            out.append(head)
        for i, cells in enumerate(self.rows):
            fill = self.row_fills[i] if i < len(self.row_fills) else None
            if fill is None and self.zebra and i % 2 == 1:
                fill = st.ZEBRA
            piece = self._row_piece(cells, widths, fill, head=False)
            piece.repeat = head
            out.append(piece)
        if out:
            out[0].space_before = self.space_before
        if len(out) >= 3:
            out[-2].keep_with_next = True  # never a lone last row on a page
        return out
