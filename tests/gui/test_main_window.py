"""The main window, driven the way a clinician uses it: typing, clicking, shortcuts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from bodymap.domain.patient import Patient, Sex
from bodymap.domain.visit import Visit
from bodymap.store import Mode, Store
from bodymap.ui import formatting
from bodymap.ui.main_window import MainWindow
from bodymap.ui.patient_list import PatientRole
from bodymap.ui.visit_timeline import Column, VisitRole

OpenWindow = Callable[[Path], MainWindow]


def listed(window: MainWindow) -> list[Patient]:
    model = window.patients.model
    return [model.index(row).data(PatientRole) for row in range(model.rowCount())]


def click_patient(qtbot: QtBot, window: MainWindow, patient: Patient) -> None:
    view = window.patients.view
    row = window.patients.model.row_of(patient.id or -1)
    assert row is not None, f"{patient.display_name} is not listed"
    index = window.patients.model.index(row)
    view.scrollTo(index)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )


def timeline_cell(window: MainWindow, row: int, column: Column) -> Any:
    model = window.patient_view.timeline_model
    return model.index(row, column).data()


@pytest.fixture
def messages(error_boxes: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return error_boxes


def test_window_opens_on_the_demo_and_lists_every_patient(window: MainWindow) -> None:
    store = window.session.store
    everyone = store.patients.search("")
    assert len(everyone) >= 2
    assert [p.id for p in listed(window)] == [p.id for p in everyone]
    assert window.windowTitle() == "Bodymap - demo.db"
    assert window.count_label.text() == f"{len(everyone)} patients"
    assert window.db_label.text() == "demo.db"
    assert window.db_label.toolTip() == str(window.session.path)
    first = window.patients.model.index(0).data()
    p = everyone[0]
    assert first.startswith(f"{p.family_name}, {p.given_names} - {p.chart_no} - ")
    assert f"{p.date_of_birth.isoformat()} ({p.age_on(dt.date.today())})" in first
    assert window.patient_view.empty.isVisible()


def test_typing_in_search_filters_the_list_as_you_type(qtbot: QtBot, window: MainWindow) -> None:
    store = window.session.store
    everyone = store.patients.search("")
    target = everyone[-1]
    typed = ""
    for char in target.family_name[:3]:
        qtbot.keyClick(window.patients.search, char)
        typed += char
        # No Enter pressed: every keystroke narrows the list at once.
        assert [p.id for p in listed(window)] == [p.id for p in store.patients.search(typed)]
    shown = listed(window)
    assert target.id in [p.id for p in shown]
    assert len(shown) < len(everyone)
    assert all(
        p.family_name.lower().startswith(typed.lower())
        or p.given_names.lower().startswith(typed.lower())
        for p in shown
    )

    window.patients.search.clear()
    qtbot.keyClicks(window.patients.search, target.chart_no)
    assert [p.chart_no for p in listed(window)] == [target.chart_no]

    window.patients.search.clear()
    qtbot.keyClicks(window.patients.search, "zzz-nobody")
    assert listed(window) == []
    assert window.patients.summary.text() == "0 matches"


def test_clicking_a_patient_shows_their_visits_newest_first(
    qtbot: QtBot, window: MainWindow
) -> None:
    store = window.session.store
    # The demo patient with the most visits that has both signed and draft ones.
    candidates = [(p, store.visits.for_patient(p.id or -1)) for p in store.patients.search("")]
    mixed = [(p, vs) for p, vs in candidates if len({v.status for v in vs}) == 2]
    assert mixed, "the demo should hold a patient with signed and draft visits"
    patient, visits = max(mixed, key=lambda pv: len(pv[1]))

    click_patient(qtbot, window, patient)

    view = window.patient_view
    assert view.header.name.text() == patient.display_name
    assert patient.chart_no in view.header.details.text()
    assert patient.date_of_birth.isoformat() in view.header.details.text()
    model = view.timeline_model
    assert model.rowCount() == len(visits)
    shown = [model.index(row, 0).data(VisitRole) for row in range(model.rowCount())]
    assert [v.id for v in shown] == [v.id for v in reversed(visits)]
    dates = [timeline_cell(window, row, Column.DATE) for row in range(model.rowCount())]
    assert dates == sorted(dates, reverse=True)
    for row, visit in enumerate(shown):
        status = timeline_cell(window, row, Column.STATUS)
        if visit.is_signed:
            assert status.startswith("Signed")
            if visit.signed_by != visit.clinician:
                assert str(visit.signed_by) in status
            tooltip = model.index(row, Column.STATUS).data(Qt.ItemDataRole.ToolTipRole)
            assert f"Signed by {visit.signed_by}" in tooltip
        else:
            assert status == "Draft"
    assert timeline_cell(window, model.rowCount() - 1, Column.INTERVAL) == "first visit"
    gap = (shown[0].visit_date - shown[1].visit_date).days
    assert timeline_cell(window, 0, Column.INTERVAL) in (f"+{gap} days", f"+{gap} day")
    # The latest visit opens with the patient.
    assert view.visit_panel.visit is not None
    assert view.visit_panel.visit.id == shown[0].id

    # Clicking another visit puts it in the visit area.
    table = view.timeline
    rect = table.visualRect(model.index(1, Column.DATE))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.visit_panel.visit is not None
    assert view.visit_panel.visit.id == shown[1].id
    editor = view.visit_panel.editor
    assert editor is not None
    assert formatting.date_text(shown[1].visit_date) in editor.header.title.text()


def test_ctrl_f_focuses_the_search(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.patients.view.setFocus()
    qtbot.waitUntil(window.patients.view.hasFocus)
    assert not window.patients.search.hasFocus()

    qtbot.keyClick(window.patients.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(window.patients.search.hasFocus)


def test_window_geometry_and_splitter_are_restored(
    qtbot: QtBot, open_window: OpenWindow, demo_db: Path
) -> None:
    first = open_window(demo_db)
    # Within the offscreen screen (800x600): restoring clamps a window to its screen.
    first.resize(730, 530)
    qtbot.waitUntil(lambda: first.width() == 730)
    first.splitter.setSizes([250, 450])
    sizes = first.splitter.sizes()
    first.close()

    second = open_window(demo_db)
    assert (second.width(), second.height()) == (730, 530)
    assert second.splitter.sizes() == sizes


def test_opening_a_file_that_is_not_a_database_shows_why(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    messages: list[tuple[str, str]],
) -> None:
    bad = tmp_path / "letter.db"
    bad.write_text("Dear colleague, please see this patient.", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a: (str(bad), "")))
    rows_before = window.patients.model.rowCount()

    window.open_action.trigger()

    assert len(messages) == 1
    title, text = messages[0]
    assert title == "Cannot open database"
    assert str(bad) in text
    assert "not an SQLite database" in text
    # The open database stays open and shown.
    assert window.windowTitle() == "Bodymap - demo.db"
    assert window.patients.model.rowCount() == rows_before
    assert window.session.store.patients.count() == rows_before


def test_opening_another_database_switches_every_view(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    messages: list[tuple[str, str]],
) -> None:
    other = tmp_path / "other.db"
    with Store.open(other, Mode.CREATE) as store:
        store.patients.add(
            Patient(
                chart_no="X-1",
                family_name="Zimmer",
                given_names="Ola",
                date_of_birth=dt.date(1970, 5, 6),
                sex=Sex.FEMALE,
            )
        )
    click_patient(qtbot, window, listed(window)[0])
    old_session = window.session
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a: (str(other), "")))

    window.open_action.trigger()

    assert messages == []
    assert window.windowTitle() == "Bodymap - other.db"
    assert [p.family_name for p in listed(window)] == ["Zimmer"]
    assert window.count_label.text() == "1 patient"
    assert window.patient_view.patient is None
    assert not old_session.is_open


def test_views_refresh_when_the_session_reports_a_change(qtbot: QtBot, window: MainWindow) -> None:
    session = window.session
    before = window.patients.model.rowCount()
    new = Patient(
        chart_no="NEW-1",
        family_name="Aaberg",
        given_names="Nils",
        date_of_birth=dt.date(1985, 2, 3),
    )
    with qtbot.waitSignal(session.patientsChanged):
        stored = session.add_patient(new)
    assert window.patients.model.rowCount() == before + 1
    assert window.count_label.text() == f"{before + 1} patients"

    click_patient(qtbot, window, stored)
    assert window.patient_view.timeline_model.rowCount() == 0
    with qtbot.waitSignal(session.visitsChanged) as blocker:
        session.add_visit(
            Visit(patient_id=stored.id or -1, visit_date=dt.date.today(), clinician="R. Ames")
        )
    assert blocker.args == [stored.id]
    assert window.patient_view.timeline_model.rowCount() == 1
    assert timeline_cell(window, 0, Column.STATUS) == "Draft"


def test_unselected_views_show_empty_states(window: MainWindow) -> None:
    assert window.patient_view.currentWidget() is window.patient_view.empty
    assert "Select a patient" in window.patient_view.empty.text()
    assert window.patient_view.visit_panel.empty.text() == "Select a visit"


def test_a_draft_visit_opens_its_body_map_and_a_click_charts_a_point(
    qtbot: QtBot, window: MainWindow
) -> None:
    from PySide6.QtCore import QPointF

    from bodymap.domain.anatomy import load_atlas
    from bodymap.domain.muscles import Side
    from bodymap.domain.template import HEIGHT_MM, WIDTH_MM

    store = window.session.store
    drafts = [
        (p, v)
        for p in store.patients.search("")
        for v in store.visits.for_patient(p.id or -1)
        if not v.is_signed
    ]
    assert drafts, "the demo leaves some latest visits as drafts"
    patient, visit = drafts[0]
    click_patient(qtbot, window, patient)
    view = window.patient_view
    row = view.timeline_model.row_of(visit.id)
    assert row is not None
    rect = view.timeline.visualRect(view.timeline_model.index(row, Column.DATE))
    qtbot.mouseClick(view.timeline.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    panel = view.visit_panel.map_panel
    assert panel is not None
    assert view.visit_panel.currentWidget() is view.visit_panel.splitter
    window.resize(1400, 1000)
    window.show()
    qtbot.waitExposed(window)
    panel.view.fit_to_window()
    before = len(store.trigger_points.for_visit(visit.id))
    site = load_atlas().muscle("teres_major").sites_on(Side.LEFT)[0]
    pos = panel.view.mapFromScene(QPointF(site.x * WIDTH_MM, site.y * HEIGHT_MM))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)

    charted = store.trigger_points.for_visit(visit.id)
    assert len(charted) == before + 1
    newest = max(charted, key=lambda tp: tp.label)
    assert (newest.muscle_id, newest.side.value) == ("teres_major", "L")
    # Double-clicking the new marker brings its findings forward in the visit editor.
    editor = view.visit_panel.editor
    assert editor is not None
    editor.tabs.setCurrentWidget(editor.plan_tab)
    marker = panel.view.mapFromScene(panel.view.marker_item(newest.id).pos())
    qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=marker)
    assert editor.tabs.currentWidget() is editor.finding_tab
    assert panel.selection.current() == newest.id
    # Undo through the visit's stack takes it off the chart again.
    view.visit_panel.undo_stack.undo()
    assert len(store.trigger_points.for_visit(visit.id)) == before
