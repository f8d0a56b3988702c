"""Set-up of the real-window tests: a Qt application on a real X display (Xvfb in CI),
user actions sent as X events by xdotool, and screenshots kept as test artifacts.

The tests run only where an X display is there for Qt's xcb platform; elsewhere (the
offscreen run of ``make test``) they skip and say how to run them. .ci/run runs them:

    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 2880x1800x24" \\
        .venv/bin/python -m pytest tests/e2e

xdotool goes through the X server's XTEST extension, so Qt receives the same events a
mouse and keyboard produce: nothing is posted into Qt's event queue by the test.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.exceptions import TimeoutError as WaitTimeout
from pytestqt.qtbot import QtBot

from bodymap.ui.app import Theme, apply_look
from bodymap.ui.main_window import MainWindow
from bodymap.ui.session import Session

ROOT = Path(__file__).resolve().parents[2]
WAIT_MS = 10_000  # how long an effect of an action may take to show: generous for slow CI


def real_x_problem() -> str | None:
    """Why these tests cannot run here, or None when a real X display is there."""
    if not sys.platform.startswith("linux"):
        return "the real-window tests drive X11, which this platform does not have"
    if not os.environ.get("DISPLAY"):
        return (
            "no X display (DISPLAY is unset): run them under Xvfb with "
            "QT_QPA_PLATFORM=xcb xvfb-run -a pytest tests/e2e, as .ci/run does"
        )
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform != "xcb":
        return (
            f"QT_QPA_PLATFORM is {platform or 'unset'!r}: the real-window tests need 'xcb' "
            "(QT_QPA_PLATFORM=xcb xvfb-run -a pytest tests/e2e, as .ci/run does)"
        )
    return None


if real_x_problem() is None:
    # Qt's own dialogs whatever the developer's desktop: a native one (GTK's file
    # chooser) is another toolkit's window, which the tests cannot find or read. Read
    # when Qt starts; offscreen runs are left as they are.
    os.environ["QT_QPA_PLATFORMTHEME"] = "generic"


@pytest.fixture(scope="session", autouse=True)
def _real_x() -> None:
    if (problem := real_x_problem()) is not None:
        pytest.skip(problem)
    # Under X, a missing tool is a broken set-up, not a reason to skip.
    if shutil.which("xdotool") is None:
        pytest.fail("xdotool is not installed: sh packaging/system-deps.sh e2e installs it")


@pytest.fixture(scope="session", autouse=True)
def _e2e_application(_real_x: None, qapp: QApplication) -> QApplication:
    assert QGuiApplication.platformName() == "xcb", QGuiApplication.platformName()
    qapp.setOrganizationName("BodymapE2E")
    qapp.setApplicationName("bodymap-e2e")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    apply_look(qapp, Theme.LIGHT)  # the same pictures whatever the machine's theme
    return qapp


@pytest.fixture(autouse=True)
def settings_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "qsettings"
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where the screenshots go: $BODYMAP_ARTIFACTS, else test-artifacts/e2e."""
    folder = Path(os.environ.get("BODYMAP_ARTIFACTS", ROOT / "test-artifacts")) / "e2e"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Robot:
    """A user at the keyboard and mouse, through xdotool; each action then waits, in the
    event loop, for what it should make happen."""

    def __init__(self, qtbot: QtBot, artifacts: Path, prefix: str) -> None:
        self.qtbot = qtbot
        self.artifacts = artifacts
        self.prefix = prefix
        self.shots: list[Path] = []

    @staticmethod
    def _xdotool(*args: str) -> None:
        result = subprocess.run(
            ["xdotool", *args], capture_output=True, text=True, timeout=30, check=False
        )
        assert result.returncode == 0, f"xdotool {' '.join(args)}: {result.stderr.strip()}"

    @staticmethod
    def screen_point(widget: QWidget, pos: QPoint | None = None) -> QPoint:
        """Where ``pos`` (the widget's centre by default) lies on the X screen, in pixels."""
        local = widget.rect().center() if pos is None else pos
        point = widget.mapToGlobal(local)
        ratio = widget.devicePixelRatioF()
        return QPoint(round(point.x() * ratio), round(point.y() * ratio))

    def click(self, widget: QWidget, pos: QPoint | None = None, *, button: int = 1) -> None:
        self.wait_for(lambda: self.ready(widget), f"{widget.objectName() or widget} on screen")
        point = self._settled_point(widget, pos)
        self._xdotool("mousemove", "--sync", str(point.x()), str(point.y()), "click", str(button))

    def _settled_point(self, widget: QWidget, pos: QPoint | None) -> QPoint:
        """The screen point once pending layout passes have moved the widget where it
        stays (a panel that just appeared is laid out in a later pass of the loop)."""
        point = self.screen_point(widget, pos)
        for _ in range(20):
            QApplication.sendPostedEvents()
            QApplication.processEvents()
            again = self.screen_point(widget, pos)
            if again == point:
                return point
            point = again
        raise AssertionError(f"{widget.objectName() or widget} keeps moving")

    @staticmethod
    def ready(widget: QWidget) -> bool:
        """Shown, enabled, and its window mapped where Qt believes it is."""
        handle = widget.window().windowHandle()
        return (
            widget.isVisible() and widget.isEnabled() and handle is not None and handle.isExposed()
        )

    def type_into(self, field: QWidget, text: str) -> None:
        """Click into a text field, type, and wait until the text is there."""
        self.click(field)
        self.wait_for(field.hasFocus, f"{field.objectName() or field} focused")
        self.type(text)
        self.wait_for(lambda: field.text().endswith(text), f"{text!r} typed")  # type: ignore[attr-defined]

    def focus(self, window: QWidget) -> None:
        """Give ``window`` the keyboard, as a window manager does when a dialog closes
        (Xvfb runs none, so X would leave the focus nowhere)."""
        if not window.isActiveWindow():
            self._xdotool("windowfocus", "--sync", str(int(window.winId())))
        self.wait_for(window.isActiveWindow, f"{window.objectName() or window} active")

    def key(self, *keys: str) -> None:
        """Key presses in xdotool's names, e.g. ``ctrl+shift+n``, ``Tab``, ``Down``."""
        self._xdotool("key", "--delay", "30", *keys)

    def type(self, text: str) -> None:
        self._xdotool("type", "--delay", "15", text)

    def wait_for(self, condition: Callable[[], object], what: str) -> None:
        """Process events until ``condition()`` is true; fail naming ``what`` if it never is."""
        try:
            self.qtbot.waitUntil(lambda: bool(condition()), timeout=WAIT_MS)
        except WaitTimeout:
            shot = self.screenshot(f"timed out {what}")
            raise AssertionError(f"timed out waiting for: {what} (screen: {shot})") from None

    def screenshot(self, name: str) -> Path:
        """The visible windows as the X server shows them, saved as an artifact."""
        QApplication.processEvents()
        area = QRect()
        for window in QApplication.topLevelWidgets():
            if window.isVisible() and window.isWindow():
                area = area.united(window.frameGeometry())
        screen = QGuiApplication.primaryScreen()
        area = area.intersected(screen.geometry())
        pixmap = screen.grabWindow(0, area.x(), area.y(), area.width(), area.height())
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        path = self.artifacts / f"{self.prefix}-{len(self.shots) + 1:02d}-{slug}.png"
        assert pixmap.save(str(path)), f"could not write {path}"
        self.shots.append(path)
        return path


@pytest.fixture
def robot(qtbot: QtBot, artifacts: Path, request: pytest.FixtureRequest) -> Robot:
    return Robot(qtbot, artifacts, request.node.name.removeprefix("test_"))


@pytest.fixture
def open_window(qtbot: QtBot) -> Iterator[Callable[[Path], MainWindow]]:
    """Opens main windows on database files, shown at the top left of the screen and
    active; closes their sessions afterwards."""
    sessions: list[Session] = []

    def factory(path: Path) -> MainWindow:
        session = Session.open(path)
        sessions.append(session)
        window = MainWindow(session)
        qtbot.addWidget(window)
        window.move(0, 0)
        window.resize(1400, 860)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
        return window

    yield factory
    for session in sessions:
        session.close()
