"""What the change table and the range presets say, checked directly."""

from __future__ import annotations

import datetime as dt

import pytest

from bodymap.domain.course import ChangeRow, Group, Sample
from bodymap.ui.progress.change_table import (
    NONE,
    change_text,
    mcid_text,
    mdc_text,
    percent_text,
)
from bodymap.ui.progress.date_range import months_before

DAY = dt.date(2026, 3, 2)


def row(baseline: float, latest: float | None, **kw: object) -> ChangeRow:
    fields: dict[str, object] = {
        "key": "nrs_now",
        "label": "Pain now (NRS)",
        "unit": "/10",
        "group": Group.PAIN,
        "lower_is_better": True,
        "baseline": Sample(1, DAY, baseline),
        "latest": None if latest is None else Sample(2, DAY + dt.timedelta(days=14), latest),
    }
    fields.update(kw)
    return ChangeRow(**fields)  # type: ignore[arg-type]


def test_an_improvement_that_matters() -> None:
    r = row(7, 4, mcid_met=True, within_mdc=False)
    assert (change_text(r), percent_text(r), mcid_text(r), mdc_text(r)) == (
        "−3", "−43 %", "met", "beyond",
    )  # fmt: skip


def test_a_change_inside_the_noise() -> None:
    r = row(6, 5, mcid_met=False, within_mdc=True)
    assert (mcid_text(r), mdc_text(r)) == ("not met", "noise")


def test_worse_is_said_plainly() -> None:
    r = row(3, 6, mcid_met=False, within_mdc=False)
    assert (change_text(r), mcid_text(r)) == ("+3", "not met, worse")


def test_no_established_mcid_or_mdc() -> None:
    r = row(200, 300, lower_is_better=False)
    assert (mcid_text(r), mdc_text(r), percent_text(r)) == (NONE, NONE, "+50 %")


def test_one_value_and_a_zero_baseline() -> None:
    assert (change_text(row(5, None)), mcid_text(row(5, None)), mdc_text(row(5, None))) == (
        "", "one value", "",
    )  # fmt: skip
    zero = row(0, 2)
    assert (change_text(zero), percent_text(zero)) == ("+2", "n/a")
    assert change_text(row(4, 4)) == "±0"


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
