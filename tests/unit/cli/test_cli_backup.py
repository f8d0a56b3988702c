"""``bodymap backup | restore`` and the audit lines of ``bodymap check``: one line naming the
file for every refusal, and a database left as it was."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from bodymap.cli import main
from bodymap.domain.patient import Patient, Sex
from bodymap.store import Mode, Store
from bodymap.store.instance_lock import InstanceLock
from bodymap.store.migrations import STEP_NAMES

VERSION = len(STEP_NAMES)

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def go(*argv: str | Path) -> tuple[int, str, str]:
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return go


@pytest.fixture
def chart(tmp_path: Path) -> Path:
    path = tmp_path / "chart.db"
    with Store.open(path, Mode.CREATE) as s:
        s.patients.add(
            Patient(
                chart_no="C-1",
                family_name="Okafor",
                given_names="Ada",
                date_of_birth=dt.date(1980, 5, 1),
                sex=Sex.FEMALE,
            )
        )
    return path


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and err.startswith("bodymap: "), err
    return err.removeprefix("bodymap: ").rstrip("\n")


def test_backup_writes_a_verified_copy(run: Run, chart: Path) -> None:
    code, out, err = run("backup", "--db", chart)
    assert (code, err) == (0, "")
    (written,) = (chart.parent / "backups").iterdir()
    assert out == (
        f"{chart}: backed up to {written} (schema version {VERSION}, 1 patient, 0 visits, "
        "audit trail of 1 entry; verified)\n"
    )
    code, out, _ = run("backup", "--db", chart, "--list")
    assert code == 0
    assert out.rstrip().endswith(f"manual         {written}")


def test_backup_to_a_named_file_never_overwrites(run: Run, chart: Path, tmp_path: Path) -> None:
    target = tmp_path / "monday.db"
    assert run("backup", "--db", chart, "-o", target)[0] == 0
    before = snapshot(target)
    code, _, err = run("backup", "--db", chart, "--to", target)
    assert code == 1
    assert (
        one_line(err)
        == f"{target}: already exists; give a new file name (a backup never overwrites)"
    )
    assert snapshot(target) == before


def test_backup_of_a_missing_database(run: Run, tmp_path: Path) -> None:
    code, _, err = run("backup", "--db", tmp_path / "nope.db")
    assert code == 1
    assert one_line(err) == f"{tmp_path / 'nope.db'}: no such database file"


def test_restore_replaces_and_keeps_the_old_file(run: Run, chart: Path, tmp_path: Path) -> None:
    saved = tmp_path / "saved.db"
    run("backup", "--db", chart, "-o", saved)
    with Store.open(chart) as s:
        s.patients.delete(1)
    code, out, err = run("restore", "--db", chart, saved)
    assert (code, err) == (0, "")
    first, second = out.splitlines()
    assert first == (
        f"{chart}: restored from {saved} (schema version {VERSION}, 1 patient, 0 visits, "
        "audit trail of 1 entry)"
    )
    assert second.startswith(f"the database it replaced is kept as {chart.parent / 'backups'}/")
    code, out, _ = run("check", "--db", chart)
    assert code == 0
    assert "audit trail: ok (2 entries, head " in out


def test_restore_refuses_a_bad_backup_with_exit_status_2(
    run: Run, chart: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.db"
    bad.write_text("a shopping list")
    before = snapshot(chart)
    code, out, err = run("restore", "--db", chart, bad)
    assert (code, out) == (2, "")
    assert one_line(err) == f"{bad}: is not an SQLite database; nothing was restored"
    assert snapshot(chart) == before


def test_restore_refuses_while_the_app_is_open(run: Run, chart: Path, tmp_path: Path) -> None:
    saved = tmp_path / "saved.db"
    run("backup", "--db", chart, "-o", saved)
    before = snapshot(chart)
    with InstanceLock(chart):
        code, _, err = run("restore", "--db", chart, saved)
    assert code == 1
    line = one_line(err)
    assert line.startswith(f"{chart}: is already open in another Bodymap window")
    assert line.endswith("; nothing was restored")
    assert snapshot(chart) == before


def test_check_reports_an_edit_made_behind_the_apps_back(run: Run, chart: Path) -> None:
    code, out, _ = run("check", "--db", chart)
    assert code == 0
    assert "audit trail: ok (1 entry, head " in out
    conn = sqlite3.connect(chart)
    conn.execute("DROP TRIGGER audit_patient_update")
    conn.execute("UPDATE patient SET family_name = 'Someone Else'")
    conn.commit()
    conn.close()
    code, out, err = run("check", "--db", chart)
    assert code == 1
    assert "audit trail: PROBLEMS (1 entry, head " in out
    assert one_line(err) == (
        f"{chart}: not sound (1 problem; first: audit: patient 1 differs from its audit entry 1 "
        "in family_name (changed outside the trail))"
    )


def test_the_commands_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    listed = capsys.readouterr().out
    assert "backup" in listed
    assert "restore" in listed
