"""The findings dialog: edits one point's finding at one visit through the map editor."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from bodymap.domain.finding import Finding
from bodymap.domain.muscles import Side
from bodymap.domain.units import PressureUnit
from bodymap.ui.body_map.map_editor import MapEditor
from bodymap.ui.findings_dialog import FindingsDialog
from bodymap.ui.session import Session


@pytest.fixture
def editor(session: Session, visit_id: int) -> Iterator[MapEditor]:
    """The map of the conftest's draft visit, the object the dialog saves through."""
    ed = MapEditor(session, visit_id)
    yield ed
    ed.cleanup()


@pytest.fixture
def point_id(editor: MapEditor) -> int:
    return editor.add_point(0.3, 0.2, "trapezius_upper", Side.RIGHT).id


def open_dialog(qtbot: QtBot, editor: MapEditor, point_id: int) -> FindingsDialog:
    dialog = FindingsDialog(editor, point_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def stored_finding(editor: MapEditor, point_id: int) -> Finding:
    (finding,) = [
        f
        for f in editor.session.store.findings.for_visit(editor.visit_id)
        if f.trigger_point_id == point_id
    ]
    return finding


def click_ok(qtbot: QtBot, dialog: FindingsDialog) -> None:
    ok = dialog.button_box.button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_ok_stores_the_entered_finding(qtbot: QtBot, editor: MapEditor, point_id: int) -> None:
    dialog = open_dialog(qtbot, editor, point_id)
    assert dialog.title_label.text() == "1 - R upper trapezius"
    assert dialog.criteria_label.text().startswith("0 of 3")

    dialog.taut_band_combo.setCurrentText("Yes")
    dialog.tenderness_combo.setCurrentText("2 moderate")
    assert dialog.criteria_label.text() == (
        "2 of 3 consensus criteria: meets the diagnostic consensus"
    )
    dialog.ppt_spins[0].setValue(2.0)
    dialog.ppt_spins[1].setValue(3.0)
    assert dialog.ppt_mean_label.text() == "Mean 2.50 kgf/cm²"
    dialog.pain_recognition_combo.setCurrentText("Yes")
    assert dialog.suggested_label.text() == "Active (familiar pain reproduced)"

    click_ok(qtbot, dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = stored_finding(editor, point_id)
    assert stored.taut_band is True
    assert stored.tenderness == 2
    assert stored.referred_pain is None
    assert stored.pain_recognition is True
    assert stored.activity is None  # left on "Suggested"
    assert stored.ppt is not None
    assert stored.ppt.trials == (2.0, 3.0)
    assert stored.ppt.unit is PressureUnit.KGF_CM2
    assert stored.ppt.mean == pytest.approx(2.5)
    # The editor's in-memory map follows the store.
    mp = editor.point(point_id)
    assert mp is not None
    assert mp.finding == stored


def test_switching_unit_converts_the_trials(qtbot: QtBot, editor: MapEditor, point_id: int) -> None:
    dialog = open_dialog(qtbot, editor, point_id)
    dialog.ppt_spins[0].setValue(2.0)

    dialog.unit_combo.setCurrentText(PressureUnit.KPA.symbol)

    assert dialog.ppt_spins[0].value() == pytest.approx(196.13, abs=0.005)
    assert dialog.ppt_spins[1].value() == 0.0  # an empty trial stays empty
    assert dialog.rate_spin.value() == pytest.approx(98.07, abs=0.005)  # 1 kgf/cm2/s
    assert dialog.ppt_mean_label.text() == "Mean 196.13 kPa"
    click_ok(qtbot, dialog)
    ppt = stored_finding(editor, point_id).ppt
    assert ppt is not None
    assert ppt.unit is PressureUnit.KPA
    assert ppt.trials[0] == pytest.approx(196.13, abs=0.005)


def test_domain_error_keeps_the_dialog_open_and_saves_nothing(
    qtbot: QtBot, editor: MapEditor, point_id: int
) -> None:
    before = stored_finding(editor, point_id)
    dialog = open_dialog(qtbot, editor, point_id)
    dialog.taut_band_combo.setCurrentText("Yes")
    dialog.ppt_spins[0].setValue(50.0)  # kgf/cm2: beyond any hand-held algometer

    click_ok(qtbot, dialog)

    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error_label.isVisible()
    assert "PPT trial 1" in dialog.error_label.text()
    assert stored_finding(editor, point_id) == before


def test_signed_visit_opens_read_only(
    qtbot: QtBot, session: Session, editor: MapEditor, point_id: int
) -> None:
    session.sign_visit(editor.visit_id, "Dr Test")
    assert editor.read_only

    dialog = open_dialog(qtbot, editor, point_id)

    assert dialog.read_only
    assert dialog.read_only_label.isVisible()
    assert dialog.read_only_label.text() == "Signed visit: read-only"
    assert not dialog.taut_band_combo.isEnabled()
    assert not dialog.ppt_spins[0].isEnabled()
    assert not dialog.notes_edit.isEnabled()
    assert dialog.button_box.button(QDialogButtonBox.StandardButton.Ok) is None
    close = dialog.button_box.button(QDialogButtonBox.StandardButton.Close)
    assert close is not None
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not dialog.isVisible()
