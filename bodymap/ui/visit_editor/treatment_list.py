"""The list of a visit's treatments: each entry a bold kind and step over a muted line of
the points and short details, plus the texts that describe a treatment in words."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from bodymap.domain.dose_summary import InjectionDose
from bodymap.domain.treatment import Treatment
from bodymap.domain.treatment_catalog import CATALOG
from bodymap.ui.app import tone
from bodymap.ui.body_map.map_editor import MapPoint
from bodymap.ui.visit_editor.treatment_fields import points_text
from bodymap.ui.visit_editor.treatment_form import detail_text

UID_ROLE = Qt.ItemDataRole.UserRole
TITLE_ROLE = Qt.ItemDataRole.UserRole + 1
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 2
_PAD = 6

Index = QModelIndex | QPersistentModelIndex


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def summary_line(treatment: Treatment, points: dict[int, MapPoint]) -> str:
    """The second line of an entry: the points, then the short details."""
    info = CATALOG[treatment.kind]
    parts = []
    if treatment.trigger_point_ids or info.needle:  # an unlinked needle record is notable
        parts.append(points_text(treatment, points))
    if treatment.needle is not None:
        n = treatment.needle
        dose = InjectionDose.of(n)
        parts.append(
            dose.describe()
            if dose is not None
            else f"{_plural(n.points_count, 'point')}, {n.needle_gauge} G × "
            f"{n.needle_length_mm:g} mm"
        )
    # In the catalog's order, not the stored (alphabetical) one.
    parts.extend(
        detail_text(spec, treatment.details[spec.name])
        for spec in info.details
        if spec.name in treatment.details
    )
    if treatment.notes.strip():
        parts.append(f"Notes: {treatment.notes.strip().splitlines()[0][:60]}")
    return " · ".join(parts)


def needle_text(treatment: Treatment, points: dict[int, MapPoint]) -> str:
    """Every field of a needle record, for reading it without opening the editor."""
    n = treatment.needle
    assert n is not None
    yes_no = {True: "yes", False: "no", None: "not recorded"}
    lines = [
        f"Applied to: {points_text(treatment, points)}",
        f"Sterile skin preparation: {yes_no[n.sterile_prep]} · needle {n.needle_gauge} G × "
        f"{n.needle_length_mm:g} mm · {_plural(n.points_count, 'point')}",
    ]
    dose = InjectionDose.of(n)
    if dose is not None:
        lines.append(dose.describe())
        lines.append(f"Aspiration before injecting: {yes_no[n.aspiration_confirmed]}")
    response = [
        f"local twitch responses {n.twitch_responses}" if n.twitch_responses is not None else "",
        f"NRS after {n.post_nrs}" if n.post_nrs is not None else "",
    ]
    if any(response):
        lines.append("Response: " + ", ".join(r for r in response if r))
    if treatment.notes.strip():
        lines.append(f"Notes: {treatment.notes.strip()}")
    return "\n".join(lines)


class _EntryDelegate(QStyledItemDelegate):
    """Paints the bold title and the wrapped, muted detail line of an entry."""

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        bold = QFont(option.font)
        bold.setBold(True)
        return bold, QFont(option.font)

    def _width(self, option: QStyleOptionViewItem) -> int:
        view = self.parent()
        width = view.viewport().width() if isinstance(view, QListView) else option.rect.width()
        return max(width - 2 * _PAD, 80)

    def _layout(self, option: QStyleOptionViewItem, index: Index) -> tuple[QRect, QRect]:
        bold, plain = self._fonts(option)
        flags = Qt.TextFlag.TextWordWrap
        width = self._width(option)
        title = QFontMetrics(bold).boundingRect(
            QRect(0, 0, width, 10_000), flags, str(index.data(TITLE_ROLE) or "")
        )
        detail = QFontMetrics(plain).boundingRect(
            QRect(0, 0, width, 10_000), flags, str(index.data(DETAIL_ROLE) or "")
        )
        return title, detail

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        title, detail = self._layout(option, index)
        return QSize(self._width(option), title.height() + detail.height() + 2 * _PAD + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget is not None else None
        if style is not None:
            option.text = ""
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        title, detail = self._layout(option, index)
        bold, plain = self._fonts(option)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        # The palette group of the view's state: an unfocused selection is pale, and its
        # text must follow it (white on pale blue would vanish).
        group = (
            QPalette.ColorGroup.Active
            if option.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        x, y = option.rect.x() + _PAD, option.rect.y() + _PAD
        width = self._width(option)
        painter.save()
        painter.setPen(option.palette.color(group, role))
        painter.setFont(bold)
        painter.drawText(
            QRect(x, y, width, title.height()),
            Qt.TextFlag.TextWordWrap,
            str(index.data(TITLE_ROLE) or ""),
        )
        painter.setFont(plain)
        if not selected:
            painter.setPen(tone("muted"))  # read at paint time: follows the theme
        painter.drawText(
            QRect(x, y + title.height() + 2, width, detail.height()),
            Qt.TextFlag.TextWordWrap,
            str(index.data(DETAIL_ROLE) or ""),
        )
        painter.restore()


class TreatmentList(QListWidget):
    """One entry per treatment, the uid in ``UID_ROLE``; the display text holds both lines
    (what a screen reader and the tests read)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setResizeMode(QListView.ResizeMode.Adjust)  # re-wrap entries on resize
        self.setItemDelegate(_EntryDelegate(self))
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

    def add_entry(self, uid: str, title: str, detail: str) -> QListWidgetItem:
        item = QListWidgetItem(f"{title}\n{detail}", self)
        item.setData(UID_ROLE, uid)
        item.setData(TITLE_ROLE, title)
        item.setData(DETAIL_ROLE, detail)
        item.setToolTip(f"{title}\n{detail}")
        return item

    def row_of(self, uid: str) -> int:
        for row in range(self.count()):
            if self.item(row).data(UID_ROLE) == uid:
                return row
        return -1
