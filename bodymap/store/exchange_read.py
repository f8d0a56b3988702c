"""Reading an exchange document into domain records, collecting every problem.

Nothing here touches a database: :func:`plan_import` turns a parsed document into an
:class:`ImportPlan` of validated domain records (with placeholder row ids), or raises
:class:`ImportRejected` listing every bad record and field. The importer then checks the
plan against the target database and writes it.

The domain dataclasses are the authority on values; this module only checks the JSON
shape (objects, lists, required keys), converts JSON text to dates and enums, and checks
what only a whole document can show: duplicates and references between records.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeVar

from bodymap.domain.amendment import Amendment, AmendmentTarget, check_applies
from bodymap.domain.finding import Activity, Finding, PressurePainThreshold, SensationQuality
from bodymap.domain.ids import is_uid
from bodymap.domain.measures import Measurement
from bodymap.domain.muscles import Side
from bodymap.domain.patient import CHART_NO_PATTERN, Patient, Sex
from bodymap.domain.referral import ReferralZone
from bodymap.domain.treatment import Agent, NeedleRecord, Treatment
from bodymap.domain.treatment_catalog import TreatmentKind
from bodymap.domain.trigger_point import MapPosition, TriggerPoint
from bodymap.domain.units import PressureUnit
from bodymap.domain.validation import FieldError, ValidationError
from bodymap.domain.visit import EscalationStep, Visit, VisitStatus
from bodymap.store.errors import ImportRejected

FORMAT = "bodymap-exchange"
VERSION = 1
MAX_DEPTH = 40  # a version 1 document nests about 10 levels; deeper is junk
MAX_MESSAGE = 300  # a hostile value must not turn one problem line into megabytes
_PLACEHOLDER_ID = 0  # domain records need row ids; the real ones come at write time
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

E = TypeVar("E", bound=Enum)
T = TypeVar("T")

# Every key each record must carry, in the order the exporter thinks of them.
PATIENT_KEYS = (
    "uid", "chart_no", "family_name", "given_names", "date_of_birth", "sex", "weight_kg",
    "notes", "trigger_points", "visits",
)  # fmt: skip
POINT_KEYS = (
    "uid", "label", "muscle_id", "side", "position", "first_visit_uid", "resolved_visit_uid",
)  # fmt: skip
POSITION_KEYS = ("x", "y", "template_id", "template_version")
VISIT_KEYS = (
    "uid", "visit_date", "clinician", "chief_complaint", "subjective", "escalation_step",
    "plan", "reassess_on", "status", "signed_by", "signed_at", "findings", "referral_zones",
    "treatments", "measurements",
)  # fmt: skip
# Written only when a visit has amendments, so a version 1 file from before amendments
# is exactly what this app writes for the same records, and still imports.
VISIT_OPTIONAL_KEYS = ("amendments",)
FINDING_FLAGS = ("taut_band", "referred_pain", "pain_recognition", "twitch_response", "jump_sign")
FINDING_KEYS = (
    "uid", "trigger_point_uid", *FINDING_FLAGS, "tenderness", "nrs_on_compression", "ppt",
    "sensation", "activity", "notes",
)  # fmt: skip
PPT_KEYS = ("trials", "unit", "probe_area_cm2", "rate_per_s")
ZONE_KEYS = (
    "uid", "trigger_point_uid", "quality", "polygons", "extent_percent", "template_id",
    "template_version",
)  # fmt: skip
TREATMENT_KEYS = ("uid", "kind", "trigger_point_uids", "details", "needle", "notes")
NEEDLE_KEYS = (
    "sterile_prep", "needle_gauge", "needle_length_mm", "points_count", "agent",
    "concentration_percent", "with_epinephrine", "volume_per_point_ml", "corticosteroid_mg",
    "aspiration_confirmed", "twitch_responses", "post_nrs",
)  # fmt: skip
MEASUREMENT_KEYS = ("uid", "kind", "value")
AMENDMENT_KEYS = (
    "uid", "created_at", "author", "reason", "target", "target_uid", "field", "old_value",
    "new_value",
)  # fmt: skip


# --- the plan ----------------------------------------------------------------------


@dataclass(slots=True)
class PlannedPoint:
    where: str
    point: TriggerPoint
    first_visit_uid: str | None
    resolved_visit_uid: str | None


@dataclass(slots=True)
class PlannedVisit:
    where: str
    visit: Visit  # with the status, signer and time of the document
    findings: list[tuple[str, Finding, str]] = field(default_factory=list)  # (where, rec, tp)
    zones: list[tuple[str, ReferralZone, str]] = field(default_factory=list)
    treatments: list[tuple[str, Treatment, tuple[str, ...]]] = field(default_factory=list)
    measurements: list[tuple[str, Measurement]] = field(default_factory=list)
    amendments: list[tuple[str, Amendment]] = field(default_factory=list)  # oldest first


@dataclass(slots=True)
class PlannedPatient:
    where: str
    patient: Patient
    points: list[PlannedPoint] = field(default_factory=list)
    visits: list[PlannedVisit] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RecordCounts:
    patients: int = 0
    visits: int = 0
    trigger_points: int = 0
    findings: int = 0
    referral_zones: int = 0
    treatments: int = 0
    measurements: int = 0
    amendments: int = 0

    def describe(self) -> str:
        parts = [
            (self.patients, "patient", "patients"),
            (self.visits, "visit", "visits"),
            (self.trigger_points, "trigger point", "trigger points"),
            (self.findings, "finding", "findings"),
            (self.referral_zones, "referral zone", "referral zones"),
            (self.treatments, "treatment", "treatments"),
            (self.measurements, "measurement", "measurements"),
        ]
        if self.amendments:  # rare: named only when there are some
            parts.append((self.amendments, "amendment", "amendments"))
        return ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in parts)


@dataclass(slots=True)
class ImportPlan:
    """A whole document, validated, ready to be written."""

    patients: list[PlannedPatient]

    @property
    def counts(self) -> RecordCounts:
        visits = [v for p in self.patients for v in p.visits]
        return RecordCounts(
            patients=len(self.patients),
            visits=len(visits),
            trigger_points=sum(len(p.points) for p in self.patients),
            findings=sum(len(v.findings) for v in visits),
            referral_zones=sum(len(v.zones) for v in visits),
            treatments=sum(len(v.treatments) for v in visits),
            measurements=sum(len(v.measurements) for v in visits),
            amendments=sum(len(v.amendments) for v in visits),
        )

    def uids(self) -> Iterator[tuple[str, str, str]]:
        """(table, uid, where) of every record the plan would insert."""
        for p in self.patients:
            yield "patient", p.patient.uid, p.where
            for tp in p.points:
                yield "trigger_point", tp.point.uid, tp.where
            for v in p.visits:
                yield "visit", v.visit.uid, v.where
                for where, f, _ in v.findings:
                    yield "finding", f.uid, where
                for where, z, _ in v.zones:
                    yield "referral_zone", z.uid, where
                for where, t, _ in v.treatments:
                    yield "treatment", t.uid, where
                for where, m in v.measurements:
                    yield "measurement", m.uid, where
                for where, a in v.amendments:
                    yield "amendment", a.uid, where


# --- helpers -------------------------------------------------------------------------


def clip(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 3] + "..."


def json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


class RecordReader:
    """One JSON object being read as one record: reports a non-object, missing and
    unknown keys, conversion failures, and the dataclass's own field errors, each once.

    A missing key reads as the dataclass default, so only "is missing" is reported for it.
    """

    def __init__(
        self,
        problems: list[str],
        where: str,
        record: str,
        value: object,
        keys: tuple[str, ...],
        optional: tuple[str, ...] = (),
    ) -> None:
        self.problems = problems
        self.where = where
        self.record = record
        self.failed: set[str] = set()  # fields already reported
        self.ok = isinstance(value, dict)
        self.data: dict[str, Any] = value if isinstance(value, dict) else {}
        if not self.ok:
            self.problems.append(
                clip(f"{where}: {record}: must be an object, not {json_type(value)}")
            )
            return
        for key in self.data:
            if key not in keys and key not in optional:
                self.error(key, "is not a field of this record", shown=repr(key))
        for key in keys:
            if key not in self.data:
                self.error(key, "is missing")

    def error(self, fld: str, message: str, *, shown: str | None = None) -> None:
        self.failed.add(fld)
        self.problems.append(clip(f"{self.where}: {self.record}.{shown or fld}: {message}"))

    def get(self, key: str, default: Any = None) -> Any:
        """The value as it is; the domain says what a wrong type means."""
        return self.data.get(key, default)

    def enum(self, key: str, enum: type[E]) -> Any:
        value = self.data.get(key)
        # Exact types only: true must not pass as escalation step 1.
        base = int if issubclass(enum, int) else str
        if type(value) is base:
            try:
                return enum(value)
            except ValueError:
                pass
        return value  # the domain names the allowed values

    def date(self, key: str) -> Any:
        value = self.data.get(key)
        if value is None:
            return None  # required or not: the domain decides
        if isinstance(value, str) and _ISO_DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.error(key, f"must be a date YYYY-MM-DD, not {value!r}")
        return None

    def datetime(self, key: str) -> Any:
        value = self.data.get(key)
        if value is None:
            return None
        parsed: dt.datetime | None = None
        if isinstance(value, str) and len(value) <= 40:
            try:
                parsed = dt.datetime.fromisoformat(value)
            except ValueError:
                parsed = None
        if parsed is None or parsed.tzinfo is None:
            self.error(key, f"must be a date-time with a UTC offset, not {value!r}")
            return dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # placeholder, already reported
        return parsed

    def integer(self, key: str, default: int) -> Any:
        """An int field the domain does not type-check itself (a template version)."""
        value = self.data.get(key, default)
        if type(value) is not int:
            self.error(key, f"must be a whole number, not {value!r}")
            return default
        return value

    def uid_ref(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, str) and is_uid(value):
            return value
        self.error(key, f"must be a uid (32 lowercase hex digits), not {value!r}")
        return None

    def sub(self, key: str, keys: tuple[str, ...]) -> RecordReader | None:
        """A nested object, or None when it is null or missing."""
        value = self.data.get(key)
        if value is None:
            return None
        reader = RecordReader(self.problems, self.where, f"{self.record}.{key}", value, keys)
        if not reader.ok:
            self.failed.add(key)
            return None
        return reader

    def items(self, key: str) -> list[Any]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            self.error(key, f"must be a list, not {json_type(value)}")
            return []
        return value

    def build(self, make: Callable[[], T]) -> T | None:
        """Construct the dataclass, reporting its field errors except for fields already
        reported. None when the record is refused for any reason."""
        if not self.ok:
            return None
        try:
            record = make()
        except ValidationError as exc:
            self._report(exc.errors)
            return None
        except (TypeError, ValueError, OverflowError) as exc:
            # A value of a type the domain did not expect at all.
            self.problems.append(clip(f"{self.where}: {self.record}: {exc}"))
            return None
        return None if self.failed else record

    def _report(self, errors: tuple[FieldError, ...]) -> None:
        for err in errors:
            local = err.field.split(".", 1)[1] if "." in err.field else err.field
            if any(local == f or local.startswith((f + ".", f + "[")) for f in self.failed):
                continue
            self.problems.append(clip(f"{self.where}: {self.record}.{local}: {err.message}"))
        self.failed.add("")  # refused, even if every error was a repeat


def tuplify(value: object, depth: int) -> Any:
    """JSON lists as tuples down to ``depth`` levels, for polygons and trials."""
    if isinstance(value, list) and depth > 0:
        return tuple(tuplify(v, depth - 1) for v in value)
    return value


def scan_structure(doc: object) -> str | None:
    """One problem with the document as a whole (nesting, unencodable text), or None.

    Runs before any record is read, iteratively, so junk cannot exhaust the stack and
    error messages never carry text that cannot be printed or stored.
    """
    stack: list[tuple[object, int]] = [(doc, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return f"is nested more than {MAX_DEPTH} levels deep; not a Bodymap exchange file"
        if isinstance(value, str):
            if not _encodable(value):
                return "contains text that is not valid Unicode (a lone surrogate escape)"
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
        elif isinstance(value, dict):
            for k, v in value.items():
                if not _encodable(k):
                    return "contains text that is not valid Unicode (a lone surrogate escape)"
                stack.append((v, depth + 1))
    return None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# --- the document ----------------------------------------------------------------------


def check_header(doc: object) -> str | None:
    """What is wrong with the envelope, or None."""
    if not isinstance(doc, dict):
        return f"must hold a JSON object at the top, not {json_type(doc)}"
    fmt = doc.get("format")
    if fmt != FORMAT:
        return f"is not a Bodymap exchange file (format is {clip(repr(fmt))}, expected {FORMAT!r})"
    version = doc.get("version")
    if type(version) is not int:
        return f"has no valid format version (got {clip(repr(version))})"
    if version > VERSION:
        return (
            f"is exchange format version {version}, newer than this app reads ({VERSION}); "
            "update Bodymap to import it"
        )
    if version != VERSION:
        return f"has unknown exchange format version {version} (this app reads {VERSION})"
    extra = sorted(repr(k) for k in doc if k not in ("format", "version", "patients"))
    if extra:
        return clip(f"has unknown top-level fields: {', '.join(extra)}")
    if not isinstance(doc.get("patients"), list):
        return f"must list its patients under 'patients' (got {json_type(doc.get('patients'))})"
    return None


def plan_import(doc: object) -> ImportPlan:
    """Validate a parsed document completely; raise :class:`ImportRejected` listing every
    problem, or return the records to write."""
    problem = scan_structure(doc) or check_header(doc)
    if problem:
        raise ImportRejected(None, [problem])
    assert isinstance(doc, dict)
    problems: list[str] = []
    patients = [_read_patient(problems, i, raw) for i, raw in enumerate(doc["patients"])]
    planned = [p for p in patients if p is not None]
    _check_duplicates(problems, planned)
    if problems:
        raise ImportRejected(None, problems)
    return ImportPlan(planned)


def _patient_where(i: int, raw: object) -> str:
    chart = raw.get("chart_no") if isinstance(raw, dict) else None
    if isinstance(chart, str) and CHART_NO_PATTERN.match(chart):
        return f"patients[{i}] (chart {chart})"
    return f"patients[{i}]"


def _read_patient(problems: list[str], i: int, raw: object) -> PlannedPatient | None:
    where = _patient_where(i, raw)
    r = RecordReader(problems, where, "patient", raw, PATIENT_KEYS)
    if not r.ok:
        return None
    patient = r.build(
        lambda: Patient(
            uid=r.get("uid"),
            chart_no=r.get("chart_no"),
            family_name=r.get("family_name", ""),
            given_names=r.get("given_names", ""),
            date_of_birth=r.date("date_of_birth"),
            sex=r.enum("sex", Sex),
            weight_kg=r.get("weight_kg"),
            notes=r.get("notes", ""),
        )
    )
    points = [
        _read_point(problems, f"{where} trigger_points[{j}]", tp)
        for j, tp in enumerate(r.items("trigger_points"))
    ]
    visits = [
        _read_visit(problems, f"{where} visits[{j}]", v) for j, v in enumerate(r.items("visits"))
    ]
    if patient is None or r.failed or None in points or None in visits:
        return None  # problems reported; cross-checks on a broken patient would add noise
    planned = PlannedPatient(
        where,
        patient,
        [p for p in points if p is not None],
        [v for v in visits if v is not None],
    )
    _check_references(problems, planned)
    return planned


def _read_point(problems: list[str], where: str, raw: object) -> PlannedPoint | None:
    r = RecordReader(problems, where, "trigger_point", raw, POINT_KEYS)
    if not r.ok:
        return None
    position: MapPosition | None = None
    pos = r.sub("position", POSITION_KEYS)
    if pos is not None:
        position = pos.build(
            lambda: MapPosition(
                x=pos.get("x"),
                y=pos.get("y"),
                template_id=pos.get("template_id"),
                template_version=pos.integer("template_version", 1),
            )
        )
        if position is None:
            r.failed.add("position")
    elif "position" in r.data:
        r.error("position", "is required (an object with x, y, template_id, template_version)")
    first = r.uid_ref("first_visit_uid")
    resolved = r.uid_ref("resolved_visit_uid")
    point = r.build(
        lambda: TriggerPoint(
            uid=r.get("uid"),
            patient_id=_PLACEHOLDER_ID,
            muscle_id=r.get("muscle_id"),
            side=r.enum("side", Side),
            label=r.get("label"),
            position=position or MapPosition(x=0.5, y=0.5),
        )
    )
    return None if point is None else PlannedPoint(where, point, first, resolved)


def _read_visit(problems: list[str], where: str, raw: object) -> PlannedVisit | None:
    r = RecordReader(problems, where, "visit", raw, VISIT_KEYS, VISIT_OPTIONAL_KEYS)
    if not r.ok:
        return None
    visit = r.build(
        lambda: Visit(
            uid=r.get("uid"),
            patient_id=_PLACEHOLDER_ID,
            visit_date=r.date("visit_date"),
            clinician=r.get("clinician", ""),
            chief_complaint=r.get("chief_complaint", ""),
            subjective=r.get("subjective", ""),
            escalation_step=r.enum("escalation_step", EscalationStep),
            plan=r.get("plan", ""),
            reassess_on=r.date("reassess_on"),
            status=r.enum("status", VisitStatus),
            signed_by=r.get("signed_by"),
            signed_at=r.datetime("signed_at"),
        )
    )
    findings = [
        _read_finding(problems, f"{where} findings[{j}]", f)
        for j, f in enumerate(r.items("findings"))
    ]
    zones = [
        _read_zone(problems, f"{where} referral_zones[{j}]", z)
        for j, z in enumerate(r.items("referral_zones"))
    ]
    treatments = [
        _read_treatment(problems, f"{where} treatments[{j}]", t)
        for j, t in enumerate(r.items("treatments"))
    ]
    measurements = [
        _read_measurement(problems, f"{where} measurements[{j}]", m)
        for j, m in enumerate(r.items("measurements"))
    ]
    amendments = [
        _read_amendment(problems, f"{where} amendments[{j}]", a)
        for j, a in enumerate(r.items("amendments"))
    ]
    parts: list[list[Any]] = [findings, zones, treatments, measurements, amendments]
    if visit is None or any(None in part for part in parts):
        return None
    # Applied oldest first; at the same time, in the file's order (a stable sort).
    ordered = sorted((a for a in amendments if a is not None), key=lambda item: item[1].order_key)
    return PlannedVisit(
        where,
        visit,
        [f for f in findings if f is not None],
        [z for z in zones if z is not None],
        [t for t in treatments if t is not None],
        [m for m in measurements if m is not None],
        ordered,
    )


def _read_finding(problems: list[str], where: str, raw: object) -> tuple[str, Finding, str] | None:
    r = RecordReader(problems, where, "finding", raw, FINDING_KEYS)
    if not r.ok:
        return None
    point_uid = r.uid_ref("trigger_point_uid")
    if point_uid is None and "trigger_point_uid" not in r.failed:
        r.error("trigger_point_uid", "is required")
    ppt: PressurePainThreshold | None = None
    sub = r.sub("ppt", PPT_KEYS)
    if sub is not None:
        ppt = sub.build(
            lambda: PressurePainThreshold(
                trials=tuplify(sub.get("trials"), 1),
                unit=sub.enum("unit", PressureUnit),
                probe_area_cm2=sub.get("probe_area_cm2"),
                rate_per_s=sub.get("rate_per_s"),
            )
        )
        if ppt is None:
            r.failed.add("ppt")
    finding = r.build(
        lambda: Finding(
            uid=r.get("uid"),
            visit_id=_PLACEHOLDER_ID,
            trigger_point_id=_PLACEHOLDER_ID,
            **{flag: r.get(flag) for flag in FINDING_FLAGS},
            tenderness=r.get("tenderness"),
            nrs_on_compression=r.get("nrs_on_compression"),
            ppt=ppt,
            sensation=r.enum("sensation", SensationQuality),
            activity=r.enum("activity", Activity),
            notes=r.get("notes", ""),
        )
    )
    if finding is None or point_uid is None:
        return None
    return where, finding, point_uid


def _read_zone(
    problems: list[str], where: str, raw: object
) -> tuple[str, ReferralZone, str] | None:
    r = RecordReader(problems, where, "referral_zone", raw, ZONE_KEYS)
    if not r.ok:
        return None
    point_uid = r.uid_ref("trigger_point_uid")
    if point_uid is None and "trigger_point_uid" not in r.failed:
        r.error("trigger_point_uid", "is required")
    zone = r.build(
        lambda: ReferralZone(
            uid=r.get("uid"),
            visit_id=_PLACEHOLDER_ID,
            trigger_point_id=_PLACEHOLDER_ID,
            polygons=tuplify(r.get("polygons"), 3),
            quality=r.enum("quality", SensationQuality),
            extent_percent=r.get("extent_percent"),
            template_id=r.get("template_id"),
            template_version=r.integer("template_version", 1),
        )
    )
    if zone is None or point_uid is None:
        return None
    return where, zone, point_uid


def _read_treatment(
    problems: list[str], where: str, raw: object
) -> tuple[str, Treatment, tuple[str, ...]] | None:
    r = RecordReader(problems, where, "treatment", raw, TREATMENT_KEYS)
    if not r.ok:
        return None
    point_uids: list[str] = []
    for k, ref in enumerate(r.items("trigger_point_uids")):
        if is_uid(ref):
            point_uids.append(ref)
        else:
            r.error(f"trigger_point_uids[{k}]", f"must be a uid, not {ref!r}")
    if len(set(point_uids)) != len(point_uids):
        r.error("trigger_point_uids", "must list each trigger point once")
    details = r.get("details", {})
    if not isinstance(details, dict):
        r.error("details", f"must be an object, not {json_type(details)}")
        details = {}
    needle: NeedleRecord | None = None
    sub = r.sub("needle", NEEDLE_KEYS)
    if sub is not None:
        needle = sub.build(
            lambda: NeedleRecord(
                sterile_prep=sub.get("sterile_prep"),
                needle_gauge=sub.get("needle_gauge"),
                needle_length_mm=sub.get("needle_length_mm"),
                points_count=sub.get("points_count"),
                agent=sub.enum("agent", Agent),
                concentration_percent=sub.get("concentration_percent"),
                with_epinephrine=sub.get("with_epinephrine"),
                volume_per_point_ml=sub.get("volume_per_point_ml"),
                corticosteroid_mg=sub.get("corticosteroid_mg"),
                aspiration_confirmed=sub.get("aspiration_confirmed"),
                twitch_responses=sub.get("twitch_responses"),
                post_nrs=sub.get("post_nrs"),
            )
        )
        if needle is None:
            r.failed.add("needle")
    treatment = r.build(
        lambda: Treatment(
            uid=r.get("uid"),
            visit_id=_PLACEHOLDER_ID,
            kind=r.enum("kind", TreatmentKind),
            # One placeholder id per listed point; the real ids come at write time.
            trigger_point_ids=tuple(range(1, len(point_uids) + 1)),
            details=details,
            needle=needle,
            notes=r.get("notes", ""),
        )
    )
    return None if treatment is None else (where, treatment, tuple(point_uids))


def _read_measurement(
    problems: list[str], where: str, raw: object
) -> tuple[str, Measurement] | None:
    r = RecordReader(problems, where, "measurement", raw, MEASUREMENT_KEYS)
    if not r.ok:
        return None
    measurement = r.build(
        lambda: Measurement(
            uid=r.get("uid"),
            visit_id=_PLACEHOLDER_ID,
            kind=r.get("kind"),
            value=r.get("value"),
        )
    )
    return None if measurement is None else (where, measurement)


def _read_amendment(problems: list[str], where: str, raw: object) -> tuple[str, Amendment] | None:
    r = RecordReader(problems, where, "amendment", raw, AMENDMENT_KEYS)
    if not r.ok:
        return None
    amendment = r.build(
        lambda: Amendment(
            uid=r.get("uid"),
            visit_id=_PLACEHOLDER_ID,
            author=r.get("author", ""),
            reason=r.get("reason", ""),
            created_at=r.datetime("created_at"),
            target=r.enum("target", AmendmentTarget),
            target_uid=r.get("target_uid"),
            field=r.get("field"),
            old_value=r.get("old_value"),
            new_value=r.get("new_value"),
        )
    )
    return None if amendment is None else (where, amendment)


# --- whole-document checks ----------------------------------------------------------


def _check_references(problems: list[str], p: PlannedPatient) -> None:
    """Links between a patient's records: every uid named must be one of this patient's."""
    points = {tp.point.uid for tp in p.points}
    visits = {v.visit.uid for v in p.visits}
    labels: dict[int, str] = {}
    for tp in p.points:
        if tp.point.label in labels:
            problems.append(
                f"{tp.where}: trigger_point.label: {tp.point.label} is used twice "
                f"for this patient (also {labels[tp.point.label]})"
            )
        labels.setdefault(tp.point.label, tp.where)
        for key, ref in (("first_visit_uid", tp.first_visit_uid),
                         ("resolved_visit_uid", tp.resolved_visit_uid)):  # fmt: skip
            if ref is not None and ref not in visits:
                problems.append(f"{tp.where}: trigger_point.{key}: no visit {ref} for this patient")
    for v in p.visits:
        seen_points: set[str] = set()
        for where, _, ref in v.findings:
            if ref not in points:
                problems.append(_unknown_point(where, "finding", ref))
            elif ref in seen_points:
                problems.append(
                    f"{where}: finding.trigger_point_uid: this visit has a finding for "
                    f"{ref} already (one finding per point per visit)"
                )
            seen_points.add(ref)
        for where, _, ref in v.zones:
            if ref not in points:
                problems.append(_unknown_point(where, "referral_zone", ref))
        for where, _, refs in v.treatments:
            for ref in refs:
                if ref not in points:
                    problems.append(_unknown_point(where, "treatment", ref, "trigger_point_uids"))
        kinds: set[str] = set()
        for where, m in v.measurements:
            if m.kind in kinds:
                problems.append(
                    f"{where}: measurement.kind: {m.kind} is recorded twice at this visit"
                )
            kinds.add(m.kind)
        _check_amendments(problems, v)


def _check_amendments(problems: list[str], v: PlannedVisit) -> None:
    """Each amendment, in the order it applies, must be a coherent correction of a record
    of its own visit, as the store will check it again on writing."""
    if not v.amendments:
        return
    if not v.visit.is_signed:
        for where, _ in v.amendments:
            problems.append(
                f"{where}: amendment: the visit is a draft; only signed visits have amendments"
            )
        return
    findings = {f.uid: f for _, f, _ in v.findings}
    treatments = {t.uid: t for _, t, _ in v.treatments}
    measures = {m.kind: m.value for _, m in v.measurements}
    done: list[Amendment] = []
    for where, a in v.amendments:
        try:
            check_applies(
                a,
                visit=v.visit,
                existing=done,
                finding=findings.get(a.target_uid),
                treatment=treatments.get(a.target_uid),
                measures=measures,
            )
        except ValidationError as exc:
            problems.extend(clip(f"{where}: {e}") for e in exc.errors)
        done.append(a)


def _unknown_point(where: str, record: str, ref: str, key: str = "trigger_point_uid") -> str:
    return f"{where}: {record}.{key}: no trigger point {ref} for this patient"


def _check_duplicates(problems: list[str], patients: list[PlannedPatient]) -> None:
    charts: dict[str, str] = {}
    for p in patients:
        chart = p.patient.chart_no
        if chart in charts:
            problems.append(
                f"{p.where}: patient.chart_no: chart number {chart} appears twice in the file "
                f"(also {charts[chart]})"
            )
        charts.setdefault(chart, p.where)
    seen: dict[str, str] = {}
    for table, uid, where in ImportPlan(patients).uids():
        if uid in seen:
            problems.append(
                f"{where}: {table}.uid: {uid} appears twice in the file (also {seen[uid]})"
            )
        seen.setdefault(uid, where)
