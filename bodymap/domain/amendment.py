"""Amendments: how a signed visit is corrected while what was signed stays as it was.

A signed visit and its records never change. A correction is an :class:`Amendment` of
one field of one record (the visit, a finding, a measure, a treatment), or an addendum
(a free-text note added to the visit), with its author, reason and time. The record
"as amended" is the signed record with its amendments applied in order, later ones
winning (:func:`amended_visit` and friends); the history stays readable field by field.

Values are JSON scalars, the same in the database and in the exchange file: dates as
ISO text, enums by their value. :func:`encode_value` and :func:`decode_value` are the one
place that converts between them and the domain's types.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum, StrEnum
from types import MappingProxyType
from typing import Any, TypeVar

from bodymap.domain.finding import TENDERNESS_GRADES, Activity, Finding, SensationQuality
from bodymap.domain.ids import is_uid, new_uid
from bodymap.domain.measures import MEASURE_KINDS_BY_ID, Measurement
from bodymap.domain.treatment import Treatment
from bodymap.domain.treatment_catalog import TreatmentKind
from bodymap.domain.validation import Checker, FieldError, ValidationError
from bodymap.domain.visit import TEXT_MAX, EscalationStep, Visit

AUTHOR_MAX = 200
REASON_MAX = 2000
ADDENDUM_MAX = TEXT_MAX
SHOWN_TEXT_MAX = 60  # how much of a long text describe() quotes

JsonScalar = str | int | float | bool | None


class AmendmentTarget(StrEnum):
    """What an amendment corrects. Stored and exported: never rename one."""

    VISIT = "visit"  # target_uid: the visit
    FINDING = "finding"  # target_uid: the finding
    MEASUREMENT = "measurement"  # target_uid: the visit; field: the measure kind id
    TREATMENT = "treatment"  # target_uid: the treatment
    NOTE = "note"  # target_uid: the visit; an addendum, field ""


VISIT_FIELDS: tuple[str, ...] = (
    "clinician", "chief_complaint", "subjective", "plan", "escalation_step", "reassess_on",
)  # fmt: skip
FINDING_FIELDS: tuple[str, ...] = (
    "taut_band", "tenderness", "referred_pain", "pain_recognition", "twitch_response",
    "jump_sign", "nrs_on_compression", "activity", "sensation", "notes",
)  # fmt: skip
MEASUREMENT_FIELDS: tuple[str, ...] = tuple(MEASURE_KINDS_BY_ID)
TREATMENT_FIELDS: tuple[str, ...] = ("notes",)
NOTE_FIELD = ""
ALLOWED_FIELDS: Mapping[AmendmentTarget, tuple[str, ...]] = MappingProxyType(
    {
        AmendmentTarget.VISIT: VISIT_FIELDS,
        AmendmentTarget.FINDING: FINDING_FIELDS,
        AmendmentTarget.MEASUREMENT: MEASUREMENT_FIELDS,
        AmendmentTarget.TREATMENT: TREATMENT_FIELDS,
        AmendmentTarget.NOTE: (NOTE_FIELD,),
    }
)

_FIELD_LABELS: Mapping[tuple[AmendmentTarget, str], str] = MappingProxyType(
    {
        (AmendmentTarget.VISIT, "clinician"): "Clinician",
        (AmendmentTarget.VISIT, "chief_complaint"): "Chief complaint",
        (AmendmentTarget.VISIT, "subjective"): "Subjective",
        (AmendmentTarget.VISIT, "plan"): "Plan",
        (AmendmentTarget.VISIT, "escalation_step"): "Escalation step",
        (AmendmentTarget.VISIT, "reassess_on"): "Reassessment date",
        (AmendmentTarget.FINDING, "taut_band"): "Taut band",
        (AmendmentTarget.FINDING, "tenderness"): "Tenderness",
        (AmendmentTarget.FINDING, "referred_pain"): "Referred pain",
        (AmendmentTarget.FINDING, "pain_recognition"): "Pain recognition",
        (AmendmentTarget.FINDING, "twitch_response"): "Twitch response",
        (AmendmentTarget.FINDING, "jump_sign"): "Jump sign",
        (AmendmentTarget.FINDING, "nrs_on_compression"): "Pain on compression",
        (AmendmentTarget.FINDING, "activity"): "Activity",
        (AmendmentTarget.FINDING, "sensation"): "Sensation",
        (AmendmentTarget.FINDING, "notes"): "Finding notes",
        (AmendmentTarget.TREATMENT, "notes"): "Treatment notes",
        (AmendmentTarget.NOTE, NOTE_FIELD): "Addendum",
    }
)
# Text fields are quoted when described; the others are shown as they read.
_TEXT_FIELDS = frozenset({"clinician", "chief_complaint", "subjective", "plan", "notes"})
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Amendment:
    """One correction of a signed visit, or an addendum to it. Permanent once stored."""

    visit_id: int
    author: str
    reason: str
    created_at: dt.datetime
    target: AmendmentTarget
    target_uid: str
    field: str
    old_value: JsonScalar
    new_value: JsonScalar
    id: int | None = None
    uid: str = dataclasses.field(default_factory=new_uid)

    def __post_init__(self) -> None:
        check = Checker("amendment")
        if not _is_row_id(self.visit_id):
            check.fail("visit_id", "must be the row id of a visit")
        check.text("author", self.author, max_len=AUTHOR_MAX, required=True)
        check.text("reason", self.reason, max_len=REASON_MAX, required=True)
        when = _time_problem(self.created_at)
        if when:
            check.fail("created_at", when)
        check.choice("target", self.target, AmendmentTarget)
        if not is_uid(self.target_uid):
            check.fail("target_uid", "must be the uid (32 lowercase hex digits) of the record")
        scalars_ok = all(
            _check_scalar(check, name, getattr(self, name)) for name in ("old_value", "new_value")
        )
        if isinstance(self.target, AmendmentTarget) and scalars_ok:
            self._check_change(check)
        if not is_uid(self.uid):
            check.fail("uid", "must be 32 lowercase hex digits")
        check.done()

    def _check_change(self, check: Checker) -> None:
        allowed = ALLOWED_FIELDS[self.target]
        if self.target is AmendmentTarget.NOTE:
            if self.field != NOTE_FIELD:
                check.fail("field", 'must be "" for an addendum')
            if self.old_value is not None:
                check.fail("old_value", "must be null for an addendum")
            check.text("new_value", self.new_value, max_len=ADDENDUM_MAX, required=True)
            return
        if not isinstance(self.field, str) or self.field not in allowed:
            shown = ", ".join(allowed) if len(allowed) <= 12 else "a measure kind id"
            check.fail("field", f"{self.field!r} cannot be amended on a {self.target} ({shown})")
            return
        for name in ("old_value", "new_value"):
            for err in value_problems(self.target, self.field, getattr(self, name)):
                check.fail(name, f"{self.field} {err.message}")
        if not check.errors and same_value(self.old_value, self.new_value):
            check.fail("new_value", "is the same as the old value; there is nothing to amend")

    @property
    def order_key(self) -> tuple[dt.datetime, bool, int]:
        """Oldest first; at the same time, stored before unstored, then by row id."""
        return (self.created_at, self.id is None, self.id or 0)

    @property
    def is_addendum(self) -> bool:
        return self.target is AmendmentTarget.NOTE


def _is_row_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _time_problem(value: object) -> str | None:
    if not isinstance(value, dt.datetime):
        return "must be a date and time with a UTC offset"
    if value.utcoffset() is None:
        return "must carry a UTC offset"
    return None


def _check_scalar(check: Checker, name: str, value: object) -> bool:
    if value is None or isinstance(value, str | bool | int):
        return True
    if isinstance(value, float):
        if math.isfinite(value):
            return True
        check.fail(name, "must be a finite number")
        return False
    check.fail(name, f"must be text, a number, yes/no or null, not {type(value).__name__}")
    return False


def same_value(a: JsonScalar, b: JsonScalar) -> bool:
    """Equal as recorded values: 6 and 6.0 are the same, True and 1 are not."""
    return isinstance(a, bool) == isinstance(b, bool) and a == b


# --- values ------------------------------------------------------------------------------


def encode_value(value: object) -> JsonScalar:
    """A domain value as the JSON scalar an amendment keeps: enums by value, dates as
    ISO text, None as null."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, Enum):
        inner: object = value.value
        if isinstance(inner, str | int):
            return inner
    elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    elif isinstance(value, str | int | float):
        return value
    raise TypeError(f"an amendment cannot hold a {type(value).__name__}")


def decode_value(target: AmendmentTarget, field_name: str, value: JsonScalar) -> Any:
    """An amendment's JSON scalar as the domain value of the field. A value that does not
    convert is passed on as it is, so the record's own validation names the field."""
    enum: type[Enum] | None = None
    if target is AmendmentTarget.VISIT and field_name == "escalation_step":
        if type(value) is int:  # exactly int: true must not read as step 1
            try:
                return EscalationStep(value)
            except ValueError:
                return value
        return value
    if target is AmendmentTarget.VISIT and field_name == "reassess_on":
        if isinstance(value, str) and _ISO_DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                return value
        return value
    if target is AmendmentTarget.FINDING and field_name == "activity":
        enum = Activity
    elif target is AmendmentTarget.FINDING and field_name == "sensation":
        enum = SensationQuality
    if enum is not None and type(value) is str:
        try:
            return enum(value)
        except ValueError:
            return value
    return value


def value_problems(
    target: AmendmentTarget, field_name: str, value: JsonScalar
) -> tuple[FieldError, ...]:
    """What the record's own class says about ``value`` in that field, alone."""
    decoded = decode_value(target, field_name, value)
    try:
        if target is AmendmentTarget.VISIT:
            # A visit long before any real date, so only the field itself is judged.
            base: dict[str, Any] = {
                "patient_id": 0,
                "visit_date": dt.date.min,
                "clinician": "-",
            }
            Visit(**{**base, field_name: decoded})
        elif target is AmendmentTarget.FINDING:
            Finding(visit_id=0, trigger_point_id=0, **{field_name: decoded})
        elif target is AmendmentTarget.MEASUREMENT:
            if value is not None:  # None: no longer recorded
                Measurement(visit_id=0, kind=field_name, value=decoded)
        elif target is AmendmentTarget.TREATMENT:
            Treatment(visit_id=0, kind=TreatmentKind.HEAT, **{field_name: decoded})
    except ValidationError as exc:
        record = "measurement" if target is AmendmentTarget.MEASUREMENT else str(target)
        return tuple(e for e in exc.errors if e.field == f"{record}.{field_name}")
    return ()


# --- the record as amended ---------------------------------------------------------------


def in_order(amendments: Iterable[Amendment]) -> list[Amendment]:
    """Oldest first: by time, then by row id (the order they were stored)."""
    return sorted(amendments, key=lambda a: a.order_key)


def _changes(
    amendments: Iterable[Amendment], target: AmendmentTarget, target_uid: str
) -> dict[str, JsonScalar]:
    latest: dict[str, JsonScalar] = {}
    for a in in_order(amendments):
        if a.target is target and a.target_uid == target_uid:
            latest[a.field] = a.new_value  # later amendments win
    return latest


_Record = TypeVar("_Record", bound=Visit | Finding | Treatment)


def _amended(record: _Record, target: AmendmentTarget, amendments: Iterable[Amendment]) -> _Record:
    """``record`` with the latest amendment of each of its fields applied; replace()
    re-validates, so a bad value raises ValidationError naming the field."""
    changes = _changes(amendments, target, record.uid)
    if not changes:
        return record
    return replace(record, **{k: decode_value(target, k, v) for k, v in changes.items()})


def amended_visit(visit: Visit, amendments: Iterable[Amendment]) -> Visit:
    """The visit as its amendments correct it; a bad value raises ValidationError."""
    return _amended(visit, AmendmentTarget.VISIT, amendments)


def amended_finding(finding: Finding, amendments: Iterable[Amendment]) -> Finding:
    return _amended(finding, AmendmentTarget.FINDING, amendments)


def amended_treatment(treatment: Treatment, amendments: Iterable[Amendment]) -> Treatment:
    return _amended(treatment, AmendmentTarget.TREATMENT, amendments)


def amended_measures(
    visit_uid: str, values: Mapping[str, float], amendments: Iterable[Amendment]
) -> dict[str, float]:
    """A visit's measures (kind id -> value) as amended; an amendment to None removes
    the measure (not recorded). A bad value raises ValidationError naming the measure."""
    result = dict(values)
    errors: list[FieldError] = []
    for kind, value in _changes(amendments, AmendmentTarget.MEASUREMENT, visit_uid).items():
        if value is None:
            result.pop(kind, None)
            continue
        try:
            measurement = Measurement(visit_id=0, kind=kind, value=value)  # type: ignore[arg-type]
        except ValidationError as exc:
            errors.extend(exc.errors)
            continue
        result[kind] = measurement.value
    if errors:
        raise ValidationError(errors)
    return result


def addenda(visit_uid: str, amendments: Iterable[Amendment]) -> list[Amendment]:
    """The notes added to a visit after signing, oldest first."""
    return [
        a
        for a in in_order(amendments)
        if a.target is AmendmentTarget.NOTE and a.target_uid == visit_uid
    ]


def field_history(
    amendments: Iterable[Amendment], target: AmendmentTarget, target_uid: str, field_name: str
) -> list[Amendment]:
    """Every amendment of one field of one record, oldest first."""
    return [
        a
        for a in in_order(amendments)
        if a.target is target and a.target_uid == target_uid and a.field == field_name
    ]


def check_applies(
    amendment: Amendment,
    *,
    visit: Visit,
    existing: Sequence[Amendment],
    finding: Finding | None = None,
    treatment: Treatment | None = None,
    measures: Mapping[str, float] | None = None,
) -> None:
    """Raise ValidationError unless ``amendment`` is a coherent next correction of its
    record: the visit is signed and was signed before it, no later amendment of the same
    field exists, its old value is what the record says now (``existing`` applied), and
    the record with it applied is valid. ``finding``, ``treatment`` or ``measures`` is
    the signed record the amendment targets, as stored."""
    check = Checker("amendment")
    a = amendment
    if not visit.is_signed:
        check.fail("visit_id", "the visit is a draft; edit it directly (amend signed visits)")
    elif visit.signed_at is not None and a.created_at < visit.signed_at:
        check.fail("created_at", f"is before the visit was signed ({visit.signed_at.isoformat()})")
    others = [x for x in existing if x.uid != a.uid]
    if a.target is not AmendmentTarget.NOTE:
        later = [
            x
            for x in field_history(others, a.target, a.target_uid, a.field)
            if x.order_key > a.order_key
        ]
        if later:
            check.fail(
                "created_at",
                f"is before a later amendment of {a.field} ({later[-1].created_at.isoformat()})",
            )
    check.done()
    before = [x for x in others if x.order_key < a.order_key]
    current: object = None
    records = {
        AmendmentTarget.VISIT: visit,
        AmendmentTarget.FINDING: finding,
        AmendmentTarget.TREATMENT: treatment,
    }
    # Each branch reads the value as it stands, then applies the amendment too: a value
    # the record may not hold raises ValidationError.
    if a.target is AmendmentTarget.MEASUREMENT:
        _require_target(visit.uid, a)
        current = amended_measures(visit.uid, measures or {}, before).get(a.field)
        amended_measures(visit.uid, measures or {}, [*before, a])
    elif a.target in records:
        record = records[a.target]
        if record is None:
            raise ValidationError.single(
                "amendment.target_uid", f"names no {a.target} of this visit"
            )
        _require_target(record.uid, a)
        current = getattr(_amended(record, a.target, before), a.field)
        _amended(record, a.target, [*before, a])
    else:  # an addendum: it changes no value
        _require_target(visit.uid, a)
        return
    now = encode_value(current)
    if not same_value(now, a.old_value):
        raise ValidationError.single(
            "amendment.old_value",
            f"is {render_value(a.target, a.field, a.old_value)}, but the record now says "
            f"{render_value(a.target, a.field, now)}",
        )


def _require_target(uid: str, a: Amendment) -> None:
    if a.target_uid != uid:
        raise ValidationError.single(
            "amendment.target_uid", f"names {a.target_uid}, not this {a.target} ({uid})"
        )


# --- making amendments -------------------------------------------------------------------


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _signed_visit_id(visit: Visit) -> int:
    if visit.id is None:
        raise ValidationError.single("amendment.visit_id", "the visit is not stored yet")
    if not visit.is_signed:
        raise ValidationError.single(
            "amendment.visit_id", "the visit is a draft; edit it directly (amend signed visits)"
        )
    return visit.id


def amend(
    record: Visit | Finding | Treatment,
    field_name: str,
    new_value: object,
    *,
    author: str,
    reason: str,
    at: dt.datetime | None = None,
) -> Amendment:
    """An amendment setting one field of a stored record to ``new_value`` (a domain
    value: a date, an enum, ...). Pass the record as currently amended, so the old value
    recorded is the one the clinician saw."""
    target: AmendmentTarget
    if isinstance(record, Visit):
        target, visit_id = AmendmentTarget.VISIT, _signed_visit_id(record)
    elif isinstance(record, Finding):
        target, visit_id = AmendmentTarget.FINDING, record.visit_id
    else:
        target, visit_id = AmendmentTarget.TREATMENT, record.visit_id
    known = field_name in ALLOWED_FIELDS[target]
    return Amendment(
        visit_id=visit_id,
        author=author,
        reason=reason,
        created_at=at or _now(),
        target=target,
        target_uid=record.uid,
        field=field_name,
        old_value=encode_value(getattr(record, field_name)) if known else None,
        new_value=encode_value(new_value),
    )


def amend_measure(
    visit: Visit,
    measures: Mapping[str, float],
    kind: str,
    new_value: float | None,
    *,
    author: str,
    reason: str,
    at: dt.datetime | None = None,
) -> Amendment:
    """An amendment of one measure of a signed visit; ``measures`` are the visit's values
    as currently amended (kind id -> value); None: the measure was not recorded."""
    return Amendment(
        visit_id=_signed_visit_id(visit),
        author=author,
        reason=reason,
        created_at=at or _now(),
        target=AmendmentTarget.MEASUREMENT,
        target_uid=visit.uid,
        field=kind,
        old_value=measures.get(kind),
        new_value=new_value,
    )


def addendum(
    visit: Visit, text: str, *, author: str, reason: str, at: dt.datetime | None = None
) -> Amendment:
    """A note added to a signed visit."""
    return Amendment(
        visit_id=_signed_visit_id(visit),
        author=author,
        reason=reason,
        created_at=at or _now(),
        target=AmendmentTarget.NOTE,
        target_uid=visit.uid,
        field=NOTE_FIELD,
        old_value=None,
        new_value=text,
    )


# --- words -------------------------------------------------------------------------------


def field_label(target: AmendmentTarget, field_name: str) -> str:
    """The field as a person names it, e.g. "Plan", "Pain now (NRS)"."""
    if target is AmendmentTarget.MEASUREMENT:
        spec = MEASURE_KINDS_BY_ID.get(field_name)
        return spec.label if spec is not None else field_name
    return _FIELD_LABELS.get((target, field_name), field_name.replace("_", " ").capitalize())


def _number(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value)


def _short(text: str) -> str:
    one_line = " ".join(text.split())
    if len(one_line) > SHOWN_TEXT_MAX:
        one_line = one_line[: SHOWN_TEXT_MAX - 1].rstrip() + "…"
    return one_line


def render_value(target: AmendmentTarget, field_name: str, value: JsonScalar) -> str:
    """One value as it reads in a sentence: yes/no, 'not recorded', units, quoted text."""
    if value is None:
        return "not recorded"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        if field_name in _TEXT_FIELDS or target is AmendmentTarget.NOTE:
            return f"'{_short(value)}'" if value.strip() else "blank"
        return _short(value)  # a date or an enum value
    if target is AmendmentTarget.MEASUREMENT:
        spec = MEASURE_KINDS_BY_ID.get(field_name)
        unit = spec.unit if spec is not None else ""
        joiner = "" if unit.startswith(("/", "°")) else " "
        return f"{_number(value)}{joiner}{unit}".rstrip()
    if field_name == "escalation_step":
        return f"step {value}"
    if field_name == "tenderness" and value in TENDERNESS_GRADES:
        return f"{value} ({TENDERNESS_GRADES[int(value)]})"
    if field_name == "nrs_on_compression":
        return f"{_number(value)}/10"
    return _number(value)


def describe(amendment: Amendment) -> str:
    """The amendment in a short sentence, e.g. "Plan changed from 'x' to 'y'"."""
    a = amendment
    if a.target is AmendmentTarget.NOTE:
        return f"Addendum: {render_value(a.target, a.field, a.new_value)}"
    old = render_value(a.target, a.field, a.old_value)
    new = render_value(a.target, a.field, a.new_value)
    return f"{field_label(a.target, a.field)} changed from {old} to {new}"
