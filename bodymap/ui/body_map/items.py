"""Graphics items of the body-map scene. Scene units are template millimetres.

Their colours are fixed, in both themes: everything here is drawn on the paper-coloured
sheet (``canvas.PAPER``), which stays light in the dark theme as a printed map would.
"""

from __future__ import annotations

import dataclasses
import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QTransform,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsPixmapItem,
    QGraphicsSimpleTextItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from bodymap.domain.finding import SensationQuality
from bodymap.domain.template import HEIGHT_MM, WIDTH_MM
from bodymap.render.body_map import (
    FONT_FAMILY,
    SELECTION_COLOR,
    TEMPLATE_RECT,
    DiagramLayers,
    MarkerSpec,
    paint_marker,
    paint_zone,
    shared_diagram,
)

# Stacking order, bottom to top.
Z_DIAGRAM = 0.0
Z_HIGHLIGHT = 1.0
Z_GUIDE = 2.0
Z_ZONE = 3.0
Z_STROKE = 4.0
Z_PREVIOUS = 5.0
Z_MARKER = 6.0
Z_CURSOR = 7.0

MARKER_PX = 24.0  # on-screen disc diameter, whatever the zoom
_MARKER_BOX = 18.0  # half the pixmap's side: room for the selection ring
HIT_RADIUS_PX = MARKER_PX / 2.0 + 1.0


def scene_pos(x: float, y: float) -> QPointF:
    """Normalised template coordinates to scene (template mm)."""
    return QPointF(x * WIDTH_MM, y * HEIGHT_MM)


class DiagramItem(QGraphicsItem):
    """The template SVG. Cached as a device pixmap, redrawn only on zoom or layer change."""

    def __init__(self, layers: DiagramLayers) -> None:
        super().__init__()
        self._layers = layers
        self.setZValue(Z_DIAGRAM)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    @property
    def layers(self) -> DiagramLayers:
        return self._layers

    def set_layers(self, layers: DiagramLayers) -> None:
        if layers != self._layers:
            self._layers = layers
            self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return TEMPLATE_RECT

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        shared_diagram().render(painter, TEMPLATE_RECT, self._layers)


_PIXMAPS: dict[tuple[MarkerSpec, bool, float], QPixmap] = {}


def marker_pixmap(spec: MarkerSpec, current: bool, dpr: float) -> QPixmap:
    """The marker drawn once per look and screen density, then reused.

    A pixmap item paints and hit-tests in C++, which keeps a map of hundreds of markers
    cheap to repaint; only positions differ between markers with the same look.
    """
    key = (dataclasses.replace(spec, x=0.0, y=0.0), current, dpr)
    pixmap = _PIXMAPS.get(key)
    if pixmap is None:
        side = math.ceil(2 * _MARKER_BOX * dpr)
        pixmap = QPixmap(side, side)
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        paint_marker(painter, QPointF(_MARKER_BOX, _MARKER_BOX), MARKER_PX, spec, selected=current)
        painter.end()
        _PIXMAPS[key] = pixmap
    return pixmap


def screen_dpr() -> float:
    screen = QGuiApplication.primaryScreen()
    return screen.devicePixelRatio() if screen is not None else 1.0


class MarkerItem(QGraphicsPixmapItem):
    """A numbered trigger-point disc: constant size on screen, placed in template mm."""

    def __init__(self, point_id: int, uid: str, spec: MarkerSpec, dpr: float = 1.0) -> None:
        super().__init__()
        self.point_id = point_id
        self.uid = uid
        self.spec = spec
        self._current = False
        self._dpr = dpr
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setZValue(Z_PREVIOUS if spec.previous else Z_MARKER)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # the view handles the mouse
        self.setOffset(-_MARKER_BOX, -_MARKER_BOX)
        self.setPos(scene_pos(spec.x, spec.y))
        # The stored position in scene mm, kept in Python for fast hit testing.
        self.xy = (spec.x * WIDTH_MM, spec.y * HEIGHT_MM)
        self._refresh()

    def _refresh(self) -> None:
        self.setPixmap(marker_pixmap(self.spec, self._current, self._dpr))

    @property
    def previous(self) -> bool:
        return self.spec.previous

    def set_spec(self, spec: MarkerSpec) -> None:
        if spec != self.spec:
            moved = (spec.x, spec.y) != (self.spec.x, self.spec.y)
            self.spec = spec
            if moved:
                self.setPos(scene_pos(spec.x, spec.y))
                self.xy = (spec.x * WIDTH_MM, spec.y * HEIGHT_MM)
            self._refresh()

    def set_current(self, current: bool) -> None:
        if current != self._current:
            self._current = current
            self.setZValue(Z_MARKER + (0.5 if current else 0.0))
            self._refresh()

    @property
    def is_current(self) -> bool:
        return self._current


class ZoneItem(QGraphicsItem):
    """A referral zone: the union of its polygons, hatched by quality."""

    def __init__(self, zone_id: int, point_id: int, path: QPainterPath, quality: SensationQuality):
        super().__init__()
        self.zone_id = zone_id
        self.point_id = point_id
        self._path = path
        self._quality = quality
        self._bounds = path.boundingRect().adjusted(-2.0, -2.0, 2.0, 2.0)
        self.setZValue(Z_ZONE)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    @property
    def path(self) -> QPainterPath:
        return self._path

    @property
    def quality(self) -> SensationQuality:
        return self._quality

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return self._bounds

    def shape(self) -> QPainterPath:
        return self._path

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        paint_zone(painter, self._path, self._quality, line_width=1.2, cosmetic=True)


class GuideItem(QGraphicsPathItem):
    """The atlas's typical referral zone of the current point's muscle: a dashed guide."""

    LABEL = "typical referral (guide)"

    def __init__(self) -> None:
        super().__init__()
        pen = QPen(QColor("#5b6f86"), 1.4)
        pen.setCosmetic(True)
        pen.setStyle(Qt.PenStyle.DashLine)
        self.setPen(pen)
        fill = QColor("#5b6f86")
        fill.setAlphaF(0.08)
        self.setBrush(QBrush(fill))
        self.setZValue(Z_GUIDE)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.label = QGraphicsSimpleTextItem(self.LABEL, self)
        font = QFont(FONT_FAMILY)
        font.setPixelSize(11)
        font.setItalic(True)
        self.label.setFont(font)
        self.label.setBrush(QColor("#3e5166"))
        self.label.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        # Such an item's own transform is in screen pixels: lift the text above the zone.
        self.label.setTransform(QTransform.fromTranslate(0.0, -15.0))

    def set_guide(self, path: QPainterPath) -> None:
        self.setPath(path)
        top = path.boundingRect()
        self.label.setPos(QPointF(top.left(), top.top()))


class HighlightItem(QGraphicsPathItem):
    """The region of the current point's muscle, so the clinician sees what was recorded."""

    def __init__(self) -> None:
        super().__init__()
        pen = QPen(SELECTION_COLOR, 1.6)
        pen.setCosmetic(True)
        self.setPen(pen)
        fill = QColor(SELECTION_COLOR)
        fill.setAlphaF(0.10)
        self.setBrush(QBrush(fill))
        self.setZValue(Z_HIGHLIGHT)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)


class BrushCursorItem(QGraphicsPathItem):
    """A circle of the brush's size following the pointer in brush and eraser modes."""

    def __init__(self) -> None:
        super().__init__()
        pen = QPen(QColor("#263340"), 1.0)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setZValue(Z_CURSOR)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._radius = 0.0

    def set_radius(self, radius_mm: float, erasing: bool) -> None:
        self._radius = radius_mm
        path = QPainterPath()
        path.addEllipse(QPointF(0.0, 0.0), radius_mm, radius_mm)
        self.setPath(path)
        pen = self.pen()
        pen.setStyle(Qt.PenStyle.DashLine if erasing else Qt.PenStyle.SolidLine)
        self.setPen(pen)
