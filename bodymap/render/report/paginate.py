"""Flowing pieces onto pages.

A block (paragraph, table, picture) turns into pieces: slices of fixed height that never
split, such as one line of text or one table row. Pieces chained with ``keep_with_next``
move to the next page together (a heading with what follows it, the first two lines of
a paragraph), unless the chain is taller than a whole page, in which case it breaks
wherever it must. A piece that starts a page may bring a repeat (a table's header row).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from PySide6.QtGui import QPainter

# Paints a piece with its top-left corner at (x, y), ``width`` wide.
PaintFn = Callable[[QPainter, float, float, float], None]


@dataclass(eq=False, slots=True)
class Piece:
    height: float
    paint: PaintFn
    space_before: float = 0.0  # dropped at the top of a page
    keep_with_next: bool = False
    repeat: Piece | None = None  # painted first when this piece starts a page
    page_break_before: bool = False
    text: str = ""  # what the piece says, for tests and debugging


@dataclass(slots=True)
class Placed:
    piece: Piece
    y: float  # from the top of the page body


@dataclass(slots=True)
class Page:
    placed: list[Placed] = field(default_factory=list)
    used: float = 0.0

    @property
    def empty(self) -> bool:
        return not self.placed


def _chains(pieces: Sequence[Piece]) -> Iterable[list[Piece]]:
    chain: list[Piece] = []
    for piece in pieces:
        if piece.page_break_before and chain:
            yield chain
            chain = []
        chain.append(piece)
        if not piece.keep_with_next:
            yield chain
            chain = []
    if chain:
        yield chain


def _repeat_height(piece: Piece) -> float:
    return piece.repeat.height if piece.repeat is not None and piece.repeat is not piece else 0.0


def _need(chain: Sequence[Piece], page: Page) -> float:
    """The height ``chain`` takes on ``page``: no space above it at the top of a page,
    where its first piece brings its repeat instead."""
    total = 0.0
    for i, piece in enumerate(chain):
        if i == 0 and page.empty:
            total += _repeat_height(piece) + piece.height
        else:
            total += piece.space_before + piece.height
    return total


def paginate(pieces: Sequence[Piece], body_height: float) -> list[Page]:
    """Pages holding every piece in order; always at least one page."""
    pages = [Page()]

    def new_page() -> Page:
        pages.append(Page())
        return pages[-1]

    def place(piece: Piece, page: Page) -> None:
        if page.empty:
            if piece.repeat is not None and piece.repeat is not piece:
                page.placed.append(Placed(piece.repeat, 0.0))
                page.used = _repeat_height(piece)
        else:
            page.used += piece.space_before
        page.placed.append(Placed(piece, page.used))
        page.used += piece.height

    for chain in _chains(pieces):
        page = pages[-1]
        if chain[0].page_break_before and not page.empty:
            page = new_page()
        if page.used + _need(chain, page) > body_height and not page.empty:
            page = new_page()
        if page.used + _need(chain, page) <= body_height:
            for piece in chain:
                place(piece, page)
            continue
        # Taller than a page: break inside the chain wherever the next piece does not fit.
        for piece in chain:
            if not page.empty and page.used + piece.space_before + piece.height > body_height:
                page = new_page()
            place(piece, page)
    return pages
