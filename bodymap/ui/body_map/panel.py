"""The body-map panel of a visit: toolbar, canvas, point list and the pain-extent line."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QPainter, QPixmap, QUndoStack
from PySide6.QtWidgets import (
    QLabel,
    QMenu,
    QSpinBox,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bodymap.domain.anatomy import extent_percent
from bodymap.domain.finding import Activity
from bodymap.domain.muscles import Layer
from bodymap.render.body_map import MarkerSpec, paint_marker
from bodymap.ui.body_map.canvas import PAPER, BodyMapView, Mode
from bodymap.ui.body_map.map_editor import MapEditor
from bodymap.ui.body_map.point_list import PointListView
from bodymap.ui.body_map.selection import PointSelection
from bodymap.ui.session import Session

LAYER_NAMES = {
    Layer.SUPERFICIAL: "Superficial muscles",
    Layer.INTERMEDIATE: "Intermediate muscles",
    Layer.DEEP: "Deep muscles",
    Layer.DEEPEST: "Deepest muscles",
}


def _legend_icon(spec: MarkerSpec) -> str:
    """An inline image of a marker for rich-text labels, on a swatch of the map's sheet:
    the marker looks as it does on the map, in either theme."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    pixmap = QPixmap(40, 40)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(PAPER)
    painter.drawRoundedRect(0, 0, 40, 40, 8, 8)
    paint_marker(painter, QPointF(20, 20), 34, spec)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    pixmap.save(buffer, "PNG")
    encoded = bytes(data.toBase64().data()).decode("ascii")
    return f'<img src="data:image/png;base64,{encoded}" width="20" height="20">'


class BodyMapPanel(QWidget):
    """Everything for charting one visit's map; drop it into the visit screen.

    Signals: ``statusMessage(str)`` for the window's status bar, ``pointActivated(int)``
    (trigger point id) to open the findings editor.
    """

    statusMessage = Signal(str)  # noqa: N815 - Qt signal naming
    pointActivated = Signal(int)  # noqa: N815

    def __init__(
        self,
        session: Session,
        visit_id: int,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.undo_stack = undo_stack
        self.editor = MapEditor(session, visit_id, self)
        self.selection = PointSelection(self)
        self.view = BodyMapView(self.editor, undo_stack, self.selection, self)
        self.point_list = PointListView(self.editor, self.selection, self)
        self.extent_label = QLabel(self)
        self.extent_label.setObjectName("extentLabel")
        self.lock_label = QLabel(self)
        self.lock_label.setObjectName("mapLockLabel")
        self.lock_label.setWordWrap(True)
        self.lock_label.setProperty("warning", True)  # the app's amber note, in either theme
        self._total_extent = 0.0

        self.toolbar = QToolBar("Body map", self)
        self._build_toolbar()
        self._build_layout()
        self._install_undo_shortcuts()

        self.view.statusMessage.connect(self.statusMessage)
        self.view.pointActivated.connect(self.pointActivated)
        self.point_list.pointActivated.connect(self.pointActivated)
        self.point_list.deleteRequested.connect(self.view.delete_current)
        self.view.modeChanged.connect(self._on_mode_changed)
        self.editor.zonesChanged.connect(self._on_zones_changed)
        self.editor.pointsChanged.connect(self._update_extent_label)
        self.editor.readOnlyChanged.connect(self._on_read_only)
        self.selection.currentChanged.connect(self._update_extent_label)
        session.closed.connect(self.cleanup)
        self._on_read_only(self.editor.read_only)
        self._on_zones_changed()

    # --- building -------------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        bar = self.toolbar
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        group = QActionGroup(self)
        group.setExclusive(True)
        self.mode_actions: dict[Mode, QAction] = {}
        for mode, text, key, tip in (
            (Mode.SELECT, "Select", "S", "Place, select and move trigger points"),
            (Mode.BRUSH, "Brush", "B", "Paint the referral zone of the selected point"),
            (Mode.ERASER, "Eraser", "E", "Erase from the referral zone of the selected point"),
        ):
            action = QAction(text, self)
            action.setCheckable(True)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{tip} ({key})")
            action.triggered.connect(lambda _=False, m=mode: self.view.set_mode(m))
            group.addAction(action)
            bar.addAction(action)
            self.mode_actions[mode] = action
        self.mode_actions[Mode.SELECT].setChecked(True)

        self.brush_size = QSpinBox(self)
        self.brush_size.setRange(2, 80)
        self.brush_size.setSingleStep(2)
        self.brush_size.setSuffix(" mm")
        self.brush_size.setPrefix("Brush ")
        self.brush_size.setValue(int(self.view.brush_radius_mm * 2))
        self.brush_size.setToolTip("Brush diameter on the template (an average adult back)")
        self.brush_size.valueChanged.connect(lambda v: self.view.set_brush_radius_mm(v / 2.0))
        bar.addWidget(self.brush_size)
        bar.addSeparator()

        layers = QMenu("Layers", self)
        self.layer_actions: dict[str, QAction] = {}
        shown = self.view.layers
        for layer, name in LAYER_NAMES.items():
            action = layers.addAction(name)
            action.setCheckable(True)
            action.setChecked(layer in shown.diagram.muscles)
            action.toggled.connect(
                lambda on, lay=layer: self.view.set_muscle_layer_visible(lay, on)
            )
            self.layer_actions[layer.name.lower()] = action
        layers.addSeparator()
        for key, name, value in (
            ("landmarks", "Landmarks (spinous processes)", shown.diagram.landmarks),
            ("guide", "Typical referral of the selected muscle (guide)", shown.guide),
            ("highlight", "Outline of the selected point's muscle", shown.highlight),
            ("previous", "Previous visit's points (faint)", shown.previous),
        ):
            action = layers.addAction(name)
            action.setCheckable(True)
            action.setChecked(value)
            action.toggled.connect(lambda on, k=key: self._set_flag(k, on))
            self.layer_actions[key] = action
        layer_button = QToolButton(self)
        layer_button.setText("Layers")
        layer_button.setMenu(layers)
        layer_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bar.addWidget(layer_button)

        fit = QAction("Fit", self)
        fit.setToolTip("Fit the diagram to the window (Ctrl+0)")
        fit.triggered.connect(self.view.fit_to_window)
        bar.addAction(fit)
        bar.addSeparator()
        self.undo_action = self.undo_stack.createUndoAction(self, "Undo")
        self.redo_action = self.undo_stack.createRedoAction(self, "Redo")
        bar.addAction(self.undo_action)
        bar.addAction(self.redo_action)

    def _set_flag(self, key: str, on: bool) -> None:
        import dataclasses

        layers = self.view.layers
        if key == "landmarks":
            diagram = dataclasses.replace(layers.diagram, landmarks=on)
            self.view.set_layers(dataclasses.replace(layers, diagram=diagram))
        elif key == "guide":
            self.view.set_layers(dataclasses.replace(layers, guide=on))
        elif key == "highlight":
            self.view.set_layers(dataclasses.replace(layers, highlight=on))
        elif key == "previous":
            self.view.set_layers(dataclasses.replace(layers, previous=on))

    def _build_layout(self) -> None:
        legend = QLabel(self)
        legend.setTextFormat(Qt.TextFormat.RichText)
        legend.setText(
            "&nbsp;&nbsp;".join(
                (
                    f"{_legend_icon(MarkerSpec(0, 0, 1, Activity.ACTIVE))} active",
                    f"{_legend_icon(MarkerSpec(0, 0, 1, Activity.LATENT))} latent",
                    f"{_legend_icon(MarkerSpec(0, 0, 1, None))} not assessed",
                    f"{_legend_icon(MarkerSpec(0, 0, 1, None, previous=True))} previous visit",
                )
            )
        )
        legend.setObjectName("markerLegend")
        # Both lines wrap rather than force a width: the map shares the row with the
        # visit editor.
        legend.setWordWrap(True)
        self.extent_label.setWordWrap(True)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.lock_label)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.extent_label)
        left_layout.addWidget(legend)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Trigger points at this visit", right)
        title.setStyleSheet("font-weight: bold;")
        right_layout.addWidget(title)
        right_layout.addWidget(self.point_list, 1)
        hint = QLabel(
            "Click the map to add a point. Drag to move, arrow keys nudge 1 mm "
            "(Shift 5 mm), Delete removes, double-click edits findings.",
            right,
        )
        hint.setObjectName("mapHint")
        hint.setWordWrap(True)
        hint.setProperty("muted", True)
        right_layout.addWidget(hint)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([700, 240])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.toolbar)
        layout.addWidget(splitter, 1)

    def _install_undo_shortcuts(self) -> None:
        # On this widget and its children only; the main window may later share one stack
        # and own these shortcuts instead.
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)

    # --- reacting -------------------------------------------------------------------------

    def _on_mode_changed(self, mode: Mode) -> None:
        self.mode_actions[mode].setChecked(True)
        self.brush_size.setEnabled(mode is not Mode.SELECT)

    def _on_read_only(self, read_only: bool) -> None:
        self.lock_label.setText(self.editor.read_only_reason)
        self.lock_label.setVisible(read_only)
        for mode in (Mode.BRUSH, Mode.ERASER):
            self.mode_actions[mode].setEnabled(not read_only)
        if read_only:
            self.view.set_mode(Mode.SELECT)

    def _on_zones_changed(self) -> None:
        polygons = [p for z in self.editor.zones() for p in z.polygons]
        self._total_extent = extent_percent(polygons) if polygons else 0.0
        self._update_extent_label()

    def _update_extent_label(self, *_: object) -> None:
        parts: list[str] = []
        point_id = self.selection.current()
        mp = self.editor.point(point_id) if point_id is not None else None
        if mp is not None:
            own = sum(z.extent_percent or 0.0 for z in self.editor.zones_for(mp.id))
            parts.append(f"point {mp.label}: {own:.1f} %")
        parts.append(f"visit total: {self._total_extent:.1f} %")
        self.extent_label.setText("Pain extent (of the body area) - " + ", ".join(parts))

    @property
    def total_extent_percent(self) -> float:
        return self._total_extent

    def cleanup(self) -> None:
        """Stop following the session (it is closing)."""
        self.view.cleanup()
        self.editor.cleanup()
        with contextlib.suppress(RuntimeError, TypeError):
            self.session.closed.disconnect(self.cleanup)
