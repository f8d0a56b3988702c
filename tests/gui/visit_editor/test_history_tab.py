"""The History tab: the visit's audit trail, read when the tab is opened, newest first,
kept current while it is shown, with changes made outside Bodymap marked."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from bodymap.domain.anatomy import load_atlas
from bodymap.domain.muscles import Side
from bodymap.domain.template import HEIGHT_MM, WIDTH_MM
from bodymap.store import audit
from bodymap.ui.app import tone
from bodymap.ui.session import Session
from bodymap.ui.visit_editor import VisitEditor
from bodymap.ui.visit_editor.audit_text import OUTSIDE
from bodymap.ui.visit_panel import VisitPanel


def click_tab(qtbot: QtBot, tabs: QTabWidget, page: QWidget) -> None:
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tabs.indexOf(page)).center())
    assert tabs.currentWidget() is page


def whats(editor: VisitEditor) -> list[str]:
    table = editor.audit_tab.table
    return [table.item(row, 1).text() for row in range(table.rowCount())]


def whos(editor: VisitEditor) -> list[str]:
    """The second line of the first column (the first is the time)."""
    table = editor.audit_tab.table
    return [table.item(row, 0).text().split("\n")[1] for row in range(table.rowCount())]


def test_the_history_is_the_last_tab_and_reads_the_trail_only_when_opened(
    qtbot: QtBot, editor: VisitEditor
) -> None:
    tabs = editor.tabs
    assert tabs.indexOf(editor.history) == tabs.count() - 1
    assert tabs.tabText(tabs.count() - 1).replace("&", "") == "History"
    assert editor.audit_tab.parent() is editor.history
    assert editor.amendments_tab.parent() is editor.history
    assert editor.audit_tab.table.rowCount() == 0  # not read while hidden
    click_tab(qtbot, tabs, editor.history)
    assert whats(editor) == ["Created the visit, carrying forward points 1, 2 and 3"]
    assert whos(editor) == [audit.default_actor()]


def test_an_edit_with_the_keyboard_and_a_point_added_with_the_mouse_are_listed_newest_first(
    qtbot: QtBot, session: Session, chart, panel: VisitPanel, editor: VisitEditor
) -> None:
    editor.window().activateWindow()
    qtbot.waitUntil(editor.window().isActiveWindow)
    plan = editor.plan_tab.plan_edit
    plan.setFocus()
    qtbot.waitUntil(plan.hasFocus)
    qtbot.keyClicks(plan, "Heat daily")
    qtbot.keyClick(plan, Qt.Key.Key_Tab)  # leaving the field saves it
    assert session.visit(chart.visit_id).plan == "Heat daily"

    click_tab(qtbot, editor.tabs, editor.history)
    assert whats(editor) == [
        "Changed the visit: Plan blank → 'Heat daily'",
        "Created the visit, carrying forward points 1, 2 and 3",
    ]

    # With the History on screen, a point charted on the map appears at once.
    assert panel.map_panel is not None
    view = panel.map_panel.view
    site = load_atlas().muscle("teres_major").sites_on(Side.LEFT)[0]
    pos = view.mapFromScene(QPointF(site.x * WIDTH_MM, site.y * HEIGHT_MM))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert whats(editor)[0] == "Charted a new trigger point 4 (L teres major)"
    assert len(whats(editor)) == 3
    when = editor.audit_tab.table.item(0, 0)
    newest = editor.audit_tab.lines[0]
    assert when.text() == f"{newest.when}\n{audit.default_actor()}"
    assert when.toolTip().startswith(newest.when_exact)


def test_a_change_made_by_another_program_is_shown_as_a_warning(
    qtbot: QtBot, chart_db: tuple[Path, object], chart, open_visit
) -> None:
    raw = sqlite3.connect(chart_db[0], isolation_level=None)
    try:
        raw.execute("UPDATE visit SET plan = 'Ice' WHERE id = ?", [chart.visit_id])
    finally:
        raw.close()
    panel = open_visit(chart.visit_id)
    editor = panel.editor
    tab = editor.audit_tab
    click_tab(qtbot, editor.tabs, editor.history)
    assert whos(editor)[0] == OUTSIDE
    assert whats(editor)[0] == "Changed the visit: Plan blank → 'Ice'"
    who = tab.table.item(0, 0)
    assert "another program" in who.toolTip()
    assert who.background().color() == tone("alarm_bg")
    assert not who.icon().isNull()
    assert tab.warning.isVisible()
    assert "1 of these was written outside Bodymap" in tab.warning.text()
    # Bodymap's own entry below it is not marked.
    assert whos(editor)[1] == audit.default_actor()
    assert tab.table.item(1, 0).background().color() != tone("alarm_bg")
    assert tab.table.item(0, 1).background().color() == tone("alarm_bg")


def test_signing_and_an_amendment_appear_at_the_top(
    qtbot: QtBot, session: Session, chart, open_visit
) -> None:
    panel = open_visit(chart.first_visit_id)
    editor = panel.editor
    click_tab(qtbot, editor.tabs, editor.history)
    assert whats(editor)[0] == "Signed by Dr Test"
    from bodymap.domain.amendment import amend_measure

    signed = session.visit(chart.first_visit_id)
    session.add_amendment(
        amend_measure(signed, {"nrs_worst": 8}, "nrs_worst", 9, author="Dr Test",
                      reason="Transcription error")
    )  # fmt: skip
    assert whats(editor)[0] == (
        "Amended: Pain at worst, 24 h (NRS) 8/10 → 9/10 (Transcription error), by Dr Test"
    )
