"""The schema refuses what the domain refuses, whatever path the data takes."""

from __future__ import annotations

import sqlite3

import pytest

from bodymap.domain.amendment import ALLOWED_FIELDS
from bodymap.domain.measures import MEASURE_KINDS
from bodymap.domain.muscles import MUSCLES
from bodymap.domain.treatment_catalog import TreatmentKind
from bodymap.store import Store
from bodymap.store.migrations import (
    _AMENDABLE_V1,
    _MEASURES_V1,
    _MUSCLES_V1,
    _TREATMENTS_V1,
    STEP_NAMES,
)

STAMP = "2026-01-01T00:00:00+00:00"
UID = "0" * 31


def uid(n: int) -> str:
    return f"{UID}{n}"


@pytest.fixture
def raw(store: Store) -> sqlite3.Connection:
    conn = store.db.conn
    conn.execute(
        "INSERT INTO patient (id, uid, chart_no, family_name, date_of_birth, sex, created_at, "
        "updated_at) VALUES (1, ?, 'C-1', 'Ng', '1970-01-01', 'male', ?, ?)",
        [uid(1), STAMP, STAMP],
    )
    conn.execute(
        "INSERT INTO visit (id, uid, patient_id, visit_date, clinician, created_at, updated_at) "
        "VALUES (1, ?, 1, '2026-01-05', 'K. Osei', ?, ?)",
        [uid(2), STAMP, STAMP],
    )
    conn.execute(
        "INSERT INTO trigger_point (id, uid, patient_id, muscle_id, side, label, x, y, "
        "template_id, template_version, created_at, updated_at) "
        "VALUES (1, ?, 1, 'infraspinatus', 'L', 1, 0.3, 0.4, 'posterior_trunk', 1, ?, ?)",
        [uid(3), STAMP, STAMP],
    )
    conn.commit()
    return conn


def test_the_frozen_lists_of_m001_match_the_domain_of_today() -> None:
    # If the domain gains a muscle, kind or measure, a new migration must widen the CHECKs.
    assert set(_MUSCLES_V1) == {m.id for m in MUSCLES}
    assert set(_TREATMENTS_V1) == {k.value for k in TreatmentKind}
    assert {k: (v[0], v[1]) for k, v in _MEASURES_V1.items()} == {
        k.id: (k.lo, k.hi) for k in MEASURE_KINDS
    }


def test_the_amendable_fields_of_m003_match_the_domain_of_today(store: Store) -> None:
    # If the domain lets another field be amended, a new migration must widen the CHECK.
    assert {t: set(fs) for t, fs in _AMENDABLE_V1.items()} == {
        t.value: set(fs) for t, fs in ALLOWED_FIELDS.items()
    }
    assert "m003_amendments" in STEP_NAMES
    assert "amendment" in store.db.table_names()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE patient SET weight_kg = 900 WHERE id = 1",
        "UPDATE patient SET date_of_birth = '1970-13-45' WHERE id = 1",
        "UPDATE patient SET sex = 'x' WHERE id = 1",
        "UPDATE patient SET family_name = '   ' WHERE id = 1",
        "UPDATE visit SET escalation_step = 4 WHERE id = 1",
        "UPDATE visit SET reassess_on = '2026-01-01' WHERE id = 1",
        "UPDATE visit SET status = 'signed' WHERE id = 1",  # no signer
        "UPDATE trigger_point SET x = 1.5 WHERE id = 1",
        "UPDATE trigger_point SET muscle_id = 'biceps' WHERE id = 1",
        "UPDATE trigger_point SET side = 'M' WHERE id = 1",
        "UPDATE trigger_point SET patient_id = 99 WHERE id = 1",
    ],
)
def test_checks_refuse_bad_values(raw: sqlite3.Connection, sql: str) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        raw.execute(sql)


def finding(raw: sqlite3.Connection, **values: object) -> None:
    cols = {"uid": uid(9), "visit_id": 1, "trigger_point_id": 1, "created_at": STAMP}
    cols |= {"updated_at": STAMP, **values}
    raw.execute(
        f"INSERT INTO finding ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
        list(cols.values()),
    )


@pytest.mark.parametrize(
    "values",
    [
        {"tenderness": 4},
        {"nrs_on_compression": 11},
        {"taut_band": 2},
        {"ppt_1": 25.0, "ppt_unit": "kgf/cm2", "ppt_probe_cm2": 1.0},  # > 2000 kPa
        {"ppt_1": -1.0, "ppt_unit": "kPa", "ppt_probe_cm2": 1.0},
        {"ppt_1": 2.0},  # unit missing
        {"ppt_1": 2.0, "ppt_unit": "psi", "ppt_probe_cm2": 1.0},
        {"ppt_1": 2.0, "ppt_3": 2.0, "ppt_unit": "kPa", "ppt_probe_cm2": 1.0},  # gap
        {"sensation": "itchy"},
    ],
)
def test_finding_checks(raw: sqlite3.Connection, values: dict[str, object]) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        finding(raw, **values)


def test_a_sound_finding_enters(raw: sqlite3.Connection) -> None:
    finding(raw, tenderness=2, ppt_1=2.5, ppt_2=2.7, ppt_unit="kgf/cm2", ppt_probe_cm2=1.0)
    assert raw.execute("SELECT count(*) FROM finding").fetchone()[0] == 1


@pytest.mark.parametrize(
    ("kind", "value", "ok"),
    [
        ("nrs_now", 7, True),
        ("nrs_now", 7.5, False),
        ("nrs_now", 11, False),
        ("cervical_rotation_l", 62.5, True),
        ("cervical_rotation_l", -1, False),
        ("ndi", 50, True),
        ("grip_strength", 30, False),
    ],
)
def test_measurement_checks(raw: sqlite3.Connection, kind: str, value: float, ok: bool) -> None:
    sql = (
        "INSERT INTO measurement (uid, visit_id, kind, value, created_at, updated_at) "
        "VALUES (?, 1, ?, ?, ?, ?)"
    )
    if ok:
        raw.execute(sql, [uid(8), kind, value, STAMP, STAMP])
    else:
        with pytest.raises(sqlite3.IntegrityError):
            raw.execute(sql, [uid(8), kind, value, STAMP, STAMP])


def test_a_point_of_another_patient_cannot_be_linked(raw: sqlite3.Connection) -> None:
    raw.execute(
        "INSERT INTO patient (id, uid, chart_no, family_name, date_of_birth, sex, created_at, "
        "updated_at) VALUES (2, ?, 'C-2', 'Ito', '1980-01-01', 'female', ?, ?)",
        [uid(5), STAMP, STAMP],
    )
    raw.execute(
        "INSERT INTO visit (id, uid, patient_id, visit_date, clinician, created_at, updated_at) "
        "VALUES (2, ?, 2, '2026-01-06', 'K. Osei', ?, ?)",
        [uid(6), STAMP, STAMP],
    )
    with pytest.raises(sqlite3.IntegrityError, match="another patient"):
        finding(raw, visit_id=2)


def test_foreign_keys_are_enforced(raw: sqlite3.Connection) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        raw.execute(
            "INSERT INTO treatment (uid, visit_id, kind, created_at, updated_at) "
            "VALUES (?, 42, 'heat', ?, ?)",
            [uid(7), STAMP, STAMP],
        )
