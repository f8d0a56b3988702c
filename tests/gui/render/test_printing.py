"""Printing from the app: the real QPrinter path, the preview, and Export PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QMessageBox

from bodymap.render.documents import build_document
from bodymap.render.report.document import pdf_bytes
from bodymap.ui import printing
from bodymap.ui.session import Session


@pytest.fixture
def session(demo_db: Path):
    opened = Session.open(demo_db)
    yield opened
    opened.close()


def test_the_printer_gets_the_same_pages_as_the_pdf(qapp, session, demo_visits, tmp_path, pdf):
    document = build_document(session.store, "visit", visit_id=demo_visits.injection.id)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printing.prepare_printer(printer, document)
    laid = printing.print_on(printer, document)
    printed = pdf.pages((tmp_path / "printed.pdf").read_bytes())
    written = pdf.pages(pdf_bytes(document)[0])
    assert len(printed) == laid.page_count == len(written)
    assert printed == written


def test_print_preview_opens_offscreen_with_every_page(qtbot, session, demo_visits):
    dialog = printing.make_preview(None, session, "homecare", None, demo_visits.injection.id)
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    preview = dialog.findChild(QPrintPreviewWidget)
    document = build_document(session.store, "homecare", visit_id=demo_visits.injection.id)
    expected = pdf_bytes(document)[1].page_count
    qtbot.waitUntil(lambda: preview.pageCount() == expected)
    assert "Your home-care plan" in dialog.windowTitle()


def test_export_pdf_writes_the_file(qapp, session, demo_visits, tmp_path, pdf):
    visit = demo_visits.injection
    out = printing.export_pdf(None, session, "progress", visit.patient_id, path=tmp_path / "p.pdf")
    assert out == tmp_path / "p.pdf"
    assert "Change since baseline" in " ".join(pdf.pages(out.read_bytes()))


def test_problems_are_shown_not_raised(qapp, session, tmp_path, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    assert printing.export_pdf(None, session, "visit", None, 99999, path=tmp_path / "x.pdf") is None
    assert printing.print_document(None, session, "homecare", None, 99999) is False
    assert len(shown) == 2
    assert all("no visit with id 99999" in text for text in shown)
    visit_id = session.visits_for(session.search_patients("")[0].id)[0].id
    assert printing.export_pdf(None, session, "visit", None, visit_id,
                               path=tmp_path / "no" / "x.pdf") is None  # fmt: skip
    assert "cannot write" in shown[-1]


def test_suggested_file_name_is_safe():
    from bodymap.render.report.document import Document

    document = Document("Visit summary: O'Neil/Ana, 2026-11-06", [], "", "", "")
    assert printing.suggested_file_name(document) == "Visit summary O Neil Ana 2026-11-06.pdf"


def test_the_app_prints_on_the_paper_chosen_in_preferences(qapp, session, demo_visits, tmp_path):
    from pypdf import PdfReader
    from PySide6.QtCore import QSettings

    from bodymap.ui.preferences import PAPER_SIZE_KEY

    QSettings().setValue(PAPER_SIZE_KEY, "Letter")  # a per-test profile (tests/gui/conftest)
    out = printing.export_pdf(
        None, session, "visit", None, demo_visits.injection.id, path=tmp_path / "l.pdf"
    )
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
