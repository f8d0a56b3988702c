"""Where the shipped data files (diagram, atlas, schemas) are read from.

An installed wheel or bundle carries ``assets/`` inside the package as ``bodymap.assets``;
a source checkout (an editable install, or running from the repository) keeps it beside
the package. Readers go through :func:`asset` so neither case needs special code.
"""

from __future__ import annotations

import importlib.resources
from importlib.resources.abc import Traversable
from pathlib import Path


def assets_root() -> Traversable:
    try:
        return importlib.resources.files("bodymap.assets")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "assets"


def asset(*parts: str) -> Traversable:
    """The asset at ``assets/<parts...>``, e.g. ``asset("diagram", "posterior_trunk.svg")``."""
    node = assets_root()
    for part in parts:
        node = node.joinpath(part)
    return node


def read_text(*parts: str) -> str:
    return asset(*parts).read_text(encoding="utf-8")
