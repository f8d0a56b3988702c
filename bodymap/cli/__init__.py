"""The ``bodymap`` command line.

Each subcommand lives in its own module with ``register(subparsers)`` that adds its parser
and sets ``func``. The GUI and every heavy library are imported only by the command that
needs them, so ``bodymap check`` starts fast and runs without a display.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bodymap import __version__
from bodymap.cli import atlas_cmd, backup_cmd, data_cmd, gui_cmd, report_cmd
from bodymap.cli.common import CommandError

_COMMAND_MODULES = (data_cmd, backup_cmd, atlas_cmd, report_cmd)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bodymap",
        description="Chart myofascial trigger points on a posterior body map.",
        epilog="Without a command, opens the app on the default database (or --db PATH).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    gui_cmd.add_gui_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    try:
        if func is None:
            return gui_cmd.run_gui(args)
        result: int = func(args)
        return result
    except CommandError as exc:
        print(f"bodymap: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


def gui_main() -> int:
    """Entry point of the ``bodymap-gui`` launcher (no console on Windows)."""
    return main([*sys.argv[1:]])
