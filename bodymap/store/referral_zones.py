"""Referred-pain zones: polygons in template coordinates, stored as JSON."""

from __future__ import annotations

import json
from typing import Any

from bodymap.domain.finding import SensationQuality
from bodymap.domain.referral import Polygon, ReferralZone
from bodymap.store.repository import Repository


def polygons_to_json(polygons: tuple[Polygon, ...]) -> str:
    return json.dumps([[list(p) for p in poly] for poly in polygons], separators=(",", ":"))


def polygons_from_json(text: str) -> tuple[Polygon, ...]:
    return tuple(tuple((float(x), float(y)) for x, y in poly) for poly in json.loads(text))


class ReferralZoneRepository(Repository[ReferralZone]):
    table = "referral_zone"
    what = "referral zone"
    columns = (
        "id", "uid", "visit_id", "trigger_point_id", "quality", "polygons", "extent_percent",
        "template_id", "template_version",
    )  # fmt: skip
    fixed = ("uid", "visit_id", "trigger_point_id")

    def _from_row(self, row: dict[str, Any]) -> ReferralZone:
        return ReferralZone(
            id=row["id"],
            uid=row["uid"],
            visit_id=row["visit_id"],
            trigger_point_id=row["trigger_point_id"],
            quality=SensationQuality(row["quality"]),
            polygons=polygons_from_json(row["polygons"]),
            extent_percent=row["extent_percent"],
            template_id=row["template_id"],
            template_version=row["template_version"],
        )

    def _to_row(self, record: ReferralZone) -> dict[str, Any]:
        return {
            "uid": record.uid,
            "visit_id": record.visit_id,
            "trigger_point_id": record.trigger_point_id,
            "quality": record.quality.value,
            "polygons": polygons_to_json(record.polygons),
            "extent_percent": record.extent_percent,
            "template_id": record.template_id,
            "template_version": record.template_version,
        }

    def for_visit(self, visit_id: int) -> list[ReferralZone]:
        return self._select("visit_id = ?", [visit_id])

    def for_trigger_point(self, point_id: int) -> list[ReferralZone]:
        return self._select("trigger_point_id = ?", [point_id])
