"""Fixtures for the body-map tests: a temporary database with a patient and a draft visit."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

# tests/conftest.py may set these too; the body-map tests must never open a real window
# or touch a real settings profile, whoever runs them.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QPointF, Qt
from PySide6.QtGui import QUndoStack

from bodymap.domain.patient import Patient, Sex
from bodymap.domain.template import HEIGHT_MM, WIDTH_MM
from bodymap.domain.visit import Visit
from bodymap.store import Mode, Store
from bodymap.ui.body_map import BodyMapPanel, BodyMapView
from bodymap.ui.session import Session

QCoreApplication.setApplicationName("bodymap-tests")
QCoreApplication.setOrganizationName("bodymap-tests")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "map.db"
    with Store.open(path, Mode.CREATE) as store:
        patient = store.patients.add(
            Patient(
                chart_no="T-1",
                family_name="Testperson",
                given_names="Ada",
                date_of_birth=dt.date(1980, 5, 17),
                sex=Sex.FEMALE,
            )
        )
        assert patient.id is not None
        store.visits.add(
            Visit(patient_id=patient.id, visit_date=dt.date(2025, 3, 3), clinician="Dr Test")
        )
    return path


@pytest.fixture
def session(db_path: Path) -> Iterator[Session]:
    s = Session.open(db_path)
    yield s
    s.close()


@pytest.fixture
def visit_id(session: Session) -> int:
    (patient,) = session.search_patients("")
    assert patient.id is not None
    (visit,) = session.visits_for(patient.id)
    assert visit.id is not None
    return visit.id


@pytest.fixture
def stack() -> QUndoStack:
    return QUndoStack()


@pytest.fixture
def open_panel(qtbot, session: Session) -> Callable[..., BodyMapPanel]:
    """Open a shown, fitted panel on a visit, as the visit screen would."""

    def make(visit_id: int, stack: QUndoStack, size: tuple[int, int] = (1000, 900)) -> BodyMapPanel:
        widget = BodyMapPanel(session, visit_id, stack)
        qtbot.addWidget(widget)
        widget.resize(*size)
        widget.show()
        qtbot.waitExposed(widget)
        widget.view.fit_to_window()
        return widget

    return make


@pytest.fixture
def panel(open_panel, visit_id: int, stack: QUndoStack) -> BodyMapPanel:
    return open_panel(visit_id, stack, (1200, 1000))


def norm_to_view(view: BodyMapView, x: float, y: float) -> QPoint:
    """A normalised template point as a viewport pixel position."""
    return view.mapFromScene(QPointF(x * WIDTH_MM, y * HEIGHT_MM))


def click(qtbot, view: BodyMapView, x: float, y: float) -> None:
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=norm_to_view(view, x, y))


def store_rows(session: Session, visit_id: int) -> tuple[object, ...]:
    """The visit's map as stored (ids left out: undo may re-insert rows under new ids)."""
    store = session.store
    points = sorted(
        (p.uid, p.label, p.muscle_id, p.side, round(p.position.x, 6), round(p.position.y, 6),
         p.first_visit_id, p.resolved_visit_id)
        for p in store.trigger_points.for_patient(
            store.visits.get(visit_id).patient_id
        )
    )  # fmt: skip
    findings = sorted((f.uid, f.visit_id) for f in store.findings.for_visit(visit_id))
    zones = sorted(
        (z.uid, z.quality, z.polygons, z.extent_percent)
        for z in store.referral_zones.for_visit(visit_id)
    )
    return tuple(points), tuple(findings), tuple(zones)
