"""The layout engine: pagination rules, tables, text and the running header/footer."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from bodymap.render.report import style as st
from bodymap.render.report.blocks import Column, Heading, Paragraph, Spacer, Table
from bodymap.render.report.document import Document, lay_out, pdf_bytes
from bodymap.render.report.paginate import Piece, paginate
from bodymap.render.report.text import text_width, wrap
from bodymap.render.report.units import PageSetup, Paper, mm, pt


def piece(height: float, text: str = "", **kw) -> Piece:
    return Piece(height, lambda *_: None, text=text, **kw)


def texts(pages) -> list[list[str]]:
    return [[p.piece.text for p in page.placed] for page in pages]


def test_pieces_fill_pages_in_order_and_space_is_dropped_at_a_page_top() -> None:
    pages = paginate([piece(40, str(i), space_before=10) for i in range(5)], body_height=100)
    assert texts(pages) == [["0", "1"], ["2", "3"], ["4"]]
    assert [p.y for p in pages[1].placed] == [0, 50]  # no space above the first


def test_a_chain_moves_to_the_next_page_together() -> None:
    pieces = [piece(60, "a"), piece(20, "heading", keep_with_next=True), piece(30, "body")]
    assert texts(paginate(pieces, body_height=100)) == [["a"], ["heading", "body"]]


def test_a_chain_taller_than_a_page_breaks_where_it_must() -> None:
    pieces = [piece(40, str(i), keep_with_next=True) for i in range(4)] + [piece(10, "end")]
    assert texts(paginate(pieces, body_height=100)) == [["0", "1"], ["2", "3", "end"]]


def test_a_repeat_goes_first_on_a_new_page_only() -> None:
    head = piece(10, "head", keep_with_next=True)
    rows = [piece(30, f"r{i}", repeat=head) for i in range(5)]
    pages = paginate([head, *rows], body_height=100)
    assert texts(pages) == [["head", "r0", "r1", "r2"], ["head", "r3", "r4"]]


def test_an_empty_document_still_has_a_page() -> None:
    assert len(paginate([], body_height=100)) == 1


def test_page_break_before() -> None:
    pages = paginate([piece(10, "a"), piece(10, "b", page_break_before=True)], body_height=100)
    assert texts(pages) == [["a"], ["b"]]


def test_wrapped_lines_fit_their_width(qapp) -> None:
    text = "Stretch gently until you feel a pull, never pain. " * 8
    width = mm(80)
    lines = wrap(text, st.BODY, width)
    assert len(lines) > 4
    assert all(line.width <= width + 0.5 for line in lines)
    assert all(line.height == pytest.approx(st.BODY.line_height) for line in lines)


def test_paragraphs_keep_no_lone_first_or_last_line(qapp) -> None:
    pieces = Paragraph("word " * 400).pieces(mm(100))
    assert len(pieces) > 4
    assert pieces[0].keep_with_next  # no orphan
    assert pieces[-2].keep_with_next  # no widow
    assert not pieces[-1].keep_with_next
    assert not pieces[1].keep_with_next


def test_table_columns_never_split_a_word(qapp) -> None:
    columns = [Column("Trigger point", 6), Column("Familiar", 0.2), Column("Twitch", 0.2)]
    table = Table(columns, [["L serratus posterior superior", "yes", "no"]])
    widths = table._widths(mm(120))
    assert sum(widths) == pytest.approx(mm(120))
    assert widths[1] >= text_width("Familiar", table.head_style)
    assert widths[2] >= text_width("Twitch", table.head_style)


def test_table_header_repeats_on_every_page(qapp) -> None:
    rows = [[str(i), f"row {i}"] for i in range(120)]
    document = Document(
        "t",
        [Heading("Rows"), Table([Column("#", 1), Column("What", 4)], rows)],
        "Patient", "Title", "Footer",
    )  # fmt: skip
    laid = lay_out(document)
    assert laid.page_count >= 3
    for page in laid.texts()[1:]:
        assert page[0] == "# | What"
    all_rows = [t for page in laid.texts() for t in page if t != "# | What" and "|" in t]
    assert all_rows == [f"{i} | row {i}" for i in range(120)]


def test_letter_and_a4_pages_differ_and_page_count_matches_the_pdf(qapp) -> None:
    assert PageSetup.for_paper(Paper.LETTER).width > PageSetup.for_paper(Paper.A4).width
    blocks = [Paragraph("A line of body text that wraps. " * 30) for _ in range(20)]
    document = Document("t", blocks, "Patient", "Title", "Footer", paper=Paper.LETTER)
    data, laid = pdf_bytes(document)
    assert data.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(data)).pages) == laid.page_count > 1


def test_body_text_is_at_least_nine_points() -> None:
    for style in (st.BODY, st.TABLE, st.LABEL, st.H1, st.H2):
        assert style.size_pt >= 9.0
    assert pt(9) == 90  # a layout unit is a decipoint


def test_a_spacer_takes_its_height() -> None:
    (only,) = Spacer(pt(20)).pieces(100)
    assert only.height == pt(20)
