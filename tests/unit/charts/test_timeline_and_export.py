"""Shared chart pieces: dates, margins that stay in inches, the chart registry, export."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from matplotlib import dates as mdates

from bodymap.charts import CHART_KINDS, CHART_KINDS_BY_KEY, save_figure
from bodymap.charts.pain import MARGINS, pain_chart
from bodymap.charts.timeline import day_number, value_text

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_day_number_is_matplotlibs_date_number() -> None:
    for day in (dt.date(1970, 1, 1), dt.date(2026, 2, 28), dt.date(2031, 12, 31)):
        assert day_number(day) == mdates.date2num(day)


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [(7, "/10", "7/10"), (52.5, "°", "52.5°"), (212.4, "kPa", "212 kPa"), (0.6, "%", "0.6 %")],
)
def test_value_text(value: float, unit: str, text: str) -> None:
    assert value_text(value, unit) == text


def test_margins_stay_in_inches_when_the_figure_resizes(course) -> None:
    chart = pain_chart(course)
    for width, height in ((6.7, 4.2), (12.0, 8.0)):
        chart.figure.set_size_inches(width, height)
        chart.relayout()
        box = chart.figure.axes[0].get_position()
        assert box.x0 * width == pytest.approx(MARGINS.left)
        assert (1 - box.y1) * height == pytest.approx(MARGINS.top)


def test_every_chart_kind_builds_a_print_sized_figure(course) -> None:
    assert [k.key for k in CHART_KINDS] == ["pain", "movement", "trigger_points"]
    for kind in CHART_KINDS:
        figure = kind.figure(course)
        assert figure.get_size_inches()[0] == pytest.approx(6.7)  # A4 text width


def test_export_png_and_svg(course, tmp_path: Path) -> None:
    kind = CHART_KINDS_BY_KEY["pain"]
    png = kind.export(course, tmp_path / "pain.png")
    assert png.read_bytes().startswith(PNG_SIGNATURE)
    svg = kind.export(course, tmp_path / "pain.svg")
    root = ET.parse(svg).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    # Text is kept as text (svg.fonttype "none"), so the title can be found in it.
    texts = [el.text for el in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Pain - Doe, Ann" in texts


def test_export_refuses_an_unknown_format(course, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="save as"):
        save_figure(CHART_KINDS[0].figure(course), tmp_path / "chart.bmp")
    assert not (tmp_path / "chart.bmp").exists()
