"""The area under the timeline that shows one visit: its body map beside the visit editor
(findings, treatments, measures, plan; signing and amendments)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QSplitter, QStackedWidget, QWidget

from bodymap.domain.visit import Visit
from bodymap.store import StoreError
from bodymap.ui.session import Session

EDITOR_SHARE_KEY = "MainWindow/visitEditorShare"
DEFAULT_EDITOR_SHARE = 0.46  # the forms need ~450 px; the map keeps the rest

if TYPE_CHECKING:
    from bodymap.ui.body_map import BodyMapPanel
    from bodymap.ui.visit_editor import VisitEditor


def empty_state_label(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setProperty("emptyState", True)
    label.setWordWrap(True)
    return label


class VisitPanel(QStackedWidget):
    """Shows one visit. Owns the undo stack of its edits: undo history belongs to the
    visit on screen, so switching visits starts a fresh history."""

    statusMessage = Signal(str)  # noqa: N815 - Qt signal naming

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visitPanel")
        self._session = session
        self.undo_stack = QUndoStack(self)
        self.map_panel: BodyMapPanel | None = None
        self.editor: VisitEditor | None = None
        self.empty = empty_state_label("Select a visit", self)
        self.empty.setObjectName("visitEmptyState")

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("visitSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.splitterMoved.connect(self._remember_editor_share)

        self.addWidget(self.empty)
        self.addWidget(self.splitter)
        self._visit: Visit | None = None

    def set_session(self, session: Session) -> None:
        self._drop_visit()
        self._session = session
        self.show_empty()

    @property
    def visit(self) -> Visit | None:
        return self._visit

    def show_empty(self, text: str = "Select a visit") -> None:
        self._visit = None
        self._drop_visit()
        self.empty.setText(text)
        self.setCurrentIndex(0)

    def show_visit(self, visit: Visit) -> None:
        same_visit = self._visit is not None and self._visit.id == visit.id
        self._visit = visit
        if not same_visit or self.map_panel is None:
            try:
                self._build(visit)
            except StoreError as exc:  # e.g. a record another program broke
                self.show_empty(
                    f"This visit cannot be shown: {exc.problem}.\n\nNothing was changed. "
                    "“bodymap check” lists every record like this one."
                )
                return
        self.setCurrentIndex(1)

    def _build(self, visit: Visit) -> None:
        """The map and the editor of ``visit``; raises a StoreError if it cannot be read."""
        # Imported on first use: the canvas, SVG renderer and forms are not needed at
        # start-up.
        from bodymap.ui.body_map import BodyMapPanel
        from bodymap.ui.visit_editor import VisitContext, VisitEditor, VisitModel

        self._drop_visit()
        assert visit.id is not None
        self.map_panel = BodyMapPanel(self._session, visit.id, self.undo_stack, self)
        self.map_panel.setObjectName("visitBodyMap")
        self.map_panel.statusMessage.connect(self.statusMessage)
        self.map_panel.pointActivated.connect(self.edit_findings)
        context = VisitContext(
            session=self._session,
            model=VisitModel(self._session, visit.id, self),
            map_editor=self.map_panel.editor,
            selection=self.map_panel.selection,
            undo_stack=self.undo_stack,
        )
        self.editor = VisitEditor(context, self)
        self.editor.statusMessage.connect(self.statusMessage)
        # The window's Edit menu owns the undo keys for the whole visit (map and forms);
        # the map's toolbar buttons stay, without a second, ambiguous shortcut.
        for action in (self.map_panel.undo_action, self.map_panel.redo_action):
            action.setShortcuts([])
        self.splitter.addWidget(self.map_panel)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self._apply_editor_share()

    def _apply_editor_share(self) -> None:
        """Split the width between map and editor as the user last left it."""
        share = QSettings().value(EDITOR_SHARE_KEY, DEFAULT_EDITOR_SHARE, type=float)
        share = min(max(float(share), 0.25), 0.7)
        # The stacked page may not be laid out yet; the panel's own width is current.
        width = max(self.width(), 900)
        editor = int(width * share)
        self.splitter.setSizes([width - editor, editor])

    def _remember_editor_share(self, *_: object) -> None:
        sizes = self.splitter.sizes()
        if len(sizes) == 2 and sum(sizes) > 0:
            QSettings().setValue(EDITOR_SHARE_KEY, sizes[1] / sum(sizes))

    def edit_findings(self, trigger_point_id: int) -> None:
        """Show a point's palpation findings at this visit in the editor."""
        if self.map_panel is None or self.editor is None:
            return
        self.map_panel.selection.set_current(trigger_point_id)
        self.editor.show_findings()

    def _drop_visit(self) -> None:
        self.undo_stack.clear()
        if self.editor is not None:
            self.editor.cleanup()
            self.editor.hide()
            self.editor.deleteLater()
            self.editor = None
        if self.map_panel is not None:
            self.map_panel.cleanup()
            self.map_panel.hide()
            self.map_panel.deleteLater()
            self.map_panel = None
