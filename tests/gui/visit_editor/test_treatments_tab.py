"""The Treatments tab as a clinician uses it: adding, the needle record and its dose
arithmetic, refused values, undo, and a signed visit."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QCheckBox, QWidget
from pytestqt.qtbot import QtBot

from bodymap.domain.treatment import Agent, NeedleRecord, Treatment
from bodymap.domain.treatment_catalog import TreatmentKind
from bodymap.ui.session import Session
from bodymap.ui.visit_editor import VisitEditor
from bodymap.ui.visit_editor.needle_dialog import NeedleDialog
from bodymap.ui.visit_editor.treatments_tab import TreatmentsTab


def open_tab(editor: VisitEditor) -> TreatmentsTab:
    editor.tabs.setCurrentWidget(editor.treatments_tab)
    return editor.treatments_tab


def choose(qtbot: QtBot, tab: TreatmentsTab, kind: TreatmentKind) -> None:
    """Click Add treatment and pick ``kind`` from its menu with the keyboard."""

    picked: list[bool] = []

    def pick() -> None:
        tab.add_menu.setActiveAction(tab.add_actions[kind])
        qtbot.keyClick(tab.add_menu, Qt.Key.Key_Return)
        picked.append(True)

    def shown() -> None:
        tab.add_menu.aboutToShow.disconnect(shown)
        QTimer.singleShot(0, pick)  # runs inside the menu's own event loop

    tab.add_menu.aboutToShow.connect(shown)
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(picked) and not tab.add_menu.isVisible())
    # The offscreen platform leaves the closed menu the active window: give it back.
    window = tab.needle_dialog or tab.window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


def tick_rows(qtbot: QtBot, checklist: QWidget, rows: list[int]) -> None:
    """Move to each row with the arrow keys and tick it with Space."""
    checklist.setFocus()
    current = checklist.currentRow()  # type: ignore[attr-defined]
    for row in rows:
        key = Qt.Key.Key_Down if row > current else Qt.Key.Key_Up
        for _ in range(abs(row - current)):
            qtbot.keyClick(checklist, key)
        current = row
        qtbot.keyClick(checklist, Qt.Key.Key_Space)


def stored(session: Session, visit_id: int) -> list[Treatment]:
    return session.store.treatments.for_visit(visit_id)


def lidocaine_injection(visit_id: int, points: tuple[int, ...], *, count: int, ml: float):
    needle = NeedleRecord(
        sterile_prep=True, needle_gauge=27, needle_length_mm=25, points_count=count,
        agent=Agent.LIDOCAINE, concentration_percent=1.0, volume_per_point_ml=ml,
    )  # fmt: skip
    return Treatment(
        visit_id=visit_id, kind=TreatmentKind.TRP_INJECTION, trigger_point_ids=points, needle=needle
    )


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    """Click the check box where its box is drawn (its left edge)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def fill_injection(qtbot: QtBot, dialog: NeedleDialog, *, percent: str, ml: str) -> None:
    tick(qtbot, dialog.form.sterile_prep)
    type_into(qtbot, dialog.form.gauge, "27")
    type_into(qtbot, dialog.form.length, "25")
    dialog.form.agent.setFocus()
    qtbot.keyClicks(dialog.form.agent, "Lido")  # type-ahead in the combo
    type_into(qtbot, dialog.form.concentration, percent)
    type_into(qtbot, dialog.form.volume, ml)


def test_add_a_compression_on_two_points(
    qtbot: QtBot, session: Session, chart, editor: VisitEditor
) -> None:
    tab = open_tab(editor)
    assert tab.empty.isVisible()
    editor.context.selection.set_current(chart.point_ids[0])
    choose(qtbot, tab, TreatmentKind.TRP_COMPRESSION)
    (added,) = stored(session, chart.visit_id)
    assert added.kind is TreatmentKind.TRP_COMPRESSION
    assert added.trigger_point_ids == (chart.point_ids[0],)  # the current point preselected
    assert tab.form.isVisible() and "step 2" in tab.form.title()

    tick_rows(qtbot, tab.form.points, [1])
    assert stored(session, chart.visit_id)[0].trigger_point_ids == chart.point_ids[:2]
    hold = tab.form.boxes["details.hold_s"].field
    type_into(qtbot, hold, "60")
    (saved,) = stored(session, chart.visit_id)
    assert dict(saved.details) == {"hold_s": 60}
    text = tab.list.item(0).text()
    assert "#1 R upper trapezius, #2 L levator scapulae" in text
    assert "Hold per point 60 s" in text


def test_notes_save_after_a_pause_in_typing(
    qtbot: QtBot, session: Session, chart, editor: VisitEditor
) -> None:
    tab = open_tab(editor)
    choose(qtbot, tab, TreatmentKind.HOME_STRETCHING)
    tab.form.notes.setFocus()
    qtbot.keyClicks(tab.form.notes, "Doorway stretch, both sides")
    assert stored(session, chart.visit_id)[0].notes == ""  # not on every keystroke
    qtbot.waitUntil(lambda: stored(session, chart.visit_id)[0].notes != "", timeout=3000)
    assert stored(session, chart.visit_id)[0].notes == "Doorway stretch, both sides"
    editor.context.undo_stack.undo()  # the typing was one step
    assert stored(session, chart.visit_id)[0].notes == ""
    assert tab.form.notes.toPlainText() == ""


def test_an_out_of_range_detail_is_refused_under_its_field(
    qtbot: QtBot, session: Session, chart, editor: VisitEditor
) -> None:
    tab = open_tab(editor)
    choose(qtbot, tab, TreatmentKind.TRP_COMPRESSION)
    box = tab.form.boxes["details.hold_s"]
    type_into(qtbot, box.field, "400")
    assert box.message.isVisible()
    assert box.message.text() == "Hold per point must be from 5 to 300, not 400"
    assert dict(stored(session, chart.visit_id)[0].details) == {}
    type_into(qtbot, box.field, "90")
    assert not box.message.isVisible()
    assert dict(stored(session, chart.visit_id)[0].details) == {"hold_s": 90}


def test_an_injection_shows_and_stores_its_dose(
    qtbot: QtBot, session: Session, chart, editor: VisitEditor
) -> None:
    tab = open_tab(editor)
    editor.context.selection.set_current(chart.point_ids[0])
    choose(qtbot, tab, TreatmentKind.TRP_INJECTION)
    dialog = tab.needle_dialog
    assert dialog is not None and dialog.isVisible()
    tick_rows(qtbot, dialog.form.points, [1, 2])
    assert dialog.form.points_count.text() == "3"  # follows the ticked points
    fill_injection(qtbot, dialog, percent="1", ml="1")
    assert dialog.form.agent.currentText() == "Lidocaine"
    assert dialog.dose.figures.text() == (
        "This injection: Lidocaine 1 %: 10 mg/mL × 1 mL = 10 mg per point × 3 points = 30 mg"
    )
    assert "Lidocaine this visit: 30 mg of a 300 mg maximum (4.5 mg/kg × 70 kg = 315 mg, " in (
        dialog.dose.totals.text()
    )
    assert not dialog.dose.warning.isVisible()
    assert stored(session, chart.visit_id) == []  # nothing until Save
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert tab.needle_dialog is None

    (saved,) = stored(session, chart.visit_id)
    assert saved.trigger_point_ids == chart.point_ids
    needle = saved.needle
    assert needle is not None
    assert (needle.agent, needle.concentration_percent, needle.volume_per_point_ml) == (
        Agent.LIDOCAINE, 1.0, 1.0,
    )  # fmt: skip
    assert (needle.points_count, needle.needle_gauge, needle.sterile_prep) == (3, 27, True)
    assert needle.mg_per_point == 10.0 and needle.total_mg == 30.0
    assert "= 30 mg" in tab.list.item(0).text()
    assert "30 mg of a 300 mg maximum" in tab.dose.text()
    assert "product-label values to verify" in tab.dose.text()
    assert "Lidocaine 1 %" in tab.needle_summary.text()


def test_a_visit_total_over_the_maximum_warns_but_is_saved(
    qtbot: QtBot, session: Session, chart, editor: VisitEditor
) -> None:
    session.add_treatment(lidocaine_injection(chart.visit_id, chart.point_ids, count=3, ml=1.0))
    tab = open_tab(editor)
    choose(qtbot, tab, TreatmentKind.TRP_INJECTION)
    dialog = tab.needle_dialog
    assert dialog is not None
    fill_injection(qtbot, dialog, percent="2", ml="2")
    type_into(qtbot, dialog.form.points_count, "7")  # 40 mg x 7 = 280 mg; 310 mg this visit
    assert dialog.dose.warning.isVisible()
    assert "Lidocaine this visit: 310 mg EXCEEDS the 300 mg maximum" in dialog.dose.warning.text()
    assert "315 mg, capped at 300 mg" in dialog.dose.warning.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # a warning, not a block
    assert len(stored(session, chart.visit_id)) == 2
    assert tab.dose.warning.isVisible()
    assert "310 mg EXCEEDS" in tab.dose.warning.text()


def test_without_a_weight_only_the_absolute_cap_applies(
    session: Session, chart, editor: VisitEditor
) -> None:
    session.add_treatment(lidocaine_injection(chart.visit_id, chart.point_ids, count=3, ml=1.0))
    tab = open_tab(editor)
    assert "4.5 mg/kg × 70 kg" in tab.dose.text()
    patient = session.patient(chart.patient_id)
    session.update_patient(dataclasses.replace(patient, weight_kg=None))  # followed at once
    assert "no weight recorded, so only the absolute cap of 300 mg applies" in tab.dose.text()


def test_an_injection_of_zero_ml_is_refused_and_nothing_is_stored(
    qtbot: QtBot, session: Session, chart, editor: VisitEditor
) -> None:
    tab = open_tab(editor)
    editor.context.selection.set_current(chart.point_ids[0])
    choose(qtbot, tab, TreatmentKind.TRP_INJECTION)
    dialog = tab.needle_dialog
    assert dialog is not None
    fill_injection(qtbot, dialog, percent="1", ml="0")
    box = dialog.form.boxes["needle.volume_per_point_ml"]
    assert box.message.isVisible()
    assert box.message.text() == "Volume per point must be above 0 up to 5 mL, not 0"
    qtbot.keyClick(dialog.form.volume, Qt.Key.Key_Return)  # Enter does not save or close
    assert dialog.isVisible()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "Not saved" in dialog.error.text() and dialog.error.isVisible()
    assert stored(session, chart.visit_id) == []
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Cancel leaves nothing behind
    assert tab.needle_dialog is None
    assert stored(session, chart.visit_id) == []


def test_fewer_points_than_ticked_explains_itself(
    qtbot: QtBot, session: Session, chart, editor: VisitEditor
) -> None:
    tab = open_tab(editor)
    choose(qtbot, tab, TreatmentKind.DRY_NEEDLING)
    dialog = tab.needle_dialog
    assert dialog is not None
    assert not dialog.form.agent_group.isVisible()  # nothing is injected in dry needling
    tick_rows(qtbot, dialog.form.points, [0, 1])
    type_into(qtbot, dialog.form.points_count, "1")
    message = dialog.form.boxes["needle.points_count"].message
    assert message.isVisible()
    assert "at least the 2 points ticked" in message.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert stored(session, chart.visit_id) == []


def test_corticosteroid_over_30_mg_warns(
    qtbot: QtBot, session: Session, chart, editor: VisitEditor
) -> None:
    tab = open_tab(editor)
    editor.context.selection.set_current(chart.point_ids[2])
    choose(qtbot, tab, TreatmentKind.TRP_INJECTION)
    dialog = tab.needle_dialog
    assert dialog is not None
    tick(qtbot, dialog.form.sterile_prep)
    type_into(qtbot, dialog.form.gauge, "25")
    type_into(qtbot, dialog.form.length, "38")
    dialog.form.agent.setFocus()
    qtbot.keyClicks(dialog.form.agent, "Cort")
    assert not dialog.form.concentration.isVisible()  # no % for a corticosteroid
    type_into(qtbot, dialog.form.volume, "1")
    type_into(qtbot, dialog.form.corticosteroid, "40")
    assert dialog.dose.warning.isVisible()
    assert "Corticosteroid this visit: 40 mg, OUTSIDE the usual 4-30 mg" in (
        dialog.dose.warning.text()
    )
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    (saved,) = stored(session, chart.visit_id)
    assert saved.needle is not None and saved.needle.corticosteroid_mg == 40.0
    assert "OUTSIDE the usual 4-30 mg" in tab.dose.warning.text()


def test_editing_an_injection_is_one_undo_step(
    qtbot: QtBot, session: Session, chart, editor: VisitEditor
) -> None:
    session.add_treatment(lidocaine_injection(chart.visit_id, chart.point_ids, count=3, ml=1.0))
    tab = open_tab(editor)
    tab.list.setCurrentRow(0)
    qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)
    dialog = tab.needle_dialog
    assert dialog is not None
    type_into(qtbot, dialog.form.volume, "0.5")
    assert "5 mg per point × 3 points = 15 mg" in dialog.dose.figures.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    (saved,) = stored(session, chart.visit_id)
    assert saved.needle is not None and saved.needle.total_mg == 15.0
    editor.context.undo_stack.undo()
    (restored,) = stored(session, chart.visit_id)
    assert restored.needle is not None and restored.needle.volume_per_point_ml == 1.0
    assert "= 30 mg" in tab.list.item(0).text()


def test_undo_of_add_and_delete_restores_the_store(
    qtbot: QtBot, session: Session, chart, editor: VisitEditor
) -> None:
    tab = open_tab(editor)
    choose(qtbot, tab, TreatmentKind.HEAT)
    (heat,) = stored(session, chart.visit_id)
    undo = editor.context.undo_stack
    undo.undo()
    assert stored(session, chart.visit_id) == []
    assert tab.list.count() == 0
    undo.redo()
    assert [t.uid for t in stored(session, chart.visit_id)] == [heat.uid]

    tab.list.setFocus()
    tab.list.setCurrentRow(0)
    qtbot.keyClick(tab.list, Qt.Key.Key_Delete)
    assert stored(session, chart.visit_id) == []
    undo.undo()
    (back,) = stored(session, chart.visit_id)
    assert back.uid == heat.uid and back.kind is TreatmentKind.HEAT
    assert tab.list.count() == 1


def test_a_signed_visit_is_read_only(
    qtbot: QtBot, session: Session, chart, editor: VisitEditor
) -> None:
    tab = open_tab(editor)
    choose(qtbot, tab, TreatmentKind.TRP_COMPRESSION)
    assert tab.form.points.isEnabled()
    session.sign_visit(chart.visit_id, "Dr Test")  # signed while on screen
    assert tab.read_only_note.isVisible()
    assert "signed and read-only" in tab.read_only_note.text()
    for button in (tab.add_button, tab.edit_button, tab.delete_button):
        assert not button.isEnabled()
    assert not tab.actions_row.isVisible()
    assert not tab.form.points.isEnabled()
    assert tab.form.boxes["details.hold_s"].field.isReadOnly()
    tab.list.setFocus()
    qtbot.keyClick(tab.list, Qt.Key.Key_Delete)
    tab.add_kind(TreatmentKind.HEAT)
    assert len(stored(session, chart.visit_id)) == 1


def test_the_signed_first_visit_opens_read_only(qtbot: QtBot, open_visit, chart) -> None:
    panel = open_visit(chart.first_visit_id)
    tab = open_tab(panel.editor)
    assert tab.read_only_note.isVisible()
    assert not tab.add_button.isEnabled()
