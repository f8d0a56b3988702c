"""Click to marker: the time from a click on the body map to the new marker painted and
its transaction committed, on a busy map (500 markers, 50 referral zones).

A real QMouseEvent pair (press, release) goes to the canvas viewport; the clock stops
when the new marker's paint() has run in a repaint driven by the event loop (the
transaction commits before that, inside the click). The floor, measured in the same run,
is a bare QGraphicsView holding as many plain ellipse items whose click adds one more
ellipse: what any Qt canvas costs for the same interaction, with no database.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import Row, latency_rows, latency_stats, machine, write_result

TITLE = "body-map click to painted, committed marker (500 markers, 50 zones)"
MARKERS = 500
ZONES = 50
CLICKS = 200
TARGET_P95_MS = 16.0
VIEW_SIZE = (1100, 1000)


def _keep_none_alive() -> None:
    """Work around a PySide6 6.12.0 defect on CPython 3.11: every call of a C++ method
    returning void drops one reference to None too many, so a long paint loop ends in
    "Fatal Python error: none_dealloc". None is immortal from Python 3.12 on. Here we
    top up None's reference count so the measurement can run; the app itself needs a
    Python >= 3.12 or a PySide6 without the defect (reported to the lead)."""
    if sys.version_info >= (3, 12) or sys.getrefcount(None) > 50_000_000:
        return
    # ob_refcnt is the first field of every CPython object.
    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += 100_000_000


def _app() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _seed(path: Path, rng: random.Random) -> int:
    """A patient with one draft visit holding MARKERS points and ZONES zones."""
    from bodymap.domain.anatomy import extent_percent, load_atlas, locate
    from bodymap.domain.finding import Activity, Finding
    from bodymap.domain.patient import Patient
    from bodymap.domain.referral import ReferralZone
    from bodymap.domain.trigger_point import MapPosition, TriggerPoint
    from bodymap.domain.visit import Visit
    from bodymap.store import Mode, Store

    atlas = load_atlas()
    with Store.open(path, Mode.CREATE) as store, store.transaction():
        patient = store.patients.add(
            Patient(
                chart_no="BENCH-1",
                family_name="Bench",
                given_names="Mark",
                date_of_birth=dt.date(1970, 1, 1),
            )
        )
        assert patient.id is not None
        visit = store.visits.add(
            Visit(patient_id=patient.id, visit_date=dt.date(2025, 1, 6), clinician="Bench")
        )
        assert visit.id is not None
        point_ids: list[int] = []
        label = 0
        while label < MARKERS:
            x, y = rng.uniform(0.1, 0.9), rng.uniform(0.05, 0.95)
            where = locate(x, y)
            if not where.candidates:
                continue
            label += 1
            tp = store.trigger_points.add(
                TriggerPoint(
                    patient_id=patient.id,
                    muscle_id=where.candidates[0].muscle_id,
                    side=where.candidates[0].side,
                    label=label,
                    position=MapPosition(x=x, y=y),
                    first_visit_id=visit.id,
                )
            )
            assert tp.id is not None
            point_ids.append(tp.id)
            store.findings.add(
                Finding(
                    visit_id=visit.id,
                    trigger_point_id=tp.id,
                    pain_recognition=rng.random() < 0.5,
                    activity=rng.choice([Activity.ACTIVE, Activity.LATENT, None]),
                )
            )
        zones = [z for m in atlas.muscles for z in m.referral_zones]
        for i in range(ZONES):
            polygon = zones[i % len(zones)].polygon
            store.referral_zones.add(
                ReferralZone(
                    visit_id=visit.id,
                    trigger_point_id=point_ids[i],
                    polygons=(polygon,),
                    extent_percent=extent_percent([polygon]),
                )
            )
    return visit.id


def _send_click(app: Any, viewport: Any, pos: Any) -> None:
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent

    local = QPointF(pos)
    glob = QPointF(viewport.mapToGlobal(pos))
    for kind, buttons in (
        (QEvent.Type.MouseButtonPress, Qt.MouseButton.LeftButton),
        (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton),
    ):
        event = QMouseEvent(
            kind, local, glob, Qt.MouseButton.LeftButton, buttons, Qt.KeyboardModifier.NoModifier
        )
        app.sendEvent(viewport, event)


def _wait_painted(app: Any, painted: Callable[[], bool]) -> bool:
    # Scene changes reach the viewport through queued calls: a few event-loop passes.
    for _ in range(50):
        _keep_none_alive()
        app.processEvents()
        if painted():
            return True
    return False


def _measure_canvas(app: Any, db: Path, visit_id: int, rng: random.Random, clicks: int) -> dict:
    from PySide6.QtGui import QUndoStack

    from bodymap.domain.anatomy import locate
    from bodymap.domain.template import HEIGHT_MM, WIDTH_MM
    from bodymap.ui.body_map import BodyMapView, MapEditor
    from bodymap.ui.body_map import items as items_module
    from bodymap.ui.session import Session

    painted_labels: set[int] = set()
    original_paint = items_module.MarkerItem.paint

    def paint(self: Any, painter: Any, option: Any, widget: Any = None) -> None:
        original_paint(self, painter, option, widget)
        painted_labels.add(self.spec.label)

    items_module.MarkerItem.paint = paint  # type: ignore[method-assign]
    session = Session.open(db)
    try:
        editor = MapEditor(session, visit_id)
        view = BodyMapView(editor, QUndoStack())
        view.resize(*VIEW_SIZE)
        view.show()
        _wait_painted(app, lambda: len(painted_labels) >= MARKERS)
        commit_at: list[float] = []
        add_point = editor.add_point

        def timed_add(*args: Any) -> Any:
            result = add_point(*args)
            commit_at.append(time.perf_counter())
            return result

        editor.add_point = timed_add  # type: ignore[method-assign]
        totals: list[float] = []
        commits: list[float] = []
        while len(totals) < clicks:
            x, y = rng.uniform(0.1, 0.9), rng.uniform(0.1, 0.9)
            pos = view.mapFromScene(x * WIDTH_MM, y * HEIGHT_MM)
            scene = view.mapToScene(pos)
            if not locate(scene.x() / WIDTH_MM, scene.y() / HEIGHT_MM).candidates:
                continue
            if view._marker_at(pos.toPointF()) is not None:
                continue  # a click on a marker selects it; we time adding
            label = editor.next_label()
            start = time.perf_counter()
            _send_click(app, view.viewport(), pos)
            if not _wait_painted(app, lambda lab=label: lab in painted_labels):
                raise RuntimeError(f"marker {label} was never painted")
            end = time.perf_counter()
            totals.append((end - start) * 1000)
            commits.append((commit_at[-1] - start) * 1000)
        view.close()
        view.cleanup()
        editor.cleanup()
    finally:
        items_module.MarkerItem.paint = original_paint  # type: ignore[method-assign]
        session.close()
    return {"total_ms": totals, "commit_ms": commits}


def _measure_floor(app: Any, rng: random.Random, clicks: int) -> dict:
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsScene, QGraphicsView

    painted: set[int] = set()

    class Dot(QGraphicsEllipseItem):
        def __init__(self, n: int, x: float, y: float) -> None:
            super().__init__(QRectF(-6, -6, 12, 12))
            self.n = n
            self.setPos(x, y)
            self.setBrush(QColor("#c2412d"))

        def paint(self, painter: Any, option: Any, widget: Any = None) -> None:
            super().paint(painter, option, widget)
            painted.add(self.n)

    class FloorView(QGraphicsView):
        def __init__(self) -> None:
            super().__init__()
            self.count = 0
            self.setScene(QGraphicsScene(0, 0, 600, 700, self))

        def add(self, x: float, y: float) -> None:
            self.count += 1
            self.scene().addItem(Dot(self.count, x, y))

        def mouseReleaseEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
            if event.button() == Qt.MouseButton.LeftButton:
                p = self.mapToScene(event.position().toPoint())
                self.add(p.x(), p.y())

    view = FloorView()
    for _ in range(MARKERS):
        view.add(rng.uniform(60, 540), rng.uniform(35, 665))
    view.resize(*VIEW_SIZE)
    view.show()
    view.fitInView(view.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
    _wait_painted(app, lambda: len(painted) >= MARKERS)
    totals: list[float] = []
    for _ in range(clicks):
        pos = view.mapFromScene(rng.uniform(60, 540), rng.uniform(70, 630))
        n = view.count + 1
        start = time.perf_counter()
        _send_click(app, view.viewport(), pos)
        if not _wait_painted(app, lambda n=n: n in painted):
            raise RuntimeError("floor ellipse never painted")
        totals.append((time.perf_counter() - start) * 1000)
    view.close()
    return {"total_ms": totals}


def run(runs: int | None = None) -> list[Row]:
    clicks = runs or CLICKS
    app = _app()
    rng = random.Random(20261124)
    with tempfile.TemporaryDirectory(prefix="bodymap-bench-") as folder:
        db = Path(folder) / "canvas.db"
        visit_id = _seed(db, rng)
        canvas = _measure_canvas(app, db, visit_id, rng, clicks)
    floor = _measure_floor(app, rng, clicks)

    app_stats = latency_stats(canvas["total_ms"])
    commit_stats = latency_stats(canvas["commit_ms"])
    floor_stats = latency_stats(floor["total_ms"])
    meets = app_stats["p95_ms"] <= TARGET_P95_MS
    write_result(
        "canvas_click",
        {
            "benchmark": "canvas_click",
            "description": TITLE,
            "measured_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            "clicks": clicks,
            "markers": MARKERS,
            "zones": ZONES,
            "view_size": list(VIEW_SIZE),
            "qpa_platform": os.environ.get("QT_QPA_PLATFORM", ""),
            "canvas_click_to_painted": app_stats,
            "canvas_click_to_committed": commit_stats,
            "floor_bare_qgraphicsview": floor_stats,
            "target_p95_ms": TARGET_P95_MS,
            "meets_target": meets,
            "machine": machine(),
        },
    )
    verdict = "meets" if meets else "MISSES"
    target = f"{verdict} target <= {TARGET_P95_MS:g}"
    return [
        *latency_rows("canvas: click to painted marker", app_stats, f"{clicks} clicks", target),
        *latency_rows("canvas: click to committed", commit_stats, "inside the click"),
        *latency_rows("floor: bare QGraphicsView", floor_stats, "no database"),
    ]


def main() -> None:
    from bench.__main__ import print_table

    print_table([("canvas_click", row) for row in run()])


if __name__ == "__main__":
    main()
