"""Describe a point on the map by its nearest bony landmark, in centimetres.

Clinicians write positions as "2 cm lateral to the T4 spinous process" or "3 cm below the
root of the right scapular spine"; this module produces such phrases from template
coordinates. Distances use the template frame (1 unit = 1 mm on an average adult back).
"""

from __future__ import annotations

from bodymap.domain.anatomy import geometry
from bodymap.domain.anatomy.atlas import Atlas, Landmark
from bodymap.domain.anatomy.geometry import Point
from bodymap.domain.muscles import Side
from bodymap.domain.template import POSTERIOR_TRUNK

# Within this distance of the midline a point is described by its vertebral level:
# the paraspinal strip where clinicians count spinous processes.
PARASPINAL_MM = 40.0
# Closer than this to the midline counts as "on the midline".
MIDLINE_MM = 3.0
# Offsets smaller than this are not worth saying ("3 cm below", not "3 cm below and 0.2 cm
# medial to").
_NEGLIGIBLE_MM = 5.0


def format_cm(mm: float) -> str:
    """'2.1' or '3' (one decimal, no trailing .0)."""
    text = f"{mm / 10.0:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _mm(x: float, y: float) -> Point:
    return x * POSTERIOR_TRUNK.width_mm, y * POSTERIOR_TRUNK.height_mm


def _spinous(atlas: Atlas) -> list[Landmark]:
    return [m for m in atlas.landmarks if m.kind == "spinous_process"]


def level_at(atlas: Atlas, v_mm: float) -> Landmark:
    """The spinous process whose level is nearest to the height v (mm)."""
    return min(_spinous(atlas), key=lambda m: abs(m.y * POSTERIOR_TRUNK.height_mm - v_mm))


def _offset_phrase(dv: float, d_lateral: float, name: str) -> str:
    """'3 cm below and 1 cm lateral to the X' from a vertical and a lateral offset (mm)."""
    parts: list[str] = []
    if abs(dv) >= _NEGLIGIBLE_MM:
        parts.append(f"{format_cm(abs(dv))} cm {'below' if dv > 0 else 'above'}")
    if abs(d_lateral) >= _NEGLIGIBLE_MM:
        parts.append(f"{format_cm(abs(d_lateral))} cm {'lateral' if d_lateral > 0 else 'medial'}")
    if not parts:
        return f"at the {name}"
    if len(parts) == 1 and parts[0].endswith(("below", "above")):
        return f"{parts[0]} the {name}"
    return f"{' and '.join(parts)} to the {name}"


def describe(atlas: Atlas, x: float, y: float) -> str:
    """A short landmark-relative description of a point inside the body outline."""
    u, v = _mm(x, y)
    lateral = abs(u - geometry.MIDLINE_MM)
    spinous = _spinous(atlas)
    top = spinous[0].y * POSTERIOR_TRUNK.height_mm
    bottom = spinous[-1].y * POSTERIOR_TRUNK.height_mm
    level = level_at(atlas, v)

    if top - 12.0 <= v <= bottom + 18.0 and lateral <= PARASPINAL_MM:
        if lateral < MIDLINE_MM:
            return f"on the midline at the {level.name}"
        return f"{format_cm(lateral)} cm lateral to the {level.name}"

    side = Side.LEFT if u < geometry.MIDLINE_MM else Side.RIGHT
    options: list[tuple[float, str]] = []
    for mark in atlas.landmarks:
        if mark.side not in (None, side) or mark.kind in ("occiput", "iliac_crest"):
            continue
        if mark.id.startswith("medial_border"):
            continue  # described as a line below
        lu, lv = _mm(mark.x, mark.y)
        dist = ((u - lu) ** 2 + (v - lv) ** 2) ** 0.5
        d_lat = lateral - abs(lu - geometry.MIDLINE_MM)
        options.append((dist, _offset_phrase(v - lv, d_lat, mark.name)))

    d = atlas.drawing
    border = next(p for s, p in d.medial_borders if s is side)
    (bu, _), dist = geometry.nearest_on_polyline([_mm(*p) for p in border], (u, v))
    if dist < 25.0 and v <= max(_mm(*p)[1] for p in border):
        d_lat = lateral - abs(bu - geometry.MIDLINE_MM)
        where = "lateral to" if d_lat > 0 else "medial to"
        phrase = (
            f"{format_cm(abs(d_lat))} cm {where} the medial border of the {side.word} scapula"
            if abs(d_lat) >= _NEGLIGIBLE_MM
            else f"on the medial border of the {side.word} scapula"
        )
        options.append((dist, f"{phrase}, at the {level.id} level"))

    (_, ov), dist = geometry.nearest_on_polyline([_mm(*p) for p in d.occiput_line], (u, v))
    options.append((dist, _offset_phrase(v - ov, 0.0, "occiput")))
    crest = next(p for s, p in d.iliac_crests if s is side)
    (_, cv), dist = geometry.nearest_on_polyline([_mm(*p) for p in crest], (u, v))
    options.append((dist, _offset_phrase(v - cv, 0.0, f"{side.word} iliac crest")))
    return min(options)[1]
