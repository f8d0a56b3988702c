"""Validation that names the field and what is allowed.

Every constructor in the domain validates itself; a bad value raises :class:`ValidationError`
carrying one :class:`FieldError` per problem so a form or an importer can show them all.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

E = TypeVar("E", bound=Enum)

# C0 control characters other than tab, newline and carriage return have no place in a
# clinical note and break printing and exports.
_FORBIDDEN_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
EARLIEST_DATE = dt.date(1900, 1, 1)


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ValidationError(ValueError):
    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors: tuple[FieldError, ...] = tuple(errors)
        super().__init__("; ".join(str(e) for e in self.errors))

    @classmethod
    def single(cls, field: str, message: str) -> ValidationError:
        return cls([FieldError(field, message)])


class Checker:
    """Collects the problems of one record, then raises them together."""

    def __init__(self, record: str = "") -> None:
        self._prefix = f"{record}." if record else ""
        self.errors: list[FieldError] = []

    def fail(self, field: str, message: str) -> None:
        self.errors.append(FieldError(self._prefix + field, message))

    def done(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)

    def int_range(self, field: str, value: object, lo: int, hi: int, *, optional: bool) -> None:
        if value is None:
            if not optional:
                self.fail(field, f"is required (a whole number from {lo} to {hi})")
            return
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(field, f"must be a whole number from {lo} to {hi}, not {value!r}")
        elif not lo <= value <= hi:
            self.fail(field, f"must be from {lo} to {hi}, not {value}")

    def number_range(
        self,
        field: str,
        value: object,
        lo: float,
        hi: float,
        *,
        optional: bool,
        lo_open: bool = False,
        unit: str = "",
    ) -> None:
        suffix = f" {unit}" if unit else ""
        allowed = f"{'above' if lo_open else 'from'} {lo:g} {'up ' if lo_open else ''}to {hi:g}"
        if value is None:
            if not optional:
                self.fail(field, f"is required ({allowed}{suffix})")
            return
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(field, f"must be a number {allowed}{suffix}, not {value!r}")
            return
        number = float(value)
        if not math.isfinite(number):
            self.fail(field, f"must be a finite number {allowed}{suffix}")
        elif number > hi or number < lo or (lo_open and number == lo):
            self.fail(field, f"must be {allowed}{suffix}, not {number:g}")

    def text(self, field: str, value: object, *, max_len: int, required: bool = False) -> None:
        if not isinstance(value, str):
            self.fail(field, f"must be text, not {type(value).__name__}")
            return
        if required and not value.strip():
            self.fail(field, "is required")
        if len(value) > max_len:
            self.fail(field, f"must be at most {max_len} characters, not {len(value)}")
        if _FORBIDDEN_CONTROL.search(value):
            self.fail(field, "contains control characters (only tab and line breaks allowed)")

    def instance(self, field: str, value: object, cls: type, what: str, *, optional: bool) -> None:
        if value is None and optional:
            return
        if not isinstance(value, cls):
            self.fail(field, f"must be {what}")

    def flag(self, field: str, value: object, *, optional: bool = True) -> None:
        if value is None and optional:
            return
        if not isinstance(value, bool):
            self.fail(field, f"must be yes or no{' or not recorded' if optional else ''}")

    def choice(self, field: str, value: object, enum: type[E], *, optional: bool = False) -> None:
        if value is None and optional:
            return
        if not isinstance(value, enum):
            allowed = ", ".join(str(m.value) for m in enum)
            self.fail(field, f"must be one of {allowed}, not {value!r}")

    def date(
        self,
        field: str,
        value: object,
        *,
        optional: bool = False,
        not_after: dt.date | None = None,
    ) -> None:
        if value is None:
            if not optional:
                self.fail(field, "is required (a date, YYYY-MM-DD)")
            return
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            self.fail(field, f"must be a date (YYYY-MM-DD), not {value!r}")
            return
        if value < EARLIEST_DATE:
            self.fail(field, f"must be on or after {EARLIEST_DATE.isoformat()}")
        if not_after is not None and value > not_after:
            self.fail(field, f"must not be after {not_after.isoformat()}")


def parse_date(field: str, text: str) -> dt.date:
    """An ISO date from text, or a ValidationError naming the field."""
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise ValidationError.single(field, f"must be a date YYYY-MM-DD, not {text!r}") from None


def parse_datetime(field: str, text: str) -> dt.datetime:
    """An ISO date-time with a UTC offset, or a ValidationError naming the field."""
    try:
        value = dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        value = None
    if value is None or value.tzinfo is None:
        raise ValidationError.single(
            field, f"must be a date-time with offset, e.g. 2026-03-01T14:05:00+00:00, not {text!r}"
        )
    return value


def parse_enum(field: str, enum: type[E], value: object) -> E:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in enum)
        raise ValidationError.single(field, f"must be one of {allowed}, not {value!r}") from None
