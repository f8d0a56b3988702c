"""A signed visit is read-only, in the repositories and in the database itself."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import replace

import pytest

from bodymap.domain.finding import Finding
from bodymap.domain.treatment import Treatment
from bodymap.domain.treatment_catalog import TreatmentKind
from bodymap.domain.validation import ValidationError
from bodymap.store import Store
from bodymap.store.errors import RecordLocked

AT = dt.datetime(2026, 2, 3, 16, 45, tzinfo=dt.UTC)


@pytest.fixture
def signed(store: Store, make):
    p = make.patient()
    v, tp = make.visit(p), make.point(p)
    f = store.findings.add(Finding(visit_id=v.id, trigger_point_id=tp.id, tenderness=2))
    t = store.treatments.add(
        Treatment(visit_id=v.id, kind=TreatmentKind.TRP_COMPRESSION, trigger_point_ids=(tp.id,))
    )
    store.measurements.record(v.id, "nrs_now", 5)
    v = store.visits.sign(v.id, "A. Moreau", AT)
    return v, tp, f, t


def test_signing_records_who_and_when(signed) -> None:
    v = signed[0]
    assert (v.is_signed, v.signed_by, v.signed_at) == (True, "A. Moreau", AT)


def test_repositories_refuse_changes(store: Store, signed) -> None:
    v, tp, f, t = signed
    attempts = [
        lambda: store.visits.update(replace(v, plan="changed")),
        lambda: store.visits.delete(v.id),
        lambda: store.visits.sign(v.id, "Someone Else"),
        lambda: store.findings.update(replace(f, tenderness=0)),
        lambda: store.findings.delete(f.id),
        lambda: store.treatments.delete(t.id),
        lambda: store.treatments.update(replace(t, trigger_point_ids=())),
        lambda: store.measurements.record(v.id, "nrs_now", 2),
        lambda: store.measurements.clear(v.id, "nrs_now"),
        lambda: store.findings.add(
            Finding(
                visit_id=v.id,
                trigger_point_id=store.trigger_points.add(
                    replace(tp, id=None, uid="f" * 32, label=2)
                ).id,
            )
        ),
    ]
    for attempt in attempts:
        with pytest.raises(RecordLocked):
            attempt()
    assert store.findings.get(f.id).tenderness == 2
    assert store.measurements.for_visit(v.id)[0].value == 5


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE visit SET plan = 'x'",
        "UPDATE visit SET status = 'draft', signed_by = NULL, signed_at = NULL",
        "DELETE FROM visit",
        "UPDATE finding SET tenderness = 0",
        "DELETE FROM finding",
        "DELETE FROM treatment",
        "DELETE FROM treatment_point",
        "UPDATE measurement SET value = 1",
        "DELETE FROM patient",  # the cascade would delete the signed visit
    ],
)
def test_the_database_refuses_raw_sql(store: Store, signed, sql: str) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="signed"):
        store.db.conn.execute(sql)
    store.db.conn.rollback()
    assert store.visits.get(signed[0].id).is_signed


def test_a_bad_signer_is_refused_with_its_field(store: Store, make) -> None:
    v = make.visit(make.patient())
    with pytest.raises(ValidationError, match="signed_by"):
        store.visits.sign(v.id, "   ")
    assert not store.visits.get(v.id).is_signed


def test_a_point_charted_at_a_signed_visit_keeps_its_place(store: Store, signed, make) -> None:
    _v, tp, _f, _t = signed
    moves = [
        replace(tp, position=replace(tp.position, x=tp.position.x + 0.01)),
        replace(tp, muscle_id="levator_scapulae"),
        replace(tp, side=type(tp.side)("L")),
    ]
    for moved in moves:
        with pytest.raises(RecordLocked, match="charted at a signed visit"):
            store.trigger_points.update(moved)
    assert store.trigger_points.get(tp.id) == tp
    # Marking it resolved at a later visit is not a change of place, and stays possible.
    later = make.visit(store.patients.get(tp.patient_id), dt.date(2026, 3, 1))
    assert store.trigger_points.update(replace(tp, resolved_visit_id=later.id)).is_resolved
    # A point only charted at drafts still moves freely.
    free = make.point(store.patients.get(tp.patient_id), 2, "infraspinatus")
    assert store.trigger_points.update(replace(free, muscle_id="teres_minor")).muscle_id == (
        "teres_minor"
    )
