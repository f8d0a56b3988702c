"""Checking a database: SQLite's checks, the schema version and counts, read-only."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bodymap.store import Mode, Store
from bodymap.store.errors import DatabaseMissing, NotADatabase, SchemaTooNew
from bodymap.store.health import check_database
from bodymap.store.migrations import STEP_NAMES


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def test_a_sound_database(store: Store, db_path: Path, make) -> None:
    make.patient("P-1")
    store.close()
    before = snapshot(db_path)
    report = check_database(db_path)
    assert report.ok
    assert report.problems == ()
    steps = len(STEP_NAMES)
    assert (report.schema_version, report.app_schema_version) == (steps, steps)
    assert dict(report.counts)["patients"] == 1
    lines = report.lines()
    assert lines[0] == f"{db_path}: sound"
    assert f"schema version {steps} (this app: {steps}; steps: {', '.join(STEP_NAMES)})" in lines
    assert snapshot(db_path) == before


def test_a_broken_foreign_key_is_reported(store: Store, db_path: Path) -> None:
    store.close()
    conn = sqlite3.connect(db_path)  # what another tool with foreign keys off could do
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(
        "INSERT INTO patient (uid, chart_no, family_name, date_of_birth, sex, "
        "created_at, updated_at) VALUES (?, 'P-1', 'X', '1970-01-01', 'male', 'x', 'x')",
        ["a" * 32],
    )
    conn.execute(
        "INSERT INTO visit (uid, patient_id, visit_date, clinician, created_at, updated_at) "
        "VALUES (?, 999, '2026-01-01', 'X', 'x', 'x')",
        ["b" * 32],
    )
    conn.commit()
    conn.close()
    report = check_database(db_path)
    assert not report.ok
    assert report.problems[0] == "foreign key: visit row 1 refers to a missing patient"
    # Another program wrote both rows: the audit trail reports that too.
    assert report.problems[1].startswith("audit: 2 changes made outside Bodymap")
    assert len(report.problems) == 2
    assert "foreign keys: broken" in report.lines()


def test_damaged_pages_are_reported(demo_db: Path) -> None:
    data = bytearray(demo_db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[-3 * page :] = b"\xa5" * (3 * page)  # the header and schema survive, data does not
    demo_db.write_bytes(bytes(data))
    before = snapshot(demo_db)
    report = check_database(demo_db)
    assert not report.ok
    assert any(p.startswith("integrity: ") for p in report.problems)
    assert report.lines()[0].endswith("PROBLEMS FOUND")
    assert snapshot(demo_db) == before


def test_files_that_cannot_be_checked_raise_store_errors(tmp_path: Path, db_path: Path) -> None:
    with pytest.raises(DatabaseMissing, match="no such database file"):
        check_database(tmp_path / "none.db")
    text = tmp_path / "notes.db"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(NotADatabase):
        check_database(text)
    with Store.open(db_path, Mode.CREATE) as s:
        s.db.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('bodymap', 'm999_later', '2030-01-01')"
        )
    with pytest.raises(SchemaTooNew, match="m999_later"):
        check_database(db_path)
