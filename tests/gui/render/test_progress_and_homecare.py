"""The progress report and the home-care sheet, and the pages a visit with no records
gets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtGui import QColor

from bodymap.domain.treatment import Treatment
from bodymap.domain.treatment_catalog import CATALOG, TreatmentKind
from bodymap.domain.visit import Visit
from bodymap.render.body_map import ACTIVE_FILL
from bodymap.render.documents import DocumentKind, ReportError, build_document, write_pdf
from bodymap.render.documents.homecare import NOTHING, PLAIN
from bodymap.render.documents.progress import patient_by_chart
from bodymap.store import Mode, Store


def _write(store: Store, folder: Path, name: str, **options) -> bytes:
    document = build_document(store, **options)
    path = folder / f"{name}.pdf"
    write_pdf(document, path)
    return path.read_bytes()


@pytest.fixture(scope="module")
def progress_pdf(qapp, report_db, demo_visits, tmp_path_factory) -> tuple[bytes, int, Path]:
    folder = tmp_path_factory.mktemp("progress")
    with Store.open(report_db, Mode.READ_ONLY) as store:
        patient_id = demo_visits.amended.patient_id
        data = _write(store, folder, "progress", kind=DocumentKind.PROGRESS, patient_id=patient_id)
    return data, patient_id, folder / "progress.pdf"


def test_progress_report_has_the_change_table_and_the_charts(progress_pdf, store, pdf):
    data, patient_id, _path = progress_pdf
    patient = store.patients.get(patient_id)
    pages = pdf.pages(data)
    text = " ".join(pages)
    assert "Change since baseline" in text
    assert "Pain now (NRS)" in text
    assert "Active trigger points" in text
    # The charts' own titles: drawn from SVG, still text in the PDF (vector, searchable).
    for title in ("Pain", "Range of motion", "Trigger points"):
        assert f"{title} - {patient.display_name}" in text
    for i, page in enumerate(pages, start=1):
        assert f"Page {i} of {len(pages)}" in page
        assert patient.display_name in page
    # Hatched chart bands are lines, not images: no raster anywhere, and a small file.
    assert pdf.image_count(data) == 0
    assert len(data) < 500_000


def test_progress_charts_are_drawn(progress_pdf, pdf):
    data, _patient_id, path = progress_pdf
    last = pdf.pixels(pdf.rasterise(path, page=len(pdf.pages(data)), dpi=50))
    assert pdf.ink_fraction(last) > 0.04
    # The charts' series colours (Okabe-Ito blue and vermillion) are on the page.
    assert (
        pdf.count_near(last, QColor("#0072B2"), tol=40)
        + pdf.count_near(last, QColor("#D55E00"), tol=40)
        > 30
    )


def test_progress_over_a_range_without_visits_is_a_sensible_page(qapp, store, tmp_path, pdf):
    patient = patient_by_chart(store, store.patients.search("")[0].chart_no)
    data = _write(
        store, tmp_path, "empty-range", kind="progress", patient_id=patient.id,
        start=dt.date(1990, 1, 1), end=dt.date(1990, 12, 31),
    )  # fmt: skip
    (page,) = pdf.pages(data)
    assert "No visits fall between 1990-01-01 and 1990-12-31" in page


def test_progress_refuses_a_backwards_range_and_an_unknown_patient(qapp, store):
    patient = store.patients.search("")[0]
    with pytest.raises(ReportError, match="after the end date"):
        build_document(store, "progress", patient_id=patient.id,
                       start=dt.date(2026, 5, 1), end=dt.date(2026, 4, 1))  # fmt: skip
    with pytest.raises(ReportError, match="no patient with chart number 'NOPE'"):
        patient_by_chart(store, "NOPE")


@pytest.fixture(scope="module")
def homecare(qapp, report_db, demo_visits, tmp_path_factory) -> tuple[bytes, Path, list]:
    folder = tmp_path_factory.mktemp("homecare")
    visit_id = demo_visits.injection.id
    with Store.open(report_db, Mode.READ_ONLY) as store:
        data = _write(store, folder, "homecare", kind="homecare", visit_id=visit_id)
        treatments = store.treatments.for_visit(visit_id)
    return data, folder / "homecare.pdf", treatments


def test_homecare_lists_the_self_care_in_plain_words(homecare, pdf):
    data, _path, treatments = homecare
    text = " ".join(pdf.pages(data))
    self_care = [t for t in treatments if CATALOG[t.kind].self_care]
    assert self_care
    for item in self_care:
        assert PLAIN[item.kind][0] in text
    # Clinic-only treatments are not homework.
    for item in treatments:
        if not CATALOG[item.kind].self_care:
            assert item.label not in text
    assert "Trigger point injection" not in text
    assert "your left" in text or "your right" in text
    assert "Stop and contact us" in text


def test_homecare_map_shows_where(homecare, pdf):
    _data, path, _treatments = homecare
    area = pdf.pixels(pdf.rasterise(path, page=1, dpi=60))
    assert pdf.count_near(area, QColor("#ebc9c1"), tol=14) > 400
    assert pdf.count_near(area, ACTIVE_FILL, tol=30) > 20


@pytest.fixture
def bare_visit(demo_db: Path) -> tuple[Path, int]:
    """A new draft visit with no findings, no measures and one clinic-only treatment."""
    with Store.open(demo_db, Mode.READ_WRITE) as store:
        patient = store.patients.search("")[0]
        last = store.visits.for_patient(patient.id)[-1].visit_date
        visit = store.visits.add(
            Visit(patient_id=patient.id, visit_date=last + dt.timedelta(days=7), clinician="Test")
        )
        store.treatments.add(Treatment(visit_id=visit.id, kind=TreatmentKind.SPINAL_MANIPULATION))
    return demo_db, visit.id


def test_a_visit_with_no_records_prints_sensible_pages(qapp, bare_visit, tmp_path, pdf):
    path, visit_id = bare_visit
    with Store.open(path, Mode.READ_ONLY) as store:
        summary = " ".join(pdf.pages(_write(store, tmp_path, "v", kind="visit", visit_id=visit_id)))
        sheet = " ".join(
            pdf.pages(_write(store, tmp_path, "h", kind="homecare", visit_id=visit_id))
        )
    assert "No trigger points were examined at this visit." in summary
    assert "No outcome measures were recorded at this visit." in summary
    assert "Spinal manipulation" in summary
    assert "UNSIGNED DRAFT" in summary
    assert " ".join(NOTHING.split()) in sheet


def test_an_unknown_visit_is_a_report_error(qapp, store):
    with pytest.raises(ReportError, match="no visit with id 99999"):
        build_document(store, "visit", visit_id=99999)
    with pytest.raises(ReportError, match="no visit with id 99999"):
        build_document(store, "homecare", visit_id=99999)
