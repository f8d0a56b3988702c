"""Opening a database: pragmas, and refusal of anything that is not a sound Bodymap file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bodymap.store import Mode, Store
from bodymap.store.connection import APPLICATION_ID, schema_state
from bodymap.store.errors import (
    DatabaseLocked,
    DatabaseMissing,
    NotADatabase,
    SchemaTooNew,
    SchemaTooOld,
)
from bodymap.store.migrations import STEP_NAMES


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def test_new_database_is_durable_and_marked(store: Store) -> None:
    pragma = store.db.conn.execute
    assert pragma("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert pragma("PRAGMA foreign_keys").fetchone()[0] == 1
    assert pragma("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert pragma("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert schema_state(store.db).applied == tuple(STEP_NAMES)


def test_reopening_applies_nothing_twice(db_path: Path) -> None:
    Store.open(db_path, Mode.CREATE).close()
    with Store.open(db_path) as again:
        rows = again.db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    assert rows == len(STEP_NAMES)


def test_missing_file_is_not_created_unless_asked(tmp_path: Path) -> None:
    path = tmp_path / "nothing.db"
    for mode in (Mode.READ_ONLY, Mode.READ_WRITE):
        with pytest.raises(DatabaseMissing, match="nothing.db: no such database file"):
            Store.open(path, mode)
    assert not path.exists()
    with pytest.raises(DatabaseMissing, match="does not exist"):
        Store.open(tmp_path / "no-folder" / "x.db", Mode.CREATE)


@pytest.mark.parametrize("mode", list(Mode))
def test_a_text_file_is_refused_untouched(tmp_path: Path, mode: Mode) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are not the records you are looking for\n")
    before = snapshot(path)
    with pytest.raises(NotADatabase, match="notes.db: is not an SQLite database"):
        Store.open(path, mode)
    assert snapshot(path) == before


def test_a_corrupt_database_is_refused_untouched(db_path: Path) -> None:
    Store.open(db_path, Mode.CREATE).close()
    data = bytearray(db_path.read_bytes())
    data[100:] = b"\xa5" * (len(data) - 100)  # keep the header, wreck every page
    db_path.write_bytes(bytes(data))
    before = snapshot(db_path)
    with pytest.raises(NotADatabase, match="damaged or not a database"):
        Store.open(db_path, Mode.READ_WRITE)
    assert snapshot(db_path) == before


def test_another_programs_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipe (name TEXT)")
    conn.close()
    before = snapshot(path)
    with pytest.raises(NotADatabase, match="another program"):
        Store.open(path, Mode.READ_WRITE)
    assert snapshot(path) == before


def test_a_newer_schema_is_refused_untouched(db_path: Path) -> None:
    with Store.open(db_path, Mode.CREATE) as s:
        s.db.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('bodymap', 'm999_from_the_future', '2030-01-01')"
        )
    before = snapshot(db_path)
    for mode in (Mode.READ_ONLY, Mode.READ_WRITE):
        with pytest.raises(SchemaTooNew, match="newer Bodymap.*m999_from_the_future"):
            Store.open(db_path, mode)
    assert snapshot(db_path) == before


def test_read_only_never_writes(db_path: Path) -> None:
    Store.open(db_path, Mode.CREATE).close()
    before = snapshot(db_path)
    with Store.open(db_path, Mode.READ_ONLY) as s:
        assert s.patients.count() == 0
        with pytest.raises(Exception, match="readonly"):
            s.db.execute("DELETE FROM patient")
    assert snapshot(db_path) == before


def test_read_only_refuses_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with pytest.raises(NotADatabase, match="empty database"):
        Store.open(path, Mode.READ_ONLY)
    assert path.read_bytes() == b""


def test_a_write_waits_then_reports_a_lock(db_path: Path) -> None:
    Store.open(db_path, Mode.CREATE).close()
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with Store.open(db_path, busy_timeout_ms=50) as s:
            with pytest.raises(DatabaseLocked, match="locked by another program"):
                s.patients.delete(1)
            assert not s.db.conn.in_transaction  # nothing left half-open
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_an_older_database_is_upgraded_and_keeps_its_rows(tmp_path: Path) -> None:
    from sqlite_utils import Database

    from bodymap.store.migrations import migrations

    path = tmp_path / "old.db"
    old = Database(path)
    old.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(old, stop_before=STEP_NAMES[-1])  # as the previous release left it
    old.execute(
        "INSERT INTO patient (uid, chart_no, family_name, date_of_birth, sex, created_at, "
        "updated_at) VALUES (?, 'OLD-1', 'Brandt', '1960-02-02', 'male', 'x', 'x')",
        ["a" * 32],
    )
    old.conn.close()
    with pytest.raises(SchemaTooOld, match="open it once with the app"):
        Store.open(path, Mode.READ_ONLY)
    with Store.open(path) as s:
        assert schema_state(s.db).applied == tuple(STEP_NAMES)
        assert s.patients.by_chart_no("OLD-1") is not None
