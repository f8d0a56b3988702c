"""One whole visit as a clinician records it, in the main window on a new database:
a new patient, today's visit, three points charted on the map with their findings,
treatments including an injection (its dose and the warning past the weight limit),
outcome measures, signing, a refused edit, an amendment, and everything found again
after reopening the database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from bodymap.domain.anatomy import load_atlas
from bodymap.domain.muscles import Side
from bodymap.domain.template import HEIGHT_MM, WIDTH_MM
from bodymap.domain.treatment import Agent
from bodymap.domain.treatment_catalog import TreatmentKind
from bodymap.store import Mode, Store
from bodymap.store.errors import RecordLocked
from bodymap.ui.main_window import MainWindow
from bodymap.ui.user import CLINICIAN_KEY
from bodymap.ui.visit_editor import VisitEditor
from bodymap.ui.visit_editor.amend_dialog import AmendDialog
from bodymap.ui.visit_editor.signing import SignDialog

OpenWindow = Callable[[Path], MainWindow]
SITES = (
    ("trapezius_upper", Side.RIGHT),
    ("infraspinatus", Side.RIGHT),
    ("teres_major", Side.LEFT),
)


def _type(qtbot: QtBot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


def _editor(window: MainWindow) -> VisitEditor:
    editor = window.patient_view.visit_panel.editor
    assert editor is not None
    return editor


def _new_patient(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.new_patient()
    qtbot.keyClicks(dialog.chart_no, "FLOW-1")
    qtbot.keyClicks(dialog.family_name, "Brightwater")
    qtbot.keyClicks(dialog.given_names, "Ines")
    qtbot.keyClicks(dialog.weight, "60")  # 4.5 mg/kg: a 270 mg lidocaine maximum
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert window.patient_view.patient is not None


def _chart_points(qtbot: QtBot, window: MainWindow) -> list[int]:
    panel = window.patient_view.visit_panel.map_panel
    assert panel is not None
    panel.view.fit_to_window()
    atlas = load_atlas()
    ids = []
    for muscle, side in SITES:
        site = atlas.muscle(muscle).sites_on(side)[0]
        pos = panel.view.mapFromScene(QPointF(site.x * WIDTH_MM, site.y * HEIGHT_MM))
        qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        newest = max(panel.editor.points(), key=lambda p: p.label)
        assert (newest.point.muscle_id, newest.point.side) == (muscle, side)
        ids.append(newest.id)
    return ids


def _inject(qtbot: QtBot, editor: VisitEditor, percent: str, ml: str, count: str) -> str:
    tab = editor.treatments_tab
    editor.tabs.setCurrentWidget(tab)
    tab.add_kind(TreatmentKind.TRP_INJECTION)
    dialog = tab.needle_dialog
    assert dialog is not None
    form = dialog.form
    form.points.setFocus()
    for row in range(3):  # tick every charted point with the keyboard
        form.points.setCurrentRow(row)
        if form.points.item(row).checkState() != Qt.CheckState.Checked:
            qtbot.keyClick(form.points, Qt.Key.Key_Space)
    box = form.sterile_prep  # click where the box is drawn, at its left edge
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    _type(qtbot, form.gauge, "27")
    _type(qtbot, form.length, "30")
    form.agent.setFocus()
    qtbot.keyClicks(form.agent, "Lido")
    _type(qtbot, form.concentration, percent)
    _type(qtbot, form.volume, ml)
    _type(qtbot, form.points_count, count)
    shown = dialog.dose.figures.text() + "\n" + dialog.dose.totals.text() + "\n"
    shown += dialog.dose.warning.text() if dialog.dose.warning.isVisible() else ""
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert tab.needle_dialog is None
    return shown


def test_a_whole_visit_from_new_patient_to_amendment(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path
) -> None:
    db = tmp_path / "flow.db"
    Store.open(db, Mode.CREATE).close()
    QSettings().setValue(CLINICIAN_KEY, "Dr Ana Flow, PT")
    window = open_window(db)
    window.resize(1500, 1000)  # room for the map beside the visit editor
    session = window.session

    # A new patient, then today's visit with Ctrl+N.
    _new_patient(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.patients.view.setFocus()
    qtbot.keyClick(window.patients.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    visit_id = window.patient_view.selected_visit_id()
    assert visit_id is not None
    assert session.visit(visit_id).clinician == "Dr Ana Flow, PT"
    editor = _editor(window)

    # Three points on the map, with findings.
    point_ids = _chart_points(qtbot, window)
    assert len(session.store.findings.for_visit(visit_id)) == 3
    _record_findings(qtbot, window, point_ids)

    # Treatments: compression, then two lidocaine injections past the 270 mg maximum.
    editor.treatments_tab.add_kind(TreatmentKind.TRP_COMPRESSION)
    first = _inject(qtbot, editor, percent="1", ml="1", count="3")
    assert "10 mg per point × 3 points = 30 mg" in first
    assert "30 mg of a 270 mg maximum" in first
    second = _inject(qtbot, editor, percent="2", ml="2", count="7")
    assert "40 mg per point × 7 points = 280 mg" in second
    assert "310 mg EXCEEDS the 270 mg maximum" in second
    treatments = session.store.treatments.for_visit(visit_id)
    assert [t.kind for t in treatments] == [
        TreatmentKind.TRP_COMPRESSION,
        TreatmentKind.TRP_INJECTION,
        TreatmentKind.TRP_INJECTION,
    ]
    assert sum(t.needle.total_mg for t in treatments if t.needle is not None) == 310
    assert editor.treatments_tab.dose.warning.isVisible()

    # Outcome measures from the keyboard.
    editor.tabs.setCurrentWidget(editor.measures_tab)
    fields = editor.measures_tab.fields
    _type(qtbot, fields["nrs_now"], "6")
    _type(qtbot, fields["nrs_worst"], "8")
    _type(qtbot, fields["cervical_rotation_l"], "52")
    measures = {m.kind: m.value for m in session.measurements_for(visit_id)}
    assert measures == {"nrs_now": 6, "nrs_worst": 8, "cervical_rotation_l": 52}

    # Sign.
    qtbot.mouseClick(editor.header.sign_button, Qt.MouseButton.LeftButton)
    sign = editor.findChild(SignDialog)
    assert sign is not None
    assert sign.signer.text() == "Dr Ana Flow, PT"
    sign.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert session.visit(visit_id).is_signed

    # Editing is refused: by the screen and by the database.
    assert editor.context.read_only
    try:
        editor.context.model.update_visit(plan="changed after signing")
    except RecordLocked:
        pass
    else:
        raise AssertionError("a signed visit took an edit")
    panel = window.patient_view.visit_panel.map_panel
    assert panel is not None
    before = len(session.store.trigger_points.for_visit(visit_id))
    site = load_atlas().muscle("deltoid_posterior").sites_on(Side.RIGHT)[0]
    pos = panel.view.mapFromScene(QPointF(site.x * WIDTH_MM, site.y * HEIGHT_MM))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert len(session.store.trigger_points.for_visit(visit_id)) == before

    # Amend with a reason.
    qtbot.mouseClick(editor.header.amend_button, Qt.MouseButton.LeftButton)
    amend = editor.findChild(AmendDialog)
    assert amend is not None
    amend.select("Outcome measures", "nrs_worst")
    amend.number_value.setText("9")
    qtbot.keyClicks(amend.reason, "Patient corrected her worst score")
    amend.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert not amend.isVisible()
    assert editor.amendments_tab.table.rowCount() == 1

    # Reopen the database in a new window: everything is there.
    window.close()
    session.close()
    QApplication.processEvents()
    again = open_window(db)
    patient = again.session.search_patients("brightwater")[0]
    assert again.patients.select_patient(patient.id)
    assert again.patient_view.select_visit(visit_id)
    editor = _editor(again)
    assert editor.context.read_only
    assert "Dr Ana Flow, PT" in editor.header.state.text()
    assert "amended" in editor.header.state.text()
    store = again.session.store
    assert len(store.trigger_points.for_visit(visit_id)) == 3
    findings = {f.trigger_point_id: f for f in store.findings.for_visit(visit_id)}
    assert all(findings[pid].taut_band for pid in point_ids)
    assert [t.kind for t in store.treatments.for_visit(visit_id)] == [t.kind for t in treatments]
    assert {m.kind: m.value for m in store.measurements.for_visit(visit_id)} == measures
    (amendment,) = store.amendments.for_visit(visit_id)
    assert (amendment.field, amendment.old_value, amendment.new_value) == ("nrs_worst", 8, 9)
    assert editor.amendments_tab.table.item(0, 3).text() == "Patient corrected her worst score"
    assert Agent.LIDOCAINE in {
        t.needle.agent for t in store.treatments.for_visit(visit_id) if t.needle
    }


def _record_findings(qtbot: QtBot, window: MainWindow, point_ids: list[int]) -> None:
    """Double-click each point on the map and enter its findings from the keyboard."""
    panel = window.patient_view.visit_panel.map_panel
    assert panel is not None
    editor = _editor(window)
    # A combo's type-ahead joins keys typed within the input interval into one search
    # ("y" then "y" reads "yy"); a person pauses longer between points than a test does.
    interval = QApplication.keyboardInputInterval()
    QApplication.setKeyboardInputInterval(0)
    try:
        for point_id in point_ids:
            marker = panel.view.mapFromScene(panel.view.marker_item(point_id).pos())
            qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=marker)
            assert editor.tabs.currentWidget() is editor.finding_tab
            shown = editor.finding_tab.shown_point
            assert shown is not None and shown.id == point_id
            form = editor.finding_tab.form
            form.taut_band_combo.setFocus()
            qtbot.keyClicks(form.taut_band_combo, "y")
            qtbot.keyClicks(form.tenderness_combo, "2")
            qtbot.keyClicks(form.pain_recognition_combo, "y")
            form.nrs_spin.setFocus()
            form.nrs_spin.selectAll()
            qtbot.keyClicks(form.nrs_spin, "7")
            qtbot.keyClick(form.nrs_spin, Qt.Key.Key_Return)
    finally:
        QApplication.setKeyboardInputInterval(interval)
    findings = window.session.store.findings.for_visit(editor.context.model.visit_id)
    entered = {
        (f.taut_band, f.tenderness, f.pain_recognition, f.nrs_on_compression) for f in findings
    }
    assert entered == {(True, 2, True, 7)}
