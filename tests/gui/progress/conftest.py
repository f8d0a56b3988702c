"""A progress view on a private copy of the demo database."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from bodymap.domain.visit import Visit
from bodymap.ui.progress import ProgressView
from bodymap.ui.session import Session


@dataclass
class Progress:
    view: ProgressView
    session: Session
    patient_id: int
    draft: Visit  # the patient's last visit, still a draft: its records can be edited


@pytest.fixture
def progress(qtbot: QtBot, demo_db: Path) -> Iterator[Progress]:
    """The view shown for a demo patient whose last visit is a draft."""
    session = Session.open(demo_db)
    patient_id, draft = next(
        (p.id, visits[-1])
        for p in session.search_patients("")
        if (visits := session.visits_for(p.id)) and not visits[-1].is_signed
    )
    view = ProgressView(session)
    qtbot.addWidget(view)
    view.resize(1300, 800)
    view.set_patient(patient_id)
    view.show()
    qtbot.waitExposed(view)
    yield Progress(view, session, patient_id, draft)
    view.cleanup()
    session.close()


@pytest.fixture
def click_mark(qtbot: QtBot):
    """Click the data point of one series at one visit with a real mouse event."""

    def click(view: ProgressView, gid: str, visit_id: int) -> QPoint:
        canvas = view.canvases[view.current_key()]
        canvas.draw()  # positions are final only once drawn
        assert canvas.chart is not None
        mark = canvas.chart.mark_at(*canvas.chart.position_of(gid, visit_id))
        assert mark is not None
        where = canvas.widget_point(mark)
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=where)
        return where

    return click
