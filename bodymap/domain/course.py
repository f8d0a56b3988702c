"""One patient's course of care as the progress charts read it, and the change since baseline.

A :class:`PatientCourse` is a read-only snapshot built by ``bodymap.store.course``: every
visit with its measures, its trigger-point readings and its treatments. The chart
builders draw from it and :func:`change_table` turns it into the rows of the
change-since-baseline table (DOMAIN.md section 5). Standard library only.

Missing is never zero here: a measure not taken, a point not examined or a referral not
drawn is absent (``None`` or no key), so a chart can leave a gap instead of a false value.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from bodymap.domain.anatomy import extent_percent
from bodymap.domain.finding import Activity
from bodymap.domain.measures import MEASURE_KINDS, Family, MeasureKind, important_change
from bodymap.domain.muscles import Side, display_name
from bodymap.domain.referral import ReferralZone
from bodymap.domain.treatment_catalog import CATALOG, Category, TreatmentKind
from bodymap.domain.visit import EscalationStep

# Adult normal ranges where DOMAIN.md section 5 gives a range rather than one value
# (AAOS cervical rotation 60-80; thoracic rotation about 40-45). Keyed by movement, i.e.
# the kind id without its side suffix; other movements use the catalog's normal value.
NORMAL_LOWER_LIMIT: Mapping[str, float] = {"cervical_rotation": 60.0, "thoracic_rotation": 40.0}


@dataclass(frozen=True, slots=True, kw_only=True)
class PointReading:
    """What was found at one trigger point at one visit."""

    ppt_kpa: float | None = None  # mean of the algometer trials, converted to kPa
    nrs: int | None = None  # pain on compression, 0-10
    activity: Activity | None = None
    extent_percent: float | None = None  # referred pain drawn, % of the body; None: not known


@dataclass(frozen=True, slots=True, kw_only=True)
class CourseVisit:
    id: int
    date: dt.date
    step: EscalationStep | None = None
    signed: bool = False
    measures: Mapping[str, float] = field(default_factory=dict)  # measure kind id -> value
    points: Mapping[int, PointReading] = field(default_factory=dict)  # trigger point id ->
    treatments: tuple[TreatmentKind, ...] = ()

    @property
    def categories(self) -> frozenset[Category]:
        return frozenset(CATALOG[kind].category for kind in self.treatments)

    @property
    def active_count(self) -> int | None:
        """Active points at this visit; None when no point's activity was judged."""
        judged = [r.activity for r in self.points.values() if r.activity is not None]
        if not judged:
            return None
        return sum(a is Activity.ACTIVE for a in judged)


@dataclass(frozen=True, slots=True, kw_only=True)
class CoursePoint:
    id: int
    label: int
    muscle_id: str
    side: Side
    resolved_visit_id: int | None = None

    @property
    def title(self) -> str:
        """'TrP 3 R upper trapezius'."""
        return f"TrP {self.label} {display_name(self.muscle_id, self.side)}"


@dataclass(frozen=True, slots=True)
class Sample:
    """One value of a series, with the visit it came from."""

    visit_id: int
    date: dt.date
    value: float


@dataclass(frozen=True, slots=True, kw_only=True)
class PatientCourse:
    patient_id: int
    patient_name: str = ""
    visits: tuple[CourseVisit, ...] = ()  # oldest first
    points: tuple[CoursePoint, ...] = ()  # by label

    def __post_init__(self) -> None:
        if any(a.date > b.date for a, b in itertools.pairwise(self.visits)):
            raise ValueError("visits must be in date order, oldest first")

    def window(
        self, start: dt.date | None = None, end: dt.date | None = None
    ) -> tuple[CourseVisit, ...]:
        """The visits from ``start`` to ``end`` inclusive (open ends: no limit)."""
        return tuple(
            v
            for v in self.visits
            if (start is None or v.date >= start) and (end is None or v.date <= end)
        )

    def visit(self, visit_id: int) -> CourseVisit | None:
        return next((v for v in self.visits if v.id == visit_id), None)

    def has_measure(self, kind: str) -> bool:
        return any(kind in v.measures for v in self.visits)

    def point(self, point_id: int) -> CoursePoint | None:
        return next((p for p in self.points if p.id == point_id), None)


def measure_series(visits: Iterable[CourseVisit], kind: str) -> tuple[Sample, ...]:
    """The values of one measure, visits without it left out."""
    return tuple(Sample(v.id, v.date, v.measures[kind]) for v in visits if kind in v.measures)


def point_series(
    visits: Iterable[CourseVisit], point_id: int, value: Callable[[PointReading], float | None]
) -> tuple[Sample, ...]:
    """One reading of one trigger point across visits, e.g. ``lambda r: r.ppt_kpa``."""
    out = []
    for v in visits:
        reading = v.points.get(point_id)
        got = None if reading is None else value(reading)
        if got is not None:
            out.append(Sample(v.id, v.date, float(got)))
    return tuple(out)


def active_count_series(visits: Iterable[CourseVisit]) -> tuple[Sample, ...]:
    return tuple(
        Sample(v.id, v.date, float(n)) for v in visits if (n := v.active_count) is not None
    )


def point_extent(zones: Sequence[ReferralZone]) -> float | None:
    """Referral extent of one point at one visit from its zones (% of the body).

    One zone: its stored extent. Several: the area they cover together, overlaps counted
    once, which a sum of stored extents would overstate. None when there is no zone.
    """
    if not zones:
        return None
    if len(zones) == 1 and zones[0].extent_percent is not None:
        return zones[0].extent_percent
    return extent_percent([polygon for zone in zones for polygon in zone.polygons])


def movement_id(kind: MeasureKind) -> str:
    """'cervical_rotation' for 'cervical_rotation_l': the movement a side belongs to."""
    return kind.id[: -len("_l")] if kind.side is not None else kind.id


def normal_lower_limit(kind: MeasureKind) -> float | None:
    """Where the normal range of a movement begins (None for measures without a normal)."""
    if kind.normal is None:
        return None
    return NORMAL_LOWER_LIMIT.get(movement_id(kind), kind.normal)


def mcid_threshold(kind: MeasureKind, baseline: float) -> float | None:
    """The smallest change from ``baseline`` that matters: the MCID in points, or the
    percentage of baseline where the measure has one, whichever is reached first (so for
    NRS, 2 points or 30 %; :func:`important_change` gives the same answer)."""
    options = []
    if kind.mcid is not None:
        options.append(kind.mcid)
    if kind.mcid_percent is not None and baseline > 0:
        options.append(baseline * kind.mcid_percent / 100.0)
    return min(options) if options else None


# --- the change-since-baseline table ------------------------------------------------------


class Group(StrEnum):
    """Which chart a row of the table sits beside."""

    PAIN = "pain"
    MOVEMENT = "movement"
    POINTS = "points"


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeRow:
    key: str  # "nrs_now", "ppt:12", "compression_nrs:12", "active_points", "extent:12"
    label: str  # short: "Pain now (NRS)", "TrP 3 PPT"
    detail: str = ""  # what the label abbreviates, e.g. the point's muscle and side
    unit: str
    group: Group
    lower_is_better: bool
    baseline: Sample
    latest: Sample | None  # None: nothing measured after the baseline (in the range)
    mcid_met: bool | None = None  # improvement reaching the MCID; None: no MCID known
    within_mdc: bool | None = None  # change inside measurement noise; None: no MDC known

    @property
    def change(self) -> float | None:
        return None if self.latest is None else self.latest.value - self.baseline.value

    @property
    def percent(self) -> float | None:
        """Change as a percentage of baseline; None when the baseline is zero."""
        change = self.change
        if change is None or self.baseline.value == 0:
            return None
        return change / abs(self.baseline.value) * 100.0

    @property
    def better(self) -> bool | None:
        """True when the change goes the good way, False the bad way, None: no change."""
        change = self.change
        if not change:
            return None
        return (change < 0) == self.lower_is_better

    @property
    def verdict(self) -> bool | None:
        """What screen and paper shade alike: True (green) when the improvement reaches
        the MCID, False (red) when worse beyond measurement noise, else None. Worse within
        the noise is not read as a change, whatever its size."""
        if self.mcid_met:
            return True
        if self.better is False and self.within_mdc is not True:
            return False
        return None


def _row(
    key: str,
    label: str,
    unit: str,
    group: Group,
    full: Sequence[Sample],
    shown: Sequence[Sample],
    *,
    lower_is_better: bool,
    kind: MeasureKind | None = None,
    detail: str = "",
) -> ChangeRow | None:
    if not full:
        return None
    baseline = full[0]
    later = [s for s in shown if s.visit_id != baseline.visit_id]
    latest = later[-1] if later else None
    mcid_met = within_mdc = None
    if kind is not None and latest is not None:
        if kind.mcid is not None or kind.mcid_percent is not None:
            mcid_met = important_change(kind, baseline.value, latest.value)
        if kind.mdc is not None:
            within_mdc = abs(latest.value - baseline.value) < kind.mdc
    return ChangeRow(
        key=key,
        label=label,
        detail=detail,
        unit=unit,
        group=group,
        lower_is_better=lower_is_better,
        baseline=baseline,
        latest=latest,
        mcid_met=mcid_met,
        within_mdc=within_mdc,
    )


_GROUP_OF_FAMILY = {
    Family.PAIN: Group.PAIN,
    Family.DISABILITY: Group.PAIN,
    Family.ROM: Group.MOVEMENT,
}


def change_table(
    course: PatientCourse, *, start: dt.date | None = None, end: dt.date | None = None
) -> tuple[ChangeRow, ...]:
    """Change since baseline for every measure and trigger point with a value.

    The baseline is the first value in the whole course, whatever the date range; the
    latest is the last value inside the range. Rows come in catalog order, then the
    points by label.
    """
    shown = course.window(start, end)
    rows: list[ChangeRow | None] = []
    for kind in MEASURE_KINDS:
        rows.append(
            _row(
                kind.id,
                kind.label,
                kind.unit,
                _GROUP_OF_FAMILY[kind.family],
                measure_series(course.visits, kind.id),
                measure_series(shown, kind.id),
                lower_is_better=kind.lower_is_better,
                kind=kind,
            )
        )
    rows.append(
        _row(
            "active_points",
            "Active trigger points",
            "",
            Group.POINTS,
            active_count_series(course.visits),
            active_count_series(shown),
            lower_is_better=True,
        )
    )
    readings: tuple[tuple[str, str, str, bool, Callable[[PointReading], float | None]], ...] = (
        ("ppt", "PPT", "kPa", False, lambda r: r.ppt_kpa),
        ("compression_nrs", "pain on compression", "/10", True, lambda r: r.nrs),
        ("extent", "referral extent", "%", True, lambda r: r.extent_percent),
    )
    for point in course.points:
        for key, what, unit, lower, value in readings:
            rows.append(
                _row(
                    f"{key}:{point.id}",
                    f"TrP {point.label} {what}",
                    unit,
                    Group.POINTS,
                    point_series(course.visits, point.id, value),
                    point_series(shown, point.id, value),
                    lower_is_better=lower,
                    detail=point.title,
                )
            )
    return tuple(r for r in rows if r is not None)
