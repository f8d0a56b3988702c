"""The visit's trigger points as a list: "1 R upper trapezius - active".

The list follows the editor's ``pointsChanged`` signal and shares the current point with
the canvas through a :class:`PointSelection`, both ways.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from bodymap.render.body_map import MarkerSpec, paint_marker
from bodymap.ui.body_map.map_editor import MapEditor, MapPoint
from bodymap.ui.body_map.selection import NO_POINT, PointSelection
from bodymap.ui.body_map.text import finding_summary, point_line

POINT_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
_ICON_PX = 20

Index = QModelIndex | QPersistentModelIndex


class PointListModel(QAbstractListModel):
    def __init__(self, editor: MapEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self._rows: list[MapPoint] = editor.points()
        self._icons: dict[MarkerSpec, QIcon] = {}
        editor.pointsChanged.connect(self.refresh)

    def refresh(self) -> None:
        rows = self.editor.points()
        old_ids = [r.id for r in self._rows]
        new_ids = [r.id for r in rows]
        if old_ids == new_ids:
            # Same points in the same order: only some rows' text or icon changed. An
            # edited point is a new object, so identity finds them.
            changed = [
                i for i, (a, b) in enumerate(zip(rows, self._rows, strict=True)) if a is not b
            ]
            self._rows = rows
            for i in changed:
                index = self.index(i)
                self.dataChanged.emit(index, index)
            return
        if len(new_ids) == len(old_ids) + 1:
            row = next(
                (i for i, (a, b) in enumerate(zip(old_ids, new_ids, strict=False)) if a != b),
                len(old_ids),
            )
            if new_ids[:row] + new_ids[row + 1 :] == old_ids:
                self.beginInsertRows(QModelIndex(), row, row)  # the usual click: one row
                self._rows = rows
                self.endInsertRows()
                return
        if len(new_ids) == len(old_ids) - 1:
            row = next(
                (i for i, (a, b) in enumerate(zip(old_ids, new_ids, strict=False)) if a != b),
                len(new_ids),
            )
            if old_ids[:row] + old_ids[row + 1 :] == new_ids:
                self.beginRemoveRows(QModelIndex(), row, row)
                self._rows = rows
                self.endRemoveRows()
                return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def point_id(self, row: int) -> int:
        return self._rows[row].id

    def row_of(self, point_id: int) -> int | None:
        for i, mp in enumerate(self._rows):
            if mp.id == point_id:
                return i
        return None

    def _icon(self, mp: MapPoint) -> QIcon:
        spec = MarkerSpec.of(mp.point, mp.finding)
        spec = MarkerSpec(0.0, 0.0, spec.label, spec.activity, resolved=spec.resolved)
        icon = self._icons.get(spec)
        if icon is None:
            pixmap = QPixmap(_ICON_PX * 2, _ICON_PX * 2)
            pixmap.setDevicePixelRatio(2.0)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            paint_marker(painter, QPointF(_ICON_PX / 2, _ICON_PX / 2), _ICON_PX - 2, spec)
            painter.end()
            icon = QIcon(pixmap)
            self._icons[spec] = icon
        return icon

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        mp = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return point_line(mp)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{mp.name}\n{finding_summary(mp.finding)}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(mp)
        if role == POINT_ID_ROLE:
            return mp.id
        return None


class PointListView(QListView):
    """The list of the visit's points. Double-click or Enter activates a point."""

    pointActivated = Signal(int)  # noqa: N815 - Qt signal naming
    deleteRequested = Signal()  # noqa: N815 - the canvas owns deleting (one undo path)

    def __init__(
        self, editor: MapEditor, selection: PointSelection, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.selection = selection
        self.point_model = PointListModel(editor, self)
        self.setModel(self.point_model)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # The column is narrow beside the map: long muscle names wrap rather than hide
        # behind a sideways scroll.
        self.setWordWrap(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setIconSize(QSize(_ICON_PX, _ICON_PX))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAccessibleName("Trigger points of this visit")
        self._syncing = False
        self.selectionModel().selectionChanged.connect(self._on_list_selection)
        self.point_model.modelReset.connect(self._show_current)
        selection.currentChanged.connect(self._on_current_changed)
        self.doubleClicked.connect(self._on_activated)
        self._show_current()

    def _on_list_selection(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        if self._syncing:
            return
        rows = self.selectionModel().selectedRows()
        self.selection.set_current(self.point_model.point_id(rows[0].row()) if rows else None)

    def _on_current_changed(self, point_id: int) -> None:
        self._show_current()

    def _show_current(self) -> None:
        point_id = self.selection.current()
        row = self.point_model.row_of(point_id) if point_id not in (None, NO_POINT) else None
        self._syncing = True
        try:
            if row is None:
                self.selectionModel().clearSelection()
            else:
                index = self.point_model.index(row)
                self.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
                self.scrollTo(index)
        finally:
            self._syncing = False

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.pointActivated.emit(self.point_model.point_id(index.row()))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            index = self.currentIndex()
            if index.isValid():
                self._on_activated(index)
                return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.deleteRequested.emit()
            return
        super().keyPressEvent(event)
