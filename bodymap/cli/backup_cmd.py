"""``bodymap backup`` and ``bodymap restore``.

A backup is taken with SQLite's backup API, so it is consistent even while the app is
open on the database, and it is checked before it gets its name. A restore checks the
backup first, keeps the database it replaces, and swaps the files in one rename.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bodymap.cli.common import CommandError, add_db_option, db_path, store_message

EXIT_INVALID_BACKUP = 2


def register(subparsers: Any) -> None:
    backup = subparsers.add_parser(
        "backup",
        help="write a verified copy of the database (safe while the app is open)",
        description="Copy the database with SQLite's backup API (a consistent snapshot, "
        "even while the app writes), check the copy (integrity, Bodymap's file id, schema "
        "version, audit trail), then give it its name. By default the copy goes to the "
        "'backups' folder next to the database, named after the database and the time.",
    )
    add_db_option(backup)
    backup.add_argument(
        "-o",
        "--to",
        "--output",
        dest="to",
        type=Path,
        metavar="PATH",
        help="the backup file to write (must not exist), or a folder to put it in",
    )
    backup.add_argument(
        "--list",
        action="store_true",
        help="list the backups in the backups folder instead, newest first",
    )
    backup.set_defaults(func=run_backup)

    restore = subparsers.add_parser(
        "restore",
        help="replace the database with a backup (keeps the current one)",
        description="Check the backup completely, then replace the database with it. The "
        "database it replaces is kept in the backups folder. Refused while Bodymap has "
        "the database open, for a file that is not a sound Bodymap database, and for one "
        "written by a newer Bodymap.",
        epilog=f"exit status: 0 restored; 1 the database could not be replaced; "
        f"{EXIT_INVALID_BACKUP} the backup was refused (nothing changed)",
    )
    add_db_option(restore)
    restore.add_argument("backup", type=Path, metavar="BACKUP", help="the backup file")
    restore.set_defaults(func=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    from bodymap.store import StoreError
    from bodymap.store.backup import backup_database, list_backups

    path = db_path(args)
    if args.list:
        found = list_backups(path)
        for info in found:
            print(f"{info.taken:%Y-%m-%d %H:%M:%S} UTC  {info.kind:<14} {info.path}")
        if not found:
            print(f"{path}: no backups in {path.parent / 'backups'}")
        return 0
    try:
        facts = backup_database(path, args.to)
    except StoreError as exc:
        raise CommandError(store_message(exc, path)) from exc
    print(f"{path}: backed up to {facts.path} ({facts.describe()}; verified)")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from bodymap.store import StoreError
    from bodymap.store.backup import restore_database

    path = db_path(args)
    source: Path = args.backup
    try:
        result = restore_database(source, path)
    except StoreError as exc:
        # The backup is checked before anything changes: a problem naming it is a refusal.
        refused = exc.path is not None and exc.path == source
        raise CommandError(
            f"{store_message(exc, path)}; nothing was restored",
            EXIT_INVALID_BACKUP if refused else 1,
        ) from exc
    print(f"{path}: restored from {source} ({result.restored.describe()})")
    if result.kept is not None:
        print(f"the database it replaced is kept as {result.kept}")
    return 0
