"""The main window: patients on the left, the selected patient's visits on the right."""

from __future__ import annotations

import platform
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QByteArray, QSettings, Qt, qVersion
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QWidget,
)

from bodymap import APP_NAME, __version__
from bodymap.store import StoreError
from bodymap.ui import formatting
from bodymap.ui.errors import show_database_error
from bodymap.ui.patient_list import PatientListPanel
from bodymap.ui.patient_view import PatientView
from bodymap.ui.session import Session

SETTINGS_GROUP = "MainWindow"
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
        self.setCentralWidget(self.splitter)

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
        self.patient_view.visit_panel.statusMessage.connect(
            lambda text: self.statusBar().showMessage(text, 6000)
        )
        self._connect_session(session)
        self._show_session_facts()
        self._default_size()
        self.restore_layout()

    # --- session -----------------------------------------------------------------------

    @property
    def session(self) -> Session:
        return self._session

    def _connect_session(self, session: Session) -> None:
        session.patientsChanged.connect(self._show_session_facts)

    def _show_session_facts(self) -> None:
        path = self._session.path
        self.setWindowTitle(f"{APP_NAME} - {path.name}")
        self.db_label.setText(str(path))
        self.db_label.setToolTip(str(path))
        self.count_label.setText(formatting.count_text(self._session.patient_count(), "patient"))

    def open_database(self, path: Path) -> bool:
        """Switch to the database at ``path``; on failure say why and keep the current one."""
        try:
            session = Session.open(path)
        except StoreError as exc:
            show_database_error(self, exc)
            return False
        old = self._session
        old.patientsChanged.disconnect(self._show_session_facts)
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

        self.about_action = QAction(f"&About {APP_NAME}", self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self._about)

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu("&File")
        file_menu.addAction(self.open_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        patient_menu = menu_bar.addMenu("&Patient")
        patient_menu.addAction(self.find_action)
        help_menu = menu_bar.addMenu("&Help")
        help_menu.addAction(self.about_action)

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
        self.splitter.setSizes([320, width - 320])

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
        super().closeEvent(event)
