"""A write that fails for lack of space, or a disk error, is reported as such, rolls back
whole, and leaves a database that reads as it did before the failed write.

Three real mechanisms, no mocks: SQLite's own size limit (``max_page_count``, which fails
a write with the same SQLITE_FULL error as a full disk), a file-size limit of the process
(``RLIMIT_FSIZE``: the operating system refuses the write, SQLite sees an I/O error), and,
where user namespaces allow it, a tiny tmpfs that really runs out of space.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bodymap.domain.patient import Patient, Sex
from bodymap.store import Mode, Store, audit
from bodymap.store.errors import DiskFull
from bodymap.store.health import check_database

ROOT = Path(__file__).resolve().parents[3]
NOTES = "Full history. " * 1400  # ~20 kB: a few pages per patient


def patient(n: int) -> Patient:
    return Patient(
        chart_no=f"F-{n}",
        family_name="Filler",
        given_names="",
        date_of_birth=dt.date(1970, 1, 1),
        sex=Sex.OTHER,
        notes=NOTES[:19_000],
    )


def charts(path: Path) -> set[str]:
    with Store.open(path) as s:
        return {p.chart_no for p in s.patients.search("")}


def test_a_size_limit_refuses_the_write_whole_and_says_why(store: Store, db_path: Path) -> None:
    conn = store.db.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 40}")
    added = []
    with pytest.raises(DiskFull) as info:
        for n in range(100):
            added.append(store.patients.add(patient(n)).chart_no)
    assert str(info.value) == (
        "the disk is full: the change was not saved; free some space and try again"
    )
    assert 0 < len(added) < 100
    assert not conn.in_transaction
    # What a screen would read back now is exactly what was acknowledged.
    assert {p.chart_no for p in store.patients.search("")} == set(added)
    # A transaction of several writes that runs out of space half-way leaves none of them.
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0] + 8}")
    with pytest.raises(DiskFull), store.transaction():
        for n in range(200, 210):
            store.patients.add(patient(n))
    assert store.patients.count() == len(added)
    assert audit.verify(store.db).ok
    # Space again: writing goes on.
    conn.execute("PRAGMA max_page_count = 1073741823")
    store.patients.add(patient(999))
    store.close()
    assert charts(db_path) == {*added, "F-999"}
    assert check_database(db_path).ok


CHILD = """
import datetime as dt, json, os, sys
sys.path.insert(0, {root!r})
from pathlib import Path
from bodymap.domain.patient import Patient, Sex
from bodymap.store import Store, Mode
from bodymap.store.errors import DiskError
from bodymap.store.health import check_database

def patient(n):
    return Patient(chart_no=f"F-{{n}}", family_name="Filler", given_names="",
                   date_of_birth=dt.date(1970, 1, 1), sex=Sex.OTHER, notes={notes!r})

def fill(store):
    added = []
    try:
        for n in range(2000):
            added.append(store.patients.add(patient(n)).chart_no)
    except DiskError as exc:
        return added, type(exc).__name__, str(exc), store.db.conn.in_transaction
    return added, None, None, None
"""


def _run_child(code: str, *prefix: str) -> dict[str, object]:
    done = subprocess.run(
        [*prefix, sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX resource limits")
def test_a_refused_file_write_is_an_io_error_and_loses_nothing(tmp_path: Path) -> None:
    db = tmp_path / "chart.db"
    Store.open(db, Mode.CREATE).close()
    code = CHILD.format(root=str(ROOT), notes=NOTES[:19_000]) + textwrap.dedent(
        f"""
        import resource, signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a refused write, not a killed process
        store = Store.open({str(db)!r})
        largest = max(Path({str(db)!r} + s).stat().st_size for s in ("", "-wal"))
        resource.setrlimit(resource.RLIMIT_FSIZE, (largest + 200_000, resource.RLIM_INFINITY))
        added, error, message, in_tx = fill(store)
        print(json.dumps({{"added": added, "error": error, "message": message, "in_tx": in_tx}}))
        os._exit(0)  # as a crash would: no clean close under the limit
        """
    )
    result = _run_child(code)
    assert result["error"] in ("DiskError", "DiskFull"), result
    assert "the change was not saved" in str(result["message"])
    assert result["in_tx"] is False
    added = result["added"]
    assert isinstance(added, list) and added
    assert charts(db) == set(added)
    assert check_database(db).ok


def _tmpfs_available() -> bool:
    if shutil.which("unshare") is None or not sys.platform.startswith("linux"):
        return False
    probe = subprocess.run(
        ["unshare", "-r", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


@pytest.mark.skipif(not _tmpfs_available(), reason="no user namespaces to mount a small tmpfs")
def test_a_really_full_disk(tmp_path: Path) -> None:
    """A 1 MB tmpfs in a private mount namespace, filled up by the store itself."""
    mount = tmp_path / "small"
    mount.mkdir()
    code = CHILD.format(root=str(ROOT), notes=NOTES[:19_000]) + textwrap.dedent(
        f"""
        import subprocess
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", {str(mount)!r}],
                       check=True)
        db = Path({str(mount)!r}) / "chart.db"
        ballast = db.with_name("ballast")
        store = Store.open(db, Mode.CREATE)
        ballast.write_bytes(bytes(150_000))
        added, error, message, in_tx = fill(store)
        reread = sorted(p.chart_no for p in store.patients.search(""))
        ballast.unlink()  # free some space: the next write succeeds
        store.patients.add(patient(9999))
        store.close()
        report = check_database(db)
        print(json.dumps({{"added": added, "error": error, "message": message, "in_tx": in_tx,
                           "reread": reread, "ok": report.ok, "problems": report.problems,
                           "count": dict(report.counts)["patients"]}}))
        """
    )
    result = _run_child(code, "unshare", "-r", "-m")
    assert result["error"] == "DiskFull", result
    assert result["message"] == (
        "the disk is full: the change was not saved; free some space and try again"
    )
    assert result["in_tx"] is False
    added = result["added"]
    assert isinstance(added, list) and added
    assert result["reread"] == sorted(added)
    assert result["ok"] is True, result["problems"]
    assert result["count"] == len(added) + 1


@pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX resource limits")
def test_a_write_refused_at_commit_is_a_store_error_and_heard(tmp_path: Path) -> None:
    """In WAL mode pages reach the disk at COMMIT: a refusal there is a DiskError like any
    other (not a raw sqlite3 error), the listeners hear of it once, and writing goes on
    when the disk accepts writes again."""
    db = tmp_path / "chart.db"
    Store.open(db, Mode.CREATE).close()
    code = CHILD.format(root=str(ROOT), notes="short") + textwrap.dedent(
        f"""
        import resource, signal
        from bodymap.store.connection import on_disk_error
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        store = Store.open({str(db)!r})
        heard = []
        on_disk_error(store.db, lambda exc: heard.append(type(exc).__name__))
        store.patients.add(patient(1))
        soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, hard))  # no file may grow at all
        try:
            with store.transaction():
                store.patients.add(patient(2))
                store.patients.add(patient(3))
            error = None
        except Exception as exc:
            error = f"{{type(exc).__module__}}.{{type(exc).__name__}}"
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        in_tx = store.db.conn.in_transaction
        after_failure = sorted(p.chart_no for p in store.patients.search(""))
        store.patients.add(patient(4))
        store.close()
        print(json.dumps({{"error": error, "heard": heard, "in_tx": in_tx,
                           "after_failure": after_failure,
                           "ok": check_database({str(db)!r}).ok}}))
        """
    )
    result = _run_child(code)
    assert result["error"] == "bodymap.store.errors.DiskError", result
    assert result["heard"] == ["DiskError"]
    assert result["in_tx"] is False
    assert result["after_failure"] == ["F-1"]
    assert result["ok"] is True
    assert charts(db) == {"F-1", "F-4"}
