"""The scroll area every page of forms or charts sits in: no frame of its own (the page
around it draws one) and the content widened to the viewport, scrolling only when taller
(or, if ``sideways``, wider) than the room it has."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


def frameless_scroll(
    content: QWidget, parent: QWidget | None, name: str = "", *, sideways: bool = True
) -> QScrollArea:
    scroll = QScrollArea(parent)
    if name:
        scroll.setObjectName(name)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    if not sideways:
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(content)
    return scroll
