"""Opening the app from the command line: the database it opens, and what it says when it
cannot. Runs in-process with ``--smoke``, which exits as soon as the window is shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import bodymap.cli.gui_cmd as gui_cmd
from bodymap import cli
from bodymap.store import Mode, Store
from bodymap.ui import app
from bodymap.ui.session import Session


def test_smoke_run_on_a_database_exits_0(demo_db: Path) -> None:
    assert cli.main(["--db", str(demo_db), "--smoke"]) == 0


def test_first_run_creates_the_default_database_and_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    default = tmp_path / "data" / "Bodymap" / "bodymap.db"
    monkeypatch.setattr(gui_cmd, "default_db_path", lambda: default)

    assert cli.main(["--smoke"]) == 0

    assert default.is_file()
    with Store.open(default, Mode.READ_ONLY) as store:
        assert store.patients.count() == 0


def test_a_mistyped_db_path_is_refused_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "typo.db"

    assert cli.main(["--db", str(missing), "--smoke"]) == 1

    assert not missing.exists()
    err = capsys.readouterr().err
    assert str(missing) in err
    assert "no such database file" in err


def test_a_bad_database_shows_a_message_naming_file_and_problem(
    tmp_path: Path, error_boxes: list[tuple[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "photo.db"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))

    assert app.main(bad) == 1

    assert len(error_boxes) == 1
    assert "photo.db" in error_boxes[0][1]
    assert "not an SQLite database" in error_boxes[0][1]
    assert str(bad) in capsys.readouterr().err


def test_smoke_run_never_waits_on_a_dialog(
    tmp_path: Path, error_boxes: list[tuple[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "photo.db"
    bad.write_bytes(b"not sqlite at all")

    assert app.main(bad, smoke=True) == 1

    assert error_boxes == []
    assert "not an SQLite database" in capsys.readouterr().err


def test_demo_opens_a_seeded_temporary_database_and_removes_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[tuple[Path, int]] = []
    real_open = Session.open

    def spy(path: Path, **kwargs: Any) -> Session:
        session = real_open(path, **kwargs)
        seen.append((path, session.patient_count()))
        return session

    monkeypatch.setattr(Session, "open", staticmethod(spy))

    assert cli.main(["--demo", "--smoke"]) == 0

    [(path, patients)] = seen
    assert patients > 0
    assert not path.exists()
    assert not path.parent.exists()
