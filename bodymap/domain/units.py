"""Pressure units of the pressure pain threshold (DOMAIN.md section 2). Exact factors."""

from __future__ import annotations

from enum import StrEnum

KPA_PER_KGF_CM2 = 98.0665  # 1 kgf = 9.80665 N, and 1 N/cm2 = 10 kPa
KPA_PER_N_CM2 = 10.0


class PressureUnit(StrEnum):
    KGF_CM2 = "kgf/cm2"
    KPA = "kPa"
    N_CM2 = "N/cm2"

    @property
    def kpa(self) -> float:
        """How many kPa one of this unit is."""
        return {"kgf/cm2": KPA_PER_KGF_CM2, "kPa": 1.0, "N/cm2": KPA_PER_N_CM2}[self.value]

    @property
    def symbol(self) -> str:
        return {"kgf/cm2": "kgf/cm²", "kPa": "kPa", "N/cm2": "N/cm²"}[self.value]


def convert_pressure(value: float, from_unit: PressureUnit, to_unit: PressureUnit) -> float:
    return value * from_unit.kpa / to_unit.kpa
