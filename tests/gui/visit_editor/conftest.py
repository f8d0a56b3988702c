"""Fixtures for the visit-editor tests: a patient (70 kg) with a signed first visit and a
draft follow-up that carries three trigger points, shown in a real VisitPanel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from bodymap.domain.finding import Finding
from bodymap.domain.muscles import Side
from bodymap.domain.patient import Patient, Sex
from bodymap.domain.trigger_point import MapPosition, TriggerPoint
from bodymap.domain.visit import Visit
from bodymap.store import Mode, Store
from bodymap.ui.session import Session
from bodymap.ui.visit_editor import VisitEditor
from bodymap.ui.visit_panel import VisitPanel

FIRST_DAY = dt.date(2026, 10, 5)
FOLLOW_UP_DAY = dt.date(2026, 10, 26)
POINTS = (  # muscle, side, x, y
    ("trapezius_upper", Side.RIGHT, 0.62, 0.17),
    ("levator_scapulae", Side.LEFT, 0.41, 0.16),
    ("infraspinatus", Side.RIGHT, 0.70, 0.36),
)


@dataclass(frozen=True)
class Chart:
    """Ids of what the fixture database holds."""

    patient_id: int
    first_visit_id: int  # signed, with findings and measures
    visit_id: int  # the draft follow-up on screen
    point_ids: tuple[int, ...]


@pytest.fixture
def chart_db(tmp_path: Path) -> tuple[Path, Chart]:
    path = tmp_path / "visits.db"
    with Store.open(path, Mode.CREATE) as store:
        patient = store.patients.add(
            Patient(
                chart_no="V-1",
                family_name="Testperson",
                given_names="Vera",
                date_of_birth=dt.date(1979, 2, 11),
                sex=Sex.FEMALE,
                weight_kg=70.0,
            )
        )
        assert patient.id is not None
        first = store.visits.add(
            Visit(
                patient_id=patient.id,
                visit_date=FIRST_DAY,
                clinician="Dr Test",
                escalation_step=None,
                plan="Heat and stretching at home",
            )
        )
        assert first.id is not None
        point_ids = []
        for label, (muscle, side, x, y) in enumerate(POINTS, start=1):
            tp = store.trigger_points.add(
                TriggerPoint(
                    patient_id=patient.id,
                    muscle_id=muscle,
                    side=side,
                    label=label,
                    position=MapPosition(x=x, y=y),
                    first_visit_id=first.id,
                )
            )
            assert tp.id is not None
            point_ids.append(tp.id)
            store.findings.add(
                Finding(
                    visit_id=first.id,
                    trigger_point_id=tp.id,
                    taut_band=True,
                    tenderness=2,
                    pain_recognition=True,
                    nrs_on_compression=6,
                )
            )
        store.measurements.record(first.id, "nrs_now", 6)
        store.measurements.record(first.id, "nrs_worst", 8)
        store.measurements.record(first.id, "cervical_rotation_l", 55)
        store.visits.sign(first.id, "Dr Test")
    session = Session.open(path)
    try:
        follow_up = session.new_visit(patient.id, visit_date=FOLLOW_UP_DAY)
    finally:
        session.close()
    assert follow_up.id is not None
    return path, Chart(patient.id, first.id, follow_up.id, tuple(point_ids))


@pytest.fixture
def chart(chart_db: tuple[Path, Chart]) -> Chart:
    return chart_db[1]


@pytest.fixture
def session(chart_db: tuple[Path, Chart]) -> Iterator[Session]:
    s = Session.open(chart_db[0])
    yield s
    s.close()


@pytest.fixture
def open_visit(qtbot: QtBot, session: Session):
    """Show a visit in a real VisitPanel (map beside the editor), as the patient page does."""

    def make(visit_id: int) -> VisitPanel:
        panel = VisitPanel(session)
        qtbot.addWidget(panel)
        panel.resize(1400, 900)
        panel.show()
        qtbot.waitExposed(panel)
        panel.show_visit(session.visit(visit_id))
        assert panel.editor is not None
        return panel

    return make


@pytest.fixture
def panel(open_visit, chart: Chart) -> VisitPanel:
    """The draft follow-up on screen."""
    return open_visit(chart.visit_id)


@pytest.fixture
def editor(panel: VisitPanel) -> VisitEditor:
    assert panel.editor is not None
    return panel.editor
