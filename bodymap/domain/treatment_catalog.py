"""The treatment catalog and escalation steps (DOMAIN.md section 6).

Kind ids are stored and exported: never rename one. ``category`` drives the guidance
rules (passive care alone is a pitfall), ``self_care`` puts an item on the home-care sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class TreatmentKind(StrEnum):
    HEAT = "heat"
    SELF_MASSAGE = "self_massage"
    ACTIVITY_MODIFICATION = "activity_modification"
    EDUCATION = "education"
    MOTOR_CONTROL_EXERCISE = "motor_control_exercise"
    HOME_STRETCHING = "home_stretching"
    TRP_COMPRESSION = "trp_compression"
    SUPERVISED_EXERCISE = "supervised_exercise"
    YOGA = "yoga"
    SPINAL_MANIPULATION = "spinal_manipulation"
    DRY_NEEDLING = "dry_needling"
    TRP_INJECTION = "trp_injection"
    MULTIDISCIPLINARY_REHAB = "multidisciplinary_rehab"
    MEDICATION = "medication"
    CONTINUOUS_TRACTION = "continuous_traction"


class Category(StrEnum):
    PASSIVE = "passive"
    ACTIVE = "active"
    EDUCATION = "education"
    PHARMACOLOGIC = "pharmacologic"


@dataclass(frozen=True, slots=True)
class DetailField:
    """One optional detail a treatment kind records, with its allowed values."""

    name: str
    label: str
    kind: type  # int, float or str
    lo: float = 0
    hi: float = 0
    max_len: int = 200


@dataclass(frozen=True, slots=True)
class KindInfo:
    kind: TreatmentKind
    label: str
    step: int | None  # None: not part of the three steps (drugs, the traction pitfall)
    category: Category
    self_care: bool
    needle: bool = False
    details: tuple[DetailField, ...] = ()


_MIN = DetailField("duration_min", "Duration (min)", int, 1, 240)
_SETS = DetailField("sets", "Sets", int, 1, 20)
_REPS = DetailField("reps", "Repetitions", int, 1, 100)
_HOLD = DetailField("hold_s", "Hold (s)", int, 1, 600)
_PER_DAY = DetailField("times_per_day", "Times per day", int, 1, 12)
_WHAT = DetailField("description", "Description", str, max_len=500)

CATALOG: dict[TreatmentKind, KindInfo] = {
    info.kind: info
    for info in (
        KindInfo(TreatmentKind.HEAT, "Heat", 1, Category.PASSIVE, True, details=(_MIN, _PER_DAY)),
        KindInfo(
            TreatmentKind.SELF_MASSAGE,
            "Self-massage",
            1,
            Category.PASSIVE,
            True,
            details=(_MIN, _PER_DAY, _WHAT),
        ),
        KindInfo(
            TreatmentKind.ACTIVITY_MODIFICATION,
            "Activity modification",
            1,
            Category.EDUCATION,
            True,
            details=(_WHAT,),
        ),
        KindInfo(
            TreatmentKind.EDUCATION, "Education", 1, Category.EDUCATION, False, details=(_WHAT,)
        ),
        KindInfo(
            TreatmentKind.MOTOR_CONTROL_EXERCISE,
            "Motor control exercise",
            1,
            Category.ACTIVE,
            True,
            details=(_WHAT, _SETS, _REPS, _PER_DAY),
        ),
        KindInfo(
            TreatmentKind.HOME_STRETCHING,
            "Home stretching",
            1,
            Category.ACTIVE,
            True,
            details=(_WHAT, _REPS, _HOLD, _PER_DAY),
        ),
        KindInfo(
            TreatmentKind.TRP_COMPRESSION,
            "Trigger point compression",
            2,
            Category.PASSIVE,
            False,
            details=(
                DetailField("hold_s", "Hold per point (s)", int, 5, 300),
                DetailField("cycles", "Cycles", int, 1, 10),
            ),
        ),
        KindInfo(
            TreatmentKind.SUPERVISED_EXERCISE,
            "Supervised exercise",
            2,
            Category.ACTIVE,
            False,
            details=(_WHAT, _SETS, _REPS, _MIN),
        ),
        KindInfo(TreatmentKind.YOGA, "Yoga", 2, Category.ACTIVE, True, details=(_MIN, _WHAT)),
        KindInfo(
            TreatmentKind.SPINAL_MANIPULATION,
            "Spinal manipulation",
            2,
            Category.PASSIVE,
            False,
            details=(DetailField("segments", "Segments", str, max_len=100),),
        ),
        KindInfo(
            TreatmentKind.DRY_NEEDLING, "Dry needling", 3, Category.PASSIVE, False, needle=True
        ),
        KindInfo(
            TreatmentKind.TRP_INJECTION,
            "Trigger point injection",
            3,
            Category.PASSIVE,
            False,
            needle=True,
        ),
        KindInfo(
            TreatmentKind.MULTIDISCIPLINARY_REHAB,
            "Multidisciplinary rehabilitation",
            3,
            Category.ACTIVE,
            False,
            details=(_WHAT,),
        ),
        KindInfo(
            TreatmentKind.MEDICATION,
            "Medication",
            None,
            Category.PHARMACOLOGIC,
            False,
            details=(
                DetailField("drug_class", "Class", str, max_len=40),
                DetailField("drug", "Drug", str, max_len=100),
                DetailField("dose", "Dose", str, max_len=100),
                DetailField("frequency", "Frequency", str, max_len=100),
                DetailField("days", "Days", int, 1, 365),
            ),
        ),
        KindInfo(
            TreatmentKind.CONTINUOUS_TRACTION,
            "Continuous traction",
            None,
            Category.PASSIVE,
            False,
            details=(_MIN,),
        ),
    )
}

DRUG_CLASSES = ("nsaid", "muscle_relaxant", "analgesic", "other")


def kind_info(kind: TreatmentKind | str) -> KindInfo:
    return CATALOG[TreatmentKind(kind)]
