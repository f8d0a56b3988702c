"""The long crash run: 1,000 SIGKILLs of a process writing through the app's store.

CI runs the same harness (tests/reliability/crash_harness.py) for 200 cycles; this run
kills ten times as often and also kills 100 migrations, backups and restores each. The
harness raises on the first lost record, damaged file or broken audit chain, so a
finished run means none; the figures say how much was at stake.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from bench import Row, machine, write_result

TITLE = "crash safety: SIGKILL while writing, migrating, backing up, restoring"
CYCLES = 1000
TASK_CYCLES = 100
HARNESS = Path(__file__).resolve().parents[1] / "tests" / "reliability"


def run(runs: int | None = None) -> list[Row]:
    cycles = runs or CYCLES  # --runs N shortens it, e.g. for trying the bench out
    if str(HARNESS) not in sys.path:
        sys.path.insert(0, str(HARNESS))
    import crash_harness  # the forkserver imports it by this name

    with tempfile.TemporaryDirectory(prefix="bodymap-crash-") as folder:
        report = crash_harness.run(
            Path(folder), cycles=cycles, task_cycles=min(TASK_CYCLES, cycles), seed=7
        )
    figures = {k: sorted(v) if isinstance(v, set) else v for k, v in vars(report).items()}
    write_result(
        "crash",
        {
            "title": TITLE,
            "measured": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            **figures,
        },
    )
    return [
        Row("kill cycles while writing", report.cycles, "kills"),
        Row("records acknowledged", report.acknowledged_records, "records",
            f"{report.acknowledged_visits} visits"),
        Row("records lost", report.lost, "records", "acknowledged, then missing"),
        Row("kills during migrations", report.migration_kills, "kills",
            f"versions found after: {sorted(report.migration_versions_seen)}"),
        Row("kills during backups", report.backup_kills, "kills",
            f"{report.backups_complete} backups complete, none partial"),
        Row("kills during restores", report.restore_kills, "kills",
            f"{report.restores_complete} restores complete"),
        Row("duration", report.seconds, "s"),
    ]  # fmt: skip
