"""Amendments of signed visits: added, read, never changed or removed.

The database refuses an amendment to a draft visit, one naming a record of another
visit, and any update or delete (migration m003). Adding also checks, inside the same
transaction, that the amendment is a coherent next correction of its record (see
:func:`bodymap.domain.amendment.check_applies`), so a stored amendment always applies.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, NoReturn

from bodymap.domain.amendment import Amendment, AmendmentTarget, JsonScalar, check_applies, in_order
from bodymap.store.errors import RecordLocked
from bodymap.store.findings import FindingRepository
from bodymap.store.measurements import MeasurementRepository
from bodymap.store.repository import Repository
from bodymap.store.rows import writing
from bodymap.store.treatments import TreatmentRepository
from bodymap.store.visits import VisitRepository

PERMANENT = "amendments are permanent; record a further amendment instead"


def _dump(value: JsonScalar) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


class AmendmentRepository(Repository[Amendment]):
    table = "amendment"
    what = "amendment"
    columns = (
        "id", "uid", "visit_id", "author", "reason", "created_at", "target", "target_uid",
        "field", "old_value", "new_value",
    )  # fmt: skip

    def _from_row(self, row: dict[str, Any]) -> Amendment:
        return Amendment(
            id=row["id"],
            uid=row["uid"],
            visit_id=row["visit_id"],
            author=row["author"],
            reason=row["reason"],
            created_at=dt.datetime.fromisoformat(row["created_at"]),
            target=AmendmentTarget(row["target"]),
            target_uid=row["target_uid"],
            field=row["field"],
            old_value=json.loads(row["old_value"]),
            new_value=json.loads(row["new_value"]),
        )

    def _to_row(self, record: Amendment) -> dict[str, Any]:
        return {
            "uid": record.uid,
            "visit_id": record.visit_id,
            "author": record.author,
            "reason": record.reason,
            "created_at": record.created_at.isoformat(),
            "target": record.target.value,
            "target_uid": record.target_uid,
            "field": record.field,
            "old_value": _dump(record.old_value),
            "new_value": _dump(record.new_value),
        }

    def add(self, record: Amendment) -> Amendment:
        """Store an amendment of a signed visit. Raises ConstraintViolation for a draft
        visit or a record of another visit, NotFound for a missing visit, and
        ValidationError when the old value is not what the record says now or the
        amended record would be invalid."""
        row = self._to_row(record)
        with writing(self._db):
            VisitRepository(self._db).get(record.visit_id)  # NotFound names the visit
            cur = self._db.execute(
                f"INSERT INTO amendment ({', '.join(row)}) "
                f"VALUES ({', '.join(':' + c for c in row)})",
                row,
            )
            assert cur.lastrowid is not None
            stored = self.get(cur.lastrowid)
            self._check_applies(stored)  # refused: the insert above is rolled back
        return stored

    def update(self, record: Amendment) -> NoReturn:
        raise RecordLocked(None, PERMANENT)

    def delete(self, record_id: int) -> NoReturn:
        raise RecordLocked(None, PERMANENT)

    def for_visit(self, visit_id: int) -> list[Amendment]:
        """The visit's amendments, oldest first (the order they apply in)."""
        return in_order(self._select("visit_id = ?", [visit_id]))

    def for_patient(self, patient_id: int) -> list[Amendment]:
        """Every amendment of the patient's visits, oldest first."""
        return in_order(
            self._select("visit_id IN (SELECT id FROM visit WHERE patient_id = ?)", [patient_id])
        )

    def _check_applies(self, a: Amendment) -> None:
        visit = VisitRepository(self._db).get(a.visit_id)
        existing = self.for_visit(a.visit_id)
        if a.target is AmendmentTarget.FINDING:
            finding = FindingRepository(self._db).by_uid(a.target_uid)
            check_applies(a, visit=visit, existing=existing, finding=finding)
        elif a.target is AmendmentTarget.TREATMENT:
            treatment = TreatmentRepository(self._db).by_uid(a.target_uid)
            check_applies(a, visit=visit, existing=existing, treatment=treatment)
        elif a.target is AmendmentTarget.MEASUREMENT:
            measures = {
                m.kind: m.value for m in MeasurementRepository(self._db).for_visit(a.visit_id)
            }
            check_applies(a, visit=visit, existing=existing, measures=measures)
        else:
            check_applies(a, visit=visit, existing=existing)
