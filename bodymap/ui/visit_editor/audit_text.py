"""The History tab's words: a visit's audit trail as a clinician reads it.

Plain Python (no Qt), so the wording is tested on its own. The audit trail
(``bodymap.store.audit``) keeps one entry per changed row, with the row as JSON; this
module turns them into lines such as "Changed the finding of point 3 (R upper
trapezius): Spot tenderness 2 moderate → 3 severe, withdraws" or "Signed by Dr X",
naming fields as the editor's tabs do and leaving out bookkeeping columns (ids, uids,
time stamps). Rows written in one action (a treatment with its points and needle
record, a new point with its finding, a point removed with its zones) read as one line.

Trigger points belong to the patient, not the visit, so their entries are not filed
under the visit; the ones that concern it (placed, moved or marked resolved at this
visit) are gathered here from each point's own history.

Details of print and export events, as Bodymap writes them (``Session.record_output``,
``bodymap report``): ``document`` ("visit", "homecare", "progress"), ``chart_no``,
``visit_uid``, ``visit_date``, ``file`` (the PDF written), ``printer``, ``via`` (the
command, when not the app), ``from`` / ``to`` (a progress report's dates).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from bodymap.domain.amendment import AmendmentTarget, field_label, render_value
from bodymap.domain.muscles import display_name
from bodymap.domain.treatment_catalog import kind_info
from bodymap.store import Store, audit
from bodymap.store.audit import AuditEntry, Change
from bodymap.ui.visit_editor.finding_fields import LABELS as FINDING_LABELS
from bodymap.ui.visit_editor.finding_fields import tenderness_text, yes_no

OUTSIDE = "outside Bodymap"
OUTSIDE_TIP = (
    "Written to the database file by another program, not through Bodymap: the entry is "
    "not sealed in the audit trail. Find out who changed the file; `bodymap check` lists "
    "every such change."
)
ARROW = " → "
SHOWN = 60  # how much of a long text a line quotes
GROUP_SECONDS = 2.0  # rows one action writes come within this time of each other

_DOCUMENTS = {
    "visit": "the visit summary",
    "homecare": "the home-care sheet",
    "progress": "the progress report",
}
_TREATMENT_TABLES = frozenset({"treatment", "treatment_point", "needle_record"})
_BOOKKEEPING = frozenset({"id", "uid", "created_at", "updated_at"})
_FINDING_COLUMNS = {  # column -> the Findings tab's row (finding_fields.LABELS)
    "taut_band": "taut_band", "tenderness": "tenderness", "referred_pain": "referred_pain",
    "pain_recognition": "pain_recognition", "twitch_response": "twitch_response",
    "jump_sign": "jump_sign", "nrs_on_compression": "nrs_on_compression",
    "sensation": "sensation", "activity": "activity", "notes": "notes",
    "ppt_unit": "ppt_unit", "ppt_probe_cm2": "ppt_probe", "ppt_rate": "ppt_rate",
}  # fmt: skip
_TRI_STATE = frozenset(
    {"taut_band", "referred_pain", "pain_recognition", "twitch_response", "jump_sign"}
)
# The needle record's columns as the treatment editor names them, with their units.
_NEEDLE_FIELDS: dict[str, tuple[str, str]] = {
    "sterile_prep": ("Sterile skin preparation", ""),
    "needle_gauge": ("Needle gauge", "G"),
    "needle_length_mm": ("Needle length", "mm"),
    "points_count": ("Number of points", ""),
    "agent": ("Agent", ""),
    "concentration_percent": ("Concentration", "%"),
    "with_epinephrine": ("With epinephrine", ""),
    "volume_per_point_ml": ("Volume per point", "mL"),
    "corticosteroid_mg": ("Corticosteroid dose", "mg"),
    "aspiration_confirmed": ("Aspiration", ""),
    "twitch_responses": ("Local twitch responses", ""),
    "post_nrs": ("NRS after treatment", "/10"),
}
_NEEDLE_FLAGS = frozenset({"sterile_prep", "with_epinephrine", "aspiration_confirmed"})


# --- what the lines are about ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PointName:
    """A trigger point as the map labels it."""

    label: int
    muscle_id: str
    side: str

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> PointName:
        return cls(int(row.get("label") or 0), str(row.get("muscle_id")), str(row.get("side")))

    @property
    def muscle(self) -> str:
        try:
            return display_name(self.muscle_id, self.side)
        except (KeyError, ValueError):  # written outside the app: show it as stored
            return f"{self.side} {self.muscle_id}"

    def text(self) -> str:
        """'point 3 (R upper trapezius)'."""
        return f"point {self.label} ({self.muscle})"


@dataclass(frozen=True, slots=True)
class VisitAudit:
    """Everything recorded about a visit, oldest first, and the names of its points."""

    changes: tuple[Change, ...]
    points: Mapping[int, PointName]


@dataclass(frozen=True, slots=True)
class HistoryLine:
    """One line of the History tab: one action, from one or more audit entries."""

    entry_ids: tuple[int, ...]
    at: dt.datetime  # UTC
    actor: str | None  # None: written outside Bodymap
    outside: bool
    what: str
    details: tuple[str, ...]  # the full account, for a tooltip
    kind: str  # "change", "sign", "amend", or the event's name ("print", "export")

    @property
    def when(self) -> str:
        """Local time, to the minute (as the amendments list shows it)."""
        return self.at.astimezone().strftime("%Y-%m-%d %H:%M")

    @property
    def when_exact(self) -> str:
        """Local time to the second, and the time as recorded (UTC)."""
        local = self.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        return f"{local} local time (recorded as {self.at.isoformat(timespec='milliseconds')})"

    @property
    def who(self) -> str:
        return OUTSIDE if self.outside or self.actor is None else self.actor


def load(store: Store, visit_id: int) -> VisitAudit:
    """The visit's audit entries, with the entries of the trigger points placed, moved or
    marked resolved at this visit, and the names of every point they mention."""
    changes = list(audit.visit_history(store.db, visit_id))
    point_ids = {
        int(c.entry.content["trigger_point_id"])
        for c in changes
        if c.entry.table in ("finding", "referral_zone", "treatment_point")
        and isinstance(c.entry.content, dict)
        and c.entry.content.get("trigger_point_id") is not None
    }
    points: dict[int, PointName] = {}
    for point_id in sorted(point_ids):
        before: Any = None
        for e in audit.entries(store.db, table="trigger_point", key=str(point_id)):
            change = Change(entry=e, before=None if e.op in ("insert", "baseline") else before)
            if isinstance(e.content, dict):
                points[point_id] = PointName.of(e.content)  # the latest name wins
                if _concerns(change, visit_id):
                    changes.append(change)
            before = e.content
    changes.sort(key=lambda c: c.entry.id)
    return VisitAudit(tuple(changes), points)


def _concerns(change: Change, visit_id: int) -> bool:
    """Whether a trigger point's entry is part of this visit's story."""
    after: dict[str, Any] = change.entry.content
    before = change.before if isinstance(change.before, dict) else {}
    if change.entry.op != "update":
        return bool(after.get("first_visit_id") == visit_id)
    fields = set(change.changed_fields)
    if "resolved_visit_id" in fields and visit_id in (
        before.get("resolved_visit_id"),
        after.get("resolved_visit_id"),
    ):
        return True
    placed_here = visit_id in (after.get("first_visit_id"), before.get("first_visit_id"))
    return placed_here and bool(fields - {"resolved_visit_id", "first_visit_id"})


# --- grouping entries into actions ------------------------------------------------------------


def _time(entry: AuditEntry) -> dt.datetime:
    return dt.datetime.fromisoformat(entry.at.replace("Z", "+00:00"))


def _row(change: Change) -> dict[str, Any]:
    return change.entry.content if isinstance(change.entry.content, dict) else {}


def _treatment_id(change: Change) -> int | None:
    if change.entry.table not in _TREATMENT_TABLES or change.entry.key is None:
        return None
    return int(change.entry.key.split("/")[0])


def _point_of(change: Change) -> int | None:
    if change.entry.table == "trigger_point":
        return int(change.entry.key) if change.entry.key else None
    value = _row(change).get("trigger_point_id")
    return int(value) if value is not None else None


def _points_of(changes: Iterable[Change]) -> set[int]:
    return {p for p in map(_point_of, changes) if p is not None}


def _is_blank_finding(change: Change) -> bool:
    row = _row(change)
    columns = (*_FINDING_COLUMNS, "ppt_1")
    return all(row.get(c) in (None, "") for c in columns)


def _joins(group: list[Change], c: Change) -> bool:
    """Whether ``c`` is part of the same action as the entries in ``group``."""
    first, last, e = group[0].entry, group[-1].entry, c.entry
    if (first.actor, first.sealed) != (e.actor, e.sealed):
        return False
    if abs((_time(e) - _time(last)).total_seconds()) > GROUP_SECONDS:
        return False
    # A treatment with its points and needle record (one row of the treatment itself).
    # A save writes the treatment's row, then removes its parts and writes them again.
    tid = _treatment_id(group[0])
    if tid is not None and _treatment_id(c) == tid:
        if e.table == "treatment":
            return all(g.entry.table != "treatment" for g in group)
        return e.op != "delete" or all(g.entry.op != "insert" for g in group[1:])
    # A new trigger point and its first finding.
    if first.table == "trigger_point" and first.op == "insert" and len(group) == 1:
        return e.table == "finding" and e.op == "insert" and _point_of(c) == _point_of(group[0])
    # A point taken off the map: its finding, zones and treatment links go too.
    if all(g.entry.op == "delete" and g.entry.table != "treatment" for g in group):
        point = _point_of(group[0])
        return (
            e.op == "delete"
            and point is not None
            and e.table in ("trigger_point", "finding", "referral_zone", "treatment_point")
            and _point_of(c) == point
        )
    # A follow-up visit created with the points carried forward (blank findings).
    if first.table == "visit" and first.op == "insert":
        return e.table == "finding" and e.op == "insert" and _is_blank_finding(c)
    return False


def group_actions(changes: Iterable[Change]) -> list[list[Change]]:
    """Consecutive entries one action wrote, together; every entry in exactly one group."""
    groups: list[list[Change]] = []
    for c in changes:
        if groups and _joins(groups[-1], c):
            groups[-1].append(c)
        else:
            groups.append([c])
    return groups


# --- values and fields -----------------------------------------------------------------------


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _quoted(value: object) -> str:
    text = " ".join(str(value).split())
    if not text:
        return "blank"
    return f"'{text[: SHOWN - 1].rstrip()}…'" if len(text) > SHOWN else f"'{text}'"


def _text_change(old: object, new: object) -> tuple[str, str] | None:
    """Two long texts, quoted from a little before where they start to differ, so an
    edit late in a long plan shows what changed; None unless both are long texts."""
    if not isinstance(old, str) or not isinstance(new, str):
        return None
    a, b = " ".join(old.split()), " ".join(new.split())
    if max(len(a), len(b)) <= SHOWN or not a or not b:
        return None
    pairs = enumerate(zip(a, b, strict=False))  # up to the shorter text's end
    same = next((i for i, (x, y) in pairs if x != y), min(len(a), len(b)))
    start = max(0, a.rfind(" ", 0, max(0, same - 15)) + 1) if same > 20 else 0

    def excerpt(text: str) -> str:
        part = text[start:]
        shown = f"{part[: SHOWN - 1].rstrip()}…" if len(part) > SHOWN else part
        return f"'{'…' if start else ''}{shown}'"

    return excerpt(a), excerpt(b)


def _change(label: str, old: object, new: object, value: Any, column: str) -> str:
    """'Label old → new'; long texts quoted where they differ."""
    texts = _text_change(old, new)
    before, after = texts if texts else (value(column, old), value(column, new))
    return f"{label} {before}{ARROW}{after}"


def _with_unit(value: object, unit: str) -> str:
    if value is None:
        return "not recorded"
    text = _number(value) if isinstance(value, int | float) else str(value)
    if not unit:
        return text
    return f"{text}{unit}" if unit.startswith("/") else f"{text} {unit}"


def finding_value(column: str, value: Any) -> str:
    if column in _TRI_STATE:
        return yes_no(None if value is None else bool(value))
    if column == "tenderness":
        return tenderness_text(value)
    if column == "nrs_on_compression":
        return "not assessed" if value is None else f"{value}/10"
    if column == "notes":
        return _quoted(value)
    if column in ("sensation", "activity"):
        return "not recorded" if value is None else str(value)
    if column == "ppt_probe_cm2":
        return _with_unit(value, "cm²")
    return "not recorded" if value is None else _number(value)


def _finding_label(column: str) -> str:
    if column.startswith("ppt_") and column[4:].isdigit():
        return f"PPT trial {column[4:]}"
    return FINDING_LABELS.get(_FINDING_COLUMNS.get(column, ""), column.replace("_", " "))


def visit_value(column: str, value: Any) -> str:
    if column == "visit_date":
        return str(value)
    return render_value(AmendmentTarget.VISIT, column, value)


def needle_value(column: str, value: Any) -> str:
    if column in _NEEDLE_FLAGS:
        return yes_no(None if value is None else bool(value))
    if column == "agent":
        return "none (dry needling)" if value is None else str(value)
    return _with_unit(value, _NEEDLE_FIELDS.get(column, ("", ""))[1])


def _diff(
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    label: Any,
    value: Any,
    *,
    skip: Iterable[str] = (),
) -> list[str]:
    """'Label old → new' for every column that differs, bookkeeping left out."""
    old, new = before or {}, after or {}
    hidden = _BOOKKEEPING | set(skip)
    columns = [c for c in dict.fromkeys([*old, *new]) if c not in hidden and not c.endswith("_id")]
    return [
        _change(label(c), old.get(c), new.get(c), value, c)
        for c in columns
        if old.get(c) != new.get(c)
    ]


def _values(
    row: Mapping[str, Any], label: Any, value: Any, *, skip: Iterable[str] = ()
) -> list[str]:
    """'Label: value' for every recorded column of a row (for a tooltip)."""
    hidden = _BOOKKEEPING | set(skip)
    return [
        f"{label(c)}: {value(c, v)}"
        for c, v in row.items()
        if c not in hidden and not c.endswith("_id") and v not in (None, "")
    ]


def _details(row: Mapping[str, Any]) -> dict[str, Any]:
    raw = row.get("details")
    try:
        parsed = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return {"details": raw}
    return parsed if isinstance(parsed, dict) else {}


def _kind_label(kind: object) -> str:
    try:
        return kind_info(str(kind)).label
    except ValueError:
        return str(kind)


def _detail_label(kind: object, name: str) -> str:
    try:
        fields = {f.name: f.label for f in kind_info(str(kind)).details}
    except ValueError:
        fields = {}
    return fields.get(name, name.replace("_", " ").capitalize())


def _plain(_column: str, value: Any) -> str:
    if value is None:
        return "not recorded"
    return _number(value) if isinstance(value, int | float) else str(value)


def _and(words: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _labels(ids: Iterable[int], points: Mapping[int, PointName]) -> str:
    labels = sorted(points[i].label if i in points else i for i in ids)
    return _and([str(n) for n in labels]) if labels else "none"


# --- the lines -------------------------------------------------------------------------------


class _Words:
    """Describes one action (a group of entries) of one visit's history."""

    def __init__(self, history: VisitAudit) -> None:
        self.points = history.points
        # What amendments (by uid) and treatment parts (by id) name.
        self.finding_points: dict[str, int] = {}  # finding uid -> its trigger point
        self.treatment_kinds: dict[int, str] = {}  # treatment id -> kind
        self.treatment_kinds_by_uid: dict[str, str] = {}
        for c in history.changes:
            row = _row(c)
            if c.entry.table == "finding" and row.get("uid"):
                self.finding_points[str(row["uid"])] = int(row["trigger_point_id"])
            if c.entry.table == "treatment" and c.entry.key:
                self.treatment_kinds[int(c.entry.key)] = str(row.get("kind"))
                self.treatment_kinds_by_uid[str(row.get("uid"))] = str(row.get("kind"))

    def point(self, point_id: int | None) -> str:
        if point_id is None:
            return "a trigger point"
        name = self.points.get(point_id)
        return name.text() if name is not None else f"trigger point #{point_id}"

    def line(self, group: list[Change]) -> HistoryLine:
        first = group[0].entry
        if first.table is None:
            kind, what, details = self.event(first)
        else:
            kind, what, details = self.change(group)
        if first.op == "baseline":
            what += " (already on record when the audit trail began)"
        return HistoryLine(
            entry_ids=tuple(c.entry.id for c in group),
            at=_time(first),
            actor=first.actor,
            outside=any(c.entry.outside for c in group),
            what=what,
            details=tuple(details),
            kind=kind,
        )

    # --- events ----------------------------------------------------------------------

    def event(self, e: AuditEntry) -> tuple[str, str, list[str]]:
        detail = e.content if isinstance(e.content, dict) else {"detail": e.content}
        document = _DOCUMENTS.get(str(detail.get("document")), "a document")
        file = detail.get("file")
        name = PurePath(str(file)).name if file else ""
        via = f" with {detail['via']}" if detail.get("via") else ""
        if e.op == "print":
            if name:
                what = f"Printed {document} to a PDF file ({name})"
            elif detail.get("printer"):
                what = f"Printed {document} on {detail['printer']}"
            else:
                what = f"Printed {document}"
        elif e.op == "export":
            what = f"Exported {document} as PDF ({name})" if name else f"Exported {document}"
        elif e.op == "restore":
            what = f"Restored the database from a backup ({PurePath(str(detail.get('from'))).name})"
        else:
            what = e.op.replace("_", " ").capitalize()
        return e.op, what + via, _event_details(detail)

    # --- changes of records ----------------------------------------------------------

    def change(self, group: list[Change]) -> tuple[str, str, list[str]]:
        table = group[0].entry.table
        tables = {c.entry.table for c in group}
        removal = {"finding", "trigger_point", "referral_zone"} & tables
        if len(group) > 1 and removal and all(c.entry.op == "delete" for c in group):
            return "change", *self.point_removed(group)
        if table in _TREATMENT_TABLES:
            return "change", *self.treatment(group)
        if table == "trigger_point":
            return "change", *self.trigger_point(group)
        if table == "visit":
            return self.visit(group)
        if table == "amendment":
            return "amend", *self.amendment(group[0])
        c = group[0]
        if table == "finding":
            return "change", *self.finding(c)
        if table == "referral_zone":
            return "change", *self.zone(c)
        if table == "measurement":
            return "change", *self.measurement(c)
        return "change", f"{c.entry.op.capitalize()} of {table} {c.entry.key}", []

    def visit(self, group: list[Change]) -> tuple[str, str, list[str]]:
        c = group[0]
        row, op = _row(c), c.entry.op
        if op == "sign":
            return "sign", f"Signed by {row.get('signed_by') or 'an unnamed signer'}", []
        if op in ("insert", "baseline"):
            carried = [_point_of(f) for f in group[1:]]
            what = "Created the visit"
            if carried:
                what += f", carrying forward points {_labels(filter(None, carried), self.points)}"
                if len(carried) == 1:
                    what = what.replace("points", "point")
            return "change", what, _values(row, self._visit_label, visit_value, skip=("status",))
        if op == "delete":
            return "change", "Deleted the visit", []
        changes = _diff(
            c.before, row, self._visit_label, visit_value,
            skip=("status", "signed_by", "signed_at"),
        )  # fmt: skip
        return "change", _joined("Changed the visit", changes), changes

    @staticmethod
    def _visit_label(column: str) -> str:
        return field_label(AmendmentTarget.VISIT, column)

    def finding(self, c: Change) -> tuple[str, list[str]]:
        row, op = _row(c), c.entry.op
        where = self.point(_point_of(c))
        if op in ("insert", "baseline"):
            values = _values(row, _finding_label, finding_value)
            if not values:
                return f"Charted {where} at this visit", []
            return f"Recorded the finding of {where}", values
        if op == "delete":
            return f"Took {where} off this visit", []
        changes = _diff(c.before, row, _finding_label, finding_value)
        return _joined(f"Changed the finding of {where}", changes), changes

    def zone(self, c: Change) -> tuple[str, list[str]]:
        row, op = _row(c), c.entry.op
        where = self.point(_point_of(c))
        quality = row.get("quality")
        if op in ("insert", "baseline"):
            return f"Drew a referral zone of {where} ({quality})", []
        if op == "delete":
            return f"Erased a referral zone of {where}", []
        before = c.before if isinstance(c.before, dict) else {}
        parts = []
        if before.get("quality") != quality:
            parts.append(f"quality {before.get('quality')}{ARROW}{quality}")
        if before.get("polygons") != row.get("polygons"):
            parts.append("outline redrawn")
        return _joined(f"Changed a referral zone of {where}", parts), parts

    def measurement(self, c: Change) -> tuple[str, list[str]]:
        row, op = _row(c), c.entry.op
        kind = str(row.get("kind"))
        label = field_label(AmendmentTarget.MEASUREMENT, kind)

        def shown(r: Any) -> str:
            value = r.get("value") if isinstance(r, dict) else None
            return render_value(AmendmentTarget.MEASUREMENT, kind, value)

        if op in ("insert", "baseline"):
            return f"Recorded {label}: {shown(row)}", []
        if op == "delete":
            return f"Cleared {label} (was {shown(row)})", []
        return f"Changed {label}: {shown(c.before)}{ARROW}{shown(row)}", []

    def trigger_point(self, group: list[Change]) -> tuple[str, list[str]]:
        c = group[0]
        op, row = c.entry.op, _row(c)
        name = PointName.of(row)
        if op in ("insert", "baseline"):
            return f"Charted a new trigger point {name.label} ({name.muscle})", []
        if op == "delete":
            return self.point_removed(group)
        before = c.before if isinstance(c.before, dict) else {}
        old = PointName.of(before) if before else name
        fields = set(c.changed_fields)
        parts = []
        if "resolved_visit_id" in fields:
            parts.append(
                "marked resolved" if row.get("resolved_visit_id") else "marked not resolved"
            )
        if {"muscle_id", "side"} & fields:
            parts.append(f"muscle {old.muscle}{ARROW}{name.muscle}")
        if {"x", "y"} & fields:
            parts.append("moved on the map")
        if "label" in fields:
            parts.append(f"renumbered {old.label}{ARROW}{name.label}")
        return _joined(f"Changed point {old.label} ({old.muscle})", parts), parts

    def point_removed(self, group: list[Change]) -> tuple[str, list[str]]:
        point = _point_of(group[0])
        where = self.point(point)
        name = self.points.get(point) if point is not None else None
        tables = [c.entry.table for c in group]
        zones = tables.count("referral_zone")
        links = tables.count("treatment_point")
        went = []
        if "finding" in tables:
            went.append("its finding")
        if zones:
            went.append(f"{zones} referral zone{'s' if zones != 1 else ''}")
        if links:
            went.append(f"its place in {links} treatment{'s' if links != 1 else ''}")
        if "trigger_point" in tables:
            what = "Removed trigger point " + (
                f"{name.label} ({name.muscle})" if name is not None else f"#{point}"
            )
        elif "finding" in tables:
            what = f"Took {where} off this visit"
            went.remove("its finding")
        else:
            return f"Erased {zones} referral zones of {where}", []
        if went:
            what += ", with " + _and(went)
        return what, []

    def treatment(self, group: list[Change]) -> tuple[str, list[str]]:
        tid = _treatment_id(group[0])
        rows = [c for c in group if c.entry.table == "treatment"]
        main = rows[0] if rows else None
        kind = _row(main).get("kind") if main else self.treatment_kinds.get(tid or 0)
        label = _kind_label(kind).lower()
        links = [c for c in group if c.entry.table == "treatment_point"]
        before_points = _points_of(c for c in links if c.entry.op == "delete")
        after_points = _points_of(c for c in links if c.entry.op == "insert")
        needles = [c for c in group if c.entry.table == "needle_record"]
        needle_before = next(
            (_row(c) for c in needles if c.entry.op == "delete"),
            next((c.before for c in needles if c.entry.op == "update"), None),
        )
        needle_after = next((_row(c) for c in needles if c.entry.op in ("insert", "update")), None)
        where = f" for points {_labels(after_points, self.points)}" if after_points else ""
        if len(after_points) == 1:
            where = where.replace("points", "point")
        if main is not None and main.entry.op in ("insert", "baseline"):
            values = [f"{_detail_label(kind, k)}: {v}" for k, v in _details(_row(main)).items()]
            if _row(main).get("notes"):
                values.append(f"Notes: {_quoted(_row(main)['notes'])}")
            if needle_after:
                values += _values(needle_after, self._needle_label, needle_value)
            return f"Added the {label} treatment{where}", values
        if main is not None and main.entry.op == "delete":
            return f"Removed the {label} treatment", []
        parts: list[str] = []
        if main is not None:
            before = main.before if isinstance(main.before, dict) else {}
            row = _row(main)
            if before.get("kind") != row.get("kind"):
                old_kind = _kind_label(before.get("kind")).lower()
                parts.append(f"treatment {old_kind}{ARROW}{label}")
            old_details, new_details = _details(before), _details(row)
            parts += _diff(old_details, new_details, lambda k: _detail_label(kind, k), _plain)
            if before.get("notes") != row.get("notes"):
                notes = (before.get("notes"), row.get("notes"))
                parts.append(_change("Notes", *notes, lambda _c, v: _quoted(v), "notes"))
        if before_points != after_points and links:
            old = _labels(before_points, self.points)
            parts.append(f"points {old}{ARROW}{_labels(after_points, self.points)}")
        if needle_before != needle_after and needles:
            parts += _diff(needle_before, needle_after, self._needle_label, needle_value)
        if not parts:
            return f"Saved the {label} treatment again, unchanged", []
        return _joined(f"Changed the {label} treatment", parts), parts

    @staticmethod
    def _needle_label(column: str) -> str:
        return _NEEDLE_FIELDS.get(column, (column.replace("_", " "), ""))[0]

    def amendment(self, c: Change) -> tuple[str, list[str]]:
        row = _row(c)
        try:
            target = AmendmentTarget(str(row.get("target")))
        except ValueError:
            return "Recorded an amendment", []
        field = str(row.get("field") or "")
        old, new = _scalar(row.get("old_value")), _scalar(row.get("new_value"))
        reason = " ".join(str(row.get("reason") or "").split())
        author = str(row.get("author") or "")
        # The author typed in the amend dialog, when not the person the trail records.
        by = f", by {author}" if author and author != c.entry.actor else ""
        details = [f"Reason: {reason}"] + ([f"Amended by: {author}"] if author else [])
        if target is AmendmentTarget.NOTE:
            return f"Added an addendum: {render_value(target, field, new)}{by}", details
        record = ""
        uid = str(row.get("target_uid"))
        if target is AmendmentTarget.FINDING:
            record = f" the finding of {self.point(self.finding_points.get(uid))}"
            shown = _change(_finding_label(field), old, new, finding_value, field)
        else:
            if target is AmendmentTarget.TREATMENT:
                kind = self.treatment_kinds_by_uid.get(uid)
                record = f" the {_kind_label(kind).lower()} treatment" if kind else " a treatment"
            shown = _change(
                field_label(target, field), old, new,
                lambda _c, v: render_value(target, field, v), field,
            )  # fmt: skip
        return f"Amended{record}: {shown} ({reason}){by}", details


_EVENT_FIELDS = {  # detail key -> how the tooltip names it, in this order
    "document": "Document", "chart_no": "Chart number", "visit_date": "Visit of",
    "from": "From", "to": "To", "file": "File", "printer": "Printer", "via": "With",
    "visit_uid": "Visit record",
}  # fmt: skip


def _event_details(detail: Mapping[str, Any]) -> list[str]:
    """'Document: visit summary', 'File: /full/path.pdf', ...; unknown keys last."""
    shown = dict(detail)
    if "document" in shown:
        shown["document"] = _DOCUMENTS.get(str(shown["document"]), str(shown["document"]))
        shown["document"] = str(shown["document"]).removeprefix("the ")
    keys = [k for k in _EVENT_FIELDS if k in shown] + [k for k in shown if k not in _EVENT_FIELDS]
    return [f"{_EVENT_FIELDS.get(k, k.replace('_', ' '))}: {shown[k]}" for k in keys]


def _scalar(text: Any) -> Any:
    """An amendment's value as stored (JSON text) as the value."""
    if not isinstance(text, str):
        return text
    try:
        return json.loads(text)
    except ValueError:
        return text


def _joined(head: str, parts: Sequence[str]) -> str:
    return f"{head}: {'; '.join(parts)}" if parts else head


def history_lines(history: VisitAudit) -> list[HistoryLine]:
    """One line per action, oldest first."""
    words = _Words(history)
    return [words.line(group) for group in group_actions(history.changes)]


def visit_history_lines(store: Store, visit_id: int) -> list[HistoryLine]:
    """The History tab of a visit, oldest first."""
    return history_lines(load(store, visit_id))
