"""Shared chart pieces: dates, ticks, margins that stay in inches, labels drawn from
glyph outlines, the chart registry, export."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from matplotlib import dates as mdates
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from bodymap.charts import CHART_KINDS, CHART_KINDS_BY_KEY, save_figure
from bodymap.charts.pain import MARGINS, pain_chart
from bodymap.charts.text import ChartText, Labels
from bodymap.charts.timeline import date_ticks, day_number, nice_ticks

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_day_number_is_matplotlibs_date_number() -> None:
    for day in (dt.date(1970, 1, 1), dt.date(2026, 2, 28), dt.date(2031, 12, 31)):
        assert day_number(day) == mdates.date2num(day)


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


def test_date_ticks_are_round_and_say_the_year_once() -> None:
    def ticks(first: dt.date, last: dt.date) -> list[str]:
        return [text for _, text in date_ticks(day_number(first), day_number(last))]

    assert ticks(dt.date(2021, 11, 29), dt.date(2026, 10, 10)) == [
        "2022", "2023", "2024", "2025", "2026",
    ]  # fmt: skip
    assert ticks(dt.date(2026, 8, 11), dt.date(2026, 11, 11)) == ["Sep 2026", "Oct", "Nov"]
    assert ticks(dt.date(2025, 10, 20), dt.date(2026, 4, 1)) == ["Nov 2025", "2026", "Mar"]
    # A few weeks: every other Monday.
    assert ticks(dt.date(2026, 1, 2), dt.date(2026, 2, 19)) == [
        "5 Jan 2026", "19 Jan", "2 Feb", "16 Feb",
    ]  # fmt: skip


def test_nice_ticks() -> None:
    assert nice_ticks(0, 10.4, 3) == [0, 5, 10]
    assert nice_ticks(100, 430, 4) == [100, 200, 300, 400]
    assert nice_ticks(20, 84, 3, quarters=False) == [20, 40, 60, 80]
    assert nice_ticks(0, 4.5, 2, integer=True) == [0, 2, 4]


def _ink(figure: Figure) -> tuple[int, int, int, int]:
    """The box of the non-white pixels of a figure drawn on Agg: x0, y0, x1, y1."""
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    image = np.asarray(canvas.buffer_rgba())[:, :, :3]
    rows, cols = np.nonzero((image < 200).any(axis=2))
    return cols.min(), rows.min(), cols.max(), rows.max()


@pytest.mark.parametrize(
    ("text", "kw"),
    [
        ("Passive care", {"ha": "right", "va": "center_baseline"}),
        ("2024", {"ha": "center", "va": "top"}),
        ("Pain - Doe, Ann", {"ha": "left", "va": "top", "fontweight": "bold", "fontsize": 9.5}),
        ("Pain, NRS 0-10", {"ha": "center", "va": "center", "rotation": 90,
                            "rotation_mode": "anchor"}),
        ("PPT, kPa\n(higher:\nless tender)", {"ha": "left", "va": "top"}),
        ("Step 2", {"ha": "left", "va": "bottom", "rotation": 30}),
    ],
)  # fmt: skip
def test_labels_are_drawn_where_matplotlib_draws_text(text: str, kw: dict) -> None:
    boxes = []
    for kind in (Text, ChartText, Labels):
        figure = Figure(figsize=(3, 2), dpi=100, facecolor="white")
        if kind is Labels:
            labels = Labels()
            figure.add_artist(labels)
            options = {"fontsize": 10.0, "color": "black", **kw}  # Text's defaults
            labels.add(1.5, 1.0, text, figure.dpi_scale_trans, **options)
        else:
            figure.add_artist(kind(1.5, 1.0, text, transform=figure.dpi_scale_trans, **kw))
        boxes.append(_ink(figure))
    matplotlib_box, *ours = boxes
    for box in ours:
        assert box == pytest.approx(matplotlib_box, abs=2)  # pixels


def test_labels_are_drawn_together_and_stay_text_in_svg(tmp_path: Path) -> None:
    figure = Figure(figsize=(3, 2))
    labels = Labels()
    figure.add_artist(labels)
    labels.add(0.1, 0.5, "Plain label", figure.transFigure, fontsize=8, color="black")
    labels.add(0.1, 0.2, "Bold one", figure.transFigure, fontsize=8, color="red", fontweight="bold")
    FigureCanvasAgg(figure).draw()  # straight from the labels: no Text made yet
    texts = [t.get_text() for t in figure.findobj(Text)]
    assert texts == ["Plain label", "Bold one"]  # made when asked for
    labels.texts[0].set_text("Changed")  # from now on the Text objects are drawn
    svg = save_figure(figure, tmp_path / "labels.svg")
    root = ET.parse(svg).getroot()
    assert [el.text for el in root.iter("{http://www.w3.org/2000/svg}text")] == [
        "Changed", "Bold one",
    ]  # fmt: skip


def test_chart_text_leaves_mathtext_to_matplotlib() -> None:
    figure = Figure(figsize=(3, 2))
    text = ChartText(0.1, 0.5, r"$\alpha$ math", transform=figure.transFigure)
    figure.add_artist(text)
    canvas = FigureCanvasAgg(figure)
    assert text.outline(canvas.get_renderer()) is None
    canvas.draw()  # drawn by matplotlib's own text machinery
    assert (np.asarray(canvas.buffer_rgba())[:, :, :3] < 200).any()
