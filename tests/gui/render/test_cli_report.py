"""``bodymap report``: PDFs from the command line, one-line errors for bad input, and
each export recorded in the database's audit trail (or a warning where it cannot be).

A report that succeeds writes that record, so those tests run on a private copy of the
demo database (``demo_db``); the shared ``report_db`` is only read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bodymap.cli import main
from bodymap.store import Mode, Store, audit


def test_visit_summary_to_pdf(qapp, demo_db, demo_visits, tmp_path, capsys, pdf) -> None:
    out = tmp_path / "visit.pdf"
    code = main(["report", "visit", str(demo_visits.injection.id), "--db", str(demo_db),
                 "-o", str(out)])  # fmt: skip
    assert code == 0
    said = capsys.readouterr().out
    assert said.startswith(f"{out}: visit summary written (")
    pages = pdf.pages(out.read_bytes())
    assert f"Page 1 of {len(pages)}" in pages[0]


def test_progress_by_chart_number_with_dates(qapp, demo_db, store, tmp_path, pdf) -> None:
    patient = store.patients.search("")[0]
    first = store.visits.for_patient(patient.id)[1].visit_date
    out = tmp_path / "progress.pdf"
    code = main(["report", "progress", patient.chart_no, "--db", str(demo_db), "-o", str(out),
                 "--from", first.isoformat(), "--paper", "Letter"])  # fmt: skip
    assert code == 0
    text = " ".join(pdf.pages(out.read_bytes()))
    assert f"Progress report · {first.isoformat()} to" in text
    # Recorded under the patient, with the dates asked for.
    with Store.open(demo_db, Mode.READ_ONLY) as opened:
        exported = audit.entries(opened.db)[-1]
    assert (exported.op, exported.visit_id, exported.uid) == ("export", None, patient.uid)
    assert exported.content == {
        "document": "progress", "chart_no": patient.chart_no, "from": first.isoformat(),
        "file": str(out), "via": "bodymap report",
    }  # fmt: skip


def test_the_export_is_recorded_in_the_audit_trail(
    qapp, demo_db, demo_visits, tmp_path, capsys, monkeypatch
) -> None:
    visit = demo_visits.injection
    monkeypatch.chdir(tmp_path)
    code = main(["report", "homecare", str(visit.id), "--db", str(demo_db), "-o", "sheet.pdf"])
    assert code == 0
    assert capsys.readouterr().err == ""
    with Store.open(demo_db, Mode.READ_ONLY) as opened:
        exported = audit.entries(opened.db)[-1]
        chart_no = opened.patients.get(visit.patient_id).chart_no
        assert audit.verify(opened.db).ok
    assert (exported.op, exported.visit_id, exported.uid) == ("export", visit.id, visit.uid)
    assert exported.content == {
        "document": "homecare", "chart_no": chart_no, "visit_uid": visit.uid,
        "visit_date": visit.visit_date.isoformat(), "file": str(tmp_path / "sheet.pdf"),
        "via": "bodymap report",
    }  # fmt: skip
    assert exported.actor == audit.default_actor()
    assert exported.sealed


def test_a_read_only_database_still_gets_its_pdf_with_a_warning(
    qapp, demo_db, demo_visits, tmp_path, capsys
) -> None:
    with Store.open(demo_db, Mode.READ_ONLY) as opened:
        entries = len(audit.entries(opened.db))
    out = tmp_path / "visit.pdf"
    demo_db.chmod(0o444)
    try:
        code = main(["report", "visit", str(demo_visits.injection.id), "--db", str(demo_db),
                     "-o", str(out)])  # fmt: skip
    finally:
        demo_db.chmod(0o644)
    said = capsys.readouterr()
    assert code == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert said.out.startswith(f"{out}: visit summary written (")
    assert said.err == (
        f"bodymap: {out}: exported, but the audit trail could not record it: "
        "the database file is read-only\n"
    )
    with Store.open(demo_db, Mode.READ_ONLY) as opened:
        assert len(audit.entries(opened.db)) == entries


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["visit", "99999"], "no visit with id 99999"),
        (["homecare", "99999"], "no visit with id 99999"),
        (["progress", "NO-SUCH-CHART"], "no patient with chart number 'NO-SUCH-CHART'"),
        (["progress", "DEMO-001", "--from", "2026-05-02", "--to", "2026-05-01"],
         "the start date 2026-05-02 is after the end date 2026-05-01"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line(qapp, report_db, tmp_path, capsys, args, message) -> None:
    out = tmp_path / "x.pdf"
    code = main(["report", *args, "--db", str(report_db), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert err == f"bodymap: {report_db}: {message}\n"
    assert not out.exists()


def test_an_unwritable_output_is_named(qapp, report_db, demo_visits, tmp_path, capsys) -> None:
    out = tmp_path / "missing-folder" / "x.pdf"
    code = main(["report", "visit", str(demo_visits.draft.id), "--db", str(report_db),
                 "-o", str(out)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith(f"bodymap: {out}: cannot write")
    assert err.count("\n") == 1


def test_a_missing_database_is_named(qapp, tmp_path, capsys) -> None:
    code = main(["report", "visit", "1", "--db", str(tmp_path / "none.db"),
                 "-o", str(tmp_path / "x.pdf")])  # fmt: skip
    assert code == 1
    assert str(tmp_path / "none.db") in capsys.readouterr().err


def test_bad_numbers_and_dates_are_usage_errors(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "visit", "seven", "-o", "x.pdf"])
    assert exit_info.value.code == 2
    assert "'seven' is not a visit number" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["report", "progress", "DEMO-001", "--from", "2026-13-01", "-o", "x.pdf"])
    assert "is not a date (YYYY-MM-DD)" in capsys.readouterr().err


def test_the_installed_command_needs_no_display(demo_db, store, tmp_path) -> None:
    """A real process with no display and no Qt platform set: the command goes offscreen.
    The progress report, so the charts' SVG goes through QtSvg too."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM",
                                                             "WAYLAND_DISPLAY")}  # fmt: skip
    chart_no = store.patients.search("")[0].chart_no
    out = tmp_path / "progress.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "bodymap", "report", "progress", chart_no,
         "--db", str(demo_db), "-o", str(out)],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "qt.svg" not in done.stderr  # the charts' SVG is cleaned before QtSvg reads it
    assert Path(out).read_bytes().startswith(b"%PDF")
