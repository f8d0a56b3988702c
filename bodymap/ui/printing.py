"""File > Print, Print Preview and Export PDF for the three printed documents.

Every path paints through ``bodymap.render.report.document.render``, the same code the
``bodymap report`` command uses, so the printer, the preview and the PDF show the same
pages. Documents are laid out for the paper chosen in Preferences (the print dialog may
change it; the pages are then laid out again for the printer's paper). A problem (an
unknown visit, an unwritable file) is shown in a message box.

Each print (from the print dialog or the preview's Print button) and each export is
recorded in the audit trail once the pages are out; a preview alone is not.

Wiring, for the main window::

    print_document(self, session, "visit", patient_id, visit_id)            # Ctrl+P
    print_document(self, session, "visit", patient_id, visit_id, preview=True)
    export_pdf(self, session, "progress", patient_id)                        # asks for a file
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from bodymap.render.documents import DocumentKind, ReportError, build_document, write_pdf
from bodymap.render.report.document import Document, LaidOut, RenderError, page_size, render
from bodymap.render.report.units import Paper
from bodymap.store import StoreError
from bodymap.ui.preferences import paper_size
from bodymap.ui.session import Session


def _build(
    parent: QWidget | None,
    session: Session,
    kind: DocumentKind | str,
    patient_id: int | None,
    visit_id: int | None,
    start: dt.date | None,
    end: dt.date | None,
) -> Document | None:
    try:
        return build_document(
            session.store, kind, visit_id=visit_id, patient_id=patient_id, start=start,
            end=end, paper=Paper.parse(paper_size().value),
        )  # fmt: skip
    except ReportError as exc:
        QMessageBox.warning(parent, "Cannot print", f"The document cannot be made: {exc}.")
        return None


def prepare_printer(printer: QPrinter, document: Document) -> None:
    """The document's paper and name; full-page mode, as the report draws its own margins."""
    printer.setFullPage(True)
    printer.setPageSize(page_size(document.paper))
    printer.setDocName(document.title)
    printer.setCreator("Bodymap")


def print_on(printer: QPrinter, document: Document) -> LaidOut:
    """Paint every page of ``document`` on ``printer`` (a real printer or a PDF file)."""
    printer.setFullPage(True)
    return render(document, printer)


def make_preview(
    parent: QWidget | None,
    session: Session,
    kind: DocumentKind | str,
    patient_id: int | None,
    visit_id: int | None = None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> QPrintPreviewDialog | None:
    """A print preview of the document, not yet shown (None when it cannot be made)."""
    document = _build(parent, session, kind, patient_id, visit_id, start, end)
    if document is None:
        return None
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    prepare_printer(printer, document)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Print Preview: {document.title}")
    dialog.paintRequested.connect(lambda target: _paint_or_warn(dialog, target, document))
    # The dialog does not own its printer: keep the Python object alive as long as it.
    dialog.bodymap_printer = printer  # type: ignore[attr-defined]
    return dialog


def _paint_or_warn(parent: QWidget | None, printer: QPrinter, document: Document) -> bool:
    try:
        print_on(printer, document)
    except RenderError as exc:
        QMessageBox.warning(parent, "Cannot print", f"Printing failed: {exc}.")
        return False
    return True


def _record(
    parent: QWidget | None,
    session: Session,
    action: str,
    kind: DocumentKind | str,
    patient_id: int | None,
    visit_id: int | None,
    *,
    file: Path | None = None,
    printer: str | None = None,
) -> None:
    """Put a print or an export in the audit trail. The pages are already out, so a
    failure is reported, not undone."""
    kind = DocumentKind(kind)
    # The progress report covers the patient's course, not the visit on screen.
    visit = None if kind is DocumentKind.PROGRESS else visit_id
    try:
        session.record_output(
            action, kind.value, patient_id=patient_id, visit_id=visit, file=file, printer=printer
        )
    except StoreError as exc:
        done = "printed" if action == "print" else "exported"
        said = f"The {kind.label.lower()} was {done}, but the audit trail could not record it"
        QMessageBox.warning(parent, "Not recorded", f"{said}: {exc}.")


def _record_print(
    parent: QWidget | None,
    session: Session,
    printer: QPrinter,
    kind: DocumentKind | str,
    patient_id: int | None,
    visit_id: int | None,
) -> None:
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        # "Print to file": the pages went to a PDF, which is named.
        target = Path(printer.outputFileName())
        _record(parent, session, "print", kind, patient_id, visit_id, file=target)
    else:
        name = printer.printerName()
        _record(parent, session, "print", kind, patient_id, visit_id, printer=name)


def print_document(
    parent: QWidget | None,
    session: Session,
    kind: DocumentKind | str,
    patient_id: int | None,
    visit_id: int | None = None,
    *,
    preview: bool = False,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> bool:
    """Print through the system print dialog, or show the print preview (``preview``).

    ``kind`` is "visit" or "homecare" (``visit_id`` needed) or "progress" (``patient_id``;
    ``start`` and ``end`` limit the dates). True when something was sent to print.
    """
    if preview:
        shown = make_preview(parent, session, kind, patient_id, visit_id, start=start, end=end)
        # The preview closes accepted only after its Print button sent the pages out.
        if shown is None or shown.exec() != QDialog.DialogCode.Accepted:
            return False
        _record_print(parent, session, shown.printer(), kind, patient_id, visit_id)
        return True
    document = _build(parent, session, kind, patient_id, visit_id, start, end)
    if document is None:
        return False
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    prepare_printer(printer, document)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"Print {DocumentKind(kind).label}")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    if not _paint_or_warn(parent, printer, document):
        return False
    _record_print(parent, session, printer, kind, patient_id, visit_id)
    return True


def suggested_file_name(document: Document) -> str:
    """'Visit summary Quillon Amaya 2026-11-06.pdf': safe on every file system."""
    name = re.sub(r"[^\w\- .]+", " ", document.title.replace(":", ""), flags=re.UNICODE)
    return " ".join(name.split()) + ".pdf"


def export_pdf(
    parent: QWidget | None,
    session: Session,
    kind: DocumentKind | str,
    patient_id: int | None,
    visit_id: int | None = None,
    *,
    path: Path | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Path | None:
    """Write the document as a PDF: to ``path``, or where the user chooses in a file
    dialog. Returns the file written, None when cancelled or refused."""
    document = _build(parent, session, kind, patient_id, visit_id, start, end)
    if document is None:
        return None
    if path is None:
        folder = session.path.parent if session.path.name else Path.home()
        chosen, _ = QFileDialog.getSaveFileName(
            parent, "Export PDF", str(folder / suggested_file_name(document)), "PDF files (*.pdf)"
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
    try:
        write_pdf(document, path)
    except ReportError as exc:
        QMessageBox.warning(parent, "Cannot export", f"The PDF was not written: {exc}.")
        return None
    _record(parent, session, "export", kind, patient_id, visit_id, file=path)
    return path
