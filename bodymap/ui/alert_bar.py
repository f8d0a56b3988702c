"""A bar across the top of the window for a problem that outlasts a status message: a
change the disk refused. It stays until dismissed, so it is not missed while typing."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


class AlertBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alertBar")
        self.label = QLabel(self)
        self.label.setObjectName("alertText")
        self.label.setWordWrap(True)
        self.label.setProperty("warning", True)  # the theme's warning colours (app.py)
        self.dismiss_button = QPushButton("Dismiss", self)
        self.dismiss_button.setObjectName("alertDismiss")
        self.dismiss_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.dismiss_button)
        self.hide()

    def show_disk_error(self, problem: str) -> None:
        when = dt.datetime.now().strftime("%H:%M")
        text = problem[:1].upper() + problem[1:]
        self.label.setText(f"{when}: {text}. Anything marked “Not saved” is not in the chart yet.")
        self.show()
