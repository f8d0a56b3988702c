"""The clinic's letterhead comes from the database's settings; the paper is chosen."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from bodymap.render.documents import CLINIC_SETTING, build_document
from bodymap.render.documents.common import Clinic
from bodymap.render.report.document import pdf_bytes
from bodymap.render.report.units import Paper
from bodymap.store import Mode, Store


def test_the_letterhead_follows_the_clinic_setting(qapp, demo_db: Path, demo_visits, pdf) -> None:
    with Store.open(demo_db, Mode.READ_WRITE) as store:
        store.settings.set(
            CLINIC_SETTING,
            {"name": "Harbour Lane Physio", "address": "4 Harbour Lane\nPortby PB1 2CD",
             "phone": "01234 567890"},
        )  # fmt: skip
        document = build_document(
            store, "homecare", visit_id=demo_visits.injection.id, paper=Paper.LETTER
        )
    data, _laid = pdf_bytes(document)
    pages = pdf.pages(data)
    assert "Harbour Lane Physio" in pages[0]
    assert "4 Harbour Lane" in pages[0]
    assert "Telephone 01234 567890" in pages[0]
    assert all("Harbour Lane Physio" in page for page in pages)  # in every footer
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_odd_settings_never_stop_a_report() -> None:
    assert Clinic.from_setting(None) == Clinic()
    assert Clinic.from_setting("a string") == Clinic()
    assert Clinic.from_setting({"name": "  X  ", "address": 7}).name == "X"
