"""The fields of an injection or dry-needling record (DOMAIN.md section 6) and the record
they describe. The dialog around it (``needle_dialog``) saves; this form only reads.

Messages: a field left with a value the record cannot take shows why under it (the range
named); hints (an unusual gauge or volume) are muted and never refuse anything.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from bodymap.domain.dose_summary import InjectionDose, is_local_anaesthetic
from bodymap.domain.treatment import (
    CONCENTRATION_PERCENT,
    NEEDLE_GAUGE,
    NEEDLE_GAUGE_USUAL,
    NEEDLE_LENGTH_MM,
    POINTS_COUNT,
    VOLUME_PER_POINT_ML,
    Agent,
    NeedleRecord,
    Treatment,
)
from bodymap.domain.treatment_catalog import TreatmentKind
from bodymap.domain.validation import ValidationError
from bodymap.ui.visit_editor.context import VisitContext
from bodymap.ui.visit_editor.treatment_fields import (
    FieldBox,
    NumberEdit,
    PointChecklist,
    error_sentence,
    field_key,
    field_name,
    set_tri_state,
    tri_state_combo,
    tri_state_value,
)

USUAL_VOLUME_ML = (0.5, 1.0)  # DOMAIN.md section 6: 0.5-1 mL per point is usual
_AGENTS: tuple[tuple[str, Agent | None], ...] = (
    ("Choose the agent…", None),
    ("Lidocaine", Agent.LIDOCAINE),
    ("Bupivacaine", Agent.BUPIVACAINE),
    ("Saline", Agent.SALINE),
    ("Corticosteroid", Agent.CORTICOSTEROID),
)
_USUAL_CONCENTRATION = {Agent.LIDOCAINE: "0.5 or 1 usual"}
_AGENT_KEYS = (
    "needle.concentration_percent",
    "needle.with_epinephrine",
    "needle.volume_per_point_ml",
    "needle.corticosteroid_mg",
)


def _span(lo: float, hi: float) -> str:
    return f"{lo:g}-{hi:g}"


class NeedleForm(QWidget):
    """Every field of one needle record; ``changed`` after any edit."""

    changed = Signal()

    def __init__(
        self,
        context: VisitContext,
        kind: TreatmentKind,
        treatment: Treatment | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._kind = kind
        self._existing = treatment
        self.injection = kind is TreatmentKind.TRP_INJECTION
        self.attempted = False  # after a Save attempt every error shows, touched or not
        self._touched: set[str] = set()
        self._count_follows = True  # the number of points follows the ticks until typed
        self.boxes: dict[str, FieldBox] = {}
        self._build_fields()
        self._build_layout()
        self._load(treatment)
        self._apply_agent_rows()
        self.refresh()

    # --- building -----------------------------------------------------------------------

    def _box(self, key: str, field: QWidget) -> FieldBox:
        self.boxes[key] = FieldBox(field, self)
        return self.boxes[key]

    def _number(self, key: str, integer: bool, hint: str, name: str) -> NumberEdit:
        edit = NumberEdit(integer, hint, self)
        edit.setObjectName(name)
        self._box(key, edit)
        edit.textChanged.connect(self.refresh)
        edit.editingFinished.connect(lambda: self._touch(key))
        return edit

    def _build_fields(self) -> None:
        self.points = PointChecklist(self)
        self.points.setObjectName("needlePoints")
        self._box("trigger_point_ids", self.points)
        self.points.checkedChanged.connect(self._on_points_checked)
        self.sterile_prep = QCheckBox("Confirmed", self)
        self.sterile_prep.setObjectName("sterilePrep")
        self._box("needle.sterile_prep", self.sterile_prep)
        self.sterile_prep.toggled.connect(self.refresh)
        self.gauge = self._number("needle.needle_gauge", True, _span(*NEEDLE_GAUGE), "gauge")
        self.length = self._number(
            "needle.needle_length_mm", False, _span(*NEEDLE_LENGTH_MM), "needleLength"
        )
        self.points_count = self._number(
            "needle.points_count", True, _span(*POINTS_COUNT), "pointsCount"
        )
        self.points_count.textEdited.connect(self._on_count_edited)
        self.agent = QComboBox(self)
        self.agent.setObjectName("agent")
        for text, _agent in _AGENTS:
            self.agent.addItem(text)  # item data would turn the enum into a plain str
        self._box("needle.agent", self.agent)
        self.agent.currentIndexChanged.connect(self._on_agent_changed)
        self.concentration = self._number(
            "needle.concentration_percent", False, "", "concentration"
        )
        self.epinephrine = QCheckBox("With epinephrine", self)
        self.epinephrine.setObjectName("withEpinephrine")
        self._box("needle.with_epinephrine", self.epinephrine)
        self.epinephrine.toggled.connect(self.refresh)
        lo, hi = VOLUME_PER_POINT_ML
        self.volume = self._number(
            "needle.volume_per_point_ml", False, f"above {lo:g} to {hi:g}", "volumePerPoint"
        )
        self.corticosteroid = self._number(
            "needle.corticosteroid_mg", False, "total; usual 4-30", "corticosteroidMg"
        )
        self.aspiration = tri_state_combo(self)
        self.aspiration.setObjectName("aspiration")
        self._box("needle.aspiration_confirmed", self.aspiration)
        self.twitches = self._number("needle.twitch_responses", True, "0 or more", "twitches")
        self.post_nrs = self._number("needle.post_nrs", True, "0-10", "postNrs")
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("needleNotes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self._box("notes", self.notes)

    def _build_layout(self) -> None:
        where = QFormLayout()
        where.addRow("Applied &to:", self.boxes["trigger_point_ids"])
        self.count_hint = QLabel(self)
        self.count_hint.setProperty("muted", True)
        self.count_hint.setWordWrap(True)
        where.addRow("", self.count_hint)

        technique = QGroupBox("Technique", self)
        form = QFormLayout(technique)
        form.addRow("Sterile skin &prep:", self.boxes["needle.sterile_prep"])
        form.addRow("Needle &gauge (G):", self.boxes["needle.needle_gauge"])
        form.addRow("Needle &length (mm):", self.boxes["needle.needle_length_mm"])
        form.addRow("&Number of points:", self.boxes["needle.points_count"])

        self.agent_group = QGroupBox("What was injected", self)
        self._agent_form = QFormLayout(self.agent_group)
        self._agent_form.addRow("&Agent:", self.boxes["needle.agent"])
        self._agent_form.addRow("&Concentration (%):", self.boxes["needle.concentration_percent"])
        self._agent_form.addRow("", self.boxes["needle.with_epinephrine"])
        self._agent_form.addRow("&Volume / point (mL):", self.boxes["needle.volume_per_point_ml"])
        self._agent_form.addRow("Corticosteroid (&mg):", self.boxes["needle.corticosteroid_mg"])
        self._agent_form.addRow("Aspiration &before:", self.boxes["needle.aspiration_confirmed"])
        self.agent_group.setVisible(self.injection)

        response = QGroupBox("Response", self)
        response_form = QFormLayout(response)
        response_form.addRow("Local t&witch responses:", self.boxes["needle.twitch_responses"])
        response_form.addRow("NRS &after (0-10):", self.boxes["needle.post_nrs"])
        response_form.addRow("N&otes:", self.boxes["notes"])

        # Two columns keep the whole record in view on a laptop screen.
        grid = QGridLayout()
        grid.addWidget(technique, 0, 0)
        grid.addWidget(self.agent_group if self.injection else response, 0, 1)
        if self.injection:
            grid.addWidget(response, 1, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(where)
        layout.addLayout(grid)

        order = [
            self.points, self.sterile_prep, self.gauge, self.length, self.points_count,
            self.agent, self.concentration, self.epinephrine, self.volume,
            self.corticosteroid, self.aspiration, self.twitches, self.post_nrs, self.notes,
        ]  # fmt: skip
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)

    def _load(self, treatment: Treatment | None) -> None:
        points = self._context.map_editor.points()
        if treatment is None:
            current = self._context.selection.current()
            self.points.set_points(points, () if current is None else (current,))
            self._on_points_checked()
            return
        needle = treatment.needle
        assert needle is not None
        self.points.set_points(points, treatment.trigger_point_ids)
        self.sterile_prep.setChecked(needle.sterile_prep)
        self.gauge.set_value(needle.needle_gauge)
        self.length.set_value(needle.needle_length_mm)
        self.points_count.set_value(needle.points_count)
        self._count_follows = needle.points_count == len(treatment.trigger_point_ids)
        self.agent.setCurrentIndex([a for _, a in _AGENTS].index(needle.agent))
        self.concentration.set_value(needle.concentration_percent)
        self.epinephrine.setChecked(needle.with_epinephrine)
        self.volume.set_value(needle.volume_per_point_ml)
        self.corticosteroid.set_value(needle.corticosteroid_mg)
        set_tri_state(self.aspiration, needle.aspiration_confirmed)
        self.twitches.set_value(needle.twitch_responses)
        self.post_nrs.set_value(needle.post_nrs)
        self.notes.setPlainText(treatment.notes)
        self._on_points_checked()

    # --- values -------------------------------------------------------------------------

    def chosen_agent(self) -> Agent | None:
        if not self.injection:
            return None
        return _AGENTS[max(self.agent.currentIndex(), 0)][1]

    def _visible(self, key: str) -> bool:
        agent = self.chosen_agent()
        return {
            "needle.concentration_percent": is_local_anaesthetic(agent),
            "needle.with_epinephrine": is_local_anaesthetic(agent),
            "needle.volume_per_point_ml": agent is not None,
            "needle.corticosteroid_mg": agent is Agent.CORTICOSTEROID,
            "needle.aspiration_confirmed": self.injection,
        }.get(key, True)

    def _numbers(self) -> tuple[dict[str, int | float | None], dict[str, str]]:
        """The typed numbers by key (None where hidden or empty) and the format errors."""
        values: dict[str, int | float | None] = {}
        errors: dict[str, str] = {}
        for key, box in self.boxes.items():
            if not isinstance(box.field, NumberEdit):
                continue
            values[key] = None
            if not self._visible(key):
                continue
            try:
                values[key] = box.field.value()
            except ValueError as exc:
                errors[key] = f"{field_name(key)} {exc}"
        return values, errors

    def _epinephrine(self) -> bool:
        return self._visible("needle.with_epinephrine") and self.epinephrine.isChecked()

    def build(self) -> tuple[Treatment | None, dict[str, str]]:
        """The treatment the fields describe, or None and the problems by field key."""
        values, errors = self._numbers()
        checked = self.points.checked_ids()
        count = values["needle.points_count"]
        if isinstance(count, int) and count < len(checked):
            errors.setdefault(
                "needle.points_count",
                f"Number of points must be at least the {len(checked)} points ticked, not {count}",
            )
        try:
            needle = NeedleRecord(
                sterile_prep=self.sterile_prep.isChecked(),
                needle_gauge=values["needle.needle_gauge"],  # type: ignore[arg-type]
                needle_length_mm=values["needle.needle_length_mm"],  # type: ignore[arg-type]
                points_count=count,  # type: ignore[arg-type]
                agent=self.chosen_agent(),
                concentration_percent=values["needle.concentration_percent"],
                with_epinephrine=self._epinephrine(),
                volume_per_point_ml=values["needle.volume_per_point_ml"],
                corticosteroid_mg=values["needle.corticosteroid_mg"],
                aspiration_confirmed=tri_state_value(self.aspiration) if self.injection else None,
                twitch_responses=values["needle.twitch_responses"],  # type: ignore[arg-type]
                post_nrs=values["needle.post_nrs"],  # type: ignore[arg-type]
            )
            same = self._existing  # an edit keeps the record's identity
            treatment = Treatment(
                visit_id=self._context.model.visit_id,
                kind=self._kind,
                trigger_point_ids=checked,
                needle=needle,
                notes=self.notes.toPlainText(),
                **({} if same is None else {"id": same.id, "uid": same.uid}),
            )
        except ValidationError as exc:
            for problem in exc.errors:
                # A format error says more than 'is required' for the same field.
                errors.setdefault(field_key(problem), error_sentence(problem))
            return None, errors
        return (None if errors else treatment), errors

    def preview(self) -> InjectionDose | None:
        """This injection's figures from what is typed, valid or not, for the live sums."""
        agent = self.chosen_agent()
        values, _ = self._numbers()
        count = values["needle.points_count"]
        if agent is None or not isinstance(count, int) or count < 1:
            return None
        return InjectionDose(
            agent=agent,
            points_count=count,
            concentration_percent=values["needle.concentration_percent"],
            volume_per_point_ml=values["needle.volume_per_point_ml"],
            with_epinephrine=self._epinephrine(),
            corticosteroid_mg=values["needle.corticosteroid_mg"],
        )

    # --- reacting -----------------------------------------------------------------------

    def _on_points_checked(self) -> None:
        ticked = len(self.points.checked_ids())
        if self._count_follows and ticked:
            self.points_count.set_value(ticked)
        self.count_hint.setText(
            f"{ticked} charted point{'s' if ticked != 1 else ''} ticked. The number of "
            "points follows the ticks unless you type another (points not on the map)."
        )
        self.refresh()

    def _on_count_edited(self, _text: str) -> None:
        values, _ = self._numbers()
        self._count_follows = values.get("needle.points_count") == len(self.points.checked_ids())

    def _on_agent_changed(self, _index: int) -> None:
        agent = self.chosen_agent()
        span = CONCENTRATION_PERCENT.get(str(agent)) if agent is not None else None
        usual = _USUAL_CONCENTRATION.get(agent) if agent is not None else None
        hint = "" if span is None else _span(*span) + (f"; {usual}" if usual else "")
        self.concentration.hint = hint
        self.concentration.setPlaceholderText(hint)
        self.concentration.setToolTip(f"Allowed: {hint}" if hint else "")
        self._apply_agent_rows()
        self._touch("needle.agent")

    def _apply_agent_rows(self) -> None:
        """Show only the fields that apply to the chosen agent (saline has no mg)."""
        for key in _AGENT_KEYS:
            self._agent_form.setRowVisible(self.boxes[key], self._visible(key))

    def _touch(self, key: str) -> None:
        self._touched.add(key)
        self.refresh()

    def refresh(self, *_: object) -> None:
        """The errors of the fields already left (all after a Save attempt), the hints."""
        _, errors = self.build()
        values, _ = self._numbers()
        for key, box in self.boxes.items():
            if key in errors and (self.attempted or key in self._touched):
                box.set_error(errors[key])
            else:
                box.set_hint(self._hint(key, values.get(key)))
        self.changed.emit()

    def _hint(self, key: str, value: int | float | None) -> str:
        if key == "needle.needle_gauge" and self.injection and isinstance(value, int):
            lo, hi = NEEDLE_GAUGE_USUAL
            if not lo <= value <= hi:
                return f"Outside the usual {lo}-{hi} G for an injection."
        if key == "needle.volume_per_point_ml" and value is not None:
            lo, hi = USUAL_VOLUME_ML
            if not lo <= value <= hi:
                return f"More or less than the usual {lo:g}-{hi:g} mL per point."
        if key == "needle.sterile_prep" and not self.sterile_prep.isChecked():
            return "Not confirmed yet."
        return ""

    def errors(self) -> dict[str, str]:
        return self.build()[1]
