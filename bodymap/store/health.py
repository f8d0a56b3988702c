"""Is a database sound? SQLite's own checks, the schema version, the audit trail and
what it holds.

:func:`check_database` opens the file read-only (so checking never changes it) and
returns a :class:`HealthReport`; a file that cannot be opened at all (missing, not
SQLite, another program's, newer than this app, locked) raises the store's usual
:class:`~bodymap.store.errors.StoreError` naming the problem.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bodymap.store.audit import AuditReport, verify
from bodymap.store.connection import Mode, schema_state, translate
from bodymap.store.migrations import STEP_NAMES
from bodymap.store.store import Store

# What the counts line reports, in this order.
COUNTED_TABLES = (
    ("patient", "patients"),
    ("visit", "visits"),
    ("trigger_point", "trigger points"),
    ("finding", "findings"),
    ("referral_zone", "referral zones"),
    ("treatment", "treatments"),
    ("measurement", "measurements"),
    ("amendment", "amendments"),
)
SHOWN_WHEN_ANY = frozenset({"amendments"})  # rare kinds: named in lines() only when present
MAX_LISTED = 20  # a badly damaged file can yield thousands of lines; show the first ones


@dataclass(frozen=True, slots=True)
class HealthReport:
    path: Path
    integrity: tuple[str, ...]  # problems from PRAGMA integrity_check, () when "ok"
    foreign_keys: tuple[str, ...]  # rows pointing at missing parents
    applied_steps: tuple[str, ...]
    known_steps: tuple[str, ...]  # the steps this app knows
    counts: tuple[tuple[str, int], ...]  # (what, how many); () if they could not be read
    # The chain, changes made outside the app, rows against their entries.
    audit: AuditReport = field(default_factory=lambda: AuditReport(present=False))
    # Rows the SQL constraints let through that break the domain's rules.
    unreadable: tuple[str, ...] = ()

    @property
    def schema_version(self) -> int:
        return len(self.applied_steps)

    @property
    def app_schema_version(self) -> int:
        return len(self.known_steps)

    @property
    def pending_steps(self) -> tuple[str, ...]:
        return tuple(s for s in self.known_steps if s not in self.applied_steps)

    @property
    def problems(self) -> tuple[str, ...]:
        """Everything wrong, one line each; empty when the database is sound."""
        found = [f"integrity: {p}" for p in self.integrity]
        found += [f"foreign key: {p}" for p in self.foreign_keys]
        found += [f"record: {p}" for p in self.unreadable]
        found += self.audit.problems
        if self.pending_steps:
            found.append(
                f"schema: version {self.schema_version} is older than this app's "
                f"({self.app_schema_version}); open it with the app to upgrade it"
            )
        return tuple(found)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        """The report as a person reads it."""
        out = [
            f"{self.path}: {'sound' if self.ok else 'PROBLEMS FOUND'}",
            f"schema version {self.schema_version} (this app: {self.app_schema_version}; "
            f"steps: {', '.join(self.applied_steps) or 'none'})",
            f"integrity check: {'ok' if not self.integrity else 'failed'}",
            f"foreign keys: {'ok' if not self.foreign_keys else 'broken'}",
            f"records: {'all readable' if not self.unreadable else 'some break the rules'}",
            self.audit.summary(),
        ]
        if self.counts:
            # The names are plurals; one of a kind drops the final "s".
            shown = [(w, n) for w, n in self.counts if n or w not in SHOWN_WHEN_ANY]
            out.append(", ".join(f"{n} {what[:-1] if n == 1 else what}" for what, n in shown))
        out += self.problems
        return out


def check_database(path: Path | str) -> HealthReport:
    """Check the database at ``path`` without writing to it."""
    path = Path(path)
    with Store.open(path, Mode.READ_ONLY) as store:
        return check_store(store, path)


def check_store(store: Store, path: Path | None = None) -> HealthReport:
    conn = store.db.conn
    integrity = _lines(conn, "PRAGMA integrity_check", lambda r: str(r[0]))
    if integrity == ("ok",):
        integrity = ()
    foreign = _lines(
        conn,
        "PRAGMA foreign_key_check",
        lambda r: f"{r[0]} row {r[1]} refers to a missing {r[2]}",
    )
    try:
        applied = schema_state(store.db).applied
    except sqlite3.DatabaseError as exc:
        applied = ()
        integrity += (f"the migrations table cannot be read ({exc})",)
    counts: list[tuple[str, int]] = []
    try:
        tables = set(store.db.table_names())
        for table, what in COUNTED_TABLES:
            if what in SHOWN_WHEN_ANY and table not in tables:
                continue  # added by a later schema step this file has not had yet
            counts.append((what, int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])))
    except sqlite3.DatabaseError as exc:
        counts = []
        integrity += (f"the records cannot be counted ({exc})",)
    current = not set(STEP_NAMES) - set(applied)
    unreadable = _unreadable(store) if current and not integrity else ()
    try:
        audit = verify(conn)
    except sqlite3.DatabaseError as exc:
        audit = AuditReport(present=True, broken=(f"the audit trail cannot be read ({exc})",))
    return HealthReport(
        path=path or store.path or Path("?"),
        integrity=integrity,
        foreign_keys=foreign,
        applied_steps=applied,
        known_steps=tuple(STEP_NAMES),
        counts=tuple(counts),
        audit=audit,
        unreadable=unreadable,
    )


def _unreadable(store: Store) -> tuple[str, ...]:
    """Every record read as the app reads it. Only on a current, intact schema: the
    repositories know the latest columns, and damage below SQL is reported already."""
    found: list[str] = []
    repositories = (
        store.patients, store.visits, store.trigger_points, store.findings,
        store.referral_zones, store.treatments, store.measurements, store.amendments,
    )  # fmt: skip
    try:
        for repository in repositories:
            found += repository.unreadable(MAX_LISTED + 1 - len(found))
            if len(found) > MAX_LISTED:
                return (*found[:MAX_LISTED], "(more problems not listed)")
    except sqlite3.DatabaseError as exc:
        found.append(f"the records cannot be read ({exc})")
    return tuple(found)


def _lines(conn: sqlite3.Connection, sql: str, fmt: Callable[[Any], str]) -> tuple[str, ...]:
    try:
        rows = conn.execute(sql).fetchmany(MAX_LISTED + 1)
    except sqlite3.DatabaseError as exc:
        return (f"{sql} could not run ({exc})",)
    lines = [fmt(r) for r in rows[:MAX_LISTED]]
    if len(rows) > MAX_LISTED:
        lines.append("(more problems not listed)")
    return tuple(lines)


@contextmanager
def reported_errors(path: Path | None) -> Iterator[None]:
    """Turn SQLite errors met while reading or writing (a file damaged past its header,
    a lock taken mid-way) into a :class:`StoreError` naming ``path``, for callers that
    must not import sqlite3 (the command line)."""
    try:
        yield
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
