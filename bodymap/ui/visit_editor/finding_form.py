"""The palpation findings of one trigger point (DOMAIN.md section 2), with the same point
at the previous visit in a second column.

The form does not write anything. When the user commits a change to a field it emits
``edited(key)``; the owner asks ``candidate(key)`` for the stored finding with just that
field taken from the screen (the domain refuses a bad value there), stores it, and loads
the result back. One field per edit keeps a refused value in one field from blocking, or
riding along with, a change to another.
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from bodymap.domain.finding import (
    PPT_MAX_TRIALS,
    PROBE_AREAS_CM2,
    Finding,
    PressurePainThreshold,
)
from bodymap.domain.units import PressureUnit, convert_pressure
from bodymap.domain.validation import FieldError, ValidationError
from bodymap.ui.preferences import default_pressure_unit
from bodymap.ui.visit_editor import finding_fields as ff
from bodymap.ui.visit_editor.finding_compare import Cell, Trend, previous_cells
from bodymap.ui.visit_editor.finding_widgets import (
    OptionalDoubleSpinBox,
    OptionalSpinBox,
    choice_combo,
    set_flag,
)

NOTES_PAUSE_MS = 600  # notes are saved after this pause in typing, and on leaving the box
# Room to type a wrong value (the domain then explains the range), but few digits: the
# boxes size themselves to the longest number they accept.
_ENTRY_MAX = 9999.99
# The usual algometer rate, 1 kgf/cm² per second, until the clinician says otherwise;
# shown in whatever unit the form is in (98.07 kPa/s, 9.81 N/cm²/s).
_RATE_DEFAULT_KGF_CM2 = 1.0


def _checklist(finding: Finding) -> str:
    """The consensus criteria as a checklist (rich text), one criterion a line."""
    marks = (
        (finding.taut_band is True, "taut band"),
        ((finding.tenderness or 0) >= 1, "hypersensitive spot"),
        (finding.referred_pain is True, "referred pain"),
    )
    items = "<br>".join(f"{'☑' if ok else '☐'} {text}" for ok, text in marks)
    verdict = "meets the consensus" if finding.meets_consensus else "consensus not met"
    return f"{items}<br><b>{finding.criteria_met} of 3</b>: {verdict}"


class FindingForm(QWidget):
    """Fields of one finding; see the module docstring for how edits leave it."""

    edited = Signal(str)  # a form key of finding_fields.LABELS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findingForm")
        self._finding: Finding | None = None
        self._previous: Finding | None = None
        self._unit = default_pressure_unit()  # a new threshold starts in the chosen unit
        self._loading = False
        self._read_only = False
        self.error_labels: dict[str, QLabel] = {}
        self.previous_labels: dict[str, QLabel] = {}
        self._tips: dict[QWidget, str] = {}  # a field's own tooltip while a message covers it

        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(8, 6, 8, 8)
        self._grid.setHorizontalSpacing(12)
        self._grid.setVerticalSpacing(5)
        self._grid.setColumnStretch(1, 3)
        self._grid.setColumnStretch(2, 2)
        self._build_fields()
        self._lay_out()
        self._connect()
        self.set_read_only(False)

    # --- building -------------------------------------------------------------------------

    def _build_fields(self) -> None:
        tri = [text for text, _ in ff.TRI_STATE]
        self.taut_band_combo = choice_combo(tri, "findingTautBand", self)
        self.tenderness_combo = choice_combo(
            [text for text, _ in ff.TENDERNESS], "findingTenderness", self
        )
        self.referred_pain_combo = choice_combo(tri, "findingReferredPain", self)
        self.criteria_label = QLabel(self)
        self.criteria_label.setObjectName("findingCriteria")
        self.criteria_label.setWordWrap(True)
        self.pain_recognition_combo = choice_combo(tri, "findingPainRecognition", self)
        self.activity_combo = choice_combo(
            [text for text, _ in ff.ACTIVITY], "findingActivity", self
        )
        self.suggestion_label = QLabel(self)
        self.suggestion_label.setObjectName("findingSuggestion")
        self.suggestion_label.setWordWrap(True)
        self.accept_suggestion_button = QPushButton("Use su&ggestion", self)
        self.accept_suggestion_button.setObjectName("findingAcceptSuggestion")
        self.accept_suggestion_button.setAutoDefault(False)
        self.twitch_combo = choice_combo(tri, "findingTwitch", self)
        self.jump_sign_combo = choice_combo(tri, "findingJumpSign", self)
        self.nrs_spin = OptionalSpinBox(-1, 99, self)  # -1: not assessed
        self.nrs_spin.setObjectName("findingNrs")
        self.nrs_spin.setToolTip("0 no pain – 10 worst imaginable; clear the box: not assessed")

        self.ppt_spins = tuple(
            OptionalDoubleSpinBox(_ENTRY_MAX, self) for _ in range(PPT_MAX_TRIALS)
        )
        for i, spin in enumerate(self.ppt_spins, start=1):
            spin.setObjectName(f"findingPptTrial{i}")
            spin.setToolTip(f"Trial {i}; clear the box for no trial")
        self.ppt_mean_label = QLabel(self)
        self.ppt_mean_label.setObjectName("findingPptMean")
        self.ppt_mean_label.setWordWrap(True)
        self.unit_combo = choice_combo([u.symbol for u in ff.UNITS], "findingPptUnit", self)
        self.unit_combo.setCurrentIndex(ff.UNITS.index(self._unit))
        self.unit_combo.setToolTip("Switching the unit converts the values entered")
        self.probe_combo = choice_combo(
            [f"{area:g} cm²" for area in PROBE_AREAS_CM2], "findingPptProbe", self
        )
        self.probe_combo.setCurrentIndex(PROBE_AREAS_CM2.index(1.0))
        self.rate_spin = OptionalDoubleSpinBox(_ENTRY_MAX, self)
        self.rate_spin.setObjectName("findingPptRate")
        self.rate_spin.setValue(
            round(convert_pressure(_RATE_DEFAULT_KGF_CM2, PressureUnit.KGF_CM2, self._unit), 2)
        )
        self.rate_spin.setToolTip("How fast the pressure rises; clear the box if not recorded")
        self.rate_unit_label = QLabel(self)
        self.ppt_hint = QLabel("Unit, probe and rate are saved with the first trial.", self)
        self.ppt_hint.setObjectName("findingPptHint")
        self.ppt_hint.setProperty("muted", True)
        self.ppt_hint.setWordWrap(True)

        self.sensation_combo = choice_combo(
            [text for text, _ in ff.SENSATIONS], "findingSensation", self
        )
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setObjectName("findingNotes")
        self.notes_edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.notes_edit.setPlaceholderText("Saved as you type")
        self.notes_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self._notes_timer = QTimer(self)
        self._notes_timer.setSingleShot(True)
        self._notes_timer.setInterval(NOTES_PAUSE_MS)

        self.this_header = QLabel("This visit", self)
        self.previous_header = QLabel(self)
        self.previous_header.setObjectName("findingPreviousHeader")
        self.previous_header.setWordWrap(True)
        for header in (self.this_header, self.previous_header):
            header.setProperty("sectionTitle", True)

        self.inputs: tuple[QWidget, ...] = (
            self.taut_band_combo,
            self.tenderness_combo,
            self.referred_pain_combo,
            self.pain_recognition_combo,
            self.activity_combo,
            self.accept_suggestion_button,
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
        self.apply_tab_order()

    def apply_tab_order(self) -> None:
        """Top to bottom, as the form reads (again after the form moves into a window)."""
        for first, second in itertools.pairwise(self.inputs):
            QWidget.setTabOrder(first, second)

    def _section(self, title: str) -> None:
        label = QLabel(title, self)
        label.setProperty("sectionTitle", True)
        row = self._grid.rowCount()
        # A little air above every section but the first.
        label.setContentsMargins(0, 8 if row > 1 else 0, 0, 0)
        self._grid.addWidget(label, row, 0, 1, 3)

    def _row(self, key: str, label: str, field: QWidget | QHBoxLayout, buddy: QWidget) -> None:
        """One field: its label, the input, the previous-visit cell and, under them, the
        (usually hidden) message of a refused value."""
        row = self._grid.rowCount()
        text = QLabel(label, self)
        text.setBuddy(buddy)
        # Top-aligned (a wrapped previous cell or the notes make a row tall), but with the
        # first line level with the text inside a one-line input.
        line_height = buddy.sizeHint().height() if not isinstance(buddy, QPlainTextEdit) else 0
        pad = max(4, (line_height - self.fontMetrics().height()) // 2)
        text.setContentsMargins(0, pad, 0, 0)
        self._grid.addWidget(text, row, 0, Qt.AlignmentFlag.AlignTop)
        if isinstance(field, QHBoxLayout):
            self._grid.addLayout(field, row, 1)
        else:
            self._grid.addWidget(field, row, 1)
        self._previous_cell(key, row, pad)
        error = QLabel(self)
        error.setObjectName(f"findingError_{key}")
        error.setProperty("error", True)
        error.setWordWrap(True)
        error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        error.hide()
        self.error_labels[key] = error
        self._grid.addWidget(error, row + 1, 1, 1, 2)

    def _previous_cell(self, key: str, row: int, pad: int = 0) -> None:
        cell = QLabel(self)
        cell.setContentsMargins(0, pad, 0, 0)
        cell.setObjectName(f"findingPrevious_{key}")
        cell.setWordWrap(True)
        cell.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        cell.setMinimumWidth(100)
        self.previous_labels[key] = cell
        self._grid.addWidget(cell, row, 2, Qt.AlignmentFlag.AlignTop)

    def _lay_out(self) -> None:
        self._grid.addWidget(self.this_header, 0, 1, Qt.AlignmentFlag.AlignBottom)
        self._grid.addWidget(self.previous_header, 0, 2)

        self._section("Diagnostic criteria")
        self._row("taut_band", "Taut &band palpable", self.taut_band_combo, self.taut_band_combo)
        self._row("tenderness", "Spot ten&derness", self.tenderness_combo, self.tenderness_combo)
        self._row(
            "referred_pain", "&Referred pain", self.referred_pain_combo, self.referred_pain_combo
        )
        row = self._grid.rowCount()
        self._grid.addWidget(QLabel("Consensus", self), row, 0, Qt.AlignmentFlag.AlignTop)
        self._grid.addWidget(self.criteria_label, row, 1)
        self._previous_cell("criteria", row)

        self._section("Active or latent")
        self._row(
            "pain_recognition",
            "Pain re&cognition",
            self.pain_recognition_combo,
            self.pain_recognition_combo,
        )
        self._row("activity", "Activit&y", self.activity_combo, self.activity_combo)
        suggestion = QHBoxLayout()
        suggestion.addWidget(self.suggestion_label, 1)
        suggestion.addWidget(self.accept_suggestion_button)
        self._grid.addLayout(suggestion, self._grid.rowCount(), 1, 1, 2)

        self._section("Other signs")
        self._row("twitch_response", "Local t&witch response", self.twitch_combo, self.twitch_combo)
        self._row("jump_sign", "&Jump sign", self.jump_sign_combo, self.jump_sign_combo)
        self._row("nrs_on_compression", "NRS &on compression", self.nrs_spin, self.nrs_spin)

        self._section("Pressure pain threshold (algometer)")
        trials = QHBoxLayout()
        trials.setSpacing(4)
        for spin in self.ppt_spins:
            trials.addWidget(spin, 1)
        self._row("ppt_trials", "Tr&ials (up to 3)", trials, self.ppt_spins[0])
        row = self._grid.rowCount()
        self._grid.addWidget(QLabel("Mean", self), row, 0, Qt.AlignmentFlag.AlignTop)
        self._grid.addWidget(self.ppt_mean_label, row, 1, Qt.AlignmentFlag.AlignTop)
        self._previous_cell("ppt_mean", row)
        self._row("ppt_unit", "&Unit", self.unit_combo, self.unit_combo)
        self._row("ppt_probe", "Probe area", self.probe_combo, self.probe_combo)
        rate = QHBoxLayout()
        rate.addWidget(self.rate_spin, 1)
        rate.addWidget(self.rate_unit_label)
        self._row("ppt_rate", "App&lication rate", rate, self.rate_spin)
        self._grid.addWidget(self.ppt_hint, self._grid.rowCount(), 1, 1, 2)

        self._section("Referred sensation and notes")
        self._row("sensation", "Sensation &quality", self.sensation_combo, self.sensation_combo)
        self._row("notes", "Note&s", self.notes_edit, self.notes_edit)
        self._grid.setRowStretch(self._grid.rowCount(), 1)

    def _connect(self) -> None:
        combos: tuple[tuple[QComboBox, str], ...] = (
            (self.taut_band_combo, "taut_band"),
            (self.tenderness_combo, "tenderness"),
            (self.referred_pain_combo, "referred_pain"),
            (self.pain_recognition_combo, "pain_recognition"),
            (self.activity_combo, "activity"),
            (self.twitch_combo, "twitch_response"),
            (self.jump_sign_combo, "jump_sign"),
            (self.probe_combo, "ppt_probe"),
            (self.sensation_combo, "sensation"),
        )
        for combo, key in combos:
            combo.currentIndexChanged.connect(lambda _i, k=key: self._changed(k))
        self.unit_combo.currentIndexChanged.connect(self._on_unit_changed)
        # Numbers count once typed and confirmed (Enter, Tab, a click elsewhere).
        self.nrs_spin.editingFinished.connect(lambda: self._changed("nrs_on_compression"))
        for spin in self.ppt_spins:
            spin.editingFinished.connect(lambda: self._changed("ppt_trials"))
            spin.valueChanged.connect(self._update_mean)
        self.rate_spin.editingFinished.connect(lambda: self._changed("ppt_rate"))
        self.accept_suggestion_button.clicked.connect(self.accept_suggestion)
        self.notes_edit.textChanged.connect(self._on_notes_typed)
        self._notes_timer.timeout.connect(lambda: self.edited.emit("notes"))
        self.notes_edit.installEventFilter(self)

    # --- reading the screen ---------------------------------------------------------------

    @property
    def finding(self) -> Finding | None:
        """The stored finding the form shows."""
        return self._finding

    @property
    def pressure_unit(self) -> PressureUnit:
        return self._unit

    @property
    def first_input(self) -> QWidget:
        return self.taut_band_combo

    def _tri(self, combo: QComboBox) -> bool | None:
        return ff.TRI_STATE[combo.currentIndex()][1]

    def _screen_criteria(self) -> Finding:
        """The stored finding with the criteria and pain recognition as on screen (these
        combos hold only valid values), for the live checklist and suggestion."""
        assert self._finding is not None
        return dataclasses.replace(
            self._finding,
            taut_band=self._tri(self.taut_band_combo),
            tenderness=ff.TENDERNESS[self.tenderness_combo.currentIndex()][1],
            referred_pain=self._tri(self.referred_pain_combo),
            pain_recognition=self._tri(self.pain_recognition_combo),
        )

    def candidate(self, key: str) -> Finding:
        """The stored finding with the field ``key`` as on screen.

        Raises ``ValidationError`` (fields named as the domain names them) when the value
        on screen is refused.
        """
        f = self._finding
        if f is None:
            raise KeyError("no trigger point is shown")
        if key in ff.TRI_STATE_KEYS:
            combo = {
                "taut_band": self.taut_band_combo,
                "referred_pain": self.referred_pain_combo,
                "pain_recognition": self.pain_recognition_combo,
                "twitch_response": self.twitch_combo,
                "jump_sign": self.jump_sign_combo,
            }[key]
            changes: dict[str, Any] = {key: self._tri(combo)}
            return dataclasses.replace(f, **changes)
        if key == "tenderness":
            grade = ff.TENDERNESS[self.tenderness_combo.currentIndex()][1]
            return dataclasses.replace(f, tenderness=grade)
        if key == "activity":
            return dataclasses.replace(
                f, activity=ff.ACTIVITY[self.activity_combo.currentIndex()][1]
            )
        if key == "nrs_on_compression":
            return dataclasses.replace(f, nrs_on_compression=self.nrs_spin.optional_value())
        if key == "ppt_unit":
            return dataclasses.replace(f, ppt=self._converted_ppt(f.ppt))
        if key in ff.PPT_KEYS:
            return dataclasses.replace(f, ppt=self._screen_ppt())
        if key == "sensation":
            quality = ff.SENSATIONS[self.sensation_combo.currentIndex()][1]
            return dataclasses.replace(f, sensation=quality)
        if key == "notes":
            return dataclasses.replace(f, notes=self.notes_edit.toPlainText())
        raise KeyError(key)

    def _screen_ppt(self) -> PressurePainThreshold | None:
        entered = [(box, s.value()) for box, s in enumerate(self.ppt_spins, 1) if s.value() > 0]
        probe = PROBE_AREAS_CM2[self.probe_combo.currentIndex()]
        rate = self.rate_spin.optional_value()
        if not entered:
            # Nothing measured: unit, probe and rate mean nothing alone and wait for the
            # first trial. The rate is still checked now, with a stand-in trial of 1.
            PressurePainThreshold(
                trials=(1.0,), unit=self._unit, probe_area_cm2=probe, rate_per_s=rate
            )
            return None
        try:
            return PressurePainThreshold(
                trials=tuple(value for _, value in entered),
                unit=self._unit,
                probe_area_cm2=probe,
                rate_per_s=rate,
            )
        except ValidationError as exc:
            # The domain numbers the trials it was given; name the box the value is in.
            boxes = {f"ppt.trial_{i}": f"ppt.trial_{box}" for i, (box, _) in enumerate(entered, 1)}
            raise ValidationError(
                FieldError(boxes.get(e.field, e.field), e.message) for e in exc.errors
            ) from None

    def _converted_ppt(self, ppt: PressurePainThreshold | None) -> PressurePainThreshold | None:
        """The stored threshold expressed in the unit on screen (same pressures)."""
        if ppt is None or ppt.unit == self._unit:
            return ppt

        def conv(value: float) -> float:
            # Two decimals, as the boxes show: what is stored is what is on screen.
            return round(convert_pressure(value, ppt.unit, self._unit), 2)

        return dataclasses.replace(
            ppt,
            trials=tuple(conv(t) for t in ppt.trials),
            unit=self._unit,
            rate_per_s=None if ppt.rate_per_s is None else conv(ppt.rate_per_s),
        )

    # --- loading --------------------------------------------------------------------------

    def load(
        self,
        finding: Finding,
        previous: Finding | None,
        previous_title: str,
        *,
        same_point: bool,
    ) -> None:
        """Show ``finding`` (and ``previous`` beside it) without emitting ``edited``.

        On the same point, a field showing a refused value keeps it (with its message)
        so the user can correct what they typed; on another point everything is reset.
        """
        if not same_point:
            self._notes_timer.stop()
            self.clear_errors()
        keep = {key for key, label in self.error_labels.items() if not label.isHidden()}
        self._finding = finding
        self._previous = previous
        self._loading = True
        try:
            self._load_choices(finding)
            if "nrs_on_compression" not in keep:
                self.nrs_spin.set_optional_value(finding.nrs_on_compression)
            self._load_ppt(finding.ppt, previous.ppt if previous else None, keep, same_point)
            # Typing still waiting for the pause is newer than what is stored: keep it.
            typing = same_point and self._notes_timer.isActive()
            if not typing and self.notes_edit.toPlainText() != finding.notes:
                self.notes_edit.setPlainText(finding.notes)
        finally:
            self._loading = False
        self.previous_header.setText(previous_title)
        self._refresh_derived()

    def _load_choices(self, f: Finding) -> None:
        def index(table: tuple[tuple[str, object], ...], value: object) -> int:
            return [v for _, v in table].index(value)

        self.taut_band_combo.setCurrentIndex(index(ff.TRI_STATE, f.taut_band))
        self.tenderness_combo.setCurrentIndex(index(ff.TENDERNESS, f.tenderness))
        self.referred_pain_combo.setCurrentIndex(index(ff.TRI_STATE, f.referred_pain))
        self.pain_recognition_combo.setCurrentIndex(index(ff.TRI_STATE, f.pain_recognition))
        self.activity_combo.setCurrentIndex(index(ff.ACTIVITY, f.activity))
        self.twitch_combo.setCurrentIndex(index(ff.TRI_STATE, f.twitch_response))
        self.jump_sign_combo.setCurrentIndex(index(ff.TRI_STATE, f.jump_sign))
        self.sensation_combo.setCurrentIndex(index(ff.SENSATIONS, f.sensation))

    def _load_ppt(
        self,
        ppt: PressurePainThreshold | None,
        previous: PressurePainThreshold | None,
        keep: set[str],
        same_point: bool,
    ) -> None:
        # A stored threshold keeps its own unit. A new one starts in the unit chosen in
        # Preferences (read now, so a change there reaches the next point), unless the
        # user has just picked another for this same point. Its probe and rate are the
        # previous visit's (results are only comparable with the same probe and rate),
        # else the ones on screen: one clinician uses one algometer for every point.
        if ppt is not None:
            unit = ppt.unit
        elif same_point:
            unit = self._unit
        else:
            unit = default_pressure_unit()
        settings = ppt or previous
        if "ppt_rate" not in keep:
            if settings is not None:
                rate, rate_unit = settings.rate_per_s, settings.unit
            else:
                rate, rate_unit = self.rate_spin.optional_value(), self._unit
            if rate is not None and rate_unit != unit:
                rate = round(convert_pressure(rate, rate_unit, unit), 2)
            self.rate_spin.set_optional_value(rate)
        if settings is not None and settings.probe_area_cm2 in PROBE_AREAS_CM2:
            self.probe_combo.setCurrentIndex(PROBE_AREAS_CM2.index(settings.probe_area_cm2))
        self._unit = unit
        self.unit_combo.setCurrentIndex(ff.UNITS.index(unit))
        if "ppt_trials" not in keep:
            trials = ppt.trials if ppt is not None else ()
            for i, spin in enumerate(self.ppt_spins):
                spin.set_optional_value(trials[i] if i < len(trials) else None)

    # --- live feedback --------------------------------------------------------------------

    def _refresh_derived(self) -> None:
        if self._finding is None:
            return
        shown = self._screen_criteria()
        self.criteria_label.setText(_checklist(shown))
        suggested = shown.suggested_activity
        if suggested is None:
            self.suggestion_label.setText("Suggested: none until pain recognition is assessed")
        else:
            why = "familiar pain reproduced" if shown.pain_recognition else "pain not recognised"
            self.suggestion_label.setText(f"Suggested: <b>{suggested.value}</b> ({why})")
        chosen = ff.ACTIVITY[self.activity_combo.currentIndex()][1]
        self.accept_suggestion_button.setEnabled(
            not self._read_only and suggested is not None and chosen != suggested
        )
        # Nothing to accept on a signed record; a greyed button would only add noise.
        self.accept_suggestion_button.setVisible(not self._read_only)
        self.rate_unit_label.setText(f"{self._unit.symbol}/s")
        self.ppt_hint.setVisible(self._finding.ppt is None and not self._read_only)
        self._update_mean()

    def _update_mean(self) -> None:
        trials = [s.value() for s in self.ppt_spins if s.value() > 0]
        if trials:
            mean = sum(trials) / len(trials)
            count = "1 trial" if len(trials) == 1 else f"mean of {len(trials)}"
            self.ppt_mean_label.setText(f"<b>{ff.pressure_text(mean, self._unit)}</b> ({count})")
        else:
            self.ppt_mean_label.setText("–")
        self._show_previous()

    def _show_previous(self) -> None:
        cells = previous_cells(self._finding, self._previous, self._unit)
        for key, label in self.previous_labels.items():
            cell = cells.get(key, Cell(""))
            label.setText(cell.text)
            label.setToolTip(cell.tooltip)
            trend = cell.trend.value if cell.trend in (Trend.BETTER, Trend.WORSE) else ""
            label.setProperty("muted", not trend)
            label.setProperty("trend", trend)
            label.style().unpolish(label)
            label.style().polish(label)

    def accept_suggestion(self) -> None:
        """Classify the point as the pain recognition suggests (one click or Alt+G)."""
        if self._finding is None or self._read_only:
            return
        suggested = self._screen_criteria().suggested_activity
        if suggested is not None:
            self.activity_combo.setCurrentIndex([v for _, v in ff.ACTIVITY].index(suggested))

    # --- user edits -----------------------------------------------------------------------

    def _changed(self, key: str) -> None:
        if self._loading or self._finding is None or self._read_only:
            return
        self._refresh_derived()
        self.edited.emit(key)

    def _on_unit_changed(self, index: int) -> None:
        new = ff.UNITS[index]
        if self._loading or new == self._unit:
            return
        # The same pressures, expressed in the new unit.
        for spin in (*self.ppt_spins, self.rate_spin):
            if spin.value() > 0:
                spin.setValue(round(convert_pressure(spin.value(), self._unit, new), 2))
        self._unit = new
        self.clear_errors(ff.PPT_KEYS)
        self._changed("ppt_unit")

    def _on_notes_typed(self) -> None:
        if not self._loading and not self._read_only:
            self._notes_timer.start()  # restarted by each keystroke

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.notes_edit and event.type() == QEvent.Type.FocusOut:
            self._notes_timer.stop()
            if not self._read_only and self._finding is not None:
                self.edited.emit("notes")
        return super().eventFilter(watched, event)

    def flush(self) -> None:
        """Hand over notes still waiting for the typing pause (before leaving the point)."""
        if self._notes_timer.isActive():
            self._notes_timer.stop()
            self.edited.emit("notes")

    # --- messages and state ---------------------------------------------------------------

    def show_errors(self, rows: dict[str, str]) -> None:
        for key, text in rows.items():
            label = self.error_labels[key]
            label.setText(text)
            label.setToolTip(text)
            label.show()
            for widget in self._inputs_of(key):
                set_flag(widget, "invalid", True)
                self._tips.setdefault(widget, widget.toolTip())
                widget.setToolTip(text)

    def clear_errors(self, keys: tuple[str, ...] | None = None) -> None:
        for key in keys if keys is not None else tuple(self.error_labels):
            label = self.error_labels[key]
            if label.isHidden():
                continue
            label.hide()
            label.clear()
            for widget in self._inputs_of(key):
                set_flag(widget, "invalid", False)
                widget.setToolTip(self._tips.pop(widget, ""))

    def _inputs_of(self, key: str) -> tuple[QWidget, ...]:
        if key == "ppt_trials":
            return self.ppt_spins
        return {
            "nrs_on_compression": (self.nrs_spin,),
            "ppt_rate": (self.rate_spin,),
            "notes": (self.notes_edit,),
        }.get(key, ())

    def set_read_only(self, read_only: bool) -> None:
        """Signed visit: the values and the comparison stay readable, nothing is editable."""
        self._read_only = read_only
        self._notes_timer.stop()
        for widget in self.inputs:
            if widget is self.notes_edit:
                self.notes_edit.setReadOnly(read_only)  # stays legible and selectable
            else:
                widget.setEnabled(not read_only)
        self._refresh_derived()
