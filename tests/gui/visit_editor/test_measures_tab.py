"""The Measures tab: typing outcome measures from the keyboard, refusals that name the
range, the previous visit's values, undo, and a signed visit that cannot change."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from bodymap.domain.measures import MEASURE_KINDS_BY_ID
from bodymap.ui.session import Session
from bodymap.ui.visit_editor import VisitEditor
from bodymap.ui.visit_editor.measure_text import compare, normal_text
from bodymap.ui.visit_editor.measures_tab import MeasuresTab

# Pain block first, then each movement left then right, then the NDI.
EXPECTED_ORDER = [
    "nrs_now",
    "nrs_best",
    "nrs_worst",
    "vas",
    "cervical_flexion",
    "cervical_extension",
    "cervical_lateral_flexion_l",
    "cervical_lateral_flexion_r",
    "cervical_rotation_l",
    "cervical_rotation_r",
    "thoracic_rotation_l",
    "thoracic_rotation_r",
    "shoulder_flexion_l",
    "shoulder_flexion_r",
    "shoulder_abduction_l",
    "shoulder_abduction_r",
    "shoulder_external_rotation_l",
    "shoulder_external_rotation_r",
    "shoulder_internal_rotation_l",
    "shoulder_internal_rotation_r",
    "ndi",
]


def stored(session: Session, visit_id: int) -> dict[str, float]:
    return {m.kind: m.value for m in session.store.measurements.for_visit(visit_id)}


@pytest.fixture
def tab(qtbot: QtBot, editor: VisitEditor) -> MeasuresTab:
    editor.tabs.setCurrentWidget(editor.measures_tab)
    editor.window().activateWindow()
    qtbot.waitUntil(editor.window().isActiveWindow)
    return editor.measures_tab


def focus(qtbot: QtBot, field: QLineEdit) -> None:
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)


def type_into(qtbot: QtBot, field: QLineEdit, text: str, key: Qt.Key = Qt.Key.Key_Tab) -> None:
    """Replace the field's text as a user would (select all, type) and leave with ``key``."""
    focus(qtbot, field)
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        qtbot.keyClicks(field, text)
    else:
        qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClick(field, key)


def test_tab_walks_pain_then_each_movement_left_then_right_and_saves(
    qtbot: QtBot, session: Session, chart, tab: MeasuresTab
) -> None:
    assert [f.objectName() for f in tab.focus_order] == [f"measure_{k}" for k in EXPECTED_ORDER]
    first = tab.fields["nrs_now"]
    focus(qtbot, first)
    for kind, text in (("nrs_now", "3"), ("nrs_best", "1"), ("nrs_worst", "7")):
        assert QApplication.focusWidget() is tab.fields[kind]
        qtbot.keyClicks(tab.fields[kind], text)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    visited = []
    for _ in EXPECTED_ORDER[3:]:
        widget = QApplication.focusWidget()
        visited.append(widget.objectName())
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert visited == [f"measure_{k}" for k in EXPECTED_ORDER[3:]]
    assert stored(session, chart.visit_id) == {"nrs_now": 3, "nrs_best": 1, "nrs_worst": 7}


def test_enter_saves_and_moves_on_like_tab(
    qtbot: QtBot, session: Session, chart, tab: MeasuresTab
) -> None:
    type_into(qtbot, tab.fields["cervical_rotation_l"], "58,5", Qt.Key.Key_Return)
    assert stored(session, chart.visit_id) == {"cervical_rotation_l": 58.5}
    assert tab.fields["cervical_rotation_r"].hasFocus()
    assert tab.fields["cervical_rotation_l"].text() == "58.5"
    # Alt+letter on a block's title jumps to the block's first field.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert tab.fields["shoulder_flexion_l"].hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    assert tab.fields["nrs_now"].hasFocus()


REFUSALS = [  # kind, typed, words the message must hold
    ("nrs_now", "11", ["Pain now (NRS)", "0 to 10", "11 is out of range"]),
    ("nrs_worst", "5.5", ["Pain at worst", "whole number", "0 to 10"]),
    ("cervical_rotation_l", "300", ["Cervical rotation L", "0 to 110°", "not saved"]),
    ("shoulder_flexion_r", "-5", ["Shoulder flexion R", "0 to 200°"]),
    ("vas", ".", ["Pain (VAS)", "0 to 100 mm", "not a number"]),
]


def test_a_value_out_of_range_is_refused_with_the_range_and_nothing_stored(
    qtbot: QtBot, session: Session, chart, tab: MeasuresTab
) -> None:
    for kind, text, words in REFUSALS:
        field = tab.fields[kind]
        type_into(qtbot, field, text)
        message = tab.findChild(type(field.error_label), f"measureError_{kind}")
        assert message is field.error_label
        assert message.isVisible(), kind
        for word in words:
            assert word in message.text(), (kind, message.text())
        assert field.property("invalid") is True
        assert field.text() == text  # kept for correction
    assert stored(session, chart.visit_id) == {}
    assert tab.context.undo_stack.count() == 0


def test_letters_cannot_be_typed_and_a_corrected_value_clears_the_refusal(
    qtbot: QtBot, session: Session, chart, tab: MeasuresTab
) -> None:
    field = tab.fields["nrs_now"]
    type_into(qtbot, field, "12")
    assert field.error_label.isVisible()
    type_into(qtbot, field, "a4x")  # only the digit gets in
    assert field.text() == "4"
    assert not field.error_label.isVisible()
    assert field.property("invalid") is False
    assert stored(session, chart.visit_id) == {"nrs_now": 4}


def test_clearing_a_field_clears_the_measure_and_undo_restores_each_step(
    qtbot: QtBot, session: Session, chart, tab: MeasuresTab
) -> None:
    field = tab.fields["ndi"]
    type_into(qtbot, field, "18")
    type_into(qtbot, field, "")
    assert stored(session, chart.visit_id) == {}
    undo = tab.context.undo_stack
    undo.undo()
    assert stored(session, chart.visit_id) == {"ndi": 18}
    assert field.text() == "18"
    undo.undo()
    assert stored(session, chart.visit_id) == {}
    assert field.text() == ""
    undo.redo()
    assert field.text() == "18"


def test_previous_value_change_noise_and_important_change_shown(
    qtbot: QtBot, tab: MeasuresTab
) -> None:
    # The signed first visit recorded nrs_now 6, nrs_worst 8, cervical_rotation_l 55.
    worst = tab.cells["nrs_worst"].comparison
    assert worst.isVisible()
    assert worst.text() == "was 8"
    type_into(qtbot, tab.fields["nrs_now"], "3")
    now = tab.cells["nrs_now"].comparison.text()
    assert "was 6" in now
    assert "−3" in now
    assert "important improvement" in now
    type_into(qtbot, tab.fields["cervical_rotation_l"], "58")
    rotation = tab.cells["cervical_rotation_l"].comparison.text()
    assert rotation.startswith("L: was 55°")
    assert "+3°" in rotation
    assert "within measurement noise" in rotation
    assert not tab.cells["cervical_rotation_r"].comparison.isVisible()
    assert "21 days" in tab.compared_label.text()
    texts = {label.text() for label in tab.findChildren(type(tab.compared_label))}
    assert {"normal", "60-80°", "40-45°", "90°"} <= texts  # DOMAIN.md section 5


def test_a_refused_entry_stays_while_other_measures_change(
    qtbot: QtBot, session: Session, chart, tab: MeasuresTab
) -> None:
    type_into(qtbot, tab.fields["cervical_rotation_l"], "300")
    type_into(qtbot, tab.fields["cervical_rotation_r"], "64")
    session.record_measure(chart.visit_id, "nrs_now", 2)  # e.g. from another window
    assert tab.fields["nrs_now"].text() == "2"
    assert tab.fields["cervical_rotation_l"].text() == "300"
    assert tab.fields["cervical_rotation_l"].error_label.isVisible()
    assert stored(session, chart.visit_id) == {"nrs_now": 2, "cervical_rotation_r": 64}


def test_a_signed_visit_is_read_only(qtbot: QtBot, session: Session, chart, open_visit) -> None:
    panel = open_visit(chart.first_visit_id)
    tab = panel.editor.measures_tab
    panel.editor.tabs.setCurrentWidget(tab)
    assert tab.read_only_label.isVisible()
    assert "signed" in tab.read_only_label.text()
    assert all(f.isReadOnly() for f in tab.fields.values())
    field = tab.fields["nrs_now"]
    assert field.text() == "6"
    before = stored(session, chart.first_visit_id)
    field.setFocus()
    qtbot.keyClicks(field, "9")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.text() == "6"
    assert stored(session, chart.first_visit_id) == before


def test_signing_makes_the_fields_read_only(
    qtbot: QtBot, session: Session, chart, tab: MeasuresTab
) -> None:
    type_into(qtbot, tab.fields["nrs_now"], "4")
    session.sign_visit(chart.visit_id, "Dr Test")
    assert tab.fields["nrs_now"].isReadOnly()
    assert tab.read_only_label.isVisible()


def test_comparison_words() -> None:
    nrs, rotation = MEASURE_KINDS_BY_ID["nrs_now"], MEASURE_KINDS_BY_ID["cervical_rotation_l"]
    assert compare(nrs, None, 4).text == ""
    assert "important worsening" in compare(nrs, 4, 7).text
    assert "within measurement noise" in compare(nrs, 4, 5).text
    # Below the MDC but 33 % of the baseline: noise wins, nothing is claimed.
    assert "important" not in compare(nrs, 3, 2).text
    assert compare(rotation, 55, 70).text == "was 55° · +15°"
    assert normal_text(MEASURE_KINDS_BY_ID["cervical_rotation_r"]) == "60-80°"
    assert normal_text(MEASURE_KINDS_BY_ID["shoulder_flexion_r"]) == "180°"
    assert compare(nrs, 5, 5).text == "was 5 · no change"
    assert normal_text(nrs) == ""


def test_a_value_typed_just_before_the_visit_closes_is_kept(
    qtbot: QtBot, session: Session, chart, tab: MeasuresTab
) -> None:
    focus(qtbot, tab.fields["ndi"])
    qtbot.keyClicks(tab.fields["ndi"], "14")
    focus(qtbot, tab.fields["vas"])
    qtbot.keyClicks(tab.fields["vas"], "300")  # refused: stays unsaved
    tab.cleanup()  # as when another visit is opened
    assert stored(session, chart.visit_id) == {"ndi": 14}
