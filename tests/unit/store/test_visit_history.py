"""A visit's history holds its signing, its amendments and what was printed or exported,
each under the visit, with who did it: the History tab and an auditor read this."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

from bodymap.domain.amendment import addendum, amend, amend_measure
from bodymap.domain.finding import Finding
from bodymap.store import Store, audit


def test_signing_is_an_entry_of_the_visit_naming_the_signer(store: Store, make) -> None:
    audit.set_actor(store.db, "Dr Ana Moreau")
    v = make.visit(make.patient())
    store.visits.sign(v.id, "Dr Ana Moreau, PT")
    *_, signed = audit.visit_history(store.db, v.id)
    assert (signed.entry.table, signed.entry.op) == ("visit", "sign")
    assert signed.entry.content["signed_by"] == "Dr Ana Moreau, PT"
    assert signed.entry.content["status"] == "signed"
    assert signed.before["status"] == "draft"
    assert signed.entry.actor == "Dr Ana Moreau"
    assert signed.entry.sealed


def test_every_amendment_is_an_entry_of_the_visit(store: Store, make) -> None:
    p = make.patient()
    v = make.visit(p)
    tp = make.point(p)
    finding = store.findings.add(Finding(visit_id=v.id, trigger_point_id=tp.id, tenderness=2))
    store.measurements.record(v.id, "nrs_worst", 8)
    signed = store.visits.sign(v.id, "A. Moreau")
    before = len(audit.visit_history(store.db, v.id))
    audit.set_actor(store.db, "B. Keller")
    store.amendments.add(
        amend_measure(signed, {"nrs_worst": 8}, "nrs_worst", 9, author="B. Keller",
                      reason="Patient corrected her worst score")
    )  # fmt: skip
    store.amendments.add(amend(finding, "tenderness", 3, author="B. Keller", reason="Misread"))
    store.amendments.add(addendum(signed, "Phoned: better.", author="B. Keller", reason="Call"))

    added = audit.visit_history(store.db, v.id)[before:]
    assert [(c.entry.table, c.entry.op) for c in added] == [("amendment", "insert")] * 3
    first = added[0].entry.content
    assert (first["field"], json.loads(first["old_value"]), json.loads(first["new_value"])) == (
        "nrs_worst", 8, 9,
    )  # fmt: skip
    assert first["reason"] == "Patient corrected her worst score"
    assert added[1].entry.content["target_uid"] == finding.uid
    assert all(c.entry.actor == "B. Keller" and c.entry.visit_id == v.id for c in added)
    # The signed records themselves did not change: no update follows the signing.
    ops = [(c.entry.table, c.entry.op) for c in audit.visit_history(store.db, v.id)]
    assert ops[ops.index(("visit", "sign")) + 1 :] == [("amendment", "insert")] * 3


def test_prints_and_exports_are_filed_under_the_visit(store: Store, make) -> None:
    v = make.visit(make.patient())
    audit.record_event(store.db, "print", {"document": "visit"}, visit_id=v.id, uid=v.uid)
    audit.record_event(store.db, "export", {"document": "homecare", "file": "/x/h.pdf"},
                       visit_id=v.id, uid=v.uid)  # fmt: skip
    other = make.visit(make.patient("P-2"))
    audit.record_event(store.db, "print", {"document": "visit"}, visit_id=other.id)
    events = [c for c in audit.visit_history(store.db, v.id) if c.entry.table is None]
    assert [(c.entry.op, c.entry.content.get("document")) for c in events] == [
        ("print", "visit"), ("export", "homecare"),
    ]  # fmt: skip
    assert all(c.before is None and c.changed_fields == () for c in events)


def test_a_change_by_another_program_is_in_the_history_unsealed(
    store: Store, make, db_path: Path
) -> None:
    v = make.visit(make.patient())
    store.visits.update(replace(v, plan="Heat"))
    raw = sqlite3.connect(db_path, isolation_level=None)
    try:
        raw.execute("UPDATE visit SET plan = 'Ice' WHERE id = ?", [v.id])
    finally:
        raw.close()
    *_, ours, theirs = audit.visit_history(store.db, v.id)
    assert (ours.entry.actor, ours.entry.sealed) == (audit.default_actor(), True)
    assert (theirs.entry.actor, theirs.entry.sealed, theirs.entry.outside) == (None, False, True)
    assert theirs.changed_fields == ("plan",)
    assert (theirs.before["plan"], theirs.entry.content["plan"]) == ("Heat", "Ice")
