"""When a database cannot be opened because the file itself is damaged or gone, offer
the newest backup that passes its checks, and restore it only when the user says so.

Other refusals (a newer app's file, a locked or read-only one) are not damage: a backup
would be older than the file, so only the message is shown for those.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from bodymap.store import StoreError
from bodymap.store.backup import BackupFacts, latest_good_backup, list_backups, restore_database
from bodymap.store.errors import DatabaseMissing, DiskError, NotADatabase
from bodymap.ui.errors import database_error_text, show_database_error

# The refusals a backup can help with: the file is damaged, unreadable or gone.
RECOVERABLE = (NotADatabase, DatabaseMissing, DiskError)


def recoverable_backup(db_path: Path, exc: StoreError) -> BackupFacts | None:
    """The backup to offer for this failure, or None."""
    if not isinstance(exc, RECOVERABLE):
        return None
    return latest_good_backup(db_path)


def _taken(facts: BackupFacts, db_path: Path) -> str:
    for info in list_backups(db_path):
        if info.path == facts.path:
            return info.taken.astimezone().strftime("%d %b %Y %H:%M")
    return "an unknown date"


def offer_backup(
    parent: QWidget | None, db_path: Path, exc: StoreError, *, lock_held: bool = False
) -> bool:
    """Say why ``db_path`` cannot be opened; if a good backup exists, offer to restore it.
    True when it was restored (the caller opens the database again). ``lock_held``: the
    caller holds the database's instance lock, as the app does while starting."""
    facts = recoverable_backup(db_path, exc)
    if facts is None:
        show_database_error(parent, exc)
        return False
    box = QMessageBox(parent)
    box.setObjectName("restoreOffer")
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Cannot open database")
    box.setText(database_error_text(exc))
    kept = " A copy of the file that failed is kept in the backups folder." * db_path.exists()
    box.setInformativeText(
        f"The latest good backup is {facts.path.name}, taken {_taken(facts, db_path)} "
        f"({facts.describe()}). Changes made after it are not in it.\n\n"
        f"Restore it?{kept}"
    )
    restore = box.addButton("Restore Backup", QMessageBox.ButtonRole.AcceptRole)
    restore.setObjectName("restoreButton")
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(restore)
    box.exec()
    if box.clickedButton() is not restore:
        return False
    try:
        restore_database(facts.path, db_path, caller_holds_lock=lock_held)
    except StoreError as failed:
        QMessageBox.critical(parent, "Restore failed", f"Nothing was changed: {failed}")
        return False
    return True
