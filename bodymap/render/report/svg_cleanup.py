"""Making matplotlib's SVG draw well with QtSvg: hatches as lines, explicit font weights.

Hatches: QtSvg paints an SVG ``<pattern>`` fill by rendering it to an image at the device's
resolution, which in a 1200-dpi PDF makes a hatched chart weigh megabytes and blur when
zoomed. Here each pattern-filled polygon gets its hatch as ordinary line segments, cut to
the polygon, so the chart stays vector and a few kilobytes. Shapes this does not
understand (curves, transforms) keep their pattern: correct, only heavier.

Font weights: QtSvg carries a bold ``font-weight`` from one ``<text>`` over to the next
one that does not name its weight, so a bold chart title made every tick label bold.
Each text gets its weight spelled out.

Empty paths: matplotlib writes a ``<path>`` without data for an empty line (a grid line
off the axis); QtSvg warns about each on the terminal. They draw nothing and go.
"""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence

SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_PATTERN_FILL = re.compile(r"fill:\s*url\(#([^)]+)\)")
_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_OPACITY = re.compile(r"(?:^|;)\s*opacity:\s*([\d.]+)")
_STROKE_OPACITY = re.compile(r";?\s*stroke-opacity:\s*([\d.]+)")
_FILL = re.compile(r"(^|;)\s*fill:[^;]*")

Point = tuple[float, float]
Ring = list[Point]
Segment = tuple[Point, Point]


def _tag(name: str) -> str:
    return f"{{{SVG_NS}}}{name}"


def polylines(d: str) -> list[Ring] | None:
    """The subpaths of path data made of absolute M, L and Z only; None otherwise."""
    out: list[Ring] = []
    current: Ring | None = None
    command = ""
    tokens = _TOKEN.findall(d)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.isalpha():
            if token in "Zz":
                current = None
            elif token not in "ML":
                return None
            command = token
            i += 1
            continue
        if i + 1 >= len(tokens) or tokens[i + 1].isalpha():
            return None
        point = (float(token), float(tokens[i + 1]))
        i += 2
        if command == "M" or current is None:
            current = [point]
            out.append(current)
            command = "L"  # further pairs after M are lines
        else:
            current.append(point)
    return out


def clip_to_box(seg: Segment, x0: float, y0: float, x1: float, y1: float) -> Segment | None:
    """The part of a segment inside an axis-aligned box (Liang-Barsky)."""
    (ax, ay), (bx, by) = seg
    dx, dy = bx - ax, by - ay
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, ax - x0), (dx, x1 - ax), (-dy, ay - y0), (dy, y1 - ay)):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 >= t1:
            return None
    return (ax + t0 * dx, ay + t0 * dy), (ax + t1 * dx, ay + t1 * dy)


def _edges(rings: Sequence[Ring]) -> Iterator[Segment]:
    for ring in rings:
        for k, a in enumerate(ring):
            yield a, ring[(k + 1) % len(ring)]


def inside(point: Point, rings: Sequence[Ring]) -> bool:
    """Even-odd point-in-polygon, as the SVG paths are filled here."""
    x, y = point
    crossings = False
    for (x1, y1), (x2, y2) in _edges(rings):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            crossings = not crossings
    return crossings


def clip_to_polygon(seg: Segment, rings: Sequence[Ring]) -> list[Segment]:
    """The pieces of a segment inside the polygon: split at every edge crossing and keep
    the pieces whose midpoints are inside."""
    (ax, ay), (bx, by) = seg
    dx, dy = bx - ax, by - ay
    cuts = [0.0, 1.0]
    for (px, py), (qx, qy) in _edges(rings):
        ex, ey = qx - px, qy - py
        den = dx * ey - dy * ex
        if den == 0:
            continue
        t = ((px - ax) * ey - (py - ay) * ex) / den
        u = ((px - ax) * dy - (py - ay) * dx) / den
        if 0.0 < t < 1.0 and 0.0 <= u <= 1.0:
            cuts.append(t)
    cuts.sort()
    out = []
    for t0, t1 in itertools.pairwise(cuts):
        mid = (t0 + t1) / 2.0
        if t1 - t0 > 1e-9 and inside((ax + mid * dx, ay + mid * dy), rings):
            out.append(((ax + t0 * dx, ay + t0 * dy), (ax + t1 * dx, ay + t1 * dy)))
    return out


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def hatch_segments(
    rings: Sequence[Ring], tile: Sequence[Ring], tile_w: float, tile_h: float
) -> list[Segment]:
    """The pattern's lines, repeated tile by tile over the polygon and cut to it."""
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    out: list[Segment] = []
    for i in range(math.floor(min(xs) / tile_w), math.floor(max(xs) / tile_w) + 1):
        for j in range(math.floor(min(ys) / tile_h), math.floor(max(ys) / tile_h) + 1):
            ox, oy = i * tile_w, j * tile_h
            for line in tile:
                for (ax, ay), (bx, by) in itertools.pairwise(line):
                    piece = clip_to_box(
                        ((ax + ox, ay + oy), (bx + ox, by + oy)), ox, oy, ox + tile_w, oy + tile_h
                    )
                    if piece is not None:
                        out.extend(clip_to_polygon(piece, rings))
    return out


def _line_style(pattern_style: str, element_style: str) -> str:
    """The hatch's stroke, with the element's opacity folded into the stroke opacity
    (a group opacity would make QtSvg paint through an image again)."""
    style = _FILL.sub(r"\1 fill: none", pattern_style)
    opacity = _OPACITY.search(element_style)
    if opacity:
        current = _STROKE_OPACITY.search(style)
        value = float(opacity.group(1)) * (float(current.group(1)) if current else 1.0)
        style = _STROKE_OPACITY.sub("", style) + f"; stroke-opacity: {value:g}"
    return style


def inline_hatches(root: ET.Element) -> None:
    """Hatch every pattern-filled polygon of the document with plain line segments."""
    patterns = {p.get("id"): p for p in root.iter(_tag("pattern"))}
    if not patterns:
        return
    parents = {child: parent for parent in root.iter() for child in parent}
    for element in list(root.iter(_tag("path"))):
        style = element.get("style", "")
        match = _PATTERN_FILL.search(style)
        pattern = patterns.get(match.group(1)) if match else None
        line = pattern.find(_tag("path")) if pattern is not None else None
        if pattern is None or line is None or element.get("transform"):
            continue
        rings = polylines(element.get("d", ""))
        tile = polylines(line.get("d", ""))
        if not rings or tile is None:
            continue
        segments = hatch_segments(
            rings, tile, float(pattern.get("width", "72")), float(pattern.get("height", "72"))
        )
        d = "".join(f"M{_num(a[0])} {_num(a[1])}L{_num(b[0])} {_num(b[1])}" for a, b in segments)
        parent = parents[element]
        at = list(parent).index(element)
        if "stroke:" in style:
            element.set("style", _PATTERN_FILL.sub("fill: none", style))
            at += 1
        else:
            parent.remove(element)  # it painted nothing but the pattern
        if d:
            attrs = {"d": d, "style": _line_style(line.get("style", ""), style)}
            if element.get("clip-path"):
                attrs["clip-path"] = element.get("clip-path", "")
            parent.insert(at, ET.Element(_tag("path"), attrs))


def _explicit_font_weights(root: ET.Element) -> None:
    for text in root.iter(_tag("text")):
        style = text.get("style", "")
        if "font-weight" not in style and text.get("font-weight") is None:
            text.set("style", f"font-weight: 400; {style}" if style else "font-weight: 400")


def _drop_empty_paths(root: ET.Element) -> None:
    parents = {child: parent for parent in root.iter() for child in parent}
    for path in list(root.iter(_tag("path"))):
        if not path.get("d", "").strip() and path in parents:
            parents[path].remove(path)


def prepare_svg(svg: bytes) -> bytes:
    """matplotlib's SVG made ready for QtSvg (see the module docstring)."""
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", _XLINK_NS)
    root = ET.fromstring(svg)
    _drop_empty_paths(root)
    inline_hatches(root)
    _explicit_font_weights(root)
    out: bytes = ET.tostring(root, encoding="utf-8")
    return out
