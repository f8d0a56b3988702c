"""Anatomy of the posterior_trunk template: atlas, hit testing, landmarks, pain extent.

Standard library only. Geometry and content live in ``assets/atlas.json``; the SVG
diagram (``svg.diagram_svg``) is drawn from the same data so the two never disagree.
"""

from bodymap.domain.anatomy.atlas import (
    Atlas,
    Landmark,
    MuscleEntry,
    ReferralZone,
    Region,
    Site,
    load_atlas,
    region_id,
)
from bodymap.domain.anatomy.extent import body_area, extent_percent
from bodymap.domain.anatomy.hit_test import Candidate, Location, inside_body, locate

__all__ = [
    "Atlas",
    "Candidate",
    "Landmark",
    "Location",
    "MuscleEntry",
    "ReferralZone",
    "Region",
    "Site",
    "body_area",
    "extent_percent",
    "inside_body",
    "load_atlas",
    "locate",
    "region_id",
]
