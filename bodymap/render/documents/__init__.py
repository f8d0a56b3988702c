"""The printed documents: visit summary, progress report and home-care sheet.

Each is built from the store into a :class:`~bodymap.render.report.document.Document`
that :func:`~bodymap.render.report.document.render` paints on a printer, a print preview
or a PDF writer alike. Needs a QGuiApplication (fonts); the progress report imports
matplotlib on first use.

    doc = build_document(store, DocumentKind.VISIT, visit_id=12)
    write_pdf(doc, Path("visit.pdf"))
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from enum import StrEnum
from pathlib import Path

from bodymap.render.documents.common import CLINIC_SETTING, Clinic, Context
from bodymap.render.documents.records import ReportError
from bodymap.render.report.document import Document, LaidOut, RenderError, pdf_bytes
from bodymap.render.report.units import Paper
from bodymap.store import Store


class DocumentKind(StrEnum):
    VISIT = "visit"  # the visit summary
    PROGRESS = "progress"  # the progress report over a date range
    HOMECARE = "homecare"  # the patient's home-care sheet

    @property
    def label(self) -> str:
        return {"visit": "Visit summary", "progress": "Progress report",
                "homecare": "Home-care sheet"}[self.value]  # fmt: skip


def build_document(
    store: Store,
    kind: DocumentKind | str,
    *,
    visit_id: int | None = None,
    patient_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    paper: Paper | None = None,
    printed_at: dt.datetime | None = None,
) -> Document:
    """One document, laid out for ``paper`` (default A4).

    The visit summary and home-care sheet need ``visit_id``; the progress report needs
    ``patient_id`` and may take a date range. Raises :class:`ReportError` for an unknown
    visit or patient.
    """
    kind = DocumentKind(kind)
    context = Context.of(store, paper=paper, printed_at=printed_at)
    if kind is DocumentKind.PROGRESS:
        from bodymap.render.documents import progress

        if patient_id is None:
            raise ReportError("a progress report needs a patient")
        return progress.build(store, patient_id, context, start=start, end=end)
    if visit_id is None:
        raise ReportError(f"a {kind.label.lower()} needs a visit")
    if kind is DocumentKind.VISIT:
        from bodymap.render.documents import visit_summary

        return visit_summary.build(store, visit_id, context)
    from bodymap.render.documents import homecare

    return homecare.build(store, visit_id, context)


def write_pdf(document: Document, path: Path) -> LaidOut:
    """Write the document as a PDF file, replacing ``path`` only once it is complete
    (a half-written report must never be mistaken for a whole one). The file is
    readable by its owner only, as befits a clinical record.

    Raises :class:`ReportError` naming the file when it cannot be written.
    """
    try:
        data, laid = pdf_bytes(document)
    except RenderError as exc:
        raise ReportError(f"{path}: {exc}") from exc
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        where = f"the folder {path.parent}"
        raise ReportError(f"{path}: cannot write to {where} ({exc.strerror or exc})") from exc
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        Path(temp).replace(path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise ReportError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    return laid


__all__ = [
    "CLINIC_SETTING",
    "Clinic",
    "DocumentKind",
    "Paper",
    "ReportError",
    "build_document",
    "write_pdf",
]
