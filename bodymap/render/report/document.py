"""A report document and the one code path that paints it on a page device.

:func:`render` lays the blocks out for the device's paper and paints every page with a
QPainter: a PDF writer, a printer and a print preview all go through it, so they get
the same pages. Every page carries the running header (the patient) and footer (when
printed, page x of y); a draft carries a watermark on every page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from bodymap.render.report import style as st
from bodymap.render.report.blocks import Block
from bodymap.render.report.paginate import Page, Piece, paginate
from bodymap.render.report.units import PageSetup, Paper, pt

PDF_RESOLUTION = 1200  # dpi of the PDF's coordinate grid; the drawing stays vector
CREATOR = "Bodymap"


class RenderError(Exception):
    """The device could not be painted on (an unwritable file, a printer gone away)."""


@dataclass(frozen=True, slots=True)
class Document:
    title: str  # also the PDF's title
    blocks: Sequence[Block]
    header_left: str  # the patient, on every page
    header_right: str  # what the document is
    footer_left: str  # when it was printed, and by which clinic
    paper: Paper = Paper.A4
    watermark: str | None = None  # e.g. "DRAFT", across every page
    printed_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class LaidOut:
    setup: PageSetup
    pages: list[Page]

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def texts(self) -> list[list[str]]:
        """What each page says, piece by piece (for tests and debugging)."""
        return [[p.piece.text for p in page.placed if p.piece.text] for page in self.pages]


def lay_out(document: Document, setup: PageSetup | None = None) -> LaidOut:
    setup = setup or PageSetup.for_paper(document.paper)
    pieces: list[Piece] = [p for block in document.blocks for p in block.pieces(setup.body_width)]
    return LaidOut(setup, paginate(pieces, setup.body_height))


# --- painting ------------------------------------------------------------------------------


def _elided(text: str, style: st.TextStyle, width: float) -> str:
    return QFontMetricsF(style.font()).elidedText(text, Qt.TextElideMode.ElideRight, width)


def _draw_text(
    painter: QPainter, rect: QRectF, text: str, style: st.TextStyle, align: Qt.AlignmentFlag
) -> None:
    painter.setFont(style.font())
    painter.setPen(style.qcolor())
    painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignVCenter), text)


def _paint_watermark(painter: QPainter, setup: PageSetup, text: str) -> None:
    painter.save()
    painter.translate(setup.width / 2.0, setup.height / 2.0)
    painter.rotate(-35.0)
    font = st.TextStyle(size_pt=110.0, bold=True).font()
    painter.setFont(font)
    # On top of the content but translucent: nothing can cover it, and the text under
    # it stays readable.
    color = QColor(st.WATERMARK)
    color.setAlphaF(0.22)
    painter.setPen(color)
    box = QRectF(-setup.height / 2.0, -pt(80), setup.height, pt(160))
    painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)
    painter.restore()


def _paint_chrome(
    painter: QPainter, document: Document, setup: PageSetup, number: int, count: int
) -> None:
    left, width = setup.margin_left, setup.body_width
    band = pt(12)
    gap = pt(12)
    top = setup.header_offset - band / 2.0
    # The document's name keeps its words; the patient's line gives way first, but never
    # below half the width (the patient is what identifies a loose page).
    right_need = QFontMetricsF(st.RUNNING.font()).horizontalAdvance(document.header_right)
    left_width = max(width - right_need - gap, width * 0.5)
    header_left = _elided(document.header_left, st.RUNNING_BOLD, left_width)
    used = QFontMetricsF(st.RUNNING_BOLD.font()).horizontalAdvance(header_left)
    header_right = _elided(document.header_right, st.RUNNING, width - used - gap)
    _draw_text(
        painter,
        QRectF(left, top, width, band),
        header_left,
        st.RUNNING_BOLD,
        Qt.AlignmentFlag.AlignLeft,
    )
    _draw_text(
        painter,
        QRectF(left, top, width, band),
        header_right,
        st.RUNNING,
        Qt.AlignmentFlag.AlignRight,
    )
    rule = QPen(QColor(st.RULE), pt(0.5))
    painter.setPen(rule)
    painter.drawLine(QPointF(left, top + band + pt(2)), QPointF(left + width, top + band + pt(2)))

    bottom = setup.height - setup.footer_offset - band
    painter.setPen(rule)
    painter.drawLine(QPointF(left, bottom - pt(2)), QPointF(left + width, bottom - pt(2)))
    page_text = f"Page {number} of {count}"
    footer = _elided(document.footer_left, st.RUNNING, width - pt(90))
    _draw_text(
        painter, QRectF(left, bottom, width, band), footer, st.RUNNING, Qt.AlignmentFlag.AlignLeft
    )
    _draw_text(
        painter,
        QRectF(left, bottom, width, band),
        page_text,
        st.RUNNING_BOLD,
        Qt.AlignmentFlag.AlignRight,
    )


def paint_page(painter: QPainter, document: Document, laid: LaidOut, index: int) -> None:
    """Page ``index`` (0-based) in layout units; the painter maps them to the device."""
    setup = laid.setup
    _paint_chrome(painter, document, setup, index + 1, laid.page_count)
    for placed in laid.pages[index].placed:
        painter.save()
        placed.piece.paint(
            painter, setup.margin_left, setup.margin_top + placed.y, setup.body_width
        )
        painter.restore()
    if document.watermark:
        _paint_watermark(painter, setup, document.watermark)


def _device_setup(device: QPagedPaintDevice) -> PageSetup:
    size = device.pageLayout().fullRect(QPageLayout.Unit.Point).size()
    return PageSetup.for_size_pt(size.width(), size.height())


def render(document: Document, device: QPagedPaintDevice) -> LaidOut:
    """Lay ``document`` out for the device's paper and paint every page on it.

    The device's origin must be the paper's corner (a PDF writer with zero margins, a
    printer in full-page mode): the report draws its own margins.
    """
    laid = lay_out(document, _device_setup(device))
    painter = QPainter()
    if not painter.begin(device):
        raise RenderError("the page device could not be opened for painting")
    try:
        scale = device.logicalDpiX() / pt(72.0)
        for index in range(laid.page_count):
            if index and not device.newPage():
                raise RenderError("the page device refused a new page")
            painter.save()
            painter.scale(scale, scale)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
            paint_page(painter, document, laid, index)
            painter.restore()
    finally:
        painter.end()
    return laid


def page_size(paper: Paper) -> QPageSize:
    return QPageSize(QPageSize.PageSizeId.A4 if paper is Paper.A4 else QPageSize.PageSizeId.Letter)


def pdf_bytes(document: Document) -> tuple[bytes, LaidOut]:
    """The document as a PDF file's bytes (vector text and drawings)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageSize(page_size(document.paper))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setTitle(document.title)
    writer.setCreator(CREATOR)
    laid = render(document, writer)
    del writer  # flushes the file's trailer into the buffer
    buffer.close()
    return bytes(data.data()), laid


__all__ = [
    "Document",
    "LaidOut",
    "RenderError",
    "lay_out",
    "paint_page",
    "pdf_bytes",
    "render",
]
