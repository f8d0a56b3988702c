"""Fixtures for store tests: a fresh database and small builders of valid records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from bodymap.domain.muscles import Side
from bodymap.domain.patient import Patient, Sex
from bodymap.domain.trigger_point import MapPosition, TriggerPoint
from bodymap.domain.visit import Visit
from bodymap.store import Mode, Store


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "chart.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store.open(db_path, Mode.CREATE) as s:
        yield s


class Builders:
    """Valid records, stored, with only what a test cares about spelled out."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def patient(self, chart_no: str = "P-1", **kw: object) -> Patient:
        return _add_patient(self.store, chart_no, **kw)

    def visit(self, patient: Patient, day: dt.date = dt.date(2026, 2, 3)) -> Visit:
        return _add_visit(self.store, patient, day)

    def point(
        self, patient: Patient, label: int = 1, muscle: str = "trapezius_upper"
    ) -> TriggerPoint:
        return _add_point(self.store, patient, label, muscle)


@pytest.fixture
def make(store: Store) -> Builders:
    return Builders(store)


def _add_patient(store: Store, chart_no: str = "P-1", **kw: object) -> Patient:
    fields: dict[str, object] = {
        "chart_no": chart_no,
        "family_name": "Lindqvist",
        "given_names": "Maren",
        "date_of_birth": dt.date(1979, 4, 2),
        "sex": Sex.FEMALE,
        "weight_kg": 62.0,
    }
    fields.update(kw)
    return store.patients.add(Patient(**fields))  # type: ignore[arg-type]


def _add_visit(store: Store, patient: Patient, day: dt.date = dt.date(2026, 2, 3)) -> Visit:
    assert patient.id is not None
    return store.visits.add(Visit(patient_id=patient.id, visit_date=day, clinician="A. Moreau"))


def _add_point(
    store: Store, patient: Patient, label: int = 1, muscle: str = "trapezius_upper"
) -> TriggerPoint:
    assert patient.id is not None
    return store.trigger_points.add(
        TriggerPoint(
            patient_id=patient.id,
            muscle_id=muscle,
            side=Side.RIGHT,
            label=label,
            position=MapPosition(x=0.62, y=0.24),
        )
    )
