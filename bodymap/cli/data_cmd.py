"""The data commands: ``demo``, ``export``, ``import`` and ``check``.

Every bad input (a missing, locked, damaged, foreign or too-new database; an unreadable,
malformed or invalid exchange file) ends in one line naming the file and the problem and
a non-zero exit status, and leaves the database as it was. The store is imported inside
each command, so ``bodymap --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bodymap.cli.common import (
    CommandError,
    add_db_option,
    db_path,
    open_store,
    record_cli_event,
    store_message,
    warn_unrecorded,
)

EXIT_INVALID_FILE = 2

_IMPORT_EPILOG = f"""\
exit status:
  0  everything in the file was imported
  1  the database could not be opened or written
  {EXIT_INVALID_FILE}  the file is not a valid Bodymap exchange file, or clashes with the
     database; every problem is listed and nothing is imported
"""


def register(subparsers: Any) -> None:
    demo = subparsers.add_parser(
        "demo",
        help="write the demo caseload (fictional patients) into a new database",
        description="Create a database holding the demo caseload: fictional patients with "
        "a few months of charted care. Refuses a database that already holds patients, so "
        "demo records never mix with a real chart.",
    )
    add_db_option(demo, required=True)
    demo.set_defaults(func=run_demo)

    export = subparsers.add_parser(
        "export",
        help="write every chart (or one patient's) as an exchange file (JSON)",
        description="Write the charts as a Bodymap exchange file, version 1 (JSON). The "
        "database is read without changes, then the export is recorded in its audit trail. "
        "The same records always give the same bytes.",
    )
    add_db_option(export)
    export.add_argument(
        "--patient", metavar="CHART_NO", help="export only the patient with this chart number"
    )
    export.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="file to write ('-' for standard output); replaced only once complete",
    )
    export.set_defaults(func=run_export)

    imp = subparsers.add_parser(
        "import",
        help="add the charts of an exchange file to a database",
        description="Validate a Bodymap exchange file completely, then add all of it to the "
        "database in one transaction, or nothing. Patients or records already in the "
        "database (same chart number or uid) are refused. Creates the database if missing.",
        epilog=_IMPORT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_db_option(imp)
    imp.add_argument("file", type=Path, metavar="FILE.json", help="the exchange file")
    imp.set_defaults(func=run_import)

    check = subparsers.add_parser(
        "check",
        help="check that a database is sound (read-only)",
        description="Run SQLite's integrity and foreign key checks, compare the schema "
        "version with this app's and count the records. Never writes to the file. Exit "
        "status 0 when sound, 1 when not.",
    )
    add_db_option(check)
    check.set_defaults(func=run_check)


def run_demo(args: argparse.Namespace) -> int:
    from bodymap.demo import DemoError, seed
    from bodymap.store import Mode, StoreError
    from bodymap.store.health import reported_errors

    path = db_path(args)
    # Look read-only first, so refusing a real chart does not touch it.
    if path.is_file() and path.stat().st_size > 0:
        with open_store(path, Mode.READ_ONLY) as store:
            _refuse_patients(store, path)
    with open_store(path, Mode.CREATE) as store:
        try:
            with reported_errors(path):
                _refuse_patients(store, path)  # again: another program may have written
                summary = seed(store)
        except DemoError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        except StoreError as exc:
            raise CommandError(store_message(exc, path)) from exc
    print(f"{path}: demo caseload written ({summary})")
    return 0


def _refuse_patients(store: Any, path: Path) -> None:
    count = store.patients.count()
    if count:
        raise CommandError(
            f"{path}: already holds {count} patient{'s' if count != 1 else ''}; the demo "
            "caseload goes only into a new or empty database, never into a real chart"
        )


def run_export(args: argparse.Namespace) -> int:
    from bodymap.store import Mode, StoreError
    from bodymap.store.errors import DamagedRecord, NotFound
    from bodymap.store.exchange import counts_of, dumps_document, export_document, write_export

    path = db_path(args)
    output: str = args.output
    with open_store(path, Mode.READ_ONLY) as store:
        try:
            if output == "-":
                doc = export_document(store, args.patient)
                sys.stdout.write(dumps_document(doc))
                sys.stdout.flush()
                counts = counts_of(doc)
                print(f"exported {counts.describe()}", file=sys.stderr)
            else:
                counts = write_export(store, Path(output), args.patient)
                print(f"{output}: exported {counts.describe()}")
        except NotFound as exc:
            raise CommandError(f"{path}: no patient with chart number {args.patient!r}") from exc
        except DamagedRecord as exc:
            raise CommandError(
                f"{store_message(exc, path)}; nothing was exported "
                f"(bodymap check --db {path} lists every such record)"
            ) from exc
        except StoreError as exc:
            raise CommandError(store_message(exc, path)) from exc
    # Written and closed first: the export stands even if the trail cannot record it.
    detail = {
        "document": "exchange",
        "file": output if output == "-" else str(Path(output).absolute()),
        "via": "bodymap export",
        "chart_no": args.patient or "all",
    }
    if (reason := record_cli_event(path, "export", detail)) is not None:
        warn_unrecorded(output, "exported", reason)
    return 0


def run_import(args: argparse.Namespace) -> int:
    from bodymap.store import Mode, StoreError
    from bodymap.store.errors import ImportRejected
    from bodymap.store.exchange import apply_import, load_document, plan_import

    file: Path = args.file
    path = db_path(args)
    # The file is read and validated before the database is even opened, so an invalid
    # file never creates or touches a database.
    try:
        plan = plan_import(load_document(file))
    except ImportRejected as exc:
        raise _rejected(file, exc) from exc
    with open_store(path, Mode.CREATE) as store:
        try:
            report = apply_import(store, plan)
        except ImportRejected as exc:
            raise _rejected(file, exc) from exc
        except StoreError as exc:
            raise CommandError(store_message(exc, path)) from exc
    print(f"{file}: imported {report.describe()} into {path}")
    return 0


def _rejected(file: Path, exc: Any) -> CommandError:
    """Every problem on its own line on stderr; the last line sums up."""
    problems: tuple[str, ...] = exc.problems
    if len(problems) == 1:
        return CommandError(f"{file}: {problems[0]}", EXIT_INVALID_FILE)
    for problem in problems:
        print(f"{file}: {problem}", file=sys.stderr)
    return CommandError(
        f"{file}: {len(problems)} problems; nothing was imported", EXIT_INVALID_FILE
    )


def run_check(args: argparse.Namespace) -> int:
    from bodymap.store import StoreError
    from bodymap.store.health import check_database, reported_errors

    path = db_path(args)
    try:
        with reported_errors(path):
            report = check_database(path)
    except StoreError as exc:
        raise CommandError(store_message(exc, path)) from exc
    for line in report.lines():
        print(line)
    if not report.ok:
        problems = report.problems
        raise CommandError(
            f"{path}: not sound ({len(problems)} problem{'s' if len(problems) != 1 else ''}; "
            f"first: {problems[0]})"
        )
    return 0
