"""Visits: rows <-> :class:`Visit`, signing."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from bodymap.domain.visit import EscalationStep, Visit, VisitStatus
from bodymap.store.errors import NotFound, RecordLocked
from bodymap.store.repository import Repository
from bodymap.store.rows import date_or_none, iso_or_none, now_iso, writing


def _from_row(row: dict[str, Any]) -> Visit:
    visit_date = date_or_none(row["visit_date"])
    assert visit_date is not None  # NOT NULL in the schema
    step = row["escalation_step"]
    signed_at = row["signed_at"]
    return Visit(
        id=row["id"],
        uid=row["uid"],
        patient_id=row["patient_id"],
        visit_date=visit_date,
        clinician=row["clinician"],
        chief_complaint=row["chief_complaint"],
        subjective=row["subjective"],
        escalation_step=None if step is None else EscalationStep(step),
        plan=row["plan"],
        reassess_on=date_or_none(row["reassess_on"]),
        status=VisitStatus(row["status"]),
        signed_by=row["signed_by"],
        signed_at=None if signed_at is None else dt.datetime.fromisoformat(signed_at),
    )


def _to_row(v: Visit) -> dict[str, Any]:
    return {
        "uid": v.uid,
        "patient_id": v.patient_id,
        "visit_date": v.visit_date.isoformat(),
        "clinician": v.clinician,
        "chief_complaint": v.chief_complaint,
        "subjective": v.subjective,
        "escalation_step": None if v.escalation_step is None else int(v.escalation_step),
        "plan": v.plan,
        "reassess_on": iso_or_none(v.reassess_on),
        "status": v.status.value,
        "signed_by": v.signed_by,
        "signed_at": None if v.signed_at is None else v.signed_at.isoformat(),
    }


class VisitRepository(Repository[Visit]):
    table = "visit"
    what = "visit"
    columns = (
        "id",
        "uid",
        "patient_id",
        "visit_date",
        "clinician",
        "chief_complaint",
        "subjective",
        "escalation_step",
        "plan",
        "reassess_on",
        "status",
        "signed_by",
        "signed_at",
    )
    # Signing has its own path; update() only saves a draft's editable fields.
    fixed = ("uid", "patient_id", "status", "signed_by", "signed_at")
    order_by = "visit_date, id"

    def _from_row(self, row: dict[str, Any]) -> Visit:
        return _from_row(row)

    def _to_row(self, record: Visit) -> dict[str, Any]:
        return _to_row(record)

    def add(self, record: Visit) -> Visit:
        """Store a new visit, always as a draft: sign it once its findings and treatments
        are in, because the database refuses records for signed visits."""
        if record.is_signed:
            raise ValueError("add the visit as a draft, then sign it")
        return super().add(record)

    def sign(self, visit_id: int, signer: str, at: dt.datetime | None = None) -> Visit:
        """Lock the visit with the signer's name and time (now, UTC, unless given)."""
        at = at or dt.datetime.now(dt.UTC).replace(microsecond=0)
        current = self.get(visit_id)
        # Validate through the domain so a bad signer name is refused with its field.
        signed = replace(current, status=VisitStatus.SIGNED, signed_by=signer, signed_at=at)
        with writing(self._db):
            self._before_write(visit_id)
            self._db.execute(
                "UPDATE visit SET status = 'signed', signed_by = ?, signed_at = ?, "
                "updated_at = ? WHERE id = ?",
                [signed.signed_by, at.isoformat(), now_iso(), visit_id],
            )
        return self.get(visit_id)

    def for_patient(self, patient_id: int) -> list[Visit]:
        """The patient's visits, oldest first."""
        return self._select("patient_id = ?", [patient_id])

    def previous(self, visit: Visit) -> Visit | None:
        """The visit before this one for the same patient, if any."""
        day = visit.visit_date.isoformat()
        rows = self._select(
            "patient_id = ? AND (visit_date < ? OR (visit_date = ? AND id < ?))",
            [visit.patient_id, day, day, visit.id],
            order_by="visit_date DESC, id DESC",
            limit=1,
        )
        return rows[0] if rows else None

    def reassessments_due(self, before: dt.date) -> dict[int, dt.date]:
        """Patients whose latest visit set a reassessment date earlier than ``before``
        (and who have not been seen since), with that date: the overdue follow-ups."""
        rows = self._db.execute(
            """
            SELECT patient_id, reassess_on FROM (
                SELECT patient_id, reassess_on, row_number() OVER (
                    PARTITION BY patient_id ORDER BY visit_date DESC, id DESC) AS latest
                FROM visit)
            WHERE latest = 1 AND reassess_on IS NOT NULL AND reassess_on < ?
            """,
            [before.isoformat()],
        ).fetchall()
        return {int(pid): dt.date.fromisoformat(day) for pid, day in rows}

    def _before_write(self, record_id: int) -> None:
        row = self._db.execute("SELECT status FROM visit WHERE id = ?", [record_id]).fetchone()
        if row is None:
            raise NotFound(None, f"visit {record_id} does not exist")
        if row[0] == VisitStatus.SIGNED.value:
            raise RecordLocked(None, f"visit {record_id} is signed; record an amendment instead")
