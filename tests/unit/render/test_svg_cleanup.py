"""Preparing matplotlib's SVG for QtSvg: hatches become lines cut to their shape."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from bodymap.render.report.svg_cleanup import (
    SVG_NS,
    clip_to_box,
    clip_to_polygon,
    inside,
    polylines,
    prepare_svg,
)

SVG = f"""<svg xmlns="{SVG_NS}" viewBox="0 0 200 100">
 <defs>
  <pattern id="h1" patternUnits="userSpaceOnUse" x="0" y="0" width="72" height="72">
   <rect x="0" y="0" width="73" height="73" fill="none"/>
   <path d="M -36 36 L 36 -36 M 0 72 L 72 0 M 36 108 L 108 36"
         style="fill: #333333; stroke: #333333; stroke-width: 1.0; stroke-opacity: 0.5"/>
  </pattern>
 </defs>
 <g>
  <path d="M 10 10 L 110 10 L 110 60 L 10 60 z" style="fill: url(#h1); opacity: 0.4"/>
  <path style="fill: none; stroke: #e3e7eb"/>
  <text style="font-weight: 700; font-size: 9px" x="1" y="9">Title</text>
  <text style="font-size: 8px" x="1" y="90">tick</text>
 </g>
</svg>""".encode()


def _q(tag: str) -> str:
    return f"{{{SVG_NS}}}{tag}"


def test_polylines_reads_absolute_lines_and_refuses_curves() -> None:
    assert polylines("M 0 0 L 10 0 L 10 10 z M 5 5 L 6 6") == [
        [(0, 0), (10, 0), (10, 10)],
        [(5, 5), (6, 6)],
    ]
    assert polylines("M 0 0 C 1 1 2 2 3 3") is None


def test_segments_are_cut_to_a_box_and_to_a_polygon() -> None:
    assert clip_to_box(((-10, 5), (20, 5)), 0, 0, 10, 10) == ((0, 5), (10, 5))
    assert clip_to_box(((-10, 50), (20, 50)), 0, 0, 10, 10) is None
    square = [[(0, 0), (10, 0), (10, 10), (0, 10)]]
    assert inside((5, 5), square) and not inside((15, 5), square)
    ((a, b),) = clip_to_polygon(((-5, 5), (15, 5)), square)
    assert a == pytest.approx((0, 5)) and b == pytest.approx((10, 5))


def test_pattern_fills_become_lines_inside_the_shape() -> None:
    root = ET.fromstring(prepare_svg(SVG))
    paths = [p for p in root.iter(_q("path")) if "url(#" in p.get("style", "")]
    assert paths == []  # nothing refers to the pattern any more
    hatch = next(p for p in root.iter(_q("path")) if p.get("d", "").startswith("M") and
                 "stroke-opacity: 0.2" in p.get("style", ""))  # fmt: skip
    segments = polylines(hatch.get("d"))
    assert segments
    for segment in segments:
        for x, y in segment:
            assert 10 - 1e-6 <= x <= 110 + 1e-6
            assert 10 - 1e-6 <= y <= 60 + 1e-6
    assert "fill: none" in hatch.get("style")


def test_empty_paths_go_and_every_text_names_its_weight() -> None:
    root = ET.fromstring(prepare_svg(SVG))
    assert all(p.get("d", "").strip() for p in root.iter(_q("path")))
    weights = [t.get("style") for t in root.iter(_q("text"))]
    assert weights[0].startswith("font-weight: 700")
    assert weights[1].startswith("font-weight: 400")
