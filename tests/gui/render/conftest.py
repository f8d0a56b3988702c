"""Reports from the demo caseload, and ways to read the PDFs back: their text (pypdf)
and their pictures (pdftoppm from poppler-utils)."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage

from bodymap.domain.visit import Visit
from bodymap.store import Mode, Store


@pytest.fixture(scope="session")
def report_db(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo database that report tests only read."""
    target = tmp_path_factory.mktemp("report-db") / "demo.db"
    for suffix in ("", "-wal", "-shm"):
        source = demo_db_template.with_name(demo_db_template.name + suffix)
        if source.exists():
            shutil.copyfile(source, target.with_name(target.name + suffix))
    return target


@pytest.fixture
def store(report_db: Path) -> Iterator[Store]:
    with Store.open(report_db, Mode.READ_ONLY) as opened:
        yield opened


@dataclass(frozen=True)
class DemoVisits:
    injection: Visit  # signed, with a trigger point injection
    amended: Visit  # signed, with an amendment
    draft: Visit


def find_visits(store: Store) -> DemoVisits:
    visits = [v for p in store.patients.search("") for v in store.visits.for_patient(p.id)]
    injection = next(
        v for v in visits
        if v.is_signed and any(t.kind == "trp_injection" for t in store.treatments.for_visit(v.id))
    )  # fmt: skip
    amended = next(v for v in visits if store.amendments.for_visit(v.id))
    draft = next(v for v in visits if not v.is_signed)
    return DemoVisits(injection, amended, draft)


@pytest.fixture(scope="session")
def demo_visits(report_db: Path) -> DemoVisits:
    with Store.open(report_db, Mode.READ_ONLY) as opened:
        return find_visits(opened)


# --- reading PDFs back ---------------------------------------------------------------------


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, whitespace collapsed to single spaces and ligatures
    (the font's "fi") spelled out."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    texts = (unicodedata.normalize("NFKC", page.extract_text() or "") for page in reader.pages)
    return [" ".join(text.split()) for text in texts]


def pdf_image_count(data: bytes) -> int:
    from pypdf import PdfReader

    return sum(len(page.images) for page in PdfReader(io.BytesIO(data)).pages)


def rasterise(pdf: Path, page: int = 1, dpi: int = 50) -> QImage:
    """One page as an image, drawn by poppler (not by Qt, which wrote the file)."""
    binary = shutil.which("pdftoppm")
    if binary is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: packaging/system-deps.sh")
    out = pdf.with_name(f"{pdf.stem}-p{page}")
    subprocess.run(
        [binary, "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
         str(pdf), str(out)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    image = QImage(str(out.with_suffix(".png")))
    assert not image.isNull()
    return image


def pixels(image: QImage) -> np.ndarray:
    """The image as a height x width x 3 array of RGB bytes."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    raw = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=stride * height)
    return raw.reshape(height, stride)[:, : width * 3].reshape(height, width, 3).copy()


def count_near(area: np.ndarray, color: QColor, tol: int = 40) -> int:
    """How many pixels are within ``tol`` of ``color`` in every channel."""
    target = np.array(color.getRgb()[:3], dtype=np.int16)
    return int((np.abs(area.astype(np.int16) - target) <= tol).all(axis=2).sum())


def ink_fraction(area: np.ndarray) -> float:
    """The share of pixels that are not (near) white."""
    return float((area.min(axis=2) < 235).mean())


class PdfTools:
    """The helpers above, handed to tests as a fixture (test modules cannot import a
    conftest under --import-mode=importlib)."""

    pages = staticmethod(pdf_pages)
    image_count = staticmethod(pdf_image_count)
    rasterise = staticmethod(rasterise)
    pixels = staticmethod(pixels)
    count_near = staticmethod(count_near)
    ink_fraction = staticmethod(ink_fraction)


@pytest.fixture(scope="session")
def pdf() -> PdfTools:
    return PdfTools()
