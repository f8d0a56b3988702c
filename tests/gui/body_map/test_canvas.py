"""The body-map canvas, driven through real mouse and key events on the viewport."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QUndoStack

from bodymap.domain.anatomy import load_atlas, locate
from bodymap.domain.muscles import Side
from bodymap.domain.template import HEIGHT_MM, WIDTH_MM
from bodymap.domain.visit import Visit
from bodymap.ui.body_map import BodyMapPanel
from bodymap.ui.session import Session

from .conftest import click, norm_to_view, store_rows

ATLAS = load_atlas()


def site(muscle_id: str, side: Side) -> tuple[float, float]:
    s = ATLAS.muscle(muscle_id).sites_on(side)[0]
    return s.x, s.y


def messages(panel: BodyMapPanel) -> list[str]:
    out: list[str] = []
    panel.statusMessage.connect(out.append)
    return out


def only_point(panel: BodyMapPanel):
    (mp,) = panel.editor.points()
    return mp


def test_a_click_at_every_muscle_site_records_what_the_atlas_says(qtbot, panel, stack) -> None:
    view = panel.view
    checked = 0
    for entry in ATLAS.muscles:
        for s in entry.sites:
            click(qtbot, view, s.x, s.y)
            mp = only_point(panel)
            where = locate(mp.point.position.x, mp.point.position.y)
            # The site's muscle lies under the click, possibly below a superficial one;
            # the point records the top candidate and the patient's side.
            assert entry.id in where.muscle_ids, (entry.id, s.side, where.candidates)
            assert mp.point.muscle_id == where.candidates[0].muscle_id
            assert mp.point.side is s.side
            assert abs(mp.point.position.x - s.x) * WIDTH_MM < 1.5
            assert abs(mp.point.position.y - s.y) * HEIGHT_MM < 1.5
            if where.candidates[0].muscle_id == entry.id:
                assert mp.point.muscle_id == entry.id
            stack.undo()
            assert panel.editor.points() == []
            checked += 1
    assert checked == sum(len(m.sites) for m in ATLAS.muscles) >= 2 * len(ATLAS.muscles)


def test_laterality_follows_the_patient_left_on_the_viewer_left(qtbot, panel) -> None:
    t6 = ATLAS.landmark("T6").y
    click(qtbot, panel.view, 0.42, t6)
    click(qtbot, panel.view, 0.58, t6)
    left, right = panel.editor.points()
    assert (left.point.side, right.point.side) == (Side.LEFT, Side.RIGHT)
    assert left.name.startswith("L ") and right.name.startswith("R ")
    left_px = panel.view.mapFromScene(panel.view.marker_item(left.id).pos()).x()
    right_px = panel.view.mapFromScene(panel.view.marker_item(right.id).pos()).x()
    assert left_px < panel.view.viewport().width() / 2 < right_px


def test_a_click_outside_the_body_places_nothing_and_says_why(qtbot, panel, stack) -> None:
    said = messages(panel)
    click(qtbot, panel.view, 0.03, 0.03)
    assert panel.editor.points() == []
    assert stack.count() == 0
    assert said and "outside the body" in said[-1]


def test_new_points_are_numbered_and_listed(qtbot, panel) -> None:
    click(qtbot, panel.view, *site("trapezius_upper", Side.RIGHT))
    click(qtbot, panel.view, *site("infraspinatus", Side.LEFT))
    labels = [mp.label for mp in panel.editor.points()]
    assert labels == [1, 2]
    model = panel.point_list.point_model
    assert model.rowCount() == 2
    assert model.index(0).data() == "1 R upper trapezius - not assessed"
    # The new point is current in both views.
    second = panel.editor.points()[1]
    assert panel.selection.current() == second.id
    assert panel.view.marker_item(second.id).is_current
    assert panel.point_list.selectionModel().selectedRows()[0].row() == 1


def test_a_long_name_wraps_in_the_narrow_list(qtbot, panel) -> None:
    click(qtbot, panel.view, *site("trapezius_upper", Side.RIGHT))
    listing = panel.point_list
    listing.setFixedWidth(150)  # narrower than "1 R upper trapezius - not assessed"
    qtbot.waitUntil(lambda: listing.viewport().width() <= 150)
    line_height = listing.fontMetrics().height()
    rect = listing.visualRect(listing.point_model.index(0))
    assert rect.height() >= 2 * line_height  # wrapped onto a second line
    assert rect.right() <= listing.viewport().width()  # and nothing runs off sideways
    assert not listing.horizontalScrollBar().isVisible()


def test_list_and_canvas_share_the_selection(qtbot, panel) -> None:
    click(qtbot, panel.view, *site("trapezius_upper", Side.RIGHT))
    click(qtbot, panel.view, *site("infraspinatus", Side.LEFT))
    first, second = panel.editor.points()
    rect = panel.point_list.visualRect(panel.point_list.point_model.index(0))
    qtbot.mouseClick(panel.point_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.selection.current() == first.id
    assert panel.view.marker_item(first.id).is_current
    assert not panel.view.marker_item(second.id).is_current
    # And back: clicking the second marker selects its row.
    pos = panel.view.mapFromScene(panel.view.marker_item(second.id).pos())
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert panel.point_list.selectionModel().selectedRows()[0].row() == 1
    assert len(panel.editor.points()) == 2  # a click on a marker selects, adds nothing


def test_drag_moves_the_marker_and_relocates_it(qtbot, panel, session, visit_id, stack) -> None:
    click(qtbot, panel.view, *site("trapezius_upper", Side.LEFT))
    mp = only_point(panel)
    before = store_rows(session, visit_id)
    start = norm_to_view(panel.view, mp.point.position.x, mp.point.position.y)
    target = site("infraspinatus", Side.LEFT)
    end = norm_to_view(panel.view, *target)
    vp = panel.view.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(vp, start + QPoint(15, 15))
    qtbot.mouseMove(vp, end)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=end)
    moved = only_point(panel)
    assert moved.uid == mp.uid
    assert abs(moved.point.position.x - target[0]) * WIDTH_MM < 1.5
    assert abs(moved.point.position.y - target[1]) * HEIGHT_MM < 1.5
    expected = locate(moved.point.position.x, moved.point.position.y).candidates[0]
    assert (moved.point.muscle_id, moved.point.side) == (expected.muscle_id, expected.side)
    assert moved.point.muscle_id != "trapezius_upper"
    assert stack.count() == 2  # add, then one step for the whole drag
    after = store_rows(session, visit_id)
    stack.undo()
    assert store_rows(session, visit_id) == before
    stack.redo()
    assert store_rows(session, visit_id) == after
    # The marker follows the store.
    item = panel.view.marker_item(only_point(panel).id)
    assert abs(item.pos().x() - target[0] * WIDTH_MM) < 1.5


def test_drop_outside_the_body_puts_the_marker_back(qtbot, panel, stack) -> None:
    click(qtbot, panel.view, *site("infraspinatus", Side.RIGHT))
    mp = only_point(panel)
    vp = panel.view.viewport()
    start = norm_to_view(panel.view, mp.point.position.x, mp.point.position.y)
    end = norm_to_view(panel.view, 0.98, 0.05)
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(vp, start + QPoint(20, 0))
    qtbot.mouseMove(vp, end)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=end)
    assert only_point(panel).point.position == mp.point.position
    item = panel.view.marker_item(mp.id)
    assert abs(item.pos().x() - mp.point.position.x * WIDTH_MM) < 1e-6
    assert stack.count() == 1


def test_delete_key_removes_and_undo_restores_the_same_point(
    qtbot, panel, session, visit_id, stack
) -> None:
    click(qtbot, panel.view, *site("teres_major", Side.RIGHT))
    before = store_rows(session, visit_id)
    uid = only_point(panel).uid
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert panel.editor.points() == []
    assert panel.view.marker_items() == []
    assert session.store.trigger_points.by_uid(uid) is None  # first charted here: gone
    after = store_rows(session, visit_id)
    stack.undo()
    assert store_rows(session, visit_id) == before
    assert only_point(panel).uid == uid
    assert len(panel.view.marker_items()) == 1
    stack.redo()
    assert store_rows(session, visit_id) == after


def test_ctrl_z_and_ctrl_y_drive_the_stack(qtbot, panel) -> None:
    click(qtbot, panel.view, *site("trapezius_middle", Side.LEFT))
    assert len(panel.editor.points()) == 1
    qtbot.keyClick(panel.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.editor.points() == []
    qtbot.keyClick(panel.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert len(panel.editor.points()) == 1
    qtbot.keyClick(panel.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(
        panel.view,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert len(panel.editor.points()) == 1


def test_arrow_keys_nudge_one_millimetre_one_undo_step_each(qtbot, panel, stack) -> None:
    click(qtbot, panel.view, *site("infraspinatus", Side.LEFT))
    p0 = only_point(panel).point.position
    qtbot.keyClick(panel.view, Qt.Key.Key_Right)
    p1 = only_point(panel).point.position
    assert (p1.x - p0.x) * WIDTH_MM == pytest.approx(1.0, abs=1e-6)
    assert p1.y == pytest.approx(p0.y)
    qtbot.keyClick(panel.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    p2 = only_point(panel).point.position
    assert (p2.y - p1.y) * HEIGHT_MM == pytest.approx(5.0, abs=1e-6)
    assert stack.count() == 3
    stack.undo()
    assert only_point(panel).point.position == p1


def test_double_click_activates_the_point(qtbot, panel) -> None:
    click(qtbot, panel.view, *site("latissimus_dorsi", Side.RIGHT))
    mp = only_point(panel)
    pos = panel.view.mapFromScene(panel.view.marker_item(mp.id).pos())
    with qtbot.waitSignal(panel.pointActivated, timeout=1000) as blocker:
        qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args == [mp.id]
    assert len(panel.editor.points()) == 1


def test_context_menu_changes_the_muscle_and_marks_resolved(
    qtbot, panel, session, visit_id, stack
) -> None:
    x, y = site("levator_scapulae", Side.RIGHT)
    click(qtbot, panel.view, x, y)
    mp = only_point(panel)
    where = locate(mp.point.position.x, mp.point.position.y)
    assert len(where.candidates) >= 2  # levator lies under upper trapezius
    pos = QPointF(panel.view.mapFromScene(panel.view.marker_item(mp.id).pos()))
    menu = panel.view.build_context_menu(pos)
    texts = [a.text() for a in menu.actions()]
    assert texts[0] == "Edit findings..."
    change = next(a.menu() for a in menu.actions() if a.text() == "Change muscle")
    offered = [a.text() for a in change.actions() if a.text() and not a.menu()]
    assert offered == [c.text for c in where.candidates[1:]]
    before = store_rows(session, visit_id)
    next(a for a in change.actions() if a.text() == "R levator scapulae").trigger()
    assert only_point(panel).point.muscle_id == "levator_scapulae"
    assert panel.point_list.point_model.index(0).data().startswith("1 R levator scapulae")
    # A nudge keeps a deliberately chosen deeper muscle that still lies under the point.
    qtbot.keyClick(panel.view, Qt.Key.Key_Left)
    assert only_point(panel).point.muscle_id == "levator_scapulae"
    stack.undo()
    stack.undo()
    assert store_rows(session, visit_id) == before
    menu = panel.view.build_context_menu(pos)
    next(a for a in menu.actions() if a.text() == "Mark resolved").trigger()
    assert only_point(panel).point.resolved_visit_id == visit_id
    assert panel.view.marker_item(mp.id).spec.resolved
    stack.undo()
    assert store_rows(session, visit_id) == before


def brush(qtbot, panel: BodyMapPanel, points: list[tuple[float, float]]) -> None:
    vp = panel.view.viewport()
    pixels = [norm_to_view(panel.view, x, y) for x, y in points]
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=pixels[0])
    for p in pixels[1:]:
        qtbot.mouseMove(vp, p)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=pixels[-1])


def test_brush_paints_a_zone_and_the_eraser_cuts_it(qtbot, panel, session, visit_id, stack):
    click(qtbot, panel.view, *site("infraspinatus", Side.RIGHT))
    mp = only_point(panel)
    panel.mode_actions[panel.view.mode.BRUSH].trigger()
    row = [(0.62 + i * 0.01, 0.45) for i in range(10)]
    brush(qtbot, panel, row)
    (zone,) = session.store.referral_zones.for_visit(visit_id)
    assert zone.trigger_point_id == mp.id
    assert zone.extent_percent is not None and zone.extent_percent > 0.0
    assert zone.quality.value == "ache"  # no sensation recorded yet
    assert len(panel.view.zone_items()) == 1
    assert "visit total" in panel.extent_label.text()
    assert panel.total_extent_percent == pytest.approx(zone.extent_percent, rel=0.02)
    first_extent = zone.extent_percent
    # A second stroke merges into the same zone (one zone per point and visit).
    brush(qtbot, panel, [(0.62 + i * 0.01, 0.50) for i in range(10)])
    (zone,) = session.store.referral_zones.for_visit(visit_id)
    assert zone.extent_percent > first_extent
    grown = zone.extent_percent
    panel.mode_actions[panel.view.mode.ERASER].trigger()
    brush(qtbot, panel, [(0.66, 0.42), (0.66, 0.53)])
    (zone,) = session.store.referral_zones.for_visit(visit_id)
    assert 0.0 < zone.extent_percent < grown
    assert stack.count() == 4  # add point, two strokes, one erase
    stack.undo()
    (zone,) = session.store.referral_zones.for_visit(visit_id)
    assert zone.extent_percent == pytest.approx(grown)
    stack.undo()
    stack.undo()
    assert session.store.referral_zones.for_visit(visit_id) == []
    assert panel.view.zone_items() == []


def test_brush_needs_a_selected_point(qtbot, panel, session, visit_id) -> None:
    said = messages(panel)
    panel.view.set_mode(panel.view.mode.BRUSH)
    brush(qtbot, panel, [(0.4, 0.4), (0.45, 0.4)])
    assert session.store.referral_zones.for_visit(visit_id) == []
    assert any("Select a trigger point first" in m for m in said)


def test_deleting_a_point_restores_its_zone_on_undo(qtbot, panel, session, visit_id, stack):
    click(qtbot, panel.view, *site("trapezius_upper", Side.RIGHT))
    panel.view.set_mode(panel.view.mode.BRUSH)
    brush(qtbot, panel, [(0.56, 0.3), (0.62, 0.33)])
    panel.view.set_mode(panel.view.mode.SELECT)
    before = store_rows(session, visit_id)
    assert before[2]  # a zone
    qtbot.keyClick(panel.view, Qt.Key.Key_Backspace)
    assert store_rows(session, visit_id) == ((), (), ())
    stack.undo()
    assert store_rows(session, visit_id) == before
    assert len(panel.view.zone_items()) == 1


def test_the_map_survives_reopening_the_database(qtbot, db_path, visit_id) -> None:
    session = Session.open(db_path)
    stack = QUndoStack()
    panel = BodyMapPanel(session, visit_id, stack)
    qtbot.addWidget(panel)
    panel.resize(1000, 900)
    panel.show()
    qtbot.waitExposed(panel)
    click(qtbot, panel.view, *site("trapezius_upper", Side.LEFT))
    click(qtbot, panel.view, *site("rhomboid_major", Side.RIGHT))
    panel.view.set_mode(panel.view.mode.BRUSH)
    brush(qtbot, panel, [(0.36, 0.12), (0.38, 0.2)])
    panel.view.set_mode(panel.view.mode.SELECT)
    qtbot.keyClick(panel.view, Qt.Key.Key_Up)
    left = store_rows(session, visit_id)

    def positions(p: BodyMapPanel) -> dict[int, tuple[float, float]]:
        return {
            i.point_id: (round(i.pos().x(), 6), round(i.pos().y(), 6))
            for i in p.view.marker_items()
        }

    where = positions(panel)
    zones = [i.path.boundingRect() for i in panel.view.zone_items()]
    panel.cleanup()
    session.close()

    again = Session.open(db_path)
    try:
        panel2 = BodyMapPanel(again, visit_id, QUndoStack())
        qtbot.addWidget(panel2)
        assert store_rows(again, visit_id) == left
        assert positions(panel2) == where
        assert [i.path.boundingRect() for i in panel2.view.zone_items()] == zones
        rows = [panel2.point_list.point_model.index(r).data() for r in range(2)]
        assert rows == [f"{mp.label} {mp.name} - not assessed" for mp in panel2.editor.points()]
        assert rows[0].startswith("1 L ") and rows[1].startswith("2 R ")
        panel2.cleanup()
    finally:
        again.close()


def test_a_signed_visit_shows_its_markers_but_refuses_edits(
    qtbot, open_panel, session, visit_id, stack
) -> None:
    panel = open_panel(visit_id, stack)
    click(qtbot, panel.view, *site("infraspinatus", Side.LEFT))
    session.sign_visit(visit_id, "Dr Test")
    assert panel.editor.read_only
    assert panel.lock_label.isVisibleTo(panel)
    said = messages(panel)
    before = store_rows(session, visit_id)
    click(qtbot, panel.view, *site("infraspinatus", Side.RIGHT))
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    qtbot.keyClick(panel.view, Qt.Key.Key_Right)
    assert store_rows(session, visit_id) == before
    assert len(panel.view.marker_items()) == 1
    assert said and all("signed" in m for m in said)
    assert not panel.mode_actions[panel.view.mode.BRUSH].isEnabled()
    # Undoing the add would write to the signed visit: refused, reported, nothing changes.
    stack.undo()
    assert store_rows(session, visit_id) == before
    assert len(panel.view.marker_items()) == 1


def test_a_point_from_an_earlier_visit_keeps_its_identity(
    qtbot, open_panel, session, visit_id
) -> None:
    store = session.store
    first = store.visits.get(visit_id)
    stack = QUndoStack()
    p1 = open_panel(visit_id, stack)
    click(qtbot, p1.view, *site("trapezius_upper", Side.RIGHT))
    uid = only_point(p1).uid
    p1.cleanup()
    later = session.add_visit(
        Visit(patient_id=first.patient_id, visit_date=dt.date(2025, 3, 17), clinician="Dr Test")
    )
    assert later.id is not None
    p2 = open_panel(later.id, stack)
    (faint,) = p2.view.previous_items()
    assert faint.spec.previous and faint.uid == uid
    # Clicking the faint marker charts the same point again, with the same label.
    pos = p2.view.mapFromScene(faint.pos())
    qtbot.mouseClick(p2.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    mp = only_point(p2)
    assert (mp.uid, mp.label) == (uid, 1)
    assert p2.view.previous_items() == []
    # Deleting it here removes only this visit's finding; the identity stays.
    qtbot.keyClick(p2.view, Qt.Key.Key_Delete)
    assert p2.editor.points() == []
    assert store.trigger_points.by_uid(uid) is not None
    assert len(store.findings.for_visit(visit_id)) == 1
    stack.undo()
    assert only_point(p2).uid == uid


def test_ctrl_wheel_zooms_and_markers_keep_their_size(qtbot, panel) -> None:
    click(qtbot, panel.view, *site("infraspinatus", Side.LEFT))
    item = panel.view.marker_item(only_point(panel).id)

    def on_screen() -> float:
        return item.deviceTransform(panel.view.viewportTransform()).mapRect(item.boundingRect())

    size_before = on_screen().width()
    zoom = panel.view.zoom_factor()
    panel.view.zoom_by(2.0)
    assert panel.view.zoom_factor() == pytest.approx(zoom * 2.0)
    assert on_screen().width() == pytest.approx(size_before)
    # A user zoom survives a resize; "fit" brings the whole diagram back.
    panel.resize(1100, 950)
    qtbot.wait(10)
    assert panel.view.zoom_factor() == pytest.approx(zoom * 2.0)
    panel.view.fit_to_window()
    assert panel.view.zoom_factor() < zoom * 1.5


def test_tooltip_names_muscle_landmark_and_finding(qtbot, panel) -> None:
    click(qtbot, panel.view, *site("trapezius_lower", Side.LEFT))
    mp = only_point(panel)
    text = panel.view.tooltip_text(panel.view.marker_item(mp.id))
    lines = text.splitlines()
    assert lines[0] == f"Point 1: {mp.name}"
    assert "cm" in lines[1] or "at the" in lines[1]
    assert lines[2] == "findings not yet recorded"


def test_layer_toggles_change_what_is_drawn(qtbot, panel) -> None:
    click(qtbot, panel.view, *site("trapezius_upper", Side.LEFT))
    qtbot.waitUntil(panel.view.guide_item().isVisible, timeout=1000)
    assert panel.view.guide_item().label.text() == "typical referral (guide)"
    panel.layer_actions["guide"].setChecked(False)
    assert not panel.view.guide_item().isVisible()
    from bodymap.domain.muscles import Layer

    assert Layer.DEEP not in panel.view.layers.diagram.muscles
    panel.layer_actions["deep"].setChecked(True)
    assert Layer.DEEP in panel.view.layers.diagram.muscles


def test_a_point_charted_at_a_signed_visit_cannot_be_moved_later(
    qtbot, open_panel, session, visit_id
) -> None:
    store = session.store
    first = store.visits.get(visit_id)
    stack = QUndoStack()
    p1 = open_panel(visit_id, stack)
    click(qtbot, p1.view, *site("trapezius_upper", Side.RIGHT))
    uid = only_point(p1).uid
    p1.cleanup()
    session.sign_visit(visit_id, "Dr Test")
    later = session.add_visit(
        Visit(patient_id=first.patient_id, visit_date=dt.date(2025, 3, 17), clinician="Dr Test")
    )
    assert later.id is not None
    p2 = open_panel(later.id, stack)
    (faint,) = p2.view.previous_items()
    qtbot.mouseClick(
        p2.view.viewport(), Qt.MouseButton.LeftButton, pos=p2.view.mapFromScene(faint.pos())
    )  # charted again at this visit
    mp = only_point(p2)
    said = messages(p2)
    start = p2.view.mapFromScene(p2.view.marker_item(mp.id).pos())
    end = norm_to_view(p2.view, *site("infraspinatus", Side.RIGHT))
    vp = p2.view.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(vp, start + QPoint(15, 15))
    qtbot.mouseMove(vp, end)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=end)
    stored = store.trigger_points.by_uid(uid)
    assert stored is not None
    assert stored.position == mp.point.position  # the signed visit's map is unchanged
    assert only_point(p2).point.position == mp.point.position  # and so is the screen
    assert any("signed visit" in m for m in said)


def test_real_ctrl_wheel_and_pinch_events_zoom(qtbot, panel) -> None:
    from PySide6.QtCore import QPointF as P
    from PySide6.QtGui import QNativeGestureEvent, QPointingDevice, QWheelEvent
    from PySide6.QtWidgets import QApplication

    view, vp = panel.view, panel.view.viewport()
    centre = P(vp.width() / 2, vp.height() / 2)
    zoom = view.zoom_factor()
    wheel = QWheelEvent(
        centre, P(vp.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, 120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(vp, wheel)
    zoomed = view.zoom_factor()
    assert zoomed > zoom * 1.05
    pinch = QNativeGestureEvent(
        Qt.NativeGestureType.ZoomNativeGesture, QPointingDevice.primaryPointingDevice(), 2,
        centre, centre, P(vp.mapToGlobal(centre.toPoint())), 0.5, P(0, 0),
    )  # fmt: skip
    QApplication.sendEvent(vp, pinch)
    assert view.zoom_factor() == pytest.approx(zoomed * 1.5)
