"""Adding and editing patients, starting a visit, the overdue badge and undo keys, as a
user does them in the main window."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from bodymap.domain.patient import Patient
from bodymap.ui.main_window import MainWindow
from bodymap.ui.patient_list import DueRole, PatientIdRole
from bodymap.ui.user import CLINICIAN_KEY


def test_a_new_patient_is_saved_and_selected(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.new_patient()
    qtbot.keyClicks(dialog.chart_no, "T-900")
    qtbot.keyClicks(dialog.family_name, "Quillfeather")
    qtbot.keyClicks(dialog.given_names, "Ottilie")
    dialog.date_of_birth.setDate(QDate(1988, 6, 30))
    qtbot.keyClicks(dialog.weight, "64.5")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    stored = window.session.store.patients.by_chart_no("T-900")
    assert stored is not None
    assert (stored.family_name, stored.weight_kg) == ("Quillfeather", 64.5)
    assert stored.date_of_birth == dt.date(1988, 6, 30)
    assert window.patient_view.patient is not None
    assert window.patient_view.patient.id == stored.id
    assert window.patients.selected_patient_id() == stored.id


def test_bad_patient_input_is_named_and_nothing_is_saved(qtbot: QtBot, window: MainWindow) -> None:
    before = window.session.patient_count()
    dialog = window.new_patient()
    qtbot.keyClicks(dialog.chart_no, "T-901")
    qtbot.keyClicks(dialog.weight, "900")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.isVisible()
    assert "Family name" in dialog.error.text()
    assert "Weight" in dialog.error.text() and "400" in dialog.error.text()
    assert window.session.patient_count() == before

    # A chart number already in use is named as such.
    taken = window.session.search_patients("")[0].chart_no
    dialog.chart_no.setText(taken)
    dialog.family_name.setText("Quillfeather")
    dialog.weight.setText("")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert f"Chart number {taken} is already in use" in dialog.error.text()
    assert window.session.patient_count() == before


def test_editing_a_patient_keeps_their_identity(qtbot: QtBot, window: MainWindow) -> None:
    first = window.session.search_patients("")[0]
    assert window.patients.select_patient(first.id)
    dialog = window.edit_patient()
    assert dialog is not None
    assert dialog.family_name.text() == first.family_name
    dialog.weight.setText("71")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    stored = window.session.patient(first.id)
    assert stored.uid == first.uid
    assert stored.weight_kg == 71
    assert "71 kg" in window.patient_view.header.details.text()


def test_ctrl_n_starts_todays_visit_with_the_points_carried_forward(
    qtbot: QtBot, window: MainWindow
) -> None:
    session = window.session
    today = dt.date.today()
    patient = next(  # one not yet seen today
        p
        for p in session.search_patients("")
        if all(v.visit_date != today for v in session.visits_for(p.id))
    )
    assert window.patients.select_patient(patient.id)
    before = session.visits_for(patient.id)
    last_points = {p.id for p in session.store.trigger_points.for_visit(before[-1].id)}
    still_present = {
        p.id
        for p in session.store.trigger_points.for_visit(before[-1].id)
        if p.resolved_visit_id is None
    }
    QSettings().setValue(CLINICIAN_KEY, "Dr Keyboard")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.patients.view.setFocus()
    qtbot.keyClick(window.patients.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    after = session.visits_for(patient.id)
    assert len(after) == len(before) + 1
    new = max(after, key=lambda v: v.id)
    assert new.visit_date == dt.date.today()
    assert new.clinician == "Dr Keyboard"
    assert not new.is_signed
    carried = {p.id for p in session.store.trigger_points.for_visit(new.id)}
    assert carried == still_present
    assert carried <= last_points
    assert all(f.tenderness is None for f in session.store.findings.for_visit(new.id))
    assert window.patient_view.selected_visit_id() == new.id

    # Pressing it again opens the same draft instead of a second visit today.
    qtbot.keyClick(window.patients.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(session.visits_for(patient.id)) == len(after)


def test_an_overdue_reassessment_shows_a_badge_until_the_patient_is_seen(
    qtbot: QtBot, window: MainWindow
) -> None:
    session = window.session
    patient = session.add_patient(
        Patient(
            chart_no="T-902",
            family_name="Aardvark",
            given_names="Overdue",
            date_of_birth=dt.date(1970, 1, 1),
        )
    )
    seen = dt.date.today() - dt.timedelta(days=30)
    visit = session.new_visit(patient.id, visit_date=seen, clinician="Dr Test")
    due = seen + dt.timedelta(days=14)
    session.update_visit(dataclasses.replace(visit, reassess_on=due))

    model = window.patients.model
    index = model.index(model.row_of(patient.id))
    assert index.data(DueRole) == due
    assert f"was due on {due.isoformat()}" in index.data(Qt.ItemDataRole.ToolTipRole)

    QSettings().setValue(CLINICIAN_KEY, "Dr Test")
    window.patients.select_patient(patient.id)
    window.new_visit()
    index = model.index(model.row_of(patient.id))
    assert index.data(PatientIdRole) == patient.id
    assert index.data(DueRole) is None


def test_the_progress_page_charts_the_patient_and_a_click_opens_the_visit(
    qtbot: QtBot, window: MainWindow
) -> None:
    patient = window.session.search_patients("")[0]
    assert window.patients.select_patient(patient.id)
    view = window.patient_view
    view.pages.setCurrentIndex(1)
    qtbot.waitUntil(lambda: view.progress.current_key() == "pain")
    first = window.session.visits_for(patient.id)[0]
    view.progress.visitRequested.emit(first.id)  # what a click on its data point sends
    assert view.pages.currentIndex() == 0
    assert view.selected_visit_id() == first.id


def test_ctrl_z_and_ctrl_y_undo_and_redo_a_visit_edit_from_anywhere_in_the_window(
    qtbot: QtBot, window: MainWindow
) -> None:
    session = window.session
    today = dt.date.today()
    patient = next(
        p
        for p in session.search_patients("")
        if any(v.visit_date == today and not v.is_signed for v in session.visits_for(p.id))
    )
    assert window.patients.select_patient(patient.id)
    editor = window.patient_view.visit_panel.editor
    assert editor is not None and not editor.context.read_only
    visit_id = editor.context.model.visit_id
    editor.tabs.setCurrentWidget(editor.measures_tab)
    field = editor.measures_tab.fields["thoracic_rotation_l"]
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "33")
    qtbot.keyClick(field, Qt.Key.Key_Tab)

    def stored() -> float | None:
        values = {m.kind: m.value for m in session.measurements_for(visit_id)}
        return values.get("thoracic_rotation_l")

    assert stored() == 33
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.patient_view.timeline.setFocus()  # not a text field: the keys go to the visit
    qtbot.keyClick(window.patient_view.timeline, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored() != 33
    qtbot.keyClick(window.patient_view.timeline, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert stored() == 33


def test_an_open_window_makes_at_most_one_backup_a_day(window: MainWindow) -> None:
    from bodymap.store.backup import backups_folder, list_backups

    window._backup_timer.timeout.emit()  # the hourly check
    window._backup_timer.timeout.emit()  # the same day: nothing new
    made = list_backups(window.session.path)
    assert len(made) == 1
    assert made[0].path.parent == backups_folder(window.session.path)
    assert "Backed up" in window.statusBar().currentMessage()
    window.close()  # closing the same day: still one
    assert len(list_backups(window.session.path)) == 1


def test_closing_the_window_backs_the_chart_up(
    open_window: Callable[[Path], MainWindow], demo_db: Path
) -> None:
    from bodymap.store.backup import list_backups, verify_backup

    window = open_window(demo_db)
    assert list_backups(demo_db) == []
    patients = window.session.patient_count()
    window.close()
    made = list_backups(demo_db)
    assert [b.kind for b in made] == ["auto"]
    assert verify_backup(made[0].path).patients == patients
