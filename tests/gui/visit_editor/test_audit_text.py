"""The History tab's words, from real audit entries of a real database.

No widget here: audit_text imports no Qt, but importing it runs the visit_editor
package (which does), so these tests live with the GUI tests."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from bodymap.domain.amendment import addendum, amend, amend_measure
from bodymap.domain.finding import Finding
from bodymap.domain.muscles import Side
from bodymap.domain.patient import Patient, Sex
from bodymap.domain.treatment import NeedleRecord, Treatment
from bodymap.domain.treatment_catalog import TreatmentKind
from bodymap.domain.trigger_point import MapPosition, TriggerPoint
from bodymap.domain.visit import Visit
from bodymap.store import Mode, Store, audit
from bodymap.ui.visit_editor import audit_text
from bodymap.ui.visit_editor.audit_text import OUTSIDE, HistoryLine, visit_history_lines

ACTOR = "Dr Ana Moreau"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "history.db"


@pytest.fixture
def store(db: Path) -> Iterator[Store]:
    with Store.open(db, Mode.CREATE) as opened:
        audit.set_actor(opened.db, ACTOR)
        yield opened


@pytest.fixture
def visit(store: Store) -> Visit:
    patient = store.patients.add(
        Patient(chart_no="H-1", family_name="Halden", given_names="Iris",
                date_of_birth=dt.date(1975, 6, 1), sex=Sex.FEMALE, weight_kg=64.0)
    )  # fmt: skip
    assert patient.id is not None
    return store.visits.add(
        Visit(patient_id=patient.id, visit_date=dt.date(2026, 10, 5), clinician=ACTOR)
    )


def place(store: Store, visit: Visit, label: int, muscle: str, side: Side) -> tuple[int, Finding]:
    """A new point charted at the visit, as the map does it: the point and its finding."""
    with store.transaction():
        tp = store.trigger_points.add(
            TriggerPoint(patient_id=visit.patient_id, muscle_id=muscle, side=side, label=label,
                         position=MapPosition(x=0.4, y=0.3), first_visit_id=visit.id)
        )  # fmt: skip
        assert tp.id is not None and visit.id is not None
        finding = store.findings.add(Finding(visit_id=visit.id, trigger_point_id=tp.id))
    return tp.id, finding


def whats(store: Store, visit: Visit) -> list[str]:
    assert visit.id is not None
    return [line.what for line in visit_history_lines(store, visit.id)]


def test_a_draft_reads_as_the_clinician_made_it(store: Store, visit: Visit) -> None:
    _, finding = place(store, visit, 3, "trapezius_upper", Side.RIGHT)
    finding = store.findings.update(replace(finding, tenderness=2, nrs_on_compression=5))
    store.findings.update(replace(finding, tenderness=3, nrs_on_compression=6))
    store.visits.update(replace(visit, plan="Stretch daily"))
    store.measurements.record(visit.id, "nrs_now", 6)
    store.measurements.record(visit.id, "nrs_now", 5)
    store.measurements.clear(visit.id, "nrs_now")
    assert whats(store, visit) == [
        "Created the visit",
        "Charted a new trigger point 3 (R upper trapezius)",
        "Changed the finding of point 3 (R upper trapezius): Spot tenderness not assessed → "
        "2 moderate; NRS on compression not assessed → 5/10",
        "Changed the finding of point 3 (R upper trapezius): Spot tenderness 2 moderate → "
        "3 severe, withdraws; NRS on compression 5/10 → 6/10",
        "Changed the visit: Plan blank → 'Stretch daily'",
        "Recorded Pain now (NRS): 6/10",
        "Changed Pain now (NRS): 6/10 → 5/10",
        "Cleared Pain now (NRS) (was 5/10)",
    ]
    lines = visit_history_lines(store, visit.id)
    assert {line.who for line in lines} == {ACTOR}
    assert not any(line.outside for line in lines)


def test_signing_and_amending_name_who_and_why(store: Store, visit: Visit) -> None:
    _, finding = place(store, visit, 1, "levator_scapulae", Side.LEFT)
    finding = store.findings.update(replace(finding, tenderness=2))
    store.measurements.record(visit.id, "nrs_worst", 8)
    signed = store.visits.sign(visit.id, "Dr Ana Moreau, PT")
    store.amendments.add(
        amend_measure(signed, {"nrs_worst": 8}, "nrs_worst", 9, author=ACTOR,
                      reason="Patient corrected her worst score")
    )  # fmt: skip
    store.amendments.add(amend(finding, "tenderness", 3, author="Dr B. Keller", reason="Misread"))
    store.amendments.add(addendum(signed, "Phoned: better.", author=ACTOR, reason="Call"))
    lines = visit_history_lines(store, visit.id)
    assert [(line.kind, line.what) for line in lines[-4:]] == [
        ("sign", "Signed by Dr Ana Moreau, PT"),
        ("amend", "Amended: Pain at worst, 24 h (NRS) 8/10 → 9/10 "
                  "(Patient corrected her worst score)"),
        ("amend", "Amended the finding of point 1 (L levator scapulae): Spot tenderness "
                  "2 moderate → 3 severe, withdraws (Misread), by Dr B. Keller"),
        ("amend", "Added an addendum: 'Phoned: better.'"),
    ]  # fmt: skip
    assert "Reason: Misread" in lines[-2].details


def test_one_action_on_several_rows_is_one_line(store: Store, visit: Visit) -> None:
    first, _ = place(store, visit, 1, "infraspinatus", Side.RIGHT)
    second, _ = place(store, visit, 2, "teres_major", Side.LEFT)
    needling = store.treatments.add(
        Treatment(visit_id=visit.id, kind=TreatmentKind.DRY_NEEDLING, trigger_point_ids=(first,),
                  needle=NeedleRecord(sterile_prep=True, needle_gauge=30, needle_length_mm=40,
                                      points_count=1))
    )  # fmt: skip
    assert needling.needle is not None
    store.treatments.update(
        replace(needling, trigger_point_ids=(first, second), notes="Two twitches",
                needle=replace(needling.needle, points_count=2))
    )  # fmt: skip
    store.trigger_points.delete(second)  # its finding and treatment link go with it
    lines = visit_history_lines(store, visit.id)
    added, changed, removed = lines[-3:]
    assert added.what == "Added the dry needling treatment for point 1"
    assert len(added.entry_ids) == 3  # the treatment, its point, its needle record
    assert "Needle gauge: 30 G" in added.details
    assert changed.what == (
        "Changed the dry needling treatment: Notes blank → 'Two twitches'; "
        "points 1 → 1 and 2; Number of points 1 → 2"
    )
    assert removed.what == (
        "Removed trigger point 2 (L teres major), with its finding and its place in 1 treatment"
    )
    every_entry = [i for line in lines for i in line.entry_ids]
    assert len(every_entry) == len(set(every_entry))  # each entry on exactly one line


def test_a_follow_up_says_which_points_it_carried_forward(store: Store, visit: Visit) -> None:
    point, _ = place(store, visit, 4, "supraspinatus", Side.RIGHT)
    store.visits.sign(visit.id, ACTOR)
    with store.transaction():  # what Session.new_visit writes
        follow_up = store.visits.add(replace(visit, id=None, uid=visit.uid[::-1],
                                             visit_date=dt.date(2026, 10, 26)))  # fmt: skip
        assert follow_up.id is not None
        store.findings.add(Finding(visit_id=follow_up.id, trigger_point_id=point))
    assert whats(store, follow_up) == ["Created the visit, carrying forward point 4"]


def test_marking_a_point_resolved_belongs_to_the_visit_that_did(store: Store, visit: Visit) -> None:
    point, _ = place(store, visit, 5, "rhomboid_major", Side.LEFT)
    store.visits.sign(visit.id, ACTOR)
    later = store.visits.add(replace(visit, id=None, uid=visit.uid[::-1],
                                     visit_date=dt.date(2026, 11, 2)))  # fmt: skip
    assert later.id is not None
    store.findings.add(Finding(visit_id=later.id, trigger_point_id=point))
    tp = store.trigger_points.get(point)
    store.trigger_points.update(replace(tp, resolved_visit_id=later.id))
    assert whats(store, later)[-1] == "Changed point 5 (L rhomboid major): marked resolved"
    assert "marked resolved" not in " ".join(whats(store, visit))


def test_bookkeeping_columns_are_never_shown(store: Store, visit: Visit) -> None:
    place(store, visit, 1, "trapezius_upper", Side.RIGHT)
    store.measurements.record(visit.id, "cervical_rotation_l", 55)
    store.visits.update(replace(visit, chief_complaint="Neck pain"))
    text = " ".join(
        " ".join((line.what, *line.details)) for line in visit_history_lines(store, visit.id)
    )
    for hidden in ("updated_at", "created_at", "uid", "visit_id", "trigger_point_id", "_"):
        assert hidden not in text
    assert "Chief complaint blank → 'Neck pain'" in text
    assert "Recorded Cervical rotation L: 55°" in text


def test_prints_and_exports_say_what_left_and_where(store: Store, visit: Visit) -> None:
    for action, detail in (
        ("print", {"document": "visit", "printer": "Front desk"}),
        ("print", {"document": "homecare", "file": "/home/ana/sheet.pdf"}),
        ("export", {"document": "visit", "file": "/home/ana/Visit summary.pdf"}),
        ("export", {"document": "homecare", "file": "/tmp/h.pdf", "via": "bodymap report"}),
    ):
        audit.record_event(store.db, action, detail, visit_id=visit.id, uid=visit.uid)
    lines = visit_history_lines(store, visit.id)[1:]
    assert [(line.kind, line.what) for line in lines] == [
        ("print", "Printed the visit summary on Front desk"),
        ("print", "Printed the home-care sheet to a PDF file (sheet.pdf)"),
        ("export", "Exported the visit summary as PDF (Visit summary.pdf)"),
        ("export", "Exported the home-care sheet as PDF (h.pdf) with bodymap report"),
    ]
    assert lines[2].details == ("Document: visit summary", "File: /home/ana/Visit summary.pdf")
    assert "With: bodymap report" in lines[3].details


def test_a_change_made_outside_bodymap_is_marked(store: Store, visit: Visit, db: Path) -> None:
    raw = sqlite3.connect(db, isolation_level=None)  # another program: no sealing
    try:
        raw.execute("UPDATE visit SET plan = 'Ice' WHERE id = ?", [visit.id])
    finally:
        raw.close()
    ours, theirs = visit_history_lines(store, visit.id)
    assert (ours.who, ours.outside) == (ACTOR, False)
    assert (theirs.who, theirs.outside, theirs.actor) == (OUTSIDE, True, None)
    assert theirs.what == "Changed the visit: Plan blank → 'Ice'"


def test_times_are_shown_in_local_time(monkeypatch: pytest.MonkeyPatch) -> None:
    line = HistoryLine((1,), dt.datetime(2026, 1, 1, 0, 0, 5, tzinfo=dt.UTC), ACTOR, False,
                       "Created the visit", (), "change")  # fmt: skip
    monkeypatch.setenv("TZ", "Asia/Kolkata")  # UTC+05:30, no summer time
    time.tzset()
    try:
        assert line.when == "2026-01-01 05:30"
        assert line.when_exact == (
            "2026-01-01 05:30:05 local time (recorded as 2026-01-01T00:00:05.000+00:00)"
        )
    finally:
        monkeypatch.undo()
        time.tzset()


def test_rows_one_action_wrote_are_grouped_only_when_close_in_time() -> None:
    def change(entry_id: int, at: str, table: str, key: str, op: str) -> audit.Change:
        entry = audit.AuditEntry(entry_id, at, table, key, None, 1, op, {"trigger_point_id": 1},
                                 ACTOR, True)  # fmt: skip
        return audit.Change(entry, None)

    together = audit_text.group_actions(
        [
            change(1, "2026-01-01T10:00:00.000Z", "treatment", "7", "update"),
            change(2, "2026-01-01T10:00:00.010Z", "treatment_point", "7/1", "delete"),
            change(3, "2026-01-01T10:00:00.020Z", "treatment_point", "7/1", "insert"),
            change(4, "2026-01-01T10:05:00.000Z", "treatment_point", "7/1", "delete"),
            change(5, "2026-01-01T10:05:00.010Z", "treatment", "7", "update"),
            change(6, "2026-01-01T10:05:00.020Z", "treatment", "7", "update"),
        ]
    )
    assert [[c.entry.id for c in group] for group in together] == [[1, 2, 3], [4, 5], [6]]


def test_a_change_late_in_a_long_text_is_quoted_where_it_differs(
    store: Store, visit: Visit
) -> None:
    plan = "Heat and stretching at home twice a day; review the home programme next time."
    visit = store.visits.update(replace(visit, plan=plan))
    store.visits.update(replace(visit, plan=plan.replace("next time.", "in two weeks.")))
    what = whats(store, visit)[-1]
    assert what == (
        "Changed the visit: Plan '…home programme next time.' → '…home programme in two weeks.'"
    )
