"""``bodymap report``: PDFs from the command line, one-line errors for bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bodymap.cli import main


def test_visit_summary_to_pdf(qapp, report_db, demo_visits, tmp_path, capsys, pdf) -> None:
    out = tmp_path / "visit.pdf"
    code = main(["report", "visit", str(demo_visits.injection.id), "--db", str(report_db),
                 "-o", str(out)])  # fmt: skip
    assert code == 0
    said = capsys.readouterr().out
    assert said.startswith(f"{out}: visit summary written (")
    pages = pdf.pages(out.read_bytes())
    assert f"Page 1 of {len(pages)}" in pages[0]


def test_progress_by_chart_number_with_dates(qapp, report_db, store, tmp_path, pdf) -> None:
    patient = store.patients.search("")[0]
    first = store.visits.for_patient(patient.id)[1].visit_date
    out = tmp_path / "progress.pdf"
    code = main(["report", "progress", patient.chart_no, "--db", str(report_db), "-o", str(out),
                 "--from", first.isoformat(), "--paper", "Letter"])  # fmt: skip
    assert code == 0
    text = " ".join(pdf.pages(out.read_bytes()))
    assert f"Progress report · {first.isoformat()} to" in text


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


def test_the_installed_command_needs_no_display(report_db, store, tmp_path) -> None:
    """A real process with no display and no Qt platform set: the command goes offscreen.
    The progress report, so the charts' SVG goes through QtSvg too."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM",
                                                             "WAYLAND_DISPLAY")}  # fmt: skip
    chart_no = store.patients.search("")[0].chart_no
    out = tmp_path / "progress.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "bodymap", "report", "progress", chart_no,
         "--db", str(report_db), "-o", str(out)],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "qt.svg" not in done.stderr  # the charts' SVG is cleaned before QtSvg reads it
    assert Path(out).read_bytes().startswith(b"%PDF")
