"""Render the application icon's PNG, ICO and ICNS files from ``assets/bodymap.svg``.

    .venv/bin/python packaging/make_icons.py

Run it after editing the SVG and commit what it writes. The PNG sizes are the ones Linux
desktops look up (hicolor theme) and Qt picks from for the window icon; the ICO is for the
Windows executable and installer, the ICNS for the macOS bundle. Both containers hold PNG
images, which Windows Vista and later and macOS 10.7 and later read.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ASSETS = Path(__file__).resolve().parents[1] / "assets"
MASTER = ASSETS / "bodymap.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types holding PNG data, with the pixel size each one carries.
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),  # 16 pt @2x
    (b"icp6", 64),
    (b"ic12", 64),  # 32 pt @2x
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic13", 256),  # 128 pt @2x
    (b"ic09", 512),
    (b"ic14", 512),  # 256 pt @2x
    (b"ic10", 1024),  # 512 pt @2x
)


def png_name(size: int) -> str:
    return f"bodymap-{size}.png"


def render_png(svg: Path, size: int) -> bytes:
    """The drawing at ``size`` x ``size`` pixels as PNG bytes, antialiased."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {svg}: not a drawing QtSvg can read")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG")  # type: ignore[call-overload]  # the stub wants bytes; Qt takes str
    buffer.close()
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows icon file: a directory of entries, each pointing at a PNG image."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, images = b"", b""
    for size in sizes:
        data = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256 in the directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        images += data
        offset += len(data)
    return header + entries + images


def icns(pngs: dict[int, bytes]) -> bytes:
    """A macOS icon file: typed elements, each a PNG image of the type's size."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication(sys.argv[:1])
    wanted = set(PNG_SIZES) | set(ICO_SIZES) | {size for _, size in ICNS_TYPES}
    pngs = {size: render_png(MASTER, size) for size in sorted(wanted)}
    written = []
    for size in PNG_SIZES:
        (ASSETS / png_name(size)).write_bytes(pngs[size])
        written.append(png_name(size))
    (ASSETS / "bodymap.ico").write_bytes(ico({s: pngs[s] for s in ICO_SIZES}))
    (ASSETS / "bodymap.icns").write_bytes(icns(pngs))
    written += ["bodymap.ico", "bodymap.icns"]
    print("make_icons: wrote", ", ".join(written), "in", ASSETS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
