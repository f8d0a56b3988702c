"""Edit one trigger point's palpation findings at one visit (DOMAIN.md section 2).

The dialog only reads the editor's copy of the map; the one write goes through
``MapEditor.update_finding`` so the canvas and point list refresh from its signals.
"""

from __future__ import annotations

import dataclasses
import itertools

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bodymap.domain.finding import (
    PPT_MAX_KPA,
    PPT_MAX_TRIALS,
    PROBE_AREAS_CM2,
    TENDERNESS_GRADES,
    Activity,
    Finding,
    PressurePainThreshold,
    SensationQuality,
)
from bodymap.domain.units import PressureUnit, convert_pressure
from bodymap.domain.validation import ValidationError
from bodymap.store.errors import StoreError
from bodymap.ui.body_map.map_editor import MapEditor

# Combo index <-> tri-state value; None ("not assessed") differs from "no".
_TRI_STATE: tuple[tuple[str, bool | None], ...] = (
    ("Not assessed", None),
    ("Yes", True),
    ("No", False),
)
_TENDERNESS: tuple[tuple[str, int | None], ...] = (
    ("Not assessed", None),
    *((f"{grade} {word.split(',')[0]}", grade) for grade, word in TENDERNESS_GRADES.items()),
)
_ACTIVITY: tuple[Activity | None, ...] = (None, Activity.ACTIVE, Activity.LATENT)
_SENSATIONS: tuple[SensationQuality | None, ...] = (None, *SensationQuality)
_UNITS: tuple[PressureUnit, ...] = tuple(PressureUnit)
_RATE_DEFAULT = 1.0  # the usual 1 unit/s when a threshold is first entered
_READ_ONLY_NOTE = "Signed visit: read-only"

# Human names for the domain's field paths in error messages.
_FIELD_NAMES = {
    "finding.taut_band": "Taut band",
    "finding.tenderness": "Spot tenderness",
    "finding.referred_pain": "Referred pain",
    "finding.pain_recognition": "Pain recognition",
    "finding.twitch_response": "Local twitch response",
    "finding.jump_sign": "Jump sign",
    "finding.nrs_on_compression": "NRS on compression",
    "finding.sensation": "Referred sensation",
    "finding.activity": "Activity",
    "finding.notes": "Notes",
    "ppt.trials": "PPT trials",
    "ppt.unit": "PPT unit",
    "ppt.probe_area_cm2": "Probe area",
    "ppt.rate_per_s": "PPT rate",
    **{f"ppt.trial_{i}": f"PPT trial {i}" for i in range(1, PPT_MAX_TRIALS + 1)},
}


def point_title(label: int, name: str) -> str:
    """'3 - R upper trapezius'."""
    return f"{label} - {name}"


def _tri_state_combo() -> QComboBox:
    combo = QComboBox()
    for text, _ in _TRI_STATE:
        combo.addItem(text)
    return combo


def _tri_index(value: bool | None) -> int:
    return [v for _, v in _TRI_STATE].index(value)


def _pressure_spin() -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setDecimals(2)
    # Wide enough for any unit; the domain checks the real limit of the chosen unit.
    spin.setRange(0.0, PPT_MAX_KPA)
    spin.setSingleStep(0.1)
    spin.setSpecialValueText("-")  # 0 = no trial
    spin.setAccelerated(True)
    return spin


class FindingsDialog(QDialog):
    """Palpation findings of one trigger point at the editor's visit.

    ``build_finding()`` returns the finding the fields describe (raises ``ValidationError``).
    OK stores it through ``editor.update_finding``; a domain error is shown in the dialog
    and nothing is saved. A signed visit opens read-only with only Close.
    """

    def __init__(
        self, editor: MapEditor, trigger_point_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        mp = editor.point(trigger_point_id)
        if mp is None:
            raise KeyError(f"trigger point {trigger_point_id} is not on this visit's map")
        self._editor = editor
        self._current: Finding = mp.finding
        self._unit = PressureUnit.KGF_CM2
        self._read_only = editor.read_only

        self.setWindowTitle(f"Findings - point {point_title(mp.label, mp.name)}")
        self.title_label = QLabel(point_title(mp.label, mp.name))
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title_label.setFont(font)

        self.read_only_label = QLabel(_READ_ONLY_NOTE)
        self.read_only_label.setToolTip(editor.read_only_reason)

        # --- diagnostic criteria -----------------------------------------------------------
        self.taut_band_combo = _tri_state_combo()
        self.tenderness_combo = QComboBox()
        for text, _ in _TENDERNESS:
            self.tenderness_combo.addItem(text)
        self.referred_pain_combo = _tri_state_combo()
        self.criteria_label = QLabel()
        criteria_box = QGroupBox("Diagnostic criteria (consensus: at least 2 of 3)")
        criteria_form = QFormLayout(criteria_box)
        criteria_form.addRow("&Taut band palpable:", self.taut_band_combo)
        criteria_form.addRow("Spot te&nderness:", self.tenderness_combo)
        criteria_form.addRow("&Referred pain on compression:", self.referred_pain_combo)
        criteria_form.addRow(self.criteria_label)

        # --- activity ----------------------------------------------------------------------
        self.pain_recognition_combo = _tri_state_combo()
        self.suggested_label = QLabel()
        self.activity_combo = QComboBox()
        for text in ("Suggested", "Active", "Latent"):
            self.activity_combo.addItem(text)
        activity_box = QGroupBox("Activity")
        activity_form = QFormLayout(activity_box)
        activity_form.addRow("&Pain recognition (familiar pain):", self.pain_recognition_combo)
        activity_form.addRow("Suggested classification:", self.suggested_label)
        activity_form.addRow("Acti&vity:", self.activity_combo)

        # --- other signs -------------------------------------------------------------------
        self.twitch_combo = _tri_state_combo()
        self.jump_sign_combo = _tri_state_combo()
        self.nrs_spin = QSpinBox()
        self.nrs_spin.setRange(-1, 10)
        self.nrs_spin.setSpecialValueText("Not assessed")  # shown at -1
        signs_box = QGroupBox("Other signs")
        signs_form = QFormLayout(signs_box)
        signs_form.addRow("&Local twitch response:", self.twitch_combo)
        signs_form.addRow("&Jump sign:", self.jump_sign_combo)
        signs_form.addRow("NRS on c&ompression (0-10):", self.nrs_spin)

        # --- pressure pain threshold ---------------------------------------------------------
        self.ppt_spins = tuple(_pressure_spin() for _ in range(PPT_MAX_TRIALS))
        self.ppt_mean_label = QLabel()
        self.unit_combo = QComboBox()
        for unit in _UNITS:
            self.unit_combo.addItem(unit.symbol)
        self.probe_combo = QComboBox()
        for area in PROBE_AREAS_CM2:
            self.probe_combo.addItem(f"{area:g} cm²")
        self.rate_spin = _pressure_spin()
        self.rate_spin.setSpecialValueText("not recorded")
        self.rate_unit_label = QLabel()
        trials_row = QHBoxLayout()
        for spin in self.ppt_spins:
            trials_row.addWidget(spin)
        trials_row.addWidget(self.ppt_mean_label)
        rate_row = QHBoxLayout()
        rate_row.addWidget(self.rate_spin)
        rate_row.addWidget(self.rate_unit_label)
        ppt_box = QGroupBox("Pressure pain threshold (algometer)")
        ppt_form = QFormLayout(ppt_box)
        trials_label = QLabel("Tr&ials (0 = none):")
        trials_label.setBuddy(self.ppt_spins[0])
        ppt_form.addRow(trials_label, trials_row)
        ppt_form.addRow("&Unit:", self.unit_combo)
        ppt_form.addRow("Pro&be area:", self.probe_combo)
        rate_label = QLabel("R&ate:")
        rate_label.setBuddy(self.rate_spin)
        ppt_form.addRow(rate_label, rate_row)

        # --- sensation and notes -------------------------------------------------------------
        self.sensation_combo = QComboBox()
        self.sensation_combo.addItem("Not recorded")
        for quality in SensationQuality:
            self.sensation_combo.addItem(quality.value.capitalize())
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.notes_edit.setMaximumHeight(90)
        other_form = QFormLayout()
        other_form.addRow("Referred &sensation:", self.sensation_combo)
        other_form.addRow("Not&es:", self.notes_edit)

        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()

        self.button_box = QDialogButtonBox()
        if self._read_only:
            self.button_box.addButton(QDialogButtonBox.StandardButton.Close)
            self.button_box.rejected.connect(self.reject)
        else:
            self.button_box.setStandardButtons(
                QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            )
            self.button_box.accepted.connect(self._on_ok)
            self.button_box.rejected.connect(self.reject)

        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(criteria_box)
        left.addWidget(activity_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(signs_box)
        right.addWidget(ppt_box)
        right.addStretch(1)
        columns.addLayout(left)
        columns.addLayout(right)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.read_only_label)
        layout.addLayout(columns)
        layout.addLayout(other_form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.button_box)

        self._fields: tuple[QWidget, ...] = (
            self.taut_band_combo,
            self.tenderness_combo,
            self.referred_pain_combo,
            self.pain_recognition_combo,
            self.activity_combo,
            self.twitch_combo,
            self.jump_sign_combo,
            self.nrs_spin,
            *self.ppt_spins,
            self.unit_combo,
            self.probe_combo,
            self.rate_spin,
            self.sensation_combo,
            self.notes_edit,
        )
        # Top to bottom, left column then right, as the form is read.
        chain = (*self._fields, *self.button_box.buttons())
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

        self._load(self._current)
        for combo in (self.taut_band_combo, self.tenderness_combo, self.referred_pain_combo):
            combo.currentIndexChanged.connect(self._update_criteria)
        self.pain_recognition_combo.currentIndexChanged.connect(self._update_suggestion)
        for spin in self.ppt_spins:
            spin.valueChanged.connect(self._update_mean)
        self.unit_combo.currentIndexChanged.connect(self._on_unit_changed)
        self._update_criteria()
        self._update_suggestion()
        self._update_mean()
        self._apply_read_only(self._read_only)
        editor.readOnlyChanged.connect(self._apply_read_only)
        self.taut_band_combo.setFocus()

    # --- reading the fields ---------------------------------------------------------------

    def _load(self, f: Finding) -> None:
        self.taut_band_combo.setCurrentIndex(_tri_index(f.taut_band))
        self.tenderness_combo.setCurrentIndex([v for _, v in _TENDERNESS].index(f.tenderness))
        self.referred_pain_combo.setCurrentIndex(_tri_index(f.referred_pain))
        self.pain_recognition_combo.setCurrentIndex(_tri_index(f.pain_recognition))
        self.activity_combo.setCurrentIndex(_ACTIVITY.index(f.activity))
        self.twitch_combo.setCurrentIndex(_tri_index(f.twitch_response))
        self.jump_sign_combo.setCurrentIndex(_tri_index(f.jump_sign))
        self.nrs_spin.setValue(-1 if f.nrs_on_compression is None else f.nrs_on_compression)
        ppt = f.ppt
        if ppt is None:
            self._unit = PressureUnit.KGF_CM2
            trials: tuple[float, ...] = ()
            area, rate = 1.0, _RATE_DEFAULT
        else:
            self._unit = ppt.unit
            trials, area, rate = ppt.trials, ppt.probe_area_cm2, ppt.rate_per_s or 0.0
        for i, spin in enumerate(self.ppt_spins):
            spin.setValue(trials[i] if i < len(trials) else 0.0)
        self.unit_combo.setCurrentIndex(_UNITS.index(self._unit))
        self.probe_combo.setCurrentIndex(
            PROBE_AREAS_CM2.index(area) if area in PROBE_AREAS_CM2 else 1
        )
        self.rate_spin.setValue(rate)
        self.rate_unit_label.setText(f"{self._unit.symbol}/s")
        self.sensation_combo.setCurrentIndex(_SENSATIONS.index(f.sensation))
        self.notes_edit.setPlainText(f.notes)

    def _tri(self, combo: QComboBox) -> bool | None:
        return _TRI_STATE[combo.currentIndex()][1]

    def _trials(self) -> tuple[float, ...]:
        return tuple(s.value() for s in self.ppt_spins if s.value() > 0)

    def _ppt(self) -> PressurePainThreshold | None:
        trials = self._trials()
        if not trials:
            return None  # no threshold measured: unit, probe and rate mean nothing alone
        rate = self.rate_spin.value()
        return PressurePainThreshold(
            trials=trials,
            unit=self._unit,
            probe_area_cm2=PROBE_AREAS_CM2[self.probe_combo.currentIndex()],
            rate_per_s=rate if rate > 0 else None,
        )

    def build_finding(self) -> Finding:
        """The finding the fields describe (raises ``ValidationError``)."""
        nrs = self.nrs_spin.value()
        return dataclasses.replace(
            self._current,
            taut_band=self._tri(self.taut_band_combo),
            tenderness=_TENDERNESS[self.tenderness_combo.currentIndex()][1],
            referred_pain=self._tri(self.referred_pain_combo),
            pain_recognition=self._tri(self.pain_recognition_combo),
            twitch_response=self._tri(self.twitch_combo),
            jump_sign=self._tri(self.jump_sign_combo),
            nrs_on_compression=None if nrs < 0 else nrs,
            ppt=self._ppt(),
            sensation=_SENSATIONS[self.sensation_combo.currentIndex()],
            activity=_ACTIVITY[self.activity_combo.currentIndex()],
            notes=self.notes_edit.toPlainText(),
        )

    # --- live feedback ----------------------------------------------------------------------

    def _update_criteria(self) -> None:
        probe = Finding(
            visit_id=self._current.visit_id,
            trigger_point_id=self._current.trigger_point_id,
            taut_band=self._tri(self.taut_band_combo),
            tenderness=_TENDERNESS[self.tenderness_combo.currentIndex()][1],
            referred_pain=self._tri(self.referred_pain_combo),
            uid=self._current.uid,
        )
        verdict = (
            "meets the diagnostic consensus"
            if probe.meets_consensus
            else "does not meet the diagnostic consensus"
        )
        self.criteria_label.setText(f"{probe.criteria_met} of 3 consensus criteria: {verdict}")

    def _update_suggestion(self) -> None:
        recognised = self._tri(self.pain_recognition_combo)
        if recognised is None:
            text, short = "None (pain recognition not assessed)", ""
        elif recognised:
            text, short = "Active (familiar pain reproduced)", "Active"
        else:
            text, short = "Latent", "Latent"
        self.suggested_label.setText(text)
        self.activity_combo.setItemText(0, f"Suggested ({short})" if short else "Suggested")

    def _update_mean(self) -> None:
        trials = self._trials()
        if trials:
            mean = sum(trials) / len(trials)
            self.ppt_mean_label.setText(f"Mean {mean:.2f} {self._unit.symbol}")
        else:
            self.ppt_mean_label.setText("Mean -")

    def _on_unit_changed(self, index: int) -> None:
        new = _UNITS[index]
        if new == self._unit:
            return
        # Keep the measured pressures, only express them in the new unit.
        for spin in (*self.ppt_spins, self.rate_spin):
            if spin.value() > 0:
                spin.blockSignals(True)
                spin.setValue(convert_pressure(spin.value(), self._unit, new))
                spin.blockSignals(False)
        self._unit = new
        self.rate_unit_label.setText(f"{new.symbol}/s")
        self._update_mean()

    # --- saving -----------------------------------------------------------------------------

    def _show_errors(self, lines: list[str]) -> None:
        self.error_label.setText("\n".join(lines))
        self.error_label.show()

    def _on_ok(self) -> None:
        try:
            finding = self.build_finding()
        except ValidationError as exc:
            self._show_errors(
                [f"{_FIELD_NAMES.get(e.field, e.field)}: {e.message}" for e in exc.errors]
            )
            return
        try:
            self._editor.update_finding(finding)
        except StoreError as exc:  # e.g. the visit was signed meanwhile
            self._show_errors([str(exc)])
            return
        self.error_label.hide()
        self.accept()

    def _apply_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.read_only_label.setVisible(read_only)
        for widget in self._fields:
            widget.setEnabled(not read_only)
        ok = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(not read_only)

    @property
    def read_only(self) -> bool:
        return self._read_only
