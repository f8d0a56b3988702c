"""Ctrl+P and Export PDF in the main window go through the real print path to a PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog
from pytestqt.qtbot import QtBot

from bodymap.ui.main_window import MainWindow


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_ctrl_p_prints_the_visit_on_screen(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "printed.pdf"

    def accept(dialog: QPrintDialog) -> int:
        # The user picks "print to file": the printer the app set up writes a PDF.
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
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
