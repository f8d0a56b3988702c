"""The dose arithmetic of a visit on screen: one injection's figures, the visit totals,
the maximum for the patient's weight, and a red warning when a total is out of range.

Warnings never block a save (the clinician may know why); they only make sure the number
is seen. The figures come from ``bodymap.domain.dose_summary``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from bodymap.domain.dose_summary import LIMITS_NOTE, DoseSummary, InjectionDose


class DosePanel(QWidget):
    """``show_summary`` fills it; it hides itself when there is nothing to show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dosePanel")
        self.figures = QLabel(self)  # this injection's arithmetic (in the needle editor)
        self.figures.setObjectName("doseFigures")
        self.totals = QLabel(self)  # the visit's totals against the maxima
        self.totals.setObjectName("doseTotals")
        self.warning = QLabel(self)
        self.warning.setObjectName("doseWarning")
        # The app's 'alarm' look, stronger than its amber 'warning': an overdose must not
        # read as a hint.
        self.warning.setProperty("alarm", True)
        self.note = QLabel(LIMITS_NOTE, self)
        self.note.setObjectName("doseNote")
        self.note.setProperty("muted", True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for label in (self.figures, self.totals, self.warning, self.note):
            label.setWordWrap(True)
            layout.addWidget(label)
        self.figures.hide()
        self.warning.hide()

    def show_summary(
        self, summary: DoseSummary, this: InjectionDose | None = None, pending: str = ""
    ) -> None:
        """The visit's totals; ``this`` is the injection being edited, if any, and
        ``pending`` what to say in its place while its figures are incomplete."""
        figures = f"This injection: {this.describe()}" if this is not None else pending
        self.figures.setText(figures)
        self.figures.setVisible(bool(figures))
        warnings = summary.warnings()
        lines = [line for line in summary.lines() if line not in warnings]
        self.totals.setText("\n".join(lines))
        self.totals.setVisible(bool(lines))
        self.warning.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.warning.setVisible(bool(warnings))
        self.note.setVisible(summary.lidocaine is not None)
        self.setVisible(bool(figures) or bool(summary.lines()))

    def text(self) -> str:
        """Everything shown, for a test or a screen reader."""
        labels = (self.figures, self.totals, self.warning, self.note)
        return "\n".join(label.text() for label in labels if label.isVisibleTo(self))
