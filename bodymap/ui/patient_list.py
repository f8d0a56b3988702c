"""The patient list on the left: a search field over a model/view list.

A list model (not item widgets) keeps ten thousand patients cheap: the view asks only for
the rows it paints. The search runs in the database (a prefix match) and the model
loads the matches a page at a time as the list scrolls (Qt's fetchMore), so a keystroke
reads one page however large the practice is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from bodymap.domain.patient import Patient
from bodymap.ui import formatting
from bodymap.ui.app import tone
from bodymap.ui.session import PATIENT_PAGE, Session

PatientRole = Qt.ItemDataRole.UserRole + 1
PatientIdRole = Qt.ItemDataRole.UserRole + 2
SublineRole = Qt.ItemDataRole.UserRole + 3
DueRole = Qt.ItemDataRole.UserRole + 4  # the passed reassessment date, or None

OVERDUE_TEXT = "Overdue"  # on a pill in the theme's "overdue" colour, read at paint time

_Index = QModelIndex | QPersistentModelIndex


_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        PatientRole,
        PatientIdRole,
        SublineRole,
        DueRole,
    }
)

PageLoader = Callable[[int, int], list[Patient]]  # (offset, limit) -> patients


class PatientListModel(QAbstractListModel):
    """The patients matching the current search, in filing order (family, given), loaded
    a page at a time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._patients: list[Patient] = []
        self._due: dict[int, dt.date] = {}
        self._today = dt.date.today()
        self._load: PageLoader | None = None
        self._complete = True

    def set_patients(self, patients: list[Patient], due: dict[int, dt.date]) -> None:
        """Show exactly ``patients``; ``due`` maps patient ids to their passed
        reassessment date."""
        self._reset(patients, due, None, complete=True)

    def set_search(self, load: PageLoader, due: dict[int, dt.date]) -> None:
        """Show the first page ``load`` gives; further pages as the view scrolls."""
        first = load(0, PATIENT_PAGE)
        self._reset(first, due, load, complete=len(first) < PATIENT_PAGE)

    def _reset(
        self,
        patients: list[Patient],
        due: dict[int, dt.date],
        load: PageLoader | None,
        *,
        complete: bool,
    ) -> None:
        self.beginResetModel()
        self._patients = list(patients)
        self._due = due
        self._load = load
        self._complete = complete
        self._today = dt.date.today()
        self.endResetModel()

    @property
    def complete(self) -> bool:
        """Whether every match is loaded."""
        return self._complete

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and not self._complete and self._load is not None

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008, N802
        if not self.canFetchMore(parent):
            return
        assert self._load is not None
        page = self._load(len(self._patients), PATIENT_PAGE)
        self._complete = len(page) < PATIENT_PAGE
        if page:
            start = len(self._patients)
            self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
            self._patients.extend(page)
            self.endInsertRows()

    def patient_at(self, row: int) -> Patient:
        return self._patients[row]

    def row_of(self, patient_id: int) -> int | None:
        """The row of a loaded patient (see :meth:`find` to load pages until found)."""
        for row, p in enumerate(self._patients):
            if p.id == patient_id:
                return row
        return None

    def find(self, patient_id: int) -> int | None:
        """The patient's row, loading further pages of the search while needed."""
        row = self.row_of(patient_id)
        while row is None and self.canFetchMore():
            loaded = len(self._patients)
            self.fetchMore()
            row = next(
                (loaded + i for i, p in enumerate(self._patients[loaded:]) if p.id == patient_id),
                None,
            )
        return row

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt signature
        return 0 if parent.isValid() else len(self._patients)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Views ask for many roles per row per paint; answer the ones we don't hold first.
        if role not in _ROLES or not index.isValid() or not 0 <= index.row() < len(self._patients):
            return None
        p = self._patients[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return formatting.patient_line(p, self._today)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = formatting.patient_details(p, self._today)
            if (due := self._due.get(p.id or 0)) is not None:
                tip += f"\nReassessment was due on {formatting.date_text(due)}"
            return tip
        if role == DueRole:
            return self._due.get(p.id or 0)
        if role == PatientRole:
            return p
        if role == PatientIdRole:
            return p.id
        if role == SublineRole:
            return formatting.patient_subline(p, self._today)
        return None


class PatientDelegate(QStyledItemDelegate):
    """Two lines per patient: the name in bold, then chart number, birth date and age."""

    PAD_X = 10
    PAD_Y = 6
    GAP = 2

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        name_font = QFont(option.font)
        name_font.setBold(True)
        return name_font, QFont(option.font)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:  # noqa: N802
        name_font, sub_font = self._fonts(option)
        height = QFontMetrics(name_font).height() + QFontMetrics(sub_font).height()
        return QSize(200, height + self.GAP + 2 * self.PAD_Y)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        patient = index.data(PatientRole)
        if not isinstance(patient, Patient):
            super().paint(painter, option, index)
            return
        # No initStyleOption: it would format the display text we never draw. The style
        # draws the background, selection and focus from the state; the text is ours.
        opt = QStyleOptionViewItem(option)
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)

        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Active
            if opt.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        main_color = opt.palette.color(
            group,
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text,
        )
        sub_color = (
            main_color if selected else opt.palette.color(group, QPalette.ColorRole.PlaceholderText)
        )
        name_font, sub_font = self._fonts(opt)
        rect = opt.rect.adjusted(self.PAD_X, self.PAD_Y, -self.PAD_X, -self.PAD_Y)
        name_h = QFontMetrics(name_font).height()

        painter.save()
        name_width = rect.width()
        if index.data(DueRole) is not None:
            name_width -= self._paint_overdue(painter, rect, sub_font, name_h) + 6
        painter.setFont(name_font)
        painter.setPen(main_color)
        name = QFontMetrics(name_font).elidedText(
            patient.display_name, Qt.TextElideMode.ElideRight, name_width
        )
        painter.drawText(
            QRect(rect.left(), rect.top(), name_width, name_h),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            name,
        )
        painter.setFont(sub_font)
        painter.setPen(sub_color)
        sub = QFontMetrics(sub_font).elidedText(
            str(index.data(SublineRole)), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(
            QRect(
                rect.left(), rect.top() + name_h + self.GAP, rect.width(), rect.height() - name_h
            ),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
            sub,
        )
        painter.restore()

    def _paint_overdue(self, painter: QPainter, rect: QRect, font: QFont, line_h: int) -> int:
        """A small 'Overdue' pill at the right of the name line; returns its width."""
        badge_font = QFont(font)
        badge_font.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
        badge_font.setBold(True)
        metrics = QFontMetrics(badge_font)
        width = metrics.horizontalAdvance(OVERDUE_TEXT) + 10
        height = metrics.height() + 2
        box = QRect(rect.right() - width, rect.top() + (line_h - height) // 2, width, height)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(tone("overdue"))
        painter.drawRoundedRect(box, height / 2, height / 2)
        painter.setPen(tone("on_overdue"))
        painter.setFont(badge_font)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), OVERDUE_TEXT)
        return width


class PatientListPanel(QWidget):
    """Search field, the matching patients, and how many there are."""

    patientSelected = Signal(int)  # noqa: N815 - Qt signal naming; the patient id

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session

        self.search = QLineEdit(self)
        self.search.setObjectName("patientSearch")
        self.search.setPlaceholderText("Search name, chart no. or date of birth")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search patients")

        self.model = PatientListModel(self)
        self.view = QListView(self)
        self.view.setObjectName("patientList")
        self.view.setModel(self.model)
        self.view.setItemDelegate(PatientDelegate(self.view))
        self.view.setUniformItemSizes(True)  # lets the view skip measuring every row
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAccessibleName("Patients")

        self.summary = QLabel(self)
        self.summary.setObjectName("patientListSummary")
        self.summary.setProperty("muted", True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)

        self.search.textChanged.connect(self.refresh)
        self.model.rowsInserted.connect(
            lambda *_: self._update_summary(self.search.text().strip(), self.model.rowCount())
        )
        self.search.returnPressed.connect(self._focus_first)
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)
        self._due: dict[int, dt.date] = {}
        self._connect(session)
        self.refresh()

    def _connect(self, session: Session) -> None:
        session.patientsChanged.connect(self._on_records_changed)
        # A new visit (or a changed reassessment date) can clear or set an overdue badge.
        session.visitsChanged.connect(self._on_records_changed)
        self._due = session.reassessments_due(dt.date.today())

    def _on_records_changed(self, *_: object) -> None:
        if self._session.is_open:
            # Read once per change, not per keystroke of the search.
            self._due = self._session.reassessments_due(dt.date.today())
            self.refresh()

    def set_session(self, session: Session) -> None:
        self._session.patientsChanged.disconnect(self._on_records_changed)
        self._session.visitsChanged.disconnect(self._on_records_changed)
        self._session = session
        self._connect(session)
        self.search.clear()
        self.refresh()

    def refresh(self) -> None:
        """Run the search again, keeping the selected patient selected if still listed."""
        if not self._session.is_open:
            return
        keep = self.selected_patient_id()
        text = self.search.text().strip()
        session = self._session
        self.model.set_search(
            lambda offset, limit: session.search_patients(text, limit, offset), self._due
        )
        if keep is not None and (row := self.model.row_of(keep)) is not None:
            self.view.selectionModel().blockSignals(True)
            self.view.setCurrentIndex(self.model.index(row))
            self.view.selectionModel().blockSignals(False)
        self._update_summary(text, self.model.rowCount())

    def _update_summary(self, text: str, shown: int) -> None:
        if not self.model.complete:
            self.summary.setText(f"More than {shown:,} matches - type more to narrow")
        elif text:
            self.summary.setText(formatting.count_text(shown, "match", "matches"))
        else:
            self.summary.setText("")  # the status bar already gives the total
        self.summary.setVisible(bool(self.summary.text()))

    def selected_patient_id(self) -> int | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        value = index.data(PatientIdRole)
        return int(value) if value is not None else None

    def select_patient(self, patient_id: int) -> bool:
        row = self.model.find(patient_id)
        if row is None:
            return False
        self.view.setCurrentIndex(self.model.index(row))
        return True

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _focus_first(self) -> None:
        if self.model.rowCount() > 0:
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self.view.currentIndex().isValid():
                self.view.setCurrentIndex(self.model.index(0))

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.patientSelected.emit(int(current.data(PatientIdRole)))
