"""The audit trail: every change of clinical data leaves a sealed, hash-chained entry, and
an edit behind the app's back is found by the check."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from bodymap.domain.finding import Finding
from bodymap.domain.ids import new_uid
from bodymap.domain.treatment import NeedleRecord, Treatment
from bodymap.domain.treatment_catalog import TreatmentKind
from bodymap.domain.trigger_point import MapPosition
from bodymap.store import Store, audit
from bodymap.store.errors import ConstraintViolation
from bodymap.store.health import check_database
from bodymap.store.migrations import _AUDITED_V1, _PRIMARY_KEY_V1


def ops(store: Store, **where: object) -> list[tuple[str | None, str]]:
    return [(e.table, e.op) for e in audit.entries(store.db, **where)]  # type: ignore[arg-type]


def raw(path: Path) -> sqlite3.Connection:
    """Another program's connection: no Bodymap functions, no sealing."""
    return sqlite3.connect(path, isolation_level=None)


def test_the_frozen_list_of_m005_is_what_the_trail_checks() -> None:
    assert tuple(_AUDITED_V1) == audit.AUDITED_TABLES
    for table, columns in audit.KEY_COLUMNS.items():
        assert _PRIMARY_KEY_V1[table] == ", ".join(columns)


def test_every_write_leaves_a_sealed_entry_with_the_row(store: Store, make) -> None:
    p = make.patient(weight_kg=61.700000000000003)
    v = make.visit(p)
    tp = make.point(p)
    f = store.findings.add(Finding(visit_id=v.id, trigger_point_id=tp.id, tenderness=2))
    store.findings.update(replace(f, tenderness=3))
    store.visits.sign(v.id, "A. Moreau")
    assert ops(store) == [
        ("patient", "insert"),
        ("visit", "insert"),
        ("trigger_point", "insert"),
        ("finding", "insert"),
        ("finding", "update"),
        ("visit", "sign"),
    ]
    found = audit.entries(store.db, table="finding")
    assert [e.content["tenderness"] for e in found] == [2, 3]
    assert all(e.sealed and e.uid == f.uid and e.visit_id == v.id for e in found)
    assert all(e.actor == audit.default_actor() for e in found)
    first = audit.entries(store.db, limit=1)[0]
    assert first.content["weight_kg"] == 61.700000000000003  # exact, not 15 digits
    assert first.content["family_name"] == p.family_name
    assert "updated_at" not in first.content
    assert dt.datetime.fromisoformat(first.at).tzinfo is not None
    assert audit.verify(store.db).ok


def test_the_hash_is_sha256_over_the_previous_hash_and_canonical_json(store: Store, make) -> None:
    make.patient()
    make.patient("P-2")
    rows = store.db.conn.execute(
        "SELECT id, at, tbl, row_key, row_uid, visit_id, op, content, actor, prev_hash, hash "
        "FROM audit_log ORDER BY id"
    ).fetchall()
    previous = "0" * 64
    for r in rows:
        entry = dict(zip(["id", "at", "table", "key", "uid", "visit_id", "op", "content",
                          "actor"], r[:9], strict=True))  # fmt: skip
        text = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert r[9] == previous
        assert r[10] == hashlib.sha256(f"{previous}\n{text}".encode()).hexdigest()
        previous = r[10]


def test_the_actor_is_who_the_app_says(store: Store, make) -> None:
    audit.set_actor(store.db, "Dr. Ana Moreau")
    make.patient()
    assert audit.entries(store.db)[-1].actor == "Dr. Ana Moreau"


def test_a_save_that_changes_nothing_leaves_no_entry(store: Store, make) -> None:
    p = make.patient()
    store.patients.update(p)  # only updated_at changes
    assert ops(store) == [("patient", "insert")]


def test_deleting_a_draft_visit_records_every_cascaded_row(store: Store, make) -> None:
    p = make.patient()
    v = make.visit(p)
    tp = make.point(p)
    store.trigger_points.update(replace(tp, first_visit_id=v.id))
    store.findings.add(Finding(visit_id=v.id, trigger_point_id=tp.id))
    t = store.treatments.add(
        Treatment(
            visit_id=v.id,
            kind=TreatmentKind.DRY_NEEDLING,
            trigger_point_ids=(tp.id,),
            needle=NeedleRecord(
                sterile_prep=True, needle_gauge=30, needle_length_mm=40, points_count=1
            ),
        )
    )
    store.measurements.record(v.id, "nrs_now", 4)
    parts = ops(store, visit_id=v.id)
    assert ("treatment_point", "insert") in parts
    assert ("needle_record", "insert") in parts
    needle = audit.entries(store.db, table="needle_record")[0]
    assert (needle.key, needle.uid) == (str(t.id), t.uid)
    before = len(audit.entries(store.db))
    store.visits.delete(v.id)
    gone = [(e.table, e.op) for e in audit.entries(store.db)[before:]]
    for table in ("finding", "treatment", "treatment_point", "needle_record", "measurement"):
        assert (table, "delete") in gone
    assert ("trigger_point", "update") in gone  # first_visit_id set to NULL
    assert ("visit", "delete") in gone
    assert audit.verify(store.db).ok


def test_positions_keep_every_digit(store: Store, make) -> None:
    p = make.patient()
    tp = make.point(p)
    moved = store.trigger_points.update(
        replace(tp, position=MapPosition(x=0.1 + 0.2, y=0.62345678912345671))
    )
    content = audit.entries(store.db, table="trigger_point")[-1].content
    assert (content["x"], content["y"]) == (moved.position.x, moved.position.y)
    assert audit.verify(store.db).ok


def test_events_are_chained_like_changes(store: Store, make) -> None:
    v = make.visit(make.patient())
    entry_id = audit.record_event(store.db, "print", {"pages": 2}, visit_id=v.id, uid=v.uid)
    printed = audit.entries(store.db, visit_id=v.id)[-1]
    assert (printed.id, printed.table, printed.op, printed.content) == (
        entry_id, None, "print", {"pages": 2},
    )  # fmt: skip
    assert printed.sealed
    for bad in ("insert", "Print", "two words", ""):
        with pytest.raises(ValueError, match="not an event name"):
            audit.record_event(store.db, bad)
    assert audit.verify(store.db).ok


def test_a_visit_history_shows_what_changed(store: Store, make) -> None:
    v = make.visit(make.patient())
    store.visits.update(replace(v, plan="Stretch daily."))
    store.visits.sign(v.id, "A. Moreau")
    history = audit.visit_history(store.db, v.id)
    assert [c.entry.op for c in history] == ["insert", "update", "sign"]
    assert history[0].before is None
    assert history[1].changed_fields == ("plan",)
    assert set(history[2].changed_fields) == {"signed_at", "signed_by", "status"}


def test_entries_are_permanent(store: Store, make) -> None:
    make.patient()
    conn = store.db.conn
    for sql in ("DELETE FROM audit_log", "UPDATE audit_log SET actor = 'someone else'"):
        with pytest.raises(sqlite3.IntegrityError, match="audit entries are permanent"):
            conn.execute(sql)
    conn.rollback()
    assert len(audit.entries(store.db)) == 1


def test_a_refused_write_leaves_no_entry(store: Store, make) -> None:
    make.patient("P-1")
    with pytest.raises(ConstraintViolation):
        make.patient("P-1")  # the chart number is taken
    assert ops(store) == [("patient", "insert")]


def test_two_connections_share_one_chain(store: Store, db_path: Path, make) -> None:
    with Store.open(db_path) as other:
        audit.set_actor(other.db, "second window")
        for n in range(3):
            p = make.patient(f"A-{n}")
            other.patients.add(replace(p, id=None, uid=new_uid(), chart_no=f"B-{n}"))
    report = audit.verify(store.db)
    assert report.ok
    assert report.head.entries == 6
    assert {e.actor for e in audit.entries(store.db)} == {audit.default_actor(), "second window"}


def test_an_incremental_check_continues_from_a_head(store: Store, make) -> None:
    make.patient("P-1")
    first = audit.verify(store.db).head
    make.patient("P-2")
    later = audit.verify(store.db, since=first)
    assert later.ok and later.head.entries == 2
    assert later.head == audit.verify(store.db).head
    assert audit.same_history(first, store.db)


# --- edits behind the app's back ---------------------------------------------------------


def test_another_program_editing_a_row_is_reported(store: Store, db_path: Path, make) -> None:
    make.patient("P-1")
    store.close()
    with raw(db_path) as conn:
        conn.execute("UPDATE patient SET notes = 'edited with a database browser'")
    conn.close()
    report = check_database(db_path)
    assert not report.ok
    assert report.audit.outside_count == 1
    (problem,) = report.problems
    assert problem.startswith("audit: 1 change made outside Bodymap (not sealed); first: entry 2")
    assert "update of patient 1" in problem


def test_an_edit_with_the_triggers_dropped_is_reported(store: Store, db_path: Path, make) -> None:
    make.patient("P-1")
    make.patient("P-2")
    store.close()
    with raw(db_path) as conn:
        conn.execute("DROP TRIGGER audit_patient_update")
        conn.execute("DROP TRIGGER audit_patient_delete")
        conn.execute("UPDATE patient SET weight_kg = 99 WHERE id = 1")
        conn.execute("DELETE FROM patient WHERE id = 2")
    conn.close()
    problems = check_database(db_path).problems
    assert problems == (
        "audit: patient 1 differs from its audit entry 1 in weight_kg (changed outside the trail)",
        "audit: patient 2 is gone without an audit entry (last: entry 2)",
    )


def test_rewriting_an_entry_breaks_the_chain_there(store: Store, db_path: Path, make) -> None:
    for n in range(4):
        make.patient(f"P-{n}")
    at = audit.entries(store.db)[1].at
    store.close()
    with raw(db_path) as conn:
        conn.execute("DROP TRIGGER audit_log_permanent_update")
        conn.execute(
            "UPDATE audit_log SET content = json_set(content, '$.notes', 'x') WHERE id = 2"
        )
    conn.close()
    report = check_database(db_path)
    assert report.audit.broken == (
        f"entry 2 (insert of patient 2 at {at}) was changed after it was written",
    )
    assert report.audit.head.last_id == 1  # the chain is good up to the entry before


def test_removing_an_entry_breaks_the_link_of_the_next(store: Store, db_path: Path, make) -> None:
    for n in range(3):
        make.patient(f"P-{n}")
    store.close()
    with raw(db_path) as conn:
        conn.execute("DROP TRIGGER audit_log_permanent_delete")
        conn.execute("DELETE FROM audit_log WHERE id = 2")
    conn.close()
    report = check_database(db_path).audit
    assert report.broken[0].startswith("entry 3 (insert of patient 3")
    assert "does not follow the entry before it" in report.broken[0]
    assert "patient 2 has no audit entry" in " ".join(report.mismatched)


def test_a_rewritten_history_differs_from_an_earlier_head(
    store: Store, db_path: Path, make
) -> None:
    make.patient("P-1")
    head = audit.verify(store.db).head
    store.close()
    # Rewrite the whole chain consistently, as someone knowing the format could.
    with raw(db_path) as conn:
        conn.execute("UPDATE patient SET notes = 'rewritten'")
        conn.execute("DROP TRIGGER audit_log_permanent_delete")
        conn.execute("DELETE FROM audit_log")
    conn.close()
    with Store.open(db_path) as s:
        s.db.execute(
            "INSERT INTO audit_log (tbl, row_key, row_uid, op, content) SELECT 'patient', "
            "CAST(id AS TEXT), uid, 'baseline', json_object('id', id) FROM patient"
        )
        s.db.conn.commit()
        assert audit.verify(s.db, rows=False).ok  # the new chain holds together...
        assert not audit.same_history(head, s.db)  # ...but is not the one seen before
