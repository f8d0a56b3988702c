"""The one object that writes a visit's body map: trigger points, their findings, zones.

Every method is one store transaction; afterwards the editor updates its in-memory copy
of the visit's map and emits ``pointsChanged`` or ``zonesChanged``. The canvas and the
point list read that copy (no SQL on a repaint) and refresh themselves from the signals;
they never update each other. Undo commands call these methods in both directions.

Records are addressed by uid, not row id: undoing a delete re-inserts the rows with the
same uids, but SQLite may hand out new row ids.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from bodymap.domain.finding import Finding, SensationQuality
from bodymap.domain.muscles import Side, display_name
from bodymap.domain.referral import ReferralZone
from bodymap.domain.trigger_point import MapPosition, TriggerPoint
from bodymap.domain.visit import Visit
from bodymap.store.errors import ConstraintViolation
from bodymap.ui.session import Session
from bodymap.ui.visit_records import VisitRecords


@dataclass(frozen=True, slots=True)
class MapPoint:
    """A trigger point as charted at this visit: the identity and this visit's finding."""

    point: TriggerPoint
    finding: Finding

    @property
    def id(self) -> int:
        assert self.point.id is not None
        return self.point.id

    @property
    def uid(self) -> str:
        return self.point.uid

    @property
    def label(self) -> int:
        return self.point.label

    @property
    def name(self) -> str:
        """'R upper trapezius'."""
        return display_name(self.point.muscle_id, self.point.side)


@dataclass(frozen=True, slots=True)
class PointState:
    """The editable fields of a trigger point's identity."""

    x: float
    y: float
    muscle_id: str
    side: Side
    resolved_visit_id: int | None

    @classmethod
    def of(cls, point: TriggerPoint) -> PointState:
        return cls(
            point.position.x,
            point.position.y,
            point.muscle_id,
            point.side,
            point.resolved_visit_id,
        )


@dataclass(frozen=True, slots=True)
class PointSnapshot:
    """Everything removed by deleting a point at this visit, to put it back on undo."""

    point: TriggerPoint
    finding: Finding
    zones: tuple[ReferralZone, ...]
    identity_deleted: bool
    treatment_uids: tuple[str, ...]  # this visit's treatments that targeted the point


class MapEditor(VisitRecords):
    """Reads and writes the body map of one visit (see the module docstring)."""

    pointsChanged = Signal()  # noqa: N815 - Qt signal naming
    zonesChanged = Signal()  # noqa: N815

    def __init__(self, session: Session, visit_id: int, parent: QObject | None = None) -> None:
        super().__init__(session, visit_id, parent)
        self._points: dict[int, MapPoint] = {}
        self._by_uid: dict[str, int] = {}
        self._zones: dict[int, ReferralZone] = {}
        self._previous: list[MapPoint] = []
        self._previous_visit: Visit | None = None
        self._load()
        # Other views (guidance, charts) follow the map through the session's signal.
        self.pointsChanged.connect(self._notify_session)
        self.zonesChanged.connect(self._notify_session)

    def _notify_session(self) -> None:
        if self._session.is_open:
            self._session.notify_visit_records(self._visit_id)

    # --- reading (the session, the visit and whether it is locked: VisitRecords) -----------

    @property
    def patient_id(self) -> int:
        return self._visit.patient_id

    def points(self) -> list[MapPoint]:
        """This visit's points, by label."""
        return sorted(self._points.values(), key=lambda p: p.label)

    def point_map(self) -> dict[int, MapPoint]:
        """This visit's points by id (do not modify). An edited point is a new MapPoint
        object, so views can spot changes by identity without comparing fields."""
        return self._points

    def point(self, point_id: int) -> MapPoint | None:
        return self._points.get(point_id)

    def point_by_uid(self, uid: str) -> MapPoint | None:
        point_id = self._by_uid.get(uid)
        return None if point_id is None else self._points.get(point_id)

    def zones(self) -> list[ReferralZone]:
        return list(self._zones.values())

    def zones_for(self, point_id: int) -> tuple[ReferralZone, ...]:
        return tuple(z for z in self._zones.values() if z.trigger_point_id == point_id)

    @property
    def previous_visit(self) -> Visit | None:
        return self._previous_visit

    def previous_points(self) -> list[MapPoint]:
        """The points charted at the previous visit (read-only, for the faint layer)."""
        return list(self._previous)

    def next_label(self) -> int:
        return self._session.store.trigger_points.next_label(self.patient_id)

    def reload(self) -> None:
        """Re-read the visit's map from the store (after a change made elsewhere)."""
        self._visit = self._session.visit(self._visit_id)
        self._load()
        self.pointsChanged.emit()
        self.zonesChanged.emit()

    def _load(self) -> None:
        store = self._session.store
        findings = {f.trigger_point_id: f for f in store.findings.for_visit(self._visit_id)}
        self._points = {}
        for tp in store.trigger_points.for_visit(self._visit_id):
            assert tp.id is not None
            self._points[tp.id] = MapPoint(tp, findings[tp.id])
        self._by_uid = {p.uid: p.id for p in self._points.values()}
        self._zones = {
            z.id: z for z in store.referral_zones.for_visit(self._visit_id) if z.id is not None
        }
        self._previous_visit = store.visits.previous(self._visit)
        self._previous = []
        if self._previous_visit is not None and self._previous_visit.id is not None:
            prev_id = self._previous_visit.id
            prev_findings = {f.trigger_point_id: f for f in store.findings.for_visit(prev_id)}
            self._previous = [
                MapPoint(tp, prev_findings[tp.id])
                for tp in store.trigger_points.for_visit(prev_id)
                if tp.id is not None
            ]

    # --- writing --------------------------------------------------------------------------

    def _require(self, uid: str) -> MapPoint:
        found = self.point_by_uid(uid)
        if found is None:
            raise KeyError(f"trigger point {uid} is not on this visit's map")
        return found

    def _put(self, mp: MapPoint) -> None:
        self._points[mp.id] = mp
        self._by_uid[mp.uid] = mp.id

    def _drop(self, mp: MapPoint) -> None:
        self._points.pop(mp.id, None)
        self._by_uid.pop(mp.uid, None)

    def add_point(self, x: float, y: float, muscle_id: str, side: Side) -> MapPoint:
        """A new trigger point first charted at this visit, with an empty finding."""
        self._check_writable()
        store = self._session.store
        with store.transaction():
            tp = store.trigger_points.add(
                TriggerPoint(
                    patient_id=self.patient_id,
                    muscle_id=muscle_id,
                    side=side,
                    label=store.trigger_points.next_label(self.patient_id),
                    position=MapPosition(x=x, y=y),
                    first_visit_id=self._visit_id,
                )
            )
            assert tp.id is not None
            finding = store.findings.add(Finding(visit_id=self._visit_id, trigger_point_id=tp.id))
        mp = MapPoint(tp, finding)
        self._put(mp)
        self.pointsChanged.emit()
        return mp

    def chart_existing(self, uid: str, finding_uid: str | None = None) -> MapPoint:
        """Chart a point known from an earlier visit at this visit (an empty finding)."""
        self._check_writable()
        store = self._session.store
        tp = store.trigger_points.by_uid(uid)
        if tp is None or tp.id is None:
            raise KeyError(f"trigger point {uid} does not exist")
        finding = Finding(visit_id=self._visit_id, trigger_point_id=tp.id)
        if finding_uid:
            finding = dataclasses.replace(finding, uid=finding_uid)
        finding = store.findings.add(finding)
        mp = MapPoint(tp, finding)
        self._put(mp)
        self.pointsChanged.emit()
        return mp

    def delete_point(self, uid: str) -> PointSnapshot:
        """Remove a point from this visit's map.

        Where the point was first charted at this visit and nothing else refers to it, the
        identity goes too; otherwise only this visit's finding and zones are removed and
        the identity stays for the other visits.
        """
        self._check_writable()
        mp = self._require(uid)
        store = self._session.store
        zones = self.zones_for(mp.id)
        with store.transaction():
            used_elsewhere = any(
                f.visit_id != self._visit_id for f in store.findings.for_trigger_point(mp.id)
            ) or any(
                z.visit_id != self._visit_id for z in store.referral_zones.for_trigger_point(mp.id)
            )
            treatments = store.treatments.for_patient(self.patient_id)
            used_elsewhere = used_elsewhere or any(
                t.visit_id != self._visit_id and mp.id in t.trigger_point_ids for t in treatments
            )
            here = tuple(
                t.uid
                for t in treatments
                if t.visit_id == self._visit_id and mp.id in t.trigger_point_ids
            )
            delete_identity = mp.point.first_visit_id == self._visit_id and not used_elsewhere
            if delete_identity:
                # Findings, zones and treatment links go with it (ON DELETE CASCADE).
                store.trigger_points.delete(mp.id)
            else:
                for zone in zones:
                    assert zone.id is not None
                    store.referral_zones.delete(zone.id)
                assert mp.finding.id is not None
                store.findings.delete(mp.finding.id)
        self._drop(mp)
        for zone in zones:
            self._zones.pop(zone.id or -1, None)
        self.pointsChanged.emit()
        if zones:
            self.zonesChanged.emit()
        return PointSnapshot(
            mp.point, mp.finding, zones, delete_identity, here if delete_identity else ()
        )

    def restore_point(self, snapshot: PointSnapshot) -> MapPoint:
        """Undo :meth:`delete_point`: the same records with the same uids."""
        self._check_writable()
        store = self._session.store
        with store.transaction():
            if snapshot.identity_deleted:
                point = dataclasses.replace(snapshot.point, id=None)
                try:
                    tp = store.trigger_points.add(point)
                except ConstraintViolation:
                    # The label was taken meanwhile (an edit outside the undo stack); the
                    # failed insert was only a savepoint, so carry on with a fresh label.
                    tp = store.trigger_points.add(
                        dataclasses.replace(
                            point, label=store.trigger_points.next_label(self.patient_id)
                        )
                    )
            else:
                found = store.trigger_points.by_uid(snapshot.point.uid)
                if found is None:
                    raise KeyError(f"trigger point {snapshot.point.uid} no longer exists")
                tp = found
            assert tp.id is not None
            finding = store.findings.add(
                dataclasses.replace(snapshot.finding, id=None, trigger_point_id=tp.id)
            )
            zones = [
                store.referral_zones.add(dataclasses.replace(z, id=None, trigger_point_id=tp.id))
                for z in snapshot.zones
            ]
            for t_uid in snapshot.treatment_uids:
                treatment = store.treatments.by_uid(t_uid)
                if treatment is not None and tp.id not in treatment.trigger_point_ids:
                    store.treatments.update(
                        dataclasses.replace(
                            treatment, trigger_point_ids=(*treatment.trigger_point_ids, tp.id)
                        )
                    )
        mp = MapPoint(tp, finding)
        self._put(mp)
        for zone in zones:
            assert zone.id is not None
            self._zones[zone.id] = zone
        self.pointsChanged.emit()
        if zones:
            self.zonesChanged.emit()
        return mp

    def point_state(self, uid: str) -> PointState:
        return PointState.of(self._require(uid).point)

    def set_point_state(self, uid: str, state: PointState) -> MapPoint:
        """Move a point, change its muscle or side, or mark it resolved."""
        self._check_writable()
        mp = self._require(uid)
        updated = dataclasses.replace(
            mp.point,
            position=dataclasses.replace(mp.point.position, x=state.x, y=state.y),
            muscle_id=state.muscle_id,
            side=state.side,
            resolved_visit_id=state.resolved_visit_id,
        )
        tp = self._session.store.trigger_points.update(updated)
        new = MapPoint(tp, mp.finding)
        self._put(new)
        self.pointsChanged.emit()
        return new

    def update_finding(self, finding: Finding) -> MapPoint:
        """Store an edited finding of a point on this map (e.g. from a findings editor).

        A changed sensation quality carries over to the point's zones at this visit, as
        the zones' quality is the sensation the compression produced.
        """
        self._check_writable()
        mp = self._points.get(finding.trigger_point_id)
        if mp is None or finding.visit_id != self._visit_id:
            raise KeyError("the finding does not belong to a point on this visit's map")
        store = self._session.store
        zones = self.zones_for(mp.id)
        new_zones: list[ReferralZone] = []
        with store.transaction():
            stored = store.findings.update(finding)
            if finding.sensation is not None and finding.sensation != mp.finding.sensation:
                new_zones = [
                    store.referral_zones.update(dataclasses.replace(z, quality=finding.sensation))
                    for z in zones
                    if z.quality != finding.sensation
                ]
        self._put(MapPoint(mp.point, stored))
        self.pointsChanged.emit()
        if new_zones:
            for zone in new_zones:
                assert zone.id is not None
                self._zones[zone.id] = zone
            self.zonesChanged.emit()
        return self._points[mp.id]

    def zone_quality(self, point_id: int) -> SensationQuality:
        """The quality a new zone of the point gets: the finding's sensation, else ache."""
        mp = self._points.get(point_id)
        if mp is not None and mp.finding.sensation is not None:
            return mp.finding.sensation
        return SensationQuality.ACHE

    def replace_zones(self, point_uid: str, zones: Sequence[ReferralZone]) -> None:
        """Make ``zones`` the point's zones at this visit (matched by uid; an empty list
        removes them). The zones' visit and point ids are filled in here."""
        self._check_writable()
        mp = self._require(point_uid)
        current = {z.uid: z for z in self.zones_for(mp.id)}
        store = self._session.store
        stored: list[ReferralZone] = []
        with store.transaction():
            wanted = {z.uid for z in zones}
            for uid, old in current.items():
                if uid not in wanted:
                    assert old.id is not None
                    store.referral_zones.delete(old.id)
            for zone in zones:
                record = dataclasses.replace(
                    zone, visit_id=self._visit_id, trigger_point_id=mp.id, id=None
                )
                existing = current.get(zone.uid)
                if existing is not None:
                    stored.append(
                        store.referral_zones.update(dataclasses.replace(record, id=existing.id))
                    )
                else:
                    stored.append(store.referral_zones.add(record))
        for old in current.values():
            self._zones.pop(old.id or -1, None)
        for zone in stored:
            assert zone.id is not None
            self._zones[zone.id] = zone
        self.zonesChanged.emit()
