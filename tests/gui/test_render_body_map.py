"""Painting the body map onto an image, as printing will."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from bodymap.domain.anatomy import load_atlas
from bodymap.domain.finding import Activity, SensationQuality
from bodymap.domain.muscles import Side
from bodymap.domain.referral import ReferralZone
from bodymap.render.body_map import (
    ACTIVE_FILL,
    ZONE_STYLES,
    BodyMapOptions,
    MarkerSpec,
    fitted_rect,
    paint_body_map,
)
from bodymap.render.paths import path_polygons, polygons_path, stroke_path

W, H = 600, 700


@pytest.fixture
def image(qapp) -> QImage:
    img = QImage(W, H, QImage.Format.Format_ARGB32)
    img.fill(QColor("white"))
    return img


def paint(image: QImage, points, zones=(), options=None) -> QRectF:
    painter = QPainter(image)
    try:
        return paint_body_map(
            painter, QRectF(0, 0, image.width(), image.height()), points, zones, options
        )
    finally:
        painter.end()


def near(a: QColor, b: QColor, tol: int = 12) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def test_the_diagram_is_not_blank(image: QImage) -> None:
    paint(image, [])
    colours = {image.pixel(x, y) for x in range(0, W, 7) for y in range(0, H, 7)}
    assert len(colours) > 20
    # The outline of the back crosses the middle row somewhere left of the midline.
    assert any(QColor(image.pixel(x, H // 2)).lightness() < 140 for x in range(W // 2))


def test_active_disc_is_filled_and_latent_is_white(image: QImage) -> None:
    options = BodyMapOptions(marker_mm=30.0)
    active = MarkerSpec(0.3, 0.5, 1, Activity.ACTIVE)
    latent = MarkerSpec(0.7, 0.5, 2, Activity.LATENT)
    paint(image, [active, latent], options=options)
    # Beside the number, inside the disc (the digit's own ink covers the very centre).
    for spec, want in ((active, ACTIVE_FILL), (latent, QColor("white"))):
        cx, cy = round(spec.x * W), round(spec.y * H)
        assert near(QColor(image.pixel(cx + 9, cy)), want), spec
        assert near(QColor(image.pixel(cx - 9, cy)), want), spec
    # And the difference survives greyscale: the active disc is dark, the latent light.
    active_grey = QColor(image.pixel(round(0.3 * W) + 9, H // 2)).lightness()
    latent_grey = QColor(image.pixel(round(0.7 * W) + 9, H // 2)).lightness()
    assert latent_grey - active_grey > 80


def test_the_map_keeps_its_aspect_ratio() -> None:
    rect = fitted_rect(QRectF(0, 0, 1000, 400))
    assert rect.width() / rect.height() == pytest.approx(600 / 700)
    assert rect.center().x() == pytest.approx(500)


def test_zones_are_drawn_in_their_quality_colour(image: QImage) -> None:
    region = load_atlas().region("infraspinatus", Side.RIGHT)
    zone = ReferralZone(
        visit_id=1,
        trigger_point_id=1,
        polygons=(region.polygon,),
        quality=SensationQuality.BURNING,
    )
    blank = QImage(image)
    paint(blank, [])
    paint(image, [], [zone])
    x0, y0, x1, y1 = region.bbox
    red = ZONE_STYLES[SensationQuality.BURNING].color
    changed = [
        QColor(image.pixel(x, y))
        for x in range(round(x0 * W), round(x1 * W), 3)
        for y in range(round(y0 * H), round(y1 * H), 3)
        if image.pixel(x, y) != blank.pixel(x, y)
    ]
    assert len(changed) > 50
    assert sum(c.red() > c.green() + 30 for c in changed) > len(changed) / 2
    assert red.red() > red.green()


def test_a_stroke_round_trips_through_stored_polygons(qapp) -> None:
    from PySide6.QtCore import QPointF

    stroke = stroke_path([QPointF(200, 300), QPointF(260, 310)], 8.0)
    polygons = path_polygons(stroke)
    assert polygons and all(0 <= x <= 1 and 0 <= y <= 1 for p in polygons for x, y in p)
    back = polygons_path(polygons)
    area = back.boundingRect()
    assert area.width() == pytest.approx(60 + 16, abs=1.5)
    assert area.height() == pytest.approx(10 + 16, abs=2.0)
