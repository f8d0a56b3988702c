"""The body-map canvas of a visit: markers, referral zones, undoable edits.

``BodyMapPanel(session, visit_id, undo_stack)`` is the piece a window drops in; the
canvas (``BodyMapView``), the point list and the ``MapEditor`` it builds are usable alone.
"""

from bodymap.ui.body_map.canvas import BodyMapView, Mode, ViewLayers
from bodymap.ui.body_map.map_editor import MapEditor, MapPoint, PointSnapshot, PointState
from bodymap.ui.body_map.panel import BodyMapPanel
from bodymap.ui.body_map.point_list import PointListModel, PointListView
from bodymap.ui.body_map.selection import PointSelection

__all__ = [
    "BodyMapPanel",
    "BodyMapView",
    "MapEditor",
    "MapPoint",
    "Mode",
    "PointListModel",
    "PointListView",
    "PointSelection",
    "PointSnapshot",
    "PointState",
    "ViewLayers",
]
