"""A row the SQL constraints accept but the domain's rules refuse (written by another
program, or by hand) is reported as a damaged record naming the row, never a crash."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bodymap.domain.finding import Finding
from bodymap.store import Store
from bodymap.store.errors import DamagedRecord
from bodymap.store.exchange import export_document
from bodymap.store.health import check_database


def _half_a_point(store: Store, db_path: Path, make) -> int:
    """A finding whose NRS on compression is 1.5, which SQLite's CHECK lets through."""
    patient = make.patient()
    visit = make.visit(patient)
    point = make.point(patient)
    assert visit.id is not None and point.id is not None
    finding = store.findings.add(Finding(visit_id=visit.id, trigger_point_id=point.id))
    assert finding.id is not None
    store.close()
    with sqlite3.connect(db_path) as conn:  # another program, foreign keys and all on
        conn.execute("UPDATE finding SET nrs_on_compression = 1.5 WHERE id = ?", [finding.id])
    conn.close()
    return finding.id


def test_reading_a_rule_breaking_row_names_it(store: Store, db_path: Path, make) -> None:
    finding_id = _half_a_point(store, db_path, make)
    with Store.open(db_path) as reopened:
        with pytest.raises(DamagedRecord) as info:
            reopened.findings.get(finding_id)
        assert info.value.problem.startswith(
            f"finding {finding_id} (finding table) cannot be read: finding.nrs_on_compression"
        )
        assert "1.5" in info.value.problem
        with pytest.raises(DamagedRecord):
            export_document(reopened)
        # Other records still read.
        assert reopened.patients.count() == 1


def test_check_lists_rule_breaking_rows(store: Store, db_path: Path, make) -> None:
    finding_id = _half_a_point(store, db_path, make)
    report = check_database(db_path)
    assert not report.ok
    assert report.unreadable == (
        f"finding {finding_id} (finding table) cannot be read: finding.nrs_on_compression: "
        "must be a whole number from 0 to 10, not 1.5",
    )
    assert "records: some break the rules" in report.lines()
    assert f"record: {report.unreadable[0]}" in report.problems


def test_a_sound_database_has_no_unreadable_rows(demo_db: Path) -> None:
    report = check_database(demo_db)
    assert report.unreadable == ()
    assert "records: all readable" in report.lines()
