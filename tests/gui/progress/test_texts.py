"""What the range presets say, checked directly (the change table's wording is tested in
tests/unit/domain/test_course_text.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from bodymap.ui.progress.date_range import months_before


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 5, 15), 3, dt.date(2026, 2, 15)),
        (dt.date(2026, 3, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2024, 5, 31), 3, dt.date(2024, 2, 29)),
        (dt.date(2026, 1, 10), 12, dt.date(2025, 1, 10)),
    ],
)
def test_months_before(day: dt.date, months: int, expected: dt.date) -> None:
    assert months_before(day, months) == expected
