"""What one visit's injections add up to, checked against the maxima (DOMAIN.md section 6).

The arithmetic of each injection (mg per mL, mg per point, its total) and the visit's
totals: lidocaine against the maximum for the patient's weight, corticosteroid against the
usual 4-30 mg. Everything here warns; nothing refuses a record, because the clinician may
have a reason the numbers do not show.

Epinephrine: the higher lidocaine maximum rests on the vasoconstrictor slowing absorption.
Plain lidocaine given in the same session does not get that benefit, so the higher limit
applies only when *every* lidocaine injection of the visit was with epinephrine; otherwise
the plain limit applies to the whole lidocaine total (the cautious reading).

An :class:`InjectionDose` can be built from raw figures that would not pass validation, so
an editor can show the arithmetic live while a value is still out of range.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bodymap.domain import dose
from bodymap.domain.dose import DEFAULT_LIMITS, DoseCheck, DoseLimits
from bodymap.domain.treatment import Agent, NeedleRecord, Treatment

LIMITS_NOTE = (
    "The lidocaine maxima are product-label values to verify locally; "
    "they are a setting of this database."
)
_LOCAL_ANAESTHETICS = (Agent.LIDOCAINE, Agent.BUPIVACAINE)


def number_text(value: float) -> str:
    """A dose as a clinician writes it: 30, 7.5, 0.25 (no float noise like 0.30000001)."""
    return f"{round(value, 2):g}"


@dataclass(frozen=True, slots=True, kw_only=True)
class InjectionDose(dose.InjectedAmounts):
    """The dose figures of one injection (one treatment)."""

    agent: Agent
    points_count: int
    concentration_percent: float | None = None
    volume_per_point_ml: float | None = None
    with_epinephrine: bool = False
    corticosteroid_mg: float | None = None  # the injection's total, not per point

    @classmethod
    def of(cls, needle: NeedleRecord) -> InjectionDose | None:
        """The injection's figures; None for dry needling (nothing injected)."""
        if needle.agent is None:
            return None
        return cls(
            agent=needle.agent,
            points_count=needle.points_count,
            concentration_percent=needle.concentration_percent,
            volume_per_point_ml=needle.volume_per_point_ml,
            with_epinephrine=needle.with_epinephrine,
            corticosteroid_mg=needle.corticosteroid_mg,
        )

    @property
    def mg_per_ml(self) -> float | None:
        if self.concentration_percent is None:
            return None
        return dose.mg_per_ml(self.concentration_percent)

    # mg_per_point, total_mg and total_volume_ml: dose.InjectedAmounts

    def describe(self) -> str:
        """'Lidocaine 1 %: 10 mg/mL × 1 mL = 10 mg per point × 3 points = 30 mg'."""
        name = self.agent.value.capitalize()
        count = f"{self.points_count} point{'s' if self.points_count != 1 else ''}"
        per_ml, per_point, total = self.mg_per_ml, self.mg_per_point, self.total_mg
        if per_ml is not None and per_point is not None and total is not None:
            assert self.concentration_percent is not None  # implied by per_ml
            assert self.volume_per_point_ml is not None  # implied by per_point
            epi = " with epinephrine" if self.with_epinephrine else ""
            return (
                f"{name} {number_text(self.concentration_percent)} %{epi}: "
                f"{number_text(per_ml)} mg/mL × {number_text(self.volume_per_point_ml)} mL "
                f"= {number_text(per_point)} mg per point × {count} = {number_text(total)} mg"
            )
        parts = [name]
        if per_ml is not None and self.concentration_percent is not None:
            parts[0] += f" {number_text(self.concentration_percent)} %: {number_text(per_ml)} mg/mL"
        if self.corticosteroid_mg is not None:
            parts.append(f"{number_text(self.corticosteroid_mg)} mg")
        if self.total_volume_ml is not None and self.volume_per_point_ml is not None:
            parts.append(
                f"{number_text(self.volume_per_point_ml)} mL per point × {count} "
                f"= {number_text(self.total_volume_ml)} mL"
            )
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class DoseSummary:
    """A visit's injections against the patient's weight and the dose settings."""

    injections: tuple[InjectionDose, ...]
    weight_kg: float | None
    limits: DoseLimits = DEFAULT_LIMITS

    def _total(self, agent: Agent) -> float:
        return sum(d.total_mg or 0.0 for d in self.injections if d.agent is agent)

    def _of(self, agent: Agent) -> list[InjectionDose]:
        return [d for d in self.injections if d.agent is agent]

    @property
    def lidocaine_mg(self) -> float:
        return self._total(Agent.LIDOCAINE)

    @property
    def bupivacaine_mg(self) -> float:
        return self._total(Agent.BUPIVACAINE)

    @property
    def epinephrine_limit(self) -> bool:
        """Whether the higher with-epinephrine maximum applies (see the module docstring)."""
        lidocaine = self._of(Agent.LIDOCAINE)
        return bool(lidocaine) and all(d.with_epinephrine for d in lidocaine)

    @property
    def mixed_epinephrine(self) -> bool:
        lidocaine = self._of(Agent.LIDOCAINE)
        return any(d.with_epinephrine for d in lidocaine) and not self.epinephrine_limit

    @property
    def lidocaine(self) -> DoseCheck | None:
        """The check of the lidocaine total; None when the visit gives no lidocaine."""
        if not self._of(Agent.LIDOCAINE):
            return None
        return dose.check_lidocaine(
            self.lidocaine_mg,
            self.weight_kg,
            with_epinephrine=self.epinephrine_limit,
            limits=self.limits,
        )

    @property
    def lidocaine_exceeded(self) -> bool:
        check = self.lidocaine
        return check is not None and check.exceeded

    @property
    def corticosteroid_mg(self) -> float | None:
        """The corticosteroid given at this visit; None when none was."""
        steroid = [d.corticosteroid_mg or 0.0 for d in self._of(Agent.CORTICOSTEROID)]
        return sum(steroid) if steroid else None

    @property
    def corticosteroid_ok(self) -> bool | None:
        total = self.corticosteroid_mg
        return None if total is None else dose.corticosteroid_in_range(total)

    def limit_basis(self) -> str:
        """How the lidocaine maximum was found, e.g. '4.5 mg/kg × 70 kg = 315 mg, capped
        at 300 mg, without epinephrine'."""
        epi = self.epinephrine_limit
        limits = self.limits
        per_kg = limits.lidocaine_epi_mg_per_kg if epi else limits.lidocaine_mg_per_kg
        cap = limits.lidocaine_epi_cap_mg if epi else limits.lidocaine_cap_mg
        which = "with epinephrine" if epi else "without epinephrine"
        if self.weight_kg is None:
            return (
                f"no weight recorded, so only the absolute cap of {number_text(cap)} mg "
                f"applies ({which})"
            )
        by_weight = per_kg * self.weight_kg
        text = (
            f"{number_text(per_kg)} mg/kg × {number_text(self.weight_kg)} kg "
            f"= {number_text(by_weight)} mg"
        )
        if by_weight > cap:
            text += f", capped at {number_text(cap)} mg"
        return f"{text}, {which}"

    def lidocaine_text(self) -> str:
        check = self.lidocaine
        if check is None:
            return ""
        state = "EXCEEDS the" if check.exceeded else "of a"
        return (
            f"Lidocaine this visit: {number_text(check.total_mg)} mg {state} "
            f"{number_text(check.limit_mg)} mg maximum ({self.limit_basis()})."
        )

    def corticosteroid_text(self) -> str:
        total = self.corticosteroid_mg
        if total is None:
            return ""
        lo, hi = dose.CORTICOSTEROID_MG_RANGE
        where = "within" if self.corticosteroid_ok else "OUTSIDE"
        return (
            f"Corticosteroid this visit: {number_text(total)} mg, {where} the usual "
            f"{number_text(lo)}-{number_text(hi)} mg (depending on the area)."
        )

    def warnings(self) -> tuple[str, ...]:
        """What needs the clinician's attention; empty when every total is in range."""
        found: list[str] = []
        if self.lidocaine_exceeded:
            found.append(self.lidocaine_text())
        if self.corticosteroid_ok is False:
            found.append(self.corticosteroid_text())
        return tuple(found)

    def lines(self) -> tuple[str, ...]:
        """Every visit total in words, warnings included, for a summary on screen."""
        found = [self.lidocaine_text()]
        if self.mixed_epinephrine:
            found.append(
                "Some lidocaine was given without epinephrine, so the lower plain-lidocaine "
                "maximum applies to the whole total."
            )
        if self.bupivacaine_mg:
            found.append(
                f"Bupivacaine this visit: {number_text(self.bupivacaine_mg)} mg "
                "(no maximum is checked here: verify against the product label)."
            )
        found.append(self.corticosteroid_text())
        return tuple(line for line in found if line)


def visit_doses(treatments: Iterable[Treatment]) -> tuple[InjectionDose, ...]:
    """The injections among a visit's treatments (dry needling injects nothing)."""
    doses = (InjectionDose.of(t.needle) for t in treatments if t.needle is not None)
    return tuple(d for d in doses if d is not None)


def summarize(
    doses: Iterable[InjectionDose],
    weight_kg: float | None,
    limits: DoseLimits = DEFAULT_LIMITS,
) -> DoseSummary:
    return DoseSummary(tuple(doses), weight_kg, limits)


def summarize_visit(
    treatments: Iterable[Treatment],
    weight_kg: float | None,
    limits: DoseLimits = DEFAULT_LIMITS,
) -> DoseSummary:
    return summarize(visit_doses(treatments), weight_kg, limits)


def is_local_anaesthetic(agent: Agent | None) -> bool:
    return agent in _LOCAL_ANAESTHETICS
