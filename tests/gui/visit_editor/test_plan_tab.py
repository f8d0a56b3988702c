"""The Visit tab: autosaved text, the escalation step by keyboard, the reassessment date
and its 2-4 week window, undo, and a signed visit that cannot change."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDateTimeEdit, QWidget
from pytestqt.qtbot import QtBot

from bodymap.domain.visit import EscalationStep
from bodymap.ui.session import Session
from bodymap.ui.visit_editor import VisitEditor
from bodymap.ui.visit_editor.plan_tab import PlanTab

FOLLOW_UP_DAY = dt.date(2026, 10, 26)  # the draft visit of the fixture


@pytest.fixture
def tab(qtbot: QtBot, editor: VisitEditor) -> PlanTab:
    editor.tabs.setCurrentWidget(editor.plan_tab)
    editor.window().activateWindow()
    qtbot.waitUntil(editor.window().isActiveWindow)
    return editor.plan_tab


def focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def test_text_autosaves_after_a_pause_and_at_once_on_leaving(
    qtbot: QtBot, session: Session, chart, tab: PlanTab
) -> None:
    focus(qtbot, tab.plan_edit)
    qtbot.keyClicks(tab.plan_edit, "Heat and self-massage daily")
    qtbot.waitUntil(
        lambda: session.visit(chart.visit_id).plan == "Heat and self-massage daily", timeout=3000
    )
    focus(qtbot, tab.history_edit)
    qtbot.keyClicks(tab.history_edit, "Neck pain for 3 months")
    qtbot.keyClick(tab.history_edit, Qt.Key.Key_Tab)  # leaving saves without the pause
    assert session.visit(chart.visit_id).subjective == "Neck pain for 3 months"
    # Typing went on while the save came back: the cursor stays at the end.
    assert tab.plan_edit.textCursor().position() == len("Heat and self-massage daily")
    tab.context.undo_stack.undo()
    assert session.visit(chart.visit_id).subjective == ""
    assert tab.history_edit.toPlainText() == ""


def test_tab_order_follows_the_form_and_enters_the_steps_once(qtbot: QtBot, tab: PlanTab) -> None:
    focus(qtbot, tab.clinician_edit)
    seen = []
    for _ in range(10):
        widget = QApplication.focusWidget()
        seen.append(widget.objectName())
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert seen == [
        "plan_clinician",
        "plan_chief_complaint",
        "plan_subjective",
        "planStep_0",  # the checked choice: "not set"
        "plan_plan",
        "plan_reassess_on",  # one stop, not one per year/month/day
        "planReassess_2",
        "planReassess_3",
        "planReassess_4",
        "planReassess_none",
    ]


def test_escalation_step_chosen_with_the_arrow_keys(
    qtbot: QtBot, session: Session, chart, tab: PlanTab
) -> None:
    assert "Least invasive" in tab.step_buttons[1].text()
    assert "heat, self-massage" in tab.step_buttons[1].toolTip()
    focus(qtbot, tab.step_buttons[0])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert session.visit(chart.visit_id).escalation_step is EscalationStep.SELF_CARE
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert session.visit(chart.visit_id).escalation_step is EscalationStep.HANDS_ON_AND_EXERCISE
    assert tab.step_buttons[2].isChecked()
    tab.context.undo_stack.undo()
    assert session.visit(chart.visit_id).escalation_step is EscalationStep.SELF_CARE
    assert tab.step_buttons[1].isChecked()
    # Alt+3 picks step 3 from anywhere in the tab; Alt+S goes to the history.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(  # a button's mnemonic presses it visibly: the click comes a moment later
        lambda: session.visit(chart.visit_id).escalation_step is EscalationStep(3)
    )
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert tab.history_edit.hasFocus()


def type_month(qtbot: QtBot, tab: PlanTab, month: str) -> None:
    """Type over the month of the reassessment date and press Enter."""
    edit = tab.reassess_edit
    focus(qtbot, edit)
    edit.setSelectedSection(QDateTimeEdit.Section.MonthSection)
    qtbot.keyClicks(edit, month)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_reassessment_outside_two_to_four_weeks_is_refused_with_the_allowed_dates(
    qtbot: QtBot, session: Session, chart, tab: PlanTab
) -> None:
    default = FOLLOW_UP_DAY + dt.timedelta(days=21)
    assert session.visit(chart.visit_id).reassess_on == default
    assert "3 weeks after the visit" in tab.reassess_hint.text()
    type_month(qtbot, tab, "12")  # 2026-12-16: seven weeks
    assert tab.reassess_error.isVisible()
    assert "2026-11-09 to 2026-11-23" in tab.reassess_error.text()
    assert tab.reassess_edit.property("invalid") is True
    assert session.visit(chart.visit_id).reassess_on == default
    # Saving other fields meanwhile leaves the refused date and its message in place.
    focus(qtbot, tab.plan_edit)
    qtbot.keyClicks(tab.plan_edit, "Review in 3 weeks")
    qtbot.keyClick(tab.plan_edit, Qt.Key.Key_Tab)
    assert session.visit(chart.visit_id).plan == "Review in 3 weeks"
    assert tab.reassess_error.isVisible()
    assert tab.reassess_edit.date().toPython() == dt.date(2026, 12, 16)
    type_month(qtbot, tab, "10")  # 2026-10-16: before the visit
    assert "before the visit" in tab.reassess_error.text()
    assert "2026-11-09 to 2026-11-23" in tab.reassess_error.text()
    assert session.visit(chart.visit_id).reassess_on == default
    assert tab.context.undo_stack.count() == 1  # only the plan text
    type_month(qtbot, tab, "11")  # back in the window: saved, the message goes
    assert session.visit(chart.visit_id).reassess_on == default
    assert not tab.reassess_error.isVisible()


def test_quick_four_week_button_and_undo(
    qtbot: QtBot, session: Session, chart, tab: PlanTab
) -> None:
    qtbot.mouseClick(tab.quick_buttons[4], Qt.MouseButton.LeftButton)
    four_weeks = FOLLOW_UP_DAY + dt.timedelta(weeks=4)
    assert session.visit(chart.visit_id).reassess_on == four_weeks
    assert tab.reassess_edit.date().toPython() == four_weeks
    assert "4 weeks after the visit" in tab.reassess_hint.text()
    qtbot.mouseClick(tab.quick_buttons[None], Qt.MouseButton.LeftButton)
    assert session.visit(chart.visit_id).reassess_on is None
    assert tab.reassess_edit.text() == "not set"
    tab.context.undo_stack.undo()
    tab.context.undo_stack.undo()
    assert session.visit(chart.visit_id).reassess_on == FOLLOW_UP_DAY + dt.timedelta(weeks=3)
    assert tab.reassess_edit.date().toPython() == FOLLOW_UP_DAY + dt.timedelta(weeks=3)


def test_an_empty_clinician_is_refused_and_the_days_since_the_previous_visit_shown(
    qtbot: QtBot, session: Session, chart, tab: PlanTab
) -> None:
    assert "2026-10-05, 21 days before this one" in tab.interval_label.text()
    focus(qtbot, tab.clinician_edit)
    qtbot.keyClick(tab.clinician_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(tab.clinician_edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(tab.clinician_edit, Qt.Key.Key_Tab)
    error = tab.text_errors["clinician"]
    assert error.isVisible()
    assert "Clinician is required" in error.text()
    assert session.visit(chart.visit_id).clinician == "Dr Test"
    focus(qtbot, tab.clinician_edit)
    qtbot.keyClicks(tab.clinician_edit, "Dr Jane Test")
    qtbot.keyClick(tab.clinician_edit, Qt.Key.Key_Return)  # Enter moves on, and saves
    assert session.visit(chart.visit_id).clinician == "Dr Jane Test"
    assert not error.isVisible()
    assert tab.complaint_edit.hasFocus()


def test_text_typed_just_before_the_visit_closes_is_kept(
    qtbot: QtBot, session: Session, chart, tab: PlanTab
) -> None:
    focus(qtbot, tab.complaint_edit)
    qtbot.keyClicks(tab.complaint_edit, "Pain between the shoulder blades")
    tab.cleanup()  # as when another visit is opened, before the pause has passed
    assert session.visit(chart.visit_id).chief_complaint == "Pain between the shoulder blades"


def test_a_signed_visit_is_read_only(qtbot: QtBot, session: Session, chart, open_visit) -> None:
    panel = open_visit(chart.first_visit_id)
    tab = panel.editor.plan_tab
    assert tab.read_only_label.isVisible()
    assert "signed" in tab.read_only_label.text()
    assert tab.plan_edit.toPlainText() == "Heat and stretching at home"
    assert all(edit.isReadOnly() for edit in tab.text_edits.values())
    assert not any(button.isEnabled() for button in tab.step_buttons.values())
    assert not any(button.isVisible() for button in tab.quick_buttons.values())
    assert tab.reassess_edit.isReadOnly()
    assert tab.reassess_edit.text() == "not set"
    before = session.visit(chart.first_visit_id)
    tab.plan_edit.setFocus()
    qtbot.keyClicks(tab.plan_edit, "more")
    qtbot.keyClick(tab.plan_edit, Qt.Key.Key_Tab)
    tab.step_buttons[3].click()  # disabled: ignored
    assert session.visit(chart.first_visit_id) == before
