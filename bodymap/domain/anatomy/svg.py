"""The posterior_trunk diagram as SVG, drawn from the atlas geometry.

Run ``python -m bodymap.domain.anatomy.svg > assets/posterior_trunk.svg`` to regenerate the
shipped file; a unit test keeps the two identical. Each muscle region is its own ``<path>``
with ``id`` = region id and ``class`` = "muscle <layer>", so a renderer can toggle layers
or highlight a muscle. Text uses DejaVu Sans, which the app depends on.
"""

from __future__ import annotations

from collections.abc import Sequence

from bodymap.domain.anatomy.atlas import Atlas, load_atlas
from bodymap.domain.anatomy.geometry import Point
from bodymap.domain.muscles import Layer, Side, display_name
from bodymap.domain.template import HEIGHT_MM, WIDTH_MM

FONT = "DejaVu Sans, sans-serif"
LAYER_CLASS = {
    Layer.SUPERFICIAL: "superficial",
    Layer.INTERMEDIATE: "intermediate",
    Layer.DEEP: "deep",
    Layer.DEEPEST: "deepest",
}
# The group of each layer's muscles: a renderer shows or hides a layer by its id.
LAYER_GROUP = {layer: f"layer-{name}" for layer, name in LAYER_CLASS.items()}
# Calm, muscle-like tints so neighbouring superficial muscles can be told apart.
_FILL = {
    "trapezius_upper": "#ebc9c1",
    "trapezius_middle": "#f2d8d1",
    "trapezius_lower": "#e8c1b8",
    "deltoid_posterior": "#eed0bb",
    "infraspinatus": "#f3dccd",
    "teres_minor": "#e9c6b4",
    "teres_major": "#f0d3c4",
    "latissimus_dorsi": "#f4e0d9",
}
_STYLE = f"""
text {{ font-family: {FONT}; fill: #34424f; }}
.skin {{ fill: #fbf6f2; stroke: none; }}
.outline {{ fill: none; stroke: #4f5d69; stroke-width: 1.6; stroke-linejoin: round;
  stroke-linecap: round; }}
.muscle {{ stroke-linejoin: round; }}
.superficial {{ stroke: #b4867b; stroke-width: 0.8; }}
.intermediate {{ fill: none; stroke: #6d84ad; stroke-width: 0.8; stroke-dasharray: 4 2.5;
  opacity: 0.6; }}
.deep {{ fill: none; stroke: #5f9184; stroke-width: 0.7; stroke-dasharray: 2 2.5;
  opacity: 0.5; }}
.deepest {{ fill: none; stroke: #8a6fa3; stroke-width: 0.7; stroke-dasharray: 0.8 2;
  opacity: 0.6; }}
.bone {{ fill: none; stroke: #9c8a70; stroke-width: 1.1; stroke-linejoin: round; }}
.bone-fill {{ fill: #efe6d8; stroke: #9c8a70; stroke-width: 0.9; }}
.spinous {{ fill: #5d5346; }}
.level {{ font-size: 8.5px; fill: #5a6470; }}
.side {{ font-size: 26px; font-weight: bold; fill: #2f4a66; }}
.side-note {{ font-size: 9px; fill: #5a6470; }}
.title {{ font-size: 17px; font-weight: bold; }}
"""


def _fmt(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _mm(points: Sequence[Point]) -> list[tuple[str, str]]:
    return [(_fmt(x * WIDTH_MM), _fmt(y * HEIGHT_MM)) for x, y in points]


def _path_d(points: Sequence[Point], *, closed: bool) -> str:
    pts = _mm(points)
    head = f"M{pts[0][0]} {pts[0][1]}"
    body = " ".join(f"{u} {v}" for u, v in pts[1:])
    return f"{head} L{body}{' Z' if closed else ''}"


def _muscle_paths(atlas: Atlas, layer: Layer) -> list[str]:
    # Here, not at the top: xml.sax pulls in urllib, and the renderer imports this module
    # for LAYER_GROUP only.
    from xml.sax.saxutils import escape

    lines: list[str] = []
    for region in atlas.regions:
        if region.layer is not layer:
            continue
        fill = (
            f' fill="{_FILL.get(region.muscle_id, "none")}"' if layer is Layer.SUPERFICIAL else ""
        )
        title = escape(display_name(region.muscle_id, region.side))
        lines.append(
            f'  <path id="{region.id}" class="muscle {LAYER_CLASS[layer]}"'
            f' data-muscle="{region.muscle_id}" data-side="{region.side.value}"{fill}'
            f' d="{_path_d(region.polygon, closed=True)}"><title>{title}</title></path>'
        )
    return lines


def diagram_svg() -> str:
    """The whole diagram as an SVG document (viewBox 0 0 600 700, 1 unit = 1 mm)."""
    atlas = load_atlas()
    d = atlas.drawing
    out: list[str] = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 700"'
        ' width="600" height="700" font-family="DejaVu Sans, sans-serif">',
        "<title>Posterior view of the neck, shoulders and back</title>",
        f"<style>{_STYLE}</style>",
        '<g id="body">',
        f'  <path id="skin" class="skin" d="{_path_d(atlas.outline, closed=True)}"/>',
        "</g>",
    ]
    for layer in Layer:
        out.append(f'<g id="{LAYER_GROUP[layer]}" class="layer">')
        out.extend(_muscle_paths(atlas, layer))
        out.append("</g>")

    out.append('<g id="bones">')
    for side, poly in d.scapulae:
        out.append(
            f'  <path id="scapula_{side.value}" class="bone" d="{_path_d(poly, closed=True)}"/>'
        )
    for side, poly in d.scapular_spines:
        out.append(
            f'  <path id="scapular_spine_{side.value}" class="bone-fill"'
            f' d="{_path_d(poly, closed=True)}"/>'
        )
    out.append(f'  <path id="occiput" class="bone" d="{_path_d(d.occiput_line, closed=False)}"/>')
    for side, line in d.iliac_crests:
        out.append(
            f'  <path id="iliac_crest_{side.value}" class="bone"'
            f' d="{_path_d(line, closed=False)}"/>'
        )
    out.append("</g>")

    out.append('<g id="outline">')
    for i, stroke in enumerate(d.outline_strokes):
        out.append(
            f'  <path id="outline_{i}" class="outline" d="{_path_d(stroke, closed=False)}"/>'
        )
    out.append("</g>")

    out.append('<g id="spine">')
    for mark in atlas.landmarks:
        if mark.kind != "spinous_process":
            continue
        ((u, v),) = _mm([(mark.x, mark.y)])
        out.append(f'  <circle id="sp_{mark.id}" class="spinous" cx="{u}" cy="{v}" r="2.4"/>')
        out.append(
            f'  <text class="level" x="{_fmt(mark.x * WIDTH_MM + 6)}"'
            f' y="{_fmt(mark.y * HEIGHT_MM + 3)}">{mark.id}</text>'
        )
    out.append("</g>")

    out.append('<g id="labels">')
    for side, x in ((Side.LEFT, 40.0), (Side.RIGHT, 560.0)):
        out.append(
            f'  <text id="side_{side.value}" class="side" x="{_fmt(x)}" y="150"'
            f' text-anchor="middle">{side.value}</text>'
        )
        out.append(
            f'  <text class="side-note" x="{_fmt(x)}" y="164" text-anchor="middle">'
            f"patient's {side.word}</text>"
        )
    out.append('  <text id="title" class="title" x="16" y="30">Posterior view</text>')
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(diagram_svg())
