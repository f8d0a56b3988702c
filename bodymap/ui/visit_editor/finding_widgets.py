"""Small input widgets of the Findings form.

The number boxes accept more than the domain allows on purpose: a value out of range is
then typed, refused by the domain and explained next to the field, instead of the key
press being swallowed without a word.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QSpinBox, QWidget

BLANK = "–"  # shown for 'not assessed' / 'no trial': the box's minimum


class OptionalSpinBox(QSpinBox):
    """A whole number or nothing: clearing the text gives the minimum, shown as a dash."""

    def __init__(self, lo: int, hi: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(lo, hi)
        self.setSpecialValueText(BLANK)

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:  # Qt override
        if not text.strip():
            return QValidator.State.Acceptable, text, pos
        return super().validate(text, pos)

    def valueFromText(self, text: str) -> int:  # noqa: N802 - Qt override
        if not text.strip() or text == self.specialValueText():
            return self.minimum()
        return super().valueFromText(text)

    def optional_value(self) -> int | None:
        return None if self.value() == self.minimum() else self.value()

    def set_optional_value(self, value: int | None) -> None:
        self.setValue(self.minimum() if value is None else value)


class OptionalDoubleSpinBox(QDoubleSpinBox):
    """A positive number or nothing (0, shown as a dash), with two decimals."""

    def __init__(self, hi: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(2)
        self.setRange(0.0, hi)
        self.setSingleStep(0.1)
        self.setSpecialValueText(BLANK)
        self.setAccelerated(True)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("000.00") + 24)

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:  # Qt override
        if not text.strip():
            return QValidator.State.Acceptable, text, pos
        return super().validate(text, pos)

    def valueFromText(self, text: str) -> float:  # noqa: N802 - Qt override
        if not text.strip() or text == self.specialValueText():
            return self.minimum()
        return super().valueFromText(text)

    def optional_value(self) -> float | None:
        return None if self.value() <= 0 else self.value()

    def set_optional_value(self, value: float | None) -> None:
        self.setValue(0.0 if value is None else value)


def choice_combo(texts: Sequence[str], name: str, parent: QWidget | None = None) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    combo.addItems(list(texts))
    # Sized for a short choice, not the longest: the editor column is narrow, and the
    # open list still shows every text in full.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(8)
    return combo


def set_flag(widget: QWidget, prop: str, on: bool) -> None:
    """Set a style-sheet property (``error``, ``invalid``) and restyle the widget."""
    if bool(widget.property(prop)) == on:
        return
    widget.setProperty(prop, on)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
