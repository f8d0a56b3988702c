"""The anatomy atlas: geometry, content, hit testing, landmarks, extent and the SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bodymap.domain.anatomy import Site, body_area, extent_percent, geometry, load_atlas, locate
from bodymap.domain.anatomy.svg import diagram_svg
from bodymap.domain.assets import read_text
from bodymap.domain.muscles import MUSCLES, Layer, Side
from bodymap.domain.template import POSTERIOR_TRUNK

W, H = POSTERIOR_TRUNK.width_mm, POSTERIOR_TRUNK.height_mm
ATLAS = load_atlas()
ALL_SITES = [s for m in ATLAS.muscles for s in m.sites]


def mm(landmark_id: str) -> tuple[float, float]:
    mark = ATLAS.landmark(landmark_id)
    return mark.x * W, mark.y * H


def norm(u: float, v: float) -> tuple[float, float]:
    return u / W, v / H


def site_id(site: object) -> str:
    return (
        f"{getattr(site, 'muscle_id', '')}-{getattr(site, 'side', '')}-{getattr(site, 'y', 0):.3f}"
    )


# --- content ---------------------------------------------------------------------------


def test_every_catalog_muscle_has_a_region_on_each_side() -> None:
    ids = {r.id for r in ATLAS.regions}
    for m in MUSCLES:
        assert f"{m.id}_L" in ids
        assert f"{m.id}_R" in ids
    assert len(ATLAS.regions) == 2 * len(MUSCLES)


def test_regions_lie_on_their_own_side_of_the_midline() -> None:
    for region in ATLAS.regions:
        xs = [x for x, _ in region.polygon]
        if region.side is Side.LEFT:
            assert max(xs) <= 0.5 + 1e-9, region.id
        else:
            assert min(xs) >= 0.5 - 1e-9, region.id


def test_names_and_layers_come_from_the_catalog() -> None:
    for m, entry in zip(MUSCLES, ATLAS.muscles, strict=True):
        assert (entry.id, entry.name, entry.layer) == (m.id, m.name, m.layer)
        assert entry.referral.strip()
        assert entry.source.strip()
        assert entry.sites_on(Side.LEFT) and entry.sites_on(Side.RIGHT)
        assert entry.zones_on(Side.LEFT) and entry.zones_on(Side.RIGHT)


def test_referral_zones_are_on_the_template() -> None:
    for entry in ATLAS.muscles:
        for zone in entry.referral_zones:
            assert len(zone.polygon) >= 3
            assert all(0.0 <= x <= 1.0 and 0.0 <= y <= 1.0 for x, y in zone.polygon)
            assert extent_percent([zone.polygon]) > 0.0, entry.id


def test_landmark_table_is_complete() -> None:
    ids = {m.id for m in ATLAS.landmarks}
    levels = ["C7", *(f"T{i}" for i in range(1, 13)), *(f"L{i}" for i in range(1, 5))]
    assert set(levels) <= ids
    for key in (
        "scapular_spine_root",
        "acromion",
        "superior_angle",
        "inferior_angle",
        "medial_border",
        "iliac_crest",
    ):
        assert {f"{key}_L", f"{key}_R"} <= ids
    assert "occiput" in ids
    assert ATLAS.landmark("acromion_R").name == "right acromion"


# --- geometry of an adult back (DOMAIN.md section 3) -------------------------------------


def test_spine_proportions() -> None:
    assert mm("C7")[0] == pytest.approx(300)
    assert 150 <= mm("C7")[1] <= 170
    thoracic = [mm(f"T{i}")[1] for i in range(1, 13)]
    gaps = [b - a for a, b in zip([mm("C7")[1], *thoracic], thoracic, strict=False)]
    assert all(23 <= g <= 25 for g in gaps)
    assert 280 <= mm("T12")[1] - mm("C7")[1] <= 300


def test_scapula_sits_at_the_right_levels() -> None:
    for side in "LR":
        assert abs(mm(f"scapular_spine_root_{side}")[1] - mm("T3")[1]) <= 10
        assert abs(mm(f"superior_angle_{side}")[1] - mm("T2")[1]) <= 10
        assert abs(mm(f"inferior_angle_{side}")[1] - mm("T7")[1]) <= 10
        assert abs(mm(f"iliac_crest_{side}")[1] - mm("L4")[1]) <= 10
        for key in ("scapular_spine_root", "superior_angle", "inferior_angle"):
            assert 50 <= abs(mm(f"{key}_{side}")[0] - 300) <= 70, key


def test_shoulder_breadth_and_laterality_of_landmarks() -> None:
    left, right = mm("acromion_L"), mm("acromion_R")
    assert 360 <= right[0] - left[0] <= 410
    assert left[0] < 300 < right[0]  # patient's left on the viewer's left


def test_scapula_size() -> None:
    for _, poly in ATLAS.drawing.scapulae:
        x0, y0, x1, y1 = geometry.bbox(poly)
        assert 125 <= (y1 - y0) * H <= 160  # projected height, superior to inferior angle
        assert 90 <= (x1 - x0) * W <= 115


def _distance_mm(region_id: str, point: tuple[float, float]) -> float:
    region = ATLAS.regions_by_id()[region_id]
    if region.contains(*norm(*point)):
        return 0.0
    ring = [(x * W, y * H) for x, y in region.polygon]
    return geometry.nearest_on_polyline([*ring, ring[0]], point)[1]


@pytest.mark.parametrize(
    ("muscle_id", "landmark_id"),
    [
        ("trapezius_upper", "occiput"),
        ("trapezius_upper", "acromion"),
        ("trapezius_middle", "C7"),
        ("trapezius_middle", "scapular_spine_root"),
        ("trapezius_lower", "T4"),
        ("trapezius_lower", "T12"),
        ("trapezius_lower", "scapular_spine_root"),
        ("levator_scapulae", "superior_angle"),
        ("rhomboid_major", "inferior_angle"),
        ("teres_major", "inferior_angle"),
        ("latissimus_dorsi", "inferior_angle"),
        ("latissimus_dorsi", "T12"),
        ("deltoid_posterior", "acromion"),
        ("supraspinatus", "superior_angle"),
        ("multifidi_thoracic", "T6"),
    ],
)
def test_muscles_reach_their_attachments(muscle_id: str, landmark_id: str) -> None:
    for side in (Side.LEFT, Side.RIGHT):
        mark = landmark_id if landmark_id[0] in "CTL" or landmark_id == "occiput" else None
        point = mm(mark or f"{landmark_id}_{side.value}")
        assert _distance_mm(f"{muscle_id}_{side.value}", point) <= 8.0


def test_regions_stay_inside_the_body_outline() -> None:
    total = body_area()
    for region in ATLAS.regions:
        own = geometry.area([(x * W, y * H) for x, y in region.polygon])
        inside = extent_percent([region.polygon]) / 100.0 * total
        assert inside >= 0.97 * own, region.id


# --- hit testing -----------------------------------------------------------------------


@pytest.mark.parametrize("site", ALL_SITES, ids=site_id)
def test_every_site_lies_in_its_own_muscle(site: Site) -> None:
    assert ATLAS.region(site.muscle_id, site.side).contains(site.x, site.y)
    loc = locate(site.x, site.y)
    assert loc.inside_body
    assert loc.side is site.side
    assert (site.muscle_id, site.side) in {(c.muscle_id, c.side) for c in loc.candidates}
    layers = [c.layer for c in loc.candidates]
    assert layers == sorted(layers)  # superficial first


def test_supraspinatus_site_lists_the_overlying_trapezius_first() -> None:
    site = ATLAS.muscle("supraspinatus").sites_on(Side.RIGHT)[0]
    loc = locate(site.x, site.y)
    assert loc.candidates[0].muscle_id == "trapezius_upper"
    assert loc.candidates[0].text == "R upper trapezius"
    assert loc.candidates[0].layer is Layer.SUPERFICIAL
    assert "supraspinatus" in loc.muscle_ids


@pytest.mark.parametrize("site", [s for s in ALL_SITES if s.side is Side.LEFT], ids=site_id)
def test_mirrored_site_gives_the_same_muscle_on_the_right(site: Site) -> None:
    assert site.x < 0.5
    left = locate(site.x, site.y)
    right = locate(1.0 - site.x, site.y)
    assert left.side is Side.LEFT and right.side is Side.RIGHT
    assert [c.muscle_id for c in left.candidates] == [c.muscle_id for c in right.candidates]
    assert all(c.side is Side.RIGHT for c in right.candidates)
    assert all(c.text.startswith("R ") for c in right.candidates)


@pytest.mark.parametrize(
    "point",
    [(0.02, 0.02), (0.98, 0.5), (0.5, 0.995), (0.12, 0.8), (0.25, 0.05), (0.245, 0.6)],
)
def test_points_outside_the_body(point: tuple[float, float]) -> None:
    loc = locate(*point)
    assert not loc.inside_body
    assert loc.candidates == ()
    assert loc.side is None


def test_midline_point_takes_the_nearer_side_and_says_so() -> None:
    loc = locate(0.4995, mm("T8")[1] / H)
    assert loc.inside_body and loc.midline
    assert loc.side is Side.LEFT
    assert "midline" in loc.landmark and "T8" in loc.landmark
    exact = locate(0.5, mm("T8")[1] / H)
    assert exact.side is None and exact.midline


@pytest.mark.parametrize(
    ("point_mm", "expected"),
    [
        ((270.0, 328.0), "3 cm lateral to the T7 spinous process"),
        ((321.0, 256.0), "2.1 cm lateral to the T4 spinous process"),
        ((285.0, 448.0), "1.5 cm lateral to the T12 spinous process"),
        ((492.0, 242.0), "3 cm below the right acromion"),
        ((280.0, 100.0), "below the occiput"),
        ((196.0, 236.0), "lateral to the root of the left scapular spine"),
    ],
)
def test_landmark_descriptions(point_mm: tuple[float, float], expected: str) -> None:
    loc = locate(*norm(*point_mm))
    assert expected in loc.landmark


def test_landmark_description_names_the_vertebral_level_for_the_side() -> None:
    left = locate(*norm(265.0, 400.0))
    right = locate(*norm(335.0, 400.0))
    assert left.landmark == right.landmark == "3.5 cm lateral to the T10 spinous process"
    assert (left.side, right.side) == (Side.LEFT, Side.RIGHT)


@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_locate_never_raises_and_side_follows_x(x: float, y: float) -> None:
    loc = locate(x, y)
    assert isinstance(loc.landmark, str) and loc.landmark
    if not loc.inside_body:
        assert loc.side is None and loc.candidates == ()
    elif x < 0.5:
        assert loc.side is Side.LEFT
    elif x > 0.5:
        assert loc.side is Side.RIGHT
    layers = [c.layer for c in loc.candidates]
    assert layers == sorted(layers)


# --- extent ----------------------------------------------------------------------------


def test_body_area_is_an_adult_back() -> None:
    area_cm2 = body_area() / 100.0
    assert 1500 < area_cm2 < 3000


def test_extent_of_the_whole_outline_and_of_nothing() -> None:
    assert extent_percent([ATLAS.outline]) == pytest.approx(100.0, abs=0.1)
    assert extent_percent([]) == 0.0


def test_extent_of_a_rectangle_inside_the_body() -> None:
    rect = [norm(270, 280), norm(330, 280), norm(330, 350), norm(270, 350)]
    expected = 60 * 70 / body_area() * 100
    assert extent_percent([rect]) == pytest.approx(expected, abs=0.5)
    assert extent_percent([rect]) == pytest.approx(expected, rel=0.01)


def test_overlapping_shapes_count_once_and_are_clipped_to_the_body() -> None:
    rect = [norm(270, 280), norm(330, 280), norm(330, 350), norm(270, 350)]
    assert extent_percent([rect, rect]) == pytest.approx(extent_percent([rect]))
    off_body = [norm(0, 0), norm(100, 0), norm(100, 100), norm(0, 100)]
    assert extent_percent([off_body]) == 0.0
    half_out = [norm(0, 380), norm(200, 380), norm(200, 420), norm(0, 420)]
    full = 200 * 40 / body_area() * 100
    assert 0.0 < extent_percent([half_out]) < 0.8 * full


# --- the diagram -----------------------------------------------------------------------


def test_committed_svg_matches_the_generator() -> None:
    assert read_text("posterior_trunk.svg") == diagram_svg()


def test_svg_parses_and_has_every_region_with_its_layer() -> None:
    root = ET.fromstring(diagram_svg())
    assert root.get("viewBox") == "0 0 600 700"
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    for region in ATLAS.regions:
        el = by_id[region.id]
        assert region.layer.name.lower() in (el.get("class") or "").split()
    texts = ["".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Posterior view" in texts
    assert {"L", "R", "C7", "T7", "T12", "L4"} <= set(texts)
    assert "DejaVu Sans" in diagram_svg()
