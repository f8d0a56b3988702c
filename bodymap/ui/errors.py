"""Telling the user that something could not be done, in words they can act on."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from bodymap.store import StoreError


def database_error_text(exc: StoreError) -> str:
    """Which file, then what is wrong with it (the store phrases the problem)."""
    name = exc.path.name if exc.path is not None else "the database"
    return f"Bodymap cannot open {name}.\n\n{exc}"


def show_database_error(parent: QWidget | None, exc: StoreError) -> None:
    QMessageBox.critical(parent, "Cannot open database", database_error_text(exc))
