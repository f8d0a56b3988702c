"""A visit recorded in a real window with real mouse clicks and key presses: the
clinician's name in Preferences, a new patient, today's visit, three trigger points clicked
on the map, their findings, a treatment, signing, and the visit summary exported as PDF.
A screenshot of every step is kept in test-artifacts/e2e/."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pypdf import PdfReader
from PySide6.QtCore import QPoint, QPointF, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QMenu,
    QTabWidget,
    QWidget,
)

from bodymap.domain.anatomy import load_atlas
from bodymap.domain.muscles import Side, display_name
from bodymap.domain.template import HEIGHT_MM, WIDTH_MM
from bodymap.domain.treatment_catalog import TreatmentKind
from bodymap.store import Mode, Store
from bodymap.ui import user
from bodymap.ui.body_map.panel import BodyMapPanel
from bodymap.ui.main_window import MainWindow
from bodymap.ui.patient_dialog import PatientDialog
from bodymap.ui.preferences import PreferencesDialog, open_preferences
from bodymap.ui.visit_editor import VisitEditor
from bodymap.ui.visit_editor.signing import SignDialog

if TYPE_CHECKING:
    from tests.e2e.conftest import Robot

ROOT = Path(__file__).resolve().parents[2]
OpenWindow = Callable[[Path], MainWindow]
CLINICIAN = "Dr Ana Moreau, PT"
SITES = (
    ("trapezius_upper", Side.RIGHT),
    ("infraspinatus", Side.RIGHT),
    ("teres_major", Side.LEFT),
)


def _visible(cls: type[QWidget], parent: QWidget) -> Callable[[], QWidget | None]:
    def find() -> QWidget | None:
        shown = [w for w in parent.findChildren(cls) if w.isVisible()]
        return shown[-1] if shown else None

    return find


def _choose_from_menu(robot: Robot, menu: QMenu, action: QAction) -> None:
    robot.wait_for(menu.isVisible, f"the {menu.title() or menu.objectName()} menu open")
    robot.click(menu, menu.actionGeometry(action).center())
    robot.wait_for(lambda: not menu.isVisible(), "the menu closed")


def _click_tab(robot: Robot, tabs: QTabWidget, page: QWidget) -> None:
    index = tabs.indexOf(page)
    robot.click(tabs.tabBar(), tabs.tabBar().tabRect(index).center())
    robot.wait_for(lambda: tabs.currentWidget() is page, f"tab {tabs.tabText(index)} shown")


def _menu_action(window: MainWindow, wanted: Callable[[QAction], bool]) -> tuple[QMenu, QAction]:
    for menu in window.menuBar().findChildren(QMenu):
        for action in menu.actions():
            if wanted(action):
                return menu, action
    raise AssertionError("no such menu item")


def _choose(robot: Robot, window: MainWindow, menu: QMenu, action: QAction) -> None:
    """Open ``menu`` from the menu bar with a click, then click ``action`` in it."""
    bar = window.menuBar()
    robot.click(bar, bar.actionGeometry(menu.menuAction()).center())
    _choose_from_menu(robot, menu, action)


def _open_preferences(robot: Robot, window: MainWindow) -> PreferencesDialog:
    role = QAction.MenuRole.PreferencesRole
    try:
        menu, action = _menu_action(window, lambda a: a.menuRole() == role)
    except AssertionError:
        # A main window without its Preferences menu item: open the dialog the way that
        # item does.
        open_preferences(window, window.session)
    else:
        _choose(robot, window, menu, action)
    find = _visible(PreferencesDialog, window)
    robot.wait_for(find, "the Preferences dialog")
    dialog = find()
    assert isinstance(dialog, PreferencesDialog)
    return dialog


def _answer_save_dialog(robot: Robot, path: Path) -> QTimer:
    """Type ``path`` into the next file dialog and press Enter. The dialog runs its own
    event loop, so the answer comes from a timer that fires inside that loop."""
    timer = QTimer()
    timer.setInterval(50)

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog) or not robot.ready(dialog):
            return
        timer.stop()
        robot.screenshot("save as pdf")
        robot.key("ctrl+a")
        robot.type(str(path))
        robot.key("Return")

    timer.timeout.connect(answer)
    timer.start()
    return timer


def _map_point(panel: BodyMapPanel, muscle: str, side: Side) -> QPoint:
    site = load_atlas().muscle(muscle).sites_on(side)[0]
    pos = panel.view.mapFromScene(QPointF(site.x * WIDTH_MM, site.y * HEIGHT_MM))
    assert panel.view.viewport().rect().contains(pos), f"{muscle} is off screen"
    return pos


def test_a_visit_recorded_with_real_mouse_and_keys(
    robot: Robot, open_window: OpenWindow, tmp_path: Path
) -> None:
    db = tmp_path / "e2e.db"
    Store.open(db, Mode.CREATE).close()
    window = open_window(db)
    session = window.session
    robot.screenshot("empty database")

    # The clinician gives their name once, in Preferences.
    prefs = _open_preferences(robot, window)
    robot.type_into(prefs.clinician, CLINICIAN)
    robot.screenshot("preferences")
    robot.click(prefs.buttons.button(QDialogButtonBox.StandardButton.Ok))
    robot.wait_for(lambda: user.clinician_name() == CLINICIAN, "the name saved")

    # A new patient, from the keyboard shortcut.
    robot.focus(window)
    robot.key("ctrl+shift+n")
    find = _visible(PatientDialog, window)
    robot.wait_for(find, "the new-patient dialog")
    dialog = find()
    assert isinstance(dialog, PatientDialog)
    for field, text in (
        (dialog.chart_no, "E2E-0001"),
        (dialog.family_name, "Lindqvist"),
        (dialog.given_names, "Maren"),
        (dialog.weight, "64"),
    ):
        robot.type_into(field, text)
    robot.screenshot("new patient")
    robot.click(dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    robot.wait_for(
        lambda: (
            window.patient_view.patient is not None
            and window.patient_view.patient.chart_no == "E2E-0001"
        ),
        "the new patient selected",
    )

    # Today's visit, with Ctrl+N: started under the name from Preferences.
    robot.focus(window)
    robot.key("ctrl+n")
    robot.wait_for(lambda: window.patient_view.visit_panel.editor is not None, "the visit open")
    visit_id = window.patient_view.selected_visit_id()
    assert visit_id is not None
    assert session.visit(visit_id).clinician == CLINICIAN
    panel = window.patient_view.visit_panel.map_panel
    editor = window.patient_view.visit_panel.editor
    assert isinstance(panel, BodyMapPanel)
    assert isinstance(editor, VisitEditor)

    # Three trigger points, clicked on the map.
    for count, (muscle, side) in enumerate(SITES, start=1):
        robot.click(panel.view.viewport(), _map_point(panel, muscle, side))
        robot.wait_for(lambda n=count: len(panel.editor.points()) == n, f"point {count} placed")
    charted = {(p.point.muscle_id, p.point.side) for p in panel.editor.points()}
    assert charted == set(SITES)
    robot.screenshot("three points")

    # Findings: select each point on the map, then set 'taut band' to Yes.
    _click_tab(robot, editor.tabs, editor.finding_tab)
    form = editor.finding_tab.form
    for muscle, side in SITES:
        point = next(
            p for p in panel.editor.points() if (p.point.muscle_id, p.point.side) == (muscle, side)
        )
        robot.click(panel.view.viewport(), _map_point(panel, muscle, side))
        robot.wait_for(
            lambda pid=point.id: (
                (shown := editor.finding_tab.shown_point) is not None and shown.id == pid
            ),
            f"the findings of {muscle}",
        )
        robot.click(form.taut_band_combo)  # opens its list
        robot.key("Down", "Return")
        robot.wait_for(
            lambda pid=point.id: any(
                f.trigger_point_id == pid and f.taut_band
                for f in session.store.findings.for_visit(visit_id)
            ),
            f"the taut band of {muscle} saved",
        )
    robot.screenshot("findings")

    # A treatment: compression of the last point, 60 s per point.
    tab = editor.treatments_tab
    _click_tab(robot, editor.tabs, tab)
    robot.click(tab.add_button)
    _choose_from_menu(robot, tab.add_menu, tab.add_actions[TreatmentKind.TRP_COMPRESSION])
    robot.wait_for(lambda: session.store.treatments.for_visit(visit_id), "the treatment added")
    hold = tab.form.boxes["details.hold_s"].field
    robot.type_into(hold, "60")
    robot.key("Tab")
    robot.wait_for(
        lambda: session.store.treatments.for_visit(visit_id)[0].details.get("hold_s") == 60,
        "the hold time saved",
    )
    robot.screenshot("treatment")

    # Sign.
    robot.click(editor.header.sign_button)
    find = _visible(SignDialog, editor)
    robot.wait_for(find, "the signing dialog")
    sign = find()
    assert isinstance(sign, SignDialog)
    robot.screenshot("signing")
    robot.click(sign.buttons.button(QDialogButtonBox.StandardButton.Ok))
    robot.wait_for(lambda: session.visit(visit_id).is_signed, "the visit signed")
    robot.wait_for(lambda: editor.context.read_only, "the editor locked")
    robot.screenshot("signed")

    # Print to PDF: File > Export Visit Summary as PDF, a file name typed in the dialog.
    pdf = tmp_path / "visit summary.pdf"
    robot.focus(window)
    menu, export = _menu_action(window, lambda a: "PDF" in a.text() and "Visit" in a.text())
    answering = _answer_save_dialog(robot, pdf)
    _choose(robot, window, menu, export)
    robot.wait_for(lambda: pdf.is_file() and pdf.stat().st_size > 0, "the PDF written")
    answering.stop()
    robot.screenshot("pdf saved")
    # pypdf may join the words with tabs: compare word sequences.
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())
    assert "Lindqvist" in text
    assert CLINICIAN in text
    assert all(display_name(muscle, side) in text for muscle, side in SITES), text[:2000]

    # What the database holds is what was done on screen.
    store = session.store
    visit = session.visit(visit_id)
    assert visit.signed_by == CLINICIAN
    points = store.trigger_points.for_visit(visit_id)
    assert {(p.muscle_id, p.side) for p in points} == set(SITES)
    assert all(f.taut_band for f in store.findings.for_visit(visit_id))
    (treatment,) = store.treatments.for_visit(visit_id)
    assert treatment.kind is TreatmentKind.TRP_COMPRESSION
    assert all(shot.stat().st_size > 10_000 for shot in robot.shots)  # not blank


def test_main_window_screenshot_of_the_demo_caseload(
    robot: Robot, open_window: OpenWindow, demo_db: Path
) -> None:
    """The picture at the top of the README: a patient picked with a click, their latest
    visit open. Set BODYMAP_UPDATE_DOCS=1 to write it to docs/ as well."""
    window = open_window(demo_db)
    view = window.patients.view
    model = view.model()
    row = next(
        r for r in range(model.rowCount()) if "Fennick-Lowe" in str(model.index(r, 0).data())
    )
    robot.click(view.viewport(), view.visualRect(model.index(row, 0)).center())
    robot.wait_for(lambda: window.patient_view.visit_panel.editor is not None, "a visit open")
    QApplication.processEvents()
    shot = robot.screenshot("main window")
    assert shot.stat().st_size > 50_000
    if os.environ.get("BODYMAP_UPDATE_DOCS") == "1":
        shutil.copyfile(shot, ROOT / "docs" / "screenshot-main.png")
