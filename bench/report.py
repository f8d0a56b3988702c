"""Printed documents: the time to make each one as a PDF, beside a floor.

For a demo patient (the demo caseload) and for a synthetic patient with 200 visits,
eight trigger points examined at every visit, referral zones, treatments with
injections and nine measures: one run reads the records, lays the document out and
paints every page into an in-memory PDF (the same path as ``bodymap report``, less the
file write). The visit summary is of the patient's last signed visit, the progress
report covers the whole course (three charts), the home-care sheet is of the same visit.

The floor, measured in the same runs and interleaved with them, is a bare QPdfWriter
writing the same text (every piece the document lays out) in as many pages with plain
``drawText``: what Qt's PDF engine costs for that much text, before reading the records,
the body map, the charts or any layout of ours. The batch makes 100 visit summaries of
the demo caseload one after the other. The target (300 ms) is judged on the p95 of the
demo visit summary. The command line, start to exit, is timed as well.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import Row, latency_stats, machine, python, time_command, write_result

TITLE = "report PDFs: visit summary, progress report, home-care sheet (demo and 200 visits)"
RUNS = 15
BATCH = 100
VISITS = 200
TARGET_MS = 300.0
KINDS = ("visit", "progress", "homecare")
MEASURES = (
    "nrs_now", "nrs_best", "nrs_worst", "cervical_flexion", "cervical_extension",
    "cervical_rotation_l", "cervical_rotation_r", "thoracic_rotation_l", "ndi",
)  # fmt: skip
MUSCLES = (
    ("trapezius_upper", "L", 0.35, 0.24), ("trapezius_upper", "R", 0.65, 0.24),
    ("levator_scapulae", "R", 0.6, 0.22), ("infraspinatus", "L", 0.33, 0.38),
    ("rhomboid_major", "R", 0.57, 0.36), ("splenius_capitis", "L", 0.45, 0.14),
    ("trapezius_middle", "R", 0.6, 0.31), ("trapezius_middle", "L", 0.41, 0.31),
)  # fmt: skip


def _app() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(["bench"])


def _seed_long(path: Path, rng: random.Random) -> tuple[int, int]:
    """A patient with VISITS signed visits (the last a draft); returns (patient, last
    signed visit)."""
    from bodymap.domain.anatomy import extent_percent
    from bodymap.domain.finding import Finding, PressurePainThreshold, SensationQuality
    from bodymap.domain.muscles import Side
    from bodymap.domain.patient import Patient
    from bodymap.domain.referral import ReferralZone
    from bodymap.domain.treatment import Agent, NeedleRecord, Treatment
    from bodymap.domain.treatment_catalog import TreatmentKind
    from bodymap.domain.trigger_point import MapPosition, TriggerPoint
    from bodymap.domain.visit import EscalationStep, Visit
    from bodymap.store import Mode, Store

    with Store.open(path, Mode.CREATE) as store, store.transaction():
        patient = store.patients.add(
            Patient(chart_no="BENCH-200", family_name="Bench", given_names="Longcourse",
                    date_of_birth=dt.date(1970, 3, 3), weight_kg=72.0)
        )  # fmt: skip
        assert patient.id is not None
        day = dt.date(2022, 1, 10)
        points: list[TriggerPoint] = []
        last_signed = 0
        for i in range(VISITS):
            visit = store.visits.add(
                Visit(patient_id=patient.id, visit_date=day, clinician="Bench Clinician, PT",
                      chief_complaint="Neck and shoulder-blade pain.", plan="Continue.",
                      escalation_step=EscalationStep(1 + i % 3),
                      reassess_on=day + dt.timedelta(days=21))
            )  # fmt: skip
            assert visit.id is not None
            if i == 0:
                for label, (muscle, side, x, y) in enumerate(MUSCLES, start=1):
                    points.append(store.trigger_points.add(
                        TriggerPoint(patient_id=patient.id, muscle_id=muscle, side=Side(side),
                                     label=label, position=MapPosition(x=x, y=y),
                                     first_visit_id=visit.id)
                    ))  # fmt: skip
                zone_shapes = {
                    p.id or 0: (((p.position.x, p.position.y),
                                 (p.position.x + 0.05, p.position.y + 0.02),
                                 (p.position.x + 0.03, p.position.y + 0.1),
                                 (p.position.x - 0.02, p.position.y + 0.06)),)
                    for p in points
                }  # fmt: skip
            f = i / (VISITS - 1)
            for point in points:
                assert point.id is not None
                store.findings.add(
                    Finding(visit_id=visit.id, trigger_point_id=point.id, taut_band=True,
                            tenderness=max(0, 3 - int(3 * f)), referred_pain=i % 2 == 0,
                            pain_recognition=f < 0.6, nrs_on_compression=max(0, 8 - int(8 * f)),
                            sensation=SensationQuality.ACHE,
                            ppt=PressurePainThreshold(trials=(2.0 + f, 2.2 + f, 2.1 + f)))
                )  # fmt: skip
                if i % 4 == 0:
                    # Stored with its extent, as the app's zone editor stores it.
                    polygons = zone_shapes[point.id or 0]
                    store.referral_zones.add(
                        ReferralZone(visit_id=visit.id, trigger_point_id=point.id,
                                     polygons=polygons,
                                     extent_percent=round(extent_percent(polygons), 2))
                    )  # fmt: skip
            ids = tuple(p.id for p in points if p.id is not None)
            store.treatments.add(
                Treatment(visit_id=visit.id, kind=TreatmentKind.HOME_STRETCHING,
                          trigger_point_ids=ids[:3],
                          details={"description": "Upper trapezius stretch", "reps": 3,
                                   "hold_s": 30, "times_per_day": 2})
            )  # fmt: skip
            store.treatments.add(
                Treatment(visit_id=visit.id, kind=TreatmentKind.HEAT,
                          details={"duration_min": 15, "times_per_day": 2})
            )  # fmt: skip
            if i % 10 == 9:
                store.treatments.add(
                    Treatment(visit_id=visit.id, kind=TreatmentKind.TRP_INJECTION,
                              trigger_point_ids=ids[:4],
                              needle=NeedleRecord(sterile_prep=True, needle_gauge=27,
                                                  needle_length_mm=30, points_count=4,
                                                  agent=Agent.LIDOCAINE,
                                                  concentration_percent=1.0,
                                                  volume_per_point_ml=0.5,
                                                  aspiration_confirmed=True))
                )  # fmt: skip
            for kind in MEASURES:
                value = {"nrs": 8 - 5 * f, "ndi": 26 - 16 * f}.get(kind[:3], 40 + 20 * f)
                value += rng.gauss(0, 0.6)
                integer = kind.startswith(("nrs", "ndi"))
                store.measurements.record(
                    visit.id, kind, round(value) if integer else round(value, 1)
                )
            if i < VISITS - 1:
                store.visits.sign(visit.id, "Bench Clinician, PT",
                                  dt.datetime.combine(day, dt.time(18), dt.UTC))  # fmt: skip
                last_signed = visit.id
            day += dt.timedelta(days=rng.randint(5, 9))
    return patient.id, last_signed


def _cases(demo: Path, long: Path, long_ids: tuple[int, int]) -> dict[str, tuple[Path, dict]]:
    """Case name -> (database, build_document options)."""
    from bodymap.store import Mode, Store

    with Store.open(demo, Mode.READ_ONLY) as store:
        visits = [v for p in store.patients.search("") for v in store.visits.for_patient(p.id)]
        # The demo visit with the most records: signed, with an injection.
        visit = max(
            (v for v in visits if v.is_signed),
            key=lambda v: (
                len(store.treatments.for_visit(v.id)),
                len(store.trigger_points.for_visit(v.id)),
            ),
        )
    long_patient, long_visit = long_ids
    cases: dict[str, tuple[Path, dict]] = {}
    for kind in KINDS:
        demo_opts = (
            {"patient_id": visit.patient_id} if kind == "progress" else {"visit_id": visit.id}
        )
        long_opts = {"patient_id": long_patient} if kind == "progress" else {"visit_id": long_visit}
        cases[f"demo {kind}"] = (demo, {"kind": kind, **demo_opts})
        cases[f"200-visit {kind}"] = (long, {"kind": kind, **long_opts})
    return cases


def _make(db: Path, options: dict) -> tuple[float, bytes, Any, Any]:
    from bodymap.render.documents import build_document
    from bodymap.render.report.document import pdf_bytes
    from bodymap.store import Mode, Store

    start = time.perf_counter()
    with Store.open(db, Mode.READ_ONLY) as store:
        document = build_document(store, **options)
    data, laid = pdf_bytes(document)
    return (time.perf_counter() - start) * 1000, data, laid, document


def _floor(texts: list[list[str]]) -> float:
    """A bare QPdfWriter: the same text in the same number of pages, plain drawText."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QFont, QPageSize, QPainter, QPdfWriter

    start = time.perf_counter()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(1200)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    font = QFont("DejaVu Sans")
    font.setPointSizeF(9.5)
    painter.setFont(font)
    rect = QRectF(0, 0, writer.width(), writer.height())
    for i, page in enumerate(texts):
        if i:
            writer.newPage()
        painter.drawText(rect, int(Qt.TextFlag.TextWordWrap), "\n".join(page))
    painter.end()
    return (time.perf_counter() - start) * 1000


def _time_cli(db: Path, visit_id: int, out: Path) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [python(), "-m", "bodymap", "report", "visit", str(visit_id), "--db", str(db),
               "-o", str(out)]  # fmt: skip
    return min(time_command(command, env) for _ in range(3)) * 1000


def run(runs: int | None = None) -> list[Row]:
    app = _app()
    from bodymap.demo import seed
    from bodymap.store import Mode, Store

    count = runs or RUNS
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory(prefix="bodymap-bench-report-") as folder:
        demo, long = Path(folder) / "demo.db", Path(folder) / "long.db"
        with Store.open(demo, Mode.CREATE) as store:
            seed(store)
        long_ids = _seed_long(long, rng)
        cases = _cases(demo, long, long_ids)
        texts: dict[str, list[list[str]]] = {}
        info: dict[str, dict[str, Any]] = {}
        for name, (db, options) in cases.items():  # warm caches (fonts, matplotlib)
            _ms, data, laid, _doc = _make(db, options)
            texts[name] = laid.texts()
            info[name] = {"pages": laid.page_count, "pdf_bytes": len(data)}
            _floor(texts[name])
        ours: dict[str, list[float]] = {name: [] for name in cases}
        floor: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(count):  # interleaved, so both see the same machine state
            for name, (db, options) in cases.items():
                ours[name].append(_make(db, options)[0])
                floor[name].append(_floor(texts[name]))

        with Store.open(demo, Mode.READ_ONLY) as store:
            signed = [
                v.id for p in store.patients.search("") for v in store.visits.for_patient(p.id)
            ]
        start = time.perf_counter()
        for i in range(BATCH):
            _make(demo, {"kind": "visit", "visit_id": signed[i % len(signed)]})
        batch_s = time.perf_counter() - start
        cli_ms = _time_cli(demo, cases["demo visit"][1]["visit_id"], Path(folder) / "cli.pdf")
    del app

    stats = {name: latency_stats(values) for name, values in ours.items()}
    floors = {name: latency_stats(values) for name, values in floor.items()}
    meets = stats["demo visit"]["p95_ms"] <= TARGET_MS
    write_result(
        "report",
        {
            "benchmark": "report",
            "description": TITLE,
            "measured_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            "runs": count,
            "documents": {
                name: {**info[name], "ours": stats[name], "floor_bare_pdf_same_text": floors[name]}
                for name in cases
            },
            "batch_visit_summaries": {"count": BATCH, "total_s": round(batch_s, 2),
                                      "per_document_ms": round(batch_s * 1000 / BATCH, 1)},
            "cli_report_visit_wall_ms": round(cli_ms, 1),
            "target_ms": TARGET_MS,
            "meets_target": meets,
            "qpa_platform": os.environ.get("QT_QPA_PLATFORM", ""),
            "machine": machine(),
        },
    )  # fmt: skip
    rows = []
    for name in cases:
        note = f"{info[name]['pages']} pages, {info[name]['pdf_bytes'] // 1024} KB"
        if name == "demo visit":
            note += f"; {'meets' if meets else 'MISSES'} target <= {TARGET_MS:g} (p95)"
        rows.append(Row(f"{name}: p50", stats[name]["p50_ms"], "ms", note))
        rows.append(Row(f"{name}: p95", stats[name]["p95_ms"], "ms", ""))
        rows.append(Row(f"{name}: floor p50", floors[name]["p50_ms"], "ms", "bare QPdfWriter"))
    rows.append(Row(f"batch: {BATCH} visit summaries", round(batch_s, 2), "s",
                    f"{batch_s * 1000 / BATCH:.0f} ms each"))  # fmt: skip
    rows.append(
        Row(
            "bodymap report visit, wall", round(cli_ms, 1), "ms", "process start to exit, best of 3"
        )
    )
    return rows


def main() -> None:
    from bench.__main__ import print_table

    print_table([("report", row) for row in run()])


if __name__ == "__main__":
    main()
