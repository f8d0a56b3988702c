"""An exception escaping a slot in the running app is shown in a message box (once),
not only printed where a clinician never looks."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from bodymap.store.errors import DamagedRecord
from bodymap.ui import uncaught


@pytest.fixture
def boxes(
    error_boxes: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> list[tuple[str, str]]:
    monkeypatch.setattr(uncaught, "_shown", set())
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored afterwards
    uncaught.install()
    return error_boxes


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_is_shown_once(qtbot: QtBot, boxes: list[tuple[str, str]]) -> None:
    def broken() -> None:
        raise DamagedRecord(None, "finding 41 (finding table) cannot be read: bad")

    ran: list[bool] = []
    for _ in range(3):  # the same problem again (a repaint, a second click): one box
        QTimer.singleShot(0, broken)
    QTimer.singleShot(0, lambda: ran.append(True))  # zero timers run in order: after all 3
    qtbot.waitUntil(lambda: bool(ran))
    assert len(boxes) == 1
    title, text = boxes[0]
    assert title == "Bodymap"
    assert text.startswith(
        "The chart could not be read or written: finding 41 (finding table) cannot be read"
    )
    assert "Nothing that was saved is lost" in text


def test_an_unexpected_error_says_what_and_that_saved_work_stays(
    boxes: list[tuple[str, str]],
) -> None:
    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError as exc:
        uncaught.report(type(exc), exc, exc.__traceback__)
    assert [text for _, text in boxes] == [
        "Something went wrong that Bodymap did not expect (ZeroDivisionError: division by "
        "zero).\n\nEvery change saved before it is in the chart. If it happens again, please "
        "report it with what you were doing."
    ]
