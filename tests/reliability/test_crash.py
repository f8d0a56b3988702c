"""SIGKILL at random moments while writing, migrating, backing up and restoring: nothing
acknowledged is lost and every file is whole (see crash_harness.py for what is checked
after each kill; any violation raises there)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import crash_harness  # found through the line above, also by the forkserver

CYCLES = 200
TASK_CYCLES = 24


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and forkserver are POSIX")
def test_killed_at_random_moments_nothing_acknowledged_is_lost(tmp_path: Path) -> None:
    report = crash_harness.run(tmp_path, cycles=CYCLES, task_cycles=TASK_CYCLES, seed=7)
    print("\n".join(report.lines()))  # the figures for the README (pytest -s shows them)
    assert report.cycles == CYCLES
    assert report.lost == 0
    assert report.acknowledged_visits > CYCLES  # the kills did not all land before any write
    assert report.migration_kills == report.backup_kills == report.restore_kills == TASK_CYCLES
