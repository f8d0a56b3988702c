"""Plane geometry in plain Python: curve flattening, polygons, point-in-polygon, areas.

Coordinates are pairs of floats. The atlas works in template millimetres while authoring
and in normalised template coordinates once loaded; nothing here cares which.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Point = tuple[float, float]

MIDLINE_MM = 300.0
# Segments per curved edge: about 1 mm per segment on the atlas shapes, smooth at A4 size.
_STEPS = 8


@dataclass(frozen=True, slots=True)
class Vertex:
    """An authored vertex: a corner has no tangent, so edges between corners stay straight."""

    u: float
    v: float
    corner: bool


def flatten(vertices: Sequence[Vertex], *, closed: bool = True) -> tuple[Point, ...]:
    """Turn authored vertices into a dense polygon (or polyline).

    Cubic Hermite segments with Catmull-Rom tangents at smooth vertices and zero tangents at
    corners. A zero tangent at both ends gives an exact straight line, and a shared run of
    vertices between two corners gives the same curve in either direction, so neighbouring
    regions that reuse the same corner points meet without gaps.
    """
    n = len(vertices)
    if n < 2:
        return tuple((p.u, p.v) for p in vertices)

    def tangent(i: int) -> Point:
        p = vertices[i]
        if p.corner or (not closed and i in (0, n - 1)):
            return (0.0, 0.0)
        a, b = vertices[(i - 1) % n], vertices[(i + 1) % n]
        return ((b.u - a.u) / 2.0, (b.v - a.v) / 2.0)

    out: list[Point] = []
    last = n if closed else n - 1
    for i in range(last):
        p0, p1 = vertices[i], vertices[(i + 1) % n]
        out.append((p0.u, p0.v))
        m0, m1 = tangent(i), tangent((i + 1) % n)
        if m0 == (0.0, 0.0) and m1 == (0.0, 0.0):
            continue  # straight edge: no intermediate points needed
        for k in range(1, _STEPS):
            t = k / _STEPS
            t2, t3 = t * t, t * t * t
            h00 = 2 * t3 - 3 * t2 + 1
            h10 = t3 - 2 * t2 + t
            h01 = -2 * t3 + 3 * t2
            h11 = t3 - t2
            out.append(
                (
                    h00 * p0.u + h10 * m0[0] + h01 * p1.u + h11 * m1[0],
                    h00 * p0.v + h10 * m0[1] + h01 * p1.v + h11 * m1[1],
                )
            )
    if not closed:
        out.append((vertices[-1].u, vertices[-1].v))
    return tuple(out)


def mirror_vertices(vertices: Sequence[Vertex]) -> list[Vertex]:
    """The same shape on the other side of the midline (left <-> right)."""
    return [Vertex(2 * MIDLINE_MM - p.u, p.v, p.corner) for p in vertices]


def scale(points: Iterable[Point], sx: float, sy: float) -> tuple[Point, ...]:
    return tuple((x * sx, y * sy) for x, y in points)


def bbox(points: Sequence[Point]) -> tuple[float, float, float, float]:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def contains(polygon: Sequence[Point], x: float, y: float) -> bool:
    """Even-odd ray casting: is (x, y) inside the closed polygon?"""
    inside = False
    n = len(polygon)
    j = n - 1
    for i in range(n):
        xi, yi = polygon[i]
        xj, yj = polygon[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def area(polygon: Sequence[Point]) -> float:
    """Unsigned area of a simple polygon (shoelace formula)."""
    total = 0.0
    n = len(polygon)
    for i in range(n):
        x1, y1 = polygon[i]
        x2, y2 = polygon[(i + 1) % n]
        total += x1 * y2 - x2 * y1
    return abs(total) / 2.0


def row_crossings(polygon: Sequence[Point], y: float) -> list[float]:
    """Sorted x where the horizontal line at y crosses the polygon's edges."""
    xs: list[float] = []
    n = len(polygon)
    j = n - 1
    for i in range(n):
        xi, yi = polygon[i]
        xj, yj = polygon[j]
        if (yi > y) != (yj > y):
            xs.append((xj - xi) * (y - yi) / (yj - yi) + xi)
        j = i
    xs.sort()
    return xs


def crossings_to_spans(xs: Sequence[float]) -> list[tuple[float, float]]:
    """Even-odd spans from sorted crossings."""
    return [(xs[k], xs[k + 1]) for k in range(0, len(xs) - 1, 2)]


def union_spans(spans: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def intersect_spans(
    first: Sequence[tuple[float, float]], second: Sequence[tuple[float, float]]
) -> list[tuple[float, float]]:
    """Overlap of two sorted, disjoint span lists."""
    out: list[tuple[float, float]] = []
    i = j = 0
    while i < len(first) and j < len(second):
        a = max(first[i][0], second[j][0])
        b = min(first[i][1], second[j][1])
        if a < b:
            out.append((a, b))
        if first[i][1] < second[j][1]:
            i += 1
        else:
            j += 1
    return out


def nearest_on_polyline(polyline: Sequence[Point], p: Point) -> tuple[Point, float]:
    """The closest point of an open polyline to p, and the distance to it."""
    best: Point = polyline[0]
    best_d2 = float("inf")
    for (ax, ay), (bx, by) in itertools.pairwise(polyline):
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else ((p[0] - ax) * dx + (p[1] - ay) * dy) / length2
        t = min(1.0, max(0.0, t))
        q = (ax + t * dx, ay + t * dy)
        d2 = (q[0] - p[0]) ** 2 + (q[1] - p[1]) ** 2
        if d2 < best_d2:
            best, best_d2 = q, d2
    return best, best_d2**0.5
