"""Small widgets shared by the treatment editors: the checklist of the visit's points,
number fields that say what is wrong with them, and human names for the domain's fields."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bodymap.domain.treatment import Treatment
from bodymap.domain.treatment_catalog import CATALOG
from bodymap.domain.validation import FieldError
from bodymap.ui.body_map.map_editor import MapPoint

# Names the clinician reads for the domain's field paths (without the 'treatment.' prefix).
FIELD_NAMES = {
    "trigger_point_ids": "Applied to",
    "notes": "Notes",
    "needle": "Needle record",
    "needle.agent": "Agent",
    "needle.sterile_prep": "Sterile skin preparation",
    "needle.needle_gauge": "Needle gauge",
    "needle.needle_length_mm": "Needle length",
    "needle.points_count": "Number of points",
    "needle.concentration_percent": "Concentration",
    "needle.with_epinephrine": "With epinephrine",
    "needle.volume_per_point_ml": "Volume per point",
    "needle.corticosteroid_mg": "Corticosteroid dose",
    "needle.aspiration_confirmed": "Aspiration",
    "needle.twitch_responses": "Local twitch responses",
    "needle.post_nrs": "NRS after treatment",
}


def field_key(error: FieldError) -> str:
    """'treatment.needle.post_nrs' -> 'needle.post_nrs' (the key of the widget)."""
    return error.field.removeprefix("treatment.")


def field_name(key: str) -> str:
    if key.startswith("details."):
        name = key.removeprefix("details.")
        for info in CATALOG.values():
            for spec in info.details:
                if spec.name == name:
                    return spec.label.split(" (")[0]
        return name
    return FIELD_NAMES.get(key, key)


def error_sentence(error: FieldError) -> str:
    """'Volume per point must be above 0 up to 5 mL, not 0'."""
    return f"{field_name(field_key(error))} {error.message}"


def point_title(point: MapPoint) -> str:
    """'#1 R upper trapezius', as the treatment list and guidance name a point."""
    return f"#{point.label} {point.name}"


def points_text(treatment: Treatment, points: dict[int, MapPoint]) -> str:
    titles = [
        point_title(points[pid]) if pid in points else f"point {pid}"
        for pid in treatment.trigger_point_ids
    ]
    return ", ".join(titles) if titles else "no point linked"


class PointChecklist(QListWidget):
    """The visit's trigger points with a check box each (Space toggles the current one)."""

    checkedChanged = Signal()  # noqa: N815 - Qt signal naming

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self._loading = False
        self.itemChanged.connect(self._on_item_changed)

    def set_points(self, points: Sequence[MapPoint], checked: Iterable[int]) -> None:
        """Show ``points``; ``checked`` ids are ticked. Ids not on the map are kept (a
        point deleted from the map after the treatment was recorded) so they are not
        dropped silently by the next save."""
        wanted = set(checked)
        current = self.currentRow()
        self._loading = True
        try:
            self.clear()
            known = set()
            for point in points:
                self._add(point_title(point), point.id, point.id in wanted)
                known.add(point.id)
            for pid in sorted(wanted - known):
                self._add(f"point {pid} (not on this visit's map)", pid, True)
        finally:
            self._loading = False
        self.setCurrentRow(min(max(current, 0), self.count() - 1))
        self._fit_height()

    def _fit_height(self, shown: bool = False) -> None:
        """Tall enough for five points, scrolling beyond that."""
        rows = min(max(self.count(), 2), 5)
        row = self.sizeHintForRow(0)
        if not shown:  # before the style is applied the row height is not known yet
            row = max(row, self.fontMetrics().height() + 6)
        self.setFixedHeight(rows * row + 2 * self.frameWidth() + 4)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        self._fit_height(shown=True)
        super().showEvent(event)

    def _add(self, text: str, pid: int, checked: bool) -> None:
        item = QListWidgetItem(text, self)
        item.setData(Qt.ItemDataRole.UserRole, pid)
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def checked_ids(self) -> tuple[int, ...]:
        ids = []
        for row in range(self.count()):
            item = self.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                ids.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return tuple(ids)

    def item_for(self, point_id: int) -> QListWidgetItem | None:
        for row in range(self.count()):
            item = self.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == point_id:
                return item
        return None

    def _on_item_changed(self, _item: QListWidgetItem) -> None:
        if not self._loading:
            self.checkedChanged.emit()


class NumberEdit(QLineEdit):
    """A number typed as text: empty means 'not recorded'. ``value()`` raises ValueError
    with a sentence when the text is not a number of the right kind; the range is checked
    by the domain, which names it."""

    def __init__(self, integer: bool, hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.integer = integer
        self.hint = hint
        if hint:
            self.setPlaceholderText(hint)
            self.setToolTip(f"Allowed: {hint}")
        self.setMaximumWidth(140)

    def value(self) -> int | float | None:
        text = self.text().strip().replace(",", ".")
        if not text:
            return None
        what = "a whole number" if self.integer else "a number"
        allowed = f" ({self.hint})" if self.hint else ""
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"must be {what}{allowed}, not {self.text().strip()!r}") from None
        if not math.isfinite(number):
            raise ValueError(f"must be {what}{allowed}")
        if self.integer:
            if number != int(number):
                raise ValueError(f"must be {what}{allowed}, not {text}")
            return int(number)
        return number

    def set_value(self, value: float | None) -> None:
        self.setText("" if value is None else f"{value:g}")


class FieldBox(QWidget):
    """An input with its message underneath: an error (red, refused) or a hint."""

    def __init__(self, field: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(field)
        layout.addWidget(self.message)
        self.setFocusProxy(field)

    def _set(self, text: str, *, error: bool) -> None:
        self.message.setText(text)
        self.message.setProperty("error", error)
        self.message.setProperty("muted", not error)
        self.message.setVisible(bool(text))
        self.field.setProperty("invalid", error and bool(text))
        self.field.setToolTip(text if text else getattr(self.field, "hint", ""))
        for widget in (self.message, self.field):
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def set_error(self, text: str) -> None:
        self._set(text, error=True)

    def set_hint(self, text: str) -> None:
        self._set(text, error=False)

    def clear_message(self) -> None:
        self._set("", error=False)

    @property
    def has_error(self) -> bool:
        return bool(self.message.property("error")) and self.message.isVisibleTo(self)


TRI_STATE: tuple[tuple[str, bool | None], ...] = (
    ("Not recorded", None),
    ("Yes", True),
    ("No", False),
)


def tri_state_combo(parent: QWidget | None = None) -> QComboBox:
    combo = QComboBox(parent)
    for text, value in TRI_STATE:
        combo.addItem(text, value)
    return combo


def tri_state_value(combo: QComboBox) -> bool | None:
    return TRI_STATE[max(combo.currentIndex(), 0)][1]


def set_tri_state(combo: QComboBox, value: bool | None) -> None:
    combo.setCurrentIndex([v for _, v in TRI_STATE].index(value))
