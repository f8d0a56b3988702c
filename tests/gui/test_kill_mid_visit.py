"""Nothing is lost when the app is killed mid-visit: every edit is committed as it is
made, so a process killed right after its last edit leaves all of them on disk."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bodymap.domain.patient import Patient
from bodymap.domain.visit import Visit
from bodymap.store import Mode, Store

# Edits a draft visit through the same objects the visit screen uses, then dies by
# SIGKILL (no clean-up, no close) straight after the last edit returns.
SCRIPT = textwrap.dedent(
    """
    import dataclasses, os, signal, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from bodymap.domain.muscles import Side
    from bodymap.domain.treatment import Treatment
    from bodymap.domain.treatment_catalog import TreatmentKind
    from bodymap.ui.session import Session
    from bodymap.ui.visit_panel import VisitPanel

    session = Session.open(sys.argv[1])
    (patient,) = session.search_patients("")
    visit = session.new_visit(patient.id, visit_date=session.visit(1).visit_date)
    panel = VisitPanel(session)
    panel.show_visit(visit)
    editor = panel.map_panel.editor
    model = panel.editor.context.model
    point = editor.add_point(0.62, 0.17, "trapezius_upper", Side.RIGHT)
    editor.update_finding(dataclasses.replace(point.finding, taut_band=True, tenderness=3))
    model.record_measure("nrs_now", 7)
    model.add_treatment(
        Treatment(visit_id=visit.id, kind=TreatmentKind.TRP_COMPRESSION,
                  trigger_point_ids=(point.id,))
    )
    model.update_visit(plan="Compression daily; review in three weeks")
    print(visit.id, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_every_edit_survives_a_kill_right_after_it(tmp_path: Path) -> None:
    db = tmp_path / "kill.db"
    with Store.open(db, Mode.CREATE) as store:
        patient = store.patients.add(
            Patient(
                chart_no="K-1",
                family_name="Killtest",
                given_names="Kai",
                date_of_birth=dt.date(1985, 3, 1),
            )
        )
        assert patient.id is not None
        first = store.visits.add(
            Visit(patient_id=patient.id, visit_date=dt.date(2026, 11, 2), clinician="Dr Kill")
        )
        assert first.id == 1
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(db)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]
    visit_id = int(done.stdout.split()[0])

    with Store.open(db, Mode.READ_WRITE) as store:
        visit = store.visits.get(visit_id)
        assert visit.plan == "Compression daily; review in three weeks"
        (point,) = store.trigger_points.for_visit(visit_id)
        (finding,) = store.findings.for_visit(visit_id)
        assert (finding.taut_band, finding.tenderness) == (True, 3)
        assert {m.kind: m.value for m in store.measurements.for_visit(visit_id)} == {"nrs_now": 7}
        (treatment,) = store.treatments.for_visit(visit_id)
        assert treatment.trigger_point_ids == (point.id,)
