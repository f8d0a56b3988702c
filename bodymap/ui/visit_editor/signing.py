"""Signing a visit (it becomes a locked clinical record) and amending a signed one."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from bodymap.domain.validation import ValidationError
from bodymap.domain.visit import SIGNATURE_MEANING
from bodymap.store.errors import StoreError
from bodymap.ui import formatting
from bodymap.ui.dialog_parts import Button, ErrorLabel, save_buttons
from bodymap.ui.undo import error_text
from bodymap.ui.visit_editor.context import VisitContext


class SignDialog(QDialog):
    """Who signs, what the signature means, and what cannot be changed afterwards."""

    def __init__(self, context: VisitContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signDialog")
        self.setWindowTitle("Sign visit")
        self._context = context
        visit = context.model.visit
        intro = QLabel(
            f"Sign the visit of {formatting.date_text(visit.visit_date)}? Once signed, the "
            "record is read-only; corrections are made as amendments with a reason, and "
            "the original stays visible.",
            self,
        )
        intro.setWordWrap(True)
        meaning = QLabel(f"<b>Meaning of the signature:</b> {SIGNATURE_MEANING}", self)
        meaning.setObjectName("signatureMeaning")
        meaning.setWordWrap(True)
        self.signer = QLineEdit(visit.clinician, self)
        self.signer.setObjectName("signerName")
        self.signer.setPlaceholderText("Your full name")
        self.error = ErrorLabel("signError", self)
        form = QFormLayout()
        form.addRow("Signed by:", self.signer)
        self.buttons = save_buttons(self, self._sign, save=Button.Ok, save_text="Sign")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(meaning)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def _sign(self) -> None:
        name = self.signer.text().strip()
        if not name:
            self._fail("Enter the name of the clinician who signs.")
            return
        try:
            self._context.session.sign_visit(self._context.model.visit_id, name)
        except (StoreError, ValidationError) as exc:
            self._fail(f"Not signed: {error_text(exc)}")
            return
        # Undo history of a signed visit cannot be replayed: the record is locked now.
        self._context.undo_stack.clear()
        self.accept()

    def _fail(self, text: str) -> None:
        self.error.show_message(text)
        self.signer.setFocus()


def sign_visit(context: VisitContext, parent: QWidget) -> None:
    if context.read_only:
        return
    dialog = SignDialog(context, parent)
    dialog.setModal(True)
    dialog.open()


def amend_visit(context: VisitContext, parent: QWidget) -> None:
    if not context.read_only:
        return  # a draft is edited directly
    from bodymap.ui.visit_editor.amend_dialog import AmendDialog

    dialog = AmendDialog(context, parent)
    dialog.setModal(True)
    dialog.open()
