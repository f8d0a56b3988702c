"""An error nobody caught, in a running window: say so in a message box instead of only
printing to a terminal the clinician never sees.

Qt calls ``sys.excepthook`` for an exception escaping a slot or an event handler, then
carries on. The traceback still goes to stderr for a support request; the box says what
failed in words, and that what was saved stays saved (every change is its own
transaction, so an error between two of them loses nothing acknowledged).
"""

from __future__ import annotations

import sys
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from bodymap.store import StoreError

_shown: set[str] = set()  # one box per problem: an error in painting repeats each frame
_showing: list[bool] = [False]  # one box at a time


def message(exc: BaseException) -> str:
    if isinstance(exc, StoreError):
        return (
            f"The chart could not be read or written: {exc}.\n\nNothing that was saved is "
            "lost. “bodymap check” examines the database; a backup can be restored with "
            "“bodymap restore”."
        )
    return (
        f"Something went wrong that Bodymap did not expect ({type(exc).__name__}: {exc}).\n\n"
        "Every change saved before it is in the chart. If it happens again, please report "
        "it with what you were doing."
    )


def report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    sys.__excepthook__(exc_type, exc, tb)
    text = message(exc)
    if _showing[0] or text in _shown or QApplication.instance() is None:
        return
    _shown.add(text)
    _showing[0] = True
    try:
        QMessageBox.critical(QApplication.activeWindow(), "Bodymap", text)
    finally:
        _showing[0] = False


def install() -> None:
    sys.excepthook = report
