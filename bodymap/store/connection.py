"""The one way to open a Bodymap database.

Opening inspects the file read-only first (is it there, is it SQLite, is it ours, is its
schema newer than this app), so a wrong or damaged file is refused without a single
byte written. Only then are the durable pragmas set and pending migrations applied.
"""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from sqlite_utils import Database

from bodymap.store.audit import attach as attach_audit
from bodymap.store.errors import (
    DatabaseLocked,
    DatabaseMissing,
    DiskError,
    DiskFull,
    NotADatabase,
    SchemaTooNew,
    SchemaTooOld,
    StoreError,
)
from bodymap.store.migrations import MIGRATION_SET, STEP_NAMES, migrations

APPLICATION_ID = 0x424D4150  # "BMAP" in the file header marks a Bodymap database
BUSY_TIMEOUT_MS = 5_000
_SQLITE_MAGIC = b"SQLite format 3\x00"


class Mode(Enum):
    READ_ONLY = "ro"  # inspect, check, export: never writes, not even pragmas
    READ_WRITE = "rw"  # the app and importing commands: migrates an older file
    CREATE = "rwc"  # as READ_WRITE, and a missing file is created


@dataclass(frozen=True, slots=True)
class SchemaState:
    applied: tuple[str, ...]
    unknown: tuple[str, ...]  # steps a newer app applied
    pending: tuple[str, ...]

    @property
    def version(self) -> int:
        return len(self.applied)


def open_database(
    path: Path | str, mode: Mode = Mode.READ_WRITE, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> Database:
    """Open ``path`` for Bodymap, or raise a :class:`StoreError` naming the file.

    ``busy_timeout_ms`` is how long a write waits for another program's lock."""
    path = Path(path)
    _check_file(path, mode)
    conn = _connect(path, mode, busy_timeout_ms)
    try:
        db = Database(conn, execute_plugins=False)
        state = _inspect(db, path)
        if mode is Mode.READ_ONLY:
            if not state.applied:
                raise NotADatabase(path, "holds no Bodymap data (an empty database)")
            if state.pending:
                raise SchemaTooOld(
                    path,
                    f"schema version {state.version} is older than this app's "
                    f"({len(STEP_NAMES)}); open it once with the app to upgrade it",
                )
            return db
        _configure_for_writing(db, path)
        if state.pending:
            with write_transaction(db):
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            migrations.apply(db)
        attach_audit(db)  # this connection seals the audit entries its writes cause
        return db
    except BaseException:
        conn.close()
        raise


def schema_state(db: Database) -> SchemaState:
    applied = tuple(m.name for m in migrations.applied(db))
    return SchemaState(
        applied=applied,
        unknown=tuple(n for n in applied if n not in STEP_NAMES),
        pending=tuple(n for n in STEP_NAMES if n not in applied),
    )


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One atomic write. BEGIN IMMEDIATE takes the write lock up front, so two writers
    wait for each other (busy timeout) instead of failing half-way; nested use becomes a
    savepoint."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    try:
        db.conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise translate(exc, None) from exc
    try:
        yield db
        # In WAL mode the pages reach the disk here, so a full disk or an I/O error
        # often shows only now: it must become a StoreError like any other.
        db.conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        _rollback(db.conn)
        error = translate(exc, None)
        _tell_disk_trouble(db, error)
        raise error from exc
    except BaseException as exc:
        _rollback(db.conn)
        if isinstance(exc, StoreError):
            _tell_disk_trouble(db, exc)
        raise


# Who wants to hear of a write lost to the disk (the GUI shows it window-wide), by database.
_disk_listeners: weakref.WeakKeyDictionary[Database, list[Callable[[DiskError], None]]] = (
    weakref.WeakKeyDictionary()
)


def on_disk_error(db: Database, listener: Callable[[DiskError], None]) -> None:
    """Call ``listener`` whenever a write transaction on ``db`` fails for a full disk or
    an I/O error (after the rollback; the error is still raised to the writer)."""
    _disk_listeners.setdefault(db, []).append(listener)


def _tell_disk_trouble(db: Database, error: StoreError) -> None:
    if isinstance(error, DiskError):
        for listener in _disk_listeners.get(db, ()):
            listener(error)


def _rollback(conn: sqlite3.Connection) -> None:
    # An error such as a full disk may already have rolled the transaction back.
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def translate(exc: sqlite3.Error, path: Path | None) -> StoreError:
    """An sqlite3 error as a StoreError a person can read."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return DatabaseLocked(path, "is locked by another program; close it and try again")
    if "not a database" in text or "malformed" in text:
        return NotADatabase(path, f"is damaged or not a database ({text})")
    if "disk is full" in text:  # SQLITE_FULL: the disk, or a size limit of the file
        return DiskFull(
            path, "the disk is full: the change was not saved; free some space and try again"
        )
    if "disk I/O error" in text:
        return DiskError(
            path,
            "the disk refused a write (disk I/O error): the change was not saved; check "
            "the disk (space, removed drive) and try again",
        )
    return StoreError(path, text)


def _check_file(path: Path, mode: Mode) -> None:
    if path.is_dir():
        raise NotADatabase(path, "is a folder, not a database file")
    if not path.exists():
        if mode is Mode.CREATE:
            if not path.parent.is_dir():
                raise DatabaseMissing(path, f"folder {path.parent} does not exist")
            return
        raise DatabaseMissing(path, "no such database file")
    try:
        with path.open("rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(path, f"cannot be read ({exc.strerror})") from exc
    if head and head != _SQLITE_MAGIC:
        raise NotADatabase(path, "is not an SQLite database")


def _connect(path: Path, mode: Mode, busy_timeout_ms: int) -> sqlite3.Connection:
    uri_mode = "ro" if mode is Mode.READ_ONLY else "rwc"
    uri = f"{path.resolve().as_uri()}?mode={uri_mode}"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=busy_timeout_ms / 1000)
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    return conn


def _inspect(db: Database, path: Path) -> SchemaState:
    """Read-only look at what the file holds; refuse what is not ours or too new."""
    try:
        app_id = db.conn.execute("PRAGMA application_id").fetchone()[0]
        tables = set(db.table_names())
        state = schema_state(db)
    except sqlite3.DatabaseError as exc:
        raise translate(exc, path) from exc
    # application_id 0 with no tables (or only the migrations table) is a new file.
    fresh = app_id == 0 and tables <= {migrations.migrations_table}
    if app_id != APPLICATION_ID and not fresh:
        raise NotADatabase(path, "is an SQLite database of another program, not Bodymap's")
    if state.unknown:
        raise SchemaTooNew(
            path,
            f"was written by a newer Bodymap (schema steps {', '.join(state.unknown)}); "
            "update the app to open it",
        )
    if state.applied and any(
        row["migration_set"] != MIGRATION_SET for row in db[migrations.migrations_table].rows
    ):
        raise NotADatabase(path, "holds migrations of another program")
    return state


def _configure_for_writing(db: Database, path: Path) -> None:
    try:
        mode = db.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        # Clinical data: a commit must survive a power cut, so sync the WAL on every commit.
        db.conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.DatabaseError as exc:
        raise translate(exc, path) from exc
    if str(mode).lower() != "wal":
        raise StoreError(path, f"could not switch to write-ahead logging (got {mode})")
