"""Hostile exchange files against a real database: every one is either refused as a whole
with readable problems (nothing written, not even an audit entry) or stored exactly as
given, with the database and its audit trail sound. Never a crash, never half an import.

A valid export is mutated: a value anywhere replaced by something hostile (NaN and
infinity, huge or negative numbers, 1 MB of unicode, control characters, SQL, wrong
types), keys dropped, records duplicated, uids copied onto other records. Half the
documents go through the byte parser, as a file would.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bodymap.store import Mode, Store, audit
from bodymap.store.exchange import export_document, import_document, parse_document
from bodymap.store.exchange_read import ImportRejected
from bodymap.store.health import check_store

FIXTURES = Path(__file__).parents[1] / "unit" / "store" / "migration_fixtures"
EXAMPLES = int(os.environ.get("BODYMAP_FUZZ_EXAMPLES", "1000"))
TABLES = (
    "patient", "visit", "trigger_point", "finding", "referral_zone", "treatment",
    "treatment_point", "needle_record", "measurement", "amendment", "audit_log",
)  # fmt: skip

SQL = [
    "'; DROP TABLE patient;--",
    "Robert'); DELETE FROM visit WHERE ('1'='1",
    '" OR 1=1 --',
    "x' UNION SELECT hash FROM audit_log --",
    "NULL",
]
hostile_text = st.one_of(
    st.text(max_size=40),  # any unicode, control characters included
    st.sampled_from(SQL),
    st.text(alphabet=st.characters(max_codepoint=31), min_size=1, max_size=5),
    st.just("\u202e\u200b\ufeff"),
    st.just("é" * 1_000_000),  # 1 MB of unicode (2 MB of UTF-8)
)
hostile = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),  # NaN and the infinities included
    st.floats(min_value=-1e6, max_value=1e6),
    hostile_text,
    st.lists(st.integers(min_value=-3, max_value=3), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            found += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += _paths(v, (*prefix, i))
    return found


def _records(node: Any) -> Iterator[dict[str, Any]]:
    """Every dict that carries a uid: the records of the document."""
    if isinstance(node, dict):
        if isinstance(node.get("uid"), str):
            yield node
        for v in node.values():
            yield from _records(v)
    elif isinstance(node, list):
        for v in node:
            yield from _records(v)


def _flat(doc: Any) -> dict[str, dict[str, Any]]:
    """Each record by uid, without its nested records: what was stored of it."""
    return {
        r["uid"]: {
            k: v
            for k, v in r.items()
            if not (isinstance(v, list) and v and all(isinstance(x, dict) for x in v))
        }
        for r in _records(doc)
    }


@st.composite
def mutated(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(base)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = _paths(doc)
        path = draw(st.sampled_from(paths))
        parent: Any = doc
        for key in path[:-1]:
            parent = parent[key]
        last = path[-1]
        action = draw(st.sampled_from(["replace", "replace", "replace", "drop", "copy", "uid"]))
        if action == "replace":
            parent[last] = draw(hostile)
        elif action == "drop" and isinstance(parent, dict):
            del parent[last]
        elif action == "copy" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))  # a duplicated record
        elif action == "uid":
            records = list(_records(doc))
            if len(records) > 1:
                a, b = draw(st.sampled_from(records)), draw(st.sampled_from(records))
                a["uid"] = b["uid"]  # a uid used twice
    return doc


def _counts(store: Store) -> tuple[int, ...]:
    return tuple(store.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES)


@pytest.fixture(scope="module")
def base_doc(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("base") / "base.db"
    shutil.copyfile(FIXTURES / "v5.db", path)  # awkward text, floats, amendments, signing
    with Store.open(path, Mode.READ_ONLY) as s:
        return export_document(s)


@pytest.fixture(scope="module")
def empty_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store.open(tmp_path_factory.mktemp("fuzz") / "fuzz.db", Mode.CREATE) as s:
        yield s


def test_the_base_document_imports(base_doc: dict[str, Any], empty_store: Store) -> None:
    empty_store.db.conn.execute("BEGIN IMMEDIATE")
    try:
        report = import_document(empty_store, copy.deepcopy(base_doc))
        assert (report.patients, report.amendments) == (2, 1)
        assert _flat(export_document(empty_store)) == _flat(base_doc)
    finally:
        empty_store.db.conn.execute("ROLLBACK")


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # no example files in the working tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data(), through_bytes=st.booleans())
def test_a_hostile_document_is_refused_whole_or_stored_exactly(
    base_doc: dict[str, Any], empty_store: Store, data: st.DataObject, through_bytes: bool
) -> None:
    doc: Any = data.draw(mutated(base_doc))
    conn = empty_store.db.conn
    conn.execute("BEGIN IMMEDIATE")  # every example starts from the same empty database
    try:
        before = _counts(empty_store)
        try:
            if through_bytes:
                doc = parse_document(json.dumps(doc, allow_nan=True).encode(), "fuzz.json")
            report = import_document(empty_store, doc)
        except ImportRejected as exc:
            event("refused")
            assert exc.problems
            assert all(isinstance(p, str) and p.strip() for p in exc.problems)
            assert _counts(empty_store) == before  # nothing, not even an audit entry
            return
        # Accepted: every record is in the database exactly as the document gave it.
        event("stored")
        assert report.patients == len(doc["patients"])
        stored = _flat(export_document(empty_store))
        assert stored == _flat(doc)
        health = check_store(empty_store)
        assert not health.integrity and not health.foreign_keys
        assert audit.verify(empty_store.db).ok
    finally:
        conn.execute("ROLLBACK")
