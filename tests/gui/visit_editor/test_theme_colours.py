"""Every colour a screen sets itself follows the theme, live: built in the light theme,
switched to dark (as Preferences does), each site shows its dark tone, readable against
what is behind it, and the light one again after switching back.

Colours are read as a user sees them: painted pixels (widget.grab()), or the rich text
a label was given. The (light, dark) pairs themselves are checked for contrast in
tests/gui/test_preferences.py.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from bodymap.domain.treatment import Agent, NeedleRecord, Treatment
from bodymap.domain.treatment_catalog import TreatmentKind
from bodymap.ui.app import TONES, Theme, apply_look, is_dark
from bodymap.ui.body_map.canvas import PAPER
from bodymap.ui.patient_list import DueRole, PatientListPanel
from bodymap.ui.session import Session
from bodymap.ui.visit_editor import VisitEditor
from bodymap.ui.visit_editor.fields import set_invalid
from bodymap.ui.visit_panel import VisitPanel
from bodymap.ui.visit_timeline import Column, VisitTimelineModel, VisitTimelineView

Switch = Callable[[Theme], None]


@pytest.fixture
def switch(qapp: QApplication) -> Iterator[Switch]:
    """Change the theme as Preferences does; the tests start light and end as they began."""

    def to(theme: Theme) -> None:
        apply_look(qapp, theme)
        QApplication.processEvents()
        assert is_dark() is (theme is Theme.DARK)

    to(Theme.LIGHT)
    yield to
    apply_look(qapp, Theme.SYSTEM)


# --- reading colours off the screen ----------------------------------------------------------


def _luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio (1 to 21; text asks at least 4.5)."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def shot(widget: QWidget) -> QImage:
    QApplication.processEvents()
    return widget.grab().toImage()


def seen(widget: QWidget) -> tuple[QImage, QRect]:
    """The whole window as shown and where ``widget`` is in it: a label's background is
    whatever its parents paint behind it."""
    top = widget.window()
    return shot(top), QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())


def paper_and_ink(image: QImage, rect: QRect | None = None) -> tuple[QColor, QColor]:
    """The commonest colour in ``rect`` (the background) and the pixel standing out most
    from it (the text)."""
    rect = image.rect() if rect is None else rect.intersected(image.rect())
    counts = Counter(
        image.pixel(x, y)
        for x in range(rect.left(), rect.right() + 1)
        for y in range(rect.top(), rect.bottom() + 1)
    )
    paper = QColor(counts.most_common(1)[0][0])
    ink = max((QColor(rgb) for rgb in counts), key=lambda c: contrast(paper, c))
    return paper, ink


def nearest(color: QColor, candidates: dict[str, str]) -> str:
    """The name of the candidate colour (#rrggbb) nearest to ``color``."""

    def distance(hex_: str) -> int:
        other = QColor(hex_)
        return sum(
            (a - b) ** 2 for a, b in zip(color.getRgb()[:3], other.getRgb()[:3], strict=True)
        )

    return min(candidates, key=lambda name: distance(candidates[name]))


def tone_of(role: str, theme: str) -> str:
    return TONES[role][1 if theme == "dark" else 0]


def check_text(
    image: QImage, role: str, theme: str, *, on: str | None = None, rect: QRect | None = None
) -> None:
    """Text in ``role``'s tone of ``theme``, readable, on ``on``'s tone if given."""
    paper, ink = paper_and_ink(image, rect)
    if on is not None:
        assert paper.name() == tone_of(on, theme), f"background {paper.name()}"
    # Nearer the role's tone of this theme than its other tone or plain text.
    candidates = {"light": TONES[role][0], "dark": TONES[role][1]}
    if role != "text":
        candidates["plain text"] = tone_of("text", theme)
    found = nearest(ink, candidates)
    assert found == theme, f"{role} text looks {found} ({ink.name()}) in the {theme} theme"
    assert contrast(paper, ink) >= 4.5, f"{ink.name()} on {paper.name()}"


def both_ways(switch: Switch, check: Callable[[str], None]) -> None:
    """Built light: check it dark, then light again, without rebuilding anything."""
    switch(Theme.DARK)
    check("dark")
    switch(Theme.LIGHT)
    check("light")


# --- records to show ---------------------------------------------------------------------------


def lidocaine_over_the_limit(visit_id: int, points: tuple[int, ...]) -> Treatment:
    """310 mg for a 70 kg patient: past the 300 mg cap."""
    needle = NeedleRecord(
        sterile_prep=True, needle_gauge=27, needle_length_mm=25, points_count=31,
        agent=Agent.LIDOCAINE, concentration_percent=1.0, volume_per_point_ml=1.0,
    )  # fmt: skip
    return Treatment(
        visit_id=visit_id, kind=TreatmentKind.TRP_INJECTION, trigger_point_ids=points, needle=needle
    )


# --- the patient list and the visit timeline ------------------------------------------------------


def test_the_overdue_badge_follows_the_theme(qtbot: QtBot, switch: Switch, demo_db: Path) -> None:
    session = Session.open(demo_db)
    try:
        panel = PatientListPanel(session)
        qtbot.addWidget(panel)
        panel.resize(320, 600)
        panel.show()
        qtbot.waitExposed(panel)
        model = panel.view.model()
        rows = [r for r in range(model.rowCount()) if model.index(r, 0).data(DueRole)]
        assert rows, "the demo has overdue reassessments"
        item = panel.view.visualRect(model.index(rows[0], 0))

        def check(theme: str) -> None:
            image = shot(panel.view.viewport())
            fill = QColor(tone_of("overdue", theme)).rgb()
            spots = [
                (x, y)
                for x in range(item.left(), item.right() + 1)
                for y in range(item.top(), item.bottom() + 1)
                if image.pixel(x, y) == fill
            ]
            assert spots, f"no badge in the {theme} 'overdue' colour"
            xs, ys = [x for x, _ in spots], [y for _, y in spots]
            badge = QRect(min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)
            inside = badge.adjusted(badge.height() // 2, 1, -badge.height() // 2, -1)
            check_text(image, "on_overdue", theme, on="overdue", rect=inside)

        both_ways(switch, check)
    finally:
        session.close()


def test_the_status_column_of_the_timeline_follows_the_theme(
    qtbot: QtBot, switch: Switch, session: Session, chart
) -> None:
    view = VisitTimelineView()
    qtbot.addWidget(view)
    model = VisitTimelineModel(view)
    view.setModel(model)
    model.set_visits(session.visits_for(chart.patient_id))  # the draft above the signed one
    view.resize(900, 200)
    view.show()
    qtbot.waitExposed(view)

    def check(theme: str) -> None:
        image = shot(view.viewport())
        for row, role in ((0, "draft"), (1, "signed")):
            rect = view.visualRect(model.index(row, Column.STATUS))
            check_text(image, role, theme, rect=rect)

    both_ways(switch, check)


# --- the visit editor ----------------------------------------------------------------------------


def test_the_headers_interval_line_is_rebuilt_in_the_themes_muted_tone(
    qtbot: QtBot, switch: Switch, editor: VisitEditor
) -> None:
    state = editor.header.state

    def check(theme: str) -> None:
        text = state.text()
        assert f"color:{tone_of('muted', theme)}" in text
        assert f"color:{tone_of('muted', 'light' if theme == 'dark' else 'dark')}" not in text
        behind = state.palette().color(QPalette.ColorRole.Window)
        assert behind.name() == tone_of("window", theme)
        assert contrast(QColor(tone_of("muted", theme)), behind) >= 4.5

    both_ways(switch, check)


def test_guidance_box_and_its_details_follow_the_theme(
    qtbot: QtBot, switch: Switch, session: Session, chart, editor: VisitEditor
) -> None:
    session.add_treatment(lidocaine_over_the_limit(chart.visit_id, chart.point_ids[:1]))
    box = editor.guidance
    assert box.isVisible()
    row = next(r for r in box.rows if r.prompt.detail)  # the point's name, in a muted span

    def check(theme: str) -> None:
        paper, _ = paper_and_ink(shot(box))
        assert paper.name() == tone_of("note_bg", theme)
        assert f"color:{tone_of('muted', theme)}" in row.title.text()
        assert contrast(QColor(tone_of("muted", theme)), paper) >= 4.5
        image, where = seen(row.title)
        check_text(image, "text", theme, on="note_bg", rect=where)

    both_ways(switch, check)


def test_dose_alarm_needle_summary_and_list_follow_the_theme(
    qtbot: QtBot, switch: Switch, session: Session, chart, editor: VisitEditor
) -> None:
    session.add_treatment(lidocaine_over_the_limit(chart.visit_id, chart.point_ids[:1]))
    tab = editor.treatments_tab
    editor.tabs.setCurrentWidget(tab)
    tab.list.setCurrentRow(0)  # shows the needle summary
    assert tab.dose.warning.isVisible()
    assert "EXCEEDS" in tab.dose.warning.text()
    assert tab.needle_summary.isVisible()
    tab.list.clearSelection()  # the detail line is muted only when not selected
    tab.list.clearFocus()

    def check(theme: str) -> None:
        image, where = seen(tab.dose.warning)
        check_text(image, "alarm_text", theme, on="alarm_bg", rect=where.adjusted(2, 2, -2, -2))
        image, where = seen(tab.needle_summary)
        check_text(image, "text", theme, on="base", rect=where.adjusted(2, 2, -2, -2))
        item = tab.list.visualItemRect(tab.list.item(0))
        detail = item.adjusted(0, item.height() * 3 // 5, 0, 0)  # below the bold title
        check_text(shot(tab.list.viewport()), "muted", theme, on="base", rect=detail)

    both_ways(switch, check)


def test_trend_labels_follow_the_theme(
    qtbot: QtBot, switch: Switch, chart, panel: VisitPanel, editor: VisitEditor
) -> None:
    point_id = chart.point_ids[0]
    map_editor = editor.context.map_editor
    mp = map_editor.point(point_id)
    assert mp is not None
    # NRS on compression 6 at the first visit: 3 now is better.
    map_editor.update_finding(dataclasses.replace(mp.finding, nrs_on_compression=3))
    assert panel.map_panel is not None
    panel.map_panel.selection.set_current(point_id)
    editor.show_findings()
    label = editor.finding_tab.form.previous_labels["nrs_on_compression"]
    assert label.property("trend") == "better"
    assert isinstance(label, QLabel) and label.isVisible()

    def check(theme: str) -> None:
        image, where = seen(label)
        check_text(image, "better", theme, on="window", rect=where)

    both_ways(switch, check)


def test_refused_fields_of_every_kind_follow_the_theme(
    qtbot: QtBot, switch: Switch, editor: VisitEditor
) -> None:
    plan = editor.plan_tab
    fields = (plan.complaint_edit, plan.reassess_edit)  # a plain-text edit, a date edit
    for field in fields:
        set_invalid(field, True)

    def check(theme: str) -> None:
        for field in fields:
            image = shot(field)
            paper, _ = paper_and_ink(image)
            assert paper.name() == tone_of("invalid_bg", theme), field.objectName()
            edge = QColor(image.pixel(0, image.height() // 2))
            assert edge.name() == tone_of("invalid_border", theme), field.objectName()

    both_ways(switch, check)
    set_invalid(plan.complaint_edit, False)
    paper, _ = paper_and_ink(shot(plan.complaint_edit))
    assert paper.name() == tone_of("base", "light")


def test_the_calendars_allowed_dates_are_shaded_in_the_themes_tone(
    switch: Switch, editor: VisitEditor
) -> None:
    plan = editor.plan_tab
    calendar = plan.reassess_edit.calendarWidget()
    assert calendar is not None
    marked = [
        day
        for day, fmt in calendar.dateTextFormat().items()
        if fmt.background().style() != Qt.BrushStyle.NoBrush
    ]
    assert marked, "the reassessment window is shaded"

    def check(theme: str) -> None:
        shade = calendar.dateTextFormat(marked[0]).background().color()
        assert shade.name() == tone_of("calendar_window", theme)
        text = calendar.palette().color(QPalette.ColorRole.Text)
        assert contrast(text, shade) >= 4.5
        weekend = calendar.weekdayTextFormat(Qt.DayOfWeek.Sunday).foreground().color()
        assert weekend.name() == tone_of("weekend", theme)  # not Qt's pure red
        assert contrast(weekend, shade) >= 4.5

    both_ways(switch, check)


# --- the body map ------------------------------------------------------------------------------


def test_the_maps_lock_note_and_hint_follow_the_theme(
    qtbot: QtBot, switch: Switch, chart, open_visit
) -> None:
    panel = open_visit(chart.first_visit_id)  # signed: the map is locked
    map_panel = panel.map_panel
    assert map_panel is not None
    assert map_panel.lock_label.isVisible()
    hint = map_panel.findChild(QLabel, "mapHint")
    assert hint is not None and hint.isVisible()

    def check(theme: str) -> None:
        image, where = seen(map_panel.lock_label)
        check_text(image, "warning_text", theme, on="warning_bg", rect=where.adjusted(2, 2, -2, -2))
        image, where = seen(hint)
        check_text(image, "muted", theme, on="base", rect=where)  # the visit panel

    both_ways(switch, check)


def test_the_map_sheet_stays_paper_and_its_surround_follows_the_theme(
    qtbot: QtBot, switch: Switch, panel: VisitPanel
) -> None:
    assert panel.map_panel is not None
    view = panel.map_panel.view
    view.scale(0.4, 0.4)  # zoomed out: the sheet with room around it
    QApplication.processEvents()

    def check(theme: str) -> None:
        image = shot(view.viewport())
        assert QColor(image.pixel(1, 1)).name() == tone_of("map_surround", theme)
        sheet = view.mapFromScene(view.sceneRect().topLeft())  # in the margin of the sheet
        inside = QColor(image.pixel(sheet.x() + 2, sheet.y() + 2))
        assert inside.name() == PAPER.name()

    both_ways(switch, check)
