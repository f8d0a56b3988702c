"""Where the demo's trigger points and referral zones go on the map.

Every anatomical lookup of the demo lives here, on top of the atlas: the usual
trigger-point sites of a muscle, a small jitter that stays inside the muscle, and
referral shapes taken from the atlas's typical zones.
"""

from __future__ import annotations

import random

from bodymap.domain.anatomy import extent_percent, load_atlas, locate
from bodymap.domain.muscles import Side
from bodymap.domain.referral import Polygon
from bodymap.domain.template import POSTERIOR_TRUNK

# A palpated spot lands a few millimetres from the textbook site, never far.
JITTER_SD_MM = 2.5
JITTER_MAX_MM = 6.0
_DIGITS = 5  # normalised coordinates to 0.01 mm or so: tidy rows, no false precision


def usual_site(muscle_id: str, side: Side, index: int = 0) -> tuple[float, float]:
    """The atlas's usual trigger-point site number ``index`` of this muscle and side."""
    sites = load_atlas().muscle(muscle_id).sites_on(side)
    if not sites:
        raise KeyError(f"the atlas gives no usual site for {muscle_id} {side.value}")
    site = sites[index % len(sites)]
    return site.x, site.y


def in_muscle(x: float, y: float, muscle_id: str, side: Side) -> bool:
    """Whether the hit test puts (x, y) in this muscle on this side."""
    location = locate(x, y)
    if location.side is not side:
        return False
    return any(c.muscle_id == muscle_id and c.side is side for c in location.candidates)


def place_point(muscle_id: str, side: Side, index: int, rng: random.Random) -> tuple[float, float]:
    """A usual site moved by a few millimetres, or the site itself if the move would leave
    the muscle."""
    x0, y0 = usual_site(muscle_id, side, index)
    du = max(-JITTER_MAX_MM, min(JITTER_MAX_MM, rng.gauss(0.0, JITTER_SD_MM)))
    dv = max(-JITTER_MAX_MM, min(JITTER_MAX_MM, rng.gauss(0.0, JITTER_SD_MM)))
    x = round(x0 + du / POSTERIOR_TRUNK.width_mm, _DIGITS)
    y = round(y0 + dv / POSTERIOR_TRUNK.height_mm, _DIGITS)
    if in_muscle(x, y, muscle_id, side):
        return x, y
    return x0, y0


def referral_polygons(muscle_id: str, side: Side, scale: float) -> tuple[Polygon, ...]:
    """The atlas's typical referral zones of the muscle, shrunk about their centres by
    ``scale`` (0..1] so a settling point draws a smaller zone."""
    zones = load_atlas().muscle(muscle_id).zones_on(side)
    out: list[Polygon] = []
    for zone in zones:
        cx = sum(p[0] for p in zone.polygon) / len(zone.polygon)
        cy = sum(p[1] for p in zone.polygon) / len(zone.polygon)
        out.append(
            tuple(
                (
                    round(min(1.0, max(0.0, cx + (px - cx) * scale)), _DIGITS),
                    round(min(1.0, max(0.0, cy + (py - cy) * scale)), _DIGITS),
                )
                for px, py in zone.polygon
            )
        )
    return tuple(out)


def extent(polygons: tuple[Polygon, ...]) -> float:
    """Pain extent of the polygons in percent of the body area, to 0.01."""
    return round(extent_percent(polygons), 2)
