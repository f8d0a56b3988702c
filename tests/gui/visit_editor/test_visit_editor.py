"""The visit editor shell: the header, carrying points forward, signing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot

from bodymap.domain.visit import SIGNATURE_MEANING
from bodymap.store.errors import RecordLocked
from bodymap.ui.session import Session
from bodymap.ui.visit_editor import VisitEditor
from bodymap.ui.visit_editor.signing import SignDialog


def test_a_follow_up_carries_the_points_forward_with_blank_findings(
    session: Session, chart, editor: VisitEditor
) -> None:
    carried = session.store.trigger_points.for_visit(chart.visit_id)
    assert sorted(p.id for p in carried) == sorted(chart.point_ids)
    findings = session.store.findings.for_visit(chart.visit_id)
    assert len(findings) == 3
    assert all(f.tenderness is None and f.taut_band is None for f in findings)
    visit = session.visit(chart.visit_id)
    assert visit.clinician == "Dr Test"
    assert (visit.reassess_on - visit.visit_date).days == 21
    assert "21 days" in editor.header.state.text()


def test_signing_locks_the_visit_and_shows_who_signed(
    qtbot: QtBot, session: Session, chart, editor: VisitEditor
) -> None:
    assert editor.header.sign_button.isVisible()
    qtbot.mouseClick(editor.header.sign_button, Qt.MouseButton.LeftButton)
    dialog = editor.findChild(SignDialog)
    assert dialog is not None
    assert SIGNATURE_MEANING in dialog.findChild(QLabel, "signatureMeaning").text()
    dialog.signer.clear()
    qtbot.keyClicks(dialog.signer, "Dr Jane Test")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    visit = session.visit(chart.visit_id)
    assert visit.is_signed
    assert visit.signed_by == "Dr Jane Test"
    assert "Dr Jane Test" in editor.header.state.text()
    assert not editor.header.sign_button.isVisible()
    assert editor.header.amend_button.isVisible()
    assert editor.context.read_only
    try:
        editor.context.model.update_visit(plan="changed after signing")
    except RecordLocked as exc:
        assert "amendment" in str(exc)
    else:
        raise AssertionError("a signed visit accepted an edit")


def test_signing_needs_a_name(qtbot: QtBot, session: Session, chart, editor: VisitEditor) -> None:
    editor.sign()
    dialog = editor.findChild(SignDialog)
    assert dialog is not None
    dialog.signer.clear()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.error.isVisible()
    assert "name" in dialog.error.text()
    assert not session.visit(chart.visit_id).is_signed
