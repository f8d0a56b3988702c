"""The command line starts without Qt or matplotlib: only opening the window loads Qt."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
import bodymap.cli
parser = bodymap.cli.build_parser()
parser.parse_args(["--demo", "--smoke"])
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "matplotlib"))
print(json.dumps({"heavy": heavy, "cli": "bodymap.cli.gui_cmd" in sys.modules}))
"""


def test_importing_the_cli_loads_neither_qt_nor_matplotlib() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["cli"], "the probe did not load the GUI command module"
    assert report["heavy"] == []
