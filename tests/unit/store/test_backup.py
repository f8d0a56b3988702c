"""Backups through SQLite's backup API, verified before they get their name, rotated; and
restores that check first, keep the replaced file and swap atomically."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from bodymap.store import Mode, Store, audit
from bodymap.store.backup import (
    BackupInvalid,
    auto_backup,
    backup_database,
    backups_folder,
    latest_good_backup,
    list_backups,
    restore_database,
    verify_backup,
)
from bodymap.store.connection import APPLICATION_ID
from bodymap.store.errors import (
    DatabaseLocked,
    DatabaseMissing,
    NotADatabase,
    SchemaTooNew,
    StoreError,
)
from bodymap.store.health import check_database
from bodymap.store.instance_lock import AlreadyOpen, InstanceLock
from bodymap.store.migrations import STEP_NAMES

FIXTURES = Path(__file__).parent / "migration_fixtures"
T0 = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)


def chart_numbers(path: Path) -> list[str]:
    with Store.open(path, Mode.READ_ONLY) as s:
        return [p.chart_no for p in s.patients.search("")]


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


@pytest.fixture
def chart(store: Store, db_path: Path, make) -> Path:
    make.visit(make.patient("P-1"))
    make.patient("P-2")
    store.close()
    return db_path


def test_a_backup_is_one_verified_file_in_the_backups_folder(chart: Path) -> None:
    facts = backup_database(chart, now=T0)
    assert facts.path == backups_folder(chart) / "chart-20260301-080000.db"
    assert (facts.schema_version, facts.patients, facts.visits) == (len(STEP_NAMES), 2, 1)
    assert facts.audit_head is not None and facts.audit_head.entries == 3
    assert facts.describe() == (
        f"schema version {len(STEP_NAMES)}, 2 patients, 1 visit, audit trail of 3 entries"
    )
    assert sorted(p.name for p in facts.path.parent.iterdir()) == [facts.path.name]
    with sqlite3.connect(facts.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()
    assert chart_numbers(facts.path) == ["P-1", "P-2"]
    assert check_database(facts.path).ok
    again = backup_database(chart, now=T0)  # same second: a new name, never an overwrite
    assert again.path.name == "chart-20260301-080000-2.db"


def test_a_backup_taken_mid_write_holds_only_committed_data(
    store: Store, db_path: Path, make, tmp_path: Path
) -> None:
    make.patient("P-1")
    with store.transaction():
        make.patient("P-2")  # not committed while the backup runs
        facts = backup_database(db_path, tmp_path / "during.db")
    assert chart_numbers(facts.path) == ["P-1"]
    assert verify_backup(facts.path).patients == 1
    assert store.patients.count() == 2  # the app's write went on unharmed


def test_a_backup_to_a_folder_or_a_file(chart: Path, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    assert backup_database(chart, folder, now=T0).path == folder / "chart-20260301-080000.db"
    target = tmp_path / "copy.db"
    assert backup_database(chart, target).path == target
    with pytest.raises(StoreError, match="already exists; give a new file name") as info:
        backup_database(chart, target)
    assert info.value.path == target
    with pytest.raises(StoreError, match="folder .* does not exist"):
        backup_database(chart, tmp_path / "nowhere" / "x.db")
    with pytest.raises(StoreError, match="is the database itself"):
        backup_database(chart, chart)


def test_only_a_bodymap_database_is_backed_up(tmp_path: Path) -> None:
    with pytest.raises(DatabaseMissing):
        backup_database(tmp_path / "missing.db")
    text = tmp_path / "notes.db"
    text.write_text("hello")
    with pytest.raises(NotADatabase, match="not an SQLite database"):
        backup_database(text)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE recipe (name TEXT)")
    conn.close()
    with pytest.raises(NotADatabase, match="not a Bodymap database"):
        backup_database(other)
    assert not backups_folder(other).exists() or not any(backups_folder(other).iterdir())


def test_a_database_changed_behind_the_apps_back_is_still_backed_up(
    chart: Path, tmp_path: Path
) -> None:
    with sqlite3.connect(chart) as conn:
        conn.execute("UPDATE patient SET notes = 'edited elsewhere' WHERE chart_no = 'P-2'")
    conn.close()
    facts = backup_database(chart, tmp_path / "as-is.db")  # kept as it is, problem named
    (problem,) = facts.problems
    assert problem.startswith(
        "audit: 1 change made outside Bodymap (not sealed); first: entry 4 (update of patient 2"
    )
    assert "1 problem as in the database: audit: 1 change made outside" in facts.describe()
    with pytest.raises(BackupInvalid, match="fails its check: audit: 1 change made outside"):
        restore_database(facts.path, tmp_path / "elsewhere.db")


def test_a_damaged_backup_fails_its_check(chart: Path, tmp_path: Path) -> None:
    copy = backup_database(chart, tmp_path / "b.db").path
    data = bytearray(copy.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for offset in range(2 * page, len(data) - page, page):  # scramble every page but the first
        data[offset + 8 : offset + 64] = bytes(range(56))
    copy.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="b.db"):
        verify_backup(copy)


def test_automatic_backups_at_most_daily_keeping_the_newest(chart: Path) -> None:
    made = [auto_backup(chart, keep=3, now=T0 + dt.timedelta(hours=h)) for h in (0, 5, 24, 30)]
    assert [m is not None for m in made] == [True, False, True, False]
    manual = backup_database(chart, now=T0).path
    for day in range(2, 6):
        assert auto_backup(chart, keep=3, now=T0 + dt.timedelta(days=day)) is not None
    autos = [b for b in list_backups(chart) if b.kind == "auto"]
    assert [b.taken.day for b in autos] == [6, 5, 4]  # the newest three
    assert manual.exists()  # a backup made on request is never rotated away
    with pytest.raises(ValueError, match="keep at least one"):
        auto_backup(chart, keep=0)


def test_the_latest_good_backup_skips_a_damaged_one(chart: Path) -> None:
    good = backup_database(chart, now=T0).path
    newest = backup_database(chart, now=T0 + dt.timedelta(days=1)).path
    newest.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    assert [b.path for b in list_backups(chart)] == [newest, good]
    found = latest_good_backup(chart)
    assert found is not None and found.path == good
    assert latest_good_backup(chart.with_name("other.db")) is None


# --- restore ------------------------------------------------------------------------------


def test_restore_replaces_the_database_and_keeps_the_old_one(chart: Path, tmp_path: Path) -> None:
    saved = backup_database(chart, tmp_path / "saved.db").path
    with Store.open(chart) as s:
        s.patients.delete(s.patients.by_chart_no("P-2").id)  # type: ignore[union-attr]
    result = restore_database(saved, chart, now=T0)
    assert not chart.with_name("chart.db-wal").exists()  # no log of the old file left over
    assert chart_numbers(chart) == ["P-1", "P-2"]
    assert result.kept == backups_folder(chart) / "chart-before-restore-20260301-080000.db"
    assert chart_numbers(result.kept) == ["P-1"]
    assert result.restored.patients == 2
    report = check_database(chart)
    assert report.ok
    with Store.open(chart, Mode.READ_ONLY) as s:
        last = audit.entries(s.db)[-1]
    assert (last.op, last.content) == ("restore", {"from": str(saved), "into": str(chart)})
    assert [p.name for p in chart.parent.iterdir() if p.name.startswith(".")] == []


def test_restore_never_applies_the_old_write_ahead_log(chart: Path, tmp_path: Path, make) -> None:
    saved = backup_database(chart, tmp_path / "saved.db").path
    # A crash left committed changes in the WAL only: copy the files while a writer is open.
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    with Store.open(chart) as s:
        s.db.conn.execute("PRAGMA wal_autocheckpoint = 0")
        s.patients.delete(s.patients.by_chart_no("P-1").id)  # type: ignore[union-attr]
        for suffix in ("", "-wal"):
            shutil.copyfile(f"{chart}{suffix}", crashed / f"chart.db{suffix}")
    db = crashed / "chart.db"
    assert db.with_name("chart.db-wal").stat().st_size > 0
    result = restore_database(saved, db)
    assert chart_numbers(db) == ["P-1", "P-2"]
    assert result.kept is not None and chart_numbers(result.kept) == ["P-2"]
    assert check_database(db).ok


def test_restore_of_a_damaged_database_keeps_its_bytes(chart: Path, tmp_path: Path) -> None:
    saved = backup_database(chart, tmp_path / "saved.db").path
    chart.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)  # damaged past its header
    result = restore_database(saved, chart)
    assert result.kept is not None
    assert result.kept.read_bytes() == b"SQLite format 3\x00" + b"\x00" * 100
    assert check_database(chart).ok


def test_restore_into_a_new_place(chart: Path, tmp_path: Path) -> None:
    result = restore_database(chart, tmp_path / "fresh.db")
    assert result.kept is None
    assert chart_numbers(tmp_path / "fresh.db") == ["P-1", "P-2"]


@pytest.mark.parametrize(
    ("make_backup", "error", "message"),
    [
        (lambda p: p.write_text("not a database"), NotADatabase, "not an SQLite database"),
        (lambda p: None, DatabaseMissing, "no such database file"),
        (lambda p: _other_program(p), NotADatabase, "not a Bodymap database"),
        (lambda p: _from_the_future(p), SchemaTooNew, "newer Bodymap; update Bodymap"),
        (lambda p: _tampered(p), BackupInvalid, "fails its check: audit: 1 change made outside"),
    ],
)
def test_a_bad_backup_is_refused_and_nothing_changes(
    chart: Path, tmp_path: Path, make_backup, error: type[StoreError], message: str
) -> None:
    bad = tmp_path / "bad.db"
    make_backup(bad)
    before = snapshot(chart)
    with pytest.raises(error, match=message) as info:
        restore_database(bad, chart)
    assert info.value.path == bad
    assert snapshot(chart) == before
    assert not backups_folder(chart).exists()


def test_restore_is_refused_while_the_app_has_the_database(chart: Path, tmp_path: Path) -> None:
    saved = backup_database(chart, tmp_path / "saved.db").path
    before = snapshot(chart)
    with InstanceLock(chart), pytest.raises(AlreadyOpen, match="already open in another"):
        restore_database(saved, chart)
    assert snapshot(chart) == before


def test_the_app_restores_under_its_own_lock(chart: Path, tmp_path: Path) -> None:
    saved = backup_database(chart, tmp_path / "saved.db").path
    with Store.open(chart) as s:
        s.patients.delete(1)
    with InstanceLock(chart):  # the app keeps its lock, having closed its connection
        restore_database(saved, chart, caller_holds_lock=True)
    assert chart_numbers(chart) == ["P-1", "P-2"]


def test_restore_is_refused_while_another_program_has_it_open(chart: Path, tmp_path: Path) -> None:
    saved = backup_database(chart, tmp_path / "saved.db").path
    with Store.open(chart, Mode.READ_ONLY) as reader:
        with pytest.raises(DatabaseLocked, match="in use by another program"):
            restore_database(saved, chart)
        assert reader.patients.count() == 2
    assert chart_numbers(chart) == ["P-1", "P-2"]


def test_an_older_backup_is_restored_and_upgraded_on_opening(chart: Path) -> None:
    result = restore_database(FIXTURES / "v2.db", chart)
    assert result.restored.schema_version == 2
    with Store.open(chart) as s:
        assert s.schema_version == len(STEP_NAMES)
    assert check_database(chart).ok


def _other_program(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipe (name TEXT)")
    conn.close()


def _from_the_future(path: Path) -> None:
    shutil.copyfile(FIXTURES / f"v{len(STEP_NAMES)}.db", path)
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('bodymap', 'm999_from_the_future', '2030-01-01')"
        )
    conn.close()


def _tampered(path: Path) -> None:
    shutil.copyfile(FIXTURES / f"v{len(STEP_NAMES)}.db", path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE patient SET notes = 'changed' WHERE id = 1")
    conn.close()
