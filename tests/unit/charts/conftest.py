"""Courses to chart, built in memory, and helpers to read a Figure back.

The chart tests draw on the Agg backend: no Qt, no display.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import matplotlib
import numpy as np
import pytest
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from bodymap.domain.course import CoursePoint, CourseVisit, PatientCourse, PointReading
from bodymap.domain.finding import Activity
from bodymap.domain.muscles import Side
from bodymap.domain.treatment_catalog import TreatmentKind
from bodymap.domain.visit import EscalationStep

matplotlib.use("Agg")

D0 = dt.date(2026, 1, 5)
POINTS = (
    CoursePoint(id=11, label=1, muscle_id="trapezius_upper", side=Side.RIGHT),
    CoursePoint(id=12, label=2, muscle_id="levator_scapulae", side=Side.LEFT),
)


def day(n: int) -> dt.date:
    return D0 + dt.timedelta(days=n)


@pytest.fixture
def make_course() -> Callable[..., PatientCourse]:
    """``make_course(visits)`` from ``CourseVisit``s, with the two POINTS."""

    def factory(*visits: CourseVisit, points: tuple[CoursePoint, ...] = POINTS) -> PatientCourse:
        return PatientCourse(
            patient_id=1, patient_name="Doe, Ann", visits=tuple(visits), points=points
        )

    return factory


@pytest.fixture
def course(make_course: Callable[..., PatientCourse]) -> PatientCourse:
    """Four visits two weeks apart: pain falling, rotation rising, one point settling,
    the step raised at the third visit, and a few measures missing."""
    s1, s2 = EscalationStep.SELF_CARE, EscalationStep.HANDS_ON_AND_EXERCISE
    active, latent = Activity.ACTIVE, Activity.LATENT
    return make_course(
        CourseVisit(
            id=101, date=day(0), step=s1, signed=True,
            measures={"nrs_now": 7, "nrs_worst": 9, "cervical_rotation_l": 45,
                      "cervical_rotation_r": 40, "cervical_flexion": 30},
            points={
                11: PointReading(ppt_kpa=180.0, nrs=7, activity=active, extent_percent=2.5),
                12: PointReading(ppt_kpa=220.0, nrs=5, activity=active),
            },
            treatments=(TreatmentKind.HEAT, TreatmentKind.EDUCATION),
        ),
        CourseVisit(
            id=102, date=day(14), step=s1, signed=True,
            measures={"nrs_now": 6, "nrs_worst": 8, "cervical_rotation_l": 48},
            points={11: PointReading(ppt_kpa=200.0, nrs=6, activity=active)},
            treatments=(TreatmentKind.HOME_STRETCHING,),
        ),
        CourseVisit(
            id=103, date=day(28), step=s2, signed=True,
            measures={"nrs_worst": 7, "cervical_rotation_l": 55, "cervical_rotation_r": 50},
            points={
                11: PointReading(ppt_kpa=260.0, nrs=4, activity=latent, extent_percent=1.0),
                12: PointReading(ppt_kpa=240.0, nrs=4, activity=latent),
            },
            treatments=(TreatmentKind.TRP_COMPRESSION, TreatmentKind.SUPERVISED_EXERCISE),
        ),
        CourseVisit(
            id=104, date=day(42), step=s2, signed=False,
            measures={"nrs_now": 3, "nrs_worst": 5, "cervical_rotation_l": 62,
                      "cervical_rotation_r": 58, "cervical_flexion": 40},
            points={11: PointReading(ppt_kpa=320.0, nrs=2, activity=latent, extent_percent=0.0)},
            treatments=(TreatmentKind.TRP_COMPRESSION,),
        ),
    )  # fmt: skip


@pytest.fixture
def drawn() -> Callable[[Figure], Figure]:
    """Draw a Figure on Agg (so transforms and layout are final), return it."""

    def draw(figure: Figure) -> Figure:
        FigureCanvasAgg(figure).draw()
        return figure

    return draw


@pytest.fixture
def by_gid() -> Callable[[Figure, str], Artist]:
    """The one artist of a figure with this gid."""

    def find(figure: Figure, gid: str) -> Artist:
        found = figure.findobj(lambda a: a.get_gid() == gid)
        assert len(found) == 1, f"{len(found)} artists with gid {gid!r}"
        return found[0]

    return find


@pytest.fixture
def texts() -> Callable[[Figure], list[str]]:
    """Every text a figure shows: its labels (drawn together as one layer) and any
    message in the plot area."""

    def find(figure: Figure) -> list[str]:
        return [t.get_text() for t in figure.findobj(Text) if t.get_visible() and t.get_text()]

    return find


@pytest.fixture
def finite() -> Callable[[Artist], list[tuple[float, float]]]:
    """The (x, y) points of a line, the NaN breaks left out."""

    def points(line: Artist) -> list[tuple[float, float]]:
        xs = np.asarray(line.get_xdata(), dtype=float)  # type: ignore[attr-defined]
        ys = np.asarray(line.get_ydata(), dtype=float)  # type: ignore[attr-defined]
        keep = ~(np.isnan(xs) | np.isnan(ys))
        return list(zip(xs[keep].tolist(), ys[keep].tolist(), strict=True))

    return points
