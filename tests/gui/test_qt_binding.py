"""The pinned Qt binding must not leak or free references to None, True and False.

PySide6 6.12.0 released one reference to None per void C++ call; on Python 3.11 the
interpreter aborts after a few thousand paint calls. This guards the pin in pyproject.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter


def test_painting_keeps_singleton_reference_counts(qapp) -> None:
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    singletons = (None, True, False)
    before = [sys.getrefcount(s) for s in singletons]
    for _ in range(500):  # few enough that a faulty binding fails here, not aborts
        painter.save()
        painter.setBrush(QColor("red"))
        painter.drawEllipse(QRectF(1, 1, 5, 5))
        painter.isActive()
        painter.restore()
    after = [sys.getrefcount(s) for s in singletons]
    painter.end()
    # A faulty binding loses one reference per void call (about 1,800 here); allow noise.
    assert all(a - b > -50 for a, b in zip(after, before, strict=True)), (before, after)
