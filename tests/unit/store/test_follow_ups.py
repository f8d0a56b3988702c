"""Overdue reassessments and the settings kept in the database."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from bodymap.domain.dose import DEFAULT_LIMITS, DoseLimits
from bodymap.domain.validation import ValidationError
from bodymap.store import Store


def _visit_due(store: Store, make, patient, day: dt.date, due: dt.date | None):
    visit = make.visit(patient, day)
    return store.visits.update(dataclasses.replace(visit, reassess_on=due))


def test_only_the_latest_visit_of_a_patient_decides_whether_they_are_overdue(
    store: Store, make
) -> None:
    seen_again = make.patient("P-1")
    overdue = make.patient("P-2")
    not_yet = make.patient("P-3")
    no_date = make.patient("P-4")
    _visit_due(store, make, seen_again, dt.date(2026, 1, 5), dt.date(2026, 1, 26))
    _visit_due(store, make, seen_again, dt.date(2026, 1, 27), dt.date(2026, 2, 17))
    _visit_due(store, make, overdue, dt.date(2026, 1, 5), dt.date(2026, 1, 26))
    _visit_due(store, make, not_yet, dt.date(2026, 1, 20), dt.date(2026, 2, 10))
    _visit_due(store, make, no_date, dt.date(2026, 1, 5), None)

    due = store.visits.reassessments_due(dt.date(2026, 2, 10))

    assert due == {overdue.id: dt.date(2026, 1, 26)}
    # The day itself is not overdue; the day after is.
    assert not_yet.id in store.visits.reassessments_due(dt.date(2026, 2, 11))


def test_dose_limits_default_to_the_label_values_and_can_be_set(store: Store) -> None:
    assert store.settings.dose_limits() == DEFAULT_LIMITS
    lower = DoseLimits(lidocaine_mg_per_kg=3.0, lidocaine_cap_mg=200.0)
    store.settings.set_dose_limits(lower)
    assert store.settings.dose_limits() == lower


def test_an_unusable_stored_limit_falls_back_to_the_defaults(store: Store) -> None:
    store.settings.set("dose_limits", {"lidocaine_mg_per_kg": "lots"})
    assert store.settings.dose_limits() == DEFAULT_LIMITS


def test_a_limit_out_of_range_is_refused_naming_the_field(store: Store) -> None:
    with pytest.raises(ValidationError, match=r"dose_limits\.lidocaine_cap_mg"):
        store.settings.set_dose_limits(DoseLimits(lidocaine_cap_mg=5000.0))
    assert store.settings.dose_limits() == DEFAULT_LIMITS
