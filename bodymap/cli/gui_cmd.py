"""Opening the app: ``bodymap [--db PATH] [--demo] [--smoke]``.

The GUI is imported only here, inside :func:`run_gui`, so the other commands start
without loading Qt and run where there is no display.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bodymap.cli.common import default_db_path


def add_gui_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("opening the app")
    group.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        default=None,
        help="database file to open (default: $BODYMAP_DB, else one in your user data "
        "folder, created on first run)",
    )
    group.add_argument(
        "--demo",
        action="store_true",
        help="open a freshly made demo database with made-up patients; "
        "it is deleted when the app closes",
    )
    group.add_argument(
        "--smoke",
        action="store_true",
        help="open the main window, wait until it is shown, then exit 0 "
        "(a start-up check for packaging and benchmarks)",
    )


def run_gui(args: argparse.Namespace) -> int:
    explicit: Path | None = getattr(args, "db", None)
    demo: bool = bool(getattr(args, "demo", False))
    smoke: bool = bool(getattr(args, "smoke", False))

    # Only the default database is created when missing: a mistyped --db path must not
    # open an empty chart that looks as if every patient had gone.
    if explicit is not None:
        db_path, create = explicit.expanduser(), False
    else:
        db_path = default_db_path()
        create = not demo and not os.environ.get("BODYMAP_DB")
        if create:
            try:
                db_path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                print(
                    f"bodymap: {db_path.parent}: cannot create the data folder ({exc.strerror})",
                    file=sys.stderr,
                )
                return 1

    from bodymap.ui.app import main  # Qt loads only when the window is wanted

    return main(db_path, demo=demo, smoke=smoke, create=create)
