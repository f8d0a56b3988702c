"""The main window: patients on the left, the selected patient's visits on the right."""

from __future__ import annotations

import datetime as dt
import platform
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, qVersion
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from bodymap import APP_NAME, __version__
from bodymap.domain.validation import ValidationError
from bodymap.domain.visit import Visit
from bodymap.store import StoreError
from bodymap.store.backup import BackupFacts
from bodymap.ui import formatting, user
from bodymap.ui.alert_bar import AlertBar
from bodymap.ui.errors import show_database_error
from bodymap.ui.patient_dialog import PatientDialog
from bodymap.ui.patient_list import PatientListPanel
from bodymap.ui.patient_view import PatientView
from bodymap.ui.recovery import offer_backup
from bodymap.ui.session import Session
from bodymap.ui.undo import error_text

SETTINGS_GROUP = "MainWindow"
BACKUP_CHECK_MS = 60 * 60 * 1000  # hourly; a backup is made when the last is a day old
DATABASE_FILTER = "Bodymap databases (*.db *.sqlite *.bodymap);;All files (*)"


class MainWindow(QMainWindow):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self._session = session

        self.patients = PatientListPanel(session, self)
        self.patient_view = PatientView(session, self)
        self.patients.setMinimumWidth(240)  # names and chart numbers must stay readable

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.patients)
        self.splitter.addWidget(self.patient_view)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setContentsMargins(12, 12, 12, 8)
        self.splitter.setHandleWidth(14)
        self.alert = AlertBar(self)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.alert)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.db_label = QLabel(self)
        self.db_label.setObjectName("databasePath")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("patientCount")
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().setSizeGripEnabled(True)

        self._build_actions()
        self._build_menus()

        self.patients.patientSelected.connect(self.patient_view.show_patient)
        self.patients.patientSelected.connect(self._update_patient_actions)
        self.patient_view.visitSelected.connect(self._update_patient_actions)
        self.patient_view.visit_panel.statusMessage.connect(
            lambda text: self.statusBar().showMessage(text, 6000)
        )
        self._connect_session(session)
        self._show_session_facts()
        self._default_size()
        self.restore_layout()
        # Backups are made on closing, and meanwhile once a day for a window left open
        # for days: at most one automatic backup a day either way.
        self._backup_timer = QTimer(self)
        self._backup_timer.setInterval(BACKUP_CHECK_MS)
        self._backup_timer.timeout.connect(self._auto_backup)
        self._backup_timer.start()

    # --- session -----------------------------------------------------------------------

    @property
    def session(self) -> Session:
        return self._session

    def _connect_session(self, session: Session) -> None:
        session.patientsChanged.connect(self._show_session_facts)
        session.diskError.connect(self.alert.show_disk_error)

    def _show_session_facts(self) -> None:
        path = self._session.path
        self.setWindowTitle(f"{APP_NAME} - {path.name}")
        # The file's name; its folder in the tooltip (a full path crowds the bar).
        self.db_label.setText(path.name)
        self.db_label.setToolTip(str(path))
        self.count_label.setText(formatting.count_text(self._session.patient_count(), "patient"))

    def open_database(self, path: Path) -> bool:
        """Switch to the database at ``path``; on failure say why and keep the current one."""
        try:
            session = Session.open(path)
        except StoreError as exc:
            if not offer_backup(self, path, exc):
                return False
            try:  # restored from its backup
                session = Session.open(path)
            except StoreError as again:
                show_database_error(self, again)
                return False
        old = self._session
        old.patientsChanged.disconnect(self._show_session_facts)
        old.diskError.disconnect(self.alert.show_disk_error)
        self.back_up(closing=True)
        self._session = session
        self._connect_session(session)
        self.patient_view.set_session(session)
        self.patients.set_session(session)
        old.close()
        self._show_session_facts()
        return True

    # --- actions and menus -------------------------------------------------------------

    def _build_actions(self) -> None:
        self.open_action = QAction("&Open Database…", self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.setStatusTip("Open another Bodymap database file")
        self.open_action.triggered.connect(self._choose_database)

        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        if self.quit_action.shortcut().isEmpty():  # no standard Quit key on Windows
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)

        self.find_action = QAction("&Find Patient", self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.patients.focus_search)

        self.new_patient_action = QAction("New &Patient…", self)
        self.new_patient_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.new_patient_action.setStatusTip("Add a patient to this database")
        self.new_patient_action.triggered.connect(self.new_patient)

        self.edit_patient_action = QAction("&Edit Patient…", self)
        self.edit_patient_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.edit_patient_action.triggered.connect(self.edit_patient)

        self.new_visit_action = QAction("&New Visit", self)
        self.new_visit_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_visit_action.setStatusTip(
            "Start today's visit; the points still present at the last visit come along"
        )
        self.new_visit_action.triggered.connect(self.new_visit)

        # Printing: the visit on screen (summary, home-care sheet) or the patient's progress.
        self.print_action = QAction("&Print Visit Summary…", self)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.triggered.connect(lambda: self.print_report("visit"))
        self.preview_action = QAction("Print Pre&view…", self)
        self.preview_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.preview_action.triggered.connect(lambda: self.print_report("visit", preview=True))
        self.export_pdf_action = QAction("&Export Visit Summary as PDF…", self)
        self.export_pdf_action.triggered.connect(lambda: self.export_report("visit"))
        self.homecare_action = QAction("Print &Home-Care Sheet…", self)
        self.homecare_action.triggered.connect(lambda: self.print_report("homecare"))
        self.progress_print_action = QAction("Print P&rogress Report…", self)
        self.progress_print_action.triggered.connect(lambda: self.print_report("progress"))
        self.progress_pdf_action = QAction("Export Progress Report as P&DF…", self)
        self.progress_pdf_action.triggered.connect(lambda: self.export_report("progress"))

        self.preferences_action = QAction("Pre&ferences…", self)
        self.preferences_action.setObjectName("preferencesAction")
        self.preferences_action.setShortcut(QKeySequence.StandardKey.Preferences)
        if self.preferences_action.shortcut().isEmpty():  # no standard key on Windows
            self.preferences_action.setShortcut(QKeySequence("Ctrl+,"))
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.preferences_action.triggered.connect(self.open_preferences)

        # One undo history per visit on screen; text fields keep their own undo while
        # they have focus (they claim the keys first).
        stack = self.patient_view.visit_panel.undo_stack
        self.undo_action = stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self._update_patient_actions()

        self.about_action = QAction(f"&About {APP_NAME}", self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self._about)

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu("&File")
        file_menu.addAction(self.open_action)
        file_menu.addSeparator()
        for action in (
            self.print_action,
            self.preview_action,
            self.export_pdf_action,
            self.homecare_action,
        ):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.progress_print_action)
        file_menu.addAction(self.progress_pdf_action)
        file_menu.addSeparator()
        file_menu.addAction(self.preferences_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menu_bar.addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        patient_menu = menu_bar.addMenu("&Patient")
        patient_menu.addAction(self.find_action)
        patient_menu.addSeparator()
        patient_menu.addAction(self.new_patient_action)
        patient_menu.addAction(self.edit_patient_action)
        patient_menu.addSeparator()
        patient_menu.addAction(self.new_visit_action)
        help_menu = menu_bar.addMenu("&Help")
        help_menu.addAction(self.about_action)

    def _update_patient_actions(self, *_: object) -> None:
        has_patient = self.patient_view.patient is not None
        for action in (
            self.edit_patient_action,
            self.new_visit_action,
            self.progress_print_action,
            self.progress_pdf_action,
        ):
            action.setEnabled(has_patient)
        has_visit = self.patient_view.visit_panel.visit is not None
        for action in (
            self.print_action,
            self.preview_action,
            self.export_pdf_action,
            self.homecare_action,
        ):
            action.setEnabled(has_visit)

    def _report_target(self, kind: str) -> tuple[int | None, int | None] | None:
        patient = self.patient_view.patient
        visit = self.patient_view.visit_panel.visit
        if patient is None or (kind != "progress" and visit is None):
            self.statusBar().showMessage("Select a patient and a visit to print", 6000)
            return None
        return patient.id, (visit.id if visit is not None else None)

    def print_report(self, kind: str, *, preview: bool = False) -> bool:
        """Print (or preview) a document of the patient or visit on screen."""
        from bodymap.ui.printing import print_document  # the report renderer: on first use

        target = self._report_target(kind)
        if target is None:
            return False
        return print_document(self, self._session, kind, *target, preview=preview)

    def export_report(self, kind: str) -> Path | None:
        from bodymap.ui.printing import export_pdf

        target = self._report_target(kind)
        if target is None:
            return None
        written = export_pdf(self, self._session, kind, *target)
        if written is not None:
            self.statusBar().showMessage(f"Saved {written}", 8000)
        return written

    def _auto_backup(self) -> None:
        self.back_up(closing=False)

    def back_up(self, *, closing: bool) -> BackupFacts | None:
        """The automatic backup, if one is due (the last is a day old). Closing, a failure
        is shown in a message box: the status bar is about to go."""
        if not self._session.is_open:
            return None
        try:
            made = self._session.auto_backup()
        except (StoreError, OSError, ValueError) as exc:
            message = f"Automatic backup failed: {exc}"
            if closing:
                QMessageBox.warning(
                    self, "Backup", f"{message}\n\nThe chart itself is saved; only its "
                    "backup copy was not made. Check the disk, or make a backup from the "
                    "command line (bodymap backup).",
                )  # fmt: skip
            else:
                self.statusBar().showMessage(message, 10000)
            return None
        if made is not None and not closing:
            self.statusBar().showMessage(f"Backed up to {made.path.name}", 6000)
        return made

    def open_preferences(self) -> None:
        from bodymap.ui.preferences import open_preferences

        dialog = open_preferences(self, self._session)
        dialog.applied.connect(self._on_preferences_applied)

    def _on_preferences_applied(self, *_: object) -> None:
        # The audit trail records changes under the (possibly new) clinician name.
        if self._session.is_open and (name := user.clinician_name()):
            self._session.set_actor(name)

    def new_patient(self) -> PatientDialog:
        """Open the new-patient dialog; once saved, the patient is selected."""
        dialog = PatientDialog(self._session, None, self)
        dialog.accepted.connect(lambda: self._select_saved(dialog))
        dialog.open()
        return dialog

    def edit_patient(self) -> PatientDialog | None:
        patient = self.patient_view.patient
        if patient is None:
            return None
        dialog = PatientDialog(self._session, patient, self)
        dialog.open()
        return dialog

    def _select_saved(self, dialog: PatientDialog) -> None:
        if dialog.saved is None or dialog.saved.id is None:
            return
        self.patients.search.clear()
        self.patients.select_patient(dialog.saved.id)

    def new_visit(self) -> Visit | None:
        """Today's visit for the selected patient: a new draft, or today's existing draft."""
        patient = self.patient_view.patient
        if patient is None or patient.id is None:
            return None
        today = dt.date.today()
        existing = [
            v
            for v in self._session.visits_for(patient.id)
            if v.visit_date == today and not v.is_signed
        ]
        if existing:
            visit = existing[-1]
            self.statusBar().showMessage("Today's visit is already open as a draft", 6000)
        else:
            clinician = self.clinician_name()
            if clinician is None:
                return None
            try:
                visit = self._session.new_visit(patient.id, visit_date=today, clinician=clinician)
            except (StoreError, ValidationError) as exc:
                QMessageBox.warning(self, "New visit", f"No visit was started: {error_text(exc)}")
                return None
        assert visit.id is not None
        self.patient_view.select_visit(visit.id)
        return visit

    def clinician_name(self) -> str | None:
        """The name of the clinician using this computer profile, asked once: visits they
        start are recorded under it. None when they decline to give one."""
        name = user.clinician_name()
        if name:
            return name
        name, ok = QInputDialog.getText(
            self,
            "Your name",
            "Your name as it should appear on the visits you record\n"
            "(for example 'A. Moreau, PT'):",
        )
        name = name.strip()
        if not ok or not name:
            return None
        user.remember_clinician_name(name)
        self._session.set_actor(name)
        return name

    def _choose_database(self) -> None:
        start = str(self._session.path.parent)
        name, _ = QFileDialog.getOpenFileName(self, "Open Database", start, DATABASE_FILTER)
        if name:
            self.open_database(Path(name))

    def _about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Chart myofascial trigger points, findings and treatments on a posterior "
            "diagram of the neck, shoulders and upper back.</p>"
            f"<p style='color:#5b6670'>Qt {qVersion()} · PySide6 {pyside_version} · "
            f"Python {platform.python_version()}</p>",
        )

    # --- remembered layout -------------------------------------------------------------

    def _default_size(self) -> None:
        """Roomy on a desktop screen, never larger than a small laptop's."""
        width, height = 1280, 800
        if (screen := self.screen()) is not None:
            available = screen.availableGeometry()
            width = min(width, int(available.width() * 0.92))
            height = min(height, int(available.height() * 0.9))
        self.resize(width, height)
        self.splitter.setSizes([270, width - 270])

    def restore_layout(self) -> None:
        settings = QSettings()
        settings.beginGroup(SETTINGS_GROUP)
        for key, restore in (
            ("geometry", self.restoreGeometry),
            ("state", self.restoreState),
            ("splitter", self.splitter.restoreState),
            ("timelineSplitter", self.patient_view.splitter.restoreState),
        ):
            value = settings.value(key)
            if isinstance(value, QByteArray) and not value.isEmpty():
                restore(value)
        settings.endGroup()

    def save_layout(self) -> None:
        settings = QSettings()
        settings.beginGroup(SETTINGS_GROUP)
        settings.setValue("geometry", self.saveGeometry())
        settings.setValue("state", self.saveState())
        settings.setValue("splitter", self.splitter.saveState())
        settings.setValue("timelineSplitter", self.patient_view.splitter.saveState())
        settings.endGroup()
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.save_layout()
        self._backup_timer.stop()
        self.back_up(closing=True)
        super().closeEvent(event)
