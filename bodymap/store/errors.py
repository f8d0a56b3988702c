"""What can go wrong with a database file, in words a user can act on.

Every message names the file and the problem; commands print it as one line.
"""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """A database problem to report, not a bug."""

    def __init__(self, path: Path | str | None, problem: str) -> None:
        self.path = Path(path) if path is not None else None
        self.problem = problem
        super().__init__(f"{self.path}: {problem}" if self.path else problem)


class DatabaseMissing(StoreError):
    pass


class NotADatabase(StoreError):
    """Not SQLite at all, corrupt, or SQLite belonging to another program."""


class SchemaTooNew(StoreError):
    """Written by a newer Bodymap: opening it could lose what the newer version stored."""


class SchemaTooOld(StoreError):
    """Needs migrating, and the caller opened it read-only."""


class DatabaseLocked(StoreError):
    pass


class DiskError(StoreError):
    """A write failed in the disk (I/O error); the transaction was rolled back."""


class DiskFull(DiskError):
    """A write failed for lack of space; the transaction was rolled back."""


class RecordLocked(StoreError):
    """A write touched a signed visit: signed records change only through amendments."""


class ConstraintViolation(StoreError):
    """The database refused a value (a CHECK, UNIQUE or foreign key constraint)."""


class NotFound(StoreError):
    pass


class DamagedRecord(StoreError):
    """A stored row that breaks the app's rules (written by another program, or by hand),
    so it cannot be read as a record; nothing is changed, ``bodymap check`` lists them."""


class ImportRejected(StoreError):
    """An exchange document that cannot be imported; nothing was written.

    ``problems`` holds one line per bad record or field, so a command can print them all.
    """

    def __init__(self, path: Path | str | None, problems: list[str] | tuple[str, ...]) -> None:
        self.problems: tuple[str, ...] = tuple(problems) or ("the document was refused",)
        count = len(self.problems)
        summary = (
            self.problems[0]
            if count == 1
            else f"{count} problems, nothing was imported (first: {self.problems[0]})"
        )
        super().__init__(path, summary)


class ExportFailed(StoreError):
    """The export file could not be written; no partial file is left behind."""
