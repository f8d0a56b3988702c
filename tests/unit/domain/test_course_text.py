"""The change table's wording, the same on screen and on paper but for numbers, spaces
and what fills an empty cell."""

from __future__ import annotations

import datetime as dt

import pytest

from bodymap.domain.course import ChangeRow, Group, Sample
from bodymap.domain.course_text import NO_THRESHOLD, SCREEN, ChangeWording, value_text

DAY = dt.date(2026, 3, 2)
NBSP = "\u00a0"
PAPER = ChangeWording(number=lambda v: f"{round(v, 1):g}", space=NBSP, blank="–", alone="–")


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


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [(7, "/10", "7/10"), (52.5, "°", "52.5°"), (212.4, "kPa", "212 kPa"), (0.6, "%", "0.6 %")],
)
def test_value_text(value: float, unit: str, text: str) -> None:
    assert value_text(value, unit) == text


def test_an_improvement_that_matters() -> None:
    r = row(7, 4, mcid_met=True, within_mdc=False)
    assert SCREEN.cells(r) == ("Pain now (NRS)", "7/10", "4/10", "−3", "−43 %", "met", "beyond")


def test_a_change_inside_the_noise() -> None:
    r = row(6, 5, mcid_met=False, within_mdc=True)
    assert (SCREEN.mcid(r), SCREEN.mdc(r)) == ("not met", "noise")


def test_worse_is_said_plainly() -> None:
    r = row(3, 6, mcid_met=False, within_mdc=False)
    assert (SCREEN.change(r), SCREEN.mcid(r)) == ("+3", "not met, worse")


def test_no_established_mcid_or_mdc() -> None:
    r = row(200, 300, lower_is_better=False)
    assert (SCREEN.mcid(r), SCREEN.mdc(r), SCREEN.percent(r)) == (
        NO_THRESHOLD, NO_THRESHOLD, "+50 %",
    )  # fmt: skip


def test_one_value_and_a_zero_baseline() -> None:
    alone = row(5, None)
    assert SCREEN.cells(alone)[2:] == ("", "", "", "one value", "")
    zero = row(0, 2)
    assert (SCREEN.change(zero), SCREEN.percent(zero)) == ("+2", "n/a")


def test_no_change_and_a_change_too_small_to_show() -> None:
    assert (SCREEN.change(row(4, 4)), SCREEN.percent(row(4, 4))) == ("±0", "±0 %")
    tiny = row(10, 10.04, unit="kPa")
    assert (SCREEN.change(tiny), PAPER.change(tiny)) == ("±0", "±0")


def test_paper_keeps_the_words_and_writes_its_own_numbers_and_gaps() -> None:
    r = row(212.4, 350.66, unit="kPa", lower_is_better=False, mcid_met=None, within_mdc=None)
    assert SCREEN.cells(r)[1:5] == ("212 kPa", "351 kPa", "+138", "+65 %")
    assert PAPER.cells(r)[1:5] == (
        f"212.4{NBSP}kPa", f"350.7{NBSP}kPa", "+138.3", f"+65{NBSP}%",
    )  # fmt: skip
    assert PAPER.verdict_cells(r)[2:] == SCREEN.verdict_cells(r)[2:] == (NO_THRESHOLD,) * 2
    assert PAPER.cells(row(5, None))[2:] == ("–",) * 5
