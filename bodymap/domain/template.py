"""The body-map template: the coordinate frame every position on the map is stored in.

Positions are normalised (x, y in 0..1) over the template's drawing, plus the template id
and version, never pixels. The drawing is an adult posterior view 600 x 700 units where
one unit is one millimetre on an average adult back, so distances in centimetres come
from the normalised coordinates without any screen involved.
"""

from __future__ import annotations

from dataclasses import dataclass

TEMPLATE_ID = "posterior_trunk"
TEMPLATE_VERSION = 1
WIDTH_MM = 600.0
HEIGHT_MM = 700.0


@dataclass(frozen=True, slots=True)
class TemplateFrame:
    id: str
    version: int
    width_mm: float
    height_mm: float

    def to_mm(self, x: float, y: float) -> tuple[float, float]:
        return x * self.width_mm, y * self.height_mm

    def to_normal(self, u_mm: float, v_mm: float) -> tuple[float, float]:
        return u_mm / self.width_mm, v_mm / self.height_mm

    def distance_cm(self, a: tuple[float, float], b: tuple[float, float]) -> float:
        """Distance between two normalised points, in centimetres on the adult back."""
        dx = (a[0] - b[0]) * self.width_mm
        dy = (a[1] - b[1]) * self.height_mm
        return float((dx * dx + dy * dy) ** 0.5) / 10.0


POSTERIOR_TRUNK = TemplateFrame(TEMPLATE_ID, TEMPLATE_VERSION, WIDTH_MM, HEIGHT_MM)
TEMPLATES: dict[tuple[str, int], TemplateFrame] = {
    (POSTERIOR_TRUNK.id, POSTERIOR_TRUNK.version): POSTERIOR_TRUNK,
}
