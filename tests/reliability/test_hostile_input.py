"""A fixed corpus of hostile input: each is refused with a message naming the record and
the field, or stored byte-exact; never a crash, never part of a file imported."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bodymap.store import Mode, Store, audit
from bodymap.store.errors import ImportRejected
from bodymap.store.exchange import export_document, import_document, parse_document

FIXTURES = Path(__file__).parents[1] / "unit" / "store" / "migration_fixtures"
Doc = dict[str, Any]


def first(doc: Doc) -> Doc:
    patient: Doc = doc["patients"][0]
    return patient


def setter(*path: Any, value: Any) -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        node: Any = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return change


def duplicate_finding(doc: Doc) -> None:
    findings = first(doc)["visits"][0]["findings"]
    findings.append(copy.deepcopy(findings[0]))


P0 = ("patients", 0)
REFUSED = [
    (setter(*P0, "weight_kg", value=1e308), "patient.weight_kg: must be from 2 to 400 kg"),
    (setter(*P0, "weight_kg", value=float("inf")), "weight_kg: must be a finite number"),
    (setter(*P0, "weight_kg", value=-0.0), "patient.weight_kg: must be from 2 to 400 kg"),
    (
        setter(*P0, "visits", 0, "findings", 0, "tenderness", value=-1),
        "visits[0] findings[0]: finding.tenderness: must be from 0 to 3, not -1",
    ),
    (
        setter(*P0, "visits", 0, "measurements", 1, "value", value=11),
        "measurement.nrs_now: must be from 0 to 10, not 11",
    ),
    (
        setter(*P0, "trigger_points", 0, "position", "x", value=1.5),
        "trigger_point.position.x: must be from 0 to 1, not 1.5",
    ),
    (setter(*P0, "notes", value="é" * 1_000_000), "must be at most 20000 characters"),
    (setter(*P0, "notes", value="ring\x07"), "patient.notes: contains control characters"),
    (setter(*P0, "chart_no", value=10**30), "patient.chart_no: must be 1-32 letters"),
    (
        setter(*P0, "visits", 1, "visit_date", value="2026-02-30"),
        "visit.visit_date: must be a date YYYY-MM-DD, not '2026-02-30'",
    ),
    (
        setter("patients", 1, "uid", value="00000000000000000000000000000001"),
        "patient.uid: 00000000000000000000000000000001 appears twice in the file",
    ),
    (duplicate_finding, "this visit has a finding for 00000000000000000000000000000015 already"),
]
STORED = [
    (("family_name",), "Robert'); DROP TABLE patient;--"),
    (("given_names",), "\u202eevil\u200b \ufeff"),
    (("notes",), "🦴" * 20_000),  # the longest note allowed, all outside the BMP
    (("notes",), 'tabs\tand\r\nline breaks, "quotes" and \\backslashes\\'),
    (("visits", 0, "chief_complaint"), "%s %n {0} ${HOME} $(rm -rf /) <script>"),
]


@pytest.fixture(scope="module")
def base() -> Doc:
    return _export(FIXTURES / "v5.db")


def _export(path: Path) -> Doc:
    with Store.open(path, Mode.READ_ONLY) as s:
        return export_document(s)


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "empty.db", Mode.CREATE) as s:
        yield s


def _counts(store: Store) -> list[int]:
    tables = [*audit.AUDITED_TABLES, "audit_log"]
    return [store.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables]


@pytest.mark.parametrize(("change", "message"), REFUSED)
def test_refused_with_a_message_and_nothing_written(
    base: Doc, empty: Store, change: Callable[[Doc], None], message: str
) -> None:
    doc = copy.deepcopy(base)
    change(doc)
    with pytest.raises(ImportRejected) as info:
        import_document(empty, doc)
    assert any(message in p for p in info.value.problems), info.value.problems
    assert all(p.startswith("patients[") for p in info.value.problems)  # names the record
    assert set(_counts(empty)) == {0}


@pytest.mark.parametrize(
    ("token", "message"),
    [
        (b"NaN", "holds NaN, which is not a number JSON allows"),
        (b"Infinity", "holds Infinity"),
        (b"1e400", "holds the number 1e400, too large to store"),
    ],
)
def test_numbers_json_cannot_hold_are_refused_before_reading(
    base: Doc, empty: Store, token: bytes, message: str
) -> None:
    data = json.dumps(base).encode().replace(b'"value": 62.5', b'"value": ' + token)
    with pytest.raises(ImportRejected, match=message):
        import_document(empty, parse_document(data, "hostile.json"))
    assert set(_counts(empty)) == {0}


@pytest.mark.parametrize(("path", "text"), STORED)
def test_odd_but_valid_text_is_stored_byte_exact(
    base: Doc, empty: Store, tmp_path: Path, path: tuple[Any, ...], text: str
) -> None:
    doc = copy.deepcopy(base)
    setter(*P0, *path, value=text)(doc)
    data = json.dumps(doc, ensure_ascii=False).encode()
    import_document(empty, parse_document(data, "odd.json"))
    empty.close()
    node: Any = first(_export(tmp_path / "empty.db"))
    for key in path:
        node = node[key]
    assert node == text
    assert node.encode() == text.encode()  # the same bytes, not just an equal-looking text
    with Store.open(tmp_path / "empty.db", Mode.READ_ONLY) as s:
        assert s.patients.count() == 2  # the SQL-looking text dropped nothing
        assert audit.verify(s.db).ok
