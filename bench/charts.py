"""Progress charts: building and drawing every chart of a patient with 200 visits.

The patient is synthetic and built in memory (a ``PatientCourse``, no database): 200
visits over about four years with two long pauses, eight trigger points examined at most
visits, pain at every visit, nine movements at most visits and a few measures missing
here and there. One run builds the pain, range-of-motion and trigger-point Figures and
draws each on the Agg backend, as a report or a first screen paint would.

The floor, measured in the same run and interleaved with it, is a bare matplotlib Agg
Figure per chart with the same number of axes and the same points, plotted with
``ax.plot`` and default styling: what matplotlib costs for the same data before any of
our choices. The target (150 ms) is judged on the p95 of all three charts. Each chart
alone is reported too: the screen draws only the tab on show. Loading the same course
through the store (a temporary database) is timed separately.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import Row, latency_stats, machine, write_result

TITLE = "progress charts: build and draw all charts, 200 visits, 8 points (Agg)"
VISITS = 200
POINTS = 8
RUNS = 30
TARGET_MS = 150.0
ROM_KINDS = (
    "cervical_flexion",
    "cervical_extension",
    "cervical_lateral_flexion_l",
    "cervical_lateral_flexion_r",
    "cervical_rotation_l",
    "cervical_rotation_r",
    "thoracic_rotation_l",
    "thoracic_rotation_r",
    "shoulder_flexion_r",
)
MUSCLES = (
    ("trapezius_upper", "L"),
    ("trapezius_upper", "R"),
    ("levator_scapulae", "R"),
    ("infraspinatus", "L"),
    ("rhomboid_major", "R"),
    ("splenius_capitis", "L"),
    ("trapezius_middle", "R"),
    ("scalenes", "L"),
)


def visit_dates(rng: random.Random) -> list[dt.date]:
    """Weekly-ish visits with two long pauses (the gaps the charts must show)."""
    day = dt.date(2022, 1, 10)
    dates = []
    for i in range(VISITS):
        dates.append(day)
        pause = 120 if i in (60, 140) else 0
        day += dt.timedelta(days=rng.randint(5, 9) + pause)
    return dates


def synthetic_course(seed: int = 2026) -> Any:
    """A ``PatientCourse`` of VISITS visits and POINTS points, improving with noise."""
    from bodymap.domain.course import CoursePoint, CourseVisit, PatientCourse, PointReading
    from bodymap.domain.finding import Activity
    from bodymap.domain.measures import MEASURE_KINDS_BY_ID
    from bodymap.domain.muscles import Side
    from bodymap.domain.treatment_catalog import TreatmentKind
    from bodymap.domain.visit import EscalationStep

    rng = random.Random(seed)
    points = tuple(
        CoursePoint(id=100 + i, label=i + 1, muscle_id=m, side=Side(s))
        for i, (m, s) in enumerate(MUSCLES[:POINTS])
    )
    kinds = list(TreatmentKind)
    visits = []
    for i, day in enumerate(visit_dates(rng)):
        f = i / (VISITS - 1)  # 0 at the first visit, 1 at the last
        pain = max(0, min(10, round(8 - 5 * f + rng.gauss(0, 1))))
        measures: dict[str, float] = {
            "nrs_now": pain,
            "nrs_worst": min(10, pain + rng.randint(1, 3)),
            "nrs_best": max(0, pain - rng.randint(1, 3)),
        }
        if i % 4 == 0:
            measures["ndi"] = max(0, min(50, round(26 - 16 * f + rng.gauss(0, 2))))
        for kind_id in ROM_KINDS:
            kind = MEASURE_KINDS_BY_ID[kind_id]
            if rng.random() < 0.85:  # a few movements not measured at some visits
                normal = kind.normal or 45.0
                value = normal * (0.6 + 0.35 * f) + rng.gauss(0, 3)
                measures[kind_id] = round(max(kind.lo, min(kind.hi, value)), 1)
        readings = {}
        for p in points:
            if rng.random() < 0.9:
                irritable = max(0.0, 0.9 - 0.8 * f + rng.gauss(0, 0.08))
                readings[p.id] = PointReading(
                    ppt_kpa=round(150 + 250 * (1 - irritable) + rng.gauss(0, 15), 1),
                    nrs=max(0, min(10, round(9 * irritable))),
                    activity=Activity.ACTIVE if irritable > 0.45 else Activity.LATENT,
                    extent_percent=round(max(0.0, 3 * irritable + rng.gauss(0, 0.2)), 2)
                    if rng.random() < 0.7
                    else None,
                )
        step = EscalationStep(1 + min(2, int(3 * f * 1.4) % 3))
        visits.append(
            CourseVisit(
                id=1000 + i,
                date=day,
                step=step,
                signed=i < VISITS - 1,
                measures=measures,
                points=readings,
                treatments=tuple(rng.sample(kinds, rng.randint(2, 4))),
            )
        )
    return PatientCourse(
        patient_id=1, patient_name="Bench, Synthetic", visits=tuple(visits), points=points
    )


def _draw_ours(course: Any) -> dict[str, float]:
    """Milliseconds to build and draw each chart, and all of them ("all")."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from bodymap.charts import CHART_KINDS

    times: dict[str, float] = {}
    for kind in CHART_KINDS:
        start = time.perf_counter()
        chart = kind.build(course)
        FigureCanvasAgg(chart.figure).draw()
        times[kind.key] = (time.perf_counter() - start) * 1000
    times["all"] = sum(times.values())
    return times


def _floor_data(course: Any) -> list[tuple[tuple[float, float], list[list[tuple[list, list]]]]]:
    """Per chart: its size and, per axes, the (x, y) series our chart plots there."""
    from bodymap.charts import CHART_KINDS

    out = []
    for kind in CHART_KINDS:
        chart = kind.build(course)
        per_axes: dict[int, list[tuple[list, list]]] = {}
        for ax in chart.figure.axes:
            per_axes[id(ax)] = []
        for marks in chart.marks:
            per_axes[id(marks.axes)].append((list(marks.xs), list(marks.ys)))
        size = tuple(chart.figure.get_size_inches())
        out.append((size, list(per_axes.values())))
    return out


def _draw_floor(data: list[tuple[tuple[float, float], list[list[tuple[list, list]]]]]) -> float:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    start = time.perf_counter()
    for size, axes_series in data:
        fig = Figure(figsize=size)
        axes = fig.subplots(len(axes_series), 1, squeeze=False)[:, 0]
        for ax, series in zip(axes, axes_series, strict=True):
            for xs, ys in series:
                ax.plot(xs, ys, marker="o")
        FigureCanvasAgg(fig).draw()
    return (time.perf_counter() - start) * 1000


def _load_through_store(course: Any) -> float:
    """Write the synthetic course to a temporary database; time ``load_course``."""
    from bodymap.domain.finding import Finding, PressurePainThreshold
    from bodymap.domain.patient import Patient
    from bodymap.domain.treatment import Treatment
    from bodymap.domain.treatment_catalog import CATALOG
    from bodymap.domain.trigger_point import MapPosition, TriggerPoint
    from bodymap.domain.units import PressureUnit
    from bodymap.domain.visit import Visit
    from bodymap.store import Mode, Store
    from bodymap.store.course import load_course

    with tempfile.TemporaryDirectory(prefix="bodymap-bench-") as folder:
        path = Path(folder) / "charts.db"
        with Store.open(path, Mode.CREATE) as store, store.transaction():
            patient = store.patients.add(
                Patient(
                    chart_no="BENCH-2",
                    family_name="Bench",
                    given_names="Synthetic",
                    date_of_birth=dt.date(1975, 5, 5),
                )
            )
            assert patient.id is not None
            ids = {}
            for p in course.points:
                tp = store.trigger_points.add(
                    TriggerPoint(
                        patient_id=patient.id,
                        muscle_id=p.muscle_id,
                        side=p.side,
                        label=p.label,
                        position=MapPosition(x=0.5, y=0.3),
                    )
                )
                ids[p.id] = tp.id
            for v in course.visits:
                visit = store.visits.add(
                    Visit(
                        patient_id=patient.id,
                        visit_date=v.date,
                        clinician="Bench",
                        escalation_step=v.step,
                    )
                )
                assert visit.id is not None
                for kind, value in v.measures.items():
                    store.measurements.record(visit.id, kind, value)
                for pid, r in v.points.items():
                    ppt = PressurePainThreshold(trials=(r.ppt_kpa,), unit=PressureUnit.KPA)
                    store.findings.add(
                        Finding(
                            visit_id=visit.id,
                            trigger_point_id=ids[pid],
                            ppt=ppt,
                            nrs_on_compression=r.nrs,
                            activity=r.activity,
                        )
                    )
                for kind in v.treatments:
                    if not CATALOG[kind].needle:
                        store.treatments.add(Treatment(visit_id=visit.id, kind=kind))
        with Store.open(path, Mode.READ_ONLY) as store:
            start = time.perf_counter()
            load_course(store, patient.id)
            return (time.perf_counter() - start) * 1000


def run(runs: int | None = None) -> list[Row]:
    import matplotlib

    matplotlib.use("Agg")
    count = runs or RUNS
    course = synthetic_course()
    floor_data = _floor_data(course)
    _draw_ours(course)  # warm caches (fonts, marker paths) outside the timing
    _draw_floor(floor_data)
    ours: dict[str, list[float]] = {}
    floor: list[float] = []
    for _ in range(count):  # interleaved, so both see the same machine state
        for key, ms in _draw_ours(course).items():
            ours.setdefault(key, []).append(ms)
        floor.append(_draw_floor(floor_data))
    load_ms = min(_load_through_store(course) for _ in range(3))

    ours_stats, floor_stats = latency_stats(ours.pop("all")), latency_stats(floor)
    per_chart = {key: latency_stats(values) for key, values in ours.items()}
    points_drawn = sum(len(m.xs) for k in _charts(course) for m in k.marks)
    meets = ours_stats["p95_ms"] <= TARGET_MS
    write_result(
        "charts",
        {
            "benchmark": "charts",
            "description": TITLE,
            "measured_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            "runs": count,
            "visits": VISITS,
            "points": POINTS,
            "data_points_drawn": points_drawn,
            "all_charts_build_and_draw": ours_stats,
            "per_chart_build_and_draw": per_chart,
            "floor_bare_agg_same_data": floor_stats,
            "load_course_from_store_ms": round(load_ms, 1),
            "target_ms": TARGET_MS,
            "meets_target": meets,
            "backend": "agg",
            "qpa_platform": os.environ.get("QT_QPA_PLATFORM", ""),
            "machine": machine(),
        },
    )
    verdict = "meets" if meets else "MISSES"
    return [
        Row("charts: all three, p50", ours_stats["p50_ms"], "ms", f"{count} runs"),
        Row(
            "charts: all three, p95",
            ours_stats["p95_ms"],
            "ms",
            f"{verdict} target <= {TARGET_MS:g}",
        ),
        *(
            Row(f"charts: {key} alone, p50", stats["p50_ms"], "ms", "as on opening its tab")
            for key, stats in per_chart.items()
        ),
        Row("floor: bare Agg, same data, p50", floor_stats["p50_ms"], "ms", "default styling"),
        Row("floor: bare Agg, same data, p95", floor_stats["p95_ms"], "ms", ""),
        Row("load_course through the store", round(load_ms, 1), "ms", "best of 3"),
    ]


def _charts(course: Any) -> list[Any]:
    from bodymap.charts import CHART_KINDS

    return [kind.build(course) for kind in CHART_KINDS]


def main() -> None:
    from bench.__main__ import print_table

    print_table([("charts", row) for row in run()])


if __name__ == "__main__":
    main()
