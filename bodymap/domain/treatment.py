"""What was done at a visit, linked to the trigger points it was applied to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from bodymap.domain import dose
from bodymap.domain.ids import is_uid, new_uid
from bodymap.domain.treatment_catalog import CATALOG, TreatmentKind
from bodymap.domain.validation import Checker

NOTES_MAX = 20_000
NEEDLE_GAUGE = (22, 36)  # hard range; 25-30 is the accepted band for injection
NEEDLE_GAUGE_USUAL = (25, 30)
NEEDLE_LENGTH_MM = (10.0, 100.0)
VOLUME_PER_POINT_ML = (0.0, 5.0)  # above zero; 0.5-1 mL is usual
POINTS_COUNT = (1, 50)
CONCENTRATION_PERCENT = {"lidocaine": (0.25, 2.0), "bupivacaine": (0.125, 0.75)}
CORTICOSTEROID_MG_HARD = (0.0, 80.0)


class Agent(StrEnum):
    LIDOCAINE = "lidocaine"
    BUPIVACAINE = "bupivacaine"
    SALINE = "saline"
    CORTICOSTEROID = "corticosteroid"


DetailValue = int | float | str


@dataclass(frozen=True, slots=True, kw_only=True)
class NeedleRecord(dose.InjectedAmounts):
    """Injection or dry needling: every field DOMAIN.md section 6 asks for.

    ``agent`` is None for dry needling. Volumes and concentrations apply to injections only.
    """

    sterile_prep: bool
    needle_gauge: int
    needle_length_mm: float
    points_count: int
    agent: Agent | None = None
    concentration_percent: float | None = None
    with_epinephrine: bool = False
    volume_per_point_ml: float | None = None
    corticosteroid_mg: float | None = None
    aspiration_confirmed: bool | None = None
    twitch_responses: int | None = None
    post_nrs: int | None = None

    def __post_init__(self) -> None:
        check = Checker("needle")
        check.flag("sterile_prep", self.sterile_prep, optional=False)
        check.int_range("needle_gauge", self.needle_gauge, *NEEDLE_GAUGE, optional=False)
        check.number_range(
            "needle_length_mm", self.needle_length_mm, *NEEDLE_LENGTH_MM, optional=False, unit="mm"
        )
        check.int_range("points_count", self.points_count, *POINTS_COUNT, optional=False)
        check.choice("agent", self.agent, Agent, optional=True)
        check.flag("with_epinephrine", self.with_epinephrine, optional=False)
        check.flag("aspiration_confirmed", self.aspiration_confirmed)
        count_hi = self.points_count if isinstance(self.points_count, int) else POINTS_COUNT[1]
        check.int_range(
            "twitch_responses", self.twitch_responses, 0, max(count_hi, 0) * 20, optional=True
        )
        check.int_range("post_nrs", self.post_nrs, 0, 10, optional=True)
        if self.agent is None:
            for name in ("concentration_percent", "volume_per_point_ml", "corticosteroid_mg"):
                if getattr(self, name) is not None:
                    check.fail(name, "applies to injections only (no agent given)")
        else:
            check.number_range(
                "volume_per_point_ml",
                self.volume_per_point_ml,
                *VOLUME_PER_POINT_ML,
                optional=False,
                lo_open=True,
                unit="mL",
            )
            span = CONCENTRATION_PERCENT.get(str(self.agent))
            if span is not None:
                check.number_range(
                    "concentration_percent",
                    self.concentration_percent,
                    *span,
                    optional=False,
                    unit="%",
                )
            elif self.concentration_percent is not None:
                check.fail("concentration_percent", f"does not apply to {self.agent}")
            if self.agent is Agent.CORTICOSTEROID:
                check.number_range(
                    "corticosteroid_mg",
                    self.corticosteroid_mg,
                    *CORTICOSTEROID_MG_HARD,
                    optional=False,
                    lo_open=True,
                    unit="mg",
                )
            elif self.corticosteroid_mg is not None:
                check.fail("corticosteroid_mg", "applies to corticosteroid injections only")
        check.done()

    # mg_per_point, total_mg and total_volume_ml: dose.InjectedAmounts

    @property
    def usual_gauge(self) -> bool:
        lo, hi = NEEDLE_GAUGE_USUAL
        return lo <= self.needle_gauge <= hi


@dataclass(frozen=True, slots=True, kw_only=True)
class Treatment:
    visit_id: int
    kind: TreatmentKind
    trigger_point_ids: tuple[int, ...] = ()
    details: Mapping[str, DetailValue] = field(default_factory=dict)
    needle: NeedleRecord | None = None
    notes: str = ""
    id: int | None = None
    uid: str = field(default_factory=new_uid)

    def __post_init__(self) -> None:
        check = Checker("treatment")
        check.choice("kind", self.kind, TreatmentKind)
        if isinstance(self.kind, TreatmentKind):
            _check_details(check, self.kind, self.details)
            info = CATALOG[self.kind]
            if info.needle and not isinstance(self.needle, NeedleRecord):
                check.fail("needle", f"{info.label} needs the needle record")
            if not info.needle and self.needle is not None:
                check.fail("needle", f"{info.label} has no needle record")
            if isinstance(self.needle, NeedleRecord):
                has_agent = self.needle.agent is not None
                if self.kind is TreatmentKind.TRP_INJECTION and not has_agent:
                    check.fail("needle.agent", "an injection needs its agent")
                if self.kind is TreatmentKind.DRY_NEEDLING and has_agent:
                    check.fail("needle.agent", "dry needling injects no agent")
        if not isinstance(self.trigger_point_ids, tuple) or len(set(self.trigger_point_ids)) != len(
            self.trigger_point_ids
        ):
            check.fail("trigger_point_ids", "must list each trigger point once")
        check.text("notes", self.notes, max_len=NOTES_MAX)
        if not is_uid(self.uid):
            check.fail("uid", "must be 32 lowercase hex digits")
        check.done()
        # Freeze the mapping too, so a stored treatment cannot change behind the store's back.
        object.__setattr__(self, "details", MappingProxyType(dict(self.details)))

    @property
    def label(self) -> str:
        return CATALOG[self.kind].label


def _check_details(check: Checker, kind: TreatmentKind, details: object) -> None:
    if not isinstance(details, Mapping):
        check.fail("details", "must be a mapping of detail names to values")
        return
    fields = {f.name: f for f in CATALOG[kind].details}
    for name, value in details.items():
        spec = fields.get(name)
        if spec is None:
            allowed = ", ".join(fields) or "none"
            check.fail(f"details.{name}", f"is not a detail of {kind.value} (allowed: {allowed})")
        elif spec.kind is str:
            check.text(f"details.{name}", value, max_len=spec.max_len)
        elif spec.kind is int:
            check.int_range(f"details.{name}", value, int(spec.lo), int(spec.hi), optional=False)
        else:
            check.number_range(f"details.{name}", value, spec.lo, spec.hi, optional=False)


def lidocaine_total_mg(treatments: tuple[Treatment, ...] | list[Treatment]) -> float:
    """Lidocaine given across a visit's injections, in mg."""
    return sum(
        t.needle.total_mg or 0.0
        for t in treatments
        if t.needle is not None and t.needle.agent is Agent.LIDOCAINE
    )
