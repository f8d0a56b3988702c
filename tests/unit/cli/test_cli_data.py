"""``bodymap demo | export | import | check``: success paths, and every bad input ending in
one line naming the file, a non-zero exit status and an untouched database."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bodymap.cli import main
from bodymap.cli.common import CommandError, default_db_path
from bodymap.store import Mode, Store, audit
from bodymap.store.migrations import STEP_NAMES

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def go(*argv: str | Path) -> tuple[int, str, str]:
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return go


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def one_line(err: str, starts: str) -> str:
    assert err.endswith("\n")
    assert err.count("\n") == 1, err
    assert err.startswith(f"bodymap: {starts}"), err
    return err


@pytest.fixture
def chart(tmp_path: Path) -> Path:
    """A small database with one patient and one signed visit."""
    import datetime as dt

    from bodymap.domain.patient import Patient
    from bodymap.domain.visit import Visit

    path = tmp_path / "chart.db"
    with Store.open(path, Mode.CREATE) as s:
        p = s.patients.add(
            Patient(
                chart_no="C-7",
                family_name="Haddad",
                given_names="Rim",
                date_of_birth=dt.date(1985, 3, 9),
            )
        )
        assert p.id is not None
        v = s.visits.add(
            Visit(patient_id=p.id, visit_date=dt.date(2026, 1, 12), clinician="L. Ito")
        )
        assert v.id is not None
        s.measurements.record(v.id, "nrs_now", 5)
        s.visits.sign(v.id, "L. Ito", dt.datetime(2026, 1, 12, 10, 0, tzinfo=dt.UTC))
    return path


# --- bad databases, every command ----------------------------------------------------------


def _text_file(path: Path) -> None:
    path.write_text("patient list\n", encoding="utf-8")


def _garbage_after_header(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40)


def _newer(path: Path) -> None:
    with Store.open(path, Mode.CREATE) as s:
        s.db.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('bodymap', 'm999_from_the_future', '2030-01-01')"
        )


BAD_DATABASES = {
    "text": (_text_file, "is not an SQLite database"),
    "corrupt": (_garbage_after_header, "damaged or not a database"),
    "newer": (_newer, "newer Bodymap (schema steps m999_from_the_future)"),
}


@pytest.fixture
def exchange_file(chart: Path, tmp_path: Path, run: Run) -> Path:
    out = tmp_path / "chart.json"
    assert run("export", "--db", chart, "-o", out)[0] == 0
    # A chart not in the bad databases: a clash cannot be what refuses it.
    return out


def _commands(db: Path, exchange: Path, tmp_path: Path) -> dict[str, list[str | Path]]:
    return {
        "demo": ["demo", "--db", db],
        "export": ["export", "--db", db, "-o", tmp_path / "out.json"],
        "import": ["import", "--db", db, exchange],
        "check": ["check", "--db", db],
    }


@pytest.mark.parametrize("command", ["demo", "export", "import", "check"])
@pytest.mark.parametrize("kind", sorted(BAD_DATABASES))
def test_a_bad_database_is_one_line_and_untouched(
    run: Run, tmp_path: Path, exchange_file: Path, command: str, kind: str
) -> None:
    db = tmp_path / f"{kind}.db"
    make, message = BAD_DATABASES[kind]
    make(db)
    before = snapshot(db)
    code, out, err = run(*_commands(db, exchange_file, tmp_path)[command])
    assert code == 1
    assert message in one_line(err, f"{db}: ")
    assert out == ""
    assert snapshot(db) == before
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize("command", ["export", "check"])
def test_a_missing_database_is_not_created(
    run: Run, tmp_path: Path, exchange_file: Path, command: str
) -> None:
    db = tmp_path / "none.db"
    code, _, err = run(*_commands(db, exchange_file, tmp_path)[command])
    assert code == 1
    assert "no such database file" in one_line(err, f"{db}: ")
    assert not db.exists()


@pytest.fixture
def locked(chart: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The chart held by another program that locked it for itself alone."""
    original = Store.open

    def quick(path: Path | str, mode: Mode = Mode.READ_WRITE) -> Store:
        return original(path, mode, busy_timeout_ms=50)  # no five-second wait in tests

    monkeypatch.setattr(Store, "open", quick)
    holder = sqlite3.connect(chart, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("DELETE FROM setting")  # a write: the exclusive lock is taken now
    try:
        yield chart
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.mark.parametrize("command", ["demo", "export", "import", "check"])
def test_a_locked_database_is_one_line_and_untouched(
    run: Run, locked: Path, tmp_path: Path, command: str
) -> None:
    exchange = tmp_path / "other.json"
    exchange.write_text(
        json.dumps({"format": "bodymap-exchange", "version": 1, "patients": []}), encoding="utf-8"
    )
    before = snapshot(locked)
    code, _, err = run(*_commands(locked, exchange, tmp_path)[command])
    assert code == 1
    assert "locked by another program" in one_line(err, f"{locked}: ")
    assert snapshot(locked) == before


# --- demo ------------------------------------------------------------------------------------


def test_demo_creates_a_database_and_never_mixes_into_a_chart(
    run: Run, tmp_path: Path, chart: Path
) -> None:
    db = tmp_path / "demo.db"
    code, out, err = run("demo", "--db", db)
    assert (code, err) == (0, "")
    assert out.startswith(f"{db}: demo caseload written (6 patients, ")
    with Store.open(db, Mode.READ_ONLY) as s:
        assert s.patients.count() == 6
    before = snapshot(db)
    code, _, err = run("demo", "--db", db)
    assert code == 1
    assert "already holds 6 patients" in one_line(err, f"{db}: ")
    assert snapshot(db) == before
    before = snapshot(chart)
    code, _, err = run("demo", "--db", chart)
    assert code == 1
    assert "already holds 1 patient;" in one_line(err, f"{chart}: ")
    assert snapshot(chart) == before


def test_demo_needs_an_explicit_database(run: Run) -> None:
    with pytest.raises(SystemExit) as info:
        run("demo")
    assert info.value.code == 2


# --- export ----------------------------------------------------------------------------------


def test_export_to_a_file_and_to_stdout(run: Run, chart: Path, tmp_path: Path) -> None:
    target = tmp_path / "all.json"
    code, out, err = run("export", "--db", chart, "-o", target)
    assert (code, err) == (0, "")
    assert (
        out == f"{target}: exported 1 patient, 1 visit, 0 trigger points, 0 findings, "
        "0 referral zones, 0 treatments, 1 measurement\n"
    )
    code, out, err = run("export", "--db", chart, "--patient", "C-7", "-o", "-")
    assert code == 0
    assert out == target.read_text(encoding="utf-8")
    assert err.startswith("exported 1 patient")
    doc = json.loads(out)
    assert doc["patients"][0]["visits"][0]["signed_at"] == "2026-01-12T10:00:00+00:00"
    # The records are as they were; the audit trail says who exported what, and where.
    with Store.open(chart, Mode.READ_ONLY) as s:
        exports = [e for e in audit.entries(s.db) if e.op == "export"]
        assert audit.verify(s.db).ok
    assert [(e.content["chart_no"], e.content["file"]) for e in exports] == [
        ("all", str(target)),
        ("C-7", "-"),
    ]
    assert all(e.content["via"] == "bodymap export" and e.actor for e in exports)


def test_export_of_a_read_only_database_warns_that_it_went_unrecorded(
    run: Run, chart: Path, tmp_path: Path
) -> None:
    chart.chmod(0o444)
    before = snapshot(chart)
    target = tmp_path / "all.json"
    code, out, err = run("export", "--db", chart, "-o", target)
    assert code == 0
    assert out.startswith(f"{target}: exported 1 patient")
    assert one_line(err, f"{target}: ") == (
        f"bodymap: {target}: exported, but the audit trail could not record it: "
        "the database file is read-only\n"
    )
    assert json.loads(target.read_text(encoding="utf-8"))["patients"]
    assert snapshot(chart) == before


def test_export_of_a_record_that_breaks_the_rules_names_it(
    run: Run, chart: Path, tmp_path: Path
) -> None:
    with sqlite3.connect(chart) as conn:  # another program, the SQL constraints intact
        conn.execute("UPDATE patient SET chart_no = '-C-7'")  # must start with a letter or digit
    conn.close()
    target = tmp_path / "all.json"
    code, out, err = run("export", "--db", chart, "-o", target)
    assert (code, out) == (1, "")
    line = one_line(err, f"{chart}: patient 1 (patient table) cannot be read: patient.chart_no")
    assert line.endswith(
        f"nothing was exported (bodymap check --db {chart} lists every such record)\n"
    )
    assert not target.exists()


def test_export_of_an_unknown_patient(run: Run, chart: Path, tmp_path: Path) -> None:
    code, out, err = run("export", "--db", chart, "--patient", "X-1", "-o", tmp_path / "x.json")
    assert code == 1
    assert out == ""
    assert one_line(err, f"{chart}: ") == f"bodymap: {chart}: no patient with chart number 'X-1'\n"
    assert not (tmp_path / "x.json").exists()


def test_export_into_a_missing_folder(run: Run, chart: Path, tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "x.json"
    code, _, err = run("export", "--db", chart, "-o", target)
    assert code == 1
    assert "does not exist" in one_line(err, f"{target}: ")


# --- import ----------------------------------------------------------------------------------


def test_import_into_a_new_database_and_refuse_a_second_time(
    run: Run, exchange_file: Path, tmp_path: Path
) -> None:
    db = tmp_path / "new.db"
    code, out, err = run("import", "--db", db, exchange_file)
    assert (code, err) == (0, "")
    assert out == (
        f"{exchange_file}: imported 1 patient, 1 visit, 0 trigger points, 0 findings, "
        f"0 referral zones, 0 treatments, 1 measurement into {db}\n"
    )
    again = tmp_path / "again.json"
    assert run("export", "--db", db, "-o", again)[0] == 0
    assert again.read_bytes() == exchange_file.read_bytes()
    before = snapshot(db)
    code, out, err = run("import", "--db", db, exchange_file)
    assert code == 2
    lines = err.splitlines()
    assert lines[0] == (
        f"{exchange_file}: patients[0] (chart C-7): patient.chart_no: chart number C-7 is "
        "already in the database"
    )
    assert lines[-1] == f"bodymap: {exchange_file}: 2 problems; nothing was imported"
    assert snapshot(db) == before


def test_an_invalid_file_lists_every_problem_and_imports_nothing(
    run: Run, exchange_file: Path, chart: Path, tmp_path: Path
) -> None:
    doc = json.loads(exchange_file.read_text(encoding="utf-8"))
    patient = doc["patients"][0]
    patient["chart_no"] = "C-8"
    patient["uid"] = "c" * 32
    visit = patient["visits"][0]
    visit["uid"] = "d" * 32
    visit["measurements"][0]["uid"] = "e" * 32
    visit["measurements"][0]["value"] = 12
    visit["clinician"] = ""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    before = snapshot(chart)
    code, out, err = run("import", "--db", chart, bad)
    assert code == 2
    assert out == ""
    where = "patients[0] (chart C-8) visits[0]"
    assert err.splitlines() == [
        f"{bad}: {where}: visit.clinician: is required",
        f"{bad}: {where} measurements[0]: measurement.nrs_now: must be from 0 to 10, not 12",
        f"bodymap: {bad}: 2 problems; nothing was imported",
    ]
    assert snapshot(chart) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b'{"format": "bodymap-exchange", "version": 1, "patients": [}',
            "is not valid JSON (line 1",
        ),
        (b"[1, 2]", "must hold a JSON object at the top, not a list"),
        (b'{"format": "csv", "version": 1, "patients": []}', "is not a Bodymap exchange file"),
        (b'{"format": "bodymap-exchange", "version": 9, "patients": []}', "version 9, newer"),
        (b'{"format": "bodymap-exchange", "version": 1, "patients": [], "n": "\xff"}', "not UTF-8"),
        (b'{"format": "bodymap-exchange", "version": 1, "patients": [NaN]}', "holds NaN"),
        (b"", "is empty"),
    ],
)
def test_a_malformed_file_is_one_line_and_touches_no_database(
    run: Run, tmp_path: Path, chart: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    before = snapshot(chart)
    code, out, err = run("import", "--db", chart, bad)
    assert code == 2
    assert out == ""
    assert message in one_line(err, f"{bad}: ")
    assert snapshot(chart) == before
    new = tmp_path / "new.db"
    assert run("import", "--db", new, bad)[0] == 2
    assert not new.exists()  # an invalid file never creates a database


def test_importing_a_missing_file(run: Run, tmp_path: Path) -> None:
    missing = tmp_path / "gone.json"
    code, _, err = run("import", "--db", tmp_path / "x.db", missing)
    assert code == 2
    assert one_line(err, f"{missing}: ") == f"bodymap: {missing}: no such file\n"


# --- check -----------------------------------------------------------------------------------


def test_check_a_sound_database(run: Run, chart: Path) -> None:
    before = snapshot(chart)
    code, out, err = run("check", "--db", chart)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"{chart}: sound"
    steps = len(STEP_NAMES)
    assert f"schema version {steps} (this app: {steps}; steps: {', '.join(STEP_NAMES)})" in lines
    assert "integrity check: ok" in lines
    assert "foreign keys: ok" in lines
    assert lines[-1] == (
        "1 patient, 1 visit, 0 trigger points, 0 findings, 0 referral zones, 0 treatments, "
        "1 measurement"
    )
    assert snapshot(chart) == before


def test_check_names_what_is_wrong(run: Run, chart: Path) -> None:
    conn = sqlite3.connect(chart)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM patient")  # leaves the visit without its patient
    conn.commit()
    conn.close()
    before = snapshot(chart)
    code, out, err = run("check", "--db", chart)
    assert code == 1
    assert "foreign keys: broken" in out.splitlines()
    assert "visit row 1 refers to a missing patient" in one_line(err, f"{chart}: not sound")
    assert snapshot(chart) == before


# --- shared helpers --------------------------------------------------------------------------


def test_the_database_comes_from_db_then_env_then_data_folder(
    run: Run, chart: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BODYMAP_DB", raising=False)
    assert default_db_path().name == "bodymap.db"
    assert "Bodymap" in default_db_path().parts[-2]
    monkeypatch.setenv("BODYMAP_DB", str(chart))
    assert default_db_path() == chart
    assert run("check")[0] == 0  # the environment's database
    code, _, err = run("check", "--db", tmp_path / "other.db")  # --db wins
    assert code == 1
    assert "other.db: no such database file" in err
    assert run("--db", str(chart), "check")[0] == 0  # --db before the command counts too


def test_command_error_carries_its_exit_code() -> None:
    err = CommandError("x.db: broken", 3)
    assert (str(err), err.exit_code) == ("x.db: broken", 3)
    assert CommandError("y").exit_code == 1
