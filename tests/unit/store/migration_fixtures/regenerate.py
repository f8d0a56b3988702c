"""Write one fixture database per schema version: ``v1.db`` (after m001) to ``vN.db``.

Each is made with this repository's own migration steps, stopped after step N, then
filled with the same small chart through plain SQL (so the rows do not depend on
today's repositories): two patients with awkward text, signed and draft visits, points,
findings, a referral zone, treatments with a needle record, measures, a setting and,
from version 3 on, an amendment. The tests upgrade a copy of each to the current
schema and compare every row.

Run from the repository root after adding a migration step; it writes only the files
that are missing, because a released version's fixture must not change (``--all``
rewrites every file, for a deliberate reset):

    .venv/bin/python tests/unit/store/migration_fixtures/regenerate.py
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent
ROOT = FOLDER.parents[3]
APPLIED_AT = "2026-01-01 00:00:00.000000+00:00"
STAMP = "2026-01-05T09:30:00+00:00"


def uid(n: int) -> str:
    return f"{n:032x}"


PATIENTS: list[dict[str, Any]] = [
    {
        "id": 1, "uid": uid(1), "chart_no": "C-0001", "family_name": "Lindqvist-Ø'Brien",
        "given_names": "Maren \"Mo\" Ågot", "date_of_birth": "1979-04-02", "sex": "female",
        "weight_kg": 61.700000000000003, "notes": "Line one\nline two\ttab; DROP TABLE patient;--",
    },
    {
        "id": 2, "uid": uid(2), "chart_no": "C-0002", "family_name": "Nguyễn",
        "given_names": "", "date_of_birth": "1951-12-31", "sex": "unknown",
        "weight_kg": None, "notes": "\u2603 \U0001f600 tab\there",
    },
]  # fmt: skip
VISITS: list[dict[str, Any]] = [
    {
        "id": 1, "uid": uid(11), "patient_id": 1, "visit_date": "2026-01-05",
        "clinician": "A. Moreau", "chief_complaint": "Neck pain", "subjective": "Worse at work",
        "escalation_step": 2, "plan": "Stretch daily.", "reassess_on": "2026-02-02",
    },
    {
        "id": 2, "uid": uid(12), "patient_id": 1, "visit_date": "2026-02-02",
        "clinician": "A. Moreau", "chief_complaint": "", "subjective": "",
        "escalation_step": None, "plan": "", "reassess_on": None,
    },
]  # fmt: skip
SIGNED = {1: ("A. Moreau", "2026-01-05T10:00:00+00:00")}
POINTS: list[dict[str, Any]] = [
    {
        "id": 1, "uid": uid(21), "patient_id": 1, "muscle_id": "trapezius_upper", "side": "R",
        "label": 1, "x": 0.62345678912345671, "y": 0.1 + 0.2, "template_id": "posterior_trunk",
        "template_version": 1, "first_visit_id": 1, "resolved_visit_id": None,
    },
    {
        "id": 2, "uid": uid(22), "patient_id": 1, "muscle_id": "levator_scapulae", "side": "L",
        "label": 2, "x": 0.25, "y": 0.2, "template_id": "posterior_trunk",
        "template_version": 1, "first_visit_id": 1, "resolved_visit_id": None,
    },
]  # fmt: skip
FINDINGS: list[dict[str, Any]] = [
    {
        "id": 1, "uid": uid(31), "visit_id": 1, "trigger_point_id": 1, "taut_band": 1,
        "tenderness": 3, "referred_pain": 1, "pain_recognition": 1, "twitch_response": 0,
        "jump_sign": None, "nrs_on_compression": 7, "ppt_1": 2.5, "ppt_2": 2.75, "ppt_3": None,
        "ppt_unit": "kgf/cm2", "ppt_probe_cm2": 1.0, "ppt_rate": 1.0, "sensation": "ache",
        "activity": "active", "notes": "",
    },
    {
        "id": 2, "uid": uid(32), "visit_id": 1, "trigger_point_id": 2, "taut_band": 0,
        "tenderness": 1, "referred_pain": 0, "pain_recognition": 0, "twitch_response": None,
        "jump_sign": None, "nrs_on_compression": None, "ppt_1": None, "ppt_2": None,
        "ppt_3": None, "ppt_unit": None, "ppt_probe_cm2": None, "ppt_rate": None,
        "sensation": None, "activity": "latent", "notes": "'quoted'",
    },
]  # fmt: skip
ZONES: list[dict[str, Any]] = [
    {
        "id": 1, "uid": uid(41), "visit_id": 1, "trigger_point_id": 1, "quality": "ache",
        "polygons": "[[[0.6,0.2],[0.7,0.25],[0.65,0.3]]]", "extent_percent": 4.5,
        "template_id": "posterior_trunk", "template_version": 1,
    },
]  # fmt: skip
TREATMENTS: list[dict[str, Any]] = [
    {"id": 1, "uid": uid(51), "visit_id": 1, "kind": "dry_needling", "details": "{}", "notes": ""},
    {"id": 2, "uid": uid(52), "visit_id": 1, "kind": "heat", "details": "{}", "notes": "20 min"},
]
TREATMENT_POINTS = [{"treatment_id": 1, "trigger_point_id": 1}]
NEEDLES: list[dict[str, Any]] = [
    {
        "treatment_id": 1, "sterile_prep": 1, "needle_gauge": 32, "needle_length_mm": 40.0,
        "points_count": 3, "agent": None, "concentration_percent": None,
        "with_epinephrine": 0, "volume_per_point_ml": None, "corticosteroid_mg": None,
        "aspiration_confirmed": None, "twitch_responses": 2, "post_nrs": 3,
    },
]  # fmt: skip
MEASUREMENTS: list[dict[str, Any]] = [
    {"id": 1, "uid": uid(61), "visit_id": 1, "kind": "nrs_now", "value": 6},
    {"id": 2, "uid": uid(62), "visit_id": 1, "kind": "cervical_rotation_l", "value": 62.5},
    {"id": 3, "uid": uid(63), "visit_id": 2, "kind": "nrs_now", "value": 4},
]
SETTINGS = [{"key": "dose_limits", "value": '{"lidocaine_cap_mg": 300}'}]
AMENDMENTS: list[dict[str, Any]] = [
    {
        "id": 1, "uid": uid(71), "visit_id": 1, "author": "A. Moreau", "reason": "Typo",
        "created_at": "2026-01-06T08:00:00+00:00", "target": "visit", "target_uid": uid(11),
        "field": "plan", "old_value": '"Stretch daily."', "new_value": '"Stretch twice daily."',
    },
]  # fmt: skip


def _insert(conn: sqlite3.Connection, table: str, rows: list[dict[str, Any]], stamps: bool) -> None:
    for row in rows:
        values = {**row, "created_at": STAMP, "updated_at": STAMP} if stamps else row
        conn.execute(
            f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
            list(values.values()),
        )


def fill(conn: sqlite3.Connection, version: int) -> None:
    """The sample chart, as rows of the schema at ``version``."""
    _insert(conn, "patient", PATIENTS, True)
    _insert(conn, "visit", VISITS, True)
    _insert(conn, "trigger_point", POINTS, True)
    _insert(conn, "finding", FINDINGS, True)
    _insert(conn, "referral_zone", ZONES, True)
    _insert(conn, "treatment", TREATMENTS, True)
    _insert(conn, "treatment_point", TREATMENT_POINTS, False)
    _insert(conn, "needle_record", NEEDLES, False)
    _insert(conn, "measurement", MEASUREMENTS, True)
    _insert(conn, "setting", SETTINGS, False)
    for visit_id, (signer, at) in SIGNED.items():  # last: signed visits refuse records
        conn.execute(
            "UPDATE visit SET status = 'signed', signed_by = ?, signed_at = ? WHERE id = ?",
            [signer, at, visit_id],
        )
    if version >= 3:
        _insert(conn, "amendment", AMENDMENTS, False)


def build(version: int, path: Path) -> None:
    """Write the fixture of schema ``version`` (1 = after m001) to ``path``."""
    sys.path.insert(0, str(ROOT))
    from sqlite_utils import Database

    from bodymap.store import audit
    from bodymap.store.connection import APPLICATION_ID
    from bodymap.store.migrations import STEP_NAMES, migrations

    if not 1 <= version <= len(STEP_NAMES):
        raise ValueError(f"no schema version {version}")
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA page_size = 1024")  # small files; the page size is the file's own
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db = Database(conn, execute_plugins=False)
        stop = STEP_NAMES[version] if version < len(STEP_NAMES) else None
        migrations.apply(db, stop_before=stop)
        conn.execute("UPDATE _sqlite_migrations SET applied_at = ?", [APPLIED_AT])
        audit.attach(db, actor="fixture")  # from m005 on, the chart's rows are audited
        conn.execute("BEGIN")
        fill(conn, version)
        conn.execute("COMMIT")
        conn.execute("VACUUM")
    finally:
        conn.close()


def main(argv: list[str]) -> None:
    sys.path.insert(0, str(ROOT))
    from bodymap.store.migrations import STEP_NAMES

    for version in range(1, len(STEP_NAMES) + 1):
        target = FOLDER / f"v{version}.db"
        if target.exists() and "--all" not in argv:
            continue
        build(version, target)
        print(f"wrote {target.relative_to(ROOT)} ({target.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(sys.argv[1:])
