"""The exchange file: every chart as one versioned JSON document, and back.

    {"format": "bodymap-exchange", "version": 1, "patients": [...]}

Each patient nests its trigger points and visits; each visit its findings, referral
zones, treatments and measurements, and, only when it has some, the amendments made
after signing (oldest first). Records name each other by ``uid``, never by row id,
so a document imports into any database. ``assets/exchange.schema.json`` describes
version 1; at run time the domain dataclasses are the authority (see exchange_read).

The output is deterministic (sorted keys, records in a fixed order, floats as their
shortest exact repr, nothing about the export itself such as its time), so exporting,
importing into an empty database and exporting again gives the same bytes.

Importing is all or nothing: the whole document is validated first, every problem is
reported at once, and only a clean document is written, in one transaction.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import stat
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bodymap.domain.amendment import Amendment
from bodymap.domain.finding import Finding
from bodymap.domain.measures import Measurement
from bodymap.domain.patient import Patient
from bodymap.domain.referral import ReferralZone
from bodymap.domain.treatment import NeedleRecord, Treatment
from bodymap.domain.trigger_point import TriggerPoint
from bodymap.domain.validation import ValidationError
from bodymap.domain.visit import Visit, VisitStatus
from bodymap.store.connection import translate
from bodymap.store.errors import (
    ConstraintViolation,
    DamagedRecord,
    ExportFailed,
    ImportRejected,
    NotFound,
    RecordLocked,
)
from bodymap.store.exchange_read import (
    FINDING_FLAGS,
    FORMAT,
    NEEDLE_KEYS,
    VERSION,
    ImportPlan,
    PlannedPatient,
    RecordCounts,
    clip,
    plan_import,
)
from bodymap.store.store import Store

__all__ = [
    "FORMAT",
    "MAX_FILE_BYTES",
    "VERSION",
    "ImportPlan",
    "ImportRejected",
    "ImportReport",
    "RecordCounts",
    "apply_import",
    "dumps_document",
    "export_document",
    "import_document",
    "load_document",
    "parse_document",
    "plan_import",
    "write_export",
]

MAX_FILE_BYTES = 200 * 1024 * 1024  # far above any real caseload; refuse before parsing

# Tables of the records a document carries, for the "already in the database" check.
_TABLES = (
    "patient", "trigger_point", "visit", "finding", "referral_zone", "treatment", "measurement",
    "amendment",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ImportReport(RecordCounts):
    """What an import wrote."""


# --- export ----------------------------------------------------------------------------


def export_document(store: Store, chart_no: str | None = None) -> dict[str, Any]:
    """Every patient (or the one with ``chart_no``) as an exchange document."""
    try:
        return _export(store, chart_no)
    except sqlite3.Error as exc:  # a file damaged past its header shows only when read
        raise translate(exc, store.path) from exc
    except KeyError as exc:  # only a file written with foreign keys off gets here
        raise DamagedRecord(
            store.path, f"a record refers to trigger point or visit {exc}, which is missing"
        ) from exc


def _export(store: Store, chart_no: str | None) -> dict[str, Any]:
    if chart_no is not None:
        patient = store.patients.by_chart_no(chart_no)
        if patient is None:
            raise NotFound(store.path, f"has no patient with chart number {chart_no!r}")
        patients = [patient]
    else:
        patients = store.patients.search("")
    patients.sort(key=lambda p: p.chart_no)
    return {
        "format": FORMAT,
        "version": VERSION,
        "patients": [_export_patient(store, p) for p in patients],
    }


def dumps_document(doc: dict[str, Any]) -> str:
    """The document as the exact text an export writes."""
    return json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write_export(store: Store, path: Path | str, chart_no: str | None = None) -> RecordCounts:
    """Export to ``path`` atomically: a temporary file in the same folder, then a rename,
    so a failed export never leaves a half-written file (nor harms an older one)."""
    path = Path(path)
    doc = export_document(store, chart_no)
    data = dumps_document(doc).encode("utf-8")
    folder = path.parent
    if not folder.is_dir():
        raise ExportFailed(path, f"folder {folder} does not exist")
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        if path.is_file():  # replacing a file keeps its permissions
            Path(tmp_name).chmod(stat.S_IMODE(path.stat().st_mode))
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp_name).replace(path)
        tmp_name = None
    except OSError as exc:
        raise ExportFailed(path, f"cannot be written ({exc.strerror or exc})") from exc
    finally:
        if tmp_name is not None:
            Path(tmp_name).unlink(missing_ok=True)
    return counts_of(doc)


def counts_of(doc: dict[str, Any]) -> RecordCounts:
    visits = [v for p in doc["patients"] for v in p["visits"]]
    return RecordCounts(
        patients=len(doc["patients"]),
        visits=len(visits),
        trigger_points=sum(len(p["trigger_points"]) for p in doc["patients"]),
        findings=sum(len(v["findings"]) for v in visits),
        referral_zones=sum(len(v["referral_zones"]) for v in visits),
        treatments=sum(len(v["treatments"]) for v in visits),
        measurements=sum(len(v["measurements"]) for v in visits),
        amendments=sum(len(v.get("amendments", ())) for v in visits),
    )


def _export_patient(store: Store, p: Patient) -> dict[str, Any]:
    assert p.id is not None
    points = store.trigger_points.for_patient(p.id)
    visits = store.visits.for_patient(p.id)
    point_uid = {tp.id: tp.uid for tp in points}
    point_label = {tp.id: tp.label for tp in points}
    visit_uid = {v.id: v.uid for v in visits}
    visits.sort(key=lambda v: (v.visit_date, v.uid))
    return {
        "uid": p.uid,
        "chart_no": p.chart_no,
        "family_name": p.family_name,
        "given_names": p.given_names,
        "date_of_birth": p.date_of_birth.isoformat(),
        "sex": p.sex.value,
        "weight_kg": p.weight_kg,
        "notes": p.notes,
        "trigger_points": [
            _export_point(tp, visit_uid) for tp in sorted(points, key=lambda tp: tp.label)
        ],
        "visits": [_export_visit(store, v, point_uid, point_label) for v in visits],
    }


def _export_point(tp: TriggerPoint, visit_uid: dict[int | None, str]) -> dict[str, Any]:
    return {
        "uid": tp.uid,
        "label": tp.label,
        "muscle_id": tp.muscle_id,
        "side": tp.side.value,
        "position": {
            "x": tp.position.x,
            "y": tp.position.y,
            "template_id": tp.position.template_id,
            "template_version": tp.position.template_version,
        },
        "first_visit_uid": visit_uid.get(tp.first_visit_id),
        "resolved_visit_uid": visit_uid.get(tp.resolved_visit_id),
    }


def _export_visit(
    store: Store, v: Visit, point_uid: dict[int | None, str], point_label: dict[int | None, int]
) -> dict[str, Any]:
    assert v.id is not None

    def by_point(record: Finding | ReferralZone) -> tuple[int, str]:
        return point_label[record.trigger_point_id], record.uid

    findings = sorted(store.findings.for_visit(v.id), key=by_point)
    zones = sorted(store.referral_zones.for_visit(v.id), key=by_point)
    treatments = sorted(store.treatments.for_visit(v.id), key=lambda t: t.uid)
    measurements = sorted(store.measurements.for_visit(v.id), key=lambda m: (m.kind, m.uid))
    amendments = store.amendments.for_visit(v.id)  # oldest first, the order they apply in
    extra = {"amendments": [_export_amendment(a) for a in amendments]} if amendments else {}
    return {
        "uid": v.uid,
        "visit_date": v.visit_date.isoformat(),
        "clinician": v.clinician,
        "chief_complaint": v.chief_complaint,
        "subjective": v.subjective,
        "escalation_step": None if v.escalation_step is None else int(v.escalation_step),
        "plan": v.plan,
        "reassess_on": None if v.reassess_on is None else v.reassess_on.isoformat(),
        "status": v.status.value,
        "signed_by": v.signed_by,
        "signed_at": None if v.signed_at is None else v.signed_at.isoformat(),
        "findings": [_export_finding(f, point_uid) for f in findings],
        "referral_zones": [_export_zone(z, point_uid) for z in zones],
        "treatments": [_export_treatment(t, point_uid, point_label) for t in treatments],
        "measurements": [_export_measurement(m) for m in measurements],
        **extra,
    }


def _export_finding(f: Finding, point_uid: dict[int | None, str]) -> dict[str, Any]:
    return {
        "uid": f.uid,
        "trigger_point_uid": point_uid[f.trigger_point_id],
        **{flag: getattr(f, flag) for flag in FINDING_FLAGS},
        "tenderness": f.tenderness,
        "nrs_on_compression": f.nrs_on_compression,
        "ppt": None
        if f.ppt is None
        else {
            "trials": list(f.ppt.trials),
            "unit": f.ppt.unit.value,
            "probe_area_cm2": f.ppt.probe_area_cm2,
            "rate_per_s": f.ppt.rate_per_s,
        },
        "sensation": None if f.sensation is None else f.sensation.value,
        "activity": None if f.activity is None else f.activity.value,
        "notes": f.notes,
    }


def _export_zone(z: ReferralZone, point_uid: dict[int | None, str]) -> dict[str, Any]:
    return {
        "uid": z.uid,
        "trigger_point_uid": point_uid[z.trigger_point_id],
        "quality": z.quality.value,
        "polygons": [[[x, y] for x, y in polygon] for polygon in z.polygons],
        "extent_percent": z.extent_percent,
        "template_id": z.template_id,
        "template_version": z.template_version,
    }


def _export_treatment(
    t: Treatment, point_uid: dict[int | None, str], point_label: dict[int | None, int]
) -> dict[str, Any]:
    points = sorted(t.trigger_point_ids, key=lambda i: point_label[i])
    return {
        "uid": t.uid,
        "kind": t.kind.value,
        "trigger_point_uids": [point_uid[i] for i in points],
        "details": dict(t.details),
        "needle": None if t.needle is None else _export_needle(t.needle),
        "notes": t.notes,
    }


def _export_needle(n: NeedleRecord) -> dict[str, Any]:
    row = {key: getattr(n, key) for key in NEEDLE_KEYS}
    row["agent"] = None if n.agent is None else n.agent.value
    return row


def _export_measurement(m: Measurement) -> dict[str, Any]:
    return {"uid": m.uid, "kind": m.kind, "value": m.value}


def _export_amendment(a: Amendment) -> dict[str, Any]:
    return {
        "uid": a.uid,
        "created_at": a.created_at.isoformat(),
        "author": a.author,
        "reason": a.reason,
        "target": a.target.value,
        "target_uid": a.target_uid,
        "field": a.field,
        "old_value": a.old_value,
        "new_value": a.new_value,
    }


# --- reading a file --------------------------------------------------------------------


class _Refused(ValueError):
    pass


def _refuse_constant(name: str) -> Any:
    raise _Refused(f"holds {name}, which is not a number JSON allows")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"holds the number {clip(text)}, too large to store")
    return value


def parse_document(data: bytes, source: Path | str | None = None) -> Any:
    """Parsed JSON from the bytes of a file, or :class:`ImportRejected` with one line
    saying why not. Only JSON syntax and encoding are checked here."""

    def refuse(problem: str) -> ImportRejected:
        return ImportRejected(source, [problem])

    if len(data) > MAX_FILE_BYTES:
        raise refuse(f"is too large ({len(data):,} bytes; the limit is {MAX_FILE_BYTES:,})")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refuse(f"is not UTF-8 text (byte {exc.start} cannot be decoded)") from None
    if not text.strip():
        raise refuse("is empty, not a Bodymap exchange file")
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except _Refused as exc:
        raise refuse(str(exc)) from None
    except json.JSONDecodeError as exc:
        raise refuse(
            f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise refuse("is nested too deeply; not a Bodymap exchange file") from None
    except (ValueError, MemoryError) as exc:
        raise refuse(clip(f"is not valid JSON ({exc})")) from None


def load_document(path: Path | str) -> Any:
    """Read and parse an exchange file; :class:`ImportRejected` names the file and the
    problem. The size is checked before anything is read."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise ImportRejected(path, ["is a folder, not an exchange file"])
        if size > MAX_FILE_BYTES:
            raise ImportRejected(
                path, [f"is too large ({size:,} bytes; the limit is {MAX_FILE_BYTES:,})"]
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportRejected(path, ["no such file"]) from None
    except OSError as exc:
        raise ImportRejected(path, [f"cannot be read ({exc.strerror or exc})"]) from None
    return parse_document(data, path)


# --- import ----------------------------------------------------------------------------


def import_document(store: Store, doc: object) -> ImportReport:
    """Validate ``doc`` completely, then write all of it in one transaction.

    Raises :class:`ImportRejected` listing every problem (nothing written), or a
    :class:`StoreError` if the database fails (the transaction is rolled back).
    """
    return apply_import(store, plan_import(doc))


def apply_import(store: Store, plan: ImportPlan) -> ImportReport:
    """Write a validated plan: refused as a whole if any chart number or uid already
    exists in the database."""
    try:
        _check_against_database(store, plan)
        with store.transaction():
            for planned in plan.patients:
                _write_patient(store, planned)
    except sqlite3.Error as exc:
        raise translate(exc, store.path) from exc
    except (ConstraintViolation, RecordLocked, ValidationError) as exc:
        # Validation should have caught it; if not, the database's own checks did.
        raise ImportRejected(
            None, [f"the database refused the import, nothing was imported: {exc}"]
        ) from exc
    c = plan.counts
    return ImportReport(
        patients=c.patients,
        visits=c.visits,
        trigger_points=c.trigger_points,
        findings=c.findings,
        referral_zones=c.referral_zones,
        treatments=c.treatments,
        measurements=c.measurements,
        amendments=c.amendments,
    )


def _check_against_database(store: Store, plan: ImportPlan) -> None:
    problems: list[str] = []
    known_patients: list[str] = []  # their records' uids are not listed one by one
    patient_uids = _uids(store, "patient")
    for p in plan.patients:
        clash = False
        if store.patients.by_chart_no(p.patient.chart_no) is not None:
            problems.append(
                f"{p.where}: patient.chart_no: chart number {p.patient.chart_no} is already "
                "in the database"
            )
            clash = True
        if p.patient.uid in patient_uids:
            problems.append(
                f"{p.where}: patient.uid: {p.patient.uid} is already in the database "
                "(imported before?)"
            )
            clash = True
        if clash:
            known_patients.append(p.where + " ")
    existing = {table: _uids(store, table) for table in _TABLES if table != "patient"}
    for table, uid, where in plan.uids():
        if table == "patient" or where.startswith(tuple(known_patients)):
            continue
        if uid in existing[table]:
            problems.append(
                f"{where}: {table}.uid: {uid} is already in the database (imported before?)"
            )
    if problems:
        raise ImportRejected(None, problems)


def _uids(store: Store, table: str) -> set[str]:
    return {row[0] for row in store.db.execute(f"SELECT uid FROM {table}")}


def _write_patient(store: Store, planned: PlannedPatient) -> None:
    patient = store.patients.add(planned.patient)
    assert patient.id is not None
    point_ids: dict[str, int] = {}
    for tp in planned.points:
        stored = store.trigger_points.add(replace(tp.point, patient_id=patient.id))
        assert stored.id is not None
        point_ids[stored.uid] = stored.id
    visit_ids: dict[str, int] = {}
    for pv in planned.visits:
        draft = replace(
            pv.visit,
            patient_id=patient.id,
            status=VisitStatus.DRAFT,
            signed_by=None,
            signed_at=None,
        )
        visit = store.visits.add(draft)
        assert visit.id is not None
        visit_ids[visit.uid] = visit.id
        for _, f, ref in pv.findings:
            store.findings.add(replace(f, visit_id=visit.id, trigger_point_id=point_ids[ref]))
        for _, z, ref in pv.zones:
            store.referral_zones.add(replace(z, visit_id=visit.id, trigger_point_id=point_ids[ref]))
        for _, t, refs in pv.treatments:
            store.treatments.add(
                replace(t, visit_id=visit.id, trigger_point_ids=tuple(point_ids[r] for r in refs))
            )
        for _, m in pv.measurements:
            store.measurements.add(replace(m, visit_id=visit.id))
    for tp in planned.points:
        if tp.first_visit_uid is None and tp.resolved_visit_uid is None:
            continue
        stored = store.trigger_points.get(point_ids[tp.point.uid])
        store.trigger_points.update(
            replace(
                stored,
                first_visit_id=visit_ids.get(tp.first_visit_uid or ""),
                resolved_visit_id=visit_ids.get(tp.resolved_visit_uid or ""),
            )
        )
    # Sign last: the database refuses records for a signed visit.
    for pv in planned.visits:
        if pv.visit.status is VisitStatus.SIGNED:
            assert pv.visit.signed_by is not None
            assert pv.visit.signed_at is not None
            store.visits.sign(visit_ids[pv.visit.uid], pv.visit.signed_by, pv.visit.signed_at)
    # Amendments only after signing: the database refuses them for a draft. They were
    # ordered as they apply, so their row ids keep that order.
    for pv in planned.visits:
        for _, a in pv.amendments:
            store.amendments.add(replace(a, visit_id=visit_ids[pv.visit.uid]))
