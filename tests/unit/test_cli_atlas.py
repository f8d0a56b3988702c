"""``bodymap atlas`` and ``bodymap locate`` through the real command-line entry point."""

from __future__ import annotations

import json

import pytest

from bodymap.cli import main
from bodymap.domain.muscles import MUSCLES


def test_atlas_prints_every_muscle_with_sites_and_referral(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["atlas"]) == 0
    out = capsys.readouterr().out
    for m in MUSCLES:
        assert f"{m.name}  ({m.id}," in out
    assert out.count("referral:") == len(MUSCLES)
    assert "site:     L 0.3" in out


def test_atlas_json_lists_all_twenty_muscles(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["atlas", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [m["id"] for m in doc["muscles"]] == [m.id for m in MUSCLES]
    assert len(doc["muscles"]) == 20
    assert doc["template"] == {"id": "posterior_trunk", "version": 1}
    for entry in doc["muscles"]:
        sides = {s["side"] for s in entry["sites"]}
        assert sides == {"L", "R"}
        assert entry["referral"] and entry["source"]
    assert any(lm["id"] == "T7" for lm in doc["landmarks"])


def test_locate_json_names_side_muscles_and_landmark(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["locate", "0.4", "0.3", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["inside_body"] is True
    assert doc["side"] == "L"
    ids = [c["muscle_id"] for c in doc["candidates"]]
    assert ids[0] == "trapezius_middle"
    assert "levator_scapulae" in ids
    assert doc["candidates"][0]["text"] == "L middle trapezius"
    assert "scapula" in doc["landmark"]


def test_locate_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["locate", "0.55", "0.4686"]) == 0
    out = capsys.readouterr().out
    assert "right side" in out
    assert "3 cm lateral to the T7 spinous process" in out
    assert "R lower trapezius" in out


def test_locate_outside_the_body_says_so_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["locate", "0.02", "0.02"]) == 1
    assert "outside the body" in capsys.readouterr().out
    assert main(["locate", "0.02", "0.02", "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["inside_body"] is False and doc["candidates"] == []


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["locate", "1.5", "0.3"], "X"),
        (["locate", "abc", "0.3"], "X"),
        (["locate", "0.3", "-0.1"], "Y"),
        (["locate", "nan", "0.3"], "X"),
        (["locate", "0.3", "inf", "--json"], "Y"),
    ],
)
def test_locate_rejects_bad_coordinates(
    argv: list[str], name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert f"{name} must be a number from 0 to 1" in lines[0]
