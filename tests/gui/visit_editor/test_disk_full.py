"""A change the disk refuses (SQLite's own size limit, which fails a write with the same
SQLITE_FULL error as a full disk): the field says it was not saved, the window says why,
the chart on disk is unchanged, and the same edit saves once there is room again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from bodymap.domain.patient import Patient, Sex
from bodymap.store.errors import DiskFull
from bodymap.ui.main_window import MainWindow
from bodymap.ui.session import Session
from bodymap.ui.visit_editor import VisitEditor

NO_LIMIT = 1073741823


def fill_the_disk(session: Session) -> int:
    """No page may be added to the file from now on; returns the bytes a write may still
    place in pages already free."""
    conn = session.store.db.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    free = conn.execute("PRAGMA freelist_count").fetchone()[0]
    return int(free * conn.execute("PRAGMA page_size").fetchone()[0])


def test_a_refused_plan_says_not_saved_and_saves_once_there_is_room(
    qtbot: QtBot, session: Session, chart, editor: VisitEditor
) -> None:
    editor.tabs.setCurrentWidget(editor.plan_tab)
    editor.window().activateWindow()
    qtbot.waitUntil(editor.window().isActiveWindow)
    tab = editor.plan_tab
    room = fill_the_disk(session)
    plan = "Daily heat, then the stretches on the sheet. " * 400  # 18 kB of overflow pages
    assert len(plan) > room + 4 * 4096
    QApplication.clipboard().setText(plan)
    tab.plan_edit.setFocus()
    qtbot.waitUntil(tab.plan_edit.hasFocus)
    qtbot.keyClick(tab.plan_edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(session.diskError) as heard:
        qtbot.keyClick(tab.plan_edit, Qt.Key.Key_Tab)  # leaving the field saves at once
    assert heard.args == [
        "the disk is full: the change was not saved; free some space and try again"
    ]
    assert session.visit(chart.visit_id).plan == ""  # the chart on disk is unchanged
    error = tab.text_errors["plan"]
    assert "the disk is full" in error.text()
    assert error.isVisible()
    assert tab.plan_edit.toPlainText() == plan  # what was typed is still there to retry
    assert not tab.context.undo_stack.canUndo()  # a refused edit is no undo step

    session.store.db.conn.execute(f"PRAGMA max_page_count = {NO_LIMIT}")
    tab.plan_edit.setFocus()
    qtbot.waitUntil(tab.plan_edit.hasFocus)
    qtbot.keyClick(tab.plan_edit, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(tab.plan_edit, "!")
    qtbot.keyClick(tab.plan_edit, Qt.Key.Key_Tab)
    assert session.visit(chart.visit_id).plan == plan + "!"
    assert not error.isVisible()


def test_the_window_shows_a_refused_write_until_dismissed(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], demo_db: Path
) -> None:
    window = open_window(demo_db)
    before = window.session.patient_count()
    fill_the_disk(window.session)
    big = Patient(
        chart_no="F-1", family_name="Filler", given_names="", date_of_birth=dt.date(1970, 1, 1),
        sex=Sex.OTHER, notes="Long history. " * 1400,
    )  # fmt: skip
    assert not window.alert.isVisible()
    with pytest.raises(DiskFull):
        window.session.add_patient(big)  # what the new-patient dialog calls
    assert window.alert.isVisible()
    assert "The disk is full: the change was not saved" in window.alert.label.text()
    assert window.session.patient_count() == before
    qtbot.mouseClick(window.alert.dismiss_button, Qt.MouseButton.LeftButton)
    assert not window.alert.isVisible()
