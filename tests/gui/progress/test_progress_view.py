"""The progress view as a clinician uses it: charts of the patient, following edits,
click-through to a visit, a date range, export."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from bodymap.domain.patient import Patient
from bodymap.ui.progress.date_range import CUSTOM, months_before

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def pain_now_marks(view) -> dict[int, float]:
    chart = view.canvases["pain"].chart
    marks = chart.mark_set("pain:nrs_now")
    return dict(zip(marks.visit_ids, marks.ys.tolist(), strict=True))


def table_cells(view, column: int) -> list[str]:
    return [view.table.item(r, column).text() for r in range(view.table.rowCount())]


def test_opens_on_the_patients_pain_chart(progress) -> None:
    view, course = progress.view, progress.view.course
    assert course is not None and course.patient_id == progress.patient_id
    assert view.current_key() == "pain"
    assert set(view.canvases) == {"pain", "movement", "trigger_points"}
    expected = {v.id: v.measures["nrs_now"] for v in course.visits if "nrs_now" in v.measures}
    assert pain_now_marks(view) == expected
    assert table_cells(view, 0)[0] == "Pain now (NRS)"
    assert view.visit_count.text() == f"{len(course.visits)} visits"
    assert view.export_button.isEnabled()


def test_each_tab_draws_its_chart_and_shows_its_rows(progress) -> None:
    view = progress.view
    assert view.canvases["movement"].chart is None  # drawn when first shown
    view.show_chart("movement")
    assert view.canvases["movement"].chart is not None
    assert any(label.startswith("Cervical") for label in table_cells(view, 0))
    view.show_chart("trigger_points")
    labels = table_cells(view, 0)
    assert labels[0] == "Active trigger points"
    assert all(label.startswith(("Active", "TrP")) for label in labels)


def test_follows_a_measure_edit_at_once(progress) -> None:
    view, draft = progress.view, progress.draft
    progress.session.record_measure(draft.id, "nrs_now", 1)
    assert pain_now_marks(view)[draft.id] == 1
    assert table_cells(view, 2)[0] == "1/10"  # latest pain now


def test_follows_a_new_visit(progress) -> None:
    view = progress.view
    before = len(view.course.visits)
    last = view.course.visits[-1].date
    progress.session.new_visit(progress.patient_id, visit_date=last + dt.timedelta(days=7))
    assert len(view.course.visits) == before + 1
    assert view.visit_count.text() == f"{before + 1} visits"


def test_edits_while_hidden_appear_when_shown(progress, qtbot: QtBot) -> None:
    view, draft = progress.view, progress.draft
    view.hide()
    progress.session.record_measure(draft.id, "nrs_now", 0)
    assert pain_now_marks(view)[draft.id] != 0  # not redrawn while nobody looks
    view.show()
    qtbot.waitExposed(view)
    assert pain_now_marks(view)[draft.id] == 0


def test_other_patients_edits_are_ignored(progress) -> None:
    view, session = progress.view, progress.session
    other = next(
        v
        for p in session.search_patients("")
        if p.id != progress.patient_id
        for v in session.visits_for(p.id)
    )
    course = view.course
    session.notify_visit_records(other.id)
    session.visitsChanged.emit(other.patient_id)
    assert view.course is course  # not reloaded


def test_click_on_a_data_point_opens_that_visit(progress, qtbot: QtBot, click_mark) -> None:
    view = progress.view
    visit_id = view.course.visits[1].id
    with qtbot.waitSignal(view.visitRequested, timeout=2000) as blocker:
        click_mark(view, "pain:nrs_now", visit_id)
    assert blocker.args == [visit_id]


def test_click_on_a_trigger_point_reading(progress, qtbot: QtBot, click_mark) -> None:
    view = progress.view
    view.show_chart("trigger_points")
    point = view.course.points[0]
    visit_id = next(v.id for v in view.course.visits if point.id in v.points)
    with qtbot.waitSignal(view.visitRequested, timeout=2000) as blocker:
        click_mark(view, f"trigger_points:activity:{point.id}", visit_id)
    assert blocker.args == [visit_id]


def test_click_beside_the_data_opens_nothing(progress, qtbot: QtBot) -> None:
    view = progress.view
    canvas = view.canvases["pain"]
    with qtbot.assertNotEmitted(view.visitRequested):
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(4, 4))


def test_hover_shows_value_and_date(progress, qtbot: QtBot) -> None:
    view = progress.view
    canvas = view.canvases["pain"]
    canvas.draw()
    visit = view.course.visits[0]
    mark = canvas.chart.mark_at(*canvas.chart.position_of("pain:nrs_now", visit.id))
    qtbot.mouseMove(canvas, canvas.widget_point(mark))
    qtbot.waitUntil(lambda: canvas.hover_text is not None, timeout=2000)
    value = int(visit.measures["nrs_now"])
    assert canvas.hover_text == f"{visit.date.isoformat()}\nPain now: {value}/10"
    qtbot.mouseMove(canvas, QPoint(4, 4))
    qtbot.waitUntil(lambda: canvas.hover_text is None, timeout=2000)


def test_date_range_limits_charts_and_table(progress) -> None:
    view = progress.view
    course = view.course
    first, second, last = course.visits[0], course.visits[1], course.visits[-1]
    # Presets count back from the latest visit, never before the first.
    view.range_bar.choose("Last 3 months")
    assert view.date_range() == (max(first.date, months_before(last.date, 3)), last.date)
    # A custom range: the first two visits only; the latest value is the second's.
    view.range_bar.set_dates(first.date, second.date)
    assert view.range_bar.preset.currentText() == CUSTOM
    assert set(pain_now_marks(view)) == {first.id, second.id}
    assert view.visit_count.text() == f"2 of {len(course.visits)} visits"
    assert table_cells(view, 2)[0] == f"{second.measures['nrs_now']:.0f}/10"
    view.range_bar.choose("All visits")
    assert view.date_range() == (None, None)
    assert len(pain_now_marks(view)) == len(course.visits)


def test_export_writes_png_and_svg(progress, tmp_path: Path) -> None:
    view = progress.view
    png = view.export_chart(tmp_path / "pain.png")
    assert png.read_bytes().startswith(PNG_SIGNATURE)
    svg = view.export_chart(tmp_path / "points.svg", key="trigger_points")
    assert ET.parse(svg).getroot().tag == "{http://www.w3.org/2000/svg}svg"


def test_export_button_saves_where_the_user_chose(
    progress, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = progress.view
    view.show_chart("movement")
    chosen = tmp_path / "movement"  # typed without a suffix; the SVG filter was picked
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *a, **k: (str(chosen), "SVG image (*.svg)")),
    )
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    root = ET.parse(tmp_path / "movement.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_cleanup_stops_following_the_session(progress) -> None:
    view, draft = progress.view, progress.draft
    course = view.course
    view.cleanup()
    progress.session.record_measure(draft.id, "nrs_now", 2)
    assert view.course is course


def test_no_patient_and_a_patient_without_visits(progress) -> None:
    view = progress.view
    view.set_patient(None)
    assert view.stack.currentWidget() is view.empty
    assert not view.export_button.isEnabled()
    new = progress.session.add_patient(
        Patient(
            chart_no="NEW-1",
            family_name="Neu",
            given_names="Ida",
            date_of_birth=dt.date(1990, 1, 1),
        )
    )
    view.set_patient(new.id)
    assert view.stack.currentWidget() is not view.empty
    assert view.course is not None and view.course.visits == ()
    texts = [t.get_text() for t in view.canvases["pain"].figure.axes[0].texts]
    assert "No visits in this date range" in texts
    assert view.table.rowCount() == 0


def test_matplotlib_is_imported_when_first_shown_not_before(demo_db: Path) -> None:
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from bodymap.ui.progress import ProgressView
        from bodymap.ui.session import Session
        session = Session.open(Path({str(demo_db)!r}))
        view = ProgressView(session)
        view.set_patient(1)
        before = "matplotlib" in sys.modules
        view.show()
        app.processEvents()
        print(before, "matplotlib" in sys.modules, view.canvases["pain"].chart is not None)
        view.cleanup()
        session.close()
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["False", "True", "True"]


def test_margins_stay_in_inches_when_the_window_resizes(progress, qtbot: QtBot) -> None:
    from bodymap.charts.pain import MARGINS

    view = progress.view
    canvas = view.canvases["pain"]
    for width, height in ((1000, 700), (1600, 950)):
        before = canvas.figure.get_size_inches()[0]
        view.resize(width, height)
        qtbot.waitUntil(lambda b=before: canvas.figure.get_size_inches()[0] != b, timeout=2000)
        figure = canvas.figure
        inches = figure.get_size_inches()[0]
        left = figure.axes[0].get_position().x0 * inches
        assert left == pytest.approx(MARGINS.left, abs=0.02)


def test_another_patient_starts_with_all_visits(progress) -> None:
    view, session = progress.view, progress.session
    course = view.course
    view.range_bar.set_dates(course.visits[0].date, course.visits[1].date)
    other = next(p.id for p in session.search_patients("") if p.id != progress.patient_id)
    view.set_patient(other)
    assert view.date_range() == (None, None)
    assert view.course is not None and view.course.patient_id == other
    assert len(pain_now_marks(view)) == len(view.course.visits)
