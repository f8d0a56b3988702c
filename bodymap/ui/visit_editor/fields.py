"""Small input pieces shared by the visit editor's tabs.

- :class:`NumberField`: one number typed as text, checked against its range when editing
  finishes, refused with a message that names the field and the allowed values.
- :class:`ErrorLabel`: the line under a field saying why its value was refused.
- :class:`TextAutosave`: saves a free-text field after a pause in typing and on focus-out.
- :class:`DateField`: a date edit that Tab leaves, as it leaves every other field.
- :func:`set_invalid`: the red "refused" look of a field (a rule of the app's style sheet).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDateEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

AUTOSAVE_DELAY_MS = 600


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Give ``widget`` (or take away) the refused look; it stays while the field has focus,
    so the user sees which value to correct."""
    if bool(widget.property("invalid")) == invalid:
        return
    # The app's style sheet draws it, in the current theme's colours (line edits, spin and
    # date boxes, plain-text edits), and re-applies it when the theme changes.
    widget.setProperty("invalid", invalid)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


class ErrorLabel(QLabel):
    """Why a value was refused, in the error colour; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("error", True)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.show_message("")


class InputError(ValueError):
    """A typed value that cannot be stored; the message is ready to show."""


# Digits, a minus sign and one decimal point or comma: enough to type any wrong number
# (so it can be explained) but not letters. Every string it admits is 'Acceptable', which
# keeps QLineEdit emitting editingFinished; the range is checked by the field itself.
_NUMBER_PATTERN = QRegularExpression(r"-?[0-9]{0,7}([.,][0-9]{0,4})?")


class NumberField(QLineEdit):
    """One optional number with a range, typed as text.

    Empty means "not recorded". When editing finishes (Enter, Tab, focus-out) the text is
    checked: a value out of range, not whole where it must be, or not a number is refused
    with a message in :attr:`error_label` (placed by the owner) and the refused look; the
    text stays for correction and nothing is emitted. A valid value different from the
    loaded one is emitted as :attr:`valueEntered` (``int`` for whole-number fields,
    ``float`` otherwise, ``None`` for empty); the owner stores it and loads the stored value
    back with :meth:`set_value`, or calls :meth:`show_error` when storing fails.

    Enter commits and moves on to the next field like Tab, unless the value was refused.
    """

    valueEntered = Signal(object)  # noqa: N815 - Qt signal naming

    def __init__(
        self,
        name: str,
        lo: float,
        hi: float,
        *,
        integer: bool = False,
        allowed: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = name
        self.lo, self.hi = lo, hi
        self.integer = integer
        # How the range reads to the user, units included ('0 to 110°').
        self.allowed = allowed or f"{lo:g} to {hi:g}"
        self._value: float | None = None
        self.error_label = ErrorLabel(parent)
        self.setValidator(QRegularExpressionValidator(_NUMBER_PATTERN, self))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setMaxLength(12)
        self.setToolTip(f"{name}: {self._whole()}{self.allowed}; leave empty if not recorded")
        self.editingFinished.connect(self.commit)

    def _whole(self) -> str:
        return "a whole number, " if self.integer else ""

    # --- value ---------------------------------------------------------------------------

    def value(self) -> float | None:
        """The value last loaded with :meth:`set_value` (what is stored)."""
        return self._value

    def set_value(self, value: float | None) -> None:
        """Show a stored value; clears any refusal. Emits nothing."""
        self._value = value
        text = "" if value is None else f"{value:g}"
        if self.text() != text:
            self.setText(text)
            self.setCursorPosition(len(text))
        self.clear_error()

    def parse(self) -> float | None:
        """The typed value, or :class:`InputError` saying what is allowed."""
        text = self.text().strip()
        if not text:
            return None
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise InputError(self._refusal(f"“{text}” is not a number"))
        if not self.lo <= number <= self.hi:
            raise InputError(self._refusal(f"{text} is out of range"))
        if self.integer:
            if not number.is_integer():
                raise InputError(self._refusal(f"{text} is not a whole number"))
            return int(number)
        return number

    def _refusal(self, why: str) -> str:
        return f"{self.name}: {self._whole()}{self.allowed} — {why}, not saved"

    # --- committing ----------------------------------------------------------------------

    def commit(self) -> bool:
        """Check the text; emit :attr:`valueEntered` if it is a new valid value.

        Returns False when the text was refused.
        """
        if self.isReadOnly():
            return True
        try:
            value = self.parse()
        except InputError as exc:
            self.show_error(str(exc))
            return False
        self.clear_error()
        if value != self._value:
            self.valueEntered.emit(value)
        else:
            self.set_value(value)  # same number: show it as stored ('55.0' -> '55')
        return not self.has_error()

    def show_error(self, message: str) -> None:
        self.error_label.show_message(message)
        self.setToolTip(message)
        set_invalid(self, True)

    def clear_error(self) -> None:
        if self.has_error():
            self.error_label.clear_message()
            self.setToolTip(f"{self.name}: {self._whole()}{self.allowed}")
            set_invalid(self, False)

    def has_error(self) -> bool:
        return bool(self.property("invalid"))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # Enter works like Tab (fast entry down the form) but never skips past a
            # refused value; it is not passed on, so no dialog's default button fires.
            event.accept()
            if self.commit():
                self.focusNextChild()
            return
        super().keyPressEvent(event)


class DateField(QDateEdit):
    """A QDateEdit for a keyboard-driven form: Tab and Shift+Tab leave the field instead
    of walking through year, month and day (and instead of being swallowed while the
    special "not set" text shows). Left/Right and typing a separator still move between
    the parts of the date."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            event.accept()
            QWidget.focusNextPrevChild(self, event.key() == Qt.Key.Key_Tab)
            return
        super().keyPressEvent(event)


TextWidget = QLineEdit | QPlainTextEdit


def widget_text(widget: TextWidget) -> str:
    return widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()


class TextAutosave(QObject):
    """Saves a free-text field ~600 ms after the last keystroke and when it loses focus.

    ``save(text)`` writes the text (and shows any refusal itself); the owner tells what is
    stored with :meth:`load`, which never triggers a save. :meth:`flush` saves at once if
    the text differs from what was loaded (call it before the field goes away).
    """

    def __init__(
        self,
        widget: TextWidget,
        save: Callable[[str], None],
        delay_ms: int = AUTOSAVE_DELAY_MS,
    ) -> None:
        super().__init__(widget)
        self.widget = widget
        self._save = save
        self._loaded = widget_text(widget)
        self._loading = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.flush)
        widget.textChanged.connect(self._on_text_changed)
        widget.installEventFilter(self)

    @property
    def loaded(self) -> str:
        return self._loaded

    @property
    def pending(self) -> bool:
        """Typed text not saved yet."""
        return widget_text(self.widget) != self._loaded

    def load(self, text: str) -> None:
        """Show stored text. Left alone when the field already shows it, so saving what is
        typed does not jump the cursor back to the start."""
        self._loaded = text
        if widget_text(self.widget) != text:
            self._loading = True
            try:
                if isinstance(self.widget, QLineEdit):
                    self.widget.setText(text)
                else:
                    self.widget.setPlainText(text)
            finally:
                self._loading = False
        self.timer.stop()

    def flush(self) -> None:
        self.timer.stop()
        if self.pending:
            self._save(widget_text(self.widget))

    def stop(self) -> None:
        """Forget the timer (the field is going away or becoming read-only)."""
        self.timer.stop()

    def _on_text_changed(self, *_: object) -> None:
        if not self._loading:
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.widget and event.type() == QEvent.Type.FocusOut:
            self.flush()
        return False
