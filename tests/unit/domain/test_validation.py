"""Validation names the field and what is allowed, for every record type."""

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bodymap.domain.patient import Patient, Sex
from bodymap.domain.validation import Checker, ValidationError, parse_date, parse_datetime


def make_patient(**changes: object) -> Patient:
    fields: dict[str, object] = {
        "chart_no": "P-0001",
        "family_name": "Okafor",
        "given_names": "Ada",
        "date_of_birth": dt.date(1980, 5, 17),
        "sex": Sex.FEMALE,
        "weight_kg": 64.5,
    }
    fields.update(changes)
    return Patient(**fields)  # type: ignore[arg-type]


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {e.field: e.message for e in exc.value.errors}


def test_a_valid_patient_keeps_its_values() -> None:
    p = make_patient()
    assert (p.chart_no, p.weight_kg, p.display_name) == ("P-0001", 64.5, "Okafor, Ada")
    assert len(p.uid) == 32


def test_every_problem_is_reported_with_its_field_and_range() -> None:
    with pytest.raises(ValidationError) as exc:
        make_patient(chart_no="", family_name="  ", weight_kg=900.0, sex="martian")
    errors = errors_of(exc)
    assert set(errors) == {
        "patient.chart_no",
        "patient.family_name",
        "patient.weight_kg",
        "patient.sex",
    }
    assert "from 2 to 400 kg" in errors["patient.weight_kg"]
    assert "female, male, other, unknown" in errors["patient.sex"]


@pytest.mark.parametrize("weight", [math.nan, math.inf, -math.inf])
def test_non_finite_numbers_are_refused(weight: float) -> None:
    with pytest.raises(ValidationError, match="weight_kg: must be a finite number"):
        make_patient(weight_kg=weight)


def test_booleans_are_not_numbers() -> None:
    with pytest.raises(ValidationError, match="weight_kg"):
        make_patient(weight_kg=True)


def test_birth_date_in_the_future_is_refused() -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="date_of_birth: must not be after"):
        make_patient(date_of_birth=tomorrow)


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_weight_is_accepted_exactly_inside_its_range(weight: float) -> None:
    inside = math.isfinite(weight) and 2.0 <= weight <= 400.0
    try:
        make_patient(weight_kg=weight)
    except ValidationError as exc:
        assert not inside
        assert [e.field for e in exc.errors] == ["patient.weight_kg"]
    else:
        assert inside


@given(st.text(max_size=120))
def test_any_unicode_name_is_kept_or_refused_with_a_reason(name: str) -> None:
    try:
        p = make_patient(family_name=name)
    except ValidationError as exc:
        fields = {e.field for e in exc.errors}
        assert fields == {"patient.family_name"}
        has_control = any((ord(c) < 32 and c not in "\t\n\r") or ord(c) == 127 for c in name)
        assert not name.strip() or len(name) > 100 or has_control
    else:
        assert p.family_name == name  # stored exactly as given


def test_control_characters_are_refused_but_line_breaks_kept() -> None:
    assert make_patient(notes="line one\nline two\ttab").notes.count("\n") == 1
    with pytest.raises(ValidationError, match="control characters"):
        make_patient(notes="bell\x07")


def test_checker_collects_then_raises_once() -> None:
    check = Checker("thing")
    check.int_range("count", 12, 0, 10, optional=False)
    check.text("label", 5, max_len=10)
    with pytest.raises(ValidationError) as exc:
        check.done()
    assert [str(e) for e in exc.value.errors] == [
        "thing.count: must be from 0 to 10, not 12",
        "thing.label: must be text, not int",
    ]


def test_parsers_name_the_field() -> None:
    assert parse_date("visit_date", "2026-02-03") == dt.date(2026, 2, 3)
    with pytest.raises(ValidationError, match="visit_date: must be a date YYYY-MM-DD"):
        parse_date("visit_date", "03/02/2026")
    with pytest.raises(ValidationError, match="signed_at: must be a date-time with offset"):
        parse_datetime("signed_at", "2026-02-03T10:00:00")
    assert parse_datetime("signed_at", "2026-02-03T10:00:00+00:00").tzinfo is not None
