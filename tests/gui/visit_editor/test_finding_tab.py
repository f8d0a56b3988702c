"""The Findings tab: the current point's palpation findings, saved as they are entered,
beside the same point at the previous visit."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from bodymap.domain.finding import Activity, Finding, PressurePainThreshold
from bodymap.domain.muscles import Side
from bodymap.domain.units import PressureUnit
from bodymap.ui.preferences import PRESSURE_UNIT_KEY
from bodymap.ui.session import Session
from bodymap.ui.visit_editor import VisitEditor
from bodymap.ui.visit_editor.finding_compare import Trend, previous_cells
from bodymap.ui.visit_editor.finding_fields import TRI_STATE
from bodymap.ui.visit_editor.finding_tab import EMPTY_TEXT, FindingTab
from bodymap.ui.visit_panel import VisitPanel


def stored(session: Session, visit_id: int, point_id: int) -> Finding:
    (finding,) = [
        f for f in session.store.findings.for_visit(visit_id) if f.trigger_point_id == point_id
    ]
    return finding


def show_point(editor: VisitEditor, panel: VisitPanel, point_id: int) -> FindingTab:
    assert panel.map_panel is not None
    panel.map_panel.selection.set_current(point_id)
    editor.show_findings()
    return editor.finding_tab


def type_into(qtbot: QtBot, spin: QWidget, text: str) -> None:
    """Select what the box holds, type over it and confirm with Enter."""
    spin.setFocus()
    spin.lineEdit().selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(spin, text)
    qtbot.keyClick(spin, Qt.Key.Key_Return)


def press_tab(qtbot: QtBot) -> QWidget:
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, Qt.Key.Key_Tab)
    now = QApplication.focusWidget()
    assert now is not None
    return now


def test_without_a_point_the_tab_says_how_to_choose_one_and_offers_a_picker(
    qtbot: QtBot, chart, panel: VisitPanel, editor: VisitEditor
) -> None:
    tab = editor.finding_tab
    assert tab.stack.currentWidget() is tab.empty_label
    assert tab.empty_label.text() == EMPTY_TEXT
    # The picker lists the visit's points for the keyboard user.
    assert [tab.point_picker.itemText(i) for i in range(tab.point_picker.count())] == [
        "#1 R upper trapezius",
        "#2 L levator scapulae",
        "#3 R infraspinatus",
    ]
    editor.show_findings()
    assert QApplication.focusWidget() is tab.point_picker

    qtbot.keyClick(tab.point_picker, Qt.Key.Key_Down)
    qtbot.keyClick(tab.point_picker, Qt.Key.Key_Down)

    assert panel.map_panel is not None
    assert panel.map_panel.selection.current() == chart.point_ids[1]  # the map follows
    assert tab.point_picker.currentText() == "#2 L levator scapulae"
    assert tab.stack.currentWidget() is tab.scroll_area


def test_selecting_a_point_shows_its_finding_beside_the_previous_visit(
    chart, panel: VisitPanel, editor: VisitEditor
) -> None:
    tab = show_point(editor, panel, chart.point_ids[0])

    assert editor.tabs.currentWidget() is tab
    assert tab.stack.currentWidget() is tab.scroll_area
    assert tab.point_picker.currentText() == "#1 R upper trapezius"
    form = tab.form
    assert QApplication.focusWidget() is form.taut_band_combo  # ready for the keyboard
    assert form.taut_band_combo.currentText() == "– not assessed"  # carried blank
    assert "2026-10-05" in form.previous_header.text()
    previous = {key: label.text() for key, label in form.previous_labels.items()}
    assert previous["taut_band"] == "yes"
    assert previous["tenderness"] == "2 moderate"
    assert previous["pain_recognition"] == "yes"
    assert previous["nrs_on_compression"] == "6"
    assert previous["criteria"].startswith("2 of 3")
    assert previous["activity"] == "active (suggested)"


def test_a_click_on_a_marker_shows_that_point(
    qtbot: QtBot, chart, panel: VisitPanel, editor: VisitEditor
) -> None:
    map_panel = panel.map_panel
    assert map_panel is not None
    map_panel.view.fit_to_window()
    point_id = chart.point_ids[1]
    marker = map_panel.view.mapFromScene(map_panel.view.marker_item(point_id).pos())

    qtbot.mouseClick(map_panel.view.viewport(), Qt.MouseButton.LeftButton, pos=marker)

    tab = editor.finding_tab
    assert map_panel.selection.current() == point_id
    assert tab.point_picker.currentText() == "#2 L levator scapulae"
    assert tab.form.previous_labels["nrs_on_compression"].text() == "6"


def test_keyboard_entries_are_stored_at_once_and_the_checklist_follows(
    qtbot: QtBot, session: Session, chart, panel: VisitPanel, editor: VisitEditor
) -> None:
    point_id = chart.point_ids[0]
    tab = show_point(editor, panel, point_id)
    form = tab.form
    assert "0 of 3" in form.criteria_label.text()
    form.taut_band_combo.setFocus()

    qtbot.keyClicks(form.taut_band_combo, "y")
    assert stored(session, chart.visit_id, point_id).taut_band is True
    assert press_tab(qtbot) is form.tenderness_combo
    qtbot.keyClicks(form.tenderness_combo, "2")
    assert stored(session, chart.visit_id, point_id).tenderness == 2
    assert "2 of 3" in form.criteria_label.text()
    assert "meets the consensus" in form.criteria_label.text()
    assert press_tab(qtbot) is form.referred_pain_combo
    qtbot.keyClicks(form.referred_pain_combo, "n")
    assert press_tab(qtbot) is form.pain_recognition_combo
    qtbot.keyClicks(form.pain_recognition_combo, "y")

    finding = stored(session, chart.visit_id, point_id)
    assert (finding.taut_band, finding.tenderness, finding.referred_pain) == (True, 2, False)
    assert finding.pain_recognition is True
    assert finding.meets_consensus
    # Each change is its own undo step.
    assert editor.context.undo_stack.count() == 4


def test_the_suggested_activity_is_accepted_with_one_click(
    qtbot: QtBot, session: Session, chart, panel: VisitPanel, editor: VisitEditor
) -> None:
    point_id = chart.point_ids[0]
    form = show_point(editor, panel, point_id).form
    assert not form.accept_suggestion_button.isEnabled()  # nothing to suggest yet
    form.pain_recognition_combo.setFocus()
    qtbot.keyClicks(form.pain_recognition_combo, "n")
    assert "latent" in form.suggestion_label.text()
    assert stored(session, chart.visit_id, point_id).activity is None

    qtbot.mouseClick(form.accept_suggestion_button, Qt.MouseButton.LeftButton)

    assert stored(session, chart.visit_id, point_id).activity is Activity.LATENT
    assert form.activity_combo.currentText() == "Latent"
    assert not form.accept_suggestion_button.isEnabled()


def test_ppt_trials_are_averaged_and_stored_in_the_chosen_unit(
    qtbot: QtBot, session: Session, chart, panel: VisitPanel, editor: VisitEditor
) -> None:
    point_id = chart.point_ids[0]
    form = show_point(editor, panel, point_id).form
    form.unit_combo.setFocus()
    qtbot.keyClicks(form.unit_combo, "kP")
    assert form.unit_combo.currentText() == "kPa"
    assert stored(session, chart.visit_id, point_id).ppt is None  # waits for a trial

    type_into(qtbot, form.ppt_spins[0], "200")
    type_into(qtbot, form.ppt_spins[1], "220")

    assert "210.00 kPa" in form.ppt_mean_label.text()
    ppt = stored(session, chart.visit_id, point_id).ppt
    assert ppt is not None
    assert ppt.trials == (200.0, 220.0)
    assert ppt.unit is PressureUnit.KPA
    assert ppt.rate_per_s == pytest.approx(98.07, abs=0.005)  # 1 kgf/cm²/s, converted

    form.unit_combo.setFocus()
    qtbot.keyClick(form.unit_combo, Qt.Key.Key_Up)  # back to kgf/cm²

    assert form.ppt_spins[0].value() == pytest.approx(2.04)
    assert form.ppt_spins[1].value() == pytest.approx(2.24)
    assert form.ppt_spins[2].text() == "–"  # an empty trial stays empty
    ppt = stored(session, chart.visit_id, point_id).ppt
    assert ppt is not None
    assert ppt.unit is PressureUnit.KGF_CM2
    assert ppt.trials == pytest.approx((2.04, 2.24))
    assert ppt.rate_per_s == pytest.approx(1.0)
    assert "2.14 kgf/cm²" in form.ppt_mean_label.text()


def test_a_new_ppt_starts_in_the_unit_chosen_in_preferences(
    qtbot: QtBot, session: Session, chart, panel: VisitPanel, editor: VisitEditor
) -> None:
    QSettings().setValue(PRESSURE_UNIT_KEY, PressureUnit.N_CM2.value)
    point_id = chart.point_ids[0]
    form = show_point(editor, panel, point_id).form

    assert form.unit_combo.currentText() == "N/cm²"
    assert form.rate_unit_label.text() == "N/cm²/s"
    assert form.rate_spin.value() == pytest.approx(9.81)  # 1 kgf/cm² per second
    type_into(qtbot, form.ppt_spins[0], "30")

    ppt = stored(session, chart.visit_id, point_id).ppt
    assert ppt is not None
    assert ppt.unit is PressureUnit.N_CM2
    assert ppt.trials == (30.0,)
    assert ppt.rate_per_s == pytest.approx(9.81)


def test_a_stored_ppt_keeps_its_unit_and_the_next_new_one_is_in_the_preferred(
    session: Session, chart, panel: VisitPanel, editor: VisitEditor
) -> None:
    QSettings().setValue(PRESSURE_UNIT_KEY, PressureUnit.N_CM2.value)
    first, second = chart.point_ids[:2]
    map_editor = editor.context.map_editor
    mp = map_editor.point(first)
    assert mp is not None
    stored_ppt = PressurePainThreshold(
        trials=(310.0, 330.0), unit=PressureUnit.KPA, rate_per_s=50.0
    )
    map_editor.update_finding(dataclasses.replace(mp.finding, ppt=stored_ppt))

    form = show_point(editor, panel, first).form
    assert form.unit_combo.currentText() == "kPa"
    assert [spin.value() for spin in form.ppt_spins[:2]] == [310.0, 330.0]
    assert "320.00 kPa" in form.ppt_mean_label.text()

    # Another point with nothing measured: the unit of Preferences, not the last point's;
    # the rate on screen is carried over as the same pressure per second.
    assert form.rate_spin.value() == 50.0
    show_point(editor, panel, second)
    assert form.unit_combo.currentText() == "N/cm²"
    assert form.rate_spin.value() == pytest.approx(5.0)  # 50 kPa/s
    assert stored(session, chart.visit_id, second).ppt is None
    assert stored(session, chart.visit_id, first).ppt == stored_ppt  # nothing rewritten


def test_an_out_of_range_nrs_is_refused_with_its_range(
    qtbot: QtBot, session: Session, chart, panel: VisitPanel, editor: VisitEditor
) -> None:
    point_id = chart.point_ids[0]
    form = show_point(editor, panel, point_id).form
    error = form.error_labels["nrs_on_compression"]

    type_into(qtbot, form.nrs_spin, "11")

    assert error.isVisible()
    assert error.text() == "NRS on compression must be from 0 to 10, not 11."
    assert form.nrs_spin.property("invalid") is True
    assert stored(session, chart.visit_id, point_id).nrs_on_compression is None
    assert editor.context.undo_stack.count() == 0
    # Another field still saves, and the refused value stays on screen to be corrected.
    form.taut_band_combo.setFocus()
    qtbot.keyClicks(form.taut_band_combo, "y")
    assert stored(session, chart.visit_id, point_id).taut_band is True
    assert form.nrs_spin.text() == "11"

    type_into(qtbot, form.nrs_spin, "4")

    assert not error.isVisible()
    assert stored(session, chart.visit_id, point_id).nrs_on_compression == 4
    assert form.previous_labels["nrs_on_compression"].text() == "6 (now −2, less pain)"


def test_an_out_of_range_ppt_is_refused_naming_the_box(
    qtbot: QtBot, session: Session, chart, panel: VisitPanel, editor: VisitEditor
) -> None:
    point_id = chart.point_ids[0]
    form = show_point(editor, panel, point_id).form

    type_into(qtbot, form.ppt_spins[1], "50")  # kgf/cm²: beyond any hand-held algometer

    error = form.error_labels["ppt_trials"]
    assert error.isVisible()
    assert error.text() == "PPT trial 2 must be above 0 up to 20.39 kgf/cm², not 50."
    assert stored(session, chart.visit_id, point_id).ppt is None


def test_undo_restores_the_stored_values(
    qtbot: QtBot, session: Session, chart, panel: VisitPanel, editor: VisitEditor
) -> None:
    point_id = chart.point_ids[0]
    form = show_point(editor, panel, point_id).form
    form.taut_band_combo.setFocus()
    qtbot.keyClicks(form.taut_band_combo, "y")
    type_into(qtbot, form.nrs_spin, "5")
    stack = editor.context.undo_stack

    stack.undo()
    assert stored(session, chart.visit_id, point_id).nrs_on_compression is None
    assert form.nrs_spin.text() == "–"
    stack.undo()
    assert stored(session, chart.visit_id, point_id).taut_band is None
    assert form.taut_band_combo.currentText() == "– not assessed"
    stack.redo()
    assert stored(session, chart.visit_id, point_id).taut_band is True
    assert form.taut_band_combo.currentText() == "Yes"


def test_notes_are_saved_after_a_pause_and_on_leaving_the_box(
    qtbot: QtBot, session: Session, chart, panel: VisitPanel, editor: VisitEditor
) -> None:
    point_id = chart.point_ids[0]
    form = show_point(editor, panel, point_id).form
    form.notes_edit.setFocus()
    qtbot.keyClicks(form.notes_edit, "Refers to the temple")
    qtbot.waitUntil(lambda: stored(session, chart.visit_id, point_id).notes != "")
    assert stored(session, chart.visit_id, point_id).notes == "Refers to the temple"

    qtbot.keyClicks(form.notes_edit, ".")
    # A change elsewhere (the map, an undo) while typing does not wipe what was typed.
    editor.context.map_editor.pointsChanged.emit()
    assert form.notes_edit.toPlainText() == "Refers to the temple."
    form.notes_edit.clearFocus()  # leaving the box saves without waiting

    assert stored(session, chart.visit_id, point_id).notes == "Refers to the temple."


def test_changes_made_elsewhere_are_shown_without_writing_back(
    session: Session, chart, panel: VisitPanel, editor: VisitEditor
) -> None:
    point_id = chart.point_ids[0]
    form = show_point(editor, panel, point_id).form
    map_editor = editor.context.map_editor
    mp = map_editor.point(point_id)
    assert mp is not None
    ppt = PressurePainThreshold(trials=(3.0,))

    map_editor.update_finding(
        Finding(
            visit_id=chart.visit_id,
            trigger_point_id=point_id,
            tenderness=3,
            ppt=ppt,
            id=mp.finding.id,
            uid=mp.finding.uid,
        )
    )

    assert form.tenderness_combo.currentText() == "3 severe, withdraws"
    assert form.ppt_spins[0].value() == 3.0
    assert editor.context.undo_stack.count() == 0


def test_a_point_new_at_this_visit_has_nothing_to_compare(
    panel: VisitPanel, editor: VisitEditor
) -> None:
    new = editor.context.map_editor.add_point(0.3, 0.5, "rhomboid_major", Side.LEFT)

    form = show_point(editor, panel, new.id).form

    assert "not charted at the previous visit" in form.previous_header.text()
    assert form.previous_labels["nrs_on_compression"].text() == ""


def test_a_signed_visit_shows_its_findings_read_only(
    qtbot: QtBot, session: Session, chart, open_visit
) -> None:
    panel = open_visit(chart.first_visit_id)
    editor = panel.editor
    point_id = chart.point_ids[0]
    tab = show_point(editor, panel, point_id)
    form = tab.form

    assert tab.read_only_label.isVisible()
    assert "signed" in tab.read_only_label.text()
    assert form.taut_band_combo.currentText() == "Yes"
    assert form.nrs_spin.value() == 6
    assert form.previous_header.text() == "No previous visit"
    for widget in form.inputs:
        if widget is form.notes_edit:
            assert form.notes_edit.isReadOnly()
        else:
            assert not widget.isEnabled(), widget.objectName()
    assert tab.point_picker.isEnabled()  # still a way to look at each point
    before = stored(session, chart.first_visit_id, point_id)
    qtbot.keyClicks(form.notes_edit, "late note")
    form.notes_edit.clearFocus()
    assert stored(session, chart.first_visit_id, point_id) == before


def test_signing_while_the_tab_is_open_locks_its_inputs(
    session: Session, chart, panel: VisitPanel, editor: VisitEditor
) -> None:
    form = show_point(editor, panel, chart.point_ids[0]).form
    assert form.taut_band_combo.isEnabled()

    session.sign_visit(chart.visit_id, "Dr Test")

    assert not form.taut_band_combo.isEnabled()
    assert editor.finding_tab.read_only_label.isVisible()


def test_ppt_change_is_compared_in_the_unit_on_screen() -> None:
    before = Finding(
        visit_id=1,
        trigger_point_id=1,
        ppt=PressurePainThreshold(trials=(20.0,), unit=PressureUnit.N_CM2),
    )
    now = Finding(visit_id=2, trigger_point_id=1, ppt=PressurePainThreshold(trials=(1.5,)))

    cell = previous_cells(now, before, PressureUnit.KGF_CM2)["ppt_mean"]

    # 20 N/cm² = 2.04 kgf/cm²: the threshold fell, the point is more sensitive.
    assert cell.text == "2.04 kgf/cm² (now −0.54, more sensitive)"
    assert cell.trend is Trend.WORSE
    assert "20.00 N/cm²" in cell.tooltip


def test_combo_texts_start_with_distinct_letters() -> None:
    """Y and N pick Yes and No on a focused combo: 'not assessed' must not start with N."""
    firsts = [text[0].lower() for text, _ in TRI_STATE]
    assert len(set(firsts)) == len(firsts)
