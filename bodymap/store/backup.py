"""Backups through SQLite's backup API, and restoring one.

A backup is a consistent copy even while the app is writing (the backup API reads one
snapshot; a file copy could catch a write half-way), written to a temporary file next
to its destination, verified (integrity check, Bodymap's application id, a known schema
version, foreign keys, the audit trail), flushed to disk and only then renamed into
place: a backup file either is complete and sound, or does not exist.

Backups go to a ``backups`` folder next to the database unless told otherwise, named
``<name>-<UTC time>.db`` (made on request), ``<name>-auto-<UTC time>.db`` (made by
:func:`auto_backup`, which keeps the newest N) and ``<name>-before-restore-<UTC time>.db``
(the database a restore replaced).

:func:`restore_database` checks the backup first, refuses one that is not Bodymap's or
is newer than the app, keeps the database it replaces, and swaps the files atomically.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from bodymap.store import audit
from bodymap.store.connection import APPLICATION_ID, BUSY_TIMEOUT_MS, schema_state, translate
from bodymap.store.errors import (
    DatabaseLocked,
    DatabaseMissing,
    NotADatabase,
    SchemaTooNew,
    StoreError,
)
from bodymap.store.health import check_store
from bodymap.store.instance_lock import InstanceLock
from bodymap.store.store import Store

FOLDER_NAME = "backups"
DEFAULT_KEEP = 10  # automatic backups kept
KEEP_SETTING = "backups.keep"  # setting key the app may store a different N under
DEFAULT_EVERY = dt.timedelta(days=1)
_SQLITE_MAGIC = b"SQLite format 3\x00"
_STAMP = "%Y%m%d-%H%M%S"
_KINDS = ("auto", "before-restore")


class BackupInvalid(StoreError):
    """A backup file that must not be restored (or that failed its check after writing)."""


@dataclass(frozen=True, slots=True)
class BackupFacts:
    """What a verified backup (or database) holds."""

    path: Path
    schema_version: int
    patients: int
    visits: int
    audit_head: audit.ChainHead | None  # None before the audit trail (schema < 5)
    # Problems copied from the database (foreign keys, audit trail): a backup keeps the
    # file as it is, so they are reported, not refused; a restore refuses them.
    problems: tuple[str, ...] = ()

    def describe(self) -> str:
        parts = [
            f"schema version {self.schema_version}",
            f"{self.patients} patient{'s' if self.patients != 1 else ''}",
            f"{self.visits} visit{'s' if self.visits != 1 else ''}",
        ]
        if self.audit_head is not None:
            n = self.audit_head.entries
            parts.append(f"audit trail of {n} entr{'y' if n == 1 else 'ies'}")
        if self.problems:
            n = len(self.problems)
            parts.append(
                f"{n} problem{'s' if n != 1 else ''} as in the database: {self.problems[0]}"
            )
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """A backup file found in a backups folder, by its name."""

    path: Path
    kind: str  # "manual", "auto" or "before-restore"
    taken: dt.datetime  # UTC, from the name


@dataclass(frozen=True, slots=True)
class RestoreResult:
    path: Path
    restored: BackupFacts
    kept: Path | None  # the replaced database, kept as a backup; None if there was none


# --- names and folders ------------------------------------------------------------------


def backups_folder(db_path: Path | str) -> Path:
    return Path(db_path).parent / FOLDER_NAME


def _utc(now: dt.datetime | None) -> dt.datetime:
    return (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)


def _free_name(folder: Path, stem: str, kind: str, now: dt.datetime) -> Path:
    base = f"{stem}-{kind + '-' if kind != 'manual' else ''}{now.strftime(_STAMP)}"
    candidate = folder / f"{base}.db"
    n = 2
    while candidate.exists():
        candidate = folder / f"{base}-{n}.db"
        n += 1
    return candidate


def list_backups(db_path: Path | str, folder: Path | None = None) -> list[BackupInfo]:
    """The backups of this database in its backups folder, newest first."""
    db_path = Path(db_path)
    folder = folder or backups_folder(db_path)
    pattern = re.compile(
        rf"^{re.escape(db_path.stem)}-(?:({'|'.join(_KINDS)})-)?(\d{{8}}-\d{{6}})(?:-(\d+))?\.db$"
    )
    found = []
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            m = pattern.match(entry.name)
            if m is None or not entry.is_file():
                continue
            taken = dt.datetime.strptime(m.group(2), _STAMP).replace(tzinfo=dt.UTC)
            found.append(
                (taken, int(m.group(3) or 1), BackupInfo(entry, m.group(1) or "manual", taken))
            )
    found.sort(key=lambda t: (t[0], t[1]), reverse=True)
    return [info for *_, info in found]


# --- making a backup ----------------------------------------------------------------------


def backup_database(
    db_path: Path | str,
    target: Path | str | None = None,
    *,
    kind: str = "manual",
    now: dt.datetime | None = None,
) -> BackupFacts:
    """Copy the database at ``db_path`` to ``target`` (a new file, or a folder to put a
    timestamped file in; by default the backups folder next to the database), verify the
    copy and return what it holds. Safe while the app has the database open.

    Raises a :class:`StoreError` naming the file: the database is missing or not
    Bodymap's, the target exists, the folder cannot be written, the disk is full."""
    db_path = Path(db_path)
    if kind not in ("manual", *_KINDS):
        raise ValueError(f"unknown kind of backup: {kind}")
    final = _target_file(db_path, None if target is None else Path(target), kind, _utc(now))
    with _source(db_path) as source:
        return _write_verified(source, final)


def _target_file(db_path: Path, target: Path | None, kind: str, now: dt.datetime) -> Path:
    if target is None:
        folder = backups_folder(db_path)
        try:
            folder.mkdir(exist_ok=True)
        except OSError as exc:
            raise StoreError(folder, f"cannot create the backups folder ({exc.strerror})") from exc
        return _free_name(folder, db_path.stem, kind, now)
    if target.is_dir():
        return _free_name(target, db_path.stem, kind, now)
    if target.exists() and target.resolve() == db_path.resolve():
        raise StoreError(target, "is the database itself")
    if target.exists():
        raise StoreError(target, "already exists; give a new file name (a backup never overwrites)")
    if not target.parent.is_dir():
        raise StoreError(target, f"folder {target.parent} does not exist")
    return target


@contextlib.contextmanager
def _source(
    db_path: Path, too_new: str = "back it up with that version"
) -> Iterator[sqlite3.Connection]:
    """A read-only connection to a Bodymap database this app understands."""
    conn = _open_read_only(db_path)
    try:
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            state = schema_state(Database(conn, execute_plugins=False))
        except sqlite3.DatabaseError as exc:
            raise translate(exc, db_path) from exc
        if app_id != APPLICATION_ID or not state.applied:
            raise NotADatabase(db_path, "is not a Bodymap database")
        if state.unknown:
            raise SchemaTooNew(db_path, f"was written by a newer Bodymap; {too_new}")
        yield conn
    finally:
        conn.close()


def _open_read_only(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise DatabaseMissing(path, "no such database file")
    try:
        with path.open("rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(path, f"cannot be read ({exc.strerror})") from exc
    if head != _SQLITE_MAGIC:
        raise NotADatabase(path, "is not an SQLite database")
    try:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000
        )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    return conn


def _write_verified(source: sqlite3.Connection, final: Path) -> BackupFacts:
    partial = final.with_name(f".{final.name}.{os.getpid()}.partial")
    try:
        _copy(source, partial)
        try:
            facts = verify_backup(partial, strict=False)
        except BackupInvalid as exc:
            raise BackupInvalid(final, f"{exc.problem}; no backup was made") from exc
        _fsync(partial)
        partial.replace(final)
        _fsync_folder(final.parent)
    except sqlite3.Error as exc:
        problem = translate(exc, final).problem
        if "disk is full" in problem or "disk I/O" in problem:
            problem = f"cannot be written: {exc}; no backup was made"
        raise StoreError(final, problem) from exc
    except OSError as exc:
        raise StoreError(final, f"cannot be written ({exc.strerror or exc})") from exc
    finally:
        _remove_quietly(partial)
    return BackupFacts(
        path=final,
        schema_version=facts.schema_version,
        patients=facts.patients,
        visits=facts.visits,
        audit_head=facts.audit_head,
        problems=facts.problems,
    )


def _copy(source: sqlite3.Connection, path: Path) -> None:
    """Copy one snapshot of ``source`` into a new self-contained file at ``path``."""
    _remove_quietly(path)
    dest = sqlite3.connect(path)
    try:
        source.backup(dest)  # all pages in one step: one consistent snapshot
        # The copy carries the source's WAL flag; a backup is one file, so roll it back.
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()


# --- checking a backup ------------------------------------------------------------------


def verify_backup(path: Path | str, *, strict: bool = True) -> BackupFacts:
    """Check a backup file completely without changing it: SQLite's integrity check,
    Bodymap's application id, a schema version this app knows, and (``strict``, as for a
    restore) foreign keys and the audit trail; otherwise their problems are returned in
    the facts. Raises :class:`BackupInvalid` (or another StoreError) naming what is wrong."""
    path = Path(path)
    with _source(path, "update Bodymap to use it") as conn:
        db = Database(conn, execute_plugins=False)
        report = check_store(Store(db, path), path)
        carried = (*[f"foreign key: {p}" for p in report.foreign_keys], *report.audit.problems)
        bad = [f"integrity: {p}" for p in report.integrity] + (list(carried) if strict else [])
        if bad:
            more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
            raise BackupInvalid(path, f"fails its check: {bad[0]}{more}")
        counts = dict(report.counts)
        return BackupFacts(
            path=path,
            schema_version=report.schema_version,
            patients=counts.get("patients", 0),
            visits=counts.get("visits", 0),
            audit_head=report.audit.head if report.audit.present else None,
            problems=carried,
        )


def latest_good_backup(db_path: Path | str) -> BackupFacts | None:
    """The newest backup of this database that passes :func:`verify_backup`, for offering
    when the database itself cannot be opened."""
    for info in list_backups(db_path):
        try:
            return verify_backup(info.path)
        except StoreError:
            continue
    return None


# --- automatic backups --------------------------------------------------------------------


def auto_backup(
    db_path: Path | str,
    *,
    keep: int = DEFAULT_KEEP,
    every: dt.timedelta = DEFAULT_EVERY,
    now: dt.datetime | None = None,
) -> BackupFacts | None:
    """Back the database up unless an automatic backup younger than ``every`` exists,
    then delete all but the newest ``keep`` automatic backups (never other backups).
    Returns the new backup, or None when none was due."""
    if keep < 1:
        raise ValueError("keep at least one automatic backup")
    now = _utc(now)
    autos = [b for b in list_backups(db_path) if b.kind == "auto"]
    if autos and dt.timedelta(0) <= now - autos[0].taken < every:
        return None
    facts = backup_database(db_path, kind="auto", now=now)
    prune_auto_backups(db_path, keep)
    return facts


def prune_auto_backups(db_path: Path | str, keep: int) -> list[Path]:
    """Delete the automatic backups beyond the newest ``keep``; returns what was deleted."""
    autos = [b for b in list_backups(db_path) if b.kind == "auto"]
    removed = []
    for old in autos[keep:]:
        with contextlib.suppress(OSError):
            old.path.unlink()
            removed.append(old.path)
    return removed


# --- restoring ----------------------------------------------------------------------------


def restore_database(
    backup: Path | str,
    db_path: Path | str,
    *,
    now: dt.datetime | None = None,
    caller_holds_lock: bool = False,
) -> RestoreResult:
    """Replace the database at ``db_path`` with the backup at ``backup``.

    The backup is verified first (a file that is not Bodymap's, is damaged, fails its
    audit trail or is newer than this app is refused, and nothing changes). The current
    database, if any, is kept in the backups folder. The new file is written beside the
    database, flushed and renamed over it, so the database is at every moment either
    wholly the old one or wholly the restored one. Refused while a Bodymap window has
    the database open, or any program has a connection to it.

    The app itself restores with ``caller_holds_lock=True``, after closing its own
    connection but keeping its :class:`InstanceLock`, so no other window slips in."""
    backup, db_path = Path(backup), Path(db_path)
    now = _utc(now)
    if db_path.exists() and backup.resolve() == db_path.resolve():
        raise StoreError(backup, "is the database itself")
    facts = verify_backup(backup)
    with contextlib.nullcontext() if caller_holds_lock else InstanceLock(db_path):
        partial = db_path.with_name(f".{db_path.name}.{os.getpid()}.restoring")
        try:
            with _source(backup) as source:
                _copy(source, partial)
            _note_restore(partial, backup, db_path)
            _write_ahead(partial)
            _fsync(partial)
            kept = _keep_current(db_path, now)
            partial.replace(db_path)
            _fsync_folder(db_path.parent)
        except sqlite3.Error as exc:
            raise translate(exc, db_path) from exc
        except OSError as exc:
            raise StoreError(db_path, f"cannot be replaced ({exc.strerror or exc})") from exc
        finally:
            _remove_quietly(partial)
    return RestoreResult(path=db_path, restored=facts, kept=kept)


def _note_restore(path: Path, backup: Path, db_path: Path) -> None:
    """Record the restore in the restored file's own audit trail."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        if not audit.has_audit_trail(conn):
            return  # an older file: the trail starts when the app upgrades it
        db = Database(conn, execute_plugins=False)
        audit.attach(db)
        audit.record_event(db, "restore", {"from": str(backup), "into": str(db_path)})
    finally:
        conn.close()


def _write_ahead(path: Path) -> None:
    """Put the restored file in WAL mode, as the app keeps its databases, so its first
    opening has no journal mode to switch (a switch killed half-way leaves a rollback
    journal that only a writer can undo)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()  # the last connection folds the WAL back in and removes it


def _keep_current(db_path: Path, now: dt.datetime) -> Path | None:
    """Keep the database about to be replaced, whatever its state, and leave it without
    a WAL file (which SQLite would otherwise apply to the restored file)."""
    if not db_path.exists():
        return None
    folder = backups_folder(db_path)
    folder.mkdir(exist_ok=True)
    kept = _free_name(folder, db_path.stem, "before-restore", now)
    partial = kept.with_name(f".{kept.name}.{os.getpid()}.partial")
    try:
        try:
            with contextlib.closing(_open_read_only(db_path)) as source:
                _copy(source, partial)
        except (sqlite3.DatabaseError, StoreError):
            # The reason to restore may be a damaged file: keep its bytes as they are.
            _remove_quietly(partial)
            shutil.copyfile(db_path, partial)
            wal = db_path.with_name(db_path.name + "-wal")
            if wal.exists():
                shutil.copyfile(wal, kept.with_name(kept.name + "-wal"))
        _fsync(partial)
        partial.replace(kept)
    finally:
        _remove_quietly(partial)
    _checkpoint_away(db_path)
    return kept


def _checkpoint_away(db_path: Path) -> None:
    wal = db_path.with_name(db_path.name + "-wal")
    shm = db_path.with_name(db_path.name + "-shm")
    try:
        conn = sqlite3.connect(db_path, timeout=0.2, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = DELETE")  # checkpoints, then drops the WAL
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseLocked(
                db_path, "is in use by another program; close it, then restore"
            ) from exc
    except sqlite3.DatabaseError:
        pass  # damaged: its WAL was copied aside with it and goes below
    for leftover in (wal, shm):
        _remove_quietly(leftover)


# --- files --------------------------------------------------------------------------------


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDWR)  # Windows flushes only a handle open for writing
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX; Windows has no handle on a folder to sync)."""
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_quietly(path: Path) -> None:
    for p in (path, path.with_name(path.name + "-journal"), path.with_name(path.name + "-wal"),
              path.with_name(path.name + "-shm")):  # fmt: skip
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


__all__ = [
    "DEFAULT_KEEP",
    "KEEP_SETTING",
    "BackupFacts",
    "BackupInfo",
    "BackupInvalid",
    "RestoreResult",
    "auto_backup",
    "backup_database",
    "backups_folder",
    "latest_good_backup",
    "list_backups",
    "prune_auto_backups",
    "restore_database",
    "verify_backup",
]
