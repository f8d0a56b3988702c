"""Painting the body map with a QPainter: the diagram, trigger-point markers, referral zones.

Shared by the on-screen canvas and printed reports, so everything here works in template
millimetres (the SVG's viewBox, 600 x 700) and lets the caller's painter transform map
them to pixels or paper. Marker styles differ by fill versus outline, not by colour
alone, so active and latent points stay apart on a greyscale printout.
"""

from __future__ import annotations

import functools
import math
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from PySide6.QtCore import QByteArray, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtSvg import QSvgRenderer

from bodymap.domain.anatomy.svg import LAYER_GROUP  # the diagram's group ids
from bodymap.domain.assets import read_text
from bodymap.domain.finding import Activity, Finding, SensationQuality
from bodymap.domain.muscles import Layer
from bodymap.domain.referral import ReferralZone
from bodymap.domain.template import HEIGHT_MM, WIDTH_MM
from bodymap.domain.trigger_point import TriggerPoint
from bodymap.render.paths import polygons_path

DIAGRAM_ASSET = "posterior_trunk.svg"
TEMPLATE_RECT = QRectF(0.0, 0.0, WIDTH_MM, HEIGHT_MM)
FONT_FAMILY = "DejaVu Sans"
_SVG_NS = "http://www.w3.org/2000/svg"

LANDMARK_GROUP = "spine"  # spinous processes and their level labels
# Always drawn: skin, bones, outline and the L/R labels (laterality must never be hidden).
_FIXED_GROUPS = ("body", "bones", "outline", "labels")


# --- the diagram ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DiagramLayers:
    """Which parts of the diagram to draw. Deep layers are off by default: their dashed
    outlines crowd the neck, and the hit test finds them whether drawn or not."""

    muscles: frozenset[Layer] = frozenset({Layer.SUPERFICIAL})
    landmarks: bool = True

    def groups(self) -> frozenset[str]:
        out = set(_FIXED_GROUPS) | {LAYER_GROUP[layer] for layer in self.muscles}
        if self.landmarks:
            out.add(LANDMARK_GROUP)
        return frozenset(out)


ALL_LAYERS = DiagramLayers(muscles=frozenset(Layer), landmarks=True)


class Diagram:
    """The template SVG, rendered with any subset of its top-level groups.

    Hidden groups are removed from the document before QtSvg parses it, so what remains
    keeps the full viewBox and lands exactly where it would in the whole drawing.
    """

    def __init__(self, svg_text: str | None = None) -> None:
        ET.register_namespace("", _SVG_NS)
        self._root = ET.fromstring(svg_text if svg_text is not None else read_text(DIAGRAM_ASSET))
        self._renderers: dict[frozenset[str], QSvgRenderer] = {}

    def group_ids(self) -> list[str]:
        return [g.get("id", "") for g in self._root if g.tag == f"{{{_SVG_NS}}}g"]

    def renderer(self, groups: frozenset[str]) -> QSvgRenderer:
        cached = self._renderers.get(groups)
        if cached is None:
            cached = QSvgRenderer(QByteArray(self._document(groups)))
            self._renderers[groups] = cached
        return cached

    def _document(self, groups: frozenset[str]) -> bytes:
        root = ET.fromstring(ET.tostring(self._root))
        for child in list(root):
            if child.tag == f"{{{_SVG_NS}}}g" and child.get("id") not in groups:
                root.remove(child)
        text: bytes = ET.tostring(root, encoding="utf-8")
        return text

    def render(self, painter: QPainter, target: QRectF, layers: DiagramLayers) -> None:
        self.renderer(layers.groups()).render(painter, target)


@functools.cache
def shared_diagram() -> Diagram:
    """One parsed diagram per process (needs a QGuiApplication)."""
    return Diagram()


def fitted_rect(target: QRectF, aspect_w: float = WIDTH_MM, aspect_h: float = HEIGHT_MM) -> QRectF:
    """The largest rectangle with the template's aspect ratio centred in ``target``."""
    scale = min(target.width() / aspect_w, target.height() / aspect_h)
    size = QSizeF(aspect_w * scale, aspect_h * scale)
    return QRectF(
        target.x() + (target.width() - size.width()) / 2.0,
        target.y() + (target.height() - size.height()) / 2.0,
        size.width(),
        size.height(),
    )


# --- markers -------------------------------------------------------------------------------


class MarkerStyle(Enum):
    ACTIVE = "active"
    LATENT = "latent"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class MarkerColors:
    fill: QColor
    outline: QColor
    text: QColor
    outline_width: float  # in marker units, where the disc diameter is 100
    dashed: bool = False


ACTIVE_FILL = QColor("#c2412d")  # warm red; a mid-dark grey in greyscale
INK = QColor("#263340")
MARKER_COLORS = {
    MarkerStyle.ACTIVE: MarkerColors(ACTIVE_FILL, QColor("#7b2416"), QColor("white"), 6.0),
    MarkerStyle.LATENT: MarkerColors(QColor("white"), INK, INK, 10.0),
    MarkerStyle.UNKNOWN: MarkerColors(QColor("#d5d9dd"), QColor("#5d6873"), INK, 7.0, True),
}
SELECTION_COLOR = QColor("#1b6fd8")
PREVIOUS_COLOR = QColor("#7d8892")
RESOLVED_COLOR = QColor("#3d7a4f")


def marker_style(activity: Activity | None) -> MarkerStyle:
    if activity is Activity.ACTIVE:
        return MarkerStyle.ACTIVE
    if activity is Activity.LATENT:
        return MarkerStyle.LATENT
    return MarkerStyle.UNKNOWN


@dataclass(frozen=True, slots=True)
class MarkerSpec:
    """What a marker shows. ``x``, ``y`` are normalised template coordinates."""

    x: float
    y: float
    label: int
    activity: Activity | None = None
    previous: bool = False  # charted at the previous visit: drawn faint
    resolved: bool = False

    @property
    def style(self) -> MarkerStyle:
        return marker_style(self.activity)

    @classmethod
    def of(
        cls, point: TriggerPoint, finding: Finding | None, *, previous: bool = False
    ) -> MarkerSpec:
        return cls(
            x=point.position.x,
            y=point.position.y,
            label=point.label,
            activity=finding.effective_activity if finding is not None else None,
            previous=previous,
            resolved=point.is_resolved,
        )


def _marker_font(label: int) -> QFont:
    font = QFont(FONT_FAMILY)
    font.setBold(True)
    # Three digits need a smaller size to stay inside the disc.
    font.setPixelSize(54 if label < 10 else 48 if label < 100 else 38)
    return font


_TEXT_FLAGS = int(Qt.AlignmentFlag.AlignCenter)
_DISC = QRectF(-50.0, -50.0, 100.0, 100.0)


def paint_marker(
    painter: QPainter,
    center: QPointF,
    diameter: float,
    spec: MarkerSpec,
    *,
    selected: bool = False,
) -> None:
    """A numbered disc of ``diameter`` painter units centred on ``center``."""
    painter.save()
    painter.translate(center)
    painter.scale(diameter / 100.0, diameter / 100.0)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    if spec.previous:
        _paint_previous(painter, spec)
    else:
        _paint_current(painter, spec, selected)
    painter.restore()


def _paint_current(painter: QPainter, spec: MarkerSpec, selected: bool) -> None:
    colors = MARKER_COLORS[spec.style]
    if selected:
        painter.setPen(QPen(SELECTION_COLOR, 12.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QRectF(-66.0, -66.0, 132.0, 132.0))
    pen = QPen(colors.outline, colors.outline_width)
    if colors.dashed:
        pen.setDashPattern([2.0, 1.2])
    painter.setPen(pen)
    painter.setBrush(colors.fill)
    half = colors.outline_width / 2.0
    painter.drawEllipse(_DISC.adjusted(half, half, -half, -half))
    painter.setPen(colors.text)
    painter.setFont(_marker_font(spec.label))
    painter.drawText(_DISC, _TEXT_FLAGS, str(spec.label))
    if spec.resolved:
        _paint_tick(painter)


def _paint_tick(painter: QPainter) -> None:
    """A small tick badge at the lower right: the point was marked resolved."""
    painter.setPen(QPen(QColor("white"), 5.0))
    painter.setBrush(RESOLVED_COLOR)
    painter.drawEllipse(QRectF(22.0, 22.0, 42.0, 42.0))
    tick = QPainterPath(QPointF(32.0, 44.0))
    tick.lineTo(40.0, 52.0)
    tick.lineTo(54.0, 34.0)
    painter.setPen(QPen(QColor("white"), 7.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(tick)


def _paint_previous(painter: QPainter, spec: MarkerSpec) -> None:
    pen = QPen(PREVIOUS_COLOR, 6.0)
    pen.setDashPattern([2.5, 1.5])
    painter.setPen(pen)
    fill = QColor("white")
    fill.setAlphaF(0.55)
    painter.setBrush(fill)
    painter.drawEllipse(QRectF(-40.0, -40.0, 80.0, 80.0))
    painter.setPen(PREVIOUS_COLOR)
    font = _marker_font(spec.label)
    font.setBold(False)
    font.setPixelSize(int(font.pixelSize() * 0.8))
    painter.setFont(font)
    painter.drawText(_DISC, _TEXT_FLAGS, str(spec.label))


# --- referral zones ------------------------------------------------------------------------


class Hatch(Enum):
    DIAGONAL_UP = "diagonal_up"
    DIAGONAL_DOWN = "diagonal_down"
    CROSS = "cross"
    DOTS = "dots"
    HORIZONTAL = "horizontal"
    VERTICAL = "vertical"


@dataclass(frozen=True, slots=True)
class ZoneStyle:
    color: QColor
    hatch: Hatch
    label: str


# One colour and one hatch per quality, so the zones differ in greyscale too.
ZONE_STYLES: dict[SensationQuality, ZoneStyle] = {
    SensationQuality.ACHE: ZoneStyle(QColor("#d07a1e"), Hatch.DIAGONAL_UP, "ache"),
    SensationQuality.BURNING: ZoneStyle(QColor("#c23a3a"), Hatch.CROSS, "burning"),
    SensationQuality.TINGLING: ZoneStyle(QColor("#8a4fb0"), Hatch.DOTS, "tingling"),
    SensationQuality.SHARP: ZoneStyle(QColor("#2a6fb5"), Hatch.DIAGONAL_DOWN, "sharp"),
    SensationQuality.NUMBNESS: ZoneStyle(QColor("#2f8a6a"), Hatch.HORIZONTAL, "numbness"),
    SensationQuality.OTHER: ZoneStyle(QColor("#6f7a84"), Hatch.VERTICAL, "other"),
}
HATCH_SPACING_MM = 4.5
FILL_ALPHA = 0.22
HATCH_ALPHA = 0.75


def _hatch_path(rect: QRectF, hatch: Hatch, spacing: float) -> QPainterPath:
    """Open hatch lines (or dots) covering ``rect``, in the same units as the rect."""
    path = QPainterPath()
    # Anchor the grid at the origin so neighbouring zones' hatches line up.
    x0 = math.floor(rect.left() / spacing) * spacing
    y0 = math.floor(rect.top() / spacing) * spacing
    x1, y1 = rect.right() + spacing, rect.bottom() + spacing
    if hatch is Hatch.DOTS:
        r = spacing * 0.16
        y = y0
        row = 0
        while y <= y1:
            x = x0 + (spacing / 2.0 if row % 2 else 0.0)
            while x <= x1:
                path.addEllipse(QPointF(x, y), r, r)
                x += spacing
            y += spacing * 0.8
            row += 1
        return path
    if hatch is Hatch.HORIZONTAL:
        y = y0
        while y <= y1:
            path.moveTo(x0, y)
            path.lineTo(x1, y)
            y += spacing
        return path
    if hatch is Hatch.VERTICAL:
        x = x0
        while x <= x1:
            path.moveTo(x, y0)
            path.lineTo(x, y1)
            x += spacing
        return path
    h = y1 - y0
    step = spacing * math.sqrt(2.0)
    directions = {
        Hatch.DIAGONAL_UP: (1,),
        Hatch.DIAGONAL_DOWN: (-1,),
        Hatch.CROSS: (1, -1),
    }[hatch]
    for d in directions:
        x = math.floor((x0 - h) / step) * step
        while x <= x1 + h:
            if d == 1:  # rising to the right: bottom-left to top-right
                path.moveTo(x, y1)
                path.lineTo(x + h, y0)
            else:
                path.moveTo(x, y0)
                path.lineTo(x + h, y1)
            x += step
    return path


def paint_zone(
    painter: QPainter,
    path: QPainterPath,
    quality: SensationQuality,
    *,
    line_width: float = 0.6,
    cosmetic: bool = False,
    spacing: float = HATCH_SPACING_MM,
) -> None:
    """A referral zone: translucent fill, the quality's hatch, a solid outline.

    ``path`` is in template millimetres (or whatever the painter maps). ``cosmetic`` pens
    keep their width in device pixels, for the screen.
    """
    style = ZONE_STYLES[quality]
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    fill = QColor(style.color)
    fill.setAlphaF(FILL_ALPHA)
    painter.fillPath(path, fill)
    hatch_color = QColor(style.color)
    hatch_color.setAlphaF(HATCH_ALPHA)
    painter.setClipPath(path, Qt.ClipOperation.IntersectClip)
    hatch = _hatch_path(path.boundingRect(), style.hatch, spacing)
    if style.hatch is Hatch.DOTS:
        painter.fillPath(hatch, hatch_color)
    else:
        pen = QPen(hatch_color, line_width * 0.8)
        pen.setCosmetic(cosmetic)
        painter.strokePath(hatch, pen)
    painter.setClipping(False)
    pen = QPen(style.color, line_width * 1.5)
    pen.setCosmetic(cosmetic)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.strokePath(path, pen)
    painter.restore()


# --- the whole map -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BodyMapOptions:
    layers: DiagramLayers = field(default_factory=DiagramLayers)
    marker_mm: float = 13.0  # disc diameter on the template (600 mm wide)
    background: QColor | None = field(default_factory=lambda: QColor("white"))


def paint_body_map(
    painter: QPainter,
    target_rect: QRectF,
    points: Sequence[MarkerSpec],
    zones: Iterable[ReferralZone],
    options: BodyMapOptions | None = None,
) -> QRectF:
    """Paint the diagram, zones and markers into ``target_rect`` keeping the template's
    aspect ratio (centred). Returns the rectangle the template occupies."""
    options = options or BodyMapOptions()
    rect = fitted_rect(target_rect)
    painter.save()
    if options.background is not None:
        painter.fillRect(rect, options.background)
    painter.translate(rect.topLeft())
    painter.scale(rect.width() / WIDTH_MM, rect.height() / HEIGHT_MM)
    shared_diagram().render(painter, TEMPLATE_RECT, options.layers)
    for zone in zones:
        paint_zone(painter, polygons_path(zone.polygons), zone.quality)
    # Previous-visit markers first, so the current ones sit on top.
    for spec in sorted(points, key=lambda s: (not s.previous, s.label)):
        center = QPointF(spec.x * WIDTH_MM, spec.y * HEIGHT_MM)
        paint_marker(painter, center, options.marker_mm, spec)
    painter.restore()
    return rect


__all__ = [
    "ALL_LAYERS",
    "LAYER_GROUP",
    "MARKER_COLORS",
    "TEMPLATE_RECT",
    "ZONE_STYLES",
    "BodyMapOptions",
    "Diagram",
    "DiagramLayers",
    "MarkerSpec",
    "MarkerStyle",
    "fitted_rect",
    "marker_style",
    "paint_body_map",
    "paint_marker",
    "paint_zone",
    "shared_diagram",
]
