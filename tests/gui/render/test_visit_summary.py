"""The visit summary PDF, read back as text and as pictures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtGui import QColor

from bodymap.domain.muscles import display_name
from bodymap.domain.visit import SIGNATURE_MEANING, Visit
from bodymap.render.body_map import ACTIVE_FILL
from bodymap.render.documents import DocumentKind, build_document, write_pdf
from bodymap.render.report.units import Paper
from bodymap.store import Mode, Store

PRINTED = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)


def _make(report_db: Path, folder: Path, visit: Visit, **options) -> tuple[Path, bytes]:
    with Store.open(report_db, Mode.READ_ONLY) as store:
        document = build_document(
            store, DocumentKind.VISIT, visit_id=visit.id, printed_at=PRINTED, **options
        )
    path = folder / f"visit-{visit.id}.pdf"
    write_pdf(document, path)
    return path, path.read_bytes()


@pytest.fixture(scope="module")
def signed(qapp, report_db, demo_visits, tmp_path_factory):
    return _make(report_db, tmp_path_factory.mktemp("signed"), demo_visits.injection)


@pytest.fixture(scope="module")
def signed_text(signed, pdf) -> list[str]:
    return pdf.pages(signed[1])


def test_every_page_names_the_patient_and_counts_pages(signed_text, store, demo_visits):
    patient = store.patients.get(demo_visits.injection.patient_id)
    n = len(signed_text)
    assert n >= 2
    for i, text in enumerate(signed_text, start=1):
        assert patient.display_name in text
        assert f"Chart {patient.chart_no}" in text
        assert f"Page {i} of {n}" in text
        assert "Printed 2026-12-01" in text


def test_every_marker_muscle_and_treatment_is_printed(signed_text, store, demo_visits):
    text = " ".join(signed_text)
    visit_id = demo_visits.injection.id
    points = store.trigger_points.for_visit(visit_id)
    assert points
    for point in points:
        assert display_name(point.muscle_id, point.side) in text
    for treatment in store.treatments.for_visit(visit_id):
        assert treatment.label in text
    # The injection's dose arithmetic and the visit's total against the maximum.
    assert "mg per point" in text
    assert "Lidocaine this visit" in text


def test_signed_visit_prints_signer_time_and_meaning(signed_text, demo_visits):
    text = " ".join(signed_text)
    visit = demo_visits.injection
    assert f"Signed electronically by {visit.signed_by}" in text
    assert visit.signed_at.astimezone().strftime("%Y-%m-%d") in text
    # pypdf may break a line anywhere: compare without spaces.
    assert SIGNATURE_MEANING.replace(" ", "") in text.replace(" ", "")
    assert "DRAFT" not in text


def test_both_sides_are_labelled_on_the_map(signed_text):
    first = signed_text[0]
    assert "patient's left" in first
    assert "patient's right" in first
    words = first.split()
    assert "L" in words
    assert "R" in words


def test_the_map_is_drawn_with_red_active_markers(signed, pdf):
    image = pdf.rasterise(signed[0], page=1, dpi=60)
    area = pdf.pixels(image)
    # The diagram: its skin and muscle fills cover a good part of the first page.
    assert pdf.count_near(area, QColor("#ebc9c1"), tol=14) > 800
    assert pdf.ink_fraction(area) > 0.12
    # Active markers are filled red; a few of them at 60 dpi still make dozens of pixels.
    assert pdf.count_near(area, ACTIVE_FILL, tol=30) > 40


def test_the_pdf_has_no_raster_images(signed, pdf):
    """Vector all through: crisp at any zoom, and small."""
    assert pdf.image_count(signed[1]) == 0
    assert len(signed[1]) < 400_000


def test_a_draft_is_marked_on_every_page(qapp, report_db, demo_visits, tmp_path, pdf):
    _path, data = _make(report_db, tmp_path, demo_visits.draft)
    pages = pdf.pages(data)
    assert all("DRAFT" in page for page in pages)
    text = " ".join(pages)
    assert "UNSIGNED DRAFT" in text
    assert "Signed electronically" not in text
    assert SIGNATURE_MEANING[:40] not in text


def test_an_amended_visit_shows_the_amendment_and_the_signed_original(
    qapp, report_db, demo_visits, store, tmp_path, pdf
):
    _path, data = _make(report_db, tmp_path, demo_visits.amended)
    text = " ".join(pdf.pages(data)).replace(" ", "")
    (amendment,) = store.amendments.for_visit(demo_visits.amended.id)
    assert "AMENDEDaftersigning" in text
    assert amendment.reason.replace(" ", "") in text
    assert amendment.author.replace(" ", "") in text
    # The plan is printed as amended, and the signed plan stays readable in full.
    assert str(amendment.new_value).replace(" ", "") in text
    assert f"changedfrom“{amendment.old_value}”".replace(" ", "") in text


def test_letter_paper_is_letter_sized(qapp, report_db, demo_visits, tmp_path):
    from pypdf import PdfReader

    path, _ = _make(report_db, tmp_path, demo_visits.injection, paper=Paper.LETTER)
    box = PdfReader(path).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
