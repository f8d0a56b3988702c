"""The guidance prompts above the visit's tabs (DOMAIN.md section 6 pitfalls).

Never blocking: a compact list of what the rules in ``bodymap.domain.guidance`` found for
the visit on screen, each with its reason behind "Why?" (and in the tooltip). Hidden when
there is nothing to say, and on signed visits: the record is closed, so a prompt could
no longer change anything.

Recomputed whenever an input may have changed: this visit's treatments, measures, step or
map (points and findings), and the patient's other visits (their treatments and pain are
the history the passive-care and step-3 rules read).
"""

from __future__ import annotations

import contextlib
from collections import defaultdict

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bodymap.domain.guidance import CareVisit, CurrentVisit, PointCheck, Prompt, prompts
from bodymap.domain.treatment_catalog import TreatmentKind
from bodymap.store.errors import NotFound
from bodymap.ui.app import tone_hex
from bodymap.ui.visit_editor.context import VisitContext
from bodymap.ui.visit_editor.treatment_fields import point_title


class PromptRow(QWidget):
    """One prompt: icon, title and specifics; "Why?" unfolds the reason."""

    def __init__(self, prompt: Prompt, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompt = prompt
        self.setObjectName(f"prompt_{prompt.code.value}")
        icon = QLabel(self)
        size = self.fontMetrics().height()
        pixmap = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
        icon.setPixmap(pixmap.pixmap(size, size))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.title = QLabel(self._title_text(), self)
        self.title.setWordWrap(True)
        self.title.setToolTip(prompt.reason)
        self.why = QToolButton(self)
        self.why.setObjectName("promptWhy")
        self.why.setText("Why?")
        self.why.setCheckable(True)
        self.why.setAutoRaise(True)
        self.why.setToolTip("Show the reason")
        self.reason = QLabel(prompt.reason, self)
        self.reason.setObjectName("promptReason")
        self.reason.setWordWrap(True)
        self.reason.setProperty("muted", True)
        self.reason.hide()
        self.why.toggled.connect(self.reason.setVisible)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(icon)
        top.addWidget(self.title, 1)
        top.addWidget(self.why, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.reason)
        self.reason.setContentsMargins(size + 6, 0, 0, 0)

    def _title_text(self) -> str:
        """Bold title, then the specifics in the theme's muted colour (read now: rich
        text keeps the colour it was built with)."""
        text = f"<b>{_escape(self.prompt.title)}</b>"
        if self.prompt.detail:
            muted = tone_hex("muted")
            text += f" <span style='color:{muted}'>{_escape(self.prompt.detail)}</span>"
        return text

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        # A change of theme reaches every widget as a palette change: rebuild the text.
        if event.type() == QEvent.Type.PaletteChange:
            self.title.setText(self._title_text())
        super().changeEvent(event)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class GuidanceBox(QFrame):
    def __init__(self, context: VisitContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guidanceBox")  # its note look is a rule of the app's style sheet
        self.context = context
        self.rows: list[PromptRow] = []
        self._prompts: list[Prompt] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 5, 8, 5)
        self._layout.setSpacing(3)
        model, session = context.model, context.session
        self._connections = [
            (model.treatmentsChanged, self.recompute),
            (model.measuresChanged, self.recompute),
            (model.visitChanged, self.recompute),
            (model.readOnlyChanged, self.recompute),
            (context.map_editor.pointsChanged, self.recompute),
            (session.visitsChanged, self._on_visits_changed),
            (session.visitRecordsChanged, self._on_records_changed),
        ]
        for signal, slot in self._connections:
            signal.connect(slot)
        self.recompute()

    def prompts(self) -> list[Prompt]:
        """What is shown now."""
        return list(self._prompts)

    def _on_visits_changed(self, patient_id: int) -> None:
        if patient_id == self.context.model.visit.patient_id:
            self.recompute()

    def _on_records_changed(self, visit_id: int) -> None:
        # This visit's own changes arrive through the model and the map; another visit's
        # treatments or pain change the history.
        if visit_id == self.context.model.visit_id or not self.context.session.is_open:
            return
        with contextlib.suppress(NotFound):
            other = self.context.session.visit(visit_id)
            if other.patient_id == self.context.model.visit.patient_id:
                self.recompute()

    def recompute(self, *_: object) -> None:
        if not self.context.session.is_open:
            return
        found = [] if self.context.read_only else prompts(*self._inputs())
        self.setVisible(bool(found))
        if found == self._prompts:
            return  # keep the rows (and any reason unfolded)
        self._prompts = found
        for row in self.rows:
            self._layout.removeWidget(row)
            row.deleteLater()
        self.rows = [PromptRow(p, self) for p in found]
        for row in self.rows:
            self._layout.addWidget(row)
            row.show()  # at once, not on the layout's queued show

    def _inputs(self) -> tuple[list[CareVisit], CurrentVisit]:
        """The rules' inputs, read from the store (history) and the visit's own models."""
        model = self.context.model
        store = self.context.session.store
        visit = model.visit
        patient_id = visit.patient_id
        earlier = []
        for other in store.visits.for_patient(patient_id):  # oldest first
            if other.id == visit.id:
                break
            earlier.append(other)
        kinds: dict[int, list[TreatmentKind]] = defaultdict(list)
        for treatment in store.treatments.for_patient(patient_id):
            kinds[treatment.visit_id].append(treatment.kind)
        pain: dict[int, dict[str, float]] = defaultdict(dict)
        for value in store.measurements.history(patient_id):
            pain[value.visit_id][value.kind] = value.value
        history = [
            CareVisit(
                date=v.visit_date,
                step=None if v.escalation_step is None else int(v.escalation_step),
                kinds=tuple(kinds.get(v.id or -1, ())),
                nrs_now=pain[v.id or -1].get("nrs_now"),
                nrs_worst=pain[v.id or -1].get("nrs_worst"),
            )
            for v in earlier
        ]
        measures = model.measures()
        current = CurrentVisit(
            date=visit.visit_date,
            step=None if visit.escalation_step is None else int(visit.escalation_step),
            treatments=tuple(model.treatments()),
            points=tuple(
                PointCheck(id=p.id, title=point_title(p), taut_band=p.finding.taut_band)
                for p in self.context.map_editor.points()
            ),
            nrs_now=measures.get("nrs_now"),
            nrs_worst=measures.get("nrs_worst"),
        )
        return history, current

    def cleanup(self) -> None:
        for signal, slot in self._connections:
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)
