"""A trigger point: one identity on the map, followed across visits."""

from __future__ import annotations

from dataclasses import dataclass, field

from bodymap.domain.ids import is_uid, new_uid
from bodymap.domain.muscles import MUSCLES_BY_ID, Side, display_name
from bodymap.domain.template import TEMPLATE_ID, TEMPLATE_VERSION, TEMPLATES
from bodymap.domain.validation import Checker

LABEL_MAX = 999


@dataclass(frozen=True, slots=True, kw_only=True)
class MapPosition:
    """Where on the template: normalised x, y in 0..1, never pixels."""

    x: float
    y: float
    template_id: str = TEMPLATE_ID
    template_version: int = TEMPLATE_VERSION

    def __post_init__(self) -> None:
        check = Checker("position")
        check.number_range("x", self.x, 0.0, 1.0, optional=False)
        check.number_range("y", self.y, 0.0, 1.0, optional=False)
        if (self.template_id, self.template_version) not in TEMPLATES:
            known = ", ".join(f"{i} v{v}" for i, v in TEMPLATES)
            check.fail("template", f"must be a known template ({known})")
        check.done()


@dataclass(frozen=True, slots=True, kw_only=True)
class TriggerPoint:
    patient_id: int
    muscle_id: str
    side: Side
    label: int
    position: MapPosition
    first_visit_id: int | None = None
    resolved_visit_id: int | None = None
    id: int | None = None
    uid: str = field(default_factory=new_uid)

    def __post_init__(self) -> None:
        check = Checker("trigger_point")
        if self.muscle_id not in MUSCLES_BY_ID:
            check.fail("muscle_id", f"unknown muscle id {self.muscle_id!r}")
        check.choice("side", self.side, Side)
        check.int_range("label", self.label, 1, LABEL_MAX, optional=False)
        check.instance("position", self.position, MapPosition, "a map position", optional=False)
        if not is_uid(self.uid):
            check.fail("uid", "must be 32 lowercase hex digits")
        check.done()

    @property
    def title(self) -> str:
        """'3 - R upper trapezius'."""
        return f"{self.label} - {display_name(self.muscle_id, self.side)}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_visit_id is not None
