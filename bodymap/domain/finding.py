"""Palpation findings for one trigger point at one visit (DOMAIN.md section 2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bodymap.domain.ids import is_uid, new_uid
from bodymap.domain.units import PressureUnit
from bodymap.domain.validation import Checker

PPT_MAX_KPA = 2000.0  # about 20 kgf/cm2, beyond any hand-held algometer
PPT_RATE_MAX_KPA_S = 200.0
PPT_MAX_TRIALS = 3
PROBE_AREAS_CM2 = (0.5, 1.0)
NOTES_MAX = 20_000


class SensationQuality(StrEnum):
    ACHE = "ache"
    BURNING = "burning"
    TINGLING = "tingling"
    SHARP = "sharp"
    NUMBNESS = "numbness"
    OTHER = "other"


class Activity(StrEnum):
    """Active: pressure reproduces the patient's familiar pain. Latent: it does not."""

    ACTIVE = "active"
    LATENT = "latent"


TENDERNESS_GRADES = {0: "none", 1: "mild", 2: "moderate", 3: "severe, withdraws"}


@dataclass(frozen=True, slots=True, kw_only=True)
class PressurePainThreshold:
    """Up to three algometer trials, kept as entered, with the unit, probe and rate."""

    trials: tuple[float, ...]
    unit: PressureUnit = PressureUnit.KGF_CM2
    probe_area_cm2: float = 1.0
    rate_per_s: float | None = 1.0  # in `unit` per second

    def __post_init__(self) -> None:
        check = Checker("ppt")
        check.choice("unit", self.unit, PressureUnit)
        unit_ok = isinstance(self.unit, PressureUnit)
        limit = PPT_MAX_KPA / self.unit.kpa if unit_ok else PPT_MAX_KPA
        if not isinstance(self.trials, tuple) or not 1 <= len(self.trials) <= PPT_MAX_TRIALS:
            check.fail("trials", f"must hold 1 to {PPT_MAX_TRIALS} measurements")
        else:
            for i, value in enumerate(self.trials, start=1):
                check.number_range(
                    f"trial_{i}",
                    value,
                    0.0,
                    round(limit, 2),
                    optional=False,
                    lo_open=True,
                    unit=self.unit.value if unit_ok else "",
                )
        if self.probe_area_cm2 not in PROBE_AREAS_CM2:
            check.fail("probe_area_cm2", "must be 0.5 or 1 cm2")
        rate_limit = PPT_RATE_MAX_KPA_S / self.unit.kpa if unit_ok else PPT_RATE_MAX_KPA_S
        check.number_range(
            "rate_per_s", self.rate_per_s, 0.0, round(rate_limit, 2), optional=True, lo_open=True
        )
        check.done()

    @property
    def mean(self) -> float:
        return sum(self.trials) / len(self.trials)

    def mean_in(self, unit: PressureUnit) -> float:
        return self.mean * self.unit.kpa / unit.kpa


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """None means 'not assessed', which is different from 'no'."""

    visit_id: int
    trigger_point_id: int
    taut_band: bool | None = None
    tenderness: int | None = None
    referred_pain: bool | None = None
    pain_recognition: bool | None = None
    twitch_response: bool | None = None
    jump_sign: bool | None = None
    nrs_on_compression: int | None = None
    ppt: PressurePainThreshold | None = None
    sensation: SensationQuality | None = None
    activity: Activity | None = None
    notes: str = ""
    id: int | None = None
    uid: str = field(default_factory=new_uid)

    def __post_init__(self) -> None:
        check = Checker("finding")
        for name in (
            "taut_band",
            "referred_pain",
            "pain_recognition",
            "twitch_response",
            "jump_sign",
        ):
            check.flag(name, getattr(self, name))
        check.int_range("tenderness", self.tenderness, 0, 3, optional=True)
        check.int_range("nrs_on_compression", self.nrs_on_compression, 0, 10, optional=True)
        check.instance(
            "ppt", self.ppt, PressurePainThreshold, "a pressure pain threshold", optional=True
        )
        check.choice("sensation", self.sensation, SensationQuality, optional=True)
        check.choice("activity", self.activity, Activity, optional=True)
        check.text("notes", self.notes, max_len=NOTES_MAX)
        if not is_uid(self.uid):
            check.fail("uid", "must be 32 lowercase hex digits")
        check.done()

    @property
    def suggested_activity(self) -> Activity | None:
        """Familiar pain reproduced makes a point active; not reproduced, latent."""
        if self.pain_recognition is None:
            return None
        return Activity.ACTIVE if self.pain_recognition else Activity.LATENT

    @property
    def effective_activity(self) -> Activity | None:
        return self.activity if self.activity is not None else self.suggested_activity

    @property
    def criteria_met(self) -> int:
        """How many of the three consensus criteria are present: taut band, tender spot,
        referred pain (Fernandez-de-las-Penas & Dommerholt 2018)."""
        return sum(
            (self.taut_band is True, (self.tenderness or 0) >= 1, self.referred_pain is True)
        )

    @property
    def meets_consensus(self) -> bool:
        return self.criteria_met >= 2
