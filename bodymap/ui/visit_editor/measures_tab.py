"""The Measures tab: outcome measures of the visit (DOMAIN.md section 5) in one grid.

Pain first, then each range-of-motion movement with left and right side by side, then the
Neck Disability Index. Each value is saved when its field is left (Tab, Enter, a click
elsewhere) as one undo step; an empty field means "not recorded". Beside each value: the
normal range and the previous visit's value with what the change means.
"""

from __future__ import annotations

import contextlib
import itertools

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from bodymap.domain.measures import MeasureKind
from bodymap.domain.validation import ValidationError
from bodymap.ui import formatting
from bodymap.ui.scrolling import frameless_scroll
from bodymap.ui.undo import EDIT_ERRORS, error_text
from bodymap.ui.visit_editor.context import VisitContext
from bodymap.ui.visit_editor.fields import NumberField
from bodymap.ui.visit_editor.measure_text import (
    Row,
    Section,
    compare,
    movement_label,
    normal_text,
    number_text,
    range_text,
    sections,
    with_unit,
)

# Alt+letter on a block's title jumps to its first field. Letters chosen not to clash
# with the window's menus (F, E, P, H) or the editor's tab titles (V, F, T, M, A).
_MNEMONICS = {
    "Pain": "i",
    "Cervical spine": "C",
    "Thoracic spine": "o",
    "Shoulder": "S",
    "Disability": "D",
}
_FIELD_CHARS = "0000.0"  # the widest value a field must show without scrolling


def _with_mnemonic(text: str) -> str:
    letter = _MNEMONICS.get(text)
    if letter is None or letter not in text:
        return text
    at = text.index(letter)
    return f"{text[:at]}&{text[at:]}"


def _muted(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setProperty("muted", True)
    return label


class MeasureCell(QWidget):
    """One measure's entry, 'L [ 55 ]°', and the line saying how it changed since the
    previous visit (:attr:`comparison`, placed by the tab under the row so that it can use
    the row's full width)."""

    def __init__(self, kind: MeasureKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.field = NumberField(
            kind.label, kind.lo, kind.hi, integer=kind.integer, allowed=range_text(kind)
        )
        self.field.setObjectName(f"measure_{kind.id}")
        self.field.setPlaceholderText("–")
        width = self.field.fontMetrics().horizontalAdvance(_FIELD_CHARS) + 14
        self.field.setFixedWidth(width)
        self.comparison = _muted(parent=parent)
        self.comparison.setObjectName(f"measureChange_{kind.id}")
        self.comparison.setWordWrap(True)
        small = QFont(self.comparison.font())
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.comparison.setFont(small)
        self.comparison.hide()

        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(4)
        if kind.side:
            side = _muted(kind.side, self)
            side.setToolTip("left" if kind.side == "L" else "right")
            line.addWidget(side)
        line.addWidget(self.field)
        # '/10' says which scale; degrees and millimetres say which unit.
        line.addWidget(_muted(kind.unit, self))
        line.addStretch(1)

    def show_values(self, value: float | None, previous: float | None) -> None:
        """Show the stored value (unless it is the one already there, so a refused entry
        waiting for correction stays) and the comparison with the previous visit."""
        if value != self.field.value():
            self.field.set_value(value)
        comparison = compare(self.kind, previous, value)
        side = f"{self.kind.side}: " if self.kind.side and comparison.text else ""
        self.comparison.setText(side + comparison.text)
        self.comparison.setToolTip(comparison.detail)
        self.comparison.setVisible(bool(comparison.text))


class _SectionTitle(QWidget):
    """'Cervical spine  CROM or inclinometer': the bold title and a muted note."""

    def __init__(self, section: Section, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 6, 0, 0)
        line.setSpacing(10)
        self.heading = QLabel(_with_mnemonic(section.title), self)
        self.heading.setProperty("sectionTitle", True)
        line.addWidget(self.heading, 0, Qt.AlignmentFlag.AlignBottom)
        if section.note:
            note = _muted(section.note, self)
            note.setToolTip(section.note)
            # A side remark: in a narrow column it is cut off rather than widening the grid.
            note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            line.addWidget(note, 1, Qt.AlignmentFlag.AlignBottom)
        else:
            line.addStretch(1)


class MeasuresTab(QWidget):
    """Outcome measures of the visit; see the module doc."""

    def __init__(self, context: VisitContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("measuresTab")
        self.context = context
        self._closed = False
        self.cells: dict[str, MeasureCell] = {}
        self.fields: dict[str, NumberField] = {}

        self.read_only_label = QLabel(self)
        self.read_only_label.setObjectName("measuresReadOnly")
        self.read_only_label.setProperty("warning", True)
        self.read_only_label.setWordWrap(True)
        self.compared_label = _muted()
        self.compared_label.setObjectName("measuresComparedWith")
        self.compared_label.setWordWrap(True)

        content = QWidget()
        content.setObjectName("measuresContent")
        grid = QGridLayout(content)
        grid.setContentsMargins(2, 2, 8, 8)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(4, 1)
        grid.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        grid_row = 0
        for section in sections():
            title_row = grid_row
            grid_row += 1
            for row in section.rows:
                grid_row = self._add_row(grid, grid_row, row, content)
            title = _SectionTitle(section, content)
            title.heading.setBuddy(self.fields[section.rows[0].kinds[0].id])
            grid.addWidget(title, title_row, 0, 1, 3 if section.has_normals else 5)
            if section.has_normals:
                header = _muted("normal", content)
                header.setToolTip("Adult normal range of motion (AAOS; thoracic: Johnson 2012)")
                grid.addWidget(header, title_row, 3, Qt.AlignmentFlag.AlignBottom)

        scroll = frameless_scroll(content, self, "measuresScroll")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 0, 0)
        layout.addWidget(self.read_only_label)
        layout.addWidget(self.compared_label)
        layout.addWidget(scroll, 1)

        # Pain block, then each movement left then right, then NDI: the order in which a
        # clinician asks and measures, and the order of the rows on screen.
        self.focus_order: tuple[NumberField, ...] = tuple(self.fields.values())
        for first, second in itertools.pairwise(self.focus_order):
            QWidget.setTabOrder(first, second)

        model = context.model
        model.measuresChanged.connect(self.refresh)
        model.visitChanged.connect(self._update_compared)
        model.readOnlyChanged.connect(self._apply_read_only)
        self.refresh()
        self._update_compared()
        self._apply_read_only(model.read_only)

    def _add_row(self, grid: QGridLayout, at: int, row: Row, content: QWidget) -> int:
        """Put one measure (or a left/right pair) on the grid; returns the next free row."""
        first = row.kinds[0]
        label = QLabel(row.label, content)
        label.setToolTip(f"{movement_label(first)}: {range_text(first)}")
        cells = [MeasureCell(kind, content) for kind in row.kinds]
        normal = _muted(normal_text(first), content)
        if normal.text():
            normal.setToolTip(f"{movement_label(first)}: adult normal {normal.text()}")
        grid.addWidget(label, at, 0)
        if len(cells) == 1:
            grid.addWidget(cells[0], at, 1, 1, 2)
        else:
            for column, cell in enumerate(cells, start=1):
                grid.addWidget(cell, at, column)
        grid.addWidget(normal, at, 3)
        at += 1
        # Under the fields, one line per side, as wide as the row allows; then the refusals,
        # the full width ("Cervical rotation L: 0 to 110° — ...").
        for cell in cells:
            grid.addWidget(cell.comparison, at, 1, 1, 4)
            at += 1
        for cell in cells:
            cell.field.error_label.setObjectName(f"measureError_{cell.kind.id}")
            grid.addWidget(cell.field.error_label, at, 0, 1, 5)
            at += 1
        for cell in cells:
            kind_id = cell.kind.id
            cell.field.valueEntered.connect(
                lambda value, kind=cell.kind: self._on_value_entered(kind, value)
            )
            self.cells[kind_id] = cell
            self.fields[kind_id] = cell.field
        return at

    # --- following the model ---------------------------------------------------------------

    def refresh(self) -> None:
        """Show what is stored (after an edit, an undo, or a change made elsewhere)."""
        if self._closed:
            return
        model = self.context.model
        stored = model.measures()
        previous = model.previous_measures()
        for kind_id, cell in self.cells.items():
            cell.show_values(stored.get(kind_id), previous.get(kind_id))

    def _update_compared(self) -> None:
        model = self.context.model
        before = model.previous_visit
        if before is None:
            text = "First visit: nothing earlier to compare with."
        else:
            days = (model.visit.visit_date - before.visit_date).days
            text = (
                f"Changes are against the visit of {formatting.date_text(before.visit_date)} "
                f"({formatting.count_text(days, 'day')} earlier)."
            )
        if not model.read_only:
            text += " Leave a field empty if it was not measured."
        self.compared_label.setText(text)

    def _apply_read_only(self, read_only: bool) -> None:
        self.read_only_label.setText(self.context.model.read_only_reason)
        self.read_only_label.setVisible(read_only)
        self._update_compared()
        for field in self.fields.values():
            field.setReadOnly(read_only)
            field.setFrame(not read_only)  # a signed value reads as text, not as a field
            if read_only:
                field.set_value(field.value())  # drop a refused entry: nothing can change

    # --- writing ----------------------------------------------------------------------------

    def _on_value_entered(self, kind: MeasureKind, value: float | None) -> None:
        if self._closed:
            return
        model = self.context.model
        old = model.measures().get(kind.id)
        if value is None:
            what = f"Clear {kind.label}"
        else:
            what = f"Record {kind.label} {with_unit(number_text(value), kind.unit)}"
        try:
            self.context.edit(
                what,
                lambda: model.record_measure(kind.id, value),
                lambda: model.record_measure(kind.id, old),
            )
        except EDIT_ERRORS as exc:
            if isinstance(exc, ValidationError):  # the domain's words, without field paths
                why = "; ".join(e.message for e in exc.errors)
            else:
                why = error_text(exc)
            self.fields[kind.id].show_error(f"{kind.label}: {why}, not saved")

    def cleanup(self) -> None:
        """Save a value still being typed (no undo step: the visit's history is being
        dropped with it), then stop following the model."""
        if self._closed:
            return
        model = self.context.model
        self._closed = True
        if not model.read_only and model.session.is_open:
            for kind_id, field in self.fields.items():
                # A refused entry (InputError) stays unsaved, as it was on screen.
                with contextlib.suppress(ValueError, *EDIT_ERRORS):
                    value = field.parse()
                    if value != field.value():
                        model.record_measure(kind_id, value)
        for signal, slot in (
            (model.measuresChanged, self.refresh),
            (model.visitChanged, self._update_compared),
            (model.readOnlyChanged, self._apply_read_only),
        ):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)
