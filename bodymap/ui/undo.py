"""Undo commands that write through the store, shared by the map and the visit editor.

A command is applied once by :func:`push_command` before it goes on the stack, so an edit
the store refuses (a signed visit, a constraint, a bad value) never becomes an undo step.
Afterwards QUndoStack's redo/undo call ``apply``/``revert``; a failure there is reported
through ``failed`` (the owner re-reads the store, so the screen shows the truth even then).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from bodymap.domain.validation import ValidationError
from bodymap.store.errors import StoreError

EDIT_ERRORS = (StoreError, ValidationError, KeyError)


def error_text(exc: BaseException) -> str:
    if isinstance(exc, StoreError):
        return exc.problem
    if isinstance(exc, KeyError) and exc.args:
        return str(exc.args[0])
    return str(exc)


class StoreCommand(QUndoCommand):
    """Subclasses implement ``apply`` and ``revert``; ``failed`` reports a later failure."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._pushed_applied = False

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def failed(self, message: str) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        if self._pushed_applied:
            self._pushed_applied = False  # push_command already applied it
            return
        self._guard(self.apply)

    def undo(self) -> None:
        self._guard(self.revert)

    def _guard(self, action: Callable[[], None]) -> None:
        try:
            action()
        except EDIT_ERRORS as exc:
            self.failed(f"Could not {self.text().lower()}: {error_text(exc)}")


class CallCommand(StoreCommand):
    """An edit given as two callables, for forms whose edits are 'set this to that'."""

    def __init__(
        self,
        text: str,
        apply: Callable[[], object],
        revert: Callable[[], object],
        on_failure: Callable[[str], None],
    ) -> None:
        super().__init__(text)
        self._apply = apply
        self._revert = revert
        self._on_failure = on_failure

    def apply(self) -> None:
        self._apply()

    def revert(self) -> None:
        self._revert()

    def failed(self, message: str) -> None:
        self._on_failure(message)


def push_command(stack: QUndoStack, command: StoreCommand) -> None:
    """Apply ``command`` and, if the store accepted it, put it on the stack.

    Raises what the edit raised (``EDIT_ERRORS``); nothing is pushed then.
    """
    command.apply()
    command._pushed_applied = True
    stack.push(command)
