"""Chart labels that are quick to draw on a raster canvas.

matplotlib (3.11) lays out every string with FreeType when it is measured and again
when it is drawn, and renders it glyph by glyph, at every draw on the Agg canvas: on
the bench machine about a millisecond per label plus a fifth of a millisecond per
character, which made text most of a chart's drawing time.

:class:`ChartText` is an ordinary :class:`~matplotlib.text.Text` (same properties and
alignment, and real text in SVG and PDF files) that on an Agg canvas fills the outline
of its string instead: the outlines and advance widths of the font's glyphs are read
from FreeType once per process and kept, each label is laid out from them (with the
font's kerning) and drawn as one path. The outlines are unhinted, as matplotlib's own
text-to-path conversion uses them; at chart sizes the two look alike.

Anything this does not handle (mathtext, TeX, path effects, a box, clipping, characters
the font lacks) is drawn by matplotlib as usual.

A chart's labels live in one :class:`Labels` layer, which fills them one path per
colour and makes them Text artists only when someone asks for them: creating a Text
costs about as much as drawing it.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from matplotlib import rcParams
from matplotlib.artist import Artist, allow_rasterization
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.ft2font import Kerning, LoadFlags
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.transforms import Bbox, IdentityTransform, Transform

UNITS_PX = 100.0  # outlines are kept at 100 px to the em and scaled when drawn
Rgba = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class _Glyph:
    index: int
    advance: float  # in UNITS_PX
    vertices: np.ndarray  # the outline from the glyph's origin
    codes: np.ndarray
    top: float  # highest and lowest point of the outline
    bottom: float


@dataclass(eq=False, slots=True)
class _Face:
    """One font file: its vertical metrics and the glyphs and kerning read so far."""

    path: str
    ascent: float  # the font's typographic ascent, descent and line gap, in UNITS_PX
    descent: float
    line_gap: float
    glyphs: dict[str, _Glyph | None] = field(default_factory=dict)
    kerning: dict[tuple[int, int], float] = field(default_factory=dict)

    def glyph(self, char: str) -> _Glyph | None:
        """One character's outline and advance; None if the font has no glyph for it."""
        try:
            return self.glyphs[char]
        except KeyError:
            pass
        font = get_font(self.path)  # shared with matplotlib's renderer: set the size
        index = font.get_char_index(ord(char))
        glyph = None
        if index or char.isspace():
            font.set_size(UNITS_PX, 72.0)
            loaded = font.load_glyph(index, flags=LoadFlags.NO_HINTING)
            vertices, codes = font.get_path()
            vertices = np.asarray(vertices, dtype=float).reshape(-1, 2)
            ys = vertices[:, 1]
            glyph = _Glyph(
                index,
                loaded.linearHoriAdvance / 65536,
                vertices,
                np.asarray(codes, dtype=np.uint8),
                float(ys.max()) if len(ys) else 0.0,
                float(ys.min()) if len(ys) else 0.0,
            )
        self.glyphs[char] = glyph
        return glyph

    def kern(self, left: int, right: int) -> float:
        try:
            return self.kerning[left, right]
        except KeyError:
            font = get_font(self.path)
            font.set_size(UNITS_PX, 72.0)
            value = self.kerning[left, right] = font.get_kerning(left, right, Kerning.UNFITTED) / 64
            return value

    def line(self, text: str) -> _Line | None:
        """One line of text laid out from its baseline origin; None if a character is
        missing from the font."""
        glyphs, kerning = self.glyphs, self.kerning
        parts: list[_Glyph] = []
        origins: list[float] = []
        x, before = 0.0, -1
        for char in text:
            glyph = glyphs[char] if char in glyphs else self.glyph(char)
            if glyph is None:
                return None
            if before >= 0:
                pair = (before, glyph.index)
                x += kerning[pair] if pair in kerning else self.kern(*pair)
            if len(glyph.codes):  # not a space
                parts.append(glyph)
                origins.append(x)
            x += glyph.advance
            before = glyph.index
        if not parts:
            return _Line(np.empty((0, 2)), np.empty(0, np.uint8), x, 0.0, 0.0)
        vertices = np.concatenate([g.vertices for g in parts])
        vertices[:, 0] += np.repeat(origins, [len(g.codes) for g in parts])
        return _Line(
            vertices,
            np.concatenate([g.codes for g in parts]),
            x,
            max(g.top for g in parts),
            -min(g.bottom for g in parts),
        )


@dataclass(frozen=True, slots=True)
class _Line:
    vertices: np.ndarray
    codes: np.ndarray
    width: float
    ascent: float
    descent: float


@functools.cache
def _face(path: str) -> _Face:
    font = get_font(path)
    head, os2, hhea = (font.get_sfnt_table(name) for name in ("head", "OS/2", "hhea"))
    scale = UNITS_PX / (head["unitsPerEm"] if head else 2048)
    # The metrics matplotlib's Text uses for line spacing (the same tables, in order).
    if os2 is not None:
        return _Face(
            path,
            os2["sTypoAscender"] * scale,
            -os2["sTypoDescender"] * scale,
            os2["sTypoLineGap"] * scale,
        )
    if hhea is not None:
        return _Face(
            path, hhea["ascent"] * scale, -hhea["descent"] * scale, hhea["lineGap"] * scale
        )
    return _Face(path, 0.76 * UNITS_PX, 0.24 * UNITS_PX, 0.0)


_FACES: dict[tuple[object, ...], _Face] = {}


def _face_of(prop: FontProperties) -> _Face:
    """The face matplotlib would pick for ``prop`` (looked up once per kind of font)."""
    key = (
        tuple(prop.get_family()), prop.get_style(), prop.get_variant(), prop.get_weight(),
        prop.get_stretch(), prop.get_file(),
    )  # fmt: skip
    face = _FACES.get(key)
    if face is None:
        face = _FACES[key] = _face(str(findfont(prop)))
    return face


def text_width(text: str, prop: FontProperties) -> float:
    """The width of one line of text in points, as :class:`ChartText` draws it."""
    line = _face_of(prop).line(text)
    if line is None:
        return 0.6 * len(text) * prop.get_size_in_points()
    return line.width / UNITS_PX * prop.get_size_in_points()


Outline = tuple[np.ndarray, np.ndarray]  # vertices in display pixels, path codes
_NOTHING: Outline = (np.empty((0, 2)), np.empty(0, np.uint8))
_SHIFT = {"left": 0.0, "center": 0.5, "right": 1.0}


def _outline(
    face: _Face,
    text: str,
    anchor: tuple[float, float],
    size_px: float,
    *,
    ha: str,
    va: str,
    rotation: float,
    rotation_mode: str,
    linespacing: float | str,
) -> Outline | None:
    """The outline of ``text`` anchored at ``anchor`` (display pixels), laid out as
    matplotlib's ``Text._get_layout`` lays it out; None if a character is missing."""
    shaped = [face.line(line) for line in text.split("\n")]
    lines = [line for line in shaped if line is not None]
    if len(lines) < len(shaped):
        return None
    x, y = anchor
    if not (math.isfinite(x) and math.isfinite(y)):
        return _NOTHING  # like matplotlib: nothing to draw

    gap = face.line_gap if len(lines) > 1 else 0.0
    tops: list[float] = []
    this_y = baseline = descent = 0.0
    for line in lines:
        ascent, descent = line.ascent, line.descent
        if linespacing == "normal":
            ascent = max(ascent, face.ascent) + gap / 2
            descent = max(descent, face.descent) + gap / 2
        else:
            leading = float(linespacing) * (face.ascent + face.descent) - (ascent + descent)
            ascent += leading / 2
            descent += leading / 2
        baseline = ascent - this_y
        this_y -= ascent
        tops.append(this_y)
        this_y -= descent
    width = max(line.width for line in lines)
    bottom = tops[-1] - descent

    angle = math.radians(rotation)
    cos, sin = math.cos(angle), math.sin(angle)
    if rotation_mode == "anchor":  # align in the text's own frame, then turn
        ox = width * _SHIFT[ha]
        oy = {
            "bottom": bottom, "top": 0.0, "center": bottom / 2, "baseline": -baseline,
            "center_baseline": -baseline / 2,
        }[va]  # fmt: skip
        ox, oy = ox * cos - oy * sin, ox * sin + oy * cos
    else:  # turn, then align the turned box
        corners = ((0.0, bottom), (0.0, 0.0), (width, 0.0), (width, bottom))
        xs = [cx * cos - cy * sin for cx, cy in corners]
        ys = [cx * sin + cy * cos for cx, cy in corners]
        ox = min(xs) + (max(xs) - min(xs)) * _SHIFT[ha]
        y0, y1 = min(ys), max(ys)
        oy = {
            "bottom": y0, "top": y1, "center": (y0 + y1) / 2, "baseline": y0 + descent,
            "center_baseline": y1 - baseline / 2,
        }[va]  # fmt: skip

    # Each line sits in the block as the block sits at its anchor.
    parts = [
        line.vertices + np.array([(width - line.width) * _SHIFT[ha], top])
        for line, top in zip(lines, tops, strict=True)
        if len(line.codes)
    ]
    if not parts:
        return _NOTHING
    vertices = parts[0] if len(parts) == 1 else np.concatenate(parts)
    codes = np.concatenate([line.codes for line in lines])
    # Turn about the anchor, scale to pixels and move to the anchor, at once.
    k = size_px / UNITS_PX
    matrix = np.array([[cos * k, -sin * k], [sin * k, cos * k]])
    return vertices @ matrix.T + (x - ox * k, y - oy * k), codes


def _anchor(
    transform: Transform, x: float, y: float, places: dict[int, np.ndarray] | None
) -> tuple[float, float]:
    """(x, y) in display pixels; ``places`` keeps the matrices of transforms met before
    in the same draw (labels share a few transforms)."""
    if places is None or not transform.is_affine:
        px, py = transform.transform((x, y))
        return float(px), float(py)
    m = places.get(id(transform))
    if m is None:
        m = places[id(transform)] = transform.get_affine().get_matrix()
    return m[0, 0] * x + m[0, 1] * y + m[0, 2], m[1, 0] * x + m[1, 1] * y + m[1, 2]


class ChartText(Text):
    """A :class:`~matplotlib.text.Text` drawn from cached glyph outlines on Agg."""

    @allow_rasterization
    def draw(self, renderer: RendererBase) -> None:
        if not self.get_visible() or self.get_text() == "":
            return
        outline = self.outline(renderer)
        if outline is None:
            super().draw(renderer)
            return
        vertices, codes = outline
        if len(codes):
            _fill(renderer, vertices, codes, self.rgba(), self.get_antialiased())
        self.stale = False

    def outline(
        self, renderer: RendererBase, places: dict[int, np.ndarray] | None = None
    ) -> Outline | None:
        """The text's outline in display pixels as it is drawn on ``renderer``; None
        where matplotlib must draw it (not Agg, mathtext, TeX, path effects, a box,
        clipping, a character the font lacks)."""
        if not isinstance(renderer, RendererAgg) or not self._plain():
            return None
        return _outline(
            _face_of(self.get_fontproperties()),
            self.get_text(),
            _anchor(self.get_transform(), *self.get_unitless_position(), places),
            renderer.points_to_pixels(self.get_fontsize()),
            ha=self.get_horizontalalignment(),
            va=self.get_verticalalignment(),
            rotation=self.get_rotation(),
            rotation_mode=self.get_rotation_mode() or "default",
            linespacing=self.get_linespacing(),
        )

    def rgba(self) -> Rgba:
        return to_rgba(self.get_color(), self.get_alpha())

    def _plain(self) -> bool:
        return not (
            self.get_usetex()
            or self.get_path_effects()
            or self.get_bbox_patch()
            or self.get_wrap()
            or (self.get_clip_on() and (self.get_clip_box() or self.get_clip_path()))
            or (self.get_parse_math() and self.get_text().count("$") >= 2)
        )


def _fill(
    renderer: RendererBase, vertices: np.ndarray, codes: np.ndarray, rgba: Rgba, antialiased: bool
) -> None:
    gc = renderer.new_gc()
    gc.set_linewidth(0)
    gc.set_antialiased(antialiased)
    gc.set_snap(False)
    renderer.draw_path(gc, Path(vertices, codes), IdentityTransform(), rgba)
    gc.restore()


@dataclass(frozen=True, slots=True)
class _Label:
    """A label not yet made a Text: where, what, and the Text properties asked for."""

    x: float
    y: float
    text: str
    transform: Transform
    size: float
    color: str
    weight: str
    style: str
    ha: str
    va: str
    rotation: float
    rotation_mode: str
    gid: str | None

    def as_text(self) -> ChartText:
        return ChartText(
            self.x, self.y, self.text, transform=self.transform, fontsize=self.size,
            color=self.color, fontweight=self.weight, fontstyle=self.style, ha=self.ha,
            va=self.va, rotation=self.rotation, rotation_mode=self.rotation_mode, gid=self.gid,
            parse_math=False,
        )  # fmt: skip


@functools.cache
def _plain_face(weight: str, style: str, families: tuple[str, ...]) -> _Face:
    return _face_of(FontProperties(family=list(families), weight=weight, style=style))


class Labels(Artist):
    """All the labels of a chart, drawn together: on Agg one filled path per colour (a
    chart has dozens of labels and a handful of colours), elsewhere (SVG, PDF) each
    label as the text it is.

    A label becomes a :class:`ChartText` only when one is asked for (:attr:`texts`,
    ``get_children``, ``findobj``, a vector backend): making a matplotlib Text costs
    about as much as drawing it. From then on the Text objects are what is drawn."""

    def __init__(self) -> None:
        super().__init__()
        self._labels: list[_Label] = []
        self._texts: list[ChartText] | None = None
        self.set_zorder(4)

    def add(
        self,
        x: float,
        y: float,
        text: str,
        transform: Transform,
        *,
        fontsize: float,
        color: str,
        fontweight: str = "normal",
        fontstyle: str = "normal",
        ha: str = "left",
        va: str = "baseline",
        rotation: float = 0.0,
        rotation_mode: str = "default",
        gid: str | None = None,
    ) -> None:
        """A label at (x, y) in ``transform``'s coordinates, with these Text properties."""
        label = _Label(
            x, y, text, transform, fontsize, color, fontweight, fontstyle, ha, va, rotation,
            rotation_mode, gid,
        )  # fmt: skip
        if self._texts is not None:
            self._texts.append(self._adopt(label.as_text()))
        self._labels.append(label)
        self.stale = True

    @property
    def texts(self) -> list[ChartText]:
        """The labels as Text artists (made on first use)."""
        if self._texts is None:
            self._texts = [self._adopt(label.as_text()) for label in self._labels]
        return self._texts

    def _adopt(self, text: ChartText) -> ChartText:
        figure = self.get_figure()
        if figure is not None:
            text.set_figure(figure)
        return text

    def set_figure(self, fig: Figure) -> None:
        super().set_figure(fig)
        for text in self._texts or ():
            text.set_figure(fig)

    def get_children(self) -> list[Artist]:
        return list(self.texts)

    def pick(self, mouseevent: Any) -> None:
        # Labels are not pickable: a click need not make them Text artists.
        if self._texts is not None:
            super().pick(mouseevent)

    def get_window_extent(self, renderer: RendererBase | None = None) -> Bbox:
        extents = [t.get_window_extent(renderer) for t in self.texts if t.get_text()]
        return Bbox.union(extents) if extents else Bbox.null()

    @allow_rasterization
    def draw(self, renderer: RendererBase) -> None:
        if not self.get_visible():
            return
        if not isinstance(renderer, RendererAgg):
            for text in self.texts:
                text.draw(renderer)
            self.stale = False
            return
        groups: dict[tuple[Rgba, bool], list[Outline]] = {}
        places: dict[int, np.ndarray] = {}
        if self._texts is None:  # straight from the labels, no Text made
            families = tuple(rcParams["font.family"])
            antialiased = bool(rcParams["text.antialiased"])
            for label in self._labels:
                if not label.text:
                    continue
                outline = _outline(
                    _plain_face(label.weight, label.style, families),
                    label.text,
                    _anchor(label.transform, label.x, label.y, places),
                    renderer.points_to_pixels(label.size),
                    ha=label.ha,
                    va=label.va,
                    rotation=label.rotation,
                    rotation_mode=label.rotation_mode,
                    linespacing="normal",
                )
                if outline is None:
                    self._adopt(label.as_text()).draw(renderer)  # matplotlib draws it
                elif len(outline[1]):
                    groups.setdefault((to_rgba(label.color), antialiased), []).append(outline)
        else:
            for text in self._texts:
                if not text.get_visible() or text.get_text() == "":
                    continue
                outline = text.outline(renderer, places)
                if outline is None:
                    text.draw(renderer)
                elif len(outline[1]):
                    groups.setdefault((text.rgba(), text.get_antialiased()), []).append(outline)
        for (rgba, antialiased), outlines in groups.items():
            vertices = np.concatenate([v for v, _ in outlines])
            codes = np.concatenate([c for _, c in outlines])
            _fill(renderer, vertices, codes, rgba, antialiased)
        self.stale = False
