"""What the commands share: the error a command reports, and the database option.

A command signals failure by raising :class:`CommandError`; ``bodymap.cli.main`` prints
it as one line, ``bodymap: <message>``, and returns its exit code, so no user ever sees
a traceback for a problem they can fix.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bodymap.store import Mode, Store

DB_ENV = "BODYMAP_DB"


class CommandError(Exception):
    """A problem the user can act on; ``message`` names the file and the problem."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


def default_db_path() -> Path:
    """``$BODYMAP_DB`` if set, else ``bodymap.db`` in the user's data folder."""
    override = os.environ.get(DB_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir  # only commands that need the default pay for it

    return Path(user_data_dir("Bodymap", appauthor=False)) / "bodymap.db"


def add_db_option(parser: argparse.ArgumentParser, *, required: bool = False) -> None:
    """``--db PATH``. Without it a command uses :func:`default_db_path`.

    The default is SUPPRESS so that ``bodymap --db X export`` (the option given before
    the command, on the main parser) is not overwritten by the subcommand's default.
    """
    parser.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        required=required,
        default=argparse.SUPPRESS,
        help="database file"
        + ("" if required else f" (default: ${DB_ENV}, else bodymap.db in your data folder)"),
    )


def db_path(args: argparse.Namespace) -> Path:
    """The database a command works on: --db, else $BODYMAP_DB, else the data folder."""
    given: Path | None = getattr(args, "db", None)
    return given.expanduser() if given is not None else default_db_path()


def open_store(path: Path, mode: Mode) -> Store:
    """Open ``path``; a StoreError becomes a one-line CommandError naming the file."""
    from bodymap.store import Store, StoreError

    try:
        return Store.open(path, mode)
    except StoreError as exc:
        raise CommandError(store_message(exc, path)) from exc


def store_message(exc: Exception, path: Path) -> str:
    """'<path>: <problem>', whether or not the error named the file itself."""
    from bodymap.store import StoreError

    if isinstance(exc, StoreError):
        if exc.path is None:
            return f"{path}: {exc.problem}"
        return str(exc)
    return f"{path}: {exc}"


def record_cli_event(
    path: Path,
    action: str,
    detail: Mapping[str, str],
    *,
    visit_id: int | None = None,
    uid: str | None = None,
) -> str | None:
    """Record in ``path``'s audit trail that a command did ``action`` (e.g. "export")
    with the records, opening the file for writing just for that.

    Returns None when recorded, else the reason it could not be (a read-only or locked
    file): the command's work is done by then and stands, so the caller warns instead
    of failing. The entry names the operating system's user (the trail's default)."""
    from bodymap.store import Mode, Store, StoreError, audit

    if _read_only(path):
        return "the database file is read-only"
    try:
        with Store.open(path, Mode.READ_WRITE) as store:
            audit.record_event(store.db, action, detail, visit_id=visit_id, uid=uid)
    except StoreError as exc:
        return exc.problem
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def _read_only(path: Path) -> bool:
    """Not writable by us, or marked writable by no one (a copy kept read-only on
    purpose, which even an administrator's account, free to write it, leaves alone)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False  # opening it names the problem
    return not os.access(path, os.W_OK) or not mode & 0o222


def warn_unrecorded(target: Path | str, done: str, reason: str) -> None:
    """The one-line warning for work done but missing from the audit trail."""
    print(
        f"bodymap: {target}: {done}, but the audit trail could not record it: {reason}",
        file=sys.stderr,
    )
