"""Arbitrary sequences of the repositories' writes, allowed or not, keep the invariants:
a refused write changes nothing (not even the audit trail), and after every step the
audit chain is whole and every row matches its latest audit entry."""

from __future__ import annotations

import atexit
import datetime as dt
import os
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from bodymap.domain.amendment import addendum
from bodymap.domain.finding import Finding
from bodymap.domain.muscles import MUSCLES, Side
from bodymap.domain.patient import Patient, Sex
from bodymap.domain.treatment import NeedleRecord, Treatment
from bodymap.domain.treatment_catalog import TreatmentKind
from bodymap.domain.trigger_point import MapPosition, TriggerPoint
from bodymap.domain.validation import ValidationError
from bodymap.domain.visit import Visit
from bodymap.store import Mode, Store, StoreError, audit

EXAMPLES = int(os.environ.get("BODYMAP_FUZZ_STATEFUL_EXAMPLES", "60"))
TABLES = (
    "patient", "visit", "trigger_point", "finding", "referral_zone", "treatment",
    "treatment_point", "needle_record", "measurement", "amendment", "audit_log",
)  # fmt: skip
_TEMPLATE: list[Path] = []


def template() -> Path:
    """A migrated empty database, made once; each run works on a copy."""
    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="bodymap-fuzz-"))
        atexit.register(shutil.rmtree, folder, True)
        path = folder / "template.db"
        Store.open(path, Mode.CREATE).close()
        _TEMPLATE.append(path)
    return _TEMPLATE[0]


class Chart(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="bodymap-fuzz-run-"))
        path = self.folder / "chart.db"
        shutil.copyfile(template(), path)
        self.store = Store.open(path)
        self.store.db.conn.execute("PRAGMA synchronous = OFF")  # durability: crash harness
        self.patients: list[int] = []
        self.visits: list[int] = []
        self.points: list[int] = []
        self.treatments: list[int] = []
        self.charts = 0

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _counts(self) -> tuple[int, ...]:
        db = self.store.db
        return tuple(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES)

    def _try(self, write: object, *args: object) -> object | None:
        """Run a write; a refusal must leave everything as it was."""
        before = self._counts()
        try:
            return write(*args)  # type: ignore[operator]
        except (StoreError, ValidationError, ValueError):
            assert self._counts() == before
            assert not self.store.db.conn.in_transaction
            return None

    @rule(weight=st.none() | st.floats(min_value=1, max_value=450), notes=st.text(max_size=30))
    def add_patient(self, weight: float | None, notes: str) -> None:
        self.charts += 1
        try:
            p = Patient(
                chart_no=f"Z-{self.charts}",
                family_name="Fuzz",
                given_names="",
                date_of_birth=dt.date(1970, 1, 1),
                sex=Sex.OTHER,
                weight_kg=weight,
                notes=notes,
            )
        except ValidationError:
            return
        stored = self._try(self.store.patients.add, p)
        if stored is not None:
            self.patients.append(stored.id)  # type: ignore[attr-defined]

    @precondition(lambda self: self.patients)
    @rule(data=st.data(), days=st.integers(0, 400))
    def add_visit(self, data: st.DataObject, days: int) -> None:
        pid = data.draw(st.sampled_from(self.patients))
        day = dt.date(2026, 1, 1) + dt.timedelta(days=days)
        v = Visit(patient_id=pid, visit_date=day, clinician="F. Uzz")
        stored = self._try(self.store.visits.add, v)
        if stored is not None:
            self.visits.append(stored.id)  # type: ignore[attr-defined]

    @precondition(lambda self: self.patients)
    @rule(data=st.data(), x=st.floats(0, 1), y=st.floats(0, 1))
    def add_point(self, data: st.DataObject, x: float, y: float) -> None:
        pid = data.draw(st.sampled_from(self.patients))
        try:
            label = self.store.trigger_points.next_label(pid)
            tp = TriggerPoint(
                patient_id=pid,
                muscle_id=data.draw(st.sampled_from(MUSCLES)).id,
                side=Side.LEFT,
                label=label,
                position=MapPosition(x=x, y=y),
            )
        except ValidationError:
            return
        stored = self._try(self.store.trigger_points.add, tp)
        if stored is not None:
            self.points.append(stored.id)  # type: ignore[attr-defined]

    @precondition(lambda self: self.visits and self.points)
    @rule(data=st.data(), tenderness=st.integers(0, 3))
    def add_or_update_finding(self, data: st.DataObject, tenderness: int) -> None:
        vid = data.draw(st.sampled_from(self.visits))
        tpid = data.draw(st.sampled_from(self.points))
        existing = [f for f in self.store.findings.for_visit(vid) if f.trigger_point_id == tpid]
        if existing:
            self._try(self.store.findings.update, replace(existing[0], tenderness=tenderness))
        else:
            f = Finding(visit_id=vid, trigger_point_id=tpid, tenderness=tenderness)
            self._try(self.store.findings.add, f)

    @precondition(lambda self: self.visits and self.points)
    @rule(data=st.data(), needle=st.booleans())
    def add_treatment(self, data: st.DataObject, needle: bool) -> None:
        vid = data.draw(st.sampled_from(self.visits))
        points = data.draw(st.lists(st.sampled_from(self.points), max_size=2, unique=True))
        record = NeedleRecord(
            sterile_prep=True, needle_gauge=30, needle_length_mm=40, points_count=1
        )
        t = Treatment(
            visit_id=vid,
            kind=TreatmentKind.DRY_NEEDLING if needle else TreatmentKind.HEAT,
            trigger_point_ids=tuple(points),
            needle=record if needle else None,
        )
        stored = self._try(self.store.treatments.add, t)
        if stored is not None:
            self.treatments.append(stored.id)  # type: ignore[attr-defined]

    @precondition(lambda self: self.treatments)
    @rule(data=st.data(), delete=st.booleans())
    def change_treatment(self, data: st.DataObject, delete: bool) -> None:
        tid = data.draw(st.sampled_from(self.treatments))
        current = self._try(self.store.treatments.get, tid)
        if current is None:
            self.treatments.remove(tid)
            return
        if delete:
            self._try(self.store.treatments.delete, tid)
        else:
            changed = replace(current, notes="changed", trigger_point_ids=())  # type: ignore[type-var]
            self._try(self.store.treatments.update, changed)

    @precondition(lambda self: self.visits)
    @rule(data=st.data(), value=st.integers(0, 10) | st.none())
    def measure(self, data: st.DataObject, value: int | None) -> None:
        vid = data.draw(st.sampled_from(self.visits))
        if value is None:
            self._try(self.store.measurements.clear, vid, "nrs_now")
        else:
            self._try(self.store.measurements.record, vid, "nrs_now", value)

    @precondition(lambda self: self.visits)
    @rule(data=st.data())
    def sign_or_amend(self, data: st.DataObject) -> None:
        vid = data.draw(st.sampled_from(self.visits))
        visit = self._try(self.store.visits.get, vid)
        if visit is None:
            return
        if visit.is_signed:  # type: ignore[attr-defined]
            note = addendum(visit, "Phoned.", author="F. Uzz", reason="Follow-up")  # type: ignore[arg-type]
            self._try(self.store.amendments.add, note)
        else:
            self._try(self.store.visits.sign, vid, "F. Uzz")

    @precondition(lambda self: self.visits or self.patients)
    @rule(data=st.data(), patient=st.booleans())
    def delete(self, data: st.DataObject, patient: bool) -> None:
        if patient and self.patients:
            self._try(self.store.patients.delete, data.draw(st.sampled_from(self.patients)))
        elif self.visits:
            self._try(self.store.visits.delete, data.draw(st.sampled_from(self.visits)))

    @rule(name=st.sampled_from(["A. Moreau", "K. Osei", "  "]))
    def switch_user(self, name: str) -> None:
        audit.set_actor(self.store.db, name)

    @invariant()
    def the_trail_matches_the_records(self) -> None:
        report = audit.verify(self.store.db)
        assert report.ok, report.problems


Chart.TestCase.settings = settings(
    max_examples=EXAMPLES,
    stateful_step_count=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_repository_writes_keep_the_trail_whole = Chart.TestCase
