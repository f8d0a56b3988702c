"""Qt set-up for the GUI tests: one offscreen QApplication with a test identity, and
QSettings in a fresh folder for every test so no test sees another's (or a real) profile."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QSettings
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from bodymap.ui.app import apply_look
from bodymap.ui.main_window import MainWindow
from bodymap.ui.session import Session


@pytest.fixture(scope="session", autouse=True)
def _test_application(qapp: QApplication) -> QApplication:
    qapp.setOrganizationName("BodymapTests")
    qapp.setApplicationName("bodymap-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    apply_look(qapp)  # the app's real look, so size-dependent behaviour matches
    return qapp


@pytest.fixture(autouse=True)
def _no_windows_left_behind(qapp: QApplication) -> Iterator[None]:
    """Delete every window a test leaves: widgets that outlive their test slow down each
    later restyle (a theme change repolishes every living widget) and keep signals alive."""
    yield
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def settings_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "qsettings"
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture
def open_window(qtbot: QtBot) -> Iterator[Callable[[Path], MainWindow]]:
    """Opens main windows on database files; closes their sessions afterwards."""
    sessions: list[Session] = []

    def factory(path: Path) -> MainWindow:
        session = Session.open(path)
        window = MainWindow(session)
        sessions.append(session)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    yield factory
    for window in QApplication.topLevelWidgets():
        if isinstance(window, MainWindow):
            sessions.append(window.session)
    for session in sessions:
        session.close()


@pytest.fixture
def window(open_window: Callable[[Path], MainWindow], demo_db: Path) -> MainWindow:
    """The main window on a private copy of the demo database, shown."""
    return open_window(demo_db)


@pytest.fixture
def error_boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Critical message boxes, captured (title, text) instead of shown: a shown box
    would wait for a click."""
    captured: list[tuple[str, str]] = []

    def critical(_parent: Any, title: str, text: str, *_args: Any) -> QMessageBox.StandardButton:
        captured.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "critical", staticmethod(critical))
    return captured
