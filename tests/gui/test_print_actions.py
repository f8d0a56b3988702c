"""Ctrl+P and Export PDF in the main window go through the real print path to a PDF, and
each print and export is recorded in the visit's History (the audit trail)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from bodymap.store import StoreError, audit
from bodymap.ui.main_window import MainWindow
from bodymap.ui.session import Session
from bodymap.ui.visit_editor import VisitEditor


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _print_to(out: Path) -> Callable[[QPrintDialog], int]:
    """A stand-in for QPrintDialog.exec: the user prints to a PDF file."""

    def accept(dialog: QPrintDialog) -> int:
        # The user picks "print to file": the printer the app set up writes a PDF.
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        return QDialog.DialogCode.Accepted

    return accept


def _history(qtbot: QtBot, window: MainWindow) -> list[str]:
    """Open the History tab of the visit on screen with a click; its lines, newest first."""
    editor = window.patient_view.visit_panel.editor
    assert isinstance(editor, VisitEditor)
    bar = editor.tabs.tabBar()
    where = bar.tabRect(editor.tabs.indexOf(editor.history)).center()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=where)
    assert editor.tabs.currentWidget() is editor.history
    table = editor.audit_tab.table
    return [table.item(row, 1).text() for row in range(table.rowCount())]


def _events(session: Session) -> list[audit.AuditEntry]:
    return [e for e in audit.entries(session.store.db) if e.table is None]


def test_ctrl_p_prints_the_visit_on_screen(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "printed.pdf"
    monkeypatch.setattr(QPrintDialog, "exec", _print_to(out))
    patient = window.session.search_patients("")[0]
    assert window.patients.select_patient(patient.id)
    visit = window.patient_view.visit_panel.visit
    assert visit is not None
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.patient_view.timeline.setFocus()
    qtbot.keyClick(window.patient_view.timeline, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)

    text = _text(out)
    assert patient.family_name in text
    assert visit.visit_date.isoformat() in text
    # The print is in the visit's history, newest first, and in the audit trail.
    assert _history(qtbot, window)[0] == "Printed the visit summary to a PDF file (printed.pdf)"
    (printed,) = _events(window.session)
    assert (printed.op, printed.visit_id, printed.uid) == ("print", visit.id, visit.uid)
    assert printed.content == {
        "document": "visit", "chart_no": patient.chart_no, "visit_uid": visit.uid,
        "visit_date": visit.visit_date.isoformat(), "file": str(out),
    }  # fmt: skip
    assert printed.sealed


def test_printing_from_the_preview_is_recorded_and_a_preview_alone_is_not(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "from-preview.pdf"
    answers = iter(["close", "print"])

    def run(dialog: QPrintPreviewDialog) -> int:
        if next(answers) == "close":
            return QDialog.DialogCode.Rejected
        # What the preview's Print button does: the print dialog (the user prints to a
        # file), the pages painted on that printer, then the preview closes, accepted.
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        dialog.paintRequested.emit(printer)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintPreviewDialog, "exec", run)
    patient = window.session.search_patients("")[0]
    assert window.patients.select_patient(patient.id)
    assert window.print_report("homecare", preview=True) is False
    assert _events(window.session) == []
    assert window.print_report("homecare", preview=True) is True
    assert patient.family_name in _text(out)
    assert _history(qtbot, window)[0] == (
        "Printed the home-care sheet to a PDF file (from-preview.pdf)"
    )


def test_a_print_the_trail_cannot_record_is_still_printed_and_said(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "printed.pdf"
    monkeypatch.setattr(QPrintDialog, "exec", _print_to(out))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))

    def refuse(*_a: object, **_k: object) -> int:
        raise StoreError(window.session.path, "is locked by another program")

    monkeypatch.setattr(window.session, "record_output", refuse)
    patient = window.session.search_patients("")[0]
    assert window.patients.select_patient(patient.id)
    assert window.print_report("visit") is True
    assert out.read_bytes().startswith(b"%PDF")
    assert len(shown) == 1
    assert shown[0].startswith("The visit summary was printed, but the audit trail could not")
    assert "is locked by another program" in shown[0]


def test_export_progress_report_writes_a_pdf(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "progress.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), ""))
    )
    patient = window.session.search_patients("")[0]
    assert window.patients.select_patient(patient.id)
    assert window.progress_pdf_action.isEnabled()
    window.progress_pdf_action.trigger()
    assert target.read_bytes().startswith(b"%PDF")
    assert patient.chart_no in _text(target)
    # Recorded under the patient: the report covers the course, not the visit on screen.
    (exported,) = _events(window.session)
    assert (exported.op, exported.visit_id, exported.uid) == ("export", None, patient.uid)
    assert exported.content == {
        "document": "progress", "chart_no": patient.chart_no, "file": str(target),
    }  # fmt: skip


def test_export_visit_summary_is_in_the_visit_history(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "Visit summary.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), ""))
    )
    patient = window.session.search_patients("")[0]
    assert window.patients.select_patient(patient.id)
    before = _history(qtbot, window)  # shown first: the new line must arrive while shown
    window.export_pdf_action.trigger()
    assert target.read_bytes().startswith(b"%PDF")
    editor = window.patient_view.visit_panel.editor
    assert isinstance(editor, VisitEditor)
    table = editor.audit_tab.table
    assert table.rowCount() == len(before) + 1
    assert table.item(0, 1).text() == "Exported the visit summary as PDF (Visit summary.pdf)"
    tip = table.item(0, 1).toolTip().splitlines()
    assert f"File: {target}" in tip
    assert f"Chart number: {patient.chart_no}" in tip
