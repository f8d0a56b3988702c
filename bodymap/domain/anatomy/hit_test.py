"""Which muscles lie under a point of the map: hit testing against the atlas regions."""

from __future__ import annotations

from dataclasses import dataclass

from bodymap.domain.anatomy import geometry, landmarks
from bodymap.domain.anatomy.atlas import load_atlas
from bodymap.domain.muscles import MUSCLES, Layer, Side, display_name
from bodymap.domain.template import POSTERIOR_TRUNK

_CATALOG_ORDER = {m.id: i for i, m in enumerate(MUSCLES)}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A muscle under the point, with its side and depth."""

    muscle_id: str
    side: Side
    layer: Layer
    text: str  # "R upper trapezius"


@dataclass(frozen=True, slots=True)
class Location:
    """What lies at a normalised template point.

    ``side`` is the patient's side (x < 0.5 is the left on this posterior view), None when
    the point is outside the body or exactly on the midline. ``midline`` is true within a
    few millimetres of the midline, where the side is taken from the nearer half.
    ``candidates`` are ordered superficial first.
    """

    x: float
    y: float
    inside_body: bool
    side: Side | None
    candidates: tuple[Candidate, ...]
    landmark: str
    midline: bool = False

    @property
    def muscle_ids(self) -> tuple[str, ...]:
        return tuple(c.muscle_id for c in self.candidates)


def side_of(x: float) -> Side | None:
    if x < 0.5:
        return Side.LEFT
    if x > 0.5:
        return Side.RIGHT
    return None


def inside_body(x: float, y: float) -> bool:
    atlas = load_atlas()
    x0, y0, x1, y1 = atlas.outline_bbox
    if not (x0 <= x <= x1 and y0 <= y <= y1):
        return False
    return geometry.contains(atlas.outline, x, y)


def locate(x: float, y: float) -> Location:
    """Hit-test a normalised template point (x, y in 0..1, origin top-left)."""
    atlas = load_atlas()
    if not inside_body(x, y):
        return Location(x, y, False, None, (), "outside the body outline")
    hits = [r for r in atlas.regions if r.contains(x, y)]
    hits.sort(key=lambda r: (r.layer, _CATALOG_ORDER[r.muscle_id], r.side.value))
    candidates = tuple(
        Candidate(r.muscle_id, r.side, r.layer, display_name(r.muscle_id, r.side)) for r in hits
    )
    side = side_of(x)
    text = landmarks.describe(atlas, x, y)
    near_midline = abs(x - 0.5) * POSTERIOR_TRUNK.width_mm < landmarks.MIDLINE_MM
    if near_midline:
        text += (
            "; side taken from the nearer half"
            if side is not None
            else "; exactly on the midline, no side"
        )
        if side is not None:
            text += f" ({side.word})"
    return Location(x, y, True, side, candidates, text, near_midline)
