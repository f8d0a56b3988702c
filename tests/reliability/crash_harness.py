"""Kill the app's store with SIGKILL at random moments and prove nothing acknowledged is lost.

A child process writes visits with their findings, treatments (with needle records) and
measures through the app's own store, one transaction per visit, and reports each visit's
records to the parent only after the commit returned; sometimes it signs a visit or adds
an addendum. The parent kills it at a random moment, then checks the file: every
acknowledged record is there, ``integrity_check`` is ok, ``foreign_key_check`` is empty,
and the audit chain is valid. Other rounds kill a migration (the file is always at a
whole schema version with every row), a backup (the backup either does not exist or is
complete and sound) and a restore (the database is wholly the old one or the backup).

Children are forked from a forkserver that has the store already imported, so a cycle
costs milliseconds. ``run()`` is what the test calls; from the command line:

    .venv/bin/python tests/reliability/crash_harness.py --cycles 1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing as mp
import random
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FIXTURES = ROOT / "tests" / "unit" / "store" / "migration_fixtures"
MAX_ACKS_BEFORE_KILL = 4
CYCLES_PER_FILE = 50  # then a new file, so the checks after each kill stay quick
MAX_EXTRA_DELAY_S = 0.006  # after the k-th acknowledgement, kill within this long
FULL_CHECK_EVERY = 25  # cycles between the costlier checks (rows against the trail)


# --- children (run in forked processes) --------------------------------------------------


def _writer(db_path: str, out: Connection, seed: int) -> None:
    """Write visits until killed; send each visit's uids after its commit."""
    from bodymap.domain.amendment import addendum
    from bodymap.domain.finding import Finding
    from bodymap.domain.muscles import MUSCLES, Side
    from bodymap.domain.patient import Patient, Sex
    from bodymap.domain.treatment import NeedleRecord, Treatment
    from bodymap.domain.treatment_catalog import TreatmentKind
    from bodymap.domain.trigger_point import MapPosition, TriggerPoint
    from bodymap.domain.visit import Visit
    from bodymap.store import Mode, Store

    rng = random.Random(seed)
    store = Store.open(db_path, Mode.CREATE)
    while True:
        with store.transaction():
            patients = store.patients.count()
            if patients == 0 or rng.random() < 0.05:
                patient = store.patients.add(
                    Patient(
                        chart_no=f"K-{seed}-{patients}",
                        family_name=rng.choice(["Ng", "Okafor", "Lindqvist", "Moreau"]),
                        given_names="",
                        date_of_birth=dt.date(1950 + rng.randrange(50), 1, 1 + rng.randrange(28)),
                        sex=rng.choice(list(Sex)),
                    )
                )
            else:
                patient = store.patients.get(rng.randrange(1, patients + 1))
            assert patient.id is not None
            visit = store.visits.add(
                Visit(
                    patient_id=patient.id,
                    visit_date=dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(300)),
                    clinician="K. Osei",
                    plan=f"plan {rng.random()}",
                )
            )
            assert visit.id is not None
            points = []
            for _ in range(rng.randint(1, 3)):
                label = store.trigger_points.next_label(patient.id)
                if label > 999:
                    break
                points.append(
                    store.trigger_points.add(
                        TriggerPoint(
                            patient_id=patient.id,
                            muscle_id=rng.choice(MUSCLES).id,
                            side=rng.choice(list(Side)),
                            label=label,
                            position=MapPosition(x=rng.random(), y=rng.random()),
                            first_visit_id=visit.id,
                        )
                    )
                )
            findings = [
                store.findings.add(
                    Finding(visit_id=visit.id, trigger_point_id=p.id, tenderness=rng.randint(0, 3))
                )
                for p in points
                if p.id is not None
            ]
            treatments = [
                store.treatments.add(
                    Treatment(
                        visit_id=visit.id,
                        kind=TreatmentKind.DRY_NEEDLING,
                        trigger_point_ids=tuple(p.id for p in points if p.id is not None),
                        needle=NeedleRecord(
                            sterile_prep=True,
                            needle_gauge=30,
                            needle_length_mm=40,
                            points_count=max(1, len(points)),
                        ),
                    )
                )
            ] if points else []  # fmt: skip
            treatments.append(
                store.treatments.add(Treatment(visit_id=visit.id, kind=TreatmentKind.HEAT))
            )
            store.measurements.record(visit.id, "nrs_now", rng.randint(0, 10))
        out.send_bytes(
            json.dumps(
                {
                    "visit": visit.uid,
                    "findings": [f.uid for f in findings],
                    "treatments": [t.uid for t in treatments],
                }
            ).encode()
        )
        if rng.random() < 0.3:
            signed = store.visits.sign(visit.id, "K. Osei")
            out.send_bytes(json.dumps({"signed": visit.uid}).encode())
            if rng.random() < 0.5:
                note = store.amendments.add(
                    addendum(signed, "Phoned: better.", author="K. Osei", reason="Follow-up")
                )
                out.send_bytes(json.dumps({"amendment": note.uid}).encode())


def _task(kind: str, args: list[str], out: Connection) -> None:
    """One migration, backup or restore, bracketed by messages for timing the kill."""
    from bodymap.store import Store
    from bodymap.store.backup import backup_database, restore_database

    out.send_bytes(b"start")
    if kind == "migrate":
        Store.open(args[0]).close()
    elif kind == "backup":
        backup_database(args[0], args[1])
    else:
        restore_database(args[0], args[1])
    out.send_bytes(b"done")
    time.sleep(60)  # wait to be killed; the parent never lets this run out


# --- the parent ------------------------------------------------------------------------------


@dataclass
class Report:
    cycles: int = 0
    acknowledged_visits: int = 0
    acknowledged_records: int = 0  # visits, findings, treatments, signatures, amendments
    committed_unacknowledged: int = 0  # committed, but killed before it could say so
    lost: int = 0
    migration_kills: int = 0
    migration_versions_seen: set[int] = field(default_factory=set)
    backup_kills: int = 0
    backups_complete: int = 0
    restore_kills: int = 0
    restores_complete: int = 0
    seconds: float = 0.0

    def lines(self) -> list[str]:
        return [
            f"{self.cycles} kill cycles while writing: {self.acknowledged_visits} visits and "
            f"{self.acknowledged_records} records acknowledged, {self.lost} lost, "
            f"{self.committed_unacknowledged} visits committed just before the kill",
            f"{self.migration_kills} kills during migrations (versions found afterwards: "
            f"{sorted(self.migration_versions_seen)}), {self.backup_kills} during backups "
            f"({self.backups_complete} complete), {self.restore_kills} during restores "
            f"({self.restores_complete} complete)",
            f"{self.seconds:.1f} s",
        ]


class CrashFailure(AssertionError):
    pass


def _context() -> Any:
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["bodymap.store", "bodymap.store.backup", "crash_harness"])
    return ctx


def _messages(conn: Connection, until: float, want: int | None = None) -> list[bytes]:
    """Receive until ``until`` (monotonic), or until ``want`` messages arrived."""
    got: list[bytes] = []
    while want is None or len(got) < want:
        left = until - time.monotonic()
        if left <= 0 or not conn.poll(left):
            break
        try:
            got.append(conn.recv_bytes())
        except EOFError:
            break
    return got


def _kill_and_drain(proc: Any, conn: Connection) -> list[bytes]:
    proc.kill()  # SIGKILL
    proc.join()
    rest: list[bytes] = []
    while True:  # what the child sent before it died was acknowledged
        try:
            if not conn.poll(0):
                break
            rest.append(conn.recv_bytes())
        except EOFError:
            break
    conn.close()
    return rest


def _check_file(path: Path) -> None:
    try:
        _check_with(path, "ro")
    except sqlite3.OperationalError as exc:
        if "readonly" not in str(exc):
            raise
        # A file killed while still in rollback-journal mode (a fixture before its first
        # upgrade) has a hot journal that only a writer rolls back, as the app's next start.
        _check_with(path, "rw")


def _check_with(path: Path, mode: str) -> None:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode={mode}", uri=True)) as conn:
        integrity = conn.execute("PRAGMA integrity_check").fetchall()
        if integrity != [("ok",)]:
            raise CrashFailure(f"{path}: integrity_check: {integrity[:3]}")
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise CrashFailure(f"{path}: foreign_key_check: {broken[:3]}")


def _started(db: Path) -> bool:
    """Whether the file got past its creation: every schema step applied (each step is
    atomic, so a kill during creation leaves no file, an empty one, or some whole steps,
    which the next start completes)."""
    from bodymap.store.migrations import STEP_NAMES

    if not db.exists() or db.stat().st_size == 0:
        return False
    _check_file(db)
    with closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)) as conn:
        try:
            done = conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
        except sqlite3.OperationalError:  # no migrations table yet
            return False
    return bool(done == len(STEP_NAMES))


def _writing_cycles(
    db: Path, cycles: int, rng: random.Random, report: Report, log: Callable[[str], None]
) -> None:
    from bodymap.store import Mode, Store, audit

    ctx = _context()
    acked: dict[str, set[str]] = {
        "visit": set(), "finding": set(), "treatment": set(), "amendment": set()
    }  # fmt: skip
    signed: set[str] = set()
    head = None
    for cycle in range(cycles):
        receive, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_writer, args=(str(db), send, rng.randrange(1 << 30)))
        proc.start()
        send.close()
        wanted = rng.randint(0, MAX_ACKS_BEFORE_KILL)
        got = _messages(receive, time.monotonic() + 30, want=wanted)
        got += _messages(receive, time.monotonic() + rng.uniform(0, MAX_EXTRA_DELAY_S))
        got += _kill_and_drain(proc, receive)
        new_visits = []
        for raw in got:
            message = json.loads(raw)
            if "visit" in message:
                new_visits.append(message["visit"])
                acked["visit"].add(message["visit"])
                acked["finding"].update(message["findings"])
                acked["treatment"].update(message["treatments"])
                report.acknowledged_records += 1 + len(message["findings"])
                report.acknowledged_records += len(message["treatments"])
            elif "signed" in message:
                signed.add(message["signed"])
                report.acknowledged_records += 1
            else:
                acked["amendment"].add(message["amendment"])
                report.acknowledged_records += 1
        report.acknowledged_visits += len(new_visits)
        report.cycles += 1
        if not acked["visit"] and not _started(db):
            continue  # killed while the very first start-up was creating the file
        _check_file(db)
        full = (cycle + 1) % FULL_CHECK_EVERY == 0 or cycle == cycles - 1
        with Store.open(db, Mode.READ_ONLY) as store:
            checked = audit.verify(store.db, since=head, rows=full)
            if not checked.ok:
                raise CrashFailure(f"cycle {cycle}: audit trail: {checked.problems[:3]}")
            head = checked.head
            for table, uids in acked.items():
                wanted_uids = uids if full else set(new_visits) if table == "visit" else set()
                if not wanted_uids:
                    continue
                present = {r[0] for r in store.db.execute(f"SELECT uid FROM {table}")}
                missing = wanted_uids - present
                if missing:
                    report.lost += len(missing)
                    raise CrashFailure(f"cycle {cycle}: acknowledged {table} lost: {missing}")
            if full:
                rows = store.db.execute("SELECT uid, status FROM visit").fetchall()
                statuses = dict(rows)
                not_signed = {u for u in signed if statuses.get(u) != "signed"}
                if not_signed:
                    raise CrashFailure(f"acknowledged signatures lost: {not_signed}")
                if cycle == cycles - 1:
                    report.committed_unacknowledged += len(statuses) - len(acked["visit"])
        if full:
            log(f"  {cycle + 1} cycles, {len(acked['visit'])} visits acknowledged")


def _task_cycles(
    kind: str,
    cycles: int,
    rng: random.Random,
    prepare: Callable[[int], list[str]],
    judge: Callable[[list[str], bool], None],
) -> int:
    """Run ``kind`` in a child ``cycles`` times, killed at a random moment of its work;
    ``judge(args, finished)`` checks what is left. Returns how many finished."""
    ctx = _context()
    finished_count = 0
    duration = 30.0  # the first run is not killed: it times the task
    for cycle in range(cycles + 1):
        args = prepare(cycle)
        receive, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_task, args=(kind, args, send))
        proc.start()
        send.close()
        if _messages(receive, time.monotonic() + 30, want=1) != [b"start"]:
            raise CrashFailure(f"{kind}: the child did not start")
        began = time.monotonic()
        wait = duration if cycle == 0 else rng.uniform(0, duration * 1.2)
        got = _messages(receive, began + wait, want=1)
        got += _kill_and_drain(proc, receive)
        finished = b"done" in got
        if cycle == 0:
            if not finished:
                raise CrashFailure(f"{kind}: did not finish in {duration} s")
            duration = time.monotonic() - began
        else:
            finished_count += finished
        judge(args, finished)
    return finished_count


def _data(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        names = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not r[0].startswith(("_sqlite", "audit_log", "patient_search", "sqlite_"))
        ]
        return {n: sorted(conn.execute(f"SELECT * FROM {n}").fetchall(), key=repr) for n in names}


def _steps(path: Path) -> list[str]:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]


def _migration_cycles(work: Path, cycles: int, rng: random.Random, report: Report) -> None:
    from bodymap.store import Store, audit
    from bodymap.store.migrations import STEP_NAMES

    versions = [v for v in range(1, len(STEP_NAMES)) if (FIXTURES / f"v{v}.db").exists()]
    expected = {v: _data(FIXTURES / f"v{v}.db") for v in versions}

    def prepare(cycle: int) -> list[str]:
        version = versions[cycle % len(versions)]
        path = work / f"migrate-{cycle}-v{version}.db"
        shutil.copyfile(FIXTURES / f"v{version}.db", path)
        return [str(path), str(version)]

    def judge(args: list[str], finished: bool) -> None:
        path = Path(args[0])
        _check_file(path)
        steps = _steps(path)
        if steps != STEP_NAMES[: len(steps)]:
            raise CrashFailure(f"{path}: steps {steps} are not a whole prefix")
        version = len(steps)
        report.migration_versions_seen.add(version)
        before = expected[int(path.stem.rsplit("-v", 1)[1])]
        after = _data(path)
        if {t: after[t] for t in before} != before:
            raise CrashFailure(f"{path}: rows changed by a killed migration (now v{version})")
        with Store.open(path) as store:  # the app finishes the upgrade
            if not audit.verify(store.db).ok or store.schema_version != len(STEP_NAMES):
                raise CrashFailure(f"{path}: not sound after finishing the upgrade")
        path.unlink()
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

    _task_cycles("migrate", cycles, rng, prepare, judge)
    report.migration_kills += cycles


def _backup_cycles(db: Path, work: Path, cycles: int, rng: random.Random, report: Report) -> None:
    from bodymap.store.backup import verify_backup

    def prepare(cycle: int) -> list[str]:
        return [str(db), str(work / f"backup-{cycle}.db")]

    def judge(args: list[str], finished: bool) -> None:
        target = Path(args[1])
        if target.exists():
            verify_backup(target)  # raises unless complete and sound
            target.unlink()
        elif finished:
            raise CrashFailure(f"{target}: reported done but missing")
        _check_file(db)

    report.backups_complete += _task_cycles("backup", cycles, rng, prepare, judge)
    report.backup_kills += cycles


def _restore_cycles(db: Path, work: Path, cycles: int, rng: random.Random, report: Report) -> None:
    from bodymap.store.backup import backup_database

    saved = backup_database(db, work / "restore-source.db").path
    restored_charts = _charts(saved)

    def prepare(cycle: int) -> list[str]:
        target = work / f"restore-{cycle}.db"
        shutil.copyfile(FIXTURES / "v4.db", target)  # a different chart, to tell them apart
        return [str(saved), str(target)]

    def judge(args: list[str], finished: bool) -> None:
        target = Path(args[1])
        _check_file(target)
        charts = _charts(target)
        if charts not in (restored_charts, {"C-0001", "C-0002"}):
            raise CrashFailure(f"{target}: neither the old database nor the backup")
        if finished and charts != restored_charts:
            raise CrashFailure(f"{target}: reported done but not restored")
        for leftover in target.parent.glob(f".{target.name}.*"):
            leftover.unlink()
        shutil.rmtree(target.parent / "backups", ignore_errors=True)
        for suffix in ("", "-wal", "-shm", ".lock"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)

    report.restores_complete += _task_cycles("restore", cycles, rng, prepare, judge)
    report.restore_kills += cycles


def _charts(path: Path) -> set[str]:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        return {r[0] for r in conn.execute("SELECT chart_no FROM patient")}


def run(
    work: Path,
    *,
    cycles: int = 200,
    task_cycles: int = 24,
    seed: int = 7,
    log: Callable[[str], None] = lambda line: None,
) -> Report:
    """Everything above in ``work`` (an empty folder): ``cycles`` kills while writing and
    ``task_cycles`` kills each during migrations, backups and restores."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))  # the forkserver imports this module by name
    rng = random.Random(seed)
    report = Report()
    started = time.monotonic()
    for first in range(0, cycles, CYCLES_PER_FILE):
        db = work / f"crash-{first // CYCLES_PER_FILE}.db"
        _writing_cycles(db, min(CYCLES_PER_FILE, cycles - first), rng, report, log)
    _migration_cycles(work, task_cycles, rng, report)
    source = work / "small.db"  # the backups and restores work on a small chart
    shutil.copyfile(FIXTURES / "v5.db", source)
    _backup_cycles(source, work, task_cycles, rng, report)
    _restore_cycles(work / "crash-0.db", work, task_cycles, rng, report)
    report.seconds = time.monotonic() - started
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=1000)
    parser.add_argument("--task-cycles", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import tempfile

    with tempfile.TemporaryDirectory(prefix="bodymap-crash-") as folder:
        report = run(
            Path(folder), cycles=args.cycles, task_cycles=args.task_cycles, seed=args.seed,
            log=print,
        )  # fmt: skip
    for line in report.lines():
        print(line)
    if args.json:
        figures = {k: sorted(v) if isinstance(v, set) else v for k, v in vars(report).items()}
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
