"""What the commands share: the error a command reports, and the database option.

A command signals failure by raising :class:`CommandError`; ``bodymap.cli.main`` prints
it as one line, ``bodymap: <message>``, and returns its exit code, so no user ever sees
a traceback for a problem they can fix.
"""

from __future__ import annotations

import argparse
import os
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
