"""What the bundled ``bodymap`` executable runs (see packaging/bodymap.spec).

PyInstaller's own matplotlib hook points MPLCONFIGDIR at a new, empty folder on every
start, which would make matplotlib scan the system's fonts (seconds on some machines)
the first time a chart is drawn. The bundle carries a font list made at build time from
the fonts matplotlib ships; copying it in first makes that scan unnecessary.

``bodymap --bundle-self-test`` loads, offscreen, what the app only loads on first use
(matplotlib and numpy with their native libraries, the PDF and SVG writers, the font list,
Qt's SVG support, the shipped assets) and exits 0 when all of it works: ``--smoke`` alone
opens the main window, which needs none of them, so a bundle missing them would pass it.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

SELF_TEST = "--bundle-self-test"


def _font_cache_dir() -> Path | None:
    bundle = getattr(sys, "_MEIPASS", None)
    return None if bundle is None else Path(bundle) / "matplotlib-fontcache"


def _seed_matplotlib_font_cache() -> None:
    cache = _font_cache_dir()
    config = os.environ.get("MPLCONFIGDIR")
    if cache is None or not config:
        return
    for cached in cache.glob("fontlist-*.json"):
        target = Path(config) / cached.name
        if not target.exists():
            try:
                shutil.copyfile(cached, target)
            except OSError:
                return  # matplotlib then builds its own list, as it would anyway


def _require(condition: object, problem: str) -> None:
    # Not assert: the check must hold in any build, optimised or not.
    if not condition:
        raise SystemExit(f"bodymap: bundle self-test failed: {problem}")


def _self_test() -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    checks: list[str] = []

    import matplotlib as mpl
    from matplotlib import font_manager
    from matplotlib.figure import Figure

    # The bundled list, not one built from the system's fonts at this start.
    data = mpl.get_data_path()
    fonts = font_manager.fontManager.ttflist
    _require(fonts, "matplotlib found no fonts")
    _require(all(f.fname.startswith(data) for f in fonts), "the font list is not the bundled one")
    figure = Figure(figsize=(3, 2))
    axes = figure.add_subplot()
    axes.plot([0, 1, 2], [5, 3, 1], marker="o")
    axes.set_title("Pain, NRS 0-10")
    with tempfile.TemporaryDirectory(prefix="bodymap-selftest-") as folder:
        for kind in ("png", "pdf", "svg"):
            path = Path(folder) / f"chart.{kind}"
            figure.savefig(path)
            _require(path.stat().st_size > 1000, f"empty {kind}")
    checks.append(f"charts (png, pdf, svg; {len(fonts)} bundled fonts)")

    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QGuiApplication, QIcon, QImage, QImageReader, QPainter
    from PySide6.QtSvg import QSvgRenderer

    from bodymap.domain.assets import asset, read_text

    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(QByteArray(read_text("posterior_trunk.svg").encode("utf-8")))
    _require(renderer.isValid(), "the body diagram does not load")
    image = QImage(300, 350, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    colours = {image.pixel(x, y) for x in range(0, 300, 5) for y in range(0, 350, 5)}
    _require(len(colours) > 5, "the body diagram draws blank")
    checks.append("body diagram")
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    _require({"svg", "png"} <= formats, f"image formats: {sorted(formats)}")
    icon = QIcon(str(asset("bodymap.svg")))
    _require(not icon.pixmap(64, 64).isNull(), "the SVG icon engine is missing")
    checks.append("Qt SVG plugins")

    from bodymap.domain.anatomy import load_atlas

    _require(load_atlas().muscle("trapezius_upper") is not None, "the atlas is empty")
    checks.append("atlas")
    print("bodymap: bundle self-test passed:", ", ".join(checks))
    return 0


if __name__ == "__main__":
    _seed_matplotlib_font_cache()
    if sys.argv[1:] == [SELF_TEST]:
        sys.exit(_self_test())
    from bodymap.cli import main

    sys.exit(main())
