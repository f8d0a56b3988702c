"""The body map on paper: the diagram with its numbered markers and referral zones,
drawn as vectors, beside a legend that names every marker.

The same painter code as the screen (``bodymap.render.body_map``) draws it, so print and
screen cannot disagree about where a point is or which side is left.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from bodymap.domain.finding import Activity, SensationQuality
from bodymap.domain.referral import ReferralZone
from bodymap.domain.template import HEIGHT_MM, WIDTH_MM
from bodymap.render.body_map import (
    ZONE_STYLES,
    BodyMapOptions,
    MarkerSpec,
    paint_body_map,
    paint_marker,
    paint_zone,
)
from bodymap.render.report import style as st
from bodymap.render.report.blocks import Block, Columns, Paragraph, Picture
from bodymap.render.report.paginate import Piece
from bodymap.render.report.text import Spans, plain_text, wrap
from bodymap.render.report.units import mm, pt

MAP_WIDTH = mm(112)  # ~4.6 pt level labels and 12 pt L/R letters on the diagram
MARKER_ON_TEMPLATE_MM = 21.0  # disc on the 600 mm template: ~4 mm on paper, digits ~6 pt
LEGEND_DISC = pt(11)
LEGEND_MAX = 16  # markers named beside the map; the tables name every one
ACTIVITY_WORD = {Activity.ACTIVE: "active", Activity.LATENT: "latent", None: "not judged"}
Point = tuple[float, float]
ORIENTATION_NOTE = (
    "Seen from behind: the patient's left side (L) is on the left of the drawing, "
    "the right side (R) on the right."
)


_RING_STEPS = 12
_RINGS = 5


def _free(spot: Point, taken: Sequence[Point], clearance: float) -> bool:
    return all(math.dist(spot, other) >= clearance for other in taken)


def _inside_template(spot: Point, diameter: float) -> bool:
    r = diameter / 2.0
    return r <= spot[0] <= WIDTH_MM - r and r <= spot[1] <= HEIGHT_MM - r


def _around(centre: Point, distance: float) -> Iterator[Point]:
    """Spots on rings round ``centre``, nearest ring first; each ring starts up and to
    the right and goes round, so leaders seldom cross each other."""
    for ring in range(1, _RINGS + 1):
        for step in range(_RING_STEPS):
            angle = -math.pi / 3.0 + step * 2.0 * math.pi / _RING_STEPS
            yield (
                centre[0] + ring * distance * math.cos(angle),
                centre[1] + ring * distance * math.sin(angle),
            )


def spread_markers(centres: Sequence[Point], diameter: float) -> list[Point]:
    """Where to draw each marker's disc so no disc covers another disc or another point.

    Points a few millimetres apart (a superficial muscle over a deep one) would print as
    one disc with the other hidden under it. A disc that would overlap moves out along
    rings round its point, first free spot wins, and a leader line joins it back. All in
    template millimetres; the first marker keeps its place.
    """
    clearance = diameter * 1.08
    placed: list[Point] = []
    for i, centre in enumerate(centres):
        if _free(centre, placed, clearance):
            placed.append(centre)
            continue
        later = centres[i + 1 :]  # their true spots must stay visible too
        free = (
            spot
            for spot in _around(centre, clearance)
            if _inside_template(spot, diameter)
            and _free(spot, placed, clearance)
            and _free(spot, later, diameter * 0.6)
        )
        # Nowhere free (a crowd of points): overlap rather than vanish.
        placed.append(next(free, centre))
    return placed


def paint_spread_markers(
    painter: QPainter, template: QRectF, markers: Sequence[MarkerSpec], diameter: float
) -> None:
    """The markers over a map already painted in ``template`` (the rectangle
    ``paint_body_map`` returned), moved apart where they would overlap."""
    ordered = sorted(markers, key=lambda s: s.label)
    centres = [(s.x * WIDTH_MM, s.y * HEIGHT_MM) for s in ordered]
    spots = spread_markers(centres, diameter)
    painter.save()
    painter.translate(template.topLeft())
    painter.scale(template.width() / WIDTH_MM, template.height() / HEIGHT_MM)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for centre, spot in zip(centres, spots, strict=True):
        if spot != centre:
            painter.setPen(QPen(QColor(st.INK), 1.6))
            painter.setBrush(QColor(st.INK))
            painter.drawLine(QPointF(*centre), QPointF(*spot))
            painter.drawEllipse(QPointF(*centre), 2.2, 2.2)
    for spec, spot in zip(ordered, spots, strict=True):
        paint_marker(painter, QPointF(*spot), diameter, spec)
    painter.restore()


def map_picture(
    markers: Sequence[MarkerSpec], zones: Sequence[ReferralZone], width: float = MAP_WIDTH
) -> Picture:
    height = width * HEIGHT_MM / WIDTH_MM
    options = BodyMapOptions(marker_mm=MARKER_ON_TEMPLATE_MM)
    labels = ", ".join(str(m.label) for m in markers)

    def paint(painter: QPainter, rect: QRectF) -> None:
        template = paint_body_map(painter, rect, [], zones, options)
        paint_spread_markers(painter, template, markers, MARKER_ON_TEMPLATE_MM)

    return Picture(width, height, paint, space_before=0, text=f"body map: markers {labels}")


@dataclass(frozen=True, slots=True)
class _Swatch:
    """A marker disc or a zone swatch with its words beside it, as one legend line."""

    content: Spans
    marker: MarkerSpec | None = None
    quality: SensationQuality | None = None
    style: st.TextStyle = st.TABLE

    def pieces(self, width: float) -> list[Piece]:
        gap = pt(7)  # room for a marker's resolved badge, which overhangs the disc
        lines = wrap(self.content, self.style, width - LEGEND_DISC - gap)
        height = max(sum(line.height for line in lines), LEGEND_DISC) + pt(2.5)

        def paint(painter: QPainter, x: float, y: float, _w: float) -> None:
            icon = QRectF(x, y + pt(0.5), LEGEND_DISC, LEGEND_DISC)
            if self.marker is not None:
                paint_marker(painter, icon.center(), LEGEND_DISC, self.marker)
            elif self.quality is not None:
                path = QPainterPath()
                path.addRect(icon.adjusted(pt(0.5), pt(1.5), -pt(0.5), -pt(1.5)))
                paint_zone(painter, path, self.quality, line_width=pt(0.5), spacing=pt(2.2))
            top = y
            for line in lines:
                line.draw(painter, x + LEGEND_DISC + gap, top)
                top += line.height

        return [Piece(height, paint, text=plain_text(self.content))]


def legend(
    entries: Sequence[tuple[MarkerSpec, str]],
    zones: Sequence[ReferralZone],
    title: str = "Trigger points",
) -> list[Block]:
    """Marker lines (``entries``: the marker and its words), then the zone qualities."""
    blocks: list[Block] = []
    if entries:
        blocks.append(Paragraph(title, st.LABEL.with_(size_pt=9.0), space_before=0))
        for spec, words in entries[:LEGEND_MAX]:
            blocks.append(_Swatch(words, marker=spec))
        if len(entries) > LEGEND_MAX:
            rest = len(entries) - LEGEND_MAX
            blocks.append(Paragraph(f"… and {rest} more, listed below.", st.SMALL))
    qualities = sorted({z.quality for z in zones}, key=list(SensationQuality).index)
    if qualities:
        blocks.append(
            Paragraph("Referred pain drawn", st.LABEL.with_(size_pt=9.0), space_before=pt(8))
        )
        for quality in qualities:
            blocks.append(_Swatch(ZONE_STYLES[quality].label, quality=quality))
    if not entries and not qualities:
        blocks.append(Paragraph("No trigger points were charted.", st.SMALL, space_before=0))
    return blocks


def map_with_legend(
    entries: Sequence[tuple[MarkerSpec, str]],
    zones: Sequence[ReferralZone],
    *,
    body_width: float,
    note: str = ORIENTATION_NOTE,
    map_width: float = MAP_WIDTH,
    legend_title: str = "Trigger points",
) -> list[Block]:
    """The map (its markers: ``entries``, each with its legend words) beside its legend,
    and under them how to read left and right."""
    markers = [spec for spec, _ in entries]
    picture = map_picture(markers, zones, min(map_width, body_width * 0.68))
    ratio = picture.width / body_width
    return [
        Columns(
            [[picture], legend(entries, zones, legend_title)],
            [ratio, 1.0 - ratio],
            gap=pt(10),
            space_before=pt(6),
            keep_with_next=True,
        ),
        Paragraph(note, st.SMALL, space_before=pt(3)),
    ]


__all__ = ["ORIENTATION_NOTE", "map_picture", "map_with_legend", "spread_markers"]
