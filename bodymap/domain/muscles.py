"""The muscles on the map: ids, names and layers (DOMAIN.md section 3).

The ids are stored in the database and in exchange files: never rename one, add a new id.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


class Side(StrEnum):
    """The patient's side. On the posterior view the patient's left is on the viewer's left."""

    LEFT = "L"
    RIGHT = "R"

    @property
    def word(self) -> str:
        return "left" if self is Side.LEFT else "right"


class Layer(IntEnum):
    """Depth from the skin: lower values lie over higher ones."""

    SUPERFICIAL = 1
    INTERMEDIATE = 2
    DEEP = 3
    DEEPEST = 4


@dataclass(frozen=True, slots=True)
class Muscle:
    id: str
    name: str
    layer: Layer


MUSCLES: tuple[Muscle, ...] = (
    Muscle("trapezius_upper", "upper trapezius", Layer.SUPERFICIAL),
    Muscle("trapezius_middle", "middle trapezius", Layer.SUPERFICIAL),
    Muscle("trapezius_lower", "lower trapezius", Layer.SUPERFICIAL),
    Muscle("deltoid_posterior", "posterior deltoid", Layer.SUPERFICIAL),
    Muscle("infraspinatus", "infraspinatus", Layer.SUPERFICIAL),
    Muscle("teres_minor", "teres minor", Layer.SUPERFICIAL),
    Muscle("teres_major", "teres major", Layer.SUPERFICIAL),
    Muscle("latissimus_dorsi", "latissimus dorsi", Layer.SUPERFICIAL),
    Muscle("levator_scapulae", "levator scapulae", Layer.INTERMEDIATE),
    Muscle("rhomboid_minor", "rhomboid minor", Layer.INTERMEDIATE),
    Muscle("rhomboid_major", "rhomboid major", Layer.INTERMEDIATE),
    Muscle("supraspinatus", "supraspinatus", Layer.INTERMEDIATE),
    Muscle("splenius_capitis", "splenius capitis", Layer.INTERMEDIATE),
    Muscle("splenius_cervicis", "splenius cervicis", Layer.INTERMEDIATE),
    Muscle("scalenes", "scalenes", Layer.INTERMEDIATE),
    Muscle("serratus_posterior_superior", "serratus posterior superior", Layer.DEEP),
    Muscle("iliocostalis_thoracis", "iliocostalis thoracis", Layer.DEEP),
    Muscle("longissimus_thoracis", "longissimus thoracis", Layer.DEEP),
    Muscle("suboccipitals", "suboccipitals", Layer.DEEPEST),
    Muscle("multifidi_thoracic", "thoracic multifidi and rotatores", Layer.DEEPEST),
)

MUSCLES_BY_ID: dict[str, Muscle] = {m.id: m for m in MUSCLES}


def muscle(muscle_id: str) -> Muscle:
    """The muscle with this id; KeyError names the id when it is unknown."""
    try:
        return MUSCLES_BY_ID[muscle_id]
    except KeyError:
        raise KeyError(f"unknown muscle id {muscle_id!r}") from None


def display_name(muscle_id: str, side: Side | str) -> str:
    """'R upper trapezius': side letter first, as clinicians abbreviate it."""
    return f"{Side(side).value} {muscle(muscle_id).name}"
