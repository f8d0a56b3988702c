"""The Visit tab: the visit's own fields - clinician, chief complaint, history, the
escalation step, the plan and the reassessment date.

Free text is saved ~600 ms after the last keystroke and when the field is left; the step
and the date are saved at once. Each save is one undo step (Ctrl+Z). A refused value (an
empty clinician, a reassessment date outside 2-4 weeks) is explained under its field and
nothing is stored.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from bodymap.domain.validation import EARLIEST_DATE, ValidationError
from bodymap.domain.visit import CLINICIAN_MAX, EscalationStep
from bodymap.ui.app import tone
from bodymap.ui.scrolling import frameless_scroll
from bodymap.ui.undo import EDIT_ERRORS, error_text
from bodymap.ui.visit_editor.context import VisitContext
from bodymap.ui.visit_editor.fields import (
    DateField,
    ErrorLabel,
    TextAutosave,
    TextWidget,
    set_invalid,
    widget_text,
)
from bodymap.ui.visit_editor.plan_text import (
    QUICK_WEEKS,
    STEP_TEXT,
    interval_line,
    reassess_hint,
    reassess_problem,
    reassess_window,
)

# The visit's free-text fields: attribute, label with mnemonic, lines shown, placeholder.
# Mnemonics avoid the window's menus (F, E, P, H) and the editor's tabs (V, F, T, M, A).
_TEXT_FIELDS: tuple[tuple[str, str, int, str], ...] = (
    ("clinician", "C&linician:", 1, "Who sees the patient"),
    ("chief_complaint", "&Chief complaint:", 3, "The main problem, in the patient's words"),
    (
        "subjective",
        "Hi&story:",
        5,
        "Onset, course, aggravating and easing factors, sleep, work, earlier treatment",
    ),
    ("plan", "Pla&n:", 5, "Treatment plan, home programme, what to review next time"),
)
_FIELD_NAMES = {
    "visit.clinician": "Clinician",
    "visit.chief_complaint": "Chief complaint",
    "visit.subjective": "History",
    "visit.plan": "Plan",
    "visit.escalation_step": "Escalation step",
    "visit.reassess_on": "Reassessment date",
}
_NOT_SET_ID = 0  # button id of "not set" among the step choices (1-3 are the steps)


def refusal_text(exc: BaseException) -> str:
    """A store or domain refusal in words: 'Clinician is required. Not saved.'"""
    if isinstance(exc, ValidationError):
        lines = [f"{_FIELD_NAMES.get(e.field, e.field)} {e.message}." for e in exc.errors]
        return " ".join(lines) + " Not saved."
    return f"{error_text(exc)} Not saved."


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _with_error(field: QWidget, error: ErrorLabel) -> QWidget:
    """The field with its refusal line right under it (no gap while there is none)."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(field)
    column.addWidget(error)
    return box


def _section_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("sectionTitle", True)
    return label


class PlanTab(QWidget):
    """The Visit tab; see the module doc."""

    def __init__(self, context: VisitContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planTab")
        self.context = context
        self._closed = False
        self._loading = False

        self.read_only_label = QLabel(self)
        self.read_only_label.setObjectName("planReadOnly")
        self.read_only_label.setProperty("warning", True)
        self.read_only_label.setWordWrap(True)
        self.interval_label = QLabel(self)
        self.interval_label.setObjectName("planInterval")
        self.interval_label.setProperty("muted", True)
        self.interval_label.setWordWrap(True)

        # --- free text ------------------------------------------------------------------
        self.text_edits: dict[str, TextWidget] = {}
        self.text_errors: dict[str, ErrorLabel] = {}
        self.autosaves: dict[str, TextAutosave] = {}
        self._placeholders: dict[str, str] = {}
        rows: dict[str, tuple[QLabel, QWidget]] = {}
        for name, title, lines, placeholder in _TEXT_FIELDS:
            edit = self._text_edit(lines)
            edit.setObjectName(f"plan_{name}")
            self._placeholders[name] = placeholder
            error = ErrorLabel()
            error.setObjectName(f"planError_{name}")
            label = QLabel(title)
            label.setBuddy(edit)
            rows[name] = (label, _with_error(edit, error))
            self.text_edits[name] = edit
            self.text_errors[name] = error
            self.autosaves[name] = TextAutosave(edit, self._saver(name))
        self.clinician_edit = self.text_edits["clinician"]
        self.complaint_edit = self.text_edits["chief_complaint"]
        self.history_edit = self.text_edits["subjective"]
        self.plan_edit = self.text_edits["plan"]
        if isinstance(self.clinician_edit, QLineEdit):
            self.clinician_edit.setMaxLength(CLINICIAN_MAX)
            # Enter moves on, as in the measures; nothing to submit here.
            self.clinician_edit.returnPressed.connect(self.complaint_edit.setFocus)

        # --- escalation step ------------------------------------------------------------
        self.step_group = QButtonGroup(self)
        self.step_group.setExclusive(True)
        self.step_buttons: dict[int, QRadioButton] = {}
        step_box = QWidget()
        step_box.setObjectName("planSteps")
        steps = QVBoxLayout(step_box)
        steps.setContentsMargins(0, 2, 0, 0)
        steps.setSpacing(2)
        self.step_error = ErrorLabel()
        self.step_error.setObjectName("planError_step")
        not_set = QRadioButton("&0  Not set", step_box)
        self._add_step_button(_NOT_SET_ID, not_set, steps)
        style = not_set.style()
        indent = style.pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth) + (
            style.pixelMetric(QStyle.PixelMetric.PM_RadioButtonLabelSpacing)
        )
        for step, (title, holds) in STEP_TEXT.items():
            choice = QRadioButton(f"&{int(step)}  {title}", step_box)
            choice.setToolTip(f"Step {int(step)}: {title.lower()}: {holds}")
            self._add_step_button(int(step), choice, steps)
            detail = QLabel(holds, step_box)
            detail.setProperty("muted", True)
            detail.setWordWrap(True)
            # Under the button's text, past the round indicator.
            detail.setContentsMargins(indent, 0, 0, 4)
            steps.addWidget(detail)
        steps.addWidget(self.step_error)
        self.step_group.idClicked.connect(self._on_step_clicked)

        # --- reassessment ---------------------------------------------------------------
        self.reassess_edit = DateField()
        self.reassess_edit.setObjectName("plan_reassess_on")
        self.reassess_edit.setCalendarPopup(True)
        self.reassess_edit.setDisplayFormat("yyyy-MM-dd")  # ISO, as everywhere in the app
        # Wide limits on purpose: a date outside 2-4 weeks is typed, then explained.
        self.reassess_edit.setMinimumDate(_qdate(EARLIEST_DATE))
        self.reassess_edit.setSpecialValueText("not set")  # shown at the minimum date
        # While digits are typed the date passes through nonsense (day 1 of '16'): save
        # only when editing finishes, an arrow steps, or the calendar picks a day.
        self.reassess_edit.setKeyboardTracking(False)
        self.reassess_edit.dateChanged.connect(self._on_date_changed)
        self.quick_buttons: dict[int | None, QPushButton] = {}
        date_line = QHBoxLayout()
        date_line.setSpacing(4)
        date_line.addWidget(self.reassess_edit)
        date_line.addSpacing(2)
        for weeks in QUICK_WEEKS:
            self._add_quick_button(weeks, f"{weeks} wk", f"In {weeks} weeks", date_line)
        self._add_quick_button(None, "None", "No reassessment planned (e.g. discharged)", date_line)
        date_line.addStretch(1)
        self.reassess_hint = QLabel()
        self.reassess_hint.setObjectName("planReassessHint")
        self.reassess_hint.setProperty("muted", True)
        self.reassess_hint.setWordWrap(True)
        self.reassess_error = ErrorLabel()
        self.reassess_error.setObjectName("planError_reassess_on")
        reassess_box = QWidget()
        reassess_column = QVBoxLayout(reassess_box)
        reassess_column.setContentsMargins(0, 0, 0, 0)
        reassess_column.setSpacing(2)
        reassess_column.addLayout(date_line)
        reassess_column.addWidget(self.reassess_hint)
        reassess_column.addWidget(self.reassess_error)
        reassess_label = QLabel("&Reassess on:")
        reassess_label.setBuddy(self.reassess_edit)

        # --- layout ---------------------------------------------------------------------
        content = QWidget()
        content.setObjectName("planContent")
        column = QVBoxLayout(content)
        column.setContentsMargins(2, 2, 8, 8)
        form = QFormLayout()
        column.addLayout(form)
        column.addStretch(1)  # spare height below the form, not between its rows
        form.setVerticalSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # In a narrow column the labels go above their fields instead of squeezing them.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.addRow(_section_title("Visit"))
        for name in ("clinician", "chief_complaint", "subjective"):
            form.addRow(*rows[name])
        form.addRow(_section_title("Plan and follow-up"))
        form.addRow(QLabel("Escalation step:"), step_box)
        form.addRow(*rows["plan"])
        form.addRow(reassess_label, reassess_box)

        scroll = frameless_scroll(content, self, "planScroll")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 0, 0)
        layout.addWidget(self.read_only_label)
        layout.addWidget(self.interval_label)
        layout.addWidget(scroll, 1)

        # Top to bottom as on screen. Tab enters the step choices once (at the chosen one)
        # and the arrow keys move among them, as for any group of radio buttons.
        self.focus_order: tuple[QWidget, ...] = (
            self.clinician_edit,
            self.complaint_edit,
            self.history_edit,
            *self.step_buttons.values(),
            self.plan_edit,
            self.reassess_edit,
            *self.quick_buttons.values(),
        )
        for first, second in itertools.pairwise(self.focus_order):
            QWidget.setTabOrder(first, second)

        self._loaded_reassess: dt.date | None = None  # the stored date last shown
        self._window_for: dt.date | None = None
        model = context.model
        model.visitChanged.connect(self.refresh)
        model.readOnlyChanged.connect(self._apply_read_only)
        self._loading = True
        self._show_reassess(model.visit.reassess_on)  # refresh() only shows changes
        self._loading = False
        self.refresh()
        self._apply_read_only(model.read_only)

    # --- building ---------------------------------------------------------------------------

    @staticmethod
    def _text_edit(lines: int) -> TextWidget:
        if lines == 1:
            return QLineEdit()
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
        metrics = edit.fontMetrics()
        frame = 2 * (edit.frameWidth() + int(edit.document().documentMargin()))
        edit.setFixedHeight(metrics.lineSpacing() * lines + frame + 2)
        return edit

    def _add_step_button(self, button_id: int, button: QRadioButton, steps: QVBoxLayout) -> None:
        button.setObjectName(f"planStep_{button_id}")
        self.step_group.addButton(button, button_id)
        self.step_buttons[button_id] = button
        steps.addWidget(button)

    def _add_quick_button(self, weeks: int | None, text: str, tip: str, line: QHBoxLayout) -> None:
        button = QPushButton(text)
        button.setObjectName(f"planReassess_{weeks or 'none'}")
        button.setToolTip(tip)
        button.setAutoDefault(False)
        # As narrow as the words: four wide buttons would push the tab past ~550 px.
        button.setFixedWidth(button.fontMetrics().horizontalAdvance(text) + 18)
        button.clicked.connect(lambda: self._on_quick(weeks))
        self.quick_buttons[weeks] = button
        line.addWidget(button)

    # --- following the model ----------------------------------------------------------------

    def refresh(self) -> None:
        """Show what is stored. A field is reloaded only when its stored value changed
        since it was last shown, so typing in progress and a refused date stay put."""
        if self._closed:
            return
        model = self.context.model
        visit = model.visit
        self.interval_label.setText(interval_line(visit, model.previous_visit))
        for name, autosave in self.autosaves.items():
            stored = getattr(visit, name)
            if stored != autosave.loaded:
                autosave.load(stored)
                self._show_text_error(name, "")
        self._loading = True
        try:
            step_id = _NOT_SET_ID if visit.escalation_step is None else int(visit.escalation_step)
            self.step_buttons[step_id].setChecked(True)
            if visit.reassess_on != self._loaded_reassess:
                self._show_reassess(visit.reassess_on)
        finally:
            self._loading = False
        self._update_hint()
        self._mark_window(visit.visit_date)

    def _update_hint(self) -> None:
        visit = self.context.model.visit
        self.reassess_hint.setText(
            reassess_hint(visit.visit_date, visit.reassess_on, window=not self.context.read_only)
        )

    def _show_reassess(self, day: dt.date | None) -> None:
        self._loaded_reassess = day
        self.reassess_edit.setDate(self.reassess_edit.minimumDate() if day is None else _qdate(day))
        self._show_reassess_error("")

    def _mark_window(self, visit_date: dt.date) -> None:
        """Shade the allowed dates in the calendar popup, so the choice is visible there."""
        calendar = self.reassess_edit.calendarWidget()  # None while read-only (no popup)
        if calendar is None or self._window_for == visit_date:
            return
        self._window_for = visit_date
        calendar.setDateTextFormat(QDate(), QTextCharFormat())  # clears earlier marks
        # Weekends in the theme's tone rather than Qt's pure red, which is hard to read on
        # the shading and on a dark calendar.
        weekend = QTextCharFormat()
        weekend.setForeground(tone("weekend"))
        for weekday in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            calendar.setWeekdayTextFormat(weekday, weekend)
        shade = QTextCharFormat()
        shade.setBackground(tone("calendar_window"))  # the allowed dates, in this theme
        first, last = reassess_window(visit_date)
        day = first
        while day <= last:
            calendar.setDateTextFormat(_qdate(day), shade)
            day += dt.timedelta(days=1)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        # A change of theme reaches every widget as a palette change: shade the allowed
        # dates again in the new theme's colour.
        if event.type() == QEvent.Type.PaletteChange and (day := self._window_for) is not None:
            self._window_for = None
            self._mark_window(day)
        super().changeEvent(event)

    def _apply_read_only(self, read_only: bool) -> None:
        self.read_only_label.setText(self.context.model.read_only_reason)
        self.read_only_label.setVisible(read_only)
        for name, edit in self.text_edits.items():
            edit.setReadOnly(read_only)
            # An empty signed field says so, instead of prompting for what to write.
            edit.setPlaceholderText("not recorded" if read_only else self._placeholders[name])
            if read_only:
                self.autosaves[name].stop()
        for choice in self.step_buttons.values():
            choice.setEnabled(not read_only)
        for quick in self.quick_buttons.values():
            quick.setVisible(not read_only)
        self.reassess_edit.setReadOnly(read_only)
        self.reassess_edit.setCalendarPopup(not read_only)
        self._update_hint()

    # --- writing ----------------------------------------------------------------------------

    def _edit(self, what: str, **changes: Any) -> None:
        """One change of the visit as one undo step; raises EDIT_ERRORS when refused."""
        model = self.context.model
        old = {name: getattr(model.visit, name) for name in changes}
        self.context.edit(
            what, lambda: model.update_visit(**changes), lambda: model.update_visit(**old)
        )

    def _saver(self, name: str) -> Callable[[str], None]:
        def save(text: str) -> None:
            if self._closed or self.context.read_only:
                return
            if text == getattr(self.context.model.visit, name):
                self.autosaves[name].load(text)
                return
            label = _FIELD_NAMES[f"visit.{name}"]
            try:
                self._edit(f"Edit {label.lower()}", **{name: text})
            except EDIT_ERRORS as exc:
                self._show_text_error(name, refusal_text(exc))
            else:
                self._show_text_error(name, "")

        return save

    def _show_text_error(self, name: str, message: str) -> None:
        self.text_errors[name].show_message(message)
        set_invalid(self.text_edits[name], bool(message))

    def _on_step_clicked(self, button_id: int) -> None:
        if self._loading:
            return
        step = None if button_id == _NOT_SET_ID else EscalationStep(button_id)
        if step == self.context.model.visit.escalation_step:
            return
        what = "Clear escalation step" if step is None else f"Set escalation step {int(step)}"
        try:
            self._edit(what, escalation_step=step)
        except EDIT_ERRORS as exc:
            self.step_error.show_message(refusal_text(exc))
            self.refresh()  # back to the stored choice
        else:
            self.step_error.clear_message()

    def _on_date_changed(self, day: QDate) -> None:
        if self._loading:
            return
        if day == self.reassess_edit.minimumDate():
            self._commit_reassess(None)
        else:
            self._commit_reassess(dt.date(day.year(), day.month(), day.day()))

    def _on_quick(self, weeks: int | None) -> None:
        visit_date = self.context.model.visit.visit_date
        day = None if weeks is None else visit_date + dt.timedelta(weeks=weeks)
        self._loading = True
        try:
            self._show_reassess(day)
        finally:
            self._loading = False
        self._commit_reassess(day)

    def _commit_reassess(self, day: dt.date | None) -> None:
        model = self.context.model
        if day is not None and (problem := reassess_problem(model.visit.visit_date, day)):
            self._show_reassess_error(problem)
            return
        self._show_reassess_error("")
        if day == model.visit.reassess_on:
            return
        what = "Clear reassessment date" if day is None else f"Reassess on {day.isoformat()}"
        try:
            self._edit(what, reassess_on=day)
        except EDIT_ERRORS as exc:
            self._show_reassess_error(refusal_text(exc))

    def _show_reassess_error(self, message: str) -> None:
        self.reassess_error.show_message(message)
        self.reassess_edit.setToolTip(message)
        set_invalid(self.reassess_edit, bool(message))

    def cleanup(self) -> None:
        """Save text still being typed (straight to the store: the visit's undo history is
        being dropped with it), then stop following the model."""
        if self._closed:
            return
        model = self.context.model
        pending = {n: a.widget for n, a in self.autosaves.items() if a.pending}
        for autosave in self.autosaves.values():
            autosave.stop()
        self._closed = True
        if pending and not model.read_only and model.session.is_open:
            for name, edit in pending.items():
                with contextlib.suppress(*EDIT_ERRORS):
                    model.update_visit(**{name: widget_text(edit)})
        for signal, slot in (
            (model.visitChanged, self.refresh),
            (model.readOnlyChanged, self._apply_read_only),
        ):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)
