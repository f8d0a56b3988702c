"""The guidance prompts above the visit's tabs: they appear with their reason, follow the
record as it changes, and stay away from signed visits."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from bodymap.domain.guidance import PromptCode
from bodymap.domain.treatment import Agent, NeedleRecord, Treatment
from bodymap.domain.treatment_catalog import TreatmentKind
from bodymap.domain.visit import EscalationStep
from bodymap.ui.session import Session
from bodymap.ui.visit_editor import VisitEditor


def codes(editor: VisitEditor) -> list[PromptCode]:
    return [p.code for p in editor.guidance.prompts()]


def injection(visit_id: int, point_id: int) -> Treatment:
    needle = NeedleRecord(
        sterile_prep=True, needle_gauge=27, needle_length_mm=25, points_count=1,
        agent=Agent.LIDOCAINE, concentration_percent=1.0, volume_per_point_ml=0.5,
    )  # fmt: skip
    return Treatment(
        visit_id=visit_id,
        kind=TreatmentKind.TRP_INJECTION,
        trigger_point_ids=(point_id,),
        needle=needle,
    )


def test_continuous_traction_prompts_with_its_reason_until_removed(
    qtbot: QtBot, chart, editor: VisitEditor
) -> None:
    box = editor.guidance
    assert not box.isVisible()  # nothing to say yet
    tab = editor.treatments_tab
    editor.tabs.setCurrentWidget(tab)
    tab.add_kind(TreatmentKind.CONTINUOUS_TRACTION)
    assert box.isVisible()
    assert codes(editor) == [PromptCode.CONTINUOUS_TRACTION]
    (row,) = box.rows
    assert "Continuous traction recorded" in row.title.text()
    assert "not been shown to be effective" in row.title.toolTip()
    assert not row.reason.isVisible()
    qtbot.mouseClick(row.why, Qt.MouseButton.LeftButton)  # unfolds the reason
    assert row.reason.isVisible() and "not been shown" in row.reason.text()

    tab.list.setFocus()
    qtbot.keyClick(tab.list, Qt.Key.Key_Delete)
    assert codes(editor) == []
    assert not box.isVisible()
    editor.context.undo_stack.undo()  # back again with the treatment
    assert codes(editor) == [PromptCode.CONTINUOUS_TRACTION]


def test_injection_without_a_taut_band_prompts_until_the_band_is_recorded(
    session: Session, chart, editor: VisitEditor
) -> None:
    point_id = chart.point_ids[0]
    session.add_treatment(injection(chart.visit_id, point_id))
    assert codes(editor) == [PromptCode.NEEDLING_WITHOUT_TAUT_BAND]
    (row,) = editor.guidance.rows
    assert "#1 R upper trapezius" in row.title.text()
    assert "properly identified trigger point" in row.reason.text()

    map_editor = editor.context.map_editor
    mp = map_editor.point(point_id)
    assert mp is not None
    map_editor.update_finding(dataclasses.replace(mp.finding, taut_band=True))
    assert codes(editor) == []
    assert not editor.guidance.isVisible()


def test_pain_not_improved_after_step_3_points_to_other_causes(
    session: Session, chart, open_visit
) -> None:
    # The follow-up gave step-3 care; the visit after it records pain against the
    # first visit's baseline of 6 (nrs_now).
    session.update_visit(
        dataclasses.replace(
            session.visit(chart.visit_id), escalation_step=EscalationStep.NEEDLING_AND_INJECTION
        )
    )
    later = session.new_visit(chart.patient_id, visit_date=dt.date(2026, 11, 16))
    assert later.id is not None
    panel = open_visit(later.id)
    editor = panel.editor
    assert codes(editor) == []  # no pain recorded today: nothing to compare
    editor.context.model.record_measure("nrs_now", 5)
    assert codes(editor) == [PromptCode.NOT_IMPROVED_AFTER_STEP_3]
    assert "6 on 2026-10-05, 5 now" in editor.guidance.rows[0].title.text()
    editor.context.model.record_measure("nrs_now", 4)  # 2 points: the MCID
    assert codes(editor) == []


def test_another_visit_changing_updates_the_prompts(
    session: Session, chart, editor: VisitEditor
) -> None:
    # Passive care at three visits in a row: two earlier drafts and the one on screen.
    session.add_treatment(Treatment(visit_id=chart.visit_id, kind=TreatmentKind.HEAT))
    assert codes(editor) == []
    for day in (dt.date(2026, 10, 12), dt.date(2026, 10, 19)):
        visit = session.new_visit(chart.patient_id, visit_date=day)
        assert visit.id is not None
        session.add_treatment(Treatment(visit_id=visit.id, kind=TreatmentKind.TRP_COMPRESSION))
    assert codes(editor) == [PromptCode.PASSIVE_ONLY]


def test_signed_visits_show_no_prompts(session: Session, chart, editor: VisitEditor) -> None:
    editor.treatments_tab.add_kind(TreatmentKind.CONTINUOUS_TRACTION)
    assert editor.guidance.isVisible()
    session.sign_visit(chart.visit_id, "Dr Test")
    assert codes(editor) == []
    assert not editor.guidance.isVisible()
