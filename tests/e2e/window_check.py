"""Open the app's main window on a database in this process, as configured by the
environment (QT_SCALE_FACTOR, the theme), find any text that does not fit its widget,
and save a screenshot. Run by test_look.py in a child process, because the scale factor
is fixed when Qt starts:

    python tests/e2e/window_check.py --db DEMO.db --out SHOT [--theme dark]

Writes SHOT-main.png and SHOT-preferences.png; prints one JSON object: the clipped texts,
the main window screenshot's size in pixels, the window's size and the pixel ratio.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QWidget,
)

from bodymap.ui.app import Theme, application, apply_look
from bodymap.ui.main_window import MainWindow
from bodymap.ui.preferences import PreferencesDialog
from bodymap.ui.session import Session

SETTLE_S = 15.0  # the longest a window may take to be mapped on a slow machine


def settle(app: QApplication, done: object = None) -> None:
    """Run the event loop until the pending layout and paint work is done (and ``done()``
    holds, when given)."""
    deadline = time.monotonic() + SETTLE_S
    while time.monotonic() < deadline:
        app.sendPostedEvents()
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if done is None or done():  # type: ignore[operator]
            return
    raise SystemExit("window_check: the window did not show in time")


def _name(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
    return f"{type(widget).__name__} {widget.objectName() or ''} {text[:60]!r}".strip()


def clipped(root: QWidget) -> list[str]:
    """Labels and buttons whose text is cut off: narrower than the text's width, or
    (wrapped) shorter than its lines. A label carrying its whole text in its tooltip
    (a long path in the status bar) may be cut."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or widget.width() <= 0:
            continue
        if isinstance(widget, QLabel):
            text = widget.text()
            if not text.strip() or widget.toolTip() == text:
                continue
            if widget.wordWrap():
                if widget.height() + 1 < widget.heightForWidth(widget.width()):
                    found.append(_name(widget))
            elif widget.width() + 1 < widget.sizeHint().width():
                found.append(_name(widget))
        elif isinstance(widget, QPushButton | QCheckBox | QRadioButton) and widget.text():
            # Not the size hint: Qt styles pad short button texts to a minimum width.
            text = widget.text().replace("&&", "&").replace("&", "")
            needed = widget.fontMetrics().horizontalAdvance(text) + 4
            if widget.contentsRect().width() < needed:
                found.append(_name(widget))
    return found


def screenshot(out: Path) -> tuple[int, int]:
    area = QRect()
    for window in QApplication.topLevelWidgets():
        if window.isVisible():
            area = area.united(window.frameGeometry())
    screen = QGuiApplication.primaryScreen()
    area = area.intersected(screen.geometry())
    pixmap = screen.grabWindow(0, area.x(), area.y(), area.width(), area.height())
    if not pixmap.save(str(out)):
        raise SystemExit(f"window_check: could not write {out}")
    return pixmap.width(), pixmap.height()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--theme", choices=[t.value for t in Theme], default=Theme.LIGHT.value)
    args = parser.parse_args(argv)

    app = application()
    apply_look(app, Theme(args.theme))
    session = Session.open(args.db)
    window = MainWindow(session)
    window.move(0, 0)
    window.show()
    settle(app, lambda: (h := window.windowHandle()) is not None and h.isExposed())
    # The busiest screen: a patient with visits, their latest visit open beside the map.
    patient = max(session.search_patients(""), key=lambda p: len(session.visits_for(p.id)))
    assert patient.id is not None
    window.patients.select_patient(patient.id)
    settle(app, lambda: window.patient_view.visit_panel.editor is not None)
    settle(app)
    problems = {"main window": clipped(window)}
    main_size = screenshot(args.out.with_name(args.out.stem + "-main.png"))

    dialog = PreferencesDialog(session, window)
    dialog.show()
    settle(app, lambda: (h := dialog.windowHandle()) is not None and h.isExposed())
    tabs = dialog.findChild(QTabWidget, "preferencesTabs")
    assert tabs is not None
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        settle(app)
        problems[f"preferences, {tabs.tabText(index).replace('&', '')}"] = clipped(dialog)
    tabs.setCurrentIndex(0)
    settle(app)
    screenshot(args.out.with_name(args.out.stem + "-preferences.png"))
    report = {
        "clipped": {where: found for where, found in problems.items() if found},
        "screenshot": list(main_size),
        "logical": [window.width(), window.height()],
        "device_pixel_ratio": window.devicePixelRatioF(),
    }
    print(json.dumps(report))
    dialog.close()
    window.hide()  # not close(): leaves the saved layout alone
    session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
