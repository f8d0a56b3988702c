"""One Bodymap per database: the lock file refuses a second holder, names the first, and is
released by the system when the holder dies, so a crash leaves no stale lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bodymap.store import Mode, Store
from bodymap.store.instance_lock import AlreadyOpen, InstanceLock, is_locked, lock_path_for

ROOT = Path(__file__).resolve().parents[3]


def test_a_second_holder_is_refused_with_a_clear_message(db_path: Path) -> None:
    with InstanceLock(db_path) as first:
        assert first.held
        assert is_locked(db_path)
        with pytest.raises(AlreadyOpen) as info:
            InstanceLock(db_path).acquire()
    message = str(info.value)
    assert message.startswith(f"{db_path}: is already open in another Bodymap window (process ")
    assert f"process {os.getpid()} on " in message
    assert "Switch to that window, or close it and try again" in message
    assert str(lock_path_for(db_path)) in message
    assert info.value.lock_path == db_path.with_name("chart.db.lock")


def test_releasing_lets_the_next_one_in(db_path: Path) -> None:
    lock = InstanceLock(db_path).acquire()
    lock.release()
    lock.release()  # twice is harmless
    assert not is_locked(db_path)
    with InstanceLock(db_path) as again:
        assert again.held
    assert lock_path_for(db_path).exists()  # the file stays; it means nothing unlocked


def test_a_killed_holder_leaves_no_stale_lock(db_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys
                sys.path.insert(0, {str(ROOT)!r})
                from bodymap.store.instance_lock import InstanceLock
                InstanceLock({str(db_path)!r}).acquire()
                print("locked", flush=True)
                sys.stdin.read()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(AlreadyOpen, match=f"process {holder.pid} on "):
            InstanceLock(db_path).acquire()
        holder.send_signal(signal.SIGKILL)  # a crash: no clean-up code runs
        holder.wait()
    finally:
        holder.kill()
        holder.wait()
        for stream in (holder.stdin, holder.stdout):
            if stream is not None:
                stream.close()
    with InstanceLock(db_path) as lock:
        assert lock.held


def test_the_lock_is_beside_the_database_and_does_not_touch_it(store: Store, db_path: Path) -> None:
    store.close()
    before = db_path.read_bytes()
    with InstanceLock(db_path), Store.open(db_path, Mode.READ_ONLY) as s:
        assert s.patients.count() == 0
    assert db_path.read_bytes() == before
    assert lock_path_for(db_path).parent == db_path.parent


def test_the_app_refuses_a_database_open_in_another_window(tmp_path: Path) -> None:
    pytest.importorskip("PySide6")
    db = tmp_path / "clinic.db"
    Store.open(db, Mode.CREATE).close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with InstanceLock(db):
        done = subprocess.run(
            [sys.executable, "-m", "bodymap", "--db", str(db), "--smoke"],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=120,
            check=False,
        )
    assert done.returncode == 1
    assert f"bodymap: {db}: is already open in another Bodymap window" in done.stderr
