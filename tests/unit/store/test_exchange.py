"""The exchange file: deterministic export, exact round trips, all-or-nothing import."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bodymap.domain.amendment import (
    FINDING_FIELDS,
    VISIT_FIELDS,
    AmendmentTarget,
    addendum,
    amend,
    amend_measure,
    amended_finding,
    amended_visit,
)
from bodymap.domain.assets import read_text
from bodymap.domain.finding import Activity, Finding, PressurePainThreshold, SensationQuality
from bodymap.domain.measures import MEASURE_KINDS
from bodymap.domain.muscles import MUSCLES, Side
from bodymap.domain.patient import Patient, Sex
from bodymap.domain.referral import ReferralZone
from bodymap.domain.treatment import Agent, NeedleRecord, Treatment
from bodymap.domain.treatment_catalog import TreatmentKind
from bodymap.domain.trigger_point import MapPosition, TriggerPoint
from bodymap.domain.units import PressureUnit
from bodymap.domain.visit import EscalationStep, Visit, VisitStatus
from bodymap.store import Mode, Store
from bodymap.store import exchange as ex
from bodymap.store.errors import ConstraintViolation, ExportFailed, ImportRejected, NotFound

SIGNED_AT = dt.datetime(2026, 2, 3, 16, 45, 12, tzinfo=dt.UTC)
TABLES = ("patients", "visits", "trigger_points", "findings", "referral_zones", "treatments")


def build_caseload(store: Store) -> None:
    """Two patients with every kind of record, a signed and a draft visit, awkward floats
    and non-ASCII text."""
    with store.transaction():
        p = store.patients.add(
            Patient(
                chart_no="P-2",
                family_name="Ødegård",
                given_names="Siân",
                date_of_birth=dt.date(1971, 11, 30),
                sex=Sex.FEMALE,
                weight_kg=58.7,
                notes="Left-handed.\nNight shifts.",
            )
        )
        q = store.patients.add(
            Patient(
                chart_no="P-1",
                family_name="Abara",
                given_names="",
                date_of_birth=dt.date(1990, 1, 1),
            )
        )
        assert p.id is not None
        assert q.id is not None
        first = store.visits.add(
            Visit(
                patient_id=p.id,
                visit_date=dt.date(2026, 2, 3),
                clinician="A. Moreau",
                chief_complaint="Neck ache — 3 weeks",
                escalation_step=EscalationStep(3),
                plan="Needle, then review.",
                reassess_on=dt.date(2026, 2, 24),
            )
        )
        later = store.visits.add(
            Visit(patient_id=p.id, visit_date=dt.date(2026, 2, 24), clinician="A. Moreau")
        )
        assert first.id is not None
        assert later.id is not None
        a = store.trigger_points.add(
            TriggerPoint(
                patient_id=p.id,
                muscle_id="trapezius_upper",
                side=Side.RIGHT,
                label=1,
                position=MapPosition(x=0.1 + 0.2, y=1 / 3),
                first_visit_id=first.id,
                resolved_visit_id=later.id,
            )
        )
        b = store.trigger_points.add(
            TriggerPoint(
                patient_id=p.id,
                muscle_id="levator_scapulae",
                side=Side.LEFT,
                label=2,
                position=MapPosition(x=0.41, y=0.2),
                first_visit_id=first.id,
            )
        )
        assert a.id is not None
        assert b.id is not None
        store.findings.add(
            Finding(
                visit_id=first.id,
                trigger_point_id=a.id,
                taut_band=True,
                tenderness=3,
                referred_pain=True,
                pain_recognition=True,
                nrs_on_compression=7,
                ppt=PressurePainThreshold(trials=(2.5, 2.7, 3.1), unit=PressureUnit.KGF_CM2),
                sensation=SensationQuality.ACHE,
                activity=Activity.ACTIVE,
            )
        )
        store.findings.add(Finding(visit_id=first.id, trigger_point_id=b.id, tenderness=1))
        store.findings.add(Finding(visit_id=later.id, trigger_point_id=a.id, tenderness=0))
        store.referral_zones.add(
            ReferralZone(
                visit_id=first.id,
                trigger_point_id=a.id,
                polygons=(((0.6, 0.05), (0.7, 0.1), (0.65, 0.2 + 0.1)),),
                extent_percent=1.25,
            )
        )
        store.treatments.add(
            Treatment(
                visit_id=first.id,
                kind=TreatmentKind.TRP_INJECTION,
                trigger_point_ids=(b.id, a.id),
                needle=NeedleRecord(
                    sterile_prep=True,
                    needle_gauge=27,
                    needle_length_mm=30.0,
                    points_count=2,
                    agent=Agent.LIDOCAINE,
                    concentration_percent=0.5,
                    volume_per_point_ml=0.5,
                    aspiration_confirmed=True,
                    twitch_responses=2,
                    post_nrs=3,
                ),
            )
        )
        store.treatments.add(
            Treatment(
                visit_id=first.id,
                kind=TreatmentKind.HOME_STRETCHING,
                details={"reps": 3, "hold_s": 30, "description": "Chin tuck, then side bend"},
            )
        )
        store.measurements.record(first.id, "nrs_now", 6)
        store.measurements.record(first.id, "cervical_rotation_r", 58.5)
        store.measurements.record(later.id, "nrs_now", 2)
        store.visits.sign(first.id, "A. Moreau", SIGNED_AT)


@pytest.fixture
def caseload(store: Store) -> Store:
    build_caseload(store)
    return store


AMENDED_AT = SIGNED_AT + dt.timedelta(days=1)
PLAN = "Needle both points, then review in three weeks."


def add_amendments(store: Store) -> int:
    """Corrections of P-2's signed visit: every target, a tie in time, a non-UTC offset,
    an awkward float and non-ASCII text. Returns how many."""
    patient = store.patients.by_chart_no("P-2")
    assert patient is not None
    assert patient.id is not None
    signed = store.visits.for_patient(patient.id)[0]
    assert signed.id is not None
    finding = next(f for f in store.findings.for_visit(signed.id) if f.tenderness == 3)
    treatment = next(
        t for t in store.treatments.for_visit(signed.id) if t.kind is TreatmentKind.HOME_STRETCHING
    )
    measures = {m.kind: m.value for m in store.measurements.for_visit(signed.id)}
    who = {"author": "A. Moreau", "reason": "Corrected after review"}
    made = [
        amend(signed, "plan", PLAN, at=AMENDED_AT, **who),
        amend(finding, "tenderness", 2, at=AMENDED_AT, **who),  # same time: row id decides
        amend_measure(signed, measures, "cervical_rotation_r", 0.1 + 61.2, at=AMENDED_AT, **who),
        amend(treatment, "notes", "Twice a day", at=AMENDED_AT, **who),
        amend(
            dataclasses.replace(signed, plan=PLAN),
            "plan",
            PLAN + " Sooner if night pain returns.",
            at=dt.datetime(2026, 2, 5, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))),
            **who,
        ),
        addendum(signed, "Rückruf: deutlich besser.", at=AMENDED_AT, author="A. Moreau",
                 reason="Telephone follow-up"),
    ]  # fmt: skip
    for a in made:
        store.amendments.add(a)
    return len(made)


@pytest.fixture
def amended(caseload: Store) -> Store:
    add_amendments(caseload)
    return caseload


@pytest.fixture
def empty(tmp_path: Path) -> Any:
    with Store.open(tmp_path / "target.db", Mode.CREATE) as s:
        yield s


def text_of(store: Store, chart_no: str | None = None) -> str:
    return ex.dumps_document(ex.export_document(store, chart_no))


def counts(store: Store) -> tuple[int, ...]:
    return tuple(getattr(store, t).count() for t in (*TABLES, "measurements"))


@functools.cache
def schema_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(read_text("exchange.schema.json"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


# --- export and round trip -----------------------------------------------------------------


def test_export_is_deterministic_sorted_and_has_no_export_time(caseload: Store) -> None:
    text = text_of(caseload)
    assert text == text_of(caseload)
    assert text.endswith("}\n")
    assert not text.endswith("\n\n")
    assert "Ødegård" in text  # UTF-8, not \u escapes
    doc = json.loads(text)
    assert list(doc) == ["format", "patients", "version"]  # sorted keys
    assert (doc["format"], doc["version"]) == ("bodymap-exchange", 1)
    assert [p["chart_no"] for p in doc["patients"]] == ["P-1", "P-2"]
    assert "created_at" not in text
    assert "updated_at" not in text
    p2 = doc["patients"][1]
    assert [v["visit_date"] for v in p2["visits"]] == ["2026-02-03", "2026-02-24"]
    assert "0.30000000000000004" in text  # floats as their exact repr


def test_round_trip_is_byte_identical_and_keeps_signatures(caseload: Store, empty: Store) -> None:
    before = text_of(caseload)
    report = ex.import_document(empty, json.loads(before))
    assert report == ex.ImportReport(
        patients=2,
        visits=2,
        trigger_points=2,
        findings=3,
        referral_zones=1,
        treatments=2,
        measurements=3,
    )
    assert report.describe().startswith("2 patients, 2 visits, 2 trigger points, 3 findings")
    assert text_of(empty) == before
    patient = empty.patients.by_chart_no("P-2")
    assert patient is not None
    assert patient.id is not None
    signed, draft = empty.visits.for_patient(patient.id)
    assert (signed.status, signed.signed_by, signed.signed_at) == (
        VisitStatus.SIGNED,
        "A. Moreau",
        SIGNED_AT,
    )
    assert draft.status is VisitStatus.DRAFT
    point = empty.trigger_points.for_patient(patient.id)[0]
    assert (point.first_visit_id, point.resolved_visit_id) == (signed.id, draft.id)


def test_demo_caseload_round_trips_byte_identical_and_fits_the_schema(
    demo_db: Path, tmp_path: Path
) -> None:
    with Store.open(demo_db, Mode.READ_ONLY) as demo:
        first = text_of(demo)
        total = counts(demo)
    schema_validator().validate(json.loads(first))
    with Store.open(tmp_path / "copy.db", Mode.CREATE) as target:
        ex.import_document(target, json.loads(first))
        assert counts(target) == total
        assert text_of(target) == first


def test_exported_documents_fit_the_schema(caseload: Store) -> None:
    validator = schema_validator()
    validator.validate(ex.export_document(caseload))
    validator.validate(ex.export_document(caseload, "P-2"))


def test_one_patient_and_an_unknown_chart(caseload: Store) -> None:
    doc = ex.export_document(caseload, "P-1")
    assert [p["chart_no"] for p in doc["patients"]] == ["P-1"]
    with pytest.raises(NotFound, match="no patient with chart number 'P-9'"):
        ex.export_document(caseload, "P-9")


def test_write_export_replaces_atomically(caseload: Store, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "out.json"
    result = ex.write_export(caseload, target)
    assert result.patients == 2
    assert target.read_text(encoding="utf-8") == text_of(caseload)
    target.write_text("older export", encoding="utf-8")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ex.os, "fsync", broken_fsync)
    with pytest.raises(ExportFailed, match="out.json: cannot be written .No space left"):
        ex.write_export(caseload, target)
    assert target.read_text(encoding="utf-8") == "older export"
    assert sorted(p.name for p in tmp_path.iterdir() if "out.json" in p.name) == ["out.json"]


# --- what import refuses -------------------------------------------------------------------


@pytest.fixture
def doc(caseload: Store) -> dict[str, Any]:
    return ex.export_document(caseload)


def rejected(store: Store, document: object) -> list[str]:
    before = counts(store)
    with pytest.raises(ImportRejected) as info:
        ex.import_document(store, document)
    assert counts(store) == before  # nothing written
    return list(info.value.problems)


def test_every_bad_record_is_listed_with_its_path(doc: dict[str, Any], empty: Store) -> None:
    p2 = doc["patients"][1]
    visit = p2["visits"][0]
    visit["findings"][0]["tenderness"] = 7
    p2["trigger_points"][1]["muscle_id"] = "biceps"
    p2["trigger_points"][0]["position"]["x"] = 1.5
    visit["referral_zones"][0]["trigger_point_uid"] = "f" * 32
    visit["treatments"][0]["trigger_point_uids"].append("e" * 32)
    nrs = next(m for m in visit["measurements"] if m["kind"] == "nrs_now")
    nrs["value"] = 11
    doc["patients"][0]["sex"] = "robot"
    del p2["visits"][1]["plan"]
    p2["visits"][1]["mood"] = "fine"
    problems = rejected(empty, doc)
    where = "patients[1] (chart P-2)"
    expected = [
        f"{where} visits[0] findings[0]: finding.tenderness: must be from 0 to 3, not 7",
        f"{where} trigger_points[1]: trigger_point.muscle_id: unknown muscle id 'biceps'",
        f"{where} trigger_points[0]: trigger_point.position.x: must be from 0 to 1, not 1.5",
        "patients[0] (chart P-1): patient.sex: must be one of female, male, other, unknown, "
        "not 'robot'",
        f"{where} visits[1]: visit.plan: is missing",
        f"{where} visits[1]: visit.'mood': is not a field of this record",
    ]
    for line in expected:
        assert line in problems
    assert any(
        p.startswith(f"{where} visits[0] measurements[") and "must be from 0 to 10, not 11" in p
        for p in problems
    )
    assert len(problems) == len(expected) + 1  # broken records stop further cross-checks


def test_references_to_unknown_points_and_visits(doc: dict[str, Any], empty: Store) -> None:
    p2 = doc["patients"][1]
    visit = p2["visits"][0]
    visit["referral_zones"][0]["trigger_point_uid"] = "f" * 32
    visit["treatments"][0]["trigger_point_uids"].append("e" * 32)
    p2["trigger_points"][0]["first_visit_uid"] = "d" * 32
    visit["findings"][1]["trigger_point_uid"] = doc["patients"][1]["trigger_points"][0]["uid"]
    problems = rejected(empty, doc)
    w = "patients[1] (chart P-2)"
    assert (
        f"{w} visits[0] referral_zones[0]: referral_zone.trigger_point_uid: "
        f"no trigger point {'f' * 32} for this patient" in problems
    )
    assert any("treatment.trigger_point_uids: no trigger point " + "e" * 32 in p for p in problems)
    assert (
        f"{w} trigger_points[0]: trigger_point.first_visit_uid: "
        f"no visit {'d' * 32} for this patient" in problems
    )
    assert any("one finding per point per visit" in p for p in problems)
    assert len(problems) == 4


def test_wrong_types_anywhere_are_problems_not_crashes(doc: dict[str, Any], empty: Store) -> None:
    p2 = doc["patients"][1]
    p2["weight_kg"] = "heavy"
    p2["date_of_birth"] = "yesterday"
    p2["visits"][0]["escalation_step"] = True  # not step 1
    p2["visits"][0]["signed_at"] = "2026-02-03T16:45:12"  # no offset
    p2["visits"][0]["findings"][0]["ppt"]["trials"] = "many"
    p2["visits"][0]["treatments"][0]["needle"] = [1, 2]
    p2["visits"][1]["measurements"] = {"nrs_now": 2}
    doc["patients"][0]["trigger_points"] = [None]
    problems = rejected(empty, doc)
    joined = "\n".join(problems)
    for fragment in (
        "patient.weight_kg: must be a number from 2 to 400 kg, not 'heavy'",
        "patient.date_of_birth: must be a date YYYY-MM-DD, not 'yesterday'",
        "visit.escalation_step: must be one of 1, 2, 3, not True",
        "visit.signed_at: must be a date-time with a UTC offset",
        "finding.ppt.trials: must hold 1 to 3 measurements",
        "treatment.needle: must be an object, not a list",
        "visit.measurements: must be a list, not an object",
        "patients[0] (chart P-1) trigger_points[0]: trigger_point: must be an object, not null",
    ):
        assert fragment in joined


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "must hold a JSON object at the top, not a list"),
        ({"format": "csv", "version": 1, "patients": []}, "not a Bodymap exchange file"),
        ({"format": "bodymap-exchange", "version": 2, "patients": []}, "version 2, newer"),
        ({"format": "bodymap-exchange", "version": "1", "patients": []}, "no valid format"),
        ({"format": "bodymap-exchange", "version": 1, "patients": {}}, "must list its patients"),
        ({"format": "bodymap-exchange", "version": 1, "patients": [], "x": 1}, "unknown top"),
        ({"format": "bodymap-exchange", "version": 1, "patients": ["\ud800"]}, "not valid Unicode"),
    ],
)
def test_a_wrong_envelope_is_one_problem(empty: Store, document: object, message: str) -> None:
    problems = rejected(empty, document)
    assert len(problems) == 1
    assert message in problems[0]


def test_deep_nesting_is_refused_without_recursion(empty: Store) -> None:
    junk: Any = []
    for _ in range(5000):
        junk = [junk]
    problems = rejected(empty, {"format": "bodymap-exchange", "version": 1, "patients": junk})
    assert problems == ["is nested more than 40 levels deep; not a Bodymap exchange file"]


def test_duplicates_in_the_file_are_refused(doc: dict[str, Any], empty: Store) -> None:
    twin = copy.deepcopy(doc["patients"][0])
    doc["patients"].append(twin)
    problems = rejected(empty, doc)
    assert any("chart number P-1 appears twice in the file" in p for p in problems)
    assert any("patient.uid:" in p and "appears twice in the file" in p for p in problems)


def test_records_already_in_the_database_are_refused(caseload: Store, doc: dict[str, Any]) -> None:
    problems = rejected(caseload, doc)
    assert (
        "patients[0] (chart P-1): patient.chart_no: chart number P-1 is already in the database"
        in problems
    )
    # A new chart number alone does not help: the records' uids are known.
    doc["patients"] = [doc["patients"][1]]
    doc["patients"][0]["chart_no"] = "P-NEW"
    problems = rejected(caseload, doc)
    assert any("patient.uid:" in p and "already in the database" in p for p in problems)


def test_a_database_failure_half_way_rolls_everything_back(
    doc: dict[str, Any], empty: Store, monkeypatch
) -> None:
    def refuse(record: object) -> None:
        raise ConstraintViolation(None, "CHECK constraint failed: measurement")

    monkeypatch.setattr(empty.measurements, "add", refuse)
    with pytest.raises(ImportRejected, match="database refused the import, nothing was imported"):
        ex.import_document(empty, doc)
    assert counts(empty) == (0, 0, 0, 0, 0, 0, 0)


# --- reading files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"a": NaN}', "holds NaN, which is not a number JSON allows"),
        (b'{"a": -Infinity}', "holds -Infinity"),
        (b'{"a": 1e400}', "holds the number 1e400, too large to store"),
        (b'{"a": "caf\xe9"}', "is not UTF-8 text (byte 10 cannot be decoded)"),
        (b'{"a": 1,}', "is not valid JSON (line 1, column 9"),
        (b"   ", "is empty"),
        (b"[" * 100_000, "nested too deeply"),
        (b'{"a": ' + b"9" * 5000 + b"}", "is not valid JSON"),
    ],
)
def test_bad_bytes_are_one_clear_problem(data: bytes, message: str) -> None:
    with pytest.raises(ImportRejected) as info:
        ex.parse_document(data, "in.json")
    assert info.value.problems == (info.value.problem,)
    assert message in str(info.value)
    assert str(info.value).startswith("in.json: ")


def test_a_huge_file_is_refused_before_reading(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b"[" + b"0," * 600 + b"0]")
    monkeypatch.setattr(ex, "MAX_FILE_BYTES", 1000)
    with pytest.raises(ImportRejected, match=r"big.json: is too large \(1,203 bytes"):
        ex.load_document(path)
    with pytest.raises(ImportRejected, match="nope.json: no such file"):
        ex.load_document(tmp_path / "nope.json")


def test_a_byte_order_mark_is_accepted(doc: dict[str, Any]) -> None:
    data = "\ufeff".encode() + ex.dumps_document(doc).encode()
    assert ex.parse_document(data) == json.loads(ex.dumps_document(doc))


# --- hostile input never crashes -----------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=json_values)
def test_arbitrary_json_is_refused_cleanly(value: object) -> None:
    for document in (value, {"format": "bodymap-exchange", "version": 1, "patients": value}):
        try:
            ex.plan_import(document)
        except ImportRejected as exc:
            assert exc.problems
            assert all(isinstance(p, str) and p for p in exc.problems)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            found += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += _paths(v, (*prefix, i))
    return found


@pytest.fixture(scope="module")
def small_export(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """An exported caseload with amendments, built once for the property test below."""
    with Store.open(tmp_path_factory.mktemp("junk") / "small.db", Mode.CREATE) as s:
        build_caseload(s)
        add_amendments(s)
        return ex.export_document(s)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), value=json_values)
def test_any_field_replaced_by_junk_is_refused_cleanly(
    small_export: dict[str, Any], data: st.DataObject, value: object
) -> None:
    document = copy.deepcopy(small_export)
    path = data.draw(st.sampled_from(_paths(document)))
    node = document
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    try:
        plan = ex.plan_import(document)
    except ImportRejected as exc:
        assert exc.problems
    else:
        assert plan.counts.patients <= 2  # the junk happened to be acceptable (e.g. [] patients)


# --- the schema ----------------------------------------------------------------------------


def test_schema_enums_follow_the_domain_catalogs() -> None:
    defs = json.loads(read_text("exchange.schema.json"))["$defs"]
    assert defs["trigger_point"]["properties"]["muscle_id"]["enum"] == [m.id for m in MUSCLES]
    assert defs["treatment"]["properties"]["kind"]["enum"] == [k.value for k in TreatmentKind]
    assert defs["measurement"]["properties"]["kind"]["enum"] == [k.id for k in MEASURE_KINDS]
    assert defs["needle"]["properties"]["agent"]["enum"] == [*(a.value for a in Agent), None]


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("patients", 1, "visits", 0, "findings", 0, "tenderness"), 7),
        (("patients", 1, "trigger_points", 0, "muscle_id"), "biceps"),
        (("patients", 1, "trigger_points", 0, "position", "x"), 1.5),
        (("patients", 1, "trigger_points", 0, "side"), "left"),
        (("patients", 1, "visits", 0, "measurements", 0, "value"), 200),
        (("patients", 1, "visits", 0, "status"), "draft"),  # draft with a signer
        (("patients", 1, "visits", 0, "treatments", "trp_injection", "needle"), None),
        (("patients", 1, "visits", 0, "treatments", "home_stretching", "details", "reps"), 0),
        (("patients", 0, "uid"), "ABC"),
        (("patients", 0, "date_of_birth"), "1.1.1990"),
        (("version",), 2),
    ],
)
def test_schema_rejects_bad_examples(
    doc: dict[str, Any], path: tuple[Any, ...], value: object
) -> None:
    validator = schema_validator()
    node: Any = doc
    for key in path[:-1]:
        if isinstance(node, list) and isinstance(key, str):  # a treatment by its kind
            key = next(i for i, t in enumerate(node) if t["kind"] == key)
        node = node[key]
    node[path[-1]] = value
    assert not validator.is_valid(doc)


def test_schema_rejects_missing_and_unknown_fields(doc: dict[str, Any]) -> None:
    validator = schema_validator()
    broken = copy.deepcopy(doc)
    del broken["patients"][0]["notes"]
    assert not validator.is_valid(broken)
    broken = copy.deepcopy(doc)
    broken["patients"][0]["visits_count"] = 0
    assert not validator.is_valid(broken)
    assert validator.is_valid(doc)


# --- amendments ----------------------------------------------------------------------------


def test_a_file_without_amendments_is_unchanged_by_them(caseload: Store) -> None:
    # Visits without amendments carry no key: a version 1 file from before amendments is
    # byte for byte what this app writes for the same records.
    doc = ex.export_document(caseload)
    assert all("amendments" not in v for p in doc["patients"] for v in p["visits"])
    assert ex.counts_of(doc).amendments == 0


def test_amendments_round_trip_byte_identical(amended: Store, empty: Store) -> None:
    before = text_of(amended)
    doc = json.loads(before)
    schema_validator().validate(doc)
    signed, draft = doc["patients"][1]["visits"]
    assert "amendments" not in draft
    listed = signed["amendments"]
    assert [(a["target"], a["field"]) for a in listed] == [
        ("visit", "plan"),
        ("finding", "tenderness"),
        ("measurement", "cervical_rotation_r"),
        ("treatment", "notes"),
        ("note", ""),
        ("visit", "plan"),
    ]  # oldest first; the +01:00 one is 08:30 UTC, after the others at 16:45 the day before
    assert listed[2]["new_value"] == 0.1 + 61.2
    report = ex.import_document(empty, doc)
    assert report.amendments == 6
    assert report.describe().endswith(", 6 amendments")
    assert text_of(empty) == before
    patient = empty.patients.by_chart_no("P-2")
    assert patient is not None
    assert patient.id is not None
    visit = empty.visits.for_patient(patient.id)[0]
    assert visit.id is not None
    history = empty.amendments.for_visit(visit.id)
    assert amended_visit(visit, history).plan == PLAN + " Sooner if night pain returns."
    assert visit.plan == "Needle, then review."  # the signed record as signed
    finding = next(f for f in empty.findings.for_visit(visit.id) if f.tenderness == 3)
    assert amended_finding(finding, history).tenderness == 2
    source = amended.patients.by_chart_no("P-2")
    assert source is not None
    assert source.id is not None
    original = amended.amendments.for_patient(source.id)
    assert len(original) == 6
    assert [(a.uid, a.created_at, a.old_value, a.new_value) for a in history] == [
        (a.uid, a.created_at, a.old_value, a.new_value) for a in original
    ]


def test_amendments_already_in_the_database_are_refused(amended: Store, empty: Store) -> None:
    doc = ex.export_document(amended, "P-2")
    doc["patients"][0]["chart_no"] = "P-NEW"
    doc["patients"][0]["uid"] = "9" * 32
    problems = rejected(amended, doc)
    assert any("amendment.uid:" in p and "already in the database" in p for p in problems)


def _signed_amendments(doc: dict[str, Any]) -> list[dict[str, Any]]:
    amendments: list[dict[str, Any]] = doc["patients"][1]["visits"][0]["amendments"]
    return amendments


@pytest.fixture
def amended_doc(amended: Store) -> dict[str, Any]:
    return ex.export_document(amended)


def test_bad_amendments_are_listed_with_their_path(
    amended_doc: dict[str, Any], empty: Store
) -> None:
    listed = _signed_amendments(amended_doc)
    listed[0]["reason"] = "  "
    listed[1]["new_value"] = 9
    listed[3]["field"] = "kind"
    del listed[5]["author"]
    listed.append({"uid": "8" * 32})
    problems = rejected(empty, amended_doc)
    w = "patients[1] (chart P-2) visits[0]"
    for line in (
        f"{w} amendments[0]: amendment.reason: is required",
        f"{w} amendments[1]: amendment.new_value: tenderness must be from 0 to 3, not 9",
        f"{w} amendments[3]: amendment.field: 'kind' cannot be amended on a treatment (notes)",
        f"{w} amendments[5]: amendment.author: is missing",
        f"{w} amendments[6]: amendment.target: is missing",
    ):
        assert line in problems, problems


def test_amendments_must_fit_their_visit(amended_doc: dict[str, Any], empty: Store) -> None:
    p2 = amended_doc["patients"][1]
    listed = _signed_amendments(amended_doc)
    draft_uid = p2["visits"][1]["uid"]
    point_finding = p2["visits"][1]["findings"][0]["uid"]  # a finding of the other visit
    listed[0]["target_uid"] = draft_uid
    listed[1]["target_uid"] = point_finding
    listed[3]["old_value"] = "Once a day"
    listed[5]["created_at"] = "2026-02-01T10:00:00+00:00"  # before signing
    w = "patients[1] (chart P-2) visits[0]"
    problems = rejected(empty, amended_doc)
    visit_uid = p2["visits"][0]["uid"]
    assert (
        f"{w} amendments[0]: amendment.target_uid: names {draft_uid}, not this visit "
        f"({visit_uid})" in problems
    )
    assert f"{w} amendments[1]: amendment.target_uid: names no finding of this visit" in problems
    assert (
        f"{w} amendments[3]: amendment.old_value: is 'Once a day', but the record now says "
        "blank" in problems
    )
    assert (
        f"{w} amendments[5]: amendment.created_at: is before the visit was signed "
        "(2026-02-03T16:45:12+00:00)" in problems
    )
    assert len(problems) == 4


def test_a_draft_visit_cannot_carry_amendments(amended_doc: dict[str, Any], empty: Store) -> None:
    p2 = amended_doc["patients"][1]
    note = copy.deepcopy(_signed_amendments(amended_doc)[4])
    note["uid"] = "7" * 32
    note["target_uid"] = p2["visits"][1]["uid"]
    p2["visits"][1]["amendments"] = [note]
    problems = rejected(empty, amended_doc)
    assert problems == [
        "patients[1] (chart P-2) visits[1] amendments[0]: amendment: the visit is a draft; "
        "only signed visits have amendments"
    ]
    assert not schema_validator().is_valid(amended_doc)


def test_amendments_of_the_wrong_shape(amended_doc: dict[str, Any], empty: Store) -> None:
    amended_doc["patients"][1]["visits"][0]["amendments"] = {"plan": "x"}
    problems = rejected(empty, amended_doc)
    assert problems == [
        "patients[1] (chart P-2) visits[0]: visit.amendments: must be a list, not an object"
    ]


def test_schema_describes_amendments(amended_doc: dict[str, Any]) -> None:
    validator = schema_validator()
    assert validator.is_valid(amended_doc)
    defs = json.loads(read_text("exchange.schema.json"))["$defs"]
    assert defs["amendment"]["properties"]["target"]["enum"] == [t.value for t in AmendmentTarget]
    rules = {
        r["if"]["properties"]["target"]["const"]: r["then"] for r in defs["amendment"]["allOf"]
    }
    assert rules["visit"]["properties"]["field"]["enum"] == list(VISIT_FIELDS)
    assert rules["finding"]["properties"]["field"]["enum"] == list(FINDING_FIELDS)
    assert rules["measurement"]["properties"]["field"]["enum"] == [k.id for k in MEASURE_KINDS]
    for path, value in [
        (("field",), "ppt"),
        (("reason",), " "),
        (("new_value",), [1]),
        (("created_at",), "2026-02-04"),
    ]:
        broken = copy.deepcopy(amended_doc)
        node = _signed_amendments(broken)[0]
        node[path[0]] = value
        assert not validator.is_valid(broken), path
    broken = copy.deepcopy(amended_doc)
    broken["patients"][1]["visits"][0]["amendments"] = []
    assert not validator.is_valid(broken)  # absent, not empty


def test_the_demo_carries_one_amendment_that_survives_the_round_trip(
    demo_db: Path, tmp_path: Path
) -> None:
    with Store.open(demo_db, Mode.READ_ONLY) as demo:
        doc = ex.export_document(demo)
    listed = [a for p in doc["patients"] for v in p["visits"] for a in v.get("amendments", [])]
    assert [(a["target"], a["field"]) for a in listed] == [("visit", "plan")]
    assert listed[0]["new_value"].startswith(listed[0]["old_value"])
    with Store.open(tmp_path / "copy.db", Mode.CREATE) as target:
        assert ex.import_document(target, doc).amendments == 1
        assert target.amendments.by_uid(listed[0]["uid"]) is not None
