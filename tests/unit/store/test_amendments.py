"""Amendments in the store: only for signed visits, permanent, read back in order."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from typing import Any

import pytest

from bodymap.domain.amendment import (
    Amendment,
    addendum,
    amend,
    amend_measure,
    amended_finding,
    amended_measures,
    amended_visit,
)
from bodymap.domain.finding import Finding
from bodymap.domain.treatment import Treatment
from bodymap.domain.treatment_catalog import TreatmentKind
from bodymap.domain.validation import ValidationError
from bodymap.domain.visit import Visit
from bodymap.store import Store
from bodymap.store.errors import ConstraintViolation, NotFound, RecordLocked
from bodymap.store.health import check_store

SIGNED_AT = dt.datetime(2026, 2, 3, 16, 45, tzinfo=dt.UTC)
LATER = SIGNED_AT + dt.timedelta(days=1)


@dataclasses.dataclass
class Chart:
    visit: Visit
    draft: Visit
    finding: Finding
    treatment: Treatment


@pytest.fixture
def chart(store: Store, make) -> Chart:
    p = make.patient()
    v, tp = make.visit(p), make.point(p)
    f = store.findings.add(Finding(visit_id=v.id, trigger_point_id=tp.id, tenderness=2))
    t = store.treatments.add(
        Treatment(visit_id=v.id, kind=TreatmentKind.TRP_COMPRESSION, trigger_point_ids=(tp.id,))
    )
    store.measurements.record(v.id, "nrs_now", 5)
    v = store.visits.sign(v.id, "A. Moreau", SIGNED_AT)
    draft = make.visit(p, dt.date(2026, 2, 24))
    return Chart(v, draft, f, t)


def plan_change(visit: Visit, new: str = "Review in two weeks.", **kw: Any) -> Amendment:
    kw.setdefault("at", LATER)
    return amend(visit, "plan", new, author="A. Moreau", reason="Plan clarified", **kw)


def test_add_and_read_back(store: Store, chart: Chart) -> None:
    a = plan_change(chart.visit)
    stored = store.amendments.add(a)
    assert stored.id is not None
    assert stored == dataclasses.replace(a, id=stored.id)
    assert store.amendments.get(stored.id) == stored
    assert store.amendments.by_uid(a.uid) == stored
    assert store.amendments.by_uid("f" * 32) is None
    assert store.amendments.count() == 1
    # The signed visit itself is untouched; the amended view shows the correction.
    visit = store.visits.get(chart.visit.id)
    assert visit == chart.visit
    assert amended_visit(visit, store.amendments.for_visit(visit.id)).plan == (
        "Review in two weeks."
    )


def test_values_of_every_kind_come_back_with_their_types(store: Store, chart: Chart) -> None:
    f, v = chart.finding, chart.visit
    added = [
        amend(f, "taut_band", True, author="A", reason="Missed", at=LATER),
        amend(f, "nrs_on_compression", 7, author="A", reason="Missed", at=LATER),
        amend_measure(v, {"nrs_now": 5}, "nrs_now", None, author="A", reason="Not asked", at=LATER),
        amend_measure(v, {}, "cervical_rotation_r", 58.5, author="A", reason="Late", at=LATER),
        amend(v, "reassess_on", dt.date(2026, 3, 1), author="A", reason="Moved", at=LATER),
        addendum(v, "Phoned: Ødegård feels better.", author="A", reason="Call", at=LATER),
    ]
    for a in added:
        store.amendments.add(a)
    back = {a.uid: a for a in store.amendments.for_visit(v.id)}
    for a in added:
        got = back[a.uid]
        assert (got.old_value, got.new_value) == (a.old_value, a.new_value)
        assert (type(got.old_value), type(got.new_value)) == (type(a.old_value), type(a.new_value))
    measures = {m.kind: m.value for m in store.measurements.for_visit(v.id)}
    assert amended_measures(v.uid, measures, back.values()) == {"cervical_rotation_r": 58.5}
    assert amended_finding(f, back.values()).taut_band is True


def test_for_visit_and_for_patient_are_oldest_first(store: Store, chart: Chart, make) -> None:
    v = chart.visit
    second = plan_change(v, "Two", at=LATER + dt.timedelta(hours=2))
    first = plan_change(v, "One", at=LATER + dt.timedelta(hours=1))
    store.amendments.add(first)
    store.amendments.add(dataclasses.replace(second, old_value="One"))
    # Same time as `second`, stored after it: later by row id.
    note = addendum(v, "Note", author="A", reason="Call", at=LATER + dt.timedelta(hours=2))
    store.amendments.add(note)
    assert [a.uid for a in store.amendments.for_visit(v.id)] == [first.uid, second.uid, note.uid]
    assert [a.uid for a in store.amendments.for_patient(v.patient_id)] == [
        first.uid, second.uid, note.uid,
    ]  # fmt: skip
    other = make.patient("P-2")
    assert store.amendments.for_patient(other.id) == []
    assert store.amendments.for_visit(chart.draft.id) == []


# --- what is refused -----------------------------------------------------------------------


def test_an_amendment_to_a_draft_is_refused_by_the_database(store: Store, chart: Chart) -> None:
    signed_like = plan_change(chart.visit)
    to_draft = dataclasses.replace(
        signed_like, visit_id=chart.draft.id, target_uid=chart.draft.uid, uid="a" * 32
    )
    with pytest.raises(ConstraintViolation, match="the visit is a draft; edit it directly"):
        store.amendments.add(to_draft)
    assert store.amendments.count() == 0


def test_a_missing_visit_and_another_visits_record_are_refused(
    store: Store, chart: Chart, make
) -> None:
    a = plan_change(chart.visit)
    with pytest.raises(NotFound, match="visit 999 does not exist"):
        store.amendments.add(dataclasses.replace(a, visit_id=999))
    with pytest.raises(ConstraintViolation, match="its target is not a record of its visit"):
        store.amendments.add(dataclasses.replace(a, target_uid=chart.draft.uid))
    other = make.visit(store.patients.get(chart.visit.patient_id), dt.date(2026, 3, 1))
    tp = make.point(store.patients.get(chart.visit.patient_id), 2, "infraspinatus")
    foreign = store.findings.add(Finding(visit_id=other.id, trigger_point_id=tp.id, tenderness=1))
    store.visits.sign(other.id, "A. Moreau", SIGNED_AT + dt.timedelta(days=30))
    wrong = amend(foreign, "tenderness", 2, author="A", reason="r", at=LATER)
    with pytest.raises(ConstraintViolation, match="its target is not a record of its visit"):
        store.amendments.add(dataclasses.replace(wrong, visit_id=chart.visit.id))
    assert store.amendments.count() == 0


def test_a_stale_or_invalid_amendment_is_refused_and_nothing_is_kept(
    store: Store, chart: Chart
) -> None:
    store.amendments.add(plan_change(chart.visit, "One"))
    stale = plan_change(chart.visit, "Two", at=LATER + dt.timedelta(hours=1))  # old value ""
    with pytest.raises(ValidationError, match="amendment.old_value: is blank, but the record"):
        store.amendments.add(stale)
    too_early = amend(
        chart.visit, "reassess_on", dt.date(2026, 1, 1), author="A", reason="r", at=LATER
    )
    with pytest.raises(ValidationError, match="visit.reassess_on: must be after the visit date"):
        store.amendments.add(too_early)
    measure = amend_measure(chart.visit, {}, "nrs_now", 3, author="A", reason="r", at=LATER)
    with pytest.raises(ValidationError, match="is not recorded, but the record now says 5/10"):
        store.amendments.add(measure)
    assert store.amendments.count() == 1


def test_the_repository_refuses_update_and_delete(store: Store, chart: Chart) -> None:
    stored = store.amendments.add(plan_change(chart.visit))
    with pytest.raises(RecordLocked, match="amendments are permanent"):
        store.amendments.update(dataclasses.replace(stored, reason="Other"))
    with pytest.raises(RecordLocked, match="amendments are permanent"):
        store.amendments.delete(stored.id)
    assert store.amendments.get(stored.id) == stored


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE amendment SET reason = 'changed'",
        "UPDATE amendment SET new_value = '\"other\"'",
        "DELETE FROM amendment",
    ],
)
def test_the_database_refuses_raw_update_and_delete(store: Store, chart: Chart, sql: str) -> None:
    stored = store.amendments.add(plan_change(chart.visit))
    with pytest.raises(sqlite3.IntegrityError, match="amendments are permanent"):
        store.db.conn.execute(sql)
    store.db.conn.rollback()
    assert store.amendments.get(stored.id) == stored


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM visit",
        "DELETE FROM patient",  # the cascade would reach the signed, amended visit
        "UPDATE visit SET status = 'draft', signed_by = NULL, signed_at = NULL",
    ],
)
def test_an_amended_visit_and_its_patient_cannot_be_deleted(
    store: Store, chart: Chart, sql: str
) -> None:
    store.amendments.add(plan_change(chart.visit))
    with pytest.raises(sqlite3.IntegrityError, match="signed"):
        store.db.conn.execute(f"{sql} WHERE id = {chart.visit.id}" if "visit" in sql else sql)
    store.db.conn.rollback()
    assert store.amendments.count() == 1
    with pytest.raises(RecordLocked):
        store.visits.delete(chart.visit.id)
    with pytest.raises(RecordLocked):
        store.patients.delete(chart.visit.patient_id)


def insert(store: Store, **values: object) -> None:
    row: dict[str, object] = {
        "uid": "b" * 32,
        "author": "A. Moreau",
        "reason": "Typing error",
        "created_at": LATER.isoformat(),
        "target": "visit",
        "field": "plan",
        "old_value": '""',
        "new_value": '"Rest"',
    }
    row.update(values)
    store.db.conn.execute(
        f"INSERT INTO amendment ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
        list(row.values()),
    )


@pytest.mark.parametrize(
    "values",
    [
        {"reason": "   "},
        {"reason": "\n\t "},
        {"reason": "x" * 2001},
        {"author": ""},
        {"created_at": "yesterday"},
        {"created_at": "2026-02-04T10:00:00"},  # no offset
        {"target": "patient"},
        {"field": "status"},
        {"field": "grip_strength", "target": "measurement"},
        {"old_value": "not json"},
        {"new_value": "[1, 2]"},
        {"new_value": '""'},  # unchanged
        {"target": "note", "field": "", "old_value": "null", "new_value": '"  "'},
        {"target": "note", "field": "", "old_value": '"x"', "new_value": '"y"'},
        {"uid": "X" * 32},
    ],
)
def test_checks_mirror_the_domain(store: Store, chart: Chart, values: dict[str, object]) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        insert(store, visit_id=chart.visit.id, target_uid=chart.visit.uid, **values)
    store.db.conn.rollback()


def test_a_sound_raw_row_enters_only_for_a_signed_visit(store: Store, chart: Chart) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="the visit is a draft"):
        insert(store, visit_id=chart.draft.id, target_uid=chart.draft.uid)
    store.db.conn.rollback()
    insert(store, visit_id=chart.visit.id, target_uid=chart.visit.uid)
    note = {"target": "note", "field": "", "old_value": "null", "new_value": '"Phoned."'}
    insert(store, visit_id=chart.visit.id, target_uid=chart.visit.uid, uid="c" * 32, **note)
    store.db.conn.commit()
    assert store.amendments.count() == 2


def test_the_health_check_counts_amendments_only_when_there_are_some(
    store: Store, chart: Chart
) -> None:
    report = check_store(store)
    assert dict(report.counts)["amendments"] == 0
    assert "amendment" not in report.lines()[-1]
    store.amendments.add(plan_change(chart.visit))
    report = check_store(store)
    assert report.ok
    assert report.lines()[-1].endswith("1 measurement, 1 amendment")


def test_the_health_check_of_a_file_from_before_amendments(tmp_path) -> None:
    from sqlite_utils import Database

    from bodymap.store.migrations import migrations

    old = Database(tmp_path / "old.db")
    migrations.apply(old, stop_before="m003_amendments")
    report = check_store(Store(old))
    old.conn.close()
    assert "amendments" not in dict(report.counts)
    assert report.integrity == ()
    assert "m003_amendments" in report.pending_steps
