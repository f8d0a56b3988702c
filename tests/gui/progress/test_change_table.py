"""The change table's shading is the theme's: switching theme recolours the rows on the
next paint, without rebuilding them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from bodymap.domain.course import ChangeRow, Group, Sample
from bodymap.ui.app import TONES, Theme, apply_look
from bodymap.ui.progress.change_table import ChangeTable

DAY = dt.date(2026, 3, 2)
MCID, MDC = 5, 6  # columns


def row(baseline: float, latest: float, **kw: object) -> ChangeRow:
    return ChangeRow(
        key="nrs_now", label="Pain now (NRS)", unit="/10", group=Group.PAIN,
        lower_is_better=True, baseline=Sample(1, DAY, baseline),
        latest=Sample(2, DAY + dt.timedelta(days=14), latest), **kw,  # type: ignore[arg-type]
    )  # fmt: skip


@pytest.fixture
def restore_theme(qapp: QApplication) -> Iterator[None]:
    yield
    apply_look(qapp, Theme.SYSTEM)  # what the other tests run with (light, offscreen)


def painted(table: ChangeTable, r: int, c: int) -> QColor:
    """The colour drawn just inside a cell's corner (clear of its text)."""
    table.viewport().repaint()
    rect = table.visualRect(table.model().index(r, c))
    return table.viewport().grab().toImage().pixelColor(rect.topLeft() + QPoint(3, 3))


def test_shading_follows_the_theme(qtbot: QtBot, qapp: QApplication, restore_theme: None) -> None:
    apply_look(qapp, Theme.LIGHT)
    table = ChangeTable()
    qtbot.addWidget(table)
    table.resize(700, 200)
    table.set_rows(
        [
            row(7, 4, mcid_met=True, within_mdc=False),  # met: good
            row(3, 6, mcid_met=False, within_mdc=False),  # worse: bad
            row(6, 5, mcid_met=False, within_mdc=True),  # noise: muted, italic
        ]
    )
    table.show()
    qtbot.waitExposed(table)
    for theme, pick in ((Theme.LIGHT, 0), (Theme.DARK, 1)):
        apply_look(qapp, theme)
        good, bad = table.item(0, MCID), table.item(1, MCID)
        assert good.background().color() == QColor(TONES["good_bg"][pick])
        assert bad.background().color() == QColor(TONES["bad_bg"][pick])
        assert table.item(2, MDC).foreground().color() == QColor(TONES["muted"][pick])
        assert table.item(2, MDC).font().italic()
        assert painted(table, 0, MCID) == QColor(TONES["good_bg"][pick])
        assert painted(table, 1, MCID) == QColor(TONES["bad_bg"][pick])
