"""Benchmarks: each module here measures one thing, prints it and writes JSON to results/.

A benchmark module defines ``TITLE`` and ``run(runs: int | None) -> list[Row]``. Figures
are never asserted by the tests; ``python -m bench`` runs every module and prints a table.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results"


@dataclass(frozen=True, slots=True)
class Row:
    metric: str
    value: float
    unit: str
    note: str = ""


def time_command(command: Sequence[str], env: dict[str, str]) -> float:
    """Wall-clock seconds from spawning ``command`` to its exit; it must exit 0."""
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} exited {done.returncode}:\n{done.stderr.strip()[-2000:]}"
        )
    return elapsed


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-quantile (0..1) with linear interpolation between the nearest ranks."""
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def latency_stats(values_ms: Sequence[float]) -> dict[str, float]:
    """p50, p95 and max of a list of milliseconds, rounded for the JSON results."""
    return {
        "p50_ms": round(statistics.median(values_ms), 3),
        "p95_ms": round(percentile(values_ms, 0.95), 3),
        "max_ms": round(max(values_ms), 3),
    }


def latency_rows(
    what: str, stats: dict[str, float], p50_note: str = "", p95_note: str = ""
) -> list[Row]:
    """The p50 and p95 rows of one measurement (``stats`` from :func:`latency_stats`)."""
    return [
        Row(f"{what}, p50", stats["p50_ms"], "ms", p50_note),
        Row(f"{what}, p95", stats["p95_ms"], "ms", p95_note),
    ]


def machine() -> dict[str, Any]:
    """What the figures were measured on, so they are compared like with like."""
    info: dict[str, Any] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
    }
    try:
        from importlib.metadata import version

        info["pyside6"] = version("PySide6-Essentials")
    except Exception:
        info["pyside6"] = None
    return info


def write_result(name: str, payload: dict[str, Any]) -> Path:
    """Write ``results/<name>.json`` (the latest figures, committed with the code)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def python() -> str:
    return sys.executable
