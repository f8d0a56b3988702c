"""Preferences: who is using this computer profile, how the app looks, default units and
paper, the clinic's details, the lidocaine dose limits and how many backups to keep.

Two kinds of setting, kept where they belong:

- per computer profile, in QSettings: the clinician's name (several clinicians share one
  database), the theme, the default pressure unit and the paper size;
- per database, in its setting table, because they travel with the records they govern:
  the clinic's details printed on reports, the dose limits every dose warning is checked
  against, and the number of backups kept.

Nothing is saved until every field is valid; each refusal names the allowed range.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QLocale, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bodymap.domain.dose import DEFAULT_LIMITS, DoseLimits
from bodymap.domain.units import PressureUnit
from bodymap.domain.validation import FieldError, ValidationError
from bodymap.store import Store, StoreError
from bodymap.store.backup import DEFAULT_KEEP, KEEP_SETTING
from bodymap.ui import user
from bodymap.ui.app import Theme, apply_look, set_theme_setting, theme_setting
from bodymap.ui.dialog_parts import Button, ErrorLabel, save_buttons
from bodymap.ui.session import Session

# --- the settings and their readers ------------------------------------------------------

PRESSURE_UNIT_KEY = "units/pressure"  # QSettings: the unit a new pressure threshold starts in
PAPER_SIZE_KEY = "print/paperSize"  # QSettings: A4 or Letter
CLINIC_KEY = "clinic"  # database: {"name", "address", "phone"}, the reports' letterhead
BACKUP_KEEP_KEY = KEEP_SETTING  # database: how many automatic backups to keep

DEFAULT_PRESSURE_UNIT = PressureUnit.KGF_CM2
DEFAULT_BACKUP_KEEP = DEFAULT_KEEP
BACKUP_KEEP_RANGE = (1, 100)
TEXT_LIMITS = {"clinician": 80, "clinic_name": 120, "clinic_address": 300, "clinic_phone": 40}
ADDRESS_MAX_LINES = 4  # what fits in a report's letterhead
PHONE_CHARACTERS = set("0123456789 +-()./")


class PaperSize(StrEnum):
    A4 = "A4"
    LETTER = "Letter"


# Where Letter paper is the norm; everywhere else uses A4.
_LETTER_TERRITORIES = {
    QLocale.Country.UnitedStates,
    QLocale.Country.Canada,
    QLocale.Country.Mexico,
    QLocale.Country.Philippines,
    QLocale.Country.Chile,
    QLocale.Country.Colombia,
    QLocale.Country.Venezuela,
    QLocale.Country.PuertoRico,
}


@dataclass(frozen=True, slots=True)
class ClinicDetails:
    name: str = ""
    address: str = ""
    phone: str = ""


@dataclass(frozen=True, slots=True)
class DoseField:
    name: str  # a DoseLimits field
    label: str
    lo: float
    hi: float
    unit: str


# The same ranges as the store's check of DoseLimits (test_preferences holds them equal).
DOSE_FIELDS = (
    DoseField("lidocaine_mg_per_kg", "Plain, per kg of &weight", 0.5, 10, "mg/kg"),
    DoseField("lidocaine_cap_mg", "Plain, &absolute cap", 10, 1000, "mg"),
    DoseField("lidocaine_epi_mg_per_kg", "With epinephrine, per &kg", 0.5, 15, "mg/kg"),
    DoseField("lidocaine_epi_cap_mg", "With epinephrine, &cap", 10, 1000, "mg"),
)


def default_pressure_unit() -> PressureUnit:
    """The unit a new pressure pain threshold is entered in on this computer profile."""
    try:
        return PressureUnit(str(QSettings().value(PRESSURE_UNIT_KEY, "") or ""))
    except ValueError:
        return DEFAULT_PRESSURE_UNIT


def default_paper_size() -> PaperSize:
    territory = QLocale.system().territory()
    return PaperSize.LETTER if territory in _LETTER_TERRITORIES else PaperSize.A4


def paper_size() -> PaperSize:
    """The paper reports are laid out for on this computer profile."""
    try:
        return PaperSize(str(QSettings().value(PAPER_SIZE_KEY, "") or ""))
    except ValueError:
        return default_paper_size()


def clinic_details(store: Store) -> ClinicDetails:
    """The clinic's name, address and telephone as printed on reports ("" when unset)."""
    stored = store.settings.get(CLINIC_KEY)
    if not isinstance(stored, dict):
        return ClinicDetails()
    names = {f.name for f in fields(ClinicDetails)}
    return ClinicDetails(**{k: str(v) for k, v in stored.items() if k in names})


def backup_keep(store: Store) -> int:
    """How many rotating backups of this database to keep."""
    stored = store.settings.get(BACKUP_KEEP_KEY)
    lo, hi = BACKUP_KEEP_RANGE
    if isinstance(stored, int) and not isinstance(stored, bool) and lo <= stored <= hi:
        return stored
    return DEFAULT_BACKUP_KEEP


@dataclass(frozen=True, slots=True)
class Preferences:
    """Everything the dialog edits."""

    clinician: str
    theme: Theme
    pressure_unit: PressureUnit
    paper: PaperSize
    clinic: ClinicDetails
    dose_limits: DoseLimits
    backup_keep: int


def load(session: Session) -> Preferences:
    store = session.store
    return Preferences(
        clinician=user.clinician_name(),
        theme=theme_setting(),
        pressure_unit=default_pressure_unit(),
        paper=paper_size(),
        clinic=clinic_details(store),
        dose_limits=session.dose_limits(),
        backup_keep=backup_keep(store),
    )


def save(session: Session, prefs: Preferences) -> None:
    """Write the database's settings in one transaction, then this profile's. A database
    that refuses (locked, read-only) raises a StoreError and nothing is changed."""
    store = session.store
    with store.transaction():
        store.settings.set(CLINIC_KEY, asdict(prefs.clinic))
        store.settings.set_dose_limits(prefs.dose_limits)
        store.settings.set(BACKUP_KEEP_KEY, prefs.backup_keep)
    user.remember_clinician_name(prefs.clinician)
    set_theme_setting(prefs.theme)
    settings = QSettings()
    settings.setValue(PRESSURE_UNIT_KEY, prefs.pressure_unit.value)
    settings.setValue(PAPER_SIZE_KEY, prefs.paper.value)
    settings.sync()


# --- checking what was typed ---------------------------------------------------------------


def _number(text: str) -> float | None:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _check_text(errors: list[FieldError], key: str, text: str, what: str) -> None:
    limit = TEXT_LIMITS[key]
    if len(text) > limit:
        errors.append(
            FieldError(key, f"{what} must be at most {limit} characters (now {len(text)})")
        )
    elif any(ord(ch) < 32 and ch != "\n" for ch in text):
        errors.append(FieldError(key, f"{what} must not contain control characters"))


def check_dose(field: DoseField, text: str) -> tuple[float | None, str]:
    """The value of one dose field, or None and the message naming its range."""
    allowed = f"a number from {field.lo:g} to {field.hi:g} {field.unit}"
    value = _number(text)
    if not text.strip():
        return None, f"Required: {allowed}"
    if value is None:
        return None, f"Enter {allowed}, not '{text.strip()}'"
    if not field.lo <= value <= field.hi:
        return None, f"Must be {allowed}, not {value:g}"
    return value, ""


def check_backup_keep(text: str) -> tuple[int | None, str]:
    lo, hi = BACKUP_KEEP_RANGE
    allowed = f"a whole number from {lo} to {hi}"
    stripped = text.strip()
    if not stripped.isdigit():
        return None, f"Enter {allowed}" + (f", not '{stripped}'" if stripped else "")
    value = int(stripped)
    if not lo <= value <= hi:
        return None, f"Must be {allowed}, not {value}"
    return value, ""


# --- the dialog ----------------------------------------------------------------------------


def _hint(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setProperty("muted", True)
    label.setWordWrap(True)
    return label


class PreferencesDialog(QDialog):
    """Edit the preferences; OK checks every field and saves them all, or none."""

    applied = Signal()  # saved and the theme applied: views showing a setting may refresh

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        self._session = session
        self.saved: Preferences | None = None
        self.inputs: dict[str, QWidget] = {}
        self.messages: dict[str, ErrorLabel] = {}
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("preferencesTabs")
        self.tabs.addTab(self._general_page(), "&General")
        self.tabs.addTab(self._clinic_page(), "C&linic")
        self.tabs.addTab(self._dose_page(), "&Doses")
        self.tabs.addTab(self._backup_page(), "&Backups")
        self.error = ErrorLabel("preferencesError", self)
        self.buttons = save_buttons(self, self._accept, save=Button.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._load(load(session))

    # --- pages --------------------------------------------------------------------------

    def _form(self, page: QWidget) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        return form

    def _row(
        self, form: QFormLayout, key: str, label: str, widget: QWidget, hint: str = ""
    ) -> None:
        """A labelled field with its hint (the allowed range) and its message below it."""
        widget.setObjectName(f"pref_{key}")
        self.inputs[key] = widget
        page = widget.parentWidget()
        assert page is not None, "fields are made on their page"
        column = QVBoxLayout()
        column.setSpacing(2)
        if isinstance(widget, QComboBox) or widget.maximumWidth() < 1000:
            # A short field stays short; its hint and message still get the row's width.
            line = QHBoxLayout()
            line.addWidget(widget)
            line.addStretch(1)
            column.addLayout(line)
        else:
            column.addWidget(widget)
        if hint:
            column.addWidget(_hint(hint, page))
        message = ErrorLabel(f"pref_{key}_message", page)
        self.messages[key] = message
        column.addWidget(message)
        caption = QLabel(label, page)
        caption.setBuddy(widget)
        form.addRow(caption, column)

    def _general_page(self) -> QWidget:
        page = QWidget(self)
        form = self._form(page)
        self.clinician = QLineEdit(page)
        self.clinician.setPlaceholderText("for example A. Moreau, PT")
        limit = TEXT_LIMITS["clinician"]
        self._row(
            form,
            "clinician",
            "Your &name:",
            self.clinician,
            f"On the visits you start and sign, on this computer account; "
            f"at most {limit} characters.",
        )
        self.theme = QComboBox(page)
        for theme, text in (
            (Theme.SYSTEM, "Same as the system"),
            (Theme.LIGHT, "Light"),
            (Theme.DARK, "Dark"),
        ):
            self.theme.addItem(text, theme.value)
        self._row(form, "theme", "&Theme:", self.theme)
        self.pressure_unit = QComboBox(page)
        for unit in PressureUnit:
            self.pressure_unit.addItem(unit.symbol, unit.value)
        self._row(
            form,
            "pressure_unit",
            "&Pressure unit:",
            self.pressure_unit,
            "New pressure pain thresholds start in this unit; stored ones keep theirs.",
        )
        self.paper = QComboBox(page)
        for size in PaperSize:
            self.paper.addItem(size.value, size.value)
        self._row(form, "paper", "Pa&per size:", self.paper, "For printed and PDF reports.")
        page.setLayout(form)
        return page

    def _clinic_page(self) -> QWidget:
        page = QWidget(self)
        outer = QVBoxLayout(page)
        outer.addWidget(_hint("Printed at the top of every report. Kept in this database.", page))
        form = self._form(page)
        self.clinic_name = QLineEdit(page)
        self._row(
            form,
            "clinic_name",
            "Clinic &name:",
            self.clinic_name,
            f"At most {TEXT_LIMITS['clinic_name']} characters.",
        )
        self.clinic_address = QPlainTextEdit(page)
        self.clinic_address.setTabChangesFocus(True)
        self.clinic_address.setFixedHeight(self.clinic_address.fontMetrics().lineSpacing() * 5)
        self._row(
            form,
            "clinic_address",
            "&Address:",
            self.clinic_address,
            f"Up to {ADDRESS_MAX_LINES} lines, {TEXT_LIMITS['clinic_address']} characters.",
        )
        self.clinic_phone = QLineEdit(page)
        self._row(
            form,
            "clinic_phone",
            "&Telephone:",
            self.clinic_phone,
            f"Digits, spaces and + - ( ) . /; at most {TEXT_LIMITS['clinic_phone']} characters.",
        )
        outer.addLayout(form)
        outer.addStretch(1)
        return page

    def _dose_page(self) -> QWidget:
        page = QWidget(self)
        outer = QVBoxLayout(page)
        note = _hint(
            "The most lidocaine per session that dose warnings check against: the "
            "per-kg limit for patients with a recorded weight, never more than the cap. "
            "The defaults are product-label values; verify them against the label of the "
            "product you use. Kept in this database, for every clinician using it.",
            page,
        )
        note.setObjectName("doseLimitsNote")
        outer.addWidget(note)
        form = self._form(page)
        self.dose_edits: dict[str, QLineEdit] = {}
        for field in DOSE_FIELDS:
            edit = QLineEdit(page)
            self.dose_edits[field.name] = edit
            self._row(
                form,
                field.name,
                field.label + ":",
                edit,
                f"{field.unit}, from {field.lo:g} to {field.hi:g}",
            )
        outer.addLayout(form)
        self.restore_defaults = QPushButton("&Restore label defaults", page)
        self.restore_defaults.setObjectName("restoreDoseDefaults")
        self.restore_defaults.clicked.connect(self._restore_dose_defaults)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.restore_defaults)
        outer.addLayout(row)
        outer.addStretch(1)
        return page

    def _backup_page(self) -> QWidget:
        page = QWidget(self)
        outer = QVBoxLayout(page)
        form = self._form(page)
        self.backup_keep = QLineEdit(page)
        self.backup_keep.setMaximumWidth(self.backup_keep.fontMetrics().averageCharWidth() * 10)
        lo, hi = BACKUP_KEEP_RANGE
        self._row(
            form,
            "backup_keep",
            "&Keep the last:",
            self.backup_keep,
            f"Backups of this database, from {lo} to {hi}; older ones are deleted. "
            "Kept in this database.",
        )
        outer.addLayout(form)
        outer.addStretch(1)
        return page

    # --- values -------------------------------------------------------------------------

    def _load(self, prefs: Preferences) -> None:
        self.clinician.setText(prefs.clinician)
        self.theme.setCurrentIndex(self.theme.findData(prefs.theme.value))
        self.pressure_unit.setCurrentIndex(self.pressure_unit.findData(prefs.pressure_unit.value))
        self.paper.setCurrentIndex(self.paper.findData(prefs.paper.value))
        self.clinic_name.setText(prefs.clinic.name)
        self.clinic_address.setPlainText(prefs.clinic.address)
        self.clinic_phone.setText(prefs.clinic.phone)
        self._show_dose_limits(prefs.dose_limits)
        self.backup_keep.setText(str(prefs.backup_keep))

    def _show_dose_limits(self, limits: DoseLimits) -> None:
        for field in DOSE_FIELDS:
            self.dose_edits[field.name].setText(f"{getattr(limits, field.name):g}")

    def _restore_dose_defaults(self) -> None:
        self._show_dose_limits(DEFAULT_LIMITS)

    def values(self) -> Preferences:
        """The preferences as entered; raises ValidationError naming each bad field."""
        errors: list[FieldError] = []
        clinician = self.clinician.text().strip()
        _check_text(errors, "clinician", clinician, "Your name")
        name = self.clinic_name.text().strip()
        _check_text(errors, "clinic_name", name, "The clinic's name")
        address = self.clinic_address.toPlainText().strip()
        _check_text(errors, "clinic_address", address, "The address")
        if address.count("\n") >= ADDRESS_MAX_LINES:
            lines = address.count("\n") + 1
            errors.append(
                FieldError(
                    "clinic_address",
                    f"The address must fit on {ADDRESS_MAX_LINES} lines (now {lines})",
                )
            )
        phone = self.clinic_phone.text().strip()
        _check_text(errors, "clinic_phone", phone, "The telephone number")
        if not set(phone) <= PHONE_CHARACTERS:
            odd = "".join(sorted(set(phone) - PHONE_CHARACTERS))
            errors.append(
                FieldError(
                    "clinic_phone",
                    f"Use digits, spaces and + - ( ) . / only, not '{odd}'",
                )
            )
        dose: dict[str, Any] = {}
        for field in DOSE_FIELDS:
            value, message = check_dose(field, self.dose_edits[field.name].text())
            if message:
                errors.append(FieldError(field.name, message))
            dose[field.name] = value
        keep, message = check_backup_keep(self.backup_keep.text())
        if message:
            errors.append(FieldError("backup_keep", message))
        if errors:
            raise ValidationError(errors)
        assert keep is not None
        return Preferences(
            clinician=clinician,
            theme=Theme(self.theme.currentData()),
            pressure_unit=PressureUnit(self.pressure_unit.currentData()),
            paper=PaperSize(self.paper.currentData()),
            clinic=ClinicDetails(name=name, address=address, phone=phone),
            dose_limits=replace(DEFAULT_LIMITS, **dose),
            backup_keep=keep,
        )

    def _clear_messages(self) -> None:
        self.error.hide()
        for key, label in self.messages.items():
            label.hide()
            self._mark(self.inputs[key], False)

    @staticmethod
    def _mark(widget: QWidget, invalid: bool) -> None:
        if bool(widget.property("invalid")) == invalid:
            return
        widget.setProperty("invalid", invalid)
        widget.style().unpolish(widget)  # property selectors apply on re-polish only
        widget.style().polish(widget)

    def _show_errors(self, exc: ValidationError) -> None:
        first: QWidget | None = None
        for error in exc.errors:
            key = error.field.split(".")[-1]
            label = self.messages.get(key)
            if label is None:  # a check of the store's own: say it in the dialog
                self.error.show_message(str(error))
                continue
            label.show_message(error.message)
            widget = self.inputs[key]
            self._mark(widget, True)
            first = first or widget
        self._grow_to_fit()
        if first is not None:
            pages = [self.tabs.widget(i) for i in range(self.tabs.count())]
            self.tabs.setCurrentIndex(
                next(i for i, page in enumerate(pages) if page and page.isAncestorOf(first))
            )
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _grow_to_fit(self) -> None:
        """Messages add lines: grow rather than squeeze the fields (never shrink)."""
        if (layout := self.layout()) is not None:
            layout.activate()
        hint = self.sizeHint()
        if hint.height() > self.height() or hint.width() > self.width():
            self.resize(max(hint.width(), self.width()), max(hint.height(), self.height()))

    def _accept(self) -> None:
        self._clear_messages()
        try:
            prefs = self.values()
            save(self._session, prefs)
        except ValidationError as exc:
            self._show_errors(exc)
            return
        except StoreError as exc:
            self.error.show_message(f"Nothing was saved: {exc}")
            return
        self.saved = prefs
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_look(app, prefs.theme)
        self.applied.emit()
        self.accept()


def open_preferences(parent: QWidget, session: Session) -> PreferencesDialog:
    """Show the Preferences dialog over ``parent`` (raising it when already open)."""
    for existing in parent.findChildren(PreferencesDialog):
        if existing.isVisible():
            existing.raise_()
            existing.activateWindow()
            return existing
    dialog = PreferencesDialog(session, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
