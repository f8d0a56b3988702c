"""The QApplication and the GUI's entry point."""

from __future__ import annotations

import contextlib
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from bodymap import APP_NAME, ORG_NAME, __version__
from bodymap.store import Mode, Store, StoreError
from bodymap.ui.errors import show_database_error
from bodymap.ui.main_window import MainWindow
from bodymap.ui.session import Session

SMOKE_TIMEOUT_S = 20.0
ACCENT = "#2d6a9f"

# Muted text, section titles and empty states; everything else is the Fusion style.
STYLE_SHEET = """
QLabel[muted="true"] { color: #5b6670; }
QLabel[sectionTitle="true"] { font-weight: 600; color: #33404c; padding-top: 4px; }
QLabel[emptyState="true"] { color: #7a8590; font-size: 12pt; }
QLabel[error="true"] { color: #b3261e; }
QLabel[warning="true"] {
    background: #fff4d6; color: #5a4400; padding: 4px 8px;
    border: 1px solid #e6cf8a; border-radius: 3px;
}
QLineEdit[invalid="true"], QSpinBox[invalid="true"], QDoubleSpinBox[invalid="true"] {
    border: 1px solid #b3261e; background: #fdf1f0;
}
QStatusBar QLabel { color: #5b6670; padding: 0 6px; }
QListView#patientList, QTableView#visitTimeline, QStackedWidget#visitPanel {
    border: 1px solid #d5dbe1; border-radius: 4px; background: #ffffff;
}
QLineEdit#patientSearch { padding: 5px 6px; border: 1px solid #c4ccd4; border-radius: 4px; }
QLineEdit#patientSearch:focus { border-color: %(accent)s; }
QHeaderView::section {
    background: #f4f6f8; color: #33404c; border: none;
    border-bottom: 1px solid #d5dbe1; padding: 5px 8px;
}
QTableView#visitTimeline::item { padding: 0 8px; }
QListView#patientList, QTableView#visitTimeline { outline: 0; }
QSplitter::handle { background: transparent; }
""" % {"accent": ACCENT}  # noqa: UP031 - braces of the style sheet would need escaping


def _palette() -> QPalette:
    """A light, calm palette: white work areas on soft grey, one blue accent."""
    palette = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#eef1f4",
        QPalette.ColorRole.WindowText: "#1d2630",
        QPalette.ColorRole.Base: "#ffffff",
        QPalette.ColorRole.AlternateBase: "#f6f8fa",
        QPalette.ColorRole.Text: "#1d2630",
        QPalette.ColorRole.Button: "#f4f6f8",
        QPalette.ColorRole.ButtonText: "#1d2630",
        QPalette.ColorRole.Highlight: ACCENT,
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#ffffff",
        QPalette.ColorRole.ToolTipText: "#1d2630",
        QPalette.ColorRole.PlaceholderText: "#6b7680",
        QPalette.ColorRole.Link: ACCENT,
    }
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    # A selection in an unfocused list stays visible but quieter.
    palette.setColor(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Highlight, QColor("#d6e4f0"))
    palette.setColor(
        QPalette.ColorGroup.Inactive, QPalette.ColorRole.HighlightedText, QColor("#1d2630")
    )
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#9aa4ad"))
    return palette


def _window_icon() -> QIcon | None:
    from bodymap.domain.assets import asset

    for name in ("bodymap.svg", "bodymap.png"):
        node = asset("icons", name)
        if node.is_file():
            return QIcon(str(node))
    return None


def set_identity(app: QCoreApplication) -> None:
    """Name the app so QSettings and platform integration file it under Bodymap."""
    app.setOrganizationName(ORG_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    QGuiApplication.setApplicationDisplayName(APP_NAME)
    QGuiApplication.setDesktopFileName("bodymap")


def apply_look(app: QApplication) -> None:
    """The same calm look on every platform: Fusion, a light palette, a few style rules."""
    if (style := QStyleFactory.create("Fusion")) is not None:
        app.setStyle(style)
    app.setPalette(_palette())
    font = app.font()
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
        app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)
    if (icon := _window_icon()) is not None:
        app.setWindowIcon(icon)


def application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, created with the app's settings on first call."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # Qt 6 scales for high DPI by itself; pass fractional factors (125 %, 150 %) through
    # rather than rounding them, so text and the body map keep their true size.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    # Settings in INI files everywhere: readable, and redirectable in tests.
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    set_identity(app)
    apply_look(app)
    return app


@contextlib.contextmanager
def _demo_database() -> Iterator[Path]:
    """A freshly seeded demo database in a temporary folder, deleted afterwards."""
    from bodymap.demo import seed

    with tempfile.TemporaryDirectory(prefix="bodymap-demo-") as folder:
        path = Path(folder) / "demo.db"
        with Store.open(path, Mode.CREATE) as store:
            seed(store)
        yield path


def _wait_until_shown(app: QApplication, window: MainWindow) -> bool:
    deadline = time.monotonic() + SMOKE_TIMEOUT_S
    while time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        handle = window.windowHandle()
        if window.isVisible() and handle is not None and handle.isExposed():
            app.processEvents()  # let the first paint happen
            return True
    return False


def _report(message: str, smoke: bool, exc: StoreError | None = None) -> None:
    print(f"bodymap: {message}", file=sys.stderr)
    if not smoke and exc is not None:  # a smoke run never waits for a click
        show_database_error(None, exc)


def main(db_path: Path, demo: bool = False, smoke: bool = False, create: bool = False) -> int:
    """Open the main window on ``db_path`` (or a demo database) and run until it closes.

    ``create`` makes a missing database file (the default one on first run). ``smoke``
    exits 0 as soon as the window is shown, for packaging checks and benchmarks.
    """
    app = application()
    with contextlib.ExitStack() as stack:
        try:
            if demo:
                db_path = stack.enter_context(_demo_database())
            session = Session.open(db_path, create=create)
        except StoreError as exc:
            _report(str(exc), smoke, exc)
            return 1
        except ImportError as exc:  # a build without the demo data
            _report(f"the demo database is not available ({exc})", smoke)
            return 1
        stack.callback(session.close)
        window = MainWindow(session)
        window.show()
        if smoke:
            shown = _wait_until_shown(app, window)
            window.hide()  # not close(): a smoke run leaves the saved layout alone
            if not shown:
                print("bodymap: the main window was not shown in time", file=sys.stderr)
            return 0 if shown else 1
        return app.exec()
