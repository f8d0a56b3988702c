"""The audit trail: every change of clinical data, hash-chained, permanent.

How it works (schema step ``m005_audit_trail``):

* Triggers on each clinical table (``AUDITED_TABLES``) append one row to ``audit_log``
  for every insert, update and delete, in the same statement as the change, with the
  time, the table, the row's key and uid, the operation and the row's content as JSON
  (after the change; before it, for a delete). Plain SQL: any program writing the file
  leaves these rows, including cascades of a delete.
* Bodymap's own connections also carry a TEMP trigger (created by :func:`attach`, never
  stored in the file) that seals each new row at once: it names the actor and sets
  ``hash = SHA-256(previous hash + "\\n" + canonical JSON of the entry)``. So a row that
  another program caused stays unsealed, and :func:`verify` reports it as a change made
  outside Bodymap.
* Rows are permanent: the database refuses to delete them, and to update them except
  for sealing an unsealed row.

:func:`verify` walks the chain (naming the first entry that does not match), lists
unsealed entries, and compares every clinical row with its latest entry, which catches
edits made with the triggers switched off. A chain can be recomputed by someone who
rewrites the whole file; backups keep earlier chain heads to compare with
(:func:`same_history`).

This module imports nothing from the rest of the store at load time: the migrations
import it.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import math
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

TABLE = "audit_log"
GENESIS = "0" * 64  # the "previous hash" of the first entry
DATA_OPS = ("baseline", "insert", "update", "sign", "delete")
AUDITED_TABLES = (
    "patient", "visit", "trigger_point", "finding", "referral_zone", "treatment",
    "treatment_point", "needle_record", "measurement", "amendment",
)  # fmt: skip
# How a row is named in the log: its id, or the columns of its primary key.
KEY_COLUMNS: dict[str, tuple[str, ...]] = {
    "treatment_point": ("treatment_id", "trigger_point_id"),
    "needle_record": ("treatment_id",),
}
NOT_AUDITED_COLUMNS = frozenset({"updated_at"})  # bookkeeping; the entry has its own time
MAX_LISTED = 20

_HASH_FN = "bodymap_audit_hash"
_ACTOR_FN = "bodymap_audit_actor"
_COLUMNS = "id, at, tbl, row_key, row_uid, visit_id, op, content, actor, prev_hash, hash"


# --- hashing -----------------------------------------------------------------------------


def canonical_json(value: object) -> str:
    """One text per value: sorted keys, no spaces, UTF-8 as is, no NaN."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def entry_hash(
    prev_hash: str,
    entry_id: int,
    at: str,
    table: str | None,
    row_key: str | None,
    row_uid: str | None,
    visit_id: int | None,
    op: str,
    content: str,
    actor: str | None,
) -> str:
    """SHA-256 (hex) of the previous hash, a line break and the entry as canonical JSON.

    ``content`` goes in as the stored text, so verifying never depends on how a JSON
    library formats numbers."""
    entry = {
        "id": entry_id, "at": at, "table": table, "key": row_key, "uid": row_uid,
        "visit_id": visit_id, "op": op, "content": content, "actor": actor,
    }  # fmt: skip
    material = f"{prev_hash}\n{canonical_json(entry)}"
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


# --- attaching to a connection -------------------------------------------------------------


def _conn(db: Database | sqlite3.Connection) -> sqlite3.Connection:
    return db if isinstance(db, sqlite3.Connection) else db.conn


def has_audit_trail(db: Database | sqlite3.Connection) -> bool:
    row = (
        _conn(db)
        .execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [TABLE])
        .fetchone()
    )
    return row is not None


def default_actor() -> str:
    """The operating system's name for the user, until the app names the clinician."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name in the environment
        return "unknown"


def attach(db: Database | sqlite3.Connection, actor: str | None = None) -> None:
    """Make this connection seal the audit entries its writes cause.

    Every connection of the app that writes calls this (the store does on opening);
    a database without the audit table (before m005) is left alone. Calling it again
    is harmless."""
    conn = _conn(db)
    if not has_audit_trail(conn):
        return
    conn.create_function(_HASH_FN, 10, entry_hash, deterministic=True)
    set_actor(conn, actor if actor is not None else default_actor())
    previous = (
        f"coalesce((SELECT hash FROM main.{TABLE} WHERE hash IS NOT NULL AND id < NEW.id "
        f"ORDER BY id DESC LIMIT 1), '{GENESIS}')"
    )
    conn.execute(f"""
CREATE TEMP TRIGGER IF NOT EXISTS bodymap_audit_seal AFTER INSERT ON main.{TABLE}
WHEN NEW.hash IS NULL
BEGIN
    UPDATE {TABLE} SET
        actor = {_ACTOR_FN}(),
        prev_hash = {previous},
        hash = {_HASH_FN}({previous}, NEW.id, NEW.at, NEW.tbl, NEW.row_key, NEW.row_uid,
            NEW.visit_id, NEW.op, NEW.content, {_ACTOR_FN}())
    WHERE id = NEW.id;
END""")


def set_actor(db: Database | sqlite3.Connection, actor: str) -> None:
    """Who the following changes on this connection are recorded as (the clinician
    using the app; by default the operating system's user name)."""
    name = actor.strip() or default_actor()
    _conn(db).create_function(_ACTOR_FN, 0, lambda: name)


def record_event(
    db: Database,
    action: str,
    detail: Mapping[str, Any] | None = None,
    *,
    visit_id: int | None = None,
    uid: str | None = None,
) -> int:
    """Record something done with the records that is not a change of them: printing a
    visit, exporting, restoring a backup. ``action`` is a lowercase word; ``detail`` a
    JSON object. Returns the entry's id."""
    from bodymap.store.rows import writing  # the migrations import this module

    if action in DATA_OPS or not action.isidentifier() or not action.islower():
        raise ValueError(f"not an event name: {action!r}")
    content = canonical_json(dict(detail or {}))
    with writing(db):
        cur = db.execute(
            f"INSERT INTO {TABLE} (at, tbl, row_key, row_uid, visit_id, op, content) "
            "VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), NULL, NULL, ?, ?, ?, ?)",
            [uid, visit_id, action, content],
        )
    assert cur.lastrowid is not None
    return cur.lastrowid


# --- reading -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: str  # UTC, ISO 8601 with milliseconds
    table: str | None  # None for an event (print, export, restore)
    key: str | None
    uid: str | None
    visit_id: int | None
    op: str
    content: Any  # the row after the change (before it, for a delete); an event's detail
    actor: str | None  # None: the change was made outside Bodymap
    sealed: bool

    @property
    def outside(self) -> bool:
        return not self.sealed


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of a record's history with the content before it, for showing a diff."""

    entry: AuditEntry
    before: Any  # None for an insert or the first entry known

    @property
    def changed_fields(self) -> tuple[str, ...]:
        after = self.entry.content if self.entry.op != "delete" else None
        if not isinstance(self.before, dict) or not isinstance(after, dict):
            return ()
        keys = sorted(set(self.before) | set(after))
        return tuple(k for k in keys if self.before.get(k) != after.get(k))


def _entry(row: tuple[Any, ...]) -> AuditEntry:
    return AuditEntry(
        id=row[0], at=row[1], table=row[2], key=row[3], uid=row[4], visit_id=row[5],
        op=row[6], content=json.loads(row[7]), actor=row[8], sealed=row[10] is not None,
    )  # fmt: skip


def entries(
    db: Database | sqlite3.Connection,
    *,
    table: str | None = None,
    key: str | None = None,
    visit_id: int | None = None,
    after_id: int = 0,
    limit: int | None = None,
) -> list[AuditEntry]:
    """Audit entries, oldest first, optionally of one table, row or visit."""
    where: list[str] = ["id > ?"]
    params: list[str | int] = [after_id]
    for column, value in (("tbl", table), ("row_key", key), ("visit_id", visit_id)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    sql = f"SELECT {_COLUMNS} FROM {TABLE} WHERE {' AND '.join(where)} ORDER BY id"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [_entry(r) for r in _conn(db).execute(sql, params)]


def visit_history(db: Database | sqlite3.Connection, visit_id: int) -> list[Change]:
    """Everything recorded about a visit and its records (findings, zones, treatments,
    measures, amendments, signing, printing), oldest first, each with the content the
    record had before."""
    conn = _conn(db)
    found = entries(conn, visit_id=visit_id)
    changes = []
    for e in found:
        before = None
        if e.table is not None and e.op not in ("insert", "baseline"):
            row = conn.execute(
                f"SELECT content FROM {TABLE} WHERE tbl = ? AND row_key = ? AND id < ? "
                "ORDER BY id DESC LIMIT 1",
                [e.table, e.key, e.id],
            ).fetchone()
            before = None if row is None else json.loads(row[0])
        changes.append(Change(entry=e, before=before))
    return changes


# --- verifying -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChainHead:
    """Where a verified chain ends: compare it with a later check of the same file."""

    entries: int  # sealed entries
    last_id: int
    hash: str


@dataclass(frozen=True, slots=True)
class AuditReport:
    present: bool  # False: the file predates the audit trail (schema before m005)
    head: ChainHead = field(default_factory=lambda: ChainHead(0, 0, GENESIS))
    broken: tuple[str, ...] = ()  # the first entry that does not match its chain
    outside: tuple[str, ...] = ()  # unsealed entries: changes made by another program
    outside_count: int = 0
    mismatched: tuple[str, ...] = ()  # rows that differ from their latest entry
    checked_rows: bool = False

    @property
    def problems(self) -> tuple[str, ...]:
        found = [f"audit: {p}" for p in self.broken]
        if self.outside_count:
            n = self.outside_count
            found.append(
                f"audit: {n} change{'s' if n != 1 else ''} made outside Bodymap "
                f"(not sealed); first: {self.outside[0]}"
            )
        found += [f"audit: {p}" for p in self.mismatched]
        return tuple(found)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if not self.present:
            return "audit trail: none (the file predates it; opening it with the app adds it)"
        h = self.head
        state = "ok" if self.ok else "PROBLEMS"
        return (
            f"audit trail: {state} ({h.entries} entr{'y' if h.entries == 1 else 'ies'}, "
            f"head {h.hash[:16]})"
        )


def _describe(table: str | None, key: str | None, op: str, at: str, entry_id: int) -> str:
    what = f"{op} of {table} {key}" if table is not None else op
    return f"entry {entry_id} ({what} at {at})"


def verify(
    db: Database | sqlite3.Connection, *, since: ChainHead | None = None, rows: bool = True
) -> AuditReport:
    """Check the audit trail without writing: the hash chain (from ``since``, a head an
    earlier call returned, or from the start), unsealed entries, and, when ``rows``,
    that every clinical row matches its latest entry."""
    conn = _conn(db)
    if not has_audit_trail(conn):
        return AuditReport(present=False)
    head = since or ChainHead(0, 0, GENESIS)
    broken: list[str] = []
    if since is not None and since.last_id:
        row = conn.execute(f"SELECT hash FROM {TABLE} WHERE id = ?", [since.last_id]).fetchone()
        if row is None or row[0] != since.hash:
            broken.append(f"entry {since.last_id} is no longer the one verified before")
    outside: list[str] = []
    outside_count = 0
    if not broken:
        for r in conn.execute(
            f"SELECT {_COLUMNS} FROM {TABLE} WHERE id > ? ORDER BY id", [head.last_id]
        ):
            entry_id, at, table, key, uid, visit_id, op, content, actor, prev, hashed = r
            if hashed is None:
                outside_count += 1
                if len(outside) < MAX_LISTED:
                    outside.append(_describe(table, key, op, at, entry_id))
                continue
            where = _describe(table, key, op, at, entry_id)
            if prev != head.hash:
                broken.append(
                    f"{where} does not follow the entry before it (an entry was removed, "
                    "inserted or rewritten)"
                )
                break
            if (
                entry_hash(prev, entry_id, at, table, key, uid, visit_id, op, content, actor)
                != hashed
            ):
                broken.append(f"{where} was changed after it was written")
                break
            head = ChainHead(head.entries + 1, entry_id, hashed)
    mismatched = _compare_rows(conn) if rows else []
    return AuditReport(
        present=True,
        head=head,
        broken=tuple(broken),
        outside=tuple(outside),
        outside_count=outside_count,
        mismatched=tuple(mismatched[:MAX_LISTED])
        + (("(more rows not listed)",) if len(mismatched) > MAX_LISTED else ()),
        checked_rows=rows,
    )


def same_history(older: ChainHead, newer_db: Database | sqlite3.Connection) -> bool:
    """Whether ``newer_db`` still holds the entry ``older`` ended at, unchanged: a backup's
    head taken earlier proves the history up to it was not rewritten since."""
    if older.last_id == 0:
        return True
    row = (
        _conn(newer_db)
        .execute(f"SELECT hash FROM {TABLE} WHERE id = ?", [older.last_id])
        .fetchone()
    )
    return row is not None and row[0] == older.hash


def row_content(columns: list[str], values: tuple[Any, ...]) -> dict[str, Any]:
    """A row as the audit triggers write it, for comparing with an entry."""
    return {
        c: _value(v) for c, v in zip(columns, values, strict=True) if c not in NOT_AUDITED_COLUMNS
    }


def _value(v: Any) -> Any:
    # As the triggers' SQL writes it: reals exact, infinities as text.
    if isinstance(v, float) and not math.isfinite(v):
        return "Inf" if v > 0 else "-Inf"
    return v


def _key_sql(table: str) -> str:
    columns = KEY_COLUMNS.get(table, ("id",))
    return " || '/' || ".join(f"CAST({c} AS TEXT)" for c in columns)


def _table_names(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _compare_rows(conn: sqlite3.Connection) -> list[str]:
    """Every clinical row against the latest entry of its key."""
    problems: list[str] = []
    present = _table_names(conn)
    for table in AUDITED_TABLES:
        if table not in present:
            continue
        # SQLite takes the bare columns from the row holding max(id).
        latest = {
            key: (entry_id, op, content)
            for key, entry_id, op, content in conn.execute(
                f"SELECT row_key, max(id), op, content FROM {TABLE} WHERE tbl = ? GROUP BY row_key",
                [table],
            )
        }
        cur = conn.execute(f"SELECT {_key_sql(table)}, * FROM {table}")
        columns = [d[0] for d in cur.description][1:]
        for key, *values in _rows(cur):
            found = latest.pop(key, None)
            if found is None or found[1] == "delete":
                problems.append(f"{table} {key} has no audit entry (written outside the trail)")
                continue
            now = row_content(columns, tuple(values))
            then = json.loads(found[2])
            if now != then:
                fields = sorted(k for k in set(now) | set(then) if now.get(k) != then.get(k))
                problems.append(
                    f"{table} {key} differs from its audit entry {found[0]} in "
                    f"{', '.join(fields)} (changed outside the trail)"
                )
        for key, (entry_id, op, _) in sorted(latest.items()):
            if op != "delete":
                problems.append(
                    f"{table} {key} is gone without an audit entry (last: entry {entry_id})"
                )
    return problems


def _rows(cur: sqlite3.Cursor) -> Iterator[tuple[Any, ...]]:
    while batch := cur.fetchmany(500):
        yield from batch
