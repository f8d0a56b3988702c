"""How the app looks on a real screen: at twice the pixel density (QT_SCALE_FACTOR=2) and
in the dark theme, every label and button still shows its whole text, and the pictures
are kept in test-artifacts/e2e/."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

WINDOW_CHECK = Path(__file__).with_name("window_check.py")


def _window_check() -> ModuleType:
    spec = importlib.util.spec_from_file_location("window_check", WINDOW_CHECK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("scale", "theme"),
    [(2, "light"), (2, "dark"), (1, "dark")],
    ids=["2x-light", "2x-dark", "1x-dark"],
)
def test_every_text_fits_at_this_scale_and_theme(
    scale: int, theme: str, demo_db: Path, tmp_path: Path, artifacts: Path
) -> None:
    out = artifacts / f"look-{scale}x-{theme}"
    env = dict(os.environ, QT_SCALE_FACTOR=str(scale), XDG_CONFIG_HOME=str(tmp_path / "config"))
    env.pop("QT_SCREEN_SCALE_FACTORS", None)
    result = subprocess.run(
        [
            sys.executable,
            str(WINDOW_CHECK),
            "--db",
            str(demo_db),
            "--out",
            str(out),
            "--theme",
            theme,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])

    assert report["clipped"] == {}
    assert report["device_pixel_ratio"] == scale
    # Drawn at the screen's density, not enlarged from a smaller picture.
    width, height = report["logical"]
    assert report["screenshot"] == [width * scale, height * scale]
    assert out.with_name(out.name + "-main.png").stat().st_size > 50_000


def test_the_check_finds_cut_off_text(qtbot: QtBot) -> None:
    """The check above would see a label or button too small for its text."""
    check = _window_check()
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    fits = QLabel("Fits", root)
    cut = QLabel("A label much longer than the room it is given", root)
    cut.setFixedWidth(60)
    wrapped = QLabel("Wrapped text that needs several lines at this width " * 3, root)
    wrapped.setWordWrap(True)
    wrapped.setFixedSize(120, 20)
    button = QPushButton("A button with a long caption", root)
    button.setFixedWidth(50)
    for widget in (fits, cut, wrapped, button):
        layout.addWidget(widget)
    root.show()
    qtbot.waitExposed(root)

    found = check.clipped(root)

    assert len(found) == 3
    assert not any("'Fits'" in item for item in found)
