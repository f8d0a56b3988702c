"""Between stored polygons (normalised template coordinates) and QPainterPaths (template mm).

Referral zones are stored as plain polygons so every reader (print, export, statistics)
can use them without Qt; drawing and editing them is easier as painter paths, whose
boolean operations unite a new brush stroke with a zone or cut an eraser stroke out.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainterPath, QPainterPathStroker, QPolygonF

from bodymap.domain.anatomy import load_atlas
from bodymap.domain.referral import MAX_POLYGONS, MAX_VERTICES
from bodymap.domain.template import HEIGHT_MM, WIDTH_MM

Point = tuple[float, float]
Polygon = tuple[Point, ...]

# Vertices closer than this to the simplified outline are dropped: well below what a
# brush of a few millimetres can mean, and it keeps a long stroke to a few dozen vertices.
SIMPLIFY_MM = 0.4
# Pieces smaller than this (mm²) are slivers left by clipping or erasing, not pain.
MIN_PIECE_MM2 = 2.0
_DIGITS = 5  # stored coordinates: about 0.01 mm, no false precision


def polygon_path(polygon: Sequence[Point]) -> QPainterPath:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    if polygon:
        path.addPolygon(QPolygonF([QPointF(x * WIDTH_MM, y * HEIGHT_MM) for x, y in polygon]))
        path.closeSubpath()
    return path


def polygons_path(polygons: Sequence[Sequence[Point]]) -> QPainterPath:
    """The union of the polygons (each filled even-odd, so a bridged hole stays a hole)."""
    shapes = [polygon_path(p) for p in polygons if len(p) >= 3]
    if not shapes:
        return QPainterPath()
    if len(shapes) == 1:
        return shapes[0]
    out = shapes[0]
    for shape in shapes[1:]:
        out = out.united(shape)
    return out


@functools.cache
def _outline() -> QPainterPath:
    return polygon_path(load_atlas().outline)


def outline_path() -> QPainterPath:
    """The body outline of the template, in mm (a copy: callers may change it)."""
    return QPainterPath(_outline())


def stroke_path(points_mm: Sequence[QPointF], radius_mm: float) -> QPainterPath:
    """The area a round brush of ``radius_mm`` covers along the polyline."""
    path = QPainterPath()
    if not points_mm:
        return path
    if len(points_mm) == 1 or all(p == points_mm[0] for p in points_mm):
        path.addEllipse(points_mm[0], radius_mm, radius_mm)
        return path
    line = QPainterPath(points_mm[0])
    for p in points_mm[1:]:
        line.lineTo(p)
    stroker = QPainterPathStroker()
    stroker.setWidth(2.0 * radius_mm)
    stroker.setCapStyle(Qt.PenCapStyle.RoundCap)
    stroker.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    # The raw stroke overlaps itself; simplified() merges it into clean outlines.
    return stroker.createStroke(line).simplified()


def _simplify(ring: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker on a closed ring (split at the first vertex and the farthest one)."""
    if len(ring) <= 4:
        return ring
    first = ring[0]
    far = max(
        range(len(ring)), key=lambda i: (ring[i][0] - first[0]) ** 2 + (ring[i][1] - first[1]) ** 2
    )
    a = _dp(ring[: far + 1], tolerance)
    b = _dp([*ring[far:], first], tolerance)
    return a[:-1] + b[:-1]


def _dp(line: list[Point], tolerance: float) -> list[Point]:
    # Iterative, so a long stroke cannot hit the recursion limit.
    keep = [False] * len(line)
    keep[0] = keep[-1] = True
    stack = [(0, len(line) - 1)]
    while stack:
        i, j = stack.pop()
        (ax, ay), (bx, by) = line[i], line[j]
        dx, dy = bx - ax, by - ay
        length = (dx * dx + dy * dy) ** 0.5
        best, best_d = -1, tolerance
        for k in range(i + 1, j):
            px, py = line[k]
            if length == 0:
                d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            else:
                d = abs(dy * px - dx * py + bx * ay - by * ax) / length
            if d > best_d:
                best, best_d = k, d
        if best >= 0:
            keep[best] = True
            stack.append((i, best))
            stack.append((best, j))
    return [p for p, k in zip(line, keep, strict=True) if k]


def _area(ring: Sequence[Point]) -> float:
    total = 0.0
    for i in range(len(ring)):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % len(ring)]
        total += x1 * y2 - x2 * y1
    return abs(total) / 2.0


def path_polygons(path: QPainterPath, tolerance_mm: float = SIMPLIFY_MM) -> tuple[Polygon, ...]:
    """The path as storable polygons: normalised, simplified, slivers dropped.

    ``toFillPolygons`` joins a hole to its outer ring with a zero-width bridge, so each
    polygon, filled even-odd, is exactly one piece of the zone, holes included.
    """
    rings: list[list[Point]] = []
    for poly in path.toFillPolygons():
        ring = [(poly.at(i).x(), poly.at(i).y()) for i in range(poly.size())]
        if len(ring) > 1 and ring[0] == ring[-1]:
            ring.pop()
        ring = _simplify(ring, tolerance_mm)
        if len(ring) >= 3 and _area(ring) >= MIN_PIECE_MM2:
            rings.append(ring)
    rings.sort(key=_area, reverse=True)
    out: list[Polygon] = []
    for ring in rings[:MAX_POLYGONS]:
        if len(ring) > MAX_VERTICES:
            ring = _dp([*ring, ring[0]], tolerance_mm * 4)[:-1][:MAX_VERTICES]
        out.append(
            tuple(
                (
                    round(min(1.0, max(0.0, x / WIDTH_MM)), _DIGITS),
                    round(min(1.0, max(0.0, y / HEIGHT_MM)), _DIGITS),
                )
                for x, y in ring
            )
        )
    return tuple(out)
