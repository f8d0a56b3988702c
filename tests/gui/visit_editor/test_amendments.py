"""Correcting a signed visit: amendments with a reason, the original kept, the history."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from bodymap.domain.amendment import AmendmentTarget, amended_visit
from bodymap.ui.session import Session
from bodymap.ui.visit_editor.amend_dialog import AmendDialog


def _open_amend(qtbot: QtBot, panel) -> AmendDialog:
    editor = panel.editor
    assert editor.header.amend_button.isVisible()
    assert not editor.header.sign_button.isVisible()
    qtbot.mouseClick(editor.header.amend_button, Qt.MouseButton.LeftButton)
    dialog = editor.findChild(AmendDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def _save(dialog: AmendDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_a_correction_needs_a_reason_and_keeps_the_signed_value(
    qtbot: QtBot, session: Session, chart, open_visit
) -> None:
    signed = session.visit(chart.first_visit_id)
    panel = open_visit(chart.first_visit_id)  # held here: it owns the editor and dialog
    editor = panel.editor
    editor.show_history()
    assert editor.amendments_tab.isVisible()  # above the trail, on a signed visit
    dialog = _open_amend(qtbot, panel)
    dialog.select("Visit", "plan")
    assert "Heat and stretching" in dialog.signed_value.text()
    dialog.text_value.clear()
    qtbot.keyClicks(dialog.text_value, "Heat, stretching and a pillow change")
    dialog.author.setText("Dr Test")
    _save(dialog)
    assert dialog.isVisible()
    assert "Reason" in dialog.error.text()
    assert session.amendments_for(chart.first_visit_id) == []

    qtbot.keyClicks(dialog.reason, "Pillow advice given but not written down")
    _save(dialog)
    assert not dialog.isVisible()

    (stored,) = session.amendments_for(chart.first_visit_id)
    assert (stored.target, stored.field, stored.author) == (
        AmendmentTarget.VISIT,
        "plan",
        "Dr Test",
    )
    assert stored.old_value == "Heat and stretching at home"
    # The signed record itself is untouched; the amended reading applies the correction.
    assert session.visit(chart.first_visit_id) == signed
    assert amended_visit(signed, [stored]).plan == "Heat, stretching and a pillow change"
    # The header says it was amended; the history lists who, what and why.
    assert "amended" in editor.header.state.text()
    table = editor.amendments_tab.table
    assert table.rowCount() == 1
    assert table.item(0, 1).text() == "Dr Test"
    assert "Plan changed from 'Heat and stretching at home'" in table.item(0, 2).text()
    assert table.item(0, 3).text() == "Pillow advice given but not written down"


def test_measure_and_finding_corrections_and_an_addendum(
    qtbot: QtBot, session: Session, chart, open_visit
) -> None:
    panel = open_visit(chart.first_visit_id)  # held here: it owns the editor and dialog
    editor = panel.editor
    editor.show_history()
    assert editor.amendments_tab.isVisible()  # above the trail, on a signed visit
    dialog = _open_amend(qtbot, panel)
    dialog.select("Outcome measures", "nrs_now")
    assert dialog.signed_value.text() == "6/10"
    dialog.number_value.setText("11")
    dialog.reason.setText("Transcription error")
    _save(dialog)
    assert dialog.isVisible()
    assert "Pain now" in dialog.error.text() and "10" in dialog.error.text()
    assert session.amendments_for(chart.first_visit_id) == []
    dialog.number_value.setText("5")
    _save(dialog)
    assert not dialog.isVisible()

    editor.amend()
    dialog = next(d for d in editor.findChildren(AmendDialog) if d.isVisible())
    point_label = next(r.label for r in dialog.records if r.label.startswith("Point 1:"))
    dialog.select(point_label, "tenderness")
    assert dialog.signed_value.text().startswith("2")
    dialog.choice_value.setCurrentIndex(4)  # grade 3
    dialog.reason.setText("Withdrawal noted in the margin")
    _save(dialog)

    editor.amend()
    dialog = next(d for d in editor.findChildren(AmendDialog) if d.isVisible())
    dialog.select("Add a note (addendum)")
    qtbot.keyClicks(dialog.text_value, "Patient phoned: headache eased the next day.")
    dialog.reason.setText("Information received after signing")
    _save(dialog)

    stored = session.amendments_for(chart.first_visit_id)
    assert [(a.target, a.field, a.new_value) for a in stored] == [
        (AmendmentTarget.MEASUREMENT, "nrs_now", 5.0),
        (AmendmentTarget.FINDING, "tenderness", 3),
        (AmendmentTarget.NOTE, "", "Patient phoned: headache eased the next day."),
    ]
    assert editor.amendments_tab.table.rowCount() == 3
    # The signed measure and finding are still as signed.
    measures = {m.kind: m.value for m in session.measurements_for(chart.first_visit_id)}
    assert measures["nrs_now"] == 6
    findings = session.store.findings.for_visit(chart.first_visit_id)
    assert {f.tenderness for f in findings} == {2}


def test_a_draft_has_no_amend_action(qtbot: QtBot, editor) -> None:
    assert not editor.header.amend_button.isVisible()
    # Nor a list of amendments: its history is the audit trail alone.
    editor.show_history()
    assert editor.audit_tab.isVisible()
    assert not editor.amendments_tab.isVisible()
    assert not editor.amendments_tab.amend_button.isVisible()
    editor.amend()
    assert editor.findChild(AmendDialog) is None
