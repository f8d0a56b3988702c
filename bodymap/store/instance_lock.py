"""One Bodymap window per database: a lock on ``<database>.lock``.

The lock is an operating-system lock on the open file (``flock`` on Linux and macOS,
``msvcrt.locking`` on Windows), not the file's existence, so the system drops it when
the process ends in any way, a crash included: a stale lock file means nothing. The
file holds who took the lock (process, host, time) only to name them in the message.

SQLite keeps concurrent writes safe by itself (immediate transactions, busy timeout);
the lock is there so a second window does not silently show data the first one is
changing, and so a restore does not replace a file the app has open.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import sys
from pathlib import Path
from types import TracebackType

from bodymap.store.errors import StoreError

_WINDOWS_LOCK_OFFSET = 1 << 20  # lock a byte past the text, which stays readable


class AlreadyOpen(StoreError):
    """The database is held by another Bodymap process."""

    def __init__(self, db_path: Path, lock_path: Path, holder: str) -> None:
        self.lock_path = lock_path
        self.holder = holder
        super().__init__(
            db_path,
            f"is already open in another Bodymap window ({holder}). Switch to that window, "
            f"or close it and try again. (Lock file: {lock_path}; the system releases it "
            "when that program ends, even after a crash.)",
        )


def lock_path_for(db_path: Path | str) -> Path:
    path = Path(db_path)
    return path.with_name(path.name + ".lock")


class InstanceLock:
    """Hold ``<db>.lock`` while the database is open in this process.

    ``acquire()`` raises :class:`AlreadyOpen` at once (never waits) when another process,
    or another InstanceLock in this one, holds it. Use it as a context manager, or call
    ``release()``; both may be called more than once."""

    def __init__(self, db_path: Path | str) -> None:
        self.db_path = Path(db_path)
        self.path = lock_path_for(self.db_path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> InstanceLock:
        if self._fd is not None:
            return self
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(
                self.db_path, f"cannot create its lock file {self.path} ({exc.strerror})"
            ) from exc
        try:
            if not _try_lock(fd):
                raise AlreadyOpen(self.db_path, self.path, _holder(self.path))
            _write_holder(fd)
        except OSError as exc:  # e.g. a network drive without locks
            os.close(fd)
            raise StoreError(
                self.db_path, f"cannot lock {self.path} ({exc.strerror or exc})"
            ) from exc
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return self

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        # The file stays: removing it could let two processes lock two different files.
        with contextlib.suppress(OSError):  # the lock goes with the descriptor anyway
            os.ftruncate(fd, 0)
        _unlock(fd)
        os.close(fd)

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def is_locked(db_path: Path | str) -> bool:
    """Whether some process holds the database's lock now."""
    try:
        with InstanceLock(db_path):
            return False
    except AlreadyOpen:
        return True


def _write_holder(fd: int) -> None:
    info = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "since": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
    }
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, (json.dumps(info) + "\n").encode())
    os.fsync(fd)


def _holder(path: Path) -> str:
    try:
        info = json.loads(path.read_text(encoding="utf-8") or "{}")
        since = dt.datetime.fromisoformat(info["since"])
        return f"process {int(info['pid'])} on {info['host']}, since {since:%Y-%m-%d %H:%M}"
    except (OSError, ValueError, KeyError, TypeError):
        return "another process"  # it may be writing the file this very moment


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        # flock belongs to the open file, so a second open in this process is refused too.
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
