"""Local anaesthetic and corticosteroid dose arithmetic (DOMAIN.md section 6).

Concentration in percent times 10 gives mg per mL. The lidocaine maxima are product-label
values to verify locally, so they live in :class:`DoseLimits`, a setting with these defaults.
"""

from __future__ import annotations

from dataclasses import dataclass

CORTICOSTEROID_MG_RANGE = (4.0, 30.0)  # per session, depending on the area


def mg_per_ml(concentration_percent: float) -> float:
    """1 % is 1 g per 100 mL, which is 10 mg per mL."""
    return concentration_percent * 10.0


def mg_per_point(concentration_percent: float, volume_per_point_ml: float) -> float:
    return mg_per_ml(concentration_percent) * volume_per_point_ml


class InjectedAmounts:
    """What an injection adds up to, from its concentration, volume per point and number
    of points: the one arithmetic for a stored needle record
    (:class:`~bodymap.domain.treatment.NeedleRecord`) and for figures still being typed
    (:class:`~bodymap.domain.dose_summary.InjectionDose`), which both inherit it."""

    __slots__ = ()  # the subclasses are slotted dataclasses holding the figures
    points_count: int
    concentration_percent: float | None
    volume_per_point_ml: float | None

    @property
    def mg_per_point(self) -> float | None:
        """Local anaesthetic in each point; None where no concentration applies."""
        if self.concentration_percent is None or self.volume_per_point_ml is None:
            return None
        return mg_per_point(self.concentration_percent, self.volume_per_point_ml)

    @property
    def total_mg(self) -> float | None:
        per_point = self.mg_per_point
        return None if per_point is None else per_point * self.points_count

    @property
    def total_volume_ml(self) -> float | None:
        if self.volume_per_point_ml is None:
            return None
        return self.volume_per_point_ml * self.points_count


@dataclass(frozen=True, slots=True)
class DoseLimits:
    lidocaine_mg_per_kg: float = 4.5
    lidocaine_cap_mg: float = 300.0
    lidocaine_epi_mg_per_kg: float = 7.0
    lidocaine_epi_cap_mg: float = 500.0

    def max_lidocaine_mg(self, weight_kg: float | None, *, with_epinephrine: bool) -> float:
        """The session maximum; without a weight only the absolute cap can be applied."""
        per_kg, cap = (
            (self.lidocaine_epi_mg_per_kg, self.lidocaine_epi_cap_mg)
            if with_epinephrine
            else (self.lidocaine_mg_per_kg, self.lidocaine_cap_mg)
        )
        if weight_kg is None:
            return cap
        return min(per_kg * weight_kg, cap)


DEFAULT_LIMITS = DoseLimits()


@dataclass(frozen=True, slots=True)
class DoseCheck:
    total_mg: float
    limit_mg: float
    weight_known: bool

    @property
    def exceeded(self) -> bool:
        return self.total_mg > self.limit_mg + 1e-9

    @property
    def message(self) -> str:
        basis = "for this patient's weight" if self.weight_known else "absolute cap; no weight"
        state = "EXCEEDS" if self.exceeded else "within"
        return f"Lidocaine {self.total_mg:g} mg {state} the {self.limit_mg:g} mg maximum ({basis})"


def check_lidocaine(
    total_mg: float,
    weight_kg: float | None,
    *,
    with_epinephrine: bool,
    limits: DoseLimits = DEFAULT_LIMITS,
) -> DoseCheck:
    limit = limits.max_lidocaine_mg(weight_kg, with_epinephrine=with_epinephrine)
    return DoseCheck(total_mg, limit, weight_kg is not None)


def corticosteroid_in_range(total_mg: float) -> bool:
    lo, hi = CORTICOSTEROID_MG_RANGE
    return lo <= total_mg <= hi
