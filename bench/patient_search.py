"""Search as you type: the time from one key press in the patient search field to the
list showing the new matches (query run, model reset, list repainted), over 10,000
patients.

Keys are real QKeyEvents sent to the search field; each keystroke runs the search
synchronously through the session, so the clock stops after a forced repaint of the
list's viewport. The floor, measured in the same run on the same file, is the bare SQL
the search runs (one page from the full-text index), through Python's sqlite3 with no
domain objects, model or view.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import Row, latency_rows, latency_stats, machine, write_result

TITLE = "patient search as you type over 10,000 patients (key to repainted list)"
PATIENTS = 10_000
WORDS = 40  # typed one character at a time
TARGET_P95_MS = 20.0
PAGE = 100  # what the patient list loads per keystroke (bodymap.ui.session.PATIENT_PAGE)

_SYLLABLES = [
    "ka",
    "ri",
    "mo",
    "la",
    "ne",
    "su",
    "to",
    "vi",
    "ba",
    "de",
    "lo",
    "ma",
    "ren",
    "tha",
    "qui",
    "sel",
    "dor",
    "vak",
    "mer",
    "lin",
    "ost",
    "pe",
    "ya",
    "zu",
    "hal",
    "bre",
    "cor",
    "fen",
    "gil",
    "jas",
    "kel",
    "mor",
    "nid",
    "orv",
    "pax",
    "rul",
    "sten",
    "tov",
    "ulm",
    "wes",
]


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def _seed(path: Path, rng: random.Random) -> list[tuple[str, str, str, str]]:
    """PATIENTS fictional patients; returns (family, given, chart, birth) of each."""
    from bodymap.domain.patient import Patient, Sex
    from bodymap.store import Mode, Store

    people = []
    with Store.open(path, Mode.CREATE) as store, store.transaction():
        for n in range(PATIENTS):
            born = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(0, 33_000))
            patient = Patient(
                chart_no=f"B{n:06d}",
                family_name=_name(rng, rng.choice((2, 3))),
                given_names=_name(rng, 2),
                date_of_birth=born,
                sex=rng.choice(list(Sex)),
            )
            store.patients.add(patient)
            people.append(
                (patient.family_name, patient.given_names, patient.chart_no, born.isoformat())
            )
    return people


def _typed_words(people: list[tuple[str, str, str, str]], rng: random.Random) -> list[str]:
    """What a receptionist types: mostly family names, some chart numbers and births."""
    words = []
    for _ in range(WORDS):
        family, given, chart, born = rng.choice(people)
        words.append(rng.choice((family, family, f"{family} {given[:3]}", chart, born[:7])))
    return words


def _measure_app(path: Path, words: list[str]) -> list[float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from bodymap.ui.patient_list import PatientListPanel
    from bodymap.ui.session import Session

    app = QApplication.instance() or QApplication([])
    session = Session.open(path)
    panel = PatientListPanel(session)
    panel.resize(320, 800)
    panel.show()
    app.processEvents()
    times = []
    for word in words:
        panel.search.clear()
        app.processEvents()
        for char in word:
            start = time.perf_counter()
            QTest.keyClick(panel.search, char if char != " " else Qt.Key.Key_Space)
            panel.view.viewport().repaint()
            times.append((time.perf_counter() - start) * 1000)
    panel.close()
    session.close()
    return times


def _measure_floor(path: Path, words: list[str]) -> list[float]:
    """The same query per keystroke (one page of matches) with nothing but sqlite3."""
    from bodymap.store.patients import search_query

    conn = sqlite3.connect(path)
    times = []
    for word in words:
        for end in range(1, len(word) + 1):
            query = search_query(word[:end])
            where = (
                "id IN (SELECT rowid FROM patient_search WHERE patient_search MATCH ?)"
                if query
                else "1"
            )
            start = time.perf_counter()
            conn.execute(
                f"SELECT * FROM patient WHERE {where} "
                "ORDER BY family_name COLLATE NOCASE, given_names COLLATE NOCASE, id "
                f"LIMIT {PAGE}",
                [query] if query else [],
            ).fetchall()
            times.append((time.perf_counter() - start) * 1000)
    conn.close()
    return times


def run(runs: int | None = None) -> list[Row]:
    rng = random.Random(20261124)
    with tempfile.TemporaryDirectory(prefix="bodymap-bench-") as folder:
        db = Path(folder) / "patients.db"
        people = _seed(db, rng)
        words = _typed_words(people, rng)[: runs or WORDS]
        app_times = _measure_app(db, words)
        floor_times = _measure_floor(db, words)
    app_stats = latency_stats(app_times)
    floor_stats = latency_stats(floor_times)
    meets = app_stats["p95_ms"] <= TARGET_P95_MS
    payload: dict[str, Any] = {
        "benchmark": "patient_search",
        "description": TITLE,
        "measured_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "patients": PATIENTS,
        "keystrokes": len(app_times),
        "qpa_platform": os.environ.get("QT_QPA_PLATFORM", ""),
        "key_to_repainted_list": app_stats,
        "floor_raw_sql": floor_stats,
        "target_p95_ms": TARGET_P95_MS,
        "meets_target": meets,
        "machine": machine(),
    }
    write_result("patient_search", payload)
    verdict = "meets" if meets else "MISSES"
    n = len(app_times)
    target = f"{verdict} target <= {TARGET_P95_MS:g}"
    return [
        *latency_rows("search: key to repainted list", app_stats, f"{n} keys", target),
        *latency_rows("floor: raw SQL query", floor_stats, "sqlite3 only"),
    ]


def main() -> None:
    from bench.__main__ import print_table

    print_table([("patient_search", row) for row in run()])


if __name__ == "__main__":
    main()
