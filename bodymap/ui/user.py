"""The person using this computer profile: their name as it goes on the records they
make (visits they start, amendments they write). Kept in QSettings, not the database,
because several clinicians share one database."""

from __future__ import annotations

from PySide6.QtCore import QSettings

CLINICIAN_KEY = "user/clinicianName"


def clinician_name() -> str:
    """The remembered name, or "" when none was given yet."""
    return str(QSettings().value(CLINICIAN_KEY, "") or "").strip()


def remember_clinician_name(name: str) -> None:
    QSettings().setValue(CLINICIAN_KEY, name.strip())
