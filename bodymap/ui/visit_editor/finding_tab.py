"""Placeholder while the tab is being built (replaced in this session)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from bodymap.ui.visit_editor.context import VisitContext


class FindingTab(QWidget):
    def __init__(self, context: VisitContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        QVBoxLayout(self).addWidget(QLabel("FindingTab", self))

    def cleanup(self) -> None:
        pass
