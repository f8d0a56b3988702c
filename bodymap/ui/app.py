"""The QApplication, its look (light and dark themes) and the GUI's entry point."""

from __future__ import annotations

import contextlib
import sys
import tempfile
import time
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox, QStyleFactory

from bodymap import APP_NAME, ORG_NAME, __version__
from bodymap.store import Mode, Store, StoreError
from bodymap.store.instance_lock import AlreadyOpen, InstanceLock

if TYPE_CHECKING:
    from bodymap.ui.main_window import MainWindow
    from bodymap.ui.session import Session

SMOKE_TIMEOUT_S = 20.0
# The reverse-DNS name of the .desktop file, the AppStream component and the macOS bundle
# (packaging/ uses the same): Wayland and the docks match the running window to it.
APP_ID = "org.bodymap.Bodymap"
ACCENT = "#2d6a9f"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


# --- themes ------------------------------------------------------------------------------

THEME_KEY = "appearance/theme"


class Theme(StrEnum):
    SYSTEM = "system"  # the operating system's light or dark setting, followed as it changes
    LIGHT = "light"
    DARK = "dark"


# Colours by role, (light, dark). Views that paint or colour text themselves read them
# through tone() when they paint, so a change of theme reaches them on the next repaint.
# tests/gui/test_preferences.py checks that text roles keep a readable contrast in both.
TONES: dict[str, tuple[str, str]] = {
    "window": ("#eef1f4", "#1c2127"),
    "base": ("#ffffff", "#242a30"),
    "text": ("#1d2630", "#e3e8ed"),
    "muted": ("#5b6670", "#9ea9b4"),
    "section": ("#33404c", "#cfd8e0"),
    "empty": ("#68737e", "#96a2ae"),
    "accent": (ACCENT, "#6aa5dc"),
    "error": ("#b3261e", "#ff968c"),
    "warning_text": ("#5a4400", "#f2db9d"),
    "warning_bg": ("#fff4d6", "#3a3019"),
    "warning_border": ("#e6cf8a", "#6f5d28"),
    "alarm_text": ("#8c1d18", "#ffb8b0"),  # a dose past its limit
    "alarm_bg": ("#fdecea", "#47211e"),
    "alarm_border": ("#e5a19b", "#86403a"),
    "note_bg": ("#fff8e5", "#332d1c"),  # guidance prompts
    "note_border": ("#ecd9a0", "#5f5429"),
    "invalid_border": ("#b3261e", "#ff968c"),
    "invalid_bg": ("#fdf1f0", "#3b2422"),
    "panel_border": ("#d5dbe1", "#3b444d"),
    "field_border": ("#c4ccd4", "#4b5560"),
    "header_bg": ("#f4f6f8", "#2b3239"),
    "signed": ("#1f6f43", "#77cc95"),
    "draft": ("#9a5b00", "#f0b46a"),
    "overdue": ("#b54708", "#ffa066"),
    "on_overdue": ("#ffffff", "#1c2127"),  # the word on an 'Overdue' badge
    "better": ("#2e6b30", "#8bcf8e"),
    "worse": ("#9a4a00", "#f6a660"),
    "good_bg": ("#e3f3ec", "#1d3a2c"),
    "bad_bg": ("#fbe9e4", "#4a2a22"),
    "calendar_window": ("#dcebf7", "#26465f"),
    "weekend": ("#a8241c", "#ff9a90"),  # calendar days, on base and on calendar_window
    # Around the body-map sheet, which stays paper-coloured in both themes (a document).
    "map_surround": ("#f4f1ee", "#15191d"),
}

_state = {"dark": False, "theme": Theme.SYSTEM, "hooked": False}


def theme_setting() -> Theme:
    """The theme chosen in Preferences (the system's by default)."""
    value = str(QSettings().value(THEME_KEY, Theme.SYSTEM.value) or "")
    try:
        return Theme(value)
    except ValueError:
        return Theme.SYSTEM


def set_theme_setting(theme: Theme) -> None:
    QSettings().setValue(THEME_KEY, theme.value)


def system_is_dark() -> bool:
    """Whether the operating system asks for dark windows (unknown counts as light)."""
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def is_dark() -> bool:
    """Whether the app is showing its dark theme now."""
    return bool(_state["dark"])


def tone_hex(role: str) -> str:
    """The current theme's colour for ``role`` (a key of TONES), as #rrggbb for rich text."""
    light, dark = TONES[role]
    return dark if is_dark() else light


def tone(role: str) -> QColor:
    return QColor(tone_hex(role))


def _palette(dark: bool) -> QPalette:
    """Calm palettes: light work areas on soft grey, or their dark counterparts; one
    blue accent. The constructor derives the bevel shades Fusion draws frames with."""
    pick = 1 if dark else 0

    def c(role: str) -> QColor:
        return QColor(TONES[role][pick])

    button = QColor("#2c333a" if dark else "#f4f6f8")
    palette = QPalette(button, c("window"))
    role = QPalette.ColorRole
    colors = {
        role.Window: c("window"),
        role.WindowText: c("text"),
        role.Base: c("base"),
        role.AlternateBase: QColor("#2a3138" if dark else "#f6f8fa"),
        role.Text: c("text"),
        role.Button: button,
        role.ButtonText: c("text"),
        role.BrightText: QColor("#ffffff"),
        role.Highlight: QColor("#3c78b4" if dark else ACCENT),
        role.HighlightedText: QColor("#ffffff"),
        role.ToolTipBase: QColor("#2c333a" if dark else "#ffffff"),
        role.ToolTipText: c("text"),
        role.PlaceholderText: QColor("#87939f" if dark else "#6b7680"),
        role.Link: c("accent"),
        role.LinkVisited: c("accent"),
    }
    for name, color in colors.items():
        palette.setColor(name, color)
    # A selection in an unfocused list stays visible but quieter.
    group = QPalette.ColorGroup
    palette.setColor(group.Inactive, role.Highlight, QColor("#31475c" if dark else "#d6e4f0"))
    palette.setColor(group.Inactive, role.HighlightedText, c("text"))
    # A signed visit shows its record in disabled controls: quieter, yet readable (4.5:1).
    for name in (role.Text, role.WindowText, role.ButtonText):
        palette.setColor(group.Disabled, name, QColor("#8f9aa5" if dark else "#626d77"))
    palette.setColor(group.Disabled, role.Base, c("window"))
    return palette


# Muted text, section titles, messages, panels and empty states; everything else is the
# Fusion style. Colours are role names filled in per theme; a widget that needs a themed
# look sets one of these properties rather than its own style sheet, since this sheet is
# the one re-applied when the theme changes.
_STYLE_RULES = """
QLabel[muted="true"] { color: {muted}; }
QLabel[sectionTitle="true"] { font-weight: 600; color: {section}; padding-top: 4px; }
QLabel[emptyState="true"] { color: {empty}; font-size: 12pt; }
QLabel[error="true"] { color: {error}; }
QLabel[warning="true"] {
    background: {warning_bg}; color: {warning_text}; padding: 4px 8px;
    border: 1px solid {warning_border}; border-radius: 3px;
}
QLabel[alarm="true"] {
    background: {alarm_bg}; color: {alarm_text}; padding: 4px 8px; font-weight: 600;
    border: 1px solid {alarm_border}; border-radius: 3px;
}
QLabel[panel="true"] {
    background: {base}; padding: 6px 8px;
    border: 1px solid {panel_border}; border-radius: 3px;
}
QLabel[trend="better"] { color: {better}; }
QLabel[trend="worse"] { color: {worse}; }
QFrame#guidanceBox {
    background: {note_bg}; border: 1px solid {note_border}; border-radius: 4px;
}
QLineEdit[invalid="true"], QSpinBox[invalid="true"], QDoubleSpinBox[invalid="true"],
QDateEdit[invalid="true"], QPlainTextEdit[invalid="true"] {
    border: 1px solid {invalid_border}; background: {invalid_bg};
}
QStatusBar QLabel { color: {muted}; padding: 0 6px; }
QListView#patientList, QTableView#visitTimeline, QStackedWidget#visitPanel {
    border: 1px solid {panel_border}; border-radius: 4px; background: {base};
}
QLineEdit#patientSearch { padding: 5px 6px; border: 1px solid {field_border}; border-radius: 4px; }
QLineEdit#patientSearch:focus { border-color: {accent}; }
QHeaderView::section {
    background: {header_bg}; color: {section}; border: none;
    border-bottom: 1px solid {panel_border}; padding: 5px 8px;
}
QTableView#visitTimeline::item { padding: 0 8px; }
QListView#patientList, QTableView#visitTimeline { outline: 0; }
QSplitter::handle { background: transparent; }
"""


def style_sheet(dark: bool) -> str:
    text = _STYLE_RULES
    for role, pair in TONES.items():
        text = text.replace("{" + role + "}", pair[1 if dark else 0])
    return text


STYLE_SHEET = style_sheet(dark=False)  # the light one, for anyone styling a lone widget


def _window_icon() -> QIcon | None:
    from bodymap.domain.assets import asset

    icon = QIcon()
    for size in ICON_SIZES:
        node = asset(f"bodymap-{size}.png")
        if node.is_file():
            icon.addFile(str(node), QSize(size, size))
    if icon.isNull() and (master := asset("bodymap.svg")).is_file():
        icon = QIcon(str(master))
    return None if icon.isNull() else icon


def set_identity(app: QCoreApplication) -> None:
    """Name the app so QSettings and platform integration file it under Bodymap."""
    app.setOrganizationName(ORG_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    QGuiApplication.setApplicationDisplayName(APP_NAME)
    QGuiApplication.setDesktopFileName(APP_ID)


def _show_scheme(app: QApplication, dark: bool) -> None:
    _state["dark"] = dark
    app.setPalette(_palette(dark))
    app.setStyleSheet(style_sheet(dark))


def _on_system_scheme_changed(_scheme: Qt.ColorScheme) -> None:
    app = QApplication.instance()
    if isinstance(app, QApplication) and _state["theme"] is Theme.SYSTEM:
        _show_scheme(app, system_is_dark())


def apply_look(app: QApplication, theme: Theme | None = None) -> None:
    """The same calm look on every platform: Fusion, the chosen theme's palette and a few
    style rules. ``theme`` defaults to the saved setting; the system theme follows the
    operating system when it switches between light and dark."""
    if app.style().name().lower() != "fusion" and (style := QStyleFactory.create("Fusion")):
        app.setStyle(style)
    theme = theme_setting() if theme is None else theme
    _state["theme"] = theme
    hints = QGuiApplication.styleHints()
    if not _state["hooked"]:
        hints.colorSchemeChanged.connect(_on_system_scheme_changed)
        _state["hooked"] = True
    # Telling the platform lets it draw title bars to match (Windows 11, macOS).
    if theme is Theme.SYSTEM:
        hints.unsetColorScheme()
    else:
        hints.setColorScheme(Qt.ColorScheme.Dark if theme is Theme.DARK else Qt.ColorScheme.Light)
    _show_scheme(app, theme is Theme.DARK or (theme is Theme.SYSTEM and system_is_dark()))
    font = app.font()
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
        app.setFont(font)
    if app.windowIcon().isNull() and (icon := _window_icon()) is not None:
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
    from bodymap.ui.errors import show_database_error

    print(f"bodymap: {message}", file=sys.stderr)
    if not smoke and exc is not None:  # a smoke run never waits for a click
        show_database_error(None, exc)


def _open_session(db_path: Path, create: bool, smoke: bool) -> Session | None:
    """The session on ``db_path``. When the file is damaged or gone and a good backup
    exists, the user may restore it (never in a smoke run, which waits for nobody)."""
    from bodymap.ui.recovery import offer_backup
    from bodymap.ui.session import Session

    try:
        return Session.open(db_path, create=create)
    except StoreError as exc:
        print(f"bodymap: {exc}", file=sys.stderr)
        if smoke or not offer_backup(None, db_path, exc, lock_held=True):
            return None
    try:
        return Session.open(db_path)
    except StoreError as exc:
        _report(str(exc), smoke, exc)
        return None


def _lock_database(stack: contextlib.ExitStack, db_path: Path, smoke: bool) -> bool:
    """Hold the database's lock file while the window is open. When another Bodymap holds
    it, warn, and open anyway only if the user says so (SQLite keeps both writers safe)."""
    try:
        stack.enter_context(InstanceLock(db_path))
    except AlreadyOpen as exc:
        print(f"bodymap: {exc}", file=sys.stderr)
        if smoke:  # never waits for a click
            return False
        buttons = QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel
        answer = QMessageBox.warning(
            None,
            "Database already open",
            f"{exc}\n\nOpen it here as well? Both windows save safely, but neither shows "
            "the other's changes until it reloads, so one may overwrite the other's edits.",
            buttons,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Open
    except StoreError:
        pass  # no lock file possible (a read-only folder): opening reports what matters
    return True


def main(db_path: Path, demo: bool = False, smoke: bool = False, create: bool = False) -> int:
    """Open the main window on ``db_path`` (or a demo database) and run until it closes.

    ``create`` makes a missing database file (the default one on first run). ``smoke``
    exits 0 as soon as the window is shown, for packaging checks and benchmarks.
    """
    from bodymap.ui import uncaught
    from bodymap.ui.main_window import MainWindow

    app = application()
    uncaught.install()
    with contextlib.ExitStack() as stack:
        try:
            if demo:
                db_path = stack.enter_context(_demo_database())
            elif not _lock_database(stack, db_path, smoke):
                return 1
        except StoreError as exc:
            _report(str(exc), smoke, exc)
            return 1
        except ImportError as exc:  # a build without the demo data
            _report(f"the demo database is not available ({exc})", smoke)
            return 1
        session = _open_session(db_path, create, smoke)
        if session is None:
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
