"""Markers on paper: points a few millimetres apart must not hide each other."""

from __future__ import annotations

import math

from bodymap.render.documents.body_map_block import spread_markers

D = 21.0  # disc diameter, template mm


def test_far_apart_points_stay_where_they_are() -> None:
    centres = [(100.0, 100.0), (300.0, 200.0), (500.0, 400.0)]
    assert spread_markers(centres, D) == centres


def test_close_points_move_apart_and_keep_every_point_visible() -> None:
    centres = [(266.0, 211.0), (260.0, 206.0), (224.0, 251.0), (224.0, 249.0), (266.0, 212.0)]
    spots = spread_markers(centres, D)
    assert spots[0] == centres[0]  # the first keeps its place
    for i, a in enumerate(spots):
        for b in spots[i + 1 :]:
            assert math.dist(a, b) >= D  # no disc covers another
        for later in centres[i + 1 :]:
            if a != centres[i]:
                # A moved disc never lands on a point still to come.
                assert math.dist(a, later) >= D * 0.6
    for spot in spots:
        assert D / 2 <= spot[0] <= 600 - D / 2
        assert D / 2 <= spot[1] <= 700 - D / 2


def test_a_moved_marker_stays_near_its_point() -> None:
    spots = spread_markers([(300.0, 300.0), (301.0, 300.0)], D)
    assert D <= math.dist(spots[1], (301.0, 300.0)) <= 2 * D
