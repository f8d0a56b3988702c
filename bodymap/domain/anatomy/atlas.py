"""The anatomy atlas: muscle regions, trigger-point sites, referral zones and landmarks.

Everything comes from ``assets/atlas.json`` (authored in template millimetres, left side
only) and is returned in normalised template coordinates (x = u / 600, y = v / 700), the
frame every position in Bodymap is stored in. Names and layers come from
:mod:`bodymap.domain.muscles`, so the catalog stays the single list of muscles.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bodymap.domain.anatomy import geometry
from bodymap.domain.anatomy.geometry import Point, Vertex
from bodymap.domain.assets import read_text
from bodymap.domain.muscles import MUSCLES, Layer, Side
from bodymap.domain.template import POSTERIOR_TRUNK

ATLAS_ASSET = "atlas.json"
_SX = 1.0 / POSTERIOR_TRUNK.width_mm
_SY = 1.0 / POSTERIOR_TRUNK.height_mm

Polygon = tuple[Point, ...]
Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Region:
    """One muscle on one side, as a polygon in normalised template coordinates."""

    id: str
    muscle_id: str
    side: Side
    layer: Layer
    polygon: Polygon
    bbox: Box

    def contains(self, x: float, y: float) -> bool:
        x0, y0, x1, y1 = self.bbox
        if x < x0 or x > x1 or y < y0 or y > y1:
            return False
        return geometry.contains(self.polygon, x, y)


@dataclass(frozen=True, slots=True)
class Site:
    """A usual trigger-point site of a muscle on one side."""

    muscle_id: str
    side: Side
    x: float
    y: float
    note: str


@dataclass(frozen=True, slots=True)
class ReferralZone:
    muscle_id: str
    side: Side
    polygon: Polygon


@dataclass(frozen=True, slots=True)
class MuscleEntry:
    id: str
    name: str
    layer: Layer
    sites: tuple[Site, ...]
    referral: str
    referral_zones: tuple[ReferralZone, ...]
    source: str

    def sites_on(self, side: Side) -> tuple[Site, ...]:
        return tuple(s for s in self.sites if s.side is side)

    def zones_on(self, side: Side) -> tuple[ReferralZone, ...]:
        return tuple(z for z in self.referral_zones if z.side is side)


@dataclass(frozen=True, slots=True)
class Landmark:
    """A named bony landmark. ``kind`` is spinous_process, scapula, occiput or iliac_crest."""

    id: str
    name: str
    kind: str
    side: Side | None
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Drawing:
    """Line work that is drawn but not hit-tested (normalised coordinates)."""

    outline_strokes: tuple[Polygon, ...]
    scapulae: tuple[tuple[Side, Polygon], ...]
    scapular_spines: tuple[tuple[Side, Polygon], ...]
    medial_borders: tuple[tuple[Side, Polygon], ...]
    occiput_line: Polygon
    iliac_crests: tuple[tuple[Side, Polygon], ...]


@dataclass(frozen=True, slots=True)
class Atlas:
    template_id: str
    template_version: int
    muscles: tuple[MuscleEntry, ...]
    regions: tuple[Region, ...]
    landmarks: tuple[Landmark, ...]
    outline: Polygon
    outline_bbox: Box
    drawing: Drawing

    def muscle(self, muscle_id: str) -> MuscleEntry:
        for entry in self.muscles:
            if entry.id == muscle_id:
                return entry
        raise KeyError(f"unknown muscle id {muscle_id!r}")

    def region(self, muscle_id: str, side: Side) -> Region:
        return self.regions_by_id()[region_id(muscle_id, side)]

    def regions_by_id(self) -> dict[str, Region]:
        return {r.id: r for r in self.regions}

    def landmark(self, landmark_id: str) -> Landmark:
        for mark in self.landmarks:
            if mark.id == landmark_id:
                return mark
        raise KeyError(f"unknown landmark {landmark_id!r}")


def region_id(muscle_id: str, side: Side) -> str:
    """'trapezius_upper_L': the id of a region, also the SVG element id."""
    return f"{muscle_id}_{side.value}"


class _Reader:
    """Turns the authored JSON (mm, left side) into normalised shapes for either side."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.points: dict[str, list[float]] = doc["points"]

    def vertices(self, raw: Sequence[Any], side: Side) -> list[Vertex]:
        out: list[Vertex] = []
        for item in raw:
            if isinstance(item, str):
                u, v = self.points[item]
                out.append(Vertex(float(u), float(v), True))
            else:
                out.append(Vertex(float(item[0]), float(item[1]), len(item) > 2))
        return geometry.mirror_vertices(out) if side is Side.RIGHT else out

    def polygon(self, raw: Sequence[Any], side: Side) -> Polygon:
        return geometry.scale(geometry.flatten(self.vertices(raw, side)), _SX, _SY)

    def polyline(self, raw: Sequence[Any], side: Side) -> Polygon:
        flat = geometry.flatten(self.vertices(raw, side), closed=False)
        return geometry.scale(flat, _SX, _SY)

    def point(self, raw: Sequence[float], side: Side) -> Point:
        u = float(raw[0]) if side is Side.LEFT else 2 * geometry.MIDLINE_MM - float(raw[0])
        return u * _SX, float(raw[1]) * _SY


def _outline(doc: dict[str, Any], reader: _Reader) -> tuple[list[Vertex], list[Polygon]]:
    """The whole outline (left half + mirrored right half) and its stroked runs.

    Edges marked as cuts (where the drawing crops the head, arms and hips) close the
    polygon for hit testing but are not stroked.
    """
    left = reader.vertices(doc["outline_left"], Side.LEFT)
    right = list(reversed(geometry.mirror_vertices(left)))
    loop = left + right[1:-1]  # the two midline vertices are shared
    cuts: set[frozenset[tuple[float, float]]] = set()
    for a, b in doc["outline_cuts"]:
        for pa, pb in ((a, b), ((600 - a[0], a[1]), (600 - b[0], b[1]))):
            cuts.add(frozenset({(float(pa[0]), float(pa[1])), (float(pb[0]), float(pb[1]))}))

    def is_cut(i: int) -> bool:
        p, q = loop[i], loop[(i + 1) % len(loop)]
        return frozenset({(p.u, p.v), (q.u, q.v)}) in cuts

    n = len(loop)
    start = next(i for i in range(n) if is_cut(i)) + 1
    runs: list[list[Vertex]] = []
    current: list[Vertex] = []
    for k in range(n):
        i = (start + k) % n
        current.append(loop[i])
        if is_cut(i):
            if len(current) > 1:
                runs.append(current)
            current = []
    strokes = [geometry.scale(geometry.flatten(r, closed=False), _SX, _SY) for r in runs]
    return loop, strokes


def _build(doc: dict[str, Any]) -> Atlas:
    reader = _Reader(doc)
    sides = (Side.LEFT, Side.RIGHT)
    authored = doc["muscles"]
    default_source: str = doc["source_default"]
    unknown = set(authored) - {m.id for m in MUSCLES}
    if unknown:
        raise ValueError(f"atlas.json has muscles not in the catalog: {sorted(unknown)}")

    muscles: list[MuscleEntry] = []
    regions: list[Region] = []
    for m in MUSCLES:
        data = authored[m.id]  # KeyError here means the atlas lacks a catalog muscle
        for side in sides:
            poly = reader.polygon(data["region"], side)
            regions.append(
                Region(region_id(m.id, side), m.id, side, m.layer, poly, geometry.bbox(poly))
            )
        sites = tuple(
            Site(m.id, side, *reader.point(s["at"], side), s["note"])
            for side in sides
            for s in data["sites"]
        )
        zones = tuple(
            ReferralZone(m.id, side, reader.polygon(z, side))
            for side in sides
            for z in data["referral"]["zones"]
        )
        source: str = data.get("source", default_source)
        muscles.append(
            MuscleEntry(m.id, m.name, m.layer, sites, data["referral"]["text"], zones, source)
        )

    landmarks: list[Landmark] = []
    for level, v in doc["spinous_processes"].items():
        landmarks.append(
            Landmark(level, f"{level} spinous process", "spinous_process", None, 0.5, v * _SY)
        )
    for key, entry in doc["landmarks"].items():
        kind = key if key in ("occiput", "iliac_crest") else "scapula"
        if entry["at"][0] == geometry.MIDLINE_MM:
            x, y = reader.point(entry["at"], Side.LEFT)
            landmarks.append(Landmark(key, entry["name"], kind, None, x, y))
            continue
        for side in sides:
            x, y = reader.point(entry["at"], side)
            name = entry["name"].format(side=side.word)
            landmarks.append(Landmark(f"{key}_{side.value}", name, kind, side, x, y))

    loop, strokes = _outline(doc, reader)
    outline = geometry.scale(geometry.flatten(loop), _SX, _SY)
    occiput_left = reader.polyline(doc["occiput_line"], Side.LEFT)
    occiput_right = reader.polyline(doc["occiput_line"], Side.RIGHT)
    drawing = Drawing(
        outline_strokes=tuple(strokes),
        scapulae=tuple((s, reader.polygon(doc["scapula"], s)) for s in sides),
        scapular_spines=tuple((s, reader.polygon(doc["scapular_spine"], s)) for s in sides),
        medial_borders=tuple((s, reader.polyline(doc["medial_border"], s)) for s in sides),
        occiput_line=tuple(reversed(occiput_left)) + occiput_right[1:],
        iliac_crests=tuple((s, reader.polyline(doc["iliac_crest"], s)) for s in sides),
    )
    return Atlas(
        template_id=doc["template"]["id"],
        template_version=int(doc["template"]["version"]),
        muscles=tuple(muscles),
        regions=tuple(regions),
        landmarks=tuple(landmarks),
        outline=outline,
        outline_bbox=geometry.bbox(outline),
        drawing=drawing,
    )


@functools.cache
def load_atlas() -> Atlas:
    """The atlas of the posterior_trunk template (parsed once per process)."""
    doc: dict[str, Any] = json.loads(read_text(ATLAS_ASSET))
    atlas = _build(doc)
    if (atlas.template_id, atlas.template_version) != (
        POSTERIOR_TRUNK.id,
        POSTERIOR_TRUNK.version,
    ):
        raise ValueError("atlas.json does not describe the posterior_trunk template v1")
    return atlas
