"""``bodymap atlas`` and ``bodymap locate``: the anatomy atlas from the command line."""

from __future__ import annotations

import argparse
import json
import math
import textwrap
from typing import TYPE_CHECKING, Any

from bodymap.cli.common import CommandError
from bodymap.domain.muscles import Side

if TYPE_CHECKING:
    from bodymap.domain.anatomy import Location

EXIT_OUTSIDE_BODY = 1

_LOCATE_EPILOG = f"""\
exit status:
  0  the point is on the body; its muscles and nearest landmark are printed
  {EXIT_OUTSIDE_BODY}  the point is valid but outside the body outline (printed as such)
  2  X or Y is not a number from 0 to 1
"""


def register(subparsers: Any) -> None:
    atlas = subparsers.add_parser(
        "atlas",
        help="list the muscles with their usual trigger-point sites and referral",
        description="List every muscle of the map with its usual trigger-point sites "
        "(normalised template coordinates, left and right) and typical referral.",
    )
    atlas.add_argument("--json", action="store_true", help="print a JSON document instead")
    atlas.set_defaults(func=run_atlas)

    loc = subparsers.add_parser(
        "locate",
        help="name the muscles and nearest landmark at a point of the map",
        description="Hit-test a point of the posterior_trunk template. X and Y are "
        "normalised template coordinates from 0 to 1, origin at the top left, y down; "
        "the patient's left is x < 0.5.",
        epilog=_LOCATE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    # Parsed as strings so a bad value gets our one-line message and exit status 2.
    loc.add_argument("x", metavar="X", help="horizontal position, 0 (left edge) to 1")
    loc.add_argument("y", metavar="Y", help="vertical position, 0 (top) to 1")
    loc.add_argument("--json", action="store_true", help="print a JSON document instead")
    loc.set_defaults(func=run_locate)


def _coordinate(name: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (0.0 <= value <= 1.0):  # also rejects nan and inf
        raise CommandError(f"{name} must be a number from 0 to 1, got {raw!r}", 2)
    return value


def _atlas_document() -> dict[str, Any]:
    from bodymap.domain.anatomy import load_atlas  # loaded only for these commands

    atlas = load_atlas()
    return {
        "template": {"id": atlas.template_id, "version": atlas.template_version},
        "muscles": [
            {
                "id": m.id,
                "name": m.name,
                "layer": m.layer.name.lower(),
                "sites": [
                    {"side": s.side.value, "x": round(s.x, 4), "y": round(s.y, 4), "note": s.note}
                    for s in m.sites
                ],
                "referral": m.referral,
                "source": m.source,
            }
            for m in atlas.muscles
        ],
        "landmarks": [
            {
                "id": lm.id,
                "name": lm.name,
                "kind": lm.kind,
                "side": lm.side.value if lm.side else None,
                "x": round(lm.x, 4),
                "y": round(lm.y, 4),
            }
            for lm in atlas.landmarks
        ],
    }


def run_atlas(args: argparse.Namespace) -> int:
    if args.json:
        print(json.dumps(_atlas_document(), indent=2, ensure_ascii=False))
        return 0
    from bodymap.domain.anatomy import load_atlas  # loaded only for these commands

    atlas = load_atlas()
    wrap = textwrap.TextWrapper(width=96, initial_indent="  ", subsequent_indent="            ")
    for m in atlas.muscles:
        print(f"{m.name}  ({m.id}, {m.layer.name.lower()})")
        for s in m.sites_on(Side.LEFT):
            mirrored = 1.0 - s.x
            print(
                wrap.fill(f"site:     L {s.x:.3f},{s.y:.3f}  R {mirrored:.3f},{s.y:.3f}  {s.note}")
            )
        print(wrap.fill(f"referral: {m.referral}"))
        print()
    for source in sorted({m.source for m in atlas.muscles}):
        print(f"Source: {source}")
    return 0


def _location_document(loc: Location) -> dict[str, Any]:
    from bodymap.domain.anatomy import load_atlas  # loaded only for these commands

    atlas = load_atlas()
    return {
        "template": {"id": atlas.template_id, "version": atlas.template_version},
        "x": loc.x,
        "y": loc.y,
        "inside_body": loc.inside_body,
        "side": loc.side.value if loc.side else None,
        "midline": loc.midline,
        "candidates": [
            {
                "muscle_id": c.muscle_id,
                "side": c.side.value,
                "layer": c.layer.name.lower(),
                "text": c.text,
            }
            for c in loc.candidates
        ],
        "landmark": loc.landmark,
    }


def run_locate(args: argparse.Namespace) -> int:
    x = _coordinate("X", args.x)
    y = _coordinate("Y", args.y)
    from bodymap.domain.anatomy import locate

    loc = locate(x, y)
    status = 0 if loc.inside_body else EXIT_OUTSIDE_BODY
    if args.json:
        print(json.dumps(_location_document(loc), indent=2, ensure_ascii=False))
        return status
    if not loc.inside_body:
        print(f"{x:g},{y:g}: outside the body outline")
        return status
    side = loc.side.word if loc.side else "midline"
    print(f"{x:g},{y:g}: {side} side; {loc.landmark}")
    if not loc.candidates:
        print("  no charted muscle here")
    for c in loc.candidates:
        print(f"  {c.text}  ({c.layer.name.lower()})")
    return status
