"""The body-map canvas: place, move, nudge and delete trigger points; paint referral zones.

Every edit goes on the undo stack as a command that calls the :class:`MapEditor`; the
canvas redraws itself from the editor's signals, updating only the items that changed.
"""

from __future__ import annotations

import contextlib
import dataclasses
from enum import Enum

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QNativeGestureEvent,
    QPainter,
    QPainterPath,
    QPen,
    QResizeEvent,
    QUndoStack,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QGestureEvent,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsView,
    QMenu,
    QPinchGesture,
    QToolTip,
    QWidget,
)

from bodymap.domain.anatomy import Location, extent_percent, load_atlas, locate
from bodymap.domain.muscles import MUSCLES, Layer, Side, display_name
from bodymap.domain.referral import ReferralZone
from bodymap.domain.template import HEIGHT_MM, WIDTH_MM
from bodymap.render.body_map import TEMPLATE_RECT, ZONE_STYLES, DiagramLayers, MarkerSpec
from bodymap.render.paths import (
    outline_path,
    path_polygons,
    polygon_path,
    polygons_path,
    stroke_path,
)
from bodymap.ui.app import tone
from bodymap.ui.body_map.commands import (
    EDIT_ERRORS,
    AddPointCommand,
    AddZoneCommand,
    ChangeMuscleCommand,
    ChartPointCommand,
    DeletePointCommand,
    EraseZoneCommand,
    MapCommand,
    MovePointCommand,
    ResolvePointCommand,
    error_text,
    push_command,
)
from bodymap.ui.body_map.items import (
    HIT_RADIUS_PX,
    Z_STROKE,
    BrushCursorItem,
    DiagramItem,
    GuideItem,
    HighlightItem,
    MarkerItem,
    ZoneItem,
    scene_pos,
    screen_dpr,
)
from bodymap.ui.body_map.map_editor import MapEditor, MapPoint, PointState
from bodymap.ui.body_map.selection import PointSelection
from bodymap.ui.body_map.text import finding_summary

SCENE_MARGIN_MM = 10.0
MIN_ZOOM = 0.5  # relative to "fit to window"
MAX_ZOOM = 10.0
NUDGE_MM = 1.0
NUDGE_FAST_MM = 5.0
DEFAULT_BRUSH_MM = 8.0  # radius
DECOR_DELAY_MS = 20
# The sheet the diagram is drawn on. It stays paper-coloured in the dark theme too, like a
# document in a dark viewer: the diagram, the marker styles and the zone colours are made
# for a light sheet (and match the printed map); only the surround follows the theme.
PAPER = QColor("#f4f1ee")


class Mode(Enum):
    SELECT = "select"
    BRUSH = "brush"
    ERASER = "eraser"


@dataclasses.dataclass(frozen=True, slots=True)
class ViewLayers:
    """What the canvas shows besides the markers and zones."""

    diagram: DiagramLayers = dataclasses.field(default_factory=DiagramLayers)
    guide: bool = True  # the current point's typical referral zone from the atlas
    previous: bool = True  # the previous visit's markers, faint
    highlight: bool = True  # the current point's muscle region


class BodyMapView(QGraphicsView):
    """The interactive body map of one visit.

    Signals: ``statusMessage(str)`` explains what happened or why nothing did;
    ``pointActivated(int)`` on double-click or "Edit findings..." (a trigger point id).
    """

    statusMessage = Signal(str)  # noqa: N815 - Qt signal naming
    pointActivated = Signal(int)  # noqa: N815
    modeChanged = Signal(object)  # noqa: N815 - a Mode

    def __init__(
        self,
        editor: MapEditor,
        undo_stack: QUndoStack,
        selection: PointSelection | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.undo_stack = undo_stack
        self.selection = selection or PointSelection(self)
        self._scene = QGraphicsScene(self)
        margin = SCENE_MARGIN_MM
        self._scene.setSceneRect(TEMPLATE_RECT.adjusted(-margin, -margin, margin, margin))
        self.setScene(self._scene)
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform
        )
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        self.setAccessibleName("Body map")

        self._layers = ViewLayers()
        self._diagram = DiagramItem(self._layers.diagram)
        self._scene.addItem(self._diagram)
        self._guide = GuideItem()
        self._guide.setVisible(False)
        self._scene.addItem(self._guide)
        self._highlight = HighlightItem()
        self._highlight.setVisible(False)
        self._scene.addItem(self._highlight)
        self._cursor = BrushCursorItem()
        self._cursor.setVisible(False)
        self._scene.addItem(self._cursor)
        self._stroke_item = QGraphicsPathItem()
        self._stroke_item.setZValue(Z_STROKE)
        self._scene.addItem(self._stroke_item)

        self._markers: dict[int, MarkerItem] = {}
        self._shown: dict[int, MapPoint] = {}  # what each marker shows
        self._dpr = screen_dpr()
        self._decor_key: tuple[object, ...] | None = None
        self._decor_timer = QTimer(self)
        self._decor_timer.setSingleShot(True)
        self._decor_timer.setInterval(DECOR_DELAY_MS)
        self._decor_timer.timeout.connect(self.update_decor_now)
        self._previous: dict[int, MarkerItem] = {}
        self._zones: dict[int, ZoneItem] = {}
        self._zone_records: dict[int, ReferralZone] = {}

        self._mode = Mode.SELECT
        self._brush_mm = DEFAULT_BRUSH_MM
        self._user_zoomed = False
        self._press: QPointF | None = None  # viewport position of a left press
        self._drag: tuple[MarkerItem, QPointF, QPointF] | None = None  # item, press, start
        self._dragging = False
        self._stroke: list[QPointF] = []
        self._pan: QPointF | None = None
        self._swallow_release = False

        self._install_shortcuts()
        editor.pointsChanged.connect(self._sync_markers)
        editor.zonesChanged.connect(self._sync_zones)
        editor.readOnlyChanged.connect(self._on_read_only)
        editor.editFailed.connect(self.statusMessage)
        self.selection.currentChanged.connect(self._on_current_changed)
        self._sync_markers()
        self._sync_zones()

    # --- public API -----------------------------------------------------------------------

    @property
    def mode(self) -> Mode:
        return self._mode

    def set_mode(self, mode: Mode) -> None:
        if mode is self._mode:
            return
        self._cancel_gesture()
        self._mode = mode
        painting = mode is not Mode.SELECT
        self._cursor.set_radius(self._brush_mm, mode is Mode.ERASER)
        self._cursor.setVisible(False)
        self.viewport().setCursor(
            Qt.CursorShape.CrossCursor if painting else Qt.CursorShape.ArrowCursor
        )
        if painting and self.selection.current() is None:
            self.statusMessage.emit(
                "Select a trigger point first: a referral zone belongs to the point whose "
                "compression produced it."
            )
        self.modeChanged.emit(mode)

    @property
    def brush_radius_mm(self) -> float:
        return self._brush_mm

    def set_brush_radius_mm(self, radius: float) -> None:
        self._brush_mm = max(1.0, float(radius))
        self._cursor.set_radius(self._brush_mm, self._mode is Mode.ERASER)

    @property
    def layers(self) -> ViewLayers:
        return self._layers

    def set_layers(self, layers: ViewLayers) -> None:
        self._layers = layers
        self._diagram.set_layers(layers.diagram)
        for item in self._previous.values():
            item.setVisible(layers.previous)
        self._decor_key = None
        self.update_decor_now()

    def set_muscle_layer_visible(self, layer: Layer, visible: bool) -> None:
        muscles = set(self._layers.diagram.muscles)
        (muscles.add if visible else muscles.discard)(layer)
        diagram = dataclasses.replace(self._layers.diagram, muscles=frozenset(muscles))
        self.set_layers(dataclasses.replace(self._layers, diagram=diagram))

    def marker_item(self, point_id: int) -> MarkerItem | None:
        return self._markers.get(point_id)

    def marker_items(self) -> list[MarkerItem]:
        return list(self._markers.values())

    def previous_items(self) -> list[MarkerItem]:
        return list(self._previous.values())

    def zone_items(self) -> list[ZoneItem]:
        return list(self._zones.values())

    def guide_item(self) -> GuideItem:
        return self._guide

    def zoom_factor(self) -> float:
        return self.transform().m11()

    def fit_to_window(self) -> None:
        self.fitInView(self._scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self._user_zoomed = False

    def zoom_by(self, factor: float) -> None:
        fit = self._fit_scale()
        current = self.transform().m11()
        target = min(max(current * factor, fit * MIN_ZOOM), fit * MAX_ZOOM)
        if current > 0 and target != current:
            self.scale(target / current, target / current)
            self._user_zoomed = True

    def cleanup(self) -> None:
        """Disconnect from the editor (before the session closes)."""
        for signal, slot in (
            (self.editor.pointsChanged, self._sync_markers),
            (self.editor.zonesChanged, self._sync_zones),
            (self.editor.readOnlyChanged, self._on_read_only),
            (self.editor.editFailed, self.statusMessage),
            (self.selection.currentChanged, self._on_current_changed),
        ):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)

    # --- refresh from the editor ----------------------------------------------------------

    def _sync_markers(self) -> None:
        current_id = self.selection.current()
        points = self.editor.point_map()
        for point_id, mp in points.items():
            if self._shown.get(point_id) is mp:
                continue  # unchanged: the editor replaces a point's object on every edit
            self._shown[point_id] = mp
            spec = MarkerSpec.of(mp.point, mp.finding)
            item = self._markers.get(point_id)
            if item is None:
                item = MarkerItem(point_id, mp.uid, spec, self._dpr)
                item.set_current(point_id == current_id)
                self._scene.addItem(item)
                self._markers[point_id] = item
            else:
                item.set_spec(spec)
        for point_id in [i for i in self._markers if i not in points]:
            self._scene.removeItem(self._markers.pop(point_id))
            self._shown.pop(point_id, None)
        if current_id is not None and current_id not in points:
            self.selection.set_current(None)
        if self.editor.previous_points() or self._previous:
            self._sync_previous(set(points))
        self._update_current_decor()

    def _sync_previous(self, charted: set[int]) -> None:
        # A point charted again at this visit is shown once, by its current marker.
        wanted = {mp.id: mp for mp in self.editor.previous_points() if mp.id not in charted}
        for point_id in [i for i in self._previous if i not in wanted]:
            self._scene.removeItem(self._previous.pop(point_id))
        for point_id, mp in wanted.items():
            spec = MarkerSpec.of(mp.point, mp.finding, previous=True)
            item = self._previous.get(point_id)
            if item is None:
                item = MarkerItem(point_id, mp.uid, spec, self._dpr)
                item.setVisible(self._layers.previous)
                self._scene.addItem(item)
                self._previous[point_id] = item
            else:
                item.set_spec(spec)

    def _sync_zones(self) -> None:
        records = {z.id: z for z in self.editor.zones() if z.id is not None}
        for zone_id in list(self._zones):
            if records.get(zone_id) != self._zone_records.get(zone_id):
                self._scene.removeItem(self._zones.pop(zone_id))
                self._zone_records.pop(zone_id, None)
        for zone_id, zone in records.items():
            if zone_id not in self._zones:
                item = ZoneItem(
                    zone_id, zone.trigger_point_id, polygons_path(zone.polygons), zone.quality
                )
                self._scene.addItem(item)
                self._zones[zone_id] = item
                self._zone_records[zone_id] = zone

    def _on_current_changed(self, point_id: int) -> None:
        for item in self._markers.values():
            if item.is_current and item.point_id != point_id:
                item.set_current(False)
        chosen = self._markers.get(point_id)
        if chosen is not None:
            chosen.set_current(True)
            self.ensureVisible(chosen.pos().x() - 5, chosen.pos().y() - 5, 10, 10, 20, 20)
        self._update_current_decor()

    def _update_current_decor(self) -> None:
        # The guide and the muscle outline can cover a large part of the map; drawing
        # them a frame after the marker keeps a click's own feedback immediate.
        if not self._decor_timer.isActive():
            self._decor_timer.start()

    def update_decor_now(self) -> None:
        self._decor_timer.stop()
        point_id = self.selection.current()
        mp = self.editor.point(point_id) if point_id is not None else None
        key = (
            (mp.point.muscle_id, mp.point.side) if mp is not None else None,
            self._layers.guide,
            self._layers.highlight,
        )
        if key == self._decor_key:
            return  # same muscle, same toggles: nothing to redraw
        self._decor_key = key
        if mp is None:
            self._guide.setVisible(False)
            self._highlight.setVisible(False)
            return
        atlas = load_atlas()
        zones = atlas.muscle(mp.point.muscle_id).zones_on(mp.point.side)
        if self._layers.guide and zones:
            self._guide.set_guide(polygons_path([z.polygon for z in zones]))
            self._guide.setVisible(True)
        else:
            self._guide.setVisible(False)
        if self._layers.highlight:
            region = atlas.region(mp.point.muscle_id, mp.point.side)
            self._highlight.setPath(polygon_path(region.polygon))
            self._highlight.setVisible(True)
        else:
            self._highlight.setVisible(False)

    def _on_read_only(self, read_only: bool) -> None:
        if read_only:
            self._cancel_gesture()
            self.statusMessage.emit(self.editor.read_only_reason)

    # --- helpers --------------------------------------------------------------------------

    def _fit_scale(self) -> float:
        rect = self._scene.sceneRect()
        vp = self.viewport().rect()
        if rect.width() <= 0 or rect.height() <= 0 or vp.width() <= 0:
            return 1.0
        return min(vp.width() / rect.width(), vp.height() / rect.height())

    def _marker_at(self, pos: QPointF, *, previous: bool = False) -> MarkerItem | None:
        """The marker under a viewport position: the nearest within the disc's radius.

        Computed here rather than with QGraphicsView.items(): markers ignore the view's
        transform, which makes Qt test every item's device shape on each query.
        """
        items = self._previous if previous else self._markers
        if previous and not self._layers.previous:
            return None
        scene = self.mapToScene(pos.toPoint())
        zoom = self.transform().m11() or 1.0
        limit = (HIT_RADIUS_PX / zoom) ** 2
        best: MarkerItem | None = None
        best_d = limit
        sx, sy = scene.x(), scene.y()
        for item in items.values():
            px, py = item.xy
            d = (px - sx) ** 2 + (py - sy) ** 2
            if d > limit:
                continue
            if item.is_current:
                return item  # the current point wins where markers overlap
            if d <= best_d:
                best, best_d = item, d
        return best

    @staticmethod
    def _normal(scene: QPointF) -> tuple[float, float]:
        return scene.x() / WIDTH_MM, scene.y() / HEIGHT_MM

    def _refuse_if_read_only(self) -> bool:
        if self.editor.read_only:
            self.statusMessage.emit(self.editor.read_only_reason)
            return True
        return False

    def _push(self, command: MapCommand) -> bool:
        try:
            push_command(self.undo_stack, command)
        except EDIT_ERRORS as exc:
            self.statusMessage.emit(f"Not saved: {error_text(exc)}")
            self.editor.reload()
            return False
        return True

    def _cancel_gesture(self) -> None:
        if self._drag is not None:
            item = self._drag[0]
            item.setPos(self._drag[2])
        self._drag = None
        self._dragging = False
        self._press = None
        self._stroke = []
        self._stroke_item.setPath(QPainterPath())

    # --- placing points -------------------------------------------------------------------

    def add_point_at(self, scene: QPointF) -> int | None:
        """Place a new point at a scene position (what a click does). Returns its id."""
        if self._refuse_if_read_only():
            return None
        x, y = self._normal(scene)
        where = locate(x, y) if 0.0 <= x <= 1.0 and 0.0 <= y <= 1.0 else None
        if where is None or not where.inside_body:
            self.statusMessage.emit(
                "No point placed: the click was outside the body outline. "
                "Click on the back, neck or shoulders."
            )
            return None
        if not where.candidates:
            self.statusMessage.emit(
                f"No point placed: no charted muscle at this spot ({where.landmark})."
            )
            return None
        first = where.candidates[0]
        side = where.side or first.side
        command = AddPointCommand(self.editor, x, y, first.muscle_id, side)
        if not self._push(command):
            return None
        mp = self.editor.point_by_uid(command.uid)
        if mp is None:
            return None
        self.selection.set_current(mp.id)
        others = [c.text for c in where.candidates[1:]]
        message = f"Point {mp.label}: {mp.name}, {where.landmark}."
        if others:
            message += f" Also here: {', '.join(others)} (right-click to change)."
        self.statusMessage.emit(message)
        return mp.id

    def _relocated(self, mp: MapPoint, x: float, y: float) -> PointState | str:
        """The point's state at a new spot, or why it cannot go there.

        The muscle is kept when it still lies under the new spot (so a nudge does not
        undo a deliberate choice of a deeper muscle); otherwise the top candidate wins.
        """
        if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):
            return "outside the map"
        where: Location = locate(x, y)
        if not where.inside_body:
            return "outside the body outline"
        if not where.candidates:
            return f"no charted muscle there ({where.landmark})"
        keep = any(
            c.muscle_id == mp.point.muscle_id and c.side is mp.point.side for c in where.candidates
        )
        muscle_id, side = (
            (mp.point.muscle_id, mp.point.side)
            if keep
            else (where.candidates[0].muscle_id, where.candidates[0].side)
        )
        return PointState(x, y, muscle_id, side, mp.point.resolved_visit_id)

    def move_point_to(self, point_id: int, scene: QPointF, *, what: str = "Moved") -> bool:
        mp = self.editor.point(point_id)
        if mp is None or self._refuse_if_read_only():
            return False
        x, y = self._normal(scene)
        state = self._relocated(mp, x, y)
        if isinstance(state, str):
            self.statusMessage.emit(f"Point {mp.label} not moved: {state}.")
            item = self._markers.get(point_id)
            if item is not None:
                item.setPos(scene_pos(mp.point.position.x, mp.point.position.y))
            return False
        before = PointState.of(mp.point)
        if state == before:
            return False
        if not self._push(MovePointCommand(self.editor, mp.uid, before, state)):
            return False
        moved = self.editor.point(point_id)
        if moved is not None:
            self.statusMessage.emit(
                f"{what} point {moved.label}: {moved.name}, {locate(x, y).landmark}."
            )
        return True

    def nudge_current(self, dx_mm: float, dy_mm: float) -> bool:
        point_id = self.selection.current()
        mp = self.editor.point(point_id) if point_id is not None else None
        if mp is None:
            return False
        here = scene_pos(mp.point.position.x, mp.point.position.y)
        return self.move_point_to(mp.id, here + QPointF(dx_mm, dy_mm), what="Nudged")

    def delete_current(self) -> bool:
        point_id = self.selection.current()
        mp = self.editor.point(point_id) if point_id is not None else None
        if mp is None or self._refuse_if_read_only():
            return False
        if self._push(DeletePointCommand(self.editor, mp.uid)):
            self.statusMessage.emit(f"Deleted point {mp.label} ({mp.name}). Undo with Ctrl+Z.")
            return True
        return False

    def change_muscle(self, point_id: int, muscle_id: str, side: Side) -> bool:
        mp = self.editor.point(point_id)
        if mp is None or self._refuse_if_read_only():
            return False
        before = PointState.of(mp.point)
        after = dataclasses.replace(before, muscle_id=muscle_id, side=side)
        if after == before:
            return False
        return self._push(ChangeMuscleCommand(self.editor, mp.uid, before, after))

    def set_resolved(self, point_id: int, resolved: bool) -> bool:
        mp = self.editor.point(point_id)
        if mp is None or self._refuse_if_read_only():
            return False
        before = PointState.of(mp.point)
        after = dataclasses.replace(
            before, resolved_visit_id=self.editor.visit_id if resolved else None
        )
        return after != before and self._push(
            ResolvePointCommand(self.editor, mp.uid, before, after)
        )

    def chart_previous(self, point_id: int) -> bool:
        """Chart a point of the previous visit at this one (same identity and label)."""
        item = self._previous.get(point_id)
        if item is None or self._refuse_if_read_only():
            return False
        if not self._push(ChartPointCommand(self.editor, item.uid, item.spec.label)):
            return False
        self.selection.set_current(point_id)
        mp = self.editor.point(point_id)
        if mp is not None:
            self.statusMessage.emit(
                f"Point {mp.label} ({mp.name}) charted at this visit, followed from the "
                "previous one."
            )
        return True

    # --- referral zones -------------------------------------------------------------------

    def apply_stroke(self, points_mm: list[QPointF], *, erase: bool) -> bool:
        """Unite a brush stroke with (or cut it out of) the current point's zone."""
        point_id = self.selection.current()
        mp = self.editor.point(point_id) if point_id is not None else None
        if mp is None:
            self.statusMessage.emit("Select a trigger point first, then paint its referral zone.")
            return False
        if self._refuse_if_read_only():
            return False
        before = self.editor.zones_for(mp.id)
        current = polygons_path([p for z in before for p in z.polygons])
        stroke = stroke_path(points_mm, self._brush_mm)
        shape = current.subtracted(stroke) if erase else current.united(stroke)
        shape = shape.intersected(outline_path())
        polygons = path_polygons(shape)
        if erase and not before:
            return False
        if polygons:
            quality = before[0].quality if before else self.editor.zone_quality(mp.id)
            zone = ReferralZone(
                visit_id=self.editor.visit_id,
                trigger_point_id=mp.id,
                polygons=polygons,
                quality=quality,
                extent_percent=round(extent_percent(polygons), 2),
            )
            if before:  # the same zone, grown or cut: keep its identity
                zone = dataclasses.replace(zone, uid=before[0].uid)
            after: tuple[ReferralZone, ...] = (zone,)
        else:
            after = ()
        if not before and not after:
            self.statusMessage.emit("Nothing painted: the stroke lies outside the body outline.")
            return False
        command = (EraseZoneCommand if erase else AddZoneCommand)(
            self.editor, mp.uid, before, after
        )
        if not self._push(command):
            return False
        extent = after[0].extent_percent if after else 0.0
        self.statusMessage.emit(
            f"Referral zone of point {mp.label}: {extent:.1f} % of the body area."
        )
        return True

    def _update_stroke_preview(self) -> None:
        path = QPainterPath()
        if self._stroke:
            path.moveTo(self._stroke[0])
            for p in self._stroke[1:]:
                path.lineTo(p)
            if len(self._stroke) == 1:
                path.lineTo(self._stroke[0] + QPointF(0.01, 0.0))
        point_id = self.selection.current()
        color = QColor("#6b747c")
        if self._mode is Mode.BRUSH and point_id is not None:
            color = QColor(ZONE_STYLES[self.editor.zone_quality(point_id)].color)
        color.setAlphaF(0.35)
        pen = QPen(color, 2.0 * self._brush_mm)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        self._stroke_item.setPen(pen)
        self._stroke_item.setPath(path)

    # --- mouse ----------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        pos = event.position()
        if event.button() == Qt.MouseButton.MiddleButton:
            self._pan = pos
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            return
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self._swallow_release = False
        if self._mode is not Mode.SELECT:
            if self.selection.current() is None:
                self.statusMessage.emit(
                    "Select a trigger point first, then paint its referral zone."
                )
                return
            if self._refuse_if_read_only():
                return
            self._stroke = [self.mapToScene(pos.toPoint())]
            self._update_stroke_preview()
            return
        self._press = pos
        item = self._marker_at(pos)
        if item is not None:
            self.selection.set_current(item.point_id)
            if not self.editor.read_only:
                self._drag = (item, self.mapToScene(pos.toPoint()), item.pos())
            return
        self._drag = None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        pos = event.position()
        if self._pan is not None:
            delta = pos - self._pan
            self._pan = pos
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - int(delta.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - int(delta.y()))
            return
        scene = self.mapToScene(pos.toPoint())
        if self._mode is not Mode.SELECT:
            self._cursor.setPos(scene)
            self._cursor.setVisible(True)
            if self._stroke and (scene - self._stroke[-1]).manhattanLength() >= 0.5:
                self._stroke.append(scene)
                self._update_stroke_preview()
            return
        if self._drag is not None and self._press is not None:
            item, press_scene, start = self._drag
            if not self._dragging:
                moved = (pos - self._press).manhattanLength()
                self._dragging = moved >= QApplication.startDragDistance()
            if self._dragging:
                item.setPos(start + (scene - press_scene))
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.MiddleButton and self._pan is not None:
            self._pan = None
            self.viewport().setCursor(
                Qt.CursorShape.ArrowCursor
                if self._mode is Mode.SELECT
                else Qt.CursorShape.CrossCursor
            )
            return
        if event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        if self._swallow_release:  # the release after a double-click
            self._swallow_release = False
            return
        if self._mode is not Mode.SELECT:
            stroke, self._stroke = self._stroke, []
            self._stroke_item.setPath(QPainterPath())
            if stroke:
                stroke.append(self.mapToScene(event.position().toPoint()))
                self.apply_stroke(stroke, erase=self._mode is Mode.ERASER)
            return
        press, self._press = self._press, None
        drag, self._drag = self._drag, None
        dragging, self._dragging = self._dragging, False
        if drag is not None:
            item, press_scene, start = drag
            if dragging:
                scene = start + (self.mapToScene(event.position().toPoint()) - press_scene)
                self.move_point_to(item.point_id, scene)
            return
        if press is None:
            return
        if (event.position() - press).manhattanLength() >= QApplication.startDragDistance():
            return  # a drag across empty space is not a click
        previous = self._marker_at(press, previous=True)
        if previous is not None:
            self.chart_previous(previous.point_id)
            return
        self.add_point_at(self.mapToScene(press.toPoint()))

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() != Qt.MouseButton.LeftButton or self._mode is not Mode.SELECT:
            return
        self._swallow_release = True
        item = self._marker_at(event.position())
        if item is not None:
            self.selection.set_current(item.point_id)
            self.pointActivated.emit(item.point_id)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        self._cursor.setVisible(False)
        super().leaveEvent(event)

    # --- keyboard -------------------------------------------------------------------------

    def _install_shortcuts(self) -> None:
        fit = QAction("Fit to window", self)
        fit.setShortcut(QKeySequence("Ctrl+0"))
        fit.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        fit.triggered.connect(self.fit_to_window)
        self.addAction(fit)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = event.key()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_current()
            return
        steps = {
            Qt.Key.Key_Left: (-1.0, 0.0),
            Qt.Key.Key_Right: (1.0, 0.0),
            Qt.Key.Key_Up: (0.0, -1.0),
            Qt.Key.Key_Down: (0.0, 1.0),
        }
        if key in steps and self.selection.current() is not None:
            dx, dy = steps[Qt.Key(key)]
            fast = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            step = NUDGE_FAST_MM if fast else NUDGE_MM
            self.nudge_current(dx * step, dy * step)
            return
        if key == Qt.Key.Key_Escape:
            if self._drag is not None or self._stroke:
                self._cancel_gesture()
            else:
                self.selection.set_current(None)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            point_id = self.selection.current()
            if point_id is not None:
                self.pointActivated.emit(point_id)
            return
        super().keyPressEvent(event)

    # --- zoom -----------------------------------------------------------------------------

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        # The surround in the theme's colour, read at paint time; the sheet on top.
        painter.fillRect(rect, tone("map_surround"))
        painter.fillRect(rect.intersected(self.sceneRect()), PAPER)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y() or event.pixelDelta().y()
            if delta:
                self.zoom_by(1.0015**delta)
            return
        super().wheelEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind == QEvent.Type.Gesture and isinstance(event, QGestureEvent):
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if isinstance(pinch, QPinchGesture):
                flags = pinch.changeFlags()
                if flags & QPinchGesture.ChangeFlag.ScaleFactorChanged:
                    self.zoom_by(pinch.scaleFactor())
                event.accept()
                return True
        if (
            kind == QEvent.Type.NativeGesture
            and isinstance(event, QNativeGestureEvent)
            and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture
        ):
            self.zoom_by(1.0 + event.value())
            return True
        if kind == QEvent.Type.ToolTip:
            self._show_tooltip(event)
            return True
        return super().viewportEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if not self._user_zoomed:
            self.fit_to_window()

    # --- tooltip and context menu ---------------------------------------------------------

    def tooltip_text(self, item: MarkerItem) -> str:
        if item.previous:
            mp = next((p for p in self.editor.previous_points() if p.id == item.point_id), None)
            if mp is None:
                return ""
            prev = self.editor.previous_visit
            when = prev.visit_date.isoformat() if prev else "the previous visit"
            return (
                f"Point {mp.label}: {mp.name} (charted {when})\n"
                f"{finding_summary(mp.finding)}\nClick to chart it at this visit."
            )
        mp = self.editor.point(item.point_id)
        if mp is None:
            return ""
        where = locate(mp.point.position.x, mp.point.position.y)
        lines = [f"Point {mp.label}: {mp.name}", where.landmark, finding_summary(mp.finding)]
        if mp.point.is_resolved:
            lines.append("marked resolved")
        extent = sum(z.extent_percent or 0.0 for z in self.editor.zones_for(mp.id))
        if extent:
            lines.append(f"referral zone {extent:.1f} % of the body area")
        return "\n".join(lines)

    def _show_tooltip(self, event: QEvent) -> None:
        from PySide6.QtGui import QHelpEvent

        if not isinstance(event, QHelpEvent):
            return
        pos = QPointF(event.pos())
        item = self._marker_at(pos) or self._marker_at(pos, previous=True)
        if item is None:
            QToolTip.hideText()
            return
        QToolTip.showText(event.globalPos(), self.tooltip_text(item), self.viewport())

    def build_context_menu(self, pos: QPointF) -> QMenu:
        """The menu for a right-click at a viewport position (separate for tests)."""
        menu = QMenu(self)
        read_only = self.editor.read_only
        item = self._marker_at(pos)
        if item is None:
            previous = self._marker_at(pos, previous=True)
            if previous is not None:
                chart = menu.addAction(f"Chart point {previous.spec.label} at this visit")
                chart.setEnabled(not read_only)
                chart.triggered.connect(lambda: self.chart_previous(previous.point_id))
            menu.addAction("Fit to window", self.fit_to_window)
            return menu
        mp = self.editor.point(item.point_id)
        if mp is None:
            return menu
        self.selection.set_current(mp.id)
        point_id = mp.id
        edit = menu.addAction("Edit findings...")
        edit.triggered.connect(lambda: self.pointActivated.emit(point_id))
        muscles = menu.addMenu("Change muscle")
        muscles.setEnabled(not read_only)
        where = locate(mp.point.position.x, mp.point.position.y)
        current = (mp.point.muscle_id, mp.point.side)
        here = [c for c in where.candidates if (c.muscle_id, c.side) != current]
        for c in here:
            action = muscles.addAction(c.text)
            action.triggered.connect(
                lambda _=False, m=c.muscle_id, s=c.side: self.change_muscle(point_id, m, s)
            )
        if not here:
            muscles.addAction("No other muscle at this spot").setEnabled(False)
        other = muscles.addMenu("Any muscle")
        for m in MUSCLES:
            action = other.addAction(display_name(m.id, mp.point.side))
            action.setEnabled((m.id, mp.point.side) != current)
            action.triggered.connect(
                lambda _=False, mid=m.id, s=mp.point.side: self.change_muscle(point_id, mid, s)
            )
        resolved = mp.point.is_resolved
        resolve = menu.addAction("Mark unresolved" if resolved else "Mark resolved")
        resolve.setEnabled(not read_only)
        resolve.triggered.connect(lambda: self.set_resolved(point_id, not resolved))
        menu.addSeparator()
        delete = menu.addAction("Delete point")
        delete.setEnabled(not read_only)
        delete.triggered.connect(self.delete_current)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt override
        if self._mode is not Mode.SELECT:
            return
        menu = self.build_context_menu(QPointF(event.pos()))
        menu.exec(event.globalPos())
        menu.deleteLater()
