"""The Preferences dialog: what it shows, what OK saves and where, every refusal naming
the allowed range, and the light and dark themes it switches between."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from bodymap.domain.dose import DEFAULT_LIMITS, DoseLimits
from bodymap.domain.units import PressureUnit
from bodymap.domain.validation import ValidationError
from bodymap.store import Mode, Store, StoreError
from bodymap.ui import app as look
from bodymap.ui import preferences as prefs
from bodymap.ui import user
from bodymap.ui.app import TONES, Theme, apply_look
from bodymap.ui.preferences import PreferencesDialog, open_preferences
from bodymap.ui.session import Session

WINDOW_CHECK = Path(__file__).resolve().parents[1] / "e2e" / "window_check.py"


@pytest.fixture
def session(demo_db: Path) -> Iterator[Session]:
    opened = Session.open(demo_db)
    yield opened
    opened.close()


@pytest.fixture
def dialog(qtbot: QtBot, session: Session) -> PreferencesDialog:
    shown = PreferencesDialog(session)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


@pytest.fixture
def restore_theme(qapp: QApplication) -> Iterator[None]:
    yield
    apply_look(qapp, Theme.SYSTEM)  # what the other tests run with (light, offscreen)


def _retype(qtbot: QtBot, widget: QWidget, text: str) -> None:
    if isinstance(widget, QPlainTextEdit):
        widget.setPlainText(text)  # QTest cannot type a line break
        return
    assert isinstance(widget, QLineEdit)
    widget.clear()
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def _ok(qtbot: QtBot, dialog: PreferencesDialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _window_check() -> ModuleType:
    spec = importlib.util.spec_from_file_location("window_check", WINDOW_CHECK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- showing and saving ----------------------------------------------------------------------


def test_shows_what_is_set(qtbot: QtBot, session: Session) -> None:
    user.remember_clinician_name("K. Ostrowski, DC")
    QSettings().setValue(prefs.PRESSURE_UNIT_KEY, "kPa")
    session.set_dose_limits(DoseLimits(lidocaine_mg_per_kg=4.0, lidocaine_cap_mg=280.0))
    session.store.settings.set(prefs.BACKUP_KEEP_KEY, 7)

    dialog = PreferencesDialog(session)
    qtbot.addWidget(dialog)

    assert dialog.clinician.text() == "K. Ostrowski, DC"
    assert dialog.pressure_unit.currentData() == "kPa"
    assert dialog.dose_edits["lidocaine_mg_per_kg"].text() == "4"
    assert dialog.dose_edits["lidocaine_cap_mg"].text() == "280"
    assert dialog.dose_edits["lidocaine_epi_cap_mg"].text() == "500"
    assert dialog.backup_keep.text() == "7"
    assert dialog.theme.currentData() == "system"


def test_ok_saves_each_setting_where_it_belongs(
    qtbot: QtBot, dialog: PreferencesDialog, session: Session, demo_db: Path
) -> None:
    _retype(qtbot, dialog.clinician, "A. Moreau, PT")
    dialog.pressure_unit.setCurrentIndex(dialog.pressure_unit.findData("N/cm2"))
    dialog.paper.setCurrentIndex(dialog.paper.findData("Letter"))
    _retype(qtbot, dialog.clinic_name, "Harbour Street Physiotherapy")
    _retype(qtbot, dialog.clinic_address, "12 Harbour Street\nPort Ellis")
    _retype(qtbot, dialog.clinic_phone, "+44 (0)1632 960 123")
    _retype(qtbot, dialog.dose_edits["lidocaine_mg_per_kg"], "4,0")  # a decimal comma too
    _retype(qtbot, dialog.dose_edits["lidocaine_epi_cap_mg"], "450")
    _retype(qtbot, dialog.backup_keep, "14")

    with qtbot.waitSignal(dialog.applied):
        _ok(qtbot, dialog)

    assert not dialog.isVisible()
    # This computer profile:
    assert user.clinician_name() == "A. Moreau, PT"
    assert prefs.default_pressure_unit() is PressureUnit.N_CM2
    assert prefs.paper_size() is prefs.PaperSize.LETTER
    # The database, read back through a fresh connection:
    session.close()
    with Store.open(demo_db, Mode.READ_ONLY) as store:
        assert store.settings.dose_limits() == DoseLimits(
            lidocaine_mg_per_kg=4.0, lidocaine_epi_cap_mg=450.0
        )
        assert prefs.clinic_details(store) == prefs.ClinicDetails(
            "Harbour Street Physiotherapy", "12 Harbour Street\nPort Ellis", "+44 (0)1632 960 123"
        )
        assert prefs.backup_keep(store) == 14


def test_defaults_where_nothing_was_set(session: Session) -> None:
    assert prefs.default_pressure_unit() is PressureUnit.KGF_CM2
    assert prefs.paper_size() in set(prefs.PaperSize)
    assert prefs.clinic_details(session.store) == prefs.ClinicDetails()
    assert prefs.backup_keep(session.store) == prefs.DEFAULT_BACKUP_KEEP
    session.store.settings.set(prefs.BACKUP_KEEP_KEY, 0)  # out of range: the default
    assert prefs.backup_keep(session.store) == prefs.DEFAULT_BACKUP_KEEP


def test_restore_label_defaults_fills_in_the_product_label_values(
    qtbot: QtBot, dialog: PreferencesDialog
) -> None:
    for edit in dialog.dose_edits.values():
        _retype(qtbot, edit, "9")
    dialog.tabs.setCurrentIndex(2)

    qtbot.mouseClick(dialog.restore_defaults, Qt.MouseButton.LeftButton)

    shown = {name: float(edit.text()) for name, edit in dialog.dose_edits.items()}
    assert shown == {f.name: getattr(DEFAULT_LIMITS, f.name) for f in fields(DoseLimits)}


def test_the_dose_page_says_the_limits_are_label_values_to_verify(
    dialog: PreferencesDialog,
) -> None:
    note = dialog.findChild(QLabel, "doseLimitsNote")
    assert note is not None
    assert "product-label values" in note.text()
    assert "verify them" in note.text()


# --- refusals --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "text", "message"),
    [
        ("lidocaine_mg_per_kg", "12", "Must be a number from 0.5 to 10 mg/kg, not 12"),
        ("lidocaine_cap_mg", "lots", "Enter a number from 10 to 1000 mg, not 'lots'"),
        ("lidocaine_epi_mg_per_kg", "", "Required: a number from 0.5 to 15 mg/kg"),
        ("lidocaine_epi_cap_mg", "5", "Must be a number from 10 to 1000 mg, not 5"),
        ("lidocaine_cap_mg", "nan", "Enter a number from 10 to 1000 mg, not 'nan'"),
        ("backup_keep", "0", "Must be a whole number from 1 to 100, not 0"),
        ("backup_keep", "2.5", "Enter a whole number from 1 to 100, not '2.5'"),
        ("clinician", "N" * 81, "Your name must be at most 80 characters (now 81)"),
        ("clinic_name", "C" * 121, "The clinic's name must be at most 120 characters (now 121)"),
        ("clinic_address", "1\n2\n3\n4\n5", "The address must fit on 4 lines (now 5)"),
        ("clinic_phone", "call 555-0100", "Use digits, spaces and + - ( ) . / only, not 'acl'"),
    ],
)
def test_a_bad_value_is_refused_naming_the_range_and_nothing_is_saved(
    qtbot: QtBot, dialog: PreferencesDialog, session: Session, key: str, text: str, message: str
) -> None:
    user.remember_clinician_name("Before, PT")
    _retype(qtbot, dialog.clinician, "After, PT")  # a good change, held back with the rest
    field = dialog.inputs[key]
    dialog.tabs.setCurrentIndex(0)
    _retype(qtbot, field, text)

    _ok(qtbot, dialog)

    assert dialog.isVisible()
    label = dialog.messages[key]
    assert label.isVisible()
    assert label.text() == message
    assert field.property("invalid") is True
    assert dialog.tabs.currentWidget().isAncestorOf(field)  # the page with the problem
    assert user.clinician_name() == "Before, PT"
    assert session.dose_limits() == DEFAULT_LIMITS
    assert session.store.settings.get(prefs.CLINIC_KEY) is None


def test_fixing_the_value_clears_the_message_and_saves(
    qtbot: QtBot, dialog: PreferencesDialog, session: Session
) -> None:
    edit = dialog.dose_edits["lidocaine_cap_mg"]
    _retype(qtbot, edit, "1200")
    _ok(qtbot, dialog)
    assert dialog.messages["lidocaine_cap_mg"].isVisible()

    _retype(qtbot, edit, "250")
    _ok(qtbot, dialog)

    assert not dialog.isVisible()
    assert session.dose_limits().lidocaine_cap_mg == 250
    assert not edit.property("invalid")


def test_the_dialog_ranges_are_the_ranges_the_store_accepts(session: Session) -> None:
    """The hints and messages name the same limits the database refuses past."""
    for field in prefs.DOSE_FIELDS:
        for inside in (field.lo, field.hi):
            session.set_dose_limits(DoseLimits(**{field.name: inside}))
        for outside in (field.lo - 0.01, field.hi + 0.01):
            with pytest.raises(ValidationError):
                session.set_dose_limits(DoseLimits(**{field.name: outside}))
            value, message = prefs.check_dose(field, f"{outside}")
            assert value is None
            assert f"from {field.lo:g} to {field.hi:g} {field.unit}" in message


def test_a_database_that_refuses_the_write_changes_nothing(
    qtbot: QtBot, dialog: PreferencesDialog, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    user.remember_clinician_name("Before, PT")

    def locked(_limits: DoseLimits) -> None:
        raise StoreError(session.path, "database is locked")

    monkeypatch.setattr(session.store.settings, "set_dose_limits", locked)
    _retype(qtbot, dialog.clinician, "After, PT")

    _ok(qtbot, dialog)

    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert "Nothing was saved" in dialog.error.text()
    assert "database is locked" in dialog.error.text()
    assert user.clinician_name() == "Before, PT"
    assert session.store.settings.get(prefs.CLINIC_KEY) is None  # rolled back with it


def test_no_text_is_cut_off_on_any_page_even_with_messages(
    qtbot: QtBot, dialog: PreferencesDialog
) -> None:
    check = _window_check()
    for key in ("lidocaine_cap_mg", "lidocaine_mg_per_kg", "backup_keep", "clinic_phone"):
        _retype(qtbot, dialog.inputs[key], "a value far outside anything allowed here")
    _ok(qtbot, dialog)
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        assert check.clipped(dialog) == [], dialog.tabs.tabText(index)


def test_open_preferences_raises_the_open_dialog_rather_than_a_second(
    qtbot: QtBot, session: Session
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()

    first = open_preferences(parent, session)
    second = open_preferences(parent, session)

    assert second is first
    assert first.isVisible()
    assert first.isModal() or first.windowModality() != Qt.WindowModality.NonModal


# --- themes ----------------------------------------------------------------------------------


def _luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def _contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# (text role, background role): each pair a view puts together.
TEXT_ON = [
    ("text", "base"),
    ("text", "window"),
    ("muted", "window"),
    ("muted", "base"),
    ("section", "window"),
    ("section", "header_bg"),
    ("empty", "base"),
    ("error", "window"),
    ("error", "base"),
    ("error", "invalid_bg"),
    ("warning_text", "warning_bg"),
    ("alarm_text", "alarm_bg"),
    ("text", "note_bg"),
    ("muted", "note_bg"),
    ("signed", "base"),
    ("draft", "base"),
    ("overdue", "base"),
    ("on_overdue", "overdue"),  # the word on the patient list's badge
    ("better", "base"),
    ("worse", "base"),
    ("text", "good_bg"),
    ("text", "bad_bg"),
    ("accent", "base"),
    ("text", "calendar_window"),
    ("weekend", "base"),
    ("weekend", "calendar_window"),
]


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize(("fg", "bg"), TEXT_ON, ids=[f"{f}-on-{b}" for f, b in TEXT_ON])
def test_text_colours_stay_readable_in_both_themes(fg: str, bg: str, dark: bool) -> None:
    pick = 1 if dark else 0
    ratio = _contrast(QColor(TONES[fg][pick]), QColor(TONES[bg][pick]))
    assert ratio >= 4.5, f"{fg} on {bg}: contrast {ratio:.2f} (WCAG AA asks 4.5)"


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_a_signed_visits_disabled_controls_stay_readable(dark: bool) -> None:
    """A signed visit shows its record in disabled controls (the escalation step's radio
    buttons): the chosen value must be read, not guessed."""
    palette = look._palette(dark)
    group, role = QPalette.ColorGroup.Disabled, QPalette.ColorRole
    for text in (role.Text, role.WindowText, role.ButtonText):
        for background in (role.Window, role.Base):
            ratio = _contrast(palette.color(group, text), palette.color(group, background))
            assert ratio >= 4.5, f"disabled {text.name} on {background.name}: {ratio:.2f}"


def _text_contrast_on_screen(qtbot: QtBot, label: QLabel) -> float:
    """The contrast between the label's background and its most distinct pixel."""
    qtbot.addWidget(label)
    label.setText("Must be a number from 10 to 1000 mg")
    label.adjustSize()
    label.show()
    qtbot.waitExposed(label)
    image = label.grab().toImage()
    background = QColor(image.pixel(1, 1))
    pixels = (
        QColor(image.pixel(x, y))
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    )
    return max(_contrast(background, pixel) for pixel in pixels)


@pytest.mark.usefixtures("restore_theme")
@pytest.mark.parametrize("kind", ["error", "warning", "muted"])
def test_choosing_dark_turns_the_app_dark_and_messages_stay_readable(
    qtbot: QtBot, qapp: QApplication, dialog: PreferencesDialog, kind: str
) -> None:
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    _ok(qtbot, dialog)

    assert look.is_dark()
    assert look.theme_setting() is Theme.DARK
    window = qapp.palette().color(QPalette.ColorRole.Window)
    text = qapp.palette().color(QPalette.ColorRole.WindowText)
    assert window.lightnessF() < 0.25 < 0.75 < text.lightnessF()
    label = QLabel()
    label.setProperty(kind, True)
    assert _text_contrast_on_screen(qtbot, label) >= 4.5


@pytest.mark.usefixtures("restore_theme")
def test_the_system_theme_follows_the_operating_system(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    apply_look(qapp, Theme.SYSTEM)
    assert not look.is_dark()  # the offscreen platform reports no dark preference

    monkeypatch.setattr(look, "system_is_dark", lambda: True)
    look._on_system_scheme_changed(Qt.ColorScheme.Dark)
    assert look.is_dark()
    assert qapp.palette().color(QPalette.ColorRole.Base) == QColor(TONES["base"][1])

    apply_look(qapp, Theme.LIGHT)  # a chosen theme ignores the system's
    look._on_system_scheme_changed(Qt.ColorScheme.Dark)
    assert not look.is_dark()


@pytest.mark.usefixtures("restore_theme")
def test_tone_gives_the_current_themes_colour(qapp: QApplication) -> None:
    apply_look(qapp, Theme.LIGHT)
    assert look.tone("signed") == QColor(TONES["signed"][0])
    apply_look(qapp, Theme.DARK)
    assert look.tone("signed") == QColor(TONES["signed"][1])
    assert look.tone_hex("muted") == TONES["muted"][1]
    assert TONES["muted"][1] in qapp.styleSheet()
    assert TONES["muted"][0] not in qapp.styleSheet()


def test_the_window_icon_is_the_apps(qapp: QApplication) -> None:
    icon = qapp.windowIcon()
    assert not icon.isNull()
    sizes = {size.width() for size in icon.availableSizes()}
    assert {16, 32, 48, 256} <= sizes
