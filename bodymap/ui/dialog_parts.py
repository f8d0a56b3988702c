"""The parts every editing dialog ends with: the message that says why nothing was saved,
and the Save and Cancel buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QWidget

Button = QDialogButtonBox.StandardButton


class ErrorLabel(QLabel):
    """Hidden until there is something to say; red through the style sheet's
    ``QLabel[error="true"]`` rule, in either theme."""

    def __init__(self, name: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("error", True)
        self.setWordWrap(True)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.show()


def save_buttons(
    dialog: QDialog,
    on_save: Callable[[], None],
    *,
    save: Button = Button.Save,
    save_text: str = "",
) -> QDialogButtonBox:
    """``save`` (renamed ``save_text`` if given) and Cancel. ``on_save`` checks and stores,
    then calls ``dialog.accept()`` itself: a refused save keeps the dialog open."""
    buttons = QDialogButtonBox(save | Button.Cancel, dialog)
    if save_text:
        buttons.button(save).setText(save_text)
    buttons.accepted.connect(on_save)
    buttons.rejected.connect(dialog.reject)
    return buttons
