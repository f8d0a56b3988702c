"""Cold start: spawn to a shown main window on the demo database, against a bare Qt floor.

The app runs as a user starts it, ``python -m bodymap --db DEMO.db --smoke``, which exits
as soon as the main window is shown. The floor is the least any PySide6 app can do: a
bare QMainWindow shown and closed, waited for the same way. Both are measured in the
same run, interleaved, so the ratio holds across machines even where seconds do not.
One unmeasured warm-up run of each first fills the operating system's file cache.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from bench import Row, machine, median, python, time_command, write_result

TITLE = "cold start to the shown main window (offscreen)"
RUNS = 7
TARGET_RATIO = 3.0

# The same 'shown' test as ``bodymap --smoke``: visible and exposed, then one more pass
# of the event loop for the first paint.
FLOOR_SCRIPT = """
import sys, time
from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1200, 760)
window.show()
deadline = time.monotonic() + 20
while time.monotonic() < deadline:
    app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    handle = window.windowHandle()
    if window.isVisible() and handle is not None and handle.isExposed():
        app.processEvents()
        break
else:
    sys.exit(1)
window.hide()
"""


def _seed_demo(path: Path) -> None:
    from bodymap.demo import seed
    from bodymap.store import Mode, Store

    with Store.open(path, Mode.CREATE) as store:
        seed(store)


def run(runs: int | None = None) -> list[Row]:
    n = runs or RUNS
    with tempfile.TemporaryDirectory(prefix="bodymap-bench-") as folder:
        db = Path(folder) / "demo.db"
        _seed_demo(db)
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            # Neither run may read or write the user's settings.
            "XDG_CONFIG_HOME": str(Path(folder) / "config"),
        }
        env.pop("BODYMAP_DB", None)
        # As installed: pip and the bundle ship compiled bytecode. A shell that forbids
        # writing it would time the compiler, not the start; the warm-up writes it.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        app_cmd = [python(), "-m", "bodymap", "--db", str(db), "--smoke"]
        floor_cmd = [python(), "-c", FLOOR_SCRIPT]

        time_command(app_cmd, env)  # warm-up, not counted
        time_command(floor_cmd, env)
        app_times: list[float] = []
        floor_times: list[float] = []
        for _ in range(n):
            app_times.append(time_command(app_cmd, env))
            floor_times.append(time_command(floor_cmd, env))

    app_s, floor_s = median(app_times), median(floor_times)
    ratio = app_s / floor_s
    write_result(
        "cold_start",
        {
            "benchmark": "cold_start",
            "description": TITLE,
            "measured_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            "runs": n,
            "statistic": "median wall-clock seconds, spawn to exit",
            "app_command": "python -m bodymap --db DEMO.db --smoke",
            "app_s": round(app_s, 4),
            "floor_s": round(floor_s, 4),
            "ratio": round(ratio, 3),
            "target_ratio": TARGET_RATIO,
            "meets_target": ratio <= TARGET_RATIO,
            "app_runs_s": [round(t, 4) for t in app_times],
            "floor_runs_s": [round(t, 4) for t in floor_times],
            "machine": machine(),
        },
    )
    verdict = "meets" if ratio <= TARGET_RATIO else "MISSES"
    return [
        Row("app: shown main window, demo db", app_s, "s", f"median of {n}"),
        Row("floor: bare PySide6 QMainWindow", floor_s, "s", f"median of {n}"),
        Row("ratio app / floor", ratio, "x", f"{verdict} target <= {TARGET_RATIO:g}"),
    ]
