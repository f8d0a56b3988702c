"""Outcome measures: the catalog with ranges, normal values, MCID and MDC (DOMAIN.md section 5).

Kind ids are stored and exported: never rename one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bodymap.domain.ids import is_uid, new_uid
from bodymap.domain.validation import Checker


class Family(StrEnum):
    PAIN = "pain"
    ROM = "rom"
    DISABILITY = "disability"


@dataclass(frozen=True, slots=True)
class MeasureKind:
    id: str
    label: str
    family: Family
    unit: str
    lo: float
    hi: float
    integer: bool
    normal: float | None = None  # adult normal, for ROM
    mcid: float | None = None  # minimal clinically important difference
    mcid_percent: float | None = None  # or this much change from baseline
    mdc: float | None = None  # minimal detectable change (measurement noise)
    lower_is_better: bool = False
    side: str | None = None  # "L" / "R" for paired movements


def _nrs(id_: str, label: str) -> MeasureKind:
    # Farrar 2001: 2 points or 30 % from baseline; Cleland 2008: MDC about 2 points.
    return MeasureKind(
        id_,
        label,
        Family.PAIN,
        "/10",
        0,
        10,
        True,
        mcid=2.0,
        mcid_percent=30.0,
        mdc=2.0,
        lower_is_better=True,
    )


def _rom(
    id_: str, label: str, normal: float, hi: float, mdc: float, side: str | None
) -> MeasureKind:
    return MeasureKind(id_, label, Family.ROM, "°", 0, hi, False, normal=normal, mdc=mdc, side=side)


def _paired(id_: str, label: str, normal: float, hi: float, mdc: float) -> tuple[MeasureKind, ...]:
    return (
        _rom(f"{id_}_l", f"{label} L", normal, hi, mdc, "L"),
        _rom(f"{id_}_r", f"{label} R", normal, hi, mdc, "R"),
    )


_CERVICAL_MDC = 6.8  # CROM: 3.5-6.8 degrees; the upper bound, so noise is not read as change
_THORACIC_MDC = 6.3

MEASURE_KINDS: tuple[MeasureKind, ...] = (
    _nrs("nrs_now", "Pain now (NRS)"),
    _nrs("nrs_best", "Pain at best, 24 h (NRS)"),
    _nrs("nrs_worst", "Pain at worst, 24 h (NRS)"),
    MeasureKind(
        "vas", "Pain (VAS)", Family.PAIN, "mm", 0, 100, False, mcid=12.0, lower_is_better=True
    ),
    _rom("cervical_flexion", "Cervical flexion", 45, 90, _CERVICAL_MDC, None),
    _rom("cervical_extension", "Cervical extension", 45, 90, _CERVICAL_MDC, None),
    *_paired("cervical_lateral_flexion", "Cervical lateral flexion", 45, 90, _CERVICAL_MDC),
    *_paired("cervical_rotation", "Cervical rotation", 70, 110, _CERVICAL_MDC),
    *_paired("thoracic_rotation", "Thoracic rotation", 45, 90, _THORACIC_MDC),
    *_paired("shoulder_flexion", "Shoulder flexion", 180, 200, 8.0),
    *_paired("shoulder_abduction", "Shoulder abduction", 180, 200, 8.0),
    *_paired("shoulder_external_rotation", "Shoulder external rotation", 90, 120, 8.0),
    *_paired("shoulder_internal_rotation", "Shoulder internal rotation", 70, 120, 8.0),
    MeasureKind(
        "ndi",
        "Neck Disability Index",
        Family.DISABILITY,
        "/50",
        0,
        50,
        True,
        mcid=7.5,
        mdc=10.2,
        lower_is_better=True,
    ),
)
MEASURE_KINDS_BY_ID: dict[str, MeasureKind] = {k.id: k for k in MEASURE_KINDS}


@dataclass(frozen=True, slots=True, kw_only=True)
class Measurement:
    visit_id: int
    kind: str
    value: float
    id: int | None = None
    uid: str = field(default_factory=new_uid)

    def __post_init__(self) -> None:
        check = Checker("measurement")
        spec = MEASURE_KINDS_BY_ID.get(self.kind) if isinstance(self.kind, str) else None
        if spec is None:
            check.fail("kind", f"unknown measure {self.kind!r}")
        elif spec.integer:
            check.int_range(spec.id, self.value, int(spec.lo), int(spec.hi), optional=False)
        else:
            check.number_range(
                spec.id, self.value, spec.lo, spec.hi, optional=False, unit=spec.unit
            )
        if not is_uid(self.uid):
            check.fail("uid", "must be 32 lowercase hex digits")
        check.done()

    @property
    def spec(self) -> MeasureKind:
        return MEASURE_KINDS_BY_ID[self.kind]

    @property
    def unit(self) -> str:
        return self.spec.unit


def important_change(kind: MeasureKind, baseline: float, value: float) -> bool:
    """Whether the change from baseline reaches the MCID (points, or percent where given)."""
    change = baseline - value if kind.lower_is_better else value - baseline
    if kind.mcid is not None and change >= kind.mcid:
        return True
    if kind.mcid_percent is not None and baseline > 0:
        return change / baseline * 100.0 >= kind.mcid_percent
    return False
