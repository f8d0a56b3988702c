"""A database that fails to open because the file is damaged or gone: the app offers the
latest good backup, restores it only when asked, and keeps the failed file; other
refusals (a newer app's file) get their message and no offer."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from bodymap.store import Mode, Store
from bodymap.store.backup import backup_database, list_backups
from bodymap.ui import app
from bodymap.ui.main_window import MainWindow


def damage(path: Path) -> bytes:
    """Keep SQLite's header, wreck everything after it (a disk that lost its pages)."""
    data = bytearray(path.read_bytes())
    data[100:] = b"\xa5" * (len(data) - 100)
    path.write_bytes(bytes(data))
    return bytes(data)


@pytest.fixture
def backed_up(demo_db: Path) -> tuple[Path, int]:
    """The demo database with a good backup, then damaged."""
    with Store.open(demo_db, Mode.READ_ONLY) as store:
        patients = store.patients.count()
    backup_database(demo_db, kind="auto")
    damage(demo_db)
    return demo_db, patients


@pytest.fixture
def answer(qtbot: QtBot) -> Callable[[str], list[str]]:
    """Click ``button`` (an object name, or 'cancel') in the next modal box, with the
    mouse; returns the texts the box showed once it has been answered."""
    seen: list[str] = []

    def arm(button: str) -> list[str]:
        def click() -> None:
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox):
                QTimer.singleShot(20, click)  # not shown yet: look again
                return
            seen.extend((box.text(), box.informativeText()))
            if button == "cancel":
                target = box.button(QMessageBox.StandardButton.Cancel)
            else:
                target = box.findChild(QPushButton, button)
            qtbot.mouseClick(target, Qt.MouseButton.LeftButton)

        QTimer.singleShot(0, click)
        return seen

    return arm


def test_starting_on_a_damaged_file_offers_and_restores_the_backup(
    backed_up: tuple[Path, int], answer: Callable[[str], list[str]]
) -> None:
    db, patients = backed_up
    seen = answer("restoreButton")
    session = app._open_session(db, create=False, smoke=False)
    assert session is not None
    try:
        assert session.patient_count() == patients
    finally:
        session.close()
    assert seen[0].startswith("Bodymap cannot open demo.db.")
    assert "damaged or not a database" in seen[0]
    assert seen[1].startswith("The latest good backup is demo-auto-")
    assert f"{patients} patients" in seen[1]
    kinds = sorted(b.kind for b in list_backups(db))
    assert kinds == ["auto", "before-restore"]  # the failed file is kept too


def test_declining_the_offer_changes_nothing(
    backed_up: tuple[Path, int], answer: Callable[[str], list[str]]
) -> None:
    db, _ = backed_up
    before = db.read_bytes()
    answer("cancel")
    assert app._open_session(db, create=False, smoke=False) is None
    assert db.read_bytes() == before
    assert [b.kind for b in list_backups(db)] == ["auto"]


def test_a_smoke_run_never_waits_for_an_answer(backed_up: tuple[Path, int]) -> None:
    db, _ = backed_up
    before = db.read_bytes()
    assert app._open_session(db, create=False, smoke=True) is None
    assert db.read_bytes() == before


def test_no_offer_without_a_good_backup_or_for_a_newer_apps_file(
    demo_db: Path, tmp_path: Path, error_boxes: list[tuple[str, str]]
) -> None:
    damage(demo_db)  # no backup of it exists
    assert app._open_session(demo_db, create=False, smoke=False) is None
    assert "damaged or not a database" in error_boxes[-1][1]

    newer = tmp_path / "newer.db"
    Store.open(newer, Mode.CREATE).close()
    backup_database(newer, kind="auto")
    with Store.open(newer) as store:
        store.db.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('bodymap', 'm999_future', '2030-01-01')"
        )
    assert app._open_session(newer, create=False, smoke=False) is None
    assert "newer" in error_boxes[-1][1]


def test_opening_a_damaged_file_from_the_window_restores_it_on_request(
    open_window: Callable[[Path], MainWindow],
    demo_db_template: Path,
    tmp_path: Path,
    backed_up: tuple[Path, int],
    answer: Callable[[str], list[str]],
) -> None:
    other = tmp_path / "other.db"
    shutil.copyfile(demo_db_template, other)
    window = open_window(other)
    db, patients = backed_up
    answer("restoreButton")
    assert window.open_database(db)
    assert window.session.path == db
    assert window.session.patient_count() == patients


def test_a_visit_holding_a_record_another_program_broke_says_so(
    qtbot: QtBot, open_window: Callable[[Path], MainWindow], demo_db: Path
) -> None:
    with Store.open(demo_db, Mode.READ_ONLY) as store:
        draft = next(
            v for p in store.patients.search("") for v in store.visits.for_patient(p.id or 0)
            if not v.is_signed and store.findings.for_visit(v.id or 0)
        )  # fmt: skip
        patient = store.patients.get(draft.patient_id)
        finding = store.findings.for_visit(draft.id or 0)[0]
    with sqlite3.connect(demo_db) as conn:  # SQLite's CHECK lets 1.5 through
        conn.execute("UPDATE finding SET nrs_on_compression = 1.5 WHERE id = ?", [finding.id])
    conn.close()
    window = open_window(demo_db)
    view = window.patients.view
    row = window.patients.model.row_of(patient.id or -1)
    assert row is not None
    index = window.patients.model.index(row)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )
    window.patient_view.open_visit(draft.id or 0)
    panel = window.patient_view.visit_panel
    qtbot.waitUntil(lambda: panel.empty.isVisible())
    assert panel.empty.text().startswith(
        f"This visit cannot be shown: finding {finding.id} (finding table) cannot be read: "
        "finding.nrs_on_compression: must be a whole number from 0 to 10, not 1.5."
    )
    assert panel.map_panel is None and panel.editor is None
