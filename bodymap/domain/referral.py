"""A referred-pain zone drawn for a trigger point at a visit (DOMAIN.md section 4)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from bodymap.domain.finding import SensationQuality
from bodymap.domain.ids import is_uid, new_uid
from bodymap.domain.template import TEMPLATE_ID, TEMPLATE_VERSION, TEMPLATES
from bodymap.domain.validation import Checker

Point = tuple[float, float]
Polygon = tuple[Point, ...]
MAX_POLYGONS = 200
MAX_VERTICES = 5_000


@dataclass(frozen=True, slots=True, kw_only=True)
class ReferralZone:
    visit_id: int
    trigger_point_id: int
    polygons: tuple[Polygon, ...]
    quality: SensationQuality = SensationQuality.ACHE
    extent_percent: float | None = None  # of the body area on the template
    template_id: str = TEMPLATE_ID
    template_version: int = TEMPLATE_VERSION
    id: int | None = None
    uid: str = field(default_factory=new_uid)

    def __post_init__(self) -> None:
        check = Checker("referral_zone")
        check_polygons(check, self.polygons)
        check.choice("quality", self.quality, SensationQuality)
        check.number_range("extent_percent", self.extent_percent, 0.0, 100.0, optional=True)
        if (self.template_id, self.template_version) not in TEMPLATES:
            check.fail("template", "must be a known template")
        if not is_uid(self.uid):
            check.fail("uid", "must be 32 lowercase hex digits")
        check.done()


def check_polygons(check: Checker, polygons: object) -> None:
    if not isinstance(polygons, tuple) or not 1 <= len(polygons) <= MAX_POLYGONS:
        check.fail("polygons", f"must hold 1 to {MAX_POLYGONS} polygons")
        return
    for i, polygon in enumerate(polygons, start=1):
        if not isinstance(polygon, tuple) or not 3 <= len(polygon) <= MAX_VERTICES:
            check.fail(f"polygons[{i}]", f"must have 3 to {MAX_VERTICES} vertices")
            continue
        for point in polygon:
            if not _is_unit_point(point):
                check.fail(f"polygons[{i}]", "vertices must be (x, y) with x and y in 0..1")
                break


def _is_unit_point(point: object) -> bool:
    if not isinstance(point, tuple) or len(point) != 2:
        return False
    return all(
        isinstance(v, int | float)
        and not isinstance(v, bool)
        and math.isfinite(v)
        and 0.0 <= v <= 1.0
        for v in point
    )
