"""The Treatments tab: what was done at the visit, each linked to the points it was
applied to (DOMAIN.md section 6), with the visit's dose totals.

The list shows the visit's treatments; Add offers the catalog by escalation step. Kinds
without a needle record are edited inline below the list and saved as they are typed
(``treatment_form``); injections and dry needling open the needle editor, which saves the
whole record at once (``needle_dialog`` says why). Every write is one undo step.
"""

from __future__ import annotations

import contextlib
import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bodymap.domain import dose_summary
from bodymap.domain.treatment import Treatment
from bodymap.domain.treatment_catalog import CATALOG, Category, TreatmentKind
from bodymap.ui.scrolling import frameless_scroll
from bodymap.ui.undo import EDIT_ERRORS, error_text
from bodymap.ui.visit_editor.context import VisitContext
from bodymap.ui.visit_editor.dose_panel import DosePanel
from bodymap.ui.visit_editor.needle_dialog import NeedleDialog
from bodymap.ui.visit_editor.treatment_edits import add_treatment, delete_treatment
from bodymap.ui.visit_editor.treatment_form import TreatmentForm, step_text
from bodymap.ui.visit_editor.treatment_list import (
    UID_ROLE,
    TreatmentList,
    needle_text,
    summary_line,
)

# The Add menu: the three steps, least invasive first, then what lies outside them.
MENU_GROUPS: tuple[tuple[str, tuple[TreatmentKind, ...]], ...] = (
    *(
        (title, tuple(k for k, info in CATALOG.items() if info.step == step))
        for step, title in (
            (1, "Step 1 · least invasive"),
            (2, "Step 2 · if the response is inadequate"),
            (3, "Step 3 · persistent symptoms"),
        )
    ),
    ("Medication", tuple(k for k, i in CATALOG.items() if i.category is Category.PHARMACOLOGIC)),
    (
        "Other",
        tuple(
            k
            for k, i in CATALOG.items()
            if i.step is None and i.category is not Category.PHARMACOLOGIC
        ),
    ),
)


class TreatmentsTab(QWidget):
    """The visit's treatments: the list, Add/Edit/Delete, the editor of the selected one
    and the visit's dose totals."""

    def __init__(self, context: VisitContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.needle_dialog: NeedleDialog | None = None
        self._selected_uid: str | None = None
        self._loading = False
        self._build()
        self._connections = [
            (context.model.treatmentsChanged, self.refresh),
            (context.model.visitChanged, self._refresh_dose),  # the weight may have changed
            (context.model.readOnlyChanged, self._apply_read_only),
            (context.map_editor.pointsChanged, self.refresh),
        ]
        for signal, slot in self._connections:
            signal.connect(slot)
        self.refresh()
        self._apply_read_only()

    # --- building -----------------------------------------------------------------------

    def _build(self) -> None:
        self.read_only_note = QLabel(self)
        self.read_only_note.setObjectName("treatmentsReadOnly")
        self.read_only_note.setProperty("warning", True)
        self.read_only_note.setWordWrap(True)
        title = QLabel("Treatments at this visit", self)
        title.setProperty("sectionTitle", True)
        self.list = TreatmentList(self)
        self.list.setObjectName("treatmentList")
        self.list.setMinimumHeight(110)
        self.list.setMaximumHeight(220)
        self.list.itemSelectionChanged.connect(self._on_selection)
        self.list.itemActivated.connect(lambda _item: self.edit_selected())
        title.setBuddy(self.list)
        self.empty = QLabel(
            "No treatment recorded at this visit yet: add one with Add treatment (Alt+D).", self
        )
        self.empty.setObjectName("treatmentsEmpty")
        self.empty.setProperty("muted", True)
        self.empty.setWordWrap(True)

        self.add_menu = QMenu(self)
        self.add_menu.setObjectName("addTreatmentMenu")
        self.add_actions: dict[TreatmentKind, QAction] = {}
        for heading, kinds in MENU_GROUPS:
            self.add_menu.addSection(heading)
            for kind in kinds:
                action = self.add_menu.addAction(CATALOG[kind].label)
                action.setObjectName(f"add_{kind.value}")
                action.triggered.connect(lambda _checked=False, k=kind: self.add_kind(k))
                self.add_actions[kind] = action
        self.add_button = QPushButton("A&dd treatment", self)
        self.add_button.setObjectName("addTreatment")
        self.add_button.setMenu(self.add_menu)
        self.edit_button = QPushButton("&Edit…", self)
        self.edit_button.setObjectName("editTreatment")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton("De&lete", self)
        self.delete_button.setObjectName("deleteTreatment")
        self.delete_button.setToolTip("Delete the selected treatment (Delete key); Ctrl+Z undoes")
        self.delete_button.clicked.connect(self.delete_selected)
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_selected)
        self.message = QLabel(self)
        self.message.setObjectName("treatmentsMessage")
        self.message.setProperty("error", True)
        self.message.setWordWrap(True)
        self.message.hide()

        self.form = TreatmentForm(self.context, self)
        self.needle_summary = QLabel(self)
        self.needle_summary.setObjectName("needleSummary")
        self.needle_summary.setWordWrap(True)
        self.needle_summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.needle_summary.setProperty("panel", True)  # a boxed sheet (app style sheet)
        self.dose_title = QLabel("Dose this visit", self)
        self.dose_title.setProperty("sectionTitle", True)
        self.dose = DosePanel(self)
        self.dose.setObjectName("visitDosePanel")

        self.actions_row = QWidget(self)
        buttons = QHBoxLayout(self.actions_row)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        body = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(4, 6, 4, 6)
        column.addWidget(self.read_only_note)
        column.addWidget(title)
        column.addWidget(self.list)
        column.addWidget(self.empty)
        column.addWidget(self.actions_row)
        column.addWidget(self.message)
        column.addWidget(self.form)
        column.addWidget(self.needle_summary)
        column.addWidget(self.dose_title)
        column.addWidget(self.dose)
        column.addStretch(1)
        scroll = frameless_scroll(body, self, "treatmentsScroll")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        for first, second in (
            (self.list, self.add_button),
            (self.add_button, self.edit_button),
            (self.edit_button, self.delete_button),
            (self.delete_button, self.form.points),
        ):
            self.setTabOrder(first, second)

    # --- showing ------------------------------------------------------------------------

    def treatments(self) -> list[Treatment]:
        return self.context.model.treatments()

    def selected(self) -> Treatment | None:
        return next((t for t in self.treatments() if t.uid == self._selected_uid), None)

    def refresh(self) -> None:
        """Rebuild the list from the model, keeping the selection (by uid)."""
        points = self.context.map_editor.point_map()
        treatments = self.treatments()
        if self._selected_uid not in {t.uid for t in treatments}:
            self._selected_uid = treatments[0].uid if treatments else None
        self._loading = True
        try:
            self.list.clear()
            for treatment in treatments:
                item = self.list.add_entry(
                    treatment.uid,
                    f"{treatment.label} · {step_text(treatment.kind)}",
                    summary_line(treatment, points),
                )
                if treatment.uid == self._selected_uid:
                    self.list.setCurrentItem(item)
        finally:
            self._loading = False
        self.empty.setVisible(not treatments)
        self._show_selected()
        self._refresh_dose()

    def _on_selection(self) -> None:
        if self._loading:
            return
        item = self.list.currentItem()
        self._selected_uid = None if item is None else item.data(UID_ROLE)
        self._show_selected()

    def _show_selected(self) -> None:
        treatment = self.selected()
        needle = treatment is not None and treatment.needle is not None
        self.form.show_treatment(None if treatment is None or needle else treatment.uid)
        self.needle_summary.setVisible(needle)
        if treatment is not None and needle:
            text = html.escape(needle_text(treatment, self.context.map_editor.point_map()))
            self.needle_summary.setText(
                f"<b>{html.escape(treatment.label)}</b><br>{text.replace(chr(10), '<br>')}"
            )
        self._apply_read_only()

    def _refresh_dose(self) -> None:
        model = self.context.model
        summary = dose_summary.summarize_visit(
            self.treatments(), model.patient.weight_kg, model.dose_limits()
        )
        self.dose.show_summary(summary)
        self.dose_title.setVisible(self.dose.isVisibleTo(self))

    def _apply_read_only(self, *_: object) -> None:
        read_only = self.context.read_only
        self.read_only_note.setText(self.context.model.read_only_reason)
        self.read_only_note.setVisible(read_only)
        has = self.selected() is not None
        self.add_button.setEnabled(not read_only)
        self.edit_button.setEnabled(not read_only and has)
        self.delete_button.setEnabled(not read_only and has)
        # Hidden too, like the header's Sign button: a closed record offers no edits.
        self.actions_row.setVisible(not read_only)
        self.form.set_read_only(read_only)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # --- actions ------------------------------------------------------------------------

    def add_kind(self, kind: TreatmentKind) -> None:
        """Record a treatment of ``kind``, applied to the current point of the map."""
        if self.context.read_only:
            return
        self._say("")
        if CATALOG[kind].needle:
            self._open_needle_dialog(kind, None)
            return
        current = self.context.selection.current()
        on_map = current is not None and self.context.map_editor.point(current) is not None
        treatment = Treatment(
            visit_id=self.context.model.visit_id,
            kind=kind,
            trigger_point_ids=(current,) if on_map and current is not None else (),
        )
        try:
            add_treatment(self.context, treatment)
        except EDIT_ERRORS as exc:
            self._say(f"Not added: {error_text(exc)}")
            return
        self.select(treatment.uid)
        self.form.focus_first()

    def select(self, uid: str) -> None:
        row = self.list.row_of(uid)
        if row >= 0:
            self.list.setCurrentRow(row)

    def edit_selected(self) -> None:
        treatment = self.selected()
        if treatment is None or self.context.read_only:
            return
        if treatment.needle is not None:
            self._open_needle_dialog(treatment.kind, treatment)
        else:
            self.form.focus_first()

    def delete_selected(self) -> None:
        treatment = self.selected()
        if treatment is None or self.context.read_only:
            return
        self.form.flush()
        row = self.list.currentRow()
        try:
            delete_treatment(self.context, treatment)
        except EDIT_ERRORS as exc:
            self._say(f"Not deleted: {error_text(exc)}")
            return
        self._say("")
        if self.list.count():
            self.list.setCurrentRow(min(row, self.list.count() - 1))
        self.list.setFocus()

    def _open_needle_dialog(self, kind: TreatmentKind, treatment: Treatment | None) -> None:
        if self.needle_dialog is not None:
            self.needle_dialog.raise_()
            return
        dialog = NeedleDialog(self.context, kind, treatment, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.needle_dialog = dialog
        before = {t.uid for t in self.treatments()}

        def finished(_result: int) -> None:
            self.needle_dialog = None
            added = [t.uid for t in self.treatments() if t.uid not in before]
            if added:
                self.select(added[0])
            self.list.setFocus()

        dialog.finished.connect(finished)
        dialog.open()

    def cleanup(self) -> None:
        self.form.flush()
        if self.needle_dialog is not None:
            self.needle_dialog.reject()
        for signal, slot in self._connections:
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)
